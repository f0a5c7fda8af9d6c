//! Answering a checklist: a cursor on the asked items, an editor per item type, and every
//! confirmed answer saved at once (with its history event) before the cursor moves on.

use super::field_error::FieldError;
use super::text::{InputOp, LineInput};
use super::{Action, Effect, Screen, State};
use crate::domain::answers::Value;
use crate::domain::case::{Case, Cursor};
use crate::domain::checklist::{Checklist, Item, ItemType};
use crate::domain::history::Change;
use crate::domain::input::{parse_date_in, parse_int, parse_money};
use crate::keymap::Command;
use chrono::NaiveDate;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChecklistState {
    pub checklist: String,
    /// The item under the cursor (by id, so it survives items appearing and disappearing).
    pub item: String,
    pub editor: Option<Editor>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Editor {
    /// Typed answers: text, amount, date, whole number. The error stays until the next edit.
    Line {
        input: LineInput,
        error: Option<String>,
    },
    /// Choosing: yes/no, an option, several options, a score.
    Pick {
        options: Vec<(String, String)>,
        cursor: usize,
        /// For multi-select: which options are ticked.
        ticked: Option<Vec<bool>>,
        typed: String,
    },
}

impl Editor {
    pub fn is_line(&self) -> bool {
        matches!(self, Editor::Line { .. })
    }
}

/// Items that are asked now (conditions applied), in checklist order.
pub fn asked<'a>(checklist: &'a Checklist, case: &Case) -> Vec<&'a Item> {
    checklist
        .items()
        .filter(|i| i.is_asked(&case.answers))
        .collect()
}

/// Whether an item's answer comes from the debt list (then it is shown, not edited).
pub fn is_derived(item: &Item, case: &Case) -> bool {
    item.derived_from_debts && !case.debts.is_empty()
}

/// An item, the item it repeats, and how the repeated item's options map onto its own.
type Repeated = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// Questions that one checklist asks again of another: the item, the item it repeats, and how
/// the repeated item's options map onto its own. The earlier answer is offered as a suggestion
/// (shown, never counted as an answer) until the screener confirms it with one key.
const SUGGESTED_FROM: &[Repeated] = &[(
    "bewind.eerder_lichter",
    "eerder.budgetbeheer",
    &[
        ("nee", "geen"),
        ("geslaagd", "geslaagd"),
        ("mislukt", "mislukt"),
    ],
)];

/// The suggested answer for an unanswered item, and the item it comes from.
pub fn suggestion(item: &Item, case: &Case) -> Option<(Value, &'static str)> {
    if case.answers.value(&item.id).is_some() {
        return None;
    }
    let (_, source, map) = SUGGESTED_FROM.iter().find(|(id, ..)| *id == item.id)?;
    let given = case.answers.value(source)?.as_choice()?;
    let (_, ours) = map.iter().find(|(from, _)| *from == given)?;
    Some((Value::Choice((*ours).to_string()), source))
}

/// Opens a checklist at the remembered item (or its first item).
pub fn enter(state: &mut State, checklist_id: &str) {
    let Some(open) = state.open.as_mut() else {
        return;
    };
    let Some(checklist) = state.env.checklists.get(checklist_id) else {
        return;
    };
    let remembered = open
        .case
        .cursor
        .as_ref()
        .filter(|c| c.checklist == checklist_id)
        .map(|c| c.item.clone());
    let first = checklist
        .items()
        .next()
        .map(|i| i.id.clone())
        .unwrap_or_default();
    open.checklist = ChecklistState {
        checklist: checklist_id.to_string(),
        item: remembered.unwrap_or(first),
        editor: None,
    };
    state.go(Screen::Checklist);
}

/// Shows a stored value the way a person would type it back in.
pub fn value_for_input(value: &Value) -> String {
    match value {
        Value::Eur(d) => crate::domain::money::to_display(*d)
            .trim_start_matches("€ ")
            .to_string(),
        Value::Date(d) => d.format("%d-%m-%Y").to_string(),
        Value::Int(n) => n.to_string(),
        Value::Text(t) => t.clone(),
        Value::Score(s) => s.to_string(),
        Value::Bool(b) => if *b { "ja" } else { "nee" }.to_string(),
        Value::Choice(c) => c.clone(),
        Value::Multi(m) => m.join(", "),
    }
}

