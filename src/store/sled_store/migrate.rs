//! Versioned case records and the migration path from every older version.
//!
//! - schema 1: answers stored as `{checklist: {item: value}}`, without the checklist version.
//! - schema 2: each answer carries the checklist version it was given under (`{value, cv}`);
//!   version-1 answers are read as given under checklist version 1, the only one that existed.

use super::{CASE_SCHEMA, Result, StoreError};
use crate::domain::case::Case;
use serde::Serialize;

#[derive(Serialize)]
pub(in crate::store) struct CaseRecordOut<'a> {
    schema: u32,
    case: &'a Case,
}

impl<'a> CaseRecordOut<'a> {
    pub(in crate::store) fn new(case: &'a Case) -> Self {
        CaseRecordOut {
            schema: CASE_SCHEMA,
            case,
        }
    }
}

/// A record of the current schema, decoded in one pass.
#[derive(serde::Deserialize)]
struct CurrentRecord {
    schema: u32,
    case: Case,
}

/// Decodes a case record of any known schema version into the current `Case`.
pub(in crate::store) fn decode_case(bytes: &[u8]) -> Result<Case> {
    // Fast path: a record of this build's schema goes straight into `Case`, without the
    // intermediate JSON tree (twice as fast; re-segmentation decodes every case).
    if let Ok(record) = serde_json::from_slice::<CurrentRecord>(bytes)
        && record.schema == CASE_SCHEMA
    {
        return Ok(record.case);
    }
    let mut record: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let schema = record
        .get("schema")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| StoreError::Corrupt("record zonder schema-versie".into()))?;
    let mut case = record
        .get_mut("case")
        .map(serde_json::Value::take)
        .ok_or_else(|| StoreError::Corrupt("record zonder zaak".into()))?;
    match schema {
        1 => v1_to_v2(&mut case),
        2 => {}
        newer if newer > u64::from(CASE_SCHEMA) => {
            return Err(StoreError::Corrupt(format!(
                "schema {newer} is gemaakt door een nieuwere versie van loket"
            )));
        }
        unknown => {
            return Err(StoreError::Corrupt(format!(
                "onbekende schema-versie {unknown}"
            )));
        }
    }
    serde_json::from_value(case).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn v1_to_v2(case: &mut serde_json::Value) {
    let Some(checklists) = case.get_mut("answers").and_then(|a| a.as_object_mut()) else {
        return;
    };
    for items in checklists.values_mut() {
        let Some(items) = items.as_object_mut() else {
            continue;
        };
        for answer in items.values_mut() {
            let value = answer.take();
            *answer = serde_json::json!({ "value": value, "cv": 1 });
        }
    }
}
