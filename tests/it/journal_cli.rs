//! `mend journal` as a process.

use crate::common;

use assert_cmd::Command;
use common::cli::{Db, db};
use predicates::prelude::*;
use serde_json::Value;

impl Db {
    fn cmd(&self) -> Command {
        let mut cmd = self.mend();
        cmd.arg("journal");
        cmd
    }

    fn journal_json(&self, args: &[&str]) -> Value {
        let out = self.cmd().args(args).arg("--json").output().unwrap();
        assert!(out.status.success(), "{out:?}");
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn count(&self) -> usize {
        self.journal_json(&["list", "--limit", "1000"])
            .as_array()
            .unwrap()
            .len()
    }
}

#[test]
fn add_from_argument_and_stdin_then_list_json() {
    let db = db();
    db.cmd()
        .args([
            "add",
            "Called my sponsor 📞",
            "--mood",
            "4",
            "--craving",
            "2",
        ])
        .args([
            "--tag",
            "#Support",
            "--tag",
            "support",
            "--day",
            "2026-03-01",
        ])
        .write_stdin("")
        .assert()
        .success()
        .stdout("1\n");
    db.cmd()
        .args(["add", "-", "--day", "yesterday"])
        .write_stdin("今日は散歩した\nsecond line\n")
        .assert()
        .success()
        .stdout("2\n");
    // Piped stdin without `-`.
    db.cmd()
        .args(["add", "--day", "3 days ago"])
        .write_stdin("e\u{301}te\u{301} grateful")
        .assert()
        .success()
        .stdout("3\n");
    let list = db.journal_json(&["list"]);
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    let first = rows.iter().find(|r| r["id"] == 1).unwrap();
    assert_eq!(first["body"], "Called my sponsor 📞");
    assert_eq!(first["day"], "2026-03-01");
    assert_eq!(first["mood"], 4);
    assert_eq!(first["craving"], 2);
    assert_eq!(first["tags"], serde_json::json!(["support"]));
    assert!(first["prompt"].is_null());
    assert!(first["created_at"].as_str().unwrap().contains('T'));
    let second = rows.iter().find(|r| r["id"] == 2).unwrap();
    assert_eq!(second["body"], "今日は散歩した\nsecond line");
    // Newest first: the entry of 2026-03-01 is last.
    assert_eq!(rows[2]["id"], 1);
    let third = rows.iter().find(|r| r["id"] == 3).unwrap();
    assert_eq!(third["body"], "e\u{301}te\u{301} grateful");

    let tagged = db.journal_json(&["list", "--tag", "SUPPORT"]);
    assert_eq!(tagged.as_array().unwrap().len(), 1);
    let ranged = db.journal_json(&["list", "--since", "2026-02-01", "--until", "2026-03-02"]);
    assert_eq!(ranged.as_array().unwrap().len(), 1);
    let limited = db.journal_json(&["list", "--limit", "1"]);
    assert_eq!(limited.as_array().unwrap().len(), 1);
}

#[test]
fn prompt_flag_attaches_todays_prompt() {
    let db = db();
    db.cmd()
        .args(["add", "an answer", "--prompt"])
        .assert()
        .success();
    let rows = db.journal_json(&["list"]);
    let prompt = rows[0]["prompt"].as_str().unwrap();
    assert!(mend::domain::journal::prompts().contains(&prompt));
}

#[test]
fn search_is_stemmed_ranked_and_has_snippets() {
    let db = db();
    for text in [
        "I held my boundaries with Sam.",
        "Nothing much; walked the dog.",
        "Trusting slowly. Trust comes back with small acts.",
    ] {
        db.cmd().args(["add", text]).assert().success();
    }
    let hits = db.journal_json(&["search", "boundary"]);
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["id"], 1);
    assert!(
        hits[0]["snippet"]
            .as_str()
            .unwrap()
            .contains("[boundaries]")
    );
    let hits = db.journal_json(&["search", "trust*"]);
    assert_eq!(hits.as_array().unwrap().len(), 1);
    // Text output has the snippet too.
    db.cmd()
        .args(["search", "dog"])
        .assert()
        .success()
        .stdout(predicate::str::contains("[dog]"));
    // Hostile queries are fine.
    for q in ["\"", "AND OR NOT", "NEAR(", "*", "a:b", "(((", "🙂"] {
        db.cmd().args(["search", q]).assert().success();
    }
}

#[test]
fn show_edit_and_delete() {
    let db = db();
    db.cmd()
        .args(["add", "first draft of a thought", "--mood", "2"])
        .assert()
        .success();
    db.cmd()
        .args(["show", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("first draft of a thought"))
        .stdout(predicate::str::contains("mood 2/5"));
    let one = db.journal_json(&["show", "1"]);
    assert_eq!(one["id"], 1);
    // Fields without the editor.
    db.cmd()
        .args([
            "edit",
            "1",
            "--mood",
            "5",
            "--tag",
            "Work",
            "--day",
            "2026-01-02",
        ])
        .assert()
        .success();
    let one = db.journal_json(&["show", "1"]);
    assert_eq!(one["mood"], 5);
    assert_eq!(one["day"], "2026-01-02");
    assert_eq!(one["tags"], serde_json::json!(["work"]));
    assert_eq!(one["body"], "first draft of a thought");
    // The text in $EDITOR (a script that rewrites the file).
    db.cmd()
        .env("EDITOR", "sed -i s/first/second/")
        .args(["edit", "1"])
        .assert()
        .success();
    assert_eq!(
        db.journal_json(&["show", "1"])["body"],
        "second draft of a thought"
    );
    // A failing editor changes nothing.
    db.cmd().args(["edit", "1"]).assert().failure();
    assert_eq!(
        db.journal_json(&["show", "1"])["body"],
        "second draft of a thought"
    );
    // Delete needs --yes without a terminal.
    db.cmd()
        .args(["delete", "1"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--yes"));
    assert_eq!(db.count(), 1);
    db.cmd().args(["delete", "1", "--yes"]).assert().success();
    assert_eq!(db.count(), 0);
    db.cmd()
        .args(["show", "1"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no journal entry with id 1"));
}

#[test]
fn refusals_are_one_line_and_write_nothing() {
    let db = db();
    let secret = "very private words";
    let cases: Vec<Vec<&str>> = vec![
        vec!["add", secret, "--mood", "6"],
        vec!["add", secret, "--mood", "0"],
        vec!["add", secret, "--craving", "11"],
        vec!["add", secret, "--craving", "-1"],
        vec!["add", secret, "--day", "2025-02-30"],
        vec!["add", secret, "--day", "someday"],
        vec!["add", secret, "--tag", "two words"],
        vec!["add", "   "],
        vec!["add", "-"],
        vec!["edit", "42", "--mood", "3"],
        vec!["delete", "42", "--yes"],
        vec!["show", "42"],
    ];
    for args in cases {
        let out = db.cmd().args(&args).write_stdin("").output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("mend: "), "{err}");
        assert!(!err.contains("private"), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    assert_eq!(db.count(), 0);
    // An edit with a bad value leaves the entry alone.
    db.cmd()
        .args(["add", "kept", "--mood", "3"])
        .assert()
        .success();
    db.cmd()
        .args(["edit", "1", "--mood", "9"])
        .assert()
        .failure();
    assert_eq!(db.journal_json(&["show", "1"])["mood"], 3);
}
