//! A day at the counter (issue 13): questions before work is ended or discarded, corrections,
//! fewer keys, privacy, Dutch labels — each through the real event loop.

use crate::harness::Harness;
use loket::app::Screen;
use loket::domain::case::Status;
use loket::domain::history::Change;
use loket::store::CaseStore;

fn history(h: &Harness) -> Vec<Change> {
    let key = h.state.open.as_ref().expect("open").key;
    h.store
        .history(key)
        .expect("history")
        .into_iter()
        .map(|e| e.change)
        .collect()
}

fn status(h: &Harness) -> Status {
    h.state.open.as_ref().expect("open").case.status
}

#[test]
fn a_status_change_asks_first_and_esc_stays() {
    let mut h = Harness::new();
    h.create_case("Jan Jansen", "");
    h.keys("s");
    assert_eq!(status(&h), Status::Aangemeld, "one key changes nothing");
    let text = h.drawn();
    assert!(text.contains("Status aangemeld → intake?"), "{text}");
    assert!(text.contains("j = ja, Esc = nee"), "{text}");
    h.esc();
    assert_eq!(status(&h), Status::Aangemeld);
    assert_eq!(h.state.screen, Screen::Case, "Esc stays on the case");
    assert!(!h.drawn().contains("intake?"));
    h.keys("s");
    h.keys("j");
    assert_eq!(status(&h), Status::Intake);
    assert!(history(&h).iter().any(|c| matches!(
        c,
        Change::Status {
            old: Status::Aangemeld,
            new: Status::Intake
        }
    )));
}

#[test]
fn esc_on_a_half_filled_form_asks_before_throwing_it_away() {
    let mut h = Harness::new();
    // An untouched form just closes.
    h.keys("n");
    h.esc();
    assert_eq!(h.state.screen, Screen::List);
    h.keys("n");
    h.keys("Piet Pietersen");
    h.esc();
    assert_eq!(h.state.screen, Screen::Form);
    assert!(h.drawn().contains("Weggooien?"), "{}", h.drawn());
    h.esc(); // stay
    assert_eq!(h.state.screen, Screen::Form);
    h.keys("s"); // typing goes on in the field
    assert_eq!(h.state.form.inputs[0].text(), "Piet Pietersens");
    h.esc();
    h.keys("j");
    assert_eq!(h.state.screen, Screen::List);
    h.keys("n");
    assert_eq!(h.state.form.inputs[0].text(), "", "the draft is gone");
    assert_eq!(h.store.count().expect("count"), 0);
}

#[test]
fn starting_a_checklist_asks_and_an_empty_one_can_be_withdrawn() {
    let mut h = Harness::new();
    h.create_case("Kees Klaassen", "");
    h.keys("2");
    assert_eq!(h.state.screen, Screen::Case);
    assert!(
        h.drawn().contains("Vragenlijst bewind starten?"),
        "{}",
        h.drawn()
    );
    h.esc();
    assert!(
        !h.state
            .open
            .as_ref()
            .expect("open")
            .case
            .answers
            .is_started("bewind")
    );
    assert!(
        !history(&h)
            .iter()
            .any(|c| matches!(c, Change::ChecklistStarted { .. }))
    );
    h.keys("2j");
    assert_eq!(h.state.screen, Screen::Checklist);
    assert!(
        h.state
            .open
            .as_ref()
            .expect("open")
            .case
            .answers
            .is_started("bewind")
    );
    // No answers yet: withdraw (asks too).
    h.keys("w");
    assert!(
        h.drawn().contains("Vragenlijst bewind intrekken?"),
        "{}",
        h.drawn()
    );
    h.keys("j");
    assert_eq!(h.state.screen, Screen::Case);
    assert!(
        !h.state
            .open
            .as_ref()
            .expect("open")
            .case
            .answers
            .is_started("bewind")
    );
    let changes = history(&h);
    assert!(
        changes
            .iter()
            .any(|c| matches!(c, Change::ChecklistStarted { checklist } if checklist == "bewind"))
    );
    assert!(
        changes.iter().any(
            |c| matches!(c, Change::ChecklistWithdrawn { checklist } if checklist == "bewind")
        )
    );
    assert!(
        h.drawn().contains("vragenlijst bewind ingetrokken"),
        "{}",
        h.drawn()
    );
    // With an answer it cannot be withdrawn.
    h.keys("2j");
    h.enter();
    h.keys(" ");
    h.enter();
    h.keys("w");
    assert!(
        h.drawn()
            .contains("Alleen een vragenlijst zonder antwoorden"),
        "{}",
        h.drawn()
    );
    assert!(h.state.confirm.is_none());
}

