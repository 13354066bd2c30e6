//! `mend plan` and `mend urge` as a user runs them (DESIGN.md §8.1).

use crate::common;

use common::cli::{Db, db};
use serde_json::{Value, json};

fn json(db: &Db, args: &[&str]) -> Value {
    serde_json::from_str(&db.ok(args)).unwrap()
}

/// A command that must fail with one line on stderr and change nothing.
fn refused(db: &Db, args: &[&str]) -> String {
    let out = db
        .mend()
        .args(args)
        .assert()
        .failure()
        .stdout("")
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    err
}

#[test]
fn plan_add_edit_remove_and_json_shape() {
    let db = db();
    assert!(db.ok(&["plan"]).contains("No plan yet"));
    assert_eq!(
        json(&db, &["plan", "--json"]),
        json!({"reasons": [], "warning_signs": [], "triggers": [], "coping": [], "after_a_slip": []})
    );
    db.ok(&["plan", "add", "coping", "leave the room"]);
    db.ok(&["plan", "add", "coping", "eat"]);
    db.ok(&["plan", "add", "coping", "call Sam"]);
    db.ok(&["plan", "add", "warning-signs", "skipping meetings"]);
    db.ok(&["plan", "add", "after_a_slip", "tell Sam within a day"]);
    db.ok(&["plan", "edit", "coping", "2", "eat something"]);
    db.ok(&["plan", "remove", "coping", "1"]);
    assert_eq!(
        json(&db, &["plan", "--json"]),
        json!({
            "reasons": [],
            "warning_signs": ["skipping meetings"],
            "triggers": [],
            "coping": ["eat something", "call Sam"],
            "after_a_slip": ["tell Sam within a day"]
        })
    );
    let text = db.ok(&["plan"]);
    assert!(text.contains("  2. call Sam"), "{text}");
}

#[test]
fn plan_bad_input_is_one_line_and_changes_nothing() {
    let db = db();
    db.ok(&["plan", "add", "reasons", "my kids"]);
    let before = db.ok(&["plan", "--json"]);
    assert!(refused(&db, &["plan", "add", "hopes", "x"]).contains("unknown plan section"));
    assert!(refused(&db, &["plan", "add", "reasons", "  "]).contains("needs some text"));
    assert!(refused(&db, &["plan", "edit", "reasons", "2", "x"]).contains("no line 2"));
    assert!(refused(&db, &["plan", "remove", "reasons", "0"]).contains("count from 1"));
    assert_eq!(db.ok(&["plan", "--json"]), before);
}

