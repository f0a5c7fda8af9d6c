//! Issue 13, the points found open after the first round: readable at 80 columns (names and
//! labels wrap or are spelled out for the selected row), reasons wrapped under their bullet,
//! scrolling clamped in the state, reasons without item ids, B3 suggested from A7, the A5
//! document list on a new case, `+3` on the municipality's calendar, and the report's bewind
//! proposals that were decided otherwise. Everything through the real event loop on 80×24.

use crate::harness;

use harness::Harness;
use ratatui::crossterm::event::KeyCode;

/// The rows of the screen as the event loop last drew them, trailing blanks trimmed.
fn rows(h: &Harness) -> Vec<String> {
    h.drawn()
        .lines()
        .map(|l| l.trim_end().to_string())
        .collect()
}

/// Snapshots of one screen at 80×24 and at 120×40.
fn both_sizes(h: &Harness, name: &str) {
    for (w, r) in [(80, 24), (120, 40)] {
        let text = harness::buffer_text(&h.screen_at(w, r));
        insta::assert_snapshot!(format!("{name}_{w}x{r}"), text);
    }
}

/// The fixture with the longest case number and name, opened.
fn long_names() -> Harness {
    let mut h = Harness::new();
    h.import_fixture("bewind-schulden-instabiel.json");
    h.enter();
    h
}

/// The question column of the checklist at 80 columns (rows 3 to 16, columns 3 to 54), its
/// words joined: a label wrapped over rows reads as one line again.
fn label_column(h: &Harness) -> String {
    rows(h)[3..17]
        .iter()
        .map(|l| l.chars().skip(3).take(51).collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `text` names a checklist item by its id (`fn.stabiliteit`, `inkomen.netto`, …).
fn item_id_in(text: &str) -> Option<String> {
    let prefixes = [
        "fn.",
        "bewind.",
        "behoefte.",
        "inkomen.",
        "schulden.",
        "huishouden.",
        "melding.",
        "toereikend.",
        "lasten.",
        "eerder.",
        "doc.",
        "crisis.",
    ];
    text.split(|c: char| c.is_whitespace() || "(),:;'\"".contains(c))
        .find(|w| {
            prefixes.iter().any(|p| {
                w.starts_with(p)
                    && w.len() > p.len()
                    && w[p.len()..]
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c == '_')
            })
        })
        .map(str::to_string)
}

#[test]
fn at_80_columns_the_list_spells_out_the_selected_case() {
    let mut h = Harness::new();
    h.import_fixture("bewind-schulden-instabiel.json");
    h.import_fixture("aow-paar.json");
    h.code(KeyCode::Home);
    let screen = rows(&h);
    // The row under the table names the selected case in full: number and name.
    let detail = &screen[screen.len() - 3];
    assert!(detail.starts_with("▶ "), "{}", h.drawn());
    let selected = h.state.list.visible[h.state.list.cursor];
    let s = &h.state.list.rows[selected].summary;
    assert!(detail.contains(&s.case_id), "{}", h.drawn());
    assert!(detail.contains(&s.name), "{}", h.drawn());
    // Moving the cursor moves the detail line with it.
    h.code(KeyCode::Down);
    let selected = h.state.list.visible[h.state.list.cursor];
    let s = &h.state.list.rows[selected].summary;
    let screen = rows(&h);
    assert!(screen[screen.len() - 3].contains(&s.name), "{}", h.drawn());
    both_sizes(&h, "lijst");
}

#[test]
fn at_80_columns_the_case_view_wraps_the_client_name() {
    let h = long_names();
    let screen = rows(&h);
    let naam = screen
        .iter()
        .position(|l| l.starts_with("Naam"))
        .unwrap_or_else(|| panic!("{}", h.drawn()));
    // "Bewind Schulden Instabiel": the last word goes on under the value, not cut off.
    let left = |i: usize| screen[i].split('│').next().unwrap_or("").trim().to_string();
    assert_eq!(left(naam), "Naam         Bewind Schulden", "{}", h.drawn());
    assert_eq!(left(naam + 1), "Instabiel", "{}", h.drawn());
    assert!(
        screen[naam + 1].starts_with("             Instabiel"),
        "{}",
        h.drawn()
    );
    both_sizes(&h, "zaak");
}

#[test]
fn at_80_columns_termijnen_wraps_the_case_under_itself() {
    let mut h = Harness::new();
    h.import_fixture("bewind-schulden-instabiel.json");
    h.keys("t");
    let text = h.drawn();
    let joined: String = rows(&h)
        .iter()
        .map(|l| l.trim())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        joined.contains("bewind-schulden-instabiel Bewind Schulden Instabiel"),
        "{text}"
    );
    both_sizes(&h, "termijnen");
}

