//! The case view: client, status, deadlines, open documents, proposal and history.

use super::{Action, Effect, Screen, State, move_cursor};
use crate::domain::checklist::BEWIND;
use crate::domain::history::Change;
use crate::keymap::Command;

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(open) = state.open.as_mut() else {
        state.go_back();
        return Vec::new();
    };
    let Action::Cmd(cmd) = action else {
        if action == Action::Cancel {
            state.go_back();
        }
        return Vec::new();
    };
    match cmd {
        Command::Back => state.go_back(),
        Command::StatusNext | Command::StatusPrev => {
            let old = open.case.status;
            let new = if cmd == Command::StatusNext {
                old.next()
            } else {
                old.prev()
            };
            if new != old {
                open.case.status = new;
                return vec![Effect::Save {
                    changes: vec![Change::Status { old, new }],
                }];
            }
        }
        Command::Schuldhulp => {
            super::checklist::enter(state, crate::domain::checklist::SCHULDHULP);
        }
        Command::Bewind => {
            let started = open.case.answers.is_started(BEWIND);
            super::checklist::enter(state, BEWIND);
            if !started {
                if let Some(open) = state.open.as_mut() {
                    open.case.answers.start(BEWIND);
                }
                state.info("Vragenlijst bewind gestart");
                return vec![Effect::Save {
                    changes: vec![Change::ChecklistStarted {
                        checklist: BEWIND.into(),
                    }],
                }];
            }
        }
        Command::Debts => state.go(Screen::Debts),
        Command::Result => state.go(Screen::Result),
        Command::ExportReport => return vec![Effect::ExportReport],
        nav => {
            open.view_scroll = move_cursor(open.view_scroll, open.history.len(), nav, 10);
        }
    }
    Vec::new()
}
