//! The shipped checklists against the contract (/work/shared/domain/CHECKLISTS.md), a test per
//! section: every id in order, its type, required flag, condition and exact option ids, written
//! out here literally from the contract's tables. Conditions are checked by behaviour, with
//! answers. Then the validation of a checklist file a municipality edits (fixtures/checklists/bad).

use chrono::NaiveDate;
use loket::domain::answers::{Answers, Value};
use loket::domain::checklist::{BEWIND, Checklist, Checklists, Item, ItemType, SCHULDHULP};
use std::path::Path;

use ItemType::{Bool, Choice, Date, Eur, Int, Multi, Score, Text};

/// The R column of the contract, plus whether the item carries a condition (`when`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Req {
    /// R: always required.
    R,
    /// Required, but only when its condition holds ("when …" in the R column).
    RWhen,
    /// Not required, always asked.
    Opt,
    /// Not required, asked only when its condition holds (`doc.echtscheiding`).
    OptWhen,
}
use Req::{Opt, OptWhen, R, RWhen};

type Row = (&'static str, ItemType, Req, &'static [&'static str]);

const NONE: &[&str] = &[];
const DOC: &[&str] = &["aanwezig", "opgevraagd", "nvt"];
const TOEREIKEND: &[&str] = &["ja", "nee", "onbekend", "niet_beschikbaar"];

fn checklists() -> Checklists {
    Checklists::embedded()
}

fn req_of(item: &Item) -> Req {
    match (item.required, item.when.is_some()) {
        (true, false) => R,
        (true, true) => RWhen,
        (false, false) => Opt,
        (false, true) => OptWhen,
    }
}

/// Compares one section of a loaded checklist with the contract's table, exactly: the same ids
/// in the same order (nothing missing, nothing extra), types, required/conditional, options.
fn assert_section(checklist: &Checklist, section: &str, rows: &[Row]) {
    let found = checklist
        .sections
        .iter()
        .find(|s| s.id == section)
        .unwrap_or_else(|| panic!("{}: section {section} is missing", checklist.id));
    let ids: Vec<&str> = found.items.iter().map(|i| i.id.as_str()).collect();
    let want_ids: Vec<&str> = rows.iter().map(|r| r.0).collect();
    assert_eq!(ids, want_ids, "{section}: ids in order");
    let actual: Vec<(&str, ItemType, Req, Vec<&str>)> = found
        .items
        .iter()
        .map(|i| {
            (
                i.id.as_str(),
                i.kind,
                req_of(i),
                i.options.iter().map(|o| o.id.as_str()).collect(),
            )
        })
        .collect();
    let expected: Vec<(&str, ItemType, Req, Vec<&str>)> = rows
        .iter()
        .map(|&(id, kind, req, options)| (id, kind, req, options.to_vec()))
        .collect();
    assert_eq!(actual, expected, "{section}: id, type, required, options");
    for item in &found.items {
        assert!(!item.label.trim().is_empty(), "{}: empty label", item.id);
        assert!(
            item.options.iter().all(|o| !o.label.trim().is_empty()),
            "{}: an option without a label",
            item.id
        );
        let exclusive: &[&str] = match item.id.as_str() {
            "inkomen.bron" | "bewind.grond" => &["geen"],
            _ => &[],
        };
        assert_eq!(item.exclusive, exclusive, "{}: exclusive options", item.id);
        let derived = matches!(
            item.id.as_str(),
            "schulden.totaal" | "schulden.schuldeisers"
        );
        assert_eq!(item.derived_from_debts, derived, "{}: derived", item.id);
    }
}

/// Answers built up by item id; each id goes to the checklist it belongs to.
struct Given {
    lists: Checklists,
    answers: Answers,
}

impl Given {
    fn new() -> Given {
        Given {
            lists: checklists(),
            answers: Answers::default(),
        }
    }

    fn set(&mut self, item: &str, value: Value) -> &mut Given {
        let (checklist, it) = self
            .lists
            .find_item(item)
            .unwrap_or_else(|| panic!("no item {item}"));
        it.check(&value)
            .unwrap_or_else(|e| panic!("test answer rejected: {e}"));
        self.answers
            .set(&checklist.id, item, Some(value), checklist.version);
        self
    }

    fn clear(&mut self, item: &str) -> &mut Given {
        let (checklist, _) = self.lists.find_item(item).expect("item");
        self.answers
            .set(&checklist.id, item, None, checklist.version);
        self
    }

    fn item(&self, id: &str) -> &Item {
        self.lists.find_item(id).expect("item").1
    }

    fn asked(&self, id: &str) -> bool {
        self.item(id).is_asked(&self.answers)
    }

    fn required(&self, id: &str) -> bool {
        self.item(id).is_required(&self.answers)
    }

    fn missing(&self) -> Vec<String> {
        self.lists.missing(&self.answers)
    }
}

fn choice(s: &str) -> Value {
    Value::Choice(s.to_string())
}

fn multi(options: &[&str]) -> Value {
    Value::Multi(options.iter().map(|s| s.to_string()).collect())
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

// ---------------------------------------------------------------- the checklists as a whole

#[test]
fn both_checklists_load_with_their_sections_in_order() {
    let lists = checklists();
    assert_eq!(lists.schuldhulp.id, SCHULDHULP);
    assert_eq!(lists.bewind.id, BEWIND);
    let sections = |c: &Checklist| c.sections.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
    assert_eq!(
        sections(&lists.schuldhulp),
        ["A0", "A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8"]
    );
    assert_eq!(sections(&lists.bewind), ["B1", "B2", "B3", "B4", "B5"]);
    assert!(lists.schuldhulp.version >= 1 && lists.bewind.version >= 1);
    assert_eq!(lists.get("schuldhulp"), Some(&lists.schuldhulp));
    assert_eq!(lists.get("bewind"), Some(&lists.bewind));
    assert_eq!(lists.get("wsnp"), None);
}

#[test]
fn item_ids_are_unique_across_both_checklists() {
    let lists = checklists();
    let mut ids: Vec<&str> = lists
        .all()
        .into_iter()
        .flat_map(|c| c.items().map(|i| i.id.as_str()))
        .collect();
    let total = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), total, "an id occurs twice");
    // 4 + 6 + 6 + 5 + 7 + 8 + 12 + 3 + 1 and 5 + 6 + 2 + 1 + 5
    assert_eq!(lists.schuldhulp.items().count(), 52);
    assert_eq!(lists.bewind.items().count(), 19);
}

#[test]
fn the_shipped_files_validate_as_a_municipality_copy_would() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/checklists");
    for (name, want) in [
        ("schuldhulp.toml", checklists().schuldhulp),
        ("bewind.toml", checklists().bewind),
    ] {
        let text = std::fs::read_to_string(dir.join(name)).expect("read checklist");
        assert_eq!(Checklist::from_toml(&text, name), Ok(want), "{name}");
    }
}

