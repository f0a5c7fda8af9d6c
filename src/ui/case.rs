//! The case view: who, where the case stands, what is due, what is missing, and its history.

use super::{View, local_time, personal};
use crate::app::{OpenCase, State};
use crate::domain::answers::Value;
use crate::domain::checklist::{Checklists, SCHULDHULP};
use crate::domain::deadlines::{self, Urgency};
use crate::domain::history::Change;
use crate::domain::money;
use crate::domain::referral;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

pub fn render(state: &State, view: &View, frame: &mut Frame, area: Rect) {
    let Some(open) = &state.open else {
        return;
    };
    let t = view.theme;
    let mut panel = super::result::case_panel(state, view, open);
    // Rules v2: report back to the referrer when the person consented.
    if open.case.status != crate::domain::case::Status::Afgesloten
        && let Some(r) = referral::terugkoppeling(&open.answers, &state.env.checklists)
    {
        panel.push(Line::styled(r, t.warn()));
    }
    panel.extend(deadline_lines(state, view, open));
    let docs = referral::documents_todo(&open.answers, &state.env.checklists);
    if !docs.is_empty() {
        panel.push(Line::styled(
            format!("Nog op te vragen ({}): wie levert wat", docs.len()),
            t.title(),
        ));
        for (d, wie) in docs {
            panel.push(Line::raw(format!("  {d} — {}", wie.label())));
        }
    }
    let c = &open.case.client;
    let bsn = c
        .bsn
        .as_ref()
        .map(|b| {
            if state.privacy {
                personal(state, "x")
            } else {
                b.masked()
            }
        })
        .unwrap_or_else(|| "—".into());
    let or_dash = |s: Option<String>| s.filter(|s| !s.is_empty()).unwrap_or_else(|| "—".into());
    // The client column is 40% of the width; a long name or address wraps under its value.
    let left_width = (usize::from(area.width) * 2 / 5).saturating_sub(1).max(20);
    let field = |label: &str, value: String| {
        super::hanging(&" ".repeat(13), &value, left_width)
            .into_iter()
            .enumerate()
            .map(|(i, row)| {
                Line::from(vec![
                    Span::styled(format!("{:<13}", if i == 0 { label } else { "" }), t.dim()),
                    Span::raw(row[13..].to_string()),
                ])
            })
            .collect::<Vec<_>>()
    };
    let melding = open
        .case
        .answers
        .get(SCHULDHULP, "melding.datum")
        .map(|v| state.env.checklists.value_text("melding.datum", v));
    let client = [
        field("Naam", personal(state, &c.name)),
        field(
            "Geboren",
            or_dash(
                c.birth_date
                    .map(|d| personal(state, &d.format("%d-%m-%Y").to_string())),
            ),
        ),
        field("BSN", bsn),
        field(
            "Telefoon",
            or_dash(c.phone.as_deref().map(|p| personal(state, p))),
        ),
        field(
            "Adres",
            or_dash(c.address.as_deref().map(|a| personal(state, a))),
        ),
        field("Status", open.case.status.id().to_string()),
        field("Melding", or_dash(melding)),
    ]
    .concat();
    // The top grows with the panel (new deadlines, reminders) and with a wrapped name or
    // address, leaving the history some rows.
    let inner = usize::from((area.width * 3 / 5).saturating_sub(2)).max(1);
    let rows: usize = panel.iter().map(|l| l.width().div_ceil(inner).max(1)).sum();
    let wanted = u16::try_from(rows.max(client.len())).unwrap_or(u16::MAX);
    let top_rows = wanted.min(area.height.saturating_sub(4)).max(9);
    let [top, bottom] =
        Layout::vertical([Constraint::Length(top_rows), Constraint::Min(3)]).areas(area);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(top);
    frame.render_widget(
        Paragraph::new(client).block(Block::new().borders(Borders::RIGHT)),
        left,
    );
    frame.render_widget(
        Paragraph::new(panel).wrap(Wrap { trim: true }),
        right.inner(ratatui::layout::Margin::new(1, 0)),
    );
    // Each event on one row when it fits; a longer one goes on under its own text (hanging
    // indent), so a question's full label stays readable at 80 columns.
    let mut history: Vec<Line> = open
        .history
        .iter()
        .rev()
        .skip(open.view_scroll)
        .flat_map(|e| {
            let stamp = format!("{}  {:<10} ", local_time(view, e.at), e.by);
            let text = if state.privacy {
                describe(&super::redact::redacted(&e.change), &state.env.checklists)
            } else {
                describe(&e.change, &state.env.checklists)
            };
            // An amount stays in one piece ("€ 1.510,25" is not split over two rows).
            let text = text.replace("€ ", "€\u{a0}");
            let indent = stamp.chars().count();
            super::hanging(&stamp, &text, usize::from(bottom.width))
                .into_iter()
                .map(move |row| {
                    let (head, rest): (String, String) = (
                        row.chars().take(indent).collect(),
                        row.chars().skip(indent).collect(),
                    );
                    Line::from(vec![Span::styled(head, t.dim()), Span::raw(rest)])
                })
                .collect::<Vec<_>>()
        })
        .collect();
    // The access log, apart from the history (loaded for a teamleider only).
    if !open.access.is_empty() {
        history.push(Line::styled(
            format!("Toegang ({} keer gelezen)", open.access.len()),
            t.title(),
        ));
        // Who read, with the role they had then; the names in one column.
        let width = open
            .access
            .iter()
            .map(|a| a.reader().chars().count())
            .max()
            .unwrap_or(0)
            .max(10);
        for a in open.access.iter().rev() {
            history.push(Line::from(vec![
                Span::styled(format!("{}  ", local_time(view, a.at)), t.dim()),
                Span::styled(format!("{:<width$} ", a.reader()), t.dim()),
                Span::raw(a.purpose.label()),
            ]));
        }
    }
    frame.render_widget(
        Paragraph::new(history).wrap(Wrap { trim: false }).block(
            Block::new()
                .borders(Borders::TOP)
                .title(Span::styled(" Geschiedenis ", t.title())),
        ),
        bottom,
    );
    super::letter_picker::render(state, view, frame, area);
    super::prompt::render(state, view, frame, area);
}

