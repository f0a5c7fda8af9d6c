//! The `loket-case/1` exchange format (CASE-FORMAT.md): parse, validate, emit.
//!
//! Bad input is refused whole. Parsing collects every problem it can find (after the format
//! version, which must be right before anything else is read) so a person fixes a file in one go.
//!
//! Decisions where CASE-FORMAT.md is silent:
//! - Unknown keys (top level, `client`, a debt, a note, `decision`) are refused with a message
//!   naming the key and the keys that are known: a typo must not silently drop data.
//! - Besides the documented keys, a file may carry `status` (one of the status ids) and
//!   `decision` (the recorded proposal/override), so that export followed by import gives back the
//!   same case. Timestamps of the case itself are not exchanged: the importer sets them.
//! - `null` counts as absent everywhere a key is optional.
//! - Note timestamps may carry any RFC 3339 offset; they are stored (and emitted) in UTC.
//! - A debt's `collector` and `garnishment` default to `false` when absent.

use super::answers::Answers;
use super::bsn::Bsn;
use super::case::{Case, Client, Debt, DebtCategory, Note, Status};
use super::checklist::{Checklists, encode_json};
use super::money;
use super::provision::{Decision, Provision};
use super::suggest::closest;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde_json::{Map, Value as J};

pub const FORMAT: &str = "loket-case/1";

const TOP_KEYS: [&str; 8] = [
    "format", "case_id", "client", "status", "answers", "debts", "notes", "decision",
];
const CLIENT_KEYS: [&str; 5] = ["name", "birth_date", "bsn", "phone", "address"];
const DEBT_KEYS: [&str; 5] = ["creditor", "category", "amount", "collector", "garnishment"];
const NOTE_KEYS: [&str; 3] = ["at", "by", "text"];
const DECISION_KEYS: [&str; 5] = ["proposed", "decided", "reason", "at", "by"];

/// A validated case file: everything a case needs except its store identity and timestamps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseFile {
    pub case_id: Option<String>,
    pub client: Client,
    pub status: Option<Status>,
    /// Typed answers; each stamped with the version of the checklist it belongs to.
    pub answers: Answers,
    pub debts: Vec<Debt>,
    pub notes: Vec<Note>,
    pub decision: Option<Decision>,
}

/// Why a case file was refused. Display is Dutch, one line per problem.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CaseFileError {
    /// The text is not JSON at all.
    #[error("geen geldige JSON op regel {line}, kolom {column}: {message}")]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    /// The JSON is readable but breaks the format; every problem found, each naming its place.
    #[error("{}", .0.join("\n"))]
    Invalid(Vec<String>),
}

impl CaseFileError {
    /// Every problem as its own Dutch sentence.
    pub fn problems(&self) -> Vec<String> {
        match self {
            CaseFileError::Invalid(p) => p.clone(),
            other => vec![other.to_string()],
        }
    }
}

impl CaseFile {
    /// The case this file describes, under the given id, created and updated `now`.
    pub fn into_case(self, case_id: String, now: DateTime<Utc>) -> Case {
        let mut case = Case::new(case_id, self.client, now);
        case.status = self.status.unwrap_or_default();
        case.answers = self.answers;
        case.debts = self.debts;
        case.notes = self.notes;
        case.decision = self.decision;
        case
    }
}

