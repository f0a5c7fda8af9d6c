//! Every example case in fixtures/cases/ with an expected output in fixtures/expected/ gives
//! exactly the listed contract fields (SEGMENTATION.md §7), field by field.
//!
//! The comparison is split in two tests so a failure says where it comes from: the engine's own
//! fields, and `deadlines` (computed by `domain::deadlines`, a stub returning all None until the
//! deadlines work is merged — until then `every_example_deadlines_match` fails, honestly).

use crate::support::today;
use loket::domain::checklist::Checklists;
use loket::domain::exchange::parse_case_file;
use loket::domain::policy::Policy;
use loket::domain::segment::{segment, to_contract_json};
use serde_json::Value as J;
use std::path::{Path, PathBuf};

/// (name, case path, expected path) for every case that has an expected output.
fn examples() -> Vec<(String, PathBuf, PathBuf)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir("fixtures/cases").expect("fixtures/cases") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .to_string();
        let expected = Path::new("fixtures/expected").join(&name);
        if expected.exists() {
            out.push((name, path, expected));
        }
    }
    out.sort();
    out
}

fn outcome(case: &Path) -> J {
    let text = std::fs::read_to_string(case).expect("case file");
    let checklists = Checklists::embedded();
    let file =
        parse_case_file(&text, &checklists).unwrap_or_else(|e| panic!("{}: {e}", case.display()));
    let o = segment(
        &file.answers,
        &file.debts,
        &checklists,
        &Policy::embedded(),
        today(),
    );
    to_contract_json(&o)
}

/// Compares every key the expected value lists (recursively for objects); arrays and scalars
/// must be equal exactly. Pushes one line per difference.
fn compare(expected: &J, actual: &J, path: &str, diffs: &mut Vec<String>) {
    match expected {
        J::Object(map) => {
            for (k, e) in map {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                match actual.get(k) {
                    Some(a) => compare(e, a, &p, diffs),
                    None => diffs.push(format!("{p}: ontbreekt (verwacht {e})")),
                }
            }
        }
        _ if expected != actual => {
            diffs.push(format!("{path}: verwacht {expected}, kreeg {actual}"))
        }
        _ => {}
    }
}

fn check_all(select: impl Fn(&str) -> bool) {
    let examples = examples();
    assert!(
        examples.len() >= 6,
        "expected the 6 shared examples, found {}",
        examples.len()
    );
    let mut diffs = Vec::new();
    for (name, case, expected) in &examples {
        let want: J = serde_json::from_str(&std::fs::read_to_string(expected).expect("expected"))
            .expect("expected is JSON");
        let got = outcome(case);
        let J::Object(keys) = &want else {
            panic!("{name}: expected file is not an object");
        };
        for (k, e) in keys.iter().filter(|(k, _)| select(k)) {
            let mut d = Vec::new();
            compare(e, got.get(k).unwrap_or(&J::Null), k, &mut d);
            diffs.extend(d.into_iter().map(|d| format!("{name}: {d}")));
        }
    }
    assert!(
        diffs.is_empty(),
        "{} verschil(len):\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}

#[test]
fn every_example_matches_the_contract_fields_except_deadlines() {
    check_all(|k| k != "deadlines");
}

/// Fails while `domain::deadlines::compute` is the stub (it returns all None).
#[test]
fn every_example_deadlines_match() {
    check_all(|k| k == "deadlines");
}

#[test]
fn the_format_is_loket_segment_1_and_output_is_deterministic() {
    for (name, case, _) in examples() {
        let a = outcome(&case);
        assert_eq!(a["format"], "loket-segment/1", "{name}");
        assert_eq!(a, outcome(&case), "{name}");
    }
}
