//! Store functions for the `checkin` table (DESIGN.md §8.2).
//!
//! One row per kind per period (the day, or the ISO week for the weekly
//! check-in): saving one again in the same period edits it. Gratitudes are
//! kept as a JSON array, weekly answers as a JSON object.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};

use super::{Error, Result, Store, now_stamp};
use crate::domain::checkin::{
    Checkin, CheckinError, Kind, NewCheckin, Open, WeekPoint, on_this_day_dates, parse_answer,
    risk_note, risk_rising, trend,
};
use crate::domain::contacts::{Contact, Role, due_contacts};
use crate::domain::dates::{format_day, parse_iso_day};
use crate::records::CheckinRecord;

impl From<CheckinError> for Error {
    fn from(e: CheckinError) -> Self {
        Error::Invalid(e.to_string())
    }
}

const COLS: &str = "id, day, kind, intention, difficulty, gratitude, note, answers";

fn conversion(i: usize, e: impl std::error::Error + Send + Sync + 'static) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
}

fn checkin_from_row(r: &Row<'_>) -> rusqlite::Result<Checkin> {
    let day: String = r.get(1)?;
    let kind: String = r.get(2)?;
    let gratitude: String = r.get(5)?;
    let answers: String = r.get(7)?;
    Ok(Checkin {
        id: r.get(0)?,
        day: parse_iso_day(&day).map_err(|e| conversion(1, e))?,
        kind: kind.parse().map_err(|e| conversion(2, e))?,
        intention: r.get(3)?,
        difficulty: r.get(4)?,
        gratitude: serde_json::from_str(&gratitude).map_err(|e| conversion(5, e))?,
        note: r.get(6)?,
        answers: serde_json::from_str(&answers).map_err(|e| conversion(7, e))?,
    })
}

fn json_text<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("plain lists and maps serialize")
}

/// Inserts or replaces the check-in of `kind` in the period of `day`;
/// returns its id and whether one was there already.
fn upsert(
    conn: &Connection,
    kind: Kind,
    day: NaiveDate,
    c: &NewCheckin,
    created_at: &str,
    updated_at: &str,
) -> Result<(i64, bool)> {
    let period = kind.period(day);
    let existing: Option<i64> = conn
        .prepare_cached("SELECT id FROM checkin WHERE kind = ?1 AND period = ?2")?
        .query_row(params![kind.as_str(), period], |r| r.get(0))
        .optional()?;
    let id: i64 = conn
        .prepare_cached(
            "INSERT INTO checkin (day, kind, period, intention, difficulty, gratitude, note,
                                  answers, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT (kind, period) DO UPDATE SET
                day = excluded.day, intention = excluded.intention,
                difficulty = excluded.difficulty, gratitude = excluded.gratitude,
                note = excluded.note, answers = excluded.answers,
                updated_at = excluded.updated_at
             RETURNING id",
        )?
        .query_row(
            params![
                format_day(day),
                kind.as_str(),
                period,
                c.intention,
                c.difficulty,
                json_text(&c.gratitude),
                c.note,
                json_text(&c.answers),
                created_at,
                updated_at,
            ],
            |r| r.get(0),
        )?;
    Ok((id, existing.is_some()))
}

impl Store {
    /// Saves the check-in of `kind` for `day` (one transaction). Doing it
    /// again in the same day (the same ISO week for the weekly one) edits
    /// it. Returns the id and whether it edited an earlier one.
    pub fn save_checkin(
        &mut self,
        kind: Kind,
        day: NaiveDate,
        input: &NewCheckin,
        today: NaiveDate,
    ) -> Result<(i64, bool)> {
        let c = input.clone().validated(kind, day, today)?;
        self.write_erasing(|tx| {
            let now = now_stamp();
            upsert(tx, kind, day, &c, &now, &now)
        })
    }

    /// The check-in of `kind` in the period of `day`, if there is one.
    pub fn checkin_for(&self, kind: Kind, day: NaiveDate) -> Result<Option<Checkin>> {
        Ok(self
            .conn()
            .prepare_cached(&format!(
                "SELECT {COLS} FROM checkin WHERE kind = ?1 AND period = ?2"
            ))?
            .query_row(params![kind.as_str(), kind.period(day)], checkin_from_row)
            .optional()?)
    }

