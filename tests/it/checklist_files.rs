//! A municipality's edited checklists: loaded at run time with `--checklists DIR`, checked with
//! `loket checklist check FILE`. Labels may change and local items may be added; contract ids,
//! types, required flags and options may not disappear.

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_loket");

fn shipped(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/fixtures/checklists/{name}.toml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("shipped checklist")
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN).args(args).output().expect("loket runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(&path, text).expect("write");
    path.display().to_string()
}

const LOCAL_ITEM: &str = r#"
[[section]]
id = "L1"
title = "Lokaal"

[[section.item]]
id = "lokaal.wijkteam"
type = "bool"
label = "Wijkteam al betrokken"
"#;

#[test]
fn the_shipped_checklists_pass_the_check() {
    for name in ["schuldhulp", "bewind"] {
        let path = format!(
            "{}/fixtures/checklists/{name}.toml",
            env!("CARGO_MANIFEST_DIR")
        );
        let (code, out, err) = run(&["checklist", "check", &path]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("in orde"), "{out}");
    }
}

#[test]
fn reworded_labels_and_local_items_are_accepted_and_used() {
    let dir = tempfile::tempdir().expect("tempdir");
    let edited = shipped("schuldhulp").replace(
        "label = \"De hulpvraag in de woorden van de inwoner\"",
        "label = \"Wat wil de inwoner bereiken?\"",
    ) + LOCAL_ITEM;
    let path = write(dir.path(), "schuldhulp", &edited);
    let (code, out, err) = run(&["checklist", "check", &path]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("in orde"), "{out}");
    // The engine reads the edited checklist and still gives the contract outcome.
    let case = format!(
        "{}/fixtures/cases/coaching-stabiel.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let dir_arg = dir.path().display().to_string();
    let (code, out, err) = run(&[
        "--checklists",
        &dir_arg,
        "--today",
        "2026-11-24",
        "segment",
        &case,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"provision\": \"budgetcoaching\""), "{out}");
}

#[test]
fn removing_or_retyping_a_contract_item_is_refused_with_every_problem_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let edited = shipped("schuldhulp")
        .replace("id = \"fn.impuls\"", "id = \"fn.impulsief\"")
        .replace(
            "id = \"huishouden.minderjarigen\"\ntype = \"int\"",
            "id = \"huishouden.minderjarigen\"\ntype = \"text\"",
        )
        .replace("  { id = \"duo\", label = \"DUO\" },\n", "");
    let path = write(dir.path(), "schuldhulp", &edited);
    let (code, _, err) = run(&["checklist", "check", &path]);
    assert_eq!(code, 2);
    assert!(err.contains("\"fn.impuls\" ontbreekt"), "{err}");
    assert!(
        err.contains("huishouden.minderjarigen\" moet type"),
        "{err}"
    );
    assert!(err.contains("optie \"duo\" ontbreekt"), "{err}");
    // The same directory given to a command stops it with exit 2 before anything happens.
    let dir_arg = dir.path().display().to_string();
    let case = format!(
        "{}/fixtures/cases/onvolledig.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let (code, out, err) = run(&["--checklists", &dir_arg, "segment", &case]);
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("de vragenlijsten zijn niet in orde"), "{err}");
}

#[test]
fn a_file_that_is_not_a_checklist_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(
        dir.path(),
        "bewind",
        "id = \"bewind\"\nversion = \"twee\"\n",
    );
    let (code, _, err) = run(&["checklist", "check", &path]);
    assert_eq!(code, 2);
    assert!(err.contains("bewind.toml"), "{err}");
}
