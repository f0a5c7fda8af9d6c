//! A case: the client, the answers, the debt list, notes, status and the recorded decision.

use super::answers::{Answers, Value};
use super::bsn::Bsn;
use super::provision::Decision;
use super::traject::Traject;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Aangemeld,
    Intake,
    Besluit,
    /// A begeleiding or oplossing of the traject runs (TRAJECT.md).
    Begeleiding,
    Afgesloten,
    /// Removed (made by mistake) before any decision: kept with its history, out of the lists.
    Verwijderd,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Aangemeld,
        Status::Intake,
        Status::Besluit,
        Status::Begeleiding,
        Status::Afgesloten,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Status::Aangemeld => "aangemeld",
            Status::Intake => "intake",
            Status::Besluit => "besluit",
            Status::Begeleiding => "begeleiding",
            Status::Afgesloten => "afgesloten",
            Status::Verwijderd => "verwijderd",
        }
    }

    pub fn from_id(id: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .chain([Status::Verwijderd])
            .find(|s| s.id() == id)
    }

    /// The next status in the flow; `afgesloten` stays.
    pub fn next(self) -> Status {
        match self {
            Status::Aangemeld => Status::Intake,
            Status::Intake => Status::Besluit,
            Status::Besluit => Status::Begeleiding,
            Status::Begeleiding | Status::Afgesloten => Status::Afgesloten,
            Status::Verwijderd => Status::Verwijderd,
        }
    }

    /// The previous status (to undo a step by mistake); `aangemeld` stays.
    pub fn prev(self) -> Status {
        match self {
            Status::Aangemeld | Status::Intake => Status::Aangemeld,
            Status::Besluit => Status::Intake,
            Status::Begeleiding => Status::Besluit,
            Status::Afgesloten => Status::Begeleiding,
            Status::Verwijderd => Status::Verwijderd,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Client {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bsn: Option<Bsn>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// DDAS additions (TRAJECT.md): needed to identify the client when there is no BSN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geslacht: Option<Geslacht>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub huisnummer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub huisnummertoevoeging: Option<String>,
    /// A partner or ex-partner jointly liable for the debts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner: Option<Box<Partner>>,
}

/// `client.geslacht` (TRAJECT.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Geslacht {
    Man,
    Vrouw,
    Onbekend,
}

impl Geslacht {
    pub const ALL: [Geslacht; 3] = [Geslacht::Man, Geslacht::Vrouw, Geslacht::Onbekend];

    pub fn id(self) -> &'static str {
        match self {
            Geslacht::Man => "man",
            Geslacht::Vrouw => "vrouw",
            Geslacht::Onbekend => "onbekend",
        }
    }

    pub fn from_id(id: &str) -> Option<Geslacht> {
        Geslacht::ALL.into_iter().find(|g| g.id() == id)
    }
}

/// `client.partner`: the client fields DDAS needs, all optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partner {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bsn: Option<Bsn>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geslacht: Option<Geslacht>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub huisnummer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub huisnummertoevoeging: Option<String>,
}

/// The national data standard's four debt groups.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DebtCategory {
    Nuts,
    Publiek,
    Zorg,
    Overig,
}

impl DebtCategory {
    pub const ALL: [DebtCategory; 4] = [
        DebtCategory::Nuts,
        DebtCategory::Publiek,
        DebtCategory::Zorg,
        DebtCategory::Overig,
    ];

    pub fn id(self) -> &'static str {
        match self {
            DebtCategory::Nuts => "nuts",
            DebtCategory::Publiek => "publiek",
            DebtCategory::Zorg => "zorg",
            DebtCategory::Overig => "overig",
        }
    }

    pub fn from_id(id: &str) -> Option<DebtCategory> {
        DebtCategory::ALL.into_iter().find(|c| c.id() == id)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Debt {
    pub creditor: String,
    pub category: DebtCategory,
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// A deurwaarder (bailiff) is collecting.
    pub collector: bool,
    /// Beslag (garnishment) on income or account for this debt.
    pub garnishment: bool,
    /// DDAS additions (TRAJECT.md), all optional.
    #[serde(default, skip_serializing_if = "DebtDdas::is_empty")]
    pub ddas: DebtDdas,
}

/// What DDAS needs of a debt besides the amount: `peildatum`, `zakelijk`, `creditor_kvk`,
/// `creditor_postcode`, `creditor_prive`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DebtDdas {
    /// The date the counsellor established the debt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peildatum: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zakelijk: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creditor_kvk: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creditor_postcode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creditor_prive: Option<bool>,
}

