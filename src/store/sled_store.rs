//! The sled store: the embedded implementation of [`CaseStore`], and the only code that
//! touches sled.
//!
//! Trees: `cases` (key → versioned case record), `summaries` (key → list summary), `ids`
//! (case number → key), `events` (key ++ sequence → history event), `versions` (key → the case's
//! version), `access` (key ++ sequence → access-log entry), `meta` (counters, settings),
//! `verklaringen` (sequence → verklaring van vernietiging, oldest first).
//! Keys are big-endian u64, so byte order is creation order. Every change is written together
//! with its history events in one transaction, then flushed before it is reported as saved.

mod floor;
pub use floor::FloorTree;
pub(super) mod listcache;
pub(super) mod migrate;
mod reading;
mod recover;
pub use recover::EVIDENCE_KEPT;
mod resegment;
mod transfer;

use super::case_store::{
    AccessContext, AccessEntry, BatchCase, CaseStore, ChangeCursor, ChangedElsewhere, Created,
    Listing, Loaded, NewCase, Resegment, SaveRequest, Saved, Version,
};
use super::{CaseKey, Result, StoreError};
use crate::domain::case::Case;
use crate::domain::history::{Change, Event};
use crate::domain::retention::Verklaring;
use crate::domain::summary::Summary;
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

/// How often a batch is flushed. Small on purpose: sled 0.34.7 can deadlock when many unflushed
/// log buffers pile up while it truncates its file (its IO threads all wait for the segment
/// lock that a writer holds while waiting for the truncation, which is queued behind them;
/// spacejam/sled#1412). Flushing every few hundred cases keeps at most a buffer or two in
/// flight, and costs little.
const FLUSH_EVERY: usize = 250;

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> Self {
        match e {
            sled::Error::Io(ref io) => StoreError::Io(super::io_text(io)),
            sled::Error::Corruption { .. } => {
                StoreError::Corrupt("de opslag is op deze plek beschadigd".into())
            }
            other => StoreError::Io(other.to_string()),
        }
    }
}

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

/// The one thing of a stored case record a save must know: whether it is restricted.
#[derive(Deserialize)]
struct BeperktProbe {
    #[serde(default)]
    case: Option<CaseProbe>,
}

#[derive(Deserialize)]
struct CaseProbe {
    #[serde(default)]
    beperkt: Option<serde::de::IgnoredAny>,
}

#[derive(Serialize, Deserialize)]
struct VerklaringRecord {
    schema: u32,
    verklaring: Verklaring,
}

#[derive(Serialize, Deserialize)]
struct AccessRecord {
    schema: u32,
    #[serde(flatten)]
    entry: AccessEntry,
}

pub struct SledStore {
    db: sled::Db,
    path: PathBuf,
    cases: sled::Tree,
    summaries: sled::Tree,
    ids: sled::Tree,
    events: sled::Tree,
    versions: sled::Tree,
    access: sled::Tree,
    meta: sled::Tree,
    /// Verklaringen van vernietiging (sequence → record): what was destroyed, no personal data.
    verklaringen: sled::Tree,
    /// The list snapshot may be in `meta`: the first write of this session must remove it.
    snapshot_maybe_present: AtomicBool,
    /// The list snapshot in `meta` equals the summaries (read or written in this session).
    snapshot_valid: AtomicBool,
    /// Summaries the last scan could not read (left out of the list, never a reason to fail).
    unreadable_summaries: AtomicUsize,
    /// The list snapshot as read while opening for the workbench (beside the count check, on
    /// another core); taken by the first listing, dropped at any write or snapshot rewrite.
    prefetched: std::sync::Mutex<Option<Vec<(CaseKey, Summary)>>>,
    /// A create or save returned an error this session.
    write_failed: AtomicBool,
    /// The count last written to the sidecar file (see `recover`).
    sidecar: std::sync::atomic::AtomicU64,
    /// Opened for a read-only command (see `reading`): reads logged at the end; on a full
    /// disk opened through a scratch directory, and nothing written.
    reading: Option<Box<reading::Reading>>,
    /// loket's own lock on the directory (released when the store is dropped, after sled).
    _lock: recover::DirLock,
}

