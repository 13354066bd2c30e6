//! Contacts in the store: roles, the log, "due", finding by name or id, and
//! refusals that change nothing.

use chrono::NaiveDate;
use mend::domain::contacts::{ContactInput, Role};
use mend::store::{Error, Store};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn today() -> NaiveDate {
    d("2026-03-15")
}

fn add(store: &mut Store, name: &str, role: Role, cadence: Option<i64>) -> i64 {
    let mut i = ContactInput::new(name, role);
    i.cadence_days = cadence;
    store.add_contact(&i).unwrap()
}

#[test]
fn contacts_round_trip_and_group_by_role_then_name() {
    let mut s = Store::open_in_memory().unwrap();
    add(&mut s, "zed", Role::Friend, None);
    add(&mut s, "Tuesday group", Role::Peer, Some(7));
    let mut dana = ContactInput::new("  Dana  ", Role::Counselor);
    dana.phone = Some("555-0142".into());
    dana.email = Some("dana@example.org".into());
    dana.notes = Some("Thursdays 5pm".into());
    dana.emergency = true;
    let dana_id = s.add_contact(&dana).unwrap();
    add(&mut s, "Sam", Role::Sponsor, Some(2));
    add(&mut s, "amy", Role::Friend, None);

    let names: Vec<(String, Role)> = s
        .contacts()
        .unwrap()
        .into_iter()
        .map(|c| (c.name, c.role))
        .collect();
    assert_eq!(
        names,
        [
            ("Sam".to_string(), Role::Sponsor),
            ("Dana".to_string(), Role::Counselor),
            ("amy".to_string(), Role::Friend),
            ("zed".to_string(), Role::Friend),
            ("Tuesday group".to_string(), Role::Peer),
        ]
    );
    let c = s.contact(dana_id).unwrap();
    assert_eq!(c.name, "Dana");
    assert_eq!(c.phone.as_deref(), Some("555-0142"));
    assert_eq!(c.email.as_deref(), Some("dana@example.org"));
    assert_eq!(c.notes.as_deref(), Some("Thursdays 5pm"));
    assert!(c.emergency);
    assert_eq!(c.cadence_days, None);
    assert_eq!(c.last_contact, None);
}

#[test]
fn every_role_is_stored_and_read_back() {
    let mut s = Store::open_in_memory().unwrap();
    for r in Role::ALL {
        let id = add(&mut s, r.as_str(), r, None);
        assert_eq!(s.contact(id).unwrap().role, r);
    }
    let order: Vec<Role> = s.contacts().unwrap().into_iter().map(|c| c.role).collect();
    assert_eq!(order, Role::ALL);
}

#[test]
fn the_log_derives_last_contact_and_due() {
    let mut s = Store::open_in_memory().unwrap();
    let sam = add(&mut s, "Sam", Role::Sponsor, Some(3));
    let group = add(&mut s, "Tuesday group", Role::Peer, Some(7));
    let mum = add(&mut s, "Mum", Role::Family, Some(14));
    let pal = add(&mut s, "Pal", Role::Friend, None);

    // Nobody logged yet: every contact with a cadence is due.
    let due: Vec<String> = s
        .due_contacts(today())
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(due, ["Mum", "Sam", "Tuesday group"]);

    s.log_contact(sam, d("2026-03-10"), Some("called"), today())
        .unwrap();
    s.log_contact(sam, d("2026-03-12"), Some("coffee"), today())
        .unwrap();
    s.log_contact(group, d("2026-03-01"), None, today())
        .unwrap();
    s.log_contact(mum, d("2026-03-14"), Some("  "), today())
        .unwrap();
    s.log_contact(pal, d("2020-01-01"), None, today()).unwrap();

    let c = s.contact(sam).unwrap();
    assert_eq!(c.last_contact, Some(d("2026-03-12")));
    assert_eq!(c.days_since(today()), Some(3));
    assert_eq!(c.log.len(), 2);
    assert_eq!(c.log[0].day, d("2026-03-12"), "newest first");
    assert_eq!(c.log[0].note.as_deref(), Some("coffee"));
    assert_eq!(s.contact(mum).unwrap().log[0].note, None, "blank note");

    // Group: 14 days since, cadence 7 → 7 over; Sam: 3 since, cadence 3 → 0.
    let due: Vec<String> = s
        .due_contacts(today())
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(due, ["Tuesday group", "Sam"]);
    // A day earlier Sam was not due yet.
    let due: Vec<String> = s
        .due_contacts(d("2026-03-14"))
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(due, ["Tuesday group"]);
    // The list carries the logs too.
    let all = s.contacts().unwrap();
    assert_eq!(all.iter().find(|c| c.id == sam).unwrap().log.len(), 2);
}