impl DebtDdas {
    pub fn is_empty(&self) -> bool {
        *self == DebtDdas::default()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub at: DateTime<Utc>,
    pub by: String,
    pub text: String,
}

/// Where the checklist cursor was, so a case resumes exactly where it was left.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub checklist: String,
    pub item: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    /// The case number people see and exchange files carry ("2026-00042", or an imported id).
    pub case_id: String,
    pub client: Client,
    #[serde(default)]
    pub status: Status,
    #[serde(default)]
    pub answers: Answers,
    #[serde(default)]
    pub debts: Vec<Debt>,
    #[serde(default)]
    pub notes: Vec<Note>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<Cursor>,
    /// What happened after the intake (TRAJECT.md).
    #[serde(default, skip_serializing_if = "Traject::is_empty")]
    pub traject: Traject,
    /// Processing restricted (art. 18 AVG): while set, the case can only be viewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beperkt: Option<Beperking>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A restriction of processing (art. 18 AVG): why, since when and by whom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Beperking {
    pub reden: String,
    pub sinds: DateTime<Utc>,
    pub door: String,
}

impl Case {
    pub fn new(case_id: String, client: Client, now: DateTime<Utc>) -> Case {
        Case {
            case_id,
            client,
            status: Status::Aangemeld,
            answers: Answers::default(),
            debts: Vec::new(),
            notes: Vec::new(),
            decision: None,
            cursor: None,
            traject: Traject::default(),
            beperkt: None,
            created_at: now,
            updated_at: now,
        }
    }

    /// The answers as the engine sees them (see [`effective_answers`]).
    pub fn effective_answers(&self, schuldhulp_version: u32) -> Answers {
        effective_answers(&self.answers, &self.debts, schuldhulp_version)
    }
}

/// The answers as the engine sees them: when the schuldhulp checklist is started and the debt
/// list is non-empty, the list supplies
/// `schulden.totaal` (sum) and `schulden.schuldeisers` (distinct creditors), and any debt
/// with garnishment makes `schulden.beslag` true.
pub fn effective_answers(answers: &Answers, debts: &[Debt], schuldhulp_version: u32) -> Answers {
    let mut answers = answers.clone();
    // The derived answers belong to the schuldhulp checklist; a debt list must not start it.
    if !answers.is_started("schuldhulp") {
        return answers;
    }
    if let Some(totals) = debt_totals(debts) {
        let v = schuldhulp_version;
        answers.set(
            "schuldhulp",
            "schulden.totaal",
            Some(Value::Eur(totals.total)),
            v,
        );
        answers.set(
            "schuldhulp",
            "schulden.schuldeisers",
            Some(Value::Int(totals.creditors)),
            v,
        );
        if totals.garnishment {
            answers.set("schuldhulp", "schulden.beslag", Some(Value::Bool(true)), v);
        }
    }
    answers
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DebtTotals {
    pub total: Decimal,
    pub creditors: u32,
    pub garnishment: bool,
}

/// Totals derived from a non-empty debt list; None when the list is empty.
pub fn debt_totals(debts: &[Debt]) -> Option<DebtTotals> {
    if debts.is_empty() {
        return None;
    }
    let creditors: BTreeSet<String> = debts
        .iter()
        .map(|d| d.creditor.trim().to_lowercase())
        .collect();
    Some(DebtTotals {
        total: debts.iter().map(|d| d.amount).sum(),
        creditors: u32::try_from(creditors.len()).unwrap_or(u32::MAX),
        garnishment: debts.iter().any(|d| d.garnishment),
    })
}