impl SledStore {
    /// Opens (or creates) the store in `dir`. A store held by another process gives `Locked`;
    /// a damaged one (fewer cases than it counted, unreadable files, a panic inside sled) gives
    /// `Open` with a Dutch explanation, and is never changed by the attempt.
    pub fn open(dir: &Path) -> Result<SledStore> {
        Self::open_with(dir, None, false)
    }

    /// As [`SledStore::open`], for the workbench, whose first frame lists every case: the list
    /// snapshot is read on a second core while the count check runs, and handed to the first
    /// listing. Other commands do not pay for a list they never show.
    pub fn open_to_list(dir: &Path) -> Result<SledStore> {
        Self::open_with(dir, None, true)
    }

    /// Opens the store for a read-only command (`report`, `export`, `controleer`): its reads
    /// are logged at the end by [`SledStore::finish_reading`]. On a full disk, where sled
    /// cannot write the snapshot it writes at every open, the store is opened through a
    /// scratch directory and nothing is written (see `reading`).
    pub fn open_for_reading(dir: &Path) -> Result<SledStore> {
        match Self::open_with(dir, Some(Box::new(reading::Reading::new(None))), false) {
            Err(e) if reading::is_disk_full(&e) => {
                let scratch = reading::Scratch::make(dir)?;
                let reading = Some(Box::new(reading::Reading::new(Some(scratch))));
                Self::open_with(dir, reading, false)
            }
            other => other,
        }
    }

    /// Whether this store was opened read-only on a full disk (nothing is written).
    pub fn disk_full(&self) -> bool {
        self.reading.as_ref().is_some_and(|r| r.disk_full)
    }

