//! The daily and weekly rhythm (DESIGN.md §8.2): a morning intention, an
//! evening review, a weekly check-in over risk and protection, and "on this
//! day".
//!
//! One check-in of each kind per day; the weekly one is one per ISO week.
//! Doing one again edits it. The weekly answers give two trends, risk and
//! protection, one point per ISO week: never a score with a label, never a
//! diagnosis. "Today" is always passed in.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Duration, IsoWeek, Months, NaiveDate, Weekday};

/// The three kinds of check-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Morning,
    Evening,
    Weekly,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Morning, Kind::Evening, Kind::Weekly];

    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Morning => "morning",
            Kind::Evening => "evening",
            Kind::Weekly => "weekly",
        }
    }

    /// The period a check-in of this kind done on `day` belongs to: the day
    /// itself, or its ISO week (`2026-W53`) for the weekly one. Doing a
    /// check-in again in the same period edits it.
    pub fn period(self, day: NaiveDate) -> String {
        match self {
            Kind::Weekly => week_label(day.iso_week()),
            _ => crate::domain::format_day(day),
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = CheckinError;

    fn from_str(s: &str) -> Result<Kind, CheckinError> {
        let lower = s.trim().to_lowercase();
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == lower)
            .ok_or_else(|| CheckinError::UnknownKind(s.trim().to_string()))
    }
}

/// `2026-W53`: an ISO week as shown and stored.
pub fn week_label(week: IsoWeek) -> String {
    format!("{:04}-W{:02}", week.year(), week.week())
}

/// The Monday that starts `week`.
pub fn week_monday(week: IsoWeek) -> NaiveDate {
    NaiveDate::from_isoywd_opt(week.year(), week.week(), Weekday::Mon)
        .expect("an IsoWeek from chrono has a Monday")
}

/// Which side of the weekly check-in an item is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Domain {
    /// Things that make a hard week harder.
    Risk,
    /// Things that hold you up.
    Protection,
    /// Days used: shown as answered, in neither trend.
    Use,
}

/// One question of the weekly check-in, answered 0–4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    /// The name used on the command line and in the JSON (`sleep`).
    pub key: &'static str,
    pub domain: Domain,
    /// The question, in mend's own words, about the past seven days.
    pub question: &'static str,
    /// What 0 and 4 mean.
    pub low: &'static str,
    pub high: &'static str,
}

const fn item(
    key: &'static str,
    domain: Domain,
    question: &'static str,
    low: &'static str,
    high: &'static str,
) -> Item {
    Item {
        key,
        domain,
        question,
        low,
        high,
    }
}

/// The weekly items, in the order they are asked.
pub const ITEMS: [Item; 12] = [
    item(
        "body",
        Domain::Risk,
        "How much has your body troubled you (pain, illness, not eating well)?",
        "not at all",
        "a lot",
    ),
    item(
        "sleep",
        Domain::Risk,
        "How hard has sleep been?",
        "easy",
        "very hard",
    ),
    item(
        "mood",
        Domain::Risk,
        "How often have you felt low, anxious or on edge?",
        "never",
        "most days",
    ),
    item(
        "craving",
        Domain::Risk,
        "How strong have cravings or urges been?",
        "none",
        "very strong",
    ),
    item(
        "risky",
        Domain::Risk,
        "How often were you near risky people, places or things?",
        "never",
        "most days",
    ),
    item(
        "strain",
        Domain::Risk,
        "How strained have things been with people close to you?",
        "not at all",
        "very",
    ),
    item(
        "confidence",
        Domain::Protection,
        "How sure are you that you can stay sober this coming week?",
        "not sure",
        "very sure",
    ),
    item(
        "meetings",
        Domain::Protection,
        "How often did you go to a meeting or other support?",
        "not at all",
        "most days",
    ),
    item(
        "meaning",
        Domain::Protection,
        "How much have you felt meaning, faith or hope?",
        "not at all",
        "a lot",
    ),
    item(
        "purpose",
        Domain::Protection,
        "How much have work, study, volunteering or daily tasks given you purpose?",
        "not at all",
        "a lot",
    ),
    item(
        "people",
        Domain::Protection,
        "How much have people around you backed your sobriety?",
        "not at all",
        "a lot",
    ),
    item(
        "used",
        Domain::Use,
        "On how many days did you use? (4 means four or more)",
        "none",
        "4 or more",
    ),
];

