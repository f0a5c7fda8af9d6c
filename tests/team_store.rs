//! The team store (PostgreSQL) against a real, throwaway server: schema from an empty
//! database, saves as transactions, merge and conflict between desks in every order, many
//! desks at once without lost updates, roles refused by the store, the access log, live news.

#[path = "common/pg.rs"]
mod pg;

use chrono::{DateTime, TimeZone, Utc};
use loket::domain::answers::Value;
use loket::domain::case::{Case, Client, Status};
use loket::store::desk::{self, DeskOutcome, DeskSave};
use loket::store::merge::Prefer;
use loket::store::pg::{Access, PgStore, schema};
use loket::store::roles::Role;
use loket::store::{CaseKey, Change, NewCase, StoreError, Summary};
use pg::TestDb;
use std::time::Duration;

fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, h, m, s)
        .single()
        .expect("valid time")
}

fn summary_of(case: &Case) -> Summary {
    Summary {
        case_id: case.case_id.clone(),
        name: case.client.name.clone(),
        status: case.status,
        created_at: case.created_at,
        updated_at: case.updated_at,
        crisis: false,
        deadlines: vec![],
        proposed: None,
        decided: None,
        overridden: false,
        debt_route: None,
    }
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
        summary: summary_of(&case),
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

/// A desk's save: on the loaded version, merged onto others' work when needed.
fn desk_save(
    store: &PgStore,
    key: CaseKey,
    loaded: &(Case, u64),
    mine: &Case,
    changes: &[Change],
    prefer: Prefer,
) -> DeskOutcome {
    desk::save(
        store,
        &DeskSave {
            key,
            base: &loaded.0,
            base_version: loaded.1,
            mine,
            changes,
            at: at(10, 0, 0),
            summarize: &summary_of,
            prefer,
        },
    )
    .expect("desk save")
}

fn save(
    store: &PgStore,
    key: CaseKey,
    base: u64,
    case: &Case,
    changes: &[Change],
) -> Result<loket::store::pg::Saved, StoreError> {
    store.save(key, base, case, &summary_of(case), changes, at(10, 0, 0))
}

#[test]
fn the_schema_is_built_on_an_empty_database_and_applied_once() {
    let db = TestDb::new();
    let mut client = postgres::Client::connect(&db.url, postgres::NoTls).expect("connect");
    assert_eq!(schema::migrate(&mut client), Ok(1));
    assert_eq!(schema::migrate(&mut client), Ok(0));
    let version: i32 = client
        .query_one("SELECT max(version) FROM loket_schema", &[])
        .expect("schema table")
        .get(0);
    assert_eq!(version, schema::latest());
    // Opening the store on a migrated database works and adds nothing.
    let store = PgStore::open(&db.url, "anna").expect("open");
    assert!(store.is_empty().expect("count"));
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
fn a_case_round_trips_with_its_history_and_version() {
    let db = TestDb::new();
    let store = PgStore::open(&db.url, "anna").expect("open");
    let (key, id) = store
        .create(new_case("Jansen"), at(9, 0, 0))
        .expect("create");
    assert_eq!(id, "2026-00001");
    let (mut case, version) = store.load(key, Access::Geopend).expect("load");
    assert_eq!(version, 1);
    assert_eq!(case.client.name, "Jansen");
    assert_eq!(case.case_id, id);
    let change = answer(&mut case, "inkomen.netto", Value::Int(1200));
    let saved = save(&store, key, 1, &case, std::slice::from_ref(&change)).expect("save");
    assert_eq!(saved.version, 2);
    // A save on a version that is no longer current writes nothing.
    let mut stale = case.clone();
    let late = answer(&mut stale, "inkomen.netto", Value::Int(1));
    let err = save(&store, key, 1, &stale, &[late]).expect_err("stale base");
    assert!(
        matches!(
            err,
            StoreError::Conflict {
                loaded: 1,
                current: 2,
                ..
            }
        ),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("intussen door iemand anders gewijzigd")
    );
    let (again, version) = store.load(key, Access::Geopend).expect("load");
    assert_eq!(version, 2);
    assert_eq!(again, case);
    let history = store.history(key).expect("history");
    let changes: Vec<&Change> = history.iter().map(|e| &e.change).collect();
    assert_eq!(changes, vec![&Change::Created, &change]);
    assert!(history.iter().all(|e| e.by == "anna"));
    let (rows, _) = store.summaries().expect("summaries");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].1.case_id, "2026-00001");
    // A wanted case number is kept when free, and a taken one gets a fresh number.
    let mut wanted = new_case("Bakker");
    wanted.case.case_id = "GEM-7".into();
    assert_eq!(
        store.create(wanted, at(9, 1, 0)).expect("create").1,
        "GEM-7"
    );
    let mut taken = new_case("De Vries");
    taken.case.case_id = "GEM-7".into();
    assert_eq!(
        store.create(taken, at(9, 2, 0)).expect("create").1,
        "2026-00002"
    );
}

