//! Rendering: `render(&State, &View, frame)` reads state and draws; it does no I/O, reads no
//! clock and touches no store. One module per screen.

pub mod case;
mod checklist;
mod debts;
mod form;
mod help;
mod letter_picker;
pub(crate) mod list;
mod prompt;
mod redact;
pub mod report;
mod result;
mod termijnen;
pub mod theme;
pub mod traject;

use crate::app::{Extent, Extents, Level, Screen, State};
use crate::keymap::{Command, Scope};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use std::collections::BTreeMap;
pub use theme::Theme;

/// What rendering needs besides the state: the theme and the live key bindings.
pub struct View {
    pub theme: Theme,
    /// Per scope, the bindings in display order: (keys, command).
    pub keys: BTreeMap<Scope, Vec<(String, Command)>>,
    /// The local offset from UTC, fixed at start-up, for showing timestamps.
    pub offset: chrono::FixedOffset,
}

impl View {
    /// The keys bound to a command in a scope (screen bindings first, then global).
    pub fn key_for(&self, scope: Scope, cmd: Command) -> String {
        [scope, Scope::Global]
            .iter()
            .filter_map(|s| self.keys.get(s))
            .flat_map(|v| v.iter())
            .find(|(_, c)| *c == cmd)
            .map(|(k, _)| k.clone())
            .unwrap_or_else(|| "—".to_string())
    }
}

/// A box of at most `width` × `rows`, centred in `area` (never larger than it).
pub fn popup(area: Rect, width: u16, rows: usize) -> Rect {
    let w = area.width.min(width);
    let h = area.height.min(u16::try_from(rows).unwrap_or(u16::MAX));
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// The scroll offset for `para` in `area`, never past the point where its last line sits on the
/// last row (End/PgDn stop at the end of the text instead of scrolling into blank space).
pub(crate) fn clamp_scroll(
    para: &ratatui::widgets::Paragraph,
    area: Rect,
    scroll: usize,
) -> (u16, Extent) {
    let extent = Extent {
        rows: para.line_count(area.width),
        visible: usize::from(area.height),
    };
    let offset = u16::try_from(scroll.min(extent.max_scroll())).unwrap_or(u16::MAX);
    (offset, extent)
}

/// Word-wraps `text` to `width` columns with a hanging indent: the first row starts with
/// `first` (say "  • "), every later row with as many spaces, so wrapped text stays aligned
/// under the text after the bullet instead of running back to the left edge.
pub(crate) fn hanging(first: &str, text: &str, width: usize) -> Vec<String> {
    let indent = Span::raw(first).width();
    let room = width.saturating_sub(indent).max(8);
    let pad = " ".repeat(indent);
    let mut rows: Vec<String> = Vec::new();
    let mut row = String::new();
    let mut used = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let mut word = word.to_string();
        let mut len = Span::raw(word.as_str()).width();
        if used > 0 && used + 1 + len > room {
            rows.push(std::mem::take(&mut row));
            used = 0;
        }
        // A word longer than a whole row is cut over several rows.
        while len > room {
            let head: String = word.chars().take(room - used.min(room)).collect();
            let rest: String = word.chars().skip(head.chars().count()).collect();
            row.push_str(&head);
            rows.push(std::mem::take(&mut row));
            used = 0;
            word = rest;
            len = Span::raw(word.as_str()).width();
        }
        if used > 0 {
            row.push(' ');
            used += 1;
        }
        row.push_str(&word);
        used += len;
    }
    if !row.is_empty() || rows.is_empty() {
        rows.push(row);
    }
    rows.into_iter()
        .enumerate()
        .map(|(i, r)| format!("{}{r}", if i == 0 { first } else { pad.as_str() }))
        .collect()
}

/// The rows of a small form: a label column `width` wide, the value beside it, the focused row
/// marked and highlighted.
pub(crate) fn labelled_fields(
    labels: &[&str],
    values: impl IntoIterator<Item = String>,
    focus: usize,
    width: usize,
    t: &Theme,
) -> Vec<Line<'static>> {
    labels
        .iter()
        .zip(values)
        .enumerate()
        .map(|(i, (label, value))| {
            let focused = i == focus;
            Line::from(vec![
                Span::raw(if focused { "> " } else { "  " }),
                Span::styled(format!("{label:<width$}"), t.dim()),
                Span::styled(value, if focused { t.selected() } else { t.bold() }),
            ])
        })
        .collect()
}

/// A moment as the desk's local date and time.
pub fn local_time(view: &View, at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&view.offset)
        .format("%d-%m-%Y %H:%M")
        .to_string()
}

/// Blanks personal data while the privacy key is on.
pub fn personal(state: &State, text: &str) -> String {
    if state.privacy && !text.is_empty() {
        "•••••".to_string()
    } else {
        text.to_string()
    }
}

/// Draws the state.
pub fn render(state: &State, view: &View, frame: &mut Frame) {
    render_measured(state, view, frame);
}

