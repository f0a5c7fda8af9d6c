//! Tests of single functions, moved out of `src/` so that `cargo test` compiles the library once
//! (the `[lib]` has `test = false`).

mod app_list {
    use chrono::{TimeZone, Utc};
    use loket::app::list::*;
    use loket::app::text::InputOp;
    use loket::devtools::generate::{Rng, name};
    use loket::domain::case::Status;
    use loket::domain::summary::Summary;
    use loket::store::CaseKey;

    fn list(n: u64) -> ListState {
        let mut rng = Rng::new(9);
        let at = Utc
            .with_ymd_and_hms(2026, 1, 1, 9, 0, 0)
            .single()
            .expect("time");
        let summaries = (0..n)
            .map(|i| {
                let s = Summary {
                    case_id: format!("2026-{:05}", i + 1),
                    name: name(&mut rng),
                    status: Status::Intake,
                    created_at: at,
                    updated_at: at + chrono::Duration::minutes(i as i64 % 97),
                    crisis: false,
                    deadlines: Vec::new(),
                    proposed: None,
                    decided: None,
                    overridden: false,
                    debt_route: None,
                    aanmelding: None,
                    melding: None,
                    einden: Vec::new(),
                    beperkt: false,
                };
                (CaseKey(i + 1), s)
            })
            .collect();
        ListState::new(summaries)
    }

    /// Typing, deleting and special syntax give exactly what a fresh full filter gives.
    #[test]
    fn narrowing_as_you_type_equals_a_full_filter() {
        let mut typed = list(3000);
        let ops: Vec<InputOp> = "jan de ba"
            .chars()
            .map(InputOp::Insert)
            .chain([InputOp::Backspace, InputOp::Backspace])
            .chain("vi!s".chars().map(InputOp::Insert))
            .chain([InputOp::Backspace, InputOp::Home, InputOp::Insert('x')])
            .chain([InputOp::Delete, InputOp::End, InputOp::Insert('ö')])
            .collect();
        for op in ops {
            typed.query.apply(op);
            typed.refilter();
            // A list that never narrowed: filtered from scratch.
            let mut fresh = list(3000);
            fresh.query.set(typed.query.text());
            fresh.refilter();
            assert_eq!(
                typed.visible,
                fresh.visible,
                "query {:?}",
                typed.query.text()
            );
        }
        typed.query.set("");
        typed.refilter();
        assert_eq!(typed.visible.len(), 3000);
    }
}

mod app_text {
    use loket::app::text::*;

    #[test]
    fn the_caret_is_drawn_where_the_cursor_is() {
        let mut l = LineInput::new("abc");
        assert_eq!(l.with_caret(), "abc▏");
        l.apply(InputOp::Home);
        l.apply(InputOp::Insert('€'));
        assert_eq!(l.with_caret(), "€▏abc");
    }

    #[test]
    fn a_prefilled_value_is_replaced_by_typing_but_kept_by_editing_keys() {
        let mut l = LineInput::prefilled("24-11-2026");
        l.apply(InputOp::Insert('1'));
        assert_eq!(l.text(), "1");
        let mut l = LineInput::prefilled("1450");
        l.apply(InputOp::Backspace);
        l.apply(InputOp::Insert('5'));
        assert_eq!(l.text(), "1455");
        let mut l = LineInput::prefilled("abc");
        l.apply(InputOp::Home);
        l.apply(InputOp::Insert('x'));
        assert_eq!(l.text(), "xabc");
    }

    #[test]
    fn edits_at_the_cursor_with_multibyte_text() {
        let mut l = LineInput::new("€ 1");
        l.apply(InputOp::Home);
        l.apply(InputOp::Right);
        l.apply(InputOp::Insert('x'));
        assert_eq!(l.text(), "€x 1");
        l.apply(InputOp::Backspace);
        l.apply(InputOp::Backspace);
        assert_eq!(l.text(), " 1");
        l.apply(InputOp::Backspace);
        assert_eq!(l.text(), " 1");
        l.apply(InputOp::End);
        l.apply(InputOp::Delete);
        assert_eq!(l.text(), " 1");
        assert_eq!(l.cursor(), 2);
    }
}

mod devtools_generate {
    use chrono::NaiveDate;
    use loket::devtools::generate::*;
    use loket::domain::bsn::Bsn;
    use loket::domain::case::{Case, Status};
    use loket::domain::checklist::Checklists;
    use loket::domain::policy::Policy;
    use loket::domain::segment;

    fn ctx_parts() -> (Checklists, Policy, NaiveDate) {
        (
            Checklists::embedded(),
            Policy::embedded(),
            NaiveDate::from_ymd_opt(2026, 11, 24).expect("date"),
        )
    }

    #[test]
    fn same_seed_same_case_other_seed_other_case() {
        let (checklists, policy, today) = ctx_parts();
        let ctx = Context {
            checklists: &checklists,
            policy: &policy,
            today,
        };
        for i in 0..50 {
            assert_eq!(case(7, i, &ctx), case(7, i, &ctx));
        }
        let differ = (0..50)
            .filter(|&i| case(7, i, &ctx) != case(8, i, &ctx))
            .count();
        assert!(differ >= 49);
    }

    #[test]
    fn cases_are_valid_and_varied() {
        let (checklists, policy, today) = ctx_parts();
        let ctx = Context {
            checklists: &checklists,
            policy: &policy,
            today,
        };
        let cases: Vec<Case> = (0..400).map(|i| case(1, i, &ctx)).collect();
        for c in &cases {
            assert!(c.created_at <= c.updated_at);
            assert!(c.updated_at.date_naive() <= today);
            for (cl, items) in &c.answers.0 {
                let cl = checklists.get(cl).expect("checklist");
                for (id, a) in items {
                    let item = cl.item(id).unwrap_or_else(|| panic!("unknown item {id}"));
                    item.check(&a.value).unwrap_or_else(|e| panic!("{id}: {e}"));
                }
            }
            if let Some(d) = &c.decision {
                assert_eq!(d.reason.is_some(), d.is_override());
            }
        }
        for s in Status::ALL {
            assert!(cases.iter().filter(|c| c.status == s).count() > 40, "{s:?}");
        }
        let complete = cases
            .iter()
            .filter(|c| segment::segment_case(c, &checklists, &policy, today).complete)
            .count();
        assert!(complete > 100, "complete: {complete}");
        assert!(cases.iter().any(|c| c.answers.is_started("bewind")));
        assert!(cases.iter().any(|c| c.debts.len() > 8));
        assert!(cases.iter().any(|c| c.notes.len() > 1));
        let names: std::collections::BTreeSet<_> = cases.iter().map(|c| &c.client.name).collect();
        assert!(names.len() > 300);
    }

