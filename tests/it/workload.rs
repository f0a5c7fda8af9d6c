//! `loket gen` and re-segmentation after a policy change (small sizes: the benchmarks run
//! outside `cargo test`, via `loket bench` or `cargo bench`).

use crate::support;

use chrono::{FixedOffset, NaiveDate};
use loket::app::Env;
use loket::app::summary::{ensure_current, needs_resegment, outcome, summarize};
use loket::devtools::workload::generate_into;
use loket::domain::checklist::Checklists;
use loket::domain::exchange::to_case_json;
use loket::domain::policy::Policy;
use loket::store::{CaseStore, SledStore};
use rust_decimal::Decimal;
use std::path::Path;
use std::process::Command;

fn env(policy: Policy) -> Env {
    Env {
        checklists: Checklists::embedded(),
        policy,
        user: "test".into(),
        today: NaiveDate::from_ymd_opt(2026, 11, 24).expect("date"),
        offset: FixedOffset::east_opt(0).expect("offset"),
    }
}

/// Opens a store, waiting briefly while a just-dropped handle's threads still hold the lock.
fn reopen(dir: &Path) -> SledStore {
    reopen_with(dir, SledStore::open)
}

/// As `reopen`, with `open` (plain, or as the workbench opens: `open_to_list`).
fn reopen_with(
    dir: &Path,
    open: fn(&Path) -> Result<SledStore, loket::store::StoreError>,
) -> SledStore {
    for _ in 0..100 {
        match open(dir) {
            Err(loket::store::StoreError::Locked(_)) => {
                std::thread::sleep(std::time::Duration::from_millis(10))
            }
            other => return other.expect("open"),
        }
    }
    panic!("store stays locked");
}

fn generate(dir: &Path, n: usize, seed: u64) {
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["gen", &n.to_string(), "--seed", &seed.to_string()])
        .arg("--store")
        .arg(dir)
        .args(["--today", "2026-11-24"])
        .env_remove("LOKET_STORE")
        .output()
        .expect("run loket gen");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "no progress when stderr is no terminal"
    );
}

fn export(dir: &Path) -> Vec<String> {
    let store = SledStore::open(dir).expect("open");
    let checklists = Checklists::embedded();
    let mut out = Vec::new();
    store
        .export_all(&support::reader(), &mut |_, case| {
            out.push(
                serde_json::to_string_pretty(&to_case_json(&case, &checklists)).expect("json"),
            );
            Ok(())
        })
        .expect("export");
    out
}

#[test]
fn the_same_seed_gives_the_same_cases() {
    let a = tempfile::tempdir().expect("tempdir");
    let b = tempfile::tempdir().expect("tempdir");
    let c = tempfile::tempdir().expect("tempdir");
    generate(a.path(), 200, 11);
    generate(b.path(), 200, 11);
    generate(c.path(), 200, 12);
    let (ea, eb, ec) = (export(a.path()), export(b.path()), export(c.path()));
    assert_eq!(ea.len(), 200);
    assert_eq!(ea, eb);
    assert_ne!(ea, ec);
    let store = SledStore::open(a.path()).expect("open");
    let summaries = support::summaries(&store);
    assert_eq!(summaries.len(), 200);
    assert!(
        summaries
            .iter()
            .all(|(_, s)| !s.case_id.is_empty() && !s.name.is_empty())
    );
    assert!(summaries.iter().any(|(_, s)| s.crisis));
    assert!(summaries.iter().any(|(_, s)| s.decided.is_some()));
    assert!(summaries.iter().any(|(_, s)| s.debt_route.is_some()));
    // gen records the fingerprint of the policy it summarised under.
    assert!(!needs_resegment(&store, &env(Policy::embedded())).expect("meta"));
}

