//! The gaps left in issue 17 and its review: merge of a withdrawn checklist, letters of the
//! same kind, the live poll's reads, read-only commands on a full disk, the panic hook, the
//! evidence copies of recovery.

use chrono::{TimeZone, Utc};
use loket::domain::answers::Value;
use loket::domain::case::{Case, Client};
use loket::domain::checklist::{BEWIND, SCHULDHULP};
use loket::domain::merge::{Prefer, merge};
use loket::store::CaseStore;

fn case_with(started: &[&str]) -> Case {
    let at = Utc
        .with_ymd_and_hms(2026, 11, 24, 9, 0, 0)
        .single()
        .expect("time");
    let mut case = Case::new(
        "2026-0001".into(),
        Client {
            name: "A. de Vries".into(),
            ..Client::default()
        },
        at,
    );
    for c in started {
        case.answers.start(c);
    }
    case
}

/// Review finding (a): a checklist withdrawn on one side and unchanged on the other stays
/// withdrawn (it used to come back, "started on either side stays started").
#[test]
fn merge_keeps_a_checklist_withdrawn_on_one_side() {
    let base = case_with(&[SCHULDHULP, BEWIND]);
    // This desk withdrew bewind; the other desk changed only the client's name.
    let mine = case_with(&[SCHULDHULP]);
    let mut current = case_with(&[SCHULDHULP, BEWIND]);
    current.client.name = "A. de Vries-Bakker".into();
    let merged = merge(&base, &mine, &current, &[], Prefer::Nobody).expect("no conflict");
    assert!(
        !merged.answers.is_started(BEWIND),
        "withdrawn bewind came back"
    );
    assert!(merged.answers.is_started(SCHULDHULP));
    assert_eq!(merged.client.name, "A. de Vries-Bakker");

    // The other way round: withdrawn elsewhere, unchanged here.
    let merged = merge(&base, &current, &mine, &[], Prefer::Nobody).expect("no conflict");
    assert!(
        !merged.answers.is_started(BEWIND),
        "withdrawn bewind came back"
    );

    // Started on one side stays started.
    let base = case_with(&[SCHULDHULP]);
    let mine = case_with(&[SCHULDHULP, BEWIND]);
    let merged = merge(&base, &mine, &base, &[], Prefer::Nobody).expect("no conflict");
    assert!(merged.answers.is_started(BEWIND));
    let merged = merge(&base, &base, &mine, &[], Prefer::Nobody).expect("no conflict");
    assert!(merged.answers.is_started(BEWIND));
}

/// A withdrawal never drops answers the other desk gave meanwhile: the checklist stays.
#[test]
fn merge_keeps_answers_given_elsewhere_in_a_withdrawn_checklist() {
    let base = case_with(&[SCHULDHULP, BEWIND]);
    let mine = case_with(&[SCHULDHULP]);
    let mut current = case_with(&[SCHULDHULP, BEWIND]);
    current.answers.set(
        BEWIND,
        "bewind.grond",
        Some(Value::Text("schulden".into())),
        1,
    );
    let merged = merge(&base, &mine, &current, &[], Prefer::Nobody).expect("no conflict");
    assert!(merged.answers.is_started(BEWIND));
    assert!(merged.answers.get(BEWIND, "bewind.grond").is_some());
}

