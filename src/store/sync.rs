//! Sync records (DESIGN.md §8.5): this device's changes out of the database,
//! and other devices' changes into it, by the merge rules.
//!
//! The migration's triggers keep `sync_meta` (a UUID, a hybrid-logical-clock
//! stamp, the stamps it replaced, a tombstone flag) for every row of every
//! synced table, so the other store modules need not know about sync. This
//! module reads rows generically (column names from SQLite) and names
//! parents by UUID.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::types::Value as Sql;
use rusqlite::{Connection, ErrorCode, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::{Result, Store};

/// Parents before children, so a segment applies in one pass.
const ORDER: &[&str] = &[
    "clock",
    "clock_reset",
    "contact",
    "contact_log",
    "amend",
    "amend_log",
    "worksheet_row",
    "relationship_check",
    "journal_entry",
    "checkin",
    "plan_item",
    "urge",
];

/// The tag that marks the older of two texts written at once on two devices.
pub const CONFLICT_TAG: &str = "conflict";

/// One record's state as it travels between devices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The record's UUID.
    pub id: String,
    /// The table it belongs to.
    pub t: String,
    /// The clock stamp of this version.
    pub hlc: String,
    /// Stamps of the versions this one replaced.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub anc: Vec<String>,
    /// A tombstone: the record was deleted (and carries no text).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub del: bool,
    /// Column → value, without the local id and the parent columns.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub row: serde_json::Map<String, Json>,
    /// Parent column → the parent's UUID.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub refs: BTreeMap<String, Option<String>>,
    /// A journal entry's tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// This device's sync facts.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncSelf {
    pub device: String,
    pub name: Option<String>,
    pub folder: Option<String>,
    pub seq: i64,
}

/// How far another device's segments were applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Peer {
    pub device: String,
    pub name: Option<String>,
    pub applied: i64,
}

/// Another device's segment, decrypted.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub device: String,
    pub name: Option<String>,
    pub seq: i64,
    pub records: Vec<Record>,
}

/// What applying did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applied {
    pub segments: u64,
    pub changes: u64,
    pub conflicts: u64,
    pub waiting: u64,
}

#[derive(Debug, Clone)]
struct Meta {
    uuid: String,
    rid: Option<i64>,
    hlc: String,
    anc: Vec<String>,
    deleted: bool,
}

fn order_of(t: &str) -> usize {
    ORDER.iter().position(|x| *x == t).unwrap_or(ORDER.len())
}

fn split_anc(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_string).collect()
}

fn to_json(v: Sql) -> Json {
    match v {
        Sql::Null | Sql::Blob(_) => Json::Null,
        Sql::Integer(i) => Json::from(i),
        Sql::Real(f) => Json::from(f),
        Sql::Text(s) => Json::from(s),
    }
}

fn to_sql(v: &Json) -> Sql {
    match v {
        Json::Null => Sql::Null,
        Json::Bool(b) => Sql::Integer(i64::from(*b)),
        Json::Number(n) => n
            .as_i64()
            .map(Sql::Integer)
            .unwrap_or_else(|| Sql::Real(n.as_f64().unwrap_or(0.0))),
        Json::String(s) => Sql::Text(s.clone()),
        other => Sql::Text(other.to_string()),
    }
}

/// The tables that carry sync triggers, so a name from a segment is only
/// ever one of these.
fn synced_tables(conn: &Connection) -> Result<BTreeSet<String>> {
    let mut stmt = conn.prepare(
        "SELECT substr(name, 6, length(name) - 8) FROM sqlite_master
         WHERE type = 'trigger' AND name LIKE 'sync\\_%\\_ai' ESCAPE '\\'",
    )?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut set = BTreeSet::new();
    for r in rows {
        set.insert(r?);
    }
    set.remove("journal_tag");
    Ok(set)
}

/// Column name → NOT NULL, in table order.
fn columns(conn: &Connection, t: &str) -> Result<Vec<(String, bool)>> {
    let mut stmt = conn.prepare(&format!("PRAGMA table_info(\"{t}\")"))?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, String>(1)?, r.get::<_, i64>(3)? != 0))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Parent column → parent table.
