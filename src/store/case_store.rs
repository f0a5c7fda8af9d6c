//! The seam between loket and its storage: [`CaseStore`].
//!
//! Every read and write of cases, history, summaries, meta and the access log goes through this
//! trait, so an embedded store (sled) and a shared one (PostgreSQL) are interchangeable. Opening
//! (and locking) is each implementation's constructor; the rest is here.
//!
//! Contract for implementations:
//! - Writes (`create`, `save`, `import_batch`, `resegment_all`, `meta_set`, `destroy`,
//!   `keep_verklaringen`, `close`) are durable when they return `Ok`: only then may the UI say
//!   "opgeslagen".
//! - A case and the history events of a change are written in one transaction.
//! - Every case carries a [`Version`], bumped by every save. `save` with a base version that is
//!   no longer current fails with [`StoreError::Conflict`] and writes nothing.
//! - Reading a case is only possible through `load` or `export_all`, which take an
//!   [`AccessContext`] and record who read it (the access log).
//! - Lists are in creation order (ascending [`CaseKey`]).

use super::{CaseKey, Result, StoreError};
use crate::domain::case::Case;
use crate::domain::history::{Change, Event};
use crate::domain::retention::Verklaring;
use crate::domain::summary::Summary;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The meta key under which the fingerprint of the summaries' policy is kept.
pub const POLICY_FINGERPRINT_KEY: &str = "policy_fingerprint";

/// Stored as the fingerprint while a re-segmentation is under way: a run broken off halfway
/// (crash, ctrl-c, error) matches no policy, so the next start finishes the job.
pub(super) const RESEGMENT_BUSY: &str = "bezig";

/// The version of one case in the store: 1 after creation, +1 on every save. Cases stored
/// before versions existed read as version 0 until their first save.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version(pub u64);

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Why a case is read: recorded in the access log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessPurpose {
    /// Opened on the screen.
    View,
    /// Written to a file or stdout (`loket export`, the intake report).
    Export,
    /// Read for the municipality's figures (`loket report` over a period).
    Report,
    /// An inzage (art. 15 AVG): everything loket holds on the person, for that person.
    Inzage,
    /// The full BSN shown on a screen (the client form while correcting it).
    BsnShown,
    /// A file or stdout with the full BSN (intakeverslag for a handover, inzage).
    BsnExport,
    /// In a delivery to CBS (DDAS), which holds the BSN as is.
    Ddas,
}

impl AccessPurpose {
    /// The Dutch word shown in the access log.
    pub fn label(self) -> &'static str {
        match self {
            AccessPurpose::View => "bekeken",
            AccessPurpose::Export => "geëxporteerd",
            AccessPurpose::Report => "meegeteld in rapportage",
            AccessPurpose::Inzage => "inzage",
            AccessPurpose::BsnShown => "BSN volledig getoond",
            AccessPurpose::BsnExport => "export met volledig BSN",
            AccessPurpose::Ddas => "geleverd aan CBS (DDAS)",
        }
    }
}

/// Who reads a case, when and why. Required for every read of a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessContext {
    pub by: String,
    pub at: DateTime<Utc>,
    pub purpose: AccessPurpose,
}

/// One entry of the access log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessEntry {
    pub by: String,
    pub at: DateTime<Utc>,
    pub purpose: AccessPurpose,
    /// The reader's role at the moment of access (team database); None on the embedded store
    /// (one local user) and for entries written before loket kept it.
    #[serde(skip)]
    pub role: Option<crate::domain::role::Role>,
}

impl AccessEntry {
    /// Who read, with the role they had then where the log kept it: "tineke (teamleider)".
    pub fn reader(&self) -> String {
        match self.role {
            Some(r) => format!("{} ({})", self.by, r.id()),
            None => self.by.clone(),
        }
    }
}

/// A case as read from the store, with the version a later save must name.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub case: Case,
    pub version: Version,
}

/// A new case as it goes into the store: the wanted case number (`case.case_id`) is kept when
/// it is non-empty and free, else the store assigns "JJJJ-NNNNN".
#[derive(Clone, Debug)]
pub struct NewCase {
    pub case: Case,
    pub summary: Summary,
    pub changes: Vec<Change>,
}