    #[test]
    fn bsn_passes_the_elfproef() {
        let mut rng = Rng::new(3);
        for _ in 0..200 {
            let b = bsn(&mut rng);
            assert!(Bsn::parse(b.as_str()).is_ok());
        }
    }
}

mod domain_bsn {
    use loket::domain::bsn::*;

    #[test]
    fn elfproef() {
        assert!(Bsn::parse("111222333").is_ok());
        assert!(Bsn::parse("123456782").is_ok());
        assert!(Bsn::parse("1112.22.333").is_ok());
        assert!(
            Bsn::parse("123456789")
                .expect_err("fails elfproef")
                .to_string()
                .contains("elfproef")
        );
        assert!(Bsn::parse("000000000").is_err());
        assert!(
            Bsn::parse("12345678")
                .expect_err("short")
                .to_string()
                .contains("9 cijfers")
        );
        assert!(Bsn::parse("12345678a").is_err());
    }

    #[test]
    fn masks_all_but_last_three() {
        let b = Bsn::parse("111222333").expect("valid");
        assert_eq!(b.masked(), "******333");
    }
}

mod domain_calendar {
    use chrono::{Datelike, NaiveDate, Weekday};
    use loket::domain::calendar::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn koningsdag_moves_to_saturday_only_when_the_27th_is_a_sunday() {
        let cal = Calendar::default();
        // 2025-04-27 and 2031-04-27 are Sundays.
        assert_eq!(cal.holiday_name(day(2025, 4, 26)), Some(names::KONINGSDAG));
        assert_eq!(cal.holiday_name(day(2025, 4, 27)), None);
        assert_eq!(cal.holiday_name(day(2031, 4, 26)), Some(names::KONINGSDAG));
        // 2030-04-27 is a Saturday: it stays, and the 26th is an ordinary Friday.
        assert_eq!(cal.holiday_name(day(2030, 4, 27)), Some(names::KONINGSDAG));
        assert_eq!(cal.holiday_name(day(2030, 4, 26)), None);
        assert!(cal.is_working_day(day(2030, 4, 26)));
    }

    #[test]
    fn coinciding_holidays_get_one_name() {
        // Easter 2016 was 27 March, so Hemelvaartsdag fell on 5 May.
        let cal = Calendar::default();
        assert_eq!(
            cal.holiday_name(day(2016, 5, 5)),
            Some(names::HEMELVAARTSDAG)
        );
    }

    #[test]
    fn extra_days_are_not_working_days_but_statutory_names_win() {
        let cal = Calendar::new(&[day(2026, 5, 15), day(2026, 12, 25)]);
        assert!(!cal.is_working_day(day(2026, 5, 15)));
        assert_eq!(cal.holiday_name(day(2026, 5, 15)), Some(names::BIJ_BESLUIT));
        assert_eq!(
            cal.holiday_name(day(2026, 12, 25)),
            Some(names::EERSTE_KERSTDAG)
        );
        // Built in since rules v2: the default calendar has the decree day too.
        assert!(!Calendar::default().is_working_day(day(2026, 5, 15)));
        assert!(Calendar::default().is_working_day(day(2029, 5, 11)));
        assert!(!Calendar::new(&[day(2029, 5, 11)]).is_working_day(day(2029, 5, 11)));
    }

    #[test]
    fn every_built_in_decree_day_is_a_weekday_and_not_a_holiday_already() {
        let cal = Calendar::default();
        for (y, m, d) in DECREE_DAYS {
            let date = day(y, m, d);
            assert!(
                !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
                "{date}"
            );
            assert!(
                easter_holiday(date).is_none() && fixed_holiday(date).is_none(),
                "{date}"
            );
            assert_eq!(cal.holiday_name(date), Some(names::BIJ_BESLUIT), "{date}");
        }
    }

    #[test]
    fn arithmetic_at_the_end_of_time_is_none_not_a_panic() {
        let last = NaiveDate::MAX;
        let cal = Calendar::default();
        assert_eq!(cal.term_days(last, 1), None);
        assert_eq!(cal.term_months(last, 1), None);
        assert_eq!(cal.add_working_days(last, 1), None);
        assert_eq!(easter(i32::MAX), None);
        assert!(easter(NaiveDate::MIN.year()).is_some());
        assert!(easter(NaiveDate::MAX.year()).is_some());
    }

    #[test]
    fn zero_working_days_is_the_date_itself() {
        let cal = Calendar::default();
        assert_eq!(
            cal.add_working_days(day(2026, 4, 5), 0),
            Some(day(2026, 4, 5))
        );
    }
}

mod domain_ddas {
    use loket::domain::ddas::*;
    use rust_decimal::Decimal;

    #[test]
    fn whole_euros_half_away_from_zero() {
        let d = |s: &str| s.parse::<Decimal>().expect("decimal");
        assert_eq!(euros(d("1331.43")), 1331);
        assert_eq!(euros(d("1331.50")), 1332);
        assert_eq!(euros(d("0.49")), 0);
        assert_eq!(euros(d("1200")), 1200);
    }
}

mod domain_input {
    use chrono::{Datelike, NaiveDate};
    use loket::domain::input::*;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).expect("decimal")
    }
    fn day(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).expect("date")
    }

    #[test]
    fn money_spellings_accepted() {
        let cases = [
            ("1.250,50", "1250.50"),
            ("1250,50", "1250.50"),
            ("1250.50", "1250.50"),
            ("1250.5", "1250.5"),
            ("1250", "1250"),
            ("1.250", "1250"),
            ("1.250.000,00", "1250000.00"),
            ("€ 1.250,50", "1250.50"),
            ("0,05", "0.05"),
            (" 12 ", "12"),
        ];
        for (input, want) in cases {
            assert_eq!(parse_money(input), Ok(d(want)), "input {input}");
        }
    }

    #[test]
    fn money_spellings_rejected_in_dutch() {
        for bad in [
            "-5", "12,345", "1.2.3", "abc", "12a", "", "1,2,3", "1.25.0", "12.", ",5",
        ] {
            let err = parse_money(bad).expect_err(bad).to_string();
            assert!(
                err.contains("bedrag") || err.contains("komma") || err.contains("negatief"),
                "{bad}: {err}"
            );
        }
        assert!(
            parse_money("-5")
                .expect_err("neg")
                .to_string()
                .contains("negatief")
        );
        assert!(
            parse_money("12,345")
                .expect_err("3dp")
                .to_string()
                .contains("twee cijfers")
        );
    }

    #[test]
    fn huge_amounts_are_refused() {
        let e = parse_money("79228162514264337593543950335")
            .expect_err("huge")
            .to_string();
        assert!(e.contains("te groot"), "{e}");
        assert!(parse_money("1.000.000.000.001").is_err());
    }

    #[test]
    fn date_spellings() {
        let today = day(2026, 11, 24);
        assert_eq!(parse_date("2-11-2026", today), Ok(day(2026, 11, 2)));
        assert_eq!(parse_date("02-11-2026", today), Ok(day(2026, 11, 2)));
        assert_eq!(parse_date("2026-11-02", today), Ok(day(2026, 11, 2)));
        assert_eq!(parse_date("vandaag", today), Ok(today));
        assert_eq!(parse_date(" Vandaag ", today), Ok(today));
        assert_eq!(parse_date("26-11", today), Ok(day(today.year(), 11, 26)));
        assert_eq!(
            parse_date("gisteren", today),
            today.pred_opt().ok_or(InputError::NegativeCount)
        );
        let e = parse_date("31-02-2026", today)
            .expect_err("no such day")
            .to_string();
        assert!(e.contains("bestaat niet"), "{e}");
        for bad in ["morgen", "2026/11/02", "11-2026", "1.2.3", "abc", "2-11-26"] {
            assert!(parse_date(bad, today).is_err(), "{bad}");
        }
    }

    #[test]
    fn ints() {
        assert_eq!(parse_int("3"), Ok(3));
        assert!(
            parse_int("-1")
                .expect_err("neg")
                .to_string()
                .contains("negatief")
        );
        assert!(parse_int("2,5").is_err());
    }
}

