//! What can be wrong with a keymap, and how it reads in Dutch. Every message lives here.

use super::command::{Command, Scope};
use std::fmt;

/// Everything wrong with a keymap, found in one pass. Display lists one problem per line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct KeymapError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for KeymapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

/// One problem, located by file, table and key as far as they apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file name as the user knows it (`vim.toml` for an embedded keymap).
    pub source: String,
    /// The table as written in the file.
    pub table: Option<String>,
    /// The key as written in the file.
    pub key: Option<String>,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// The file could not be read.
    Unreadable {
        reason: String,
    },
    /// The file is not valid TOML.
    Toml {
        reason: String,
    },
    /// A top-level entry that is not a table.
    NotATable,
    UnknownTable {
        suggestion: Option<&'static str>,
    },
    EmptyKey,
    UnparsableKey {
        chord: String,
    },
    SimultaneousKeys,
    /// The value is not a string.
    NotAString,
    UnknownAction {
        action: String,
        suggestion: Option<&'static str>,
        scope: Scope,
    },
    NotAllowedHere {
        command: Command,
    },
    /// A plain character or editing key in `[form]`: the text field takes it first.
    TypesInForm,
    /// The same key as an earlier entry of this table, spelled differently.
    Duplicate {
        first: String,
    },
    /// One sequence starts with the other, so one of them can never be reached.
    PrefixConflict {
        other_key: String,
        other_table: Scope,
        other_source: Option<String>,
    },
    /// `quit` or `help` has no key left at all.
    Unbound {
        command: Command,
    },
    /// `quit` or `help` still has keys, but none that reach this screen.
    Unreachable {
        command: Command,
        scope: Scope,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source)?;
        let mut place = String::new();
        if let Some(table) = &self.table {
            place.push_str(&format!(" [{table}]"));
        }
        if let Some(key) = &self.key {
            place.push_str(&format!(" \"{key}\""));
        }
        if !place.is_empty() {
            write!(f, ":{place}")?;
        }
        write!(f, ": {}", self.kind)
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProblemKind::Unreadable { reason } => write!(f, "kan niet gelezen worden ({reason})"),
            ProblemKind::Toml { reason } => write!(f, "geen geldige TOML: {reason}"),
            ProblemKind::NotATable => write!(f, "hoort in een tabel, zoals [global] of [list]"),
            ProblemKind::UnknownTable { suggestion } => {
                write!(f, "onbekende tabel")?;
                match suggestion {
                    Some(s) => write!(f, " — bedoelde u [{s}]?"),
                    None => write!(f, "; mogelijk zijn: {}", table_list()),
                }
            }
            ProblemKind::EmptyKey => write!(f, "lege toets; schrijf \"space\" voor de spatiebalk"),
            ProblemKind::UnparsableKey { chord } => {
                write!(
                    f,
                    "onbekende toets \"{chord}\" (bijvoorbeeld: \"ctrl-p\", \"g g\", \"enter\", \"F1\")"
                )
            }
            ProblemKind::SimultaneousKeys => write!(
                f,
                "toetsen tegelijk indrukken kan een terminal niet melden; voor een reeks schrijft u de toetsen met een spatie ertussen (\"g g\")"
            ),
            ProblemKind::NotAString => {
                write!(
                    f,
                    "de actie moet tekst tussen aanhalingstekens zijn, zoals \"open\""
                )
            }
            ProblemKind::UnknownAction {
                action,
                suggestion,
                scope,
            } => {
                write!(f, "onbekende actie \"{action}\"")?;
                match suggestion {
                    Some(s) => write!(f, " — bedoelde u \"{s}\"?"),
                    None => write!(
                        f,
                        "; in [{}] kunnen: {}, of \"none\" om een toets weg te halen",
                        scope.id(),
                        Command::ALL
                            .iter()
                            .filter(|c| c.allowed_in(*scope))
                            .map(|c| c.id())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                }
            }
            ProblemKind::NotAllowedHere { command } => {
                write!(
                    f,
                    "actie \"{}\" ({}) kan niet in deze tabel, wel in {}",
                    command.id(),
                    command.text(),
                    command
                        .scopes()
                        .iter()
                        .map(|s| format!("[{}]", s.id()))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
            ProblemKind::TypesInForm => write!(
                f,
                "in een formulier typt deze toets in het veld; kies een toets met ctrl of alt, of Enter, Esc, Tab, een pijl omhoog/omlaag of een F-toets"
            ),
            ProblemKind::Duplicate { first } => {
                write!(f, "dezelfde toets als \"{first}\" eerder in deze tabel")
            }
            ProblemKind::PrefixConflict {
                other_key,
                other_table,
                other_source,
            } => {
                write!(f, "botst met \"{other_key}\" in [{}]", other_table.id())?;
                if let Some(source) = other_source {
                    write!(f, " van {source}")?;
                }
                write!(
                    f,
                    ": de ene reeks begint met de andere, dus een van beide is nooit bereikbaar"
                )
            }
            ProblemKind::Unbound { command } => write!(
                f,
                "actie \"{}\" ({}) heeft geen toets meer; die moet er altijd zijn",
                command.id(),
                command.text()
            ),
            ProblemKind::Unreachable { command, scope } => write!(
                f,
                "actie \"{}\" ({}) is in [{}] met geen enkele toets bereikbaar",
                command.id(),
                command.text(),
                scope.id()
            ),
        }
    }
}

fn table_list() -> String {
    Scope::ALL
        .iter()
        .map(|s| format!("[{}]", s.id()))
        .collect::<Vec<_>>()
        .join(", ")
}
