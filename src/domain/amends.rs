//! Domain types and rules for amends: the people, the harm, the plan, the
//! status, and the dated acts that rebuild trust.
//!
//! Deferred and not-advisable amends are honourable choices, never failures;
//! the words here say so. "Today" is always passed in.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where an amends stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Listed,
    Willing,
    Planned,
    Made,
    Ongoing,
    Deferred,
    NotAdvisable,
}

impl Status {
    /// Every status, in the order lists and pickers show them.
    /// Every stored name, in the order of [`Status::ALL`].
    pub const NAMES: [&'static str; 7] = {
        let mut names = [""; 7];
        let mut i = 0;
        while i < names.len() {
            names[i] = Status::ALL[i].name();
            i += 1;
        }
        names
    };

    pub const ALL: [Status; 7] = [
        Status::Listed,
        Status::Willing,
        Status::Planned,
        Status::Made,
        Status::Ongoing,
        Status::Deferred,
        Status::NotAdvisable,
    ];

    /// The stored (and JSON / CLI) name.
    pub const fn name(self) -> &'static str {
        match self {
            Status::Listed => "listed",
            Status::Willing => "willing",
            Status::Planned => "planned",
            Status::Made => "made",
            Status::Ongoing => "ongoing",
            Status::Deferred => "deferred",
            Status::NotAdvisable => "not_advisable",
        }
    }

    /// The word people read.
    pub fn label(self) -> &'static str {
        match self {
            Status::NotAdvisable => "not advisable",
            other => other.name(),
        }
    }

    /// One kind line saying what the status means.
    pub fn explain(self) -> &'static str {
        match self {
            Status::Listed => "on the list; nothing is asked of you yet",
            Status::Willing => "willing to make amends when the time is right",
            Status::Planned => "you know how and when you will make amends",
            Status::Made => "amends made; trust grows back from here",
            Status::Ongoing => "living amends: a changed way of life, day by day",
            Status::Deferred => "respecting their boundaries, for now",
            Status::NotAdvisable => "would injure them or others",
        }
    }

    /// The letter that picks this status in the TUI picker (`y` and `n`
    /// answer questions, so not advisable is `a`).
    pub fn letter(self) -> char {
        match self {
            Status::Listed => 'l',
            Status::Willing => 'w',
            Status::Planned => 'p',
            Status::Made => 'm',
            Status::Ongoing => 'o',
            Status::Deferred => 'd',
            Status::NotAdvisable => 'a',
        }
    }

    /// The status a picker letter stands for.
    pub fn from_letter(c: char) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|s| s.letter() == c.to_ascii_lowercase())
    }

    /// Position in the table order.
    pub fn rank(self) -> usize {
        Status::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A status, kind or value that could not be read, or an amends that breaks
/// a rule. Messages are one line and never repeat the user's text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmendError {
    #[error(
        "unknown status: use listed, willing, planned, made, ongoing, deferred or not_advisable"
    )]
    UnknownStatus,
    #[error("unknown kind: use direct, indirect or living")]
    UnknownKind,
    #[error("the person's name is empty")]
    EmptyPerson,
    #[error("trust is a number from 1 to 5")]
    TrustOutOfRange,
    #[error("the day amends were made cannot be in the future")]
    MadeInFuture,
    #[error("an act's day cannot be in the future")]
    ActInFuture,
    #[error("the act's note is empty")]
    EmptyNote,
}

impl FromStr for Status {
    type Err = AmendError;

    fn from_str(s: &str) -> Result<Status, AmendError> {
        let norm = super::name_key(s);
        Status::ALL
            .into_iter()
            .find(|st| st.name() == norm)
            .ok_or(AmendError::UnknownStatus)
    }
}

/// How amends are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    #[default]
    Direct,
    Indirect,
    Living,
}

impl Kind {
    /// Every stored name, in the order of [`Kind::ALL`].
    pub const NAMES: [&'static str; 3] = [
        Kind::ALL[0].name(),
        Kind::ALL[1].name(),
        Kind::ALL[2].name(),
    ];

    pub const ALL: [Kind; 3] = [Kind::Direct, Kind::Indirect, Kind::Living];

