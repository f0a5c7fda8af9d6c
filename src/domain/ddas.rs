//! The yearly delivery to CBS: DDAS uitwisselspecificatie v1.0 (DDAS.md §2–§4), mapped from
//! the traject (TRAJECT.md), never from a proposal.
//!
//! Pure: the caller passes the cases, the period, the municipality, the moment of delivery and the
//! supplier code. Decisions where DDAS.md leaves room (listed in the module, applied here):
//! - One case with the schuldhulp checklist started and a `melding.datum` is one
//!   schuldhulptraject; it overlaps the period when it started on or before `tot` and has no
//!   uitstroom before `van`. A case without a meldingsdatum cannot be placed and is reported.
//! - Traject `startdatum` = `melding.datum`; `einddatum` = `uitstroom.datum`.
//! - Money is rounded to whole euros, half away from zero.
//! - `aanmelding.crisisinterventie` is true when a threatening situation was recorded (A1) or the
//!   traject has a crisisinterventie.
//! - `intake.einddatum` = the beschikking date (the FAQ: normally the same).
//! - `thuisadministratie` and `inkomensbeheer` have no DDAS code: left out, and said so.
//! - The traject `omschrijving` is never filled (privacy; not relevant for CBS).

use super::answers::Value;
use super::case::{Case, Client, Debt, DebtCategory, Geslacht, Partner, debt_totals};
use super::deadlines::CRISIS_ITEMS;
use super::policy::Gemeente;
use super::traject::{
    BegeleidingSoort, BeschikkingSoort, OplossingSoort, Periode, Traject, UitstroomReden,
};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{Map, Value as J, json};

/// The DDAS code of a begeleiding soort; None where the standard has none.
pub fn begeleiding_code(s: BegeleidingSoort) -> Option<&'static str> {
    match s {
        BegeleidingSoort::Budgetcoaching => Some("Budgetcoaching"),
        BegeleidingSoort::Budgetbeheer => Some("Budgetbeheer"),
        BegeleidingSoort::Beschermingsbewind => Some("Beschermingsbewind"),
        BegeleidingSoort::Dfd => Some("Lange Termijn Begeleiding (DFD)"),
        BegeleidingSoort::Budgetbegeleiding => Some("Budgetbegeleiding"),
        BegeleidingSoort::Thuisadministratie | BegeleidingSoort::Inkomensbeheer => None,
    }
}

pub fn oplossing_code(s: OplossingSoort) -> &'static str {
    match s {
        OplossingSoort::Betalingsregeling => "Betalingsregeling",
        OplossingSoort::Herfinanciering => "Herfinanciering",
        OplossingSoort::Saneringskrediet => "Saneringskrediet",
        OplossingSoort::Schuldbemiddeling => "Schuldbemiddeling",
        OplossingSoort::NulAanbod => "0%-aanbod",
    }
}

pub fn uitstroom_code(r: UitstroomReden) -> &'static str {
    match r {
        UitstroomReden::Afgerond => "Afgerond",
        UitstroomReden::Zelf => "Zelf",
        UitstroomReden::Overleden => "Overleden",
        UitstroomReden::Verhuisd => "Verhuisd",
        UitstroomReden::Ingetrokken => "Ingetrokken",
        UitstroomReden::NietVerschenen => "Nietverschenen",
        UitstroomReden::VoldoetNiet => "Voldoet niet",
        UitstroomReden::NietPassend => "Niet passend",
        UitstroomReden::Overig => "Overig",
    }
}

pub fn beschikking_code(s: BeschikkingSoort) -> &'static str {
    match s {
        BeschikkingSoort::Toelating => "Toelatingsbeschikking",
        BeschikkingSoort::Afwijzing => "Afwijzingsbeschikking",
    }
}

pub fn geslacht_code(g: Geslacht) -> &'static str {
    match g {
        Geslacht::Man => "Man",
        Geslacht::Vrouw => "Vrouw",
        Geslacht::Onbekend => "Onbekend",
    }
}

pub fn schuldsoort_code(c: DebtCategory) -> &'static str {
    match c {
        DebtCategory::Nuts => "Nuts",
        DebtCategory::Publiek => "Publiek",
        DebtCategory::Zorg => "Zorg",
        DebtCategory::Overig => "Overig",
    }
}

