//! The command line in Dutch: clap's help, usage and errors, `loket help OPDRACHT`, shell
//! completions (`loket completions bash|zsh|fish`) and the man page (`loket man`).

use super::args::Cli;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, CommandFactory, FromArgMatches};

const TEMPLATE: &str = "{about-with-newline}\n{usage-heading} {usage}\n\n{all-args}{after-help}";

/// What the command line asks for: a run of loket, or something already done here (help,
/// completions, man page, an error), with its exit code.
pub enum Parsed {
    Run(Box<Cli>),
    Done(i32),
}

fn dutch(cmd: clap::Command, top: bool) -> clap::Command {
    let mut cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading("Opdrachten")
        .subcommand_value_name("OPDRACHT")
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .mut_args(|a| {
            let heading = if a.is_positional() {
                "Argumenten"
            } else {
                "Opties"
            };
            let a = a.help_heading(heading).hide_env(true);
            if a.get_action().takes_values() {
                a.hide_possible_values(true).hide_default_value(true)
            } else {
                a
            }
        })
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Toon deze hulp")
                .help_heading("Opties"),
        );
    if top {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Toon het versienummer")
                .help_heading("Opties"),
        );
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        cmd = cmd.mut_subcommand(name, |s| dutch(s, false));
    }
    cmd
}

/// The whole command line, in Dutch, with the commands that need no store.
pub fn command() -> clap::Command {
    let cmd = Cli::command()
        .subcommand(
            clap::Command::new("completions")
                .about("Schrijf de aanvulling voor een shell (bash, zsh of fish) naar stdout")
                .arg(
                    Arg::new("shell")
                        .required(true)
                        .value_parser(["bash", "zsh", "fish"])
                        .help("bash, zsh of fish"),
                ),
        )
        .subcommand(
            clap::Command::new("man")
                .about("Schrijf de handleiding (man-pagina, roff) naar stdout"),
        )
        .subcommand(
            clap::Command::new("help")
                .about("Toon de hulp, of de hulp bij een opdracht")
                .arg(Arg::new("opdracht").help("De opdracht (bijvoorbeeld export)")),
        );
    dutch(cmd, true).styles(clap::builder::Styles::plain())
}

/// clap's own words in usage lines, in Dutch.
fn dutch_words(text: &str) -> String {
    text.replace("Usage:", "Gebruik:")
        .replace("[OPTIONS]", "[OPTIES]")
        .replace("[COMMAND]", "[OPDRACHT]")
}

fn usage_of(cmd: &mut clap::Command) -> String {
    dutch_words(&cmd.render_usage().to_string())
}

fn help_of(cmd: &mut clap::Command) -> String {
    dutch_words(&cmd.render_help().to_string())
}

/// Parses `args` (the program name first).
pub fn parse(args: Vec<std::ffi::OsString>) -> Parsed {
    let mut cmd = command();
    let matches = match cmd.try_get_matches_from_mut(args) {
        Ok(m) => m,
        Err(e) => return Parsed::Done(report(&mut cmd, e)),
    };
    match matches.subcommand() {
        Some(("help", m)) => {
            return Parsed::Done(match m.get_one::<String>("opdracht") {
                None => write_out(help_of(&mut cmd).as_bytes()),
                Some(name) => match cmd.find_subcommand_mut(name) {
                    Some(sub) => {
                        let mut sub = sub.clone().bin_name(format!("loket {name}"));
                        write_out(help_of(&mut sub).as_bytes())
                    }
                    None => {
                        eprintln!(
                            "loket: onbekende opdracht '{name}'\n\nMeer informatie: loket help"
                        );
                        2
                    }
                },
            });
        }
        Some(("completions", m)) => {
            let shell = match m.get_one::<String>("shell").map(String::as_str) {
                Some("zsh") => clap_complete::Shell::Zsh,
                Some("fish") => clap_complete::Shell::Fish,
                _ => clap_complete::Shell::Bash,
            };
            let mut bytes = Vec::new();
            clap_complete::generate(shell, &mut cmd, "loket", &mut bytes);
            return Parsed::Done(write_out(&bytes));
        }
        Some(("man", _)) => {
            let mut bytes = Vec::new();
            if let Err(e) = clap_mangen::Man::new(cmd).render(&mut bytes) {
                eprintln!("loket: kan de handleiding niet maken: {e}");
                return Parsed::Done(1);
            }
            return Parsed::Done(write_out(&bytes));
        }
        _ => {}
    }
    match Cli::from_arg_matches(&matches) {
        Ok(cli) => Parsed::Run(Box::new(cli)),
        Err(e) => Parsed::Done(report(&mut cmd, e)),
    }
}

fn contexts(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
        Some(ContextValue::StyledStrs(v)) => v.iter().map(|s| s.to_string()).collect(),
        Some(ContextValue::Number(n)) => vec![n.to_string()],
        _ => Vec::new(),
    }
}

fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    let v = contexts(e, kind);
    (!v.is_empty()).then(|| v.join(", "))
}

/// "bedoelt u 'a' of 'b'?" after a message, when clap has suggestions.
fn suggestion(e: &clap::Error, kind: ContextKind) -> String {
    let v = contexts(e, kind);
    if v.is_empty() {
        return String::new();
    }
    let quoted: Vec<String> = v.iter().map(|s| format!("'{s}'")).collect();
    format!("; bedoelt u {}?", quoted.join(" of "))
}

/// Prints a clap error in Dutch; returns the exit code.
fn report(cmd: &mut clap::Command, e: clap::Error) -> i32 {
    let arg = context(&e, ContextKind::InvalidArg).unwrap_or_default();
    let message = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            print!("{}", dutch_words(&e.render().to_string()));
            return 0;
        }
        ErrorKind::DisplayVersion => {
            print!("{}", e.render());
            return 0;
        }
        ErrorKind::InvalidSubcommand => {
            let sub = context(&e, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!(
                "onbekende opdracht '{sub}'{}",
                suggestion(&e, ContextKind::SuggestedSubcommand)
            )
        }
        ErrorKind::UnknownArgument => {
            format!(
                "onbekende optie '{arg}'{}",
                suggestion(&e, ContextKind::SuggestedArg)
            )
        }
        ErrorKind::InvalidValue => {
            let value = context(&e, ContextKind::InvalidValue).unwrap_or_default();
            let mut m = format!("ongeldige waarde '{value}' voor {arg}");
            if let Some(v) = context(&e, ContextKind::ValidValue) {
                m.push_str(&format!("; mogelijk: {v}"));
            }
            m
        }
        ErrorKind::ValueValidation => {
            let value = context(&e, ContextKind::InvalidValue).unwrap_or_default();
            format!("ongeldige waarde '{value}' voor {arg}")
        }
        ErrorKind::MissingRequiredArgument => format!("verplicht ontbreekt: {arg}"),
        ErrorKind::MissingSubcommand => "geef een opdracht".to_string(),
        ErrorKind::ArgumentConflict => format!("{arg} gaat niet samen met een andere optie"),
        _ => "ongeldige invoer op de opdrachtregel".to_string(),
    };
    eprintln!(
        "loket: {message}\n\n{}\n\nMeer informatie: loket help",
        usage_of(cmd)
    );
    2
}

/// Writes to stdout; a closed pipe (`| head`) is not an error worth a message.
fn write_out(bytes: &[u8]) -> i32 {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("loket: kan niet schrijven: {e}");
            1
        }
    }
}
