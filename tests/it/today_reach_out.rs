//! Today lists who is due for a reach-out and logs one with one key.

use crate::common;

use common::*;
use mend::domain::contacts::{ContactInput, Role};
use mend::store::Store;
use ratatui::crossterm::event::KeyCode;

fn store_with_due() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    let mut sam = ContactInput::new("Sam Sponsor", Role::Sponsor);
    sam.cadence_days = Some(3);
    let id = s.add_contact(&sam).unwrap();
    s.log_contact(id, day("2026-03-01"), Some("called"), today())
        .unwrap();
    let mut ada = ContactInput::new("Ada Friend", Role::Friend);
    ada.cadence_days = Some(30);
    let ada_id = s.add_contact(&ada).unwrap();
    s.log_contact(ada_id, day("2026-03-14"), None, today())
        .unwrap();
    s
}

#[test]
fn today_shows_who_is_due_and_logs_with_one_key_and_a_note() {
    let mut a = app_with(store_with_due());
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Reach out"), "{screen}");
    assert!(screen.contains("Sam Sponsor"), "{screen}");
    assert!(!screen.contains("Ada Friend"), "not due:\n{screen}");
    a.handle_key(ch('l'));
    type_str(&mut a, "after work");
    a.handle_key(key(KeyCode::Enter));
    let screen = render(&mut a, 80, 24);
    assert!(!screen.contains("Sam Sponsor ·"), "{screen}");
    assert!(a.store.due_contacts(today()).unwrap().is_empty());
    let sam = a.store.find_contact("Sam").unwrap();
    assert_eq!(sam.last_contact, Some(today()));
}

#[test]
fn q_while_typing_the_note_types_a_q() {
    let mut a = app_with(store_with_due());
    a.handle_key(ch('l'));
    a.handle_key(ch('q'));
    assert!(!a.should_quit());
    a.handle_key(key(KeyCode::Esc));
    a.handle_key(ch('q'));
    assert!(a.should_quit());
}
