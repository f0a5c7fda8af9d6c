//! Rules version 2 (SEGMENTATION.md / CHECKLISTS.md, every *(v2)* line), written from the spec:
//! amounts per period, couple fees, a running bewind (uitstroom / voortzetten), bijzondere
//! bijstand, the new deadlines and the decree days, referrals and documents, the settled v1
//! ambiguities, `loket beleid controleer`, and the screens that show each part.

use crate::harness::{Harness, fixed_now};
use crate::support::{day, dec, today};
use chrono::NaiveDate;
use loket::domain::answers::Answers;
use loket::domain::checklist::Checklists;
use loket::domain::exchange::{parse_case_file, to_case_json};
use loket::domain::policy::{DEFAULT_POLICY_TOML, Policy};
use loket::domain::provision::Provision;
use loket::domain::segment::{
    Advice, BewindKind, Lighter, Outcome, Route, Toets, segment, segment_full, to_contract_json,
};
use ratatui::crossterm::event::KeyCode;
use serde_json::{Value as J, json};
use std::process::{Command, Output};

/// The base income: the 2026 Vtlb of the base (1743.42) plus a capacity of 25.23.
const NETTO: &str = "1768.65";

/// A complete schuldhulp intake (coaching-stabiel): alleenstaand, € 650 housing, € 3400 debts,
/// stable, K = 3, L = 4, I = 3, D = 3, S = 3; income such that the capacity is € 25.23.
fn base() -> Answers {
    let text = std::fs::read_to_string("fixtures/cases/coaching-stabiel.json").expect("fixture");
    let mut a = parse_case_file(&text, &Checklists::embedded())
        .expect("valid fixture")
        .answers;
    set(&mut a, "inkomen.netto", json!(NETTO));
    a
}