// ---------------------------------------------------------------- schuldhulp, per section

#[test]
fn a0_aanmelding() {
    const ROWS: &[Row] = &[
        ("melding.datum", Date, R, NONE),
        (
            "melding.route",
            Choice,
            R,
            &[
                "zelfmelding",
                "vroegsignaal",
                "verwijzing",
                "warme_overdracht",
            ],
        ),
        (
            "melding.signaalpartner",
            Choice,
            RWhen,
            &[
                "verhuurder",
                "energie",
                "water",
                "zorgverzekeraar",
                "belastingdienst",
                "toeslagen",
                "duo",
                "cak",
                "overig",
            ],
        ),
        ("melding.eerste_gesprek", Date, Opt, NONE),
    ];
    assert_section(&checklists().schuldhulp, "A0", ROWS);

    // signaalpartner: asked and required only when route = vroegsignaal.
    let mut g = Given::new();
    assert!(!g.asked("melding.signaalpartner"), "route unanswered");
    assert!(!g.required("melding.signaalpartner"), "route unanswered");
    for route in ["zelfmelding", "verwijzing", "warme_overdracht"] {
        g.set("melding.route", choice(route));
        assert!(!g.asked("melding.signaalpartner"), "{route}");
        assert!(!g.required("melding.signaalpartner"), "{route}");
    }
    g.set("melding.route", choice("vroegsignaal"));
    assert!(g.asked("melding.signaalpartner"));
    assert!(g.required("melding.signaalpartner"));
    assert!(g.missing().contains(&"melding.signaalpartner".to_string()));
    g.set("melding.signaalpartner", choice("energie"));
    assert!(!g.missing().contains(&"melding.signaalpartner".to_string()));
    g.clear("melding.route");
    assert!(!g.required("melding.signaalpartner"));

    let partner = g.item("melding.signaalpartner");
    let e = partner
        .check(&choice("buurman"))
        .expect_err("unknown option")
        .to_string();
    assert!(
        e.contains("buurman") && e.contains("verhuurder, energie"),
        "{e}"
    );
}

