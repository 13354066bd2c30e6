//! With keys rebound, the status line and the help name the new keys in
//! every pane, form, question and overlay, and never a default key that no
//! longer does anything there.

use crate::common;

use common::*;
use mend::config::Config;
use mend::domain::amends::NewAmend;
use mend::domain::contacts::{ContactInput, Role};
use mend::domain::journal::NewEntry;
use mend::store::Store;
use mend::tui::App;
use mend::tui::keys::Action;

const REBOUND: &str = r#"
[keys.global]
help = "f1"
quit = "ctrl-q"
[keys.list]
new = "f2"
delete = "f3"
log = "f4"
edit = "f5"
[keys.editor]
save = "f6"
cancel = "f7"
next-field = "f8"
external-editor = "f11"
[keys.popup]
confirm = "f9"
deny = "f10"
"#;

fn app_rebound() -> App {
    let mut s = Store::open_in_memory().unwrap();
    s.add_clock("Alcohol", day("2026-01-01"), None, today())
        .unwrap();
    s.add_entry(&NewEntry {
        day: today(),
        body: "A good day".into(),
        tags: vec!["work".into()],
        ..Default::default()
    })
    .unwrap();
    s.add_amend(&NewAmend {
        person: "Mom".into(),
        ..Default::default()
    })
    .unwrap();
    let mut c = ContactInput::new("Sam", Role::Sponsor);
    c.emergency = true;
    s.add_contact(&c).unwrap();
    let config = Config::parse(REBOUND).unwrap();
    let mut a = App::new(s, config, today()).unwrap();
    a.theme = mend::tui::theme::Theme::dark();
    a
}

/// The last row of the screen: the status line.
fn status_line(a: &mut App) -> String {
    let screen = render(a, 100, 30);
    screen.lines().last().unwrap_or_default().to_string()
}

/// Checks no default key of a rebound action shows on the status line.
fn no_stale_keys(a: &mut App, place: &str) {
    let line = status_line(a);
    for stale in [
        "n add",
        "n new",
        "d delete",
        "l log",
        "e edit",
        "Ctrl-S",
        "y yes",
        "? help",
        "q quit",
        "Esc cancel",
        "Ctrl-E",
    ] {
        assert!(!line.contains(stale), "{place}: {stale:?} in {line:?}");
    }
}

#[test]
fn every_pane_form_and_question_names_only_working_keys() {
    let mut a = app_rebound();
    for tab in 0..5 {
        press(&mut a, Action::GoTab(tab));
        let place = format!("pane {tab}");
        no_stale_keys(&mut a, &place);
        let line = status_line(&mut a);
        assert!(line.contains("F1 help"), "{place}: {line}");
        assert!(line.contains("Ctrl-Q quit"), "{place}: {line}");
        // The help overlay names the rebound keys.
        press(&mut a, Action::Help);
        let help = render(&mut a, 100, 60);
        assert!(help.contains("F6"), "{place} help:\n{help}");
        assert!(!help.contains("Ctrl-S"), "{place} help:\n{help}");
        press(&mut a, Action::Deny);
        if tab == 4 {
            continue; // Insights has no forms.
        }
        // A new form: its hints are the editor keys as rebound.
        press(&mut a, Action::New);
        let line = status_line(&mut a);
        assert!(line.contains("F6 save"), "{place} form: {line}");
        assert!(line.contains("F7 cancel"), "{place} form: {line}");
        no_stale_keys(&mut a, &format!("{place} form"));
        type_str(&mut a, "x");
        press(&mut a, Action::Cancel);
        // Changed: the question names the rebound answers.
        let line = status_line(&mut a);
        assert!(line.contains("F9 yes"), "{place} question: {line}");
        assert!(line.contains("F10 no"), "{place} question: {line}");
        no_stale_keys(&mut a, &format!("{place} question"));
        press(&mut a, Action::Confirm);
        assert!(!a.unsaved(), "{place}: discarded");
        // The delete question (Today, Journal, Amends, Contacts).
        press(&mut a, Action::Delete);
        no_stale_keys(&mut a, &format!("{place} delete"));
        press(&mut a, Action::Open);
        assert!(!a.unsaved());
    }
    assert_eq!(a.store.clocks().unwrap().len(), 1, "Enter deleted nothing");
    assert_eq!(a.store.amends(None).unwrap().len(), 1);
    assert_eq!(a.store.contacts().unwrap().len(), 1);
}

#[test]
fn the_crisis_screen_and_data_menu_name_rebound_keys() {
    let mut a = app_rebound();
    press(&mut a, Action::Crisis);
    let screen = render(&mut a, 100, 30);
    assert!(screen.contains("F4 log a reach-out"), "{screen}");
    assert!(screen.contains("F10 close"), "{screen}");
    assert!(!screen.contains("Esc close"), "{screen}");
    press(&mut a, Action::Log);
    assert_eq!(a.store.find_contact("sam").unwrap().log.len(), 1);
    press(&mut a, Action::Deny);
    assert!(!a.crisis_open());
    press(&mut a, Action::Data);
    let screen = render(&mut a, 100, 30);
    assert!(screen.contains("F10 close"), "{screen}");
    assert!(!screen.contains("Esc close"), "{screen}");
}
