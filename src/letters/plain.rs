//! The same blocks as plain text (UTF-8, 78 columns): for e-mail, a case file, or a printer
//! without PDF.

use super::markup::{Block, Inline, plain};
use super::pdf::Letterhead;

const COLS: usize = 78;

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let len = cur.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

fn hanging(out: &mut String, first: &str, rest: &str, text: &Inline) {
    let width = COLS.saturating_sub(first.chars().count()).max(20);
    for (i, l) in wrap(&plain(text), width).into_iter().enumerate() {
        out.push_str(if i == 0 { first } else { rest });
        out.push_str(&l);
        out.push('\n');
    }
}

/// The document as text, with the municipality's name and address on top.
pub fn write(blocks: &[Block], head: &Letterhead) -> String {
    let mut out = String::new();
    out.push_str(&head.naam);
    out.push('\n');
    out.push_str(&head.adres);
    out.push_str("\n\n");
    let mut after_list = false;
    for b in blocks {
        let list = matches!(b, Block::Bullet(_) | Block::Check(_));
        if after_list && !list && !out.ends_with("\n\n") {
            out.push('\n');
        }
        after_list = list;
        match b {
            Block::Heading(level, inline) => {
                let t = plain(inline);
                if !out.ends_with("\n\n") {
                    out.push('\n');
                }
                out.push_str(&t);
                out.push('\n');
                match level {
                    1 => out.push_str(&"=".repeat(t.chars().count().min(COLS))),
                    2 => out.push_str(&"-".repeat(t.chars().count().min(COLS))),
                    _ => {}
                }
                if *level <= 2 {
                    out.push('\n');
                }
                out.push('\n');
            }
            Block::Paragraph(lines) => {
                for l in lines {
                    hanging(&mut out, "", "", l);
                }
                out.push('\n');
            }
            Block::Bullet(t) => hanging(&mut out, "  - ", "    ", t),
            Block::Check(t) => hanging(&mut out, "  [ ] ", "      ", t),
            Block::Quote(t) => {
                hanging(&mut out, "  > ", "  > ", t);
                out.push('\n');
            }
            Block::Rule => {
                out.push_str(&"-".repeat(COLS));
                out.push_str("\n\n");
            }
            Block::Table { header, rows } => {
                let all: Vec<Vec<String>> = header
                    .iter()
                    .chain(rows.iter())
                    .map(|r| r.iter().map(|c| plain(c)).collect())
                    .collect();
                let ncols = all.iter().map(Vec::len).max().unwrap_or(0);
                let mut widths = vec![0usize; ncols];
                for r in &all {
                    for (i, c) in r.iter().enumerate() {
                        widths[i] = widths[i].max(c.chars().count());
                    }
                }
                let total: usize = widths.iter().sum::<usize>() + 2 * ncols.saturating_sub(1);
                for (n, r) in all.iter().enumerate() {
                    if total <= COLS {
                        let mut line = String::new();
                        for (i, c) in r.iter().enumerate() {
                            if i > 0 {
                                line.push_str("  ");
                            }
                            line.push_str(c);
                            let pad = widths[i].saturating_sub(c.chars().count());
                            line.push_str(&" ".repeat(pad));
                        }
                        out.push_str(line.trim_end());
                        out.push('\n');
                        if n == 0 && header.is_some() {
                            out.push_str(&"-".repeat(total));
                            out.push('\n');
                        }
                    } else {
                        // Too wide: one row as "first: rest · rest".
                        let first = r.first().cloned().unwrap_or_default();
                        let rest: Vec<&str> = r
                            .iter()
                            .skip(1)
                            .map(String::as_str)
                            .filter(|c| !c.is_empty())
                            .collect();
                        let text = if rest.is_empty() {
                            first
                        } else {
                            format!("{first}: {}", rest.join(" · "))
                        };
                        for (i, l) in wrap(&text, COLS - 4).into_iter().enumerate() {
                            out.push_str(if i == 0 { "  " } else { "    " });
                            out.push_str(&l);
                            out.push('\n');
                        }
                    }
                }
                out.push('\n');
            }
        }
    }
    // After a list, one blank line before what follows is enough; trim the end.
    let trimmed = out.trim_end().to_string();
    trimmed + "\n"
}
