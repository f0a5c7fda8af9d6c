//! The `loket-case/1` exchange format: one test per bad-input class of CASE-FORMAT.md, each
//! checking the Dutch message, and export → import round trips.

use chrono::{DateTime, TimeZone, Utc};
use loket::domain::bsn::Bsn;
use loket::domain::case::{Case, Client, Debt, DebtCategory, Note, Status};
use loket::domain::checklist::Checklists;
use loket::domain::exchange::{CaseFile, CaseFileError, parse_case_file, to_case_json};
use loket::domain::provision::{Decision, Provision};
use rust_decimal::Decimal;
use serde_json::{Value as J, json};
use std::str::FromStr;

fn minimal() -> J {
    json!({
        "format": "loket-case/1",
        "client": { "name": "Jan Jansen" },
        "answers": { "schuldhulp": { "melding.datum": "2026-11-02" } }
    })
}

fn parse(j: &J) -> Result<CaseFile, CaseFileError> {
    parse_case_file(&j.to_string(), &Checklists::embedded())
}

/// The message for a file with one answer changed.
fn answer_error(checklist: &str, item: &str, value: J) -> String {
    let mut j = minimal();
    j["answers"][checklist][item] = value;
    parse(&j).expect_err("must be refused").to_string()
}

fn assert_contains(msg: &str, parts: &[&str]) {
    for p in parts {
        assert!(msg.contains(p), "message lacks {p:?}:\n{msg}");
    }
}

#[test]
fn minimal_file_is_accepted() {
    let f = parse(&minimal()).expect("valid");
    assert_eq!(f.client.name, "Jan Jansen");
    assert!(f.answers.is_started("schuldhulp"));
    assert!(!f.answers.is_started("bewind"));
    assert_eq!(
        f.answers.0["schuldhulp"]["melding.datum"].checklist_version,
        1
    );
}

#[test]
fn unknown_format_version() {
    let mut j = minimal();
    j["format"] = json!("loket-case/2");
    let msg = parse(&j).expect_err("refused").to_string();
    assert_contains(
        &msg,
        &[
            "format",
            "onbekende formaatversie",
            "\"loket-case/2\"",
            "loket-case/1",
        ],
    );
    let mut j = minimal();
    j.as_object_mut().expect("object").remove("format");
    let msg = parse(&j).expect_err("refused").to_string();
    assert_contains(&msg, &["format: ontbreekt", "loket-case/1"]);
}

#[test]
fn unknown_checklist() {
    let mut j = minimal();
    j["answers"]["bewindd"] = json!({});
    let msg = parse(&j).expect_err("refused").to_string();
    assert_contains(
        &msg,
        &[
            "onbekende checklist \"bewindd\"",
            "bedoelt u \"bewind\"?",
            "schuldhulp, bewind",
        ],
    );
}

#[test]
fn unknown_item_with_nearest_suggestion() {
    let msg = answer_error("schuldhulp", "fn.admnistratie", json!(3));
    assert_contains(
        &msg,
        &[
            "onbekend item \"fn.admnistratie\"",
            "bedoelt u \"fn.administratie\"?",
        ],
    );
    // An item of the other checklist says where it belongs.
    let msg = answer_error("schuldhulp", "bewind.grond", json!(["schulden"]));
    assert_contains(
        &msg,
        &[
            "onbekend item \"bewind.grond\"",
            "hoort bij checklist \"bewind\"",
        ],
    );
}

#[test]
fn wrong_type_names_item_value_and_expectation() {
    let msg = answer_error("schuldhulp", "crisis.ontruiming", json!("ja"));
    assert_contains(
        &msg,
        &["crisis.ontruiming", "\"ja\"", "verwacht true of false"],
    );
    let msg = answer_error("schuldhulp", "melding.datum", json!("2-11-2026"));
    assert_contains(&msg, &["melding.datum", "\"2-11-2026\"", "2026-11-02"]);
    let msg = answer_error("schuldhulp", "inkomen.bron", json!("loon"));
    assert_contains(&msg, &["inkomen.bron", "\"loon\"", "lijst van opties"]);
}

#[test]
fn out_of_range_names_item_value_and_range() {
    let msg = answer_error("schuldhulp", "fn.administratie", json!(7));
    assert_contains(&msg, &["fn.administratie", "7", "tussen 1 en 5"]);
    let msg = answer_error("schuldhulp", "fn.administratie", json!(0));
    assert_contains(&msg, &["fn.administratie", "0", "tussen 1 en 5"]);
    let msg = answer_error("schuldhulp", "huishouden.minderjarigen", json!(-1));
    assert_contains(
        &msg,
        &["huishouden.minderjarigen", "-1", "geheel getal ≥ 0"],
    );
}

