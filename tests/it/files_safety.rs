//! Files under faults and bad input: exports and backups never replace a
//! database, `passphrase set` leaves no plaintext copy, a damaged file takes
//! no more writes and can be salvaged, a foreign file is never written, and
//! imports check the file before they read it or create a database.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};

use predicates::prelude::*;

const PLANTED: &str = "PLANTED-private-words-91c2";

fn contains(path: &Path, needle: &[u8]) -> bool {
    fs::read(path).is_ok_and(|b| b.windows(needle.len()).any(|w| w == needle))
}

/// Every file under `dir`, at any depth.
fn all_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(all_files(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn stderr_of(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.assert().failure().get_output().clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    err
}

fn journal_with_entries(n: usize) -> common::cli::Db {
    let db = common::cli::db();
    for i in 0..n {
        db.ok(&["journal", "add", &format!("{PLANTED} note {i}")]);
    }
    db
}

#[test]
fn export_over_the_live_database_its_wal_or_any_database_is_refused() {
    let db = journal_with_entries(2);
    let before = fs::read(&db.path).unwrap();
    let wal = db.path.with_file_name("mend.db-wal");
    fs::write(&wal, b"").unwrap();
    let other = db.path.with_file_name("other.db");
    {
        let c = rusqlite::Connection::open(&other).unwrap();
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let other_before = fs::read(&other).unwrap();
    for target in [&db.path, &wal, &other] {
        let err = stderr_of(db.mend().args(["export", "--out"]).arg(target));
        assert!(err.contains("choose another file"), "{err}");
    }
    assert_eq!(fs::read(&db.path).unwrap(), before);
    assert_eq!(fs::read(&other).unwrap(), other_before);
    assert!(db.ok(&["journal", "list"]).contains("note 1"));
}

#[test]
fn backup_onto_a_file_that_is_not_mend_needs_force() {
    let db = journal_with_entries(1);
    let notes = db.path.with_file_name("notes.txt");
    fs::write(&notes, "my other notes\n").unwrap();
    let err = stderr_of(db.mend().arg("backup").arg(&notes));
    assert!(err.contains("--force"), "{err}");
    assert_eq!(fs::read_to_string(&notes).unwrap(), "my other notes\n");
    // A mend backup may be replaced; --force replaces anything.
    let copy = db.path.with_file_name("copy.db");
    db.mend().arg("backup").arg(&copy).assert().success();
    db.mend().arg("backup").arg(&copy).assert().success();
    db.mend()
        .args(["backup", "--force"])
        .arg(&notes)
        .assert()
        .success();
    assert!(mend::store::is_mend_file(&notes, None));
}

/// Copies the journal as mend's own copies would sit beside it: dated
/// backups (one made by `mend backup`, older ones) and an upgrade's copy.
fn make_copies(db: &common::cli::Db) -> Vec<PathBuf> {
    db.ok(&["backup"]);
    let dir = db.path.parent().unwrap();
    let backups = dir.join("backups");
    let mut copies: Vec<PathBuf> = all_files(&backups);
    assert_eq!(copies.len(), 1);
    for name in ["mend-2026-10-01.db", "mend-2026-11-02.db"] {
        fs::copy(&copies[0], backups.join(name)).unwrap();
        copies.push(backups.join(name));
    }
    let bak = dir.join("mend.db.before-v2.bak");
    fs::copy(&copies[0], &bak).unwrap();
    copies.push(bak);
    for c in &copies {
        assert!(contains(c, PLANTED.as_bytes()), "{}", c.display());
    }
    copies
}

#[test]
fn passphrase_set_reencrypts_every_copy_mend_made_and_says_so() {
    let db = journal_with_entries(3);
    let copies = make_copies(&db);
    let out = db
        .mend()
        .args(["passphrase", "set"])
        .write_stdin("a new key\n")
        .assert()
        .success()
        .get_output()
        .clone();
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(said.contains("Re-encrypted 4 older copies"), "{said}");
    let dir = db.path.parent().unwrap();
    let plaintext: Vec<_> = all_files(dir)
        .into_iter()
        .filter(|f| contains(f, PLANTED.as_bytes()))
        .collect();
    assert!(plaintext.is_empty(), "plaintext left in {plaintext:?}");
    for c in &copies {
        let store = mend::store::Store::open_with(c, Some("a new key")).unwrap();
        assert_eq!(
            store
                .count_entries(&mend::domain::journal::Filter::default())
                .unwrap(),
            3
        );
    }
    // `change` does the same for copies under the old key.
    let out = db
        .mend()
        .env("MEND_PASSPHRASE", "a new key")
        .args(["passphrase", "change"])
        .write_stdin("another key\n")
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("Re-encrypted 4")
    );
    for c in &copies {
        assert!(mend::store::Store::open_with(c, Some("another key")).is_ok());
    }
}

#[test]
fn passphrase_set_can_remove_the_old_copies_instead() {
    let db = journal_with_entries(1);
    let copies = make_copies(&db);
    let out = db
        .mend()
        .args(["passphrase", "set", "--old-copies", "remove"])
        .write_stdin("a new key\n")
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("Removed 4 older copies")
    );
    for c in &copies {
        assert!(!c.exists(), "{}", c.display());
    }
    let dir = db.path.parent().unwrap();
    assert!(
        all_files(dir)
            .iter()
            .all(|f| !contains(f, PLANTED.as_bytes()))
    );
}

#[test]
fn a_killed_rekey_leaves_no_temp_copy_after_the_next_open() {
    let db = journal_with_entries(1);
    let tmp = db.path.with_file_name("mend.db.rekey-tmp");
    let journal = db.path.with_file_name("mend.db.rekey-tmp-journal");
    fs::copy(&db.path, &tmp).unwrap();
    fs::write(&journal, b"half an export").unwrap();
    db.ok(&["days"]);
    assert!(!tmp.exists());
    assert!(!journal.exists());
}

/// The journal's table root page: flipping its header makes SQLite find it
/// malformed.
fn root_page(db: &Path, table: &str) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(
        "SELECT rootpage FROM sqlite_master WHERE name = ?1",
        [table],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn a_file_damaged_inside_takes_no_write_and_says_so_in_one_line() {
    let db = journal_with_entries(3);
    let page = root_page(&db.path, "journal_entry");
    let mut bytes = fs::read(&db.path).unwrap();
    let at = ((page - 1) * 4096) as usize;
    for b in &mut bytes[at..at + 8] {
        *b ^= 0xFF;
    }
    fs::write(&db.path, &bytes).unwrap();
    let err = stderr_of(db.mend().args(["journal", "add", "one more"]));
    assert!(
        err.contains("damaged") && err.contains("mend salvage"),
        "{err}"
    );
    assert_eq!(fs::read(&db.path).unwrap(), bytes, "the file was written");
    // And the next writer is refused too, before it tries.
    let err = stderr_of(
        db.mend()
            .args(["clock", "add", "Alcohol", "--since", "2026-01-01"]),
    );
    assert!(err.contains("damaged"), "{err}");
    assert_eq!(fs::read(&db.path).unwrap(), bytes, "the file was written");
}

#[test]
fn damaged_text_is_one_clear_line_and_salvage_copies_every_readable_row() {
    let db = journal_with_entries(5);
    db.ok(&["clock", "add", "Alcohol", "--since", "2026-01-01"]);
    // Damage the text of one entry: bytes that are not UTF-8.
    let mut bytes = fs::read(&db.path).unwrap();
    let needle = format!("{PLANTED} note 2");
    let at = bytes
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())
        .unwrap();
    for b in &mut bytes[at + 4..at + 8] {
        *b = 0xFF;
    }
    fs::write(&db.path, &bytes).unwrap();
    let err = stderr_of(db.mend().args(["journal", "list"]));
    assert!(
        err.contains("damaged") && err.contains("mend salvage"),
        "{err}"
    );
    assert!(!err.contains("utf-8") && !err.contains("index"), "{err}");
    // Once seen, no more writes.
    let err = stderr_of(db.mend().args(["journal", "add", "one more"]));
    assert!(err.contains("damaged"), "{err}");
    let out = db.path.with_file_name("saved.db");
    let said = db.ok(&["salvage", out.to_str().unwrap()]);
    assert!(said.contains("5 journal entries"), "{said}");
    let listed = common::cli::mend_at(&out, db.path.parent().unwrap())
        .args(["journal", "list", "--json"])
        .output()
        .unwrap();
    assert!(listed.status.success());
    let entries: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(entries.as_array().unwrap().len(), 5);
    let days = common::cli::mend_at(&out, db.path.parent().unwrap())
        .args(["days"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&days.stdout).contains("Alcohol"));
    // The salvaged journal takes writes.
    let added = common::cli::mend_at(&out, db.path.parent().unwrap())
        .args(["journal", "add", "a new start"])
        .output()
        .unwrap();
    assert!(added.status.success());
}

#[test]
fn a_foreign_sqlite_file_is_refused_and_never_written() {
    let db = common::cli::db();
    {
        let c = rusqlite::Connection::open(&db.path).unwrap();
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (42);")
            .unwrap();
    }
    let before = fs::read(&db.path).unwrap();
    let err = stderr_of(db.mend().args(["journal", "add", "hello"]));
    assert!(err.contains("not a mend database"), "{err}");
    assert_eq!(fs::read(&db.path).unwrap(), before);
    let c = rusqlite::Connection::open(&db.path).unwrap();
    let tables: i64 = c
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tables, 1);
}

