//! The list summary of a case: a small record kept beside it, so lists and overviews never
//! decode whole cases. Derived data, recomputed whenever the case is saved or the policy changes.

use crate::domain::case::Status;
use crate::domain::deadlines::DeadlineKind;
use crate::domain::provision::Provision;
use crate::domain::segment::Route;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// One deadline as the case list and the Termijnen screen need it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryDeadline {
    pub kind: DeadlineKind,
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
    pub debt_route: Option<Route>,
    /// *(rules v2)* How the melding came in and who referred, for the report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aanmelding: Option<Aanmelding>,
    /// The meldingsdatum (the report's period and its median days to the first conversation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub melding: Option<NaiveDate>,
    /// How the traject ended, with dates (retention: `loket bewaren`); no personal data.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub einden: Vec<crate::domain::retention::Einde>,
    /// Processing restricted (art. 18 AVG): the list shows BEPERKT.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub beperkt: bool,
}

/// The melding route (`melding.route`) and the referrer: `melding.verwijzer`, or for a
/// vroegsignaal the signal partner ("vroegsignaal: energie").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Aanmelding {
    pub route: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verwijzer: Option<String>,
}

impl Summary {
    /// The summary of a case before the engine has looked at it: who and when, nothing
    /// proposed, decided or due. (Stores and benches that write cases without the engine.)
    pub fn unassessed(case: &crate::domain::case::Case) -> Summary {
        Summary {
            case_id: case.case_id.clone(),
            name: case.client.name.clone(),
            status: case.status,
            created_at: case.created_at,
            updated_at: case.updated_at,
            crisis: false,
            deadlines: Vec::new(),
            proposed: None,
            decided: None,
            overridden: false,
            debt_route: None,
            aanmelding: None,
            melding: None,
            einden: Vec::new(),
            beperkt: false,
        }
    }

    /// The earliest deadline not yet met.
    pub fn next_open_deadline(&self) -> Option<&SummaryDeadline> {
        self.deadlines
            .iter()
            .filter(|d| d.met_on.is_none())
            .min_by_key(|d| d.due)
    }
}