#[test]
fn urge_add_list_and_stats_json_shapes() {
    let db = db();
    let id = db.ok(&[
        "urge",
        "add",
        "--intensity",
        "7",
        "--halt",
        "lonely,tired",
        "--trigger",
        "payday",
        "--did",
        "walk",
        "--outcome",
        "passed",
        "--at",
        "2026-03-02T18:00:00+01:00",
        "--note",
        "a wave",
    ]);
    assert_eq!(id.trim(), "1");
    db.ok(&[
        "urge",
        "add",
        "--intensity",
        "4",
        "--halt",
        "h",
        "--trigger",
        "Payday",
        "--did",
        "Walk",
        "--outcome",
        "used",
        "--at",
        "2026-03-03T18:00:00+01:00",
    ]);
    db.ok(&[
        "urge",
        "add",
        "--intensity",
        "5",
        "--did",
        "call Sam",
        "--outcome",
        "reached_out",
        "--at",
        "2026-03-04T09:00:00+01:00",
    ]);
    let list = json(&db, &["urge", "list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 3);
    assert_eq!(
        list[2],
        json!({
            "id": 1, "at": "2026-03-02T18:00:00+01:00", "intensity": 7,
            "halt": ["lonely", "tired"], "trigger": "payday", "did": "walk",
            "outcome": "passed", "note": "a wave"
        })
    );
    let since = json(&db, &["urge", "list", "--since", "2026-03-03", "--json"]);
    assert_eq!(since.as_array().unwrap().len(), 2);
    let stats = json(&db, &["urge", "stats", "--json"]);
    assert_eq!(stats["count"], 3);
    assert_eq!(stats["passed"], 2);
    assert_eq!(
        stats["halt"],
        json!({"hungry": 1, "angry": 0, "lonely": 1, "tired": 1})
    );
    assert_eq!(
        stats["triggers"],
        json!([{"trigger": "payday", "count": 2}])
    );
    assert_eq!(
        stats["what_helped"],
        json!([
            {"did": "walk", "count": 2, "passed": 1},
            {"did": "call Sam", "count": 1, "passed": 1}
        ])
    );
    let since = json(&db, &["urge", "stats", "--since", "2026-03-04", "--json"]);
    assert_eq!(since["count"], 1);
}

#[test]
fn urge_bad_input_is_one_line_and_creates_nothing() {
    let db = db();
    assert!(refused(&db, &["urge", "add", "--intensity", "11"]).contains("0 to 10"));
    assert!(!db.path.exists(), "a refused urge creates no database");
    assert!(refused(&db, &["urge", "add", "--intensity", "3", "--halt", "sad"]).contains("HALT"));
    assert!(
        refused(
            &db,
            &["urge", "add", "--intensity", "3", "--outcome", "meh"]
        )
        .contains("outcome")
    );
    assert!(
        refused(
            &db,
            &[
                "urge",
                "add",
                "--intensity",
                "3",
                "--at",
                "2999-01-01T00:00:00Z"
            ]
        )
        .contains("future")
    );
    assert!(!db.path.exists());
    assert!(db.ok(&["urge", "list"]).contains("no urges"));
}

#[test]
fn crisis_lists_people_then_what_helps_then_reasons_then_helplines() {
    let db = db();
    db.ok(&[
        "contacts",
        "add",
        "Sam",
        "--role",
        "sponsor",
        "--phone",
        "555-0100",
        "--emergency",
    ]);
    db.ok(&[
        "contacts",
        "add",
        "Fran",
        "--role",
        "friend",
        "--email",
        "fran@example.org",
    ]);
    db.ok(&["contacts", "add", "Kim", "--role", "peer"]);
    db.ok(&["plan", "add", "coping", "Leave the room"]);
    db.ok(&["plan", "add", "reasons", "My kids"]);
    let out = db.ok(&["crisis"]);
    let pos = |s: &str| out.find(s).unwrap_or_else(|| panic!("{s} missing:\n{out}"));
    assert!(pos("555-0100") < pos("fran@example.org"), "{out}");
    assert!(pos("fran@example.org") < pos("1. Leave the room"), "{out}");
    assert!(pos("Leave the room") < pos("My kids"), "{out}");
    assert!(pos("My kids") < pos("988"), "{out}");
    assert!(out.contains("not reached yet"), "{out}");
    assert!(out.contains("(US)"), "{out}");
    assert!(!out.contains("Kim"), "no phone or email:\n{out}");
}

#[test]
fn crisis_on_a_locked_journal_says_the_people_are_locked() {
    use std::os::unix::fs::PermissionsExt;
    let db = db();
    db.mend()
        .env("MEND_PASSPHRASE", "pw")
        .args([
            "contacts", "add", "Sam", "--role", "sponsor", "--phone", "555-0100",
        ])
        .assert()
        .success();
    db.mend()
        .env("MEND_PASSPHRASE", "pw")
        .args(["plan", "add", "coping", "Leave the room"])
        .assert()
        .success();
    let out = db.ok(&["crisis"]);
    assert!(out.contains("Locked with your passphrase"), "{out}");
    assert!(!out.contains("No one with a phone"), "{out}");
    assert!(
        !out.contains("555-0100") && !out.contains("Leave the room"),
        "{out}"
    );
    assert!(out.contains("988"), "{out}");
    // With the passphrase, everything.
    let out = db
        .mend()
        .env("MEND_PASSPHRASE", "pw")
        .arg("crisis")
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.contains("555-0100") && out.contains("Leave the room"),
        "{out}"
    );

    // The config may allow the coping steps on a locked journal.
    let cfg = db.path.with_file_name("config.toml");
    std::fs::write(&cfg, "crisis_when_locked = true\n").unwrap();
    db.mend()
        .env("MEND_PASSPHRASE", "pw")
        .arg("--config")
        .arg(&cfg)
        .args(["plan", "add", "coping", "Call Sam"])
        .assert()
        .success();
    let copy = db.path.with_file_name("mend.db.crisis");
    assert_eq!(
        std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let out = db
        .mend()
        .arg("--config")
        .arg(&cfg)
        .arg("crisis")
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.contains("1. Leave the room") && out.contains("2. Call Sam"),
        "{out}"
    );
    assert!(!out.contains("555-0100"), "your people stay locked:\n{out}");
    // Without the config, the copy goes at the next change and shows nowhere.
    let out = db.ok(&["crisis"]);
    assert!(!out.contains("Leave the room"), "{out}");
    db.mend()
        .env("MEND_PASSPHRASE", "pw")
        .args(["plan", "remove", "coping", "2"])
        .assert()
        .success();
    assert!(!copy.exists());
}
