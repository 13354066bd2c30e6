//! Store functions for the urge log (`urge`).
//!
//! `at` keeps the offset it was logged with; lists are ordered by the
//! instant (newest first), which text order alone would get wrong across
//! offsets.

use chrono::{DateTime, NaiveDate, SecondsFormat};
use rusqlite::{OptionalExtension, Row, Transaction};

use super::{Error, Result, Store, now_stamp};
use crate::domain::urge::{self, HaltSet, NewUrge, Outcome, Urge, UrgeError, UrgeStats};

impl From<UrgeError> for Error {
    fn from(e: UrgeError) -> Self {
        Error::Invalid(e.to_string())
    }
}

const SELECT: &str = "SELECT id, at, intensity, halt, trigger, did, outcome, note FROM urge";

fn conversion(i: usize, e: impl std::error::Error + Send + Sync + 'static) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
}

fn urge_from_row(r: &Row<'_>) -> rusqlite::Result<Urge> {
    let at: String = r.get(1)?;
    let halt: String = r.get(3)?;
    let outcome: Option<String> = r.get(6)?;
    let intensity: i64 = r.get(2)?;
    Ok(Urge {
        id: r.get(0)?,
        at: DateTime::parse_from_rfc3339(&at).map_err(|e| conversion(1, e))?,
        intensity: u8::try_from(intensity).unwrap_or(0),
        halt: HaltSet::from_names(&halt.split(',').collect::<Vec<_>>()),
        trigger: r.get(4)?,
        did: r.get(5)?,
        outcome: outcome
            .map(|o| o.parse::<Outcome>())
            .transpose()
            .map_err(|e| conversion(6, e))?,
        note: r.get(7)?,
    })
}

/// Inserts a checked urge inside `tx`; returns its id.
pub(crate) fn insert_urge(tx: &Transaction<'_>, u: &NewUrge) -> Result<i64> {
    let u = u.validated()?;
    tx.execute(
        "INSERT INTO urge (at, intensity, halt, trigger, did, outcome, note, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        (
            u.at.to_rfc3339_opts(SecondsFormat::Secs, false),
            u.intensity,
            u.halt.names().join(","),
            &u.trigger,
            &u.did,
            u.outcome.map(Outcome::as_str),
            &u.note,
            now_stamp(),
        ),
    )?;
    Ok(tx.last_insert_rowid())
}

impl Store {
    /// Logs an urge; returns its id.
    pub fn add_urge(&mut self, u: &NewUrge) -> Result<i64> {
        u.validated()?;
        self.write(|tx| insert_urge(tx, u))
    }

    /// One urge.
    pub fn urge(&self, id: i64) -> Result<Urge> {
        self.conn()
            .query_row(&format!("{SELECT} WHERE id = ?1"), [id], urge_from_row)
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("no urge with id {id}")))
    }

    /// Urges on or after `since` (their local day), newest first.
    pub fn urges(&self, since: Option<NaiveDate>) -> Result<Vec<Urge>> {
        let mut stmt = self.conn().prepare_cached(SELECT)?;
        let mut all = stmt
            .query_map([], urge_from_row)?
            .collect::<rusqlite::Result<Vec<Urge>>>()?;
        if let Some(since) = since {
            all.retain(|u| u.day() >= since);
        }
        all.sort_by(|a, b| b.at.cmp(&a.at).then(b.id.cmp(&a.id)));
        Ok(all)
    }

    /// The stats of the urges on or after `since`.
    pub fn urge_stats(&self, since: Option<NaiveDate>) -> Result<UrgeStats> {
        Ok(urge::stats(&self.urges(since)?))
    }

    /// Deletes one urge.
    pub fn delete_urge(&mut self, id: i64) -> Result<()> {
        self.write_erasing(
            |tx| match tx.execute("DELETE FROM urge WHERE id = ?1", [id])? {
                0 => Err(Error::NotFound(format!("no urge with id {id}"))),
                _ => Ok(()),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::urge::Halt;

    fn new(at: &str, intensity: i64, outcome: Option<Outcome>) -> NewUrge {
        let mut halt = HaltSet::default();
        halt.insert(Halt::Lonely);
        NewUrge {
            at: DateTime::parse_from_rfc3339(at).unwrap(),
            intensity,
            halt,
            trigger: Some(" payday ".into()),
            did: Some("walk".into()),
            outcome,
            note: None,
        }
    }

    #[test]
    fn urges_round_trip_newest_first_by_instant() {
        let mut s = Store::open_in_memory().unwrap();
        let a = s
            .add_urge(&new("2026-03-02T10:00:00+01:00", 6, Some(Outcome::Passed)))
            .unwrap();
        // Earlier as text, later as an instant.
        let b = s
            .add_urge(&new("2026-03-02T09:30:00-01:00", 8, Some(Outcome::Used)))
            .unwrap();
        let list = s.urges(None).unwrap();
        assert_eq!(list.iter().map(|u| u.id).collect::<Vec<_>>(), vec![b, a]);
        let u = s.urge(a).unwrap();
        assert_eq!(u.intensity, 6);
        assert_eq!(u.halt.names(), vec!["lonely"]);
        assert_eq!(u.trigger.as_deref(), Some("payday"));
        assert_eq!(u.outcome, Some(Outcome::Passed));
        assert_eq!(u.at.to_rfc3339(), "2026-03-02T10:00:00+01:00");
        let st = s.urge_stats(None).unwrap();
        assert_eq!((st.count, st.passed, st.used), (2, 1, 1));
    }

    #[test]
    fn since_filters_by_local_day_and_bad_input_changes_nothing() {
        let mut s = Store::open_in_memory().unwrap();
        s.add_urge(&new("2026-03-01T23:00:00+01:00", 3, None))
            .unwrap();
        s.add_urge(&new("2026-03-02T01:00:00+01:00", 3, None))
            .unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        assert_eq!(s.urges(Some(day)).unwrap().len(), 1);
        assert!(
            s.add_urge(&new("2026-03-02T01:00:00+01:00", 11, None))
                .is_err()
        );
        assert_eq!(s.urges(None).unwrap().len(), 2);
        let id = s.urges(None).unwrap()[0].id;
        s.delete_urge(id).unwrap();
        assert!(s.delete_urge(id).is_err());
        assert_eq!(s.urges(None).unwrap().len(), 1);
    }
}
