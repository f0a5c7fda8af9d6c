//! Working beside other desks on one case base: saving on top of their changes (merge, or a
//! conflict the person resolves) and taking in what they changed while this desk looks on.
//!
//! Effects side, like `runner`: these talk to the store.

use super::runner::Runtime;
use crate::app::summary::{outcome, summarize};
use crate::app::{Env, Level, OpenCase, State, StatusLine};
use crate::domain::case::Case;
use crate::domain::history::Change;
use crate::domain::merge::{self, Prefer};
use crate::domain::summary::Summary;
use crate::store::desk::{self, DeskOutcome, DeskSave};
use crate::store::{AccessContext, AccessPurpose, StoreError};
use chrono::{DateTime, Utc};

/// What saving the open case did, beyond "saved".
#[derive(Debug, PartialEq, Eq)]
pub enum Merged {
    /// Stored as it was: nobody else saved in between.
    Plain,
    /// Stored on top of another desk's changes to other parts; the screen shows both.
    WithOthers,
    /// Another desk changed the same thing: their value stays, everything else of this desk is
    /// stored. The message names who, when and both values.
    Conflict(String),
}

fn summary_of(case: &Case, env: &Env) -> Summary {
    let oc = outcome(case, env);
    summarize(case, &oc, env)
}

/// Saves the open case with `changes` on the version it was loaded at. Others' changes to
/// other answers are merged in; for the same answer their value is kept and the person is told
/// (with who, when, both values) so they can give theirs again. On success the open case is
/// what the store holds now.
pub fn save_open(
    open: &mut OpenCase,
    rt: &Runtime,
    env: &Env,
    changes: &[Change],
    now: DateTime<Utc>,
) -> Result<Merged, StoreError> {
    // The open case's outcome is current (refreshed before the save): its summary needs no
    // second run of the engine. Only a merged case is summarized afresh.
    let own = summarize(&open.case, &open.outcome, env);
    let mine = &open.case;
    let summarize = |c: &Case| {
        if c == mine {
            own.clone()
        } else {
            summary_of(c, env)
        }
    };
    // One save on the version loaded; the second (after a conflict) differs only in the
    // changes and who wins.
    let save = |changes: &[Change], prefer: Prefer| {
        desk::save(
            rt.store,
            &DeskSave {
                key: open.key,
                base: &open.base,
                base_version: open.version,
                mine: &open.case,
                changes,
                by: &env.user,
                at: now,
                summarize: &summarize,
                prefer,
            },
        )
    };
    let first = save(changes, Prefer::Nobody)?;
    let (version, case, merged) = match first {
        DeskOutcome::Saved {
            version,
            case,
            merged,
        } => (
            version,
            case,
            if merged {
                Merged::WithOthers
            } else {
                Merged::Plain
            },
        ),
        DeskOutcome::Conflict { items, .. } => {
            // Their value stays on what both changed; the events of this desk's other changes
            // go in (an event for a value that did not stick would tell a false history).
            let kept: Vec<Change> = changes
                .iter()
                .filter(|c| !items.iter().any(|i| merge::touches(c, &i.part)))
                .cloned()
                .collect();
            let second = save(&kept, Prefer::Theirs)?;
            let DeskOutcome::Saved { version, case, .. } = second else {
                return Err(StoreError::Io(
                    "de zaak kon niet met de andere wijzigingen worden samengevoegd".into(),
                ));
            };
            let text = items
                .iter()
                .map(|i| i.text(env.offset))
                .collect::<Vec<_>>()
                .join("; ");
            (
                version,
                case,
                Merged::Conflict(format!(
                    "Tegelijk gewijzigd: {text}. Die blijft staan; geef de uwe opnieuw om die te houden. Uw andere wijzigingen zijn opgeslagen."
                )),
            )
        }
    };
    open.version = version;
    if merged != Merged::Plain {
        open.case = case;
        open.refresh(env);
    }
    open.base = open.case.clone();
    Ok(merged)
}