/// Whole euros, half away from zero, as an integer.
pub fn euros(d: Decimal) -> i64 {
    let r = d.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    i64::try_from(r.mantissa() / 10i128.pow(r.scale())).unwrap_or(i64::MAX)
}

fn date(d: NaiveDate) -> J {
    J::from(d.format("%Y-%m-%d").to_string())
}

/// Inserts a date only when there is one (DDAS has no nulls).
fn put_date(m: &mut Map<String, J>, key: &str, d: Option<NaiveDate>) {
    if let Some(d) = d {
        m.insert(key.into(), date(d));
    }
}

fn put_text(m: &mut Map<String, J>, key: &str, s: Option<&str>) {
    if let Some(s) = s.map(str::trim).filter(|s| !s.is_empty()) {
        m.insert(key.into(), J::from(s));
    }
}

fn span(p: &Periode) -> J {
    let mut m = Map::new();
    put_date(&mut m, "startdatum", p.start);
    put_date(&mut m, "einddatum", p.eind);
    J::Object(m)
}

/// Where the traject of a case lies in time: start (melding) and end (uitstroom).
pub fn looptijd(case: &Case) -> Option<(NaiveDate, Option<NaiveDate>)> {
    let start = case
        .answers
        .value("melding.datum")
        .and_then(Value::as_date)?;
    Some((start, case.traject.uitstroom_datum()))
}

/// Whether the case is a schuldhulptraject at all (the schuldhulp checklist started).
pub fn is_schuldhulp(case: &Case) -> bool {
    case.answers.is_started("schuldhulp")
}

/// Whether the traject overlaps `van..=tot`.
pub fn overlaps(case: &Case, van: NaiveDate, tot: NaiveDate) -> bool {
    looptijd(case).is_some_and(|(s, e)| s <= tot && e.is_none_or(|e| e >= van))
}

fn client_json(c: &Client) -> J {
    let mut m = Map::new();
    put_text(
        &mut m,
        "Burgerservicenummer",
        c.bsn.as_ref().map(|b| b.as_str()),
    );
    put_date(&mut m, "Geboortedatum", c.birth_date);
    put_text(&mut m, "Geslachtsaanduiding", c.geslacht.map(geslacht_code));
    put_text(&mut m, "Postcode", c.postcode.as_deref());
    put_text(&mut m, "Huisnummer", c.huisnummer.as_deref());
    put_text(
        &mut m,
        "Huisnummertoevoeging",
        c.huisnummertoevoeging.as_deref(),
    );
    J::Object(m)
}

fn partner_json(p: &Partner) -> J {
    let mut m = Map::new();
    put_text(
        &mut m,
        "Burgerservicenummer",
        p.bsn.as_ref().map(|b| b.as_str()),
    );
    put_date(&mut m, "Geboortedatum", p.birth_date);
    put_text(&mut m, "Geslachtsaanduiding", p.geslacht.map(geslacht_code));
    put_text(&mut m, "Postcode", p.postcode.as_deref());
    put_text(&mut m, "Huisnummer", p.huisnummer.as_deref());
    put_text(
        &mut m,
        "Huisnummertoevoeging",
        p.huisnummertoevoeging.as_deref(),
    );
    J::Object(m)
}

fn debt_json(d: &Debt) -> J {
    let mut eiser = Map::new();
    eiser.insert("naam".into(), J::from(d.creditor.clone()));
    eiser.insert("Naam".into(), J::from(d.creditor.clone()));
    put_text(&mut eiser, "kvknummer", d.ddas.creditor_kvk.as_deref());
    put_text(&mut eiser, "postcode", d.ddas.creditor_postcode.as_deref());
    if let Some(p) = d.ddas.creditor_prive {
        eiser.insert("privepersoon".into(), J::Bool(p));
    }
    let mut m = Map::new();
    m.insert("bedrag".into(), J::from(euros(d.amount)));
    put_date(&mut m, "peildatum", d.ddas.peildatum);
    m.insert("schuldsoort".into(), J::from(schuldsoort_code(d.category)));
    if let Some(z) = d.ddas.zakelijk {
        m.insert("zakelijkeSchuld".into(), J::Bool(z));
    }
    m.insert("schuldeiser".into(), J::Object(eiser));
    J::Object(m)
}

