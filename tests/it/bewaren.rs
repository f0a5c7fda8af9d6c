//! Retention (issue 16 point 1): `loket bewaren` lists the cases whose bewaartermijn (Selectielijst
//! gemeenten 2020) has passed, per date, and `--vernietig` destroys them after confirmation and
//! keeps a verklaring van vernietiging without personal data. On the embedded store and on a
//! team database, through the real binary.

use crate::pg::TestDb;
use crate::support::{day, reader};
use loket::domain::policy::Policy;
use loket::domain::retention::{self, Bewaarbeleid, Einde, Klasse};
use loket::store::pg::PgStore;
use loket::store::{CaseKey, CaseStore, SledStore, StoreError};
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// A valid BSN (elfproef) that must never show up in a verklaring.
const BSN: &str = "111222333";

/// A case file (loket-case/1) whose traject ended as `traject` says.
fn case_file(id: &str, name: &str, traject: &str) -> String {
    format!(
        r#"{{
  "format": "loket-case/1",
  "case_id": "{id}",
  "client": {{ "name": "{name}", "bsn": "{BSN}" }},
  "answers": {{ "schuldhulp": {{
      "melding.datum": "2019-01-07", "melding.route": "zelfmelding",
      "crisis.ontruiming": false, "crisis.afsluiting": false,
      "crisis.zorgverzekering": false, "crisis.overig": false }} }},
  "traject": {traject}
}}"#
    )
}

/// Four cases: withdrawn (1 year), ended after help on 29 February (5 years), refused
/// (5 years after the beschikking), and one still running (kept).
fn write_cases(dir: &Path) -> Vec<std::path::PathBuf> {
    let cases = [
        (
            "2019-00001",
            "Anna Ingetrokken",
            r#"{ "uitstroom": { "datum": "2021-03-15", "reden": "ingetrokken" } }"#,
        ),
        (
            "2019-00002",
            "Bram Schrikkel",
            r#"{ "uitstroom": { "datum": "2020-02-29", "reden": "afgerond" } }"#,
        ),
        (
            "2019-00003",
            "Carla Afgewezen",
            r#"{ "beschikking": { "datum": "2020-06-10", "soort": "afwijzing" } }"#,
        ),
        (
            "2019-00004",
            "Dirk Lopend",
            r#"{ "beschikking": { "datum": "2019-02-01", "soort": "toelating" } }"#,
        ),
    ];
    cases
        .iter()
        .map(|(id, name, traject)| {
            let path = dir.join(format!("{id}.json"));
            std::fs::write(&path, case_file(id, name, traject)).expect("write case file");
            path
        })
        .collect()
}

/// The real binary on `store` (a folder or postgres://…) as `user`, on `today`.
fn loket_on(store: &str, user: &str, today: &str, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_loket"))
        .args([
            "--store", store, "--nieuw", "--user", user, "--today", today,
        ])
        .args(args)
        .env("TZ", "UTC")
        .env_remove("LOKET_STORE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run loket");
    {
        use std::io::Write;
        let mut input = child.stdin.take().expect("stdin");
        let _ = input.write_all(stdin.as_bytes());
    }
    child.wait_with_output().expect("loket output")
}

/// The line of `text` that names `needle` (empty when none does).
fn line<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines().find(|l| l.contains(needle)).unwrap_or("")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn import(store: &str, user: &str, files: &[std::path::PathBuf]) {
    let mut args = vec!["import", "--quiet"];
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    args.extend(names.iter().map(String::as_str));
    let o = loket_on(store, user, "2026-11-24", &args, "");
    assert!(o.status.success(), "import: {}{}", out(&o), err(&o));
}

