//! Export and backup from the app's "Your data" menu.

use crate::common;

use std::time::{Duration, Instant};

use common::*;
use mend::export::Format;
use mend::store::Store;
use mend::tui::overlay::data::default_export_path;
use ratatui::crossterm::event::KeyCode;

fn wait_for_job(a: &mut mend::tui::App) {
    let start = Instant::now();
    while a.job_running() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "job never finished"
        );
        std::thread::sleep(Duration::from_millis(20));
        a.tick(Instant::now());
    }
}

fn file_store(dir: &std::path::Path) -> Store {
    let mut s = Store::open(&dir.join("m.db")).unwrap();
    s.set_setting("x", "y").unwrap();
    s
}

#[test]
fn x_opens_the_menu_and_exports_json_to_the_chosen_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app_with(file_store(dir.path()));
    a.handle_key(ch('x'));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Your data"), "{screen}");
    assert!(screen.contains("Back up now"), "{screen}");
    a.handle_key(key(KeyCode::Enter)); // JSON
    let out = dir.path().join("out.json");
    // Replace the suggested path (in the home folder, however long its
    // name): one Backspace per character of it. Were the field longer, the
    // leftover text would spoil the path typed below and the test fail.
    let suggested = default_export_path(Format::Json, today());
    for _ in 0..suggested.display().to_string().chars().count() {
        a.handle_key(key(KeyCode::Backspace));
    }
    type_str(&mut a, out.to_str().unwrap());
    a.handle_key(key(KeyCode::Enter));
    wait_for_job(&mut a);
    let status = a.status().expect("a message").clone();
    assert!(!status.error, "{}", status.text);
    assert!(status.text.contains("Exported"), "{}", status.text);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("\"format\":\"mend\""), "{text}");
}

#[test]
fn backup_now_writes_a_dated_copy() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app_with(file_store(dir.path()));
    a.handle_key(ch('x'));
    a.handle_key(ch('3'));
    wait_for_job(&mut a);
    let status = a.status().expect("a message").clone();
    assert!(status.text.contains("Backed up"), "{}", status.text);
    let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .collect();
    assert_eq!(backups.len(), 1);
}

#[test]
fn esc_closes_the_menu_and_x_while_typing_is_text() {
    let mut a = app();
    a.handle_key(ch('x'));
    a.handle_key(key(KeyCode::Esc));
    let screen = render(&mut a, 80, 24);
    assert!(!screen.contains("Your data"), "{screen}");
    // In the journal editor, x is a letter.
    a.handle_key(ch('2'));
    a.handle_key(ch('n'));
    a.handle_key(ch('x'));
    let screen = render(&mut a, 80, 24);
    assert!(!screen.contains("Your data"), "{screen}");
}

#[test]
fn the_daily_check_makes_a_damaged_journal_read_only_and_skips_the_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    {
        let mut s = Store::open(&db).unwrap();
        for i in 0..300 {
            s.set_setting(&format!("k{i}"), &"v".repeat(2000)).unwrap();
        }
    }
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    }
    // Scribble over the middle of the file (the settings' pages, which fill
    // most of it, whatever the schema's layout; not the header):
    // two pages' worth, so at least one whole page header is hit whatever
    // the schema's layout.
    let mut bytes = std::fs::read(&db).unwrap();
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid..mid + 8192] {
        *b ^= 0x5A;
    }
    std::fs::write(&db, &bytes).unwrap();
    let store = Store::open(&db).expect("the header is intact, so it opens");
    assert!(store.quick_check().unwrap().is_some(), "damage is visible");
    let mut a = app_with(store);
    a.start_daily_work();
    wait_for_job(&mut a);
    assert!(
        a.store.read_only().is_some(),
        "damaged journal is read-only"
    );
    let status = a.status().expect("a message").clone();
    assert!(
        status.error && status.text.contains("damaged"),
        "{}",
        status.text
    );
    assert!(
        !dir.path().join("backups").exists(),
        "no backup of a damaged file"
    );
}

#[test]
fn the_daily_work_backs_up_a_sound_journal_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app_with(file_store(dir.path()));
    a.start_daily_work();
    wait_for_job(&mut a);
    assert!(a.status().is_none(), "quiet when it works");
    assert_eq!(
        std::fs::read_dir(dir.path().join("backups"))
            .unwrap()
            .count(),
        1
    );
    assert!(a.store.read_only().is_none());
}