#[test]
fn a1_bedreigende_situaties() {
    const ROWS: &[Row] = &[
        ("crisis.ontruiming", Bool, R, NONE),
        ("crisis.afsluiting", Bool, R, NONE),
        ("crisis.zorgverzekering", Bool, R, NONE),
        ("crisis.overig", Bool, R, NONE),
        ("crisis.toelichting", Text, RWhen, NONE),
        ("crisis.eindeleveringssignaal", Bool, Opt, NONE),
    ];
    assert_section(&checklists().schuldhulp, "A1", ROWS);

    let crises = [
        "crisis.ontruiming",
        "crisis.afsluiting",
        "crisis.zorgverzekering",
        "crisis.overig",
    ];
    let mut g = Given::new();
    assert!(!g.required("crisis.toelichting"), "all unanswered");
    for c in crises {
        g.set(c, Value::Bool(false));
    }
    assert!(!g.asked("crisis.toelichting"), "all false");
    assert!(!g.required("crisis.toelichting"), "all false");
    for c in crises {
        g.set(c, Value::Bool(true));
        assert!(g.asked("crisis.toelichting"), "{c} true");
        assert!(g.required("crisis.toelichting"), "{c} true");
        g.set(c, Value::Bool(false));
        assert!(!g.required("crisis.toelichting"), "{c} back to false");
    }
    // The eindeleveringssignaal is a signal, not a crisis.
    g.set("crisis.eindeleveringssignaal", Value::Bool(true));
    assert!(!g.required("crisis.toelichting"));
}

#[test]
fn a2_huishouden() {
    const ROWS: &[Row] = &[
        (
            "huishouden.type",
            Choice,
            R,
            &[
                "alleenstaand",
                "alleenstaande_ouder",
                "paar",
                "paar_met_kinderen",
            ],
        ),
        ("huishouden.pensioen", Bool, R, NONE),
        ("huishouden.minderjarigen", Int, R, NONE),
        (
            "huishouden.woonsituatie",
            Choice,
            R,
            &["huur", "koop", "inwonend", "instelling", "dakloos"],
        ),
        ("huishouden.ondernemer", Bool, R, NONE),
        ("huishouden.echtscheiding", Bool, Opt, NONE),
    ];
    assert_section(&checklists().schuldhulp, "A2", ROWS);
    let g = Given::new();
    assert_eq!(
        g.item("huishouden.minderjarigen").check(&Value::Int(0)),
        Ok(())
    );
    assert!(
        g.item("huishouden.minderjarigen")
            .check(&Value::Bool(true))
            .is_err()
    );
}

#[test]
fn a3_inkomen_en_vaste_lasten() {
    const ROWS: &[Row] = &[
        ("inkomen.netto", Eur, R, NONE),
        (
            "inkomen.bron",
            Multi,
            Opt,
            &[
                "loon",
                "uitkering",
                "pensioen",
                "zzp",
                "studiefinanciering",
                "alimentatie",
                "geen",
            ],
        ),
        ("lasten.wonen", Eur, R, NONE),
        ("lasten.vast", Eur, Opt, NONE),
        ("vermogen", Eur, Opt, NONE),
    ];
    assert_section(&checklists().schuldhulp, "A3", ROWS);

    let g = Given::new();
    let bron = g.item("inkomen.bron");
    assert_eq!(bron.check(&multi(&["loon", "uitkering"])), Ok(()));
    assert_eq!(bron.check(&multi(&["geen"])), Ok(()));
    // Choosing nothing is not an answer: the question stays unanswered (an empty list in a case
    // file reads as unanswered, and the editor clears the answer).
    let e = bron
        .check(&multi(&[]))
        .expect_err("empty is not a value")
        .to_string();
    assert!(e.contains("minstens één optie"), "{e}");
    let e = bron
        .check(&multi(&["geen", "loon"]))
        .expect_err("geen excludes")
        .to_string();
    assert!(e.contains("inkomen.bron") && e.contains("\"geen\""), "{e}");
    assert!(bron.check(&multi(&["loon", "loon"])).is_err(), "twice");
    assert!(bron.check(&multi(&["bijstand"])).is_err(), "unknown option");

    let netto = g.item("inkomen.netto");
    let eur = |s: &str| Value::Eur(s.parse().expect("decimal"));
    assert_eq!(netto.check(&eur("1450.00")), Ok(()));
    assert_eq!(netto.check(&eur("0")), Ok(()));
    assert!(netto.check(&eur("-1.00")).is_err(), "negative");
    assert!(netto.check(&eur("1.005")).is_err(), "three decimals");
    // Exchange format: a string, never a JSON number.
    assert_eq!(
        netto.decode_json(&serde_json::json!("1450.00")),
        Ok(Some(eur("1450.00")))
    );
    assert!(netto.decode_json(&serde_json::json!(1450.0)).is_err());
    assert_eq!(netto.decode_json(&serde_json::Value::Null), Ok(None));
}

