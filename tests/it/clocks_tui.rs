//! The Today pane from the keyboard: add a clock, see the count, reset it,
//! delete it, history, midnight roll-over, small terminals.

use crate::common;

use common::*;
use mend::store::Store;
use ratatui::crossterm::event::KeyCode;

/// Opens the new-clock form and fills it in, field by field.
fn add_clock(a: &mut mend::tui::App, label: &str, since: &str, cost: &str) {
    a.handle_key(ch('n'));
    type_str(a, label);
    a.handle_key(key(KeyCode::Tab));
    type_str(a, since);
    a.handle_key(key(KeyCode::Tab));
    type_str(a, cost);
    a.handle_key(ctrl('s'));
}

#[test]
fn with_no_clock_today_invites_to_start_one() {
    let mut a = app();
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("No clock yet"), "{screen}");
    assert!(
        screen.contains("press n to start your first clock"),
        "{screen}"
    );
    assert!(screen.contains("Reach out"), "{screen}");
}

#[test]
fn adding_a_clock_from_the_keyboard_shows_the_count_and_the_next_milestone() {
    let mut a = app();
    add_clock(&mut a, "Alcohol", "2025-12-05", "12.50");
    let status = a.status().expect("a status line").clone();
    assert!(!status.error, "{status:?}");
    assert!(status.text.contains("Alcohol"), "{status:?}");
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Alcohol"), "{screen}");
    assert!(screen.contains("100 days"), "{screen}");
    // Large digits: "100" in the block font.
    assert!(screen.contains("▀█  █▀█ █▀█"), "{screen}");
    assert!(screen.contains("Next: 6 months"), "{screen}");
    assert!(screen.contains("Fri Jun 5, 2026"), "{screen}");
    assert!(screen.contains("82 days to go"), "{screen}");
    assert!(screen.contains("$1,250.00"), "{screen}");
    assert!(screen.contains("Longest streak"), "{screen}");
    assert!(screen.contains("Reach out"), "{screen}");
    // It was written to the store.
    assert_eq!(a.store.clocks().unwrap().len(), 1);
}

#[test]
fn form_errors_show_in_the_form_and_keep_the_typing() {
    let mut a = app();
    add_clock(&mut a, "Alcohol", "2025-02-30", "");
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("2025-02-30 is not a real date"), "{screen}");
    assert!(screen.contains("New clock"), "{screen}");
    assert!(a.store.clocks().unwrap().is_empty());
    // Fix the day in place: the label is still typed.
    for _ in 0..2 {
        a.handle_key(key(KeyCode::Backspace));
    }
    type_str(&mut a, "28");
    a.handle_key(ctrl('s'));
    let clocks = a.store.clocks().unwrap();
    assert_eq!(clocks.len(), 1);
    assert_eq!(clocks[0].label, "Alcohol");
    // A future day and a duplicate label are refused too.
    add_clock(&mut a, "Gambling", "2026-03-16", "");
    assert!(render(&mut a, 80, 24).contains("in the future"));
    a.handle_key(key(KeyCode::Esc)); // changed: asks
    a.handle_key(ch('y'));
    add_clock(&mut a, "alcohol", "", "");
    assert!(render(&mut a, 80, 24).contains("already exists"));
    a.handle_key(key(KeyCode::Esc));
    a.handle_key(ch('y'));
    assert_eq!(a.store.clocks().unwrap().len(), 1);
}