mod domain_merge {
    use chrono::TimeZone;
    use chrono::{DateTime, Utc};
    use loket::domain::case::{Case, Debt};
    use loket::domain::case::{Client, DebtCategory, Note, Status};
    use loket::domain::history::{Change, Event};
    use loket::domain::merge::*;
    use rust_decimal::Decimal;

    fn t(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, h, 0, 0)
            .single()
            .expect("time")
    }

    fn base() -> Case {
        let mut c = Case::new(
            "2026-00001".into(),
            Client {
                name: "Jansen".into(),
                ..Client::default()
            },
            t(9),
        );
        c.debts.push(debt("Eneco", 100));
        c
    }

    fn debt(creditor: &str, amount: i64) -> Debt {
        Debt {
            creditor: creditor.into(),
            category: DebtCategory::Nuts,
            amount: Decimal::from(amount),
            collector: false,
            garnishment: false,
            ddas: Default::default(),
        }
    }

    fn event(by: &str, h: u32, change: Change) -> Event {
        Event {
            at: t(h),
            by: by.into(),
            change,
        }
    }

    #[test]
    fn debts_and_notes_added_on_both_sides_are_all_kept() {
        let b = base();
        let mut mine = b.clone();
        mine.debts.push(debt("CJIB", 50));
        mine.notes.push(Note {
            at: t(10),
            by: "bert".into(),
            text: "belt terug".into(),
        });
        let mut current = b.clone();
        current.debts.push(debt("Belastingdienst", 70));
        current.status = Status::Intake;
        let merged = merge(&b, &mine, &current, &[], Prefer::Nobody).expect("merge");
        let creditors: Vec<&str> = merged.debts.iter().map(|d| d.creditor.as_str()).collect();
        assert_eq!(creditors, vec!["Eneco", "Belastingdienst", "CJIB"]);
        assert_eq!(merged.notes.len(), 1);
        assert_eq!(merged.status, Status::Intake);
    }

    #[test]
    fn one_debt_changed_on_both_sides_conflicts_and_the_choice_decides() {
        let b = base();
        let mut mine = b.clone();
        mine.debts[0].amount = Decimal::from(120);
        let mut current = b.clone();
        current.debts[0].amount = Decimal::from(150);
        let history = [event(
            "anna",
            10,
            Change::DebtChanged {
                old: debt("Eneco", 100),
                new: debt("Eneco", 150),
            },
        )];
        let items = merge(&b, &mine, &current, &history, Prefer::Nobody).expect_err("conflict");
        assert_eq!(
            describe(&items),
            "schuld Eneco € 100 is door anna op 24-11-2026 om 10:00 gewijzigd in \
             Eneco € 150; uw waarde is Eneco € 120"
        );
        let mine_wins = merge(&b, &mine, &current, &history, Prefer::Mine).expect("mine");
        assert_eq!(mine_wins.debts, vec![debt("Eneco", 120)]);
        let theirs_win = merge(&b, &mine, &current, &history, Prefer::Theirs).expect("theirs");
        assert_eq!(theirs_win.debts, vec![debt("Eneco", 150)]);
    }

    #[test]
    fn a_client_field_and_the_status_changed_differently_are_both_named() {
        let b = base();
        let mut mine = b.clone();
        mine.client.phone = Some("06-1".into());
        mine.status = Status::Intake;
        let mut current = b.clone();
        current.client.phone = Some("06-2".into());
        current.status = Status::Besluit;
        let items = merge(&b, &mine, &current, &[], Prefer::Nobody).expect_err("conflict");
        let what: Vec<String> = items.iter().map(ConflictItem::what).collect();
        assert_eq!(what, vec!["cliëntgegeven phone", "status"]);
        assert_eq!(
            items[1].to_string(),
            "status is door een ander gewijzigd in besluit; uw waarde is intake"
        );
    }

    fn beschikking(day: u32) -> loket::domain::traject::Beschikking {
        loket::domain::traject::Beschikking {
            datum: chrono::NaiveDate::from_ymd_opt(2026, 11, day),
            soort: Some(loket::domain::traject::BeschikkingSoort::Toelating),
        }
    }

    #[test]
    fn traject_steps_ddas_client_fields_and_debt_details_from_two_desks_are_all_kept() {
        let b = base();
        // This desk: the beschikking and the postcode.
        let mut mine = b.clone();
        mine.traject.beschikking = Some(beschikking(20));
        mine.status = Status::Besluit;
        mine.client.postcode = Some("1234AB".into());
        // Elsewhere: the plan van aanpak, the geslacht, the partner and a debt's peildatum.
        let mut current = b.clone();
        current.traject.plan_van_aanpak = Some(loket::domain::traject::PlanVanAanpak {
            datum: chrono::NaiveDate::from_ymd_opt(2026, 11, 21),
        });
        current.client.geslacht = Some(loket::domain::case::Geslacht::Vrouw);
        current.client.partner = Some(Box::new(loket::domain::case::Partner {
            name: Some("Pietersen".into()),
            ..Default::default()
        }));
        current.debts[0].ddas.peildatum = chrono::NaiveDate::from_ymd_opt(2026, 11, 22);
        let merged = merge(&b, &mine, &current, &[], Prefer::Nobody).expect("merge");
        assert_eq!(merged.traject.beschikking, Some(beschikking(20)));
        assert_eq!(
            merged.traject.plan_van_aanpak,
            current.traject.plan_van_aanpak
        );
        assert_eq!(merged.status, Status::Besluit);
        assert_eq!(merged.client.postcode.as_deref(), Some("1234AB"));
        assert_eq!(
            merged.client.geslacht,
            Some(loket::domain::case::Geslacht::Vrouw)
        );
        assert_eq!(current.client.partner, merged.client.partner);
        assert_eq!(merged.debts, current.debts);
    }

    #[test]
    fn one_traject_part_changed_on_both_sides_conflicts_and_names_the_part() {
        let b = base();
        let mut mine = b.clone();
        mine.traject.beschikking = Some(beschikking(20));
        let mut current = b.clone();
        current.traject.beschikking = Some(beschikking(23));
        let old = Box::new(b.traject.clone());
        let history = [event(
            "anna",
            10,
            Change::Traject {
                what: "beschikking".into(),
                old,
                new: Box::new(current.traject.clone()),
            },
        )];
        let items = merge(&b, &mine, &current, &history, Prefer::Nobody).expect_err("conflict");
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].what(), "traject beschikking");
        assert_eq!(items[0].by.as_deref(), Some("anna"));
        assert!(
            items[0].theirs.contains("2026-11-23"),
            "{}",
            items[0].theirs
        );
        assert!(items[0].mine.contains("2026-11-20"), "{}", items[0].mine);
        // The desk's own change to the part is what `touches` finds.
        let own = Change::Traject {
            what: "beschikking".into(),
            old: Box::new(b.traject.clone()),
            new: Box::new(mine.traject.clone()),
        };
        assert!(touches(&own, &Part::Traject("beschikking")));
        assert!(!touches(&own, &Part::Traject("nazorg")));
        let theirs = merge(&b, &mine, &current, &history, Prefer::Theirs).expect("theirs");
        assert_eq!(theirs.traject.beschikking, Some(beschikking(23)));
    }

    #[test]
    fn statuses_that_follow_each_desks_traject_become_the_merged_trajects_status() {
        let b = base();
        // This desk records the beschikking (status besluit); elsewhere an uitstroom closes
        // the case (status afgesloten). The merged traject has both: afgesloten.
        let mut mine = b.clone();
        mine.traject.beschikking = Some(beschikking(20));
        mine.status = Status::Besluit;
        let mut current = b.clone();
        current.traject.uitstroom = Some(loket::domain::traject::Uitstroom {
            datum: chrono::NaiveDate::from_ymd_opt(2026, 11, 25),
            reden: Some(loket::domain::traject::UitstroomReden::Zelf),
            omschrijving: None,
        });
        current.status = Status::Afgesloten;
        let merged = merge(&b, &mine, &current, &[], Prefer::Nobody).expect("merge");
        assert_eq!(merged.status, Status::Afgesloten);
        assert!(merged.traject.beschikking.is_some());
        // A status set by hand against the traject still conflicts.
        let mut by_hand = b.clone();
        by_hand.status = Status::Besluit;
        let items = merge(&b, &by_hand, &current, &[], Prefer::Nobody).expect_err("conflict");
        assert_eq!(items[0].what(), "status");
    }
}

