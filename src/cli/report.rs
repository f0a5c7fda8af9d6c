//! `loket report [--from DATUM] [--to DATUM] [--json]`: the figures for the municipality.
//!
//! The figures come from the store's summaries (one small record per case), so the report does
//! not decode whole cases. Only with `--from`/`--to` is each case read once more, for its
//! meldingsdatum, which the summaries do not keep.

use super::args::Global;
use super::{EXIT_BAD_INPUT, EXIT_OK};
use crate::app::report::report_case;
use crate::domain::answers::Value;
use crate::domain::report::{self, Period, ReportCase};
use crate::store::{AccessContext, AccessPurpose, CaseStore};
use anyhow::Context;
use chrono::NaiveDate;

/// Every case of the store as report input. With `with_melding` each case is read for its
/// meldingsdatum (needed for a period); else only the summaries are read.
pub fn report_cases(
    store: &dyn CaseStore,
    user: &str,
    with_melding: bool,
) -> anyhow::Result<Vec<ReportCase>> {
    // Reports are the teamleider's in a team database; the store says no for other roles.
    store.allowed(crate::domain::role::Action::Report)?;
    let listing = store
        .list_summaries()
        .context("de zaken konden niet worden gelezen")?;
    let access = AccessContext {
        by: user.to_string(),
        at: chrono::Utc::now(),
        purpose: AccessPurpose::Report,
    };
    let unreadable = listing.unreadable;
    if unreadable > 0 {
        eprintln!(
            "loket: let op: {unreadable} zaak/zaken konden niet worden gelezen en tellen niet mee"
        );
    }
    listing
        .rows
        .iter()
        // A removed case (made by mistake) is not counted.
        .filter(|(_, s)| s.status != crate::domain::case::Status::Verwijderd)
        .map(|(key, s)| {
            let melding = if with_melding {
                store
                    .load(*key, &access)
                    .context("een zaak kon niet worden gelezen")?
                    .case
                    .answers
                    .value("melding.datum")
                    .and_then(Value::as_date)
            } else {
                None
            };
            // Caseload: the user of the case's first history event (who made or imported it).
            let user = store
                .history(*key)
                .context("de geschiedenis van een zaak kon niet worden gelezen")?
                .first()
                .map(|e| e.by.clone());
            Ok(crate::domain::report::ReportCase {
                user,
                ..report_case(s, melding)
            })
        })
        .collect()
}

/// Runs the subcommand; exit 0 done, 2 for a period that ends before it starts.
pub fn run(
    global: &Global,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    json: bool,
) -> anyhow::Result<i32> {
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        eprintln!(
            "loket: de periode eindigt ({}) vóór het begin ({})",
            t.format("%d-%m-%Y"),
            f.format("%d-%m-%Y")
        );
        return Ok(EXIT_BAD_INPUT);
    }
    let (store, env) = match super::tui::open_workspace_for_reading(global) {
        Ok(w) => w,
        Err(code) => return Ok(code),
    };
    let _logged = super::tui::AccessLogAtEnd(store.as_ref());
    let period = Period { from, to };
    let cases = report_cases(store.as_ref(), &env.user, from.is_some() || to.is_some())?;
    let r = report::compute(&cases, period, env.today);
    if json {
        println!("{}", serde_json::to_string_pretty(&report::to_json(&r))?);
    } else {
        print!("{}", report::to_text(&r, &env.policy));
    }
    Ok(EXIT_OK)
}
