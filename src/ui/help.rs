//! The help overlay, generated from the live keymap so it never lies.

use super::View;
use crate::app::{Extent, State};
use crate::keymap::Scope;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

pub fn render(state: &State, view: &View, frame: &mut Frame, area: Rect) -> Extent {
    let t = view.theme;
    let scope = state.scope();
    let mut lines = Vec::new();
    for s in [scope, Scope::Global] {
        lines.push(Line::styled(s.title(), t.title()));
        for (keys, cmd) in view.keys.get(&s).into_iter().flatten() {
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<14}"), t.key()),
                Span::raw(cmd.text()),
            ]));
        }
    }
    lines.push(Line::styled("In een invoerveld", t.title()));
    lines.push(Line::raw("  Enter         bevestigen en opslaan"));
    lines.push(Line::raw(
        "  Esc           annuleren (er wordt niets opgeslagen)",
    ));
    let popup = super::popup(area, 64, lines.len() + 2);
    frame.render_widget(Clear, popup);
    let more = lines.len() + 2 > usize::from(area.height);
    let title = if more {
        " Hulp: toetsen (↑/↓ voor meer) "
    } else {
        " Hulp: toetsen "
    };
    let para = Paragraph::new(lines).wrap(Wrap { trim: false });
    let inner = Block::new().borders(Borders::ALL).inner(popup);
    let (scroll, extent) = super::clamp_scroll(&para, inner, state.help_scroll);
    frame.render_widget(
        para.scroll((scroll, 0))
            .block(Block::new().borders(Borders::ALL).title(title)),
        popup,
    );
    extent
}
