//! Record ids in the JSON export (issue 20): each clock, journal entry,
//! contact and amend carries its sync id; an import keeps it, skips a record
//! whose id is already here, and gives records of an older export (no ids)
//! fresh ones.

use std::collections::HashSet;

use chrono::NaiveDate;
use mend::export::{self, ExportOptions, Format};
use mend::store::Store;
use mend::store::portable;
use serde_json::{Value, json};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn export_doc(store: &Store) -> Value {
    let mut opts = ExportOptions::new(Format::Json, day("2026-03-15"));
    opts.exported_at = "fixed".to_string();
    let mut out = Vec::new();
    export::write(store, &opts, &mut out, None).unwrap();
    serde_json::from_slice(&out).unwrap()
}

fn import(store: &mut Store, doc: &Value) -> portable::ImportReport {
    let plan = mend::import::parse_import(&serde_json::to_vec(doc).unwrap()).unwrap();
    portable::import(store, &plan, false, None).unwrap()
}

const CLOCK: &str = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a01";
const ENTRY: &str = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a02";
const CONTACT: &str = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a03";
const AMEND: &str = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a04";

fn with_ids(body: &str) -> Value {
    json!({
        "format": "mend", "version": 1, "exported_at": "2026-03-15T10:00:00+00:00",
        "clocks": [{"id": CLOCK, "label": "Alcohol", "since": "2025-06-01", "cost_per_day": null, "resets": []}],
        "journal": [{"id": ENTRY, "day": "2026-03-01", "created_at": "2026-03-01T21:00:00+01:00",
                     "updated_at": "2026-03-01T21:00:00+01:00", "body": body, "mood": null,
                     "craving": null, "prompt": null, "tags": []}],
        "contacts": [{"id": CONTACT, "name": "Sam", "role": "sponsor", "phone": null, "email": null,
                      "notes": null, "emergency": false, "cadence_days": null, "log": []}],
        "amends": [{"id": AMEND, "person": "Zoë", "contact": null, "harm": "Missed her birthday",
                    "kind": "direct", "plan": null, "status": "listed", "made_on": null,
                    "notes": null, "log": []}]
    })
}

fn ids(doc: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for section in ["clocks", "journal", "contacts", "amends"] {
        for r in doc[section].as_array().unwrap() {
            out.push(
                r["id"]
                    .as_str()
                    .expect("every record has an id")
                    .to_string(),
            );
        }
    }
    out
}

#[test]
fn imported_ids_are_kept_and_survive_a_second_trip() {
    let mut store = Store::open_in_memory().unwrap();
    let report = import(&mut store, &with_ids("Called Sam."));
    assert_eq!(report.added.total(), 4, "{report:?}");
    let first = export_doc(&store);
    assert_eq!(ids(&first), [CLOCK, ENTRY, CONTACT, AMEND]);

    let mut other = Store::open_in_memory().unwrap();
    import(&mut other, &first);
    assert_eq!(export_doc(&other), first);
}

#[test]
fn a_record_whose_id_is_here_is_a_duplicate_even_when_edited() {
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, &with_ids("Called Sam."));
    let before = export_doc(&store);
    let mut edited = with_ids("Called Sam, then went to a meeting.");
    edited["clocks"][0]["label"] = json!("Drinking");
    edited["contacts"][0]["name"] = json!("Samuel");
    edited["amends"][0]["harm"] = json!("Forgot her birthday");
    let report = import(&mut store, &edited);
    assert_eq!(report.added.total(), 0, "{report:?}");
    assert_eq!(report.skipped.entries, 1);
    assert_eq!(report.skipped.clocks, 1);
    assert_eq!(report.skipped.contacts, 1);
    assert_eq!(report.skipped.amends, 1);
    assert_eq!(export_doc(&store), before);
}

#[test]
fn logs_of_a_record_found_by_id_merge_into_it() {
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, &with_ids("Called Sam."));
    let mut more = with_ids("Called Sam.");
    more["contacts"][0]["name"] = json!("Samuel");
    more["contacts"][0]["log"] = json!([{"day": "2026-03-10", "note": "called"}]);
    let report = import(&mut store, &more);
    assert_eq!(report.added.contact_logs, 1, "{report:?}");
    let doc = export_doc(&store);
    assert_eq!(doc["contacts"].as_array().unwrap().len(), 1);
    assert_eq!(doc["contacts"][0]["name"], "Sam");
    assert_eq!(doc["contacts"][0]["log"][0]["note"], "called");
}

