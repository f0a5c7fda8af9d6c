//! What the person's role allows on screen. The team store refuses forbidden writes itself;
//! this keeps the screens from offering them: the keys are left out of the footer and help,
//! and a key pressed anyway gets a Dutch explanation instead of an attempt.

use super::State;
use crate::domain::role::{Action as RoleAction, Role};
use crate::keymap::Command;

/// Whether `role` may use `cmd` at all (for the key hints); None means every right.
pub fn offers(role: Option<Role>, cmd: Command) -> bool {
    let Some(role) = role else {
        return true;
    };
    match cmd {
        Command::Report => role.may(RoleAction::Report),
        Command::Bewind => role.may_fill("bewind"),
        Command::Accept | Command::Override => role.may_decide(),
        Command::Restrict => role.may(RoleAction::Beperken),
        Command::ExportReport => role.may_make_document("intakeverslag"),
        _ => true,
    }
}

/// Whether a case's name may be shown and searched in the lists: a restricted case's name
/// (art. 18 AVG: kept, not processed) only to whom may open it; None means every right.
pub fn shows_name(role: Option<Role>, beperkt: bool) -> bool {
    !beperkt || role.is_none_or(|r| r.may(RoleAction::BeperktInzien))
}

/// What a list shows in place of a name it may not show.
pub const HIDDEN_NAME: &str = "(afgeschermd)";

/// The name a list shows for a case: its own, or [`HIDDEN_NAME`] (see [`shows_name`]).
pub fn list_name(role: Option<Role>, summary: &crate::domain::summary::Summary) -> &str {
    if shows_name(role, summary.beperkt) {
        &summary.name
    } else {
        HIDDEN_NAME
    }
}

/// Why `cmd` is refused now, in Dutch, or None when it is allowed.
pub fn refusal(state: &State, cmd: Command) -> Option<String> {
    if restricted(state) && processes(cmd) {
        return Some(format!(
            "BEPERKT: {}. Opheffen met de toets voor beperken (zie ?), met reden.",
            crate::domain::beperking::REFUSAL
        ));
    }
    let role = state.role?;
    let what = match cmd {
        Command::Report if !role.may(RoleAction::Report) => "het overzicht voor de gemeente maken",
        Command::Bewind if !role.may_fill("bewind") => "de vragenlijst bewind invullen",
        Command::Accept | Command::Override if !role.may_decide() => "een besluit vastleggen",
        Command::Restrict if !role.may(RoleAction::Beperken) => RoleAction::Beperken.what(),
        // As `loket brief intakeverslag`: the intake report is the counsellor's document.
        Command::ExportReport if !role.may_make_document("intakeverslag") => {
            "het intakeverslag opslaan"
        }
        Command::StatusNext => {
            let status = state.open.as_ref()?.case.status;
            if role.may_set_status(status, status.next()) {
                return None;
            }
            "de zaak verder zetten dan intake"
        }
        _ => return None,
    };
    Some(format!(
        "Als {role} mag u dit niet: {what}. Vraag een schuldhulpverlener of de teamleider."
    ))
}

/// Whether the open case's processing is restricted (art. 18 AVG) on a screen of that case.
fn restricted(state: &State) -> bool {
    state.screen != crate::keymap::Screen::List
        && state
            .open
            .as_ref()
            .is_some_and(|o| o.case.beperkt.is_some())
}

/// The commands that change a case or let its data leave loket (refused while restricted).
fn processes(cmd: Command) -> bool {
    matches!(
        cmd,
        Command::StatusNext
            | Command::StatusPrev
            | Command::Bewind
            | Command::ExportReport
            | Command::MakeLetter
            | Command::Edit
            | Command::Clear
            | Command::AddNote
            | Command::RemoveCase
            | Command::EditClient
            | Command::Withdraw
            | Command::Add
            | Command::Delete
            | Command::Accept
            | Command::Override
            | Command::AddStep
            | Command::CorrectStep
            | Command::RemoveStep
            | Command::CbsDetails
            | Command::Save
    )
}
