//! Issue 17: nothing lost, whatever happens. Each test reproduces one of the reported faults
//! (D1–D12) on the real binary, or on the store, and checks what a person sees afterwards.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TODAY: &str = "2026-11-24";

fn loket(store: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_loket"))
        .arg("--store")
        .arg(store)
        .args(["--today", TODAY, "--user", "test"])
        .args(args)
        .env("TZ", "UTC")
        .env_remove("LOKET_STORE")
        .output()
        .expect("run loket")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn fixtures() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir("fixtures/cases")
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    v.sort();
    v
}

/// A store (in `dir/store`) with every fixture imported; returns its path and the case count.
fn filled_store(dir: &Path) -> (PathBuf, usize) {
    let store = dir.join("store");
    std::fs::create_dir_all(&store).expect("mkdir");
    let files = fixtures();
    let mut args = vec!["import".to_string(), "--quiet".to_string()];
    args.extend(files.iter().map(|f| f.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = loket(&store, &args);
    assert_eq!(out.status.code(), Some(0), "import: {}", stderr(&out));
    (store, files.len())
}

/// The case numbers in the store, via the CSV export (one row per readable case).
fn case_ids(store: &Path) -> (Option<i32>, Vec<String>, String) {
    let out = loket(store, &["export", "--format", "csv-machine"]);
    let ids = stdout(&out)
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap_or("").to_string())
        .collect();
    (out.status.code(), ids, stderr(&out))
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p
}

fn case_file(case_id: &str, extra_client: &str, answers: &str) -> String {
    format!(
        r#"{{"format":"loket-case/1","case_id":"{case_id}","client":{{"name":"Test"{extra_client}}},
        "answers":{{"schuldhulp":{{{answers}}}}}}}"#
    )
}

// D1: an empty snap.*.generating left by a kill made every later open fail.
#[test]
fn d1_stale_generating_snapshot_does_not_keep_the_store_shut() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, n) = filled_store(dir.path());
    // A second open leaves a finished snapshot; then plant the stale one sled 0.34 trips over.
    assert_eq!(loket(&store, &["report"]).status.code(), Some(0));
    let snap = std::fs::read_dir(&store)
        .expect("ls")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("snap."))
        .expect("a snapshot");
    let stale = store.join(format!("{snap}1.generating"));
    std::fs::File::create(&stale).expect("touch");
    let (code, ids, err) = case_ids(&store);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(ids.len(), n);
    assert!(!stale.exists(), "the stale file is removed");
}

// D3: snapshot gone and the log cut short: never a silent loss, never a panic.
#[test]
fn d3_double_fault_is_detected_never_silent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, n) = filled_store(dir.path());
    assert_eq!(loket(&store, &["report"]).status.code(), Some(0));
    let db_len = std::fs::metadata(store.join("db")).expect("db").len();
    let mut refused = 0;
    for (i, fraction) in [0.2f64, 0.5, 0.8, 0.95].into_iter().enumerate() {
        let copy = dir.path().join(format!("kopie{i}"));
        std::fs::create_dir_all(&copy).expect("mkdir");
        for e in std::fs::read_dir(&store)
            .expect("ls")
            .filter_map(|e| e.ok())
        {
            let name = e.file_name().to_string_lossy().into_owned();
            if e.path().is_file() && !name.starts_with("snap.") {
                std::fs::copy(e.path(), copy.join(&name)).expect("copy");
            }
        }
        let f = std::fs::OpenOptions::new()
            .write(true)
            .open(copy.join("db"))
            .expect("open db");
        f.set_len((db_len as f64 * fraction) as u64)
            .expect("truncate");
        drop(f);
        let (code, ids, err) = case_ids(&copy);
        assert_ne!(code, Some(101), "a panic at {fraction}: {err}");
        match code {
            Some(0) => assert_eq!(ids.len(), n, "cases lost without a word at {fraction}"),
            _ => {
                assert!(err.contains("beschadigd"), "at {fraction}: {err}");
                // The refusal left the evidence alone: a second attempt refuses the same way.
                let (again, _, err2) = case_ids(&copy);
                assert_ne!(again, Some(0), "second open at {fraction} went on: {err2}");
                assert!(
                    err2.contains("zijn bewaard in"),
                    "the copy is named: {err2}"
                );
                refused += 1;
            }
        }
    }
    assert!(
        refused > 0,
        "no truncation lost cases: the test proved nothing"
    );
}

