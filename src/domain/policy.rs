//! The municipal policy (SEGMENTATION.md §6): norms, terms, fees, local names.
//! Validated strictly: an unknown key, a missing key or a bad amount is a Dutch error naming it.
//!
//! *(rules v2)* The amounts come in dated periods (`[[periode]]`); the engine uses the period in
//! force on `today` ([`Policy::periode`]). A version-1 file (top-level `basishuur`, `[norm]`,
//! `[kosten.beschermingsbewind]`) loads as one period without a date, valid on every date.

use super::money;
use super::provision::Provision;
use super::segment::Route;
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

pub const DEFAULT_POLICY_TOML: &str = include_str!("../../fixtures/policy/default.toml");

/// How old the newest period may be before loket warns (norms change 1 January and 1 July).
pub const STALE_AFTER_MONTHS: u32 = 7;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Norm {
    pub alleenstaand: Decimal,
    pub paar: Decimal,
    pub alleenstaand_aow: Decimal,
    pub paar_aow: Decimal,
    /// *(v2)* The norm for a single client aged 18 to 20 (optional).
    pub jongere_alleenstaand: Option<Decimal>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BewindKosten {
    pub aanvang: Decimal,
    pub per_maand: Decimal,
    pub per_maand_schulden: Decimal,
    /// *(v2)* The fees when both partners are under bewind (optional).
    pub aanvang_paar: Option<Decimal>,
    pub per_maand_paar: Option<Decimal>,
    pub per_maand_paar_schulden: Option<Decimal>,
}

/// One period of amounts (SEGMENTATION.md §6).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Periode {
    /// `None` for the single period of a version-1 file: valid on every date.
    pub geldig_vanaf: Option<NaiveDate>,
    /// The period's own flag, or the top-level `indicatief` when the period has none.
    pub indicatief: bool,
    pub basishuur: Decimal,
    pub norm: Norm,
    pub kosten_bewind: BewindKosten,
}

/// The Dutch month names, for dates written out ("1 januari 2026").
pub const MAANDEN: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// "1 januari 2026".
pub fn dutch_long_date(d: NaiveDate) -> String {
    let month = MAANDEN
        .get(d.month0() as usize)
        .copied()
        .unwrap_or_default();
    format!("{} {month} {}", d.day(), d.year())
}

impl Periode {
    /// "per 1 januari 2026", or for a version-1 file "uit het beleid (zonder periode)".
    pub fn vanaf(&self) -> String {
        match self.geldig_vanaf {
            Some(d) => format!("per {}", dutch_long_date(d)),
            None => "uit het beleid (zonder periode)".to_string(),
        }
    }

    /// The name reasons use: "normen per 1 januari 2026".
    pub fn naam(&self) -> String {
        format!("normen {}", self.vanaf())
    }
}

/// Stands in for the periods of a hand-built policy without any (never from a file).
static NO_PERIOD: Periode = Periode {
    geldig_vanaf: None,
    indicatief: true,
    basishuur: Decimal::ZERO,
    norm: Norm {
        alleenstaand: Decimal::ZERO,
        paar: Decimal::ZERO,
        alleenstaand_aow: Decimal::ZERO,
        paar_aow: Decimal::ZERO,
        jongere_alleenstaand: None,
    },
    kosten_bewind: BewindKosten {
        aanvang: Decimal::ZERO,
        per_maand: Decimal::ZERO,
        per_maand_schulden: Decimal::ZERO,
        aanvang_paar: None,
        per_maand_paar: None,
        per_maand_paar_schulden: None,
    },
};

/// The period in force on a date, and whether the date lies before the first period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InForce<'a> {
    pub periode: &'a Periode,
    /// The date lies before the earliest `geldig_vanaf`: the first period is used anyway.
    pub voor_eerste: bool,
}

impl InForce<'_> {
    /// The period's name, with a note when the date lies before it.
    pub fn naam(&self) -> String {
        if self.voor_eerste {
            format!(
                "{} (de vroegste periode in het beleid; de datum ligt daarvoor)",
                self.periode.naam()
            )
        } else {
            self.periode.naam()
        }
    }
}

