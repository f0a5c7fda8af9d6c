//! The segmentation engine (SEGMENTATION.md §1–§5): from answers to the lightest sufficient
//! provision, a bewind advice, a debt route, annotations that never exclude, and deadlines.
//!
//! [`segment`] is a pure function of (answers, debt list, checklists, policy, today). It never
//! refuses: there is no refusal value in [`Outcome`] at all, and beschermingsbewind is proposed
//! only when the bewind advice is `overwegen` or (rules v2) `voortzetten`. Every step leaves a
//! Dutch reason naming the answers it used. A part whose own inputs are unanswered is `None` and
//! lists them in `waiting_for`. Amounts come from the policy period in force on `today` (§6).
//!
//! Rules version 2 settled most of what version 1 left open (only started checklists count; a
//! zero debt is route `geen` whatever else is unanswered; the Vtlb needs only household, AOW,
//! income and housing costs; the fixed order of the bewind steps; the cost is null while the
//! debt route is; the level under bewind while the scores are incomplete). What remains
//! decided here (documented so the UI and report agree):
//! - A case with no started checklist is complete (every part then waits for its inputs).
//! - Debt-route flags belong to the problematic routes (§3 step 4) only.
//! - Bewind `onvolledig` because of unanswered inputs lists those in `waiting_for`;
//!   `open_questions` holds only options answered `onbekend` (§2 step 5).
//! - When the bewind advice is `overwegen` but the A6 scores are incomplete, the support level
//!   still becomes `beschermingsbewind` (the replacement does not depend on the base level);
//!   the base level stays null and waits for the scores.
//! - `additions` are decided on the level before bewind may replace it (§1 step 3 before step 4).
//! - While the route is null the cost reason names both monthly fees.
//! - `review_by` is the `heroverweging` deadline (first conversation + 3 months); without a
//!   first conversation yet, today + 3 months. The engine needs no other clock.
//! - The youth norm (§6 `jongere_alleenstaand`) needs the client's birth date, which is not an
//!   answer: [`segment_full`] takes it; [`segment`] passes none (the 21+ norm, said in the
//!   reason).
//! - In the bijzondere-bijstand reasons an option that step 3 counted as `nee` says so and
//!   gives the answer that was given.

use super::answers::{Answers, Value};
use super::case::Debt;
use super::checklist::{BEWIND, Checklists};
use super::deadlines::{self, Deadlines};
use super::money;
use super::policy::{BewindKosten, Policy};
use super::provision::Provision;
use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;
use serde_json::{Value as J, json};
use std::cmp::Ordering;

pub const FORMAT: &str = "loket-segment/1";

/// The nine A6 scores (all inputs of the support ladder).
pub const A6_SCORES: [&str; 9] = [
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

/// The six B2 protection needs.
pub const NEEDS: [&str; 6] = [
    "behoefte.misbruik",
    "behoefte.nieuwe_verplichtingen",
    "behoefte.overziet_gevolgen",
    "behoefte.afspraken",
    "behoefte.instabiel",
    "behoefte.achteruitgang",
];

pub use super::deadlines::{CRISIS_ITEMS as CRISIS, crisis};

/// The inputs of the debt route (§3); `schulden.beslag` is read too but unanswered counts as false.
pub const ROUTE_INPUTS: [&str; 7] = [
    "huishouden.type",
    "huishouden.pensioen",
    "inkomen.netto",
    "lasten.wonen",
    "schulden.totaal",
    "schulden.trend",
    "fn.stabiliteit",
];

// ---------------------------------------------------------------------------------------------
// The typed outcome
// ---------------------------------------------------------------------------------------------

/// The bewind advice of §2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Advice {
    NietBeoordeeld,
    Onvolledig,
    GeenGrond,
    NietNodig,
    Overwegen,
    /// *(v2)* A running bewind that is no longer the lightest sufficient provision.
    Uitstroom,
    /// *(v2)* A running bewind that still is.
    Voortzetten,
}

impl Advice {
    pub const ALL: [Advice; 7] = [
        Advice::NietBeoordeeld,
        Advice::Onvolledig,
        Advice::GeenGrond,
        Advice::NietNodig,
        Advice::Overwegen,
        Advice::Uitstroom,
        Advice::Voortzetten,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Advice::NietBeoordeeld => "niet_beoordeeld",
            Advice::Onvolledig => "onvolledig",
            Advice::GeenGrond => "geen_grond",
            Advice::NietNodig => "niet_nodig",
            Advice::Overwegen => "overwegen",
            Advice::Uitstroom => "uitstroom",
            Advice::Voortzetten => "voortzetten",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BewindKind {
    Toestandsbewind,
    Schuldenbewind,
}

impl BewindKind {
    pub fn id(self) -> &'static str {
        match self {
            BewindKind::Toestandsbewind => "toestandsbewind",
            BewindKind::Schuldenbewind => "schuldenbewind",
        }
    }
}

/// The lighter provisions of the sufficiency test (B5), lightest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lighter {
    Netwerk,
    Budgetcoaching,
    Inkomensbeheer,
    Budgetbeheer,
}

impl Lighter {
    pub const ALL: [Lighter; 4] = [
        Lighter::Netwerk,
        Lighter::Budgetcoaching,
        Lighter::Inkomensbeheer,
        Lighter::Budgetbeheer,
    ];

    /// The contract id ("budgetbeheer").
    pub fn id(self) -> &'static str {
        match self {
            Lighter::Netwerk => "netwerk",
            Lighter::Budgetcoaching => "budgetcoaching",
            Lighter::Inkomensbeheer => "inkomensbeheer",
            Lighter::Budgetbeheer => "budgetbeheer",
        }
    }

    /// The B5 item that asks about it.
    pub fn item(self) -> &'static str {
        match self {
            Lighter::Netwerk => "toereikend.netwerk",
            Lighter::Budgetcoaching => "toereikend.budgetcoaching",
            Lighter::Inkomensbeheer => "toereikend.inkomensbeheer",
            Lighter::Budgetbeheer => "toereikend.budgetbeheer",
        }
    }

    /// The Dutch name, as the reasons and the screens write it.
    pub fn label(self) -> &'static str {
        match self {
            Lighter::Netwerk => "hulp uit het eigen netwerk",
            Lighter::Budgetcoaching => "budgetcoaching",
            Lighter::Inkomensbeheer => "inkomensbeheer",
            Lighter::Budgetbeheer => "budgetbeheer",
        }
    }
}

/// The debt route of §3.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    Geen,
    Betalingsregeling,
    Stabilisatie,
    Schuldregeling,
    Dfd,
}

