//! The Amends pane from the keyboard: three people, planning and making one
//! amends, logging acts over weeks, the trend and the summary.

use crate::common;

use common::*;
use mend::domain::amends::Status;
use mend::tui::App;
use ratatui::crossterm::event::KeyCode;

fn add_person(a: &mut App, person: &str, harm: &str) {
    a.handle_key(ch('n'));
    type_str(a, person);
    a.handle_key(key(KeyCode::Tab));
    type_str(a, harm);
    a.handle_key(ctrl('s'));
}

fn log_act(a: &mut App, note: &str, trust: &str, day: &str) {
    a.handle_key(ch('l'));
    type_str(a, note);
    a.handle_key(key(KeyCode::Tab));
    type_str(a, trust);
    a.handle_key(key(KeyCode::Tab));
    type_str(a, day);
    a.handle_key(ctrl('s'));
}

fn amends_app() -> App {
    let mut a = app();
    a.handle_key(ch('3'));
    a
}

#[test]
fn empty_state_explains_the_list_kindly() {
    let mut a = amends_app();
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("amends list is empty"), "{screen}");
    assert!(screen.contains("n adds a person"), "{screen}");
}

#[test]
fn three_people_planned_then_made_with_acts_trend_and_summary() {
    let mut a = amends_app();
    add_person(&mut a, "Mom", "missed her birthday");
    add_person(&mut a, "Dad", "borrowed money");
    add_person(&mut a, "Sam", "broke a promise");
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("3 listed"), "{screen}");
    for p in ["Mom", "Dad", "Sam"] {
        assert!(screen.contains(p), "{screen}");
    }
    // Mom is first (ids tie-break); plan, then make her amends.
    a.handle_key(ch('g'));
    a.handle_key(ch('s'));
    let picker = render(&mut a, 80, 24);
    assert!(
        picker.contains("respecting their boundaries, for now"),
        "{picker}"
    );
    assert!(picker.contains("would injure them or others"), "{picker}");
    a.handle_key(ch('p'));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("2 listed · 1 planned"), "{screen}");
    // She moved below the listed ones and stays selected.
    a.handle_key(ch('s'));
    a.handle_key(ch('m'));
    let ask = render(&mut a, 80, 24);
    assert!(ask.contains("Made on"), "{ask}");
    type_str(&mut a, "3 days ago");
    a.handle_key(key(KeyCode::Enter));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("2 listed · 1 made"), "{screen}");
    let mom = a.store.amends(Some(Status::Made)).unwrap();
    assert_eq!(mom.len(), 1);
    assert_eq!(mom[0].person, "Mom");
    assert_eq!(mom[0].made_on, Some(day("2026-03-12")));

    // Acts over weeks: four keys plus the text each.
    log_act(&mut a, "called her on time", "2", "2026-02-20");
    log_act(&mut a, "showed up for her birthday", "4", "2026-03-01");
    log_act(&mut a, "helped around the house", "", "");
    a.handle_key(ch('l'));
    type_str(&mut a, "told the truth");
    a.handle_key(ctrl('s'));
    let mom = a.store.amend(mom[0].id).unwrap();
    assert_eq!(mom.log.len(), 4);
    assert_eq!(mom.trust_trend(), vec![2, 4]);
    assert_eq!(mom.days_since_last_act(today()), Some(0));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("▃▆"), "{screen}");
    assert!(screen.contains("today"), "{screen}");

    // The detail: harm, status explanation, trend and timeline.
    a.handle_key(key(KeyCode::Enter));
    let detail = render(&mut a, 80, 24);
    assert!(detail.contains("missed her birthday"), "{detail}");
    assert!(detail.contains("trust grows back"), "{detail}");
    assert!(detail.contains("2 → 4 of 5"), "{detail}");
    assert!(
        detail.contains("●●●●○  showed up for her birthday"),
        "{detail}"
    );
    assert!(detail.contains("Made on  2026-03-12"), "{detail}");
    let small = render(&mut a, 60, 16);
    assert!(small.contains("Mom"), "{small}");
    assert!(!small.contains("too small"), "{small}");
    a.handle_key(key(KeyCode::Esc));
    let screen = render(&mut a, 60, 16);
    assert!(screen.contains("2 listed · 1 made"), "{screen}");
}

#[test]
fn filter_cycles_statuses_and_shows_it_in_the_title() {
    let mut a = amends_app();
    add_person(&mut a, "Mom", "x");
    add_person(&mut a, "Dad", "y");
    a.handle_key(ch('s'));
    a.handle_key(ch('d'));
    a.handle_key(ch('f'));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Amends · listed"), "{screen}");
    assert!(
        screen.contains("Mom") && !screen.contains("Dad"),
        "{screen}"
    );
    a.handle_key(ch('f'));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Amends · deferred"), "{screen}");
    assert!(
        screen.contains("Dad") && !screen.contains("Mom"),
        "{screen}"
    );
    a.handle_key(ch('f'));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Amends · all"), "{screen}");
}

