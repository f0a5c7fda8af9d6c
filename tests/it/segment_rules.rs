//! Table tests over every branch of SEGMENTATION.md §1–§4, boundaries included.
//! Each case starts from a complete, unremarkable intake and changes only what the rule reads.

use crate::support::{dec, today};
use chrono::NaiveDate;
use loket::domain::answers::Answers;
use loket::domain::case::{Debt, DebtCategory};
use loket::domain::checklist::Checklists;
use loket::domain::exchange::parse_case_file;
use loket::domain::policy::Policy;
use loket::domain::provision::Provision;
use loket::domain::segment::{
    Advice, BewindKind, Flag, Lighter, Outcome, Route, segment, to_contract_json,
};
use serde_json::{Value as J, json};

const NO_EXCLUSION: &str = "geen uitsluitingsgrond: individuele afweging";

/// A complete schuldhulp intake: alleenstaand, € 1768.65 income, € 650 housing (vtlb 1743.42 under
/// the norms per 1 januari 2026, capacity 25.23), € 3400 debts, stable, K = 3, L = 4, I = 3,
/// D = 3, S = 3.
fn base() -> Answers {
    let text = std::fs::read_to_string("fixtures/cases/coaching-stabiel.json").expect("fixture");
    let mut a = parse_case_file(&text, &Checklists::embedded())
        .expect("valid fixture")
        .answers;
    set(&mut a, "inkomen.netto", json!(NETTO));
    a
}

/// The base income: the 2026 Vtlb (1743.42) plus a capacity of 25.23.
const NETTO: &str = "1768.65";

/// The base plus a complete bewind checklist: ground schulden, one need (overziet_gevolgen),
/// nothing tried before, B5 all `nee`.
fn with_bewind() -> Answers {
    let mut a = base();
    set_all(
        &mut a,
        &[
            ("bewind.grond", json!(["schulden"])),
            ("bewind.verzoeker", json!("betrokkene")),
            ("bewind.lopend", json!(false)),
            ("behoefte.misbruik", json!(false)),
            ("behoefte.nieuwe_verplichtingen", json!(false)),
            ("behoefte.overziet_gevolgen", json!(true)),
            ("behoefte.afspraken", json!(false)),
            ("behoefte.instabiel", json!(false)),
            ("behoefte.achteruitgang", json!(false)),
            ("bewind.eerder_lichter", json!("geen")),
            ("bewind.draagkracht_laag", json!(false)),
            ("toereikend.budgetcoaching", json!("nee")),
            ("toereikend.budgetbeheer", json!("nee")),
            ("toereikend.inkomensbeheer", json!("nee")),
            ("toereikend.netwerk", json!("nee")),
            ("toereikend.toelichting", json!("Toelichting.")),
        ],
    );
    a
}

/// Sets (or, with null, clears) an item by its id, through the checklist's own decoder.
fn set(a: &mut Answers, item: &str, v: J) {
    let checklists = Checklists::embedded();
    let (cl, it) = checklists.find_item(item).expect("known item");
    let value = it.decode_json(&v).expect("valid value");
    a.set(&cl.id, item, value, cl.version);
}

fn set_all(a: &mut Answers, items: &[(&str, J)]) {
    for (id, v) in items {
        set(a, id, v.clone());
    }
}

fn run(a: &Answers) -> Outcome {
    run_with(a, &[], &Policy::embedded())
}

fn run_with(a: &Answers, debts: &[Debt], policy: &Policy) -> Outcome {
    segment(a, debts, &Checklists::embedded(), policy, today())
}

fn scores(a: &mut Answers, s: [u8; 7]) {
    let ids = [
        "fn.administratie",
        "fn.overzicht",
        "fn.uitgaven",
        "fn.impuls",
        "fn.motivatie",
        "fn.leerbaarheid",
        "fn.doenvermogen",
    ];
    for (id, v) in ids.iter().zip(s) {
        set(a, id, json!(v));
    }
}

// ---- completeness -----------------------------------------------------------------------------

#[test]
fn complete_base_has_nothing_missing() {
    let o = run(&base());
    assert!(o.complete);
    assert!(o.missing.is_empty());
}

#[test]
fn missing_lists_required_items_in_checklist_order_with_conditions() {
    let mut a = base();
    set(&mut a, "hulpvraag", J::Null);
    set(&mut a, "melding.route", json!("vroegsignaal"));
    set(&mut a, "crisis.overig", json!(true));
    set(&mut a, "fn.administratie", J::Null);
    let o = run(&a);
    assert!(!o.complete);
    assert_eq!(
        o.missing,
        [
            "melding.signaalpartner",
            "crisis.toelichting",
            "fn.administratie",
            "hulpvraag"
        ]
    );
}

#[test]
fn started_bewind_checklist_counts_for_completeness_after_schuldhulp() {
    let mut a = base();
    a.start("bewind");
    let o = run(&a);
    assert!(!o.complete);
    assert_eq!(o.missing.first().map(String::as_str), Some("bewind.grond"));
    // v2: B5 is only asked once there is a ground and a need to cover.
    assert!(!o.missing.iter().any(|m| m.starts_with("toereikend.")));
}

