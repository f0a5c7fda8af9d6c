//! Saving from a desk when others may have saved the same case first: save on the loaded
//! version; on a conflict, merge onto what is stored now (see `merge`) and save again on that
//! version; if both changed the same thing, hand the conflict to the person.

use super::merge::{self, ConflictItem, Prefer};
use super::pg::{Access, PgStore};
use super::{CaseKey, Change, Result, StoreError, Summary};
use crate::domain::case::Case;
use chrono::{DateTime, Utc};

/// How often a merged save is retried when yet another desk saved in between; the wait between
/// attempts grows and is jittered, so desks that keep colliding spread out.
const ATTEMPTS: u32 = 60;

/// What a desk saves: the case as it loaded it, at which version, and the case now.
pub struct DeskSave<'a> {
    pub key: CaseKey,
    pub base: &'a Case,
    pub base_version: u64,
    pub mine: &'a Case,
    pub changes: &'a [Change],
    pub at: DateTime<Utc>,
    /// The list row of a case (the merged one may differ from `mine`).
    pub summarize: &'a dyn Fn(&Case) -> Summary,
    /// The person's choice after a conflict (`Prefer::Nobody` the first time).
    pub prefer: Prefer,
}

#[derive(Clone, Debug, PartialEq)]
pub enum DeskOutcome {
    /// Stored. `case` is what the store holds now (merged with others' work when `merged`).
    Saved {
        version: u64,
        case: Case,
        merged: bool,
    },
    /// Both changed the same thing: nothing written; the person chooses and saves again with
    /// `Prefer::Mine` or `Prefer::Theirs`.
    Conflict {
        items: Vec<ConflictItem>,
        current: Case,
        current_version: u64,
    },
}

pub fn save(store: &PgStore, req: &DeskSave<'_>) -> Result<DeskOutcome> {
    let mut candidate = req.mine.clone();
    let mut version = req.base_version;
    let mut merged = false;
    for attempt in 0..ATTEMPTS {
        if attempt > 1 {
            backoff(attempt);
        }
        let summary = (req.summarize)(&candidate);
        match store.save(req.key, version, &candidate, &summary, req.changes, req.at) {
            Ok(saved) => {
                return Ok(DeskOutcome::Saved {
                    version: saved.version,
                    case: candidate,
                    merged,
                });
            }
            Err(StoreError::Conflict { .. }) => {}
            Err(e) => return Err(e),
        }
        let (current, current_version) = store.load(req.key, Access::Geopend)?;
        let history = store.history(req.key)?;
        match merge::merge(req.base, req.mine, &current, &history, req.prefer) {
            Ok(m) => {
                candidate = m;
                version = current_version;
                merged = true;
            }
            Err(items) => {
                return Ok(DeskOutcome::Conflict {
                    items,
                    current,
                    current_version,
                });
            }
        }
    }
    Err(StoreError::Io(
        "de zaak wordt op te veel plekken tegelijk gewijzigd; probeer het zo opnieuw".into(),
    ))
}

fn backoff(attempt: u32) {
    let jitter = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0)
        % 1000;
    let micros = u64::from(attempt.min(20)) * (500 + u64::from(jitter));
    std::thread::sleep(std::time::Duration::from_micros(micros));
}
