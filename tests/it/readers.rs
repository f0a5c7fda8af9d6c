//! Independent readers for what loket writes for others: a JSON Schema validator (the subset of
//! draft 2020-12 the DDAS schema uses) and a PDF text reader. Both are written here from the
//! specifications, share no code with loket's writers, and refuse what they do not understand
//! (an unknown schema keyword, a filtered PDF stream) instead of passing it: a test built on them
//! cannot pass by not looking.
//!
//! They replace two heavy dev-dependencies (jsonschema, lopdf) that cost a third of a cold
//! `cargo test`'s compile time.

/// JSON Schema, draft 2020-12: `type`, `$ref` (to `#/$defs/…`), `properties`,
/// `additionalProperties` (boolean), `required`, `items`, `minItems`, `maxItems`, `enum`, and
/// `format` checked for `date`, `date-time`, `time` and `email`. Annotations (`description`,
/// `title`, `$schema`, `$id`, `$defs`) are skipped; any other keyword panics.
pub mod schema {
    use serde_json::Value as J;

    pub struct Validator {
        root: J,
    }

    const ANNOTATIONS: [&str; 5] = ["description", "title", "$schema", "$id", "$defs"];

    impl Validator {
        pub fn new(root: J) -> Validator {
            assert_eq!(
                root["$schema"], "https://json-schema.org/draft/2020-12/schema",
                "this validator reads draft 2020-12"
            );
            Validator { root }
        }

        /// Every violation, as "what at /json/pointer".
        pub fn errors(&self, doc: &J) -> Vec<String> {
            let mut out = Vec::new();
            self.check(&self.root, doc, "", &mut out);
            out
        }

        fn resolve(&self, reference: &str) -> &J {
            let name = reference
                .strip_prefix("#/$defs/")
                .unwrap_or_else(|| panic!("unsupported $ref {reference}"));
            let target = &self.root["$defs"][name];
            assert!(
                !target.is_null(),
                "$ref to a missing definition {reference}"
            );
            target
        }

        fn check(&self, schema: &J, v: &J, at: &str, out: &mut Vec<String>) {
            let obj = schema
                .as_object()
                .unwrap_or_else(|| panic!("a schema at {at} is not an object"));
            for (kw, arg) in obj {
                match kw.as_str() {
                    k if ANNOTATIONS.contains(&k) => {}
                    "$ref" => self.check(self.resolve(arg.as_str().expect("$ref")), v, at, out),
                    "type" => {
                        let t = arg.as_str().expect("a single type name");
                        if !has_type(v, t) {
                            out.push(format!("{v} is not of type {t} at {at}"));
                        }
                    }
                    "enum" => {
                        let allowed = arg.as_array().expect("enum list");
                        if !allowed.contains(v) {
                            out.push(format!("{v} is not one of {arg} at {at}"));
                        }
                    }
                    "format" => {
                        if let Some(s) = v.as_str() {
                            let f = arg.as_str().expect("format name");
                            if !format_ok(f, s) {
                                out.push(format!("{s:?} is not a {f} at {at}"));
                            }
                        }
                    }
                    "required" => {
                        if let Some(m) = v.as_object() {
                            for name in arg.as_array().expect("required list") {
                                let name = name.as_str().expect("property name");
                                if !m.contains_key(name) {
                                    out.push(format!("{name:?} is required at {at}"));
                                }
                            }
                        }
                    }
                    "properties" => {
                        if let Some(m) = v.as_object() {
                            for (name, sub) in arg.as_object().expect("properties") {
                                if let Some(value) = m.get(name) {
                                    self.check(sub, value, &format!("{at}/{name}"), out);
                                }
                            }
                        }
                    }
                    "additionalProperties" => {
                        let allowed = arg.as_bool().expect("additionalProperties: a boolean");
                        if let (false, Some(m)) = (allowed, v.as_object()) {
                            let known = obj.get("properties").and_then(J::as_object);
                            for name in m.keys() {
                                if !known.is_some_and(|k| k.contains_key(name)) {
                                    out.push(format!("{name:?} is not allowed at {at}"));
                                }
                            }
                        }
                    }
                    "items" => {
                        if let Some(list) = v.as_array() {
                            for (i, item) in list.iter().enumerate() {
                                self.check(arg, item, &format!("{at}/{i}"), out);
                            }
                        }
                    }
                    "minItems" | "maxItems" => {
                        if let Some(list) = v.as_array() {
                            let n = arg.as_u64().expect("a count") as usize;
                            let bad = if kw == "minItems" {
                                list.len() < n
                            } else {
                                list.len() > n
                            };
                            if bad {
                                out.push(format!("{} items break {kw} {n} at {at}", list.len()));
                            }
                        }
                    }
                    other => panic!(
                        "the schema uses {other:?} at {at}, which this validator does not read"
                    ),
                }
            }
        }
    }

