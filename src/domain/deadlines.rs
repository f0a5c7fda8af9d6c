//! Statutory deadlines per case (SEGMENTATION.md §5). Owned by the deadlines work.
//!
//! Pure: the answers and the policy give the due dates; `Progress` and `today` (always a
//! parameter) say whether each one is met, open or overdue.

use super::answers::{Answers, Value};
use super::calendar::Calendar;
use super::policy::Policy;
use chrono::{Datelike, Days, NaiveDate};

/// The bedreigende situaties of checklist A1 (the eindeleveringssignaal is a signal, not one).
pub const CRISIS_ITEMS: [&str; 4] = [
    "crisis.ontruiming",
    "crisis.afsluiting",
    "crisis.zorgverzekering",
    "crisis.overig",
];

/// Any of the four crisis items is true (the eindeleveringssignaal alone is no crisis).
pub fn crisis(answers: &Answers) -> bool {
    CRISIS_ITEMS
        .iter()
        .any(|item| answers.value(item).and_then(Value::as_bool) == Some(true))
}

/// The contract fields of `deadlines` in the segment output; None when not applicable.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Deadlines {
    pub eerste_gesprek: Option<NaiveDate>,
    pub crisis_afgerond: Option<NaiveDate>,
    pub beschikking: Option<NaiveDate>,
    /// *(v2)* Review after ontzorgen: eerste gesprek + 3 months.
    pub heroverweging: Option<NaiveDate>,
    /// *(v2)* The gemeente's advice on the bewindvoerder's plan.
    pub gemeente_advies: Option<NaiveDate>,
    pub bewind_melding: Option<NaiveDate>,
    pub bewind_plan: Option<NaiveDate>,
}

impl Deadlines {
    pub fn get(&self, kind: DeadlineKind) -> Option<NaiveDate> {
        match kind {
            DeadlineKind::EersteGesprek => self.eerste_gesprek,
            DeadlineKind::CrisisAfgerond => self.crisis_afgerond,
            DeadlineKind::Beschikking => self.beschikking,
            DeadlineKind::Heroverweging => self.heroverweging,
            DeadlineKind::GemeenteAdvies => self.gemeente_advies,
            DeadlineKind::BewindMelding => self.bewind_melding,
            DeadlineKind::BewindPlan => self.bewind_plan,
        }
    }
}

/// The seven deadlines, in contract order.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    EersteGesprek,
    CrisisAfgerond,
    Beschikking,
    Heroverweging,
    GemeenteAdvies,
    BewindMelding,
    BewindPlan,
}

impl DeadlineKind {
    pub const ALL: [DeadlineKind; 7] = [
        DeadlineKind::EersteGesprek,
        DeadlineKind::CrisisAfgerond,
        DeadlineKind::Beschikking,
        DeadlineKind::Heroverweging,
        DeadlineKind::GemeenteAdvies,
        DeadlineKind::BewindMelding,
        DeadlineKind::BewindPlan,
    ];

    /// The key in the segment output contract.
    pub fn id(self) -> &'static str {
        match self {
            DeadlineKind::EersteGesprek => "eerste_gesprek",
            DeadlineKind::CrisisAfgerond => "crisis_afgerond",
            DeadlineKind::Beschikking => "beschikking",
            DeadlineKind::Heroverweging => "heroverweging",
            DeadlineKind::GemeenteAdvies => "gemeente_advies",
            DeadlineKind::BewindMelding => "bewind_melding",
            DeadlineKind::BewindPlan => "bewind_plan",
        }
    }

    pub fn from_id(id: &str) -> Option<DeadlineKind> {
        DeadlineKind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// A very short Dutch label for narrow columns.
    pub fn short(self) -> &'static str {
        match self {
            DeadlineKind::EersteGesprek => "1e gesprek",
            DeadlineKind::CrisisAfgerond => "crisis af",
            DeadlineKind::Beschikking => "beschikking",
            DeadlineKind::Heroverweging => "heroverweging",
            DeadlineKind::GemeenteAdvies => "advies gemeente",
            DeadlineKind::BewindMelding => "bewind melding",
            DeadlineKind::BewindPlan => "bewind plan",
        }
    }

    /// A short Dutch label for lists and columns.
    pub fn label(self) -> &'static str {
        match self {
            DeadlineKind::EersteGesprek => "Eerste gesprek",
            DeadlineKind::CrisisAfgerond => "Crisisinterventie afgerond",
            DeadlineKind::Beschikking => "Beschikking",
            DeadlineKind::Heroverweging => "Heroverweging",
            DeadlineKind::GemeenteAdvies => "Advies gemeente",
            DeadlineKind::BewindMelding => "Melding bewind",
            DeadlineKind::BewindPlan => "Plan van aanpak bewind",
        }
    }
}