// ---- §1 support ladder ------------------------------------------------------------------------

#[test]
fn ladder_base_levels_and_boundaries() {
    // [administratie, overzicht, uitgaven, impuls, motivatie, leerbaarheid, doenvermogen]
    let table: &[([u8; 7], Provision)] = &[
        // K ≥ 4
        ([4, 4, 4, 3, 4, 4, 3], Provision::InformatieAdvies),
        ([5, 5, 5, 1, 1, 1, 5], Provision::InformatieAdvies),
        // K = 3 vs 4: K is the minimum of the three
        ([4, 4, 3, 3, 4, 4, 3], Provision::Budgetcoaching),
        // K = 3, L = 3 vs 2
        ([3, 3, 3, 3, 3, 3, 3], Provision::Budgetcoaching),
        ([3, 3, 3, 3, 2, 5, 3], Provision::Thuisadministratie),
        ([3, 3, 3, 3, 5, 2, 3], Provision::Thuisadministratie),
        // K ≤ 2: I = 2 vs 3
        ([2, 3, 3, 2, 4, 4, 3], Provision::BudgetbeheerTotaal),
        ([2, 3, 3, 3, 4, 4, 3], Provision::BudgetbeheerBasis),
        ([1, 1, 1, 1, 4, 4, 3], Provision::BudgetbeheerTotaal),
        ([1, 5, 5, 5, 4, 4, 3], Provision::BudgetbeheerBasis),
        // Ontzorgen: D = 2 vs 3
        ([4, 4, 4, 3, 4, 4, 2], Provision::BudgetbeheerBasis),
        ([4, 4, 4, 3, 4, 4, 1], Provision::BudgetbeheerBasis),
        ([3, 3, 3, 3, 4, 4, 2], Provision::BudgetbeheerBasis),
        ([3, 3, 3, 3, 1, 1, 2], Provision::BudgetbeheerBasis),
        // D ≤ 2 never lowers a heavier level
        ([2, 2, 2, 2, 4, 4, 2], Provision::BudgetbeheerTotaal),
        ([2, 2, 2, 3, 4, 4, 1], Provision::BudgetbeheerBasis),
    ];
    for (s, want) in table {
        let mut a = base();
        scores(&mut a, *s);
        let o = run(&a);
        assert_eq!(o.support.provision, Some(*want), "scores {s:?}");
        assert_eq!(o.support.base, Some(*want), "scores {s:?}");
        assert!(!o.support.reasons.is_empty());
    }
}

#[test]
fn ontzorgen_is_flagged_with_a_review_date_and_reason() {
    let mut a = base();
    scores(&mut a, [4, 4, 4, 3, 4, 4, 2]);
    let o = run(&a);
    assert!(o.support.ontzorgen);
    assert_eq!(o.support.review_by, NaiveDate::from_ymd_opt(2027, 2, 24));
    assert!(
        o.support
            .reasons
            .iter()
            .any(|r| r.contains("D = 2") && r.contains("3 maanden")),
        "{:?}",
        o.support.reasons
    );
    let mut a = base();
    scores(&mut a, [2, 2, 2, 2, 4, 4, 2]);
    let o = run(&a);
    assert!(
        !o.support.ontzorgen,
        "already at or above budgetbeheer_basis"
    );
    assert_eq!(o.support.review_by, None);
}

#[test]
fn thuisadministratie_addition_only_on_informatie_advies_or_budgetcoaching() {
    // (scores, laaggeletterd, digid, want additions)
    let k4 = [4, 4, 4, 3, 4, 4, 3];
    let coach = [3, 3, 3, 3, 4, 4, 3];
    let thuis = [3, 3, 3, 3, 2, 2, 3];
    let beheer = [2, 2, 2, 3, 4, 4, 3];
    let ontzorgd = [4, 4, 4, 3, 4, 4, 2];
    let add = vec![Provision::Thuisadministratie];
    let table: Vec<([u8; 7], J, J, Vec<Provision>)> = vec![
        (k4, json!(true), J::Null, add.clone()),
        (k4, J::Null, json!(false), add.clone()),
        (k4, json!(true), json!(false), add.clone()),
        (k4, json!(false), json!(true), vec![]),
        (k4, J::Null, J::Null, vec![]),
        (coach, json!(true), json!(true), add.clone()),
        (coach, json!(false), json!(false), add.clone()),
        (thuis, json!(true), json!(false), vec![]),
        (beheer, json!(true), json!(false), vec![]),
        (ontzorgd, json!(true), json!(false), vec![]),
    ];
    for (s, laag, digid, want) in table {
        let mut a = base();
        scores(&mut a, s);
        set(&mut a, "fn.laaggeletterd", laag.clone());
        set(&mut a, "fn.digid", digid.clone());
        let o = run(&a);
        assert_eq!(o.support.additions, want, "{s:?} laag={laag} digid={digid}");
        // An addition never changes the level.
        let mut plain = base();
        scores(&mut plain, s);
        assert_eq!(o.support.provision, run(&plain).support.provision);
    }
}