/// One `schuldhulptrajecten[]` item, and what is missing or left out, in Dutch.
pub fn traject_json(case: &Case, gemeentecode: &str) -> (J, Vec<String>) {
    let mut notes = Vec::new();
    let t: &Traject = &case.traject;
    let answers = &case.answers;
    let melding = answers.value("melding.datum").and_then(Value::as_date);
    let gesprek = super::traject::eerste_gesprek(answers);
    let mut m = Map::new();
    m.insert("gemeentecode".into(), J::from(gemeentecode));
    put_date(&mut m, "startdatum", melding);
    put_date(&mut m, "einddatum", t.uitstroom_datum());
    put_date(
        &mut m,
        "toekenningsdatum",
        t.schuldregeling.as_ref().and_then(|s| s.toegekend),
    );
    let total = debt_totals(&case.debts).map(|d| d.total).or_else(|| {
        answers.value("schulden.totaal").and_then(|v| match v {
            Value::Eur(d) => Some(*d),
            _ => None,
        })
    });
    if let Some(total) = total {
        m.insert(
            "totaalSchuldbedragBijAanvangSchuld".into(),
            J::from(euros(total)),
        );
    }
    let mut clients = vec![client_json(&case.client)];
    if let Some(p) = &case.client.partner {
        clients.push(partner_json(p));
    }
    m.insert("client".into(), J::Array(clients));

    let crisis = CRISIS_ITEMS
        .iter()
        .any(|i| answers.value(i).and_then(Value::as_bool) == Some(true))
        || !t.crisisinterventies.is_empty();
    let mut aanmelding = Map::new();
    put_date(&mut aanmelding, "startdatum", melding);
    put_date(&mut aanmelding, "einddatum", gesprek);
    aanmelding.insert("crisisinterventie".into(), J::Bool(crisis));
    m.insert("aanmelding".into(), J::Object(aanmelding));
    if !t.crisisinterventies.is_empty() {
        m.insert(
            "crisisinterventies".into(),
            J::Array(t.crisisinterventies.iter().map(span).collect()),
        );
    }
    if let Some(p) = &t.informatie_advies {
        m.insert("informatieEnAdvies".into(), span(p));
    }
    let besch = t.beschikking.as_ref();
    if gesprek.is_some() || besch.is_some() {
        let mut intake = Map::new();
        put_date(&mut intake, "startdatum", gesprek);
        put_date(&mut intake, "einddatum", besch.and_then(|b| b.datum));
        put_date(
            &mut intake,
            "beschikkingsdatum",
            besch.and_then(|b| b.datum),
        );
        put_text(
            &mut intake,
            "beschikkingssoort",
            besch.and_then(|b| b.soort).map(beschikking_code),
        );
        m.insert("intake".into(), J::Object(intake));
    }
    if let Some(d) = t.plan_van_aanpak.as_ref().and_then(|p| p.datum) {
        m.insert("planVanAanpak".into(), json!({ "datumAfronding": date(d) }));
    }
    if let Some(p) = &t.stabilisatie {
        m.insert("stabilisatie".into(), span(p));
    }
    if let Some(s) = &t.schuldregeling {
        let mut o = Map::new();
        put_date(&mut o, "datum", s.ingediend);
        put_date(&mut o, "toegekend", s.toegekend);
        put_date(&mut o, "afgewezen", s.afgewezen);
        put_date(&mut o, "ingetrokken", s.ingetrokken);
        o.insert("dwangakkoord".into(), J::Bool(s.dwangakkoord));
        put_date(&mut o, "datumVerzoekDwangakkoord", s.verzoek_dwangakkoord);
        m.insert("schuldregeling".into(), J::Object(o));
    }
    if let Some(o) = &t.oplossing {
        let mut x = Map::new();
        put_date(&mut x, "startdatum", o.start);
        put_date(&mut x, "einddatum", o.eind);
        put_text(&mut x, "soort", o.soort.map(oplossing_code));
        if let Some(v) = o.vtlb {
            x.insert("vtlb".into(), J::from(euros(v)));
        }
        m.insert("oplossing".into(), J::Object(x));
    }
    let mut begeleiding = Vec::new();
    for b in &t.begeleiding {
        match begeleiding_code(b.soort) {
            Some(code) => {
                let mut x = Map::new();
                x.insert("soort".into(), J::from(code));
                put_date(&mut x, "startdatum", b.start);
                put_date(&mut x, "einddatum", b.eind);
                begeleiding.push(J::Object(x));
            }
            None => notes.push(format!(
                "begeleiding {} heeft geen DDAS-code en is weggelaten",
                b.soort.label()
            )),
        }
    }
    if !begeleiding.is_empty() {
        m.insert("begeleiding".into(), J::Array(begeleiding));
    }
    if !t.moratoria.is_empty() {
        let list = t
            .moratoria
            .iter()
            .map(|x| {
                let mut o = Map::new();
                put_date(&mut o, "datumAanvraag", x.aanvraag);
                put_date(&mut o, "datumGoedkeuring", x.goedkeuring);
                put_date(&mut o, "startdatum", x.start);
                put_date(&mut o, "einddatum", x.eind);
                J::Object(o)
            })
            .collect();
        m.insert("moratoria".into(), J::Array(list));
    }
    if !t.voorlopige_voorzieningen.is_empty() {
        m.insert(
            "voorlopigeVoorzieningen".into(),
            J::Array(t.voorlopige_voorzieningen.iter().map(span).collect()),
        );
    }
    if let Some(p) = &t.nazorg {
        m.insert("nazorg".into(), span(p));
    }
    if let Some(u) = &t.uitstroom {
        let mut o = Map::new();
        put_date(&mut o, "datum", u.datum);
        put_date(&mut o, "datumBeeindigingsbeschikking", u.datum);
        put_text(&mut o, "reden", u.reden.map(uitstroom_code));
        put_text(&mut o, "omschrijving", u.omschrijving.as_deref());
        m.insert("uitstroom".into(), J::Object(o));
        if u.reden.is_none() {
            notes.push("uitstroom zonder reden: CBS verwacht een uitstroomreden".into());
        }
    }
    if !case.debts.is_empty() {
        m.insert(
            "schulden".into(),
            J::Array(case.debts.iter().map(debt_json).collect()),
        );
    }
    if t.uitstroom.is_none() && case.status == super::case::Status::Afgesloten {
        notes.push(
            "de zaak is afgesloten zonder uitstroom in het traject: CBS ziet het traject als lopend (leg de uitstroom vast met datum en reden)".into(),
        );
    }
    notes.extend(missing_identity(&case.client, "cliënt"));
    if let Some(p) = &case.client.partner {
        let c = Client {
            bsn: p.bsn.clone(),
            birth_date: p.birth_date,
            geslacht: p.geslacht,
            postcode: p.postcode.clone(),
            huisnummer: p.huisnummer.clone(),
            ..Client::default()
        };
        notes.extend(missing_identity(&c, "partner"));
    }
    (J::Object(m), notes)
}

