//! Answers to checklist items. "Unanswered" is the absence of an entry, never `false`.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One answer's value; its type follows the item's type (CHECKLISTS.md "Item types").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", content = "v", rename_all = "lowercase")]
pub enum Value {
    Bool(bool),
    Date(NaiveDate),
    Eur(Decimal),
    Int(u32),
    Choice(String),
    Multi(Vec<String>),
    Score(u8),
    Text(String),
}

impl Value {
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
    pub fn as_date(&self) -> Option<NaiveDate> {
        match self {
            Value::Date(d) => Some(*d),
            _ => None,
        }
    }
    pub fn as_eur(&self) -> Option<Decimal> {
        match self {
            Value::Eur(d) => Some(*d),
            _ => None,
        }
    }
    pub fn as_int(&self) -> Option<u32> {
        match self {
            Value::Int(n) => Some(*n),
            _ => None,
        }
    }
    pub fn as_choice(&self) -> Option<&str> {
        match self {
            Value::Choice(c) => Some(c),
            _ => None,
        }
    }
    pub fn as_multi(&self) -> Option<&[String]> {
        match self {
            Value::Multi(m) => Some(m),
            _ => None,
        }
    }
    pub fn as_score(&self) -> Option<u8> {
        match self {
            Value::Score(s) => Some(*s),
            _ => None,
        }
    }
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }
}

/// A stored answer and the version of the checklist it was given under.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub value: Value,
    #[serde(rename = "cv")]
    pub checklist_version: u32,
}

/// Answers per checklist id, then item id. A checklist that has an entry (even empty) is started.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Answers(pub BTreeMap<String, BTreeMap<String, Answer>>);

impl Answers {
    pub fn is_started(&self, checklist: &str) -> bool {
        self.0.contains_key(checklist)
    }

    pub fn start(&mut self, checklist: &str) {
        self.0.entry(checklist.to_string()).or_default();
    }

    pub fn get(&self, checklist: &str, item: &str) -> Option<&Value> {
        self.0.get(checklist)?.get(item).map(|a| &a.value)
    }

    /// Looks an item up in any checklist: item ids are unique across checklists.
    pub fn value(&self, item: &str) -> Option<&Value> {
        self.0.values().find_map(|m| m.get(item)).map(|a| &a.value)
    }

    /// Sets or clears (None) an answer, starting the checklist; returns the old value.
    pub fn set(
        &mut self,
        checklist: &str,
        item: &str,
        value: Option<Value>,
        checklist_version: u32,
    ) -> Option<Value> {
        let map = self.0.entry(checklist.to_string()).or_default();
        let old = match value {
            Some(value) => map.insert(
                item.to_string(),
                Answer {
                    value,
                    checklist_version,
                },
            ),
            None => map.remove(item),
        };
        old.map(|a| a.value)
    }
}
