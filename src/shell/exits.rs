//! Clean exits: temporary stores (demo, bench) are removed on SIGINT, SIGTERM and SIGHUP too,
//! and a panic leaves a short crash note without personal data.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
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

/// Where the last panic happened ("file:line"), recorded by the hook for [`crashed`].
static PANIC_PLACE: Mutex<Option<String>> = Mutex::new(None);

/// Whether the terminal is raw and on the alternate screen (the workbench runs).
static TERMINAL_ACTIVE: AtomicBool = AtomicBool::new(false);

/// The workbench took the terminal (true) or gave it back (false).
pub fn terminal_active(active: bool) {
    TERMINAL_ACTIVE.store(active, Ordering::SeqCst);
}

/// Installs the panic hook. It only records where the panic happened: Rust's own message is
/// not printed (it may quote a client's data, and a panic that the store catches and reports
/// as a damaged store needs no message at all). A panic that reaches `main` ends in
/// [`crashed`].
pub fn install_crash_note() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // Rust's own message only for a developer at their own data.
        if std::env::var_os("LOKET_DEBUG").is_some_and(|v| v == "1") {
            previous(info);
        }
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_else(|| "onbekend".into());
        if let Ok(mut p) = PANIC_PLACE.lock() {
            *p = Some(place);
        }
    }));
}

/// After a panic reached `main`: gives the terminal back, removes temporary stores, writes a
/// short crash note to the temp directory (`$TMPDIR/loket-crash-<time>-<pid>.txt`: program
/// version, time, place in the code; never the panic's text, so no personal data), says so in
/// Dutch on stderr and returns [`super::EXIT_PANIC`].
pub fn crashed() -> i32 {
    if TERMINAL_ACTIVE.swap(false, Ordering::SeqCst) {
        ratatui::restore();
        // The message starts on a line of its own, below whatever the terminal shows.
        eprintln!();
    }
    remove_all();
    let place = PANIC_PLACE
        .lock()
        .ok()
        .and_then(|p| p.clone())
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
    let where_note = match crate::format::atomic::write_atomic(&path, note.as_bytes()) {
        Ok(()) => format!(
            "Een korte foutnotitie (zonder persoonsgegevens) staat in {}; geef die aan de beheerder.",
            path.display()
        ),
        Err(_) => "De foutnotitie kon niet worden geschreven.".into(),
    };
    eprintln!(
        "loket is vastgelopen door een interne fout en gestopt (afsluitcode {}). Wat als \
         opgeslagen is gemeld, staat in de opslag. {where_note}",
        super::EXIT_PANIC
    );
    super::EXIT_PANIC
}
