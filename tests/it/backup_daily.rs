//! The daily backup: skipped on a day without writes, resumed after a quit,
//! and the temp files an interrupted copy leaves behind are removed.

use std::fs;
use std::os::fd::AsRawFd;

use chrono::NaiveDate;
use mend::domain::journal::{Draft, NewEntry};
use mend::store::Store;
use mend::store::portable;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn entry(body: &str) -> NewEntry {
    NewEntry {
        day: day("2026-03-15"),
        body: body.into(),
        mood: Some(3),
        craving: None,
        prompt: None,
        tags: vec![],
    }
}

fn dated_copies(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("mend-"))
        .collect();
    names.sort();
    names
}

#[test]
fn only_real_changes_move_the_change_marker() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("mend.db")).unwrap();
    let start = store.change_count().unwrap();
    store.set_setting("theme", "dark").unwrap();
    store
        .save_draft(&Draft {
            body: "half a thought".into(),
            ..Draft::default()
        })
        .unwrap();
    assert_eq!(store.change_count().unwrap(), start, "bookkeeping only");
    store.add_entry(&entry("Went to a meeting.")).unwrap();
    assert_eq!(store.change_count().unwrap(), start + 1);
    // A refused write changes nothing, the marker included.
    assert!(store.add_entry(&entry("   ")).is_err());
    assert_eq!(store.change_count().unwrap(), start + 1);
    // It lives in the file: another connection sees it.
    let again = Store::open(&dir.path().join("mend.db")).unwrap();
    assert_eq!(again.change_count().unwrap(), start + 1);
}

#[test]
fn a_day_without_writes_writes_no_backup() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("mend.db")).unwrap();
    store.add_entry(&entry("First entry.")).unwrap();
    let backups = dir.path().join("backups");

    let first = portable::auto_backup_if_due(&mut store, day("2026-03-15")).unwrap();
    assert!(first.unwrap().ends_with("mend-2026-03-15.db"));

    // Two quiet days: a draft and a setting are not changes worth a copy.
    store.set_setting("theme", "light").unwrap();
    for d in ["2026-03-16", "2026-03-17"] {
        assert_eq!(
            portable::auto_backup_if_due(&mut store, day(d)).unwrap(),
            None,
            "{d}"
        );
    }
    assert_eq!(dated_copies(&backups), ["mend-2026-03-15.db"]);

    // A write: the next day is copied again, once.
    store.add_entry(&entry("Called my sponsor.")).unwrap();
    let made = portable::auto_backup_if_due(&mut store, day("2026-03-18")).unwrap();
    assert!(made.unwrap().ends_with("mend-2026-03-18.db"));
    assert_eq!(
        portable::auto_backup_if_due(&mut store, day("2026-03-18")).unwrap(),
        None
    );
    assert_eq!(
        dated_copies(&backups),
        ["mend-2026-03-15.db", "mend-2026-03-18.db"]
    );
    // The copy holds the new entry.
    let copy = Store::open(&backups.join("mend-2026-03-18.db")).unwrap();
    assert_eq!(copy.change_count().unwrap(), store.change_count().unwrap());
}

#[test]
fn with_no_backup_left_an_unchanged_journal_is_copied_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("mend.db")).unwrap();
    store.add_entry(&entry("First entry.")).unwrap();
    portable::auto_backup_if_due(&mut store, day("2026-03-15")).unwrap();
    let backups = dir.path().join("backups");
    fs::remove_file(backups.join("mend-2026-03-15.db")).unwrap();
    let made = portable::auto_backup_if_due(&mut store, day("2026-03-16")).unwrap();
    assert!(made.unwrap().ends_with("mend-2026-03-16.db"));
}

#[test]
fn left_over_temp_files_are_removed_but_not_one_being_written() {
    let dir = tempfile::tempdir().unwrap();
    let stale = dir.path().join(".mend-backup-abc123.tmp");
    let busy = dir.path().join(".mend-backup-def456.tmp");
    let other = dir.path().join("notes.tmp");
    for p in [&stale, &busy, &other] {
        fs::write(p, b"half a copy").unwrap();
    }
    // A backup at work holds an exclusive lock on its temp file.
    let held = fs::File::open(&busy).unwrap();
    // SAFETY: flock on a descriptor this test owns.
    let rc = unsafe { libc::flock(held.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    assert_eq!(rc, 0);

    assert_eq!(portable::remove_stale_temp_files(dir.path()), 1);
    assert!(!stale.exists(), "left over: removed");
    assert!(busy.exists(), "being written: kept");
    assert!(other.exists(), "not ours: kept");

    drop(held);
    assert_eq!(portable::remove_stale_temp_files(dir.path()), 1);
    assert!(!busy.exists());
}
