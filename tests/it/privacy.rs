//! Nothing private leaks out of the database file: the files are the
//! owner's alone (the binary's umask, not the caller's, decides), a deleted
//! entry's text is gone from the database and its `-wal`/`-shm` files, no
//! failing command repeats an entry on stderr, and a panic prints no data.

use crate::common;

use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use mend::store::Store;

/// A phrase that appears nowhere but in the entry written by the test.
const PHRASE: &str = "Told Marigold about the qzxjkw night";
/// One distinctive word of it, as the search index would keep it.
const WORD: &str = "qzxjkw";
const PANIC_ENV: &str = "MEND_PRIVACY_PANIC_CHILD";

fn mend(db: &Path) -> Command {
    common::cli::mend_at(db, db.parent().unwrap())
}

fn run_ok(c: &mut Command) -> String {
    let out = c.output().unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

fn side(db: &Path, ext: &str) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(ext);
    s.into()
}

/// Whether `needle` appears in the file, ignoring ASCII case (the search
/// index keeps words in lower case).
fn file_holds(path: &Path, needle: &str) -> bool {
    let Ok(bytes) = fs::read(path) else {
        return false;
    };
    let needle = needle.to_ascii_lowercase();
    bytes
        .windows(needle.len())
        .any(|w| w.to_ascii_lowercase() == needle.as_bytes())
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// The file's mode, or `None` when it is not there (any more): a writer
/// removes its `-wal` and `-shm` files when it closes.
fn mode_if_there(path: &Path) -> Option<u32> {
    match fs::metadata(path) {
        Ok(m) => Some(m.permissions().mode() & 0o777),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

/// `mend --db <db>` started with umask 0, as a careless caller would.
fn mend_umask0(db: &Path) -> Command {
    let mut cmd = mend(db);
    // SAFETY: runs in the forked child before exec; umask is
    // async-signal-safe, allocates nothing and takes no lock, and changes
    // only the child's file-creation mask (not this multi-threaded test
    // process's).
    unsafe {
        cmd.pre_exec(|| {
            libc::umask(0);
            Ok(())
        });
    }
    cmd
}

#[test]
fn files_are_private_whatever_the_callers_umask() {
    // A careless caller: umask 0 would make new files world-readable.
    // The binary must tighten it itself.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new-folder").join("mend.db");
    run_ok(mend_umask0(&db).args(["journal", "add", "first words"]));
    assert_eq!(mode(db.parent().unwrap()), 0o700, "data folder");
    assert_eq!(mode(&db), 0o600, "database");

    // A writer that stays open (waiting for its text on stdin) keeps the
    // -wal and -shm files on disk, as a running mend does.
    let mut child = mend_umask0(&db)
        .args(["journal", "add", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (wal, shm) = (side(&db, "-wal"), side(&db, "-shm"));
    let started = Instant::now();
    while !(wal.exists() && shm.exists()) {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no -wal/-shm appeared"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"second words\n").unwrap();
    drop(stdin);
    // Look while the writer may still be running (it may remove -wal and
    // -shm as it closes, even between two looks), and after.
    for path in [&db, &wal, &shm] {
        if let Some(m) = mode_if_there(path) {
            assert_eq!(m, 0o600, "{}", path.display());
        }
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    for path in [&db, &wal, &shm] {
        if let Some(m) = mode_if_there(path) {
            assert_eq!(m, 0o600, "{}", path.display());
        }
    }
    // No stray file in the folder is readable by others.
    for f in fs::read_dir(db.parent().unwrap()).unwrap() {
        let p = f.unwrap().path();
        assert_eq!(mode(&p) & 0o077, 0, "{} is not private", p.display());
    }
}

#[test]
fn a_deleted_entrys_text_is_gone_from_the_db_wal_and_shm() {
    delete_planted_entry(&[PHRASE]);
}

#[test]
fn a_deleted_entrys_words_are_gone_from_the_search_index_too() {
    delete_planted_entry(&[PHRASE, WORD]);
}

/// Writes the planted entry while a window holds the file, edits and
/// deletes it through the CLI, and checks that none of `secrets` is left
/// in any file, before and after the window closes.
fn delete_planted_entry(secrets: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mend.db");
    run_ok(mend(&db).args(["journal", "add", "an ordinary day, nothing to hide"]));
    // A window left open all day: with it holding the file, no CLI process
    // is the last to close, so SQLite never checkpoints on close by itself.
    let window = Store::open(&db).unwrap();
    let id = run_ok(mend(&db).args(["journal", "add", PHRASE, "--tag", "private"]));
    let id = id.trim().trim_start_matches('#').to_string();
    let files = [db.clone(), side(&db, "-wal"), side(&db, "-shm")];
    assert!(
        files.iter().any(|f| file_holds(f, PHRASE)),
        "the planted phrase was never written: the test proves nothing"
    );
    // Edit it once, so an older version sits in the log as well.
    run_ok(mend(&db).args(["journal", "edit", &id, "--mood", "2"]));
    run_ok(mend(&db).args(["journal", "delete", &id, "--yes"]));
    assert!(
        run_ok(mend(&db).args(["journal", "search", WORD, "--json"])).trim() == "[]",
        "search still finds it"
    );
    for f in &files {
        for secret in secrets {
            assert!(
                !file_holds(f, secret),
                "{} still holds {secret:?}",
                f.display()
            );
        }
    }
    drop(window);
    for f in &files {
        for secret in secrets {
            assert!(
                !file_holds(f, secret),
                "{} holds {secret:?} after close",
                f.display()
            );
        }
    }
}

fn assert_quiet(out: &Output, what: &str) {
    assert!(!out.status.success(), "{what} succeeded");
    let err = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    for secret in [PHRASE, WORD, "Marigold"] {
        assert!(
            !err.contains(secret),
            "{what}: stderr repeats the entry: {err}"
        );
        assert!(
            !stdout.contains(secret),
            "{what}: stdout repeats it: {stdout}"
        );
    }
    assert!(
        err.trim_end().lines().count() <= 1,
        "{what}: more than one line: {err}"
    );
}

#[test]
fn failing_commands_never_repeat_an_entry_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mend.db");
    run_ok(mend(&db).args(["journal", "add", "kept"]));
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("bad mood", vec!["journal", "add", PHRASE, "--mood", "9"]),
        (
            "bad craving",
            vec!["journal", "add", PHRASE, "--craving", "11"],
        ),
        (
            "bad tag",
            vec!["journal", "add", PHRASE, "--tag", "two words"],
        ),
        (
            "bad day",
            vec!["journal", "add", PHRASE, "--day", "2025-02-30"],
        ),
        (
            "missing entry",
            vec!["journal", "edit", "999", "--mood", "2"],
        ),
        (
            "bad role",
            vec!["contacts", "add", PHRASE, "--role", "boss"],
        ),
        ("no amend", vec!["amends", "log", "999", PHRASE]),
    ];
    for (what, args) in cases {
        let out = mend(&db).args(&args).output().unwrap();
        assert_quiet(&out, what);
    }
    // Text through stdin that cannot be saved (a refused mood).
    let mut child = mend(&db)
        .args(["journal", "add", "-", "--mood", "0"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // It may refuse before reading: a closed pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(PHRASE.as_bytes());
    assert_quiet(&child.wait_with_output().unwrap(), "stdin bad mood");
    // A database that is not a database: the message names the file only.
    let junk = dir.path().join("junk.db");
    fs::write(&junk, format!("{PHRASE} {}", "x".repeat(5000))).unwrap();
    let out = mend(&junk).args(["journal", "list"]).output().unwrap();
    assert_quiet(&out, "junk file");
}

/// Panics with private text after installing mend's panic hook; only acts
/// when started by the test below.
#[test]
fn panic_child() {
    if std::env::var(PANIC_ENV).is_err() {
        return;
    }
    mend::cli::harden_process();
    let body = String::from(PHRASE);
    panic!("while saving {body}");
}

#[test]
fn a_panic_prints_a_place_but_no_data() {
    if std::env::var(PANIC_ENV).is_ok() {
        return;
    }
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "privacy::panic_child",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(PANIC_ENV, "1")
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("mend: internal error at "), "{err}");
    assert!(err.contains("privacy.rs:"), "no place: {err}");
    assert!(!err.contains(PHRASE), "the panic printed data: {err}");
    assert!(!err.contains(WORD), "the panic printed data: {err}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains(WORD), "{stdout}");
}
