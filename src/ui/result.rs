//! The result screen — the proposal, why, each rung of the ladder, bewind with its costs and what
//! the person gives up, the debt route, and what is still open — and the case view's summary of it.

use super::{View, personal};
use crate::app::result::OverrideDialog;
use crate::app::{Extent, OpenCase, State};
use crate::domain::money;
use crate::domain::provision::Provision;
use crate::domain::segment::{Advice, Outcome, Toets};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

fn provision_line(state: &State, o: &Outcome) -> String {
    match o.support.provision {
        Some(p) if o.complete => state.env.policy.name(p).to_string(),
        Some(p) => format!(
            "{} (voorlopig: nog niet alles beantwoord)",
            state.env.policy.name(p)
        ),
        None => "nog geen voorstel: vragen open".to_string(),
    }
}

/// The proposal, decision and route in a few lines, for the case view.
pub fn case_panel<'a>(state: &State, view: &View, open: &OpenCase) -> Vec<Line<'a>> {
    let t = view.theme;
    let o = &open.outcome;
    let mut lines = vec![Line::from(vec![
        Span::styled("Voorstel  ", t.title()),
        Span::styled(provision_line(state, o), t.bold()),
    ])];
    if let Some(d) = &open.case.decision {
        let text = if d.is_override() {
            format!(
                "{} * (afwijkend, met reden)",
                state.env.policy.name(d.decided)
            )
        } else {
            format!(
                "{} (voorstel overgenomen)",
                state.env.policy.name(d.decided)
            )
        };
        lines.push(Line::from(vec![
            Span::styled("Besluit   ", t.title()),
            Span::raw(text),
        ]));
    }
    if let Some(r) = o.debt_route.route {
        lines.push(Line::from(vec![
            Span::styled("Route     ", t.title()),
            Span::raw(crate::format::labels::route_short(r).to_string()),
        ]));
    }
    if !o.missing.is_empty() {
        lines.push(Line::styled(
            format!("{} verplichte vragen open", o.missing.len()),
            t.warn(),
        ));
    }
    lines
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Checklist items by their labels (ids are for files, not for people).
fn labels_of(state: &State, ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            state
                .env
                .checklists
                .find_item(id)
                .map_or_else(|| id.clone(), |(_, i)| i.label.clone())
        })
        .collect()
}

/// One bullet per item; a wrapped item goes on under the text after its bullet.
fn bullets<'a>(lines: &mut Vec<Line<'a>>, items: &[String], width: usize) {
    for r in items {
        lines.extend(super::hanging("  • ", r, width).into_iter().map(Line::raw));
    }
}

