//! The traject screen: status, the three deadlines the traject meets, the steps in date order,
//! and the dialog that records or corrects a step.

use super::View;
use crate::app::State;
use crate::app::traject::{ClientForm, Dialog, Target};
use crate::domain::deadlines::{DeadlineKind, DueItem};
use crate::domain::traject;
use crate::keymap::{Command, Scope};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

fn nl(d: chrono::NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

/// "gehaald op …", "te laat: … (uiterlijk …)" or "open, uiterlijk …".
pub fn deadline_text(i: &DueItem) -> String {
    match i.met_on {
        Some(m) if i.met_late() => format!("te laat: {} (uiterlijk {})", nl(m), nl(i.due)),
        Some(m) => format!("gehaald op {} (uiterlijk {})", nl(m), nl(i.due)),
        None => format!("open, uiterlijk {}", nl(i.due)),
    }
}

pub fn render(state: &State, view: &View, frame: &mut Frame, area: Rect) {
    let Some(open) = &state.open else {
        return;
    };
    let t = view.theme;
    let tr = &open.case.traject;
    let kinds = [
        DeadlineKind::EersteGesprek,
        DeadlineKind::CrisisAfgerond,
        DeadlineKind::Beschikking,
    ];
    let mut head = vec![Line::from(vec![
        Span::styled("Status ", t.dim()),
        Span::styled(open.case.status.id(), t.bold()),
        Span::styled(" · eerste gesprek ", t.dim()),
        Span::raw(traject::eerste_gesprek(&open.answers).map_or("nog niet gevoerd".into(), nl)),
    ])];
    if let Some(v) = tr.oplossing.as_ref().and_then(|o| o.vtlb) {
        head[0].spans.push(Span::styled(" · Vtlb ", t.dim()));
        head[0]
            .spans
            .push(Span::raw(crate::domain::money::to_display(v)));
    }
    for item in open.due.iter().filter(|i| kinds.contains(&i.kind)) {
        let style = if item.met_on.is_none() && item.due < state.env.today || item.met_late() {
            t.error()
        } else {
            t.bold()
        };
        head.push(Line::from(vec![
            Span::styled(format!("{:<15}", item.kind.short()), t.dim()),
            Span::styled(deadline_text(item), style),
        ]));
    }
    let head_rows = u16::try_from(head.len() + 1).unwrap_or(4);
    let [head_area, list_area] =
        Layout::vertical([Constraint::Length(head_rows), Constraint::Min(1)]).areas(area);
    frame.render_widget(
        Paragraph::new(head).block(Block::new().borders(Borders::BOTTOM)),
        head_area,
    );

    let rows = traject::timeline(tr);
    if rows.is_empty() {
        let key = view.key_for(Scope::Traject, Command::AddStep);
        frame.render_widget(
            Paragraph::new(format!(
                "Nog geen stappen na de intake. Druk {key} om een stap vast te leggen (met datum)."
            ))
            .wrap(Wrap { trim: true }),
            list_area,
        );
    } else {
        let height = usize::from(list_area.height).max(1);
        let first = super::list::visible_offset(open.traject.cursor, 0, height);
        let lines: Vec<Line> = rows
            .iter()
            .enumerate()
            .skip(first)
            .take(height)
            .map(|(i, (d, slot))| {
                let line = Line::from(vec![
                    Span::styled(format!("{}  ", nl(*d)), t.bold()),
                    Span::raw(slot.label(tr)),
                ]);
                if i == open.traject.cursor {
                    line.style(t.selected())
                } else {
                    line
                }
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), list_area);
    }
    if let Some(dialog) = &open.traject.dialog {
        render_dialog(dialog, tr, view, frame, area);
    }
}

fn render_dialog(
    dialog: &Dialog,
    tr: &traject::Traject,
    view: &View,
    frame: &mut Frame,
    area: Rect,
) {
    let t = view.theme;
    let picker = |title: &str, items: Vec<&str>, choice: usize| {
        let height = usize::from(area.height.saturating_sub(2)).max(1);
        let first = super::list::visible_offset(choice, 0, height);
        let lines: Vec<Line> = items
            .iter()
            .enumerate()
            .skip(first)
            .take(height)
            .map(|(i, s)| {
                if i == choice {
                    Line::styled(format!("> {s}"), t.selected())
                } else {
                    Line::raw(format!("  {s}"))
                }
            })
            .collect();
        (title.to_string(), lines)
    };
    let (title, lines) = match dialog {
        Dialog::Kind { choice } => picker(
            " Welke stap? (Enter kiest, Esc annuleert) ",
            crate::app::traject::picker_labels(),
            *choice,
        ),
        Dialog::Choice { kind, choice } => picker(
            &format!(" {}: welke soort? ", kind.label()),
            kind.choices(),
            *choice,
        ),
        Dialog::Date {
            target,
            input,
            error,
        } => {
            let what = match target {
                Target::EersteGesprek => crate::app::traject::EERSTE_GESPREK.to_string(),
                Target::Record { kind, choice } => {
                    let c = kind.choices();
                    match c.get(*choice) {
                        Some(s) => format!("{}: {s}", kind.label()),
                        None => kind.label().to_string(),
                    }
                }
                Target::Correct(slot) => format!("{} corrigeren", slot.label(tr)),
            };
            let mut lines = vec![
                Line::raw(what),
                Line::from(vec![
                    Span::styled("Datum: ", t.dim()),
                    Span::styled(input.with_caret(), t.selected()),
                ]),
                Line::styled("bijv. 2-11-2026, 2026-11-02 of vandaag", t.dim()),
            ];
            if matches!(target, Target::Correct(_)) {
                lines.push(Line::styled("Leeg laten wist de stap.", t.dim()));
            }
            if let Some(e) = error {
                lines.push(Line::styled(format!("⚠ {e}"), t.error()));
            }
            (" Stap vastleggen ".to_string(), lines)
        }
        Dialog::Vtlb { input, error } => {
            let mut lines = vec![
                Line::raw(crate::app::traject::VTLB),
                Line::from(vec![
                    Span::styled("Bedrag: € ", t.dim()),
                    Span::styled(input.with_caret(), t.selected()),
                ]),
                Line::styled(
                    "Het in het traject vastgestelde Vtlb (niet het indicatieve). Leeg wist het.",
                    t.dim(),
                ),
            ];
            if let Some(e) = error {
                lines.push(Line::styled(format!("⚠ {e}"), t.error()));
            }
            (" Vtlb vastleggen ".to_string(), lines)
        }
        Dialog::Client(form) => {
            let text = |input: &crate::app::text::LineInput, i: usize| {
                if form.focus == i {
                    input.with_caret()
                } else {
                    input.text().to_string()
                }
            };
            let geslacht = form.geslacht.map_or("—", |g| g.id()).to_string();
            let values = [
                format!("{geslacht}  (m, v of o)"),
                text(&form.postcode, 1),
                text(&form.huisnummer, 2),
                text(&form.toevoeging, 3),
            ];
            let mut lines = super::labelled_fields(&ClientForm::LABELS, values, form.focus, 12, &t);
            lines.push(Line::styled(
                "Nodig als er geen BSN is; de BSN wijzigt u niet hier.",
                t.dim(),
            ));
            if let Some(e) = &form.error {
                lines.push(Line::styled(format!("⚠ {e}"), t.error()));
            }
            (" Gegevens voor CBS ".to_string(), lines)
        }
    };
    // An error line may wrap: room for it twice.
    let has_error = matches!(dialog, Dialog::Date { error: Some(_), .. })
        || matches!(dialog, Dialog::Client(f) if f.error.is_some())
        || matches!(dialog, Dialog::Vtlb { error: Some(_), .. });
    let rows = lines.len() + 2 + usize::from(has_error) * 2;
    let popup = super::popup(area, 72, rows);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::new().borders(Borders::ALL).title(title)),
        popup,
    );
}