#[test]
fn a_deleted_entry_is_not_brought_back_by_its_id() {
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, &with_ids("Called Sam."));
    let entry = store.entries_on_days(&[day("2026-03-01")]).unwrap()[0].id;
    store.delete_entry(entry).unwrap();
    let report = import(&mut store, &with_ids("Called Sam."));
    assert_eq!(report.added.entries, 0, "{report:?}");
    assert_eq!(report.skipped.entries, 1);
    assert!(export_doc(&store)["journal"].as_array().unwrap().is_empty());
}

#[test]
fn an_older_export_without_ids_gets_fresh_distinct_ids() {
    let mut doc = with_ids("Called Sam.");
    for section in ["clocks", "journal", "contacts", "amends"] {
        for r in doc[section].as_array_mut().unwrap() {
            r.as_object_mut().unwrap().remove("id");
        }
    }
    let mut a = Store::open_in_memory().unwrap();
    let mut b = Store::open_in_memory().unwrap();
    assert_eq!(import(&mut a, &doc).added.total(), 4);
    assert_eq!(import(&mut b, &doc).added.total(), 4);
    let (ia, ib) = (ids(&export_doc(&a)), ids(&export_doc(&b)));
    let all: HashSet<&String> = ia.iter().chain(ib.iter()).collect();
    assert_eq!(all.len(), 8, "fresh ids are distinct: {ia:?} {ib:?}");
    for id in &ia {
        assert!(!id.contains(CLOCK) && id.len() == 36, "{id}");
    }
}

#[test]
fn a_malformed_id_is_refused_with_its_place() {
    let mut doc = with_ids("Called Sam.");
    doc["journal"][0]["id"] = json!("not-an-id");
    let err = match mend::import::parse_import(&serde_json::to_vec(&doc).unwrap()) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("a malformed id was accepted"),
    };
    assert!(
        err.contains("journal entry 1") && err.contains("\"id\""),
        "{err}"
    );
    assert!(!err.contains("Called Sam"), "{err}");
}

fn nid(n: u32) -> String {
    format!("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f{n:04x}")
}

#[test]
fn logs_resets_checks_urges_and_worksheet_rows_keep_their_ids() {
    let mut doc = with_ids("Called Sam.");
    doc["clocks"][0]["resets"] = json!([{"id": nid(1), "day": "2025-01-01", "note": null}]);
    doc["contacts"][0]["log"] = json!([{"id": nid(2), "day": "2026-03-10", "note": "called"}]);
    doc["contacts"][0]["checks"] = json!([{"id": nid(3), "day": "2026-03-11", "respect": 4,
        "safety": 5, "affection": 4, "boundaries": 3, "honesty": 4, "signs": [], "note": null}]);
    doc["amends"][0]["log"] =
        json!([{"id": nid(4), "day": "2026-03-05", "note": "Talked", "trust": 3}]);
    doc["urges"] = json!([{"id": nid(5), "at": "2026-03-02T18:00:00+01:00", "intensity": 7,
        "halt": ["tired"], "trigger": null, "did": null, "outcome": "passed", "note": null}]);
    doc["worksheets"] = json!([{"id": nid(6), "kind": "resentment",
        "fields": {"who": "my boss"}, "amend": null}]);
    doc["checkins"] = json!([{"id": nid(7), "day": "2026-03-03", "kind": "morning",
        "intention": "call Sam", "difficulty": null, "gratitude": [], "answers": {}, "note": null}]);
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, &doc);
    let first = export_doc(&store);
    assert_eq!(first["checkins"][0]["id"], json!(nid(7)));
    assert_eq!(first["clocks"][0]["resets"][0]["id"], json!(nid(1)));
    assert_eq!(first["contacts"][0]["log"][0]["id"], json!(nid(2)));
    assert_eq!(first["contacts"][0]["checks"][0]["id"], json!(nid(3)));
    assert_eq!(first["amends"][0]["log"][0]["id"], json!(nid(4)));
    assert_eq!(first["urges"][0]["id"], json!(nid(5)));
    assert_eq!(first["worksheets"][0]["id"], json!(nid(6)));

    // Again into the same journal: every record is known by its id.
    let report = import(&mut store, &first);
    assert_eq!(report.added.total(), 0, "{report:?}");
    assert_eq!(export_doc(&store), first);
    // And into an empty one: the same document.
    let mut other = Store::open_in_memory().unwrap();
    import(&mut other, &first);
    assert_eq!(export_doc(&other), first);
}