/// A contact person of the municipality (TRAJECT.md, `[[gemeente.contactpersoon]]`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Contactpersoon {
    pub naam: String,
    pub email: String,
    pub telefoon: String,
    pub functie: String,
}

/// The municipality itself (TRAJECT.md, optional table `[gemeente]`): letters use its name and
/// address, the DDAS delivery its code. Absent when the policy file has no such table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Gemeente {
    pub naam: String,
    /// The CBS municipality code, four digits ("0518").
    pub gemeentecode: String,
    pub postcode: String,
    /// The address block for letters, one line.
    pub adres: String,
    /// Only when a third party delivers for the municipality.
    pub kvk: String,
    pub contactpersonen: Vec<Contactpersoon>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// The top-level flag (the default of every period).
    pub indicatief: bool,
    pub beslistermijn_weken: u32,
    pub adviesrecht: bool,
    /// *(v2)* The gemeente's advice on the bewindvoerder's plan, in weeks (default 4).
    pub adviestermijn_weken: u32,
    /// *(v2)* Crisis intervention term in days (default 14), for an ondernemer (default 28).
    pub crisis_dagen: u32,
    pub crisis_dagen_ondernemer: u32,
    /// Days added to the calendar's built-in decree days (§5).
    pub extra_vrije_dagen: Vec<NaiveDate>,
    /// The periods of amounts, oldest first; never empty.
    pub perioden: Vec<Periode>,
    /// Local display names per provision id; the ids in any output never change.
    pub namen: BTreeMap<Provision, String>,
    /// Local display names per debt-route id (§6 `[namen]` also takes route ids).
    pub route_namen: BTreeMap<Route, String>,
    pub gemeente: Option<Gemeente>,
    /// The retention periods (optional table `[bewaren]`; the Selectielijst 2020 by default).
    pub bewaren: super::retention::Bewaarbeleid,
}

impl Policy {
    /// The shipped default. Validated by tests, so a failure here is a build defect.
    pub fn embedded() -> Policy {
        match Policy::from_toml(DEFAULT_POLICY_TOML, "default.toml") {
            Ok(p) => p,
            Err(problems) => panic!("embedded policy is invalid: {problems:?}"),
        }
    }

    /// The display name of a provision under this policy.
    pub fn name(&self, p: Provision) -> &str {
        self.namen.get(&p).map_or(p.label(), String::as_str)
    }

    /// The local name of a debt route, when the policy gives one.
    pub fn route_name(&self, r: Route) -> Option<&str> {
        self.route_namen.get(&r).map(String::as_str)
    }

