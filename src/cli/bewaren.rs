//! `loket bewaren [--vernietig [--ja]] [--verklaringen [--uit BESTAND]]`: retention by the
//! Selectielijst gemeenten 2020 (TRAJECT.md, "What reads the traject").
//!
//! The list comes from the store's summaries (the traject's ends and dates): no case is read,
//! and nothing personal is printed. Destroying removes each due case with everything under it
//! from the store and keeps a verklaring van vernietiging; the documents loket made of the case
//! (recorded in its history) are removed where their file is known.

use super::args::Global;
use super::{EXIT_BAD_INPUT, EXIT_FAIL, EXIT_OK, print_stdout};
use crate::domain::history::Change;
use crate::domain::retention::{Bewaartermijn, Verklaring, bewaartermijn};
use crate::domain::role::Action;
use crate::store::{CaseKey, CaseStore};
use anyhow::Context;
use chrono::NaiveDate;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// What the subcommand was asked to do.
#[derive(Clone, Debug, Default)]
pub struct Opdracht {
    pub vernietig: bool,
    pub ja: bool,
    pub verklaringen: bool,
    pub uit: Option<PathBuf>,
}

/// One case whose retention period has passed.
struct Due {
    key: CaseKey,
    case_id: String,
    termijn: Bewaartermijn,
}

