//! The loket binary: parse arguments, resolve paths, load keymap, policy and store before the
//! terminal goes raw, then run the TUI or a subcommand.

use clap::Parser;
use loket::cli::args::Cli;

fn main() {
    loket::shell::exits::install_crash_note();
    let cli = Cli::parse();
    let code = match loket::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("loket: {e:#}");
            loket::cli::EXIT_FAIL
        }
    };
    std::process::exit(code);
}
