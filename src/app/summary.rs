//! Derived data for a case: its live outcome and its list summary.

use super::Env;
use crate::domain::case::{Case, Status};
use crate::domain::deadlines;
use crate::domain::history::Change;
use crate::domain::provision::Provision;
use crate::domain::referral;
use crate::domain::segment::{self, Outcome};
use crate::domain::summary::{Aanmelding, Summary, SummaryDeadline};
use crate::domain::traject;
use crate::store::{CaseStore, Resegment};

/// The provision the engine proposes (None while its inputs are incomplete).
pub fn proposed(o: &Outcome) -> Option<Provision> {
    o.support.provision
}

/// The proposal as it is recorded in the history when a decision is taken.
pub fn proposal_change(o: &Outcome) -> Change {
    Change::Proposal {
        provision: o.support.provision,
        bewind_advice: o.bewind.advice,
        debt_route: o.debt_route.route,
    }
}

/// The live outcome of a case under this session's policy and date.
pub fn outcome(case: &Case, env: &Env) -> Outcome {
    segment::segment_case(case, &env.checklists, &env.policy, env.today)
}

/// The case's deadlines, met / late / open from the traject's own dates only (TRAJECT.md):
/// accepting a proposal meets nothing.
pub fn due(
    case: &Case,
    answers: &crate::domain::answers::Answers,
    env: &Env,
) -> Vec<deadlines::DueItem> {
    traject::due_items(
        answers,
        &env.policy,
        &case.traject,
        matches!(case.status, Status::Afgesloten | Status::Verwijderd),
    )
}

/// What the case list, the Termijnen screen and the report need, computed from the case.
pub fn summarize(case: &Case, outcome: &Outcome, env: &Env) -> Summary {
    let answers = case.effective_answers(env.checklists.schuldhulp.version);
    let dates = traject::due_dates(
        &answers,
        &env.policy,
        &case.traject,
        matches!(case.status, Status::Afgesloten | Status::Verwijderd),
    );
    let crisis = deadlines::crisis(&answers);
    Summary {
        case_id: case.case_id.clone(),
        name: case.client.name.clone(),
        status: case.status,
        created_at: case.created_at,
        updated_at: case.updated_at,
        crisis,
        deadlines: dates
            .into_iter()
            .map(|(kind, due, met_on)| SummaryDeadline { kind, due, met_on })
            .collect(),
        proposed: proposed(outcome),
        decided: case.decision.as_ref().map(|d| d.decided),
        overridden: case.decision.as_ref().is_some_and(|d| d.is_override()),
        debt_route: outcome.debt_route.route,
        aanmelding: referral::route(&answers).map(|route| Aanmelding {
            route: route.to_string(),
            verwijzer: referral::verwijzer(&answers, &env.checklists),
        }),
        melding: answers
            .value("melding.datum")
            .and_then(crate::domain::answers::Value::as_date),
        einden: crate::domain::retention::einden(&case.traject),
        beperkt: case.beperkt.is_some(),
    }
}

/// Raise this whenever a change to segmentation or summaries changes what a stored summary
/// would say for the same case and policy: every store then re-segments once at start-up.
pub const ENGINE_VERSION: u32 = 5;

/// A stable fingerprint of everything a summary is derived from besides the case itself: the
/// policy and the checklist versions. FNV-1a over their debug text: stable across runs and
/// builds as long as the types do not change (a change only costs one re-segmentation).
pub fn policy_fingerprint(env: &Env) -> String {
    let text = format!(
        "{:?}|schuldhulp/{}|bewind/{}|engine/{}",
        env.policy,
        env.checklists.schuldhulp.version,
        env.checklists.bewind.version,
        ENGINE_VERSION
    );
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Whether the stored summaries were computed under another policy than `env`'s.
pub fn needs_resegment(store: &dyn CaseStore, env: &Env) -> crate::store::Result<bool> {
    store.needs_resegment(&policy_fingerprint(env))
}

/// Recomputes every case's summary under `env` (after a policy change); see
/// [`CaseStore::resegment_all`]. Returns the number of cases.
pub fn resegment_all(
    store: &dyn CaseStore,
    env: &Env,
    progress: &mut dyn FnMut(usize, usize),
) -> crate::store::Result<usize> {
    with_job(env, |job| store.resegment_all(job, progress))
}

/// Re-segments when the policy changed since the summaries were made; records the fingerprint
/// of a new store. Returns the number of cases re-segmented (0 when nothing was needed).
pub fn ensure_current(
    store: &dyn CaseStore,
    env: &Env,
    progress: &mut dyn FnMut(usize, usize),
) -> crate::store::Result<usize> {
    with_job(env, |job| store.ensure_current(job, progress))
}

/// The re-segmentation under `env`: its fingerprint and the summary of a case.
fn with_job<T>(env: &Env, run: impl FnOnce(&Resegment<'_>) -> T) -> T {
    let fingerprint = policy_fingerprint(env);
    let summarize = |case: &Case| summarize(case, &outcome(case, env), env);
    run(&Resegment {
        fingerprint: &fingerprint,
        summarize: &summarize,
    })
}
