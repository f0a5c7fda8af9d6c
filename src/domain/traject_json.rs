//! The `traject` key of `loket-case/1` (TRAJECT.md), and the client and debt additions:
//! parse with Dutch messages naming the field, and emit in a stable order.
//!
//! Unknown keys are refused (as elsewhere in the case file); `null` counts as absent.

use super::bsn::Bsn;
use super::case::{DebtDdas, Geslacht, Partner};
use super::money;
use super::traject::{
    Begeleiding, BegeleidingSoort, Beschikking, BeschikkingSoort, Moratorium, Oplossing,
    OplossingSoort, Periode, PlanVanAanpak, Schuldregeling, Traject, Uitstroom, UitstroomReden,
};
use chrono::NaiveDate;
use serde_json::{Map, Value as J};

pub const CLIENT_KEYS: [&str; 5] = [
    "geslacht",
    "postcode",
    "huisnummer",
    "huisnummertoevoeging",
    "partner",
];
pub const DEBT_KEYS: [&str; 5] = [
    "peildatum",
    "zakelijk",
    "creditor_kvk",
    "creditor_postcode",
    "creditor_prive",
];
const TRAJECT_KEYS: [&str; 12] = [
    "crisisinterventies",
    "informatie_advies",
    "beschikking",
    "plan_van_aanpak",
    "begeleiding",
    "stabilisatie",
    "schuldregeling",
    "oplossing",
    "moratoria",
    "voorlopige_voorzieningen",
    "nazorg",
    "uitstroom",
];
const PARTNER_KEYS: [&str; 7] = [
    "name",
    "bsn",
    "birth_date",
    "geslacht",
    "postcode",
    "huisnummer",
    "huisnummertoevoeging",
];

/// Collects problems; each names its place.
struct P<'a>(&'a mut Vec<String>);

impl P<'_> {
    fn known(&mut self, obj: &Map<String, J>, at: &str, known: &[&str]) {
        for k in obj.keys() {
            if !known.contains(&k.as_str()) {
                let hint = super::suggest::closest(k, known.iter().copied())
                    .map(|n| format!("bedoelt u \"{n}\"? "))
                    .unwrap_or_default();
                self.0.push(format!(
                    "{at}{k}: onbekende sleutel; {hint}bekend zijn: {}",
                    known.join(", ")
                ));
            }
        }
    }

    fn obj<'v>(&mut self, v: Option<&'v J>, at: &str) -> Option<&'v Map<String, J>> {
        match v {
            None | Some(J::Null) => None,
            Some(J::Object(m)) => Some(m),
            Some(other) => {
                self.0
                    .push(format!("{at}: {other} is geen object ({{ ... }})"));
                None
            }
        }
    }

    fn list<'v>(&mut self, v: Option<&'v J>, at: &str) -> &'v [J] {
        match v {
            None | Some(J::Null) => &[],
            Some(J::Array(a)) => a,
            Some(other) => {
                self.0
                    .push(format!("{at}: {other} is geen lijst ([ ... ])"));
                &[]
            }
        }
    }

    fn date(&mut self, o: &Map<String, J>, at: &str, key: &str) -> Option<NaiveDate> {
        match o.get(key) {
            None | Some(J::Null) => None,
            Some(J::String(s)) => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    self.0.push(format!(
                        "{at}{key}: \"{s}\" is geen datum; verwacht JJJJ-MM-DD, bijv. \"2026-11-03\""
                    ));
                    None
                }
            },
            Some(other) => {
                self.0.push(format!(
                    "{at}{key}: {other} is geen datum; verwacht JJJJ-MM-DD, bijv. \"2026-11-03\""
                ));
                None
            }
        }
    }

    fn text(&mut self, o: &Map<String, J>, at: &str, key: &str) -> Option<String> {
        match o.get(key) {
            None | Some(J::Null) => None,
            Some(J::String(s)) if s.trim().is_empty() => None,
            Some(J::String(s)) => Some(s.trim().to_string()),
            Some(other) => {
                self.0.push(format!("{at}{key}: {other} is geen tekst"));
                None
            }
        }
    }

    fn flag(&mut self, o: &Map<String, J>, at: &str, key: &str) -> Option<bool> {
        match o.get(key) {
            None | Some(J::Null) => None,
            Some(J::Bool(b)) => Some(*b),
            Some(other) => {
                self.0.push(format!(
                    "{at}{key}: {other} is ongeldig; verwacht true of false"
                ));
                None
            }
        }
    }

    fn id<T: Copy>(
        &mut self,
        o: &Map<String, J>,
        at: &str,
        key: &str,
        from: fn(&str) -> Option<T>,
        ids: &str,
    ) -> Option<T> {
        let s = self.text(o, at, key)?;
        let v = from(&s);
        if v.is_none() {
            self.0.push(format!(
                "{at}{key}: onbekende waarde \"{s}\"; toegestaan: {ids}"
            ));
        }
        v
    }

    fn periode(&mut self, v: Option<&J>, at: &str) -> Option<Periode> {
        let o = self.obj(v, at)?;
        let p = format!("{at}.");
        self.known(o, &p, &["start", "eind"]);
        Some(Periode {
            start: self.date(o, &p, "start"),
            eind: self.date(o, &p, "eind"),
        })
    }
}