#[test]
fn a4_schulden() {
    const ROWS: &[Row] = &[
        ("schulden.totaal", Eur, R, NONE),
        ("schulden.schuldeisers", Int, R, NONE),
        (
            "schulden.trend",
            Choice,
            R,
            &["groeiend", "stabiel", "dalend"],
        ),
        ("schulden.achterstand_vaste_lasten", Bool, Opt, NONE),
        ("schulden.deurwaarder", Bool, Opt, NONE),
        ("schulden.beslag", Bool, Opt, NONE),
        ("schulden.publiek", Eur, Opt, NONE),
    ];
    // assert_section also checks that exactly totaal and schuldeisers are derived from debts.
    assert_section(&checklists().schuldhulp, "A4", ROWS);
}

#[test]
fn a5_documenten() {
    const ROWS: &[Row] = &[
        ("doc.id", Choice, Opt, DOC),
        ("doc.bankafschriften", Choice, Opt, DOC),
        ("doc.inkomen", Choice, Opt, DOC),
        ("doc.woonlasten", Choice, Opt, DOC),
        ("doc.zorgpolis", Choice, Opt, DOC),
        ("doc.toeslagen", Choice, Opt, DOC),
        ("doc.schuldenoverzicht", Choice, Opt, DOC),
        ("doc.echtscheiding", Choice, OptWhen, DOC),
    ];
    assert_section(&checklists().schuldhulp, "A5", ROWS);

    // doc.echtscheiding: asked only when huishouden.echtscheiding is true, never required.
    let mut g = Given::new();
    assert!(!g.asked("doc.echtscheiding"), "echtscheiding unanswered");
    g.set("huishouden.echtscheiding", Value::Bool(false));
    assert!(!g.asked("doc.echtscheiding"));
    g.set("huishouden.echtscheiding", Value::Bool(true));
    assert!(g.asked("doc.echtscheiding"));
    assert!(!g.required("doc.echtscheiding"));
    // Documents never block: none of them is ever missing.
    assert!(g.missing().iter().all(|id| !id.starts_with("doc.")));
}

#[test]
fn a6_functioneren() {
    const ROWS: &[Row] = &[
        ("fn.administratie", Score, R, NONE),
        ("fn.overzicht", Score, R, NONE),
        ("fn.uitgaven", Score, R, NONE),
        ("fn.impuls", Score, R, NONE),
        ("fn.motivatie", Score, R, NONE),
        ("fn.leerbaarheid", Score, R, NONE),
        ("fn.doenvermogen", Score, R, NONE),
        ("fn.stabiliteit", Score, R, NONE),
        ("fn.netwerk", Score, R, NONE),
        ("fn.lvb", Choice, Opt, &["nee", "vermoeden", "vastgesteld"]),
        ("fn.laaggeletterd", Bool, Opt, NONE),
        ("fn.digid", Bool, Opt, NONE),
    ];
    let lists = checklists();
    assert_section(&lists.schuldhulp, "A6", ROWS);

    // Five anchor texts, one per score, in order.
    let anchors = &lists.schuldhulp.score_anchors;
    assert_eq!(anchors.len(), 5);
    for (n, anchor) in anchors.iter().enumerate() {
        assert!(anchor.starts_with(&format!("{} ", n + 1)), "{anchor}");
    }

    // Scores: 1..=5 only, also through the exchange format.
    for item in lists.schuldhulp.items().filter(|i| i.kind == Score) {
        for s in 1..=5 {
            assert_eq!(item.check(&Value::Score(s)), Ok(()), "{} {s}", item.id);
        }
        for s in [0, 6, 255] {
            let e = item
                .check(&Value::Score(s))
                .expect_err("out of range")
                .to_string();
            assert!(e.contains(&item.id) && e.contains("1 en 5"), "{e}");
        }
        assert!(item.decode_json(&serde_json::json!(6)).is_err());
        assert!(item.decode_json(&serde_json::json!(0)).is_err());
        assert!(item.check(&Value::Int(3)).is_err(), "an int is not a score");
    }
}

