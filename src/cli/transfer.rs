//! Subcommand module: transfer. STUB until its work lands.
