//! Parsing what a person types at the counter: Dutch money and date spellings.
//! Errors are Dutch sentences, shown beside the field.

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Accepts "1.250,50", "1250,50", "1250.50", "1250", "€ 1.250": a euro amount, not negative,
/// at most two decimals. A dot followed by exactly three digits is a thousands separator.
pub fn parse_money(input: &str) -> Result<Decimal, String> {
    let s: String = input
        .trim()
        .trim_start_matches('€')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let bad = || {
        format!(
            "\"{}\" is geen bedrag: typ bijvoorbeeld 1.250,50 of 1250.50",
            input.trim()
        )
    };
    if s.is_empty() {
        return Err("Vul een bedrag in, bijvoorbeeld 1.250,50".to_string());
    }
    if s.starts_with('-') {
        return Err("Een bedrag kan niet negatief zijn".to_string());
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
        return Err(format!(
            "\"{}\": hooguit twee cijfers na de komma (centen)",
            input.trim()
        ));
    }
    let text = if frac_part.is_empty() {
        int_part
    } else {
        format!("{int_part}.{frac_part}")
    };
    let d = text
        .parse::<Decimal>()
        .map_err(|_| format!("\"{}\" is te groot", input.trim()))?;
    super::money::check_bound(d)
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

/// Accepts "2-11-2026", "02-11-2026", "2026-11-02" and "vandaag".
pub fn parse_date(input: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let s = input.trim().to_lowercase();
    if s == "vandaag" {
        return Ok(today);
    }
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
    let hint = "typ bijvoorbeeld 2-11-2026, 2026-11-02 of vandaag";
    let (Some(nums), 3) = (numbers, parts.len()) else {
        return Err(format!("\"{}\" is geen datum: {hint}", input.trim()));
    };
    let (y, m, d) = if parts[0].len() == 4 {
        (nums[0], nums[1], nums[2])
    } else if parts[2].len() == 4 && parts[0].len() <= 2 && parts[1].len() <= 2 {
        (nums[2], nums[1], nums[0])
    } else {
        return Err(format!("\"{}\" is geen datum: {hint}", input.trim()));
    };
    let year = i32::try_from(y).map_err(|_| format!("\"{}\": jaar onbekend", input.trim()))?;
    NaiveDate::from_ymd_opt(year, m, d)
        .ok_or_else(|| format!("\"{}\" bestaat niet in de kalender", input.trim()))
}

/// A whole number ≥ 0.
pub fn parse_int(input: &str) -> Result<u32, String> {
    let s = input.trim();
    if s.starts_with('-') {
        return Err("Een aantal kan niet negatief zijn".to_string());
    }
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("\"{s}\" is geen geheel getal"));
    }
    s.parse().map_err(|_| format!("\"{s}\" is te groot"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).expect("decimal")
    }
    fn day(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).expect("date")
    }

    #[test]
    fn money_spellings_accepted() {
        let cases = [
            ("1.250,50", "1250.50"),
            ("1250,50", "1250.50"),
            ("1250.50", "1250.50"),
            ("1250.5", "1250.5"),
            ("1250", "1250"),
            ("1.250", "1250"),
            ("1.250.000,00", "1250000.00"),
            ("€ 1.250,50", "1250.50"),
            ("0,05", "0.05"),
            (" 12 ", "12"),
        ];
        for (input, want) in cases {
            assert_eq!(parse_money(input), Ok(d(want)), "input {input}");
        }
    }

    #[test]
    fn money_spellings_rejected_in_dutch() {
        for bad in [
            "-5", "12,345", "1.2.3", "abc", "12a", "", "1,2,3", "1.25.0", "12.", ",5",
        ] {
            let err = parse_money(bad).expect_err(bad);
            assert!(
                err.contains("bedrag") || err.contains("komma") || err.contains("negatief"),
                "{bad}: {err}"
            );
        }
        assert!(parse_money("-5").expect_err("neg").contains("negatief"));
        assert!(
            parse_money("12,345")
                .expect_err("3dp")
                .contains("twee cijfers")
        );
    }

    #[test]
    fn huge_amounts_are_refused() {
        let e = parse_money("79228162514264337593543950335").expect_err("huge");
        assert!(e.contains("te groot"), "{e}");
        assert!(parse_money("1.000.000.000.001").is_err());
    }

    #[test]
    fn date_spellings() {
        let today = day(2026, 11, 24);
        assert_eq!(parse_date("2-11-2026", today), Ok(day(2026, 11, 2)));
        assert_eq!(parse_date("02-11-2026", today), Ok(day(2026, 11, 2)));
        assert_eq!(parse_date("2026-11-02", today), Ok(day(2026, 11, 2)));
        assert_eq!(parse_date("vandaag", today), Ok(today));
        assert_eq!(parse_date(" Vandaag ", today), Ok(today));
        let e = parse_date("31-02-2026", today).expect_err("no such day");
        assert!(e.contains("bestaat niet"), "{e}");
        for bad in ["morgen", "2026/11/02", "11-2026", "1.2.3", "abc", "2-11-26"] {
            assert!(parse_date(bad, today).is_err(), "{bad}");
        }
    }

    #[test]
    fn ints() {
        assert_eq!(parse_int("3"), Ok(3));
        assert!(parse_int("-1").expect_err("neg").contains("negatief"));
        assert!(parse_int("2,5").is_err());
    }
}
