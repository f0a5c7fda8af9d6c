//! The result screen: the proposal with its reasons, and the professional's decision —
//! accept, or override with another provision and a written reason.

use super::field_error::FieldError;
use super::text::LineInput;
use super::{Action, Effect, State, move_cursor};
use crate::domain::history::Change;
use crate::domain::provision::{Decision, Provision};
use crate::keymap::Command;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResultState {
    pub scroll: usize,
    pub dialog: Option<OverrideDialog>,
}

/// Choosing another provision (Up/Down) and writing the reason (typed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OverrideDialog {
    pub choice: usize,
    pub reason: LineInput,
    pub error: Option<String>,
}

/// A reason must be at least a sentence: three words and fifteen characters.
pub fn check_reason(reason: &str) -> Result<String, FieldError> {
    let r = reason.trim();
    if r.split_whitespace().count() < 3 || r.chars().count() < 15 {
        return Err(FieldError::ReasonTooShort);
    }
    Ok(r.to_string())
}

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let extent = state.extents.result;
    let Some(open) = state.open.as_mut() else {
        state.go_back();
        return Vec::new();
    };
    let proposed = super::summary::proposed(&open.outcome);
    if let Some(dialog) = open.result.dialog.as_mut() {
        match action {
            Action::Cancel | Action::Cmd(Command::Back) => open.result.dialog = None,
            Action::Cmd(cmd @ (Command::Up | Command::Down)) => {
                dialog.choice = move_cursor(dialog.choice, Provision::ALL.len(), cmd, 1);
            }
            Action::Input(op) => {
                dialog.reason.apply(op);
                dialog.error = None;
            }
            Action::Confirm => {
                let decided = Provision::ALL[dialog.choice.min(Provision::ALL.len() - 1)];
                if Some(decided) == proposed {
                    dialog.error = Some(
                        "Dit is het voorstel zelf: kies een andere voorziening, of neem het voorstel over".into(),
                    );
                    return Vec::new();
                }
                match check_reason(dialog.reason.text()) {
                    Ok(reason) => {
                        open.result.dialog = None;
                        return decide(state, decided, Some(reason));
                    }
                    Err(e) => dialog.error = Some(e.to_string()),
                }
            }
            _ => {}
        }
        return Vec::new();
    }
    match action {
        Action::Cmd(Command::Back) | Action::Cancel => state.go_back(),
        Action::Cmd(Command::Accept) => match proposed {
            Some(p) => return decide(state, p, None),
            None => state.error(
                "Er is nog geen voorstel: beantwoord eerst de ontbrekende vragen, of besluit anders met een reden",
            ),
        },
        Action::Cmd(Command::Override) => {
            // Start on the proposal itself: up is lighter, down is heavier.
            let choice = proposed
                .and_then(|p| Provision::ALL.iter().position(|x| *x == p))
                .unwrap_or(0);
            open.result.dialog = Some(OverrideDialog {
                choice,
                reason: LineInput::default(),
                error: None,
            });
        }
        Action::Cmd(cmd) => {
            open.result.scroll = super::scroll(open.result.scroll, extent, cmd, 200);
        }
        _ => {}
    }
    Vec::new()
}

/// Records the proposal and the decision in the history.
fn decide(state: &mut State, decided: Provision, reason: Option<String>) -> Vec<Effect> {
    let by = state.env.user.clone();
    let Some(open) = state.open.as_mut() else {
        return Vec::new();
    };
    let proposal = super::summary::proposal_change(&open.outcome);
    let decision = Decision {
        proposed: super::summary::proposed(&open.outcome),
        decided,
        reason,
        // The runner stamps the moment of saving.
        at: chrono::DateTime::<chrono::Utc>::UNIX_EPOCH,
        by,
    };
    // Accepting a proposal meets no deadline and moves no status: the beschikking is a step of
    // the traject, with its own date (TRAJECT.md).
    let changes = vec![
        proposal,
        Change::Decision {
            decision: decision.clone(),
        },
    ];
    open.case.decision = Some(decision);
    vec![Effect::Save { changes }]
}
