//! Relationship checks (DESIGN.md §8.3): how a relationship with one
//! contact is doing on five values (respect, safety, affection, boundaries,
//! honesty; 1–5 each), and any signs of codependency noticed. These are the
//! user's observations of a relationship, never a grade of the person.
//! "Today" is passed in.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

/// The five values a healthy relationship rests on, in the order shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Value {
    Respect,
    Safety,
    Affection,
    Boundaries,
    Honesty,
}

impl Value {
    pub const ALL: [Value; 5] = [
        Value::Respect,
        Value::Safety,
        Value::Affection,
        Value::Boundaries,
        Value::Honesty,
    ];

    /// The stored, JSON and CLI name.
    pub const fn name(self) -> &'static str {
        match self {
            Value::Respect => "respect",
            Value::Safety => "safety",
            Value::Affection => "affection",
            Value::Boundaries => "boundaries",
            Value::Honesty => "honesty",
        }
    }

    /// The question the check asks, about the relationship, not the person.
    pub fn question(self) -> &'static str {
        match self {
            Value::Respect => "Do we treat each other with respect?",
            Value::Safety => "Do I feel safe with them, and they with me?",
            Value::Affection => "Is there warmth both ways?",
            Value::Boundaries => "Are boundaries kept, mine and theirs?",
            Value::Honesty => "Are we honest with each other?",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Value::Respect => "Respect",
            Value::Safety => "Safety",
            Value::Affection => "Affection",
            Value::Boundaries => "Boundaries",
            Value::Honesty => "Honesty",
        }
    }
}

/// Signs of codependency the user may notice in themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sign {
    Fixing,
    Controlling,
    Enabling,
    LosingMyself,
    NoBoundaries,
}

impl Sign {
    pub const ALL: [Sign; 5] = [
        Sign::Fixing,
        Sign::Controlling,
        Sign::Enabling,
        Sign::LosingMyself,
        Sign::NoBoundaries,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            Sign::Fixing => "fixing",
            Sign::Controlling => "controlling",
            Sign::Enabling => "enabling",
            Sign::LosingMyself => "losing_myself",
            Sign::NoBoundaries => "no_boundaries",
        }
    }

    /// The words people read.
    pub fn label(self) -> &'static str {
        match self {
            Sign::Fixing => "fixing or rescuing",
            Sign::Controlling => "controlling",
            Sign::Enabling => "enabling",
            Sign::LosingMyself => "losing myself",
            Sign::NoBoundaries => "no boundaries",
        }
    }

    pub fn valid_list() -> String {
        Sign::ALL.map(Sign::name).join(", ")
    }
}

impl fmt::Display for Sign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Sign {
    type Err = CheckError;

    fn from_str(s: &str) -> Result<Sign, CheckError> {
        let norm = super::name_key(s);
        Sign::ALL
            .into_iter()
            .find(|x| x.name() == norm)
            .ok_or(CheckError::UnknownSign)
    }
}

/// Bad input for a check. One line; never repeats the user's text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckError {
    #[error("{0} is a number from 1 to 5")]
    OutOfRange(&'static str),
    #[error("unknown sign: use {}", Sign::valid_list())]
    UnknownSign,
    #[error("a check's day cannot be in the future")]
    Future,
}

/// One check of a relationship on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub id: i64,
    pub contact_id: i64,
    pub day: NaiveDate,
    /// The five values in [`Value::ALL`] order, 1–5 each.
    pub values: [u8; 5],
    /// In [`Sign::ALL`] order, no repeats.
    pub signs: Vec<Sign>,
    pub note: Option<String>,
}

impl Check {
    pub fn value(&self, v: Value) -> u8 {
        self.values[Value::ALL.iter().position(|x| *x == v).unwrap_or(0)]
    }
}

/// A check as written, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCheck {
    pub day: NaiveDate,
    pub values: [i64; 5],
    pub signs: Vec<Sign>,
    pub note: Option<String>,
}

impl NewCheck {
    /// Checks the values (1–5), the day (not after `today`); sorts and
    /// dedups the signs; trims the note (empty is none).
    pub fn checked(&self, today: NaiveDate) -> Result<NewCheck, CheckError> {
        for (v, n) in Value::ALL.iter().zip(self.values) {
            if !(1..=5).contains(&n) {
                return Err(CheckError::OutOfRange(v.name()));
            }
        }
        if self.day > today {
            return Err(CheckError::Future);
        }
        let mut signs = self.signs.clone();
        signs.sort();
        signs.dedup();
        Ok(NewCheck {
            day: self.day,
            values: self.values,
            signs,
            note: self
                .note
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
        })
    }
}

