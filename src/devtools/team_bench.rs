//! `loket bench --store postgres://…`: the team store measured on a real server, each figure
//! beside its floor from the same run. Everything happens in a scratch schema that is dropped
//! at the end: a team's own cases are never read or written.
//!
//! - save one answer vs the raw INSERT of the same row (record, list row, event), committed;
//! - first frame at N cases: connect, read the list, build the state, draw the list;
//! - 8 desks saving at once on shared cases (merging on conflicts): throughput, p99 latency
//!   and the count of lost updates (every desk's last value must be stored).

use super::workload::{
    BENCH_SEED, Figure, Target, bench_env, generate_into, median, print_figures,
};
use crate::app::State;
use crate::app::summary::{outcome, summarize};
use crate::domain::answers::Value;
use crate::domain::case::Case;
use crate::domain::history::Change;
use crate::domain::merge::Prefer;
use crate::keymap::Keymap;
use crate::shell::EXIT_OK;
use crate::shell::event_loop::key_table;
use crate::shell::progress::progress_printer;
use crate::store::desk::{self, DeskOutcome, DeskSave};
use crate::store::pg::PgStore;
use crate::store::pg::floor::{PgFloor, ScratchSchema};
use crate::store::{AccessContext, AccessPurpose, CaseKey, CaseStore, SaveRequest};
use crate::ui::{Theme, View, render};
use anyhow::Context as _;
use chrono::{FixedOffset, NaiveDate, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

const SAVES: usize = 200;
const DESKS: usize = 8;
const DESK_SAVES: usize = 60;
const SHARED_CASES: usize = 8;
const FRAMES: usize = 5;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn p99(mut xs: Vec<f64>) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    xs.sort_by(f64::total_cmp);
    let i = ((xs.len() as f64) * 0.99).ceil() as usize;
    xs[i.clamp(1, xs.len()) - 1]
}

fn reader() -> AccessContext {
    AccessContext {
        by: "bench".into(),
        at: Utc::now(),
        purpose: AccessPurpose::View,
    }
}

fn answer(case: &mut Case, item: &str, n: u32) -> Change {
    let old = case.answers.set("schuldhulp", item, Some(Value::Int(n)), 1);
    Change::Answer {
        checklist: "schuldhulp".into(),
        item: item.into(),
        old,
        new: Some(Value::Int(n)),
        checklist_version: 1,
    }
}

/// Connect, read every summary, build the state, draw the list (80×24).
fn first_frame(url: &str, today: NaiveDate, view: &View) -> anyhow::Result<()> {
    let store = PgStore::open(url, "bench")?;
    let listing = store.list_summaries()?;
    let state = State::new(bench_env(today), listing.rows);
    let mut terminal = Terminal::new(TestBackend::new(80, 24))?;
    terminal.draw(|f| render(&state, view, f))?;
    Ok(())
}

/// Save vs floor: the same case record, list row and event.
fn save_vs_floor(url: &str, store: &PgStore, today: NaiveDate) -> anyhow::Result<(f64, f64)> {
    let env = bench_env(today);
    let key = store.keys()?.first().copied().context("geen zaken")?;
    let loaded = store.load(key, &reader())?;
    let (mut case, mut version) = (loaded.case, loaded.version);
    let mut floor = PgFloor::open(url)?;
    let (mut saves, mut floors) = (Vec::with_capacity(SAVES), Vec::with_capacity(SAVES));
    for i in 0..SAVES {
        let change = answer(&mut case, "bench.opslaan", i as u32);
        let oc = outcome(&case, &env);
        let summary = summarize(&case, &oc, &env);
        let request = SaveRequest {
            case: &case,
            summary: &summary,
            changes: std::slice::from_ref(&change),
            by: "bench",
            at: Utc::now(),
        };
        let t = Instant::now();
        version = store.save(key, version, request)?.version;
        saves.push(ms(t.elapsed()));
        let record = serde_json::to_string(&case)?;
        let row = serde_json::to_string(&summary)?;
        let event = serde_json::to_string(&change)?;
        let t = Instant::now();
        floor.insert(&record, &row, &event)?;
        floors.push(ms(t.elapsed()));
    }
    Ok((median(saves), median(floors)))
}

/// One desk's latencies, conflicts and the last value it saved per case.
type DeskResult = (Vec<f64>, usize, Vec<(CaseKey, u32)>);

/// What the desks did: latencies of every save, conflicts left to a person, lost updates.
struct DeskRun {
    latencies: Vec<f64>,
    conflicts: usize,
    lost: usize,
    wall: Duration,
}

