//! Whatever a person types into the search box, the store answers with
//! results or none, never an error and never a panic: the query sanitiser
//! turns any text into a safe FTS5 expression.
#![no_main]

use std::sync::{Mutex, OnceLock};

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use mend::domain::journal::{Filter, NewEntry};
use mend::store::Store;

fn store() -> &'static Mutex<Store> {
    static STORE: OnceLock<Mutex<Store>> = OnceLock::new();
    STORE.get_or_init(|| {
        let mut s = Store::open_in_memory().expect("in-memory store");
        let day = NaiveDate::from_ymd_opt(2026, 3, 15).expect("day");
        for body in [
            "Held a boundary with my brother.",
            "Tired and hungry; called Ana instead. \"quoted\" AND OR NOT NEAR(x y)",
            "Ünïcödé, emoji 🙂, CJK 日本語, col:umn * ^start",
        ] {
            s.add_entry(&NewEntry {
                day,
                body: body.into(),
                tags: vec!["halt".into()],
                ..Default::default()
            })
            .expect("seed entry");
        }
        Mutex::new(s)
    })
}

fuzz_target!(|data: &[u8]| {
    let query = String::from_utf8_lossy(data);
    let store = store().lock().expect("store lock");
    let filtered = Filter {
        tag: Some("halt".into()),
        ..Default::default()
    };
    for filter in [Filter::default(), filtered] {
        if let Err(e) = store.search_entries(&query, &filter, 20) {
            panic!("search failed: {e}");
        }
    }
    for id in 1..=3 {
        if let Err(e) = store.highlight_entry(id, &query) {
            panic!("highlight failed: {e}");
        }
    }
});
