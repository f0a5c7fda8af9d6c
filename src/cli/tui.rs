//! Starting the workbench: everything that can fail (keymap, policy, store) is loaded before
//! the terminal goes raw, so a problem is a plain message and an exit code, never a garbled screen.

use super::args::Global;
use super::{EXIT_BAD_INPUT, EXIT_FAIL, EXIT_OK};
use crate::app::Env;
use crate::domain::checklist::{Checklist, Checklists};
use crate::domain::policy::Policy;
use crate::keymap::Keymap;
use crate::store::{CaseStore, SledStore, StoreError};
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
            "loket: beleidsbestand {} kan niet worden gelezen: {}",
            path.display(),
            super::io_reason(&e)
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
pub fn open_store(dir: &Path) -> Result<SledStore, i32> {
    open_store_with(dir, SledStore::open)
}

/// As [`open_store`], for the workbench (see [`SledStore::open_to_list`]).
pub fn open_store_to_list(dir: &Path) -> Result<SledStore, i32> {
    open_store_with(dir, SledStore::open_to_list)
}

fn open_store_with(
    dir: &Path,
    open: fn(&Path) -> Result<SledStore, StoreError>,
) -> Result<SledStore, i32> {
    if let Err(e) = crate::format::private::create_dir_all(dir) {
        eprintln!(
            "loket: kan de gegevensmap {} niet maken: {e}",
            dir.display()
        );
        return Err(EXIT_FAIL);
    }
    open(dir).map_err(|e| {
        eprintln!("loket: {e}");
        let full = e.to_string().contains("de schijf is vol");
        if !matches!(e, StoreError::Locked(_)) && !full {
            match super::backup::newest(&super::backup::default_dir(dir)) {
                Some(b) => eprintln!(
                    "De nieuwste backup is {}; zet die terug in een nieuwe map met:\n  loket herstel {} --store NIEUWE_MAP",
                    b.display(),
                    b.display()
                ),
                None => eprintln!("Er is geen backup gevonden naast deze opslag."),
            }
        }
        EXIT_FAIL
    })
}

/// Reads and checks one edited checklist file against the shipped checklist.
pub fn read_checklist(path: &Path, shipped: &Checklist) -> Result<Checklist, Vec<String>> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| vec![format!("{name}: kan niet worden gelezen: {e}")])?;
    let checklist = Checklist::from_toml(&text, &name)?;
    let problems = checklist.check_compatible(shipped, &name);
    if problems.is_empty() {
        Ok(checklist)
    } else {
        Err(problems)
    }
}

/// The checklists: the shipped ones, or a municipality's edited copies from `--checklists DIR`
/// (each file optional). Every problem is printed; exit 2.
pub fn load_checklists(global: &Global) -> Result<Checklists, i32> {
    let mut checklists = Checklists::embedded();
    let Some(dir) = &global.checklists else {
        return Ok(checklists);
    };
    if !dir.is_dir() {
        eprintln!("loket: {} is geen map met vragenlijsten", dir.display());
        return Err(EXIT_BAD_INPUT);
    }
    let mut problems = Vec::new();
    for slot in [&mut checklists.schuldhulp, &mut checklists.bewind] {
        let path = dir.join(format!("{}.toml", slot.id));
        if !path.exists() {
            continue;
        }
        match read_checklist(&path, slot) {
            Ok(c) => *slot = c,
            Err(p) => problems.extend(p),
        }
    }
    if problems.is_empty() {
        Ok(checklists)
    } else {
        eprintln!("loket: de vragenlijsten zijn niet in orde:");
        for p in problems {
            eprintln!("  {p}");
        }
        Err(EXIT_BAD_INPUT)
    }
}

/// `loket checklist check FILE`: 0 when the file is a valid, compatible checklist, else 2.
pub fn check_checklist(file: &Path) -> i32 {
    let shipped = Checklists::embedded();
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let Some(base) = shipped.get(stem).or_else(|| {
        std::fs::read_to_string(file)
            .ok()
            .and_then(|t| Checklist::from_toml(&t, "").ok())
            .and_then(|c| shipped.get(&c.id))
    }) else {
        eprintln!(
            "loket: {}: niet te herkennen als schuldhulp- of bewindlijst (noem het bestand schuldhulp.toml of bewind.toml)",
            file.display()
        );
        return EXIT_BAD_INPUT;
    };
    match read_checklist(file, base) {
        Ok(c) => {
            println!(
                "{}: in orde ({} versie {}, {} vragen)",
                file.display(),
                c.id,
                c.version,
                c.items().count()
            );
            EXIT_OK
        }
        Err(problems) => {
            for p in problems {
                eprintln!("{p}");
            }
            EXIT_BAD_INPUT
        }
    }
}

