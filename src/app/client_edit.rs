//! Correcting the client details of an open case: the new-case form, prefilled, saved as one
//! `Change::Client` per changed field (the new-case draft waits underneath and comes back).

use super::form::FormState;
use super::text::LineInput;
use super::{Effect, Screen, State};
use crate::domain::answers::Value;
use crate::domain::case::Client;
use crate::domain::checklist::SCHULDHULP;
use crate::domain::history::Change;

/// The form of an open case's client; the new-case draft goes underneath it. The form shows
/// the BSN in full (to correct it): that is recorded in the access log.
pub fn enter(state: &mut State) -> Vec<Effect> {
    let Some(open) = state.open.as_ref() else {
        return Vec::new();
    };
    let shows_bsn = open.case.client.bsn.is_some();
    let c = &open.case.client;
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%d-%m-%Y").to_string());
    let melding = match open.case.answers.get(SCHULDHULP, "melding.datum") {
        Some(Value::Date(d)) => Some(*d),
        _ => None,
    };
    let texts = [
        Some(c.name.clone()),
        date(c.birth_date),
        c.bsn.as_ref().map(|b| b.as_str().to_string()),
        c.phone.clone(),
        c.address.clone(),
        date(melding),
    ];
    let mut form = FormState::new(state.env.today);
    for (input, text) in form.inputs.iter_mut().zip(texts) {
        *input = LineInput::prefilled(&text.unwrap_or_default());
    }
    form.base = form.inputs.iter().map(|i| i.text().to_string()).collect();
    let draft = std::mem::replace(&mut state.form, form);
    state.form.draft = Some(Box::new(draft));
    state.go(Screen::Form);
    if shows_bsn {
        vec![Effect::RecordAccess(crate::store::AccessPurpose::BsnShown)]
    } else {
        Vec::new()
    }
}

/// Leaves the edit form: the new-case draft comes back.
pub fn leave(state: &mut State) {
    if let Some(draft) = state.form.draft.take() {
        state.form = *draft;
    }
    state.go_back();
}

/// The changes between the stored client and the corrected one, one event per field.
pub fn save(state: &mut State, client: Client, melding: chrono::NaiveDate) -> Vec<Effect> {
    let version = state.env.checklists.schuldhulp.version;
    let Some(open) = state.open.as_mut() else {
        return Vec::new();
    };
    let old = &open.case.client;
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%d-%m-%Y").to_string());
    let fields = [
        ("naam", Some(old.name.clone()), Some(client.name.clone())),
        (
            "geboortedatum",
            date(old.birth_date),
            date(client.birth_date),
        ),
        (
            "bsn",
            old.bsn.as_ref().map(|b| b.as_str().to_string()),
            client.bsn.as_ref().map(|b| b.as_str().to_string()),
        ),
        ("telefoon", old.phone.clone(), client.phone.clone()),
        ("adres", old.address.clone(), client.address.clone()),
    ];
    let mut changes: Vec<Change> = fields
        .into_iter()
        .filter(|(_, o, n)| o != n)
        .map(|(field, old, new)| Change::Client {
            field: field.to_string(),
            old,
            new,
        })
        .collect();
    let old_melding = open.case.answers.get(SCHULDHULP, "melding.datum").cloned();
    if old_melding != Some(Value::Date(melding)) {
        open.case.answers.set(
            SCHULDHULP,
            "melding.datum",
            Some(Value::Date(melding)),
            version,
        );
        changes.push(Change::Answer {
            checklist: SCHULDHULP.into(),
            item: "melding.datum".into(),
            old: old_melding,
            new: Some(Value::Date(melding)),
            checklist_version: version,
        });
    }
    // Only the fields the form edits: the DDAS details and the partner stay as they are.
    let stored = &mut open.case.client;
    stored.name = client.name;
    stored.birth_date = client.birth_date;
    stored.bsn = client.bsn;
    stored.phone = client.phone;
    stored.address = client.address;
    leave(state);
    if changes.is_empty() {
        state.info("Niets gewijzigd");
        return Vec::new();
    }
    state.info(format!(
        "Cliëntgegevens gewijzigd ({} velden)",
        changes.len()
    ));
    vec![Effect::Save { changes }]
}

/// Whether the form is the correction of an open case (not a new case).
pub fn is_edit(form: &FormState) -> bool {
    form.draft.is_some()
}
