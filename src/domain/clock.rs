//! Sobriety clocks: days sober, streaks across resets, and milestones as
//! recovery fellowships count them.
//!
//! `since` is the clock's first sober day ever. A reset records the day of a
//! slip `S`: the streak before it ran from its start up to (not including)
//! `S`, so it lasted `S - start` days (the count shown on the day of the
//! slip), and the new streak's first sober day is `S + 1`. The slip day
//! itself is counted in no streak. "Today" is always passed in.
//!
//! Every figure of a clock (the current streak, its start, days, longest,
//! total, money saved, milestones) comes from [`Clock::figures`], itself
//! built on [`Clock::streaks`]: the CLI, its JSON, the TUI and the exports
//! all read them there and never recompute them.

use chrono::{Days, Months, NaiveDate};

/// A new start on a clock: `day` is the day of the slip; the new streak's
/// first sober day is the day after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reset {
    pub day: NaiveDate,
    pub note: Option<String>,
}

impl Reset {
    /// The first sober day of the streak this reset began.
    pub fn new_start(&self) -> NaiveDate {
        self.day.checked_add_days(Days::new(1)).unwrap_or(self.day)
    }
}

/// The day of the slip for a new first sober day `start` (the day before).
pub fn slip_day_for_start(start: NaiveDate) -> NaiveDate {
    start.checked_sub_days(Days::new(1)).unwrap_or(start)
}

/// Every figure of a clock on one day, from one computation.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// The clock's first sober day ever.
    pub first_day: NaiveDate,
    /// The first sober day of the current streak (may be tomorrow, after a
    /// slip today).
    pub since: NaiveDate,
    /// Days sober in the current streak.
    pub days: i64,
    /// The longest streak in days.
    pub longest_days: i64,
    /// Sober days across all streaks.
    pub total_days: i64,
    /// Money not spent in the current streak, in cents.
    pub saved_cents: Option<i64>,
    /// Every streak, oldest first; the last one is the current streak.
    pub streaks: Vec<Streak>,
    /// Milestones of the current streak around today.
    pub progress: Progress,
    /// The milestone reached exactly today, if any.
    pub milestone_today: Option<Milestone>,
}

/// A sobriety clock with its history of resets (oldest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clock {
    pub id: i64,
    pub label: String,
    /// The first sober day of the very first streak.
    pub since: NaiveDate,
    pub cost_per_day_cents: Option<i64>,
    /// Resets in day order (oldest first).
    pub resets: Vec<Reset>,
}

/// One unbroken run of sober days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Streak {
    /// Its first sober day.
    pub start: NaiveDate,
    /// The day of the slip that closed it (the next streak began the day
    /// after), or `None` for the current streak.
    pub end: Option<NaiveDate>,
    /// Days sober in it.
    pub days: i64,
    /// The note of the reset that closed it.
    pub note: Option<String>,
}

impl Streak {
    /// Its days as shown in histories: `2025-01-01 – 2025-03-31` (the last
    /// sober day, the one before the slip), `2025-04-02 – today`, or a
    /// single day for a streak that ended where it began.
    pub fn span(&self) -> String {
        let start = crate::domain::format_day(self.start);
        match self.end {
            None => format!("{start} – today"),
            Some(_) if self.days == 0 => start,
            Some(end) => format!(
                "{start} – {}",
                crate::domain::format_day(end - chrono::Duration::days(1))
            ),
        }
    }
}

/// A milestone: a name and the day it falls on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Milestone {
    pub name: String,
    pub on: NaiveDate,
}

/// Why a clock or a reset was refused. Messages are one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    #[error("a clock needs a label, such as Alcohol")]
    EmptyLabel,
    #[error("a label has at most {MAX_LABEL} characters")]
    LongLabel,
    #[error("a label cannot hold control characters")]
    ControlInLabel,
    #[error("a clock named \"{0}\" already exists")]
    DuplicateLabel(String),
    #[error("the first sober day {0} is in the future (today is {1})")]
    FutureSince(NaiveDate, NaiveDate),
    #[error("the first sober day {0} is before {EARLIEST_SINCE}; check the year")]
    AncientSince(NaiveDate),
    #[error("the day of the slip {0} is in the future (today is {1})")]
    FutureReset(NaiveDate, NaiveDate),
    #[error("the day of the slip {0} is before the current streak began on {1}")]
    ResetBeforeStart(NaiveDate, NaiveDate),
    #[error("the cost per day must be an amount from 0 to {MAX_COST_TEXT}, like 12.50")]
    BadCost,
    #[error("the first sober day {0} is on or after the first slip on {1}; pick a day before {1}")]
    SinceAfterReset(NaiveDate, NaiveDate),
}

