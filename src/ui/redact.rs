//! The privacy key blanks everything personal in the history too: client details, free text,
//! notes and reasons.

use crate::domain::answers::Value;
use crate::domain::history::Change;

const HIDDEN: &str = "•••••";

fn hide(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        HIDDEN.to_string()
    }
}

fn hide_value(v: &Option<Value>) -> Option<Value> {
    match v {
        Some(Value::Text(t)) => Some(Value::Text(hide(t))),
        other => other.clone(),
    }
}

/// The change with its personal parts blanked.
pub fn redacted(change: &Change) -> Change {
    let mut c = change.clone();
    match &mut c {
        Change::Client { old, new, .. } => {
            *old = old.as_deref().map(hide);
            *new = new.as_deref().map(hide);
        }
        Change::Note { text } => *text = hide(text),
        Change::Removed { reason } => *reason = hide(reason),
        Change::Beperkt { reden } | Change::BeperkingOpgeheven { reden } => *reden = hide(reden),
        Change::Answer { old, new, .. } => {
            *old = hide_value(old);
            *new = hide_value(new);
        }
        Change::Decision { decision } => {
            decision.reason = decision.reason.as_deref().map(hide);
        }
        Change::DocumentMade { afwijzing, .. } => *afwijzing = afwijzing.as_deref().map(hide),
        _ => {}
    }
    c
}
