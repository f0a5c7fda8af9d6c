//! The thin shell around the pure program: it owns the terminal, runs the event loop, executes
//! effects against a [`crate::store::CaseStore`]. What it runs on (keymap, policy, checklists,
//! store) is loaded and checked by `cli` before the terminal goes raw.

pub mod event_loop;
pub mod exits;
pub mod live;
pub mod progress;
pub mod runner;
pub mod terminal;

/// Exit codes: 0 done, 1 could not run (store locked, I/O), 2 bad input (case file, keymap, policy),
/// 70 stopped on an internal error (a panic; a crash note was written, see `exits`).
pub const EXIT_OK: i32 = 0;
pub const EXIT_FAIL: i32 = 1;
pub const EXIT_BAD_INPUT: i32 = 2;
pub const EXIT_PANIC: i32 = 70;
