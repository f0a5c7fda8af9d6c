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
pub fn render(report: &Report, theme: Theme, scroll: usize, frame: &mut Frame, area: Rect) {
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
        Line::raw(""),
        Line::styled(
            format!(
                "{:<28}{:>8}{:>9}{:>10}{:>6}",
                "Termijn", "op tijd", "te laat", "verlopen", "open"
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
        ]));
    }
    let inner = figures.inner(ratatui::layout::Margin::new(1, 0));
    // Never scroll past the last line: the keys then stop where the figures end.
    let max = lines.len().saturating_sub(usize::from(inner.height));
    let scroll = u16::try_from(scroll.min(max)).unwrap_or(u16::MAX);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}