/// One case of a bulk import, with who made it and when (generated cases differ per case).
#[derive(Clone, Debug)]
pub struct BatchCase {
    pub new: NewCase,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// What `create` (and each case of `import_batch`) stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Created {
    pub key: CaseKey,
    /// The case number used (the wanted one, or a new one when it was taken or empty).
    pub case_id: String,
    pub version: Version,
}

/// A change to an existing case: the whole case, its summary and the events describing it.
#[derive(Clone, Copy, Debug)]
pub struct SaveRequest<'a> {
    pub case: &'a Case,
    pub summary: &'a Summary,
    pub changes: &'a [Change],
    pub by: &'a str,
    pub at: DateTime<Utc>,
}

/// What a successful save left in the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Saved {
    pub version: Version,
}

/// A position in the store's stream of changes, for "changed elsewhere" polling.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ChangeCursor(pub u64);

/// Every summary, in creation order.
#[derive(Clone, Debug, Default)]
pub struct Listing {
    pub rows: Vec<(CaseKey, Summary)>,
    /// Summaries that could not be read: left out of `rows`, never a reason to fail the list.
    pub unreadable: usize,
    /// Pass to [`CaseStore::changed_since`] to learn what others changed after this listing.
    pub cursor: ChangeCursor,
}

/// Cases that others changed since a cursor, and the cursor to ask from next time.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangedElsewhere {
    pub keys: Vec<CaseKey>,
    pub cursor: ChangeCursor,
}

/// A re-segmentation of every case: what the summaries are now derived from, and how.
pub struct Resegment<'a> {
    /// Stored under [`POLICY_FINGERPRINT_KEY`] once every summary is current.
    pub fingerprint: &'a str,
    /// Computes a case's summary (pure; called from several threads).
    pub summarize: &'a (dyn Fn(&Case) -> Summary + Sync),
}

/// The only way the program reads and writes cases. Object-safe: the program holds a
/// `&dyn CaseStore` (or `Box<dyn CaseStore>`).
pub trait CaseStore: Send + Sync {
    /// Where the data lives, for messages ("/home/…/store", "postgres://…/loket").
    fn location(&self) -> String;

    /// The user the store itself knows (a database login), or None when it trusts the
    /// session's user (the embedded store).
    fn current_user(&self) -> Option<String>;

    /// The number of cases.
    fn count(&self) -> Result<usize>;

    /// Every summary in creation order.
    fn list_summaries(&self) -> Result<Listing>;

    /// The cases that someone else changed since `cursor` (never the changes of this store
    /// handle itself). An embedded, single-user store returns none.
    fn changed_since(&self, cursor: ChangeCursor) -> Result<ChangedElsewhere>;

    /// The summaries of these cases (those that exist), in creation order: to refresh the rows
    /// that `changed_since` named without reading the whole list.
    fn summaries_of(&self, keys: &[CaseKey]) -> Result<Vec<(CaseKey, Summary)>> {
        Ok(self
            .list_summaries()?
            .rows
            .into_iter()
            .filter(|(k, _)| keys.contains(k))
            .collect())
    }

    /// The cases assigned to the store's user ("mijn zaken"); None when the store has no
    /// assignment (the embedded store: one desk, every case is its own).
    fn assigned_to_me(&self) -> Result<Option<Vec<CaseKey>>> {
        Ok(None)
    }

    /// The role of the store's user (a team store); None: one local user with every right.
    fn role(&self) -> Option<crate::domain::role::Role> {
        None
    }

    /// The role a user has now (a team store, read by a teamleider); None when the store has
    /// no roles or does not know the user. For the inzage's access log.
    fn role_of(&self, user: &str) -> Result<Option<crate::domain::role::Role>> {
        let _ = user;
        Ok(None)
    }

    /// Whether the store's user may do `action` (a team store checks the user's role; the
    /// embedded store has one local user with every right). Writes are checked by the store
    /// itself; this is for what is not a write (reports) and for screens that leave out what
    /// the role forbids.
    fn allowed(&self, action: crate::domain::role::Action) -> Result<()> {
        let _ = action;
        Ok(())
    }

