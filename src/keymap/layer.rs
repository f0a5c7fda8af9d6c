//! Reading keymap layers, merging them, and validating the result. Every check pushes to one
//! list of problems so the user sees all of them at once.

use super::command::{Command, Scope};
use super::error::{KeymapError, Problem, ProblemKind};
use super::keys::{Chord, KeyError, is_text_input_chord, parse_sequence};
use super::{Binding, EMBEDDED, Keymap};
use crate::domain::suggest::typo_of;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::ErrorKind;
use std::path::Path;
use toml::de::{DeTable, DeValue};

/// The action that unbinds a key inherited from an earlier layer.
const UNBIND: &str = "none";

/// One keymap file's text, with the name used in messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer {
    pub source: String,
    pub text: String,
}

impl Layer {
    pub fn new(source: impl Into<String>, text: impl Into<String>) -> Layer {
        Layer {
            source: source.into(),
            text: text.into(),
        }
    }

    /// An embedded keymap by name (`default`, `vim`); messages call it `<name>.toml`.
    pub fn embedded(name: &str) -> Option<Layer> {
        EMBEDDED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(n, text)| Layer::new(format!("{n}.toml"), *text))
    }

    /// Reads a keymap file; a file that cannot be read is a problem like any other.
    pub fn read(path: &Path) -> Result<Layer, KeymapError> {
        let source = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => Ok(Layer { source, text }),
            Err(e) => Err(KeymapError {
                problems: vec![Problem {
                    source,
                    table: None,
                    key: None,
                    kind: ProblemKind::Unreadable {
                        reason: match e.kind() {
                            ErrorKind::NotFound => "bestand bestaat niet".to_string(),
                            ErrorKind::PermissionDenied => "geen toegang".to_string(),
                            ErrorKind::InvalidData => "geen UTF-8-tekst".to_string(),
                            _ => e.to_string(),
                        },
                    },
                }],
            }),
        }
    }
}

/// A valid line of a layer.
struct Entry {
    scope: Scope,
    chords: Vec<Chord>,
    /// `None` unbinds.
    command: Option<Command>,
    written: String,
    position: usize,
}

/// Where a command last lost a key, to point at when it ends up with none.
#[derive(Clone)]
struct Removal {
    layer: usize,
    scope: Scope,
    written: String,
}

pub(super) fn build(layers: &[Layer]) -> Result<Keymap, KeymapError> {
    let mut problems = Vec::new();
    let mut tables: BTreeMap<Scope, Vec<Binding>> = BTreeMap::new();
    let mut removals: HashMap<Command, Removal> = HashMap::new();
    for (index, layer) in layers.iter().enumerate() {
        for entry in read_entries(layer, &mut problems) {
            let table = tables.entry(entry.scope).or_default();
            if let Some(at) = table.iter().position(|b| b.chords == entry.chords) {
                let old = table.remove(at);
                if entry.command != Some(old.command) {
                    removals.insert(
                        old.command,
                        Removal {
                            layer: index,
                            scope: entry.scope,
                            written: entry.written.clone(),
                        },
                    );
                }
            }
            if let Some(command) = entry.command {
                table.push(Binding {
                    chords: entry.chords,
                    command,
                    layer: index,
                    position: entry.position,
                    written: entry.written,
                });
            }
        }
    }
    let keymap = Keymap { tables };
    check_prefixes(&keymap, layers, &mut problems);
    check_essentials(&keymap, layers, &removals, &mut problems);
    if problems.is_empty() {
        Ok(keymap)
    } else {
        Err(KeymapError { problems })
    }
}

/// Parses one layer into its valid entries; everything else becomes a problem.
fn read_entries(layer: &Layer, problems: &mut Vec<Problem>) -> Vec<Entry> {
    let problem = |table: Option<&str>, key: Option<&str>, kind| Problem {
        source: layer.source.clone(),
        table: table.map(str::to_string),
        key: key.map(str::to_string),
        kind,
    };
    let document = match DeTable::parse(&layer.text) {
        Ok(document) => document,
        Err(e) => {
            let reason = match e.span() {
                Some(span) => format!(
                    "regel {}: {}",
                    line_of(&layer.text, span.start),
                    e.message().trim()
                ),
                None => e.message().trim().to_string(),
            };
            problems.push(problem(None, None, ProblemKind::Toml { reason }));
            return Vec::new();
        }
    };
    let mut entries = Vec::new();
    let mut tables: Vec<_> = document.get_ref().iter().collect();
    tables.sort_by_key(|(name, _)| name.span().start);
    for (name, value) in tables {
        let name = name.get_ref().as_ref();
        let DeValue::Table(table) = value.get_ref() else {
            problems.push(problem(None, Some(name), ProblemKind::NotATable));
            continue;
        };
        let Some(scope) = Scope::from_id(name) else {
            let suggestion = typo_of(name, Scope::ALL.iter().map(|s| s.id()));
            problems.push(problem(
                Some(name),
                None,
                ProblemKind::UnknownTable { suggestion },
            ));
            continue;
        };
        let mut lines: Vec<_> = table.iter().collect();
        lines.sort_by_key(|(key, _)| key.span().start);
        // The first spelling of each key in this table, to name it when a second one turns up.
        let mut seen: Vec<(Vec<Chord>, String)> = Vec::new();
        for (key, value) in lines {
            let written = key.get_ref().as_ref();
            let position = key.span().start;
            let mut report = |kind| problems.push(problem(Some(name), Some(written), kind));
            let chords = match parse_sequence(written) {
                Ok(chords) => Some(chords),
                Err(e) => {
                    report(match e {
                        KeyError::Empty => ProblemKind::EmptyKey,
                        KeyError::Unreadable { chord } => ProblemKind::UnparsableKey { chord },
                        KeyError::Simultaneous { .. } => ProblemKind::SimultaneousKeys,
                    });
                    None
                }
            };
            let action = match value.get_ref() {
                DeValue::String(action) => read_action(scope, action, &mut report),
                _ => {
                    report(ProblemKind::NotAString);
                    None
                }
            };
            let Some(chords) = chords else { continue };
            if let Some((_, first)) = seen.iter().find(|(c, _)| *c == chords) {
                report(ProblemKind::Duplicate {
                    first: first.clone(),
                });
                continue;
            }
            seen.push((chords.clone(), written.to_string()));
            let Some(command) = action else { continue };
            if scope == Scope::Form
                && command.is_some()
                && chords.first().is_some_and(|c| is_text_input_chord(*c))
            {
                report(ProblemKind::TypesInForm);
                continue;
            }
            entries.push(Entry {
                scope,
                chords,
                command,
                written: written.to_string(),
                position,
            });
        }
    }
    entries
}