#[test]
fn a_policy_change_resegments_every_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SledStore::open(dir.path()).expect("open");
    let old = env(Policy::embedded());
    ensure_current(&store, &old, &mut |_, _| {}).expect("fingerprint");
    generate_into(&store, &old, 5, 0..150, &mut |_, _| {}).expect("generate");
    assert_eq!(
        ensure_current(&store, &old, &mut |_, _| {}).expect("same"),
        0
    );

    // A much higher norm leaves no repayment capacity: routes and proposals change.
    let mut policy = Policy::embedded();
    for p in &mut policy.perioden {
        p.norm.alleenstaand = Decimal::new(500_000, 2);
        p.norm.paar = Decimal::new(600_000, 2);
        p.norm.alleenstaand_aow = Decimal::new(500_000, 2);
        p.norm.paar_aow = Decimal::new(600_000, 2);
    }
    let new = env(policy);
    assert!(needs_resegment(&store, &new).expect("meta"));

    let before = support::summaries(&store);
    let mut calls = 0;
    let n = ensure_current(&store, &new, &mut |done, total| {
        calls += 1;
        assert!(done <= total);
    })
    .expect("resegment");
    assert_eq!(n, 150);
    assert!(calls >= 1);
    assert!(!needs_resegment(&store, &new).expect("meta"));
    let after = support::summaries(&store);

    let mut changed = 0;
    for ((key, b), (key2, a)) in before.iter().zip(&after) {
        assert_eq!(key, key2);
        let case = support::load(&store, *key).expect("load");
        assert_eq!(*b, summarize(&case, &outcome(&case, &old), &old));
        assert_eq!(*a, summarize(&case, &outcome(&case, &new), &new));
        if a.debt_route != b.debt_route || a.proposed != b.proposed {
            changed += 1;
        }
    }
    assert!(
        changed > 0,
        "the norm change must change some route or proposal"
    );
}

#[test]
fn the_list_snapshot_is_used_only_while_it_is_current() {
    let dir = tempfile::tempdir().expect("tempdir");
    let e = env(Policy::embedded());
    {
        let store = SledStore::open(dir.path()).expect("open");
        generate_into(&store, &e, 3, 0..120, &mut |_, _| {}).expect("generate");
        assert!(!store.snapshot_is_current());
        store.refresh_snapshot().expect("snapshot");
        assert!(store.snapshot_is_current());
    }
    let store = reopen(dir.path());
    let scanned = store.summaries_scan().expect("scan");
    assert_eq!(support::summaries(&store), scanned);
    assert!(store.snapshot_is_current(), "read from the snapshot");

    // The first write of a session removes the snapshot, so a later start-up scans.
    let (key, mut summary) = scanned[7].clone();
    summary.name = "Nieuwe Naam".into();
    store.put_summary(key, &summary).expect("put");
    store.flush().expect("flush");
    assert!(!store.snapshot_is_current());
    drop(store);
    let store = reopen(dir.path());
    let rows = support::summaries(&store);
    assert_eq!(rows, store.summaries_scan().expect("scan"));
    assert_eq!(rows[7].1.name, "Nieuwe Naam");
    assert!(!store.snapshot_is_current());

    // A snapshot from before a case was created is not used.
    store
        .close(Some(&mut rows.iter().map(|(k, s)| (*k, s))))
        .expect("write");
    generate_into(&store, &e, 3, 500..501, &mut |_, _| {}).expect("one more");
    drop(store);
    let store = reopen(dir.path());
    let rows = support::summaries(&store);
    assert_eq!(rows.len(), 121);

    // The workbench's open reads the snapshot while the store opens; a write before the first
    // listing makes that listing show the write, not what was read at the start.
    store
        .close(Some(&mut rows.iter().map(|(k, s)| (*k, s))))
        .expect("write");
    drop(store);
    let store = reopen_with(dir.path(), SledStore::open_to_list);
    assert_eq!(support::summaries(&store), rows, "read while opening");
    store
        .close(Some(&mut rows.iter().map(|(k, s)| (*k, s))))
        .expect("write");
    drop(store);
    let store = reopen_with(dir.path(), SledStore::open_to_list);
    let (key, mut summary) = rows[3].clone();
    summary.name = "Later Gewijzigd".into();
    store.put_summary(key, &summary).expect("put");
    let listed = support::summaries(&store);
    assert_eq!(listed.len(), 121);
    let name = listed.iter().find(|(k, _)| *k == key).map(|(_, s)| &s.name);
    assert_eq!(name.map(String::as_str), Some("Later Gewijzigd"));
}

