//! The debt list: add, edit, remove. When non-empty it supplies schulden.totaal and
//! schulden.schuldeisers.

use super::field_error::FieldError;
use super::text::{InputOp, LineInput};
use super::{Action, Effect, State, move_cursor};
use crate::domain::case::{Debt, DebtCategory};
use crate::domain::history::Change;
use crate::domain::input::parse_money;
use crate::keymap::Command;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DebtsState {
    pub cursor: usize,
    pub form: Option<DebtForm>,
    /// The debt that the next delete press removes (the first press only asks).
    pub confirm_delete: Option<usize>,
}

/// The fields of one debt while it is being added or edited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DebtForm {
    /// The debt being edited (None: a new one).
    pub editing: Option<usize>,
    pub creditor: LineInput,
    pub category: DebtCategory,
    pub amount: LineInput,
    pub collector: bool,
    pub garnishment: bool,
    /// The DDAS additions of the debt, kept unchanged through an edit.
    pub ddas: crate::domain::case::DebtDdas,
    pub focus: usize,
    pub error: Option<String>,
}

impl DebtForm {
    pub const LABELS: [&'static str; 5] = [
        "Schuldeiser",
        "Soort (n/p/z/o)",
        "Bedrag",
        "Deurwaarder (j/n)",
        "Beslag (j/n)",
    ];

    fn new(editing: Option<usize>, debt: Option<&Debt>) -> DebtForm {
        DebtForm {
            editing,
            creditor: LineInput::prefilled(debt.map_or("", |d| d.creditor.as_str())),
            category: debt.map_or(DebtCategory::Overig, |d| d.category),
            amount: LineInput::prefilled(
                &debt
                    .map(|d| {
                        crate::domain::money::to_display(d.amount)
                            .trim_start_matches("€ ")
                            .to_string()
                    })
                    .unwrap_or_default(),
            ),
            collector: debt.is_some_and(|d| d.collector),
            garnishment: debt.is_some_and(|d| d.garnishment),
            ddas: debt.map(|d| d.ddas.clone()).unwrap_or_default(),
            focus: 0,
            error: None,
        }
    }

    fn to_debt(&self) -> Result<Debt, FieldError> {
        let creditor = self.creditor.text().trim();
        if creditor.is_empty() {
            return Err(FieldError::NoCreditor);
        }
        let amount = parse_money(self.amount.text())?;
        Ok(Debt {
            creditor: creditor.to_string(),
            category: self.category,
            amount,
            collector: self.collector,
            garnishment: self.garnishment,
            ddas: self.ddas.clone(),
        })
    }

