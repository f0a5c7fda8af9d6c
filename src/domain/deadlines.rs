//! Statutory deadlines per case (SEGMENTATION.md §5). Owned by the deadlines work.

use super::answers::Answers;
use super::policy::Policy;
use chrono::NaiveDate;

/// The contract fields of `deadlines` in the segment output; None when not applicable.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Deadlines {
    pub eerste_gesprek: Option<NaiveDate>,
    pub crisis_afgerond: Option<NaiveDate>,
    pub beschikking: Option<NaiveDate>,
    pub bewind_melding: Option<NaiveDate>,
    pub bewind_plan: Option<NaiveDate>,
}

/// Computes every deadline from the (effective) answers. STUB: replaced by the deadlines work.
pub fn compute(_answers: &Answers, _policy: &Policy) -> Deadlines {
    Deadlines::default()
}
