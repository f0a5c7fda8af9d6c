//! `loket import` / `loket export`: the round trip, every class of bad input, per-file
//! reporting and exit codes, case-number collisions, CSV, and progress output.

use crate::support;
use crate::support::{fixture_files, loket, stderr, stdout};

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use loket::app::Env;
use loket::app::summary::outcome;
use loket::cli::transfer::{DEMO_CASES, ImportError, import_demo, import_text};
use loket::domain::checklist::Checklists;
use loket::domain::exchange::parse_case_file;
use loket::domain::history::Change;
use loket::domain::policy::Policy;
use loket::domain::segment::to_contract_json;
use loket::domain::summary::Summary;
use loket::store::{CaseStore, SledStore};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

fn env() -> Env {
    Env {
        checklists: Checklists::embedded(),
        policy: Policy::embedded(),
        user: "balie1".into(),
        today: NaiveDate::from_ymd_opt(2026, 11, 24).expect("date"),
        offset: FixedOffset::east_opt(0).expect("offset"),
    }
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 9, 30, 0)
        .single()
        .expect("time")
}

fn args_of(files: &[PathBuf]) -> Vec<String> {
    files.iter().map(|p| p.display().to_string()).collect()
}

fn import(store: &Path, files: &[PathBuf], extra: &[&str]) -> Output {
    let mut args = vec!["import"];
    args.extend_from_slice(extra);
    let names = args_of(files);
    args.extend(names.iter().map(String::as_str));
    loket(store, &args)
}

/// Every file in a directory, by name.
fn read_dir_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| {
            let p = e.expect("entry").path();
            (
                p.file_name().expect("name").to_string_lossy().to_string(),
                std::fs::read(&p).expect("read"),
            )
        })
        .collect()
}

fn snapshot(store: &SledStore) -> (usize, Vec<Summary>) {
    (
        store.count().expect("count"),
        support::summaries(store)
            .into_iter()
            .map(|(_, s)| s)
            .collect(),
    )
}

#[test]
fn demo_cases_list_every_fixture() {
    let on_disk: Vec<String> = fixture_files()
        .iter()
        .map(|p| p.file_name().expect("name").to_string_lossy().to_string())
        .collect();
    let mut listed: Vec<String> = DEMO_CASES.iter().map(|(n, _)| n.to_string()).collect();
    listed.sort();
    assert_eq!(
        listed, on_disk,
        "DEMO_CASES must name every fixtures/cases/*.json"
    );
    for (name, text) in DEMO_CASES {
        let file = std::fs::read_to_string(Path::new("fixtures/cases").join(name)).expect("read");
        assert_eq!(*text, file, "{name} is embedded as it is on disk");
    }
    assert!(DEMO_CASES.len() >= 30);
}

