//! The Termijnen screen: every open deadline across cases, by date. Filled when entered.

use super::{Action, Effect, State};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TermijnenState {
    pub cursor: usize,
}

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    if let Action::Cmd(crate::keymap::Command::Back) | Action::Cancel = action {
        state.go_back();
    }
    Vec::new()
}
