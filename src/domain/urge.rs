//! Urges (DESIGN.md §8.1): when one came, how strong, HALT (hungry, angry,
//! lonely, tired), what set it off, what I did, and how it ended; and the
//! stats that turn the log into the user's own evidence of what helps.
//!
//! An urge *passed* when it ended without using: outcome `passed` or
//! `reached_out`. An urge with no outcome yet is counted, but not as passed.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime};
use serde::Serialize;

use super::dates::{self, DayError};

/// One of HALT's four questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Halt {
    Hungry,
    Angry,
    Lonely,
    Tired,
}

impl Halt {
    pub const ALL: [Halt; 4] = [Halt::Hungry, Halt::Angry, Halt::Lonely, Halt::Tired];

    pub const fn as_str(self) -> &'static str {
        match self {
            Halt::Hungry => "hungry",
            Halt::Angry => "angry",
            Halt::Lonely => "lonely",
            Halt::Tired => "tired",
        }
    }

    /// HALT's simple answer to each.
    pub const fn answer(self) -> &'static str {
        match self {
            Halt::Hungry => "eat something",
            Halt::Angry => "talk it out",
            Halt::Lonely => "reach out to someone",
            Halt::Tired => "rest",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl fmt::Display for Halt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Halt {
    type Err = UrgeError;

    /// The name or its first letter, any case.
    fn from_str(s: &str) -> Result<Halt, UrgeError> {
        let lower = s.trim().to_lowercase();
        Halt::ALL
            .iter()
            .copied()
            .find(|h| h.as_str() == lower || h.as_str()[..1] == lower)
            .ok_or_else(|| UrgeError::UnknownHalt(s.trim().to_string()))
    }
}

/// Which of HALT applied: a small set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct HaltSet(u8);

impl HaltSet {
    pub fn contains(self, h: Halt) -> bool {
        self.0 & h.bit() != 0
    }

    pub fn insert(&mut self, h: Halt) {
        self.0 |= h.bit();
    }

    pub fn toggle(&mut self, h: Halt) {
        self.0 ^= h.bit();
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The members in HALT order.
    pub fn iter(self) -> impl Iterator<Item = Halt> {
        Halt::ALL.into_iter().filter(move |h| self.contains(*h))
    }

    /// The names, in HALT order (`["hungry", "tired"]`).
    pub fn names(self) -> Vec<&'static str> {
        self.iter().map(Halt::as_str).collect()
    }

    /// Reads a list such as `hungry,tired`, `h t` or `HALT`'s letters run
    /// together (`ht`). Empty text is the empty set.
    pub fn parse(s: &str) -> Result<HaltSet, UrgeError> {
        let mut set = HaltSet::default();
        for part in s.split(|c: char| c == ',' || c.is_whitespace()) {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            match part.parse::<Halt>() {
                Ok(h) => set.insert(h),
                Err(e) => {
                    let letters: Option<Vec<Halt>> = part
                        .chars()
                        .map(|c| c.to_string().parse::<Halt>().ok())
                        .collect();
                    match letters {
                        Some(hs) if part.chars().count() <= 4 => {
                            hs.into_iter().for_each(|h| set.insert(h))
                        }
                        _ => return Err(e),
                    }
                }
            }
        }
        Ok(set)
    }

    /// From stored names, skipping any it does not know.
    pub fn from_names<S: AsRef<str>>(names: &[S]) -> HaltSet {
        let mut set = HaltSet::default();
        for n in names {
            if let Ok(h) = n.as_ref().parse() {
                set.insert(h);
            }
        }
        set
    }
}

/// How an urge ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// It passed: I rode it out.
    Passed,
    /// I reached out to someone and it passed.
    ReachedOut,
    /// I used. A slip is information, not the end.
    Used,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Outcome::Passed, Outcome::ReachedOut, Outcome::Used];

    pub const fn as_str(self) -> &'static str {
        match self {
            Outcome::Passed => "passed",
            Outcome::ReachedOut => "reached_out",
            Outcome::Used => "used",
        }
    }

    /// Words for the screen.
    pub const fn label(self) -> &'static str {
        match self {
            Outcome::Passed => "it passed",
            Outcome::ReachedOut => "I reached out",
            Outcome::Used => "I used",
        }
    }

    /// Whether the urge ended without using.
    pub const fn passed(self) -> bool {
        !matches!(self, Outcome::Used)
    }

    pub fn valid_list() -> String {
        Outcome::ALL
            .iter()
            .map(|o| o.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Outcome {
    type Err = UrgeError;

    fn from_str(s: &str) -> Result<Outcome, UrgeError> {
        let norm = super::name_key(s);
        match norm.as_str() {
            "passed" | "pass" => Ok(Outcome::Passed),
            "reached_out" | "reached" => Ok(Outcome::ReachedOut),
            "used" | "use" | "slipped" => Ok(Outcome::Used),
            _ => Err(UrgeError::UnknownOutcome(s.trim().to_string())),
        }
    }
}

/// Bad input for an urge.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrgeError {
    #[error("intensity must be a whole number from 0 to 10 (got {0})")]
    BadIntensity(i64),
    #[error("unknown HALT word \"{0}\": use hungry, angry, lonely, tired (or h, a, l, t)")]
    UnknownHalt(String),
    #[error("unknown outcome \"{0}\": use one of {list}", list = Outcome::valid_list())]
    UnknownOutcome(String),
    #[error(
        "cannot read \"{0}\" as a time: use RFC 3339, YYYY-MM-DD HH:MM, HH:MM, or a day (today, yesterday, N days ago)"
    )]
    BadTime(String),
    #[error("{0} is in the future: log an urge at now or an earlier time")]
    Future(String),
}

