//! The app without a terminal: keys through the real keymap into `update`, effects against a
//! real store in a temp dir, with a fixed clock.

use crate::support;

use crate::harness;

use harness::Harness;
use loket::app::Screen;
use loket::domain::answers::Value;
use loket::domain::case::Status;
use loket::domain::history::Change;
use loket::store::CaseStore;
use ratatui::crossterm::event::KeyCode;

#[test]
fn creating_a_case_saves_it_with_its_history_and_opens_it() {
    let mut h = Harness::new();
    h.create_case("Fatima El Amrani", "111222333");
    assert_eq!(h.state.screen, Screen::Case);
    let open = h.state.open.as_ref().expect("case open");
    assert_eq!(open.case.case_id, "2026-00001");
    assert_eq!(
        open.case.client.bsn.as_ref().map(|b| b.as_str()),
        Some("111222333")
    );
    let summaries = support::summaries(&h.store);
    assert_eq!(summaries.len(), 1);
    assert_eq!(summaries[0].1.name, "Fatima El Amrani");
    let history = h.store.history(open.key).expect("history");
    assert!(matches!(history[0].change, Change::Created));
    assert_eq!(history[0].by, "balie1");
    assert!(matches!(
        &history[1].change,
        Change::Answer { item, new: Some(Value::Date(_)), .. } if item == "melding.datum"
    ));
    // Back to the list: the case is there.
    h.esc();
    assert_eq!(h.state.screen, Screen::List);
    assert_eq!(h.state.list.visible.len(), 1);
}

#[test]
fn invalid_form_input_is_refused_with_dutch_messages_and_nothing_is_saved() {
    let mut h = Harness::new();
    h.keys("n");
    h.tab(); // empty name
    h.keys("30-11-2030"); // birth date in the future
    h.tab();
    h.keys("123456789"); // fails the elfproef
    h.ctrl('s');
    assert_eq!(h.state.screen, Screen::Form);
    let errors: Vec<String> = h.state.form.errors.iter().flatten().cloned().collect();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors[0].contains("naam"), "{errors:?}");
    assert!(errors[1].contains("toekomst"), "{errors:?}");
    assert!(errors[2].contains("elfproef"), "{errors:?}");
    assert!((h.store.count().expect("count") == 0));
    // Esc on a half-filled form asks; a second Esc stays on the form with the draft.
    h.esc();
    h.esc();
    assert_eq!(h.state.screen, Screen::Form);
    assert_eq!(h.state.form.inputs[2].text(), "123456789");
}

#[test]
fn status_moves_by_key_and_is_recorded() {
    let mut h = Harness::new();
    h.create_case("Jan Jansen", "");
    h.keys("sj");
    let open = h.state.open.as_ref().expect("open");
    assert_eq!(open.case.status, Status::Intake);
    let history = h.store.history(open.key).expect("history");
    assert!(history.iter().any(|e| matches!(
        e.change,
        Change::Status {
            old: Status::Aangemeld,
            new: Status::Intake
        }
    )));
    h.keys("Sj");
    assert_eq!(
        h.state.open.as_ref().expect("open").case.status,
        Status::Aangemeld
    );
}

#[test]
fn search_filters_fuzzy_on_name_and_case_number() {
    let mut h = Harness::new();
    for name in ["Fatima El Amrani", "Jan de Vries", "Fatma Yilmaz"] {
        h.create_case(name, "");
        h.esc();
    }
    h.keys("/fatima");
    let names: Vec<&str> = h
        .state
        .list
        .visible
        .iter()
        .map(|&i| h.state.list.rows[i].summary.name.as_str())
        .collect();
    assert_eq!(names.first(), Some(&"Fatima El Amrani"), "{names:?}");
    assert!(!names.contains(&"Jan de Vries"));
    h.enter(); // keep the filter, leave the search field
    h.enter(); // open the selected case
    assert_eq!(
        h.state.open.as_ref().map(|o| o.case.client.name.as_str()),
        Some("Fatima El Amrani")
    );
    h.esc();
    h.esc(); // clears the filter
    assert_eq!(h.state.list.visible.len(), 3);
    // By case number.
    h.keys("/00002");
    h.enter();
    let first = h.state.list.selected().expect("row");
    assert_eq!(first.summary.case_id, "2026-00002");
}

