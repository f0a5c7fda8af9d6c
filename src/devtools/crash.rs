//! `loket bench crash --iterations N`: the crash test of issue 17. A writer (this binary again,
//! `loket bench crash-schrijver`) creates cases and saves answers and prints `saved <id> <n>`
//! only after the store said the save is durable; it is killed with SIGKILL at a random moment.
//! After every kill a fresh process (`loket bench crash-controle`) opens the store and lists
//! every case with its answer count and every inconsistency (summary, history, counts). The
//! parent compares that with what the writer had acknowledged, and prints the figures: kills,
//! acknowledged saves, saves lost, failed opens, inconsistent stores, wall time.
//!
//! A store grows with every run (each save rewrites a case of up to 70 kB), so a fresh store is
//! started every `--per-store` kills (default 100).

use crate::domain::answers::Value;
use crate::domain::case::{Case, Client};
use crate::domain::history::Change;
use crate::domain::summary::Summary;
use crate::shell::{EXIT_FAIL, EXIT_OK};
use crate::store::{
    AccessContext, AccessPurpose, BatchCase, CaseKey, CaseStore, NewCase, SaveRequest, SledStore,
    StoreError,
};
use chrono::{DateTime, Duration, TimeZone, Utc};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Instant;

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
        self.next() % n.max(1)
    }
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

fn item(i: u32) -> String {
    format!("vraag.{i:03}")
}

fn minutes(n: u32) -> Duration {
    Duration::minutes(i64::from(n))
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
        summary: Summary::unassessed(&case),
        changes: vec![Change::Created, answer_change(1)],
        case,
    }
}

fn answer_count(case: &Case) -> u32 {
    case.answers
        .0
        .get(CHECKLIST)
        .map_or(0, |items| u32::try_from(items.len()).unwrap_or(u32::MAX))
}

fn reader() -> AccessContext {
    AccessContext {
        by: "crash".into(),
        at: t0(),
        purpose: AccessPurpose::View,
    }
}

fn acknowledge(case_id: &str, n: u32) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "saved {case_id} {n}")?;
    out.flush()
}

/// The writer (`loket bench crash-schrijver DIR SEED`): creates cases, saves answers and
/// imports small batches until it is killed (or after 30 s, should the parent be gone),
/// printing `saved <id> <n>` only after the store returned Ok.
pub fn run_writer(dir: &Path, seed: u64) -> anyhow::Result<i32> {
    let mut rng = Rng(seed);
    let store = SledStore::open(dir)?;
    let mut cases: Vec<(CaseKey, String)> = store
        .list_summaries()?
        .rows
        .into_iter()
        .map(|(key, s)| (key, s.case_id))
        .collect();
    println!("ready {}", cases.len());
    let mut serial = seed << 20;
    let deadline = Instant::now() + std::time::Duration::from_secs(30);
    while Instant::now() < deadline {
        let op = rng.below(10);
        if op < 3 || cases.is_empty() {
            serial += 1;
            let c = store.create(new_case(serial, &mut rng), "crash", t0())?;
            cases.push((c.key, c.case_id.clone()));
            acknowledge(&c.case_id, 1)?;
        } else if op < 9 {
            let (key, id) = cases[rng.below(cases.len() as u64) as usize].clone();
            let loaded = store.load(key, &reader())?;
            let mut case = loaded.case;
            let n = answer_count(&case) + 1;
            case.answers
                .set(CHECKLIST, &item(n), Some(Value::Int(n)), 1);
            case.updated_at = case.created_at + minutes(n);
            case.client.address = Some(padding(&mut rng));
            store.save(
                key,
                loaded.version,
                SaveRequest {
                    case: &case,
                    summary: &Summary::unassessed(&case),
                    changes: &[answer_change(n)],
                    by: "crash",
                    at: t0() + minutes(n),
                },
            )?;
            acknowledge(&id, n)?;
        } else {
            // A batch (as an import does): three creates, one flush, then the acknowledgements.
            let mut batch = Vec::new();
            for _ in 0..3 {
                serial += 1;
                batch.push(BatchCase {
                    new: new_case(serial, &mut rng),
                    by: "crash".into(),
                    at: t0(),
                });
            }
            for c in store.import_batch(batch)? {
                acknowledge(&c.case_id, 1)?;
                cases.push((c.key, c.case_id));
            }
        }
    }
    Ok(EXIT_OK)
}

/// The checker (`loket bench crash-controle DIR`): opens the store in a fresh process and
/// prints `case <id> <n>` per case and `problem <text>` per inconsistency. Exit 1 when the
/// store does not open.
pub fn run_checker(dir: &Path) -> anyhow::Result<i32> {
    let store = match SledStore::open(dir) {
        Ok(s) => s,
        Err(e) => {
            println!("open-failed {e}");
            return Ok(EXIT_FAIL);
        }
    };
    let (found, problems) = check_store(&store)?;
    let mut out = std::io::stdout().lock();
    for (id, n) in found {
        writeln!(out, "case {id} {n}")?;
    }
    for p in problems {
        writeln!(out, "problem {p}")?;
    }
    out.flush()?;
    Ok(EXIT_OK)
}

