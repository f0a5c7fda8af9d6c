//! End-to-end helpers: the real `loket` binary in a detached tmux session at 80×24.
//!
//! Every `Session` has its own temporary store and its own tmux server (`tmux -L <socket>`, with
//! its socket inside the temporary directory), so tests run in parallel without seeing each
//! other. The server is killed when the `Session` is dropped, also when a test fails half-way.
//!
//! The one pane runs loket itself (no shell in between). It stays after loket exits
//! (`remain-on-exit`), so a restart is `respawn-pane` on the same server: a server that exits
//! with its last session races with the next `new-session` ("server exited unexpectedly").

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_loket");
pub const TODAY: &str = "2026-11-24";
pub const USER: &str = "e2e";
const TIMEOUT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(50);
const SETTLE: Duration = Duration::from_millis(20);

static COUNTER: AtomicUsize = AtomicUsize::new(0);

pub struct Session {
    socket: String,
    dir: tempfile::TempDir,
}

impl Session {
    /// A fresh store and a fresh tmux server. Fails loudly when tmux is missing: these tests
    /// must never pass by not running.
    pub fn new(name: &str) -> Session {
        match Command::new("tmux").arg("-V").output() {
            Ok(o) if o.status.success() => {}
            Ok(o) => panic!(
                "tmux -V failed ({}): the end-to-end tests need a working tmux",
                String::from_utf8_lossy(&o.stderr)
            ),
            Err(e) => panic!(
                "tmux is not installed ({e}): the end-to-end tests drive loket in tmux; \
                 install it (apt-get install tmux)"
            ),
        }
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("config")).expect("config dir");
        std::fs::write(
            dir.path().join("tmux.conf"),
            "set -g status off\nset -g remain-on-exit on\n",
        )
        .expect("tmux.conf");
        let socket = format!(
            "loket-e2e-{}-{}-{name}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        Session { socket, dir }
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn store(&self) -> PathBuf {
        self.dir.path().join("store")
    }

    /// Environment for every process we start: no user keymap, no outer tmux.
    fn isolate(&self, cmd: &mut Command) {
        cmd.env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("TMUX_TMPDIR", self.dir.path())
            .env_remove("TMUX")
            .env_remove("LOKET_STORE")
            .env_remove("NO_COLOR");
    }

    fn tmux(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new("tmux");
        let conf = self.dir.path().join("tmux.conf");
        cmd.arg("-f")
            .arg(conf)
            .args(["-L", &self.socket])
            .args(args);
        self.isolate(&mut cmd);
        cmd.output().expect("tmux runs")
    }

    fn tmux_ok(&self, args: &[&str]) -> String {
        let out = self.tmux(args);
        assert!(
            out.status.success(),
            "tmux {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The arguments every interactive run gets: this session's store, user and date.
    pub fn base_args(&self) -> Vec<String> {
        vec![
            "--store".into(),
            self.store().display().to_string(),
            "--user".into(),
            USER.into(),
            "--today".into(),
            TODAY.into(),
        ]
    }

    /// Starts loket as the pane's own process (no shell in between, so the pane pid is loket)
    /// and waits for the case list. A restart reuses the (dead) pane.
    pub fn start(&self) {
        let args = self.base_args();
        let mut argv: Vec<&str> = if self.tmux(&["has-session", "-t", "main"]).status.success() {
            assert!(!self.running(), "loket is still running");
            vec!["respawn-pane", "-t", "main"]
        } else {
            vec!["new-session", "-d", "-s", "main", "-x", "80", "-y", "24"]
        };
        argv.push(BIN);
        argv.extend(args.iter().map(String::as_str));
        self.tmux_ok(&argv);
        self.wait_for("loket · Zaken");
    }

    /// Runs a shell command line in a new pane (for tests that need a shell around loket).
    pub fn start_shell(&self, script: &str) {
        self.tmux_ok(&[
            "new-session",
            "-d",
            "-s",
            "main",
            "-x",
            "80",
            "-y",
            "24",
            "sh",
            "-c",
            script,
        ]);
    }

    /// Starts `loket demo` in the pane (no store of this session's) and waits for the list.
    pub fn start_demo(&self) {
        self.tmux_ok(&[
            "new-session",
            "-d",
            "-s",
            "main",
            "-x",
            "80",
            "-y",
            "24",
            BIN,
            "demo",
            "--today",
            TODAY,
        ]);
        self.wait_for("loket · Zaken");
    }

    /// Named keys, one tmux key each: "Enter", "Tab", "Escape", "C-s", "Down", "x".
    pub fn keys(&self, keys: &[&str]) {
        let mut argv = vec!["send-keys", "-t", "main"];
        argv.extend_from_slice(keys);
        self.tmux_ok(&argv);
    }

    /// Literal text, typed character by character.
    pub fn type_text(&self, text: &str) {
        self.tmux_ok(&["send-keys", "-t", "main", "-l", text]);
    }

    /// The screen as plain text (no colours).
    pub fn screen(&self) -> String {
        let out = self.tmux(&["capture-pane", "-p", "-t", "main"]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Polls the screen until `pred` holds on a settled screen (two captures a moment apart are
    /// the same: a frame can reach the terminal in pieces); on timeout fails with the last screen.
    pub fn wait_until(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if pred(&screen) {
                std::thread::sleep(SETTLE);
                if self.screen() == screen {
                    return screen;
                }
                continue;
            }
            if start.elapsed() > TIMEOUT {
                panic!(
                    "timed out after {TIMEOUT:?} waiting for {what}; last screen:\n{}\n{screen}{}",
                    "─".repeat(80),
                    "─".repeat(80)
                );
            }
            std::thread::sleep(POLL);
        }
    }

    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |s| s.contains(text))
    }

    pub fn wait_gone(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?} to disappear"), |s| !s.contains(text))
    }

    /// Waits until the checklist row for `label` (a prefix of its label) shows ✓ and `value`.
    pub fn wait_answer(&self, label: &str, value: &str) -> String {
        self.wait_until(&format!("answer {label:?} = {value:?}"), |s| {
            answer_shown(s, label, value)
        })
    }

    fn pane_format(&self, format: &str) -> String {
        self.tmux_ok(&["display-message", "-p", "-t", "main", format])
            .trim()
            .to_string()
    }

    /// Whether loket (the pane's process) is still running.
    pub fn running(&self) -> bool {
        self.pane_format("#{pane_dead}") == "0"
    }

    /// Waits until loket has exited and tmux has its status; returns "status N" or "signal N".
    pub fn wait_exit(&self) -> String {
        let start = Instant::now();
        // The pane is dead once its pty closes; the status follows when the child is reaped.
        let fmt = "#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}";
        loop {
            let state = self.pane_format(fmt);
            match state.split(':').collect::<Vec<_>>()[..] {
                ["1", status, ""] if !status.is_empty() => return format!("status {status}"),
                ["1", _, signal] if !signal.is_empty() => return format!("signal {signal}"),
                // tmux (3.3a) now and then misses the SIGCHLD and leaves loket a zombie until
                // some other child of the server exits: give it one.
                ["1", ..] => {
                    self.tmux(&["run-shell", "true"]);
                }
                _ => {}
            }
            if start.elapsed() > TIMEOUT {
                panic!(
                    "loket did not exit within {TIMEOUT:?} (pane {state}); last screen:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// Quits with `q` (from a screen where `q` quits) and checks that loket exited with 0.
    pub fn quit(&self) {
        self.keys(&["q"]);
        let status = self.wait_exit();
        assert_eq!(
            status,
            "status 0",
            "loket exited with {status:?}:\n{}",
            self.screen()
        );
    }

    /// The pid of the process in the pane: loket itself (started without a shell).
    pub fn pane_pid(&self) -> u32 {
        let out = self.tmux_ok(&["list-panes", "-t", "main", "-F", "#{pane_pid}"]);
        out.trim().parse().expect("pane pid")
    }

    /// Runs loket directly (not in tmux) with this session's store, user and date.
    pub fn run_direct(&self, extra: &[&str]) -> Output {
        let mut cmd = Command::new(BIN);
        cmd.args(self.base_args()).args(extra);
        self.isolate(&mut cmd);
        cmd.stdin(std::process::Stdio::null())
            .output()
            .expect("loket runs")
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

/// The checklist row whose label starts with `label`: marked ✓ and ending in `value`.
pub fn answer_shown(screen: &str, label: &str, value: &str) -> bool {
    screen
        .lines()
        .any(|l| l.contains(&format!("✓ {label}")) && l.trim_end().ends_with(&format!(" {value}")))
}

/// The label of the item under the cursor: the first line of the detail pane (below the rule).
pub fn current_item(screen: &str) -> String {
    let mut lines = screen.lines();
    lines.find(|l| l.starts_with("────"));
    lines.next().unwrap_or_default().to_string()
}