#[test]
fn answers_are_saved_at_once_with_old_and_new_and_bad_input_saves_nothing() {
    let mut h = Harness::new();
    h.create_case("Piet Pieters", "");
    h.keys("1"); // schuldhulp checklist
    assert_eq!(h.state.screen, Screen::Checklist);
    // Move to inkomen.netto with Tab (next missing required) until there.
    for _ in 0..40 {
        if h.state.open.as_ref().expect("open").checklist.item == "inkomen.netto" {
            break;
        }
        h.code(KeyCode::Down);
    }
    assert_eq!(
        h.state.open.as_ref().expect("open").checklist.item,
        "inkomen.netto"
    );
    h.enter();
    h.keys("12,345");
    h.enter();
    let open = h.state.open.as_ref().expect("open");
    assert!(
        open.case
            .answers
            .get("schuldhulp", "inkomen.netto")
            .is_none()
    );
    let before = h.store.history(open.key).expect("history").len();
    assert!(h.text().contains("twee cijfers"), "{}", h.text());
    // Correct it.
    for _ in 0..6 {
        h.code(KeyCode::Backspace);
    }
    h.keys("1.450,00");
    h.enter();
    let open = h.state.open.as_ref().expect("open");
    let stored = support::load(&h.store, open.key).expect("load");
    assert_eq!(
        stored.answers.get("schuldhulp", "inkomen.netto"),
        Some(&Value::Eur("1450.00".parse().expect("dec")))
    );
    let history = h.store.history(open.key).expect("history");
    assert_eq!(history.len(), before + 1);
    // The cursor moved on and was stored with the answer.
    assert_eq!(
        stored.cursor.as_ref().map(|c| c.item.as_str()),
        Some("inkomen.bron")
    );
}

#[test]
fn conditional_items_appear_and_disappear_with_their_condition() {
    let mut h = Harness::new();
    h.create_case("Kees Klaassen", "");
    h.keys("1");
    assert!(!h.text().contains("vroegsignaal"));
    h.code(KeyCode::Down); // melding.route
    h.enter();
    h.keys("v"); // Verwijzing comes first alphabetically? type-ahead goes to the first match
    h.keys("r"); // "vr" → Vroegsignaal
    h.enter();
    assert!(
        h.text().contains("Van wie kwam het vroegsignaal?"),
        "{}",
        h.text()
    );
    let open = h.state.open.as_ref().expect("open");
    assert_eq!(open.checklist.item, "melding.signaalpartner");
    // Route back to zelfmelding: the follow-up question disappears.
    h.code(KeyCode::Up);
    h.enter();
    h.keys("z");
    h.enter();
    assert!(
        !h.text().contains("Van wie kwam het vroegsignaal?"),
        "{}",
        h.text()
    );
}

#[test]
fn privacy_key_blanks_personal_fields_everywhere() {
    let mut h = Harness::new();
    h.create_case("Fatima El Amrani", "111222333");
    assert!(h.text().contains("Fatima El Amrani"), "{}", h.text());
    assert!(h.text().contains("******333"));
    h.ctrl('p');
    let screen = h.text();
    assert!(!screen.contains("Fatima"), "{screen}");
    assert!(!screen.contains("333"), "{screen}");
    h.esc();
    assert!(!h.text().contains("Fatima"));
    h.ctrl('p');
    assert!(h.text().contains("Fatima"));
}

#[test]
fn debts_supply_the_totals_and_are_recorded() {
    let mut h = Harness::new();
    h.create_case("Sanne Smit", "");
    h.keys("d");
    assert_eq!(h.state.screen, Screen::Debts);
    h.keys("a");
    h.keys("Woonstichting Oost");
    h.tab();
    h.keys("n");
    h.tab();
    h.keys("1.200,00");
    h.tab();
    h.keys("j");
    h.tab();
    h.keys("n");
    h.enter();
    h.add_debt("CJIB", "p", "300", "n");
    let open = h.state.open.as_ref().expect("open");
    assert_eq!(open.case.debts.len(), 2);
    let eff = open.case.effective_answers(1);
    assert_eq!(
        eff.get("schuldhulp", "schulden.totaal"),
        Some(&Value::Eur("1500.00".parse().expect("dec")))
    );
    assert_eq!(
        eff.get("schuldhulp", "schulden.schuldeisers"),
        Some(&Value::Int(2))
    );
    let stored = support::load(&h.store, open.key).expect("load");
    assert_eq!(stored.debts, open.case.debts);
    assert!(h.text().contains("€ 1.500,00"), "{}", h.text());
}

