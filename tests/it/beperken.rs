//! Correction and restriction (issue 16 point 3): a corrected client field shows only its new
//! value on the screens and old → new in the history; a case marked "beperkt" (art. 18 AVG)
//! can only be viewed — every screen and the list say BEPERKT, the keys that process it are
//! refused, and both stores refuse any write but the lifting.

use crate::harness::Harness;
use crate::pg::TestDb;
use crate::support::{load, reader};
use chrono::{TimeZone, Utc};
use loket::domain::case::{Beperking, Case, Client};
use loket::domain::history::Change;
use loket::domain::role::Role;
use loket::keymap::Screen;
use loket::store::pg::PgStore;
use loket::store::{CaseKey, CaseStore, NewCase, SaveRequest, SledStore, StoreError};
use ratatui::crossterm::event::KeyCode;

fn at() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0)
        .single()
        .expect("time")
}

/// Saves `case` with `changes` on its current version, its summary as the program makes it.
fn save_on(
    store: &dyn CaseStore,
    key: CaseKey,
    case: &Case,
    changes: &[Change],
) -> Result<(), StoreError> {
    let env = crate::harness::env();
    let summary =
        loket::app::summary::summarize(case, &loket::app::summary::outcome(case, &env), &env);
    let base = store.load(key, &reader())?.version;
    store
        .save(
            key,
            base,
            SaveRequest {
                case,
                summary: &summary,
                changes,
                by: "test",
                at: at(),
            },
        )
        .map(|_| ())
}

fn restricted(mut case: Case) -> Case {
    case.beperkt = Some(Beperking {
        reden: "bezwaar tegen de juistheid".into(),
        sinds: at(),
        door: "test".into(),
    });
    case
}

fn beperk() -> Change {
    Change::Beperkt {
        reden: "bezwaar tegen de juistheid".into(),
    }
}

fn ophef() -> Change {
    Change::BeperkingOpgeheven {
        reden: "juistheid vastgesteld".into(),
    }
}

fn note() -> Change {
    Change::Note {
        text: "gebeld".into(),
    }
}