#[test]
fn refusals_keep_the_form_open_and_write_nothing() {
    let mut a = amends_app();
    // An empty person.
    a.handle_key(ch('n'));
    a.handle_key(key(KeyCode::Tab));
    type_str(&mut a, "harm");
    a.handle_key(ctrl('s'));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("name is empty"), "{screen}");
    assert!(a.store.amends(None).unwrap().is_empty());
    // Esc on a changed form asks; y discards.
    a.handle_key(key(KeyCode::Esc));
    a.handle_key(ch('y'));
    add_person(&mut a, "Mom", "x");
    // Trust out of range.
    a.handle_key(ch('l'));
    type_str(&mut a, "called");
    a.handle_key(key(KeyCode::Tab));
    // Trust is picked from 1 to 5: a 9 picks nothing, a 4 picks 4.
    type_str(&mut a, "9");
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("‹ not rated"), "{screen}");
    type_str(&mut a, "4");
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("‹ 4 ›"), "{screen}");
    a.handle_key(key(KeyCode::Esc));
    a.handle_key(ch('y'));
    // A made day in the future.
    a.handle_key(ch('s'));
    a.handle_key(ch('m'));
    type_str(&mut a, "2026-04-01");
    a.handle_key(key(KeyCode::Enter));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("future"), "{screen}");
    let all = a.store.amends(None).unwrap();
    assert!(all[0].log.is_empty());
    assert_eq!(all[0].status, Status::Listed);
}

#[test]
fn delete_asks_first() {
    let mut a = amends_app();
    add_person(&mut a, "Mom", "x");
    a.handle_key(ch('d'));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Delete the amends for Mom"), "{screen}");
    a.handle_key(ch('n'));
    assert_eq!(a.store.amends(None).unwrap().len(), 1);
    a.handle_key(ch('d'));
    a.handle_key(ch('y'));
    assert!(a.store.amends(None).unwrap().is_empty());
}

#[test]
fn edit_changes_the_fields() {
    let mut a = amends_app();
    add_person(&mut a, "Mom", "x");
    a.handle_key(ch('e'));
    for _ in 0..3 {
        a.handle_key(key(KeyCode::Backspace));
    }
    type_str(&mut a, "Mother");
    a.handle_key(key(KeyCode::Tab));
    a.handle_key(key(KeyCode::Tab));
    a.handle_key(key(KeyCode::Backspace));
    for _ in 0..6 {
        a.handle_key(key(KeyCode::Backspace));
    }
    type_str(&mut a, "living");
    a.handle_key(ctrl('s'));
    let all = a.store.amends(None).unwrap();
    assert_eq!(all[0].person, "Mother");
    assert_eq!(all[0].kind, mend::domain::amends::Kind::Living);
    // q types a q while the form is open, and does not quit.
    a.handle_key(ch('e'));
    a.handle_key(ch('q'));
    assert!(!a.should_quit());
}

#[test]
fn long_fields_wrap_keep_their_lines_and_show_indented() {
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
    let alt_enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT);
    let mut a = amends_app();
    a.handle_key(ch('n'));
    type_str(&mut a, "Mum");
    a.handle_key(key(KeyCode::Tab));
    let harm =
        "I took money from her purse many times over two years and lied about it when she asked";
    type_str(&mut a, harm);
    // The whole harm is on screen, wrapped, not scrolled out of sight.
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("I took money from her purse"), "{screen}");
    assert!(screen.contains("when she asked"), "{screen}");
    a.handle_key(key(KeyCode::Tab));
    a.handle_key(key(KeyCode::Tab));
    type_str(&mut a, "Pay it back");
    a.handle_key(alt_enter);
    type_str(&mut a, "Tell her the truth");
    assert!(render(&mut a, 80, 24).contains("Alt-Enter new line"));
    a.handle_key(ctrl('s'));
    let stored = &a.store.amends(None).unwrap()[0];
    assert_eq!(stored.harm, harm);
    assert_eq!(stored.plan, "Pay it back\nTell her the truth");
    // The detail shows each line, wrapped rows indented under the text.
    a.handle_key(key(KeyCode::Enter));
    let screen = render(&mut a, 80, 24);
    let rows: Vec<&str> = screen.lines().collect();
    let plan = rows
        .iter()
        .position(|r| r.contains("Plan     Pay it back"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(
        rows[plan + 1].contains("         Tell her the truth"),
        "{screen}"
    );
    // Editing keeps the lines; unchanged, Esc closes without asking.
    a.handle_key(ch('e'));
    a.handle_key(key(KeyCode::Esc));
    assert!(!render(&mut a, 80, 24).contains("Discard"));
    assert_eq!(
        a.store.amends(None).unwrap()[0].plan,
        "Pay it back\nTell her the truth"
    );
}