fn editor_for(item: &Item, current: Option<&Value>, anchors: &[String]) -> Editor {
    let pick = |options: Vec<(String, String)>, selected: Option<&str>| {
        let cursor = selected
            .and_then(|s| options.iter().position(|(id, _)| id == s))
            .unwrap_or(0);
        Editor::Pick {
            options,
            cursor,
            ticked: None,
            typed: String::new(),
        }
    };
    match item.kind {
        ItemType::Bool => pick(
            vec![("ja".into(), "Ja".into()), ("nee".into(), "Nee".into())],
            current
                .and_then(Value::as_bool)
                .map(|b| if b { "ja" } else { "nee" }),
        ),
        ItemType::Choice => pick(
            item.options
                .iter()
                .map(|o| (o.id.clone(), o.label.clone()))
                .collect(),
            current.and_then(Value::as_choice),
        ),
        ItemType::Score => {
            let options = (1..=5u8)
                .map(|s| {
                    let anchor = anchors.get(usize::from(s) - 1).cloned().unwrap_or_default();
                    (s.to_string(), anchor)
                })
                .collect();
            let sel = current.and_then(Value::as_score).map(|s| s.to_string());
            pick(options, sel.as_deref())
        }
        ItemType::Multi => {
            let options: Vec<(String, String)> = item
                .options
                .iter()
                .map(|o| (o.id.clone(), o.label.clone()))
                .collect();
            let chosen = current.and_then(Value::as_multi).unwrap_or(&[]);
            let ticked = options.iter().map(|(id, _)| chosen.contains(id)).collect();
            Editor::Pick {
                options,
                cursor: 0,
                ticked: Some(ticked),
                typed: String::new(),
            }
        }
        ItemType::Eur | ItemType::Date | ItemType::Int | ItemType::Text => Editor::Line {
            input: LineInput::prefilled(&current.map(value_for_input).unwrap_or_default()),
            error: None,
        },
    }
}

/// Parses what was typed or picked into a value for the item, or a Dutch error.
pub fn parse_editor(
    item: &Item,
    editor: &Editor,
    today: NaiveDate,
    calendar: &crate::domain::calendar::Calendar,
) -> Result<Option<Value>, FieldError> {
    let value = match editor {
        Editor::Line { input, .. } => {
            let text = input.text().trim();
            if text.is_empty() && item.kind != ItemType::Text {
                return Err(FieldError::EmptyAnswer);
            }
            match item.kind {
                ItemType::Eur => Value::Eur(parse_money(text)?),
                ItemType::Date => Value::Date(parse_date_in(text, today, calendar)?),
                ItemType::Int => Value::Int(parse_int(text)?),
                _ => {
                    if text.is_empty() {
                        return Ok(None);
                    }
                    Value::Text(text.to_string())
                }
            }
        }
        Editor::Pick {
            options,
            cursor,
            ticked,
            ..
        } => {
            let id = options
                .get(*cursor)
                .map(|(id, _)| id.as_str())
                .unwrap_or("");
            match (item.kind, ticked) {
                (ItemType::Bool, _) => Value::Bool(id == "ja"),
                (ItemType::Score, _) => Value::Score(id.parse().map_err(|_| FieldError::NoScore)?),
                (ItemType::Multi, Some(t)) => {
                    let chosen: Vec<String> = options
                        .iter()
                        .zip(t)
                        .filter(|(_, on)| **on)
                        .map(|((id, _), _)| id.clone())
                        .collect();
                    // Nothing ticked means nothing chosen: the question is unanswered.
                    if chosen.is_empty() {
                        return Ok(None);
                    }
                    Value::Multi(chosen)
                }
                _ => Value::Choice(id.to_string()),
            }
        }
    };
    item.check(&value)?;
    Ok(Some(value))
}

fn pick_char(editor: &mut Editor, c: char) -> bool {
    let Editor::Pick {
        options,
        cursor,
        ticked,
        typed,
    } = editor
    else {
        return false;
    };
    // Space ticks in a multi-select; in a single choice it is part of the label being typed
    // ("paar m" finds "Paar met kinderen").
    if c == ' '
        && let Some(t) = ticked.as_mut()
    {
        let now = !t[*cursor];
        t[*cursor] = now;
        return false;
    }
    // A digit on a score picks that score at once.
    if options
        .iter()
        .all(|(id, _)| id.len() == 1 && id.chars().all(|ch| ch.is_ascii_digit()))
    {
        if let Some(pos) = options.iter().position(|(id, _)| id.starts_with(c)) {
            *cursor = pos;
            return true;
        }
        return false;
    }
    typed.push(c.to_ascii_lowercase());
    let find = |prefix: &str| {
        options.iter().position(|(id, label)| {
            label.to_lowercase().starts_with(prefix) || id.starts_with(prefix)
        })
    };
    match find(typed) {
        Some(pos) => *cursor = pos,
        None => {
            *typed = c.to_ascii_lowercase().to_string();
            if let Some(pos) = find(typed) {
                *cursor = pos;
            }
        }
    }
    false
}