/// CBS identifies a person by BSN, or else by geboortedatum, geslacht, postcode and huisnummer.
fn missing_identity(c: &Client, who: &str) -> Option<String> {
    if c.bsn.is_some() {
        return None;
    }
    let mut missing = Vec::new();
    if c.birth_date.is_none() {
        missing.push("geboortedatum");
    }
    if c.geslacht.is_none() {
        missing.push("geslacht");
    }
    if c.postcode.as_deref().is_none_or(|s| s.trim().is_empty()) {
        missing.push("postcode");
    }
    if c.huisnummer.as_deref().is_none_or(|s| s.trim().is_empty()) {
        missing.push("huisnummer");
    }
    (!missing.is_empty()).then(|| {
        format!(
            "{who}: geen BSN en geen {}: CBS kan de {who} niet herkennen",
            missing.join(", ")
        )
    })
}

/// The `aanleverende_organisatie` block, and what is missing in the policy's `[gemeente]`.
pub fn organisatie_json(g: &Gemeente) -> (J, Vec<String>) {
    let mut notes = Vec::new();
    let mut m = Map::new();
    put_text(&mut m, "(Statutaire) Naam", Some(&g.naam));
    let third_party = !g.kvk.trim().is_empty();
    if third_party {
        put_text(&mut m, "KvK-nummer", Some(&g.kvk));
    } else {
        put_text(&mut m, "gemeentecode", Some(&g.gemeentecode));
    }
    put_text(&mut m, "postcode", Some(&g.postcode));
    let contacts: Vec<J> = g
        .contactpersonen
        .iter()
        .map(|c| {
            let mut o = Map::new();
            put_text(&mut o, "naam", Some(&c.naam));
            put_text(&mut o, "email", Some(&c.email));
            put_text(&mut o, "telefoonnummer", Some(&c.telefoon));
            put_text(&mut o, "functietitel", Some(&c.functie));
            J::Object(o)
        })
        .collect();
    if contacts.is_empty() {
        notes.push(
            "[gemeente] heeft geen contactpersoon ([[gemeente.contactpersoon]]): CBS stuurt de inloggegevens en het verslag aan de contactpersoon".into(),
        );
    } else {
        m.insert("contactpersonen".into(), J::Array(contacts));
    }
    if g.gemeentecode.trim().is_empty() {
        notes.push("[gemeente] heeft geen gemeentecode: elk traject heeft er een nodig".into());
    }
    if g.postcode.trim().is_empty() {
        notes.push("[gemeente] heeft geen postcode".into());
    }
    (J::Object(m), notes)
}

