//! Every way the workbench can fail to start, through the real binary: each is a Dutch message
//! and an exit code before the terminal is touched (the binary runs in a session of its own,
//! without a terminal, so a start that went on would fail at the terminal instead).

use crate::support::stderr;
use loket::store::{CaseStore, SledStore};
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// `loket` without a subcommand (the workbench), on `store`, without a controlling terminal.
fn start(store: &Path, args: &[&str]) -> Output {
    // --wait: setsid forks when it leads its group; the status must be loket's own.
    Command::new("setsid")
        .arg("--wait")
        .arg(env!("CARGO_BIN_EXE_loket"))
        .arg("--store")
        .arg(store)
        .args(["--today", "2026-11-24", "--user", "test"])
        .args(args)
        .env_remove("LOKET_STORE")
        .env("XDG_CONFIG_HOME", store.join("geen-config"))
        .stdin(Stdio::null())
        .output()
        .expect("run loket (setsid is part of util-linux)")
}

/// Fails with `code` and a message containing each of `words`, having written nothing to
/// stdout (no escape sequences: the terminal was never taken over).
fn assert_refused(o: &Output, code: i32, words: &[&str]) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(code), "stderr: {err}");
    for w in words {
        assert!(err.contains(w), "missing {w:?} in: {err}");
    }
    assert!(o.stdout.is_empty(), "stdout: {:?}", o.stdout);
}

#[test]
fn a_bad_keymap_stops_before_the_store_is_opened() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store");
    let o = start(
        &store,
        &["--keymap", "fixtures/keymaps/bad_unknown_action.toml"],
    );
    assert_refused(&o, 2, &["bad_unknown_action.toml", "onbekende actie"]);
    assert!(!store.exists(), "the store was not even created");
}

#[test]
fn an_unreadable_policy_file_is_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = start(dir.path(), &["--policy", "bestaat-niet.toml"]);
    assert_refused(
        &o,
        2,
        &["beleidsbestand bestaat-niet.toml kan niet worden gelezen"],
    );
}

#[test]
fn an_invalid_policy_is_exit_2_naming_the_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let policy = dir.path().join("beleid.toml");
    let text = loket::domain::policy::DEFAULT_POLICY_TOML
        .replace("basishuur = \"250.00\"", "basishuur = 250");
    std::fs::write(&policy, text).expect("write policy");
    let o = start(
        &dir.path().join("store"),
        &["--policy", policy.to_str().expect("path")],
    );
    assert_refused(&o, 2, &["het beleidsbestand is niet in orde", "basishuur"]);
}

#[test]
fn a_checklists_path_that_is_no_directory_is_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = start(
        &dir.path().join("store"),
        &["--checklists", "fixtures/policy/default.toml"],
    );
    assert_refused(&o, 2, &["is geen map met vragenlijsten"]);
}

#[test]
fn a_store_directory_that_cannot_be_made_is_exit_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("een-bestand");
    std::fs::write(&file, "geen map").expect("write");
    let o = start(&file.join("store"), &[]);
    assert_refused(&o, 1, &["kan de gegevensmap", "niet maken"]);
}

#[test]
fn a_store_that_will_not_open_is_exit_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Where sled keeps its log file, a directory: the store cannot be opened.
    std::fs::create_dir_all(dir.path().join("db")).expect("mkdir");
    let o = start(dir.path(), &[]);
    assert_refused(&o, 1, &["konden niet worden geopend"]);
}

#[test]
fn a_store_held_by_another_desk_is_exit_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let held = SledStore::open(dir.path()).expect("open");
    let o = start(dir.path(), &[]);
    assert_refused(&o, 1, &["al geopend in een ander loket-venster"]);
    // The other desk's store is untouched.
    assert_eq!(held.count().expect("count"), 0);
}

#[test]
fn without_a_terminal_the_workbench_stops_with_a_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = start(dir.path(), &[]);
    assert_refused(&o, 1, &["de terminal kan niet worden gestart"]);
    // Start-up got as far as the store: it was opened (and closed) cleanly.
    let store = SledStore::open(dir.path()).expect("reopen");
    assert!(
        store
            .meta_get(loket::store::POLICY_FINGERPRINT_KEY)
            .expect("meta")
            .is_some()
    );
}