// One damaged record: that case is named, every other case is still exported and checked.
#[test]
fn a_damaged_record_is_contained_and_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store_dir, n) = filled_store(dir.path());
    {
        let store = loket::store::SledStore::open(&store_dir).expect("open");
        store
            .put_raw_case("kapot", b"{\"schema\":2,\"case\":{\"case_id\":")
            .expect("raw");
    }
    let out_dir = dir.path().join("uit");
    let out = loket(
        &store_dir,
        &["export", "--out", out_dir.to_str().expect("utf8")],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("beschadigd en niet geëxporteerd"),
        "{}",
        stderr(&out)
    );
    let written = std::fs::read_dir(&out_dir).expect("out").count();
    assert_eq!(written, n, "every readable case is exported");
    let check = loket(&store_dir, &["controleer"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(stdout(&check).contains("onleesbaar"), "{}", stdout(&check));
}

#[test]
fn controleer_says_a_clean_store_is_clean() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, n) = filled_store(dir.path());
    let out = loket(&store, &["controleer"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains(&format!("{n} zaken gecontroleerd")));
}

// D2/D4: a case number already in the store is refused, never renamed, so a re-run adds nothing.
#[test]
fn d2_d4_reimport_refuses_existing_case_numbers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, n) = filled_store(dir.path());
    let files = fixtures();
    let mut args = vec!["import".to_string(), "--quiet".to_string()];
    args.extend(files.iter().map(|f| f.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = loket(&store, &args);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("staat al in de opslag"),
        "{}",
        stderr(&out)
    );
    assert!(!stdout(&out).contains("bestond al; opgeslagen als"));
    let (_, ids, _) = case_ids(&store);
    assert_eq!(ids.len(), n, "nothing duplicated");
}

// D6: a second "answers" silently replaced the first.
#[test]
fn d6_duplicate_json_keys_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("s");
    std::fs::create_dir_all(&store).expect("mkdir");
    let f = write(
        dir.path(),
        "dubbel.json",
        r#"{"format":"loket-case/1","case_id":"d6","client":{"name":"A","name":"B"},
            "answers":{"schuldhulp":{}},"answers":{"schuldhulp":{}}}"#,
    );
    let out = loket(&store, &["import", f.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("client.name: deze sleutel staat er twee keer in"),
        "{err}"
    );
    assert!(
        err.contains("answers: deze sleutel staat er twee keer in"),
        "{err}"
    );
}

