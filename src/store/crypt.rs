//! Encryption at rest with SQLCipher (version 4 defaults), and changing the
//! passphrase safely: through a verified copy that replaces the file in one
//! rename, never leaving a half-encrypted database.

use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::{BUSY_TIMEOUT, Error, Result, Store, gate};

/// The first 16 bytes of every plain SQLite file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// What a database file looks like from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// No file (or not readable).
    Missing,
    /// A file with no bytes: a new database.
    Empty,
    /// A plain SQLite file.
    PlainSqlite,
    /// Whole pages of what looks like random bytes: an SQLCipher file.
    Encrypted,
    /// Anything else: text, a short file, a device.
    Other,
}

/// Looks at the file at `path` (never a device or a pipe: those are
/// `Other` without being opened). An SQLCipher file is whole pages (at least
/// 512 bytes each) starting with a random salt; a text file is not.
pub fn kind(path: &Path) -> FileKind {
    let Ok(meta) = fs::metadata(path) else {
        return FileKind::Missing;
    };
    if !meta.is_file() {
        return FileKind::Other;
    }
    if meta.len() == 0 {
        return FileKind::Empty;
    }
    let mut head = [0u8; 16];
    if File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_err()
    {
        return if meta.len() < 16 {
            FileKind::Other
        } else {
            FileKind::Missing
        };
    }
    if &head == SQLITE_HEADER {
        FileKind::PlainSqlite
    } else if meta.len() >= 512
        && meta.len() % 512 == 0
        && !head
            .iter()
            .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace())
    {
        FileKind::Encrypted
    } else {
        FileKind::Other
    }
}

/// Whether the file at `path` looks encrypted (see [`kind`]).
pub fn is_encrypted(path: &Path) -> bool {
    kind(path) == FileKind::Encrypted
}

/// Whether the file at `path` starts with the plain SQLite header.
pub fn is_plain_sqlite(path: &Path) -> bool {
    let mut head = [0u8; 16];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == SQLITE_HEADER)
}

/// Keys a fresh connection. Must come before anything reads the file.
pub(crate) fn apply_key(conn: &Connection, key: &str) -> Result<()> {
    if key.is_empty() {
        return Err(Error::Invalid("the passphrase must not be empty".into()));
    }
    quiet(conn);
    conn.pragma_update(None, "key", key)?;
    Ok(())
}

/// SQLCipher logs decryption failures (a wrong passphrase) to stderr, which
/// would scribble over the screen and break one-line errors: turn it off.
pub(crate) fn quiet(conn: &Connection) {
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
}

/// Every table's row count, by name: the copy must match its source.
fn counts(conn: &Connection, schema: &str) -> Result<Vec<(String, i64)>> {
    let names: Vec<String> = conn
        .prepare(&format!(
            "SELECT name FROM {schema}.sqlite_master
             WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        ))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    names
        .into_iter()
        .map(|t| {
            let n = conn.query_row(
                &format!(
                    "SELECT count(*) FROM {schema}.\"{}\"",
                    t.replace('"', "\"\"")
                ),
                [],
                |r| r.get(0),
            )?;
            Ok((t, n))
        })
        .collect()
}

/// What to do with the copies mend made of the journal (dated backups, the
/// copy kept before an upgrade) when its passphrase changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OldCopies {
    /// Re-encrypt each with the new passphrase.
    #[default]
    Reencrypt,
    /// Delete them.
    Remove,
}

/// What happened to the copies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CopiesReport {
    pub reencrypted: Vec<PathBuf>,
    pub removed: Vec<PathBuf>,
    /// Copies mend could not open with the old passphrase, with why; left
    /// as they are.
    pub left: Vec<(PathBuf, String)>,
}

/// Re-keys the database at `path`: `old` opens it (None = not encrypted),
/// `new` is the passphrase afterwards (None = remove encryption); the
/// copies mend made of it are re-encrypted. See [`rekey`].
pub fn change_passphrase(path: &Path, old: Option<&str>, new: Option<&str>) -> Result<()> {
    rekey(path, old, new, OldCopies::Reencrypt).map(|_| ())
}

