//! The support ladder, lightest first, and the decision a professional records.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The ladder of SEGMENTATION.md §1. The derive order is the ladder order (lightest first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Provision {
    InformatieAdvies,
    Thuisadministratie,
    Budgetcoaching,
    BudgetbeheerBasis,
    BudgetbeheerTotaal,
    Beschermingsbewind,
}

impl Provision {
    pub const ALL: [Provision; 6] = [
        Provision::InformatieAdvies,
        Provision::Thuisadministratie,
        Provision::Budgetcoaching,
        Provision::BudgetbeheerBasis,
        Provision::BudgetbeheerTotaal,
        Provision::Beschermingsbewind,
    ];

    /// The contract id ("budgetbeheer_basis").
    pub fn id(self) -> &'static str {
        match self {
            Provision::InformatieAdvies => "informatie_advies",
            Provision::Thuisadministratie => "thuisadministratie",
            Provision::Budgetcoaching => "budgetcoaching",
            Provision::BudgetbeheerBasis => "budgetbeheer_basis",
            Provision::BudgetbeheerTotaal => "budgetbeheer_totaal",
            Provision::Beschermingsbewind => "beschermingsbewind",
        }
    }

    pub fn from_id(id: &str) -> Option<Provision> {
        Provision::ALL.into_iter().find(|p| p.id() == id)
    }

    /// A short Dutch name for narrow columns.
    pub fn short(self) -> &'static str {
        match self {
            Provision::InformatieAdvies => "info/advies",
            Provision::Thuisadministratie => "thuisadmin.",
            Provision::Budgetcoaching => "coaching",
            Provision::BudgetbeheerBasis => "beheer basis",
            Provision::BudgetbeheerTotaal => "beheer totaal",
            Provision::Beschermingsbewind => "bewind",
        }
    }

    /// The default Dutch display name (a policy may rename it via `[namen]`).
    pub fn label(self) -> &'static str {
        match self {
            Provision::InformatieAdvies => "Informatie en advies",
            Provision::Thuisadministratie => "Thuisadministratie",
            Provision::Budgetcoaching => "Budgetcoaching",
            Provision::BudgetbeheerBasis => "Budgetbeheer (basis)",
            Provision::BudgetbeheerTotaal => "Budgetbeheer (totaal)",
            Provision::Beschermingsbewind => "Beschermingsbewind",
        }
    }
}

/// What the professional decided about a proposal: accepted, or overridden with a reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// What the engine proposed at the moment of deciding (None when it could not yet propose).
    pub proposed: Option<Provision>,
    pub decided: Provision,
    /// Present exactly when `decided != proposed`.
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
    pub by: String,
}

impl Decision {
    pub fn is_override(&self) -> bool {
        self.proposed != Some(self.decided)
    }
}
