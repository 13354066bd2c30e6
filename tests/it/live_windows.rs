//! Several windows on one journal, and a journal busy with another process:
//! both windows write, each keeps its own draft, every window shows what
//! another process wrote after a tick, typing never waits for another
//! process's write lock, Ctrl-C never drops text no draft could keep, and a
//! discarded draft leaves nothing in the `-wal` file.

use crate::common;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::*;
use mend::domain::journal::Filter;
use mend::store::Store;
use mend::tui::App;
use ratatui::crossterm::event::{Event, KeyCode};

fn open(path: &Path) -> App {
    app_with(Store::open(path).unwrap())
}

fn bodies(store: &Store) -> Vec<String> {
    store
        .list_page(&Filter::default(), None, 100)
        .unwrap()
        .into_iter()
        .map(|e| e.body)
        .collect()
}

/// Opens a new entry on the Journal tab and types `text`.
fn write_new(app: &mut App, text: &str) {
    app.handle_key(ch('2'));
    app.handle_key(ch('n'));
    type_str(app, text);
}

/// Lets the draft deadline pass.
fn draft_tick(app: &mut App) {
    let due = app.deadline().expect("typing sets a draft deadline");
    app.tick(due);
    assert_eq!(
        app.deadline(),
        None,
        "draft not written: {:?}",
        app.status()
    );
}

fn draft_body(store: &Store) -> Option<String> {
    store.load_draft().unwrap().map(|d| d.body)
}

#[test]
fn two_windows_both_write_and_each_keeps_its_own_draft() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mend.db");
    let mut a = open(&db);
    let mut b = open(&db);
    assert!(a.store.read_only().is_none() && b.store.read_only().is_none());
    assert_ne!(a.store.draft_slot(), b.store.draft_slot());

    write_new(&mut a, "window A at the kitchen table");
    draft_tick(&mut a);
    write_new(&mut b, "window B on the train");
    draft_tick(&mut b);
    // Neither draft overwrote the other.
    assert_eq!(
        draft_body(&a.store).as_deref(),
        Some("window A at the kitchen table")
    );
    assert_eq!(
        draft_body(&b.store).as_deref(),
        Some("window B on the train")
    );

    // B saves; A's draft is untouched, and A shows B's entry.
    b.handle_key(ctrl('s'));
    assert!(!b.unsaved(), "{:?}", b.status());
    assert_eq!(bodies(&b.store), ["window B on the train"]);
    assert_eq!(
        draft_body(&a.store).as_deref(),
        Some("window A at the kitchen table")
    );
    a.handle_key(ctrl('s'));
    assert!(!a.unsaved(), "{:?}", a.status());
    assert_eq!(bodies(&a.store).len(), 2);
    assert_eq!(a.store.load_draft().unwrap(), None);
}

#[test]
fn a_window_is_not_offered_a_draft_another_open_window_is_writing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mend.db");
    let mut a = open(&db);
    write_new(&mut a, "still typing in window A");
    draft_tick(&mut a);

    // A second window starts while A types: A's draft is not offered.
    let b = open(&db);
    assert_eq!(b.tab(), 0, "B was sent to a draft it does not own");
    assert_eq!(b.store.load_draft().unwrap(), None);
    drop(b);

    // A dies without cleaning up: its draft is left over, and the next
    // window offers it, adopts it on restore, and leaves no copy behind.
    drop(a);
    let mut c = open(&db);
    assert_eq!(c.tab(), 1);
    assert!(render(&mut c, 80, 24).contains("Your draft was kept"));
    c.handle_key(ch('y'));
    assert!(render(&mut c, 80, 24).contains("still typing in window A"));
    c.handle_key(ctrl('s'));
    assert_eq!(bodies(&c.store), ["still typing in window A"]);
    assert_eq!(c.store.load_draft().unwrap(), None);
}

