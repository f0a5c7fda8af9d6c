//! Deadlines of SEGMENTATION.md §5 around every holiday, plus due items, urgency and properties.

use crate::support::day;
use chrono::{Days, NaiveDate};
use loket::domain::answers::{Answers, Value};
use loket::domain::calendar::Calendar;
use loket::domain::deadlines::{
    DeadlineKind, Deadlines, DueItem, Progress, Urgency, compute, due_items, next_open, urgency,
};
use loket::domain::policy::Policy;
use proptest::prelude::*;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("valid date")
}

/// A small builder over `Answers`, putting each item in its real checklist.
#[derive(Default)]
struct Case(Answers);

impl Case {
    fn set(mut self, item: &str, value: Value) -> Self {
        let checklist = if item.starts_with("bewind.") {
            "bewind"
        } else {
            "schuldhulp"
        };
        self.0.set(checklist, item, Some(value), 1);
        self
    }
    fn melding(self, d: &str) -> Self {
        self.set("melding.datum", Value::Date(date(d)))
    }
    fn gesprek(self, d: &str) -> Self {
        self.set("melding.eerste_gesprek", Value::Date(date(d)))
    }
    fn flag(self, item: &str, b: bool) -> Self {
        self.set(item, Value::Bool(b))
    }
    fn crisis(self) -> Self {
        self.flag("crisis.afsluiting", true)
    }
    fn bewind(self, start: &str) -> Self {
        self.flag("bewind.lopend", true)
            .set("bewind.startdatum", Value::Date(date(start)))
    }
}

fn policy() -> Policy {
    Policy::embedded()
}

fn due(case: Case, kind: DeadlineKind) -> Option<NaiveDate> {
    compute(&case.0, &policy()).get(kind)
}

#[test]
fn the_examples_of_the_issue() {
    let d = compute(&Case::default().melding("2026-11-20").crisis().0, &policy());
    assert_eq!(d.eerste_gesprek, Some(day(2026, 11, 25)));
    assert_eq!(d.crisis_afgerond, Some(day(2026, 12, 9)));
    assert_eq!(d.beschikking, None);
    let d = compute(&Case::default().melding("2026-11-02").0, &policy());
    assert_eq!(
        d,
        Deadlines {
            eerste_gesprek: Some(day(2026, 11, 30)),
            ..Deadlines::default()
        }
    );
}

#[test]
fn eerste_gesprek_without_crisis_is_28_days_rolled_forward() {
    for (melding, expected, around) in [
        ("2026-11-02", "2026-11-30", "ordinary Monday"),
        (
            "2026-03-06",
            "2026-04-07",
            "Goede Vrijdag, Easter, Tweede Paasdag",
        ),
        ("2026-03-30", "2026-04-28", "Koningsdag"),
        ("2026-04-07", "2026-05-06", "5 mei"),
        ("2026-04-16", "2026-05-15", "Hemelvaartsdag"),
        ("2026-04-27", "2026-05-26", "Tweede Pinksterdag"),
        ("2026-11-27", "2026-12-28", "Kerst"),
        ("2026-12-04", "2027-01-04", "Nieuwjaarsdag"),
        ("2026-10-31", "2026-11-30", "Saturday end → Monday"),
    ] {
        assert_eq!(
            due(
                Case::default().melding(melding),
                DeadlineKind::EersteGesprek
            ),
            Some(date(expected)),
            "melding {melding} ({around})"
        );
    }
}

#[test]
fn eerste_gesprek_in_crisis_is_3_working_days_after_the_melding() {
    for (melding, expected, around) in [
        ("2026-11-20", "2026-11-25", "weekend"),
        ("2026-04-02", "2026-04-09", "Easter"),
        ("2026-04-24", "2026-04-30", "Koningsdag"),
        ("2026-05-01", "2026-05-07", "5 mei"),
        ("2026-05-13", "2026-05-19", "Hemelvaartsdag"),
        ("2026-05-22", "2026-05-28", "Tweede Pinksterdag"),
        ("2026-12-23", "2026-12-29", "Kerst"),
        ("2026-12-30", "2027-01-05", "Nieuwjaarsdag"),
    ] {
        assert_eq!(
            due(
                Case::default().melding(melding).crisis(),
                DeadlineKind::EersteGesprek
            ),
            Some(date(expected)),
            "melding {melding} ({around})"
        );
    }
}

