//! The inzage (art. 15 AVG): everything loket holds on one person, in plain Dutch, for that
//! person — the client record (BSN in full: it is their own data), every answer with its label,
//! the debts, the proposal and decision with their reasons, the traject, the whole history with
//! old and new values, the access log, and where the data went.
//!
//! Pure: the case, its history and access log come in; Markdown goes out, which `render` lays
//! out as PDF or text with the same writers as the letters. No template: the content is the law's
//! list, not the municipality's wording.
//!
//! Decisions:
//! - A partner's data is someone else's: only the partner's name and a masked BSN are shown.
//! - Times are in the desk's local offset; the role in the access log is the reader's role at
//!   the moment of access (for entries from before loket kept it: as the team database knows
//!   the user now).

use super::markup;
use super::pdf::{self, Letterhead};
use super::plain;
use super::template::escape as esc;
use crate::app::Env;
use crate::app::intake_report::value_text;
use crate::app::intake_report::{date, heading, line};
use crate::domain::case::{Case, debt_totals};
use crate::domain::checklist::Checklists;
use crate::domain::history::{Change, Event};
use crate::domain::money;
use crate::domain::role::Role;
use crate::domain::segment::Outcome;
use crate::domain::traject;
use crate::format::labels;
use crate::store::{AccessEntry, AccessPurpose};
use chrono::{DateTime, Utc};

/// Everything the inzage shows.
pub struct InzageInput<'a> {
    pub case: &'a Case,
    pub outcome: &'a Outcome,
    pub history: &'a [Event],
    /// The access log, oldest first, each with the reader's role then (or as known now for
    /// older entries; None: the store has no roles, or the user is no longer known).
    pub access: &'a [(AccessEntry, Option<Role>)],
    /// Whether the store has roles (a team database).
    pub team: bool,
    pub env: &'a Env,
    pub made_at: DateTime<Utc>,
}

/// The default file name: `inzage-<zaaknummer>.pdf`.
pub fn default_file_name(case_id: &str) -> String {
    format!(
        "inzage-{}.pdf",
        crate::format::file_name::file_stem(case_id)
    )
}

/// The inzage laid out as PDF or as plain text.
pub fn render(md: &str, case: &Case, env: &Env, format: super::Format) -> Vec<u8> {
    let (naam, adres) = super::documents::gemeente(env);
    let head = Letterhead {
        naam,
        adres,
        title: format!("Inzage {}", case.case_id),
        footer: format!("Inzage · zaak {}", case.case_id),
    };
    let blocks = markup::parse(md);
    match format {
        super::Format::Pdf => pdf::write(&blocks, &head),
        super::Format::Text => plain::write(&blocks, &head).into_bytes(),
    }
}

fn moment(env: &Env, at: DateTime<Utc>) -> String {
    at.with_timezone(&env.offset)
        .format("%d-%m-%Y %H:%M")
        .to_string()
}

fn dash(s: Option<&str>) -> String {
    s.filter(|s| !s.trim().is_empty())
        .map_or_else(|| "—".to_string(), esc)
}

fn table(w: &mut String, rows: &[(&str, String)]) {
    line(w, "| | |");
    line(w, "|---|---|");
    for (k, v) in rows {
        line(w, &format!("| {k} | {v} |"));
    }
    line(w, "");
}

fn bullets(w: &mut String, items: &[String]) {
    for i in items {
        line(w, &format!("- {}", esc(i)));
    }
    if !items.is_empty() {
        line(w, "");
    }
}

