//! The document picker over the case screen.

use super::View;
use crate::app::State;
use crate::format::soort::Soort;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

pub fn render(state: &State, view: &View, frame: &mut Frame, area: Rect) {
    let Some(cursor) = state.letter_picker else {
        return;
    };
    let t = view.theme;
    let mut lines: Vec<Line> = Soort::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let text = format!(" {}  {}", i + 1, s.title());
            if i == cursor {
                Line::styled(text, t.selected())
            } else {
                Line::raw(text)
            }
        })
        .collect();
    lines.push(Line::styled(" Enter maken (PDF) · Esc annuleren", t.dim()));
    let popup = super::popup(area, 44, lines.len() + 2);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(Block::new().borders(Borders::ALL).title(" Document maken ")),
        popup,
    );
}
