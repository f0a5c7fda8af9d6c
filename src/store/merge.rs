//! Optimistic concurrency: a save based on an old version of a case is merged per answer onto
//! what is stored now, or refused with a conflict when the same thing was changed in between.
//!
//! The desk's own change list says what it changed; the history events written since the
//! desk's version say what others changed. Different answers, fields or debts: both survive.
//! The same answer (or field, status, decision, debt) changed to different values: a conflict
//! that names the other user, the time and both values, for the person to choose.

use super::records::{Change, Event};
use crate::domain::answers::Value;
use crate::domain::case::{Case, Debt};
use chrono::{DateTime, Utc};
use std::fmt;

/// One thing both desks changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictItem {
    /// What was changed, in Dutch ("antwoord schuldhulp/inkomen.netto", "status", …).
    pub what: String,
    /// Who changed it elsewhere, and when.
    pub by: String,
    pub at: DateTime<Utc>,
    /// The stored value (theirs) and the value of this desk (mine), as text.
    pub theirs: String,
    pub mine: String,
}

/// A save that was refused because the same thing was changed elsewhere since it was loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub case_id: String,
    /// The version that is stored now: saving again on top of it keeps this desk's values.
    pub current_version: u64,
    pub items: Vec<ConflictItem>,
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "zaak {} is intussen elders gewijzigd: ", self.case_id)?;
        for (i, item) in self.items.iter().enumerate() {
            if i > 0 {
                write!(f, "; ")?;
            }
            write!(
                f,
                "{} is door {} om {} UTC gewijzigd in {}, u koos {}",
                item.what,
                item.by,
                item.at.format("%Y-%m-%d %H:%M:%S"),
                item.theirs,
                item.mine
            )?;
        }
        Ok(())
    }
}

/// The part of a case one change touches; two changes to the same part conflict.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Answer(String, String),
    Client(String),
    Status,
    Decision,
    Debt(Debt),
}

fn part_of(change: &Change) -> Option<Part> {
    match change {
        Change::Answer {
            checklist, item, ..
        } => Some(Part::Answer(checklist.clone(), item.clone())),
        Change::Client { field, .. } => Some(Part::Client(field.clone())),
        Change::Status { .. } => Some(Part::Status),
        Change::Decision { .. } => Some(Part::Decision),
        Change::DebtChanged { old, .. } => Some(Part::Debt(old.clone())),
        Change::DebtRemoved { debt } => Some(Part::Debt(debt.clone())),
        _ => None,
    }
}

fn value_text(v: Option<&Value>) -> String {
    match v {
        None => "(leeg)".into(),
        Some(Value::Bool(true)) => "ja".into(),
        Some(Value::Bool(false)) => "nee".into(),
        Some(Value::Date(d)) => d.format("%d-%m-%Y").to_string(),
        Some(Value::Eur(d)) => format!("€ {d}"),
        Some(Value::Int(n)) => n.to_string(),
        Some(Value::Choice(c)) => c.clone(),
        Some(Value::Multi(m)) => m.join(", "),
        Some(Value::Score(s)) => s.to_string(),
        Some(Value::Text(t)) => t.clone(),
    }
}

fn debt_text(d: &Debt) -> String {
    format!("{} € {}", d.creditor, d.amount)
}

fn opt_text(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "(leeg)".into())
}

/// Whether two changes to the same part end in the same state (then nothing conflicts).
fn same_outcome(mine: &Change, theirs: &Change) -> bool {
    match (mine, theirs) {
        (Change::Answer { new: a, .. }, Change::Answer { new: b, .. }) => a == b,
        (Change::Client { new: a, .. }, Change::Client { new: b, .. }) => a == b,
        (Change::Status { new: a, .. }, Change::Status { new: b, .. }) => a == b,
        (Change::Decision { decision: a }, Change::Decision { decision: b }) => {
            a.decided == b.decided
        }
        (Change::DebtChanged { new: a, .. }, Change::DebtChanged { new: b, .. }) => a == b,
        (Change::DebtRemoved { .. }, Change::DebtRemoved { .. }) => true,
        _ => false,
    }
}