#[test]
fn the_periods_are_calendar_years_and_a_29_february_waits_for_1_march() {
    assert_eq!(
        retention::years_after(day(2021, 3, 15), 1),
        day(2022, 3, 15)
    );
    assert_eq!(retention::years_after(day(2020, 2, 29), 5), day(2025, 3, 1));
    assert_eq!(
        retention::years_after(day(2020, 2, 29), 4),
        day(2024, 2, 29)
    );
    let beleid = Bewaarbeleid::default();
    // Refused and later withdrawn: the end that keeps the case longest decides.
    let both = [
        Einde {
            klasse: Klasse::Afwijzing,
            datum: day(2020, 6, 10),
        },
        Einde {
            klasse: Klasse::Afgebroken,
            datum: day(2020, 7, 1),
        },
    ];
    let t = retention::bewaartermijn(&both, &beleid).expect("ended");
    assert_eq!((t.klasse, t.categorie.as_str()), (Klasse::Afwijzing, "8.2"));
    assert_eq!(t.vernietigen_vanaf, day(2025, 6, 10));
    assert!(!t.due(day(2025, 6, 9)));
    assert!(t.due(day(2025, 6, 10)));
    assert_eq!(retention::bewaartermijn(&[], &beleid), None);
}

#[test]
fn the_policy_takes_other_periods_and_names_every_mistake() {
    let base = loket::domain::policy::DEFAULT_POLICY_TOML;
    let text = base.replace(
        "[bewaren.afgebroken]           # uitstroom ingetrokken, niet_verschenen, voldoet_niet, niet_passend, overig\njaren = 1",
        "[bewaren.afgebroken]\njaren = 2",
    );
    assert_ne!(text, base, "the default policy has the [bewaren] section");
    let p = Policy::from_toml(&text, "b.toml").expect("valid");
    assert_eq!(p.bewaren.afgebroken.jaren, 2);
    assert_eq!(p.bewaren.afwijzing.categorie, "8.2");
    let bad = format!(
        "{}\n[bewaren.uitstroom]\njaren = 0\ncategorie = 5\n[bewaren.vroeg]\njaren = 1\n",
        base.split("[bewaren.afwijzing]").next().expect("head")
    );
    let problems = Policy::from_toml(&bad, "b.toml").expect_err("invalid");
    let all = problems.join("\n");
    assert!(all.contains("bewaren.uitstroom.jaren"), "{all}");
    assert!(all.contains("bewaren.uitstroom.categorie"), "{all}");
    assert!(all.contains("bewaren.vroeg"), "{all}");
    // `loket beleid controleer` says the same.
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("beleid.toml");
    std::fs::write(&file, &bad).expect("write");
    let store = dir.path().join("store");
    let o = loket_on(
        &store.display().to_string(),
        "test",
        "2026-11-24",
        &["beleid", "controleer", &file.display().to_string()],
        "",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("bewaren.uitstroom.jaren"), "{}", err(&o));
    std::fs::write(&file, &text).expect("write");
    let o = loket_on(
        &store.display().to_string(),
        "test",
        "2026-11-24",
        &["beleid", "controleer", &file.display().to_string()],
        "",
    );
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        out(&o).contains("bewaartermijnen: afwijzing 5 jaar (8.2), uitstroom 5 jaar (8.1.9 / 8.3.5), ingetrokken of afgebroken 2 jaar (8.4)"),
        "{}",
        out(&o)
    );
}

#[test]
fn bewaren_lists_each_case_from_its_due_date_on_across_the_edges() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store").display().to_string();
    import(&store, "test", &write_cases(dir.path()));
    let list = |today: &str| {
        let o = loket_on(&store, "test", today, &["bewaren"], "");
        assert!(o.status.success(), "{}", err(&o));
        out(&o)
    };
    // Withdrawn on 15-03-2021, 1 year (8.4): due on 15-03-2022.
    let before = list("2022-03-14");
    assert!(!before.contains("2019-00001"), "{before}");
    assert!(before.contains("Geen zaken"), "{before}");
    let on = list("2022-03-15");
    assert!(on.contains("Vernietigen vanaf 15-03-2022:"), "{on}");
    let row = line(&on, "2019-00001");
    assert!(row.contains("categorie 8.4 "), "{on}");
    assert!(
        row.contains("ingetrokken of afgebroken op 15-03-2021 + 1 jaar"),
        "{on}"
    );
    assert!(list("2022-03-16").contains("2019-00001"));
    // Ended on 29-02-2020, 5 years (8.1.9 / 8.3.5): 2025 has no 29 February, due 01-03-2025.
    assert!(!list("2025-02-28").contains("2019-00002"));
    let leap = list("2025-03-01");
    assert!(leap.contains("Vernietigen vanaf 01-03-2025:"), "{leap}");
    assert!(
        line(&leap, "2019-00002").contains("categorie 8.1.9 / 8.3.5"),
        "{leap}"
    );
    // Refused on 10-06-2020 (8.2): due 10-06-2025; the running case is never listed.
    assert!(!list("2025-06-09").contains("2019-00003"));
    let all = list("2025-06-10");
    let row = line(&all, "2019-00003");
    assert!(row.contains("categorie 8.2 "), "{all}");
    assert!(row.contains("afwijzing op 10-06-2020 + 5 jaar"), "{all}");
    assert!(!list("2099-01-01").contains("2019-00004"));
    // Per date, oldest first; no personal data in the list.
    let dates: Vec<usize> = ["15-03-2022:", "01-03-2025:", "10-06-2025:"]
        .iter()
        .map(|d| all.find(d).expect("date heading"))
        .collect();
    assert!(dates.windows(2).all(|w| w[0] < w[1]), "{all}");
    for private in ["Anna", "Bram", "Carla", BSN] {
        assert!(!all.contains(private), "{private} in {all}");
    }
}

