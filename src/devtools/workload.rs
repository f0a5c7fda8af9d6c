//! Synthetic workloads: `loket gen` fills a store with generated cases, `loket bench` measures
//! the workbench at 1k, 10k and 100k cases, each figure beside a floor measured in the same run.

use super::generate;
use crate::app::summary::{outcome, resegment_all, summarize};
use crate::app::{Env, State};
use crate::domain::answers::Value;
use crate::domain::checklist::Checklists;
use crate::domain::exchange::to_case_json;
use crate::domain::history::Change;
use crate::domain::policy::Policy;
use crate::keymap::Keymap;
use crate::shell::event_loop::{Controls, Scripted, key_table, run};
use crate::shell::progress::progress_printer;
use crate::shell::runner::Runtime;
use crate::shell::{EXIT_FAIL, EXIT_OK};
use crate::store::{
    AccessContext, AccessPurpose, BatchCase, CaseKey, CaseStore, NewCase, SaveRequest, SledStore,
};
use crate::ui::{Theme, View, render};
use anyhow::Context as _;
use chrono::{FixedOffset, NaiveDate, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How many generated cases go to the store in one batch.
const BATCH: usize = 250;

/// `loket gen N --seed S`: adds generated cases 0..N of seed S to the store.
pub fn run_gen(store: &dyn CaseStore, env: &Env, count: usize, seed: u64) -> anyhow::Result<i32> {
    let started = Instant::now();
    generate_into(
        store,
        env,
        seed,
        0..count as u64,
        &mut progress_printer("Zaken maken"),
    )
    .context("de zaken konden niet worden opgeslagen")?;
    store
        .close(None)
        .context("de zakenlijst kon niet worden bewaard")?;
    if std::io::stderr().is_terminal() {
        eprintln!(
            "{count} zaken gemaakt in {:.1} s ({} in de opslag)",
            started.elapsed().as_secs_f64(),
            store.count()?
        );
    }
    Ok(EXIT_OK)
}

/// Generates cases `range` of `seed` as of `env.today` into the store, with their summaries
/// and first history events, flushing every few thousand cases and at the end.
pub fn generate_into(
    store: &dyn CaseStore,
    env: &Env,
    seed: u64,
    range: std::ops::Range<u64>,
    progress: &mut dyn FnMut(usize, usize),
) -> crate::store::Result<()> {
    let ctx = generate::Context {
        checklists: &env.checklists,
        policy: &env.policy,
        today: env.today,
    };
    let total = (range.end - range.start) as usize;
    let mut batch = Vec::with_capacity(BATCH);
    for (n, i) in range.enumerate() {
        let case = generate::case(seed, i, &ctx);
        let oc = outcome(&case, env);
        let summary = summarize(&case, &oc, env);
        let mut changes = vec![Change::Created];
        if let Some(d) = &case.decision {
            changes.push(Change::Decision {
                decision: d.clone(),
            });
        }
        let by = case
            .decision
            .as_ref()
            .map_or_else(|| env.user.clone(), |d| d.by.clone());
        let at = case.created_at;
        batch.push(BatchCase {
            new: NewCase {
                case,
                summary,
                changes,
            },
            by,
            at,
        });
        if batch.len() == BATCH {
            store.import_batch(std::mem::take(&mut batch))?;
        }
        if (n + 1).is_multiple_of(512) {
            progress(n + 1, total);
        }
    }
    store.import_batch(batch)?;
    progress(total, total);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Benchmarks
// ---------------------------------------------------------------------------------------------

/// The environment variable that turns a re-executed loket into a memory probe.
pub const PROBE_VAR: &str = "LOKET_BENCH_PROBE";

/// Seed of the benchmark's cases.
pub const BENCH_SEED: u64 = 20_261_124;

/// A fixed environment for benchmarks.
pub fn bench_env(today: NaiveDate) -> Env {
    Env {
        checklists: Checklists::embedded(),
        policy: Policy::embedded(),
        user: "bench".into(),
        today,
        offset: FixedOffset::east_opt(0).expect("zero offset"),
    }
}

/// What a target compares: the value itself, or its ratio to the floor.
#[derive(Clone, Copy, Debug)]
pub enum Target {
    /// Value at most this.
    Max(f64),
    /// Value at least this.
    Min(f64),
    /// Ratio to the floor at most this.
    Ratio(f64),
    /// Value at most `.0` and ratio at most `.1`.
    MaxAndRatio(f64, f64),
    /// No target: a reference beside a measured figure (what the floor does in its place).
    Reference,
}

#[derive(Clone, Debug)]
pub struct Figure {
    pub cases: usize,
    pub name: &'static str,
    pub unit: &'static str,
    pub value: f64,
    pub floor: Option<f64>,
    pub target: Target,
}

impl Figure {
    pub fn ratio(&self) -> Option<f64> {
        self.floor.filter(|f| *f > 0.0).map(|f| self.value / f)
    }

    pub fn met(&self) -> bool {
        let ratio_ok = |r: f64| self.ratio().is_none_or(|x| x <= r);
        match self.target {
            Target::Max(m) => self.value <= m,
            Target::Min(m) => self.value >= m,
            Target::Ratio(r) => ratio_ok(r),
            Target::MaxAndRatio(m, r) => self.value <= m && ratio_ok(r),
            Target::Reference => true,
        }
    }

    fn target_text(&self) -> String {
        let u = self.unit;
        let num = |v: f64| {
            let s = num(v);
            if s.contains(',') {
                s.trim_end_matches('0').trim_end_matches(',').to_string()
            } else {
                s
            }
        };
        match self.target {
            Target::Max(m) => format!("≤ {} {u}", num(m)),
            Target::Min(m) => format!("≥ {} {u}", num(m)),
            Target::Ratio(r) => format!("≤ {}×", num(r)),
            Target::MaxAndRatio(m, r) => format!("≤ {} {u}, ≤ {}×", num(m), num(r)),
            Target::Reference => "—".into(),
        }
    }
}

/// A number the Dutch way: decimal comma, thousands with a dot, 3 significant-ish digits.
pub fn num(v: f64) -> String {
    let text = if v >= 1000.0 {
        let n = v.round() as u64;
        let s = n.to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push('.');
            }
            out.push(c);
        }
        return out;
    } else if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 10.0 {
        format!("{v:.1}")
    } else if v >= 0.1 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    };
    text.replace('.', ",")
}

