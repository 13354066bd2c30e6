//! Encryption at rest: the files hold no plaintext, a wrong passphrase
//! changes nothing, and re-keying keeps every row.

use crate::common;

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use mend::store::{Error, Store, crypt};
use predicates::prelude::*;

const PLANTED: &str = "PLANTED-secret-phrase-7f3a";

fn contains(path: &Path, needle: &str) -> bool {
    let Ok(bytes) = fs::read(path) else {
        return false;
    };
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn side(path: &Path, ext: &str) -> std::path::PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(ext);
    s.into()
}

fn planted_db(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("m.db");
    let mut store = Store::open(&path).unwrap();
    store.set_setting("note", PLANTED).unwrap();
    drop(store);
    path
}

#[test]
fn set_encrypts_the_file_and_leaves_no_plaintext() {
    let dir = tempfile::tempdir().unwrap();
    let path = planted_db(dir.path());
    assert!(contains(&path, PLANTED) || contains(&side(&path, "-wal"), PLANTED));
    crypt::change_passphrase(&path, None, Some("correct horse")).unwrap();
    assert!(crypt::is_encrypted(&path));
    let store = Store::open_with(&path, Some("correct horse")).unwrap();
    assert!(store.is_encrypted());
    assert_eq!(store.setting("note").unwrap().as_deref(), Some(PLANTED));
    drop(store);
    for f in [path.clone(), side(&path, "-wal"), side(&path, "-shm")] {
        assert!(!contains(&f, PLANTED), "plaintext in {}", f.display());
    }
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.contains("rekey"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_wrong_or_missing_passphrase_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = planted_db(dir.path());
    crypt::change_passphrase(&path, None, Some("right")).unwrap();
    let before = fs::read(&path).unwrap();
    let err = Store::open_with(&path, Some("wrong")).unwrap_err();
    assert!(matches!(err, Error::WrongPassphrase(_)), "{err}");
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, Error::NotADatabase(_)), "{err}");
    assert_eq!(fs::read(&path).unwrap(), before);
    // And it still opens with the right one.
    assert!(Store::open_with(&path, Some("right")).is_ok());
}

#[test]
fn a_passphrase_for_a_plain_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = planted_db(dir.path());
    let err = Store::open_with(&path, Some("x")).unwrap_err();
    assert!(matches!(err, Error::NotEncrypted(_)), "{err}");
}

#[test]
fn change_and_remove_keep_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = planted_db(dir.path());
    crypt::change_passphrase(&path, None, Some("one")).unwrap();
    crypt::change_passphrase(&path, Some("one"), Some("two")).unwrap();
    assert!(Store::open_with(&path, Some("one")).is_err());
    crypt::change_passphrase(&path, Some("two"), None).unwrap();
    assert!(!crypt::is_encrypted(&path));
    let store = Store::open(&path).unwrap();
    assert_eq!(store.setting("note").unwrap().as_deref(), Some(PLANTED));
}

#[test]
fn a_failed_rekey_leaves_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let path = planted_db(dir.path());
    let before = fs::read(&path).unwrap();
    assert!(crypt::change_passphrase(&path, Some("not-encrypted"), Some("x")).is_err());
    assert!(crypt::change_passphrase(&path, None, Some("")).is_err());
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_new_database_opened_with_a_passphrase_is_encrypted_from_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let mut store = Store::open_with(&path, Some("pw")).unwrap();
    store.set_setting("note", PLANTED).unwrap();
    drop(store);
    assert!(crypt::is_encrypted(&path));
    assert!(!contains(&path, PLANTED));
}

/// `mend --db <db>` isolated from the user's environment (no MEND_*
/// passphrase settings, no terminal), with the database's folder as HOME.
fn mend(db: &Path) -> Command {
    Command::from_std(common::cli::mend_at(db, db.parent().unwrap()))
}

#[test]
fn the_cli_sets_and_uses_a_passphrase_from_stdin_env_file_and_command() {
    let dir = tempfile::tempdir().unwrap();
    let db = planted_db(dir.path());
    mend(&db)
        .args(["passphrase", "set"])
        .write_stdin("hunter2 with spaces\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("encrypted"));
    mend(&db)
        .arg("days")
        .assert()
        .failure()
        .stderr(predicate::str::contains("MEND_PASSPHRASE"))
        .stderr(predicate::function(|s: &str| s.lines().count() == 1));
    mend(&db)
        .env("MEND_PASSPHRASE", "nope")
        .arg("days")
        .assert()
        .failure()
        .stderr(predicate::str::contains("wrong passphrase"));
    mend(&db)
        .env("MEND_PASSPHRASE", "hunter2 with spaces")
        .arg("days")
        .assert()
        .success();
    let file = dir.path().join("pass.txt");
    fs::write(&file, "hunter2 with spaces\n").unwrap();
    mend(&db)
        .env("MEND_PASSPHRASE_FILE", &file)
        .arg("days")
        .assert()
        .success();
    mend(&db)
        .env("MEND_PASSPHRASE_COMMAND", "printf 'hunter2 with spaces'")
        .arg("days")
        .assert()
        .success();
    mend(&db)
        .env("MEND_PASSPHRASE_COMMAND", "exit 3")
        .arg("days")
        .assert()
        .failure()
        .stderr(predicate::str::contains("MEND_PASSPHRASE_COMMAND failed"));
    mend(&db)
        .env("MEND_PASSPHRASE", "hunter2 with spaces")
        .args(["passphrase", "remove", "--yes"])
        .assert()
        .success();
    assert!(!crypt::is_encrypted(&db));
}

#[test]
fn exports_of_an_encrypted_journal_need_plaintext_and_backups_stay_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    mend(&db)
        .args(["journal", "add", PLANTED])
        .assert()
        .success();
    mend(&db)
        .args(["passphrase", "set"])
        .write_stdin("pw\n")
        .assert()
        .success();
    mend(&db)
        .env("MEND_PASSPHRASE", "pw")
        .arg("export")
        .assert()
        .failure()
        .stdout("")
        .stderr(predicate::str::contains("--plaintext"));
    mend(&db)
        .env("MEND_PASSPHRASE", "pw")
        .args(["export", "--plaintext"])
        .assert()
        .success()
        .stdout(predicate::str::contains(PLANTED))
        .stderr(predicate::str::contains("NOT encrypted"));
    let copy = dir.path().join("copy.db");
    mend(&db)
        .env("MEND_PASSPHRASE", "pw")
        .arg("backup")
        .arg(&copy)
        .assert()
        .success();
    assert!(crypt::is_encrypted(&copy));
    assert!(!contains(&copy, PLANTED));
    assert!(Store::open_with(&copy, Some("pw")).is_ok());
}
