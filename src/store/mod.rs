//! The SQLite store: the only module that speaks SQL.
//!
//! [`Store::open`] creates or opens the database file, refuses files that are
//! not mend databases (or are from a newer mend) without writing to them, sets
//! the pragmas, and runs the append-only migrations. Every write goes through
//! [`Store::write`], one `BEGIN IMMEDIATE` transaction per user action.

mod amends;
mod checkins;
mod clocks;
mod contacts;
pub mod crypt;
mod insights;
mod journal;
pub mod lock;
pub mod migrations;
mod plan;
pub mod portable;
pub mod seed;
pub mod sync;
mod urges;

use std::fs::{self, DirBuilder, OpenOptions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{Local, SecondsFormat};
use rusqlite::{Connection, ErrorCode, OptionalExtension, Transaction, TransactionBehavior};

/// Initialises SQLite, and SQLCipher with it, once per process and fully,
/// before the first connection opens.
///
/// SQLite marks itself initialised *before* it runs SQLCipher's extra setup
/// (OpenSSL, the private heap, the random seed). A second thread that opens a
/// connection in that window sees SQLite ready and keys its connection while
/// SQLCipher is not, and `PRAGMA key` fails. Taking the first initialisation
/// behind a `OnceLock` makes every other thread wait until it is complete.
fn initialize_sqlite() -> Result<()> {
    static RC: std::sync::OnceLock<std::os::raw::c_int> = std::sync::OnceLock::new();
    // SAFETY: sqlite3_initialize takes no arguments and may be called at any
    // time; it is idempotent and thread-safe.
    let rc = *RC.get_or_init(|| unsafe { rusqlite::ffi::sqlite3_initialize() });
    if rc == rusqlite::ffi::SQLITE_OK {
        Ok(())
    } else {
        Err(Error::Sqlite(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rc),
            Some("SQLite could not start".into()),
        )))
    }
}

