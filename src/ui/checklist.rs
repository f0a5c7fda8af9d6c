//! A checklist: sections with progress, the items of the current section with their answers,
//! and the editor for the item under the cursor (score anchors visible while scoring).

use super::View;
use crate::app::State;
use crate::app::checklist::{Editor, asked, is_derived};
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
    let side_width = if area.width >= 70 { 24 } else { 0 };
    let [side, items_area] =
        Layout::horizontal([Constraint::Length(side_width), Constraint::Min(20)]).areas(main);

    // Sections with progress: answered required / required.
    let sections: Vec<Line> = checklist
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
            let text = format!("{} {:<14.14} {done}/{}", s.id, s.title, required.len());
            let style = if Some(si) == current_section {
                t.selected()
            } else if complete {
                t.dim()
            } else {
                t.bold()
            };
            Line::styled(text, style)
        })
        .collect();
    if side_width > 0 {
        frame.render_widget(
            Paragraph::new(sections).block(Block::new().borders(Borders::RIGHT)),
            side,
        );
    }

    // Items of the current section.
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
            None => "onbeantwoord".to_string(),
        };
        let shown = if derived {
            format!("{shown} (afgeleid)")
        } else {
            shown
        };
        let label: String = item.label.chars().take(label_width).collect();
        let selected = current.is_some_and(|c| c.id == item.id);
        let line = Line::from(vec![
            Span::styled(
                format!("{mark} "),
                if mark == "*" { t.warn() } else { t.dim() },
            ),
            Span::raw(format!("{label:<label_width$} ")),
            Span::styled(
                format!("{shown:.value_width$}"),
                if value.is_some() { t.bold() } else { t.dim() },
            ),
        ]);
        lines.push(if selected {
            line.style(t.selected())
        } else {
            line
        });
    }
    frame.render_widget(
        Paragraph::new(lines),
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
            if item.kind == ItemType::Score {
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