pub fn median(mut xs: Vec<f64>) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Runs on every `loket bench` start and in the bench binaries: when this process is a memory
/// probe, does the probe, prints its result and returns the exit code.
pub fn probe_from_env() -> Option<i32> {
    let spec = std::env::var(PROBE_VAR).ok()?;
    let (kind, dir) = spec.split_once(':')?;
    let dir = Path::new(dir);
    let result = match kind {
        "app" => first_frame(dir, today_utc()).map(|_| ()),
        "raw" => SledStore::floor_open_scan(dir)
            .map(|_| ())
            .map_err(Into::into),
        _ => Err(anyhow::anyhow!("onbekende meting {kind}")),
    };
    match result {
        Ok(()) => {
            println!("vmhwm_kb={}", peak_rss_kb().unwrap_or(0));
            Some(EXIT_OK)
        }
        Err(e) => {
            eprintln!("loket: {e:#}");
            Some(EXIT_FAIL)
        }
    }
}

/// Peak resident set size of this process (VmHWM), in kB.
pub fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn today_utc() -> NaiveDate {
    Utc::now().date_naive()
}

/// The real start-up: open the store, read the summaries, build the state, draw the first
/// frame of the case list on an 80×24 test terminal. Returns the open store.
pub fn first_frame(dir: &Path, today: NaiveDate) -> anyhow::Result<(SledStore, State)> {
    let env = bench_env(today);
    let keymap = Keymap::load_with(None, None).map_err(|e| anyhow::anyhow!("{e}"))?;
    let view = bench_view(&keymap);
    let store = SledStore::open_to_list(dir)?;
    let summaries = store.list_summaries()?.rows;
    let state = State::new(env, summaries);
    let mut terminal = Terminal::new(TestBackend::new(80, 24))?;
    terminal.draw(|f| render(&state, &view, f))?;
    Ok((store, state))
}

fn bench_view(keymap: &Keymap) -> View {
    View {
        theme: Theme { color: false },
        keys: key_table(keymap),
        offset: FixedOffset::east_opt(0).expect("zero offset"),
    }
}