fn describe(part: &Part) -> String {
    match part {
        Part::Answer(c, i) => format!("antwoord {c}/{i}"),
        Part::Client(f) => format!("cliëntgegeven {f}"),
        Part::Status => "status".into(),
        Part::Decision => "besluit".into(),
        Part::Debt(d) => format!("schuld {}", debt_text(d)),
    }
}

fn change_text(change: &Change) -> String {
    match change {
        Change::Answer { new, .. } => value_text(new.as_ref()),
        Change::Client { new, .. } => opt_text(new),
        Change::Status { new, .. } => new.id().to_string(),
        Change::Decision { decision } => decision.decided.label().to_string(),
        Change::DebtChanged { new, .. } => debt_text(new),
        Change::DebtRemoved { .. } => "(verwijderd)".into(),
        _ => String::new(),
    }
}

/// Applies this desk's changes (described by `mine_changes`, with the values of `mine`) onto
/// `current`, the case as stored now. `theirs` are the events written since this desk loaded
/// the case. Returns the merged case, or every part both changed to different values.
pub fn merge(
    current: &Case,
    mine: &Case,
    mine_changes: &[Change],
    theirs: &[Event],
) -> Result<Case, Vec<ConflictItem>> {
    let mut conflicts = Vec::new();
    for change in mine_changes {
        let Some(part) = part_of(change) else {
            continue;
        };
        // The last of their changes to the same part decides what is stored now.
        let Some(other) = theirs
            .iter()
            .rev()
            .find(|e| part_of(&e.change).as_ref() == Some(&part))
        else {
            continue;
        };
        if same_outcome(change, &other.change) {
            continue;
        }
        conflicts.push(ConflictItem {
            what: describe(&part),
            by: other.by.clone(),
            at: other.at,
            theirs: change_text(&other.change),
            mine: change_text(change),
        });
    }
    if !conflicts.is_empty() {
        return Err(conflicts);
    }
    Ok(apply(current, mine, mine_changes))
}

/// `current` with this desk's changes applied: values are taken from `mine`.
pub fn apply(current: &Case, mine: &Case, mine_changes: &[Change]) -> Case {
    let mut out = current.clone();
    for change in mine_changes {
        match change {
            Change::Answer {
                checklist, item, ..
            } => {
                let answer = mine
                    .answers
                    .0
                    .get(checklist)
                    .and_then(|m| m.get(item))
                    .cloned();
                let map = out.answers.0.entry(checklist.clone()).or_default();
                match answer {
                    Some(a) => {
                        map.insert(item.clone(), a);
                    }
                    None => {
                        map.remove(item);
                    }
                }
            }
            Change::ChecklistStarted { checklist } => out.answers.start(checklist),
            Change::Client { field, .. } => match field.as_str() {
                "name" | "naam" => out.client.name = mine.client.name.clone(),
                "birth_date" | "geboortedatum" => out.client.birth_date = mine.client.birth_date,
                "bsn" => out.client.bsn = mine.client.bsn.clone(),
                "phone" | "telefoon" => out.client.phone = mine.client.phone.clone(),
                "address" | "adres" => out.client.address = mine.client.address.clone(),
                _ => out.client = mine.client.clone(),
            },
            Change::Status { new, .. } => out.status = *new,
            Change::DebtAdded { debt } => out.debts.push(debt.clone()),
            Change::DebtChanged { old, new } => {
                match out.debts.iter_mut().find(|d| *d == old) {
                    Some(d) => *d = new.clone(),
                    None => out.debts.push(new.clone()),
                }
            }
            Change::DebtRemoved { debt } => {
                if let Some(i) = out.debts.iter().position(|d| d == debt) {
                    out.debts.remove(i);
                }
            }
            Change::Note { .. } => {
                for note in &mine.notes {
                    if !out.notes.contains(note) {
                        out.notes.push(note.clone());
                    }
                }
            }
            Change::Decision { .. } => out.decision = mine.decision.clone(),
            Change::Created | Change::Imported { .. } | Change::Proposal { .. } => {}
        }
    }
    out.cursor = mine.cursor.clone();
    out.updated_at = mine.updated_at.max(current.updated_at);
    out
}
