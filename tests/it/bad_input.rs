//! Bad input at the door: future days, NUL bytes, C1 controls, usage errors,
//! `--limit 0`, jrnl files re-imported under another time zone.

use crate::common;

use chrono::{Local, NaiveDate};
use common::cli::{Db, db};
use mend::domain::journal::Filter;
use ratatui::crossterm::event::{Event, KeyCode};
use serde_json::Value;

fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn in_days(n: i64) -> String {
    (today() + chrono::Duration::days(n)).to_string()
}

/// Runs `mend ARGS` (with `stdin`), which must fail; returns its one
/// stderr line and checks stdout is empty.
fn refused(db: &Db, args: &[&str], stdin: &[u8]) -> String {
    let out = db.mend().args(args).write_stdin(stdin).output().unwrap();
    assert!(!out.status.success(), "{args:?} succeeded");
    assert!(out.stdout.is_empty(), "{out:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("mend: "), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err:?}");
    assert!(
        !err.chars().any(|c| c.is_control() && c != '\n'),
        "a control character in {err:?}"
    );
    err
}

fn entry_count(db: &Db) -> usize {
    let out = db.ok(&["journal", "list", "--limit", "1000", "--json"]);
    serde_json::from_str::<Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .len()
}

#[test]
fn a_journal_entry_in_the_future_is_refused() {
    let db = db();
    db.ok(&["journal", "add", "today is fine"]);
    let err = refused(
        &db,
        &["journal", "add", "from the future", "--day", "2030-01-01"],
        b"",
    );
    assert!(err.contains("2030-01-01 is in the future"), "{err}");
    let err = refused(
        &db,
        &["journal", "add", "tomorrow", "--day", &in_days(1)],
        b"",
    );
    assert!(err.contains("in the future"), "{err}");
    let err = refused(&db, &["journal", "edit", "1", "--day", "2030-01-01"], b"");
    assert!(err.contains("in the future"), "{err}");
    assert_eq!(entry_count(&db), 1);
    let v: Value = serde_json::from_str(&db.ok(&["journal", "list", "--json"])).unwrap();
    assert_eq!(v[0]["day"], today().to_string());
}

#[test]
fn an_import_with_a_future_entry_is_refused_whole() {
    let db = db();
    let file = db._dir.path().join("future.json");
    let doc = serde_json::json!({"format": "mend", "version": 1, "journal": [
        {"day": "2026-01-01", "body": "fine"},
        {"day": "2030-01-01", "body": "not yet"}
    ]});
    std::fs::write(&file, doc.to_string()).unwrap();
    let err = refused(&db, &["import", file.to_str().unwrap()], b"");
    assert!(
        err.contains("journal entry 2, field \"day\": 2030-01-01 is in the future"),
        "{err}"
    );
    assert!(!db.path.exists() || entry_count(&db) == 0);
}

#[test]
fn clock_caps_hold_on_import_too() {
    let db = db();
    let file = db._dir.path().join("clocks.json");
    for (clock, needle) in [
        (
            serde_json::json!({"label": "A", "since": "1850-01-01"}),
            "before 1900-01-01",
        ),
        (
            serde_json::json!({"label": "A", "since": "2020-01-01", "cost_per_day": 1e9}),
            "from 0 to 1000000",
        ),
    ] {
        let doc = serde_json::json!({"format": "mend", "version": 1, "clocks": [clock]});
        std::fs::write(&file, doc.to_string()).unwrap();
        let err = refused(&db, &["import", file.to_str().unwrap()], b"");
        assert!(err.contains(needle), "{err}");
    }
}

#[test]
fn nul_is_refused_at_the_door_from_stdin() {
    let db = db();
    db.ok(&["journal", "add", "first"]);
    let err = refused(&db, &["journal", "add", "-"], b"before\0after\n");
    assert!(err.contains("NUL character"), "{err}");
    assert!(!err.contains("before"), "no entry text in errors: {err}");
    assert_eq!(entry_count(&db), 1);
}

/// Text that has broken exporters: every kind of control, wide and
/// combining characters, line separators, CRLF.
const TRICKY: &str = "esc \u{1b}[2J csi \u{9b}31m nel \u{85} del \u{7f} bell \u{7} \
                      crlf\r\nls \u{2028} ps \u{2029} bom \u{feff} rtl \u{202e}olleh \
                      e\u{301} 🧑‍🤝‍🧑 \"quoted\" back\\slash tab\t.";