/// Re-keys the database at `path` and deals with its copies as `copies`
/// says.
///
/// It first takes the re-key gate exclusively (no other mend has the file
/// open, and none opens it until this is done), empties the WAL, then holds
/// SQLite's write lock, the one every writer takes, from before the copy
/// until after the rename. The data is exported into a temp file beside the
/// database, the copy is opened with `new` and checked (integrity and every
/// table's row count), synced, and renamed over the original; the old
/// `-wal` and `-shm` go. On any error the original is untouched. A temp
/// file left by a killed re-key is removed by the next open.
pub fn rekey(
    path: &Path,
    old: Option<&str>,
    new: Option<&str>,
    copies: OldCopies,
) -> Result<CopiesReport> {
    if let Some(n) = new
        && n.is_empty()
    {
        return Err(Error::Invalid(
            "the new passphrase must not be empty".into(),
        ));
    }
    let _gate = gate::enter(path, true, BUSY_TIMEOUT)
        .map_err(|source| Error::Open {
            path: gate::gate_path(path),
            source,
        })?
        .ok_or_else(|| {
            Error::Invalid(
                "the journal is open in another mend (a window or a command): close it and try again; nothing was changed"
                    .into(),
            )
        })?;
    let mut store = Store::open_under_gate(path, old)?;
    // No other mend has the file open: nothing can stop the WAL emptying, so
    // a kill after the rename leaves no stale frames beside the new file.
    let (busy, _, _): (i64, i64, i64) =
        store
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
    if busy != 0 {
        return Err(Error::Busy);
    }
    let tmp = temp_path(path);
    remove_temp(path);
    // Hold the write lock every writer takes, from the copy to the rename.
    let holder = Connection::open(path)?;
    quiet(&holder);
    if let Some(k) = old {
        apply_key(&holder, k)?;
    }
    holder.busy_timeout(BUSY_TIMEOUT)?;
    holder.execute_batch("BEGIN IMMEDIATE")?;
    let result = counts(&holder, "main")
        .and_then(|expected| export_checked(&store.conn, &expected, &tmp, new));
    // Closing it must not checkpoint: it is done with the file.
    store.set_read_only("re-keyed");
    drop(store);
    if let Err(e) = result {
        remove_temp(path);
        return Err(e);
    }
    fs::rename(&tmp, path).map_err(|e| Error::Open {
        path: path.to_path_buf(),
        source: e,
    })?;
    // The old file's WAL is empty; it and its shared-memory index belong to
    // the old file and must not be reused.
    remove_sides(path);
    sync_parent(path);
    // SQLite sees its file has moved: it neither checkpoints nor deletes.
    drop(holder);
    let mut report = CopiesReport::default();
    for copy in old_copies(path) {
        deal_with_copy(&copy, old, new, copies, &mut report);
    }
    Ok(report)
}

/// Exports the main database of `src` into a new file `tmp` keyed with
/// `new`, opens it as the next start will, and checks it: integrity, and
/// every table's row count equal to `expected`. Then syncs it.
fn export_checked(
    src: &Connection,
    expected: &[(String, i64)],
    tmp: &Path,
    new: Option<&str>,
) -> Result<()> {
    let version: i64 = src.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    src.execute(
        "ATTACH DATABASE ?1 AS rekeyed KEY ?2",
        (tmp.to_string_lossy().as_ref(), new.unwrap_or("")),
    )?;
    let exported = (|| -> Result<()> {
        src.query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))?;
        src.execute_batch(&format!("PRAGMA rekeyed.user_version = {version};"))?;
        Ok(())
    })();
    src.execute_batch("DETACH DATABASE rekeyed;")?;
    exported?;
    let check = Connection::open(tmp)?;
    quiet(&check);
    if let Some(n) = new {
        apply_key(&check, n)?;
    }
    let ok: String = check.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if ok != "ok" || counts(&check, "main")? != expected {
        return Err(Error::Invalid(
            "the re-keyed copy failed its check; nothing was changed".into(),
        ));
    }
    drop(check);
    File::open(tmp)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::Invalid(format!("cannot sync the re-keyed copy: {e}")))?;
    Ok(())
}

fn side(path: &Path, ext: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(ext);
    PathBuf::from(s)
}

fn remove_sides(path: &Path) {
    for ext in ["-wal", "-shm", "-journal"] {
        let _ = fs::remove_file(side(path, ext));
    }
}

fn sync_parent(path: &Path) {
    crate::fsutil::sync_dir(&crate::fsutil::parent_dir(path));
}

