//! A checklist: sections with progress, the items of the current section with their answers,
//! and the editor for the item under the cursor (score anchors visible while scoring).

use super::View;
use crate::app::State;
use crate::app::checklist::{Editor, asked, is_derived, suggestion};
use crate::domain::checklist::{Item, ItemType};
use crate::domain::money;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

fn type_hint(item: &Item) -> &'static str {
    match item.kind {
        ItemType::Bool => "ja / nee: j of n antwoordt en gaat door",
        ItemType::Date => "datum: 26-11, 26-11-2026, vandaag, gisteren, +3 (werkdagen)",
        ItemType::Eur => "bedrag: 1.250,50 of 1250.50",
        ItemType::Int => "geheel getal",
        ItemType::Choice => "kies een optie (typ de eerste letters)",
        ItemType::Multi => "meerdere opties: spatie kiest, Enter bevestigt",
        ItemType::Score => "score 1 tot en met 5 (typ het cijfer)",
        ItemType::Text => "vrije tekst",
    }
}

/// `text` in at most `width` columns: cut after a whole word with "…" when too long.
fn shorten(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split(' ') {
        let next = if out.is_empty() {
            word.to_string()
        } else {
            format!("{out} {word}")
        };
        if next.chars().count() + 1 > width {
            break;
        }
        out = next;
    }
    if out.is_empty() {
        out = text.chars().take(width.saturating_sub(1)).collect();
    }
    format!("{}…", out.trim_end_matches([',', ' ', '(']))
}

