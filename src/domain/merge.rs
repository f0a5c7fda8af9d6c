//! Merging two desks' work on one case (optimistic concurrency, three-way).
//!
//! A desk loaded the case at some version (`base`), changed it (`mine`) and found on saving
//! that someone else saved first (`current`). Per answer, client field, status, decision, debt,
//! note and part of the traject: what only one side changed is kept; what both changed to the same value is kept;
//! what both changed to different values is a conflict, described with who changed it
//! elsewhere and when (from the history) and both values, for the person to choose.
//!
//! Pure: no store, no clock.

use super::history::{Change, Event};
use crate::domain::answers::{Answer, Value};
use crate::domain::case::{Case, Debt, Status};
use crate::domain::traject::{self, Traject};
use chrono::{DateTime, FixedOffset, Offset, Utc};
use std::collections::BTreeSet;
use std::fmt;

/// Calls `$m!(name, field)` for every part of the traject (named as in the case file).
macro_rules! traject_parts {
    ($m:ident) => {
        $m!("crisisinterventies", crisisinterventies);
        $m!("informatie_advies", informatie_advies);
        $m!("beschikking", beschikking);
        $m!("plan_van_aanpak", plan_van_aanpak);
        $m!("begeleiding", begeleiding);
        $m!("stabilisatie", stabilisatie);
        $m!("schuldregeling", schuldregeling);
        $m!("oplossing", oplossing);
        $m!("moratoria", moratoria);
        $m!("voorlopige_voorzieningen", voorlopige_voorzieningen);
        $m!("nazorg", nazorg);
        $m!("uitstroom", uitstroom);
    };
}

/// What the person chose for the parts both sides changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prefer {
    /// No choice yet: a part changed on both sides is a conflict.
    Nobody,
    /// Keep this desk's values.
    Mine,
    /// Take the values saved elsewhere.
    Theirs,
}

/// The part of a case that both desks changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    Answer {
        checklist: String,
        item: String,
    },
    Client(&'static str),
    Status,
    Decision,
    Debt(Debt),
    /// One part of the traject (`beschikking`, `begeleiding`, … as in the case file).
    Traject(&'static str),
}

/// One part both desks changed to different values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictItem {
    pub part: Part,
    /// Who changed it elsewhere, and when (from the history; None when the history has no
    /// event for it).
    pub by: Option<String>,
    pub at: Option<DateTime<Utc>>,
    /// The stored value (theirs) and this desk's value (mine), as text.
    pub theirs: String,
    pub mine: String,
}

impl ConflictItem {
    /// The part in Dutch ("antwoord inkomen.netto", "status", …).
    pub fn what(&self) -> String {
        match &self.part {
            Part::Answer { item, .. } => format!("antwoord {item}"),
            Part::Client(f) => format!("cliëntgegeven {f}"),
            Part::Status => "status".into(),
            Part::Decision => "besluit".into(),
            Part::Debt(d) => format!("schuld {}", debt_text(d)),
            Part::Traject(f) => format!("traject {f}"),
        }
    }
}

impl ConflictItem {
    /// The sentence for a person, with the time in the local offset: "antwoord inkomen.netto
    /// is door anna op 24-11-2026 om 10:00 gewijzigd in 100; uw waarde is 250".
    pub fn text(&self, offset: FixedOffset) -> String {
        let who = self.by.as_deref().unwrap_or("een ander");
        let when = self
            .at
            .map(|at| {
                at.with_timezone(&offset)
                    .format(" op %d-%m-%Y om %H:%M")
                    .to_string()
            })
            .unwrap_or_default();
        format!(
            "{} is door {who}{when} gewijzigd in {}; uw waarde is {}",
            self.what(),
            self.theirs,
            self.mine
        )
    }
}

impl fmt::Display for ConflictItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Utc.fix()))
    }
}

/// The text of every conflict, one per line.
pub fn describe(items: &[ConflictItem]) -> String {
    items
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join("\n")
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

fn opt_text<T: fmt::Display>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "(leeg)".into())
}