/// One traject in the delivery, with its notes (what is missing for CBS).
pub struct Entry {
    pub case_id: String,
    pub notes: Vec<String>,
}

/// The whole delivery.
pub struct Delivery {
    pub json: J,
    pub entries: Vec<Entry>,
    /// Problems of the delivery as a whole (the `[gemeente]` block).
    pub general: Vec<String>,
    /// Schuldhulp cases left out because they have no meldingsdatum.
    pub unplaced: Vec<String>,
}

/// Collects the trajecten one case at a time, so a caller can stream cases from a store
/// without holding them all.
pub struct Collector {
    code: String,
    van: NaiveDate,
    tot: NaiveDate,
    trajecten: Vec<J>,
    entries: Vec<Entry>,
    /// Schuldhulp cases that cannot be placed in time (no meldingsdatum), by case number.
    pub unplaced: Vec<String>,
}

impl Collector {
    pub fn new(gemeente: &Gemeente, van: NaiveDate, tot: NaiveDate) -> Collector {
        let code = gemeente.gemeentecode.trim();
        Collector {
            code: if code.is_empty() { "Onbekend" } else { code }.to_string(),
            van,
            tot,
            trajecten: Vec::new(),
            entries: Vec::new(),
            unplaced: Vec::new(),
        }
    }

    /// Takes the case when it is a schuldhulp traject overlapping the period.
    pub fn add(&mut self, case: &Case) {
        if !is_schuldhulp(case) {
            return;
        }
        if looptijd(case).is_none() {
            self.unplaced.push(case.case_id.clone());
            return;
        }
        if !overlaps(case, self.van, self.tot) {
            return;
        }
        let (j, notes) = traject_json(case, &self.code);
        self.trajecten.push(j);
        self.entries.push(Entry {
            case_id: case.case_id.clone(),
            notes,
        });
    }

    /// The delivery: the trajecten collected, under the municipality, at `at`.
    pub fn finish(self, gemeente: &Gemeente, at: DateTime<Utc>, leverancier: &str) -> Delivery {
        let (org, general) = organisatie_json(gemeente);
        let json = json!({
            "startdatumLevering": date(self.van),
            "einddatumLevering": date(self.tot),
            "aanleverdatumEnTijd": at.to_rfc3339_opts(SecondsFormat::Secs, true),
            "codeGegevensleverancier": leverancier,
            "leveringen": [{
                "teller": 1,
                "aanleverende_organisatie": org,
                "schuldhulptrajecten": self.trajecten,
            }],
        });
        Delivery {
            json,
            entries: self.entries,
            general,
            unplaced: self.unplaced,
        }
    }
}

/// Builds the delivery for `van..=tot` from every case given (those that are no schuldhulp
/// traject or lie outside the period are skipped).
pub fn delivery<'a>(
    cases: impl IntoIterator<Item = &'a Case>,
    gemeente: &Gemeente,
    van: NaiveDate,
    tot: NaiveDate,
    at: DateTime<Utc>,
    leverancier: &str,
) -> Delivery {
    let mut c = Collector::new(gemeente, van, tot);
    for case in cases {
        c.add(case);
    }
    c.finish(gemeente, at, leverancier)
}