    pub const fn name(self) -> &'static str {
        match self {
            Kind::Direct => "direct",
            Kind::Indirect => "indirect",
            Kind::Living => "living",
        }
    }

    /// One line saying what the kind means.
    pub fn explain(self) -> &'static str {
        match self {
            Kind::Direct => "to the person, face to face or as near as you can",
            Kind::Indirect => "where reaching them is not possible or not wise",
            Kind::Living => "a changed way of life they can see over time",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Kind {
    type Err = AmendError;

    /// Reads `direct`, `indirect`, `living`, or their first letter.
    fn from_str(s: &str) -> Result<Kind, AmendError> {
        let norm = s.trim().to_ascii_lowercase();
        Kind::ALL
            .into_iter()
            .find(|k| k.name() == norm || (norm.len() == 1 && k.name().starts_with(&norm)))
            .ok_or(AmendError::UnknownKind)
    }
}

/// One dated act that rebuilds trust, with an optional trust rating 1–5.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Act {
    #[serde(default)]
    pub id: i64,
    pub day: NaiveDate,
    pub note: String,
    #[serde(default)]
    pub trust: Option<u8>,
}

/// One person on the amends list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amend {
    #[serde(default)]
    pub id: i64,
    pub person: String,
    #[serde(skip)]
    pub contact_id: Option<i64>,
    /// The linked contact's name.
    #[serde(default)]
    pub contact: Option<String>,
    #[serde(default)]
    pub harm: String,
    #[serde(default)]
    pub kind: Kind,
    #[serde(default)]
    pub plan: String,
    pub status: Status,
    #[serde(default)]
    pub made_on: Option<NaiveDate>,
    #[serde(default)]
    pub notes: String,
    /// The acts, oldest first (by day, then by when they were logged).
    #[serde(default)]
    pub log: Vec<Act>,
}

impl Amend {
    /// The trust ratings over time, oldest first (acts without one are
    /// skipped).
    pub fn trust_trend(&self) -> Vec<u8> {
        let mut acts: Vec<&Act> = self.log.iter().collect();
        acts.sort_by_key(|a| (a.day, a.id));
        acts.iter().filter_map(|a| a.trust).collect()
    }

    /// The day of the latest act.
    pub fn last_act(&self) -> Option<NaiveDate> {
        self.log.iter().map(|a| a.day).max()
    }

    /// Days since the latest act (0 = today), `None` before the first.
    pub fn days_since_last_act(&self, today: NaiveDate) -> Option<i64> {
        self.last_act().map(|d| (today - d).num_days().max(0))
    }

    /// The latest thing that happened: the last act or the day amends were
    /// made.
    pub fn last_activity(&self) -> Option<NaiveDate> {
        self.last_act().max(self.made_on)
    }
}

/// A support contact linked to an amends, as amends shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRef {
    pub id: i64,
    pub name: String,
}

/// A new person on the list. `contact` names a support contact to link
/// (case-insensitive; an exact match wins).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewAmend {
    pub person: String,
    pub harm: String,
    pub kind: Kind,
    pub plan: String,
    pub notes: String,
    pub contact: Option<String>,
}

/// Changes to an amends; `None` leaves a field as it is. `contact:
/// Some(None)` unlinks the contact.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AmendPatch {
    pub person: Option<String>,
    pub harm: Option<String>,
    pub kind: Option<Kind>,
    pub plan: Option<String>,
    pub notes: Option<String>,
    pub contact: Option<Option<String>>,
}

impl AmendPatch {
    pub fn is_empty(&self) -> bool {
        *self == AmendPatch::default()
    }
}

/// "today", "yesterday", "3d ago", or "—" before the first act.
pub fn ago(days: Option<i64>) -> String {
    match days {
        None => "—".to_string(),
        Some(0) => "today".to_string(),
        Some(1) => "yesterday".to_string(),
        Some(n) => format!("{n}d ago"),
    }
}

/// The table order: by status (listed first), then the most recent activity
/// first (nothing yet goes last), then by id.
pub fn table_order(a: &Amend, b: &Amend) -> Ordering {
    a.status
        .rank()
        .cmp(&b.status.rank())
        .then_with(|| match (a.last_activity(), b.last_activity()) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        })
        .then_with(|| a.id.cmp(&b.id))
}

/// Sorts amends into the table order.
pub fn sort_for_table(amends: &mut [Amend]) {
    amends.sort_by(table_order);
}

