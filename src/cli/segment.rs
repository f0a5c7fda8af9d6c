//! Subcommand module: segment. STUB until its work lands.