#[test]
fn lvb_annotates_and_does_not_change_the_level() {
    for (lvb, annotated) in [("nee", false), ("vermoeden", true), ("vastgesteld", true)] {
        let mut a = base();
        set(&mut a, "fn.lvb", json!(lvb));
        let o = run(&a);
        let has = o
            .annotations
            .iter()
            .any(|l| l.contains("communicatie") && l.contains("L met zorg"));
        assert_eq!(has, annotated, "fn.lvb = {lvb}: {:?}", o.annotations);
        assert_eq!(o.support.provision, Some(Provision::Budgetcoaching));
    }
}

#[test]
fn support_waits_for_every_a6_score() {
    for id in [
        "fn.administratie",
        "fn.netwerk",
        "fn.stabiliteit",
        "fn.doenvermogen",
    ] {
        let mut a = base();
        set(&mut a, id, J::Null);
        let o = run(&a);
        assert_eq!(o.support.provision, None, "{id}");
        assert_eq!(o.support.base, None);
        assert_eq!(o.support.waiting_for, [id]);
        assert!(o.support.reasons[0].contains("ontbreekt nog 1 antwoord"));
        assert!(o.support.ladder.is_empty());
    }
}

#[test]
fn ladder_explains_every_rung() {
    let o = run(&base());
    let rungs: Vec<Provision> = o.support.ladder.iter().map(|(p, _)| *p).collect();
    assert_eq!(rungs, Provision::ALL);
    for (p, why) in &o.support.ladder {
        let want = match p.cmp(&Provision::Budgetcoaching) {
            std::cmp::Ordering::Less => "niet genoeg",
            std::cmp::Ordering::Equal => "voorgesteld",
            std::cmp::Ordering::Greater => "zwaarder dan nodig",
        };
        assert!(why.contains(want), "{p:?}: {why}");
        assert!(why.contains("K = 3"), "{why}");
    }
}

// ---- §2 beschermingsbewind --------------------------------------------------------------------

#[test]
fn bewind_not_started_is_niet_beoordeeld() {
    let o = run(&base());
    assert_eq!(o.bewind.advice, Advice::NietBeoordeeld);
    assert_eq!(o.bewind.kind, None);
    assert_eq!(o.bewind.first_year_cost, None);
    assert!(!o.bewind.reasons.is_empty());
}

#[test]
fn bewind_with_unanswered_inputs_is_onvolledig_and_waits() {
    let mut a = base();
    a.start("bewind");
    let o = run(&a);
    assert_eq!(o.bewind.advice, Advice::Onvolledig);
    assert!(o.bewind.open_questions.is_empty());
    // v2 step 0: ground, the six needs and the earlier provision; B5 only after step 2.
    assert_eq!(o.bewind.waiting_for.len(), 8, "{:?}", o.bewind.waiting_for);
    for id in [
        "behoefte.achteruitgang",
        "bewind.eerder_lichter",
        "toereikend.netwerk",
    ] {
        let mut a = with_bewind();
        set(&mut a, id, J::Null);
        let o = run(&a);
        assert_eq!(o.bewind.advice, Advice::Onvolledig, "{id}");
        assert_eq!(o.bewind.waiting_for, [id]);
    }
    // Items that are not inputs of the advice do not block it.
    let mut a = with_bewind();
    set(&mut a, "bewind.verzoeker", J::Null);
    set(&mut a, "bewind.draagkracht_laag", J::Null);
    assert_eq!(run(&a).bewind.advice, Advice::Overwegen);
}

#[test]
fn geen_grond_with_and_without_need_annotation() {
    for (need, annotated) in [(false, false), (true, true)] {
        let mut a = with_bewind();
        set(&mut a, "bewind.grond", json!(["geen"]));
        set(&mut a, "behoefte.overziet_gevolgen", json!(need));
        for o in Lighter::ALL {
            set(&mut a, o.item(), J::Null); // B5 is not asked when the ground is `geen`
        }
        set(&mut a, "toereikend.toelichting", J::Null);
        let o = run(&a);
        assert_eq!(o.bewind.advice, Advice::GeenGrond);
        assert!(o.complete, "{:?}", o.missing);
        let has = o.annotations.iter().any(|l| l.contains("casusoverleg"));
        assert_eq!(has, annotated, "{:?}", o.annotations);
        assert_ne!(o.support.provision, Some(Provision::Beschermingsbewind));
    }
}

#[test]
fn niet_nodig_without_any_need() {
    let mut a = with_bewind();
    set(&mut a, "behoefte.overziet_gevolgen", json!(false));
    let o = run(&a);
    assert_eq!(o.bewind.advice, Advice::NietNodig);
    assert!(o.bewind.sufficient.is_empty());
    assert_eq!(o.bewind.first_year_cost, None);
    assert_eq!(o.support.provision, Some(Provision::Budgetcoaching));
}