/// The answers the deadlines depend on, read once.
#[derive(Clone, Copy, Debug)]
struct Facts {
    melding: Option<NaiveDate>,
    gesprek: Option<NaiveDate>,
    crisis: bool,
    ondernemer: bool,
    /// The start of a running bewind, only when the adviesrecht applies to it (§5): the
    /// municipality opted in and the ground includes `schulden` or the court ordered it.
    bewind_start: Option<NaiveDate>,
    /// The bewindvoerder's plan arrived (only with the adviesrecht, like `bewind_start`).
    plan_ontvangen: Option<NaiveDate>,
    /// The final support level is the one ontzorgen raised to (§1 step 2; bewind did not
    /// replace it).
    ontzorgen: bool,
}

impl Facts {
    fn read(answers: &Answers, policy: &Policy) -> Facts {
        let flag = |item: &str| answers.value(item).and_then(Value::as_bool) == Some(true);
        let date = |item: &str| answers.value(item).and_then(Value::as_date);
        let adviesrecht = adviesrecht_applies(answers, policy);
        Facts {
            melding: date("melding.datum"),
            gesprek: date("melding.eerste_gesprek"),
            crisis: crisis(answers),
            ondernemer: flag("huishouden.ondernemer"),
            bewind_start: adviesrecht.then(|| date("bewind.startdatum")).flatten(),
            plan_ontvangen: (adviesrecht && date("bewind.startdatum").is_some())
                .then(|| date("bewind.plan_ontvangen"))
                .flatten(),
            // Only needed (and only computed) when there was a first conversation.
            ontzorgen: date("melding.eerste_gesprek").is_some()
                && super::segment::ontzorgen_stands(answers),
        }
    }

    fn crisis_days(&self, policy: &Policy) -> u32 {
        if self.ondernemer {
            policy.crisis_dagen_ondernemer
        } else {
            policy.crisis_dagen
        }
    }
}

/// The adviesrecht covers this running bewind (§5): the gemeente opted in, and the ground
/// includes `schulden` (also on a mixed ground) or the court ordered it (`adviesrecht_bevolen`).
pub fn adviesrecht_applies(answers: &Answers, policy: &Policy) -> bool {
    let flag = |item: &str| answers.value(item).and_then(Value::as_bool) == Some(true);
    let schulden = answers
        .value("bewind.grond")
        .and_then(Value::as_multi)
        .is_some_and(|g| g.iter().any(|o| o == "schulden"));
    policy.adviesrecht && flag("bewind.lopend") && (schulden || flag("bewind.adviesrecht_bevolen"))
}

/// Computes every deadline from the (effective) answers.
pub fn compute(answers: &Answers, policy: &Policy) -> Deadlines {
    compute_facts(&Facts::read(answers, policy), policy)
}

fn compute_facts(f: &Facts, policy: &Policy) -> Deadlines {
    let cal = Calendar::new(&policy.extra_vrije_dagen);
    let eerste_gesprek = f.melding.and_then(|m| {
        if f.crisis {
            cal.add_working_days(m, 3)
        } else {
            cal.term_days(m, 28)
        }
    });
    let crisis_afgerond = if f.crisis {
        f.gesprek
            .or(eerste_gesprek)
            .and_then(|g| cal.term_days(g, f.crisis_days(policy)))
    } else {
        None
    };
    let beschikking = f
        .gesprek
        .and_then(|g| cal.term_days(g, policy.beslistermijn_weken.saturating_mul(7)));
    let heroverweging = f
        .gesprek
        .filter(|_| f.ontzorgen)
        .and_then(|g| cal.term_months(g, 3));
    let gemeente_advies = f
        .plan_ontvangen
        .and_then(|p| cal.term_days(p, policy.adviestermijn_weken.saturating_mul(7)));
    let bewind_melding = f.bewind_start.and_then(|s| cal.term_days(s, 14));
    let bewind_plan = f.bewind_start.and_then(|s| cal.term_months(s, 3));
    Deadlines {
        eerste_gesprek,
        crisis_afgerond,
        beschikking,
        heroverweging,
        gemeente_advies,
        bewind_melding,
        bewind_plan,
    }
}