/// Parses and validates a `loket-case/1` file against the checklists.
pub fn parse_case_file(text: &str, checklists: &Checklists) -> Result<CaseFile, CaseFileError> {
    let json: J = serde_json::from_str(text).map_err(|e| CaseFileError::Json {
        line: e.line(),
        column: e.column(),
        message: dutch_json_error(&e),
    })?;
    let Some(top) = json.as_object() else {
        return Err(CaseFileError::Invalid(vec![
            "het bestand moet een JSON-object zijn ({ ... }), met \"format\": \"loket-case/1\""
                .to_string(),
        ]));
    };
    match top.get("format") {
        Some(J::String(f)) if f == FORMAT => {}
        Some(J::String(f)) => {
            return Err(CaseFileError::Invalid(vec![format!(
                "format: onbekende formaatversie \"{f}\"; deze versie van loket leest \"{FORMAT}\""
            )]));
        }
        Some(other) => {
            return Err(CaseFileError::Invalid(vec![format!(
                "format: {other} is geen formaatversie; verwacht \"{FORMAT}\""
            )]));
        }
        None => {
            return Err(CaseFileError::Invalid(vec![format!(
                "format: ontbreekt; verwacht \"format\": \"{FORMAT}\""
            )]));
        }
    }

    let mut p = Problems::default();
    p.unknown_keys(top, "", &TOP_KEYS);
    let case_id = match top.get("case_id") {
        None | Some(J::Null) => None,
        Some(J::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(J::String(_)) => {
            p.push("case_id: is leeg; laat het weg of geef een zaaknummer".to_string());
            None
        }
        Some(other) => {
            p.push(format!("case_id: {other} is geen tekst"));
            None
        }
    };
    let client = parse_client(top.get("client"), &mut p);
    let status = match top.get("status") {
        None | Some(J::Null) => None,
        Some(J::String(s)) => match Status::from_id(s) {
            Some(st) => Some(st),
            None => {
                let ids: Vec<&str> = Status::ALL.iter().map(|s| s.id()).collect();
                p.push(format!(
                    "status: onbekende status \"{s}\"; toegestaan: {}",
                    ids.join(", ")
                ));
                None
            }
        },
        Some(other) => {
            p.push(format!("status: {other} is geen tekst"));
            None
        }
    };
    let debts = parse_debts(top.get("debts"), &mut p);
    let answers = parse_answers(top.get("answers"), checklists, !debts.is_empty(), &mut p);
    let notes = parse_notes(top.get("notes"), &mut p);
    let decision = parse_decision(top.get("decision"), &mut p);

    if !p.0.is_empty() {
        return Err(CaseFileError::Invalid(p.0));
    }
    Ok(CaseFile {
        case_id,
        client: client.unwrap_or_default(),
        status,
        answers,
        debts,
        notes,
        decision,
    })
}

/// The case in the exchange format. Keys come out in a stable (sorted) order; answers of each
/// started checklist are written, also an empty one. When the debt list is non-empty the
/// answers it supplies (`schulden.totaal`, `schulden.schuldeisers`) are left out, since giving
/// both is an error on import.
pub fn to_case_json(case: &Case, checklists: &Checklists) -> J {
    let mut top = Map::new();
    top.insert("format".into(), J::from(FORMAT));
    top.insert("case_id".into(), J::from(case.case_id.clone()));
    let c = &case.client;
    let mut client = Map::new();
    client.insert("name".into(), J::from(c.name.clone()));
    if let Some(d) = c.birth_date {
        client.insert("birth_date".into(), J::from(date(d)));
    }
    if let Some(b) = &c.bsn {
        client.insert("bsn".into(), J::from(b.as_str()));
    }
    if let Some(ph) = &c.phone {
        client.insert("phone".into(), J::from(ph.clone()));
    }
    if let Some(a) = &c.address {
        client.insert("address".into(), J::from(a.clone()));
    }
    top.insert("client".into(), J::Object(client));
    top.insert("status".into(), J::from(case.status.id()));

    let mut answers = Map::new();
    for (cl_id, items) in &case.answers.0 {
        let checklist = checklists.get(cl_id);
        let mut out = Map::new();
        for (item_id, answer) in items {
            let derived = checklist
                .and_then(|cl| cl.item(item_id))
                .is_some_and(|i| i.derived_from_debts);
            if derived && !case.debts.is_empty() {
                continue;
            }
            out.insert(item_id.clone(), encode_json(&answer.value));
        }
        answers.insert(cl_id.clone(), J::Object(out));
    }
    top.insert("answers".into(), J::Object(answers));

    let debts = case
        .debts
        .iter()
        .map(|d| {
            let mut m = Map::new();
            m.insert("creditor".into(), J::from(d.creditor.clone()));
            m.insert("category".into(), J::from(d.category.id()));
            m.insert("amount".into(), J::from(money::to_contract(d.amount)));
            m.insert("collector".into(), J::Bool(d.collector));
            m.insert("garnishment".into(), J::Bool(d.garnishment));
            J::Object(m)
        })
        .collect();
    top.insert("debts".into(), J::Array(debts));
    let notes = case
        .notes
        .iter()
        .map(|n| {
            let mut m = Map::new();
            m.insert("at".into(), J::from(timestamp(n.at)));
            m.insert("by".into(), J::from(n.by.clone()));
            m.insert("text".into(), J::from(n.text.clone()));
            J::Object(m)
        })
        .collect();
    top.insert("notes".into(), J::Array(notes));
    if let Some(d) = &case.decision {
        let mut m = Map::new();
        m.insert(
            "proposed".into(),
            d.proposed.map_or(J::Null, |p| J::from(p.id())),
        );
        m.insert("decided".into(), J::from(d.decided.id()));
        m.insert("reason".into(), d.reason.clone().map_or(J::Null, J::from));
        m.insert("at".into(), J::from(timestamp(d.at)));
        m.insert("by".into(), J::from(d.by.clone()));
        top.insert("decision".into(), J::Object(m));
    }
    J::Object(top)
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

#[derive(Default)]
struct Problems(Vec<String>);

impl Problems {
    fn push(&mut self, s: String) {
        self.0.push(s);
    }

    fn unknown_keys(&mut self, obj: &Map<String, J>, at: &str, known: &[&str]) {
        for k in obj.keys() {
            if !known.contains(&k.as_str()) {
                let hint = closest(k, known.iter().copied())
                    .map(|n| format!("bedoelt u \"{n}\"? "))
                    .unwrap_or_default();
                self.push(format!(
                    "{at}{k}: onbekende sleutel; {hint}bekend zijn: {}",
                    known.join(", ")
                ));
            }
        }
    }

    /// An optional text field: absent/null → None; non-text → problem.
    fn opt_text(&mut self, obj: &Map<String, J>, at: &str, key: &str) -> Option<String> {
        match obj.get(key) {
            None | Some(J::Null) => None,
            Some(J::String(s)) => Some(s.clone()),
            Some(other) => {
                self.push(format!("{at}{key}: {other} is geen tekst"));
                None
            }
        }
    }

    fn opt_bool(&mut self, obj: &Map<String, J>, at: &str, key: &str) -> bool {
        match obj.get(key) {
            None | Some(J::Null) => false,
            Some(J::Bool(b)) => *b,
            Some(other) => {
                self.push(format!(
                    "{at}{key}: {other} is ongeldig; verwacht true of false"
                ));
                false
            }
        }
    }

    fn timestamp(&mut self, obj: &Map<String, J>, at: &str, key: &str) -> Option<DateTime<Utc>> {
        match obj.get(key) {
            Some(J::String(s)) => match DateTime::parse_from_rfc3339(s) {
                Ok(t) => Some(t.with_timezone(&Utc)),
                Err(_) => {
                    self.push(format!(
                        "{at}{key}: \"{s}\" is geen tijdstip; verwacht RFC 3339 in UTC, bijv. \"2026-11-02T10:15:00Z\""
                    ));
                    None
                }
            },
            None | Some(J::Null) => {
                self.push(format!(
                    "{at}{key}: ontbreekt; verwacht een tijdstip als \"2026-11-02T10:15:00Z\""
                ));
                None
            }
            Some(other) => {
                self.push(format!(
                    "{at}{key}: {other} is geen tijdstip; verwacht RFC 3339 in UTC, bijv. \"2026-11-02T10:15:00Z\""
                ));
                None
            }
        }
    }
}

fn object<'a>(v: &'a J, at: &str, p: &mut Problems) -> Option<&'a Map<String, J>> {
    match v {
        J::Object(m) => Some(m),
        other => {
            p.push(format!("{at}: {other} is geen object ({{ ... }})"));
            None
        }
    }
}

