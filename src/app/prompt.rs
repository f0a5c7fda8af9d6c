//! One-line questions over the case screen: a note, or the reason to remove the case.

use super::text::LineInput;
use super::{Action, Effect, State};
use crate::domain::case::{Beperking, Note, Status};
use crate::domain::history::Change;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptKind {
    Note,
    Remove,
    /// Restrict processing (art. 18 AVG), or lift the restriction when the case is restricted.
    Beperk,
}

impl PromptKind {
    pub fn title(self) -> &'static str {
        match self {
            PromptKind::Note => " Notitie toevoegen ",
            PromptKind::Remove => " Zaak verwijderen: reden ",
            PromptKind::Beperk => " Verwerking beperken of opheffen (art. 18 AVG): reden ",
        }
    }
}

pub struct Prompt {
    pub kind: PromptKind,
    pub input: LineInput,
    pub error: Option<String>,
}

/// A removal reason says why (a few words at least), like an override reason.
const MIN_REASON: usize = 10;

pub fn open(state: &mut State, kind: PromptKind) {
    let Some(open) = state.open.as_ref() else {
        return;
    };
    if kind == PromptKind::Remove {
        if open.case.decision.is_some() {
            state.error("Een zaak met een besluit kan niet worden verwijderd");
            return;
        }
        if open.case.status == Status::Verwijderd {
            state.error("Deze zaak is al verwijderd");
            return;
        }
    }
    state.status = None;
    state.prompt = Some(Prompt {
        kind,
        input: LineInput::default(),
        error: None,
    });
}

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(prompt) = state.prompt.as_mut() else {
        return Vec::new();
    };
    match action {
        Action::Input(op) => {
            prompt.input.apply(op);
            prompt.error = None;
            Vec::new()
        }
        Action::Cancel | Action::Cmd(crate::keymap::Command::Back) => {
            state.prompt = None;
            Vec::new()
        }
        Action::Confirm => confirm(state),
        _ => Vec::new(),
    }
}

fn confirm(state: &mut State) -> Vec<Effect> {
    let Some(prompt) = state.prompt.as_mut() else {
        return Vec::new();
    };
    let text = prompt.input.text().trim().to_string();
    match prompt.kind {
        PromptKind::Note => {
            if text.is_empty() {
                prompt.error = Some("Typ de notitie, of Esc om te annuleren".into());
                return Vec::new();
            }
            state.prompt = None;
            let Some(open) = state.open.as_mut() else {
                return Vec::new();
            };
            // The runner stamps the time when it saves.
            open.case.notes.push(Note {
                at: open.case.updated_at,
                by: state.env.user.clone(),
                text: text.clone(),
            });
            state.info("Notitie toegevoegd");
            vec![Effect::Save {
                changes: vec![Change::Note { text }],
            }]
        }
        PromptKind::Beperk => {
            if text.is_empty() {
                prompt.error = Some("Typ de reden, of Esc om te annuleren".into());
                return Vec::new();
            }
            state.prompt = None;
            let Some(open) = state.open.as_mut() else {
                return Vec::new();
            };
            let (change, said) = match open.case.beperkt.take() {
                Some(_) => (
                    Change::BeperkingOpgeheven { reden: text },
                    "Beperking opgeheven: de zaak kan weer worden verwerkt",
                ),
                None => {
                    // The runner stamps the time when it saves.
                    open.case.beperkt = Some(Beperking {
                        reden: text.clone(),
                        sinds: open.case.updated_at,
                        door: state.env.user.clone(),
                    });
                    (
                        Change::Beperkt { reden: text },
                        "Verwerking beperkt (art. 18 AVG): alleen inzien",
                    )
                }
            };
            state.info(said);
            vec![Effect::Save {
                changes: vec![change],
            }]
        }
        PromptKind::Remove => {
            if text.chars().count() < MIN_REASON {
                prompt.error = Some(format!(
                    "Schrijf in een zin waarom (minstens {MIN_REASON} tekens)"
                ));
                return Vec::new();
            }
            state.prompt = None;
            let Some(open) = state.open.as_mut() else {
                return Vec::new();
            };
            let old = open.case.status;
            open.case.status = Status::Verwijderd;
            let case_id = open.case.case_id.clone();
            state.go_back();
            state.info(format!(
                "Zaak {case_id} verwijderd (blijft in de geschiedenis)"
            ));
            vec![Effect::Save {
                changes: vec![
                    Change::Removed { reason: text },
                    Change::Status {
                        old,
                        new: Status::Verwijderd,
                    },
                ],
            }]
        }
    }
}