    fn open_with(
        dir: &Path,
        reading: Option<Box<reading::Reading>>,
        list: bool,
    ) -> Result<SledStore> {
        let lock = recover::lock_and_clean(dir)?;
        let full = reading.as_ref().is_some_and(|r| r.disk_full);
        // On a full disk nothing is written in the store's directory: no copies either (sled
        // writes its snapshot in the scratch directory, never over the evidence).
        let evidence = if full {
            None
        } else {
            recover::keep_evidence(dir)
        };
        let named = evidence.clone().or_else(|| recover::earlier_evidence(dir));
        let opened = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            Self::open_locked(dir, lock, named.as_deref(), reading, list)
        }));
        let result = match opened {
            Ok(r) => r,
            Err(_) => Err(StoreError::Open {
                path: dir.to_path_buf(),
                detail: "de opslag is beschadigd (de opslagbibliotheek liep vast bij het lezen)"
                    .into(),
            }),
        };
        if result.is_ok()
            && let Some(e) = &evidence
        {
            // The store proved complete: the copy is not needed.
            let _ = std::fs::remove_dir_all(e);
        }
        if result.is_ok() {
            // Owner-only (0700/0600), also for a store made before loket did this. Best effort:
            // a file that cannot be changed (another owner) does not keep the store closed.
            let _ = crate::format::private::tighten_tree(dir);
        }
        if !full {
            recover::prune_evidence(dir);
        }
        result
    }

    fn open_locked(
        dir: &Path,
        lock: recover::DirLock,
        evidence: Option<&Path>,
        reading: Option<Box<reading::Reading>>,
        list: bool,
    ) -> Result<SledStore> {
        let sled_dir = match reading.as_ref().and_then(|r| r._scratch.as_ref()) {
            Some(scratch) => scratch.path().to_path_buf(),
            None => dir.to_path_buf(),
        };
        let full = reading.as_ref().is_some_and(|r| r.disk_full);
        let db = sled::Config::new()
            .path(&sled_dir)
            .cache_capacity(CACHE_BYTES)
            .open()
            .map_err(|e| match e {
                sled::Error::Io(ref io) if io.to_string().contains("could not acquire lock") => {
                    StoreError::Locked(dir.to_path_buf())
                }
                sled::Error::Corruption { .. } => StoreError::Open {
                    path: dir.to_path_buf(),
                    detail: "de opslag is beschadigd (onleesbare gegevens)".into(),
                },
                sled::Error::Io(ref io) if io.raw_os_error() == Some(28) => StoreError::Open {
                    path: dir.to_path_buf(),
                    detail: reading::DISK_FULL_AT_OPEN.into(),
                },
                sled::Error::Io(ref io) => StoreError::Open {
                    path: dir.to_path_buf(),
                    detail: super::io_text(io),
                },
                other => StoreError::Open {
                    path: dir.to_path_buf(),
                    detail: other.to_string(),
                },
            })?;
        let store = SledStore {
            cases: db.open_tree("cases")?,
            summaries: db.open_tree("summaries")?,
            ids: db.open_tree("ids")?,
            events: db.open_tree("events")?,
            versions: db.open_tree("versions")?,
            access: db.open_tree("access")?,
            meta: db.open_tree("meta")?,
            verklaringen: db.open_tree("verklaringen")?,
            path: dir.to_path_buf(),
            db,
            snapshot_maybe_present: AtomicBool::new(true),
            snapshot_valid: AtomicBool::new(false),
            unreadable_summaries: AtomicUsize::new(0),
            prefetched: std::sync::Mutex::new(None),
            // On a full disk the list snapshot is never written (nothing is).
            write_failed: AtomicBool::new(full),
            sidecar: std::sync::atomic::AtomicU64::new(u64::MAX),
            reading,
            _lock: lock,
        };
        if !list {
            store.check_count(evidence)?;
            return Ok(store);
        }
        // The count check walks the `ids` tree; meanwhile another core reads the list snapshot
        // that the first listing will want (at 100k cases each takes tens of milliseconds).
        // (Scanning the summaries here when there is no snapshot was tried: both then compete
        // for the two cores and the start after a crash was no faster.) No thread to be had:
        // the listing reads the snapshot itself later.
        let (checked, snapshot) = std::thread::scope(|scope| {
            let snapshot = std::thread::Builder::new()
                .name("loket-lijst".into())
                .spawn_scoped(scope, || store.read_snapshot());
            let checked = store.check_count(evidence);
            (checked, snapshot.ok().map(|s| s.join()))
        });
        checked?;
        if let Some(Ok(Ok(Some(rows)))) = snapshot {
            store.set_prefetched(Some(rows));
        }
        Ok(store)
    }

    /// Compares the cases present with the store's own tally: the sidecar file (outside the
    /// log) and the count in `meta`. Fewer cases, or the right number of other cases, is
    /// refused. A store from before the tally gets one now, when the disk allows.
    fn check_count(&self, evidence: Option<&Path>) -> Result<()> {
        let mut found = 0u64;
        let mut digest = 0u64;
        // The `ids` tree (case number → key, written with every case) is small: reading it is
        // far cheaper than reading the case records.
        for v in self.ids.iter().values() {
            found += 1;
            digest ^= recover::key_mix(CaseKey::from_bytes(&v?)?.0);
        }
        let refuse = |detail: String| {
            Err(StoreError::Open {
                path: self.path.clone(),
                detail,
            })
        };
        match recover::read_sidecar(&self.path) {
            Some(t) if found < t.count => {
                return refuse(recover::missing_text(found, t.count, evidence));
            }
            Some(t) if found == t.count && digest != t.digest => {
                return refuse(recover::other_keys_text(evidence));
            }
            Some(t) => self.sidecar.store(t.count, Ordering::SeqCst),
            None => self.sidecar.store(u64::MAX, Ordering::SeqCst),
        }
        match self.meta.get(recover::RECORD_COUNT)? {
            Some(b) if found < decode_u64(&b)? => {
                return refuse(recover::missing_text(found, decode_u64(&b)?, evidence));
            }
            Some(_) if self.meta.get(recover::KEY_DIGEST)?.is_some() => {}
            _ if self.disk_full() => {}
            _ => {
                // A store from before the tally: start it from what is there.
                let written = self
                    .meta
                    .insert(recover::RECORD_COUNT, &found.to_be_bytes())
                    .and_then(|_| self.meta.insert(recover::KEY_DIGEST, &digest.to_be_bytes()));
                if written.is_ok() {
                    let _ = self.flush();
                }
            }
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Makes everything written so far durable.
    pub fn flush(&self) -> Result<()> {
        if self.disk_full() {
            return Ok(());
        }
        self.db.flush()?;
        // Only now is the tally durable: record it outside the log (see `recover`).
        if let (Some(c), Some(d)) = (
            self.meta.get(recover::RECORD_COUNT)?,
            self.meta.get(recover::KEY_DIGEST)?,
        ) && let (Ok(count), Ok(digest)) = (decode_u64(&c), decode_u64(&d))
            && self.sidecar.swap(count, Ordering::SeqCst) != count
            && recover::write_sidecar(&self.path, recover::Tally { count, digest }).is_err()
        {
            self.sidecar.store(u64::MAX, Ordering::SeqCst);
        }
        Ok(())
    }

    /// Bytes on disk.
    pub fn size_on_disk(&self) -> Result<u64> {
        Ok(self.db.size_on_disk()?)
    }

    /// Remembers that a write failed this session (see `snapshot_allowed`).
    fn note_failure<T>(&self, result: Result<T>) -> Result<T> {
        if result.is_err() {
            self.write_failed.store(true, Ordering::SeqCst);
        }
        result
    }

    /// Stores a new case without flushing (batches flush every few hundred).
    fn create_unflushed(&self, new: NewCase, by: &str, at: DateTime<Utc>) -> Result<Created> {
        self.invalidate_snapshot()?;
        let year = at.year();
        let wanted = new.case.case_id.trim().to_string();
        let (key, case_id) = (
            &self.cases,
            &self.summaries,
            &self.ids,
            &self.events,
            &self.versions,
            &self.meta,
        )
            .transaction(|(cases, summaries, ids, events, versions, meta)| {
                let id = if !wanted.is_empty() && ids.get(wanted.as_bytes())?.is_none() {
                    wanted.clone()
                } else {
                    next_case_number(ids, meta, year)?
                };
                let key = CaseKey(meta_counter(meta, b"next_key")?);
                meta_counter(meta, recover::RECORD_COUNT)?;
                toggle_key_digest(meta, key)?;
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
                versions.insert(&key.bytes(), &1u64.to_be_bytes())?;
                write_events(events, key, &new.changes, by, at)?;
                Ok((key, id))
            })
            .map_err(tx_error)?;
        Ok(Created {
            key,
            case_id,
            version: Version(1),
        })
    }

    fn save_unguarded(&self, key: CaseKey, base: Version, r: SaveRequest<'_>) -> Result<Saved> {
        self.invalidate_snapshot()?;
        let record = encode(&migrate::CaseRecordOut::new(r.case))?;
        let summary_bytes = encode(r.summary)?;
        let version = (&self.cases, &self.summaries, &self.events, &self.versions)
            .transaction(|(cases, summaries, events, versions)| {
                let current = match versions.get(key.bytes())? {
                    Some(v) => Version(decode_u64(&v).map_err(abort)?),
                    None if cases.get(key.bytes())?.is_some() => Version(0),
                    None => return Err(abort(StoreError::NotFound)),
                };
                if current != base {
                    return Err(abort(StoreError::Conflict {
                        case_id: r.case.case_id.clone(),
                        loaded: base,
                        current,
                    }));
                }
                // A restricted case takes nothing but the lifting of the restriction.
                let was_beperkt = cases
                    .get(key.bytes())?
                    .and_then(|b| serde_json::from_slice::<BeperktProbe>(&b).ok())
                    .is_some_and(|p| p.case.is_some_and(|c| c.beperkt.is_some()));
                if !crate::domain::beperking::allows(was_beperkt, r.changes) {
                    return Err(abort(StoreError::Beperkt(r.case.case_id.clone())));
                }
                let next = Version(current.0 + 1);
                cases.insert(&key.bytes(), record.clone())?;
                summaries.insert(&key.bytes(), summary_bytes.clone())?;
                versions.insert(&key.bytes(), &next.0.to_be_bytes())?;
                write_events(events, key, r.changes, r.by, r.at)?;
                Ok(next)
            })
            .map_err(tx_error)?;
        self.flush()?;
        Ok(Saved { version })
    }

    /// Removes a case and everything under its key, keeps the verklaring and corrects the
    /// store's tally of cases, in one transaction; then flushes.
    fn destroy_unguarded(&self, key: CaseKey, verklaring: &Verklaring) -> Result<()> {
        self.invalidate_snapshot()?;
        // The store is locked to this process: the keys listed here are all there are.
        let prefixed = |tree: &sled::Tree| -> Result<Vec<sled::IVec>> {
            Ok(tree
                .scan_prefix(key.bytes())
                .keys()
                .collect::<std::result::Result<Vec<_>, _>>()?)
        };
        let event_keys = prefixed(&self.events)?;
        let access_keys = prefixed(&self.access)?;
        let record = encode(&VerklaringRecord {
            schema: 1,
            verklaring: verklaring.clone(),
        })?;
        let seq = self.db.generate_id()?.to_be_bytes();
        let id = verklaring.zaaknummer.clone();
        (
            &self.cases,
            &self.summaries,
            &self.ids,
            &self.events,
            &self.versions,
            &self.access,
            &self.meta,
            &self.verklaringen,
        )
            .transaction(
                |(cases, summaries, ids, events, versions, access, meta, verklaringen)| {
                    if cases.remove(&key.bytes())?.is_none() {
                        return Err(abort(StoreError::NotFound));
                    }
                    match ids.get(id.as_bytes())? {
                        Some(k) if k.as_ref() == &key.bytes()[..] => {
                            ids.remove(id.as_bytes())?;
                        }
                        _ => {
                            return Err(abort(StoreError::Corrupt(format!(
                                "zaaknummer {id} hoort niet bij deze zaak"
                            ))));
                        }
                    }
                    summaries.remove(&key.bytes())?;
                    versions.remove(&key.bytes())?;
                    for k in &event_keys {
                        events.remove(k.clone())?;
                    }
                    for k in &access_keys {
                        access.remove(k.clone())?;
                    }
                    let count = match meta.get(recover::RECORD_COUNT)? {
                        Some(b) => decode_u64(&b).map_err(abort)?,
                        None => 1,
                    };
                    meta.insert(
                        recover::RECORD_COUNT,
                        &count.saturating_sub(1).to_be_bytes(),
                    )?;
                    toggle_key_digest(meta, key)?;
                    verklaringen.insert(&seq, record.clone())?;
                    Ok(())
                },
            )
            .map_err(tx_error)?;
        self.flush()
    }

    /// Keeps the verklaringen whose identity the store does not hold yet, after those already
    /// there, in one transaction; then flushes. Returns how many were new.
    fn keep_verklaringen_new(&self, verklaringen: &[Verklaring]) -> Result<usize> {
        if verklaringen.is_empty() {
            return Ok(0);
        }
        if self.disk_full() {
            return Err(StoreError::Io(
                "de schijf is vol: de opslag is alleen geopend om te lezen".into(),
            ));
        }
        // The store is locked to this process: what is read here is all there is.
        let present = CaseStore::verklaringen(self)?;
        let mut known: std::collections::HashSet<(&str, DateTime<Utc>)> =
            present.iter().map(Verklaring::identity).collect();
        let mut fresh = Vec::new();
        for v in verklaringen {
            if known.insert(v.identity()) {
                let record = encode(&VerklaringRecord {
                    schema: 1,
                    verklaring: v.clone(),
                })?;
                fresh.push((self.db.generate_id()?.to_be_bytes(), record));
            }
        }
        if fresh.is_empty() {
            return Ok(0);
        }
        self.verklaringen
            .transaction(|tree| {
                for (seq, record) in &fresh {
                    tree.insert(&seq[..], record.clone())?;
                }
                Ok::<_, ConflictableTransactionError<StoreError>>(())
            })
            .map_err(tx_error)?;
        self.flush()?;
        Ok(fresh.len())
    }

    /// Every summary in creation order: from the list snapshot when there is a current one (one
    /// read and a compact decode), else by scanning the `summaries` tree.
    fn summaries(&self) -> Result<Vec<(CaseKey, Summary)>> {
        let snapshot = match self.take_prefetched() {
            Some(rows) => Some(rows),
            None => self.read_snapshot()?,
        };
        if let Some(rows) = snapshot {
            self.snapshot_valid.store(true, Ordering::SeqCst);
            self.unreadable_summaries.store(0, Ordering::SeqCst);
            return Ok(rows);
        }
        self.summaries_scan()
    }

    /// The rows of the list snapshot when there is a current one.
    fn read_snapshot(&self) -> Result<Option<Vec<(CaseKey, Summary)>>> {
        if !self.snapshot_maybe_present.load(Ordering::SeqCst) {
            return Ok(None);
        }
        Ok(match self.meta.get(LIST_SNAPSHOT)? {
            Some(bytes) => listcache::decode(&bytes, self.next_key()?),
            None => None,
        })
    }

    fn take_prefetched(&self) -> Option<Vec<(CaseKey, Summary)>> {
        // A poisoned lock only means a panic elsewhere: the rows are then read again.
        self.prefetched.lock().ok().and_then(|mut p| p.take())
    }

    fn set_prefetched(&self, rows: Option<Vec<(CaseKey, Summary)>>) {
        if let Ok(mut p) = self.prefetched.lock() {
            *p = rows;
        }
    }

    /// Every summary in creation order, read from the `summaries` tree itself (never from the
    /// list snapshot). A summary that cannot be decoded is left out and counted: one damaged
    /// record must not keep every other case from the list. Read errors still fail.
    pub fn summaries_scan(&self) -> Result<Vec<(CaseKey, Summary)>> {
        let threads = resegment::threads();
        let mut rows = Vec::new();
        let mut unreadable = 0;
        let mut records = self.summaries.iter();
        loop {
            // Read a batch, then decode it on every core (the JSON decode is most of the scan).
            let batch = resegment::next_batch(&mut records)?;
            if batch.is_empty() {
                break;
            }
            let decoded = resegment::on_threads(&batch, threads, &|v| decode::<Summary>(v).ok());
            for ((k, _), summary) in batch.iter().zip(decoded) {
                match (CaseKey::from_bytes(k), summary) {
                    (Ok(key), Some(summary)) => rows.push((key, summary)),
                    _ => unreadable += 1,
                }
            }
        }
        self.unreadable_summaries
            .store(unreadable, Ordering::SeqCst);
        Ok(rows)
    }

    /// Writes the list snapshot of `rows` (every summary, as the list holds them) and flushes.
    fn write_snapshot<'a>(&self, rows: impl Iterator<Item = (CaseKey, &'a Summary)>) -> Result<()> {
        let mut rows: Vec<(CaseKey, &Summary)> = rows.collect();
        rows.sort_unstable_by_key(|(k, _)| *k);
        let bytes = listcache::encode(self.next_key()?, rows.into_iter());
        self.set_prefetched(None);
        self.meta.insert(LIST_SNAPSHOT, bytes)?;
        self.flush()?;
        self.snapshot_maybe_present.store(true, Ordering::SeqCst);
        self.snapshot_valid.store(true, Ordering::SeqCst);
        Ok(())
    }

    /// Removes the list snapshot, as a crash leaves the store: the next start reads the
    /// summaries themselves (`loket bench` measures that start).
    pub fn forget_snapshot(&self) -> Result<()> {
        self.invalidate_snapshot()?;
        self.flush()
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
        if self.disk_full() {
            return Err(StoreError::Io(
                "de schijf is vol: de opslag is alleen geopend om te lezen".into(),
            ));
        }
        self.snapshot_valid.store(false, Ordering::SeqCst);
        self.set_prefetched(None);
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
        self.unreadable_summaries.load(Ordering::SeqCst) == 0
            && !self.write_failed.load(Ordering::SeqCst)
    }

    /// The key counter: changes with every created case.
    fn next_key(&self) -> Result<u64> {
        match self.meta.get(b"next_key")? {
            Some(b) => decode_u64(&b),
            None => Ok(0),
        }
    }

    fn append_access(&self, key: CaseKey, access: &AccessContext) -> Result<()> {
        if let Some(r) = &self.reading {
            r.buffer(
                key,
                AccessEntry {
                    by: access.by.clone(),
                    at: access.at,
                    purpose: access.purpose,
                    role: None,
                },
            );
            return Ok(());
        }
        self.write_access(key, access)
    }

    fn write_access(&self, key: CaseKey, access: &AccessContext) -> Result<()> {
        let mut k = Vec::with_capacity(16);
        k.extend_from_slice(&key.bytes());
        k.extend_from_slice(&self.db.generate_id()?.to_be_bytes());
        let rec = AccessRecord {
            schema: 1,
            entry: AccessEntry {
                by: access.by.clone(),
                at: access.at,
                purpose: access.purpose,
                role: None,
            },
        };
        self.access.insert(k, encode(&rec)?)?;
        Ok(())
    }

    /// Replaces only the summary (derived data). Not flushed. For tests of the list snapshot.
    #[cfg(feature = "testing")]
    pub fn put_summary(&self, key: CaseKey, summary: &Summary) -> Result<()> {
        self.invalidate_snapshot()?;
        self.summaries.insert(key.bytes(), encode(summary)?)?;
        Ok(())
    }

    /// Overwrites a summary with raw bytes: for tests of damaged records only.
    #[cfg(feature = "testing")]
    pub fn put_raw_summary(&self, key: CaseKey, bytes: &[u8]) -> Result<()> {
        self.invalidate_snapshot()?;
        self.summaries.insert(key.bytes(), bytes)?;
        self.flush()
    }

    /// Writes a raw, possibly old-version case record: for migration tests only.
    #[cfg(feature = "testing")]
    pub fn put_raw_case(&self, case_id: &str, record: &[u8]) -> Result<CaseKey> {
        self.invalidate_snapshot()?;
        let key = CaseKey(self.db.generate_id()? + 1_000_000_000);
        self.cases.insert(key.bytes(), record)?;
        self.ids.insert(case_id.as_bytes(), &key.bytes())?;
        self.flush()?;
        Ok(key)
    }
}