mod domain_money {
    use loket::domain::money::*;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).expect("test decimal")
    }

    #[test]
    fn round2_is_half_away_from_zero() {
        assert_eq!(round2(d("1024.765")), d("1024.77"));
        assert_eq!(round2(d("-1024.765")), d("-1024.77"));
        assert_eq!(round2(d("1024.764")), d("1024.76"));
    }

    #[test]
    fn contract_and_display_spellings() {
        assert_eq!(to_contract(d("25.2")), "25.20");
        assert_eq!(to_contract(d("0")), "0.00");
        assert_eq!(to_display(d("1250.5")), "€ 1.250,50");
        assert_eq!(to_display(d("1234567")), "€ 1.234.567,00");
        assert_eq!(to_display(d("-12.3")), "-€ 12,30");
        assert_eq!(to_display(d("999")), "€ 999,00");
    }

    #[test]
    fn amounts_above_the_bound_are_refused_before_they_can_overflow() {
        assert!(parse_contract("1000000000000.00").is_ok());
        let e = parse_contract("1000000000000.01")
            .expect_err("too large")
            .to_string();
        assert!(e.contains("te groot"), "{e}");
        assert!(parse_contract("79228162514264337593543950335").is_err());
        assert!(parse_contract("99999999999999999999999999999999").is_err());
    }

    #[test]
    fn contract_parse_rejects_what_the_format_forbids() {
        assert_eq!(parse_contract("1450.00"), Ok(d("1450.00")));
        assert_eq!(parse_contract("7"), Ok(d("7")));
        for bad in ["-5", "1.234", "12,50", "", "1e3", ".5", "5.", "abc"] {
            assert!(parse_contract(bad).is_err(), "{bad} should be rejected");
        }
    }
}

