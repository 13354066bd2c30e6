//! `mend share` as a user runs it: only what is included leaves, the file is
//! 0600, user text stays text, an encrypted journal asks first.

use crate::common::cli::{Db, db};

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use predicates::prelude::*;

/// A journal with entries inside and outside the range, a clock with a new
/// start, an amend with an act, and a contact that a report never shows.
fn sample() -> Db {
    let db = db();
    db.ok(&["clock", "add", "Alcohol", "--since", "2026-01-01"]);
    db.ok(&[
        "clock",
        "reset",
        "Alcohol",
        "--on",
        "2026-02-10",
        "--note",
        "a hard week",
    ]);
    for (day, text, mood, craving, tag) in [
        ("2026-02-27", "OUTSIDE-BEFORE", "2", "7", "work"),
        ("2026-03-01", "INSIDE-ONE", "3", "4", "sleep"),
        ("2026-03-01", "INSIDE-TWO", "5", "2", "work"),
        ("2026-03-04", "INSIDE-THREE", "4", "1", "work"),
        ("2026-03-20", "OUTSIDE-AFTER", "1", "9", "work"),
    ] {
        db.ok(&[
            "journal",
            "add",
            text,
            "--day",
            day,
            "--mood",
            mood,
            "--craving",
            craving,
            "--tag",
            tag,
        ]);
    }
    db.ok(&[
        "journal",
        "add",
        "<script>alert('x')</script> & <b>bold</b>",
        "--day",
        "2026-03-02",
    ]);
    db.ok(&["contacts", "add", "SECRET-CONTACT", "--role", "friend"]);
    db.ok(&["amends", "add", "Dana", "--harm", "missed her birthday"]);
    db.ok(&["amends", "log", "1", "ACT-IN-RANGE", "--day", "2026-03-03"]);
    db.ok(&["amends", "log", "1", "ACT-BEFORE", "--day", "2026-02-01"]);
    for (d, risk, protection) in [("2026-03-02", "1", "3"), ("2026-03-09", "3", "2")] {
        db.ok(&[
            "checkin",
            "weekly",
            "--day",
            d,
            "--answer",
            &format!("sleep={risk}"),
            "--answer",
            &format!("meetings={protection}"),
            "--note",
            "WEEKLY-NOTE",
        ]);
    }
    for (at, did, outcome) in [
        ("2026-03-02T20:00:00+00:00", "URGE-WALK", "passed"),
        ("2026-03-03T20:00:00+00:00", "URGE-CALL", "reached_out"),
        ("2026-03-09T20:00:00+00:00", "URGE-WALK", "used"),
        ("2026-02-01T20:00:00+00:00", "URGE-OUTSIDE", "passed"),
    ] {
        db.ok(&[
            "urge",
            "add",
            "--intensity",
            "6",
            "--halt",
            "lonely,tired",
            "--trigger",
            "payday",
            "--did",
            did,
            "--outcome",
            outcome,
            "--at",
            at,
        ]);
    }
    db.ok(&["plan", "add", "coping", "PLAN-CALL-SAM"]);
    db.ok(&["plan", "add", "reasons", "<b>my kids</b>"]);
    db.ok(&[
        "checkin",
        "evening",
        "--day",
        "2026-03-03",
        "--difficulty",
        "4",
        "--gratitude",
        "GRATEFUL-FOR-TEA",
    ]);
    db
}

