//! Check-ins on real SQLite: one per kind per period (the weekly one per
//! ISO week, across a year end with week 53), open-today, the weekly
//! trend, "on this day", and the JSON export and import round trip.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use mend::domain::checkin::{Kind, NewCheckin, week_label};
use mend::domain::contacts::{ContactInput, Role};
use mend::domain::journal::NewEntry;
use mend::export::{self, ExportOptions, Format};
use mend::store::{Store, portable};
use serde_json::{Value, json};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn answers(risk: u8, protection: u8) -> NewCheckin {
    let mut a = BTreeMap::new();
    for k in ["body", "sleep", "mood", "craving", "risky", "strain"] {
        a.insert(k.to_string(), risk);
    }
    for k in ["confidence", "meetings", "meaning", "purpose", "people"] {
        a.insert(k.to_string(), protection);
    }
    a.insert("used".to_string(), 0);
    NewCheckin {
        answers: a,
        ..Default::default()
    }
}

fn morning(text: &str) -> NewCheckin {
    NewCheckin {
        intention: Some(text.into()),
        ..Default::default()
    }
}

#[test]
fn doing_one_again_in_its_period_edits_it() {
    let mut s = Store::open_in_memory().unwrap();
    let today = day("2027-01-02");
    let (id, edited) = s
        .save_checkin(Kind::Morning, today, &morning("be kind"), today)
        .unwrap();
    assert!(!edited);
    let (again, edited) = s
        .save_checkin(Kind::Morning, today, &morning("be honest"), today)
        .unwrap();
    assert_eq!((again, edited), (id, true));
    let all = s.checkins(None, None).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].intention.as_deref(), Some("be honest"));
    // Another day is another check-in.
    s.save_checkin(Kind::Morning, day("2027-01-01"), &morning("rest"), today)
        .unwrap();
    assert_eq!(s.checkins(None, Some(Kind::Morning)).unwrap().len(), 2);

    // The weekly one: Monday 2026-12-28 and Sunday 2027-01-03 are both in
    // 2026-W53, so the second edits the first.
    let sunday = day("2027-01-03");
    let (w1, _) = s
        .save_checkin(Kind::Weekly, day("2026-12-28"), &answers(1, 3), sunday)
        .unwrap();
    let (w2, edited) = s
        .save_checkin(Kind::Weekly, sunday, &answers(2, 3), sunday)
        .unwrap();
    assert_eq!((w1, edited), (w2, true));
    let weekly = s.checkins(None, Some(Kind::Weekly)).unwrap();
    assert_eq!(weekly.len(), 1);
    assert_eq!(weekly[0].day, sunday);
    assert_eq!(
        week_label(chrono::Datelike::iso_week(&weekly[0].day)),
        "2026-W53"
    );
    // The Monday after opens 2027-W01.
    let (w3, edited) = s
        .save_checkin(
            Kind::Weekly,
            day("2027-01-04"),
            &answers(3, 3),
            day("2027-01-04"),
        )
        .unwrap();
    assert!(!edited && w3 != w1);
}

#[test]
fn bad_input_changes_nothing() {
    let mut s = Store::open_in_memory().unwrap();
    let today = day("2026-06-01");
    let bad = NewCheckin {
        difficulty: Some(9),
        ..Default::default()
    };
    assert!(s.save_checkin(Kind::Evening, today, &bad, today).is_err());
    let future = s.save_checkin(Kind::Morning, day("2026-06-02"), &morning("x"), today);
    assert!(future.unwrap_err().to_string().contains("future"));
    assert!(
        s.save_checkin(Kind::Weekly, today, &NewCheckin::default(), today)
            .is_err()
    );
    assert!(s.checkins(None, None).unwrap().is_empty());
}

#[test]
fn open_today_is_what_is_not_done_yet() {
    let mut s = Store::open_in_memory().unwrap();
    let today = day("2027-01-01");
    let open = s.open_checkins(today).unwrap();
    assert!(open.morning && open.evening && open.weekly);
    s.save_checkin(Kind::Weekly, day("2026-12-29"), &answers(1, 1), today)
        .unwrap();
    s.save_checkin(
        Kind::Evening,
        day("2026-12-31"),
        &NewCheckin::default(),
        today,
    )
    .unwrap();
    s.save_checkin(Kind::Morning, today, &morning("one day"), today)
        .unwrap();
    let open = s.open_checkins(today).unwrap();
    assert!(!open.morning, "done today");
    assert!(open.evening, "yesterday's evening does not count today");
    assert!(!open.weekly, "done this ISO week (2026-W53)");
    assert!(s.open_checkins(day("2027-01-04")).unwrap().weekly);
}