/// Every case against its summary and its history: the answer count per case number, and
/// every inconsistency found.
fn check_store(store: &SledStore) -> Result<(BTreeMap<String, u32>, Vec<String>), StoreError> {
    let mut found = BTreeMap::new();
    let mut problems = Vec::new();
    let summaries = store.list_summaries()?.rows;
    let keys = store.keys()?;
    let count = store.count()?;
    if keys.len() != summaries.len() || keys.len() != count {
        problems.push(format!(
            "{count} cases, {} keys, {} summaries",
            keys.len(),
            summaries.len()
        ));
    }
    for (key, summary) in summaries {
        let id = summary.case_id.clone();
        let mut problem = |what: String| problems.push(format!("{id}: {what}"));
        if store.key_of(&id)? != Some(key) {
            problem("case number does not lead to its key".into());
        }
        let case = match store.load(key, &reader()) {
            Ok(l) => l.case,
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
        if case.case_id != id || summary != Summary::unassessed(&case) {
            problem("summary does not match the case".into());
        }
        if case.updated_at != case.created_at + minutes(n) {
            problem(format!("updated_at does not match {n} answers"));
        }
        let history = store.history(key)?;
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
                "history has {} answer events, the case {n} answers",
                answered.len()
            ));
        }
        found.insert(id, n);
    }
    Ok((found, problems))
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

fn parse_saved(line: &str) -> Option<(String, u32)> {
    let mut words = line.split_whitespace();
    (words.next()? == "saved").then_some(())?;
    Some((words.next()?.to_string(), words.next()?.parse().ok()?))
}

/// What the crash test found.
#[derive(Debug, Default)]
pub struct CrashFigures {
    pub kills: u64,
    /// Saves the writer acknowledged (printed after Ok).
    pub acknowledged: usize,
    /// Acknowledged saves not found (or found with fewer answers) after a kill.
    pub lost: usize,
    /// Opens after a kill that failed.
    pub failed_opens: u64,
    /// Checks that found an inconsistent store (summary, history or counts).
    pub inconsistent: u64,
    /// Kills where the writer had already ended by itself (should be 0).
    pub not_killed: u64,
    pub cases: usize,
    pub seconds: f64,
}

fn child(me: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(me);
    c.arg("bench").args(args);
    c
}

fn stderr_of(child: &mut Child) -> Option<std::thread::JoinHandle<String>> {
    let mut pipe = child.stderr.take()?;
    Some(std::thread::spawn(move || {
        let mut s = String::new();
        let _ = pipe.read_to_string(&mut s);
        s
    }))
}

