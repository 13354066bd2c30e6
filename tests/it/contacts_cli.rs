//! `mend contacts ...` and `mend crisis` as a user runs them.

use crate::common;

use common::cli::{Db, db};
use predicates::prelude::*;
use serde_json::Value;

impl Db {
    /// Runs a command that must fail with one line on stderr and nothing on
    /// stdout; returns the line.
    fn refused(&self, args: &[&str]) -> String {
        let out = self
            .mend()
            .args(args)
            .assert()
            .failure()
            .stdout("")
            .get_output()
            .clone();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert!(err.starts_with("mend: "), "{err}");
        err
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }
}

fn setup() -> Db {
    let db = db();
    assert_eq!(
        db.ok(&[
            "contacts",
            "add",
            "Sam Jones",
            "--role",
            "Sponsor",
            "--phone",
            "555-0100",
            "--emergency",
            "--cadence",
            "3",
        ]),
        "1\n"
    );
    assert_eq!(
        db.ok(&[
            "contacts",
            "add",
            "Dana",
            "--role",
            "counselor",
            "--email",
            "dana@example.org",
            "--notes",
            "Thursdays 5pm",
        ]),
        "2\n"
    );
    assert_eq!(
        db.ok(&[
            "contacts",
            "add",
            "Tuesday group",
            "--role",
            "peer",
            "--cadence",
            "7"
        ]),
        "3\n"
    );
    db
}

#[test]
fn add_log_and_list_as_json() {
    let db = setup();
    let out = db.ok(&[
        "contacts",
        "log",
        "sam",
        "called after work",
        "--day",
        "2 days ago",
    ]);
    assert!(out.contains("Sam Jones"), "{out}");
    db.ok(&["contacts", "log", "3"]);

    let all = db.json(&["contacts", "list", "--json"]);
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 3);
    let sam = &all[0];
    for key in [
        "id",
        "name",
        "role",
        "phone",
        "email",
        "notes",
        "emergency",
        "cadence_days",
        "last_contact",
        "due",
        "log",
    ] {
        assert!(sam.get(key).is_some(), "missing {key}: {sam}");
    }
    assert_eq!(sam["name"], "Sam Jones");
    assert_eq!(sam["role"], "sponsor");
    assert_eq!(sam["phone"], "555-0100");
    assert_eq!(sam["emergency"], true);
    assert_eq!(sam["cadence_days"], 3);
    assert_eq!(sam["due"], false, "2 days since, cadence 3");
    assert_eq!(sam["log"][0]["note"], "called after work");
    assert!(sam["log"][0]["day"].as_str().unwrap().len() == 10);
    assert_eq!(all[1]["name"], "Dana");
    assert_eq!(all[1]["email"], "dana@example.org");
    assert_eq!(all[1]["cadence_days"], Value::Null);
    assert_eq!(all[1]["last_contact"], Value::Null);
    assert_eq!(all[2]["due"], false);
    assert_eq!(all[2]["log"][0]["note"], Value::Null);

    // Nobody is due now; after the cadence shrinks Sam is.
    assert_eq!(
        db.json(&["contacts", "list", "--due", "--json"]),
        Value::Array(vec![])
    );
    db.ok(&["contacts", "edit", "sam", "--cadence", "1"]);
    let due = db.json(&["contacts", "list", "--due", "--json"]);
    assert_eq!(due.as_array().unwrap().len(), 1);
    assert_eq!(due[0]["name"], "Sam Jones");
    assert_eq!(due[0]["due"], true);

    let text = db.ok(&["contacts", "list"]);
    assert!(text.contains("Sponsors"), "{text}");
    assert!(text.contains("★ emergency"), "{text}");
    assert!(text.contains("due"), "{text}");
}

#[test]
fn show_and_edit() {
    let db = setup();
    let out = db.ok(&["contacts", "show", "dana"]);
    assert!(out.contains("Dana (counselor)"), "{out}");
    assert!(out.contains("Thursdays 5pm"), "{out}");
    db.ok(&[
        "contacts",
        "edit",
        "2",
        "--name",
        "Dana K",
        "--emergency",
        "true",
        "--phone",
        "555-0142",
        "--notes",
        "",
    ]);
    let c = db.json(&["contacts", "show", "dana k", "--json"]);
    assert_eq!(c["name"], "Dana K");
    assert_eq!(c["emergency"], true);
    assert_eq!(c["phone"], "555-0142");
    assert_eq!(c["notes"], Value::Null);
    db.ok(&[
        "contacts",
        "edit",
        "sam",
        "--cadence",
        "0",
        "--emergency",
        "false",
    ]);
    let c = db.json(&["contacts", "show", "1", "--json"]);
    assert_eq!(c["cadence_days"], Value::Null);
    assert_eq!(c["emergency"], false);
}

