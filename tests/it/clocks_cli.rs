//! `mend days` and `mend clock ...` as a process: output, JSON shape and
//! refusals that change nothing.

use crate::common;

use chrono::{Local, NaiveDate};
use common::cli::{Db, db};
use predicates::prelude::*;
use serde_json::Value;

impl Db {
    fn fails(&self, args: &[&str], needle: &str) {
        let out = self
            .mend()
            .args(args)
            .assert()
            .failure()
            .get_output()
            .clone();
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.starts_with("mend: "), "{err}");
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert!(err.contains(needle), "{needle:?} not in {err}");
        assert!(out.stdout.is_empty());
    }

    fn list_json(&self) -> Value {
        serde_json::from_str(&self.ok(&["clock", "list", "--json"])).unwrap()
    }
}

fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn ago(n: i64) -> String {
    (today() - chrono::Duration::days(n)).to_string()
}

#[test]
fn no_clock_is_a_kind_hint_and_an_empty_json_list() {
    let db = db();
    let out = db.ok(&["days"]);
    assert!(out.contains("mend clock add"), "{out}");
    assert_eq!(db.ok(&["days", "--json"]).trim(), "[]");
}

#[test]
fn days_prints_one_line_per_clock_with_the_next_milestone() {
    let db = db();
    db.ok(&["clock", "add", "Alcohol", "--since", &ago(100)]);
    db.ok(&["clock", "add", "Gambling", "--since", &ago(0)]);
    let out = db.ok(&["days"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].starts_with("Alcohol: 100 days · "), "{out}");
    assert!(lines[0].contains("6 months in "), "{out}");
    assert_eq!(lines[1], "Gambling: 0 days · 24 hours tomorrow");
    // One clock by label, any case.
    let one = db.ok(&["days", "gambling"]);
    assert_eq!(one.lines().count(), 1);
}

#[test]
fn days_json_matches_the_design_shape() {
    let db = db();
    db.ok(&["clock", "add", "Alcohol", "--since", &ago(30)]);
    let v: Value = serde_json::from_str(&db.ok(&["days", "--json"])).unwrap();
    let c = &v.as_array().unwrap()[0];
    assert_eq!(c["label"], "Alcohol");
    assert_eq!(c["since"], ago(30));
    assert_eq!(c["days"], 30);
    assert_eq!(c["longest_days"], 30);
    let next = &c["next_milestone"];
    assert_eq!(next["name"], "60 days");
    assert_eq!(
        next["on"],
        (today() + chrono::Duration::days(30)).to_string()
    );
    assert_eq!(next["days_left"], 30);
    assert_eq!(c["milestone_today"], "30 days");
}

#[test]
fn a_reset_keeps_the_history_and_speaks_kindly() {
    let db = db();
    db.ok(&[
        "clock",
        "add",
        "Alcohol",
        "--since",
        &ago(100),
        "--cost-per-day",
        "12.50",
    ]);
    // A slip 10 days ago: the 90 days before it stay; the new count starts
    // the day after the slip.
    let out = db.ok(&[
        "clock",
        "reset",
        "alcohol",
        "--slip-day",
        &ago(10),
        "--note",
        "hard week",
    ]);
    assert!(
        out.contains("A new start. Your 90 days still happened."),
        "{out}"
    );
    assert!(out.contains(&format!("the slip on {}", ago(10))), "{out}");
    let v: Value = serde_json::from_str(&db.ok(&["days", "--json"])).unwrap();
    assert_eq!(v[0]["days"], 9);
    assert_eq!(v[0]["since"], ago(9));
    assert_eq!(v[0]["first_day"], ago(100));
    assert_eq!(v[0]["longest_days"], 90);
    let list = db.list_json();
    let c = &list[0];
    // `since` and `first_day` mean the same in both outputs.
    assert_eq!(c["since"], v[0]["since"]);
    assert_eq!(c["first_day"], v[0]["first_day"]);
    assert_eq!(c["days"], v[0]["days"]);
    assert_eq!(c["cost_per_day_cents"], 1250);
    assert_eq!(c["saved_cents"], 9 * 1250);
    assert_eq!(c["resets"][0]["slip_day"], ago(10));
    assert_eq!(c["resets"][0]["note"], "hard week");
    assert_eq!(c["streaks"][0]["days"], 90);
    assert_eq!(c["streaks"][0]["slip_day"], ago(10));
    assert_eq!(c["streaks"][0]["note"], "hard week");
    assert_eq!(c["streaks"][1]["start"], ago(9));
    assert_eq!(c["streaks"][1]["slip_day"], Value::Null);
    let text = db.ok(&["clock", "list"]);
    assert!(text.contains("hard week"), "{text}");
    assert!(text.contains("90 days"), "{text}");
    assert!(text.contains(&format!("9 days since {}", ago(9))), "{text}");
    assert!(text.contains("$112.50 saved"), "{text}");
    // The slip day defaults to today: today is not counted, tomorrow is the
    // first sober day again.
    let out = db.ok(&["clock", "reset", "Alcohol"]);
    assert!(out.contains("Your 9 days still happened"), "{out}");
    assert!(out.contains("counts again from tomorrow"), "{out}");
    assert_eq!(
        db.ok(&["days"]).lines().next().unwrap(),
        "Alcohol: 0 days · 24 hours in 2 days"
    );
    let v: Value = serde_json::from_str(&db.ok(&["days", "--json"])).unwrap();
    assert_eq!(
        v[0]["since"],
        (today() + chrono::Duration::days(1)).to_string()
    );
}

