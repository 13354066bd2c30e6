//! `mend salvage`: copies every row that can still be read from a damaged
//! journal into a new one, table by table, stepping over the parts that
//! cannot be read. The damaged file is only read, never written.

use std::path::Path;

use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, OpenFlags, Row};

use super::{Error, Result, Store, crypt};

/// How far past the last readable row a salvage looks for the next one when
/// the table's largest id cannot be read.
const PROBE_WITHOUT_MAX: i64 = 100_000;

/// What a salvage copied, table by table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SalvageReport {
    /// (table, rows copied, parts that could not be read)
    pub tables: Vec<(String, u64, u64)>,
    /// Texts whose damaged bytes were replaced by U+FFFD.
    pub repaired_texts: u64,
}

impl SalvageReport {
    pub fn copied(&self) -> u64 {
        self.tables.iter().map(|t| t.1).sum()
    }

    pub fn unreadable(&self) -> u64 {
        self.tables.iter().map(|t| t.2).sum()
    }

    /// Rows copied from one table.
    pub fn copied_from(&self, table: &str) -> u64 {
        self.tables.iter().find(|t| t.0 == table).map_or(0, |t| t.1)
    }
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn owned(v: ValueRef<'_>, repaired: &mut u64) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Integer(i),
        ValueRef::Real(f) => Value::Real(f),
        ValueRef::Text(t) => match std::str::from_utf8(t) {
            Ok(s) => Value::Text(s.to_string()),
            Err(_) => {
                *repaired += 1;
                Value::Text(String::from_utf8_lossy(t).into_owned())
            }
        },
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

fn columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    conn.prepare(&format!("PRAGMA table_info({})", quote(table)))?
        .query_map([], |r| r.get::<_, String>(1))?
        .collect()
}

/// Copies every readable row of the journal at `src` (opened with `key`)
/// into a new journal at `out`, with the same passphrase and mend's latest
/// schema. `out` must not exist.
pub fn salvage(src: &Path, key: Option<&str>, out: &Path) -> Result<SalvageReport> {
    if out.exists() {
        return Err(Error::Invalid(format!(
            "{} already exists; give a new file for the salvaged journal",
            out.display()
        )));
    }
    let source = Connection::open_with_flags(
        src,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| super::sqlite_open_error(src, e))?;
    crypt::quiet(&source);
    if let Some(k) = key {
        crypt::apply_key(&source, k)?;
    }
    // Read only: no checkpoint on close, no write of any kind.
    source.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
        true,
    )?;
    source.execute_batch("PRAGMA query_only = ON;")?;
    let source_tables: Vec<String> = source
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .map_err(|_| {
            Error::Invalid(
                "the damaged journal's list of tables cannot be read; nothing can be salvaged"
                    .into(),
            )
        })?;
    let mut target = Store::open_with(out, key)?;
    let tables: Vec<(String, String)> = target
        .conn
        .prepare(
            "SELECT name, sql FROM sqlite_master
             WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let virtual_tables: Vec<String> = tables
        .iter()
        .filter(|(_, sql)| sql.to_ascii_uppercase().starts_with("CREATE VIRTUAL"))
        .map(|(n, _)| n.clone())
        .collect();
    let mut report = SalvageReport::default();
    target.write(|tx| {
        // The search words are rebuilt from the index at the end.
        super::terms::pause(tx)?;
        for (table, sql) in &tables {
            let derived = virtual_tables
                .iter()
                .any(|v| table == v || table.starts_with(&format!("{v}_")));
            if derived || !source_tables.contains(table) {
                continue;
            }
            let wanted = columns(tx, table)?;
            let have = columns(&source, table).unwrap_or_default();
            let cols: Vec<String> = wanted.into_iter().filter(|c| have.contains(c)).collect();
            if cols.is_empty() {
                continue;
            }
            let list = cols.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ");
            let marks = vec!["?"; cols.len()].join(", ");
            let mut insert = tx.prepare(&format!(
                "INSERT OR IGNORE INTO {} ({list}) VALUES ({marks})",
                quote(table)
            ))?;
            let mut copied = 0u64;
            let mut unreadable = 0u64;
            let mut repaired = 0u64;
            let mut put = |row: &Row<'_>, offset: usize| -> rusqlite::Result<()> {
                let values: Vec<Value> = (0..cols.len())
                    .map(|i| row.get_ref(i + offset).map(|v| owned(v, &mut repaired)))
                    .collect::<rusqlite::Result<_>>()?;
                // A row whose parent was lost breaks a foreign key: skip it.
                if insert
                    .execute(rusqlite::params_from_iter(values))
                    .is_ok_and(|n| n == 1)
                {
                    copied += 1;
                }
                Ok(())
            };
            let without_rowid = sql.to_ascii_uppercase().contains("WITHOUT ROWID");
            if without_rowid {
                let scan = source.prepare(&format!("SELECT {list} FROM {}", quote(table)));
                match scan {
                    Ok(mut scan) => match scan.query([]) {
                        Ok(mut rows) => loop {
                            match rows.next() {
                                Ok(Some(row)) => {
                                    if put(row, 0).is_err() {
                                        unreadable += 1;
                                    }
                                }
                                Ok(None) => break,
                                Err(_) => {
                                    unreadable += 1;
                                    break;
                                }
                            }
                        },
                        Err(_) => unreadable += 1,
                    },
                    Err(_) => unreadable += 1,
                }
            } else {
                let max: Option<i64> = source
                    .query_row(
                        &format!("SELECT max(rowid) FROM {}", quote(table)),
                        [],
                        |r| r.get(0),
                    )
                    .ok()
                    .flatten();
                let scan_sql = format!(
                    "SELECT rowid, {list} FROM {} WHERE rowid > ?1 ORDER BY rowid",
                    quote(table)
                );
                let one_sql = format!(
                    "SELECT rowid, {list} FROM {} WHERE rowid = ?1",
                    quote(table)
                );
                let mut last = i64::MIN;
                'table: loop {
                    // Read on from `last` until the end or a damaged part.
                    let mut failed = false;
                    match source.prepare(&scan_sql) {
                        Ok(mut scan) => match scan.query([last]) {
                            Ok(mut rows) => loop {
                                match rows.next() {
                                    Ok(Some(row)) => match row.get::<_, i64>(0) {
                                        Ok(id) => {
                                            last = id;
                                            if put(row, 1).is_err() {
                                                unreadable += 1;
                                            }
                                        }
                                        Err(_) => {
                                            failed = true;
                                            break;
                                        }
                                    },
                                    Ok(None) => break,
                                    Err(_) => {
                                        failed = true;
                                        break;
                                    }
                                }
                            },
                            Err(_) => failed = true,
                        },
                        Err(_) => failed = true,
                    }
                    if !failed {
                        break;
                    }
                    unreadable += 1;
                    // Step over the damaged part one id at a time, to the
                    // next row that reads.
                    let start = if last == i64::MIN { 0 } else { last };
                    let end = max.unwrap_or(start.saturating_add(PROBE_WITHOUT_MAX));
                    let Ok(mut one) = source.prepare(&one_sql) else {
                        break;
                    };
                    let mut id = start;
                    loop {
                        if id >= end {
                            break 'table;
                        }
                        id += 1;
                        if let Ok(mut rows) = one.query([id])
                            && let Ok(Some(row)) = rows.next()
                        {
                            if put(row, 1).is_err() {
                                unreadable += 1;
                            }
                            last = id;
                            continue 'table;
                        }
                    }
                }
            }
            report.repaired_texts += repaired;
            report.tables.push((table.clone(), copied, unreadable));
        }
        Ok(())
    })?;
    Ok(report)
}
