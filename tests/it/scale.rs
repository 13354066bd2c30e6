//! What keeps mend fast at a million entries, checked for being right: the
//! entry count kept by triggers, and search ranking.

use chrono::NaiveDate;
use mend::domain::journal::{Filter, NewEntry};
use mend::export::{self, ExportOptions, Format};
use mend::store::Store;
use mend::store::portable;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn entry(d: &str, body: &str) -> NewEntry {
    NewEntry {
        day: day(d),
        body: body.into(),
        mood: None,
        craving: None,
        prompt: None,
        tags: vec![],
    }
}

/// The count without a filter (the kept one) and with a filter that holds
/// every entry (counted row by row).
fn counts(store: &Store) -> (u64, u64) {
    let all = Filter {
        since: Some(day("1900-01-01")),
        ..Filter::default()
    };
    (
        store.count_entries(&Filter::default()).unwrap(),
        store.count_entries(&all).unwrap(),
    )
}

#[test]
fn the_kept_entry_count_follows_adds_deletes_and_imports() {
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(counts(&store), (0, 0));
    let a = store.add_entry(&entry("2026-03-01", "One.")).unwrap();
    store.add_entry(&entry("2026-03-02", "Two.")).unwrap();
    store.add_entry(&entry("2026-03-03", "Three.")).unwrap();
    assert_eq!(counts(&store), (3, 3));
    store.delete_entry(a).unwrap();
    assert_eq!(counts(&store), (2, 2));
    // A refused add leaves it alone.
    assert!(store.add_entry(&entry("2026-03-04", "  ")).is_err());
    assert_eq!(counts(&store), (2, 2));

    let opts = ExportOptions::new(Format::Json, day("2026-03-15"));
    let mut out = Vec::new();
    portable::export(&store, &opts, &mut out, None).unwrap();
    let plan = export::parse_import(&out).unwrap();
    let mut other = Store::open_in_memory().unwrap();
    other
        .add_entry(&entry("2026-01-01", "Already here."))
        .unwrap();
    portable::import(&mut other, &plan, true, None).unwrap();
    assert_eq!(counts(&other), (1, 1), "a dry run changes nothing");
    portable::import(&mut other, &plan, false, None).unwrap();
    assert_eq!(counts(&other), (3, 3));
}
