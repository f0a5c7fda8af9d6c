//! Fuzz targets (issue 17): the case file, the policy, the keymap, a checklist file and the
//! field parsers must refuse any input with a message, never panic.
//!
//! Each target runs every file of its committed corpus (`fixtures/fuzz/<target>/`), then random
//! inputs (proptest: arbitrary bytes, and corpus files with random bytes spliced in). bolero
//! could not be added here without downgrading toml and indexmap in Cargo.lock, so these are
//! property tests. A longer run, e.g. 10 minutes per target:
//!
//! ```sh
//! LOKET_FUZZ_SECONDS=600 cargo test --test it fuzz::case_file -- --nocapture
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
/// written over a random place. `target` says whether it accepted the input.
///
/// With LOKET_FUZZ_SECONDS=S the target runs for S seconds instead (see [`fuzz_for`]).
fn fuzz(name: &str, target: fn(&[u8]) -> bool) {
    let seeds = corpus(name);
    for input in &seeds {
        target(input);
    }
    if let Some(seconds) = std::env::var("LOKET_FUZZ_SECONDS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        fuzz_for(name, target, &seeds, seconds);
        return;
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

/// A timed run: random bytes and corpus files with one to four random splices, until `seconds`
/// have passed. A panic does not stop the run: the input is written to
/// `fixtures/fuzz/<name>/panic-<hash>` and the test fails at the end. Up to five accepted
/// mutated inputs are written to the corpus as `found-<hash>` (new corpus entries to commit).
/// Prints the figures: `fuzz <name>: <inputs> inputs in <s> s, <p> panics, <k> new corpus files`.
fn fuzz_for(name: &str, target: fn(&[u8]) -> bool, seeds: &[Vec<u8>], seconds: u64) {
    use proptest::strategy::{Strategy, ValueTree};
    use proptest::test_runner::TestRunner;
    let dir = std::path::Path::new("fixtures/fuzz").join(name);
    let strategy = (
        proptest::collection::vec(any::<u8>(), 0..512),
        proptest::collection::vec(
            (
                0..seeds.len(),
                any::<usize>(),
                proptest::collection::vec(any::<u8>(), 0..16),
            ),
            1..5,
        ),
    );
    let mut runner = TestRunner::new(ProptestConfig::default());
    let started = std::time::Instant::now();
    let (mut inputs, mut panics, mut saved) = (0u64, 0u64, 0u32);
    let mut run = |input: &[u8], keep: bool, inputs: &mut u64| {
        *inputs += 1;
        match std::panic::catch_unwind(|| target(input)) {
            Ok(accepted) => {
                if keep && accepted && saved < 5 && !seeds.iter().any(|s| s == input) {
                    let file = dir.join(format!("found-{:016x}", hash(input)));
                    if std::fs::write(&file, input).is_ok() {
                        saved += 1;
                    }
                }
            }
            Err(_) => {
                panics += 1;
                let file = dir.join(format!("panic-{:016x}", hash(input)));
                let _ = std::fs::write(&file, input);
                eprintln!("fuzz {name}: panic, input in {}", file.display());
            }
        }
    };
    while started.elapsed().as_secs() < seconds {
        let Ok(tree) = strategy.new_tree(&mut runner) else {
            continue;
        };
        let (raw, splices) = tree.current();
        run(&raw, false, &mut inputs);
        let mut mutated = seeds[splices[0].0].clone();
        for (_, at, splice) in &splices {
            let at = if mutated.is_empty() {
                0
            } else {
                at % mutated.len()
            };
            let end = (at + splice.len()).min(mutated.len());
            mutated.splice(at..end, splice.iter().copied());
        }
        run(&mutated, true, &mut inputs);
    }
    eprintln!(
        "fuzz {name}: {inputs} inputs in {} s, {panics} panics, {saved} new corpus files",
        started.elapsed().as_secs()
    );
    assert_eq!(
        panics,
        0,
        "fuzz {name}: panics found, inputs in {}",
        dir.display()
    );
}

fn hash(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
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

fn case_file_input(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
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
        return true;
    }
    false
}

#[test]
fn case_file() {
    fuzz("case_file", case_file_input);
}

fn policy_input(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok_and(|text| Policy::from_toml(text, "fuzz").is_ok())
}

#[test]
fn policy() {
    fuzz("policy", policy_input);
}

fn keymap_input(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let mut layers: Vec<Layer> = Layer::embedded("default").into_iter().collect();
    layers.push(Layer::new("fuzz", text));
    Keymap::from_layers(&layers).is_ok()
}

#[test]
fn keymap() {
    fuzz("keymap", keymap_input);
}

fn checklist_input(bytes: &[u8]) -> bool {
    if let Ok(text) = std::str::from_utf8(bytes)
        && let Ok(c) = Checklist::from_toml(text, "fuzz")
    {
        let shipped = Checklists::embedded();
        if let Some(base) = shipped.get(&c.id) {
            let _ = c.check_compatible(base, "fuzz");
        }
        return true;
    }
    false
}

#[test]
fn checklist() {
    fuzz("checklist", checklist_input);
}

fn field_input(text: &str) -> bool {
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
    let accepted = parse_money(text).is_ok()
        | parse_date(text, today).is_ok()
        | parse_int(text).is_ok()
        | Bsn::parse(text).is_ok();
    let _ = plausible::case_id_problem(text);
    let shown = plausible::printable(text, false);
    assert!(!shown.chars().any(char::is_control));
    let without = plausible::without_bsn(text);
    assert!(!without.contains("123456782") || !text.contains("123456782"));
    accepted
}

#[test]
fn field_parsers() {
    fuzz("field_parsers", |bytes| {
        let mut accepted = false;
        for line in String::from_utf8_lossy(bytes).lines() {
            accepted |= field_input(line);
        }
        accepted
    });
}
