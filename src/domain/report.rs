//! The figures for the municipality (`loket report`): cases per provision and per debt route,
//! overrides and their direction, deadlines met and overdue, crisis cases. Pure: the caller
//! passes one small [`ReportCase`] per case (built from the store's summaries, so no case has to
//! be decoded) and `today`.
//!
//! Decisions:
//! - A case counts under its decided provision when there is a decision, else under the proposal;
//!   both numbers are kept apart so the reader sees which is which.
//! - The period filters on the meldingsdatum (the statutory start and the date the Wgs monitor
//!   counts by); a case without a meldingsdatum falls back to the date it was created. Both ends
//!   are inclusive.
//! - An override is a decision that differs from the proposal recorded with it; its direction
//!   follows the ladder order of [`Provision`] (lighter / heavier), or "zonder voorstel" when the
//!   engine could not yet propose. The share is over the decisions, not over all cases. The
//!   direction compares the decision with the current proposal (the summaries keep no other); in
//!   the rare case that the proposal has since moved to exactly what was decided, the override
//!   is counted without a direction.
//! - A deadline is met on time (met on or before its due date), met late, overdue (open and its
//!   due date before today) or open (due today or later).

use super::case::Status;
use super::deadlines::DeadlineKind;
use super::policy::Policy;
use super::provision::Provision;
use super::segment::Route;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::{Value as J, json};

pub const FORMAT: &str = "loket-report/1";

/// One deadline of one case: when it is due and when it was met.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportDeadline {
    pub kind: DeadlineKind,
    pub due: NaiveDate,
    pub met_on: Option<NaiveDate>,
}

/// What the report needs of one case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportCase {
    pub melding: Option<NaiveDate>,
    /// The date the case was made in this store (fallback for the period).
    pub created: NaiveDate,
    pub status: Status,
    pub crisis: bool,
    /// The engine's current proposal.
    pub proposed: Option<Provision>,
    pub decided: Option<Provision>,
    /// The decision differs from the proposal recorded with it.
    pub overridden: bool,
    pub debt_route: Option<Route>,
    pub deadlines: Vec<ReportDeadline>,
    /// *(rules v2)* `melding.route` and the referrer (see `referral::verwijzer`).
    pub melding_route: Option<String>,
    pub verwijzer: Option<String>,
    /// The case number (for the list of overdue deadlines).
    pub case_id: String,
    /// Whose case it is for the caseload: the user who made (or imported) it; None when unknown.
    pub user: Option<String>,
}

/// An open deadline past its date, for the list in the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OverdueDeadline {
    pub case_id: String,
    pub kind: DeadlineKind,
    pub due: NaiveDate,
    pub days_over: i64,
}

/// The ids of `melding.route`, in checklist order (CHECKLISTS.md A0).
pub const MELDING_ROUTES: [&str; 4] = [
    "zelfmelding",
    "vroegsignaal",
    "verwijzing",
    "warme_overdracht",
];

/// The period of the report; `None` is open-ended.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Period {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Period {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from.is_none_or(|f| d >= f) && self.to.is_none_or(|t| d <= t)
    }
}

/// Which way a decision went from the proposal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Lichter,
    Zwaarder,
    ZonderVoorstel,
}

impl Direction {
    pub fn id(self) -> &'static str {
        match self {
            Direction::Lichter => "lichter",
            Direction::Zwaarder => "zwaarder",
            Direction::ZonderVoorstel => "zonder_voorstel",
        }
    }
}

