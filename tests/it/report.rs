//! `loket report`: the figures of the binary on the fixtures equal figures recomputed here
//! independently, straight from the fixture files and the engine (not via domain::report).

use crate::support;
use crate::support::{fixture_files, loket, today};

use chrono::{NaiveDate, TimeZone, Utc};
use loket::domain::answers::Value;
use loket::domain::case::Case;
use loket::domain::checklist::Checklists;
use loket::domain::exchange::parse_case_file;
use loket::domain::policy::Policy;
use loket::domain::segment::segment_case;
use serde_json::Value as J;
use std::collections::BTreeMap;
use std::path::Path;

fn fixture_cases() -> Vec<Case> {
    let checklists = Checklists::embedded();
    let now = Utc
        .with_ymd_and_hms(2026, 11, 24, 9, 0, 0)
        .single()
        .expect("now");
    fixture_files()
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("read");
            let f = parse_case_file(&text, &checklists).expect("valid");
            let id = f.case_id.clone().unwrap_or_default();
            f.into_case(id, now)
        })
        .collect()
}

fn store_with_fixtures() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut args = vec!["import".to_string(), "--quiet".to_string()];
    args.extend(fixture_files().iter().map(|p| p.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = loket(dir.path(), &args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    dir
}

fn report_json(store: &Path, extra: &[&str]) -> J {
    let mut args = vec!["report", "--json"];
    args.extend_from_slice(extra);
    let o = loket(store, &args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("json")
}

#[derive(Default, Debug, PartialEq)]
struct Expected {
    cases: u64,
    crisis: u64,
    status: BTreeMap<String, u64>,
    /// provision id → (decided, proposed)
    provisions: BTreeMap<String, (u64, u64)>,
    no_provision: u64,
    routes: BTreeMap<String, u64>,
    no_route: u64,
    decisions: u64,
    overrides: (u64, u64, u64, u64),
    /// kind → (on time, late, overdue, open)
    deadlines: BTreeMap<String, (u64, u64, u64, u64)>,
    /// rules v2: cases per melding.route (only routes with cases)
    melding_routes: BTreeMap<String, u64>,
}

/// The figures, computed here from the cases and the engine directly.
fn expected(cases: &[Case], from: Option<NaiveDate>, to: Option<NaiveDate>) -> Expected {
    let checklists = Checklists::embedded();
    let policy = Policy::embedded();
    let mut e = Expected::default();
    for case in cases {
        let a = case.effective_answers(checklists.schuldhulp.version);
        let date = |item: &str| a.value(item).and_then(Value::as_date);
        let flag = |item: &str| a.value(item).and_then(Value::as_bool) == Some(true);
        let melding = date("melding.datum");
        let when = melding.unwrap_or(case.created_at.date_naive());
        if from.is_some_and(|f| when < f) || to.is_some_and(|t| when > t) {
            continue;
        }
        let o = segment_case(case, &checklists, &policy, today());
        e.cases += 1;
        let crisis = [
            "crisis.ontruiming",
            "crisis.afsluiting",
            "crisis.zorgverzekering",
            "crisis.overig",
        ]
        .iter()
        .any(|i| flag(i));
        if crisis {
            e.crisis += 1;
        }
        *e.status.entry(case.status.id().to_string()).or_default() += 1;
        if let Some(r) = a.value("melding.route").and_then(Value::as_choice) {
            *e.melding_routes.entry(r.to_string()).or_default() += 1;
        }
        match (&case.decision, o.support.provision) {
            (Some(d), _) => {
                e.provisions
                    .entry(d.decided.id().to_string())
                    .or_default()
                    .0 += 1;
                e.decisions += 1;
                if d.proposed != Some(d.decided) {
                    e.overrides.0 += 1;
                    match d.proposed {
                        None => e.overrides.3 += 1,
                        Some(p) if d.decided < p => e.overrides.1 += 1,
                        Some(_) => e.overrides.2 += 1,
                    }
                }
            }
            (None, Some(p)) => e.provisions.entry(p.id().to_string()).or_default().1 += 1,
            (None, None) => e.no_provision += 1,
        }
        match o.debt_route.route {
            Some(r) => *e.routes.entry(r.id().to_string()).or_default() += 1,
            None => e.no_route += 1,
        }
        // Met rules (TRAJECT.md): the first conversation on its answer, the crisis on the end
        // of the crisis interventions, the beschikking on its date in the traject, never on a
        // decision; the bewind deadlines never; a closed case keeps only met ones.
        let t = &case.traject;
        let crisis_end = if t.crisisinterventies.iter().all(|c| c.eind.is_some()) {
            t.crisisinterventies.iter().filter_map(|c| c.eind).max()
        } else {
            None
        };
        let beschikt = t.beschikking.as_ref().and_then(|b| b.datum);
        let closed = case.status.id() == "afgesloten"
            || t.uitstroom.as_ref().is_some_and(|u| u.datum.is_some());
        let d = &o.deadlines;
        for (kind, due, met) in [
            (
                "eerste_gesprek",
                d.eerste_gesprek,
                date("melding.eerste_gesprek"),
            ),
            ("crisis_afgerond", d.crisis_afgerond, crisis_end),
            ("beschikking", d.beschikking, beschikt),
            // rules v2: no answer records these as met (yet).
            ("heroverweging", d.heroverweging, None),
            ("gemeente_advies", d.gemeente_advies, None),
            ("bewind_melding", d.bewind_melding, None),
            ("bewind_plan", d.bewind_plan, None),
        ] {
            let Some(due) = due else { continue };
            if closed && met.is_none() {
                continue;
            }
            let slot = e.deadlines.entry(kind.to_string()).or_default();
            match met {
                Some(m) if m <= due => slot.0 += 1,
                Some(_) => slot.1 += 1,
                None if due < today() => slot.2 += 1,
                None => slot.3 += 1,
            }
        }
    }
    e
}

fn actual(j: &J) -> Expected {
    let n = |v: &J| v.as_u64().expect("count");
    let mut e = Expected {
        cases: n(&j["cases"]),
        crisis: n(&j["crisis"]),
        no_provision: n(&j["provisions"]["none"]),
        no_route: n(&j["debt_routes"]["none"]),
        decisions: n(&j["decisions"]),
        overrides: (
            n(&j["overrides"]["total"]),
            n(&j["overrides"]["lighter"]),
            n(&j["overrides"]["heavier"]),
            n(&j["overrides"]["without_proposal"]),
        ),
        ..Expected::default()
    };
    for (k, v) in j["status"].as_object().expect("status") {
        if n(v) > 0 {
            e.status.insert(k.clone(), n(v));
        }
    }
    for (k, v) in j["provisions"]["counts"].as_object().expect("provisions") {
        assert_eq!(n(&v["total"]), n(&v["decided"]) + n(&v["proposed"]), "{k}");
        if n(&v["total"]) > 0 {
            e.provisions
                .insert(k.clone(), (n(&v["decided"]), n(&v["proposed"])));
        }
    }
    for (k, v) in j["debt_routes"]["counts"].as_object().expect("routes") {
        if n(v) > 0 {
            e.routes.insert(k.clone(), n(v));
        }
    }
    for (k, v) in j["melding_routes"]["counts"]
        .as_object()
        .expect("melding routes")
    {
        if n(v) > 0 {
            e.melding_routes.insert(k.clone(), n(v));
        }
    }
    for (k, v) in j["deadlines"].as_object().expect("deadlines") {
        let t = (
            n(&v["met_on_time"]),
            n(&v["met_late"]),
            n(&v["overdue"]),
            n(&v["open"]),
        );
        if t != (0, 0, 0, 0) {
            e.deadlines.insert(k.clone(), t);
        }
    }
    e
}

#[test]
fn report_json_on_the_fixtures_matches_an_independent_count() {
    let dir = store_with_fixtures();
    let j = report_json(dir.path(), &[]);
    assert_eq!(j["format"], "loket-report/1");
    assert_eq!(j["provisions"]["basis"], "decided_else_proposed");
    let cases = fixture_cases();
    let e = expected(&cases, None, None);
    assert_eq!(actual(&j), e);
    // The fixtures are varied enough for the report to mean something.
    assert!(e.cases >= 30);
    assert!(
        e.overrides.1 > 0 && e.overrides.2 > 0,
        "overrides both ways"
    );
    assert!(e.crisis > 0);
    assert!(
        e.deadlines.values().any(|d| d.2 > 0),
        "some deadline overdue"
    );
    assert!(
        e.deadlines.values().any(|d| d.1 > 0),
        "some deadline met late"
    );
    assert_eq!(
        j["overrides"]["percentage"],
        J::from(
            rust_decimal::Decimal::from(e.overrides.0 * 100)
                .checked_div(rust_decimal::Decimal::from(e.decisions))
                .expect("decisions")
                .round_dp(1)
                .to_string()
        )
    );
}

#[test]
fn report_with_a_period_counts_by_meldingsdatum() {
    let dir = store_with_fixtures();
    let from = NaiveDate::from_ymd_opt(2026, 11, 1).expect("date");
    let to = NaiveDate::from_ymd_opt(2026, 11, 15).expect("date");
    let j = report_json(dir.path(), &["--from", "2026-11-01", "--to", "2026-11-15"]);
    let e = expected(&fixture_cases(), Some(from), Some(to));
    assert_eq!(actual(&j), e);
    assert!(e.cases > 0 && e.cases < 30);
    assert_eq!(j["period"]["from"], "2026-11-01");
    assert_eq!(j["period"]["to"], "2026-11-15");
    assert_eq!(j["period"]["date"], "meldingsdatum");
}

#[test]
fn report_text_is_dutch_and_a_reversed_period_is_refused() {
    let dir = store_with_fixtures();
    let o = loket(dir.path(), &["report"]);
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout);
    for expected in [
        "Rapportage loket, stand 24-11-2026",
        "Voorziening (besluit, anders voorstel)",
        "Schuldroute (voorstel)",
        "Afwijkend van het voorstel:",
        "Termijn                       op tijd  te laat  verlopen  open",
    ] {
        assert!(text.contains(expected), "{expected:?} in\n{text}");
    }
    let o = loket(
        dir.path(),
        &["report", "--from", "2026-11-30", "--to", "2026-11-01"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("de periode eindigt"));
}

#[test]
fn the_report_screen_renders_at_80x22() {
    use loket::app::report::report_case;
    use loket::domain::report::{Period, compute};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    let dir = store_with_fixtures();
    let store = loket::store::SledStore::open(dir.path()).expect("store");
    let rows: Vec<_> = support::summaries(&store)
        .iter()
        .map(|(_, s)| report_case(s, None))
        .collect();
    let report = compute(&rows, Period::default(), today());
    let mut terminal = Terminal::new(TestBackend::new(80, 22)).expect("terminal");
    terminal
        .draw(|f| {
            loket::ui::report::render(&report, loket::ui::Theme { color: false }, 0, f, f.area());
        })
        .expect("draw");
    let buffer = terminal.backend().buffer().clone();
    let text: String = (0..buffer.area.height)
        .map(|y| {
            let line: String = (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect();
            line.trim_end().to_string() + "\n"
        })
        .collect();
    insta::assert_snapshot!("report_screen_80x22", text);
}

/// After a policy change the figures follow the new policy: the store's summaries are brought
/// up to date before anything is counted.
#[test]
fn report_follows_a_changed_policy() {
    let store = store_with_fixtures();
    let before = report_json(store.path(), &[]);
    // A much higher bijstandsnorm leaves no repayment capacity: routes move away from
    // betalingsregeling.
    let policy = loket::domain::policy::DEFAULT_POLICY_TOML
        .replace("alleenstaand = \"1401.50\"", "alleenstaand = \"5000.00\"")
        .replace("paar = \"2002.13\"", "paar = \"7000.00\"")
        .replace(
            "alleenstaand_aow = \"1564.69\"",
            "alleenstaand_aow = \"5000.00\"",
        )
        .replace("paar_aow = \"2144.16\"", "paar_aow = \"7000.00\"");
    let policy_file = store.path().join("beleid.toml");
    std::fs::write(&policy_file, policy).expect("policy");
    let after = report_json(
        store.path(),
        &["--policy", policy_file.to_str().expect("utf-8 path")],
    );
    let routes_before = actual(&before).routes;
    let routes_after = actual(&after).routes;
    assert_ne!(routes_before, routes_after);
    assert_eq!(
        routes_after.get("betalingsregeling").copied().unwrap_or(0),
        0,
        "{routes_after:?}"
    );
    // The independent count under that policy agrees.
    let parsed = Policy::from_toml(
        &std::fs::read_to_string(&policy_file).expect("read"),
        "beleid.toml",
    )
    .expect("valid policy");
    let cases = fixture_cases();
    let checklists = Checklists::embedded();
    let betaling = cases
        .iter()
        .filter(|c| {
            segment_case(c, &checklists, &parsed, today())
                .debt_route
                .route
                .map(|r| r.id())
                == Some("betalingsregeling")
        })
        .count();
    assert_eq!(betaling, 0);
}
