//! Properties of the engine over random valid answer sets (and random debt lists):
//! deterministic, never a refusal, and beschermingsbewind only when bewind advice is `overwegen`.

use crate::support::today;
use chrono::NaiveDate;
use loket::domain::answers::{Answers, Value};
use loket::domain::case::{Debt, DebtCategory};
use loket::domain::checklist::{Checklists, ItemType};
use loket::domain::policy::Policy;
use loket::domain::segment::{segment, to_contract_json};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value as J;
use std::sync::LazyLock;

static CHECKLISTS: LazyLock<Checklists> = LazyLock::new(Checklists::embedded);
static POLICY: LazyLock<Policy> = LazyLock::new(Policy::embedded);

const LADDER: [&str; 6] = [
    "informatie_advies",
    "thuisadministratie",
    "budgetcoaching",
    "budgetbeheer_basis",
    "budgetbeheer_totaal",
    "beschermingsbewind",
];
const ROUTES: [&str; 5] = [
    "geen",
    "betalingsregeling",
    "stabilisatie",
    "schuldregeling",
    "dfd",
];
const ADVICE: [&str; 5] = [
    "niet_beoordeeld",
    "onvolledig",
    "geen_grond",
    "niet_nodig",
    "overwegen",
];

/// Turns random numbers into a valid answer set: each item unanswered (1 in `gap`) or a value
/// of its type that passes the item's own check. Amounts are small enough to reach every route.
fn answers_from(r: &[u32], bewind: bool, gap: u32) -> Answers {
    let mut a = Answers::default();
    let mut n = r.iter().copied().cycle();
    let base = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
    for cl in CHECKLISTS.all() {
        if cl.id == "bewind" && !bewind {
            continue;
        }
        a.start(&cl.id);
        for item in cl.items() {
            let x = n.next().unwrap_or(0);
            if x % gap == 0 {
                continue;
            }
            let opts: Vec<String> = item.options.iter().map(|o| o.id.clone()).collect();
            let value = match item.kind {
                ItemType::Bool => Value::Bool(x % 2 == 0),
                ItemType::Date => Value::Date(base + chrono::Days::new(u64::from(x % 700))),
                ItemType::Eur if x % 7 == 0 => Value::Eur(Decimal::ZERO),
                ItemType::Eur => Value::Eur(Decimal::new(i64::from((x / 7) % 400_000), 2)),
                ItemType::Int => Value::Int(x % 15),
                ItemType::Score => Value::Score(u8::try_from(1 + x % 5).unwrap_or(1)),
                ItemType::Text => Value::Text(format!("t{x}")),
                ItemType::Choice => Value::Choice(opts[(x as usize) % opts.len()].clone()),
                ItemType::Multi => {
                    let mut m: Vec<String> = opts
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| (x >> (i % 31)) & 1 == 1)
                        .map(|(_, o)| o.clone())
                        .collect();
                    if m.len() > 1 {
                        m.retain(|o| !item.exclusive.contains(o));
                    }
                    Value::Multi(m)
                }
            };
            if item.check(&value).is_ok() {
                a.set(&cl.id, &item.id, Some(value), cl.version);
            }
        }
    }
    a
}

fn debts_from(r: &[(u8, u32, bool)]) -> Vec<Debt> {
    r.iter()
        .map(|(c, amount, g)| Debt {
            creditor: format!("S{}", c % 5),
            category: DebtCategory::ALL[usize::from(*c) % 4],
            amount: Decimal::new(i64::from(*amount % 2_000_000), 2),
            collector: c % 2 == 0,
            garnishment: *g,
        })
        .collect()
}

fn two_decimals(v: &J) -> bool {
    match v {
        J::Null => true,
        J::String(s) => s
            .trim_start_matches('-')
            .split_once('.')
            .is_some_and(|(i, f)| !i.is_empty() && f.len() == 2 && s.parse::<Decimal>().is_ok()),
        _ => false,
    }
}

/// (random numbers for the answers, bewind started, 1-in-`gap` unanswered, debts)
type Input = (Vec<u32>, bool, u32, Vec<(u8, u32, bool)>);