#[test]
fn effective_sufficiency_overrides() {
    use Lighter::*;
    // (needs set true, eerder_lichter, B5 answers [coaching, beheer, inkomen, netwerk], advice, sufficient)
    type Row = (
        &'static [&'static str],
        &'static str,
        [&'static str; 4],
        Advice,
        Vec<Lighter>,
    );
    let table: Vec<Row> = vec![
        // no override: budgetbeheer ja is enough
        (
            &["behoefte.overziet_gevolgen"],
            "geen",
            ["nee", "ja", "nee", "nee"],
            Advice::NietNodig,
            vec![Budgetbeheer],
        ),
        // misbruik: everything counts as nee
        (
            &["behoefte.misbruik"],
            "geen",
            ["ja", "ja", "ja", "ja"],
            Advice::Overwegen,
            vec![],
        ),
        // nieuwe_verplichtingen alone or instabiel alone: no override
        (
            &["behoefte.nieuwe_verplichtingen"],
            "geen",
            ["nee", "ja", "nee", "nee"],
            Advice::NietNodig,
            vec![Budgetbeheer],
        ),
        (
            &["behoefte.instabiel"],
            "geen",
            ["nee", "ja", "nee", "nee"],
            Advice::NietNodig,
            vec![Budgetbeheer],
        ),
        // both: everything counts as nee (also onbekend)
        (
            &["behoefte.nieuwe_verplichtingen", "behoefte.instabiel"],
            "geen",
            ["onbekend", "ja", "ja", "ja"],
            Advice::Overwegen,
            vec![],
        ),
        // mislukt + afspraken: coaching and beheer count as nee
        (
            &["behoefte.afspraken"],
            "mislukt",
            ["ja", "ja", "nee", "niet_beschikbaar"],
            Advice::Overwegen,
            vec![],
        ),
        (
            &["behoefte.afspraken"],
            "mislukt",
            ["ja", "ja", "ja", "nee"],
            Advice::NietNodig,
            vec![Inkomensbeheer],
        ),
        (
            &["behoefte.afspraken"],
            "mislukt",
            ["ja", "ja", "nee", "ja"],
            Advice::NietNodig,
            vec![Netwerk],
        ),
        // mislukt without afspraken, or afspraken without mislukt: no override
        (
            &["behoefte.overziet_gevolgen"],
            "mislukt",
            ["ja", "nee", "nee", "nee"],
            Advice::NietNodig,
            vec![Budgetcoaching],
        ),
        (
            &["behoefte.afspraken"],
            "geslaagd",
            ["ja", "nee", "nee", "nee"],
            Advice::NietNodig,
            vec![Budgetcoaching],
        ),
        // sufficient lists ja options lightest first
        (
            &["behoefte.overziet_gevolgen"],
            "geen",
            ["ja", "ja", "ja", "ja"],
            Advice::NietNodig,
            vec![Netwerk, Budgetcoaching, Inkomensbeheer, Budgetbeheer],
        ),
        (
            &["behoefte.overziet_gevolgen"],
            "geen",
            ["nee", "ja", "nee", "ja"],
            Advice::NietNodig,
            vec![Netwerk, Budgetbeheer],
        ),
        // a ja beats an onbekend
        (
            &["behoefte.overziet_gevolgen"],
            "geen",
            ["onbekend", "ja", "nee", "nee"],
            Advice::NietNodig,
            vec![Budgetbeheer],
        ),
        // onbekend without ja: onvolledig
        (
            &["behoefte.overziet_gevolgen"],
            "geen",
            ["onbekend", "nee", "niet_beschikbaar", "nee"],
            Advice::Onvolledig,
            vec![],
        ),
        // only nee / niet_beschikbaar: overwegen
        (
            &["behoefte.achteruitgang"],
            "geen",
            ["niet_beschikbaar", "nee", "niet_beschikbaar", "nee"],
            Advice::Overwegen,
            vec![],
        ),
    ];
    for (needs, eerder, b5, advice, sufficient) in table {
        let mut a = with_bewind();
        set(&mut a, "behoefte.overziet_gevolgen", json!(false));
        for n in needs {
            set(&mut a, n, json!(true));
        }
        set(&mut a, "bewind.eerder_lichter", json!(eerder));
        if eerder == "mislukt" {
            set(&mut a, "bewind.eerder_toelichting", json!("Ging mis."));
        }
        for (item, v) in [
            "toereikend.budgetcoaching",
            "toereikend.budgetbeheer",
            "toereikend.inkomensbeheer",
            "toereikend.netwerk",
        ]
        .iter()
        .zip(b5)
        {
            set(&mut a, item, json!(v));
        }
        let o = run(&a);
        let ctx = format!(
            "needs {needs:?} eerder {eerder} b5 {b5:?}: {:?}",
            o.bewind.reasons
        );
        assert_eq!(o.bewind.advice, advice, "{ctx}");
        assert_eq!(o.bewind.sufficient, sufficient, "{ctx}");
        assert_eq!(
            o.support.provision == Some(Provision::Beschermingsbewind),
            advice == Advice::Overwegen,
            "{ctx}"
        );
    }
}

#[test]
fn onbekend_gives_open_questions_lightest_first() {
    let mut a = with_bewind();
    set(&mut a, "toereikend.budgetbeheer", json!("onbekend"));
    set(&mut a, "toereikend.netwerk", json!("onbekend"));
    let o = run(&a);
    assert_eq!(o.bewind.advice, Advice::Onvolledig);
    assert_eq!(
        o.bewind.open_questions,
        [Lighter::Netwerk, Lighter::Budgetbeheer]
    );
    assert!(o.bewind.waiting_for.is_empty());
    let j = to_contract_json(&o);
    assert_eq!(
        j["bewind"]["open_questions"],
        json!(["netwerk", "budgetbeheer"])
    );
    assert_eq!(o.bewind.first_year_cost, None);
}

