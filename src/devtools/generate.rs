//! A deterministic generator of realistic, varied synthetic cases, for load tests and demos.
//!
//! Pure: every case is a function of `(seed, index)` and the dates passed in, so the same seed
//! always gives the same cases and any case can be made without making the ones before it.
//! No clock, no store: the caller decides "today".

use crate::domain::answers::Value;
use crate::domain::bsn::Bsn;
use crate::domain::case::{Case, Client, Debt, DebtCategory, Geslacht, Note, Partner, Status};
use crate::domain::checklist::Checklists;
use crate::domain::deadlines::CRISIS_ITEMS;
use crate::domain::policy::Policy;
use crate::domain::provision::{Decision, Provision};
use crate::domain::segment;
use crate::domain::traject::{self, Traject};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use rust_decimal::Decimal;

/// splitmix64: tiny, fast, and good enough for test data. Not for anything secret.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// An independent stream for item `index` of run `seed`.
    pub fn for_case(seed: u64, index: u64) -> Rng {
        let mut r = Rng(seed ^ 0x5851_f42d_4c95_7f2d);
        let a = r.next_u64();
        Rng(a ^ index.wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n.max(1))) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// Picks by weight: `(weight, value)`.
    pub fn weighted<T: Copy>(&mut self, items: &[(u64, T)]) -> T {
        let total: u64 = items.iter().map(|(w, _)| w).sum();
        let mut n = self.below(total);
        for (w, v) in items {
            if n < *w {
                return *v;
            }
            n -= w;
        }
        items[items.len() - 1].1
    }
}

const FIRST_NAMES: &[&str] = &[
    "Jan",
    "Piet",
    "Kees",
    "Henk",
    "Gerrit",
    "Willem",
    "Johan",
    "Mark",
    "Dennis",
    "Kevin",
    "Bas",
    "Sander",
    "Thijs",
    "Daan",
    "Lucas",
    "Sem",
    "Mohamed",
    "Ahmed",
    "Youssef",
    "Mehmet",
    "Mustafa",
    "Emre",
    "Rajesh",
    "Ricardo",
    "Stefan",
    "Tomasz",
    "Marieke",
    "Anna",
    "Maria",
    "Sanne",
    "Lotte",
    "Emma",
    "Sophie",
    "Julia",
    "Fleur",
    "Anouk",
    "Ingrid",
    "Petra",
    "Wilma",
    "Gerda",
    "Annemarie",
    "Fatima",
    "Samira",
    "Khadija",
    "Ayşe",
    "Elif",
    "Zoë",
    "Chloë",
    "Noëlle",
    "Priscilla",
    "Shanti",
    "Agnieszka",
    "Monique",
    "Yvonne",
    "Esther",
    "Hanneke",
    "Joke",
    "Ria",
    "Dirk",
    "Ruud",
    "Frank",
    "Marco",
    "Erik",
    "Niels",
    "Jeroen",
    "René",
    "André",
    "Iris",
];

const PREFIXES: &[&str] = &[
    "", "", "", "", "", "van", "de", "van der", "van den", "van de", "ter",
];

const SURNAMES: &[&str] = &[
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "Mulder",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Dekker",
    "Brouwer",
    "Dijkstra",
    "Kok",
    "Jacobs",
    "Vermeulen",
    "Willems",
    "Hoekstra",
    "Koster",
    "Prins",
    "Huisman",
    "Postma",
    "Kuipers",
    "Veenstra",
    "Schouten",
    "Groot",
    "Berg",
    "Leeuwen",
    "Dam",
    "Wal",
    "Heuvel",
    "Linden",
    "Beek",
    "Vliet",
    "Brink",
    "Wijk",
    "Maas",
    "Verbeek",
    "Sluiter",
    "Boer",
    "Yılmaz",
    "Kaya",
    "Demir",
    "Öztürk",
    "Çelik",
    "El Amrani",
    "Bouzid",
    "Benali",
    "Ait Taleb",
    "Ramdin",
    "Sewdien",
    "Baldewsingh",
    "Kowalski",
    "Nowak",
    "Martina",
    "Rosario",
    "Nguyen",
    "Haile",
    "Mohammed",
    "Hassan",
];

