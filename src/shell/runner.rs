//! The runner: executes effects against the store and applies their results to the state.
//! The event loop lives in `tui`; this part is shared with tests that drive `update` directly.

use crate::app::summary::{outcome, summarize};
use crate::app::{Effect, Level, OpenCase, Screen, State, StatusLine};
use crate::domain::history::Change;
use crate::format::soort::Soort;
use crate::letters;
use crate::store::{AccessContext, AccessPurpose, CaseKey, CaseStore, NewCase, StoreError};
use chrono::{DateTime, Utc};

/// What effects need from the outside world: the store and the clock.
pub struct Runtime<'a> {
    pub store: &'a dyn CaseStore,
    pub now: &'a dyn Fn() -> DateTime<Utc>,
    /// Where the intake report and documents are written (the working directory in the TUI).
    pub export_dir: std::path::PathBuf,
    /// The document templates (`--sjablonen`, else the embedded ones).
    pub sjablonen: &'a crate::letters::Sjablonen,
}

/// Runs every effect; a failure is shown, never swallowed, and the edit stays on screen.
pub fn execute(state: &mut State, rt: &Runtime, effects: Vec<Effect>) {
    for effect in effects {
        if let Err(e) = execute_one(state, rt, effect) {
            state.status = Some(StatusLine {
                level: Level::Error,
                text: format!("NIET opgeslagen: {e}"),
            });
        }
    }
}

fn execute_one(state: &mut State, rt: &Runtime, effect: Effect) -> Result<(), StoreError> {
    match effect {
        Effect::Create { case, changes } => create(state, rt, *case, changes),
        Effect::Open(key) => open_case(state, rt, key),
        Effect::Save { changes } => save(state, rt, changes),
        Effect::ExportReport { full_bsn } => export_report(state, rt, full_bsn),
        Effect::RecordAccess(purpose) => {
            record_open_access(state, rt, purpose);
            Ok(())
        }
        Effect::MakeLetter(soort) => make_letter(state, rt, soort),
        Effect::MyCases => {
            super::live::toggle_my_cases(state, rt);
            Ok(())
        }
    }
}

/// Stores a new case and opens it.
fn create(
    state: &mut State,
    rt: &Runtime,
    mut case: crate::domain::case::Case,
    changes: Vec<Change>,
) -> Result<(), StoreError> {
    let now = (rt.now)();
    case.created_at = now;
    case.updated_at = now;
    let oc = outcome(&case, &state.env);
    let summary = summarize(&case, &oc, &state.env);
    let created = rt.store.create(
        NewCase {
            case: case.clone(),
            summary: summary.clone(),
            changes,
        },
        &state.env.user,
        now,
    );
    let (key, id) = match created {
        Ok(c) => (c.key, c.case_id),
        Err(e) => {
            // The case may have been written before the failure: show the store's
            // list, so a retry does not make the same case twice unnoticed.
            if let Ok(listing) = rt.store.list_summaries() {
                state.list = crate::app::list::ListState::new(listing.rows);
            }
            state.error(format!(
                "NIET zeker opgeslagen: {e}. Kijk in de lijst of de zaak er staat voordat u opnieuw opslaat."
            ));
            return Ok(());
        }
    };
    state.list.upsert(
        key,
        crate::domain::summary::Summary {
            case_id: id.clone(),
            ..summary
        },
    );
    state.form = crate::app::form::FormState::new(state.env.today);
    if state.screen == Screen::Form {
        state.go_back();
    }
    if let Err(e) = open_case(state, rt, key) {
        state.error(format!(
            "Zaak {id} is opgeslagen, maar kon niet worden geopend: {e}"
        ));
        return Ok(());
    }
    state.status = Some(StatusLine {
        level: Level::Saved,
        text: format!("Zaak {id} aangemaakt en opgeslagen"),
    });
    Ok(())
}

