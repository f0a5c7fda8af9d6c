//! Documents from a case (`loket brief`, the case screen's `b`): every document for every public
//! example case, read back from the PDF with an independent reader (`readers::pdf`); the command line with
//! its files, exit codes and history; edited templates without a rebuild; the picker through the
//! scripted event loop.

use crate::harness::{Harness, env, fixed_now};
use loket::app::Env;
use loket::domain::exchange::parse_case_file;
use loket::domain::history::Change;
use loket::domain::policy::Gemeente;
use loket::domain::segment::segment_case;
use loket::letters::{self, Format, Input, Sjablonen, Soort};
use loket::store::{CaseStore, SledStore};
use ratatui::crossterm::event::KeyCode;
use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_loket");

/// The text of every page, whitespace collapsed (a phrase may wrap over two lines).
fn pdf_text(bytes: &[u8]) -> (usize, String) {
    let pdf = crate::readers::pdf::read(bytes);
    (pdf.pages, collapse(&pdf.text))
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn env_with_gemeente() -> Env {
    let mut e = env();
    e.policy.gemeente = Some(Gemeente {
        naam: "Gemeente Eëndorp".into(),
        adres: "Raadhuisplein 1, 1234 AB Eëndorp".into(),
        ..Gemeente::default()
    });
    e
}

fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir("fixtures/cases")
        .expect("fixtures")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    names
}

#[test]
fn every_document_for_every_example_case_reads_back_from_the_pdf() {
    let env = env_with_gemeente();
    let sjablonen = Sjablonen::embedded();
    let mut made = std::collections::BTreeMap::<Soort, usize>::new();
    for name in fixture_names() {
        let text = std::fs::read_to_string(format!("fixtures/cases/{name}")).expect("read");
        let file = parse_case_file(&text, &env.checklists).expect("valid fixture");
        let case = file.clone().into_case(
            file.case_id.clone().unwrap_or_else(|| name.clone()),
            fixed_now(),
        );
        let outcome = segment_case(&case, &env.checklists, &env.policy, env.today);
        let input = Input {
            case: &case,
            outcome: &outcome,
            history: &[],
            env: &env,
            afwijzing: None,
        };
        for soort in Soort::ALL {
            let result = letters::markdown(soort, &sjablonen, &input);
            let needs_met = match soort {
                Soort::Beschikking => case.decision.is_some(),
                Soort::Advies => {
                    case.answers.is_started("bewind")
                        && !["niet_beoordeeld", "onvolledig"].contains(&outcome.bewind.advice.id())
                }
                Soort::Documenten => env
                    .checklists
                    .schuldhulp
                    .items()
                    .filter(|i| i.id.starts_with("doc."))
                    .any(|i| {
                        matches!(
                            case.answers
                                .get("schuldhulp", &i.id)
                                .and_then(|v| v.as_choice()),
                            Some("opgevraagd" | "via_loket")
                        )
                    }),
                Soort::Intakeverslag => true,
            };
            let md = match result {
                Ok(md) => md,
                Err(e) => {
                    assert!(!needs_met, "{name} {soort:?}: {e}");
                    assert!(e.to_string().contains("kan niet worden gemaakt"), "{e}");
                    continue;
                }
            };
            assert!(needs_met, "{name} {soort:?} made without what it needs");
            *made.entry(soort).or_default() += 1;
            let (pages, mut pdf) = pdf_text(&letters::render(soort, &md, &case, &env, Format::Pdf));
            // Running header and footer, so a phrase that crosses a page reads as one.
            for i in 1..=pages {
                let footer = format!(
                    "{} · zaak {} Pagina {i} van {pages}",
                    soort.title(),
                    case.case_id
                );
                let header = format!("Gemeente Eëndorp · {} {}", soort.title(), case.case_id);
                pdf = pdf.replacen(&format!("{footer} {header} "), "", 1);
            }
            let must = |s: &str| {
                assert!(
                    pdf.contains(&collapse(s)),
                    "{name} {soort:?}: {s:?} missing in:\n{pdf}"
                )
            };
            must("Gemeente Eëndorp");
            must("Raadhuisplein 1, 1234 AB Eëndorp");
            assert!(pages >= 1);
            must(&case.client.name);
            match soort {
                Soort::Beschikking => {
                    let d = case.decision.as_ref().expect("decision");
                    must("Ons besluit");
                    must("U wordt toegelaten tot de schuldhulpverlening");
                    must(&format!("Wij bieden u: {}", env.policy.name(d.decided)));
                    if let Some(reason) = &d.reason {
                        must(reason);
                    }
                    // The reasons, deadlines and bezwaarclausule.
                    must("Waarom wij zo hebben besloten");
                    for due in ["Eerste gesprek", "Beschikking"] {
                        if outcome.deadlines.eerste_gesprek.is_some() {
                            must(due);
                        }
                    }
                    must("binnen zes weken");
                    must("uiterlijk op 5 januari 2027");
                    must(
                        "het college van burgemeester en wethouders van Gemeente Eëndorp, Raadhuisplein 1, 1234 AB Eëndorp",
                    );
                    assert!(
                        !pdf.contains("schulden.beslag"),
                        "no item ids for the client"
                    );
                }
                Soort::Advies => {
                    must("Advies aan de kantonrechter");
                    for l in [
                        "Hulp uit het eigen netwerk",
                        "Budgetcoaching",
                        "Inkomensbeheer",
                        "Budgetbeheer",
                    ] {
                        must(l);
                    }
                    match outcome.bewind.advice.id() {
                        "overwegen" => {
                            must("adviseert het verzoek tot beschermingsbewind toe te wijzen")
                        }
                        "niet_nodig" | "geen_grond" => {
                            must("adviseert het verzoek tot beschermingsbewind af te wijzen")
                        }
                        _ => {}
                    }
                    if let Some(t) = case
                        .answers
                        .get("bewind", "toereikend.toelichting")
                        .and_then(|v| v.as_text())
                    {
                        must(t);
                    }
                    if let Some(c) = outcome.bewind.first_year_cost {
                        must(&loket::domain::money::to_display(c));
                    }
                }
                Soort::Documenten => {
                    must("Welke papieren hebben wij nodig?");
                    assert_eq!(pages, 1, "{name}: the list fits one page");
                }
                Soort::Intakeverslag => {
                    must("Intakeverslag schuldhulpverlening");
                    must("Ondertekening");
                }
            }
        }
    }
    // Every kind was made for at least one public example case.
    for soort in Soort::ALL {
        assert!(
            made.get(&soort).copied().unwrap_or(0) > 0,
            "{soort:?}: {made:?}"
        );
    }
}

