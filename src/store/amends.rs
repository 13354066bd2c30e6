//! Store functions for the amends tables (`amend`, `amend_log`), plus the
//! small read-only contact look-ups amends need to link a support contact.
//!
//! Every user action is one transaction; a refusal (bad input, unknown id)
//! returns before anything is written.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, Transaction};

use super::{Error, Result, Store, now_stamp};
use crate::domain::amends::{
    self as dom, Act, Amend, AmendError, AmendPatch, ContactRef, Kind, NewAmend, Status,
};
use crate::domain::dates::{format_day, parse_iso_day};

impl From<AmendError> for Error {
    fn from(e: AmendError) -> Self {
        Error::Invalid(e.to_string())
    }
}

const SELECT_AMEND: &str = "SELECT a.id, a.person, a.contact_id, c.name, a.harm, a.kind, a.plan,
            a.status, a.made_on, a.notes
     FROM amend a LEFT JOIN contact c ON c.id = a.contact_id";

fn bad_stored(what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("a stored {what} is damaged").into(),
    )
}

fn day_col(s: &str) -> rusqlite::Result<NaiveDate> {
    parse_iso_day(s).map_err(|_| bad_stored("day"))
}

fn amend_row(r: &Row<'_>) -> rusqlite::Result<Amend> {
    let kind: String = r.get(5)?;
    let status: String = r.get(7)?;
    let made_on: Option<String> = r.get(8)?;
    Ok(Amend {
        id: r.get(0)?,
        person: r.get(1)?,
        contact_id: r.get(2)?,
        contact: r.get(3)?,
        harm: r.get(4)?,
        kind: kind.parse().map_err(|_| bad_stored("kind"))?,
        plan: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
        status: status.parse().map_err(|_| bad_stored("status"))?,
        made_on: made_on.as_deref().map(day_col).transpose()?,
        notes: r.get::<_, Option<String>>(9)?.unwrap_or_default(),
        log: Vec::new(),
    })
}

fn act_row(r: &Row<'_>) -> rusqlite::Result<(i64, Act)> {
    let day: String = r.get(2)?;
    let trust: Option<i64> = r.get(4)?;
    Ok((
        r.get(1)?,
        Act {
            id: r.get(0)?,
            day: day_col(&day)?,
            note: r.get(3)?,
            trust: trust.and_then(|t| u8::try_from(t).ok()),
        },
    ))
}

fn not_found(id: i64) -> Error {
    Error::NotFound(format!("no amends with id {id} (see `mend amends list`)"))
}

fn act_not_found(id: i64) -> Error {
    Error::NotFound(format!("no logged act with id {id}"))
}

fn none_if_empty(s: &str) -> Option<&str> {
    let t = s.trim();
    (!t.is_empty()).then_some(t)
}

/// The amends with `id`, without its log.
fn get_one(conn: &Connection, id: i64) -> Result<Amend> {
    conn.query_row(&format!("{SELECT_AMEND} WHERE a.id = ?1"), [id], amend_row)
        .optional()?
        .ok_or_else(|| not_found(id))
}

fn log_of(conn: &Connection, id: i64) -> Result<Vec<Act>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, amend_id, day, note, trust FROM amend_log
         WHERE amend_id = ?1 ORDER BY day, id",
    )?;
    let rows = stmt.query_map([id], act_row)?;
    let mut log = Vec::new();
    for row in rows {
        log.push(row?.1);
    }
    Ok(log)
}