#[test]
fn overwegen_kind_follows_the_ground() {
    let table = [
        (json!(["schulden"]), BewindKind::Schuldenbewind),
        (json!(["verkwisting"]), BewindKind::Schuldenbewind),
        (
            json!(["verkwisting", "schulden"]),
            BewindKind::Schuldenbewind,
        ),
        (json!(["geestelijk"]), BewindKind::Toestandsbewind),
        (json!(["lichamelijk"]), BewindKind::Toestandsbewind),
        (
            json!(["lichamelijk", "schulden"]),
            BewindKind::Toestandsbewind,
        ),
    ];
    for (grond, kind) in table {
        let mut a = with_bewind();
        set(&mut a, "bewind.grond", grond.clone());
        let o = run(&a);
        assert_eq!(o.bewind.advice, Advice::Overwegen);
        assert_eq!(o.bewind.kind, Some(kind), "{grond}");
        assert_eq!(o.support.provision, Some(Provision::Beschermingsbewind));
        assert_eq!(o.support.base, Some(Provision::Budgetcoaching));
    }
}

#[test]
fn first_year_cost_with_and_without_debt_fee() {
    // base debts (3400 > 18 × 25.23, stable, S = 3): schuldregeling → fee with debts,
    // 2026: 767.00 + 12 × 175.58 = 2873.96
    let o = run(&with_bewind());
    assert_eq!(o.debt_route.route, Some(Route::Schuldregeling));
    assert_eq!(o.bewind.first_year_cost, Some(dec("2873.96")));
    for (s, trend, route) in [
        (1u8, "stabiel", Route::Dfd),
        (2, "stabiel", Route::Stabilisatie),
    ] {
        let mut a = with_bewind();
        set(&mut a, "fn.stabiliteit", json!(s));
        set(&mut a, "schulden.trend", json!(trend));
        let o = run(&a);
        assert_eq!(o.debt_route.route, Some(route));
        assert_eq!(o.bewind.first_year_cost, Some(dec("2873.96")));
    }
    // 767.00 + 12 × 135.83 = 2396.96 for betalingsregeling and geen
    for (total, trend) in [
        (json!("400.00"), json!("stabiel")),
        (json!("0.00"), json!("stabiel")),
    ] {
        let mut a = with_bewind();
        set(&mut a, "schulden.totaal", total.clone());
        set(&mut a, "schulden.trend", trend.clone());
        let o = run(&a);
        assert!(
            !o.debt_route.route.is_some_and(Route::is_problematic),
            "{total}"
        );
        assert_eq!(
            o.bewind.first_year_cost,
            Some(dec("2396.96")),
            "{total} {trend}"
        );
    }
    // v2: while the debt route is unknown the fee is unknown too: null, and the reason says so.
    let mut a = with_bewind();
    set(&mut a, "schulden.trend", J::Null);
    let o = run(&a);
    assert_eq!(o.debt_route.route, None);
    assert_eq!(o.bewind.advice, Advice::Overwegen);
    assert_eq!(o.bewind.first_year_cost, None);
    assert!(
        o.bewind
            .reasons
            .iter()
            .any(|r| r.contains("schuldroute") && r.contains("€ 135,83") && r.contains("€ 175,58")),
        "{:?}",
        o.bewind.reasons
    );
    let j = to_contract_json(&run(&with_bewind()));
    assert_eq!(j["bewind"]["first_year_cost"], json!("2873.96"));
}

#[test]
fn bijzondere_bijstand_only_when_draagkracht_is_low() {
    for (laag, present) in [(true, true), (false, false)] {
        let mut a = with_bewind();
        set(&mut a, "bewind.draagkracht_laag", json!(laag));
        let o = run(&a);
        assert_eq!(o.bijzondere_bijstand.is_some(), present);
        let j = to_contract_json(&o);
        assert_eq!(j["bijzondere_bijstand"].is_null(), !present);
    }
    assert_eq!(run(&base()).bijzondere_bijstand, None);
}

#[test]
fn overwegen_replaces_the_level_even_while_scores_are_missing() {
    let mut a = with_bewind();
    set(&mut a, "fn.netwerk", J::Null);
    let o = run(&a);
    assert_eq!(o.bewind.advice, Advice::Overwegen);
    assert_eq!(o.support.provision, Some(Provision::Beschermingsbewind));
    assert_eq!(o.support.base, None);
    assert_eq!(o.support.waiting_for, ["fn.netwerk"]);
}

// ---- §3 debt route ----------------------------------------------------------------------------

fn route_of(items: &[(&str, J)]) -> Outcome {
    let mut a = base();
    set_all(&mut a, items);
    run(&a)
}

