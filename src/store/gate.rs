//! The re-key gate: a lock file beside the database (`mend.db.open-lock`).
//!
//! Every open [`Store`](super::Store) on a file holds it shared for as long
//! as it is open; `mend passphrase` holds it exclusively from before it
//! copies the database until the re-keyed copy has replaced the file. So no
//! mend can write into the old file once the copy has begun (a write there
//! would be lost with the old file), and none opens the new file before its
//! old `-wal` and `-shm` are gone.
//!
//! An advisory `flock`, as the window lock in [`super::lock`], released by
//! the kernel when the process dies, even by `kill -9`.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::fd::AsRawFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Held while a store is open (shared) or a re-key runs (exclusive).
#[derive(Debug)]
pub struct Gate {
    _file: Option<File>,
}

/// The gate file's path for a database.
pub fn gate_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".open-lock");
    PathBuf::from(name)
}

/// Takes the gate shared (every store) or exclusively (a re-key), waiting up
/// to `wait`; `None` when it stayed taken. A folder where no lock file can
/// be made (read-only) gives an empty gate: nothing can be re-keyed there
/// either.
pub(crate) fn enter(db: &Path, exclusive: bool, wait: Duration) -> io::Result<Option<Gate>> {
    let path = gate_path(db);
    let file = match OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o600)
        .open(&path)
    {
        Ok(f) => f,
        Err(e)
            if e.kind() == io::ErrorKind::PermissionDenied
                || e.raw_os_error() == Some(libc::EROFS) =>
        {
            return Ok(Some(Gate { _file: None }));
        }
        Err(e) => return Err(e),
    };
    let op = if exclusive {
        libc::LOCK_EX
    } else {
        libc::LOCK_SH
    };
    let started = Instant::now();
    loop {
        // SAFETY: flock on a descriptor we own; no memory is shared.
        let rc = unsafe { libc::flock(file.as_raw_fd(), op | libc::LOCK_NB) };
        if rc == 0 {
            return Ok(Some(Gate { _file: Some(file) }));
        }
        let err = io::Error::last_os_error();
        match err.raw_os_error() {
            Some(libc::EWOULDBLOCK) if started.elapsed() < wait => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Some(libc::EWOULDBLOCK) => return Ok(None),
            Some(libc::EINTR) => {}
            _ => return Err(err),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_holders_coexist_and_keep_out_an_exclusive_one() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("m.db");
        let none = Duration::ZERO;
        let a = enter(&db, false, none).unwrap();
        let b = enter(&db, false, none).unwrap();
        assert!(a.is_some() && b.is_some());
        assert!(enter(&db, true, none).unwrap().is_none());
        drop((a, b));
        let ex = enter(&db, true, none).unwrap();
        assert!(ex.is_some());
        assert!(enter(&db, false, none).unwrap().is_none());
    }
}