/// Finds a support contact by name (an exact match first, then ignoring
/// case; several matches is an error that lists them) or by id.
fn find_contact(conn: &Connection, name_or_id: &str) -> Result<ContactRef> {
    let wanted = name_or_id.trim();
    if wanted.is_empty() {
        return Err(Error::Invalid("the contact's name is empty".into()));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT id, name FROM contact WHERE name = ?1 COLLATE NOCASE ORDER BY id",
    )?;
    let matches: Vec<ContactRef> = stmt
        .query_map([wanted], |r| {
            Ok(ContactRef {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let exact: Vec<&ContactRef> = matches.iter().filter(|c| c.name == wanted).collect();
    if exact.len() == 1 {
        return Ok(exact[0].clone());
    }
    match matches.len() {
        1 => return Ok(matches[0].clone()),
        0 => {}
        n => {
            let list = matches
                .iter()
                .map(|c| format!("{} (id {})", c.name.replace(['\n', '\r'], " "), c.id))
                .collect::<Vec<_>>()
                .join(", ");
            return Err(Error::Invalid(format!(
                "{n} contacts have that name: {list}; give the id instead"
            )));
        }
    }
    if let Ok(id) = wanted.parse::<i64>()
        && let Some(c) = contact_by_id(conn, id)?
    {
        return Ok(c);
    }
    Err(Error::NotFound(
        "no support contact has that name (see `mend contacts list`)".into(),
    ))
}

fn contact_by_id(conn: &Connection, id: i64) -> Result<Option<ContactRef>> {
    Ok(conn
        .query_row("SELECT id, name FROM contact WHERE id = ?1", [id], |r| {
            Ok(ContactRef {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })
        .optional()?)
}

fn touch(tx: &Transaction<'_>, id: i64) -> Result<()> {
    tx.execute(
        "UPDATE amend SET updated_at = ?2 WHERE id = ?1",
        (id, now_stamp()),
    )?;
    Ok(())
}

impl Store {
    /// Adds a person to the amends list (status `listed`); returns the id.
    pub fn add_amend(&mut self, new: &NewAmend) -> Result<i64> {
        let person = dom::check_person(&new.person)?;
        self.write(|tx| {
            let contact = match new.contact.as_deref().and_then(none_if_empty) {
                Some(name) => Some(find_contact(tx, name)?.id),
                None => None,
            };
            let now = now_stamp();
            tx.execute(
                "INSERT INTO amend (person, contact_id, harm, kind, plan, status, notes,
                                    created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'listed', ?6, ?7, ?7)",
                (
                    &person,
                    contact,
                    new.harm.trim(),
                    new.kind.name(),
                    none_if_empty(&new.plan),
                    none_if_empty(&new.notes),
                    &now,
                ),
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// One amends with its log (oldest act first).
    pub fn amend(&self, id: i64) -> Result<Amend> {
        let mut a = get_one(self.conn(), id)?;
        a.log = log_of(self.conn(), id)?;
        Ok(a)
    }

    /// Every amends (or those with `status`) with their logs, in the table
    /// order (status, then latest activity). Two queries, whatever the count.
    pub fn amends(&self, status: Option<Status>) -> Result<Vec<Amend>> {
        let conn = self.conn();
        let status = status.map(Status::name);
        let mut stmt = conn.prepare_cached(&format!(
            "{SELECT_AMEND} WHERE ?1 IS NULL OR a.status = ?1 ORDER BY a.id"
        ))?;
        let mut amends: Vec<Amend> = stmt
            .query_map([status], amend_row)?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = conn.prepare_cached(
            "SELECT l.id, l.amend_id, l.day, l.note, l.trust
             FROM amend_log l JOIN amend a ON a.id = l.amend_id
             WHERE ?1 IS NULL OR a.status = ?1
             ORDER BY l.amend_id, l.day, l.id",
        )?;
        let mut logs: HashMap<i64, Vec<Act>> = HashMap::new();
        for row in stmt.query_map([status], act_row)? {
            let (amend_id, act) = row?;
            logs.entry(amend_id).or_default().push(act);
        }
        for a in &mut amends {
            a.log = logs.remove(&a.id).unwrap_or_default();
        }
        dom::sort_for_table(&mut amends);
        Ok(amends)
    }

    /// Changes the fields `patch` names.
    pub fn update_amend(&mut self, id: i64, patch: &AmendPatch) -> Result<()> {
        let person = patch.person.as_deref().map(dom::check_person).transpose()?;
        self.write_erasing(|tx| {
            get_one(tx, id)?;
            let contact: Option<Option<i64>> = match &patch.contact {
                None => None,
                Some(None) => Some(None),
                Some(Some(name)) => match none_if_empty(name) {
                    None => Some(None),
                    Some(name) => Some(Some(find_contact(tx, name)?.id)),
                },
            };
            let now = now_stamp();
            tx.execute(
                "UPDATE amend SET
                    person = coalesce(?2, person),
                    harm = coalesce(?3, harm),
                    kind = coalesce(?4, kind),
                    plan = CASE WHEN ?5 THEN ?6 ELSE plan END,
                    notes = CASE WHEN ?7 THEN ?8 ELSE notes END,
                    contact_id = CASE WHEN ?9 THEN ?10 ELSE contact_id END,
                    updated_at = ?11
                 WHERE id = ?1",
                rusqlite::params![
                    id,
                    person,
                    patch.harm.as_deref().map(str::trim),
                    patch.kind.map(Kind::name),
                    patch.plan.is_some(),
                    patch.plan.as_deref().and_then(none_if_empty),
                    patch.notes.is_some(),
                    patch.notes.as_deref().and_then(none_if_empty),
                    contact.is_some(),
                    contact.flatten(),
                    now,
                ],
            )?;
            Ok(())
        })
    }

    /// Moves an amends to `status`. Becoming `made` records the day (`on`,
    /// default today; never in the future); see
    /// [`dom::made_on_after`] for what happens to the day otherwise.
    pub fn set_amend_status(
        &mut self,
        id: i64,
        status: Status,
        on: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<Amend> {
        self.write(|tx| {
            let old = get_one(tx, id)?;
            let made_on = dom::made_on_after(old.status, old.made_on, status, on, today)?;
            tx.execute(
                "UPDATE amend SET status = ?2, made_on = ?3, updated_at = ?4 WHERE id = ?1",
                (id, status.name(), made_on.map(format_day), now_stamp()),
            )?;
            Ok(())
        })?;
        self.amend(id)
    }

    /// Logs a dated act that rebuilt trust; returns the act's id.
    pub fn log_amend_act(
        &mut self,
        id: i64,
        day: NaiveDate,
        note: &str,
        trust: Option<i64>,
        today: NaiveDate,
    ) -> Result<i64> {
        let note = dom::check_act(day, note, today)?;
        let trust = trust.map(dom::check_trust).transpose()?;
        self.write(|tx| {
            get_one(tx, id)?;
            let now = now_stamp();
            tx.execute(
                "INSERT INTO amend_log (amend_id, day, note, trust, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                (id, format_day(day), &note, trust, &now),
            )?;
            let act = tx.last_insert_rowid();
            touch(tx, id)?;
            Ok(act)
        })
    }

    /// Rewrites a logged act.
    pub fn edit_amend_act(
        &mut self,
        act_id: i64,
        day: NaiveDate,
        note: &str,
        trust: Option<i64>,
        today: NaiveDate,
    ) -> Result<()> {
        let note = dom::check_act(day, note, today)?;
        let trust = trust.map(dom::check_trust).transpose()?;
        self.write_erasing(|tx| {
            let n = tx.execute(
                "UPDATE amend_log SET day = ?2, note = ?3, trust = ?4, updated_at = ?5
                 WHERE id = ?1",
                (act_id, format_day(day), &note, trust, now_stamp()),
            )?;
            if n == 0 {
                return Err(act_not_found(act_id));
            }
            Ok(())
        })
    }

    /// Removes a logged act.
    pub fn delete_amend_act(&mut self, act_id: i64) -> Result<()> {
        self.write_erasing(|tx| {
            let n = tx.execute("DELETE FROM amend_log WHERE id = ?1", [act_id])?;
            if n == 0 {
                return Err(act_not_found(act_id));
            }
            Ok(())
        })
    }

    /// Removes an amends and its whole log.
    pub fn delete_amend(&mut self, id: i64) -> Result<()> {
        self.write_erasing(|tx| {
            // The schema cascades too; deleting the log first does not rely
            // on `foreign_keys` being on.
            get_one(tx, id)?;
            tx.execute("DELETE FROM amend_log WHERE amend_id = ?1", [id])?;
            tx.execute("DELETE FROM amend WHERE id = ?1", [id])?;
            Ok(())
        })
    }

    /// The support contact an amends would link to for `name_or_id`.
    pub fn amend_contact(&self, name_or_id: &str) -> Result<ContactRef> {
        find_contact(self.conn(), name_or_id)
    }
}