/// How far a case has come, as far as the deadlines care.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// The date of the recorded decision (the beschikking), if any.
    pub decided_on: Option<NaiveDate>,
    /// The case status is `afgesloten`.
    pub closed: bool,
}

/// One deadline of one case, with what it rests on and what must happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueItem {
    pub kind: DeadlineKind,
    pub due: NaiveDate,
    /// When it was met; `None` while open.
    pub met_on: Option<NaiveDate>,
    /// The legal basis in one Dutch line.
    pub basis: String,
    /// What must happen, in Dutch.
    pub action: String,
}

impl DueItem {
    pub fn is_met(&self) -> bool {
        self.met_on.is_some()
    }

    /// Met, but after the due date.
    pub fn met_late(&self) -> bool {
        self.met_on.is_some_and(|m| m > self.due)
    }
}

/// Every applicable deadline of a case, in contract order.
///
/// Met rules: `eerste_gesprek` is met on `melding.eerste_gesprek`; `beschikking` and
/// `crisis_afgerond` on the decision date (a decision ends the crisis intervention phase).
/// The bewind deadlines are the bewindvoerder's; no answer records their receipt, so they stay
/// open until the case is closed. A closed case has no open deadlines: its unmet items are dropped
/// (they can no longer be acted on), its met items are kept as history.
pub fn due_items(answers: &Answers, policy: &Policy, progress: &Progress) -> Vec<DueItem> {
    let facts = Facts::read(answers, policy);
    dates_of(&facts, policy, progress)
        .map(|(kind, due, met_on)| DueItem {
            kind,
            due,
            met_on,
            basis: basis(kind, &facts, policy),
            action: action(kind, &facts).to_string(),
        })
        .collect()
}

/// The dates of [`due_items`] only (kind, due, met on), without the texts: for list summaries.
pub fn due_dates(
    answers: &Answers,
    policy: &Policy,
    progress: &Progress,
) -> Vec<(DeadlineKind, NaiveDate, Option<NaiveDate>)> {
    dates_of(&Facts::read(answers, policy), policy, progress).collect()
}

fn dates_of<'a>(
    facts: &'a Facts,
    policy: &Policy,
    progress: &'a Progress,
) -> impl Iterator<Item = (DeadlineKind, NaiveDate, Option<NaiveDate>)> + 'a {
    let deadlines = compute_facts(facts, policy);
    DeadlineKind::ALL
        .into_iter()
        .filter_map(move |kind| {
            let due = deadlines.get(kind)?;
            let met_on = match kind {
                DeadlineKind::EersteGesprek => facts.gesprek,
                DeadlineKind::CrisisAfgerond | DeadlineKind::Beschikking => progress.decided_on,
                DeadlineKind::BewindMelding
                | DeadlineKind::BewindPlan
                | DeadlineKind::Heroverweging
                | DeadlineKind::GemeenteAdvies => None,
            };
            Some((kind, due, met_on))
        })
        // A closed case keeps its met deadlines as history and drops the rest.
        .filter(|(_, _, met_on)| !progress.closed || met_on.is_some())
}

