//! Subcommand module: report. STUB until its work lands.