fn input() -> impl Strategy<Value = Input> {
    (
        prop::collection::vec(any::<u32>(), 90),
        any::<bool>(),
        prop::sample::select(vec![2u32, 6, 40, u32::MAX]),
        prop::collection::vec((any::<u8>(), any::<u32>(), prop::bool::weighted(0.1)), 0..4),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_engine_is_deterministic((r, bewind, gap, d) in input()) {
        let a = answers_from(&r, bewind, gap);
        let debts = debts_from(&d);
        let one = to_contract_json(&segment(&a, &debts, &CHECKLISTS, &POLICY, today()));
        let two = to_contract_json(&segment(&a, &debts, &CHECKLISTS, &POLICY, today()));
        prop_assert_eq!(one, two);
    }

    #[test]
    fn the_output_never_refuses((r, bewind, gap, d) in input()) {
        let a = answers_from(&r, bewind, gap);
        let o = segment(&a, &debts_from(&d), &CHECKLISTS, &POLICY, today());
        let j = to_contract_json(&o);
        let p = &j["support"]["provision"];
        prop_assert!(p.is_null() || p.as_str().is_some_and(|s| LADDER.contains(&s)), "provision {}", p);
        let route = &j["debt_route"]["route"];
        prop_assert!(route.is_null() || route.as_str().is_some_and(|s| ROUTES.contains(&s)), "route {}", route);
        let advice = j["bewind"]["advice"].as_str().unwrap_or("");
        prop_assert!(ADVICE.contains(&advice), "advice {}", advice);
        let kind = &j["bewind"]["kind"];
        prop_assert!(kind.is_null() || kind == "toestandsbewind" || kind == "schuldenbewind");
        for add in j["support"]["additions"].as_array().into_iter().flatten() {
            prop_assert!(add.as_str().is_some_and(|s| LADDER.contains(&s)));
        }
        for m in ["vtlb", "repayment_capacity"] {
            prop_assert!(two_decimals(&j["debt_route"][m]), "{} = {}", m, j["debt_route"][m]);
        }
        prop_assert!(two_decimals(&j["bewind"]["first_year_cost"]));
        prop_assert_eq!(o.complete, o.missing.is_empty());
        // A part that is null says what it waits for; one that is computed waits for nothing.
        prop_assert_eq!(o.debt_route.route.is_none(), !o.debt_route.waiting_for.is_empty());
        prop_assert_eq!(o.support.base.is_none(), !o.support.waiting_for.is_empty());
    }

    #[test]
    fn beschermingsbewind_only_when_bewind_is_overwegen((r, bewind, gap, d) in input()) {
        let a = answers_from(&r, bewind, gap);
        let o = segment(&a, &debts_from(&d), &CHECKLISTS, &POLICY, today());
        let j = to_contract_json(&o);
        let is_bewind = j["support"]["provision"] == "beschermingsbewind";
        let overwegen = j["bewind"]["advice"] == "overwegen";
        prop_assert_eq!(is_bewind, overwegen);
        prop_assert_eq!(j["bewind"]["kind"].is_null(), !overwegen);
        prop_assert_eq!(j["bewind"]["first_year_cost"].is_null(), !overwegen);
    }
}

/// The generator reaches the interesting branches (guards against a vacuous property).
#[test]
fn the_generator_reaches_every_advice_and_route() {
    let mut advice = std::collections::BTreeSet::new();
    let mut routes = std::collections::BTreeSet::new();
    let mut x: u32 = 12345;
    for i in 0..4000u32 {
        let r: Vec<u32> = (0..90)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                x >> 4
            })
            .collect();
        let gap = if i % 3 == 0 { 6 } else { u32::MAX };
        let o = segment(
            &answers_from(&r, i % 4 != 0, gap),
            &[],
            &CHECKLISTS,
            &POLICY,
            today(),
        );
        let j = to_contract_json(&o);
        advice.insert(j["bewind"]["advice"].as_str().unwrap_or("").to_string());
        routes.insert(
            j["debt_route"]["route"]
                .as_str()
                .unwrap_or("null")
                .to_string(),
        );
    }
    for a in ADVICE {
        assert!(advice.contains(a), "{a} never reached: {advice:?}");
    }
    for r in ROUTES {
        assert!(routes.contains(r), "{r} never reached: {routes:?}");
    }
}
