//! A new day while loket is open (issue 13): a desk left open overnight must not show
//! yesterday's deadlines. The event loop asks its event source for the local date and calls
//! [`roll_over`] when it changed; with a fixed `--today` the source reports nothing.

use super::{Screen, State};
use chrono::NaiveDate;

/// Moves the session to `today`: the open case's deadlines, the Termijnen and report screens
/// and the new-case form's default date follow. Nothing is saved.
pub fn roll_over(state: &mut State, today: NaiveDate) {
    if today == state.env.today {
        return;
    }
    state.env.today = today;
    if let Some(open) = state.open.as_mut() {
        open.refresh(&state.env);
    }
    // Rebuild the screens that were computed for the old day, keeping their place.
    let cursor = state.termijnen.cursor;
    let screen = state.screen;
    if screen == Screen::Termijnen {
        super::termijnen::enter(state);
        state.termijnen.cursor = cursor.min(state.termijnen.rows.len().saturating_sub(1));
    } else if screen == Screen::Report {
        let scroll = state.report.scroll;
        super::report::enter(state);
        state.report.scroll = scroll;
    }
    if state.screen != Screen::Form {
        state.form = super::form::FormState::new(today);
    }
    state.info(format!(
        "Nieuwe dag: termijnen bijgewerkt naar {}",
        today.format("%d-%m-%Y")
    ));
}
