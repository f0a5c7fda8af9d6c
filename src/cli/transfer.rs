//! `loket import` and `loket export`: cases in and out as `loket-case/1` files, the Markdown
//! intakeverslag and a CSV overview.
//!
//! Decisions:
//! - Import is all-or-nothing per file: the whole file is parsed and validated before anything is
//!   written, and one file is one store transaction. Problems go to stderr, per file, with the file
//!   name; stored files are reported on stdout (with the case number used), but only after the
//!   store has been flushed, so a line on the screen is a promise that survives a crash.
//! - Imports are flushed in batches of [`FLUSH_EVERY`] files (one fsync per file would make a
//!   10,000-file import take minutes); the report lines of a batch follow its flush.
//! - The history of an imported case starts with `Imported { source: file name }`, followed by the
//!   recorded `Decision` when the file carries one, so the case view shows where the decision came
//!   from.
//! - Progress (stderr, silenced by `--quiet`) is shown when at least [`PROGRESS_MIN`] files or
//!   cases are handled: a `\r` counter on a terminal, else a line per tenth (at most per 1000).
//! - CSV: one row per case with machine-readable values (ids, ISO dates, amounts as "1250.00",
//!   `ja`/`nee`). Personal and free-text fields — the client's name, the hulpvraag, the
//!   toelichtingen, the reason of a decision and the notes — only with `--with-text`: an overview
//!   for management needs no names, and the case number leads back to the case.
//! - `--format md` and `--format json` without `--out` write exactly one case to stdout; with
//!   `--out` one file per case (`<case_id>.json`, `intakeverslag-<case_id>.md`); CSV goes to stdout
//!   or to `zaken.csv` in the `--out` map.

use super::args::{ExportFormat, Global};
use super::{EXIT_BAD_INPUT, EXIT_FAIL, EXIT_OK};
use crate::app::Env;

use crate::app::summary::{outcome, summarize};
use crate::domain::answers::Value;
use crate::domain::case::{Case, debt_totals};
use crate::domain::checklist::SCHULDHULP;
use crate::domain::exchange::{parse_case_file, to_case_json};
use crate::domain::history::Change;
use crate::domain::money;
use crate::domain::plausible;
use crate::domain::report::override_direction;
use crate::domain::segment::Outcome;
use crate::domain::summary::Summary;
use crate::format::file_name::{file_stem, unique_stem};
use crate::store::{
    AccessContext, AccessPurpose, BatchCase, CaseKey, CaseStore, NewCase, StoreError,
};
use anyhow::Context;
use chrono::{DateTime, Utc};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Imports are flushed (made durable) after this many stored files, and at the end. Bounded
/// batches also keep the store's unflushed writes bounded.
pub const FLUSH_EVERY: usize = 250;
/// Progress is shown from this many files (or cases) on.
pub const PROGRESS_MIN: usize = 10;