#[test]
fn vtlb_and_capacity_of_the_base() {
    let o = run(&base());
    // round2(0.95 × 1401.50 = 1331.425) = 1331.43 (half away from zero) + (650 − 238.01)
    assert_eq!(o.debt_route.vtlb, Some(dec("1743.42")));
    assert_eq!(o.debt_route.repayment_capacity, Some(dec("25.23")));
    // The reason names the period of the norms (v2).
    assert!(
        o.debt_route
            .reasons
            .iter()
            .any(|r| r.contains("normen per 1 januari 2026")),
        "{:?}",
        o.debt_route.reasons
    );
    assert!(
        o.debt_route
            .reasons
            .iter()
            .any(|r| r.contains("netto inkomen"))
    );
}

#[test]
fn vtlb_norms_per_household_and_aow_and_housing_correction() {
    // (type, pensioen, wonen, vtlb)
    let table = [
        // Norms per 1 januari 2026, basishuur 238.01.
        ("alleenstaand", false, "238.01", "1331.43"), // 0.95 × 1401.50 = 1331.425: half cent up
        ("alleenstaand", false, "200.00", "1331.43"), // below basishuur: no correction
        ("alleenstaand", false, "238.02", "1331.44"),
        ("alleenstaande_ouder", false, "238.01", "1331.43"),
        ("alleenstaand", true, "238.01", "1486.46"), // 0.95 × 1564.69 = 1486.4555
        ("alleenstaande_ouder", true, "0.00", "1486.46"),
        ("paar", false, "238.01", "1902.02"), // 0.95 × 2002.13 = 1902.0235
        ("paar_met_kinderen", false, "1000.00", "2664.01"),
        ("paar", true, "238.01", "2036.95"), // 0.95 × 2144.16 = 2036.952
        ("paar_met_kinderen", true, "100.00", "2036.95"),
    ];
    for (kind, aow, wonen, want) in table {
        let o = route_of(&[
            ("huishouden.type", json!(kind)),
            ("huishouden.pensioen", json!(aow)),
            ("lasten.wonen", json!(wonen)),
        ]);
        assert_eq!(
            o.debt_route.vtlb,
            Some(dec(want)),
            "{kind} aow={aow} wonen={wonen}"
        );
        assert_eq!(
            o.debt_route.repayment_capacity,
            Some(dec(NETTO) - dec(want))
        );
    }
}

#[test]
fn vtlb_rounds_half_cents_away_from_zero() {
    // A norm whose 95% ends in exactly half a cent with an even cent below (banker's rounding
    // would go down): 0.95 × 1000.30 = 950.285 → 950.29.
    let text = loket::domain::policy::DEFAULT_POLICY_TOML
        .replace("alleenstaand = \"1401.50\"", "alleenstaand = \"1000.30\"");
    let policy = Policy::from_toml(&text, "p.toml").expect("policy");
    let mut a = base();
    set(&mut a, "lasten.wonen", json!("100.00"));
    let o = run_with(&a, &[], &policy);
    assert_eq!(o.debt_route.vtlb, Some(dec("950.29")));
}

#[test]
fn betalingsregeling_boundary_is_18_times_capacity() {
    // capacity 25.23; 18 × 25.23 = 454.14
    let table = [
        ("454.14", "stabiel", Route::Betalingsregeling),
        ("454.15", "stabiel", Route::Schuldregeling),
        ("0.01", "dalend", Route::Betalingsregeling),
        ("100.00", "groeiend", Route::Stabilisatie),
    ];
    for (total, trend, want) in table {
        let o = route_of(&[
            ("schulden.totaal", json!(total)),
            ("schulden.trend", json!(trend)),
        ]);
        assert_eq!(
            o.debt_route.route,
            Some(want),
            "{total} {trend}: {:?}",
            o.debt_route.reasons
        );
        assert!(o.debt_route.flags.is_empty());
    }
}

#[test]
fn beslag_makes_debts_problematic_and_unanswered_counts_as_false() {
    let light = [("schulden.totaal", json!("400.00"))];
    assert_eq!(
        route_of(&light).debt_route.route,
        Some(Route::Betalingsregeling)
    );
    let o = route_of(&[
        ("schulden.totaal", json!("400.00")),
        ("schulden.beslag", json!(true)),
    ]);
    assert_eq!(o.debt_route.route, Some(Route::Schuldregeling));
    assert!(o.debt_route.reasons.iter().any(|r| r.contains("beslag")));
    let o = route_of(&[
        ("schulden.totaal", json!("400.00")),
        ("schulden.beslag", json!(false)),
    ]);
    assert_eq!(o.debt_route.route, Some(Route::Betalingsregeling));
}

#[test]
fn capacity_zero_and_negative_are_problematic_with_nul_aanbod() {
    // netto = vtlb → capacity exactly 0
    for (netto, cap) in [
        ("1743.42", "0.00"),
        ("1000.00", "-743.42"),
        ("0.00", "-1743.42"),
    ] {
        let o = route_of(&[
            ("inkomen.netto", json!(netto)),
            ("schulden.totaal", json!("10.00")),
        ]);
        assert_eq!(o.debt_route.repayment_capacity, Some(dec(cap)));
        assert_eq!(o.debt_route.route, Some(Route::Schuldregeling), "{netto}");
        assert_eq!(o.debt_route.flags, [Flag::NulAanbod]);
        let j = to_contract_json(&o);
        assert_eq!(j["debt_route"]["repayment_capacity"], json!(cap));
        assert_eq!(j["debt_route"]["flags"], json!(["nul_aanbod"]));
    }
    // one cent of capacity is enough for a small debt
    let o = route_of(&[
        ("inkomen.netto", json!("1743.43")),
        ("schulden.totaal", json!("0.18")),
    ]);
    assert_eq!(o.debt_route.route, Some(Route::Betalingsregeling));
}

