//! The case list: only the visible rows are built, so it costs the same at 100 or 100,000 cases.

use super::{View, personal};
use crate::app::State;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

pub fn render(state: &State, view: &View, frame: &mut Frame, area: Rect) {
    let t = view.theme;
    let list = &state.list;
    let show_search = list.searching || !list.query.text().is_empty();
    let [search_area, table_area] = Layout::vertical([
        Constraint::Length(u16::from(show_search)),
        Constraint::Min(1),
    ])
    .areas(area);
    if show_search {
        let query = if list.searching {
            list.query.with_caret()
        } else {
            list.query.text().to_string()
        };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled("Zoeken: ", t.bold()),
                Span::raw(super::personal(state, &query)),
                Span::styled(
                    format!("  ({} van {})", list.visible.len(), list.rows.len()),
                    t.dim(),
                ),
            ])),
            search_area,
        );
    }
    if list.rows.is_empty() {
        let key = view.key_for(crate::keymap::Scope::List, crate::keymap::Command::NewCase);
        frame.render_widget(
            Paragraph::new(format!("Nog geen zaken. Druk {key} voor een nieuwe zaak.")),
            table_area,
        );
        return;
    }
    if list.visible.is_empty() {
        frame.render_widget(Paragraph::new("Geen zaak gevonden."), table_area);
        return;
    }
    let wide = area.width >= 96;
    // Narrow: one row under the table spells out the selected case in full (case number and
    // name may be cut short in their columns).
    let [table_area, detail_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(u16::from(!wide))])
            .areas(table_area);
    if !wide && let Some(&idx) = list.visible.get(list.cursor) {
        let s = &list.rows[idx].summary;
        let mut spans = vec![
            Span::styled("▶ ", t.dim()),
            Span::styled(format!("{}  ", s.case_id), t.bold()),
            Span::raw(personal(
                state,
                crate::app::rights::list_name(state.role, s),
            )),
        ];
        if let Some(d) = s.next_open_deadline() {
            spans.push(Span::styled(
                format!(
                    "  · {} {}",
                    d.kind.label().to_lowercase(),
                    d.due.format("%d-%m-%Y")
                ),
                t.dim(),
            ));
        }
        frame.render_widget(
            Paragraph::new(Line::from(spans)).wrap(ratatui::widgets::Wrap { trim: true }),
            detail_area,
        );
    }
    let height = usize::from(table_area.height.saturating_sub(1)).max(1);
    let offset = visible_offset(list.cursor, list.offset, height);
    let today = state.env.today;
    let rows = list.visible[offset..]
        .iter()
        .take(height)
        .enumerate()
        .map(|(i, &idx)| {
            let s = &list.rows[idx].summary;
            let decided = s.decided.map_or(String::new(), |p| {
                format!("{}{}", p.short(), if s.overridden { "*" } else { "" })
            });
            let (deadline, late) = match s.next_open_deadline() {
                Some(d) => {
                    let label = d.kind.short();
                    let late = d.due < today;
                    let text = if late {
                        format!("VERLOPEN {label}")
                    } else {
                        format!("{} {}", d.due.format("%d-%m"), label)
                    };
                    (text, late)
                }
                None => (String::new(), false),
            };
            let mut cells = vec![
                Cell::from(if s.crisis { "!" } else { " " }).style(t.error()),
                Cell::from(s.case_id.clone()),
                Cell::from(personal(
                    state,
                    crate::app::rights::list_name(state.role, s),
                )),
                // Restricted processing (art. 18 AVG) says so in place of the status.
                if s.beperkt {
                    Cell::from("BEPERKT").style(t.warn())
                } else {
                    Cell::from(s.status.id())
                },
                Cell::from(decided),
                Cell::from(deadline).style(if late {
                    t.error()
                } else {
                    t.bold().remove_modifier(ratatui::style::Modifier::BOLD)
                }),
            ];
            if wide {
                cells.push(Cell::from(s.updated_at.format("%d-%m-%Y").to_string()));
            }
            let row = Row::new(cells);
            if offset + i == list.cursor {
                row.style(t.selected())
            } else {
                row
            }
        });
    // The case number column fits the visible numbers (up to 16 wide).
    let id_width = list.visible[offset..]
        .iter()
        .take(height)
        .map(|&i| list.rows[i].summary.case_id.chars().count())
        .max()
        .unwrap_or(10)
        .clamp(10, if wide { 24 } else { 16 });
    let mut widths = vec![
        Constraint::Length(1),
        Constraint::Length(u16::try_from(id_width).unwrap_or(10)),
        Constraint::Min(12),
        Constraint::Length(11),
        Constraint::Length(14),
        Constraint::Length(20),
    ];
    let mut header = vec!["!", "Zaak", "Naam", "Status", "Besluit", "Volgende termijn"];
    if wide {
        widths.push(Constraint::Length(10));
        header.push("Gewijzigd");
    }
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(t.title()))
        .column_spacing(1);
    frame.render_widget(table, table_area);
}

/// The first visible row: keeps the cursor on screen without jumping.
pub fn visible_offset(cursor: usize, offset: usize, height: usize) -> usize {
    if cursor < offset {
        cursor
    } else if cursor >= offset + height {
        cursor + 1 - height
    } else {
        offset
    }
}
