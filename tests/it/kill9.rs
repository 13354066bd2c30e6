//! `kill -9` at a random moment loses no committed entry and leaves a sound
//! file.
//!
//! The test re-runs its own binary as a child with `MEND_KILL9_CHILD=<db>`
//! and `MEND_KILL9_SEED=<seed>`: the child's copy of [`kill9_writer_child`]
//! opens the store and adds entries forever (sizes and fields drawn from the
//! seed), printing `COMMIT <id>` (flushed) after each commit returns. The
//! parent kills it with SIGKILL after a seeded random delay,
//! many times over on one file, and after each kill reopens the file: every
//! reported id is there and `PRAGMA integrity_check` says ok.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use mend::domain::journal::{Draft, NewEntry};
use mend::store::Store;

const CHILD_ENV: &str = "MEND_KILL9_CHILD";
/// The child's RNG seed, set by the parent for each round.
const SEED_ENV: &str = "MEND_KILL9_SEED";

/// A tiny deterministic generator (xorshift64*), so a failure replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The writer: only does something when started by the parent below.
#[test]
fn kill9_writer_child() {
    let Ok(db) = std::env::var(CHILD_ENV) else {
        return;
    };
    let mut store = Store::open(Path::new(&db)).expect("child opens the store");
    let seed: u64 = std::env::var(SEED_ENV)
        .expect("the parent sets the seed")
        .parse()
        .expect("a numeric seed");
    // xorshift needs a non-zero state.
    let mut rng = Rng(seed | 1);
    let out = std::io::stdout();
    let day = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
    for n in 0u64.. {
        // Bodies from a few bytes to several pages, so commits touch
        // overflow pages, the FTS index and the tag tables.
        let len = 1 + rng.below(6000) as usize;
        let body: String = std::iter::repeat_n("steady ", len / 7 + 1)
            .collect::<String>()
            .chars()
            .take(len)
            .collect::<String>()
            + &format!(" entry{n}");
        let entry = NewEntry {
            day: day - chrono::Days::new(rng.below(400)),
            body,
            mood: Some(1 + rng.below(5) as u8),
            craving: Some(rng.below(11) as u8),
            prompt: None,
            tags: vec![format!("t{}", rng.below(20))],
        };
        let id = store.add_entry(&entry).expect("child add");
        {
            let mut o = out.lock();
            writeln!(o, "COMMIT {id}").unwrap();
            o.flush().unwrap();
        }
        if n % 3 == 0 {
            let draft = Draft {
                entry_id: None,
                day: Some("2026-03-15".into()),
                body: format!("draft {n}"),
                ..Default::default()
            };
            store.save_draft(&draft).expect("child draft");
        }
    }
}

fn integrity_ok(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let result: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(result, "ok");
}

#[test]
fn kill9_at_random_moments_loses_no_committed_entry() {
    if std::env::var(CHILD_ENV).is_ok() {
        return;
    }
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let exe = std::env::current_exe().unwrap();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut reported: Vec<i64> = Vec::new();
    let rounds = 16;
    for round in 0..rounds {
        // Drawn from the parent's fixed-seed generator, so every round's
        // child writes the same sequence on every run.
        let child_seed = rng.next();
        let mut child = Command::new(&exe)
            .args([
                "kill9::kill9_writer_child",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, &db)
            .env(SEED_ENV, child_seed.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let seen: Arc<Mutex<Vec<i64>>> = Arc::default();
        let reader = {
            let seen = Arc::clone(&seen);
            std::thread::spawn(move || {
                let mut r = BufReader::new(stdout);
                let mut line = String::new();
                loop {
                    line.clear();
                    match r.read_line(&mut line) {
                        Ok(0) | Err(_) => break,
                        // A line cut short by the kill was never reported.
                        Ok(_) if !line.ends_with('\n') => break,
                        Ok(_) => {
                            // libtest may print "test kill9_writer_child ... "
                            // before the first line.
                            if let Some((_, id)) = line.trim().split_once("COMMIT ") {
                                seen.lock().unwrap().push(id.parse().unwrap());
                            }
                        }
                    }
                }
            })
        };
        // Some rounds die while opening (or creating) the file, most while
        // writing.
        let early = round % 5 == 4;
        if !early {
            let wait_from = Instant::now();
            while seen.lock().unwrap().is_empty() {
                assert!(
                    wait_from.elapsed() < Duration::from_secs(60),
                    "round {round}: the child never committed"
                );
                std::thread::sleep(Duration::from_millis(2));
            }
        }
        std::thread::sleep(Duration::from_millis(rng.below(if early {
            40
        } else {
            250
        })));
        // SIGKILL: no destructor, no flush, no checkpoint.
        child.kill().unwrap();
        child.wait().unwrap();
        reader.join().unwrap();
        reported.extend(seen.lock().unwrap().iter().copied());

        integrity_ok(&db);
        let store = Store::open(&db).expect("reopens after kill -9");
        assert_eq!(store.quick_check().unwrap(), None);
        for &id in &reported {
            let e = store
                .entry(id)
                .unwrap_or_else(|e| panic!("round {round}: committed entry {id} is lost: {e}"));
            assert!(e.body.contains(" entry"), "entry {id} is not whole");
        }
        drop(store);
    }
    assert!(
        reported.len() >= rounds,
        "too few commits to prove anything: {}",
        reported.len()
    );
    // No limit on the time: a loaded machine is slow, not wrong.
    eprintln!(
        "kill -9 test: {rounds} rounds, {} commits in {:?}",
        reported.len(),
        started.elapsed()
    );
}
