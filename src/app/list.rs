//! The case list: every case, most recently changed first, filtered as you type.

use super::text::{InputOp, LineInput};
use super::{Action, Effect, Screen, State, move_cursor};
use crate::domain::summary::Summary;
use crate::keymap::Command;
use crate::store::CaseKey;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};

pub struct Row {
    pub key: CaseKey,
    pub summary: Summary,
    /// "name case_id", prepared once for the fuzzy filter (already in the matcher's form, so a
    /// keystroke converts nothing).
    haystack: Utf32String,
}

impl Row {
    pub fn new(key: CaseKey, summary: Summary) -> Row {
        let mut text = String::with_capacity(summary.name.len() + 1 + summary.case_id.len());
        text.push_str(&summary.name);
        text.push(' ');
        text.push_str(&summary.case_id);
        let haystack = Utf32String::from(text);
        Row {
            key,
            summary,
            haystack,
        }
    }
}

pub struct ListState {
    /// All rows, most recently changed first.
    pub rows: Vec<Row>,
    /// Indices into `rows` that pass the filter, in display order.
    pub visible: Vec<usize>,
    pub cursor: usize,
    pub offset: usize,
    pub searching: bool,
    pub query: LineInput,
    matcher: Matcher,
    /// The query `visible` was last filtered with, while it is a plain (extendable) query.
    last_query: Option<String>,
    /// Only these cases ("mijn zaken": assigned to this person), or every case.
    pub only: Option<std::collections::HashSet<CaseKey>>,
    /// Whether a restricted case is found by its name (else by its case number only).
    names_of_restricted: bool,
}

impl ListState {
    pub fn new(summaries: Vec<(CaseKey, Summary)>) -> ListState {
        // Removed cases stay in the store (and its history), not in the lists.
        let mut summaries = summaries;
        summaries.retain(|(_, s)| s.status != crate::domain::case::Status::Verwijderd);
        // Sort small (time, key, index) triples and move each row once into place: sorting the
        // rows themselves moves every large row some seventeen times at 100k cases.
        let mut order: Vec<_> = summaries
            .iter()
            .enumerate()
            .map(|(i, (k, s))| (s.updated_at, *k, i))
            .collect();
        order.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let mut slots: Vec<Option<(CaseKey, Summary)>> = summaries.into_iter().map(Some).collect();
        let rows: Vec<Row> = order
            .into_iter()
            .filter_map(|(_, _, i)| slots[i].take())
            .map(|(k, s)| Row::new(k, s))
            .collect();
        let mut list = ListState {
            visible: (0..rows.len()).collect(),
            rows,
            cursor: 0,
            offset: 0,
            searching: false,
            query: LineInput::default(),
            matcher: Matcher::new(Config::DEFAULT),
            last_query: None,
            only: None,
            names_of_restricted: true,
        };
        list.refilter();
        list
    }

    /// Whether a restricted case may be found by its name (see `rights::shows_name`).
    pub fn set_names_of_restricted(&mut self, shown: bool) {
        self.names_of_restricted = shown;
        self.last_query = None;
        self.refilter();
    }

    pub fn selected(&self) -> Option<&Row> {
        self.visible.get(self.cursor).map(|&i| &self.rows[i])
    }

    /// Puts a saved case's summary at the top (it is now the most recently changed) and selects
    /// it, so going back to the list lands on the case just worked on.
    pub fn upsert(&mut self, key: CaseKey, summary: Summary) {
        if let Some(pos) = self.rows.iter().position(|r| r.key == key) {
            self.rows.remove(pos);
        }
        if summary.status != crate::domain::case::Status::Verwijderd {
            self.rows.insert(0, Row::new(key, summary));
        }
        self.last_query = None;
        self.refilter();
        if let Some(pos) = self.visible.iter().position(|&i| self.rows[i].key == key) {
            self.cursor = pos;
        }
    }

    /// Drops a case that left the store (destroyed); the selection stays where it was.
    pub fn remove(&mut self, key: CaseKey) {
        let selected = self.selected().map(|r| r.key);
        let before = self.rows.len();
        self.rows.retain(|r| r.key != key);
        if self.rows.len() == before {
            return;
        }
        self.last_query = None;
        self.refilter();
        if let Some(sel) = selected
            && let Some(pos) = self.visible.iter().position(|&i| self.rows[i].key == sel)
        {
            self.cursor = pos;
        }
        self.cursor = self.cursor.min(self.visible.len().saturating_sub(1));
    }

