//! Plain types and rules: days, clocks and milestones, journal entries, amends
//! statuses, reach-out. No I/O, no terminal; "today" is always passed in.

pub mod amends;
pub mod checkin;
pub mod clock;
pub mod contacts;
pub mod dates;
pub mod journal;
pub mod plan;
pub mod relationship;
pub mod urge;
pub mod worksheet;

pub use dates::{DayError, format_day, parse_day};

/// A name typed for a closed set (a status, a section, a sign, a kind) as
/// the set spells it: trimmed, lower case, `-` and spaces as `_`
/// (`Not-Advisable` and `after a slip` find `not_advisable`, `after_a_slip`).
pub fn name_key(s: &str) -> String {
    s.trim().to_ascii_lowercase().replace(['-', ' '], "_")
}
