//! Retention (Selectielijst gemeenten en intergemeentelijke organen 2020, category 8): how long
//! a case is kept after its traject ended, and the record kept when it is destroyed.
//!
//! Pure: the ends come from the traject, the periods from the policy, `today` from the caller.
//! Dates are calendar dates: "5 years after 29 February 2024" is 1 March 2029 (never earlier
//! than the full period).

use super::traject::{BeschikkingSoort, Traject, UitstroomReden};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The three retention classes of the Selectielijst that a debt-aid case can fall in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Klasse {
    /// Refused: 5 years after the beschikking (8.2).
    Afwijzing,
    /// Provided and ended (afgerond, zelf, overleden, verhuisd): 5 years after uitstroom.
    Uitstroom,
    /// Withdrawn or broken off (ingetrokken, niet_verschenen, voldoet_niet, niet_passend,
    /// overig): 1 year after uitstroom (8.4).
    Afgebroken,
}

impl Klasse {
    pub const ALL: [Klasse; 3] = [Klasse::Afwijzing, Klasse::Uitstroom, Klasse::Afgebroken];

    /// The key of its table in the policy (`[bewaren.afwijzing]`, …).
    pub fn id(self) -> &'static str {
        match self {
            Klasse::Afwijzing => "afwijzing",
            Klasse::Uitstroom => "uitstroom",
            Klasse::Afgebroken => "afgebroken",
        }
    }

    /// Dutch words for the lists.
    pub fn label(self) -> &'static str {
        match self {
            Klasse::Afwijzing => "afwijzing",
            Klasse::Uitstroom => "uitstroom na hulp",
            Klasse::Afgebroken => "ingetrokken of afgebroken",
        }
    }

    /// The class of an uitstroom with this reason.
    pub fn of_reden(reden: UitstroomReden) -> Klasse {
        match reden {
            UitstroomReden::Afgerond
            | UitstroomReden::Zelf
            | UitstroomReden::Overleden
            | UitstroomReden::Verhuisd => Klasse::Uitstroom,
            UitstroomReden::Ingetrokken
            | UitstroomReden::NietVerschenen
            | UitstroomReden::VoldoetNiet
            | UitstroomReden::NietPassend
            | UitstroomReden::Overig => Klasse::Afgebroken,
        }
    }
}

/// The period and Selectielijst category of one class (the policy's `[bewaren.*]` tables).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Termijn {
    pub jaren: u32,
    pub categorie: String,
}

/// The retention periods of the policy; [`Bewaarbeleid::default`] is the Selectielijst 2020.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bewaarbeleid {
    pub afwijzing: Termijn,
    pub uitstroom: Termijn,
    pub afgebroken: Termijn,
}

impl Default for Bewaarbeleid {
    fn default() -> Self {
        Bewaarbeleid {
            afwijzing: Termijn {
                jaren: 5,
                categorie: "8.2".into(),
            },
            uitstroom: Termijn {
                jaren: 5,
                categorie: "8.1.9 / 8.3.5".into(),
            },
            afgebroken: Termijn {
                jaren: 1,
                categorie: "8.4".into(),
            },
        }
    }
}

impl Bewaarbeleid {
    pub fn termijn(&self, klasse: Klasse) -> &Termijn {
        match klasse {
            Klasse::Afwijzing => &self.afwijzing,
            Klasse::Uitstroom => &self.uitstroom,
            Klasse::Afgebroken => &self.afgebroken,
        }
    }

    pub fn termijn_mut(&mut self, klasse: Klasse) -> &mut Termijn {
        match klasse {
            Klasse::Afwijzing => &mut self.afwijzing,
            Klasse::Uitstroom => &mut self.uitstroom,
            Klasse::Afgebroken => &mut self.afgebroken,
        }
    }
}

/// One way a traject ended, with its date (kept in the list summary: no personal data).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Einde {
    pub klasse: Klasse,
    pub datum: NaiveDate,
}

/// Every end the traject has: a refusing beschikking with its date, and an uitstroom with its
/// date. An uitstroom without a reason counts as ended after help (the longer period: a case
/// is never destroyed sooner than a rule allows).
pub fn einden(traject: &Traject) -> Vec<Einde> {
    let mut out = Vec::new();
    if let Some(b) = &traject.beschikking
        && b.soort == Some(BeschikkingSoort::Afwijzing)
        && let Some(datum) = b.datum
    {
        out.push(Einde {
            klasse: Klasse::Afwijzing,
            datum,
        });
    }
    if let Some(u) = &traject.uitstroom
        && let Some(datum) = u.datum
    {
        out.push(Einde {
            klasse: u.reden.map_or(Klasse::Uitstroom, Klasse::of_reden),
            datum,
        });
    }
    out
}

