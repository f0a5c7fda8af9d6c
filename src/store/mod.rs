//! The sled store: the only module that touches the database.
//!
//! Trees: `cases` (key → versioned case record), `summaries` (key → list summary), `ids`
//! (case number → key), `events` (key ++ sequence → history event), `meta` (counters, settings).
//! Keys are big-endian u64, so byte order is creation order. Every change is written together
//! with its history events in one transaction, then flushed before it is reported as saved.

pub mod desk;
mod listcache;
pub mod merge;
mod migrate;
pub mod pg;
pub mod records;
pub mod roles;
pub mod transfer;

pub use records::{Change, Event, Summary, SummaryDeadline};

use crate::domain::case::Case;
use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError, TransactionalTree};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The version of case records this build writes.
pub const CASE_SCHEMA: u32 = 2;

const CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// The meta key of the list snapshot (see `listcache`).
const LIST_SNAPSHOT: &[u8] = b"list_snapshot";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("de gegevens in {0} zijn al geopend in een ander loket-venster; sluit dat eerst af")]
    Locked(PathBuf),
    #[error("de gegevens in {path} konden niet worden geopend: {detail}")]
    Open { path: PathBuf, detail: String },
    #[error("opslaan of lezen mislukt: {0}")]
    Io(String),
    #[error("een opgeslagen record is beschadigd of onleesbaar ({0})")]
    Corrupt(String),
    #[error("zaak {0} bestaat al")]
    Duplicate(String),
    #[error("zaak niet gevonden")]
    NotFound,
    #[error("de teamdatabase {url} is niet bereikbaar: {detail}")]
    Connect { url: String, detail: String },
    /// The case changed in the store since it was loaded (another desk saved it first).
    #[error(
        "zaak {case_id} is intussen door iemand anders gewijzigd (versie {loaded} geladen, nu versie {current}); open de zaak opnieuw"
    )]
    Conflict {
        case_id: String,
        loaded: u64,
        current: u64,
    },
    #[error("{user} ({role}) mag geen {what}")]
    Forbidden {
        user: String,
        role: roles::Role,
        what: String,
    },
    #[error(
        "gebruiker {0} is niet bekend in deze teamdatabase; vraag de teamleider om u toe te voegen (loket gebruiker toevoegen {0} --rol ROL)"
    )]
    UnknownUser(String),
}

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> Self {
        StoreError::Io(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A case's internal key: creation order, never shown to people.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CaseKey(pub u64);

impl CaseKey {
    fn bytes(self) -> [u8; 8] {
        self.0.to_be_bytes()
    }
    fn from_bytes(b: &[u8]) -> Result<CaseKey> {
        let arr: [u8; 8] = b
            .try_into()
            .map_err(|_| StoreError::Corrupt("sleutel heeft niet 8 bytes".into()))?;
        Ok(CaseKey(u64::from_be_bytes(arr)))
    }
}

#[derive(Serialize, Deserialize)]
struct EventRecord {
    schema: u32,
    event: Event,
}

pub struct Store {
    db: sled::Db,
    path: PathBuf,
    cases: sled::Tree,
    summaries: sled::Tree,
    ids: sled::Tree,
    events: sled::Tree,
    meta: sled::Tree,
    /// The list snapshot may be in `meta`: the first write of this session must remove it.
    snapshot_maybe_present: AtomicBool,
    /// The list snapshot in `meta` equals the summaries (read or written in this session).
    snapshot_valid: AtomicBool,
    /// Summaries the last scan could not read (left out of the list, never a reason to fail).
    unreadable_summaries: AtomicUsize,
    /// A create or save returned an error this session.
    write_failed: AtomicBool,
}

/// A new case as it goes into the store: the wanted case number is kept when it is free.
pub struct NewCase {
    pub case: Case,
    pub summary: Summary,
    pub changes: Vec<Change>,
}

impl Store {
    /// Opens (or creates) the store in `dir`. A store held by another process gives `Locked`.
    pub fn open(dir: &Path) -> Result<Store> {
        let db = sled::Config::new()
            .path(dir)
            .cache_capacity(CACHE_BYTES)
            .open()
            .map_err(|e| match e {
                sled::Error::Io(ref io) if io.to_string().contains("could not acquire lock") => {
                    StoreError::Locked(dir.to_path_buf())
                }
                other => StoreError::Open {
                    path: dir.to_path_buf(),
                    detail: other.to_string(),
                },
            })?;
        let store = Store {
            cases: db.open_tree("cases")?,
            summaries: db.open_tree("summaries")?,
            ids: db.open_tree("ids")?,
            events: db.open_tree("events")?,
            meta: db.open_tree("meta")?,
            path: dir.to_path_buf(),
            db,
            snapshot_maybe_present: AtomicBool::new(true),
            snapshot_valid: AtomicBool::new(false),
            unreadable_summaries: AtomicUsize::new(0),
            write_failed: AtomicBool::new(false),
        };
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn len(&self) -> usize {
        self.cases.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cases.is_empty()
    }

    /// Makes everything written so far durable. Only after this may the UI say "opgeslagen".
    pub fn flush(&self) -> Result<()> {
        self.db.flush()?;
        Ok(())
    }

    /// Stores a new case with its first events. The case number is `case.case_id` when that is
    /// non-empty and free, else a new "JJJJ-NNNNN" number; the number used is returned.
    pub fn create(&self, new: NewCase, by: &str, at: DateTime<Utc>) -> Result<(CaseKey, String)> {
        let result = self
            .create_unflushed(new, by, at)
            .and_then(|created| self.flush().map(|()| created));
        self.note_failure(result)
    }

    /// Remembers that a write failed this session (see `snapshot_allowed`).
    fn note_failure<T>(&self, result: Result<T>) -> Result<T> {
        if result.is_err() {
            self.write_failed.store(true, Ordering::SeqCst);
        }
        result
    }

    /// Like `create`, without the flush: for batches that flush once at the end (import).
    pub fn create_unflushed(
        &self,
        mut new: NewCase,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<(CaseKey, String)> {
        self.invalidate_snapshot()?;
        let year = at.year();
        let wanted = new.case.case_id.trim().to_string();
        let result = (
            &self.cases,
            &self.summaries,
            &self.ids,
            &self.events,
            &self.meta,
        )
            .transaction(|(cases, summaries, ids, events, meta)| {
                let id = if !wanted.is_empty() && ids.get(wanted.as_bytes())?.is_none() {
                    wanted.clone()
                } else {
                    next_case_number(ids, meta, year)?
                };
                let key = CaseKey(meta_counter(meta, b"next_key")?);
                let mut case = new.case.clone();
                case.case_id = id.clone();
                let mut summary = new.summary.clone();
                summary.case_id = id.clone();
                ids.insert(id.as_bytes(), &key.bytes())?;
                cases.insert(
                    &key.bytes(),
                    encode(&migrate::CaseRecordOut::new(&case)).map_err(abort)?,
                )?;
                summaries.insert(&key.bytes(), encode(&summary).map_err(abort)?)?;
                write_events(events, key, &new.changes, by, at)?;
                Ok((key, id))
            })
            .map_err(tx_error)?;
        new.case.case_id = result.1.clone();
        Ok(result)
    }

    /// Saves the whole case, its summary and the events that describe the change, atomically,
    /// then flushes.
    pub fn save(
        &self,
        key: CaseKey,
        case: &Case,
        summary: &Summary,
        changes: &[Change],
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let result = self.save_unguarded(key, case, summary, changes, by, at);
        self.note_failure(result)
    }

    fn save_unguarded(
        &self,
        key: CaseKey,
        case: &Case,
        summary: &Summary,
        changes: &[Change],
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        self.invalidate_snapshot()?;
        let record = encode(&migrate::CaseRecordOut::new(case))?;
        let summary_bytes = encode(summary)?;
        (&self.cases, &self.summaries, &self.events)
            .transaction(|(cases, summaries, events)| {
                if cases.get(key.bytes())?.is_none() {
                    return Err(ConflictableTransactionError::Abort(StoreError::NotFound));
                }
                cases.insert(&key.bytes(), record.clone())?;
                summaries.insert(&key.bytes(), summary_bytes.clone())?;
                write_events(events, key, changes, by, at)?;
                Ok(())
            })
            .map_err(tx_error)?;
        self.flush()
    }

    /// Replaces only the summary (derived data, e.g. after a policy change). Not flushed.
    pub fn put_summary(&self, key: CaseKey, summary: &Summary) -> Result<()> {
        self.invalidate_snapshot()?;
        self.summaries.insert(key.bytes(), encode(summary)?)?;
        Ok(())
    }

    pub fn load(&self, key: CaseKey) -> Result<Case> {
        let bytes = self.cases.get(key.bytes())?.ok_or(StoreError::NotFound)?;
        migrate::decode_case(&bytes)
    }

    pub fn key_of(&self, case_id: &str) -> Result<Option<CaseKey>> {
        self.ids
            .get(case_id.as_bytes())?
            .map(|b| CaseKey::from_bytes(&b))
            .transpose()
    }

    /// Every summary in creation order: from the list snapshot when there is a current one (one
    /// read and a compact decode), else by scanning the `summaries` tree.
    pub fn summaries(&self) -> Result<Vec<(CaseKey, Summary)>> {
        if self.snapshot_maybe_present.load(Ordering::SeqCst)
            && let Some(bytes) = self.meta.get(LIST_SNAPSHOT)?
            && let Some(rows) = listcache::decode(&bytes, self.next_key()?)
        {
            self.snapshot_valid.store(true, Ordering::SeqCst);
            return Ok(rows);
        }
        self.summaries_scan()
    }

    /// Every summary in creation order, read from the `summaries` tree itself.
    /// A summary that cannot be decoded is left out and counted (see `unreadable_summaries`):
    /// one damaged record must not keep every other case from the list. Read errors still fail.
    pub fn summaries_scan(&self) -> Result<Vec<(CaseKey, Summary)>> {
        let mut rows = Vec::with_capacity(self.summaries.len());
        let mut unreadable = 0;
        for kv in self.summaries.iter() {
            let (k, v) = kv?;
            match (CaseKey::from_bytes(&k), decode::<Summary>(&v)) {
                (Ok(key), Ok(summary)) => rows.push((key, summary)),
                _ => unreadable += 1,
            }
        }
        self.unreadable_summaries
            .store(unreadable, Ordering::SeqCst);
        Ok(rows)
    }

    /// How many summaries the last scan had to leave out.
    pub fn unreadable_summaries(&self) -> usize {
        self.unreadable_summaries.load(Ordering::SeqCst)
    }

    /// Every case in creation order, decoded (and migrated) one at a time.
    pub fn cases(&self) -> impl Iterator<Item = Result<(CaseKey, Case)>> + '_ {
        self.cases.iter().map(|kv| {
            let (k, v) = kv?;
            Ok((CaseKey::from_bytes(&k)?, migrate::decode_case(&v)?))
        })
    }

    /// Writes the list snapshot of `rows` (every summary, as the list holds them) and flushes.
    /// Called at a clean exit, so the next start-up reads one value instead of scanning.
    pub fn write_snapshot<'a>(
        &self,
        rows: impl Iterator<Item = (CaseKey, &'a Summary)>,
    ) -> Result<()> {
        let mut rows: Vec<(CaseKey, &Summary)> = rows.collect();
        rows.sort_unstable_by_key(|(k, _)| *k);
        let bytes = listcache::encode(self.next_key()?, rows.into_iter());
        self.meta.insert(LIST_SNAPSHOT, bytes)?;
        self.flush()?;
        self.snapshot_maybe_present.store(true, Ordering::SeqCst);
        self.snapshot_valid.store(true, Ordering::SeqCst);
        Ok(())
    }

    /// Rebuilds the list snapshot from the `summaries` tree (after a batch: gen, import).
    pub fn refresh_snapshot(&self) -> Result<()> {
        let rows = self.summaries_scan()?;
        if !self.snapshot_allowed() {
            return Ok(());
        }
        self.write_snapshot(rows.iter().map(|(k, s)| (*k, s)))
    }

    /// Whether the list snapshot is known to equal the summaries (nothing to write at exit).
    pub fn snapshot_is_current(&self) -> bool {
        self.snapshot_valid.load(Ordering::SeqCst)
    }

    /// Removes the list snapshot before the first write of a session. It is written to the log
    /// before that write, so no later state of the store can carry a stale snapshot.
    fn invalidate_snapshot(&self) -> Result<()> {
        self.snapshot_valid.store(false, Ordering::SeqCst);
        if self.snapshot_maybe_present.load(Ordering::SeqCst) {
            self.meta.remove(LIST_SNAPSHOT)?;
            // Only once the removal is written may later writes skip it.
            self.snapshot_maybe_present.store(false, Ordering::SeqCst);
        }
        Ok(())
    }

    /// Whether the list snapshot may be written now: not when some summary could not be read
    /// (the snapshot would hide that case) nor after a write failed this session (the list in
    /// memory may differ from the store).
    pub fn snapshot_allowed(&self) -> bool {
        self.unreadable_summaries() == 0 && !self.write_failed.load(Ordering::SeqCst)
    }

    /// The key counter: changes with every created case.
    fn next_key(&self) -> Result<u64> {
        Ok(match self.meta.get(b"next_key")? {
            Some(b) => u64::from_be_bytes(
                b.as_ref()
                    .try_into()
                    .map_err(|_| StoreError::Corrupt("teller beschadigd".into()))?,
            ),
            None => 0,
        })
    }

    /// Every case record in creation order, undecoded (decode with [`decode_case_record`]),
    /// so a batch can decode on several threads.
    pub fn case_records(&self) -> impl Iterator<Item = Result<(CaseKey, sled::IVec)>> + '_ {
        self.cases.iter().map(|kv| {
            let (k, v) = kv?;
            Ok((CaseKey::from_bytes(&k)?, v))
        })
    }

    /// Replaces a summary only when it differs from the stored one; true when it was written.
    /// Not flushed. Re-segmentation after a small policy change rewrites few summaries.
    pub fn put_summary_if_changed(&self, key: CaseKey, summary: &Summary) -> Result<bool> {
        let bytes = encode(summary)?;
        if self.summaries.get(key.bytes())?.as_deref() == Some(&bytes[..]) {
            return Ok(false);
        }
        self.invalidate_snapshot()?;
        self.summaries.insert(key.bytes(), bytes)?;
        Ok(true)
    }

    /// Every case key in creation order.
    pub fn keys(&self) -> impl Iterator<Item = Result<CaseKey>> + '_ {
        self.cases.iter().keys().map(|k| CaseKey::from_bytes(&k?))
    }

    /// The history of a case, oldest first.
    pub fn history(&self, key: CaseKey) -> Result<Vec<Event>> {
        self.events
            .scan_prefix(key.bytes())
            .values()
            .map(|v| {
                let bytes = v?;
                let rec: EventRecord = decode(&bytes)?;
                Ok(rec.event)
            })
            .collect()
    }

    pub fn meta_get(&self, name: &str) -> Result<Option<String>> {
        Ok(self
            .meta
            .get(name.as_bytes())?
            .map(|v| String::from_utf8_lossy(&v).into_owned()))
    }

    pub fn meta_set(&self, name: &str, value: &str) -> Result<()> {
        self.meta.insert(name.as_bytes(), value.as_bytes())?;
        Ok(())
    }

    /// Bytes on disk.
    pub fn size_on_disk(&self) -> Result<u64> {
        Ok(self.db.size_on_disk()?)
    }

    /// A raw sled tree in the same database: for benchmarks that measure the floor beside the
    /// real path. Never used by the program itself.
    #[doc(hidden)]
    pub fn raw_tree(&self, name: &str) -> Result<sled::Tree> {
        Ok(self.db.open_tree(name)?)
    }

    /// Writes a raw, possibly old-version case record: for migration tests only.
    #[doc(hidden)]
    pub fn put_raw_case(&self, case_id: &str, record: &[u8]) -> Result<CaseKey> {
        self.invalidate_snapshot()?;
        let key = CaseKey(self.db.generate_id()? + 1_000_000_000);
        self.cases.insert(key.bytes(), record)?;
        self.ids.insert(case_id.as_bytes(), &key.bytes())?;
        self.flush()?;
        Ok(key)
    }
}

/// Decodes (and migrates) one case record as [`Store::case_records`] gives it.
pub fn decode_case_record(bytes: &[u8]) -> Result<Case> {
    migrate::decode_case(bytes)
}

fn encode<T: Serialize>(v: &T) -> std::result::Result<Vec<u8>, StoreError> {
    serde_json::to_vec(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn decode<'a, T: Deserialize<'a>>(b: &'a [u8]) -> Result<T> {
    serde_json::from_slice(b).map_err(|e| StoreError::Corrupt(e.to_string()))
}

type TxResult<T> = std::result::Result<T, ConflictableTransactionError<StoreError>>;

fn abort(e: StoreError) -> ConflictableTransactionError<StoreError> {
    ConflictableTransactionError::Abort(e)
}

fn tx_error(e: TransactionError<StoreError>) -> StoreError {
    match e {
        TransactionError::Abort(e) => e,
        TransactionError::Storage(e) => e.into(),
    }
}

/// Increments and returns a u64 counter in `meta` (starting at 1).
fn meta_counter(meta: &TransactionalTree, name: &[u8]) -> TxResult<u64> {
    let current = match meta.get(name)? {
        Some(b) => {
            let arr: [u8; 8] = b
                .as_ref()
                .try_into()
                .map_err(|_| abort(StoreError::Corrupt("teller beschadigd".into())))?;
            u64::from_be_bytes(arr)
        }
        None => 0,
    };
    let next = current + 1;
    meta.insert(name, &next.to_be_bytes())?;
    Ok(next)
}

/// The next free case number of the year: "2026-00001", "2026-00002", …
fn next_case_number(
    ids: &TransactionalTree,
    meta: &TransactionalTree,
    year: i32,
) -> TxResult<String> {
    let counter = format!("seq:{year}");
    loop {
        let n = meta_counter(meta, counter.as_bytes())?;
        let id = format!("{year}-{n:05}");
        if ids.get(id.as_bytes())?.is_none() {
            return Ok(id);
        }
    }
}

fn write_events(
    events: &TransactionalTree,
    key: CaseKey,
    changes: &[Change],
    by: &str,
    at: DateTime<Utc>,
) -> TxResult<()> {
    for change in changes {
        let seq = events.generate_id()?;
        let mut k = Vec::with_capacity(16);
        k.extend_from_slice(&key.bytes());
        k.extend_from_slice(&seq.to_be_bytes());
        let event = Event {
            at,
            by: by.to_string(),
            change: change.clone(),
        };
        let rec = EventRecord { schema: 1, event };
        events.insert(k, encode(&rec).map_err(abort)?)?;
    }
    Ok(())
}
