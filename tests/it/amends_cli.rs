//! `mend amends` as a process: add, set-status, log, list (text and JSON),
//! show, edit, delete, and one-line refusals that write nothing.

use crate::common;

use assert_cmd::Command;
use common::cli::{Db, db};
use predicates::prelude::*;
use serde_json::Value;

fn mend(db: &Db) -> Command {
    db.mend()
}

fn run_ok(db: &Db, args: &[&str]) -> String {
    let out = mend(db).args(args).assert().success().get_output().clone();
    String::from_utf8(out.stdout).unwrap()
}

fn list_json(db: &Db) -> Value {
    serde_json::from_str(&run_ok(db, &["amends", "list", "--json"])).unwrap()
}

/// A refusal: exit 1, one line on stderr naming no private text, nothing
/// written.
fn refused(db: &Db, args: &[&str], says: &str) {
    let before = list_json(db);
    let out = mend(db).args(args).assert().failure().get_output().clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(says), "{args:?}: {err}");
    assert!(!err.contains("secret"), "{err}");
    assert!(out.stdout.is_empty());
    assert_eq!(list_json(db), before, "{args:?} wrote something");
}

#[test]
fn add_prints_ids_and_list_json_has_the_contract_shape() {
    let db = db();
    assert_eq!(
        run_ok(
            &db,
            &[
                "amends",
                "add",
                "Mom",
                "--harm",
                "missed her birthday",
                "--plan",
                "call"
            ]
        ),
        "1\n"
    );
    assert_eq!(
        run_ok(
            &db,
            &[
                "amends", "add", "Dad", "--harm", "money", "--kind", "living"
            ]
        ),
        "2\n"
    );
    run_ok(
        &db,
        &["amends", "set-status", "1", "made", "--on", "2 days ago"],
    );
    run_ok(
        &db,
        &[
            "amends",
            "log",
            "1",
            "showed up on time",
            "--trust",
            "3",
            "--day",
            "yesterday",
        ],
    );
    run_ok(&db, &["amends", "log", "1", "called her"]);
    let v = list_json(&db);
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 2);
    // Listed comes before made.
    assert_eq!(arr[0]["person"], "Dad");
    assert_eq!(arr[0]["kind"], "living");
    let mom = &arr[1];
    for key in [
        "id", "person", "contact", "harm", "kind", "plan", "status", "made_on", "notes", "log",
    ] {
        assert!(mom.get(key).is_some(), "missing {key}: {mom}");
    }
    assert_eq!(mom["status"], "made");
    assert_eq!(mom["contact"], Value::Null);
    assert_eq!(mom["plan"], "call");
    assert!(mom["made_on"].as_str().unwrap().len() == 10);
    let log = mom["log"].as_array().unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0]["note"], "showed up on time");
    assert_eq!(log[0]["trust"], 3);
    assert_eq!(log[1]["trust"], Value::Null);
    for key in ["day", "note", "trust"] {
        assert!(log[0].get(key).is_some());
    }
    let made: Value = serde_json::from_str(&run_ok(
        &db,
        &["amends", "list", "--status", "made", "--json"],
    ))
    .unwrap();
    assert_eq!(made.as_array().unwrap().len(), 1);
}

#[test]
fn text_list_and_show_are_readable() {
    let db = db();
    run_ok(&db, &["amends", "add", "Mom", "--harm", "lied"]);
    run_ok(&db, &["amends", "add", "Sam", "--harm", "x"]);
    run_ok(&db, &["amends", "set-status", "2", "deferred"]);
    run_ok(
        &db,
        &[
            "amends",
            "log",
            "1",
            "called",
            "--trust",
            "2",
            "--day",
            "3 days ago",
        ],
    );
    run_ok(&db, &["amends", "log", "1", "visited", "--trust", "4"]);
    let list = run_ok(&db, &["amends", "list"]);
    assert!(list.contains("Mom"), "{list}");
    assert!(list.contains("today"), "{list}");
    assert!(list.contains("▃▆"), "{list}");
    assert!(list.contains("1 listed · 1 deferred"), "{list}");
    let show = run_ok(&db, &["amends", "show", "2"]);
    assert!(
        show.contains("respecting their boundaries, for now"),
        "{show}"
    );
    let show = run_ok(&db, &["amends", "show", "1"]);
    assert!(show.contains("lied"), "{show}");
    assert!(show.contains("●●●●○ 4/5  visited"), "{show}");
    assert!(show.contains("2 → 4"), "{show}");
    // Newest first in the timeline.
    assert!(show.find("visited").unwrap() < show.find("called").unwrap());
}

#[test]
fn edit_changes_only_the_given_fields() {
    let db = db();
    run_ok(
        &db,
        &["amends", "add", "Mom", "--harm", "lied", "--plan", "talk"],
    );
    run_ok(
        &db,
        &[
            "amends", "edit", "1", "--person", "Mother", "--kind", "indirect",
        ],
    );
    let v = list_json(&db);
    assert_eq!(v[0]["person"], "Mother");
    assert_eq!(v[0]["kind"], "indirect");
    assert_eq!(v[0]["harm"], "lied");
    assert_eq!(v[0]["plan"], "talk");
    refused(&db, &["amends", "edit", "1"], "nothing to change");
}

#[test]
fn bad_input_is_refused_in_one_line() {
    let db = db();
    run_ok(&db, &["amends", "add", "Mom", "--harm", "lied"]);
    refused(
        &db,
        &["amends", "add", "  ", "--harm", "secret"],
        "name is empty",
    );
    refused(
        &db,
        &["amends", "add", "Dad", "--harm", "secret", "--kind", "huge"],
        "unknown kind",
    );
    refused(
        &db,
        &["amends", "set-status", "1", "done"],
        "unknown status",
    );
    refused(
        &db,
        &["amends", "set-status", "7", "made"],
        "no amends with id 7",
    );
    refused(
        &db,
        &["amends", "set-status", "1", "made", "--on", "2999-01-01"],
        "future",
    );
    refused(
        &db,
        &["amends", "log", "1", "secret", "--trust", "6"],
        "1 to 5",
    );
    refused(
        &db,
        &["amends", "log", "1", "secret", "--trust", "0"],
        "1 to 5",
    );
    refused(
        &db,
        &["amends", "log", "1", "secret", "--day", "2999-01-01"],
        "future",
    );
    refused(
        &db,
        &["amends", "log", "9", "secret"],
        "no amends with id 9",
    );
    refused(
        &db,
        &["amends", "list", "--status", "nope"],
        "unknown status",
    );
    refused(
        &db,
        &[
            "amends",
            "add",
            "Dad",
            "--harm",
            "secret",
            "--contact",
            "Nobody",
        ],
        "no support contact",
    );
}

#[test]
fn delete_needs_yes_without_a_terminal() {
    let db = db();
    run_ok(&db, &["amends", "add", "Mom", "--harm", "lied"]);
    run_ok(&db, &["amends", "log", "1", "called"]);
    mend(&db)
        .args(["amends", "delete", "1"])
        .write_stdin("y\n")
        .assert()
        .failure()
        .stderr(predicate::str::contains("--yes"));
    assert_eq!(list_json(&db).as_array().unwrap().len(), 1);
    run_ok(&db, &["amends", "delete", "1", "--yes"]);
    assert_eq!(list_json(&db), Value::Array(vec![]));
    let out = run_ok(&db, &["amends", "list"]);
    assert!(out.contains("empty"), "{out}");
}
