//! What the store keeps besides the case itself: history events and list summaries.

use crate::domain::answers::Value;
use crate::domain::case::{Debt, Status};
use crate::domain::provision::{Decision, Provision};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// One change a person made, as kept in the append-only history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub by: String,
    pub change: Change,
}

/// What changed, with the old and the new value where there is one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    Created,
    Imported {
        source: String,
    },
    Client {
        field: String,
        old: Option<String>,
        new: Option<String>,
    },
    Status {
        old: Status,
        new: Status,
    },
    ChecklistStarted {
        checklist: String,
    },
    Answer {
        checklist: String,
        item: String,
        old: Option<Value>,
        new: Option<Value>,
        checklist_version: u32,
    },
    DebtAdded {
        debt: Debt,
    },
    DebtChanged {
        old: Debt,
        new: Debt,
    },
    DebtRemoved {
        debt: Debt,
    },
    Note {
        text: String,
    },
    /// The engine's proposal at the moment a decision was recorded.
    Proposal {
        provision: Option<Provision>,
        bewind_advice: String,
        debt_route: Option<String>,
    },
    Decision {
        decision: Decision,
    },
    /// A traject step recorded or corrected (TRAJECT.md): what, and the traject before and after.
    Traject {
        what: String,
        old: Box<crate::domain::traject::Traject>,
        new: Box<crate::domain::traject::Traject>,
    },
}

/// One deadline as the case list and the Termijnen screen need it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryDeadline {
    pub kind: String,
    pub due: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub met_on: Option<NaiveDate>,
}

/// A small record per case, kept beside it, so lists and overviews never decode whole cases.
/// It is derived data: recomputed whenever the case is saved or the policy changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub case_id: String,
    pub name: String,
    pub status: Status,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[serde(default)]
    pub crisis: bool,
    #[serde(default)]
    pub deadlines: Vec<SummaryDeadline>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposed: Option<Provision>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided: Option<Provision>,
    #[serde(default)]
    pub overridden: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debt_route: Option<String>,
    /// The meldingsdatum (the report's period and its median days to the first conversation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub melding: Option<NaiveDate>,
}

impl Summary {
    /// The earliest deadline not yet met.
    pub fn next_open_deadline(&self) -> Option<&SummaryDeadline> {
        self.deadlines
            .iter()
            .filter(|d| d.met_on.is_none())
            .min_by_key(|d| d.due)
    }
}