impl From<DayError> for UrgeError {
    fn from(e: DayError) -> Self {
        match e {
            DayError::Impossible(s) | DayError::Unreadable(s) => UrgeError::BadTime(s),
        }
    }
}

/// A logged urge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Urge {
    pub id: i64,
    pub at: DateTime<FixedOffset>,
    pub intensity: u8,
    pub halt: HaltSet,
    pub trigger: Option<String>,
    pub did: Option<String>,
    pub outcome: Option<Outcome>,
    pub note: Option<String>,
}

impl Urge {
    /// The local day it came on.
    pub fn day(&self) -> NaiveDate {
        self.at.date_naive()
    }
}

/// An urge to log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUrge {
    pub at: DateTime<FixedOffset>,
    pub intensity: i64,
    pub halt: HaltSet,
    pub trigger: Option<String>,
    pub did: Option<String>,
    pub outcome: Option<Outcome>,
    pub note: Option<String>,
}

/// Optional text as stored: trimmed, `None` when empty.
fn text(t: &Option<String>) -> Option<String> {
    t.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Free text used as a group key (a trigger, what I did): one line,
/// trimmed, inner spaces collapsed.
fn one_line(t: &Option<String>) -> Option<String> {
    text(t).map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
}

impl NewUrge {
    /// Checks the intensity, and trims the texts (empty ones become none).
    pub fn validated(&self) -> Result<NewUrge, UrgeError> {
        check_intensity(self.intensity)?;
        Ok(NewUrge {
            at: self.at,
            intensity: self.intensity,
            halt: self.halt,
            trigger: one_line(&self.trigger),
            did: one_line(&self.did),
            outcome: self.outcome,
            note: text(&self.note),
        })
    }
}

pub fn check_intensity(n: i64) -> Result<u8, UrgeError> {
    u8::try_from(n)
        .ok()
        .filter(|n| *n <= 10)
        .ok_or(UrgeError::BadIntensity(n))
}

/// Reads when an urge came, relative to `now` (its offset is used for times
/// given without one): RFC 3339; `YYYY-MM-DD HH:MM` (or with a `T`);
/// `HH:MM` today; or a day (`yesterday`, `2 days ago`, `YYYY-MM-DD`) at
/// noon. A time after `now` is refused.
pub fn parse_when(s: &str, now: DateTime<FixedOffset>) -> Result<DateTime<FixedOffset>, UrgeError> {
    let t = s.trim();
    let offset = *now.offset();
    let at = if let Ok(at) = DateTime::parse_from_rfc3339(t) {
        at
    } else if let Some(naive) = ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(t, f).ok())
    {
        naive
            .and_local_timezone(offset)
            .single()
            .ok_or_else(|| UrgeError::BadTime(t.to_string()))?
    } else if let Ok(time) = NaiveTime::parse_from_str(t, "%H:%M") {
        now.date_naive()
            .and_time(time)
            .and_local_timezone(offset)
            .single()
            .ok_or_else(|| UrgeError::BadTime(t.to_string()))?
    } else {
        let day = dates::parse_day(t, now.date_naive())?;
        let noon = NaiveTime::from_hms_opt(12, 0, 0).expect("noon exists");
        let at = day
            .and_time(noon)
            .and_local_timezone(offset)
            .single()
            .ok_or_else(|| UrgeError::BadTime(t.to_string()))?;
        // "today" at noon, before noon, means now.
        if day == now.date_naive() && at > now {
            now
        } else {
            at
        }
    };
    if at > now + Duration::minutes(1) {
        return Err(UrgeError::Future(t.to_string()));
    }
    Ok(at)
}

