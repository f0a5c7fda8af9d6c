//! Issue 16 point 4, "data leaves only on purpose", on the real binary: owner-only file modes
//! (store, exports, reports, letters, backups, DDAS), the encrypted handover (`export
//! --versleuteld`, `import` of a `.loket.age` file) and a demo that writes only inside its own
//! temporary directory.

#![cfg(unix)]

use crate::support::{stderr, stdout};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

const CASE: &str = "2026-00107";
const FIXTURE: &str = "fixtures/cases/bewind-gevraagd-lichter.json";
const NAME: &str = "Mohamed Bakkali";
const BSN: &str = "999900055";

/// The real binary as `support::loket` runs it, with a low scrypt work factor (a debug-build
/// switch: the files are as real, only cheaper to make and open on a busy test machine).
fn loket(store: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
        .arg("--store")
        .arg(store)
        .arg("--nieuw")
        .args(["--today", "2026-11-24", "--user", "test"])
        .args(args)
        .env("TZ", "UTC")
        .env("LOKET_TEST_WERKFACTOR", "10")
        .env_remove("LOKET_STORE")
        .output()
        .expect("run loket")
}

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// Every directory and file below `dir` (itself included), with its mode.
fn modes_below(dir: &Path) -> Vec<(PathBuf, u32, bool)> {
    let mut out = vec![(dir.to_path_buf(), mode(dir), true)];
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(modes_below(&path));
        } else {
            out.push((path.clone(), mode(&path), false));
        }
    }
    out
}

/// Asserts: directories 0700, files 0600, all the way down.
fn assert_owner_only(dir: &Path) {
    let all = modes_below(dir);
    assert!(all.len() > 1, "{} is empty", dir.display());
    let wrong: Vec<String> = all
        .iter()
        .filter(|(_, m, is_dir)| *m != if *is_dir { 0o700 } else { 0o600 })
        .map(|(p, m, _)| format!("{} {m:o}", p.display()))
        .collect();
    assert!(wrong.is_empty(), "not owner-only: {wrong:?}");
}

fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        stdout(out),
        stderr(out)
    );
    stdout(out)
}

fn passphrase_file(dir: &Path, name: &str, text: &str, mode: u32) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write passphrase");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    path
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

// --- file modes ----------------------------------------------------------------------------

#[test]
fn the_store_directory_is_0700_and_every_file_in_it_0600_after_a_save() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let store = tmp.path().join("opslag");
    ok(&loket(&store, &["import", FIXTURE]));
    assert_owner_only(&store);
    // sled's own files are there too (not only loket's).
    assert!(store.join("conf").exists() && store.join("db").exists());
}

#[test]
fn an_existing_store_with_open_modes_is_tightened_when_opened() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let store = tmp.path().join("opslag");
    ok(&loket(&store, &["import", FIXTURE]));
    // As an older loket (or a copy with `cp -r` under umask 022) left it.
    for (path, _, is_dir) in modes_below(&store) {
        let m = if is_dir { 0o755 } else { 0o644 };
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(m)).expect("chmod");
    }
    assert_eq!(mode(&store), 0o755);
    ok(&loket(&store, &["report"]));
    assert_owner_only(&store);
}

#[test]
fn exports_reports_letters_backups_and_the_ddas_file_are_0600() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let store = tmp.path().join("opslag");
    ok(&loket(&store, &["import", FIXTURE]));
    let out = tmp.path().join("uit");
    ok(&loket(&store, &["export", "--out", out.to_str().unwrap()]));
    ok(&loket(
        &store,
        &["export", "--format", "md", "--out", out.to_str().unwrap()],
    ));
    ok(&loket(
        &store,
        &["export", "--format", "csv", "--out", out.to_str().unwrap()],
    ));
    let letter = out.join("brief.pdf");
    ok(&loket(
        &store,
        &[
            "brief",
            "intakeverslag",
            CASE,
            "--uit",
            letter.to_str().unwrap(),
        ],
    ));
    for name in [
        format!("{CASE}.json"),
        format!("intakeverslag-{CASE}.md"),
        "zaken.csv".to_string(),
        "brief.pdf".to_string(),
    ] {
        assert_eq!(mode(&out.join(&name)), 0o600, "{name}");
    }
    // The export folder loket made is the owner's only.
    assert_eq!(mode(&out), 0o700);

    // The backup beside the store: folder 0700, file 0600.
    ok(&loket(&store, &["backup"]));
    assert_owner_only(&tmp.path().join("backups"));

    // The DDAS file: even over an existing file that others could read.
    let policy = tmp.path().join("beleid.toml");
    let text = std::fs::read_to_string("fixtures/policy/default.toml").expect("policy");
    std::fs::write(&policy, format!("{text}{GEMEENTE}")).expect("policy");
    let ddas = tmp.path().join("ddas.json");
    std::fs::write(&ddas, "oud").expect("old file");
    std::fs::set_permissions(&ddas, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    ok(&loket(
        &store,
        &[
            "--policy",
            policy.to_str().unwrap(),
            "ddas",
            "--van",
            "2026-01-01",
            "--tot",
            "2026-12-31",
            "--uit",
            ddas.to_str().unwrap(),
        ],
    ));
    assert_eq!(mode(&ddas), 0o600);
    assert!(std::fs::read_to_string(&ddas).expect("ddas").contains(BSN));
}