impl CaseStore for SledStore {
    fn location(&self) -> String {
        self.path.display().to_string()
    }

    fn current_user(&self) -> Option<String> {
        None
    }

    fn count(&self) -> Result<usize> {
        Ok(self.cases.len())
    }

    fn list_summaries(&self) -> Result<Listing> {
        let rows = self.summaries()?;
        Ok(Listing {
            rows,
            unreadable: self.unreadable_summaries.load(Ordering::SeqCst),
            cursor: ChangeCursor::default(),
        })
    }

    fn changed_since(&self, cursor: ChangeCursor) -> Result<ChangedElsewhere> {
        // The store is locked to this process: nobody else changes it.
        Ok(ChangedElsewhere {
            keys: Vec::new(),
            cursor,
        })
    }

    fn key_of(&self, case_id: &str) -> Result<Option<CaseKey>> {
        self.ids
            .get(case_id.as_bytes())?
            .map(|b| CaseKey::from_bytes(&b))
            .transpose()
    }

    fn keys(&self) -> Result<Vec<CaseKey>> {
        self.cases
            .iter()
            .keys()
            .map(|k| CaseKey::from_bytes(&k?))
            .collect()
    }

    fn load(&self, key: CaseKey, access: &AccessContext) -> Result<Loaded> {
        // The record and its version are read in one transaction: read apart, a save in
        // between pairs the old record with the new version, and the next save on that
        // version would overwrite the other desk's change (a lost update).
        let (bytes, version) = (&self.cases, &self.versions)
            .transaction(|(cases, versions)| {
                let bytes = cases
                    .get(key.bytes())?
                    .ok_or_else(|| abort(StoreError::NotFound))?;
                let version = match versions.get(key.bytes())? {
                    Some(v) => Version(decode_u64(&v).map_err(abort)?),
                    None => Version(0),
                };
                Ok((bytes, version))
            })
            .map_err(tx_error)?;
        let case = migrate::decode_case(&bytes)?;
        self.append_access(key, access)?;
        Ok(Loaded { case, version })
    }