/// Every example case in fixtures/cases, embedded for `loket demo`: (file name, text).
/// A test checks that this list equals the directory's contents.
pub const DEMO_CASES: &[(&str, &str)] = &[
    (
        "aanmelding-alleen.json",
        include_str!("../../fixtures/cases/aanmelding-alleen.json"),
    ),
    (
        "aow-paar.json",
        include_str!("../../fixtures/cases/aow-paar.json"),
    ),
    (
        "beheer-stress.json",
        include_str!("../../fixtures/cases/beheer-stress.json"),
    ),
    (
        "bewind-geen-grond.json",
        include_str!("../../fixtures/cases/bewind-geen-grond.json"),
    ),
    (
        "bewind-gevraagd-lichter.json",
        include_str!("../../fixtures/cases/bewind-gevraagd-lichter.json"),
    ),
    (
        "bewind-lopend-schulden.json",
        include_str!("../../fixtures/cases/bewind-lopend-schulden.json"),
    ),
    (
        "bewind-lopend-toestand.json",
        include_str!("../../fixtures/cases/bewind-lopend-toestand.json"),
    ),
    (
        "bewind-netwerk.json",
        include_str!("../../fixtures/cases/bewind-netwerk.json"),
    ),
    (
        "bewind-niet-nodig.json",
        include_str!("../../fixtures/cases/bewind-niet-nodig.json"),
    ),
    (
        "bewind-onbekend.json",
        include_str!("../../fixtures/cases/bewind-onbekend.json"),
    ),
    (
        "bewind-schulden-instabiel.json",
        include_str!("../../fixtures/cases/bewind-schulden-instabiel.json"),
    ),
    (
        "bewind-uitstroom.json",
        include_str!("../../fixtures/cases/bewind-uitstroom.json"),
    ),
    (
        "bewind-verkwisting.json",
        include_str!("../../fixtures/cases/bewind-verkwisting.json"),
    ),
    (
        "coaching-stabiel.json",
        include_str!("../../fixtures/cases/coaching-stabiel.json"),
    ),
    (
        "crisis-afsluiting-ondernemer.json",
        include_str!("../../fixtures/cases/crisis-afsluiting-ondernemer.json"),
    ),
    (
        "crisis-ontruiming-gezin.json",
        include_str!("../../fixtures/cases/crisis-ontruiming-gezin.json"),
    ),
    (
        "crisis-ontruiming.json",
        include_str!("../../fixtures/cases/crisis-ontruiming.json"),
    ),
    (
        "crisis-zorgverzekering.json",
        include_str!("../../fixtures/cases/crisis-zorgverzekering.json"),
    ),
    (
        "dakloos-crisis.json",
        include_str!("../../fixtures/cases/dakloos-crisis.json"),
    ),
    (
        "echtscheiding-huur.json",
        include_str!("../../fixtures/cases/echtscheiding-huur.json"),
    ),
    (
        "echtscheiding-koop.json",
        include_str!("../../fixtures/cases/echtscheiding-koop.json"),
    ),
    (
        "eerste-gesprek-verlopen.json",
        include_str!("../../fixtures/cases/eerste-gesprek-verlopen.json"),
    ),
    (
        "geen-inkomen.json",
        include_str!("../../fixtures/cases/geen-inkomen.json"),
    ),
    (
        "gezin-stabilisatie.json",
        include_str!("../../fixtures/cases/gezin-stabilisatie.json"),
    ),
    (
        "ggz-beschikking-laat.json",
        include_str!("../../fixtures/cases/ggz-beschikking-laat.json"),
    ),
    (
        "laaggeletterd.json",
        include_str!("../../fixtures/cases/laaggeletterd.json"),
    ),
    (
        "ondernemer-schuldregeling.json",
        include_str!("../../fixtures/cases/ondernemer-schuldregeling.json"),
    ),
    (
        "onvolledig.json",
        include_str!("../../fixtures/cases/onvolledig.json"),
    ),
    (
        "preventie-geen-schulden.json",
        include_str!("../../fixtures/cases/preventie-geen-schulden.json"),
    ),
    (
        "student-duo.json",
        include_str!("../../fixtures/cases/student-duo.json"),
    ),
    (
        "vroegsignaal-energie.json",
        include_str!("../../fixtures/cases/vroegsignaal-energie.json"),
    ),
    (
        "vroegsignaal-huur.json",
        include_str!("../../fixtures/cases/vroegsignaal-huur.json"),
    ),
    (
        "wijkteam-zwaarder.json",
        include_str!("../../fixtures/cases/wijkteam-zwaarder.json"),
    ),
];

/// What became of one imported file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportOutcome {
    pub key: CaseKey,
    /// The case number the case was stored under.
    pub case_id: String,
    /// The case number the file asked for, if it had one.
    pub requested: Option<String>,
}

impl ImportOutcome {
    /// The file's case number was taken, so another one was made.
    pub fn renamed(&self) -> bool {
        self.requested.as_deref().is_some_and(|r| r != self.case_id)
    }

    /// One Dutch line: which case number was used and why.
    pub fn message(&self) -> String {
        match &self.requested {
            Some(r) if *r != self.case_id => {
                format!("{r} bestond al; opgeslagen als {}", self.case_id)
            }
            Some(_) => format!("opgeslagen als {}", self.case_id),
            None => format!(
                "geen zaaknummer in het bestand; opgeslagen als {}",
                self.case_id
            ),
        }
    }
}

/// Why a file was not imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file was refused; nothing was written. One Dutch sentence per problem.
    #[error("{}", .0.join("\n"))]
    Invalid(Vec<String>),
    /// The store failed (I/O): stop, nothing of this file was written.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A validated file, ready to be stored.
pub struct Prepared {
    pub case: BatchCase,
    /// The case number the file asked for, if it had one.
    pub requested: Option<String>,
}

/// Validates one `loket-case/1` text completely and makes it a new case (its summary computed
/// under `env`). `source` is recorded in the history ("zaak ingelezen uit …").
pub fn prepare_import(
    env: &Env,
    text: &str,
    source: &str,
    now: DateTime<Utc>,
) -> Result<Prepared, ImportError> {
    let door = |problems: Vec<String>| {
        ImportError::Invalid(
            problems
                .iter()
                .map(|m| plausible::printable(&plausible::without_bsn(m), false))
                .collect(),
        )
    };
    let duplicates = plausible::duplicate_keys(text);
    if !duplicates.is_empty() {
        return Err(door(
            duplicates
                .into_iter()
                .map(|k| format!("{k}: deze sleutel staat er twee keer in; laat er één staan"))
                .collect(),
        ));
    }
    let file = parse_case_file(text, &env.checklists).map_err(|e| door(e.problems()))?;
    let implausible = plausible::implausible(&file, env.today, now);
    if !implausible.is_empty() {
        return Err(door(implausible));
    }
    let requested = file.case_id.clone();
    let decision = file.decision.clone();
    let case = file.into_case(requested.clone().unwrap_or_default(), now);
    let summary = summarize(&case, &outcome(&case, env), env);
    let mut changes = vec![Change::Imported {
        source: source.to_string(),
    }];
    if let Some(decision) = decision {
        changes.push(Change::Decision { decision });
    }
    Ok(Prepared {
        case: BatchCase {
            new: NewCase {
                case,
                summary,
                changes,
            },
            by: env.user.clone(),
            at: now,
        },
        requested,
    })
}

