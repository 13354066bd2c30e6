//! Lock files beside the database.
//!
//! `mend.db.lock`: every open mend window holds a shared lock on it, so a
//! command that must have the file to itself (`passphrase`) takes it
//! exclusively with [`try_lock`] and is refused while a window is open.
//!
//! `mend.db.draft-N.lock`: each window holds one of these exclusively, and
//! N is the id of its own row in the `draft` table, so two windows never
//! write over each other's draft, and a draft whose slot no live window
//! holds is known to be left over (a crash, a closed terminal).

use std::fs::{File, OpenOptions};
use std::os::fd::AsRawFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// The journal to this process alone (no window open): held by a command
/// that must have the file to itself; released on drop (and by the kernel
/// if the process dies).
#[derive(Debug)]
pub struct WriterLock {
    _file: File,
    pub path: PathBuf,
}

/// The lock file's path for a database.
pub fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// Takes `mend.db.lock` exclusively, or returns `None` when a window (or
/// another such command) holds it.
pub fn try_lock(db: &Path) -> std::io::Result<Option<WriterLock>> {
    let path = lock_path(db);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o600)
        .open(&path)?;
    // SAFETY: flock on a descriptor we own; no memory is shared.
    let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if rc == 0 {
        Ok(Some(WriterLock { _file: file, path }))
    } else {
        let err = std::io::Error::last_os_error();
        if err.raw_os_error() == Some(libc::EWOULDBLOCK) {
            Ok(None)
        } else {
            Err(err)
        }
    }
}

/// The most windows open on one journal at once.
const MAX_SLOTS: i64 = 64;

/// A mend window's hold on the journal: a shared lock on `mend.db.lock` and
/// its own draft slot. Released on drop, or by the kernel if the process
/// dies.
#[derive(Debug)]
pub struct WindowLock {
    _open: Option<File>,
    _slot: File,
    /// This window's draft slot (its row id in `draft`).
    pub slot: i64,
}

/// The lock file of draft slot `slot`.
pub fn slot_path(db: &Path, slot: i64) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(format!(".draft-{slot}.lock"));
    PathBuf::from(name)
}

fn open_lock_file(path: &Path) -> std::io::Result<File> {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o600)
        .open(path)
}

/// `flock` without waiting: `Ok(false)` when another open file holds it.
fn flock_now(file: &File, how: libc::c_int) -> std::io::Result<bool> {
    // SAFETY: flock on a descriptor we own; no memory is shared.
    let rc = unsafe { libc::flock(file.as_raw_fd(), how | libc::LOCK_NB) };
    if rc == 0 {
        return Ok(true);
    }
    let err = std::io::Error::last_os_error();
    if err.raw_os_error() == Some(libc::EWOULDBLOCK) {
        Ok(false)
    } else {
        Err(err)
    }
}

/// Claims a window's hold on the database at `db`: the shared "a window is
/// open" lock (best effort: an older mend may hold it exclusively) and the
/// lowest free draft slot.
pub fn claim_window(db: &Path) -> std::io::Result<WindowLock> {
    let open = open_lock_file(&lock_path(db))?;
    let open = flock_now(&open, libc::LOCK_SH)?.then_some(open);
    for slot in 1..=MAX_SLOTS {
        let file = open_lock_file(&slot_path(db, slot))?;
        if flock_now(&file, libc::LOCK_EX)? {
            return Ok(WindowLock {
                _open: open,
                _slot: file,
                slot,
            });
        }
    }
    Err(std::io::Error::other(
        "too many mend windows are open on this journal",
    ))
}

/// Whether a live window holds draft slot `slot` of the database at `db`.
///
/// A child process forked by any thread shares the lock until it execs
/// (a lock taken just then looks held for a moment), so a busy slot is
/// looked at a few more times over ~20 ms before it counts as in use.
pub fn slot_in_use(db: &Path, slot: i64) -> bool {
    let Ok(file) = File::open(slot_path(db, slot)) else {
        return false;
    };
    for attempt in 0..4 {
        if attempt > 0 {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        // Released again when `file` is dropped.
        if flock_now(&file, libc::LOCK_EX).unwrap_or(false) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_database_is_refused_until_released() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("m.db");
        let first = try_lock(&db).unwrap();
        assert!(first.is_some());
        assert!(try_lock(&db).unwrap().is_none());
        drop(first);
        assert!(try_lock(&db).unwrap().is_some());
    }

    #[test]
    fn windows_take_distinct_slots_and_keep_passphrase_out() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("m.db");
        let a = claim_window(&db).unwrap();
        let b = claim_window(&db).unwrap();
        assert_eq!((a.slot, b.slot), (1, 2));
        assert!(slot_in_use(&db, 1) && slot_in_use(&db, 2));
        assert!(!slot_in_use(&db, 3));
        // A window is open: the exclusive lock is refused.
        assert!(try_lock(&db).unwrap().is_none());
        drop(a);
        assert!(!slot_in_use(&db, 1));
        assert!(try_lock(&db).unwrap().is_none(), "b is still open");
        let c = claim_window(&db).unwrap();
        assert_eq!(c.slot, 1, "a freed slot is taken again");
        drop((b, c));
        assert!(try_lock(&db).unwrap().is_some());
    }
}