/// Two desks load version 1; each changes one answer; anna saves first, then bert.
/// Returns both stores, the key and bert's outcome.
fn two_desks(
    db: &TestDb,
    first_item: (&str, Value),
    second_item: (&str, Value),
) -> (PgStore, PgStore, CaseKey, DeskOutcome, (Case, u64), Case) {
    let a = PgStore::open(&db.url, "anna").expect("open a");
    a.add_user("bert", Role::Schuldhulpverlener)
        .expect("add bert");
    let b = PgStore::open(&db.url, "bert").expect("open b");
    let (key, _) = a.create(new_case("Jansen"), at(9, 0, 0)).expect("create");
    let loaded_a = a.load(key, Access::Geopend).expect("load a");
    let loaded_b = b.load(key, Access::Geopend).expect("load b");
    let mut case_a = loaded_a.0.clone();
    let mut case_b = loaded_b.0.clone();
    let change_a = answer(&mut case_a, first_item.0, first_item.1);
    let change_b = answer(&mut case_b, second_item.0, second_item.1);
    assert!(matches!(
        desk_save(&a, key, &loaded_a, &case_a, &[change_a], Prefer::Nobody),
        DeskOutcome::Saved { merged: false, .. }
    ));
    let change_b = [change_b];
    let second = desk_save(&b, key, &loaded_b, &case_b, &change_b, Prefer::Nobody);
    (a, b, key, second, loaded_b, case_b)
}

#[test]
fn two_desks_changing_different_answers_both_survive_in_either_order() {
    for (first, second) in [
        ("inkomen.netto", "woning.huur"),
        ("woning.huur", "inkomen.netto"),
    ] {
        let db = TestDb::new();
        let (a, _b, key, saved, _, _) =
            two_desks(&db, (first, Value::Int(100)), (second, Value::Int(200)));
        let DeskOutcome::Saved {
            version,
            case: merged,
            merged: true,
        } = saved
        else {
            panic!("different answers merge: {saved:?}");
        };
        assert_eq!(version, 3);
        let (stored, _) = a.load(key, Access::Geopend).expect("load");
        assert_eq!(stored, merged);
        assert_eq!(
            stored.answers.get("schuldhulp", first),
            Some(&Value::Int(100))
        );
        assert_eq!(
            stored.answers.get("schuldhulp", second),
            Some(&Value::Int(200))
        );
        let by: Vec<String> = a
            .history(key)
            .expect("history")
            .into_iter()
            .filter(|e| matches!(e.change, Change::Answer { .. }))
            .map(|e| e.by)
            .collect();
        assert_eq!(by, vec!["anna", "bert"]);
    }
}

#[test]
fn the_same_answer_changed_twice_is_a_conflict_naming_the_other_user_time_and_both_values() {
    for prefer in [Prefer::Mine, Prefer::Theirs] {
        let db = TestDb::new();
        let (a, b, key, saved, loaded_b, case_b) = two_desks(
            &db,
            ("inkomen.netto", Value::Int(100)),
            ("inkomen.netto", Value::Int(250)),
        );
        let DeskOutcome::Conflict {
            items,
            current_version,
            ..
        } = saved
        else {
            panic!("same answer conflicts: {saved:?}");
        };
        assert_eq!(current_version, 2);
        let text = loket::store::merge::describe(&items);
        assert_eq!(
            text,
            "antwoord inkomen.netto is door anna op 2026-11-24 10:00:00 UTC gewijzigd in 100; \
             uw waarde is 250"
        );
        // Nothing was written: anna's value stands.
        let (stored, version) = a.load(key, Access::Geopend).expect("load");
        assert_eq!(version, 2);
        assert_eq!(
            stored.answers.get("schuldhulp", "inkomen.netto"),
            Some(&Value::Int(100))
        );
        // Bert chooses.
        let change = Change::Answer {
            checklist: "schuldhulp".into(),
            item: "inkomen.netto".into(),
            old: None,
            new: Some(Value::Int(250)),
            checklist_version: 1,
        };
        let again = desk_save(&b, key, &loaded_b, &case_b, &[change], prefer);
        assert!(
            matches!(again, DeskOutcome::Saved { version: 3, .. }),
            "{again:?}"
        );
        let (stored, _) = a.load(key, Access::Geopend).expect("load");
        let expected = if prefer == Prefer::Mine { 250 } else { 100 };
        assert_eq!(
            stored.answers.get("schuldhulp", "inkomen.netto"),
            Some(&Value::Int(expected))
        );
        let answers = a
            .history(key)
            .expect("history")
            .into_iter()
            .filter(|e| matches!(e.change, Change::Answer { .. }))
            .count();
        assert_eq!(answers, 2, "both changes are in the history");
    }
}

