//! Keymaps: the embedded ones load clean and reach every command; each bad fixture yields
//! exactly its expected messages; layering, unbinding, sequences and the CLI check.

use loket::keymap::{Command, Feed, KeyFeed, Keymap, Layer, Scope};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::path::{Path, PathBuf};
use std::process::Command as Process;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/keymaps")
}

fn default_keymap() -> Keymap {
    Keymap::load_with(None, None).expect("default keymap")
}

fn vim_keymap() -> Keymap {
    Keymap::load_with(Some("vim"), None).expect("vim keymap")
}

/// The default with one more layer on top.
fn with_layer(text: &str) -> Result<Keymap, loket::keymap::KeymapError> {
    let layers: Vec<Layer> = Layer::embedded("default")
        .into_iter()
        .chain([Layer::new("test.toml", text)])
        .collect();
    Keymap::from_layers(&layers)
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ch(c: char) -> KeyEvent {
    key(KeyCode::Char(c))
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn feed_one(keymap: &Keymap, scope: Scope, event: KeyEvent) -> Feed {
    keymap.feed(&mut KeyFeed::new(), scope, event)
}

#[test]
fn embedded_keymaps_load_clean() {
    default_keymap();
    vim_keymap();
    Keymap::load_with(Some("default"), None).expect("--keymap default");
}

#[test]
fn every_command_is_reachable_in_the_default() {
    let keymap = default_keymap();
    for &command in Command::ALL {
        let bound_in: Vec<Scope> = command
            .scopes()
            .iter()
            .copied()
            .filter(|s| !keymap.keys_for(*s, command).is_empty())
            .collect();
        assert!(!bound_in.is_empty(), "{} heeft geen toets", command.id());
        // Screen commands should work on every screen that has them, not just one.
        if !command.allowed_in(Scope::Global) {
            assert_eq!(bound_in, command.scopes(), "{}", command.id());
        }
    }
    for scope in Scope::ALL {
        for essential in [Command::Quit, Command::Help, Command::Back] {
            assert!(
                !keymap.keys_for(scope, essential).is_empty(),
                "{} onbereikbaar in [{}]",
                essential.id(),
                scope.id()
            );
        }
    }
}

#[test]
fn every_bad_fixture_yields_exactly_its_expected_messages() {
    let mut checked = 0;
    let mut entries: Vec<_> = std::fs::read_dir(fixtures())
        .expect("fixtures/keymaps")
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if !(name.starts_with("bad_") && name.ends_with(".toml")) {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("fixture");
        let expected = std::fs::read_to_string(path.with_extension("expected"))
            .unwrap_or_else(|_| panic!("{name}: .expected ontbreekt"));
        let error = with_layer_named(name, &text).expect_err(name);
        assert_eq!(error.to_string(), expected.trim_end(), "{name}");
        assert_eq!(error.problems.len(), expected.lines().count(), "{name}");
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} fixtures");
}

fn with_layer_named(name: &str, text: &str) -> Result<Keymap, loket::keymap::KeymapError> {
    let layers: Vec<Layer> = Layer::embedded("default")
        .into_iter()
        .chain([Layer::new(name, text)])
        .collect();
    Keymap::from_layers(&layers)
}

#[test]
fn problems_name_file_table_and_key() {
    let error = with_layer("[list]\n\"ctrl-x\" = \"opne\"\n").expect_err("typo");
    assert_eq!(
        error.to_string(),
        "test.toml: [list] \"ctrl-x\": onbekende actie \"opne\" — bedoelde u \"open\"?"
    );
    let problem = &error.problems[0];
    assert_eq!(problem.source, "test.toml");
    assert_eq!(problem.table.as_deref(), Some("list"));
    assert_eq!(problem.key.as_deref(), Some("ctrl-x"));
}

#[test]
fn none_unbinds_an_inherited_key() {
    let keymap = with_layer("[list]\n\"j\" = \"none\"\n").expect("valid");
    assert_eq!(feed_one(&keymap, Scope::List, ch('j')), Feed::Unbound);
    assert_eq!(
        feed_one(&keymap, Scope::List, ch('k')),
        Feed::Command(Command::Up)
    );
    assert_eq!(keymap.keys_for(Scope::List, Command::Down), ["Down"]);
    // Other screens keep their own j.
    assert_eq!(
        feed_one(&keymap, Scope::Case, ch('j')),
        Feed::Command(Command::Down)
    );
}

#[test]
fn a_later_layer_rebinds_a_key() {
    let keymap =
        with_layer("[case]\n\"d\" = \"export_report\"\n\"ctrl-d\" = \"debts\"\n").expect("valid");
    assert_eq!(
        feed_one(&keymap, Scope::Case, ch('d')),
        Feed::Command(Command::ExportReport)
    );
    assert_eq!(keymap.keys_for(Scope::Case, Command::Debts), ["ctrl-d"]);
}

#[test]
fn sequences_wait_then_fire() {
    let keymap = vim_keymap();
    let mut pending = KeyFeed::new();
    assert_eq!(
        keymap.feed(&mut pending, Scope::List, ch('g')),
        Feed::Pending
    );
    assert_eq!(pending.display().as_deref(), Some("g …"));
    assert_eq!(
        keymap.feed(&mut pending, Scope::List, ch('g')),
        Feed::Command(Command::Top)
    );
    assert!(!pending.is_pending());

    // A key that breaks off a sequence counts on its own.
    assert_eq!(
        keymap.feed(&mut pending, Scope::List, ch('g')),
        Feed::Pending
    );
    assert_eq!(
        keymap.feed(&mut pending, Scope::List, ch('j')),
        Feed::Command(Command::Down)
    );

    // Esc cancels an unfinished sequence without going back.
    assert_eq!(
        keymap.feed(&mut pending, Scope::List, ch('g')),
        Feed::Pending
    );
    assert_eq!(
        keymap.feed(&mut pending, Scope::List, key(KeyCode::Esc)),
        Feed::Unbound
    );
    assert!(!pending.is_pending());
    assert_eq!(
        keymap.feed(&mut pending, Scope::List, key(KeyCode::Esc)),
        Feed::Command(Command::Back)
    );

    // Releases and bare modifiers do not disturb a pending sequence.
    assert_eq!(
        keymap.feed(&mut pending, Scope::List, ch('g')),
        Feed::Pending
    );
    let mut release = ch('g');
    release.kind = KeyEventKind::Release;
    assert_eq!(
        keymap.feed(&mut pending, Scope::List, release),
        Feed::Unbound
    );
    assert!(pending.is_pending());

    // A new screen starts afresh.
    assert_eq!(
        keymap.feed(&mut pending, Scope::Case, ch('j')),
        Feed::Command(Command::Down)
    );
    assert!(!pending.is_pending());
}

#[test]
fn shifted_letters_match_however_the_terminal_sends_them() {
    let keymap = vim_keymap();
    for event in [
        ch('G'),
        KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT),
        KeyEvent::new(KeyCode::Char('g'), KeyModifiers::SHIFT),
    ] {
        assert_eq!(
            feed_one(&keymap, Scope::List, event),
            Feed::Command(Command::Bottom)
        );
    }
    let default = default_keymap();
    assert_eq!(
        feed_one(&default, Scope::Case, ch('S')),
        Feed::Command(Command::StatusPrev)
    );
    assert_eq!(
        feed_one(&default, Scope::Case, ch('s')),
        Feed::Command(Command::StatusNext)
    );
    assert_eq!(
        feed_one(
            &default,
            Scope::List,
            KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT)
        ),
        Feed::Command(Command::Help)
    );
    assert_eq!(
        feed_one(
            &default,
            Scope::Form,
            KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)
        ),
        Feed::Command(Command::PrevField)
    );
}

