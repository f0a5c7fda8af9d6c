//! Encrypted handover: `loket export --versleuteld` and `loket import` of such a file.
//!
//! Decisions:
//! - The files are age files (age-encryption.org/v1) with age's own passphrase recipient
//!   (scrypt, work factor 18, see [`WORK_FACTOR`]). Anyone with the `age` tool and the
//!   passphrase can open them too; loket itself needs nothing else.
//! - One encrypted file per exported file, named like the plain one with `.age` added, except a
//!   case file: `<zaak>.loket.age` (instead of `<zaak>.json`). `loket import` recognises an
//!   encrypted file by the age header, whatever its name.
//! - The passphrase comes from a prompt on the terminal without echo (asked twice when
//!   encrypting), or from `--wachtwoordbestand FILE`: its first line, the line ending stripped.
//!   An empty passphrase is refused, and so is a passphrase file that its group or others may
//!   read (like ssh does with a private key): chmod 600.
//! - A wrong passphrase refuses the file with a Dutch message; nothing of it is imported.

use age::secrecy::{ExposeSecret, SecretString};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

/// The first bytes of every age file.
pub const AGE_HEADER: &[u8] = b"age-encryption.org/v1\n";

/// Whether `bytes` (the start of a file is enough) is an age file.
pub fn is_encrypted(bytes: &[u8]) -> bool {
    bytes.starts_with(AGE_HEADER)
}

/// Whether the file at `path` starts with the age header (false when it cannot be read: the
/// import then names the read error itself).
pub fn file_is_encrypted(path: &Path) -> bool {
    let mut start = [0u8; 22];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut start))
        .is_ok()
        && is_encrypted(&start)
}

/// Where the passphrase comes from.
#[derive(Clone, Debug)]
pub enum Source {
    /// Asked on the terminal, without echo.
    Prompt,
    /// The first line of this file (`--wachtwoordbestand`).
    File(PathBuf),
}

impl Source {
    pub fn from_option(file: Option<&Path>) -> Source {
        match file {
            Some(f) => Source::File(f.to_path_buf()),
            None => Source::Prompt,
        }
    }

    /// The passphrase; `twice` asks for it a second time at the prompt (encrypting). A Dutch
    /// message when there is none to be had.
    pub fn obtain(&self, twice: bool) -> Result<SecretString, String> {
        match self {
            Source::File(path) => from_file(path),
            Source::Prompt => {
                if !std::io::stdin().is_terminal() {
                    return Err(
                        "er is geen terminal om het wachtwoord te vragen; geef het met \
                                --wachtwoordbestand BESTAND"
                            .into(),
                    );
                }
                let first = prompt("Wachtwoord: ")?;
                if first.expose_secret().is_empty() {
                    return Err("een leeg wachtwoord wordt geweigerd".into());
                }
                if twice {
                    let again = prompt("Nog een keer: ")?;
                    if again.expose_secret() != first.expose_secret() {
                        return Err("de twee wachtwoorden zijn niet gelijk".into());
                    }
                }
                Ok(first)
            }
        }
    }
}

/// The first line of a passphrase file (its line ending stripped). Refused: a file that its
/// group or others may read, and an empty first line.
fn from_file(path: &Path) -> Result<SecretString, String> {
    let shown = path.display();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(path).map_err(|e| {
            format!(
                "het wachtwoordbestand {shown} kan niet worden gelezen: {}",
                super::io_reason(&e)
            )
        })?;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(format!(
                "het wachtwoordbestand {shown} is ook voor anderen leesbaar (rechten {mode:o}); \
                 maak het alleen voor uzelf leesbaar: chmod 600 {shown}"
            ));
        }
    }
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "het wachtwoordbestand {shown} kan niet worden gelezen: {}",
            super::io_reason(&e)
        )
    })?;
    let line = text.split('\n').next().unwrap_or_default();
    let line = line.strip_suffix('\r').unwrap_or(line);
    if line.is_empty() {
        return Err(format!(
            "het wachtwoordbestand {shown} begint met een lege regel; een leeg wachtwoord wordt \
             geweigerd"
        ));
    }
    Ok(SecretString::from(line.to_string()))
}

/// Asks for a passphrase on the terminal without echo (raw mode, given back on every path).
/// Enter ends it, Backspace removes a character, Esc or Ctrl-C stops.
fn prompt(label: &str) -> Result<SecretString, String> {
    use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
    use ratatui::crossterm::terminal;

    struct Raw;
    impl Drop for Raw {
        fn drop(&mut self) {
            let _ = terminal::disable_raw_mode();
        }
    }

    let mut err = std::io::stderr();
    let _ = write!(err, "{label}");
    let _ = err.flush();
    terminal::enable_raw_mode()
        .map_err(|e| format!("de terminal kan het wachtwoord niet verborgen vragen: {e}"))?;
    let raw = Raw;
    let mut typed = String::new();
    let outcome = loop {
        match event::read() {
            Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => match k.code {
                KeyCode::Enter => break Ok(()),
                KeyCode::Esc => break Err("afgebroken; er is niets gedaan".to_string()),
                KeyCode::Char('c' | 'd') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                    break Err("afgebroken; er is niets gedaan".to_string());
                }
                KeyCode::Backspace => {
                    typed.pop();
                }
                KeyCode::Char(c) => typed.push(c),
                _ => {}
            },
            Ok(Event::Paste(text)) => typed.push_str(&text),
            Ok(_) => {}
            Err(e) => break Err(format!("het wachtwoord kon niet worden gelezen: {e}")),
        }
    };
    drop(raw);
    let _ = writeln!(err);
    outcome.map(|()| SecretString::from(typed))
}