#[test]
fn at_80_columns_the_checklist_shows_whole_labels_and_section_names() {
    let mut h = long_names();
    h.keys("1");
    let text = h.drawn();
    // Sections as a strip of ids with progress; the current one heads the items in full.
    assert!(text.contains("A0 2/2"), "{text}");
    assert!(text.contains("A8 1/1"), "{text}");
    assert!(text.contains(" A0 Aanmelding"), "{text}");
    // Every item label of the section is readable in the list itself (wrapped, not cut).
    let flat = label_column(&h);
    for label in [
        "Datum van de melding (meldingsdatum)",
        "Hoe kwam de melding binnen?",
        "Datum waarop het eerste gesprek plaatsvond",
    ] {
        assert!(flat.contains(label), "{label} cut off:\n{text}");
    }
    both_sizes(&h, "vragenlijst");
    // A section with long names: A1, each label whole.
    h.keys("]");
    let text = h.drawn();
    let section = h
        .state
        .env
        .checklists
        .schuldhulp
        .sections
        .iter()
        .find(|s| s.id == "A1")
        .expect("A1");
    assert!(text.contains(&format!(" A1 {}", section.title)), "{text}");
    let flat = label_column(&h);
    for item in section
        .items
        .iter()
        .filter(|i| i.is_asked(&h.state.open.as_ref().expect("open").case.answers))
    {
        assert!(
            flat.contains(&item.label),
            "{} cut off:\n{text}",
            item.label
        );
    }
}

#[test]
fn a_wrapped_reason_goes_on_under_the_text_after_its_bullet() {
    let mut h = long_names();
    h.keys("a");
    let screen = rows(&h);
    let waarom = screen
        .iter()
        .position(|l| l == "Waarom")
        .unwrap_or_else(|| panic!("{}", h.drawn()));
    let block: Vec<&String> = screen[waarom + 1..]
        .iter()
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(block.len() > 3, "{}", h.drawn());
    assert!(block[0].starts_with("  • "), "{}", h.drawn());
    let mut continued = 0;
    for l in &block {
        assert!(
            l.starts_with("  • ") || l.starts_with("    "),
            "row not under its bullet: {l:?}\n{}",
            h.drawn()
        );
        if let Some(rest) = l.strip_prefix("    ") {
            assert!(!rest.starts_with(' '), "{l:?}");
            continued += 1;
        }
    }
    assert!(continued > 0, "no wrapped reason:\n{}", h.drawn());
    // The ladder's rungs wrap under their text too.
    let ladder = screen
        .iter()
        .position(|l| l.starts_with("De ladder"))
        .unwrap_or_else(|| panic!("{}", h.drawn()));
    for l in screen[ladder + 1..22].iter().take_while(|l| !l.is_empty()) {
        assert!(l.starts_with("  ") || l.starts_with("▶ "), "{l:?}");
    }
    both_sizes(&h, "advies");
}

/// End, then Up once: the text moves by one row at once (the offset was clamped in the state).
fn up_after_end_moves_at_once(h: &mut Harness, top: usize, bottom: usize) {
    h.code(KeyCode::End);
    let at_end = rows(h);
    h.code(KeyCode::Up);
    let after = rows(h);
    assert_ne!(at_end, after, "Up after End did nothing:\n{}", h.drawn());
    // Every row moved down by one: what was on row i is now on row i + 1.
    for i in top..bottom - 1 {
        assert_eq!(after[i + 1], at_end[i], "row {i}\n{}", h.drawn());
    }
}

