//! The workbench on the real terminal: the list read from the store, the terminal taken over
//! (and given back, also on a panic), the event loop, and the store closed at the end.

use super::EXIT_OK;
use super::event_loop::{Controls, TerminalEvents, key_table_for, run};
use super::runner::Runtime;
use crate::app::{Env, State};
use crate::keymap::Keymap;
use crate::letters::Sjablonen;
use crate::store::CaseStore;
use crate::ui::{Theme, View};
use anyhow::Context;
use chrono::Utc;
use std::path::{Path, PathBuf};

/// Runs the workbench on `store` until the person quits; returns the exit code. `demo` is the
/// demonstration's temporary directory: intake reports and documents made in the demo go there
/// (and vanish with it), never into the working directory.
pub fn run_workbench(
    keymap: Keymap,
    env: Env,
    sjablonen: &Sjablonen,
    store: &dyn CaseStore,
    demo: Option<&Path>,
) -> anyhow::Result<i32> {
    let listing = store
        .list_summaries()
        .context("de zaken konden niet worden gelezen")?;
    let mut state = State::new(env, listing.rows);
    state.live = listing.cursor;
    state.set_role(store.role());
    state.demo = demo.is_some();
    // Nobody computes with last year's figures unknowingly (norms change 1 January and 1 July).
    if let Some(w) = state.env.policy.stale_warning(state.env.today) {
        state.error(format!("Let op: {w}"));
    }
    let unreadable = listing.unreadable;
    if unreadable > 0 {
        state.error(format!(
            "Let op: {unreadable} zaak/zaken konden niet in de lijst worden gelezen en ontbreken hier; de overige zijn bruikbaar."
        ));
    }
    let view = View {
        theme: Theme::from_env(),
        keys: key_table_for(&keymap, state.role),
        offset: state.env.offset,
    };
    // A date given with --today stays; otherwise the session follows the clock past midnight.
    let follow_clock = (state.env.today
        == Utc::now().with_timezone(&state.env.offset).date_naive())
    .then_some(state.env.offset);
    let now = Utc::now;
    let rt = Runtime {
        store,
        now: &now,
        export_dir: match demo {
            Some(dir) => dir.to_path_buf(),
            None => std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
        },
        sjablonen,
    };
    // ratatui::init installs a panic hook that restores the terminal before the message prints.
    let mut terminal = ratatui::try_init().context("de terminal kan niet worden gestart")?;
    crate::shell::exits::terminal_active(true);
    // Test hook for the end-to-end test that a panic leaves a usable terminal behind.
    // Only in debug builds (the ones `cargo test` runs): a release binary has no such switch.
    if cfg!(debug_assertions) && std::env::var_os("LOKET_TEST_PANIC").is_some() {
        let _ = terminal.draw(|f| crate::ui::render(&state, &view, f));
        panic!("LOKET_TEST_PANIC: opzettelijke fout om het herstel van de terminal te testen");
    }
    let mut controls = Controls::new(view, keymap);
    let result = run(
        &mut terminal,
        &mut TerminalEvents::following(follow_clock),
        &mut state,
        &mut controls,
        &rt,
    );
    ratatui::restore();
    crate::shell::exits::terminal_active(false);
    result?;
    // The list as it stands goes along, so the next start-up need not scan every summary.
    let mut rows = state.list.rows.iter().map(|r| (r.key, &r.summary));
    store
        .close(Some(&mut rows))
        .context("laatste wijzigingen konden niet worden weggeschreven")?;
    Ok(EXIT_OK)
}