#[test]
fn a_cli_write_shows_in_an_open_window_after_a_tick_keeping_the_selection() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mend.db");
    let home = dir.path().join("home");
    let cli = |args: &[&str]| {
        let out = common::cli::mend_at(&db, &home)
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
    };
    cli(&["journal", "add", "older entry", "--day", "2020-01-01"]);
    cli(&["journal", "add", "middle entry", "--day", "2020-01-02"]);
    let mut a = open(&db);
    a.handle_key(ch('2'));
    a.handle_key(ch('j'));
    let screen = render(&mut a, 100, 24);
    assert!(screen.contains("2 entries"), "{screen}");

    cli(&["journal", "add", "written from the command line"]);
    // Nothing is read until a tick.
    assert!(!render(&mut a, 100, 24).contains("3 entries"));
    a.tick(Instant::now());
    let screen = render(&mut a, 100, 24);
    assert!(screen.contains("3 entries"), "{screen}");
    assert!(screen.contains("written from the command"), "{screen}");
    // The cursor stays on the entry it was on ("older entry" shows in the
    // preview).
    assert!(
        screen.lines().any(|l| l.contains("│older entry")
            || l.split('│')
                .nth(2)
                .is_some_and(|p| p.trim() == "older entry")),
        "{screen}"
    );

    // An open editor is never disturbed; the list catches up once closed.
    a.handle_key(ch('n'));
    type_str(&mut a, "half a thought");
    cli(&["journal", "add", "one more from the command line"]);
    a.tick(Instant::now());
    assert!(render(&mut a, 100, 24).contains("half a thought"));
    a.handle_key(ctrl('s'));
    a.tick(Instant::now());
    let screen = render(&mut a, 100, 24);
    assert!(screen.contains("5 entries"), "{screen}");
}

#[test]
fn a_journal_busy_with_another_process_never_keeps_typing_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mend.db");
    let mut a = open(&db);
    // Another process's long write (an import, a rekey): it holds the write
    // lock until told to let go, or for 3 s at most, so a draft save that
    // waits for the lock (5 s) would get it and be written during the tick.
    let (held_tx, held_rx) = mpsc::channel();
    let (release_tx, release_rx) = mpsc::channel::<()>();
    let holder = {
        let db = db.clone();
        std::thread::spawn(move || {
            let conn = rusqlite::Connection::open(&db).unwrap();
            conn.execute_batch("BEGIN IMMEDIATE").unwrap();
            held_tx.send(()).unwrap();
            let _ = release_rx.recv_timeout(Duration::from_secs(3));
            conn.execute_batch("COMMIT").unwrap();
        })
    };
    held_rx.recv().unwrap();

    write_new(&mut a, "typing while the journal is busy");
    let due = a.deadline().unwrap();
    a.tick(due);
    // The draft could not be written and was not waited for.
    let drafted = draft_body(&a.store);
    release_tx.send(()).unwrap();
    holder.join().unwrap();
    assert_eq!(drafted, None, "the draft save waited for the lock");
    // The text is kept and tried again later, not at once in a loop.
    assert!(a.unsaved());
    let retry = a.deadline().expect("a retry is due");
    assert!(retry > due);
    // The crisis screen answers while a draft is waiting.
    a.handle_key(ctrl('g'));
    assert!(a.crisis_open());
    a.handle_key(key(KeyCode::Esc));
    assert!(!a.crisis_open() && a.unsaved());

    // Free again: the retry writes it.
    a.tick(retry);
    assert_eq!(
        draft_body(&a.store).as_deref(),
        Some("typing while the journal is busy")
    );
    assert!(a.deadline().is_none());
}

fn fill_disk(store: &mut Store) {
    store.set_max_pages_for_tests(1).unwrap();
    let filler = mend::domain::journal::NewEntry {
        day: today(),
        body: "filler words ".repeat(40),
        ..Default::default()
    };
    let mut n = 0;
    while store.add_entry(&filler).is_ok() {
        n += 1;
        assert!(n < 10_000, "the page cap never filled up");
    }
}