    /// Check-ins on or after `since`, of one kind or all, newest first.
    pub fn checkins(&self, since: Option<NaiveDate>, kind: Option<Kind>) -> Result<Vec<Checkin>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {COLS} FROM checkin WHERE (?1 IS NULL OR day >= ?1) AND (?2 IS NULL OR kind = ?2)
             ORDER BY day DESC, CASE kind WHEN 'weekly' THEN 0 WHEN 'evening' THEN 1 ELSE 2 END"
        ))?;
        let rows = stmt.query_map(
            params![since.map(format_day), kind.map(Kind::as_str)],
            checkin_from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Which check-ins are still open on `today`: two small indexed
    /// look-ups, whatever the size of the journal.
    pub fn open_checkins(&self, today: NaiveDate) -> Result<Open> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT kind, day FROM checkin
             WHERE (kind IN ('morning', 'evening') AND period = ?1)
                OR (kind = 'weekly' AND period = ?2)",
        )?;
        let done = stmt
            .query_map(
                params![Kind::Morning.period(today), Kind::Weekly.period(today)],
                |r| {
                    let kind: String = r.get(0)?;
                    let day: String = r.get(1)?;
                    Ok((
                        kind.parse::<Kind>().map_err(|e| conversion(0, e))?,
                        parse_iso_day(&day).map_err(|e| conversion(1, e))?,
                    ))
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Open::from_done(&done, today))
    }

    /// Risk and protection per ISO week with a weekly check-in, oldest
    /// first.
    pub fn week_points(&self) -> Result<Vec<WeekPoint>> {
        Ok(trend(&self.checkins(None, Some(Kind::Weekly))?))
    }

    /// When risk rose two weeks running: the one gentle line for Today,
    /// with the plan's first coping step and the first emergency contact.
    pub fn risk_note(&self, today: NaiveDate) -> Result<Option<String>> {
        let points = self.week_points()?;
        if !risk_rising(&points, today) {
            return Ok(None);
        }
        let contacts = self.emergency_contacts()?;
        let first = contacts.first().map(|c| {
            (
                c.name.as_str(),
                c.phone.as_deref().filter(|p| !p.trim().is_empty()),
            )
        });
        let plan = self.plan()?;
        Ok(Some(risk_note(
            plan.coping.first().map(String::as_str),
            first,
        )))
    }

    /// The main clock (the oldest added), if there is one.
    pub fn main_clock(&self) -> Result<Option<crate::domain::clock::Clock>> {
        let id: Option<i64> = self
            .conn()
            .query_row("SELECT min(id) FROM clock", [], |r| r.get(0))?;
        id.map(|id| self.clock(id)).transpose()
    }

    /// Who is due for a reach-out on `today`, most overdue first, read
    /// lightly for `mend status` and `mend remind`: only contacts with a
    /// cadence, their last reach-out by one index seek each, no logs.
    pub fn due_contacts_brief(&self, today: NaiveDate) -> Result<Vec<Contact>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.id, c.name, c.cadence_days,
                    (SELECT MAX(l.day) FROM contact_log l WHERE l.contact_id = c.id)
             FROM contact c WHERE c.cadence_days IS NOT NULL",
        )?;
        let rows = stmt.query_map([], |r| {
            let last: Option<String> = r.get(3)?;
            let cadence: Option<i64> = r.get(2)?;
            Ok(Contact {
                id: r.get(0)?,
                name: r.get(1)?,
                role: Role::Other,
                phone: None,
                email: None,
                notes: None,
                emergency: false,
                cadence_days: cadence.and_then(|c| u32::try_from(c).ok()),
                last_contact: last
                    .as_deref()
                    .map(|d| parse_iso_day(d).map_err(|e| conversion(3, e)))
                    .transpose()?,
                log: Vec::new(),
            })
        })?;
        let all = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(due_contacts(all, today))
    }

    /// Removes check-in `id`.
    pub fn delete_checkin(&mut self, id: i64) -> Result<()> {
        self.write_erasing(|tx| {
            if tx.execute("DELETE FROM checkin WHERE id = ?1", [id])? == 0 {
                return Err(Error::NotFound(format!("no check-in with id {id}")));
            }
            Ok(())
        })
    }

    /// The days "on this day" finds entries on, for `today`: this date in
    /// earlier years and one month ago. Each is one index seek, so a large
    /// journal costs no more than a small one.
    pub fn on_this_day_days(&self, today: NaiveDate) -> Result<Vec<NaiveDate>> {
        let first: Option<String> =
            self.conn()
                .query_row("SELECT min(day) FROM journal_entry", [], |r| r.get(0))?;
        let Some(first) = first.as_deref().and_then(|d| parse_iso_day(d).ok()) else {
            return Ok(Vec::new());
        };
        let days = on_this_day_dates(today, first);
        if days.is_empty() {
            return Ok(days);
        }
        let marks = vec!["?"; days.len()].join(", ");
        let mut stmt = self.conn().prepare(&format!(
            "SELECT DISTINCT day FROM journal_entry WHERE day IN ({marks}) ORDER BY day DESC"
        ))?;
        let found = stmt
            .query_map(
                params_from_iter(days.iter().map(|d| Value::Text(format_day(*d)))),
                |r| r.get::<_, String>(0),
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(found.iter().filter_map(|d| parse_iso_day(d).ok()).collect())
    }
}

