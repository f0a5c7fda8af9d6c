//! The Markdown subset the letters use, read into blocks that both the PDF and the plain-text
//! writer lay out.
//!
//! Blocks: `#`, `##`, `###` headings; paragraphs (lines joined; a line ending in `\` breaks);
//! `- ` bullets and `- [ ] ` check items; `> ` quotes; `|` tables (a `|---|` row makes the row
//! above a header; a header of empty cells is dropped); `---` a rule. Inline: `**bold**`,
//! `*italic*`, `` `code` `` (shown plain) and `\x` for a literal x.

/// A run of text in one style.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

/// One line of inline text: a list of runs.
pub type Inline = Vec<Span>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Heading(u8, Inline),
    /// Lines joined into one paragraph; each element is a hard-broken line.
    Paragraph(Vec<Inline>),
    Bullet(Inline),
    Check(Inline),
    Quote(Inline),
    Table {
        header: Option<Vec<Inline>>,
        rows: Vec<Vec<Inline>>,
    },
    Rule,
}

/// The plain text of an inline run list.
pub fn plain(inline: &[Span]) -> String {
    inline.iter().map(|s| s.text.as_str()).collect()
}

/// Reads inline markup.
pub fn inline(s: &str) -> Inline {
    let mut spans: Inline = Vec::new();
    let (mut bold, mut italic) = (false, false);
    let mut cur = String::new();
    let flush = |cur: &mut String, spans: &mut Inline, bold: bool, italic: bool| {
        if !cur.is_empty() {
            match spans.last_mut() {
                Some(last) if last.bold == bold && last.italic == italic => {
                    last.text.push_str(cur);
                }
                _ => spans.push(Span {
                    text: cur.clone(),
                    bold,
                    italic,
                }),
            }
            cur.clear();
        }
    };
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() => {
                cur.push(chars[i + 1]);
                i += 2;
                continue;
            }
            '*' if chars.get(i + 1) == Some(&'*') => {
                flush(&mut cur, &mut spans, bold, italic);
                bold = !bold;
                i += 2;
                continue;
            }
            '*' => {
                flush(&mut cur, &mut spans, bold, italic);
                italic = !italic;
            }
            '`' => {}
            _ => cur.push(c),
        }
        i += 1;
    }
    flush(&mut cur, &mut spans, bold, italic);
    spans
}

fn cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    // Split on unescaped '|'.
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                cur.push(c);
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            '|' => out.push(std::mem::take(&mut cur).trim().to_string()),
            _ => cur.push(c),
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

fn is_separator(line: &str) -> bool {
    let cs = cells(line);
    !cs.is_empty()
        && cs
            .iter()
            .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':')))
}

/// Reads a document into blocks.
pub fn parse(md: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut para: Vec<String> = Vec::new();
    let mut table: Vec<String> = Vec::new();
    let lines: Vec<&str> = md.lines().collect();
    let flush_para = |para: &mut Vec<String>, blocks: &mut Vec<Block>| {
        if para.is_empty() {
            return;
        }
        let mut out: Vec<Inline> = Vec::new();
        let mut cur = String::new();
        for l in para.drain(..) {
            let l = l.trim();
            let (text, hard) = match l.strip_suffix('\\') {
                Some(t) if !t.ends_with('\\') => (t.trim_end(), true),
                _ => (l, false),
            };
            if !cur.is_empty() {
                cur.push(' ');
            }
            cur.push_str(text);
            if hard {
                out.push(inline(&cur));
                cur.clear();
            }
        }
        if !cur.is_empty() {
            out.push(inline(&cur));
        }
        blocks.push(Block::Paragraph(out));
    };
    let flush_table = |table: &mut Vec<String>, blocks: &mut Vec<Block>| {
        if table.is_empty() {
            return;
        }
        let mut header = None;
        let mut rows: Vec<Vec<Inline>> = Vec::new();
        for l in table.drain(..) {
            if is_separator(&l) {
                if header.is_none() && rows.len() == 1 {
                    let h = rows.pop().unwrap_or_default();
                    if h.iter().any(|c| !plain(c).trim().is_empty()) {
                        header = Some(h);
                    }
                }
                continue;
            }
            rows.push(cells(&l).iter().map(|c| inline(c)).collect());
        }
        blocks.push(Block::Table { header, rows });
    };
    for line in lines {
        let t = line.trim_end();
        let trimmed = t.trim_start();
        if trimmed.starts_with('|') {
            flush_para(&mut para, &mut blocks);
            table.push(trimmed.to_string());
            continue;
        }
        flush_table(&mut table, &mut blocks);
        if trimmed.is_empty() {
            flush_para(&mut para, &mut blocks);
            continue;
        }
        let heading = ["### ", "## ", "# "]
            .iter()
            .zip([3u8, 2, 1])
            .find_map(|(p, lvl)| trimmed.strip_prefix(p).map(|r| (lvl, r)));
        if let Some((lvl, rest)) = heading {
            flush_para(&mut para, &mut blocks);
            blocks.push(Block::Heading(lvl, inline(rest.trim())));
        } else if trimmed == "---" {
            flush_para(&mut para, &mut blocks);
            blocks.push(Block::Rule);
        } else if let Some(rest) = trimmed
            .strip_prefix("- [ ] ")
            .or_else(|| trimmed.strip_prefix("- [x] "))
        {
            flush_para(&mut para, &mut blocks);
            blocks.push(Block::Check(inline(rest)));
        } else if let Some(rest) = trimmed.strip_prefix("- ") {
            flush_para(&mut para, &mut blocks);
            blocks.push(Block::Bullet(inline(rest)));
        } else if let Some(rest) = trimmed.strip_prefix('>') {
            flush_para(&mut para, &mut blocks);
            let text = rest.trim();
            match blocks.last_mut() {
                Some(Block::Quote(q)) if !text.is_empty() => {
                    q.push(Span {
                        text: " ".into(),
                        bold: false,
                        italic: false,
                    });
                    q.extend(inline(text));
                }
                _ if text.is_empty() => {}
                _ => blocks.push(Block::Quote(inline(text))),
            }
        } else if line.starts_with("  ")
            && para.is_empty()
            && let Some(Block::Bullet(b) | Block::Check(b)) = blocks.last_mut()
        {
            // A continuation line of a list item.
            b.push(Span {
                text: " ".into(),
                bold: false,
                italic: false,
            });
            b.extend(inline(trimmed));
        } else {
            para.push(t.to_string());
        }
    }
    flush_table(&mut table, &mut blocks);
    flush_para(&mut para, &mut blocks);
    blocks
}
