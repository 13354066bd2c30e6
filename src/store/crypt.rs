//! Encryption at rest with SQLCipher (version 4 defaults), and changing the
//! passphrase safely: through a verified copy that replaces the file in one
//! rename, never leaving a half-encrypted database.

use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::{Error, Result, Store};

/// The first 16 bytes of every plain SQLite file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Whether the file at `path` looks encrypted: it has data, but not the plain
/// SQLite header (an encrypted file starts with a random salt).
pub fn is_encrypted(path: &Path) -> bool {
    let mut head = [0u8; 16];
    match File::open(path).and_then(|mut f| f.read_exact(&mut head)) {
        Ok(()) => &head != SQLITE_HEADER,
        Err(_) => false,
    }
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

/// The tables whose row counts must match between a database and its copy.
const TABLES: &[&str] = &[
    "journal_entry",
    "tag",
    "journal_tag",
    "draft",
    "clock",
    "clock_reset",
    "contact",
    "contact_log",
    "amend",
    "amend_log",
    "setting",
];

fn counts(conn: &Connection, schema: &str) -> Result<Vec<i64>> {
    TABLES
        .iter()
        .map(|t| {
            Ok(
                conn.query_row(&format!("SELECT count(*) FROM {schema}.{t}"), [], |r| {
                    r.get(0)
                })?,
            )
        })
        .collect()
}

/// Re-keys the database at `path`: `old` opens it (None = not encrypted),
/// `new` is the passphrase afterwards (None = remove encryption). The data is
/// exported into a temp file beside it, the copy is opened with `new` and
/// checked (integrity and row counts), synced, and renamed over the original.
/// On any error the original is untouched.
pub fn change_passphrase(path: &Path, old: Option<&str>, new: Option<&str>) -> Result<()> {
    if let Some(n) = new
        && n.is_empty()
    {
        return Err(Error::Invalid(
            "the new passphrase must not be empty".into(),
        ));
    }
    let store = Store::open_with(path, old)?;
    let conn = &store.conn;
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    let tmp = temp_path(path);
    let _ = fs::remove_file(&tmp);
    let result = (|| -> Result<()> {
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        conn.execute(
            "ATTACH DATABASE ?1 AS rekeyed KEY ?2",
            (tmp.to_string_lossy().as_ref(), new.unwrap_or("")),
        )?;
        conn.query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))?;
        conn.execute_batch(&format!("PRAGMA rekeyed.user_version = {version};"))?;
        let before = counts(conn, "main")?;
        let after = counts(conn, "rekeyed")?;
        conn.execute_batch("DETACH DATABASE rekeyed;")?;
        if before != after {
            return Err(Error::Invalid(
                "the re-keyed copy did not match; nothing was changed".into(),
            ));
        }
        // Reopen the copy with the new passphrase, as the next start will.
        let check = Connection::open(&tmp)?;
        if let Some(n) = new {
            apply_key(&check, n)?;
        }
        let ok: String = check.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if ok != "ok" || counts(&check, "main")? != before {
            return Err(Error::Invalid(
                "the re-keyed copy failed its check; nothing was changed".into(),
            ));
        }
        drop(check);
        File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::Invalid(format!("cannot sync the re-keyed copy: {e}")))?;
        Ok(())
    })();
    drop(store);
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    fs::rename(&tmp, path).map_err(|e| Error::Open {
        path: path.to_path_buf(),
        source: e,
    })?;
    // The old file's WAL was checkpointed and truncated; its shared-memory
    // index belongs to the old file and must not be reused.
    for ext in ["-wal", "-shm"] {
        let mut side = path.as_os_str().to_owned();
        side.push(ext);
        let _ = fs::remove_file(PathBuf::from(side));
    }
    if let Some(dir) = path.parent()
        && let Ok(d) = File::open(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        })
    {
        let _ = d.sync_all();
    }
    Ok(())
}

fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".rekey-tmp");
    PathBuf::from(name)
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
