//! Derived data for a case: its live outcome and its list summary. PLACEHOLDER until merge.

use crate::domain::provision::Provision;
use crate::domain::segment::Outcome;
use crate::store::Change;

pub fn proposed(_o: &Outcome) -> Option<Provision> {
    None
}

pub fn proposal_change(_o: &Outcome) -> Change {
    Change::Proposal {
        provision: None,
        bewind_advice: String::new(),
        debt_route: None,
    }
}

pub fn outcome(_case: &crate::domain::case::Case, _env: &super::Env) -> Outcome {
    Outcome
}
