//! Changing the passphrase while other mends write: every write that was
//! acknowledged (an id returned) is in the journal afterwards, and a killed
//! re-key leaves no temp copy behind.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::NaiveDate;
use mend::domain::journal::NewEntry;
use mend::store::seed::SeedOptions;
use mend::store::{Store, crypt};

const WRITERS: usize = 3;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
}

/// Every passphrase the database has had, newest last: a writer tries them
/// all, as a script whose environment lags behind would.
fn open_any(path: &Path, keys: &Mutex<Vec<Option<String>>>) -> Option<Store> {
    let keys = keys.lock().unwrap().clone();
    keys.iter()
        .rev()
        .find_map(|k| Store::open_with(path, k.as_deref()).ok())
}

fn seeded(dir: &Path, entries: usize) -> PathBuf {
    let path = dir.join("mend.db");
    let mut store = Store::open(&path).unwrap();
    let mut opts = SeedOptions::new(entries, 7, day());
    opts.contacts = 20;
    opts.amends = 20;
    store.seed(&opts).unwrap();
    path
}

#[test]
fn writers_racing_several_rekeys_lose_no_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = seeded(dir.path(), 3000);
    let keys: Mutex<Vec<Option<String>>> = Mutex::new(vec![None]);
    let stop = AtomicBool::new(false);
    let acked: Mutex<Vec<i64>> = Mutex::new(Vec::new());
    let plan: [(Option<&str>, Option<&str>); 6] = [
        (None, Some("first key")),
        (Some("first key"), Some("second key")),
        (Some("second key"), Some("third key")),
        (Some("third key"), None),
        (None, Some("fourth key")),
        (Some("fourth key"), Some("fifth key")),
    ];
    let mut rekeys = 0;
    std::thread::scope(|s| {
        for w in 0..WRITERS {
            let (path, keys, stop, acked) = (&path, &keys, &stop, &acked);
            s.spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::SeqCst) {
                    n += 1;
                    let Some(mut store) = open_any(path, keys) else {
                        std::thread::sleep(Duration::from_millis(2));
                        continue;
                    };
                    let entry = NewEntry {
                        day: day(),
                        body: format!("writer {w} note {n}"),
                        mood: None,
                        craving: None,
                        prompt: None,
                        tags: vec![],
                    };
                    if let Ok(id) = store.add_entry(&entry) {
                        acked.lock().unwrap().push(id);
                    }
                    drop(store);
                    // A script's pace: a note every few milliseconds.
                    std::thread::sleep(Duration::from_millis(5));
                }
            });
        }
        // Stops the writers even when a re-key fails and panics.
        struct Stop<'a>(&'a AtomicBool);
        impl Drop for Stop<'_> {
            fn drop(&mut self) {
                self.0.store(true, Ordering::SeqCst);
            }
        }
        let _stop = Stop(&stop);
        for (old, new) in plan {
            std::thread::sleep(Duration::from_millis(150));
            // The new key is known before the rename, as a user's script
            // would learn it; the old one stays known.
            keys.lock().unwrap().push(new.map(str::to_string));
            let mut last = None;
            for _ in 0..50 {
                match crypt::change_passphrase(&path, old, new) {
                    Ok(()) => {
                        last = None;
                        rekeys += 1;
                        break;
                    }
                    // Refused (the writers held the file): try again.
                    Err(e) => last = Some(e.to_string()),
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            assert_eq!(last, None, "the re-key never went through");
        }
        std::thread::sleep(Duration::from_millis(150));
    });
    assert_eq!(rekeys, plan.len());
    let acked = acked.into_inner().unwrap();
    assert!(
        acked.len() > 10,
        "the writers barely wrote: {}",
        acked.len()
    );
    let store = Store::open_with(&path, Some("fifth key")).unwrap();
    let lost: BTreeSet<i64> = acked
        .iter()
        .copied()
        .filter(|id| store.entry(*id).is_err())
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged writes lost: {lost:?}",
        lost.len(),
        acked.len()
    );
    assert_eq!(store.quick_check().unwrap(), None);
    let leftovers: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.contains("rekey-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
