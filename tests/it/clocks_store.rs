//! The clock tables through the store: add, list, reset, remove, refusals.

use chrono::NaiveDate;
use mend::store::{Error, Store};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn today() -> NaiveDate {
    d("2026-03-15")
}

fn count(store: &Store, table: &str) -> i64 {
    // Through the public API only: count clocks and resets.
    let clocks = store.clocks().unwrap();
    match table {
        "clock" => clocks.len() as i64,
        _ => clocks.iter().map(|c| c.resets.len() as i64).sum(),
    }
}

#[test]
fn add_list_and_find_by_label() {
    let mut s = Store::open_in_memory().unwrap();
    let a = s
        .add_clock(" Alcohol ", d("2025-12-05"), Some(1250), today())
        .unwrap();
    assert_eq!(a.label, "Alcohol");
    assert_eq!(a.cost_per_day_cents, Some(1250));
    s.add_clock("Gambling", d("2026-01-01"), None, today())
        .unwrap();
    let all = s.clocks().unwrap();
    assert_eq!(
        all.iter().map(|c| c.label.as_str()).collect::<Vec<_>>(),
        ["Alcohol", "Gambling"],
        "the main (oldest-added) clock comes first"
    );
    let g = s.clock_by_label("gAMBLING").unwrap();
    assert_eq!(g.since, d("2026-01-01"));
    assert_eq!(g.days(today()), 73);
    assert!(matches!(
        s.clock_by_label("Nicotine"),
        Err(Error::NotFound(_))
    ));
}

#[test]
fn refusals_write_nothing() {
    let mut s = Store::open_in_memory().unwrap();
    s.add_clock("Alcohol", d("2025-12-05"), None, today())
        .unwrap();
    for (label, since, cost) in [
        ("alcohol", d("2025-01-01"), None),   // duplicate, any case
        ("", d("2025-01-01"), None),          // empty
        ("Later", d("2026-03-16"), None),     // future
        ("Money", d("2025-01-01"), Some(-1)), // negative cost
    ] {
        let e = s.add_clock(label, since, cost, today()).unwrap_err();
        assert!(matches!(e, Error::Invalid(_)), "{label}: {e}");
        assert_eq!(e.to_string().lines().count(), 1);
    }
    assert_eq!(count(&s, "clock"), 1);
}

#[test]
fn resets_keep_history_in_order_and_are_validated() {
    let mut s = Store::open_in_memory().unwrap();
    let c = s
        .add_clock("Alcohol", d("2025-01-01"), None, today())
        .unwrap();
    let c1 = s
        .reset_clock(c.id, d("2025-04-01"), Some("  a hard week "), today())
        .unwrap();
    // The row keeps the day of the slip; the new count starts the day after.
    assert_eq!(c1.resets[0].day, d("2025-04-01"));
    assert_eq!(c1.current_since(), d("2025-04-02"));
    assert_eq!(c1.resets[0].note.as_deref(), Some("a hard week"));
    let c2 = s
        .reset_clock(c.id, d("2026-03-01"), Some(""), today())
        .unwrap();
    assert_eq!(c2.resets.len(), 2);
    assert_eq!(c2.resets[1].note, None);
    assert_eq!(c2.longest_days(today()), 333);
    assert_eq!(c2.days(today()), 13);

    // Before the current streak (the last slip day included), in the
    // future, unknown clock: refused.
    for day in [
        d("2026-03-01"),
        d("2026-02-28"),
        d("2024-12-31"),
        d("2026-03-16"),
    ] {
        let e = s.reset_clock(c.id, day, None, today()).unwrap_err();
        assert!(matches!(e, Error::Invalid(_)), "{day}: {e}");
    }
    assert!(matches!(
        s.reset_clock(999, today(), None, today()),
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        s.reset_clock(c.id, today(), Some("a\0b"), today()),
        Err(Error::Invalid(_))
    ));
    assert_eq!(count(&s, "reset"), 2);
    // A slip on the current first day is allowed (a 0-day streak).
    let c3 = s.reset_clock(c.id, d("2026-03-02"), None, today()).unwrap();
    assert_eq!(c3.resets.len(), 3);
    assert_eq!(c3.streaks(today())[2].days, 0);
    assert_eq!(c3.days(today()), 12);
}

