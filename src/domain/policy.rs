//! The municipal policy (SEGMENTATION.md §6): norms, terms, fees, local names.
//! Validated strictly: an unknown key, a missing key or a bad amount is a Dutch error naming it.

use super::money;
use super::provision::Provision;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

pub const DEFAULT_POLICY_TOML: &str = include_str!("../../fixtures/policy/default.toml");

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Norm {
    pub alleenstaand: Decimal,
    pub paar: Decimal,
    pub alleenstaand_aow: Decimal,
    pub paar_aow: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BewindKosten {
    pub aanvang: Decimal,
    pub per_maand: Decimal,
    pub per_maand_schulden: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    pub indicatief: bool,
    pub beslistermijn_weken: u32,
    pub adviesrecht: bool,
    pub basishuur: Decimal,
    pub extra_vrije_dagen: Vec<NaiveDate>,
    pub norm: Norm,
    pub kosten_bewind: BewindKosten,
    /// Local display names per provision id; the ids in any output never change.
    pub namen: BTreeMap<Provision, String>,
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
                "basishuur",
                "extra_vrije_dagen",
                "norm",
                "kosten",
                "namen",
            ],
        );
        let indicatief = r.bool(&table, "", "indicatief");
        let weken = r.int(&table, "", "beslistermijn_weken");
        let adviesrecht = r.bool(&table, "", "adviesrecht");
        let basishuur = r.money(&table, "", "basishuur");
        let extra = r.dates(&table, "extra_vrije_dagen");
        let norm_t = r.table(&table, "", "norm");
        let empty = toml::Table::new();
        let nt = norm_t.unwrap_or(&empty);
        r.unknown_keys(
            nt,
            "norm.",
            &["alleenstaand", "paar", "alleenstaand_aow", "paar_aow"],
        );
        let norm = (norm_t.is_some()).then(|| Norm {
            alleenstaand: r.money(nt, "norm.", "alleenstaand").unwrap_or_default(),
            paar: r.money(nt, "norm.", "paar").unwrap_or_default(),
            alleenstaand_aow: r.money(nt, "norm.", "alleenstaand_aow").unwrap_or_default(),
            paar_aow: r.money(nt, "norm.", "paar_aow").unwrap_or_default(),
        });
        let kosten_t = r.table(&table, "", "kosten");
        let kt = kosten_t.unwrap_or(&empty);
        r.unknown_keys(kt, "kosten.", &["beschermingsbewind"]);
        let bt = kosten_t.and_then(|k| r.table(k, "kosten.", "beschermingsbewind"));
        let b = bt.unwrap_or(&empty);
        r.unknown_keys(
            b,
            "kosten.beschermingsbewind.",
            &["aanvang", "per_maand", "per_maand_schulden"],
        );
        let p = "kosten.beschermingsbewind.";
        let kosten = bt.is_some().then(|| BewindKosten {
            aanvang: r.money(b, p, "aanvang").unwrap_or_default(),
            per_maand: r.money(b, p, "per_maand").unwrap_or_default(),
            per_maand_schulden: r.money(b, p, "per_maand_schulden").unwrap_or_default(),
        });
        let namen = r.namen(&table);
        match (indicatief, weken, adviesrecht, basishuur, norm, kosten) {
            (
                Some(indicatief),
                Some(weken),
                Some(adviesrecht),
                Some(basishuur),
                Some(norm),
                Some(kosten_bewind),
            ) if r.problems.is_empty() => Ok(Policy {
                indicatief,
                beslistermijn_weken: weken,
                adviesrecht,
                basishuur,
                extra_vrije_dagen: extra,
                norm,
                kosten_bewind,
                namen,
            }),
            _ => Err(r.problems),
        }
    }
}

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
        match self.get(t, prefix, key)? {
            toml::Value::Boolean(b) => Some(*b),
            _ => {
                self.problem(&format!("{prefix}{key}"), "verwacht true of false");
                None
            }
        }
    }

    fn int(&mut self, t: &toml::Table, prefix: &str, key: &str) -> Option<u32> {
        match self.get(t, prefix, key)? {
            toml::Value::Integer(n) if (1..=104).contains(n) => u32::try_from(*n).ok(),
            _ => {
                self.problem(
                    &format!("{prefix}{key}"),
                    "verwacht een aantal weken van 1 tot en met 104",
                );
                None
            }
        }
    }

    fn money(&mut self, t: &toml::Table, prefix: &str, key: &str) -> Option<Decimal> {
        match self.get(t, prefix, key)? {
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

    fn dates(&mut self, t: &toml::Table, key: &str) -> Vec<NaiveDate> {
        let Some(v) = t.get(key) else {
            return Vec::new();
        };
        let Some(list) = v.as_array() else {
            self.problem(key, "verwacht een lijst datums");
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in list {
            let text = match item {
                toml::Value::String(s) => s.clone(),
                toml::Value::Datetime(d) => d.to_string(),
                other => other.to_string(),
            };
            match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
                Ok(d) => out.push(d),
                Err(_) => self.problem(key, &format!("{text} is geen datum (JJJJ-MM-DD)")),
            }
        }
        out.sort();
        out.dedup();
        out
    }

    fn namen(&mut self, t: &toml::Table) -> BTreeMap<Provision, String> {
        let mut out = BTreeMap::new();
        let Some(v) = t.get("namen") else {
            return out;
        };
        let Some(nt) = v.as_table() else {
            self.problem("namen", "verwacht een tabel");
            return out;
        };
        for (k, v) in nt {
            match (Provision::from_id(k), v.as_str()) {
                (Some(p), Some(name)) if !name.trim().is_empty() => {
                    out.insert(p, name.trim().to_string());
                }
                (None, _) => {
                    let ids: Vec<&str> = Provision::ALL.iter().map(|p| p.id()).collect();
                    self.problem(
                        &format!("namen.{k}"),
                        &format!("onbekende voorziening; bekend zijn: {}", ids.join(", ")),
                    );
                }
                _ => self.problem(&format!("namen.{k}"), "verwacht een niet-lege tekst"),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn embedded_default_loads_with_the_documented_values() {
        let p = Policy::embedded();
        assert!(p.indicatief);
        assert_eq!(p.beslistermijn_weken, 8);
        assert_eq!(p.basishuur, Decimal::from_str("250.00").expect("dec"));
        assert_eq!(p.norm.paar_aow, Decimal::from_str("1627.08").expect("dec"));
        assert_eq!(
            p.kosten_bewind.per_maand_schulden,
            Decimal::from_str("172.12").expect("dec")
        );
        assert!(p.extra_vrije_dagen.is_empty());
        assert_eq!(p.name(Provision::BudgetbeheerBasis), "Budgetbeheer (basis)");
    }

    #[test]
    fn every_problem_is_named() {
        let text = DEFAULT_POLICY_TOML
            .replace("basishuur = \"250.00\"", "basishuur = 250.0\nextra = 1")
            .replace("paar_aow = \"1627.08\"\n", "")
            .replace("aanvang = \"751.41\"", "aanvang = \"-1\"");
        let problems = Policy::from_toml(&text, "p.toml").expect_err("invalid");
        let all = problems.join("\n");
        assert!(all.contains("p.toml: basishuur:"), "{all}");
        assert!(all.contains("p.toml: extra: onbekende sleutel"), "{all}");
        assert!(all.contains("p.toml: norm.paar_aow: ontbreekt"), "{all}");
        assert!(
            all.contains("p.toml: kosten.beschermingsbewind.aanvang:"),
            "{all}"
        );
        assert_eq!(problems.len(), 4, "{all}");
    }

    #[test]
    fn local_names_and_extra_days() {
        let text =
            format!("{DEFAULT_POLICY_TOML}\n[namen]\nbudgetbeheer_basis = \"Geldzaken Basis\"\n")
                .replace(
                    "extra_vrije_dagen = []",
                    "extra_vrije_dagen = [2026-05-15, \"2027-05-07\"]",
                );
        let p = Policy::from_toml(&text, "p.toml").expect("valid");
        assert_eq!(p.name(Provision::BudgetbeheerBasis), "Geldzaken Basis");
        assert_eq!(p.extra_vrije_dagen.len(), 2);
        let bad = format!("{DEFAULT_POLICY_TOML}\n[namen]\nbudgetbeheer = \"x\"\n");
        let e = Policy::from_toml(&bad, "p.toml").expect_err("unknown provision");
        assert!(e[0].contains("namen.budgetbeheer"), "{e:?}");
    }
}
