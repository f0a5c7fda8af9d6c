//! Plausibility at the door: checks on a case file beyond its format, so absurd or hostile
//! input is refused before it reaches the store. Pure: "today" and "now" are arguments.
//!
//! - Duplicate keys in a JSON object are refused (serde_json would keep the last one silently).
//! - Case numbers: letters, digits, `.`, `_`, `-`, at most [`CASE_ID_MAX`] characters, not
//!   starting with `.` (they become file names).
//! - Dates: a birth date not in the future nor before 1900; a melding at most a year ahead of
//!   today; the first conversation not before the melding; note and decision times not in the
//!   future. Whole numbers (counts) at most [`COUNT_MAX`]; at most [`DEBTS_MAX`] debts and
//!   [`NOTES_MAX`] notes; amounts at most [`AMOUNT_MAX`] euro.
//!
//! Every message names the field and never repeats a BSN.

use super::answers::Value;
use super::exchange::CaseFile;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

pub const CASE_ID_MAX: usize = 64;
pub const COUNT_MAX: u32 = 99;
pub const DEBTS_MAX: usize = 1_000;
pub const NOTES_MAX: usize = 10_000;
pub const AMOUNT_MAX: i64 = 100_000_000;

/// Whether a case number is safe to store and to use as a file name; else the Dutch reason.
pub fn case_id_problem(id: &str) -> Option<String> {
    if id.chars().count() > CASE_ID_MAX {
        return Some(format!(
            "case_id: een zaaknummer heeft hoogstens {CASE_ID_MAX} tekens"
        ));
    }
    if id.starts_with('.') {
        return Some("case_id: een zaaknummer mag niet met een punt beginnen".to_string());
    }
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    {
        return Some(
            "case_id: een zaaknummer bestaat alleen uit letters, cijfers, '.', '_' en '-'"
                .to_string(),
        );
    }
    None
}

/// The keys that occur twice in one JSON object, as "pad.sleutel" (empty when none, or when the
/// text is no JSON at all: that is the parser's message).
pub fn duplicate_keys(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut de = serde_json::Deserializer::from_str(text);
    let _ = de.deserialize_any(Walk {
        path: String::new(),
        found: &mut found,
    });
    found
}

struct Walk<'a> {
    path: String,
    found: &'a mut Vec<String>,
}

impl<'de> de::DeserializeSeed<'de> for Walk<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("JSON")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0usize;
        loop {
            let path = format!("{}[{i}]", self.path);
            let seed = Walk {
                path,
                found: &mut *self.found,
            };
            if seq.next_element_seed(seed)?.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = std::collections::BTreeSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = if self.path.is_empty() {
                key.clone()
            } else {
                format!("{}.{key}", self.path)
            };
            if !seen.insert(key) {
                self.found.push(path.clone());
            }
            map.next_value_seed(Walk {
                path,
                found: &mut *self.found,
            })?;
        }
        Ok(())
    }
}

/// Every implausible value of a parsed case file, each a Dutch sentence naming the field.
pub fn implausible(file: &CaseFile, today: NaiveDate, now: DateTime<Utc>) -> Vec<String> {
    let mut p = Vec::new();
    if let Some(id) = &file.case_id
        && let Some(problem) = case_id_problem(id)
    {
        p.push(problem);
    }
    let floor = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN);
    if let Some(b) = file.client.birth_date {
        if b > today {
            p.push(format!(
                "client.birth_date: {b} ligt in de toekomst; controleer de geboortedatum"
            ));
        } else if b < floor {
            p.push(format!(
                "client.birth_date: {b} ligt vóór 1900; controleer de geboortedatum"
            ));
        }
    }
    let melding = file.answers.value("melding.datum").and_then(Value::as_date);
    let gesprek = file
        .answers
        .value("melding.eerste_gesprek")
        .and_then(Value::as_date);
    let year_ahead = today + Duration::days(366);
    for (checklist, items) in &file.answers.0 {
        for (item, answer) in items {
            let field = format!("answers.{checklist}.{item}");
            match &answer.value {
                Value::Date(d) if *d < floor => {
                    p.push(format!("{field}: {d} ligt vóór 1900; controleer de datum"));
                }
                Value::Date(d) if *d > year_ahead => p.push(format!(
                    "{field}: {d} ligt meer dan een jaar na vandaag; controleer de datum"
                )),
                Value::Int(n) if *n > COUNT_MAX => p.push(format!(
                    "{field}: {n} is niet aannemelijk; hoogstens {COUNT_MAX}"
                )),
                Value::Eur(a) if a.abs() > Decimal::from(AMOUNT_MAX) => p.push(format!(
                    "{field}: het bedrag is niet aannemelijk; hoogstens € {AMOUNT_MAX}"
                )),
                _ => {}
            }
        }
    }
    if let (Some(b), Some(m)) = (file.client.birth_date, melding)
        && b > m
    {
        p.push(format!(
            "client.birth_date: {b} ligt na de meldingsdatum {m}; controleer beide datums"
        ));
    }
    if let (Some(m), Some(g)) = (melding, gesprek)
        && g < m
    {
        p.push(format!(
            "melding.eerste_gesprek: {g} ligt vóór de melding ({m}); controleer beide datums"
        ));
    }
    if file.debts.len() > DEBTS_MAX {
        p.push(format!(
            "debts: {} schulden is niet aannemelijk; hoogstens {DEBTS_MAX}",
            file.debts.len()
        ));
    }
    for (i, d) in file.debts.iter().enumerate() {
        if d.amount.abs() > Decimal::from(AMOUNT_MAX) {
            p.push(format!(
                "debts[{i}].amount: het bedrag is niet aannemelijk; hoogstens € {AMOUNT_MAX}"
            ));
        }
    }
    if file.notes.len() > NOTES_MAX {
        p.push(format!(
            "notes: {} notities is niet aannemelijk; hoogstens {NOTES_MAX}",
            file.notes.len()
        ));
    }
    let slack = now + Duration::minutes(5);
    for (i, n) in file.notes.iter().enumerate() {
        if n.at > slack {
            p.push(format!("notes[{i}].at: het tijdstip ligt in de toekomst"));
        }
    }
    if let Some(d) = &file.decision
        && d.at > slack
    {
        p.push("decision.at: het tijdstip ligt in de toekomst".to_string());
    }
    p
}

/// `text` without control characters, for a terminal or a report: tabs become spaces; line
/// breaks are kept only when `keep_lines`.
pub fn printable(text: &str, keep_lines: bool) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' if keep_lines => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() => None,
            // Bidirectional overrides can make a terminal line read differently than it is.
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => None,
            c => Some(c),
        })
        .collect()
}

/// `text` with every run of eight or more digits (a BSN, possibly mistyped) left out, for
/// messages that go to a terminal or a log.
pub fn without_bsn(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        if digits.len() >= 8 {
            out.push_str("(cijfers weggelaten)");
        } else {
            out.push_str(digits);
        }
        digits.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut out);
            out.push(c);
        }
    }
    flush(&mut digits, &mut out);
    out
}
