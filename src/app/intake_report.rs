//! The intakeverslag: one case as a Dutch Markdown document a person can read and sign.
//! Pure: the case, its outcome, its history and `today` come in; no store, no clock.
//!
//! Decisions:
//! - The BSN is shown masked (the last three digits): the report is printed and handed over,
//!   and the full number is in the case file itself.
//! - Dates in the text are Dutch (`24-11-2026`); money as `€ 1.250,00`.
//! - Deadlines count a decision as met on its UTC date (the report has no local clock offset).
//! - Answers are listed per checklist and section as they are asked (conditions applied);
//!   a required item without an answer reads "nog niet beantwoord".

use super::Env;
use crate::domain::answers::{Answers, Value};
use crate::domain::case::{Case, DebtCategory, debt_totals};
use crate::domain::checklist::{Checklist, Checklists};
use crate::domain::deadlines::{self, Urgency};
use crate::domain::history::{Change, Event};
use crate::domain::money;
use crate::domain::policy::Policy;
use crate::domain::report::{Direction, override_direction};
use crate::domain::segment::{Advice, Outcome};
use crate::format::labels;
use chrono::NaiveDate;
use std::fmt::Write as _;

/// The intakeverslag of a case as Markdown.
pub fn intake_report(case: &Case, outcome: &Outcome, history: &[Event], env: &Env) -> String {
    intake_report_with(case, outcome, history, env, false)
}

/// The intakeverslag; with `full_bsn` the BSN is written in full (a handover to a
/// bewindvoerder, chosen at export), else masked.
pub fn intake_report_with(
    case: &Case,
    outcome: &Outcome,
    history: &[Event],
    env: &Env,
    full_bsn: bool,
) -> String {
    let (checklists, policy, today) = (&env.checklists, &env.policy, env.today);
    let answers = case.effective_answers(checklists.schuldhulp.version);
    let mut m = String::new();
    let w = &mut m;
    line(w, "# Intakeverslag schuldhulpverlening");
    line(w, "");
    line(
        w,
        &format!(
            "Zaak **{}** · status {} · opgemaakt op {}",
            esc(&case.case_id),
            case.status.id(),
            date(today)
        ),
    );
    line(w, "");
    if !outcome.complete {
        line(
            w,
            &format!(
                "> **Voorlopig:** nog niet alle verplichte vragen zijn beantwoord ({} open). \
                 Het voorstel kan nog veranderen.",
                outcome.missing.len()
            ),
        );
        line(w, "");
    }
    if outcome.periode.indicatief {
        line(
            w,
            "> De normbedragen in het beleid zijn indicatief; controleer ze voor een besluit.",
        );
        line(w, "");
    }

    client_section(w, case, full_bsn);
    household_section(w, &answers, checklists);
    income_section(w, &answers, checklists);
    debts_section(w, case, &answers, checklists);
    proposal_section(w, outcome, policy, checklists);
    bewind_section(w, outcome);
    route_section(w, outcome, checklists);
    annotations_section(w, outcome);
    decision_section(w, case, history, policy);
    deadlines_section(w, case, &answers, env);
    documents_section(w, &answers, checklists);
    missing_section(w, outcome, checklists);
    answers_section(w, &answers, checklists);
    notes_section(w, case);
    history_section(w, history, policy);
    signature_section(w, case);
    m
}

pub(crate) fn line(w: &mut String, s: &str) {
    w.push_str(s);
    w.push('\n');
}

pub(crate) fn heading(w: &mut String, s: &str) {
    line(w, &format!("## {s}"));
    line(w, "");
}