    fn has_type(v: &J, t: &str) -> bool {
        match t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "boolean" => v.is_boolean(),
            "null" => v.is_null(),
            "number" => v.is_number(),
            // 2020-12: a number with a zero fractional part is an integer (1.0 too).
            "integer" => v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|f| f.fract() == 0.0),
            other => panic!("unknown type {other}"),
        }
    }

    /// RFC 3339 `full-date`, `date-time` and `full-time`; an address with one `@`.
    fn format_ok(format: &str, s: &str) -> bool {
        match format {
            "date" => full_date(s),
            "date-time" => match s.split_once(['T', 't']) {
                Some((d, t)) => full_date(d) && full_time(t),
                None => false,
            },
            "time" => full_time(s),
            "email" => match s.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && !domain.is_empty()
                        && !domain.contains('@')
                        && !s.chars().any(char::is_whitespace)
                }
                None => false,
            },
            other => panic!("unknown format {other}"),
        }
    }

    fn digits(s: &str, n: usize) -> Option<u32> {
        (s.len() == n && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
    }

    fn full_date(s: &str) -> bool {
        let parts: Vec<&str> = s.split('-').collect();
        let [y, m, d] = parts[..] else {
            return false;
        };
        match (digits(y, 4), digits(m, 2), digits(d, 2)) {
            (Some(y), Some(m), Some(d)) => {
                chrono::NaiveDate::from_ymd_opt(y as i32, m, d).is_some()
            }
            _ => false,
        }
    }

    /// `HH:MM:SS[.frac](Z|±HH:MM)`; a leap second (60) is allowed as RFC 3339 allows it.
    fn full_time(s: &str) -> bool {
        let (clock, offset) = if let Some(c) = s.strip_suffix(['Z', 'z']) {
            (c, None)
        } else if s.len() > 6 && matches!(s.as_bytes()[s.len() - 6], b'+' | b'-') {
            (&s[..s.len() - 6], Some(&s[s.len() - 5..]))
        } else {
            return false;
        };
        let (hms, frac) = match clock.split_once('.') {
            Some((hms, f)) => (hms, Some(f)),
            None => (clock, None),
        };
        if frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
            return false;
        }
        let hms: Vec<&str> = hms.split(':').collect();
        let [h, m, sec] = hms[..] else {
            return false;
        };
        let clock_ok = matches!(
            (digits(h, 2), digits(m, 2), digits(sec, 2)),
            (Some(h), Some(m), Some(s)) if h < 24 && m < 60 && s <= 60
        );
        let offset_ok = offset.is_none_or(|o| match o.split_once(':') {
            Some((h, m)) => {
                matches!((digits(h, 2), digits(m, 2)), (Some(h), Some(m)) if h < 24 && m < 60)
            }
            None => false,
        });
        clock_ok && offset_ok
    }
}

/// A PDF reader for what a test needs: checks the file's frame (header, cross-reference table
/// whose offsets point at their objects, trailer, end marker), counts the pages, and extracts
/// the text shown by `Tj` in each unfiltered content stream, WinAnsi-decoded, one line per text
/// object (`BT … ET`).
pub mod pdf {
    pub struct Pdf {
        pub pages: usize,
        pub text: String,
    }