#[test]
fn a7_eerdere_hulp() {
    const ROWS: &[Row] = &[
        (
            "eerder.schuldhulp",
            Choice,
            Opt,
            &["nee", "geslaagd", "mislukt"],
        ),
        (
            "eerder.budgetbeheer",
            Choice,
            Opt,
            &["nee", "geslaagd", "mislukt"],
        ),
        ("eerder.toelichting", Text, RWhen, NONE),
    ];
    assert_section(&checklists().schuldhulp, "A7", ROWS);

    let mut g = Given::new();
    assert!(!g.required("eerder.toelichting"), "both unanswered");
    for a in ["nee", "geslaagd"] {
        for b in ["nee", "geslaagd"] {
            g.set("eerder.schuldhulp", choice(a));
            g.set("eerder.budgetbeheer", choice(b));
            assert!(!g.asked("eerder.toelichting"), "{a}/{b}");
        }
    }
    g.set("eerder.schuldhulp", choice("mislukt"));
    assert!(g.asked("eerder.toelichting") && g.required("eerder.toelichting"));
    g.set("eerder.schuldhulp", choice("geslaagd"));
    g.set("eerder.budgetbeheer", choice("mislukt"));
    assert!(g.required("eerder.toelichting"));
    g.clear("eerder.schuldhulp");
    assert!(g.required("eerder.toelichting"), "one mislukt is enough");
}

#[test]
fn a8_hulpvraag() {
    const ROWS: &[Row] = &[("hulpvraag", Text, R, NONE)];
    assert_section(&checklists().schuldhulp, "A8", ROWS);
}

// ---------------------------------------------------------------- bewind, per section

#[test]
fn b1_grond_en_verzoek() {
    const ROWS: &[Row] = &[
        (
            "bewind.grond",
            Multi,
            R,
            &[
                "lichamelijk",
                "geestelijk",
                "verkwisting",
                "schulden",
                "geen",
            ],
        ),
        (
            "bewind.verzoeker",
            Choice,
            R,
            &[
                "betrokkene",
                "partner",
                "familie",
                "instelling",
                "gemeente",
                "om",
                "anders",
            ],
        ),
        ("bewind.deskundigenverklaring", Bool, Opt, NONE),
        ("bewind.lopend", Bool, R, NONE),
        ("bewind.startdatum", Date, RWhen, NONE),
    ];
    assert_section(&checklists().bewind, "B1", ROWS);

    let mut g = Given::new();
    let grond = g.item("bewind.grond");
    assert_eq!(grond.check(&multi(&["geestelijk", "schulden"])), Ok(()));
    assert_eq!(grond.check(&multi(&["geen"])), Ok(()));
    let e = grond
        .check(&multi(&["geen", "schulden"]))
        .expect_err("geen excludes the other grounds")
        .to_string();
    assert!(e.contains("bewind.grond") && e.contains("\"geen\""), "{e}");
    assert!(grond.check(&multi(&["schulden", "geen"])).is_err());

    assert!(!g.required("bewind.startdatum"), "lopend unanswered");
    g.set("bewind.lopend", Value::Bool(false));
    assert!(!g.asked("bewind.startdatum"));
    g.set("bewind.lopend", Value::Bool(true));
    assert!(g.asked("bewind.startdatum") && g.required("bewind.startdatum"));
    g.set(
        "bewind.startdatum",
        Value::Date(NaiveDate::from_ymd_opt(2025, 3, 1).expect("date")),
    );
    assert!(!g.missing().contains(&"bewind.startdatum".to_string()));
}