#[test]
fn problematic_routes_by_stability_and_trend() {
    // (S, trend, route) with debts 3400 > 454.14
    let table = [
        (1u8, "stabiel", Route::Dfd),
        (1, "groeiend", Route::Dfd),
        (2, "stabiel", Route::Stabilisatie),
        (2, "dalend", Route::Stabilisatie),
        (3, "groeiend", Route::Stabilisatie),
        (5, "groeiend", Route::Stabilisatie),
        (3, "stabiel", Route::Schuldregeling),
        (5, "dalend", Route::Schuldregeling),
    ];
    for (s, trend, want) in table {
        let o = route_of(&[
            ("fn.stabiliteit", json!(s)),
            ("schulden.trend", json!(trend)),
        ]);
        assert_eq!(o.debt_route.route, Some(want), "S={s} {trend}");
        assert!(
            o.debt_route
                .reasons
                .iter()
                .any(|r| r.contains("problematisch"))
        );
    }
}

#[test]
fn moratorium_flag_when_there_is_a_crisis() {
    for id in [
        "crisis.ontruiming",
        "crisis.afsluiting",
        "crisis.zorgverzekering",
        "crisis.overig",
    ] {
        let o = route_of(&[(id, json!(true)), ("crisis.toelichting", json!("x"))]);
        assert_eq!(o.debt_route.flags, [Flag::MoratoriumOverwegen], "{id}");
    }
    let o = route_of(&[
        ("crisis.afsluiting", json!(true)),
        ("crisis.toelichting", json!("x")),
        ("inkomen.netto", json!("1000.00")),
    ]);
    assert_eq!(
        o.debt_route.flags,
        [Flag::NulAanbod, Flag::MoratoriumOverwegen]
    );
    // The eindeleveringssignaal alone is no crisis.
    let o = route_of(&[("crisis.eindeleveringssignaal", json!(true))]);
    assert!(o.debt_route.flags.is_empty());
    // Flags belong to the problematic routes only.
    let o = route_of(&[
        ("crisis.ontruiming", json!(true)),
        ("crisis.toelichting", json!("x")),
        ("schulden.totaal", json!("100.00")),
    ]);
    assert_eq!(o.debt_route.route, Some(Route::Betalingsregeling));
    assert!(o.debt_route.flags.is_empty());
}

#[test]
fn no_debts_is_route_geen_even_with_other_inputs_missing() {
    let o = route_of(&[("schulden.totaal", json!("0.00"))]);
    assert_eq!(o.debt_route.route, Some(Route::Geen));
    assert_eq!(o.debt_route.vtlb, Some(dec("1743.42")));
    let o = route_of(&[
        ("schulden.totaal", json!("0.00")),
        ("schulden.trend", J::Null),
        ("fn.stabiliteit", J::Null),
        ("inkomen.netto", J::Null),
    ]);
    assert_eq!(o.debt_route.route, Some(Route::Geen));
    assert_eq!(o.debt_route.vtlb, None);
    assert_eq!(o.debt_route.repayment_capacity, None);
    assert!(o.debt_route.waiting_for.is_empty());
}

#[test]
fn debt_route_waits_for_each_input() {
    for id in [
        "huishouden.type",
        "huishouden.pensioen",
        "inkomen.netto",
        "lasten.wonen",
        "schulden.totaal",
        "schulden.trend",
        "fn.stabiliteit",
    ] {
        let o = route_of(&[(id, J::Null)]);
        let r = &o.debt_route;
        // v2: the Vtlb and the capacity need only household, AOW, income and housing costs.
        let vtlb_inputs = [
            "huishouden.type",
            "huishouden.pensioen",
            "inkomen.netto",
            "lasten.wonen",
        ];
        let (vtlb, cap) = if vtlb_inputs.contains(&id) {
            (None, None)
        } else {
            (Some(dec("1743.42")), Some(dec("25.23")))
        };
        assert_eq!(
            (r.route, r.vtlb, r.repayment_capacity),
            (None, vtlb, cap),
            "{id}"
        );
        assert_eq!(r.waiting_for, [id]);
        assert!(r.reasons[0].contains("ontbreekt nog 1 antwoord"));
        let j = to_contract_json(&o);
        assert_eq!(j["debt_route"]["route"], J::Null);
        assert_eq!(j["debt_route"]["vtlb"].is_null(), vtlb.is_none(), "{id}");
    }
}

