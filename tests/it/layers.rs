//! The layers point one way: each top-level module imports only from those listed before it,
//! and only `store` names sled. Read from the source text: every `crate::…` path outside
//! `#[cfg(test)]` modules counts.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Lowest first.
const LAYERS: [&str; 10] = [
    "domain", "format", "store", "keymap", "app", "letters", "ui", "shell", "devtools", "cli",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read src")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to (None for lib.rs and main.rs).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.trim_end_matches(".rs");
    LAYERS.contains(&name).then(|| name.to_string())
}

/// The code of a file without comments and without a trailing `#[cfg(test)] mod …` block.
fn product_code(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed == "#[cfg(test)]"
            && lines
                .peek()
                .is_some_and(|next| next.trim_start().starts_with("mod "))
        {
            break;
        }
        let code = trimmed.split("//").next().unwrap_or_default();
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// Every top-level module named as `crate::name` (also inside `crate::{a::…, b}` groups).
fn referenced(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0usize;
            let mut start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    c if start && !c.is_whitespace() => {
                        found.insert(ident(&group[i..]));
                        start = false;
                    }
                    _ => {}
                }
            }
        } else {
            found.insert(ident(rest));
        }
    }
    found
}

fn edges() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let Some(from) = module_of(&src, &file) else {
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("read source");
        for to in referenced(&product_code(&text)) {
            if to != from && LAYERS.contains(&to.as_str()) {
                graph.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    graph
}

fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == node) {
            let mut cycle = path[i..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_scanner_sees_plain_grouped_and_nested_paths() {
    let code = product_code(
        "use crate::store::CaseKey;\nuse crate::{app::State, ui::{self, View}};\n\
         let x = crate::format::labels::advice(a); // crate::cli in a comment\n\
         #[cfg(test)]\nmod tests {\n    use crate::devtools::generate;\n}\n",
    );
    let found: Vec<String> = referenced(&code).into_iter().collect();
    assert_eq!(found, ["app", "format", "store", "ui"]);
    let mut graph = BTreeMap::new();
    graph.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    graph.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(
        find_cycle(&graph),
        Some(vec!["a".to_string(), "b".to_string(), "a".to_string()])
    );
}

#[test]
fn no_import_circles_between_top_level_modules() {
    let graph = edges();
    assert!(graph.contains_key("app"), "the scan found the modules");
    assert_eq!(find_cycle(&graph), None, "import graph: {graph:#?}");
}

#[test]
fn every_import_points_to_a_lower_layer() {
    let rank = |m: &str| LAYERS.iter().position(|l| *l == m);
    let upward: Vec<String> = edges()
        .iter()
        .flat_map(|(from, tos)| {
            tos.iter()
                .filter(|to| rank(to) >= rank(from))
                .map(move |to| format!("{from} → {to}"))
        })
        .collect();
    assert!(upward.is_empty(), "imports against the layers: {upward:?}");
}

#[test]
fn only_the_store_names_sled() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let leaks: Vec<String> = files
        .iter()
        .filter(|f| module_of(&src, f).as_deref() != Some("store"))
        .filter(|f| {
            // The whole text, comments and tests included: what `grep -rn sled src/` sees.
            let text = std::fs::read_to_string(f).expect("read");
            text.contains("sled") || text.contains("IVec")
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(leaks.is_empty(), "sled outside src/store: {leaks:?}");
}