/// Everything the result screen shows, as lines (scrolled by the screen).
pub fn result_lines<'a>(
    state: &State,
    view: &View,
    open: &OpenCase,
    width: usize,
) -> Vec<Line<'a>> {
    let t = view.theme;
    let o = &open.outcome;
    let policy = &state.env.policy;
    let mut lines = Vec::new();
    lines.push(Line::from(vec![
        Span::styled("Voorstel: ", t.title()),
        Span::styled(provision_line(state, o), t.bold()),
    ]));
    // The period of amounts in force on today (rules v2), and whether it is indicative.
    lines.push(Line::from(vec![
        Span::styled("Bedragen: ", t.title()),
        Span::raw(capitalized(&o.periode.naam)),
    ]));
    if o.periode.indicatief {
        lines.push(Line::styled(
            "Let op: de normen in deze periode zijn indicatief; controleer bedragen voor een besluit.",
            t.warn(),
        ));
    }
    match &open.case.decision {
        Some(d) if d.is_override() => lines.push(Line::raw(format!(
            "Besluit: {} — afwijkend van het voorstel; reden: {}",
            policy.name(d.decided),
            personal(state, d.reason.as_deref().unwrap_or(""))
        ))),
        Some(d) => lines.push(Line::raw(format!(
            "Besluit: {} — voorstel overgenomen",
            policy.name(d.decided)
        ))),
        None => lines.push(Line::styled("Nog geen besluit.", t.dim())),
    }
    if !o.support.additions.is_empty() {
        let adds: Vec<&str> = o
            .support
            .additions
            .iter()
            .map(|p| policy.name(*p))
            .collect();
        lines.push(Line::raw(format!("Aanvullend: {}", adds.join(", "))));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Waarom", t.title()));
    bullets(&mut lines, &o.support.reasons, width);
    if !o.support.waiting_for.is_empty() {
        lines.push(Line::styled(
            format!(
                "  Wacht op: {}",
                labels_of(state, &o.support.waiting_for).join(", ")
            ),
            t.warn(),
        ));
    }
    if !o.support.ladder.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("De ladder, lichtste eerst", t.title()));
        for (p, why) in &o.support.ladder {
            let mark = if Some(*p) == o.support.provision {
                "▶"
            } else {
                " "
            };
            let first = format!("{mark} ");
            lines.extend(
                super::hanging(&first, why, width)
                    .into_iter()
                    .map(Line::raw),
            );
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(
            "Beschermingsbewind: {}",
            crate::format::labels::advice(o.bewind.advice)
        ),
        t.title(),
    ));
    bullets(&mut lines, &o.bewind.reasons, width);
    if !o.bewind.waiting_for.is_empty() {
        lines.push(Line::styled(
            format!(
                "  Wacht op: {}",
                labels_of(state, &o.bewind.waiting_for).join(", ")
            ),
            t.warn(),
        ));
    }
    if !o.bewind.open_questions.is_empty() {
        let ids: Vec<String> = o
            .bewind
            .open_questions
            .iter()
            .map(|l| l.item().to_string())
            .collect();
        let q = labels_of(state, &ids);
        lines.push(Line::styled(
            format!("  Open vragen: {}", q.join(", ")),
            t.warn(),
        ));
    }
    if o.bewind.advice == Advice::Uitstroom {
        let takes_over: Vec<String> = if o.bewind.sufficient.is_empty() {
            o.support
                .base
                .map(|p| policy.name(p).to_string())
                .into_iter()
                .collect()
        } else {
            o.bewind
                .sufficient
                .iter()
                .map(|l| l.label().to_string())
                .collect()
        };
        lines.push(Line::styled(
            format!(
                "  Uitstroom: bespreek met de bewindvoerder en de inwoner een verzoek aan de kantonrechter om het bewind te beëindigen; daarna {}.",
                if takes_over.is_empty() {
                    "de voorziening van de ladder (scores nog open)".to_string()
                } else {
                    takes_over.join(", ")
                }
            ),
            t.warn(),
        ));
    }
    if matches!(o.bewind.advice, Advice::Overwegen | Advice::Voortzetten) {
        let what = if o.bewind.advice == Advice::Voortzetten {
            "Kosten komend jaar"
        } else {
            "Kosten eerste jaar"
        };
        match o.bewind.first_year_cost {
            Some(cost) if o.bewind.advice == Advice::Voortzetten => {
                lines.push(Line::raw(format!(
                    "  {what}: {} (12 maanden beloning bewindvoerder; het bewind loopt al).",
                    money::to_display(cost)
                )));
            }
            Some(cost) => lines.push(Line::raw(format!(
                "  {what}: {} (intake en 12 maanden beloning bewindvoerder).",
                money::to_display(cost)
            ))),
            None => lines.push(Line::styled(
                format!("  {what}: nog niet te bepalen — het tarief hangt af van de schuldroute."),
                t.warn(),
            )),
        }
        lines.push(Line::raw(
            "  Wat de inwoner inlevert: de zeggenschap over de eigen goederen; de bewindvoerder beheert ze. Budgetbeheer laat de inwoner juridisch vrij, bewind niet.",
        ));
        lines.push(Line::raw(format!(
            "  Lichtere alternatieven: {}, {}, {} — elk vrijwillig en zonder rechter.",
            policy.name(Provision::Budgetcoaching),
            policy.name(Provision::BudgetbeheerBasis),
            policy.name(Provision::BudgetbeheerTotaal)
        )));
    }
    if let Some(bb) = &o.bijzondere_bijstand {
        lines.push(Line::raw(""));
        let verdict = match (bb.toets, bb.alternatief) {
            (Some(Toets::GeenToereikendAlternatief), _) => format!(
                "geen toereikend alternatief{}",
                bb.bedrag.map_or(String::new(), |b| format!(
                    " — bedrag {}",
                    money::to_display(b)
                ))
            ),
            (Some(Toets::ToereikendAlternatief), Some(l)) => {
                format!("toereikend alternatief: {}", l.label())
            }
            (Some(Toets::ToereikendAlternatief), None) => "toereikend alternatief".to_string(),
            (None, _) => "nog geen toets".to_string(),
        };
        lines.push(Line::styled(
            format!("Bijzondere bijstand voor de kosten: {verdict}"),
            t.title(),
        ));
        bullets(&mut lines, &bb.reasons, width);
    }
    lines.push(Line::raw(""));
    let route = match o.debt_route.route {
        Some(r) => match policy.route_name(r) {
            Some(local) => local.to_string(),
            None => crate::format::labels::route(r).to_string(),
        },
        None => "nog niet te bepalen".to_string(),
    };
    lines.push(Line::styled(format!("Schuldroute: {route}"), t.title()));
    if let (Some(vtlb), Some(cap)) = (o.debt_route.vtlb, o.debt_route.repayment_capacity) {
        let flags: Vec<&str> = o
            .debt_route
            .flags
            .iter()
            .map(|f| crate::format::labels::flag(*f))
            .collect();
        lines.push(Line::raw(format!(
            "  Vtlb {} · aflosruimte {}{}",
            money::to_display(vtlb),
            money::to_display(cap),
            if flags.is_empty() {
                String::new()
            } else {
                format!(" · {}", flags.join(", "))
            }
        )));
    }
    bullets(&mut lines, &o.debt_route.reasons, width);
    if !o.debt_route.waiting_for.is_empty() {
        lines.push(Line::styled(
            format!(
                "  Wacht op: {}",
                labels_of(state, &o.debt_route.waiting_for).join(", ")
            ),
            t.warn(),
        ));
    }
    if !o.missing.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("Ontbrekende verplichte vragen ({})", o.missing.len()),
            t.title(),
        ));
        // Questions by their label (ids are for files, not for people).
        let labels = labels_of(state, &o.missing);
        bullets(&mut lines, &labels, width);
    }
    if !o.annotations.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "Aantekeningen (nooit een reden om te weigeren)",
            t.title(),
        ));
        bullets(&mut lines, &o.annotations, width);
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(
            "Voor {}: de professional beslist; afwijken kan, met een reden die wordt vastgelegd.",
            personal(state, &open.case.client.name)
        ),
        t.dim(),
    ));
    hang_indented(lines, width)
}