#[test]
fn reset_asks_then_takes_an_optional_note_and_keeps_the_history() {
    let mut a = app();
    add_clock(&mut a, "Alcohol", "2025-12-05", "");
    // No: nothing changes.
    a.handle_key(ch('r'));
    assert!(render(&mut a, 80, 24).contains("Your 100 days stay in the history"));
    a.handle_key(ch('n'));
    assert!(a.store.clocks().unwrap()[0].resets.is_empty());
    // Yes, then a note; Enter moves to the day, Enter again saves.
    a.handle_key(ch('r'));
    a.handle_key(ch('y'));
    let form = render(&mut a, 80, 24);
    assert!(form.contains("Day of the slip"), "{form}");
    type_str(&mut a, "a hard night\n\n");
    let status = a.status().unwrap().clone();
    assert_eq!(status.text, "A new start. Your 100 days still happened.");
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("0 days"), "{screen}");
    assert!(screen.contains("Next: 24 hours"), "{screen}");
    assert!(
        screen.contains("100 days"),
        "longest streak shown:\n{screen}"
    );
    let c = &a.store.clocks().unwrap()[0];
    assert_eq!(c.resets[0].day, today());
    assert_eq!(c.resets[0].note.as_deref(), Some("a hard night"));
    // History (Enter) shows both streaks and the note.
    a.handle_key(key(KeyCode::Enter));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("history"), "{screen}");
    assert!(screen.contains("2025-12-05 – 2026-03-14"), "{screen}");
    assert!(screen.contains("a hard night"), "{screen}");
    assert!(screen.contains("longest"), "{screen}");
    a.handle_key(key(KeyCode::Esc));
    assert!(!render(&mut a, 80, 24).contains("· history"));
}

#[test]
fn a_reset_before_the_start_is_refused_in_the_form() {
    let mut a = app();
    add_clock(&mut a, "Alcohol", "2026-03-01", "");
    a.handle_key(ch('r'));
    a.handle_key(ch('y'));
    a.handle_key(key(KeyCode::Tab));
    for _ in 0..10 {
        a.handle_key(key(KeyCode::Backspace));
    }
    type_str(&mut a, "2026-02-01");
    a.handle_key(ctrl('s'));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("before the current streak"), "{screen}");
    a.handle_key(key(KeyCode::Esc));
    assert!(a.store.clocks().unwrap()[0].resets.is_empty());
}

#[test]
fn several_clocks_select_and_delete() {
    let mut s = Store::open_in_memory().unwrap();
    s.add_clock("Alcohol", day("2025-12-05"), None, today())
        .unwrap();
    s.add_clock("Gambling", day("2026-02-13"), None, today())
        .unwrap();
    let mut a = app_with(s);
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("› Alcohol"), "{screen}");
    assert!(screen.contains("Gambling"), "{screen}");
    a.handle_key(key(KeyCode::Down));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("› Gambling"), "{screen}");
    // 30 days today: a milestone day.
    assert!(screen.contains("30 days today"), "{screen}");
    a.handle_key(ch('d'));
    a.handle_key(ch('y'));
    let clocks = a.store.clocks().unwrap();
    assert_eq!(clocks.len(), 1);
    assert_eq!(clocks[0].label, "Alcohol");
}

#[test]
fn the_count_rolls_over_at_midnight() {
    let mut s = Store::open_in_memory().unwrap();
    s.add_clock("Alcohol", day("2025-12-05"), None, today())
        .unwrap();
    let mut a = app_with(s);
    assert!(render(&mut a, 80, 24).contains("100 days"));
    a.set_today(day("2026-03-16"));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("101 days"), "{screen}");
    assert!(screen.contains("81 days to go"), "{screen}");
}

#[test]
fn it_still_works_at_60x16() {
    let mut a = app();
    assert!(render(&mut a, 60, 16).contains("start your first clock"));
    add_clock(&mut a, "Alcohol", "2025-12-05", "3");
    let screen = render(&mut a, 60, 16);
    assert!(!screen.contains("too small"), "{screen}");
    assert!(screen.contains("100 days"), "{screen}");
    assert!(screen.contains("Next: 6 months"), "{screen}");
    assert!(screen.contains("to go"), "{screen}");
    assert!(screen.contains("Reach out"), "{screen}");
    a.handle_key(ch('r'));
    let screen = render(&mut a, 60, 16);
    assert!(screen.contains("Start Alcohol again?"), "{screen}");
}

