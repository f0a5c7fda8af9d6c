//! The case view: client, status, deadlines, open documents, proposal and history.

use super::confirm::{self, Pending};
use super::{Action, Effect, Screen, State, move_cursor};
use crate::domain::checklist::{BEWIND, SCHULDHULP};
use crate::keymap::Command;

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    if state.letter_picker.is_some() {
        return super::letter_picker::update(state, action);
    }
    if state.prompt.is_some() {
        return super::prompt::update(state, action);
    }
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
                let question = format!("Status {} → {}?", old.id(), new.id());
                confirm::ask(state, question, Pending::Status(new));
            }
        }
        Command::Schuldhulp => return start_or_enter(state, SCHULDHULP),
        Command::Bewind => return start_or_enter(state, BEWIND),
        Command::Debts => state.go(Screen::Debts),
        Command::Traject => super::traject::enter(state),
        Command::Result => state.go(Screen::Result),
        Command::ExportReport => {
            // The BSN is masked unless the screener asks for it in full (a handover).
            if open.case.client.bsn.is_none() {
                return vec![Effect::ExportReport { full_bsn: false }];
            }
            confirm::ask(
                state,
                "Intakeverslag opslaan: BSN afgeschermd (j) of volledig voor een overdracht (v)?",
                Pending::ExportReport,
            );
        }
        Command::MakeLetter => state.letter_picker = Some(0),
        Command::AddNote => super::prompt::open(state, super::prompt::PromptKind::Note),
        Command::RemoveCase => super::prompt::open(state, super::prompt::PromptKind::Remove),
        Command::Restrict => super::prompt::open(state, super::prompt::PromptKind::Beperk),
        Command::EditClient => return super::client_edit::enter(state),
        nav => {
            open.view_scroll = move_cursor(open.view_scroll, open.history.len(), nav, 10);
        }
    }
    Vec::new()
}

/// Opens a started checklist; starting one asks first (and warns on a decided case).
fn start_or_enter(state: &mut State, id: &str) -> Vec<Effect> {
    let Some(open) = state.open.as_ref() else {
        return Vec::new();
    };
    if open.case.answers.is_started(id) {
        super::checklist::enter(state, id);
        return Vec::new();
    }
    let name = confirm::checklist_name(id);
    let question = if open.case.decision.is_some() {
        format!("Let op: deze zaak heeft al een besluit. Vragenlijst {name} toch starten?")
    } else {
        format!("Vragenlijst {name} starten?")
    };
    confirm::ask(state, question, Pending::StartChecklist(id.to_string()));
    Vec::new()
}