fn array<'a>(v: Option<&'a J>, at: &str, p: &mut Problems) -> &'a [J] {
    match v {
        None | Some(J::Null) => &[],
        Some(J::Array(a)) => a,
        Some(other) => {
            p.push(format!("{at}: {other} is geen lijst ([ ... ])"));
            &[]
        }
    }
}

fn parse_client(v: Option<&J>, p: &mut Problems) -> Option<Client> {
    let Some(v) = v.filter(|v| !v.is_null()) else {
        p.push("client: ontbreekt; een zaak heeft een cliënt met een naam".to_string());
        return None;
    };
    let obj = object(v, "client", p)?;
    p.unknown_keys(obj, "client.", &CLIENT_KEYS);
    let name = match obj.get("name") {
        Some(J::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(J::String(_)) => {
            p.push("client.name: de naam is leeg; vul de naam van de cliënt in".to_string());
            String::new()
        }
        None | Some(J::Null) => {
            p.push("client.name: ontbreekt; vul de naam van de cliënt in".to_string());
            String::new()
        }
        Some(other) => {
            p.push(format!("client.name: {other} is geen tekst"));
            String::new()
        }
    };
    let birth_date = match obj.get("birth_date") {
        None | Some(J::Null) => None,
        Some(J::String(s)) => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                p.push(format!(
                    "client.birth_date: \"{s}\" is geen datum; verwacht JJJJ-MM-DD, bijv. \"1985-06-01\""
                ));
                None
            }
        },
        Some(other) => {
            p.push(format!(
                "client.birth_date: {other} is geen datum; verwacht JJJJ-MM-DD, bijv. \"1985-06-01\""
            ));
            None
        }
    };
    let bsn = match obj.get("bsn") {
        None | Some(J::Null) => None,
        Some(J::String(s)) => match Bsn::parse(s) {
            Ok(b) => Some(b),
            Err(e) => {
                p.push(format!("client.bsn: {e}"));
                None
            }
        },
        Some(other) => {
            p.push(format!(
                "client.bsn: {other} is geen BSN; schrijf het als tekst van 9 cijfers, bijv. \"111222333\""
            ));
            None
        }
    };
    let phone = p.opt_text(obj, "client.", "phone");
    let address = p.opt_text(obj, "client.", "address");
    Some(Client {
        name,
        birth_date,
        bsn,
        phone,
        address,
    })
}