/// Saves the open case with the events that describe the change.
fn save(state: &mut State, rt: &Runtime, mut changes: Vec<Change>) -> Result<(), StoreError> {
    let now = (rt.now)();
    let Some(open) = state.open.as_mut() else {
        return Ok(());
    };
    open.case.updated_at = now;
    if let Some(d) = open.case.decision.as_mut()
        && changes.iter().any(|c| matches!(c, Change::Decision { .. }))
    {
        d.at = now;
    }
    if changes.iter().any(|c| matches!(c, Change::Beperkt { .. }))
        && let Some(b) = open.case.beperkt.as_mut()
    {
        b.sinds = now;
    }
    if changes.iter().any(|c| matches!(c, Change::Note { .. }))
        && let Some(note) = open.case.notes.last_mut()
    {
        note.at = now;
    }
    for c in &mut changes {
        if let Change::Decision { decision } = c {
            decision.at = now;
        }
    }
    crate::app::traject::follow_status(&mut open.case, &mut changes);
    // The one place derived data is refreshed: after the change and its time stamps.
    open.refresh(&state.env);
    // Saved on the loaded version; merged with other desks' changes when needed (a team
    // store); the same answer changed elsewhere keeps their value and says so.
    let merged = match super::live::save_open(open, rt, &state.env, &changes, now) {
        Ok(merged) => merged,
        Err(e) => {
            // Memory must not run ahead of the store: show what the store holds now (the
            // change, if the failure came after it was written, or the case before it).
            // The value that was not saved stays readable in the message, marked.
            let unsaved: Vec<String> = changes
                .iter()
                .map(|c| crate::ui::case::describe(c, &state.env.checklists))
                .collect();
            let conflict = e.is_conflict();
            let e = format!("{e} [niet opgeslagen: {}]", unsaved.join("; "));
            let key = open.key;
            match rt.store.load(key, &access(&state.env.user, now)) {
                Ok(loaded) => {
                    open.case = loaded.case;
                    open.base = open.case.clone();
                    open.version = loaded.version;
                    open.refresh(&state.env);
                    let summary = summarize(&open.case, &open.outcome, &state.env);
                    state.list.upsert(key, summary);
                    state.error(if conflict {
                        format!(
                            "NIET opgeslagen: {e}. Het scherm toont nu hun versie; voer uw wijziging opnieuw in."
                        )
                    } else {
                        format!(
                            "NIET zeker opgeslagen: {e}. Het scherm toont nu wat in de opslag staat; controleer de laatste wijziging."
                        )
                    });
                }
                Err(_) => {
                    // Nothing trustworthy to show: close the case rather than keep edits
                    // that a later save would write without their history.
                    state.open = None;
                    state.back.clear();
                    state.screen = Screen::List;
                    state.error(format!(
                        "NIET opgeslagen: {e}. De zaak is gesloten; open haar opnieuw."
                    ));
                }
            }
            return Ok(());
        }
    };
    let summary = summarize(&open.case, &open.outcome, &state.env);
    if !changes.is_empty() || merged != super::live::Merged::Plain {
        open.history = match rt.store.history(open.key) {
            Ok(h) => h,
            Err(e) => {
                state.error(format!(
                    "Opgeslagen, maar de geschiedenis kon niet worden gelezen: {e}"
                ));
                return Ok(());
            }
        };
        let at = now.with_timezone(&state.env.offset).format("%H:%M:%S");
        state.status = Some(match merged {
            super::live::Merged::Plain => StatusLine {
                level: Level::Saved,
                text: format!("Opgeslagen {at}"),
            },
            super::live::Merged::WithOthers => StatusLine {
                level: Level::Saved,
                text: format!(
                    "Opgeslagen {at}, samen met wat intussen elders aan deze zaak is gewijzigd"
                ),
            },
            super::live::Merged::Conflict(text) => StatusLine {
                level: Level::Error,
                text,
            },
        });
    }
    let key = open.key;
    state.list.upsert(key, summary);
    Ok(())
}

/// Records in the access log that the open case was read for `purpose` (the full BSN shown).
fn record_open_access(state: &mut State, rt: &Runtime, purpose: AccessPurpose) {
    let Some(open) = state.open.as_ref() else {
        return;
    };
    let entry = AccessContext {
        purpose,
        ..access(&state.env.user, (rt.now)())
    };
    if let Err(e) = rt.store.record_access(open.key, &entry) {
        state.error(format!(
            "Niet in het toegangslogboek vastgelegd ({}): {e}",
            purpose.label()
        ));
    }
}

/// Writes the intake report of the open case to the export directory; with `full_bsn` the BSN
/// in full, which is recorded (access log and history) only after the file was written.
fn export_report(state: &mut State, rt: &Runtime, full_bsn: bool) -> Result<(), StoreError> {
    // The role decides before anything is written (as for `loket brief intakeverslag`).
    if let Some(why) = crate::app::rights::refusal(state, crate::keymap::Command::ExportReport) {
        state.error(why);
        return Ok(());
    }
    let Some(open) = state.open.as_ref() else {
        return Ok(());
    };
    let full_bsn = full_bsn && open.case.client.bsn.is_some();
    let text = crate::app::intake_report::intake_report_with(
        &open.case,
        &open.outcome,
        &open.history,
        &state.env,
        full_bsn,
    );
    let text = crate::domain::plausible::printable(&text, true);
    let stem = crate::format::file_name::file_stem(&open.case.case_id);
    // Never over an existing file (nor through a planted link): the next free name.
    let mut n = 1;
    let (path, written) = loop {
        let name = if n == 1 {
            format!("intakeverslag-{stem}.md")
        } else {
            format!("intakeverslag-{stem}-{n}.md")
        };
        let path = rt.export_dir.join(name);
        match crate::format::atomic::write_new(&path, text.as_bytes()) {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
            other => break (path, other),
        }
    };
    let key = open.key;
    match written {
        Ok(()) => {
            // Printed: in the access log like any other read of the case.
            let printed = AccessContext {
                purpose: AccessPurpose::Export,
                ..access(&state.env.user, (rt.now)())
            };
            if let Err(e) = rt.store.record_access(key, &printed) {
                state.error(format!(
                    "Intakeverslag opgeslagen in {}, maar niet in het toegangslogboek: {e}",
                    path.display()
                ));
                return Ok(());
            }
            if full_bsn {
                let handed = AccessContext {
                    purpose: AccessPurpose::BsnExport,
                    ..access(&state.env.user, (rt.now)())
                };
                let logged = rt.store.record_access(key, &handed);
                let note = Change::Note {
                    text: format!(
                        "intakeverslag met volledig BSN opgeslagen in {} (overdracht)",
                        path.display()
                    ),
                };
                if let Err(e) = save(state, rt, vec![note]) {
                    state.error(format!(
                        "Intakeverslag met volledig BSN opgeslagen in {}, maar NIET in de geschiedenis vastgelegd: {e}",
                        path.display()
                    ));
                    return Ok(());
                }
                if let Err(e) = logged {
                    state.error(format!(
                        "Intakeverslag met volledig BSN opgeslagen in {}, maar niet in het toegangslogboek: {e}",
                        path.display()
                    ));
                    return Ok(());
                }
                if state
                    .status
                    .as_ref()
                    .is_some_and(|s| s.level == Level::Error)
                {
                    return Ok(());
                }
            }
            state.status = Some(StatusLine {
                level: Level::Saved,
                text: if full_bsn {
                    format!(
                        "Intakeverslag met volledig BSN opgeslagen in {}",
                        path.display()
                    )
                } else {
                    format!("Intakeverslag opgeslagen in {}", path.display())
                },
            })
        }
        Err(e) => state.error(format!(
            "Intakeverslag kon niet worden opgeslagen in {}: {}",
            path.display(),
            crate::store::io_text(&e)
        )),
    }
    Ok(())
}

