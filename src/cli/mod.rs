//! Command-line arguments and the subcommands that run without the TUI.
//! Each subcommand returns an exit code or an error; none exits mid-way.

pub mod args;
pub mod beleid;
pub mod brief;
pub mod csv_nl;
pub mod demo_names;
pub mod dutch;
pub mod keymap_check;
pub mod report;
pub mod segment;
pub mod transfer;
pub mod tui;

pub use crate::shell::{EXIT_BAD_INPUT, EXIT_FAIL, EXIT_OK};

use crate::devtools::workload;
use args::{Cli, Cmd};

/// Runs what the command line asks for and returns the process exit code.
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    match cli.command {
        None => tui::run_tui(&cli.global),
        Some(Cmd::Demo) => tui::run_demo(&cli.global),
        Some(Cmd::Checklist {
            action: args::ChecklistCmd::Check { file },
        }) => Ok(tui::check_checklist(&file)),
        Some(Cmd::Keymap {
            action: args::KeymapCmd::Check { file },
        }) => keymap_check::run(&file),
        Some(Cmd::Segment { file }) => segment::run(&cli.global, &file),
        Some(Cmd::Beleid {
            action: args::BeleidCmd::Controleer { file },
        }) => beleid::run(&cli.global, &file),
        Some(Cmd::Import { files, quiet }) => transfer::run_import(&cli.global, &files, quiet),
        Some(Cmd::Export {
            cases,
            format,
            out,
            with_text,
            quiet,
        }) => transfer::run_export(
            &cli.global,
            &cases,
            format,
            out.as_deref(),
            with_text,
            quiet,
        ),
        Some(Cmd::Brief {
            soort,
            zaak,
            uit,
            afwijzing,
        }) => brief::run(
            &cli.global,
            soort,
            &zaak,
            uit.as_deref(),
            afwijzing.as_deref(),
        ),
        Some(Cmd::Report { from, to, json }) => report::run(&cli.global, from, to, json),
        Some(Cmd::Gen { count, seed }) => run_gen(&cli.global, count, seed),
        Some(Cmd::Bench { sizes }) => {
            let sizes: Vec<usize> = sizes.into_iter().map(|n| n as usize).collect();
            workload::run_bench_cmd(&sizes)
        }
    }
}

/// Prints to standard output; a reader that went away (`| head`) is not an error.
pub fn print_stdout(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

pub use crate::format::io_reason;

/// `loket gen N --seed S`: adds generated cases 0..N of seed S to the store.
fn run_gen(global: &args::Global, count: usize, seed: u64) -> anyhow::Result<i32> {
    let (store, env) = match tui::open_workspace(global) {
        Ok(w) => w,
        Err(code) => return Ok(code),
    };
    workload::run_gen(store.as_ref(), &env, count, seed)
}
