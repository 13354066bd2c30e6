//! The binary as a process: version, help, errors.

use crate::common;

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

/// `mend` isolated from the user's environment, with `home` as HOME.
fn mend(home: &Path) -> Command {
    Command::from_std(common::cli::mend_in(home))
}

#[test]
fn version_prints_the_crate_version() {
    let tmp = tempfile::tempdir().unwrap();
    mend(tmp.path())
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn help_lists_the_commands() {
    let tmp = tempfile::tempdir().unwrap();
    mend(tmp.path())
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("days"))
        .stdout(predicate::str::contains("--db"));
}

#[test]
fn a_db_in_a_folder_that_cannot_be_made_is_one_clear_line() {
    let tmp = tempfile::tempdir().unwrap();
    let blocker = tmp.path().join("a-file");
    std::fs::write(&blocker, "x").unwrap();
    let out = mend(tmp.path())
        .arg("--db")
        .arg(blocker.join("missing/mend.db"))
        .arg("days")
        .assert()
        .failure()
        .stdout("")
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("mend: cannot create folder"), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(!err.contains("panicked"));
}

#[test]
fn mend_db_env_is_used_when_no_flag() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("env.db");
    mend(tmp.path())
        .env("MEND_DB", &db)
        .arg("days")
        .assert()
        .success();
    assert!(db.exists());
}

#[test]
fn a_garbage_database_is_refused_in_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("garbage.db");
    std::fs::write(&db, vec![0xAB; 8192]).unwrap();
    mend(tmp.path())
        .arg("--db")
        .arg(&db)
        .arg("days")
        .assert()
        .failure()
        .stderr(predicate::str::contains("not a mend database"))
        .stderr(predicate::str::contains("panicked").not())
        .stderr(predicate::function(|s: &str| s.lines().count() == 1));
    assert_eq!(std::fs::read(&db).unwrap(), vec![0xAB; 8192]);
}

#[test]
fn an_unknown_flag_is_one_line_and_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    mend(tmp.path())
        .arg("--frobnicate")
        .assert()
        .code(2)
        .stderr(predicate::function(|s: &str| s.lines().count() == 1));
}

#[test]
fn the_tui_without_a_terminal_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    mend(tmp.path())
        .arg("--db")
        .arg(tmp.path().join("m.db"))
        .write_stdin("")
        .assert()
        .failure()
        .stderr(predicate::str::contains("needs a terminal"));
}
