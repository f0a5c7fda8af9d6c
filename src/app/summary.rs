//! Derived data for a case: its live outcome and its list summary.

use super::Env;
use crate::domain::case::{Case, Status};
use crate::domain::deadlines;
use crate::domain::provision::Provision;
use crate::domain::segment::{self, Outcome};
use crate::domain::traject;
use crate::store::{CaseKey, Change, Store, Summary, SummaryDeadline, decode_case_record};

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
        case.status == Status::Afgesloten,
    )
}

/// What the case list, the Termijnen screen and the report need, computed from the case.
pub fn summarize(case: &Case, outcome: &Outcome, env: &Env) -> Summary {
    let answers = case.effective_answers(env.checklists.schuldhulp.version);
    let items = due(case, &answers, env);
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
        melding: answers
            .value("melding.datum")
            .and_then(crate::domain::answers::Value::as_date),
    }
}

/// Raise this whenever a change to segmentation or summaries changes what a stored summary
/// would say for the same case and policy: every store then re-segments once at start-up.
pub const ENGINE_VERSION: u32 = 3;

/// Stored as the fingerprint while a re-segmentation is under way: a run broken off halfway
/// (crash, ctrl-c, error) matches no policy, so the next start finishes the job.
const RESEGMENT_BUSY: &str = "bezig";

/// The meta key under which the fingerprint of the summaries' policy is kept.
pub const POLICY_FINGERPRINT_KEY: &str = "policy_fingerprint";

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
pub fn needs_resegment(store: &Store, env: &Env) -> crate::store::Result<bool> {
    let stored = store.meta_get(POLICY_FINGERPRINT_KEY)?;
    Ok(match stored {
        Some(f) => f != policy_fingerprint(env),
        // A store from before fingerprints: only an empty one is known to be current.
        None => !store.is_empty(),
    })
}

/// Recomputes every case's summary under `env` (after a policy change), writes the ones that
/// changed, flushes and records the policy's fingerprint. Cases are decoded and segmented in
/// batches on every core. `progress(done, total)` is called now and then. Returns the number
/// of cases.
pub fn resegment_all(
    store: &Store,
    env: &Env,
    progress: &mut dyn FnMut(usize, usize),
) -> crate::store::Result<usize> {
    const BATCH: usize = 2048;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let total = store.len();
    let mut done = 0usize;
    store.meta_set(POLICY_FINGERPRINT_KEY, RESEGMENT_BUSY)?;
    store.flush()?;
    let mut records = store.case_records();
    loop {
        let batch: Vec<(CaseKey, sled::IVec)> = records
            .by_ref()
            .take(BATCH)
            .collect::<crate::store::Result<_>>()?;
        if batch.is_empty() {
            break;
        }
        let summaries = summarize_batch(&batch, env, threads)?;
        for ((key, _), summary) in batch.iter().zip(&summaries) {
            // A record that cannot be read keeps its old summary; it is reported, not fatal.
            if let Some(summary) = summary {
                store.put_summary_if_changed(*key, summary)?;
            }
        }
        done += batch.len();
        // Bounded unflushed writes: see FLUSH_EVERY in cli/workload.rs (sled#1412).
        store.flush()?;
        progress(done, total);
    }
    store.meta_set(POLICY_FINGERPRINT_KEY, &policy_fingerprint(env))?;
    store.flush()?;
    progress(done, total);
    Ok(done)
}

/// Decodes, segments and summarises records, split over `threads` threads.
fn summarize_batch(
    batch: &[(CaseKey, sled::IVec)],
    env: &Env,
    threads: usize,
) -> crate::store::Result<Vec<Option<Summary>>> {
    let one = |part: &[(CaseKey, sled::IVec)]| -> crate::store::Result<Vec<Option<Summary>>> {
        Ok(part
            .iter()
            .map(|(_, bytes)| {
                decode_case_record(bytes)
                    .ok()
                    .map(|case| summarize(&case, &outcome(&case, env), env))
            })
            .collect())
    };
    if threads <= 1 || batch.len() < 64 {
        return one(batch);
    }
    let size = batch.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let mut parts = batch.chunks(size);
        let first = parts.next().unwrap_or_default();
        let handles: Vec<_> = parts.map(|p| scope.spawn(move || one(p))).collect();
        let mut out = one(first)?;
        for h in handles {
            match h.join() {
                Ok(part) => out.extend(part?),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        Ok(out)
    })
}

/// Re-segments when the policy changed since the summaries were made; records the fingerprint
/// of a new store. Returns the number of cases re-segmented (0 when nothing was needed).
pub fn ensure_current(
    store: &Store,
    env: &Env,
    progress: &mut dyn FnMut(usize, usize),
) -> crate::store::Result<usize> {
    if needs_resegment(store, env)? {
        return resegment_all(store, env, progress);
    }
    if store.meta_get(POLICY_FINGERPRINT_KEY)?.is_none() {
        store.meta_set(POLICY_FINGERPRINT_KEY, &policy_fingerprint(env))?;
        store.flush()?;
    }
    Ok(0)
}