#[test]
fn every_crisis_item_makes_a_crisis_but_the_eindeleveringssignaal_does_not() {
    for item in [
        "crisis.ontruiming",
        "crisis.afsluiting",
        "crisis.zorgverzekering",
        "crisis.overig",
    ] {
        let d = compute(
            &Case::default().melding("2026-11-20").flag(item, true).0,
            &policy(),
        );
        assert_eq!(d.eerste_gesprek, Some(day(2026, 11, 25)), "{item}");
        assert!(d.crisis_afgerond.is_some(), "{item}");
    }
    let signal = Case::default()
        .melding("2026-11-20")
        .flag("crisis.eindeleveringssignaal", true)
        .flag("crisis.ontruiming", false)
        .flag("crisis.afsluiting", false);
    let d = compute(&signal.0, &policy());
    assert_eq!(d.eerste_gesprek, Some(day(2026, 12, 18)));
    assert_eq!(d.crisis_afgerond, None);
}

#[test]
fn no_melding_no_eerste_gesprek_deadline() {
    let d = compute(&Case::default().crisis().0, &policy());
    assert_eq!(d, Deadlines::default());
}

#[test]
fn crisis_afgerond_from_the_held_gesprek_or_else_its_deadline() {
    let base = || Case::default().melding("2026-11-20").crisis();
    for (case, expected, around) in [
        (base(), "2026-12-09", "from the deadline 2026-11-25"),
        (base().gesprek("2026-12-11"), "2026-12-28", "Kerst"),
        (
            base().gesprek("2026-12-04"),
            "2026-12-18",
            "ordinary Friday",
        ),
        (
            base()
                .gesprek("2026-12-04")
                .flag("huishouden.ondernemer", true),
            "2027-01-04",
            "ondernemer: 4 weeks, Nieuwjaarsdag",
        ),
        (
            base().flag("huishouden.ondernemer", true),
            "2026-12-23",
            "ondernemer, from the deadline",
        ),
        (base().gesprek("2026-03-20"), "2026-04-07", "Easter"),
        (base().gesprek("2026-04-30"), "2026-05-15", "Hemelvaartsdag"),
        (base().gesprek("2026-04-13"), "2026-04-28", "Koningsdag"),
        (base().gesprek("2026-04-21"), "2026-05-06", "5 mei"),
        (
            base().gesprek("2026-05-11"),
            "2026-05-26",
            "Tweede Pinksterdag",
        ),
    ] {
        assert_eq!(
            compute(&case.0, &policy()).crisis_afgerond,
            Some(date(expected)),
            "{around}"
        );
    }
    // Not a crisis: no crisis deadline, even with a gesprek.
    let calm = Case::default().melding("2026-11-20").gesprek("2026-11-24");
    assert_eq!(due(calm, DeadlineKind::CrisisAfgerond), None);
    // A crisis without a melding or a gesprek has nothing to count from.
    assert_eq!(
        due(Case::default().crisis(), DeadlineKind::CrisisAfgerond),
        None
    );
}

#[test]
fn beschikking_counts_beslistermijn_weeks_from_the_gesprek() {
    for (gesprek, expected, around) in [
        ("2026-03-02", "2026-04-28", "Koningsdag"),
        ("2026-03-10", "2026-05-06", "5 mei"),
        ("2026-03-19", "2026-05-15", "Hemelvaartsdag"),
        ("2026-03-30", "2026-05-26", "Tweede Pinksterdag"),
        ("2026-10-30", "2026-12-28", "Kerst"),
        (
            "2027-01-29",
            "2027-03-30",
            "Goede Vrijdag and Tweede Paasdag 2027",
        ),
    ] {
        assert_eq!(
            due(Case::default().gesprek(gesprek), DeadlineKind::Beschikking),
            Some(date(expected)),
            "gesprek {gesprek} ({around})"
        );
    }
    let mut six = policy();
    six.beslistermijn_weken = 6;
    let d = compute(&Case::default().gesprek("2026-11-20").0, &six);
    assert_eq!(
        d.beschikking,
        Some(day(2027, 1, 4)),
        "6 weeks, Nieuwjaarsdag"
    );
    // Without a gesprek there is no beschikking term yet.
    assert_eq!(
        due(
            Case::default().melding("2026-11-20"),
            DeadlineKind::Beschikking
        ),
        None
    );
}