#[test]
fn risk_rising_two_weeks_running_shows_one_gentle_line_with_the_first_emergency_contact() {
    let mut s = Store::open_in_memory().unwrap();
    let mut sam = ContactInput::new("Sam", Role::Sponsor);
    sam.phone = Some("555 0100".into());
    sam.emergency = true;
    s.add_contact(&sam).unwrap();
    let today = day("2027-01-06");
    s.save_checkin(Kind::Weekly, day("2026-12-22"), &answers(1, 3), today)
        .unwrap();
    s.save_checkin(Kind::Weekly, day("2026-12-30"), &answers(2, 3), today)
        .unwrap();
    assert_eq!(s.risk_note(today).unwrap(), None, "two weeks: no line yet");
    assert_eq!(s.week_points().unwrap().len(), 2);
    s.save_checkin(Kind::Weekly, day("2027-01-05"), &answers(3, 2), today)
        .unwrap();
    let points = s.week_points().unwrap();
    assert_eq!(
        points
            .iter()
            .map(|p| week_label(p.week))
            .collect::<Vec<_>>(),
        ["2026-W52", "2026-W53", "2027-W01"]
    );
    let note = s.risk_note(today).unwrap().expect("risk rose twice");
    assert!(note.contains("Sam") && note.contains("555 0100"), "{note}");
    assert!(!note.contains('\n'));
    // With a plan, its first coping step comes first.
    s.add_plan_item(mend::domain::plan::Section::Coping, "eat, then walk")
        .unwrap();
    s.add_plan_item(mend::domain::plan::Section::Coping, "a meeting")
        .unwrap();
    let note = s.risk_note(today).unwrap().unwrap();
    assert!(note.contains("What helps: eat, then walk."), "{note}");
    assert!(!note.contains("a meeting"), "{note}");
    // Risk falls this week (the weekly check-in is edited): no line.
    s.save_checkin(Kind::Weekly, today, &answers(0, 4), today)
        .unwrap();
    assert_eq!(s.risk_note(today).unwrap(), None);
}

#[test]
fn on_this_day_finds_earlier_years_and_a_month_ago_only() {
    let mut s = Store::open_in_memory().unwrap();
    let today = day("2027-03-31");
    for (d, body) in [
        ("2025-03-31", "two years ago"),
        ("2026-03-31", "a year ago"),
        ("2027-02-28", "a month ago"),
        ("2026-03-30", "not this day"),
        ("2027-03-31", "today itself"),
    ] {
        s.add_entry(&NewEntry {
            day: day(d),
            body: body.into(),
            ..NewEntry::default()
        })
        .unwrap();
    }
    let days = s.on_this_day_days(today).unwrap();
    assert_eq!(
        days,
        [day("2027-02-28"), day("2026-03-31"), day("2025-03-31")]
    );
    let bodies: Vec<String> = s
        .entries_on_days(&days)
        .unwrap()
        .into_iter()
        .map(|e| e.body)
        .collect();
    assert_eq!(bodies, ["a month ago", "a year ago", "two years ago"]);
    let empty = Store::open_in_memory().unwrap();
    assert!(empty.on_this_day_days(today).unwrap().is_empty());
}

