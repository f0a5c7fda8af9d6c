//! The report screen: cases per provision and per debt route as bar charts, then overrides,
//! crisis cases and deadlines as text. Reads only the computed [`Report`]; the caller computes it
//! (`domain::report::compute`) off the render path.

use super::Theme;
use crate::domain::report::Report;
use crate::format::labels;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, Block, Borders, Paragraph};

/// A horizontal bar chart in a titled box.
fn bars<'a>(bars: Vec<Bar<'a>>, title: &'a str, t: Theme) -> BarChart<'a> {
    BarChart::horizontal(bars)
        .block(
            Block::new()
                .borders(Borders::ALL)
                .title(Span::styled(title, t.title())),
        )
        .bar_gap(0)
        .bar_style(t.key())
        .value_style(t.selected())
}

fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// Draws the report; `scroll` moves the figures below the charts (for short terminals).
pub fn render(
    report: &Report,
    theme: Theme,
    scroll: usize,
    frame: &mut Frame,
    area: Rect,
) -> crate::app::Extent {
    let t = theme;
    let [charts, figures] =
        Layout::vertical([Constraint::Length(8), Constraint::Min(0)]).areas(area);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(charts);

    let provisions: Vec<Bar> = report
        .provisions
        .iter()
        .map(|(p, c)| Bar::with_label(labels::provision_short(*p), count(c.total())))
        .collect();
    frame.render_widget(
        bars(provisions, " Voorziening (besluit/voorstel) ", t),
        left,
    );
    let routes: Vec<Bar> = report
        .routes
        .iter()
        .map(|(r, n)| Bar::with_label(labels::route_short(*r), count(*n)))
        .collect();
    frame.render_widget(bars(routes, " Schuldroute (voorstel) ", t), right);

    let o = &report.overrides;
    let pct = report.override_percentage().map_or("—".to_string(), |p| {
        format!("{}%", p.to_string().replace('.', ","))
    });
    let mut lines = vec![
        Line::from(vec![
            Span::styled("Zaken ", t.dim()),
            Span::styled(report.cases.to_string(), t.bold()),
            Span::styled("   crisis ", t.dim()),
            Span::styled(report.crisis.to_string(), t.bold()),
            Span::styled("   zonder voorstel ", t.dim()),
            Span::raw(report.no_provision.to_string()),
            Span::styled("   besluiten ", t.dim()),
            Span::raw(report.decisions.to_string()),
        ]),
        Line::from(vec![
            Span::styled("Afwijkend van voorstel ", t.dim()),
            Span::styled(format!("{} ({pct})", o.total), t.bold()),
            Span::raw(format!(
                "  lichter {}  zwaarder {}  zonder voorstel {}",
                o.lighter, o.heavier, o.without_proposal
            )),
        ]),
        // A bewind proposal that was decided otherwise stays visible here.
        Line::from(vec![
            Span::styled("Voorstel bewind ", t.dim()),
            Span::styled(report.bewind.proposed.to_string(), t.bold()),
            Span::raw(format!(
                "  overgenomen {}  afwijkend besloten {}",
                report.bewind.accepted,
                report.bewind.overridden_total()
            )),
        ]),
        Line::raw(""),
        Line::styled(
            format!(
                "{:<28}{:>8}{:>9}{:>10}{:>6}{:>8}",
                "Termijn", "op tijd", "te laat", "verlopen", "open", "%tijd"
            ),
            t.title(),
        ),
    ];
    for (k, c) in &report.deadlines {
        let overdue = Span::styled(
            format!("{:>10}", c.overdue),
            if c.overdue > 0 { t.error() } else { t.dim() },
        );
        lines.push(Line::from(vec![
            Span::raw(format!(
                "{:<28}{:>8}{:>9}",
                k.label(),
                c.met_on_time,
                c.met_late
            )),
            overdue,
            Span::raw(format!("{:>6}", c.open)),
            Span::styled(
                format!(
                    "{:>8}",
                    crate::domain::report::percent_text(c.share_on_time())
                ),
                t.bold(),
            ),
        ]));
    }
    lines.push(Line::raw(""));
    for l in crate::domain::report::lead_times_text(&report.lead_times).lines() {
        lines.push(Line::raw(l.to_string()));
    }
    // Rules v2: how cases came in, and who referred them.
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("{:<40}{:>8}", "Binnengekomen via", "zaken"),
        t.title(),
    ));
    for (m, n) in &report.melding_routes {
        lines.push(Line::raw(format!("{:<40}{n:>8}", m.replace('_', " "))));
    }
    lines.push(Line::raw(format!(
        "{:<40}{:>8}",
        "niet ingevuld", report.no_melding_route
    )));
    if !report.verwijzers.is_empty() {
        lines.push(Line::styled(
            format!("{:<40}{:>8}", "Verwijzer of signaalpartner", "zaken"),
            t.title(),
        ));
        for (v, n) in &report.verwijzers {
            let name: String = v.chars().take(39).collect();
            lines.push(Line::raw(format!("{name:<40}{n:>8}")));
        }
    }
    let inner = figures.inner(ratatui::layout::Margin::new(1, 0));
    // Never scroll past the last line: the keys then stop where the figures end.
    let extent = crate::app::Extent {
        rows: lines.len(),
        visible: usize::from(inner.height),
    };
    let scroll = u16::try_from(scroll.min(extent.max_scroll())).unwrap_or(u16::MAX);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
    extent
}