/// How long a second process waits for a lock before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Everything that can go wrong in the store. Messages are one line and never
/// contain the text of entries.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "{} is not a mend database (it is not SQLite, it is damaged, or it is encrypted and needs its passphrase)",
        .0.display()
    )]
    NotADatabase(PathBuf),
    #[error("wrong passphrase for {} (or it is not a mend database)", .0.display())]
    WrongPassphrase(PathBuf),
    #[error(
        "{} is not encrypted, but a passphrase was given; run `mend passphrase set` to encrypt it, or unset MEND_PASSPHRASE",
        .0.display()
    )]
    NotEncrypted(PathBuf),
    #[error("this journal is open read-only ({0}); nothing was changed")]
    ReadOnly(String),
    #[error(
        "{} was written by a newer mend (schema version {found}, this mend knows {known}); upgrade mend to open it",
        path.display()
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("cannot create folder {}: {source}", path.display())]
    CreateDir { path: PathBuf, source: io::Error },
    #[error("cannot open {}: {source}", path.display())]
    Open { path: PathBuf, source: io::Error },
    #[error("the database is busy: another mend is writing to it; try again")]
    Busy,
    #[error("the disk is full: nothing was saved; free some space and try again")]
    DiskFull,
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    NotFound(String),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("could not upgrade the database: {0}")]
    Migration(#[from] rusqlite_migration::Error),
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => Error::Busy,
            Some(ErrorCode::DiskFull) => Error::DiskFull,
            _ => Error::Sqlite(e),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The current time as stored in `created_at` / `updated_at`.
pub fn now_stamp() -> String {
    Local::now().to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// An open mend database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    read_only: Option<String>,
    encrypted: bool,
    key: Option<String>,
    /// A window's locks (its own draft slot), when it claimed them.
    window: Option<lock::WindowLock>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens the database at `path`, creating it (and its folder, mode 0700)
    /// with mode 0600 when missing.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, None)
    }

    /// Opens the database at `path` with an optional SQLCipher passphrase.
    /// A new file opened with a passphrase is encrypted from its first byte.
    /// A wrong passphrase changes nothing.
    pub fn open_with(path: &Path, passphrase: Option<&str>) -> Result<Store> {
        initialize_sqlite()?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.is_dir()
        {
            DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(|source| Error::CreateDir {
                    path: dir.to_path_buf(),
                    source,
                })?;
        }
        let created = match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
        {
            Ok(_) => true,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => false,
            Err(source) => {
                return Err(Error::Open {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        if !created && path.is_dir() {
            return Err(Error::Open {
                path: path.to_path_buf(),
                source: io::Error::new(io::ErrorKind::IsADirectory, "it is a folder"),
            });
        }
        let conn = Connection::open(path).map_err(|e| sqlite_open_error(path, e))?;
        crypt::quiet(&conn);
        let has_data = fs::metadata(path).map(|m| m.len() > 0).unwrap_or(false);
        if let Some(key) = passphrase {
            if has_data && crypt::is_plain_sqlite(path) {
                return Err(Error::NotEncrypted(path.to_path_buf()));
            }
            crypt::apply_key(&conn, key)?;
        }
        let mut store = match Store::init(conn, Some(path.to_path_buf()), passphrase) {
            Err(Error::NotADatabase(p)) if passphrase.is_some() => {
                return Err(Error::WrongPassphrase(p));
            }
            other => other?,
        };
        store.encrypted = passphrase.is_some();
        // Private by default: tighten a file someone made readable by others.
        if let Ok(meta) = fs::metadata(path)
            && meta.permissions().mode() & 0o077 != 0
        {
            let _ = fs::set_permissions(path, fs::Permissions::from_mode(0o600));
        }
        Ok(store)
    }

    /// An in-memory database with the full schema, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Store> {
        initialize_sqlite()?;
        Store::init(Connection::open_in_memory()?, None, None)
    }

    fn init(mut conn: Connection, path: Option<PathBuf>, key: Option<&str>) -> Result<Store> {
        let shown = path.clone().unwrap_or_else(|| PathBuf::from(":memory:"));
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Read before writing anything: a file that is not SQLite fails here.
        let version: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
            .and_then(|()| conn.query_row("PRAGMA user_version", [], |r| r.get(0)))
            .map_err(|e| sqlite_open_error(&shown, e))?;
        let known = migrations::latest_version();
        if version > known {
            return Err(Error::TooNew {
                path: shown,
                found: version,
                known,
            });
        }
        if path.is_some() {
            // Switching a new file to WAL needs it alone for a moment, and
            // SQLite answers "busy" at once, without waiting: retry briefly
            // when several mends start on a new journal together.
            let started = std::time::Instant::now();
            loop {
                match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
                    Ok(_) => break,
                    Err(e)
                        if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy)
                            && started.elapsed() < BUSY_TIMEOUT =>
                    {
                        std::thread::sleep(Duration::from_millis(10));
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        }
        conn.execute_batch(
            "PRAGMA foreign_keys = ON;
             PRAGMA synchronous = FULL;
             PRAGMA secure_delete = ON;",
        )?;
        if let Some(p) = &path
            && version > 0
            && version < known
        {
            // Keep the old file as it was before upgrading it.
            let mut name = p.as_os_str().to_owned();
            name.push(format!(".before-v{known}.bak"));
            copy_database(&conn, Path::new(&name), key)?;
        }
        // BEGIN IMMEDIATE: two first starts at once queue on the write lock
        // instead of one failing at once on a stale snapshot.
        conn.set_transaction_behavior(TransactionBehavior::Immediate);
        let migrated = migrations::migrations().to_latest(&mut conn);
        conn.set_transaction_behavior(TransactionBehavior::Deferred);
        if let Err(e) = migrated {
            // Another mend created or upgraded the file at the same moment:
            // its migration won, and ours rolled back.
            let now: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if now != known {
                return Err(e.into());
            }
        }
        Ok(Store {
            conn,
            path,
            read_only: None,
            encrypted: false,
            key: key.map(str::to_string),
            window: None,
        })
    }

    /// The file this store reads, or `None` when in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// `PRAGMA quick_check`: `None` when the file is sound, else the first
    /// problem SQLite found.
    pub fn quick_check(&self) -> Result<Option<String>> {
        let first: String = self
            .conn
            .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))?;
        Ok((first != "ok").then_some(first))
    }

    /// Writes a consistent copy of the open database to `dest` (which must
    /// not exist), with the same passphrase, through SQLite's backup API.
    pub fn copy_to(&self, dest: &Path) -> Result<()> {
        copy_database(&self.conn, dest, self.key.as_deref())
    }

    /// The passphrase this store was opened with, for keying copies.
    pub(crate) fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// The passphrase this store was opened with (for a second connection,
    /// e.g. a background export).
    pub fn passphrase(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// Whether the database is encrypted with a passphrase.
    pub fn is_encrypted(&self) -> bool {
        self.encrypted
    }

    /// Refuses every write from now on, saying `why` (e.g. the journal is
    /// open in another window).
    pub fn set_read_only(&mut self, why: impl Into<String>) {
        self.read_only = Some(why.into());
    }

    /// Why writes are refused, if they are.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Marks this store as a mend window's: it takes its own draft slot, so
    /// another window's draft is never written over, and holds the "a
    /// window is open" lock. Nothing to do for an in-memory store.
    pub fn claim_window(&mut self) -> io::Result<()> {
        if let (Some(path), None) = (&self.path, &self.window) {
            self.window = Some(lock::claim_window(path)?);
        }
        Ok(())
    }

    /// This window's draft slot: its row id in `draft` (1 when it claimed
    /// none).
    pub fn draft_slot(&self) -> i64 {
        self.window.as_ref().map_or(1, |w| w.slot)
    }

    /// Whether draft row `slot` belongs to another window that is open now.
    pub(crate) fn slot_in_use_elsewhere(&self, slot: i64) -> bool {
        match &self.path {
            Some(path) => slot != self.draft_slot() && lock::slot_in_use(path, slot),
            None => false,
        }
    }

    /// `PRAGMA data_version`: changes when another connection (another
    /// process, a CLI command) commits; cheap enough to poll every second.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Runs `f` with writes that give up at once with [`Error::Busy`] when
    /// another connection holds the write lock, instead of waiting up to
    /// [`BUSY_TIMEOUT`]: for background writes (drafts) that can be tried
    /// again later and must never keep a key press waiting.
    pub fn without_waiting<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        self.conn.busy_timeout(Duration::ZERO)?;
        let result = f(self);
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        result
    }

    /// Read access for the per-table modules.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction: all of it commits, or
    /// none of it does.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        if let Some(why) = &self.read_only {
            return Err(Error::ReadOnly(why.clone()));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Caps the file at `pages` pages (SQLite never goes below the current
    /// size), so the next write that needs a new page fails as on a full
    /// disk. For tests only; a large `pages` lifts the cap again.
    #[doc(hidden)]
    pub fn set_max_pages_for_tests(&self, pages: u32) -> Result<i64> {
        Ok(self
            .conn
            .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |r| {
                r.get(0)
            })?)
    }

    /// Copies the write-ahead log into the database file and truncates it,
    /// so pages that `secure_delete` zeroed leave no older copy in the
    /// `-wal` file. Best effort: a reader in another process keeps the log
    /// until it is done, and nothing is lost either way.
    pub(crate) fn checkpoint(&self) {
        if self.path.is_some() && self.read_only.is_none() {
            let _ = self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
        }
    }

    /// Like [`Store::write`], for changes that remove or replace text
    /// (deletes and edits): after the commit the WAL is checkpointed and
    /// truncated, so the old text is gone from the `-wal` file as well
    /// (`secure_delete` already zeroes it in the main file).
    pub(crate) fn write_erasing<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let value = self.write(f)?;
        self.checkpoint();
        Ok(value)
    }

    /// A small fact the app keeps about itself.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Stores a small fact the app keeps about itself.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.write(|tx| {
            let now = now_stamp();
            tx.execute(
                "INSERT INTO setting (key, value, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                (key, value, &now),
            )?;
            Ok(())
        })
    }
}