#[test]
fn accept_and_override_are_recorded_with_proposal_and_reason() {
    let mut h = Harness::new();
    let key = h.import_fixture("coaching-stabiel.json");
    h.enter();
    h.keys("a");
    assert_eq!(h.state.screen, Screen::Result);
    // Override without a real reason is refused.
    h.keys("o");
    h.code(KeyCode::Down);
    h.keys("kort");
    h.enter();
    let open = h.state.open.as_ref().expect("open");
    assert!(open.case.decision.is_none());
    assert!(
        open.result
            .dialog
            .as_ref()
            .and_then(|d| d.error.as_ref())
            .is_some()
    );
    // A sentence is accepted.
    for _ in 0..4 {
        h.code(KeyCode::Backspace);
    }
    h.keys("Inwoner vraagt zelf om beheer na eerdere terugval.");
    h.enter();
    let stored = support::load(&h.store, key).expect("load");
    let decision = stored.decision.expect("decision");
    assert_eq!(
        decision.proposed,
        Some(loket::domain::provision::Provision::Budgetcoaching)
    );
    assert!(decision.is_override());
    assert_eq!(
        decision.reason.as_deref(),
        Some("Inwoner vraagt zelf om beheer na eerdere terugval.")
    );
    // A decision moves no status: the beschikking is a step of the traject (TRAJECT.md).
    assert!(stored.status < Status::Besluit, "{:?}", stored.status);
    let history = h.store.history(key).expect("history");
    assert!(history.iter().any(|e| matches!(
        &e.change,
        Change::Proposal {
            provision: Some(loket::domain::provision::Provision::Budgetcoaching),
            ..
        }
    )));
    assert!(
        history
            .iter()
            .any(|e| matches!(&e.change, Change::Decision { decision } if decision.is_override()))
    );
    let summary = support::summaries(&h.store)
        .into_iter()
        .find(|(k, _)| *k == key)
        .expect("summary")
        .1;
    assert!(summary.overridden);
    assert_eq!(summary.decided, Some(decision.decided));
    // Accepting later records a plain acceptance.
    h.keys("a");
    let stored = support::load(&h.store, key).expect("load");
    assert!(!stored.decision.expect("decision").is_override());
}

#[test]
fn the_list_scrolls_only_when_the_cursor_leaves_the_view() {
    let mut h = Harness::new();
    for i in 0..30 {
        h.create_case(&format!("Inwoner {i:02}"), "");
        h.esc();
    }
    let page = h.state.page_rows - 1;
    for _ in 0..25 {
        h.code(KeyCode::Down);
    }
    assert_eq!(h.state.list.cursor, 25);
    assert_eq!(h.state.list.offset, 25 + 1 - page);
    let offset = h.state.list.offset;
    h.code(KeyCode::Up);
    assert_eq!(
        h.state.list.offset, offset,
        "moving up inside the view keeps it still"
    );
    h.code(KeyCode::Home);
    assert_eq!((h.state.list.cursor, h.state.list.offset), (0, 0));
    h.code(KeyCode::PageDown);
    assert_eq!(h.state.list.cursor, page);
    // The selected row is on screen.
    let name = h.state.list.selected().expect("row").summary.name.clone();
    assert!(h.text().contains(&name), "{}", h.text());
}

#[test]
fn the_export_key_writes_the_intake_report_and_says_where() {
    let mut h = Harness::new();
    h.import_fixture("bewind-schulden-instabiel.json");
    h.enter();
    h.keys("e");
    let path = h
        .dir
        .path()
        .join("intakeverslag-bewind-schulden-instabiel.md");
    let text = std::fs::read_to_string(&path).expect("report written");
    assert!(text.contains("# Intakeverslag"), "{text}");
    assert!(text.contains("Beschermingsbewind"), "{text}");
    let status = h.state.status.as_ref().expect("status").text.clone();
    assert!(status.contains(&path.display().to_string()), "{status}");
}