/// The direction of an override; `None` when the decision follows the proposal.
pub fn override_direction(proposed: Option<Provision>, decided: Provision) -> Option<Direction> {
    match proposed {
        None => Some(Direction::ZonderVoorstel),
        Some(p) if decided < p => Some(Direction::Lichter),
        Some(p) if decided > p => Some(Direction::Zwaarder),
        Some(_) => None,
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProvisionCount {
    /// Cases with a decision for this provision.
    pub decided: usize,
    /// Cases without a decision whose proposal is this provision.
    pub proposed: usize,
}

impl ProvisionCount {
    pub fn total(&self) -> usize {
        self.decided + self.proposed
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overrides {
    pub total: usize,
    pub lighter: usize,
    pub heavier: usize,
    pub without_proposal: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeadlineCount {
    pub met_on_time: usize,
    pub met_late: usize,
    pub overdue: usize,
    pub open: usize,
}

impl DeadlineCount {
    /// The share met in time, in percent with one decimal, over the deadlines that are settled
    /// (met, or past their date); None when there are none yet.
    pub fn share_on_time(&self) -> Option<Decimal> {
        let settled = self.met_on_time + self.met_late + self.overdue;
        if settled == 0 {
            return None;
        }
        let pct = Decimal::from(self.met_on_time) * Decimal::from(100) / Decimal::from(settled);
        Some(pct.round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
    }
}

/// Median lead times in days (the figures the Ombudsman asks municipalities to know), from the
/// traject's own dates; each with the number of cases it rests on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LeadTimes {
    /// Meldingsdatum → first conversation.
    pub melding_gesprek: Option<Decimal>,
    pub melding_gesprek_n: usize,
    /// First conversation → beschikking.
    pub gesprek_beschikking: Option<Decimal>,
    pub gesprek_beschikking_n: usize,
}

/// The median of whole days; the mean of the middle two for an even count.
pub fn median(mut days: Vec<i64>) -> Option<Decimal> {
    if days.is_empty() {
        return None;
    }
    days.sort_unstable();
    let n = days.len();
    let m = if n % 2 == 1 {
        Decimal::from(days[n / 2])
    } else {
        (Decimal::from(days[n / 2 - 1]) + Decimal::from(days[n / 2])) / Decimal::from(2)
    };
    Some(m.round_dp(1))
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub today: NaiveDate,
    pub period: Period,
    /// Cases in the period.
    pub cases: usize,
    /// With a bounded period: how many were placed in it by their creation date (no meldingsdatum).
    pub without_melding: usize,
    pub status: Vec<(Status, usize)>,
    pub crisis: usize,
    /// Every provision, lightest first.
    pub provisions: Vec<(Provision, ProvisionCount)>,
    /// Neither a decision nor a proposal yet (onvolledig).
    pub no_provision: usize,
    /// Every route in contract order.
    pub routes: Vec<(Route, usize)>,
    /// No route yet (its inputs are missing).
    pub no_route: usize,
    pub decisions: usize,
    pub overrides: Overrides,
    /// Every deadline kind in contract order.
    pub deadlines: Vec<(DeadlineKind, DeadlineCount)>,
    /// *(v2)* Cases per `melding.route`, in checklist order, and without an answered route.
    pub melding_routes: Vec<(&'static str, usize)>,
    pub no_melding_route: usize,
    /// *(v2)* Cases per referrer, most first (then by name); spellings that differ only in
    /// letter case count together under the first one met.
    pub verwijzers: Vec<(String, usize)>,
    pub lead_times: LeadTimes,
    /// Open deadlines past their date, longest over first (then by case number).
    pub overdue: Vec<OverdueDeadline>,
    /// Cases per user (who made or imported the case), most first (then by name).
    pub caseload: Vec<(String, usize)>,
    /// Cases whose proposal is beschermingsbewind (bewind advice `overwegen`, or `voortzetten`),
    /// decided or not; an override of it counts here too instead of vanishing into the lighter
    /// provision that was decided.
    pub bewind: BewindProposals,
}

/// The bewind proposals and what became of them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BewindProposals {
    pub proposed: usize,
    /// Decided as proposed (beschermingsbewind).
    pub accepted: usize,
    /// Decided otherwise, per provision decided (ladder order; only those that occur).
    pub overridden: Vec<(Provision, usize)>,
}

impl BewindProposals {
    pub fn overridden_total(&self) -> usize {
        self.overridden.iter().map(|(_, n)| n).sum()
    }
}

impl Report {
    /// Overrides as a percentage of the decisions, one decimal; None without decisions.
    pub fn override_percentage(&self) -> Option<Decimal> {
        if self.decisions == 0 {
            return None;
        }
        let pct = Decimal::from(self.overrides.total) * Decimal::from(100)
            / Decimal::from(self.decisions);
        Some(pct.round_dp(1))
    }
}

/// Computes the figures over the cases in the period.
pub fn compute<'a>(
    cases: impl IntoIterator<Item = &'a ReportCase>,
    period: Period,
    today: NaiveDate,
) -> Report {
    let mut r = Report {
        today,
        period,
        cases: 0,
        without_melding: 0,
        status: Status::ALL.iter().map(|s| (*s, 0)).collect(),
        crisis: 0,
        provisions: Provision::ALL
            .iter()
            .map(|p| (*p, ProvisionCount::default()))
            .collect(),
        no_provision: 0,
        routes: Route::ALL.iter().map(|x| (*x, 0)).collect(),
        no_route: 0,
        decisions: 0,
        overrides: Overrides::default(),
        deadlines: DeadlineKind::ALL
            .iter()
            .map(|k| (*k, DeadlineCount::default()))
            .collect(),
        melding_routes: MELDING_ROUTES.iter().map(|m| (*m, 0)).collect(),
        no_melding_route: 0,
        verwijzers: Vec::new(),
        lead_times: LeadTimes::default(),
        overdue: Vec::new(),
        caseload: Vec::new(),
        bewind: BewindProposals::default(),
    };
    let (mut to_gesprek, mut to_beschikking) = (Vec::new(), Vec::new());
    for c in cases {
        if !period.contains(c.melding.unwrap_or(c.created)) {
            continue;
        }
        r.cases += 1;
        let bounded = period.from.is_some() || period.to.is_some();
        if bounded && c.melding.is_none() {
            r.without_melding += 1;
        }
        if let Some(slot) = r.status.iter_mut().find(|(s, _)| *s == c.status) {
            slot.1 += 1;
        }
        if c.crisis {
            r.crisis += 1;
        }
        if c.proposed == Some(Provision::Beschermingsbewind) {
            r.bewind.proposed += 1;
            match c.decided {
                Some(Provision::Beschermingsbewind) => r.bewind.accepted += 1,
                Some(other) => match r.bewind.overridden.iter_mut().find(|(p, _)| *p == other) {
                    Some(slot) => slot.1 += 1,
                    None => r.bewind.overridden.push((other, 1)),
                },
                None => {}
            }
        }
        match (c.decided, c.proposed) {
            (Some(decided), proposed) => {
                if let Some(slot) = r.provisions.iter_mut().find(|(p, _)| *p == decided) {
                    slot.1.decided += 1;
                }
                r.decisions += 1;
                if c.overridden {
                    r.overrides.total += 1;
                    match override_direction(proposed, decided) {
                        Some(Direction::Lichter) => r.overrides.lighter += 1,
                        Some(Direction::Zwaarder) => r.overrides.heavier += 1,
                        Some(Direction::ZonderVoorstel) => r.overrides.without_proposal += 1,
                        // The proposal has since moved to what was decided: no direction.
                        None => {}
                    }
                }
            }
            (None, Some(proposed)) => {
                if let Some(slot) = r.provisions.iter_mut().find(|(p, _)| *p == proposed) {
                    slot.1.proposed += 1;
                }
            }
            (None, None) => r.no_provision += 1,
        }
        match c.debt_route {
            Some(route) => {
                if let Some(slot) = r.routes.iter_mut().find(|(x, _)| *x == route) {
                    slot.1 += 1;
                }
            }
            None => r.no_route += 1,
        }
        match c
            .melding_route
            .as_deref()
            .and_then(|m| r.melding_routes.iter_mut().find(|(x, _)| *x == m))
        {
            Some(slot) => slot.1 += 1,
            None => r.no_melding_route += 1,
        }
        if let Some(v) = &c.verwijzer {
            match r
                .verwijzers
                .iter_mut()
                .find(|(x, _)| x.to_lowercase() == v.to_lowercase())
            {
                Some(slot) => slot.1 += 1,
                None => r.verwijzers.push((v.clone(), 1)),
            }
        }
        let user = c.user.clone().unwrap_or_else(|| "onbekend".into());
        match r.caseload.iter_mut().find(|(u, _)| *u == user) {
            Some(slot) => slot.1 += 1,
            None => r.caseload.push((user, 1)),
        }
        for d in &c.deadlines {
            let Some((_, count)) = r.deadlines.iter_mut().find(|(k, _)| *k == d.kind) else {
                continue;
            };
            match d.met_on {
                Some(m) if m <= d.due => count.met_on_time += 1,
                Some(_) => count.met_late += 1,
                None if d.due < today => {
                    count.overdue += 1;
                    r.overdue.push(OverdueDeadline {
                        case_id: c.case_id.clone(),
                        kind: d.kind,
                        due: d.due,
                        days_over: (today - d.due).num_days(),
                    });
                }
                None => count.open += 1,
            }
        }
        let met = |k: DeadlineKind| c.deadlines.iter().find(|d| d.kind == k)?.met_on;
        let gesprek = met(DeadlineKind::EersteGesprek);
        if let (Some(m), Some(g)) = (c.melding, gesprek) {
            to_gesprek.push((g - m).num_days());
        }
        if let (Some(g), Some(b)) = (gesprek, met(DeadlineKind::Beschikking)) {
            to_beschikking.push((b - g).num_days());
        }
    }
    r.verwijzers
        .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    r.caseload
        .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    r.bewind.overridden.sort_by_key(|(p, _)| *p);
    r.overdue.sort_by(|a, b| {
        b.days_over
            .cmp(&a.days_over)
            .then_with(|| a.case_id.cmp(&b.case_id))
    });
    r.lead_times = LeadTimes {
        melding_gesprek_n: to_gesprek.len(),
        melding_gesprek: median(to_gesprek),
        gesprek_beschikking_n: to_beschikking.len(),
        gesprek_beschikking: median(to_beschikking),
    };
    r
}

/// The Dutch name of a debt route.
pub fn route_label(route: Route) -> &'static str {
    match route {
        Route::Geen => "Geen schulden",
        Route::Betalingsregeling => "Betalingsregeling",
        Route::Stabilisatie => "Stabilisatie",
        Route::Schuldregeling => "Schuldregeling",
        Route::Dfd => "Duurzame financiële dienstverlening",
    }
}

/// The report as JSON (`loket-report/1`); keys come out sorted, so the text is stable.
pub fn to_json(r: &Report) -> J {
    let date =
        |d: Option<NaiveDate>| d.map_or(J::Null, |d| J::from(d.format("%Y-%m-%d").to_string()));
    let mut provisions = serde_json::Map::new();
    for (p, c) in &r.provisions {
        provisions.insert(
            p.id().to_string(),
            json!({ "total": c.total(), "decided": c.decided, "proposed": c.proposed }),
        );
    }
    let mut routes = serde_json::Map::new();
    for (x, n) in &r.routes {
        routes.insert(x.id().to_string(), J::from(*n));
    }
    let mut deadlines = serde_json::Map::new();
    for (k, c) in &r.deadlines {
        deadlines.insert(
            k.id().to_string(),
            json!({
                "met_on_time": c.met_on_time,
                "met_late": c.met_late,
                "overdue": c.overdue,
                "open": c.open,
                "share_on_time": c.share_on_time().map_or(J::Null, |p| J::from(p.to_string())),
            }),
        );
    }
    let mut melding_routes = serde_json::Map::new();
    for (m, n) in &r.melding_routes {
        melding_routes.insert((*m).to_string(), J::from(*n));
    }
    let verwijzers: Vec<J> = r
        .verwijzers
        .iter()
        .map(|(v, n)| json!({ "verwijzer": v, "cases": n }))
        .collect();
    let mut status = serde_json::Map::new();
    for (s, n) in &r.status {
        status.insert(s.id().to_string(), J::from(*n));
    }
    json!({
        "format": FORMAT,
        "today": r.today.format("%Y-%m-%d").to_string(),
        "period": {
            "from": date(r.period.from),
            "to": date(r.period.to),
            "date": "meldingsdatum",
            "without_melding": r.without_melding,
        },
        "cases": r.cases,
        "status": status,
        "crisis": r.crisis,
        "provisions": {
            "basis": "decided_else_proposed",
            "counts": provisions,
            "none": r.no_provision,
        },
        "debt_routes": { "counts": routes, "none": r.no_route },
        "decisions": r.decisions,
        "overrides": {
            "total": r.overrides.total,
            "percentage": r.override_percentage().map(|p| J::from(p.to_string())).unwrap_or(J::Null),
            "lighter": r.overrides.lighter,
            "heavier": r.overrides.heavier,
            "without_proposal": r.overrides.without_proposal,
        },
        "proposed_bewind": {
            "cases": r.bewind.proposed,
            "accepted": r.bewind.accepted,
            "decided_otherwise": r.bewind.overridden_total(),
            "decided_otherwise_as": r.bewind.overridden.iter()
                .map(|(p, n)| (p.id().to_string(), J::from(*n)))
                .collect::<serde_json::Map<String, J>>(),
        },
        "deadlines": deadlines,
        "melding_routes": { "counts": melding_routes, "none": r.no_melding_route },
        "verwijzers": verwijzers,
        "overdue_deadlines": r.overdue.iter().map(|o| serde_json::json!({
            "case_id": o.case_id,
            "kind": o.kind.id(),
            "due": o.due.to_string(),
            "days_over": o.days_over,
        })).collect::<Vec<J>>(),
        "workload": r.caseload.iter().map(|(u, n)| serde_json::json!({
            "user": u,
            "cases": n,
        })).collect::<Vec<J>>(),
        "median_days": {
            "melding_to_first_conversation": r.lead_times.melding_gesprek.map_or(J::Null, |d| J::from(d.to_string())),
            "melding_to_first_conversation_cases": r.lead_times.melding_gesprek_n,
            "first_conversation_to_beschikking": r.lead_times.gesprek_beschikking.map_or(J::Null, |d| J::from(d.to_string())),
            "first_conversation_to_beschikking_cases": r.lead_times.gesprek_beschikking_n,
        },
    })
}

/// The report as a readable Dutch text with aligned tables.
pub fn to_text(r: &Report, policy: &Policy) -> String {
    let d = |x: NaiveDate| x.format("%d-%m-%Y").to_string();
    let mut s = String::new();
    s.push_str(&format!("Rapportage loket, stand {}\n", d(r.today)));
    let period = match (r.period.from, r.period.to) {
        (None, None) => "alle zaken".to_string(),
        (Some(f), None) => format!("meldingen vanaf {}", d(f)),
        (None, Some(t)) => format!("meldingen tot en met {}", d(t)),
        (Some(f), Some(t)) => format!("meldingen van {} tot en met {}", d(f), d(t)),
    };
    s.push_str(&format!("Periode: {period} (op meldingsdatum"));
    if r.without_melding > 0 {
        s.push_str(&format!(
            "; {} zonder meldingsdatum geteld op aanmaakdatum",
            r.without_melding
        ));
    }
    s.push_str(")\n\n");
    s.push_str(&format!(
        "Zaken: {}   waarvan crisis (bedreigende situatie): {}\n",
        r.cases, r.crisis
    ));
    let status: Vec<String> = r
        .status
        .iter()
        .map(|(st, n)| format!("{} {n}", st.id()))
        .collect();
    s.push_str(&format!("Status: {}\n\n", status.join(" · ")));

    s.push_str("Voorziening (besluit, anders voorstel)     totaal  besluit  voorstel\n");
    for (p, c) in &r.provisions {
        s.push_str(&format!(
            "  {:<39} {:>6}  {:>7}  {:>8}\n",
            truncate(policy.name(*p), 39),
            c.total(),
            c.decided,
            c.proposed
        ));
    }
    s.push_str(&format!(
        "  {:<39} {:>6}\n\n",
        "Nog geen voorstel (onvolledig)", r.no_provision
    ));

    s.push_str("Schuldroute (voorstel)                    aantal\n");
    for (x, n) in &r.routes {
        s.push_str(&format!("  {:<39} {:>6}\n", route_label(*x), n));
    }
    s.push_str(&format!(
        "  {:<39} {:>6}\n\n",
        "Nog niet te bepalen", r.no_route
    ));

    s.push_str("Binnengekomen via                         aantal\n");
    for (m, n) in &r.melding_routes {
        s.push_str(&format!("  {:<39} {:>6}\n", m.replace('_', " "), n));
    }
    s.push_str(&format!(
        "  {:<39} {:>6}\n\n",
        "Niet ingevuld", r.no_melding_route
    ));
    if !r.verwijzers.is_empty() {
        s.push_str("Verwijzer of signaalpartner               aantal\n");
        for (v, n) in &r.verwijzers {
            s.push_str(&format!("  {:<39} {:>6}\n", truncate(v, 39), n));
        }
        s.push('\n');
    }

    s.push_str(&format!("Besluiten: {}\n", r.decisions));
    match r.override_percentage() {
        Some(pct) => s.push_str(&format!(
            "Afwijkend van het voorstel: {} ({}%): lichter {}, zwaarder {}, zonder voorstel {}\n\n",
            r.overrides.total,
            pct.to_string().replace('.', ","),
            r.overrides.lighter,
            r.overrides.heavier,
            r.overrides.without_proposal
        )),
        None => s.push_str("Afwijkend van het voorstel: geen besluiten in deze periode\n\n"),
    }
    s.push_str(&bewind_text(&r.bewind, policy));
    s.push('\n');

    s.push_str("Termijn                       op tijd  te laat  verlopen  open  op tijd %\n");
    for (k, c) in &r.deadlines {
        s.push_str(&format!(
            "  {:<27} {:>7}  {:>7}  {:>8}  {:>4}  {:>9}\n",
            k.label(),
            c.met_on_time,
            c.met_late,
            c.overdue,
            c.open,
            percent_text(c.share_on_time())
        ));
    }
    s.push('\n');
    if r.overdue.is_empty() {
        s.push_str("Verlopen termijnen: geen\n\n");
    } else {
        s.push_str("Verlopen termijnen            zaak           termijn was  dagen over\n");
        for o in &r.overdue {
            s.push_str(&format!(
                "  {:<27} {:<14} {:<11}  {:>10}\n",
                o.kind.label(),
                o.case_id,
                d(o.due),
                o.days_over
            ));
        }
        s.push('\n');
    }
    s.push_str("Zaken per medewerker (aangemaakt of ingelezen door)  aantal\n");
    for (u, n) in &r.caseload {
        s.push_str(&format!("  {:<49} {:>6}\n", truncate(u, 49), n));
    }
    s.push('\n');
    s.push_str(&lead_times_text(&r.lead_times));
    s
}

/// The bewind proposals in one or two lines: how many, how many accepted, and the overrides by
/// the provision decided instead.
pub fn bewind_text(b: &BewindProposals, policy: &Policy) -> String {
    let mut s = format!(
        "Voorstel beschermingsbewind (bewindadvies overwegen): {}; overgenomen {}, afwijkend besloten {}\n",
        b.proposed,
        b.accepted,
        b.overridden_total()
    );
    if !b.overridden.is_empty() {
        let to: Vec<String> = b
            .overridden
            .iter()
            .map(|(p, n)| format!("{} {n}", policy.name(*p)))
            .collect();
        s.push_str(&format!("  afwijkend besloten als: {}\n", to.join(", ")));
    }
    s
}

/// "87,5%" or "—".
pub fn percent_text(p: Option<Decimal>) -> String {
    p.map_or("—".to_string(), |p| {
        format!("{}%", p.to_string().replace('.', ","))
    })
}

/// The two median lead times, one line each, in Dutch.
pub fn lead_times_text(l: &LeadTimes) -> String {
    let days = |d: Option<Decimal>, n: usize| match d {
        Some(d) => format!(
            "{} dagen (mediaan, {n} zaken)",
            d.to_string().replace('.', ",")
        ),
        None => "nog niet te bepalen".to_string(),
    };
    format!(
        "Doorlooptijd melding → eerste gesprek: {}\nDoorlooptijd eerste gesprek → beschikking: {}\n",
        days(l.melding_gesprek, l.melding_gesprek_n),
        days(l.gesprek_beschikking, l.gesprek_beschikking_n)
    )
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}