fn basis(kind: DeadlineKind, f: &Facts, policy: &Policy) -> String {
    match kind {
        DeadlineKind::EersteGesprek if f.crisis => {
            "Wgs art. 4: eerste gesprek binnen 3 werkdagen na de melding bij een bedreigende situatie"
                .to_string()
        }
        DeadlineKind::EersteGesprek => {
            "Wgs art. 4: eerste gesprek binnen 4 weken na de melding".to_string()
        }
        DeadlineKind::CrisisAfgerond => {
            let wie = if f.ondernemer { " (ondernemer)" } else { "" };
            let vanaf = if f.gesprek.is_some() {
                "het eerste gesprek"
            } else {
                "de uiterste datum van het eerste gesprek"
            };
            let dagen = f.crisis_days(policy);
            let termijn = if dagen.is_multiple_of(7) {
                let weken = dagen / 7;
                format!("{weken} {}", if weken == 1 { "week" } else { "weken" })
            } else {
                format!("{dagen} dagen")
            };
            format!("NVVK-module crisisinterventie: afgerond binnen {termijn} na {vanaf}{wie}")
        }
        DeadlineKind::Beschikking => {
            let weken = policy.beslistermijn_weken;
            let eenheid = if weken == 1 { "week" } else { "weken" };
            format!(
                "Wgs en gemeentelijke beslistermijn: beschikking binnen {weken} {eenheid} na het eerste gesprek"
            )
        }
        DeadlineKind::Heroverweging => {
            "Ontzorgen: binnen 3 maanden na het eerste gesprek opnieuw beoordelen of de inwoner nu meer zelf kan"
                .to_string()
        }
        DeadlineKind::GemeenteAdvies => {
            let weken = policy.adviestermijn_weken;
            let eenheid = if weken == 1 { "week" } else { "weken" };
            format!(
                "Adviesrecht gemeenten (BW boek 1): advies over boedelbeschrijving en plan van aanpak binnen {weken} {eenheid} na ontvangst"
            )
        }
        DeadlineKind::BewindMelding => {
            "Adviesrecht gemeenten (BW boek 1): de bewindvoerder meldt het bewind binnen 2 weken na de start"
                .to_string()
        }
        DeadlineKind::BewindPlan => {
            "Adviesrecht gemeenten (BW boek 1): boedelbeschrijving en plan van aanpak binnen 3 maanden na de start"
                .to_string()
        }
    }
}

fn action(kind: DeadlineKind, f: &Facts) -> &'static str {
    match kind {
        DeadlineKind::EersteGesprek if f.crisis => {
            "Voer het eerste gesprek en neem maatregelen om de bedreigende situatie weg te nemen"
        }
        DeadlineKind::EersteGesprek => "Voer het eerste gesprek en stel de hulpvraag vast",
        DeadlineKind::CrisisAfgerond => {
            "Rond de crisisinterventie af: de bedreigende situatie is weggenomen of afgewend"
        }
        DeadlineKind::Beschikking => {
            "Neem een beschikking over de schuldhulpverlening en maak die bekend aan de inwoner"
        }
        DeadlineKind::Heroverweging => {
            "Beoordeel opnieuw of de inwoner nu meer zelf kan en of een lichtere voorziening past"
        }
        DeadlineKind::GemeenteAdvies => {
            "Stuur het advies over boedelbeschrijving en plan van aanpak aan de bewindvoerder, de betrokkene en de griffier"
        }
        DeadlineKind::BewindMelding => {
            "Controleer of de bewindvoerder het bewind heeft gemeld; vraag er zo nodig om"
        }
        DeadlineKind::BewindPlan => {
            "Controleer of boedelbeschrijving en plan van aanpak binnen zijn en leg de datum van ontvangst vast in de vragenlijst bewind; daarna loopt de termijn voor het advies"
        }
    }
}

/// How pressing a deadline is on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Urgency {
    Verlopen,
    Vandaag,
    DezeWeek,
    Later,
    Gehaald,
}

impl Urgency {
    pub fn label(self) -> &'static str {
        match self {
            Urgency::Verlopen => "verlopen",
            Urgency::Vandaag => "vandaag",
            Urgency::DezeWeek => "deze week",
            Urgency::Later => "later",
            Urgency::Gehaald => "gehaald",
        }
    }
}

/// The urgency of an item on `today`. "Deze week" is the calendar week of today (up to and
/// including Sunday), as a person reads it: next Monday is "later" (issue 13). A met item is
/// `Gehaald`, even when it was met late.
pub fn urgency(item: &DueItem, today: NaiveDate) -> Urgency {
    urgency_on(item.due, item.met_on, today)
}

/// `urgency` for a deadline known only by its dates (as the case summaries keep it).
pub fn urgency_on(due: NaiveDate, met_on: Option<NaiveDate>, today: NaiveDate) -> Urgency {
    if met_on.is_some() {
        return Urgency::Gehaald;
    }
    let to_sunday = 6 - u64::from(today.weekday().num_days_from_monday());
    let week_end = today
        .checked_add_days(Days::new(to_sunday))
        .unwrap_or(NaiveDate::MAX);
    if due < today {
        Urgency::Verlopen
    } else if due == today {
        Urgency::Vandaag
    } else if due <= week_end {
        Urgency::DezeWeek
    } else {
        Urgency::Later
    }
}

/// The earliest unmet item; on equal dates the first in contract order.
pub fn next_open(items: &[DueItem]) -> Option<&DueItem> {
    items
        .iter()
        .filter(|i| !i.is_met())
        .min_by_key(|i| (i.due, i.kind))
}