mod domain_policy {
    use chrono::NaiveDate;
    use loket::domain::policy::*;
    use loket::domain::provision::Provision;
    use loket::domain::segment::Route;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    const V1: &str = include_str!("../../fixtures/policy/v1.toml");

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).expect("dec")
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn embedded_default_carries_the_two_periods_of_section_6() {
        let p = Policy::embedded();
        assert!(p.indicatief);
        assert_eq!(p.beslistermijn_weken, 8);
        assert_eq!(
            (
                p.adviestermijn_weken,
                p.crisis_dagen,
                p.crisis_dagen_ondernemer
            ),
            (4, 14, 28)
        );
        assert_eq!(p.perioden.len(), 2);
        let juli = &p.perioden[0];
        assert_eq!(juli.geldig_vanaf, Some(day(2025, 7, 1)));
        assert!(!juli.indicatief, "1 juli 2025 is confirmed");
        assert_eq!(juli.norm.paar_aow, dec("2094.98"));
        assert_eq!(
            juli.kosten_bewind.per_maand_paar_schulden,
            Some(dec("219.41"))
        );
        let jan = &p.perioden[1];
        assert!(jan.indicatief, "2026 is marked indicative");
        assert_eq!(jan.norm.alleenstaand, dec("1401.50"));
        assert_eq!(jan.norm.jongere_alleenstaand, Some(dec("345.99")));
        assert_eq!(jan.kosten_bewind.per_maand_schulden, dec("175.58"));
        assert_eq!(p.name(Provision::BudgetbeheerBasis), "Budgetbeheer (basis)");
    }

    #[test]
    fn the_period_in_force_switches_on_its_first_day() {
        let p = Policy::embedded();
        let on = |d| p.periode(d);
        assert_eq!(
            on(day(2025, 12, 31)).periode.geldig_vanaf,
            Some(day(2025, 7, 1))
        );
        assert_eq!(
            on(day(2026, 1, 1)).periode.geldig_vanaf,
            Some(day(2026, 1, 1))
        );
        assert_eq!(on(day(2026, 1, 1)).naam(), "normen per 1 januari 2026");
        assert!(!on(day(2025, 7, 1)).voor_eerste);
        let before = on(day(2025, 6, 30));
        assert!(before.voor_eerste);
        assert_eq!(before.periode.geldig_vanaf, Some(day(2025, 7, 1)));
        assert!(
            before.naam().contains("vroegste periode"),
            "{}",
            before.naam()
        );
        assert!(!p.indicatief_op(day(2025, 12, 31)));
        assert!(p.indicatief_op(day(2026, 1, 1)));
    }

    #[test]
    fn a_version_1_file_loads_as_one_period_valid_on_every_date() {
        let p = Policy::from_toml(V1, "oud.toml").expect("v1 loads");
        assert_eq!(p.perioden.len(), 1);
        assert_eq!(p.perioden[0].geldig_vanaf, None);
        assert_eq!(p.perioden[0].basishuur, dec("250.00"));
        assert_eq!(p.perioden[0].kosten_bewind.aanvang_paar, None);
        assert_eq!((p.adviestermijn_weken, p.crisis_dagen), (4, 14));
        let on = p.periode(day(1990, 1, 1));
        assert!(!on.voor_eerste);
        assert_eq!(p.stale_warning(day(2040, 1, 1)), None);
    }

    #[test]
    fn periods_and_version_1_amounts_together_is_an_error_naming_both() {
        let text = DEFAULT_POLICY_TOML.replacen(
            "beslistermijn_weken = 8",
            "beslistermijn_weken = 8\nbasishuur = \"250.00\"",
            1,
        );
        let e = Policy::from_toml(&text, "p.toml")
            .expect_err("both")
            .join("\n");
        assert!(e.contains("p.toml: periode:"), "{e}");
        assert!(e.contains("basishuur"), "{e}");
    }

    #[test]
    fn every_problem_is_named() {
        let text = DEFAULT_POLICY_TOML
            .replacen("basishuur = \"238.01\"", "basishuur = 238.0\nextra = 1", 1)
            .replace("paar_aow = \"2144.16\"\n", "")
            .replace("aanvang = \"767.00\"", "aanvang = \"-1\"")
            .replace(
                "geldig_vanaf = \"2026-01-01\"",
                "geldig_vanaf = \"2025-07-01\"",
            )
            .replace("crisis_dagen = 14", "crisis_dagen = 0");
        let problems = Policy::from_toml(&text, "p.toml").expect_err("invalid");
        let all = problems.join("\n");
        assert!(all.contains("p.toml: periode[1].basishuur:"), "{all}");
        assert!(
            all.contains("p.toml: periode[1].extra: onbekende sleutel"),
            "{all}"
        );
        assert!(
            all.contains("p.toml: periode[2].norm.paar_aow: ontbreekt"),
            "{all}"
        );
        assert!(
            all.contains("p.toml: periode[2].beschermingsbewind.aanvang:"),
            "{all}"
        );
        assert!(
            all.contains(
                "p.toml: periode[2].geldig_vanaf: twee periodes met dezelfde datum 2025-07-01"
            ),
            "{all}"
        );
        assert!(all.contains("p.toml: crisis_dagen: verwacht"), "{all}");
        assert_eq!(problems.len(), 6, "{all}");
    }

    #[test]
    fn optional_keys_may_be_left_out() {
        let text = DEFAULT_POLICY_TOML
            .replace("adviestermijn_weken = 4", "")
            .replace("jongere_alleenstaand = \"345.99\"\n", "")
            .replace("per_maand_paar = \"162.83\"\n", "")
            .replace("indicatief = false\n", "")
            .replace(
                "indicatief = true              # basishuur and fees for 2026 not yet confirmed\n",
                "",
            );
        let p = Policy::from_toml(&text, "p.toml").expect("valid");
        assert_eq!(p.adviestermijn_weken, 4);
        assert_eq!(p.perioden[1].norm.jongere_alleenstaand, None);
        assert_eq!(p.perioden[1].kosten_bewind.per_maand_paar, None);
        // Without their own flag both periods take the top-level one.
        assert!(p.perioden[0].indicatief && p.perioden[1].indicatief);
        let off = text.replacen("indicatief = true", "indicatief = false", 1);
        let p = Policy::from_toml(&off, "p.toml").expect("valid");
        assert!(!p.perioden[0].indicatief && !p.perioden[1].indicatief);
    }

    #[test]
    fn stale_after_seven_months() {
        let p = Policy::embedded();
        assert_eq!(p.stale_warning(day(2026, 8, 1)), None);
        let w = p.stale_warning(day(2026, 8, 2)).expect("stale");
        assert!(w.contains("1 januari 2026"), "{w}");
    }

    #[test]
    fn local_names_and_extra_days() {
        let text = DEFAULT_POLICY_TOML
            .replace(
                "extra_vrije_dagen = []",
                "extra_vrije_dagen = [2029-05-11, \"2030-05-31\"]",
            )
            .replacen(
                "[[periode]]",
                "[namen]\nbudgetbeheer_basis = \"Geldzaken Basis\"\n\n[[periode]]",
                1,
            );
        let p = Policy::from_toml(&text, "p.toml").expect("valid");
        assert_eq!(p.name(Provision::BudgetbeheerBasis), "Geldzaken Basis");
        assert_eq!(p.extra_vrije_dagen.len(), 2);
        let routes = DEFAULT_POLICY_TOML.replacen(
            "[[periode]]",
            "[namen]\nschuldregeling = \"Minnelijk traject\"\n\n[[periode]]",
            1,
        );
        let p = Policy::from_toml(&routes, "p.toml").expect("route ids are keys too");
        assert_eq!(
            p.route_name(Route::Schuldregeling),
            Some("Minnelijk traject")
        );
        assert_eq!(p.route_name(Route::Dfd), None);
        let bad = format!("{V1}\n[namen]\nbudgetbeheer = \"x\"\n");
        let e = Policy::from_toml(&bad, "p.toml").expect_err("unknown provision");
        assert!(e[0].contains("namen.budgetbeheer"), "{e:?}");
    }

    #[test]
    fn gemeente_block_is_optional_and_checked() {
        assert_eq!(Policy::embedded().gemeente, None);
        let text = format!(
            "{V1}\n[gemeente]\nnaam = \"Gemeente Voorbeeld\"\ngemeentecode = \"0518\"\n\
             postcode = \"2511AB\"\nadres = \"Spui 70, 2511 AB Den Haag\"\nkvk = \"\"\n\
             [[gemeente.contactpersoon]]\nnaam = \"A. Jansen\"\nemail = \"a@example.nl\"\n\
             telefoon = \"070-1234567\"\nfunctie = \"teamleider\"\n"
        );
        let p = Policy::from_toml(&text, "p.toml").expect("valid");
        let g = p.gemeente.expect("gemeente");
        assert_eq!(g.naam, "Gemeente Voorbeeld");
        assert_eq!(g.gemeentecode, "0518");
        assert_eq!(g.adres, "Spui 70, 2511 AB Den Haag");
        assert_eq!(g.contactpersonen.len(), 1);
        assert_eq!(g.contactpersonen[0].functie, "teamleider");
        // In a periods file the block sits before the first [[periode]].
        let text = DEFAULT_POLICY_TOML.replacen(
            "[[periode]]",
            "[gemeente]\nnaam = \"Gemeente Voorbeeld\"\n\n[[periode]]",
            1,
        );
        let p = Policy::from_toml(&text, "p.toml").expect("valid with periods");
        assert_eq!(
            p.gemeente.map(|g| g.naam).as_deref(),
            Some("Gemeente Voorbeeld")
        );
        let bad = format!("{V1}\n[gemeente]\ngemeentecode = \"518\"\nstraat = \"x\"\n");
        let e = Policy::from_toml(&bad, "p.toml")
            .expect_err("invalid")
            .join("\n");
        assert!(e.contains("p.toml: gemeente.naam: ontbreekt"), "{e}");
        assert!(
            e.contains("p.toml: gemeente.gemeentecode: verwacht vier cijfers"),
            "{e}"
        );
        assert!(
            e.contains("p.toml: gemeente.straat: onbekende sleutel"),
            "{e}"
        );
    }
}

