//! Parsing what a person types at the counter: Dutch money and date spellings.
//! Errors are Dutch sentences, shown beside the field.

use super::money::MoneyError;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// Why typed input is refused; the Dutch sentence is shown beside the field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("Vul een bedrag in, bijvoorbeeld 1.250,50")]
    NoAmount,
    #[error("Een bedrag kan niet negatief zijn")]
    NegativeAmount,
    #[error("\"{0}\" is geen bedrag: typ bijvoorbeeld 1.250,50 of 1250.50")]
    NotAmount(String),
    #[error("\"{0}\": hooguit twee cijfers na de komma (centen)")]
    TooManyDecimals(String),
    #[error("\"{0}\" is te groot")]
    TooLarge(String),
    #[error(transparent)]
    Money(#[from] MoneyError),
    #[error(
        "\"{0}\" is geen datum: typ bijvoorbeeld 26-11, 26-11-2026, vandaag, gisteren of +3 (werkdagen)"
    )]
    NotDate(String),
    #[error("\"{0}\": jaar onbekend")]
    UnknownYear(String),
    #[error("\"{0}\" bestaat niet in de kalender")]
    NoSuchDay(String),
    #[error("Een aantal kan niet negatief zijn")]
    NegativeCount,
    #[error("\"{0}\" is geen geheel getal")]
    NotWhole(String),
}

/// Accepts "1.250,50", "1250,50", "1250.50", "1250", "€ 1.250": a euro amount, not negative,
/// at most two decimals. A dot followed by exactly three digits is a thousands separator.
pub fn parse_money(input: &str) -> Result<Decimal, InputError> {
    let s: String = input
        .trim()
        .trim_start_matches('€')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let bad = || InputError::NotAmount(input.trim().to_string());
    if s.is_empty() {
        return Err(InputError::NoAmount);
    }
    if s.starts_with('-') {
        return Err(InputError::NegativeAmount);
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(bad());
    }
    let (int_part, frac_part) = match s.matches(',').count() {
        0 => split_dot_decimal(&s).ok_or_else(bad)?,
        1 => {
            let (i, f) = s.split_once(',').ok_or_else(bad)?;
            (strip_thousands(i).ok_or_else(bad)?, f.to_string())
        }
        _ => return Err(bad()),
    };
    if int_part.is_empty() || !int_part.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    if !frac_part.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    if frac_part.len() > 2 {
        return Err(InputError::TooManyDecimals(input.trim().to_string()));
    }
    let text = if frac_part.is_empty() {
        int_part
    } else {
        format!("{int_part}.{frac_part}")
    };
    let d = text
        .parse::<Decimal>()
        .map_err(|_| InputError::TooLarge(input.trim().to_string()))?;
    Ok(super::money::check_bound(d)?)
}

/// Without a comma: "1250.50" (dot as decimal point) or "1.250" / "1.250.000" (thousands).
fn split_dot_decimal(s: &str) -> Option<(String, String)> {
    let parts: Vec<&str> = s.split('.').collect();
    match parts.as_slice() {
        [i] => Some((i.to_string(), String::new())),
        [i, f] if f.len() != 3 => {
            if f.is_empty() {
                None
            } else {
                Some((i.to_string(), f.to_string()))
            }
        }
        _ => strip_thousands(s).map(|i| (i, String::new())),
    }
}

/// "1.250.000" → "1250000"; every group after the first must have exactly three digits.
fn strip_thousands(s: &str) -> Option<String> {
    let mut groups = s.split('.');
    let first = groups.next()?;
    if first.is_empty() || (first.len() > 3 && s.contains('.')) {
        return None;
    }
    let mut out = first.to_string();
    for g in groups {
        if g.len() != 3 {
            return None;
        }
        out.push_str(g);
    }
    Some(out)
}

/// Accepts "2-11-2026", "02-11-2026", "2026-11-02", "2-11" (this year), "vandaag", "gisteren"
/// and "+3" (three working days after today, on the statutory calendar alone).
pub fn parse_date(input: &str, today: NaiveDate) -> Result<NaiveDate, InputError> {
    parse_date_in(input, today, &super::calendar::Calendar::default())
}

/// As [`parse_date`], with "+3" counted on `calendar` (so a municipality's extra free days,
/// the policy's `extra_vrije_dagen`, are skipped too).
pub fn parse_date_in(
    input: &str,
    today: NaiveDate,
    calendar: &super::calendar::Calendar,
) -> Result<NaiveDate, InputError> {
    let s = input.trim().to_lowercase();
    match s.as_str() {
        "vandaag" => return Ok(today),
        "gisteren" => {
            return today
                .pred_opt()
                .ok_or_else(|| InputError::NotDate(input.trim().to_string()));
        }
        _ => {}
    }
    if let Some(n) = s.strip_prefix('+') {
        let not_date = || InputError::NotDate(input.trim().to_string());
        if n.is_empty() || n.len() > 3 || !n.bytes().all(|b| b.is_ascii_digit()) {
            return Err(not_date());
        }
        let days: u32 = n.parse().map_err(|_| not_date())?;
        return calendar.add_working_days(today, days).ok_or_else(not_date);
    }
    let this_year;
    let s = {
        let parts: Vec<&str> = s.split('-').collect();
        if parts.len() == 2 && parts.iter().all(|p| (1..=2).contains(&p.len())) {
            this_year = format!("{s}-{}", today.year());
            this_year.as_str()
        } else {
            s.as_str()
        }
    };
    let parts: Vec<&str> = s.split('-').collect();
    let numbers: Option<Vec<u32>> = parts
        .iter()
        .map(|p| {
            if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().ok()
            } else {
                None
            }
        })
        .collect();
    let not_date = || InputError::NotDate(input.trim().to_string());
    let (Some(nums), 3) = (numbers, parts.len()) else {
        return Err(not_date());
    };
    let (y, m, d) = if parts[0].len() == 4 {
        (nums[0], nums[1], nums[2])
    } else if parts[2].len() == 4 && parts[0].len() <= 2 && parts[1].len() <= 2 {
        (nums[2], nums[1], nums[0])
    } else {
        return Err(not_date());
    };
    let year = i32::try_from(y).map_err(|_| InputError::UnknownYear(input.trim().to_string()))?;
    NaiveDate::from_ymd_opt(year, m, d)
        .ok_or_else(|| InputError::NoSuchDay(input.trim().to_string()))
}

/// A whole number ≥ 0.
pub fn parse_int(input: &str) -> Result<u32, InputError> {
    let s = input.trim();
    if s.starts_with('-') {
        return Err(InputError::NegativeCount);
    }
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(InputError::NotWhole(s.to_string()));
    }
    s.parse().map_err(|_| InputError::TooLarge(s.to_string()))
}
