//! Data portability: reading every table as records for an export, writing
//! an import plan in one transaction, and consistent backup copies. The file
//! formats are not here: `crate::export` writes them and `crate::import`
//! parses them; this module takes and gives `crate::records` only.
//!
//! This file has its own SQL for every table so that it does not depend on the
//! per-table modules. The functions are plain and callable from the TUI; long
//! work takes an optional progress callback `(done, total)`.

use std::collections::{BTreeSet, HashMap};
use std::fs::{self, DirBuilder};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};

use super::{Error, Result, Store, now_stamp};
use crate::domain::dates;
use crate::records::{
    AmendLogRecord, AmendRecord, AmendRef, CheckRecord, CheckinRecord, ClockRecord,
    ContactLogRecord, ContactRecord, EntryRecord, ImportPlan, ResetRecord, Source, UrgeRecord,
    WorksheetRecord,
};

/// A progress callback: `(done, total)`.
pub type Progress<'a> = Option<&'a mut dyn FnMut(u64, u64)>;

/// How often (in records) progress is reported.
pub const PROGRESS_EVERY: u64 = 1000;

/// Calls the progress callback, if there is one.
pub fn tell(progress: &mut Progress<'_>, done: u64, total: u64) {
    if let Some(p) = progress.as_mut() {
        p(done, total);
    }
}