impl Route {
    pub const ALL: [Route; 5] = [
        Route::Geen,
        Route::Betalingsregeling,
        Route::Stabilisatie,
        Route::Schuldregeling,
        Route::Dfd,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Route::Geen => "geen",
            Route::Betalingsregeling => "betalingsregeling",
            Route::Stabilisatie => "stabilisatie",
            Route::Schuldregeling => "schuldregeling",
            Route::Dfd => "dfd",
        }
    }

    /// The debts are problematic (the bewind fee with debts applies).
    pub fn is_problematic(self) -> bool {
        matches!(
            self,
            Route::Stabilisatie | Route::Schuldregeling | Route::Dfd
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Flag {
    NulAanbod,
    MoratoriumOverwegen,
}

impl Flag {
    pub fn id(self) -> &'static str {
        match self {
            Flag::NulAanbod => "nul_aanbod",
            Flag::MoratoriumOverwegen => "moratorium_overwegen",
        }
    }
}

/// The derived scores of the ladder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scores {
    /// kunnen: min(administratie, overzicht, uitgaven)
    pub k: u8,
    /// leerpotentieel: min(motivatie, leerbaarheid)
    pub l: u8,
    pub s: u8,
    pub i: u8,
    pub d: u8,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Support {
    /// The proposal: the ladder level, or `beschermingsbewind` when bewind is `overwegen`.
    pub provision: Option<Provision>,
    /// The ladder level before bewind may replace it (after ontzorgen).
    pub base: Option<Provision>,
    pub scores: Option<Scores>,
    /// The level was raised to budgetbeheer_basis because of low doenvermogen.
    pub ontzorgen: bool,
    /// With ontzorgen: review the level by this date (the `heroverweging` deadline, else
    /// today + 3 months).
    pub review_by: Option<NaiveDate>,
    pub additions: Vec<Provision>,
    /// For each rung, lightest first: why it is, or is not, the fitting provision.
    pub ladder: Vec<(Provision, String)>,
    pub reasons: Vec<String>,
    pub waiting_for: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BewindAdvice {
    pub advice: Advice,
    pub kind: Option<BewindKind>,
    /// With `niet_nodig` / `uitstroom` from the sufficiency test: the options answered
    /// (effectively) `ja`, lightest first.
    pub sufficient: Vec<Lighter>,
    /// With `onvolledig` from the sufficiency test: the options answered `onbekend`.
    pub open_questions: Vec<Lighter>,
    /// `overwegen`: intake + 12 months; `voortzetten`: 12 months of today's period. Null while
    /// the debt route is null.
    pub first_year_cost: Option<Decimal>,
    pub reasons: Vec<String>,
    pub waiting_for: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DebtRoute {
    pub route: Option<Route>,
    pub vtlb: Option<Decimal>,
    /// May be negative.
    pub repayment_capacity: Option<Decimal>,
    pub flags: Vec<Flag>,
    pub reasons: Vec<String>,
    pub waiting_for: Vec<String>,
}

/// The outcome of the bijzondere-bijstand test (§2 step 8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Toets {
    GeenToereikendAlternatief,
    ToereikendAlternatief,
}

impl Toets {
    pub fn id(self) -> &'static str {
        match self {
            Toets::GeenToereikendAlternatief => "geen_toereikend_alternatief",
            Toets::ToereikendAlternatief => "toereikend_alternatief",
        }
    }
}

/// *(v2)* Bijzondere bijstand for the costs of bewind (§2 step 8).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BijzondereBijstand {
    pub toets: Option<Toets>,
    pub alternatief: Option<Lighter>,
    pub bedrag: Option<Decimal>,
    pub reasons: Vec<String>,
}

/// The period of amounts the outcome was computed with (§6).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodUsed {
    pub geldig_vanaf: Option<NaiveDate>,
    /// "normen per 1 januari 2026" (with a note when `today` lies before the first period).
    pub naam: String,
    pub indicatief: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub complete: bool,
    pub missing: Vec<String>,
    pub support: Support,
    pub bewind: BewindAdvice,
    pub debt_route: DebtRoute,
    /// *(v2)* Null unless the bewind checklist is started and `bewind.draagkracht_laag` is true.
    pub bijzondere_bijstand: Option<BijzondereBijstand>,
    pub deadlines: Deadlines,
    /// *(v2)* The period of amounts in force on `today`.
    pub periode: PeriodUsed,
    /// Lines that never exclude (§4), and the annotations of §1 (lvb) and §2.
    pub annotations: Vec<String>,
    pub today: NaiveDate,
}

// ---------------------------------------------------------------------------------------------
// The engine
// ---------------------------------------------------------------------------------------------

pub use super::case::effective_answers;

/// Segments a stored case (its answers and debt list).
pub fn segment_case(
    case: &super::case::Case,
    checklists: &Checklists,
    policy: &Policy,
    today: NaiveDate,
) -> Outcome {
    segment_full(
        &case.answers,
        &case.debts,
        case.client.birth_date,
        checklists,
        policy,
        today,
    )
}

/// The engine: pure and deterministic. `case_answers` are the answers as given; the debt list
/// (when non-empty) supplies the debt totals, as in [`effective_answers`].
pub fn segment(
    case_answers: &Answers,
    debts: &[Debt],
    checklists: &Checklists,
    policy: &Policy,
    today: NaiveDate,
) -> Outcome {
    segment_full(case_answers, debts, None, checklists, policy, today)
}

/// [`segment`] with the client's birth date (CASE-FORMAT `client.birth_date`, optional): it
/// decides the norm for a single client aged 18 to 20 (§6 `jongere_alleenstaand`).
pub fn segment_full(
    case_answers: &Answers,
    debts: &[Debt],
    birth_date: Option<NaiveDate>,
    checklists: &Checklists,
    policy: &Policy,
    today: NaiveDate,
) -> Outcome {
    let a = effective_answers(case_answers, debts, checklists.schuldhulp.version);
    let missing = checklists.missing(&a);
    let mut annotations = Vec::new();
    let in_force = policy.periode(today);

    let debt_route = debt_route(&a, !debts.is_empty(), policy, today, birth_date);
    let ladder = scores(&a).ok().map(|sc| ladder_level(sc).0);
    let (bewind, effective) = bewind_advice(
        &a,
        debt_route.route,
        ladder,
        policy,
        today,
        &mut annotations,
    );
    let bijzondere_bijstand = bijzondere_bijstand(&a, &bewind, &effective);
    let deadlines = deadlines::compute(&a, policy);
    let support = support(
        &a,
        bewind.advice,
        deadlines.heroverweging,
        policy,
        today,
        &mut annotations,
    );
    never_exclude(&a, policy, &mut annotations);

    Outcome {
        complete: missing.is_empty(),
        missing,
        support,
        bewind,
        debt_route,
        bijzondere_bijstand,
        deadlines,
        periode: PeriodUsed {
            geldig_vanaf: in_force.periode.geldig_vanaf,
            naam: in_force.naam(),
            indicatief: in_force.periode.indicatief,
        },
        annotations,
        today,
    }
}

fn score(a: &Answers, id: &str) -> Option<u8> {
    a.value(id).and_then(Value::as_score)
}
fn boolean(a: &Answers, id: &str) -> Option<bool> {
    a.value(id).and_then(Value::as_bool)
}
fn choice<'a>(a: &'a Answers, id: &str) -> Option<&'a str> {
    a.value(id).and_then(Value::as_choice)
}
fn multi<'a>(a: &'a Answers, id: &str) -> Option<&'a [String]> {
    a.value(id).and_then(Value::as_multi)
}
fn eur(a: &Answers, id: &str) -> Option<Decimal> {
    a.value(id).and_then(Value::as_eur)
}
fn is_true(a: &Answers, id: &str) -> bool {
    boolean(a, id) == Some(true)
}

fn euro(d: Decimal) -> String {
    money::to_display(d)
}