const GEMEENTE: &str = "\n[gemeente]\nnaam = \"Gemeente Voorbeeld\"\ngemeentecode = \"0518\"\npostcode = \"2511AB\"\nadres = \"Spui 70, 2511 AB Den Haag\"\nkvk = \"\"\n[[gemeente.contactpersoon]]\nnaam = \"A. Jansen\"\nemail = \"a.jansen@example.nl\"\ntelefoon = \"070-1234567\"\nfunctie = \"Teamleider schuldhulp\"\n";

// --- encrypted handover ----------------------------------------------------------------------

#[test]
fn an_encrypted_export_is_unreadable_without_the_passphrase_and_round_trips_with_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let store = tmp.path().join("opslag");
    ok(&loket(&store, &["import", FIXTURE]));
    let right = passphrase_file(tmp.path(), "goed.txt", "paarse olifant 42\n", 0o600);
    let wrong = passphrase_file(tmp.path(), "fout.txt", "paarse olifant 43\n", 0o600);
    let out = tmp.path().join("overdracht");
    let said = ok(&loket(
        &store,
        &[
            "export",
            CASE,
            "--out",
            out.to_str().unwrap(),
            "--versleuteld",
            "--wachtwoordbestand",
            right.to_str().unwrap(),
        ],
    ));
    assert!(said.contains("versleuteld"), "{said}");
    // One file, named <zaak>.loket.age, owner-only, an age file without the plain text.
    let names: Vec<String> = std::fs::read_dir(&out)
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec![format!("{CASE}.loket.age")]);
    let sealed = out.join(format!("{CASE}.loket.age"));
    assert_eq!(mode(&sealed), 0o600);
    let bytes = std::fs::read(&sealed).expect("sealed");
    assert!(bytes.starts_with(b"age-encryption.org/v1\n"));
    for plain in [
        NAME,
        "Bakkali",
        BSN,
        "loket-case/1",
        "06-12345607",
        "schuldhulp",
    ] {
        assert!(
            !contains(&bytes, plain.as_bytes()),
            "{plain:?} is readable in the encrypted file"
        );
    }

    // The wrong passphrase: refused in Dutch, exit 2, nothing imported.
    let other = tmp.path().join("ontvanger");
    let refused = loket(
        &other,
        &[
            "import",
            sealed.to_str().unwrap(),
            "--wachtwoordbestand",
            wrong.to_str().unwrap(),
        ],
    );
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("het wachtwoord klopt niet"),
        "{}",
        stderr(&refused)
    );
    assert!(!stderr(&refused).contains(NAME) && !stderr(&refused).contains(BSN));
    let none = loket(&other, &["export", CASE]);
    assert_eq!(none.status.code(), Some(2), "{}", stderr(&none));
    assert!(
        stderr(&none).contains("onbekend zaaknummer"),
        "{}",
        stderr(&none)
    );

    // The right one: the same case in the new store.
    let taken = ok(&loket(
        &other,
        &[
            "import",
            sealed.to_str().unwrap(),
            "--wachtwoordbestand",
            right.to_str().unwrap(),
        ],
    ));
    assert!(taken.contains(&format!("opgeslagen als {CASE}")), "{taken}");
    let before = ok(&loket(&store, &["export", CASE]));
    let after = ok(&loket(&other, &["export", CASE]));
    assert_eq!(before, after);
    assert!(after.contains(NAME) && after.contains(BSN));
}

#[test]
fn passphrase_files_that_others_can_read_or_that_are_empty_are_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let store = tmp.path().join("opslag");
    ok(&loket(&store, &["import", FIXTURE]));
    let out = tmp.path().join("uit");
    let export = |pass: &Path| {
        loket(
            &store,
            &[
                "export",
                CASE,
                "--out",
                out.to_str().unwrap(),
                "--versleuteld",
                "--wachtwoordbestand",
                pass.to_str().unwrap(),
            ],
        )
    };
    let open = passphrase_file(tmp.path(), "open.txt", "geheim\n", 0o644);
    let o = export(&open);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("chmod 600"), "{}", stderr(&o));
    let empty = passphrase_file(tmp.path(), "leeg.txt", "\nmeer\n", 0o600);
    let o = export(&empty);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("een leeg wachtwoord wordt geweigerd"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists() || std::fs::read_dir(&out).expect("out").next().is_none());
    // Without --out an encrypted export has nowhere to go.
    let good = passphrase_file(tmp.path(), "goed.txt", "geheim\r\n", 0o600);
    let o = loket(
        &store,
        &[
            "export",
            CASE,
            "--versleuteld",
            "--wachtwoordbestand",
            good.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("geef --out MAP"), "{}", stderr(&o));
    // Without a terminal and without a file: a Dutch message, nothing written.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["--store", store.to_str().unwrap(), "--today", "2026-11-24"])
        .args([
            "export",
            CASE,
            "--out",
            out.to_str().unwrap(),
            "--versleuteld",
        ])
        .stdin(std::process::Stdio::null())
        .env_remove("LOKET_STORE")
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--wachtwoordbestand"), "{}", stderr(&o));
    // The CRLF file's passphrase is "geheim": a file made with it opens with "geheim\n".
    ok(&export(&good));
    let lf = passphrase_file(tmp.path(), "lf.txt", "geheim", 0o600);
    let other = tmp.path().join("ander");
    let sealed = out.join(format!("{CASE}.loket.age"));
    ok(&loket(
        &other,
        &[
            "import",
            sealed.to_str().unwrap(),
            "--wachtwoordbestand",
            lf.to_str().unwrap(),
        ],
    ));
}