#[test]
fn the_report_and_termijnen_keys_open_their_screens_and_type_in_a_field() {
    // The global report and termijnen keys open their screens (the help lists them).
    let mut h = Harness::new();
    h.keys("r");
    assert_eq!(h.state.screen, Screen::Report);
    h.esc();
    h.keys("t");
    assert_eq!(h.state.screen, Screen::Termijnen);
    h.esc();
    assert_eq!(h.state.screen, Screen::List);
    // In a text field the same letters type instead.
    h.keys("n");
    h.keys("rt");
    assert_eq!(h.state.screen, Screen::Form);
    assert_eq!(h.state.form.inputs[0].text(), "rt");
}

#[test]
fn a_huge_debt_amount_is_refused_with_a_message_not_a_crash() {
    let mut h = Harness::new();
    h.create_case("Sanne Smit", "");
    h.keys("d");
    h.add_debt("A", "o", "79228162514264337593543950335", "n");
    let open = h.state.open.as_ref().expect("open");
    assert!(open.case.debts.is_empty());
    let err = open
        .debts
        .form
        .as_ref()
        .and_then(|f| f.error.clone())
        .expect("error");
    assert!(err.contains("te groot"), "{err}");
}

#[test]
fn ticking_nothing_in_a_multi_select_leaves_the_question_unanswered() {
    let mut h = Harness::new();
    h.create_case("Kees Klaassen", "");
    h.keys("2j"); // start bewind (confirmed); the cursor is on bewind.grond
    assert_eq!(
        h.state.open.as_ref().expect("open").checklist.item,
        "bewind.grond"
    );
    h.enter();
    h.enter(); // nothing ticked
    let open = h.state.open.as_ref().expect("open");
    assert_eq!(open.case.answers.get("bewind", "bewind.grond"), None);
}

#[test]
fn the_form_draft_stays_until_the_case_is_stored() {
    // The draft survives until the case is stored: an invalid form keeps it (nothing stored),
    // and a stored case clears it.
    let mut h = Harness::new();
    h.keys("n");
    h.keys("Piet");
    h.tab();
    h.keys("99-99-1999");
    h.ctrl('s');
    assert_eq!(h.state.form.inputs[0].text(), "Piet");
    h.code(KeyCode::Backspace);
    for _ in 0..10 {
        h.code(KeyCode::Backspace);
    }
    h.ctrl('s');
    assert_eq!(h.state.screen, Screen::Case);
    assert_eq!(h.state.form.inputs[0].text(), "");
}

#[test]
fn quitting_with_typed_input_open_asks_once_more() {
    let mut h = Harness::new();
    h.keys("n");
    h.keys("Fatima");
    h.ctrl('c');
    assert!(!h.state.quit, "the first press only warns");
    assert!(h.text().contains("nog niet is opgeslagen"), "{}", h.text());
    h.ctrl('c');
    assert!(h.state.quit);
    // Without open input, one press quits.
    let mut h = Harness::new();
    h.keys("q");
    assert!(h.state.quit);
}

#[test]
fn deleting_a_debt_takes_two_presses_and_is_recorded() {
    let mut h = Harness::new();
    h.create_case("Sanne Smit", "");
    h.keys("d");
    h.add_debt("CJIB", "p", "300", "n");
    h.keys("x");
    assert_eq!(h.state.open.as_ref().expect("open").case.debts.len(), 1);
    assert!(h.text().contains("Druk nogmaals"), "{}", h.text());
    h.code(KeyCode::Down); // anything else cancels
    h.keys("x");
    assert_eq!(h.state.open.as_ref().expect("open").case.debts.len(), 1);
    h.keys("x");
    let open = h.state.open.as_ref().expect("open");
    assert!(open.case.debts.is_empty());
    let history = h.store.history(open.key).expect("history");
    assert!(
        history
            .iter()
            .any(|e| matches!(&e.change, Change::DebtRemoved { debt } if debt.creditor == "CJIB"))
    );
}

#[test]
fn going_round_between_screens_does_not_grow_the_back_stack() {
    let mut h = Harness::new();
    h.import_fixture("crisis-ontruiming.json");
    for _ in 0..5 {
        h.keys("t");
        h.enter(); // opens the case from the deadline list
        assert_eq!(h.state.screen, Screen::Case);
    }
    assert!(h.state.back.len() <= 2, "{:?}", h.state.back);
    h.esc();
    h.esc();
    assert_eq!(h.state.screen, Screen::List);
}