/// The case's deadlines: open ones with their urgency (overdue also in words), met ones with
/// the date they were met.
fn deadline_lines<'a>(state: &State, view: &View, open: &OpenCase) -> Vec<Line<'a>> {
    let t = view.theme;
    if open.due.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![Line::styled("Termijnen", t.title())];
    for item in &open.due {
        let u = deadlines::urgency(item, state.env.today);
        let (text, style) = match item.met_on {
            // Met after its date: late, said in words (TRAJECT.md).
            Some(m) if item.met_late() => (format!("te laat {}", m.format("%d-%m-%Y")), t.error()),
            Some(m) => (format!("gehaald {}", m.format("%d-%m-%Y")), t.ok()),
            None if u == Urgency::Verlopen => (
                format!("VERLOPEN {}", item.due.format("%d-%m-%Y")),
                t.error(),
            ),
            None => (
                format!("{} {}", u.label(), item.due.format("%d-%m-%Y")),
                t.bold(),
            ),
        };
        lines.push(Line::from(vec![
            Span::raw(format!("  {:<22.22} ", item.kind.label())),
            Span::styled(text, style),
        ]));
    }
    lines
}

/// One history event in Dutch: what changed, old → new.
pub fn describe(change: &Change, checklists: &Checklists) -> String {
    let opt = |v: &Option<Value>, item: &str| {
        v.as_ref().map_or("onbeantwoord".to_string(), |v| {
            checklists.value_text(item, v)
        })
    };
    // People read labels, not item ids (ids stay in the JSON).
    let label = |item: &str| {
        checklists
            .find_item(item)
            .map_or_else(|| item.to_string(), |(_, i)| i.label.clone())
    };
    let soort_title = |id: &str| {
        crate::format::soort::Soort::from_id(id)
            .map_or_else(|| id.to_string(), |s| s.title().to_string())
    };
    match change {
        Change::Created => "zaak aangemaakt".into(),
        Change::Imported { source } => format!("zaak ingelezen uit {source}"),
        // The BSN stays masked on screen, also in the history of a correction.
        Change::Client { field, old, new } if field == "bsn" => format!(
            "{field}: {} → {}",
            old.as_deref().map_or("—".to_string(), mask_bsn),
            new.as_deref().map_or("—".to_string(), mask_bsn)
        ),
        Change::Client { field, old, new } => format!(
            "{field}: {} → {}",
            old.as_deref().unwrap_or("—"),
            new.as_deref().unwrap_or("—")
        ),
        Change::Status { old, new } => format!("status: {} → {}", old.id(), new.id()),
        Change::ChecklistStarted { checklist } => format!("vragenlijst {checklist} gestart"),
        Change::ChecklistWithdrawn { checklist } => {
            format!("vragenlijst {checklist} ingetrokken")
        }
        Change::Answer { item, old, new, .. } => {
            format!("{}: {} → {}", label(item), opt(old, item), opt(new, item))
        }
        Change::DebtAdded { debt } => format!(
            "schuld toegevoegd: {} {}",
            debt.creditor,
            money::to_display(debt.amount)
        ),
        Change::DebtChanged { old, new } => format!(
            "schuld gewijzigd: {} {} → {} {}",
            old.creditor,
            money::to_display(old.amount),
            new.creditor,
            money::to_display(new.amount)
        ),
        Change::DebtRemoved { debt } => format!(
            "schuld verwijderd: {} {}",
            debt.creditor,
            money::to_display(debt.amount)
        ),
        Change::Note { text } => format!("notitie: {text}"),
        Change::Removed { reason } => format!("zaak verwijderd; reden: {reason}"),
        Change::Proposal { provision, .. } => format!(
            "voorstel: {}",
            provision.map_or("nog geen (onvolledig)", |p| p.label())
        ),
        Change::DocumentMade {
            soort,
            bestand,
            afwijzing,
        } => match afwijzing {
            Some(r) => format!(
                "document gemaakt: {} (afwijzing: {r}) → {bestand}",
                soort_title(soort)
            ),
            None => format!("document gemaakt: {} → {bestand}", soort_title(soort)),
        },
        Change::Decision { decision } => match (&decision.reason, decision.proposed) {
            (Some(reason), Some(p)) => format!(
                "besluit: {} — afwijkend van voorstel {}; reden: {reason}",
                decision.decided.label(),
                p.label()
            ),
            (Some(reason), None) => format!(
                "besluit: {} — zonder volledig voorstel; reden: {reason}",
                decision.decided.label()
            ),
            (None, _) => format!(
                "besluit: {} (voorstel overgenomen)",
                decision.decided.label()
            ),
        },
        Change::Traject { what, .. } => format!("traject: {what}"),
        Change::Beperkt { reden } => format!("verwerking beperkt (art. 18 AVG); reden: {reden}"),
        Change::BeperkingOpgeheven { reden } => {
            format!("beperking opgeheven; reden: {reden}")
        }
    }
}

/// A BSN as text, masked but for its last three characters (as `Bsn::masked`).
fn mask_bsn(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let keep = chars.len().saturating_sub(3);
    let tail: String = chars[keep..].iter().collect();
    format!("******{tail}")
}