#[test]
fn the_deprecated_on_still_names_the_new_first_sober_day() {
    let db = db();
    db.ok(&["clock", "add", "Alcohol", "--since", &ago(100)]);
    let out = db.ok(&["clock", "reset", "Alcohol", "--on", &ago(10)]);
    assert!(out.contains("Your 89 days still happened"), "{out}");
    let v: Value = serde_json::from_str(&db.ok(&["days", "--json"])).unwrap();
    assert_eq!(v[0]["since"], ago(10));
    assert_eq!(v[0]["days"], 10);
    assert_eq!(db.list_json()[0]["resets"][0]["slip_day"], ago(11));
    // It is not in the help; --slip-day is.
    let help = db.ok(&["clock", "reset", "--help"]);
    assert!(help.contains("--slip-day"), "{help}");
    assert!(!help.contains("--on"), "{help}");
    db.fails(
        &[
            "clock",
            "reset",
            "Alcohol",
            "--on",
            &ago(1),
            "--slip-day",
            &ago(2),
        ],
        "cannot be used with",
    );
}

#[test]
fn refusals_are_one_line_and_change_nothing() {
    let db = db();
    db.ok(&["clock", "add", "Alcohol", "--since", &ago(20)]);
    let before = db.list_json();
    db.fails(
        &["clock", "add", "Gambling", "--since", "2025-02-30"],
        "not a real date",
    );
    db.fails(
        &[
            "clock",
            "add",
            "Gambling",
            "--since",
            &(today() + chrono::Duration::days(1)).to_string(),
        ],
        "in the future",
    );
    db.fails(
        &["clock", "add", "ALCOHOL", "--since", &ago(3)],
        "already exists",
    );
    db.fails(&["clock", "add", "  ", "--since", &ago(3)], "needs a label");
    db.fails(
        &[
            "clock",
            "add",
            "Food",
            "--since",
            &ago(3),
            "--cost-per-day=-3",
        ],
        "12.50",
    );
    db.fails(
        &["clock", "reset", "Alcohol", "--slip-day", &ago(21)],
        "before the current streak",
    );
    db.fails(
        &["clock", "reset", "Alcohol", "--slip-day", "2025-02-30"],
        "not a real date",
    );
    db.fails(
        &[
            "clock",
            "reset",
            "Alcohol",
            "--slip-day",
            &(today() + chrono::Duration::days(1)).to_string(),
        ],
        "in the future",
    );
    db.fails(
        &[
            "clock",
            "add",
            "Food",
            "--since",
            &ago(3),
            "--cost-per-day=2000000",
        ],
        "1000000.00",
    );
    db.fails(
        &["clock", "add", "Food", "--since", "1899-12-31"],
        "before 1900-01-01",
    );
    db.fails(&["clock", "reset", "Nicotine"], "no clock named");
    db.fails(&["days", "Nicotine"], "no clock named");
    db.fails(&["clock", "remove", "Nicotine", "--yes"], "no clock named");
    assert_eq!(db.list_json(), before);
}

#[test]
fn remove_needs_yes_without_a_terminal() {
    let db = db();
    db.ok(&["clock", "add", "Alcohol", "--since", &ago(5)]);
    db.ok(&["clock", "reset", "Alcohol", "--slip-day", &ago(1)]);
    db.mend()
        .args(["clock", "remove", "Alcohol"])
        .write_stdin("y\n")
        .assert()
        .failure()
        .stderr(predicate::str::contains("--yes"));
    assert_eq!(db.list_json().as_array().unwrap().len(), 1);
    let out = db.ok(&["clock", "remove", "alcohol", "--yes"]);
    assert!(out.contains("Removed Alcohol"), "{out}");
    assert_eq!(db.list_json(), Value::Array(vec![]));
    // The label can be used again.
    db.ok(&["clock", "add", "Alcohol", "--since", &ago(0)]);
}

#[test]
fn clock_edit_corrects_a_clock_and_refuses_what_would_break_its_history() {
    let db = db();
    db.ok(&[
        "clock",
        "add",
        "Alcohol",
        "--since",
        &ago(100),
        "--cost-per-day",
        "5",
    ]);
    db.ok(&[
        "clock",
        "reset",
        "Alcohol",
        "--slip-day",
        &ago(10),
        "--note",
        "a slip",
    ]);
    // Onto the slip day (it would turn the 90-day streak into 0) or past it.
    for day in [ago(10), ago(9)] {
        db.fails(
            &["clock", "edit", "Alcohol", "--since", &day],
            "on or after the first slip",
        );
    }
    db.fails(&["clock", "edit", "Alcohol"], "nothing to change");
    db.fails(&["clock", "edit", "Nope", "--label", "X"], "no clock named");
    let out = db.ok(&[
        "clock",
        "edit",
        "alcohol",
        "--label",
        "Drinking",
        "--since",
        &ago(120),
        "--no-cost",
    ]);
    assert!(out.contains("Updated Drinking: 9 days"), "{out}");
    let list = db.list_json();
    let c = &list[0];
    assert_eq!(c["label"], "Drinking");
    assert_eq!(c["first_day"], ago(120));
    assert_eq!(c["since"], ago(9));
    assert_eq!(c["cost_per_day_cents"], Value::Null);
    assert_eq!(c["resets"][0]["note"], "a slip");
    assert_eq!(c["longest_days"], 110);
    db.ok(&["clock", "edit", "Drinking", "--cost-per-day", "7.25"]);
    assert_eq!(db.list_json()[0]["cost_per_day_cents"], 725);
}