fn parents(conn: &Connection, t: &str) -> Result<BTreeMap<String, String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA foreign_key_list(\"{t}\")"))?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(3)?, r.get::<_, String>(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn meta_by_uuid(conn: &Connection, uuid: &str) -> Result<Option<Meta>> {
    Ok(conn
        .query_row(
            "SELECT uuid, rid, hlc, anc, deleted FROM sync_meta
             WHERE uuid = coalesce((SELECT target FROM sync_alias WHERE uuid = ?1), ?1)",
            [uuid],
            |r| {
                Ok(Meta {
                    uuid: r.get(0)?,
                    rid: r.get(1)?,
                    hlc: r.get(2)?,
                    anc: split_anc(&r.get::<_, String>(3)?),
                    deleted: r.get::<_, i64>(4)? != 0,
                })
            },
        )
        .optional()?)
}

fn entry_tags(conn: &Connection, rid: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT t.name FROM journal_tag jt JOIN tag t ON t.id = jt.tag_id
         WHERE jt.entry_id = ?1 ORDER BY t.name",
    )?;
    let rows = stmt.query_map([rid], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The record of a live row as it stands.
fn read_record(conn: &Connection, t: &str, rid: i64, meta: &Meta) -> Result<Option<Record>> {
    let refs_of = parents(conn, t)?;
    let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\" WHERE rowid = ?1"))?;
    let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
    let values: Option<Vec<Sql>> = stmt
        .query_row([rid], |r| {
            (0..names.len()).map(|i| r.get::<_, Sql>(i)).collect()
        })
        .optional()?;
    let Some(values) = values else {
        return Ok(None);
    };
    let mut rec = Record {
        id: meta.uuid.clone(),
        t: t.to_string(),
        hlc: meta.hlc.clone(),
        anc: meta.anc.clone(),
        del: false,
        row: serde_json::Map::new(),
        refs: BTreeMap::new(),
        tags: Vec::new(),
    };
    for (name, value) in names.into_iter().zip(values) {
        if name == "id" {
            continue;
        }
        if let Some(parent) = refs_of.get(&name) {
            let uuid = match value {
                Sql::Integer(pid) => conn
                    .query_row(
                        "SELECT uuid FROM sync_meta WHERE tbl = ?1 AND rid = ?2",
                        params![parent, pid],
                        |r| r.get::<_, String>(0),
                    )
                    .optional()?,
                _ => None,
            };
            rec.refs.insert(name, uuid);
        } else {
            rec.row.insert(name, to_json(value));
        }
    }
    if t == "journal_entry" {
        rec.tags = entry_tags(conn, rid)?;
    }
    Ok(Some(rec))
}

fn set_entry_tags(tx: &Transaction<'_>, rid: i64, tags: &[String], now: &str) -> Result<()> {
    tx.execute("DELETE FROM journal_tag WHERE entry_id = ?1", [rid])?;
    for name in tags {
        tx.execute(
            "INSERT OR IGNORE INTO tag (name, created_at, updated_at) VALUES (?1, ?2, ?2)",
            params![name, now],
        )?;
        tx.execute(
            "INSERT OR IGNORE INTO journal_tag (entry_id, tag_id, created_at, updated_at)
             SELECT ?1, id, ?3, ?3 FROM tag WHERE name = ?2",
            params![rid, name, now],
        )?;
    }
    Ok(())
}

/// What a record's parents resolve to locally.
enum Resolved {
    /// Column → local id (or NULL).
    Ready(Vec<(String, Sql)>),
    /// A parent has not arrived yet.
    Waiting,
    /// A required parent was deleted: the record goes with it.
    Orphan,
}

fn resolve_refs(tx: &Transaction<'_>, t: &str, rec: &Record) -> Result<Resolved> {
    let cols = columns(tx, t)?;
    let mut out = Vec::new();
    for (col, parent_uuid) in &rec.refs {
        let Some((_, not_null)) = cols.iter().find(|(c, _)| c == col) else {
            continue;
        };
        let value = match parent_uuid {
            None => Sql::Null,
            Some(u) => match meta_by_uuid(tx, u)? {
                None => return Ok(Resolved::Waiting),
                Some(m) => match (m.deleted, m.rid) {
                    (false, Some(rid)) => Sql::Integer(rid),
                    _ if *not_null => return Ok(Resolved::Orphan),
                    _ => Sql::Null,
                },
            },
        };
        out.push((col.clone(), value));
    }
    Ok(Resolved::Ready(out))
}

