//! Store functions for the `clock` and `clock_reset` tables.
//!
//! Money is kept as integer cents. The "main" clock is the oldest one added
//! (lowest id); [`Store::clocks`] lists it first. Every refusal happens before
//! anything is written.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use super::{Error, Result, Store, now_stamp};
use crate::domain::clock::{self, Clock, ClockError, Reset};
use crate::domain::dates::{format_day, parse_iso_day};

impl From<ClockError> for Error {
    fn from(e: ClockError) -> Self {
        Error::Invalid(e.to_string())
    }
}

fn stored_day(text: &str) -> rusqlite::Result<NaiveDate> {
    parse_iso_day(text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Reads clocks (all, or the one with `id`) with their resets.
fn read_clocks(conn: &Connection, id: Option<i64>) -> Result<Vec<Clock>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, label, since, cost_per_day_cents FROM clock
         WHERE ?1 IS NULL OR id = ?1 ORDER BY id",
    )?;
    let mut clocks = stmt
        .query_map([id], |r| {
            Ok(Clock {
                id: r.get(0)?,
                label: r.get(1)?,
                since: stored_day(&r.get::<_, String>(2)?)?,
                cost_per_day_cents: r.get(3)?,
                resets: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT clock_id, day, note FROM clock_reset
         WHERE ?1 IS NULL OR clock_id = ?1 ORDER BY clock_id, day, id",
    )?;
    let resets = stmt.query_map([id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            Reset {
                day: stored_day(&r.get::<_, String>(1)?)?,
                note: r.get(2)?,
            },
        ))
    })?;
    for row in resets {
        let (clock_id, reset) = row?;
        if let Some(c) = clocks.iter_mut().find(|c| c.id == clock_id) {
            c.resets.push(reset);
        }
    }
    Ok(clocks)
}

/// Checks a clock's label and cost per day; returns the label trimmed.
fn checked_fields(label: &str, cost_per_day_cents: Option<i64>) -> Result<String> {
    let label = clock::validate_label(label)?;
    if let Some(c) = cost_per_day_cents {
        clock::validate_cost(c)?;
    }
    Ok(label)
}

/// Refuses `label` when another clock (any but `except`) already has it.
fn check_label_free(conn: &Connection, label: &str, except: Option<i64>) -> Result<()> {
    let mut stmt = conn.prepare_cached("SELECT label FROM clock WHERE ?1 IS NULL OR id <> ?1")?;
    let labels = stmt
        .query_map([except], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    clock::check_unique(label, labels.iter().map(String::as_str))?;
    Ok(())
}

fn not_found(label: &str) -> Error {
    Error::NotFound(format!("no clock named \"{label}\""))
}

impl Store {
    /// Every clock with its resets, the main (oldest-added) clock first.
    pub fn clocks(&self) -> Result<Vec<Clock>> {
        read_clocks(self.conn(), None)
    }

    /// The clock with this id.
    pub fn clock(&self, id: i64) -> Result<Clock> {
        read_clocks(self.conn(), Some(id))?
            .pop()
            .ok_or_else(|| Error::NotFound(format!("no clock with id {id}")))
    }

    /// The clock with this label (case-insensitive).
    pub fn clock_by_label(&self, label: &str) -> Result<Clock> {
        let id: Option<i64> = self
            .conn()
            .query_row(
                "SELECT id FROM clock WHERE label = ?1 COLLATE NOCASE",
                [label.trim()],
                |r| r.get(0),
            )
            .optional()?;
        match id {
            Some(id) => self.clock(id),
            None => Err(not_found(label.trim())),
        }
    }

    /// Adds a clock whose first sober day is `since`.
    pub fn add_clock(
        &mut self,
        label: &str,
        since: NaiveDate,
        cost_per_day_cents: Option<i64>,
        today: NaiveDate,
    ) -> Result<Clock> {
        let label = checked_fields(label, cost_per_day_cents)?;
        clock::validate_since(since, today)?;
        let id = self.write(|tx| {
            check_label_free(tx, &label, None)?;
            let now = now_stamp();
            tx.execute(
                "INSERT INTO clock (label, since, cost_per_day_cents, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?4)",
                params![label, format_day(since), cost_per_day_cents, now],
            )?;
            Ok(tx.last_insert_rowid())
        })?;
        self.clock(id)
    }

    /// Records a new start on clock `id` after a slip on `slip_day`: the
    /// new streak's first sober day is the day after it. The row keeps the
    /// slip day. Returns the clock as it is now.
    pub fn reset_clock(
        &mut self,
        id: i64,
        slip_day: NaiveDate,
        note: Option<&str>,
        today: NaiveDate,
    ) -> Result<Clock> {
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        if let Some(n) = note {
            crate::domain::journal::check_no_nul(n).map_err(|e| Error::Invalid(e.to_string()))?;
        }
        self.write(|tx| {
            let clock = read_clocks(tx, Some(id))?
                .pop()
                .ok_or_else(|| Error::NotFound(format!("no clock with id {id}")))?;
            clock.validate_reset(slip_day, today)?;
            let now = now_stamp();
            tx.execute(
                "INSERT INTO clock_reset (clock_id, day, note, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?4)",
                params![id, format_day(slip_day), note, now],
            )?;
            tx.execute(
                "UPDATE clock SET updated_at = ?2 WHERE id = ?1",
                params![id, now],
            )?;
            Ok(())
        })?;
        self.clock(id)
    }

    /// Corrects clock `id`: its label, its first sober day and its cost per
    /// day (None = no cost). The resets stay as they were; the first sober
    /// day may not move onto or past the first slip.
    pub fn edit_clock(
        &mut self,
        id: i64,
        label: &str,
        since: NaiveDate,
        cost_per_day_cents: Option<i64>,
        today: NaiveDate,
    ) -> Result<Clock> {
        let label = checked_fields(label, cost_per_day_cents)?;
        self.write(|tx| {
            let current = read_clocks(tx, Some(id))?
                .pop()
                .ok_or_else(|| Error::NotFound(format!("no clock with id {id}")))?;
            current.validate_new_since(since, today)?;
            check_label_free(tx, &label, Some(id))?;
            tx.execute(
                "UPDATE clock SET label = ?2, since = ?3, cost_per_day_cents = ?4, updated_at = ?5
                 WHERE id = ?1",
                params![
                    id,
                    label,
                    format_day(since),
                    cost_per_day_cents,
                    now_stamp()
                ],
            )?;
            Ok(())
        })?;
        self.clock(id)
    }

    /// Removes clock `id` and its history.
    pub fn remove_clock(&mut self, id: i64) -> Result<()> {
        self.write(|tx| {
            let n = tx.execute("DELETE FROM clock WHERE id = ?1", [id])?;
            if n == 0 {
                return Err(Error::NotFound(format!("no clock with id {id}")));
            }
            Ok(())
        })
    }
}
