//! The team database on the command line: choosing the store (`--store DIR` or
//! `--store postgres://…`), managing users and roles, the access log, moving cases over.

use super::args::{GebruikerCmd, Global};
use super::{EXIT_BAD_INPUT, EXIT_FAIL, EXIT_OK, print_stdout};
use crate::domain::case::Case;
use crate::domain::history::Event;
use crate::domain::retention::{self, Verklaring};
use crate::domain::role::Role;
use crate::domain::summary::Summary;
use crate::store::pg::{self, PgStore};
use crate::store::transfer::digest;
use crate::store::{
    AccessContext, AccessPurpose, CaseKey, CaseStore, POLICY_FINGERPRINT_KEY, StoreError,
};
use chrono::Local;
use chrono::Utc;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where the cases live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreTarget {
    /// The embedded store in a directory: one desk, no server.
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
    open_any_with(global, super::tui::open_store)
}

/// As [`open_any`], with a folder opened by `open_dir`.
pub fn open_any_with(
    global: &Global,
    open_dir: fn(&Path) -> Result<crate::store::SledStore, i32>,
) -> Result<Box<dyn CaseStore>, i32> {
    let target = StoreTarget::from_global(global).map_err(|e| {
        eprintln!("loket: {e}");
        EXIT_FAIL
    })?;
    if let StoreTarget::Dir(_) = target {
        // A given folder that does not exist is a typo or a moved store, unless --nieuw.
        super::tui::store_dir(global)?;
    }
    open_target_with(&target, global, open_dir)
}

pub fn open_target(target: &StoreTarget, global: &Global) -> Result<Box<dyn CaseStore>, i32> {
    open_target_with(target, global, super::tui::open_store)
}

