//! `loket brief SOORT ZAAK [--uit BESTAND] [--afwijzing REDEN]`: one document of one case, as
//! PDF or plain text, recorded in the case history.
//!
//! Exit codes: 0 written; 2 bad input (unknown case, a template with an unknown field, a case
//! that lacks what the document needs, an extension other than .pdf/.txt); 1 the file or the
//! store could not be written. When the document cannot be made nothing is written.

use super::args::{BriefSoort, Global};
use super::{EXIT_BAD_INPUT, EXIT_FAIL, EXIT_OK};
use crate::app::summary::{outcome, summarize};
use crate::letters::{self, Format, Input, Sjablonen, Soort};
use crate::store::{AccessContext, AccessPurpose, SaveRequest};
use chrono::Utc;
use std::path::{Path, PathBuf};

pub fn soort(s: BriefSoort) -> Soort {
    match s {
        BriefSoort::Beschikking => Soort::Beschikking,
        BriefSoort::Advies => Soort::Advies,
        BriefSoort::Documenten => Soort::Documenten,
        BriefSoort::Intakeverslag => Soort::Intakeverslag,
    }
}

/// The templates: `--sjablonen MAP` over the embedded ones. Problems are printed, exit 2.
pub fn load_sjablonen(global: &Global) -> Result<Sjablonen, i32> {
    Sjablonen::load(global.sjablonen.as_deref()).map_err(|problems| {
        eprintln!("loket: de sjablonen zijn niet in orde:");
        for p in problems {
            eprintln!("  {p}");
        }
        EXIT_BAD_INPUT
    })
}

pub fn run(
    global: &Global,
    which: BriefSoort,
    zaak: &str,
    uit: Option<&Path>,
    afwijzing: Option<&str>,
) -> anyhow::Result<i32> {
    let soort = soort(which);
    if afwijzing.is_some() && soort != Soort::Beschikking {
        eprintln!("loket: --afwijzing hoort alleen bij een beschikking");
        return Ok(EXIT_BAD_INPUT);
    }
    if afwijzing.is_some_and(|r| r.trim().is_empty()) {
        eprintln!("loket: een afwijzing heeft een reden nodig; er is niets geschreven");
        return Ok(EXIT_BAD_INPUT);
    }
    let sjablonen = match load_sjablonen(global) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let path: PathBuf = match uit {
        Some(p) => p.to_path_buf(),
        None => PathBuf::from(letters::default_file_name(soort, zaak.trim())),
    };
    let Some(format) = Format::from_path(&path) else {
        eprintln!(
            "loket: {}: de extensie kiest het formaat; gebruik .pdf of .txt",
            path.display()
        );
        return Ok(EXIT_BAD_INPUT);
    };
    if !super::folder_exists_for(&path) {
        return Ok(EXIT_BAD_INPUT);
    }
    let (store, env) = match super::tui::open_workspace(global) {
        Ok(w) => w,
        Err(code) => return Ok(code),
    };
    // A team database: the role decides before anything is written (the counter makes the
    // documentenlijst; the other documents are the counsellor's).
    if let Some(role) = store.role()
        && !role.may_make_document(soort.id())
    {
        eprintln!(
            "loket: {} ({role}) mag dit niet: het document {} maken; er is niets geschreven",
            env.user,
            soort.id()
        );
        return Ok(EXIT_FAIL);
    }
    let Some(key) = store.key_of(zaak.trim())? else {
        eprintln!("loket: onbekend zaaknummer: {zaak}; er is niets geschreven");
        return Ok(EXIT_BAD_INPUT);
    };
    let now = Utc::now();
    let loaded = store.load(
        key,
        &AccessContext {
            by: env.user.clone(),
            at: now,
            purpose: AccessPurpose::Export,
        },
    )?;
    let case = loaded.case;
    if case.beperkt.is_some() {
        eprintln!(
            "loket: zaak {}: {}; er is niets geschreven",
            case.case_id,
            crate::domain::beperking::REFUSAL
        );
        return Ok(EXIT_FAIL);
    }
    let history = store.history(key)?;
    let o = outcome(&case, &env);
    let input = Input {
        case: &case,
        outcome: &o,
        history: &history,
        env: &env,
        afwijzing,
    };
    let md = match letters::markdown(soort, &sjablonen, &input) {
        Ok(md) => md,
        Err(e) => {
            eprintln!("loket: {e}. Er is niets geschreven.");
            return Ok(EXIT_BAD_INPUT);
        }
    };
    let bytes = letters::render(soort, &md, &case, &env, format);
    // An explicit --uit is written as asked; the default name never overwrites an earlier
    // document of the same kind (the next free name: -2, -3, …).
    let written = match uit {
        Some(_) => letters::write_atomic(&path, &bytes).map(|()| path.clone()),
        None => crate::format::atomic::write_next_free(&path, &bytes),
    };
    let path = match written {
        Ok(p) => p,
        Err(e) => {
            super::say_not_written(&path, &e);
            return Ok(EXIT_FAIL);
        }
    };
    let shown = std::path::absolute(&path).unwrap_or_else(|_| path.clone());
    let summary = summarize(&case, &o, &env);
    let change = letters::document_made(soort, &shown, afwijzing);
    // The access log has it already: the load above was recorded as an export.
    let request = SaveRequest {
        case: &case,
        summary: &summary,
        changes: &[change],
        by: &env.user,
        at: now,
    };
    if let Err(e) = store.save(key, loaded.version, request) {
        eprintln!(
            "loket: {} is geschreven, maar de geschiedenis van de zaak kon niet worden bijgewerkt: {e}",
            shown.display()
        );
        return Ok(EXIT_FAIL);
    }
    println!(
        "{} van zaak {} geschreven naar {}",
        soort.title(),
        case.case_id,
        shown.display()
    );
    Ok(EXIT_OK)
}
