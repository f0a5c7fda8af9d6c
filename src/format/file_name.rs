//! File names made from case numbers.

/// A file name from a case number: letters, digits, `-`, `_` and `.` are kept, the rest becomes
/// `_` (an imported case number may contain anything, even `/`).
pub fn file_stem(case_id: &str) -> String {
    let s: String = case_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let s = s.trim_start_matches('.').to_string();
    if s.is_empty() { "zaak".to_string() } else { s }
}

/// `stem`, or `stem-2`, `stem-3`, … when it is already in `used`; the result is added to it.
pub fn unique_stem(stem: &str, used: &mut std::collections::BTreeSet<String>) -> String {
    let mut candidate = stem.to_string();
    let mut n = 2;
    while !used.insert(candidate.clone()) {
        candidate = format!("{stem}-{n}");
        n += 1;
    }
    candidate
}
