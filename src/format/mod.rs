//! What loket writes and reads as text: file names, and the one table of Dutch labels used by
//! screens, reports, CSV and the intake report.

pub mod atomic;
pub mod file_name;
pub mod labels;
pub mod private;
pub mod soort;

/// The operating system's reason for a failed file operation, in Dutch for the common cases.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "het bestand bestaat niet".to_string(),
        ErrorKind::PermissionDenied => "geen toestemming om het te lezen".to_string(),
        ErrorKind::InvalidData => "het is geen tekstbestand (UTF-8)".to_string(),
        ErrorKind::IsADirectory => "dit is een map, geen bestand".to_string(),
        _ => format!("onbekende fout ({e})"),
    }
}