/// Column/value pairs of a record that this database knows.
fn row_values(
    tx: &Transaction<'_>,
    t: &str,
    rec: &Record,
    refs: Vec<(String, Sql)>,
) -> Result<Vec<(String, Sql)>> {
    let cols = columns(tx, t)?;
    let mut out: Vec<(String, Sql)> = rec
        .row
        .iter()
        .filter(|(k, _)| k.as_str() != "id" && cols.iter().any(|(c, _)| c == *k))
        .map(|(k, v)| (k.clone(), to_sql(v)))
        .collect();
    out.extend(refs);
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn write_meta(
    tx: &Transaction<'_>,
    uuid: &str,
    t: &str,
    rid: Option<i64>,
    hlc: &str,
    anc: &[String],
    deleted: bool,
    dirty: bool,
) -> Result<()> {
    tx.execute(
        "INSERT INTO sync_meta (uuid, tbl, rid, hlc, anc, deleted, dirty)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (uuid) DO UPDATE SET rid = ?3, hlc = ?4, anc = ?5, deleted = ?6, dirty = ?7",
        params![uuid, t, rid, hlc, anc.join(" "), deleted, dirty],
    )?;
    Ok(())
}

fn unique_conflict(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(ErrorCode::ConstraintViolation))
}

/// The local row that holds the same unique key as `values`, if any.
fn same_key_row(tx: &Transaction<'_>, t: &str, values: &[(String, Sql)]) -> Result<Option<i64>> {
    let mut idx = tx.prepare(&format!("PRAGMA index_list(\"{t}\")"))?;
    let indexes: Vec<String> = idx
        .query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, i64>(2)?)))?
        .filter_map(|r| r.ok())
        .filter(|(_, unique)| *unique != 0)
        .map(|(n, _)| n)
        .collect();
    for index in indexes {
        let mut info = tx.prepare(&format!("PRAGMA index_info(\"{index}\")"))?;
        let cols: Vec<String> = info
            .query_map([], |r| r.get::<_, String>(2))?
            .collect::<rusqlite::Result<_>>()?;
        let mut args = Vec::new();
        let mut conds = Vec::new();
        for c in &cols {
            let Some((_, v)) = values.iter().find(|(k, _)| k == c) else {
                conds.clear();
                break;
            };
            args.push(v.clone());
            conds.push(format!("\"{c}\" = ?{}", args.len()));
        }
        if conds.is_empty() {
            continue;
        }
        let sql = format!("SELECT rowid FROM \"{t}\" WHERE {}", conds.join(" AND "));
        if let Some(rid) = tx
            .query_row(&sql, rusqlite::params_from_iter(args), |r| {
                r.get::<_, i64>(0)
            })
            .optional()?
        {
            return Ok(Some(rid));
        }
    }
    Ok(None)
}

enum Put {
    Done,
    Waiting,
}

