//! The contract of the `CaseStore` seam, written once over `&dyn CaseStore` so that every
//! implementation runs the same checks: each `pub fn` takes an empty store. The sled store runs
//! them below; another implementation calls them with its own empty store.

use crate::store::{at, full_case, new_case, summary_of};
use crate::support;
use loket::domain::history::Change;
use loket::store::{
    AccessContext, AccessEntry, AccessPurpose, CaseStore, SaveRequest, SledStore, Version,
};

/// Runs `check` on a fresh, empty sled store.
fn on_sled(check: fn(&dyn CaseStore)) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SledStore::open(dir.path()).expect("open");
    check(&store);
}

#[test]
fn sled_conflict() {
    on_sled(a_save_from_a_stale_version_is_a_conflict_and_writes_nothing);
}

#[test]
fn sled_access_log() {
    on_sled(every_load_is_in_the_access_log);
}

/// A save names the version it started from; a save from an older version is a conflict that
/// writes nothing.
pub fn a_save_from_a_stale_version_is_a_conflict_and_writes_nothing(store: &dyn CaseStore) {
    let t0 = at(2026, 3, 2, 9, 30);
    let created = store
        .create(new_case(full_case("", "A")), "jdevries", t0)
        .expect("create");
    assert_eq!(created.version, Version(1));
    let first = store.load(created.key, &support::reader()).expect("load");
    let second = store.load(created.key, &support::reader()).expect("load");
    assert_eq!(first.version, Version(1));

    let mut case = first.case.clone();
    case.client.name = "Eerste balie".into();
    let note = [Change::Note {
        text: "eerst".into(),
    }];
    let request = SaveRequest {
        case: &case,
        summary: &summary_of(&case),
        changes: &note,
        by: "jdevries",
        at: t0,
    };
    let saved = store
        .save(created.key, first.version, request)
        .expect("first save");
    assert_eq!(saved.version, Version(2));

    let mut other = second.case.clone();
    other.client.name = "Tweede balie".into();
    let late = [Change::Note {
        text: "te laat".into(),
    }];
    let err = store
        .save(
            created.key,
            second.version,
            SaveRequest {
                case: &other,
                summary: &summary_of(&other),
                changes: &late,
                by: "pbakker",
                at: t0,
            },
        )
        .expect_err("stale version");
    assert!(err.is_conflict(), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "zaak {} is intussen door iemand anders gewijzigd (versie 1 geladen, nu versie 2); open de zaak opnieuw",
            created.case_id
        )
    );
    let now = store.load(created.key, &support::reader()).expect("load");
    assert_eq!(now.case.client.name, "Eerste balie");
    assert_eq!(now.version, Version(2));
    assert_eq!(store.history(created.key).expect("history").len(), 2);
    // This handle's own saves are never "changed elsewhere".
    let listing = store.list_summaries().expect("list");
    let changed = store.changed_since(listing.cursor).expect("poll");
    assert!(changed.keys.is_empty());
}

/// Every read of a case is in its access log: who, when, why.
pub fn every_load_is_in_the_access_log(store: &dyn CaseStore) {
    let t0 = at(2026, 3, 2, 9, 30);
    let a = store
        .create(new_case(full_case("", "A")), "jdevries", t0)
        .expect("create")
        .key;
    let b = store
        .create(new_case(full_case("", "B")), "jdevries", t0)
        .expect("create")
        .key;
    assert_eq!(store.access_log(a).expect("log"), vec![]);
    let view = AccessContext {
        by: "pbakker".into(),
        at: at(2026, 3, 3, 10, 0),
        purpose: AccessPurpose::View,
    };
    store.load(a, &view).expect("load");
    let export = AccessContext {
        by: "beheer".into(),
        at: at(2026, 3, 4, 11, 0),
        purpose: AccessPurpose::Export,
    };
    let mut seen = Vec::new();
    store
        .export_all(&export, &mut |key, case| {
            seen.push((key, case.client.name));
            Ok(())
        })
        .expect("export");
    assert_eq!(seen, vec![(a, "A".to_string()), (b, "B".to_string())]);
    let log = store.access_log(a).expect("log");
    assert_eq!(
        log,
        vec![
            AccessEntry {
                by: "pbakker".into(),
                at: view.at,
                purpose: AccessPurpose::View,
                // The reading desk's role then: none on the embedded store.
                role: store.role(),
            },
            AccessEntry {
                by: "beheer".into(),
                at: export.at,
                purpose: AccessPurpose::Export,
                // The reading desk's role then: none on the embedded store.
                role: store.role(),
            },
        ]
    );
    assert_eq!(store.access_log(b).expect("log").len(), 1);
}