#[test]
fn up_after_end_on_the_advice_screen_scrolls_back_at_once() {
    let mut h = long_names();
    h.keys("a");
    h.code(KeyCode::End);
    let extent = h
        .state
        .extents
        .result
        .expect("the frame reported the advice text");
    let scroll = h.state.open.as_ref().expect("open").result.scroll;
    // The stored offset is the last one that shows text, not a number past the end.
    assert_eq!(scroll, extent.max_scroll());
    assert!(scroll > 0);
    h.code(KeyCode::PageDown);
    assert_eq!(h.state.open.as_ref().expect("open").result.scroll, scroll);
    // Body rows 1..22 (header above, status and footer below).
    up_after_end_moves_at_once(&mut h, 1, 22);
    assert_eq!(
        h.state.open.as_ref().expect("open").result.scroll,
        scroll - 1
    );
}

#[test]
fn up_after_end_on_the_help_overlay_scrolls_back_at_once() {
    let mut h = long_names();
    h.keys("?");
    h.code(KeyCode::End);
    let extent = h
        .state
        .extents
        .help
        .expect("the frame reported the help text");
    assert_eq!(h.state.help_scroll, extent.max_scroll());
    assert!(h.state.help_scroll > 0);
    let at_end = h.drawn();
    h.code(KeyCode::Up);
    assert_ne!(at_end, h.drawn(), "Up after End did nothing");
    assert_eq!(h.state.help_scroll, extent.max_scroll() - 1);
}

#[test]
fn a_smaller_terminal_pulls_the_stored_offset_back() {
    // The layout action: a frame with more room lowers the furthest offset, and the state
    // follows at once (no offset past the end is kept).
    let mut h = long_names();
    h.keys("a");
    h.code(KeyCode::End);
    let scroll = h.state.open.as_ref().expect("open").result.scroll;
    h.act(loket::app::Action::Layout(loket::app::Extents {
        result: Some(loket::app::Extent {
            rows: 30,
            visible: 25,
        }),
        ..Default::default()
    }));
    assert!(scroll > 5);
    assert_eq!(h.state.open.as_ref().expect("open").result.scroll, 5);
}

#[test]
fn no_reason_on_the_advice_screen_names_an_item_id() {
    for path in crate::support::fixture_files() {
        let fixture = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("file name")
            .to_string();
        let mut h = Harness::new();
        h.import_fixture(&fixture);
        h.enter();
        h.keys("a");
        let mut seen = String::new();
        // Page through the whole text (the furthest offset is known after the first frame).
        let pages = h
            .state
            .extents
            .result
            .map_or(1, |e| e.max_scroll() / 20 + 2);
        for _ in 0..pages {
            seen.push_str(&h.drawn());
            h.code(KeyCode::PageDown);
        }
        assert!(
            item_id_in(&seen).is_none(),
            "{fixture}: {:?} on screen:\n{seen}",
            item_id_in(&seen)
        );
    }
}