/// Makes the local row of `rec` match it (insert, update or delete) and
/// records its stamp.
fn put(
    tx: &Transaction<'_>,
    local: Option<&Meta>,
    rec: &Record,
    anc: &[String],
    dirty: bool,
) -> Result<Put> {
    let t = rec.t.as_str();
    let uuid = local
        .map(|m| m.uuid.clone())
        .unwrap_or_else(|| rec.id.clone());
    let rid = local.and_then(|m| if m.deleted { None } else { m.rid });
    if rec.del {
        if let Some(rid) = rid {
            tx.execute(&format!("DELETE FROM \"{t}\" WHERE rowid = ?1"), [rid])?;
        }
        write_meta(tx, &uuid, t, None, &rec.hlc, anc, true, dirty)?;
        return Ok(Put::Done);
    }
    let refs = match resolve_refs(tx, t, rec)? {
        Resolved::Waiting => return Ok(Put::Waiting),
        Resolved::Orphan => {
            if let Some(rid) = rid {
                tx.execute(&format!("DELETE FROM \"{t}\" WHERE rowid = ?1"), [rid])?;
            }
            write_meta(tx, &uuid, t, None, &rec.hlc, anc, true, dirty)?;
            return Ok(Put::Done);
        }
        Resolved::Ready(r) => r,
    };
    let values = row_values(tx, t, rec, refs)?;
    let now = super::now_stamp();
    let new_rid = match rid {
        Some(rid) => {
            if !values.is_empty() {
                let sets: Vec<String> = values
                    .iter()
                    .enumerate()
                    .map(|(i, (c, _))| format!("\"{c}\" = ?{}", i + 2))
                    .collect();
                let mut args = vec![Sql::Integer(rid)];
                args.extend(values.iter().map(|(_, v)| v.clone()));
                tx.execute(
                    &format!("UPDATE \"{t}\" SET {} WHERE rowid = ?1", sets.join(", ")),
                    rusqlite::params_from_iter(args),
                )?;
            }
            rid
        }
        None => {
            let names: Vec<String> = values.iter().map(|(c, _)| format!("\"{c}\"")).collect();
            let marks: Vec<String> = (1..=values.len()).map(|i| format!("?{i}")).collect();
            let sql = format!(
                "INSERT INTO \"{t}\" ({}) VALUES ({})",
                names.join(", "),
                marks.join(", ")
            );
            match tx.execute(
                &sql,
                rusqlite::params_from_iter(values.iter().map(|(_, v)| v.clone())),
            ) {
                Ok(_) => tx.last_insert_rowid(),
                Err(e) if unique_conflict(&e) && local.is_none() => {
                    // The same thing made on two devices (a clock label, a
                    // day's check-in): one row, the later content wins.
                    let Some(other) = same_key_row(tx, t, &values)? else {
                        return Err(e.into());
                    };
                    let Some(m) = tx
                        .query_row(
                            "SELECT uuid FROM sync_meta WHERE tbl = ?1 AND rid = ?2",
                            params![t, other],
                            |r| r.get::<_, String>(0),
                        )
                        .optional()?
                    else {
                        return Err(e.into());
                    };
                    tx.execute(
                        "INSERT OR REPLACE INTO sync_alias (uuid, target) VALUES (?1, ?2)",
                        params![rec.id, m],
                    )?;
                    let target = meta_by_uuid(tx, &m)?.expect("the row's meta");
                    if rec.hlc > target.hlc {
                        let mut merged: BTreeSet<String> = target.anc.iter().cloned().collect();
                        merged.extend(anc.iter().cloned());
                        merged.insert(target.hlc.clone());
                        let merged: Vec<String> = merged.into_iter().collect();
                        return put(
                            tx,
                            Some(&target),
                            &Record {
                                id: m.clone(),
                                ..rec.clone()
                            },
                            &merged,
                            false,
                        );
                    }
                    return Ok(Put::Done);
                }
                Err(e) => return Err(e.into()),
            }
        }
    };
    if t == "journal_entry" {
        set_entry_tags(tx, new_rid, &rec.tags, &now)?;
    }
    write_meta(tx, &uuid, t, Some(new_rid), &rec.hlc, anc, false, dirty)?;
    Ok(Put::Done)
}

/// The older text of two written at once, kept as an entry of its own.
fn conflict_copy(tx: &Transaction<'_>, loser: &Record, stats: &mut Applied) -> Result<()> {
    let id = format!("{}~{}", loser.id, loser.hlc);
    if meta_by_uuid(tx, &id)?.is_some() {
        return Ok(());
    }
    let mut copy = loser.clone();
    copy.id = id;
    copy.anc.clear();
    if !copy.tags.iter().any(|t| t == CONFLICT_TAG) {
        copy.tags.push(CONFLICT_TAG.to_string());
        copy.tags.sort();
    }
    put(tx, None, &copy, &[], true)?;
    stats.conflicts += 1;
    Ok(())
}

fn body_of(rec: &Record) -> Option<&Json> {
    rec.row.get("body")
}