/// Encrypts files for one export: the passphrase's key is derived per file (each has its own
/// salt), with one work factor measured once.
pub struct Sealer {
    recipient: age::scrypt::Recipient,
}

/// The scrypt work factor (log2 N) of the files loket writes: 18, age's own choice on a
/// current machine (256 MiB and about a second in a release build). Not measured per run: a
/// busy machine would otherwise write weaker files. Debug builds (the tests) may lower it with
/// `LOKET_TEST_WERKFACTOR`; a release binary has no such switch.
const WORK_FACTOR: u8 = 18;
/// The highest work factor accepted when opening (1 GiB, some seconds): room for files made by
/// the `age` tool on a faster machine, a bound for a file made to exhaust this one.
const MAX_WORK_FACTOR: u8 = 20;

fn work_factor() -> u8 {
    if cfg!(debug_assertions)
        && let Some(n) = std::env::var("LOKET_TEST_WERKFACTOR")
            .ok()
            .and_then(|v| v.parse::<u8>().ok())
            .filter(|n| (1..=MAX_WORK_FACTOR).contains(n))
    {
        return n;
    }
    WORK_FACTOR
}

impl Sealer {
    pub fn new(passphrase: SecretString) -> Sealer {
        let mut recipient = age::scrypt::Recipient::new(passphrase);
        recipient.set_work_factor(work_factor());
        Sealer { recipient }
    }

    /// The name of the encrypted file for a plain file name: `<zaak>.json` becomes
    /// `<zaak>.loket.age`, anything else gets `.age` added.
    pub fn file_name(plain: &str) -> String {
        match plain.strip_suffix(".json") {
            Some(stem) => format!("{stem}.loket.age"),
            None => format!("{plain}.age"),
        }
    }

    /// The bytes as an age file.
    pub fn seal(&self, plain: &[u8]) -> anyhow::Result<Vec<u8>> {
        let encryptor = age::Encryptor::with_recipients(std::iter::once(
            &self.recipient as &dyn age::Recipient,
        ))
        .map_err(|e| anyhow::anyhow!("versleutelen is mislukt: {e}"))?;
        let mut out = Vec::with_capacity(plain.len() + 256);
        let mut writer = encryptor
            .wrap_output(&mut out)
            .map_err(|e| anyhow::anyhow!("versleutelen is mislukt: {e}"))?;
        writer
            .write_all(plain)
            .and_then(|()| writer.finish().map(|_| ()))
            .map_err(|e| anyhow::anyhow!("versleutelen is mislukt: {e}"))?;
        Ok(out)
    }
}

/// Opens encrypted files for one import.
pub struct Opener {
    identity: age::scrypt::Identity,
}

impl Opener {
    pub fn new(passphrase: SecretString) -> Opener {
        let mut identity = age::scrypt::Identity::new(passphrase);
        identity.set_max_work_factor(MAX_WORK_FACTOR);
        Opener { identity }
    }

    /// The plain text of an age file, or a Dutch reason (no plain text ever escapes a failure:
    /// the payload is authenticated chunk by chunk and the whole is read before use).
    pub fn open(&self, bytes: &[u8]) -> Result<String, String> {
        use age::DecryptError as E;
        let wrong = "het wachtwoord klopt niet (of het bestand is beschadigd); er is niets van \
                     opgeslagen";
        let decryptor = age::Decryptor::new_buffered(bytes).map_err(|e| match e {
            E::UnknownFormat => {
                "versleuteld in een onbekende versie van het age-formaat".to_string()
            }
            _ => "het versleutelde bestand is beschadigd (de kop is onleesbaar)".to_string(),
        })?;
        if !decryptor.is_scrypt() {
            return Err(
                "dit bestand is met een sleutel versleuteld, niet met een wachtwoord; \
                        loket opent alleen bestanden met een wachtwoord"
                    .into(),
            );
        }
        let mut reader = decryptor
            .decrypt(std::iter::once(&self.identity as &dyn age::Identity))
            .map_err(|e| match e {
                E::ExcessiveWork { .. } => "het bestand vraagt te veel rekenwerk om te openen \
                                            (werkfactor te hoog); er is niets van opgeslagen"
                    .to_string(),
                _ => wrong.to_string(),
            })?;
        let mut plain = Vec::new();
        reader
            .read_to_end(&mut plain)
            .map_err(|_| "het versleutelde bestand is beschadigd of ingekort".to_string())?;
        String::from_utf8(plain).map_err(|_| "de inhoud is geen tekst (UTF-8)".to_string())
    }
}