/// Runs `iterations` kills, a fresh store every `per_store` kills, in temporary directories
/// (removed at the end and on SIGINT/SIGTERM/SIGHUP). `say` gets one line per problem.
pub fn crash_test(
    iterations: u64,
    per_store: u64,
    say: &mut dyn FnMut(&str),
) -> anyhow::Result<CrashFigures> {
    let me = std::env::current_exe()?;
    let started = Instant::now();
    let mut f = CrashFigures::default();
    let per_store = per_store.max(1);
    let mut first = 0;
    while first < iterations {
        let n = per_store.min(iterations - first);
        let dir =
            std::env::temp_dir().join(format!("loket-crash-test-{}-{first}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        crate::shell::exits::remove_on_signal(&dir);
        let result = one_store(&me, &dir, first, n, &mut f, say);
        let _ = std::fs::remove_dir_all(&dir);
        crate::shell::exits::forget_temp_dir(&dir);
        result?;
        first += n;
    }
    f.seconds = started.elapsed().as_secs_f64();
    Ok(f)
}

fn one_store(
    me: &Path,
    dir: &Path,
    first: u64,
    iterations: u64,
    f: &mut CrashFigures,
    say: &mut dyn FnMut(&str),
) -> anyhow::Result<()> {
    let dir_arg = dir.to_string_lossy().into_owned();
    // Case number → the answer count last acknowledged, and in which iteration.
    let mut acknowledged: BTreeMap<String, (u32, u64)> = BTreeMap::new();
    for iteration in first..first + iterations {
        let seed = 0x10CE_7000 + iteration;
        let mut rng = Rng(seed ^ 0xC4A5_11ED);
        let delay = std::time::Duration::from_millis(5 + rng.below(196));
        // Every fourth run is killed counting from its start, so the kill can also land while
        // the store opens and recovers; the others after their first acknowledged save.
        let from_start = iteration % 4 == 3;
        let mut writer = child(me, &["crash-schrijver", &dir_arg, &seed.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let Some(stdout) = writer.stdout.take() else {
            anyhow::bail!("geen uitvoer van het schrijvende proces");
        };
        let lines = lines_of(stdout);
        let stderr = stderr_of(&mut writer);
        let mut saved = Vec::new();
        if !from_start {
            let first_save = loop {
                match lines.recv_timeout(std::time::Duration::from_secs(20)) {
                    Ok(line) => {
                        if let Some(s) = parse_saved(&line) {
                            break Some(s);
                        }
                    }
                    Err(_) => break None,
                }
            };
            match first_save {
                Some(s) => saved.push(s),
                None => {
                    let _ = writer.kill();
                    let _ = writer.wait();
                    let err = stderr.and_then(|h| h.join().ok()).unwrap_or_default();
                    say(&format!(
                        "ronde {iteration}: de schrijver meldde geen enkele opslag: {}",
                        err.trim()
                    ));
                    f.failed_opens += 1;
                    f.kills += 1;
                    continue;
                }
            }
        }
        std::thread::sleep(delay);
        let _ = writer.kill();
        let status = writer.wait()?;
        let _ = stderr.and_then(|h| h.join().ok());
        f.kills += 1;
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            if status.signal() != Some(9) {
                f.not_killed += 1;
            }
        }
        saved.extend(lines.iter().filter_map(|l| parse_saved(&l)));
        f.acknowledged += saved.len();
        for (id, n) in saved {
            acknowledged.insert(id, (n, iteration));
        }

        // Reopen in a fresh process and compare.
        let out = child(me, &["crash-controle", &dir_arg]).output()?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            f.failed_opens += 1;
            say(&format!(
                "ronde {iteration} (seed {seed}): de opslag opent niet na de kill: {}{}",
                stdout.trim(),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
            continue;
        }
        let problems: Vec<&str> = stdout
            .lines()
            .filter_map(|l| l.strip_prefix("problem "))
            .collect();
        if !problems.is_empty() {
            f.inconsistent += 1;
            say(&format!(
                "ronde {iteration} (seed {seed}): inconsistent: {}",
                problems.join("; ")
            ));
        }
        let found: BTreeMap<&str, u32> = stdout
            .lines()
            .filter_map(|l| {
                let mut w = l.strip_prefix("case ")?.split_whitespace();
                Some((w.next()?, w.next()?.parse().ok()?))
            })
            .collect();
        if iteration + 1 == first + iterations {
            f.cases += found.len();
        }
        let mut lost_now = Vec::new();
        for (id, &(n, at)) in &acknowledged {
            // The save each kill interrupted may have landed without being acknowledged: one
            // per run since the last acknowledgement at most, and never one less.
            let unacknowledged = iteration - at + 1;
            match found.get(id.as_str()) {
                Some(&stored) if stored >= n && u64::from(stored - n) <= unacknowledged => {}
                Some(&stored) => lost_now.push(format!("{id}: {n} gemeld, {stored} gevonden")),
                None => lost_now.push(format!("{id}: weg")),
            }
        }
        if !lost_now.is_empty() {
            say(&format!(
                "ronde {iteration} (seed {seed}): verloren: {}",
                lost_now.join("; ")
            ));
            f.lost += lost_now.len();
            // Count each loss once: what is gone now is the new baseline.
            for entry in lost_now {
                if let Some(id) = entry.split(':').next() {
                    match found.get(id) {
                        Some(&n) => {
                            acknowledged.insert(id.to_string(), (n, iteration));
                        }
                        None => {
                            acknowledged.remove(id);
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// `loket bench crash --iterations N [--per-store M]`: prints the figures; exit 0 only when
/// nothing acknowledged was lost, every open succeeded and every store was consistent.
pub fn run_crash_cmd(iterations: u64, per_store: u64) -> anyhow::Result<i32> {
    let mut say = |line: &str| eprintln!("{line}");
    let f = crash_test(iterations, per_store, &mut say)?;
    println!("crashtest ({} build)", build());
    println!("kills:                 {}", f.kills);
    println!("bevestigde opslagen:   {}", f.acknowledged);
    println!("verloren:              {}", f.lost);
    println!("mislukte openingen:    {}", f.failed_opens);
    println!("inconsistente opslag:  {}", f.inconsistent);
    println!("niet gedood:           {}", f.not_killed);
    println!("zaken (laatste opslag): {}", f.cases);
    println!("tijd:                  {:.1} s", f.seconds);
    let clean = f.lost == 0 && f.failed_opens == 0 && f.inconsistent == 0 && f.not_killed == 0;
    Ok(if clean { EXIT_OK } else { EXIT_FAIL })
}

fn build() -> &'static str {
    if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    }
}
