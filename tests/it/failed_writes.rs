//! A write that fails — a full disk (simulated with `PRAGMA max_page_count`)
//! or a read-only journal — gives one clear line, writes nothing at all, and
//! in the TUI keeps the editor open with its text so nothing is lost.

use crate::common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::*;
use mend::domain::journal::{Filter, NewEntry};
use mend::store::{Error, Store};
use mend::tui::App;

const SECRET: &str = "zebraquill";

fn entry(body: &str) -> NewEntry {
    NewEntry {
        day: today(),
        body: body.into(),
        mood: Some(3),
        tags: vec!["halt".into()],
        ..Default::default()
    }
}

fn count(store: &Store) -> u64 {
    store.count_entries(&Filter::default()).unwrap()
}

/// Caps the file at its current size, then fills what free space is left,
/// so the next write that needs room fails as on a full disk.
fn fill_disk(store: &mut Store) {
    store.set_max_pages_for_tests(1).unwrap();
    let mut n = 0;
    while store.add_entry(&entry(&"filler words ".repeat(40))).is_ok() {
        n += 1;
        assert!(n < 10_000, "the page cap never filled up");
    }
}

fn integrity_ok(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
}

fn one_clear_line(e: &Error) -> String {
    let msg = e.to_string();
    assert!(!msg.contains('\n'), "not one line: {msg:?}");
    assert!(!msg.contains(SECRET), "the error quotes the entry: {msg:?}");
    msg
}

#[test]
fn a_full_disk_refuses_the_write_cleanly_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("full.db");
    let mut store = Store::open(&db).unwrap();
    let kept = store.add_entry(&entry("before the disk filled")).unwrap();
    fill_disk(&mut store);
    let before = count(&store);
    let big = format!("{SECRET} ").repeat(20_000);

    let err = store.add_entry(&entry(&big)).unwrap_err();
    let msg = one_clear_line(&err);
    assert!(msg.contains("full"), "{msg}");
    assert_eq!(count(&store), before, "a half-written entry");

    let err = store.update_entry(kept, &entry(&big)).unwrap_err();
    one_clear_line(&err);
    assert_eq!(store.entry(kept).unwrap().body, "before the disk filled");
    assert!(
        store
            .search_entries(SECRET, &Filter::default(), 10)
            .unwrap()
            .is_empty(),
        "the search index holds a refused entry"
    );

    // Room again: the same write goes through, whole.
    store.set_max_pages_for_tests(1_000_000_000).unwrap();
    let id = store.add_entry(&entry(&big)).unwrap();
    assert_eq!(store.entry(id).unwrap().body, big.trim_end());
    assert_eq!(count(&store), before + 1);
    drop(store);
    integrity_ok(&db);
}

#[test]
fn a_read_only_journal_refuses_every_write_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ro.db");
    let mut store = Store::open(&db).unwrap();
    let id = store.add_entry(&entry("already here")).unwrap();
    store.set_read_only("the journal is open in another mend window");

    for err in [
        store.add_entry(&entry(SECRET)).unwrap_err(),
        store.update_entry(id, &entry(SECRET)).unwrap_err(),
        store.delete_entry(id).unwrap_err(),
        store.set_setting("k", SECRET).unwrap_err(),
    ] {
        assert!(matches!(err, Error::ReadOnly(_)), "{err:?}");
        let msg = one_clear_line(&err);
        assert!(msg.contains("read-only"), "{msg}");
        assert!(msg.contains("another mend window"), "{msg}");
    }
    assert_eq!(count(&store), 1);
    assert_eq!(store.entry(id).unwrap().body, "already here");
    assert_eq!(store.setting("k").unwrap(), None);
}

fn new_entry_in_editor(app: &mut App, text: &str) {
    app.handle_key(ch('2'));
    assert_eq!(app.tab(), 1);
    app.handle_key(ch('n'));
    type_str(app, text);
}

fn assert_error_kept(app: &mut App, text: &str, says: &str) {
    let status = app.status().expect("a status after a failed save");
    assert!(status.error, "the status is not an error: {}", status.text);
    assert!(status.text.contains(says), "status: {}", status.text);
    assert!(!status.text.contains('\n'));
    assert!(app.unsaved(), "the editor lost its unsaved text");
    let screen = render(app, 80, 24);
    assert!(screen.contains(text), "the editor text is gone:\n{screen}");
}

#[test]
fn the_journal_editor_keeps_its_text_when_the_disk_is_full_and_saves_it_later() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tui-full.db");
    let mut store = Store::open(&db).unwrap();
    fill_disk(&mut store);
    let before = count(&store);
    let mut app = app_with(store);
    let text = format!("{SECRET} tonight I almost called him ");
    // Enough text to need new pages even if a little room is left.
    let long = text.repeat(40);
    new_entry_in_editor(&mut app, &long);
    // The draft written while typing fails too; that must not cost the text.
    app.tick(Instant::now() + Duration::from_secs(2));
    assert!(app.unsaved());
    assert!(render(&mut app, 80, 24).contains(SECRET));
    app.handle_key(ctrl('s'));
    assert_error_kept(&mut app, SECRET, "full");
    assert_eq!(count(&app.store), before, "something was saved");

    // The disk has room again: the same Ctrl-S saves the kept text.
    app.store.set_max_pages_for_tests(1_000_000_000).unwrap();
    app.handle_key(ctrl('s'));
    let status = app.status().expect("a status after saving");
    assert!(!status.error, "{}", status.text);
    assert!(!app.unsaved());
    assert_eq!(count(&app.store), before + 1);
    let hits = app
        .store
        .search_entries(SECRET, &Filter::default(), 10)
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].entry.body, long.trim_end());
}

#[test]
fn the_journal_editor_keeps_its_text_when_the_journal_is_read_only() {
    let mut store = Store::open_in_memory().unwrap();
    store.set_read_only("the journal is open in another mend window");
    let mut app = app_with(store);
    let text = format!("{SECRET} a hard evening");
    new_entry_in_editor(&mut app, &text);
    app.handle_key(ctrl('s'));
    assert_error_kept(&mut app, &text, "read-only");
    assert_eq!(count(&app.store), 0);
    // Pressing it again changes nothing and still keeps the text.
    app.handle_key(ctrl('s'));
    assert_error_kept(&mut app, &text, "read-only");
}