    /// Takes in a summary another desk wrote: the row is replaced in place (or a new case is
    /// added at the top) and the selection stays on the row it was on.
    pub fn upsert_elsewhere(&mut self, key: CaseKey, summary: Summary) {
        let selected = self.selected().map(|r| r.key);
        let removed = summary.status == crate::domain::case::Status::Verwijderd;
        match self.rows.iter().position(|r| r.key == key) {
            // A case removed at another desk leaves this list too.
            Some(pos) if removed => {
                self.rows.remove(pos);
            }
            Some(pos) => self.rows[pos] = Row::new(key, summary),
            None if removed => {}
            None => self.rows.insert(0, Row::new(key, summary)),
        }
        self.last_query = None;
        self.refilter();
        if let Some(sel) = selected
            && let Some(pos) = self.visible.iter().position(|&i| self.rows[i].key == sel)
        {
            self.cursor = pos;
        }
    }

    /// Recomputes `visible` from the query: all rows when empty, else fuzzy matches on name and
    /// case number, best first (ties keep the most-recent-first order).
    ///
    /// Typing narrows: when the query only grows a plain query (no `!`, `^`, `$`, `'` or `\`
    /// syntax, whose atoms can widen the result), only the rows that matched before are scored
    /// again. At 100,000 cases this makes every keystroke after the first cheap.
    pub fn refilter(&mut self) {
        let query = self.query.text().trim_start().to_string();
        if query.trim().is_empty() {
            self.visible = (0..self.rows.len()).collect();
            self.last_query = None;
        } else {
            let narrows = self
                .last_query
                .as_deref()
                .is_some_and(|last| query.starts_with(last));
            let pattern = Pattern::parse(&query, CaseMatching::Ignore, Normalization::Smart);
            let matcher = &mut self.matcher;
            let rows = &self.rows;
            let names = self.names_of_restricted;
            let mut chars = Vec::new();
            let score = |i: usize| {
                let row = &rows[i];
                let hay = if !names && row.summary.beperkt {
                    // Not to be found by a name this person may not see.
                    Utf32Str::new(&row.summary.case_id, &mut chars)
                } else {
                    row.haystack.slice(..)
                };
                pattern.score(hay, matcher).map(|s| (s, i))
            };
            let mut scored: Vec<(u32, usize)> = if narrows {
                let mut previous = std::mem::take(&mut self.visible);
                previous.sort_unstable();
                previous.into_iter().filter_map(score).collect()
            } else {
                (0..rows.len()).filter_map(score).collect()
            };
            scored.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            self.visible = scored.into_iter().map(|(_, i)| i).collect();
            self.last_query = (!query.contains(['!', '^', '$', '\'', '\\'])).then_some(query);
        }
        if let Some(only) = &self.only {
            let rows = &self.rows;
            self.visible.retain(|&i| only.contains(&rows[i].key));
        }
        self.cursor = self.cursor.min(self.visible.len().saturating_sub(1));
        self.offset = self.offset.min(self.cursor);
    }

    /// Shows only these cases (Some) or every case (None), from the top.
    pub fn show_only(&mut self, only: Option<std::collections::HashSet<CaseKey>>) {
        self.only = only;
        self.last_query = None;
        self.cursor = 0;
        self.offset = 0;
        self.refilter();
    }

    /// Keeps the cursor inside a viewport of `height` rows.
    pub fn scroll_into_view(&mut self, height: usize) {
        let h = height.max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + h {
            self.offset = self.cursor + 1 - h;
        }
    }
}

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let page = state.page_rows.saturating_sub(1).max(1);
    let effects = update_list(state, action, page);
    state.list.scroll_into_view(page);
    effects
}

fn update_list(state: &mut State, action: Action, page: usize) -> Vec<Effect> {
    let list = &mut state.list;
    if list.searching {
        match action {
            Action::Input(op) => {
                list.query.apply(op);
                list.cursor = 0;
                list.refilter();
            }
            Action::Confirm => list.searching = false,
            Action::Cancel => {
                list.searching = false;
                list.query.set("");
                list.refilter();
            }
            Action::Cmd(
                cmd @ (Command::Up | Command::Down | Command::PageUp | Command::PageDown),
            ) => {
                list.cursor = move_cursor(list.cursor, list.visible.len(), cmd, page);
            }
            _ => {}
        }
        return Vec::new();
    }
    match action {
        Action::Cmd(Command::Search) => {
            list.searching = true;
        }
        Action::Cmd(Command::NewCase) => state.go(Screen::Form),
        Action::Cmd(Command::Mine) => return vec![Effect::MyCases],
        Action::Cmd(Command::Open) | Action::Confirm => {
            if let Some(row) = list.selected() {
                return vec![Effect::Open(row.key)];
            }
        }
        Action::Cmd(Command::Back) | Action::Cancel if !list.query.text().is_empty() => {
            list.query.set("");
            list.refilter();
        }
        Action::Cmd(cmd) => {
            list.cursor = move_cursor(list.cursor, list.visible.len(), cmd, page);
        }
        Action::Input(InputOp::Insert(_)) | Action::Input(_) | Action::Char(_) => {}
        Action::Cancel | Action::Layout(_) => {}
    }
    Vec::new()
}
