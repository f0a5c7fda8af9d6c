//! The real binary: `loket segment FILE` on every fixture, and its refusals (exit code 2 with a
//! Dutch message on stderr naming the problem).
//!
//! As in segment_examples.rs, `deadlines` is compared in its own test, which fails while
//! `domain::deadlines::compute` is the stub.

use crate::support::stderr;
use serde_json::{Value as J, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn loket(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(args)
        .env_remove("LOKET_STORE")
        .output()
        .expect("run loket")
}

fn examples() -> Vec<(PathBuf, PathBuf)> {
    let mut out: Vec<(PathBuf, PathBuf)> = std::fs::read_dir("fixtures/cases")
        .expect("fixtures/cases")
        .map(|e| e.expect("entry").path())
        .filter_map(|p| {
            let expected = Path::new("fixtures/expected").join(p.file_name()?);
            expected.exists().then_some((p, expected))
        })
        .collect();
    out.sort();
    out
}

fn compare(expected: &J, actual: &J, path: &str, diffs: &mut Vec<String>) {
    match expected {
        J::Object(map) => {
            for (k, e) in map {
                let p = format!("{path}.{k}");
                compare(e, actual.get(k).unwrap_or(&J::Null), &p, diffs);
            }
        }
        _ if expected != actual => {
            diffs.push(format!("{path}: verwacht {expected}, kreeg {actual}"))
        }
        _ => {}
    }
}

fn check_fixtures(select: impl Fn(&str) -> bool) {
    let examples = examples();
    assert!(examples.len() >= 6);
    let mut diffs = Vec::new();
    for (case, expected) in examples {
        let out = loket(&[
            "segment",
            "--today",
            "2026-11-24",
            case.to_str().expect("path"),
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            case.display(),
            stderr(&out)
        );
        let got: J = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
        let want: J = serde_json::from_str(&std::fs::read_to_string(&expected).expect("read"))
            .expect("expected JSON");
        let J::Object(keys) = &want else {
            panic!("not an object")
        };
        for (k, e) in keys.iter().filter(|(k, _)| select(k)) {
            compare(
                e,
                got.get(k).unwrap_or(&J::Null),
                &format!("{}: {k}", case.display()),
                &mut diffs,
            );
        }
    }
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

#[test]
fn every_fixture_prints_the_expected_contract_except_deadlines() {
    check_fixtures(|k| k != "deadlines");
}

/// Fails while `domain::deadlines::compute` is the stub.
#[test]
fn every_fixture_prints_the_expected_deadlines() {
    check_fixtures(|k| k == "deadlines");
}

#[test]
fn without_today_the_system_date_is_used() {
    let out = loket(&["segment", "fixtures/cases/coaching-stabiel.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let got: J = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(got["format"], "loket-segment/1");
    assert!(got["today"].as_str().is_some_and(|d| d.len() == 10));
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let p = dir.path().join(name);
    std::fs::write(&p, text).expect("write");
    p.to_str().expect("path").to_string()
}

#[test]
fn a_bad_case_file_exits_2_naming_the_item() {
    let dir = tempfile::tempdir().expect("tempdir");
    let table = [
        (
            json!({"schuldhulp": {"fn.administratie": 7}}),
            "fn.administratie",
        ),
        (
            json!({"schuldhulp": {"fn.admnistratie": 3}}),
            "bedoelt u \"fn.administratie\"",
        ),
        (
            json!({"schuldhulp": {"inkomen.netto": 1450}}),
            "inkomen.netto",
        ),
        (
            json!({"schuldhulp": {"huishouden.type": "single"}}),
            "toegestaan: alleenstaand",
        ),
        (
            json!({"bewind": {"bewind.grond": ["geen", "schulden"]}}),
            "bewind.grond",
        ),
    ];
    for (answers, needle) in table {
        let case = json!({"format": "loket-case/1", "client": {"name": "X"}, "answers": answers});
        let path = write(&dir, "case.json", &case.to_string());
        let out = loket(&["segment", "--today", "2026-11-24", &path]);
        assert_eq!(out.status.code(), Some(2), "{needle}");
        assert!(
            out.stdout.is_empty(),
            "nothing on stdout for a refused file"
        );
        let err = stderr(&out);
        assert!(
            err.contains("geen geldig zaakbestand") && err.contains(needle),
            "{needle}: {err}"
        );
    }
}

#[test]
fn malformed_json_exits_2_with_line_and_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(
        &dir,
        "bad.json",
        "{\n  \"format\": \"loket-case/1\"\n  \"client\": {}\n}",
    );
    let out = loket(&["segment", &path]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("regel 3, kolom 3"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_unreadable_file_exits_2() {
    let out = loket(&["segment", "fixtures/cases/bestaat-niet.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("kan niet worden gelezen"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("bestaat niet"), "{}", stderr(&out));
}

#[test]
fn a_bad_policy_exits_2_naming_the_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = loket::domain::policy::DEFAULT_POLICY_TOML
        .replace("basishuur = \"250.00\"", "basishuur = 250");
    let policy = write(&dir, "p.toml", &text);
    let out = loket(&[
        "segment",
        "--policy",
        &policy,
        "fixtures/cases/coaching-stabiel.json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("basishuur"), "{}", stderr(&out));
    let out = loket(&[
        "segment",
        "--policy",
        "bestaat-niet.toml",
        "fixtures/cases/coaching-stabiel.json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("beleidsbestand"), "{}", stderr(&out));
}

#[test]
fn a_policy_file_replaces_the_default() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = loket::domain::policy::DEFAULT_POLICY_TOML
        .replace("basishuur = \"250.00\"", "basishuur = \"650.00\"");
    let policy = write(&dir, "p.toml", &text);
    let out = loket(&[
        "segment",
        "--today",
        "2026-11-24",
        "--policy",
        &policy,
        "fixtures/cases/coaching-stabiel.json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let got: J = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(got["debt_route"]["vtlb"], "1024.77");
    assert_eq!(got["debt_route"]["repayment_capacity"], "425.23");
}
