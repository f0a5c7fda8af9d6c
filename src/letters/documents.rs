//! What each document offers its template: the field lists (checked when a template loads) and
//! the values taken from a case, its outcome and the policy. Pure: no store, no clock, no files.
//!
//! A document that needs something the case lacks says so in Dutch and gives no text at all.

use super::Soort;
use super::template::{Field, Rec, Record, flag, list, markdown, text};
use crate::app::Env;
use crate::domain::answers::{Answers, Value};
use crate::domain::calendar::Calendar;
use crate::domain::case::Case;
use crate::domain::checklist::{BEWIND, SCHULDHULP};
use crate::domain::deadlines::{self, Urgency};
use crate::domain::history::Event;
use crate::domain::money;
use crate::domain::policy::MAANDEN;
use crate::domain::report::route_label;
use crate::domain::segment::{Lighter, Outcome};
use chrono::{Datelike, Days, NaiveDate};

/// A document cannot be made: what is missing, one Dutch sentence each.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{soort} kan niet worden gemaakt: {}", .missing.join("; "))]
pub struct Ontbreekt {
    pub soort: &'static str,
    pub missing: Vec<String>,
}

const TEKST: &[Field] = &[text("tekst")];
const TERMIJN: &[Field] = &[text("termijn"), text("datum"), text("stand")];
const DOCUMENT: &[Field] = &[text("document"), text("uitleg")];
const LICHTER: &[Field] = &[
    text("voorziening"),
    text("antwoord"),
    text("oordeel"),
    flag("toereikend"),
];

macro_rules! fields {
    ($($extra:expr),* $(,)?) => {
        &[
            text("gemeente.naam"),
            text("gemeente.adres"),
            text("gemeente.contact"),
            text("datum"),
            text("zaak.nummer"),
            text("inwoner.naam"),
            text("inwoner.adres"),
            text("inwoner.geboortedatum"),
            text("medewerker"),
            $($extra),*
        ]
    };
}

pub const BESCHIKKING_FIELDS: &[Field] = fields![
    text("hulpvraag"),
    flag("toelating"),
    flag("afwijzing"),
    text("afwijzing.reden"),
    text("voorziening"),
    text("voorziening.uitleg"),
    list("aanvullend", TEKST),
    flag("afwijkend"),
    text("afwijkend.reden"),
    text("voorstel"),
    text("schuldroute"),
    text("schuldroute.uitleg"),
    flag("bewind.overwegen"),
    text("melding.datum"),
    text("eerste_gesprek"),
    flag("voorlopig"),
    list("redenen", TEKST),
    list("aandachtspunten", TEKST),
    list("termijnen", TERMIJN),
    list("documenten", DOCUMENT),
    list("documenten.loket", DOCUMENT),
    text("beslistermijn_weken"),
    text("bezwaar.uiterlijk"),
    text("bezwaar.adres"),
];

pub const ADVIES_FIELDS: &[Field] = fields![
    list("gronden", TEKST),
    text("verzoeker"),
    text("deskundigenverklaring"),
    flag("lopend"),
    text("startdatum"),
    list("behoeften", TEKST),
    text("eerder_lichter"),
    text("eerder_toelichting"),
    list("lichter", LICHTER),
    text("toelichting"),
    list("redenen", TEKST),
    text("advies"),
    text("advies.uitleg"),
    text("vorm"),
    text("kosten.eerste_jaar"),
    text("kosten.aanvang"),
    text("kosten.per_maand"),
    text("kosten.per_maand_schulden"),
    flag("bijzondere_bijstand"),
    list("aandachtspunten", TEKST),
];

pub const DOCUMENTEN_FIELDS: &[Field] = fields![
    list("mee", DOCUMENT),
    list("loket", DOCUMENT),
    list("aanwezig", DOCUMENT),
];