fn parse_answers(
    v: Option<&J>,
    checklists: &Checklists,
    has_debts: bool,
    p: &mut Problems,
) -> Answers {
    let mut answers = Answers::default();
    let Some(v) = v.filter(|v| !v.is_null()) else {
        return answers;
    };
    let Some(obj) = object(v, "answers", p) else {
        return answers;
    };
    let ids: Vec<&str> = checklists.all().iter().map(|c| c.id.as_str()).collect();
    // Known checklists in their own order first, so problems read in the order of the intake.
    let mut entries: Vec<(&String, &J)> = obj.iter().collect();
    entries.sort_by_key(|(id, _)| ids.iter().position(|k| k == id).unwrap_or(usize::MAX));
    for (cl_id, items) in entries {
        let Some(checklist) = checklists.get(cl_id) else {
            let hint = closest(cl_id, ids.iter().copied())
                .map(|n| format!("bedoelt u \"{n}\"? "))
                .unwrap_or_default();
            p.push(format!(
                "answers.{cl_id}: onbekende checklist \"{cl_id}\"; {hint}bekend zijn: {}",
                ids.join(", ")
            ));
            continue;
        };
        let at = format!("answers.{cl_id}");
        let Some(items) = object(items, &at, p) else {
            continue;
        };
        answers.start(cl_id);
        for (item_id, value) in items {
            let Some(item) = checklist.item(item_id) else {
                let elsewhere = checklists
                    .find_item(item_id)
                    .map(|(cl, _)| format!("; dit item hoort bij checklist \"{}\"", cl.id));
                let msg = match elsewhere {
                    Some(e) => format!("{at}: onbekend item \"{item_id}\" in checklist {cl_id}{e}"),
                    None => {
                        let hint = closest(item_id, checklist.items().map(|i| i.id.as_str()))
                            .map(|n| format!("; bedoelt u \"{n}\"?"))
                            .unwrap_or_default();
                        format!("{at}: onbekend item \"{item_id}\" in checklist {cl_id}{hint}")
                    }
                };
                p.push(msg);
                continue;
            };
            match item.decode_json(value) {
                Ok(None) => {}
                Ok(Some(val)) => {
                    if item.derived_from_debts && has_debts {
                        p.push(format!(
                            "{at}: {item_id} is opgegeven terwijl de schuldenlijst (debts) niet leeg is; \
                             dit antwoord volgt dan uit de schuldenlijst: laat het weg"
                        ));
                        continue;
                    }
                    answers.set(cl_id, item_id, Some(val), checklist.version);
                }
                Err(e) => p.push(format!("{at}: {e}")),
            }
        }
    }
    answers
}