#[test]
fn json_number_for_money_is_refused() {
    let msg = answer_error("schuldhulp", "inkomen.netto", json!(1450.0));
    assert_contains(&msg, &["inkomen.netto", "1450", "bedrag als tekst"]);
    let mut j = minimal();
    j["debts"] = json!([{ "creditor": "CJIB", "category": "publiek", "amount": 120 }]);
    let msg = parse(&j).expect_err("refused").to_string();
    assert_contains(&msg, &["debts[1].amount", "120", "als tekst"]);
}

#[test]
fn more_than_two_decimals_is_refused() {
    let msg = answer_error("schuldhulp", "lasten.wonen", json!("650.005"));
    assert_contains(
        &msg,
        &["lasten.wonen", "\"650.005\"", "hooguit 2 decimalen"],
    );
}

#[test]
fn negative_money_is_refused() {
    let msg = answer_error("schuldhulp", "inkomen.netto", json!("-10.00"));
    assert_contains(&msg, &["inkomen.netto", "\"-10.00\"", "niet negatief"]);
    let mut j = minimal();
    j["debts"] = json!([{ "creditor": "CJIB", "category": "publiek", "amount": "-5.00" }]);
    let msg = parse(&j).expect_err("refused").to_string();
    assert_contains(&msg, &["debts[1].amount", "niet negatief"]);
}

#[test]
fn invalid_bsn_is_refused() {
    let mut j = minimal();
    j["client"]["bsn"] = json!("123456789");
    let msg = parse(&j).expect_err("refused").to_string();
    assert_contains(&msg, &["client.bsn", "elfproef"]);
    j["client"]["bsn"] = json!("12345");
    let msg = parse(&j).expect_err("refused").to_string();
    assert_contains(&msg, &["client.bsn", "9 cijfers"]);
    j["client"]["bsn"] = json!("111222333");
    assert!(parse(&j).is_ok());
}

#[test]
fn geen_together_with_another_ground_is_refused() {
    let msg = answer_error("bewind", "bewind.grond", json!(["geen", "schulden"]));
    assert_contains(
        &msg,
        &["bewind.grond", "\"geen\" kan niet samen met andere opties"],
    );
}

#[test]
fn malformed_json_reports_line_and_column() {
    let text = "{\n  \"format\": \"loket-case/1\",\n  \"client\": { \"name\": \"X\" }\n  \"answers\": {}\n}\n";
    let err = parse_case_file(text, &Checklists::embedded()).expect_err("refused");
    match &err {
        CaseFileError::Json { line, column, .. } => {
            assert_eq!(*line, 4);
            assert_eq!(*column, 3);
        }
        other => panic!("expected a JSON error, got {other:?}"),
    }
    assert_contains(
        &err.to_string(),
        &["geen geldige JSON", "regel 4, kolom 3", "komma"],
    );
    let err = parse_case_file("{\"format\": ", &Checklists::embedded()).expect_err("refused");
    assert_contains(&err.to_string(), &["regel 1", "onverwacht op"]);
}

#[test]
fn empty_or_missing_client_name_is_refused() {
    let mut j = minimal();
    j["client"]["name"] = json!("   ");
    let msg = parse(&j).expect_err("refused").to_string();
    assert_contains(&msg, &["client.name", "leeg"]);
    j["client"].as_object_mut().expect("object").remove("name");
    let msg = parse(&j).expect_err("refused").to_string();
    assert_contains(&msg, &["client.name", "ontbreekt"]);
    j.as_object_mut().expect("object").remove("client");
    let msg = parse(&j).expect_err("refused").to_string();
    assert_contains(&msg, &["client", "ontbreekt"]);
}

#[test]
fn totals_given_with_a_non_empty_debt_list_are_refused() {
    let mut j = minimal();
    j["debts"] = json!([{ "creditor": "Woonstichting", "category": "nuts", "amount": "1200.00" }]);
    assert!(parse(&j).is_ok());
    j["answers"]["schuldhulp"]["schulden.totaal"] = json!("1200.00");
    j["answers"]["schuldhulp"]["schulden.schuldeisers"] = json!(1);
    let err = parse(&j).expect_err("refused");
    let msg = err.to_string();
    assert_contains(
        &msg,
        &["schulden.totaal", "schulden.schuldeisers", "schuldenlijst"],
    );
    assert_eq!(err.problems().len(), 2);
    // With an empty list, the answers are the source.
    j["debts"] = json!([]);
    assert!(parse(&j).is_ok());
}