#[test]
fn bewind_melding_is_14_days_after_the_start() {
    for (start, expected, around) in [
        ("2026-12-11", "2026-12-28", "Kerst"),
        ("2026-12-18", "2027-01-04", "Nieuwjaarsdag"),
        ("2026-04-21", "2026-05-06", "5 mei"),
        ("2026-04-30", "2026-05-15", "Hemelvaartsdag"),
        ("2026-04-13", "2026-04-28", "Koningsdag"),
        ("2026-03-20", "2026-04-07", "Easter"),
        ("2026-05-11", "2026-05-26", "Tweede Pinksterdag"),
    ] {
        assert_eq!(
            due(Case::default().bewind(start), DeadlineKind::BewindMelding),
            Some(date(expected)),
            "start {start} ({around})"
        );
    }
}

#[test]
fn bewind_plan_is_3_months_after_the_start_clamped_and_rolled() {
    for (start, expected, around) in [
        (
            "2026-11-30",
            "2027-03-01",
            "clamped to Sunday 28 February, rolled",
        ),
        ("2026-11-15", "2027-02-15", "ordinary Monday"),
        ("2027-11-30", "2028-02-29", "clamped to a leap day"),
        ("2026-01-03", "2026-04-07", "Goede Vrijdag"),
        ("2026-01-27", "2026-04-28", "Koningsdag"),
        ("2026-02-05", "2026-05-06", "5 mei"),
        ("2026-02-14", "2026-05-15", "Hemelvaartsdag"),
        ("2026-02-25", "2026-05-26", "Tweede Pinksterdag"),
        ("2026-09-25", "2026-12-28", "Kerst"),
        ("2026-10-01", "2027-01-04", "Nieuwjaarsdag"),
    ] {
        assert_eq!(
            due(Case::default().bewind(start), DeadlineKind::BewindPlan),
            Some(date(expected)),
            "start {start} ({around})"
        );
    }
}

#[test]
fn bewind_deadlines_need_a_running_bewind_a_start_and_the_adviesrecht() {
    let mut zonder = policy();
    zonder.adviesrecht = false;
    let d = compute(&Case::default().bewind("2026-11-30").0, &zonder);
    assert_eq!((d.bewind_melding, d.bewind_plan), (None, None));

    let not_running = Case::default()
        .set("bewind.startdatum", Value::Date(day(2026, 11, 30)))
        .flag("bewind.lopend", false);
    let d = compute(&not_running.0, &policy());
    assert_eq!((d.bewind_melding, d.bewind_plan), (None, None));

    let no_start = Case::default().flag("bewind.lopend", true);
    assert_eq!(compute(&no_start.0, &policy()), Deadlines::default());

    let d = compute(&Case::default().bewind("2026-11-30").0, &policy());
    assert_eq!(d.bewind_melding, Some(day(2026, 12, 14)));
    assert_eq!(d.bewind_plan, Some(day(2027, 3, 1)));
}

#[test]
fn extra_vrije_dagen_are_honoured() {
    let mut p = policy();
    p.extra_vrije_dagen = vec![day(2026, 5, 15)]; // the Friday after Hemelvaartsdag
    let calm = compute(&Case::default().melding("2026-04-16").0, &p);
    assert_eq!(calm.eerste_gesprek, Some(day(2026, 5, 18)));
    let crisis = compute(&Case::default().melding("2026-05-13").crisis().0, &p);
    assert_eq!(crisis.eerste_gesprek, Some(day(2026, 5, 20)));
    let bewind = compute(&Case::default().bewind("2026-05-01").0, &p);
    assert_eq!(bewind.bewind_melding, Some(day(2026, 5, 18)));
    // Without the decree the same terms end on that Friday.
    let plain = compute(&Case::default().melding("2026-04-16").0, &policy());
    assert_eq!(plain.eerste_gesprek, Some(day(2026, 5, 15)));
}

#[test]
fn kinds_have_ids_labels_and_round_trip() {
    let ids: Vec<&str> = DeadlineKind::ALL.iter().map(|k| k.id()).collect();
    assert_eq!(
        ids,
        [
            "eerste_gesprek",
            "crisis_afgerond",
            "beschikking",
            "bewind_melding",
            "bewind_plan"
        ]
    );
    for k in DeadlineKind::ALL {
        assert_eq!(DeadlineKind::from_id(k.id()), Some(k));
        assert!(!k.label().is_empty());
    }
    assert_eq!(DeadlineKind::EersteGesprek.label(), "Eerste gesprek");
    assert_eq!(DeadlineKind::from_id("termijn"), None);
}

