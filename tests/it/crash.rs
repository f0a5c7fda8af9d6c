//! The crash test: a child process saving cases is killed with SIGKILL at random moments; after
//! every kill the store must open without error and hold every case the child reported as saved.
//!
//! The test binary re-runs itself for the child's part (`child_crash_writer` and
//! `child_crash_checker`, both `#[ignore]`d; they return at once unless their environment
//! variable is set). The parent never opens the store until the very end, so sled's advice not
//! to reopen a path in the same process is respected: every reopen happens in a fresh process.

#![cfg(unix)]

use crate::support;

use chrono::{DateTime, Duration, TimeZone, Utc};
use loket::domain::answers::Value;
use loket::domain::case::{Case, Client};
use loket::domain::history::Change;
use loket::domain::summary::Summary;
use loket::store::{BatchCase, CaseKey, CaseStore, NewCase, SledStore};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Instant;

/// How many times the writer is killed; each run reuses the same store, so damage accumulates.
const ITERATIONS: u64 = 60;
const WRITER: &str = "LOKET_CRASH_CHILD";
const SEED: &str = "LOKET_CRASH_SEED";
const CHECKER: &str = "LOKET_CRASH_CHECK";
const CHECKLIST: &str = "crash";

/// splitmix64: a small deterministic generator, so a failing iteration can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .expect("valid time")
}

fn item(i: u32) -> String {
    format!("vraag.{i:03}")
}

fn minutes(n: u32) -> Duration {
    Duration::minutes(i64::from(n))
}

fn summary_of(case: &Case) -> Summary {
    Summary {
        case_id: case.case_id.clone(),
        name: case.client.name.clone(),
        status: case.status,
        created_at: case.created_at,
        updated_at: case.updated_at,
        crisis: false,
        deadlines: Vec::new(),
        proposed: None,
        decided: None,
        overridden: false,
        debt_route: None,
        aanmelding: None,
        melding: None,
        einden: Vec::new(),
        beperkt: false,
    }
}

/// Padding that varies the record size; now and then large enough to be stored as a blob.
fn padding(rng: &mut Rng) -> String {
    let len = if rng.below(40) == 0 {
        70_000
    } else {
        rng.below(2_000) as usize
    };
    let mut s = String::with_capacity(len);
    while s.len() < len {
        s.push(char::from(b'a' + (rng.below(26) as u8)));
    }
    s
}

fn answer_change(n: u32) -> Change {
    Change::Answer {
        checklist: CHECKLIST.into(),
        item: item(n),
        old: None,
        new: Some(Value::Int(n)),
        checklist_version: 1,
    }
}

/// A new case with one answer: `vraag.001 = 1`.
fn new_case(serial: u64, rng: &mut Rng) -> NewCase {
    let client = Client {
        name: format!("Crash {serial}"),
        address: Some(padding(rng)),
        ..Client::default()
    };
    let mut case = Case::new(String::new(), client, t0());
    case.answers
        .set(CHECKLIST, &item(1), Some(Value::Int(1)), 1);
    case.updated_at = t0() + minutes(1);
    NewCase {
        summary: summary_of(&case),
        changes: vec![Change::Created, answer_change(1)],
        case,
    }
}

fn answer_count(case: &Case) -> u32 {
    case.answers
        .0
        .get(CHECKLIST)
        .map_or(0, |items| u32::try_from(items.len()).expect("few answers"))
}

fn report(case_id: &str, n: u32) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    writeln!(out, "saved {case_id} {n}").expect("stdout");
    out.flush().expect("stdout");
}

/// The writer: creates cases and saves answers until it is killed, printing `saved <id> <n>`
/// only after `create`/`save`/`flush` returned Ok (n: the case's answer count).
#[test]
#[ignore = "child process of a_killed_writer_loses_nothing_it_reported"]
fn child_crash_writer() {
    let Some(dir) = std::env::var_os(WRITER) else {
        return;
    };
    let seed: u64 = std::env::var(SEED)
        .ok()
        .and_then(|s| s.parse().ok())
        .expect("seed");
    let mut rng = Rng(seed);
    let store = SledStore::open(Path::new(&dir)).expect("writer: open");
    let mut cases: Vec<(CaseKey, String)> = support::summaries(&store)
        .into_iter()
        .map(|(key, s)| (key, s.case_id))
        .collect();
    println!("ready {}", cases.len());
    let mut serial = seed << 20;
    // A safety net if the parent dies: never outlive it by long.
    let deadline = Instant::now() + std::time::Duration::from_secs(30);
    while Instant::now() < deadline {
        let op = rng.below(10);
        if op < 3 || cases.is_empty() {
            serial += 1;
            let (key, id) = store
                .create(new_case(serial, &mut rng), "crash", t0())
                .map(|c| (c.key, c.case_id))
                .expect("writer: create");
            cases.push((key, id.clone()));
            report(&id, 1);
        } else if op < 9 {
            let (key, id) = cases[rng.below(cases.len() as u64) as usize].clone();
            let mut case = support::load(&store, key).expect("writer: load");
            let n = answer_count(&case) + 1;
            case.answers
                .set(CHECKLIST, &item(n), Some(Value::Int(n)), 1);
            case.updated_at = case.created_at + minutes(n);
            case.client.address = Some(padding(&mut rng));
            support::save(
                &store,
                key,
                &case,
                &summary_of(&case),
                &[answer_change(n)],
                "crash",
                t0() + minutes(n),
            )
            .expect("writer: save");
            report(&id, n);
        } else {
            // A batch (as an import does): three creates, one flush, then the reports.
            let mut batch = Vec::new();
            for _ in 0..3 {
                serial += 1;
                batch.push(BatchCase {
                    new: new_case(serial, &mut rng),
                    by: "crash".into(),
                    at: t0(),
                });
            }
            let made = store.import_batch(batch).expect("writer: import_batch");
            for c in made {
                report(&c.case_id, 1);
                cases.push((c.key, c.case_id));
            }
        }
    }
}

