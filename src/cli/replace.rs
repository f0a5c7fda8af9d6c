//! `loket import --vervang`: a file whose case number is already in the store replaces that
//! case, after the difference is shown (never silently, never under a new number). The
//! replacement is a save on top of the stored version, with "zaak ingelezen uit …" in the
//! history, so the earlier state stays in the history and in backups.

use super::transfer::{Prepared, case_json_text};
use crate::app::Env;
use crate::domain::plausible::printable;
use crate::store::{AccessContext, AccessPurpose, CaseKey, CaseStore, SaveRequest, StoreError};
use serde_json::Value as J;
use std::collections::BTreeMap;

/// Every leaf of a JSON value by its path ("client.name", "debts[0].amount").
fn leaves(v: &J, path: String, out: &mut BTreeMap<String, String>) {
    match v {
        J::Object(m) => {
            for (k, v) in m {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                leaves(v, p, out);
            }
        }
        J::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                leaves(v, format!("{path}[{i}]"), out);
            }
        }
        other => {
            out.insert(path, other.to_string());
        }
    }
}

/// The difference between two case files, one Dutch line per changed field.
pub fn difference(old: &str, new: &str) -> Vec<String> {
    let (mut a, mut b) = (BTreeMap::new(), BTreeMap::new());
    if let (Ok(o), Ok(n)) = (
        serde_json::from_str::<J>(old),
        serde_json::from_str::<J>(new),
    ) {
        leaves(&o, String::new(), &mut a);
        leaves(&n, String::new(), &mut b);
    }
    let mut lines = Vec::new();
    for (k, v) in &a {
        match b.get(k) {
            None => lines.push(format!("{k}: {} → (weg)", printable(v, false))),
            Some(w) if w != v => lines.push(format!(
                "{k}: {} → {}",
                printable(v, false),
                printable(w, false)
            )),
            Some(_) => {}
        }
    }
    for (k, w) in &b {
        if !a.contains_key(k) {
            lines.push(format!("{k}: (nieuw) → {}", printable(w, false)));
        }
    }
    lines
}

/// Replaces the stored case `key` by the prepared file; returns the difference shown.
pub fn replace(
    store: &dyn CaseStore,
    env: &Env,
    key: CaseKey,
    prepared: Prepared,
) -> Result<Vec<String>, StoreError> {
    let access = AccessContext {
        by: env.user.clone(),
        at: prepared.case.at,
        purpose: AccessPurpose::View,
    };
    let loaded = store.load(key, &access)?;
    let mut case = prepared.case.new.case;
    case.case_id = loaded.case.case_id.clone();
    case.created_at = loaded.case.created_at;
    let old_text = case_json_text(&loaded.case, env).unwrap_or_default();
    let new_text = case_json_text(&case, env).unwrap_or_default();
    let diff = difference(&old_text, &new_text);
    let mut summary = prepared.case.new.summary;
    summary.case_id = case.case_id.clone();
    summary.created_at = case.created_at;
    store.save(
        key,
        loaded.version,
        SaveRequest {
            case: &case,
            summary: &summary,
            changes: &prepared.case.new.changes,
            by: &prepared.case.by,
            at: prepared.case.at,
        },
    )?;
    Ok(diff)
}
