//! A test harness: keys go through the real event loop (keymap, update, runner, store in a temp
//! dir, drawing on an 80×24 TestBackend) with a fixed clock and date. No terminal.
#![allow(dead_code)]

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use loket::app::{Action, Env, State, update};
use loket::domain::checklist::Checklists;
use loket::domain::policy::Policy;
use loket::keymap::Keymap;
use loket::shell::event_loop::{Controls, Scripted, key_table, run};
use loket::shell::runner::{Runtime, execute};
use loket::store::{CaseStore, SledStore};
use loket::ui::{Theme, View, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub const TODAY: (i32, u32, u32) = (2026, 11, 24);

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).expect("date")
}

pub fn fixed_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 9, 30, 0)
        .single()
        .expect("time")
}

pub fn env() -> Env {
    Env {
        checklists: Checklists::embedded(),
        policy: Policy::embedded(),
        user: "balie1".into(),
        today: today(),
        offset: FixedOffset::east_opt(0).expect("offset"),
    }
}

pub struct Harness {
    pub dir: tempfile::TempDir,
    pub store: SledStore,
    pub state: State,
    controls: Controls,
    terminal: Terminal<TestBackend>,
}

impl Harness {
    pub fn new() -> Harness {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = SledStore::open(dir.path()).expect("store");
        Harness::with_store(dir, store)
    }

    pub fn with_store(dir: tempfile::TempDir, store: SledStore) -> Harness {
        let keymap = Keymap::load_with(None, None).expect("default keymap");
        let summaries = crate::support::summaries(&store);
        let state = State::new(env(), summaries);
        let view = View {
            theme: Theme { color: false },
            keys: key_table(&keymap),
            offset: FixedOffset::east_opt(0).expect("offset"),
        };
        let mut h = Harness {
            dir,
            store,
            state,
            controls: Controls::new(view, keymap),
            terminal: Terminal::new(TestBackend::new(80, 24)).expect("terminal"),
        };
        h.events(Scripted::keys([]));
        h
    }

    /// Runs the event loop over `script` (it returns when the script runs out).
    fn events(&mut self, mut script: Scripted) {
        let now = fixed_now;
        let rt = Runtime {
            store: &self.store,
            now: &now,
            export_dir: self.dir.path().to_path_buf(),
        };
        run(
            &mut self.terminal,
            &mut script,
            &mut self.state,
            &mut self.controls,
            &rt,
        )
        .expect("event loop");
    }

    /// An action straight into `update` and the runner, without the keymap: for tests of
    /// `update` itself.
    pub fn act(&mut self, action: Action) {
        let effects = update(&mut self.state, action);
        let now = fixed_now;
        let rt = Runtime {
            store: &self.store,
            now: &now,
            export_dir: self.dir.path().to_path_buf(),
        };
        execute(&mut self.state, &rt, effects);
    }

    /// One key through the event loop, as the terminal would deliver it.
    pub fn key_event(&mut self, key: KeyEvent) {
        self.events(Scripted::keys([key]));
    }

    /// What the event loop last drew on its 80×24 terminal.
    pub fn drawn(&self) -> String {
        buffer_text(self.terminal.backend())
    }

    pub fn code(&mut self, code: KeyCode) {
        self.key_event(KeyEvent::new(code, KeyModifiers::NONE));
    }

    pub fn ctrl(&mut self, c: char) {
        self.key_event(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    }

    /// Presses each character as a key (letters, digits, '/', '?', space …).
    pub fn keys(&mut self, text: &str) {
        for c in text.chars() {
            self.code(KeyCode::Char(c));
        }
    }

    pub fn enter(&mut self) {
        self.code(KeyCode::Enter);
    }

    pub fn esc(&mut self) {
        self.code(KeyCode::Esc);
    }

    pub fn tab(&mut self) {
        self.code(KeyCode::Tab);
    }

    pub fn screen(&self) -> TestBackend {
        self.screen_at(80, 24)
    }

    pub fn screen_at(&self, width: u16, height: u16) -> TestBackend {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        terminal
            .draw(|f| render(&self.state, &self.controls.view, f))
            .expect("draw");
        terminal.backend().clone()
    }

    pub fn text(&self) -> String {
        buffer_text(&self.screen())
    }

    /// Stores a fixture case (loket-case/1) as an import would, and shows it in the list.
    pub fn import_fixture(&mut self, name: &str) -> loket::store::CaseKey {
        let path = format!("{}/fixtures/cases/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect("fixture");
        let file = loket::domain::exchange::parse_case_file(&text, &self.state.env.checklists)
            .expect("valid fixture");
        let wanted = file.case_id.clone().unwrap_or_default();
        let case = file.into_case(wanted, fixed_now());
        let outcome = loket::app::summary::outcome(&case, &self.state.env);
        let summary = loket::app::summary::summarize(&case, &outcome, &self.state.env);
        let (key, id) = self
            .store
            .create(
                loket::store::NewCase {
                    case,
                    summary: summary.clone(),
                    changes: vec![loket::domain::history::Change::Imported {
                        source: name.to_string(),
                    }],
                },
                "test",
                fixed_now(),
            )
            .map(|c| (c.key, c.case_id))
            .expect("create");
        self.state.list.upsert(
            key,
            loket::domain::summary::Summary {
                case_id: id,
                ..summary
            },
        );
        key
    }

    /// Adds a debt on the debts screen through its form: creditor, category letter (n/p/z/o),
    /// amount as typed, deurwaarder (j/n); saved with ctrl-s.
    pub fn add_debt(&mut self, creditor: &str, category: &str, amount: &str, bailiff: &str) {
        self.keys("a");
        self.keys(creditor);
        self.tab();
        self.keys(category);
        self.tab();
        self.keys(amount);
        self.tab();
        self.keys(bailiff);
        self.ctrl('s');
    }

    /// Creates a case through the form: name, optional BSN, and the default meldingsdatum.
    pub fn create_case(&mut self, name: &str, bsn: &str) {
        self.keys("n");
        self.keys(name);
        self.tab();
        self.tab();
        self.keys(bsn);
        self.ctrl('s');
    }
}

/// Every cell of a test terminal, row by row.
pub fn buffer_text(backend: &TestBackend) -> String {
    let buf = backend.buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}