mod domain_referral {
    use loket::domain::answers::{Answers, Value};
    use loket::domain::checklist::Checklists;
    use loket::domain::referral::*;

    fn answers(items: &[(&str, Value)]) -> Answers {
        let mut a = Answers::default();
        for (id, v) in items {
            a.set("schuldhulp", id, Some(v.clone()), 1);
        }
        a
    }

    fn c(s: &str) -> Value {
        Value::Choice(s.into())
    }

    #[test]
    fn referrer_per_route() {
        let cl = Checklists::embedded();
        let a = answers(&[
            ("melding.route", c("verwijzing")),
            (
                "melding.verwijzer",
                Value::Text("  Wijkteam Noord, J. de Vries ".into()),
            ),
        ]);
        assert_eq!(
            verwijzer(&a, &cl).as_deref(),
            Some("Wijkteam Noord, J. de Vries")
        );
        assert_eq!(terugkoppeling(&a, &cl), None);
        let a = answers(&[
            ("melding.route", c("vroegsignaal")),
            ("melding.signaalpartner", c("energie")),
            ("melding.terugkoppeling", Value::Bool(true)),
        ]);
        assert_eq!(
            verwijzer(&a, &cl).as_deref(),
            Some("vroegsignaal: Energieleverancier")
        );
        let r = terugkoppeling(&a, &cl).expect("consent");
        assert!(r.contains("Energieleverancier"), "{r}");
        let a = answers(&[("melding.route", c("zelfmelding"))]);
        assert_eq!(verwijzer(&a, &cl), None);
    }

    #[test]
    fn documents_say_who_gathers_them() {
        let cl = Checklists::embedded();
        let a = answers(&[
            ("doc.id", c("aanwezig")),
            ("doc.bankafschriften", c("via_loket")),
            ("doc.inkomen", c("opgevraagd")),
            ("doc.zorgpolis", c("nvt")),
        ]);
        let todo = documents_todo(&a, &cl);
        assert_eq!(todo.len(), 2);
        assert_eq!(todo[0].1, Wie::Loket);
        assert_eq!(todo[1].1, Wie::Inwoner);
    }
}

mod domain_report {
    use chrono::NaiveDate;
    use loket::domain::case::Status;
    use loket::domain::deadlines::DeadlineKind;
    use loket::domain::policy::Policy;
    use loket::domain::provision::Provision;
    use loket::domain::report::*;
    use loket::domain::segment::Route;
    use rust_decimal::Decimal;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).expect("date")
    }

    fn case(melding: Option<u32>) -> ReportCase {
        ReportCase {
            melding: melding.map(day),
            created: day(20),
            status: Status::Intake,
            crisis: false,
            proposed: Some(Provision::Budgetcoaching),
            decided: None,
            overridden: false,
            debt_route: Some(Route::Schuldregeling),
            deadlines: vec![],
            melding_route: None,
            verwijzer: None,
            case_id: "2026-00001".into(),
            user: None,
        }
    }

    #[test]
    fn counts_per_melding_route_and_referrer() {
        let mut cases = vec![case(Some(2)), case(Some(3)), case(Some(4)), case(None)];
        cases[0].melding_route = Some("verwijzing".into());
        cases[0].verwijzer = Some("Wijkteam Noord".into());
        cases[1].melding_route = Some("warme_overdracht".into());
        cases[1].verwijzer = Some("wijkteam noord".into());
        cases[2].melding_route = Some("vroegsignaal".into());
        cases[2].verwijzer = Some("vroegsignaal: Energieleverancier".into());
        let r = compute(&cases, Period::default(), day(24));
        let count = |m: &str| r.melding_routes.iter().find(|(x, _)| *x == m).map(|x| x.1);
        assert_eq!(count("verwijzing"), Some(1));
        assert_eq!(count("warme_overdracht"), Some(1));
        assert_eq!(count("vroegsignaal"), Some(1));
        assert_eq!(count("zelfmelding"), Some(0));
        assert_eq!(r.no_melding_route, 1);
        assert_eq!(
            r.verwijzers,
            [
                ("Wijkteam Noord".to_string(), 2),
                ("vroegsignaal: Energieleverancier".to_string(), 1)
            ]
        );
        let j = to_json(&r);
        assert_eq!(j["melding_routes"]["counts"]["verwijzing"], 1);
        assert_eq!(j["verwijzers"][0]["cases"], 2);
        let text = to_text(&r, &Policy::embedded());
        assert!(text.contains("Wijkteam Noord"), "{text}");
    }

    #[test]
    fn period_uses_melding_and_falls_back_to_created() {
        let cases = [case(Some(2)), case(Some(10)), case(None)];
        let p = Period {
            from: Some(day(5)),
            to: Some(day(20)),
        };
        let r = compute(&cases, p, day(24));
        assert_eq!(r.cases, 2);
        assert_eq!(r.without_melding, 1);
    }

    #[test]
    fn overrides_by_ladder_order() {
        let decided = |proposed, decided| {
            let mut c = case(Some(2));
            c.proposed = Some(proposed);
            c.decided = Some(decided);
            c.overridden = proposed != decided;
            c
        };
        let a = decided(Provision::Beschermingsbewind, Provision::BudgetbeheerTotaal);
        let b = decided(Provision::InformatieAdvies, Provision::Thuisadministratie);
        let c = decided(Provision::Budgetcoaching, Provision::Budgetcoaching);
        let r = compute(&[a, b, c], Period::default(), day(24));
        assert_eq!(r.decisions, 3);
        assert_eq!(
            r.overrides,
            Overrides {
                total: 2,
                lighter: 1,
                heavier: 1,
                without_proposal: 0
            }
        );
        assert_eq!(r.override_percentage(), Some(Decimal::new(667, 1)));
    }

    #[test]
    fn deadlines_on_time_late_overdue_open() {
        let mut a = case(Some(2));
        let dl = |due, met_on: Option<u32>| ReportDeadline {
            kind: DeadlineKind::EersteGesprek,
            due: day(due),
            met_on: met_on.map(day),
        };
        a.deadlines = vec![
            dl(10, Some(10)),
            dl(10, Some(11)),
            dl(23, None),
            dl(24, None),
        ];
        let r = compute(&[a], Period::default(), day(24));
        assert_eq!(
            r.deadlines[0].1,
            DeadlineCount {
                met_on_time: 1,
                met_late: 1,
                overdue: 1,
                open: 1
            }
        );
    }
}