/// Stores prepared files in one batch (durable when it returns); the outcomes in order.
/// The case number in a file is kept when it is free.
pub fn store_prepared(
    store: &dyn CaseStore,
    prepared: Vec<Prepared>,
) -> Result<Vec<ImportOutcome>, StoreError> {
    let mut seen = std::collections::BTreeSet::new();
    for id in prepared.iter().filter_map(|p| p.requested.as_deref()) {
        if !seen.insert(id) || store.key_of(id)?.is_some() {
            return Err(StoreError::Duplicate(plausible::printable(id, false)));
        }
    }
    let (batch, requested): (Vec<BatchCase>, Vec<Option<String>>) =
        prepared.into_iter().map(|p| (p.case, p.requested)).unzip();
    let created = store.import_batch(batch)?;
    Ok(created
        .into_iter()
        .zip(requested)
        .map(|(c, requested)| ImportOutcome {
            key: c.key,
            case_id: c.case_id,
            requested,
        })
        .collect())
}

/// Validates and stores one `loket-case/1` text (durable when it returns).
pub fn import_text(
    store: &dyn CaseStore,
    env: &Env,
    text: &str,
    source: &str,
    now: DateTime<Utc>,
) -> Result<ImportOutcome, ImportError> {
    let prepared = prepare_import(env, text, source, now)?;
    let mut out = store_prepared(store, vec![prepared])?;
    out.pop().ok_or(ImportError::Store(StoreError::NotFound))
}

/// Fills a store with every embedded example case (for `loket demo`); durable when it returns.
pub fn import_demo(
    store: &dyn CaseStore,
    env: &Env,
    now: DateTime<Utc>,
) -> Result<Vec<ImportOutcome>, ImportError> {
    let prepared = DEMO_CASES
        .iter()
        .enumerate()
        .map(|(i, (name, text))| {
            let text = super::demo_names::renamed(text, i);
            prepare_import(env, &text, name, now)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(store_prepared(store, prepared)?)
}

/// `loket import FILE…`: exit 0 when every file was stored, 2 when any was refused (the others
/// are still stored), 1 when the store could not be opened or written.
pub fn run_import(global: &Global, files: &[PathBuf], quiet: bool) -> anyhow::Result<i32> {
    run_import_with(global, files, quiet, false)
}

/// `loket import [--vervang] FILE…`: with `vervang`, a file whose case number is in the store
/// replaces that case after showing the difference (see `replace`).
pub fn run_import_with(
    global: &Global,
    files: &[PathBuf],
    quiet: bool,
    vervang: bool,
) -> anyhow::Result<i32> {
    run_import_sealed(
        global,
        files,
        (quiet, vervang),
        &super::handover::Source::Prompt,
    )
}

/// `loket import`: files that start with the age header are opened with the passphrase from
/// `wachtwoord` (asked once, before anything is stored); a wrong passphrase refuses that file.
pub fn run_import_sealed(
    global: &Global,
    files: &[PathBuf],
    (quiet, vervang): (bool, bool),
    wachtwoord: &super::handover::Source,
) -> anyhow::Result<i32> {
    let opener = if files.iter().any(|f| super::handover::file_is_encrypted(f)) {
        match wachtwoord.obtain(false) {
            Ok(p) => Some(super::handover::Opener::new(p)),
            Err(e) => {
                eprintln!("loket: {e}; er is niets ingelezen");
                return Ok(EXIT_BAD_INPUT);
            }
        }
    } else {
        None
    };
    let (store, env) = match super::tui::open_workspace(global) {
        Ok(w) => w,
        Err(code) => return Ok(code),
    };
    let store = store.as_ref();
    // Case numbers destroyed under the retention rules, with the day: not read in again.
    let destroyed: std::collections::BTreeMap<String, chrono::NaiveDate> = match store
        .verklaringen()
    {
        Ok(v) => v
            .into_iter()
            .map(|v| (v.zaaknummer, v.vernietigd_op))
            .collect(),
        Err(e) => {
            eprintln!(
                "loket: de verklaringen van vernietiging konden niet worden gelezen: {e}; er is niets ingelezen"
            );
            return Ok(EXIT_FAIL);
        }
    };
    let mut progress = Progress::new(files.len(), quiet, "bestanden");
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut pending: Vec<(String, Prepared)> = Vec::new();
    let (mut stored, mut refused) = (0usize, 0usize);
    for path in files {
        let shown = plausible::printable(&path.display().to_string(), false);
        let source = path
            .file_name()
            .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
        let text = match std::fs::read(path) {
            Ok(bytes) if super::handover::is_encrypted(&bytes) => match &opener {
                Some(o) => o.open(&bytes).map_err(|e| vec![e]),
                None => Err(vec!["versleuteld, maar er is geen wachtwoord".to_string()]),
            },
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
                vec!["kan niet worden gelezen: het is geen tekstbestand (UTF-8)".into()]
            }),
            Err(e) => Err(vec![format!(
                "kan niet worden gelezen: {}",
                super::io_reason(&e)
            )]),
        };
        let result = match text {
            Ok(text) => prepare_import(&env, &text, &source, Utc::now()),
            Err(problems) => Err(ImportError::Invalid(problems)),
        };
        let result = match result {
            Ok(p) if vervang => match p.requested.as_deref().map(|id| store.key_of(id)) {
                Some(Ok(Some(key))) => {
                    // Stored ones first, so the replacement is the last word.
                    if let Err(code) =
                        store_and_report(store, &mut pending, &mut out, &mut progress)?
                    {
                        return Ok(code);
                    }
                    match super::replace::replace(store, &env, key, p) {
                        Ok(diff) => {
                            progress.interrupt();
                            writeln!(
                                out,
                                "vervangen: {shown}: het verschil met de opgeslagen zaak:"
                            )?;
                            if diff.is_empty() {
                                writeln!(out, "  (geen verschil)")?;
                            }
                            for line in diff {
                                writeln!(out, "  {line}")?;
                            }
                            stored += 1;
                            progress.tick();
                            continue;
                        }
                        Err(e) => Err(ImportError::Store(e)),
                    }
                }
                Some(Err(e)) => Err(ImportError::Store(e)),
                _ => refuse_taken(store, &pending, &destroyed, p),
            },
            other => other.and_then(|p| refuse_taken(store, &pending, &destroyed, p)),
        };
        match result {
            Ok(p) => {
                stored += 1;
                pending.push((shown, p));
                if pending.len() >= FLUSH_EVERY
                    && let Err(code) =
                        store_and_report(store, &mut pending, &mut out, &mut progress)?
                {
                    return Ok(code);
                }
            }
            Err(ImportError::Invalid(problems)) => {
                refused += 1;
                progress.interrupt();
                eprintln!("loket: {shown} is geweigerd; er is niets van opgeslagen:");
                for p in problems {
                    eprintln!("  {p}");
                }
            }
            Err(ImportError::Store(e)) => {
                progress.interrupt();
                eprintln!("loket: {shown} kon niet worden opgeslagen: {e}");
                return Ok(EXIT_FAIL);
            }
        }
        progress.tick();
    }
    if let Err(code) = store_and_report(store, &mut pending, &mut out, &mut progress)? {
        return Ok(code);
    }
    progress.finish();
    if files.len() > 1 {
        writeln!(
            out,
            "{} bestanden: {stored} ingelezen, {refused} geweigerd",
            files.len()
        )?;
    }
    out.flush()?;
    Ok(if refused > 0 { EXIT_BAD_INPUT } else { EXIT_OK })
}