fn day_param(d: Option<NaiveDate>) -> Option<String> {
    d.map(dates::format_day)
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

/// Every urge, oldest first.
pub fn load_urges(store: &Store) -> Result<Vec<UrgeRecord>> {
    let mut urges = store.urges(None)?;
    urges.reverse();
    let mut uuid = store
        .conn()
        .prepare_cached("SELECT uuid FROM sync_meta WHERE tbl = 'urge' AND rid = ?1")?;
    let mut out = Vec::with_capacity(urges.len());
    for u in urges {
        out.push(UrgeRecord {
            id: uuid.query_row([u.id], |r| r.get(0)).optional()?,
            at: u.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
            intensity: i64::from(u.intensity),
            halt: u.halt.names().into_iter().map(str::to_string).collect(),
            trigger: u.trigger,
            did: u.did,
            outcome: u.outcome.map(|o| o.as_str().to_string()),
            note: u.note,
        });
    }
    Ok(out)
}

/// Every clock with its resets, by label.
pub fn load_clocks(store: &Store) -> Result<Vec<ClockRecord>> {
    let conn = store.conn();
    let mut resets = conn.prepare_cached(
        "SELECT day, note, (SELECT uuid FROM sync_meta WHERE tbl = 'clock_reset' AND rid = clock_reset.id)
         FROM clock_reset WHERE clock_id = ?1 ORDER BY day, note, id",
    )?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, label, since, cost_per_day_cents,
                (SELECT uuid FROM sync_meta WHERE tbl = 'clock' AND rid = clock.id)
         FROM clock ORDER BY label COLLATE NOCASE, label, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            ClockRecord {
                id: r.get(4)?,
                label: r.get(1)?,
                since: r.get(2)?,
                cost_per_day_cents: r.get(3)?,
                resets: Vec::new(),
            },
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, mut clock) = row?;
        clock.resets = resets
            .query_map([id], |r| {
                Ok(ResetRecord {
                    id: r.get(2)?,
                    day: r.get(0)?,
                    note: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        out.push(clock);
    }
    Ok(out)
}

/// Every contact with its log, by name.
pub fn load_contacts(store: &Store) -> Result<Vec<ContactRecord>> {
    let conn = store.conn();
    let mut logs = conn.prepare_cached(
        "SELECT day, note, (SELECT uuid FROM sync_meta WHERE tbl = 'contact_log' AND rid = contact_log.id)
         FROM contact_log WHERE contact_id = ?1 ORDER BY day, note, id",
    )?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, role, phone, email, notes, emergency, cadence_days,
                (SELECT uuid FROM sync_meta WHERE tbl = 'contact' AND rid = contact.id)
         FROM contact ORDER BY name COLLATE NOCASE, name, role, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            ContactRecord {
                id: r.get(8)?,
                name: r.get(1)?,
                role: r.get(2)?,
                phone: r.get(3)?,
                email: r.get(4)?,
                notes: r.get(5)?,
                emergency: r.get::<_, i64>(6)? != 0,
                cadence_days: r.get(7)?,
                log: Vec::new(),
                checks: Vec::new(),
            },
        ))
    })?;
    let mut checks = conn.prepare_cached(
        "SELECT day, respect, safety, affection, boundaries, honesty, signs, note,
                (SELECT uuid FROM sync_meta WHERE tbl = 'relationship_check' AND rid = relationship_check.id)
         FROM relationship_check WHERE contact_id = ?1 ORDER BY day, id",
    )?;
    let mut out = Vec::new();
    for row in rows {
        let (id, mut contact) = row?;
        contact.checks = checks
            .query_map([id], |r| {
                let signs: String = r.get(6)?;
                Ok(CheckRecord {
                    id: r.get(8)?,
                    day: r.get(0)?,
                    respect: r.get(1)?,
                    safety: r.get(2)?,
                    affection: r.get(3)?,
                    boundaries: r.get(4)?,
                    honesty: r.get(5)?,
                    signs: signs
                        .split(',')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect(),
                    note: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        contact.log = logs
            .query_map([id], |r| {
                Ok(ContactLogRecord {
                    id: r.get(2)?,
                    day: r.get(0)?,
                    note: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        out.push(contact);
    }
    Ok(out)
}

/// Every amend with its timeline, by person.
pub fn load_amends(store: &Store) -> Result<Vec<AmendRecord>> {
    let conn = store.conn();
    let mut logs = conn.prepare_cached(
        "SELECT day, note, trust,
                (SELECT uuid FROM sync_meta WHERE tbl = 'amend_log' AND rid = amend_log.id)
         FROM amend_log WHERE amend_id = ?1 ORDER BY day, note, trust, id",
    )?;
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.person, c.name, a.harm, a.kind, a.plan, a.status, a.made_on, a.notes,
                (SELECT uuid FROM sync_meta WHERE tbl = 'amend' AND rid = a.id)
         FROM amend a LEFT JOIN contact c ON c.id = a.contact_id
         ORDER BY a.person COLLATE NOCASE, a.person, a.harm, a.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            AmendRecord {
                id: r.get(9)?,
                person: r.get(1)?,
                contact: r.get(2)?,
                harm: r.get(3)?,
                kind: r.get(4)?,
                plan: r.get(5)?,
                status: r.get(6)?,
                made_on: r.get(7)?,
                notes: r.get(8)?,
                log: Vec::new(),
            },
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, mut amend) = row?;
        amend.log = logs
            .query_map([id], |r| {
                Ok(AmendLogRecord {
                    id: r.get(3)?,
                    day: r.get(0)?,
                    note: r.get(1)?,
                    trust: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        out.push(amend);
    }
    Ok(out)
}

/// Every worksheet row, oldest first, with the amend it became named by
/// person and harm.
pub fn load_worksheets(store: &Store) -> Result<Vec<WorksheetRecord>> {
    let mut stmt = store.conn().prepare_cached(
        "SELECT w.kind, w.fields, a.person, a.harm,
                (SELECT uuid FROM sync_meta WHERE tbl = 'worksheet_row' AND rid = w.id)
         FROM worksheet_row w LEFT JOIN amend a ON a.id = w.amend_id
         ORDER BY w.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let fields: String = r.get(1)?;
        let person: Option<String> = r.get(2)?;
        Ok(WorksheetRecord {
            id: r.get(4)?,
            kind: r.get(0)?,
            fields: serde_json::from_str(&fields).map_err(|_| {
                rusqlite::Error::FromSqlConversionFailure(
                    1,
                    rusqlite::types::Type::Text,
                    "a stored worksheet row is damaged".into(),
                )
            })?,
            amend: match person {
                Some(person) => Some(AmendRef {
                    person,
                    harm: r.get(3)?,
                }),
                None => None,
            },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every check-in, in export order.
pub fn load_checkins(store: &Store) -> Result<Vec<CheckinRecord>> {
    super::checkins::load_records(store.conn())
}

/// How many journal entries lie in the range.
pub fn count_entries(
    store: &Store,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
) -> Result<u64> {
    Ok(store.conn().query_row(
        "SELECT count(*) FROM journal_entry
         WHERE (?1 IS NULL OR day >= ?1) AND (?2 IS NULL OR day <= ?2)",
        params![day_param(since), day_param(until)],
        |r| r.get::<_, i64>(0),
    )? as u64)
}

/// Calls `f` with each journal entry in the range, by day, creation time and
/// text, without holding them all in memory.
pub fn for_each_entry(
    store: &Store,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
    mut f: impl FnMut(EntryRecord) -> Result<()>,
) -> Result<()> {
    let conn = store.conn();
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT jt.entry_id, t.name FROM journal_tag jt JOIN tag t ON t.id = jt.tag_id
             ORDER BY jt.entry_id, t.name COLLATE NOCASE, t.name",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            tags.entry(r.get(0)?).or_default().push(r.get(1)?);
        }
    }
    let mut stmt = conn.prepare(
        "SELECT id, day, created_at, updated_at, body, mood, craving, prompt,
                (SELECT uuid FROM sync_meta WHERE tbl = 'journal_entry' AND rid = journal_entry.id)
         FROM journal_entry
         WHERE (?1 IS NULL OR day >= ?1) AND (?2 IS NULL OR day <= ?2)
         ORDER BY day, created_at, body, id",
    )?;
    let mut rows = stmt.query(params![day_param(since), day_param(until)])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        f(EntryRecord {
            id: r.get(8)?,
            day: r.get(1)?,
            created_at: r.get(2)?,
            updated_at: r.get(3)?,
            body: r.get(4)?,
            mood: r.get(5)?,
            craving: r.get(6)?,
            prompt: r.get(7)?,
            tags: tags.remove(&id).unwrap_or_default(),
        })?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------

/// Numbers of records of each kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub clocks: u64,
    pub resets: u64,
    pub entries: u64,
    pub contacts: u64,
    pub contact_logs: u64,
    pub amends: u64,
    pub amend_logs: u64,
    pub checkins: u64,
    pub plan_items: u64,
    pub urges: u64,
    pub checks: u64,
    pub worksheet_rows: u64,
}

impl Counts {
    pub fn total(&self) -> u64 {
        self.checkins
            + self.clocks
            + self.resets
            + self.entries
            + self.contacts
            + self.contact_logs
            + self.amends
            + self.amend_logs
            + self.plan_items
            + self.urges
            + self.checks
            + self.worksheet_rows
    }

    /// "3 journal entries, 1 clock" (kinds with none are left out).
    pub fn describe(&self) -> String {
        let parts: Vec<String> = [
            (self.entries, "journal entry", "journal entries"),
            (self.clocks, "clock", "clocks"),
            (self.resets, "clock reset", "clock resets"),
            (self.contacts, "contact", "contacts"),
            (self.contact_logs, "contact log note", "contact log notes"),
            (self.amends, "amend", "amends"),
            (self.amend_logs, "amend log note", "amend log notes"),
            (self.checkins, "check-in", "check-ins"),
            (self.plan_items, "plan line", "plan lines"),
            (self.urges, "urge", "urges"),
            (self.checks, "relationship check", "relationship checks"),
            (self.worksheet_rows, "worksheet row", "worksheet rows"),
        ]
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
        .collect();
        if parts.is_empty() {
            "nothing".to_string()
        } else {
            parts.join(", ")
        }
    }
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportReport {
    pub source: Source,
    pub added: Counts,
    /// Records already in the database, left as they were.
    pub skipped: Counts,
    pub dry_run: bool,
}

/// Writes a checked import plan in one transaction: all of it, or nothing.
/// Records already present are skipped (journal entries by day, creation
/// time and text; clocks by label; contacts by name and role; amends by
/// person and harm); logs of a record already present are merged. With
/// `dry_run`, the same work is done and rolled back.
pub fn import(
    store: &mut Store,
    plan: &ImportPlan,
    dry_run: bool,
    progress: Progress<'_>,
) -> Result<ImportReport> {
    if dry_run {
        let tx = store.conn().unchecked_transaction()?;
        let report = apply(&tx, plan, true, progress);
        tx.rollback()?;
        report
    } else {
        store.write(|tx| apply(tx, plan, false, progress))
    }
}

/// FTS5's in-memory hash while bulk-indexing an import, and its default.
const BULK_FTS_HASH: i64 = 128 * 1024 * 1024;
const DEFAULT_FTS_HASH: i64 = 1024 * 1024;

fn max_id(conn: &Connection, table: &str) -> Result<i64> {
    Ok(conn.query_row(
        &format!("SELECT coalesce(max(id), 0) FROM {table}"),
        [],
        |r| r.get(0),
    )?)
}

/// What the database knows of an imported record's sync id: `None` when
/// the record has no id or the id is new here; `Some(Some(rid))` when it
/// names a live row of `tbl`; `Some(None)` when it names a deleted record
/// (or one of another kind), which an import leaves alone.
pub(crate) fn known_id(
    conn: &Connection,
    tbl: &str,
    id: Option<&str>,
) -> Result<Option<Option<i64>>> {
    let Some(id) = id else {
        return Ok(None);
    };
    let mut find = conn.prepare_cached(
        "SELECT CASE WHEN tbl = ?2 AND deleted = 0 THEN rid END FROM sync_meta
         WHERE uuid = coalesce((SELECT target FROM sync_alias WHERE uuid = ?1), ?1)",
    )?;
    Ok(find
        .query_row(params![id, tbl], |r| r.get::<_, Option<i64>>(0))
        .optional()?)
}

/// Gives a row just imported the sync id its record carried (the insert
/// trigger gave it a fresh one), so that its identity survives the trip.
pub(crate) fn keep_id(conn: &Connection, tbl: &str, rid: i64, id: Option<&str>) -> Result<()> {
    if let Some(id) = id {
        conn.prepare_cached("UPDATE sync_meta SET uuid = ?1 WHERE tbl = ?2 AND rid = ?3")?
            .execute(params![id, tbl, rid])?;
    }
    Ok(())
}

fn apply(
    conn: &Connection,
    plan: &ImportPlan,
    dry_run: bool,
    mut progress: Progress<'_>,
) -> Result<ImportReport> {
    let now = now_stamp();
    let mut added = Counts::default();
    let mut skipped = Counts::default();
    let total = (plan.clocks.len()
        + plan.journal.len()
        + plan.contacts.len()
        + plan.amends.len()
        + plan.worksheets.len()) as u64;
    let mut done = 0u64;
    tell(&mut progress, 0, total);
    let mut step = |progress: &mut Progress<'_>| {
        done += 1;
        if done.is_multiple_of(PROGRESS_EVERY) {
            tell(progress, done, total);
        }
    };

    // Clocks, by label.
    {
        let mut find = conn.prepare("SELECT id FROM clock WHERE label = ?1")?;
        let mut insert = conn.prepare(
            "INSERT INTO clock (label, since, cost_per_day_cents, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)",
        )?;
        let mut has_reset = conn
            .prepare("SELECT 1 FROM clock_reset WHERE clock_id = ?1 AND day = ?2 AND note IS ?3")?;
        let mut insert_reset = conn.prepare(
            "INSERT INTO clock_reset (clock_id, day, note, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)",
        )?;
        for c in &plan.clocks {
            let known = known_id(conn, "clock", c.id.as_deref())?;
            if known == Some(None) {
                skipped.clocks += 1;
                skipped.resets += c.resets.len() as u64;
                step(&mut progress);
                continue;
            }
            let existing: Option<i64> = match known {
                Some(rid) => rid,
                None => find.query_row([&c.label], |r| r.get(0)).optional()?,
            };
            let id = match existing {
                Some(id) => {
                    skipped.clocks += 1;
                    id
                }
                None => {
                    insert.execute(params![c.label, c.since, c.cost_per_day_cents, now])?;
                    added.clocks += 1;
                    let rid = conn.last_insert_rowid();
                    keep_id(conn, "clock", rid, c.id.as_deref())?;
                    rid
                }
            };
            for r in &c.resets {
                if known_id(conn, "clock_reset", r.id.as_deref())?.is_some()
                    || (existing.is_some() && has_reset.exists(params![id, r.day, r.note])?)
                {
                    skipped.resets += 1;
                } else {
                    insert_reset.execute(params![id, r.day, r.note, now])?;
                    keep_id(
                        conn,
                        "clock_reset",
                        conn.last_insert_rowid(),
                        r.id.as_deref(),
                    )?;
                    added.resets += 1;
                }
            }
            step(&mut progress);
        }
    }

    // Journal entries, by (day, creation instant, body) among those present
    // before. A jrnl file holds local times without a zone, so its entries
    // also match on the local time of day: re-importing it under another TZ
    // adds nothing.
    {
        let before = max_id(conn, "journal_entry")?;
        let mut candidates = conn.prepare(
            "SELECT created_at FROM journal_entry
             WHERE day = ?1 AND body = ?2 AND id <= ?3",
        )?;
        let wall_clock = matches!(plan.source, crate::records::Source::Jrnl);
        let mut exists = |e: &crate::records::EntryRecord| -> Result<bool> {
            let mine = DateTime::parse_from_rfc3339(&e.created_at).ok();
            let mut rows = candidates.query(params![e.day, e.body, before])?;
            while let Some(r) = rows.next()? {
                let theirs: String = r.get(0)?;
                if theirs == e.created_at {
                    return Ok(true);
                }
                if let (Some(a), Ok(b)) = (mine, DateTime::parse_from_rfc3339(&theirs))
                    && (a == b || (wall_clock && a.naive_local() == b.naive_local()))
                {
                    return Ok(true);
                }
            }
            Ok(false)
        };
        let mut insert = conn.prepare(
            "INSERT INTO journal_entry (day, body, mood, craving, prompt, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        let mut find_tag = conn.prepare("SELECT id FROM tag WHERE name = ?1")?;
        let mut insert_tag =
            conn.prepare("INSERT INTO tag (name, created_at, updated_at) VALUES (?1, ?2, ?2)")?;
        let mut link = conn.prepare(
            "INSERT OR IGNORE INTO journal_tag (entry_id, tag_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?3)",
        )?;
        let mut tag_ids: HashMap<String, i64> = HashMap::new();
        // Index the new entries for search in one pass at the end instead of
        // row by row through the trigger (same result, faster in bulk). The
        // trigger comes back before the transaction commits.
        conn.execute_batch("DROP TRIGGER journal_entry_ai;")?;
        // The search words too are taken from the index in one pass, at the
        // end of the write (see `terms.rs`).
        super::terms::pause(conn)?;
        for e in &plan.journal {
            if known_id(conn, "journal_entry", e.id.as_deref())?.is_some()
                || (before > 0 && exists(e)?)
            {
                skipped.entries += 1;
            } else {
                insert.execute(params![
                    e.day,
                    e.body,
                    e.mood,
                    e.craving,
                    e.prompt,
                    e.created_at,
                    e.updated_at
                ])?;
                let entry = conn.last_insert_rowid();
                keep_id(conn, "journal_entry", entry, e.id.as_deref())?;
                added.entries += 1;
                for t in &e.tags {
                    let key = t.to_ascii_lowercase();
                    let tag = match tag_ids.get(&key) {
                        Some(id) => *id,
                        None => {
                            let id = match find_tag.query_row([t], |r| r.get(0)).optional()? {
                                Some(id) => id,
                                None => {
                                    insert_tag.execute(params![t, now])?;
                                    conn.last_insert_rowid()
                                }
                            };
                            tag_ids.insert(key, id);
                            id
                        }
                    };
                    link.execute(params![entry, tag, now])?;
                }
            }
            step(&mut progress);
        }
        // A larger in-memory hash for the bulk pass writes fewer, larger
        // segments and so merges far less; the default comes back after.
        conn.execute_batch(&format!(
            "INSERT INTO journal_fts (journal_fts, rank) VALUES ('hashsize', {BULK_FTS_HASH});"
        ))?;
        conn.execute(
            "INSERT INTO journal_fts (rowid, body, prompt)
             SELECT id, body, prompt FROM journal_entry WHERE id > ?1",
            [before],
        )?;
        conn.execute_batch(&format!(
            "INSERT INTO journal_fts (journal_fts, rank) VALUES ('hashsize', {DEFAULT_FTS_HASH});"
        ))?;
        conn.execute_batch(super::migrations::JOURNAL_INSERT_TRIGGER)?;
    }

    // Contacts, by (name, role) among those present before.
    {
        let before = max_id(conn, "contact")?;
        let mut find = conn.prepare(
            "SELECT id FROM contact WHERE name = ?1 AND role = ?2 AND id <= ?3 ORDER BY id LIMIT 1",
        )?;
        let mut insert = conn.prepare(
            "INSERT INTO contact (name, role, phone, email, notes, emergency, cadence_days, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        )?;
        let mut has_log = conn.prepare(
            "SELECT 1 FROM contact_log WHERE contact_id = ?1 AND day = ?2 AND note IS ?3",
        )?;
        let mut insert_log = conn.prepare(
            "INSERT INTO contact_log (contact_id, day, note, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)",
        )?;
        let mut has_check = conn.prepare(
            "SELECT 1 FROM relationship_check WHERE contact_id = ?1 AND day = ?2
               AND respect = ?3 AND safety = ?4 AND affection = ?5 AND boundaries = ?6
               AND honesty = ?7 AND signs = ?8 AND note IS ?9",
        )?;
        let mut insert_check = conn.prepare(
            "INSERT INTO relationship_check (contact_id, day, respect, safety, affection,
                    boundaries, honesty, signs, note, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        )?;
        for c in &plan.contacts {
            let known = known_id(conn, "contact", c.id.as_deref())?;
            if known == Some(None) {
                skipped.contacts += 1;
                skipped.contact_logs += c.log.len() as u64;
                skipped.checks += c.checks.len() as u64;
                step(&mut progress);
                continue;
            }
            let existing: Option<i64> = match known {
                Some(rid) => rid,
                None => find
                    .query_row(params![c.name, c.role, before], |r| r.get(0))
                    .optional()?,
            };
            let id = match existing {
                Some(id) => {
                    skipped.contacts += 1;
                    id
                }
                None => {
                    insert.execute(params![
                        c.name,
                        c.role,
                        c.phone,
                        c.email,
                        c.notes,
                        c.emergency as i64,
                        c.cadence_days,
                        now
                    ])?;
                    added.contacts += 1;
                    let rid = conn.last_insert_rowid();
                    keep_id(conn, "contact", rid, c.id.as_deref())?;
                    rid
                }
            };
            for l in &c.log {
                if known_id(conn, "contact_log", l.id.as_deref())?.is_some()
                    || (existing.is_some() && has_log.exists(params![id, l.day, l.note])?)
                {
                    skipped.contact_logs += 1;
                } else {
                    insert_log.execute(params![id, l.day, l.note, now])?;
                    keep_id(
                        conn,
                        "contact_log",
                        conn.last_insert_rowid(),
                        l.id.as_deref(),
                    )?;
                    added.contact_logs += 1;
                }
            }
            for k in &c.checks {
                let signs = k.signs.join(",");
                let values = params![
                    id,
                    k.day,
                    k.respect,
                    k.safety,
                    k.affection,
                    k.boundaries,
                    k.honesty,
                    signs,
                    k.note
                ];
                if known_id(conn, "relationship_check", k.id.as_deref())?.is_some()
                    || (existing.is_some() && has_check.exists(values)?)
                {
                    skipped.checks += 1;
                } else {
                    insert_check.execute(params![
                        id,
                        k.day,
                        k.respect,
                        k.safety,
                        k.affection,
                        k.boundaries,
                        k.honesty,
                        signs,
                        k.note,
                        now
                    ])?;
                    let rid = conn.last_insert_rowid();
                    keep_id(conn, "relationship_check", rid, k.id.as_deref())?;
                    added.checks += 1;
                }
            }
            step(&mut progress);
        }
    }

    // Amends, by (person, harm) among those present before.
    {
        let before = max_id(conn, "amend")?;
        let mut find = conn.prepare(
            "SELECT id FROM amend WHERE person = ?1 AND harm = ?2 AND id <= ?3 ORDER BY id LIMIT 1",
        )?;
        let mut find_contact =
            conn.prepare("SELECT id FROM contact WHERE name = ?1 ORDER BY id LIMIT 1")?;
        let mut insert = conn.prepare(
            "INSERT INTO amend (person, contact_id, harm, kind, plan, status, made_on, notes, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        )?;
        let mut has_log = conn.prepare(
            "SELECT 1 FROM amend_log WHERE amend_id = ?1 AND day = ?2 AND note = ?3 AND trust IS ?4",
        )?;
        let mut insert_log = conn.prepare(
            "INSERT INTO amend_log (amend_id, day, note, trust, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        )?;
        for (i, a) in plan.amends.iter().enumerate() {
            let known = known_id(conn, "amend", a.id.as_deref())?;
            if known == Some(None) {
                skipped.amends += 1;
                skipped.amend_logs += a.log.len() as u64;
                step(&mut progress);
                continue;
            }
            let existing: Option<i64> = match known {
                Some(rid) => rid,
                None => find
                    .query_row(params![a.person, a.harm, before], |r| r.get(0))
                    .optional()?,
            };
            let id = match existing {
                Some(id) => {
                    skipped.amends += 1;
                    id
                }
                None => {
                    let contact: Option<i64> = match &a.contact {
                        None => None,
                        Some(name) => Some(
                            find_contact
                                .query_row([name], |r| r.get(0))
                                .optional()?
                                .ok_or_else(|| {
                                    Error::Invalid(format!(
                                        "amend {}, field \"contact\": no contact of that name in the file or the database",
                                        i + 1
                                    ))
                                })?,
                        ),
                    };
                    insert.execute(params![
                        a.person, contact, a.harm, a.kind, a.plan, a.status, a.made_on, a.notes,
                        now
                    ])?;
                    added.amends += 1;
                    let rid = conn.last_insert_rowid();
                    keep_id(conn, "amend", rid, a.id.as_deref())?;
                    rid
                }
            };
            for l in &a.log {
                if known_id(conn, "amend_log", l.id.as_deref())?.is_some()
                    || (existing.is_some()
                        && has_log.exists(params![id, l.day, l.note, l.trust])?)
                {
                    skipped.amend_logs += 1;
                } else {
                    insert_log.execute(params![id, l.day, l.note, l.trust, now])?;
                    keep_id(conn, "amend_log", conn.last_insert_rowid(), l.id.as_deref())?;
                    added.amend_logs += 1;
                }
            }
            step(&mut progress);
        }
    }
    // Check-ins, one per kind and period: one already there is kept.
    let (new, old) = super::checkins::import_records(conn, &plan.checkins, &now)?;
    added.checkins += new;
    skipped.checkins += old;
    // The plan: each line not already in its section is added at its end.
    {
        let mut lines =
            conn.prepare("SELECT text FROM plan_item WHERE section = ?1 ORDER BY position, id")?;
        let mut insert = conn.prepare(
            "INSERT INTO plan_item (section, position, text, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)",
        )?;
        for s in crate::domain::plan::Section::ALL {
            let mut have: Vec<String> = lines
                .query_map([s.as_str()], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for line in plan.plan.section(s) {
                if have.contains(line) {
                    skipped.plan_items += 1;
                } else {
                    insert.execute(params![s.as_str(), have.len() as i64, line, now])?;
                    have.push(line.clone());
                    added.plan_items += 1;
                }
            }
        }
    }

    // Urges, by (at, intensity, trigger, did, outcome) among those present before.
    {
        let before = max_id(conn, "urge")?;
        let mut exists = conn.prepare(
            "SELECT 1 FROM urge WHERE at = ?1 AND intensity = ?2 AND trigger IS ?3
             AND did IS ?4 AND outcome IS ?5 AND id <= ?6",
        )?;
        let mut insert = conn.prepare(
            "INSERT INTO urge (at, intensity, halt, trigger, did, outcome, note, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        )?;
        for u in &plan.urges {
            if known_id(conn, "urge", u.id.as_deref())?.is_some()
                || before > 0
                    && exists.exists(params![
                        u.at,
                        u.intensity,
                        u.trigger,
                        u.did,
                        u.outcome,
                        before
                    ])?
            {
                skipped.urges += 1;
            } else {
                insert.execute(params![
                    u.at,
                    u.intensity,
                    u.halt.join(","),
                    u.trigger,
                    u.did,
                    u.outcome,
                    u.note,
                    now
                ])?;
                keep_id(conn, "urge", conn.last_insert_rowid(), u.id.as_deref())?;
                added.urges += 1;
            }
        }
    }
    // Worksheet rows, by (kind, fields) among those present before; a row's
    // amend is found by (person, harm), as amends are above.
    {
        let before = max_id(conn, "worksheet_row")?;
        let mut exists = conn
            .prepare("SELECT 1 FROM worksheet_row WHERE kind = ?1 AND fields = ?2 AND id <= ?3")?;
        let mut find_amend = conn.prepare(
            "SELECT a.id FROM amend a
             WHERE a.person = ?1 AND a.harm = ?2
               AND NOT EXISTS (SELECT 1 FROM worksheet_row w WHERE w.amend_id = a.id)
             ORDER BY a.id LIMIT 1",
        )?;
        let mut insert = conn.prepare(
            "INSERT INTO worksheet_row (kind, fields, amend_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)",
        )?;
        for (i, r) in plan.worksheets.iter().enumerate() {
            let fields = serde_json::to_string(&r.fields).map_err(|e| {
                Error::Invalid(format!("worksheet row {}: cannot store it: {e}", i + 1))
            })?;
            if known_id(conn, "worksheet_row", r.id.as_deref())?.is_some()
                || (before > 0 && exists.exists(params![r.kind, fields, before])?)
            {
                skipped.worksheet_rows += 1;
            } else {
                let amend: Option<i64> = match &r.amend {
                    None => None,
                    Some(a) => find_amend
                        .query_row(params![a.person, a.harm], |r| r.get(0))
                        .optional()?,
                };
                insert.execute(params![r.kind, fields, amend, now])?;
                keep_id(
                    conn,
                    "worksheet_row",
                    conn.last_insert_rowid(),
                    r.id.as_deref(),
                )?;
                added.worksheet_rows += 1;
            }
            step(&mut progress);
        }
    }
    tell(&mut progress, total, total);
    Ok(ImportReport {
        source: plan.source,
        added,
        skipped,
        dry_run,
    })
}

// ---------------------------------------------------------------------------
// Backup
// ---------------------------------------------------------------------------

/// The setting key holding the day of the last automatic backup.
pub const AUTO_BACKUP_KEY: &str = "last_auto_backup";
/// Daily copies kept.
pub const KEEP_DAILY: usize = 7;
/// Weekly copies kept beyond the dailies.
pub const KEEP_WEEKLY: usize = 4;

fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

/// Writes a consistent copy of the database to `dest` (`VACUUM INTO` a temp
/// file in the same folder, checked with a table-by-table `quick_check`,
/// synced, mode 0600, renamed into place). Other connections may keep
/// writing meanwhile. Refuses to overwrite the live database.
pub fn backup_to(store: &Store, dest: &Path) -> Result<PathBuf> {
    copy_to(store, dest, true)
}

/// The start of a backup temp file's name; see [`remove_stale_temp_files`].
const TEMP_PREFIX: &str = ".mend-backup-";
const TEMP_SUFFIX: &str = ".tmp";

/// Takes an exclusive `flock` on `file` without waiting: true when taken.
fn try_flock(file: &fs::File) -> bool {
    use std::os::fd::AsRawFd;
    // SAFETY: flock on a descriptor we own; no memory is shared.
    unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
}

/// Removes the backup temp files in `dir` that no running mend is writing
/// (a backup holds an exclusive lock on its temp file while it works, and
/// the kernel lets go of it when the process ends, however it ends): what
/// a backup stopped by a quit, a kill or a power cut left behind. Returns
/// how many were removed.
pub fn remove_stale_temp_files(dir: &Path) -> usize {
    let Ok(list) = fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for item in list.flatten() {
        let name = item.file_name();
        let Some(name) = name.to_str() else { continue };
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        let path = item.path();
        let Ok(file) = fs::OpenOptions::new().read(true).open(&path) else {
            continue;
        };
        if try_flock(&file) && fs::remove_file(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

fn copy_to(store: &Store, dest: &Path, check_copy: bool) -> Result<PathBuf> {
    if let Some(live) = store.path() {
        let mut side = live.as_os_str().to_owned();
        side.push("-wal");
        let wal = PathBuf::from(&side);
        let mut side = live.as_os_str().to_owned();
        side.push("-shm");
        let shm = PathBuf::from(&side);
        if [live, wal.as_path(), shm.as_path()]
            .iter()
            .any(|p| same_file(p, dest))
        {
            return Err(Error::Invalid(format!(
                "{} is the live database; choose another file for the backup",
                dest.display()
            )));
        }
    }
    if dest.is_dir() {
        return Err(Error::Invalid(format!(
            "{} is a folder; give a file name for the backup",
            dest.display()
        )));
    }
    let dir = crate::fsutil::parent_dir(dest);
    let io_err = |what: &str, e: &dyn std::fmt::Display| {
        Error::Invalid(format!("cannot {what} {}: {e}", dest.display()))
    };
    let tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(&dir)
        .map_err(|e| io_err("write", &e))?;
    // Held until the copy is renamed into place (or dropped), so a start
    // meanwhile does not take this temp file for a left-over one.
    try_flock(tmp.as_file());
    let tmp_path = tmp
        .path()
        .to_str()
        .ok_or_else(|| Error::Invalid("the backup path must be UTF-8 text".to_string()))?
        .to_string();
    store.conn().execute("VACUUM INTO ?1", [&tmp_path])?;
    {
        let copy = Connection::open(&tmp_path)?;
        super::crypt::quiet(&copy);
        if let Some(key) = store.key() {
            // SQLCipher's VACUUM INTO writes the copy with the same key.
            super::crypt::apply_key(&copy, key)?;
        }
        let _mode: String = copy.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        if check_copy && let Some(check) = super::quick_check_conn(&copy)? {
            return Err(Error::Invalid(format!(
                "the backup copy failed its integrity check ({check}); {} was not written",
                dest.display()
            )));
        }
        copy.close().map_err(|(_, e)| Error::from(e))?;
    }
    let file = tmp.as_file();
    file.set_permissions(fs::Permissions::from_mode(0o600))
        .map_err(|e| io_err("write", &e))?;
    file.sync_all().map_err(|e| io_err("write", &e))?;
    tmp.persist(dest).map_err(|e| io_err("write", &e.error))?;
    crate::fsutil::sync_dir(&dir);
    Ok(dest.to_path_buf())
}

/// The folder of dated backups, beside the database.
pub fn backup_dir(store: &Store) -> Option<PathBuf> {
    let path = store.path()?;
    Some(crate::fsutil::parent_dir(path).join("backups"))
}

/// The file name of the dated backup of `day`.
pub fn dated_name(day: NaiveDate) -> String {
    format!("mend-{}.db", dates::format_day(day))
}

/// The day of a dated backup's file name, if it is one.
pub fn day_of_name(name: &str) -> Option<NaiveDate> {
    let day = name.strip_prefix("mend-")?.strip_suffix(".db")?;
    dates::parse_iso_day(day).ok()
}

/// Which dated backups to delete: keep the newest [`KEEP_DAILY`], then the
/// newest backup of each of the [`KEEP_WEEKLY`] most recent ISO weeks older
/// than those (weeks that already have a daily copy kept are covered).
pub fn prune_plan(days: &[NaiveDate]) -> Vec<NaiveDate> {
    let mut sorted: Vec<NaiveDate> = days
        .iter()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    sorted.reverse();
    let mut weeks: BTreeSet<(i32, u32)> = BTreeSet::new();
    let mut weekly = 0;
    let mut delete = Vec::new();
    for (i, d) in sorted.iter().enumerate() {
        let week = (d.iso_week().year(), d.iso_week().week());
        if i < KEEP_DAILY {
            weeks.insert(week);
        } else if weekly < KEEP_WEEKLY && !weeks.contains(&week) {
            weeks.insert(week);
            weekly += 1;
        } else {
            delete.push(*d);
        }
    }
    delete.sort();
    delete
}

/// What a dated backup did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedBackup {
    pub path: PathBuf,
    pub pruned: Vec<PathBuf>,
}

/// Writes today's dated copy in the backups folder (mode 0700) beside the
/// database, replacing one made earlier today, and prunes old copies.
pub fn dated_backup(store: &Store, today: NaiveDate) -> Result<DatedBackup> {
    dated_copy(store, today, true)
}

fn dated_copy(store: &Store, today: NaiveDate, check_copy: bool) -> Result<DatedBackup> {
    let dir = backup_dir(store)
        .ok_or_else(|| Error::Invalid("an in-memory database has no backups folder".to_string()))?;
    if !dir.is_dir() {
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&dir)
            .map_err(|source| Error::CreateDir {
                path: dir.clone(),
                source,
            })?;
    }
    let path = copy_to(store, &dir.join(dated_name(today)), check_copy)?;
    let mut days = Vec::new();
    if let Ok(list) = fs::read_dir(&dir) {
        for item in list.flatten() {
            if let Some(day) = item.file_name().to_str().and_then(day_of_name)
                && item.path().is_file()
            {
                days.push(day);
            }
        }
    }
    let mut pruned = Vec::new();
    for day in prune_plan(&days) {
        let p = dir.join(dated_name(day));
        if fs::remove_file(&p).is_ok() {
            pruned.push(p);
        }
    }
    Ok(DatedBackup { path, pruned })
}

/// The setting key holding [`Store::change_count`] as it was when the last
/// automatic backup started.
pub const AUTO_BACKUP_CHANGES_KEY: &str = "last_auto_backup_changes";

/// Whether the backups folder holds a dated backup.
fn has_dated_backup(store: &Store) -> bool {
    let Some(dir) = backup_dir(store) else {
        return false;
    };
    fs::read_dir(dir).is_ok_and(|list| {
        list.flatten().any(|item| {
            item.file_name().to_str().and_then(day_of_name).is_some() && item.path().is_file()
        })
    })
}

/// Makes one dated backup a day: returns its path when one was made, `None`
/// when today's is already done, the database is in memory, or nothing has
/// changed since the last automatic backup (see [`Store::change_count`]):
/// a day without writes writes no copy. The caller has checked the live file
/// today, so the copy is not checked again.
pub fn auto_backup_if_due(store: &mut Store, today: NaiveDate) -> Result<Option<PathBuf>> {
    if store.path().is_none() {
        return Ok(None);
    }
    let day = dates::format_day(today);
    if store.setting(AUTO_BACKUP_KEY)?.as_deref() == Some(day.as_str()) {
        return Ok(None);
    }
    // Read before the copy starts: a change made during it is backed up
    // next time.
    let changes = store.change_count()?.to_string();
    if store.setting(AUTO_BACKUP_CHANGES_KEY)?.as_deref() == Some(changes.as_str())
        && has_dated_backup(store)
    {
        store.set_setting(AUTO_BACKUP_KEY, &day)?;
        return Ok(None);
    }
    let made = dated_copy(store, today, false)?;
    store.set_setting(AUTO_BACKUP_KEY, &day)?;
    store.set_setting(AUTO_BACKUP_CHANGES_KEY, &changes)?;
    Ok(Some(made.path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        dates::parse_iso_day(s).unwrap()
    }

    #[test]
    fn names_round_trip() {
        assert_eq!(
            day_of_name(&dated_name(d("2026-03-15"))),
            Some(d("2026-03-15"))
        );
        assert_eq!(day_of_name("mend-2026-02-30.db"), None);
        assert_eq!(day_of_name("notes.db"), None);
    }
}