/// Multi-select: "geen" (an exclusive option) clears the others, and the others clear it.
fn enforce_exclusive(item: &Item, editor: &mut Editor, toggled: usize) {
    let Editor::Pick {
        options,
        ticked: Some(t),
        ..
    } = editor
    else {
        return;
    };
    if !t[toggled] {
        return;
    }
    let is_ex = |i: usize| item.exclusive.contains(&options[i].0);
    let toggled_is_ex = is_ex(toggled);
    for (i, on) in t.iter_mut().enumerate() {
        if i != toggled && (toggled_is_ex || is_ex(i)) {
            *on = false;
        }
    }
}

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let today = state.env.today;
    let calendar = state.env.calendar();
    let Some(open) = state.open.as_mut() else {
        state.go_back();
        return Vec::new();
    };
    let Some(checklist) = state.env.checklists.get(&open.checklist.checklist) else {
        state.go_back();
        return Vec::new();
    };
    let items = asked(checklist, &open.case);
    let pos = items
        .iter()
        .position(|i| i.id == open.checklist.item)
        .unwrap_or(0);
    let Some(item) = items.get(pos).copied() else {
        if matches!(action, Action::Cmd(Command::Back) | Action::Cancel) {
            state.go_back();
        }
        return Vec::new();
    };

    if let Some(editor) = open.checklist.editor.as_mut() {
        let confirm = match (action, &mut *editor) {
            (Action::Cancel, _) => {
                open.checklist.editor = None;
                return Vec::new();
            }
            (Action::Confirm, _) => true,
            (Action::Input(op), Editor::Line { input, error }) => {
                input.apply(op);
                *error = None;
                false
            }
            (Action::Input(InputOp::Insert(c)) | Action::Char(c), e @ Editor::Pick { .. }) => {
                let cursor_before = match e {
                    Editor::Pick { cursor, .. } => *cursor,
                    Editor::Line { .. } => 0,
                };
                let done = pick_char(e, c);
                if c == ' ' {
                    enforce_exclusive(item, e, cursor_before);
                }
                done
            }
            (
                Action::Cmd(cmd @ (Command::Up | Command::Down | Command::Top | Command::Bottom)),
                Editor::Pick {
                    options,
                    cursor,
                    typed,
                    ..
                },
            ) => {
                *cursor = super::move_cursor(*cursor, options.len(), cmd, 5);
                typed.clear();
                false
            }
            (Action::Cmd(Command::Back), _) => {
                open.checklist.editor = None;
                return Vec::new();
            }
            _ => false,
        };
        if !confirm {
            return Vec::new();
        }
        return match parse_editor(item, editor, today, &calendar) {
            Ok(value) => {
                open.checklist.editor = None;
                let effects = set_answer(state, &item.id.clone(), value);
                advance(state);
                effects
            }
            Err(e) => {
                if let Editor::Line { error, .. } = editor {
                    *error = Some(e.to_string());
                }
                state.error(format!("Niet opgeslagen: {e}"));
                Vec::new()
            }
        };
    }

    match action {
        Action::Cmd(Command::Back) | Action::Cancel => {
            remember_cursor(state);
            state.go_back();
            return vec![Effect::Save {
                changes: Vec::new(),
            }];
        }
        Action::Cmd(Command::Edit) | Action::Confirm => {
            if is_derived(item, &open.case) {
                state.info("Dit antwoord volgt uit de schuldenlijst; wijzig de schulden daar");
            } else {
                // A suggestion puts the picker on the suggested option.
                let suggested = suggestion(item, &open.case).map(|(v, _)| v);
                let current = open
                    .case
                    .answers
                    .get(&checklist.id, &item.id)
                    .or(suggested.as_ref());
                open.checklist.editor = Some(editor_for(item, current, &checklist.score_anchors));
            }
        }
        Action::Cmd(Command::Withdraw) => {
            let id = checklist.id.clone();
            if super::confirm::withdrawable(&open.case, &id) {
                let name = super::confirm::checklist_name(&id).to_string();
                super::confirm::ask(
                    state,
                    format!("Vragenlijst {name} intrekken?"),
                    super::confirm::Pending::WithdrawChecklist(id),
                );
            } else {
                state.error("Alleen een vragenlijst zonder antwoorden kan worden ingetrokken");
            }
        }
        Action::Cmd(Command::Clear) => {
            if is_derived(item, &open.case) {
                state.info("Dit antwoord volgt uit de schuldenlijst; wijzig de schulden daar");
            } else if open.case.answers.get(&checklist.id, &item.id).is_some() {
                return set_answer(state, &item.id.clone(), None);
            }
        }
        Action::Cmd(Command::NextMissing) => {
            let missing = |i: &&&Item| {
                i.is_required(&open.case.answers)
                    && open.case.answers.get(&checklist.id, &i.id).is_none()
                    && !is_derived(i, &open.case)
            };
            let next = items[pos + 1..]
                .iter()
                .chain(items[..=pos].iter())
                .find(missing);
            match next {
                Some(i) => open.checklist.item = i.id.clone(),
                None => state.info("Alle verplichte vragen van deze lijst zijn beantwoord"),
            }
        }
        Action::Cmd(cmd @ (Command::NextSection | Command::PrevSection)) => {
            let sec_of = |id: &str| {
                checklist
                    .sections
                    .iter()
                    .position(|s| s.items.iter().any(|i| i.id == id))
                    .unwrap_or(0)
            };
            let current = sec_of(&item.id);
            let target = if cmd == Command::NextSection {
                items.iter().find(|i| sec_of(&i.id) > current)
            } else {
                items
                    .iter()
                    .find(|i| current > 0 && sec_of(&i.id) == current - 1)
                    .or_else(|| items.first())
            };
            if let Some(t) = target {
                open.checklist.item = t.id.clone();
            }
        }
        // ja/nee with one key: j or n answers and moves on.
        Action::Char(c @ ('j' | 'n'))
            if item.kind == ItemType::Bool && !is_derived(item, &open.case) =>
        {
            let effects = set_answer(state, &item.id.clone(), Some(Value::Bool(c == 'j')));
            advance(state);
            return effects;
        }
        // j takes over a suggested answer (one key) and moves on.
        Action::Char('j') if suggestion(item, &open.case).is_some() => {
            let value = suggestion(item, &open.case).map(|(v, _)| v);
            let effects = set_answer(state, &item.id.clone(), value);
            advance(state);
            return effects;
        }
        // Elsewhere j still moves down (it is not in the checklist's key table, so j/n can answer).
        Action::Char('j') => {
            let new = super::move_cursor(pos, items.len(), Command::Down, 10);
            if let Some(i) = items.get(new) {
                open.checklist.item = i.id.clone();
            }
        }
        // Quick scoring: a digit on a score item answers it directly.
        Action::Char(c) | Action::Input(InputOp::Insert(c))
            if item.kind == ItemType::Score && ('1'..='5').contains(&c) =>
        {
            let score = c as u8 - b'0';
            let effects = set_answer(state, &item.id.clone(), Some(Value::Score(score)));
            advance(state);
            return effects;
        }
        Action::Cmd(cmd) => {
            let new = super::move_cursor(pos, items.len(), cmd, 10);
            if let Some(i) = items.get(new) {
                open.checklist.item = i.id.clone();
            }
        }
        _ => {}
    }
    Vec::new()
}