/// Opens a store, retrying briefly while a just-dropped handle still holds the lock.
fn reopen(dir: &Path) -> anyhow::Result<SledStore> {
    let mut tries = 0;
    loop {
        match SledStore::open(dir) {
            Ok(s) => return Ok(s),
            Err(crate::store::StoreError::Locked(_)) if tries < 50 => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// A loket process driven through the real event loop, on an 80×24 test backend.
struct Driver<'a> {
    store: &'a SledStore,
    state: State,
    controls: Controls,
    terminal: Terminal<TestBackend>,
}

impl<'a> Driver<'a> {
    fn new(store: &'a SledStore, today: NaiveDate) -> anyhow::Result<Driver<'a>> {
        let keymap = Keymap::load_with(None, None).map_err(|e| anyhow::anyhow!("{e}"))?;
        let view = bench_view(&keymap);
        let state = State::new(bench_env(today), store.list_summaries()?.rows);
        let mut driver = Driver {
            store,
            state,
            controls: Controls::new(view, keymap),
            terminal: Terminal::new(TestBackend::new(80, 24))?,
        };
        // The first frame.
        driver.events(Scripted::keys([]))?;
        Ok(driver)
    }

    fn events(&mut self, mut script: Scripted) -> anyhow::Result<()> {
        let now = Utc::now;
        let rt = Runtime {
            store: self.store,
            now: &now,
            export_dir: std::env::temp_dir(),
            sjablonen: &crate::letters::Sjablonen::embedded(),
        };
        run(
            &mut self.terminal,
            &mut script,
            &mut self.state,
            &mut self.controls,
            &rt,
        )
    }

    /// One key through the event loop: translate, update, run effects, draw.
    fn key(&mut self, code: KeyCode) -> anyhow::Result<Duration> {
        let t = Instant::now();
        self.events(Scripted::keys([KeyEvent::new(code, KeyModifiers::NONE)]))?;
        Ok(t.elapsed())
    }
}

/// The median first frame and the median raw open + scan (its floor), in ms, over `runs`
/// alternating runs so both see the same machine state.
fn first_frames(
    dir: &Path,
    cases: usize,
    today: NaiveDate,
    runs: usize,
) -> anyhow::Result<(f64, f64)> {
    let (mut app, mut raw) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(SledStore::floor_open_scan(dir)?);
        raw.push(ms(t.elapsed()));
        wait_for_unlock(dir)?;
        let t = Instant::now();
        let (store, state) = first_frame(dir, today)?;
        app.push(ms(t.elapsed()));
        anyhow::ensure!(state.list.rows.len() == cases, "lijst onvolledig");
        drop(state);
        drop(store);
        wait_for_unlock(dir)?;
    }
    Ok((median(app), median(raw)))
}

/// Measures one size into `out`; the store in `dir` already holds `cases` generated cases.
fn bench_size(
    dir: &Path,
    cases: usize,
    today: NaiveDate,
    log: &mut dyn Write,
) -> anyhow::Result<Vec<Figure>> {
    let mut figures = Vec::new();
    let big = cases > 20_000;
    let env = bench_env(today);

    // 1. First frame vs raw open + scan, alternating so both see the same machine state.
    let runs = if big { 5 } else { 11 };
    let (app, raw) = first_frames(dir, cases, today, runs)?;
    figures.push(Figure {
        cases,
        name: "eerste beeld (openen + lijst tekenen)",
        unit: "ms",
        value: app,
        floor: Some(raw),
        target: Target::MaxAndRatio(150.0, 3.0),
    });
    // 1b. The same without the list snapshot (as a crash leaves the store): the scan.
    reopen(dir)?.forget_snapshot()?;
    wait_for_unlock(dir)?;
    let (app, raw) = first_frames(dir, cases, today, runs)?;
    figures.push(Figure {
        cases,
        name: "eerste beeld zonder momentopname (na crash)",
        unit: "ms",
        value: app,
        floor: Some(raw),
        target: Target::Ratio(3.0),
    });
    writeln!(log, "  eerste beeld gemeten")?;

    let store = reopen(dir)?;
    // 2. Save one answer through the real path vs a raw insert + flush of a same-size value.
    {
        let keys: Vec<CaseKey> = store.keys()?;
        let floor_tree = store.floor_tree()?;
        let access = AccessContext {
            by: env.user.clone(),
            at: Utc::now(),
            purpose: AccessPurpose::View,
        };
        let (mut real, mut floor, mut same) = (Vec::new(), Vec::new(), Vec::new());
        let runs = 31;
        for i in 0..runs {
            let key = keys[(i * 7919) % keys.len()];
            let loaded = store.load(key, &access)?;
            let mut case = loaded.case;
            let item = "schulden.achterstand_vaste_lasten";
            let old = case.answers.get("schuldhulp", item).cloned();
            let new = Value::Bool(old.as_ref().and_then(Value::as_bool) != Some(true));
            let v = env.checklists.schuldhulp.version;
            case.answers.set("schuldhulp", item, Some(new.clone()), v);
            let record_len = serde_json::to_vec(&case)?.len();
            // The runner keeps the live outcome up to date while editing; saving starts here.
            let oc = outcome(&case, &env);
            let t = Instant::now();
            let now = Utc::now();
            case.updated_at = now;
            let summary = summarize(&case, &oc, &env);
            let changes = [Change::Answer {
                checklist: "schuldhulp".into(),
                item: item.into(),
                old,
                new: Some(new),
                checklist_version: v,
            }];
            store.save(
                key,
                loaded.version,
                SaveRequest {
                    case: &case,
                    summary: &summary,
                    changes: &changes,
                    by: &env.user,
                    at: now,
                },
            )?;
            real.push(ms(t.elapsed()));

            let value = vec![b'x'; record_len];
            let t = Instant::now();
            floor_tree.insert_flush(i as u64, &value)?;
            floor.push(ms(t.elapsed()));

            // The same bytes a save writes, raw: record, list row, version, history event.
            let row = vec![b's'; serde_json::to_vec(&summary)?.len()];
            let event = vec![b'e'; serde_json::to_vec(&changes[0])?.len() + 48];
            let t = Instant::now();
            floor_tree.batch_flush(1000 + i as u64, &[&value, &row, &[0u8; 8], &event])?;
            same.push(ms(t.elapsed()));
        }
        drop(floor_tree);
        let floor = median(floor);
        figures.push(Figure {
            cases,
            name: "antwoord opslaan (transactie + geschiedenis + flush)",
            unit: "ms",
            value: median(real),
            floor: Some(floor),
            target: Target::Ratio(1.5),
        });
        figures.push(Figure {
            cases,
            name: "  vloer van dezelfde 4 schrijfacties + flush",
            unit: "ms",
            value: median(same),
            floor: Some(floor),
            target: Target::Reference,
        });
    }
    writeln!(log, "  opslaan gemeten")?;

    // 3. One keypress in the list, and 4. filter-as-you-type.
    {
        let mut d = Driver::new(&store, today)?;
        let mut times = Vec::new();
        for i in 0..300 {
            let code = if (i / 50) % 2 == 0 {
                KeyCode::Down
            } else {
                KeyCode::Up
            };
            times.push(ms(d.key(code)?));
        }
        figures.push(Figure {
            cases,
            name: "toets in de lijst (update + tekenen)",
            unit: "ms",
            value: median(times),
            floor: None,
            target: Target::Max(2.0),
        });
        let mut times = Vec::new();
        for query in [
            "visse", "bakke", "meije", "jacob", "kuipe", "ahmed", "smit ",
        ] {
            d.key(KeyCode::Char('/'))?;
            for c in query.chars() {
                times.push(ms(d.key(KeyCode::Char(c))?));
            }
            anyhow::ensure!(d.state.list.query.text() == query, "zoekvraag niet getypt");
            d.key(KeyCode::Esc)?;
        }
        figures.push(Figure {
            cases,
            name: "zoeken terwijl je typt (per toets)",
            unit: "ms",
            value: median(times),
            floor: None,
            target: Target::Max(15.0),
        });
    }
    writeln!(log, "  toetsen gemeten")?;

    // 5. Re-segment every case (as after a policy change).
    {
        // A real policy change: the norms go up 5% (and back, on the next run), so the
        // summaries whose route or proposal depends on them are written.
        let mut raised = bench_env(today);
        for p in &mut raised.policy.perioden {
            for n in [
                &mut p.norm.alleenstaand,
                &mut p.norm.paar,
                &mut p.norm.alleenstaand_aow,
                &mut p.norm.paar_aow,
            ] {
                *n = (*n * rust_decimal::Decimal::new(105, 2)).round_dp(2);
            }
        }
        let runs = if big { 2 } else { 4 };
        let (mut rates, mut decode_rates) = (Vec::new(), Vec::new());
        for run in 0..runs {
            let policy_env = if run % 2 == 0 { &raised } else { &env };
            let t = Instant::now();
            let n = resegment_all(&store, policy_env, &mut |_, _| {})?;
            rates.push(n as f64 / t.elapsed().as_secs_f64());
            let t = Instant::now();
            let n = store.floor_decode_all()?;
            decode_rates.push(n as f64 / t.elapsed().as_secs_f64());
        }
        figures.push(Figure {
            cases,
            name: "herberekenen na beleidswijziging",
            unit: "zaken/s",
            value: median(rates),
            floor: None,
            target: Target::Min(100_000.0),
        });
        figures.push(Figure {
            cases,
            name: "  alleen elke zaak lezen + decoderen (JSON)",
            unit: "zaken/s",
            value: median(decode_rates),
            floor: None,
            target: Target::Reference,
        });
    }
    writeln!(log, "  herberekenen gemeten")?;

    // 7. Store size on disk vs the JSON export.
    {
        store.flush()?;
        let mut export = 0u64;
        let access = AccessContext {
            by: env.user.clone(),
            at: Utc::now(),
            purpose: AccessPurpose::Export,
        };
        let mut json_error = None;
        store.export_all(&access, &mut |_, case| {
            match serde_json::to_vec_pretty(&to_case_json(&case, &env.checklists)) {
                Ok(bytes) => export += bytes.len() as u64 + 1,
                Err(e) => json_error = Some(e),
            }
            Ok(())
        })?;
        if let Some(e) = json_error {
            return Err(e.into());
        }
        drop(store);
        wait_for_unlock(dir)?;
        let disk = dir_size(dir)?;
        figures.push(Figure {
            cases,
            name: "opslag op schijf (vloer: JSON-export)",
            unit: "MB",
            value: disk as f64 / 1e6,
            floor: Some(export as f64 / 1e6),
            target: Target::Ratio(3.0),
        });
    }

    // 6. Peak memory with the cases open, in a fresh process (the generator is not in it).
    {
        let app = probe_child("app", dir)?;
        let raw = probe_child("raw", dir)?;
        figures.push(Figure {
            cases,
            name: "piekgeheugen met alle zaken open (RSS)",
            unit: "MB",
            value: app as f64 / 1024.0,
            floor: Some(raw as f64 / 1024.0),
            target: Target::Max(200.0),
        });
    }
    writeln!(log, "  geheugen en opslag gemeten")?;
    Ok(figures)
}

/// Waits until the store's lock is free again (released when its threads end).
fn wait_for_unlock(dir: &Path) -> anyhow::Result<()> {
    drop(reopen(dir)?);
    Ok(())
}

/// Disk usage of a directory tree (allocated blocks), like `du`.
pub fn dir_size(dir: &Path) -> std::io::Result<u64> {
    use std::os::unix::fs::MetadataExt;
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let meta = entry.metadata()?;
        if meta.is_dir() {
            total += dir_size(&entry.path())?;
        } else {
            total += meta.blocks() * 512;
        }
    }
    Ok(total)
}

/// Runs this program again as a memory probe; returns its peak RSS in kB.
fn probe_child(kind: &str, dir: &Path) -> anyhow::Result<u64> {
    let exe = std::env::current_exe()?;
    let out = std::process::Command::new(exe)
        .arg("bench")
        .env(PROBE_VAR, format!("{kind}:{}", dir.display()))
        .output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    anyhow::ensure!(
        out.status.success(),
        "geheugenmeting mislukt: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    text.lines()
        .find_map(|l| l.strip_prefix("vmhwm_kb="))
        .and_then(|v| v.trim().parse().ok())
        .context("geheugenmeting gaf geen uitkomst")
}

/// Generates stores of the given sizes (growing one store) and measures each size.
/// Progress lines go to `log`.
pub fn run_bench(sizes: &[usize], log: &mut dyn Write) -> anyhow::Result<Vec<Figure>> {
    let mut sizes = sizes.to_vec();
    sizes.sort_unstable();
    sizes.dedup();
    let tmp = tempdir()?;
    let dir = tmp.path.clone();
    let today = today_utc();
    let env = bench_env(today);
    let mut have = 0u64;
    let mut figures = Vec::new();
    for &size in &sizes {
        {
            let store = reopen(&dir)?;
            let t = Instant::now();
            generate_into(
                &store,
                &env,
                BENCH_SEED,
                have..size as u64,
                &mut progress_printer("Zaken maken"),
            )?;
            writeln!(
                log,
                "{size} zaken klaar ({} nieuw in {:.1} s)",
                size as u64 - have,
                t.elapsed().as_secs_f64()
            )?;
            have = size as u64;
            // As after `loket gen` or a clean exit.
            store.close(None)?;
        }
        wait_for_unlock(&dir)?;
        figures.extend(bench_size(&dir, size, today, log)?);
    }
    Ok(figures)
}

/// A temp dir removed on drop (no dev-dependency in the binary).
struct TempDir {
    path: PathBuf,
}

fn tempdir() -> std::io::Result<TempDir> {
    let base = std::env::temp_dir();
    let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
    let path = base.join(format!("loket-bench-{}-{nanos}", std::process::id()));
    crate::format::private::create_dir_all(&path)?;
    crate::shell::exits::remove_on_signal(&path);
    Ok(TempDir { path })
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
        crate::shell::exits::forget_temp_dir(&self.path);
    }
}

/// The table, in Dutch.
pub fn table(figures: &[Figure]) -> String {
    let mut out = String::new();
    let header = [
        "Zaken",
        "Meting",
        "Waarde",
        "Vloer",
        "Verhouding",
        "Doel",
        "Oordeel",
    ];
    let rows: Vec<[String; 7]> = figures
        .iter()
        .map(|f| {
            [
                // A count, never a decimal: 40, 1.000, 100.000.
                if f.cases >= 1000 {
                    num(f.cases as f64)
                } else {
                    f.cases.to_string()
                },
                f.name.to_string(),
                format!("{} {}", num(f.value), f.unit),
                f.floor
                    .map_or("—".into(), |v| format!("{} {}", num(v), f.unit)),
                f.ratio().map_or("—".into(), |r| format!("{}×", num(r))),
                f.target_text(),
                match (f.target, f.met()) {
                    (Target::Reference, _) => "ter vergelijking",
                    (_, true) => "gehaald",
                    (_, false) => "niet gehaald",
                }
                .into(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut l = String::from("|");
        for (c, w) in cells.iter().zip(widths) {
            l.push_str(&format!(" {c}{} |", " ".repeat(w - c.chars().count())));
        }
        l.push('\n');
        l
    };
    out.push_str(&line(&header.map(String::from)));
    out.push('|');
    for w in widths {
        out.push_str(&format!("{}|", "-".repeat(w + 2)));
    }
    out.push('\n');
    for r in &rows {
        out.push_str(&line(r));
    }
    out
}

/// The machine, for the record: CPU model and core count.
pub fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|v| v.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_else(|| "onbekende processor".into());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    format!("{cpu}, {cores} kernen")
}

/// `loket bench`: measures and prints the table on stdout, progress on stderr.
pub fn run_bench_cmd(sizes: &[usize]) -> anyhow::Result<i32> {
    if let Some(code) = probe_from_env() {
        return Ok(code);
    }
    if cfg!(debug_assertions) {
        eprintln!("let op: dit is een debug-build; meet met `cargo run --release -- bench`");
    }
    let figures = run_bench(sizes, &mut std::io::stderr())?;
    print_figures("loket bench", &figures);
    Ok(EXIT_OK)
}

/// The bench's table on stdout, headed by what and where it measured, and how many targets
/// were missed.
pub fn print_figures(title: &str, figures: &[Figure]) {
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!(
        "{title}, {}, {}, {build}",
        Utc::now().format("%Y-%m-%d"),
        machine()
    );
    println!();
    print!("{}", table(figures));
    let missed = figures.iter().filter(|f| !f.met()).count();
    println!();
    if missed == 0 {
        println!("Alle doelen gehaald.");
    } else {
        println!("{missed} doel(en) niet gehaald.");
    }
}
