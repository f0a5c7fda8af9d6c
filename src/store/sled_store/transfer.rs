//! Moving a case base in (`loket migrate`): cases keep their case numbers and their full
//! history exactly as it was (who, when), unlike an import, which records itself as the change.

use super::{EventRecord, FLUSH_EVERY, SledStore, encode};
use crate::domain::case::Case;
use crate::domain::history::Event;
use crate::domain::summary::Summary;
use crate::store::{NewCase, Result, StoreError};

impl SledStore {
    /// Stores each case with its history as given; a case number that is already taken is an
    /// error (a migration goes into an empty store). Durable when it returns.
    pub fn import_with_history(&self, cases: Vec<(Case, Summary, Vec<Event>)>) -> Result<usize> {
        let mut n = 0;
        for (case, summary, history) in cases {
            let wanted = case.case_id.clone();
            let at = case.created_at;
            let new = NewCase {
                case,
                summary,
                changes: Vec::new(),
            };
            let created = self.create_unflushed(new, "", at)?;
            if created.case_id != wanted {
                return Err(StoreError::Duplicate(wanted));
            }
            for event in history {
                let seq = self.db.generate_id()?;
                let mut k = Vec::with_capacity(16);
                k.extend_from_slice(&created.key.bytes());
                k.extend_from_slice(&seq.to_be_bytes());
                let rec = EventRecord { schema: 1, event };
                self.events.insert(k, encode(&rec)?)?;
            }
            n += 1;
            if n % FLUSH_EVERY == 0 {
                self.flush()?;
            }
        }
        self.flush()?;
        Ok(n)
    }
}