#[test]
fn unknown_option_names_the_allowed_ones() {
    let msg = answer_error("schuldhulp", "huishouden.type", json!("single"));
    assert_contains(
        &msg,
        &[
            "huishouden.type",
            "onbekende optie \"single\"",
            "alleenstaand, alleenstaande_ouder, paar, paar_met_kinderen",
        ],
    );
    let msg = answer_error("schuldhulp", "inkomen.bron", json!(["loon", "bijstand"]));
    assert_contains(&msg, &["inkomen.bron", "\"bijstand\"", "toegestaan: loon"]);
}

#[test]
fn bad_debt_category_note_timestamp_and_unknown_keys() {
    let mut j = minimal();
    j["debts"] =
        json!([{ "creditor": "X", "category": "belasting", "amount": "1.00", "bailiff": true }]);
    j["notes"] = json!([{ "at": "2026-11-02 10:15", "by": "balie1", "text": "t" }]);
    j["extra"] = json!(1);
    let err = parse(&j).expect_err("refused");
    let msg = err.to_string();
    assert_contains(
        &msg,
        &[
            "debts[1].category: onbekende categorie \"belasting\"; toegestaan: nuts, publiek, zorg, overig",
            "debts[1].bailiff: onbekende sleutel",
            "notes[1].at: \"2026-11-02 10:15\" is geen tijdstip",
            "extra: onbekende sleutel",
        ],
    );
    assert_eq!(err.problems().len(), 4, "{msg}");
}

#[test]
fn several_problems_are_reported_together() {
    let mut j = minimal();
    j["client"]["name"] = json!("");
    j["answers"]["schuldhulp"]["fn.impuls"] = json!(9);
    j["answers"]["schuldhulp"]["huishouden.type"] = json!("single");
    let err = parse(&j).expect_err("refused");
    assert_eq!(err.problems().len(), 3, "{err}");
}

#[test]
fn null_is_unanswered_and_an_empty_checklist_is_started() {
    let mut j = minimal();
    j["answers"]["schuldhulp"]["fn.impuls"] = J::Null;
    j["answers"]["bewind"] = json!({});
    let f = parse(&j).expect("valid");
    assert!(f.answers.get("schuldhulp", "fn.impuls").is_none());
    assert!(f.answers.is_started("bewind"));
}

// ---- round trips -----------------------------------------------------------------------------

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0)
        .single()
        .expect("time")
}

fn round_trip(case: &Case) -> Case {
    let checklists = Checklists::embedded();
    let json = to_case_json(case, &checklists);
    let text = serde_json::to_string_pretty(&json).expect("json");
    let file = parse_case_file(&text, &checklists).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let id = file.case_id.clone().expect("case_id exported");
    file.into_case(id, now())
}

#[test]
fn every_fixture_round_trips() {
    let checklists = Checklists::embedded();
    let mut n = 0;
    for entry in std::fs::read_dir("fixtures/cases").expect("dir") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        let file = parse_case_file(&text, &checklists)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let case = file
            .clone()
            .into_case(file.case_id.clone().unwrap_or_default(), now());
        assert_eq!(round_trip(&case), case, "{}", path.display());
        // Export is stable: the same case gives the same text.
        assert_eq!(
            to_case_json(&case, &checklists),
            to_case_json(&round_trip(&case), &checklists)
        );
        n += 1;
    }
    assert!(n >= 6);
}

