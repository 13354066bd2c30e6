//! The plan and urges in the JSON export, the import and the Markdown export.

use chrono::{DateTime, NaiveDate};
use mend::domain::plan::Section;
use mend::domain::urge::{HaltSet, NewUrge, Outcome};
use mend::export::{self, ExportOptions, Format};
use mend::store::Store;
use mend::store::portable;
use serde_json::{Value, json};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 15).unwrap()
}

fn export_as(store: &Store, format: Format) -> String {
    let mut opts = ExportOptions::new(format, today());
    opts.exported_at = "fixed".to_string();
    let mut out = Vec::new();
    export::write(store, &opts, &mut out, None).unwrap();
    String::from_utf8(out).unwrap()
}

fn import_bytes(store: &mut Store, bytes: &[u8]) -> portable::ImportReport {
    let plan = mend::import::parse_import(bytes).unwrap();
    portable::import(store, &plan, false, None).unwrap()
}

fn populated() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    s.add_plan_item(Section::Reasons, "my kids' evenings")
        .unwrap();
    s.add_plan_item(Section::Coping, "leave the room").unwrap();
    s.add_plan_item(Section::Coping, "call Sam").unwrap();
    s.add_plan_item(Section::AfterASlip, "tell Sam within a day")
        .unwrap();
    for (at, n, halt, outcome) in [
        ("2026-03-02T18:00:00+01:00", 7, "lt", Some(Outcome::Passed)),
        ("2026-03-03T09:15:00-05:00", 4, "", None),
        ("2026-03-04T22:40:00+01:00", 9, "a", Some(Outcome::Used)),
    ] {
        s.add_urge(&NewUrge {
            at: DateTime::parse_from_rfc3339(at).unwrap(),
            intensity: n,
            halt: HaltSet::parse(halt).unwrap(),
            trigger: Some("payday".into()),
            did: (n > 5).then(|| "walk".to_string()),
            outcome,
            note: (n == 9).then(|| "hard night".to_string()),
        })
        .unwrap();
    }
    s
}

#[test]
fn plan_and_urges_round_trip_through_json() {
    let store = populated();
    let first = export_as(&store, Format::Json);
    let doc: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(
        doc["plan"],
        json!({
            "reasons": ["my kids' evenings"],
            "warning_signs": [],
            "triggers": [],
            "coping": ["leave the room", "call Sam"],
            "after_a_slip": ["tell Sam within a day"]
        })
    );
    assert_eq!(doc["urges"].as_array().unwrap().len(), 3);
    // Each urge carries its sync id; the rest is the contract's shape.
    let mut urge = doc["urges"][0].clone();
    let id = urge.as_object_mut().unwrap().remove("id");
    assert_eq!(id.and_then(|v| v.as_str().map(str::len)), Some(36));
    assert_eq!(
        urge,
        json!({
            "at": "2026-03-02T18:00:00+01:00", "intensity": 7, "halt": ["lonely", "tired"],
            "trigger": "payday", "did": "walk", "outcome": "passed", "note": null
        })
    );
    let mut copy = Store::open_in_memory().unwrap();
    let report = import_bytes(&mut copy, first.as_bytes());
    assert_eq!(report.added.plan_items, 4);
    assert_eq!(report.added.urges, 3);
    assert_eq!(export_as(&copy, Format::Json), first);
    // A second import adds nothing.
    let again = import_bytes(&mut copy, first.as_bytes());
    assert_eq!((again.added.plan_items, again.added.urges), (0, 0));
    assert_eq!((again.skipped.plan_items, again.skipped.urges), (4, 3));
    assert_eq!(export_as(&copy, Format::Json), first);
}

#[test]
fn an_export_from_before_the_plan_still_imports() {
    let old = json!({
        "format": "mend", "version": 1, "exported_at": "x",
        "clocks": [{"label": "Alcohol", "since": "2026-01-01", "resets": []}],
        "journal": [], "contacts": [], "amends": []
    });
    let mut s = Store::open_in_memory().unwrap();
    let r = import_bytes(&mut s, &serde_json::to_vec(&old).unwrap());
    assert_eq!(r.added.clocks, 1);
    assert!(s.plan().unwrap().is_empty());
    assert!(s.urges(None).unwrap().is_empty());
}

#[test]
fn bad_plan_or_urges_are_refused_with_their_place() {
    for (doc, place) in [
        (
            json!({"plan": {"coping": [3]}}),
            "plan, field \"coping\": line 1",
        ),
        (
            json!({"plan": {"coping": ["  "]}}),
            "plan, field \"coping\": line 1",
        ),
        (
            json!({"urges": [{"at": "2026-03-02T18:00:00Z"}]}),
            "urge 1, field \"intensity\"",
        ),
        (
            json!({"urges": [{"at": "soon", "intensity": 3}]}),
            "urge 1, field \"at\"",
        ),
        (
            json!({"urges": [{"at": "2026-03-02T18:00:00Z", "intensity": 3, "halt": ["sad"]}]}),
            "urge 1, field \"halt\"",
        ),
        (
            json!({"urges": [{"at": "2026-03-02T18:00:00Z", "intensity": 3, "outcome": "meh"}]}),
            "urge 1, field \"outcome\"",
        ),
    ] {
        let mut full = json!({"format": "mend", "version": 1, "exported_at": "x"});
        for (k, v) in doc.as_object().unwrap() {
            full[k] = v.clone();
        }
        let e = mend::import::parse_import(&serde_json::to_vec(&full).unwrap())
            .unwrap_err()
            .to_string();
        assert!(e.contains(place), "{e} should name {place}");
    }
}

#[test]
fn markdown_has_the_plan_and_the_urges() {
    let md = export_as(&populated(), Format::Markdown);
    assert!(md.contains("# My plan for hard moments"), "{md}");
    assert!(
        md.contains("## What helps, in order\n\n1. leave the room\n2. call Sam"),
        "{md}"
    );
    assert!(md.contains("# Urges"), "{md}");
    assert!(
        md.contains("- 2026-03-04 22:40: intensity 9/10; HALT: angry; trigger: payday; did: walk; used; note: hard night"),
        "{md}"
    );
    let empty = export_as(&Store::open_in_memory().unwrap(), Format::Markdown);
    assert!(empty.contains("# Urges\n\n_Nothing here yet._"), "{empty}");
}
