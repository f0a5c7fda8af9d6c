//! A small PDF writer for letters: A4, the standard Type1 fonts Helvetica, Helvetica-Bold and
//! Helvetica-Oblique with WinAnsiEncoding (every PDF reader has them, nothing is embedded), text
//! wrapped by the fonts' own advance widths, page breaks, a letterhead on the first page, and
//! "Pagina n van N" on every page.
//!
//! Decisions:
//! - Own writer rather than a crate: a letter needs text, lines and boxes only; the standard
//!   fonts cover every Dutch character (ë é ï ü € …) in WinAnsiEncoding, so the whole writer is a
//!   few hundred lines with exact widths and no dependency; the output is plain (uncompressed)
//!   and byte-for-byte reproducible for the same input.
//! - A character outside WinAnsi is written as a close ASCII stand-in (`→` as `->`) or `?`.
//! - The widths are the published metrics of the Adobe core fonts (the URW Nimbus Sans AFM files
//!   carry the same numbers); Helvetica-Oblique has the widths of Helvetica.

use super::markup::{Block, Inline};

pub const PAGE_W: f32 = 595.28;
pub const PAGE_H: f32 = 841.89;
const LEFT: f32 = 62.0;
const RIGHT: f32 = 62.0;
const TOP: f32 = 56.0;
const BOTTOM: f32 = 64.0;
pub const CONTENT_W: f32 = PAGE_W - LEFT - RIGHT;

/// What stands on every page besides the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Letterhead {
    /// The municipality's name (first page, top).
    pub naam: String,
    /// Its address, one line.
    pub adres: String,
    /// The document title (running header of later pages, PDF title).
    pub title: String,
    /// Left part of every footer ("Zaak 2026-00106").
    pub footer: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Font {
    Regular,
    Bold,
    Italic,
}

impl Font {
    fn name(self) -> &'static str {
        match self {
            Font::Regular => "/F1",
            Font::Bold => "/F2",
            Font::Italic => "/F3",
        }
    }
}

/// Advance widths (1/1000 em) of WinAnsi codes 32..=255 in Helvetica (and Helvetica-Oblique).
const HELVETICA: [u16; 224] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
    0, 556, 0, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, 0, 222, 222,
    333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 0, 500, 667, 278, 333, 556, 556, 556, 556,
    260, 556, 333, 737, 370, 556, 584, 333, 737, 333, 400, 584, 333, 333, 333, 556, 537, 278, 333,
    333, 365, 556, 834, 834, 834, 611, 667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667,
    278, 278, 278, 278, 722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667,
    611, 556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278, 556, 556,
    556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,
];
/// Advance widths (1/1000 em) of WinAnsi codes 32..=255 in Helvetica-Bold.
const HELVETICA_BOLD: [u16; 224] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
    611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
    278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
    0, 556, 0, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, 0, 278, 278,
    500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 0, 500, 667, 278, 333, 556, 556, 556, 556,
    280, 556, 333, 737, 370, 556, 584, 333, 737, 333, 400, 584, 333, 333, 333, 611, 556, 278, 333,
    333, 365, 556, 834, 834, 834, 611, 722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667,
    278, 278, 278, 278, 722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667,
    611, 556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278, 611, 611,
    611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556,
];

