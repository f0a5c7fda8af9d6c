//! The result screen — the proposal, why, each rung of the ladder, bewind with its costs and what
//! the person gives up, the debt route, and what is still open — and the case view's summary of it.

use super::{View, personal};
use crate::app::result::OverrideDialog;
use crate::app::{OpenCase, State};
use crate::domain::money;
use crate::domain::provision::Provision;
use crate::domain::segment::{Advice, Outcome};
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
            Span::raw(r.id().to_string()),
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

fn bullets<'a>(lines: &mut Vec<Line<'a>>, items: &[String]) {
    for r in items {
        lines.push(Line::raw(format!("  • {r}")));
    }
}

/// Everything the result screen shows, as lines (scrolled by the screen).
pub fn result_lines<'a>(state: &State, view: &View, open: &OpenCase) -> Vec<Line<'a>> {
    let t = view.theme;
    let o = &open.outcome;
    let policy = &state.env.policy;
    let mut lines = Vec::new();
    lines.push(Line::from(vec![
        Span::styled("Voorstel: ", t.title()),
        Span::styled(provision_line(state, o), t.bold()),
    ]));
    if policy.indicatief {
        lines.push(Line::styled(
            "Let op: de normen in het beleid zijn indicatief; controleer bedragen voor een besluit.",
            t.warn(),
        ));
    }
    match &open.case.decision {
        Some(d) if d.is_override() => lines.push(Line::raw(format!(
            "Besluit: {} — afwijkend van het voorstel; reden: {}",
            policy.name(d.decided),
            d.reason.as_deref().unwrap_or("")
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
    bullets(&mut lines, &o.support.reasons);
    if !o.support.waiting_for.is_empty() {
        lines.push(Line::styled(
            format!("  Wacht op: {}", o.support.waiting_for.join(", ")),
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
            lines.push(Line::raw(format!("{mark} {why}")));
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
    bullets(&mut lines, &o.bewind.reasons);
    if !o.bewind.waiting_for.is_empty() {
        lines.push(Line::styled(
            format!("  Wacht op: {}", o.bewind.waiting_for.join(", ")),
            t.warn(),
        ));
    }
    if !o.bewind.open_questions.is_empty() {
        let q: Vec<&str> = o.bewind.open_questions.iter().map(|l| l.item()).collect();
        lines.push(Line::styled(
            format!("  Open vragen: {}", q.join(", ")),
            t.warn(),
        ));
    }
    if o.bewind.advice == Advice::Overwegen {
        if let Some(cost) = o.bewind.first_year_cost {
            lines.push(Line::raw(format!(
                "  Kosten eerste jaar: {} (intake en 12 maanden beloning bewindvoerder).",
                money::to_display(cost)
            )));
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
    lines.push(Line::raw(""));
    let route = o.debt_route.route.map_or("nog niet te bepalen", |r| r.id());
    lines.push(Line::styled(format!("Schuldroute: {route}"), t.title()));
    if let (Some(vtlb), Some(cap)) = (o.debt_route.vtlb, o.debt_route.repayment_capacity) {
        let flags: Vec<&str> = o.debt_route.flags.iter().map(|f| f.id()).collect();
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
    bullets(&mut lines, &o.debt_route.reasons);
    if !o.debt_route.waiting_for.is_empty() {
        lines.push(Line::styled(
            format!("  Wacht op: {}", o.debt_route.waiting_for.join(", ")),
            t.warn(),
        ));
    }
    if !o.missing.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("Ontbrekende verplichte vragen ({})", o.missing.len()),
            t.title(),
        ));
        lines.push(Line::raw(format!("  {}", o.missing.join(", "))));
    }
    if !o.annotations.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "Aantekeningen (nooit een reden om te weigeren)",
            t.title(),
        ));
        bullets(&mut lines, &o.annotations);
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(
            "Voor {}: de professional beslist; afwijken kan, met een reden die wordt vastgelegd.",
            personal(state, &open.case.client.name)
        ),
        t.dim(),
    ));
    lines
}

pub fn render(state: &State, view: &View, frame: &mut Frame, area: Rect) {
    let Some(open) = &state.open else {
        return;
    };
    let lines = result_lines(state, view, open);
    let scroll = u16::try_from(open.result.scroll).unwrap_or(u16::MAX);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
    if let Some(dialog) = &open.result.dialog {
        render_dialog(state, view, dialog, frame, area);
    }
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
    lines.push(Line::styled(d.reason.with_caret(), t.selected()));
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