const STREETS: &[&str] = &[
    "Kerkstraat",
    "Dorpsstraat",
    "Schoolstraat",
    "Molenweg",
    "Stationsweg",
    "Julianastraat",
    "Beatrixlaan",
    "Wilhelminastraat",
    "Parallelweg",
    "Lindelaan",
    "Eikenlaan",
    "Prinsengracht",
    "Marktplein",
    "Havenkade",
    "Sportlaan",
    "Burgemeester de Vlugtlaan",
    "Vondelstraat",
];

const TOWNS: &[&str] = &[
    "Amersfoort",
    "Zwolle",
    "Apeldoorn",
    "Deventer",
    "Leeuwarden",
    "Tilburg",
    "Almere",
    "Ede",
    "Dordrecht",
    "Zaandam",
    "Hoorn",
    "Emmen",
];

const CREDITORS: &[(&str, DebtCategory)] = &[
    ("Belastingdienst", DebtCategory::Publiek),
    ("Dienst Toeslagen", DebtCategory::Publiek),
    ("CJIB", DebtCategory::Publiek),
    ("DUO", DebtCategory::Publiek),
    ("CAK", DebtCategory::Zorg),
    ("Gemeentelijke belastingen", DebtCategory::Publiek),
    ("UWV", DebtCategory::Publiek),
    ("Sociale Verzekeringsbank", DebtCategory::Publiek),
    ("Vattenfall", DebtCategory::Nuts),
    ("Eneco", DebtCategory::Nuts),
    ("Essent", DebtCategory::Nuts),
    ("Vitens", DebtCategory::Nuts),
    ("Waternet", DebtCategory::Nuts),
    ("Zilveren Kruis", DebtCategory::Zorg),
    ("CZ", DebtCategory::Zorg),
    ("VGZ", DebtCategory::Zorg),
    ("Menzis", DebtCategory::Zorg),
    ("Tandartspraktijk De Molen", DebtCategory::Zorg),
    ("Woonstichting De Key", DebtCategory::Overig),
    ("Portaal", DebtCategory::Overig),
    ("KPN", DebtCategory::Overig),
    ("Vodafone", DebtCategory::Overig),
    ("Ziggo", DebtCategory::Overig),
    ("Wehkamp", DebtCategory::Overig),
    ("Klarna", DebtCategory::Overig),
    ("Santander Consumer Finance", DebtCategory::Overig),
    ("Lowell", DebtCategory::Overig),
    ("Intrum", DebtCategory::Overig),
    ("Bol.com", DebtCategory::Overig),
];

const NOTES: &[&str] = &[
    "Cliënt belde om de afspraak te verzetten.",
    "Bankafschriften van de laatste drie maanden ontvangen.",
    "Huisbezoek gepland met de wijkcoach.",
    "Cliënt is erg onrustig over de brief van de deurwaarder.",
    "Contact gehad met de verhuurder over een betalingsregeling.",
    "Energieleverancier bevestigt dat afsluiting is uitgesteld.",
    "Overzicht van schuldeisers nog niet compleet.",
    "Cliënt wil eerst zelf met de schuldeisers bellen.",
];

const HULPVRAGEN: &[&str] = &[
    "Ik wil overzicht en rust.",
    "Ik kan de huur niet meer betalen.",
    "Er komt steeds meer post die ik niet open.",
    "Ik wil van mijn schulden af.",
    "Mijn partner deed altijd de financiën.",
    "Ik ben mijn baan kwijtgeraakt en kom niet rond.",
];

/// What the generator needs besides the seed: definitions, policy (for the proposal a recorded
/// decision refers to) and the date the cases are "as of".
pub struct Context<'a> {
    pub checklists: &'a Checklists,
    pub policy: &'a Policy,
    pub today: NaiveDate,
}

/// A realistic name: first name, optional tussenvoegsel, surname.
pub fn name(rng: &mut Rng) -> String {
    let first = rng.pick(FIRST_NAMES);
    let prefix = rng.pick(PREFIXES);
    let last = rng.pick(SURNAMES);
    if prefix.is_empty() {
        format!("{first} {last}")
    } else {
        format!("{first} {prefix} {last}")
    }
}