/// Checks what destruction left on any store: the destroyed case gone with everything under
/// it, the others untouched, the verklaring without personal data.
fn assert_destroyed(store: &dyn CaseStore, destroyed_key: loket::store::CaseKey) {
    assert_eq!(store.key_of("2019-00001").expect("key_of"), None);
    assert!(matches!(
        store.load(destroyed_key, &reader()),
        Err(StoreError::NotFound)
    ));
    assert!(store.history(destroyed_key).expect("history").is_empty());
    let ids: Vec<String> = store
        .list_summaries()
        .expect("list")
        .rows
        .into_iter()
        .map(|(_, s)| s.case_id)
        .collect();
    assert_eq!(ids, ["2019-00002", "2019-00003", "2019-00004"]);
    let v = store.verklaringen().expect("verklaringen");
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].zaaknummer, "2019-00001");
    assert_eq!(v[0].categorie, "8.4");
    assert_eq!(v[0].einde, day(2021, 3, 15));
    assert_eq!(v[0].vernietigen_vanaf, day(2022, 3, 15));
    assert_eq!(v[0].vernietigd_op, day(2022, 6, 1));
    let json = serde_json::to_string(&v).expect("json");
    for private in ["Anna", "Ingetrokken", BSN] {
        assert!(!json.contains(private), "{private} in {json}");
    }
}