/// The WinAnsi code of a character, or a stand-in text for one outside it.
fn winansi(c: char) -> Result<u8, &'static str> {
    let u = c as u32;
    match u {
        0x20..=0x7E => Ok(u as u8),
        0xA0..=0xFF => Ok(u as u8),
        _ => match c {
            '€' => Ok(0x80),
            '‚' => Ok(0x82),
            'ƒ' => Ok(0x83),
            '„' => Ok(0x84),
            '…' => Ok(0x85),
            '†' => Ok(0x86),
            '‡' => Ok(0x87),
            'ˆ' => Ok(0x88),
            '‰' => Ok(0x89),
            'Š' => Ok(0x8A),
            '‹' => Ok(0x8B),
            'Œ' => Ok(0x8C),
            'Ž' => Ok(0x8E),
            '‘' => Ok(0x91),
            '’' => Ok(0x92),
            '“' => Ok(0x93),
            '”' => Ok(0x94),
            '•' => Ok(0x95),
            '–' => Ok(0x96),
            '—' => Ok(0x97),
            '˜' => Ok(0x98),
            '™' => Ok(0x99),
            'š' => Ok(0x9A),
            '›' => Ok(0x9B),
            'œ' => Ok(0x9C),
            'ž' => Ok(0x9E),
            'Ÿ' => Ok(0x9F),
            '\t' => Ok(b' '),
            '→' => Err("->"),
            '−' | '‑' => Ok(b'-'),
            '\u{2009}' | '\u{202f}' => Ok(0xA0),
            '≈' => Err("~"),
            '←' => Err("<-"),
            '◀' => Err("<"),
            '▶' => Err(">"),
            '≤' => Err("<="),
            '≥' => Err(">="),
            '✓' => Err("v"),
            '×' => Ok(0xD7),
            _ => Err("?"),
        },
    }
}

/// The text as WinAnsi bytes.
pub fn encode(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        match winansi(c) {
            Ok(b) => out.push(b),
            Err(sub) => out.extend_from_slice(sub.as_bytes()),
        }
    }
    out
}

pub fn width(s: &str, font: Font, size: f32) -> f32 {
    let table = match font {
        Font::Bold => &HELVETICA_BOLD,
        _ => &HELVETICA,
    };
    let units: u32 = encode(s)
        .into_iter()
        .map(|b| u32::from(table[usize::from(b.max(32) - 32)]))
        .sum();
    units as f32 * size / 1000.0
}

/// A PDF literal string: ASCII, with `(`, `)`, `\` escaped and other bytes in octal.
pub fn pdf_string(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() + 2);
    s.push('(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => {
                s.push('\\');
                s.push(b as char);
            }
            0x20..=0x7E => s.push(b as char),
            _ => s.push_str(&format!("\\{b:03o}")),
        }
    }
    s.push(')');
    s
}

type Run = (Font, String);

fn font_of(bold: bool, italic: bool) -> Font {
    if bold {
        Font::Bold
    } else if italic {
        Font::Italic
    } else {
        Font::Regular
    }
}

/// Wraps inline text into lines of at most `max` points.
pub fn wrap(text: &Inline, max: f32, size: f32, force_bold: bool) -> Vec<Vec<Run>> {
    // Words with their font and whether a space precedes them.
    let mut words: Vec<(Font, String, bool)> = Vec::new();
    let mut space_pending = false;
    for span in text {
        let font = font_of(span.bold || force_bold, span.italic);
        let mut cur = String::new();
        for c in span.text.chars() {
            if c == ' ' {
                if !cur.is_empty() {
                    words.push((font, std::mem::take(&mut cur), space_pending));
                }
                space_pending = !words.is_empty();
            } else {
                cur.push(c);
            }
        }
        if !cur.is_empty() {
            words.push((font, cur, space_pending));
            space_pending = false;
        }
    }
    let mut lines: Vec<Vec<Run>> = Vec::new();
    let mut line: Vec<Run> = Vec::new();
    let mut used = 0.0f32;
    for (font, word, space) in words {
        let space_w = if space && !line.is_empty() {
            width(" ", font, size)
        } else {
            0.0
        };
        let w = width(&word, font, size);
        if !line.is_empty() && used + space_w + w > max {
            lines.push(std::mem::take(&mut line));
            used = 0.0;
        }
        let lead = if space && !line.is_empty() { " " } else { "" };
        let mut piece = format!("{lead}{word}");
        let mut piece_w = width(&piece, font, size);
        // A word longer than the line is cut by characters.
        while used + piece_w > max && line.is_empty() && piece.chars().count() > 1 {
            let mut cut = String::new();
            for c in piece.chars() {
                let mut next = cut.clone();
                next.push(c);
                if width(&next, font, size) > max && !cut.is_empty() {
                    break;
                }
                cut = next;
            }
            let rest = piece[cut.len()..].to_string();
            lines.push(vec![(font, cut)]);
            piece = rest;
            piece_w = width(&piece, font, size);
            if piece.is_empty() {
                break;
            }
        }
        if piece.is_empty() {
            continue;
        }
        match line.last_mut() {
            Some((f, t)) if *f == font => t.push_str(&piece),
            _ => line.push((font, piece)),
        }
        used += piece_w;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(Vec::new());
    }
    lines
}

