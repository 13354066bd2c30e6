//! Worksheets and relationship checks in the JSON export (round trip, the
//! link to the amend kept), in an older export (still imports), and in the
//! Markdown export (a table a sponsor can print; checks under the contact).

use chrono::NaiveDate;
use mend::domain::contacts::{ContactInput, Role};
use mend::domain::relationship::{NewCheck, Sign};
use mend::domain::worksheet::{KindDef, Kinds, parse_kinds};
use mend::export::{self, ExportOptions, Format};
use mend::store::Store;
use mend::store::portable;
use serde_json::Value;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 15).unwrap()
}

fn set(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn export(store: &Store, format: Format, kinds: &[KindDef]) -> String {
    let mut opts = ExportOptions::new(format, today());
    opts.exported_at = "fixed".to_string();
    opts.worksheet_kinds = kinds.to_vec();
    let mut out = Vec::new();
    export::write(store, &opts, &mut out, None).unwrap();
    String::from_utf8(out).unwrap()
}

fn import(store: &mut Store, text: &str) -> portable::ImportReport {
    let plan = mend::import::parse_import(text.as_bytes()).unwrap();
    portable::import(store, &plan, false, None).unwrap()
}

fn user_kind() -> Vec<KindDef> {
    parse_kinds(
        "[[worksheet]]\nkind = \"gratitude\"\ntitle = \"Gratitude\"\n[[worksheet.field]]\nname = \"what\"\n[[worksheet.field]]\nname = \"because\"\n",
        &["harm"],
    )
    .unwrap()
}

fn populated() -> Store {
    let kinds = Kinds::with(&user_kind());
    let mut store = Store::open_in_memory().unwrap();
    let sam = store
        .add_contact(&ContactInput::new("Sam", Role::Family))
        .unwrap();
    let new = |day: u32, values, signs| NewCheck {
        day: NaiveDate::from_ymd_opt(2026, 3, day).unwrap(),
        values,
        signs,
        note: Some("we | talked\nlong".into()),
    };
    store
        .add_check(
            sam,
            &new(10, [2, 3, 4, 1, 5], vec![Sign::Fixing, Sign::NoBoundaries]),
            today(),
        )
        .unwrap();
    store
        .add_check(sam, &new(14, [3, 3, 4, 2, 5], vec![]), today())
        .unwrap();
    store
        .add_worksheet_row(
            kinds.get("resentment").unwrap(),
            &set(&[
                ("who", "my boss"),
                ("cause", "passed over | again\nand again"),
            ]),
        )
        .unwrap();
    let harm = store
        .add_worksheet_row(
            kinds.get("harm").unwrap(),
            &set(&[("whom", "Sam"), ("what_i_did", "missed the wedding")]),
        )
        .unwrap();
    store.worksheet_to_amend(harm).unwrap();
    store
        .add_worksheet_row(
            kinds.get("gratitude").unwrap(),
            &set(&[("what", "coffee"), ("because", "warm")]),
        )
        .unwrap();
    store
}

#[test]
fn worksheets_and_checks_round_trip_with_the_amend_link() {
    let store = populated();
    let first = export(&store, Format::Json, &user_kind());
    let doc: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(doc["worksheets"].as_array().unwrap().len(), 3);
    assert_eq!(doc["worksheets"][1]["amend"]["person"], "Sam");
    assert_eq!(doc["contacts"][0]["checks"][0]["signs"][1], "no_boundaries");
    // The user kind's fields keep their order (what, then because).
    assert!(first.find("\"what\"").unwrap() < first.find("\"because\"").unwrap());
    let mut again = Store::open_in_memory().unwrap();
    let report = import(&mut again, &first);
    assert_eq!(report.added.worksheet_rows, 3);
    assert_eq!(report.added.checks, 2);
    assert_eq!(export(&again, Format::Json, &user_kind()), first);
    let rows = again.worksheet_rows(Some("harm")).unwrap();
    let amend = rows[0].amend_id.expect("the link survives");
    assert_eq!(again.amend(amend).unwrap().person, "Sam");
    // Importing the same file again adds nothing.
    let report = import(&mut again, &first);
    assert_eq!(report.added.worksheet_rows + report.added.checks, 0);
    assert_eq!(report.skipped.worksheet_rows, 3);
    assert_eq!(export(&again, Format::Json, &user_kind()), first);
}

#[test]
fn an_older_export_without_them_still_imports_and_bad_ones_are_refused() {
    let old = r#"{"format":"mend","version":1,"exported_at":"x",
        "contacts":[{"name":"Ana","role":"friend","emergency":false,"log":[]}]}"#;
    let mut store = Store::open_in_memory().unwrap();
    let report = import(&mut store, old);
    assert_eq!(report.added.contacts, 1);
    for (doc, says) in [
        (
            r#"{"format":"mend","version":1,"worksheets":[{"kind":"harm","fields":{}}]}"#,
            "worksheet row 1, field \"fields\": the row has no text",
        ),
        (
            r#"{"format":"mend","version":1,"worksheets":[{"kind":"Harm!","fields":{"a":"b"}}]}"#,
            "worksheet row 1, field \"kind\"",
        ),
        (
            r#"{"format":"mend","version":1,"worksheets":[{"kind":"harm","fields":{"a":3}}]}"#,
            "expected text",
        ),
        (
            r#"{"format":"mend","version":1,"contacts":[{"name":"A","role":"friend","checks":[{"day":"2026-01-01","respect":6,"safety":1,"affection":1,"boundaries":1,"honesty":1}]}]}"#,
            "contact 1, check 1, field \"respect\"",
        ),
        (
            r#"{"format":"mend","version":1,"contacts":[{"name":"A","role":"friend","checks":[{"day":"2026-01-01","respect":1,"safety":1,"affection":1,"boundaries":1,"honesty":1,"signs":["sulking"]}]}]}"#,
            "use one of fixing",
        ),
    ] {
        let e = mend::import::parse_import(doc.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(e.contains(says), "{e}");
        assert!(!e.contains('\n'), "{e}");
    }
}

#[test]
fn markdown_prints_each_kind_as_a_table_and_checks_under_the_contact() {
    let md = export(&populated(), Format::Markdown, &user_kind());
    assert!(md.contains("# Step work"), "{md}");
    assert!(md.contains("## Resentments"), "{md}");
    assert!(
        md.contains("| # | Who or what | What happened | What it touched | My part |"),
        "{md}"
    );
    assert!(
        md.contains("| 1 | my boss | passed over \\| again<br>and again |  |  |"),
        "{md}"
    );
    assert!(md.contains("## Harms done"), "{md}");
    assert!(md.contains("| On the amends list |"), "{md}");
    assert!(
        md.contains("| 1 | Sam | missed the wedding |  |  | yes |"),
        "{md}"
    );
    assert!(
        md.contains("## Gratitude\n\n| # | What | Because |"),
        "{md}"
    );
    let sam = md.find("## Sam").unwrap();
    let checks = md
        .find("| Day | Respect | Safety | Affection | Boundaries | Honesty |")
        .unwrap();
    assert!(checks > sam, "{md}");
    assert!(
        md.contains(
            "| 2026-03-10 | 2 | 3 | 4 | 1 | 5 | fixing, no boundaries | we \\| talked<br>long |"
        ),
        "{md}"
    );
}