/// Everything fixed for a session. Fails (exit 2) only on bad `--checklists` files.
pub fn env(global: &Global, policy: Policy) -> Result<Env, i32> {
    let offset = Local::now().offset().fix();
    Ok(Env {
        checklists: load_checklists(global)?,
        policy,
        user: user_name(global),
        today: global
            .today
            .unwrap_or_else(|| Utc::now().with_timezone(&offset).date_naive()),
        offset,
    })
}

/// After a policy change every summary (route, proposal, deadlines) is recomputed, with
/// progress, so lists and reports never show figures made under another policy.
pub fn bring_up_to_date(store: &dyn CaseStore, env: &Env) -> Result<(), i32> {
    crate::app::summary::ensure_current(
        store,
        env,
        &mut crate::shell::progress::progress_printer("Beleid gewijzigd: zaken herberekenen"),
    )
    .map(|_| ())
    .map_err(|e| {
        eprintln!("loket: de zaken konden niet opnieuw worden beoordeeld: {e}");
        EXIT_FAIL
    })
}

/// What every command on the store starts with: policy and checklists checked (exit 2), the
/// store opened (exit 1 when it is in use), and its summaries up to date with the policy.
pub fn open_workspace(global: &Global) -> Result<(Box<dyn CaseStore>, Env), i32> {
    open_workspace_with(global, open_store)
}

/// As [`open_workspace`], with the embedded store opened by `open_dir`.
fn open_workspace_with(
    global: &Global,
    open_dir: fn(&Path) -> Result<SledStore, i32>,
) -> Result<(Box<dyn CaseStore>, Env), i32> {
    let policy = load_policy(global)?;
    let env = env(global, policy)?;
    // A directory (the embedded store) or a team database (postgres://…).
    let store = super::team::open_any_with(global, open_dir)?;
    bring_up_to_date(store.as_ref(), &env)?;
    Ok((store, env))
}

/// What a read-only command (`report`, `export`, `controleer`) starts with: as
/// [`open_workspace`], but an embedded store is opened for reading (its reads are logged at the
/// end, see [`AccessLogAtEnd`]) and also works on a full disk, where nothing is written (the
/// summaries are then not brought up to date with a changed policy; stderr says so).
pub fn open_workspace_for_reading(global: &Global) -> Result<(Box<dyn CaseStore>, Env), i32> {
    let policy = load_policy(global)?;
    let env = env(global, policy)?;
    let target = super::team::StoreTarget::from_global(global).map_err(|e| {
        eprintln!("loket: {e}");
        EXIT_FAIL
    })?;
    let super::team::StoreTarget::Dir(dir) = target else {
        return open_workspace(global);
    };
    store_dir(global)?;
    let store = open_store_with(&dir, SledStore::open_for_reading)?;
    if store.disk_full() {
        eprintln!(
            "loket: let op: de schijf is vol; de opslag is alleen gelezen en er is niets in \
             geschreven (ook het toegangslogboek niet, zie hieronder)"
        );
        let stale = crate::app::summary::needs_resegment(&store, &env).unwrap_or(false);
        if stale {
            eprintln!(
                "loket: let op: het beleid is gewijzigd, maar de zaken konden niet opnieuw \
                 worden beoordeeld (de schijf is vol)"
            );
        }
        return Ok((Box::new(store), env));
    }
    bring_up_to_date(&store, &env)?;
    Ok((Box::new(store), env))
}

/// Writes the reads of a read-only command to the access log when dropped (at every return of
/// the command), and names on stderr, in Dutch, every read that could not be logged (a full
/// disk): who, what for, when, and which cases, so that it can be recorded by hand.
pub struct AccessLogAtEnd<'a>(pub &'a dyn CaseStore);

