//! Subcommand module: keymap_check. STUB until its work lands.
