//! The report screen: the municipality's numbers over all cases, from the case summaries.

use super::{Action, Effect, Screen, State};

use crate::domain::report::{Period, Report, ReportCase, ReportDeadline, compute};

use crate::domain::summary::Summary;
use crate::keymap::Command;
use chrono::NaiveDate;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReportState {
    pub report: Option<Report>,
    pub scroll: usize,
}

/// Computes the figures (all periods; the command line offers --from/--to) and shows them.
pub fn enter(state: &mut State) {
    let cases: Vec<_> = state
        .list
        .rows
        .iter()
        .map(|r| report_case(&r.summary, None))
        .collect();
    state.report = ReportState {
        report: Some(compute(&cases, Period::default(), state.env.today)),
        scroll: 0,
    };
    state.go(Screen::Report);
}

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Cmd(Command::Back) | Action::Cancel => state.go_back(),
        Action::Cmd(cmd) => {
            state.report.scroll = super::scroll(state.report.scroll, state.extents.report, cmd, 20);
        }
        _ => {}
    }
    Vec::new()
}

/// What the report needs of a case, from its summary (and its meldingsdatum, when known).
pub fn report_case(s: &Summary, melding: Option<NaiveDate>) -> ReportCase {
    ReportCase {
        melding: melding.or(s.melding),
        created: s.created_at.date_naive(),
        status: s.status,
        crisis: s.crisis,
        proposed: s.proposed,
        decided: s.decided,
        overridden: s.overridden,
        debt_route: s.debt_route,
        deadlines: s
            .deadlines
            .iter()
            .map(|d| ReportDeadline {
                kind: d.kind,
                due: d.due,
                met_on: d.met_on,
            })
            .collect(),
        melding_route: s.aanmelding.as_ref().map(|a| a.route.clone()),
        verwijzer: s.aanmelding.as_ref().and_then(|a| a.verwijzer.clone()),
        case_id: s.case_id.clone(),
        user: None,
    }
}