/// Refuses a file whose case number is already in the store or earlier in this run: an import
/// never renames a case, so running it again never duplicates one. A case number that was
/// destroyed (a verklaring van vernietiging names it) is refused too: its data should be gone.
fn refuse_taken(
    store: &dyn CaseStore,
    pending: &[(String, Prepared)],
    destroyed: &std::collections::BTreeMap<String, chrono::NaiveDate>,
    p: Prepared,
) -> Result<Prepared, ImportError> {
    let Some(id) = p.requested.as_deref() else {
        return Ok(p);
    };
    if let Some(day) = destroyed.get(id) {
        return Err(ImportError::Invalid(vec![format!(
            "case_id: zaak {} is op {} vernietigd (zie loket bewaren --verklaringen) en wordt niet opnieuw ingelezen; zonder case_id in het bestand krijgt de zaak een nieuw zaaknummer",
            plausible::printable(id, false),
            day.format("%d-%m-%Y")
        )]));
    }
    let earlier = pending
        .iter()
        .any(|(_, q)| q.requested.as_deref() == Some(id));
    if earlier || store.key_of(id)?.is_some() {
        return Err(ImportError::Invalid(vec![format!(
            "case_id: zaak {} staat al in de opslag; er is niets veranderd",
            plausible::printable(id, false)
        )]));
    }
    Ok(p)
}

/// Stores the pending files in one batch, then tells which they were (only once they are
/// durable). A store failure is reported per file of the batch: Err(exit code).
fn store_and_report(
    store: &dyn CaseStore,
    pending: &mut Vec<(String, Prepared)>,
    out: &mut impl Write,
    progress: &mut Progress,
) -> anyhow::Result<Result<(), i32>> {
    if pending.is_empty() {
        return Ok(Ok(()));
    }
    let (shown, prepared): (Vec<String>, Vec<Prepared>) = pending.drain(..).unzip();
    let requested: Vec<Option<String>> = prepared.iter().map(|p| p.requested.clone()).collect();
    match store_prepared(store, prepared) {
        Ok(outcomes) => {
            for (shown, o) in shown.iter().zip(outcomes) {
                writeln!(out, "ingelezen: {shown}: {}", o.message())?;
            }
            Ok(Ok(()))
        }
        Err(e) => {
            progress.interrupt();
            out.flush()?;
            eprintln!("loket: opslaan mislukt: {e}");
            // Tell exactly what did reach the store, so a second run adds only the rest
            // (a case number already stored is refused then, never duplicated).
            for (shown, id) in shown.iter().zip(&requested) {
                let state = match id {
                    Some(id) => match store.key_of(id) {
                        Ok(Some(_)) => format!("wel opgeslagen als {id}"),
                        Ok(None) => "niet opgeslagen".to_string(),
                        Err(_) => "onbekend of het is opgeslagen".to_string(),
                    },
                    None => {
                        "onbekend of het is opgeslagen (geen zaaknummer in het bestand)".to_string()
                    }
                };
                eprintln!("  {shown}: {state}");
            }
            Ok(Err(EXIT_FAIL))
        }
    }
}