/// Review finding (b): a second document of the same kind for a case gets its own file
/// (`-2`), the first stays as it was, and the history names each file.
#[test]
fn a_second_letter_of_the_same_kind_gets_the_next_free_name() {
    use loket::domain::history::Change;
    let mut h = crate::harness::Harness::new();
    let key = h.import_fixture("bewind-lopend-toestand.json");
    h.enter();
    h.keys("b1");
    let case_id = h.state.open.as_ref().expect("open").case.case_id.clone();
    let first = h.dir.path().join(format!("beschikking-{case_id}.pdf"));
    let before = std::fs::read(&first).expect("first beschikking");
    // Mark the first file, so that an overwrite would show even with equal content.
    let marked = [before.as_slice(), b"\n%eerste\n"].concat();
    std::fs::write(&first, &marked).expect("mark");
    h.keys("b1");
    let second = h.dir.path().join(format!("beschikking-{case_id}-2.pdf"));
    assert!(second.exists(), "no second file");
    assert_eq!(
        std::fs::read(&first).expect("first"),
        marked,
        "first overwritten"
    );
    let s = h.drawn();
    assert!(
        s.contains(&format!("beschikking-{case_id}-2.pdf")) || s.contains("-2.pdf"),
        "{s}"
    );
    let files: Vec<String> = h
        .store
        .history(key)
        .expect("history")
        .into_iter()
        .filter_map(|e| match e.change {
            Change::DocumentMade { bestand, .. } => Some(bestand),
            _ => None,
        })
        .collect();
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(
        files[0].ends_with(&format!("beschikking-{case_id}.pdf")),
        "{files:?}"
    );
    assert!(
        files[1].ends_with(&format!("beschikking-{case_id}-2.pdf")),
        "{files:?}"
    );
}

/// Evidence copies (`bewijs-*`, made by recovery before sled rebuilds a store from its log) are
/// not kept for ever: the newest three stay, older ones go at the next open.
#[test]
fn only_the_newest_evidence_copies_are_kept() {
    use loket::store::{EVIDENCE_KEPT, SledStore};
    let dir = tempfile::tempdir().expect("tempdir");
    let store_dir = dir.path().join("store");
    std::fs::create_dir(&store_dir).expect("store dir");
    drop(SledStore::open(&store_dir).expect("new store"));
    let names = [
        "bewijs-20261101T090000.100",
        "bewijs-20261102T090000.100",
        "bewijs-20261103T090000.100",
        "bewijs-20261104T090000.100",
        "bewijs-20261105T090000.100",
    ];
    for n in names {
        let d = store_dir.join(n);
        std::fs::create_dir(&d).expect("evidence dir");
        std::fs::write(d.join("db"), b"oude gegevens").expect("evidence file");
    }
    drop(SledStore::open(&store_dir).expect("open"));
    let mut left: Vec<String> = std::fs::read_dir(&store_dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("bewijs-"))
        .collect();
    left.sort();
    assert_eq!(EVIDENCE_KEPT, 3);
    assert_eq!(left, names[2..]);
}

/// A small tmpfs, unmounted when dropped.
#[cfg(unix)]
struct SmallDisk(std::path::PathBuf);

#[cfg(unix)]
impl SmallDisk {
    /// None when this machine does not allow mounting (not root): the test says so and stops.
    fn mount(at: &std::path::Path, size: &str) -> Option<SmallDisk> {
        std::fs::create_dir_all(at).ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| SmallDisk(at.to_path_buf()))
    }

    /// Fills the disk to the last byte.
    fn fill(&self) {
        use std::io::Write;
        let mut f = std::fs::File::create(self.0.join("vulling")).expect("filler");
        for chunk in [1 << 20, 4096, 1] {
            let buf = vec![0u8; chunk];
            while f.write_all(&buf).is_ok() {}
        }
        let _ = f.sync_all();
        // Really full: not one more byte goes in.
        let mut g = std::fs::File::create(self.0.join("nog-een")).expect("empty file");
        assert!(g.write_all(b"x").and_then(|()| g.sync_all()).is_err());
    }
}

#[cfg(unix)]
impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status();
    }
}

/// The files of a directory with their sizes (the store must not change on a full disk).
#[cfg(unix)]
fn files_with_sizes(dir: &std::path::Path) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                e.metadata().map(|m| m.len()).unwrap_or(0),
            )
        })
        .collect();
    v.sort();
    v
}