fn dutch_date(d: NaiveDate) -> String {
    d.format("%-d-%-m-%Y").to_string()
}

/// The reason while answers are missing; which ones is in `waiting_for` (ids, which a screen
/// shows by their labels), so a person never reads an item id here.
fn waiting_reason(ids: &[String]) -> String {
    match ids.len() {
        1 => "Nog niet te bepalen: er ontbreekt nog 1 antwoord.".to_string(),
        n => format!("Nog niet te bepalen: er ontbreken nog {n} antwoorden."),
    }
}

// ---- §1 support ladder -----------------------------------------------------------------------

/// The derived scores, or the A6 items still unanswered.
pub fn scores(a: &Answers) -> Result<Scores, Vec<String>> {
    let waiting: Vec<String> = A6_SCORES
        .iter()
        .filter(|id| score(a, id).is_none())
        .map(|id| (*id).to_string())
        .collect();
    if !waiting.is_empty() {
        return Err(waiting);
    }
    let s = |id: &str| score(a, id).unwrap_or(1);
    Ok(Scores {
        k: s("fn.administratie")
            .min(s("fn.overzicht"))
            .min(s("fn.uitgaven")),
        l: s("fn.motivatie").min(s("fn.leerbaarheid")),
        s: s("fn.stabiliteit"),
        i: s("fn.impuls"),
        d: s("fn.doenvermogen"),
    })
}

/// §1 steps 1 and 2: the base level and whether ontzorgen raised it.
pub fn ladder_level(sc: Scores) -> (Provision, bool) {
    let base = if sc.k >= 4 {
        Provision::InformatieAdvies
    } else if sc.k == 3 {
        if sc.l >= 3 {
            Provision::Budgetcoaching
        } else {
            Provision::Thuisadministratie
        }
    } else if sc.i <= 2 {
        Provision::BudgetbeheerTotaal
    } else {
        Provision::BudgetbeheerBasis
    };
    if sc.d <= 2 && base < Provision::BudgetbeheerBasis {
        (Provision::BudgetbeheerBasis, true)
    } else {
        (base, false)
    }
}

fn support(
    a: &Answers,
    advice: Advice,
    heroverweging: Option<NaiveDate>,
    policy: &Policy,
    today: NaiveDate,
    annotations: &mut Vec<String>,
) -> Support {
    let name = |p: Provision| policy.name(p).to_string();
    let mut out = Support {
        provision: None,
        base: None,
        scores: None,
        ontzorgen: false,
        review_by: None,
        additions: Vec::new(),
        ladder: Vec::new(),
        reasons: Vec::new(),
        waiting_for: Vec::new(),
    };

    if let Some(lvb @ ("vermoeden" | "vastgesteld")) = choice(a, "fn.lvb") {
        annotations.push(format!(
            "Licht verstandelijke beperking ({lvb}): pas de communicatie aan (eenvoudige \
             taal, korte stappen, op papier meegeven) en lees het leerpotentieel L met zorg."
        ));
    }

    match scores(a) {
        Err(waiting) => {
            out.reasons.push(waiting_reason(&waiting));
            out.waiting_for = waiting;
        }
        Ok(sc) => {
            out.scores = Some(sc);
            let v = |id: &str| score(a, id).unwrap_or_default();
            out.reasons.push(format!(
                "Kunnen K = {}: het laagste van administratie ({}), overzicht ({}) en uitgaven ({}). \
                 Leerpotentieel L = {}: het laagste van motivatie ({}) en leerbaarheid ({}). \
                 Impulsbeheersing I = {}, doenvermogen D = {}.",
                sc.k,
                v("fn.administratie"),
                v("fn.overzicht"),
                v("fn.uitgaven"),
                sc.l,
                v("fn.motivatie"),
                v("fn.leerbaarheid"),
                sc.i,
                sc.d
            ));
            out.reasons.push(if sc.k >= 4 {
                format!(
                    "K = {} (4 of hoger): de inwoner houdt de administratie grotendeels zelf bij; {} is genoeg.",
                    sc.k,
                    name(Provision::InformatieAdvies)
                )
            } else if sc.k == 3 && sc.l >= 3 {
                format!(
                    "K = 3 (deels, met moeite) en L = {} (3 of hoger): de inwoner kan het leren; {}.",
                    sc.l,
                    name(Provision::Budgetcoaching)
                )
            } else if sc.k == 3 {
                format!(
                    "K = 3 (deels, met moeite) en L = {} (lager dan 3): zelf leren is nu te veel gevraagd; \
                     hulp bij de papieren via {}.",
                    sc.l,
                    name(Provision::Thuisadministratie)
                )
            } else if sc.i <= 2 {
                format!(
                    "K = {} (2 of lager) en impulsbeheersing I = {} (2 of lager): al het geld laten beheren, \
                     leefgeld wordt uitbetaald; {}.",
                    sc.k,
                    sc.i,
                    name(Provision::BudgetbeheerTotaal)
                )
            } else {
                format!(
                    "K = {} (2 of lager) en impulsbeheersing I = {} (3 of hoger): de vaste lasten laten \
                     betalen; {}.",
                    sc.k,
                    sc.i,
                    name(Provision::BudgetbeheerBasis)
                )
            });
            let (level, ontzorgen) = ladder_level(sc);
            if ontzorgen {
                // The review deadline counts from the first conversation when there was one.
                let review = heroverweging.or_else(|| today.checked_add_months(Months::new(3)));
                out.ontzorgen = true;
                out.review_by = review;
                out.reasons.push(format!(
                    "Doenvermogen D = {} (2 of lager): stress beperkt nu wat de inwoner kan. Eerst ontzorgen: \
                     het niveau gaat omhoog naar {}; herbeoordelen binnen 3 maanden{}.",
                    sc.d,
                    name(Provision::BudgetbeheerBasis),
                    review.map_or(String::new(), |r| format!(" (uiterlijk {})", dutch_date(r)))
                ));
            }
            if matches!(
                level,
                Provision::InformatieAdvies | Provision::Budgetcoaching
            ) {
                let laag = is_true(a, "fn.laaggeletterd");
                let no_digid = boolean(a, "fn.digid") == Some(false);
                if laag || no_digid {
                    let why = match (laag, no_digid) {
                        (true, true) => "laaggeletterd en geen zelfstandig gebruik van DigiD",
                        (true, false) => "laaggeletterd",
                        _ => "geen zelfstandig gebruik van DigiD",
                    };
                    out.additions.push(Provision::Thuisadministratie);
                    out.reasons.push(format!(
                        "De inwoner is {why}: {} als aanvulling; het niveau blijft {}.",
                        name(Provision::Thuisadministratie),
                        name(level)
                    ));
                }
            }
            out.base = Some(level);
            out.provision = Some(level);
        }
    }

    if advice == Advice::Overwegen {
        out.provision = Some(Provision::Beschermingsbewind);
        out.reasons.push(format!(
            "Het bewindadvies is 'overwegen': geen lichtere voorziening is toereikend. Het voorstel wordt \
             {}; de kantonrechter beslist.",
            name(Provision::Beschermingsbewind)
        ));
    } else if advice == Advice::Voortzetten {
        out.provision = Some(Provision::Beschermingsbewind);
        out.reasons.push(format!(
            "Het bewindadvies is 'voortzetten': het lopende bewind is nog de lichtste toereikende \
             voorziening. Het voorstel blijft {}.",
            name(Provision::Beschermingsbewind)
        ));
    } else if advice == Advice::Uitstroom
        && let Some(level) = out.base
    {
        out.reasons.push(format!(
            "Het bewindadvies is 'uitstroom': het lopende bewind kan plaatsmaken voor {}.",
            name(level)
        ));
    }
    if matches!(advice, Advice::Overwegen | Advice::Voortzetten) && out.scores.is_none() {
        // The level is beschermingsbewind even while the scores are incomplete (v2).
        out.additions.clear();
    }
    if let (Some(sc), Some(fin)) = (out.scores, out.provision) {
        out.ladder = rungs(sc, fin, policy);
    }
    out
}

