//! The event loop, generic over the terminal backend and the event source, so tests can drive
//! the whole program with scripted keys and a `TestBackend`.

use super::runner::{Runtime, execute};
use crate::app::text::InputOp;
use crate::app::{Action, State, update};
use crate::keymap::{Command, Feed, KeyFeed, Keymap};
use crate::ui::{self, View};
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::time::Duration;

/// Where key events come from: the terminal, or a script in tests.
pub trait EventSource {
    /// The next event, or None when the source is exhausted (tests) — the loop then ends.
    fn next(&mut self) -> std::io::Result<Option<Event>>;

    /// The local date, when the session follows the clock (None: today is fixed).
    fn today(&mut self) -> Option<chrono::NaiveDate> {
        None
    }
}

/// Reads the real terminal. With an offset it follows the clock: the loop wakes every `TICK`
/// even when no key is pressed (other desks' changes), and each wake asks `today`, so a date
/// that changed at midnight shows without a key.
#[derive(Default)]
pub struct TerminalEvents {
    pub follow_clock: Option<chrono::FixedOffset>,
}

impl TerminalEvents {
    pub fn following(offset: Option<chrono::FixedOffset>) -> TerminalEvents {
        TerminalEvents {
            follow_clock: offset,
        }
    }
}

/// How often the loop looks for other desks' changes (and the date) while no key is pressed.
pub const TICK: Duration = Duration::from_millis(250);

/// A tick: no key, time to look around (other desks' changes, the date). Crossterm reports
/// focus changes only when asked to, so this event never comes from the terminal itself here.
pub const TICK_EVENT: Event = Event::FocusGained;

impl EventSource for TerminalEvents {
    fn next(&mut self) -> std::io::Result<Option<Event>> {
        if ratatui::crossterm::event::poll(TICK)? {
            return ratatui::crossterm::event::read().map(Some);
        }
        Ok(Some(TICK_EVENT))
    }

    fn today(&mut self) -> Option<chrono::NaiveDate> {
        let offset = self.follow_clock?;
        Some(chrono::Utc::now().with_timezone(&offset).date_naive())
    }
}

/// A fixed list of events (tests, benchmarks).
pub struct Scripted(pub std::collections::VecDeque<Event>);

impl Scripted {
    /// Key presses, in order.
    pub fn keys(keys: impl IntoIterator<Item = KeyEvent>) -> Scripted {
        Scripted(keys.into_iter().map(Event::Key).collect())
    }
}

impl EventSource for Scripted {
    fn next(&mut self) -> std::io::Result<Option<Event>> {
        Ok(self.0.pop_front())
    }
}

/// Turns a key into an action: a focused field gets printable and editing keys, Enter and Esc;
/// everything else goes through the keymap.
pub fn translate(
    state: &State,
    keymap: &Keymap,
    feed: &mut KeyFeed,
    key: KeyEvent,
) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let plain = (key.modifiers - KeyModifiers::SHIFT).is_empty();
    if state.text_focus() || state.picker_focus() {
        match key.code {
            KeyCode::Enter if plain => return Some(Action::Confirm),
            KeyCode::Esc if plain => return Some(Action::Cancel),
            _ => {}
        }
    }
    if state.text_focus() {
        let op = match key.code {
            KeyCode::Char(c) if plain => Some(InputOp::Insert(c)),
            KeyCode::Backspace => Some(InputOp::Backspace),
            KeyCode::Delete => Some(InputOp::Delete),
            KeyCode::Left => Some(InputOp::Left),
            KeyCode::Right => Some(InputOp::Right),
            KeyCode::Home => Some(InputOp::Home),
            KeyCode::End => Some(InputOp::End),
            KeyCode::Tab => return Some(Action::Cmd(Command::NextField)),
            KeyCode::BackTab => return Some(Action::Cmd(Command::PrevField)),
            _ => None,
        };
        if let Some(op) = op {
            feed.clear();
            return Some(Action::Input(op));
        }
    } else if state.picker_focus()
        && let KeyCode::Char(c) = key.code
        && plain
    {
        feed.clear();
        return Some(Action::Char(c));
    }
    match keymap.feed(feed, state.scope(), key) {
        Feed::Command(cmd) => Some(Action::Cmd(cmd)),
        Feed::Pending => None,
        Feed::Unbound => match key.code {
            KeyCode::Char(c) if plain => Some(Action::Char(c)),
            _ => None,
        },
    }
}

/// The key table for a person with `role`: what the role forbids is not offered in the footer
/// or the help (None: every right, as `key_table`).
pub fn key_table_for(
    keymap: &Keymap,
    role: Option<crate::domain::role::Role>,
) -> std::collections::BTreeMap<crate::keymap::Scope, Vec<(String, Command)>> {
    let mut table = key_table(keymap);
    for bound in table.values_mut() {
        bound.retain(|(_, c)| crate::app::rights::offers(role, *c));
    }
    table
}

/// Builds the view's key table from the live keymap: for every scope, each bound command with
/// its keys, in command order.
pub fn key_table(
    keymap: &Keymap,
) -> std::collections::BTreeMap<crate::keymap::Scope, Vec<(String, Command)>> {
    crate::keymap::Scope::ALL
        .into_iter()
        .map(|scope| {
            let bound = Command::ALL
                .iter()
                .filter(|c| c.allowed_in(scope))
                .filter_map(|c| {
                    let keys = keymap.keys_for(scope, *c);
                    (!keys.is_empty()).then(|| (keys.join(", "), *c))
                })
                .collect();
            (scope, bound)
        })
        .collect()
}

/// What the loop keeps from one event to the next besides the state: how to draw, how keys map
/// to commands, the keys of a sequence typed so far, and whether the screen shows the state.
pub struct Controls {
    pub view: View,
    pub keymap: Keymap,
    feed: KeyFeed,
    drawn: bool,
}

impl Controls {
    pub fn new(view: View, keymap: Keymap) -> Controls {
        Controls {
            view,
            keymap,
            feed: KeyFeed::new(),
            drawn: false,
        }
    }
}

/// The one event loop, for the terminal, the tests and the bench: draws whenever the state may
/// have changed, then handles the next event (key → action → update → effects against the
/// store). Returns on quit, or when the source runs out (a script) — a later call goes on
/// where this one stopped.
pub fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    events: &mut dyn EventSource,
    state: &mut State,
    controls: &mut Controls,
    rt: &Runtime,
) -> anyhow::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    loop {
        if !controls.drawn {
            let mut extents = crate::app::Extents::default();
            terminal.draw(|f| extents = ui::render_measured(state, &controls.view, f))?;
            controls.drawn = true;
            // What the frame could show goes back into the state (scroll limits), as an action.
            if extents != state.extents {
                update(state, crate::app::Action::Layout(extents));
            }
        }
        if state.quit {
            return Ok(());
        }
        let Some(event) = events.next()? else {
            return Ok(());
        };
        if let Some(today) = events.today() {
            crate::app::clock::roll_over(state, today);
        }
        // Header, status line and footer take 3 rows; a table header one more.
        state.page_rows = usize::from(terminal.size()?.height.saturating_sub(4)).max(1);
        if let Event::Key(key) = event
            && let Some(action) = translate(state, &controls.keymap, &mut controls.feed, key)
        {
            let effects = update(state, action);
            execute(state, rt, effects);
        }
        // Other desks' changes (the team store); nothing to do for the embedded one.
        super::live::poll(state, rt);
        // Every event may change what is shown (a resize too, a tick with news).
        controls.drawn = false;
    }
}