/// The inzage as Markdown (the subset of `markup`).
pub fn markdown(input: &InzageInput) -> String {
    let (case, env) = (input.case, input.env);
    let mut m = String::new();
    let w = &mut m;
    line(w, "# Inzage in uw gegevens");
    line(w, "");
    line(
        w,
        &format!(
            "U hebt gevraagd welke gegevens wij over u bewaren (artikel 15 van de Algemene \
             verordening gegevensbescherming, AVG). Hieronder staat alles wat het programma loket \
             over u heeft in zaak **{}**, opgemaakt op {}.",
            esc(&case.case_id),
            moment(env, input.made_at)
        ),
    );
    line(w, "");
    client(w, case);
    case_part(w, case);
    answers(w, case, &env.checklists);
    debts(w, case);
    outcome(w, case, input.outcome, env);
    traject_part(w, case);
    notes(w, case, env);
    history(w, input.history, env);
    access(w, input, env);
    destinations(w, input, env);
    rights(w);
    m
}

fn client(w: &mut String, case: &Case) {
    heading(w, "Uw persoonsgegevens");
    let c = &case.client;
    let huisnummer = match (&c.huisnummer, &c.huisnummertoevoeging) {
        (Some(n), Some(t)) => Some(format!("{n} {t}")),
        (Some(n), None) => Some(n.clone()),
        _ => None,
    };
    table(
        w,
        &[
            ("Naam", dash(Some(c.name.as_str()))),
            ("Geboortedatum", c.birth_date.map_or("—".into(), date)),
            (
                "Burgerservicenummer (BSN)",
                dash(c.bsn.as_ref().map(|b| b.as_str())),
            ),
            ("Telefoon", dash(c.phone.as_deref())),
            ("Adres", dash(c.address.as_deref())),
            ("Geslacht", dash(c.geslacht.map(|g| g.id()))),
            ("Postcode", dash(c.postcode.as_deref())),
            ("Huisnummer", dash(huisnummer.as_deref())),
        ],
    );
    if let Some(p) = &c.partner {
        line(
            w,
            &format!(
                "Uw (ex-)partner, die samen met u voor schulden aansprakelijk is: {}. \
                 Van uw partner tonen wij hier alleen de naam{}; de andere gegevens zijn niet van u.",
                dash(p.name.as_deref()),
                p.bsn
                    .as_ref()
                    .map(|b| format!(" en het afgeschermde BSN {}", b.masked()))
                    .unwrap_or_default()
            ),
        );
        line(w, "");
    }
}

fn case_part(w: &mut String, case: &Case) {
    heading(w, "Uw zaak");
    table(
        w,
        &[
            ("Zaaknummer", esc(&case.case_id)),
            ("Stand van de zaak", esc(case.status.id())),
            ("Aangemaakt op", date(case.created_at.date_naive())),
            ("Laatst gewijzigd op", date(case.updated_at.date_naive())),
        ],
    );
}

fn answers(w: &mut String, case: &Case, checklists: &Checklists) {
    heading(w, "Uw antwoorden in de vragenlijsten");
    if case.answers.0.is_empty() {
        line(w, "Er is nog geen vragenlijst met u ingevuld.");
        line(w, "");
        return;
    }
    for (list_id, given) in &case.answers.0 {
        let list = checklists.all().into_iter().find(|c| &c.id == list_id);
        line(
            w,
            &format!(
                "### {}",
                esc(list.map_or(list_id.as_str(), |c| c.title.as_str()))
            ),
        );
        line(w, "");
        if given.is_empty() {
            line(w, "Gestart, nog geen antwoorden.");
            line(w, "");
            continue;
        }
        // In the order the questions are asked; answers to questions no longer in the list last.
        let mut order: Vec<&str> = list
            .map(|c| {
                c.sections
                    .iter()
                    .flat_map(|s| s.items.iter().map(|i| i.id.as_str()))
                    .filter(|id| given.contains_key(*id))
                    .collect()
            })
            .unwrap_or_default();
        for id in given.keys() {
            if !order.contains(&id.as_str()) {
                order.push(id);
            }
        }
        for id in order {
            let Some(a) = given.get(id) else {
                continue;
            };
            let label = checklists
                .find_item(id)
                .map_or(id, |(_, i)| i.label.as_str());
            line(
                w,
                &format!(
                    "- {}: {}",
                    esc(label),
                    esc(&value_text(&a.value, checklists, id))
                ),
            );
        }
        line(w, "");
    }
}