/// The item named `key` (case-insensitive).
pub fn find_item(key: &str) -> Option<&'static Item> {
    let key = key.trim().to_lowercase();
    ITEMS.iter().find(|i| i.key == key)
}

/// The item names, for error messages.
pub fn item_list() -> String {
    ITEMS.iter().map(|i| i.key).collect::<Vec<_>>().join(", ")
}

/// The words for the evening's difficulty, 1 to 5.
pub const DIFFICULTY: [&str; 5] = ["easy", "fairly easy", "so-so", "hard", "very hard"];

/// The word for a difficulty (`1` → "easy").
pub fn difficulty_word(n: u8) -> &'static str {
    DIFFICULTY[usize::from(n.clamp(1, 5)) - 1]
}

/// The most gratitudes an evening keeps.
pub const MAX_GRATITUDE: usize = 3;

/// The evening review's questions (the tenth step), in kind words. Their
/// answers are kept together in the evening's note.
pub const EVENING_QUESTIONS: [&str; 4] = [
    "Where was I resentful, dishonest or afraid today?",
    "Do I owe anyone an apology?",
    "What went well today?",
    "Anything else on my mind?",
];

/// Bad input for a check-in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckinError {
    #[error("unknown check-in kind \"{0}\": use morning, evening or weekly")]
    UnknownKind(String),
    #[error("the day's difficulty must be 1 (easy) to 5 (very hard), got {0}")]
    BadDifficulty(i64),
    #[error("unknown weekly item \"{0}\": use one of {list} (see mend checkin weekly --items)", list = item_list())]
    UnknownItem(String),
    #[error("the answer for {0} must be 0 to 4, got {1}")]
    BadAnswer(String, String),
    #[error("write an answer as ITEM=N, for example sleep=2 (got \"{0}\")")]
    BadAnswerShape(String),
    #[error("an evening keeps up to three gratitudes")]
    TooManyGratitudes,
    #[error("a weekly check-in needs at least one answer")]
    NoAnswers,
    #[error("{0} is in the future: check in for today or an earlier day")]
    FutureDay(NaiveDate),
}

/// A check-in as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkin {
    pub id: i64,
    pub day: NaiveDate,
    pub kind: Kind,
    pub intention: Option<String>,
    pub difficulty: Option<u8>,
    pub gratitude: Vec<String>,
    pub note: Option<String>,
    /// Weekly: item key → 0–4.
    pub answers: BTreeMap<String, u8>,
}

/// A check-in to save (new, or replacing the one of its period).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewCheckin {
    pub intention: Option<String>,
    pub difficulty: Option<u8>,
    pub gratitude: Vec<String>,
    pub note: Option<String>,
    pub answers: BTreeMap<String, u8>,
}

fn trimmed(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// Checks a difficulty typed as a number.
pub fn check_difficulty(n: i64) -> Result<u8, CheckinError> {
    if (1..=5).contains(&n) {
        Ok(n as u8)
    } else {
        Err(CheckinError::BadDifficulty(n))
    }
}

/// Reads `ITEM=N`.
pub fn parse_answer(s: &str) -> Result<(String, u8), CheckinError> {
    let (k, v) = s
        .split_once('=')
        .ok_or_else(|| CheckinError::BadAnswerShape(s.to_string()))?;
    let item = find_item(k).ok_or_else(|| CheckinError::UnknownItem(k.trim().to_string()))?;
    let n = v
        .trim()
        .parse::<u8>()
        .ok()
        .filter(|n| *n <= 4)
        .ok_or_else(|| CheckinError::BadAnswer(item.key.to_string(), v.trim().to_string()))?;
    Ok((item.key.to_string(), n))
}

impl NewCheckin {
    /// Checks and tidies a check-in of `kind` for `day`: fields that belong
    /// to another kind are dropped, text is trimmed, empty gratitudes go.
    pub fn validated(
        mut self,
        kind: Kind,
        day: NaiveDate,
        today: NaiveDate,
    ) -> Result<NewCheckin, CheckinError> {
        if day > today {
            return Err(CheckinError::FutureDay(day));
        }
        self.note = trimmed(&self.note);
        match kind {
            Kind::Morning => {
                self.intention = trimmed(&self.intention);
                self.difficulty = None;
                self.gratitude.clear();
                self.answers.clear();
            }
            Kind::Evening => {
                self.intention = None;
                if let Some(d) = self.difficulty {
                    check_difficulty(i64::from(d))?;
                }
                self.gratitude = self
                    .gratitude
                    .iter()
                    .map(|g| g.trim().to_string())
                    .filter(|g| !g.is_empty())
                    .collect();
                if self.gratitude.len() > MAX_GRATITUDE {
                    return Err(CheckinError::TooManyGratitudes);
                }
                self.answers.clear();
            }
            Kind::Weekly => {
                self.intention = None;
                self.difficulty = None;
                self.gratitude.clear();
                for (k, v) in &self.answers {
                    let item = find_item(k).ok_or_else(|| CheckinError::UnknownItem(k.clone()))?;
                    if *v > 4 {
                        return Err(CheckinError::BadAnswer(item.key.into(), v.to_string()));
                    }
                }
                if self.answers.is_empty() {
                    return Err(CheckinError::NoAnswers);
                }
            }
        }
        Ok(self)
    }
}

/// What is open today: the check-ins not done yet. Never a streak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Open {
    pub morning: bool,
    pub evening: bool,
    pub weekly: bool,
}