/// Applies one record by the merge rules.
fn apply_record(
    tx: &Transaction<'_>,
    tables: &BTreeSet<String>,
    rec: &Record,
    stats: &mut Applied,
) -> Result<Put> {
    if !tables.contains(&rec.t) {
        return Ok(Put::Done);
    }
    let Some(local) = meta_by_uuid(tx, &rec.id)? else {
        stats.changes += 1;
        return put(tx, None, rec, &rec.anc, false);
    };
    if local.hlc == rec.hlc || local.anc.contains(&rec.hlc) {
        return Ok(Put::Done);
    }
    if rec.anc.contains(&local.hlc) {
        stats.changes += 1;
        return put(tx, Some(&local), rec, &rec.anc, false);
    }
    // Concurrent: neither saw the other.
    let mut merged: BTreeSet<String> = local.anc.iter().cloned().collect();
    merged.extend(rec.anc.iter().cloned());
    merged.insert(local.hlc.clone());
    merged.insert(rec.hlc.clone());
    let local_rec = match (local.deleted, local.rid) {
        (false, Some(rid)) => read_record(tx, &rec.t, rid, &local)?,
        _ => None,
    };
    let winner_is_remote = match (&local_rec, rec.del) {
        // An edit the delete did not see survives.
        (Some(_), true) => false,
        (None, false) => true,
        (None, true) => false,
        (Some(_), false) => rec.hlc > local.hlc,
    };
    if rec.t == "journal_entry"
        && let Some(l) = &local_rec
        && !rec.del
        && body_of(l) != body_of(rec)
    {
        let loser = if winner_is_remote { l } else { rec };
        conflict_copy(tx, loser, stats)?;
    }
    if winner_is_remote {
        merged.remove(&rec.hlc);
        let anc: Vec<String> = merged.into_iter().collect();
        stats.changes += 1;
        put(tx, Some(&local), rec, &anc, false)
    } else {
        merged.remove(&local.hlc);
        let anc: Vec<String> = merged.into_iter().collect();
        tx.execute(
            "UPDATE sync_meta SET anc = ?2 WHERE uuid = ?1",
            params![local.uuid, anc.join(" ")],
        )?;
        Ok(Put::Done)
    }
}

fn hlc_ms(hlc: &str) -> i64 {
    hlc.get(..13).and_then(|s| s.parse().ok()).unwrap_or(0)
}

impl Store {
    /// This device's sync facts.
    pub fn sync_self(&self) -> Result<SyncSelf> {
        Ok(self.conn.query_row(
            "SELECT device, name, folder, seq FROM sync_self WHERE id = 1",
            [],
            |r| {
                Ok(SyncSelf {
                    device: r.get(0)?,
                    name: r.get(1)?,
                    folder: r.get(2)?,
                    seq: r.get(3)?,
                })
            },
        )?)
    }

