//! The burgerservicenummer: nine digits passing the elfproef.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Bsn(String);

/// Why a BSN is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BsnError {
    #[error("\"{0}\" is geen BSN: een BSN heeft 9 cijfers")]
    NotNineDigits(String),
    #[error("BSN {0} klopt niet (elfproef): controleer de cijfers")]
    Elfproef(String),
}

impl Bsn {
    /// Validates nine digits (spaces and dots allowed while typing) with the elfproef:
    /// 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is divisible by 11 and not 0.
    pub fn parse(input: &str) -> Result<Bsn, BsnError> {
        let digits: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '.')
            .collect();
        if digits.len() != 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(BsnError::NotNineDigits(input.trim().to_string()));
        }
        let sum: i64 = digits
            .bytes()
            .enumerate()
            .map(|(i, b)| {
                let d = i64::from(b - b'0');
                if i == 8 { -d } else { d * (9 - i as i64) }
            })
            .sum();
        if sum == 0 || sum % 11 != 0 {
            return Err(BsnError::Elfproef(digits));
        }
        Ok(Bsn(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Masked except the last three digits: "******333".
    pub fn masked(&self) -> String {
        format!("******{}", &self.0[6..])
    }
}

impl fmt::Display for Bsn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Bsn {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Bsn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Bsn::parse(&s).map_err(serde::de::Error::custom)
    }
}