    fn history(&self, key: CaseKey) -> Result<Vec<Event>> {
        records_of(&self.events, key, |r: EventRecord| r.event)
    }

    fn version_of(&self, key: CaseKey) -> Result<Option<Version>> {
        match self.versions.get(key.bytes())? {
            Some(v) => Ok(Some(Version(decode_u64(&v)?))),
            None if self.cases.contains_key(key.bytes())? => Ok(Some(Version(0))),
            None => Ok(None),
        }
    }

    fn create(&self, new: NewCase, by: &str, at: DateTime<Utc>) -> Result<Created> {
        let result = self
            .create_unflushed(new, by, at)
            .and_then(|created| self.flush().map(|()| created));
        self.note_failure(result)
    }

    fn save(&self, key: CaseKey, base: Version, request: SaveRequest<'_>) -> Result<Saved> {
        let result = self.save_unguarded(key, base, request);
        if let Err(StoreError::Conflict { .. }) = result {
            // Nothing was written: the list in memory still matches the store.
            return result;
        }
        self.note_failure(result)
    }

    fn import_batch(&self, batch: Vec<BatchCase>) -> Result<Vec<Created>> {
        let mut out = Vec::with_capacity(batch.len());
        let result = (|| {
            for (n, item) in batch.into_iter().enumerate() {
                out.push(self.create_unflushed(item.new, &item.by, item.at)?);
                if (n + 1) % FLUSH_EVERY == 0 {
                    self.flush()?;
                }
            }
            self.flush()
        })();
        self.note_failure(result)?;
        Ok(out)
    }