/// Issue 17 point 7: read-only commands still work on a full disk. A real full file system
/// (a small tmpfs filled to the last byte): `report`, `export` and `controleer` give what they
/// gave before, nothing in the store's directory changes, and the reads that could not be
/// written to the access log are named in a Dutch warning.
#[cfg(unix)]
#[test]
fn report_export_and_controleer_work_on_a_full_disk() {
    use std::process::Command;
    const BIN: &str = env!("CARGO_BIN_EXE_loket");
    let tmp = tempfile::tempdir().expect("tempdir");
    let Some(disk) = SmallDisk::mount(&tmp.path().join("schijf"), "24m") else {
        eprintln!("overgeslagen: hier kan geen tmpfs worden aangekoppeld (geen root)");
        return;
    };
    let store = disk.0.join("store");
    let loket = |args: &[&str]| {
        Command::new(BIN)
            .arg("--store")
            .arg(&store)
            .args(["--today", "2026-11-24", "--user", "anna"])
            .args(args)
            .env("TZ", "UTC")
            .env("TMPDIR", tmp.path())
            .output()
            .expect("run loket")
    };
    let fixtures = [
        "bewind-lopend-toestand.json",
        "aow-paar.json",
        "beheer-stress.json",
    ];
    let paths: Vec<String> = fixtures
        .iter()
        .map(|f| format!("{}/fixtures/cases/{f}", env!("CARGO_MANIFEST_DIR")))
        .collect();
    let mut import = vec!["--nieuw", "import"];
    import.extend(paths.iter().map(String::as_str));
    let o = loket(&import);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // Before the disk is full: what report and export give.
    let report_before = loket(&["report", "--from", "2026-01-01"]);
    assert_eq!(report_before.status.code(), Some(0));
    let out_before = tmp.path().join("voor");
    std::fs::create_dir(&out_before).expect("out");
    let o = loket(&["export", "--quiet", "--out", &out_before.to_string_lossy()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    disk.fill();
    let before = files_with_sizes(&store);

    let report = loket(&["report", "--from", "2026-01-01"]);
    let err = String::from_utf8_lossy(&report.stderr);
    assert_eq!(
        report.status.code(),
        Some(0),
        "report on a full disk: {err}"
    );
    assert_eq!(report.stdout, report_before.stdout, "{err}");
    assert!(err.contains("de schijf is vol"), "{err}");
    assert!(
        err.contains("3 keer lezen kon niet in het toegangslogboek worden vastgelegd"),
        "{err}"
    );
    assert!(err.contains("meegeteld in rapportage door anna"), "{err}");

    // Export to a folder on another disk.
    let out = tmp.path().join("na");
    std::fs::create_dir(&out).expect("out");
    let export = loket(&["export", "--quiet", "--out", &out.to_string_lossy()]);
    let err = String::from_utf8_lossy(&export.stderr);
    assert_eq!(
        export.status.code(),
        Some(0),
        "export on a full disk: {err}"
    );
    let names = |d: &std::path::Path| {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .expect("dir")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names(&out), names(&out_before));
    assert_eq!(names(&out).len(), 3);
    for n in names(&out) {
        assert_eq!(
            std::fs::read(out.join(&n)).expect("exported"),
            std::fs::read(out_before.join(&n)).expect("exported before"),
            "{n}"
        );
    }
    assert!(err.contains("geëxporteerd door anna"), "{err}");
    assert!(
        err.contains("2026-00106"),
        "the case numbers are named: {err}"
    );

    let check = loket(&["controleer"]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );

    // Nothing was written in the store's directory; no scratch directory is left behind.
    assert_eq!(files_with_sizes(&store), before);
    let left: Vec<String> = names(tmp.path())
        .into_iter()
        .filter(|n| n.starts_with("loket-lezen-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");

    // With room again, the store opens as always, every case in it, and reads are logged.
    std::fs::remove_file(disk.0.join("vulling")).expect("free the disk");
    let o = loket(&["export", "--quiet", "2026-00106"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        String::from_utf8_lossy(&o.stderr).is_empty(),
        "no warning with room"
    );
    let o = loket(&["controleer"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