/// `loket export [CASE…] --format json|md|csv [--out MAP]`: exit 0 done, 2 for an unknown case
/// number or a request that cannot be written to the screen, 1 for I/O problems.
pub fn run_export(
    global: &Global,
    cases: &[String],
    format: ExportFormat,
    out: Option<&Path>,
    flags: (bool, bool),
    quiet: bool,
) -> anyhow::Result<i32> {
    run_export_sealed(global, cases, format, out, flags, quiet, None)
}

/// `loket export … [--versleuteld [--wachtwoordbestand FILE]]`: with `versleuteld` every file
/// written is an age file under the passphrase (see `handover`); it needs `--out`.
pub fn run_export_sealed(
    global: &Global,
    cases: &[String],
    format: ExportFormat,
    out: Option<&Path>,
    (with_text, bsn_volledig): (bool, bool),
    quiet: bool,
    versleuteld: Option<super::handover::Source>,
) -> anyhow::Result<i32> {
    let csv = matches!(format, ExportFormat::Csv | ExportFormat::CsvMachine);
    let sealer = match versleuteld {
        None => None,
        Some(_) if out.is_none() => {
            eprintln!(
                "loket: --versleuteld schrijft bestanden, niet naar het scherm; geef --out MAP; er is niets geschreven"
            );
            return Ok(EXIT_BAD_INPUT);
        }
        Some(source) => match source.obtain(true) {
            Ok(p) => Some(super::handover::Sealer::new(p)),
            Err(e) => {
                eprintln!("loket: {e}; er is niets geschreven");
                return Ok(EXIT_BAD_INPUT);
            }
        },
    };
    // The one place an export file is written: encrypted when asked.
    let write_out = |dir: &Path, name: &str, bytes: &[u8]| -> anyhow::Result<PathBuf> {
        match &sealer {
            Some(s) => {
                let path = dir.join(super::handover::Sealer::file_name(name));
                write_file(&path, &s.seal(bytes)?)?;
                Ok(path)
            }
            None => {
                let path = dir.join(name);
                write_file(&path, bytes)?;
                Ok(path)
            }
        }
    };
    if out.is_none() && !csv && cases.len() != 1 {
        let wat = match format {
            ExportFormat::Md => "intakeverslag",
            _ => "zaakbestand",
        };
        eprintln!(
            "loket: zonder --out gaat precies één {wat} naar het scherm; noem één zaaknummer, \
             of geef --out MAP voor een bestand per zaak"
        );
        return Ok(EXIT_BAD_INPUT);
    }
    let (store, env) = match super::tui::open_workspace_for_reading(global) {
        Ok(w) => w,
        Err(code) => return Ok(code),
    };
    let store = store.as_ref();
    // The intake report is the counsellor's document, as in `loket brief intakeverslag` and the
    // workbench's `e`: on a team database the role decides before anything is written.
    if format == ExportFormat::Md
        && let Some(role) = store.role()
        && !role.may_make_document("intakeverslag")
    {
        eprintln!(
            "loket: {} ({role}) mag dit niet: het intakeverslag maken; er is niets geschreven",
            env.user
        );
        return Ok(EXIT_FAIL);
    }
    let _logged = super::tui::AccessLogAtEnd(store);
    let access = AccessContext {
        by: env.user.clone(),
        at: Utc::now(),
        purpose: AccessPurpose::Export,
    };
    let keys = match resolve(store, cases)? {
        Ok(keys) => keys,
        Err(unknown) => {
            let (woord, lijst) = if unknown.len() == 1 {
                ("onbekend zaaknummer", unknown[0].clone())
            } else {
                ("onbekende zaaknummers", unknown.join(", "))
            };
            eprintln!("loket: {woord}: {lijst}; er is niets geschreven");
            return Ok(EXIT_BAD_INPUT);
        }
    };
    // A case whose processing is restricted (art. 18 AVG) does not leave loket (only inzage).
    let restricted: Vec<String> = store
        .summaries_of(&keys)?
        .into_iter()
        .filter(|(_, s)| s.beperkt)
        .map(|(_, s)| s.case_id)
        .collect();
    let keys: Vec<_> = if restricted.is_empty() {
        keys
    } else if !cases.is_empty() {
        eprintln!(
            "loket: zaak {}: {}; er is niets geschreven",
            restricted.join(", "),
            crate::domain::beperking::REFUSAL
        );
        return Ok(EXIT_BAD_INPUT);
    } else {
        eprintln!(
            "loket: niet geëxporteerd (verwerking beperkt, art. 18 AVG): {}",
            restricted.join(", ")
        );
        let skip: std::collections::HashSet<String> = restricted.into_iter().collect();
        store
            .summaries_of(&keys)?
            .into_iter()
            .filter(|(_, s)| !skip.contains(&s.case_id))
            .map(|(k, _)| k)
            .collect()
    };
    if let Some(dir) = out
        && let Err(e) = crate::format::private::create_dir_all(dir)
    {
        eprintln!("loket: kan de map {} niet maken: {e}", dir.display());
        return Ok(EXIT_FAIL);
    }
    let mut progress = Progress::new(keys.len(), quiet, "zaken");
    let mut damaged = Damaged::default();
    if csv {
        let mut rows = Vec::with_capacity(keys.len());
        for key in &keys {
            let Some(case) = damaged.load(store, *key, &access)? else {
                continue;
            };
            let o = outcome(&case, &env);
            let summary = summarize(&case, &o, &env);
            rows.push(csv_row(&case, &o, &summary, &env, with_text));
            progress.tick();
        }
        progress.finish();
        let header = csv_header(with_text);
        let write = |w: &mut dyn Write| {
            if format == ExportFormat::CsvMachine {
                write_csv(w, &header, &rows)
            } else {
                super::csv_nl::write(w, &header, &rows, &env.checklists)
            }
        };
        match out {
            None => {
                let stdout = std::io::stdout();
                write(&mut stdout.lock())?;
            }
            Some(dir) => {
                let mut bytes = Vec::new();
                write(&mut bytes)?;
                let path = write_out(dir, "zaken.csv", &bytes)?;
                println!("{} zaken geschreven naar {}", rows.len(), path.display());
            }
        }
        return Ok(damaged.report(store));
    }
    let mut used = std::collections::BTreeSet::new();
    for key in &keys {
        let Some(case) = damaged.load(store, *key, &access)? else {
            continue;
        };
        let full = format == ExportFormat::Md && bsn_volledig && case.client.bsn.is_some();
        let text = match format {
            ExportFormat::Json => case_json_text(&case, &env)?,
            _ => {
                let o = outcome(&case, &env);
                let history = store.history(*key)?;
                plausible::printable(
                    &crate::app::intake_report::intake_report_with(&case, &o, &history, &env, full),
                    true,
                )
            }
        };
        match out {
            None => {
                let stdout = std::io::stdout();
                let mut lock = stdout.lock();
                lock.write_all(text.as_bytes())?;
                lock.flush()?;
            }
            Some(dir) => {
                let stem = unique_stem(&file_stem(&case.case_id), &mut used);
                let name = match format {
                    ExportFormat::Json => format!("{stem}.json"),
                    _ => format!("intakeverslag-{stem}.md"),
                };
                write_out(dir, &name, text.as_bytes())?;
            }
        }
        // Recorded once the report is out (never for a write that failed).
        if full {
            record_full_bsn(store, *key, &env)?;
        }
        progress.tick();
    }
    progress.finish();
    if let Some(dir) = out {
        let n = keys.len();
        let zaken = if n == 1 { "zaak" } else { "zaken" };
        let versleuteld = if sealer.is_some() {
            " versleuteld (met wachtwoord)"
        } else {
            ""
        };
        println!("{n} {zaken}{versleuteld} geschreven naar {}", dir.display());
    }
    Ok(damaged.report(store))
}