#[test]
fn a_full_case_round_trips_with_client_debts_notes_status_and_decision() {
    let text =
        std::fs::read_to_string("fixtures/cases/bewind-schulden-instabiel.json").expect("fixture");
    let checklists = Checklists::embedded();
    let mut f = parse_case_file(&text, &checklists).expect("valid");
    // The debt list replaces the totals.
    if let Some(m) = f.answers.0.get_mut("schuldhulp") {
        m.remove("schulden.totaal");
        m.remove("schulden.schuldeisers");
    }
    let mut case = f.into_case("2026-00042".to_string(), now());
    case.client = Client {
        name: "Fatima el Amrani".to_string(),
        birth_date: chrono::NaiveDate::from_ymd_opt(1985, 6, 1),
        bsn: Some(Bsn::parse("111222333").expect("bsn")),
        phone: Some("06-12345678".to_string()),
        address: Some("Dorpsstraat 1, Oost".to_string()),
    };
    case.status = Status::Besluit;
    case.debts = vec![
        Debt {
            creditor: "Woonstichting Oost".to_string(),
            category: DebtCategory::Nuts,
            amount: Decimal::from_str("1200.5").expect("dec"),
            collector: true,
            garnishment: false,
        },
        Debt {
            creditor: "CJIB".to_string(),
            category: DebtCategory::Publiek,
            amount: Decimal::from_str("17049.50").expect("dec"),
            collector: false,
            garnishment: true,
        },
    ];
    case.notes = vec![Note {
        at: Utc
            .with_ymd_and_hms(2026, 11, 2, 10, 15, 0)
            .single()
            .expect("time"),
        by: "balie1".to_string(),
        text: "Belt terug na loonstrook.".to_string(),
    }];
    case.decision = Some(Decision {
        proposed: Some(Provision::Beschermingsbewind),
        decided: Provision::BudgetbeheerTotaal,
        reason: Some("Eerst budgetbeheer proberen, familie helpt.".to_string()),
        at: now(),
        by: "consulent2".to_string(),
    });
    let back = round_trip(&case);
    // Amounts compare by value (1200.5 == 1200.50).
    assert_eq!(back, case);
    let json = to_case_json(&case, &checklists);
    assert_eq!(json["debts"][0]["amount"], "1200.50");
    assert_eq!(json["notes"][0]["at"], "2026-11-02T10:15:00Z");
    assert_eq!(json["client"]["bsn"], "111222333");
    assert_eq!(json["status"], "besluit");
    assert_eq!(json["decision"]["decided"], "budgetbeheer_totaal");
    assert!(
        json["answers"]["schuldhulp"]
            .get("schulden.totaal")
            .is_none()
    );
}

#[test]
fn note_timestamps_with_an_offset_become_utc() {
    let mut j = minimal();
    j["notes"] = json!([{ "at": "2026-11-02T11:15:00+01:00", "by": "balie1", "text": "t" }]);
    let f = parse(&j).expect("valid");
    assert_eq!(
        f.notes[0].at,
        Utc.with_ymd_and_hms(2026, 11, 2, 10, 15, 0)
            .single()
            .expect("time")
    );
}

#[test]
fn amounts_too_large_to_compute_with_are_refused_not_panicked_on() {
    let msg = answer_error(
        "schuldhulp",
        "inkomen.netto",
        json!("9999999999999999999999999999"),
    );
    assert_contains(&msg, &["inkomen.netto", "te groot"]);
    let mut j = minimal();
    j["debts"] = json!([
        { "creditor": "A", "category": "overig", "amount": "79228162514264337593543950335" },
        { "creditor": "B", "category": "overig", "amount": "1.00" }
    ]);
    let msg = parse(&j).expect_err("refused").to_string();
    assert_contains(&msg, &["te groot"]);
}

#[test]
fn an_empty_multi_select_is_unanswered_so_bewind_needs_a_ground() {
    let mut j = minimal();
    j["answers"]["bewind"] = json!({ "bewind.grond": [] });
    let f = parse(&j).expect("an empty list is read as unanswered");
    assert_eq!(f.answers.get("bewind", "bewind.grond"), None);
    assert!(f.answers.is_started("bewind"));
}

#[test]
fn a_debt_list_does_not_start_the_schuldhulp_checklist() {
    let mut j = json!({
        "format": "loket-case/1",
        "client": { "name": "Jan Jansen" },
        "answers": { "bewind": {} },
        "debts": [ { "creditor": "A", "category": "nuts", "amount": "100.00" } ]
    });
    let f = parse(&j).expect("valid");
    let eff = loket::domain::case::effective_answers(&f.answers, &f.debts, 1);
    assert!(!eff.is_started("schuldhulp"));
    let missing = Checklists::embedded().missing(&eff);
    assert!(
        missing
            .iter()
            .all(|m| !m.starts_with("schulden.") && !m.starts_with("fn.")),
        "{missing:?}"
    );
    // Once schuldhulp is started, the list supplies the totals.
    j["answers"]["schuldhulp"] = json!({});
    let f = parse(&j).expect("valid");
    let eff = loket::domain::case::effective_answers(&f.answers, &f.debts, 1);
    assert_eq!(
        eff.get("schuldhulp", "schulden.totaal"),
        Some(&loket::domain::answers::Value::Eur(
            Decimal::from_str("100.00").expect("dec")
        ))
    );
}
