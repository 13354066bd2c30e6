//! The first connections of a process, opened on several threads at once,
//! are all keyed. SQLite marks itself ready before SQLCipher has finished its
//! own setup, so without the store's one-time initialisation a thread could
//! key its connection in that window and fail with "An error occurred with
//! PRAGMA key". This binary holds only this test so that its threads really
//! are the process's first users of SQLite. The race is narrow (about one
//! start in a few hundred without the fix), so this guards it rather than
//! proving it on every run.

use std::sync::{Arc, Barrier};

use mend::store::Store;

#[test]
fn encrypted_stores_opened_together_at_process_start_all_open() {
    let dir = tempfile::tempdir().unwrap();
    let threads = 4;
    let start = Arc::new(Barrier::new(threads));
    let handles: Vec<_> = (0..threads)
        .map(|i| {
            let start = Arc::clone(&start);
            let path = dir.path().join(format!("{i}.db"));
            std::thread::spawn(move || {
                start.wait();
                Store::open_with(&path, Some("pw"))
                    .map(|store| store.is_encrypted())
                    .map_err(|e| e.to_string())
            })
        })
        .collect();
    for handle in handles {
        assert_eq!(handle.join().unwrap(), Ok(true));
    }
}
