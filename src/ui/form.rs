//! The new-case form, errors beside their fields.

use super::{View, personal};
use crate::app::State;
use crate::app::form::Field;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

pub fn render(state: &State, view: &View, frame: &mut Frame, area: Rect) {
    let t = view.theme;
    let form = &state.form;
    let mut lines = vec![Line::from("")];
    for (i, field) in Field::ALL.iter().enumerate() {
        let focused = form.focus == i;
        let input = &form.inputs[i];
        let hidden = field.is_personal() && state.privacy && !input.text().is_empty();
        let shown = match (hidden, focused) {
            (true, true) => format!("{}▏", personal(state, input.text())),
            (true, false) => personal(state, input.text()),
            (false, true) => input.with_caret(),
            (false, false) => input.text().to_string(),
        };
        let marker = if focused { "> " } else { "  " };
        lines.push(Line::from(vec![
            Span::raw(marker),
            Span::styled(
                format!("{:<16}", field.label()),
                if focused { t.bold() } else { t.dim() },
            ),
            Span::styled(shown, if focused { t.selected() } else { t.bold() }),
        ]));
        if let Some(err) = &form.errors[i] {
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(18)),
                Span::styled(format!("⚠ {err}"), t.error()),
            ]));
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::styled(
        "* verplicht. Datums als 26-11, 26-11-2026, vandaag, gisteren of +3 (werkdagen). Het BSN wordt gecontroleerd met de elfproef.",
        t.dim(),
    ));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::new().borders(Borders::NONE)),
        area,
    );
}