/// For each rung, lightest first: its criterion, the verdict against the proposal, the scores.
fn rungs(sc: Scores, proposal: Provision, policy: &Policy) -> Vec<(Provision, String)> {
    Provision::ALL
        .iter()
        .map(|&p| {
            let criterion = match p {
                Provision::InformatieAdvies => {
                    "past als de inwoner het zelf kan: K ≥ 4 en doenvermogen D ≥ 3"
                }
                Provision::Thuisadministratie => {
                    "past bij K = 3 met weinig leerpotentieel (L ≤ 2) en D ≥ 3; ook als aanvulling bij \
                     laaggeletterdheid of zonder DigiD"
                }
                Provision::Budgetcoaching => "past bij K = 3 met leerpotentieel L ≥ 3 en D ≥ 3",
                Provision::BudgetbeheerBasis => {
                    "past bij K ≤ 2 met impulsbeheersing I ≥ 3, en als eerste stap bij doenvermogen D ≤ 2 \
                     (ontzorgen)"
                }
                Provision::BudgetbeheerTotaal => "past bij K ≤ 2 met impulsbeheersing I ≤ 2",
                Provision::Beschermingsbewind => {
                    "alleen als geen lichtere voorziening toereikend is (bewindadvies 'overwegen'); de \
                     kantonrechter beslist"
                }
            };
            let verdict = match p.cmp(&proposal) {
                Ordering::Less if proposal == Provision::Beschermingsbewind => {
                    "niet toereikend (zie het bewindadvies)"
                }
                Ordering::Less => "niet genoeg",
                Ordering::Equal => "voorgesteld",
                Ordering::Greater => "zwaarder dan nodig",
            };
            (
                p,
                format!(
                    "{}: {verdict}. Criterium: {criterion}. Hier: K = {}, L = {}, I = {}, D = {}.",
                    policy.name(p),
                    sc.k,
                    sc.l,
                    sc.i,
                    sc.d
                ),
            )
        })
        .collect()
}

// ---- §2 beschermingsbewind -------------------------------------------------------------------

fn need_label(id: &str) -> &'static str {
    match id {
        "behoefte.misbruik" => "risico op financieel misbruik",
        "behoefte.nieuwe_verplichtingen" => "blijft nieuwe verplichtingen aangaan",
        "behoefte.overziet_gevolgen" => "overziet de gevolgen niet",
        "behoefte.afspraken" => "komt vrijwillige afspraken niet na",
        "behoefte.instabiel" => "instabiele situatie",
        "behoefte.achteruitgang" => "achteruitgang verwacht",
        _ => "beschermingsbehoefte",
    }
}

/// The effective B5 answer of one lighter option, and why it counts as it does.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Effective {
    option: Lighter,
    value: String,
    /// Set when step 3 overrode the answer given (the answer given, then the reason).
    overridden: Option<(String, &'static str)>,
}

/// §2 steps 0–5 and 7: the advice without the fees (those need the policy and the route).
struct Decided {
    advice: Advice,
    sufficient: Vec<Lighter>,
    open_questions: Vec<Lighter>,
    effective: Vec<Effective>,
    reasons: Vec<String>,
    waiting_for: Vec<String>,
    annotations: Vec<String>,
    /// The advice before step 7 (for the reasons of uitstroom / voortzetten).
    running: bool,
}

const OVERRIDE_FREE: &str = "vrijwillige voorzieningen laten de inwoner juridisch vrij en houden \
                             nieuwe verplichtingen of misbruik niet tegen";
const OVERRIDE_FAILED: &str = "eerder mislukt en de inwoner komt vrijwillige afspraken niet na";

fn decide(a: &Answers) -> Decided {
    let mut out = Decided {
        advice: Advice::NietBeoordeeld,
        sufficient: Vec::new(),
        open_questions: Vec::new(),
        effective: Vec::new(),
        reasons: Vec::new(),
        waiting_for: Vec::new(),
        annotations: Vec::new(),
        running: false,
    };
    if !a.is_started(BEWIND) {
        out.reasons.push(
            "De bewind-checklist is niet gestart: beschermingsbewind is niet beoordeeld."
                .to_string(),
        );
        return out;
    }
    // Unanswered counts as not running (the item is required, so it is in `missing`).
    out.running = is_true(a, "bewind.lopend");
    decide_steps(a, &mut out);
    if out.running {
        match out.advice {
            Advice::GeenGrond | Advice::NietNodig => out.advice = Advice::Uitstroom,
            Advice::Overwegen => out.advice = Advice::Voortzetten,
            _ => {}
        }
    }
    out
}