/// Signs stored as one text: names joined by commas, in order.
pub fn signs_text(signs: &[Sign]) -> String {
    signs.iter().map(|s| s.name()).collect::<Vec<_>>().join(",")
}

/// Reads [`signs_text`]; unknown names are an error.
pub fn signs_from_text(s: &str) -> Result<Vec<Sign>, CheckError> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::parse)
        .collect()
}

/// Which way a value has moved between the first and the last of the
/// recent checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Steady,
    Down,
}

impl Direction {
    pub fn word(self) -> &'static str {
        match self {
            Direction::Up => "growing",
            Direction::Steady => "steady",
            Direction::Down => "lower lately",
        }
    }
}

/// The five trends of a contact's checks: for each value in
/// [`Value::ALL`] order, its ratings oldest first (by day, then as logged),
/// the last `keep` of them.
pub fn trends(checks: &[Check], keep: usize) -> [Vec<u8>; 5] {
    let mut sorted: Vec<&Check> = checks.iter().collect();
    sorted.sort_by_key(|c| (c.day, c.id));
    let start = sorted.len().saturating_sub(keep);
    let recent = &sorted[start..];
    std::array::from_fn(|i| recent.iter().map(|c| c.values[i]).collect())
}

/// The direction of one trend: the last rating against the first.
pub fn direction(trend: &[u8]) -> Option<Direction> {
    let (first, last) = (trend.first()?, trend.last()?);
    if trend.len() < 2 {
        return None;
    }
    Some(match last.cmp(first) {
        std::cmp::Ordering::Greater => Direction::Up,
        std::cmp::Ordering::Equal => Direction::Steady,
        std::cmp::Ordering::Less => Direction::Down,
    })
}

/// The newest check (by day, then as logged), for its signs and note.
pub fn latest(checks: &[Check]) -> Option<&Check> {
    checks.iter().max_by_key(|c| (c.day, c.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::domain::dates::parse_iso_day(s).unwrap()
    }

    fn check(id: i64, day: &str, values: [u8; 5], signs: &[Sign]) -> Check {
        Check {
            id,
            contact_id: 1,
            day: d(day),
            values,
            signs: signs.to_vec(),
            note: None,
        }
    }

    #[test]
    fn trends_are_oldest_first_whatever_the_order_logged() {
        let checks = [
            check(3, "2026-03-10", [4, 4, 3, 2, 5], &[]),
            check(1, "2026-03-01", [2, 3, 3, 1, 4], &[Sign::Fixing]),
            check(2, "2026-03-01", [3, 3, 3, 1, 4], &[]),
        ];
        let t = trends(&checks, 10);
        assert_eq!(t[0], [2, 3, 4]);
        assert_eq!(t[3], [1, 1, 2]);
        assert_eq!(direction(&t[0]), Some(Direction::Up));
        assert_eq!(direction(&t[2]), Some(Direction::Steady));
        assert_eq!(direction(&[4, 2]), Some(Direction::Down));
        assert_eq!(direction(&[4]), None);
        assert_eq!(trends(&checks, 2)[0], [3, 4]);
        assert_eq!(latest(&checks).unwrap().id, 3);
    }

    #[test]
    fn a_check_is_checked() {
        let today = d("2026-03-15");
        let c = NewCheck {
            day: today,
            values: [1, 2, 3, 4, 5],
            signs: vec![Sign::NoBoundaries, Sign::Fixing, Sign::Fixing],
            note: Some("  ".into()),
        }
        .checked(today)
        .unwrap();
        assert_eq!(c.signs, [Sign::Fixing, Sign::NoBoundaries]);
        assert_eq!(c.note, None);
        let mut bad = c.clone();
        bad.values[2] = 6;
        assert_eq!(bad.checked(today), Err(CheckError::OutOfRange("affection")));
        let mut later = c.clone();
        later.day = d("2026-03-16");
        assert_eq!(later.checked(today), Err(CheckError::Future));
    }

    #[test]
    fn signs_read_and_write() {
        assert_eq!(
            signs_text(&[Sign::Fixing, Sign::LosingMyself]),
            "fixing,losing_myself"
        );
        assert_eq!(
            signs_from_text("fixing,losing_myself").unwrap(),
            [Sign::Fixing, Sign::LosingMyself]
        );
        assert_eq!(signs_from_text("").unwrap(), []);
        assert_eq!("losing-myself".parse::<Sign>(), Ok(Sign::LosingMyself));
        assert!("grumpy".parse::<Sign>().is_err());
    }
}