impl Drop for AccessLogAtEnd<'_> {
    fn drop(&mut self) {
        let unlogged = self.0.finish_reading();
        if unlogged.is_empty() {
            return;
        }
        let keys: Vec<crate::store::CaseKey> = unlogged.iter().map(|(k, _)| *k).collect();
        let ids: std::collections::HashMap<crate::store::CaseKey, String> = self
            .0
            .summaries_of(&keys)
            .map(|rows| rows.into_iter().map(|(k, s)| (k, s.case_id)).collect())
            .unwrap_or_default();
        // Grouped per person, purpose and minute.
        let mut groups: std::collections::BTreeMap<(String, String, String), Vec<String>> =
            std::collections::BTreeMap::new();
        for (key, e) in &unlogged {
            let id = ids
                .get(key)
                .cloned()
                .unwrap_or_else(|| format!("sleutel {}", key.0));
            groups
                .entry((
                    e.by.clone(),
                    e.purpose.label().to_string(),
                    e.at.format("%d-%m-%Y %H:%M UTC").to_string(),
                ))
                .or_default()
                .push(crate::domain::plausible::printable(&id, false));
        }
        eprintln!(
            "loket: let op: {} keer lezen kon niet in het toegangslogboek worden vastgelegd \
             (de schijf is vol). Leg dit zo nodig zelf vast:",
            unlogged.len()
        );
        for ((by, purpose, at), ids) in groups {
            eprintln!(
                "  {purpose} door {by} op {at}: {} zaken: {}",
                ids.len(),
                ids.join(", ")
            );
        }
    }
}

/// The store directory: `--store` (which must exist unless `--nieuw` is given, so a typo or a
/// moved store never silently starts an empty one), else the account's default.
pub fn store_dir(global: &Global) -> Result<PathBuf, i32> {
    match &global.store {
        Some(d) if !d.exists() && !global.nieuw => {
            eprintln!(
                "loket: de opslag {} bestaat niet; controleer de map (typfout, verplaatst?) of \
                 geef --nieuw om daar een nieuwe, lege opslag te maken",
                crate::domain::plausible::printable(&d.display().to_string(), false)
            );
            Err(EXIT_FAIL)
        }
        Some(d) => Ok(d.clone()),
        None => default_store_dir().map_err(|e| {
            eprintln!("loket: {e}");
            EXIT_FAIL
        }),
    }
}

/// Runs the workbench on `store_dir`; returns the exit code.
pub fn run_tui(global: &Global) -> anyhow::Result<i32> {
    let keymap = match load_keymap(global) {
        Ok(k) => k,
        Err(code) => return Ok(code),
    };
    let sjablonen = match super::brief::load_sjablonen(global) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    match open_workspace_with(global, open_store_to_list) {
        Ok((store, env)) => {
            // The daily backup goes beside an embedded store; a team database is the DBA's
            // (and `loket backup --uit MAP`).
            if let Ok(super::team::StoreTarget::Dir(dir)) =
                super::team::StoreTarget::from_global(global)
            {
                super::backup::daily(store.as_ref(), &env, &dir, super::backup::keep(global));
            }
            crate::shell::terminal::run_workbench(keymap, env, &sjablonen, store.as_ref(), None)
        }
        Err(code) => Ok(code),
    }
}

/// `loket demo`: a fresh temporary store filled with the example cases; removed afterwards.
pub fn run_demo(global: &Global) -> anyhow::Result<i32> {
    let keymap = match load_keymap(global) {
        Ok(k) => k,
        Err(code) => return Ok(code),
    };
    let policy = match load_policy(global) {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let sjablonen = match super::brief::load_sjablonen(global) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
    // One private temporary directory holds everything of the demo: the store in `opslag/`,
    // and the intake reports and documents made in it (removed again when the demo ends).
    let dir = std::env::temp_dir().join(format!("loket-demo-{}-{nanos}", std::process::id()));
    let env = match env(global, policy) {
        Ok(e) => e,
        Err(code) => return Ok(code),
    };
    if crate::format::private::create_dir_all(&dir).is_ok() {
        crate::shell::exits::remove_on_signal(&dir);
    }
    let store = match open_store(&dir.join("opslag")) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let filled = crate::cli::transfer::import_demo(&store, &env, Utc::now())
        .map_err(|e| anyhow::anyhow!("de voorbeeldzaken konden niet worden ingelezen: {e}"))
        .and_then(|_| {
            bring_up_to_date(&store, &env)
                .map_err(|_| anyhow::anyhow!("de voorbeeldzaken konden niet worden beoordeeld"))
        });
    let result = filled.and_then(|_| {
        crate::shell::terminal::run_workbench(keymap, env, &sjablonen, &store, Some(&dir))
    });
    drop(store);
    // A demo leaves nothing behind.
    let _ = std::fs::remove_dir_all(&dir);
    crate::shell::exits::forget_temp_dir(&dir);
    result
}

/// The keymap, checked before anything else happens (problems: exit 2).
fn load_keymap(global: &Global) -> Result<Keymap, i32> {
    Keymap::load(global.keymap.as_deref()).map_err(|e| {
        eprintln!("{e}");
        EXIT_BAD_INPUT
    })
}
