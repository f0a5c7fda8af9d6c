//! Questions before anything that ends or discards work: one key confirms (`j` or Enter), Esc
//! stays. While a question is open it has the focus; every other key is ignored.

use super::{Action, Effect, Screen, State};
use crate::domain::case::Status;
use crate::domain::history::Change;

/// What happens when the person confirms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pending {
    /// Move the open case to another status.
    Status(Status),
    /// Throw away the half-filled new-case form.
    DiscardForm,
    /// Start a checklist of the open case (and open it).
    StartChecklist(String),
    /// Withdraw the started checklist that has no answers.
    WithdrawChecklist(String),
    /// Add the first debt, which replaces the totals typed in A4.
    FirstDebt(Box<crate::domain::case::Debt>),
    /// Write the intake report: `j` with the BSN masked (the default), `v` in full.
    ExportReport,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confirm {
    pub question: String,
    pub pending: Pending,
}

/// The hint after every question.
pub const KEYS: &str = "j = ja, Esc = nee (niets wijzigen)";

/// The hint for the intake report's choice of BSN.
pub const KEYS_BSN: &str = "j = BSN afgeschermd, v = BSN volledig (overdracht), Esc = niet opslaan";

impl Confirm {
    /// The keys of this question, for the footer.
    pub fn keys(&self) -> &'static str {
        match self.pending {
            Pending::ExportReport => KEYS_BSN,
            _ => KEYS,
        }
    }
}

/// Asks `question` before `pending` is done.
pub fn ask(state: &mut State, question: impl Into<String>, pending: Pending) {
    state.status = None;
    state.confirm = Some(Confirm {
        question: question.into(),
        pending,
    });
}

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Char('j' | 'J') | Action::Confirm => {
            let Some(confirm) = state.confirm.take() else {
                return Vec::new();
            };
            perform(state, confirm.pending)
        }
        Action::Char('v' | 'V')
            if state
                .confirm
                .as_ref()
                .is_some_and(|c| c.pending == Pending::ExportReport) =>
        {
            state.confirm = None;
            vec![Effect::ExportReport { full_bsn: true }]
        }
        Action::Cancel | Action::Cmd(crate::keymap::Command::Back) | Action::Char('n' | 'N') => {
            state.confirm = None;
            state.info("Niets gewijzigd");
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn perform(state: &mut State, pending: Pending) -> Vec<Effect> {
    match pending {
        Pending::ExportReport => vec![Effect::ExportReport { full_bsn: false }],
        Pending::DiscardForm => {
            if super::client_edit::is_edit(&state.form) {
                super::client_edit::leave(state);
                state.info("Wijzigingen weggegooid");
                return Vec::new();
            }
            state.form = super::form::FormState::new(state.env.today);
            state.go_back();
            state.info("Nieuwe zaak weggegooid");
            Vec::new()
        }
        Pending::Status(new) => {
            let Some(open) = state.open.as_mut() else {
                return Vec::new();
            };
            let old = open.case.status;
            if old == new {
                return Vec::new();
            }
            open.case.status = new;
            vec![Effect::Save {
                changes: vec![Change::Status { old, new }],
            }]
        }
        Pending::StartChecklist(id) => {
            let Some(open) = state.open.as_mut() else {
                return Vec::new();
            };
            if open.case.answers.is_started(&id) {
                super::checklist::enter(state, &id);
                return Vec::new();
            }
            open.case.answers.start(&id);
            super::checklist::enter(state, &id);
            state.info(format!("Vragenlijst {} gestart", checklist_name(&id)));
            vec![Effect::Save {
                changes: vec![Change::ChecklistStarted { checklist: id }],
            }]
        }
        Pending::FirstDebt(debt) => {
            let Some(open) = state.open.as_mut() else {
                return Vec::new();
            };
            open.case.debts.push((*debt).clone());
            open.debts.form = None;
            vec![Effect::Save {
                changes: vec![Change::DebtAdded { debt: *debt }],
            }]
        }
        Pending::WithdrawChecklist(id) => {
            let Some(open) = state.open.as_mut() else {
                return Vec::new();
            };
            if !withdrawable(&open.case, &id) {
                state.error("Deze vragenlijst heeft antwoorden en kan niet worden ingetrokken");
                return Vec::new();
            }
            open.case.answers.0.remove(&id);
            if open.case.cursor.as_ref().is_some_and(|c| c.checklist == id) {
                open.case.cursor = None;
            }
            if state.screen == Screen::Checklist {
                state.go_back();
            }
            state.info(format!(
                "Vragenlijst {} ingetrokken (de geschiedenis bewaart dat)",
                checklist_name(&id)
            ));
            vec![Effect::Save {
                changes: vec![Change::ChecklistWithdrawn { checklist: id }],
            }]
        }
    }
}

/// A checklist can be withdrawn while it is started and has no answers.
pub fn withdrawable(case: &crate::domain::case::Case, id: &str) -> bool {
    case.answers.0.get(id).is_some_and(|a| a.is_empty())
}

/// The Dutch name of a checklist.
pub fn checklist_name(id: &str) -> &str {
    match id {
        crate::domain::checklist::SCHULDHULP => "schuldhulp",
        crate::domain::checklist::BEWIND => "bewind",
        other => other,
    }
}