/// Takes in what other desks changed since the list was read: their rows in the list (new
/// cases too), and the open case when it is one of them. Cheap when nothing changed (the
/// embedded store answers at once; the team store only asks when notified).
pub fn poll(state: &mut State, rt: &Runtime) {
    let Ok(changed) = rt.store.changed_since(state.live) else {
        return;
    };
    state.live = changed.cursor;
    if changed.keys.is_empty() {
        return;
    }
    let Ok(rows) = rt.store.summaries_of(&changed.keys) else {
        return;
    };
    // A case named without a list row left the store (destroyed at another desk).
    for key in &changed.keys {
        if !rows.iter().any(|(k, _)| k == key) {
            state.list.remove(*key);
        }
    }
    // The open case, when it changed: still there, and still to be seen by this person?
    let open_now = state
        .open
        .as_ref()
        .filter(|o| changed.keys.contains(&o.key))
        .map(|o| {
            let row = rows.iter().find(|(k, _)| *k == o.key);
            (o.case.case_id.clone(), row.map(|(_, s)| s.beperkt))
        });
    for (key, summary) in rows {
        state.list.upsert_elsewhere(key, summary);
    }
    // The Termijnen screen is built from the list: built again, it shows the changes too
    // (new or met deadlines, a name restricted meanwhile).
    if state.screen == crate::keymap::Screen::Termijnen {
        crate::app::termijnen::refresh(state);
    }
    match open_now {
        None => return,
        Some((id, None)) => {
            return close_open(
                state,
                format!("Zaak {id} is elders vernietigd (bewaartermijn); de zaak is gesloten."),
            );
        }
        Some((id, Some(true))) if !crate::app::rights::shows_name(state.role, true) => {
            return close_open(
                state,
                format!(
                    "Zaak {id} is elders beperkt (art. 18 AVG): alleen de teamleider kan haar nog inzien; de zaak is gesloten."
                ),
            );
        }
        Some(_) => {}
    }
    let Some(open) = state.open.as_mut() else {
        return;
    };
    // Named as changed, but maybe by this desk's own save or an access entry: read (and log a
    // read of) the case only when its version moved on.
    match rt.store.version_of(open.key) {
        Ok(Some(v)) if v != open.version => {}
        _ => return,
    }
    let access = AccessContext {
        by: state.env.user.clone(),
        at: (rt.now)(),
        purpose: AccessPurpose::View,
    };
    let (Ok(loaded), Ok(history)) = (rt.store.load(open.key, &access), rt.store.history(open.key))
    else {
        return;
    };
    if loaded.version == open.version {
        return;
    }
    let who = history
        .last()
        .map(|e| e.by.clone())
        .unwrap_or_else(|| "een ander".into());
    open.case = loaded.case;
    open.base = open.case.clone();
    open.version = loaded.version;
    open.history = history;
    open.refresh(&state.env);
    let id = open.case.case_id.clone();
    state.status = Some(StatusLine {
        level: Level::Info,
        text: format!("Zaak {id} is elders gewijzigd door {who}; u ziet nu de nieuwe stand."),
    });
}

/// "Mijn zaken": the list shows only the cases assigned to this person, or every case again.
pub fn toggle_my_cases(state: &mut State, rt: &Runtime) {
    if state.list.only.is_some() {
        state.list.show_only(None);
        state.info("Alle zaken");
        return;
    }
    match rt.store.assigned_to_me() {
        Ok(Some(keys)) => {
            let n = keys.len();
            state.list.show_only(Some(keys.into_iter().collect()));
            state.info(format!(
                "Mijn zaken: {n} aan u toegewezen (nogmaals: alle zaken)"
            ));
        }
        Ok(None) => state
            .info("Zaken toewijzen kan alleen in een teamdatabase; hier zijn alle zaken de uwe"),
        Err(e) => state.error(format!("Mijn zaken konden niet worden gelezen: {e}")),
    }
}

/// Closes the open case (it left the store, or may no longer be seen here) and shows the list:
/// nothing of it stays on screen, and nothing typed into it could be saved.
fn close_open(state: &mut State, text: String) {
    state.open = None;
    state.back.clear();
    state.screen = crate::keymap::Screen::List;
    state.prompt = None;
    state.confirm = None;
    state.letter_picker = None;
    state.error(text);
}
