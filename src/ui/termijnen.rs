//! The Termijnen screen: open deadlines of all cases, grouped by urgency, earliest first.

use super::{View, personal};
use crate::app::State;
use crate::domain::deadlines::Urgency;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(state: &State, view: &View, frame: &mut Frame, area: Rect) {
    let t = view.theme;
    let tj = &state.termijnen;
    if tj.rows.is_empty() {
        frame.render_widget(Paragraph::new("Geen open termijnen."), area);
        return;
    }
    // One line per row plus a heading per group; scroll so the cursor stays visible.
    let mut lines: Vec<(Option<usize>, Line)> = Vec::new();
    let mut group: Option<Urgency> = None;
    for (i, row) in tj.rows.iter().enumerate() {
        if group != Some(row.urgency) {
            group = Some(row.urgency);
            let count = tj.rows.iter().filter(|r| r.urgency == row.urgency).count();
            let style = if row.urgency == Urgency::Verlopen {
                t.error()
            } else {
                t.title()
            };
            lines.push((
                None,
                Line::styled(
                    format!("{} ({count})", row.urgency.label().to_uppercase()),
                    style,
                ),
            ));
        }
        let what = row.kind.label();
        let late = if row.urgency == Urgency::Verlopen {
            "verlopen "
        } else {
            ""
        };
        // Date and kind in columns; the case number and name wrap under themselves (at 80
        // columns a long name goes on on the next row instead of being cut off).
        let prefix = Line::from(vec![
            Span::styled(
                format!("  {} ", row.due.format("%d-%m-%Y")),
                if late.is_empty() { t.bold() } else { t.error() },
            ),
            Span::styled(late, t.error()),
            Span::raw(format!("{:<27} ", what)),
        ]);
        let indent = " ".repeat(prefix.width());
        let rest = format!(
            "{} {}{}",
            row.case_id,
            personal(state, &row.name),
            if row.crisis { "  ! crisis" } else { "" }
        );
        for (n, text) in super::hanging(&indent, &rest, usize::from(area.width))
            .into_iter()
            .enumerate()
        {
            let line = if n == 0 {
                let mut spans = prefix.spans.clone();
                spans.push(Span::raw(text[indent.len()..].to_string()));
                Line::from(spans)
            } else {
                Line::raw(text)
            };
            lines.push((
                Some(i),
                if i == tj.cursor {
                    line.style(t.selected())
                } else {
                    line
                },
            ));
        }
    }
    let height = usize::from(area.height).max(1);
    let cursor_line = lines
        .iter()
        .rposition(|(i, _)| *i == Some(tj.cursor))
        .unwrap_or(0);
    let start = cursor_line.saturating_sub(height.saturating_sub(1));
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(start)
        .take(height)
        .map(|(_, l)| l)
        .collect();
    frame.render_widget(Paragraph::new(shown), area);
}