/// Opens the store and checks every case against its summary and its history. Returns the
/// answer count per case number, and every inconsistency found.
fn check_store(dir: &Path) -> (BTreeMap<String, u32>, Vec<String>) {
    let store = SledStore::open(dir).unwrap_or_else(|e| panic!("the store does not open: {e}"));
    let mut found = BTreeMap::new();
    let mut problems = Vec::new();
    let summaries = support::summaries(&store);
    let keys: Vec<CaseKey> = store.keys().expect("keys");
    if keys.len() != summaries.len() || keys.len() != store.count().expect("count") {
        problems.push(format!(
            "{} cases, {} keys, {} summaries",
            store.count().expect("count"),
            keys.len(),
            summaries.len()
        ));
    }
    for (key, summary) in summaries {
        let id = summary.case_id.clone();
        let mut problem = |what: String| problems.push(format!("{id}: {what}"));
        if store.key_of(&id).expect("key_of") != Some(key) {
            problem("case number does not lead to its key".into());
        }
        let case = match support::load(&store, key) {
            Ok(case) => case,
            Err(e) => {
                problem(format!("does not load: {e}"));
                continue;
            }
        };
        let n = answer_count(&case);
        for i in 1..=n {
            if case.answers.get(CHECKLIST, &item(i)) != Some(&Value::Int(i)) {
                problem(format!("answer {i} of {n} missing or wrong"));
            }
        }
        if case.case_id != id || summary != summary_of(&case) {
            problem(format!(
                "summary does not match the case: {summary:?} vs {:?}",
                summary_of(&case)
            ));
        }
        if case.updated_at != case.created_at + minutes(n) {
            problem(format!("updated_at does not match {n} answers"));
        }
        let history = store.history(key).expect("history");
        let answered: Vec<Change> = history
            .iter()
            .filter(|e| matches!(e.change, Change::Answer { .. }))
            .map(|e| e.change.clone())
            .collect();
        if history.first().map(|e| &e.change) != Some(&Change::Created) {
            problem("history does not start with Created".into());
        }
        if answered != (1..=n).map(answer_change).collect::<Vec<_>>() {
            problem(format!(
                "history has {} answer events in this order, the case {n} answers",
                answered.len()
            ));
        }
        found.insert(id, n);
    }
    (found, problems)
}

/// The checker: a fresh process that reopens the store and prints what it found.
#[test]
#[ignore = "child process of a_killed_writer_loses_nothing_it_reported"]
fn child_crash_checker() {
    let Some(dir) = std::env::var_os(CHECKER) else {
        return;
    };
    let (found, problems) = check_store(Path::new(&dir));
    for (id, n) in found {
        println!("case {id} {n}");
    }
    for p in problems {
        println!("problem {p}");
    }
}

fn child(name: &str) -> Command {
    support::child_test(module_path!(), name)
}

/// Reads whole lines from a child's pipe into a channel; a last line without its newline (cut
/// off by the kill) is dropped.
fn lines_of(pipe: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(pipe);
        let mut line = String::new();
        while let Ok(n) = reader.read_line(&mut line) {
            if n == 0 || !line.ends_with('\n') || tx.send(line.trim_end().to_string()).is_err() {
                break;
            }
            line.clear();
        }
    });
    rx
}

fn stderr_of(child: &mut Child) -> std::thread::JoinHandle<String> {
    let mut pipe = child.stderr.take().expect("stderr");
    std::thread::spawn(move || {
        let mut s = String::new();
        let _ = pipe.read_to_string(&mut s);
        s
    })
}

