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
