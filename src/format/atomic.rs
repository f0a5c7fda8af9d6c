//! Writing a file so that it is either there whole or not at all, and private.
//!
//! The bytes go to a fresh temporary file in the target's own directory, created exclusively
//! (`O_EXCL`: an existing file or a planted symlink is never opened) with mode 0600
//! ([`super::private::FILE_MODE`]: every writer gets it, and the rename keeps it), are synced,
//! and the temporary file is renamed over the target. After any error the temporary file is
//! removed, so no partial or empty file is left behind.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `bytes` to `path` atomically (see the module). The target's directory must exist.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_via_temp(path, bytes, |tmp, path| std::fs::rename(tmp, path))
}

/// Like [`write_atomic`], but refuses (AlreadyExists) when `path` exists: the temporary file is
/// linked to the target name, which fails when the name is taken (also by a symlink).
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_via_temp(path, bytes, |tmp, path| std::fs::hard_link(tmp, path))
}

/// Writes and syncs `bytes` into a fresh temporary file beside `path`, then `place`s it at
/// `path` (rename or link); the temporary name is gone afterwards, also after an error.
fn write_via_temp(
    path: &Path,
    bytes: &[u8],
    place: fn(&Path, &Path) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let (tmp, mut file) = create_temp(path)?;
    let result = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| {
            drop(file);
            place(&tmp, path)
        });
    // After a rename the name is already gone; after a link or an error it is removed here.
    let _ = std::fs::remove_file(&tmp);
    result
}

/// A new, exclusively created temporary file beside `path`: ".<name>.<pid>.<n>.tmp".
fn create_temp(path: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "bestand".into());
    let mut attempts = 0;
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let tmp = dir.join(format!(".{name}.{}.{n}.{nanos}.tmp", std::process::id()));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options
                .mode(super::private::FILE_MODE)
                .custom_flags(libc_nofollow());
        }
        match options.open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempts < 100 => {
                attempts += 1;
            }
            Err(e) => return Err(e),
        }
    }
}

/// create_new already refuses an existing symlink; O_NOFOLLOW also refuses one made in between.
#[cfg(unix)]
fn libc_nofollow() -> i32 {
    libc::O_NOFOLLOW
}

/// Writes `bytes` to `path` with [`write_new`], or, when that name is taken, to the first free
/// name with a number before the extension (`beschikking-2026-0001-2.pdf`, `-3`, …): an earlier
/// file is never overwritten. Returns the name written.
pub fn write_next_free(path: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    let mut n = 1;
    loop {
        let candidate = if n == 1 {
            path.to_path_buf()
        } else {
            path.with_file_name(format!("{stem}-{n}{ext}"))
        };
        match write_new(&candidate, bytes) {
            Ok(()) => return Ok(candidate),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
            Err(e) => return Err(e),
        }
    }
}