fn export_json(store: &Store) -> String {
    let mut opts = ExportOptions::new(Format::Json, day("2027-01-06"));
    opts.exported_at = "fixed".to_string();
    let mut out = Vec::new();
    export::write(store, &opts, &mut out, None).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn check_ins_round_trip_through_the_json_export_and_show_in_markdown() {
    let mut s = Store::open_in_memory().unwrap();
    let today = day("2027-01-06");
    s.save_checkin(Kind::Morning, today, &morning("just for today"), today)
        .unwrap();
    let evening = NewCheckin {
        difficulty: Some(4),
        gratitude: vec!["tea".into(), "my sister".into()],
        note: Some("afraid at work; went well: called Sam".into()),
        ..Default::default()
    };
    s.save_checkin(Kind::Evening, today, &evening, today)
        .unwrap();
    s.save_checkin(Kind::Weekly, day("2027-01-03"), &answers(2, 3), today)
        .unwrap();
    let first = export_json(&s);
    let doc: Value = serde_json::from_str(&first).unwrap();
    let list = doc["checkins"].as_array().unwrap();
    assert_eq!(list.len(), 3);
    // The export adds the check-in's sync id to the `--json` shape.
    let mut morning = list[1].clone();
    let id = morning.as_object_mut().unwrap().remove("id");
    assert_eq!(id.and_then(|v| v.as_str().map(str::len)), Some(36));
    assert_eq!(
        morning,
        json!({"day": "2027-01-06", "kind": "morning", "intention": "just for today",
               "difficulty": null, "gratitude": [], "answers": {}, "note": null})
    );
    assert_eq!(list[0]["answers"]["sleep"], 2);

    let plan = mend::import::parse_import(first.as_bytes()).unwrap();
    let mut fresh = Store::open_in_memory().unwrap();
    let report = portable::import(&mut fresh, &plan, false, None).unwrap();
    assert_eq!(report.added.checkins, 3);
    assert_eq!(export_json(&fresh), first);
    // Importing again adds nothing.
    let again = portable::import(&mut fresh, &plan, false, None).unwrap();
    assert_eq!((again.added.checkins, again.skipped.checkins), (0, 3));

    let mut opts = ExportOptions::new(Format::Markdown, today);
    opts.exported_at = "fixed".into();
    let mut out = Vec::new();
    export::write(&s, &opts, &mut out, None).unwrap();
    let md = String::from_utf8(out).unwrap();
    assert!(md.contains("# Check-ins"), "{md}");
    assert!(md.contains("grateful for: tea; my sister"), "{md}");
    assert!(md.contains("week 2026-W53"), "{md}");
}

#[test]
fn an_older_export_without_check_ins_still_imports_and_bad_ones_are_refused() {
    let old = json!({"format": "mend", "version": 1, "exported_at": "x",
        "journal": [{"day": "2026-01-01", "body": "hello"}]});
    let plan = mend::import::parse_import(old.to_string().as_bytes()).unwrap();
    assert!(plan.checkins.is_empty());
    let mut s = Store::open_in_memory().unwrap();
    portable::import(&mut s, &plan, false, None).unwrap();

    for (bad, words) in [
        (json!({"day": "2026-01-01", "kind": "nightly"}), "kind"),
        (
            json!({"day": "2026-01-01", "kind": "evening", "difficulty": 6}),
            "difficulty",
        ),
        (
            json!({"day": "2026-01-01", "kind": "weekly", "answers": {"sleep": 5}}),
            "answers",
        ),
        (
            json!({"day": "2026-01-01", "kind": "weekly", "answers": {"naps": 1}}),
            "naps",
        ),
        (
            json!({"day": "2026-01-01", "kind": "weekly"}),
            "at least one answer",
        ),
        (
            json!({"day": "2026-01-01", "kind": "evening", "gratitude": ["a", "b", "c", "d"]}),
            "three",
        ),
    ] {
        let doc = json!({"format": "mend", "version": 1, "exported_at": "x", "checkins": [bad]});
        let e = mend::import::parse_import(doc.to_string().as_bytes())
            .unwrap_err()
            .to_string();
        assert!(e.contains("check-in 1") && e.contains(words), "{e}");
    }
}

#[test]
fn the_brief_due_list_for_status_matches_the_full_one() {
    let mut s = Store::open_in_memory().unwrap();
    let today = day("2026-03-15");
    for (name, cadence, last) in [
        ("Sam", Some(3), Some("2026-03-01")),
        ("Ada", Some(30), Some("2026-03-14")),
        ("Bo", Some(7), None),
        ("Cy", None, None),
        ("Di", Some(1), Some("2026-03-13")),
    ] {
        let mut c = ContactInput::new(name, Role::Friend);
        c.cadence_days = cadence;
        let id = s.add_contact(&c).unwrap();
        if let Some(d) = last {
            s.log_contact(id, day(d), None, today).unwrap();
        }
    }
    let full: Vec<String> = s
        .due_contacts(today)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    let brief: Vec<String> = s
        .due_contacts_brief(today)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(full, ["Bo", "Sam", "Di"]);
    assert_eq!(brief, full);
    assert_eq!(s.main_clock().unwrap(), None);
    s.add_clock("Gambling", day("2026-01-01"), None, today)
        .unwrap();
    s.add_clock("Alcohol", day("2025-01-01"), None, today)
        .unwrap();
    assert_eq!(s.main_clock().unwrap().unwrap().label, "Gambling");
}
