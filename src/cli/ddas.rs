//! `loket ddas --van DATUM --tot DATUM [--uit FILE]`: the DDAS v1.0 delivery to CBS (DDAS.md),
//! one JSON file with every schuldhulp traject that overlaps the period.
//!
//! Writes nothing when the policy has no `[gemeente]` block. Reports per traject, in Dutch, what
//! CBS will miss — never a BSN. The file is written with owner-only permissions (it holds BSNs).
//! Exit 0 written, 1 could not write or read, 2 bad input (period, policy).

use super::args::Global;
use super::{EXIT_BAD_INPUT, EXIT_FAIL, EXIT_OK};
use crate::domain::ddas;
use crate::store::{AccessContext, AccessPurpose, CaseStore};
use anyhow::Context;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// `codeGegevensleverancier`: the software's name and version (DDAS FAQ).
pub fn leverancier() -> String {
    format!("loket {}", env!("CARGO_PKG_VERSION"))
}

fn nl(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

pub fn run(
    global: &Global,
    van: NaiveDate,
    tot: NaiveDate,
    uit: Option<&Path>,
) -> anyhow::Result<i32> {
    if tot < van {
        eprintln!(
            "loket: de periode eindigt ({}) vóór het begin ({})",
            nl(tot),
            nl(van)
        );
        return Ok(EXIT_BAD_INPUT);
    }
    let (store, env) = match super::tui::open_workspace(global) {
        Ok(w) => w,
        Err(code) => return Ok(code),
    };
    let Some(gemeente) = env.policy.gemeente.clone() else {
        eprintln!(
            "loket: het beleid heeft geen [gemeente]-blok (naam, gemeentecode, postcode, contactpersoon); \
             zonder gemeente kan CBS de levering niet plaatsen. Er is niets geschreven. \
             Voeg [gemeente] toe aan het beleidsbestand en geef het mee met --policy."
        );
        return Ok(EXIT_BAD_INPUT);
    };
    let collector = collect(store.as_ref(), &gemeente, van, tot, &env.user)?;
    let delivery = collector.finish(&gemeente, chrono::Utc::now(), &leverancier());
    let path: PathBuf = uit.map_or_else(
        || PathBuf::from(format!("ddas-{van}-{tot}.json")),
        Path::to_path_buf,
    );
    let text = serde_json::to_string_pretty(&delivery.json)?;
    if let Err(e) = write_private(&path, &text) {
        eprintln!(
            "loket: {} kon niet worden geschreven: {}",
            path.display(),
            super::io_reason(&e)
        );
        return Ok(EXIT_FAIL);
    }
    // Each case in the file: "geleverd aan CBS (DDAS)" in its access log (the reads above are
    // logged for every case looked at, delivered or not), so an inzage can say where data went.
    let delivered = AccessContext {
        by: env.user.clone(),
        at: chrono::Utc::now(),
        purpose: AccessPurpose::Ddas,
    };
    for e in &delivery.entries {
        if let Some(key) = store.key_of(&e.case_id)? {
            store
                .record_access(key, &delivered)
                .context("de levering kon niet in het toegangslogboek worden vastgelegd")?;
        }
    }
    let mut out = vec![format!(
        "DDAS-levering {} t/m {}: {} traject(en) geschreven naar {}",
        nl(van),
        nl(tot),
        delivery.entries.len(),
        path.display()
    )];
    for g in &delivery.general {
        out.push(format!("  let op: {g}"));
    }
    let with_notes: Vec<_> = delivery
        .entries
        .iter()
        .filter(|e| !e.notes.is_empty())
        .collect();
    if !with_notes.is_empty() {
        out.push(format!("Wat CBS mist ({} traject(en)):", with_notes.len()));
        for e in with_notes {
            for n in &e.notes {
                out.push(format!("  zaak {}: {n}", e.case_id));
            }
        }
    }
    let unplaced = &delivery.unplaced;
    if !unplaced.is_empty() {
        out.push(format!(
            "Niet geleverd, want zonder meldingsdatum (de periode is niet te bepalen): {}",
            unplaced.join(", ")
        ));
    }
    super::print_stdout(&out.join("\n"))?;
    Ok(EXIT_OK)
}

/// Reads every case of `store` one at a time and keeps only the trajecten of the period. Each
/// read is logged as an export (the delivery holds the client's BSN).
pub fn collect(
    store: &dyn CaseStore,
    gemeente: &crate::domain::policy::Gemeente,
    van: NaiveDate,
    tot: NaiveDate,
    user: &str,
) -> anyhow::Result<ddas::Collector> {
    let access = AccessContext {
        by: user.to_string(),
        at: chrono::Utc::now(),
        purpose: AccessPurpose::Export,
    };
    // A delivery of every traject (with BSNs) is a report: the teamleider's in a team database.
    store.allowed(crate::domain::role::Action::Report)?;
    let mut collector = ddas::Collector::new(gemeente, van, tot);
    for key in store
        .keys()
        .context("de zaken konden niet worden gelezen")?
    {
        let case = store
            .load(key, &access)
            .context("een zaak kon niet worden gelezen")?
            .case;
        collector.add(&case);
    }
    Ok(collector)
}

/// Writes the file readable by its owner only (it holds BSNs in clear, as DDAS asks): the one
/// safe-write path, so an existing file of another mode is replaced by a 0600 one.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    let mut bytes = Vec::with_capacity(text.len() + 1);
    bytes.extend_from_slice(text.as_bytes());
    bytes.push(b'\n');
    crate::format::atomic::write_atomic(path, &bytes)
}
