//! Store functions for relationship checks (`relationship_check`): a
//! contact's relationship on the five values, one dated check at a time.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row};

use super::{Error, Result, Store, now_stamp};
use crate::domain::dates::{format_day, parse_iso_day};
use crate::domain::relationship::{Check, CheckError, NewCheck, signs_from_text, signs_text};

impl From<CheckError> for Error {
    fn from(e: CheckError) -> Self {
        Error::Invalid(e.to_string())
    }
}

const SELECT: &str = "SELECT id, contact_id, day, respect, safety, affection, boundaries, honesty,
            signs, note
     FROM relationship_check";

fn bad_stored(what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("a stored check's {what} is damaged").into(),
    )
}

fn check_from(r: &Row<'_>) -> rusqlite::Result<Check> {
    let day: String = r.get(2)?;
    let mut values = [0u8; 5];
    for (i, v) in values.iter_mut().enumerate() {
        *v = u8::try_from(r.get::<_, i64>(3 + i)?).map_err(|_| bad_stored("value"))?;
    }
    let signs: String = r.get(8)?;
    Ok(Check {
        id: r.get(0)?,
        contact_id: r.get(1)?,
        day: parse_iso_day(&day).map_err(|_| bad_stored("day"))?,
        values,
        signs: signs_from_text(&signs).map_err(|_| bad_stored("signs"))?,
        note: r.get(9)?,
    })
}

impl Store {
    /// Records a check of the relationship with contact `contact_id`;
    /// returns its id.
    pub fn add_check(
        &mut self,
        contact_id: i64,
        check: &NewCheck,
        today: NaiveDate,
    ) -> Result<i64> {
        let c = check.checked(today)?;
        self.write(|tx| {
            let exists: Option<i64> = tx
                .query_row("SELECT id FROM contact WHERE id = ?1", [contact_id], |r| {
                    r.get(0)
                })
                .optional()?;
            if exists.is_none() {
                return Err(Error::NotFound(format!("no contact with id {contact_id}")));
            }
            tx.execute(
                "INSERT INTO relationship_check (contact_id, day, respect, safety, affection,
                        boundaries, honesty, signs, note, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
                rusqlite::params![
                    contact_id,
                    format_day(c.day),
                    c.values[0],
                    c.values[1],
                    c.values[2],
                    c.values[3],
                    c.values[4],
                    signs_text(&c.signs),
                    c.note,
                    now_stamp(),
                ],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// A contact's checks, oldest first (by day, then as logged).
    pub fn checks(&self, contact_id: i64) -> Result<Vec<Check>> {
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("{SELECT} WHERE contact_id = ?1 ORDER BY day, id"))?;
        let rows = stmt
            .query_map([contact_id], check_from)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Every contact's checks, oldest first, by contact id. One query.
    pub fn all_checks(&self) -> Result<HashMap<i64, Vec<Check>>> {
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("{SELECT} ORDER BY contact_id, day, id"))?;
        let mut out: HashMap<i64, Vec<Check>> = HashMap::new();
        for c in stmt.query_map([], check_from)? {
            let c = c?;
            out.entry(c.contact_id).or_default().push(c);
        }
        Ok(out)
    }

    /// Removes one check.
    pub fn delete_check(&mut self, id: i64) -> Result<()> {
        self.write_erasing(|tx| {
            if tx.execute("DELETE FROM relationship_check WHERE id = ?1", [id])? == 0 {
                return Err(Error::NotFound(format!("no check with id {id}")));
            }
            Ok(())
        })
    }
}
