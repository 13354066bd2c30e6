//! The amends store: statuses, made_on, the log and its trend, cascade, and
//! refusals that write nothing.

use chrono::NaiveDate;
use mend::domain::amends::{AmendPatch, Kind, NewAmend, Status};
use mend::store::Store;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn today() -> NaiveDate {
    day("2026-03-15")
}

fn new(person: &str) -> NewAmend {
    NewAmend {
        person: person.into(),
        harm: "broke a promise".into(),
        ..NewAmend::default()
    }
}

/// Every row of both tables, to prove a refusal wrote nothing.
fn snapshot(store: &Store) -> String {
    let all = store.amends(None).unwrap();
    format!("{all:?}")
}

#[test]
fn add_get_and_list_with_logs() {
    let mut s = Store::open_in_memory().unwrap();
    let mom = s
        .add_amend(&NewAmend {
            person: "  Mom ".into(),
            harm: "missed her birthday".into(),
            kind: Kind::Living,
            plan: "show up".into(),
            notes: String::new(),
            contact: None,
        })
        .unwrap();
    let dad = s.add_amend(&new("Dad")).unwrap();
    let a = s.amend(mom).unwrap();
    assert_eq!(a.person, "Mom");
    assert_eq!(a.kind, Kind::Living);
    assert_eq!(a.status, Status::Listed);
    assert_eq!(a.plan, "show up");
    assert_eq!(a.made_on, None);
    s.log_amend_act(dad, day("2026-03-01"), "called", Some(2), today())
        .unwrap();
    s.log_amend_act(dad, day("2026-02-01"), "wrote", None, today())
        .unwrap();
    s.log_amend_act(dad, day("2026-03-10"), "visited", Some(4), today())
        .unwrap();
    let all = s.amends(None).unwrap();
    assert_eq!(all.len(), 2);
    // Dad has the latest activity, so he comes first among the listed.
    assert_eq!(all[0].id, dad);
    let notes: Vec<&str> = all[0].log.iter().map(|a| a.note.as_str()).collect();
    assert_eq!(notes, ["wrote", "called", "visited"]);
    assert_eq!(all[0].trust_trend(), vec![2, 4]);
    assert_eq!(all[0].days_since_last_act(today()), Some(5));
    assert!(all[1].log.is_empty());
}

#[test]
fn statuses_and_made_on() {
    let mut s = Store::open_in_memory().unwrap();
    let id = s.add_amend(&new("Sam")).unwrap();
    let a = s
        .set_amend_status(id, Status::Planned, None, today())
        .unwrap();
    assert_eq!((a.status, a.made_on), (Status::Planned, None));
    let a = s.set_amend_status(id, Status::Made, None, today()).unwrap();
    assert_eq!(a.made_on, Some(today()));
    let a = s
        .set_amend_status(id, Status::Made, Some(day("2026-03-02")), today())
        .unwrap();
    assert_eq!(a.made_on, Some(day("2026-03-02")));
    // Made amends that become living amends keep their day.
    let a = s
        .set_amend_status(id, Status::Ongoing, None, today())
        .unwrap();
    assert_eq!(a.made_on, Some(day("2026-03-02")));
    // Any other status clears it.
    let a = s
        .set_amend_status(id, Status::Deferred, None, today())
        .unwrap();
    assert_eq!((a.status, a.made_on), (Status::Deferred, None));
    let planned = s.add_amend(&new("Jo")).unwrap();
    s.set_amend_status(planned, Status::Planned, None, today())
        .unwrap();
    let only: Vec<i64> = s
        .amends(Some(Status::Planned))
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(only, vec![planned]);
}

