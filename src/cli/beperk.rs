//! `loket beperk ZAAK --reden … [--opheffen]`: restricts the processing of a case (art. 18 AVG)
//! or lifts the restriction. Both are events in the case's history, with the reason.

use super::args::Global;
use super::{EXIT_BAD_INPUT, EXIT_FAIL, EXIT_OK, print_stdout};
use crate::app::summary::{outcome, summarize};
use crate::domain::case::Beperking;
use crate::domain::history::Change;
use crate::store::{AccessContext, AccessPurpose, SaveRequest};
use chrono::Utc;

/// Runs the subcommand and returns the exit code.
pub fn run(global: &Global, zaak: &str, reden: &str, opheffen: bool) -> anyhow::Result<i32> {
    let reden = reden.trim();
    if reden.is_empty() {
        eprintln!("loket: geef een reden (--reden \"…\"); die komt in de geschiedenis");
        return Ok(EXIT_BAD_INPUT);
    }
    let (store, env) = match super::tui::open_workspace(global) {
        Ok(w) => w,
        Err(code) => return Ok(code),
    };
    let key = match store.key_of(zaak) {
        Ok(Some(k)) => k,
        Ok(None) => {
            eprintln!("loket: zaak {zaak} bestaat niet");
            return Ok(EXIT_FAIL);
        }
        Err(e) => {
            eprintln!("loket: {e}");
            return Ok(EXIT_FAIL);
        }
    };
    let now = Utc::now();
    let access = AccessContext {
        by: env.user.clone(),
        at: now,
        purpose: AccessPurpose::View,
    };
    let loaded = match store.load(key, &access) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("loket: {e}");
            return Ok(EXIT_FAIL);
        }
    };
    let mut case = loaded.case;
    let change = match (opheffen, case.beperkt.is_some()) {
        (false, true) => {
            print_stdout(&format!(
                "Zaak {zaak} is al beperkt; er is niets veranderd."
            ))?;
            return Ok(EXIT_OK);
        }
        (true, false) => {
            print_stdout(&format!(
                "Zaak {zaak} is niet beperkt; er is niets veranderd."
            ))?;
            return Ok(EXIT_OK);
        }
        (false, false) => {
            case.beperkt = Some(Beperking {
                reden: reden.to_string(),
                sinds: now,
                door: env.user.clone(),
            });
            Change::Beperkt {
                reden: reden.to_string(),
            }
        }
        (true, true) => {
            case.beperkt = None;
            Change::BeperkingOpgeheven {
                reden: reden.to_string(),
            }
        }
    };
    case.updated_at = now;
    let summary = summarize(&case, &outcome(&case, &env), &env);
    let saved = store.save(
        key,
        loaded.version,
        SaveRequest {
            case: &case,
            summary: &summary,
            changes: &[change],
            by: &env.user,
            at: now,
        },
    );
    if let Err(e) = saved {
        eprintln!("loket: {e}");
        return Ok(EXIT_FAIL);
    }
    print_stdout(&if opheffen {
        format!("De beperking van zaak {zaak} is opgeheven; de zaak kan weer worden verwerkt.")
    } else {
        format!(
            "Zaak {zaak} is beperkt (art. 18 AVG): alleen inzien, geen wijzigingen, besluiten, \
             brieven of exports tot de beperking is opgeheven (loket beperk {zaak} --opheffen \
             --reden …)."
        )
    })?;
    Ok(EXIT_OK)
}
