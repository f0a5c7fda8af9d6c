//! Key strings ↔ key events, keymap files, validation, and the inverse map for hints.
//!
//! A keymap is built from layers: the embedded `keymaps/default.toml`, then the user's
//! `keymap.toml` in the config directory (if present), then `--keymap NAME|FILE`. A later layer
//! rebinds a key of an earlier one, or unbinds it with the action `"none"`.
//!
//! The typing rule: while a text field has focus, the field owns every key for which
//! [`is_text_input`] holds (printable characters, with or without shift, and the editing keys
//! Backspace, Delete, Left, Right, Home, End); everything else goes to [`Keymap::feed`]. So in
//! `[form]` plain characters cannot be bound, and global bindings starting with such a key do not
//! count in the form (the help for the form leaves them out).

pub mod command;
mod error;
mod keys;
mod layer;

pub use command::{Command, Scope, Screen};
pub use error::{KeymapError, Problem, ProblemKind};
pub use keys::{
    Chord, KeyError, chord_of_event, display_sequence, is_text_input, parse_chord, parse_sequence,
};
pub use layer::Layer;

use keys::is_text_input_chord;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The keymaps compiled into the binary, by the name `--keymap` accepts.
pub const EMBEDDED: [(&str, &str); 2] = [
    ("default", include_str!("../../keymaps/default.toml")),
    ("vim", include_str!("../../keymaps/vim.toml")),
];

/// A validated keymap: for each table, its bindings in the order they should be shown.
#[derive(Debug, Clone)]
pub struct Keymap {
    tables: BTreeMap<Scope, Vec<Binding>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Binding {
    chords: Vec<Chord>,
    command: Command,
    /// Which layer made this binding and where in it, for messages and display order.
    layer: usize,
    position: usize,
    /// The key as written in that layer.
    written: String,
}

/// What one key press amounts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feed {
    /// A complete binding: do this.
    Command(Command),
    /// The start of a longer sequence (`g` of `g g`): wait for the next key.
    Pending,
    /// Nothing bound (also returned for key releases and bare modifier keys).
    Unbound,
}

/// The keys typed so far of an unfinished sequence. Keep one per app; it forgets itself when the
/// scope changes or a sequence completes or breaks off.
#[derive(Debug, Clone, Default)]
pub struct KeyFeed {
    keys: Vec<Chord>,
    scope: Option<Scope>,
}

impl KeyFeed {
    pub fn new() -> KeyFeed {
        KeyFeed::default()
    }

    pub fn is_pending(&self) -> bool {
        !self.keys.is_empty()
    }

    /// Forget the unfinished sequence (e.g. on Esc handled elsewhere, or a screen change).
    pub fn clear(&mut self) {
        self.keys.clear();
    }

    /// The unfinished sequence for the footer, e.g. `g …`.
    pub fn display(&self) -> Option<String> {
        self.is_pending()
            .then(|| format!("{} …", display_sequence(&self.keys)))
    }
}

impl Keymap {
    /// The keymap the program runs with: the embedded default, the user's `keymap.toml` from the
    /// config directory, then `choice` (the `--keymap` value): an embedded name (`default`,
    /// `vim`) or a file path.
    pub fn load(choice: Option<&str>) -> Result<Keymap, KeymapError> {
        Keymap::load_with(choice, user_keymap_path().as_deref())
    }

    /// [`Keymap::load`] with the user's keymap file given explicitly (`None`: none), for tests.
    pub fn load_with(
        choice: Option<&str>,
        user_file: Option<&Path>,
    ) -> Result<Keymap, KeymapError> {
        let mut layers = Vec::new();
        let mut unreadable = Vec::new();
        layers.extend(Layer::embedded("default"));
        if let Some(path) = user_file.filter(|p| p.exists()) {
            match Layer::read(path) {
                Ok(layer) => layers.push(layer),
                Err(mut e) => unreadable.append(&mut e.problems),
            }
        }
        match choice {
            None | Some("default") => {}
            Some(name) => match Layer::embedded(name) {
                Some(layer) => layers.push(layer),
                None => match Layer::read(Path::new(name)) {
                    Ok(layer) => layers.push(layer),
                    Err(mut e) => unreadable.append(&mut e.problems),
                },
            },
        }
        match Keymap::from_layers(&layers) {
            Ok(keymap) if unreadable.is_empty() => Ok(keymap),
            Ok(_) => Err(KeymapError {
                problems: unreadable,
            }),
            Err(mut e) => {
                unreadable.append(&mut e.problems);
                Err(KeymapError {
                    problems: unreadable,
                })
            }
        }
    }

    /// Builds a keymap from layers, lowest first, and validates the result. Every problem of
    /// every layer is reported, not just the first.
    pub fn from_layers(layers: &[Layer]) -> Result<Keymap, KeymapError> {
        layer::build(layers)
    }