fn geslacht_ids() -> String {
    Geslacht::ALL.map(|g| g.id()).join(", ")
}

/// The client additions, read from the `client` object into the given fields.
pub struct ClientExtra {
    pub geslacht: Option<Geslacht>,
    pub postcode: Option<String>,
    pub huisnummer: Option<String>,
    pub huisnummertoevoeging: Option<String>,
    pub partner: Option<Box<Partner>>,
}

pub fn parse_client_extra(o: &Map<String, J>, problems: &mut Vec<String>) -> ClientExtra {
    let mut p = P(problems);
    let at = "client.";
    let partner = p.obj(o.get("partner"), "client.partner").map(|po| {
        let at = "client.partner.";
        p.known(po, at, &PARTNER_KEYS);
        let bsn = match po.get("bsn") {
            None | Some(J::Null) => None,
            Some(J::String(s)) => match Bsn::parse(s) {
                Ok(b) => Some(b),
                Err(e) => {
                    p.0.push(format!("{at}bsn: {e}"));
                    None
                }
            },
            Some(other) => {
                p.0.push(format!(
                    "{at}bsn: {other} is geen BSN; schrijf het als tekst"
                ));
                None
            }
        };
        Box::new(Partner {
            name: p.text(po, at, "name"),
            bsn,
            birth_date: p.date(po, at, "birth_date"),
            geslacht: p.id(po, at, "geslacht", Geslacht::from_id, &geslacht_ids()),
            postcode: p.text(po, at, "postcode"),
            huisnummer: p.text(po, at, "huisnummer"),
            huisnummertoevoeging: p.text(po, at, "huisnummertoevoeging"),
        })
    });
    ClientExtra {
        geslacht: p.id(o, at, "geslacht", Geslacht::from_id, &geslacht_ids()),
        postcode: p.text(o, at, "postcode"),
        huisnummer: p.text(o, at, "huisnummer"),
        huisnummertoevoeging: p.text(o, at, "huisnummertoevoeging"),
        partner,
    }
}

pub fn parse_debt_extra(o: &Map<String, J>, at: &str, problems: &mut Vec<String>) -> DebtDdas {
    let mut p = P(problems);
    DebtDdas {
        peildatum: p.date(o, at, "peildatum"),
        zakelijk: p.flag(o, at, "zakelijk"),
        creditor_kvk: p.text(o, at, "creditor_kvk"),
        creditor_postcode: p.text(o, at, "creditor_postcode"),
        creditor_prive: p.flag(o, at, "creditor_prive"),
    }
}