    pub fn read(bytes: &[u8]) -> Pdf {
        assert!(bytes.starts_with(b"%PDF-1."), "no PDF header");
        let tail = &bytes[bytes.len().saturating_sub(64)..];
        assert!(find(tail, b"%%EOF").is_some(), "no %%EOF at the end");
        let startxref = rfind(bytes, b"startxref").expect("startxref");
        let xref_at: usize = ascii(&bytes[startxref + 9..])
            .split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .expect("the offset after startxref");
        assert!(
            bytes[xref_at..].starts_with(b"xref"),
            "startxref does not point at the xref table"
        );
        let table = ascii(&bytes[xref_at..startxref]);
        let mut lines = table.lines().skip(1);
        let header: Vec<usize> = lines
            .next()
            .expect("xref subsection")
            .split_whitespace()
            .map(|n| n.parse().expect("xref numbers"))
            .collect();
        let (first, count) = (header[0], header[1]);
        // Each object: its dictionary, and its stream's bytes (taken by /Length) if it has one.
        let mut objects: Vec<(String, Option<&[u8]>)> = Vec::new();
        for (i, line) in lines.take(count).enumerate() {
            let fields: Vec<&str> = line.split_whitespace().collect();
            if fields.get(2) != Some(&"n") {
                continue;
            }
            let offset: usize = fields[0].parse().expect("xref offset");
            let number = first + i;
            let head = format!("{number} 0 obj");
            assert!(
                bytes[offset..].starts_with(head.as_bytes()),
                "xref entry {number} points at the wrong place"
            );
            let body = &bytes[offset + head.len()..];
            match find(body, b">>\nstream\n") {
                Some(s) if find(&body[..s], b"endobj").is_none() => {
                    let dict = ascii(&body[..s + 2]);
                    let length: usize = dict
                        .split("/Length")
                        .nth(1)
                        .and_then(|r| r.split_whitespace().next())
                        .and_then(|n| n.parse().ok())
                        .expect("a stream with a direct /Length");
                    let start = s + b">>\nstream\n".len();
                    let stream = &body[start..start + length];
                    assert!(
                        body[start + length..].starts_with(b"\nendstream"),
                        "object {number}: /Length does not end at endstream"
                    );
                    objects.push((dict, Some(stream)));
                }
                _ => {
                    let end = find(body, b"endobj").expect("endobj");
                    objects.push((ascii(&body[..end]), None));
                }
            }
        }
        assert!(
            find(&bytes[startxref.saturating_sub(200)..], b"trailer").is_some(),
            "no trailer"
        );
        let pages = objects
            .iter()
            .filter(|(d, _)| d.contains("/Type /Page") && !d.contains("/Type /Pages"))
            .count();
        let mut text = String::new();
        for (dict, stream) in &objects {
            if let Some(content) = stream {
                assert!(
                    !dict.contains("/Filter"),
                    "a filtered stream: not read here"
                );
                show_text(content, &mut text);
            }
        }
        Pdf { pages, text }
    }

    /// Appends the strings of every `Tj` in a content stream; a newline after each `ET`.
    fn show_text(content: &[u8], out: &mut String) {
        let mut i = 0;
        let mut last: Option<Vec<u8>> = None;
        while i < content.len() {
            match content[i] {
                b'(' => {
                    let (s, next) = literal(content, i + 1);
                    last = Some(s);
                    i = next;
                }
                b if b.is_ascii_alphabetic() => {
                    let start = i;
                    while i < content.len() && content[i].is_ascii_alphabetic() {
                        i += 1;
                    }
                    match &content[start..i] {
                        b"Tj" => {
                            out.extend(last.take().unwrap_or_default().iter().map(|&b| winansi(b)))
                        }
                        b"ET" => out.push('\n'),
                        _ => {}
                    }
                }
                _ => i += 1,
            }
        }
    }

    /// A literal string from just after its `(`: escapes, octal codes and nested parentheses.
    fn literal(c: &[u8], mut i: usize) -> (Vec<u8>, usize) {
        let mut out = Vec::new();
        let mut depth = 0;
        while i < c.len() {
            match c[i] {
                b'\\' => {
                    i += 1;
                    match c.get(i) {
                        Some(b'n') => out.push(b'\n'),
                        Some(b'r') => out.push(b'\r'),
                        Some(b't') => out.push(b'\t'),
                        Some(b'b') => out.push(8),
                        Some(b'f') => out.push(12),
                        Some(d @ b'0'..=b'7') => {
                            let mut v = u32::from(d - b'0');
                            let mut n = 1;
                            while n < 3 && matches!(c.get(i + 1), Some(b'0'..=b'7')) {
                                i += 1;
                                n += 1;
                                v = v * 8 + u32::from(c[i] - b'0');
                            }
                            out.push(v as u8);
                        }
                        Some(b'\n') => {}
                        Some(&other) => out.push(other),
                        None => break,
                    }
                }
                b'(' => {
                    depth += 1;
                    out.push(b'(');
                }
                b')' if depth == 0 => return (out, i + 1),
                b')' => {
                    depth -= 1;
                    out.push(b')');
                }
                b => out.push(b),
            }
            i += 1;
        }
        panic!("an unterminated string in a content stream")
    }