#[test]
fn the_same_value_given_at_two_desks_is_no_conflict() {
    let db = TestDb::new();
    let (_a, _b, _key, saved, _, _) = two_desks(
        &db,
        ("inkomen.netto", Value::Int(100)),
        ("inkomen.netto", Value::Int(100)),
    );
    assert!(matches!(saved, DeskOutcome::Saved { .. }), "{saved:?}");
}

/// Every interleaving of two desks' load and save steps on one case, each desk changing its
/// own answer: nothing is lost and both events are in the history.
#[test]
fn two_desks_in_every_interleaving_lose_nothing() {
    // Steps: L = load, S = save; each desk does L then S. The orders of four steps where each
    // desk's load precedes its save.
    let orders = [
        "aLaSbLbS", "aLbLaSbS", "aLbLbSaS", "bLaLaSbS", "bLaLbSaS", "bLbSaLaS",
    ];
    let db = TestDb::new();
    let a = PgStore::open(&db.url, "anna").expect("open a");
    a.add_user("bert", Role::Baliemedewerker).expect("add bert");
    let b = PgStore::open(&db.url, "bert").expect("open b");
    for order in orders {
        let (key, _) = a.create(new_case(order), at(9, 0, 0)).expect("create");
        let mut loaded: [Option<(Case, u64)>; 2] = [None, None];
        let steps: Vec<&str> = (0..order.len())
            .step_by(2)
            .map(|i| &order[i..i + 2])
            .collect();
        for step in steps {
            let desk = usize::from(step.starts_with('b'));
            let store = if desk == 0 { &a } else { &b };
            if step.ends_with('L') {
                loaded[desk] = Some(store.load(key, Access::Geopend).expect("load"));
            } else {
                let base = loaded[desk].take().expect("loaded first");
                let mut case = base.0.clone();
                let item = if desk == 0 {
                    "inkomen.netto"
                } else {
                    "woning.huur"
                };
                let change = answer(&mut case, item, Value::Int(10 + desk as u32));
                let out = desk_save(store, key, &base, &case, &[change], Prefer::Nobody);
                assert!(matches!(out, DeskOutcome::Saved { .. }), "{order}: {out:?}");
            }
        }
        let (stored, version) = a.load(key, Access::Geopend).expect("load");
        assert_eq!(version, 3, "{order}");
        assert_eq!(
            stored.answers.get("schuldhulp", "inkomen.netto"),
            Some(&Value::Int(10)),
            "{order}"
        );
        assert_eq!(
            stored.answers.get("schuldhulp", "woning.huur"),
            Some(&Value::Int(11)),
            "{order}"
        );
        assert_eq!(a.history(key).expect("history").len(), 3, "{order}");
    }
}

