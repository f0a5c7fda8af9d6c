//! The Atw calendar against independent sources: a second Easter algorithm, a hand-written
//! holiday table, and properties of the term arithmetic.

use crate::support::day;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use loket::domain::calendar::{Calendar, easter, names};
use proptest::prelude::*;
use std::collections::BTreeMap;

/// Gauss's Easter algorithm with the Gregorian corrections and its two exceptions — a different
/// formulation from the Meeus/Jones/Butcher one under test.
fn gauss_easter(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year % 4;
    let c = year % 7;
    let k = year / 100;
    let p = (13 + 8 * k) / 25;
    let q = k / 4;
    let m = (15 - p + k - q) % 30;
    let n = (4 + k - q) % 7;
    let d = (19 * a + m) % 30;
    let e = (2 * b + 4 * c + 6 * d + n) % 7;
    if d == 29 && e == 6 {
        return day(year, 4, 19);
    }
    if d == 28 && e == 6 && (11 * m + 11) % 30 < 19 {
        return day(year, 4, 18);
    }
    let march = 22 + d + e;
    if march <= 31 {
        day(year, 3, u32::try_from(march).expect("day"))
    } else {
        day(year, 4, u32::try_from(march - 31).expect("day"))
    }
}

#[test]
fn easter_matches_gauss_for_1900_to_2199() {
    for year in 1900..=2199 {
        let ours = easter(year).expect("representable");
        assert_eq!(ours, gauss_easter(year), "Easter {year}");
        assert_eq!(ours.weekday(), Weekday::Sun, "Easter {year} is a Sunday");
        assert!(
            ours >= day(year, 3, 22) && ours <= day(year, 4, 25),
            "{ours}"
        );
    }
}

#[test]
fn easter_spot_checks() {
    for (y, m, d) in [
        (1818, 3, 22), // earliest possible date
        (1943, 4, 25), // latest possible date
        (1961, 4, 2),
        (2000, 4, 23),
        (2008, 3, 23),
        (2011, 4, 24),
        (2024, 3, 31),
        (2025, 4, 20),
        (2026, 4, 5),
        (2027, 3, 28),
        (2038, 4, 25),
        (2285, 3, 22),
    ] {
        assert_eq!(easter(y), Some(day(y, m, d)), "Easter {y}");
    }
}

/// Every Atw holiday 2026–2035, written out by hand (not derived from Easter in code).
/// Goede Vrijdag, Tweede Paasdag, Hemelvaartsdag, Tweede Pinksterdag, Koningsdag per year;
/// Nieuwjaarsdag, 5 mei and both Kerstdagen are added per year below.
const MOVABLE: [(i32, [(u32, u32); 5]); 10] = [
    (2026, [(4, 3), (4, 6), (5, 14), (5, 25), (4, 27)]),
    (2027, [(3, 26), (3, 29), (5, 6), (5, 17), (4, 27)]),
    (2028, [(4, 14), (4, 17), (5, 25), (6, 5), (4, 27)]),
    (2029, [(3, 30), (4, 2), (5, 10), (5, 21), (4, 27)]),
    (2030, [(4, 19), (4, 22), (5, 30), (6, 10), (4, 27)]),
    (2031, [(4, 11), (4, 14), (5, 22), (6, 2), (4, 26)]), // 27 April 2031 is a Sunday
    (2032, [(3, 26), (3, 29), (5, 6), (5, 17), (4, 27)]),
    (2033, [(4, 15), (4, 18), (5, 26), (6, 6), (4, 27)]),
    (2034, [(4, 7), (4, 10), (5, 18), (5, 29), (4, 27)]),
    (2035, [(3, 23), (3, 26), (5, 3), (5, 14), (4, 27)]),
];

