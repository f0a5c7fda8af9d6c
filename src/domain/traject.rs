//! The traject (TRAJECT.md): what happened after the intake, each step with its own date.
//!
//! Pure. Three things read it: the deadlines (a deadline is met by its own event, never by
//! accepting a proposal), the status of the case, and the DDAS delivery to CBS.
//!
//! Decisions where TRAJECT.md is silent:
//! - `crisis_afgerond` is met when every recorded crisisinterventie has an `eind`; it is met on
//!   the latest of those dates (a crisis is over when all its interventions are).
//! - A step "runs" when it has a start and no eind; the status does not look at today's date.
//! - An `eind` without a `start` is allowed (the start may be unknown), but not before it.

use super::answers::{Answers, Value};
use super::case::Status;
use super::deadlines::{self, DeadlineKind, DueItem, Progress};
use super::policy::Policy;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A span with an optional start and end.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Periode {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eind: Option<NaiveDate>,
}

impl Periode {
    pub fn is_empty(&self) -> bool {
        self.start.is_none() && self.eind.is_none()
    }

    pub fn running(&self) -> bool {
        self.start.is_some() && self.eind.is_none()
    }
}

macro_rules! id_enum {
    ($(#[$m:meta])* $name:ident { $($v:ident = $id:literal / $label:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($v),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];

            /// The id in the case file (TRAJECT.md).
            pub fn id(self) -> &'static str {
                match self { $($name::$v => $id),+ }
            }

            /// The Dutch label a person reads.
            pub fn label(self) -> &'static str {
                match self { $($name::$v => $label),+ }
            }

            pub fn from_id(id: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.id() == id)
            }

            pub fn ids() -> String {
                $name::ALL.iter().map(|v| v.id()).collect::<Vec<_>>().join(", ")
            }
        }
    };
}

id_enum!(BeschikkingSoort {
    Toelating = "toelating" / "toelating",
    Afwijzing = "afwijzing" / "afwijzing",
});

id_enum!(BegeleidingSoort {
    Budgetcoaching = "budgetcoaching" / "budgetcoaching",
    Budgetbeheer = "budgetbeheer" / "budgetbeheer",
    Beschermingsbewind = "beschermingsbewind" / "beschermingsbewind",
    Dfd = "dfd" / "langetermijnbegeleiding (DFD)",
    Budgetbegeleiding = "budgetbegeleiding" / "budgetbegeleiding",
    Thuisadministratie = "thuisadministratie" / "thuisadministratie",
    Inkomensbeheer = "inkomensbeheer" / "inkomensbeheer",
});

id_enum!(OplossingSoort {
    Betalingsregeling = "betalingsregeling" / "betalingsregeling",
    Herfinanciering = "herfinanciering" / "herfinanciering",
    Saneringskrediet = "saneringskrediet" / "saneringskrediet",
    Schuldbemiddeling = "schuldbemiddeling" / "schuldbemiddeling",
    NulAanbod = "nul_aanbod" / "0%-aanbod",
});

