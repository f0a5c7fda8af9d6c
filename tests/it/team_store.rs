//! The team store (PostgreSQL) against a real, throwaway server: schema from an empty
//! database, saves as transactions, merge and conflict between desks in every order, many
//! desks at once without lost updates, roles refused by the store, the access log, live news.

use crate::pg::TestDb;
use crate::tmux as common;
use chrono::{DateTime, TimeZone, Utc};
use loket::domain::answers::Value;
use loket::domain::case::{Case, Client, Status};
use loket::domain::history::Change;
use loket::domain::merge::{Prefer, describe};
use loket::domain::role::Role;
use loket::domain::summary::Summary;
use loket::store::desk::{self, DeskOutcome, DeskSave};
use loket::store::pg::{PgStore, schema};
use loket::store::{
    AccessContext, AccessPurpose, BatchCase, CaseKey, CaseStore, Loaded, NewCase, Resegment,
    SaveRequest, SledStore, StoreError, Version,
};
use std::sync::Arc;
use std::time::Duration;

fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, h, m, s)
        .single()
        .expect("valid time")
}

fn new_case(name: &str) -> NewCase {
    let case = Case::new(
        String::new(),
        Client {
            name: name.into(),
            ..Client::default()
        },
        at(9, 0, 0),
    );
    NewCase {
        summary: Summary::unassessed(&case),
        case,
        changes: vec![Change::Created],
    }
}

/// Sets an answer on `case` and returns the change that describes it.
fn answer(case: &mut Case, item: &str, value: Value) -> Change {
    let old = case.answers.set("schuldhulp", item, Some(value.clone()), 1);
    Change::Answer {
        checklist: "schuldhulp".into(),
        item: item.into(),
        old,
        new: Some(value),
        checklist_version: 1,
    }
}

#[test]
fn the_schema_is_built_on_an_empty_database_and_applied_once() {
    let db = TestDb::new();
    let mut client = postgres::Client::connect(&db.url, postgres::NoTls).expect("connect");
    assert_eq!(schema::migrate(&mut client), Ok(schema::latest() as usize));
    assert_eq!(schema::migrate(&mut client), Ok(0));
    let version: i32 = client
        .query_one("SELECT max(version) FROM loket_schema", &[])
        .expect("schema table")
        .get(0);
    assert_eq!(version, schema::latest());
    // Opening the store on a migrated database works and adds nothing.
    let store = PgStore::open(&db.url, "anna").expect("open");
    assert_eq!(store.count().expect("count"), 0);
}

#[test]
fn a_newer_schema_is_refused_with_a_dutch_message() {
    let db = TestDb::new();
    PgStore::open(&db.url, "anna").expect("open");
    db.cluster().psql(
        &db.name,
        &format!(
            "INSERT INTO loket_schema (version) VALUES ({})",
            schema::latest() + 1
        ),
    );
    let err = PgStore::open(&db.url, "anna").expect_err("newer schema");
    assert!(err.to_string().contains("werk loket bij"), "{err}");
}

#[test]
fn roles_are_enforced_by_the_store() {
    let db = TestDb::new();
    // The first user of an empty database becomes teamleider.
    let lead = PgStore::open(&db.url, "tineke").expect("open");
    assert_eq!(lead.role(), Role::Teamleider);
    // Anyone not in the table gets a clear Dutch refusal.
    let err = PgStore::open(&db.url, "onbekend").expect_err("unknown user");
    assert!(matches!(err, StoreError::UnknownUser(_)));
    assert!(err.to_string().contains("niet bekend"), "{err}");

    lead.add_user("balie", Role::Baliemedewerker).expect("add");
    let counter = PgStore::open(&db.url, "balie").expect("open balie");
    assert_eq!(counter.role(), Role::Baliemedewerker);
    let key = counter
        .create(new_case("Jansen"), "balie", at(9, 0, 0))
        .expect("counter creates")
        .key;
    let Loaded {
        mut case,
        version: v,
    } = counter.load(key, &view("balie")).expect("load");
    let ok = answer(&mut case, "inkomen.netto", Value::Int(1));
    let v = save(&counter, key, v, &case, &[ok])
        .expect("schuldhulp intake")
        .version;
    // The bewind checklist and a decision are refused, and nothing is written.
    let mut bewind = case.clone();
    bewind
        .answers
        .set("bewind", "b.1", Some(Value::Bool(true)), 1);
    let refused = save(
        &counter,
        key,
        v,
        &bewind,
        &[Change::Answer {
            checklist: "bewind".into(),
            item: "b.1".into(),
            old: None,
            new: Some(Value::Bool(true)),
            checklist_version: 1,
        }],
    )
    .expect_err("bewind refused");
    assert!(
        refused
            .to_string()
            .contains("balie (baliemedewerker) mag dit niet"),
        "{refused}"
    );
    let to_besluit = Change::Status {
        old: Status::Intake,
        new: Status::Besluit,
    };
    assert!(save(&counter, key, v, &case, &[to_besluit]).is_err());
    // Traject steps are the counsellor's; of the documents the counter makes the documentenlijst.
    let step = Change::Traject {
        what: "beschikking".into(),
        old: Box::default(),
        new: Box::default(),
    };
    let refused = save(&counter, key, v, &case, &[step]).expect_err("traject refused");
    assert!(
        refused.to_string().contains("het traject bijwerken"),
        "{refused}"
    );
    let document = |soort: &str| Change::DocumentMade {
        soort: soort.into(),
        bestand: format!("/tmp/{soort}.pdf"),
        afwijzing: None,
    };
    assert!(save(&counter, key, v, &case, &[document("beschikking")]).is_err());
    let v = save(&counter, key, v, &case, &[document("documenten")])
        .expect("the documentenlijst")
        .version;
    assert_eq!(counter.load(key, &view("balie")).expect("load").version, v);
    // Managing users, reading the access log and assigning are the teamleider's.
    assert!(counter.add_user("x", Role::Teamleider).is_err());
    assert!(counter.access_log(key).is_err());
    assert!(counter.assign(key, Some("balie")).is_err());
    // Changing a role; the last teamleider stays.
    lead.set_role("balie", Role::Schuldhulpverlener)
        .expect("set role");
    assert!(lead.set_role("tineke", Role::Baliemedewerker).is_err());
    let users: Vec<(String, Role)> = lead
        .users()
        .expect("users")
        .into_iter()
        .map(|u| (u.name, u.role))
        .collect();
    assert_eq!(
        users,
        vec![
            ("balie".into(), Role::Schuldhulpverlener),
            ("tineke".into(), Role::Teamleider)
        ]
    );
    // Assignment: "mijn zaken".
    lead.assign(key, Some("balie")).expect("assign");
    let counsellor = PgStore::open(&db.url, "balie").expect("reopen");
    assert_eq!(counsellor.my_cases().expect("mine"), vec![key]);
    assert!(lead.my_cases().expect("mine").is_empty());
}

#[test]
fn another_desk_hears_of_a_new_case_and_sees_it_in_changed_since() {
    let db = TestDb::new();
    let a = PgStore::open(&db.url, "anna").expect("open a");
    let (_, cursor) = a.summaries().expect("list");
    let listener = a.listen().expect("listen");
    a.add_user("bert", Role::Baliemedewerker).expect("add");
    let b = PgStore::open(&db.url, "bert").expect("open b");
    let created = b
        .create(new_case("Nieuw"), "bert", at(9, 0, 0))
        .expect("create");
    let (key, id) = (created.key, created.case_id);
    assert_eq!(listener.wait(Duration::from_secs(5)), Some(key));
    let (rows, _, next) = a.summaries_since(cursor).expect("changed since");
    assert_eq!(
        rows.iter()
            .map(|(k, s)| (*k, s.case_id.clone()))
            .collect::<Vec<_>>(),
        vec![(key, id)]
    );
    // Nothing new: the next poll returns nothing (or only rows it may repeat, never less).
    let (rows, _, _) = a.summaries_since(next).expect("changed since");
    assert!(rows.len() <= 1);
}