#[test]
fn every_atw_holiday_2026_to_2035_and_no_other() {
    let cal = Calendar::default();
    for (year, movable) in MOVABLE {
        let mut expected: BTreeMap<NaiveDate, &str> = BTreeMap::new();
        let movable_names = [
            names::GOEDE_VRIJDAG,
            names::TWEEDE_PAASDAG,
            names::HEMELVAARTSDAG,
            names::TWEEDE_PINKSTERDAG,
            names::KONINGSDAG,
        ];
        for ((m, d), name) in movable.into_iter().zip(movable_names) {
            expected.insert(day(year, m, d), name);
        }
        expected.insert(day(year, 1, 1), names::NIEUWJAARSDAG);
        expected.insert(day(year, 5, 5), names::BEVRIJDINGSDAG);
        expected.insert(day(year, 12, 25), names::EERSTE_KERSTDAG);
        expected.insert(day(year, 12, 26), names::TWEEDE_KERSTDAG);
        assert_eq!(expected.len(), 9, "no coincidences in {year}");

        let mut found = BTreeMap::new();
        let mut d = day(year, 1, 1);
        while d.year() == year {
            if let Some(name) = cal.holiday_name(d) {
                found.insert(d, name);
                assert!(!cal.is_working_day(d), "{d} {name}");
            }
            d = d.succ_opt().expect("next day");
        }
        assert_eq!(found, expected, "holidays of {year}");
    }
}

#[test]
fn five_may_is_a_holiday_every_year_not_only_in_lustrum_years() {
    let cal = Calendar::default();
    // 2026-05-05 and 2027-05-05 are a Tuesday and a Wednesday.
    assert!(!cal.is_working_day(day(2026, 5, 5)));
    assert!(!cal.is_working_day(day(2027, 5, 5)));
    assert!(cal.is_working_day(day(2026, 5, 6)));
}

#[test]
fn weekdays_that_are_not_holidays_are_working_days() {
    let cal = Calendar::default();
    assert!(cal.is_working_day(day(2026, 4, 2))); // Maundy Thursday
    assert!(cal.is_working_day(day(2026, 12, 24))); // Christmas Eve
    assert!(cal.is_working_day(day(2026, 12, 31))); // New Year's Eve
    assert!(!cal.is_working_day(day(2026, 11, 21))); // Saturday
    assert!(!cal.is_working_day(day(2026, 11, 22))); // Sunday
}

#[test]
fn roll_forward_over_long_breaks() {
    let cal = Calendar::default();
    let cases = [
        // Goede Vrijdag → over Easter → Tuesday after Tweede Paasdag.
        (day(2026, 4, 3), day(2026, 4, 7)),
        // Christmas 2026: Friday 25, Saturday 26, Sunday 27 → Monday 28.
        (day(2026, 12, 25), day(2026, 12, 28)),
        // Christmas 2027: Saturday 25, Sunday 26 → Monday 27 (no substitute days in the Atw).
        (day(2027, 12, 25), day(2027, 12, 27)),
        // Nieuwjaarsdag 2028 is a Saturday → Monday 3 January.
        (day(2028, 1, 1), day(2028, 1, 3)),
        // Koningsdag 2031 on Saturday 26 April → Monday 28.
        (day(2031, 4, 26), day(2031, 4, 28)),
        // Hemelvaartsdag 2026 (Thursday 14 May) → Friday 15 May.
        (day(2026, 5, 14), day(2026, 5, 15)),
        // A working day stays.
        (day(2026, 11, 30), day(2026, 11, 30)),
    ];
    for (from, to) in cases {
        assert_eq!(cal.roll_forward(from), Some(to), "roll_forward({from})");
    }
}

#[test]
fn working_days_skip_holidays_and_weekends() {
    let cal = Calendar::default();
    let cases = [
        // Thursday before Easter 2026: Fri holiday, weekend, Monday holiday → Tue, Wed, Thu.
        (day(2026, 4, 2), 3, day(2026, 4, 9)),
        // Wednesday before Hemelvaart 2026 → Fri 15, Mon 18, Tue 19.
        (day(2026, 5, 13), 3, day(2026, 5, 19)),
        // Christmas Eve 2026 (Thursday) → Mon 28, Tue 29, Wed 30.
        (day(2026, 12, 24), 3, day(2026, 12, 30)),
        // 30 Dec 2026 (Wednesday) → Thu 31, (1 Jan holiday), Mon 4, Tue 5.
        (day(2026, 12, 30), 3, day(2027, 1, 5)),
        // Friday 24 April 2026 → Mon 27 is Koningsdag → Tue 28, Wed 29, Thu 30.
        (day(2026, 4, 24), 3, day(2026, 4, 30)),
        // Monday 4 May 2026 → Tue 5 May is a holiday → Wed 6, Thu 7, Fri 8.
        (day(2026, 5, 4), 3, day(2026, 5, 8)),
        // A Saturday start counts from Monday.
        (day(2026, 11, 21), 1, day(2026, 11, 23)),
    ];
    for (from, n, to) in cases {
        assert_eq!(
            cal.add_working_days(from, n),
            Some(to),
            "{n} werkdagen na {from}"
        );
    }
}

