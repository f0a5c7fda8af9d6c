//! What a person types at the counter: every accepted money, date and number spelling gives the
//! exact value, every rejection is a Dutch sentence, and what loket displays parses back.

use crate::support::{day, dec, today};
use chrono::{Datelike, NaiveDate};
use loket::domain::input::{parse_date, parse_int, parse_money};
use loket::domain::money;
use proptest::prelude::*;
use rust_decimal::Decimal;

/// A fixed "today", so `vandaag` is reproducible.
/// Every rejection reads as Dutch to the person at the counter, and names no Rust internals.
fn assert_dutch(message: &str, words: &[&str]) {
    assert!(
        words.iter().any(|w| message.contains(w)),
        "message {message:?} should contain one of {words:?}"
    );
    for english in ["invalid", "error", "expected", "parse", "Err", "digit"] {
        assert!(!message.contains(english), "{message:?} is not Dutch");
    }
}

// ---------------------------------------------------------------- money

#[test]
fn money_accepted_spellings_give_the_exact_value() {
    let cases = [
        ("1.250,50", "1250.50"),
        ("1250.50", "1250.50"),
        ("1250,50", "1250.50"),
        ("1.250", "1250"),
        ("€ 1.250,50", "1250.50"),
        ("0,05", "0.05"),
        ("€1.250,50", "1250.50"),
        ("  1250,5 ", "1250.5"),
        ("1250", "1250"),
        ("0", "0"),
        ("1.250.000,00", "1250000.00"),
        ("12,3", "12.3"),
    ];
    for (input, want) in cases {
        let got = parse_money(input).unwrap_or_else(|e| panic!("{input:?} rejected: {e}"));
        assert_eq!(got, dec(want), "{input:?}");
        // Exact: the scale is never more than the cents typed, and no float crept in.
        assert!(got.scale() <= 2, "{input:?} scale {}", got.scale());
    }
    // "0,05" is five cents exactly, not 0.05000000001.
    assert_eq!(parse_money("0,05"), Ok(Decimal::new(5, 2)));
    assert_eq!(parse_money("1.250,50"), Ok(Decimal::new(125_050, 2)));
}

#[test]
fn money_rejections_are_dutch() {
    let neg = parse_money("-5").expect_err("negative").to_string();
    assert_dutch(&neg, &["negatief"]);

    let three = parse_money("12,345")
        .expect_err("three decimals")
        .to_string();
    assert_dutch(&three, &["twee cijfers na de komma"]);
    assert!(three.contains("12,345"), "{three}");

    for bad in [
        "1.2.3",
        "abc",
        "12a",
        "€ twaalf",
        "1,2,3",
        "12.",
        ",5",
        "1.25.0",
    ] {
        let e = parse_money(bad).expect_err(bad).to_string();
        assert_dutch(&e, &["geen bedrag"]);
        assert!(
            e.contains(bad),
            "{bad}: message should quote the input: {e}"
        );
        assert!(
            e.contains("1.250,50"),
            "{bad}: message should give an example: {e}"
        );
    }

    let empty = parse_money("   ").expect_err("empty").to_string();
    assert_dutch(&empty, &["Vul een bedrag in"]);
}

// ---------------------------------------------------------------- dates

#[test]
fn date_accepted_spellings_give_the_exact_day() {
    let cases = [
        ("2-11-2026", day(2026, 11, 2)),
        ("02-11-2026", day(2026, 11, 2)),
        ("2026-11-02", day(2026, 11, 2)),
        ("2026-11-2", day(2026, 11, 2)),
        ("vandaag", today()),
        ("Vandaag", today()),
        (" VANDAAG ", today()),
        ("29-02-2028", day(2028, 2, 29)),
        ("31-12-2026", day(2026, 12, 31)),
        ("1-1-2027", day(2027, 1, 1)),
    ];
    for (input, want) in cases {
        assert_eq!(parse_date(input, today()), Ok(want), "{input:?}");
    }
    // `vandaag` is the given today, whatever it is.
    assert_eq!(
        parse_date("vandaag", day(2030, 1, 31)),
        Ok(day(2030, 1, 31))
    );
}