struct Layout {
    head: Letterhead,
    pages: Vec<String>,
    y: f32,
}

impl Layout {
    fn page(&mut self) -> &mut String {
        if self.pages.is_empty() {
            self.new_page();
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        self.pages.push(String::new());
        let top = PAGE_H - TOP;
        if self.pages.len() == 1 {
            let naam = self.head.naam.clone();
            let adres = self.head.adres.clone();
            self.text(LEFT, top - 4.0, &[(Font::Bold, naam)], 14.0, None);
            self.text(LEFT, top - 19.0, &[(Font::Regular, adres)], 9.0, Some(0.35));
            self.hline(top - 28.0, 0.6, 0.5);
            self.y = top - 52.0;
        } else {
            let running = format!("{} · {}", self.head.naam, self.head.title);
            self.text(LEFT, top + 6.0, &[(Font::Regular, running)], 8.0, Some(0.4));
            self.hline(top, 0.4, 0.7);
            self.y = top - 20.0;
        }
    }

    /// Room for `h` points, or a new page.
    fn ensure(&mut self, h: f32) {
        if self.pages.is_empty() {
            self.new_page();
        }
        if self.y - h < BOTTOM {
            self.new_page();
        }
    }

    fn text(&mut self, x: f32, y: f32, runs: &[Run], size: f32, gray: Option<f32>) {
        if runs.iter().all(|(_, t)| t.is_empty()) {
            return;
        }
        let mut op = String::from("BT\n");
        if let Some(g) = gray {
            op.push_str(&format!("{g:.2} g\n"));
        }
        op.push_str(&format!("{x:.2} {y:.2} Td\n"));
        for (font, t) in runs {
            op.push_str(&format!(
                "{} {size:.1} Tf {} Tj\n",
                font.name(),
                pdf_string(&encode(t))
            ));
        }
        if gray.is_some() {
            op.push_str("0 g\n");
        }
        op.push_str("ET\n");
        self.page().push_str(&op);
    }

    fn hline(&mut self, y: f32, w: f32, gray: f32) {
        let op = format!(
            "{gray:.2} G {w:.2} w {LEFT:.2} {y:.2} m {:.2} {y:.2} l S 0 G\n",
            PAGE_W - RIGHT
        );
        self.page().push_str(&op);
    }

    fn line_at(&mut self, x1: f32, x2: f32, y: f32, w: f32, gray: f32) {
        let op = format!("{gray:.2} G {w:.2} w {x1:.2} {y:.2} m {x2:.2} {y:.2} l S 0 G\n");
        self.page().push_str(&op);
    }

    /// Wrapped text at `x` with width `w`; the first line may carry a marker.
    fn flow(&mut self, inline: &Inline, x: f32, w: f32, size: f32, leading: f32, bold: bool) {
        let gray = None;
        for line in wrap(inline, w, size, bold) {
            self.ensure(leading);
            self.y -= leading;
            self.text(x, self.y + (leading - size) * 0.5, &line, size, gray);
        }
    }

    fn block(&mut self, b: &Block, after_list: bool) {
        const SIZE: f32 = 10.0;
        const LEAD: f32 = 13.5;
        if after_list && !matches!(b, Block::Bullet(_) | Block::Check(_)) {
            self.y -= 5.0;
        }
        match b {
            Block::Heading(level, inline) => {
                let (size, before, after) = match level {
                    1 => (15.0, 6.0, 8.0),
                    2 => (12.0, 10.0, 3.0),
                    _ => (10.5, 6.0, 1.0),
                };
                // Keep a heading with the first lines that follow it.
                self.ensure(before + size * 1.3 + 3.0 * LEAD);
                self.y -= before;
                self.flow(inline, LEFT, CONTENT_W, size, size * 1.3, true);
                self.y -= after;
            }
            Block::Paragraph(lines) => {
                for l in lines {
                    self.flow(l, LEFT, CONTENT_W, SIZE, LEAD, false);
                }
                self.y -= 6.0;
            }
            Block::Bullet(inline) => {
                self.ensure(LEAD);
                let y = self.y - LEAD + (LEAD - SIZE) * 0.5;
                self.text(LEFT + 4.0, y, &[(Font::Regular, "•".into())], SIZE, None);
                self.flow(inline, LEFT + 16.0, CONTENT_W - 16.0, SIZE, LEAD, false);
                self.y -= 2.0;
            }
            Block::Check(inline) => {
                self.ensure(LEAD);
                let y = self.y - LEAD + (LEAD - SIZE) * 0.5;
                let op = format!("0.5 w {:.2} {:.2} 7.5 7.5 re S\n", LEFT + 3.0, y - 0.5);
                self.page().push_str(&op);
                self.flow(inline, LEFT + 18.0, CONTENT_W - 18.0, SIZE, LEAD, false);
                self.y -= 3.0;
            }
            Block::Quote(inline) => {
                let top = self.y;
                let page = self.pages.len();
                self.y -= 2.0;
                self.flow(inline, LEFT + 12.0, CONTENT_W - 12.0, SIZE, LEAD, false);
                if self.pages.len() == page {
                    let op = format!(
                        "0.6 g {LEFT:.2} {:.2} 2.5 {:.2} re f 0 g\n",
                        self.y - 2.0,
                        top - self.y
                    );
                    self.page().push_str(&op);
                }
                self.y -= 8.0;
            }
            Block::Rule => {
                self.ensure(12.0);
                self.y -= 6.0;
                let y = self.y;
                self.hline(y, 0.5, 0.6);
                self.y -= 6.0;
            }
            Block::Table { header, rows } => self.table(header.as_ref(), rows),
        }
    }

    fn table(&mut self, header: Option<&Vec<Inline>>, rows: &[Vec<Inline>]) {
        const SIZE: f32 = 9.0;
        const LEAD: f32 = 11.5;
        const PAD: f32 = 4.0;
        let ncols = header
            .map(Vec::len)
            .into_iter()
            .chain(rows.iter().map(Vec::len))
            .max()
            .unwrap_or(0);
        if ncols == 0 {
            return;
        }
        let all: Vec<(bool, &Vec<Inline>)> = header
            .map(|h| (true, h))
            .into_iter()
            .chain(rows.iter().map(|r| (false, r)))
            .collect();
        let mut natural = vec![0.0f32; ncols];
        let mut minimum = vec![0.0f32; ncols];
        for (bold, row) in &all {
            for (i, cell) in row.iter().enumerate() {
                let runs: Vec<Run> = cell
                    .iter()
                    .map(|s| (font_of(s.bold || *bold, s.italic), s.text.clone()))
                    .collect();
                let w: f32 = runs.iter().map(|(f, t)| width(t, *f, SIZE)).sum();
                natural[i] = natural[i].max(w + 2.0 * PAD);
                for (f, t) in &runs {
                    for word in t.split(' ') {
                        minimum[i] = minimum[i].max(width(word, *f, SIZE).min(120.0) + 2.0 * PAD);
                    }
                }
            }
        }
        let total: f32 = natural.iter().sum();
        let min_total: f32 = minimum.iter().sum();
        let widths: Vec<f32> = if total <= CONTENT_W {
            natural
        } else if min_total >= CONTENT_W {
            // Too many columns for their longest words: shrink all (words are then cut).
            minimum.iter().map(|m| m * CONTENT_W / min_total).collect()
        } else {
            let spare = (CONTENT_W - min_total).max(0.0);
            let extra: f32 = natural
                .iter()
                .zip(&minimum)
                .map(|(n, m)| (n - m).max(0.0))
                .sum();
            natural
                .iter()
                .zip(&minimum)
                .map(|(n, m)| {
                    let share = if extra > 0.0 {
                        (n - m).max(0.0) / extra
                    } else {
                        1.0 / ncols as f32
                    };
                    m + spare * share
                })
                .collect()
        };
        let x_end = LEFT + widths.iter().sum::<f32>();
        self.y -= 2.0;
        for (bold, row) in all {
            let wrapped: Vec<Vec<Vec<Run>>> = (0..ncols)
                .map(|i| {
                    let empty = Vec::new();
                    let cell = row.get(i).unwrap_or(&empty);
                    wrap(cell, widths[i] - 2.0 * PAD, SIZE, bold)
                })
                .collect();
            let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1);
            let h = lines as f32 * LEAD + 4.0;
            self.ensure(h);
            let top = self.y;
            let mut x = LEFT;
            for (i, cell) in wrapped.iter().enumerate() {
                let mut y = top - 2.0;
                for l in cell {
                    y -= LEAD;
                    self.text(x + PAD, y + (LEAD - SIZE) * 0.5, l, SIZE, None);
                }
                x += widths[i];
            }
            self.y = top - h;
            let y = self.y;
            self.line_at(LEFT, x_end, y, if bold { 0.8 } else { 0.3 }, 0.6);
        }
        self.y -= 8.0;
    }
}