/// `jaren` calendar years after `date`; a 29 February in a year without one becomes 1 March
/// (the full period has passed only then).
pub fn years_after(date: NaiveDate, jaren: u32) -> NaiveDate {
    let year = date
        .year()
        .saturating_add(i32::try_from(jaren).unwrap_or(i32::MAX));
    NaiveDate::from_ymd_opt(year, date.month(), date.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
        .unwrap_or(NaiveDate::MAX)
}

/// The retention of one case: the end that keeps it longest, its category and the date from
/// which it may be destroyed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bewaartermijn {
    pub klasse: Klasse,
    pub categorie: String,
    pub jaren: u32,
    /// The end the period runs from.
    pub einde: NaiveDate,
    /// The first day the case may be destroyed.
    pub vernietigen_vanaf: NaiveDate,
}

impl Bewaartermijn {
    pub fn due(&self, today: NaiveDate) -> bool {
        self.vernietigen_vanaf <= today
    }
}

/// The retention of a case with these ends; None: no end, the case is kept.
pub fn bewaartermijn(einden: &[Einde], beleid: &Bewaarbeleid) -> Option<Bewaartermijn> {
    einden
        .iter()
        .map(|e| {
            let t = beleid.termijn(e.klasse);
            Bewaartermijn {
                klasse: e.klasse,
                categorie: t.categorie.clone(),
                jaren: t.jaren,
                einde: e.datum,
                vernietigen_vanaf: years_after(e.datum, t.jaren),
            }
        })
        .max_by_key(|b| b.vernietigen_vanaf)
}

/// A verklaring van vernietiging: what was destroyed, on which ground, when and by whom. No
/// personal data: only the case number, the category and dates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verklaring {
    pub zaaknummer: String,
    pub klasse: Klasse,
    pub categorie: String,
    pub jaren: u32,
    pub einde: NaiveDate,
    pub vernietigen_vanaf: NaiveDate,
    pub vernietigd_op: NaiveDate,
    pub vernietigd_door: String,
    /// The moment of the destruction (the record's order).
    pub tijdstip: chrono::DateTime<chrono::Utc>,
}

impl Verklaring {
    pub fn new(
        zaaknummer: &str,
        termijn: &Bewaartermijn,
        door: &str,
        at: chrono::DateTime<chrono::Utc>,
        today: NaiveDate,
    ) -> Verklaring {
        Verklaring {
            zaaknummer: zaaknummer.to_string(),
            klasse: termijn.klasse,
            categorie: termijn.categorie.clone(),
            jaren: termijn.jaren,
            einde: termijn.einde,
            vernietigen_vanaf: termijn.vernietigen_vanaf,
            vernietigd_op: today,
            vernietigd_door: door.to_string(),
            tijdstip: at,
        }
    }
}

impl Verklaring {
    /// What identifies a verklaring: the case number and the moment of destruction. A case is
    /// destroyed once; a case number that came back later (a restore, a new case with the same
    /// wanted number) is destroyed at another moment. A store keeps one verklaring per identity,
    /// so taking in the same verklaring twice (a second restore or migration) stores it once.
    pub fn identity(&self) -> (&str, chrono::DateTime<chrono::Utc>) {
        (&self.zaaknummer, self.tijdstip)
    }

    /// The Dutch count: "1 verklaring van vernietiging", "3 verklaringen van vernietiging".
    pub fn count_text(n: usize) -> String {
        if n == 1 {
            "1 verklaring van vernietiging".to_string()
        } else {
            format!("{n} verklaringen van vernietiging")
        }
    }
}

/// The verklaringen of `wanted` that `present` does not hold exactly as they are (missing, or
/// kept with the same identity but other contents): what a restore or a migration failed to
/// carry over.
pub fn not_kept<'a>(wanted: &'a [Verklaring], present: &[Verklaring]) -> Vec<&'a Verklaring> {
    wanted.iter().filter(|v| !present.contains(v)).collect()
}
