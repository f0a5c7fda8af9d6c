//! Derived data for a case: its live outcome and its list summary.

use super::Env;
use crate::domain::case::{Case, Status};
use crate::domain::deadlines::{self, Progress};
use crate::domain::provision::Provision;
use crate::domain::segment::{self, Outcome};
use crate::store::{Change, Summary, SummaryDeadline};

/// The provision the engine proposes (None while its inputs are incomplete).
pub fn proposed(o: &Outcome) -> Option<Provision> {
    o.support.provision
}

/// The proposal as it is recorded in the history when a decision is taken.
pub fn proposal_change(o: &Outcome) -> Change {
    Change::Proposal {
        provision: o.support.provision,
        bewind_advice: o.bewind.advice.id().to_string(),
        debt_route: o.debt_route.route.map(|r| r.id().to_string()),
    }
}

/// The live outcome of a case under this session's policy and date.
pub fn outcome(case: &Case, env: &Env) -> Outcome {
    segment::segment_case(case, &env.checklists, &env.policy, env.today)
}

/// How far the case has come, for the deadlines: the local date of the decision, and closed.
pub fn progress(case: &Case, env: &Env) -> Progress {
    Progress {
        decided_on: case
            .decision
            .as_ref()
            .map(|d| d.at.with_timezone(&env.offset).date_naive()),
        closed: case.status == Status::Afgesloten,
    }
}

/// What the case list, the Termijnen screen and the report need, computed from the case.
pub fn summarize(case: &Case, outcome: &Outcome, env: &Env) -> Summary {
    let answers = case.effective_answers(env.checklists.schuldhulp.version);
    let progress = progress(case, env);
    let items = deadlines::due_items(&answers, &env.policy, &progress);
    let crisis = [
        "crisis.ontruiming",
        "crisis.afsluiting",
        "crisis.zorgverzekering",
        "crisis.overig",
    ]
    .iter()
    .any(|i| answers.value(i).and_then(|v| v.as_bool()) == Some(true));
    Summary {
        case_id: case.case_id.clone(),
        name: case.client.name.clone(),
        status: case.status,
        created_at: case.created_at,
        updated_at: case.updated_at,
        crisis,
        deadlines: items
            .iter()
            .map(|d| SummaryDeadline {
                kind: d.kind.id().to_string(),
                due: d.due,
                met_on: d.met_on,
            })
            .collect(),
        proposed: proposed(outcome),
        decided: case.decision.as_ref().map(|d| d.decided),
        overridden: case.decision.as_ref().is_some_and(|d| d.is_override()),
        debt_route: outcome.debt_route.route.map(|r| r.id().to_string()),
    }
}
