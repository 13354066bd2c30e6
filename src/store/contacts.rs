//! Store functions for the contacts tables (`contact`, `contact_log`).
//!
//! Last contact is derived (`MAX(day)` of the log), never stored. Deleting a
//! contact removes its log (`ON DELETE CASCADE`) and keeps any amend that
//! links to it: the schema clears the link (`ON DELETE SET NULL`).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row};

use super::{Error, Result, Store, now_stamp};
use crate::domain::contacts::{
    Contact, ContactError, ContactInput, LogEntry, Role, check_log_day, due_contacts,
};
use crate::domain::dates::{format_day, parse_iso_day};

/// Columns read by [`contact_from_row`], in order.
const SELECT: &str = "SELECT c.id, c.name, c.role, c.phone, c.email, c.notes, c.emergency,
            c.cadence_days, (SELECT MAX(l.day) FROM contact_log l WHERE l.contact_id = c.id)
     FROM contact c";

/// Groups by role in [`Role::ALL`] order, then by name.
const ORDER: &str = "ORDER BY CASE c.role
        WHEN 'sponsor' THEN 0 WHEN 'mentor' THEN 1 WHEN 'counselor' THEN 2
        WHEN 'family' THEN 3 WHEN 'friend' THEN 4 WHEN 'peer' THEN 5
        WHEN 'helpline' THEN 6 ELSE 7 END,
        c.name COLLATE NOCASE, c.id";

impl From<ContactError> for Error {
    fn from(e: ContactError) -> Self {
        Error::Invalid(e.to_string())
    }
}

fn stored_day(s: &str) -> rusqlite::Result<NaiveDate> {
    parse_iso_day(s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn contact_from_row(r: &Row<'_>) -> rusqlite::Result<Contact> {
    let role: String = r.get(2)?;
    let role = role.parse::<Role>().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, Box::new(e))
    })?;
    let last: Option<String> = r.get(8)?;
    let cadence: Option<i64> = r.get(7)?;
    Ok(Contact {
        id: r.get(0)?,
        name: r.get(1)?,
        role,
        phone: r.get(3)?,
        email: r.get(4)?,
        notes: r.get(5)?,
        emergency: r.get::<_, i64>(6)? != 0,
        cadence_days: cadence.and_then(|c| u32::try_from(c).ok()),
        last_contact: last.as_deref().map(stored_day).transpose()?,
        log: Vec::new(),
    })
}