/// Polls `changed_elsewhere` (as the event loop does each tick) until `want` shows, or gives up
/// after a generous wait.
fn poll_until(store: &PgStore, cursor: &mut u64, want: CaseKey) -> Vec<CaseKey> {
    let mut seen = Vec::new();
    for _ in 0..100 {
        let (keys, next) = store.changed_elsewhere(*cursor).expect("changed elsewhere");
        *cursor = next;
        seen.extend(keys);
        if seen.contains(&want) {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    seen
}

#[test]
fn a_desk_is_told_of_other_desks_changes_but_not_of_its_own() {
    let db = TestDb::new();
    let a = PgStore::open(&db.url, "anna").expect("open a");
    a.add_user("bert", Role::Schuldhulpverlener).expect("add");
    let b = PgStore::open(&db.url, "bert").expect("open b");
    let (_, mut cursor) = a.summaries().expect("list");
    // The first poll starts the listener and asks the database once.
    assert_eq!(a.changed_elsewhere(cursor).expect("first poll").0, vec![]);
    let own = a
        .create(new_case("Eigen"), "anna", at(9, 0, 0))
        .expect("own")
        .key;
    let theirs = b
        .create(new_case("Elders"), "bert", at(9, 1, 0))
        .expect("theirs")
        .key;
    let seen = poll_until(&a, &mut cursor, theirs);
    assert!(seen.contains(&theirs), "{seen:?}");
    assert!(!seen.contains(&own), "own save reported: {seen:?}");
    // A save elsewhere on an open case is news too.
    let loaded = b.load(own, &view("bert")).expect("load");
    let mut case = loaded.case.clone();
    let change = answer(&mut case, "inkomen.netto", Value::Int(5));
    save(&b, own, loaded.version, &case, &[change]).expect("save");
    let seen = poll_until(&a, &mut cursor, own);
    assert!(seen.contains(&own), "{seen:?}");
}

fn loket(db: &TestDb, user: &str, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["--store", &db.url, "--user", user])
        .args(args)
        .env_remove("LOKET_STORE")
        .output()
        .expect("run loket");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn users_are_managed_on_the_command_line_by_the_teamleider_only() {
    let db = TestDb::new();
    // The first user of an empty database becomes teamleider.
    let (code, out, err) = loket(&db, "tineke", &["gebruiker", "lijst"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(out, "NAAM    ROL\ntineke  teamleider\n");
    let (code, out, _) = loket(
        &db,
        "tineke",
        &[
            "gebruiker",
            "toevoegen",
            "balie",
            "--rol",
            "baliemedewerker",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(out, "Gebruiker balie toegevoegd als baliemedewerker.\n");
    let (code, _, err) = loket(
        &db,
        "tineke",
        &["gebruiker", "toevoegen", "x", "--rol", "baas"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("onbekende rol \"baas\""), "{err}");
    // A counter may not manage users; the store refuses.
    let (code, _, err) = loket(
        &db,
        "balie",
        &["gebruiker", "toevoegen", "y", "--rol", "teamleider"],
    );
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "loket: balie (baliemedewerker) mag dit niet: gebruikers beheren\n"
    );
    // Reports are the teamleider's: the store refuses the counter.
    let (code, _, err) = loket(&db, "balie", &["report"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "loket: balie (baliemedewerker) mag dit niet: rapportages maken\n"
    );
    let (code, out, _) = loket(&db, "tineke", &["report"]);
    assert_eq!(code, 0);
    assert!(!out.is_empty());
    // Someone not in the table is refused by name.
    let (code, _, err) = loket(&db, "vreemd", &["gebruiker", "lijst"]);
    assert_eq!(code, 1);
    assert!(err.contains("gebruiker vreemd is niet bekend"), "{err}");
    let (code, out, _) = loket(
        &db,
        "tineke",
        &["gebruiker", "rol", "balie", "schuldhulpverlener"],
    );
    assert_eq!(
        (code, out.as_str()),
        (0, "balie is nu schuldhulpverlener.\n")
    );
    let (_, out, _) = loket(&db, "tineke", &["gebruiker", "lijst"]);
    assert_eq!(
        out,
        "NAAM    ROL\nbalie   schuldhulpverlener\ntineke  teamleider\n"
    );
}

#[test]
fn the_access_log_of_a_case_is_shown_by_loket_toegang() {
    let db = TestDb::new();
    let lead = PgStore::open(&db.url, "tineke").expect("open");
    let created = lead
        .create(new_case("Jansen"), "tineke", at(9, 0, 0))
        .expect("create");
    let (key, id) = (created.key, created.case_id);
    lead.load(key, &view("tineke")).expect("load");
    let report = AccessContext {
        purpose: AccessPurpose::Report,
        ..view("tineke")
    };
    lead.record_access(key, &report).expect("report");
    let (code, out, err) = loket(&db, "tineke", &["toegang", &id]);
    assert_eq!((code, err.as_str()), (0, ""));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], format!("Toegang tot zaak {id} (2 keer)"));
    assert!(
        lines[1].ends_with("  tineke (teamleider)  bekeken"),
        "{out}"
    );
    assert!(
        lines[2].ends_with("  tineke (teamleider)  meegeteld in rapportage"),
        "{out}"
    );
    let (code, _, err) = loket(&db, "tineke", &["toegang", "2099-99999"]);
    assert_eq!(code, 1);
    assert_eq!(err, "loket: zaak 2099-99999 bestaat niet\n");
    // Only the teamleider sees the access log.
    loket(
        &db,
        "tineke",
        &[
            "gebruiker",
            "toevoegen",
            "balie",
            "--rol",
            "baliemedewerker",
        ],
    );
    let (code, _, err) = loket(&db, "balie", &["toegang", &id]);
    assert_eq!(code, 1);
    assert!(
        err.contains("mag dit niet: het toegangslogboek inzien"),
        "{err}"
    );

    // The log keeps the role the reader had then: balie reads as baliemedewerker and is made
    // schuldhulpverlener afterwards.
    let balie = PgStore::open(&db.url, "balie").expect("open");
    balie.load(key, &view("balie")).expect("load");
    drop(balie);
    lead.set_role("balie", Role::Schuldhulpverlener)
        .expect("new role");
    let (code, out, err) = loket(&db, "tineke", &["toegang", &id]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(
        out.lines()
            .any(|l| l.ends_with("  balie (baliemedewerker)  bekeken")),
        "{out}"
    );
    let (code, out, err) = loket(&db, "tineke", &["inzage", &id, "--formaat", "tekst"]);
    assert_eq!((code, err.as_str()), (0, ""));
    let row = out
        .lines()
        .find(|l| l.contains("balie") && l.contains("bekeken"))
        .unwrap_or("");
    assert!(
        row.contains("baliemedewerker") && !row.contains("schuldhulpverlener"),
        "{out}"
    );
}

/// A plain save on `base` (no merge), as the trait does it.
fn save(
    store: &dyn CaseStore,
    key: CaseKey,
    base: Version,
    case: &Case,
    changes: &[Change],
) -> Result<loket::store::Saved, StoreError> {
    let summary = Summary::unassessed(case);
    store.save(key, base, request(case, &summary, changes))
}
// ---- The store contract: every test runs against sled (temp dir) and PostgreSQL ----

/// Opens another desk (by user name) on the fixture's case base.
type OpenDesk = Box<dyn Fn(&str) -> Arc<dyn CaseStore>>;

/// A fresh, empty store of one kind, and a way to open it as a second desk.
struct Fixture {
    store: Arc<dyn CaseStore>,
    /// Another desk on the same case base: a second connection (PostgreSQL, a user with the
    /// schuldhulpverlener role) or the same handle (sled is one process).
    second: OpenDesk,
    _keep: Box<dyn std::any::Any>,
}

fn sled_fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let store: Arc<dyn CaseStore> = Arc::new(SledStore::open(dir.path()).expect("open sled"));
    let same = store.clone();
    Fixture {
        store,
        second: Box::new(move |_| same.clone()),
        _keep: Box::new(dir),
    }
}

fn pg_fixture() -> Fixture {
    let db = TestDb::new();
    let lead = PgStore::open(&db.url, "anna").expect("open pg");
    let url = db.url.clone();
    let store: Arc<dyn CaseStore> = Arc::new(lead);
    let admin = PgStore::open(&db.url, "anna").expect("open pg");
    Fixture {
        store,
        second: Box::new(move |user| {
            let _ = admin.add_user(user, Role::Schuldhulpverlener);
            Arc::new(PgStore::open(&url, user).expect("open second desk"))
        }),
        _keep: Box::new(db),
    }
}

macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod on_sled {
            $(#[test] fn $name() { super::$name(&super::sled_fixture()); })*
        }
        mod on_postgres {
            $(#[test] fn $name() { super::$name(&super::pg_fixture()); })*
        }
    };
}

/// The checks of the seam's own contract module, on this fixture's store.
fn stale_save_conflicts(f: &Fixture) {
    crate::store_contract::a_save_from_a_stale_version_is_a_conflict_and_writes_nothing(
        f.store.as_ref(),
    );
}

fn loads_are_in_the_access_log(f: &Fixture) {
    crate::store_contract::every_load_is_in_the_access_log(f.store.as_ref());
}

contract!(
    stale_save_conflicts,
    loads_are_in_the_access_log,
    created_cases_round_trip_with_numbers_and_versions,
    a_save_bumps_the_version_and_appends_history,
    a_save_on_an_old_version_conflicts_and_writes_nothing,
    every_read_is_in_the_access_log,
    batches_export_and_resegmentation,
    meta_values_round_trip,
    two_desks_different_answers_both_survive_in_either_order,
    the_same_answer_is_a_conflict_naming_who_when_and_both_values,
    two_desks_in_every_interleaving_lose_nothing,
    many_desks_at_once_lose_no_update,
    a_traject_step_a_document_and_a_client_field_from_two_desks_all_survive,
);

fn view(by: &str) -> AccessContext {
    AccessContext {
        by: by.into(),
        at: at(9, 30, 0),
        purpose: AccessPurpose::View,
    }
}

fn request<'a>(case: &'a Case, summary: &'a Summary, changes: &'a [Change]) -> SaveRequest<'a> {
    SaveRequest {
        case,
        summary,
        changes,
        by: "anna",
        at: at(10, 0, 0),
    }
}

fn desk_save2(
    store: &dyn CaseStore,
    key: CaseKey,
    loaded: &Loaded,
    mine: &Case,
    changes: &[Change],
    prefer: Prefer,
) -> DeskOutcome {
    desk::save(
        store,
        &DeskSave {
            key,
            base: &loaded.case,
            base_version: loaded.version,
            mine,
            changes,
            by: "desk",
            at: at(10, 0, 0),
            summarize: &Summary::unassessed,
            prefer,
        },
    )
    .expect("desk save")
}

fn created_cases_round_trip_with_numbers_and_versions(f: &Fixture) {
    let s = f.store.as_ref();
    let c = s
        .create(new_case("Jansen"), "anna", at(9, 0, 0))
        .expect("create");
    assert_eq!((c.case_id.as_str(), c.version), ("2026-00001", Version(1)));
    let loaded = s.load(c.key, &view("anna")).expect("load");
    assert_eq!(loaded.version, Version(1));
    assert_eq!(loaded.case.client.name, "Jansen");
    assert_eq!(loaded.case.case_id, "2026-00001");
    let mut wanted = new_case("Bakker");
    wanted.case.case_id = "GEM-7".into();
    assert_eq!(
        s.create(wanted, "anna", at(9, 1, 0))
            .expect("create")
            .case_id,
        "GEM-7"
    );
    let mut taken = new_case("De Vries");
    taken.case.case_id = "GEM-7".into();
    assert_eq!(
        s.create(taken, "anna", at(9, 2, 0))
            .expect("create")
            .case_id,
        "2026-00002"
    );
    assert_eq!(s.count().expect("count"), 3);
    let listing = s.list_summaries().expect("list");
    let ids: Vec<&str> = listing
        .rows
        .iter()
        .map(|(_, r)| r.case_id.as_str())
        .collect();
    assert_eq!(ids, vec!["2026-00001", "GEM-7", "2026-00002"]);
    assert_eq!(s.key_of("GEM-7").expect("key"), Some(listing.rows[1].0));
    assert_eq!(
        s.keys().expect("keys"),
        listing.rows.iter().map(|(k, _)| *k).collect::<Vec<_>>()
    );
}

fn a_save_bumps_the_version_and_appends_history(f: &Fixture) {
    let s = f.store.as_ref();
    let c = s
        .create(new_case("Jansen"), "anna", at(9, 0, 0))
        .expect("create");
    let mut case = s.load(c.key, &view("anna")).expect("load").case;
    let change = answer(&mut case, "inkomen.netto", Value::Int(1200));
    let summary = Summary::unassessed(&case);
    let changes = [change.clone()];
    let saved = s
        .save(c.key, Version(1), request(&case, &summary, &changes))
        .expect("save");
    assert_eq!(saved.version, Version(2));
    let again = s.load(c.key, &view("anna")).expect("load");
    assert_eq!((again.case, again.version), (case, Version(2)));
    let history: Vec<Change> = s
        .history(c.key)
        .expect("history")
        .into_iter()
        .map(|e| e.change)
        .collect();
    assert_eq!(history, vec![Change::Created, change]);
}

fn a_save_on_an_old_version_conflicts_and_writes_nothing(f: &Fixture) {
    let s = f.store.as_ref();
    let c = s
        .create(new_case("Jansen"), "anna", at(9, 0, 0))
        .expect("create");
    let mut case = s.load(c.key, &view("anna")).expect("load").case;
    let first = [answer(&mut case, "inkomen.netto", Value::Int(1))];
    let summary = Summary::unassessed(&case);
    s.save(c.key, Version(1), request(&case, &summary, &first))
        .expect("save");
    let mut stale = case.clone();
    let late = [answer(&mut stale, "inkomen.netto", Value::Int(2))];
    let err = s
        .save(c.key, Version(1), request(&stale, &summary, &late))
        .expect_err("stale");
    assert!(err.is_conflict(), "{err}");
    assert!(
        err.to_string()
            .contains("intussen door iemand anders gewijzigd"),
        "{err}"
    );
    let stored = s.load(c.key, &view("anna")).expect("load");
    assert_eq!(stored.version, Version(2));
    assert_eq!(
        stored.case.answers.get("schuldhulp", "inkomen.netto"),
        Some(&Value::Int(1))
    );
    assert_eq!(s.history(c.key).expect("history").len(), 2);
}

fn every_read_is_in_the_access_log(f: &Fixture) {
    let s = f.store.as_ref();
    let c = s
        .create(new_case("Jansen"), "anna", at(9, 0, 0))
        .expect("create");
    s.load(c.key, &view("anna")).expect("load");
    let export = AccessContext {
        by: "anna".into(),
        at: at(9, 40, 0),
        purpose: AccessPurpose::Export,
    };
    let mut seen = 0;
    s.export_all(&export, &mut |_, _| {
        seen += 1;
        Ok(())
    })
    .expect("export");
    assert_eq!(seen, 1);
    let report = AccessContext {
        by: "anna".into(),
        at: at(9, 50, 0),
        purpose: AccessPurpose::Report,
    };
    s.record_access(c.key, &report).expect("record");
    let log: Vec<(String, AccessPurpose)> = s
        .access_log(c.key)
        .expect("log")
        .into_iter()
        .map(|e| (e.by, e.purpose))
        .collect();
    assert_eq!(
        log,
        vec![
            ("anna".into(), AccessPurpose::View),
            ("anna".into(), AccessPurpose::Export),
            ("anna".into(), AccessPurpose::Report),
        ]
    );
    // The access log is apart from the case history.
    assert_eq!(s.history(c.key).expect("history").len(), 1);
}

fn batches_export_and_resegmentation(f: &Fixture) {
    let s = f.store.as_ref();
    let batch: Vec<BatchCase> = (0..25)
        .map(|i| BatchCase {
            new: new_case(&format!("Zaak {i}")),
            by: "anna".into(),
            at: at(9, 0, i),
        })
        .collect();
    let created = s.import_batch(batch).expect("batch");
    assert_eq!(created.len(), 25);
    let mut names = Vec::new();
    let export = AccessContext {
        by: "anna".into(),
        at: at(9, 40, 0),
        purpose: AccessPurpose::Export,
    };
    let n = s
        .export_all(&export, &mut |_, case| {
            names.push(case.client.name);
            Ok(())
        })
        .expect("export");
    assert_eq!(n, 25);
    assert_eq!(names[24], "Zaak 24");
    let shout = |case: &Case| Summary {
        name: case.client.name.to_uppercase(),
        ..Summary::unassessed(case)
    };
    let job = Resegment {
        fingerprint: "beleid-2",
        summarize: &shout,
    };
    let done = s.resegment_all(&job, &mut |_, _| {}).expect("resegment");
    assert_eq!(done, 25);
    assert!(!s.needs_resegment("beleid-2").expect("needs"));
    let listing = s.list_summaries().expect("list");
    assert!(listing.rows.iter().all(|(_, r)| r.name.starts_with("ZAAK")));
}

fn meta_values_round_trip(f: &Fixture) {
    let s = f.store.as_ref();
    assert_eq!(s.meta_get("x").expect("get"), None);
    s.meta_set("x", "één").expect("set");
    s.meta_set("x", "twee").expect("set");
    assert_eq!(s.meta_get("x").expect("get").as_deref(), Some("twee"));
}

/// Issue 18 and 15 meet the team store: one desk records a traject step and makes a document,
/// the other changes a DDAS client field; the second save merges and nothing is lost.
fn a_traject_step_a_document_and_a_client_field_from_two_desks_all_survive(f: &Fixture) {
    use loket::domain::traject::{Beschikking, BeschikkingSoort};
    let a = f.store.clone();
    let b = (f.second)("bert");
    let c = a
        .create(new_case("Jansen"), "anna", at(9, 0, 0))
        .expect("create");
    let loaded_a = a.load(c.key, &view("anna")).expect("load a");
    let loaded_b = b.load(c.key, &view("bert")).expect("load b");
    let mut case_a = loaded_a.case.clone();
    let old = Box::new(case_a.traject.clone());
    case_a.traject.beschikking = Some(Beschikking {
        datum: chrono::NaiveDate::from_ymd_opt(2026, 11, 20),
        soort: Some(BeschikkingSoort::Toelating),
    });
    let changes_a = [
        Change::Traject {
            what: "beschikking".into(),
            old,
            new: Box::new(case_a.traject.clone()),
        },
        Change::DocumentMade {
            soort: "documenten".into(),
            bestand: "/tmp/documenten.pdf".into(),
            afwijzing: None,
        },
    ];
    let mut case_b = loaded_b.case.clone();
    case_b.client.postcode = Some("1234AB".into());
    let changes_b = [Change::Client {
        field: "postcode".into(),
        old: None,
        new: Some("1234AB".into()),
    }];
    let out = desk_save2(
        a.as_ref(),
        c.key,
        &loaded_a,
        &case_a,
        &changes_a,
        Prefer::Nobody,
    );
    assert!(
        matches!(out, DeskOutcome::Saved { merged: false, .. }),
        "{out:?}"
    );
    let out = desk_save2(
        b.as_ref(),
        c.key,
        &loaded_b,
        &case_b,
        &changes_b,
        Prefer::Nobody,
    );
    assert!(
        matches!(out, DeskOutcome::Saved { merged: true, .. }),
        "{out:?}"
    );
    let stored = f.store.load(c.key, &view("anna")).expect("load").case;
    assert_eq!(stored.traject.beschikking, case_a.traject.beschikking);
    assert_eq!(stored.client.postcode.as_deref(), Some("1234AB"));
    let history = f.store.history(c.key).expect("history");
    let kinds: Vec<&str> = history
        .iter()
        .filter_map(|e| match &e.change {
            Change::Traject { .. } => Some("traject"),
            Change::DocumentMade { .. } => Some("document"),
            Change::Client { .. } => Some("client"),
            _ => None,
        })
        .collect();
    assert_eq!(kinds, vec!["traject", "document", "client"]);
}

/// Two desks load version 1 and each changes one answer; the first saves, then the second.
fn two_desks_on(
    f: &Fixture,
    first: (&str, Value),
    second: (&str, Value),
) -> (CaseKey, Arc<dyn CaseStore>, Loaded, Case, DeskOutcome) {
    let a = f.store.clone();
    let b = (f.second)("bert");
    let c = a
        .create(new_case("Jansen"), "anna", at(9, 0, 0))
        .expect("create");
    let loaded_a = a.load(c.key, &view("anna")).expect("load a");
    let loaded_b = b.load(c.key, &view("bert")).expect("load b");
    let mut case_a = loaded_a.case.clone();
    let mut case_b = loaded_b.case.clone();
    let change_a = [answer(&mut case_a, first.0, first.1)];
    let change_b = [answer(&mut case_b, second.0, second.1)];
    let out = desk_save2(
        a.as_ref(),
        c.key,
        &loaded_a,
        &case_a,
        &change_a,
        Prefer::Nobody,
    );
    assert!(
        matches!(out, DeskOutcome::Saved { merged: false, .. }),
        "{out:?}"
    );
    let out = desk_save2(
        b.as_ref(),
        c.key,
        &loaded_b,
        &case_b,
        &change_b,
        Prefer::Nobody,
    );
    (c.key, b, loaded_b, case_b, out)
}

fn two_desks_different_answers_both_survive_in_either_order(f: &Fixture) {
    for (first, second) in [
        ("inkomen.netto", "woning.huur"),
        ("woning.huur", "inkomen.netto"),
    ] {
        let (key, _, _, _, out) =
            two_desks_on(f, (first, Value::Int(100)), (second, Value::Int(200)));
        let DeskOutcome::Saved {
            version,
            case: merged,
            merged: true,
        } = out
        else {
            panic!("different answers merge: {out:?}");
        };
        assert_eq!(version, Version(3));
        let stored = f.store.load(key, &view("anna")).expect("load");
        assert_eq!(stored.case, merged);
        assert_eq!(
            stored.case.answers.get("schuldhulp", first),
            Some(&Value::Int(100))
        );
        assert_eq!(
            stored.case.answers.get("schuldhulp", second),
            Some(&Value::Int(200))
        );
        let answers = f
            .store
            .history(key)
            .expect("history")
            .into_iter()
            .filter(|e| matches!(e.change, Change::Answer { .. }))
            .count();
        assert_eq!(answers, 2, "both events are in the history");
    }
}

fn the_same_answer_is_a_conflict_naming_who_when_and_both_values(f: &Fixture) {
    for prefer in [Prefer::Mine, Prefer::Theirs] {
        let (key, b, loaded_b, case_b, out) = two_desks_on(
            f,
            ("inkomen.netto", Value::Int(100)),
            ("inkomen.netto", Value::Int(250)),
        );
        let DeskOutcome::Conflict {
            items,
            current_version,
            ..
        } = out
        else {
            panic!("same answer conflicts: {out:?}");
        };
        assert_eq!(current_version, Version(2));
        let who = f
            .store
            .history(key)
            .expect("history")
            .last()
            .map(|e| e.by.clone())
            .expect("event");
        assert_eq!(
            describe(&items),
            format!(
                "antwoord inkomen.netto is door {who} op 24-11-2026 om 10:00 gewijzigd in 100; uw waarde is 250"
            )
        );
        let stored = f.store.load(key, &view("anna")).expect("load");
        assert_eq!(stored.version, Version(2), "nothing written on a conflict");
        let change = [Change::Answer {
            checklist: "schuldhulp".into(),
            item: "inkomen.netto".into(),
            old: None,
            new: Some(Value::Int(250)),
            checklist_version: 1,
        }];
        let again = desk_save2(b.as_ref(), key, &loaded_b, &case_b, &change, prefer);
        assert!(
            matches!(
                again,
                DeskOutcome::Saved {
                    version: Version(3),
                    ..
                }
            ),
            "{again:?}"
        );
        let stored = f.store.load(key, &view("anna")).expect("load");
        let expected = if prefer == Prefer::Mine { 250 } else { 100 };
        assert_eq!(
            stored.case.answers.get("schuldhulp", "inkomen.netto"),
            Some(&Value::Int(expected))
        );
    }
}

/// Every order of two desks' load (L) and save (S) on one case, each changing its own answer.
fn two_desks_in_every_interleaving_lose_nothing(f: &Fixture) {
    let orders = [
        "aLaSbLbS", "aLbLaSbS", "aLbLbSaS", "bLaLaSbS", "bLaLbSaS", "bLbSaLaS",
    ];
    let desks = [f.store.clone(), (f.second)("bert")];
    for order in orders {
        let c = desks[0]
            .create(new_case(order), "anna", at(9, 0, 0))
            .expect("create");
        let mut loaded: [Option<Loaded>; 2] = [None, None];
        for step in order.as_bytes().chunks(2) {
            let d = usize::from(step[0] == b'b');
            if step[1] == b'L' {
                loaded[d] = Some(desks[d].load(c.key, &view("desk")).expect("load"));
            } else {
                let base = loaded[d].take().expect("loaded first");
                let mut case = base.case.clone();
                let item = ["inkomen.netto", "woning.huur"][d];
                let change = [answer(&mut case, item, Value::Int(10 + d as u32))];
                let out = desk_save2(
                    desks[d].as_ref(),
                    c.key,
                    &base,
                    &case,
                    &change,
                    Prefer::Nobody,
                );
                assert!(matches!(out, DeskOutcome::Saved { .. }), "{order}: {out:?}");
            }
        }
        let stored = desks[0].load(c.key, &view("anna")).expect("load");
        assert_eq!(stored.version, Version(3), "{order}");
        assert_eq!(
            stored.case.answers.get("schuldhulp", "inkomen.netto"),
            Some(&Value::Int(10)),
            "{order}"
        );
        assert_eq!(
            stored.case.answers.get("schuldhulp", "woning.huur"),
            Some(&Value::Int(11)),
            "{order}"
        );
        assert_eq!(
            desks[0].history(c.key).expect("history").len(),
            3,
            "{order}"
        );
    }
}

/// N desks on their own threads save their own answer on one case at once. Lost updates are
/// counted: each desk's last value must be stored at the end, and every save in the history.
fn many_desks_at_once_lose_no_update(f: &Fixture) {
    const DESKS: usize = 8;
    const ROUNDS: u32 = 5;
    let c = f
        .store
        .create(new_case("Gedeeld"), "anna", at(9, 0, 0))
        .expect("create");
    let stores: Vec<Arc<dyn CaseStore>> = (0..DESKS)
        .map(|d| (f.second)(&format!("desk{d}")))
        .collect();
    let barrier = Arc::new(std::sync::Barrier::new(DESKS));
    let handles: Vec<_> = stores
        .into_iter()
        .enumerate()
        .map(|(d, store)| {
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                let mut conflicts = 0;
                for round in 1..=ROUNDS {
                    let loaded = store.load(c.key, &view("desk")).expect("load");
                    let mut case = loaded.case.clone();
                    let change = [answer(&mut case, &format!("desk.{d}"), Value::Int(round))];
                    if let DeskOutcome::Conflict { .. } = desk_save2(
                        store.as_ref(),
                        c.key,
                        &loaded,
                        &case,
                        &change,
                        Prefer::Nobody,
                    ) {
                        conflicts += 1;
                    }
                }
                conflicts
            })
        })
        .collect();
    let conflicts: u32 = handles.into_iter().map(|h| h.join().expect("desk")).sum();
    assert_eq!(conflicts, 0, "different answers never conflict");
    let stored = f.store.load(c.key, &view("anna")).expect("load");
    let lost = (0..DESKS)
        .filter(|d| {
            stored.case.answers.get("schuldhulp", &format!("desk.{d}")) != Some(&Value::Int(ROUNDS))
        })
        .count();
    assert_eq!(lost, 0, "lost updates");
    assert_eq!(
        stored.version,
        Version(1 + (DESKS as u64) * u64::from(ROUNDS))
    );
    let saves = f
        .store
        .history(c.key)
        .expect("history")
        .iter()
        .filter(|e| matches!(e.change, Change::Answer { .. }))
        .count();
    assert_eq!(saves, DESKS * ROUNDS as usize);
}

// ---- Two desks in the real loop (TestBackend, scripted keys and ticks) ----

mod desks {
    use super::*;
    use loket::app::{Effect, Env, State};
    use loket::domain::checklist::Checklists;
    use loket::domain::policy::Policy;
    use loket::keymap::Keymap;
    use loket::shell::event_loop::{Controls, Scripted, TICK_EVENT, key_table_for, run};
    use loket::shell::runner::{Runtime, execute};
    use loket::ui::{Theme, View};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

    fn now() -> DateTime<Utc> {
        at(10, 0, 0)
    }

    /// One desk: its own connection, state and screen.
    pub struct Desk {
        pub store: PgStore,
        pub state: State,
        controls: Controls,
        terminal: Terminal<TestBackend>,
    }

    impl Desk {
        pub fn open(url: &str, user: &str) -> Desk {
            let store = PgStore::open(url, user).expect("open desk");
            let env = Env {
                checklists: Checklists::embedded(),
                policy: Policy::embedded(),
                user: user.into(),
                today: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).expect("date"),
                offset: chrono::FixedOffset::east_opt(0).expect("offset"),
            };
            let listing = store.list_summaries().expect("list");
            let mut state = State::new(env, listing.rows);
            state.live = listing.cursor;
            state.set_role(CaseStore::role(&store));
            let keymap = Keymap::load_with(None, None).expect("keymap");
            let view = View {
                theme: Theme { color: false },
                keys: key_table_for(&keymap, state.role),
                offset: chrono::FixedOffset::east_opt(0).expect("offset"),
            };
            let terminal = Terminal::new(TestBackend::new(100, 50)).expect("terminal");
            Desk {
                store,
                state,
                controls: Controls::new(view, keymap),
                terminal,
            }
        }

        /// Feeds events through the real event loop, then returns the screen text.
        pub fn events(&mut self, events: Vec<Event>) -> String {
            let rt = Runtime {
                store: &self.store,
                now: &now,
                export_dir: std::env::temp_dir(),
                sjablonen: &loket::letters::Sjablonen::embedded(),
            };
            run(
                &mut self.terminal,
                &mut Scripted(events.into()),
                &mut self.state,
                &mut self.controls,
                &rt,
            )
            .expect("loop");
            // The loop draws before it reads an event: one more draw shows the last state.
            self.terminal
                .draw(|f| loket::ui::render(&self.state, &self.controls.view, f))
                .expect("draw");
            let buf = self.terminal.backend().buffer();
            let mut out = String::new();
            for y in 0..buf.area.height {
                for x in 0..buf.area.width {
                    out.push_str(buf[(x, y)].symbol());
                }
                out.push('\n');
            }
            out
        }

        pub fn key(&mut self, code: KeyCode) -> String {
            self.events(vec![Event::Key(KeyEvent::new(code, KeyModifiers::NONE))])
        }

        /// Ticks until the screen shows `text` (other desks' news arrives by notification).
        pub fn tick_until(&mut self, text: &str) -> String {
            let mut screen = String::new();
            for _ in 0..100 {
                screen = self.events(vec![TICK_EVENT]);
                if screen.contains(text) {
                    return screen;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            panic!("{text:?} never appeared:\n{screen}");
        }

        /// Answers an item on the open case as the checklist screen does: the change and its
        /// event go through the runner's save.
        pub fn answer(&mut self, item: &str, value: Value) {
            let open = self.state.open.as_mut().expect("a case is open");
            let change = answer(&mut open.case, item, value);
            let rt = Runtime {
                store: &self.store,
                now: &now,
                export_dir: std::env::temp_dir(),
                sjablonen: &loket::letters::Sjablonen::embedded(),
            };
            execute(
                &mut self.state,
                &rt,
                vec![Effect::Save {
                    changes: vec![change],
                }],
            );
        }

        pub fn status(&self) -> String {
            self.state
                .status
                .as_ref()
                .map(|s| s.text.clone())
                .unwrap_or_default()
        }
    }

    /// `loket beperk` by the teamleider, on the command line as at another desk.
    fn restrict_as_teamleider(db: &TestDb, case_id: &str) {
        let (code, _, err) = loket(db, "tineke", &["beperk", case_id, "--reden", "bezwaar"]);
        assert_eq!((code, err.as_str()), (0, ""));
    }

    #[test]
    fn an_open_case_restricted_or_destroyed_elsewhere_is_closed_at_a_desk_that_may_not_see_it() {
        let db = TestDb::new();
        let lead = PgStore::open(&db.url, "tineke").expect("open");
        lead.add_user("balie", Role::Schuldhulpverlener)
            .expect("add");
        let first = lead
            .create(new_case("Jansen"), "tineke", at(9, 0, 0))
            .expect("create");
        let mut counsellor = Desk::open(&db.url, "balie");
        assert!(counsellor.key(KeyCode::Enter).contains("Jansen"));
        assert!(counsellor.state.open.is_some());

        // The teamleider restricts it: the counsellor's screen drops the case and its name.
        restrict_as_teamleider(&db, &first.case_id);
        let screen = counsellor.tick_until("elders beperkt");
        assert!(counsellor.state.open.is_none());
        assert_eq!(counsellor.state.screen, loket::keymap::Screen::List);
        assert!(!screen.contains("Jansen"), "{screen}");
        assert!(screen.contains("(afgeschermd)"), "{screen}");

        // A case destroyed at another desk while open is closed too.
        let second = lead
            .create(new_case("Pietersen"), "tineke", at(9, 5, 0))
            .expect("create");
        counsellor.tick_until("Pietersen");
        // The newest change stands on top.
        counsellor.key(KeyCode::Home);
        counsellor.key(KeyCode::Enter);
        assert_eq!(
            counsellor.state.open.as_ref().map(|o| o.key),
            Some(second.key)
        );
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
        let verklaring = loket::domain::retention::Verklaring {
            zaaknummer: second.case_id.clone(),
            klasse: loket::domain::retention::Klasse::Afgebroken,
            categorie: "8.4".into(),
            jaren: 1,
            einde: day,
            vernietigen_vanaf: day,
            vernietigd_op: day,
            vernietigd_door: "tineke".into(),
            tijdstip: at(9, 10, 0),
        };
        lead.destroy(second.key, &verklaring).expect("destroy");
        let screen = counsellor.tick_until("elders vernietigd");
        assert!(counsellor.state.open.is_none());
        assert!(!screen.contains("Pietersen"), "{screen}");

        // On the Termijnen screen a case restricted meanwhile loses its name too.
        // A real melding gives the case its first deadline (`loket beperk` summarises it anew).
        let mut third = new_case("Visser");
        let env = &counsellor.state.env;
        third.case.answers.set(
            "schuldhulp",
            "melding.datum",
            Some(Value::Date(day)),
            env.checklists.schuldhulp.version,
        );
        let oc = loket::app::summary::outcome(&third.case, env);
        third.summary = loket::app::summary::summarize(&third.case, &oc, env);
        assert!(!third.summary.deadlines.is_empty());
        let third = lead.create(third, "tineke", at(9, 15, 0)).expect("create");
        counsellor.tick_until("Visser");
        let deadlines = counsellor.key(KeyCode::Char('t'));
        assert_eq!(counsellor.state.screen, loket::keymap::Screen::Termijnen);
        assert!(deadlines.contains("Visser"), "{deadlines}");
        restrict_as_teamleider(&db, &third.case_id);
        let screen = counsellor.tick_until("(afgeschermd)");
        assert!(!screen.contains("Visser"), "{screen}");
    }

    #[test]
    fn the_screen_does_not_offer_what_the_role_forbids() {
        let db = TestDb::new();
        let lead = PgStore::open(&db.url, "tineke").expect("open");
        lead.add_user("balie", Role::Baliemedewerker).expect("add");
        lead.create(new_case("Jansen"), "tineke", at(9, 0, 0))
            .expect("create");
        let mut counter = Desk::open(&db.url, "balie");
        let mut teamlead = Desk::open(&db.url, "tineke");
        let counter_case = counter.key(KeyCode::Enter);
        let lead_case = teamlead.key(KeyCode::Enter);
        // The teamleider sees who read the case, under its history; the counter does not.
        // Exactly the two opens: a poll reads the case only when its version moved on.
        assert!(
            lead_case.contains("Toegang (2 keer gelezen)"),
            "{lead_case}"
        );
        // Each with the reader's role at that moment, the names in one column.
        let entry = |who: &str| {
            lead_case
                .lines()
                .find(|l| l.contains(who))
                .and_then(|l| l.split(who).nth(1))
                .map(|rest| {
                    (
                        rest.len() - rest.trim_start().len(),
                        rest.trim().to_string(),
                    )
                })
        };
        assert_eq!(
            entry("tineke (teamleider)"),
            Some((5, "bekeken".to_string())),
            "{lead_case}"
        );
        assert_eq!(
            entry("balie (baliemedewerker)"),
            Some((1, "bekeken".to_string())),
            "{lead_case}"
        );
        assert!(!counter_case.contains("Toegang ("), "{counter_case}");
        let help = |desk: &mut Desk| {
            let screen = desk.key(KeyCode::Char('?'));
            desk.key(KeyCode::Esc);
            screen
        };
        let counter_help = help(&mut counter);
        let lead_help = help(&mut teamlead);
        assert!(lead_help.contains("vragenlijst bewind"), "{lead_help}");
        assert!(
            lead_help.contains("overzicht voor de gemeente"),
            "{lead_help}"
        );
        assert!(
            counter_help.contains("vragenlijst schuldhulp"),
            "{counter_help}"
        );
        assert!(
            !counter_help.contains("vragenlijst bewind"),
            "{counter_help}"
        );
        assert!(
            !counter_help.contains("overzicht voor de gemeente"),
            "{counter_help}"
        );
        // A key pressed anyway is explained, not tried.
        counter.key(KeyCode::Char('2'));
        assert_eq!(
            counter.status(),
            "Als baliemedewerker mag u dit niet: de vragenlijst bewind invullen. Vraag een \
             schuldhulpverlener of de teamleider."
        );
        counter.key(KeyCode::Char('r'));
        assert!(
            counter
                .status()
                .contains("het overzicht voor de gemeente maken")
        );
        // The counter may start the intake (after confirming), not go further.
        counter.key(KeyCode::Char('s'));
        counter.key(KeyCode::Char('j'));
        assert_eq!(
            counter.state.open.as_ref().map(|o| o.case.status),
            Some(Status::Intake)
        );
        counter.key(KeyCode::Char('s'));
        assert!(
            counter
                .status()
                .contains("de zaak verder zetten dan intake")
        );
        assert_eq!(
            counter.state.open.as_ref().map(|o| o.case.status),
            Some(Status::Intake)
        );
    }

    #[test]
    fn a_teamleider_assigns_cases_and_the_list_shows_mijn_zaken() {
        let db = TestDb::new();
        let lead = PgStore::open(&db.url, "tineke").expect("open");
        lead.add_user("bert", Role::Schuldhulpverlener)
            .expect("add");
        for name in ["Jansen", "Pietersen", "De Vries"] {
            lead.create(new_case(name), "tineke", at(9, 0, 0))
                .expect("create");
        }
        let (code, out, err) = loket(&db, "tineke", &["toewijzen", "2026-00002", "bert"]);
        assert_eq!((code, err.as_str()), (0, ""));
        assert_eq!(out, "Zaak 2026-00002 is toegewezen aan bert.\n");
        let (code, _, err) = loket(&db, "bert", &["toewijzen", "2026-00001", "bert"]);
        assert_eq!(code, 1);
        assert!(err.contains("mag dit niet: zaken toewijzen"), "{err}");
        let (code, _, err) = loket(&db, "tineke", &["toewijzen", "2026-00001", "niemand"]);
        assert_eq!(code, 1);
        assert!(err.contains("gebruiker niemand is niet bekend"), "{err}");

        let mut bert = Desk::open(&db.url, "bert");
        let all = bert.events(vec![]);
        assert!(all.contains("Jansen") && all.contains("De Vries"), "{all}");
        let mine = bert.key(KeyCode::Char('m'));
        assert!(mine.contains("Pietersen"), "{mine}");
        assert!(
            !mine.contains("Jansen") && !mine.contains("De Vries"),
            "{mine}"
        );
        assert_eq!(
            bert.status(),
            "Mijn zaken: 1 aan u toegewezen (nogmaals: alle zaken)"
        );
        let again = bert.key(KeyCode::Char('m'));
        assert!(
            again.contains("Jansen") && again.contains("De Vries"),
            "{again}"
        );
        assert_eq!(bert.status(), "Alle zaken");
    }

    fn two_desks(db: &TestDb) -> (Desk, Desk) {
        let lead = PgStore::open(&db.url, "anna").expect("open");
        lead.add_user("bert", Role::Schuldhulpverlener)
            .expect("add");
        lead.create(new_case("Jansen"), "anna", at(9, 0, 0))
            .expect("create");
        (Desk::open(&db.url, "anna"), Desk::open(&db.url, "bert"))
    }

    #[test]
    fn a_case_taken_in_at_one_desk_appears_in_the_other_desks_list() {
        let db = TestDb::new();
        let (mut anna, bert) = two_desks(&db);
        let before = anna.events(vec![]);
        assert!(before.contains("Jansen") && !before.contains("Pietersen"));
        bert.store
            .create(new_case("Pietersen"), "bert", at(9, 5, 0))
            .expect("bert takes a case in");
        let screen = anna.tick_until("Pietersen");
        // Still on the row that was selected.
        assert_eq!(
            anna.state.list.selected().map(|r| r.summary.name.as_str()),
            Some("Jansen"),
            "{screen}"
        );
    }

    #[test]
    fn different_answers_at_two_desks_are_both_saved_and_shown() {
        let db = TestDb::new();
        let (mut anna, mut bert) = two_desks(&db);
        anna.key(KeyCode::Enter);
        bert.key(KeyCode::Enter);
        anna.answer("inkomen.netto", Value::Int(100));
        assert!(
            anna.status().starts_with("Opgeslagen 10:00:00"),
            "{}",
            anna.status()
        );
        bert.answer("woning.huur", Value::Int(200));
        assert_eq!(
            bert.status(),
            "Opgeslagen 10:00:00, samen met wat intussen elders aan deze zaak is gewijzigd"
        );
        let open = bert.state.open.as_ref().expect("open");
        assert_eq!(
            open.case.answers.get("schuldhulp", "inkomen.netto"),
            Some(&Value::Int(100))
        );
        // Anna's open case takes in Bert's answer by itself.
        anna.tick_until("elders gewijzigd door bert");
        let open = anna.state.open.as_ref().expect("open");
        assert_eq!(
            open.case.answers.get("schuldhulp", "woning.huur"),
            Some(&Value::Int(200))
        );
        assert_eq!(open.version, Version(3));
    }

    #[test]
    fn the_same_answer_at_two_desks_names_the_other_user_time_and_both_values() {
        let db = TestDb::new();
        let (mut anna, mut bert) = two_desks(&db);
        anna.key(KeyCode::Enter);
        bert.key(KeyCode::Enter);
        anna.answer("inkomen.netto", Value::Int(100));
        bert.answer("inkomen.netto", Value::Int(250));
        let screen = bert.events(vec![]);
        assert_eq!(
            bert.status(),
            "Tegelijk gewijzigd: antwoord inkomen.netto is door anna op 24-11-2026 om 10:00 \
             gewijzigd in 100; uw waarde is 250. Die blijft staan; geef de uwe opnieuw om die \
             te houden. Uw andere wijzigingen zijn opgeslagen."
        );
        // The whole message is on the screen (the status line wraps): who, when, both values.
        for part in [
            "Tegelijk gewijzigd",
            "anna",
            "24-11-2026",
            "100;",
            "250.",
            "opgeslagen.",
        ] {
            assert!(screen.contains(part), "{part} not shown:\n{screen}");
        }
        // Bert chooses his value by giving it again: now it is saved.
        bert.answer("inkomen.netto", Value::Int(250));
        assert!(bert.status().starts_with("Opgeslagen"), "{}", bert.status());
        let stored = bert
            .store
            .load(bert.state.open.as_ref().expect("open").key, &view("bert"));
        assert_eq!(
            stored
                .expect("load")
                .case
                .answers
                .get("schuldhulp", "inkomen.netto"),
            Some(&Value::Int(250))
        );
    }

    fn ctrl(desk: &mut Desk, c: char) -> String {
        desk.events(vec![Event::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        ))])
    }

    fn type_text(desk: &mut Desk, text: &str) {
        desk.events(
            text.chars()
                .map(|c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)))
                .collect(),
        );
    }

    /// In the client form: to input `field` (0 name … 4 address), clear it and type `text`.
    fn fill(desk: &mut Desk, field: usize, text: &str) {
        for _ in 0..field {
            desk.key(KeyCode::Tab);
        }
        desk.key(KeyCode::End);
        for _ in 0..40 {
            desk.key(KeyCode::Backspace);
        }
        type_text(desk, text);
    }

    /// Ticks until the open case is at `version` (another desk's save taken in by the poll).
    fn tick_until_version(desk: &mut Desk, version: u64) {
        for _ in 0..100 {
            desk.events(vec![TICK_EVENT]);
            if desk.state.open.as_ref().map(|o| o.version) == Some(Version(version)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("version {version} never arrived");
    }

    /// Review finding (c): a poll that names the open case reads it (and logs a read) only
    /// when its version moved on; a real change elsewhere is read once.
    #[test]
    fn a_poll_reads_the_open_case_only_when_its_version_moved_on() {
        let db = TestDb::new();
        let (mut anna, mut bert) = two_desks(&db);
        anna.key(KeyCode::Enter);
        let key = anna.state.open.as_ref().expect("open").key;
        let reads = |d: &Desk| d.store.access_log(key).expect("log").len();
        assert_eq!(reads(&anna), 1);
        // The list row changes elsewhere (as a re-segmentation does: here its name), the case
        // itself does not.
        let mut client = postgres::Client::connect(&db.url, postgres::NoTls).expect("connect");
        client
            .batch_execute(&format!(
                "UPDATE loket_summaries SET summary = replace(summary, 'Jansen', 'Jansen-elders'), \
                 changed_xid = pg_current_xact_id()::text::bigint, changed_by = 'elders' \
                 WHERE case_key = {k}; \
                 SELECT pg_notify('loket_cases', '{k} elders');",
                k = key.0
            ))
            .expect("mark the row changed");
        let taken_in = |d: &Desk| {
            d.state
                .list
                .rows
                .iter()
                .any(|r| r.summary.name == "Jansen-elders")
        };
        for _ in 0..100 {
            anna.events(vec![TICK_EVENT]);
            if taken_in(&anna) {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(taken_in(&anna), "the poll never took the row in");
        for _ in 0..3 {
            anna.events(vec![TICK_EVENT]);
        }
        assert_eq!(reads(&anna), 1, "the poll read an unchanged case");
        // Bert saves: anna's desk reads the case once more, and only once.
        bert.key(KeyCode::Enter);
        assert_eq!(reads(&anna), 2);
        bert.answer("woning.huur", Value::Int(200));
        anna.tick_until("elders gewijzigd door bert");
        for _ in 0..3 {
            anna.events(vec![TICK_EVENT]);
        }
        assert_eq!(reads(&anna), 3);
    }

    /// Review finding (d): the client form open at one desk while another desk corrects the
    /// client: a field this desk did not touch keeps the other desk's value; a field both
    /// changed is not saved over theirs without asking.
    #[test]
    fn the_client_form_never_writes_back_a_value_changed_elsewhere_meanwhile() {
        let db = TestDb::new();
        let (mut anna, mut bert) = two_desks(&db);
        anna.key(KeyCode::Enter);
        bert.key(KeyCode::Enter);
        let key = anna.state.open.as_ref().expect("open").key;
        // The form needs a melding date (version 2).
        let melding = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
        anna.answer("melding.datum", Value::Date(melding));
        tick_until_version(&mut bert, 2);
        anna.key(KeyCode::Char('c'));
        // Bert corrects the address; anna's desk takes the new version in, form still open.
        bert.key(KeyCode::Char('c'));
        fill(&mut bert, 4, "Dorpsstraat 1");
        ctrl(&mut bert, 's');
        assert!(bert.status().starts_with("Opgeslagen"), "{}", bert.status());
        tick_until_version(&mut anna, 3);
        // Anna changes only the phone and saves: bert's address stays.
        fill(&mut anna, 3, "06-12345678");
        ctrl(&mut anna, 's');
        assert!(anna.status().starts_with("Opgeslagen"), "{}", anna.status());
        let stored = anna.store.load(key, &view("anna")).expect("load").case;
        assert_eq!(stored.client.address.as_deref(), Some("Dorpsstraat 1"));
        assert_eq!(stored.client.phone.as_deref(), Some("06-12345678"));

        // Both change the phone: anna's form says so and saves nothing; saving again keeps hers.
        anna.key(KeyCode::Char('c'));
        tick_until_version(&mut bert, 4);
        bert.key(KeyCode::Char('c'));
        fill(&mut bert, 3, "06-99999999");
        ctrl(&mut bert, 's');
        tick_until_version(&mut anna, 5);
        fill(&mut anna, 3, "06-11111111");
        let screen = ctrl(&mut anna, 's');
        assert!(
            anna.status()
                .starts_with("Intussen elders gewijzigd: telefoon (nu: 06-99999999)"),
            "{}",
            anna.status()
        );
        assert!(screen.contains("Intussen elders gewijzigd"), "{screen}");
        let stored = anna.store.load(key, &view("anna")).expect("load").case;
        assert_eq!(stored.client.phone.as_deref(), Some("06-99999999"));
        ctrl(&mut anna, 's');
        assert!(anna.status().starts_with("Opgeslagen"), "{}", anna.status());
        let stored = anna.store.load(key, &view("anna")).expect("load").case;
        assert_eq!(stored.client.phone.as_deref(), Some("06-11111111"));
        assert_eq!(stored.client.address.as_deref(), Some("Dorpsstraat 1"));
    }
}

fn loket_at(store: &str, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
        .args([
            "--store",
            store,
            // The sled side starts in a fresh folder.
            "--nieuw",
            "--user",
            "tineke",
            "--today",
            "2026-11-24",
        ])
        .args(args)
        .env_remove("LOKET_STORE")
        .output()
        .expect("run loket");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn migrate_moves_every_case_with_its_history_to_postgres_and_back() {
    let db = TestDb::new();
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("sled");
    let back = tmp.path().join("terug");
    let dir_s = dir.display().to_string();
    let back_s = back.display().to_string();
    let (code, _, err) = loket_at(&dir_s, &["gen", "40", "--seed", "7"]);
    assert_eq!(code, 0, "{err}");
    let (_, report_sled, _) = loket_at(&dir_s, &["report", "--json"]);

    let (code, out, err) = loket_at(&dir_s, &["migrate", "--from", &dir_s, "--to", &db.url]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with(&format!("Overgezet van {dir_s} naar postgres://")),
        "{out}"
    );
    assert!(lines[0].contains(": 40 zaken met "), "{out}");
    assert!(
        lines[1].starts_with("Controle: 40 zaken en ")
            && lines[1].ends_with("alle 40 zaken zijn gelijk (digest per zaak)."),
        "{out}"
    );
    // Every command works on the team database: the report is the same.
    let (code, report_pg, err) = loket_at(&db.url, &["report", "--json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(report_pg, report_sled);

    // Into a store that is not empty: refused.
    let (code, _, err) = loket_at(&dir_s, &["migrate", "--from", &dir_s, "--to", &db.url]);
    assert_eq!(code, 1);
    assert!(err.contains("is niet leeg (40 zaken)"), "{err}");

    // And back into a new directory.
    let (code, out, err) = loket_at(&back_s, &["migrate", "--from", &db.url, "--to", &back_s]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("alle 40 zaken zijn gelijk"), "{out}");
    let (_, report_back, _) = loket_at(&back_s, &["report", "--json"]);
    assert_eq!(report_back, report_sled);
    // The full history came along: the same exported case files.
    let export = |store: &str| loket_at(store, &["export", "--format", "json"]).1;
    assert_eq!(export(&back_s), export(&dir_s));
}

/// The real binary, twice, in tmux on one team database, while a third process imports a case
/// and a fourth makes the report: both workbenches show the new case without a key pressed.
#[test]
fn two_workbenches_and_a_report_run_at_once_on_one_team_database() {
    let db = TestDb::new();
    let desk = |name: &str, user: &str| {
        let s = common::Session::new(name);
        s.start_shell(&format!(
            "exec {} --store '{}' --user {user} --today {}",
            common::BIN,
            db.url,
            common::TODAY
        ));
        s.wait_for("loket · Zaken");
        s
    };
    let first = desk("pg-tineke", "tineke");
    let (code, _, err) = loket(
        &db,
        "tineke",
        &[
            "gebruiker",
            "toevoegen",
            "bert",
            "--rol",
            "schuldhulpverlener",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let second = desk("pg-bert", "bert");
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/cases/aanmelding-alleen.json"
    );
    let (code, _, err) = loket(&db, "bert", &["import", "--quiet", fixture]);
    assert_eq!(code, 0, "{err}");
    first.wait_for("Daan de Groot");
    second.wait_for("Daan de Groot");
    let (code, out, err) = loket(&db, "tineke", &["report", "--json"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("{\n  \"cases\": 1,\n"), "{out}");
    first.quit();
    second.quit();
}

/// `loket bench --store postgres://…` at a small size: it measures in a scratch schema, counts
/// no lost update among 8 desks, and leaves nothing behind. (Timings are printed, not judged.)
#[test]
fn the_team_bench_loses_no_update_and_cleans_up_after_itself() {
    let db = TestDb::new();
    let (code, out, err) = loket(&db, "tineke", &["bench", "--sizes", "30"]);
    assert_eq!(code, 0, "{err}");
    let lost = out
        .lines()
        .find(|l| l.contains("8 balies tegelijk: verloren wijzigingen"))
        .unwrap_or_else(|| panic!("no lost-updates row:\n{out}"));
    assert!(lost.contains("| 0,000 "), "{lost}");
    for row in ["eerste beeld", "één antwoord opslaan", "doorvoer", "p99"] {
        assert!(out.contains(row), "{row} missing:\n{out}");
    }
    let mut client = postgres::Client::connect(&db.url, postgres::NoTls).expect("connect");
    let left: i64 = client
        .query_one(
            "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'loket_meting_%'",
            &[],
        )
        .expect("schemas")
        .get(0);
    assert_eq!(left, 0, "the scratch schema is dropped");
    let cases: i64 = client
        .query_one(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' \
             AND table_name = 'loket_cases'",
            &[],
        )
        .expect("tables")
        .get(0);
    assert_eq!(cases, 0, "nothing was written outside the scratch schema");
}

/// A desk's list at close is kept as the list snapshot; the next start reads it plus the rows
/// written since, and gets exactly what reading every row gives. A damaged snapshot is ignored.
#[test]
fn the_list_snapshot_plus_later_rows_equals_every_row() {
    let db = TestDb::new();
    let a = PgStore::open(&db.url, "anna").expect("open");
    a.add_user("bert", Role::Schuldhulpverlener).expect("add");
    for name in ["Een", "Twee", "Drie"] {
        a.create(new_case(name), "anna", at(9, 0, 0))
            .expect("create");
    }
    let listing = a.list_summaries().expect("list");
    let mut rows = listing.rows.iter().map(|(k, s)| (*k, s));
    a.close(Some(&mut rows)).expect("close");
    // Another desk changes one case and adds one after the snapshot.
    let b = PgStore::open(&db.url, "bert").expect("open");
    let key = listing.rows[1].0;
    let loaded = b.load(key, &view("bert")).expect("load");
    let mut case = loaded.case.clone();
    case.client.name = "Twee bis".into();
    save(&b, key, loaded.version, &case, &[]).expect("save");
    b.create(new_case("Vier"), "bert", at(9, 5, 0))
        .expect("create");
    let fresh = PgStore::open(&db.url, "anna").expect("open");
    let from_snapshot = fresh.list_summaries().expect("list").rows;
    let (every_row, _, _) = fresh.summaries_since(0).expect("all rows");
    assert_eq!(from_snapshot, every_row);
    let names: Vec<&str> = from_snapshot.iter().map(|(_, s)| s.name.as_str()).collect();
    assert_eq!(names, vec!["Een", "Twee bis", "Drie", "Vier"]);
    // A damaged snapshot is not used.
    db.cluster()
        .psql(&db.name, "UPDATE loket_list_snapshot SET data = '\\x00'");
    assert_eq!(fresh.list_summaries().expect("list").rows, every_row);
}

/// A team database that cannot be reached is a Dutch message and exit 1, before any screen;
/// the password in the address is never printed.
#[test]
fn an_unreachable_team_database_is_a_clear_refusal() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
        .args([
            "--store",
            "postgres://loket:geheim@127.0.0.1:1/loket",
            "--user",
            "anna",
            "report",
        ])
        .env_remove("LOKET_STORE")
        .output()
        .expect("run loket");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with(
            "loket: de teamdatabase postgres://loket:***@127.0.0.1:1/loket is niet bereikbaar: "
        ),
        "{err}"
    );
    assert!(!err.contains("geheim"), "{err}");
}

/// A municipality may give the desks a login that can read and write but not create tables:
/// on a database that is up to date, loket starts and works with it.
#[test]
fn a_login_without_create_rights_works_on_a_migrated_database() {
    let db = TestDb::new();
    PgStore::open(&db.url, "tineke").expect("migrated by the owner");
    let login = format!("{}_balie", db.name);
    db.cluster().psql(
        &db.name,
        &format!(
            "CREATE ROLE {login} LOGIN; \
             REVOKE CREATE ON SCHEMA public FROM PUBLIC; \
             GRANT USAGE ON SCHEMA public TO {login}; \
             GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {login}; \
             GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {login};"
        ),
    );
    let url = db.url.replacen("loket@", &format!("{login}@"), 1);
    let store = PgStore::open(&url, "tineke").expect("open with read/write rights only");
    let created = store
        .create(new_case("Jansen"), "tineke", at(9, 0, 0))
        .expect("create");
    assert_eq!(created.case_id, "2026-00001");
}