/// N desks, each its own connection on its own thread, save their own answer on one case at
/// once, retrying only on a conflict. Lost updates are counted: every desk's answer must be
/// there at the end.
#[test]
fn many_desks_saving_one_case_at_once_lose_no_update() {
    const DESKS: usize = 8;
    const ROUNDS: u32 = 5;
    let db = TestDb::new();
    let lead = PgStore::open(&db.url, "lead").expect("open");
    for d in 0..DESKS {
        lead.add_user(&format!("desk{d}"), Role::Schuldhulpverlener)
            .expect("add user");
    }
    let (key, _) = lead
        .create(new_case("Gedeeld"), at(9, 0, 0))
        .expect("create");
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(DESKS));
    let handles: Vec<_> = (0..DESKS)
        .map(|d| {
            let url = db.url.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let store = PgStore::open(&url, &format!("desk{d}")).expect("open desk");
                barrier.wait();
                let mut conflicts = 0;
                for round in 1..=ROUNDS {
                    let loaded = store.load(key, Access::Geopend).expect("load");
                    let mut case = loaded.0.clone();
                    let change = answer(&mut case, &format!("desk.{d}"), Value::Int(round));
                    match desk_save(&store, key, &loaded, &case, &[change], Prefer::Nobody) {
                        DeskOutcome::Saved { .. } => {}
                        DeskOutcome::Conflict { .. } => conflicts += 1,
                    }
                }
                conflicts
            })
        })
        .collect();
    let conflicts: u32 = handles
        .into_iter()
        .map(|h| h.join().expect("desk thread"))
        .sum();
    assert_eq!(conflicts, 0, "different answers never conflict");
    let (stored, version) = lead.load(key, Access::Geopend).expect("load");
    let lost = (0..DESKS)
        .filter(|d| {
            stored.answers.get("schuldhulp", &format!("desk.{d}")) != Some(&Value::Int(ROUNDS))
        })
        .count();
    assert_eq!(lost, 0, "lost updates");
    assert_eq!(version, 1 + (DESKS as u64) * u64::from(ROUNDS));
    let answer_events = lead
        .history(key)
        .expect("history")
        .iter()
        .filter(|e| matches!(e.change, Change::Answer { .. }))
        .count();
    assert_eq!(answer_events, DESKS * ROUNDS as usize);
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
    let (key, _) = counter
        .create(new_case("Jansen"), at(9, 0, 0))
        .expect("counter creates");
    let (mut case, v) = counter.load(key, Access::Geopend).expect("load");
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
            .contains("balie (baliemedewerker) mag geen"),
        "{refused}"
    );
    let to_besluit = Change::Status {
        old: Status::Intake,
        new: Status::Besluit,
    };
    assert!(save(&counter, key, v, &case, &[to_besluit]).is_err());
    assert_eq!(counter.load(key, Access::Geopend).expect("load").1, v);
    // Managing users, reading the access log and assigning are the teamleider's.
    assert!(counter.add_user("x", Role::Teamleider).is_err());
    assert!(counter.access_log(None).is_err());
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
fn every_load_is_in_the_access_log_apart_from_the_history() {
    let db = TestDb::new();
    let lead = PgStore::open(&db.url, "tineke").expect("open");
    lead.add_user("balie", Role::Baliemedewerker).expect("add");
    let counter = PgStore::open(&db.url, "balie").expect("open");
    let (key, id) = counter
        .create(new_case("Jansen"), at(9, 0, 0))
        .expect("create");
    counter.load(key, Access::Geopend).expect("load");
    lead.load(key, Access::Afgedrukt).expect("load");
    counter
        .log_access(Access::Gezocht, None, "jans")
        .expect("search");
    lead.export_all(Access::Geexporteerd).expect("export");
    let log: Vec<(String, Access)> = lead
        .access_log(Some(&id))
        .expect("log")
        .into_iter()
        .map(|e| (e.by, e.action))
        .collect();
    assert_eq!(
        log,
        vec![
            ("balie".into(), Access::Geopend),
            ("tineke".into(), Access::Afgedrukt),
            ("tineke".into(), Access::Geexporteerd),
        ]
    );
    assert_eq!(lead.access_log(None).expect("all").len(), 4);
    // The case history holds only the changes.
    assert_eq!(lead.history(key).expect("history").len(), 1);
}

#[test]
fn another_desk_hears_of_a_new_case_and_sees_it_in_changed_since() {
    let db = TestDb::new();
    let a = PgStore::open(&db.url, "anna").expect("open a");
    let (_, cursor) = a.summaries().expect("list");
    let listener = a.listen().expect("listen");
    a.add_user("bert", Role::Baliemedewerker).expect("add");
    let b = PgStore::open(&db.url, "bert").expect("open b");
    let (key, id) = b.create(new_case("Nieuw"), at(9, 0, 0)).expect("create");
    assert_eq!(listener.wait(Duration::from_secs(5)), Some(key));
    let (rows, next) = a.changed_since(cursor).expect("changed since");
    assert_eq!(
        rows.iter()
            .map(|(k, s)| (*k, s.case_id.clone()))
            .collect::<Vec<_>>(),
        vec![(key, id)]
    );
    // Nothing new: the next poll returns nothing (or only rows it may repeat, never less).
    let (rows, _) = a.changed_since(next).expect("changed since");
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
    let (own, _) = a.create(new_case("Eigen"), at(9, 0, 0)).expect("own");
    let (theirs, _) = b.create(new_case("Elders"), at(9, 1, 0)).expect("theirs");
    let seen = poll_until(&a, &mut cursor, theirs);
    assert!(seen.contains(&theirs), "{seen:?}");
    assert!(!seen.contains(&own), "own save reported: {seen:?}");
    // A save elsewhere on an open case is news too.
    let loaded = b.load(own, Access::Geopend).expect("load");
    let mut case = loaded.0.clone();
    let change = answer(&mut case, "inkomen.netto", Value::Int(5));
    save(&b, own, loaded.1, &case, &[change]).expect("save");
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
        "loket: balie (baliemedewerker) mag geen gebruikers beheren\n"
    );
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
    let (key, id) = lead
        .create(new_case("Jansen"), at(9, 0, 0))
        .expect("create");
    lead.load(key, Access::Geopend).expect("load");
    lead.load(key, Access::Afgedrukt).expect("load");
    let (code, out, err) = loket(&db, "tineke", &["toegang", &id]);
    assert_eq!((code, err.as_str()), (0, ""));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], format!("Toegang tot zaak {id} (2 keer)"));
    assert!(lines[1].ends_with("  tineke  geopend"), "{out}");
    assert!(lines[2].ends_with("  tineke  afgedrukt"), "{out}");
    let (code, _, err) = loket(&db, "tineke", &["toegang", "2099-99999"]);
    assert_eq!(code, 1);
    assert!(err.contains("zaak niet gevonden"), "{err}");
}
