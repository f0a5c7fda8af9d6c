//! Command-line arguments and the subcommands that run without the TUI.
//! Each subcommand returns an exit code or an error; none exits mid-way.

pub mod args;
pub mod backup;
pub mod beleid;
pub mod beperk;
pub mod bewaren;
pub mod brief;
pub mod check;
pub mod csv_nl;
pub mod ddas;
pub mod demo_names;
pub mod dutch;
pub mod handover;
pub mod inzage;
pub mod keymap_check;
pub mod replace;
pub mod report;
pub mod segment;
pub mod team;
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
        Some(Cmd::Import {
            files,
            quiet,
            vervang,
            wachtwoordbestand,
        }) => transfer::run_import_sealed(
            &cli.global,
            &files,
            (quiet, vervang),
            &handover::Source::from_option(wachtwoordbestand.as_deref()),
        ),
        Some(Cmd::Export {
            cases,
            format,
            out,
            with_text,
            bsn_volledig,
            quiet,
            versleuteld,
            wachtwoordbestand,
        }) => transfer::run_export_sealed(
            &cli.global,
            &cases,
            format,
            out.as_deref(),
            (with_text, bsn_volledig),
            quiet,
            versleuteld.then(|| handover::Source::from_option(wachtwoordbestand.as_deref())),
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
        Some(Cmd::Ddas { van, tot, uit }) => ddas::run(&cli.global, van, tot, uit.as_deref()),
        Some(Cmd::Gen { count, seed }) => run_gen(&cli.global, count, seed),
        Some(Cmd::Backup { uit }) => backup::run_backup(&cli.global, uit.as_deref()),
        Some(Cmd::Herstel { bestand }) => backup::run_herstel(&cli.global, &bestand),
        Some(Cmd::Controleer) => check::run(&cli.global),
        Some(Cmd::Gebruiker { action }) => team::run_gebruiker(&cli.global, action),
        Some(Cmd::Toegang { zaak }) => team::run_toegang(&cli.global, &zaak),
        Some(Cmd::Inzage { zaak, uit, formaat }) => {
            inzage::run(&cli.global, &zaak, uit.as_deref(), formaat)
        }
        Some(Cmd::Toewijzen { zaak, naam }) => {
            team::run_toewijzen(&cli.global, &zaak, naam.as_deref())
        }
        Some(Cmd::Bewaren {
            vernietig,
            ja,
            verklaringen,
            uit,
        }) => bewaren::run(
            &cli.global,
            &bewaren::Opdracht {
                vernietig,
                ja,
                verklaringen,
                uit,
            },
        ),
        Some(Cmd::Beperk {
            zaak,
            reden,
            opheffen,
        }) => beperk::run(&cli.global, &zaak, &reden, opheffen),
        Some(Cmd::Migrate { from, to }) => team::run_migrate(&cli.global, &from, &to),
        Some(Cmd::Bench {
            wat: Some(what), ..
        }) => match what {
            args::BenchCmd::Crash {
                iterations,
                per_store,
            } => crate::devtools::crash::run_crash_cmd(iterations, per_store),
            args::BenchCmd::CrashSchrijver { map, seed } => {
                crate::devtools::crash::run_writer(&map, seed)
            }
            args::BenchCmd::CrashControle { map } => crate::devtools::crash::run_checker(&map),
        },
        Some(Cmd::Bench { sizes, .. }) => {
            let sizes: Vec<usize> = sizes.into_iter().map(|n| n as usize).collect();
            if let Ok(team::StoreTarget::Postgres(url)) =
                team::StoreTarget::from_global(&cli.global)
            {
                return crate::devtools::team_bench::run_team_bench_cmd(&url, &sizes);
            }
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

/// Says on standard error that the document at `path` could not be written, and why.
fn say_not_written(path: &std::path::Path, e: &std::io::Error) {
    eprintln!(
        "loket: {} kan niet worden geschreven: {}",
        path.display(),
        io_reason(e)
    );
}

/// `loket gen N --seed S`: adds generated cases 0..N of seed S to the store.
fn run_gen(global: &args::Global, count: usize, seed: u64) -> anyhow::Result<i32> {
    let (store, env) = match tui::open_workspace(global) {
        Ok(w) => w,
        Err(code) => return Ok(code),
    };
    workload::run_gen(store.as_ref(), &env, count, seed)
}

/// Whether the folder a file is to be written in exists; when not, says so in Dutch (nothing is
/// written then).
pub fn folder_exists_for(path: &std::path::Path) -> bool {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() && !parent.is_dir() => {
            eprintln!(
                "loket: de map {} bestaat niet; er is niets geschreven",
                parent.display()
            );
            false
        }
        _ => true,
    }
}
