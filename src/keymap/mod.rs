//! Key strings ↔ key events, keymap files, validation, and the inverse map for hints.

pub mod command;

pub use command::{Command, Scope};