/// A BSN that passes the elfproef.
pub fn bsn(rng: &mut Rng) -> Bsn {
    loop {
        let mut digits = [0u8; 9];
        digits[0] = rng.range(1, 6) as u8;
        for d in digits.iter_mut().take(8).skip(1) {
            *d = rng.below(10) as u8;
        }
        let sum: i64 = digits[..8]
            .iter()
            .enumerate()
            .map(|(i, &d)| i64::from(d) * (9 - i as i64))
            .sum();
        let last = sum % 11;
        if last > 9 {
            continue;
        }
        digits[8] = last as u8;
        let text: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
        if let Ok(b) = Bsn::parse(&text) {
            return b;
        }
    }
}

fn euros(rng: &mut Rng, lo: i64, hi: i64) -> Decimal {
    // Whole euros most of the time, cents sometimes, as people report them.
    let e = rng.range(lo, hi);
    let cents = if rng.chance(30) {
        rng.below(100) as i64
    } else {
        0
    };
    Decimal::new(e * 100 + cents, 2)
}

fn moment(rng: &mut Rng, day: NaiveDate) -> DateTime<Utc> {
    let secs = rng.range(8 * 3600, 17 * 3600) as u32;
    let t = NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).unwrap_or(NaiveTime::MIN);
    Utc.from_utc_datetime(&day.and_time(t))
}

