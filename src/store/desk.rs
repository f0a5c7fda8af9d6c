//! Saving from a desk when others may have saved the same case first: save on the loaded
//! version; on a conflict, merge onto what is stored now (`domain::merge`) and save again on
//! that version; if both changed the same thing, hand the conflict to the person.
//!
//! Works on any [`CaseStore`]: the store only compares versions, the merge happens here.

use super::Version;
use super::{AccessContext, AccessPurpose, CaseKey, CaseStore, Result, SaveRequest, StoreError};
use crate::domain::case::Case;
use crate::domain::history::Change;
use crate::domain::merge::{self, ConflictItem, Prefer};
use crate::domain::summary::Summary;
use chrono::{DateTime, Utc};

/// How often a merged save is retried when yet another desk saved in between; the wait between
/// attempts grows and is jittered, so desks that keep colliding spread out.
const ATTEMPTS: u32 = 60;

/// What a desk saves: the case as it loaded it, at which version, and the case now.
pub struct DeskSave<'a> {
    pub key: CaseKey,
    pub base: &'a Case,
    pub base_version: Version,
    pub mine: &'a Case,
    pub changes: &'a [Change],
    pub by: &'a str,
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
        version: Version,
        case: Case,
        merged: bool,
    },
    /// Both changed the same thing: nothing written; the person chooses and saves again with
    /// `Prefer::Mine` or `Prefer::Theirs`.
    Conflict {
        items: Vec<ConflictItem>,
        current: Case,
        current_version: Version,
    },
}

pub fn save(store: &dyn CaseStore, req: &DeskSave<'_>) -> Result<DeskOutcome> {
    let mut candidate = req.mine.clone();
    let mut version = req.base_version;
    let mut merged = false;
    for attempt in 0..ATTEMPTS {
        if attempt > 1 {
            backoff(attempt);
        }
        let summary = (req.summarize)(&candidate);
        let request = SaveRequest {
            case: &candidate,
            summary: &summary,
            changes: req.changes,
            by: req.by,
            at: req.at,
        };
        match store.save(req.key, version, request) {
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
        let access = AccessContext {
            by: req.by.to_string(),
            at: req.at,
            purpose: AccessPurpose::View,
        };
        let current = store.load(req.key, &access)?;
        let history = store.history(req.key)?;
        match merge::merge(req.base, req.mine, &current.case, &history, req.prefer) {
            Ok(m) => {
                candidate = m;
                version = current.version;
                merged = true;
            }
            Err(items) => {
                return Ok(DeskOutcome::Conflict {
                    items,
                    current: current.case,
                    current_version: current.version,
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