#[test]
fn refusals_write_nothing() {
    let mut s = Store::open_in_memory().unwrap();
    let id = s.add_amend(&new("Mom")).unwrap();
    s.log_amend_act(id, day("2026-03-01"), "called", Some(3), today())
        .unwrap();
    let before = snapshot(&s);
    let errs = [
        s.add_amend(&new("   ")).unwrap_err().to_string(),
        s.set_amend_status(id, Status::Made, Some(day("2026-03-16")), today())
            .unwrap_err()
            .to_string(),
        s.set_amend_status(999, Status::Made, None, today())
            .unwrap_err()
            .to_string(),
        s.log_amend_act(id, today(), "secret words", Some(6), today())
            .unwrap_err()
            .to_string(),
        s.log_amend_act(id, today(), "secret words", Some(0), today())
            .unwrap_err()
            .to_string(),
        s.log_amend_act(id, day("2026-04-01"), "secret words", None, today())
            .unwrap_err()
            .to_string(),
        s.log_amend_act(id, today(), "  ", None, today())
            .unwrap_err()
            .to_string(),
        s.log_amend_act(999, today(), "secret words", None, today())
            .unwrap_err()
            .to_string(),
        s.update_amend(
            id,
            &AmendPatch {
                person: Some(" ".into()),
                harm: Some("secret words".into()),
                ..AmendPatch::default()
            },
        )
        .unwrap_err()
        .to_string(),
        s.add_amend(&NewAmend {
            contact: Some("Nobody".into()),
            ..new("Dad")
        })
        .unwrap_err()
        .to_string(),
        s.delete_amend(999).unwrap_err().to_string(),
    ];
    for e in &errs {
        assert!(!e.contains("secret"), "{e}");
        assert!(!e.contains('\n'), "{e}");
    }
    assert!(errs[1].contains("future"), "{}", errs[1]);
    assert!(errs[3].contains("1 to 5"), "{}", errs[3]);
    assert_eq!(snapshot(&s), before);
}

#[test]
fn update_fields_and_edit_or_delete_acts() {
    let mut s = Store::open_in_memory().unwrap();
    let id = s.add_amend(&new("Mom")).unwrap();
    s.update_amend(
        id,
        &AmendPatch {
            person: Some("Mother".into()),
            plan: Some("write a letter".into()),
            kind: Some(Kind::Indirect),
            ..AmendPatch::default()
        },
    )
    .unwrap();
    let a = s.amend(id).unwrap();
    assert_eq!(a.person, "Mother");
    assert_eq!(a.harm, "broke a promise");
    assert_eq!(a.plan, "write a letter");
    assert_eq!(a.kind, Kind::Indirect);
    let act = s
        .log_amend_act(id, today(), "called", Some(2), today())
        .unwrap();
    s.edit_amend_act(act, day("2026-03-14"), "called back", Some(3), today())
        .unwrap();
    let a = s.amend(id).unwrap();
    assert_eq!(a.log[0].note, "called back");
    assert_eq!(a.log[0].trust, Some(3));
    assert_eq!(a.log[0].day, day("2026-03-14"));
    assert!(
        s.edit_amend_act(act, today(), "x", Some(9), today())
            .is_err()
    );
    s.delete_amend_act(act).unwrap();
    assert!(s.amend(id).unwrap().log.is_empty());
    assert!(s.delete_amend_act(act).is_err());
}

#[test]
fn delete_cascades_to_the_log() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("m.db");
    let mut s = Store::open(&path).unwrap();
    let id = s.add_amend(&new("Mom")).unwrap();
    let keep = s.add_amend(&new("Dad")).unwrap();
    s.log_amend_act(id, today(), "called", None, today())
        .unwrap();
    s.log_amend_act(keep, today(), "visited", None, today())
        .unwrap();
    s.delete_amend(id).unwrap();
    drop(s);
    let s = Store::open(&path).unwrap();
    let all = s.amends(None).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].log.len(), 1);
    assert!(s.amend(id).is_err());
    let conn = rusqlite::Connection::open(&path).unwrap();
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM amend_log WHERE amend_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0);
}

#[test]
fn contacts_link_by_name_ignoring_case_and_ambiguity_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("m.db");
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    for name in ["Sam", "sam", "Ana"] {
        conn.execute(
            "INSERT INTO contact (name, role, created_at, updated_at)
             VALUES (?1, 'friend', 'x', 'x')",
            [name],
        )
        .unwrap();
    }
    drop(conn);
    let mut s = Store::open(&path).unwrap();
    let id = s
        .add_amend(&NewAmend {
            contact: Some("ANA".into()),
            ..new("Ana")
        })
        .unwrap();
    assert_eq!(s.amend(id).unwrap().contact.as_deref(), Some("Ana"));
    // An exact match wins over other spellings.
    assert_eq!(s.amend_contact("sam").unwrap().name, "sam");
    let err = s.amend_contact("SAM").unwrap_err().to_string();
    assert!(
        err.contains("Sam (id 1)") && err.contains("sam (id 2)"),
        "{err}"
    );
    assert_eq!(s.amend_contact("3").unwrap().name, "Ana");
    s.update_amend(
        id,
        &AmendPatch {
            contact: Some(None),
            ..AmendPatch::default()
        },
    )
    .unwrap();
    assert_eq!(s.amend(id).unwrap().contact, None);
}