#[test]
fn b2_beschermingsbehoeften() {
    const ROWS: &[Row] = &[
        ("behoefte.misbruik", Bool, R, NONE),
        ("behoefte.nieuwe_verplichtingen", Bool, R, NONE),
        ("behoefte.overziet_gevolgen", Bool, R, NONE),
        ("behoefte.afspraken", Bool, R, NONE),
        ("behoefte.instabiel", Bool, R, NONE),
        ("behoefte.achteruitgang", Bool, R, NONE),
    ];
    assert_section(&checklists().bewind, "B2", ROWS);
}

#[test]
fn b3_eerdere_lichtere_voorziening() {
    const ROWS: &[Row] = &[
        (
            "bewind.eerder_lichter",
            Choice,
            R,
            &["geen", "geslaagd", "mislukt"],
        ),
        ("bewind.eerder_toelichting", Text, RWhen, NONE),
    ];
    assert_section(&checklists().bewind, "B3", ROWS);

    let mut g = Given::new();
    assert!(!g.required("bewind.eerder_toelichting"), "unanswered");
    for answer in ["geen", "geslaagd"] {
        g.set("bewind.eerder_lichter", choice(answer));
        assert!(!g.asked("bewind.eerder_toelichting"), "{answer}");
    }
    g.set("bewind.eerder_lichter", choice("mislukt"));
    assert!(g.asked("bewind.eerder_toelichting"));
    assert!(g.required("bewind.eerder_toelichting"));
}

#[test]
fn b4_draagkracht() {
    const ROWS: &[Row] = &[("bewind.draagkracht_laag", Bool, R, NONE)];
    assert_section(&checklists().bewind, "B4", ROWS);
}

#[test]
fn b5_toereikendheidstoets() {
    const PROVISIONS: [&str; 4] = [
        "toereikend.budgetcoaching",
        "toereikend.budgetbeheer",
        "toereikend.inkomensbeheer",
        "toereikend.netwerk",
    ];
    const ROWS: &[Row] = &[
        ("toereikend.budgetcoaching", Choice, RWhen, TOEREIKEND),
        ("toereikend.budgetbeheer", Choice, RWhen, TOEREIKEND),
        ("toereikend.inkomensbeheer", Choice, RWhen, TOEREIKEND),
        ("toereikend.netwerk", Choice, RWhen, TOEREIKEND),
        ("toereikend.toelichting", Text, RWhen, NONE),
    ];
    assert_section(&checklists().bewind, "B5", ROWS);

    // Required unless bewind.grond is answered `geen` — and required while grond is unanswered
    // (the one documented exception to "a condition on an unanswered item does not hold").
    let mut g = Given::new();
    for p in PROVISIONS {
        assert!(g.asked(p) && g.required(p), "{p}: grond unanswered");
    }
    g.set("bewind.grond", multi(&["schulden"]));
    for p in PROVISIONS {
        assert!(g.required(p), "{p}: grond schulden");
    }
    g.set("bewind.grond", multi(&["geestelijk", "verkwisting"]));
    for p in PROVISIONS {
        assert!(g.required(p), "{p}: grond geestelijk+verkwisting");
    }
    g.set("bewind.grond", multi(&["geen"]));
    for p in PROVISIONS {
        assert!(!g.asked(p) && !g.required(p), "{p}: grond geen");
    }
    g.clear("bewind.grond");
    for p in PROVISIONS {
        assert!(g.required(p), "{p}: grond cleared again");
    }

    // toereikend.toelichting: required when any B5 answer is `nee`.
    assert!(!g.required("toereikend.toelichting"), "nothing answered");
    for p in PROVISIONS {
        g.set(p, choice("ja"));
    }
    assert!(!g.required("toereikend.toelichting"), "all ja");
    for other in ["onbekend", "niet_beschikbaar"] {
        for p in PROVISIONS {
            g.set(p, choice(other));
        }
        assert!(!g.required("toereikend.toelichting"), "all {other}");
    }
    for p in PROVISIONS {
        g.set(p, choice("nee"));
        assert!(g.asked("toereikend.toelichting"), "{p} nee");
        assert!(g.required("toereikend.toelichting"), "{p} nee");
        g.set(p, choice("ja"));
        assert!(!g.required("toereikend.toelichting"), "{p} back to ja");
    }
}