#[test]
fn ctrl_c_asks_before_dropping_text_no_draft_could_keep_on_a_full_disk() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mend.db");
    let mut store = Store::open(&db).unwrap();
    fill_disk(&mut store);
    let mut a = app_with(store);
    a.handle_key(ch('2'));
    a.handle_key(ch('n'));
    // More than the draft table's one page holds: it needs new pages.
    let long = "the words I could not say out loud ".repeat(300);
    a.handle_event(&Event::Paste(long.clone()));
    a.handle_key(ctrl('c'));
    assert!(
        !a.should_quit(),
        "Ctrl-C threw away text no draft could keep"
    );
    assert_eq!(a.store.load_draft().unwrap(), None);
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("could not be saved"), "{screen}");
    // No: back to the text.
    a.handle_key(ch('n'));
    assert!(!a.should_quit());
    assert!(render(&mut a, 80, 24).contains("the words I could not say"));
    // Room again: Ctrl-C keeps a draft and leaves at once.
    a.store.set_max_pages_for_tests(1_000_000_000).unwrap();
    a.handle_key(ctrl('c'));
    assert!(a.should_quit());
    assert_eq!(draft_body(&a.store).as_deref(), Some(long.as_str()));
}

#[test]
fn ctrl_c_asks_when_the_entry_being_edited_was_deleted_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mend.db");
    let home = dir.path().join("home");
    let out = common::cli::mend_at(&db, &home)
        // On a day before the app's pinned today: a future day is refused.
        .args(["journal", "add", "first version", "--day", "2026-03-01"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut a = open(&db);
    a.handle_key(ch('2'));
    a.handle_key(ch('e'));
    type_str(&mut a, " and a second thought");
    draft_tick(&mut a);
    assert!(a.store.load_draft().unwrap().is_some());
    // Another process deletes the entry (and its draft row goes with it).
    let out = common::cli::mend_at(&db, &home)
        .args(["journal", "delete", "1", "--yes"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(a.store.load_draft().unwrap(), None);

    a.handle_key(ctrl('c'));
    assert!(!a.should_quit(), "Ctrl-C threw away the only copy");
    assert!(render(&mut a, 80, 24).contains("could not be saved"));
    a.handle_key(ch('n'));
    // Saving says what happened, and a second save keeps it as new.
    a.handle_key(ctrl('s'));
    let status = a.status().unwrap().clone();
    assert!(
        status.error && status.text.contains("deleted elsewhere"),
        "{status:?}"
    );
    a.handle_key(ctrl('s'));
    assert!(!a.unsaved(), "{:?}", a.status());
    assert_eq!(bodies(&a.store), ["first version and a second thought"]);
}

fn holds(path: &PathBuf, needle: &str) -> bool {
    match std::fs::read(path) {
        Ok(bytes) => bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
        Err(_) => false,
    }
}

fn side(db: &Path, ext: &str) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(ext);
    PathBuf::from(s)
}

#[test]
fn discarded_draft_text_is_wiped_from_the_wal_at_once() {
    const SECRET: &str = "PLUM-ORCHID-7731";
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mend.db");
    let mut a = open(&db);
    write_new(&mut a, &format!("{SECRET} something I regret writing"));
    draft_tick(&mut a);
    assert!(
        holds(&side(&db, "-wal"), SECRET),
        "the draft was not written"
    );
    // Esc, then yes: discarded.
    a.handle_key(key(KeyCode::Esc));
    a.handle_key(ch('y'));
    assert!(!a.unsaved());
    for path in [db.clone(), side(&db, "-wal")] {
        assert!(!holds(&path, SECRET), "{} still holds it", path.display());
    }

    // A kept draft discarded from the offer (d) is wiped as well.
    write_new(&mut a, &format!("{SECRET} again"));
    draft_tick(&mut a);
    drop(a);
    let mut b = open(&db);
    assert!(render(&mut b, 80, 24).contains("Your draft was kept"));
    b.handle_key(ch('d'));
    assert_eq!(b.store.load_draft().unwrap(), None);
    for path in [db.clone(), side(&db, "-wal")] {
        assert!(!holds(&path, SECRET), "{} still holds it", path.display());
    }
}