#[test]
fn refusals_write_nothing() {
    let mut s = Store::open_in_memory().unwrap();
    let id = add(&mut s, "Sam", Role::Sponsor, None);
    let e = s
        .add_contact(&ContactInput::new(" ", Role::Peer))
        .unwrap_err();
    assert!(matches!(e, Error::Invalid(_)), "{e}");
    let mut bad = ContactInput::new("X", Role::Peer);
    bad.cadence_days = Some(0);
    assert!(matches!(s.add_contact(&bad), Err(Error::Invalid(_))));
    bad.cadence_days = Some(-2);
    assert!(matches!(s.update_contact(id, &bad), Err(Error::Invalid(_))));
    assert_eq!(s.contacts().unwrap().len(), 1);
    assert_eq!(s.contact(id).unwrap().name, "Sam");

    let e = s
        .log_contact(id, d("2026-03-16"), None, today())
        .unwrap_err();
    assert!(matches!(e, Error::Invalid(_)), "{e}");
    assert!(e.to_string().contains("future"), "{e}");
    assert!(matches!(
        s.log_contact(999, today(), None, today()),
        Err(Error::NotFound(_))
    ));
    assert!(s.contact(id).unwrap().log.is_empty());
    assert!(matches!(s.delete_contact(999), Err(Error::NotFound(_))));
    assert!(matches!(
        s.update_contact(999, &ContactInput::new("Y", Role::Peer)),
        Err(Error::NotFound(_))
    ));
}

#[test]
fn find_by_name_or_id() {
    let mut s = Store::open_in_memory().unwrap();
    let sam = add(&mut s, "Sam Jones", Role::Sponsor, None);
    let samantha = add(&mut s, "Samantha", Role::Friend, None);
    let dana = add(&mut s, "Dana", Role::Counselor, None);
    let digits = add(&mut s, "42", Role::Other, None);

    assert_eq!(s.find_contact("dana").unwrap().id, dana);
    assert_eq!(s.find_contact("DAN").unwrap().id, dana, "prefix");
    assert_eq!(s.find_contact("jones").unwrap().id, sam, "substring");
    assert_eq!(s.find_contact("samantha").unwrap().id, samantha, "exact");
    assert_eq!(s.find_contact(&sam.to_string()).unwrap().id, sam, "id");
    // An all-digit string is always an id.
    assert!(matches!(s.find_contact("42"), Err(Error::NotFound(_))));
    assert_eq!(s.find_contact(&digits.to_string()).unwrap().id, digits);

    let e = s.find_contact("sam").unwrap_err();
    assert!(matches!(e, Error::Invalid(_)), "{e}");
    let msg = e.to_string();
    assert!(msg.contains(&format!("Sam Jones (id {sam})")), "{msg}");
    assert!(msg.contains(&format!("Samantha (id {samantha})")), "{msg}");
    assert_eq!(msg.lines().count(), 1);

    assert!(matches!(s.find_contact("nobody"), Err(Error::NotFound(_))));

    // Two people with the same name: ambiguous, listed by id.
    let other = add(&mut s, "dana", Role::Friend, None);
    let msg = s.find_contact("Dana").unwrap_err().to_string();
    assert!(msg.contains(&format!("id {dana}")), "{msg}");
    assert!(msg.contains(&format!("id {other}")), "{msg}");
}

#[test]
fn emergency_contacts_come_by_role() {
    let mut s = Store::open_in_memory().unwrap();
    for (name, role, em) in [
        ("Friend F", Role::Friend, true),
        ("Not me", Role::Sponsor, false),
        ("Counselor C", Role::Counselor, true),
        ("Sponsor S", Role::Sponsor, true),
    ] {
        let mut i = ContactInput::new(name, role);
        i.emergency = em;
        i.phone = Some("555".into());
        s.add_contact(&i).unwrap();
    }
    let names: Vec<String> = s
        .emergency_contacts()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["Sponsor S", "Counselor C", "Friend F"]);
}

#[test]
fn update_and_delete() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("m.db");
    let mut s = Store::open(&path).unwrap();
    let id = add(&mut s, "Sam", Role::Sponsor, Some(3));
    s.log_contact(id, today(), Some("called"), today()).unwrap();
    let mut i = s.contact(id).unwrap().input();
    i.name = "Samuel".into();
    i.cadence_days = None;
    i.emergency = true;
    s.update_contact(id, &i).unwrap();
    drop(s);
    let mut s = Store::open(&path).unwrap();
    let c = s.contact(id).unwrap();
    assert_eq!(c.name, "Samuel");
    assert_eq!(c.cadence_days, None);
    assert!(c.emergency);
    assert_eq!(c.log.len(), 1);
    s.delete_contact(id).unwrap();
    assert!(s.contacts().unwrap().is_empty());
}
