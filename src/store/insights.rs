//! Read-only aggregates for the Insights tab.
//!
//! Every function groups in SQL (by day, week or month) over a bounded range
//! of days, so what comes back is at most a few hundred rows however long the
//! journal is. The range scans use the `(day, id)` and `(…, day)` indexes.
//! The results are plain tuples of std/chrono types.

use chrono::NaiveDate;

use super::{Error, Result, Store};
use crate::domain::dates::{format_day, parse_iso_day};

fn day_of(s: &str) -> Result<NaiveDate> {
    parse_iso_day(s).map_err(|_| Error::Invalid("a stored day is not a date".into()))
}

impl Store {
    /// One row per journaled day in `from..=to`, oldest first: the day, the
    /// day's highest craving (None when no entry that day noted one), the
    /// average mood and the average craving.
    #[allow(clippy::type_complexity)]
    pub fn insight_days(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, Option<u8>, Option<f64>, Option<f64>)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT day, MAX(craving), AVG(mood), AVG(craving)
               FROM journal_entry
              WHERE day BETWEEN ?1 AND ?2
              GROUP BY day
              ORDER BY day",
        )?;
        let rows = stmt
            .query_map([format_day(from), format_day(to)], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, Option<f64>>(2)?,
                    r.get::<_, Option<f64>>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(d, max, mood, craving)| {
                Ok((
                    day_of(&d)?,
                    max.and_then(|m| u8::try_from(m).ok()),
                    mood,
                    craving,
                ))
            })
            .collect()
    }

    /// The tags most often on entries with a craving of at least
    /// `min_craving` in `from..=to`: (tag, number of entries), most first,
    /// at most `limit`.
    pub fn insight_high_craving_tags(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        min_craving: u8,
        limit: usize,
    ) -> Result<Vec<(String, u64)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT t.name, COUNT(*) AS n
               FROM journal_entry e
               JOIN journal_tag jt ON jt.entry_id = e.id
               JOIN tag t ON t.id = jt.tag_id
              WHERE e.day BETWEEN ?1 AND ?2 AND e.craving >= ?3
              GROUP BY t.id
              ORDER BY n DESC, t.name COLLATE NOCASE
              LIMIT ?4",
        )?;
        let rows = stmt
            .query_map(
                rusqlite::params![
                    format_day(from),
                    format_day(to),
                    i64::from(min_craving),
                    limit as i64
                ],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows
            .into_iter()
            .map(|(t, n)| (t, n.max(0) as u64))
            .collect())
    }

    /// Reach-outs logged per week (weeks start on Monday) in `from..=to`:
    /// (the week's Monday, count), oldest first; weeks with none are left out.
    pub fn insight_reach_outs_per_week(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, u64)>> {
        // '-6 days' then 'weekday 1' lands on the Monday on or before `day`.
        let mut stmt = self.conn().prepare_cached(
            "SELECT date(day, '-6 days', 'weekday 1') AS week, COUNT(*)
               FROM contact_log
              WHERE day BETWEEN ?1 AND ?2
              GROUP BY week
              ORDER BY week",
        )?;
        let rows = stmt
            .query_map([format_day(from), format_day(to)], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(w, n)| Ok((day_of(&w)?, n.max(0) as u64)))
            .collect()
    }

    /// Amends per month in `from..=to`: ("YYYY-MM", amends made that month
    /// (by `made_on`), acts of trust logged that month), oldest first;
    /// months with neither are left out.
    pub fn insight_amends_per_month(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(String, u64, u64)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT month, SUM(made), SUM(acts) FROM (
                 SELECT substr(made_on, 1, 7) AS month, 1 AS made, 0 AS acts
                   FROM amend
                  WHERE made_on BETWEEN ?1 AND ?2
                 UNION ALL
                 SELECT substr(day, 1, 7), 0, 1
                   FROM amend_log
                  WHERE day BETWEEN ?1 AND ?2
             )
             GROUP BY month
             ORDER BY month",
        )?;
        let rows = stmt
            .query_map([format_day(from), format_day(to)], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows
            .into_iter()
            .map(|(m, made, acts)| (m, made.max(0) as u64, acts.max(0) as u64))
            .collect())
    }
}
