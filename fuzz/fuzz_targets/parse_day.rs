//! `parse_day` takes any text: it gives a day or an error, never a panic,
//! and a day it gives reads back the same when written as YYYY-MM-DD.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use mend::domain::dates::{format_day, parse_day};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    // Realistic "today"s: `yesterday` at NaiveDate::MIN would overflow,
    // but no clock says that.
    for today in [
        NaiveDate::from_ymd_opt(2026, 3, 15).expect("day"),
        NaiveDate::from_ymd_opt(1, 1, 1).expect("day"),
    ] {
        // Days outside 0000-9999 ("4000000 days ago") are not YYYY-MM-DD;
        // the store's CHECK refuses them. Only the rest must read back.
        if let Ok(day) = parse_day(input, today)
            && (0..=9999).contains(&chrono::Datelike::year(&day))
        {
            let again = parse_day(&format_day(day), today);
            assert_eq!(again.ok(), Some(day), "a parsed day does not read back");
        }
    }
});