#[test]
fn json_outputs_escape_c1_and_tricky_text_round_trips() {
    let db = db();
    db.ok(&["journal", "add", TRICKY, "--tag", "plain"]);
    db.ok(&["clock", "add", "Alcohol", "--since", "2026-01-01"]);
    db.ok(&[
        "clock",
        "reset",
        "Alcohol",
        "--slip-day",
        "2026-02-01",
        "--note",
        "a \u{9b} note",
    ]);
    for args in [
        &["journal", "list", "--json"][..],
        &["journal", "show", "1", "--json"],
        &["journal", "search", "quoted", "--json"],
        &["clock", "list", "--json"],
        &["journal", "show", "1"],
        &["clock", "list"],
        &["export"],
    ] {
        let out = db.mend().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !text
                .chars()
                .any(|c| ('\u{7f}'..='\u{9f}').contains(&c) || c == '\u{1b}'),
            "{args:?} wrote a raw control: {text:?}"
        );
        if args.contains(&"--json") || args == ["export"] {
            let v: Value = serde_json::from_str(&text).unwrap();
            assert!(v.to_string().contains('\u{9b}'), "{args:?}: the same text");
            assert!(text.contains("\\u009b"), "{args:?}: {text}");
        }
    }
    // The Markdown export, written to a file, drops them.
    let md = db._dir.path().join("record.md");
    db.ok(&[
        "export",
        "--format",
        "markdown",
        "--out",
        md.to_str().unwrap(),
    ]);
    let md = std::fs::read_to_string(md).unwrap();
    assert!(md.contains("olleh"), "{md}");
    assert!(
        !md.chars().any(|c| c.is_control() && c != '\n' && c != '\t'),
        "{md:?}"
    );
    // The export imports into a new journal and exports the same again.
    let json = db.ok(&["export"]);
    let other = common::cli::db();
    let file = other._dir.path().join("export.json");
    std::fs::write(&file, &json).unwrap();
    other.ok(&["import", file.to_str().unwrap()]);
    let again = other.ok(&["export"]);
    let strip = |s: &str| {
        let mut v: Value = serde_json::from_str(s).unwrap();
        v["exported_at"] = Value::Null;
        v
    };
    assert_eq!(strip(&again), strip(&json));
    let v: Value = serde_json::from_str(&other.ok(&["journal", "list", "--json"])).unwrap();
    assert_eq!(v[0]["body"], TRICKY.trim_end());
}

#[test]
fn an_old_journal_holding_a_nul_still_exports_something_mend_imports() {
    let db = db();
    db.ok(&["journal", "add", "placeholder"]);
    {
        let conn = rusqlite::Connection::open(&db.path).unwrap();
        conn.execute(
            "UPDATE journal_entry SET body = ?1 WHERE id = 1",
            ["held\0nul"],
        )
        .unwrap();
    }
    let json = db.ok(&["export"]);
    let other = common::cli::db();
    let file = other._dir.path().join("export.json");
    std::fs::write(&file, &json).unwrap();
    other.ok(&["import", file.to_str().unwrap()]);
    let v: Value = serde_json::from_str(&other.ok(&["journal", "list", "--json"])).unwrap();
    assert_eq!(v[0]["body"], "held\u{fffd}nul");
}

#[test]
fn error_lines_drop_control_characters() {
    let db = db();
    db.ok(&["clock", "add", "Alcohol", "--since", "2026-01-01"]);
    let err = refused(&db, &["clock", "reset", "Al\u{9b}2J\u{1b}[31mcohol"], b"");
    assert!(err.contains("no clock named"), "{err}");
}

