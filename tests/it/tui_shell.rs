//! The TUI shell: tabs, help overlay, quitting, small terminals.

use crate::common;

use common::*;
use ratatui::crossterm::event::KeyCode;

#[test]
fn each_pane_draws_with_its_title_at_80x24() {
    let mut a = app();
    for (i, title) in ["Today", "Journal", "Amends", "Contacts"]
        .iter()
        .enumerate()
    {
        a.handle_key(ch(char::from_digit(i as u32 + 1, 10).unwrap()));
        assert_eq!(a.tab(), i);
        let screen = render(&mut a, 80, 24);
        assert!(screen.contains(title), "{title} missing:\n{screen}");
        // The tab bar shows all four.
        let first = screen.lines().next().unwrap();
        for t in ["Today", "Journal", "Amends", "Contacts"] {
            assert!(first.contains(t), "tab bar lacks {t}: {first}");
        }
    }
}

#[test]
fn tab_and_shift_tab_cycle_panes() {
    let mut a = app();
    a.handle_key(key(KeyCode::Tab));
    assert_eq!(a.tab(), 1);
    a.handle_key(key(KeyCode::BackTab));
    a.handle_key(key(KeyCode::BackTab));
    assert_eq!(
        a.tab(),
        a.tab_titles().len() - 1,
        "Shift-Tab from Today wraps to the last pane"
    );
}

#[test]
fn help_overlay_lists_keys_from_the_key_map() {
    let mut a = app();
    a.handle_key(ch('?'));
    assert!(a.help_open());
    let screen = render(&mut a, 80, 40);
    assert!(screen.contains("Keys"), "{screen}");
    assert!(screen.contains("q "), "{screen}");
    assert!(screen.contains("this help"), "{screen}");
    assert!(screen.contains("quit"), "{screen}");
    // Any key closes it; q does not quit while help is open.
    a.handle_key(ch('q'));
    assert!(!a.help_open());
    assert!(!a.should_quit());
}

#[test]
fn q_quits() {
    let mut a = app();
    a.handle_key(ch('q'));
    assert!(a.should_quit());
}

#[test]
fn a_tiny_terminal_gets_a_polite_note() {
    let mut a = app();
    let screen = render(&mut a, 20, 6);
    assert!(screen.contains("too small"), "{screen}");
    let screen = render(&mut a, 59, 16);
    assert!(screen.contains("too small"), "{screen}");
    let screen = render(&mut a, 60, 16);
    assert!(!screen.contains("too small"), "{screen}");
}

#[test]
fn crisis_opens_from_every_pane_and_shows_helplines() {
    let mut a = app();
    for i in 0..4 {
        a.handle_key(ch(char::from_digit(i + 1, 10).unwrap()));
        a.handle_key(ch('!'));
        assert!(a.crisis_open());
        let screen = render(&mut a, 60, 16);
        assert!(screen.contains("988"), "{screen}");
        a.handle_key(key(KeyCode::Esc));
        assert!(!a.crisis_open());
    }
}

#[test]
fn the_status_line_shows_hints_from_the_key_map() {
    let mut a = app();
    let screen = render(&mut a, 80, 24);
    let last = screen.lines().last().unwrap();
    assert!(last.contains("? help"), "{last}");
    assert!(last.contains("q quit"), "{last}");
}

#[test]
fn clicking_a_tab_switches_to_it() {
    use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mut a = app();
    let screen = render(&mut a, 80, 24);
    let first = screen.lines().next().unwrap();
    let byte = first.find("Amends").unwrap();
    let col = first[..byte].chars().count() as u16;
    a.handle_mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: col,
        row: 0,
        modifiers: ratatui::crossterm::event::KeyModifiers::NONE,
    });
    assert_eq!(a.tab(), 2);
}

#[test]
fn every_tab_title_shows_whole_at_60_columns() {
    let mut a = app();
    let screen = render(&mut a, 60, 16);
    let first = screen.lines().next().unwrap();
    for t in ["Today", "Journal", "Amends", "Contacts", "Insights"] {
        assert!(first.contains(t), "{t} cut: {first}");
    }
}

#[test]
fn an_overlay_hides_the_pane_keys_under_it_from_the_status_line() {
    let mut a = app();
    a.handle_key(ch('2'));
    let (left, _) = a.hints();
    assert!(!left.is_empty(), "the Journal names its keys");
    press(&mut a, mend::keys::Action::Urge);
    assert!(a.urge_open());
    let (left, right) = a.hints();
    assert!(
        left.is_empty(),
        "pane keys shown under the urge popup: {left:?}"
    );
    assert_eq!(right.len(), 1, "{right:?}");
    assert_eq!(right[0].1, "crisis");
    let screen = render(&mut a, 80, 24);
    let status = screen.lines().last().unwrap();
    assert!(!status.contains("new"), "{status}");
}