/// HALT counts over many urges.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct HaltCounts {
    pub hungry: u64,
    pub angry: u64,
    pub lonely: u64,
    pub tired: u64,
}

impl HaltCounts {
    pub fn get(&self, h: Halt) -> u64 {
        match h {
            Halt::Hungry => self.hungry,
            Halt::Angry => self.angry,
            Halt::Lonely => self.lonely,
            Halt::Tired => self.tired,
        }
    }

    fn add(&mut self, set: HaltSet) {
        for h in set.iter() {
            match h {
                Halt::Hungry => self.hungry += 1,
                Halt::Angry => self.angry += 1,
                Halt::Lonely => self.lonely += 1,
                Halt::Tired => self.tired += 1,
            }
        }
    }
}

/// How often one trigger came up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TriggerCount {
    pub trigger: String,
    pub count: u64,
}

/// For one thing I did: how often, and how often the urge passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Helped {
    pub did: String,
    pub count: u64,
    pub passed: u64,
}

/// The stats of DESIGN.md §8.1 (`mend urge stats --json`), plus the
/// outcome counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct UrgeStats {
    pub count: u64,
    /// Urges that ended without using (outcome `passed` or `reached_out`).
    pub passed: u64,
    pub reached_out: u64,
    pub used: u64,
    pub halt: HaltCounts,
    /// Most frequent first, then by name.
    pub triggers: Vec<TriggerCount>,
    /// Most often done first, then most often passed, then by name.
    pub what_helped: Vec<Helped>,
}

/// Groups texts case-insensitively, keeping the spelling seen first.
struct Groups<T> {
    order: BTreeMap<String, (String, T)>,
}

impl<T: Default> Groups<T> {
    fn new() -> Self {
        Groups {
            order: BTreeMap::new(),
        }
    }

    fn entry(&mut self, text: &str) -> &mut T {
        let key = text.to_lowercase();
        &mut self
            .order
            .entry(key)
            .or_insert_with(|| (text.to_string(), T::default()))
            .1
    }
}

/// The stats of `urges` (any order; the first spelling of a trigger in time
/// order names its group).
pub fn stats(urges: &[Urge]) -> UrgeStats {
    let mut sorted: Vec<&Urge> = urges.iter().collect();
    sorted.sort_by_key(|u| (u.at, u.id));
    let mut s = UrgeStats::default();
    let mut triggers: Groups<u64> = Groups::new();
    let mut helped: Groups<(u64, u64)> = Groups::new();
    for u in sorted {
        s.count += 1;
        let passed = u.outcome.is_some_and(Outcome::passed);
        if passed {
            s.passed += 1;
        }
        match u.outcome {
            Some(Outcome::ReachedOut) => s.reached_out += 1,
            Some(Outcome::Used) => s.used += 1,
            _ => {}
        }
        s.halt.add(u.halt);
        if let Some(t) = &u.trigger {
            *triggers.entry(t) += 1;
        }
        if let Some(d) = &u.did {
            let e = helped.entry(d);
            e.0 += 1;
            if passed {
                e.1 += 1;
            }
        }
    }
    s.triggers = triggers
        .order
        .into_values()
        .map(|(trigger, count)| TriggerCount { trigger, count })
        .collect();
    s.triggers.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.trigger.cmp(&b.trigger))
    });
    s.what_helped = helped
        .order
        .into_values()
        .map(|(did, (count, passed))| Helped { did, count, passed })
        .collect();
    s.what_helped.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| b.passed.cmp(&a.passed))
            .then_with(|| a.did.cmp(&b.did))
    });
    s
}