/// Every store: a restricted case takes nothing but the lifting; lifted, it takes work again.
fn store_refuses_processing_while_restricted(store: &dyn CaseStore) {
    let env = crate::harness::env();
    let case = Case::new(
        String::new(),
        Client {
            name: "Fatima El Amrani".into(),
            ..Client::default()
        },
        at(),
    );
    let summary =
        loket::app::summary::summarize(&case, &loket::app::summary::outcome(&case, &env), &env);
    let key = store
        .create(
            NewCase {
                case,
                summary,
                changes: vec![Change::Created],
            },
            "test",
            at(),
        )
        .expect("create")
        .key;
    let case = load(store, key).expect("load");
    save_on(store, key, &restricted(case.clone()), &[beperk()]).expect("restrict");
    let beperkt = load(store, key).expect("load");
    assert!(beperkt.beperkt.is_some());
    let summary = store.summaries_of(&[key]).expect("rows");
    assert!(summary[0].1.beperkt, "the list row says BEPERKT");
    // An edit (even one that drops the marker without lifting it) is refused, nothing written.
    for (case, changes) in [
        (beperkt.clone(), vec![note()]),
        (case.clone(), vec![note()]),
    ] {
        let err = save_on(store, key, &case, &changes).expect_err("refused");
        assert!(matches!(err, StoreError::Beperkt(_)), "{err}");
        assert!(err.to_string().contains("beperkt (art. 18 AVG)"), "{err}");
    }
    assert_eq!(store.history(key).expect("history").len(), 2);
    // Lifting is allowed; then the case is processed again.
    save_on(store, key, &case, &[ophef()]).expect("lift");
    save_on(store, key, &case, &[note()]).expect("work again");
    let kinds: Vec<String> = store
        .history(key)
        .expect("history")
        .iter()
        .map(|e| {
            format!("{:?}", e.change)
                .split([' ', '{'])
                .next()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    assert_eq!(kinds, ["Created", "Beperkt", "BeperkingOpgeheven", "Note"]);
}

#[test]
fn the_embedded_store_refuses_processing_of_a_restricted_case() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SledStore::open(dir.path()).expect("open");
    store_refuses_processing_while_restricted(&store);
}

#[test]
fn the_team_database_refuses_processing_and_shows_a_restricted_case_to_the_teamleider_only() {
    let db = TestDb::new();
    let lead = PgStore::open(&db.url, "lead").expect("open");
    store_refuses_processing_while_restricted(&lead);
    lead.add_user("shv", Role::Schuldhulpverlener).expect("add");
    let shv = PgStore::open(&db.url, "shv").expect("open");
    let key = lead.keys().expect("keys")[0];
    // The counsellor may not restrict; restricted, only the teamleider opens the case.
    let case = load(&shv, key).expect("shv reads an open case");
    let err = save_on(&shv, key, &restricted(case.clone()), &[beperk()]).expect_err("role");
    assert!(matches!(err, StoreError::Forbidden { .. }), "{err}");
    save_on(&lead, key, &restricted(case), &[beperk()]).expect("lead restricts");
    let err = load(&shv, key).expect_err("not for the counsellor");
    assert!(
        err.to_string().contains("een beperkte zaak inzien"),
        "{err}"
    );
    assert!(
        load(&lead, key)
            .expect("the teamleider views")
            .beperkt
            .is_some()
    );
}

#[test]
fn a_correction_shows_the_new_value_and_the_history_old_to_new() {
    let mut h = Harness::new();
    h.create_case("Fatima El Amrani", "111222333");
    let phone = |h: &mut Harness, number: &str| {
        h.keys("c");
        assert_eq!(h.state.screen, Screen::Form);
        // name, birth date, BSN, phone
        h.tab();
        h.tab();
        h.tab();
        for _ in 0..12 {
            h.code(KeyCode::Backspace);
        }
        h.keys(number);
        h.ctrl('s');
        assert_eq!(h.state.screen, Screen::Case, "{}", h.drawn());
    };
    phone(&mut h, "06-11111111");
    phone(&mut h, "06-22222222");
    let text = h.drawn();
    assert!(text.contains("06-11111111 → 06-22222222"), "{text}");
    let key = h.state.open.as_ref().expect("open").key;
    let stored = load(&h.store, key).expect("load");
    assert_eq!(stored.client.phone.as_deref(), Some("06-22222222"));
    // The old value lives only in the history: not in the case file an export makes.
    let json = loket::domain::exchange::to_case_json(&stored, &h.state.env.checklists);
    assert!(!json.to_string().contains("06-11111111"), "{json}");
}

#[test]
fn a_restricted_case_says_beperkt_on_every_screen_and_can_only_be_viewed() {
    let mut h = Harness::new();
    h.create_case("Fatima El Amrani", "111222333");
    let key = h.state.open.as_ref().expect("open").key;
    h.keys("B");
    h.keys("Bezwaar tegen de juistheid");
    h.enter();
    let text = h.drawn();
    assert!(text.contains("BEPERKT"), "{text}");
    assert!(text.contains("verwerking beperkt (art. 18 AVG)"), "{text}");
    assert!(load(&h.store, key).expect("load").beperkt.is_some());
    // Processing keys are refused with the reason; nothing is written.
    let events = h.store.history(key).expect("history").len();
    for k in ["m", "s", "b", "c", "X"] {
        h.keys(k);
        assert!(h.state.prompt.is_none() && h.state.confirm.is_none(), "{k}");
        assert!(
            h.drawn()
                .contains("BEPERKT: de verwerking van deze zaak is beperkt"),
            "{k}: {}",
            h.drawn()
        );
    }
    assert_eq!(h.store.history(key).expect("history").len(), events);
    insta::assert_snapshot!("beperkt_zaak_80x24", h.drawn());
    // Viewing goes on: the other screens of the case say BEPERKT too.
    for (k, screen) in [
        ("d", Screen::Debts),
        ("a", Screen::Result),
        ("v", Screen::Traject),
        ("1", Screen::Checklist),
    ] {
        h.keys(k);
        assert_eq!(h.state.screen, screen, "{}", h.drawn());
        assert!(
            h.drawn().lines().next().unwrap_or("").contains("BEPERKT"),
            "{}",
            h.drawn()
        );
        h.esc();
    }
    h.esc();
    assert_eq!(h.state.screen, Screen::List);
    assert!(h.drawn().contains("BEPERKT"), "{}", h.drawn());
    // Lifted (again with a reason), the case is processed again.
    h.enter();
    h.keys("B");
    h.keys("Juistheid vastgesteld");
    h.enter();
    assert!(
        !h.drawn().lines().next().unwrap_or("").contains("BEPERKT"),
        "{}",
        h.drawn()
    );
    h.keys("m");
    assert!(h.state.prompt.is_some());
    h.esc();
    let history = h.store.history(key).expect("history");
    assert!(
        history
            .iter()
            .any(|e| matches!(e.change, Change::Beperkt { .. }))
    );
    assert!(
        history
            .iter()
            .any(|e| matches!(e.change, Change::BeperkingOpgeheven { .. }))
    );
}

#[test]
fn beperk_on_the_command_line_stops_export_and_letters_until_lifted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store");
    let file = format!(
        "{}/fixtures/cases/coaching-stabiel.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let o = crate::support::loket(&store, &["import", "--quiet", &file]);
    assert!(o.status.success(), "{}", crate::support::stderr(&o));
    let id =
        serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(&file).expect("read"))
            .expect("json")["case_id"]
            .as_str()
            .expect("case_id")
            .to_string();
    let o = crate::support::loket(&store, &["beperk", &id, "--reden", "bezwaar"]);
    assert!(o.status.success(), "{}", crate::support::stderr(&o));
    assert!(crate::support::stdout(&o).contains("is beperkt (art. 18 AVG)"));
    let o = crate::support::loket(&store, &["export", &id]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        crate::support::stderr(&o).contains("beperkt"),
        "{}",
        crate::support::stderr(&o)
    );
    let letter = dir.path().join("documenten.txt");
    let o = crate::support::loket(
        &store,
        &[
            "brief",
            "documenten",
            &id,
            "--uit",
            &letter.display().to_string(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(!letter.exists());
    let o = crate::support::loket(
        &store,
        &["beperk", &id, "--opheffen", "--reden", "afgehandeld"],
    );
    assert!(o.status.success(), "{}", crate::support::stderr(&o));
    let o = crate::support::loket(&store, &["export", &id]);
    assert!(o.status.success(), "{}", crate::support::stderr(&o));
}

#[test]
fn the_list_snapshot_keeps_the_traject_ends_and_the_restriction_across_a_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let env = crate::harness::env();
    {
        let store = SledStore::open(dir.path()).expect("open");
        let mut case = Case::new(
            String::new(),
            Client {
                name: "Fatima El Amrani".into(),
                ..Client::default()
            },
            at(),
        );
        case.traject.uitstroom = Some(loket::domain::traject::Uitstroom {
            datum: Some(crate::support::day(2020, 2, 29)),
            reden: Some(loket::domain::traject::UitstroomReden::Ingetrokken),
            omschrijving: None,
        });
        let case = restricted(case);
        let summary =
            loket::app::summary::summarize(&case, &loket::app::summary::outcome(&case, &env), &env);
        assert!(summary.beperkt);
        assert_eq!(summary.einden.len(), 1);
        store
            .create(
                NewCase {
                    case,
                    summary,
                    changes: vec![Change::Created],
                },
                "test",
                at(),
            )
            .expect("create");
        store.refresh_snapshot().expect("snapshot");
        assert!(store.snapshot_is_current());
    }
    let store = (0..100)
        .find_map(|_| match SledStore::open(dir.path()) {
            Err(StoreError::Locked(_)) => {
                std::thread::sleep(std::time::Duration::from_millis(10));
                None
            }
            other => Some(other.expect("open")),
        })
        .expect("store stays locked");
    let rows = crate::support::summaries(&store);
    assert!(store.snapshot_is_current(), "read from the snapshot");
    assert_eq!(rows, store.summaries_scan().expect("scan"));
    assert!(rows[0].1.beperkt);
    assert_eq!(
        rows[0].1.einden,
        [loket::domain::retention::Einde {
            klasse: loket::domain::retention::Klasse::Afgebroken,
            datum: crate::support::day(2020, 2, 29),
        }]
    );
}

#[test]
fn a_restricted_case_is_listed_and_found_without_its_name_for_whom_may_not_open_it() {
    let mut h = Harness::new();
    h.create_case("Fatima El Amrani", "111222333");
    let restricted = h.state.open.as_ref().expect("open").case.case_id.clone();
    h.keys("B");
    h.keys("Bezwaar tegen de juistheid");
    h.enter();
    h.esc();
    h.create_case("Bart Visser", "123456782");
    h.esc();
    assert_eq!(h.state.screen, Screen::List);
    // One local user has every right: the name is shown and found.
    assert!(h.drawn().contains("Fatima El Amrani"), "{}", h.drawn());

    // A baliemedewerker on a team database may not open a restricted case: no name in the
    // list, the detail row or the deadlines, and typing the name finds nothing.
    h.state.set_role(Some(Role::Baliemedewerker));
    h.keys("/");
    let text = h.drawn();
    assert!(
        !text.contains("Fatima") && !text.contains("Amrani"),
        "{text}"
    );
    let row = text.lines().find(|l| l.contains(&restricted)).unwrap_or("");
    assert!(
        row.contains("(afgeschermd)") && row.contains("BEPERKT"),
        "{text}"
    );
    assert!(text.contains("Bart Visser"), "{text}");
    h.keys("Fatima");
    assert!(!h.drawn().contains(&restricted), "{}", h.drawn());
    for _ in 0.."Fatima".len() {
        h.code(KeyCode::Backspace);
    }
    h.keys(&restricted);
    let found = h.drawn();
    assert!(
        found.contains(&restricted) && found.contains("(afgeschermd)") && !found.contains("Bart"),
        "{found}"
    );
    h.esc();
    h.esc();
    h.keys("t");
    assert_eq!(h.state.screen, Screen::Termijnen, "{}", h.drawn());
    let deadlines = h.drawn();
    assert!(
        deadlines.contains("(afgeschermd)") && !deadlines.contains("Fatima"),
        "{deadlines}"
    );
    h.esc();

    // The teamleider may open it, and sees and finds the name.
    h.state.set_role(Some(Role::Teamleider));
    h.keys("/");
    h.keys("Fatima");
    assert!(h.drawn().contains("Fatima El Amrani"), "{}", h.drawn());
}