#[test]
fn screen_bindings_win_over_global_ones() {
    let keymap = with_layer("[global]\n\"x\" = \"privacy\"\n").expect("valid");
    assert_eq!(
        feed_one(&keymap, Scope::Debts, ch('x')),
        Feed::Command(Command::Delete)
    );
    assert_eq!(
        feed_one(&keymap, Scope::List, ch('x')),
        Feed::Command(Command::Privacy)
    );
    assert_eq!(
        keymap.keys_for(Scope::List, Command::Privacy),
        ["ctrl-p", "x"]
    );
    assert_eq!(keymap.keys_for(Scope::Debts, Command::Privacy), ["ctrl-p"]);
}

#[test]
fn in_the_form_typing_keys_are_not_commands() {
    let keymap = default_keymap();
    assert_eq!(feed_one(&keymap, Scope::Form, ch('q')), Feed::Unbound);
    assert_eq!(
        feed_one(&keymap, Scope::Form, ctrl('c')),
        Feed::Command(Command::Quit)
    );
    assert_eq!(keymap.keys_for(Scope::Form, Command::Quit), ["ctrl-c"]);
    assert_eq!(keymap.keys_for(Scope::Form, Command::Help), ["F1"]);
    assert!(loket::keymap::is_text_input(&ch('q')));
    assert!(!loket::keymap::is_text_input(&ctrl('p')));
}

