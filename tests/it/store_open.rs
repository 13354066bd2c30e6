//! Opening, creating, upgrading and refusing database files.

use std::fs;
use std::os::unix::fs::PermissionsExt;

use mend::store::{Error, Store, migrations};
use rusqlite::Connection;

fn mode(path: &std::path::Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_new_file_gets_the_whole_schema_private_modes_and_wal() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("nested/data/mend.db");
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        migrations::latest_version()
    );
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    assert_eq!(mode(&tmp.path().join("nested")), 0o700);
    drop(store);
    let conn = Connection::open(&path).unwrap();
    let jm: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(jm, "wal");
    for table in [
        "journal_entry",
        "tag",
        "journal_tag",
        "journal_fts",
        "draft",
        "clock",
        "clock_reset",
        "contact",
        "contact_log",
        "amend",
        "amend_log",
    ] {
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = ?1",
                [table],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1, "table {table} exists");
    }
}

#[test]
fn reopening_keeps_data_and_version() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("mend.db");
    let mut store = Store::open(&path).unwrap();
    store.set_setting("greeting", "hello").unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        migrations::latest_version()
    );
    assert_eq!(store.setting("greeting").unwrap().as_deref(), Some("hello"));
}

#[test]
fn a_too_private_existing_file_is_tightened_to_0600() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("mend.db");
    drop(Store::open(&path).unwrap());
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    drop(Store::open(&path).unwrap());
    assert_eq!(mode(&path), 0o600);
}

#[test]
fn a_newer_schema_is_refused_and_the_file_left_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("mend.db");
    drop(Store::open(&path).unwrap());
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA user_version = 99; PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
    }
    let before = fs::read(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, Error::TooNew { found: 99, .. }), "{err}");
    let msg = err.to_string();
    assert!(msg.contains("newer mend"), "{msg}");
    assert!(!msg.contains('\n'));
    assert_eq!(fs::read(&path).unwrap(), before, "file untouched");
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("notes.txt");
    let garbage = b"These are my private notes, not a database at all. ".repeat(200);
    fs::write(&path, &garbage).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, Error::NotSqlite(_)), "{err}");
    assert!(err.to_string().contains("not a mend database"));
    assert!(!err.to_string().contains("passphrase"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), garbage);
    assert!(!tmp.path().join("notes.txt-wal").exists());
}

#[test]
fn a_folder_that_cannot_be_created_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("plain-file");
    fs::write(&file, "x").unwrap();
    let err = Store::open(&file.join("sub/mend.db")).unwrap_err();
    assert!(matches!(err, Error::CreateDir { .. }), "{err}");
    assert!(err.to_string().starts_with("cannot create folder"));
}

#[test]
fn foreign_keys_are_enforced() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("mend.db");
    drop(Store::open(&path).unwrap());
    // The store turns foreign keys on for its own connection; check the
    // schema refuses an orphan log row through a connection configured alike.
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    let r = conn.execute(
        "INSERT INTO amend_log (amend_id, day, note, created_at, updated_at) VALUES (42, '2024-01-01', 'x', '', '')",
        [],
    );
    assert!(r.is_err());
}