/// A re-segmentation broken off halfway leaves a marker that matches no policy, so the next
/// start finishes it even under the old policy.
#[test]
fn an_interrupted_resegmentation_is_finished_at_the_next_start() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SledStore::open(dir.path()).expect("open");
    let e = env(Policy::embedded());
    generate_into(&store, &e, 7, 0..20, &mut |_, _| {}).expect("generate");
    ensure_current(&store, &e, &mut |_, _| {}).expect("current");
    assert!(!needs_resegment(&store, &e).expect("check"));
    // What a run that died after its first batch leaves behind.
    store
        .meta_set(loket::store::POLICY_FINGERPRINT_KEY, "bezig")
        .expect("marker");
    assert!(needs_resegment(&store, &e).expect("check"));
    assert_eq!(
        ensure_current(&store, &e, &mut |_, _| {}).expect("finish"),
        20
    );
    assert!(!needs_resegment(&store, &e).expect("check"));
}

#[test]
fn bench_refuses_a_size_of_zero_with_a_message() {
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["bench", "--sizes", "0"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

/// `loket bench` on the embedded store at a small size: every figure is in the table, and the
/// two reference rows (raw sled doing a save's writes; reading and decoding every case) stand
/// beside the figures they explain, judged "ter vergelijking", never counted as a missed target.
#[test]
fn bench_reports_each_figure_with_the_raw_sled_references() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["bench", "--sizes", "40"])
        .env("HOME", home.path())
        .env("TMPDIR", home.path())
        .env_remove("LOKET_STORE")
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("| 40 ")).collect();
    let names: Vec<String> = rows
        .iter()
        .map(|r| r.split('|').nth(2).unwrap_or("").trim().to_string())
        .collect();
    let at = |name: &str| {
        names
            .iter()
            .position(|n| n == name)
            .unwrap_or_else(|| panic!("no row {name:?} in\n{text}"))
    };
    let save = at("antwoord opslaan (transactie + geschiedenis + flush)");
    let raw = at("vloer van dezelfde 4 schrijfacties + flush");
    let reseg = at("herberekenen na beleidswijziging");
    let decode = at("alleen elke zaak lezen + decoderen (JSON)");
    assert_eq!(
        (raw, decode),
        (save + 1, reseg + 1),
        "references right below: {names:?}"
    );
    let verdict = |r: &str| r.split('|').nth(7).unwrap_or("").trim().to_string();
    for r in [raw, decode] {
        assert_eq!(verdict(rows[r]), "ter vergelijking", "{}", rows[r]);
    }
    // The raw writes are measured against the same floor as the save: a ratio, not a dash.
    let ratio = |r: usize| rows[r].split('|').nth(5).unwrap_or("").trim().to_string();
    assert!(
        ratio(raw).ends_with('×') && ratio(save).ends_with('×'),
        "{text}"
    );
    // The closing count counts the rows judged "niet gehaald" and nothing else.
    let missed = rows.iter().filter(|r| verdict(r) == "niet gehaald").count();
    let summary = text.lines().last().unwrap_or("");
    if missed == 0 {
        assert!(!summary.contains("niet gehaald"), "{summary}");
    } else {
        assert!(
            summary.starts_with(&format!("{missed} doel(en) niet gehaald")),
            "{missed} rows missed, the summary says {summary}\n{text}"
        );
    }
}

#[test]
fn the_scan_after_a_crash_reads_every_batch_in_order_and_counts_the_unreadable() {
    // More cases than one read batch (2048), so the scan decodes several batches on every
    // core; two damaged summaries, one in each of the first two batches.
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SledStore::open(dir.path()).expect("open");
    generate_into(&store, &env(Policy::embedded()), 9, 0..2500, &mut |_, _| {}).expect("generate");
    let all = store.summaries_scan().expect("scan");
    assert_eq!(all.len(), 2500);
    // Each row is its own case's summary (its case number leads back to its key).
    for (key, summary) in &all {
        assert_eq!(store.key_of(&summary.case_id).expect("ids"), Some(*key));
    }
    let keys: Vec<_> = all.iter().map(|(k, _)| *k).collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "creation order");
    let damaged = [keys[10], keys[2200]];
    for key in damaged {
        store.put_raw_summary(key, b"{kapot").expect("damage");
    }
    let scanned = store.summaries_scan().expect("scan");
    let expected: Vec<_> = all.iter().filter(|(k, _)| !damaged.contains(k)).collect();
    assert_eq!(scanned.len(), 2498);
    assert!(
        scanned
            .iter()
            .zip(&expected)
            .all(|(a, b)| a.0 == b.0 && a.1 == b.1),
        "the readable summaries, in creation order"
    );
    let listing = store.list_summaries().expect("list");
    assert_eq!(listing.unreadable, 2);
    assert_eq!(listing.rows.len(), 2498);
}