/// Parses `traject`; every problem (format and the rules of TRAJECT.md) goes to `problems`.
pub fn parse_traject(v: Option<&J>, problems: &mut Vec<String>) -> Traject {
    let before = problems.len();
    let mut p = P(problems);
    let Some(o) = p.obj(v, "traject") else {
        return Traject::default();
    };
    p.known(o, "traject.", &TRAJECT_KEYS);
    let mut t = Traject::default();
    for (i, c) in p
        .list(o.get("crisisinterventies"), "traject.crisisinterventies")
        .iter()
        .enumerate()
    {
        if let Some(per) = p.periode(Some(c), &format!("traject.crisisinterventies[{}]", i + 1)) {
            t.crisisinterventies.push(per);
        }
    }
    t.informatie_advies = p.periode(o.get("informatie_advies"), "traject.informatie_advies");
    if let Some(b) = p.obj(o.get("beschikking"), "traject.beschikking") {
        let at = "traject.beschikking.";
        p.known(b, at, &["datum", "soort"]);
        t.beschikking = Some(Beschikking {
            datum: p.date(b, at, "datum"),
            soort: p.id(
                b,
                at,
                "soort",
                BeschikkingSoort::from_id,
                &BeschikkingSoort::ids(),
            ),
        });
    }
    if let Some(b) = p.obj(o.get("plan_van_aanpak"), "traject.plan_van_aanpak") {
        let at = "traject.plan_van_aanpak.";
        p.known(b, at, &["datum"]);
        t.plan_van_aanpak = Some(PlanVanAanpak {
            datum: p.date(b, at, "datum"),
        });
    }
    for (i, b) in p
        .list(o.get("begeleiding"), "traject.begeleiding")
        .iter()
        .enumerate()
    {
        let at = format!("traject.begeleiding[{}]", i + 1);
        let Some(b) = p.obj(Some(b), &at) else {
            continue;
        };
        let at = format!("{at}.");
        p.known(b, &at, &["soort", "start", "eind"]);
        let soort = p.id(
            b,
            &at,
            "soort",
            BegeleidingSoort::from_id,
            &BegeleidingSoort::ids(),
        );
        if soort.is_none() && b.get("soort").is_none_or(J::is_null) {
            p.0.push(format!(
                "{at}soort: ontbreekt; toegestaan: {}",
                BegeleidingSoort::ids()
            ));
        }
        let (start, eind) = (p.date(b, &at, "start"), p.date(b, &at, "eind"));
        if let Some(soort) = soort {
            t.begeleiding.push(Begeleiding { soort, start, eind });
        }
    }
    t.stabilisatie = p.periode(o.get("stabilisatie"), "traject.stabilisatie");
    if let Some(s) = p.obj(o.get("schuldregeling"), "traject.schuldregeling") {
        let at = "traject.schuldregeling.";
        p.known(
            s,
            at,
            &[
                "ingediend",
                "toegekend",
                "afgewezen",
                "ingetrokken",
                "dwangakkoord",
                "verzoek_dwangakkoord",
            ],
        );
        t.schuldregeling = Some(Schuldregeling {
            ingediend: p.date(s, at, "ingediend"),
            toegekend: p.date(s, at, "toegekend"),
            afgewezen: p.date(s, at, "afgewezen"),
            ingetrokken: p.date(s, at, "ingetrokken"),
            dwangakkoord: p.flag(s, at, "dwangakkoord").unwrap_or(false),
            verzoek_dwangakkoord: p.date(s, at, "verzoek_dwangakkoord"),
        });
    }
    if let Some(s) = p.obj(o.get("oplossing"), "traject.oplossing") {
        let at = "traject.oplossing.";
        p.known(s, at, &["soort", "start", "eind", "vtlb"]);
        let vtlb = match s.get("vtlb") {
            None | Some(J::Null) => None,
            Some(J::String(v)) => match money::parse_contract(v) {
                Ok(a) => Some(a),
                Err(e) => {
                    p.0.push(format!("{at}vtlb: {e}"));
                    None
                }
            },
            Some(other) => {
                p.0.push(format!(
                    "{at}vtlb: {other} is ongeldig; verwacht een bedrag als tekst, bijv. \"1331.43\""
                ));
                None
            }
        };
        t.oplossing = Some(Oplossing {
            soort: p.id(
                s,
                at,
                "soort",
                OplossingSoort::from_id,
                &OplossingSoort::ids(),
            ),
            start: p.date(s, at, "start"),
            eind: p.date(s, at, "eind"),
            vtlb,
        });
    }
    for (i, m) in p
        .list(o.get("moratoria"), "traject.moratoria")
        .iter()
        .enumerate()
    {
        let at = format!("traject.moratoria[{}]", i + 1);
        let Some(m) = p.obj(Some(m), &at) else {
            continue;
        };
        let at = format!("{at}.");
        p.known(m, &at, &["aanvraag", "goedkeuring", "start", "eind"]);
        t.moratoria.push(Moratorium {
            aanvraag: p.date(m, &at, "aanvraag"),
            goedkeuring: p.date(m, &at, "goedkeuring"),
            start: p.date(m, &at, "start"),
            eind: p.date(m, &at, "eind"),
        });
    }
    for (i, c) in p
        .list(
            o.get("voorlopige_voorzieningen"),
            "traject.voorlopige_voorzieningen",
        )
        .iter()
        .enumerate()
    {
        if let Some(per) = p.periode(
            Some(c),
            &format!("traject.voorlopige_voorzieningen[{}]", i + 1),
        ) {
            t.voorlopige_voorzieningen.push(per);
        }
    }
    t.nazorg = p.periode(o.get("nazorg"), "traject.nazorg");
    if let Some(u) = p.obj(o.get("uitstroom"), "traject.uitstroom") {
        let at = "traject.uitstroom.";
        p.known(u, at, &["datum", "reden", "omschrijving"]);
        t.uitstroom = Some(Uitstroom {
            datum: p.date(u, at, "datum"),
            reden: p.id(
                u,
                at,
                "reden",
                UitstroomReden::from_id,
                &UitstroomReden::ids(),
            ),
            omschrijving: p.text(u, at, "omschrijving"),
        });
    }
    // The rules only make sense on a traject that parsed cleanly.
    if problems.len() == before {
        problems.extend(t.validate().iter().map(ToString::to_string));
    }
    t
}