#[test]
fn display_spellings_and_help() {
    let keymap = default_keymap();
    assert_eq!(keymap.keys_for(Scope::List, Command::Privacy), ["ctrl-p"]);
    assert_eq!(keymap.keys_for(Scope::List, Command::Open), ["Enter"]);
    assert_eq!(keymap.keys_for(Scope::Case, Command::StatusPrev), ["S"]);
    assert_eq!(
        keymap.keys_for(Scope::List, Command::Up),
        ["Up".to_string(), "k".to_string()]
    );
    assert_eq!(
        vim_keymap().keys_for(Scope::List, Command::Top),
        ["Home", "g g"]
    );

    let help = keymap.help(Scope::List);
    let first: Vec<_> = help.iter().take(3).cloned().collect();
    assert_eq!(
        first,
        [
            ("Enter".to_string(), Command::Open.text()),
            ("n".to_string(), Command::NewCase.text()),
            ("/".to_string(), Command::Search.text()),
        ]
    );
    assert!(help.contains(&("q, ctrl-c".to_string(), Command::Quit.text())));
    assert!(help.contains(&("?, F1".to_string(), Command::Help.text())));
    // Every line has keys, and the global table's own help has no screen commands.
    assert!(help.iter().all(|(keys, _)| !keys.is_empty()));
    let global = keymap.help(Scope::Global);
    assert!(!global.iter().any(|(_, text)| *text == Command::Open.text()));
    // In the form, plain letters are left out of the help because they type.
    let form = keymap.help(Scope::Form);
    assert!(form.contains(&("ctrl-c".to_string(), Command::Quit.text())));
    assert!(
        !form
            .iter()
            .any(|(_, text)| *text == Command::Termijnen.text())
    );
}

#[test]
fn load_layers_user_file_then_choice() {
    let dir = tempfile::tempdir().expect("tempdir");
    let user = dir.path().join("keymap.toml");
    std::fs::write(&user, "[global]\n\"F2\" = \"help\"\n").expect("write");
    let keymap = Keymap::load_with(Some("vim"), Some(&user)).expect("valid");
    assert_eq!(
        keymap.keys_for(Scope::Global, Command::Help),
        ["?", "F1", "F2"]
    );
    assert_eq!(
        feed_one(&keymap, Scope::List, ch('G')),
        Feed::Command(Command::Bottom)
    );
    // A missing user file is simply not there.
    Keymap::load_with(None, Some(&dir.path().join("ontbreekt.toml"))).expect("valid");

    // --keymap FILE: a bad file fails with all its problems; a missing one is a problem too.
    let bad = fixtures().join("bad_many.toml");
    let bad = bad.to_str().expect("utf-8 path");
    let error = Keymap::load_with(Some(bad), None).expect_err("bad");
    assert_eq!(error.problems.len(), 10);
    let error = Keymap::load_with(Some("geen-bestand.toml"), Some(&user)).expect_err("missing");
    assert_eq!(
        error.to_string(),
        "geen-bestand.toml: kan niet gelezen worden (bestand bestaat niet)"
    );
}

#[test]
fn cli_check_reports_all_problems_and_exits_2() {
    let output = Process::new(env!("CARGO_BIN_EXE_loket"))
        .args(["keymap", "check"])
        .arg(fixtures().join("bad_many.toml"))
        .output()
        .expect("run loket");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let expected = std::fs::read_to_string(fixtures().join("bad_many.expected")).expect("expected");
    for line in expected.lines() {
        // The CLI names the file by the path it was given.
        let message = line.strip_prefix("bad_many.toml").expect("fixture prefix");
        assert!(
            stderr.lines().any(|l| l.ends_with(message)),
            "missing: {line}\n{stderr}"
        );
    }
    assert!(stderr.contains("10 problemen gevonden"), "{stderr}");
}

#[test]
fn cli_check_accepts_a_good_file() {
    let vim = Path::new(env!("CARGO_MANIFEST_DIR")).join("keymaps/vim.toml");
    let output = Process::new(env!("CARGO_BIN_EXE_loket"))
        .args(["keymap", "check"])
        .arg(&vim)
        .output()
        .expect("run loket");
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.trim_end().ends_with(": in orde"), "{stdout}");
    assert!(output.stderr.is_empty());
}
