//! `mend checkin`, `mend status`, `mend remind`, `journal list
//! --on-this-day` and `journal add --template` as a process.

use crate::common::cli;

use chrono::{Datelike, Local, Months};
use predicates::prelude::*;
use serde_json::{Value, json};

fn today() -> chrono::NaiveDate {
    Local::now().date_naive()
}

#[test]
fn morning_evening_and_weekly_save_then_edit_and_list_in_the_design_shape() {
    let db = cli::db();
    assert_eq!(
        db.ok(&["checkin", "morning", "just for today, be honest"]),
        "Saved your morning check-in for today.\n"
    );
    assert_eq!(
        db.ok(&["checkin", "morning", "--note", "slept well"]),
        "Updated your morning check-in for today.\n"
    );
    db.ok(&[
        "checkin",
        "evening",
        "--difficulty",
        "4",
        "--gratitude",
        "tea",
        "--gratitude",
        "my sister",
        "--note",
        "afraid at work",
    ]);
    db.ok(&[
        "checkin", "weekly", "--answer", "sleep=3", "--answer", "Mood=1",
    ]);
    let out = db.ok(&["checkin", "weekly", "--answer", "people=4"]);
    assert!(
        out.starts_with("Updated your weekly check-in for week "),
        "{out}"
    );

    let list: Value = serde_json::from_str(&db.ok(&["checkin", "list", "--json"])).unwrap();
    let day = today().format("%Y-%m-%d").to_string();
    let by_kind = |k: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|c| c["kind"] == k)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        by_kind("morning"),
        json!({"day": day, "kind": "morning", "intention": "just for today, be honest",
               "difficulty": null, "gratitude": [], "answers": {}, "note": "slept well"})
    );
    assert_eq!(
        by_kind("evening"),
        json!({"day": day, "kind": "evening", "intention": null, "difficulty": 4,
               "gratitude": ["tea", "my sister"], "answers": {}, "note": "afraid at work"})
    );
    assert_eq!(
        by_kind("weekly")["answers"],
        json!({"sleep": 3, "mood": 1, "people": 4})
    );
    let only: Value =
        serde_json::from_str(&db.ok(&["checkin", "list", "--kind", "evening", "--json"])).unwrap();
    assert_eq!(only.as_array().unwrap().len(), 1);
    let text = db.ok(&["checkin", "list"]);
    assert!(text.contains("hard (4/5)"), "{text}");
    assert!(text.contains("grateful for tea; my sister"), "{text}");
}

#[test]
fn bad_input_is_one_line_and_changes_nothing() {
    let db = cli::db();
    db.ok(&["checkin", "list"]);
    for (args, words) in [
        (
            vec!["checkin", "evening", "--difficulty", "6"],
            "1 (easy) to 5",
        ),
        (
            vec!["checkin", "evening", "--difficulty", "0"],
            "1 (easy) to 5",
        ),
        (
            vec![
                "checkin",
                "evening",
                "--difficulty",
                "2",
                "--gratitude",
                "a",
                "--gratitude",
                "b",
                "--gratitude",
                "c",
                "--gratitude",
                "d",
            ],
            "three",
        ),
        (vec!["checkin", "weekly", "--answer", "sleep=5"], "0 to 4"),
        (vec!["checkin", "weekly", "--answer", "naps=1"], "naps"),
        (vec!["checkin", "weekly", "--answer", "sleep"], "ITEM=N"),
        (
            vec!["checkin", "morning", "--day", "tomorrowish"],
            "cannot read",
        ),
        (vec!["checkin", "list", "--kind", "nightly"], "nightly"),
    ] {
        let out = db
            .mend()
            .args(&args)
            .assert()
            .failure()
            .get_output()
            .clone();
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(words), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    }
    let list: Value = serde_json::from_str(&db.ok(&["checkin", "list", "--json"])).unwrap();
    assert_eq!(list, json!([]));
}

#[test]
fn weekly_items_are_listed_in_kind_words() {
    let db = cli::db();
    let items: Value =
        serde_json::from_str(&db.ok(&["checkin", "weekly", "--items", "--json"])).unwrap();
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 12);
    let sides = |s: &str| items.iter().filter(|i| i["side"] == s).count();
    assert_eq!(
        (sides("risk"), sides("protection"), sides("use")),
        (6, 5, 1)
    );
    let text = db.ok(&["checkin", "weekly", "--items"]).to_lowercase();
    for word in ["score", "diagnos", "disorder", "relapse"] {
        assert!(!text.contains(word), "{word} in {text}");
    }
}

#[test]
fn a_weekly_check_in_for_an_earlier_week_53_edits_across_the_year_end() {
    // 2020 had 53 ISO weeks: Monday 2020-12-28 to Sunday 2021-01-03.
    let db = cli::db();
    assert_eq!(
        db.ok(&[
            "checkin",
            "weekly",
            "--answer",
            "sleep=1",
            "--day",
            "2020-12-28"
        ]),
        "Saved your weekly check-in for week 2020-W53.\n"
    );
    assert_eq!(
        db.ok(&[
            "checkin",
            "weekly",
            "--answer",
            "sleep=2",
            "--day",
            "2021-01-03"
        ]),
        "Updated your weekly check-in for week 2020-W53.\n"
    );
    db.ok(&[
        "checkin",
        "weekly",
        "--answer",
        "sleep=3",
        "--day",
        "2021-01-04",
    ]);
    let list: Value = serde_json::from_str(&db.ok(&["checkin", "list", "--json"])).unwrap();
    let got: Vec<(&str, i64)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["day"].as_str().unwrap(),
                c["answers"]["sleep"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, [("2021-01-04", 3), ("2021-01-03", 2)]);
}