#[test]
fn usage_errors_say_what_clap_knows_on_one_line() {
    let db = db();
    let err = refused(&db, &["clock", "add", "Alcohol"], b"");
    assert!(
        err.contains("the following required arguments were not provided: --since <DAY>"),
        "{err}"
    );
    assert!(err.contains("usage: mend clock add"), "{err}");
    let err = refused(&db, &["export", "--format", "mark"], b"");
    assert!(err.contains("[possible values: json, markdown]"), "{err}");
    assert!(err.contains("a similar value exists: 'markdown'"), "{err}");
    let err = refused(&db, &["dyas"], b"");
    assert!(err.contains("a similar subcommand exists: 'days'"), "{err}");
    let err = refused(&db, &["amends", "add"], b"");
    assert!(err.contains("--harm <TEXT>, <PERSON>"), "{err}");
    // Usage errors exit 2.
    let out = db.mend().args(["dyas"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn limit_zero_is_an_error_not_an_empty_journal() {
    let db = db();
    db.ok(&["journal", "add", "one"]);
    for cmd in [&["journal", "list"][..], &["journal", "search", "one"]] {
        let mut args = cmd.to_vec();
        args.extend(["--limit", "0"]);
        let err = refused(&db, &args, b"");
        assert!(err.contains("--limit"), "{err}");
        assert!(!err.contains("no entries"), "{err}");
    }
}

fn jrnl_doc() -> String {
    serde_json::json!({
        "tags": {"@work": 1, "@long day": 1},
        "entries": [
            {"title": "Morning.", "body": "Walked.", "date": "2024-05-01", "time": "09:15",
             "starred": false, "tags": ["@work", "@long day"]},
            {"title": "Evening.", "body": "", "date": "2024-05-01", "time": "21:40",
             "starred": true, "tags": []}
        ]
    })
    .to_string()
}

#[test]
fn a_jrnl_reimport_under_another_time_zone_adds_nothing() {
    let db = db();
    let file = db._dir.path().join("jrnl.json");
    std::fs::write(&file, jrnl_doc()).unwrap();
    let import = |tz: &str| {
        let out = db
            .mend()
            .env("TZ", tz)
            .args(["import", file.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let first = import("Europe/Berlin");
    assert!(first.contains("2 journal entries"), "{first}");
    let again = import("America/New_York");
    assert!(again.contains("skipped 2 journal entries"), "{again}");
    assert_eq!(entry_count(&db), 2);
    // Tags with spaces split into words, as jrnl reads them.
    let v: Value =
        serde_json::from_str(&db.ok(&["journal", "list", "--tag", "long", "--json"])).unwrap();
    let mut tags: Vec<&str> = v[0]["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    tags.sort();
    assert_eq!(tags, ["day", "long", "work"]);
}

#[test]
fn an_empty_jrnl_entry_is_refused() {
    let db = db();
    let file = db._dir.path().join("jrnl.json");
    let doc = serde_json::json!({"tags": {}, "entries": [
        {"title": "ok", "body": "", "date": "2024-05-01", "time": "09:15", "tags": []},
        {"title": "  ", "body": "\n", "date": "2024-05-02", "time": "09:15", "tags": []}
    ]});
    std::fs::write(&file, doc.to_string()).unwrap();
    let err = refused(&db, &["import", file.to_str().unwrap()], b"");
    assert!(err.contains("jrnl entry 2"), "{err}");
    assert!(err.contains("empty"), "{err}");
}

#[test]
fn the_tui_refuses_a_nul_paste_and_a_future_day() {
    let mut a = common::app();
    a.handle_key(common::ch('2'));
    a.handle_key(common::ch('n'));
    a.handle_event(&Event::Paste("secret\0text".into()));
    let status = a.status().expect("a status").clone();
    assert!(status.error, "{status:?}");
    assert!(status.text.contains("NUL"), "{status:?}");
    assert!(!status.text.contains("secret"), "{status:?}");
    common::type_str(&mut a, "typed");
    a.handle_key(common::key(KeyCode::Tab));
    for _ in 0..12 {
        a.handle_key(common::key(KeyCode::Backspace));
    }
    common::type_str(&mut a, "2030-01-01");
    a.handle_key(common::ctrl('s'));
    let status = a.status().expect("a status").clone();
    assert!(status.error, "{status:?}");
    assert!(status.text.contains("in the future"), "{status:?}");
    assert_eq!(a.store.count_entries(&Filter::default()).unwrap(), 0);
    // A past day saves, without the pasted text.
    for _ in 0..12 {
        a.handle_key(common::key(KeyCode::Backspace));
    }
    common::type_str(&mut a, "2026-03-14");
    a.handle_key(common::ctrl('s'));
    let e = &a.store.list_page(&Filter::default(), None, 10).unwrap()[0];
    assert_eq!(e.body, "typed");
    assert_eq!(e.day.to_string(), "2026-03-14");
}
