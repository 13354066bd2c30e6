//! One clock, the same figures everywhere: `mend days`, its JSON, `clock
//! list --json`, the Markdown export and the Today screen, after resets.

use crate::common;

use chrono::{Local, NaiveDate};
use common::cli::db;
use serde_json::Value;

fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn ago(n: i64) -> String {
    (today() - chrono::Duration::days(n)).to_string()
}

#[test]
fn after_a_reset_every_output_tells_the_same_streak() {
    let db = db();
    db.ok(&["clock", "add", "Alcohol", "--since", &ago(100)]);
    db.ok(&["clock", "reset", "Alcohol", "--slip-day", &ago(40)]);
    db.ok(&["clock", "reset", "Alcohol", "--slip-day", &ago(12)]);
    // 60 days, a slip, 27 days, a slip, and 11 days since.
    let days: Value = serde_json::from_str(&db.ok(&["days", "--json"])).unwrap();
    let list: Value = serde_json::from_str(&db.ok(&["clock", "list", "--json"])).unwrap();
    for v in [&days[0], &list[0]] {
        assert_eq!(v["since"], ago(11), "{v}");
        assert_eq!(v["first_day"], ago(100), "{v}");
        assert_eq!(v["days"], 11, "{v}");
        assert_eq!(v["longest_days"], 60, "{v}");
        assert_eq!(v["total_days"], 60 + 27 + 11, "{v}");
    }
    assert!(db.ok(&["days"]).starts_with("Alcohol: 11 days"));
    let text = db.ok(&["clock", "list"]);
    assert!(
        text.starts_with(&format!(
            "Alcohol · 11 days since {} · longest 60 days",
            ago(11)
        )),
        "{text}"
    );

    let md_path = db._dir.path().join("record.md");
    db.ok(&[
        "export",
        "--format",
        "markdown",
        "--out",
        md_path.to_str().unwrap(),
    ]);
    let md = std::fs::read_to_string(&md_path).unwrap();
    for needle in [
        format!("- Current streak: since {} (11 days so far)", ago(11)),
        format!("- First sober day: {}", ago(100)),
        "- Longest streak: 60 days".to_string(),
        "- All sober days: 98 days".to_string(),
        format!("60 days, then a slip on {}", ago(40)),
        format!("27 days, then a slip on {}", ago(12)),
    ] {
        assert!(md.contains(&needle), "missing {needle:?} in\n{md}");
    }

    // The JSON export keeps the stored first day and the slip days, and
    // imports to the same figures.
    let json = db.ok(&["export"]);
    let doc: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["clocks"][0]["since"], ago(100));
    assert_eq!(doc["clocks"][0]["resets"][1]["day"], ago(12));
    let other = common::cli::db();
    let file = other._dir.path().join("export.json");
    std::fs::write(&file, &json).unwrap();
    other.ok(&["import", file.to_str().unwrap()]);
    let again: Value = serde_json::from_str(&other.ok(&["days", "--json"])).unwrap();
    assert_eq!(again, days);

    // The Today screen over the same file.
    let store = mend::store::Store::open(&db.path).unwrap();
    let mut app = mend::tui::App::new(store, mend::config::Config::default(), today()).unwrap();
    let screen = common::render(&mut app, 100, 30);
    assert!(
        screen.contains(&format!("Alcohol · since {}", ago(11))),
        "{screen}"
    );
    assert!(screen.contains("Longest streak"), "{screen}");
    let longest = screen
        .lines()
        .find(|l| l.contains("Longest streak"))
        .unwrap();
    let after = |line: &str, name: &str| line.split(name).nth(1).unwrap().trim_start().to_string();
    assert!(
        after(longest, "Longest streak").starts_with("60 days"),
        "{longest}"
    );
    let total = screen
        .lines()
        .find(|l| l.contains("All sober days"))
        .unwrap();
    assert!(
        after(total, "All sober days").starts_with("98 days"),
        "{total}"
    );
}
