//! The team database on the command line: choosing the store (`--store DIR` or
//! `--store postgres://…`), managing users and roles, the access log, moving cases over.

use super::args::{GebruikerCmd, Global};
use super::{EXIT_BAD_INPUT, EXIT_FAIL, EXIT_OK, print_stdout};
use crate::domain::role::Role;
use crate::store::pg::{self, PgStore};
use crate::store::{CaseStore, StoreError};
use chrono::Local;
use std::path::PathBuf;

/// Where the cases live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreTarget {
    /// The embedded store in a directory (sled): one desk, no server.
    Dir(PathBuf),
    /// A team database.
    Postgres(String),
}

impl StoreTarget {
    pub fn parse(text: &str) -> StoreTarget {
        if pg::is_url(text) {
            StoreTarget::Postgres(text.to_string())
        } else {
            StoreTarget::Dir(PathBuf::from(text))
        }
    }

    /// `--store` / `LOKET_STORE`, else the account's data directory.
    pub fn from_global(global: &Global) -> anyhow::Result<StoreTarget> {
        match &global.store {
            Some(p) => Ok(match p.to_str() {
                Some(s) => StoreTarget::parse(s),
                None => StoreTarget::Dir(p.clone()),
            }),
            None => Ok(StoreTarget::Dir(super::tui::default_store_dir()?)),
        }
    }
}

/// Opens the store `--store` names (a directory or a team database); exit 1 when it cannot.
pub fn open_any(global: &Global) -> Result<Box<dyn CaseStore>, i32> {
    let target = StoreTarget::from_global(global).map_err(|e| {
        eprintln!("loket: {e}");
        EXIT_FAIL
    })?;
    open_target(&target, global)
}

pub fn open_target(target: &StoreTarget, global: &Global) -> Result<Box<dyn CaseStore>, i32> {
    Ok(match target {
        StoreTarget::Dir(dir) => Box::new(super::tui::open_store(dir)?),
        StoreTarget::Postgres(url) => Box::new(open_team(url, global)?),
    })
}

/// Opens the team database as the session's user; problems are Dutch messages and exit 1.
pub fn open_team(url: &str, global: &Global) -> Result<PgStore, i32> {
    let user = super::tui::user_name(global);
    PgStore::open(url, &user).map_err(|e| {
        eprintln!("loket: {e}");
        EXIT_FAIL
    })
}

fn team_only(global: &Global) -> anyhow::Result<Result<PgStore, i32>> {
    Ok(match StoreTarget::from_global(global)? {
        StoreTarget::Postgres(url) => open_team(&url, global),
        StoreTarget::Dir(_) => {
            eprintln!(
                "loket: gebruikers en rollen bestaan alleen in een teamdatabase \
                 (--store postgres://…); met een map werkt u als enige gebruiker met alle rechten"
            );
            Err(EXIT_FAIL)
        }
    })
}

fn parse_role(text: &str) -> Result<Role, i32> {
    Role::from_id(text).ok_or_else(|| {
        eprintln!(
            "loket: onbekende rol {text:?}; kies baliemedewerker, schuldhulpverlener of teamleider"
        );
        EXIT_BAD_INPUT
    })
}

fn fail(e: StoreError) -> i32 {
    eprintln!("loket: {e}");
    EXIT_FAIL
}

/// `loket gebruiker toevoegen|lijst|rol`.
pub fn run_gebruiker(global: &Global, action: GebruikerCmd) -> anyhow::Result<i32> {
    let store = match team_only(global)? {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let code = match action {
        GebruikerCmd::Toevoegen { naam, rol } => match parse_role(&rol) {
            Err(code) => code,
            Ok(role) => match store.add_user(&naam, role) {
                Ok(true) => {
                    print_stdout(&format!("Gebruiker {} toegevoegd als {role}.", naam.trim()))?;
                    EXIT_OK
                }
                Ok(false) => {
                    eprintln!(
                        "loket: gebruiker {} bestaat al; wijzig de rol met `loket gebruiker rol`",
                        naam.trim()
                    );
                    EXIT_FAIL
                }
                Err(e) => fail(e),
            },
        },
        GebruikerCmd::Lijst => match store.users() {
            Ok(users) => {
                let width = users
                    .iter()
                    .map(|u| u.name.chars().count())
                    .max()
                    .unwrap_or(4);
                let mut out = format!("{:width$}  ROL", "NAAM");
                for u in users {
                    out.push_str(&format!("\n{:width$}  {}", u.name, u.role));
                }
                print_stdout(&out)?;
                EXIT_OK
            }
            Err(e) => fail(e),
        },
        GebruikerCmd::Rol { naam, rol } => match parse_role(&rol) {
            Err(code) => code,
            Ok(role) => match store.set_role(&naam, role) {
                Ok(()) => {
                    print_stdout(&format!("{naam} is nu {role}."))?;
                    EXIT_OK
                }
                Err(e) => fail(e),
            },
        },
    };
    Ok(code)
}

/// `loket toegang ZAAK`: who read a case, when and why (both stores; in a team database only
/// the teamleider may see it).
pub fn run_toegang(global: &Global, case_id: &str) -> anyhow::Result<i32> {
    let store = match open_any(global) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let key = match store.key_of(case_id) {
        Ok(Some(k)) => k,
        Ok(None) => {
            eprintln!("loket: zaak {case_id} bestaat niet");
            return Ok(EXIT_FAIL);
        }
        Err(e) => return Ok(fail(e)),
    };
    let entries = match store.access_log(key) {
        Ok(e) => e,
        Err(e) => return Ok(fail(e)),
    };
    let mut out = format!("Toegang tot zaak {case_id} ({} keer)", entries.len());
    for e in entries {
        out.push_str(&format!(
            "\n{}  {}  {}",
            e.at.with_timezone(&Local).format("%Y-%m-%d %H:%M:%S"),
            e.by,
            e.purpose.label()
        ));
    }
    print_stdout(&out)?;
    Ok(EXIT_OK)
}

/// `loket migrate --from … --to …`.
pub fn run_migrate(_global: &Global, from: &str, to: &str) -> anyhow::Result<i32> {
    let _ = (StoreTarget::parse(from), StoreTarget::parse(to));
    eprintln!("loket: overzetten volgt zodra de opslag-laag er klaar voor is");
    Ok(EXIT_FAIL)
}
