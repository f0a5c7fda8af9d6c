//! `loket segment FILE`: the advice for one case file (loket-case/1), printed as
//! `loket-segment/1` JSON. Reads no store. Exit 0 done, 2 bad input (case file or policy).

use super::EXIT_BAD_INPUT;
use super::EXIT_OK;
use super::args::Global;
use crate::domain::exchange::parse_case_file;
use crate::domain::segment::{segment, to_contract_json};
use std::path::Path;

/// Runs the subcommand and returns the exit code; messages for the person go to stderr.
pub fn run(global: &Global, file: &Path) -> anyhow::Result<i32> {
    let policy = match super::tui::load_policy(global) {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!(
                "loket: zaakbestand {} kan niet worden gelezen: {}",
                file.display(),
                super::io_reason(&e)
            );
            return Ok(EXIT_BAD_INPUT);
        }
    };
    let checklists = match super::tui::load_checklists(global) {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let case = match parse_case_file(&text, &checklists) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("loket: {} is geen geldig zaakbestand:", file.display());
            for p in e.problems() {
                eprintln!("  {p}");
            }
            return Ok(EXIT_BAD_INPUT);
        }
    };
    // Reading the clock is an edge concern: the domain only ever receives `today`.
    let today = global
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let outcome = segment(&case.answers, &case.debts, &checklists, &policy, today);
    let json = serde_json::to_string_pretty(&to_contract_json(&outcome))?;
    super::print_stdout(&json)?;
    Ok(EXIT_OK)
}
