//! A lock file beside the database (`mend.db.lock`) that tells one mend
//! window it is the only one writing. A second window opens read-only and
//! says why, instead of two editors racing over one draft.

use std::fs::{File, OpenOptions};
use std::os::fd::AsRawFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// Held while this process is the journal's writer; released on drop (and by
/// the kernel if the process dies).
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

/// Takes the writer lock, or returns `None` when another process holds it.
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
}
