//! Documents a case produces: the beschikking, the advice to the kantonrechter, the list of
//! documents for the client and the intakeverslag, each from a Markdown template with named
//! fields (see `template`), written as PDF (`pdf`) or plain text (`plain`).
//!
//! The shipped templates are embedded; a municipality puts its own versions (same file names) in
//! a folder given with `--sjablonen MAP`. Every template is checked when it is loaded.
//!
//! Pure apart from `load` (reads the template folder) and `write_atomic` (writes the result).

pub mod documents;
pub mod inzage;
pub mod markup;
pub mod pdf;
pub mod plain;
pub mod template;

use crate::app::Env;
use crate::domain::case::Case;
use crate::domain::history::Event;
use crate::domain::segment::Outcome;
use std::path::Path;
use template::{Field, Template, TemplateError};

pub use crate::format::soort::Soort;

/// What the letters add to a kind of document: its template file and fields.
impl Soort {
    pub fn template_file(self) -> String {
        format!("{}.md", self.id())
    }

    pub fn fields(self) -> &'static [Field] {
        match self {
            Soort::Beschikking => documents::BESCHIKKING_FIELDS,
            Soort::Advies => documents::ADVIES_FIELDS,
            Soort::Documenten => documents::DOCUMENTEN_FIELDS,
            Soort::Intakeverslag => documents::INTAKEVERSLAG_FIELDS,
        }
    }

    pub fn embedded_template(self) -> &'static str {
        match self {
            Soort::Beschikking => include_str!("../../fixtures/sjablonen/beschikking.md"),
            Soort::Advies => include_str!("../../fixtures/sjablonen/advies.md"),
            Soort::Documenten => include_str!("../../fixtures/sjablonen/documenten.md"),
            Soort::Intakeverslag => include_str!("../../fixtures/sjablonen/intakeverslag.md"),
        }
    }
}

/// The output format, from the file extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Text,
}

impl Format {
    /// `.pdf` or `.txt` (any case); anything else is None.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "pdf" => Some(Format::Pdf),
            "txt" => Some(Format::Text),
            _ => None,
        }
    }
}

/// The four templates in use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sjablonen {
    templates: Vec<(Soort, Template)>,
}

impl Sjablonen {
    /// The shipped templates. Checked by tests, so a failure is a build defect.
    pub fn embedded() -> Sjablonen {
        match Sjablonen::load(None) {
            Ok(s) => s,
            Err(problems) => panic!("embedded templates are invalid: {problems:?}"),
        }
    }

    /// The shipped templates, each replaced by `<dir>/<soort>.md` when that file exists. Every
    /// problem is returned (file, line and field named).
    pub fn load(dir: Option<&Path>) -> Result<Sjablonen, Vec<String>> {
        if let Some(d) = dir
            && !d.is_dir()
        {
            return Err(vec![format!("{} is geen map met sjablonen", d.display())]);
        }
        let mut templates = Vec::new();
        let mut problems = Vec::new();
        // A misnamed file would silently leave the shipped template in use: name it.
        if let Some(d) = dir
            && let Ok(entries) = std::fs::read_dir(d)
        {
            let mut unknown: Vec<String> = entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".md"))
                .filter(|n| !Soort::ALL.iter().any(|s| s.template_file() == *n))
                .collect();
            unknown.sort();
            for n in unknown {
                problems.push(format!(
                    "sjabloon {}: onbekende naam (bekend: {})",
                    d.join(&n).display(),
                    Soort::ALL.map(Soort::template_file).join(", ")
                ));
            }
        }
        for soort in Soort::ALL {
            let own = dir.map(|d| d.join(soort.template_file()));
            let loaded: Result<Template, String> = match own.filter(|p| p.exists()) {
                Some(path) => match std::fs::read_to_string(&path) {
                    Ok(src) => Template::load(&src, &path.display().to_string(), soort.fields())
                        .map_err(|e: TemplateError| e.to_string()),
                    Err(e) => Err(format!(
                        "sjabloon {} kan niet worden gelezen: {}",
                        path.display(),
                        crate::format::io_reason(&e)
                    )),
                },
                None => Template::load(
                    soort.embedded_template(),
                    &format!("(ingebouwd) {}", soort.template_file()),
                    soort.fields(),
                )
                .map_err(|e| e.to_string()),
            };
            match loaded {
                Ok(t) => templates.push((soort, t)),
                Err(p) => problems.push(p),
            }
        }
        if problems.is_empty() {
            Ok(Sjablonen { templates })
        } else {
            Err(problems)
        }
    }

    pub fn get(&self, soort: Soort) -> Option<&Template> {
        self.templates
            .iter()
            .find(|(s, _)| *s == soort)
            .map(|(_, t)| t)
    }
}

/// What a document needs besides the case.
pub struct Input<'a> {
    pub case: &'a Case,
    pub outcome: &'a Outcome,
    pub history: &'a [Event],
    pub env: &'a Env,
    /// A refusal the screener wrote (beschikking only).
    pub afwijzing: Option<&'a str>,
}

/// The document as Markdown, or what the case lacks for it.
pub fn markdown(
    soort: Soort,
    sjablonen: &Sjablonen,
    input: &Input,
) -> Result<String, documents::Ontbreekt> {
    let data = match soort {
        Soort::Beschikking => {
            documents::beschikking(input.case, input.outcome, input.env, input.afwijzing)?
        }
        Soort::Advies => documents::advies(input.case, input.outcome, input.env)?,
        Soort::Documenten => documents::documentenlijst(input.case, input.env)?,
        Soort::Intakeverslag => {
            documents::intakeverslag(input.case, input.outcome, input.history, input.env)
        }
    };
    Ok(sjablonen
        .get(soort)
        .map(|t| t.render(&data))
        .unwrap_or_default())
}

/// The finished document in the chosen format.
pub fn render(soort: Soort, md: &str, case: &Case, env: &Env, format: Format) -> Vec<u8> {
    let (naam, adres) = documents::gemeente(env);
    let head = pdf::Letterhead {
        naam,
        adres,
        title: format!("{} {}", soort.title(), case.case_id),
        footer: format!("{} · zaak {}", soort.title(), case.case_id),
    };
    let blocks = markup::parse(md);
    match format {
        Format::Pdf => pdf::write(&blocks, &head),
        Format::Text => plain::write(&blocks, &head).into_bytes(),
    }
}

/// The default file name: `<soort>-<zaaknummer>.pdf`.
pub fn default_file_name(soort: Soort, case_id: &str) -> String {
    format!(
        "{}-{}.pdf",
        soort.id(),
        crate::format::file_name::file_stem(case_id)
    )
}

/// Writes `bytes` to `path` atomically: a new temporary file in the same folder (created
/// exclusively, readable only by the owner), synced, then renamed over the target.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::format::atomic::write_atomic(path, bytes)
}

/// The history event for a document made. HOOK(toegangslog): the access log (issue 16, built
/// elsewhere) should record the same fact — who made which document of which case, and where it
/// went; call it next to every use of this function.
pub fn document_made(
    soort: Soort,
    bestand: &Path,
    afwijzing: Option<&str>,
) -> crate::domain::history::Change {
    crate::domain::history::Change::DocumentMade {
        soort: soort.id().to_string(),
        bestand: bestand.display().to_string(),
        afwijzing: afwijzing.map(|r| r.trim().to_string()),
    }
}
