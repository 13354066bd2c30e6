//! The SQLite store: the only module that speaks SQL.
//!
//! [`Store::open`] creates or opens the database file, refuses files that are
//! not mend databases (or are from a newer mend) without writing to them, sets
//! the pragmas, and runs the append-only migrations. Every write goes through
//! [`Store::write`], one `BEGIN IMMEDIATE` transaction per user action.

mod amends;
mod checkins;
mod checks;
mod clocks;
mod contacts;
pub mod crypt;
pub mod gate;
mod insights;
mod journal;
pub mod lock;
pub mod migrations;
pub mod plan;
pub mod portable;
mod rank;
pub mod salvage;
#[cfg(feature = "seed")]
#[doc(hidden)]
pub mod seed;
pub mod sync;
mod terms;
mod urges;
mod worksheets;

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
    #[error("{} is not a mend database (it is not a SQLite file); nothing was changed", .0.display())]
    NotSqlite(PathBuf),
    #[error(
        "{} is not a mend database (it is a SQLite file with another program's tables); nothing was changed",
        .0.display()
    )]
    Foreign(PathBuf),
    #[error(
        "the journal file is damaged ({0}); nothing more is written to it: `mend salvage OUT` copies every readable row to a new journal"
    )]
    Damaged(String),
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
            Some(ErrorCode::DatabaseCorrupt) => {
                Error::Damaged("SQLite found a malformed page".into())
            }
            _ if unreadable_text(&e) => Error::Damaged("a stored text is not valid UTF-8".into()),
            _ => Error::Sqlite(e),
        }
    }
}

/// Text that SQLite returns but is not UTF-8: mend only ever stores UTF-8,
/// so the bytes were changed on disk.
fn unreadable_text(e: &rusqlite::Error) -> bool {
    match e {
        rusqlite::Error::Utf8Error(..) => true,
        rusqlite::Error::FromSqlConversionFailure(_, _, inner) => {
            inner.downcast_ref::<std::str::Utf8Error>().is_some()
                || inner.downcast_ref::<std::string::FromUtf8Error>().is_some()
        }
        _ => false,
    }
}

impl Error {
    /// Whether this error means the file itself is damaged.
    pub fn is_damage(&self) -> bool {
        matches!(self, Error::Damaged(_))
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
    /// Why the file is known to be damaged: writes are refused.
    damaged: Option<String>,
    /// Whether the first write of this session checked the file first.
    checked: bool,
    /// A window's locks (its own draft slot), when it claimed them.
    window: Option<lock::WindowLock>,
    /// The re-key gate, held shared while open; dropped after `conn`.
    _gate: Option<gate::Gate>,
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
        Store::open_gated(path, passphrase, true)
    }

    /// Like [`Store::open_with`], for a caller that already holds the re-key
    /// gate exclusively (`crypt::change_passphrase`).
    pub(crate) fn open_under_gate(path: &Path, passphrase: Option<&str>) -> Result<Store> {
        Store::open_gated(path, passphrase, false)
    }

    fn open_gated(path: &Path, passphrase: Option<&str>, take_gate: bool) -> Result<Store> {
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
        if path.is_dir() {
            return Err(Error::Open {
                path: path.to_path_buf(),
                source: io::Error::new(io::ErrorKind::IsADirectory, "it is a folder"),
            });
        }
        let gate_existed = gate::gate_path(path).exists();
        let gate = if take_gate {
            Some(
                gate::enter(path, false, BUSY_TIMEOUT)
                    .map_err(|source| Error::Open {
                        path: gate::gate_path(path),
                        source,
                    })?
                    .ok_or(Error::Busy)?,
            )
        } else {
            None
        };
        // No re-key runs while the gate is held: a copy left here was left
        // by one that was killed.
        crypt::remove_temp(path);
        let opened = Store::open_file(path, passphrase);
        match opened {
            Ok(mut store) => {
                store._gate = gate;
                store.damaged = damage_mark(path);
                Ok(store)
            }
            Err(e) => {
                if !gate_existed
                    && matches!(
                        e,
                        Error::NotSqlite(_) | Error::Foreign(_) | Error::NotADatabase(_)
                    )
                {
                    drop(gate);
                    let _ = fs::remove_file(gate::gate_path(path));
                }
                Err(e)
            }
        }
    }

