//! `cargo bench`: the same measurements as `loket bench`, at 1k and 10k cases by default
//! (`LOKET_BENCH_SIZES=1000,10000,100000 cargo bench` for the full run).

fn main() -> anyhow::Result<()> {
    use loket::devtools::workload;
    if let Some(code) = workload::probe_from_env() {
        std::process::exit(code);
    }
    let sizes: Vec<usize> = std::env::var("LOKET_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000]);
    let figures = workload::run_bench(&sizes, &mut std::io::stderr())?;
    println!("loket bench, {}", workload::machine());
    print!("{}", workload::table(&figures));
    Ok(())
}
