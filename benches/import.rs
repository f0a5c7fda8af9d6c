//! Importing 10,000 generated cases with the real `loket import` (progress on stderr), then the
//! report over them, with and without a period. Prints the times; asserts only completion.
//!
//! Run: `cargo bench --bench import` (set `LOKET_BENCH_N` for another size).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/cases");

const FIRST: [&str; 12] = [
    "Anna", "Bram", "Chantal", "Dirk", "Emine", "Fleur", "Gijs", "Hanna", "Ilias", "Joyce",
    "Karim", "Lieke",
];
const LAST: [&str; 10] = [
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "Yıldız",
    "Mulder",
];

/// Scales every money string in the tree by `pct` percent (kept at two decimals).
fn scale_money(v: &mut serde_json::Value, pct: u64) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                let is_money = matches!(
                    k.as_str(),
                    "amount" | "inkomen.netto" | "lasten.wonen" | "lasten.vast" | "schulden.totaal"
                );
                if is_money && let Some(s) = x.as_str() {
                    if let Some((euros, cents)) = s.split_once('.')
                        && let (Ok(e), Ok(c)) = (euros.parse::<u64>(), cents.parse::<u64>())
                    {
                        let total = (e * 100 + c) * pct / 100;
                        *x = serde_json::Value::from(format!("{}.{:02}", total / 100, total % 100));
                    }
                } else {
                    scale_money(x, pct);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(|x| scale_money(x, pct)),
        _ => {}
    }
}

fn generate(dir: &Path, n: usize) -> Vec<PathBuf> {
    let mut templates: Vec<(String, serde_json::Value)> = std::fs::read_dir(FIXTURES)
        .expect("fixtures/cases")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read fixture");
            let name = p.file_stem().expect("stem").to_string_lossy().to_string();
            (name, serde_json::from_str(&text).expect("fixture json"))
        })
        .collect();
    templates.sort_by(|a, b| a.0.cmp(&b.0));
    (0..n)
        .map(|i| {
            let (stem, template) = &templates[i % templates.len()];
            let mut case = template.clone();
            case["case_id"] = serde_json::Value::from(format!("bench-{i:06}"));
            case["client"]["name"] = serde_json::Value::from(format!(
                "{} {} {i}",
                FIRST[i % FIRST.len()],
                LAST[(i / FIRST.len()) % LAST.len()]
            ));
            // Some BSNs would now belong to two cases; drop them, they are optional.
            if let Some(client) = case["client"].as_object_mut() {
                client.remove("bsn");
            }
            scale_money(&mut case, 60 + (i as u64 * 7) % 90);
            let path = dir.join(format!("{i:06}-{stem}.json"));
            std::fs::write(&path, serde_json::to_string_pretty(&case).expect("text"))
                .expect("write");
            path
        })
        .collect()
}

fn main() {
    let n: usize = std::env::var("LOKET_BENCH_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let files_dir = tempfile::tempdir().expect("tempdir");
    let store_dir = tempfile::tempdir().expect("tempdir");
    let t = Instant::now();
    let files = generate(files_dir.path(), n);
    eprintln!("{n} zaakbestanden gemaakt in {:.2?}", t.elapsed());

    let loket = env!("CARGO_BIN_EXE_loket");
    let t = Instant::now();
    let out = Command::new(loket)
        .arg("--store")
        .arg(store_dir.path())
        .args(["--today", "2026-11-24", "--user", "bench", "import"])
        .args(&files)
        .stderr(Stdio::inherit())
        .output()
        .expect("run loket import");
    let elapsed = t.elapsed();
    assert_eq!(out.status.code(), Some(0), "import failed");
    let stored = String::from_utf8_lossy(&out.stdout)
        .matches("ingelezen: ")
        .count();
    assert_eq!(stored, n, "every file imported");
    let secs = elapsed.as_secs_f64();
    println!(
        "import: {n} zaken in {secs:.2} s = {:.0} zaken/s ({:.3} ms per zaak)",
        n as f64 / secs,
        secs * 1000.0 / n as f64
    );

    for (label, extra) in [
        ("report (samenvattingen)", vec![]),
        (
            "report --from/--to (leest elke zaak)",
            vec!["--from", "2026-11-01", "--to", "2026-11-30"],
        ),
    ] {
        let t = Instant::now();
        let out = Command::new(loket)
            .arg("--store")
            .arg(store_dir.path())
            .args(["--today", "2026-11-24", "report", "--json"])
            .args(&extra)
            .output()
            .expect("run loket report");
        assert_eq!(out.status.code(), Some(0), "report failed");
        println!("{label}: {:.0} ms", t.elapsed().as_secs_f64() * 1000.0);
    }

    let export_dir = tempfile::tempdir().expect("tempdir");
    let t = Instant::now();
    let out = Command::new(loket)
        .arg("--store")
        .arg(store_dir.path())
        .args(["export", "--quiet", "--out"])
        .arg(export_dir.path())
        .output()
        .expect("run loket export");
    assert_eq!(out.status.code(), Some(0), "export failed");
    println!(
        "export json: {n} zaken in {:.2} s",
        t.elapsed().as_secs_f64()
    );
}