#[test]
fn the_help_overlay_scrolls_to_show_every_binding() {
    let mut h = Harness::new();
    h.import_fixture("crisis-ontruiming.json");
    h.enter();
    h.keys("?");
    assert!(!h.text().contains("In een invoerveld"), "{}", h.text());
    for _ in 0..20 {
        h.code(KeyCode::Down);
    }
    assert!(h.text().contains("In een invoerveld"), "{}", h.text());
    h.esc();
    assert!(!h.state.help);
}

#[test]
fn esc_from_a_case_opened_via_termijnen_returns_to_termijnen() {
    let mut h = Harness::new();
    h.import_fixture("coaching-stabiel.json");
    h.import_fixture("crisis-ontruiming.json");
    h.enter(); // open the top case from the list
    h.keys("t");
    h.code(KeyCode::Down);
    h.enter(); // another case, from the deadline list
    assert_eq!(h.state.screen, Screen::Case);
    h.esc();
    assert_eq!(h.state.screen, Screen::Termijnen);
    // Not back to the first case's screen: that would now show the second case.
    h.esc();
    assert_eq!(h.state.screen, Screen::List);
}

#[test]
fn quitting_with_a_picker_open_asks_once_more() {
    let mut h = Harness::new();
    h.create_case("Kees Klaassen", "");
    h.keys("2j");
    h.enter(); // multi-select picker on bewind.grond
    h.ctrl('c');
    assert!(!h.state.quit);
    h.ctrl('c');
    assert!(h.state.quit);
}

/// The keys of these tests go through the one event loop, which draws after each of them:
/// its last frame is the screen of the state it left.
#[test]
fn the_event_loop_draws_after_every_key() {
    let mut h = Harness::new();
    h.create_case("Noor Visser", "");
    assert!(h.drawn().contains("Noor Visser"), "{}", h.drawn());
    assert_eq!(h.drawn(), h.text());
    h.keys("?");
    assert_eq!(h.drawn(), h.text());
    assert!(h.state.help);
}

/// Another desk saved the case after this one opened it (possible with a shared store): the
/// store refuses this desk's save on the old version, and the desk merges its change onto
/// theirs (a different part of the case: both survive, both events are in the history) and
/// says so. (The same answer changed twice is in `team_store`.)
#[test]
fn a_save_after_someone_else_saved_is_merged_with_their_change() {
    let mut h = Harness::new();
    h.create_case("Sanne Smit", "");
    h.keys("d");
    let key = h.state.open.as_ref().expect("open").key;
    // The other desk adds a debt to the same case.
    let mut theirs = support::load(&h.store, key).expect("load");
    theirs.debts.push(loket::domain::case::Debt {
        creditor: "Eneco".into(),
        category: loket::domain::case::DebtCategory::Nuts,
        amount: "120.00".parse().expect("amount"),
        collector: false,
        garnishment: false,
        ddas: Default::default(),
    });
    let summary = loket::app::summary::summarize(
        &theirs,
        &loket::app::summary::outcome(&theirs, &h.state.env),
        &h.state.env,
    );
    let other_desk = [Change::Note {
        text: "andere balie".into(),
    }];
    support::save(
        &h.store,
        key,
        &theirs,
        &summary,
        &other_desk,
        "balie2",
        harness::fixed_now(),
    )
    .expect("their save");
    let history_before = h.store.history(key).expect("history").len();
    // This desk, still on its own copy, adds another debt.
    h.add_debt("Vitens", "n", "80,00", "n");
    assert!(
        h.drawn().contains(
            "Opgeslagen 09:30:00, samen met wat intussen elders aan deze zaak is gewijzigd"
        ),
        "{}",
        h.drawn()
    );
    let stored = support::load(&h.store, key).expect("load");
    assert_eq!(
        stored
            .debts
            .iter()
            .map(|d| d.creditor.as_str())
            .collect::<Vec<_>>(),
        ["Eneco", "Vitens"],
        "their debt and this desk's debt are both stored"
    );
    assert_eq!(
        h.store.history(key).expect("history").len(),
        history_before + 1
    );
    // The screen shows the merged case, and the next save goes on from it.
    let open = h.state.open.as_ref().expect("open");
    assert_eq!(open.case.debts.len(), 2);
    h.add_debt("Aqua", "n", "10,00", "n");
    let stored = support::load(&h.store, key).expect("load");
    assert_eq!(stored.debts.len(), 3);
}