/// The sections of the generated intakeverslag, each its own Markdown field (heading included),
/// so a municipality can leave one out or change the order: (field, heading it starts with).
pub const VERSLAG_SECTIONS: &[(&str, &str)] = &[
    ("verslag.voorlopig", ""),
    ("verslag.client", "Cliënt"),
    ("verslag.huishouden", "Huishouden"),
    ("verslag.inkomen", "Inkomen en vaste lasten"),
    ("verslag.schulden", "Schulden"),
    ("verslag.voorstel", "Voorstel"),
    ("verslag.bewind", "Beschermingsbewind"),
    ("verslag.schuldroute", "Schuldroute"),
    ("verslag.aandachtspunten", "Aandachtspunten"),
    ("verslag.besluit", "Besluit"),
    ("verslag.termijnen", "Termijnen"),
    ("verslag.documenten", "Nog aan te leveren documenten"),
    ("verslag.open_vragen", "Nog te beantwoorden"),
    ("verslag.antwoorden", "Antwoorden per onderdeel"),
    ("verslag.notities", "Notities"),
    ("verslag.verloop", "Verloop"),
    ("verslag.ondertekening", "Ondertekening"),
];

pub const INTAKEVERSLAG_FIELDS: &[Field] = fields![
    markdown("verslag"),
    markdown("verslag.voorlopig"),
    markdown("verslag.client"),
    markdown("verslag.huishouden"),
    markdown("verslag.inkomen"),
    markdown("verslag.schulden"),
    markdown("verslag.voorstel"),
    markdown("verslag.bewind"),
    markdown("verslag.schuldroute"),
    markdown("verslag.aandachtspunten"),
    markdown("verslag.besluit"),
    markdown("verslag.termijnen"),
    markdown("verslag.documenten"),
    markdown("verslag.open_vragen"),
    markdown("verslag.antwoorden"),
    markdown("verslag.notities"),
    markdown("verslag.verloop"),
    markdown("verslag.ondertekening"),
];

/// Splits the report body at its `## ` headings into the fields of [`VERSLAG_SECTIONS`]; the
/// text before the first heading is `verslag.voorlopig`. A heading that matches no section is
/// kept with the section before it, so nothing is ever lost.
pub fn verslag_sections(body: &str) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = vec![("verslag.voorlopig", String::new())];
    for line in body.split_inclusive('\n') {
        if let Some(h) = line.strip_prefix("## ")
            && let Some((field, _)) = VERSLAG_SECTIONS
                .iter()
                .skip(1)
                .find(|(_, start)| h.starts_with(start))
        {
            out.push((field, String::new()));
        }
        if let Some((_, text)) = out.last_mut() {
            text.push_str(line);
        }
    }
    out
}

/// The placeholders when the policy has no `[gemeente]` table.
pub const GEEN_NAAM: &str = "[Naam van de gemeente]";
pub const GEEN_ADRES: &str =
    "[Adres van de gemeente: vul de tabel [gemeente] in het beleidsbestand in]";

/// The municipality's name and address for the letterhead (placeholders when not set).
pub fn gemeente(env: &Env) -> (String, String) {
    match &env.policy.gemeente {
        Some(g) => (
            non_empty(&g.naam).unwrap_or(GEEN_NAAM).to_string(),
            non_empty(&g.adres).unwrap_or(GEEN_ADRES).to_string(),
        ),
        None => (GEEN_NAAM.into(), GEEN_ADRES.into()),
    }
}

fn non_empty(s: &str) -> Option<&str> {
    let t = s.trim();
    (!t.is_empty()).then_some(t)
}

/// "24 november 2026".
pub fn long_date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MAANDEN[d.month0() as usize], d.year())
}