#[test]
fn segment_json_keeps_ids_in_its_fields_and_people_words_in_its_reasons() {
    let fixture = format!(
        "{}/fixtures/cases/bewind-schulden-instabiel.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["--today", "2026-11-24", "segment"])
        .arg(&fixture)
        .output()
        .expect("loket segment");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(j["format"], "loket-segment/1");
    assert_eq!(j["bewind"]["advice"], "overwegen");
    assert_eq!(j["debt_route"]["route"], "stabilisatie");
    let reasons: Vec<String> = ["support", "bewind", "debt_route"]
        .iter()
        .flat_map(|k| j[k]["reasons"].as_array().cloned().unwrap_or_default())
        .filter_map(|r| r.as_str().map(str::to_string))
        .collect();
    assert!(!reasons.is_empty());
    for r in &reasons {
        assert!(item_id_in(r).is_none(), "{r}");
    }
}

#[test]
fn b3_is_suggested_from_a7_until_one_key_confirms_it() {
    let mut h = Harness::new();
    h.import_fixture("bewind-verkwisting.json");
    h.enter();
    h.keys("2");
    // To B3 and clear its answer: A7 said "mislukt", so that is the suggestion.
    h.keys("]]");
    assert_eq!(
        h.state.open.as_ref().expect("open").checklist.item,
        "bewind.eerder_lichter",
        "{}",
        h.drawn()
    );
    h.keys("x");
    let text = h.drawn();
    assert!(text.contains("voorstel: Ja, mislukt"), "{text}");
    assert!(text.contains("Voorstel: Ja, mislukt"), "{text}");
    assert!(text.contains("j neemt het over"), "{text}");
    // A suggestion is not an answer: the item is still missing for the engine.
    let open = h.state.open.as_ref().expect("open");
    assert!(open.case.answers.value("bewind.eerder_lichter").is_none());
    assert!(
        open.outcome
            .missing
            .iter()
            .any(|m| m == "bewind.eerder_lichter"),
        "{:?}",
        open.outcome.missing
    );
    both_sizes(&h, "b3_voorstel");
    // One key confirms it, saves it, and moves on.
    h.keys("j");
    let open = h.state.open.as_ref().expect("open");
    assert_eq!(
        open.case
            .answers
            .value("bewind.eerder_lichter")
            .and_then(|v| v.as_choice()),
        Some("mislukt")
    );
    assert_ne!(open.checklist.item, "bewind.eerder_lichter");
    assert!(h.drawn().contains("opgeslagen") || h.drawn().contains("Opgeslagen"));
    assert!(
        !h.drawn().contains("voorstel: Ja, mislukt"),
        "{}",
        h.drawn()
    );
}

#[test]
fn a5_on_a_new_case_lists_every_document_with_its_state() {
    let mut h = Harness::new();
    h.create_case("Fatima el Amrani", "");
    h.keys("1");
    if h.state.confirm.is_some() {
        h.keys("j");
    }
    h.keys("]]]]]");
    let text = h.drawn();
    assert!(text.contains(" A5 Documenten"), "{text}");
    assert!(!text.contains("0/0"), "{text}");
    let docs: Vec<loket::domain::checklist::Item> = h
        .state
        .env
        .checklists
        .schuldhulp
        .sections
        .iter()
        .filter(|s| s.id == "A5")
        .flat_map(|s| s.items.iter())
        .filter(|i| i.is_asked(&h.state.open.as_ref().expect("open").case.answers))
        .cloned()
        .collect();
    assert!(text.contains(&format!("A5 0/{}", docs.len())), "{text}");
    let flat = label_column(&h);
    for d in &docs {
        assert!(flat.contains(&d.label), "{} missing:\n{text}", d.label);
    }
    assert_eq!(
        text.matches("nog niet nagevraagd").count(),
        docs.len(),
        "{text}"
    );
    both_sizes(&h, "documenten_nieuwe_zaak");
    // Recording one document's state shows it in the list and in the count.
    h.enter();
    h.keys("o");
    h.enter();
    let text = h.drawn();
    assert!(text.contains("Opgevraagd"), "{text}");
    assert!(text.contains(&format!("A5 1/{}", docs.len())), "{text}");
}

#[test]
fn plus_working_days_skip_the_municipalitys_extra_free_days() {
    let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, d).expect("date");
    let answer = |extra: &[chrono::NaiveDate]| {
        let mut h = long_names();
        h.state.env.policy.extra_vrije_dagen = extra.to_vec();
        h.keys("1");
        // On "Datum van de melding": replace it with +3 (today is Tuesday 24-11-2026).
        h.enter();
        for _ in 0..12 {
            h.code(KeyCode::Backspace);
        }
        h.keys("+3");
        h.enter();
        h.state
            .open
            .as_ref()
            .expect("open")
            .case
            .answers
            .value("melding.datum")
            .and_then(|v| v.as_date())
    };
    assert_eq!(answer(&[]), Some(day(27)));
    // Wednesday 25-11 is a free day in this municipality: three working days end on Monday.
    assert_eq!(answer(&[day(25)]), Some(day(30)));
}