/// Text safe to put in a one-line message: no control characters.
fn shown(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

fn not_found(id: i64) -> Error {
    Error::NotFound(format!("no contact with id {id}"))
}

impl Store {
    /// Adds a contact and returns its id.
    pub fn add_contact(&mut self, input: &ContactInput) -> Result<i64> {
        let c = input.normalized()?;
        self.write(|tx| {
            let now = now_stamp();
            tx.execute(
                "INSERT INTO contact (name, role, phone, email, notes, emergency, cadence_days,
                                      created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                (
                    &c.name,
                    c.role.as_str(),
                    &c.phone,
                    &c.email,
                    &c.notes,
                    c.emergency,
                    c.cadence_days,
                    &now,
                ),
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// One contact with its whole log, newest first.
    pub fn contact(&self, id: i64) -> Result<Contact> {
        let mut c = self
            .conn()
            .query_row(&format!("{SELECT} WHERE c.id = ?1"), [id], contact_from_row)
            .optional()?
            .ok_or_else(|| not_found(id))?;
        c.log = self.contact_log(id)?;
        Ok(c)
    }

    fn contact_log(&self, id: i64) -> Result<Vec<LogEntry>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, day, note FROM contact_log WHERE contact_id = ?1
             ORDER BY day DESC, id DESC",
        )?;
        let rows = stmt.query_map([id], |r| {
            let day: String = r.get(1)?;
            Ok(LogEntry {
                id: r.get(0)?,
                day: stored_day(&day)?,
                note: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every contact, grouped by role (sponsor first) then by name, each with
    /// its log (newest first).
    pub fn contacts(&self) -> Result<Vec<Contact>> {
        let mut stmt = self.conn().prepare(&format!("{SELECT} {ORDER}"))?;
        let mut list = stmt
            .query_map([], contact_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut logs: HashMap<i64, Vec<LogEntry>> = HashMap::new();
        let mut stmt = self.conn().prepare(
            "SELECT contact_id, id, day, note FROM contact_log ORDER BY day DESC, id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            let day: String = r.get(2)?;
            Ok((
                r.get::<_, i64>(0)?,
                LogEntry {
                    id: r.get(1)?,
                    day: stored_day(&day)?,
                    note: r.get(3)?,
                },
            ))
        })?;
        for row in rows {
            let (cid, entry) = row?;
            logs.entry(cid).or_default().push(entry);
        }
        for c in &mut list {
            c.log = logs.remove(&c.id).unwrap_or_default();
        }
        Ok(list)
    }

    /// The contacts due for a reach-out on `today`, most overdue first
    /// (never-contacted first).
    pub fn due_contacts(&self, today: NaiveDate) -> Result<Vec<Contact>> {
        Ok(due_contacts(self.contacts()?, today))
    }

    /// Emergency contacts for the crisis screen: by role (sponsor, mentor,
    /// counselor, ...) then name. Their logs are not read.
    pub fn emergency_contacts(&self) -> Result<Vec<Contact>> {
        let mut stmt = self
            .conn()
            .prepare(&format!("{SELECT} WHERE c.emergency = 1 {ORDER}"))?;
        let list = stmt
            .query_map([], contact_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(list)
    }

    /// Replaces a contact's fields.
    pub fn update_contact(&mut self, id: i64, input: &ContactInput) -> Result<()> {
        let c = input.normalized()?;
        self.write_erasing(|tx| {
            let n = tx.execute(
                "UPDATE contact SET name = ?1, role = ?2, phone = ?3, email = ?4, notes = ?5,
                        emergency = ?6, cadence_days = ?7, updated_at = ?8
                 WHERE id = ?9",
                (
                    &c.name,
                    c.role.as_str(),
                    &c.phone,
                    &c.email,
                    &c.notes,
                    c.emergency,
                    c.cadence_days,
                    now_stamp(),
                    id,
                ),
            )?;
            if n == 0 {
                return Err(not_found(id));
            }
            Ok(())
        })
    }

    /// Deletes a contact and its log in one transaction. Amends that link to
    /// it are kept; their link is cleared by the schema.
    pub fn delete_contact(&mut self, id: i64) -> Result<()> {
        self.write_erasing(|tx| {
            let n = tx.execute("DELETE FROM contact WHERE id = ?1", [id])?;
            if n == 0 {
                return Err(not_found(id));
            }
            Ok(())
        })
    }

    /// How many amends link to a contact (to say they are kept on delete).
    pub fn contact_amend_count(&self, id: i64) -> Result<i64> {
        Ok(self.conn().query_row(
            "SELECT count(*) FROM amend WHERE contact_id = ?1",
            [id],
            |r| r.get(0),
        )?)
    }

    /// Logs a reach-out on `day` (not after `today`) and returns the log id.
    pub fn log_contact(
        &mut self,
        id: i64,
        day: NaiveDate,
        note: Option<&str>,
        today: NaiveDate,
    ) -> Result<i64> {
        check_log_day(day, today)?;
        let note = note.map(str::trim).filter(|s| !s.is_empty());
        self.write(|tx| {
            let exists: Option<i64> = tx
                .query_row("SELECT id FROM contact WHERE id = ?1", [id], |r| r.get(0))
                .optional()?;
            if exists.is_none() {
                return Err(not_found(id));
            }
            let now = now_stamp();
            tx.execute(
                "INSERT INTO contact_log (contact_id, day, note, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?4)",
                (id, format_day(day), note, &now),
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Finds one contact by what a person types: an all-digit string is an
    /// id; otherwise a case-insensitive exact name, else a unique
    /// case-insensitive prefix, else a unique substring. Two or more matches
    /// is [`Error::Invalid`] naming them with their ids; none is
    /// [`Error::NotFound`]. The contact comes with its log.
    pub fn find_contact(&self, query: &str) -> Result<Contact> {
        let q = query.trim();
        if q.is_empty() {
            return Err(Error::Invalid("name a contact (or give its id)".into()));
        }
        if q.bytes().all(|b| b.is_ascii_digit()) {
            let id: i64 = q
                .parse()
                .map_err(|_| Error::NotFound(format!("no contact with id {q}")))?;
            return self.contact(id);
        }
        let mut stmt = self
            .conn()
            .prepare("SELECT id, name FROM contact ORDER BY name COLLATE NOCASE, id")?;
        let all = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let needle = q.to_lowercase();
        let lower: Vec<String> = all.iter().map(|(_, n)| n.trim().to_lowercase()).collect();
        let pick = |f: &dyn Fn(&str) -> bool| -> Vec<usize> {
            (0..all.len()).filter(|&i| f(&lower[i])).collect()
        };
        let mut hits = pick(&|n| n == needle);
        if hits.is_empty() {
            hits = pick(&|n| n.starts_with(&needle));
        }
        if hits.is_empty() {
            hits = pick(&|n| n.contains(&needle));
        }
        match hits.as_slice() {
            [] => Err(Error::NotFound(format!(
                "no contact matches \"{}\" (see `mend contacts list`)",
                shown(q)
            ))),
            [one] => self.contact(all[*one].0),
            many => {
                let names = many
                    .iter()
                    .map(|&i| format!("{} (id {})", shown(&all[i].1), all[i].0))
                    .collect::<Vec<_>>()
                    .join(", ");
                Err(Error::Invalid(format!(
                    "\"{}\" matches {} contacts: {names}; use the id",
                    shown(q),
                    many.len()
                )))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deleting_a_contact_keeps_its_amends_and_clears_the_link() {
        let mut store = Store::open_in_memory().unwrap();
        let id = store
            .add_contact(&ContactInput::new("Mum", Role::Family))
            .unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
        store.log_contact(id, today, Some("called"), today).unwrap();
        store
            .write(|tx| {
                tx.execute(
                    "INSERT INTO amend (person, contact_id, harm, created_at, updated_at)
                     VALUES ('Mum', ?1, 'missed her birthday', 'x', 'x')",
                    [id],
                )?;
                Ok(())
            })
            .unwrap();
        assert_eq!(store.contact_amend_count(id).unwrap(), 1);
        store.delete_contact(id).unwrap();
        let (n, link): (i64, Option<i64>) = store
            .conn()
            .query_row("SELECT count(*), MAX(contact_id) FROM amend", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(n, 1, "the amend is kept");
        assert_eq!(link, None, "its link is cleared");
        let logs: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM contact_log", [], |r| r.get(0))
            .unwrap();
        assert_eq!(logs, 0, "the contact's log goes with it");
        assert!(matches!(store.contact(id), Err(Error::NotFound(_))));
    }
}