pub fn render(state: &State, view: &View, frame: &mut Frame, area: Rect) {
    let Some(open) = &state.open else {
        return;
    };
    let Some(checklist) = state.env.checklists.get(&open.checklist.checklist) else {
        return;
    };
    let t = view.theme;
    let case = &open.case;
    let answers = &open.answers;
    let items = asked(checklist, case);
    let current = items
        .iter()
        .find(|i| i.id == open.checklist.item)
        .or(items.first())
        .copied();
    let current_section = current.and_then(|cur| {
        checklist
            .sections
            .iter()
            .position(|s| s.items.iter().any(|i| i.id == cur.id))
    });

    let editor_height = match &open.checklist.editor {
        Some(Editor::Pick { options, .. }) => u16::try_from(options.len()).unwrap_or(9).min(9) + 3,
        _ => 5,
    };
    let [main, bottom] =
        Layout::vertical([Constraint::Min(4), Constraint::Length(editor_height)]).areas(area);
    // Wide: the sections in a column beside the items. Narrow (80 columns): the sections as a
    // strip of ids with progress above the items, which then get the whole width; the current
    // section's full title heads the items either way.
    let side_width = if area.width >= 100 { 34 } else { 0 };
    let progress: Vec<(String, String, String, ratatui::style::Style)> = checklist
        .sections
        .iter()
        .enumerate()
        .map(|(si, s)| {
            let required: Vec<&Item> = s.items.iter().filter(|i| i.is_required(answers)).collect();
            let done = required
                .iter()
                .filter(|i| answers.get(&checklist.id, &i.id).is_some())
                .count();
            let complete = done == required.len();
            // A section of optional items only (A5, the documents) counts what is recorded of
            // what is asked, never "0/0".
            let count = if required.is_empty() {
                let asked: Vec<&Item> = s
                    .items
                    .iter()
                    .filter(|i| i.is_asked(&case.answers))
                    .collect();
                let recorded = asked
                    .iter()
                    .filter(|i| answers.get(&checklist.id, &i.id).is_some())
                    .count();
                format!("{recorded}/{}", asked.len())
            } else {
                format!("{done}/{}", required.len())
            };
            let style = if Some(si) == current_section {
                t.selected()
            } else if complete {
                t.dim()
            } else {
                t.bold()
            };
            (s.id.clone(), s.title.clone(), count, style)
        })
        .collect();
    let strip: Vec<Span> = if side_width == 0 {
        progress
            .iter()
            .flat_map(|(id, _, count, style)| {
                [
                    Span::styled(format!("{id} {count}"), *style),
                    Span::raw("  "),
                ]
            })
            .collect()
    } else {
        Vec::new()
    };
    let strip_rows = if strip.is_empty() {
        0
    } else {
        let w: usize = strip.iter().map(Span::width).sum();
        u16::try_from(w.div_ceil(usize::from(area.width.max(1)))).unwrap_or(1)
    };
    let [strip_area, main] =
        Layout::vertical([Constraint::Length(strip_rows), Constraint::Min(1)]).areas(main);
    if strip_rows > 0 {
        frame.render_widget(
            Paragraph::new(Line::from(strip)).wrap(Wrap { trim: true }),
            strip_area,
        );
    }
    let [side, items_area] =
        Layout::horizontal([Constraint::Length(side_width), Constraint::Min(20)]).areas(main);

    // Sections with progress: answered required / required; a long title ends in "…".
    if side_width > 0 {
        let title_width = usize::from(side_width).saturating_sub(11);
        let sections: Vec<Line> = progress
            .iter()
            .map(|(id, title, count, style)| {
                Line::styled(
                    format!(
                        "{id} {:<title_width$} {count:>5}",
                        shorten(title, title_width)
                    ),
                    *style,
                )
            })
            .collect();
        frame.render_widget(
            Paragraph::new(sections).block(Block::new().borders(Borders::RIGHT)),
            side,
        );
    }

    // Items of the current section: a long label wraps under itself, the answer beside its
    // first row.
    let Some(section_idx) = current_section else {
        return;
    };
    let section = &checklist.sections[section_idx];
    let width = usize::from(items_area.width.saturating_sub(2));
    let value_width = (width / 3).clamp(8, 24);
    let label_width = width.saturating_sub(value_width + 3);
    let mut lines = vec![Line::styled(
        format!(" {} {}", section.id, section.title),
        t.title(),
    )];
    let mut selected_rows = 0..0;
    for item in section.items.iter().filter(|i| i.is_asked(&case.answers)) {
        let value = answers.get(&checklist.id, &item.id);
        let derived = is_derived(item, case);
        let mark = match (value.is_some(), item.is_required(answers)) {
            _ if derived => "=",
            (true, _) => "✓",
            (false, true) => "*",
            (false, false) => "·",
        };
        let shown = match value {
            Some(crate::domain::answers::Value::Text(_)) if state.privacy => {
                super::personal(state, "x")
            }
            Some(v) => state.env.checklists.value_text(&item.id, v),
            // A document's state before anyone asked about it.
            None if item.id.starts_with("doc.") => "nog niet nagevraagd".to_string(),
            None => "onbeantwoord".to_string(),
        };
        let suggested = suggestion(item, case);
        let (mark, shown) = match &suggested {
            Some((v, _)) => (
                "?",
                format!("voorstel: {}", state.env.checklists.value_text(&item.id, v)),
            ),
            None if derived => (mark, format!("{shown} (afgeleid)")),
            None => (mark, shown),
        };
        let selected = current.is_some_and(|c| c.id == item.id);
        let first_row = lines.len();
        // Label and answer each wrap in their own column; the row count is the longer one.
        let labels = super::hanging("", &item.label, label_width);
        let values = super::hanging("", &shown, value_width);
        for row in 0..labels.len().max(values.len()) {
            let label = labels.get(row).map_or("", String::as_str);
            let value_text = values.get(row).map_or("", String::as_str);
            let line = Line::from(vec![
                Span::styled(
                    if row == 0 {
                        format!("{mark} ")
                    } else {
                        "  ".to_string()
                    },
                    if mark == "*" { t.warn() } else { t.dim() },
                ),
                Span::raw(format!("{label:<label_width$} ")),
                Span::styled(
                    value_text.to_string(),
                    if value.is_some() { t.bold() } else { t.dim() },
                ),
            ]);
            lines.push(if selected {
                line.style(t.selected())
            } else {
                line
            });
        }
        if selected {
            selected_rows = first_row..lines.len();
        }
    }
    // Keep the current item in view (wrapped labels can make a section taller than the screen).
    let height = usize::from(items_area.height).max(1);
    let skip = selected_rows.end.saturating_sub(height);
    frame.render_widget(
        Paragraph::new(lines.into_iter().skip(skip).collect::<Vec<_>>()),
        items_area.inner(ratatui::layout::Margin::new(1, 0)),
    );

    // The current item and its editor.
    let Some(item) = current else {
        return;
    };
    let mut detail = vec![Line::from(vec![
        Span::styled(item.label.clone(), t.bold()),
        Span::styled(format!("  ({})", type_hint(item)), t.dim()),
    ])];
    match &open.checklist.editor {
        Some(Editor::Line { input, error }) => {
            detail.push(Line::from(vec![
                Span::raw("> "),
                Span::styled(
                    if item.kind == ItemType::Text {
                        super::personal(state, &input.with_caret())
                    } else {
                        input.with_caret()
                    },
                    t.selected(),
                ),
            ]));
            if let Some(e) = error {
                detail.push(Line::styled(format!("⚠ {e}"), t.error()));
            } else if item.kind == ItemType::Eur
                && let Ok(d) = crate::domain::input::parse_money(input.text())
            {
                detail.push(Line::styled(format!("= {}", money::to_display(d)), t.dim()));
            }
        }
        Some(Editor::Pick {
            options,
            cursor,
            ticked,
            ..
        }) => {
            let visible = usize::from(editor_height.saturating_sub(3)).max(1);
            let start = cursor.saturating_sub(visible - 1);
            for (i, (_, label)) in options.iter().enumerate().skip(start).take(visible) {
                let tick = match ticked {
                    Some(t) if t[i] => "[x] ",
                    Some(_) => "[ ] ",
                    None => "",
                };
                // Labels only: typing their first letters picks (ids are for files).
                let text = format!("{tick}{label}");
                let mark = if i == *cursor { "▶ " } else { "  " };
                let line = Line::raw(format!("{mark}{text}"));
                detail.push(if i == *cursor {
                    line.style(t.selected())
                } else {
                    line
                });
            }
        }
        None => {
            if let Some((v, source)) = suggestion(item, case) {
                let from = state
                    .env
                    .checklists
                    .find_item(source)
                    .map_or(source, |(_, i)| i.label.as_str());
                detail.push(Line::from(vec![
                    Span::styled(
                        format!(
                            "Voorstel: {} (uit \"{from}\"). ",
                            state.env.checklists.value_text(&item.id, &v)
                        ),
                        t.warn(),
                    ),
                    Span::styled("j neemt het over, Enter kiest zelf.", t.dim()),
                ]));
            } else if item.kind == ItemType::Score {
                let anchors = checklist.score_anchors.join(" · ");
                detail.push(Line::styled(anchors, t.dim()));
            } else if is_derived(item, case) {
                detail.push(Line::styled("Afgeleid uit de schuldenlijst.", t.dim()));
            }
        }
    }
    frame.render_widget(
        Paragraph::new(detail)
            .wrap(Wrap { trim: false })
            .block(Block::new().borders(Borders::TOP)),
        bottom,
    );
}