    /// WinAnsiEncoding (PDF 1.7, Annex D): Latin-1 but for 0x80–0x9F.
    fn winansi(b: u8) -> char {
        const HIGH: [char; 32] = [
            '€', '\u{fffd}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{fffd}',
            'Ž', '\u{fffd}', '\u{fffd}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›',
            'œ', '\u{fffd}', 'ž', 'Ÿ',
        ];
        match b {
            0x80..=0x9F => HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        }
    }

    fn ascii(b: &[u8]) -> String {
        String::from_utf8_lossy(b).into_owned()
    }

    fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
        hay.windows(needle.len()).position(|w| w == needle)
    }

    fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
        hay.windows(needle.len()).rposition(|w| w == needle)
    }
}

/// The readers themselves: each check can fail.
mod checks {
    use super::{pdf, schema::Validator};
    use serde_json::json;

    fn validator() -> Validator {
        Validator::new(json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": {
                "d": {"$ref": "#/$defs/datum"},
                "t": {"type": "string", "format": "date-time"},
                "n": {"type": "integer"},
                "s": {"type": "string", "enum": ["A", "B"]},
                "l": {"type": "array", "minItems": 1, "maxItems": 2, "items": {"type": "boolean"}}
            },
            "required": ["d"],
            "additionalProperties": false,
            "$defs": {"datum": {"type": "string", "format": "date", "description": "x"}}
        }))
    }

    #[test]
    fn the_schema_reader_finds_each_kind_of_violation() {
        let v = validator();
        let good = json!({"d": "2024-02-29", "t": "2024-01-01T10:00:00+01:00", "n": 3.0,
                          "s": "A", "l": [true]});
        assert_eq!(v.errors(&good), Vec::<String>::new());
        for (bad, what) in [
            (json!({"t": "2024-01-01T10:00:00Z"}), "is required"),
            (json!({"d": "2023-02-29"}), "is not a date"),
            (json!({"d": "2024-1-01"}), "is not a date"),
            (
                json!({"d": "2024-01-01", "t": "2024-01-01 10:00:00"}),
                "is not a date-time",
            ),
            (
                json!({"d": "2024-01-01", "t": "2024-01-01T24:00:00Z"}),
                "is not a date-time",
            ),
            (
                json!({"d": "2024-01-01", "n": 1.5}),
                "is not of type integer",
            ),
            (json!({"d": "2024-01-01", "s": "C"}), "is not one of"),
            (json!({"d": "2024-01-01", "l": []}), "minItems"),
            (
                json!({"d": "2024-01-01", "l": [true, true, true]}),
                "maxItems",
            ),
            (
                json!({"d": "2024-01-01", "l": [1]}),
                "is not of type boolean at /l/0",
            ),
            (json!({"d": "2024-01-01", "x": 1}), "\"x\" is not allowed"),
            (json!({"d": 20240101}), "is not of type string at /d"),
        ] {
            let errors = v.errors(&bad);
            assert!(
                errors.iter().any(|e| e.contains(what)),
                "{bad}: expected {what:?}, got {errors:?}"
            );
        }
    }

    #[test]
    #[should_panic(expected = "does not read")]
    fn the_schema_reader_refuses_a_keyword_it_does_not_know() {
        let v = Validator::new(json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "string", "pattern": "^a"
        }));
        v.errors(&json!("b"));
    }

    /// A two-page PDF put together by hand, its offsets counted here.
    fn handmade(content: &str) -> Vec<u8> {
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>".to_string(),
            "<< /Type /Page /Parent 2 0 R >>".to_string(),
            format!(
                "<< /Length {} >>\nstream\n{content}\nendstream",
                content.len()
            ),
        ];
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
        }
        let xref = out.len();
        out.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
        );
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!("trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
        );
        out
    }

    #[test]
    fn the_pdf_reader_reads_pages_and_winansi_text_and_checks_the_offsets() {
        let bytes = handmade(
            "BT /F1 9 Tf (Gemeente E\\353ndorp \\(1\\)) Tj (: \\200 12) Tj ET\nBT (tweede) Tj ET",
        );
        let read = pdf::read(&bytes);
        assert_eq!(read.pages, 2);
        assert_eq!(read.text, "Gemeente Eëndorp (1): € 12\ntweede\n");
        let mut broken = bytes.clone();
        let at = broken
            .windows(8)
            .position(|w| w == b"\n2 0 obj")
            .expect("object 2");
        broken[at + 1] = b'7';
        let caught = std::panic::catch_unwind(|| pdf::read(&broken));
        assert!(caught.is_err(), "a wrong xref offset went unnoticed");
    }
}