    fn open_file(path: &Path, passphrase: Option<&str>) -> Result<Store> {
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
        if !created && crypt::kind(path) == crypt::FileKind::Other {
            return Err(Error::NotSqlite(path.to_path_buf()));
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
        if path.is_some() && !is_mend_schema(&conn, version)? {
            return Err(Error::Foreign(shown));
        }
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
        rank::register(&conn);
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
        terms::attach(&conn);
        if version < known {
            // The search words of a journal just created or upgraded, once,
            // beside the upgrade's own copy of the file (2 s at a million
            // entries), not on the first key press that saves.
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            terms::settle(&tx)?;
            tx.commit()?;
        }
        Ok(Store {
            conn,
            path,
            read_only: None,
            encrypted: false,
            key: key.map(str::to_string),
            damaged: None,
            checked: false,
            window: None,
            _gate: None,
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
    ///
    /// Table by table, so that FTS5's own walk of its inverted index (most
    /// of the time a whole-file check takes, and the index can be rebuilt
    /// from the entries) is left out; the index's tables are still checked
    /// as b-trees.
    pub fn quick_check(&self) -> Result<Option<String>> {
        Ok(quick_check_conn(&self.conn)?)
    }

    /// A handle that stops this connection's running statement from another
    /// thread (it then fails with "interrupted" and changes nothing).
    pub fn interrupt_handle(&self) -> rusqlite::InterruptHandle {
        self.conn.get_interrupt_handle()
    }

    /// A number that grows with every committed change made through
    /// [`Store::write`] (settings and drafts aside): a cheap, persistent
    /// "something changed" marker, e.g. to skip a backup of an unchanged
    /// journal. 0 before the first change.
    pub fn change_count(&self) -> Result<i64> {
        Ok(self
            .setting(CHANGE_COUNT_KEY)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0))
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
        self.write_with(f, true)
    }

    /// [`Store::write`] for the app's own bookkeeping (settings, drafts):
    /// it leaves [`Store::change_count`] as it was.
    pub(crate) fn write_unmarked<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        self.write_with(f, false)
    }

    /// One `BEGIN IMMEDIATE` transaction; with `mark`, it moves
    /// [`Store::change_count`] on.
    fn write_with<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T>,
        mark: bool,
    ) -> Result<T> {
        if let Some(why) = &self.damaged {
            return Err(Error::Damaged(why.clone()));
        }
        if let Some(why) = &self.read_only {
            return Err(Error::ReadOnly(why.clone()));
        }
        if !self.checked {
            self.checked = true;
            if let Err(e) = self.check_before_first_write() {
                return Err(self.note_damage(e));
            }
        }
        let result = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(Error::from)
            .and_then(|tx| {
                let value = f(&tx)?;
                terms::settle(&tx)?;
                if mark {
                    tx.execute(
                        "INSERT INTO setting (key, value, created_at, updated_at) VALUES (?1, '1', ?2, ?2)
                         ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
                        (CHANGE_COUNT_KEY, now_stamp()),
                    )?;
                }
                tx.commit()?;
                Ok(value)
            });
        result.map_err(|e| self.note_damage(e))
    }

    /// A small journal is checked (`PRAGMA quick_check`) before the first
    /// write of each session, so a file damaged on disk takes no more
    /// writes; a big one relies on SQLite's own checks while it works and
    /// on the integrity check of every backup.
    fn check_before_first_write(&self) -> Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let small = fs::metadata(path).is_ok_and(|m| m.len() <= CHECK_BEFORE_WRITE_MAX_BYTES);
        if small && let Some(problem) = self.quick_check()? {
            return Err(Error::Damaged(format!(
                "its check failed: {}",
                one_line_problem(&problem)
            )));
        }
        Ok(())
    }

    /// Remembers that the file is damaged when `e` says so (beside the file,
    /// so the next mend refuses writes too), and passes `e` on.
    pub fn note_damage(&mut self, e: Error) -> Error {
        if let Error::Damaged(why) = &e {
            self.damaged = Some(why.clone());
            if let Some(path) = &self.path {
                mark_damaged(path, why);
            }
        }
        e
    }