#[test]
fn every_fixture_parses_and_the_demo_fills_a_fresh_store() {
    let checklists = Checklists::embedded();
    for (name, text) in DEMO_CASES {
        parse_case_file(text, &checklists).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SledStore::open(dir.path()).expect("store");
    let out = import_demo(&store, &env(), now()).expect("demo import");
    assert_eq!(out.len(), DEMO_CASES.len());
    assert!(
        out.iter().all(|o| !o.renamed()),
        "fixture case ids are unique"
    );
    assert_eq!(store.count().expect("count"), DEMO_CASES.len());
}

#[test]
fn export_then_import_into_an_empty_store_gives_back_the_same_cases() {
    let a = tempfile::tempdir().expect("tempdir");
    let b = tempfile::tempdir().expect("tempdir");
    let out1 = tempfile::tempdir().expect("tempdir");
    let out2 = tempfile::tempdir().expect("tempdir");
    let files = fixture_files();

    let o = import(a.path(), &files, &["--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = loket(
        a.path(),
        &[
            "export",
            "--out",
            &out1.path().display().to_string(),
            "--quiet",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let exported = read_dir_files(out1.path());
    assert_eq!(exported.len(), files.len());

    let exported_files: Vec<PathBuf> = exported.keys().map(|n| out1.path().join(n)).collect();
    let o = import(b.path(), &exported_files, &["--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stdout(&o).contains("bestond al"), "{}", stdout(&o));
    let o = loket(
        b.path(),
        &[
            "export",
            "--out",
            &out2.path().display().to_string(),
            "--quiet",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let again = read_dir_files(out2.path());
    assert_eq!(exported.len(), again.len());
    for (name, bytes) in &exported {
        assert_eq!(
            Some(bytes),
            again.get(name),
            "{name} is byte-identical after export → import → export"
        );
    }

    // Same case, answers, debts, notes and decision as the fixture, and the same outcome.
    let env = env();
    let store_a = SledStore::open(a.path()).expect("store a");
    let store_b = SledStore::open(b.path()).expect("store b");
    for path in &files {
        let text = std::fs::read_to_string(path).expect("read");
        let file = parse_case_file(&text, &env.checklists).expect("valid");
        let id = file.case_id.clone().expect("fixtures carry a case id");
        let key_a = store_a.key_of(&id).expect("ids").expect("in a");
        let key_b = store_b.key_of(&id).expect("ids").expect("in b");
        let case_a = support::load(&store_a, key_a).expect("load a");
        let case_b = support::load(&store_b, key_b).expect("load b");
        assert_eq!(case_b.client, file.client, "{id}");
        assert_eq!(case_b.answers, file.answers, "{id}");
        assert_eq!(case_b.debts, file.debts, "{id}");
        assert_eq!(case_b.notes, file.notes, "{id}");
        assert_eq!(case_b.decision, file.decision, "{id}");
        assert_eq!(case_b.status, case_a.status, "{id}");
        assert_eq!(
            to_contract_json(&outcome(&case_a, &env)),
            to_contract_json(&outcome(&case_b, &env)),
            "{id}: the same segmentation outcome"
        );
    }
}

#[test]
fn an_imported_case_records_where_it_came_from_and_its_decision() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SledStore::open(dir.path()).expect("store");
    let text = std::fs::read_to_string("fixtures/cases/wijkteam-zwaarder.json").expect("read");
    let o = import_text(&store, &env(), &text, "wijkteam-zwaarder.json", now()).expect("ok");
    assert_eq!(o.case_id, "2026-00119");
    let history = store.history(o.key).expect("history");
    assert_eq!(
        history[0].change,
        Change::Imported {
            source: "wijkteam-zwaarder.json".into()
        }
    );
    assert!(matches!(history[1].change, Change::Decision { .. }));
    assert_eq!(history[0].by, "balie1");
    let (_, summaries) = snapshot(&store);
    assert!(summaries[0].overridden);
    assert_eq!(
        summaries[0].debt_route,
        Some(loket::domain::segment::Route::Schuldregeling)
    );
}

#[test]
fn a_taken_case_number_is_refused_never_renamed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = PathBuf::from("fixtures/cases/beheer-stress.json");
    let o = import(dir.path(), std::slice::from_ref(&file), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("opgeslagen als beheer-stress"),
        "{}",
        stdout(&o)
    );
    // Issue 17 (D2/D4): a second import of the same case number is refused, not renamed.
    let o = import(dir.path(), &[file], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("case_id: zaak beheer-stress staat al in de opslag"),
        "{}",
        stderr(&o)
    );

    // Without a case number in the file a new one is made and reported.
    let store = SledStore::open(dir.path()).expect("store");
    let text = std::fs::read_to_string("fixtures/cases/coaching-stabiel.json")
        .expect("read")
        .replace("\"case_id\": \"coaching-stabiel\",", "");
    let out = import_text(&store, &env(), &text, "zonder-nummer.json", now()).expect("ok");
    assert_eq!(out.case_id, "2026-00001");
    assert_eq!(
        out.message(),
        "geen zaaknummer in het bestand; opgeslagen als 2026-00001"
    );
}

#[test]
fn one_good_and_one_bad_file_the_good_one_is_stored_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = tempfile::tempdir().expect("tempdir");
    let bad = files.path().join("kapot.json");
    std::fs::write(
        &bad,
        std::fs::read_to_string("fixtures/cases/coaching-stabiel.json")
            .expect("read")
            .replace("\"fn.impuls\": 3", "\"fn.impuls\": 7")
            .replace("coaching-stabiel", "kapot"),
    )
    .expect("write");
    let good = PathBuf::from("fixtures/cases/coaching-stabiel.json");
    let o = import(dir.path(), &[bad.clone(), good], &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("kapot.json is geweigerd; er is niets van opgeslagen"),
        "{err}"
    );
    assert!(
        err.contains("fn.impuls: score 7 ligt niet tussen 1 en 5"),
        "{err}"
    );
    let out = stdout(&o);
    assert!(
        out.contains("coaching-stabiel.json: opgeslagen als coaching-stabiel"),
        "{out}"
    );
    assert!(
        out.contains("2 bestanden: 1 ingelezen, 1 geweigerd"),
        "{out}"
    );
    let store = SledStore::open(dir.path()).expect("store");
    assert_eq!(store.count().expect("count"), 1);
    assert!(store.key_of("kapot").expect("ids").is_none());
}

#[test]
fn malformed_json_and_a_missing_file_through_the_binary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = tempfile::tempdir().expect("tempdir");
    let bad = files.path().join("syntax.json");
    std::fs::write(
        &bad,
        "{\n  \"format\": \"loket-case/1\",\n  \"client\": { \"name\": \"A\" },,\n}\n",
    )
    .expect("write");
    let missing = files.path().join("bestaat-niet.json");
    let o = import(dir.path(), &[bad, missing], &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("syntax.json is geweigerd"), "{err}");
    assert!(err.contains("geen geldige JSON op regel 3, kolom"), "{err}");
    assert!(err.contains("bestaat-niet.json is geweigerd"), "{err}");
    assert!(err.contains("het bestand bestaat niet"), "{err}");
    let store = SledStore::open(dir.path()).expect("store");
    assert!((store.count().expect("count") == 0));
}

#[test]
fn a_locked_store_is_a_dutch_message_and_exit_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let _held = SledStore::open(dir.path()).expect("store");
    let o = import(
        dir.path(),
        &[PathBuf::from("fixtures/cases/coaching-stabiel.json")],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("al geopend in een ander loket-venster"),
        "{}",
        stderr(&o)
    );
}

/// A store with one case in it, and a good case text to spoil.
fn store_with_one_case() -> (tempfile::TempDir, SledStore, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SledStore::open(dir.path()).expect("store");
    let text = std::fs::read_to_string("fixtures/cases/bewind-niet-nodig.json").expect("read");
    import_text(&store, &env(), &text, "bewind-niet-nodig.json", now()).expect("first");
    store.flush().expect("flush");
    let good = std::fs::read_to_string("fixtures/cases/coaching-stabiel.json").expect("read");
    (dir, store, good)
}

/// Imports a spoiled text; it must be refused with `expected` among its messages, and the store
/// must be exactly as it was.
fn refused(text: &str, expected: &str) {
    let (_dir, store, _) = store_with_one_case();
    let before = snapshot(&store);
    match import_text(&store, &env(), text, "bad.json", now()) {
        Err(ImportError::Invalid(problems)) => assert!(
            problems.iter().any(|p| p.contains(expected)),
            "expected {expected:?} in {problems:#?}"
        ),
        Err(other) => panic!("expected a refusal, got a store error {other}"),
        Ok(o) => panic!("expected a refusal, got {o:?}"),
    }
    assert_eq!(snapshot(&store), before, "nothing written");
}

fn good() -> String {
    store_with_one_case().2
}

#[test]
fn bad_unknown_format_version() {
    refused(
        &good().replace("loket-case/1", "loket-case/2"),
        "format: onbekende formaatversie \"loket-case/2\"; deze versie van loket leest \"loket-case/1\"",
    );
}

#[test]
fn bad_unknown_checklist_with_suggestion() {
    refused(
        &good().replace("\"schuldhulp\": {", "\"schuldhulpp\": {"),
        "answers.schuldhulpp: onbekende checklist \"schuldhulpp\"; bedoelt u \"schuldhulp\"?",
    );
}

#[test]
fn bad_unknown_item_with_suggestion() {
    refused(
        &good().replace("\"fn.administratie\"", "\"fn.admnistratie\""),
        "onbekend item \"fn.admnistratie\" in checklist schuldhulp; bedoelt u \"fn.administratie\"?",
    );
}

#[test]
fn bad_wrong_type() {
    refused(
        &good().replace(
            "\"crisis.ontruiming\": false",
            "\"crisis.ontruiming\": \"nee\"",
        ),
        "crisis.ontruiming: waarde \"nee\" is ongeldig; verwacht true of false",
    );
}

#[test]
fn bad_out_of_range_score() {
    refused(
        &good().replace("\"fn.impuls\": 3", "\"fn.impuls\": 7"),
        "fn.impuls: score 7 ligt niet tussen 1 en 5",
    );
}

#[test]
fn bad_unknown_option() {
    refused(
        &good().replace(
            "\"huishouden.woonsituatie\": \"huur\"",
            "\"huishouden.woonsituatie\": \"camping\"",
        ),
        "huishouden.woonsituatie: onbekende optie \"camping\"; toegestaan:",
    );
}

#[test]
fn bad_invalid_bsn() {
    refused(
        &good().replace(
            "\"name\": \"Coaching Stabiel\"",
            "\"name\": \"Coaching Stabiel\", \"bsn\": \"123456789\"",
        ),
        // Issue 17: the digits are not repeated in the message.
        "client.bsn: BSN (cijfers weggelaten) klopt niet (elfproef)",
    );
}

#[test]
fn bad_geen_with_another_ground() {
    refused(
        &std::fs::read_to_string("fixtures/cases/bewind-niet-nodig.json")
            .expect("read")
            .replace("\"schulden\"\n      ]", "\"schulden\", \"geen\"\n      ]"),
        "bewind.grond: \"geen\" kan niet samen met andere opties",
    );
}

#[test]
fn bad_malformed_json_names_line_and_column() {
    let text = good().replacen("\"client\": {", "\"client\": {,", 1);
    refused(&text, "geen geldige JSON op regel 4, kolom 14");
}

#[test]
fn bad_json_number_for_money() {
    refused(
        &good().replace(
            "\"inkomen.netto\": \"1450.00\"",
            "\"inkomen.netto\": 1450.00",
        ),
        "inkomen.netto: waarde 1450.0 is ongeldig; verwacht een bedrag als tekst",
    );
}

#[test]
fn bad_money_with_three_decimals_or_negative() {
    refused(
        &good().replace(
            "\"lasten.wonen\": \"650.00\"",
            "\"lasten.wonen\": \"650.005\"",
        ),
        "lasten.wonen: \"650.005\" is geen geldig bedrag",
    );
    refused(
        &good().replace(
            "\"lasten.wonen\": \"650.00\"",
            "\"lasten.wonen\": \"-650.00\"",
        ),
        "lasten.wonen: \"-650.00\" is geen geldig bedrag",
    );
}

#[test]
fn bad_totaal_together_with_a_debt_list() {
    let text = good().replace(
        "\"answers\": {",
        "\"debts\": [{\"creditor\": \"Eneco\", \"category\": \"nuts\", \"amount\": \"100.00\"}],\n  \"answers\": {",
    );
    refused(
        &text,
        "schulden.totaal is opgegeven terwijl de schuldenlijst (debts) niet leeg is",
    );
}

#[test]
fn bad_debt_category_and_amount() {
    let text = good().replace(
        "\"answers\": {",
        "\"debts\": [{\"creditor\": \"X\", \"category\": \"bank\", \"amount\": 100}],\n  \"answers\": {",
    );
    refused(&text, "debts[1].category: onbekende categorie \"bank\"");
    refused(&text, "debts[1].amount: 100 is ongeldig");
}

#[test]
fn bad_empty_name() {
    refused(
        &good().replace("\"name\": \"Coaching Stabiel\"", "\"name\": \"  \""),
        "client.name: de naam is leeg; vul de naam van de cliënt in",
    );
}

#[test]
fn bad_override_without_reason() {
    refused(
        &good().replace(
            "\"answers\": {",
            "\"decision\": {\"proposed\": \"budgetcoaching\", \"decided\": \"informatie_advies\", \"at\": \"2026-11-20T10:00:00Z\", \"by\": \"x\"},\n  \"answers\": {",
        ),
        "decision.reason: ontbreekt; een afwijking van het voorstel heeft een reden nodig",
    );
}

#[test]
fn bad_unknown_top_level_key() {
    refused(
        &good().replace("\"answers\": {", "\"antwoorden\": {}, \"answers\": {"),
        "antwoorden: onbekende sleutel",
    );
}

#[test]
fn export_errors_are_dutch_and_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = vec![
        PathBuf::from("fixtures/cases/coaching-stabiel.json"),
        PathBuf::from("fixtures/cases/beheer-stress.json"),
    ];
    assert_eq!(import(dir.path(), &files, &[]).status.code(), Some(0));

    let o = loket(dir.path(), &["export", "bestaat-niet"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("onbekend zaaknummer: bestaat-niet"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).is_empty());
    let empty = tempfile::tempdir().expect("tempdir");
    let o = loket(
        dir.path(),
        &[
            "export",
            "coaching-stabiel",
            "weg-1",
            "weg-2",
            "--out",
            &empty.path().display().to_string(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("onbekende zaaknummers: weg-1, weg-2; er is niets geschreven"));
    assert!(read_dir_files(empty.path()).is_empty());

    let o = loket(dir.path(), &["export"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("zonder --out gaat precies één zaakbestand naar het scherm"));
    let o = loket(
        dir.path(),
        &[
            "export",
            "coaching-stabiel",
            "beheer-stress",
            "--format",
            "md",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("precies één intakeverslag"));

    // One case to stdout: the same text as the file export.
    let o = loket(dir.path(), &["export", "coaching-stabiel"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = tempfile::tempdir().expect("tempdir");
    let o2 = loket(
        dir.path(),
        &[
            "export",
            "coaching-stabiel",
            "--out",
            &out.path().display().to_string(),
        ],
    );
    assert_eq!(o2.status.code(), Some(0));
    let file = std::fs::read(out.path().join("coaching-stabiel.json")).expect("file");
    assert_eq!(o.stdout, file);
    assert!(
        stdout(&o).starts_with("{\n  \"answers\": {"),
        "pretty, sorted keys"
    );

    // Markdown to a map: one intakeverslag per case.
    let md = tempfile::tempdir().expect("tempdir");
    let o = loket(
        dir.path(),
        &[
            "export",
            "--format",
            "md",
            "--out",
            &md.path().display().to_string(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let names: Vec<String> = read_dir_files(md.path()).into_keys().collect();
    assert_eq!(
        names,
        [
            "intakeverslag-beheer-stress.md",
            "intakeverslag-coaching-stabiel.md"
        ]
    );
}

#[test]
fn csv_has_a_header_and_one_row_per_case_and_text_only_on_request() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = fixture_files();
    assert_eq!(
        import(dir.path(), &files, &["--quiet"]).status.code(),
        Some(0)
    );

    let o = loket(dir.path(), &["export", "--format", "csv-machine"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header[0], "case_id");
    assert!(header.contains(&"voorstel".to_string()));
    assert!(!header.contains(&"naam".to_string()));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), files.len());
    assert!(rows.iter().all(|r| r.len() == header.len()));
    let col = |name: &str| header.iter().position(|h| h == name).expect("column");
    let row = rows
        .iter()
        .find(|r| &r[0] == "2026-00119")
        .expect("wijkteam-zwaarder");
    assert_eq!(&row[col("voorstel")], "budgetbeheer_basis");
    assert_eq!(&row[col("besluit")], "budgetbeheer_totaal");
    assert_eq!(&row[col("afwijking")], "zwaarder");
    assert_eq!(&row[col("schuld_totaal")], "5400.00");
    assert_eq!(&row[col("schuldeisers")], "3");
    assert!(
        !stdout(&o).contains("Linda Brouwer"),
        "no names without --with-text"
    );

    let o = loket(
        dir.path(),
        &[
            "export",
            "--format",
            "csv-machine",
            "--with-text",
            "2026-00119",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    let header = reader.headers().expect("header").clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 1);
    let naam = header.iter().position(|h| h == "naam").expect("naam");
    assert_eq!(&rows[0][naam], "Linda Brouwer");
    let reden = header
        .iter()
        .position(|h| h == "besluit_reden")
        .expect("reden");
    assert!(rows[0][reden].starts_with("Leefgeld"));
}

/// `n` case files made from the fixtures, each with its own case number.
fn generated_files(dir: &Path, n: usize) -> Vec<PathBuf> {
    (0..n)
        .map(|i| {
            let (name, text) = DEMO_CASES[i % DEMO_CASES.len()];
            let mut json: serde_json::Value = serde_json::from_str(text).expect("json");
            json["case_id"] = serde_json::Value::from(format!("gen-{i:05}"));
            let path = dir.join(format!("{i:05}-{name}"));
            std::fs::write(&path, serde_json::to_string(&json).expect("text")).expect("write");
            path
        })
        .collect()
}

#[test]
fn progress_shows_on_stderr_unless_quiet_and_all_are_imported() {
    let files_dir = tempfile::tempdir().expect("tempdir");
    let files = generated_files(files_dir.path(), 50);

    let dir = tempfile::tempdir().expect("tempdir");
    let o = import(dir.path(), &files, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("voortgang: 50 van 50 bestanden"), "{err}");
    assert!(err.contains("voortgang: 5 van 50 bestanden"), "{err}");
    assert_eq!(stdout(&o).matches("ingelezen: ").count(), 50);
    assert_eq!(
        SledStore::open(dir.path())
            .expect("store")
            .count()
            .expect("count"),
        50
    );

    let dir = tempfile::tempdir().expect("tempdir");
    let o = import(dir.path(), &files, &["--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    assert_eq!(
        SledStore::open(dir.path())
            .expect("store")
            .count()
            .expect("count"),
        50
    );
}

#[test]
fn csv_cells_cannot_become_spreadsheet_formulas() {
    use loket::cli::transfer::csv_safe;
    assert_eq!(csv_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
    assert_eq!(csv_safe("+31 6 1234"), "'+31 6 1234");
    assert_eq!(csv_safe("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(
        csv_safe("-12.30"),
        "-12.30",
        "a negative amount stays a number"
    );
    assert_eq!(csv_safe("2026-00001"), "2026-00001");
}
