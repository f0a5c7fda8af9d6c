//! loket: a keyboard-driven case workbench for debt-aid and beschermingsbewind intake.
//!
//! `domain` is pure (no terminal, store or clock); `store` is the only module that touches the database;
//! `app` holds state and the update function; `ui` renders state; `keymap` maps keys to commands.

pub mod app;
pub mod cli;
pub mod domain;
pub mod keymap;
pub mod store;
pub mod ui;