/// Lays out the blocks and writes the PDF.
pub fn write(blocks: &[Block], head: &Letterhead) -> Vec<u8> {
    let mut layout = Layout {
        head: head.clone(),
        pages: Vec::new(),
        y: PAGE_H - TOP,
    };
    layout.new_page();
    let mut after_list = false;
    for b in blocks {
        layout.block(b, after_list);
        after_list = matches!(b, Block::Bullet(_) | Block::Check(_));
    }
    let n = layout.pages.len();
    for i in 0..n {
        let label = format!("Pagina {} van {n}", i + 1);
        let w = width(&label, Font::Regular, 8.0);
        let mut foot = String::new();
        for (x, t) in [(LEFT, head.footer.clone()), (PAGE_W - RIGHT - w, label)] {
            foot.push_str(&format!(
                "BT 0.35 g {x:.2} 34.00 Td /F1 8.0 Tf {} Tj 0 g ET\n",
                pdf_string(&encode(&t))
            ));
        }
        layout.pages[i].push_str(&foot);
    }
    assemble(&layout.pages, &head.title)
}

/// A PDF text string in UTF-16BE (for the document information).
fn utf16_string(s: &str) -> String {
    let mut h = String::from("<FEFF");
    for u in s.encode_utf16() {
        h.push_str(&format!("{u:04X}"));
    }
    h.push('>');
    h
}

fn assemble(pages: &[String], title: &str) -> Vec<u8> {
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets: Vec<usize> = Vec::new();
    let n = pages.len();
    let first_page = 7;
    let kids: Vec<String> = (0..n)
        .map(|i| format!("{} 0 R", first_page + 2 * i))
        .collect();
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes(),
    ];
    for base in ["Helvetica", "Helvetica-Bold", "Helvetica-Oblique"] {
        objects.push(
            format!(
                "<< /Type /Font /Subtype /Type1 /BaseFont /{base} /Encoding /WinAnsiEncoding >>"
            )
            .into_bytes(),
        );
    }
    objects.push(
        format!(
            "<< /Title {} /Producer (loket) /Creator (loket) >>",
            utf16_string(title)
        )
        .into_bytes(),
    );
    for (i, content) in pages.iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W:.2} {PAGE_H:.2}] \
                 /Resources << /Font << /F1 3 0 R /F2 4 0 R /F3 5 0 R >> >> /Contents {} 0 R >>",
                first_page + 2 * i + 1
            )
            .into_bytes(),
        );
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend_from_slice(content.as_bytes());
        stream.extend_from_slice(b"\nendstream");
        objects.push(stream);
    }
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}