fn date(d: Option<NaiveDate>) -> J {
    d.map_or(J::Null, |d| J::from(d.format("%Y-%m-%d").to_string()))
}

fn periode(p: &Periode) -> J {
    let mut m = Map::new();
    m.insert("start".into(), date(p.start));
    m.insert("eind".into(), date(p.eind));
    J::Object(m)
}

/// The traject as in TRAJECT.md: every part that happened, dates `null` when unknown.
pub fn traject_json(t: &Traject) -> J {
    let mut m = Map::new();
    if !t.crisisinterventies.is_empty() {
        m.insert(
            "crisisinterventies".into(),
            J::Array(t.crisisinterventies.iter().map(periode).collect()),
        );
    }
    if let Some(p) = &t.informatie_advies {
        m.insert("informatie_advies".into(), periode(p));
    }
    if let Some(b) = &t.beschikking {
        let mut o = Map::new();
        o.insert("datum".into(), date(b.datum));
        o.insert("soort".into(), b.soort.map_or(J::Null, |s| J::from(s.id())));
        m.insert("beschikking".into(), J::Object(o));
    }
    if let Some(p) = &t.plan_van_aanpak {
        let mut o = Map::new();
        o.insert("datum".into(), date(p.datum));
        m.insert("plan_van_aanpak".into(), J::Object(o));
    }
    if !t.begeleiding.is_empty() {
        let list = t
            .begeleiding
            .iter()
            .map(|b| {
                let mut o = Map::new();
                o.insert("soort".into(), J::from(b.soort.id()));
                o.insert("start".into(), date(b.start));
                o.insert("eind".into(), date(b.eind));
                J::Object(o)
            })
            .collect();
        m.insert("begeleiding".into(), J::Array(list));
    }
    if let Some(p) = &t.stabilisatie {
        m.insert("stabilisatie".into(), periode(p));
    }
    if let Some(s) = &t.schuldregeling {
        let mut o = Map::new();
        o.insert("ingediend".into(), date(s.ingediend));
        o.insert("toegekend".into(), date(s.toegekend));
        o.insert("afgewezen".into(), date(s.afgewezen));
        o.insert("ingetrokken".into(), date(s.ingetrokken));
        o.insert("dwangakkoord".into(), J::Bool(s.dwangakkoord));
        o.insert("verzoek_dwangakkoord".into(), date(s.verzoek_dwangakkoord));
        m.insert("schuldregeling".into(), J::Object(o));
    }
    if let Some(s) = &t.oplossing {
        let mut o = Map::new();
        o.insert("soort".into(), s.soort.map_or(J::Null, |s| J::from(s.id())));
        o.insert("start".into(), date(s.start));
        o.insert("eind".into(), date(s.eind));
        o.insert(
            "vtlb".into(),
            s.vtlb.map_or(J::Null, |v| J::from(money::to_contract(v))),
        );
        m.insert("oplossing".into(), J::Object(o));
    }
    if !t.moratoria.is_empty() {
        let list = t
            .moratoria
            .iter()
            .map(|x| {
                let mut o = Map::new();
                o.insert("aanvraag".into(), date(x.aanvraag));
                o.insert("goedkeuring".into(), date(x.goedkeuring));
                o.insert("start".into(), date(x.start));
                o.insert("eind".into(), date(x.eind));
                J::Object(o)
            })
            .collect();
        m.insert("moratoria".into(), J::Array(list));
    }
    if !t.voorlopige_voorzieningen.is_empty() {
        m.insert(
            "voorlopige_voorzieningen".into(),
            J::Array(t.voorlopige_voorzieningen.iter().map(periode).collect()),
        );
    }
    if let Some(p) = &t.nazorg {
        m.insert("nazorg".into(), periode(p));
    }
    if let Some(u) = &t.uitstroom {
        let mut o = Map::new();
        o.insert("datum".into(), date(u.datum));
        o.insert("reden".into(), u.reden.map_or(J::Null, |r| J::from(r.id())));
        o.insert(
            "omschrijving".into(),
            u.omschrijving.clone().map_or(J::Null, J::from),
        );
        m.insert("uitstroom".into(), J::Object(o));
    }
    J::Object(m)
}

