//! Every integration test of loket in one test binary (one link instead of twenty).
//!
//! Shared helpers: `support` (store reads and saves as a test does them), `harness` (the real
//! event loop on a TestBackend with a temp store, fixed clock and date), `tmux` (the real binary
//! in a terminal, for the end-to-end tests), `pg` (a throwaway PostgreSQL cluster for the team
//! store).

mod harness;
mod pg;
mod readers;
mod support;
mod tmux;

mod app_update;
mod beperken;
mod bestanden;
mod bewaren;
mod brief;
mod calendar;
mod case_format;
mod checklist_files;
mod checklists;
mod cli_segment;
mod counter;
mod crash;
mod deadlines;
mod e2e;
mod fuzz;
mod gaps13;
mod gaps13b;
mod hardening;
mod hardening_gaps;
mod input_parsing;
mod intake_report;
mod keymap;
mod layers;
mod privacy;
mod report;
mod rules_v2;
mod segment_examples;
mod segment_props;
mod segment_rules;
mod startup;
mod store;
mod store_contract;
mod team_store;
mod traject;
mod transfer;
mod ui_snapshots;
mod units;
mod workload;
