//! The segmentation engine (SEGMENTATION.md §1–§5): from answers to the lightest sufficient
//! provision, a bewind advice, a debt route, annotations that never exclude, and deadlines.
//!
//! [`segment`] is a pure function of (answers, debt list, checklists, policy, today). It never
//! refuses: there is no refusal value in [`Outcome`] at all, and beschermingsbewind is proposed
//! only when the bewind advice is `overwegen`. Every step leaves a Dutch reason naming the answers
//! it used. A part whose own inputs are unanswered is `None` and lists them in `waiting_for`.
//!
//! Decisions where SEGMENTATION.md is silent (documented here so the UI and report agree):
//! - `complete` follows the spec literally: only *started* checklists count, so a case with no
//!   started checklist is complete (every part then waits for its inputs).
//! - Debt route with `schulden.totaal` = 0: the route is `geen` whatever else is unanswered (no
//!   other input can change it); `vtlb`/`repayment_capacity` are shown when their own inputs
//!   (household, AOW, income, housing costs) are answered, else null.
//! - Debt-route flags belong to the problematic routes (§3 step 4) only.
//! - Bewind `onvolledig` because of unanswered inputs lists those in `waiting_for`;
//!   `open_questions` holds only options answered `onbekend` (§2 step 5).
//! - When the bewind advice is `overwegen` but the A6 scores are incomplete, the support level
//!   still becomes `beschermingsbewind` (the replacement does not depend on the base level);
//!   the base level stays null and waits for the scores.
//! - `additions` are decided on the level before bewind may replace it (§1 step 3 before step 4).
//! - `first_year_cost` uses the fee without debts unless the debt route is known to be
//!   `stabilisatie`, `schuldregeling` or `dfd`; while the route is null the reason says so and
//!   names the amount with debts.
//! - `today` dates the ontzorgen review (`review_by` = today + 3 months); the engine needs no
//!   other clock.

use super::answers::{Answers, Value};
use super::case::Debt;
use super::checklist::{BEWIND, Checklists};
use super::deadlines::{self, Deadlines};
use super::money;
use super::policy::Policy;
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
}