fn debts(w: &mut String, case: &Case) {
    heading(w, "Uw schulden");
    let Some(t) = debt_totals(&case.debts) else {
        line(w, "Er is geen schuldenlijst vastgelegd.");
        line(w, "");
        return;
    };
    let yes = |b: bool| if b { "ja" } else { "nee" };
    line(w, "| Schuldeiser | Soort | Bedrag | Deurwaarder | Beslag |");
    line(w, "|---|---|---|---|---|");
    for d in &case.debts {
        line(
            w,
            &format!(
                "| {} | {} | {} | {} | {} |",
                esc(&d.creditor),
                labels::debt_category(d.category),
                money::to_display(d.amount),
                yes(d.collector),
                yes(d.garnishment)
            ),
        );
    }
    line(w, "");
    line(
        w,
        &format!(
            "Samen **{}** bij {} schuldeiser{}.",
            money::to_display(t.total),
            t.creditors,
            if t.creditors == 1 { "" } else { "s" }
        ),
    );
    line(w, "");
}

fn outcome(w: &mut String, case: &Case, o: &Outcome, env: &Env) {
    let policy = &env.policy;
    heading(w, "Wat wij voorstellen en wat is besloten");
    match o.support.provision {
        Some(p) => line(
            w,
            &format!("Voorgestelde hulp: **{}**.", esc(policy.name(p))),
        ),
        None => line(
            w,
            "Nog geen voorstel: niet alle vragen die daarvoor nodig zijn, zijn beantwoord.",
        ),
    }
    line(w, "");
    if !o.support.reasons.is_empty() {
        line(w, "Waarom:");
        line(w, "");
        bullets(w, &o.support.reasons);
    }
    line(
        w,
        &format!(
            "Advies over beschermingsbewind: **{}**.",
            labels::advice(o.bewind.advice)
        ),
    );
    line(w, "");
    bullets(w, &o.bewind.reasons);
    if let Some(r) = o.debt_route.route {
        line(
            w,
            &format!("Route voor de schulden: **{}**.", labels::route(r)),
        );
        line(w, "");
    }
    bullets(w, &o.debt_route.reasons);
    match &case.decision {
        None => line(w, "Er is nog geen besluit genomen."),
        Some(d) => {
            line(
                w,
                &format!(
                    "Besluit: **{}**, vastgelegd op {} door {}.",
                    esc(policy.name(d.decided)),
                    moment(env, d.at),
                    esc(&d.by)
                ),
            );
            if let Some(reason) = &d.reason {
                line(w, "");
                line(
                    w,
                    &format!("Dit wijkt af van het voorstel. Reden: {}", esc(reason)),
                );
            }
        }
    }
    line(w, "");
}

fn traject_part(w: &mut String, case: &Case) {
    heading(w, "Wat er na de intake is gebeurd (traject)");
    let rows = traject::timeline(&case.traject);
    if rows.is_empty() {
        line(w, "Er zijn nog geen stappen na de intake vastgelegd.");
        line(w, "");
        return;
    }
    for (d, slot) in rows {
        line(
            w,
            &format!("- {}: {}", date(d), esc(&slot.label(&case.traject))),
        );
    }
    line(w, "");
}

fn notes(w: &mut String, case: &Case, env: &Env) {
    if case.notes.is_empty() {
        return;
    }
    heading(w, "Notities in uw zaak");
    for n in &case.notes {
        line(
            w,
            &format!("- {} {}: {}", moment(env, n.at), esc(&n.by), esc(&n.text)),
        );
    }
    line(w, "");
}