#[test]
fn vernietig_asks_first_and_then_removes_the_case_its_history_log_and_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store").display().to_string();
    import(&store, "test", &write_cases(dir.path()));
    // A document loket made of the case, and a read in the access log.
    let letter = dir.path().join("intakeverslag-2019-00001.txt");
    let o = loket_on(
        &store,
        "test",
        "2022-06-01",
        &[
            "brief",
            "intakeverslag",
            "2019-00001",
            "--uit",
            &letter.display().to_string(),
        ],
        "",
    );
    assert!(o.status.success(), "{}", err(&o));
    assert!(letter.exists());
    // The store is opened in this process only at the end (sled: one opening per process).
    let log = loket_on(&store, "test", "2022-06-01", &["toegang", "2019-00001"], "");
    assert!(out(&log).contains("geëxporteerd"), "{}", out(&log));

    // Without "ja" nothing goes; the command says what would.
    let refused = loket_on(
        &store,
        "test",
        "2022-06-01",
        &["bewaren", "--vernietig"],
        "nee\n",
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        err(&refused).contains("er is niets vernietigd"),
        "{}",
        err(&refused)
    );
    assert!(
        out(&refused).contains("Definitief vernietigd worden"),
        "{}",
        out(&refused)
    );
    assert!(out(&refused).contains(&letter.display().to_string()));
    let still = loket_on(&store, "test", "2022-06-01", &["export", "2019-00001"], "");
    assert!(still.status.success(), "{}", err(&still));
    assert!(letter.exists());

    // Typing ja destroys: only the due case.
    let done = loket_on(
        &store,
        "test",
        "2022-06-01",
        &["bewaren", "--vernietig"],
        "ja\n",
    );
    assert!(done.status.success(), "{}{}", out(&done), err(&done));
    assert!(
        out(&done).contains("Zaak 2019-00001 vernietigd."),
        "{}",
        out(&done)
    );
    assert!(out(&done).contains(": verwijderd"), "{}", out(&done));
    assert!(!letter.exists(), "the document loket made is removed");
    let gone = loket_on(&store, "test", "2022-06-01", &["export", "2019-00001"], "");
    assert_eq!(gone.status.code(), Some(2), "{}", out(&gone));

    // The verklaring can be listed and exported, with no personal data.
    let listed = loket_on(
        &store,
        "test",
        "2022-06-01",
        &["bewaren", "--verklaringen"],
        "",
    );
    let row = line(&out(&listed), "2019-00001").to_string();
    let words: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(
        words,
        [
            "2019-00001",
            "8.4",
            "ingetrokken",
            "of",
            "afgebroken",
            "15-03-2021",
            "15-03-2022",
            "01-06-2022",
            "test"
        ],
        "{}",
        out(&listed)
    );
    let file = dir.path().join("verklaringen.json");
    let exported = loket_on(
        &store,
        "test",
        "2022-06-01",
        &[
            "bewaren",
            "--verklaringen",
            "--uit",
            &file.display().to_string(),
        ],
        "",
    );
    assert!(exported.status.success(), "{}", err(&exported));
    let text = std::fs::read_to_string(&file).expect("verklaringen file");
    assert!(text.contains("\"zaaknummer\": \"2019-00001\""), "{text}");
    assert!(!text.contains("Anna") && !text.contains(BSN), "{text}");

    // The store is whole: the check passes and a reopen counts one case less.
    let check = loket_on(&store, "test", "2022-06-01", &["controleer"], "");
    assert!(check.status.success(), "{}{}", out(&check), err(&check));
    let s = SledStore::open(Path::new(&store)).expect("reopen");
    assert_eq!(s.count().expect("count"), 3);
    // Keys follow the import order: the destroyed case had the first.
    let key = CaseKey(1);
    assert_eq!(
        s.keys().expect("keys"),
        [CaseKey(2), CaseKey(3), CaseKey(4)]
    );
    assert!(s.access_log(key).expect("log").is_empty());
    assert_destroyed(&s, key);
}

#[test]
fn on_the_team_database_only_the_teamleider_destroys_and_other_desks_drop_the_case() {
    let db = TestDb::new();
    let dir = tempfile::tempdir().expect("tempdir");
    // The first user of the database is the teamleider.
    import(&db.url, "lead", &write_cases(dir.path()));
    let lead = PgStore::open(&db.url, "lead").expect("open");
    lead.add_user("balie", loket::domain::role::Role::Baliemedewerker)
        .expect("add user");
    lead.add_user("shv", loket::domain::role::Role::Schuldhulpverlener)
        .expect("add user");
    let key = lead.key_of("2019-00001").expect("key").expect("present");
    lead.load(key, &reader()).expect("a read in the access log");
    // Another desk has the list open (and a list snapshot written).
    let desk = PgStore::open(&db.url, "shv").expect("desk");
    let listing = desk.list_summaries().expect("list");
    assert_eq!(listing.rows.len(), 4);
    let mut rows = listing.rows.iter().map(|(k, s)| (*k, s));
    desk.close(Some(&mut rows)).expect("close");
    let cursor = listing.cursor;

    for user in ["balie", "shv"] {
        let o = loket_on(
            &db.url,
            user,
            "2022-06-01",
            &["bewaren", "--vernietig", "--ja"],
            "",
        );
        assert_eq!(o.status.code(), Some(1), "{user}: {}", out(&o));
        assert!(
            err(&o).contains("mag dit niet: zaken vernietigen"),
            "{}",
            err(&o)
        );
    }
    let o = loket_on(
        &db.url,
        "lead",
        "2022-06-01",
        &["bewaren", "--vernietig", "--ja"],
        "",
    );
    assert!(o.status.success(), "{}{}", out(&o), err(&o));
    assert!(
        out(&o).contains("Zaak 2019-00001 vernietigd."),
        "{}",
        out(&o)
    );
    assert!(out(&o).contains("en de toewijzing"), "{}", out(&o));

    // The other desk is told: the case is among the changed ones and has no list row.
    let changed = desk.changed_since(cursor).expect("changed");
    assert!(changed.keys.contains(&key), "{changed:?}");
    assert!(desk.summaries_of(&[key]).expect("rows").is_empty());
    // A new start (from the list snapshot) does not bring it back.
    let fresh = PgStore::open(&db.url, "shv").expect("fresh desk");
    assert_destroyed(&fresh, key);
    let mut client = postgres::Client::connect(&db.url, postgres::NoTls).expect("connect");
    let logged: i64 = client
        .query_one(
            "SELECT count(*) FROM loket_access_log WHERE case_id = '2019-00001'",
            &[],
        )
        .expect("count")
        .get(0);
    assert_eq!(logged, 0);
    let events: i64 = client
        .query_one(
            "SELECT count(*) FROM loket_events WHERE case_key = $1",
            &[&(key.0 as i64)],
        )
        .expect("count")
        .get(0);
    assert_eq!(events, 0);
}

