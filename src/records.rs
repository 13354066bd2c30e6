//! The records of mend's data as files carry them (DESIGN.md §4, §8), and
//! the checked import plan. Neutral ground between the store, which reads
//! and writes them, and the formats (`crate::export` writes them as JSON or
//! Markdown, `crate::import` parses files into an [`ImportPlan`]).

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::dates;

/// The `format` value of a mend export.
pub const FORMAT: &str = "mend";
/// The export version this mend writes.
pub const VERSION: u64 = 1;
/// The oldest export version this mend reads.
pub const OLDEST_VERSION: u64 = 1;

/// The roles a contact may have.
pub const ROLES: &[&str] = &crate::domain::contacts::Role::NAMES;
/// The kinds of amends.
pub const KINDS: &[&str] = &crate::domain::amends::Kind::NAMES;
/// The statuses of an amend.
pub const STATUSES: &[&str] = &crate::domain::amends::Status::NAMES;

pub(crate) fn day_of(s: &str) -> Option<NaiveDate> {
    dates::parse_iso_day(s).ok()
}

/// A reset of a sobriety clock: `day` is the day of the slip (the new
/// streak's first sober day is the day after).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResetRecord {
    /// The record's sync id, when it has one (see `ClockRecord::id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub day: String,
    pub note: Option<String>,
}

/// A sobriety clock with its resets, oldest first. `since` is the stored
/// first sober day ever (not the current streak's start), so that the
/// export round-trips; the current streak is derived from the resets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClockRecord {
    /// The record's sync id (a UUID), left out when it has none, so older
    /// documents read the same; an import keeps it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub label: String,
    pub since: String,
    #[serde(rename = "cost_per_day", serialize_with = "cents_as_money")]
    pub cost_per_day_cents: Option<i64>,
    pub resets: Vec<ResetRecord>,
}

impl ClockRecord {
    /// The domain clock this record describes (`None` when a day in it is
    /// not a real date), for the figures of a human document.
    pub fn to_clock(&self) -> Option<crate::domain::clock::Clock> {
        let mut resets = Vec::with_capacity(self.resets.len());
        for r in &self.resets {
            resets.push(crate::domain::clock::Reset {
                day: day_of(&r.day)?,
                note: r.note.clone(),
            });
        }
        resets.sort_by_key(|r| r.day);
        Some(crate::domain::clock::Clock {
            id: 0,
            label: self.label.clone(),
            since: day_of(&self.since)?,
            cost_per_day_cents: self.cost_per_day_cents,
            resets,
        })
    }
}

fn cents_as_money<S: serde::Serializer>(cents: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
    match cents {
        Some(c) => s.serialize_f64(*c as f64 / 100.0),
        None => s.serialize_none(),
    }
}

/// A journal entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntryRecord {
    /// The record's sync id (a UUID), left out when it has none, so older
    /// documents read the same; an import keeps it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub day: String,
    pub created_at: String,
    pub updated_at: String,
    pub body: String,
    pub mood: Option<i64>,
    pub craving: Option<i64>,
    pub prompt: Option<String>,
    pub tags: Vec<String>,
}

/// One dated note in a contact's log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContactLogRecord {
    /// The record's sync id, when it has one (see `ClockRecord::id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub day: String,
    pub note: Option<String>,
}

/// A support contact with its log, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContactRecord {
    /// The record's sync id (a UUID), left out when it has none, so older
    /// documents read the same; an import keeps it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: String,
    pub role: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub notes: Option<String>,
    pub emergency: bool,
    pub cadence_days: Option<i64>,
    pub log: Vec<ContactLogRecord>,
    /// Relationship checks, oldest first (left out when there are none, so
    /// older documents read the same).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<CheckRecord>,
}

/// A check of the relationship with a contact on the five values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckRecord {
    /// The record's sync id, when it has one (see `ClockRecord::id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub day: String,
    pub respect: i64,
    pub safety: i64,
    pub affection: i64,
    pub boundaries: i64,
    pub honesty: i64,
    pub signs: Vec<String>,
    pub note: Option<String>,
}

/// The amend a worksheet row became, named by its person and harm (as
/// imports find amends).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AmendRef {
    pub person: String,
    pub harm: String,
}

/// A step-work worksheet row: its kind, its fields (in the kind's order)
/// and the amend it became.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorksheetRecord {
    /// The record's sync id, when it has one (see `ClockRecord::id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub kind: String,
    pub fields: crate::domain::worksheet::Fields,
    pub amend: Option<AmendRef>,
}