#[test]
fn the_report_keeps_a_bewind_proposal_that_was_decided_otherwise() {
    let mut h = long_names();
    h.keys("a");
    h.keys("o");
    // One rung lighter than the proposal (beschermingsbewind): budgetbeheer totaal.
    h.code(KeyCode::Up);
    h.keys("De inwoner wil eerst budgetbeheer proberen met zijn zus");
    h.enter();
    let decision = h
        .state
        .open
        .as_ref()
        .and_then(|o| o.case.decision.clone())
        .expect("decided");
    assert!(decision.is_override());
    assert_eq!(
        decision.decided,
        loket::domain::provision::Provision::BudgetbeheerTotaal
    );
    h.esc();
    h.esc();
    h.keys("r");
    let text = h.drawn();
    assert!(
        text.contains("Voorstel bewind 1  overgenomen 0  afwijkend besloten 1"),
        "{text}"
    );

    // The command line report over the same store: text and JSON.
    let harness::Harness { dir, store, .. } = h;
    drop(store);
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
            .arg("--store")
            .arg(dir.path())
            .args(["--today", "2026-11-24", "report"])
            .args(args)
            .env_remove("LOKET_STORE")
            .output()
            .expect("loket report");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let text = run(&[]);
    assert!(
        text.contains(
            "Voorstel beschermingsbewind (bewindadvies overwegen): 1; overgenomen 0, afwijkend besloten 1"
        ),
        "{text}"
    );
    assert!(
        text.contains("afwijkend besloten als: Budgetbeheer totaal 1")
            || text.contains("afwijkend besloten als: Budgetbeheer (totaal) 1"),
        "{text}"
    );
    // The rest the issue asks for is there too: overdue deadlines with days over, caseload per
    // user and cases per referral route.
    assert!(text.contains("Verlopen termijnen"), "{text}");
    assert!(text.contains("Zaken per medewerker"), "{text}");
    assert!(text.contains("Binnengekomen via"), "{text}");
    let j: serde_json::Value = serde_json::from_str(&run(&["--json"])).expect("json");
    assert_eq!(j["proposed_bewind"]["cases"], 1);
    assert_eq!(j["proposed_bewind"]["accepted"], 0);
    assert_eq!(j["proposed_bewind"]["decided_otherwise"], 1);
    assert_eq!(
        j["proposed_bewind"]["decided_otherwise_as"]["budgetbeheer_totaal"],
        1
    );
    assert_eq!(j["overrides"]["lighter"], 1);
}

/// A very long client name at 80 columns: the header's title ends in "…" where its room ends,
/// and the date on the right stays whole; at 120 columns the same name fits and is shown whole.
#[test]
fn a_long_name_in_the_header_ends_in_an_ellipsis_and_the_date_stays() {
    let mut h = Harness::new();
    let name = "Maria Antonia Josephina van den Heuvel-Vermeulen de Bruijn";
    h.create_case(name, "");
    let header = |width: u16| {
        crate::harness::buffer_text(&h.screen_at(width, 24))
            .lines()
            .next()
            .unwrap_or("")
            .to_string()
    };
    let narrow = header(80);
    let date = crate::harness::today().format("%d-%m-%Y").to_string();
    assert!(narrow.trim_end().ends_with(&date), "{narrow}");
    assert!(!narrow.contains(name), "{narrow}");
    // The title runs up to the "…" and the "…" touches the marks on the right: no room lost.
    let (title, rest) = narrow
        .split_once('…')
        .unwrap_or_else(|| panic!("no …: {narrow}"));
    let shown = title
        .strip_prefix("loket · Zaak · 2026-00001 ")
        .unwrap_or("");
    assert!(shown.len() > 10 && name.starts_with(shown), "{narrow}");
    assert!(rest.starts_with(' ') && !rest.starts_with("  "), "{narrow}");
    let wide = header(120);
    assert!(wide.contains(name) && !wide.contains('…'), "{wide}");
}