/// The earliest first sober day accepted.
pub const EARLIEST_SINCE: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(d) => d,
    None => panic!("a real date"),
};

/// The largest cost per day accepted, in cents (1,000,000.00), so that money
/// saved over any streak stays far inside an `i64`.
pub const MAX_COST_CENTS: i64 = 100_000_000;
const MAX_COST_TEXT: &str = "1000000.00";

/// Checks a cost per day in cents: 0 up to [`MAX_COST_CENTS`].
pub fn validate_cost(cents: i64) -> Result<(), ClockError> {
    if (0..=MAX_COST_CENTS).contains(&cents) {
        Ok(())
    } else {
        Err(ClockError::BadCost)
    }
}

/// The longest label accepted.
pub const MAX_LABEL: usize = 40;

/// Checks a label and returns it trimmed.
pub fn validate_label(label: &str) -> Result<String, ClockError> {
    let label = label.trim();
    if label.is_empty() {
        return Err(ClockError::EmptyLabel);
    }
    if label.chars().any(char::is_control) {
        return Err(ClockError::ControlInLabel);
    }
    if label.chars().count() > MAX_LABEL {
        return Err(ClockError::LongLabel);
    }
    Ok(label.to_string())
}

/// Checks a label against the labels already in use (case-insensitive).
pub fn check_unique<'a>(
    label: &str,
    existing: impl IntoIterator<Item = &'a str>,
) -> Result<(), ClockError> {
    let lower = label.to_lowercase();
    if existing.into_iter().any(|e| e.to_lowercase() == lower) {
        return Err(ClockError::DuplicateLabel(label.to_string()));
    }
    Ok(())
}

/// A first sober day may be today or earlier, and not before 1900.
pub fn validate_since(since: NaiveDate, today: NaiveDate) -> Result<(), ClockError> {
    if since > today {
        return Err(ClockError::FutureSince(since, today));
    }
    if since < EARLIEST_SINCE {
        return Err(ClockError::AncientSince(since));
    }
    Ok(())
}

/// Reads a money amount (`12`, `12.5`, `12.50`) as cents.
pub fn parse_cents(text: &str) -> Result<i64, ClockError> {
    let s = text.trim();
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w, f),
        None => (s, ""),
    };
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && frac.is_empty()
        || !digits(whole)
        || !digits(frac)
        || frac.len() > 2
        || whole.len() > 7
    {
        return Err(ClockError::BadCost);
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| ClockError::BadCost)?
    };
    let frac: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().map_err(|_| ClockError::BadCost)? * 10,
        _ => frac.parse().map_err(|_| ClockError::BadCost)?,
    };
    let cents = whole * 100 + frac;
    validate_cost(cents)?;
    Ok(cents)
}

/// Formats cents with a currency symbol and thousands separators:
/// `$1,234.50`.
pub fn format_money(cents: i64, currency: &str) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{currency}{grouped}.{:02}", cents % 100)
}