#[test]
fn the_debt_list_supplies_totals_and_beslag() {
    let debt = |creditor: &str, amount: &str, garnishment: bool| Debt {
        creditor: creditor.to_string(),
        category: DebtCategory::Overig,
        amount: dec(amount),
        collector: false,
        garnishment,
        ddas: Default::default(),
    };
    let mut a = base();
    set(&mut a, "schulden.totaal", J::Null);
    set(&mut a, "schulden.schuldeisers", J::Null);
    let policy = Policy::embedded();
    let small = [debt("A", "200.00", false), debt("a ", "254.14", false)];
    let o = run_with(&a, &small, &policy);
    assert!(o.complete, "{:?}", o.missing);
    assert_eq!(o.debt_route.route, Some(Route::Betalingsregeling));
    assert!(o.debt_route.reasons[0].contains("schuldenlijst"));
    let over = [debt("A", "200.00", false), debt("B", "254.15", false)];
    assert_eq!(
        run_with(&a, &over, &policy).debt_route.route,
        Some(Route::Schuldregeling)
    );
    let beslag = [debt("A", "10.00", true)];
    assert_eq!(
        run_with(&a, &beslag, &policy).debt_route.route,
        Some(Route::Schuldregeling)
    );
    // An empty list supplies nothing.
    let o = run_with(&a, &[], &policy);
    assert_eq!(o.debt_route.route, None);
    assert!(o.missing.contains(&"schulden.totaal".to_string()));
}

// ---- §4 annotations that never exclude ----------------------------------------------------------

#[test]
fn annotations_never_exclude() {
    let base_outcome = run(&base());
    let table: Vec<(Vec<(&str, J)>, &str)> = vec![
        (
            vec![("huishouden.woonsituatie", json!("koop"))],
            "Koopwoning",
        ),
        (
            vec![("huishouden.echtscheiding", json!(true))],
            "echtscheiding",
        ),
        (vec![("huishouden.ondernemer", json!(true))], "4 weken"),
        (vec![("inkomen.bron", json!(["geen"]))], "Geen inkomen"),
        (
            vec![
                ("melding.route", json!("vroegsignaal")),
                ("melding.signaalpartner", json!("energie")),
            ],
            "bied de inwoner een gesprek aan",
        ),
        (
            vec![("crisis.eindeleveringssignaal", json!(true))],
            "op zichzelf geen crisis",
        ),
    ];
    for (items, needle) in table {
        let o = route_of(&items);
        let line = o
            .annotations
            .iter()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle}: {:?}", o.annotations));
        assert!(line.contains(NO_EXCLUSION), "{line}");
        assert_eq!(o.annotations.len(), 1, "{:?}", o.annotations);
        // Never a reason to refuse: the proposal and route are those of the base.
        assert_eq!(
            o.support.provision, base_outcome.support.provision,
            "{needle}"
        );
        assert_eq!(
            o.debt_route.route, base_outcome.debt_route.route,
            "{needle}"
        );
    }
    assert!(
        base_outcome.annotations.is_empty(),
        "{:?}",
        base_outcome.annotations
    );
}

#[test]
fn no_income_by_zero_netto_is_annotated_too() {
    let o = route_of(&[("inkomen.netto", json!("0.00"))]);
    assert!(
        o.annotations
            .iter()
            .any(|l| l.contains("Geen inkomen") && l.contains(NO_EXCLUSION))
    );
    assert!(o.support.provision.is_some());
    assert!(o.debt_route.route.is_some());
}

#[test]
fn vroegsignaal_after_a_first_conversation_needs_no_offer() {
    let o = route_of(&[
        ("melding.route", json!("vroegsignaal")),
        ("melding.signaalpartner", json!("verhuurder")),
        ("melding.eerste_gesprek", json!("2026-11-10")),
    ]);
    assert!(o.annotations.is_empty(), "{:?}", o.annotations);
}

// ---- the contract -------------------------------------------------------------------------------

#[test]
fn contract_has_every_section_7_key() {
    let j = to_contract_json(&run(&with_bewind()));
    assert_eq!(j["format"], "loket-segment/1");
    for key in [
        "complete",
        "missing",
        "support",
        "bewind",
        "debt_route",
        "bijzondere_bijstand",
        "deadlines",
        "annotations",
    ] {
        assert!(j.get(key).is_some(), "{key}");
    }
    for key in ["provision", "additions", "reasons"] {
        assert!(j["support"].get(key).is_some(), "support.{key}");
    }
    for key in [
        "advice",
        "kind",
        "sufficient",
        "open_questions",
        "first_year_cost",
        "reasons",
    ] {
        assert!(j["bewind"].get(key).is_some(), "bewind.{key}");
    }
    for key in ["route", "vtlb", "repayment_capacity", "flags", "reasons"] {
        assert!(j["debt_route"].get(key).is_some(), "debt_route.{key}");
    }
    for key in [
        "eerste_gesprek",
        "crisis_afgerond",
        "beschikking",
        "heroverweging",
        "gemeente_advies",
        "bewind_melding",
        "bewind_plan",
    ] {
        assert!(j["deadlines"].get(key).is_some(), "deadlines.{key}");
    }
    assert_eq!(j["support"]["provision"], "beschermingsbewind");
    assert_eq!(j["bewind"]["advice"], "overwegen");
    assert_eq!(j["bewind"]["kind"], "schuldenbewind");
    assert_eq!(j["debt_route"]["vtlb"], "1743.42");
}