const BEWIND_ITEMS: [(&str, &str); 16] = [
    ("bewind.grond", r#"["schulden"]"#),
    ("bewind.verzoeker", r#""betrokkene""#),
    ("bewind.lopend", "false"),
    ("behoefte.misbruik", "false"),
    ("behoefte.nieuwe_verplichtingen", "false"),
    ("behoefte.overziet_gevolgen", "true"),
    ("behoefte.afspraken", "false"),
    ("behoefte.instabiel", "false"),
    ("behoefte.achteruitgang", "false"),
    ("bewind.eerder_lichter", r#""geen""#),
    ("bewind.draagkracht_laag", "false"),
    ("toereikend.budgetcoaching", r#""nee""#),
    ("toereikend.budgetbeheer", r#""nee""#),
    ("toereikend.inkomensbeheer", r#""nee""#),
    ("toereikend.netwerk", r#""nee""#),
    ("toereikend.toelichting", r#""Toelichting.""#),
];

/// A complete bewind checklist on top of `a`: ground schulden, one need, B5 all `nee`.
fn add_bewind(a: &mut Answers) {
    for (id, v) in BEWIND_ITEMS {
        set(a, id, serde_json::from_str(v).expect("json"));
    }
}

/// The base plus a complete bewind checklist: advice `overwegen`, route schuldregeling.
fn with_bewind() -> Answers {
    let mut a = base();
    add_bewind(&mut a);
    a
}

/// Sets (or, with null, clears) an item through the checklist's own decoder.
fn set(a: &mut Answers, item: &str, v: J) {
    let checklists = Checklists::embedded();
    let (cl, it) = checklists.find_item(item).expect("known item");
    let value = it.decode_json(&v).expect("valid value");
    a.set(&cl.id, item, value, cl.version);
}

fn run(a: &Answers) -> Outcome {
    run_on(a, today())
}

fn run_on(a: &Answers, on: NaiveDate) -> Outcome {
    segment(a, &[], &Checklists::embedded(), &Policy::embedded(), on)
}

fn run_policy(a: &Answers, policy: &Policy) -> Outcome {
    segment(a, &[], &Checklists::embedded(), policy, today())
}

fn policy(text: &str) -> Policy {
    Policy::from_toml(text, "p.toml").expect("valid policy")
}

fn any_reason(reasons: &[String], needle: &str) -> bool {
    reasons.iter().any(|r| r.contains(needle))
}

// ---- §6 amounts per period ---------------------------------------------------------------------

#[test]
fn the_period_in_force_switches_on_its_first_day_and_the_reason_names_it() {
    let a = base();
    // 31 December 2025: norms per 1 juli 2025. round2(0.95 × 1369.06 = 1300.607) = 1300.61,
    // + (650 − 238.01) = 1712.60.
    let old = run_on(&a, day(2025, 12, 31));
    assert_eq!(old.debt_route.vtlb, Some(dec("1712.60")));
    assert_eq!(old.debt_route.repayment_capacity, Some(dec("56.05")));
    assert!(any_reason(
        &old.debt_route.reasons,
        "normen per 1 juli 2025"
    ));
    assert_eq!(old.periode.geldig_vanaf, Some(day(2025, 7, 1)));
    assert!(
        !old.periode.indicatief,
        "the 1 juli 2025 period is confirmed"
    );
    // 1 January 2026, the boundary itself: the new period. 1331.43 + 411.99 = 1743.42.
    let new = run_on(&a, day(2026, 1, 1));
    assert_eq!(new.debt_route.vtlb, Some(dec("1743.42")));
    assert!(any_reason(
        &new.debt_route.reasons,
        "normen per 1 januari 2026"
    ));
    assert!(any_reason(&new.debt_route.reasons, "Vtlb (indicatief)"));
    let j = to_contract_json(&new);
    assert_eq!(j["periode"]["geldig_vanaf"], "2026-01-01");
    assert_eq!(j["periode"]["indicatief"], true);
    // Before the first period: the first, and the reason says so.
    let before = run_on(&a, day(2025, 6, 30));
    assert_eq!(before.debt_route.vtlb, Some(dec("1712.60")));
    assert!(
        any_reason(&before.debt_route.reasons, "vroegste periode"),
        "{:?}",
        before.debt_route.reasons
    );
}

#[test]
fn the_bewind_fees_follow_the_period_too() {
    // 1 juli 2025 fees: 798.60 + 12 × 182.91 = 2993.52; 2026: 767.00 + 12 × 175.58 = 2873.96.
    let a = with_bewind();
    assert_eq!(
        run_on(&a, day(2025, 12, 31)).bewind.first_year_cost,
        Some(dec("2993.52"))
    );
    let o = run_on(&a, day(2026, 1, 1));
    assert_eq!(o.bewind.first_year_cost, Some(dec("2873.96")));
    assert!(any_reason(&o.bewind.reasons, "tarieven per 1 januari 2026"));
}

#[test]
fn an_old_single_period_policy_file_still_works() {
    let v1 = policy(include_str!("../../fixtures/policy/v1.toml"));
    let o = run_policy(&base(), &v1);
    // The 2024 norm of that file: round2(0.95 × 1078.70) + (650 − 250) = 1424.77, on any date.
    assert_eq!(o.debt_route.vtlb, Some(dec("1424.77")));
    assert_eq!(o.periode.geldig_vanaf, None);
    let o = segment(
        &with_bewind(),
        &[],
        &Checklists::embedded(),
        &v1,
        day(1999, 1, 1),
    );
    // Capacity 343.88 under those norms: a betalingsregeling, the fee without debts,
    // 751.41 + 12 × 133.10.
    assert_eq!(o.debt_route.route, Some(Route::Betalingsregeling));
    assert_eq!(o.bewind.first_year_cost, Some(dec("2348.61")));
}

// ---- §6 jongere_alleenstaand -------------------------------------------------------------------

fn vtlb_with_birth(a: &Answers, birth: Option<NaiveDate>, on: NaiveDate, p: &Policy) -> Outcome {
    segment_full(a, &[], birth, &Checklists::embedded(), p, on)
}

#[test]
fn a_single_client_of_18_to_20_gets_the_youth_norm() {
    let p = Policy::embedded();
    let a = base();
    // round2(0.95 × 345.99 = 328.6905) = 328.69 + 411.99 = 740.68.
    for (birth, want) in [
        (day(2006, 2, 28), "740.68"),   // 20
        (day(2005, 11, 25), "740.68"),  // 21 tomorrow
        (day(2005, 11, 24), "1743.42"), // 21 today
        (day(2008, 11, 24), "740.68"),  // 18 today
        (day(2008, 11, 25), "1743.42"), // 17: not 18–20, the 21+ norm
    ] {
        let o = vtlb_with_birth(&a, Some(birth), today(), &p);
        assert_eq!(o.debt_route.vtlb, Some(dec(want)), "{birth}");
    }
    // A 29 February birthday counts as reached on 1 March in a common year.
    let leap = Some(day(2008, 2, 29));
    assert_eq!(
        vtlb_with_birth(&a, leap, day(2029, 2, 28), &p)
            .debt_route
            .vtlb,
        Some(dec("740.68"))
    );
    assert_eq!(
        vtlb_with_birth(&a, leap, day(2029, 3, 1), &p)
            .debt_route
            .vtlb,
        Some(dec("1743.42"))
    );
    // Only `alleenstaand` without AOW: an alleenstaande ouder keeps the 21+ norm.
    let mut ouder = base();
    set(&mut ouder, "huishouden.type", json!("alleenstaande_ouder"));
    assert_eq!(
        vtlb_with_birth(&ouder, Some(day(2006, 2, 28)), today(), &p)
            .debt_route
            .vtlb,
        Some(dec("1743.42"))
    );
    // Unknown birth date, or a period without the key: the 21+ norm, and the reason says so.
    let o = vtlb_with_birth(&a, None, today(), &p);
    assert_eq!(o.debt_route.vtlb, Some(dec("1743.42")));
    assert!(any_reason(
        &o.debt_route.reasons,
        "geboortedatum is onbekend"
    ));
    let without = policy(&DEFAULT_POLICY_TOML.replace("jongere_alleenstaand = \"345.99\"\n", ""));
    let o = vtlb_with_birth(&a, Some(day(2006, 2, 28)), today(), &without);
    assert_eq!(o.debt_route.vtlb, Some(dec("1743.42")));
    assert!(any_reason(&o.debt_route.reasons, "geen jongerennorm"));
}

// ---- §2 step 6: couple fees ----------------------------------------------------------------------

#[test]
fn a_couple_both_under_bewind_pays_the_couple_fees() {
    let mut a = with_bewind();
    set(&mut a, "huishouden.type", json!("paar"));
    set(&mut a, "bewind.partner_ook", json!(true));
    let o = run(&a);
    assert_eq!(o.bewind.advice, Advice::Overwegen);
    // paar: 1902.02 + 411.99 = 2314.01 > income: problematic, schuldregeling.
    assert_eq!(o.debt_route.route, Some(Route::Schuldregeling));
    // 920.00 + 12 × 210.67 = 3448.04
    assert_eq!(o.bewind.first_year_cost, Some(dec("3448.04")));
    assert!(any_reason(&o.bewind.reasons, "twee personen"));
    // Without partner_ook the single fee: 767.00 + 12 × 175.58.
    set(&mut a, "bewind.partner_ook", json!(false));
    assert_eq!(run(&a).bewind.first_year_cost, Some(dec("2873.96")));
    // "whatever the household type": partner_ook counts for an alleenstaand household too.
    let mut single = with_bewind();
    set(&mut single, "bewind.partner_ook", json!(true));
    assert_eq!(run(&single).bewind.first_year_cost, Some(dec("3448.04")));
    // Without debts the couple fee without debts: 920.00 + 12 × 162.83 = 2873.96.
    set(&mut single, "schulden.totaal", json!("0.00"));
    assert_eq!(run(&single).debt_route.route, Some(Route::Geen));
    assert_eq!(run(&single).bewind.first_year_cost, Some(dec("2873.96")));
}

#[test]
fn a_period_without_couple_fees_uses_the_single_fee_for_each_missing_key_and_says_so() {
    let p = policy(
        &DEFAULT_POLICY_TOML
            .replace("aanvang_paar = \"920.00\"\n", "")
            .replace("per_maand_paar_schulden = \"210.67\"\n", ""),
    );
    let mut a = with_bewind();
    set(&mut a, "huishouden.type", json!("paar_met_kinderen"));
    set(&mut a, "bewind.partner_ook", json!(true));
    let o = run_policy(&a, &p);
    // aanvang 767.00 (single) + 12 × 175.58 (single, with debts)
    assert_eq!(o.bewind.first_year_cost, Some(dec("2873.96")));
    let note = o
        .bewind
        .reasons
        .iter()
        .find(|r| r.contains("geen tarief voor twee personen"))
        .expect("the reason says so");
    assert!(
        note.contains("aanvang_paar") && note.contains("per_maand_paar_schulden"),
        "{note}"
    );
    assert!(!note.contains("per_maand_paar,"), "{note}");
}

// ---- §2 step 7: a running bewind --------------------------------------------------------------

fn running() -> Answers {
    let mut a = with_bewind();
    set(&mut a, "bewind.lopend", json!(true));
    set(&mut a, "bewind.startdatum", json!("2026-03-02"));
    a
}

#[test]
fn a_running_bewind_that_can_end_is_uitstroom() {
    let mut a = running();
    set(&mut a, "toereikend.budgetbeheer", json!("ja"));
    let o = run(&a);
    assert_eq!(o.bewind.advice, Advice::Uitstroom);
    assert_eq!(o.bewind.kind, None);
    assert_eq!(o.bewind.sufficient, [Lighter::Budgetbeheer]);
    assert_eq!(o.bewind.first_year_cost, None);
    // The support level is the ladder's own (K = 3, L = 4: budgetcoaching).
    assert_eq!(o.support.provision, Some(Provision::Budgetcoaching));
    let why = o.bewind.reasons.join(" ");
    assert!(
        why.contains("kantonrechter") && why.contains("bewindvoerder"),
        "{why}"
    );
    assert!(why.contains("budgetbeheer"), "{why}");
    let j = to_contract_json(&o);
    assert_eq!(j["bewind"]["advice"], "uitstroom");
    assert_eq!(j["bewind"]["kind"], J::Null);

    // No ground, or no need: uitstroom too; the ladder's level takes over.
    let mut geen = running();
    set(&mut geen, "bewind.grond", json!(["geen"]));
    let o = run(&geen);
    assert_eq!(o.bewind.advice, Advice::Uitstroom);
    assert!(
        any_reason(&o.bewind.reasons, "Budgetcoaching"),
        "{:?}",
        o.bewind.reasons
    );
    let mut no_need = running();
    set(&mut no_need, "behoefte.overziet_gevolgen", json!(false));
    assert_eq!(run(&no_need).bewind.advice, Advice::Uitstroom);
}

#[test]
fn a_running_bewind_still_needed_is_voortzetten_with_the_cost_of_the_coming_year() {
    let o = run(&running());
    assert_eq!(o.bewind.advice, Advice::Voortzetten);
    assert_eq!(o.bewind.kind, Some(BewindKind::Schuldenbewind));
    assert_eq!(o.support.provision, Some(Provision::Beschermingsbewind));
    // 12 × 175.58, no intake fee.
    assert_eq!(o.bewind.first_year_cost, Some(dec("2106.96")));
    assert!(any_reason(&o.bewind.reasons, "geen intakevergoeding"));
    assert_eq!(to_contract_json(&o)["bewind"]["advice"], "voortzetten");
    // Toestand ground: toestandsbewind.
    let mut t = running();
    set(&mut t, "bewind.grond", json!(["geestelijk"]));
    assert_eq!(run(&t).bewind.kind, Some(BewindKind::Toestandsbewind));
    // The route unknown: the cost unknown.
    let mut unknown = running();
    set(&mut unknown, "schulden.trend", J::Null);
    assert_eq!(run(&unknown).bewind.first_year_cost, None);
    // bewind.lopend unanswered counts as not running (and is missing).
    let mut open = running();
    set(&mut open, "bewind.lopend", J::Null);
    let o = run(&open);
    assert_eq!(o.bewind.advice, Advice::Overwegen);
    assert!(o.missing.contains(&"bewind.lopend".to_string()));
}

// ---- §2 step 8: bijzondere bijstand -----------------------------------------------------------

#[test]
fn bijzondere_bijstand_without_a_sufficient_alternative_names_the_amount_and_every_option() {
    let mut a = with_bewind();
    set(&mut a, "bewind.draagkracht_laag", json!(true));
    let o = run(&a);
    let bb = o.bijzondere_bijstand.as_ref().expect("section");
    assert_eq!(bb.toets, Some(Toets::GeenToereikendAlternatief));
    assert_eq!(bb.alternatief, None);
    assert_eq!(bb.bedrag, Some(dec("2873.96")));
    for item in [
        "Hulp uit het eigen netwerk",
        "Budgetcoaching",
        "Inkomensbeheer",
        "Budgetbeheer",
    ] {
        assert!(any_reason(&bb.reasons, item), "{item}: {:?}", bb.reasons);
    }
    assert!(
        any_reason(&bb.reasons, "\"Toelichting.\""),
        "{:?}",
        bb.reasons
    );
    assert_eq!(
        to_contract_json(&o)["bijzondere_bijstand"],
        json!({
            "toets": "geen_toereikend_alternatief",
            "alternatief": null,
            "bedrag": "2873.96",
            "reasons": bb.reasons,
        })
    );
    // An answer overridden by step 3 says why it counts as `nee`.
    set(&mut a, "behoefte.misbruik", json!(true));
    set(&mut a, "toereikend.netwerk", json!("ja"));
    let o = run(&a);
    let bb = o.bijzondere_bijstand.expect("section");
    assert!(
        any_reason(&bb.reasons, "telt als 'nee'")
            && any_reason(&bb.reasons, "gegeven antwoord: ja"),
        "{:?}",
        bb.reasons
    );
    // Voortzetten: the amount is the coming year's.
    let mut r = running();
    set(&mut r, "bewind.draagkracht_laag", json!(true));
    assert_eq!(
        run(&r).bijzondere_bijstand.and_then(|b| b.bedrag),
        Some(dec("2106.96"))
    );
}

#[test]
fn bijzondere_bijstand_with_a_sufficient_alternative_may_be_refused() {
    let mut a = with_bewind();
    set(&mut a, "bewind.draagkracht_laag", json!(true));
    set(&mut a, "toereikend.budgetbeheer", json!("ja"));
    set(&mut a, "toereikend.netwerk", json!("ja"));
    let o = run(&a);
    assert_eq!(o.bewind.advice, Advice::NietNodig);
    let bb = o.bijzondere_bijstand.as_ref().expect("section");
    assert_eq!(bb.toets, Some(Toets::ToereikendAlternatief));
    // The first of `sufficient`, lightest first: the network.
    assert_eq!(bb.alternatief, Some(Lighter::Netwerk));
    assert_eq!(bb.bedrag, None);
    assert!(any_reason(&bb.reasons, "geweigerd"), "{:?}", bb.reasons);
    let j = to_contract_json(&o);
    assert_eq!(j["bijzondere_bijstand"]["toets"], "toereikend_alternatief");
    assert_eq!(j["bijzondere_bijstand"]["alternatief"], "netwerk");
    assert_eq!(j["bijzondere_bijstand"]["bedrag"], J::Null);
}

#[test]
fn bijzondere_bijstand_is_null_without_low_draagkracht_and_empty_for_other_advice() {
    assert_eq!(run(&with_bewind()).bijzondere_bijstand, None);
    assert!(to_contract_json(&run(&base()))["bijzondere_bijstand"].is_null());
    // onvolledig (an option `onbekend`): the object with toets, alternatief and bedrag null.
    let mut a = with_bewind();
    set(&mut a, "bewind.draagkracht_laag", json!(true));
    set(&mut a, "toereikend.inkomensbeheer", json!("onbekend"));
    let o = run(&a);
    assert_eq!(o.bewind.advice, Advice::Onvolledig);
    let j = to_contract_json(&o);
    assert_eq!(j["bijzondere_bijstand"]["toets"], J::Null);
    assert_eq!(j["bijzondere_bijstand"]["alternatief"], J::Null);
    assert_eq!(j["bijzondere_bijstand"]["bedrag"], J::Null);
    // niet_nodig because there is no need at all: no sufficient option, no test.
    set(&mut a, "behoefte.overziet_gevolgen", json!(false));
    let o = run(&a);
    assert_eq!(o.bewind.advice, Advice::NietNodig);
    assert_eq!(o.bijzondere_bijstand.and_then(|b| b.toets), None);
}

// ---- §2 the fixed step order and B5 only when there is a need ----------------------------------

#[test]
fn the_steps_run_in_their_fixed_order() {
    let b5 = [
        "toereikend.budgetcoaching",
        "toereikend.budgetbeheer",
        "toereikend.inkomensbeheer",
        "toereikend.netwerk",
        "toereikend.toelichting",
    ];
    let cleared = |a: &mut Answers| {
        for id in b5 {
            set(a, id, J::Null);
        }
    };
    // Step 1 before B5: ground `geen` with B5 unanswered is geen_grond, not onvolledig.
    let mut a = with_bewind();
    cleared(&mut a);
    set(&mut a, "bewind.grond", json!(["geen"]));
    let o = run(&a);
    assert_eq!(o.bewind.advice, Advice::GeenGrond);
    assert!(o.complete, "{:?}", o.missing);
    // Step 2: no need → niet_nodig, and B5 is not asked.
    let mut a = with_bewind();
    cleared(&mut a);
    set(&mut a, "behoefte.overziet_gevolgen", json!(false));
    let o = run(&a);
    assert_eq!(o.bewind.advice, Advice::NietNodig);
    assert!(o.complete, "{:?}", o.missing);
    // With a need, an unanswered B5 answer is onvolledig and in `missing`.
    let mut a = with_bewind();
    set(&mut a, "toereikend.budgetbeheer", J::Null);
    let o = run(&a);
    assert_eq!(o.bewind.advice, Advice::Onvolledig);
    assert_eq!(o.bewind.waiting_for, ["toereikend.budgetbeheer"]);
    assert!(o.missing.contains(&"toereikend.budgetbeheer".to_string()));
    // Step 0 waits only for the ground, the needs and the earlier provision.
    let mut a = with_bewind();
    set(&mut a, "bewind.grond", J::Null);
    let o = run(&a);
    assert_eq!(o.bewind.waiting_for, ["bewind.grond"]);
    assert!(!o.missing.iter().any(|m| m.starts_with("toereikend.")));
}

// ---- settled ambiguities ------------------------------------------------------------------------

#[test]
fn a_zero_debt_is_route_geen_whatever_else_is_unanswered() {
    let mut a = base();
    set(&mut a, "schulden.totaal", json!("0.00"));
    for id in ["schulden.trend", "fn.stabiliteit", "fn.administratie"] {
        set(&mut a, id, J::Null);
    }
    let o = run(&a);
    assert_eq!(o.debt_route.route, Some(Route::Geen));
    assert!(o.debt_route.waiting_for.is_empty());
    assert_eq!(o.debt_route.vtlb, Some(dec("1743.42")));
    assert_eq!(to_contract_json(&o)["debt_route"]["route"], "geen");
}

#[test]
fn the_level_under_bewind_while_scores_are_incomplete_has_no_additions() {
    let mut a = with_bewind();
    set(&mut a, "fn.laaggeletterd", json!(true));
    let full = run(&a);
    assert_eq!(full.support.provision, Some(Provision::Beschermingsbewind));
    assert_eq!(full.support.additions, [Provision::Thuisadministratie]);
    set(&mut a, "fn.netwerk", J::Null);
    let o = run(&a);
    assert_eq!(o.support.provision, Some(Provision::Beschermingsbewind));
    assert!(o.support.additions.is_empty());
    assert_eq!(to_contract_json(&o)["support"]["additions"], json!([]));
}

#[test]
fn only_started_checklists_count_for_completeness() {
    let mut a = Answers::default();
    add_bewind(&mut a);
    let o = run(&a);
    assert!(o.complete, "{:?}", o.missing);
    assert!(o.missing.is_empty());
    set(&mut a, "bewind.verzoeker", J::Null);
    assert_eq!(run(&a).missing, ["bewind.verzoeker"]);
}

// ---- §5 deadlines ----------------------------------------------------------------------------

fn ontzorgen(gesprek: &str) -> Answers {
    let mut a = base();
    set(&mut a, "fn.doenvermogen", json!(2));
    set(&mut a, "melding.eerste_gesprek", json!(gesprek));
    a
}

#[test]
fn heroverweging_three_months_after_the_first_conversation_when_ontzorgen_stands() {
    // 31 January + 3 months = 30 April 2026 (a Thursday).
    let o = run(&ontzorgen("2026-01-31"));
    assert_eq!(o.support.provision, Some(Provision::BudgetbeheerBasis));
    assert_eq!(o.deadlines.heroverweging, Some(day(2026, 4, 30)));
    assert_eq!(o.support.review_by, Some(day(2026, 4, 30)));
    assert_eq!(
        to_contract_json(&o)["deadlines"]["heroverweging"],
        "2026-04-30"
    );
    // 31 January 2028 + 3 months = Sunday 30 April 2028 → Monday 1 May.
    let o = run(&ontzorgen("2028-01-31"));
    assert_eq!(o.deadlines.heroverweging, Some(day(2028, 5, 1)));
    // No first conversation, no ontzorgen, or bewind replaced the level: none.
    let mut a = ontzorgen("2026-01-31");
    set(&mut a, "melding.eerste_gesprek", J::Null);
    assert_eq!(run(&a).deadlines.heroverweging, None);
    let mut a = ontzorgen("2026-01-31");
    set(&mut a, "fn.doenvermogen", json!(3));
    assert_eq!(run(&a).deadlines.heroverweging, None);
    let mut a = ontzorgen("2026-01-31");
    add_bewind(&mut a);
    assert_eq!(run(&a).bewind.advice, Advice::Overwegen);
    assert_eq!(run(&a).deadlines.heroverweging, None);
    // Uitstroom leaves the ladder's level: the review stands.
    set(&mut a, "toereikend.budgetbeheer", json!("ja"));
    set(&mut a, "bewind.lopend", json!(true));
    set(&mut a, "bewind.startdatum", json!("2025-06-02"));
    let o = run(&a);
    assert_eq!(o.bewind.advice, Advice::Uitstroom);
    assert_eq!(o.deadlines.heroverweging, Some(day(2026, 4, 30)));
}

fn lopend(grond: J) -> Answers {
    let mut a = base();
    add_bewind(&mut a);
    set(&mut a, "bewind.grond", grond);
    set(&mut a, "bewind.lopend", json!(true));
    set(&mut a, "bewind.startdatum", json!("2026-10-01"));
    set(&mut a, "bewind.plan_ontvangen", json!("2026-11-02"));
    a
}

#[test]
fn gemeente_advies_after_the_plan_arrives_and_adviesrecht_only_for_a_debt_bewind() {
    let o = run(&lopend(json!(["schulden"])));
    // plan 2026-11-02 + 4 × 7 days = Monday 30 November.
    assert_eq!(o.deadlines.gemeente_advies, Some(day(2026, 11, 30)));
    assert_eq!(o.deadlines.bewind_melding, Some(day(2026, 10, 15)));
    assert_eq!(o.deadlines.bewind_plan, Some(day(2027, 1, 4)));
    // A mixed ground with schulden is covered too.
    let o = run(&lopend(json!(["lichamelijk", "schulden"])));
    assert_eq!(o.deadlines.gemeente_advies, Some(day(2026, 11, 30)));
    // A toestandsbewind is not, unless the court ordered it.
    let mut a = lopend(json!(["geestelijk"]));
    let o = run(&a);
    assert_eq!(
        (
            o.deadlines.gemeente_advies,
            o.deadlines.bewind_melding,
            o.deadlines.bewind_plan
        ),
        (None, None, None)
    );
    set(&mut a, "bewind.adviesrecht_bevolen", json!(true));
    let o = run(&a);
    assert_eq!(o.deadlines.gemeente_advies, Some(day(2026, 11, 30)));
    assert_eq!(o.deadlines.bewind_melding, Some(day(2026, 10, 15)));
    // The policy's term, and a gemeente without adviesrecht.
    let six =
        policy(&DEFAULT_POLICY_TOML.replace("adviestermijn_weken = 4", "adviestermijn_weken = 6"));
    assert_eq!(
        run_policy(&lopend(json!(["schulden"])), &six)
            .deadlines
            .gemeente_advies,
        Some(day(2026, 12, 14))
    );
    let none = policy(&DEFAULT_POLICY_TOML.replace("adviesrecht = true", "adviesrecht = false"));
    let o = run_policy(&lopend(json!(["schulden"])), &none);
    assert_eq!(
        (o.deadlines.gemeente_advies, o.deadlines.bewind_melding),
        (None, None)
    );
}

#[test]
fn crisis_terms_come_from_the_policy() {
    let mut a = base();
    set(&mut a, "crisis.afsluiting", json!(true));
    set(
        &mut a,
        "crisis.toelichting",
        json!("Afsluiting aangekondigd"),
    );
    set(&mut a, "melding.eerste_gesprek", json!("2026-11-02"));
    assert_eq!(run(&a).deadlines.crisis_afgerond, Some(day(2026, 11, 16)));
    let p = policy(&DEFAULT_POLICY_TOML.replace("crisis_dagen = 14", "crisis_dagen = 21"));
    assert_eq!(
        run_policy(&a, &p).deadlines.crisis_afgerond,
        Some(day(2026, 11, 23))
    );
    set(&mut a, "huishouden.ondernemer", json!(true));
    assert_eq!(run(&a).deadlines.crisis_afgerond, Some(day(2026, 11, 30)));
    let p = policy(&DEFAULT_POLICY_TOML.replace(
        "crisis_dagen_ondernemer = 28",
        "crisis_dagen_ondernemer = 35",
    ));
    assert_eq!(
        run_policy(&a, &p).deadlines.crisis_afgerond,
        Some(day(2026, 12, 7))
    );
}

#[test]
fn deadlines_from_the_first_conversation_need_no_melding_date() {
    let mut a = base();
    set(&mut a, "melding.datum", J::Null);
    set(&mut a, "melding.eerste_gesprek", json!("2026-11-02"));
    set(&mut a, "crisis.overig", json!(true));
    set(&mut a, "crisis.toelichting", json!("Beslag op de rekening"));
    let o = run(&a);
    assert_eq!(o.deadlines.eerste_gesprek, None);
    assert_eq!(o.deadlines.crisis_afgerond, Some(day(2026, 11, 16)));
    // 2 November + 8 weeks = Monday 28 December.
    assert_eq!(o.deadlines.beschikking, Some(day(2026, 12, 28)));
}

#[test]
fn a_term_ending_on_the_friday_after_hemelvaart_moves_to_monday() {
    let mut a = base();
    // 17 April 2026 + 28 days = Friday 15 May, the decree day after Hemelvaartsdag.
    set(&mut a, "melding.datum", json!("2026-04-17"));
    assert_eq!(run(&a).deadlines.eerste_gesprek, Some(day(2026, 5, 18)));
    // A policy's extra days cannot make it a working day again.
    let p = policy(&DEFAULT_POLICY_TOML.replace(
        "extra_vrije_dagen = []",
        "extra_vrije_dagen = [\"2029-05-11\"]",
    ));
    assert_eq!(
        run_policy(&a, &p).deadlines.eerste_gesprek,
        Some(day(2026, 5, 18))
    );
}

// ---- case format: new items, old files -------------------------------------------------------

#[test]
fn the_new_items_import_and_round_trip_and_old_files_still_import() {
    let checklists = Checklists::embedded();
    let text = std::fs::read_to_string("fixtures/cases/bewind-uitstroom.json").expect("fixture");
    let file = parse_case_file(&text, &checklists).expect("v2 items are ordinary answers");
    let case = file.into_case("2026-00140".into(), fixed_now());
    let again = to_case_json(&case, &checklists).to_string();
    let back = parse_case_file(&again, &checklists).expect("round trip");
    assert_eq!(back.answers, case.answers);
    assert_eq!(
        back.answers.value("doc.bankafschriften"),
        case.answers.value("doc.bankafschriften")
    );
    // Every version-1 fixture still imports unchanged.
    for entry in std::fs::read_dir("fixtures/cases").expect("dir") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(
            parse_case_file(&text, &checklists).is_ok(),
            "{}",
            path.display()
        );
    }
}

// ---- loket beleid controleer ------------------------------------------------------------------

fn loket(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(args)
        .output()
        .expect("run loket")
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn policy_file(dir: &tempfile::TempDir, text: &str) -> String {
    let p = dir.path().join("beleid.toml");
    std::fs::write(&p, text).expect("write");
    p.display().to_string()
}

#[test]
fn beleid_controleer_accepts_the_default_and_warns_when_the_newest_period_is_old() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = policy_file(&dir, DEFAULT_POLICY_TOML);
    let fresh = loket(&["beleid", "controleer", "--today", "2026-08-01", &file]);
    assert_eq!(fresh.status.code(), Some(0), "{}", err(&fresh));
    assert!(
        out(&fresh).contains("in orde (2 periodes"),
        "{}",
        out(&fresh)
    );
    assert!(
        out(&fresh).contains("normen per 1 januari 2026"),
        "{}",
        out(&fresh)
    );
    assert!(!err(&fresh).contains("let op"), "{}", err(&fresh));
    // One day more than seven months after 1 January 2026.
    let stale = loket(&["beleid", "controleer", "--today", "2026-08-02", &file]);
    assert_eq!(stale.status.code(), Some(0));
    assert!(err(&stale).contains("let op"), "{}", err(&stale));
    assert!(err(&stale).contains("1 januari 2026"), "{}", err(&stale));
    // A version-1 file loads, with a warning that its amounts have no date.
    let v1 = policy_file(&dir, include_str!("../../fixtures/policy/v1.toml"));
    let o = loket(&["beleid", "controleer", "--today", "2026-11-24", &v1]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(err(&o).contains("versie 1"), "{}", err(&o));
}

#[test]
fn beleid_controleer_exits_2_naming_each_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (text, needles) in [
        (
            DEFAULT_POLICY_TOML.replace(
                "geldig_vanaf = \"2026-01-01\"",
                "geldig_vanaf = \"2025-07-01\"",
            ),
            vec!["twee periodes met dezelfde datum 2025-07-01"],
        ),
        (
            DEFAULT_POLICY_TOML.replace("paar = \"2002.13\"\n", ""),
            vec!["periode[2].norm.paar: ontbreekt"],
        ),
        (
            DEFAULT_POLICY_TOML.replacen(
                "adviesrecht = true",
                "adviesrecht = true\nbijstand = 1",
                1,
            ),
            vec!["bijstand: onbekende sleutel"],
        ),
        (
            DEFAULT_POLICY_TOML.replacen(
                "adviesrecht = true",
                "adviesrecht = true\nbasishuur = \"250.00\"",
                1,
            ),
            vec!["periode:", "basishuur"],
        ),
    ] {
        let file = policy_file(&dir, &text);
        let o = loket(&["beleid", "controleer", &file]);
        assert_eq!(o.status.code(), Some(2), "{needles:?}: {}", err(&o));
        for n in needles {
            assert!(err(&o).contains(n), "{n}: {}", err(&o));
        }
    }
}

#[test]
fn loket_segment_uses_the_birth_date_of_the_case_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string("fixtures/cases/coaching-stabiel.json")
        .expect("fixture")
        .replace(
            "\"name\": \"Coaching Stabiel\"",
            "\"name\": \"Coaching Stabiel\", \"birth_date\": \"2006-02-28\"",
        );
    assert!(text.contains("2006-02-28"), "fixture name changed");
    let path = dir.path().join("jong.json");
    std::fs::write(&path, text).expect("write");
    let o = loket(&[
        "segment",
        "--today",
        "2026-11-24",
        &path.display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let j: J = serde_json::from_slice(&o.stdout).expect("json");
    // 328.69 (youth norm) + (650 − 238.01)
    assert_eq!(j["debt_route"]["vtlb"], "740.68");
}

// ---- the screens ------------------------------------------------------------------------------

#[test]
fn the_case_screen_reminds_to_report_back_and_says_who_gathers_which_document() {
    let mut h = Harness::new();
    h.import_fixture("bewind-uitstroom.json");
    h.enter();
    let text = h.text();
    assert!(text.contains("Terugkoppelen aan Wijkteam Oost"), "{text}");
    assert!(text.contains("Wijkteam Oost"), "{text}");
    assert!(text.contains("loket vraagt op"), "{text}");
    assert!(text.contains("inwoner levert aan"), "{text}");
}

#[test]
fn the_result_screen_shows_the_period_uitstroom_and_the_bijzondere_bijstand_reasoning() {
    let mut h = Harness::new();
    h.import_fixture("bewind-uitstroom.json");
    h.enter();
    h.keys("a");
    let first = h.text();
    assert!(first.contains("Normen per 1 januari 2026"), "{first}");
    let mut seen = first.clone();
    for _ in 0..80 {
        h.code(KeyCode::Down);
        seen.push_str(&h.text());
    }
    let flat = seen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Beschermingsbewind: uitstroom"), "{flat}");
    assert!(flat.contains("verzoek aan de kantonrechter"), "{flat}");
    assert!(
        flat.contains("Bijzondere bijstand voor de kosten: toereikend alternatief: budgetbeheer"),
        "{flat}"
    );
    assert!(flat.contains("kan bijzondere bijstand"), "{flat}");
}

#[test]
fn the_deadline_screen_shows_the_new_deadlines() {
    let mut h = Harness::new();
    h.import_fixture("bewind-uitstroom.json");
    h.keys("t");
    let text = h.text();
    // gemeente_advies: plan 10-11-2026 + 4 weeks = 08-12-2026; heroverweging: gesprek
    // 01-10-2026 + 3 months = 01-01-2027 (Nieuwjaarsdag) → 04-01-2027.
    assert!(text.contains("08-12-2026"), "{text}");
    assert!(text.contains("04-01-2027"), "{text}");
    assert!(text.to_lowercase().contains("advies gemeente"), "{text}");
    assert!(text.to_lowercase().contains("heroverweging"), "{text}");
}

/// The real binary in tmux: on start the workbench warns when the newest period of the policy
/// is more than seven months old (the shipped default's newest period is 1 January 2026; the
/// end-to-end date is 24 November 2026).
#[test]
fn the_workbench_warns_on_start_when_the_norms_are_old() {
    let s = crate::tmux::Session::new("stale");
    s.start();
    s.wait_for("Let op: de nieuwste periode in het beleid begint op 1 januari 2026");
}