    /// The key of a case number.
    fn key_of(&self, case_id: &str) -> Result<Option<CaseKey>>;

    /// Every case key in creation order.
    fn keys(&self) -> Result<Vec<CaseKey>>;

    /// Reads (and migrates) a case and records the read in the access log.
    fn load(&self, key: CaseKey, access: &AccessContext) -> Result<Loaded>;

    /// The case's current version without reading (or logging) the case itself: a poll
    /// compares it with the open case before loading. None: the case does not exist.
    fn version_of(&self, key: CaseKey) -> Result<Option<Version>>;

    /// The history of a case, oldest first.
    fn history(&self, key: CaseKey) -> Result<Vec<Event>>;

    /// Stores a new case with its first events; durable when it returns.
    fn create(&self, new: NewCase, by: &str, at: DateTime<Utc>) -> Result<Created>;

    /// Stores the changed case, its summary and its events in one transaction when the case is
    /// still at `base`; durable when it returns. Else [`StoreError::Conflict`], nothing written.
    fn save(&self, key: CaseKey, base: Version, request: SaveRequest<'_>) -> Result<Saved>;

    /// Stores many new cases (import, generator); all durable when it returns. On an error some
    /// of the batch may have been stored: the caller re-lists before telling anyone.
    fn import_batch(&self, batch: Vec<BatchCase>) -> Result<Vec<Created>>;

    /// Calls `each` with every case in creation order, recording each read in the access log.
    /// Returns the number of cases passed. An error from `each` stops the walk and is returned.
    fn export_all(
        &self,
        access: &AccessContext,
        each: &mut dyn FnMut(CaseKey, Case) -> Result<()>,
    ) -> Result<usize>;

    /// Recomputes every summary with `job.summarize`, writes those that changed and then the
    /// fingerprint; durable when it returns. A run broken off leaves a fingerprint that matches
    /// no policy, so the next [`CaseStore::ensure_current`] finishes it. A case that cannot be
    /// read keeps its old summary. `progress(done, total)` is called now and then. Returns the
    /// number of cases.
    fn resegment_all(
        &self,
        job: &Resegment<'_>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<usize>;

    fn meta_get(&self, name: &str) -> Result<Option<String>>;

    /// Sets a meta value; durable when it returns.
    fn meta_set(&self, name: &str, value: &str) -> Result<()>;

    /// Records a read of a case that did not go through `load` (e.g. a report over summaries).
    fn record_access(&self, key: CaseKey, access: &AccessContext) -> Result<()>;

    /// At the end of a read-only command: writes the reads it logged in memory (a store
    /// opened for reading) and returns those that could not be written (a full disk), for a
    /// warning. Stores that log every read at once return none.
    fn finish_reading(&self) -> Vec<(CaseKey, AccessEntry)> {
        Vec::new()
    }

    /// Who read a case, oldest first.
    fn access_log(&self, key: CaseKey) -> Result<Vec<AccessEntry>>;

    /// Destroys a case whose retention period has passed: the case, its history, its list row,
    /// its access-log entries and everything else kept under it, and keeps `verklaring` (no
    /// personal data) in the same transaction; durable when it returns. A team store checks
    /// the role ([`crate::domain::role::Action::Vernietigen`]) and tells other desks, so the
    /// case leaves their lists.
    fn destroy(&self, key: CaseKey, verklaring: &Verklaring) -> Result<()> {
        let _ = (key, verklaring);
        Err(StoreError::Io(
            "deze opslag kan geen zaken vernietigen".to_string(),
        ))
    }

    /// Every verklaring van vernietiging, oldest first.
    fn verklaringen(&self) -> Result<Vec<Verklaring>> {
        Ok(Vec::new())
    }

    /// Takes in verklaringen van vernietiging as they are, from a backup or another store
    /// (`loket herstel`, `loket migrate`): each is kept after those already there, unless the
    /// store holds one with the same [`Verklaring::identity`] (case number and moment), so
    /// taking in the same verklaring twice keeps it once. All or nothing; durable when it
    /// returns. Returns how many were new. A team store allows it to whoever may destroy
    /// ([`crate::domain::role::Action::Vernietigen`]): a verklaring is evidence.
    fn keep_verklaringen(&self, verklaringen: &[Verklaring]) -> Result<usize> {
        if verklaringen.is_empty() {
            return Ok(0);
        }
        Err(StoreError::Io(
            "deze opslag kan geen verklaringen van vernietiging bewaren".to_string(),
        ))
    }

    /// Makes everything durable at the end of a session. `list` is the case list as the
    /// session holds it (every summary), which a store may keep for a quick next start; with
    /// None the store builds such a list itself if it keeps one (after a batch: `loket gen`).
    fn close(&self, list: Option<&mut dyn Iterator<Item = (CaseKey, &Summary)>>) -> Result<()>;

    /// Puts back a case from a backup with its whole history (each event keeps who and when):
    /// the first events create the case, each later group of events (same person and moment)
    /// is a save of the final case. Works on any store through `create` and `save`; a store
    /// may do it in one go.
    fn restore_case(&self, case: Case, summary: Summary, history: Vec<Event>) -> Result<Created> {
        let mut groups: Vec<(String, DateTime<Utc>, Vec<Change>)> = Vec::new();
        for e in history {
            match groups.last_mut() {
                Some((by, at, changes)) if *by == e.by && *at == e.at => changes.push(e.change),
                _ => groups.push((e.by, e.at, vec![e.change])),
            }
        }
        let later = groups.len().saturating_sub(1);
        let mut groups = groups.into_iter();
        let (by, at, changes) = groups
            .next()
            .unwrap_or_else(|| ("herstel".to_string(), case.created_at, Vec::new()));
        // A restricted case takes no saves but the lifting: it is restricted by its last save
        // (the one that holds the restriction), not before.
        let mut open = case.clone();
        let mut open_summary = summary.clone();
        if later > 0 {
            open.beperkt = None;
            open_summary.beperkt = false;
        }
        let created = self.create(
            NewCase {
                case: open.clone(),
                summary: open_summary.clone(),
                changes,
            },
            &by,
            at,
        )?;
        let mut case = case;
        case.case_id = created.case_id.clone();
        let mut summary = summary;
        summary.case_id = created.case_id.clone();
        open.case_id = created.case_id.clone();
        open_summary.case_id = created.case_id.clone();
        let mut version = created.version;
        for (n, (by, at, changes)) in groups.enumerate() {
            let (case, summary) = if n + 1 == later {
                (&case, &summary)
            } else {
                (&open, &open_summary)
            };
            version = self
                .save(
                    created.key,
                    version,
                    SaveRequest {
                        case,
                        summary,
                        changes: &changes,
                        by: &by,
                        at,
                    },
                )?
                .version;
        }
        Ok(Created { version, ..created })
    }

    /// Whether the stored summaries were computed under another fingerprint.
    fn needs_resegment(&self, fingerprint: &str) -> Result<bool> {
        Ok(match self.meta_get(POLICY_FINGERPRINT_KEY)? {
            Some(f) => f != fingerprint,
            // A store from before fingerprints: only an empty one is known to be current.
            None => self.count()? != 0,
        })
    }

    /// Re-segments when the summaries were made under another fingerprint; records the
    /// fingerprint of a new store. Returns the number of cases re-segmented (0: not needed).
    fn ensure_current(
        &self,
        job: &Resegment<'_>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<usize> {
        if self.needs_resegment(job.fingerprint)? {
            return self.resegment_all(job, progress);
        }
        if self.meta_get(POLICY_FINGERPRINT_KEY)?.is_none() {
            self.meta_set(POLICY_FINGERPRINT_KEY, job.fingerprint)?;
        }
        Ok(0)
    }
}

impl StoreError {
    /// Whether the error is a version conflict (someone else saved first).
    pub fn is_conflict(&self) -> bool {
        matches!(self, StoreError::Conflict { .. })
    }
}