/// How many amends have each status, in status order, skipping zeros.
pub fn summary_counts(amends: &[Amend]) -> Vec<(Status, usize)> {
    Status::ALL
        .into_iter()
        .map(|s| (s, amends.iter().filter(|a| a.status == s).count()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// "3 listed · 1 planned · 1 made · 1 ongoing".
pub fn summary_line(amends: &[Amend]) -> String {
    summary_counts(amends)
        .into_iter()
        .map(|(s, n)| format!("{n} {}", s.label()))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A tiny inline trend made of block characters, one per rating.
pub fn sparkline(trend: &[u8]) -> String {
    const BARS: [char; 5] = ['▁', '▃', '▄', '▆', '█'];
    trend
        .iter()
        .map(|t| BARS[usize::from(t.clamp(&1, &5) - 1)])
        .collect()
}

/// "●●●○○": a trust rating drawn with marks, not colour.
pub fn trust_marks(trust: u8) -> String {
    let t = usize::from(trust.min(5));
    format!("{}{}", "●".repeat(t), "○".repeat(5 - t))
}

/// Checks a person's name; returns it trimmed.
pub fn check_person(person: &str) -> Result<String, AmendError> {
    let p = person.trim();
    if p.is_empty() {
        Err(AmendError::EmptyPerson)
    } else {
        Ok(p.to_string())
    }
}

/// Checks a trust rating.
pub fn check_trust(trust: i64) -> Result<u8, AmendError> {
    if (1..=5).contains(&trust) {
        Ok(trust as u8)
    } else {
        Err(AmendError::TrustOutOfRange)
    }
}

/// Reads an optional trust rating typed into a form: empty is none.
pub fn parse_trust(s: &str) -> Result<Option<u8>, AmendError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let n: i64 = s.parse().map_err(|_| AmendError::TrustOutOfRange)?;
    check_trust(n).map(Some)
}

/// Checks the day amends were made.
pub fn check_made_on(day: NaiveDate, today: NaiveDate) -> Result<NaiveDate, AmendError> {
    if day > today {
        Err(AmendError::MadeInFuture)
    } else {
        Ok(day)
    }
}

/// Checks an act's day and note; returns the note trimmed.
pub fn check_act(day: NaiveDate, note: &str, today: NaiveDate) -> Result<String, AmendError> {
    if day > today {
        return Err(AmendError::ActInFuture);
    }
    let n = note.trim();
    if n.is_empty() {
        return Err(AmendError::EmptyNote);
    }
    Ok(n.to_string())
}

/// What `made_on` becomes when the status changes from `old` to `new`.
///
/// Becoming `made` records the day (`on`, default today). Staying `made`
/// with a new day moves it. Going from `made` to `ongoing` keeps the day:
/// the amends was made and now lives on. Any other status clears it, since
/// the amends is no longer made (or was marked so by mistake).
pub fn made_on_after(
    old: Status,
    old_made_on: Option<NaiveDate>,
    new: Status,
    on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Option<NaiveDate>, AmendError> {
    match new {
        Status::Made => {
            let day = on.or(if old == Status::Made {
                old_made_on
            } else {
                None
            });
            check_made_on(day.unwrap_or(today), today).map(Some)
        }
        Status::Ongoing => match on {
            Some(d) => check_made_on(d, today).map(Some),
            None => Ok(old_made_on),
        },
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn amend(id: i64, status: Status, acts: &[(&str, Option<u8>)]) -> Amend {
        Amend {
            id,
            person: format!("P{id}"),
            contact_id: None,
            contact: None,
            harm: String::new(),
            kind: Kind::Direct,
            plan: String::new(),
            status,
            made_on: None,
            notes: String::new(),
            log: acts
                .iter()
                .enumerate()
                .map(|(i, (day, trust))| Act {
                    id: i as i64 + 1,
                    day: d(day),
                    note: "n".into(),
                    trust: *trust,
                })
                .collect(),
        }
    }

    #[test]
    fn statuses_read_and_write_their_names() {
        for s in Status::ALL {
            assert_eq!(s.name().parse::<Status>(), Ok(s));
            assert_eq!(Status::from_letter(s.letter()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.name())
            );
        }
        assert_eq!("Not advisable".parse::<Status>(), Ok(Status::NotAdvisable));
        assert_eq!("not-advisable".parse::<Status>(), Ok(Status::NotAdvisable));
        assert_eq!("soon".parse::<Status>(), Err(AmendError::UnknownStatus));
        assert_eq!(
            Status::Deferred.explain(),
            "respecting their boundaries, for now"
        );
        assert_eq!(
            Status::NotAdvisable.explain(),
            "would injure them or others"
        );
        // No letter clashes with the yes/no keys of questions.
        assert!(Status::ALL.iter().all(|s| !matches!(s.letter(), 'y' | 'n')));
    }

    #[test]
    fn kinds_read_names_and_first_letters() {
        assert_eq!("Living".parse::<Kind>(), Ok(Kind::Living));
        assert_eq!("i".parse::<Kind>(), Ok(Kind::Indirect));
        assert_eq!("x".parse::<Kind>(), Err(AmendError::UnknownKind));
        assert_eq!("".parse::<Kind>(), Err(AmendError::UnknownKind));
    }

    #[test]
    fn trend_is_oldest_first_and_skips_unrated_acts() {
        let a = amend(
            1,
            Status::Made,
            &[
                ("2026-03-10", Some(4)),
                ("2026-02-01", Some(2)),
                ("2026-02-15", None),
                ("2026-03-01", Some(3)),
            ],
        );
        assert_eq!(a.trust_trend(), vec![2, 3, 4]);
        assert_eq!(a.last_act(), Some(d("2026-03-10")));
        assert_eq!(a.days_since_last_act(d("2026-03-15")), Some(5));
        assert_eq!(sparkline(&a.trust_trend()), "▃▄▆");
        assert_eq!(trust_marks(3), "●●●○○");
        assert_eq!(ago(Some(5)), "5d ago");
        assert_eq!(ago(None), "—");
    }

    #[test]
    fn table_order_is_status_then_latest_activity() {
        let mut v = vec![
            amend(1, Status::Made, &[("2026-01-01", None)]),
            amend(2, Status::Listed, &[]),
            amend(3, Status::Listed, &[("2026-03-01", None)]),
            amend(4, Status::Listed, &[("2026-03-10", None)]),
            amend(5, Status::NotAdvisable, &[]),
        ];
        sort_for_table(&mut v);
        let ids: Vec<i64> = v.iter().map(|a| a.id).collect();
        assert_eq!(ids, vec![4, 3, 2, 1, 5]);
        assert_eq!(summary_line(&v), "3 listed · 1 made · 1 not advisable");
    }

    #[test]
    fn validation_refuses_bad_values() {
        let today = d("2026-03-15");
        assert_eq!(check_person("  "), Err(AmendError::EmptyPerson));
        assert_eq!(check_person(" Mom "), Ok("Mom".into()));
        assert_eq!(check_trust(0), Err(AmendError::TrustOutOfRange));
        assert_eq!(check_trust(6), Err(AmendError::TrustOutOfRange));
        assert_eq!(check_trust(5), Ok(5));
        assert_eq!(parse_trust(""), Ok(None));
        assert_eq!(parse_trust("x"), Err(AmendError::TrustOutOfRange));
        assert_eq!(
            check_made_on(d("2026-03-16"), today),
            Err(AmendError::MadeInFuture)
        );
        assert_eq!(
            check_act(d("2026-03-16"), "x", today),
            Err(AmendError::ActInFuture)
        );
        assert_eq!(check_act(today, " ", today), Err(AmendError::EmptyNote));
    }

    #[test]
    fn made_on_follows_the_status() {
        let today = d("2026-03-15");
        let day = d("2026-03-01");
        use Status::*;
        assert_eq!(
            made_on_after(Planned, None, Made, None, today),
            Ok(Some(today))
        );
        assert_eq!(
            made_on_after(Planned, None, Made, Some(day), today),
            Ok(Some(day))
        );
        assert_eq!(
            made_on_after(Made, Some(day), Made, None, today),
            Ok(Some(day))
        );
        assert_eq!(
            made_on_after(Made, Some(day), Ongoing, None, today),
            Ok(Some(day))
        );
        assert_eq!(
            made_on_after(Made, Some(day), Planned, None, today),
            Ok(None)
        );
        assert_eq!(
            made_on_after(Planned, None, Made, Some(d("2026-04-01")), today),
            Err(AmendError::MadeInFuture)
        );
    }
}

#[cfg(test)]
mod name_tests {
    use super::*;

    #[test]
    fn names_follow_the_schema_in_order() {
        assert_eq!(
            Status::NAMES,
            [
                "listed",
                "willing",
                "planned",
                "made",
                "ongoing",
                "deferred",
                "not_advisable"
            ]
        );
        assert_eq!(Kind::NAMES, ["direct", "indirect", "living"]);
        for (s, n) in Status::ALL.iter().zip(Status::NAMES) {
            assert_eq!(n.parse::<Status>().unwrap(), *s);
        }
    }
}