fn share(db: &Db, out: &Path, extra: &[&str]) -> String {
    let mut args = vec![
        "share",
        "--since",
        "2026-03-01",
        "--until",
        "2026-03-10",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    db.mend()
        .args(&args)
        .assert()
        .success()
        .stderr(predicate::str::contains("shared"));
    std::fs::read_to_string(out).unwrap()
}

#[test]
fn html_holds_the_range_and_the_parts_chosen_and_nothing_else() {
    let db = sample();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    let html = share(&db, &out, &[]);
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(html.starts_with("<!DOCTYPE html>"));
    for inside in [
        "INSIDE-ONE",
        "INSIDE-TWO",
        "INSIDE-THREE",
        "Alcohol",
        "ACT-IN-RANGE",
        "a hard week",
    ] {
        assert!(html.contains(inside), "{inside} missing");
    }
    for outside in [
        "OUTSIDE-BEFORE",
        "OUTSIDE-AFTER",
        "ACT-BEFORE",
        "SECRET-CONTACT",
    ] {
        assert!(!html.contains(outside), "{outside} leaked");
    }
    // One mood and one craving point per day that noted one (1 and 4 March).
    assert_eq!(html.matches(r#"class="pt mood""#).count(), 2);
    assert_eq!(html.matches(r#"class="pt craving""#).count(), 2);
    // Check-ins: weekly risk and protection, one point a week, and the
    // evening's difficulty.
    assert!(html.contains("GRATEFUL-FOR-TEA") && html.contains("WEEKLY-NOTE"));
    assert_eq!(html.matches(r#"class="pt risk""#).count(), 2);
    assert_eq!(html.matches(r#"class="pt protection""#).count(), 2);
    assert_eq!(html.matches(r#"class="pt difficulty""#).count(), 1);
    // Urges: in range only, one bar a week (1 to 10 March touches the
    // weeks of 23 February, 2 March and 9 March).
    assert!(html.contains("URGE-WALK") && html.contains("URGE-CALL"));
    assert!(!html.contains("URGE-OUTSIDE"));
    assert_eq!(html.matches(r#"class="pt solid""#).count(), 3);
    assert_eq!(html.matches(r#"class="rest""#).count(), 1, "one urge used");
    // The plan, its text escaped.
    assert!(html.contains("PLAN-CALL-SAM") && html.contains("&lt;b&gt;my kids"));
    // The clock's two streaks on its timeline.
    assert_eq!(html.matches(r#"class="pt streak"#).count(), 2);
    // User text stays text.
    assert!(!html.contains("<script"));
    assert!(!html.contains("<b>bold"));
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold"));
    // No external resource of any kind.
    let lower = html.to_lowercase();
    for bad in ["http://", "https://", "src=", "url(", "<link", "@import"] {
        assert!(!lower.contains(bad), "{bad} in the report");
    }
}

#[test]
fn include_and_tag_narrow_what_leaves() {
    let db = sample();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.html");
    let html = share(&db, &out, &["--include", "journal", "--tag", "work"]);
    assert!(html.contains("INSIDE-TWO") && html.contains("INSIDE-THREE"));
    assert!(!html.contains("INSIDE-ONE"), "an entry without the tag");
    assert!(!html.contains("Alcohol") && !html.contains("Dana"));
    assert!(!html.contains("id=\"clocks\"") && !html.contains("id=\"amends\""));
    assert!(!html.contains("WEEKLY-NOTE") && !html.contains("id=\"checkins\""));
    assert!(!html.contains("URGE-WALK") && !html.contains("PLAN-CALL-SAM"));

    let md = dir.path().join("r.md");
    let text = share(
        &db,
        &md,
        &["--include", "clocks,amends", "--format", "markdown"],
    );
    assert!(text.starts_with("# My recovery record"));
    assert!(text.contains("## Sobriety clocks") && text.contains("## Amends"));
    assert!(text.contains("ACT-IN-RANGE") && !text.contains("ACT-BEFORE"));
    assert!(!text.contains("INSIDE-ONE") && !text.contains("## Journal"));
}

#[test]
fn markdown_escapes_user_markup() {
    let db = sample();
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("r.md");
    let text = share(&db, &md, &["--format", "markdown", "--include", "journal"]);
    assert!(text.contains("\\<script\\>"), "{text}");
    assert!(!text.contains("<script>"));
    // A day's average in the table: 1 March had moods 3 and 5.
    assert!(text.contains("| 1 Mar 2026 | 4 | 3 |"), "{text}");
}

#[test]
fn stdout_with_a_dash() {
    let db = sample();
    let out = db.ok(&[
        "share",
        "--since",
        "2026-03-01",
        "--until",
        "2026-03-10",
        "--include",
        "journal",
        "--out",
        "-",
        "--format",
        "markdown",
    ]);
    assert!(out.contains("INSIDE-ONE"));
}

#[test]
fn bad_input_is_one_line_and_writes_nothing() {
    let db = sample();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.html");
    for args in [
        vec!["--since", "2026-03-10", "--until", "2026-03-01"],
        vec!["--since", "2026-03-01", "--include", "journal,diary"],
        vec!["--since", "2026-02-30"],
        vec!["--since", "2026-03-01", "--tag", "   "],
    ] {
        let mut all = vec!["share", "--out", out.to_str().unwrap()];
        all.extend(args.iter());
        let o = db.mend().args(&all).assert().failure().get_output().clone();
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(!out.exists(), "{args:?} wrote a file");
    }
}

#[test]
fn an_encrypted_journal_needs_yes_without_a_terminal() {
    let db = sample();
    mend::store::crypt::change_passphrase(&db.path, None, Some("pass")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.html");
    let args = [
        "share",
        "--since",
        "2026-03-01",
        "--until",
        "2026-03-10",
        "--out",
        out.to_str().unwrap(),
    ];
    db.mend()
        .env("MEND_PASSPHRASE", "pass")
        .args(args)
        .assert()
        .failure()
        .stderr(predicate::str::contains("--yes"));
    assert!(!out.exists());
    db.mend()
        .env("MEND_PASSPHRASE", "pass")
        .args(args)
        .arg("--yes")
        .assert()
        .success()
        .stderr(predicate::str::contains("NOT encrypted"));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("INSIDE-ONE"));
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}