#[test]
fn due_items_follow_compute_and_the_met_rules() {
    let p = policy();
    let open = Case::default().melding("2026-11-20").crisis();
    let items = due_items(&open.0, &p, &Progress::default());
    let kinds: Vec<DeadlineKind> = items.iter().map(|i| i.kind).collect();
    assert_eq!(
        kinds,
        [DeadlineKind::EersteGesprek, DeadlineKind::CrisisAfgerond]
    );
    assert_eq!(items[0].due, day(2026, 11, 25));
    assert_eq!(items[0].met_on, None);
    assert!(items[0].basis.contains("3 werkdagen"), "{}", items[0].basis);
    assert!(
        items[1].basis.contains("uiterste datum"),
        "{}",
        items[1].basis
    );
    assert_eq!(
        next_open(&items).map(|i| i.kind),
        Some(DeadlineKind::EersteGesprek)
    );

    let held = Case::default()
        .melding("2026-11-20")
        .crisis()
        .gesprek("2026-11-24")
        .bewind("2026-11-30");
    let items = due_items(&held.0, &p, &Progress::default());
    let computed = compute(&held.0, &p);
    assert_eq!(items.len(), 5);
    for item in &items {
        assert_eq!(Some(item.due), computed.get(item.kind), "{:?}", item.kind);
        assert!(!item.action.is_empty());
    }
    assert_eq!(items[0].met_on, Some(day(2026, 11, 24)));
    assert!(!items[0].met_late());
    assert_eq!(items[1].due, day(2026, 12, 8));
    assert!(items[2].basis.contains("8 weken"), "{}", items[2].basis);
    assert_eq!(items[2].due, day(2027, 1, 19));
    // Earliest open: crisis_afgerond 2026-12-08 before bewind_melding 2026-12-14.
    assert_eq!(
        next_open(&items).map(|i| i.kind),
        Some(DeadlineKind::CrisisAfgerond)
    );

    let decided = Progress {
        decided_on: Some(day(2026, 12, 10)),
        closed: false,
    };
    let items = due_items(&held.0, &p, &decided);
    assert_eq!(items[1].met_on, Some(day(2026, 12, 10)));
    assert!(items[1].met_late(), "decided after 2026-12-08");
    assert_eq!(items[2].met_on, Some(day(2026, 12, 10)));
    assert!(!items[2].met_late());
    assert_eq!(
        next_open(&items).map(|i| i.kind),
        Some(DeadlineKind::BewindMelding)
    );
}

#[test]
fn a_closed_case_keeps_only_met_deadlines() {
    let case = Case::default()
        .melding("2026-11-20")
        .crisis()
        .gesprek("2026-11-24")
        .bewind("2026-11-30");
    let closed = Progress {
        decided_on: None,
        closed: true,
    };
    let items = due_items(&case.0, &policy(), &closed);
    let kinds: Vec<DeadlineKind> = items.iter().map(|i| i.kind).collect();
    assert_eq!(kinds, [DeadlineKind::EersteGesprek]);
    assert_eq!(next_open(&items), None);
}

#[test]
fn ondernemer_changes_the_basis_text() {
    let case = Case::default()
        .melding("2026-11-20")
        .crisis()
        .gesprek("2026-11-24")
        .flag("huishouden.ondernemer", true);
    let items = due_items(&case.0, &policy(), &Progress::default());
    let crisis = items
        .iter()
        .find(|i| i.kind == DeadlineKind::CrisisAfgerond)
        .expect("crisis item");
    assert!(crisis.basis.contains("4 weken"), "{}", crisis.basis);
    assert!(crisis.basis.contains("ondernemer"), "{}", crisis.basis);
    assert_eq!(crisis.due, day(2026, 12, 22));
}

fn item(due: NaiveDate, met_on: Option<NaiveDate>) -> DueItem {
    DueItem {
        kind: DeadlineKind::EersteGesprek,
        due,
        met_on,
        basis: String::new(),
        action: String::new(),
    }
}

