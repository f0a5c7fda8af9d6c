//! Referrals and documents (CHECKLISTS.md A0 and A5, rules v2): who referred, whether the
//! screener must report back, and which documents the person brings and which the counter
//! requests itself. Pure: answers in, Dutch lines out.

use super::answers::{Answers, Value};
use super::checklist::Checklists;

/// `melding.route`, when answered.
pub fn route(a: &Answers) -> Option<&str> {
    a.value("melding.route").and_then(Value::as_choice)
}

/// The referrer as the report counts it: `melding.verwijzer` (trimmed) for a referral or warm
/// handover, the signal partner for a vroegsignaal ("vroegsignaal: Energieleverancier").
pub fn verwijzer(a: &Answers, checklists: &Checklists) -> Option<String> {
    match route(a)? {
        "verwijzing" | "warme_overdracht" => a
            .value("melding.verwijzer")
            .and_then(Value::as_text)
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string),
        "vroegsignaal" => a.value("melding.signaalpartner").map(|v| {
            format!(
                "vroegsignaal: {}",
                checklists.value_text("melding.signaalpartner", v)
            )
        }),
        _ => None,
    }
}

/// The reminder on the case screen: consent was given (`melding.terugkoppeling`) to tell the
/// referrer or signal partner that help is under way. None without consent.
pub fn terugkoppeling(a: &Answers, checklists: &Checklists) -> Option<String> {
    if a.value("melding.terugkoppeling").and_then(Value::as_bool) != Some(true) {
        return None;
    }
    let wie = verwijzer(a, checklists).unwrap_or_else(|| "de verwijzer".to_string());
    Some(format!(
        "Terugkoppelen aan {wie}: de hulp loopt (toestemming gegeven)."
    ))
}

/// Who gathers a document that is still outstanding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wie {
    /// `opgevraagd`: the person brings it.
    Inwoner,
    /// `via_loket`: the counter requests it itself, with consent.
    Loket,
}

impl Wie {
    pub fn label(self) -> &'static str {
        match self {
            Wie::Inwoner => "inwoner levert aan",
            Wie::Loket => "loket vraagt op (met toestemming)",
        }
    }
}

/// The A5 documents still outstanding, in checklist order, with who gathers each.
pub fn documents_todo<'a>(a: &Answers, checklists: &'a Checklists) -> Vec<(&'a str, Wie)> {
    checklists
        .schuldhulp
        .items()
        .filter(|i| i.id.starts_with("doc."))
        .filter_map(|i| {
            let wie = match a.value(&i.id).and_then(Value::as_choice)? {
                "opgevraagd" => Wie::Inwoner,
                "via_loket" => Wie::Loket,
                _ => return None,
            };
            Some((i.label.as_str(), wie))
        })
        .collect()
}
