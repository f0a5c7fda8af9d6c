//! Application state and the pure update function.
//!
//! Data flows one way: key → (keymap) → `Action` → `update(&mut State, Action) -> Vec<Effect>`
//! → the runner executes effects against the store and applies their results → `ui::render`.
//! `update` touches no terminal, store or clock, so it is tested directly.

pub mod case_view;
pub mod checklist;
pub mod client_edit;
pub mod clock;
pub mod confirm;
pub mod debts;
pub mod field_error;
pub mod form;
pub mod intake_report;
pub mod letter_picker;
pub mod list;
pub mod prompt;
pub mod report;
pub mod result;
pub mod rights;
pub mod summary;
pub mod termijnen;
pub mod text;
pub mod traject;

use crate::domain::case::Case;
use crate::domain::checklist::Checklists;
use crate::domain::history::{Change, Event};
use crate::domain::policy::Policy;
use crate::domain::segment::Outcome;
use crate::domain::summary::Summary;
use crate::keymap::{Command, Scope};
use crate::store::{CaseKey, Loaded, Version};
use chrono::NaiveDate;
use text::InputOp;

/// Everything fixed for a session: definitions, policy, who is working, and what day it is.
pub struct Env {
    pub checklists: Checklists,
    pub policy: Policy,
    pub user: String,
    pub today: NaiveDate,
    /// The local offset from UTC, fixed at start-up (turns decision moments into dates).
    pub offset: chrono::FixedOffset,
}

impl Env {
    /// The working-day calendar of this municipality (its policy's extra free days included).
    pub fn calendar(&self) -> crate::domain::calendar::Calendar {
        crate::domain::calendar::Calendar::new(&self.policy.extra_vrije_dagen)
    }
}

pub use crate::keymap::Screen;

/// What a key means once the keymap (or the focused field) has interpreted it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Cmd(Command),
    /// An edit to the focused text field.
    Input(InputOp),
    /// A plain character for a picker (type-ahead, score digit) or a toggle (space).
    Char(char),
    /// Enter while a field or picker has focus.
    Confirm,
    /// Esc while a field or picker has focus.
    Cancel,
    /// What the last frame could show of the scrolling texts (sent by the event loop after
    /// drawing, and on a resize), so scrolling stops at the end of a text in the state itself.
    Layout(Extents),
}

/// A scrolling text as last drawn: how many rows it takes at the current width, and how many
/// rows the screen gave it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Extent {
    pub rows: usize,
    pub visible: usize,
}

impl Extent {
    /// The furthest scroll offset: the last row of the text on the last visible row.
    pub fn max_scroll(&self) -> usize {
        self.rows.saturating_sub(self.visible)
    }

    /// The row count `move_cursor` works in: every offset from 0 to `max_scroll`.
    fn offsets(&self) -> usize {
        self.max_scroll() + 1
    }

    /// One page: the visible rows less one, so a row of context stays.
    fn page(&self) -> usize {
        self.visible.saturating_sub(1).max(1)
    }
}

/// The scrolling texts of the last frame; `None` where that text was not on screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Extents {
    pub result: Option<Extent>,
    pub help: Option<Extent>,
    pub report: Option<Extent>,
}

/// Moves a scroll offset with a navigation command within what the last frame showed (or
/// within `fallback` rows before anything was drawn).
pub fn scroll(offset: usize, extent: Option<Extent>, cmd: Command, fallback: usize) -> usize {
    match extent {
        Some(e) => move_cursor(offset, e.offsets(), cmd, e.page()),
        None => move_cursor(offset, fallback, cmd, 10),
    }
}

/// Takes in the extents of the last frame and pulls every stored offset back within them.
fn layout(state: &mut State, extents: Extents) {
    state.extents = extents;
    if let Some(e) = extents.help {
        state.help_scroll = state.help_scroll.min(e.max_scroll());
    }
    if let Some(e) = extents.report {
        state.report.scroll = state.report.scroll.min(e.max_scroll());
    }
    if let (Some(e), Some(open)) = (extents.result, state.open.as_mut()) {
        open.result.scroll = open.result.scroll.min(e.max_scroll());
    }
}