/// `Some(Some(command))` to bind, `Some(None)` to unbind, `None` after reporting a problem.
fn read_action(
    scope: Scope,
    action: &str,
    report: &mut impl FnMut(ProblemKind),
) -> Option<Option<Command>> {
    if action == UNBIND {
        return Some(None);
    }
    let Some(command) = Command::from_id(action) else {
        let allowed = Command::ALL.iter().filter(|c| c.allowed_in(scope));
        let others = Command::ALL.iter().filter(|c| !c.allowed_in(scope));
        let suggestion = typo_of(action, allowed.map(|c| c.id()))
            .or_else(|| typo_of(action, others.map(|c| c.id())))
            .or_else(|| typo_of(action, [UNBIND]));
        report(ProblemKind::UnknownAction {
            action: action.to_string(),
            suggestion,
            scope,
        });
        return None;
    };
    if !command.allowed_in(scope) {
        report(ProblemKind::NotAllowedHere { command });
        return None;
    }
    Some(Some(command))
}

/// Reports every pair of bindings in one effective scope (screen plus global) where one
/// sequence starts with the other, once, at the binding that came last.
fn check_prefixes(keymap: &Keymap, layers: &[Layer], problems: &mut Vec<Problem>) {
    let mut reported: HashSet<(Scope, usize, Scope, usize)> = HashSet::new();
    for scope in Scope::ALL {
        let effective = keymap.effective(scope);
        for (i, (scope_a, a)) in effective.iter().enumerate() {
            for (scope_b, b) in &effective[i + 1..] {
                let (short, long) = if a.chords.len() <= b.chords.len() {
                    (a, b)
                } else {
                    (b, a)
                };
                if !long.chords.starts_with(&short.chords) {
                    continue;
                }
                let index_of = |s: Scope, x: &Binding| {
                    keymap.table(s).iter().position(|y| y == x).unwrap_or(0)
                };
                let key = (
                    *scope_a,
                    index_of(*scope_a, a),
                    *scope_b,
                    index_of(*scope_b, b),
                );
                if !reported.insert(key) {
                    continue;
                }
                let ((newer_scope, newer), (older_scope, older)) =
                    if (a.layer, a.position) >= (b.layer, b.position) {
                        ((*scope_a, a), (*scope_b, b))
                    } else {
                        ((*scope_b, b), (*scope_a, a))
                    };
                problems.push(Problem {
                    source: source_name(layers, newer.layer),
                    table: Some(newer_scope.id().to_string()),
                    key: Some(newer.written.clone()),
                    kind: ProblemKind::PrefixConflict {
                        other_key: older.written.clone(),
                        other_table: older_scope,
                        other_source: (older.layer != newer.layer)
                            .then(|| source_name(layers, older.layer)),
                    },
                });
            }
        }
    }
}

/// `quit` and `help` must keep a key, and reach every screen.
fn check_essentials(
    keymap: &Keymap,
    layers: &[Layer],
    removals: &HashMap<Command, Removal>,
    problems: &mut Vec<Problem>,
) {
    let top = layers.len().saturating_sub(1);
    let at_removal = |command: Command| match removals.get(&command) {
        Some(r) => (r.layer, Some(r.scope), Some(r.written.clone())),
        None => (top, Some(Scope::Global), None),
    };
    for command in [Command::Quit, Command::Help] {
        if !keymap
            .table(Scope::Global)
            .iter()
            .any(|b| b.command == command)
        {
            let (layer, table, key) = at_removal(command);
            problems.push(Problem {
                source: source_name(layers, layer),
                table: table.map(|s| s.id().to_string()),
                key,
                kind: ProblemKind::Unbound { command },
            });
            continue;
        }
        for scope in Scope::ALL {
            let effective = keymap.effective(scope);
            if effective.iter().any(|(_, b)| b.command == command) {
                continue;
            }
            // Blame the screen binding that hides a global key of this command, if any.
            let hiding = keymap
                .table(scope)
                .iter()
                .filter(|s| {
                    keymap
                        .table(Scope::Global)
                        .iter()
                        .any(|g| g.command == command && g.chords == s.chords)
                })
                .max_by_key(|s| (s.layer, s.position));
            let (layer, table, key) = match hiding {
                Some(s) => (s.layer, Some(scope), Some(s.written.clone())),
                None => at_removal(command),
            };
            problems.push(Problem {
                source: source_name(layers, layer),
                table: table.map(|s| s.id().to_string()),
                key,
                kind: ProblemKind::Unreachable { command, scope },
            });
        }
    }
}

fn source_name(layers: &[Layer], index: usize) -> String {
    layers
        .get(index)
        .map_or_else(String::new, |l| l.source.clone())
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(0, |before| before.matches('\n').count())
        + 1
}