fn desks_at_once(url: &str, store: &PgStore, today: NaiveDate) -> anyhow::Result<DeskRun> {
    let keys: Vec<CaseKey> = store.keys()?.into_iter().take(SHARED_CASES).collect();
    let barrier = Arc::new(Barrier::new(DESKS));
    let started = Instant::now();
    let handles: Vec<_> = (0..DESKS)
        .map(|d| {
            let (url, keys, barrier) = (url.to_string(), keys.clone(), barrier.clone());
            std::thread::spawn(move || -> anyhow::Result<DeskResult> {
                let env = bench_env(today);
                let store = PgStore::open(&url, "bench")?;
                let summarize = |c: &Case| summarize(c, &outcome(c, &env), &env);
                let item = format!("bench.balie{d}");
                let mut last = Vec::new();
                let (mut lat, mut conflicts) = (Vec::with_capacity(DESK_SAVES), 0);
                barrier.wait();
                for i in 0..DESK_SAVES {
                    let key = keys[(d + i) % keys.len()];
                    let t = Instant::now();
                    let loaded = store.load(key, &reader())?;
                    let mut mine = loaded.case.clone();
                    let change = answer(&mut mine, &item, i as u32);
                    let out = desk::save(
                        &store,
                        &DeskSave {
                            key,
                            base: &loaded.case,
                            base_version: loaded.version,
                            mine: &mine,
                            changes: std::slice::from_ref(&change),
                            by: "bench",
                            at: Utc::now(),
                            summarize: &summarize,
                            prefer: Prefer::Nobody,
                        },
                    )?;
                    lat.push(ms(t.elapsed()));
                    match out {
                        DeskOutcome::Saved { .. } => {
                            last.retain(|(k, _)| *k != key);
                            last.push((key, i as u32));
                        }
                        DeskOutcome::Conflict { .. } => conflicts += 1,
                    }
                }
                Ok((lat, conflicts, last))
            })
        })
        .collect();
    let mut run = DeskRun {
        latencies: Vec::new(),
        conflicts: 0,
        lost: 0,
        wall: Duration::ZERO,
    };
    let mut expected = Vec::new();
    for (d, h) in handles.into_iter().enumerate() {
        let (lat, conflicts, last) = h
            .join()
            .map_err(|_| anyhow::anyhow!("balie {d} is vastgelopen"))??;
        run.latencies.extend(lat);
        run.conflicts += conflicts;
        expected.extend(last.into_iter().map(|(k, v)| (d, k, v)));
    }
    run.wall = started.elapsed();
    for (d, key, value) in expected {
        let stored = store.load(key, &reader())?.case;
        if stored.answers.get("schuldhulp", &format!("bench.balie{d}")) != Some(&Value::Int(value))
        {
            run.lost += 1;
        }
    }
    Ok(run)
}

/// Measures at each size in a fresh scratch schema; returns the figures.
pub fn run_team_bench(url: &str, sizes: &[usize]) -> anyhow::Result<Vec<Figure>> {
    let today = Utc::now().date_naive();
    let keymap = Keymap::load_with(None, None).map_err(|e| anyhow::anyhow!("{e}"))?;
    let view = View {
        theme: Theme { color: false },
        keys: key_table(&keymap),
        offset: FixedOffset::east_opt(0).expect("zero offset"),
    };
    let mut figures = Vec::new();
    for &n in sizes {
        let name = format!("loket_meting_{}_{n}", std::process::id());
        let schema = ScratchSchema::create(url, &name)?;
        let url = schema.url();
        let store = PgStore::open(&url, "bench")?;
        let env = bench_env(today);
        eprintln!("{n} zaken maken in schema {name}");
        generate_into(
            &store,
            &env,
            BENCH_SEED,
            0..n as u64,
            &mut progress_printer("Zaken maken"),
        )?;
        // As after `loket gen`: the list snapshot for the next start.
        store.close(None)?;
        let mut frames = Vec::with_capacity(FRAMES);
        for _ in 0..FRAMES {
            let t = Instant::now();
            first_frame(&url, today, &view)?;
            frames.push(ms(t.elapsed()));
        }
        figures.push(Figure {
            cases: n,
            name: "eerste beeld (verbinden + lijst lezen + tekenen)",
            unit: "ms",
            value: median(frames),
            floor: None,
            target: Target::Max(500.0),
        });
        let (save, floor) = save_vs_floor(&url, &store, today)?;
        figures.push(Figure {
            cases: n,
            name: "één antwoord opslaan (versie + lijstregel + geschiedenis, commit)",
            unit: "ms",
            value: save,
            floor: Some(floor),
            target: Target::Ratio(1.5),
        });
        let run = desks_at_once(&url, &store, today)?;
        let total = run.latencies.len() as f64;
        figures.push(Figure {
            cases: n,
            name: "8 balies tegelijk: doorvoer",
            unit: "opslagen/s",
            value: total / run.wall.as_secs_f64(),
            floor: None,
            // Every desk at least one save a second while all eight save at once.
            target: Target::Min(DESKS as f64),
        });
        figures.push(Figure {
            cases: n,
            name: "8 balies tegelijk: p99 per opslag (laden + samenvoegen + opslaan)",
            unit: "ms",
            value: p99(run.latencies),
            floor: None,
            // Below what a person notices after pressing a key.
            target: Target::Max(100.0),
        });
        figures.push(Figure {
            cases: n,
            name: "8 balies tegelijk: verloren wijzigingen",
            unit: "",
            value: run.lost as f64,
            floor: None,
            target: Target::Max(0.0),
        });
        figures.push(Figure {
            cases: n,
            name: "8 balies tegelijk: conflicten voor een mens",
            unit: "",
            value: run.conflicts as f64,
            floor: None,
            target: Target::Max(0.0),
        });
        drop(store);
        drop(schema);
    }
    Ok(figures)
}

/// `loket bench --store postgres://…`.
pub fn run_team_bench_cmd(url: &str, sizes: &[usize]) -> anyhow::Result<i32> {
    if cfg!(debug_assertions) {
        eprintln!("let op: dit is een debug-build; meet met `cargo run --release -- bench`");
    }
    let figures = run_team_bench(url, sizes)?;
    print_figures("loket bench (teamdatabase)", &figures);
    Ok(EXIT_OK)
}
