//! Exact money: `rust_decimal::Decimal`, never floating point.

use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds half away from zero to cents (SEGMENTATION.md `round2`).
pub fn round2(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// The contract spelling: two decimals, a dot, no thousands separator ("1450.00", "-12.30").
pub fn to_contract(d: Decimal) -> String {
    let mut r = round2(d);
    r.rescale(2);
    r.to_string()
}

/// Dutch display spelling: "€ 1.450,00", "-€ 12,30".
pub fn to_display(d: Decimal) -> String {
    let s = to_contract(d.abs());
    let (int, frac) = s.split_once('.').unwrap_or((s.as_str(), "00"));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    let sign = if d.is_sign_negative() && !d.is_zero() {
        "-"
    } else {
        ""
    };
    format!("{sign}€ {grouped},{frac}")
}

/// The largest amount loket accepts anywhere: € 1.000.000.000.000 (a thousand billion). Far
/// above any household's figures, and far enough below `Decimal::MAX` that sums over many debts
/// and 18 × a capacity can never overflow.
pub fn max_amount() -> Decimal {
    Decimal::from(1_000_000_000_000_i64)
}

/// Why an amount is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("{} is te groot: het hoogste bedrag is {}", to_display(*.0), to_display(max_amount()))]
    TooLarge(Decimal),
    #[error(
        "\"{0}\" is geen geldig bedrag: verwacht een tekst als \"1450.00\" (niet negatief, hooguit 2 decimalen)"
    )]
    NotContract(String),
    #[error("\"{0}\" is geen geldig bedrag (te groot)")]
    Unrepresentable(String),
}

/// Checks an amount against `max_amount`, with a Dutch message.
pub fn check_bound(d: Decimal) -> Result<Decimal, MoneyError> {
    if d > max_amount() {
        Err(MoneyError::TooLarge(d))
    } else {
        Ok(d)
    }
}

/// Parses the exchange-format spelling: a string of digits with at most two decimals after a dot,
/// not negative. Returns a Dutch description of what was expected on failure.
pub fn parse_contract(s: &str) -> Result<Decimal, MoneyError> {
    let t = s.trim();
    let valid = !t.is_empty()
        && match t.split_once('.') {
            Some((i, f)) => {
                !i.is_empty()
                    && i.bytes().all(|b| b.is_ascii_digit())
                    && !f.is_empty()
                    && f.len() <= 2
                    && f.bytes().all(|b| b.is_ascii_digit())
            }
            None => t.bytes().all(|b| b.is_ascii_digit()),
        };
    if !valid {
        return Err(MoneyError::NotContract(s.to_string()));
    }
    let d = t
        .parse::<Decimal>()
        .map_err(|_| MoneyError::Unrepresentable(s.to_string()))?;
    check_bound(d)
}
