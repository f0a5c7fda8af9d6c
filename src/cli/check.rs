//! `loket controleer`: verifies the whole store through [`CaseStore`] and says in Dutch, with
//! case numbers, what is wrong. Exit 0 clean, 1 damage found (or the store would not open).
//!
//! Checked: every case record decodes; its case number leads back to it; its history is
//! readable, starts with the case's creation or import, and replays to the current status and
//! answers (the last recorded change of each is the value the case holds); its summary is there
//! and equals a fresh computation; the number of cases, of summaries and the store's count
//! agree; the verklaringen van vernietiging are readable and no case they name is in the store
//! (again).

use super::args::Global;
use super::{EXIT_FAIL, EXIT_OK};
use crate::app::Env;
use crate::app::summary::{outcome, summarize};
use crate::domain::case::Case;
use crate::domain::history::{Change, Event};
use crate::domain::plausible::printable;
use crate::store::{AccessContext, AccessPurpose, CaseKey, CaseStore, StoreError};
use chrono::Utc;
use std::collections::BTreeMap;

/// Every problem found, one Dutch sentence each.
pub fn check_store(store: &dyn CaseStore, env: &Env) -> Result<(usize, Vec<String>), StoreError> {
    let mut problems = Vec::new();
    let access = AccessContext {
        by: env.user.clone(),
        at: Utc::now(),
        purpose: AccessPurpose::Report,
    };
    let keys = store.keys()?;
    let listing = store.list_summaries()?;
    let summaries: BTreeMap<CaseKey, _> = listing.rows.into_iter().collect();
    if listing.unreadable > 0 {
        problems.push(format!(
            "{} samenvatting(en) onleesbaar (de lijst laat die zaken weg)",
            listing.unreadable
        ));
    }
    let count = store.count()?;
    if count != keys.len() {
        problems.push(format!(
            "de opslag telt {count} zaken, maar er zijn er {} te vinden",
            keys.len()
        ));
    }
    if summaries.len() + listing.unreadable != keys.len() {
        problems.push(format!(
            "er zijn {} zaken maar {} samenvattingen",
            keys.len(),
            summaries.len() + listing.unreadable
        ));
    }
    for key in &keys {
        let name = summaries
            .get(key)
            .map(|s| printable(&s.case_id, false))
            .unwrap_or_else(|| format!("interne sleutel {}", key.0));
        let case = match store.load(*key, &access) {
            Ok(l) => l.case,
            Err(e) => {
                problems.push(format!("zaak {name}: het record is onleesbaar ({e})"));
                continue;
            }
        };
        let id = printable(&case.case_id, false);
        match store.key_of(&case.case_id) {
            Ok(Some(k)) if k == *key => {}
            _ => problems.push(format!(
                "zaak {id}: het zaaknummer leidt niet naar deze zaak"
            )),
        }
        match store.history(*key) {
            Ok(history) => problems.extend(
                replay(&case, &history)
                    .into_iter()
                    .map(|p| format!("zaak {id}: {p}")),
            ),
            Err(e) => problems.push(format!("zaak {id}: de geschiedenis is onleesbaar ({e})")),
        }
        let fresh = summarize(&case, &outcome(&case, env), env);
        match summaries.get(key) {
            None => problems.push(format!(
                "zaak {id}: de samenvatting ontbreekt of is onleesbaar"
            )),
            Some(s) if *s != fresh => problems.push(format!(
                "zaak {id}: de samenvatting wijkt af van een nieuwe berekening"
            )),
            Some(_) => {}
        }
    }
    match store.verklaringen() {
        Ok(verklaringen) => {
            for v in verklaringen {
                // By case number: also a case whose record is unreadable is found.
                let id = printable(&v.zaaknummer, false);
                match store.key_of(&v.zaaknummer) {
                    Ok(None) => {}
                    Ok(Some(_)) => problems.push(format!(
                        "zaak {id}: vernietigd op {} (verklaring van vernietiging), maar de zaak staat in de opslag",
                        v.vernietigd_op.format("%d-%m-%Y")
                    )),
                    Err(e) => problems.push(format!(
                        "zaak {id}: niet na te gaan of deze vernietigde zaak nog in de opslag staat ({e})"
                    )),
                }
            }
        }
        Err(e) => problems.push(format!(
            "de verklaringen van vernietiging zijn onleesbaar ({e})"
        )),
    }
    Ok((keys.len(), problems))
}

/// Replays the history: what it says the status and answers are must be what the case holds.
fn replay(case: &Case, history: &[Event]) -> Vec<String> {
    let mut problems = Vec::new();
    match history.first().map(|e| &e.change) {
        Some(Change::Created | Change::Imported { .. }) => {}
        Some(_) => problems.push("de geschiedenis begint niet bij het aanmaken of inlezen".into()),
        None => problems.push("de geschiedenis is leeg".into()),
    }
    if history.windows(2).any(|w| w[1].at < w[0].at) {
        problems.push("de geschiedenis staat niet op volgorde van tijd".into());
    }
    let mut status = None;
    let mut answers = BTreeMap::new();
    for e in history {
        match &e.change {
            Change::Status { new, .. } => status = Some(*new),
            Change::Answer {
                checklist,
                item,
                new,
                ..
            } => {
                answers.insert((checklist.clone(), item.clone()), new.clone());
            }
            _ => {}
        }
    }
    if let Some(s) = status
        && s != case.status
    {
        problems.push(format!(
            "de geschiedenis eindigt op status {}, de zaak staat op {}",
            s.id(),
            case.status.id()
        ));
    }
    for ((checklist, item), value) in &answers {
        if case.answers.get(checklist, item) != value.as_ref() {
            problems.push(format!(
                "antwoord {checklist}.{item} is anders dan de laatste wijziging in de geschiedenis"
            ));
        }
    }
    problems
}

/// `loket controleer`.
pub fn run(global: &Global) -> anyhow::Result<i32> {
    let (store, env) = match super::tui::open_workspace_for_reading(global) {
        Ok(w) => w,
        Err(code) => return Ok(code),
    };
    let _logged = super::tui::AccessLogAtEnd(store.as_ref());
    let (n, problems) = match check_store(store.as_ref(), &env) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("loket: de opslag kon niet helemaal worden gelezen: {e}");
            return Ok(EXIT_FAIL);
        }
    };
    if problems.is_empty() {
        println!("opslag in orde: {n} zaken gecontroleerd, geen problemen gevonden");
        return Ok(EXIT_OK);
    }
    println!(
        "{n} zaken gecontroleerd, {} problemen gevonden:",
        problems.len()
    );
    for p in &problems {
        println!("  {p}");
    }
    Ok(EXIT_FAIL)
}
