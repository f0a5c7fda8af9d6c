//! Working days under the Algemene termijnenwet (SEGMENTATION.md §5). Owned by the deadlines work.
//!
//! A day is not a working day when it is a Saturday or Sunday, one of the holidays of Atw art. 3
//! lid 1 (Nieuwjaarsdag, Tweede Paasdag, Hemelvaartsdag, Tweede Pinksterdag, Koningsdag, 5 mei,
//! Eerste and Tweede Kerstdag), Goede Vrijdag (equated by art. 3 lid 2), or a day equated by royal
//! decree under art. 3 lid 3. *(rules v2)* The decrees known at release (2023–2028) are built in
//! ([`DECREE_DAYS`]); the policy's `extra_vrije_dagen` adds days to them, never removes one.
//!
//! Every computation is pure and total: arithmetic returns `None` only when the result would fall
//! outside the dates chrono can represent (beyond the year ±262 000), never by panicking.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use std::collections::BTreeSet;

/// Easter Sunday of a year in the (proleptic) Gregorian calendar.
///
/// The anonymous Gregorian algorithm (Meeus/Jones/Butcher), with floored division so it also holds
/// for years before 1 AD. `None` only for a year chrono cannot represent.
pub fn easter(year: i32) -> Option<NaiveDate> {
    let y = i64::from(year);
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let n = h + l - 7 * m + 114;
    let month = u32::try_from(n / 31).ok()?;
    let day = u32::try_from(n % 31 + 1).ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The Dutch names of the statutory holidays, as `holiday_name` returns them.
pub mod names {
    pub const NIEUWJAARSDAG: &str = "Nieuwjaarsdag";
    pub const GOEDE_VRIJDAG: &str = "Goede Vrijdag";
    pub const TWEEDE_PAASDAG: &str = "Tweede Paasdag";
    pub const KONINGSDAG: &str = "Koningsdag";
    pub const BEVRIJDINGSDAG: &str = "Bevrijdingsdag";
    pub const HEMELVAARTSDAG: &str = "Hemelvaartsdag";
    pub const TWEEDE_PINKSTERDAG: &str = "Tweede Pinksterdag";
    pub const EERSTE_KERSTDAG: &str = "Eerste Kerstdag";
    pub const TWEEDE_KERSTDAG: &str = "Tweede Kerstdag";
    /// A day equated with the holidays by royal decree (Atw art. 3 lid 3).
    pub const BIJ_BESLUIT: &str = "Bij koninklijk besluit gelijkgestelde dag";
}

/// The days equated with the holidays by royal decree under Atw art. 3 lid 3, as published for
/// 2023–2028 (SEGMENTATION.md §5): mostly the Friday after Hemelvaartsdag, and the bridge days
/// around Koningsdag and the turn of the year. National law, so every calendar has them.
pub const DECREE_DAYS: [(i32, u32, u32); 10] = [
    (2023, 4, 28),
    (2023, 5, 19),
    (2024, 5, 10),
    (2024, 12, 27),
    (2025, 5, 30),
    (2026, 1, 2),
    (2026, 5, 15),
    (2027, 5, 7),
    (2028, 4, 28),
    (2028, 5, 26),
];

fn is_decree_day(d: NaiveDate) -> bool {
    DECREE_DAYS.contains(&(d.year(), d.month(), d.day()))
}

/// The working-day calendar of the Atw: the built-in decree days plus a municipality's own.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Calendar {
    extra: BTreeSet<NaiveDate>,
}

impl Calendar {
    /// A calendar with the statutory holidays, the built-in decree days and these extra equated
    /// days (duplicates allowed; a day that is already free stays free).
    pub fn new(extra: &[NaiveDate]) -> Calendar {
        Calendar {
            extra: extra.iter().copied().collect(),
        }
    }

    /// The name of the holiday on `d`, or `None` for an ordinary day (weekend or not).
    ///
    /// Only the Atw's days are named: Eerste Paas- and Pinksterdag are Sundays and not listed.
    /// When two holidays coincide (Hemelvaartsdag on 5 mei, as in 2016) the first in the order of
    /// the year's events wins: Easter-based days before the fixed ones.
    pub fn holiday_name(&self, d: NaiveDate) -> Option<&'static str> {
        if let Some(name) = easter_holiday(d) {
            return Some(name);
        }
        if let Some(name) = fixed_holiday(d) {
            return Some(name);
        }
        (is_decree_day(d) || self.extra.contains(&d)).then_some(names::BIJ_BESLUIT)
    }

    /// Not a Saturday, Sunday, statutory holiday or equated day.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && self.holiday_name(d).is_none()
    }

    /// `d` itself when it is a working day, else the next working day (Atw art. 1).
    pub fn roll_forward(&self, d: NaiveDate) -> Option<NaiveDate> {
        let mut day = d;
        while !self.is_working_day(day) {
            day = day.succ_opt()?;
        }
        Some(day)
    }

    /// The n-th working day after `d`, `d` itself excluded ("binnen 3 werkdagen na X").
    /// With `n = 0` the date is returned unchanged: no working day has to pass.
    pub fn add_working_days(&self, d: NaiveDate, n: u32) -> Option<NaiveDate> {
        let mut day = d;
        let mut left = n;
        while left > 0 {
            day = day.succ_opt()?;
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        Some(day)
    }

    /// A term of `n` calendar days after `d`, moved to the next working day when it ends on a day
    /// that is not one (Atw art. 1). Weeks are `7 × n` days.
    pub fn term_days(&self, d: NaiveDate, n: u32) -> Option<NaiveDate> {
        let end = d.checked_add_days(Days::new(u64::from(n)))?;
        self.roll_forward(end)
    }

    /// A term of `n` calendar months after `d`: the same day number `n` months later, clamped to
    /// that month's last day (30 November + 3 months = 28 February), then rolled forward.
    pub fn term_months(&self, d: NaiveDate, n: u32) -> Option<NaiveDate> {
        let end = d.checked_add_months(Months::new(n))?;
        self.roll_forward(end)
    }
}

/// The holidays that move with Easter: Goede Vrijdag, Tweede Paasdag, Hemelvaart, Tweede Pinksterdag.
pub fn easter_holiday(d: NaiveDate) -> Option<&'static str> {
    // Easter of a representable year is always representable (it falls in March or April).
    let offset = d.signed_duration_since(easter(d.year())?).num_days();
    match offset {
        -2 => Some(names::GOEDE_VRIJDAG),
        1 => Some(names::TWEEDE_PAASDAG),
        39 => Some(names::HEMELVAARTSDAG),
        50 => Some(names::TWEEDE_PINKSTERDAG),
        _ => None,
    }
}

/// The holidays on a fixed date, Koningsdag included (26 April when the 27th is a Sunday).
pub fn fixed_holiday(d: NaiveDate) -> Option<&'static str> {
    match (d.month(), d.day()) {
        (1, 1) => Some(names::NIEUWJAARSDAG),
        (4, 27) if d.weekday() != Weekday::Sun => Some(names::KONINGSDAG),
        (4, 26) if d.weekday() == Weekday::Sat => Some(names::KONINGSDAG),
        // The Atw lists "de vijfde mei" without the lustrum restriction of collective agreements.
        (5, 5) => Some(names::BEVRIJDINGSDAG),
        (12, 25) => Some(names::EERSTE_KERSTDAG),
        (12, 26) => Some(names::TWEEDE_KERSTDAG),
        _ => None,
    }
}