mod domain_role {
    use loket::domain::case::Status;
    use loket::domain::history::Change;
    use loket::domain::role::*;

    #[test]
    fn the_counter_may_do_the_schuldhulp_intake_but_not_decide_or_fill_in_bewind() {
        let answer = |checklist: &str| Change::Answer {
            checklist: checklist.into(),
            item: "x".into(),
            old: None,
            new: None,
            checklist_version: 1,
        };
        assert!(Role::Baliemedewerker.may_change(&answer("schuldhulp")));
        assert!(!Role::Baliemedewerker.may_change(&answer("bewind")));
        assert!(Role::Schuldhulpverlener.may_change(&answer("bewind")));
        let to_besluit = Change::Status {
            old: Status::Intake,
            new: Status::Besluit,
        };
        assert!(!Role::Baliemedewerker.may_change(&to_besluit));
        assert!(Role::Schuldhulpverlener.may_change(&to_besluit));
        assert!(!Role::Schuldhulpverlener.may(Action::Report));
        assert!(Role::Teamleider.may(Action::ManageUsers));
        assert_eq!(Role::from_id("teamleider"), Some(Role::Teamleider));
        assert_eq!(Role::from_id("baas"), None);
    }

    #[test]
    fn traject_steps_and_documents_other_than_the_documentenlijst_are_the_counsellors() {
        let step = Change::Traject {
            what: "beschikking".into(),
            old: Box::default(),
            new: Box::default(),
        };
        assert!(!Role::Baliemedewerker.may_change(&step));
        assert!(Role::Schuldhulpverlener.may_change(&step));
        assert!(Role::Teamleider.may_change(&step));
        let document = |soort: &str| Change::DocumentMade {
            soort: soort.into(),
            bestand: "x.pdf".into(),
            afwijzing: None,
        };
        assert!(Role::Baliemedewerker.may_change(&document("documenten")));
        for soort in ["beschikking", "advies", "intakeverslag"] {
            assert!(
                !Role::Baliemedewerker.may_change(&document(soort)),
                "{soort}"
            );
            assert!(
                Role::Schuldhulpverlener.may_change(&document(soort)),
                "{soort}"
            );
        }
        assert_eq!(
            change_what(&document("advies")),
            "het document advies maken"
        );
    }
}

mod domain_suggest {
    use loket::domain::suggest::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("opne", "open"), 1);
        assert_eq!(edit_distance("fn.admnistratie", "fn.administratie"), 1);
        assert_eq!(closest("bewnd", ["schuldhulp", "bewind"]), Some("bewind"));
        assert_eq!(typo_of("opne", ["open", "none"]), Some("open"));
        assert_eq!(typo_of("xyzzy", ["open"]), None);
        assert_eq!(typo_of("lijst", ["list", "form"]), Some("list"));
    }
}

mod keymap_keys {
    use loket::keymap::*;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn show(raw: &str) -> String {
        match parse_sequence(raw) {
            Ok(chords) => display_sequence(&chords),
            Err(e) => format!("{e:?}"),
        }
    }

    #[test]
    fn spellings_normalise() {
        assert_eq!(show("ctrl-c"), "ctrl-c");
        assert_eq!(show("C-c"), "ctrl-c");
        assert_eq!(show("Ctrl-C"), "ctrl-c");
        assert_eq!(show("G"), "G");
        assert_eq!(show("shift-g"), "G");
        assert_eq!(show("g  g"), "g g");
        assert_eq!(show("?"), "?");
        assert_eq!(show("shift-?"), "?");
        assert_eq!(show("shift-tab"), "BackTab");
        assert_eq!(show("backtab"), "BackTab");
        assert_eq!(show("enter"), "Enter");
        assert_eq!(show("pagedown"), "PageDown");
        assert_eq!(show("F1"), "F1");
        assert_eq!(show("-"), "Hyphen");
        assert_eq!(show("S-up"), "shift-Up");
        assert_eq!(show("M-x"), "alt-x");
        assert_eq!(show("["), "[");
    }

    #[test]
    fn bad_spellings() {
        assert_eq!(parse_sequence("  "), Err(KeyError::Empty));
        assert!(matches!(
            parse_sequence("ctlr-x"),
            Err(KeyError::Unreadable { .. })
        ));
        assert!(matches!(
            parse_sequence("a-b"),
            Err(KeyError::Simultaneous { .. })
        ));
    }

