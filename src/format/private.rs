//! Owner-only permissions for what loket keeps on disk: directories 0700, files 0600.
//!
//! New files get their mode where they are made (the safe-write path in [`super::atomic`]); the
//! binary also sets the process umask to 077 at start, so files that a library makes for us
//! (the embedded store's log and snapshots) are born private too. Stores made by an older loket, or by another
//! program, are tightened when they are opened: [`tighten_tree`].

use std::path::Path;

/// The mode of every file loket writes: read and write for the owner only.
pub const FILE_MODE: u32 = 0o600;
/// The mode of every directory loket makes: the owner only.
pub const DIR_MODE: u32 = 0o700;

/// Creates `dir` and any missing parents with mode 0700 (an existing directory is left as it
/// is: it may be the person's own folder).
pub fn create_dir_all(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(DIR_MODE);
    }
    builder.create(dir)
}

/// Makes `dir` and everything below it owner-only: directories 0700, files 0600. Symbolic
/// links are not followed (nor changed). Only modes that differ are changed. The first error
/// is returned after trying every entry.
pub fn tighten_tree(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let mut first_error = None;
        tighten(dir, &mut first_error);
        match first_error {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(unix)]
fn tighten(path: &Path, first_error: &mut Option<std::io::Error>) {
    use std::os::unix::fs::PermissionsExt;
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        // Gone in between (the embedded store removes old snapshots): nothing to tighten.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
        Err(e) => {
            first_error.get_or_insert(e);
            return;
        }
    };
    let wanted = if meta.is_dir() {
        DIR_MODE
    } else if meta.is_file() {
        FILE_MODE
    } else {
        return;
    };
    if meta.permissions().mode() & 0o7777 != wanted
        && let Err(e) = std::fs::set_permissions(path, std::fs::Permissions::from_mode(wanted))
        && e.kind() != std::io::ErrorKind::NotFound
    {
        first_error.get_or_insert(e);
    }
    if meta.is_dir() {
        match std::fs::read_dir(path) {
            Ok(entries) => {
                for entry in entries.flatten() {
                    tighten(&entry.path(), first_error);
                }
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
}

/// Sets the process umask to 077, so whatever this process creates (also inside libraries) is
/// owner-only. Called once at the start of the binary, before any thread is started.
pub fn private_umask() {
    #[cfg(unix)]
    // SAFETY: umask only swaps the process's file mode creation mask; it cannot fail.
    unsafe {
        libc::umask(0o077);
    }
}
