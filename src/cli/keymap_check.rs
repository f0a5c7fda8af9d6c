//! `loket keymap check FILE`: validate a keymap file as a layer over the embedded default and
//! report every problem at once.

use crate::cli::{EXIT_BAD_INPUT, EXIT_OK};
use crate::keymap::{Keymap, Layer};
use std::path::Path;

/// Checks `file` against the embedded default only (not the user's own keymap.toml), so the
/// verdict does not depend on the machine. Problems go to stderr, one per line; exit code 2.
pub fn run(file: &Path) -> anyhow::Result<i32> {
    let layer = match Layer::read(file) {
        Ok(layer) => layer,
        Err(e) => {
            eprintln!("{e}");
            return Ok(EXIT_BAD_INPUT);
        }
    };
    let layers: Vec<Layer> = Layer::embedded("default")
        .into_iter()
        .chain([layer])
        .collect();
    match Keymap::from_layers(&layers) {
        Ok(_) => {
            println!("{}: in orde", file.display());
            Ok(EXIT_OK)
        }
        Err(e) => {
            eprintln!("{e}");
            let n = e.problems.len();
            eprintln!(
                "{}: {n} {} gevonden; loket start niet met deze toetsenindeling",
                file.display(),
                if n == 1 { "probleem" } else { "problemen" }
            );
            Ok(EXIT_BAD_INPUT)
        }
    }
}