/// Steps 0–6 in their fixed order (SEGMENTATION.md v2).
fn decide_steps(a: &Answers, out: &mut Decided) {
    // 0. The ground, the six needs and the earlier lighter provision.
    let mut inputs: Vec<&str> = vec!["bewind.grond"];
    inputs.extend(NEEDS);
    inputs.push("bewind.eerder_lichter");
    let waiting: Vec<String> = inputs
        .iter()
        .filter(|id| a.value(id).is_none())
        .map(|id| (*id).to_string())
        .collect();
    if !waiting.is_empty() {
        out.advice = Advice::Onvolledig;
        out.reasons.push(waiting_reason(&waiting));
        out.waiting_for = waiting;
        return;
    }
    let grond = multi(a, "bewind.grond").unwrap_or_default();
    let needs: Vec<&str> = NEEDS.iter().copied().filter(|id| is_true(a, id)).collect();
    let need_text = needs
        .iter()
        .map(|id| need_label(id).to_string())
        .collect::<Vec<_>>()
        .join(", ");

    // 1. No legal ground.
    if grond.iter().any(|o| o == "geen") {
        out.advice = Advice::GeenGrond;
        out.reasons.push(
            "De grond is 'geen': er is geen wettelijke grond voor beschermingsbewind \
             (art. 1:431 BW)."
                .to_string(),
        );
        if !needs.is_empty() {
            out.annotations.push(format!(
                "Beschermingsbehoefte zonder wettelijke grond ({need_text}): bespreek dit in een casusoverleg."
            ));
        }
        return;
    }
    // 2. No protection need: nothing to cover, B5 is not asked.
    if needs.is_empty() {
        out.advice = Advice::NietNodig;
        out.reasons.push(
            "Geen van de beschermingsbehoeften (B2) is aanwezig: er is niets te beschermen, \
             beschermingsbewind is niet nodig (de toereikendheidstoets B5 wordt dan niet gevraagd)."
                .to_string(),
        );
        return;
    }
    let b5: Vec<String> = Lighter::ALL
        .iter()
        .map(|o| o.item())
        .filter(|id| a.value(id).is_none())
        .map(str::to_string)
        .collect();
    if !b5.is_empty() {
        out.advice = Advice::Onvolledig;
        out.reasons
            .push(format!("Beschermingsbehoeften: {need_text}."));
        out.reasons.push(waiting_reason(&b5));
        out.waiting_for = b5;
        return;
    }
    out.reasons
        .push(format!("Beschermingsbehoeften: {need_text}."));

    // 3. Effective sufficiency answers.
    let mut effective: Vec<Effective> = Lighter::ALL
        .iter()
        .map(|&o| Effective {
            option: o,
            value: choice(a, o.item()).unwrap_or("onbekend").to_string(),
            overridden: None,
        })
        .collect();
    let force = |e: &mut Effective, why: &'static str| {
        if e.value != "nee" {
            e.overridden = Some((std::mem::replace(&mut e.value, "nee".into()), why));
        }
    };
    let misbruik = is_true(a, "behoefte.misbruik");
    let nieuw_instabiel =
        is_true(a, "behoefte.nieuwe_verplichtingen") && is_true(a, "behoefte.instabiel");
    if misbruik || nieuw_instabiel {
        let why = match (misbruik, nieuw_instabiel) {
            (true, true) => {
                "Er is risico op financieel misbruik en de inwoner blijft nieuwe \
                 verplichtingen aangaan in een instabiele situatie \
                "
            }
            (true, false) => "Er is risico op financieel misbruik",
            _ => {
                "De inwoner blijft nieuwe verplichtingen aangaan in een \
                 instabiele situatie"
            }
        };
        out.reasons.push(format!(
            "{why}. Budgetcoaching, budgetbeheer, inkomensbeheer en het netwerk laten de inwoner \
             juridisch vrij en kunnen nieuwe verplichtingen of misbruik niet tegenhouden; rechters vonden \
             vaste lasten betalen plus hulp van familie in een instabiele situatie onvoldoende. Alle \
             lichtere voorzieningen tellen daarom als 'nee'."
        ));
        for e in &mut effective {
            force(e, OVERRIDE_FREE);
        }
    } else if choice(a, "bewind.eerder_lichter") == Some("mislukt")
        && is_true(a, "behoefte.afspraken")
    {
        out.reasons.push(
            "Een lichtere voorziening is eerder mislukt en de inwoner komt \
             vrijwillige afspraken niet na: budgetcoaching en budgetbeheer tellen \
             als 'nee'."
                .to_string(),
        );
        for e in &mut effective {
            if matches!(e.option, Lighter::Budgetcoaching | Lighter::Budgetbeheer) {
                force(e, OVERRIDE_FAILED);
            }
        }
    }
    let with = |want: &str| -> Vec<Lighter> {
        effective
            .iter()
            .filter(|e| e.value == want)
            .map(|e| e.option)
            .collect()
    };
    let list = |os: &[Lighter]| os.iter().map(|o| o.label()).collect::<Vec<_>>().join(", ");

    // 4. A lighter provision is sufficient.
    let ja = with("ja");
    let onbekend = with("onbekend");
    if !ja.is_empty() {
        out.advice = Advice::NietNodig;
        out.reasons.push(format!(
            "Toereikend volgens de toereikendheidstoets (B5): {}. De lichtste gaat voor; \
             beschermingsbewind is niet nodig.",
            list(&ja)
        ));
        out.sufficient = ja;
    } else if !onbekend.is_empty() {
        // 5. Open questions.
        out.advice = Advice::Onvolledig;
        out.reasons.push(format!(
            "Nog onbekend of dit toereikend is: {}. Zoek dat eerst uit; pas daarna kan bewind worden \
             afgewogen.",
            list(&onbekend)
        ));
        out.open_questions = onbekend;
    } else {
        // 6. Nothing lighter is enough.
        out.advice = Advice::Overwegen;
        let answers_text = effective
            .iter()
            .map(|e| format!("{}: {}", e.option.label(), e.value.replace('_', " ")))
            .collect::<Vec<_>>()
            .join(", ");
        out.reasons.push(format!(
            "Geen lichtere voorziening is toereikend ({answers_text})."
        ));
    }
    out.effective = effective;
}

/// Whether the ontzorgen raise of §1 step 2 is the final support level: the scores are complete,
/// step 2 raised the level, and bewind (`overwegen` / `voortzetten`) did not replace it. The
/// `heroverweging` deadline rests on it.
pub fn ontzorgen_stands(a: &Answers) -> bool {
    let raised = scores(a).is_ok_and(|sc| ladder_level(sc).1);
    raised && !matches!(decide(a).advice, Advice::Overwegen | Advice::Voortzetten)
}

/// The bewind fees of a period, for one person or (with `partner_ook`) for two; a missing `_paar`
/// key falls back to the single fee and says so.
struct Fees {
    aanvang: Decimal,
    per_maand: Decimal,
    per_maand_schulden: Decimal,
    notes: Vec<String>,
}

fn fees(k: &BewindKosten, paar: bool) -> Fees {
    if !paar {
        return Fees {
            aanvang: k.aanvang,
            per_maand: k.per_maand,
            per_maand_schulden: k.per_maand_schulden,
            notes: Vec::new(),
        };
    }
    let mut missing = Vec::new();
    let mut pick = |v: Option<Decimal>, single: Decimal, key: &'static str| {
        v.unwrap_or_else(|| {
            missing.push(key);
            single
        })
    };
    let aanvang = pick(k.aanvang_paar, k.aanvang, "aanvang_paar");
    let per_maand = pick(k.per_maand_paar, k.per_maand, "per_maand_paar");
    let per_maand_schulden = pick(
        k.per_maand_paar_schulden,
        k.per_maand_schulden,
        "per_maand_paar_schulden",
    );
    let notes = if missing.is_empty() {
        Vec::new()
    } else {
        vec![format!(
            "Deze periode van het beleid heeft geen tarief voor twee personen voor {}: daarvoor is \
             het tarief voor één persoon gebruikt.",
            missing.join(", ")
        )]
    };
    Fees {
        aanvang,
        per_maand,
        per_maand_schulden,
        notes,
    }
}