#[test]
fn starting_a_checklist_on_a_decided_case_warns() {
    let mut h = Harness::new();
    h.import_fixture("coaching-stabiel.json");
    h.enter();
    h.keys("a");
    h.keys("a"); // accept the proposal
    assert!(h.state.open.as_ref().expect("open").case.decision.is_some());
    h.esc();
    h.keys("2");
    assert!(
        h.drawn().contains("Let op: deze zaak heeft al een besluit"),
        "{}",
        h.drawn()
    );
    h.esc();
    assert!(
        !h.state
            .open
            .as_ref()
            .expect("open")
            .case
            .answers
            .is_started("bewind")
    );
}

#[test]
fn client_details_are_corrected_each_change_in_the_history() {
    use ratatui::crossterm::event::KeyCode;
    let mut h = Harness::new();
    h.create_case("Fatima El Amrani", "");
    h.keys("c");
    assert_eq!(h.state.screen, Screen::Form);
    assert!(
        h.drawn().contains("Cliëntgegevens · 2026-00001"),
        "{}",
        h.drawn()
    );
    // Name: append a letter; BSN: one that fails the elfproef first.
    h.code(KeyCode::End);
    h.keys("i");
    h.tab();
    h.tab();
    h.keys("123456789");
    h.ctrl('s');
    assert!(h.drawn().contains("elfproef"), "{}", h.drawn());
    for _ in 0..9 {
        h.code(KeyCode::Backspace);
    }
    h.keys("111222333");
    h.tab();
    h.keys("06-12345678");
    h.ctrl('s');
    assert_eq!(h.state.screen, Screen::Case);
    let open = h.state.open.as_ref().expect("open");
    assert_eq!(open.case.client.name, "Fatima El Amranii");
    assert_eq!(open.case.client.phone.as_deref(), Some("06-12345678"));
    let changes = history(&h);
    let client: Vec<&str> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Client { field, .. } => Some(field.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(client, ["naam", "bsn", "telefoon"]);
    assert!(
        h.drawn()
            .contains("naam: Fatima El Amrani → Fatima El Amranii"),
        "{}",
        h.drawn()
    );
    // The new-case draft was not touched by the correction.
    h.esc();
    h.keys("n");
    assert_eq!(h.state.form.inputs[0].text(), "");
}

#[test]
fn a_note_is_added_on_screen() {
    let mut h = Harness::new();
    h.create_case("Jan Jansen", "");
    h.keys("m");
    h.enter();
    assert!(h.drawn().contains("Typ de notitie"), "{}", h.drawn());
    h.keys("Belt terug na overleg met partner");
    h.enter();
    let open = h.state.open.as_ref().expect("open");
    assert_eq!(open.case.notes.len(), 1);
    assert_eq!(open.case.notes[0].by, "balie1");
    assert!(history(&h).iter().any(
        |c| matches!(c, Change::Note { text } if text == "Belt terug na overleg met partner")
    ));
    assert!(h.drawn().contains("notitie: Belt terug"), "{}", h.drawn());
}

#[test]
fn a_case_without_decision_is_removed_with_a_reason_and_kept_in_the_history() {
    let mut h = Harness::new();
    h.create_case("Per Ongeluk", "");
    let key = h.state.open.as_ref().expect("open").key;
    h.esc();
    h.create_case("Blijft Staan", "");
    h.esc();
    h.keys("j"); // the first made case, one down
    h.enter();
    assert_eq!(h.state.open.as_ref().expect("open").key, key);
    h.keys("X");
    h.keys("fout");
    h.enter();
    assert!(h.drawn().contains("minstens 10 tekens"), "{}", h.drawn());
    h.keys(" aangemaakt, dubbel");
    h.enter();
    assert_eq!(h.state.screen, Screen::List);
    let text = h.drawn();
    assert!(!text.contains("Per Ongeluk"), "{text}");
    assert!(text.contains("Blijft Staan"), "{text}");
    assert!(text.contains("Opgeslagen"), "{text}");
    // Still in the store, with the reason in its history.
    let changes: Vec<Change> = h
        .store
        .history(key)
        .expect("history")
        .into_iter()
        .map(|e| e.change)
        .collect();
    assert!(
        changes.iter().any(
            |c| matches!(c, Change::Removed { reason } if reason == "fout aangemaakt, dubbel")
        )
    );
    // A decided case cannot be removed.
    let mut h = Harness::new();
    h.import_fixture("coaching-stabiel.json");
    h.enter();
    h.keys("aa");
    h.esc();
    h.keys("X");
    assert!(h.state.prompt.is_none());
    assert!(
        h.drawn().contains("met een besluit kan niet"),
        "{}",
        h.drawn()
    );
}

fn item(h: &Harness) -> String {
    h.state.open.as_ref().expect("open").checklist.item.clone()
}

#[test]
fn ja_nee_takes_one_key_and_moves_on_and_tab_skips_the_open_question() {
    use loket::domain::answers::Value;
    let mut h = Harness::new();
    h.create_case("Piet Pieters", "");
    h.keys("1");
    h.keys("]"); // A1: bedreigende situaties
    assert_eq!(item(&h), "crisis.ontruiming");
    assert!(h.drawn().contains("j of n antwoordt"), "{}", h.drawn());
    h.keys("n");
    assert_eq!(item(&h), "crisis.afsluiting");
    h.keys("j");
    assert_eq!(item(&h), "crisis.zorgverzekering");
    let answers = &h.state.open.as_ref().expect("open").case.answers;
    assert_eq!(
        answers.get("schuldhulp", "crisis.ontruiming"),
        Some(&Value::Bool(false))
    );
    assert_eq!(
        answers.get("schuldhulp", "crisis.afsluiting"),
        Some(&Value::Bool(true))
    );
    // Tab leaves the open question for the next open one.
    h.tab();
    assert_ne!(item(&h), "crisis.zorgverzekering");
    assert!(
        h.state
            .open
            .as_ref()
            .expect("open")
            .case
            .answers
            .get("schuldhulp", "crisis.zorgverzekering")
            .is_none()
    );
}

#[test]
fn dates_take_short_forms_and_the_field_says_which() {
    use loket::domain::answers::Value;
    use ratatui::crossterm::event::KeyCode;
    let melding = |h: &Harness| {
        h.state
            .open
            .as_ref()
            .expect("open")
            .case
            .answers
            .get("schuldhulp", "melding.datum")
            .cloned()
    };
    let day = |m, d| Value::Date(chrono::NaiveDate::from_ymd_opt(2026, m, d).expect("day"));
    for (typed, want) in [
        ("gisteren", day(11, 23)),
        ("20-11", day(11, 20)),
        ("19-11-2026", day(11, 19)),
    ] {
        let mut h = Harness::new();
        h.keys("n");
        assert!(
            h.drawn().contains("gisteren of +3 (werkdagen)"),
            "{}",
            h.drawn()
        );
        h.keys("Jan Jansen");
        for _ in 0..5 {
            h.tab();
        }
        for _ in 0..10 {
            h.code(KeyCode::Backspace);
        }
        h.keys(typed);
        h.ctrl('s');
        assert_eq!(melding(&h), Some(want), "{typed}");
    }
    // +3 is three working days ahead: a meldingsdatum cannot be in the future.
    let mut h = Harness::new();
    h.keys("n");
    h.keys("Jan Jansen");
    for _ in 0..5 {
        h.tab();
    }
    for _ in 0..10 {
        h.code(KeyCode::Backspace);
    }
    h.keys("+3");
    h.ctrl('s');
    assert!(
        h.drawn().contains("kan niet in de toekomst"),
        "{}",
        h.drawn()
    );
    h.keys("x");
    h.ctrl('s');
    assert!(
        h.drawn().contains("vandaag, gisteren of +3"),
        "{}",
        h.drawn()
    );
}

#[test]
fn the_privacy_key_blanks_free_text_search_notes_and_reasons() {
    use ratatui::crossterm::event::KeyCode;
    let mut h = Harness::new();
    h.create_case("Fatima El Amrani", "111222333");
    // A free-text answer, a note and a corrected phone number in the history.
    h.keys("1]j");
    for _ in 0..10 {
        if item(&h) == "crisis.toelichting" {
            break;
        }
        h.code(KeyCode::Down);
    }
    assert_eq!(item(&h), "crisis.toelichting");
    h.enter();
    h.keys("deurwaarder Vissers kwam dinsdag");
    h.enter();
    h.code(KeyCode::Up);
    while item(&h) != "crisis.toelichting" {
        h.code(KeyCode::Up);
    }
    let secret = ["deurwaarder", "Fatima", "nachtdienst", "0612345678"];
    let shown = |h: &Harness, word: &str| h.drawn().contains(word);
    assert!(shown(&h, "deurwaarder"), "{}", h.drawn());
    h.ctrl('p');
    assert!(!shown(&h, "deurwaarder"), "{}", h.drawn());
    h.ctrl('p');
    h.esc();
    h.keys("m");
    h.keys("werkt in nachtdienst");
    h.enter();
    h.keys("c");
    for _ in 0..3 {
        h.tab();
    }
    h.keys("0612345678");
    h.ctrl('s');
    for word in ["nachtdienst", "0612345678", "deurwaarder"] {
        assert!(shown(&h, word), "{word}: {}", h.drawn());
    }
    h.ctrl('p');
    for word in secret {
        assert!(!shown(&h, word), "{word}: {}", h.drawn());
    }
    h.ctrl('p');
    // The search text in the list.
    h.esc();
    h.keys("/Fatima");
    h.enter();
    assert!(shown(&h, "Zoeken: Fatima"), "{}", h.drawn());
    h.ctrl('p');
    assert!(!shown(&h, "Fatima"), "{}", h.drawn());
    h.ctrl('p');

    // An override reason on the advice screen and in the history.
    let mut h = Harness::new();
    h.import_fixture("coaching-stabiel.json");
    h.enter();
    h.keys("ao");
    h.code(KeyCode::Down);
    h.keys("Inwoner vraagt zelf om beheer na eerdere terugval.");
    h.enter();
    assert!(shown(&h, "beheer na eerdere"), "{}", h.drawn());
    h.ctrl('p');
    assert!(!shown(&h, "beheer na eerdere"), "{}", h.drawn());
    h.esc();
    assert!(!shown(&h, "beheer na eerdere"), "{}", h.drawn());
    h.ctrl('p');
    assert!(shown(&h, "beheer na eerdere"), "{}", h.drawn());
}

#[test]
fn the_history_shows_labels_not_ids() {
    let mut h = Harness::new();
    h.import_fixture("coaching-stabiel.json");
    h.enter();
    h.keys("aa");
    h.esc();
    let text = h.drawn();
    assert!(text.contains("voorstel: Budgetcoaching"), "{text}");
    assert!(
        text.contains("besluit: Budgetcoaching (voorstel overgenomen)"),
        "{text}"
    );
    assert!(text.contains("Route     Schuldreg."), "{text}");
    h.esc();
    h.create_case("Jan Jansen", "");
    let text = h.drawn();
    // The full label; the rest of a long line goes on under its own text.
    assert!(
        text.contains("Datum van de melding (meldingsdatum): onbeantwoord"),
        "{text}"
    );
    assert!(
        text.contains(&format!("\n{}→ 24-11-2026", " ".repeat(29))),
        "{text}"
    );
    assert!(!text.contains("melding.datum"), "{text}");
}

#[test]
fn the_csv_opens_in_a_dutch_spreadsheet_and_the_machine_format_stays_behind_a_flag() {
    use crate::support::{loket, stderr, stdout};
    let dir = tempfile::tempdir().expect("tempdir");
    let file = format!(
        "{}/fixtures/cases/coaching-stabiel.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let o = loket(dir.path(), &["import", "--quiet", &file]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = loket(dir.path(), &["export", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.starts_with("\u{feff}".as_bytes()), "a BOM first");
    let text = stdout(&o);
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().expect("header").split(';').collect();
    let row: Vec<&str> = lines.next().expect("row").split(';').collect();
    assert_eq!(header[0], "Zaaknummer");
    let col = |name: &str| {
        let i = header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("no column {name}: {header:?}"));
        row[i]
    };
    assert_eq!(col("Meldingsdatum"), "02-11-2026");
    assert!(col("Netto inkomen (€)").contains(','), "{row:?}");
    assert!(!col("Netto inkomen (€)").contains('.'), "{row:?}");
    assert_eq!(col("Voorstel"), "Budgetcoaching");
    assert!(!text.contains("budgetcoaching"), "no ids: {text}");
    // The machine format: commas, ids, ISO dates.
    let o = loket(dir.path(), &["export", "--format", "csv-machine"]);
    let text = stdout(&o);
    assert!(text.starts_with("case_id,status,"), "{text}");
    assert!(
        text.contains("budgetcoaching") && text.contains("2026-11-02"),
        "{text}"
    );
}

#[test]
fn the_command_line_speaks_dutch_and_offers_completions_and_a_man_page() {
    use crate::support::{loket, stderr, stdout};
    let dir = tempfile::tempdir().expect("tempdir");
    let english = [
        "Usage",
        "Options",
        "Commands",
        "Print help",
        "error:",
        "[default",
    ];
    for args in [
        vec!["--help"],
        vec!["help", "export"],
        vec!["export", "--help"],
    ] {
        let o = loket(dir.path(), &args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        let text = stdout(&o);
        assert!(text.contains("Gebruik: loket"), "{args:?}: {text}");
        assert!(text.contains("Opties:"), "{args:?}: {text}");
        for word in english {
            assert!(!text.contains(word), "{word} in {args:?}: {text}");
        }
    }
    let o = loket(dir.path(), &["help", "export"]);
    assert!(stdout(&o).contains("csv-machine"), "{}", stdout(&o));
    // Wrong subcommand, option and value: Dutch, exit 2.
    for (args, want) in [
        (vec!["exprot"], "onbekende opdracht 'exprot'; bedoelt u"),
        (
            vec!["export", "--fromat", "csv"],
            "onbekende optie '--fromat'; bedoelt u '--format'?",
        ),
        (
            vec!["export", "--format", "xls"],
            "ongeldige waarde 'xls' voor --format",
        ),
        (vec!["help", "nergens"], "onbekende opdracht 'nergens'"),
    ] {
        let o = loket(dir.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert!(err.contains(want), "{args:?}: {err}");
        for word in english {
            assert!(!err.contains(word), "{word} in {args:?}: {err}");
        }
    }
    for (shell, marker) in [
        ("bash", "_loket()"),
        ("zsh", "#compdef loket"),
        ("fish", "complete -c loket"),
    ] {
        let o = loket(dir.path(), &["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}: {}", stderr(&o));
        let text = stdout(&o);
        assert!(text.contains(marker), "{shell}: {text}");
        assert!(text.contains("export"), "{shell}");
    }
    let o = loket(dir.path(), &["man"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let man = stdout(&o);
    assert!(man.contains(".TH loket 1"), "{man}");
    assert!(man.contains("Werkbank voor schuldhulp"), "{man}");
}

fn goto(h: &mut Harness, id: &str) {
    use ratatui::crossterm::event::KeyCode;
    for _ in 0..60 {
        if item(h) == id {
            return;
        }
        h.code(KeyCode::Down);
    }
    panic!("no item {id}");
}

#[test]
fn the_first_debt_asks_before_it_replaces_the_a4_totals() {
    use loket::domain::answers::Value;
    let mut h = Harness::new();
    h.create_case("Jan Jansen", "");
    h.keys("1");
    goto(&mut h, "schulden.totaal");
    h.enter();
    h.keys("5000");
    h.enter();
    h.esc();
    h.keys("d");
    h.add_debt("Belastingdienst", "p", "1200", "n");
    let text = h.drawn();
    assert!(
        text.contains("Eerste schuld vervangt de A4-totalen (€ 5.000,00). Doorgaan?"),
        "{text}"
    );
    insta::assert_snapshot!("first_debt_question_80x24", text);
    h.esc(); // stay: nothing added, the form is still open
    let open = h.state.open.as_ref().expect("open");
    assert!(open.case.debts.is_empty());
    assert!(open.debts.form.is_some());
    h.ctrl('s');
    h.keys("j");
    let open = h.state.open.as_ref().expect("open");
    assert_eq!(open.case.debts.len(), 1);
    assert_eq!(
        open.answers.get("schuldhulp", "schulden.totaal"),
        Some(&Value::Eur("1200".parse().expect("dec")))
    );
    // A second debt asks nothing.
    h.add_debt("Eneco", "n", "300", "n");
    assert_eq!(h.state.open.as_ref().expect("open").case.debts.len(), 2);
    assert!(h.state.confirm.is_none());
}

#[test]
fn snapshots_of_the_new_questions_at_80x24() {
    let mut h = Harness::new();
    h.create_case("Fatima El Amrani", "111222333");
    h.keys("s");
    insta::assert_snapshot!("status_question_80x24", h.drawn());
    h.esc();
    h.keys("m");
    h.keys("Belt terug na overleg");
    insta::assert_snapshot!("note_prompt_80x24", h.drawn());
    h.enter();
    h.keys("c");
    insta::assert_snapshot!("client_edit_80x24", h.drawn());
    h.esc();
    h.keys("X");
    insta::assert_snapshot!("remove_prompt_80x24", h.drawn());
    h.esc();
    h.keys("2");
    insta::assert_snapshot!("start_checklist_question_80x24", h.drawn());
}

#[test]
fn a_status_message_goes_when_it_stops_being_true() {
    let mut h = Harness::new();
    h.create_case("Jan Jansen", "");
    assert!(
        h.drawn().contains("aangemaakt en opgeslagen"),
        "{}",
        h.drawn()
    );
    h.keys("m"); // a note prompt: the old message is not about it
    assert!(
        !h.drawn().contains("aangemaakt en opgeslagen"),
        "{}",
        h.drawn()
    );
    h.esc();
    h.keys("1");
    assert!(!h.drawn().contains("aangemaakt"), "{}", h.drawn());
    h.keys("]n"); // an answer: "Opgeslagen"
    assert!(h.drawn().contains("Opgeslagen"), "{}", h.drawn());
    h.esc();
    assert!(!h.drawn().contains("Opgeslagen"), "{}", h.drawn());
}

#[test]
fn the_advice_screen_names_missing_questions_by_label() {
    use ratatui::crossterm::event::KeyCode;
    let mut h = Harness::new();
    h.create_case("Jan Jansen", "");
    h.keys("a");
    let mut seen = String::new();
    for _ in 0..40 {
        seen.push_str(&h.drawn());
        h.code(KeyCode::PageDown);
    }
    assert!(seen.contains("Ontbrekende verplichte vragen"), "{seen}");
    assert!(
        seen.contains("• Gedwongen ontruiming van de woning aangezegd"),
        "{seen}"
    );
    assert!(!seen.contains("crisis.ontruiming"), "{seen}");
}

#[test]
fn a_picker_shows_labels_without_ids() {
    let mut h = Harness::new();
    h.create_case("Jan Jansen", "");
    h.keys("1");
    goto(&mut h, "melding.route");
    h.enter();
    let text = h.drawn();
    assert!(text.contains("Zelfmelding"), "{text}");
    assert!(!text.contains("(zelfmelding)"), "{text}");
    assert!(!text.contains("(warme_overdracht)"), "{text}");
}

#[test]
fn a_removed_case_is_not_exported_nor_counted_but_its_history_stays() {
    use crate::support::{loket, stderr, stdout};
    let mut h = Harness::new();
    h.create_case("Per Ongeluk", "");
    h.keys("X");
    h.keys("dubbel aangemaakt bij de intake");
    h.enter();
    h.create_case("Blijft Staan", "");
    let Harness { dir, store, .. } = h;
    drop(store);
    let o = loket(dir.path(), &["export", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = stdout(&o);
    assert!(
        csv.contains("2026-00002") && !csv.contains("2026-00001"),
        "{csv}"
    );
    let o = loket(dir.path(), &["report"]);
    assert!(stdout(&o).contains("Zaken: 1 "), "{}", stdout(&o));
    // Named, it is still there, with the removal in its history (the JSON keeps ids).
    let o = loket(dir.path(), &["export", "2026-00001"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("verwijderd"), "{}", stdout(&o));
}

/// Correcting the phone keeps what the form does not show: the DDAS details of the client.
#[test]
fn correcting_the_client_keeps_the_ddas_details() {
    let mut h = Harness::new();
    let key = h.import_fixture("ggz-beschikking-laat.json");
    h.enter();
    h.keys("c");
    assert_eq!(h.state.screen, Screen::Form);
    // To the phone field (name, birth date, BSN, phone) and type a number.
    h.tab();
    h.tab();
    h.tab();
    h.keys("06-12345678");
    h.ctrl('s');
    assert_eq!(h.state.screen, Screen::Case, "{}", h.drawn());
    let stored = crate::support::load(&h.store, key).expect("load").client;
    assert_eq!(stored.phone.as_deref(), Some("06-12345678"));
    assert_eq!(stored.postcode.as_deref(), Some("8011AB"));
    assert_eq!(stored.huisnummer.as_deref(), Some("14"));
    assert!(stored.geslacht.is_some());
}
