//! The loket binary: parse arguments, resolve paths, load keymap, policy and store before the
//! terminal goes raw, then run the TUI or a subcommand.

use loket::cli::dutch::{Parsed, parse};

fn main() {
    // Everything this process creates is owner-only (also the embedded store's own files); see format::private.
    loket::format::private::private_umask();
    loket::shell::exits::install_crash_note();
    let cli = match parse(std::env::args_os().collect()) {
        Parsed::Run(cli) => *cli,
        Parsed::Done(code) => std::process::exit(code),
    };
    // A panic that reaches here: terminal back, crash note, Dutch message, exit code 70.
    let code = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| loket::cli::run(cli)))
    {
        Ok(Ok(code)) => code,
        Ok(Err(e)) => {
            eprintln!("loket: {e:#}");
            loket::cli::EXIT_FAIL
        }
        Err(_) => loket::shell::exits::crashed(),
    };
    std::process::exit(code);
}
