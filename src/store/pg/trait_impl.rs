//! `CaseStore` for the team database: the trait's calls mapped onto `PgStore`.
//!
//! The store knows its user (the desk's name in the users table): that user's role decides
//! what is allowed. History events and access entries carry the name the caller gives (`by`),
//! as in every store; the workbench passes the same `--user` to both.

use super::{PgStore, redact};
use crate::domain::case::Case;
use crate::domain::history::Event;
use crate::domain::summary::Summary;
use crate::store::{
    AccessContext, AccessEntry, BatchCase, CaseKey, CaseStore, ChangeCursor, ChangedElsewhere,
    Created, Listing, Loaded, NewCase, Resegment, Result, SaveRequest, Saved, Version,
};
use chrono::{DateTime, Utc};

impl CaseStore for PgStore {
    fn location(&self) -> String {
        redact(&self.url)
    }

    fn current_user(&self) -> Option<String> {
        Some(self.user.clone())
    }

    fn count(&self) -> Result<usize> {
        self.case_count()
    }

    fn list_summaries(&self) -> Result<Listing> {
        let (rows, unreadable, cursor) = self.listing()?;
        Ok(Listing {
            rows,
            unreadable,
            cursor: ChangeCursor(cursor),
        })
    }

    fn changed_since(&self, cursor: ChangeCursor) -> Result<ChangedElsewhere> {
        let (keys, next) = self.changed_elsewhere(cursor.0)?;
        Ok(ChangedElsewhere {
            keys,
            cursor: ChangeCursor(next),
        })
    }

    fn summaries_of(&self, keys: &[CaseKey]) -> Result<Vec<(CaseKey, Summary)>> {
        PgStore::summaries_of(self, keys)
    }

    fn assigned_to_me(&self) -> Result<Option<Vec<CaseKey>>> {
        self.my_cases().map(Some)
    }

    fn role(&self) -> Option<crate::domain::role::Role> {
        Some(self.role)
    }

    fn role_of(&self, user: &str) -> Result<Option<crate::domain::role::Role>> {
        Ok(self
            .users()?
            .into_iter()
            .find(|u| u.name == user)
            .map(|u| u.role))
    }

    fn allowed(&self, action: crate::domain::role::Action) -> Result<()> {
        self.authorize(action)
    }

    fn key_of(&self, case_id: &str) -> Result<Option<CaseKey>> {
        PgStore::key_of(self, case_id)
    }

    fn keys(&self) -> Result<Vec<CaseKey>> {
        PgStore::keys(self)
    }

    fn version_of(&self, key: CaseKey) -> Result<Option<Version>> {
        PgStore::version_of(self, key).map(|v| v.map(Version))
    }

    fn load(&self, key: CaseKey, access: &AccessContext) -> Result<Loaded> {
        let (case, version) = self.load_logged(key, access)?;
        Ok(Loaded {
            case,
            version: Version(version),
        })
    }

    fn history(&self, key: CaseKey) -> Result<Vec<Event>> {
        PgStore::history(self, key)
    }

    fn destroy(
        &self,
        key: CaseKey,
        verklaring: &crate::domain::retention::Verklaring,
    ) -> Result<()> {
        self.destroy_case(key, verklaring)
    }

    fn verklaringen(&self) -> Result<Vec<crate::domain::retention::Verklaring>> {
        self.verklaringen_list()
    }

    fn keep_verklaringen(
        &self,
        verklaringen: &[crate::domain::retention::Verklaring],
    ) -> Result<usize> {
        self.keep_verklaringen_new(verklaringen)
    }

    fn create(&self, new: NewCase, by: &str, at: DateTime<Utc>) -> Result<Created> {
        let (key, case_id) = self.create_case(new, by, at)?;
        Ok(Created {
            key,
            case_id,
            version: Version(1),
        })
    }

    fn save(&self, key: CaseKey, base: Version, request: SaveRequest<'_>) -> Result<Saved> {
        let saved = self.save_case(key, base.0, request)?;
        Ok(Saved {
            version: Version(saved.version),
        })
    }

    fn import_batch(&self, batch: Vec<BatchCase>) -> Result<Vec<Created>> {
        let cases = batch
            .into_iter()
            .map(|b| {
                let events = b
                    .new
                    .changes
                    .iter()
                    .map(|c| Event {
                        at: b.at,
                        by: b.by.clone(),
                        change: c.clone(),
                    })
                    .collect();
                (b.new, events)
            })
            .collect();
        Ok(self
            .create_many(cases)?
            .into_iter()
            .map(|(key, case_id)| Created {
                key,
                case_id,
                version: Version(1),
            })
            .collect())
    }

    fn export_all(
        &self,
        access: &AccessContext,
        each: &mut dyn FnMut(CaseKey, Case) -> Result<()>,
    ) -> Result<usize> {
        self.export_each(access, each)
    }

    fn resegment_all(
        &self,
        job: &Resegment<'_>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<usize> {
        self.meta_set(
            crate::store::POLICY_FINGERPRINT_KEY,
            super::super::case_store::RESEGMENT_BUSY,
        )?;
        let n = self.resegment(job.summarize, progress)?;
        self.meta_set(crate::store::POLICY_FINGERPRINT_KEY, job.fingerprint)?;
        Ok(n)
    }

    fn meta_get(&self, name: &str) -> Result<Option<String>> {
        PgStore::meta_get(self, name)
    }

    fn meta_set(&self, name: &str, value: &str) -> Result<()> {
        PgStore::meta_set(self, name, value)
    }

    fn record_access(&self, key: CaseKey, access: &AccessContext) -> Result<()> {
        self.record_access_of(key, access)
    }

    fn access_log(&self, key: CaseKey) -> Result<Vec<AccessEntry>> {
        PgStore::access_log_of(self, key)
    }

    fn close(&self, list: Option<&mut dyn Iterator<Item = (CaseKey, &Summary)>>) -> Result<()> {
        // Every write was committed when it returned. The list snapshot is only a cache for
        // the next start: when it cannot be written, that start reads every row.
        let _ = match list {
            Some(rows) => self.write_list_snapshot(rows),
            None => self
                .listing()
                .and_then(|(rows, unreadable, _)| match unreadable {
                    0 => self.write_list_snapshot(rows.iter().map(|(k, s)| (*k, s))),
                    _ => Ok(()),
                }),
        };
        Ok(())
    }
}