// ---- The verklaringen go along with a backup, a restore and a migration ----

/// A store with the four cases in which 2019-00001 was destroyed on 01-06-2022 by "test";
/// returns its verklaringen as the store holds them.
fn store_with_one_destroyed(dir: &Path, store: &str) -> Vec<retention::Verklaring> {
    import(store, "test", &write_cases(dir));
    let o = loket_on(
        store,
        "test",
        "2022-06-01",
        &["bewaren", "--vernietig", "--ja"],
        "",
    );
    assert!(o.status.success(), "{}{}", out(&o), err(&o));
    let v = SledStore::open(Path::new(store))
        .expect("open")
        .verklaringen()
        .expect("verklaringen");
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].zaaknummer, "2019-00001");
    v
}

/// The row of 2019-00001 in `loket bewaren --verklaringen`, as words.
fn listed_verklaring(store: &str) -> Vec<String> {
    let o = loket_on(
        store,
        "test",
        "2026-11-24",
        &["bewaren", "--verklaringen"],
        "",
    );
    assert!(o.status.success(), "{}{}", out(&o), err(&o));
    line(&out(&o), "2019-00001")
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

const LISTED: [&str; 9] = [
    "2019-00001",
    "8.4",
    "ingetrokken",
    "of",
    "afgebroken",
    "15-03-2021",
    "15-03-2022",
    "01-06-2022",
    "test",
];

/// The JSON lines of a backup file.
fn backup_lines(file: &Path) -> Vec<String> {
    use std::io::Read;
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(file).expect("open backup"))
        .read_to_string(&mut text)
        .expect("gunzip");
    text.lines().map(str::to_string).collect()
}

fn write_backup_lines(file: &Path, lines: &[String]) {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    for l in lines {
        writeln!(gz, "{l}").expect("gzip");
    }
    std::fs::write(file, gz.finish().expect("gzip")).expect("write backup");
}

fn backup_of(store: &str, dir: &Path) -> std::path::PathBuf {
    let o = loket_on(
        store,
        "test",
        "2026-11-24",
        &["backup", "--uit", &dir.display().to_string()],
        "",
    );
    assert!(o.status.success(), "{}{}", out(&o), err(&o));
    assert!(
        out(&o).contains("(3 zaken en 1 verklaring van vernietiging)"),
        "{}",
        out(&o)
    );
    loket::cli::backup::newest(dir).expect("a backup file")
}

