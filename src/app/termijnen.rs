//! The Termijnen screen: every open deadline across cases, by date, grouped as verlopen /
//! vandaag / deze week / later. Built from the case summaries when the screen is entered.

use super::{Action, Effect, Screen, State, move_cursor};
use crate::domain::deadlines::{DeadlineKind, Urgency, urgency_on};
use crate::keymap::Command;
use crate::store::CaseKey;
use chrono::NaiveDate;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueRow {
    pub key: CaseKey,
    pub case_id: String,
    pub name: String,
    pub crisis: bool,
    pub kind: DeadlineKind,
    pub due: NaiveDate,
    pub urgency: Urgency,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TermijnenState {
    pub rows: Vec<DueRow>,
    pub cursor: usize,
}

/// Collects the open deadlines of every case, earliest first, and shows the screen.
pub fn enter(state: &mut State) {
    state.termijnen = TermijnenState {
        rows: rows_of(state),
        cursor: 0,
    };
    state.go(Screen::Termijnen);
}

/// Builds the rows again from the list (other desks changed cases while the screen is open);
/// the cursor stays where it was, as far as the rows go.
pub fn refresh(state: &mut State) {
    let rows = rows_of(state);
    let t = &mut state.termijnen;
    t.cursor = t.cursor.min(rows.len().saturating_sub(1));
    t.rows = rows;
}

/// The open deadlines of every case in the list, earliest first.
fn rows_of(state: &State) -> Vec<DueRow> {
    let today = state.env.today;
    let role = state.role;
    let mut rows: Vec<DueRow> = state
        .list
        .rows
        .iter()
        .flat_map(|r| {
            let name = super::rights::list_name(role, &r.summary).to_string();
            r.summary
                .deadlines
                .iter()
                .filter(|d| d.met_on.is_none())
                .map(move |d| DueRow {
                    key: r.key,
                    case_id: r.summary.case_id.clone(),
                    name: name.clone(),
                    crisis: r.summary.crisis,
                    kind: d.kind,
                    due: d.due,
                    urgency: urgency_on(d.due, None, today),
                })
        })
        .collect();
    rows.sort_by(|a, b| (a.due, &a.case_id, a.kind).cmp(&(b.due, &b.case_id, b.kind)));
    rows
}

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let t = &mut state.termijnen;
    match action {
        Action::Cmd(Command::Back) | Action::Cancel => state.go_back(),
        Action::Cmd(Command::Open) | Action::Confirm => {
            if let Some(row) = t.rows.get(t.cursor) {
                return vec![Effect::Open(row.key)];
            }
        }
        Action::Cmd(cmd) => t.cursor = move_cursor(t.cursor, t.rows.len(), cmd, 10),
        _ => {}
    }
    Vec::new()
}