/// Draws the state and tells what the scrolling texts took (for [`crate::app::Action::Layout`]).
pub fn render_measured(state: &State, view: &View, frame: &mut Frame) -> Extents {
    let mut extents = Extents::default();
    // A long message (a conflict names who, when and both values) gets up to three rows.
    let status_rows = state.status.as_ref().map_or(1, |s| {
        wrapped_rows(&s.text, usize::from(frame.area().width)).clamp(1, 3) as u16
    });
    let [header, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(status_rows),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    render_header(state, view, frame, header);
    match state.screen {
        Screen::List => list::render(state, view, frame, body),
        Screen::Form => form::render(state, view, frame, body),
        Screen::Case => case::render(state, view, frame, body),
        Screen::Checklist => checklist::render(state, view, frame, body),
        Screen::Debts => debts::render(state, view, frame, body),
        Screen::Result => extents.result = result::render(state, view, frame, body),
        Screen::Termijnen => termijnen::render(state, view, frame, body),
        Screen::Traject => traject::render(state, view, frame, body),
        Screen::Report => {
            if let Some(r) = &state.report.report {
                extents.report = Some(report::render(
                    r,
                    view.theme,
                    state.report.scroll,
                    frame,
                    body,
                ));
            }
        }
    }
    render_status(state, view, frame, status);
    render_footer(state, view, frame, footer);
    if state.help {
        extents.help = Some(help::render(state, view, frame, body));
    }
    extents
}

fn screen_title(state: &State) -> String {
    let case = |s: &str| {
        state.open.as_ref().map_or(s.to_string(), |o| {
            format!(
                "{s} · {} {}",
                o.case.case_id,
                personal(state, &o.case.client.name)
            )
        })
    };
    match state.screen {
        Screen::List => "Zaken".into(),
        Screen::Form if crate::app::client_edit::is_edit(&state.form) => case("Cliëntgegevens"),
        Screen::Form => "Nieuwe zaak".into(),
        Screen::Case => case("Zaak"),
        Screen::Checklist => case("Vragenlijst"),
        Screen::Debts => case("Schulden"),
        Screen::Result => case("Advies"),
        Screen::Termijnen => "Termijnen".into(),
        Screen::Report => "Overzicht voor de gemeente".into(),
        Screen::Traject => case("Traject"),
    }
}

/// Whether the screen shows the open case (its title names it).
fn is_case_screen(state: &State) -> bool {
    match state.screen {
        Screen::Case | Screen::Checklist | Screen::Debts | Screen::Result | Screen::Traject => true,
        Screen::Form => crate::app::client_edit::is_edit(&state.form),
        Screen::List | Screen::Termijnen | Screen::Report => false,
    }
}

fn render_header(state: &State, view: &View, frame: &mut Frame, area: Rect) {
    let t = view.theme;
    let mut right = vec![];
    if is_case_screen(state)
        && state
            .open
            .as_ref()
            .is_some_and(|o| o.case.beperkt.is_some())
    {
        right.push(Span::styled(" BEPERKT ", t.warn()));
    }
    if state.demo {
        right.push(Span::styled(" DEMO ", t.warn()));
    }
    if state.privacy {
        right.push(Span::styled(" PRIVÉ ", t.warn()));
    }
    if state.env.policy.indicatief_op(state.env.today) {
        right.push(Span::styled(" normen indicatief ", t.dim()));
    }
    right.push(Span::raw(format!(
        " {} ",
        state.env.today.format("%d-%m-%Y")
    )));
    let right_width: usize = right.iter().map(|s| s.width()).sum();
    let [left_area, right_area] = Layout::horizontal([
        Constraint::Min(1),
        Constraint::Length(u16::try_from(right_width).unwrap_or(u16::MAX)),
    ])
    .areas(area);
    // A title longer than its room (a long client name at 80 columns) ends in "…", so the
    // date and the marks on the right stay in view and the cut shows.
    let room = usize::from(left_area.width).saturating_sub("loket · ".chars().count());
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("loket", t.title()),
            Span::raw(" · "),
            Span::styled(clip(&screen_title(state), room), t.bold()),
        ])),
        left_area,
    );
    frame.render_widget(Paragraph::new(Line::from(right)), right_area);
}

/// `text` in at most `width` columns: whole when it fits, else its first `width - 1`
/// characters and "…" (nothing in no room, a bare first character in one column).
fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width || width < 2 {
        return text.chars().take(width).collect();
    }
    let kept: String = text.chars().take(width - 1).collect();
    format!("{}…", kept.trim_end())
}

