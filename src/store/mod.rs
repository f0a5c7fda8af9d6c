//! Storage of cases. Everything outside this module reads and writes through the [`CaseStore`]
//! trait; [`SledStore`] is the embedded implementation and the only code that names sled.
//!
//! Layers: `store` may use `domain` and `format`, never `app`, `ui`, `shell` or `cli`.

mod case_store;
pub mod desk;
pub mod pg;
mod sled_store;
pub mod transfer;

pub use case_store::{
    AccessContext, AccessEntry, AccessPurpose, BatchCase, CaseStore, ChangeCursor,
    ChangedElsewhere, Created, Listing, Loaded, NewCase, POLICY_FINGERPRINT_KEY, Resegment,
    SaveRequest, Saved, Version,
};
pub use sled_store::{CASE_SCHEMA, EVIDENCE_KEPT, FloorTree, SledStore};

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("de gegevens in {0} zijn al geopend in een ander loket-venster; sluit dat eerst af")]
    Locked(PathBuf),
    #[error("de gegevens in {path} konden niet worden geopend: {detail}")]
    Open { path: PathBuf, detail: String },
    #[error("opslaan of lezen mislukt: {0}")]
    Io(String),
    #[error("een opgeslagen record is beschadigd of onleesbaar ({0})")]
    Corrupt(String),
    #[error("zaak {0} bestaat al")]
    Duplicate(String),
    #[error("zaak niet gevonden")]
    NotFound,
    #[error("de teamdatabase {url} is niet bereikbaar: {detail}")]
    Connect { url: String, detail: String },
    #[error("{user} ({role}) mag dit niet: {what}")]
    Forbidden {
        user: String,
        role: crate::domain::role::Role,
        what: String,
    },
    #[error(
        "gebruiker {0} is niet bekend in deze teamdatabase; vraag de teamleider om u toe te voegen (loket gebruiker toevoegen {0} --rol ROL)"
    )]
    UnknownUser(String),
    /// The case's processing is restricted (art. 18 AVG): nothing but lifting is written.
    #[error("zaak {0}: {beperking}", beperking = crate::domain::beperking::REFUSAL)]
    Beperkt(String),
    /// The case changed in the store since it was loaded (another desk saved it first).
    #[error(
        "zaak {case_id} is intussen door iemand anders gewijzigd (versie {loaded} geladen, nu versie {current}); open de zaak opnieuw"
    )]
    Conflict {
        case_id: String,
        loaded: Version,
        current: Version,
    },
}

/// The operating system's reason for a failed store operation, in Dutch; a full disk says so.
pub fn io_text(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(28) => "de schijf is vol: de wijziging is niet opgeslagen".to_string(),
        Some(30) => "de schijf is alleen-lezen: de wijziging is niet opgeslagen".to_string(),
        _ => match e.kind() {
            std::io::ErrorKind::PermissionDenied => "geen toestemming".to_string(),
            std::io::ErrorKind::NotFound => "bestand of map bestaat niet".to_string(),
            _ => format!("fout van het besturingssysteem ({e})"),
        },
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A case's internal key: creation order, never shown to people.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CaseKey(pub u64);