    /// The period in force on `today`: the latest `geldig_vanaf` ≤ today; before the first
    /// period, the first (flagged).
    pub fn periode(&self, today: NaiveDate) -> InForce<'_> {
        let found = self
            .perioden
            .iter()
            .rev()
            .find(|p| p.geldig_vanaf.is_none_or(|d| d <= today));
        match (found, self.perioden.first()) {
            (Some(periode), _) => InForce {
                periode,
                voor_eerste: false,
            },
            (None, Some(first)) => InForce {
                periode: first,
                voor_eerste: true,
            },
            // `from_toml` never yields a policy without periods; a hand-built one computes with
            // zero amounts instead of panicking.
            (None, None) => InForce {
                periode: &NO_PERIOD,
                voor_eerste: true,
            },
        }
    }

    /// Whether the amounts in force on `today` are marked indicative.
    pub fn indicatief_op(&self, today: NaiveDate) -> bool {
        self.periode(today).periode.indicatief
    }

    /// The staleness warning of §6 / issue 14: the newest period started more than seven months
    /// before `today` (norms change every 1 January and 1 July). None for a file without dates.
    pub fn stale_warning(&self, today: NaiveDate) -> Option<String> {
        let newest = self.perioden.iter().filter_map(|p| p.geldig_vanaf).max()?;
        let limit = newest.checked_add_months(Months::new(STALE_AFTER_MONTHS))?;
        (today > limit).then(|| {
            format!(
                "de nieuwste periode in het beleid begint op {} — meer dan {STALE_AFTER_MONTHS} \
                 maanden geleden; de normen veranderen elk jaar op 1 januari en 1 juli. Controleer \
                 of er nieuwe bedragen zijn.",
                dutch_long_date(newest)
            )
        })
    }

    /// Parses and validates a policy file; every problem is reported, each naming its key.
    pub fn from_toml(text: &str, source: &str) -> Result<Policy, Vec<String>> {
        let table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| vec![format!("{source}: {}", e.message().trim())])?;
        let mut r = Reader {
            source,
            problems: Vec::new(),
        };
        r.unknown_keys(
            &table,
            "",
            &[
                "indicatief",
                "beslistermijn_weken",
                "adviesrecht",
                "adviestermijn_weken",
                "crisis_dagen",
                "crisis_dagen_ondernemer",
                "basishuur",
                "extra_vrije_dagen",
                "periode",
                "norm",
                "kosten",
                "namen",
                "gemeente",
                "bewaren",
                // Read by the backup (cli::backup::keep), not part of the segmentation policy.
                "backups_bewaren",
            ],
        );
        let indicatief = r.bool(&table, "", "indicatief");
        let weken = r.int(&table, "", "beslistermijn_weken", WEKEN);
        let adviesrecht = r.bool(&table, "", "adviesrecht");
        let adviestermijn = r
            .optional_int(&table, "adviestermijn_weken", WEKEN)
            .unwrap_or(4);
        let crisis_dagen = r.optional_int(&table, "crisis_dagen", DAGEN).unwrap_or(14);
        let crisis_ondernemer = r
            .optional_int(&table, "crisis_dagen_ondernemer", DAGEN)
            .unwrap_or(28);
        let extra = r.dates(&table, "extra_vrije_dagen");
        let default_indicatief = indicatief.unwrap_or(true);
        let v1_keys: Vec<&str> = ["basishuur", "norm", "kosten"]
            .into_iter()
            .filter(|k| table.contains_key(*k))
            .collect();
        let perioden = match (table.get("periode"), v1_keys.is_empty()) {
            (Some(_), false) => {
                r.problem(
                    "periode",
                    &format!(
                        "het bestand heeft zowel [[periode]]-tabellen als bedragen van versie 1 ({}); \
                         kies één van beide (zet de bedragen in een periode)",
                        v1_keys.join(", ")
                    ),
                );
                Vec::new()
            }
            (Some(v), true) => r.perioden(v, default_indicatief),
            (None, _) => r
                .v1_periode(&table, default_indicatief)
                .into_iter()
                .collect(),
        };
        let (namen, route_namen) = r.namen(&table);
        let gemeente = r.gemeente(&table);
        let bewaren = r.bewaren(&table);
        match (indicatief, weken, adviesrecht) {
            (Some(indicatief), Some(weken), Some(adviesrecht))
                if r.problems.is_empty() && !perioden.is_empty() =>
            {
                Ok(Policy {
                    indicatief,
                    beslistermijn_weken: weken,
                    adviesrecht,
                    adviestermijn_weken: adviestermijn,
                    crisis_dagen,
                    crisis_dagen_ondernemer: crisis_ondernemer,
                    extra_vrije_dagen: extra,
                    perioden,
                    namen,
                    route_namen,
                    gemeente,
                    bewaren,
                })
            }
            _ => Err(r.problems),
        }
    }
}

/// The range and wording of a whole-number setting.
#[derive(Clone, Copy)]
struct IntRange {
    min: i64,
    max: i64,
    what: &'static str,
}

const WEKEN: IntRange = IntRange {
    min: 1,
    max: 104,
    what: "een aantal weken van 1 tot en met 104",
};
const JAREN: IntRange = IntRange {
    min: 1,
    max: 100,
    what: "een aantal jaren van 1 tot en met 100",
};
const DAGEN: IntRange = IntRange {
    min: 1,
    max: 366,
    what: "een aantal dagen van 1 tot en met 366",
};