    fn export_all(
        &self,
        access: &AccessContext,
        each: &mut dyn FnMut(CaseKey, Case) -> Result<()>,
    ) -> Result<usize> {
        let mut n = 0;
        for kv in self.cases.iter() {
            let (k, v) = kv?;
            let key = CaseKey::from_bytes(&k)?;
            let case = migrate::decode_case(&v)?;
            self.append_access(key, access)?;
            each(key, case)?;
            n += 1;
        }
        Ok(n)
    }

    fn resegment_all(
        &self,
        job: &Resegment<'_>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<usize> {
        resegment::run(self, job, progress)
    }

    fn meta_get(&self, name: &str) -> Result<Option<String>> {
        Ok(self
            .meta
            .get(name.as_bytes())?
            .map(|v| String::from_utf8_lossy(&v).into_owned()))
    }

    fn meta_set(&self, name: &str, value: &str) -> Result<()> {
        self.meta.insert(name.as_bytes(), value.as_bytes())?;
        self.flush()
    }

    fn record_access(&self, key: CaseKey, access: &AccessContext) -> Result<()> {
        self.append_access(key, access)
    }

    fn finish_reading(&self) -> Vec<(CaseKey, AccessEntry)> {
        let Some(r) = &self.reading else {
            return Vec::new();
        };
        let entries = r.take();
        if entries.is_empty() || r.disk_full {
            return entries;
        }
        let written = entries
            .iter()
            .try_for_each(|(key, e)| {
                self.write_access(
                    *key,
                    &AccessContext {
                        by: e.by.clone(),
                        at: e.at,
                        purpose: e.purpose,
                    },
                )
            })
            .and_then(|()| self.flush());
        match written {
            Ok(()) => Vec::new(),
            // Not known which reached the disk: every one is named.
            Err(_) => entries,
        }
    }