/// Formats cents as a plain amount (`12.50`), as typed.
pub fn format_amount(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// "1 day", "2 days".
pub fn days_word(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

/// The `index`-th milestone of a clock whose streak began on `since`:
/// 24 hours, 7, 30, 60, 90 days, 6 and 9 months, 1 year, 18 months, then
/// every year. Month and year milestones are calendar anniversaries, clamped
/// to the end of the month. `None` only past the end of the calendar.
pub fn milestone(since: NaiveDate, index: usize) -> Option<Milestone> {
    let days = |n: u64, name: &str| {
        since
            .checked_add_days(chrono::Days::new(n))
            .map(|on| Milestone {
                name: name.to_string(),
                on,
            })
    };
    let months = |n: u32, name: String| {
        since
            .checked_add_months(Months::new(n))
            .map(|on| Milestone { name, on })
    };
    match index {
        0 => days(1, "24 hours"),
        1 => days(7, "7 days"),
        2 => days(30, "30 days"),
        3 => days(60, "60 days"),
        4 => days(90, "90 days"),
        5 => months(6, "6 months".into()),
        6 => months(9, "9 months".into()),
        7 => months(12, "1 year".into()),
        8 => months(18, "18 months".into()),
        n => {
            let years = u32::try_from(n - 7).ok()?;
            months(years.checked_mul(12)?, format!("{years} years"))
        }
    }
}

/// Where a streak stands among its milestones on `today`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// The last milestone reached (on or before today), if any.
    pub previous: Option<Milestone>,
    /// The next milestone (strictly after today).
    pub next: Option<Milestone>,
}

impl Progress {
    /// Days from today to the next milestone.
    pub fn days_left(&self, today: NaiveDate) -> Option<i64> {
        self.next.as_ref().map(|m| (m.on - today).num_days())
    }

    /// The fraction of the way from the previous milestone (or the start) to
    /// the next, in 0.0..=1.0.
    pub fn ratio(&self, start: NaiveDate, today: NaiveDate) -> f64 {
        let Some(next) = &self.next else { return 1.0 };
        let from = self.previous.as_ref().map_or(start, |m| m.on);
        let span = (next.on - from).num_days();
        if span <= 0 {
            return 1.0;
        }
        ((today - from).num_days() as f64 / span as f64).clamp(0.0, 1.0)
    }
}

/// The milestones around `today` for a streak that began on `start`.
pub fn progress(start: NaiveDate, today: NaiveDate) -> Progress {
    let mut previous = None;
    for i in 0.. {
        match milestone(start, i) {
            Some(m) if m.on <= today => previous = Some(m),
            Some(m) => {
                return Progress {
                    previous,
                    next: Some(m),
                };
            }
            None => break,
        }
    }
    Progress {
        previous,
        next: None,
    }
}

/// The milestone that falls exactly on `today`, if any.
pub fn milestone_today(start: NaiveDate, today: NaiveDate) -> Option<Milestone> {
    progress(start, today).previous.filter(|m| m.on == today)
}

impl Clock {
    /// Every figure of the clock on `today`: the one place they are worked
    /// out.
    pub fn figures(&self, today: NaiveDate) -> Figures {
        let streaks = self.streaks(today);
        let current = streaks.last().expect("a clock always has a current streak");
        let since = current.start;
        let days = current.days;
        let progress = progress(since, today);
        let milestone_today = progress.previous.clone().filter(|m| m.on == today);
        Figures {
            first_day: self.since,
            since,
            days,
            longest_days: streaks.iter().map(|s| s.days).max().unwrap_or(0),
            total_days: streaks.iter().map(|s| s.days).sum(),
            saved_cents: self
                .cost_per_day_cents
                .map(|c| c.checked_mul(days).unwrap_or(i64::MAX)),
            streaks,
            progress,
            milestone_today,
        }
    }

    /// The first sober day of the current streak.
    pub fn current_since(&self) -> NaiveDate {
        self.resets.last().map_or(self.since, Reset::new_start)
    }

    /// Days sober now (the first sober day itself counts 0).
    pub fn days(&self, today: NaiveDate) -> i64 {
        self.figures(today).days
    }

    /// Every streak, oldest first; the last one is the current streak. A
    /// streak closed by a slip on day `S` lasted `S - start` days.
    pub fn streaks(&self, today: NaiveDate) -> Vec<Streak> {
        let mut out = Vec::with_capacity(self.resets.len() + 1);
        let mut start = self.since;
        for r in &self.resets {
            out.push(Streak {
                start,
                end: Some(r.day),
                days: (r.day - start).num_days().max(0),
                note: r.note.clone(),
            });
            start = r.new_start();
        }
        out.push(Streak {
            start,
            end: None,
            days: (today - start).num_days().max(0),
            note: None,
        });
        out
    }

    /// The longest streak in days (derived, never stored).
    pub fn longest_days(&self, today: NaiveDate) -> i64 {
        self.figures(today).longest_days
    }

    /// Sober days across all streaks.
    pub fn total_days(&self, today: NaiveDate) -> i64 {
        self.figures(today).total_days
    }

    /// Milestones of the current streak around today.
    pub fn progress(&self, today: NaiveDate) -> Progress {
        self.figures(today).progress
    }

    /// The milestone reached exactly today, if any.
    pub fn milestone_today(&self, today: NaiveDate) -> Option<Milestone> {
        self.figures(today).milestone_today
    }

    /// Money not spent in the current streak, in cents.
    pub fn saved_cents(&self, today: NaiveDate) -> Option<i64> {
        self.figures(today).saved_cents
    }

    /// Checks a slip on `day`: not in the future, not before the current
    /// streak began (a slip on its first day is allowed: a 0-day streak).
    pub fn validate_reset(&self, day: NaiveDate, today: NaiveDate) -> Result<(), ClockError> {
        if day > today {
            return Err(ClockError::FutureReset(day, today));
        }
        let current = self.current_since();
        if day < current {
            return Err(ClockError::ResetBeforeStart(day, current));
        }
        Ok(())
    }

    /// Checks a corrected first sober day: not in the future, and before the
    /// first slip (on it, the streak it closed would shrink to nothing).
    /// Keeping the first day as it is always passes, so an old history can
    /// still have its label or cost corrected.
    pub fn validate_new_since(&self, since: NaiveDate, today: NaiveDate) -> Result<(), ClockError> {
        if since == self.since {
            return Ok(());
        }
        validate_since(since, today)?;
        match self.resets.first() {
            Some(first) if since >= first.day => Err(ClockError::SinceAfterReset(since, first.day)),
            _ => Ok(()),
        }
    }

    /// The kind words shown after a reset, naming the streak it closed.
    pub fn reset_words(closed_days: i64) -> String {
        if closed_days > 0 {
            format!(
                "A new start. Your {} still happened.",
                days_word(closed_days)
            )
        } else {
            "A new start. Every day from here counts.".to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn streak_spans_name_the_last_sober_day() {
        let closed = Streak {
            start: d("2025-01-01"),
            end: Some(d("2025-04-01")),
            days: 90,
            note: None,
        };
        assert_eq!(closed.span(), "2025-01-01 – 2025-03-31");
        let same_day = Streak {
            start: d("2025-04-01"),
            end: Some(d("2025-04-01")),
            days: 0,
            note: None,
        };
        assert_eq!(same_day.span(), "2025-04-01");
        let current = Streak {
            start: d("2025-04-01"),
            end: None,
            days: 3,
            note: None,
        };
        assert_eq!(current.span(), "2025-04-01 – today");
    }

    fn clock(since: &str, resets: &[&str]) -> Clock {
        Clock {
            id: 1,
            label: "Alcohol".into(),
            since: d(since),
            cost_per_day_cents: None,
            resets: resets
                .iter()
                .map(|r| Reset {
                    day: d(r),
                    note: None,
                })
                .collect(),
        }
    }

    fn names_and_days(since: &str, n: usize) -> Vec<(String, String)> {
        (0..n)
            .map(|i| {
                let m = milestone(d(since), i).unwrap();
                (m.name, m.on.to_string())
            })
            .collect()
    }

    #[test]
    fn since_today_is_zero_days() {
        let c = clock("2026-03-15", &[]);
        assert_eq!(c.days(d("2026-03-15")), 0);
        assert_eq!(c.days(d("2026-03-16")), 1);
        assert_eq!(c.days(d("2026-06-23")), 100);
    }

    #[test]
    fn days_count_across_month_and_year_ends_and_leap_days() {
        let c = clock("2023-12-31", &[]);
        assert_eq!(c.days(d("2024-01-01")), 1);
        assert_eq!(c.days(d("2024-03-01")), 61); // 31 + 29 (leap Feb) + 1
        assert_eq!(c.days(d("2024-12-31")), 366);
    }

    #[test]
    fn milestones_in_order_with_their_days() {
        assert_eq!(
            names_and_days("2025-01-01", 12),
            [
                ("24 hours", "2025-01-02"),
                ("7 days", "2025-01-08"),
                ("30 days", "2025-01-31"),
                ("60 days", "2025-03-02"),
                ("90 days", "2025-04-01"),
                ("6 months", "2025-07-01"),
                ("9 months", "2025-10-01"),
                ("1 year", "2026-01-01"),
                ("18 months", "2026-07-01"),
                ("2 years", "2027-01-01"),
                ("3 years", "2028-01-01"),
                ("4 years", "2029-01-01"),
            ]
            .map(|(a, b)| (a.to_string(), b.to_string()))
        );
    }

    #[test]
    fn month_milestones_clamp_to_the_month_end() {
        // Aug 31 + 6 months = Feb 28 (2025 is common), + 9 months = May 31.
        let m = names_and_days("2024-08-31", 9);
        assert_eq!(m[5], ("6 months".into(), "2025-02-28".into()));
        assert_eq!(m[6], ("9 months".into(), "2025-05-31".into()));
        assert_eq!(m[8], ("18 months".into(), "2026-02-28".into()));
        // Into a leap February: Aug 31 2023 + 6 months = Feb 29 2024.
        let m = names_and_days("2023-08-31", 6);
        assert_eq!(m[5].1, "2024-02-29");
        // DESIGN: since Jan 31 + 1 month is Feb 29 in a leap year (chrono
        // clamps the same way for every month count).
        assert_eq!(
            d("2024-01-31").checked_add_months(Months::new(1)),
            Some(d("2024-02-29"))
        );
        assert_eq!(
            d("2025-01-31").checked_add_months(Months::new(1)),
            Some(d("2025-02-28"))
        );
    }

    #[test]
    fn a_leap_day_start_has_its_anniversary_on_feb_28_in_common_years() {
        let m = names_and_days("2024-02-29", 12);
        assert_eq!(m[7], ("1 year".into(), "2025-02-28".into()));
        assert_eq!(m[8], ("18 months".into(), "2025-08-29".into()));
        assert_eq!(m[9], ("2 years".into(), "2026-02-28".into()));
        assert_eq!(m[10], ("3 years".into(), "2027-02-28".into()));
        assert_eq!(m[11], ("4 years".into(), "2028-02-29".into()));
    }

    #[test]
    fn next_milestone_and_days_left() {
        let start = d("2025-12-05");
        let today = d("2026-03-15"); // 100 days
        let p = progress(start, today);
        assert_eq!(p.previous.as_ref().unwrap().name, "90 days");
        let next = p.next.clone().unwrap();
        assert_eq!(next.name, "6 months");
        assert_eq!(next.on, d("2026-06-05"));
        assert_eq!(p.days_left(today), Some(82));
        let r = p.ratio(start, today);
        assert!(r > 0.0 && r < 0.2, "{r}");
        // Day 0: the next is 24 hours, tomorrow; nothing reached yet.
        let p = progress(start, start);
        assert_eq!(p.previous, None);
        assert_eq!(p.next.unwrap().name, "24 hours");
        assert_eq!(progress(start, start).days_left(start), Some(1));
        assert_eq!(progress(start, start).ratio(start, start), 0.0);
    }

    #[test]
    fn a_milestone_day_is_recognised_and_the_next_one_follows() {
        let start = d("2026-02-13");
        let today = d("2026-03-15"); // 30 days
        assert_eq!(milestone_today(start, today).unwrap().name, "30 days");
        assert_eq!(progress(start, today).next.unwrap().name, "60 days");
        assert_eq!(milestone_today(start, d("2026-03-14")), None);
        assert_eq!(
            milestone_today(start, d("2026-02-14")).unwrap().name,
            "24 hours"
        );
        assert_eq!(milestone_today(start, start), None);
        // 1 year, and the 6-month anniversary clamped to Feb 28.
        assert_eq!(
            milestone_today(d("2025-03-15"), d("2026-03-15"))
                .unwrap()
                .name,
            "1 year"
        );
        assert_eq!(
            milestone_today(d("2025-08-31"), d("2026-02-28"))
                .unwrap()
                .name,
            "6 months"
        );
    }

    #[test]
    fn resets_keep_the_history_and_the_longest_streak_is_derived() {
        // Slips on Apr 1 and May 1: neither slip day counts as sober.
        let mut c = clock("2025-01-01", &["2025-04-01", "2025-05-01"]);
        c.resets[0].note = Some("a hard week".into());
        let today = d("2025-05-11");
        let s = c.streaks(today);
        assert_eq!(s.len(), 3);
        assert_eq!(
            (s[0].start, s[0].end, s[0].days),
            (d("2025-01-01"), Some(d("2025-04-01")), 90)
        );
        assert_eq!(s[0].span(), "2025-01-01 – 2025-03-31");
        assert_eq!(s[0].note.as_deref(), Some("a hard week"));
        assert_eq!((s[1].start, s[1].days), (d("2025-04-02"), 29));
        assert_eq!(
            (s[2].start, s[2].end, s[2].days),
            (d("2025-05-02"), None, 9)
        );
        assert_eq!(c.current_since(), d("2025-05-02"));
        assert_eq!(c.days(today), 9);
        assert_eq!(c.longest_days(today), 90);
        assert_eq!(c.total_days(today), 128);
        assert_eq!(
            Clock::reset_words(90),
            "A new start. Your 90 days still happened."
        );
        // Milestones count from the current streak.
        assert_eq!(c.progress(today).next.unwrap().name, "30 days");
    }

    #[test]
    fn figures_agree_with_every_accessor() {
        let mut c = clock("2025-01-01", &["2025-04-01"]);
        c.cost_per_day_cents = Some(1000);
        let today = d("2025-04-03");
        let f = c.figures(today);
        assert_eq!(f.first_day, d("2025-01-01"));
        assert_eq!(f.since, d("2025-04-02"));
        assert_eq!(f.since, c.current_since());
        assert_eq!(f.days, 1);
        assert_eq!(f.days, c.days(today));
        assert_eq!(f.longest_days, 90);
        assert_eq!(f.total_days, 91);
        assert_eq!(f.saved_cents, Some(1000));
        assert_eq!(f.streaks, c.streaks(today));
        assert_eq!(f.progress, c.progress(today));
        assert_eq!(f.milestone_today.unwrap().name, "24 hours");
    }

    #[test]
    fn a_slip_today_starts_the_new_count_tomorrow() {
        // 88 days, then a slip today: 0 days today and tomorrow, 1 the day
        // after; the closed streak keeps the 88 days Today showed.
        let today = d("2026-03-15");
        let c = clock("2025-12-17", &["2026-03-15"]);
        let f = c.figures(today);
        assert_eq!(f.streaks[0].days, 88);
        assert_eq!(f.since, d("2026-03-16"));
        assert_eq!(f.days, 0);
        assert_eq!(c.days(d("2026-03-16")), 0);
        assert_eq!(c.days(d("2026-03-17")), 1);
        assert_eq!(f.progress.next.unwrap().on, d("2026-03-17"));
        assert_eq!(f.milestone_today, None);
        // A second slip the same day is before the new streak began.
        assert_eq!(
            c.validate_reset(today, today),
            Err(ClockError::ResetBeforeStart(today, d("2026-03-16")))
        );
    }

    #[test]
    fn the_first_day_cannot_move_onto_or_past_the_first_slip() {
        let c = clock("2025-12-17", &["2026-03-15"]);
        let today = d("2026-03-20");
        assert_eq!(
            c.validate_new_since(d("2026-03-15"), today),
            Err(ClockError::SinceAfterReset(
                d("2026-03-15"),
                d("2026-03-15")
            ))
        );
        assert!(c.validate_new_since(d("2026-03-16"), today).is_err());
        assert!(c.validate_new_since(d("2026-03-14"), today).is_ok());
        // Unchanged passes, even for an old history already out of order.
        let old = clock("2026-03-15", &["2026-03-15"]);
        assert!(old.validate_new_since(d("2026-03-15"), today).is_ok());
    }

    #[test]
    fn a_slip_on_the_start_day_is_a_zero_day_streak() {
        let c = clock("2026-03-15", &["2026-03-15"]);
        let today = d("2026-03-15");
        assert!(
            clock("2026-03-15", &[])
                .validate_reset(today, today)
                .is_ok()
        );
        let s = c.streaks(today);
        assert_eq!(s.iter().map(|s| s.days).collect::<Vec<_>>(), [0, 0]);
        assert_eq!(s[0].span(), "2026-03-15");
        assert_eq!(c.days(today), 0);
        assert_eq!(c.longest_days(today), 0);
        assert_eq!(c.total_days(today), 0);
        assert_eq!(c.days(d("2026-03-20")), 4);
    }

    #[test]
    fn reset_validation() {
        let c = clock("2025-01-10", &["2025-02-01"]);
        let today = d("2025-03-01");
        assert_eq!(
            c.validate_reset(d("2025-03-02"), today),
            Err(ClockError::FutureReset(d("2025-03-02"), today))
        );
        assert_eq!(
            c.validate_reset(d("2025-01-20"), today),
            Err(ClockError::ResetBeforeStart(
                d("2025-01-20"),
                d("2025-02-02")
            ))
        );
        assert!(
            clock("2025-01-10", &[])
                .validate_reset(d("2025-01-09"), today)
                .is_err()
        );
        assert!(c.validate_reset(d("2025-02-01"), today).is_err());
        assert!(c.validate_reset(d("2025-02-02"), today).is_ok());
        assert!(c.validate_reset(today, today).is_ok());
    }

    #[test]
    fn since_and_label_validation() {
        let today = d("2026-03-15");
        assert!(validate_since(today, today).is_ok());
        assert_eq!(
            validate_since(d("2026-03-16"), today),
            Err(ClockError::FutureSince(d("2026-03-16"), today))
        );
        assert_eq!(
            validate_since(d("1899-12-31"), today),
            Err(ClockError::AncientSince(d("1899-12-31")))
        );
        assert!(validate_since(EARLIEST_SINCE, today).is_ok());
        assert_eq!(validate_label("  Alcohol "), Ok("Alcohol".into()));
        assert_eq!(validate_label("   "), Err(ClockError::EmptyLabel));
        assert_eq!(validate_label("a\x1bb"), Err(ClockError::ControlInLabel));
        assert_eq!(validate_label(&"x".repeat(41)), Err(ClockError::LongLabel));
        assert!(check_unique("alcohol", ["Gambling", "Alcohol"]).is_err());
        assert!(check_unique("Nicotine", ["Gambling", "Alcohol"]).is_ok());
    }

    #[test]
    fn several_clocks_count_independently() {
        let today = d("2026-03-15");
        let mut a = clock("2025-12-05", &[]);
        a.cost_per_day_cents = Some(1250);
        let mut b = clock("2024-02-29", &["2026-03-01"]);
        b.id = 2;
        b.label = "Gambling".into();
        let c = clock("2026-03-15", &[]);
        assert_eq!(a.days(today), 100);
        assert_eq!(b.days(today), 13);
        assert_eq!(b.longest_days(today), 731);
        assert_eq!(c.days(today), 0);
        assert_eq!(a.saved_cents(today), Some(125_000));
        assert_eq!(b.saved_cents(today), None);
        assert_eq!(a.progress(today).next.unwrap().name, "6 months");
        assert_eq!(b.progress(today).next.unwrap().name, "30 days");
        assert_eq!(c.progress(today).next.unwrap().name, "24 hours");
    }

    #[test]
    fn money_parses_and_formats() {
        assert_eq!(parse_cents("12.50"), Ok(1250));
        assert_eq!(parse_cents("12.5"), Ok(1250));
        assert_eq!(parse_cents("12"), Ok(1200));
        assert_eq!(parse_cents("0.99"), Ok(99));
        assert_eq!(parse_cents(".5"), Ok(50));
        assert_eq!(parse_cents("1000000"), Ok(MAX_COST_CENTS));
        for bad in [
            "",
            "-1",
            "1.234",
            "abc",
            "1,50",
            ".",
            "1000000.01",
            "9999999",
            "999999999999",
        ] {
            assert_eq!(parse_cents(bad), Err(ClockError::BadCost), "{bad}");
        }
        assert_eq!(format_money(125_000, "$"), "$1,250.00");
        assert_eq!(format_money(99, "€"), "€0.99");
        assert_eq!(format_money(123_456_789, "$"), "$1,234,567.89");
        assert_eq!(format_amount(1250), "12.50");
        assert_eq!(validate_cost(MAX_COST_CENTS + 1), Err(ClockError::BadCost));
        assert_eq!(validate_cost(-1), Err(ClockError::BadCost));
        // The largest cost over the longest possible streak still fits.
        let mut c = clock("1900-01-01", &[]);
        c.cost_per_day_cents = Some(MAX_COST_CENTS);
        let saved = c.saved_cents(d("2262-01-01")).unwrap();
        assert_eq!(saved, MAX_COST_CENTS * c.days(d("2262-01-01")));
    }
}
