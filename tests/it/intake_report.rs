//! The intakeverslag (Markdown): snapshots for a bewind case and a coaching case with a fixed
//! date, and the binary's `export --format md` for one case.

use crate::support::today;
use chrono::{DateTime, TimeZone, Utc};
use loket::app::intake_report::intake_report;
use loket::domain::checklist::Checklists;
use loket::domain::exchange::parse_case_file;
use loket::domain::history::{Change, Event};
use loket::domain::policy::Policy;
use loket::domain::segment::segment_case;
use std::process::Command;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 9, 30, 0)
        .single()
        .expect("time")
}

fn report_of(file: &str) -> String {
    let checklists = Checklists::embedded();
    let policy = Policy::embedded();
    let text = std::fs::read_to_string(format!("fixtures/cases/{file}")).expect("fixture");
    let f = parse_case_file(&text, &checklists).expect("valid");
    let case = f
        .clone()
        .into_case(f.case_id.clone().unwrap_or_default(), now());
    let outcome = segment_case(&case, &checklists, &policy, today());
    let mut history = vec![Event {
        at: now(),
        by: "balie1".into(),
        change: Change::Imported {
            source: file.into(),
        },
    }];
    if let Some(decision) = &case.decision {
        history.push(Event {
            at: now(),
            by: "balie1".into(),
            change: Change::Decision {
                decision: decision.clone(),
            },
        });
    }
    let env = loket::app::Env {
        checklists,
        policy,
        user: "balie1".into(),
        today: today(),
        offset: chrono::FixedOffset::east_opt(0).expect("offset"),
    };
    intake_report(&case, &outcome, &history, &env)
}

#[test]
fn intakeverslag_bewind_schulden_instabiel() {
    let md = report_of("bewind-schulden-instabiel.json");
    for expected in [
        "# Intakeverslag schuldhulpverlening",
        "Voorgestelde voorziening: **Beschermingsbewind**",
        "Advies: **overwegen",
        "Kosten van bewind in het eerste jaar: **€ 2.816,85**",
        "Route: **Stabilisatie**",
        "## Ondertekening",
    ] {
        assert!(md.contains(expected), "{expected:?}");
    }
    insta::assert_snapshot!("intakeverslag_bewind_schulden_instabiel", md);
}

#[test]
fn intakeverslag_coaching_stabiel() {
    let md = report_of("coaching-stabiel.json");
    assert!(md.contains("Voorgestelde voorziening: **Budgetcoaching**"));
    assert!(md.contains("Nog geen besluit genomen."));
    insta::assert_snapshot!("intakeverslag_coaching_stabiel", md);
}

#[test]
fn intakeverslag_with_override_debts_documents_and_notes() {
    let md = report_of("crisis-afsluiting-ondernemer.json");
    assert!(
        md.contains("### Publieke schuldeisers"),
        "debts by DDAS category"
    );
    assert!(md.contains("| Belastingdienst | € 6.400,00 | nee | nee |"));
    assert!(
        md.contains("- [ ] Bankafschriften") || md.contains("- [ ] "),
        "requested documents"
    );
    assert!(md.contains("Afsluiting gas en stroom"));
    assert!(md.contains("Contact gehad met Essent"));
    let md = report_of("wijkteam-zwaarder.json");
    assert!(md.contains("**Afwijking:** zwaarder dan het voorstel (Budgetbeheer (basis))."));
    assert!(md.contains("Reden: Leefgeld wordt in de eerste week op gemaakt"));
    let md = report_of("aanmelding-alleen.json");
    assert!(md.contains("> **Voorlopig:**"));
    assert!(md.contains("## Nog te beantwoorden"));
}

#[test]
fn export_md_writes_one_intakeverslag_to_stdout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_loket"))
            .arg("--store")
            .arg(dir.path())
            .args(["--today", "2026-11-24", "--user", "test"])
            .args(args)
            .env("TZ", "UTC")
            .output()
            .expect("run loket")
    };
    let o = run(&["import", "fixtures/cases/bewind-lopend-toestand.json"]);
    assert_eq!(o.status.code(), Some(0));
    let o = run(&["export", "2026-00106", "--format", "md"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let md = String::from_utf8_lossy(&o.stdout);
    assert!(md.starts_with("# Intakeverslag schuldhulpverlening"));
    assert!(md.contains("zaak ingelezen uit bewind-lopend-toestand.json"));
    assert!(md.contains("BSN | \\*\\*\\*\\*\\*\\*"), "BSN masked");
    assert!(md.contains("Melding bewind"));
}
