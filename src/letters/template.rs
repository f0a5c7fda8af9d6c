//! A small, strict template language for letters: Markdown text with named fields.
//!
//! ```text
//! {{inwoner.naam}}                      a text field (its value is escaped for Markdown)
//! {{#als veld}} … {{#anders}} … {{/als}}  shown when the field is set (text not empty,
//!                                       ja/nee-veld ja, list not empty); `#anders` optional
//! {{#elk lijst}} … {{/elk}}              once per item; inside, the item's fields by name
//!                                       (the outer fields stay visible)
//! {{! opmerking }}                       a comment, not printed
//! ```
//! A line that holds nothing but one block tag (`#als`, `#anders`, `/als`, `#elk`, `/elk`, `!`)
//! disappears whole, so a template can put each tag on its own line.
//!
//! Every name is checked against the document's field list when the template is loaded: an
//! unknown field, a list used as text, or an unclosed block is an error naming the file, the line
//! and the field. Rendering can then no longer fail.

use std::collections::BTreeMap;

/// What a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Plain text: escaped when inserted, so a name with `*` stays a name.
    Text,
    /// Ready Markdown (a generated section), inserted as is.
    Markdown,
    /// Ja/nee: only for `{{#als}}`.
    Flag,
    /// A list of records with these fields: only for `{{#elk}}` and `{{#als}}`.
    List(&'static [Field]),
}

/// One field a document offers its template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
}

pub const fn text(name: &'static str) -> Field {
    Field {
        name,
        kind: Kind::Text,
    }
}

pub const fn flag(name: &'static str) -> Field {
    Field {
        name,
        kind: Kind::Flag,
    }
}

pub const fn markdown(name: &'static str) -> Field {
    Field {
        name,
        kind: Kind::Markdown,
    }
}

pub const fn list(name: &'static str, item: &'static [Field]) -> Field {
    Field {
        name,
        kind: Kind::List(item),
    }
}

/// A value for a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Val {
    Text(String),
    Markdown(String),
    Flag(bool),
    List(Vec<Record>),
}

/// The values of one scope: the document, or one list item.
pub type Record = BTreeMap<String, Val>;

/// Builds a record field by field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rec(pub Record);

impl Rec {
    pub fn new() -> Rec {
        Rec::default()
    }
    pub fn text(mut self, name: &str, value: impl Into<String>) -> Rec {
        self.0.insert(name.to_string(), Val::Text(value.into()));
        self
    }
    pub fn markdown(mut self, name: &str, value: impl Into<String>) -> Rec {
        self.0.insert(name.to_string(), Val::Markdown(value.into()));
        self
    }
    pub fn flag(mut self, name: &str, value: bool) -> Rec {
        self.0.insert(name.to_string(), Val::Flag(value));
        self
    }
    pub fn list(mut self, name: &str, items: Vec<Record>) -> Rec {
        self.0.insert(name.to_string(), Val::List(items));
        self
    }
    pub fn texts<S: AsRef<str>>(self, name: &str, items: &[S]) -> Rec {
        let items = items
            .iter()
            .map(|s| Rec::new().text("tekst", s.as_ref()).0)
            .collect();
        self.list(name, items)
    }
}

/// A template that failed to load: file, line and what is wrong, in Dutch.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("sjabloon {file}, regel {line}: {message}")]
pub struct TemplateError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Node {
    Text(String),
    Field(String),
    If {
        name: String,
        then: Vec<Node>,
        otherwise: Vec<Node>,
    },
    Each {
        name: String,
        body: Vec<Node>,
    },
}

/// A loaded, checked template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pub file: String,
    nodes: Vec<Node>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Text(String),
    Field(String),
    Open { kind: String, name: String },
    Else,
    Close(String),
}