// ---------------------------------------------------------------- completeness

#[test]
fn missing_lists_required_unanswered_ids_in_checklist_order_for_started_checklists_only() {
    let mut g = Given::new();
    assert_eq!(g.missing(), Vec::<String>::new(), "nothing started");

    // Starting schuldhulp (one answer) lists all its unconditional required items, in order.
    g.set("hulpvraag", text("Ik kom er niet meer uit"));
    let schuldhulp_required = [
        "melding.datum",
        "melding.route",
        "crisis.ontruiming",
        "crisis.afsluiting",
        "crisis.zorgverzekering",
        "crisis.overig",
        "huishouden.type",
        "huishouden.pensioen",
        "huishouden.minderjarigen",
        "huishouden.woonsituatie",
        "huishouden.ondernemer",
        "inkomen.netto",
        "lasten.wonen",
        "schulden.totaal",
        "schulden.schuldeisers",
        "schulden.trend",
        "fn.administratie",
        "fn.overzicht",
        "fn.uitgaven",
        "fn.impuls",
        "fn.motivatie",
        "fn.leerbaarheid",
        "fn.doenvermogen",
        "fn.stabiliteit",
        "fn.netwerk",
    ];
    assert_eq!(g.missing(), schuldhulp_required, "bewind not started");
    assert!(!g.answers.is_started(BEWIND));

    // Conditions add items in their place in the order.
    g.set("melding.route", choice("vroegsignaal"));
    g.set("crisis.afsluiting", Value::Bool(true));
    let missing = g.missing();
    assert_eq!(
        &missing[..3],
        [
            "melding.datum",
            "melding.signaalpartner",
            "crisis.ontruiming"
        ]
    );
    assert_eq!(
        &missing[3..6],
        [
            "crisis.zorgverzekering",
            "crisis.overig",
            "crisis.toelichting"
        ]
    );

    // Starting bewind: its required items follow, in bewind's order.
    let mut g = Given::new();
    g.answers.start(BEWIND);
    assert!(g.answers.is_started(BEWIND) && !g.answers.is_started(SCHULDHULP));
    let bewind_required = [
        "bewind.grond",
        "bewind.verzoeker",
        "bewind.lopend",
        "behoefte.misbruik",
        "behoefte.nieuwe_verplichtingen",
        "behoefte.overziet_gevolgen",
        "behoefte.afspraken",
        "behoefte.instabiel",
        "behoefte.achteruitgang",
        "bewind.eerder_lichter",
        "bewind.draagkracht_laag",
        "toereikend.budgetcoaching",
        "toereikend.budgetbeheer",
        "toereikend.inkomensbeheer",
        "toereikend.netwerk",
    ];
    assert_eq!(g.missing(), bewind_required);
    g.set("bewind.grond", multi(&["geen"]));
    assert_eq!(g.missing(), bewind_required[1..11]);

    // Both started: schuldhulp first, then bewind.
    g.set("hulpvraag", text("Hulp bij mijn post"));
    let both: Vec<&str> = schuldhulp_required
        .iter()
        .chain(&bewind_required[1..11])
        .copied()
        .collect();
    assert_eq!(g.missing(), both);

    // Answering everything required leaves nothing missing; `false` counts as an answer.
    let lists = checklists();
    let mut full = Given::new();
    for c in lists.all() {
        for item in c.items() {
            let value = match item.kind {
                Bool => Value::Bool(false),
                Date => Value::Date(NaiveDate::from_ymd_opt(2026, 11, 2).expect("date")),
                Eur => Value::Eur(0.into()),
                Int => Value::Int(0),
                Choice => choice(&item.options[0].id),
                Multi => multi(&[&item.options[0].id]),
                Score => Value::Score(3),
                Text => text("x"),
            };
            full.set(&item.id, value);
        }
    }
    assert_eq!(full.missing(), Vec::<String>::new());
    // Per checklist, too.
    assert!(lists.schuldhulp.missing(&full.answers).is_empty());
    full.clear("crisis.overig");
    assert_eq!(lists.schuldhulp.missing(&full.answers), ["crisis.overig"]);
    assert!(lists.bewind.missing(&full.answers).is_empty());
}

