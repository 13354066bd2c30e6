//! `mend export`, `mend import`, `mend backup` as a user runs them.

use crate::common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

/// `mend --db <db>` isolated from the user's environment, with the
/// database's folder as HOME.
fn mend(db: &Path) -> Command {
    Command::from_std(common::cli::mend_at(db, db.parent().unwrap()))
}

fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mend.db");
    (dir, db)
}

fn stdout(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

fn one_line_error(cmd: &mut Command) -> String {
    let out = cmd.assert().failure().code(1).get_output().clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.starts_with("mend: "), "{err}");
    err
}

/// The JSON export without its `exported_at`.
fn snapshot(db: &Path) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(&stdout(mend(db).arg("export"))).unwrap();
    v.as_object_mut().unwrap().remove("exported_at");
    v
}

#[test]
fn jrnl_import_twice_then_export_both_ways() {
    let (dir, db) = setup();
    let out = stdout(mend(&db).args(["import", "tests/fixtures/jrnl.json"]));
    assert_eq!(out, "added 3 journal entries from this jrnl export\n");
    let out = stdout(mend(&db).args(["import", "tests/fixtures/jrnl.json"]));
    assert_eq!(
        out,
        "added nothing from this jrnl export; skipped 3 journal entries already present\n"
    );

    let json = dir.path().join("out/../export.json");
    std::fs::create_dir(dir.path().join("out")).unwrap();
    mend(&db)
        .args(["export", "--out"])
        .arg(&json)
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::starts_with("exported 3 journal entries"));
    let mode = std::fs::metadata(&json).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);

    // The export imports into a fresh database and exports the same.
    let other = dir.path().join("other.db");
    let out = stdout(mend(&other).arg("import").arg(&json));
    assert!(out.starts_with("added 3 journal entries from this mend export (version 1)"));
    assert_eq!(snapshot(&other), snapshot(&db));

    let md = stdout(mend(&db).args(["export", "--format", "markdown", "--only", "journal"]));
    assert!(md.contains("## January 2024"), "{md}");
    assert!(md.contains("Tags: #meetings #starred"));
    assert!(!md.contains("# Amends"));
    let md = stdout(mend(&db).args([
        "export",
        "--format",
        "markdown",
        "--journal-only",
        "--since",
        "2024-01-09",
        "--until",
        "2024-01-09",
    ]));
    assert!(md.contains("### 2024-01-09"));
    assert!(!md.contains("### 2024-01-08") && !md.contains("### 2024-01-10"));
}

#[test]
fn dry_run_prints_and_writes_nothing() {
    let (_dir, db) = setup();
    let before = snapshot(&db);
    let out = stdout(mend(&db).args(["import", "--dry-run", "tests/fixtures/jrnl.json"]));
    assert_eq!(
        out,
        "dry run, nothing written: would add 3 journal entries from this jrnl export\n"
    );
    assert_eq!(snapshot(&db), before);
}

#[test]
fn bad_files_fail_in_one_line_and_change_nothing() {
    let (dir, db) = setup();
    stdout(mend(&db).args(["import", "tests/fixtures/jrnl.json"]));
    let before = snapshot(&db);
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"format":"mend","version":1,"journal":[{"day":"2025-01-01","body":"ok"},{"day":"2025-01-02","body":"ok"},{"day":"2025-02-30","body":"bad"}]}"#,
    )
    .unwrap();
    let err = one_line_error(mend(&db).arg("import").arg(&bad));
    assert_eq!(
        err,
        "mend: import refused: journal entry 3, field \"day\": 2025-02-30 is not a real date; nothing was imported\n"
    );
    std::fs::write(&bad, [0u8, 159, 146, 150, 0, 1]).unwrap();
    assert!(one_line_error(mend(&db).arg("import").arg(&bad)).contains("binary"));
    std::fs::write(&bad, r#"{"format":"mend","version":3,"journal":[]}"#).unwrap();
    assert!(one_line_error(mend(&db).arg("import").arg(&bad)).contains("unknown export version 3"));
    let err = one_line_error(mend(&db).args(["import", "no/such/file.json"]));
    assert!(err.contains("cannot read no/such/file.json"), "{err}");
    assert_eq!(snapshot(&db), before);
}

#[test]
fn export_arguments_are_checked() {
    let (dir, db) = setup();
    let err = one_line_error(mend(&db).args(["export", "--since", "2025-02-30"]));
    assert!(err.contains("2025-02-30 is not a real date"), "{err}");
    let err = one_line_error(mend(&db).args([
        "export",
        "--since",
        "2025-03-01",
        "--until",
        "2025-02-01",
    ]));
    assert!(err.contains("is after"), "{err}");
    let err = one_line_error(
        mend(&db)
            .args(["export", "--out"])
            .arg(dir.path().join("missing/dir/x.json")),
    );
    assert!(err.contains("export to"), "{err}");
}

#[test]
fn backup_to_a_path_and_to_the_dated_folder() {
    let (dir, db) = setup();
    stdout(mend(&db).args(["import", "tests/fixtures/jrnl.json"]));
    let copy = dir.path().join("copy.db");
    let out = stdout(mend(&db).arg("backup").arg(&copy));
    assert!(out.contains("integrity check ok"), "{out}");
    let mode = std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert_eq!(snapshot(&copy), snapshot(&db));

    let err = one_line_error(mend(&db).arg("backup").arg(&db));
    assert!(err.contains("is the live database"), "{err}");

    let out = stdout(mend(&db).arg("backup"));
    assert!(out.contains("backups/mend-"), "{out}");
    let backups = dir.path().join("backups");
    assert_eq!(std::fs::read_dir(&backups).unwrap().count(), 1);
    let mode = std::fs::metadata(&backups).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
}

#[test]
fn a_refused_import_creates_no_database() {
    let (dir, db) = setup();
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        "{\"format\": \"mend\", \"version\": 1, \"journal\": [{}]",
    )
    .unwrap();
    let err = one_line_error(mend(&db).arg("import").arg(&bad));
    assert!(err.contains("import refused"), "{err}");
    let err = one_line_error(mend(&db).arg("import").arg(dir.path().join("missing.json")));
    assert!(err.contains("cannot read"), "{err}");
    assert!(!db.exists(), "no database was created for a refused file");
    // A good file creates it.
    stdout(mend(&db).args(["import", "tests/fixtures/jrnl.json"]));
    assert!(db.exists());
}