/// One history event in full: what changed, from what to what (the person's own data, so the
/// BSN too).
pub fn describe(change: &Change, env: &Env) -> String {
    let checklists = &env.checklists;
    let value = |v: &Option<crate::domain::answers::Value>, item: &str| {
        v.as_ref().map_or("geen antwoord".to_string(), |v| {
            value_text(v, checklists, item)
        })
    };
    let label = |item: &str| {
        checklists
            .find_item(item)
            .map_or_else(|| item.to_string(), |(_, i)| i.label.clone())
    };
    let debt = |d: &crate::domain::case::Debt| {
        format!(
            "{} ({}) {}",
            d.creditor,
            labels::debt_category(d.category),
            money::to_display(d.amount)
        )
    };
    let list_title = |id: &str| {
        checklists
            .all()
            .into_iter()
            .find(|c| c.id == id)
            .map_or_else(|| id.to_string(), |c| c.title.clone())
    };
    match change {
        Change::Created => "zaak aangemaakt".into(),
        Change::Imported { source } => format!("zaak ingelezen uit {source}"),
        Change::Client { field, old, new } => format!(
            "{field}: {} → {}",
            old.as_deref().unwrap_or("—"),
            new.as_deref().unwrap_or("—")
        ),
        Change::Status { old, new } => format!("stand van de zaak: {} → {}", old.id(), new.id()),
        Change::ChecklistStarted { checklist } => {
            format!("vragenlijst {} gestart", list_title(checklist))
        }
        Change::ChecklistWithdrawn { checklist } => {
            format!("vragenlijst {} ingetrokken", list_title(checklist))
        }
        Change::Answer { item, old, new, .. } => format!(
            "{}: {} → {}",
            label(item),
            value(old, item),
            value(new, item)
        ),
        Change::DebtAdded { debt: d } => format!("schuld toegevoegd: {}", debt(d)),
        Change::DebtChanged { old, new } => {
            format!("schuld gewijzigd: {} → {}", debt(old), debt(new))
        }
        Change::DebtRemoved { debt: d } => format!("schuld verwijderd: {}", debt(d)),
        Change::Note { text } => format!("notitie: {text}"),
        Change::Removed { reason } => format!("zaak verwijderd; reden: {reason}"),
        Change::Beperkt { reden } => format!("verwerking beperkt (art. 18 AVG); reden: {reden}"),
        Change::BeperkingOpgeheven { reden } => {
            format!("beperking van de verwerking opgeheven; reden: {reden}")
        }
        Change::Proposal { provision, .. } => format!(
            "voorstel bij het besluit: {}",
            provision.map_or("nog geen (onvolledig)".to_string(), |p| env
                .policy
                .name(p)
                .to_string())
        ),
        Change::Decision { decision } => match &decision.reason {
            Some(r) => format!("besluit: {}; reden: {r}", env.policy.name(decision.decided)),
            None => format!("besluit: {}", env.policy.name(decision.decided)),
        },
        Change::DocumentMade {
            soort,
            bestand,
            afwijzing,
        } => {
            let title = crate::format::soort::Soort::from_id(soort)
                .map_or_else(|| soort.clone(), |s| s.title().to_string());
            match afwijzing {
                Some(r) => format!("document gemaakt: {title} (afwijzing: {r}) → {bestand}"),
                None => format!("document gemaakt: {title} → {bestand}"),
            }
        }
        Change::Traject { what, .. } => format!("traject: {what}"),
    }
}

fn history(w: &mut String, events: &[Event], env: &Env) {
    heading(w, "Alle wijzigingen in uw zaak (geschiedenis)");
    if events.is_empty() {
        line(w, "Er is geen geschiedenis vastgelegd.");
        line(w, "");
        return;
    }
    line(
        w,
        "Elke wijziging staat hier met wie haar deed en wanneer, met de oude en de nieuwe waarde.",
    );
    line(w, "");
    for e in events {
        line(
            w,
            &format!(
                "- {} {}: {}",
                moment(env, e.at),
                esc(&e.by),
                esc(&describe(&e.change, env))
            ),
        );
    }
    line(w, "");
}

