//! Helpers shared by the integration tests: reading a case as a test does (recorded in the
//! access log as a view by "test"), the list without its cursor, and this test binary re-run
//! as a child process.
#![allow(dead_code)]

use chrono::{TimeZone, Utc};
use loket::domain::case::Case;
use loket::domain::history::Change;
use loket::domain::summary::Summary;
use loket::store::{AccessContext, AccessPurpose, CaseKey, CaseStore, SaveRequest, StoreError};

/// How a test reads cases.
pub fn reader() -> AccessContext {
    AccessContext {
        by: "test".into(),
        at: Utc
            .with_ymd_and_hms(2026, 11, 24, 12, 0, 0)
            .single()
            .expect("time"),
        purpose: AccessPurpose::View,
    }
}

/// Loads the case only (the version stays in the store).
pub fn load(store: &dyn CaseStore, key: CaseKey) -> Result<Case, StoreError> {
    store.load(key, &reader()).map(|l| l.case)
}

/// Every summary in creation order.
pub fn summaries(store: &dyn CaseStore) -> Vec<(CaseKey, Summary)> {
    store.list_summaries().expect("summaries").rows
}

/// Saves on top of the current version (a save with no other desk in between).
pub fn save(
    store: &dyn CaseStore,
    key: CaseKey,
    case: &Case,
    summary: &Summary,
    changes: &[Change],
    by: &str,
    at: chrono::DateTime<Utc>,
) -> Result<(), StoreError> {
    let base = match store.load(key, &reader()) {
        Ok(l) => l.version,
        Err(StoreError::NotFound) => loket::store::Version(0),
        Err(e) => return Err(e),
    };
    store
        .save(
            key,
            base,
            SaveRequest {
                case,
                summary,
                changes,
                by,
                at,
            },
        )
        .map(|_| ())
}

/// This test binary, re-run to execute one `#[ignore]`d test: `module` is the caller's
/// `module_path!()`, `name` the test function.
pub fn child_test(module: &str, name: &str) -> std::process::Command {
    let within = module.split_once("::").map_or(module, |(_, rest)| rest);
    let mut cmd = std::process::Command::new(std::env::current_exe().expect("test binary"));
    cmd.args([
        &format!("{within}::{name}"),
        "--exact",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
        "--quiet",
    ]);
    cmd
}

/// The fixed "today" of the tests.
pub fn today() -> chrono::NaiveDate {
    day(2026, 11, 24)
}

pub fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

pub fn dec(s: &str) -> rust_decimal::Decimal {
    s.parse().expect("valid decimal")
}

/// The real binary on `store`, on the tests' today, as user "test", in UTC.
pub fn loket(store: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
        .arg("--store")
        .arg(store)
        .args(["--today", "2026-11-24", "--user", "test"])
        .args(args)
        .env("TZ", "UTC")
        .env_remove("LOKET_STORE")
        .output()
        .expect("run loket")
}

pub fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// Every example case file in fixtures/cases, sorted.
pub fn fixture_files() -> Vec<std::path::PathBuf> {
    let mut v: Vec<std::path::PathBuf> = std::fs::read_dir("fixtures/cases")
        .expect("fixtures/cases")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    v.sort();
    v
}