    fn access_log(&self, key: CaseKey) -> Result<Vec<AccessEntry>> {
        records_of(&self.access, key, |r: AccessRecord| r.entry)
    }

    fn destroy(&self, key: CaseKey, verklaring: &Verklaring) -> Result<()> {
        let result = self.destroy_unguarded(key, verklaring);
        self.note_failure(result)
    }

    fn verklaringen(&self) -> Result<Vec<Verklaring>> {
        self.verklaringen
            .iter()
            .values()
            .map(|v| Ok(decode::<VerklaringRecord>(&v?)?.verklaring))
            .collect()
    }

    fn keep_verklaringen(&self, verklaringen: &[Verklaring]) -> Result<usize> {
        self.keep_verklaringen_new(verklaringen)
    }

    fn close(&self, list: Option<&mut dyn Iterator<Item = (CaseKey, &Summary)>>) -> Result<()> {
        self.flush()?;
        if self.snapshot_is_current() {
            return Ok(());
        }
        // The list snapshot is only a cache: when it cannot be written, the next start scans.
        match list {
            Some(rows) if self.snapshot_allowed() => {
                let _ = self.write_snapshot(rows);
            }
            Some(_) => {}
            None => {
                let _ = self.refresh_snapshot();
            }
        }
        Ok(())
    }
}

/// The records of one case in a tree keyed by case key ++ sequence, oldest first.
fn records_of<R: serde::de::DeserializeOwned, T>(
    tree: &sled::Tree,
    key: CaseKey,
    open: impl Fn(R) -> T,
) -> Result<Vec<T>> {
    tree.scan_prefix(key.bytes())
        .values()
        .map(|v| Ok(open(decode(&v?)?)))
        .collect()
}

fn decode_u64(b: &[u8]) -> Result<u64> {
    let arr: [u8; 8] = b
        .try_into()
        .map_err(|_| StoreError::Corrupt("teller beschadigd".into()))?;
    Ok(u64::from_be_bytes(arr))
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
/// Adds a case key to the digest of all keys kept in meta, or takes it out again (XOR): the
/// open compares it with the keys it finds.
fn toggle_key_digest(meta: &TransactionalTree, key: CaseKey) -> TxResult<()> {
    let digest = match meta.get(recover::KEY_DIGEST)? {
        Some(b) => decode_u64(&b).map_err(abort)?,
        None => 0,
    };
    meta.insert(
        recover::KEY_DIGEST,
        &(digest ^ recover::key_mix(key.0)).to_be_bytes(),
    )?;
    Ok(())
}

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