impl Open {
    /// From the check-ins done today (and this week, for the weekly one).
    pub fn from_done(done: &[(Kind, NaiveDate)], today: NaiveDate) -> Open {
        let has = |k: Kind| {
            done.iter()
                .any(|(kind, day)| *kind == k && k.period(*day) == k.period(today))
        };
        Open {
            morning: !has(Kind::Morning),
            evening: !has(Kind::Evening),
            weekly: !has(Kind::Weekly),
        }
    }

    /// The open kinds, in order.
    pub fn kinds(&self) -> Vec<Kind> {
        let mut v = Vec::new();
        if self.morning {
            v.push(Kind::Morning);
        }
        if self.evening {
            v.push(Kind::Evening);
        }
        if self.weekly {
            v.push(Kind::Weekly);
        }
        v
    }

    pub fn is_open(&self, kind: Kind) -> bool {
        match kind {
            Kind::Morning => self.morning,
            Kind::Evening => self.evening,
            Kind::Weekly => self.weekly,
        }
    }
}

/// Risk and protection in one ISO week: the mean of that week's answers on
/// each side (0–4), `None` when no item of that side was answered.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeekPoint {
    pub week: IsoWeek,
    pub risk: Option<f64>,
    pub protection: Option<f64>,
}

fn mean_of(answers: &BTreeMap<String, u8>, domain: Domain) -> Option<f64> {
    let vals: Vec<f64> = ITEMS
        .iter()
        .filter(|i| i.domain == domain)
        .filter_map(|i| answers.get(i.key))
        .map(|v| f64::from(*v))
        .collect();
    (!vals.is_empty()).then(|| vals.iter().sum::<f64>() / vals.len() as f64)
}

/// One point per week with a weekly check-in, oldest first.
pub fn trend(weekly: &[Checkin]) -> Vec<WeekPoint> {
    let mut by_week: BTreeMap<(i32, u32), &Checkin> = BTreeMap::new();
    for c in weekly.iter().filter(|c| c.kind == Kind::Weekly) {
        let w = c.day.iso_week();
        // One per week; should two arrive (an import), the later day wins.
        let slot = by_week.entry((w.year(), w.week())).or_insert(c);
        if c.day > slot.day {
            *slot = c;
        }
    }
    by_week
        .values()
        .map(|c| WeekPoint {
            week: c.day.iso_week(),
            risk: mean_of(&c.answers, Domain::Risk),
            protection: mean_of(&c.answers, Domain::Protection),
        })
        .collect()
}

/// The trend draws once there are this many weeks of answers.
pub const TREND_MIN_WEEKS: usize = 3;