#[test]
fn remove_cascades_to_resets() {
    let mut s = Store::open_in_memory().unwrap();
    let a = s
        .add_clock("Alcohol", d("2025-01-01"), None, today())
        .unwrap();
    let b = s
        .add_clock("Gambling", d("2025-01-01"), None, today())
        .unwrap();
    s.reset_clock(a.id, d("2025-06-01"), Some("note"), today())
        .unwrap();
    s.reset_clock(b.id, d("2025-06-01"), None, today()).unwrap();
    s.remove_clock(a.id).unwrap();
    let all = s.clocks().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].label, "Gambling");
    assert_eq!(all[0].resets.len(), 1);
    assert!(matches!(s.remove_clock(a.id), Err(Error::NotFound(_))));
    // The label is free again.
    s.add_clock("alcohol", d("2026-01-01"), None, today())
        .unwrap();
}

#[test]
fn clocks_survive_reopening_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mend.db");
    {
        let mut s = Store::open(&path).unwrap();
        let c = s
            .add_clock("Alcohol", d("2024-02-29"), Some(999), today())
            .unwrap();
        s.reset_clock(c.id, d("2025-02-28"), Some("ünïcode ✓"), today())
            .unwrap();
    }
    let s = Store::open(&path).unwrap();
    let c = s.clock_by_label("ALCOHOL").unwrap();
    assert_eq!(c.since, d("2024-02-29"));
    assert_eq!(c.cost_per_day_cents, Some(999));
    assert_eq!(c.resets[0].note.as_deref(), Some("ünïcode ✓"));
    assert_eq!(c.streaks(today())[0].days, 365);
}

#[test]
fn edit_corrects_label_first_day_and_cost_and_keeps_resets() {
    let mut s = Store::open_in_memory().unwrap();
    let a = s
        .add_clock("Alcohol", d("2025-12-05"), Some(1250), today())
        .unwrap();
    s.add_clock("Gambling", d("2026-01-01"), None, today())
        .unwrap();
    s.reset_clock(a.id, d("2026-02-01"), Some("a slip"), today())
        .unwrap();
    let e = s
        .edit_clock(a.id, " Drinking ", d("2025-11-30"), None, today())
        .unwrap();
    assert_eq!(e.label, "Drinking");
    assert_eq!(e.since, d("2025-11-30"));
    assert_eq!(e.cost_per_day_cents, None);
    assert_eq!(e.resets.len(), 1);
    assert_eq!(e.current_since(), d("2026-02-02"));
    // A case change of its own label is fine; the first day may be the day
    // before the first slip.
    let e = s
        .edit_clock(a.id, "DRINKING", d("2026-01-31"), Some(900), today())
        .unwrap();
    assert_eq!(e.label, "DRINKING");
    assert_eq!(e.cost_per_day_cents, Some(900));
    let before = s.clock(a.id).unwrap();
    // Refusals change nothing: on or after the first slip, in the future,
    // before 1900, another clock's label, an empty label, a negative or huge
    // cost, an unknown id.
    for (label, since, cost) in [
        ("Drinking", d("2026-02-01"), None),
        ("Drinking", d("2026-02-02"), None),
        ("Drinking", d("1899-12-31"), None),
        ("Drinking", d("2026-01-01"), Some(100_000_001)),
        ("Drinking", d("2026-03-16"), None),
        ("gambling", d("2026-01-01"), None),
        ("  ", d("2026-01-01"), None),
        ("Drinking", d("2026-01-01"), Some(-1)),
    ] {
        assert!(s.edit_clock(a.id, label, since, cost, today()).is_err());
    }
    assert!(matches!(
        s.edit_clock(999, "X", d("2026-01-01"), None, today()),
        Err(Error::NotFound(_))
    ));
    let after = s.clock(a.id).unwrap();
    assert_eq!(
        (after.label, after.since, after.cost_per_day_cents),
        (before.label, before.since, before.cost_per_day_cents)
    );
}