/// Lines that start indented and are too wide are wrapped under their own indent (bullets and
/// the ladder are already wrapped so; this catches the costs, "Wacht op" and similar lines).
fn hang_indented(lines: Vec<Line<'_>>, width: usize) -> Vec<Line<'_>> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        let lead = text.len() - text.trim_start().len();
        if line.width() <= width || lead == 0 || line.spans.len() != 1 {
            out.push(line);
            continue;
        }
        let style = line.spans[0].style.patch(line.style);
        out.extend(
            super::hanging(&text[..lead], text.trim_start(), width)
                .into_iter()
                .map(|r| Line::styled(r, style)),
        );
    }
    out
}

pub fn render(state: &State, view: &View, frame: &mut Frame, area: Rect) -> Option<Extent> {
    let Some(open) = &state.open else {
        return None;
    };
    let lines = result_lines(state, view, open, usize::from(area.width));
    let para = Paragraph::new(lines).wrap(Wrap { trim: false });
    let (scroll, extent) = super::clamp_scroll(&para, area, open.result.scroll);
    frame.render_widget(para.scroll((scroll, 0)), area);
    if let Some(dialog) = &open.result.dialog {
        render_dialog(state, view, dialog, frame, area);
    }
    Some(extent)
}

fn render_dialog(state: &State, view: &View, d: &OverrideDialog, frame: &mut Frame, area: Rect) {
    let t = view.theme;
    let mut lines = vec![Line::styled("Kies de voorziening (↑/↓):", t.bold())];
    for (i, p) in Provision::ALL.iter().enumerate() {
        let mark = if i == d.choice { "▶ " } else { "  " };
        let line = Line::raw(format!("{mark}{}", state.env.policy.name(*p)));
        lines.push(if i == d.choice {
            line.style(t.selected())
        } else {
            line
        });
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Reden (minstens één zin):", t.bold()));
    lines.push(Line::styled(
        personal(state, &d.reason.with_caret()),
        t.selected(),
    ));
    if let Some(e) = &d.error {
        lines.push(Line::styled(format!("⚠ {e}"), t.error()));
    }
    lines.push(Line::styled(
        "Enter legt het besluit vast · Esc annuleert",
        t.dim(),
    ));
    let popup = super::popup(area, 70, lines.len() + 2);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::new()
                .borders(Borders::ALL)
                .title(" Anders besluiten "),
        ),
        popup,
    );
}