/// Every copy of the database at `db` that mend made: the files in the
/// backups folder beside it (dated backups, and temp files a killed backup
/// left), the copies kept before an upgrade (`mend.db.before-vN.bak`), and
/// backup temp files beside it.
pub fn old_copies(db: &Path) -> Vec<PathBuf> {
    let dir = crate::fsutil::parent_dir(db);
    let name = db
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut found = Vec::new();
    if let Ok(list) = fs::read_dir(dir.join("backups")) {
        for item in list.flatten() {
            if item.file_type().is_ok_and(|t| t.is_file()) {
                found.push(item.path());
            }
        }
    }
    if let Ok(list) = fs::read_dir(&dir) {
        for item in list.flatten() {
            let n = item.file_name().to_string_lossy().into_owned();
            let before = n
                .strip_prefix(&format!("{name}.before-v"))
                .is_some_and(|rest| rest.ends_with(".bak"));
            let temp = n.starts_with(".mend-backup-") && n.ends_with(".tmp");
            if (before || temp) && item.file_type().is_ok_and(|t| t.is_file()) {
                found.push(item.path());
            }
        }
    }
    found.sort();
    found
}

/// A temp file a killed backup or re-key left: never a whole copy, always
/// removed.
fn is_backup_temp(path: &Path) -> bool {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .is_some_and(|n| {
            (n.starts_with(".mend-backup-") && n.ends_with(".tmp"))
                || n.ends_with(".rekey-tmp")
                || n.ends_with(".rekey-tmp-journal")
        })
}

fn opens_with(path: &Path, key: Option<&str>) -> bool {
    let Ok(conn) = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
    else {
        return false;
    };
    quiet(&conn);
    if let Some(k) = key
        && apply_key(&conn, k).is_err()
    {
        return false;
    }
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
        .is_ok()
}

fn deal_with_copy(
    copy: &Path,
    old: Option<&str>,
    new: Option<&str>,
    what: OldCopies,
    report: &mut CopiesReport,
) {
    let remove = |report: &mut CopiesReport| match fs::remove_file(copy) {
        Ok(()) => {
            remove_sides(copy);
            report.removed.push(copy.to_path_buf());
        }
        Err(e) => report
            .left
            .push((copy.to_path_buf(), format!("cannot remove it: {e}"))),
    };
    if is_backup_temp(copy) {
        return remove(report);
    }
    let key = match kind(copy) {
        FileKind::PlainSqlite => None,
        FileKind::Encrypted if new.is_some() && opens_with(copy, new) => return,
        FileKind::Encrypted if old.is_some() && opens_with(copy, old) => old,
        FileKind::Encrypted => {
            return report.left.push((
                copy.to_path_buf(),
                "it does not open with the old passphrase".into(),
            ));
        }
        _ => return,
    };
    if key.is_none() && new.is_none() {
        return; // Already plain, as the journal now is.
    }
    match what {
        OldCopies::Remove => remove(report),
        OldCopies::Reencrypt => match rekey_copy(copy, key, new) {
            Ok(()) => report.reencrypted.push(copy.to_path_buf()),
            Err(e) => report.left.push((copy.to_path_buf(), e.to_string())),
        },
    }
}

/// Re-keys a copy (never migrated, never otherwise changed) through a
/// checked temp file renamed over it.
fn rekey_copy(copy: &Path, old: Option<&str>, new: Option<&str>) -> Result<()> {
    let tmp = temp_path(copy);
    remove_temp(copy);
    let result = (|| -> Result<()> {
        let conn = Connection::open(copy)?;
        quiet(&conn);
        if let Some(k) = old {
            apply_key(&conn, k)?;
        }
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let expected = counts(&conn, "main")?;
        export_checked(&conn, &expected, &tmp, new)
    })();
    if let Err(e) = result {
        remove_temp(copy);
        return Err(e);
    }
    fs::rename(&tmp, copy).map_err(|e| Error::Open {
        path: copy.to_path_buf(),
        source: e,
    })?;
    remove_sides(copy);
    sync_parent(copy);
    Ok(())
}

/// Where a re-key writes its copy before renaming it over the original.
pub(crate) fn temp_path(path: &Path) -> PathBuf {
    side(path, ".rekey-tmp")
}

/// Removes a re-key's temp copy and its rollback journal (a kill during the
/// export leaves both).
pub(crate) fn remove_temp(path: &Path) {
    let tmp = temp_path(path);
    let _ = fs::remove_file(&tmp);
    remove_sides(&tmp);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_files_are_not_encrypted_and_missing_files_neither() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.db");
        assert!(!is_encrypted(&p));
        drop(Store::open(&p).unwrap());
        assert!(!is_encrypted(&p));
    }
}
