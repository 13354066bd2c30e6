//! Worksheets and relationship checks against real SQLite: rows kept in
//! their kind's order, a harm row to an amend and back, one transaction per
//! action, and checks with their trends from fixed dates.

use chrono::NaiveDate;
use mend::domain::amends::Status;
use mend::domain::contacts::{ContactInput, Role};
use mend::domain::relationship::{NewCheck, Sign, trends};
use mend::domain::worksheet::Kinds;
use mend::store::Store;

fn d(s: &str) -> NaiveDate {
    mend::domain::dates::parse_iso_day(s).unwrap()
}

fn set(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn rows_keep_their_fields_in_kind_order_and_refuse_bad_input() {
    let kinds = Kinds::shipped();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("m.db")).unwrap();
    let res = kinds.get("resentment").unwrap();
    let id = store
        .add_worksheet_row(
            res,
            &set(&[("my_part", "I kept score"), ("who", "my brother")]),
        )
        .unwrap();
    let row = store.worksheet_row(id).unwrap();
    assert_eq!(row.kind, "resentment");
    assert_eq!(
        row.fields.0,
        set(&[("who", "my brother"), ("my_part", "I kept score")])
    );
    assert!(
        store
            .add_worksheet_row(res, &set(&[("whom", "x")]))
            .is_err()
    );
    assert!(
        store
            .add_worksheet_row(res, &set(&[("who", "  ")]))
            .is_err()
    );
    assert_eq!(store.worksheet_rows(None).unwrap().len(), 1);
    store
        .update_worksheet_row(
            id,
            res,
            &set(&[("who", "my brother"), ("cause", "the car")]),
        )
        .unwrap();
    assert_eq!(store.worksheet_row(id).unwrap().fields.get("my_part"), None);
    let fear = kinds.get("fear").unwrap();
    assert!(
        store
            .update_worksheet_row(id, fear, &set(&[("fear", "x")]))
            .is_err()
    );
    store.delete_worksheet_row(id).unwrap();
    assert!(store.worksheet_rows(None).unwrap().is_empty());
    assert!(store.delete_worksheet_row(id).is_err());
}

#[test]
fn a_harm_row_becomes_an_amend_linked_both_ways() {
    let kinds = Kinds::shipped();
    let mut store = Store::open_in_memory().unwrap();
    let sam = store
        .add_contact(&ContactInput::new("Sam", Role::Family))
        .unwrap();
    let harm = kinds.get("harm").unwrap();
    let id = store
        .add_worksheet_row(
            harm,
            &set(&[("whom", "sam"), ("what_i_did", "missed the wedding")]),
        )
        .unwrap();
    let amend = store.worksheet_to_amend(id).unwrap();
    let a = store.amend(amend).unwrap();
    assert_eq!(a.person, "sam");
    assert_eq!(a.harm, "missed the wedding");
    assert_eq!(a.status, Status::Listed);
    assert_eq!(
        a.contact_id,
        Some(sam),
        "linked to the contact of that name"
    );
    let row = store.worksheet_row(id).unwrap();
    assert_eq!(row.amend_id, Some(amend));
    assert_eq!(row.amend_status, Some(Status::Listed));
    assert_eq!(store.worksheet_row_of_amend(amend).unwrap().unwrap().id, id);
    // The row shows where the amend stands.
    store
        .set_amend_status(amend, Status::Willing, None, d("2026-03-15"))
        .unwrap();
    assert_eq!(
        store.worksheet_row(id).unwrap().amend_status,
        Some(Status::Willing)
    );
    // Twice is refused and writes nothing.
    let e = store.worksheet_to_amend(id).unwrap_err().to_string();
    assert!(e.contains("already on the amends list"), "{e}");
    assert_eq!(store.amends(None).unwrap().len(), 1);
    // Other kinds are refused.
    let fear = store
        .add_worksheet_row(kinds.get("fear").unwrap(), &set(&[("fear", "x")]))
        .unwrap();
    assert!(
        store
            .worksheet_to_amend(fear)
            .unwrap_err()
            .to_string()
            .contains("only a harm row")
    );
    // Deleting the amend unlinks the row, which can go on the list again.
    store.delete_amend(amend).unwrap();
    let row = store.worksheet_row(id).unwrap();
    assert_eq!((row.amend_id, row.amend_status), (None, None));
    let again = store.worksheet_to_amend(id).unwrap();
    assert_eq!(store.worksheet_row(id).unwrap().amend_id, Some(again));
    assert_eq!(store.amends(None).unwrap().len(), 1);
}

#[test]
fn checks_are_stored_and_trend_from_fixed_dates() {
    let mut store = Store::open_in_memory().unwrap();
    let today = d("2026-03-15");
    let id = store
        .add_contact(&ContactInput::new("Alex", Role::Friend))
        .unwrap();
    let check = |day: &str, values: [i64; 5], signs: Vec<Sign>| NewCheck {
        day: d(day),
        values,
        signs,
        note: Some(" felt heard ".into()),
    };
    store
        .add_check(id, &check("2026-03-14", [4, 4, 3, 2, 5], vec![]), today)
        .unwrap();
    store
        .add_check(
            id,
            &check(
                "2026-03-01",
                [2, 3, 3, 1, 4],
                vec![Sign::Enabling, Sign::Fixing],
            ),
            today,
        )
        .unwrap();
    let checks = store.checks(id).unwrap();
    assert_eq!(checks.len(), 2);
    assert_eq!(checks[0].day, d("2026-03-01"));
    assert_eq!(checks[0].signs, [Sign::Fixing, Sign::Enabling]);
    assert_eq!(checks[0].note.as_deref(), Some("felt heard"));
    let t = trends(&checks, 8);
    assert_eq!(t[0], [2, 4]);
    assert_eq!(t[3], [1, 2]);
    assert_eq!(store.all_checks().unwrap()[&id].len(), 2);
    // Out of range, future, unknown contact: refused, nothing written.
    assert!(
        store
            .add_check(id, &check("2026-03-14", [0, 4, 3, 2, 5], vec![]), today)
            .is_err()
    );
    assert!(
        store
            .add_check(id, &check("2026-03-16", [1, 4, 3, 2, 5], vec![]), today)
            .is_err()
    );
    assert!(
        store
            .add_check(999, &check("2026-03-14", [1, 4, 3, 2, 5], vec![]), today)
            .is_err()
    );
    assert_eq!(store.checks(id).unwrap().len(), 2);
    // They go with the contact.
    store.delete_contact(id).unwrap();
    assert!(store.all_checks().unwrap().is_empty());
}