    /// Feeds one key event. Screen bindings take precedence over global ones; a key that breaks
    /// off an unfinished sequence is tried again on its own (like vim: `g` then `j` moves down),
    /// except Esc, which just cancels the sequence.
    pub fn feed(&self, pending: &mut KeyFeed, scope: Scope, key: KeyEvent) -> Feed {
        let Some(chord) = chord_of_event(&key) else {
            return Feed::Unbound;
        };
        if pending.scope != Some(scope) {
            pending.keys.clear();
            pending.scope = Some(scope);
        }
        let broke_off = pending.is_pending();
        if let Some(feed) = self.extend(pending, scope, chord) {
            return feed;
        }
        // Esc after an unfinished sequence only cancels it; it should not also go back a screen.
        if broke_off && chord.codes.first() == &KeyCode::Esc {
            return Feed::Unbound;
        }
        // The key that broke off a sequence may start one of its own.
        if broke_off && let Some(feed) = self.extend(pending, scope, chord) {
            return feed;
        }
        Feed::Unbound
    }

    /// Adds `chord` to the pending keys and looks the sequence up: a command (the sequence is
    /// done), pending (a prefix), or None (no binding; the pending keys are dropped).
    fn extend(&self, pending: &mut KeyFeed, scope: Scope, chord: Chord) -> Option<Feed> {
        pending.keys.push(chord);
        let feed = self.lookup(scope, &pending.keys);
        if !matches!(feed, Some(Feed::Pending)) {
            pending.keys.clear();
        }
        feed
    }

    fn lookup(&self, scope: Scope, keys: &[Chord]) -> Option<Feed> {
        let effective = self.effective(scope);
        if let Some((_, b)) = effective.iter().find(|(_, b)| b.chords == keys) {
            return Some(Feed::Command(b.command));
        }
        effective
            .iter()
            .any(|(_, b)| b.chords.len() > keys.len() && b.chords.starts_with(keys))
            .then_some(Feed::Pending)
    }

    /// The keys that do `command` in `scope` (global ones included), in display spelling:
    /// `ctrl-p`, `g g`, `Enter`. Screen keys come first, then each table in file order.
    pub fn keys_for(&self, scope: Scope, command: Command) -> Vec<String> {
        self.effective(scope)
            .into_iter()
            .filter(|(_, b)| b.command == command)
            .map(|(_, b)| display_sequence(&b.chords))
            .collect()
    }

    /// The help for `scope`: one line per command with its keys joined by ", ". Order: the
    /// screen's own actions, then moving around, then the global commands (each group in the
    /// order of [`Command::ALL`]). Suits the `?` overlay; a footer can take the first few plus
    /// `keys_for(scope, Command::Help)`.
    pub fn help(&self, scope: Scope) -> Vec<(String, &'static str)> {
        let effective = self.effective(scope);
        let bound_from = |from: Scope, command: Command| {
            effective
                .iter()
                .any(|(s, b)| *s == from && b.command == command)
        };
        let is_movement = |c: Command| {
            matches!(
                c,
                Command::Up
                    | Command::Down
                    | Command::PageUp
                    | Command::PageDown
                    | Command::Top
                    | Command::Bottom
            )
        };
        let screen = Command::ALL
            .iter()
            .filter(|c| !is_movement(**c))
            .chain(Command::ALL.iter().filter(|c| is_movement(**c)))
            .filter(|c| scope != Scope::Global && bound_from(scope, **c));
        let global = Command::ALL
            .iter()
            .filter(|c| bound_from(Scope::Global, **c) && !bound_from(scope, **c));
        screen
            .chain(global)
            .map(|c| (self.keys_for(scope, *c).join(", "), c.text()))
            .collect()
    }

    /// The bindings that count in `scope`, each with the table it comes from: the screen's own,
    /// then the global ones it does not override. In the form, global bindings that start with a
    /// key the text field owns are left out.
    fn effective(&self, scope: Scope) -> Vec<(Scope, &Binding)> {
        let screen = self.table(scope);
        let mut out: Vec<(Scope, &Binding)> = screen.iter().map(|b| (scope, b)).collect();
        if scope != Scope::Global {
            out.extend(
                self.table(Scope::Global)
                    .iter()
                    .filter(|g| !screen.iter().any(|s| s.chords == g.chords))
                    .filter(|g| {
                        scope != Scope::Form
                            || !g.chords.first().is_some_and(|c| is_text_input_chord(*c))
                    })
                    .map(|g| (Scope::Global, g)),
            );
        }
        out
    }

    fn table(&self, scope: Scope) -> &[Binding] {
        self.tables.get(&scope).map_or(&[], Vec::as_slice)
    }
}

/// Where the user's own keymap lives: `<config dir>/keymap.toml`
/// (on Linux `~/.config/loket/keymap.toml`).
pub fn user_keymap_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("nl", "loket", "loket")
        .map(|d| d.config_dir().join("keymap.toml"))
}
