//! `loket beleid controleer FILE`: checks a municipality's policy file (SEGMENTATION.md §6).
//! Exit 0 when it loads (warnings on stderr), 2 when it has errors (each naming its key).

use super::args::Global;
use super::{EXIT_BAD_INPUT, EXIT_OK};
use crate::domain::policy::{Policy, dutch_long_date};
use chrono::NaiveDate;
use std::path::Path;

/// The warnings for a policy that loads, on `today` (Dutch, one line each).
pub fn warnings(policy: &Policy, today: NaiveDate) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(w) = policy.stale_warning(today) {
        out.push(w);
    }
    let in_force = policy.periode(today);
    if in_force.voor_eerste {
        out.push(format!(
            "{} ligt vóór de eerste periode; de bedragen van de vroegste periode worden gebruikt.",
            dutch_long_date(today)
        ));
    }
    if policy.perioden.iter().all(|p| p.geldig_vanaf.is_none()) {
        out.push(
            "een bestand van versie 1 zonder periodes: de bedragen gelden op elke datum. Zet ze in \
             [[periode]]-tabellen met geldig_vanaf, zodat nieuwe normen op tijd ingaan."
                .to_string(),
        );
    }
    out
}

/// Runs the subcommand and returns the exit code.
pub fn run(global: &Global, file: &Path) -> anyhow::Result<i32> {
    let name = file.display().to_string();
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!(
                "loket: beleidsbestand {name} kan niet worden gelezen: {}",
                super::io_reason(&e)
            );
            return Ok(EXIT_BAD_INPUT);
        }
    };
    let policy = match Policy::from_toml(&text, &name) {
        Ok(p) => p,
        Err(problems) => {
            eprintln!("loket: het beleidsbestand is niet in orde:");
            for p in problems {
                eprintln!("  {p}");
            }
            return Ok(EXIT_BAD_INPUT);
        }
    };
    // Reading the clock is an edge concern: the domain only ever receives `today`.
    let today = global
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let periods: Vec<String> = policy.perioden.iter().map(|p| p.vanaf()).collect();
    let in_force = policy.periode(today);
    super::print_stdout(&format!(
        "{name}: in orde ({} {}: {}); op {} gelden de {}{}",
        periods.len(),
        if periods.len() == 1 {
            "periode"
        } else {
            "periodes"
        },
        periods.join(", "),
        dutch_long_date(today),
        in_force.naam(),
        if in_force.periode.indicatief {
            " (indicatief)"
        } else {
            ""
        }
    ))?;
    let b = &policy.bewaren;
    super::print_stdout(&format!(
        "bewaartermijnen: afwijzing {} jaar ({}), uitstroom {} jaar ({}), ingetrokken of \
         afgebroken {} jaar ({})",
        b.afwijzing.jaren,
        b.afwijzing.categorie,
        b.uitstroom.jaren,
        b.uitstroom.categorie,
        b.afgebroken.jaren,
        b.afgebroken.categorie
    ))?;
    for w in warnings(&policy, today) {
        eprintln!("let op: {w}");
    }
    Ok(EXIT_OK)
}