    #[test]
    fn events_match_spellings() {
        let ev = |code, mods| KeyEvent::new(code, mods);
        let one = |raw: &str| parse_chord(raw).ok();
        assert_eq!(
            chord_of_event(&ev(KeyCode::Char('G'), KeyModifiers::NONE)),
            one("G")
        );
        assert_eq!(
            chord_of_event(&ev(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            one("G")
        );
        assert_eq!(
            chord_of_event(&ev(KeyCode::Char('?'), KeyModifiers::SHIFT)),
            one("?")
        );
        assert_eq!(
            chord_of_event(&ev(KeyCode::BackTab, KeyModifiers::SHIFT)),
            one("shift-tab")
        );
        assert_eq!(
            chord_of_event(&ev(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            one("C-c")
        );
        assert!(is_text_input(&ev(KeyCode::Char('q'), KeyModifiers::NONE)));
        assert!(is_text_input(&ev(KeyCode::Char('Q'), KeyModifiers::SHIFT)));
        assert!(!is_text_input(&ev(
            KeyCode::Char('p'),
            KeyModifiers::CONTROL
        )));
        assert!(!is_text_input(&ev(KeyCode::Esc, KeyModifiers::NONE)));
    }
}

mod letters_documents {
    #[test]
    fn item_ids_are_left_out_of_reasons() {
        assert_eq!(
            loket::letters::documents::plain_reason(
                "Er ligt beslag (schulden.beslag). Licht (vastgesteld, fn.lvb): ja (1) en (huishouden.type alleenstaand, huishouden.pensioen nee)."
            ),
            "Er ligt beslag. Licht (vastgesteld): ja (1) en."
        );
    }
}

mod letters_markup {
    use loket::letters::markup::*;

    #[test]
    fn blocks_and_inline_markup() {
        let b = parse(
            "# Titel\n\nEen **vette** regel\nloopt door.\n\nAdres\\\nStraat 1\n\n- punt\n- [ ] stuk\n> let op\n\n| a | b |\n|---|---|\n| 1 \\| x | 2 |\n\n| | |\n|---|---|\n| k | v |\n",
        );
        assert_eq!(b[0], Block::Heading(1, inline("Titel")));
        let Block::Paragraph(p) = &b[1] else {
            panic!("{b:?}")
        };
        assert_eq!(plain(&p[0]), "Een vette regel loopt door.");
        assert!(p[0][1].bold);
        let Block::Paragraph(p) = &b[2] else {
            panic!("{b:?}")
        };
        assert_eq!(p.len(), 2, "hard break");
        assert!(matches!(b[3], Block::Bullet(_)));
        assert!(matches!(b[4], Block::Check(_)));
        assert!(matches!(b[5], Block::Quote(_)));
        let Block::Table { header, rows } = &b[6] else {
            panic!("{b:?}")
        };
        assert_eq!(header.as_ref().map(|h| plain(&h[0])), Some("a".into()));
        assert_eq!(plain(&rows[0][0]), "1 | x");
        let Block::Table { header, rows } = &b[7] else {
            panic!("{b:?}")
        };
        assert!(header.is_none());
        assert_eq!(rows.len(), 1);
    }
}

mod letters_pdf {
    use loket::letters::markup::parse;
    use loket::letters::pdf::*;

    #[test]
    fn dutch_characters_are_winansi() {
        assert_eq!(
            encode("ë é ï € …"),
            vec![0xEB, 32, 0xE9, 32, 0xEF, 32, 0x80, 32, 0x85]
        );
        assert_eq!(encode("a → b"), b"a -> b".to_vec());
        assert_eq!(pdf_string(&encode("(ë)")), "(\\(\\353\\))");
    }

    #[test]
    fn widths_follow_the_font_metrics() {
        // Helvetica: 'i' 222, 'W' 944, '€' 556; bold 'i' 278.
        assert!((width("iW€", Font::Regular, 1000.0) - 1722.0).abs() < 0.01);
        assert!((width("i", Font::Bold, 1000.0) - 278.0).abs() < 0.01);
    }

    #[test]
    fn long_text_breaks_into_numbered_pages() {
        let md = "Een zin die zich herhaalt. ".repeat(900);
        let head = Letterhead {
            naam: "Gemeente Test".into(),
            adres: "Straat 1".into(),
            title: "Titel".into(),
            footer: "Zaak 1".into(),
        };
        let pdf = write(&parse(&md), &head);
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.starts_with("%PDF-1.4"));
        let pages = text.matches("/Type /Page ").count();
        assert!(pages >= 3, "{pages}");
        assert!(text.contains(&format!("(Pagina {pages} van {pages})")));
        // Every line fits the text area.
        for line in wrap(&loket::letters::markup::inline(&md), CONTENT_W, 10.0, false) {
            let w: f32 = line.iter().map(|(f, t)| width(t, *f, 10.0)).sum();
            assert!(w <= CONTENT_W + 0.01, "{w}");
        }
    }
}

mod letters_template {
    use loket::letters::template::*;

    const ITEM: &[Field] = &[text("tekst")];
    const FIELDS: &[Field] = &[
        text("naam"),
        flag("crisis"),
        list("redenen", ITEM),
        markdown("blok"),
    ];

    fn data() -> Record {
        Rec::new()
            .text("naam", "A*B")
            .flag("crisis", true)
            .texts("redenen", &["een", "twee"])
            .markdown("blok", "**vet**")
            .0
    }

    #[test]
    fn fields_conditions_and_lists_render() {
        let t = Template::load(
            "Beste {{naam}},\n{{#als crisis}}\nSpoed.\n{{#anders}}\nGeen spoed.\n{{/als}}\n{{#elk redenen}}\n- {{tekst}} ({{naam}})\n{{/elk}}\n{{blok}}\n{{! weg }}\n",
            "t.md",
            FIELDS,
        )
        .expect("valid");
        assert_eq!(
            t.render(&data()),
            "Beste A\\*B,\nSpoed.\n- een (A\\*B)\n- twee (A\\*B)\n**vet**\n"
        );
    }

    #[test]
    fn unknown_field_names_field_file_and_line() {
        let e =
            Template::load("a\n{{naam}} {{postcode}}\n", "brief.md", FIELDS).expect_err("unknown");
        assert_eq!(e.file, "brief.md");
        assert_eq!(e.line, 2);
        assert!(e.to_string().contains("onbekend veld 'postcode'"), "{e}");
        assert!(e.to_string().contains("brief.md"), "{e}");
        // An item field outside its list is unknown too.
        assert!(Template::load("{{tekst}}", "x.md", FIELDS).is_err());
    }

    #[test]
    fn a_value_never_makes_markup() {
        let t = Template::load("{{naam}}\n", "t.md", FIELDS).expect("valid");
        for name in ["# Kop", "- punt", "> citaat", "**vet**"] {
            let md = t.render(&Rec::new().text("naam", name).0);
            let blocks = loket::letters::markup::parse(&md);
            let loket::letters::markup::Block::Paragraph(p) = &blocks[0] else {
                panic!("{name}: {blocks:?}")
            };
            assert_eq!(loket::letters::markup::plain(&p[0]), name);
            assert!(p[0].iter().all(|s| !s.bold));
        }
    }

    #[test]
    fn structure_errors_are_named() {
        for (src, part) in [
            ("{{#als crisis}}x", "niet afgesloten"),
            ("{{/elk}}", "zonder bijbehorende"),
            ("{{#elk naam}}{{/elk}}", "geen lijst"),
            ("{{redenen}}", "is een lijst"),
            ("{{crisis}}", "ja/nee"),
            ("{{#zolang x}}", "onbekende opdracht"),
            ("{{naam", "zonder afsluitende"),
        ] {
            let e = Template::load(src, "s.md", FIELDS).expect_err(src);
            assert!(e.message.contains(part), "{src}: {e}");
        }
    }
}
