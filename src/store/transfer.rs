//! Moving a case base between stores (`loket migrate`): a digest per case that both sides
//! compute the same way, so the copy can be checked case by case.

use super::{Result, StoreError};
use crate::domain::case::Case;
use crate::domain::history::Event;

/// A short fingerprint of a case with its full history (FNV-1a, 64 bits, over the canonical
/// JSON): equal exactly when the case and every event are equal.
pub fn digest(case: &Case, history: &[Event]) -> Result<String> {
    let json =
        serde_json::to_vec(&(case, history)).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in json {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    Ok(format!("{h:016x}"))
}
