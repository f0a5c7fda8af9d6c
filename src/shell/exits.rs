//! Clean exits: temporary stores (demo, bench) are removed on SIGINT, SIGTERM and SIGHUP too,
//! and a panic leaves a short crash note without personal data.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

static TEMP_DIRS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static HANDLER: Once = Once::new();

/// Registers a temporary directory to be removed when the process is ended by a signal. The
/// owner still removes it on a normal exit and then calls [`forget_temp_dir`].
pub fn remove_on_signal(dir: &Path) {
    if let Ok(mut dirs) = TEMP_DIRS.lock() {
        dirs.push(dir.to_path_buf());
    }
    HANDLER.call_once(|| {
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            {
                std::thread::spawn(move || {
                    if let Some(sig) = signals.forever().next() {
                        remove_all();
                        ratatui::restore();
                        std::process::exit(128 + sig);
                    }
                });
            }
        }
    });
}

/// The directory is gone (removed by its owner): nothing to do on a signal any more.
pub fn forget_temp_dir(dir: &Path) {
    if let Ok(mut dirs) = TEMP_DIRS.lock() {
        dirs.retain(|d| d != dir);
    }
}

fn remove_all() {
    if let Ok(dirs) = TEMP_DIRS.lock() {
        for d in dirs.iter() {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}

/// Installs the crash-note hook: on a panic a note with the program version, the time and the
/// place in the code (never the panic's message, which may quote a client's data) is written
/// to the temp directory, and its path printed. The standard hook (which prints the message)
/// runs only with `LOKET_DEBUG=1`, for a developer at their own data.
pub fn install_crash_note() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::env::var_os("LOKET_DEBUG").is_some_and(|v| v == "1") {
            previous(info);
        }
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_else(|| "onbekend".into());
        let now = chrono::Utc::now();
        let note = format!(
            "loket {} is vastgelopen\ntijd: {}\nplaats in de code: {place}\n\
             (deze notitie bevat geen persoonsgegevens)\n",
            env!("CARGO_PKG_VERSION"),
            now.to_rfc3339()
        );
        let path = std::env::temp_dir().join(format!(
            "loket-crash-{}-{}.txt",
            now.format("%Y%m%dT%H%M%S"),
            std::process::id()
        ));
        if crate::format::atomic::write_atomic(&path, note.as_bytes()).is_ok() {
            eprintln!(
                "loket is vastgelopen; een korte foutnotitie (zonder persoonsgegevens) staat in {}",
                path.display()
            );
        } else {
            eprintln!("loket is vastgelopen (plaats in de code: {place})");
        }
        remove_all();
    }));
}