/// Whether risk rose two weeks running: the three latest weeks with answers
/// are consecutive ISO weeks, the latest is this week or last week, and
/// risk went up from the first to the second and from the second to the
/// third.
pub fn risk_rising(points: &[WeekPoint], today: NaiveDate) -> bool {
    let [.., a, b, c] = points else {
        return false;
    };
    let monday = |p: &WeekPoint| week_monday(p.week);
    let this_week = week_monday(today.iso_week());
    let fresh = this_week - monday(c) <= Duration::days(7);
    let consecutive =
        monday(b) - monday(a) == Duration::days(7) && monday(c) - monday(b) == Duration::days(7);
    match (a.risk, b.risk, c.risk) {
        (Some(x), Some(y), Some(z)) => fresh && consecutive && y > x && z > y,
        _ => false,
    }
}

/// The one gentle line Today shows when risk rose two weeks running: the
/// plan's first coping step, when there is one, and the first emergency
/// contact, when there is one. No score, no label.
pub fn risk_note(coping: Option<&str>, contact: Option<(&str, Option<&str>)>) -> String {
    let mut s = String::from("The last weeks have been getting harder.");
    if let Some(step) = coping.map(str::trim).filter(|c| !c.is_empty()) {
        s.push_str(&format!(" What helps: {step}."));
    }
    match contact {
        Some((name, Some(phone))) => s.push_str(&format!(" {name} is a call away: {phone}.")),
        Some((name, None)) => s.push_str(&format!(" {name} is there for you.")),
        None => s.push_str(" Reaching out to someone you trust can help."),
    }
    s
}

/// How many years back "on this day" looks: a lifetime of journaling, and
/// a bound on the days looked up on every start, whatever dates an import
/// brought (each is one index seek).
pub const ON_THIS_DAY_YEARS: i32 = 100;

/// The days "on this day" looks at: this date in each earlier year back to
/// `earliest`, at most [`ON_THIS_DAY_YEARS`] (29 February is looked for on
/// 28 February in other years), and the day one month ago (clamped to the
/// month's end). Newest first.
pub fn on_this_day_dates(today: NaiveDate, earliest: NaiveDate) -> Vec<NaiveDate> {
    let earliest = earliest
        .max(NaiveDate::from_ymd_opt(today.year() - ON_THIS_DAY_YEARS, 1, 1).unwrap_or(earliest));
    let mut days = Vec::new();
    if let Some(m) = today.checked_sub_months(Months::new(1)) {
        days.push(m);
    }
    let leap_eve = today.month() == 2 && today.day() == 28;
    let mut year = today.year() - 1;
    while year >= earliest.year() && year >= 1 {
        if let Some(d) = NaiveDate::from_ymd_opt(year, today.month(), today.day()) {
            days.push(d);
        } else if let Some(d) = NaiveDate::from_ymd_opt(year, 2, 28) {
            // Today is 29 February: other years have no such day.
            days.push(d);
        }
        if leap_eve
            && !is_leap(today.year())
            && let Some(d) = NaiveDate::from_ymd_opt(year, 2, 29)
        {
            days.push(d);
        }
        year -= 1;
    }
    days.retain(|d| *d >= earliest && *d < today);
    days.sort_unstable_by(|a, b| b.cmp(a));
    days.dedup();
    days
}

fn is_leap(year: i32) -> bool {
    NaiveDate::from_ymd_opt(year, 2, 29).is_some()
}