impl Advice {
    pub const ALL: [Advice; 5] = [
        Advice::NietBeoordeeld,
        Advice::Onvolledig,
        Advice::GeenGrond,
        Advice::NietNodig,
        Advice::Overwegen,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Advice::NietBeoordeeld => "niet_beoordeeld",
            Advice::Onvolledig => "onvolledig",
            Advice::GeenGrond => "geen_grond",
            Advice::NietNodig => "niet_nodig",
            Advice::Overwegen => "overwegen",
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
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
    /// With ontzorgen: review the level by this date (today + 3 months).
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
    /// With `niet_nodig` from the sufficiency test: the options answered (effectively) `ja`.
    pub sufficient: Vec<Lighter>,
    /// With `onvolledig` from the sufficiency test: the options answered `onbekend`.
    pub open_questions: Vec<Lighter>,
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

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub complete: bool,
    pub missing: Vec<String>,
    pub support: Support,
    pub bewind: BewindAdvice,
    pub debt_route: DebtRoute,
    pub deadlines: Deadlines,
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
    segment(&case.answers, &case.debts, checklists, policy, today)
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
    let a = effective_answers(case_answers, debts, checklists.schuldhulp.version);
    let missing = checklists.missing(&a);
    let mut annotations = Vec::new();

    let debt_route = debt_route(&a, !debts.is_empty(), policy);
    let bewind = bewind_advice(&a, debt_route.route, policy, &mut annotations);
    let support = support(&a, bewind.advice, policy, today, &mut annotations);
    never_exclude(&a, &mut annotations);
    let deadlines = deadlines::compute(&a, policy);

    Outcome {
        complete: missing.is_empty(),
        missing,
        support,
        bewind,
        debt_route,
        deadlines,
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

fn waiting_reason(ids: &[String]) -> String {
    format!("Nog niet te bepalen; wacht op: {}.", ids.join(", "))
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
            "Licht verstandelijke beperking ({lvb}, fn.lvb): pas de communicatie aan (eenvoudige \
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
                let review = today.checked_add_months(Months::new(3));
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
                        (true, true) => {
                            "laaggeletterd (fn.laaggeletterd) en geen zelfstandig gebruik van DigiD (fn.digid)"
                        }
                        (true, false) => "laaggeletterd (fn.laaggeletterd)",
                        _ => "geen zelfstandig gebruik van DigiD (fn.digid)",
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

fn bewind_advice(
    a: &Answers,
    route: Option<Route>,
    policy: &Policy,
    annotations: &mut Vec<String>,
) -> BewindAdvice {
    let mut out = BewindAdvice {
        advice: Advice::NietBeoordeeld,
        kind: None,
        sufficient: Vec::new(),
        open_questions: Vec::new(),
        first_year_cost: None,
        reasons: Vec::new(),
        waiting_for: Vec::new(),
    };
    if !a.is_started(BEWIND) {
        out.reasons.push(
            "De bewind-checklist is niet gestart: beschermingsbewind is niet beoordeeld."
                .to_string(),
        );
        return out;
    }

    let grond = multi(a, "bewind.grond");
    let geen = grond.is_some_and(|g| g.iter().any(|o| o == "geen"));
    let mut inputs: Vec<&str> = vec!["bewind.grond"];
    inputs.extend(NEEDS);
    inputs.push("bewind.eerder_lichter");
    if !geen {
        inputs.extend(Lighter::ALL.iter().map(|o| o.item()));
    }
    let waiting: Vec<String> = inputs
        .iter()
        .filter(|id| a.value(id).is_none())
        .map(|id| (*id).to_string())
        .collect();
    if !waiting.is_empty() {
        out.advice = Advice::Onvolledig;
        out.reasons.push(waiting_reason(&waiting));
        out.waiting_for = waiting;
        return out;
    }

    let needs: Vec<&str> = NEEDS.iter().copied().filter(|id| is_true(a, id)).collect();
    let need_text = needs
        .iter()
        .map(|id| format!("{} ({id})", need_label(id)))
        .collect::<Vec<_>>()
        .join(", ");

    // 1. No legal ground.
    if geen {
        out.advice = Advice::GeenGrond;
        out.reasons.push(
            "De grond (bewind.grond) is 'geen': er is geen wettelijke grond voor beschermingsbewind \
             (art. 1:431 BW)."
                .to_string(),
        );
        if !needs.is_empty() {
            annotations.push(format!(
                "Beschermingsbehoefte zonder wettelijke grond ({need_text}): bespreek dit in een casusoverleg."
            ));
        }
        return out;
    }
    // 2. No protection need.
    if needs.is_empty() {
        out.advice = Advice::NietNodig;
        out.reasons.push(
            "Geen van de beschermingsbehoeften (B2) is aanwezig: beschermingsbewind is niet nodig."
                .to_string(),
        );
        return out;
    }
    out.reasons
        .push(format!("Beschermingsbehoeften: {need_text}."));

    // 3. Effective sufficiency answers.
    let mut effective: Vec<(Lighter, String)> = Lighter::ALL
        .iter()
        .map(|&o| (o, choice(a, o.item()).unwrap_or("onbekend").to_string()))
        .collect();
    let misbruik = is_true(a, "behoefte.misbruik");
    let nieuw_instabiel =
        is_true(a, "behoefte.nieuwe_verplichtingen") && is_true(a, "behoefte.instabiel");
    if misbruik || nieuw_instabiel {
        let why = match (misbruik, nieuw_instabiel) {
            (true, true) => {
                "Er is risico op financieel misbruik (behoefte.misbruik) en de inwoner blijft nieuwe \
                 verplichtingen aangaan (behoefte.nieuwe_verplichtingen) in een instabiele situatie \
                 (behoefte.instabiel)"
            }
            (true, false) => "Er is risico op financieel misbruik (behoefte.misbruik)",
            _ => {
                "De inwoner blijft nieuwe verplichtingen aangaan (behoefte.nieuwe_verplichtingen) in een \
                 instabiele situatie (behoefte.instabiel)"
            }
        };
        out.reasons.push(format!(
            "{why}. Budgetcoaching, budgetbeheer, inkomensbeheer en het netwerk laten de inwoner \
             juridisch vrij en kunnen nieuwe verplichtingen of misbruik niet tegenhouden; rechters vonden \
             vaste lasten betalen plus hulp van familie in een instabiele situatie onvoldoende. Alle \
             lichtere voorzieningen tellen daarom als 'nee'."
        ));
        for (_, v) in &mut effective {
            *v = "nee".to_string();
        }
    } else if choice(a, "bewind.eerder_lichter") == Some("mislukt")
        && is_true(a, "behoefte.afspraken")
    {
        out.reasons.push(
            "Een lichtere voorziening is eerder mislukt (bewind.eerder_lichter) en de inwoner komt \
             vrijwillige afspraken niet na (behoefte.afspraken): budgetcoaching en budgetbeheer tellen \
             als 'nee'."
                .to_string(),
        );
        for (o, v) in &mut effective {
            if matches!(o, Lighter::Budgetcoaching | Lighter::Budgetbeheer) {
                *v = "nee".to_string();
            }
        }
    }
    let with = |want: &str| -> Vec<Lighter> {
        effective
            .iter()
            .filter(|(_, v)| v == want)
            .map(|(o, _)| *o)
            .collect()
    };
    let list = |os: &[Lighter]| os.iter().map(|o| o.label()).collect::<Vec<_>>().join(", ");

    // 4. A lighter provision is sufficient.
    let ja = with("ja");
    if !ja.is_empty() {
        out.advice = Advice::NietNodig;
        out.reasons.push(format!(
            "Toereikend volgens de toereikendheidstoets (B5): {}. De lichtste gaat voor; \
             beschermingsbewind is niet nodig.",
            list(&ja)
        ));
        out.sufficient = ja;
        return out;
    }
    // 5. Open questions.
    let onbekend = with("onbekend");
    if !onbekend.is_empty() {
        out.advice = Advice::Onvolledig;
        out.reasons.push(format!(
            "Nog onbekend of dit toereikend is: {}. Zoek dat eerst uit; pas daarna kan bewind worden \
             afgewogen.",
            list(&onbekend)
        ));
        out.open_questions = onbekend;
        return out;
    }
    // 6. Nothing lighter is enough.
    out.advice = Advice::Overwegen;
    let answers_text = effective
        .iter()
        .map(|(o, v)| format!("{}: {}", o.label(), v.replace('_', " ")))
        .collect::<Vec<_>>()
        .join(", ");
    out.reasons.push(format!(
        "Geen lichtere voorziening is toereikend ({answers_text}). Overweeg een verzoek tot \
         beschermingsbewind bij de kantonrechter; de rechter beslist, niet de gemeente."
    ));
    let grond = grond.unwrap_or_default();
    let toestand = grond
        .iter()
        .any(|g| g == "lichamelijk" || g == "geestelijk");
    let grond_text = grond.join(", ");
    if toestand {
        out.kind = Some(BewindKind::Toestandsbewind);
        out.reasons.push(format!(
            "Grond {grond_text} (bewind.grond): toestandsbewind, op grond van de lichamelijke of \
             geestelijke toestand."
        ));
    } else {
        out.kind = Some(BewindKind::Schuldenbewind);
        out.reasons.push(format!(
            "Grond {grond_text} (bewind.grond): schuldenbewind, wegens verkwisting of problematische \
             schulden; altijd voor bepaalde tijd."
        ));
    }
    let k = &policy.kosten_bewind;
    let with_debts = route.is_some_and(Route::is_problematic);
    let monthly = if with_debts {
        k.per_maand_schulden
    } else {
        k.per_maand
    };
    let cost = k.aanvang + Decimal::from(12) * monthly;
    out.first_year_cost = Some(cost);
    let tarief = match route {
        Some(r) if r.is_problematic() => {
            format!("tarief met problematische schulden, schuldroute {}", r.id())
        }
        Some(r) => format!(
            "tarief zonder problematische schulden, schuldroute {}",
            r.id()
        ),
        None => format!(
            "tarief zonder problematische schulden; de schuldroute is nog niet bekend, met \
             problematische schulden wordt het {}",
            euro(k.aanvang + Decimal::from(12) * k.per_maand_schulden)
        ),
    };
    out.reasons.push(format!(
        "Kosten eerste jaar: intake {} + 12 × {} ({tarief}) = {}.",
        euro(k.aanvang),
        euro(monthly),
        euro(cost)
    ));
    if is_true(a, "bewind.draagkracht_laag") {
        annotations.push(
            "Draagkracht laag (bewind.draagkracht_laag): de kosten van bewind vallen onder de \
             bijzondere bijstand."
                .to_string(),
        );
    }
    out
}

// ---- §3 debt route ---------------------------------------------------------------------------

/// The indicative Vtlb: round2(0.95 × norm) + max(0, lasten.wonen − basishuur), with the norm's
/// name; None when a household or housing input is unanswered.
pub fn vtlb(a: &Answers, policy: &Policy) -> Option<(Decimal, Vec<String>)> {
    let household = choice(a, "huishouden.type")?;
    let aow = boolean(a, "huishouden.pensioen")?;
    let wonen = eur(a, "lasten.wonen")?;
    let paar = matches!(household, "paar" | "paar_met_kinderen");
    let n = &policy.norm;
    let (norm, norm_name) = match (paar, aow) {
        (false, false) => (n.alleenstaand, "alleenstaand"),
        (true, false) => (n.paar, "paar"),
        (false, true) => (n.alleenstaand_aow, "alleenstaand met AOW-leeftijd"),
        (true, true) => (n.paar_aow, "paar met AOW-leeftijd"),
    };
    let part = money::round2(Decimal::new(95, 2) * norm);
    let extra = (wonen - policy.basishuur).max(Decimal::ZERO);
    let total = part + extra;
    let housing = if extra > Decimal::ZERO {
        format!(
            "plus de woonlasten boven de basishuur: {} − {} = {}",
            euro(wonen),
            euro(policy.basishuur),
            euro(extra)
        )
    } else {
        format!(
            "geen woonlastencorrectie: de woonlasten ({}) liggen niet boven de basishuur ({})",
            euro(wonen),
            euro(policy.basishuur)
        )
    };
    let indicatief = if policy.indicatief {
        " (indicatief)"
    } else {
        ""
    };
    Some((
        total,
        vec![format!(
            "Vtlb{indicatief} = 95% van de bijstandsnorm {norm_name} ({}) = {}, {housing}; samen {} per maand \
             (huishouden.type {household}, huishouden.pensioen {}).",
            euro(norm),
            euro(part),
            euro(total),
            if aow { "ja" } else { "nee" }
        )],
    ))
}

fn debt_route(a: &Answers, from_list: bool, policy: &Policy) -> DebtRoute {
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
    let computed = vtlb(a, policy).and_then(|(v, why)| netto.map(|n| (v, n - v, why, n)));

    if totaal == Some(Decimal::ZERO) {
        out.route = Some(Route::Geen);
        out.reasons.push(
            "Er zijn geen schulden (schulden.totaal is € 0,00): geen schuldroute nodig."
                .to_string(),
        );
        if let Some((v, cap, why, _)) = computed {
            out.vtlb = Some(v);
            out.repayment_capacity = Some(cap);
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
        computed,
    ) else {
        out.reasons.push(waiting_reason(&waiting));
        out.waiting_for = waiting;
        return out;
    };
    out.vtlb = Some(v);
    out.repayment_capacity = Some(cap);

    out.reasons.push(if from_list {
        format!(
            "Totale schuld {} volgens de schuldenlijst (schulden.totaal).",
            euro(totaal)
        )
    } else {
        format!("Totale schuld {} (schulden.totaal).", euro(totaal))
    });
    out.reasons.extend(why);
    out.reasons.push(format!(
        "Aflosruimte = netto inkomen {} (inkomen.netto) − Vtlb {} = {} per maand.",
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
             groeien niet (schulden.trend {trend}) en er ligt geen beslag: een betalingsregeling met de \
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
        why.push("de schulden groeien (schulden.trend)".to_string());
    }
    if beslag {
        why.push("er ligt beslag op inkomen of rekening (schulden.beslag)".to_string());
    }
    out.reasons.push(format!(
        "De schulden zijn problematisch: {}.",
        why.join("; ")
    ));

    if s == 1 {
        out.route = Some(Route::Dfd);
        out.reasons.push(
            "Stabiliteit S = 1 (fn.stabiliteit): eerst stabiliseren met duurzame financiële \
             dienstverlening (DFD); een schuldregeling is nu nog niet haalbaar."
                .to_string(),
        );
    } else if groeiend || s == 2 {
        out.route = Some(Route::Stabilisatie);
        let why = if groeiend {
            "De schulden groeien nog".to_string()
        } else {
            "Stabiliteit S = 2 (fn.stabiliteit)".to_string()
        };
        out.reasons.push(format!(
            "{why}: eerst stabilisatie (hooguit 4 maanden) om inkomen en uitgaven in evenwicht te \
             brengen, daarna een schuldregeling."
        ));
    } else {
        out.route = Some(Route::Schuldregeling);
        out.reasons.push(format!(
            "Stabiel genoeg (fn.stabiliteit S = {s}, schulden.trend {trend}): een schuldregeling van \
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
        let which: Vec<&str> = CRISIS.iter().copied().filter(|id| is_true(a, id)).collect();
        out.reasons.push(format!(
            "Er is een bedreigende situatie ({}): overweeg een moratorium (afkoelingsperiode).",
            which.join(", ")
        ));
    }
    out
}

// ---- §4 annotations that never exclude -------------------------------------------------------

const NO_EXCLUSION: &str = "geen uitsluitingsgrond: individuele afweging";

fn never_exclude(a: &Answers, out: &mut Vec<String>) {
    if choice(a, "huishouden.woonsituatie") == Some("koop") {
        out.push(format!(
            "Koopwoning (huishouden.woonsituatie): {NO_EXCLUSION}."
        ));
    }
    if is_true(a, "huishouden.echtscheiding") {
        out.push(format!(
            "Lopende echtscheiding of verbreking samenwonen (huishouden.echtscheiding): {NO_EXCLUSION}."
        ));
    }
    if is_true(a, "huishouden.ondernemer") {
        out.push(format!(
            "(Ex-)ondernemer of zzp'er (huishouden.ondernemer): {NO_EXCLUSION}. De crisisinterventie \
             krijgt 4 weken in plaats van 2."
        ));
    }
    let bron_geen = multi(a, "inkomen.bron").is_some_and(|b| b.iter().any(|o| o == "geen"));
    let netto_nul = eur(a, "inkomen.netto") == Some(Decimal::ZERO);
    if bron_geen || netto_nul {
        let which = match (bron_geen, netto_nul) {
            (true, true) => "inkomen.bron 'geen', inkomen.netto € 0,00",
            (true, false) => "inkomen.bron 'geen'",
            _ => "inkomen.netto € 0,00",
        };
        out.push(format!("Geen inkomen ({which}): {NO_EXCLUSION}."));
    }
    if choice(a, "melding.route") == Some("vroegsignaal")
        && a.value("melding.eerste_gesprek").is_none()
    {
        out.push(format!(
            "Vroegsignaal zonder eerste gesprek (melding.route, melding.eerste_gesprek): bied de inwoner \
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
            "Eindeleveringssignaal van de energieleverancier (crisis.eindeleveringssignaal): op zichzelf \
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
        "deadlines": {
            "eerste_gesprek": date_json(d.eerste_gesprek),
            "crisis_afgerond": date_json(d.crisis_afgerond),
            "beschikking": date_json(d.beschikking),
            "bewind_melding": date_json(d.bewind_melding),
            "bewind_plan": date_json(d.bewind_plan),
        },
        "annotations": o.annotations,
    })
}
