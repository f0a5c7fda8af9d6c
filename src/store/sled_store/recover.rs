//! Opening a sled store after a crash or damage: recover what can be recovered, refuse (and
//! keep the evidence) what cannot, never continue silently with cases missing.
//!
//! - The directory is locked by loket itself (`loket.lock`) before sled runs, so stale files of
//!   a crashed sled can be removed safely: an empty or half-written `snap.*.generating` left by a
//!   kill makes sled 0.34 refuse to open ("Read corrupted data").
//! - Without a finished snapshot sled rebuilds the store from its log and then writes a new
//!   snapshot. When the log is damaged that snapshot would make a loss permanent, so the files
//!   are copied aside first (`bewijs-*`), and removed again once the store proved complete.
//! - The store keeps its own count of cases in `meta`; opening with fewer cases is refused.
//! - A panic inside sled is caught and reported as a damaged store.

use super::super::{Result, StoreError};
use std::fs::File;
use std::path::{Path, PathBuf};

/// The meta key of the number of cases the store should hold.
pub(super) const RECORD_COUNT: &[u8] = b"record_count";

/// loket's own lock on a store directory, held as long as the store is open.
pub struct DirLock {
    _file: File,
}

/// Takes loket's lock on `dir` (Locked when another loket holds it) and removes sled's stale
/// temporary snapshot files.
pub(super) fn lock_and_clean(dir: &Path) -> Result<DirLock> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join("loket.lock"))
        .map_err(|e| StoreError::Open {
            path: dir.to_path_buf(),
            detail: super::super::io_text(&e),
        })?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => return Err(StoreError::Locked(dir.into())),
        Err(std::fs::TryLockError::Error(e)) => {
            return Err(StoreError::Open {
                path: dir.to_path_buf(),
                detail: super::super::io_text(&e),
            });
        }
    }
    for stale in files_matching(dir, |n| {
        (n.starts_with("snap.") && n.ends_with(".generating"))
            || (n.starts_with(".loket-telling.") && n.ends_with(".tmp"))
    }) {
        let _ = std::fs::remove_file(stale);
    }
    Ok(DirLock { _file: file })
}

/// Copies the store's files aside when sled is about to rebuild it from its log alone (a `db`
/// with content but no finished snapshot). Returns the copy, or None when none was needed or
/// possible (a full disk must not keep a store from opening).
pub(super) fn keep_evidence(dir: &Path) -> Option<PathBuf> {
    let db = dir.join("db");
    let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    if size == 0 {
        return None;
    }
    let has_snapshot = !files_matching(dir, |n| {
        n.starts_with("snap.") && !n.ends_with(".generating")
    })
    .is_empty();
    if has_snapshot {
        return None;
    }
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.f");
    let target = dir.join(format!("bewijs-{stamp}"));
    std::fs::create_dir(&target).ok()?;
    for name in ["db", "conf"] {
        let from = dir.join(name);
        if from.exists() && std::fs::copy(&from, target.join(name)).is_err() {
            let _ = std::fs::remove_dir_all(&target);
            return None;
        }
    }
    Some(target)
}

/// How many evidence copies (`bewijs-*`) are kept: the newest three. Each is a whole copy of
/// the log, so older ones are removed when a new one is made and at every open.
pub const EVIDENCE_KEPT: usize = 3;

/// Removes all but the newest [`EVIDENCE_KEPT`] evidence copies (the names sort by time).
pub(super) fn prune_evidence(dir: &Path) {
    let all = files_matching(dir, |n| n.starts_with("bewijs-"));
    if all.len() > EVIDENCE_KEPT {
        for old in &all[..all.len() - EVIDENCE_KEPT] {
            let _ = std::fs::remove_dir_all(old);
        }
    }
}

/// The newest copy made at an earlier refused open (`bewijs-*`), to name in the message.
pub(super) fn earlier_evidence(dir: &Path) -> Option<PathBuf> {
    files_matching(dir, |n| n.starts_with("bewijs-")).pop()
}

fn files_matching(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter(|e| e.file_name().to_str().is_some_and(&keep))
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The Dutch text for a store that opened with fewer cases than it counted.
pub(super) fn missing_text(found: u64, expected: u64, evidence: Option<&Path>) -> String {
    let mut text = format!(
        "de opslag is beschadigd: er staan {found} zaken in, maar er horen er {expected} te zijn; \
         loket gaat niet verder zodat er niets verloren gaat"
    );
    if let Some(e) = evidence {
        text.push_str(&format!(
            "; de oorspronkelijke bestanden zijn bewaard in {}",
            e.display()
        ));
    }
    text
}

/// The file beside sled's own files with the number of cases last made durable. It lives
/// outside sled's log on purpose: a log cut short rolls sled back to an older, consistent
/// state (its own count included), and only a count kept elsewhere can tell.
const SIDECAR: &str = "loket-telling";

/// The meta key of the digest of the set of case keys (see [`key_mix`]).
pub(super) const KEY_DIGEST: &[u8] = b"key_digest";

/// One case key's share of the digest: the digest is the XOR of every key's mix, so adding a
/// case updates it without reading the others, and any other set of keys (almost surely)
/// gives another digest.
pub(super) fn key_mix(key: u64) -> u64 {
    let mut z = key.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// What the sidecar file says: the number of cases and the digest of their keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Tally {
    pub count: u64,
    pub digest: u64,
}

/// The tally in the sidecar file (None for a store from before it, or an unreadable file).
pub(super) fn read_sidecar(dir: &Path) -> Option<Tally> {
    let text = std::fs::read_to_string(dir.join(SIDECAR)).ok()?;
    let mut count = None;
    let mut digest = None;
    for line in text.lines() {
        if let Some(n) = line.strip_prefix("zaken ") {
            count = n.trim().parse().ok();
        } else if let Some(d) = line.strip_prefix("sleutels ") {
            digest = u64::from_str_radix(d.trim(), 16).ok();
        }
    }
    Some(Tally {
        count: count?,
        digest: digest?,
    })
}

/// Records the durable tally (after a flush). A lost update (a crash in between) leaves an older tally
/// with a lower count, which never refuses a store.
pub(super) fn write_sidecar(dir: &Path, tally: Tally) -> std::io::Result<()> {
    let text = format!("zaken {}\nsleutels {:016x}\n", tally.count, tally.digest);
    crate::format::atomic::write_atomic(&dir.join(SIDECAR), text.as_bytes())
}

/// The Dutch text for a store whose cases are not the ones it counted.
pub(super) fn other_keys_text(evidence: Option<&Path>) -> String {
    let mut text = "de opslag is beschadigd: het aantal zaken klopt, maar het zijn niet de zaken \
                    die erin horen; loket gaat niet verder zodat er niets verloren gaat"
        .to_string();
    if let Some(e) = evidence {
        text.push_str(&format!(
            "; de oorspronkelijke bestanden zijn bewaard in {}",
            e.display()
        ));
    }
    text
}