/// The Monday that starts the ISO week of `day`.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// Urges per week for the `weeks` weeks ending with the week of `today`,
/// oldest first: (the week's Monday, count).
pub fn per_week(urges: &[Urge], today: NaiveDate, weeks: usize) -> Vec<(NaiveDate, u64)> {
    let last = week_start(today);
    let mut out: Vec<(NaiveDate, u64)> = (0..weeks)
        .rev()
        .map(|i| (last - Duration::weeks(i as i64), 0))
        .collect();
    for u in urges {
        let w = week_start(u.day());
        if let Some(slot) = out.iter_mut().find(|(d, _)| *d == w) {
            slot.1 += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn urge(
        id: i64,
        when: &str,
        halt: &str,
        trigger: Option<&str>,
        did: Option<&str>,
        outcome: Option<Outcome>,
    ) -> Urge {
        Urge {
            id,
            at: at(when),
            intensity: 5,
            halt: HaltSet::parse(halt).unwrap(),
            trigger: trigger.map(str::to_string),
            did: did.map(str::to_string),
            outcome,
            note: None,
        }
    }

    #[test]
    fn halt_lists_parse_names_letters_and_runs() {
        let s = HaltSet::parse("hungry, Tired").unwrap();
        assert_eq!(s.names(), vec!["hungry", "tired"]);
        assert_eq!(
            HaltSet::parse("lt").unwrap().names(),
            vec!["lonely", "tired"]
        );
        assert_eq!(
            HaltSet::parse("a l").unwrap().names(),
            vec!["angry", "lonely"]
        );
        assert!(HaltSet::parse("").unwrap().is_empty());
        let e = HaltSet::parse("sad").unwrap_err().to_string();
        assert!(e.contains("\"sad\""), "{e}");
        let mut t = HaltSet::default();
        t.toggle(Halt::Angry);
        t.toggle(Halt::Angry);
        assert!(t.is_empty());
    }

    #[test]
    fn outcomes_parse_and_used_is_not_passed() {
        assert_eq!(
            "reached-out".parse::<Outcome>().unwrap(),
            Outcome::ReachedOut
        );
        assert_eq!("Passed".parse::<Outcome>().unwrap(), Outcome::Passed);
        assert!("gave up".parse::<Outcome>().is_err());
        assert!(Outcome::Passed.passed() && Outcome::ReachedOut.passed());
        assert!(!Outcome::Used.passed());
    }

    #[test]
    fn intensity_is_zero_to_ten() {
        assert_eq!(check_intensity(0), Ok(0));
        assert_eq!(check_intensity(10), Ok(10));
        assert!(check_intensity(11).is_err());
        assert!(check_intensity(-1).is_err());
    }

    #[test]
    fn validated_trims_texts_and_drops_empty_ones() {
        let u = NewUrge {
            at: at("2026-03-02T18:00:00+01:00"),
            intensity: 7,
            halt: HaltSet::default(),
            trigger: Some("  payday   at  work ".into()),
            did: Some("   ".into()),
            outcome: None,
            note: Some(" wave\n".into()),
        }
        .validated()
        .unwrap();
        assert_eq!(u.trigger.as_deref(), Some("payday at work"));
        assert_eq!(u.did, None);
        assert_eq!(u.note.as_deref(), Some("wave"));
    }

    #[test]
    fn times_read_in_the_given_offset_and_refuse_the_future() {
        let now = at("2026-03-02T18:30:00+01:00");
        assert_eq!(
            parse_when("17:05", now).unwrap(),
            at("2026-03-02T17:05:00+01:00")
        );
        assert_eq!(
            parse_when("2026-03-01 23:10", now).unwrap(),
            at("2026-03-01T23:10:00+01:00")
        );
        assert_eq!(
            parse_when("yesterday", now).unwrap(),
            at("2026-03-01T12:00:00+01:00")
        );
        assert_eq!(
            parse_when("2026-03-02T10:00:00Z", now).unwrap(),
            at("2026-03-02T10:00:00Z")
        );
        assert!(matches!(
            parse_when("19:00", now),
            Err(UrgeError::Future(_))
        ));
        assert!(matches!(
            parse_when("soon", now),
            Err(UrgeError::BadTime(_))
        ));
        let early = at("2026-03-02T08:00:00+01:00");
        assert_eq!(parse_when("today", early).unwrap(), early);
    }

    #[test]
    fn stats_count_halt_triggers_and_what_helped() {
        let urges = vec![
            urge(
                1,
                "2026-03-02T18:00:00+01:00",
                "h t",
                Some("Payday"),
                Some("walk"),
                Some(Outcome::Passed),
            ),
            urge(
                2,
                "2026-03-03T18:00:00+01:00",
                "l",
                Some("payday"),
                Some("Call sponsor"),
                Some(Outcome::ReachedOut),
            ),
            urge(
                3,
                "2026-03-04T18:00:00+01:00",
                "lt",
                Some("bar"),
                Some("walk"),
                Some(Outcome::Used),
            ),
            urge(
                4,
                "2026-03-05T18:00:00+01:00",
                "",
                None,
                Some("WALK"),
                Some(Outcome::Passed),
            ),
            urge(
                5,
                "2026-03-06T18:00:00+01:00",
                "a",
                Some("payday"),
                None,
                None,
            ),
        ];
        let s = stats(&urges);
        assert_eq!(s.count, 5);
        assert_eq!(s.passed, 3);
        assert_eq!(s.reached_out, 1);
        assert_eq!(s.used, 1);
        assert_eq!(
            s.halt,
            HaltCounts {
                hungry: 1,
                angry: 1,
                lonely: 2,
                tired: 2
            }
        );
        assert_eq!(
            s.triggers,
            vec![
                TriggerCount {
                    trigger: "Payday".into(),
                    count: 3
                },
                TriggerCount {
                    trigger: "bar".into(),
                    count: 1
                },
            ]
        );
        assert_eq!(
            s.what_helped,
            vec![
                Helped {
                    did: "walk".into(),
                    count: 3,
                    passed: 2
                },
                Helped {
                    did: "Call sponsor".into(),
                    count: 1,
                    passed: 1
                },
            ]
        );
        let v = serde_json::to_value(&s).unwrap();
        for k in ["count", "passed", "halt", "triggers", "what_helped"] {
            assert!(v.get(k).is_some(), "{k}");
        }
        assert_eq!(v["halt"]["lonely"], 2);
        assert_eq!(v["what_helped"][0]["did"], "walk");
    }

    #[test]
    fn stats_of_nothing_are_zero() {
        let s = stats(&[]);
        assert_eq!(s.count, 0);
        assert!(s.triggers.is_empty() && s.what_helped.is_empty());
    }

    #[test]
    fn per_week_counts_by_monday_oldest_first() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 11).unwrap(); // a Wednesday
        let urges = vec![
            urge(1, "2026-03-09T08:00:00+01:00", "", None, None, None), // Mon this week
            urge(2, "2026-03-08T23:00:00+01:00", "", None, None, None), // Sun last week
            urge(3, "2026-03-02T10:00:00+01:00", "", None, None, None), // Mon last week
            urge(4, "2026-01-01T10:00:00+01:00", "", None, None, None), // too old
        ];
        let w = per_week(&urges, today, 3);
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            w,
            vec![
                (d("2026-02-23"), 0),
                (d("2026-03-02"), 2),
                (d("2026-03-09"), 1)
            ]
        );
    }
}
