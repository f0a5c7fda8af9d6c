//! Progress of long work, on stderr.

/// Shows progress of long work on stderr, when stderr is a terminal (scripts stay quiet).
pub fn progress_printer(label: &'static str) -> impl FnMut(usize, usize) {
    let tty = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let mut last = std::time::Instant::now() - std::time::Duration::from_secs(1);
    move |done, total| {
        if tty && (done == total || last.elapsed() >= std::time::Duration::from_millis(100)) {
            last = std::time::Instant::now();
            eprint!("\r{label}: {done} van {total}");
            if done == total {
                eprintln!();
            }
        }
    }
}