/// Work for the runner: everything that touches the store.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Store a new case (its summary is computed by the runner).
    Create {
        case: Box<Case>,
        changes: Vec<Change>,
    },
    /// Load a case and its history and open it.
    Open(CaseKey),
    /// Save the open case with the events that describe the change.
    Save { changes: Vec<Change> },
    /// Write the intake report of the open case; with `full_bsn` the BSN in full (a handover),
    /// recorded in the access log and the history once the file is written.
    ExportReport { full_bsn: bool },
    /// Record in the access log that the open case was read for this purpose (the full BSN
    /// shown on a screen).
    RecordAccess(crate::store::AccessPurpose),
    /// Make a document of the open case (PDF in the export folder) and record it.
    MakeLetter(crate::format::soort::Soort),
    /// Show only the cases assigned to this person, or every case again.
    MyCases,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Level {
    Info,
    Saved,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusLine {
    pub level: Level,
    pub text: String,
}

/// A case opened for work: the case, its history and its current (live) outcome.
pub struct OpenCase {
    pub key: CaseKey,
    /// The store's version of the case as loaded or last saved (a save names it).
    pub version: Version,
    pub case: Case,
    /// The case as the store held it at `version`: what a merge with other desks starts from.
    pub base: Case,
    pub history: Vec<Event>,
    /// Who read the case (the access log): filled for a teamleider only, shown under the
    /// history.
    pub access: Vec<crate::store::AccessEntry>,
    /// Derived from `case` by `refresh`, so screens only read them.
    pub outcome: Outcome,
    /// The answers as the engine sees them (the debt list supplies the totals).
    pub answers: crate::domain::answers::Answers,
    /// The case's deadlines with what is met.
    pub due: Vec<crate::domain::deadlines::DueItem>,
    pub view_scroll: usize,
    pub checklist: checklist::ChecklistState,
    pub debts: debts::DebtsState,
    pub result: result::ResultState,
    pub traject: traject::TrajectState,
}

impl OpenCase {
    pub fn new(key: CaseKey, loaded: Loaded, history: Vec<Event>, env: &Env) -> OpenCase {
        let Loaded { case, version } = loaded;
        let (outcome, answers, due) = derive(&case, env);
        OpenCase {
            key,
            version,
            base: case.clone(),
            case,
            history,
            access: Vec::new(),
            outcome,
            answers,
            due,
            view_scroll: 0,
            checklist: Default::default(),
            debts: Default::default(),
            result: Default::default(),
            traject: Default::default(),
        }
    }

    /// Recomputes everything derived from the case (the engine is pure and fast).
    pub fn refresh(&mut self, env: &Env) {
        (self.outcome, self.answers, self.due) = derive(&self.case, env);
    }
}

type Derived = (
    Outcome,
    crate::domain::answers::Answers,
    Vec<crate::domain::deadlines::DueItem>,
);

fn derive(case: &Case, env: &Env) -> Derived {
    let answers = case.effective_answers(env.checklists.schuldhulp.version);
    let due = summary::due(case, &answers, env);
    (summary::outcome(case, env), answers, due)
}

pub struct State {
    pub env: Env,
    pub screen: Screen,
    pub back: Vec<Screen>,
    pub list: list::ListState,
    pub form: form::FormState,
    pub open: Option<OpenCase>,
    pub termijnen: termijnen::TermijnenState,
    pub report: report::ReportState,
    pub help: bool,
    pub help_scroll: usize,
    pub privacy: bool,
    /// Quit was pressed once while typed input was open; a second press quits.
    pub quit_armed: bool,
    pub status: Option<StatusLine>,
    pub quit: bool,
    /// Rows of the main area, set by the event loop from the terminal size (paging, scrolling).
    pub page_rows: usize,
    /// The document picker on the case screen: the highlighted row while it is open.
    pub letter_picker: Option<usize>,
    /// The person's role in a team database; None: one local user with every right.
    pub role: Option<crate::domain::role::Role>,
    /// Where the store's stream of changes stood when the list was last brought up to date
    /// (other desks' changes after it are taken in by `live::poll`).
    pub live: crate::store::ChangeCursor,
    /// A question before something that ends or discards work (see [`confirm`]).
    pub confirm: Option<confirm::Confirm>,
    /// A one-line question over the case screen (a note, a removal reason).
    pub prompt: Option<prompt::Prompt>,
    /// A demonstration on example cases: the header says DEMO.
    pub demo: bool,
    /// The scrolling texts as the last frame showed them (see [`Action::Layout`]).
    pub extents: Extents,
}

impl State {
    pub fn new(env: Env, summaries: Vec<(CaseKey, Summary)>) -> State {
        let form = form::FormState::new(env.today);
        State {
            env,
            screen: Screen::List,
            back: Vec::new(),
            list: list::ListState::new(summaries),
            form,
            open: None,
            termijnen: termijnen::TermijnenState::default(),
            report: report::ReportState::default(),
            help: false,
            help_scroll: 0,
            privacy: false,
            quit_armed: false,
            status: None,
            quit: false,
            page_rows: 20,
            letter_picker: None,
            live: crate::store::ChangeCursor::default(),
            role: None,
            confirm: None,
            prompt: None,
            demo: false,
            extents: Extents::default(),
        }
    }

    /// Sets the person's role (team database): also what the case list may show and search.
    pub fn set_role(&mut self, role: Option<crate::domain::role::Role>) {
        self.role = role;
        self.list
            .set_names_of_restricted(rights::shows_name(role, true));
    }

    pub fn scope(&self) -> Scope {
        self.screen.scope()
    }

    /// Whether printable keys type into a field (so they must not be read as commands).
    pub fn text_focus(&self) -> bool {
        if self.confirm.is_some() {
            return false;
        }
        match self.screen {
            Screen::List => self.list.searching,
            Screen::Case => self.prompt.is_some(),
            Screen::Form => true,
            Screen::Checklist => self
                .open
                .as_ref()
                .is_some_and(|o| o.checklist.editor.as_ref().is_some_and(|e| e.is_line())),
            Screen::Debts => self.open.as_ref().is_some_and(|o| o.debts.form.is_some()),
            Screen::Result => self
                .open
                .as_ref()
                .is_some_and(|o| o.result.dialog.is_some()),
            Screen::Traject => self
                .open
                .as_ref()
                .is_some_and(|o| o.traject.dialog.as_ref().is_some_and(|d| !d.is_picker())),
            _ => false,
        }
    }

    /// Whether a picker has focus (Enter confirms, Esc cancels, letters pick).
    pub fn picker_focus(&self) -> bool {
        if self.confirm.is_some() {
            return true;
        }
        if self.screen == Screen::Case && self.letter_picker.is_some() {
            return true;
        }
        if self.screen == Screen::Traject {
            return self
                .open
                .as_ref()
                .is_some_and(|o| o.traject.dialog.as_ref().is_some_and(|d| d.is_picker()));
        }
        self.screen == Screen::Checklist
            && self
                .open
                .as_ref()
                .is_some_and(|o| o.checklist.editor.as_ref().is_some_and(|e| !e.is_line()))
    }

    /// Shows a screen; Esc returns to the one it came from. Each screen stands on the back-stack
    /// at most once (an earlier visit is dropped), so going round in circles never grows it and
    /// Esc from a case opened via Termijnen goes back to Termijnen.
    pub fn go(&mut self, screen: Screen) {
        if self.screen == screen {
            return;
        }
        // A message about the screen left behind is no longer true on the next one.
        self.status = None;
        let from = std::mem::replace(&mut self.screen, screen);
        self.back.retain(|s| *s != from && *s != self.screen);
        self.back.push(from);
    }

    pub fn go_back(&mut self) {
        if let Some(prev) = self.back.pop() {
            self.screen = prev;
            self.status = None;
        }
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.status = Some(StatusLine {
            level: Level::Info,
            text: text.into(),
        });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.status = Some(StatusLine {
            level: Level::Error,
            text: text.into(),
        });
    }
}

/// The one entry point: applies an action to the state and returns the work for the runner.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    if let Action::Layout(extents) = action {
        layout(state, extents);
        return Vec::new();
    }
    if state.help {
        // The overlay swallows everything: moving keys scroll it; help, back or quit close it.
        match action {
            Action::Cmd(Command::Help | Command::Back | Command::Quit) | Action::Cancel => {
                state.help = false;
            }
            Action::Cmd(cmd) => {
                state.help_scroll = scroll(state.help_scroll, state.extents.help, cmd, 60);
            }
            _ => {}
        }
        return Vec::new();
    }
    if state.confirm.is_some() && !matches!(action, Action::Cmd(Command::Quit | Command::Privacy)) {
        return confirm::update(state, action);
    }
    let armed = std::mem::take(&mut state.quit_armed);
    if let Action::Cmd(cmd) = &action
        && !state.text_focus()
        && let Some(why) = rights::refusal(state, *cmd)
    {
        state.error(why);
        return Vec::new();
    }
    if let Action::Cmd(cmd) = &action {
        match cmd {
            Command::Quit => {
                // Typed input that is not saved yet is never thrown away by one key press.
                let input_open =
                    (state.text_focus() && state.screen != Screen::List) || state.picker_focus();
                if input_open && !armed {
                    state.quit_armed = true;
                    state.error(
                        "Er staat invoer open die nog niet is opgeslagen. Druk nogmaals om toch af te sluiten, of Esc om terug te gaan.",
                    );
                } else {
                    state.quit = true;
                }
                return Vec::new();
            }
            Command::Help => {
                state.help = true;
                state.help_scroll = 0;
                return Vec::new();
            }
            Command::Privacy => {
                state.privacy = !state.privacy;
                state.info(if state.privacy {
                    "Persoonsgegevens verborgen"
                } else {
                    "Persoonsgegevens zichtbaar"
                });
                return Vec::new();
            }
            Command::Termijnen if !state.text_focus() => {
                termijnen::enter(state);
                return Vec::new();
            }
            Command::Report if !state.text_focus() => {
                report::enter(state);
                return Vec::new();
            }
            _ => {}
        }
    }
    match state.screen {
        Screen::List => list::update(state, action),
        Screen::Form => form::update(state, action),
        Screen::Case => case_view::update(state, action),
        Screen::Checklist => checklist::update(state, action),
        Screen::Debts => debts::update(state, action),
        Screen::Result => result::update(state, action),
        Screen::Termijnen => termijnen::update(state, action),
        Screen::Report => report::update(state, action),
        Screen::Traject => traject::update(state, action),
    }
}

/// Moves a cursor within `len` rows for the shared navigation commands.
pub fn move_cursor(cursor: usize, len: usize, cmd: Command, page: usize) -> usize {
    if len == 0 {
        return 0;
    }
    let last = len - 1;
    match cmd {
        Command::Up => cursor.saturating_sub(1),
        Command::Down => (cursor + 1).min(last),
        Command::PageUp => cursor.saturating_sub(page),
        Command::PageDown => (cursor + page).min(last),
        Command::Top => 0,
        Command::Bottom => last,
        _ => cursor.min(last),
    }
}
