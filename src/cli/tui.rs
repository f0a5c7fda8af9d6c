//! Starting the workbench: everything that can fail (keymap, policy, store) is loaded before
//! the terminal goes raw, so a problem is a plain message and an exit code, never a garbled screen.

use super::args::Global;
use super::{EXIT_BAD_INPUT, EXIT_FAIL, EXIT_OK};
use crate::app::event_loop::{TerminalEvents, key_table, run};
use crate::app::runner::Runtime;
use crate::app::{Env, State};
use crate::domain::checklist::Checklists;
use crate::domain::policy::Policy;
use crate::keymap::Keymap;
use crate::store::{Store, StoreError};
use crate::ui::{Theme, View};
use anyhow::Context;
use chrono::{Local, Offset, Utc};
use std::path::{Path, PathBuf};

/// The default store: the platform data directory (XDG on Linux).
pub fn default_store_dir() -> anyhow::Result<PathBuf> {
    directories::ProjectDirs::from("nl", "loket", "loket")
        .map(|d| d.data_dir().join("store"))
        .context("kan de gegevensmap van dit account niet bepalen; geef --store MAP op")
}

/// Who is working: `--user`, else the OS user.
pub fn user_name(global: &Global) -> String {
    global
        .user
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| "onbekend".into())
}

/// The policy: `--policy FILE` or the embedded default. Problems are printed, exit 2.
pub fn load_policy(global: &Global) -> Result<Policy, i32> {
    let Some(path) = &global.policy else {
        return Ok(Policy::embedded());
    };
    let text = std::fs::read_to_string(path).map_err(|e| {
        eprintln!(
            "loket: beleidsbestand {} kan niet worden gelezen: {e}",
            path.display()
        );
        EXIT_BAD_INPUT
    })?;
    Policy::from_toml(&text, &path.display().to_string()).map_err(|problems| {
        eprintln!("loket: het beleidsbestand is niet in orde:");
        for p in problems {
            eprintln!("  {p}");
        }
        EXIT_BAD_INPUT
    })
}

/// Opens the store; a store held by another loket is a Dutch message and exit 1.
pub fn open_store(dir: &Path) -> Result<Store, i32> {
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!(
            "loket: kan de gegevensmap {} niet maken: {e}",
            dir.display()
        );
        return Err(EXIT_FAIL);
    }
    Store::open(dir).map_err(|e| {
        match e {
            StoreError::Locked(_) => eprintln!("loket: {e}"),
            other => eprintln!("loket: {other}"),
        }
        EXIT_FAIL
    })
}

pub fn env(global: &Global, policy: Policy) -> Env {
    let offset = Local::now().offset().fix();
    Env {
        checklists: Checklists::embedded(),
        policy,
        user: user_name(global),
        today: global
            .today
            .unwrap_or_else(|| Utc::now().with_timezone(&offset).date_naive()),
        offset,
    }
}

/// Runs the workbench on `store_dir`; returns the exit code.
pub fn run_tui(global: &Global, store_dir: &Path) -> anyhow::Result<i32> {
    let keymap = match Keymap::load(global.keymap.as_deref()) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("{e}");
            return Ok(EXIT_BAD_INPUT);
        }
    };
    let policy = match load_policy(global) {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let store = match open_store(store_dir) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let env = env(global, policy);
    // After a policy change every summary (route, proposal, deadlines) is recomputed, with
    // progress, before the terminal goes raw.
    let tty = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let mut shown = false;
    let resegmented = crate::app::summary::ensure_current(&store, &env, &mut |done, total| {
        if tty && (done.is_multiple_of(8192) || done == total) {
            shown = true;
            eprint!("\rBeleid gewijzigd: zaken herberekenen {done} van {total}");
        }
    })
    .context("de zaken konden niet opnieuw worden beoordeeld")?;
    if shown && resegmented > 0 {
        eprintln!();
    }
    let summaries = store
        .summaries()
        .context("de zaken konden niet worden gelezen")?;
    let mut state = State::new(env, summaries);
    let view = View {
        theme: Theme::from_env(),
        keys: key_table(&keymap),
        offset: state.env.offset,
    };
    let now = Utc::now;
    let rt = Runtime {
        store: &store,
        now: &now,
    };
    // ratatui::init installs a panic hook that restores the terminal before the message prints.
    let mut terminal = ratatui::try_init().context("de terminal kan niet worden gestart")?;
    let result = run(
        &mut terminal,
        &mut TerminalEvents,
        &mut state,
        &view,
        &keymap,
        &rt,
    );
    ratatui::restore();
    result?;
    store
        .flush()
        .context("laatste wijzigingen konden niet worden weggeschreven")?;
    // The list as it stands, in one value, so the next start-up need not scan every summary.
    if !store.snapshot_is_current() {
        let rows = state.list.rows.iter().map(|r| (r.key, &r.summary));
        if let Err(e) = store.write_snapshot(rows) {
            eprintln!("loket: de zakenlijst kon niet worden bewaard voor een snelle start ({e})");
        }
    }
    Ok(EXIT_OK)
}