#[test]
fn backup_and_herstel_carry_the_verklaring_van_vernietiging_over() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store").display().to_string();
    let original = store_with_one_destroyed(dir.path(), &store);
    let file = backup_of(&store, &dir.path().join("bak"));

    // In the file: the verklaring as its own line after the cases, counted in the closing line.
    let lines = backup_lines(&file);
    let last = lines.last().expect("closing line");
    assert!(last.starts_with("{\"einde\":3,"), "{last}");
    assert!(last.contains("\"verklaringen\":1"), "{last}");
    let at = lines
        .iter()
        .position(|l| l.starts_with("{\"verklaring\":"))
        .expect("a verklaring line");
    assert_eq!(at, lines.len() - 2, "{lines:?}");
    assert!(lines[at].contains("\"zaaknummer\":\"2019-00001\""));
    for private in ["Anna", BSN] {
        assert!(!lines[at].contains(private), "{private} in {}", lines[at]);
    }

    // Restored into a new store: the cases and the verklaring, as they were.
    let restored = dir.path().join("terug").display().to_string();
    let o = loket_on(
        &restored,
        "test",
        "2026-11-24",
        &["herstel", &file.display().to_string()],
        "",
    );
    assert!(o.status.success(), "{}{}", out(&o), err(&o));
    assert!(
        out(&o).contains("hersteld en gecontroleerd: 3 zaken en 1 verklaring van vernietiging"),
        "{}",
        out(&o)
    );
    assert_eq!(listed_verklaring(&restored), LISTED);
    let check = loket_on(&restored, "test", "2026-11-24", &["controleer"], "");
    assert!(check.status.success(), "{}{}", out(&check), err(&check));
    {
        let s = SledStore::open(Path::new(&restored)).expect("open restored");
        assert_eq!(s.verklaringen().expect("verklaringen"), original);
        assert_eq!(s.key_of("2019-00001").expect("key_of"), None);
        assert_eq!(s.count().expect("count"), 3);
        // Taken in again: kept once (same case number and moment); another moment is another.
        assert_eq!(s.keep_verklaringen(&original).expect("keep"), 0);
        let mut later = original[0].clone();
        later.tijdstip += chrono::Duration::seconds(1);
        assert_eq!(
            s.keep_verklaringen(&[later.clone(), later.clone()])
                .expect("keep"),
            1
        );
        assert_eq!(
            s.verklaringen().expect("verklaringen"),
            [original[0].clone(), later]
        );
    }

    // A backup that lost its verklaring line (the count says one) is refused.
    let mut cut = lines.clone();
    cut.remove(at);
    let damaged = dir.path().join("loket-backup-zonder-verklaring.jsonl.gz");
    write_backup_lines(&damaged, &cut);
    let o = loket_on(
        &dir.path().join("leeg").display().to_string(),
        "test",
        "2026-11-24",
        &["herstel", &damaged.display().to_string()],
        "",
    );
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(
        err(&o).contains("0 verklaringen van vernietiging gelezen, 1 verwacht"),
        "{}",
        err(&o)
    );
}

#[test]
fn a_backup_from_before_the_verklaringen_still_restores() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store").display().to_string();
    store_with_one_destroyed(dir.path(), &store);
    let file = backup_of(&store, &dir.path().join("bak"));
    // As an older loket wrote it: no verklaring lines, a closing line without their count.
    let mut old: Vec<String> = backup_lines(&file)
        .into_iter()
        .filter(|l| !l.starts_with("{\"verklaring\":"))
        .collect();
    let last = old.pop().expect("closing line");
    let end = last.replace(",\"verklaringen\":1", "");
    assert_ne!(end, last, "the count was in the closing line");
    assert_eq!(end, "{\"einde\":3,\"beschadigd\":[]}");
    old.push(end);
    let old_file = dir.path().join("loket-backup-oud.jsonl.gz");
    write_backup_lines(&old_file, &old);

    let restored = dir.path().join("terug").display().to_string();
    let o = loket_on(
        &restored,
        "test",
        "2026-11-24",
        &["herstel", &old_file.display().to_string()],
        "",
    );
    assert!(o.status.success(), "{}{}", out(&o), err(&o));
    assert!(
        out(&o).contains("hersteld en gecontroleerd: 3 zaken en 0 verklaringen van vernietiging"),
        "{}",
        out(&o)
    );
    let listed = loket_on(
        &restored,
        "test",
        "2026-11-24",
        &["bewaren", "--verklaringen"],
        "",
    );
    assert!(
        out(&listed).contains("Er zijn nog geen zaken vernietigd."),
        "{}",
        out(&listed)
    );
    let s = SledStore::open(Path::new(&restored)).expect("open restored");
    assert_eq!(s.count().expect("count"), 3);
    assert!(s.key_of("2019-00002").expect("key_of").is_some());
}