#[test]
fn extra_days_from_a_royal_decree_count_as_holidays() {
    // The Friday after Hemelvaartsdag 2026, equated by decree.
    let cal = Calendar::new(&[day(2026, 5, 15)]);
    assert_eq!(cal.roll_forward(day(2026, 5, 14)), Some(day(2026, 5, 18)));
    assert_eq!(
        cal.add_working_days(day(2026, 5, 13), 1),
        Some(day(2026, 5, 18))
    );
    assert_eq!(cal.holiday_name(day(2026, 5, 15)), Some(names::BIJ_BESLUIT));
}

#[test]
fn month_terms_clamp_to_the_last_day_then_roll() {
    let cal = Calendar::default();
    // 30 November + 3 months = 28 February 2027, a Sunday → Monday 1 March.
    assert_eq!(cal.term_months(day(2026, 11, 30), 3), Some(day(2027, 3, 1)));
    // In a leap year the clamp lands on 29 February (2028-02-29 is a Tuesday).
    assert_eq!(
        cal.term_months(day(2027, 11, 30), 3),
        Some(day(2028, 2, 29))
    );
    // 31 January + 3 months = 30 April 2026, a Thursday.
    assert_eq!(cal.term_months(day(2026, 1, 31), 3), Some(day(2026, 4, 30)));
    // 27 January 2026 + 3 months = Koningsdag (Monday) → Tuesday 28 April.
    assert_eq!(cal.term_months(day(2026, 1, 27), 3), Some(day(2026, 4, 28)));
}

#[test]
fn day_terms_roll_forward_only_at_the_end() {
    let cal = Calendar::default();
    // Holidays inside a term do not lengthen it: 1 April + 14 days = Wednesday 15 April.
    assert_eq!(cal.term_days(day(2026, 4, 1), 14), Some(day(2026, 4, 15)));
    // Ending on Tweede Pinksterdag 2026 (25 May) → Tuesday 26 May.
    assert_eq!(cal.term_days(day(2026, 5, 11), 14), Some(day(2026, 5, 26)));
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    // 1900-01-01 .. 2199-12-31
    (0u64..109_572).prop_map(|n| day(1900, 1, 1) + Days::new(n))
}

fn any_calendar() -> impl Strategy<Value = Calendar> {
    proptest::collection::vec(any_date(), 0..8).prop_map(|v| Calendar::new(&v))
}

proptest! {
    #[test]
    fn add_working_days_counts_exactly_n(cal in any_calendar(), x in any_date(), n in 1u32..40) {
        let result = cal.add_working_days(x, n).expect("in range");
        prop_assert!(result > x);
        prop_assert!(cal.is_working_day(result));
        let mut count = 0;
        let mut d = x;
        while d < result {
            d = d.succ_opt().expect("next");
            if cal.is_working_day(d) {
                count += 1;
            }
        }
        prop_assert_eq!(count, n);
    }

    #[test]
    fn roll_forward_is_idempotent_and_minimal(cal in any_calendar(), d in any_date()) {
        let r = cal.roll_forward(d).expect("in range");
        prop_assert!(r >= d);
        prop_assert!(cal.is_working_day(r));
        prop_assert_eq!(cal.roll_forward(r), Some(r));
        if cal.is_working_day(d) {
            prop_assert_eq!(r, d);
        }
        // No working day is skipped on the way.
        let mut between = d;
        while between < r {
            prop_assert!(!cal.is_working_day(between));
            between = between.succ_opt().expect("next");
        }
    }

    #[test]
    fn terms_end_on_a_working_day(cal in any_calendar(), d in any_date(), n in 0u32..400, m in 0u32..36) {
        let t = cal.term_days(d, n).expect("in range");
        prop_assert!(cal.is_working_day(t));
        prop_assert!(t >= d + Days::new(u64::from(n)));
        let tm = cal.term_months(d, m).expect("in range");
        prop_assert!(cal.is_working_day(tm));
    }

    #[test]
    fn weekends_are_never_working_days(d in any_date()) {
        if matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            prop_assert!(!Calendar::default().is_working_day(d));
        }
    }
}