#[test]
fn refusals_are_one_line_and_change_nothing() {
    let db = setup();
    let e = db.refused(&["contacts", "add", "Boss", "--role", "boss"]);
    assert!(e.contains("unknown role"), "{e}");
    assert!(e.contains("sponsor, mentor, counselor"), "{e}");
    let e = db.refused(&["contacts", "add", "  ", "--role", "peer"]);
    assert!(e.contains("name"), "{e}");
    let e = db.refused(&["contacts", "add", "Z", "--role", "peer", "--cadence", "0"]);
    assert!(e.contains("cadence"), "{e}");
    let e = db.refused(&["contacts", "add", "Z", "--role", "peer", "--cadence", "-4"]);
    assert!(e.contains("cadence"), "{e}");
    let e = db.refused(&["contacts", "log", "nobody", "hi"]);
    assert!(e.contains("no contact matches"), "{e}");
    let e = db.refused(&["contacts", "log", "99"]);
    assert!(e.contains("99"), "{e}");
    let e = db.refused(&["contacts", "log", "sam", "--day", "2999-01-01"]);
    assert!(e.contains("future"), "{e}");
    let e = db.refused(&["contacts", "log", "sam", "--day", "2025-02-30"]);
    assert!(e.contains("not a real date"), "{e}");
    let e = db.refused(&["contacts", "edit", "sam", "--role", "boss"]);
    assert!(e.contains("unknown role"), "{e}");
    let e = db.refused(&["contacts", "edit", "sam", "--name", " "]);
    assert!(e.contains("name"), "{e}");

    // Two contacts match "da": both are named, nothing is logged.
    db.ok(&["contacts", "add", "Dad", "--role", "family"]);
    let e = db.refused(&["contacts", "log", "da", "called"]);
    assert!(e.contains("Dana (id 2)"), "{e}");
    assert!(e.contains("Dad (id 4)"), "{e}");
    let after = db.json(&["contacts", "list", "--json"]);
    for c in after.as_array().unwrap() {
        assert_eq!(c["log"], Value::Array(vec![]), "nothing logged: {c}");
    }

    // Delete without a terminal needs --yes.
    let e = db.refused(&["contacts", "delete", "dana"]);
    assert!(e.contains("--yes"), "{e}");
    assert_eq!(
        db.json(&["contacts", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        4
    );
}

#[test]
fn delete_with_yes() {
    let db = setup();
    db.ok(&["contacts", "log", "dana", "session"]);
    let out = db.ok(&["contacts", "delete", "dana", "--yes"]);
    assert!(out.contains("deleted Dana"), "{out}");
    let all = db.json(&["contacts", "list", "--json"]);
    assert_eq!(all.as_array().unwrap().len(), 2);
    db.refused(&["contacts", "show", "dana"]);
}

#[test]
fn crisis_prints_emergency_contacts_first_then_helplines() {
    let db = setup();
    let out = db.ok(&["crisis"]);
    assert!(!out.contains('\x1b'), "no colour codes in a pipe: {out:?}");
    assert!(out.starts_with("Reach out now. A craving passes."), "{out}");
    let sam = out.find("555-0100").expect("emergency phone shown");
    let lifeline = out.find("988").expect("988 shown");
    assert!(sam < lifeline, "own people first:\n{out}");
    assert!(out.contains("1-800-662-4357"), "{out}");
    assert!(out.contains("911"), "{out}");
    let dana = out.find("Dana").expect("everyone with a phone shows");
    assert!(
        sam < dana && dana < lifeline,
        "emergency first, then the rest:\n{out}"
    );
}

#[test]
fn crisis_works_with_no_contacts_and_uses_config_helplines() {
    let db = db();
    let out = db.ok(&["crisis"]);
    assert!(out.contains("988"), "{out}");
    assert!(out.contains("No one with a phone or email yet"), "{out}");

    let cfg = db.path.with_file_name("config.toml");
    std::fs::write(
        &cfg,
        "[[helplines]]\nname = \"Samaritans\"\nnumber = \"116 123\"\nnote = \"UK, free, 24/7\"\n",
    )
    .unwrap();
    db.mend()
        .arg("--config")
        .arg(&cfg)
        .arg("crisis")
        .assert()
        .success()
        .stdout(predicate::str::contains("116 123"))
        .stdout(predicate::str::contains("988").not());
}