#[test]
fn urgency_against_today() {
    let due = day(2026, 11, 25);
    for (today, expected) in [
        (day(2026, 11, 26), Urgency::Verlopen),
        (day(2027, 1, 1), Urgency::Verlopen),
        (day(2026, 11, 25), Urgency::Vandaag),
        (day(2026, 11, 24), Urgency::DezeWeek),
        (day(2026, 11, 18), Urgency::DezeWeek),
        (day(2026, 11, 17), Urgency::Later),
    ] {
        assert_eq!(urgency(&item(due, None), today), expected, "today {today}");
    }
    let met = item(due, Some(day(2026, 11, 30)));
    assert_eq!(urgency(&met, day(2026, 12, 1)), Urgency::Gehaald);
    assert!(met.met_late());
    let labels: Vec<&str> = [
        Urgency::Verlopen,
        Urgency::Vandaag,
        Urgency::DezeWeek,
        Urgency::Later,
        Urgency::Gehaald,
    ]
    .iter()
    .map(|u| u.label())
    .collect();
    assert_eq!(
        labels,
        ["verlopen", "vandaag", "deze week", "later", "gehaald"]
    );
}

#[test]
fn next_open_picks_the_earliest_unmet_and_breaks_ties_by_kind() {
    let mut a = item(day(2026, 12, 1), None);
    a.kind = DeadlineKind::BewindPlan;
    let mut b = item(day(2026, 12, 1), None);
    b.kind = DeadlineKind::Beschikking;
    let met = item(day(2026, 11, 1), Some(day(2026, 11, 1)));
    let items = vec![met, a, b];
    assert_eq!(
        next_open(&items).map(|i| i.kind),
        Some(DeadlineKind::Beschikking)
    );
    assert_eq!(next_open(&[]), None);
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (0u64..36_500).prop_map(|n| day(1990, 1, 1) + Days::new(n))
}

proptest! {
    #[test]
    fn every_deadline_is_a_working_day_after_its_start(
        melding in any_date(),
        gesprek_after in proptest::option::of(0u64..60),
        crisis in any::<[bool; 4]>(),
        ondernemer in any::<bool>(),
        bewind in proptest::option::of(any_date()),
        extra in proptest::collection::vec(any_date(), 0..6),
        weken in 1u32..=104,
    ) {
        let mut case = Case::default().melding(&melding.to_string());
        let gesprek = gesprek_after.map(|n| melding + Days::new(n));
        if let Some(g) = gesprek {
            case = case.gesprek(&g.to_string());
        }
        for (item, on) in ["crisis.ontruiming", "crisis.afsluiting", "crisis.zorgverzekering", "crisis.overig"]
            .into_iter()
            .zip(crisis)
        {
            case = case.flag(item, on);
        }
        case = case.flag("huishouden.ondernemer", ondernemer);
        if let Some(start) = bewind {
            case = case.bewind(&start.to_string());
        }
        let mut p = policy();
        p.extra_vrije_dagen = extra.clone();
        p.beslistermijn_weken = weken;
        let cal = Calendar::new(&extra);
        let d = compute(&case.0, &p);

        let eerste = d.eerste_gesprek.expect("melding answered");
        prop_assert!(eerste > melding);
        for kind in DeadlineKind::ALL {
            if let Some(due) = d.get(kind) {
                prop_assert!(cal.is_working_day(due), "{:?} on {}", kind, due);
            }
        }
        let is_crisis = crisis.iter().any(|b| *b);
        prop_assert_eq!(d.crisis_afgerond.is_some(), is_crisis);
        if let Some(c) = d.crisis_afgerond {
            prop_assert!(c > gesprek.unwrap_or(eerste));
        }
        if is_crisis {
            // Three working days never take longer than the ordinary four weeks.
            prop_assert!(eerste <= cal.term_days(melding, 28).expect("in range"));
        }
        prop_assert_eq!(d.beschikking.is_some(), gesprek.is_some());
        if let (Some(b), Some(g)) = (d.beschikking, gesprek) {
            prop_assert!(b >= g + Days::new(u64::from(weken) * 7));
        }
        prop_assert_eq!(d.bewind_melding.is_some(), bewind.is_some());
        if let (Some(m), Some(plan)) = (d.bewind_melding, d.bewind_plan) {
            prop_assert!(m < plan);
        }
    }
}