fn bewind_advice(
    a: &Answers,
    route: Option<Route>,
    ladder: Option<Provision>,
    policy: &Policy,
    today: NaiveDate,
    annotations: &mut Vec<String>,
) -> (BewindAdvice, Vec<Effective>) {
    let d = decide(a);
    annotations.extend(d.annotations);
    let mut out = BewindAdvice {
        advice: d.advice,
        kind: None,
        sufficient: d.sufficient,
        open_questions: d.open_questions,
        first_year_cost: None,
        reasons: d.reasons,
        waiting_for: d.waiting_for,
    };
    let list = |os: &[Lighter]| os.iter().map(|o| o.label()).collect::<Vec<_>>().join(", ");
    match out.advice {
        Advice::Uitstroom => {
            let takes_over = if !out.sufficient.is_empty() {
                format!(
                    "de toereikende lichtere voorziening: {}",
                    list(&out.sufficient)
                )
            } else if let Some(level) = ladder {
                format!(
                    "de voorziening van de ondersteuningsladder: {}",
                    policy.name(level)
                )
            } else {
                "de voorziening van de ondersteuningsladder, zodra de scores (A6) bekend zijn"
                    .to_string()
            };
            out.reasons.push(format!(
                "Er loopt al beschermingsbewind en het is niet (meer) de lichtste \
                 toereikende voorziening: uitstroom. Bespreek met de bewindvoerder en de inwoner een \
                 verzoek aan de kantonrechter om het bewind te beëindigen, en wat het overneemt: \
                 {takes_over}."
            ));
        }
        Advice::Overwegen | Advice::Voortzetten => {
            if out.advice == Advice::Overwegen {
                out.reasons.push(
                    "Overweeg een verzoek tot beschermingsbewind bij de kantonrechter; de rechter \
                     beslist, niet de gemeente."
                        .to_string(),
                );
            } else {
                out.reasons.push(
                    "Er loopt al beschermingsbewind en het is nog steeds de lichtste \
                     toereikende voorziening: voortzetten."
                        .to_string(),
                );
            }
            let grond = multi(a, "bewind.grond").unwrap_or_default();
            let toestand = grond
                .iter()
                .any(|g| g == "lichamelijk" || g == "geestelijk");
            let grond_text = grond.join(", ");
            if toestand {
                out.kind = Some(BewindKind::Toestandsbewind);
                out.reasons.push(format!(
                    "Grond {grond_text}: toestandsbewind, op grond van de lichamelijke of \
                     geestelijke toestand."
                ));
            } else {
                out.kind = Some(BewindKind::Schuldenbewind);
                out.reasons.push(format!(
                    "Grond {grond_text}: schuldenbewind, wegens verkwisting of problematische \
                     schulden; altijd voor bepaalde tijd."
                ));
            }
            cost(a, route, policy, today, &mut out);
        }
        _ => {}
    }
    (out, d.effective)
}

/// `first_year_cost` (§2 step 6 / 7): null while the debt route is unknown.
fn cost(
    a: &Answers,
    route: Option<Route>,
    policy: &Policy,
    today: NaiveDate,
    out: &mut BewindAdvice,
) {
    let in_force = policy.periode(today);
    let paar = is_true(a, "bewind.partner_ook");
    let f = fees(&in_force.periode.kosten_bewind, paar);
    let tarieven = format!(
        "tarieven {}{}{}",
        in_force.periode.vanaf(),
        if in_force.voor_eerste {
            " (de vroegste periode in het beleid; de datum ligt daarvoor)"
        } else {
            ""
        },
        if paar { ", voor twee personen" } else { "" }
    );
    out.reasons.extend(f.notes.iter().cloned());
    let running = out.advice == Advice::Voortzetten;
    let Some(route) = route else {
        out.reasons.push(format!(
            "Kosten: nog niet te bepalen, want het maandtarief hangt af van de schuldroute (nog \
             onbekend): {} per maand zonder en {} met problematische schulden ({tarieven}).",
            euro(f.per_maand),
            euro(f.per_maand_schulden)
        ));
        return;
    };
    let (monthly, which) = if route.is_problematic() {
        (
            f.per_maand_schulden,
            format!(
                "tarief met problematische schulden, schuldroute {}",
                route.id()
            ),
        )
    } else {
        (
            f.per_maand,
            format!(
                "tarief zonder problematische schulden, schuldroute {}",
                route.id()
            ),
        )
    };
    let year = Decimal::from(12) * monthly;
    if running {
        out.first_year_cost = Some(year);
        out.reasons.push(format!(
            "Kosten komend jaar: 12 × {} ({which}; {tarieven}) = {}; geen intakevergoeding, het \
             bewind loopt al.",
            euro(monthly),
            euro(year)
        ));
    } else {
        let total = f.aanvang + year;
        out.first_year_cost = Some(total);
        out.reasons.push(format!(
            "Kosten eerste jaar: intake {} + 12 × {} ({which}; {tarieven}) = {}.",
            euro(f.aanvang),
            euro(monthly),
            euro(total)
        ));
    }
}

// ---- §2 step 8: bijzondere bijstand ------------------------------------------------------------