fn parse_debts(v: Option<&J>, p: &mut Problems) -> Vec<Debt> {
    let mut out = Vec::new();
    for (n, d) in array(v, "debts", p).iter().enumerate() {
        let at = format!("debts[{}].", n + 1);
        let Some(obj) = object(d, &format!("debts[{}]", n + 1), p) else {
            continue;
        };
        p.unknown_keys(obj, &at, &DEBT_KEYS);
        let creditor = match obj.get("creditor") {
            Some(J::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(J::String(_)) | None | Some(J::Null) => {
                p.push(format!(
                    "{at}creditor: ontbreekt of is leeg; noem de schuldeiser"
                ));
                None
            }
            Some(other) => {
                p.push(format!("{at}creditor: {other} is geen tekst"));
                None
            }
        };
        let allowed: Vec<&str> = DebtCategory::ALL.iter().map(|c| c.id()).collect();
        let category = match obj.get("category") {
            Some(J::String(s)) => match DebtCategory::from_id(s) {
                Some(c) => Some(c),
                None => {
                    p.push(format!(
                        "{at}category: onbekende categorie \"{s}\"; toegestaan: {}",
                        allowed.join(", ")
                    ));
                    None
                }
            },
            other => {
                let shown = other.map_or("niets".to_string(), J::to_string);
                p.push(format!(
                    "{at}category: {shown} is ongeldig; verwacht één van: {}",
                    allowed.join(", ")
                ));
                None
            }
        };
        let amount = match obj.get("amount") {
            Some(J::String(s)) => match money::parse_contract(s) {
                Ok(a) => Some(a),
                Err(e) => {
                    p.push(format!("{at}amount: {e}"));
                    None
                }
            },
            other => {
                let shown = other.map_or("niets".to_string(), J::to_string);
                p.push(format!(
                    "{at}amount: {shown} is ongeldig; verwacht een bedrag als tekst, bijv. \"1200.00\" (geen getal)"
                ));
                None
            }
        };
        let collector = p.opt_bool(obj, &at, "collector");
        let garnishment = p.opt_bool(obj, &at, "garnishment");
        if let (Some(creditor), Some(category), Some(amount)) = (creditor, category, amount) {
            out.push(Debt {
                creditor,
                category,
                amount,
                collector,
                garnishment,
            });
        }
    }
    out
}

fn parse_notes(v: Option<&J>, p: &mut Problems) -> Vec<Note> {
    let mut out = Vec::new();
    for (n, d) in array(v, "notes", p).iter().enumerate() {
        let at = format!("notes[{}].", n + 1);
        let Some(obj) = object(d, &format!("notes[{}]", n + 1), p) else {
            continue;
        };
        p.unknown_keys(obj, &at, &NOTE_KEYS);
        let when = p.timestamp(obj, &at, "at");
        let by = p.opt_text(obj, &at, "by").unwrap_or_default();
        let text = match p.opt_text(obj, &at, "text") {
            Some(t) => Some(t),
            None => {
                p.push(format!("{at}text: ontbreekt"));
                None
            }
        };
        if let (Some(at), Some(text)) = (when, text) {
            out.push(Note { at, by, text });
        }
    }
    out
}

fn parse_decision(v: Option<&J>, p: &mut Problems) -> Option<Decision> {
    let v = v.filter(|v| !v.is_null())?;
    let obj = object(v, "decision", p)?;
    p.unknown_keys(obj, "decision.", &DECISION_KEYS);
    let ids: Vec<&str> = Provision::ALL.iter().map(|p| p.id()).collect();
    let provision = |key: &str, p: &mut Problems| -> Option<Option<Provision>> {
        match obj.get(key) {
            None | Some(J::Null) => Some(None),
            Some(J::String(s)) => match Provision::from_id(s) {
                Some(pr) => Some(Some(pr)),
                None => {
                    p.push(format!(
                        "decision.{key}: onbekende voorziening \"{s}\"; toegestaan: {}",
                        ids.join(", ")
                    ));
                    None
                }
            },
            Some(other) => {
                p.push(format!("decision.{key}: {other} is geen voorziening"));
                None
            }
        }
    };
    let proposed = provision("proposed", p);
    let decided = provision("decided", p);
    let reason = p
        .opt_text(obj, "decision.", "reason")
        .filter(|r| !r.trim().is_empty());
    let at = p.timestamp(obj, "decision.", "at");
    let by = p.opt_text(obj, "decision.", "by").unwrap_or_default();
    let decided = match decided {
        Some(Some(d)) => d,
        Some(None) => {
            p.push("decision.decided: ontbreekt; welke voorziening is gekozen?".to_string());
            return None;
        }
        None => return None,
    };
    let proposed = proposed?;
    if proposed != Some(decided) && reason.is_none() {
        p.push(
            "decision.reason: ontbreekt; een afwijking van het voorstel heeft een reden nodig"
                .to_string(),
        );
        return None;
    }
    Some(Decision {
        proposed,
        decided,
        reason,
        at: at?,
        by,
    })
}

/// serde_json's messages are English; the person at the counter reads Dutch.
fn dutch_json_error(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    if e.classify() == Category::Eof {
        return "het bestand houdt onverwacht op (ontbreekt er een } of ]?)".to_string();
    }
    let text = e.to_string();
    let known = [
        ("trailing comma", "een komma te veel vóór } of ]"),
        ("expected `,` or `}`", "verwacht een komma of }"),
        ("expected `,` or `]`", "verwacht een komma of ]"),
        (
            "expected `:`",
            "verwacht een dubbele punt (:) na de sleutel",
        ),
        (
            "key must be a string",
            "een sleutel moet tussen dubbele aanhalingstekens staan",
        ),
        ("expected value", "hier wordt een waarde verwacht"),
        (
            "expected ident",
            "onbekend woord; bedoelt u true, false of null?",
        ),
        (
            "trailing characters",
            "tekens na het einde van het JSON-object",
        ),
        (
            "control character",
            "een regeleinde of controleteken binnen een tekst",
        ),
        ("invalid escape", "ongeldige escape (\\) in een tekst"),
        ("invalid number", "ongeldig getal"),
        ("number out of range", "getal te groot"),
        ("invalid unicode", "ongeldig unicode-teken"),
    ];
    known
        .iter()
        .find(|(en, _)| text.contains(en))
        .map_or("syntaxfout".to_string(), |(_, nl)| (*nl).to_string())
}
