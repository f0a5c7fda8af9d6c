//! Backups: `loket backup [--uit MAP]`, the automatic one at the first start of a day, and
//! `loket herstel BESTAND` (restore into a new store, then verify).
//!
//! A backup is one gzip file `loket-backup-JJJJMMDD-UUMMSS.jsonl.gz` of JSON lines: a header
//! (`{"format":"loket-backup/1",…}`), one line per case (`{"case":…,"history":[…]}`, the case as
//! the store holds it with every history event), one line per verklaring van vernietiging
//! (`{"verklaring":{…}}`, oldest first, after the cases), and a closing line
//! `{"einde":N,"beschadigd":[…],"verklaringen":M}` so a cut-off file is recognised. The closing
//! line counts the lines before it: `einde` the case lines, `verklaringen` the verklaring lines;
//! a file whose counts differ from what was read is refused. Everything goes through
//! [`CaseStore`], so it works on every store; the embedded store is locked to this process while
//! the backup is made, so it is consistent. A case whose record is damaged cannot be in a
//! backup: it is named, and the backup says so.
//!
//! Compatibility (still `loket-backup/1`): a backup from before the verklaringen has no
//! verklaring lines and no `verklaringen` count (read as 0); it restores as before. An older
//! loket reads a backup without verklaringen as before, and refuses one with verklaringen (it
//! does not know the line) rather than restoring it without its evidence of destruction.

use super::args::Global;
use super::{EXIT_BAD_INPUT, EXIT_FAIL, EXIT_OK};
use crate::app::Env;
use crate::app::summary::{outcome, summarize};
use crate::domain::case::Case;
use crate::domain::history::Event;
use crate::domain::plausible::printable;
use crate::domain::retention::{self, Verklaring};
use crate::store::{AccessContext, AccessPurpose, CaseStore, StoreError};
use anyhow::{Context, bail};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

pub const FORMAT: &str = "loket-backup/1";
/// How many backups are kept in a backup folder (the oldest go first), unless the policy file
/// says otherwise (`backups_bewaren = N`).
pub const KEEP: usize = 14;

/// The number of backups to keep: `backups_bewaren` from `--policy` (1 to 3650), else [`KEEP`].
/// A bad value is a warning, never a reason to keep none.
pub fn keep(global: &Global) -> usize {
    let Some(path) = &global.policy else {
        return KEEP;
    };
    let value = std::fs::read_to_string(path)
        .ok()
        .and_then(|t| t.parse::<toml::Table>().ok())
        .and_then(|t| t.get("backups_bewaren").cloned());
    match value {
        None => KEEP,
        Some(toml::Value::Integer(n)) if (1..=3650).contains(&n) => n as usize,
        Some(_) => {
            eprintln!(
                "loket: waarschuwing: backups_bewaren in het beleid moet een aantal van 1 tot en met 3650 zijn; de laatste {KEEP} blijven bewaard"
            );
            KEEP
        }
    }
}
/// The meta key with the date of the last automatic backup.
const LAST_AUTO: &str = "laatste_backup";
/// The meta key with what the store held at the last automatic backup (see `daily`).
const LAST_STAND: &str = "laatste_backup_stand";

#[derive(Serialize, Deserialize)]
struct Header {
    format: String,
    created: chrono::DateTime<Utc>,
    location: String,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    case: Case,
    history: Vec<Event>,
}

/// A verklaring van vernietiging as its own line.
#[derive(Serialize)]
struct VerklaringLine<'a> {
    verklaring: &'a Verklaring,
}

#[derive(Serialize)]
struct End {
    /// The number of case lines.
    einde: usize,
    beschadigd: Vec<String>,
    /// The number of verklaring lines.
    verklaringen: usize,
}

/// Any line after the header, read in one pass: a case (`case` and `history`), a verklaring,
/// or the closing line (`einde`, and `verklaringen` unless the backup is older than them).
#[derive(Deserialize)]
struct Line {
    #[serde(default)]
    case: Option<Case>,
    #[serde(default)]
    history: Option<Vec<Event>>,
    #[serde(default)]
    verklaring: Option<Verklaring>,
    #[serde(default)]
    einde: Option<usize>,
    #[serde(default)]
    verklaringen: Option<usize>,
}

/// What a backup holds.
struct Backup {
    entries: Vec<Entry>,
    verklaringen: Vec<Verklaring>,
}

/// The backup folder beside a store directory: `<parent>/backups`.
pub fn default_dir(store_dir: &Path) -> PathBuf {
    match store_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.join("backups"),
        _ => PathBuf::from("backups"),
    }
}