fn tokenize(src: &str, file: &str) -> Result<Vec<(Tok, usize)>, TemplateError> {
    let err = |line: usize, message: String| TemplateError {
        file: file.to_string(),
        line,
        message,
    };
    let mut out = Vec::new();
    for (i, raw) in src.split_inclusive('\n').enumerate() {
        let lineno = i + 1;
        let mut had_comment = false;
        let mut toks = Vec::new();
        let mut rest = raw;
        while let Some(start) = rest.find("{{") {
            if start > 0 {
                toks.push(Tok::Text(rest[..start].to_string()));
            }
            let after = &rest[start + 2..];
            let Some(end) = after.find("}}") else {
                return Err(err(
                    lineno,
                    "'{{' zonder afsluitende '}}' op dezelfde regel".into(),
                ));
            };
            let inner = after[..end].trim();
            rest = &after[end + 2..];
            if inner.starts_with('!') {
                had_comment = true;
                continue;
            }
            let tok = if let Some(open) = inner.strip_prefix('#') {
                let mut parts = open.split_whitespace();
                let kind = parts.next().unwrap_or("").to_string();
                match kind.as_str() {
                    "anders" if parts.next().is_none() => Tok::Else,
                    "als" | "elk" => {
                        let name = parts.next().unwrap_or("").to_string();
                        if name.is_empty() || parts.next().is_some() {
                            return Err(err(
                                lineno,
                                format!("'{{{{#{kind} …}}}}' verwacht precies één veldnaam"),
                            ));
                        }
                        Tok::Open { kind, name }
                    }
                    _ => {
                        return Err(err(
                            lineno,
                            format!("onbekende opdracht '#{kind}' (bekend: #als, #anders, #elk)"),
                        ));
                    }
                }
            } else if let Some(close) = inner.strip_prefix('/') {
                let kind = close.trim().to_string();
                if kind != "als" && kind != "elk" {
                    return Err(err(
                        lineno,
                        format!("onbekende afsluiting '/{kind}' (bekend: /als, /elk)"),
                    ));
                }
                Tok::Close(kind)
            } else {
                if inner.is_empty() || inner.contains(char::is_whitespace) {
                    return Err(err(lineno, format!("ongeldige veldnaam '{inner}'")));
                }
                Tok::Field(inner.to_string())
            };
            toks.push(tok);
        }
        if !rest.is_empty() {
            toks.push(Tok::Text(rest.to_string()));
        }
        // A line with only block tags or comments (and blanks) vanishes whole.
        let tags = toks.iter().filter(|t| !matches!(t, Tok::Text(_))).count();
        let blocks_only = (tags > 0 || had_comment)
            && toks.iter().all(|t| match t {
                Tok::Text(s) => s.trim().is_empty(),
                Tok::Field(_) => false,
                _ => true,
            });
        for t in toks {
            if blocks_only && matches!(t, Tok::Text(_)) {
                continue;
            }
            out.push((t, lineno));
        }
    }
    Ok(out)
}

/// Parses tokens until the closing tag `until` (or the end at top level).
fn parse(
    toks: &[(Tok, usize)],
    pos: &mut usize,
    until: Option<(&str, usize)>,
    file: &str,
) -> Result<(Vec<Node>, Vec<Node>), TemplateError> {
    let err = |line: usize, message: String| TemplateError {
        file: file.to_string(),
        line,
        message,
    };
    let mut nodes = Vec::new();
    let mut otherwise: Option<Vec<Node>> = None;
    while *pos < toks.len() {
        let (tok, line) = &toks[*pos];
        *pos += 1;
        let target = match otherwise.as_mut() {
            Some(o) => o,
            None => &mut nodes,
        };
        match tok {
            Tok::Text(s) => match target.last_mut() {
                Some(Node::Text(prev)) => prev.push_str(s),
                _ => target.push(Node::Text(s.clone())),
            },
            Tok::Field(name) => target.push(Node::Field(name.clone())),
            Tok::Open { kind, name } => {
                let (body, alt) = parse(toks, pos, Some((kind, *line)), file)?;
                target.push(if kind == "als" {
                    Node::If {
                        name: name.clone(),
                        then: body,
                        otherwise: alt,
                    }
                } else {
                    Node::Each {
                        name: name.clone(),
                        body,
                    }
                });
            }
            Tok::Else => match until {
                Some(("als", _)) if otherwise.is_none() => otherwise = Some(Vec::new()),
                _ => {
                    return Err(err(
                        *line,
                        "'{{#anders}}' hoort binnen één '{{#als …}}'".into(),
                    ));
                }
            },
            Tok::Close(kind) => match until {
                Some((open, _)) if open == kind => {
                    return Ok((nodes, otherwise.unwrap_or_default()));
                }
                Some((open, _)) => {
                    return Err(err(
                        *line,
                        format!("'{{{{/{kind}}}}}' sluit een '{{{{#{open}}}}}' af"),
                    ));
                }
                None => {
                    return Err(err(
                        *line,
                        format!("'{{{{/{kind}}}}}' zonder bijbehorende '{{{{#{kind} …}}}}'"),
                    ));
                }
            },
        }
    }
    match until {
        Some((open, line)) => Err(err(
            line,
            format!("'{{{{#{open} …}}}}' wordt niet afgesloten met '{{{{/{open}}}}}'"),
        )),
        None => Ok((nodes, Vec::new())),
    }
}

fn lookup<'a>(scopes: &[&'a [Field]], name: &str) -> Option<&'a Field> {
    scopes
        .iter()
        .rev()
        .find_map(|s| s.iter().find(|f| f.name == name))
}