// ---------------------------------------------------------------------------
// Export and import (called by `portable`)
// ---------------------------------------------------------------------------

/// Every check-in as exported, oldest first.
pub(crate) fn load_records(conn: &Connection) -> Result<Vec<CheckinRecord>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLS} FROM checkin
         ORDER BY day, CASE kind WHEN 'morning' THEN 0 WHEN 'evening' THEN 1 ELSE 2 END, id"
    ))?;
    let rows = stmt.query_map([], checkin_from_row)?;
    let mut uuid =
        conn.prepare_cached("SELECT uuid FROM sync_meta WHERE tbl = 'checkin' AND rid = ?1")?;
    let mut out = Vec::new();
    for c in rows {
        let c = c?;
        let mut record = CheckinRecord::from_checkin(&c);
        record.id = uuid.query_row([c.id], |r| r.get(0)).optional()?;
        out.push(record);
    }
    Ok(out)
}

/// Imports check-ins: one already in its period is kept as it is (and
/// counted as skipped). Returns (added, skipped). Records were checked by
/// the parser; they are checked again here before anything is written.
pub(crate) fn import_records(
    conn: &Connection,
    records: &[CheckinRecord],
    now: &str,
) -> Result<(u64, u64)> {
    let (mut added, mut skipped) = (0, 0);
    for (i, r) in records.iter().enumerate() {
        let place = |e: &dyn std::fmt::Display| Error::Invalid(format!("check-in {}: {e}", i + 1));
        let kind: Kind = r.kind.parse().map_err(|e| place(&e))?;
        let day = parse_iso_day(&r.day).map_err(|e| place(&e))?;
        let mut answers = BTreeMap::new();
        for (k, v) in &r.answers {
            let (k, v) = parse_answer(&format!("{k}={v}")).map_err(|e| place(&e))?;
            answers.insert(k, v);
        }
        let input = NewCheckin {
            intention: r.intention.clone(),
            difficulty: r
                .difficulty
                .map(crate::domain::checkin::check_difficulty)
                .transpose()
                .map_err(|e| place(&e))?,
            gratitude: r.gratitude.clone(),
            note: r.note.clone(),
            answers,
        };
        let c = input
            .validated(kind, day, NaiveDate::MAX)
            .map_err(|e| place(&e))?;
        let exists: bool = conn
            .prepare_cached("SELECT 1 FROM checkin WHERE kind = ?1 AND period = ?2")?
            .exists(params![kind.as_str(), kind.period(day)])?;
        if exists || super::portable::known_id(conn, "checkin", r.id.as_deref())?.is_some() {
            skipped += 1;
        } else {
            upsert(conn, kind, day, &c, now, now)?;
            let rid: i64 = conn
                .prepare_cached("SELECT id FROM checkin WHERE kind = ?1 AND period = ?2")?
                .query_row(params![kind.as_str(), kind.period(day)], |r| r.get(0))?;
            super::portable::keep_id(conn, "checkin", rid, r.id.as_deref())?;
            added += 1;
        }
    }
    Ok((added, skipped))
}
