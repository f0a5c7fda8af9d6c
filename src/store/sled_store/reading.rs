//! Opening a sled store for a read-only command (`report`, `export`, `controleer`), also when
//! the disk is full.
//!
//! - The reads of such a command are logged in the access log at its end, in one write
//!   ([`super::SledStore::finish_reading`]); an access entry that cannot be written (a full
//!   disk) never fails the command: the command returns it and the CLI names it in a Dutch
//!   warning, so that it can be recorded by hand.
//! - sled writes a snapshot of its page table whenever it opens a store whose log moved on,
//!   so on a full disk even a read fails to open. Then the store is opened through a scratch
//!   directory elsewhere (the temp directory, else `/dev/shm`): sled's `db` and `blobs` are
//!   symbolic links to the real ones, `conf` and the last snapshot are copies, and sled's new
//!   snapshot goes there and is thrown away. Nothing is written in the store's own directory
//!   (sled's lock on `db` and loket's lock on the directory are still taken), nothing at all
//!   while it is open so: writes are refused.

use super::super::{AccessEntry, CaseKey, Result, StoreError};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The detail text sled's ENOSPC at open maps to (see `open_locked`).
pub(super) const DISK_FULL_AT_OPEN: &str = "de schijf is vol: loket kan de opslag pas openen als er weer ruimte is (er is niets veranderd)";

/// A store opened for a read-only command.
pub(super) struct Reading {
    /// Reads not yet in the access log.
    pub buffered: Mutex<Vec<(CaseKey, AccessEntry)>>,
    /// Opened through a scratch directory because the disk is full: nothing may be written.
    pub disk_full: bool,
    /// The scratch directory, removed when the store is dropped.
    pub _scratch: Option<Scratch>,
}

impl Reading {
    pub fn new(scratch: Option<Scratch>) -> Reading {
        Reading {
            buffered: Mutex::new(Vec::new()),
            disk_full: scratch.is_some(),
            _scratch: scratch,
        }
    }

    pub fn buffer(&self, key: CaseKey, entry: AccessEntry) {
        if let Ok(mut b) = self.buffered.lock() {
            b.push((key, entry));
        }
    }

    pub fn take(&self) -> Vec<(CaseKey, AccessEntry)> {
        self.buffered
            .lock()
            .map(|mut b| std::mem::take(&mut *b))
            .unwrap_or_default()
    }
}

/// The scratch directory sled opens a full disk's store through.
pub(super) struct Scratch {
    path: PathBuf,
}

impl Scratch {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Links the store's log into a new directory on a file system with room. Fails with a
    /// Dutch message when there is no such place.
    pub fn make(dir: &Path) -> Result<Scratch> {
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let name = format!("loket-lezen-{}-{stamp}", std::process::id());
        for base in [std::env::temp_dir(), PathBuf::from("/dev/shm")] {
            let path = base.join(&name);
            if std::fs::create_dir(&path).is_err() {
                continue;
            }
            let scratch = Scratch { path };
            if scratch.fill(dir).is_ok() {
                return Ok(scratch);
            }
            // Dropped: removed again.
        }
        Err(StoreError::Open {
            path: dir.to_path_buf(),
            detail: "de schijf is vol, en er is ook elders geen ruimte om de opslag alleen te \
                     lezen (er is niets veranderd)"
                .into(),
        })
    }

    #[cfg(unix)]
    fn fill(&self, dir: &Path) -> std::io::Result<()> {
        use std::os::unix::fs::symlink;
        let dir = dir.canonicalize()?;
        symlink(dir.join("db"), self.path.join("db"))?;
        if dir.join("blobs").is_dir() {
            symlink(dir.join("blobs"), self.path.join("blobs"))?;
        }
        std::fs::copy(dir.join("conf"), self.path.join("conf"))?;
        let mut snaps: Vec<PathBuf> = std::fs::read_dir(&dir)?
            .filter_map(|e| e.ok())
            .filter(|e| {
                e.file_name()
                    .to_str()
                    .is_some_and(|n| n.starts_with("snap.") && !n.ends_with(".generating"))
            })
            .map(|e| e.path())
            .collect();
        snaps.sort();
        if let Some(last) = snaps.pop()
            && let Some(name) = last.file_name()
        {
            std::fs::copy(&last, self.path.join(name))?;
        }
        Ok(())
    }

    #[cfg(not(unix))]
    fn fill(&self, _dir: &Path) -> std::io::Result<()> {
        Err(std::io::Error::other(
            "symbolische koppelingen zijn hier niet beschikbaar",
        ))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Whether an open failed only because the disk is full.
pub(super) fn is_disk_full(e: &StoreError) -> bool {
    matches!(e, StoreError::Open { detail, .. } if detail == DISK_FULL_AT_OPEN)
}