const NORM_KEYS: [&str; 5] = [
    "alleenstaand",
    "paar",
    "alleenstaand_aow",
    "paar_aow",
    "jongere_alleenstaand",
];
const KOSTEN_KEYS: [&str; 6] = [
    "aanvang",
    "per_maand",
    "per_maand_schulden",
    "aanvang_paar",
    "per_maand_paar",
    "per_maand_paar_schulden",
];

struct Reader<'a> {
    source: &'a str,
    problems: Vec<String>,
}

impl Reader<'_> {
    fn problem(&mut self, key: &str, msg: &str) {
        self.problems.push(format!("{}: {key}: {msg}", self.source));
    }

    fn unknown_keys(&mut self, t: &toml::Table, prefix: &str, known: &[&str]) {
        for k in t.keys() {
            if !known.contains(&k.as_str()) {
                self.problem(
                    &format!("{prefix}{k}"),
                    &format!("onbekende sleutel; bekend zijn: {}", known.join(", ")),
                );
            }
        }
    }

    fn get<'t>(&mut self, t: &'t toml::Table, prefix: &str, key: &str) -> Option<&'t toml::Value> {
        let v = t.get(key);
        if v.is_none() {
            self.problem(&format!("{prefix}{key}"), "ontbreekt");
        }
        v
    }

    fn bool(&mut self, t: &toml::Table, prefix: &str, key: &str) -> Option<bool> {
        let v = self.get(t, prefix, key)?;
        self.bool_value(v, prefix, key)
    }

    fn bool_value(&mut self, v: &toml::Value, prefix: &str, key: &str) -> Option<bool> {
        match v {
            toml::Value::Boolean(b) => Some(*b),
            _ => {
                self.problem(&format!("{prefix}{key}"), "verwacht true of false");
                None
            }
        }
    }

    fn int(&mut self, t: &toml::Table, prefix: &str, key: &str, range: IntRange) -> Option<u32> {
        let v = self.get(t, prefix, key)?;
        self.int_value(v, &format!("{prefix}{key}"), range)
    }

    fn optional_int(&mut self, t: &toml::Table, key: &str, range: IntRange) -> Option<u32> {
        let v = t.get(key)?;
        self.int_value(v, key, range)
    }

    fn int_value(&mut self, v: &toml::Value, key: &str, range: IntRange) -> Option<u32> {
        match v {
            toml::Value::Integer(n) if (range.min..=range.max).contains(n) => {
                u32::try_from(*n).ok()
            }
            _ => {
                self.problem(key, &format!("verwacht {}", range.what));
                None
            }
        }
    }

    fn money(&mut self, t: &toml::Table, prefix: &str, key: &str) -> Option<Decimal> {
        let v = self.get(t, prefix, key)?;
        self.money_value(v, prefix, key)
    }

    fn optional_money(&mut self, t: &toml::Table, prefix: &str, key: &str) -> Option<Decimal> {
        let v = t.get(key)?;
        self.money_value(v, prefix, key)
    }

    fn money_value(&mut self, v: &toml::Value, prefix: &str, key: &str) -> Option<Decimal> {
        match v {
            toml::Value::String(s) => match money::parse_contract(s) {
                Ok(d) => Some(d),
                Err(e) => {
                    self.problem(&format!("{prefix}{key}"), &e.to_string());
                    None
                }
            },
            other => {
                self.problem(
                    &format!("{prefix}{key}"),
                    &format!("{other} is geen bedrag: schrijf het als tekst, bijv. \"1078.70\""),
                );
                None
            }
        }
    }

    fn table<'t>(
        &mut self,
        t: &'t toml::Table,
        prefix: &str,
        key: &str,
    ) -> Option<&'t toml::Table> {
        match self.get(t, prefix, key)? {
            toml::Value::Table(inner) => Some(inner),
            _ => {
                self.problem(&format!("{prefix}{key}"), "verwacht een tabel");
                None
            }
        }
    }

    fn date_value(&mut self, v: &toml::Value, key: &str) -> Option<NaiveDate> {
        let text = match v {
            toml::Value::String(s) => s.clone(),
            toml::Value::Datetime(d) => d.to_string(),
            other => other.to_string(),
        };
        match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                self.problem(key, &format!("{text} is geen datum (JJJJ-MM-DD)"));
                None
            }
        }
    }

    fn dates(&mut self, t: &toml::Table, key: &str) -> Vec<NaiveDate> {
        let Some(v) = t.get(key) else {
            return Vec::new();
        };
        let Some(list) = v.as_array() else {
            self.problem(key, "verwacht een lijst datums");
            return Vec::new();
        };
        let mut out: Vec<NaiveDate> = list
            .iter()
            .filter_map(|item| self.date_value(item, key))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The norms of one period (`[periode.norm]` or a version-1 `[norm]`); `indicatief` is
    /// accepted in a version-1 table only.
    fn norm(&mut self, nt: &toml::Table, p: &str, v1: bool) -> Norm {
        let mut known = NORM_KEYS.to_vec();
        if v1 {
            known.push("indicatief");
        }
        self.unknown_keys(nt, p, &known);
        Norm {
            alleenstaand: self.money(nt, p, "alleenstaand").unwrap_or_default(),
            paar: self.money(nt, p, "paar").unwrap_or_default(),
            alleenstaand_aow: self.money(nt, p, "alleenstaand_aow").unwrap_or_default(),
            paar_aow: self.money(nt, p, "paar_aow").unwrap_or_default(),
            jongere_alleenstaand: self.optional_money(nt, p, "jongere_alleenstaand"),
        }
    }

    fn kosten(&mut self, b: &toml::Table, p: &str, v1: bool) -> BewindKosten {
        let mut known = KOSTEN_KEYS.to_vec();
        if v1 {
            known.push("indicatief");
        }
        self.unknown_keys(b, p, &known);
        BewindKosten {
            aanvang: self.money(b, p, "aanvang").unwrap_or_default(),
            per_maand: self.money(b, p, "per_maand").unwrap_or_default(),
            per_maand_schulden: self.money(b, p, "per_maand_schulden").unwrap_or_default(),
            aanvang_paar: self.optional_money(b, p, "aanvang_paar"),
            per_maand_paar: self.optional_money(b, p, "per_maand_paar"),
            per_maand_paar_schulden: self.optional_money(b, p, "per_maand_paar_schulden"),
        }
    }

    /// A table's optional `indicatief`.
    fn optional_bool(&mut self, t: &toml::Table, prefix: &str, key: &str) -> Option<bool> {
        let v = t.get(key)?;
        self.bool_value(v, prefix, key)
    }

    /// A version-1 file: top-level `basishuur`, `[norm]`, `[kosten.beschermingsbewind]`.
    fn v1_periode(&mut self, table: &toml::Table, default_indicatief: bool) -> Option<Periode> {
        let before = self.problems.len();
        let basishuur = self.money(table, "", "basishuur");
        let norm = self
            .table(table, "", "norm")
            .map(|nt| (self.norm(nt, "norm.", true), nt));
        let kosten = self.table(table, "", "kosten").and_then(|kt| {
            self.unknown_keys(kt, "kosten.", &["beschermingsbewind"]);
            self.table(kt, "kosten.", "beschermingsbewind")
        });
        let kosten = kosten.map(|b| (self.kosten(b, "kosten.beschermingsbewind.", true), b));
        let (Some(basishuur), Some((norm, nt)), Some((kosten_bewind, kt))) =
            (basishuur, norm, kosten)
        else {
            return None;
        };
        let indicatief = self
            .optional_bool(nt, "norm.", "indicatief")
            .or_else(|| self.optional_bool(kt, "kosten.beschermingsbewind.", "indicatief"))
            .unwrap_or(default_indicatief);
        (self.problems.len() == before).then_some(Periode {
            geldig_vanaf: None,
            indicatief,
            basishuur,
            norm,
            kosten_bewind,
        })
    }

    /// The `[[periode]]` tables, sorted by date; two with the same date are an error.
    fn perioden(&mut self, v: &toml::Value, default_indicatief: bool) -> Vec<Periode> {
        let Some(list) = v.as_array().filter(|l| !l.is_empty()) else {
            self.problem(
                "periode",
                "verwacht een of meer tabellen [[periode]] met geldig_vanaf en bedragen",
            );
            return Vec::new();
        };
        let mut out: Vec<Periode> = Vec::new();
        let mut seen: Vec<NaiveDate> = Vec::new();
        for (i, item) in list.iter().enumerate() {
            let p = format!("periode[{}].", i + 1);
            let Some(t) = item.as_table() else {
                self.problem(&p, "verwacht een tabel");
                continue;
            };
            self.unknown_keys(
                t,
                &p,
                &[
                    "geldig_vanaf",
                    "indicatief",
                    "basishuur",
                    "norm",
                    "beschermingsbewind",
                ],
            );
            let before = self.problems.len();
            let vanaf = self
                .get(t, &p, "geldig_vanaf")
                .and_then(|v| self.date_value(v, &format!("{p}geldig_vanaf")));
            let indicatief = self
                .optional_bool(t, &p, "indicatief")
                .unwrap_or(default_indicatief);
            let basishuur = self.money(t, &p, "basishuur");
            let norm = self
                .table(t, &p, "norm")
                .map(|nt| self.norm(nt, &format!("{p}norm."), false));
            let kosten = self
                .table(t, &p, "beschermingsbewind")
                .map(|b| self.kosten(b, &format!("{p}beschermingsbewind."), false));
            if let Some(d) = vanaf
                && seen.contains(&d)
            {
                self.problem(
                    &format!("{p}geldig_vanaf"),
                    &format!(
                        "twee periodes met dezelfde datum {}; elke periode heeft een eigen geldig_vanaf",
                        d.format("%Y-%m-%d")
                    ),
                );
            }
            seen.extend(vanaf);
            if let (Some(d), Some(basishuur), Some(norm), Some(kosten_bewind)) =
                (vanaf, basishuur, norm, kosten)
                && self.problems.len() == before
            {
                out.push(Periode {
                    geldig_vanaf: Some(d),
                    indicatief,
                    basishuur,
                    norm,
                    kosten_bewind,
                });
            }
        }
        out.sort_by_key(|p| p.geldig_vanaf);
        out
    }
    fn text(&mut self, t: &toml::Table, prefix: &str, key: &str, required: bool) -> String {
        match t.get(key) {
            None if required => {
                self.problem(&format!("{prefix}{key}"), "ontbreekt");
                String::new()
            }
            None => String::new(),
            Some(toml::Value::String(s)) => s.trim().to_string(),
            Some(_) => {
                self.problem(&format!("{prefix}{key}"), "verwacht een tekst");
                String::new()
            }
        }
    }

    /// The optional `[bewaren]` table: per class (`afwijzing`, `uitstroom`, `afgebroken`) a
    /// table with `jaren` (1 to 100) and `categorie` (the Selectielijst number); what is left
    /// out keeps its default.
    fn bewaren(&mut self, t: &toml::Table) -> super::retention::Bewaarbeleid {
        use super::retention::{Bewaarbeleid, Klasse};
        let mut out = Bewaarbeleid::default();
        let Some(v) = t.get("bewaren") else {
            return out;
        };
        let toml::Value::Table(bt) = v else {
            self.problem("bewaren", "verwacht een tabel");
            return out;
        };
        let ids: Vec<&str> = Klasse::ALL.iter().map(|k| k.id()).collect();
        self.unknown_keys(bt, "bewaren.", &ids);
        for klasse in Klasse::ALL {
            let Some(v) = bt.get(klasse.id()) else {
                continue;
            };
            let p = format!("bewaren.{}.", klasse.id());
            let toml::Value::Table(kt) = v else {
                self.problem(&format!("bewaren.{}", klasse.id()), "verwacht een tabel");
                continue;
            };
            self.unknown_keys(kt, &p, &["jaren", "categorie"]);
            if let Some(v) = kt.get("jaren")
                && let Some(n) = self.int_value(v, &format!("{p}jaren"), JAREN)
            {
                out.termijn_mut(klasse).jaren = n;
            }
            match kt.get("categorie") {
                None => {}
                Some(toml::Value::String(c)) if !c.trim().is_empty() => {
                    out.termijn_mut(klasse).categorie = c.trim().to_string();
                }
                Some(_) => self.problem(
                    &format!("{p}categorie"),
                    "verwacht de categorie van de Selectielijst als tekst, bijv. \"8.4\"",
                ),
            }
        }
        out
    }

    fn gemeente(&mut self, t: &toml::Table) -> Option<Gemeente> {
        let gt = match t.get("gemeente")? {
            toml::Value::Table(gt) => gt,
            _ => {
                self.problem("gemeente", "verwacht een tabel");
                return None;
            }
        };
        let p = "gemeente.";
        self.unknown_keys(
            gt,
            p,
            &[
                "naam",
                "gemeentecode",
                "postcode",
                "adres",
                "kvk",
                "contactpersoon",
            ],
        );
        let mut g = Gemeente {
            naam: self.text(gt, p, "naam", true),
            gemeentecode: self.text(gt, p, "gemeentecode", false),
            postcode: self.text(gt, p, "postcode", false),
            adres: self.text(gt, p, "adres", false),
            kvk: self.text(gt, p, "kvk", false),
            contactpersonen: Vec::new(),
        };
        let code_ok =
            g.gemeentecode.len() == 4 && g.gemeentecode.bytes().all(|b| b.is_ascii_digit());
        if !g.gemeentecode.is_empty() && !code_ok {
            self.problem(
                "gemeente.gemeentecode",
                "verwacht vier cijfers, bijv. \"0518\"",
            );
        }
        match gt.get("contactpersoon") {
            None => {}
            Some(toml::Value::Array(list)) => {
                for (i, item) in list.iter().enumerate() {
                    let prefix = format!("gemeente.contactpersoon[{}].", i + 1);
                    let Some(ct) = item.as_table() else {
                        self.problem(&prefix, "verwacht een tabel");
                        continue;
                    };
                    self.unknown_keys(ct, &prefix, &["naam", "email", "telefoon", "functie"]);
                    g.contactpersonen.push(Contactpersoon {
                        naam: self.text(ct, &prefix, "naam", true),
                        email: self.text(ct, &prefix, "email", false),
                        telefoon: self.text(ct, &prefix, "telefoon", false),
                        functie: self.text(ct, &prefix, "functie", false),
                    });
                }
            }
            Some(_) => self.problem(
                "gemeente.contactpersoon",
                "verwacht een lijst tabellen ([[gemeente.contactpersoon]])",
            ),
        }
        Some(g)
    }

    /// `[namen]`: keys are support-ladder ids or debt-route ids (§6).
    #[allow(clippy::type_complexity)]
    fn namen(&mut self, t: &toml::Table) -> (BTreeMap<Provision, String>, BTreeMap<Route, String>) {
        let mut out = BTreeMap::new();
        let mut routes = BTreeMap::new();
        let Some(v) = t.get("namen") else {
            return (out, routes);
        };
        let Some(nt) = v.as_table() else {
            self.problem("namen", "verwacht een tabel");
            return (out, routes);
        };
        for (k, v) in nt {
            let name = v.as_str().map(str::trim).filter(|n| !n.is_empty());
            let route = Route::ALL.into_iter().find(|r| r.id() == k);
            match (Provision::from_id(k), route, name) {
                (Some(p), _, Some(name)) => {
                    out.insert(p, name.to_string());
                }
                (None, Some(r), Some(name)) => {
                    routes.insert(r, name.to_string());
                }
                (None, None, _) => {
                    let ids: Vec<&str> = Provision::ALL
                        .iter()
                        .map(|p| p.id())
                        .chain(Route::ALL.iter().map(|r| r.id()))
                        .collect();
                    self.problem(
                        &format!("namen.{k}"),
                        &format!(
                            "onbekende voorziening of schuldroute; bekend zijn: {}",
                            ids.join(", ")
                        ),
                    );
                }
                _ => self.problem(&format!("namen.{k}"), "verwacht een niet-lege tekst"),
            }
        }
        (out, routes)
    }
}