    fn type_char(&mut self, c: char) {
        let yes_no = |c: char, current: bool| match c.to_ascii_lowercase() {
            'j' | 'y' => true,
            'n' => false,
            ' ' => !current,
            _ => current,
        };
        match self.focus {
            1 => {
                let by_letter = DebtCategory::ALL
                    .into_iter()
                    .find(|cat| cat.id().starts_with(c.to_ascii_lowercase()));
                self.category = match (c, by_letter) {
                    (' ', _) => {
                        let i = DebtCategory::ALL
                            .iter()
                            .position(|x| *x == self.category)
                            .unwrap_or(0);
                        DebtCategory::ALL[(i + 1) % DebtCategory::ALL.len()]
                    }
                    (_, Some(cat)) => cat,
                    (_, None) => self.category,
                };
            }
            3 => self.collector = yes_no(c, self.collector),
            4 => self.garnishment = yes_no(c, self.garnishment),
            _ => {}
        }
    }
}

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(open) = state.open.as_mut() else {
        state.go_back();
        return Vec::new();
    };
    let debts_len = open.case.debts.len();
    if let Some(form) = open.debts.form.as_mut() {
        match action {
            Action::Cancel | Action::Cmd(Command::Back) => open.debts.form = None,
            Action::Cmd(Command::Down | Command::NextField) => form.focus = (form.focus + 1).min(4),
            Action::Cmd(Command::Up | Command::PrevField) => {
                form.focus = form.focus.saturating_sub(1)
            }
            Action::Input(op) => {
                form.error = None;
                match (form.focus, op) {
                    (0, op) => form.creditor.apply(op),
                    (2, op) => form.amount.apply(op),
                    (_, InputOp::Insert(c)) => form.type_char(c),
                    _ => {}
                }
            }
            Action::Confirm if form.focus < 4 => form.focus += 1,
            Action::Confirm | Action::Cmd(Command::Save) => match form.to_debt() {
                Ok(debt) => {
                    // Typed A4 totals give way to the list: say so and ask first.
                    if form.editing.is_none()
                        && open.case.debts.is_empty()
                        && let Some(totals) = typed_totals(&open.case)
                    {
                        let question =
                            format!("Eerste schuld vervangt de A4-totalen ({totals}). Doorgaan?");
                        super::confirm::ask(
                            state,
                            question,
                            super::confirm::Pending::FirstDebt(Box::new(debt)),
                        );
                        return Vec::new();
                    }
                    let change = match form.editing.and_then(|i| open.case.debts.get_mut(i)) {
                        Some(slot) => {
                            let old = std::mem::replace(slot, debt.clone());
                            if old == debt {
                                open.debts.form = None;
                                return Vec::new();
                            }
                            Change::DebtChanged { old, new: debt }
                        }
                        None => {
                            // Entered at the counter today: that is when it was established (DDAS peildatum).
                            let mut debt = debt;
                            debt.ddas.peildatum.get_or_insert(state.env.today);
                            open.case.debts.push(debt.clone());
                            open.debts.cursor = open.case.debts.len() - 1;
                            Change::DebtAdded { debt }
                        }
                    };
                    open.debts.form = None;
                    return vec![Effect::Save {
                        changes: vec![change],
                    }];
                }
                Err(e) => {
                    form.error = Some(e.to_string());
                    state.error(format!("Niet opgeslagen: {e}"));
                }
            },
            _ => {}
        }
        return Vec::new();
    }
    if !matches!(action, Action::Cmd(Command::Delete)) {
        open.debts.confirm_delete = None;
    }
    match action {
        Action::Cmd(Command::Back) | Action::Cancel => state.go_back(),
        Action::Cmd(Command::Add) => open.debts.form = Some(DebtForm::new(None, None)),
        Action::Cmd(Command::Edit) | Action::Confirm => {
            if let Some(d) = open.case.debts.get(open.debts.cursor) {
                open.debts.form = Some(DebtForm::new(Some(open.debts.cursor), Some(d)));
            }
        }
        Action::Cmd(Command::Delete)
            if open.debts.cursor < debts_len
                && open.debts.confirm_delete != Some(open.debts.cursor) =>
        {
            open.debts.confirm_delete = Some(open.debts.cursor);
            let creditor = open.case.debts[open.debts.cursor].creditor.clone();
            state.error(format!(
                "Druk nogmaals om de schuld bij {creditor} te verwijderen"
            ));
            return Vec::new();
        }
        Action::Cmd(Command::Delete) if open.debts.cursor < debts_len => {
            open.debts.confirm_delete = None;
            let debt = open.case.debts.remove(open.debts.cursor);
            open.debts.cursor = open
                .debts
                .cursor
                .min(open.case.debts.len().saturating_sub(1));
            state.info(format!("Schuld bij {} verwijderd", debt.creditor));
            return vec![Effect::Save {
                changes: vec![Change::DebtRemoved { debt }],
            }];
        }
        Action::Cmd(cmd) => open.debts.cursor = move_cursor(open.debts.cursor, debts_len, cmd, 10),
        _ => {}
    }
    Vec::new()
}

/// The A4 totals typed by hand (before any debt was listed), as the question shows them.
fn typed_totals(case: &crate::domain::case::Case) -> Option<String> {
    use crate::domain::answers::Value;
    let sh = crate::domain::checklist::SCHULDHULP;
    let total = case.answers.get(sh, "schulden.totaal");
    let creditors = case.answers.get(sh, "schulden.schuldeisers");
    let mut parts = Vec::new();
    if let Some(Value::Eur(t)) = total {
        parts.push(crate::domain::money::to_display(*t));
    }
    if let Some(Value::Int(n)) = creditors {
        parts.push(format!("{n} schuldeisers"));
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}
