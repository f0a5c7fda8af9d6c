//! The document picker on the case screen: choose a document (1–4, or arrows and Enter), and the
//! runner writes it as PDF in the export folder, records it in the history and says where it went.

use super::{Action, Effect, State};
use crate::format::soort::Soort;
use crate::keymap::Command;

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(cursor) = state.letter_picker else {
        return Vec::new();
    };
    let n = Soort::ALL.len();
    match action {
        Action::Cancel | Action::Cmd(Command::Back) => state.letter_picker = None,
        Action::Cmd(Command::Up) => state.letter_picker = Some(cursor.saturating_sub(1)),
        Action::Cmd(Command::Down) => state.letter_picker = Some((cursor + 1).min(n - 1)),
        Action::Confirm => return pick(state, cursor),
        Action::Char(c) => {
            if let Some(i) = c.to_digit(10).and_then(|d| (d as usize).checked_sub(1))
                && i < n
            {
                return pick(state, i);
            }
        }
        _ => {}
    }
    Vec::new()
}

fn pick(state: &mut State, i: usize) -> Vec<Effect> {
    state.letter_picker = None;
    match Soort::ALL.get(i) {
        Some(s) => vec![Effect::MakeLetter(*s)],
        None => Vec::new(),
    }
}
