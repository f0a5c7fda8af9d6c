//! loket: a keyboard-driven case workbench for debt-aid and beschermingsbewind intake.
//!
//! The layers, each importing only from those before it (tests/it/layers.rs checks this):
//! `domain` (pure) ← `format` (files and texts) ← `store` (the [`store::CaseStore`] seam) ←
//! `keymap` ← `app` (state, update → effects) ← `letters` (documents) ← `ui` (render only) ← `shell` (terminal, event
//! loop, effects against the store, start-up) ← `devtools` (generator, bench) ← `cli`.

pub mod app;
pub mod cli;
pub mod devtools;
pub mod domain;
pub mod format;
pub mod keymap;
pub mod letters;
pub mod shell;
pub mod store;
pub mod ui;