/// The backups in `dir`, oldest first.
pub fn list(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("loket-backup-") && n.ends_with(".jsonl.gz"))
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// The newest backup in `dir`.
pub fn newest(dir: &Path) -> Option<PathBuf> {
    list(dir).pop()
}

/// What a backup wrote.
pub struct Written {
    pub path: PathBuf,
    pub cases: usize,
    /// The verklaringen van vernietiging in it.
    pub verklaringen: usize,
    /// Case numbers left out because their record is damaged.
    pub damaged: Vec<String>,
}

/// Writes a backup of every case with its history into `dir` (created when missing).
pub fn write_backup(store: &dyn CaseStore, by: &str, dir: &Path) -> anyhow::Result<Written> {
    crate::format::private::create_dir_all(dir)
        .with_context(|| format!("kan de backupmap {} niet maken", dir.display()))?;
    let access = AccessContext {
        by: by.to_string(),
        at: Utc::now(),
        purpose: AccessPurpose::Export,
    };
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let header = Header {
        format: FORMAT.into(),
        created: Utc::now(),
        location: store.location(),
    };
    writeln!(gz, "{}", serde_json::to_string(&header)?)?;
    let mut n = 0;
    let mut damaged_keys = Vec::new();
    for key in store.keys()? {
        let case = match store.load(key, &access) {
            Ok(l) => l.case,
            Err(StoreError::Corrupt(_)) => {
                damaged_keys.push(key);
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        // A history that cannot be read is damage, never an empty history in the backup.
        let history = match store.history(key) {
            Ok(h) => h,
            Err(StoreError::Corrupt(_)) => {
                damaged_keys.push(key);
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        writeln!(gz, "{}", serde_json::to_string(&Entry { case, history })?)?;
        n += 1;
    }
    // The evidence of destruction goes along: a restore must not lose it.
    let verklaringen = store
        .verklaringen()
        .context("de verklaringen van vernietiging konden niet worden gelezen")?;
    for verklaring in &verklaringen {
        writeln!(
            gz,
            "{}",
            serde_json::to_string(&VerklaringLine { verklaring })?
        )?;
    }
    let damaged = super::transfer::damaged_names(store, &damaged_keys);
    let end = End {
        einde: n,
        beschadigd: damaged.clone(),
        verklaringen: verklaringen.len(),
    };
    writeln!(gz, "{}", serde_json::to_string(&end)?)?;
    let bytes = gz.finish()?;
    let stamp = Utc::now().format("%Y%m%d-%H%M%S");
    let mut i = 1;
    loop {
        let name = if i == 1 {
            format!("loket-backup-{stamp}.jsonl.gz")
        } else {
            format!("loket-backup-{stamp}-{i}.jsonl.gz")
        };
        let path = dir.join(name);
        match crate::format::atomic::write_new(&path, &bytes) {
            Ok(()) => {
                return Ok(Written {
                    path,
                    cases: n,
                    verklaringen: verklaringen.len(),
                    damaged,
                });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && i < 100 => i += 1,
            Err(e) => bail!(
                "de backup kon niet worden geschreven in {}: {}",
                dir.display(),
                crate::store::io_text(&e)
            ),
        }
    }
}

/// Removes all but the newest `keep` backups in `dir`.
pub fn prune(dir: &Path, keep: usize) {
    let all = list(dir);
    let excess = all.len().saturating_sub(keep);
    for old in &all[..excess] {
        let _ = std::fs::remove_file(old);
    }
}

/// The automatic backup at the first start of a day (the TUI): written beside the store, the
/// last `keep` kept. A failure is a warning, never a reason not to start.
pub fn daily(store: &dyn CaseStore, env: &Env, store_dir: &Path, keep: usize) {
    let today = env.today.to_string();
    if store.meta_get(LAST_AUTO).ok().flatten().as_deref() == Some(today.as_str()) {
        return;
    }
    // What the store holds, roughly: the number of cases and the latest change. Unchanged
    // since the last backup: no new one (every backup reads every case, and each read is
    // recorded in the access log).
    let stand = match store.list_summaries() {
        Ok(l) if !l.rows.is_empty() => format!(
            "{}|{}",
            l.rows.len(),
            l.rows
                .iter()
                .map(|(_, s)| s.updated_at)
                .max()
                .map(|t| t.to_rfc3339())
                .unwrap_or_default()
        ),
        _ => return,
    };
    if store.meta_get(LAST_STAND).ok().flatten().as_deref() == Some(stand.as_str())
        && !list(&default_dir(store_dir)).is_empty()
    {
        let _ = store.meta_set(LAST_AUTO, &today);
        return;
    }
    let dir = default_dir(store_dir);
    // The folder beside the store is loket's own: owner-only, also when an older loket made it.
    let _ = crate::format::private::tighten_tree(&dir);
    match write_backup(store, &env.user, &dir) {
        Ok(_) => {
            prune(&dir, keep);
            let _ = store.meta_set(LAST_AUTO, &today);
            let _ = store.meta_set(LAST_STAND, &stand);
        }
        Err(e) => eprintln!("loket: waarschuwing: de dagelijkse backup is niet gemaakt: {e}"),
    }
}

/// `loket backup [--uit MAP]`: exit 0 written, 1 failed (or a damaged case left out).
pub fn run_backup(global: &Global, uit: Option<&Path>) -> anyhow::Result<i32> {
    let dir = match super::team::StoreTarget::from_global(global) {
        Ok(super::team::StoreTarget::Dir(_)) => match super::tui::store_dir(global) {
            Ok(d) => Some(d),
            Err(code) => return Ok(code),
        },
        Ok(super::team::StoreTarget::Postgres(_)) => None,
        Err(e) => {
            eprintln!("loket: {e}");
            return Ok(EXIT_FAIL);
        }
    };
    let Some(target) = uit
        .map(Path::to_path_buf)
        .or_else(|| dir.as_deref().map(default_dir))
    else {
        eprintln!("loket: geef bij een teamdatabase met --uit MAP op waar de backup komt");
        return Ok(EXIT_BAD_INPUT);
    };
    let (store, env) = match super::tui::open_workspace(global) {
        Ok(w) => w,
        Err(code) => return Ok(code),
    };
    if uit.is_none() {
        // The default folder beside the store is loket's own: owner-only (see format::private).
        let _ = crate::format::private::tighten_tree(&target);
    }
    let written = match write_backup(store.as_ref(), &env.user, &target) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("loket: {e}");
            return Ok(EXIT_FAIL);
        }
    };
    if uit.is_none() {
        prune(&target, keep(global));
    }
    let verklaringen = match written.verklaringen {
        0 => String::new(),
        n => format!(" en {}", Verklaring::count_text(n)),
    };
    println!(
        "backup geschreven: {} ({} zaken{verklaringen})",
        printable(&written.path.display().to_string(), false),
        written.cases
    );
    if !written.damaged.is_empty() {
        eprintln!(
            "loket: beschadigd en niet in de backup: {} (zie loket controleer)",
            written.damaged.join(", ")
        );
        return Ok(EXIT_FAIL);
    }
    Ok(EXIT_OK)
}

/// Reads a backup completely: the cases with their history and the verklaringen, in order. A
/// file without its closing line (cut off) or with a wrong count is refused.
fn read_backup(file: &Path) -> anyhow::Result<Backup> {
    let f = std::fs::File::open(file).with_context(|| {
        format!(
            "de backup {} kan niet worden gelezen",
            printable(&file.display().to_string(), false)
        )
    })?;
    let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(f));
    let mut lines = reader.lines();
    let header: Header = match lines.next() {
        Some(Ok(l)) => serde_json::from_str(&l).context("dit is geen loket-backup")?,
        _ => bail!("dit is geen loket-backup (leeg of geen gzip-bestand)"),
    };
    if header.format != FORMAT {
        bail!(
            "onbekend backupformaat \"{}\"",
            printable(&header.format, false)
        );
    }
    let mut entries = Vec::new();
    let mut verklaringen = Vec::new();
    for (i, line) in lines.enumerate() {
        let line = line.context("de backup is beschadigd (niet uit te pakken)")?;
        let damaged = || format!("de backup is beschadigd op regel {}", i + 2);
        let read: Line = serde_json::from_str(&line).with_context(damaged)?;
        match read {
            Line {
                einde: Some(einde),
                verklaringen: counted,
                ..
            } => {
                if einde != entries.len() {
                    bail!(
                        "de backup is beschadigd: {} zaken gelezen, {einde} verwacht",
                        entries.len()
                    );
                }
                // A backup from before the verklaringen has no count and no verklaring lines.
                let counted = counted.unwrap_or(0);
                if counted != verklaringen.len() {
                    bail!(
                        "de backup is beschadigd: {} gelezen, {counted} verwacht",
                        Verklaring::count_text(verklaringen.len())
                    );
                }
                return Ok(Backup {
                    entries,
                    verklaringen,
                });
            }
            Line {
                case: Some(case),
                history: Some(history),
                verklaring: None,
                ..
            } => entries.push(Entry { case, history }),
            Line {
                case: None,
                history: None,
                verklaring: Some(v),
                ..
            } => verklaringen.push(v),
            _ => bail!("{}: geen zaak, verklaring of slot", damaged()),
        }
    }
    bail!("de backup is afgebroken (het slot ontbreekt); gebruik een andere backup")
}

/// `loket herstel BESTAND --store NIEUWE_MAP`: restores into a new (empty) store and verifies
/// every case and its history and every verklaring van vernietiging. Exit 0 restored and
/// verified, 1 otherwise.
pub fn run_herstel(global: &Global, file: &Path) -> anyhow::Result<i32> {
    let backup = match read_backup(file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("loket: {e:#}");
            return Ok(EXIT_FAIL);
        }
    };
    let Some(dir) = global.store.clone() else {
        eprintln!("loket: geef met --store de nieuwe map op waarin de backup wordt teruggezet");
        return Ok(EXIT_FAIL);
    };
    let empty = std::fs::read_dir(&dir).map_or(true, |mut rd| rd.next().is_none());
    if !empty {
        eprintln!(
            "loket: {} is niet leeg; herstel gaat altijd naar een nieuwe, lege map",
            printable(&dir.display().to_string(), false)
        );
        return Ok(EXIT_FAIL);
    }
    let mut g = global.clone();
    g.nieuw = true;
    let (store, env) = match super::tui::open_workspace(&g) {
        Ok(w) => w,
        Err(code) => return Ok(code),
    };
    let store = store.as_ref();
    // Also a team database: restoring goes only into an empty store, checked before any write.
    match store.count() {
        Ok(0) => {}
        Ok(n) => {
            eprintln!(
                "loket: {} is niet leeg ({n} zaken); herstel gaat altijd naar een nieuwe, lege opslag",
                store.location()
            );
            return Ok(EXIT_FAIL);
        }
        Err(e) => {
            eprintln!("loket: {e}");
            return Ok(EXIT_FAIL);
        }
    }
    match restore_into(store, &env, backup) {
        Ok((n, v)) => {
            let _ = store.close(None);
            println!(
                "hersteld en gecontroleerd: {n} zaken en {} in {}",
                Verklaring::count_text(v),
                store.location()
            );
            Ok(EXIT_OK)
        }
        Err(e) => {
            eprintln!("loket: herstel mislukt: {e:#}");
            Ok(EXIT_FAIL)
        }
    }
}

/// Restores the verklaringen and every entry, then checks that each case and its history read
/// back equal and that every verklaring is in the store as it is in the backup. Returns the
/// number of cases and of verklaringen.
fn restore_into(
    store: &dyn CaseStore,
    env: &Env,
    backup: Backup,
) -> anyhow::Result<(usize, usize)> {
    let Backup {
        entries,
        verklaringen,
    } = backup;
    // First: a team database that refuses them (the role) refuses before any case is written.
    store
        .keep_verklaringen(&verklaringen)
        .context("de verklaringen van vernietiging konden niet worden teruggezet")?;
    let mut restored = Vec::with_capacity(entries.len());
    for e in &entries {
        let summary = summarize(&e.case, &outcome(&e.case, env), env);
        let created = store.restore_case(e.case.clone(), summary, e.history.clone())?;
        if created.case_id != e.case.case_id {
            bail!(
                "zaak {} kwam terug als {}",
                printable(&e.case.case_id, false),
                created.case_id
            );
        }
        restored.push(created.key);
    }
    let access = AccessContext {
        by: env.user.clone(),
        at: Utc::now(),
        purpose: AccessPurpose::View,
    };
    if store.count()? != entries.len() {
        bail!(
            "na het herstel staan er {} zaken in de opslag, {} verwacht",
            store.count()?,
            entries.len()
        );
    }
    for (key, e) in restored.into_iter().zip(&entries) {
        let back = store.load(key, &access)?.case;
        let history = store.history(key)?;
        if back != e.case || history != e.history {
            bail!(
                "zaak {} is na het herstel niet gelijk aan de backup",
                printable(&e.case.case_id, false)
            );
        }
    }
    let present = store
        .verklaringen()
        .context("de verklaringen van vernietiging konden niet worden gelezen")?;
    let missing = retention::not_kept(&verklaringen, &present);
    if !missing.is_empty() {
        bail!(
            "de verklaring van vernietiging van {} staat na het herstel niet (gelijk) in de opslag",
            missing
                .iter()
                .map(|v| printable(&v.zaaknummer, false))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok((entries.len(), verklaringen.len()))
}