#[test]
fn a_text_file_as_the_database_is_not_a_mend_database_not_a_passphrase_question() {
    let db = common::cli::db();
    fs::write(&db.path, "dear diary ".repeat(1000)).unwrap();
    let err = stderr_of(db.mend().args(["days"]));
    assert!(err.contains("not a mend database"), "{err}");
    assert!(!err.contains("passphrase"), "{err}");
    assert!(!db.path.with_file_name("mend.db.open-lock").exists());
}

#[test]
fn a_folder_as_the_database_is_said_once() {
    let db = common::cli::db();
    fs::create_dir(&db.path).unwrap();
    for args in [&["days"][..], &["backup"], &["export"]] {
        let err = stderr_of(db.mend().args(args));
        assert!(err.contains("folder"), "{err}");
        assert!(!err.contains("folder: it is a folder"), "{err}");
    }
}

#[test]
fn import_dry_run_creates_no_database() {
    let db = common::cli::db();
    let file = db.path.with_file_name("in.json");
    fs::write(
        &file,
        r#"{"format":"mend","version":1,"exported_at":"2026-01-01T00:00:00+00:00","clocks":[],
"journal":[{"day":"2026-01-01","created_at":"2026-01-01T10:00:00+00:00","updated_at":"2026-01-01T10:00:00+00:00","body":"hello","mood":null,"craving":null,"prompt":null,"tags":[]}],
"contacts":[],"amends":[]}"#,
    )
    .unwrap();
    db.mend()
        .args(["import", "--dry-run"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("would add 1 journal entry"));
    let left: Vec<_> = fs::read_dir(db.path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("in.json")]);
}

#[test]
fn import_of_a_device_or_a_huge_file_is_refused_before_reading() {
    let db = journal_with_entries(1);
    let err = stderr_of(db.mend().args(["import", "/dev/zero"]));
    assert!(err.contains("not a regular file"), "{err}");
    let huge = db.path.with_file_name("huge.json");
    // Sparse: no disk is used, and nothing is read.
    fs::File::create(&huge)
        .unwrap()
        .set_len(mend::import::MAX_IMPORT_BYTES + 1)
        .unwrap();
    let err = stderr_of(db.mend().arg("import").arg(&huge));
    assert!(err.contains("too big"), "{err}");
}