fn open_target_with(
    target: &StoreTarget,
    global: &Global,
    open_dir: fn(&Path) -> Result<crate::store::SledStore, i32>,
) -> Result<Box<dyn CaseStore>, i32> {
    Ok(match target {
        StoreTarget::Dir(dir) => Box::new(open_dir(dir)?),
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

/// The store key of a case number, or the exit code after a Dutch message that it does not exist
/// (or that the store could not say).
pub fn find_case(store: &dyn CaseStore, case_id: &str) -> Result<CaseKey, i32> {
    match store.key_of(case_id) {
        Ok(Some(k)) => Ok(k),
        Ok(None) => {
            eprintln!("loket: zaak {case_id} bestaat niet");
            Err(EXIT_FAIL)
        }
        Err(e) => Err(fail(e)),
    }
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

/// `loket toewijzen ZAAK [NAAM]`: gives a case to a user (or to nobody). Teamleider only.
pub fn run_toewijzen(global: &Global, case_id: &str, to: Option<&str>) -> anyhow::Result<i32> {
    let store = match team_only(global)? {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let key = match find_case(&store, case_id) {
        Ok(k) => k,
        Err(code) => return Ok(code),
    };
    if let Err(e) = store.assign(key, to) {
        return Ok(fail(e));
    }
    print_stdout(&match to {
        Some(name) => format!("Zaak {case_id} is toegewezen aan {name}."),
        None => format!("Zaak {case_id} is aan niemand toegewezen."),
    })?;
    Ok(EXIT_OK)
}

/// `loket toegang ZAAK`: who read a case, when and why (both stores; in a team database only
/// the teamleider may see it).
pub fn run_toegang(global: &Global, case_id: &str) -> anyhow::Result<i32> {
    let store = match open_any(global) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let key = match find_case(store.as_ref(), case_id) {
        Ok(k) => k,
        Err(code) => return Ok(code),
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
            e.reader(),
            e.purpose.label()
        ));
    }
    print_stdout(&out)?;
    Ok(EXIT_OK)
}

/// How many cases go over per write (one transaction in the team database).
const MIGRATE_BATCH: usize = 500;

/// A store opened to receive a migration: the concrete kind, for its history-keeping import.
enum Target {
    Dir(crate::store::SledStore),
    Postgres(Box<PgStore>),
}

impl Target {
    fn store(&self) -> &dyn CaseStore {
        match self {
            Target::Dir(s) => s,
            Target::Postgres(s) => s.as_ref(),
        }
    }

    fn import(&self, cases: Vec<(Case, Summary, Vec<Event>)>) -> crate::store::Result<usize> {
        match self {
            Target::Dir(s) => s.import_with_history(cases),
            Target::Postgres(s) => s.import_with_history(cases),
        }
    }
}

/// Every case of `store` with its summary and history, and the digest of each (by case number).
type Everything = (
    Vec<(Case, Summary, Vec<Event>)>,
    BTreeMap<String, String>,
    usize,
);

fn read_everything(store: &dyn CaseStore, by: &str) -> crate::store::Result<Everything> {
    let summaries: BTreeMap<CaseKey, Summary> = store.list_summaries()?.rows.into_iter().collect();
    let access = AccessContext {
        by: by.to_string(),
        at: Utc::now(),
        purpose: AccessPurpose::Export,
    };
    let mut keyed = Vec::new();
    store.export_all(&access, &mut |key, case| {
        keyed.push((key, case));
        Ok(())
    })?;
    let mut out = Vec::with_capacity(keyed.len());
    let mut digests = BTreeMap::new();
    let mut events = 0;
    for (key, case) in keyed {
        let history = store.history(key)?;
        events += history.len();
        digests.insert(case.case_id.clone(), digest(&case, &history)?);
        let summary = summaries.get(&key).cloned().ok_or(StoreError::NotFound)?;
        out.push((case, summary, history));
    }
    Ok((out, digests, events))
}

/// `loket migrate --from … --to …`: copies every case with its full history and every
/// verklaring van vernietiging into an empty store (one without cases: verklaringen it already
/// holds stay, the same one is kept once), then reads the target back and compares counts, a
/// digest of every case and the verklaringen.
pub fn run_migrate(global: &Global, from: &str, to: &str) -> anyhow::Result<i32> {
    let (source_t, target_t) = (StoreTarget::parse(from), StoreTarget::parse(to));
    if source_t == target_t {
        eprintln!("loket: bron en doel zijn dezelfde opslag");
        return Ok(EXIT_BAD_INPUT);
    }
    if let StoreTarget::Dir(dir) = &source_t
        && !dir.exists()
    {
        // A typo in --from must not copy an empty, newly made store.
        eprintln!("loket: de bron {} bestaat niet", dir.display());
        return Ok(EXIT_FAIL);
    }
    let source = match open_target(&source_t, global) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let target = match &target_t {
        StoreTarget::Dir(dir) => match super::tui::open_store(dir) {
            Ok(s) => Target::Dir(s),
            Err(code) => return Ok(code),
        },
        StoreTarget::Postgres(url) => match open_team(url, global) {
            Ok(s) => Target::Postgres(Box::new(s)),
            Err(code) => return Ok(code),
        },
    };
    let to_name = target.store().location();
    match target.store().count() {
        Ok(0) => {}
        Ok(n) => {
            eprintln!(
                "loket: het doel {to_name} is niet leeg ({n} zaken); overzetten gaat alleen naar een lege opslag"
            );
            return Ok(EXIT_FAIL);
        }
        Err(e) => return Ok(fail(e)),
    }
    let user = super::tui::user_name(global);
    let (cases, digests, events) = match read_everything(source.as_ref(), &user) {
        Ok(all) => all,
        Err(e) => return Ok(fail(e)),
    };
    let verklaringen = match source.verklaringen() {
        Ok(v) => v,
        Err(e) => return Ok(fail(e)),
    };
    // Before the cases: a team database that refuses them (the role) refuses before any write.
    if let Err(e) = target.store().keep_verklaringen(&verklaringen) {
        return Ok(fail(e));
    }
    let total = cases.len();
    let mut progress = crate::shell::progress::progress_printer("Zaken overzetten");
    let mut done = 0;
    let mut batch = Vec::with_capacity(MIGRATE_BATCH);
    for case in cases {
        batch.push(case);
        if batch.len() == MIGRATE_BATCH {
            done += match target.import(std::mem::take(&mut batch)) {
                Ok(n) => n,
                Err(e) => return Ok(fail(e)),
            };
            progress(done, total);
        }
    }
    done += match target.import(batch) {
        Ok(n) => n,
        Err(e) => return Ok(fail(e)),
    };
    progress(done, total);
    // The summaries were made under the source's policy: keep its fingerprint with them.
    if let Ok(Some(f)) = source.meta_get(POLICY_FINGERPRINT_KEY)
        && let Err(e) = target.store().meta_set(POLICY_FINGERPRINT_KEY, &f)
    {
        return Ok(fail(e));
    }
    // Check: read everything back from the target and compare.
    let (_, copied, copied_events) = match read_everything(target.store(), &user) {
        Ok(all) => all,
        Err(e) => return Ok(fail(e)),
    };
    let differing: Vec<&String> = digests
        .iter()
        .filter(|(id, d)| copied.get(*id) != Some(*d))
        .map(|(id, _)| id)
        .collect();
    let kept = match target.store().verklaringen() {
        Ok(v) => v,
        Err(e) => return Ok(fail(e)),
    };
    let missing: Vec<&Verklaring> = retention::not_kept(&verklaringen, &kept);
    print_stdout(&format!(
        "Overgezet van {} naar {to_name}: {total} zaken met {events} geschiedenisregels, {}.",
        source.location(),
        Verklaring::count_text(verklaringen.len())
    ))?;
    let cases_equal =
        copied.len() == digests.len() && copied_events == events && differing.is_empty();
    if cases_equal && missing.is_empty() {
        print_stdout(&format!(
            "Controle: {} zaken en {copied_events} geschiedenisregels in het doel; alle {} zaken zijn gelijk (digest per zaak).",
            copied.len(),
            digests.len()
        ))?;
        print_stdout(&format!(
            "Controle: verklaringen van vernietiging gelijk in het doel: {n} van {n}.",
            n = verklaringen.len()
        ))?;
        Ok(EXIT_OK)
    } else if cases_equal {
        eprintln!(
            "loket: controle mislukt: de verklaring van vernietiging van {} staat niet (gelijk) in het doel",
            missing
                .iter()
                .map(|v| v.zaaknummer.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        Ok(EXIT_FAIL)
    } else {
        eprintln!(
            "loket: controle mislukt: {} zaken en {copied_events} geschiedenisregels in het doel (verwacht {} en {events}); afwijkend: {}",
            copied.len(),
            digests.len(),
            differing
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        Ok(EXIT_FAIL)
    }
}
