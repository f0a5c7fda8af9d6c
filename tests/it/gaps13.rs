//! Issue 13, the remaining points: scrolling stops at the end of the text, imports record the
//! importing user, the report lists overdue deadlines and caseload per user.

use crate::harness;

use harness::Harness;
use ratatui::crossterm::event::KeyCode;

/// The rows of the screen, trailing blanks trimmed.
fn rows(h: &Harness) -> Vec<String> {
    h.text().lines().map(|l| l.trim_end().to_string()).collect()
}

#[test]
fn end_on_the_result_screen_stops_at_the_last_line() {
    let mut h = Harness::new();
    h.import_fixture("bewind-schulden-instabiel.json");
    h.enter();
    h.keys("a");
    for key in [KeyCode::End, KeyCode::PageDown] {
        h.code(key);
        let screen = rows(&h);
        // 80×24: header row, 21 body rows, status line and footer. The closing sentence (wrapped
        // over two rows at 80 columns) ends on the last body row, not above blank space.
        let body: Vec<&String> = screen[1..22].iter().collect();
        let last = body.iter().rposition(|l| !l.trim().is_empty()).unwrap_or(0);
        assert!(
            last >= 19,
            "blank space under the text after {key:?}:\n{}",
            h.text()
        );
        assert!(
            h.text().contains("de professional beslist"),
            "last line not shown after {key:?}:\n{}",
            h.text()
        );
    }
    // Up then moves the text again (not stuck past the end): the row above comes into view.
    let before = h.text();
    h.code(KeyCode::Home);
    assert_ne!(before, h.text());
}

#[test]
fn end_on_the_help_overlay_stops_at_the_last_line() {
    let mut h = Harness::new();
    h.import_fixture("bewind-schulden-instabiel.json");
    h.enter();
    h.keys("?");
    h.code(KeyCode::End);
    let screen = rows(&h);
    let esc = screen
        .iter()
        .position(|l| l.contains("annuleren (er wordt niets opgeslagen)"))
        .unwrap_or_else(|| panic!("last help line not shown:\n{}", h.text()));
    // The next row is the bottom border of the overlay: no blank rows inside it.
    assert!(
        screen[esc + 1].contains('└') || screen[esc + 1].contains('─'),
        "blank rows under the help text:\n{}",
        h.text()
    );
}

#[test]
fn an_imported_case_records_the_importing_user_in_its_history() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fixture = format!(
        "{}/fixtures/cases/aow-paar.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
        .arg("--store")
        .arg(dir.path())
        .args([
            "--nieuw",
            "--user",
            "mdevries",
            "--today",
            "2026-11-24",
            "import",
        ])
        .arg(&fixture)
        .env_remove("USER")
        .env_remove("USERNAME")
        .output()
        .expect("loket import");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The same store, opened in the real event loop: the case's history names the importer.
    let store = loket::store::SledStore::open(dir.path()).expect("store");
    let mut h = Harness::with_store(dir, store);
    h.enter();
    let text = h.text();
    assert!(text.contains("mdevries"), "{text}");
    assert!(!text.contains("onbekend"), "{text}");
}

/// The real binary on `store` with `args` (no `--nieuw`: the store exists after the first import).
fn loket(store: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
        .arg("--store")
        .arg(store)
        .args(args)
        .env("TZ", "UTC")
        .env_remove("LOKET_STORE")
        .output()
        .expect("run loket")
}