fn remember_cursor(state: &mut State) {
    if let Some(open) = state.open.as_mut() {
        open.case.cursor = Some(Cursor {
            checklist: open.checklist.checklist.clone(),
            item: open.checklist.item.clone(),
        });
    }
}

/// Moves the cursor to the next asked item (after an answer, conditions may have changed).
fn advance(state: &mut State) {
    let Some(open) = state.open.as_mut() else {
        return;
    };
    let Some(checklist) = state.env.checklists.get(&open.checklist.checklist) else {
        return;
    };
    let order: Vec<&str> = checklist.items().map(|i| i.id.as_str()).collect();
    let here = order
        .iter()
        .position(|id| *id == open.checklist.item)
        .unwrap_or(0);
    if let Some(next) = checklist
        .items()
        .skip(here + 1)
        .find(|i| i.is_asked(&open.case.answers))
    {
        open.checklist.item = next.id.clone();
    }
    open.case.cursor = Some(Cursor {
        checklist: open.checklist.checklist.clone(),
        item: open.checklist.item.clone(),
    });
}

/// Sets (or clears) an answer on the open case, records old → new, and asks for a save.
fn set_answer(state: &mut State, item_id: &str, value: Option<Value>) -> Vec<Effect> {
    let Some(open) = state.open.as_mut() else {
        return Vec::new();
    };
    let checklist_id = open.checklist.checklist.clone();
    let version = state
        .env
        .checklists
        .get(&checklist_id)
        .map_or(1, |c| c.version);
    let old = open.case.answers.get(&checklist_id, item_id).cloned();
    if old == value {
        return Vec::new();
    }
    open.case
        .answers
        .set(&checklist_id, item_id, value.clone(), version);
    open.case.cursor = Some(Cursor {
        checklist: checklist_id.clone(),
        item: item_id.to_string(),
    });
    vec![Effect::Save {
        changes: vec![Change::Answer {
            checklist: checklist_id,
            item: item_id.to_string(),
            old,
            new: value,
            checklist_version: version,
        }],
    }]
}
