//! The new-case form: client details and the meldingsdatum. Nothing is saved while any field
//! has an error; every error is a Dutch sentence shown beside its field.

use super::text::LineInput;
use super::{Action, Effect, State};
use crate::domain::answers::Value;
use crate::domain::bsn::Bsn;
use crate::domain::case::{Case, Client};
use crate::domain::checklist::SCHULDHULP;
use crate::domain::history::Change;
use crate::domain::input::parse_date_in;
use crate::keymap::Command;
use chrono::{DateTime, NaiveDate, Utc};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Name,
    BirthDate,
    Bsn,
    Phone,
    Address,
    Melding,
}

impl Field {
    pub const ALL: [Field; 6] = [
        Field::Name,
        Field::BirthDate,
        Field::Bsn,
        Field::Phone,
        Field::Address,
        Field::Melding,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Field::Name => "Naam *",
            Field::BirthDate => "Geboortedatum",
            Field::Bsn => "BSN",
            Field::Phone => "Telefoon",
            Field::Address => "Adres",
            Field::Melding => "Meldingsdatum *",
        }
    }

    /// Fields that show personal data (blanked by the privacy key).
    pub fn is_personal(self) -> bool {
        !matches!(self, Field::Melding)
    }
}

pub struct FormState {
    pub inputs: [LineInput; 6],
    pub errors: [Option<String>; 6],
    pub focus: usize,
    /// The texts the form started with (an untouched form closes without asking).
    pub base: Vec<String>,
    /// While correcting an open case's client: the new-case draft, waiting underneath.
    pub draft: Option<Box<FormState>>,
}

impl FormState {
    pub fn new(today: NaiveDate) -> FormState {
        let mut inputs: [LineInput; 6] = Default::default();
        inputs[5] = LineInput::prefilled(&today.format("%d-%m-%Y").to_string());
        let base = inputs.iter().map(|i| i.text().to_string()).collect();
        FormState {
            inputs,
            errors: Default::default(),
            focus: 0,
            base,
            draft: None,
        }
    }

    /// Whether anything was typed beyond the prefilled meldingsdatum.
    pub fn is_touched(&self) -> bool {
        self.inputs
            .iter()
            .zip(self.base.iter())
            .any(|(a, b)| a.text() != b)
    }

    fn text(&self, f: Field) -> &str {
        self.inputs[f as usize].text().trim()
    }

    /// Validates every field; on success the client and the meldingsdatum.
    pub fn validate(
        &mut self,
        today: NaiveDate,
        calendar: &crate::domain::calendar::Calendar,
    ) -> Option<(Client, NaiveDate)> {
        self.errors = Default::default();
        let mut errors: [Option<String>; 6] = Default::default();
        let name = self.text(Field::Name).to_string();
        if name.is_empty() {
            errors[Field::Name as usize] = Some("Vul de naam van de inwoner in".into());
        }
        let mut past_date = |field: Field, in_future: &str| match parse_date_in(
            self.text(field),
            today,
            calendar,
        ) {
            Ok(d) if d > today => {
                errors[field as usize] = Some(in_future.to_string());
                None
            }
            Ok(d) => Some(d),
            Err(e) => {
                errors[field as usize] = Some(e.to_string());
                None
            }
        };
        let birth_date = match self.text(Field::BirthDate) {
            "" => None,
            _ => past_date(
                Field::BirthDate,
                "Een geboortedatum kan niet in de toekomst liggen",
            ),
        };
        let melding = past_date(
            Field::Melding,
            "De meldingsdatum kan niet in de toekomst liggen",
        );
        let bsn = match self.text(Field::Bsn) {
            "" => None,
            t => match Bsn::parse(t) {
                Ok(b) => Some(b),
                Err(e) => {
                    errors[Field::Bsn as usize] = Some(e.to_string());
                    None
                }
            },
        };
        let optional = |f: Field| Some(self.text(f).to_string()).filter(|s| !s.is_empty());
        let client = Client {
            name,
            birth_date,
            bsn,
            phone: optional(Field::Phone),
            address: optional(Field::Address),
            ..Client::default()
        };
        let ok = errors.iter().all(Option::is_none);
        self.errors = errors;
        if let Some(first) = self.errors.iter().position(Option::is_some) {
            self.focus = first;
        }
        ok.then_some(()).and(melding.map(|m| (client, m)))
    }
}

/// The new case as it goes to the store: the client, and the schuldhulp checklist started with
/// the meldingsdatum. Timestamps are set by the runner.
pub fn new_case(client: Client, melding: NaiveDate, version: u32) -> (Case, Vec<Change>) {
    let epoch = DateTime::<Utc>::UNIX_EPOCH;
    let mut case = Case::new(String::new(), client, epoch);
    case.answers.set(
        SCHULDHULP,
        "melding.datum",
        Some(Value::Date(melding)),
        version,
    );
    let changes = vec![
        Change::Created,
        Change::Answer {
            checklist: SCHULDHULP.into(),
            item: "melding.datum".into(),
            old: None,
            new: Some(Value::Date(melding)),
            checklist_version: version,
        },
    ];
    (case, changes)
}

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let form = &mut state.form;
    let last = Field::ALL.len() - 1;
    let save = match action {
        Action::Input(op) => {
            form.inputs[form.focus].apply(op);
            form.errors[form.focus] = None;
            false
        }
        Action::Cmd(Command::NextField | Command::Down) => {
            form.focus = (form.focus + 1).min(last);
            false
        }
        Action::Cmd(Command::PrevField | Command::Up) => {
            form.focus = form.focus.saturating_sub(1);
            false
        }
        Action::Confirm if form.focus < last => {
            form.focus += 1;
            false
        }
        Action::Confirm | Action::Cmd(Command::Save) => true,
        Action::Cancel | Action::Cmd(Command::Back) => {
            let edit = super::client_edit::is_edit(form);
            if form.is_touched() {
                let question = if edit {
                    "Wijzigingen niet opgeslagen. Weggooien?"
                } else {
                    "Nieuwe zaak niet opgeslagen. Weggooien?"
                };
                super::confirm::ask(state, question, super::confirm::Pending::DiscardForm);
                return Vec::new();
            }
            if edit {
                super::client_edit::leave(state);
                return Vec::new();
            }
            state.go_back();
            return Vec::new();
        }
        _ => false,
    };
    if !save {
        return Vec::new();
    }
    let today = state.env.today;
    let calendar = state.env.calendar();
    match state.form.validate(today, &calendar) {
        Some((client, melding)) if super::client_edit::is_edit(&state.form) => {
            super::client_edit::save(state, client, melding)
        }
        Some((client, melding)) => {
            let (case, changes) =
                new_case(client, melding, state.env.checklists.schuldhulp.version);
            // The draft is cleared by the runner once the case is stored, not before.
            vec![Effect::Create {
                case: Box::new(case),
                changes,
            }]
        }
        None => {
            state.error("Niet opgeslagen: verbeter de gemarkeerde velden");
            Vec::new()
        }
    }
}