#[test]
fn the_status_line_keeps_help_and_quit_at_80_columns() {
    let mut s = Store::open_in_memory().unwrap();
    s.add_clock("Alcohol", day("2025-12-05"), None, today())
        .unwrap();
    let mut a = app_with(s);
    let screen = render(&mut a, 80, 24);
    let last = screen.lines().last().unwrap();
    assert!(last.contains("n new clock"), "{last}");
    assert!(last.contains("r reset"), "{last}");
    assert!(last.contains("? help"), "{last}");
    assert!(last.contains("q quit"), "{last}");
}

/// Clears the focused form field.
fn clear_field(a: &mut mend::tui::App) {
    for _ in 0..50 {
        a.handle_key(key(KeyCode::Backspace));
    }
}

#[test]
fn e_corrects_a_clock_and_keeps_its_resets() {
    let mut a = app();
    add_clock(&mut a, "Alcohol", "2025-12-05", "12.50");
    a.handle_key(ch('r'));
    a.handle_key(ch('y'));
    type_str(&mut a, "a hard night");
    a.handle_key(key(KeyCode::Tab));
    clear_field(&mut a);
    type_str(&mut a, "2026-03-01");
    a.handle_key(ctrl('s'));
    // The form comes filled with what the clock holds now.
    a.handle_key(ch('e'));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Edit clock"), "{screen}");
    assert!(screen.contains("2025-12-05"), "{screen}");
    assert!(screen.contains("12.50"), "{screen}");
    // A first day on or after the first slip is refused in the form.
    a.handle_key(key(KeyCode::Tab));
    clear_field(&mut a);
    type_str(&mut a, "2026-03-01");
    a.handle_key(ctrl('s'));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("pick a day before 2026-03-01"), "{screen}");
    assert_eq!(a.store.clocks().unwrap()[0].since.to_string(), "2025-12-05");
    // Fix it, rename the clock and drop the cost.
    clear_field(&mut a);
    type_str(&mut a, "2025-11-30");
    a.handle_key(key(KeyCode::BackTab));
    clear_field(&mut a);
    type_str(&mut a, "Drinking");
    a.handle_key(key(KeyCode::Tab));
    a.handle_key(key(KeyCode::Tab));
    clear_field(&mut a);
    a.handle_key(ctrl('s'));
    let status = a.status().expect("a status line").clone();
    assert!(!status.error, "{status:?}");
    let c = &a.store.clocks().unwrap()[0];
    assert_eq!(c.label, "Drinking");
    assert_eq!(c.since.to_string(), "2025-11-30");
    assert_eq!(c.cost_per_day_cents, None);
    assert_eq!(c.resets.len(), 1);
    assert_eq!(c.resets[0].note.as_deref(), Some("a hard night"));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Drinking"), "{screen}");
    assert!(!screen.contains("Money saved"), "{screen}");
}

#[test]
fn esc_on_a_changed_edit_asks_and_no_keeps_the_typing() {
    let mut a = app();
    add_clock(&mut a, "Alcohol", "2025-12-05", "");
    a.handle_key(ch('e'));
    a.handle_key(key(KeyCode::Esc)); // unchanged: closes at once
    assert!(!render(&mut a, 80, 24).contains("Edit clock"));
    a.handle_key(ch('e'));
    type_str(&mut a, "!");
    a.handle_key(key(KeyCode::Esc));
    assert!(render(&mut a, 80, 24).contains("Discard these changes?"));
    a.handle_key(ch('n'));
    assert!(render(&mut a, 80, 24).contains("Alcohol!"));
    a.handle_key(key(KeyCode::Esc));
    a.handle_key(ch('y'));
    assert_eq!(a.store.clocks().unwrap()[0].label, "Alcohol");
}

#[test]
fn an_emptied_first_day_in_the_edit_form_is_refused_not_taken_as_today() {
    let mut a = app();
    add_clock(&mut a, "Alcohol", "2025-12-05", "");
    a.handle_key(ch('e'));
    a.handle_key(key(KeyCode::Tab));
    clear_field(&mut a);
    a.handle_key(ctrl('s'));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("type the first sober day"), "{screen}");
    assert_eq!(a.store.clocks().unwrap()[0].since.to_string(), "2025-12-05");
}