id_enum!(UitstroomReden {
    Afgerond = "afgerond" / "afgerond",
    Zelf = "zelf" / "schulden zelf opgelost",
    Overleden = "overleden" / "overleden",
    Verhuisd = "verhuisd" / "verhuisd",
    Ingetrokken = "ingetrokken" / "ingetrokken door de cliënt",
    NietVerschenen = "niet_verschenen" / "niet verschenen",
    VoldoetNiet = "voldoet_niet" / "voldoet niet aan de verplichtingen",
    NietPassend = "niet_passend" / "niet passend",
    Overig = "overig" / "overig",
});

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Beschikking {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datum: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soort: Option<BeschikkingSoort>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanVanAanpak {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datum: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Begeleiding {
    pub soort: BegeleidingSoort,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eind: Option<NaiveDate>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schuldregeling {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ingediend: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toegekend: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub afgewezen: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ingetrokken: Option<NaiveDate>,
    #[serde(default)]
    pub dwangakkoord: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verzoek_dwangakkoord: Option<NaiveDate>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Oplossing {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soort: Option<OplossingSoort>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eind: Option<NaiveDate>,
    /// The Vtlb fixed in the traject (not the indicative one of the proposal).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "rust_decimal::serde::str_option"
    )]
    pub vtlb: Option<Decimal>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moratorium {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aanvraag: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goedkeuring: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eind: Option<NaiveDate>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Uitstroom {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datum: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reden: Option<UitstroomReden>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub omschrijving: Option<String>,
}

/// The whole traject; every part optional, an absent part has not happened.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Traject {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub crisisinterventies: Vec<Periode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub informatie_advies: Option<Periode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beschikking: Option<Beschikking>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_van_aanpak: Option<PlanVanAanpak>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub begeleiding: Vec<Begeleiding>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stabilisatie: Option<Periode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schuldregeling: Option<Schuldregeling>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oplossing: Option<Oplossing>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub moratoria: Vec<Moratorium>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub voorlopige_voorzieningen: Vec<Periode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nazorg: Option<Periode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uitstroom: Option<Uitstroom>,
}

/// A traject rule broken: the field (as in the case file) and the Dutch reason.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("traject.{field}: {message}")]
pub struct TrajectError {
    pub field: String,
    pub message: String,
}

fn nl(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

impl Traject {
    pub fn is_empty(&self) -> bool {
        *self == Traject::default()
    }

    /// Every rule of TRAJECT.md; all problems, each naming its field. Empty = valid.
    pub fn validate(&self) -> Vec<TrajectError> {
        let mut out = Vec::new();
        let mut err = |field: String, message: String| out.push(TrajectError { field, message });
        let mut span = |field: &str, start: Option<NaiveDate>, eind: Option<NaiveDate>| {
            if let (Some(s), Some(e)) = (start, eind)
                && e < s
            {
                err(
                    format!("{field}.eind"),
                    format!("de einddatum {} ligt vóór de startdatum {}", nl(e), nl(s)),
                );
            }
        };
        for (i, c) in self.crisisinterventies.iter().enumerate() {
            span(&format!("crisisinterventies[{}]", i + 1), c.start, c.eind);
        }
        if let Some(p) = &self.informatie_advies {
            span("informatie_advies", p.start, p.eind);
        }
        for (i, b) in self.begeleiding.iter().enumerate() {
            span(&format!("begeleiding[{}]", i + 1), b.start, b.eind);
        }
        if let Some(p) = &self.stabilisatie {
            span("stabilisatie", p.start, p.eind);
        }
        if let Some(o) = &self.oplossing {
            span("oplossing", o.start, o.eind);
        }
        for (i, m) in self.moratoria.iter().enumerate() {
            span(&format!("moratoria[{}]", i + 1), m.start, m.eind);
        }
        for (i, v) in self.voorlopige_voorzieningen.iter().enumerate() {
            span(
                &format!("voorlopige_voorzieningen[{}]", i + 1),
                v.start,
                v.eind,
            );
        }
        if let Some(p) = &self.nazorg {
            span("nazorg", p.start, p.eind);
        }
        if let Some(s) = &self.schuldregeling
            && s.dwangakkoord
            && s.toegekend.is_none()
        {
            err(
                "schuldregeling.dwangakkoord".into(),
                "een dwangakkoord kan alleen bij een toegekende schuldregeling (vul eerst schuldregeling.toegekend in)".into(),
            );
        }
        if let Some(o) = &self.oplossing
            && let Some(v) = o.vtlb
            && v < Decimal::ZERO
        {
            err(
                "oplossing.vtlb".into(),
                "het Vtlb kan niet negatief zijn".into(),
            );
        }
        for (i, b) in self.begeleiding.iter().enumerate() {
            let twin = self.begeleiding[..i]
                .iter()
                .any(|o| o.soort == b.soort && o.eind.is_none() && b.eind.is_none());
            if twin {
                err(
                    format!("begeleiding[{}].soort", i + 1),
                    format!(
                        "er loopt al een {}; beëindig die eerst (vul de einddatum in)",
                        b.soort.label()
                    ),
                );
            }
        }
        if let Some(u) = self.uitstroom.as_ref().and_then(|u| u.datum) {
            for (field, d) in self.dated_fields() {
                if field != "uitstroom.datum" && d > u {
                    out.push(TrajectError {
                        field,
                        message: format!(
                            "de datum {} ligt na de uitstroom ({}); een traject heeft na de uitstroom geen stappen meer",
                            nl(d),
                            nl(u)
                        ),
                    });
                }
            }
        }
        out
    }

    /// Every filled-in date with its field path, in contract order.
    pub fn dated_fields(&self) -> Vec<(String, NaiveDate)> {
        Slot::all(self)
            .into_iter()
            .filter_map(|s| s.get(self).map(|d| (s.field(), d)))
            .collect()
    }

    /// The date the crisis was over: every intervention ended, on the last eind.
    pub fn crisis_afgerond(&self) -> Option<NaiveDate> {
        if self.crisisinterventies.iter().any(|c| c.eind.is_none()) {
            return None;
        }
        self.crisisinterventies.iter().filter_map(|c| c.eind).max()
    }

    pub fn beschikking_datum(&self) -> Option<NaiveDate> {
        self.beschikking.as_ref().and_then(|b| b.datum)
    }

    pub fn uitstroom_datum(&self) -> Option<NaiveDate> {
        self.uitstroom.as_ref().and_then(|u| u.datum)
    }

    /// A begeleiding or an oplossing runs (started, not ended).
    pub fn support_running(&self) -> bool {
        self.begeleiding
            .iter()
            .any(|b| b.start.is_some() && b.eind.is_none())
            || self
                .oplossing
                .as_ref()
                .is_some_and(|o| o.start.is_some() && o.eind.is_none())
    }
}

/// The date of the first conversation (`melding.eerste_gesprek`), which meets `eerste_gesprek`.
pub fn eerste_gesprek(answers: &Answers) -> Option<NaiveDate> {
    answers
        .value("melding.eerste_gesprek")
        .and_then(Value::as_date)
}

/// The status the traject gives (TRAJECT.md): aangemeld → intake (first conversation) →
/// besluit (beschikking) → begeleiding (a begeleiding or oplossing running) → afgesloten.
pub fn status(traject: &Traject, eerste_gesprek: Option<NaiveDate>) -> Status {
    if traject.uitstroom_datum().is_some() {
        Status::Afgesloten
    } else if traject.support_running() {
        Status::Begeleiding
    } else if traject.beschikking_datum().is_some() {
        Status::Besluit
    } else if eerste_gesprek.is_some() {
        Status::Intake
    } else {
        Status::Aangemeld
    }
}

/// When a deadline was met, from the traject only; None while open. Kinds the traject does not
/// speak about keep what `deadlines` says.
pub fn met_on(kind: DeadlineKind, answers: &Answers, traject: &Traject) -> Option<NaiveDate> {
    match kind {
        DeadlineKind::EersteGesprek => eerste_gesprek(answers),
        DeadlineKind::CrisisAfgerond => traject.crisis_afgerond(),
        DeadlineKind::Beschikking => traject.beschikking_datum(),
        _ => None,
    }
}

/// Every applicable deadline of a case, met / late / open from the traject dates. A closed case
/// (uitstroom, or status afgesloten) keeps only its met items.
pub fn due_items(
    answers: &Answers,
    policy: &Policy,
    traject: &Traject,
    closed: bool,
) -> Vec<DueItem> {
    let mut items = deadlines::due_items(answers, policy, &Progress::default());
    for item in &mut items {
        if matches!(
            item.kind,
            DeadlineKind::EersteGesprek | DeadlineKind::CrisisAfgerond | DeadlineKind::Beschikking
        ) {
            item.met_on = met_on(item.kind, answers, traject);
        }
    }
    let closed = closed || traject.uitstroom_datum().is_some();
    items.retain(|i| !closed || i.is_met());
    items
}

/// The dates of [`due_items`] only (kind, due, met on), without the texts: for list summaries.
pub fn due_dates(
    answers: &Answers,
    policy: &Policy,
    traject: &Traject,
    closed: bool,
) -> Vec<(DeadlineKind, NaiveDate, Option<NaiveDate>)> {
    let closed = closed || traject.uitstroom_datum().is_some();
    deadlines::due_dates(answers, policy, &Progress::default())
        .into_iter()
        .map(|(kind, due, met)| (kind, due, traject_met_on(kind, answers, traject, met)))
        .filter(|(_, _, met)| !closed || met.is_some())
        .collect()
}

/// The traject's date for the kinds it speaks about; `other` (what `deadlines` says) for the rest.
fn traject_met_on(
    kind: DeadlineKind,
    answers: &Answers,
    traject: &Traject,
    other: Option<NaiveDate>,
) -> Option<NaiveDate> {
    match kind {
        DeadlineKind::EersteGesprek | DeadlineKind::CrisisAfgerond | DeadlineKind::Beschikking => {
            met_on(kind, answers, traject)
        }
        _ => other,
    }
}

/// One date field of the traject: what the screen lists, corrects and the history names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Slot {
    CrisisStart(usize),
    CrisisEind(usize),
    InfoStart,
    InfoEind,
    Beschikking,
    Plan,
    BegeleidingStart(usize),
    BegeleidingEind(usize),
    StabilisatieStart,
    StabilisatieEind,
    SrIngediend,
    SrToegekend,
    SrAfgewezen,
    SrIngetrokken,
    SrVerzoekDwangakkoord,
    OplossingStart,
    OplossingEind,
    MoratoriumAanvraag(usize),
    MoratoriumGoedkeuring(usize),
    MoratoriumStart(usize),
    MoratoriumEind(usize),
    VoorzieningStart(usize),
    VoorzieningEind(usize),
    NazorgStart,
    NazorgEind,
    Uitstroom,
}

impl Slot {
    /// Every slot that exists in this traject (filled or not), in contract order.
    pub fn all(t: &Traject) -> Vec<Slot> {
        use Slot::*;
        let mut v = Vec::new();
        for i in 0..t.crisisinterventies.len() {
            v.extend([CrisisStart(i), CrisisEind(i)]);
        }
        v.extend([InfoStart, InfoEind, Beschikking, Plan]);
        for i in 0..t.begeleiding.len() {
            v.extend([BegeleidingStart(i), BegeleidingEind(i)]);
        }
        v.extend([
            StabilisatieStart,
            StabilisatieEind,
            SrIngediend,
            SrToegekend,
            SrAfgewezen,
            SrIngetrokken,
            SrVerzoekDwangakkoord,
            OplossingStart,
            OplossingEind,
        ]);
        for i in 0..t.moratoria.len() {
            v.extend([
                MoratoriumAanvraag(i),
                MoratoriumGoedkeuring(i),
                MoratoriumStart(i),
                MoratoriumEind(i),
            ]);
        }
        for i in 0..t.voorlopige_voorzieningen.len() {
            v.extend([VoorzieningStart(i), VoorzieningEind(i)]);
        }
        v.extend([NazorgStart, NazorgEind, Uitstroom]);
        v
    }

    /// The field path as in the case file.
    pub fn field(self) -> String {
        use Slot::*;
        match self {
            CrisisStart(i) => format!("crisisinterventies[{}].start", i + 1),
            CrisisEind(i) => format!("crisisinterventies[{}].eind", i + 1),
            InfoStart => "informatie_advies.start".into(),
            InfoEind => "informatie_advies.eind".into(),
            Beschikking => "beschikking.datum".into(),
            Plan => "plan_van_aanpak.datum".into(),
            BegeleidingStart(i) => format!("begeleiding[{}].start", i + 1),
            BegeleidingEind(i) => format!("begeleiding[{}].eind", i + 1),
            StabilisatieStart => "stabilisatie.start".into(),
            StabilisatieEind => "stabilisatie.eind".into(),
            SrIngediend => "schuldregeling.ingediend".into(),
            SrToegekend => "schuldregeling.toegekend".into(),
            SrAfgewezen => "schuldregeling.afgewezen".into(),
            SrIngetrokken => "schuldregeling.ingetrokken".into(),
            SrVerzoekDwangakkoord => "schuldregeling.verzoek_dwangakkoord".into(),
            OplossingStart => "oplossing.start".into(),
            OplossingEind => "oplossing.eind".into(),
            MoratoriumAanvraag(i) => format!("moratoria[{}].aanvraag", i + 1),
            MoratoriumGoedkeuring(i) => format!("moratoria[{}].goedkeuring", i + 1),
            MoratoriumStart(i) => format!("moratoria[{}].start", i + 1),
            MoratoriumEind(i) => format!("moratoria[{}].eind", i + 1),
            VoorzieningStart(i) => format!("voorlopige_voorzieningen[{}].start", i + 1),
            VoorzieningEind(i) => format!("voorlopige_voorzieningen[{}].eind", i + 1),
            NazorgStart => "nazorg.start".into(),
            NazorgEind => "nazorg.eind".into(),
            Uitstroom => "uitstroom.datum".into(),
        }
    }

    /// What happened on this date, in Dutch, with the soort or reden where there is one.
    pub fn label(self, t: &Traject) -> String {
        use Slot::*;
        let nr = |i: usize, n: usize| {
            if n > 1 {
                format!(" {}", i + 1)
            } else {
                String::new()
            }
        };
        let beg = |i: usize| {
            t.begeleiding
                .get(i)
                .map_or("begeleiding", |b| b.soort.label())
        };
        match self {
            CrisisStart(i) => format!(
                "Crisisinterventie{} gestart",
                nr(i, t.crisisinterventies.len())
            ),
            CrisisEind(i) => format!(
                "Crisisinterventie{} afgerond",
                nr(i, t.crisisinterventies.len())
            ),
            InfoStart => "Informatie en advies gestart".into(),
            InfoEind => "Informatie en advies afgerond".into(),
            Beschikking => match t.beschikking.as_ref().and_then(|b| b.soort) {
                Some(s) => format!("Beschikking: {}", s.label()),
                None => "Beschikking".into(),
            },
            Plan => "Plan van aanpak afgerond".into(),
            BegeleidingStart(i) => format!("Begeleiding gestart: {}", beg(i)),
            BegeleidingEind(i) => format!("Begeleiding beëindigd: {}", beg(i)),
            StabilisatieStart => "Stabilisatie gestart".into(),
            StabilisatieEind => "Stabilisatie afgerond".into(),
            SrIngediend => "Schuldregeling ingediend".into(),
            SrToegekend => {
                let dwang = t.schuldregeling.as_ref().is_some_and(|s| s.dwangakkoord);
                if dwang {
                    "Schuldregeling toegekend (dwangakkoord)".into()
                } else {
                    "Schuldregeling toegekend".into()
                }
            }
            SrAfgewezen => "Schuldregeling afgewezen".into(),
            SrIngetrokken => "Schuldregeling ingetrokken".into(),
            SrVerzoekDwangakkoord => "Verzoek dwangakkoord".into(),
            OplossingStart => match t.oplossing.as_ref().and_then(|o| o.soort) {
                Some(s) => format!("Oplossing gestart: {}", s.label()),
                None => "Oplossing gestart".into(),
            },
            OplossingEind => "Oplossing afgerond".into(),
            MoratoriumAanvraag(i) => format!("Moratorium{} aangevraagd", nr(i, t.moratoria.len())),
            MoratoriumGoedkeuring(i) => {
                format!("Moratorium{} goedgekeurd", nr(i, t.moratoria.len()))
            }
            MoratoriumStart(i) => format!("Moratorium{} gestart", nr(i, t.moratoria.len())),
            MoratoriumEind(i) => format!("Moratorium{} beëindigd", nr(i, t.moratoria.len())),
            VoorzieningStart(i) => format!(
                "Voorlopige voorziening{} gestart",
                nr(i, t.voorlopige_voorzieningen.len())
            ),
            VoorzieningEind(i) => format!(
                "Voorlopige voorziening{} beëindigd",
                nr(i, t.voorlopige_voorzieningen.len())
            ),
            NazorgStart => "Nazorg gestart".into(),
            NazorgEind => "Nazorg afgerond".into(),
            Uitstroom => match t.uitstroom.as_ref().and_then(|u| u.reden) {
                Some(r) => format!("Uitstroom: {}", r.label()),
                None => "Uitstroom".into(),
            },
        }
    }

    pub fn get(self, t: &Traject) -> Option<NaiveDate> {
        use Slot::*;
        let p = |o: &Option<Periode>, end: bool| {
            o.as_ref().and_then(|p| if end { p.eind } else { p.start })
        };
        let sr = t.schuldregeling.as_ref();
        let op = t.oplossing.as_ref();
        match self {
            CrisisStart(i) => t.crisisinterventies.get(i)?.start,
            CrisisEind(i) => t.crisisinterventies.get(i)?.eind,
            InfoStart => p(&t.informatie_advies, false),
            InfoEind => p(&t.informatie_advies, true),
            Beschikking => t.beschikking_datum(),
            Plan => t.plan_van_aanpak.as_ref()?.datum,
            BegeleidingStart(i) => t.begeleiding.get(i)?.start,
            BegeleidingEind(i) => t.begeleiding.get(i)?.eind,
            StabilisatieStart => p(&t.stabilisatie, false),
            StabilisatieEind => p(&t.stabilisatie, true),
            SrIngediend => sr?.ingediend,
            SrToegekend => sr?.toegekend,
            SrAfgewezen => sr?.afgewezen,
            SrIngetrokken => sr?.ingetrokken,
            SrVerzoekDwangakkoord => sr?.verzoek_dwangakkoord,
            OplossingStart => op?.start,
            OplossingEind => op?.eind,
            MoratoriumAanvraag(i) => t.moratoria.get(i)?.aanvraag,
            MoratoriumGoedkeuring(i) => t.moratoria.get(i)?.goedkeuring,
            MoratoriumStart(i) => t.moratoria.get(i)?.start,
            MoratoriumEind(i) => t.moratoria.get(i)?.eind,
            VoorzieningStart(i) => t.voorlopige_voorzieningen.get(i)?.start,
            VoorzieningEind(i) => t.voorlopige_voorzieningen.get(i)?.eind,
            NazorgStart => p(&t.nazorg, false),
            NazorgEind => p(&t.nazorg, true),
            Uitstroom => t.uitstroom_datum(),
        }
    }

    /// Sets (or with None clears) this date; a part left with nothing in it is removed.
    pub fn set(self, t: &mut Traject, d: Option<NaiveDate>) {
        use Slot::*;
        fn per(o: &mut Option<Periode>, end: bool, d: Option<NaiveDate>) {
            let p = o.get_or_insert_with(Periode::default);
            if end {
                p.eind = d;
            } else {
                p.start = d;
            }
            if p.is_empty() {
                *o = None;
            }
        }
        fn per_at(v: &mut Vec<Periode>, i: usize, end: bool, d: Option<NaiveDate>) {
            if let Some(p) = v.get_mut(i) {
                if end {
                    p.eind = d;
                } else {
                    p.start = d;
                }
                if p.is_empty() {
                    v.remove(i);
                }
            }
        }
        match self {
            CrisisStart(i) => per_at(&mut t.crisisinterventies, i, false, d),
            CrisisEind(i) => per_at(&mut t.crisisinterventies, i, true, d),
            InfoStart => per(&mut t.informatie_advies, false, d),
            InfoEind => per(&mut t.informatie_advies, true, d),
            Beschikking => {
                let b = t.beschikking.get_or_insert_with(Default::default);
                b.datum = d;
                if d.is_none() {
                    t.beschikking = None;
                }
            }
            Plan => {
                t.plan_van_aanpak = d.map(|d| PlanVanAanpak { datum: Some(d) });
            }
            BegeleidingStart(i) | BegeleidingEind(i) => {
                if let Some(b) = t.begeleiding.get_mut(i) {
                    if matches!(self, BegeleidingStart(_)) {
                        b.start = d;
                    } else {
                        b.eind = d;
                    }
                    if b.start.is_none() && b.eind.is_none() {
                        t.begeleiding.remove(i);
                    }
                }
            }
            StabilisatieStart => per(&mut t.stabilisatie, false, d),
            StabilisatieEind => per(&mut t.stabilisatie, true, d),
            SrIngediend | SrToegekend | SrAfgewezen | SrIngetrokken | SrVerzoekDwangakkoord => {
                let s = t.schuldregeling.get_or_insert_with(Default::default);
                match self {
                    SrIngediend => s.ingediend = d,
                    SrToegekend => s.toegekend = d,
                    SrAfgewezen => s.afgewezen = d,
                    SrIngetrokken => s.ingetrokken = d,
                    _ => s.verzoek_dwangakkoord = d,
                }
                if *s == Schuldregeling::default() {
                    t.schuldregeling = None;
                }
            }
            OplossingStart | OplossingEind => {
                let o = t.oplossing.get_or_insert_with(Default::default);
                if self == OplossingStart {
                    o.start = d;
                } else {
                    o.eind = d;
                }
                if o.start.is_none() && o.eind.is_none() && o.vtlb.is_none() {
                    t.oplossing = None;
                }
            }
            MoratoriumAanvraag(i)
            | MoratoriumGoedkeuring(i)
            | MoratoriumStart(i)
            | MoratoriumEind(i) => {
                if let Some(m) = t.moratoria.get_mut(i) {
                    match self {
                        MoratoriumAanvraag(_) => m.aanvraag = d,
                        MoratoriumGoedkeuring(_) => m.goedkeuring = d,
                        MoratoriumStart(_) => m.start = d,
                        _ => m.eind = d,
                    }
                    if *m == Moratorium::default() {
                        t.moratoria.remove(i);
                    }
                }
            }
            VoorzieningStart(i) => per_at(&mut t.voorlopige_voorzieningen, i, false, d),
            VoorzieningEind(i) => per_at(&mut t.voorlopige_voorzieningen, i, true, d),
            NazorgStart => per(&mut t.nazorg, false, d),
            NazorgEind => per(&mut t.nazorg, true, d),
            Uitstroom => {
                let u = t.uitstroom.get_or_insert_with(Default::default);
                u.datum = d;
                if d.is_none() {
                    t.uitstroom = None;
                }
            }
        }
    }
}

/// The filled-in dates in the order they happened (equal dates in contract order).
pub fn timeline(t: &Traject) -> Vec<(NaiveDate, Slot)> {
    let mut rows: Vec<(NaiveDate, Slot)> = Slot::all(t)
        .into_iter()
        .filter_map(|s| s.get(t).map(|d| (d, s)))
        .collect();
    rows.sort();
    rows
}

/// A step the counsellor records: what kind, with its soort or reden where one is needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    CrisisStart,
    CrisisEind,
    InfoStart,
    InfoEind,
    Beschikking(BeschikkingSoort),
    Plan,
    BegeleidingStart(BegeleidingSoort),
    BegeleidingEind(BegeleidingSoort),
    StabilisatieStart,
    StabilisatieEind,
    SrIngediend,
    SrToegekend { dwangakkoord: bool },
    SrAfgewezen,
    SrIngetrokken,
    SrVerzoekDwangakkoord,
    OplossingStart(OplossingSoort),
    OplossingEind,
    MoratoriumAanvraag,
    MoratoriumGoedkeuring,
    MoratoriumStart,
    MoratoriumEind,
    VoorzieningStart,
    VoorzieningEind,
    NazorgStart,
    NazorgEind,
    Uitstroom(UitstroomReden),
}

/// The kinds of step the picker offers; some then ask for a soort or reden.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepKind {
    CrisisStart,
    CrisisEind,
    InfoStart,
    InfoEind,
    Beschikking,
    Plan,
    BegeleidingStart,
    BegeleidingEind,
    StabilisatieStart,
    StabilisatieEind,
    SrIngediend,
    SrToegekend,
    SrDwangakkoord,
    SrAfgewezen,
    SrIngetrokken,
    SrVerzoekDwangakkoord,
    OplossingStart,
    OplossingEind,
    MoratoriumAanvraag,
    MoratoriumGoedkeuring,
    MoratoriumStart,
    MoratoriumEind,
    VoorzieningStart,
    VoorzieningEind,
    NazorgStart,
    NazorgEind,
    Uitstroom,
}

impl StepKind {
    pub const ALL: [StepKind; 27] = [
        StepKind::CrisisStart,
        StepKind::CrisisEind,
        StepKind::InfoStart,
        StepKind::InfoEind,
        StepKind::Beschikking,
        StepKind::Plan,
        StepKind::BegeleidingStart,
        StepKind::BegeleidingEind,
        StepKind::StabilisatieStart,
        StepKind::StabilisatieEind,
        StepKind::SrIngediend,
        StepKind::SrToegekend,
        StepKind::SrDwangakkoord,
        StepKind::SrAfgewezen,
        StepKind::SrIngetrokken,
        StepKind::SrVerzoekDwangakkoord,
        StepKind::OplossingStart,
        StepKind::OplossingEind,
        StepKind::MoratoriumAanvraag,
        StepKind::MoratoriumGoedkeuring,
        StepKind::MoratoriumStart,
        StepKind::MoratoriumEind,
        StepKind::VoorzieningStart,
        StepKind::VoorzieningEind,
        StepKind::NazorgStart,
        StepKind::NazorgEind,
        StepKind::Uitstroom,
    ];

    pub fn label(self) -> &'static str {
        match self {
            StepKind::CrisisStart => "Crisisinterventie gestart",
            StepKind::CrisisEind => "Crisisinterventie afgerond",
            StepKind::InfoStart => "Informatie en advies gestart",
            StepKind::InfoEind => "Informatie en advies afgerond",
            StepKind::Beschikking => "Beschikking verstuurd",
            StepKind::Plan => "Plan van aanpak afgerond",
            StepKind::BegeleidingStart => "Begeleiding gestart",
            StepKind::BegeleidingEind => "Begeleiding beëindigd",
            StepKind::StabilisatieStart => "Stabilisatie gestart",
            StepKind::StabilisatieEind => "Stabilisatie afgerond",
            StepKind::SrIngediend => "Schuldregeling ingediend",
            StepKind::SrToegekend => "Schuldregeling toegekend",
            StepKind::SrDwangakkoord => "Schuldregeling toegekend met dwangakkoord",
            StepKind::SrAfgewezen => "Schuldregeling afgewezen",
            StepKind::SrIngetrokken => "Schuldregeling ingetrokken",
            StepKind::SrVerzoekDwangakkoord => "Verzoek dwangakkoord ingediend",
            StepKind::OplossingStart => "Oplossing gestart",
            StepKind::OplossingEind => "Oplossing afgerond",
            StepKind::MoratoriumAanvraag => "Moratorium aangevraagd",
            StepKind::MoratoriumGoedkeuring => "Moratorium goedgekeurd (rechter)",
            StepKind::MoratoriumStart => "Moratorium gestart",
            StepKind::MoratoriumEind => "Moratorium beëindigd",
            StepKind::VoorzieningStart => "Voorlopige voorziening gestart",
            StepKind::VoorzieningEind => "Voorlopige voorziening beëindigd",
            StepKind::NazorgStart => "Nazorg gestart",
            StepKind::NazorgEind => "Nazorg afgerond",
            StepKind::Uitstroom => "Uitstroom (einde traject)",
        }
    }

    /// The choices this kind needs before its date (soort or reden), as labels.
    pub fn choices(self) -> Vec<&'static str> {
        match self {
            StepKind::Beschikking => BeschikkingSoort::ALL.iter().map(|s| s.label()).collect(),
            StepKind::BegeleidingStart | StepKind::BegeleidingEind => {
                BegeleidingSoort::ALL.iter().map(|s| s.label()).collect()
            }
            StepKind::OplossingStart => OplossingSoort::ALL.iter().map(|s| s.label()).collect(),
            StepKind::Uitstroom => UitstroomReden::ALL.iter().map(|s| s.label()).collect(),
            _ => Vec::new(),
        }
    }

    /// The step with the chosen soort or reden (index into `choices`; ignored when none).
    pub fn step(self, choice: usize) -> Step {
        fn pick<T: Copy>(all: &[T], i: usize) -> T {
            all[i.min(all.len() - 1)]
        }
        match self {
            StepKind::CrisisStart => Step::CrisisStart,
            StepKind::CrisisEind => Step::CrisisEind,
            StepKind::InfoStart => Step::InfoStart,
            StepKind::InfoEind => Step::InfoEind,
            StepKind::Beschikking => Step::Beschikking(pick(BeschikkingSoort::ALL, choice)),
            StepKind::Plan => Step::Plan,
            StepKind::BegeleidingStart => {
                Step::BegeleidingStart(pick(BegeleidingSoort::ALL, choice))
            }
            StepKind::BegeleidingEind => Step::BegeleidingEind(pick(BegeleidingSoort::ALL, choice)),
            StepKind::StabilisatieStart => Step::StabilisatieStart,
            StepKind::StabilisatieEind => Step::StabilisatieEind,
            StepKind::SrIngediend => Step::SrIngediend,
            StepKind::SrToegekend => Step::SrToegekend {
                dwangakkoord: false,
            },
            StepKind::SrDwangakkoord => Step::SrToegekend { dwangakkoord: true },
            StepKind::SrAfgewezen => Step::SrAfgewezen,
            StepKind::SrIngetrokken => Step::SrIngetrokken,
            StepKind::SrVerzoekDwangakkoord => Step::SrVerzoekDwangakkoord,
            StepKind::OplossingStart => Step::OplossingStart(pick(OplossingSoort::ALL, choice)),
            StepKind::OplossingEind => Step::OplossingEind,
            StepKind::MoratoriumAanvraag => Step::MoratoriumAanvraag,
            StepKind::MoratoriumGoedkeuring => Step::MoratoriumGoedkeuring,
            StepKind::MoratoriumStart => Step::MoratoriumStart,
            StepKind::MoratoriumEind => Step::MoratoriumEind,
            StepKind::VoorzieningStart => Step::VoorzieningStart,
            StepKind::VoorzieningEind => Step::VoorzieningEind,
            StepKind::NazorgStart => Step::NazorgStart,
            StepKind::NazorgEind => Step::NazorgEind,
            StepKind::Uitstroom => Step::Uitstroom(pick(UitstroomReden::ALL, choice)),
        }
    }
}

