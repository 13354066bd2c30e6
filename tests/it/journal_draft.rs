//! Drafts survive a crash: type, let the draft deadline pass, drop the app
//! without flushing (as `kill -9` would), reopen and get the text back.

use crate::common;

use std::time::{Duration, Instant};

use common::*;
use mend::domain::journal::Filter;
use mend::store::Store;
use ratatui::crossterm::event::KeyCode;

fn open(path: &std::path::Path) -> mend::tui::App {
    app_with(Store::open(path).unwrap())
}

#[test]
fn a_draft_survives_a_kill_and_is_offered_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mend.db");
    {
        let mut a = open(&path);
        a.handle_key(ch('2'));
        a.handle_key(ch('n'));
        type_str(&mut a, "I almost called him 🙂 but");
        // Tab to mood, type 2.
        a.handle_key(key(KeyCode::Tab));
        a.handle_key(key(KeyCode::Tab));
        type_str(&mut a, "2");
        let due = a.deadline().expect("typing sets a draft deadline");
        // Ticks at chosen instants, not the clock's: a stalled thread cannot
        // pass the deadline early. Just before it nothing is written.
        a.tick(due - Duration::from_millis(1));
        assert_eq!(a.store.load_draft().unwrap(), None);
        assert_eq!(a.deadline(), Some(due), "the deadline still stands");
        a.tick(due);
        assert!(a.deadline().is_none());
        // More typing that is lost: less than a second's worth.
        type_str(&mut a, "x");
        // Dropped without flush: like kill -9.
    }
    let mut a = open(&path);
    // The draft is offered straight away, on the Journal tab.
    assert_eq!(a.tab(), 1);
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Your draft was kept"), "{screen}");
    assert!(screen.contains("I almost called him"), "{screen}");
    a.handle_key(ch('y'));
    assert!(a.unsaved());
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("I almost called him 🙂"), "{screen}");
    a.handle_key(ctrl('s'));
    let e = &a.store.list_page(&Filter::default(), None, 5).unwrap()[0];
    assert_eq!(e.body, "I almost called him 🙂 but");
    assert_eq!(e.mood, Some(2));
    assert_eq!(a.store.load_draft().unwrap(), None);
}

#[test]
fn flush_writes_at_once_and_discarding_clears() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mend.db");
    {
        let mut a = open(&path);
        a.handle_key(ch('2'));
        a.handle_key(ch('n'));
        type_str(&mut a, "flushed on quit");
        a.flush();
    }
    let mut a = open(&path);
    assert_eq!(
        a.store.load_draft().unwrap().map(|d| d.body).as_deref(),
        Some("flushed on quit")
    );
    // Esc: later. The draft stays and n offers it again.
    a.handle_key(key(KeyCode::Esc));
    assert!(a.store.load_draft().unwrap().is_some());
    a.handle_key(ch('n'));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Your draft was kept"), "{screen}");
    a.handle_key(ch('d'));
    assert_eq!(a.store.load_draft().unwrap(), None);
    assert_eq!(a.store.count_entries(&Filter::default()).unwrap(), 0);
}

#[test]
fn editing_a_saved_entry_keeps_a_draft_of_the_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mend.db");
    {
        let mut s = Store::open(&path).unwrap();
        s.add_entry(&mend::domain::journal::NewEntry {
            day: today(),
            body: "saved text".into(),
            ..Default::default()
        })
        .unwrap();
    }
    {
        let mut a = open(&path);
        a.handle_key(ch('2'));
        a.handle_key(ch('e'));
        a.handle_key(key(KeyCode::End));
        type_str(&mut a, " and more");
        a.tick(Instant::now() + Duration::from_secs(2));
    }
    let mut a = open(&path);
    a.handle_key(ch('y'));
    a.handle_key(ctrl('s'));
    assert_eq!(a.store.entry(1).unwrap().body, "saved text and more");
    assert_eq!(a.store.count_entries(&Filter::default()).unwrap(), 1);
}
