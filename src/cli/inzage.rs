//! `loket inzage ZAAK [--uit BESTAND] [--formaat pdf|tekst]`: the inzage of art. 15 AVG —
//! everything loket holds on the person of a case, in plain Dutch, as PDF or text.
//!
//! Where it goes: `--uit` names the file and its extension chooses the format (`.pdf`, `.txt`);
//! without `--uit` a PDF goes to `inzage-ZAAK.pdf` in the current folder and text (`--formaat
//! tekst`) to stdout. Files are written atomically, readable by the owner only.
//!
//! The access log records the inzage (the read of the case), and after the file or the text was
//! written the full BSN in it: "export met volledig BSN" for a file, "BSN volledig getoond" for
//! the screen. In a team database only the teamleider makes an inzage (it holds the access log).
//!
//! Exit codes: 0 written; 2 bad input (unknown case, an extension other than .pdf/.txt, a format
//! that contradicts the extension, a folder that does not exist); 1 not allowed, or the file or
//! the store could not be written or read.

use super::args::{Global, InzageFormaat};
use super::{EXIT_BAD_INPUT, EXIT_FAIL, EXIT_OK};
use crate::app::summary::outcome;
use crate::domain::role::Action;
use crate::letters::Format;
use crate::letters::inzage::{self, InzageInput};
use crate::store::{AccessContext, AccessPurpose};
use chrono::Utc;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where the inzage goes.
enum Target {
    File(PathBuf, Format),
    Stdout,
}

fn target(zaak: &str, uit: Option<&Path>, formaat: Option<InzageFormaat>) -> Result<Target, i32> {
    let Some(path) = uit else {
        return Ok(match formaat {
            Some(InzageFormaat::Tekst) => Target::Stdout,
            _ => Target::File(PathBuf::from(inzage::default_file_name(zaak)), Format::Pdf),
        });
    };
    let Some(format) = Format::from_path(path) else {
        eprintln!(
            "loket: {}: de extensie kiest het formaat; gebruik .pdf of .txt",
            path.display()
        );
        return Err(EXIT_BAD_INPUT);
    };
    let wanted = match formaat {
        Some(InzageFormaat::Pdf) => Some(Format::Pdf),
        Some(InzageFormaat::Tekst) => Some(Format::Text),
        None => None,
    };
    if wanted.is_some_and(|f| f != format) {
        eprintln!(
            "loket: --formaat en de extensie van {} spreken elkaar tegen; er is niets geschreven",
            path.display()
        );
        return Err(EXIT_BAD_INPUT);
    }
    if !super::folder_exists_for(path) {
        return Err(EXIT_BAD_INPUT);
    }
    Ok(Target::File(path.to_path_buf(), format))
}

pub fn run(
    global: &Global,
    zaak: &str,
    uit: Option<&Path>,
    formaat: Option<InzageFormaat>,
) -> anyhow::Result<i32> {
    let zaak = zaak.trim();
    let target = match target(zaak, uit, formaat) {
        Ok(t) => t,
        Err(code) => return Ok(code),
    };
    let (store, env) = match super::tui::open_workspace(global) {
        Ok(w) => w,
        Err(code) => return Ok(code),
    };
    // The inzage holds the access log: in a team database the teamleider's, checked before
    // the case is read.
    if let Some(role) = store.role()
        && store.allowed(Action::ReadAccessLog).is_err()
    {
        eprintln!(
            "loket: {} ({role}) mag dit niet: een inzage maken (die bevat het toegangslogboek); \
             vraag de teamleider. Er is niets geschreven.",
            env.user
        );
        return Ok(EXIT_FAIL);
    }
    let Some(key) = store.key_of(zaak)? else {
        eprintln!("loket: onbekend zaaknummer: {zaak}; er is niets geschreven");
        return Ok(EXIT_BAD_INPUT);
    };
    let now = Utc::now();
    let access = |purpose| AccessContext {
        by: env.user.clone(),
        at: now,
        purpose,
    };
    // The read itself is the access log's "inzage".
    let case = store.load(key, &access(AccessPurpose::Inzage))?.case;
    let history = store.history(key)?;
    let team = store.role().is_some();
    let mut roles = std::collections::BTreeMap::new();
    let mut log = Vec::new();
    for e in store.access_log(key)? {
        // The role at the moment of access; for entries from before loket kept it, the role
        // the team database knows now.
        let role = match (e.role, roles.get(&e.by)) {
            (Some(r), _) => Some(r),
            (None, Some(r)) => *r,
            (None, None) => {
                let r = store.role_of(&e.by)?;
                roles.insert(e.by.clone(), r);
                r
            }
        };
        log.push((e, role));
    }
    let o = outcome(&case, &env);
    let md = inzage::markdown(&InzageInput {
        case: &case,
        outcome: &o,
        history: &history,
        access: &log,
        team,
        env: &env,
        made_at: now,
    });
    let has_bsn = case.client.bsn.is_some();
    match target {
        Target::Stdout => {
            let text = inzage::render(&md, &case, &env, Format::Text);
            let mut out = std::io::stdout().lock();
            out.write_all(&text)?;
            out.flush()?;
            if has_bsn {
                store.record_access(key, &access(AccessPurpose::BsnShown))?;
            }
        }
        Target::File(path, format) => {
            let bytes = inzage::render(&md, &case, &env, format);
            if let Err(e) = crate::format::atomic::write_atomic(&path, &bytes) {
                super::say_not_written(&path, &e);
                return Ok(EXIT_FAIL);
            }
            let shown = std::path::absolute(&path).unwrap_or_else(|_| path.clone());
            // Only once the file is there: the full BSN left loket.
            if has_bsn && let Err(e) = store.record_access(key, &access(AccessPurpose::BsnExport)) {
                eprintln!(
                    "loket: {} is geschreven, maar niet in het toegangslogboek vastgelegd: {e}",
                    shown.display()
                );
                return Ok(EXIT_FAIL);
            }
            println!(
                "Inzage van zaak {} geschreven naar {}",
                case.case_id,
                shown.display()
            );
        }
    }
    Ok(EXIT_OK)
}