/// Case `index` of run `seed`, as of `ctx.today`. The case number is left empty (the store
/// numbers it).
pub fn case(seed: u64, index: u64, ctx: &Context) -> Case {
    let mut rng = Rng::for_case(seed, index);
    let today = ctx.today;
    let age_days = rng.weighted(&[(50, 60), (30, 240), (20, 720)]);
    let created_day = today - Duration::days(rng.range(0, age_days));
    let created_at = moment(&mut rng, created_day);
    let status = rng.weighted(&[
        (20, Status::Aangemeld),
        (30, Status::Intake),
        (15, Status::Besluit),
        (15, Status::Begeleiding),
        (20, Status::Afgesloten),
    ]);

    let birth = today - Duration::days(rng.range(18 * 365, 85 * 365));
    let client = Client {
        name: name(&mut rng),
        birth_date: rng.chance(90).then_some(birth),
        bsn: rng.chance(80).then(|| bsn(&mut rng)),
        phone: rng
            .chance(75)
            .then(|| format!("06-{:08}", rng.below(100_000_000))),
        address: rng.chance(85).then(|| {
            format!(
                "{} {}, {} {}{} {}",
                rng.pick(STREETS),
                rng.range(1, 240),
                rng.range(1000, 9999),
                char::from(b'A' + rng.below(26) as u8),
                char::from(b'A' + rng.below(26) as u8),
                rng.pick(TOWNS)
            )
        }),
        ..Client::default()
    };
    let pension = birth <= today - Duration::days(67 * 365);
    let mut c = Case::new(String::new(), client, created_at);
    c.status = status;

    // How far the intake has come: registration only, partly, or complete.
    let depth = match status {
        Status::Aangemeld | Status::Verwijderd => rng.weighted(&[(60, 0), (40, 1)]),
        Status::Intake => rng.weighted(&[(50, 1), (50, 2)]),
        Status::Besluit | Status::Begeleiding | Status::Afgesloten => 2,
    };
    let sv = ctx.checklists.schuldhulp.version;
    let bv = ctx.checklists.bewind.version;
    let mut set = |item: &str, v: Value| {
        c.answers.set("schuldhulp", item, Some(v), sv);
    };
    let melding = created_day - Duration::days(rng.range(0, 10));
    set("melding.datum", Value::Date(melding));
    let route = *rng.pick(&[
        "zelfmelding",
        "vroegsignaal",
        "verwijzing",
        "warme_overdracht",
    ]);
    set("melding.route", Value::Choice(route.into()));
    if route == "vroegsignaal" {
        let partner = *rng.pick(&["verhuurder", "energie", "water", "zorgverzekeraar", "cak"]);
        set("melding.signaalpartner", Value::Choice(partner.into()));
    }
    if depth >= 1 && rng.chance(85) {
        let gesprek = (melding + Duration::days(rng.range(1, 20))).min(today);
        set("melding.eerste_gesprek", Value::Date(gesprek));
    }
    let crisis_item = rng.chance(8).then(|| *rng.pick(&CRISIS_ITEMS));
    for item in CRISIS_ITEMS {
        set(item, Value::Bool(crisis_item == Some(item)));
    }
    if crisis_item.is_some() {
        set(
            "crisis.toelichting",
            Value::Text(format!(
                "Aangezegd voor {}.",
                (today + Duration::days(rng.range(3, 30))).format("%d-%m-%Y")
            )),
        );
    }

    let mut debts = Vec::new();
    if depth >= 1 {
        let household = rng.weighted(&[
            (45, "alleenstaand"),
            (20, "alleenstaande_ouder"),
            (15, "paar"),
            (20, "paar_met_kinderen"),
        ]);
        set("huishouden.type", Value::Choice(household.into()));
        set("huishouden.pensioen", Value::Bool(pension));
        let kids = match household {
            "alleenstaande_ouder" | "paar_met_kinderen" => rng.range(1, 4) as u32,
            _ => 0,
        };
        set("huishouden.minderjarigen", Value::Int(kids));
        let woon = rng.weighted(&[
            (70, "huur"),
            (12, "koop"),
            (10, "inwonend"),
            (3, "instelling"),
            (5, "dakloos"),
        ]);
        set("huishouden.woonsituatie", Value::Choice(woon.into()));
        set("huishouden.ondernemer", Value::Bool(rng.chance(8)));
        let couple = household.starts_with("paar");
        let income = if couple {
            euros(&mut rng, 1300, 3600)
        } else {
            euros(&mut rng, 850, 2600)
        };
        set("inkomen.netto", Value::Eur(income));
        let bron = if pension {
            "pensioen"
        } else {
            *rng.pick(&[
                "loon",
                "uitkering",
                "uitkering",
                "loon",
                "zzp",
                "alimentatie",
            ])
        };
        set("inkomen.bron", Value::Multi(vec![bron.into()]));
        let rent = match woon {
            "huur" | "koop" => euros(&mut rng, 450, 1300),
            "inwonend" => euros(&mut rng, 0, 300),
            _ => Decimal::ZERO,
        };
        set("lasten.wonen", Value::Eur(rent));
        if rng.chance(80) {
            set("lasten.vast", Value::Eur(euros(&mut rng, 120, 450)));
        }
        let n_debts = rng.weighted(&[(10, 0), (30, 3), (35, 7), (25, 15)]);
        let n = rng.range(if n_debts == 0 { 0 } else { 1 }, n_debts);
        for _ in 0..n {
            let (creditor, category) = *rng.pick(CREDITORS);
            let collector = rng.chance(25);
            debts.push(Debt {
                creditor: creditor.into(),
                category,
                amount: euros(&mut rng, 40, 6000),
                collector,
                garnishment: collector && rng.chance(40),
                ddas: Default::default(),
            });
        }
        if debts.is_empty() {
            set("schulden.totaal", Value::Eur(Decimal::ZERO));
            set("schulden.schuldeisers", Value::Int(0));
        }
        let trend = rng.weighted(&[(45, "groeiend"), (40, "stabiel"), (15, "dalend")]);
        set("schulden.trend", Value::Choice(trend.into()));
        set(
            "schulden.deurwaarder",
            Value::Bool(debts.iter().any(|d| d.collector)),
        );
        if rng.chance(50) {
            set(
                "schulden.achterstand_vaste_lasten",
                Value::Bool(rng.chance(60)),
            );
        }
        set("hulpvraag", Value::Text((*rng.pick(HULPVRAGEN)).into()));
    }
    if depth >= 2 {
        // Self-reliance scores cluster: most people are fairly able, some are not at all.
        let base = rng.weighted(&[(15, 1i64), (25, 2), (35, 3), (25, 4)]);
        for item in segment::A6_SCORES {
            let s = (base + rng.range(-1, 1)).clamp(1, 5) as u8;
            set(item, Value::Score(s));
        }
        if rng.chance(20) {
            let lvb = *rng.pick(&["nee", "vermoeden", "vastgesteld"]);
            set("fn.lvb", Value::Choice(lvb.into()));
        }
        for doc in ["doc.id", "doc.bankafschriften", "doc.inkomen"] {
            let state = *rng.pick(&["aanwezig", "aanwezig", "opgevraagd"]);
            set(doc, Value::Choice(state.into()));
        }
    }
    // Some cases also go through the beschermingsbewind checklist.
    if depth >= 2 && rng.chance(22) {
        let mut setb = |item: &str, v: Value| {
            c.answers.set("bewind", item, Some(v), bv);
        };
        let grond = *rng.pick(&["schulden", "geestelijk", "verkwisting", "lichamelijk"]);
        setb("bewind.grond", Value::Multi(vec![grond.into()]));
        setb(
            "bewind.verzoeker",
            Value::Choice((*rng.pick(&["betrokkene", "familie", "instelling"])).into()),
        );
        setb("bewind.lopend", Value::Bool(false));
        for item in segment::NEEDS {
            setb(item, Value::Bool(rng.chance(45)));
        }
        setb("bewind.eerder_lichter", Value::Choice("geen".into()));
        setb("bewind.draagkracht_laag", Value::Bool(rng.chance(60)));
        for item in [
            "toereikend.budgetcoaching",
            "toereikend.budgetbeheer",
            "toereikend.inkomensbeheer",
            "toereikend.netwerk",
        ] {
            let v = *rng.pick(&["ja", "nee", "nee", "onbekend"]);
            setb(item, Value::Choice(v.into()));
        }
        setb(
            "toereikend.toelichting",
            Value::Text("Besproken met cliënt en netwerk.".into()),
        );
    }
    c.debts = debts;

    let last_day = (created_day + Duration::days(rng.range(0, 90))).min(today);
    for _ in 0..rng.weighted(&[(50, 0u64), (30, 1), (15, 2), (5, 4)]) {
        let day = created_day + Duration::days(rng.range(0, (last_day - created_day).num_days()));
        c.notes.push(Note {
            at: moment(&mut rng, day),
            by: format!("balie{}", rng.range(1, 6)),
            text: (*rng.pick(NOTES)).into(),
        });
    }
    c.notes.sort_by_key(|n| n.at);
    let mut updated_at = moment(&mut rng, last_day).max(created_at);
    if let Some(n) = c.notes.last() {
        updated_at = updated_at.max(n.at);
    }
    if matches!(
        status,
        Status::Besluit | Status::Begeleiding | Status::Afgesloten
    ) {
        let outcome = segment::segment_case(&c, ctx.checklists, ctx.policy, today);
        let proposed = outcome.support.provision;
        let overridden = proposed.is_none() || rng.chance(12);
        let decided = if overridden {
            *rng.pick(&Provision::ALL)
        } else {
            proposed.unwrap_or(Provision::Budgetcoaching)
        };
        let reason = (proposed != Some(decided))
            .then(|| "Afgewogen met cliënt en wijkteam; past beter bij de situatie.".to_string());
        c.decision = Some(Decision {
            proposed,
            decided,
            reason,
            at: updated_at,
            by: format!("balie{}", rng.range(1, 6)),
        });
    }
    c.updated_at = updated_at;
    let mut trng = Rng::for_case(seed ^ TRAJECT_STREAM, index);
    c.traject = traject_for(&c, status, &mut trng, today, false);
    c.status = traject::status(&c.traject, traject::eerste_gesprek(&c.answers)).max(
        // Without a first conversation the traject cannot say more than `aangemeld`; the
        // generated status then stays what was drawn, so every status keeps its share.
        if c.traject.is_empty() {
            status
        } else {
            Status::Aangemeld
        },
    );
    c
}

