//! The history of a case: every change a person made, append-only, with old and new values.

use crate::domain::answers::Value;
use crate::domain::case::{Debt, Status};
use crate::domain::provision::{Decision, Provision};
use crate::domain::segment::{Advice, Route};
use chrono::{DateTime, Utc};
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
    /// A started checklist without answers was withdrawn (started by mistake).
    ChecklistWithdrawn {
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
    /// The case was removed (made by mistake), with the reason; it stays in the store.
    Removed {
        reason: String,
    },
    /// The engine's proposal at the moment a decision was recorded.
    Proposal {
        provision: Option<Provision>,
        bewind_advice: Advice,
        debt_route: Option<Route>,
    },
    Decision {
        decision: Decision,
    },
    /// A document was made from the case (`loket brief`, or the case screen): which kind, and
    /// the file it went to.
    DocumentMade {
        soort: String,
        bestand: String,
        /// A beschikking that refuses: the reason the screener wrote.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        afwijzing: Option<String>,
    },
    /// Processing restricted (art. 18 AVG), with the reason: only viewing until lifted.
    Beperkt {
        reden: String,
    },
    /// The restriction lifted, with the reason.
    BeperkingOpgeheven {
        reden: String,
    },
    /// A traject step recorded or corrected (TRAJECT.md): what, and the traject before and after.
    Traject {
        what: String,
        old: Box<crate::domain::traject::Traject>,
        new: Box<crate::domain::traject::Traject>,
    },
}