/// Makes a document of the open case: nothing is written when the case lacks what it needs (the
/// status line says what). The file goes to `rt.export_dir`; the history records it.
fn make_letter(state: &mut State, rt: &Runtime, soort: Soort) -> Result<(), StoreError> {
    let Some(open) = state.open.as_ref() else {
        return Ok(());
    };
    if let Some(role) = state.role
        && !role.may_make_document(soort.id())
    {
        state.error(format!(
            "Als {role} mag u dit niet: het document {} maken. Vraag een schuldhulpverlener of de teamleider.",
            soort.title()
        ));
        return Ok(());
    }
    let key = open.key;
    let input = letters::Input {
        case: &open.case,
        outcome: &open.outcome,
        history: &open.history,
        env: &state.env,
        afwijzing: None,
    };
    let md = match letters::markdown(soort, rt.sjablonen, &input) {
        Ok(md) => md,
        Err(e) => {
            state.error(format!("{e}. Er is niets geschreven."));
            return Ok(());
        }
    };
    let bytes = letters::render(soort, &md, &open.case, &state.env, letters::Format::Pdf);
    let wanted = rt
        .export_dir
        .join(letters::default_file_name(soort, &open.case.case_id));
    // A second document of the same kind gets the next free name (-2, -3, …).
    let path = match crate::format::atomic::write_next_free(&wanted, &bytes) {
        Ok(path) => path,
        Err(e) => {
            state.error(format!(
                "{} kon niet worden opgeslagen in {}: {}",
                soort.title(),
                wanted.display(),
                crate::format::io_reason(&e)
            ));
            return Ok(());
        }
    };
    // Made from the case: in the access log like a printed intake report.
    let made = AccessContext {
        purpose: AccessPurpose::Export,
        ..access(&state.env.user, (rt.now)())
    };
    let logged = rt.store.record_access(key, &made);
    save(state, rt, vec![letters::document_made(soort, &path, None)])?;
    if state
        .status
        .as_ref()
        .is_some_and(|s| s.level == Level::Error)
    {
        let shown = state
            .status
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default();
        state.error(format!(
            "{} opgeslagen in {}, maar NIET in de geschiedenis vastgelegd: {shown}",
            soort.title(),
            path.display()
        ));
    } else {
        state.status = Some(StatusLine {
            level: Level::Saved,
            text: format!("{} opgeslagen in {}", soort.title(), path.display()),
        });
    }
    if let Err(e) = logged {
        state.error(format!(
            "{} opgeslagen in {}, maar niet in het toegangslogboek: {e}",
            soort.title(),
            path.display()
        ));
    }
    Ok(())
}

/// Loads a case with its history and shows it (the read is recorded in the access log).
pub fn open_case(state: &mut State, rt: &Runtime, key: CaseKey) -> Result<(), StoreError> {
    let loaded = rt.store.load(key, &access(&state.env.user, (rt.now)()))?;
    let history = rt.store.history(key)?;
    let mut open = OpenCase::new(key, loaded, history, &state.env);
    if state.role == Some(crate::domain::role::Role::Teamleider) {
        // The teamleider's view of who read the case; a failure only leaves it out.
        open.access = rt.store.access_log(key).unwrap_or_default();
    }
    state.open = Some(open);
    state.go(Screen::Case);
    Ok(())
}

/// Who reads a case on the screen, and when.
fn access(user: &str, at: DateTime<Utc>) -> AccessContext {
    AccessContext {
        by: user.to_string(),
        at,
        purpose: AccessPurpose::View,
    }
}