#[test]
fn plain_text_has_the_same_content() {
    let env = env_with_gemeente();
    let text = std::fs::read_to_string("fixtures/cases/bewind-lopend-toestand.json").expect("read");
    let file = parse_case_file(&text, &env.checklists).expect("valid");
    let case = file.into_case("2026-00106".into(), fixed_now());
    let outcome = segment_case(&case, &env.checklists, &env.policy, env.today);
    let input = Input {
        case: &case,
        outcome: &outcome,
        history: &[],
        env: &env,
        afwijzing: None,
    };
    let md = letters::markdown(Soort::Beschikking, &Sjablonen::embedded(), &input).expect("made");
    let txt = String::from_utf8(letters::render(
        Soort::Beschikking,
        &md,
        &case,
        &env,
        Format::Text,
    ))
    .expect("utf-8");
    assert!(txt.starts_with("Gemeente Eëndorp\nRaadhuisplein 1, 1234 AB Eëndorp\n"));
    assert!(txt.contains("Bent u het niet eens met dit besluit?\n-----"));
    assert!(collapse(&txt).contains("binnen zes weken na de datum van verzending"));
    assert!(txt.lines().all(|l| l.chars().count() <= 78), "{txt}");
}

// --- the command line ----------------------------------------------------------------------

struct Cli {
    dir: tempfile::TempDir,
}