fn common(case: &Case, env: &Env) -> Rec {
    let (naam, adres) = gemeente(env);
    let contact = env
        .policy
        .gemeente
        .as_ref()
        .and_then(|g| g.contactpersonen.first())
        .map(|c| {
            [c.naam.as_str(), c.telefoon.as_str(), c.email.as_str()]
                .into_iter()
                .filter(|s| !s.trim().is_empty())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    let c = &case.client;
    Rec::new()
        .text("gemeente.naam", naam)
        .text("gemeente.adres", adres)
        .text("gemeente.contact", contact)
        .text("datum", long_date(env.today))
        .text("zaak.nummer", case.case_id.clone())
        .text("inwoner.naam", c.name.clone())
        .text("inwoner.adres", c.address.clone().unwrap_or_default())
        .text(
            "inwoner.geboortedatum",
            c.birth_date.map(long_date).unwrap_or_default(),
        )
        .text("medewerker", env.user.clone())
}

fn answer_text(answers: &Answers, env: &Env, item: &str) -> String {
    answers
        .value(item)
        .map(|v| match v {
            Value::Text(t) => t.clone(),
            v => env.checklists.value_text(item, v),
        })
        .unwrap_or_default()
}

fn date_answer(answers: &Answers, item: &str) -> String {
    answers
        .value(item)
        .and_then(Value::as_date)
        .map(long_date)
        .unwrap_or_default()
}

fn is_item_id(word: &str) -> bool {
    word.contains('.')
        && !word.ends_with('.')
        && word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_')
}

/// An engine reason for a letter: the checklist item ids it names for the screener ("(schulden.beslag)")
/// are left out; the words stay.
pub fn plain_reason(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find(" (") {
        let Some(close) = rest[open..].find(')').map(|c| open + c) else {
            break;
        };
        let inner = &rest[open + 2..close];
        let kept: Vec<&str> = inner
            .split(", ")
            .filter(|part| !part.split_whitespace().next().is_some_and(is_item_id))
            .collect();
        out.push_str(&rest[..open]);
        if !kept.is_empty() {
            out.push_str(" (");
            out.push_str(&kept.join(", "));
            out.push(')');
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

fn plain_reasons(reasons: &[String]) -> Vec<String> {
    reasons.iter().map(|r| plain_reason(r)).collect()
}

/// A provision explained in plain words (B1), by its id.
fn provision_uitleg(id: &str) -> &'static str {
    match id {
        "informatie_advies" => {
            "U krijgt informatie en advies over uw geldzaken. U regelt uw geldzaken zelf."
        }
        "thuisadministratie" => {
            "Een vrijwilliger helpt u thuis om uw post en papieren op orde te houden."
        }
        "budgetcoaching" => "Een coach helpt u om zelf uw geld te leren beheren.",
        "budgetbeheer_basis" => {
            "Uw inkomen komt op een rekening die voor u wordt beheerd. Daarvan worden uw vaste \
             lasten betaald, zoals huur en energie. Het geld dat overblijft krijgt u zelf."
        }
        "budgetbeheer_totaal" => {
            "Uw inkomen komt op een rekening die voor u wordt beheerd. Daarvan worden al uw \
             rekeningen betaald, en u krijgt elke week leefgeld."
        }
        "beschermingsbewind" => {
            "Een bewindvoerder beheert uw geld en uw spullen. Dat beslist de kantonrechter. U \
             heeft dan zelf geen zeggenschap meer over uw geld."
        }
        _ => "",
    }
}

fn route_uitleg(id: &str) -> &'static str {
    match id {
        "geen" => "U heeft geen schulden waarvoor een regeling nodig is.",
        "betalingsregeling" => {
            "U kunt uw schulden zelf afbetalen met een betalingsregeling. Wij helpen u die met \
             uw schuldeisers af te spreken."
        }
        "stabilisatie" => {
            "Eerst brengen wij uw inkomen en uitgaven in evenwicht (stabilisatie, hoogstens 4 \
             maanden). Daarna volgt een schuldregeling."
        }
        "schuldregeling" => {
            "Wij vragen uw schuldeisers om mee te werken aan een schuldregeling. U betaalt dan 18 \
             maanden zoveel als u kunt. Daarna vervalt de rest van uw schulden."
        }
        "dfd" => {
            "Een schuldregeling is nu nog niet mogelijk. Wij houden uw geldzaken stabiel \
             (duurzame financiële dienstverlening) tot dat wel kan."
        }
        _ => "",
    }
}

/// What a document of A5 is, in plain words (B1).
fn document_uitleg(id: &str) -> &'static str {
    match id {
        "doc.id" => "Uw paspoort of identiteitskaart. Een rijbewijs is niet genoeg.",
        "doc.bankafschriften" => {
            "Afschriften van al uw bankrekeningen van de laatste 3 maanden. Ook van een \
             spaarrekening."
        }
        "doc.inkomen" => {
            "Bewijs van uw inkomen: uw laatste loonstrook of de brief over uw uitkering."
        }
        "doc.woonlasten" => {
            "Bewijs van uw huur of hypotheek, bijvoorbeeld uw huurcontract of de laatste \
             huurverhoging."
        }
        "doc.zorgpolis" => "Uw zorgpolis: de papieren van uw zorgverzekering voor dit jaar.",
        "doc.toeslagen" => {
            "De brieven van Dienst Toeslagen over huurtoeslag, zorgtoeslag of kindgebonden budget."
        }
        "doc.schuldenoverzicht" => {
            "Alle brieven van bedrijven of mensen aan wie u geld moet betalen. Ook brieven van \
             een deurwaarder of incassobureau."
        }
        "doc.echtscheiding" => {
            "Papieren over uw scheiding, bijvoorbeeld het convenant of de brief van de advocaat."
        }
        _ => "",
    }
}

/// The A5 documents with a given answer, as (label, plain explanation) records.
fn documents(answers: &Answers, env: &Env, state: &str) -> Vec<Record> {
    env.checklists
        .schuldhulp
        .items()
        .filter(|i| i.id.starts_with("doc."))
        .filter(|i| answers.get(SCHULDHULP, &i.id).and_then(Value::as_choice) == Some(state))
        .map(|i| {
            let uitleg = match document_uitleg(&i.id) {
                "" => i.label.clone(),
                s => s.to_string(),
            };
            Rec::new()
                .text("document", i.label.clone())
                .text("uitleg", uitleg)
                .0
        })
        .collect()
}

fn termijnen(case: &Case, answers: &Answers, env: &Env) -> Vec<Record> {
    // Met / late / open from the traject's own dates (TRAJECT.md), as on the case screen.
    crate::app::summary::due(case, answers, env)
        .into_iter()
        .map(|i| {
            let stand = match i.met_on {
                Some(m) if i.met_late() => format!("gehaald op {}, te laat", long_date(m)),
                Some(m) => format!("gehaald op {}", long_date(m)),
                None => match deadlines::urgency(&i, env.today) {
                    Urgency::Verlopen => "verlopen".to_string(),
                    _ => "open".to_string(),
                },
            };
            Rec::new()
                .text("termijn", i.kind.label())
                .text("datum", long_date(i.due))
                .text("stand", stand)
                .0
        })
        .collect()
}

/// The last day to object: six weeks after the day the letter is sent (Awb art. 6:7), moved to
/// the next working day when it ends on a weekend or holiday (Algemene termijnenwet).
pub fn bezwaar_uiterlijk(env: &Env) -> NaiveDate {
    let end = env
        .today
        .checked_add_days(Days::new(42))
        .unwrap_or(env.today);
    Calendar::new(&env.policy.extra_vrije_dagen)
        .roll_forward(end)
        .unwrap_or(end)
}

/// The beschikking. `afwijzing`: the refusal the screener wrote (a human decision; the engine
/// never refuses). Without it, the recorded decision is the toelating.
pub fn beschikking(
    case: &Case,
    outcome: &Outcome,
    env: &Env,
    afwijzing: Option<&str>,
) -> Result<Record, Ontbreekt> {
    let answers = case.effective_answers(env.checklists.schuldhulp.version);
    let afwijzing = afwijzing.map(str::trim).filter(|r| !r.is_empty());
    let decision = case.decision.as_ref();
    if decision.is_none() && afwijzing.is_none() {
        return Err(Ontbreekt {
            soort: Soort::Beschikking.title(),
            missing: vec![
                "er is nog geen besluit vastgelegd: neem op het scherm Advies (toets a) het \
                 voorstel over of besluit anders met een reden; een afwijzing schrijft u zelf \
                 (loket brief beschikking ZAAK --afwijzing \"reden\")"
                    .into(),
            ],
        });
    }
    let (naam, adres) = gemeente(env);
    let mut redenen: Vec<String> = Vec::new();
    let mut rec = common(case, env)
        .flag("toelating", afwijzing.is_none())
        .flag("afwijzing", afwijzing.is_some())
        .text("afwijzing.reden", afwijzing.unwrap_or_default());
    if afwijzing.is_none()
        && let Some(d) = decision
    {
        let adds: Vec<&str> = outcome
            .support
            .additions
            .iter()
            .map(|p| env.policy.name(*p))
            .collect();
        rec = rec
            .text("voorziening", env.policy.name(d.decided))
            .text("voorziening.uitleg", provision_uitleg(d.decided.id()))
            .texts("aanvullend", &adds)
            .flag("afwijkend", d.is_override())
            .text("afwijkend.reden", d.reason.clone().unwrap_or_default())
            .text(
                "voorstel",
                d.proposed.map(|p| env.policy.name(p)).unwrap_or_default(),
            )
            .flag(
                "bewind.overwegen",
                d.decided == crate::domain::provision::Provision::Beschermingsbewind,
            );
        redenen.extend(outcome.support.reasons.iter().cloned());
        if d.decided == crate::domain::provision::Provision::Beschermingsbewind {
            redenen.extend(outcome.bewind.reasons.iter().cloned());
        }
    } else {
        rec = rec
            .text("voorziening", "")
            .text("voorziening.uitleg", "")
            .texts::<&str>("aanvullend", &[])
            .flag("afwijkend", false)
            .text("afwijkend.reden", "")
            .text("voorstel", "")
            .flag("bewind.overwegen", false);
    }
    let (route, route_text) = match outcome.debt_route.route {
        Some(r) if afwijzing.is_none() => (route_label(r).to_string(), route_uitleg(r.id())),
        _ => (String::new(), ""),
    };
    if afwijzing.is_none() {
        redenen.extend(outcome.debt_route.reasons.iter().cloned());
    }
    let rec = rec
        .text("schuldroute", route)
        .text("schuldroute.uitleg", route_text)
        .text("hulpvraag", answer_text(&answers, env, "hulpvraag"))
        .text("melding.datum", date_answer(&answers, "melding.datum"))
        .text(
            "eerste_gesprek",
            date_answer(&answers, "melding.eerste_gesprek"),
        )
        .flag("voorlopig", !outcome.complete && afwijzing.is_none())
        .texts("redenen", &plain_reasons(&redenen))
        .texts("aandachtspunten", &plain_reasons(&outcome.annotations))
        .list("termijnen", termijnen(case, &answers, env))
        .list("documenten", documents(&answers, env, "opgevraagd"))
        .list("documenten.loket", documents(&answers, env, "via_loket"))
        .text(
            "beslistermijn_weken",
            env.policy.beslistermijn_weken.to_string(),
        )
        .text("bezwaar.uiterlijk", long_date(bezwaar_uiterlijk(env)))
        .text(
            "bezwaar.adres",
            format!("het college van burgemeester en wethouders van {naam}, {adres}"),
        );
    Ok(rec.0)
}

fn lighter_label(l: Lighter) -> &'static str {
    match l.id() {
        "netwerk" => "Hulp uit het eigen netwerk",
        "budgetcoaching" => "Budgetcoaching",
        "inkomensbeheer" => "Inkomensbeheer",
        _ => "Budgetbeheer",
    }
}

/// The advice to the kantonrechter on a request for beschermingsbewind.
pub fn advies(case: &Case, outcome: &Outcome, env: &Env) -> Result<Record, Ontbreekt> {
    let soort = Soort::Advies.title();
    let answers = case.effective_answers(env.checklists.schuldhulp.version);
    if !answers.is_started(BEWIND) {
        return Err(Ontbreekt {
            soort,
            missing: vec![
                "de vragenlijst bewind is niet gestart: start die op het zaakscherm (toets 2) en \
                 vul de toereikendheidstoets in"
                    .into(),
            ],
        });
    }
    let advice = outcome.bewind.advice.id();
    if advice == "niet_beoordeeld" || advice == "onvolledig" {
        let mut missing: Vec<String> = outcome
            .missing
            .iter()
            .filter(|id| {
                env.checklists
                    .find_item(id)
                    .is_some_and(|(c, _)| c.id == BEWIND)
            })
            .map(|id| {
                let label = env
                    .checklists
                    .find_item(id)
                    .map_or(id.as_str(), |(_, i)| i.label.as_str());
                format!("{label} ({id})")
            })
            .collect();
        for l in &outcome.bewind.open_questions {
            missing.push(format!(
                "{} is nog 'onbekend' ({})",
                lighter_label(*l),
                l.item()
            ));
        }
        if missing.is_empty() {
            missing.push("de toereikendheidstoets is nog niet af".into());
        }
        return Err(Ontbreekt {
            soort,
            missing: vec![format!(
                "de vragenlijst bewind is nog niet compleet; nog nodig: {}",
                missing.join(", ")
            )],
        });
    }
    let (headline, uitleg) = match advice {
        "overwegen" => (
            "De gemeente adviseert het verzoek tot beschermingsbewind toe te wijzen.",
            "Geen lichtere voorziening is passend en toereikend om de inwoner te beschermen.",
        ),
        "niet_nodig" => (
            "De gemeente adviseert het verzoek tot beschermingsbewind af te wijzen.",
            "Een lichtere voorziening is passend en toereikend; beschermingsbewind is dan niet \
             nodig.",
        ),
        "geen_grond" => (
            "De gemeente adviseert het verzoek tot beschermingsbewind af te wijzen.",
            "Er is geen grond als bedoeld in artikel 1:431 BW.",
        ),
        "voortzetten" => (
            "De gemeente adviseert het lopende beschermingsbewind voort te zetten.",
            "Geen lichtere voorziening is passend en toereikend.",
        ),
        "uitstroom" => (
            "De gemeente adviseert het lopende beschermingsbewind te beëindigen.",
            "Een lichtere voorziening kan het bewind overnemen.",
        ),
        _ => ("", ""),
    };
    let grond: Vec<String> = answers
        .value("bewind.grond")
        .and_then(Value::as_multi)
        .map(|g| {
            g.iter()
                .map(|id| {
                    env.checklists
                        .value_text("bewind.grond", &Value::Multi(vec![id.clone()]))
                })
                .collect()
        })
        .unwrap_or_default();
    let behoeften: Vec<String> = env
        .checklists
        .bewind
        .items()
        .filter(|i| i.id.starts_with("behoefte."))
        .filter(|i| answers.value(&i.id).and_then(Value::as_bool) == Some(true))
        .map(|i| i.label.clone())
        .collect();
    let lichter: Vec<Record> = Lighter::ALL
        .into_iter()
        .map(|l| {
            let given = answers.value(l.item()).and_then(Value::as_choice);
            let toereikend = outcome.bewind.sufficient.contains(&l);
            let oordeel = if toereikend {
                "toereikend"
            } else if outcome.bewind.open_questions.contains(&l) {
                "nog niet bekend"
            } else {
                match given {
                    Some("ja") => {
                        "telt niet als toereikend: een vrijwillige voorziening kan de risico's \
                         hierboven niet keren (zie de afweging)"
                    }
                    Some("nee") => "niet toereikend",
                    Some("niet_beschikbaar") => "niet beschikbaar",
                    Some(_) => "nog niet bekend",
                    None => "niet beoordeeld",
                }
            };
            Rec::new()
                .text("voorziening", lighter_label(l))
                .text("antwoord", answer_text(&answers, env, l.item()))
                .text("oordeel", oordeel)
                .flag("toereikend", toereikend)
                .0
        })
        .collect();
    // Rules v2: the fees of the policy period in force on the day the letter is made.
    let k = &env.policy.periode(env.today).periode.kosten_bewind;
    let kind = outcome
        .bewind
        .kind
        .map(|k| match k.id() {
            "toestandsbewind" => {
                "toestandsbewind (vanwege de lichamelijke of geestelijke toestand)"
            }
            _ => "schuldenbewind (vanwege verkwisting of problematische schulden, voor bepaalde tijd)",
        })
        .unwrap_or_default();
    let rec = common(case, env)
        .texts("gronden", &grond)
        .text("verzoeker", answer_text(&answers, env, "bewind.verzoeker"))
        .text(
            "deskundigenverklaring",
            answer_text(&answers, env, "bewind.deskundigenverklaring"),
        )
        .flag(
            "lopend",
            answers.value("bewind.lopend").and_then(Value::as_bool) == Some(true),
        )
        .text("startdatum", date_answer(&answers, "bewind.startdatum"))
        .texts("behoeften", &behoeften)
        .text(
            "eerder_lichter",
            answer_text(&answers, env, "bewind.eerder_lichter"),
        )
        .text(
            "eerder_toelichting",
            answer_text(&answers, env, "bewind.eerder_toelichting"),
        )
        .list("lichter", lichter)
        .text(
            "toelichting",
            answer_text(&answers, env, "toereikend.toelichting"),
        )
        .texts("redenen", &plain_reasons(&outcome.bewind.reasons))
        .text("advies", headline)
        .text("advies.uitleg", uitleg)
        .text("vorm", kind)
        .text(
            "kosten.eerste_jaar",
            outcome
                .bewind
                .first_year_cost
                .map(money::to_display)
                .unwrap_or_default(),
        )
        .text("kosten.aanvang", money::to_display(k.aanvang))
        .text("kosten.per_maand", money::to_display(k.per_maand))
        .text(
            "kosten.per_maand_schulden",
            money::to_display(k.per_maand_schulden),
        )
        .flag(
            "bijzondere_bijstand",
            answers
                .value("bewind.draagkracht_laag")
                .and_then(Value::as_bool)
                == Some(true),
        )
        .texts("aandachtspunten", &plain_reasons(&outcome.annotations));
    Ok(rec.0)
}

/// The list of documents for the client (B1).
pub fn documentenlijst(case: &Case, env: &Env) -> Result<Record, Ontbreekt> {
    let answers = case.effective_answers(env.checklists.schuldhulp.version);
    let mee = documents(&answers, env, "opgevraagd");
    let loket = documents(&answers, env, "via_loket");
    if mee.is_empty() && loket.is_empty() {
        return Err(Ontbreekt {
            soort: Soort::Documenten.title(),
            missing: vec![
                "er staat geen document open: in de vragenlijst schuldhulp (A5 Documenten) is \
                 niets 'opgevraagd' of 'via het loket'"
                    .into(),
            ],
        });
    }
    Ok(common(case, env)
        .list("mee", mee)
        .list("loket", loket)
        .list("aanwezig", documents(&answers, env, "aanwezig"))
        .0)
}

/// The intakeverslag: the generated report inside the municipality's frame.
pub fn intakeverslag(case: &Case, outcome: &Outcome, history: &[Event], env: &Env) -> Record {
    let md = crate::app::intake_report::intake_report(case, outcome, history, env);
    // The template carries the title; the report's own first heading is dropped.
    let body = md
        .strip_prefix("# Intakeverslag schuldhulpverlening\n")
        .unwrap_or(&md)
        .to_string();
    let mut rec = common(case, env);
    for (field, _) in VERSLAG_SECTIONS {
        rec = rec.markdown(field, "");
    }
    for (field, text) in verslag_sections(&body) {
        rec = rec.markdown(field, text);
    }
    rec.markdown("verslag", body).0
}