/// One act that rebuilds trust, in an amend's timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AmendLogRecord {
    /// The record's sync id, when it has one (see `ClockRecord::id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub day: String,
    pub note: String,
    pub trust: Option<i64>,
}

/// An amend with its timeline, oldest first. `contact` is a contact's name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AmendRecord {
    /// The record's sync id (a UUID), left out when it has none, so older
    /// documents read the same; an import keeps it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub person: String,
    pub contact: Option<String>,
    pub harm: String,
    pub kind: String,
    pub plan: Option<String>,
    pub status: String,
    pub made_on: Option<String>,
    pub notes: Option<String>,
    pub log: Vec<AmendLogRecord>,
}

/// A check-in (DESIGN.md §8.2): the shape of `mend checkin list --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckinRecord {
    /// The record's sync id, in the export only (see `ClockRecord::id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub day: String,
    pub kind: String,
    pub intention: Option<String>,
    pub difficulty: Option<i64>,
    pub gratitude: Vec<String>,
    pub answers: std::collections::BTreeMap<String, i64>,
    pub note: Option<String>,
}

impl CheckinRecord {
    /// A stored check-in in the export and `--json` shape.
    pub fn from_checkin(c: &crate::domain::checkin::Checkin) -> CheckinRecord {
        CheckinRecord {
            id: None,
            day: dates::format_day(c.day),
            kind: c.kind.as_str().to_string(),
            intention: c.intention.clone(),
            difficulty: c.difficulty.map(i64::from),
            gratitude: c.gratitude.clone(),
            answers: c
                .answers
                .iter()
                .map(|(k, v)| (k.clone(), i64::from(*v)))
                .collect(),
            note: c.note.clone(),
        }
    }
}

/// A logged urge (DESIGN.md §8.1), as `mend urge list --json` shows it
/// minus the id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UrgeRecord {
    /// The record's sync id, when it has one (see `ClockRecord::id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub at: String,
    pub intensity: i64,
    pub halt: Vec<String>,
    pub trigger: Option<String>,
    pub did: Option<String>,
    pub outcome: Option<String>,
    pub note: Option<String>,
}

/// Where the records of an import came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A mend export of this version.
    Mend(u64),
    /// jrnl's `jrnl --export json`.
    Jrnl,
}

impl Source {
    pub fn describe(self) -> String {
        match self {
            Source::Mend(v) => format!("mend export (version {v})"),
            Source::Jrnl => "jrnl export".to_string(),
        }
    }
}

/// Everything in an import file, checked and ready to write.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPlan {
    pub source: Source,
    pub clocks: Vec<ClockRecord>,
    pub journal: Vec<EntryRecord>,
    pub contacts: Vec<ContactRecord>,
    pub amends: Vec<AmendRecord>,
    /// Optional in the file: older exports have none.
    pub checkins: Vec<CheckinRecord>,
    /// The relapse-prevention plan (absent in older exports).
    pub plan: crate::domain::plan::Plan,
    pub urges: Vec<UrgeRecord>,
    /// Optional in the file: older exports have none.
    pub worksheets: Vec<WorksheetRecord>,
}

impl ImportPlan {
    /// Refuses a journal entry dated after `latest`: an entry is about today
    /// or an earlier day. The place is given as in the file.
    pub fn check_days(&self, latest: NaiveDate) -> Result<(), Refusal> {
        let (what, field) = match self.source {
            Source::Jrnl => ("jrnl entry", "date"),
            Source::Mend(_) => ("journal entry", "day"),
        };
        for (i, e) in self.journal.iter().enumerate() {
            if day_of(&e.day).is_some_and(|d| d > latest) {
                return Err(refuse(format!(
                    "{what} {}, field \"{field}\": {} is in the future",
                    i + 1,
                    e.day
                )));
            }
        }
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.checkins.is_empty()
            && self.clocks.is_empty()
            && self.journal.is_empty()
            && self.contacts.is_empty()
            && self.amends.is_empty()
            && self.plan.is_empty()
            && self.urges.is_empty()
            && self.worksheets.is_empty()
    }
}

/// Why an import file was refused: the first problem, with its place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("import refused: {0}; nothing was imported")]
pub struct Refusal(pub String);

pub(crate) fn refuse(msg: impl Into<String>) -> Refusal {
    Refusal(msg.into())
}