fn check(
    nodes: &[Node],
    scopes: &mut Vec<&'static [Field]>,
    file: &str,
    lines: &dyn Fn(&str) -> usize,
) -> Result<(), TemplateError> {
    let err = |name: &str, message: String| TemplateError {
        file: file.to_string(),
        line: lines(name),
        message,
    };
    for n in nodes {
        match n {
            Node::Text(_) => {}
            Node::Field(name) => match lookup(scopes, name).map(|f| f.kind) {
                None => {
                    return Err(err(
                        name,
                        format!(
                            "onbekend veld '{name}' (velden hier: {})",
                            known(scopes).join(", ")
                        ),
                    ));
                }
                Some(Kind::Flag) => {
                    return Err(err(
                        name,
                        format!("veld '{name}' is ja/nee; gebruik het in '{{{{#als {name}}}}}'"),
                    ));
                }
                Some(Kind::List(_)) => {
                    return Err(err(
                        name,
                        format!("veld '{name}' is een lijst; gebruik '{{{{#elk {name}}}}}'"),
                    ));
                }
                Some(_) => {}
            },
            Node::If {
                name,
                then,
                otherwise,
            } => {
                if lookup(scopes, name).is_none() {
                    return Err(err(
                        name,
                        format!(
                            "onbekend veld '{name}' (velden hier: {})",
                            known(scopes).join(", ")
                        ),
                    ));
                }
                check(then, scopes, file, lines)?;
                check(otherwise, scopes, file, lines)?;
            }
            Node::Each { name, body } => match lookup(scopes, name).map(|f| f.kind) {
                Some(Kind::List(item)) => {
                    scopes.push(item);
                    let r = check(body, scopes, file, lines);
                    scopes.pop();
                    r?;
                }
                Some(_) => {
                    return Err(err(name, format!("veld '{name}' is geen lijst")));
                }
                None => {
                    return Err(err(
                        name,
                        format!(
                            "onbekende lijst '{name}' (velden hier: {})",
                            known(scopes).join(", ")
                        ),
                    ));
                }
            },
        }
    }
    Ok(())
}

fn known(scopes: &[&[Field]]) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = scopes
        .iter()
        .flat_map(|s| s.iter().map(|f| f.name))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

impl Template {
    /// Parses `src` (named `file` in messages) and checks every name against `fields`.
    pub fn load(
        src: &str,
        file: &str,
        fields: &'static [Field],
    ) -> Result<Template, TemplateError> {
        let toks = tokenize(src, file)?;
        let mut pos = 0;
        let (nodes, _) = parse(&toks, &mut pos, None, file)?;
        // The first line a name appears on, for messages.
        let first_line = |name: &str| {
            toks.iter()
                .find(|(t, _)| match t {
                    Tok::Field(n) => n == name,
                    Tok::Open { name: n, .. } => n == name,
                    _ => false,
                })
                .map_or(0, |(_, l)| *l)
        };
        check(&nodes, &mut vec![fields], file, &first_line)?;
        Ok(Template {
            file: file.to_string(),
            nodes,
        })
    }

    /// Fills the template. Fields the data lacks render empty (the document builders are tested
    /// to give every field).
    pub fn render(&self, data: &Record) -> String {
        let mut out = String::new();
        render_nodes(&self.nodes, &mut vec![data], &mut out);
        // Blank lines left by empty blocks: at most one in a row.
        let mut tidy = String::with_capacity(out.len());
        let mut blank = 0;
        for line in out.lines() {
            if line.trim().is_empty() {
                blank += 1;
                if blank > 1 {
                    continue;
                }
                tidy.push('\n');
            } else {
                blank = 0;
                tidy.push_str(line.trim_end());
                tidy.push('\n');
            }
        }
        tidy.trim_start_matches('\n').to_string()
    }
}

fn get<'a>(scopes: &[&'a Record], name: &str) -> Option<&'a Val> {
    scopes.iter().rev().find_map(|r| r.get(name))
}

fn render_nodes<'a>(nodes: &'a [Node], scopes: &mut Vec<&'a Record>, out: &mut String) {
    for n in nodes {
        match n {
            Node::Text(s) => out.push_str(s),
            Node::Field(name) => match get(scopes, name) {
                Some(Val::Text(s)) => out.push_str(&escape(s)),
                Some(Val::Markdown(s)) => out.push_str(s),
                _ => {}
            },
            Node::If {
                name,
                then,
                otherwise,
            } => {
                let set = match get(scopes, name) {
                    Some(Val::Text(s) | Val::Markdown(s)) => !s.trim().is_empty(),
                    Some(Val::Flag(b)) => *b,
                    Some(Val::List(l)) => !l.is_empty(),
                    None => false,
                };
                render_nodes(if set { then } else { otherwise }, scopes, out);
            }
            Node::Each { name, body } => {
                if let Some(Val::List(items)) = get(scopes, name) {
                    for item in items {
                        scopes.push(item);
                        render_nodes(body, scopes, out);
                        scopes.pop();
                    }
                }
            }
        }
    }
}

/// Escapes text for the Markdown subset of `markup`: markup characters become literal, and a
/// line break becomes a space (a value never starts a new block).
pub fn escape(s: &str) -> String {
    let inline = crate::app::intake_report::esc(s);
    // A value never starts a heading, list item or quote.
    if s.starts_with(['#', '-', '>']) {
        format!("\\{inline}")
    } else {
        inline
    }
}
