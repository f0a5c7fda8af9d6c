//! The pure domain: no terminal, no store, no clock. Every function takes `today` when it needs it.

pub mod answers;
pub mod bsn;
pub mod calendar;
pub mod case;
pub mod checklist;
pub mod ddas;
pub mod deadlines;
pub mod exchange;
pub mod generate;
pub mod input;
pub mod money;
pub mod policy;
pub mod provision;
pub mod report;
pub mod segment;
pub mod traject;
pub mod traject_json;
