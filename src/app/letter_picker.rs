//! The document picker on the case screen: choose a document (1–4, or arrows and Enter), and the
//! runner writes it as PDF in the export folder, records it in the history and says where it went.

use super::runner::Runtime;
use super::summary::summarize;
use super::{Action, Effect, Level, State, StatusLine};
use crate::keymap::Command;
use crate::letters::{self, Format, Input, Soort};

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(cursor) = state.letter_picker else {
        return Vec::new();
    };
    let n = Soort::ALL.len();
    match action {
        Action::Cancel | Action::Cmd(Command::Back) => state.letter_picker = None,
        Action::Cmd(Command::Up) => state.letter_picker = Some(cursor.saturating_sub(1)),
        Action::Cmd(Command::Down) => state.letter_picker = Some((cursor + 1).min(n - 1)),
        Action::Confirm => return pick(state, cursor),
        Action::Char(c) => {
            if let Some(i) = c.to_digit(10).and_then(|d| (d as usize).checked_sub(1))
                && i < n
            {
                return pick(state, i);
            }
        }
        _ => {}
    }
    Vec::new()
}

fn pick(state: &mut State, i: usize) -> Vec<Effect> {
    state.letter_picker = None;
    match Soort::ALL.get(i) {
        Some(s) => vec![Effect::MakeLetter(*s)],
        None => Vec::new(),
    }
}

/// Makes the document of the open case: nothing is written when the case lacks what it needs
/// (the status line says what). The file goes to `rt.export_dir`; the history records it.
pub fn make(state: &mut State, rt: &Runtime, soort: Soort) {
    let Some(open) = state.open.as_ref() else {
        return;
    };
    let input = Input {
        case: &open.case,
        outcome: &open.outcome,
        history: &open.history,
        env: &state.env,
        afwijzing: None,
    };
    let md = match letters::markdown(soort, &state.sjablonen, &input) {
        Ok(md) => md,
        Err(e) => {
            state.error(format!("{e}. Er is niets geschreven."));
            return;
        }
    };
    let bytes = letters::render(soort, &md, &open.case, &state.env, Format::Pdf);
    let path = rt
        .export_dir
        .join(letters::default_file_name(soort, &open.case.case_id));
    if let Err(e) = letters::write_atomic(&path, &bytes) {
        state.error(format!(
            "{} kon niet worden opgeslagen in {}: {}",
            soort.title(),
            path.display(),
            crate::cli::io_reason(&e)
        ));
        return;
    }
    // HOOK(toegangslog): record the same fact in the access log once it exists.
    let change = letters::document_made(soort, &path, None);
    let now = (rt.now)();
    let summary = summarize(&open.case, &open.outcome, &state.env);
    let key = open.key;
    let recorded = rt
        .store
        .save(key, &open.case, &summary, &[change], &state.env.user, now)
        .and_then(|()| rt.store.history(key));
    match recorded {
        Ok(history) => {
            if let Some(open) = state.open.as_mut() {
                open.history = history;
            }
            state.status = Some(StatusLine {
                level: Level::Saved,
                text: format!("{} opgeslagen in {}", soort.title(), path.display()),
            });
        }
        Err(e) => state.error(format!(
            "{} opgeslagen in {}, maar NIET in de geschiedenis vastgelegd: {e}",
            soort.title(),
            path.display()
        )),
    }
}