/// "a year ago", "3 years ago", "a month ago": how far back `day` is.
pub fn how_long_ago(day: NaiveDate, today: NaiveDate) -> String {
    let years = today.year() - day.year();
    if years > 0 && day.month() == today.month() {
        if years == 1 {
            "a year ago".into()
        } else {
            format!("{years} years ago")
        }
    } else {
        "a month ago".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn weekly(day: &str, risk: u8, protection: u8) -> Checkin {
        let mut answers = BTreeMap::new();
        for i in ITEMS.iter() {
            let v = match i.domain {
                Domain::Risk => risk,
                Domain::Protection => protection,
                Domain::Use => 0,
            };
            answers.insert(i.key.to_string(), v);
        }
        Checkin {
            id: 0,
            day: d(day),
            kind: Kind::Weekly,
            intention: None,
            difficulty: None,
            gratitude: vec![],
            note: None,
            answers,
        }
    }

    #[test]
    fn weekly_period_is_the_iso_week_across_a_year_end() {
        // 2026 has 53 ISO weeks: 2027-01-01 (a Friday) is still 2026-W53.
        assert_eq!(Kind::Weekly.period(d("2026-12-28")), "2026-W53");
        assert_eq!(Kind::Weekly.period(d("2027-01-03")), "2026-W53");
        assert_eq!(Kind::Weekly.period(d("2027-01-04")), "2027-W01");
        assert_eq!(Kind::Morning.period(d("2027-01-03")), "2027-01-03");
        assert_eq!(week_monday(d("2027-01-03").iso_week()), d("2026-12-28"));
    }

    #[test]
    fn open_is_what_is_not_done_today_or_this_week() {
        let today = d("2027-01-02");
        let open = Open::from_done(
            &[
                (Kind::Morning, d("2027-01-01")),
                (Kind::Evening, today),
                (Kind::Weekly, d("2026-12-28")),
            ],
            today,
        );
        assert_eq!(
            open,
            Open {
                morning: true,
                evening: false,
                weekly: false
            }
        );
        assert_eq!(open.kinds(), vec![Kind::Morning]);
        // The next Monday opens a new week.
        let open = Open::from_done(&[(Kind::Weekly, d("2026-12-28"))], d("2027-01-04"));
        assert!(open.weekly);
    }

    #[test]
    fn answers_are_read_and_checked() {
        assert_eq!(parse_answer("Sleep=3"), Ok(("sleep".into(), 3)));
        assert_eq!(parse_answer(" used = 0"), Ok(("used".into(), 0)));
        assert!(matches!(
            parse_answer("sleep=5"),
            Err(CheckinError::BadAnswer(..))
        ));
        assert!(matches!(
            parse_answer("sleep=-1"),
            Err(CheckinError::BadAnswer(..))
        ));
        assert!(matches!(
            parse_answer("naps=1"),
            Err(CheckinError::UnknownItem(_))
        ));
        assert!(matches!(
            parse_answer("sleep"),
            Err(CheckinError::BadAnswerShape(_))
        ));
        assert_eq!(ITEMS.iter().filter(|i| i.domain == Domain::Risk).count(), 6);
        assert_eq!(
            ITEMS
                .iter()
                .filter(|i| i.domain == Domain::Protection)
                .count(),
            5
        );
    }

    #[test]
    fn validation_keeps_only_the_kinds_fields() {
        let today = d("2026-05-01");
        let input = NewCheckin {
            intention: Some("  be kind ".into()),
            difficulty: Some(3),
            gratitude: vec!["tea".into(), " ".into(), "sun".into()],
            note: Some("  ".into()),
            answers: BTreeMap::new(),
        };
        let m = input
            .clone()
            .validated(Kind::Morning, today, today)
            .unwrap();
        assert_eq!(m.intention.as_deref(), Some("be kind"));
        assert_eq!(m.difficulty, None);
        assert!(m.gratitude.is_empty());
        assert_eq!(m.note, None);
        let e = input.validated(Kind::Evening, today, today).unwrap();
        assert_eq!(e.intention, None);
        assert_eq!(e.gratitude, vec!["tea", "sun"]);
        let four = NewCheckin {
            gratitude: vec!["a".into(), "b".into(), "c".into(), "d".into()],
            ..Default::default()
        };
        assert_eq!(
            four.validated(Kind::Evening, today, today),
            Err(CheckinError::TooManyGratitudes)
        );
        let bad = NewCheckin {
            difficulty: Some(6),
            ..Default::default()
        };
        assert_eq!(
            bad.validated(Kind::Evening, today, today),
            Err(CheckinError::BadDifficulty(6))
        );
        assert_eq!(
            NewCheckin::default().validated(Kind::Weekly, today, today),
            Err(CheckinError::NoAnswers)
        );
        assert_eq!(
            NewCheckin::default().validated(Kind::Morning, d("2026-05-02"), today),
            Err(CheckinError::FutureDay(d("2026-05-02")))
        );
    }

    #[test]
    fn trend_has_one_point_per_week_with_means() {
        let mut c = weekly("2026-12-30", 2, 3);
        c.answers.insert("sleep".into(), 4);
        let later_same_week = weekly("2027-01-02", 1, 1);
        let points = trend(&[c, weekly("2026-12-21", 0, 4), later_same_week]);
        assert_eq!(points.len(), 2);
        assert_eq!(week_label(points[0].week), "2026-W52");
        assert_eq!(week_label(points[1].week), "2026-W53");
        assert_eq!(points[1].risk, Some(1.0));
        assert_eq!(points[0].protection, Some(4.0));
        // Only a use answer: neither trend has a point.
        let mut only_use = weekly("2027-01-05", 0, 0);
        only_use.answers.retain(|k, _| k == "used");
        let p = trend(&[only_use]);
        assert_eq!((p[0].risk, p[0].protection), (None, None));
    }

    #[test]
    fn risk_rising_two_weeks_running_across_week_53() {
        let weeks = [
            weekly("2026-12-21", 1, 3), // W52
            weekly("2026-12-29", 2, 3), // W53
            weekly("2027-01-05", 3, 3), // 2027-W01
        ];
        let points = trend(&weeks);
        assert!(risk_rising(&points, d("2027-01-06")));
        // Still shown the week after; not two weeks after.
        assert!(risk_rising(&points, d("2027-01-12")));
        assert!(!risk_rising(&points, d("2027-01-18")));
        // Rose once, then held: not running.
        let flat = trend(&[
            weekly("2026-12-21", 1, 3),
            weekly("2026-12-29", 2, 3),
            weekly("2027-01-05", 2, 3),
        ]);
        assert!(!risk_rising(&flat, d("2027-01-06")));
        // A gap week breaks the run.
        let gap = trend(&[
            weekly("2026-12-14", 1, 3),
            weekly("2026-12-29", 2, 3),
            weekly("2027-01-05", 3, 3),
        ]);
        assert!(!risk_rising(&gap, d("2027-01-06")));
        // Two weeks are not enough.
        assert!(!risk_rising(&points[1..], d("2027-01-06")));
    }

    #[test]
    fn on_this_day_looks_back_years_and_a_month() {
        // A journal with entries from centuries ago (an odd import) still
        // looks back a hundred years at most.
        let far = on_this_day_dates(d("2026-03-15"), d("1200-01-01"));
        assert_eq!(far.len(), 1 + ON_THIS_DAY_YEARS as usize);
        assert_eq!(far.last(), Some(&d("1926-03-15")));
        let got = on_this_day_dates(d("2027-03-31"), d("2024-01-01"));
        assert_eq!(
            got,
            vec![
                d("2027-02-28"),
                d("2026-03-31"),
                d("2025-03-31"),
                d("2024-03-31")
            ]
        );
        // Nothing before the first entry.
        assert_eq!(
            on_this_day_dates(d("2027-03-31"), d("2026-01-01")),
            vec![d("2027-02-28"), d("2026-03-31")]
        );
        // 29 February: other years look at the 28th.
        let leap = on_this_day_dates(d("2028-02-29"), d("2027-01-01"));
        assert_eq!(leap, vec![d("2028-01-29"), d("2027-02-28")]);
        // 28 February in a common year also finds an earlier 29 February.
        let eve = on_this_day_dates(d("2029-02-28"), d("2028-01-01"));
        assert_eq!(eve, vec![d("2029-01-28"), d("2028-02-29"), d("2028-02-28")]);
        assert_eq!(how_long_ago(d("2026-03-31"), d("2027-03-31")), "a year ago");
        assert_eq!(
            how_long_ago(d("2024-03-31"), d("2027-03-31")),
            "3 years ago"
        );
        assert_eq!(
            how_long_ago(d("2027-02-28"), d("2027-03-31")),
            "a month ago"
        );
    }

    #[test]
    fn the_risk_note_is_one_gentle_line() {
        let n = risk_note(Some("call, then walk"), Some(("Sam", Some("555 0100"))));
        assert_eq!(
            n,
            "The last weeks have been getting harder. What helps: call, then walk. Sam is a call away: 555 0100."
        );
        let n = risk_note(None, None);
        assert!(n.contains("Reaching out"), "{n}");
        assert!(!n.contains('\n'));
    }

    #[test]
    fn difficulty_words() {
        assert_eq!(difficulty_word(1), "easy");
        assert_eq!(difficulty_word(5), "very hard");
        assert_eq!(check_difficulty(0), Err(CheckinError::BadDifficulty(0)));
    }
}