fn put(m: &mut Map<String, J>, key: &str, v: Option<&str>) {
    if let Some(v) = v {
        m.insert(key.into(), J::from(v));
    }
}

/// Writes the client additions into the `client` object (absent ones are left out).
pub fn client_extra_json(c: &super::case::Client, m: &mut Map<String, J>) {
    put(m, "geslacht", c.geslacht.map(Geslacht::id));
    put(m, "postcode", c.postcode.as_deref());
    put(m, "huisnummer", c.huisnummer.as_deref());
    put(m, "huisnummertoevoeging", c.huisnummertoevoeging.as_deref());
    if let Some(pa) = &c.partner {
        let mut o = Map::new();
        put(&mut o, "name", pa.name.as_deref());
        put(&mut o, "bsn", pa.bsn.as_ref().map(Bsn::as_str));
        let bd = pa.birth_date.map(|d| d.format("%Y-%m-%d").to_string());
        put(&mut o, "birth_date", bd.as_deref());
        put(&mut o, "geslacht", pa.geslacht.map(Geslacht::id));
        put(&mut o, "postcode", pa.postcode.as_deref());
        put(&mut o, "huisnummer", pa.huisnummer.as_deref());
        put(
            &mut o,
            "huisnummertoevoeging",
            pa.huisnummertoevoeging.as_deref(),
        );
        m.insert("partner".into(), J::Object(o));
    }
}

/// Writes the debt additions into a debt object (absent ones are left out).
pub fn debt_extra_json(d: &DebtDdas, m: &mut Map<String, J>) {
    let pd = d.peildatum.map(|d| d.format("%Y-%m-%d").to_string());
    put(m, "peildatum", pd.as_deref());
    if let Some(z) = d.zakelijk {
        m.insert("zakelijk".into(), J::Bool(z));
    }
    put(m, "creditor_kvk", d.creditor_kvk.as_deref());
    put(m, "creditor_postcode", d.creditor_postcode.as_deref());
    if let Some(z) = d.creditor_prive {
        m.insert("creditor_prive".into(), J::Bool(z));
    }
}
