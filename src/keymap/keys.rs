//! Key spellings ↔ key combinations. Parsing itself is crokey's; this module only fixes the
//! spellings crokey does not cover (`C-c`, a bare `G`) and the ways terminals disagree about
//! SHIFT, so that a key written in a file and the same key pressed compare equal.

use crokey::{KeyCombination, KeyCombinationFormat};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::sync::LazyLock;

/// One key press, possibly with modifiers: one element of a key sequence like `g g`.
pub type Chord = KeyCombination;

/// Why a key spelling could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyError {
    /// Nothing but whitespace.
    Empty,
    /// crokey could not read this chord (the part it choked on).
    Unreadable { chord: String },
    /// Several keys held at once (`a-b`): ANSI terminals cannot report that.
    Simultaneous { chord: String },
}

/// Reads a key sequence: chords separated by whitespace, e.g. `"g g"`, `"ctrl-p"`, `"C-c"`.
pub fn parse_sequence(raw: &str) -> Result<Vec<Chord>, KeyError> {
    let chords: Vec<Chord> = raw
        .split_whitespace()
        .map(parse_chord)
        .collect::<Result<_, _>>()?;
    if chords.is_empty() {
        return Err(KeyError::Empty);
    }
    Ok(chords)
}

/// Reads one chord. Emacs-style prefixes are rewritten to crokey's words first, because crokey
/// would read `C-c` as the keys `c` and `c` held together; a bare capital letter means that
/// letter with shift, because crokey lowercases everything (`G` would silently become `g`).
pub fn parse_chord(raw: &str) -> Result<Chord, KeyError> {
    let spelled = crokey_spelling(raw);
    let parsed = crokey::parse(&spelled).map_err(|e| KeyError::Unreadable {
        chord: if e.raw.is_empty() {
            raw.to_string()
        } else {
            e.raw
        },
    })?;
    if !parsed.is_ansi_compatible() {
        return Err(KeyError::Simultaneous {
            chord: raw.to_string(),
        });
    }
    Ok(normalize(parsed))
}

fn crokey_spelling(raw: &str) -> String {
    let mut rest = raw;
    let mut out = String::new();
    loop {
        let word = match rest.get(..2) {
            Some("C-") => "ctrl-",
            Some("M-") | Some("A-") => "alt-",
            Some("S-") => "shift-",
            _ => break,
        };
        // `S-` alone is the key `S` followed by a hyphen, not a modifier with nothing after it.
        if rest.len() == 2 {
            break;
        }
        out.push_str(word);
        rest = &rest[2..];
    }
    let mut chars = rest.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if out.is_empty() && c.is_ascii_uppercase() => {
            out.push_str("shift-");
            out.push(c.to_ascii_lowercase());
        }
        _ => out.push_str(rest),
    }
    out
}

/// Brings a chord into the one form used for comparing: letters with shift are uppercase,
/// other characters never carry SHIFT (terminals differ on whether `?` arrives with it),
/// shift-Tab is BackTab, and only ctrl/alt/shift/super count as modifiers.
fn normalize(chord: Chord) -> Chord {
    let chord = chord.normalized();
    let code = *chord.codes.first();
    let mut modifiers = chord.modifiers
        & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT | KeyModifiers::SUPER);
    let code = match code {
        KeyCode::Char(c) if !c.is_ascii_alphabetic() => {
            modifiers.remove(KeyModifiers::SHIFT);
            code
        }
        KeyCode::Tab if modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
        KeyCode::BackTab => {
            modifiers.insert(KeyModifiers::SHIFT);
            code
        }
        _ => code,
    };
    KeyCombination::one_key(code, modifiers)
}

/// The chord for a pressed key; `None` for key releases and bare modifier keys, which never
/// take part in a binding.
pub fn chord_of_event(event: &KeyEvent) -> Option<Chord> {
    if event.kind == KeyEventKind::Release || matches!(event.code, KeyCode::Modifier(_)) {
        return None;
    }
    Some(normalize(KeyCombination::from(*event)))
}

/// Whether a focused text field owns this key: printable characters without ctrl/alt (with or
/// without shift) and the editing keys. Everything else goes to the keymap, also while typing.
pub fn is_text_input(event: &KeyEvent) -> bool {
    chord_of_event(event).is_some_and(is_text_input_chord)
}

pub(crate) fn is_text_input_chord(chord: Chord) -> bool {
    let plain = (chord.modifiers - KeyModifiers::SHIFT).is_empty();
    plain
        && matches!(
            chord.codes.first(),
            KeyCode::Char(_)
                | KeyCode::Backspace
                | KeyCode::Delete
                | KeyCode::Left
                | KeyCode::Right
                | KeyCode::Home
                | KeyCode::End
        )
}

static PLAIN: LazyLock<KeyCombinationFormat> =
    LazyLock::new(|| KeyCombinationFormat::default().with_lowercase_modifiers());
static LETTERS: LazyLock<KeyCombinationFormat> = LazyLock::new(|| {
    KeyCombinationFormat::default()
        .with_lowercase_modifiers()
        .with_implicit_shift()
});

/// The display spelling of a chord (crokey's, with lowercase modifiers): `ctrl-p`, `G`,
/// `Enter`, `PageDown`, `BackTab`. Shift is shown as a capital only on letters; `shift-Up` keeps
/// its word.
pub fn display_chord(chord: Chord) -> String {
    let format = match chord.codes.first() {
        KeyCode::Char(_) => &*LETTERS,
        _ => &*PLAIN,
    };
    format.to_string(chord)
}

/// The display spelling of a sequence: chords separated by a space, e.g. `g g`.
pub fn display_sequence(chords: &[Chord]) -> String {
    chords
        .iter()
        .map(|c| display_chord(*c))
        .collect::<Vec<_>>()
        .join(" ")
}