fn bijzondere_bijstand(
    a: &Answers,
    b: &BewindAdvice,
    effective: &[Effective],
) -> Option<BijzondereBijstand> {
    if !a.is_started(BEWIND) || !is_true(a, "bewind.draagkracht_laag") {
        return None;
    }
    let mut out = BijzondereBijstand {
        toets: None,
        alternatief: None,
        bedrag: None,
        reasons: vec![
            "Draagkracht laag: de kosten van bewind komen in aanmerking \
             voor bijzondere bijstand, maar alleen als geen goedkopere toereikende voorziening \
             bestaat (de toereikendheidstoets)."
                .to_string(),
        ],
    };
    let toelichting = a
        .value("toereikend.toelichting")
        .and_then(Value::as_text)
        .map(|t| format!("Onderbouwing: \"{}\"", t.trim()));
    match b.advice {
        Advice::Overwegen | Advice::Voortzetten => {
            out.toets = Some(Toets::GeenToereikendAlternatief);
            out.bedrag = b.first_year_cost;
            out.reasons.push(
                "Geen toereikend alternatief: elke lichtere voorziening is gewogen en niet toereikend."
                    .to_string(),
            );
            for e in effective {
                let why = match (&e.overridden, e.value.as_str()) {
                    (Some((given, reason)), _) => format!(
                        "telt als 'nee' ({reason}; gegeven antwoord: {})",
                        given.replace('_', " ")
                    ),
                    (None, "niet_beschikbaar") => "niet beschikbaar".to_string(),
                    (None, v) => format!("{} volgens de toereikendheidstoets", v.replace('_', " ")),
                };
                out.reasons
                    .push(format!("{}: {why}.", capitalize(e.option.label())));
            }
            out.reasons.extend(toelichting);
            out.reasons.push(match b.first_year_cost {
                Some(c) => format!(
                    "Bedrag: {} ({}).",
                    euro(c),
                    if b.advice == Advice::Voortzetten {
                        "kosten komend jaar"
                    } else {
                        "kosten eerste jaar"
                    }
                ),
                None => {
                    "Bedrag: nog niet te bepalen zolang de schuldroute onbekend is.".to_string()
                }
            });
        }
        Advice::NietNodig | Advice::Uitstroom if !b.sufficient.is_empty() => {
            let first = b.sufficient[0];
            out.toets = Some(Toets::ToereikendAlternatief);
            out.alternatief = Some(first);
            out.reasons.push(format!(
                "Toereikend alternatief: {}. Zolang die lichtere voorziening passend en toereikend \
                 is, kan bijzondere bijstand voor de kosten van bewind worden geweigerd als niet \
                 noodzakelijk.",
                first.label()
            ));
            out.reasons.extend(toelichting);
        }
        other => out
            .reasons
            .push(format!("Geen toets: het bewindadvies is '{}'.", other.id())),
    }
    Some(out)
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

// ---- §3 debt route ---------------------------------------------------------------------------

/// Whole years on `today`; a 29 February birthday counts as reached on 1 March in a common year.
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> Option<i32> {
    use chrono::Datelike;
    if birth > today {
        return None;
    }
    let before_birthday = (today.month(), today.day()) < (birth.month(), birth.day());
    Some(today.year() - birth.year() - i32::from(before_birthday))
}

/// The indicative Vtlb: round2(0.95 × norm) + max(0, lasten.wonen − basishuur), with the
/// reasons; the norm and basishuur of the period in force on `today` (§3 step 2, §6). None when
/// a household or housing input is unanswered.
pub fn vtlb(
    a: &Answers,
    policy: &Policy,
    today: NaiveDate,
    birth_date: Option<NaiveDate>,
) -> Option<(Decimal, Vec<String>)> {
    let household = choice(a, "huishouden.type")?;
    let aow = boolean(a, "huishouden.pensioen")?;
    let wonen = eur(a, "lasten.wonen")?;
    let in_force = policy.periode(today);
    let periode = in_force.periode;
    let paar = matches!(household, "paar" | "paar_met_kinderen");
    let n = &periode.norm;
    let mut notes = Vec::new();
    let (norm, norm_name) = match (paar, aow) {
        (false, false) => {
            let age = birth_date.and_then(|b| age_on(b, today));
            let young = household == "alleenstaand" && age.is_some_and(|y| (18..=20).contains(&y));
            match (young, n.jongere_alleenstaand) {
                (true, Some(j)) => (j, "alleenstaande jongere van 18 tot 21 jaar"),
                (true, None) => {
                    notes.push(
                        "De inwoner is 18, 19 of 20 jaar (geboortedatum), maar deze periode van het \
                         beleid heeft geen jongerennorm: de norm voor 21 jaar en ouder is gebruikt."
                            .to_string(),
                    );
                    (n.alleenstaand, "alleenstaand")
                }
                (false, _) if household == "alleenstaand" && birth_date.is_none() => {
                    notes.push(
                        "De geboortedatum is onbekend: de norm voor 21 jaar en ouder is gebruikt (voor \
                         18 tot 21 jaar geldt een lagere norm)."
                            .to_string(),
                    );
                    (n.alleenstaand, "alleenstaand")
                }
                _ => (n.alleenstaand, "alleenstaand"),
            }
        }
        (true, false) => (n.paar, "paar"),
        (false, true) => (n.alleenstaand_aow, "alleenstaand met AOW-leeftijd"),
        (true, true) => (n.paar_aow, "paar met AOW-leeftijd"),
    };
    let part = money::round2(Decimal::new(95, 2) * norm);
    let basishuur = periode.basishuur;
    let extra = (wonen - basishuur).max(Decimal::ZERO);
    let total = part + extra;
    let housing = if extra > Decimal::ZERO {
        format!(
            "plus de woonlasten boven de basishuur: {} − {} = {}",
            euro(wonen),
            euro(basishuur),
            euro(extra)
        )
    } else {
        format!(
            "geen woonlastencorrectie: de woonlasten ({}) liggen niet boven de basishuur ({})",
            euro(wonen),
            euro(basishuur)
        )
    };
    let indicatief = if periode.indicatief {
        " (indicatief)"
    } else {
        ""
    };
    let mut reasons = vec![format!(
        "Vtlb{indicatief} = 95% van de bijstandsnorm {norm_name} ({}, {}) = {}, {housing}; samen {} per \
         maand (huishouden: {}, AOW-leeftijd: {}).",
        euro(norm),
        in_force.naam(),
        euro(part),
        euro(total),
        household.replace('_', " "),
        if aow { "ja" } else { "nee" }
    )];
    reasons.extend(notes);
    Some((total, reasons))
}

fn debt_route(
    a: &Answers,
    from_list: bool,
    policy: &Policy,
    today: NaiveDate,
    birth_date: Option<NaiveDate>,
) -> DebtRoute {
    let mut out = DebtRoute {
        route: None,
        vtlb: None,
        repayment_capacity: None,
        flags: Vec::new(),
        reasons: Vec::new(),
        waiting_for: Vec::new(),
    };
    let totaal = eur(a, "schulden.totaal");
    let netto = eur(a, "inkomen.netto");
    // v2: the Vtlb and the capacity need only household, AOW, income and housing costs.
    let computed =
        vtlb(a, policy, today, birth_date).and_then(|(v, why)| netto.map(|n| (v, n - v, why, n)));
    if let Some((v, cap, _, _)) = &computed {
        out.vtlb = Some(*v);
        out.repayment_capacity = Some(*cap);
    }

    if totaal == Some(Decimal::ZERO) {
        out.route = Some(Route::Geen);
        out.reasons.push(
            "Er zijn geen schulden (totale schuld € 0,00): geen schuldroute nodig.".to_string(),
        );
        if let Some((_, _, why, _)) = computed {
            out.reasons.extend(why);
        }
        return out;
    }

    let waiting: Vec<String> = ROUTE_INPUTS
        .iter()
        .filter(|id| a.value(id).is_none())
        .map(|id| (*id).to_string())
        .collect();
    let (Some(totaal), Some(trend), Some(s), Some((v, cap, why, netto))) = (
        totaal,
        choice(a, "schulden.trend"),
        score(a, "fn.stabiliteit"),
        computed.clone(),
    ) else {
        out.reasons.push(waiting_reason(&waiting));
        if let Some((v, cap, why, netto)) = computed {
            out.reasons.extend(why);
            out.reasons.push(format!(
                "Aflosruimte = netto inkomen {} − Vtlb {} = {} per maand.",
                euro(netto),
                euro(v),
                euro(cap)
            ));
        }
        out.waiting_for = waiting;
        return out;
    };

    out.reasons.push(if from_list {
        format!("Totale schuld {} volgens de schuldenlijst.", euro(totaal))
    } else {
        format!("Totale schuld {}.", euro(totaal))
    });
    out.reasons.extend(why);
    out.reasons.push(format!(
        "Aflosruimte = netto inkomen {} − Vtlb {} = {} per maand.",
        euro(netto),
        euro(v),
        euro(cap)
    ));

    let limit = Decimal::from(18) * cap;
    let beslag = is_true(a, "schulden.beslag");
    let groeiend = trend == "groeiend";
    if cap > Decimal::ZERO && totaal <= limit && !groeiend && !beslag {
        out.route = Some(Route::Betalingsregeling);
        out.reasons.push(format!(
            "Er is aflosruimte, de schuld ({}) is niet meer dan 18 × de aflosruimte ({}), de schulden \
             groeien niet (schulden {trend}) en er ligt geen beslag: een betalingsregeling met de \
             schuldeisers is genoeg.",
            euro(totaal),
            euro(limit)
        ));
        return out;
    }

    let mut why = Vec::new();
    if cap <= Decimal::ZERO {
        why.push("er is geen aflosruimte".to_string());
    } else if totaal > limit {
        why.push(format!(
            "de schuld ({}) is meer dan 18 × de aflosruimte ({})",
            euro(totaal),
            euro(limit)
        ));
    }
    if groeiend {
        why.push("de schulden groeien".to_string());
    }
    if beslag {
        why.push("er ligt beslag op inkomen of rekening".to_string());
    }
    out.reasons.push(format!(
        "De schulden zijn problematisch: {}.",
        why.join("; ")
    ));

    if s == 1 {
        out.route = Some(Route::Dfd);
        out.reasons.push(
            "Stabiliteit S = 1: eerst stabiliseren met duurzame financiële \
             dienstverlening (DFD); een schuldregeling is nu nog niet haalbaar."
                .to_string(),
        );
    } else if groeiend || s == 2 {
        out.route = Some(Route::Stabilisatie);
        let why = if groeiend {
            "De schulden groeien nog".to_string()
        } else {
            "Stabiliteit S = 2".to_string()
        };
        out.reasons.push(format!(
            "{why}: eerst stabilisatie (hooguit 4 maanden) om inkomen en uitgaven in evenwicht te \
             brengen, daarna een schuldregeling."
        ));
    } else {
        out.route = Some(Route::Schuldregeling);
        out.reasons.push(format!(
            "Stabiel genoeg (stabiliteit S = {s}, schulden {trend}): een schuldregeling van \
             18 maanden."
        ));
    }
    if cap <= Decimal::ZERO {
        out.flags.push(Flag::NulAanbod);
        out.reasons.push(format!(
            "Geen aflosruimte ({}): een nul-aanbod aan de schuldeisers is mogelijk.",
            euro(cap)
        ));
    }
    if crisis(a) {
        out.flags.push(Flag::MoratoriumOverwegen);
        // Named by the threat itself ("ontruiming", "afsluiting"), never by the item id.
        let which: Vec<String> = CRISIS
            .iter()
            .copied()
            .filter(|id| is_true(a, id))
            .map(|id| id.trim_start_matches("crisis.").replace('_', " "))
            .collect();
        out.reasons.push(format!(
            "Er is een bedreigende situatie ({}): overweeg een moratorium (afkoelingsperiode).",
            which.join(", ")
        ));
    }
    out
}

// ---- §4 annotations that never exclude -------------------------------------------------------

const NO_EXCLUSION: &str = "geen uitsluitingsgrond: individuele afweging";

/// "2 weken", "10 dagen".
fn term_text(days: u32) -> String {
    match days {
        7 => "1 week".to_string(),
        d if d.is_multiple_of(7) => format!("{} weken", d / 7),
        d => format!("{d} dagen"),
    }
}

fn never_exclude(a: &Answers, policy: &Policy, out: &mut Vec<String>) {
    if choice(a, "huishouden.woonsituatie") == Some("koop") {
        out.push(format!("Koopwoning: {NO_EXCLUSION}."));
    }
    if is_true(a, "huishouden.echtscheiding") {
        out.push(format!(
            "Lopende echtscheiding of verbreking samenwonen: {NO_EXCLUSION}."
        ));
    }
    if is_true(a, "huishouden.ondernemer") {
        out.push(format!(
            "(Ex-)ondernemer of zzp'er: {NO_EXCLUSION}. De crisisinterventie \
             krijgt {} in plaats van {}.",
            term_text(policy.crisis_dagen_ondernemer),
            term_text(policy.crisis_dagen)
        ));
    }
    let bron_geen = multi(a, "inkomen.bron").is_some_and(|b| b.iter().any(|o| o == "geen"));
    let netto_nul = eur(a, "inkomen.netto") == Some(Decimal::ZERO);
    if bron_geen || netto_nul {
        let which = match (bron_geen, netto_nul) {
            (true, true) => "geen bron van inkomen, netto inkomen € 0,00",
            (true, false) => "geen bron van inkomen",
            _ => "netto inkomen € 0,00",
        };
        out.push(format!("Geen inkomen ({which}): {NO_EXCLUSION}."));
    }
    if choice(a, "melding.route") == Some("vroegsignaal")
        && a.value("melding.eerste_gesprek").is_none()
    {
        out.push(format!(
            "Vroegsignaal zonder eerste gesprek: bied de inwoner \
             een gesprek aan; {NO_EXCLUSION}."
        ));
    }
    if is_true(a, "crisis.eindeleveringssignaal") {
        let extra = if crisis(a) {
            ""
        } else {
            " De termijn voor het eerste gesprek wordt daarom niet verkort."
        };
        out.push(format!(
            "Eindeleveringssignaal van de energieleverancier: op zichzelf \
             geen crisis; {NO_EXCLUSION}.{extra}"
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// The contract (§7)
// ---------------------------------------------------------------------------------------------

fn money_json(d: Option<Decimal>) -> J {
    d.map_or(J::Null, |d| J::from(money::to_contract(d)))
}

fn date_json(d: Option<NaiveDate>) -> J {
    d.map_or(J::Null, |d| J::from(d.format("%Y-%m-%d").to_string()))
}

/// The `loket-segment/1` JSON: exactly the keys of §7, plus `reasons`, `waiting_for`, the
/// per-rung `ladder` and a few more explanatory keys.
pub fn to_contract_json(o: &Outcome) -> J {
    let ids = |v: &[Lighter]| v.iter().map(|x| x.id()).collect::<Vec<_>>();
    let s = &o.support;
    let b = &o.bewind;
    let r = &o.debt_route;
    let d = &o.deadlines;
    json!({
        "format": FORMAT,
        "today": o.today.format("%Y-%m-%d").to_string(),
        "complete": o.complete,
        "missing": o.missing,
        "support": {
            "provision": s.provision.map(Provision::id),
            "base_provision": s.base.map(Provision::id),
            "ontzorgen": s.ontzorgen,
            "review_by": date_json(s.review_by),
            "additions": s.additions.iter().map(|p| p.id()).collect::<Vec<_>>(),
            "ladder": s.ladder.iter().map(|(p, why)| json!({"provision": p.id(), "reason": why})).collect::<Vec<_>>(),
            "reasons": s.reasons,
            "waiting_for": s.waiting_for,
        },
        "bewind": {
            "advice": b.advice.id(),
            "kind": b.kind.map(BewindKind::id),
            "sufficient": ids(&b.sufficient),
            "open_questions": ids(&b.open_questions),
            "first_year_cost": money_json(b.first_year_cost),
            "reasons": b.reasons,
            "waiting_for": b.waiting_for,
        },
        "debt_route": {
            "route": r.route.map(Route::id),
            "vtlb": money_json(r.vtlb),
            "repayment_capacity": money_json(r.repayment_capacity),
            "flags": r.flags.iter().map(|f| f.id()).collect::<Vec<_>>(),
            "reasons": r.reasons,
            "waiting_for": r.waiting_for,
        },
        "bijzondere_bijstand": o.bijzondere_bijstand.as_ref().map_or(J::Null, |bb| json!({
            "toets": bb.toets.map(Toets::id),
            "alternatief": bb.alternatief.map(Lighter::id),
            "bedrag": money_json(bb.bedrag),
            "reasons": bb.reasons,
        })),
        "periode": {
            "geldig_vanaf": date_json(o.periode.geldig_vanaf),
            "naam": o.periode.naam,
            "indicatief": o.periode.indicatief,
        },
        "deadlines": {
            "eerste_gesprek": date_json(d.eerste_gesprek),
            "crisis_afgerond": date_json(d.crisis_afgerond),
            "beschikking": date_json(d.beschikking),
            "heroverweging": date_json(d.heroverweging),
            "gemeente_advies": date_json(d.gemeente_advies),
            "bewind_melding": date_json(d.bewind_melding),
            "bewind_plan": date_json(d.bewind_plan),
        },
        "annotations": o.annotations,
    })
}
