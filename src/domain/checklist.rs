//! Checklist definitions as data (TOML), their validation, conditions and completeness.
//! The shipped checklists are embedded; a municipality may edit a copy.

use super::answers::{Answers, Value};
use super::money;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};

pub const SCHULDHULP: &str = "schuldhulp";
pub const BEWIND: &str = "bewind";

const SCHULDHULP_TOML: &str = include_str!("../../fixtures/checklists/schuldhulp.toml");
const BEWIND_TOML: &str = include_str!("../../fixtures/checklists/bewind.toml");

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemType {
    Bool,
    Date,
    Eur,
    Int,
    Choice,
    Multi,
    Score,
    Text,
}

impl ItemType {
    /// What the exchange format expects for this type, in Dutch.
    pub fn expected(self) -> &'static str {
        match self {
            ItemType::Bool => "true of false",
            ItemType::Date => "een datum als \"2026-11-02\"",
            ItemType::Eur => "een bedrag als tekst, bijv. \"1450.00\"",
            ItemType::Int => "een geheel getal ≥ 0",
            ItemType::Choice => "één van de opties",
            ItemType::Multi => "een lijst van opties",
            ItemType::Score => "een score van 1 tot en met 5",
            ItemType::Text => "tekst",
        }
    }
}

/// Why a value does not fit an item: "<item>: <problem>".
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{item}: {problem}")]
pub struct ValueError {
    pub item: String,
    pub problem: ValueProblem,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ValueProblem {
    #[error("een bedrag kan niet negatief zijn")]
    Negative,
    #[error("hooguit twee decimalen")]
    TooManyDecimals,
    #[error(transparent)]
    Money(money::MoneyError),
    #[error("score {0} ligt niet tussen 1 en 5")]
    ScoreOutOfRange(u8),
    #[error("onbekende optie \"{option}\"; toegestaan: {allowed}")]
    UnknownOption { option: String, allowed: String },
    #[error("kies minstens één optie (of laat de vraag onbeantwoord)")]
    NothingChosen,
    #[error("een optie staat er dubbel in")]
    Twice,
    #[error("\"{0}\" kan niet samen met andere opties")]
    NotWithOthers(String),
    #[error("verwacht {0}")]
    Expected(&'static str),
    #[error("waarde {value} is ongeldig; verwacht {expected}")]
    Invalid {
        value: String,
        expected: &'static str,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Opt {
    pub id: String,
    pub label: String,
}

/// A condition under which an item is asked (and, when required, required).
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    Equals { item: String, value: Value },
    Contains { item: String, option: String },
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

impl Condition {
    /// A condition on an unanswered item does not hold (so `Not` of it does).
    pub fn holds(&self, answers: &Answers) -> bool {
        match self {
            Condition::Equals { item, value } => answers.value(item) == Some(value),
            Condition::Contains { item, option } => answers
                .value(item)
                .and_then(Value::as_multi)
                .is_some_and(|m| m.iter().any(|o| o == option)),
            Condition::Any(cs) => cs.iter().any(|c| c.holds(answers)),
            Condition::Not(c) => !c.holds(answers),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub id: String,
    pub kind: ItemType,
    pub label: String,
    pub required: bool,
    pub when: Option<Condition>,
    pub options: Vec<Opt>,
    /// Options that exclude every other option of a `multi` ("geen").
    pub exclusive: Vec<String>,
    /// Supplied by the debt list when it is non-empty.
    pub derived_from_debts: bool,
}

impl Item {
    pub fn option(&self, id: &str) -> Option<&Opt> {
        self.options.iter().find(|o| o.id == id)
    }

    pub fn option_ids(&self) -> String {
        self.options
            .iter()
            .map(|o| o.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn is_asked(&self, answers: &Answers) -> bool {
        self.when.as_ref().is_none_or(|c| c.holds(answers))
    }

    pub fn is_required(&self, answers: &Answers) -> bool {
        self.required && self.is_asked(answers)
    }

    /// Checks a value against this item's type and options; a Dutch message on failure.
    pub fn check(&self, value: &Value) -> Result<(), ValueError> {
        let fail = |problem| {
            Err(ValueError {
                item: self.id.clone(),
                problem,
            })
        };
        let unknown = |o: &str| {
            fail(ValueProblem::UnknownOption {
                option: o.to_string(),
                allowed: self.option_ids(),
            })
        };
        match (self.kind, value) {
            (ItemType::Bool, Value::Bool(_))
            | (ItemType::Date, Value::Date(_))
            | (ItemType::Int, Value::Int(_))
            | (ItemType::Text, Value::Text(_)) => Ok(()),
            (ItemType::Eur, Value::Eur(d)) => {
                if d.is_sign_negative() && !d.is_zero() {
                    fail(ValueProblem::Negative)
                } else if d.scale() > 2 && d.normalize().scale() > 2 {
                    fail(ValueProblem::TooManyDecimals)
                } else {
                    match money::check_bound(*d) {
                        Ok(_) => Ok(()),
                        Err(e) => fail(ValueProblem::Money(e)),
                    }
                }
            }
            (ItemType::Score, Value::Score(s)) => {
                if (1..=5).contains(s) {
                    Ok(())
                } else {
                    fail(ValueProblem::ScoreOutOfRange(*s))
                }
            }
            (ItemType::Choice, Value::Choice(c)) => match self.option(c) {
                Some(_) => Ok(()),
                None => unknown(c),
            },
            (ItemType::Multi, Value::Multi(m)) => {
                if m.is_empty() {
                    return fail(ValueProblem::NothingChosen);
                }
                if let Some(bad) = m.iter().find(|o| self.option(o).is_none()) {
                    return unknown(bad);
                }
                let seen: HashSet<&String> = m.iter().collect();
                if seen.len() != m.len() {
                    return fail(ValueProblem::Twice);
                }
                if let Some(ex) = self.exclusive.iter().find(|e| m.contains(e))
                    && m.len() > 1
                {
                    return fail(ValueProblem::NotWithOthers(ex.clone()));
                }
                Ok(())
            }
            _ => fail(ValueProblem::Expected(self.kind.expected())),
        }
    }

    /// Decodes an exchange-format JSON value (CASE-FORMAT.md); `null` is unanswered.
    pub fn decode_json(&self, json: &serde_json::Value) -> Result<Option<Value>, ValueError> {
        use serde_json::Value as J;
        let error = |problem| ValueError {
            item: self.id.clone(),
            problem,
        };
        let wrong = || {
            error(ValueProblem::Invalid {
                value: json.to_string(),
                expected: self.kind.expected(),
            })
        };
        let value = match (self.kind, json) {
            (_, J::Null) => return Ok(None),
            // An empty list chooses nothing: the question is unanswered, as with null.
            (ItemType::Multi, J::Array(a)) if a.is_empty() => return Ok(None),
            (ItemType::Bool, J::Bool(b)) => Value::Bool(*b),
            (ItemType::Date, J::String(s)) => {
                Value::Date(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| wrong())?)
            }
            (ItemType::Eur, J::String(s)) => {
                Value::Eur(money::parse_contract(s).map_err(|e| error(ValueProblem::Money(e)))?)
            }
            (ItemType::Int, J::Number(n)) => Value::Int(
                n.as_u64()
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(wrong)?,
            ),
            (ItemType::Score, J::Number(n)) => Value::Score(
                n.as_u64()
                    .and_then(|n| u8::try_from(n).ok())
                    .ok_or_else(wrong)?,
            ),
            (ItemType::Choice, J::String(s)) => Value::Choice(s.clone()),
            (ItemType::Multi, J::Array(a)) => Value::Multi(
                a.iter()
                    .map(|v| v.as_str().map(str::to_string).ok_or_else(wrong))
                    .collect::<Result<_, _>>()?,
            ),
            (ItemType::Text, J::String(s)) => Value::Text(s.clone()),
            _ => return Err(wrong()),
        };
        self.check(&value)?;
        Ok(Some(value))
    }
}

/// Encodes a value in the exchange format.
pub fn encode_json(value: &Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        Value::Bool(b) => J::Bool(*b),
        Value::Date(d) => J::String(d.format("%Y-%m-%d").to_string()),
        Value::Eur(d) => J::String(money::to_contract(*d)),
        Value::Int(n) => J::from(*n),
        Value::Choice(c) => J::String(c.clone()),
        Value::Multi(m) => J::Array(m.iter().cloned().map(J::String).collect()),
        Value::Score(s) => J::from(*s),
        Value::Text(t) => J::String(t.clone()),
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Checklist {
    pub id: String,
    pub version: u32,
    pub title: String,
    pub score_anchors: Vec<String>,
    pub sections: Vec<Section>,
}

impl Checklist {
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.sections.iter().flat_map(|s| s.items.iter())
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items().find(|i| i.id == id)
    }

    /// Required items (conditions applied) that are unanswered, in checklist order.
    pub fn missing(&self, answers: &Answers) -> Vec<&str> {
        self.items()
            .filter(|i| i.is_required(answers) && answers.get(&self.id, &i.id).is_none())
            .map(|i| i.id.as_str())
            .collect()
    }

    /// Parses and validates a checklist file. Collects every problem, each naming where it is.
    pub fn from_toml(text: &str, source: &str) -> Result<Checklist, Vec<String>> {
        let raw: RawChecklist = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(String::new(), |span| {
                let before = text.get(..span.start).unwrap_or(text);
                format!("regel {}: ", before.matches('\n').count() + 1)
            });
            vec![format!(
                "{source}: geen geldige checklist: {line}{}",
                e.message().trim()
            )]
        })?;
        raw.validate(source)
    }
}

impl Checklist {
    /// Checks an edited checklist against the shipped one: ids, types and options are a
    /// contract, so every shipped item must still be there with its type, its required flag and
    /// at least its options. Labels may be reworded and local items added.
    pub fn check_compatible(&self, shipped: &Checklist, source: &str) -> Vec<String> {
        let mut problems = Vec::new();
        if self.id != shipped.id {
            problems.push(format!(
                "{source}: id \"{}\" hoort \"{}\" te zijn",
                self.id, shipped.id
            ));
            return problems;
        }
        for item in shipped.items() {
            let Some(edited) = self.item(&item.id) else {
                problems.push(format!(
                    "{source}: item \"{}\" ontbreekt; ids uit de landelijke lijst mogen niet weg",
                    item.id
                ));
                continue;
            };
            if edited.kind != item.kind {
                problems.push(format!(
                    "{source}: item \"{}\" moet type {:?} houden",
                    item.id, item.kind
                ));
            }
            if edited.required != item.required {
                problems.push(format!(
                    "{source}: item \"{}\": verplicht mag niet veranderen",
                    item.id
                ));
            }
            for o in &item.options {
                if edited.option(&o.id).is_none() {
                    problems.push(format!(
                        "{source}: item \"{}\": optie \"{}\" ontbreekt",
                        item.id, o.id
                    ));
                }
            }
        }
        problems
    }
}

impl Checklists {
    /// An answer as people read it: "ja", "€ 1.250,00", "02-11-2026", the option's label.
    pub fn value_text(&self, item: &str, value: &Value) -> String {
        let label_of = |id: &str| {
            self.find_item(item)
                .and_then(|(_, i)| i.option(id).map(|o| o.label.clone()))
                .unwrap_or_else(|| id.to_string())
        };
        match value {
            Value::Bool(b) => if *b { "ja" } else { "nee" }.into(),
            Value::Date(d) => d.format("%d-%m-%Y").to_string(),
            Value::Eur(d) => money::to_display(*d),
            Value::Int(n) => n.to_string(),
            Value::Choice(c) => label_of(c),
            Value::Multi(m) => m.iter().map(|o| label_of(o)).collect::<Vec<_>>().join(", "),
            Value::Score(s) => s.to_string(),
            Value::Text(t) => format!("\"{t}\""),
        }
    }
}

/// Both checklists, in the order they are shown.
#[derive(Clone, Debug, PartialEq)]
pub struct Checklists {
    pub schuldhulp: Checklist,
    pub bewind: Checklist,
}

impl Checklists {
    /// The shipped checklists. They are validated by tests, so a failure here is a build defect.
    pub fn embedded() -> Checklists {
        let load = |text, name| match Checklist::from_toml(text, name) {
            Ok(c) => c,
            Err(problems) => panic!("embedded checklist {name} is invalid: {problems:?}"),
        };
        Checklists {
            schuldhulp: load(SCHULDHULP_TOML, "schuldhulp.toml"),
            bewind: load(BEWIND_TOML, "bewind.toml"),
        }
    }

    pub fn all(&self) -> [&Checklist; 2] {
        [&self.schuldhulp, &self.bewind]
    }

    pub fn get(&self, id: &str) -> Option<&Checklist> {
        self.all().into_iter().find(|c| c.id == id)
    }

    /// Finds an item in any checklist, with the checklist it belongs to.
    pub fn find_item(&self, item: &str) -> Option<(&Checklist, &Item)> {
        self.all()
            .into_iter()
            .find_map(|c| c.item(item).map(|i| (c, i)))
    }

    /// Required unanswered items of every started checklist, in checklist order.
    pub fn missing(&self, answers: &Answers) -> Vec<String> {
        self.all()
            .into_iter()
            .filter(|c| answers.is_started(&c.id))
            .flat_map(|c| c.missing(answers))
            .map(str::to_string)
            .collect()
    }
}

// ---- the file format ----

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChecklist {
    id: String,
    version: u32,
    title: String,
    #[serde(default)]
    score_anchors: Vec<String>,
    #[serde(rename = "section", default)]
    sections: Vec<RawSection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    id: String,
    title: String,
    #[serde(rename = "item", default)]
    items: Vec<RawItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    label: String,
    #[serde(default)]
    required: bool,
    when: Option<RawCondition>,
    #[serde(default)]
    options: Vec<Opt>,
    #[serde(default)]
    exclusive: Vec<String>,
    #[serde(default)]
    derived_from_debts: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCondition {
    item: Option<String>,
    equals: Option<toml::Value>,
    contains: Option<String>,
    any: Option<Vec<RawCondition>>,
    not: Option<Box<RawCondition>>,
}

const TYPES: [(&str, ItemType); 8] = [
    ("bool", ItemType::Bool),
    ("date", ItemType::Date),
    ("eur", ItemType::Eur),
    ("int", ItemType::Int),
    ("choice", ItemType::Choice),
    ("multi", ItemType::Multi),
    ("score", ItemType::Score),
    ("text", ItemType::Text),
];

impl RawChecklist {
    fn validate(self, source: &str) -> Result<Checklist, Vec<String>> {
        let mut problems = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        let mut types: BTreeMap<String, (ItemType, Vec<String>)> = BTreeMap::new();
        let mut sections = Vec::new();
        let mut conditions: Vec<(String, RawCondition)> = Vec::new();
        if self.score_anchors.len() != 5
            && self
                .sections
                .iter()
                .flat_map(|s| &s.items)
                .any(|i| i.kind == "score")
        {
            problems.push(format!(
                "{source}: score_anchors moet 5 ankerteksten bevatten (1 t/m 5)"
            ));
        }
        for s in self.sections {
            let mut items = Vec::new();
            for raw in s.items {
                let at = format!("{source}: [{}] item \"{}\"", s.id, raw.id);
                if !seen.insert(raw.id.clone()) {
                    problems.push(format!("{at}: dubbel id"));
                }
                let Some(kind) = TYPES.iter().find(|(n, _)| *n == raw.kind).map(|(_, t)| *t) else {
                    problems.push(format!(
                        "{at}: onbekend type \"{}\"; toegestaan: bool, date, eur, int, choice, multi, score, text",
                        raw.kind
                    ));
                    continue;
                };
                let needs_options = matches!(kind, ItemType::Choice | ItemType::Multi);
                if needs_options && raw.options.is_empty() {
                    problems.push(format!(
                        "{at}: type {} heeft een lijst options nodig",
                        raw.kind
                    ));
                }
                if !needs_options && !raw.options.is_empty() {
                    problems.push(format!("{at}: type {} heeft geen options", raw.kind));
                }
                let mut opt_seen = HashSet::new();
                for o in &raw.options {
                    if !opt_seen.insert(o.id.as_str()) {
                        problems.push(format!("{at}: optie \"{}\" dubbel", o.id));
                    }
                }
                for e in &raw.exclusive {
                    if !raw.options.iter().any(|o| &o.id == e) {
                        problems.push(format!("{at}: exclusive noemt onbekende optie \"{e}\""));
                    }
                }
                types.insert(
                    raw.id.clone(),
                    (kind, raw.options.iter().map(|o| o.id.clone()).collect()),
                );
                if let Some(c) = raw.when {
                    conditions.push((raw.id.clone(), c));
                }
                items.push(Item {
                    id: raw.id,
                    kind,
                    label: raw.label,
                    required: raw.required,
                    when: None,
                    options: raw.options,
                    exclusive: raw.exclusive,
                    derived_from_debts: raw.derived_from_debts,
                });
            }
            sections.push(Section {
                id: s.id,
                title: s.title,
                items,
            });
        }
        for (item_id, raw) in conditions {
            let at = format!("{source}: item \"{item_id}\" when");
            match convert_condition(raw, &types, &at, &mut problems) {
                Some(c) => {
                    if let Some(item) = sections
                        .iter_mut()
                        .flat_map(|s| s.items.iter_mut())
                        .find(|i| i.id == item_id)
                    {
                        item.when = Some(c);
                    }
                }
                None => continue,
            }
        }
        if problems.is_empty() {
            Ok(Checklist {
                id: self.id,
                version: self.version,
                title: self.title,
                score_anchors: self.score_anchors,
                sections,
            })
        } else {
            Err(problems)
        }
    }
}

fn convert_condition(
    raw: RawCondition,
    types: &BTreeMap<String, (ItemType, Vec<String>)>,
    at: &str,
    problems: &mut Vec<String>,
) -> Option<Condition> {
    match raw {
        RawCondition {
            any: Some(list),
            item: None,
            equals: None,
            contains: None,
            not: None,
        } => {
            let cs: Vec<_> = list
                .into_iter()
                .filter_map(|c| convert_condition(c, types, at, problems))
                .collect();
            Some(Condition::Any(cs))
        }
        RawCondition {
            not: Some(inner),
            item: None,
            equals: None,
            contains: None,
            any: None,
        } => convert_condition(*inner, types, at, problems).map(|c| Condition::Not(Box::new(c))),
        RawCondition {
            item: Some(item),
            any: None,
            not: None,
            equals,
            contains,
        } => {
            let Some((kind, options)) = types.get(&item) else {
                problems.push(format!("{at}: verwijst naar onbekend item \"{item}\""));
                return None;
            };
            match (equals, contains) {
                (Some(toml::Value::Boolean(b)), None) if *kind == ItemType::Bool => {
                    Some(Condition::Equals {
                        item,
                        value: Value::Bool(b),
                    })
                }
                (Some(toml::Value::String(s)), None)
                    if *kind == ItemType::Choice && options.contains(&s) =>
                {
                    Some(Condition::Equals {
                        item,
                        value: Value::Choice(s),
                    })
                }
                (None, Some(o)) if *kind == ItemType::Multi && options.contains(&o) => {
                    Some(Condition::Contains { item, option: o })
                }
                _ => {
                    problems.push(format!(
                        "{at}: voorwaarde op \"{item}\" past niet bij het type of de opties van dat item"
                    ));
                    None
                }
            }
        }
        _ => {
            problems.push(format!(
                "{at}: een voorwaarde is óf {{ item, equals|contains }}, óf {{ any = [...] }}, óf {{ not = ... }}"
            ));
            None
        }
    }
}
