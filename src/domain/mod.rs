//! The pure domain: no terminal, no store, no clock. Every function takes `today` when it needs it.

pub mod answers;
pub mod beperking;
pub mod bsn;
pub mod calendar;
pub mod case;
pub mod checklist;
pub mod ddas;
pub mod deadlines;
pub mod exchange;
pub mod history;
pub mod input;
pub mod merge;
pub mod money;
pub mod plausible;
pub mod policy;
pub mod provision;
pub mod referral;
pub mod report;
pub mod retention;
pub mod role;
pub mod segment;
pub mod suggest;
pub mod summary;
pub mod traject;
pub mod traject_json;