/// Cases an export had to leave out because their record is damaged: the rest is still written.
#[derive(Default)]
struct Damaged(Vec<CaseKey>);

impl Damaged {
    /// The case, or None (remembered) when its record cannot be read.
    fn load(
        &mut self,
        store: &dyn CaseStore,
        key: CaseKey,
        access: &AccessContext,
    ) -> Result<Option<Case>, StoreError> {
        match store.load(key, access) {
            Ok(l) => Ok(Some(l.case)),
            Err(StoreError::Corrupt(_)) => {
                self.0.push(key);
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// Names the damaged cases on stderr; the exit code of the export.
    fn report(&self, store: &dyn CaseStore) -> i32 {
        if self.0.is_empty() {
            return EXIT_OK;
        }
        let names = damaged_names(store, &self.0);
        eprintln!(
            "loket: {} beschadigd en niet geëxporteerd: {}; de andere zaken zijn wel geschreven              (zie loket controleer)",
            if names.len() == 1 {
                "zaak is"
            } else {
                "zaken zijn"
            },
            names.join(", ")
        );
        EXIT_FAIL
    }
}

/// The case numbers of the given keys as the list knows them ("interne sleutel N" otherwise).
pub fn damaged_names(store: &dyn CaseStore, keys: &[CaseKey]) -> Vec<String> {
    let rows = store.list_summaries().map(|l| l.rows).unwrap_or_default();
    keys.iter()
        .map(|k| {
            rows.iter()
                .find(|(rk, _)| rk == k)
                .map(|(_, s)| plausible::printable(&s.case_id, false))
                .unwrap_or_else(|| format!("interne sleutel {}", k.0))
        })
        .collect()
}

/// The case as pretty `loket-case/1` JSON with a final newline; keys in a stable order.
pub fn case_json_text(case: &Case, env: &Env) -> anyhow::Result<String> {
    let mut text = serde_json::to_string_pretty(&to_case_json(case, &env.checklists))?;
    text.push('\n');
    Ok(text)
}

/// The keys of the named cases (all, in creation order, when none is named), or the names that
/// are not in the store.
fn resolve(
    store: &dyn CaseStore,
    cases: &[String],
) -> anyhow::Result<Result<Vec<CaseKey>, Vec<String>>> {
    if cases.is_empty() {
        let keys = store
            .keys()
            .context("de zaken konden niet worden gelezen")?;
        // A removed case (made by mistake) stays in the store, not in an export of all cases.
        let removed: std::collections::BTreeSet<CaseKey> = store
            .list_summaries()
            .context("de zaken konden niet worden gelezen")?
            .rows
            .into_iter()
            .filter(|(_, s)| s.status == crate::domain::case::Status::Verwijderd)
            .map(|(k, _)| k)
            .collect();
        return Ok(Ok(keys
            .into_iter()
            .filter(|k| !removed.contains(k))
            .collect()));
    }
    let mut keys = Vec::new();
    let mut unknown = Vec::new();
    for id in cases {
        match store.key_of(id.trim())? {
            Some(k) if !keys.contains(&k) => keys.push(k),
            Some(_) => {}
            None => unknown.push(id.clone()),
        }
    }
    Ok(if unknown.is_empty() {
        Ok(keys)
    } else {
        Err(unknown)
    })
}

/// Writes via a temporary file and a rename, so a half-written file never carries the real name.
fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    crate::format::atomic::write_atomic(path, bytes).map_err(|e| {
        anyhow::anyhow!(
            "kan {} niet schrijven: {}",
            path.display(),
            crate::store::io_text(&e)
        )
    })
}

/// The CSV columns; the text columns only with `--with-text`.
pub fn csv_header(with_text: bool) -> Vec<&'static str> {
    let mut h = vec![
        "case_id",
        "status",
        "aangemaakt",
        "meldingsdatum",
        "meldingsroute",
        "huishouden",
        "minderjarigen",
        "woonsituatie",
        "inkomen_netto",
        "schuld_totaal",
        "schuldeisers",
        "crisis",
        "compleet",
        "voorstel",
        "besluit",
        "afwijking",
        "schuldroute",
        "bewindadvies",
        "bewindvorm",
        "volgende_termijn",
        "volgende_termijn_datum",
        "termijnen_verlopen",
        "documenten_opgevraagd",
    ];
    if with_text {
        h.extend([
            "naam",
            "hulpvraag",
            "toelichting",
            "besluit_reden",
            "notities",
        ]);
    }
    h
}

/// One CSV row, in the order of [`csv_header`].
pub fn csv_row(
    case: &Case,
    o: &Outcome,
    summary: &Summary,
    env: &Env,
    with_text: bool,
) -> Vec<String> {
    let a = case.effective_answers(env.checklists.schuldhulp.version);
    let choice = |item: &str| {
        a.value(item)
            .and_then(Value::as_choice)
            .unwrap_or_default()
            .to_string()
    };
    let date = |item: &str| {
        a.value(item)
            .and_then(Value::as_date)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    let eur = |item: &str| {
        a.value(item)
            .and_then(Value::as_eur)
            .map(money::to_contract)
            .unwrap_or_default()
    };
    let int = |item: &str| {
        a.value(item)
            .and_then(Value::as_int)
            .map(|n| n.to_string())
            .unwrap_or_default()
    };
    let yes = |b: bool| if b { "ja" } else { "nee" }.to_string();
    let (total, creditors) = match debt_totals(&case.debts) {
        Some(t) => (money::to_contract(t.total), t.creditors.to_string()),
        None => (eur("schulden.totaal"), int("schulden.schuldeisers")),
    };
    let next = summary.next_open_deadline();
    let overdue = summary
        .deadlines
        .iter()
        .filter(|d| d.met_on.is_none() && d.due < env.today)
        .count();
    let requested = env
        .checklists
        .schuldhulp
        .items()
        .filter(|i| i.id.starts_with("doc."))
        .filter(|i| a.get(SCHULDHULP, &i.id).and_then(Value::as_choice) == Some("opgevraagd"))
        .count();
    let mut row = vec![
        case.case_id.clone(),
        case.status.id().to_string(),
        case.created_at.format("%Y-%m-%d").to_string(),
        date("melding.datum"),
        choice("melding.route"),
        choice("huishouden.type"),
        int("huishouden.minderjarigen"),
        choice("huishouden.woonsituatie"),
        eur("inkomen.netto"),
        total,
        creditors,
        yes(summary.crisis),
        yes(o.complete),
        o.support
            .provision
            .map(|p| p.id())
            .unwrap_or_default()
            .to_string(),
        case.decision
            .as_ref()
            .map(|d| d.decided.id())
            .unwrap_or_default()
            .to_string(),
        case.decision
            .as_ref()
            .and_then(|d| override_direction(d.proposed, d.decided))
            .map(|d| d.id())
            .unwrap_or_default()
            .to_string(),
        o.debt_route
            .route
            .map(|r| r.id())
            .unwrap_or_default()
            .to_string(),
        o.bewind.advice.id().to_string(),
        o.bewind
            .kind
            .map(|k| k.id())
            .unwrap_or_default()
            .to_string(),
        next.map(|d| d.kind.id().to_string()).unwrap_or_default(),
        next.map(|d| d.due.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        overdue.to_string(),
        requested.to_string(),
    ];
    if with_text {
        let text = |item: &str| {
            a.value(item)
                .and_then(Value::as_text)
                .unwrap_or_default()
                .to_string()
        };
        let toelichting: Vec<String> = env
            .checklists
            .all()
            .iter()
            .flat_map(|c| c.items())
            .filter(|i| i.id != "hulpvraag")
            .filter_map(|i| {
                a.value(&i.id)
                    .and_then(Value::as_text)
                    .map(|t| format!("{}: {t}", i.id))
            })
            .collect();
        let notes: Vec<String> = case
            .notes
            .iter()
            .map(|n| format!("{} {}: {}", n.at.format("%Y-%m-%d"), n.by, n.text))
            .collect();
        row.extend([
            case.client.name.clone(),
            text("hulpvraag"),
            toelichting.join(" | "),
            case.decision
                .as_ref()
                .and_then(|d| d.reason.clone())
                .unwrap_or_default(),
            notes.join(" | "),
        ]);
    }
    row
}

/// Writes the header and the rows as CSV.
pub fn write_csv<W: Write>(w: W, header: &[&str], rows: &[Vec<String>]) -> anyhow::Result<()> {
    let mut writer = csv::Writer::from_writer(w);
    writer.write_record(header)?;
    for row in rows {
        let cells: Vec<std::borrow::Cow<'_, str>> = row.iter().map(|c| csv_safe(c)).collect();
        writer.write_record(cells.iter().map(|c| c.as_bytes()))?;
    }
    writer.flush()?;
    Ok(())
}

/// A cell a spreadsheet will not run as a formula: text starting with `=`, `+`, `-`, `@`, a tab
/// or a carriage return gets a leading `'` (numbers such as "-12.30" stay numbers).
pub fn csv_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<rust_decimal::Decimal>().is_err() {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Progress on stderr: a `\r` counter on a terminal, else a line per step.
struct Progress {
    total: usize,
    done: usize,
    what: &'static str,
    enabled: bool,
    tty: bool,
    step: usize,
    /// A `\r` line is on the screen and must be ended before other output.
    open: bool,
}

impl Progress {
    fn new(total: usize, quiet: bool, what: &'static str) -> Progress {
        let tty = std::io::stderr().is_terminal();
        Progress {
            total,
            done: 0,
            what,
            enabled: !quiet && total >= PROGRESS_MIN,
            tty,
            step: if tty { 1 } else { (total / 10).clamp(1, 1000) },
            open: false,
        }
    }

    fn tick(&mut self) {
        self.done += 1;
        if !self.enabled || (!self.done.is_multiple_of(self.step) && self.done != self.total) {
            return;
        }
        if self.tty {
            eprint!("\r{} van {} {}", self.done, self.total, self.what);
            self.open = true;
        } else {
            eprintln!("voortgang: {} van {} {}", self.done, self.total, self.what);
        }
    }

    /// Ends a `\r` line before a message is printed.
    fn interrupt(&mut self) {
        if self.open {
            eprintln!();
            self.open = false;
        }
    }

    fn finish(&mut self) {
        self.interrupt();
    }
}

/// Records in the case's history that an intakeverslag with the full BSN left the store
/// (`export --format md --bsn-volledig`); the export itself is in the access log.
fn record_full_bsn(
    store: &dyn CaseStore,
    key: crate::store::CaseKey,
    env: &Env,
) -> anyhow::Result<()> {
    let now = Utc::now();
    // The access log's own word for it: "export met volledig BSN".
    let access = AccessContext {
        by: env.user.clone(),
        at: now,
        purpose: AccessPurpose::BsnExport,
    };
    let loaded = store
        .load(key, &access)
        .context("de zaak kon niet worden gelezen")?;
    let o = outcome(&loaded.case, env);
    let summary = summarize(&loaded.case, &o, env);
    let changes = [Change::Note {
        text: "intakeverslag met volledig BSN geëxporteerd (overdracht)".into(),
    }];
    store
        .save(
            key,
            loaded.version,
            crate::store::SaveRequest {
                case: &loaded.case,
                summary: &summary,
                changes: &changes,
                by: &env.user,
                at: now,
            },
        )
        .context("het vastleggen van de export met volledig BSN in de geschiedenis mislukte")?;
    Ok(())
}