/// A separate stream for the traject, so adding it left every other generated value as it was.
const TRAJECT_STREAM: u64 = 0x7a4e_c7e1_d0a5_0001;

/// Case `index` of run `seed` with a traject in which every part has happened (crisis, advice,
/// beschikking, plan, begeleiding, stabilisatie, schuldregeling, oplossing, moratorium,
/// voorlopige voorziening, nazorg, uitstroom), and the client and debt fields DDAS asks for.
/// For the DDAS delivery and its tests.
pub fn full_traject_case(seed: u64, index: u64, ctx: &Context) -> Case {
    let mut c = case(seed, index, ctx);
    let mut rng = Rng::for_case(seed ^ TRAJECT_STREAM ^ 0xff, index);
    let today = ctx.today;
    let sv = ctx.checklists.schuldhulp.version;
    let melding = c
        .answers
        .value("melding.datum")
        .and_then(Value::as_date)
        .unwrap_or(today - Duration::days(400));
    let melding = melding.min(today - Duration::days(300));
    c.answers.set(
        "schuldhulp",
        "melding.datum",
        Some(Value::Date(melding)),
        sv,
    );
    let gesprek = melding + Duration::days(rng.range(1, 30));
    c.answers.set(
        "schuldhulp",
        "melding.eerste_gesprek",
        Some(Value::Date(gesprek)),
        sv,
    );
    c.client.geslacht = Some(*rng.pick(&Geslacht::ALL));
    c.client.postcode = Some(format!(
        "{}{}{}",
        rng.range(1000, 9999),
        char::from(b'A' + rng.below(26) as u8),
        char::from(b'A' + rng.below(26) as u8)
    ));
    c.client.huisnummer = Some(rng.range(1, 240).to_string());
    if rng.chance(30) {
        c.client.huisnummertoevoeging = Some((*rng.pick(&["A", "bis", "2"])).to_string());
    }
    if rng.chance(30) {
        c.client.partner = Some(Box::new(Partner {
            name: Some(name(&mut rng)),
            bsn: rng.chance(70).then(|| bsn(&mut rng)),
            birth_date: Some(today - Duration::days(rng.range(20 * 365, 70 * 365))),
            geslacht: Some(*rng.pick(&Geslacht::ALL)),
            postcode: c.client.postcode.clone(),
            huisnummer: c.client.huisnummer.clone(),
            huisnummertoevoeging: None,
        }));
    }
    if c.debts.is_empty() {
        c.answers.set("schuldhulp", "schulden.totaal", None, sv);
        c.answers
            .set("schuldhulp", "schulden.schuldeisers", None, sv);
        let (creditor, category) = *rng.pick(CREDITORS);
        c.debts.push(Debt {
            creditor: creditor.into(),
            category,
            amount: euros(&mut rng, 100, 4000),
            collector: false,
            garnishment: false,
            ddas: Default::default(),
        });
    }
    for d in &mut c.debts {
        d.ddas.peildatum = Some(gesprek + Duration::days(rng.range(0, 20)));
        d.ddas.zakelijk = Some(rng.chance(10));
        d.ddas.creditor_prive = Some(rng.chance(5));
        if rng.chance(60) {
            d.ddas.creditor_kvk = Some(format!("{:08}", rng.below(100_000_000)));
            d.ddas.creditor_postcode = Some(format!("{}AB", rng.range(1000, 9999)));
        }
    }
    c.traject = traject_for(&c, Status::Afgesloten, &mut rng, today, true);
    c.status = traject::status(&c.traject, Some(gesprek));
    c
}