// D7: absurd dates and counts, each named by its field.
#[test]
fn d7_implausible_dates_and_counts_are_refused_by_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("s");
    std::fs::create_dir_all(&store).expect("mkdir");
    let cases = [
        (
            case_file("a", r#","birth_date":"2099-01-01""#, ""),
            "client.birth_date: 2099-01-01 ligt in de toekomst",
        ),
        (
            case_file("b", r#","birth_date":"1850-01-01""#, ""),
            "client.birth_date: 1850-01-01 ligt vóór 1900",
        ),
        (
            case_file("c", "", r#""melding.datum":"9999-12-31""#),
            "melding.datum: 9999-12-31 ligt meer dan een jaar na vandaag",
        ),
        (
            case_file(
                "d",
                "",
                r#""melding.datum":"2026-11-02","melding.eerste_gesprek":"2026-10-01""#,
            ),
            "melding.eerste_gesprek: 2026-10-01 ligt vóór de melding",
        ),
        (
            case_file("e", "", r#""huishouden.minderjarigen":4294967295"#),
            "huishouden.minderjarigen",
        ),
        (
            case_file(
                "f",
                r#","birth_date":"2026-11-20""#,
                r#""melding.datum":"2026-11-02""#,
            ),
            "ligt na de meldingsdatum",
        ),
    ];
    for (i, (text, expected)) in cases.iter().enumerate() {
        let f = write(dir.path(), &format!("d7-{i}.json"), text);
        let out = loket(&store, &["import", f.to_str().expect("utf8")]);
        assert_eq!(out.status.code(), Some(2), "case {i}: {}", stdout(&out));
        assert!(
            stderr(&out).contains(expected),
            "case {i}: {}",
            stderr(&out)
        );
    }
    let (_, ids, _) = case_ids(&store);
    assert!(ids.is_empty());
}

// D8: hostile case numbers, control characters, BSN digits in messages.
#[test]
fn d8_case_ids_are_safe_and_terminals_see_no_control_characters() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("s");
    std::fs::create_dir_all(&store).expect("mkdir");
    let long = "x".repeat(5000);
    for (i, id) in [
        long.as_str(),
        "..",
        "../../x",
        "a\\u001b[31mrood",
        "a\\nb",
        ".verborgen",
    ]
    .iter()
    .enumerate()
    {
        let f = write(dir.path(), &format!("d8-{i}.json"), &case_file(id, "", ""));
        let out = loket(&store, &["import", f.to_str().expect("utf8")]);
        assert_eq!(out.status.code(), Some(2), "id {i}");
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(all.contains("case_id: een zaaknummer"), "id {i}: {all}");
        assert!(!all.contains('\u{1b}'), "id {i}: ESC reached the terminal");
    }
    // A file name with ESC is shown without it.
    let f = write(dir.path(), "esc\u{1b}[2J.json", "{");
    let out = loket(&store, &["import", f.to_str().expect("utf8")]);
    assert!(!stderr(&out).contains('\u{1b}'), "{}", stderr(&out));
    // An invalid BSN is refused without repeating its digits.
    let f = write(
        dir.path(),
        "bsn.json",
        &case_file("bsn", r#","bsn":"123456789""#, ""),
    );
    let out = loket(&store, &["import", f.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("client.bsn"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("123456789"), "{}", stderr(&out));
    // Control characters in a name do not reach the Markdown report.
    let f = write(
        dir.path(),
        "naam.json",
        r#"{"format":"loket-case/1","case_id":"naam","client":{"name":"Jan\u001b[31m Rood\u0007"}}"#,
    );
    let out = loket(&store, &["import", f.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = loket(&store, &["export", "naam", "--format", "md"]);
    assert!(stdout(&md).contains("31m Rood"), "{}", stdout(&md));
    assert!(!stdout(&md).contains('\u{1b}') && !stdout(&md).contains('\u{7}'));
}

// D5/D11: atomic, exclusive, private writes; a planted symlink is not followed.
#[cfg(unix)]
#[test]
fn d5_d11_exports_are_atomic_private_and_follow_no_link() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, n) = filled_store(dir.path());
    let out_dir = dir.path().join("uit");
    std::fs::create_dir_all(&out_dir).expect("mkdir");
    let victim = dir.path().join("slachtoffer.txt");
    std::fs::write(&victim, "ongewijzigd").expect("victim");
    // The old predictable temporary name, planted as a link to another file.
    std::os::unix::fs::symlink(&victim, out_dir.join("onvolledig.tmp-loket")).expect("link");
    let out = loket(
        &store,
        &["export", "--out", out_dir.to_str().expect("utf8")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&victim).expect("read"),
        "ongewijzigd"
    );
    let mut files = 0;
    for e in std::fs::read_dir(&out_dir)
        .expect("ls")
        .filter_map(|e| e.ok())
    {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.ends_with(".tmp-loket") {
            continue;
        }
        assert!(!name.ends_with(".tmp"), "temporary file left: {name}");
        let mode = e.metadata().expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{name}");
        files += 1;
    }
    assert_eq!(files, n);
}

// D9: a typo in --store must not silently start an empty store.
#[test]
fn d9_a_missing_store_directory_is_refused_unless_asked_for() {
    let dir = tempfile::tempdir().expect("tempdir");
    let typo = dir.path().join("opslg");
    let out = loket(&typo, &["report"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("bestaat niet"), "{}", stderr(&out));
    assert!(!typo.exists(), "nothing was created");
    let out = loket(&typo, &["--nieuw", "report"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(typo.exists());
}

// Backups: written, restored into a new store, verified; equal exports before and after.
#[test]
fn backup_is_restored_and_verified() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, n) = filled_store(dir.path());
    let backups = dir.path().join("bak");
    let out = loket(
        &store,
        &["backup", "--uit", backups.to_str().expect("utf8")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!("({n} zaken)")),
        "{}",
        stdout(&out)
    );
    let file = loket::cli::backup::newest(&backups).expect("a backup file");
    let restored = dir.path().join("terug");
    let out = loket(&restored, &["herstel", file.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains(&format!("hersteld en gecontroleerd: {n} zaken")));
    let before = loket(&store, &["export", "--format", "csv", "--with-text"]);
    let after = loket(&restored, &["export", "--format", "csv", "--with-text"]);
    assert_eq!(stdout(&before), stdout(&after));
    assert_eq!(loket(&restored, &["controleer"]).status.code(), Some(0));
    // A cut-off backup is refused.
    let bytes = std::fs::read(&file).expect("read");
    let cut = dir.path().join("loket-backup-afgebroken.jsonl.gz");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).expect("write");
    let out = loket(
        &dir.path().join("leeg"),
        &["herstel", cut.to_str().expect("utf8")],
    );
    assert_eq!(out.status.code(), Some(1));
    // Restoring over an existing store is refused.
    let out = loket(&store, &["herstel", file.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("niet leeg"));
}

// A store that will not open names the newest backup and the command to restore it.
#[test]
fn a_store_that_will_not_open_names_the_newest_backup() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _) = filled_store(dir.path());
    let out = loket(&store, &["backup"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        loket::cli::backup::list(&dir.path().join("backups")).len(),
        1
    );
    // Damage the store beyond repair: the configuration sled needs is garbage.
    std::fs::write(store.join("conf"), b"\xff\xfe kapot").expect("conf");
    std::fs::remove_file(store.join("db")).expect("db");
    std::fs::write(store.join("db"), vec![0xA5u8; 4096]).expect("db");
    let out = loket(&store, &["report"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("loket herstel"), "{}", stderr(&out));
    assert!(stderr(&out).contains("backups"), "{}", stderr(&out));
}

/// The demo's temporary stores of process `pid` still in the temp directory.
#[cfg(unix)]
fn demo_leftovers(pid: u32) -> Vec<String> {
    std::fs::read_dir(std::env::temp_dir())
        .expect("temp dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!("loket-demo-{pid}-")))
        .collect()
}

// D12: the demo left /tmp/loket-demo-* behind on SIGHUP and SIGTERM.
#[cfg(unix)]
#[test]
fn d12_demo_removes_its_store_on_sigterm_and_sighup() {
    for (signal, name) in [("TERM", "d12-term"), ("HUP", "d12-hup"), ("INT", "d12-int")] {
        let s = crate::tmux::Session::new(name);
        s.start_demo();
        // The list is up (the header marks the demonstration).
        s.wait_for(" DEMO ");
        let pid = s.pane_pid();
        assert_eq!(
            demo_leftovers(pid).len(),
            1,
            "the demo store exists while it runs"
        );
        let status = Command::new("kill")
            .args([&format!("-{signal}"), &pid.to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
        let exit = s.wait_exit();
        assert!(exit.starts_with("status"), "SIG{signal}: {exit}");
        assert!(
            demo_leftovers(pid).is_empty(),
            "SIG{signal}: the demo store is still there"
        );
    }
}

// D12: a panic restores the terminal (see e2e) and leaves a short crash note without the
// panic's text (which may quote personal data).
#[cfg(unix)]
#[test]
fn d12_a_panic_leaves_a_crash_note_without_personal_data() {
    let s = crate::tmux::Session::new("crashnote");
    let args = s.base_args().join(" ");
    let notes = s.dir().join("notities");
    std::fs::create_dir_all(&notes).expect("mkdir");
    let err = s.dir().join("stderr.txt");
    let script = format!(
        "RUST_BACKTRACE=0 TMPDIR={} LOKET_TEST_PANIC=1 {} {args} 2>{}; echo klaar",
        notes.display(),
        crate::tmux::BIN,
        err.display()
    );
    s.start_shell(&script);
    s.wait_exit();
    let stderr = std::fs::read_to_string(&err).expect("stderr");
    assert!(stderr.contains("korte foutnotitie"), "{stderr}");
    assert!(stderr.contains("afsluitcode 70"), "{stderr}");
    assert!(!stderr.contains("opzettelijke fout"), "{stderr}");
    let files: Vec<_> = std::fs::read_dir(&notes)
        .expect("notes")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains("loket-crash-"))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let note = std::fs::read_to_string(&files[0]).expect("note");
    assert!(note.contains("plaats in de code"), "{note}");
    assert!(
        !note.contains("opzettelijke fout"),
        "the panic text stays out: {note}"
    );
}

/// The store on a full disk: reads work, every save fails as sled's would (ENOSPC).
struct FullDisk<'a>(&'a dyn loket::store::CaseStore);

mod full_disk_impl {
    use super::FullDisk;
    use chrono::{DateTime, Utc};
    use loket::domain::case::Case;
    use loket::domain::history::Event;
    use loket::domain::summary::Summary;
    use loket::store::{
        AccessContext, AccessEntry, BatchCase, CaseKey, CaseStore, ChangeCursor, ChangedElsewhere,
        Created, Listing, Loaded, NewCase, Resegment, SaveRequest, Saved, StoreError, Version,
    };

    fn full<T>() -> Result<T, StoreError> {
        Err(StoreError::Io(loket::store::io_text(
            &std::io::Error::from_raw_os_error(28),
        )))
    }

    impl CaseStore for FullDisk<'_> {
        fn location(&self) -> String {
            self.0.location()
        }
        fn current_user(&self) -> Option<String> {
            None
        }
        fn count(&self) -> Result<usize, StoreError> {
            self.0.count()
        }
        fn list_summaries(&self) -> Result<Listing, StoreError> {
            self.0.list_summaries()
        }
        fn changed_since(&self, c: ChangeCursor) -> Result<ChangedElsewhere, StoreError> {
            self.0.changed_since(c)
        }
        fn key_of(&self, id: &str) -> Result<Option<CaseKey>, StoreError> {
            self.0.key_of(id)
        }
        fn keys(&self) -> Result<Vec<CaseKey>, StoreError> {
            self.0.keys()
        }
        fn load(&self, key: CaseKey, a: &AccessContext) -> Result<Loaded, StoreError> {
            self.0.load(key, a)
        }
        fn history(&self, key: CaseKey) -> Result<Vec<Event>, StoreError> {
            self.0.history(key)
        }
        fn version_of(&self, key: CaseKey) -> Result<Option<Version>, StoreError> {
            self.0.version_of(key)
        }
        fn create(&self, _: NewCase, _: &str, _: DateTime<Utc>) -> Result<Created, StoreError> {
            full()
        }
        fn save(&self, _: CaseKey, _: Version, _: SaveRequest<'_>) -> Result<Saved, StoreError> {
            full()
        }
        fn import_batch(&self, _: Vec<BatchCase>) -> Result<Vec<Created>, StoreError> {
            full()
        }
        fn export_all(
            &self,
            a: &AccessContext,
            each: &mut dyn FnMut(CaseKey, Case) -> Result<(), StoreError>,
        ) -> Result<usize, StoreError> {
            self.0.export_all(a, each)
        }
        fn resegment_all(
            &self,
            _: &Resegment<'_>,
            _: &mut dyn FnMut(usize, usize),
        ) -> Result<usize, StoreError> {
            full()
        }
        fn meta_get(&self, name: &str) -> Result<Option<String>, StoreError> {
            self.0.meta_get(name)
        }
        fn meta_set(&self, _: &str, _: &str) -> Result<(), StoreError> {
            full()
        }
        fn record_access(&self, key: CaseKey, a: &AccessContext) -> Result<(), StoreError> {
            self.0.record_access(key, a)
        }
        fn access_log(&self, key: CaseKey) -> Result<Vec<AccessEntry>, StoreError> {
            self.0.access_log(key)
        }
        fn close(
            &self,
            _: Option<&mut dyn Iterator<Item = (CaseKey, &Summary)>>,
        ) -> Result<(), StoreError> {
            full()
        }
    }
}

// A full disk: a Dutch message, and the value that was not saved stays readable, marked.
#[test]
fn a_full_disk_says_so_and_keeps_the_unsaved_value_visible() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut h = crate::harness::Harness::new();
    h.create_case("Piet Pieters", "");
    h.keys("1");
    for _ in 0..40 {
        if h.state.open.as_ref().expect("open").checklist.item == "inkomen.netto" {
            break;
        }
        h.code(KeyCode::Down);
    }
    h.enter();
    h.keys("1.450,00");
    let full = FullDisk(&h.store);
    let now = crate::harness::fixed_now;
    let rt = loket::shell::runner::Runtime {
        store: &full,
        now: &now,
        export_dir: h.dir.path().to_path_buf(),
        sjablonen: &loket::letters::Sjablonen::embedded(),
    };
    let mut feed = loket::keymap::KeyFeed::new();
    let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    let action =
        loket::shell::event_loop::translate(&h.state, &h.controls.keymap, &mut feed, enter)
            .expect("enter is bound");
    let effects = loket::app::update(&mut h.state, action);
    loket::shell::runner::execute(&mut h.state, &rt, effects);
    let status = h
        .state
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(status.contains("de schijf is vol"), "{status}");
    assert!(status.contains("niet opgeslagen: "), "{status}");
    assert!(status.contains("1.450,00"), "{status}");
    assert!(!status.contains("Os {"), "no debug text: {status}");
}

// D2/D4 with the explicit flag: --vervang replaces the stored case after showing the difference.
#[test]
fn vervang_replaces_a_case_and_shows_the_difference() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("s");
    std::fs::create_dir_all(&store).expect("mkdir");
    let original = std::path::PathBuf::from("fixtures/cases/onvolledig.json");
    let out = loket(&store, &["import", original.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let changed = std::fs::read_to_string(&original)
        .expect("read")
        .replace("\"name\": \"Onvolledig\"", "\"name\": \"Anders\"");
    let f = write(dir.path(), "nieuw.json", &changed);
    let out = loket(&store, &["import", "--vervang", f.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("client.name: \"Onvolledig\" → \"Anders\""),
        "{}",
        stdout(&out)
    );
    let (_, ids, _) = case_ids(&store);
    assert_eq!(ids, ["onvolledig"]);
    let json = loket(&store, &["export", "onvolledig"]);
    assert!(stdout(&json).contains("\"Anders\""));
    let md = loket(&store, &["export", "onvolledig", "--format", "md"]);
    assert_eq!(
        stdout(&md).matches("zaak ingelezen uit").count(),
        2,
        "{}",
        stdout(&md)
    );
}

// Backups that exist: the first start of a day writes one beside the store; the second start
// of the same day does not.
#[test]
fn the_first_start_of_a_day_writes_a_backup_beside_the_store() {
    let s = crate::tmux::Session::new("dagbackup");
    let out = s.run_direct(&["import", "fixtures/cases/onvolledig.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let backups = s.dir().join("backups");
    assert!(loket::cli::backup::list(&backups).is_empty());
    s.start();
    s.wait_for("Onvolledig");
    s.quit();
    assert_eq!(loket::cli::backup::list(&backups).len(), 1);
    s.start();
    s.quit();
    assert_eq!(loket::cli::backup::list(&backups).len(), 1, "one per day");
    // The backup holds the case: it restores.
    let file = loket::cli::backup::newest(&backups).expect("backup");
    let restored = s.dir().join("terug");
    let out = loket(&restored, &["herstel", file.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("1 zaken"), "{}", stdout(&out));
}

#[test]
fn only_the_newest_backups_are_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    for day in 1..=16 {
        let name = format!("loket-backup-202611{day:02}-080000.jsonl.gz");
        std::fs::write(dir.path().join(name), b"x").expect("write");
    }
    std::fs::write(dir.path().join("iets-anders.txt"), b"x").expect("write");
    loket::cli::backup::prune(dir.path(), loket::cli::backup::KEEP);
    let left = loket::cli::backup::list(dir.path());
    assert_eq!(left.len(), 14);
    assert!(left[0].ends_with("loket-backup-20261103-080000.jsonl.gz"));
    assert!(
        dir.path().join("iets-anders.txt").exists(),
        "other files stay"
    );
}

#[test]
fn the_policy_says_how_many_backups_are_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _) = filled_store(dir.path());
    let policy = dir.path().join("beleid.toml");
    let text = std::fs::read_to_string("fixtures/policy/default.toml").expect("policy");
    std::fs::write(&policy, format!("backups_bewaren = 2\n{text}")).expect("write");
    let backups = dir.path().join("backups");
    for n in 0..3 {
        // Distinct names within one second: the old ones are there already.
        std::fs::create_dir_all(&backups).expect("mkdir");
        std::fs::write(
            backups.join(format!("loket-backup-2000010{n}-000000.jsonl.gz")),
            b"oud",
        )
        .expect("write");
    }
    let out = loket(
        &store,
        &["--policy", policy.to_str().expect("utf8"), "backup"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let left = loket::cli::backup::list(&backups);
    assert_eq!(left.len(), 2, "{left:?}");
    assert!(
        !left
            .iter()
            .any(|p| p.ends_with("loket-backup-20000100-000000.jsonl.gz"))
    );
}

// D3: the right number of cases, but not the ones the store counted, is refused as well.
#[test]
fn other_cases_than_counted_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _) = filled_store(dir.path());
    let tally = store.join("loket-telling");
    let text = std::fs::read_to_string(&tally).expect("tally");
    let counted = format!("zaken {}\nsleutels ", crate::support::fixture_files().len());
    assert!(text.starts_with(&counted), "{text}");
    let (first, rest) = text.split_at(text.len() - 2);
    let flipped = if first.ends_with('0') { "1" } else { "0" };
    std::fs::write(
        &tally,
        format!("{}{flipped}{}", &first[..first.len() - 1], rest),
    )
    .expect("write");
    let out = loket(&store, &["report"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("niet de zaken die erin horen"),
        "{}",
        stderr(&out)
    );
}

// D8: a case number of thousands of characters (stored before they were limited) no longer
// keeps every case from being exported.
#[test]
fn d8_a_very_long_stored_case_number_is_exported_under_a_short_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store_dir, n) = filled_store(dir.path());
    let long = "x".repeat(5000);
    {
        let store = loket::store::SledStore::open(&store_dir).expect("open");
        let now = chrono::Utc::now();
        let client = loket::domain::case::Client {
            name: "Lang".into(),
            ..Default::default()
        };
        let case = loket::domain::case::Case::new(long.clone(), client, now);
        let record = serde_json::json!({ "schema": 2, "case": case });
        store
            .put_raw_case(&long, record.to_string().as_bytes())
            .expect("raw");
    }
    let out_dir = dir.path().join("uit");
    let out = loket(
        &store_dir,
        &["export", "--out", out_dir.to_str().expect("utf8")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let names: Vec<String> = std::fs::read_dir(&out_dir)
        .expect("out")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), n + 1);
    assert!(names.iter().all(|n| n.len() <= 255));
}

#[test]
fn segment_does_not_repeat_an_invalid_bsn() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = write(
        dir.path(),
        "bsn.json",
        &case_file("bsn", r#","bsn":"123456789""#, ""),
    );
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["segment", f.to_str().expect("utf8")])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("client.bsn"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("123456789"), "{}", stderr(&out));
}
