//! What loket writes and reads as text: file names, and the one table of Dutch labels used by
//! screens, reports, CSV and the intake report.

pub mod file_name;
pub mod labels;