#[test]
fn status_is_one_line_and_its_json_matches_the_design() {
    let db = cli::db();
    assert_eq!(
        db.ok(&["status"]),
        "open: morning, evening, weekly\n",
        "a new journal"
    );
    let since = (today() - chrono::Days::new(40))
        .format("%Y-%m-%d")
        .to_string();
    db.ok(&["clock", "add", "Alcohol", "--since", &since]);
    db.ok(&["clock", "add", "Gambling", "--since", "2020-01-01"]);
    db.ok(&[
        "contacts",
        "add",
        "Sam",
        "--role",
        "sponsor",
        "--cadence",
        "3",
    ]);
    db.ok(&["checkin", "morning", "one day at a time"]);
    assert_eq!(
        db.ok(&["status"]),
        "Alcohol: 40 days · 1 to reach out to · open: evening, weekly\n"
    );
    let doc: Value = serde_json::from_str(&db.ok(&["status", "--json"])).unwrap();
    assert_eq!(
        doc,
        json!({"clock": {"label": "Alcohol", "days": 40}, "due_contacts": 1,
               "checkins": {"morning": "done", "evening": "open", "weekly": "open"}})
    );
}

#[test]
fn remind_prints_what_is_waiting_and_never_fails_without_notify_send() {
    let db = cli::db();
    db.ok(&[
        "contacts",
        "add",
        "Sam",
        "--role",
        "sponsor",
        "--cadence",
        "3",
    ]);
    let out = db
        .mend()
        .args(["remind", "--notify"])
        .env("PATH", "/nonexistent")
        .assert()
        .success()
        .get_output()
        .clone();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Waiting today:\n"), "{text}");
    assert!(text.contains("morning intention"), "{text}");
    assert!(text.contains("Reach out to Sam"), "{text}");
    db.ok(&["checkin", "morning"]);
    db.ok(&["checkin", "evening", "--difficulty", "2"]);
    db.ok(&["checkin", "weekly", "--answer", "sleep=1"]);
    db.ok(&["contacts", "log", "Sam", "called"]);
    assert_eq!(db.ok(&["remind"]), "Nothing is waiting today. Go gently.\n");
}

#[test]
fn remind_notify_calls_notify_send_without_names() {
    let db = cli::db();
    db.ok(&[
        "contacts",
        "add",
        "Sam Private",
        "--role",
        "sponsor",
        "--cadence",
        "3",
    ]);
    let bin = tempfile::tempdir().unwrap();
    let log = bin.path().join("called");
    let script = bin.path().join("notify-send");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\n", log.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o700)).unwrap();
    db.mend()
        .args(["remind", "--notify"])
        .env("PATH", bin.path())
        .assert()
        .success();
    let args = std::fs::read_to_string(&log).unwrap();
    assert!(args.contains("Waiting today:"), "{args}");
    assert!(args.contains("someone to reach out to"), "{args}");
    assert!(!args.contains("Sam"), "names stay out: {args}");
}

#[test]
fn on_this_day_lists_earlier_years_and_a_month_ago() {
    let db = cli::db();
    let t = today();
    let year_ago = t
        .with_year(t.year() - 1)
        .unwrap_or_else(|| t - chrono::Days::new(366));
    let month_ago = t.checked_sub_months(Months::new(1)).unwrap();
    let other = t - chrono::Days::new(3);
    for (d, body) in [
        (year_ago, "a year ago"),
        (month_ago, "a month ago"),
        (other, "another day"),
        (t, "today"),
    ] {
        db.ok(&[
            "journal",
            "add",
            body,
            "--day",
            &d.format("%Y-%m-%d").to_string(),
        ]);
    }
    let list: Value =
        serde_json::from_str(&db.ok(&["journal", "list", "--on-this-day", "--json"])).unwrap();
    let bodies: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["body"].as_str().unwrap())
        .collect();
    assert_eq!(bodies, ["a month ago", "a year ago"]);
    let text = db.ok(&["journal", "list", "--on-this-day"]);
    assert!(
        text.contains("a year ago") && !text.contains("another day"),
        "{text}"
    );
    db.mend()
        .args(["journal", "list", "--on-this-day", "--tag", "x"])
        .assert()
        .failure();
}

#[test]
fn journal_add_from_a_template() {
    let db = cli::db();
    let id = db.ok(&["journal", "add", "--template", "gratitude", "the sun"]);
    let e: Value = serde_json::from_str(&db.ok(&["journal", "show", id.trim(), "--json"])).unwrap();
    let body = e["body"].as_str().unwrap();
    assert!(
        body.starts_with("Three things I'm grateful for today:"),
        "{body}"
    );
    assert!(body.ends_with("the sun"), "{body}");
    assert_eq!(e["tags"], json!(["gratitude"]));
    assert!(e["prompt"].as_str().is_some());
    db.mend()
        .args(["journal", "add", "--template", "nope", "x"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("gratitude"));
}
