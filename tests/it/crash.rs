//! The crash test (issue 17): `loket bench crash --iterations 50`, the real binary. Its writer
//! (the binary again) creates cases, saves answers and imports batches, and prints each save
//! only after the store said it is durable; it is killed with SIGKILL at random moments, and
//! after every kill a fresh process opens the store and checks every case (answers, summary,
//! history, counts) against what the writer acknowledged. See `src/devtools/crash.rs`; the
//! README has the figures of a 1,000-kill run.

#![cfg(unix)]

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_loket");

/// The figure after `label` in the bench's output.
fn figure(out: &str, label: &str) -> u64 {
    out.lines()
        .find_map(|l| l.strip_prefix(label))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("no {label:?} in:\n{out}"))
}

#[test]
fn a_killed_writer_loses_nothing_it_acknowledged() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let o = Command::new(BIN)
        .args(["bench", "crash", "--iterations", "50", "--per-store", "50"])
        .env("TMPDIR", tmp.path())
        .output()
        .expect("run loket bench crash");
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    eprintln!("{out}");
    assert_eq!(o.status.code(), Some(0), "{out}\n{err}");
    assert_eq!(figure(&out, "kills:"), 50);
    assert_eq!(figure(&out, "verloren:"), 0, "{err}");
    assert_eq!(figure(&out, "mislukte openingen:"), 0, "{err}");
    assert_eq!(figure(&out, "inconsistente opslag:"), 0, "{err}");
    assert_eq!(figure(&out, "niet gedood:"), 0, "{err}");
    // Not vacuous: the writer really saved between the kills.
    assert!(figure(&out, "bevestigde opslagen:") >= 50, "{out}");
    assert!(figure(&out, "zaken (laatste opslag):") > 0, "{out}");
    // The temporary stores are gone.
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .expect("tmp")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