fn render_status(state: &State, view: &View, frame: &mut Frame, area: Rect) {
    if let Some(confirm) = &state.confirm {
        let text = confirm.question.clone();
        frame.render_widget(Paragraph::new(Span::styled(text, view.theme.error())), area);
        return;
    }
    let Some(status) = &state.status else {
        return;
    };
    let style = match status.level {
        Level::Info => view.theme.dim(),
        Level::Saved => view.theme.ok(),
        Level::Error => view.theme.error(),
    };
    frame.render_widget(
        Paragraph::new(Span::styled(status.text.clone(), style)).wrap(Wrap { trim: true }),
        area,
    );
}

/// How many rows `text` takes when wrapped at word boundaries to `width` columns.
fn wrapped_rows(text: &str, width: usize) -> usize {
    let width = width.max(1);
    let mut rows = 1;
    let mut used = 0;
    for word in text.split(' ') {
        let len = word.chars().count();
        let needed = if used == 0 { len } else { used + 1 + len };
        if needed <= width {
            used = needed;
        } else {
            rows += 1 + len.saturating_sub(1) / width;
            used = len % width;
        }
    }
    rows
}

/// The short word for a command in the footer (the help overlay has the full text).
fn footer_word(cmd: Command) -> &'static str {
    match cmd {
        Command::Open => "openen",
        Command::NewCase => "nieuw",
        Command::Search => "zoeken",
        Command::Termijnen => "termijnen",
        Command::Schuldhulp => "schuldhulp",
        Command::Bewind => "bewind",
        Command::Debts => "schulden",
        Command::Result => "advies",
        Command::StatusNext => "status",
        Command::Traject => "traject",
        Command::AddStep => "stap",
        Command::CorrectStep => "corrigeren",
        Command::RemoveStep => "wissen",
        Command::CbsDetails => "CBS-gegevens",
        Command::Edit => "wijzigen",
        Command::Clear => "wissen",
        Command::NextMissing => "volgende open",
        Command::Add => "toevoegen",
        Command::Delete => "verwijderen",
        Command::Accept => "overnemen",
        Command::Override => "anders besluiten",
        Command::Save => "opslaan",
        Command::Back => "terug",
        Command::Help => "hulp",
        Command::Quit => "stoppen",
        other => other.text(),
    }
}

/// The first key of a command that works here; while typing in a field, a single printable
/// key would type, so only keys like F1 or ctrl-s are offered then.
fn footer_key(state: &State, view: &View, cmd: Command) -> Option<String> {
    let typing = state.text_focus() || state.picker_focus();
    view.key_for(state.scope(), cmd)
        .split(", ")
        // While typing, Enter and Esc are shown as confirm/cancel, and a single character types.
        .find(|k| !(typing && (k.chars().count() == 1 || *k == "Enter" || *k == "Esc")))
        .filter(|k| *k != "—")
        .map(str::to_string)
}

/// The footer: the most useful keys of this screen, from the live keymap.
fn render_footer(state: &State, view: &View, frame: &mut Frame, area: Rect) {
    let t = view.theme;
    if let Some(confirm) = &state.confirm {
        frame.render_widget(Paragraph::new(Span::styled(confirm.keys(), t.bold())), area);
        return;
    }
    let typing = state.text_focus() || state.picker_focus();
    let wanted: &[Command] = if typing {
        if matches!(state.screen, Screen::Form | Screen::Debts | Screen::Traject) {
            &[Command::Save, Command::Help]
        } else {
            &[Command::Help]
        }
    } else {
        match state.screen {
            Screen::List => &[
                Command::Open,
                Command::NewCase,
                Command::Search,
                Command::Termijnen,
                Command::Help,
                Command::Quit,
            ],
            Screen::Form => &[Command::Save, Command::Help],
            Screen::Case => &[
                Command::Schuldhulp,
                Command::Bewind,
                Command::Debts,
                Command::Result,
                Command::Traject,
                Command::Back,
                Command::Help,
            ],
            Screen::Checklist => &[
                Command::Edit,
                Command::Clear,
                Command::NextMissing,
                Command::Back,
                Command::Help,
            ],
            Screen::Debts => &[
                Command::Add,
                Command::Edit,
                Command::Delete,
                Command::Back,
                Command::Help,
            ],
            Screen::Result => &[
                Command::Accept,
                Command::Override,
                Command::Back,
                Command::Help,
            ],
            Screen::Termijnen => &[Command::Open, Command::Back, Command::Help],
            Screen::Report => &[Command::Back, Command::Help],
            Screen::Traject => &[
                Command::AddStep,
                Command::CorrectStep,
                Command::RemoveStep,
                Command::CbsDetails,
                Command::Back,
                Command::Help,
            ],
        }
    };
    let mut spans = Vec::new();
    let mut push = |keys: String, text: &str| {
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(keys, t.key()));
        spans.push(Span::raw(format!(" {text}")));
    };
    if typing {
        push("Enter".into(), "bevestigen");
        push("Esc".into(), "annuleren");
    }
    for cmd in wanted {
        if let Some(key) = footer_key(state, view, *cmd) {
            push(key, footer_word(*cmd));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