    /// Names the sync folder and this device.
    pub fn sync_init(&mut self, folder: &str, name: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE sync_self SET folder = ?1, name = ?2 WHERE id = 1",
                params![folder, name],
            )?;
            Ok(())
        })
    }

    /// The other devices this one has heard from.
    pub fn sync_peers(&self) -> Result<Vec<Peer>> {
        let mut stmt = self
            .conn
            .prepare("SELECT device, name, applied FROM sync_peer ORDER BY device")?;
        let rows = stmt.query_map([], |r| {
            Ok(Peer {
                device: r.get(0)?,
                name: r.get(1)?,
                applied: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// This device's changes not yet written to a segment, parents first.
    /// Deleted records travel as tombstones, without their text.
    pub fn sync_outgoing(&self) -> Result<Vec<Record>> {
        let mut stmt = self
            .conn
            .prepare("SELECT uuid, tbl, rid, hlc, anc, deleted FROM sync_meta WHERE dirty = 1")?;
        let metas: Vec<(String, Meta)> = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(1)?,
                    Meta {
                        uuid: r.get(0)?,
                        rid: r.get(2)?,
                        hlc: r.get(3)?,
                        anc: split_anc(&r.get::<_, String>(4)?),
                        deleted: r.get::<_, i64>(5)? != 0,
                    },
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::with_capacity(metas.len());
        for (t, m) in metas {
            let live = match (m.deleted, m.rid) {
                (false, Some(rid)) => read_record(&self.conn, &t, rid, &m)?,
                _ => None,
            };
            out.push(live.unwrap_or(Record {
                id: m.uuid.clone(),
                t,
                hlc: m.hlc.clone(),
                anc: m.anc.clone(),
                del: true,
                row: serde_json::Map::new(),
                refs: BTreeMap::new(),
                tags: Vec::new(),
            }));
        }
        out.sort_by(|a, b| order_of(&a.t).cmp(&order_of(&b.t)).then(a.hlc.cmp(&b.hlc)));
        Ok(out)
    }

    /// Marks `sent` as written in segment `seq` (a record changed again
    /// since stays to send).
    pub fn sync_sent(&mut self, seq: i64, sent: &[Record]) -> Result<()> {
        self.write(|tx| {
            let mut clear =
                tx.prepare("UPDATE sync_meta SET dirty = 0 WHERE uuid = ?1 AND hlc = ?2")?;
            for r in sent {
                clear.execute(params![r.id, r.hlc])?;
            }
            tx.execute(
                "UPDATE sync_self SET seq = max(seq, ?1) WHERE id = 1",
                [seq],
            )?;
            Ok(())
        })
    }

    /// Applies other devices' segments (each device's in order) in one
    /// transaction, then retries records whose parent had not arrived.
    pub fn sync_apply(&mut self, segments: &[Incoming]) -> Result<Applied> {
        self.write(|tx| {
            tx.execute("UPDATE sync_self SET applying = 1 WHERE id = 1", [])?;
            let tables = synced_tables(tx)?;
            let mut stats = Applied::default();
            let mut max_ms = 0;
            let mut queue: Vec<Record> = Vec::new();
            for seg in segments {
                for rec in &seg.records {
                    max_ms = max_ms.max(hlc_ms(&rec.hlc));
                    if let Put::Waiting = apply_record(tx, &tables, rec, &mut stats)? {
                        queue.push(rec.clone());
                    }
                }
                tx.execute(
                    "INSERT INTO sync_peer (device, name, applied) VALUES (?1, ?2, ?3)
                     ON CONFLICT (device) DO UPDATE SET name = coalesce(?2, name),
                     applied = max(applied, ?3)",
                    params![seg.device, seg.name, seg.seq],
                )?;
                stats.segments += 1;
            }
            // Records still waiting for a parent from an earlier sync.
            {
                let mut stmt = tx.prepare("SELECT record FROM sync_pending")?;
                let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
                for r in rows {
                    if let Ok(rec) = serde_json::from_str::<Record>(&r?) {
                        queue.push(rec);
                    }
                }
            }
            tx.execute("DELETE FROM sync_pending", [])?;
            loop {
                let before = queue.len();
                let mut still = Vec::new();
                for rec in queue {
                    if let Put::Waiting = apply_record(tx, &tables, &rec, &mut stats)? {
                        still.push(rec);
                    }
                }
                queue = still;
                if queue.is_empty() || queue.len() == before {
                    break;
                }
            }
            for rec in &queue {
                let json =
                    serde_json::to_string(rec).map_err(|e| super::Error::Invalid(e.to_string()))?;
                tx.execute(
                    "INSERT INTO sync_pending (uuid, hlc, record) VALUES (?1, ?2, ?3)
                     ON CONFLICT (uuid) DO UPDATE SET hlc = ?2, record = ?3 WHERE ?2 > hlc",
                    params![rec.id, rec.hlc, json],
                )?;
            }
            stats.waiting = queue.len() as u64;
            // Rows a parent's delete took with it while the triggers slept
            // (only a delete can do that, so only then look).
            let deleted_any = segments.iter().flat_map(|s| &s.records).any(|r| r.del)
                || queue.iter().any(|r| r.del);
            for t in tables.iter().filter(|_| deleted_any) {
                tx.execute(
                    &format!(
                        "UPDATE sync_meta SET rid = NULL, deleted = 1 WHERE tbl = ?1 AND deleted = 0
                         AND rid NOT IN (SELECT rowid FROM \"{t}\")"
                    ),
                    [t],
                )?;
            }
            // Later local stamps come after everything seen.
            tx.execute(
                "UPDATE sync_self SET applying = 0,
                 ctr = CASE WHEN ?1 > ms THEN 0 ELSE ctr END, ms = max(ms, ?1) WHERE id = 1",
                [max_ms],
            )?;
            Ok(stats)
        })
    }
}