/// Whether `change` changed `part`.
pub fn touches(change: &Change, part: &Part) -> bool {
    match (change, part) {
        (
            Change::Answer {
                checklist, item, ..
            },
            Part::Answer {
                checklist: c,
                item: i,
            },
        ) => checklist == c && item == i,
        (Change::Client { field, .. }, Part::Client(f)) => client_field_id(field) == *f,
        (Change::Status { .. }, Part::Status) => true,
        (Change::Decision { .. } | Change::Proposal { .. }, Part::Decision) => true,
        (Change::DebtChanged { old, .. }, Part::Debt(d)) => old == d,
        (Change::DebtRemoved { debt }, Part::Debt(d)) => debt == d,
        (Change::Traject { old, new, .. }, Part::Traject(f)) => traject_part_differs(old, new, f),
        _ => false,
    }
}

/// The merge's id of a client field as the history names it (the client form writes the Dutch
/// words the person reads).
fn client_field_id(field: &str) -> &str {
    match field {
        "naam" => "name",
        "geboortedatum" => "birth_date",
        "telefoon" => "phone",
        "adres" => "address",
        other => other,
    }
}

/// The last event in `history` that changed `part`: who and when.
fn attribution(history: &[Event], part: &Part) -> (Option<String>, Option<DateTime<Utc>>) {
    match history.iter().rev().find(|e| touches(&e.change, part)) {
        Some(e) => (Some(e.by.clone()), Some(e.at)),
        None => (None, None),
    }
}

/// Three-way choice for one part. `Ok(value)` or a conflict (with the chosen side applied when
/// `prefer` says so).
fn pick<T: Clone + PartialEq>(base: &T, mine: &T, current: &T, prefer: Prefer) -> Result<T, ()> {
    if mine == base || mine == current {
        Ok(current.clone())
    } else if current == base {
        Ok(mine.clone())
    } else {
        match prefer {
            Prefer::Mine => Ok(mine.clone()),
            Prefer::Theirs => Ok(current.clone()),
            Prefer::Nobody => Err(()),
        }
    }
}