/// The passphrase typed at the prompt is never shown, is asked twice, and is the one the file
/// opens with.
#[test]
fn the_passphrase_prompt_does_not_echo_and_asks_twice() {
    let s = crate::tmux::Session::new("wachtwoord");
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/cases/bewind-gevraagd-lichter.json"
    );
    ok(&s.run_direct(&["import", fixture]));
    let out = s.dir().join("uit");
    let script = format!(
        "LOKET_TEST_WERKFACTOR=10 {} {} export {CASE} --out {} --versleuteld; echo \"exit=$?\"",
        crate::tmux::BIN,
        s.base_args().join(" "),
        out.display()
    );
    s.start_shell(&script);
    s.wait_for("Wachtwoord:");
    s.type_text("zomer-in-lelystad");
    s.keys(&["Enter"]);
    s.wait_for("Nog een keer:");
    s.type_text("zomer-in-lelystad");
    s.keys(&["Enter"]);
    let screen = s.wait_for("exit=");
    assert!(screen.contains("exit=0"), "{screen}");
    assert!(screen.contains("versleuteld"), "{screen}");
    assert!(
        !screen.contains("zomer"),
        "the passphrase was echoed:\n{screen}"
    );
    let pass = passphrase_file(s.dir(), "pass.txt", "zomer-in-lelystad\n", 0o600);
    let other = s.dir().join("ander");
    ok(&loket(
        &other,
        &[
            "import",
            out.join(format!("{CASE}.loket.age")).to_str().unwrap(),
            "--wachtwoordbestand",
            pass.to_str().unwrap(),
        ],
    ));
}

// --- the demo ----------------------------------------------------------------------------------

/// The demo's intake report and document go into its own temporary directory (and vanish with
/// it): after the demo the working directory and the temp directory are as empty as before.
#[test]
fn the_demo_writes_nothing_outside_its_temp_dir() {
    let s = crate::tmux::Session::new("demo-privacy");
    let work = s.dir().join("werkmap");
    let tmp = s.dir().join("tmp");
    std::fs::create_dir_all(&work).expect("work");
    std::fs::create_dir_all(&tmp).expect("tmp");
    let script = format!(
        "cd {} && TMPDIR={} {} demo --today {}",
        work.display(),
        tmp.display(),
        crate::tmux::BIN,
        crate::tmux::TODAY
    );
    s.start_shell(&script);
    s.wait_for("loket · Zaken");
    s.keys(&["Enter"]);
    s.wait_until("the case screen", |sc| !sc.contains("loket · Zaken"));
    s.keys(&["e"]);
    let screen = s.wait_for("Intakeverslag opgeslagen in");
    let demo_dir = format!("{}/loket-demo-", tmp.display());
    // The path may wrap at 80 columns: compare without line breaks.
    let flat: String = screen.lines().map(str::trim_end).collect();
    assert!(flat.contains(&demo_dir), "{screen}");
    // While the demo runs, its directory holds the store and the files; the workdir nothing.
    let demo: Vec<PathBuf> = std::fs::read_dir(&tmp)
        .expect("tmp")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(demo.len(), 1, "{demo:?}");
    let inside = || -> Vec<String> {
        std::fs::read_dir(&demo[0])
            .expect("demo dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect()
    };
    assert!(
        inside()
            .iter()
            .any(|n| n.starts_with("intakeverslag-") && n.ends_with(".md")),
        "{:?}",
        inside()
    );
    // A document (the intake report as PDF, which every case can make).
    s.keys(&["b", "4"]);
    let start = std::time::Instant::now();
    while !inside().iter().any(|n| n.ends_with(".pdf")) {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "no PDF in the demo dir {:?}:\n{}",
            inside(),
            s.screen()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(mode(&demo[0]), 0o700);
    assert_owner_only(&demo[0]);
    let empty = |dir: &Path| std::fs::read_dir(dir).expect("dir").next().is_none();
    assert!(empty(&work), "the demo wrote into the working directory");
    s.keys(&["Escape"]);
    s.wait_for("loket · Zaken");
    s.keys(&["q"]);
    s.wait_exit();
    assert!(empty(&work), "the demo wrote into the working directory");
    assert!(empty(&tmp), "the demo left something in the temp directory");
}
