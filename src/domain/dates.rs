//! Days as people type them: `YYYY-MM-DD`, `today`, `yesterday`, `N days ago`.
//!
//! "Today" is always passed in, never read from the clock here.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike};

/// A day that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DayError {
    #[error("{0} is not a real date")]
    Impossible(String),
    #[error("cannot read \"{0}\" as a day: use YYYY-MM-DD, today, yesterday or N days ago")]
    Unreadable(String),
}

/// The years mend keeps: four-digit ones, as stored (`YYYY-MM-DD`).
fn in_range(day: NaiveDate) -> bool {
    (1..=9999).contains(&day.year())
}

/// Reads a day relative to `today`.
pub fn parse_day(input: &str, today: NaiveDate) -> Result<NaiveDate, DayError> {
    let day = parse_day_unchecked(input, today)?;
    if in_range(day) {
        Ok(day)
    } else {
        Err(DayError::Impossible(input.trim().to_string()))
    }
}

fn parse_day_unchecked(input: &str, today: NaiveDate) -> Result<NaiveDate, DayError> {
    let s = input.trim();
    let lower = s.to_ascii_lowercase();
    match lower.as_str() {
        "today" => return Ok(today),
        "yesterday" => {
            return today
                .pred_opt()
                .ok_or_else(|| DayError::Impossible(s.to_string()));
        }
        _ => {}
    }
    let words: Vec<&str> = lower.split_whitespace().collect();
    if let [n, unit, "ago"] = words.as_slice() {
        if matches!(*unit, "day" | "days")
            && let Ok(n) = n.parse::<u32>()
        {
            return today
                .checked_sub_signed(Duration::days(i64::from(n)))
                .ok_or_else(|| DayError::Impossible(s.to_string()));
        }
        return Err(DayError::Unreadable(s.to_string()));
    }
    parse_iso_day(s)
}

/// Reads a strict `YYYY-MM-DD` day, telling an impossible date (2025-02-30)
/// apart from text that is not a date at all.
pub fn parse_iso_day(s: &str) -> Result<NaiveDate, DayError> {
    let parts: Vec<&str> = s.split('-').collect();
    let shaped = parts.len() == 3
        && parts[0].len() == 4
        && parts[1].len() == 2
        && parts[2].len() == 2
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if !shaped {
        return Err(DayError::Unreadable(s.to_string()));
    }
    let (y, m, d) = (
        parts[0].parse::<i32>().unwrap_or(0),
        parts[1].parse::<u32>().unwrap_or(0),
        parts[2].parse::<u32>().unwrap_or(0),
    );
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| DayError::Impossible(s.to_string()))
}

/// Formats a day as stored and shown: `YYYY-MM-DD`.
pub fn format_day(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// The calendar day a local time belongs to, for people whose day starts at
/// `day_start_hour` (0 = midnight; 4 = writing at 2 a.m. still counts as the
/// day before).
pub fn day_of(now: NaiveDateTime, day_start_hour: u32) -> NaiveDate {
    let date = now.date();
    if now.hour() < day_start_hour.min(23) {
        date - Duration::days(1)
    } else {
        date
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn words_are_relative_to_today() {
        let today = d("2024-03-01");
        assert_eq!(parse_day("today", today), Ok(today));
        assert_eq!(parse_day("Yesterday", today), Ok(d("2024-02-29")));
        assert_eq!(parse_day("3 days ago", today), Ok(d("2024-02-27")));
        assert_eq!(parse_day("1 day ago", today), Ok(d("2024-02-29")));
        assert_eq!(parse_day("0 days ago", today), Ok(today));
    }

    #[test]
    fn iso_days_are_strict() {
        let today = d("2024-03-01");
        assert_eq!(parse_day("2024-02-29", today), Ok(d("2024-02-29")));
        assert_eq!(
            parse_day("2025-02-29", today),
            Err(DayError::Impossible("2025-02-29".into()))
        );
        assert_eq!(
            parse_day("2025-02-30", today),
            Err(DayError::Impossible("2025-02-30".into()))
        );
        assert!(matches!(
            parse_day("2025-2-3", today),
            Err(DayError::Unreadable(_))
        ));
        assert!(matches!(
            parse_day("soon", today),
            Err(DayError::Unreadable(_))
        ));
        assert!(matches!(
            parse_day("many days ago", today),
            Err(DayError::Unreadable(_))
        ));
    }

    #[test]
    fn days_outside_four_digit_years_are_not_real() {
        let today = d("2024-03-01");
        assert!(matches!(
            parse_day("1000000 days ago", today),
            Err(DayError::Impossible(_))
        ));
        assert!(matches!(
            parse_day("0000-01-01", today),
            Err(DayError::Impossible(_))
        ));
        assert_eq!(parse_day("0001-01-01", today), Ok(d("0001-01-01")));
    }

    #[test]
    fn day_start_hour_moves_late_nights_to_the_day_before() {
        let late = d("2024-03-01").and_hms_opt(2, 30, 0).unwrap();
        assert_eq!(day_of(late, 0), d("2024-03-01"));
        assert_eq!(day_of(late, 4), d("2024-02-29"));
        let morning = d("2024-03-01").and_hms_opt(4, 0, 0).unwrap();
        assert_eq!(day_of(morning, 4), d("2024-03-01"));
    }
}