/// Merges this desk's case (`mine`, loaded as `base`) onto what is stored now (`current`, with
/// its `history`). Returns the merged case, or every part both sides changed differently.
pub fn merge(
    base: &Case,
    mine: &Case,
    current: &Case,
    history: &[Event],
    prefer: Prefer,
) -> Result<Case, Vec<ConflictItem>> {
    let mut out = current.clone();
    let mut conflicts = Vec::new();
    let mut conflict = |part: Part, theirs: String, mine: String| {
        let (by, at) = attribution(history, &part);
        conflicts.push(ConflictItem {
            part,
            by,
            at,
            theirs,
            mine,
        });
    };

    // Answers, per item. Whether a checklist is started is itself three-way: started on one
    // side stays started, withdrawn on one side (and unchanged on the other) stays withdrawn,
    // unless the other side has answers in it (those are never dropped).
    let checklists: BTreeSet<&String> = base
        .answers
        .0
        .keys()
        .chain(mine.answers.0.keys())
        .chain(current.answers.0.keys())
        .collect();
    for checklist in checklists {
        let get = |c: &Case, item: &str| -> Option<Answer> {
            c.answers
                .0
                .get(checklist)
                .and_then(|m| m.get(item))
                .cloned()
        };
        let items: BTreeSet<String> = [base, mine, current]
            .iter()
            .filter_map(|c| c.answers.0.get(checklist))
            .flat_map(|m| m.keys().cloned())
            .collect();
        let started = |c: &Case| c.answers.is_started(checklist);
        // Two booleans that both differ from the base are equal, so this never conflicts.
        let keep_started =
            pick(&started(base), &started(mine), &started(current), prefer).unwrap_or(true);
        if keep_started {
            out.answers.start(checklist);
        }
        for item in items {
            let (b, m, c) = (get(base, &item), get(mine, &item), get(current, &item));
            // The same value under another checklist version is the same answer.
            let value = |a: &Option<Answer>| a.as_ref().map(|a| a.value.clone());
            let chosen = if value(&m) == value(&c) {
                Ok(c.clone())
            } else {
                pick(&b, &m, &c, prefer)
            };
            match chosen {
                Ok(a) => {
                    let map = out.answers.0.entry(checklist.clone()).or_default();
                    match a {
                        Some(a) => {
                            map.insert(item.clone(), a);
                        }
                        None => {
                            map.remove(&item);
                        }
                    }
                }
                Err(()) => conflict(
                    Part::Answer {
                        checklist: checklist.clone(),
                        item: item.clone(),
                    },
                    value_text(value(&c).as_ref()),
                    value_text(value(&m).as_ref()),
                ),
            }
        }
        if !keep_started && out.answers.0.get(checklist).is_some_and(|m| m.is_empty()) {
            out.answers.0.remove(checklist);
        }
    }

    // Client fields.
    macro_rules! field {
        ($name:literal, $f:ident, $text:expr) => {
            match pick(&base.client.$f, &mine.client.$f, &current.client.$f, prefer) {
                Ok(v) => out.client.$f = v,
                Err(()) => conflict(
                    Part::Client($name),
                    $text(&current.client.$f),
                    $text(&mine.client.$f),
                ),
            }
        };
    }
    field!("name", name, |v: &String| v.clone());
    field!("birth_date", birth_date, |v: &Option<chrono::NaiveDate>| {
        opt_text(v.map(|d| d.format("%d-%m-%Y")))
    });
    field!("bsn", bsn, |v: &Option<crate::domain::bsn::Bsn>| {
        opt_text(v.as_ref().map(|b| b.masked()))
    });
    field!("phone", phone, |v: &Option<String>| opt_text(v.as_ref()));
    field!("address", address, |v: &Option<String>| opt_text(
        v.as_ref()
    ));
    field!("geslacht", geslacht, |v: &Option<
        crate::domain::case::Geslacht,
    >| opt_text(v.map(|g| g.id())));
    field!("postcode", postcode, |v: &Option<String>| opt_text(
        v.as_ref()
    ));
    field!("huisnummer", huisnummer, |v: &Option<String>| opt_text(
        v.as_ref()
    ));
    field!(
        "huisnummertoevoeging",
        huisnummertoevoeging,
        |v: &Option<String>| opt_text(v.as_ref())
    );
    field!("partner", partner, |v: &Option<
        Box<crate::domain::case::Partner>,
    >| match v {
        None => "(leeg)".to_string(),
        Some(p) => p.name.clone().unwrap_or_else(|| "(zonder naam)".into()),
    });

    // The traject, per part: a step recorded at one desk and another step at the other are
    // both kept.
    macro_rules! traject_part {
        ($name:literal, $f:ident) => {
            match pick(
                &base.traject.$f,
                &mine.traject.$f,
                &current.traject.$f,
                prefer,
            ) {
                Ok(v) => out.traject.$f = v,
                Err(()) => conflict(
                    Part::Traject($name),
                    part_text(&current.traject.$f),
                    part_text(&mine.traject.$f),
                ),
            }
        };
    }
    traject_parts!(traject_part);

    // The traject sets the status (aangemeld → … → afgesloten): when both desks' statuses are
    // the ones their own traject gave, the merged case gets the one the merged traject gives.
    let follows = |c: &Case| c.status == derived_status(c);
    let status = match pick(&base.status, &mine.status, &current.status, prefer) {
        Err(()) if follows(mine) && follows(current) => Ok(derived_status(&out)),
        other => other,
    };
    match status {
        Ok(s) => out.status = s,
        Err(()) => conflict(
            Part::Status,
            current.status.id().into(),
            mine.status.id().into(),
        ),
    }

    // A decision is the same when it decides the same with the same reason.
    let decided = |c: &Case| {
        c.decision
            .as_ref()
            .map(|d| (d.decided, d.reason.clone(), d.proposed))
    };
    if decided(mine) != decided(current) {
        if decided(mine) == decided(base) {
            out.decision = current.decision.clone();
        } else if decided(current) == decided(base) || prefer == Prefer::Mine {
            out.decision = mine.decision.clone();
        } else if prefer == Prefer::Theirs {
            out.decision = current.decision.clone();
        } else {
            let text =
                |c: &Case| opt_text(c.decision.as_ref().map(|d| d.decided.label().to_string()));
            conflict(Part::Decision, text(current), text(mine));
        }
    }

    // Debts: this desk's removals and additions applied to the current list. A debt this desk
    // changed or removed that was changed elsewhere (gone from the current list) conflicts.
    let removed: Vec<&Debt> = minus(&base.debts, &mine.debts);
    let mut added: Vec<&Debt> = minus(&mine.debts, &base.debts);
    let changed_there = minus(&current.debts, &base.debts);
    for old in &removed {
        if let Some(i) = out.debts.iter().position(|d| d == *old) {
            out.debts.remove(i);
            continue;
        }
        // Gone elsewhere: removed there too (fine), or changed there.
        let theirs: Vec<&&Debt> = changed_there
            .iter()
            .filter(|d| d.creditor == old.creditor)
            .collect();
        if theirs.is_empty() {
            continue;
        }
        let replacement = |d: &&Debt| d.creditor == old.creditor;
        match prefer {
            Prefer::Nobody => conflict(
                Part::Debt((*old).clone()),
                theirs
                    .iter()
                    .map(|d| debt_text(d))
                    .collect::<Vec<_>>()
                    .join(", "),
                added
                    .iter()
                    .find(|d| replacement(d))
                    .map(|d| debt_text(d))
                    .unwrap_or_else(|| "(verwijderd)".into()),
            ),
            // Their version stays; this desk's replacement is dropped.
            Prefer::Theirs => added.retain(|d| !replacement(d)),
            // This desk's version replaces theirs.
            Prefer::Mine => out.debts.retain(|d| !theirs.iter().any(|t| **t == d)),
        }
    }
    for new in added {
        if !out.debts.contains(new) {
            out.debts.push(new.clone());
        }
    }

    for note in &mine.notes {
        if !out.notes.contains(note) {
            out.notes.push(note.clone());
        }
    }
    out.cursor = mine.cursor.clone();
    out.updated_at = mine.updated_at.max(current.updated_at);

    if conflicts.is_empty() {
        Ok(out)
    } else {
        Err(conflicts)
    }
}

/// The status the case's traject and first conversation give.
fn derived_status(c: &Case) -> Status {
    traject::status(&c.traject, traject::eerste_gesprek(&c.answers))
}

/// A traject part as text, in the case file's terms ("(leeg)" when absent).
fn part_text<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::Null) | Err(_) => "(leeg)".into(),
        Ok(serde_json::Value::Array(a)) if a.is_empty() => "(leeg)".into(),
        Ok(v) => v.to_string(),
    }
}

/// Whether the traject part `part` differs between `a` and `b`.
fn traject_part_differs(a: &Traject, b: &Traject, part: &str) -> bool {
    macro_rules! differs {
        ($name:literal, $f:ident) => {
            if part == $name {
                return a.$f != b.$f;
            }
        };
    }
    traject_parts!(differs);
    false
}

/// The elements of `a` not in `b`, counting duplicates.
fn minus<'a>(a: &'a [Debt], b: &[Debt]) -> Vec<&'a Debt> {
    let mut rest: Vec<&Debt> = b.iter().collect();
    let mut out = Vec::new();
    for d in a {
        match rest.iter().position(|r| *r == d) {
            Some(i) => {
                rest.remove(i);
            }
            None => out.push(d),
        }
    }
    out
}