    /// Why the file is known to be damaged, if it is.
    pub fn damaged(&self) -> Option<&str> {
        self.damaged.as_deref()
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
        if self.path.is_some() && self.read_only.is_none() && self.damaged.is_none() {
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
        self.write_unmarked(|tx| {
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
        if self.path.is_some() && self.read_only.is_none() && self.damaged.is_none() {
            let _ = self.conn.busy_timeout(Duration::from_millis(200));
            self.checkpoint();
        }
    }
}

/// The setting that holds [`Store::change_count`].
const CHANGE_COUNT_KEY: &str = "change_count";

/// `PRAGMA quick_check` of every ordinary table (and the schema) of `conn`,
/// one at a time: virtual tables' own checks (FTS5's full walk of its index)
/// are skipped. `None` when sound, else the first problem.
pub(crate) fn quick_check_conn(conn: &Connection) -> rusqlite::Result<Option<String>> {
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table'
               AND coalesce(sql, '') NOT LIKE 'CREATE VIRTUAL%' ORDER BY rootpage",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for name in std::iter::once("sqlite_schema".to_string()).chain(names) {
        let quoted = name.replace('"', "\"\"");
        let first: String =
            conn.query_row(&format!("PRAGMA quick_check(\"{quoted}\")"), [], |r| {
                r.get(0)
            })?;
        if first != "ok" {
            return Ok(Some(first));
        }
    }
    Ok(None)
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

fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

/// The live database's own files: the database, its `-wal` and `-shm`.
fn live_files(db: &Path) -> [PathBuf; 3] {
    let side = |ext: &str| {
        let mut s = db.as_os_str().to_owned();
        s.push(ext);
        PathBuf::from(s)
    };
    [db.to_path_buf(), side("-wal"), side("-shm")]
}

/// Whether `dest` is one of the open database's own files.
pub fn is_live_file(store: &Store, dest: &Path) -> bool {
    store
        .path()
        .is_some_and(|db| live_files(db).iter().any(|p| same_file(p, dest)))
}

/// Refuses `dest` as the file an export replaces when it is the live
/// database (or its `-wal`/`-shm`), or any other database file: an export is
/// text, and writing it there would destroy a journal.
pub fn refuse_database_target(store: &Store, dest: &Path) -> Result<()> {
    if is_live_file(store, dest) {
        return Err(Error::Invalid(format!(
            "{} is the live database; choose another file for the export",
            dest.display()
        )));
    }
    if matches!(
        crypt::kind(dest),
        crypt::FileKind::PlainSqlite | crypt::FileKind::Encrypted
    ) {
        return Err(Error::Invalid(format!(
            "{} is a database file; an export would replace it: choose another file",
            dest.display()
        )));
    }
    Ok(())
}

/// Whether the existing file at `path` is a mend database (a backup mend
/// may replace), opened with `key` when encrypted. A missing file is fine.
pub fn is_mend_file(path: &Path, key: Option<&str>) -> bool {
    let key = match crypt::kind(path) {
        crypt::FileKind::Missing => return true,
        crypt::FileKind::PlainSqlite => None,
        crypt::FileKind::Encrypted if key.is_some() => key,
        _ => return false,
    };
    let Ok(conn) = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
    else {
        return false;
    };
    crypt::quiet(&conn);
    if let Some(k) = key
        && crypt::apply_key(&conn, k).is_err()
    {
        return false;
    }
    conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'journal_entry'",
        [],
        |r| r.get::<_, i64>(0),
    )
    .is_ok_and(|n| n == 1)
}

/// Files up to this size are checked before the first write of a session.
pub const CHECK_BEFORE_WRITE_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Whether the open database is mend's: an empty one (mend creates its
/// schema), or one holding mend's journal table. Anything else is another
/// program's, and is never written.
fn is_mend_schema(conn: &Connection, version: i64) -> Result<bool> {
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    if version == 0 {
        return Ok(objects == 0);
    }
    let journal: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'journal_entry'",
        [],
        |r| r.get(0),
    )?;
    Ok(journal == 1)
}

/// The file beside the database that remembers it was found damaged.
pub fn damage_mark_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".damaged");
    PathBuf::from(name)
}

fn file_id(path: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path)
        .ok()
        .map(|m| format!("{} {}", m.dev(), m.ino()))
}

/// Marks `db` as damaged: the mark names the file (device and inode), so a
/// new journal put in its place is not refused.
pub fn mark_damaged(db: &Path, why: &str) {
    use std::io::Write;
    if let Some(id) = file_id(db)
        && let Ok(mut f) = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(damage_mark_path(db))
    {
        let _ = writeln!(f, "{id}\n{why}");
    }
}

/// Why `db` was marked damaged, if the mark is about this very file; a
/// stale mark (the file was replaced) is removed.
fn damage_mark(db: &Path) -> Option<String> {
    let mark = damage_mark_path(db);
    let text = fs::read_to_string(&mark).ok()?;
    let mut lines = text.lines();
    if lines.next() == file_id(db).as_deref() {
        Some(lines.next().unwrap_or("it was found damaged").to_string())
    } else {
        let _ = fs::remove_file(&mark);
        None
    }
}

/// A check's first problem on one short line (it names pages, never text).
fn one_line_problem(problem: &str) -> String {
    let line: String = problem
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .take(120)
        .collect();
    line
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
        _ => Error::from(e),
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
