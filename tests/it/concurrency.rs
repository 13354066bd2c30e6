//! Several mend processes on one database at once: concurrent CLI writers
//! all succeed (BEGIN IMMEDIATE + busy timeout) and every entry is there; a
//! second TUI cannot take the writer lock while the first holds it, and the
//! kernel frees it when the holder dies, even by `kill -9`.

use crate::common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use mend::domain::journal::{Filter, NewEntry};
use mend::store::{Store, lock};

const PROCS: usize = 6;
const EACH: usize = 4;
const HOLDER_ENV: &str = "MEND_LOCK_HOLDER_CHILD";

/// Held by each test that starts `PROCS` writers at once, so two such
/// storms never overlap: on a slow, shared machine the doubled load could
/// push a late writer past the busy timeout, which would test the machine,
/// not mend.
static WRITERS: Mutex<()> = Mutex::new(());

fn one_storm_at_a_time() -> MutexGuard<'static, ()> {
    // A failed test poisons the lock; the next one may still run.
    WRITERS.lock().unwrap_or_else(|e| e.into_inner())
}

fn mend(db: &Path) -> Command {
    common::cli::mend_at(db, db.parent().unwrap())
}

/// `PROCS` threads, each running `EACH` `mend journal add` one after the
/// other, all at the same time on `db`. Returns the failures.
fn add_concurrently(db: &Path) -> Vec<String> {
    let barrier = std::sync::Barrier::new(PROCS);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..PROCS)
            .map(|p| {
                let barrier = &barrier;
                s.spawn(move || {
                    barrier.wait();
                    let mut failures = Vec::new();
                    for k in 0..EACH {
                        let out = mend(db)
                            .args(["journal", "add", &format!("writer{p} note{k} steady")])
                            .args(["--mood", "3", "--tag", "together"])
                            .output()
                            .unwrap();
                        if !out.status.success() {
                            failures.push(format!(
                                "writer {p} add {k}: {}",
                                String::from_utf8_lossy(&out.stderr).trim()
                            ));
                        }
                    }
                    failures
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    })
}

fn assert_all_there(db: &Path) {
    let store = Store::open(db).unwrap();
    let filter = Filter::default();
    assert_eq!(store.count_entries(&filter).unwrap(), (PROCS * EACH) as u64);
    let bodies: Vec<String> = store
        .list_page(&filter, None, 1000)
        .unwrap()
        .into_iter()
        .map(|e| e.body)
        .collect();
    for p in 0..PROCS {
        for k in 0..EACH {
            let want = format!("writer{p} note{k} steady");
            assert!(bodies.contains(&want), "missing: {want}");
        }
    }
    assert_eq!(store.quick_check().unwrap(), None);
}

#[test]
fn concurrent_cli_writers_on_an_existing_journal_all_succeed() {
    let _storm = one_storm_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let mut store = Store::open(&db).unwrap();
    // A long-lived reader and writer in this process too, like an open TUI.
    store
        .add_entry(&NewEntry {
            day: chrono::NaiveDate::from_ymd_opt(2026, 3, 15).unwrap(),
            body: "from the open window".into(),
            ..Default::default()
        })
        .unwrap();
    let failures = add_concurrently(&db);
    assert!(failures.is_empty(), "{failures:#?}");
    store.delete_entry(1).unwrap();
    drop(store);
    assert_all_there(&db);
}

#[test]
fn concurrent_cli_writers_on_a_new_journal_all_succeed() {
    let _storm = one_storm_at_a_time();
    // The first use races too: every process finds no file (or an empty
    // one) and wants to create the schema.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fresh.db");
    let failures = add_concurrently(&db);
    assert!(failures.is_empty(), "{failures:#?}");
    assert_all_there(&db);
}

/// Holds the writer lock in a child process until killed; only acts when
/// started by the test below.
#[test]
fn lock_holder_child() {
    let Ok(db) = std::env::var(HOLDER_ENV) else {
        return;
    };
    let held = lock::try_lock(Path::new(&db)).unwrap();
    {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        writeln!(out, "{}", if held.is_some() { "HELD" } else { "REFUSED" }).unwrap();
        out.flush().unwrap();
    }
    std::thread::sleep(Duration::from_secs(30));
}

#[test]
fn a_second_writer_lock_is_refused_while_another_process_holds_it() {
    if std::env::var(HOLDER_ENV).is_ok() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.db");
    drop(Store::open(&db).unwrap());
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "concurrency::lock_holder_child",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(HOLDER_ENV, &db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let said = lines
        .find_map(|l| {
            let l = l.ok()?;
            // libtest may print "test lock_holder_child ... " first.
            ["HELD", "REFUSED"]
                .into_iter()
                .find(|w| l.ends_with(w))
                .map(str::to_string)
        })
        .expect("the holder said nothing");
    assert_eq!(said, "HELD");

    // `passphrase` needs the file to itself: refused while it is held.
    assert!(lock::try_lock(&db).unwrap().is_none());
    // The CLI still writes while a window holds the lock.
    let out = mend(&db)
        .args(["journal", "add", "written while a window is open"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");

    // The holder dies without cleaning up: the lock is free again.
    child.kill().unwrap();
    child.wait().unwrap();
    let again = lock::try_lock(&db).unwrap();
    assert!(again.is_some(), "a dead process still holds the lock");
    // And the lock file is private.
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(lock::lock_path(&db))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}