fn date(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

/// Runs the subcommand and returns the exit code.
pub fn run(global: &Global, opdracht: &Opdracht) -> anyhow::Result<i32> {
    if opdracht.uit.is_some() && !opdracht.verklaringen {
        eprintln!("loket: --uit hoort bij --verklaringen (de verklaringen als JSON-bestand)");
        return Ok(EXIT_BAD_INPUT);
    }
    if opdracht.vernietig && opdracht.verklaringen {
        eprintln!("loket: kies --vernietig of --verklaringen, niet beide");
        return Ok(EXIT_BAD_INPUT);
    }
    let (store, env) = match super::tui::open_workspace(global) {
        Ok(w) => w,
        Err(code) => return Ok(code),
    };
    if opdracht.verklaringen {
        return verklaringen(store.as_ref(), opdracht.uit.as_deref());
    }
    if opdracht.vernietig {
        // On a team database only the teamleider destroys; say so before listing anything.
        if let Err(e) = store.allowed(Action::Vernietigen) {
            eprintln!("loket: {e}");
            return Ok(EXIT_FAIL);
        }
    }
    let listing = store
        .list_summaries()
        .context("de zaken konden niet worden gelezen")?;
    let today = env.today;
    let mut due = Vec::new();
    let mut restricted = Vec::new();
    for (key, s) in &listing.rows {
        let Some(termijn) = bewaartermijn(&s.einden, &env.policy.bewaren) else {
            continue;
        };
        if !termijn.due(today) {
            continue;
        }
        if s.beperkt {
            restricted.push(s.case_id.clone());
            continue;
        }
        due.push(Due {
            key: *key,
            case_id: s.case_id.clone(),
            termijn,
        });
    }
    due.sort_by(|a, b| {
        (a.termijn.vernietigen_vanaf, &a.case_id).cmp(&(b.termijn.vernietigen_vanaf, &b.case_id))
    });
    let mut out = list_text(&due, today);
    if !restricted.is_empty() {
        out.push_str(&format!(
            "\nNiet vernietigd zolang de verwerking beperkt is (art. 18 AVG): {}",
            restricted.join(", ")
        ));
    }
    if listing.unreadable > 0 {
        out.push_str(&format!(
            "\nLet op: {} zaak/zaken konden niet worden gelezen en staan niet in deze lijst.",
            listing.unreadable
        ));
    }
    if !opdracht.vernietig {
        if !due.is_empty() {
            out.push_str("\nVernietigen (met bevestiging): loket bewaren --vernietig");
        }
        print_stdout(&out)?;
        return Ok(EXIT_OK);
    }
    if due.is_empty() {
        print_stdout(&out)?;
        return Ok(EXIT_OK);
    }
    // Say what will go: per case its documents that loket made (from the history).
    let mut documents: Vec<Vec<String>> = Vec::with_capacity(due.len());
    for d in &due {
        let history = store.history(d.key).with_context(|| {
            format!(
                "de geschiedenis van zaak {} kon niet worden gelezen",
                d.case_id
            )
        })?;
        documents.push(made_documents(&history));
    }
    out.push_str(&format!(
        "\n\nDefinitief vernietigd worden, per zaak: de zaak met alle gegevens, de geschiedenis, \
         de regel in de zakenlijst en het toegangslogboek{}.",
        if store.current_user().is_some() {
            ", en de toewijzing"
        } else {
            ""
        }
    ));
    let known: usize = documents.iter().map(Vec::len).sum();
    if known > 0 {
        out.push_str(
            "\nDocumenten die loket van deze zaken maakte (worden verwijderd als ze er nog zijn):",
        );
        for (d, docs) in due.iter().zip(&documents) {
            for f in docs {
                out.push_str(&format!("\n  {}  {f}", d.case_id));
            }
        }
    }
    out.push_str(
        "\nNiet bijgehouden en dus niet verwijderd: bestanden van loket export en backups \
         (de backups vervallen vanzelf; ruim exports zelf op).",
    );
    print_stdout(&out)?;
    if !opdracht.ja && !confirmed(due.len())? {
        eprintln!("loket: niet bevestigd; er is niets vernietigd");
        return Ok(EXIT_FAIL);
    }
    let now = chrono::Utc::now();
    let mut done = 0;
    let mut report = String::new();
    for (d, docs) in due.iter().zip(&documents) {
        let verklaring = Verklaring::new(&d.case_id, &d.termijn, &env.user, now, today);
        if let Err(e) = store.destroy(d.key, &verklaring) {
            eprintln!("loket: zaak {} is niet vernietigd: {e}", d.case_id);
            print_stdout(&report)?;
            return Ok(EXIT_FAIL);
        }
        done += 1;
        report.push_str(&format!("\nZaak {} vernietigd.", d.case_id));
        for f in docs {
            report.push_str(&format!("\n  {}", remove_document(f)));
        }
    }
    report.push_str(&format!(
        "\n{done} zaak/zaken vernietigd; de verklaringen van vernietiging staan in de opslag \
         (loket bewaren --verklaringen)."
    ));
    print_stdout(report.trim_start())?;
    Ok(EXIT_OK)
}

/// The due cases per date, in Dutch; no personal data.
fn list_text(due: &[Due], today: NaiveDate) -> String {
    if due.is_empty() {
        return format!(
            "Geen zaken waarvan de bewaartermijn op {} verstreken is.",
            date(today)
        );
    }
    let mut out = format!(
        "Bewaartermijn verstreken op {} (Selectielijst gemeenten 2020): {} zaak/zaken",
        date(today),
        due.len()
    );
    let mut current: Option<NaiveDate> = None;
    for d in due {
        let t = &d.termijn;
        if current != Some(t.vernietigen_vanaf) {
            current = Some(t.vernietigen_vanaf);
            out.push_str(&format!(
                "\n\nVernietigen vanaf {}:",
                date(t.vernietigen_vanaf)
            ));
        }
        out.push_str(&format!(
            "\n  {:<12} categorie {:<14} {} op {} + {} jaar",
            d.case_id,
            t.categorie,
            t.klasse.label(),
            date(t.einde),
            t.jaren
        ));
    }
    out
}

/// The files of the documents loket made of a case, as its history names them.
fn made_documents(history: &[crate::domain::history::Event]) -> Vec<String> {
    let mut out: Vec<String> = history
        .iter()
        .filter_map(|e| match &e.change {
            Change::DocumentMade { bestand, .. } => Some(bestand.clone()),
            _ => None,
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Removes a document file loket made; says what happened, in Dutch.
fn remove_document(file: &str) -> String {
    let path = Path::new(file);
    if !path.is_absolute() {
        return format!("{file}: niet verwijderd (onbekend in welke map; ruim zelf op)");
    }
    match std::fs::remove_file(path) {
        Ok(()) => format!("{file}: verwijderd"),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            format!("{file}: was er al niet meer")
        }
        Err(e) => format!(
            "{file}: niet verwijderd ({}); ruim zelf op",
            super::io_reason(&e)
        ),
    }
}

/// Asks on standard input; only "ja" confirms (end of input does not).
fn confirmed(n: usize) -> anyhow::Result<bool> {
    eprint!("Typ ja om deze {n} zaak/zaken definitief te vernietigen: ");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim().eq_ignore_ascii_case("ja"))
}

/// `--verklaringen [--uit BESTAND]`: every verklaring van vernietiging, as text or JSON file.
fn verklaringen(store: &dyn CaseStore, uit: Option<&Path>) -> anyhow::Result<i32> {
    let all = store
        .verklaringen()
        .context("de verklaringen van vernietiging konden niet worden gelezen")?;
    if let Some(path) = uit {
        let json = serde_json::json!({
            "soort": "verklaringen-van-vernietiging",
            "selectielijst": "Selectielijst gemeenten en intergemeentelijke organen 2020",
            "verklaringen": all,
        });
        let text = serde_json::to_string_pretty(&json)?;
        crate::format::atomic::write_atomic(path, format!("{text}\n").as_bytes()).map_err(|e| {
            anyhow::anyhow!(
                "{} kon niet worden geschreven: {}",
                path.display(),
                super::io_reason(&e)
            )
        })?;
        print_stdout(&format!(
            "{} verklaring(en) van vernietiging geschreven naar {}",
            all.len(),
            path.display()
        ))?;
        return Ok(EXIT_OK);
    }
    if all.is_empty() {
        print_stdout("Er zijn nog geen zaken vernietigd.")?;
        return Ok(EXIT_OK);
    }
    let mut out = format!("Verklaringen van vernietiging ({})", all.len());
    out.push_str(
        "\nZaak          Categorie      Grond                       Einde       Vanaf       Vernietigd  Door",
    );
    for v in &all {
        out.push_str(&format!(
            "\n{:<13} {:<14} {:<27} {}  {}  {}  {}",
            v.zaaknummer,
            v.categorie,
            v.klasse.label(),
            date(v.einde),
            date(v.vernietigen_vanaf),
            date(v.vernietigd_op),
            v.vernietigd_door
        ));
    }
    print_stdout(&out)?;
    Ok(EXIT_OK)
}