fn refuse(field: &str, message: &str) -> Vec<TrajectError> {
    vec![TrajectError {
        field: field.into(),
        message: message.into(),
    }]
}

/// Records a step on `date` and returns the new traject and the slot it filled, or every rule
/// it breaks (the traject is then unchanged: nothing is saved half).
pub fn record(
    t: &Traject,
    step: Step,
    date: NaiveDate,
) -> Result<(Traject, Slot), Vec<TrajectError>> {
    let mut n = t.clone();
    let last_running = |v: &[Periode]| v.iter().rposition(|p| p.eind.is_none());
    let slot = match step {
        Step::CrisisStart => {
            n.crisisinterventies.push(Periode {
                start: Some(date),
                eind: None,
            });
            Slot::CrisisStart(n.crisisinterventies.len() - 1)
        }
        Step::CrisisEind => match last_running(&n.crisisinterventies) {
            Some(i) => Slot::CrisisEind(i),
            None => {
                n.crisisinterventies.push(Periode {
                    start: None,
                    eind: None,
                });
                Slot::CrisisEind(n.crisisinterventies.len() - 1)
            }
        },
        Step::InfoStart => Slot::InfoStart,
        Step::InfoEind => Slot::InfoEind,
        Step::Beschikking(soort) => {
            n.beschikking = Some(Beschikking {
                datum: None,
                soort: Some(soort),
            });
            Slot::Beschikking
        }
        Step::Plan => Slot::Plan,
        Step::BegeleidingStart(soort) => {
            n.begeleiding.push(Begeleiding {
                soort,
                start: None,
                eind: None,
            });
            Slot::BegeleidingStart(n.begeleiding.len() - 1)
        }
        Step::BegeleidingEind(soort) => {
            match n
                .begeleiding
                .iter()
                .rposition(|b| b.soort == soort && b.eind.is_none())
            {
                Some(i) => Slot::BegeleidingEind(i),
                None => {
                    return Err(refuse(
                        "begeleiding",
                        &format!(
                            "er loopt geen {}; die kan niet worden beëindigd",
                            soort.label()
                        ),
                    ));
                }
            }
        }
        Step::StabilisatieStart => Slot::StabilisatieStart,
        Step::StabilisatieEind => Slot::StabilisatieEind,
        Step::SrIngediend => Slot::SrIngediend,
        Step::SrToegekend { dwangakkoord } => {
            n.schuldregeling
                .get_or_insert_with(Default::default)
                .dwangakkoord = dwangakkoord;
            Slot::SrToegekend
        }
        Step::SrAfgewezen => Slot::SrAfgewezen,
        Step::SrIngetrokken => Slot::SrIngetrokken,
        Step::SrVerzoekDwangakkoord => Slot::SrVerzoekDwangakkoord,
        Step::OplossingStart(soort) => {
            n.oplossing.get_or_insert_with(Default::default).soort = Some(soort);
            Slot::OplossingStart
        }
        Step::OplossingEind => Slot::OplossingEind,
        Step::MoratoriumAanvraag => {
            n.moratoria.push(Moratorium::default());
            Slot::MoratoriumAanvraag(n.moratoria.len() - 1)
        }
        Step::MoratoriumGoedkeuring | Step::MoratoriumStart | Step::MoratoriumEind => {
            let i = match n.moratoria.iter().rposition(|m| m.eind.is_none()) {
                Some(i) => i,
                None => {
                    n.moratoria.push(Moratorium::default());
                    n.moratoria.len() - 1
                }
            };
            match step {
                Step::MoratoriumGoedkeuring => Slot::MoratoriumGoedkeuring(i),
                Step::MoratoriumStart => Slot::MoratoriumStart(i),
                _ => Slot::MoratoriumEind(i),
            }
        }
        Step::VoorzieningStart => {
            n.voorlopige_voorzieningen.push(Periode::default());
            Slot::VoorzieningStart(n.voorlopige_voorzieningen.len() - 1)
        }
        Step::VoorzieningEind => match last_running(&n.voorlopige_voorzieningen) {
            Some(i) => Slot::VoorzieningEind(i),
            None => {
                n.voorlopige_voorzieningen.push(Periode::default());
                Slot::VoorzieningEind(n.voorlopige_voorzieningen.len() - 1)
            }
        },
        Step::NazorgStart => Slot::NazorgStart,
        Step::NazorgEind => Slot::NazorgEind,
        Step::Uitstroom(reden) => {
            n.uitstroom.get_or_insert_with(Default::default).reden = Some(reden);
            Slot::Uitstroom
        }
    };
    slot.set(&mut n, Some(date));
    let problems = n.validate();
    if problems.is_empty() {
        Ok((n, slot))
    } else {
        Err(problems)
    }
}

/// Corrects (or with None removes) one date; refused whole when a rule breaks.
pub fn correct(
    t: &Traject,
    slot: Slot,
    date: Option<NaiveDate>,
) -> Result<Traject, Vec<TrajectError>> {
    let mut n = t.clone();
    slot.set(&mut n, date);
    // Removing a grant also removes the dwangakkoord that rested on it.
    if slot == Slot::SrToegekend
        && date.is_none()
        && let Some(s) = n.schuldregeling.as_mut()
    {
        s.dwangakkoord = false;
        if *s == Schuldregeling::default() {
            n.schuldregeling = None;
        }
    }
    let problems = n.validate();
    if problems.is_empty() {
        Ok(n)
    } else {
        Err(problems)
    }
}