fn parse_saved(line: &str) -> Option<(String, u32)> {
    let mut words = line.split_whitespace();
    (words.next()? == "saved").then_some(())?;
    Some((words.next()?.to_string(), words.next()?.parse().ok()?))
}

#[test]
fn a_killed_writer_loses_nothing_it_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let started = Instant::now();
    // Case number → the answer count the writer last reported for it, and in which run.
    let mut reported: BTreeMap<String, (u32, u64)> = BTreeMap::new();
    let mut total_reports = 0usize;
    let mut killed_mid_stream = 0u64;
    // The benchmark runs 1,000 (issue 17): LOKET_CRASH_ITERATIONS=1000.
    let iterations: u64 = std::env::var("LOKET_CRASH_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(ITERATIONS);
    // The first iteration's number (seeds differ per iteration): several runs of the benchmark
    // on fresh stores never repeat a seed. A multiple of 4 keeps the kill pattern.
    let first: u64 = std::env::var("LOKET_CRASH_FIRST")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);

    for iteration in first..first + iterations {
        let seed = 0x10CE_7000 + iteration;
        let mut rng = Rng(seed ^ 0xC4A5_11ED);
        let delay = std::time::Duration::from_millis(5 + rng.below(196));
        // Every fourth run is killed counting from its start, so the kill can also land while
        // sled opens and recovers; the others are killed after their first report.
        let from_start = iteration % 4 == 3;

        let mut writer = child("child_crash_writer")
            .env(WRITER, dir.path())
            .env(SEED, seed.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn writer");
        let lines = lines_of(writer.stdout.take().expect("stdout"));
        let stderr = stderr_of(&mut writer);
        let mut saved = Vec::new();

        if !from_start {
            let first = loop {
                match lines.recv_timeout(std::time::Duration::from_secs(20)) {
                    Ok(line) => {
                        if let Some(s) = parse_saved(&line) {
                            break Some(s);
                        }
                    }
                    Err(_) => break None,
                }
            };
            let Some(first) = first else {
                let _ = writer.kill();
                let status = writer.wait().expect("wait");
                panic!(
                    "iteration {iteration}: the writer never reported a save ({status}):\n{}",
                    stderr.join().unwrap_or_default()
                );
            };
            saved.push(first);
        }
        std::thread::sleep(delay);
        writer.kill().expect("SIGKILL the writer");
        let status = writer.wait().expect("wait for writer");
        let stderr = stderr.join().unwrap_or_default();
        assert_eq!(
            status.signal(),
            Some(9),
            "iteration {iteration}: the writer ended by itself ({status}), not by the kill:\n{stderr}"
        );
        saved.extend(lines.iter().filter_map(|l| parse_saved(&l)));
        if !from_start {
            killed_mid_stream += 1;
        }
        total_reports += saved.len();
        for (id, n) in saved {
            reported.insert(id, (n, iteration));
        }

        // Reopen in a fresh process and compare.
        let out = child("child_crash_checker")
            .env(CHECKER, dir.path())
            .output()
            .expect("run checker");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "iteration {iteration} (seed {seed}, kill after {delay:?}): the store failed its check \
             after the kill ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        let problems: Vec<&str> = stdout
            .lines()
            .filter(|l| l.starts_with("problem "))
            .collect();
        assert!(
            problems.is_empty(),
            "iteration {iteration} (seed {seed}): inconsistent store:\n{}",
            problems.join("\n")
        );
        let found: BTreeMap<&str, u32> = stdout
            .lines()
            .filter_map(|l| {
                let mut w = l.strip_prefix("case ")?.split_whitespace();
                Some((w.next()?, w.next()?.parse().ok()?))
            })
            .collect();
        for (id, &(n, at)) in &reported {
            // The save each kill interrupted may have landed without being reported: one per
            // run since the last report at most, and never one less than reported.
            let unreported = iteration - at + 1;
            match found.get(id.as_str()) {
                Some(&stored) if stored >= n && u64::from(stored - n) <= unreported => {}
                Some(&stored) => panic!(
                    "iteration {iteration} (seed {seed}): case {id} was reported with {n} \
                     answers, the store has {stored}"
                ),
                None => panic!(
                    "iteration {iteration} (seed {seed}): case {id} was reported as saved and \
                     is gone"
                ),
            }
        }
    }

    // The test must not pass vacuously: the writer really saved, and was killed mid-stream.
    assert!(total_reports > 0, "the writer never reported a save");
    assert_eq!(killed_mid_stream, iterations - iterations / 4);

    // Finally the parent itself opens the store (its first open of this path).
    let (found, problems) = check_store(dir.path());
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(found.len() >= reported.len());
    eprintln!(
        "crash test: {iterations} kills, {total_reports} reported saves, {} cases, {:?}",
        found.len(),
        started.elapsed()
    );
}
