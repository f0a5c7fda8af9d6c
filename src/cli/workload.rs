//! Subcommand module: workload. STUB until its work lands.