// ---------------------------------------------------------------- validation of edited files

fn bad(name: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/checklists/bad")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("read bad fixture");
    let source = format!("bad/{name}");
    Checklist::from_toml(&text, &source).expect_err("a bad checklist must be rejected")
}

#[test]
fn unknown_type_names_file_section_item_and_allowed_types() {
    assert_eq!(
        bad("unknown_type.toml"),
        [
            "bad/unknown_type.toml: [A3] item \"inkomen.netto\": onbekend type \"bedrag\"; \
             toegestaan: bool, date, eur, int, choice, multi, score, text"
        ]
    );
}

#[test]
fn duplicate_id_names_file_section_and_item() {
    assert_eq!(
        bad("duplicate_id.toml"),
        ["bad/duplicate_id.toml: [A8] item \"huishouden.type\": dubbel id"]
    );
}

#[test]
fn condition_naming_an_unknown_item_names_the_item_and_the_unknown_one() {
    assert_eq!(
        bad("unknown_condition_item.toml"),
        [
            "bad/unknown_condition_item.toml: item \"bewind.startdatum\" when: \
             verwijst naar onbekend item \"bewind.lopnd\""
        ]
    );
}

#[test]
fn missing_option_lists_are_reported_for_choice_and_multi() {
    assert_eq!(
        bad("missing_options.toml"),
        [
            "bad/missing_options.toml: [A0] item \"melding.route\": \
             type choice heeft een lijst options nodig",
            "bad/missing_options.toml: [A3] item \"inkomen.bron\": \
             type multi heeft een lijst options nodig",
        ]
    );
}

#[test]
fn a_file_with_several_problems_reports_all_of_them() {
    assert_eq!(
        bad("several_problems.toml"),
        [
            "bad/several_problems.toml: [A0] item \"melding.route\": \
             type choice heeft een lijst options nodig",
            "bad/several_problems.toml: [A2] item \"huishouden.minderjarigen\": \
             onbekend type \"aantal\"; toegestaan: bool, date, eur, int, choice, multi, score, text",
            "bad/several_problems.toml: [A2] item \"huishouden.echtscheiding\": dubbel id",
            "bad/several_problems.toml: [A3] item \"inkomen.bron\": \
             type multi heeft een lijst options nodig",
            "bad/several_problems.toml: [A3] item \"inkomen.bron\": \
             exclusive noemt onbekende optie \"geen\"",
            "bad/several_problems.toml: item \"melding.signaalpartner\" when: \
             verwijst naar onbekend item \"melding.rout\"",
        ]
    );
}

#[test]
fn a_condition_that_does_not_fit_its_item_is_reported() {
    assert_eq!(
        bad("condition_wrong_value.toml"),
        [
            "bad/condition_wrong_value.toml: item \"bewind.eerder_toelichting\" when: \
             voorwaarde op \"bewind.eerder_lichter\" past niet bij het type of de opties van dat item",
            "bad/condition_wrong_value.toml: item \"toereikend.netwerk\" when: \
             voorwaarde op \"bewind.grond\" past niet bij het type of de opties van dat item",
        ]
    );
}

#[test]
fn score_items_need_five_anchor_texts() {
    assert_eq!(
        bad("score_anchors_missing.toml"),
        ["bad/score_anchors_missing.toml: score_anchors moet 5 ankerteksten bevatten (1 t/m 5)"]
    );
}

#[test]
fn toml_errors_name_the_file_and_the_line() {
    assert_eq!(
        bad("syntax_error.toml"),
        [
            "bad/syntax_error.toml: geen geldige checklist: regel 4: invalid basic string, expected `\"`"
        ]
    );
    assert_eq!(
        bad("unknown_field.toml"),
        [
            "bad/unknown_field.toml: geen geldige checklist: regel 13: unknown field `verplicht`, \
             expected one of `id`, `type`, `label`, `required`, `when`, `options`, `exclusive`, \
             `derived_from_debts`"
        ]
    );
    assert_eq!(
        bad("missing_field.toml"),
        ["bad/missing_field.toml: geen geldige checklist: regel 10: missing field `label`"]
    );
}