pub(crate) fn date(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

/// Escapes the characters that would break a Markdown table cell or start markup, and turns a
/// line break into a space. Underscores inside ids (`behoefte.nieuwe_verplichtingen`) need no
/// escape: intraword `_` is no emphasis. (Also the inline part of `letters::template::escape`.)
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' | '*' | '`' | '<' | '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// An answer for the report: as on screen, and a score with its anchor text.
pub fn value_text(value: &Value, checklists: &Checklists, item: &str) -> String {
    let text = checklists.value_text(item, value);
    match (value, checklists.find_item(item)) {
        (Value::Score(s), Some((c, _))) => {
            match c.score_anchors.get(usize::from(*s).saturating_sub(1)) {
                Some(anchor) => format!("{text} ({anchor})"),
                None => text,
            }
        }
        _ => text,
    }
}

fn answer(answers: &Answers, checklists: &Checklists, item: &str) -> String {
    answers
        .value(item)
        .map_or("—".to_string(), |v| esc(&value_text(v, checklists, item)))
}

fn label<'a>(checklists: &'a Checklists, item: &'a str) -> &'a str {
    checklists
        .find_item(item)
        .map_or(item, |(_, i)| i.label.as_str())
}

fn table(w: &mut String, rows: &[(String, String)]) {
    line(w, "| | |");
    line(w, "|---|---|");
    for (k, v) in rows {
        line(w, &format!("| {k} | {v} |"));
    }
    line(w, "");
}

fn client_section(w: &mut String, case: &Case, full_bsn: bool) {
    heading(w, "Cliënt");
    let c = &case.client;
    let or_dash = |s: Option<String>| s.map_or("—".to_string(), |s| esc(&s));
    table(
        w,
        &[
            ("Naam".into(), esc(&c.name)),
            (
                "Geboortedatum".into(),
                c.birth_date.map_or("—".to_string(), date),
            ),
            (
                "BSN".into(),
                c.bsn.as_ref().map_or("—".to_string(), |b| {
                    if full_bsn {
                        esc(b.as_str())
                    } else {
                        esc(&b.masked())
                    }
                }),
            ),
            ("Telefoon".into(), or_dash(c.phone.clone())),
            ("Adres".into(), or_dash(c.address.clone())),
        ],
    );
}

fn rows(answers: &Answers, checklists: &Checklists, items: &[&str]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|i| (esc(label(checklists, i)), answer(answers, checklists, i)))
        .collect()
}

fn household_section(w: &mut String, answers: &Answers, checklists: &Checklists) {
    heading(w, "Huishouden");
    table(
        w,
        &rows(
            answers,
            checklists,
            &[
                "huishouden.type",
                "huishouden.minderjarigen",
                "huishouden.woonsituatie",
                "huishouden.pensioen",
                "huishouden.ondernemer",
                "huishouden.echtscheiding",
            ],
        ),
    );
}

fn income_section(w: &mut String, answers: &Answers, checklists: &Checklists) {
    heading(w, "Inkomen en vaste lasten (per maand)");
    table(
        w,
        &rows(
            answers,
            checklists,
            &[
                "inkomen.netto",
                "inkomen.bron",
                "lasten.wonen",
                "lasten.vast",
                "vermogen",
            ],
        ),
    );
}

fn debts_section(w: &mut String, case: &Case, answers: &Answers, checklists: &Checklists) {
    heading(w, "Schulden");
    let yes = |b: bool| if b { "ja" } else { "nee" };
    match debt_totals(&case.debts) {
        Some(t) => {
            for cat in DebtCategory::ALL {
                let debts: Vec<_> = case.debts.iter().filter(|d| d.category == cat).collect();
                if debts.is_empty() {
                    continue;
                }
                let sub: rust_decimal::Decimal = debts.iter().map(|d| d.amount).sum();
                line(w, &format!("### {}", labels::debt_category(cat)));
                line(w, "");
                line(w, "| Schuldeiser | Bedrag | Deurwaarder | Beslag |");
                line(w, "|---|---:|---|---|");
                for d in debts {
                    line(
                        w,
                        &format!(
                            "| {} | {} | {} | {} |",
                            esc(&d.creditor),
                            money::to_display(d.amount),
                            yes(d.collector),
                            yes(d.garnishment)
                        ),
                    );
                }
                line(
                    w,
                    &format!("| **Subtotaal** | **{}** | | |", money::to_display(sub)),
                );
                line(w, "");
            }
            line(
                w,
                &format!(
                    "Totaal: **{}** bij {} schuldeiser{}.",
                    money::to_display(t.total),
                    t.creditors,
                    if t.creditors == 1 { "" } else { "s" }
                ),
            );
            line(w, "");
        }
        None => {
            line(w, "Geen schuldenlijst; de totalen zoals opgegeven:");
            line(w, "");
            table(
                w,
                &rows(
                    answers,
                    checklists,
                    &["schulden.totaal", "schulden.schuldeisers"],
                ),
            );
        }
    }
    table(
        w,
        &rows(
            answers,
            checklists,
            &[
                "schulden.trend",
                "schulden.achterstand_vaste_lasten",
                "schulden.deurwaarder",
                "schulden.beslag",
                "schulden.publiek",
            ],
        ),
    );
}

/// Checklist items by their labels (the report is read by people; ids are for files).
fn item_labels(checklists: &Checklists, ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            checklists
                .find_item(id)
                .map_or_else(|| id.clone(), |(_, i)| i.label.clone())
        })
        .collect()
}

fn bullets(w: &mut String, items: &[String]) {
    for i in items {
        line(w, &format!("- {}", esc(i)));
    }
    if !items.is_empty() {
        line(w, "");
    }
}

fn proposal_section(w: &mut String, o: &Outcome, policy: &Policy, checklists: &Checklists) {
    heading(w, "Voorstel: de lichtste voorziening die toereikend is");
    let s = &o.support;
    match s.provision {
        Some(p) => {
            let voorlopig = if o.complete { "" } else { " (voorlopig)" };
            line(
                w,
                &format!(
                    "Voorgestelde voorziening: **{}**{voorlopig}",
                    esc(policy.name(p))
                ),
            );
        }
        None => line(
            w,
            &format!(
                "Nog geen voorstel: wacht op {}.",
                esc(&item_labels(checklists, &s.waiting_for).join(", "))
            ),
        ),
    }
    line(w, "");
    if !s.additions.is_empty() {
        let adds: Vec<&str> = s.additions.iter().map(|p| policy.name(*p)).collect();
        line(w, &format!("Aanvullend: {}", esc(&adds.join(", "))));
        line(w, "");
    }
    if let Some(r) = s.review_by {
        line(w, &format!("Opnieuw beoordelen uiterlijk {}.", date(r)));
        line(w, "");
    }
    if !s.reasons.is_empty() {
        line(w, "Waarom:");
        line(w, "");
        bullets(w, &s.reasons);
    }
    if !s.ladder.is_empty() {
        line(w, "### De ladder, van licht naar zwaar");
        line(w, "");
        line(w, "| Voorziening | Afweging |");
        line(w, "|---|---|");
        for (p, why) in &s.ladder {
            let mark = if s.provision == Some(*p) { " ◀" } else { "" };
            line(
                w,
                &format!("| {}{mark} | {} |", esc(policy.name(*p)), esc(why)),
            );
        }
        line(w, "");
    }
}

fn bewind_section(w: &mut String, o: &Outcome) {
    heading(w, "Beschermingsbewind");
    let b = &o.bewind;
    line(w, &format!("Advies: **{}**", labels::advice(b.advice)));
    line(w, "");
    if let Some(k) = b.kind {
        line(
            w,
            &format!(
                "Vorm: {}. De kantonrechter beslist.",
                labels::bewind_kind(k)
            ),
        );
        line(w, "");
    }
    if !b.sufficient.is_empty() {
        let l: Vec<&str> = b.sufficient.iter().map(|x| labels::lighter(*x)).collect();
        line(w, &format!("Toereikend: {}.", l.join(", ")));
        line(w, "");
    }
    if !b.open_questions.is_empty() {
        let l: Vec<&str> = b
            .open_questions
            .iter()
            .map(|x| labels::lighter(*x))
            .collect();
        line(w, &format!("Nog uitzoeken: {}.", l.join(", ")));
        line(w, "");
    }
    if let Some(c) = b.first_year_cost {
        let what = if b.advice == Advice::Voortzetten {
            "in het komende jaar: **{}** (12 maanden; het bewind loopt al)"
        } else {
            "in het eerste jaar: **{}** (intake plus 12 maanden)"
        }
        .replace("{}", &money::to_display(c));
        line(
            w,
            &format!(
                "Kosten van bewind {what}. \
                 Onder bewind beheert een bewindvoerder de goederen; de inwoner verliest daarover de zeggenschap."
            ),
        );
        line(w, "");
    }
    bullets(w, &b.reasons);
    if let Some(bb) = &o.bijzondere_bijstand {
        line(w, "**Bijzondere bijstand voor de kosten**");
        line(w, "");
        bullets(w, &bb.reasons);
    }
}

fn route_section(w: &mut String, o: &Outcome, checklists: &Checklists) {
    heading(w, "Schuldroute");
    let r = &o.debt_route;
    match r.route {
        Some(route) => line(w, &format!("Route: **{}**", labels::route(route))),
        None => line(
            w,
            &format!(
                "Nog niet te bepalen: wacht op {}.",
                esc(&item_labels(checklists, &r.waiting_for).join(", "))
            ),
        ),
    }
    line(w, "");
    let money_or_dash =
        |d: Option<rust_decimal::Decimal>| d.map_or("—".to_string(), money::to_display);
    table(
        w,
        &[
            (
                "Vrij te laten bedrag (Vtlb, indicatief, per maand)".into(),
                money_or_dash(r.vtlb),
            ),
            (
                "Aflossingscapaciteit per maand".into(),
                money_or_dash(r.repayment_capacity),
            ),
        ],
    );
    for f in &r.flags {
        line(w, &format!("- {}", labels::flag(*f)));
    }
    if !r.flags.is_empty() {
        line(w, "");
    }
    bullets(w, &r.reasons);
}

fn annotations_section(w: &mut String, o: &Outcome) {
    if o.annotations.is_empty() {
        return;
    }
    heading(w, "Aandachtspunten (nooit een reden om uit te sluiten)");
    bullets(w, &o.annotations);
}

fn decision_section(w: &mut String, case: &Case, history: &[Event], policy: &Policy) {
    heading(w, "Besluit");
    let Some(d) = &case.decision else {
        line(w, "Nog geen besluit genomen.");
        line(w, "");
        return;
    };
    line(
        w,
        &format!(
            "Gekozen voorziening: **{}** (vastgelegd op {} door {})",
            esc(policy.name(d.decided)),
            date(d.at.date_naive()),
            esc(&d.by)
        ),
    );
    line(w, "");
    match override_direction(d.proposed, d.decided) {
        None => line(w, "Het voorstel is overgenomen."),
        Some(dir) => {
            let hoe = match dir {
                Direction::Lichter => "lichter dan",
                Direction::Zwaarder => "zwaarder dan",
                Direction::ZonderVoorstel => "zonder",
            };
            let voorstel = d
                .proposed
                .map(|p| format!(" ({})", esc(policy.name(p))))
                .unwrap_or_default();
            line(w, &format!("**Afwijking:** {hoe} het voorstel{voorstel}."));
            line(w, "");
            line(
                w,
                &format!(
                    "Reden: {}",
                    esc(d.reason.as_deref().unwrap_or("(geen reden vastgelegd)"))
                ),
            );
        }
    }
    line(w, "");
    // The engine's proposal as recorded in the history at the moment of deciding, if it was.
    let recorded = history.iter().rev().find_map(|e| match &e.change {
        Change::Proposal {
            bewind_advice,
            debt_route,
            ..
        } => Some((*bewind_advice, *debt_route)),
        _ => None,
    });
    if let Some((advice, route)) = recorded {
        line(
            w,
            &format!(
                "Bij het besluit vastgelegd: bewindadvies {}, schuldroute {}.",
                esc(advice.id()),
                esc(route.map_or("nog niet te bepalen", |r| r.id()))
            ),
        );
        line(w, "");
    }
}

fn deadlines_section(w: &mut String, case: &Case, answers: &Answers, env: &Env) {
    let today = env.today;
    heading(w, "Termijnen");
    let items = super::summary::due(case, answers, env);
    if items.is_empty() {
        line(w, "Geen termijnen (de meldingsdatum ontbreekt).");
        line(w, "");
        return;
    }
    line(w, "| Termijn | Uiterlijk | Stand | Grondslag |");
    line(w, "|---|---|---|---|");
    for i in &items {
        let stand = match i.met_on {
            Some(m) if i.met_late() => format!("gehaald op {}, te laat", date(m)),
            Some(m) => format!("gehaald op {}", date(m)),
            None => match deadlines::urgency(i, today) {
                Urgency::Verlopen => "**VERLOPEN**".to_string(),
                u => u.label().to_string(),
            },
        };
        line(
            w,
            &format!(
                "| {} | {} | {stand} | {} |",
                i.kind.label(),
                date(i.due),
                esc(&i.basis)
            ),
        );
    }
    line(w, "");
}

fn documents_section(w: &mut String, answers: &Answers, checklists: &Checklists) {
    // Rules v2: `via_loket` documents are requested by the counter itself; say who gets what.
    let docs = crate::domain::referral::documents_todo(answers, checklists);
    heading(w, "Nog aan te leveren documenten");
    if docs.is_empty() {
        line(w, "Geen documenten opgevraagd.");
        line(w, "");
        return;
    }
    for (d, wie) in docs {
        line(w, &format!("- [ ] {} — {}", esc(d), wie.label()));
    }
    line(w, "");
}

fn missing_section(w: &mut String, o: &Outcome, checklists: &Checklists) {
    if o.missing.is_empty() {
        return;
    }
    heading(w, "Nog te beantwoorden");
    for id in &o.missing {
        line(w, &format!("- {} (`{id}`)", esc(label(checklists, id))));
    }
    line(w, "");
}

fn answers_section(w: &mut String, answers: &Answers, checklists: &Checklists) {
    heading(w, "Antwoorden per onderdeel");
    let started: Vec<&Checklist> = checklists
        .all()
        .into_iter()
        .filter(|c| answers.is_started(&c.id))
        .collect();
    if started.is_empty() {
        line(w, "Nog geen vragenlijst gestart.");
        line(w, "");
        return;
    }
    for c in started {
        line(w, &format!("### {}", esc(&c.title)));
        line(w, "");
        for s in &c.sections {
            let asked: Vec<_> = s.items.iter().filter(|i| i.is_asked(answers)).collect();
            if asked.is_empty() {
                continue;
            }
            line(w, &format!("**{} {}**", esc(&s.id), esc(&s.title)));
            line(w, "");
            for i in asked {
                let value = match answers.get(&c.id, &i.id) {
                    Some(v) => esc(&value_text(v, checklists, &i.id)),
                    None if i.is_required(answers) => "*nog niet beantwoord*".to_string(),
                    None => "—".to_string(),
                };
                line(w, &format!("- {}: {value}", esc(&i.label)));
            }
            line(w, "");
        }
    }
}

fn notes_section(w: &mut String, case: &Case) {
    if case.notes.is_empty() {
        return;
    }
    heading(w, "Notities");
    for n in &case.notes {
        line(
            w,
            &format!(
                "- {} {}: {}",
                n.at.format("%d-%m-%Y %H:%M UTC"),
                esc(&n.by),
                esc(&n.text)
            ),
        );
    }
    line(w, "");
}

fn history_section(w: &mut String, history: &[Event], policy: &Policy) {
    let lines: Vec<String> = history
        .iter()
        .filter_map(|e| {
            let what = match &e.change {
                Change::Created => "zaak aangemaakt".to_string(),
                Change::Imported { source } => format!("zaak ingelezen uit {source}"),
                Change::Status { old, new } => format!("status {} → {}", old.id(), new.id()),
                Change::Decision { decision } => {
                    format!("besluit: {}", policy.name(decision.decided))
                }
                Change::Traject { what, .. } => format!("traject: {what}"),
                _ => return None,
            };
            Some(format!(
                "- {} {}: {}",
                e.at.format("%d-%m-%Y"),
                esc(&e.by),
                esc(&what)
            ))
        })
        .collect();
    if lines.is_empty() {
        return;
    }
    heading(w, "Verloop");
    for l in lines {
        line(w, &l);
    }
    line(w, "");
}

fn signature_section(w: &mut String, case: &Case) {
    heading(w, "Ondertekening");
    line(
        w,
        "Dit verslag is samen met de inwoner opgesteld. Met de handtekening bevestigt de inwoner \
         dat de gegevens kloppen; het is geen afstand van rechten.",
    );
    line(w, "");
    let _ = writeln!(w, "| | Inwoner | Medewerker |");
    line(w, "|---|---|---|");
    let _ = writeln!(w, "| Naam | {} | |", esc(&case.client.name));
    line(w, "| Datum | | |");
    line(w, "| Plaats | | |");
    line(w, "| Handtekening | | |");
}
