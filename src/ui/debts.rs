//! The debt list with totals per category, and the add/edit form.

use super::View;
use crate::app::State;
use crate::app::debts::DebtForm;
use crate::domain::case::{DebtCategory, debt_totals};
use crate::domain::money;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};

pub fn render(state: &State, view: &View, frame: &mut Frame, area: Rect) {
    let Some(open) = &state.open else {
        return;
    };
    let t = view.theme;
    let debts = &open.case.debts;
    let form_height = if open.debts.form.is_some() { 8 } else { 0 };
    let [table_area, totals_area, form_area] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(2),
        Constraint::Length(form_height),
    ])
    .areas(area);
    let yes = |b: bool| if b { "ja" } else { "nee" };
    let height = usize::from(table_area.height.saturating_sub(1)).max(1);
    let first = super::list::visible_offset(open.debts.cursor, 0, height);
    let rows = debts
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, d)| {
            let row = Row::new(vec![
                Cell::from(d.creditor.clone()),
                Cell::from(d.category.id()),
                Cell::from(Line::from(money::to_display(d.amount)).right_aligned()),
                Cell::from(yes(d.collector)),
                Cell::from(yes(d.garnishment)),
            ]);
            if i == open.debts.cursor {
                row.style(t.selected())
            } else {
                row
            }
        });
    let table = Table::new(
        rows,
        [
            Constraint::Min(16),
            Constraint::Length(8),
            Constraint::Length(14),
            Constraint::Length(11),
            Constraint::Length(7),
        ],
    )
    .header(Row::new(["Schuldeiser", "Soort", "Bedrag", "Deurwaarder", "Beslag"]).style(t.title()));
    if debts.is_empty() {
        frame.render_widget(
            Paragraph::new("Nog geen schulden vastgelegd. Zolang de lijst leeg is, worden totaal en aantal schuldeisers in de vragenlijst ingevuld.")
                .wrap(ratatui::widgets::Wrap { trim: true }),
            table_area,
        );
    } else {
        frame.render_widget(table, table_area);
    }
    let totals = debt_totals(debts);
    let per_cat: Vec<String> = DebtCategory::ALL
        .iter()
        .map(|c| {
            let sum: rust_decimal::Decimal = debts
                .iter()
                .filter(|d| d.category == *c)
                .map(|d| d.amount)
                .sum();
            format!("{} {}", c.id(), money::to_display(sum))
        })
        .collect();
    let summary = match totals {
        Some(tot) => format!(
            "Totaal {} bij {} schuldeiser(s) · {}",
            money::to_display(tot.total),
            tot.creditors,
            per_cat.join(" · ")
        ),
        None => String::new(),
    };
    frame.render_widget(
        Paragraph::new(Span::styled(summary, t.bold())).block(Block::new().borders(Borders::TOP)),
        totals_area,
    );
    if let Some(form) = &open.debts.form {
        render_form(form, view, frame, form_area);
    }
}

fn render_form(form: &DebtForm, view: &View, frame: &mut Frame, area: Rect) {
    let t = view.theme;
    let yes = |b: bool| if b { "ja" } else { "nee" };
    let text = |input: &crate::app::text::LineInput, i: usize| {
        if form.focus == i {
            input.with_caret()
        } else {
            input.text().to_string()
        }
    };
    let values = [
        text(&form.creditor, 0),
        form.category.id().to_string(),
        text(&form.amount, 2),
        yes(form.collector).to_string(),
        yes(form.garnishment).to_string(),
    ];
    let mut lines = super::labelled_fields(&DebtForm::LABELS, values, form.focus, 20, &t);
    if let Some(e) = &form.error {
        lines.push(Line::styled(format!("⚠ {e}"), t.error()));
    }
    let title = if form.editing.is_some() {
        " Schuld wijzigen "
    } else {
        " Schuld toevoegen "
    };
    frame.render_widget(
        Paragraph::new(lines).block(Block::new().borders(Borders::TOP).title(title)),
        area,
    );
}
