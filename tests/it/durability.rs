//! Copies, checks and damaged files.

use std::fs;

use mend::store::{Store, crypt};

fn filled(path: &std::path::Path, rows: usize) {
    let mut s = Store::open(path).unwrap();
    for i in 0..rows {
        s.set_setting(&format!("key-{i}"), &"value ".repeat(40))
            .unwrap();
    }
}

#[test]
fn copy_to_makes_a_consistent_private_copy() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    filled(&db, 50);
    let store = Store::open(&db).unwrap();
    let copy = dir.path().join("copy.db");
    store.copy_to(&copy).unwrap();
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        fs::metadata(&copy).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let c = Store::open(&copy).unwrap();
    assert_eq!(c.quick_check().unwrap(), None);
    assert!(c.setting("key-49").unwrap().is_some());
    // Never over an existing file.
    assert!(store.copy_to(&copy).is_err());
}

#[test]
fn a_copy_of_an_encrypted_database_stays_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    filled(&db, 5);
    crypt::change_passphrase(&db, None, Some("pw")).unwrap();
    let store = Store::open_with(&db, Some("pw")).unwrap();
    let copy = dir.path().join("copy.db");
    store.copy_to(&copy).unwrap();
    assert!(crypt::is_encrypted(&copy));
    assert!(Store::open(&copy).is_err());
    let c = Store::open_with(&copy, Some("pw")).unwrap();
    assert!(c.setting("key-4").unwrap().is_some());
}

#[test]
fn byte_flipped_files_never_panic_and_give_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.db");
    filled(&good, 200);
    {
        let s = Store::open(&good).unwrap();
        drop(s);
        let c = rusqlite::Connection::open(&good).unwrap();
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    }
    let bytes = fs::read(&good).unwrap();
    let len = bytes.len();
    let mut damaged_found = 0;
    for (n, offset) in [0usize, 17, 18, 28, 60, 100, 4096, 4200, len / 2, len - 10]
        .into_iter()
        .enumerate()
    {
        let mut b = bytes.clone();
        for byte in &mut b[offset..(offset + 8).min(len)] {
            *byte ^= 0xA5;
        }
        let path = dir.path().join(format!("flip-{n}.db"));
        fs::write(&path, &b).unwrap();
        match Store::open(&path) {
            Ok(store) => {
                if !matches!(store.quick_check(), Ok(None)) {
                    damaged_found += 1;
                }
            }
            Err(e) => {
                damaged_found += 1;
                assert!(!e.to_string().contains('\n'), "{e}");
            }
        }
    }
    assert!(damaged_found > 0, "some flips must be noticed");
}
