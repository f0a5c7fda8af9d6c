//! The one-line question over the case screen (a note, a removal reason).

use super::View;
use crate::app::State;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

pub fn render(state: &State, view: &View, frame: &mut Frame, area: Rect) {
    let Some(prompt) = &state.prompt else {
        return;
    };
    let t = view.theme;
    let mut lines = vec![Line::raw(format!(
        "> {}",
        super::personal(state, &prompt.input.with_caret())
    ))];
    if let Some(e) = &prompt.error {
        lines.push(Line::styled(format!("⚠ {e}"), t.error()));
    }
    lines.push(Line::styled("Enter opslaan · Esc annuleren", t.dim()));
    let popup = super::popup(area, 70, lines.len() + 3);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::new()
                .borders(Borders::ALL)
                .title(prompt.kind.title()),
        ),
        popup,
    );
}
