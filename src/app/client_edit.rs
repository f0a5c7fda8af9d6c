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
///
/// Only the fields the person changed in the form are written: another desk's change that a
/// poll brought in while the form was open stays (an untouched field never writes the value
/// the form started with back over it). A field changed both here and elsewhere is not saved:
/// the form stays open with the other desk's values in the untouched fields and says what
/// changed, so the person decides (save again keeps theirs).
pub fn save(state: &mut State, client: Client, melding: chrono::NaiveDate) -> Vec<Effect> {
    let version = state.env.checklists.schuldhulp.version;
    let base = state.form.base.clone();
    let Some(open) = state.open.as_mut() else {
        return Vec::new();
    };
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%d-%m-%Y").to_string());
    let old = &open.case.client;
    let old_melding = open.case.answers.get(SCHULDHULP, "melding.datum").cloned();
    let melding_text = |v: Option<&Value>| match v {
        Some(Value::Date(d)) => Some(d.format("%d-%m-%Y").to_string()),
        _ => None,
    };
    // Per form input: the field, the stored value now, the form's value.
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
        (
            "meldingsdatum",
            melding_text(old_melding.as_ref()),
            Some(melding.format("%d-%m-%Y").to_string()),
        ),
    ];
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let started = |i: usize| base.get(i).cloned().unwrap_or_default();
    let touched: Vec<bool> = fields
        .iter()
        .enumerate()
        .map(|(i, (_, _, new))| text(new) != started(i))
        .collect();
    let clashes: Vec<String> = fields
        .iter()
        .enumerate()
        .filter(|(i, (_, now, new))| {
            touched[*i] && text(now) != started(*i) && text(now) != text(new)
        })
        .map(|(_, (field, now, _))| match (*field, now) {
            // No BSN digits in a message.
            ("bsn", _) | (_, None) => (*field).to_string(),
            (_, Some(v)) => format!("{field} (nu: {v})"),
        })
        .collect();
    if !clashes.is_empty() {
        let now_texts: Vec<String> = fields.iter().map(|(_, now, _)| text(now)).collect();
        for (i, input) in state.form.inputs.iter_mut().enumerate() {
            if !touched.get(i).copied().unwrap_or(true)
                && let Some(t) = now_texts.get(i)
            {
                *input = LineInput::prefilled(t);
            }
        }
        state.form.base = now_texts;
        state.error(format!(
            "Intussen elders gewijzigd: {}. Er is niets opgeslagen; uw invoer staat nog in het \
             formulier. Sla opnieuw op om die te bewaren.",
            clashes.join(", ")
        ));
        return Vec::new();
    }
    let mut changes: Vec<Change> = fields
        .iter()
        .take(5)
        .zip(&touched)
        .filter(|((_, o, n), touched)| **touched && o != n)
        .map(|((field, old, new), _)| Change::Client {
            field: field.to_string(),
            old: old.clone(),
            new: new.clone(),
        })
        .collect();
    if touched[5] && old_melding != Some(Value::Date(melding)) {
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
    // Only the fields the form edits, and of those only what the person changed: the DDAS
    // details, the partner and values changed elsewhere meanwhile stay as they are.
    let stored = &mut open.case.client;
    if touched[0] {
        stored.name = client.name;
    }
    if touched[1] {
        stored.birth_date = client.birth_date;
    }
    if touched[2] {
        stored.bsn = client.bsn;
    }
    if touched[3] {
        stored.phone = client.phone;
    }
    if touched[4] {
        stored.address = client.address;
    }
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