#[test]
fn date_rejections_are_dutch() {
    for impossible in [
        "31-02-2026",
        "29-02-2026",
        "2026-02-31",
        "0-11-2026",
        "2-13-2026",
    ] {
        let e = parse_date(impossible, today())
            .expect_err(impossible)
            .to_string();
        assert_dutch(&e, &["bestaat niet in de kalender"]);
        assert!(e.contains(impossible), "{e}");
    }
    for bad in [
        "-5",
        "12,345",
        "1.2.3",
        "abc",
        "morgen",
        "2 november 2026",
        "2/11/2026",
        "2026/11/02",
        "11-2026",
        "2-11-26",
        "",
    ] {
        let e = parse_date(bad, today()).expect_err(bad).to_string();
        assert_dutch(&e, &["geen datum"]);
        assert!(e.contains("26-11-2026") && e.contains("vandaag"), "{e}");
    }
}

// ---------------------------------------------------------------- whole numbers

#[test]
fn int_accepted_spellings() {
    for (input, want) in [("0", 0), ("3", 3), (" 12 ", 12), ("007", 7)] {
        assert_eq!(parse_int(input), Ok(want), "{input:?}");
    }
}

#[test]
fn int_rejections_are_dutch() {
    assert_dutch(
        &parse_int("-5").expect_err("negative").to_string(),
        &["negatief"],
    );
    for bad in ["12,345", "1.2.3", "abc", "2,5", "3 kinderen", ""] {
        let e = parse_int(bad).expect_err(bad).to_string();
        assert_dutch(&e, &["geen geheel getal"]);
    }
    let big = parse_int("99999999999").expect_err("too big").to_string();
    assert_dutch(&big, &["te groot"]);
}

// ---------------------------------------------------------------- round trips

/// Amounts ≥ 0 with at most two decimals, from cents up to the largest amount loket accepts
/// (`money::max_amount`, € 10^12); above it parsing refuses (tested in the money module).
fn amount() -> impl Strategy<Value = Decimal> {
    (0..=1_000_000_000_000_i64, 0u32..=2)
        .prop_map(|(mantissa, scale)| Decimal::new(mantissa, scale))
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    // Years with four digits, as the counter types them.
    (day(1000, 1, 1).num_days_from_ce()..=day(9999, 12, 31).num_days_from_ce())
        .prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).expect("in range"))
}

proptest! {
    #[test]
    fn displayed_money_parses_back(d in amount()) {
        let shown = money::to_display(d);
        let bare = shown.strip_prefix("€ ").expect("display starts with € ");
        prop_assert_eq!(parse_money(bare), Ok(d), "{}", bare);
        // With the euro sign, as shown on screen, too.
        prop_assert_eq!(parse_money(&shown), Ok(d), "{}", shown);
        // And the contract spelling ("1450.00") is accepted at the counter as well.
        prop_assert_eq!(parse_money(&money::to_contract(d)), Ok(d));
    }

    #[test]
    fn dutch_formatted_dates_parse_back(date in any_date()) {
        let dutch = date.format("%d-%m-%Y").to_string();
        prop_assert_eq!(parse_date(&dutch, today()), Ok(date), "{}", dutch);
        let short = date.format("%-d-%-m-%Y").to_string();
        prop_assert_eq!(parse_date(&short, today()), Ok(date), "{}", short);
        let iso = date.format("%Y-%m-%d").to_string();
        prop_assert_eq!(parse_date(&iso, today()), Ok(date), "{}", iso);
    }

    #[test]
    fn displayed_whole_numbers_parse_back(n in any::<u32>()) {
        prop_assert_eq!(parse_int(&n.to_string()), Ok(n));
    }

    #[test]
    fn no_input_panics(s in "\\PC{0,20}") {
        let _ = parse_money(&s);
        let _ = parse_date(&s, today());
        let _ = parse_int(&s);
    }
}

#[test]
fn the_round_trip_examples_from_the_screen() {
    assert_eq!(money::to_display(dec("1250.5")), "€ 1.250,50");
    assert_eq!(parse_money("€ 1.250,50"), Ok(dec("1250.5")));
    assert_eq!(money::to_display(dec("0.05")), "€ 0,05");
    assert_eq!(parse_money("0,05"), Ok(dec("0.05")));
    assert_eq!(
        day(2026, 11, 2).format("%d-%m-%Y").to_string(),
        "02-11-2026"
    );
    assert_eq!(day(2026, 11, 2).year(), 2026);
}