#[test]
fn migrate_carries_the_verklaringen_to_the_team_database_and_back() {
    let db = TestDb::new();
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store").display().to_string();
    let original = store_with_one_destroyed(dir.path(), &store);

    let o = loket_on(
        &store,
        "test",
        "2026-11-24",
        &["migrate", "--from", &store, "--to", &db.url],
        "",
    );
    assert!(o.status.success(), "{}{}", out(&o), err(&o));
    let text = out(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].ends_with(": 3 zaken met 3 geschiedenisregels, 1 verklaring van vernietiging."),
        "{text}"
    );
    assert_eq!(
        lines[2], "Controle: verklaringen van vernietiging gelijk in het doel: 1 van 1.",
        "{text}"
    );
    assert_eq!(listed_verklaring(&db.url), LISTED);

    // On the team database: kept once, only by whoever may destroy, and hiding no case.
    let lead = PgStore::open(&db.url, "test").expect("open");
    assert_eq!(lead.verklaringen().expect("verklaringen"), original);
    assert_eq!(lead.keep_verklaringen(&original).expect("keep again"), 0);
    assert_eq!(lead.verklaringen().expect("verklaringen").len(), 1);
    lead.add_user("shv", loket::domain::role::Role::Schuldhulpverlener)
        .expect("add user");
    let shv = PgStore::open(&db.url, "shv").expect("open");
    let mut other = original[0].clone();
    other.zaaknummer = "2019-00009".into();
    let refused = shv.keep_verklaringen(&[other]);
    assert!(
        matches!(&refused, Err(e) if e.to_string().contains("zaken vernietigen")),
        "{refused:?}"
    );
    assert_eq!(lead.verklaringen().expect("verklaringen").len(), 1);
    let listing = lead.list_summaries().expect("list");
    let mut rows = listing.rows.iter().map(|(k, s)| (*k, s));
    lead.close(Some(&mut rows)).expect("close");
    let fresh = PgStore::open(&db.url, "shv").expect("fresh desk");
    let ids: Vec<String> = fresh
        .list_summaries()
        .expect("list")
        .rows
        .into_iter()
        .map(|(_, s)| s.case_id)
        .collect();
    assert_eq!(ids, ["2019-00002", "2019-00003", "2019-00004"]);

    // And back into a new folder.
    let back = dir.path().join("terug").display().to_string();
    let o = loket_on(
        &back,
        "test",
        "2026-11-24",
        &["migrate", "--from", &db.url, "--to", &back],
        "",
    );
    assert!(o.status.success(), "{}{}", out(&o), err(&o));
    assert!(
        out(&o).contains("1 verklaring van vernietiging."),
        "{}",
        out(&o)
    );
    assert_eq!(listed_verklaring(&back), LISTED);
    let s = SledStore::open(Path::new(&back)).expect("open");
    assert_eq!(s.verklaringen().expect("verklaringen"), original);
}

#[test]
fn a_destroyed_case_is_not_read_in_again_and_controleer_names_one_in_the_store() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store").display().to_string();
    let verklaringen = store_with_one_destroyed(dir.path(), &store);
    let clean = loket_on(&store, "test", "2022-06-01", &["controleer"], "");
    assert!(clean.status.success(), "{}{}", out(&clean), err(&clean));

    // The destroyed case's old file is offered again: refused, with the way out.
    let again = dir.path().join("2019-00001.json").display().to_string();
    let o = loket_on(&store, "test", "2022-06-02", &["import", &again], "");
    assert_eq!(o.status.code(), Some(2), "{}{}", out(&o), err(&o));
    assert_eq!(
        line(&err(&o), "case_id").trim(),
        "case_id: zaak 2019-00001 is op 01-06-2022 vernietigd (zie loket bewaren --verklaringen) \
         en wordt niet opnieuw ingelezen; zonder case_id in het bestand krijgt de zaak een nieuw \
         zaaknummer",
        "{}",
        err(&o)
    );
    let s = SledStore::open(Path::new(&store)).expect("open");
    assert_eq!(s.key_of("2019-00001").expect("ids"), None);

    // A verklaring that names a case still in the store (a store put together from parts):
    // controleer names it.
    let mut other = verklaringen[0].clone();
    other.zaaknummer = "2019-00002".into();
    assert_eq!(s.keep_verklaringen(&[other]).expect("keep"), 1);
    drop(s);
    let check = loket_on(&store, "test", "2022-06-02", &["controleer"], "");
    assert_eq!(
        check.status.code(),
        Some(1),
        "{}{}",
        out(&check),
        err(&check)
    );
    assert_eq!(
        line(&out(&check), "2019-00002").trim(),
        "zaak 2019-00002: vernietigd op 01-06-2022 (verklaring van vernietiging), maar de zaak \
         staat in de opslag",
        "{}",
        out(&check)
    );
}