fn access(w: &mut String, input: &InzageInput, env: &Env) {
    heading(w, "Wie uw gegevens heeft ingezien (toegangslogboek)");
    line(
        w,
        "Elke keer dat iemand uw zaak opent, afdrukt, exporteert of meetelt, legt loket vast wie \
         dat was, wanneer en waarom.",
    );
    line(w, "");
    if input.access.is_empty() {
        line(w, "Er staat niets in het toegangslogboek.");
        line(w, "");
        return;
    }
    line(w, "| Wanneer | Wie | Rol | Waarom |");
    line(w, "|---|---|---|---|");
    for (e, role) in input.access {
        let rol = match (input.team, role) {
            (_, Some(r)) => r.id().to_string(),
            (true, None) => "niet meer bekend".to_string(),
            // One desk, one local user with every right.
            (false, None) => "medewerker".to_string(),
        };
        line(
            w,
            &format!(
                "| {} | {} | {rol} | {} |",
                moment(env, e.at),
                esc(&e.by),
                e.purpose.label()
            ),
        );
    }
    line(w, "");
    if input.team {
        line(
            w,
            "De rol is de rol die de medewerker nu heeft in de teamdatabase.",
        );
        line(w, "");
    }
}

fn destinations(w: &mut String, input: &InzageInput, env: &Env) {
    heading(w, "Waar uw gegevens naartoe zijn gegaan");
    let mut items: Vec<String> = Vec::new();
    for e in input.history {
        let when = moment(env, e.at);
        match &e.change {
            Change::Imported { source } => items.push(format!(
                "{when}: ingelezen uit het bestand {source} (door {})",
                e.by
            )),
            Change::DocumentMade { .. } => items.push(format!(
                "{when}: {} (door {})",
                describe(&e.change, env),
                e.by
            )),
            Change::Note { text } if text.contains("volledig BSN") => {
                items.push(format!("{when}: {text} (door {})", e.by));
            }
            _ => {}
        }
    }
    for (e, _) in input.access {
        let what = match e.purpose {
            AccessPurpose::Export => {
                "geëxporteerd: een zaakbestand, intakeverslag, CSV-bestand, document of backup"
            }
            AccessPurpose::BsnExport => "een bestand met uw volledige BSN gemaakt (overdracht)",
            AccessPurpose::Ddas => {
                "geleverd aan het CBS (DDAS, de landelijke cijfers over schuldhulp)"
            }
            AccessPurpose::Inzage => "een inzage zoals deze voor u gemaakt",
            AccessPurpose::Report => {
                "meegeteld in de cijfers voor de gemeente (alleen aantallen, geen namen)"
            }
            AccessPurpose::View | AccessPurpose::BsnShown => continue,
        };
        items.push(format!("{}: {what} (door {})", moment(env, e.at), e.by));
    }
    if items.is_empty() {
        line(w, "Uw gegevens zijn niet buiten loket gebracht.");
        line(w, "");
    } else {
        bullets(w, &items);
    }
    line(
        w,
        "Wat loket niet vastlegt: bij een export staat in het logboek wie en wanneer, maar niet \
         welk bestand en aan wie het daarna is gegeven; bij documenten staat het bestand in de \
         geschiedenis. Leveringen aan het CBS, bestanden met het volledige BSN en inzages staan \
         vanaf deze versie van loket apart in het logboek; daarvoor stonden ze er als \
         \"geëxporteerd\".",
    );
    line(w, "");
}

fn rights(w: &mut String) {
    heading(w, "Uw rechten");
    line(
        w,
        "Klopt er iets niet? U mag vragen om het te verbeteren of aan te vullen (artikel 16 AVG). \
         Neem daarvoor contact op met de gemeente; noem uw zaaknummer.",
    );
}
