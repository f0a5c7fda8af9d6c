//! Store helpers shared by the integration tests: reading a case as a test does (recorded in
//! the access log as a view by "test"), and the list without its cursor.
#![allow(dead_code)]

use chrono::{TimeZone, Utc};
use loket::domain::case::Case;
use loket::domain::history::Change;
use loket::domain::summary::Summary;
use loket::store::{AccessContext, AccessPurpose, CaseKey, CaseStore, SaveRequest, StoreError};

/// How a test reads cases.
pub fn reader() -> AccessContext {
    AccessContext {
        by: "test".into(),
        at: Utc
            .with_ymd_and_hms(2026, 11, 24, 12, 0, 0)
            .single()
            .expect("time"),
        purpose: AccessPurpose::View,
    }
}

/// Loads the case only (the version stays in the store).
pub fn load(store: &dyn CaseStore, key: CaseKey) -> Result<Case, StoreError> {
    store.load(key, &reader()).map(|l| l.case)
}

/// Every summary in creation order.
pub fn summaries(store: &dyn CaseStore) -> Vec<(CaseKey, Summary)> {
    store.list_summaries().expect("summaries").rows
}

/// Saves on top of the current version (a save with no other desk in between).
pub fn save(
    store: &dyn CaseStore,
    key: CaseKey,
    case: &Case,
    summary: &Summary,
    changes: &[Change],
    by: &str,
    at: chrono::DateTime<Utc>,
) -> Result<(), StoreError> {
    let base = match store.load(key, &reader()) {
        Ok(l) => l.version,
        Err(StoreError::NotFound) => loket::store::Version(0),
        Err(e) => return Err(e),
    };
    store
        .save(
            key,
            base,
            SaveRequest {
                case,
                summary,
                changes,
                by,
                at,
            },
        )
        .map(|_| ())
}