#[test]
fn the_report_lists_overdue_deadlines_and_caseload_per_user() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("s");
    let fixture = |n: &str| format!("{}/fixtures/cases/{n}", env!("CARGO_MANIFEST_DIR"));
    let (a, b, c) = (
        fixture("aow-paar.json"),
        fixture("beheer-stress.json"),
        fixture("aanmelding-alleen.json"),
    );
    let out = loket(
        &store,
        &[
            "--nieuw",
            "--user",
            "mdevries",
            "--today",
            "2026-11-24",
            "import",
            &a,
            &b,
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = loket(
        &store,
        &["--user", "jbakker", "--today", "2026-11-24", "import", &c],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // On the day of import nothing is overdue; weeks later the first conversations are.
    let text = |today: &str| {
        let out = loket(&store, &["--today", today, "report"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let now = text("2026-11-24");
    assert!(now.contains("Verlopen termijnen: geen"), "{now}");
    let later = text("2027-01-15");
    let overdue: Vec<&str> = later
        .lines()
        .skip_while(|l| !l.starts_with("Verlopen termijnen"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(overdue.len(), 3, "{later}");
    assert!(
        overdue.iter().all(|l| l.contains("Eerste gesprek")),
        "{later}"
    );
    // Longest over first: beheer-stress, due 30-11-2026, is 46 days over on 15-01-2027.
    assert!(overdue[0].contains("beheer-stress"), "{later}");
    assert!(overdue[0].contains("30-11-2026"), "{later}");
    assert!(overdue[0].trim_end().ends_with(" 46"), "{later}");
    let caseload: Vec<String> = later
        .lines()
        .skip_while(|l| !l.starts_with("Zaken per medewerker"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(caseload, ["mdevries 2", "jbakker 1"], "{later}");

    let out = loket(&store, &["--today", "2027-01-15", "report", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let first = &j["overdue_deadlines"][0];
    assert_eq!(first["case_id"], "beheer-stress");
    assert_eq!(first["kind"], "eerste_gesprek");
    assert_eq!(first["due"], "2026-11-30");
    assert_eq!(first["days_over"], 46);
    assert_eq!(j["overdue_deadlines"].as_array().map(Vec::len), Some(3));
    assert_eq!(j["workload"][0]["user"], "mdevries");
    assert_eq!(j["workload"][0]["cases"], 2);
    assert_eq!(j["workload"][1]["user"], "jbakker");
    assert_eq!(j["workload"][1]["cases"], 1);
}

/// Snapshots of one screen at 80×24 and at 120×40, after checking that it shows `marker`.
fn both_sizes(h: &Harness, name: &str, marker: &str) {
    for (w, rows) in [(80, 24), (120, 40)] {
        let text = harness::buffer_text(&h.screen_at(w, rows));
        assert!(text.contains(marker), "{name} at {w}×{rows}:\n{text}");
        insta::assert_snapshot!(format!("{name}_{w}x{rows}"), text);
    }
}

/// The bewind fixture case in the list, opened.
fn fixture_case() -> Harness {
    let mut h = Harness::new();
    h.import_fixture("bewind-schulden-instabiel.json");
    h.enter();
    h
}

#[test]
fn every_screen_at_80x24_and_120x40() {
    let mut h = Harness::new();
    h.import_fixture("bewind-schulden-instabiel.json");
    both_sizes(&h, "lijst", "bewind");
    h.keys("n");
    both_sizes(&h, "nieuwe_zaak", "Naam");

    let h = fixture_case();
    both_sizes(&h, "zaak", "Geschiedenis");

    let mut h = fixture_case();
    h.keys("1");
    both_sizes(&h, "vragenlijst", "A");

    let mut h = fixture_case();
    h.keys("d");
    // At 80 columns the empty-list sentence wraps instead of being cut off.
    both_sizes(&h, "schulden", "schuldeisers in de vragenlijst ingevuld.");

    let mut h = fixture_case();
    h.keys("a");
    both_sizes(&h, "advies", "Voorstel: Beschermingsbewind");

    let mut h = fixture_case();
    h.keys("v");
    both_sizes(&h, "traject", "Traject");

    let mut h = fixture_case();
    h.keys("?");
    both_sizes(&h, "hulp", "Hulp");

    let mut h = Harness::new();
    h.import_fixture("bewind-schulden-instabiel.json");
    h.keys("t");
    both_sizes(&h, "termijnen", "Termijn");

    let mut h = Harness::new();
    h.import_fixture("bewind-schulden-instabiel.json");
    h.keys("r");
    both_sizes(&h, "rapportage", "Overzicht voor de gemeente");
}

#[test]
fn the_intake_report_masks_the_bsn_unless_asked_and_records_a_full_export() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("s");
    let fixture = format!(
        "{}/fixtures/cases/bewind-geen-grond.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = loket(
        &store,
        &[
            "--nieuw",
            "--user",
            "mdevries",
            "--today",
            "2026-11-24",
            "import",
            &fixture,
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let case_id = String::from_utf8_lossy(&out.stdout)
        .rsplit(' ')
        .next()
        .map(|s| s.trim().to_string())
        .expect("case number");
    let md = |extra: &[&str]| {
        let mut args = vec!["--user", "mdevries", "--today", "2026-11-24", "export"];
        args.extend_from_slice(&["--format", "md"]);
        args.extend_from_slice(extra);
        args.push(&case_id);
        let out = loket(&store, &args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let masked = md(&[]);
    assert!(masked.contains("| BSN |"), "{masked}");
    assert!(!masked.contains("999900067"), "{masked}");
    let full = md(&["--bsn-volledig"]);
    assert!(full.contains("999900067"), "{full}");

    // The history on the case screen says the full BSN left, and by whom.
    let sled = loket::store::SledStore::open(&store).expect("store");
    let mut h = Harness::with_store(dir, sled);
    h.enter();
    let text = h.text();
    assert!(text.contains("volledig BSN"), "{text}");
    assert!(text.contains("mdevries"), "{text}");
}