impl Cli {
    fn new(fixtures: &[&str]) -> Cli {
        let cli = Cli {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        let mut args = vec!["import".to_string()];
        args.extend(fixtures.iter().map(|f| format!("fixtures/cases/{f}")));
        let o = cli.run_in(
            Path::new("."),
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        cli
    }

    fn run_in(&self, cwd: &Path, args: &[&str]) -> Output {
        let cwd = std::fs::canonicalize(cwd).expect("cwd");
        let manifest = env!("CARGO_MANIFEST_DIR");
        Command::new(BIN)
            .current_dir(&cwd)
            .arg("--store")
            .arg(self.dir.path().join("store"))
            .arg("--nieuw")
            .args(["--today", "2026-11-24", "--user", "balie1"])
            .args(args.iter().map(|a| {
                a.strip_prefix("fixtures/")
                    .map_or(a.to_string(), |rest| format!("{manifest}/fixtures/{rest}"))
            }))
            .env("TZ", "UTC")
            .output()
            .expect("run loket")
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_in(self.dir.path(), args)
    }

    fn history(&self, case_id: &str) -> Vec<Change> {
        let store = SledStore::open(&self.dir.path().join("store")).expect("store");
        let key = store.key_of(case_id).expect("read").expect("case");
        store
            .history(key)
            .expect("history")
            .into_iter()
            .map(|e| e.change)
            .collect()
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn brief_writes_a_pdf_named_after_the_case_and_records_it() {
    let cli = Cli::new(&["bewind-lopend-toestand.json"]);
    let o = cli.run(&["brief", "beschikking", "2026-00106"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let path = cli.dir.path().join("beschikking-2026-00106.pdf");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains(&path.display().to_string()), "{out}");
    let bytes = std::fs::read(&path).expect("written");
    let (_, text) = pdf_text(&bytes);
    assert!(text.contains("Beschikking schuldhulpverlening"));
    assert!(text.contains("binnen zes weken"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // No temporary file is left beside it.
    let left: Vec<_> = std::fs::read_dir(cli.dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    let history = cli.history("2026-00106");
    assert!(
        history.iter().any(|c| matches!(c,
            Change::DocumentMade { soort, bestand, afwijzing: None } if soort == "beschikking" && bestand == &path.display().to_string())),
        "{history:?}"
    );
    // Text by extension; a second document, a second event.
    let o = cli.run(&["brief", "advies", "2026-00106", "--uit", "advies.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let txt = std::fs::read_to_string(cli.dir.path().join("advies.txt")).expect("txt");
    assert!(txt.contains("Advies aan de kantonrechter"));
    assert!(
        txt.contains("[Naam van de gemeente]"),
        "placeholder without [gemeente]"
    );
    let made = cli
        .history("2026-00106")
        .into_iter()
        .filter(|c| matches!(c, Change::DocumentMade { .. }))
        .count();
    assert_eq!(made, 2);
}

#[test]
fn a_case_that_lacks_what_the_document_needs_writes_nothing() {
    let cli = Cli::new(&["coaching-stabiel.json", "bewind-onbekend.json"]);
    for (args, part) in [
        (
            vec!["brief", "beschikking", "coaching-stabiel", "--uit", "x.pdf"],
            "er is nog geen besluit vastgelegd",
        ),
        (
            vec!["brief", "advies", "coaching-stabiel", "--uit", "x.pdf"],
            "de vragenlijst bewind is niet gestart",
        ),
        (
            vec!["brief", "documenten", "coaching-stabiel", "--uit", "x.pdf"],
            "er staat geen document open",
        ),
        (
            vec!["brief", "advies", "2026-00125", "--uit", "x.pdf"],
            "nog niet compleet",
        ),
        (
            vec!["brief", "beschikking", "9999-99999", "--uit", "x.pdf"],
            "onbekend zaaknummer",
        ),
        (
            vec!["brief", "beschikking", "coaching-stabiel", "--uit", "x.doc"],
            "gebruik .pdf of .txt",
        ),
        (
            vec![
                "brief",
                "beschikking",
                "2026-00125",
                "--uit",
                "nergens/x.pdf",
            ],
            "bestaat niet",
        ),
    ] {
        let o = cli.run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(part), "{args:?}: {}", stderr(&o));
        assert!(!cli.dir.path().join("x.pdf").exists(), "{args:?}");
    }
    // A refusal the screener writes needs no decision.
    let o = cli.run(&[
        "brief",
        "beschikking",
        "coaching-stabiel",
        "--uit",
        "afw.txt",
        "--afwijzing",
        "U woont niet in deze gemeente; u kunt zich melden in uw eigen gemeente.",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let txt = collapse(&std::fs::read_to_string(cli.dir.path().join("afw.txt")).expect("txt"));
    assert!(
        txt.contains("Wij wijzen uw aanvraag om schuldhulpverlening af"),
        "{txt}"
    );
    assert!(txt.contains("U woont niet in deze gemeente"), "{txt}");
    assert!(txt.contains("binnen zes weken"), "{txt}");
    assert!(!txt.contains("U wordt toegelaten"), "{txt}");
    // The written reason is in the history with the document.
    assert!(
        cli.history("coaching-stabiel").iter().any(|c| matches!(c,
            Change::DocumentMade { soort, afwijzing: Some(r), .. }
                if soort == "beschikking" && r.starts_with("U woont niet in deze gemeente"))),
        "refusal recorded"
    );
}

#[test]
fn an_edited_template_is_used_without_a_rebuild_and_a_bad_one_is_refused() {
    let cli = Cli::new(&["bewind-lopend-toestand.json"]);
    let own = cli.dir.path().join("sjablonen");
    std::fs::create_dir_all(&own).expect("dir");
    let edited = Soort::Beschikking.embedded_template().replace(
        "Met vriendelijke groet,",
        "Met hartelijke groet van het team Geldzorgen,",
    );
    std::fs::write(own.join("beschikking.md"), edited).expect("write");
    let sj = own.display().to_string();
    let o = cli.run(&[
        "--sjablonen",
        &sj,
        "brief",
        "beschikking",
        "2026-00106",
        "--uit",
        "b.pdf",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (_, text) = pdf_text(&std::fs::read(cli.dir.path().join("b.pdf")).expect("pdf"));
    assert!(
        text.contains("Met hartelijke groet van het team Geldzorgen,"),
        "{text}"
    );
    // The other documents still use the embedded templates.
    let o = cli.run(&[
        "--sjablonen",
        &sj,
        "brief",
        "intakeverslag",
        "2026-00106",
        "--uit",
        "i.txt",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // An unknown field: exit 2, the field and the file named, nothing written.
    std::fs::write(
        own.join("advies.md"),
        "# Advies\n\nVoor {{inwoner.naam}} in {{inwoner.postcode}}.\n",
    )
    .expect("write");
    let o = cli.run(&[
        "--sjablonen",
        &sj,
        "brief",
        "beschikking",
        "2026-00106",
        "--uit",
        "c.pdf",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("onbekend veld 'inwoner.postcode'"), "{err}");
    assert!(
        err.contains(&own.join("advies.md").display().to_string()),
        "{err}"
    );
    assert!(err.contains("regel 3"), "{err}");
    assert!(!cli.dir.path().join("c.pdf").exists());
    // A misnamed template is named too (it would silently not be used).
    std::fs::remove_file(own.join("advies.md")).expect("rm");
    std::fs::write(own.join("Beschikking.md"), "x").expect("write");
    let o = cli.run(&[
        "--sjablonen",
        &sj,
        "brief",
        "beschikking",
        "2026-00106",
        "--uit",
        "c.pdf",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("Beschikking.md: onbekende naam"),
        "{}",
        stderr(&o)
    );
}

/// The beschikking as a person reads it (plain text), for review.
#[test]
fn beschikking_text_for_review() {
    let env = env_with_gemeente();
    let text = std::fs::read_to_string("fixtures/cases/wijkteam-zwaarder.json").expect("read");
    let file = parse_case_file(&text, &env.checklists).expect("valid");
    let case = file
        .clone()
        .into_case(file.case_id.clone().unwrap_or_default(), fixed_now());
    let outcome = segment_case(&case, &env.checklists, &env.policy, env.today);
    let input = Input {
        case: &case,
        outcome: &outcome,
        history: &[],
        env: &env,
        afwijzing: None,
    };
    let md = letters::markdown(Soort::Beschikking, &Sjablonen::embedded(), &input).expect("made");
    let txt = String::from_utf8(letters::render(
        Soort::Beschikking,
        &md,
        &case,
        &env,
        Format::Text,
    ))
    .expect("utf-8");
    insta::assert_snapshot!("beschikking_wijkteam_zwaarder", txt);
}

// --- the case screen -------------------------------------------------------------------------

#[test]
fn the_case_screen_key_makes_a_document_and_says_where_it_went() {
    let mut h = Harness::new();
    let key = h.import_fixture("bewind-lopend-toestand.json");
    // Open the case, press b: the picker shows.
    h.enter();
    h.keys("b");
    let s = h.drawn();
    assert!(s.contains("Document maken"), "{s}");
    assert!(s.contains("1  Beschikking schuldhulpverlening"), "{s}");
    assert!(s.contains("4  Intakeverslag"), "{s}");
    // Esc closes the picker without leaving the case; b, down, Enter makes the advice.
    h.esc();
    h.keys("b");
    h.code(KeyCode::Down);
    h.enter();
    let case_id = h.state.open.as_ref().expect("open").case.case_id.clone();
    let path = h.dir.path().join(format!("advies-{case_id}.pdf"));
    let (_, text) = pdf_text(&std::fs::read(&path).expect("advies written"));
    assert!(text.contains("Advies aan de kantonrechter"));
    let s = h.drawn();
    assert!(
        s.contains("Advies aan de kantonrechter opgeslagen in"),
        "{s}"
    );
    assert!(!s.contains("Document maken"), "{s}");
    assert_eq!(h.state.screen, loket::app::Screen::Case);
    // '1' makes the beschikking; the history on screen and in the store shows both.
    h.keys("b1");
    assert!(
        h.dir
            .path()
            .join(format!("beschikking-{case_id}.pdf"))
            .exists()
    );
    let s = h.drawn();
    assert!(
        s.contains("document gemaakt: Beschikking schuldhulpverlening"),
        "{s}"
    );
    let made: Vec<String> = h
        .store
        .history(key)
        .expect("history")
        .into_iter()
        .filter_map(|e| match e.change {
            Change::DocumentMade { soort, .. } => Some(soort),
            _ => None,
        })
        .collect();
    assert_eq!(made, ["advies", "beschikking"]);
}

/// The intakeverslag's sections cover the whole report for every example case, so a template
/// built from sections loses nothing (and a renamed heading in the report fails here).
#[test]
fn intakeverslag_sections_cover_the_whole_report() {
    let env = env_with_gemeente();
    for name in fixture_names() {
        let text = std::fs::read_to_string(format!("fixtures/cases/{name}")).expect("read");
        let file = parse_case_file(&text, &env.checklists).expect("valid fixture");
        let case = file
            .clone()
            .into_case(file.case_id.clone().unwrap_or_default(), fixed_now());
        let outcome = segment_case(&case, &env.checklists, &env.policy, env.today);
        let md = loket::app::intake_report::intake_report(&case, &outcome, &[], &env);
        let body = md
            .strip_prefix("# Intakeverslag schuldhulpverlening\n")
            .expect("title");
        let sections = letters::documents::verslag_sections(body);
        let joined: String = sections.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(joined, body, "{name}");
        for (field, text) in &sections {
            let heading_count = text.lines().filter(|l| l.starts_with("## ")).count();
            let expected = usize::from(*field != "verslag.voorlopig");
            assert_eq!(
                heading_count, expected,
                "{name}: {field} holds one heading: {text}"
            );
        }
    }
    // A template made of sections, in another order and with one left out.
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(
        dir.path().join("intakeverslag.md"),
        "# Overdracht\n\n{{verslag.besluit}}\n{{verslag.client}}\n",
    )
    .expect("write");
    let sj = Sjablonen::load(Some(dir.path())).expect("valid");
    let text = std::fs::read_to_string("fixtures/cases/wijkteam-zwaarder.json").expect("read");
    let file = parse_case_file(&text, &env.checklists).expect("valid");
    let case = file
        .clone()
        .into_case(file.case_id.clone().unwrap_or_default(), fixed_now());
    let outcome = segment_case(&case, &env.checklists, &env.policy, env.today);
    let input = Input {
        case: &case,
        outcome: &outcome,
        history: &[],
        env: &env,
        afwijzing: None,
    };
    let md = letters::markdown(Soort::Intakeverslag, &sj, &input).expect("made");
    let besluit = md.find("## Besluit").expect("besluit");
    let client = md.find("## Cliënt").expect("client");
    assert!(besluit < client, "{md}");
    assert!(!md.contains("## Schulden"), "{md}");
}
