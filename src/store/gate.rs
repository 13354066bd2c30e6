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
use std::io::{self, Read, Seek, SeekFrom};
use std::os::fd::AsRawFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Held while a store is open (shared) or a re-key runs (exclusive).
#[derive(Debug)]
pub struct Gate {
    file: Option<File>,
    exclusive: bool,
}

impl Drop for Gate {
    /// An exclusive holder withdraws its notice before the kernel frees the
    /// lock with the file.
    fn drop(&mut self) {
        if self.exclusive
            && let Some(f) = &self.file
        {
            let _ = f.set_len(0);
        }
    }
}

/// A re-key's notice older than this was left by one that was killed.
const NOTICE_STALE: Duration = Duration::from_secs(60);

/// The gate file's path for a database.
pub fn gate_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".open-lock");
    PathBuf::from(name)
}

fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Whether a re-key waiting for the gate left its notice in the file (the
/// time it started waiting), and it is recent.
fn rekey_waiting(file: &File) -> bool {
    let mut text = String::new();
    let mut reader = file;
    if reader.seek(SeekFrom::Start(0)).is_err() || reader.read_to_string(&mut text).is_err() {
        return false;
    }
    let mut parts = text.split_whitespace().map(|p| p.parse::<u64>().ok());
    let (Some(Some(pid)), Some(Some(t))) = (parts.next(), parts.next()) else {
        return false;
    };
    now_secs().saturating_sub(t) < NOTICE_STALE.as_secs() && alive(pid)
}

/// Whether the process `pid` still runs (a killed re-key's notice is void).
fn alive(pid: u64) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only checks that the process exists.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

fn notice() -> String {
    format!("{} {}", std::process::id(), now_secs())
}

/// Takes the gate shared (every store) or exclusively (a re-key), waiting up
/// to `wait`; `None` when it stayed taken. A re-key first leaves a notice
/// in the file, and new stores wait while it is there, so a steady stream
/// of short-lived mends cannot keep a re-key out for ever. A folder where no
/// lock file can be made (read-only) gives an empty gate: nothing can be
/// re-keyed there either.
pub(crate) fn enter(db: &Path, exclusive: bool, wait: Duration) -> io::Result<Option<Gate>> {
    let path = gate_path(db);
    let file = match OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .mode(0o600)
        .open(&path)
    {
        Ok(f) => f,
        Err(e)
            if e.kind() == io::ErrorKind::PermissionDenied
                || e.raw_os_error() == Some(libc::EROFS) =>
        {
            return Ok(Some(Gate {
                file: None,
                exclusive: false,
            }));
        }
        Err(e) => return Err(e),
    };
    if exclusive {
        let _ = file.set_len(0);
        let _ = (&file).write_all_at_start(notice().as_bytes());
    }
    let op = if exclusive {
        libc::LOCK_EX
    } else {
        libc::LOCK_SH
    };
    let started = Instant::now();
    loop {
        let in_time = started.elapsed() < wait;
        if !exclusive && in_time && rekey_waiting(&file) {
            std::thread::sleep(Duration::from_millis(5));
            continue;
        }
        // SAFETY: flock on a descriptor we own; no memory is shared.
        let rc = unsafe { libc::flock(file.as_raw_fd(), op | libc::LOCK_NB) };
        if rc == 0 {
            return Ok(Some(Gate {
                file: Some(file),
                exclusive,
            }));
        }
        let err = io::Error::last_os_error();
        match err.raw_os_error() {
            Some(libc::EWOULDBLOCK) if in_time => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Some(libc::EWOULDBLOCK) => {
                if exclusive {
                    let _ = file.set_len(0);
                }
                return Ok(None);
            }
            Some(libc::EINTR) => {}
            _ => return Err(err),
        }
    }
}

trait WriteAtStart {
    fn write_all_at_start(self, bytes: &[u8]) -> io::Result<()>;
}

impl WriteAtStart for &File {
    fn write_all_at_start(self, bytes: &[u8]) -> io::Result<()> {
        use std::os::unix::fs::FileExt;
        self.write_all_at(bytes, 0)
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
        drop(ex);
        assert!(enter(&db, false, none).unwrap().is_some());
    }

    #[test]
    fn a_waiting_rekey_holds_off_new_stores_until_it_gives_up() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("m.db");
        let reader = enter(&db, false, Duration::ZERO).unwrap();
        // The re-key cannot get in while a store is open, and says so.
        assert!(
            enter(&db, true, Duration::from_millis(20))
                .unwrap()
                .is_none()
        );
        // Its notice is withdrawn when it gives up: new stores come in.
        assert!(enter(&db, false, Duration::ZERO).unwrap().is_some());
        drop(reader);
        // A notice (a re-key waiting) keeps a new store out while it lasts.
        std::fs::write(gate_path(&db), notice()).unwrap();
        let start = Instant::now();
        let late = enter(&db, false, Duration::from_millis(50)).unwrap();
        assert!(late.is_some());
        assert!(start.elapsed() >= Duration::from_millis(50));
        drop(late);
        // A killed re-key's notice (no such process) keeps no one out.
        std::fs::write(gate_path(&db), format!("{} {}", i32::MAX, now_secs())).unwrap();
        let file = File::open(gate_path(&db)).unwrap();
        assert!(!rekey_waiting(&file));
    }
}