/// A traject that fits `status`; `full` fills every part.
fn traject_for(c: &Case, status: Status, rng: &mut Rng, today: NaiveDate, full: bool) -> Traject {
    use crate::domain::traject::{
        Begeleiding, BegeleidingSoort, Beschikking, BeschikkingSoort, Moratorium, Oplossing,
        OplossingSoort, Periode, PlanVanAanpak, Schuldregeling, Uitstroom, UitstroomReden,
    };
    let mut t = Traject::default();
    let melding = c.answers.value("melding.datum").and_then(Value::as_date);
    let gesprek = traject::eerste_gesprek(&c.answers);
    let (Some(melding), Some(gesprek)) = (melding, gesprek) else {
        return t;
    };
    let day = |d: NaiveDate, lo: i64, hi: i64, rng: &mut Rng| {
        (d + Duration::days(rng.range(lo, hi))).min(today)
    };
    let crisis = crate::domain::deadlines::crisis(&c.answers);
    let late = status >= Status::Besluit || full;
    if crisis || full {
        let start = gesprek.max(melding);
        let eind = (late || rng.chance(50)).then(|| day(start, 2, 25, rng));
        t.crisisinterventies.push(Periode {
            start: Some(start),
            eind,
        });
    }
    if full {
        t.informatie_advies = Some(Periode {
            start: Some(melding),
            eind: Some(gesprek),
        });
    }
    if !late {
        return t;
    }
    let beschikt = day(gesprek, 10, 70, rng);
    let toelating = full || rng.chance(85);
    t.beschikking = Some(Beschikking {
        datum: Some(beschikt),
        soort: Some(if toelating {
            BeschikkingSoort::Toelating
        } else {
            BeschikkingSoort::Afwijzing
        }),
    });
    let mut last = beschikt;
    let helps = toelating && (status >= Status::Begeleiding || full);
    if helps {
        let plan = day(beschikt, 0, 14, rng);
        t.plan_van_aanpak = Some(PlanVanAanpak { datum: Some(plan) });
        let n = if full { rng.range(1, 2) } else { 1 };
        for k in 0..n {
            let soort = BegeleidingSoort::ALL[(rng.below(5) as usize + k as usize) % 5];
            if t.begeleiding.iter().any(|b| b.soort == soort) {
                continue;
            }
            t.begeleiding.push(Begeleiding {
                soort,
                start: Some(day(beschikt, 0, 20, rng)),
                eind: None,
            });
        }
        let stab = day(beschikt, 0, 10, rng);
        t.stabilisatie = Some(Periode {
            start: Some(stab),
            eind: full.then(|| day(stab, 30, 120, rng)),
        });
        last = plan.max(stab);
    }
    if full {
        let ingediend = day(last, 10, 60, rng);
        let toegekend = day(ingediend, 10, 40, rng);
        let dwang = rng.chance(20);
        t.schuldregeling = Some(Schuldregeling {
            ingediend: Some(ingediend),
            toegekend: Some(toegekend),
            afgewezen: None,
            ingetrokken: None,
            dwangakkoord: dwang,
            verzoek_dwangakkoord: dwang.then_some(ingediend),
        });
        let aanvraag = day(ingediend, 0, 5, rng);
        t.moratoria.push(Moratorium {
            aanvraag: Some(aanvraag),
            goedkeuring: Some(day(aanvraag, 1, 10, rng)),
            start: Some(day(aanvraag, 1, 10, rng)),
            eind: Some(day(aanvraag, 30, 180, rng)),
        });
        let vv = day(ingediend, 0, 10, rng);
        t.voorlopige_voorzieningen.push(Periode {
            start: Some(vv),
            eind: Some(day(vv, 20, 60, rng)),
        });
        let op = day(toegekend, 0, 10, rng);
        t.oplossing = Some(Oplossing {
            soort: Some(*rng.pick(OplossingSoort::ALL)),
            start: Some(op),
            eind: Some(day(op, 30, 200, rng)),
            vtlb: Some(euros(rng, 1100, 1900)),
        });
        let nz = day(op, 30, 200, rng);
        t.nazorg = Some(Periode {
            start: Some(nz),
            eind: Some(day(nz, 10, 60, rng)),
        });
    }
    if status == Status::Afgesloten {
        let end = t
            .dated_fields()
            .into_iter()
            .map(|(_, d)| d)
            .max()
            .unwrap_or(last);
        for b in &mut t.begeleiding {
            b.eind = Some(day(b.start.unwrap_or(end), 0, 30, rng).max(end));
        }
        let end = t
            .dated_fields()
            .into_iter()
            .map(|(_, d)| d)
            .max()
            .unwrap_or(end);
        let reden = if full {
            *rng.pick(UitstroomReden::ALL)
        } else if toelating {
            UitstroomReden::Afgerond
        } else {
            UitstroomReden::NietPassend
        };
        t.uitstroom = Some(Uitstroom {
            datum: Some(day(end, 0, 30, rng).max(end)),
            reden: Some(reden),
            omschrijving: None,
        });
    }
    t
}
