//! Fuzz targets (issue 17): the case file, the policy, the keymap, a checklist file and the
//! field parsers must refuse any input with a message, never panic.
//!
//! Each target runs every file of its committed corpus (`fixtures/fuzz/<target>/`), then random
//! inputs (proptest: arbitrary bytes, and corpus files with random bytes spliced in). bolero
//! could not be added here without downgrading toml and indexmap in Cargo.lock, so these are
//! property tests. A longer run, e.g. 10 minutes per target:
//!
//! ```sh
//! LOKET_FUZZ_CASES=2000000 timeout 600 cargo test --release --test it fuzz::case_file
//! ```
//! (likewise `fuzz::policy`, `fuzz::keymap`, `fuzz::checklist`, `fuzz::field_parsers`).

use chrono::{NaiveDate, TimeZone, Utc};
use loket::domain::bsn::Bsn;
use loket::domain::checklist::{Checklist, Checklists};
use loket::domain::exchange::parse_case_file;
use loket::domain::input::{parse_date, parse_int, parse_money};
use loket::domain::plausible;
use loket::domain::policy::Policy;
use loket::keymap::{Keymap, Layer};
use proptest::prelude::*;

/// Random inputs per target under `cargo test`; LOKET_FUZZ_CASES for longer runs.
fn iterations() -> u32 {
    std::env::var("LOKET_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

/// Runs `target` on the corpus, then on random bytes and on corpus files with random bytes
/// written over a random place.
fn fuzz(name: &str, target: fn(&[u8])) {
    let seeds = corpus(name);
    for input in &seeds {
        target(input);
    }
    let config = ProptestConfig {
        cases: iterations(),
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let n = seeds.len();
    proptest!(config, |(
        raw in proptest::collection::vec(any::<u8>(), 0..512),
        pick in 0..n,
        at in any::<usize>(),
        splice in proptest::collection::vec(any::<u8>(), 0..16),
    )| {
        target(&raw);
        let mut mutated = seeds[pick].clone();
        let at = if mutated.is_empty() { 0 } else { at % mutated.len() };
        let end = (at + splice.len()).min(mutated.len());
        mutated.splice(at..end, splice.iter().copied());
        target(&mutated);
    });
}

/// Every file of the target's corpus (committed), as bytes.
fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir = std::path::Path::new("fixtures/fuzz").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    assert!(!files.is_empty(), "no corpus in {}", dir.display());
    files
        .iter()
        .map(|f| std::fs::read(f).expect("corpus file"))
        .collect()
}

fn case_file_input(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let checklists = Checklists::embedded();
    let _ = plausible::duplicate_keys(text);
    if let Ok(file) = parse_case_file(text, &checklists) {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
        let now = Utc
            .with_ymd_and_hms(2026, 11, 24, 12, 0, 0)
            .single()
            .expect("time");
        for p in plausible::implausible(&file, today, now) {
            assert!(!p.is_empty());
        }
    }
}

#[test]
fn case_file() {
    fuzz("case_file", case_file_input);
}

fn policy_input(bytes: &[u8]) {
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = Policy::from_toml(text, "fuzz");
    }
}

#[test]
fn policy() {
    fuzz("policy", policy_input);
}

fn keymap_input(bytes: &[u8]) {
    if let Ok(text) = std::str::from_utf8(bytes) {
        let mut layers: Vec<Layer> = Layer::embedded("default").into_iter().collect();
        layers.push(Layer::new("fuzz", text));
        let _ = Keymap::from_layers(&layers);
    }
}

#[test]
fn keymap() {
    fuzz("keymap", keymap_input);
}

fn checklist_input(bytes: &[u8]) {
    if let Ok(text) = std::str::from_utf8(bytes)
        && let Ok(c) = Checklist::from_toml(text, "fuzz")
    {
        let shipped = Checklists::embedded();
        if let Some(base) = shipped.get(&c.id) {
            let _ = c.check_compatible(base, "fuzz");
        }
    }
}

#[test]
fn checklist() {
    fuzz("checklist", checklist_input);
}

fn field_input(text: &str) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
    let _ = parse_money(text);
    let _ = parse_date(text, today);
    let _ = parse_int(text);
    let _ = Bsn::parse(text);
    let _ = plausible::case_id_problem(text);
    let shown = plausible::printable(text, false);
    assert!(!shown.chars().any(char::is_control));
    let without = plausible::without_bsn(text);
    assert!(!without.contains("123456782") || !text.contains("123456782"));
}

#[test]
fn field_parsers() {
    fuzz("field_parsers", |bytes| {
        for line in String::from_utf8_lossy(bytes).lines() {
            field_input(line);
        }
    });
}