impl Drop for Store {
    /// A last checkpoint, so the `-wal` file left beside a journal another
    /// window keeps open holds no copy of deleted text. It waits briefly for
    /// readers; a read-only (maybe damaged) file is never written.
    fn drop(&mut self) {
        if self.path.is_some() && self.read_only.is_none() {
            let _ = self.conn.busy_timeout(Duration::from_millis(200));
            self.checkpoint();
        }
    }
}

/// Copies the main database of `conn` to a new file at `dest`, keyed with
/// `key`, page by page through the online backup API (readers and writers
/// may go on meanwhile), then syncs it. The copy is mode 0600.
fn copy_database(conn: &Connection, dest: &Path, key: Option<&str>) -> Result<()> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(dest)
        .map_err(|source| Error::Open {
            path: dest.to_path_buf(),
            source,
        })?;
    let mut out = Connection::open(dest)?;
    crypt::quiet(&out);
    if let Some(k) = key {
        crypt::apply_key(&out, k)?;
    }
    {
        let backup = rusqlite::backup::Backup::new(conn, &mut out)?;
        backup.run_to_completion(256, Duration::from_millis(5), None)?;
    }
    drop(out);
    fs::File::open(dest)
        .and_then(|f| f.sync_all())
        .map_err(|source| Error::Open {
            path: dest.to_path_buf(),
            source,
        })?;
    Ok(())
}

fn sqlite_open_error(path: &Path, e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => Error::NotADatabase(path.to_path_buf()),
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => Error::Busy,
        Some(ErrorCode::CannotOpen)
        | Some(ErrorCode::ReadOnly)
        | Some(ErrorCode::PermissionDenied) => Error::Open {
            path: path.to_path_buf(),
            source: io::Error::new(io::ErrorKind::PermissionDenied, e.to_string()),
        },
        _ => Error::Sqlite(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_memory_store_has_latest_schema() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(
            store.schema_version().unwrap(),
            migrations::latest_version()
        );
    }

    #[test]
    fn settings_round_trip_and_overwrite() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(store.setting("k").unwrap(), None);
        store.set_setting("k", "1").unwrap();
        store.set_setting("k", "2").unwrap();
        assert_eq!(store.setting("k").unwrap().as_deref(), Some("2"));
    }
}
