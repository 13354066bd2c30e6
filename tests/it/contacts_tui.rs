//! The Contacts pane, the Today "Reach out" section and the crisis screen,
//! driven from the keyboard.

use crate::common;

use common::*;
use mend::config::Config;
use mend::domain::contacts::{ContactInput, Role};
use mend::store::Store;
use mend::tui::App;
use mend::tui::keys::{Action, KeyMap};
use mend::tui::pane::contacts::DueSection;
use mend::tui::pane::{Ctx, Effect, Mode, View};
use mend::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;

/// Adds a contact through the `n` form: name, role, phone, email, cadence,
/// emergency, notes.
fn add_from_keyboard(a: &mut App, fields: [&str; 7]) {
    a.handle_key(ch('n'));
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            a.handle_key(key(KeyCode::Tab));
        }
        type_str(a, f);
    }
    a.handle_key(ctrl('s'));
}

fn contacts_pane() -> App {
    let mut a = app();
    a.handle_key(ch('4'));
    assert_eq!(a.tab(), 3);
    a
}

fn position(screen: &str, needle: &str) -> usize {
    screen
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} missing:\n{screen}"))
}

#[test]
fn empty_pane_says_how_to_start() {
    let mut a = contacts_pane();
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("No support contacts yet"), "{screen}");
    assert!(screen.contains("Press n"), "{screen}");
}

#[test]
fn add_a_sponsor_a_counsellor_and_a_group_then_log_a_call() {
    let mut a = contacts_pane();
    add_from_keyboard(
        &mut a,
        ["Sam", "sponsor", "555-0100", "", "3", "y", "calls after 6"],
    );
    add_from_keyboard(
        &mut a,
        [
            "Dana",
            "counselor",
            "555-0142",
            "dana@example.org",
            "",
            "",
            "",
        ],
    );
    add_from_keyboard(&mut a, ["Tuesday group", "peer", "", "", "7", "n", ""]);
    assert_eq!(
        a.status().map(|s| s.text.as_str()),
        Some("Added Tuesday group")
    );

    let all = a.store.contacts().unwrap();
    let roles: Vec<(&str, Role, bool, Option<u32>)> = all
        .iter()
        .map(|c| (c.name.as_str(), c.role, c.emergency, c.cadence_days))
        .collect();
    assert_eq!(
        roles,
        [
            ("Sam", Role::Sponsor, true, Some(3)),
            ("Dana", Role::Counselor, false, None),
            ("Tuesday group", Role::Peer, false, Some(7)),
        ]
    );
    assert_eq!(all[0].notes.as_deref(), Some("calls after 6"));
    assert_eq!(all[1].email.as_deref(), Some("dana@example.org"));

    let screen = render(&mut a, 80, 24);
    let sponsors = position(&screen, "Sponsors");
    let sam = position(&screen, "Sam");
    let counselors = position(&screen, "Counselors");
    let dana = position(&screen, "Dana");
    let group = position(&screen, "Tuesday group");
    assert!(sponsors < sam && sam < counselors && counselors < dana && dana < group);
    assert!(screen.contains("★ emergency"), "{screen}");
    assert!(screen.contains("555-0100"), "{screen}");
    assert!(
        screen.contains("due"),
        "never contacted with a cadence:\n{screen}"
    );

    // The new contact is selected; go to Sam and log a call.
    a.handle_key(ch('g'));
    a.handle_key(ch('l'));
    assert_eq!(a.tab(), 3);
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Reach-out with Sam"), "{screen}");
    type_str(&mut a, "called after work");
    a.handle_key(ctrl('s'));
    let sam = a.store.find_contact("sam").unwrap();
    assert_eq!(sam.log.len(), 1);
    assert_eq!(sam.log[0].day, today());
    assert_eq!(sam.log[0].note.as_deref(), Some("called after work"));

    // A second call, yesterday, from the day field.
    a.handle_key(ch('l'));
    a.handle_key(key(KeyCode::Tab));
    for _ in 0..5 {
        a.handle_key(key(KeyCode::Backspace));
    }
    type_str(&mut a, "yesterday");
    a.handle_key(ctrl('s'));
    let sam = a.store.find_contact("sam").unwrap();
    assert_eq!(sam.log.len(), 2);
    assert_eq!(sam.log[1].day, day("2026-03-14"));

    // The detail view shows the notes and the log.
    a.handle_key(key(KeyCode::Enter));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("calls after 6"), "{screen}");
    assert!(screen.contains("2026-03-15  called after work"), "{screen}");
    assert!(screen.contains("2026-03-14"), "{screen}");
    assert!(screen.contains("every 3 days"), "{screen}");
    a.handle_key(key(KeyCode::Esc));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("last: today"), "{screen}");

    // Works at 60x16 too.
    let screen = render(&mut a, 60, 16);
    assert!(screen.contains("Sam"), "{screen}");
    assert!(!screen.contains("too small"), "{screen}");
}

#[test]
fn form_refusals_keep_the_form_and_write_nothing() {
    let mut a = contacts_pane();
    add_from_keyboard(&mut a, ["Boss", "", "", "", "", "", ""]);
    assert_eq!(a.store.contacts().unwrap().len(), 0);
    let screen = render(&mut a, 80, 24);
    assert!(
        screen.contains("Role: choose one of"),
        "a role is picked from the closed set, never typed:\n{screen}"
    );
    assert!(a.unsaved(), "the form stays open with the typing");
    // Esc on a changed form asks first; Enter keeps the typing, yes discards.
    press(&mut a, Action::Cancel);
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Discard what you typed?"), "{screen}");
    press(&mut a, Action::Open);
    assert!(a.unsaved(), "Enter never discards");
    press(&mut a, Action::Cancel);
    press(&mut a, Action::Confirm);
    assert!(!a.unsaved());

    add_from_keyboard(&mut a, ["", "peer", "", "", "", "", ""]);
    assert!(render(&mut a, 80, 24).contains("needs a name"));
    press(&mut a, Action::Cancel);
    press(&mut a, Action::Confirm);
    add_from_keyboard(&mut a, ["X", "peer", "", "", "0", "", ""]);
    assert!(render(&mut a, 80, 24).contains("cadence"));
    press(&mut a, Action::Cancel);
    press(&mut a, Action::Confirm);
    assert_eq!(a.store.contacts().unwrap().len(), 0);

    // A future day is refused in the log form.
    add_from_keyboard(&mut a, ["Sam", "sponsor", "", "", "", "", ""]);
    a.handle_key(ch('l'));
    a.handle_key(key(KeyCode::Tab));
    for _ in 0..5 {
        a.handle_key(key(KeyCode::Backspace));
    }
    type_str(&mut a, "2026-03-20");
    a.handle_key(ctrl('s'));
    assert!(render(&mut a, 80, 24).contains("future"));
    assert!(a.store.find_contact("sam").unwrap().log.is_empty());
}

#[test]
fn edit_and_delete_with_confirmation() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .add_contact(&ContactInput::new("Sam", Role::Sponsor))
        .unwrap();
    let mut a = app_with(store);
    a.handle_key(ch('4'));
    a.handle_key(ch('e'));
    // Name field: replace with a new name.
    for _ in 0..3 {
        a.handle_key(key(KeyCode::Backspace));
    }
    type_str(&mut a, "Samuel");
    a.handle_key(ctrl('s'));
    assert_eq!(a.store.find_contact("samuel").unwrap().role, Role::Sponsor);

    a.handle_key(ch('d'));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Delete Samuel?"), "{screen}");
    a.handle_key(ch('n'));
    assert_eq!(a.store.contacts().unwrap().len(), 1);
    a.handle_key(ch('d'));
    a.handle_key(ch('y'));
    assert_eq!(a.store.contacts().unwrap().len(), 0);
    assert!(render(&mut a, 80, 24).contains("No support contacts yet"));
}

fn store_with_people() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    let mut friend = ContactInput::new("Fran", Role::Friend);
    friend.phone = Some("555-0300".into());
    friend.emergency = true;
    s.add_contact(&friend).unwrap();
    let mut sponsor = ContactInput::new("Sam", Role::Sponsor);
    sponsor.phone = Some("555-0100".into());
    sponsor.emergency = true;
    s.add_contact(&sponsor).unwrap();
    let mut dana = ContactInput::new("Dana", Role::Counselor);
    dana.phone = Some("555-0142".into());
    s.add_contact(&dana).unwrap();
    s
}

#[test]
fn crisis_at_60x16_shows_emergency_contacts_first_then_helplines() {
    let mut a = app_with(store_with_people());
    for pane in ['1', '2', '3', '4'] {
        a.handle_key(ch(pane));
        a.handle_key(ch('!'));
        assert!(a.crisis_open());
        let screen = render(&mut a, 60, 16);
        let sam = position(&screen, "555-0100");
        let fran = position(&screen, "555-0300");
        let lifeline = position(&screen, "988");
        assert!(sam < fran, "sponsor before friend:\n{screen}");
        assert!(fran < lifeline, "own people before helplines:\n{screen}");
        assert!(
            screen.contains("Reach out now. A craving passes."),
            "{screen}"
        );
        let dana = position(&screen, "555-0142");
        assert!(
            fran < dana && dana < lifeline,
            "Dana has a phone: after the emergency contacts:\n{screen}"
        );
        a.handle_key(key(KeyCode::Esc));
        assert!(!a.crisis_open());
    }
    // Smaller than the app's minimum: still no panic, still the people.
    a.handle_key(ch('!'));
    let screen = render(&mut a, 30, 8);
    assert!(screen.contains("555-0100"), "{screen}");
    render(&mut a, 3, 2);
    render(&mut a, 1, 1);
}

#[test]
fn crisis_logs_a_reach_out_with_one_key() {
    let mut a = app_with(store_with_people());
    a.handle_key(ch('!'));
    a.handle_key(key(KeyCode::Down));
    a.handle_key(ch('l'));
    assert!(a.crisis_open(), "the screen stays open");
    let screen = render(&mut a, 60, 16);
    assert!(screen.contains("you reached out to Fran"), "{screen}");
    let fran = a.store.find_contact("fran").unwrap();
    assert_eq!(fran.log.len(), 1);
    assert_eq!(fran.log[0].day, today());
    assert_eq!(
        fran.log[0].note.as_deref(),
        Some("reached out from the crisis screen")
    );
    a.handle_key(ch('1'));
    a.handle_key(ch('l'));
    assert_eq!(a.store.find_contact("sam").unwrap().log.len(), 1);
}

#[test]
fn crisis_opens_from_inside_the_contact_form() {
    let mut a = contacts_pane();
    a.handle_key(ch('n'));
    type_str(&mut a, "Sa");
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Ctrl-G crisis"), "{screen}");
    a.handle_key(ctrl('g'));
    assert!(a.crisis_open());
    assert!(render(&mut a, 80, 24).contains("988"));
    a.handle_key(key(KeyCode::Esc));
    assert!(!a.crisis_open());
    // The typing is still there.
    type_str(&mut a, "m");
    a.handle_key(key(KeyCode::Tab));
    type_str(&mut a, "sponsor");
    a.handle_key(ctrl('s'));
    assert_eq!(a.store.contacts().unwrap()[0].name, "Sam");
}

/// Draws the section alone and returns the screen as text.
fn draw_section(section: &DueSection, w: u16, h: u16) -> String {
    let config = Config::default();
    let keys = KeyMap::default();
    let theme = Theme::plain();
    let view = View {
        today: today(),
        config: &config,
        keys: &keys,
        theme: &theme,
    };
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| section.draw(f, f.area(), &view)).unwrap();
    let buf = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

#[test]
fn due_section_lists_who_is_due_and_logs_with_one_key_and_a_note() {
    let mut store = Store::open_in_memory().unwrap();
    let mut add = |name: &str, cadence: i64, last: Option<&str>| {
        let mut i = ContactInput::new(name, Role::Friend);
        i.cadence_days = Some(cadence);
        let id = store.add_contact(&i).unwrap();
        if let Some(d) = last {
            store.log_contact(id, day(d), None, today()).unwrap();
        }
    };
    add("Ann", 7, Some("2026-03-07")); // 1 day over
    add("Bob", 3, Some("2026-03-01")); // 11 days over
    add("Cy", 30, None); // never
    add("Di", 7, Some("2026-03-14")); // not due
    let config = Config::default();
    let keys = KeyMap::default();
    let mut effects = Vec::new();

    let mut section = DueSection::default();
    section.load(&store, today()).unwrap();
    let names: Vec<&str> = section.due().iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Cy", "Bob", "Ann"]);
    let screen = draw_section(&section, 60, 6);
    assert!(screen.contains("Reach out"), "{screen}");
    let cy = position(&screen, "Cy");
    let bob = position(&screen, "Bob");
    assert!(cy < bob, "{screen}");
    assert!(screen.contains("not contacted yet"), "{screen}");
    assert!(screen.contains("14 days since"), "{screen}");
    assert!(!screen.contains("Di "), "{screen}");

    {
        let mut ctx = Ctx {
            store: &mut store,
            today: today(),
            config: &config,
            keys: &keys,
            effects: &mut effects,
        };
        // Down to Bob, `l`, a note, Enter.
        assert!(section.update(Action::Down, &mut ctx).unwrap());
        assert!(
            !section.update(Action::New, &mut ctx).unwrap(),
            "not its key"
        );
        assert!(section.update(Action::Log, &mut ctx).unwrap());
        assert_eq!(section.mode(), Mode::Text);
        for c in "rang him".chars() {
            assert!(section.input(ch(c), &mut ctx).unwrap());
        }
    }
    let screen = draw_section(&section, 60, 6);
    assert!(screen.contains("Note for Bob"), "{screen}");
    assert!(screen.contains("rang him"), "{screen}");
    {
        let mut ctx = Ctx {
            store: &mut store,
            today: today(),
            config: &config,
            keys: &keys,
            effects: &mut effects,
        };
        assert!(section.input(key(KeyCode::Enter), &mut ctx).unwrap());
    }
    assert_eq!(section.mode(), Mode::Normal);
    assert!(effects.contains(&Effect::ReloadAll));
    let bob = store.find_contact("bob").unwrap();
    assert_eq!(bob.log[0].day, today());
    assert_eq!(bob.log[0].note.as_deref(), Some("rang him"));
    let names: Vec<&str> = section.due().iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Cy", "Ann"], "Bob is no longer due");

    // One key, no note: `l` then Enter logs Cy.
    let mut ctx = Ctx {
        store: &mut store,
        today: today(),
        config: &config,
        keys: &keys,
        effects: &mut effects,
    };
    section.update(Action::Up, &mut ctx).unwrap();
    section.update(Action::Log, &mut ctx).unwrap();
    section.input(key(KeyCode::Enter), &mut ctx).unwrap();
    assert_eq!(section.due().len(), 1);
    // Esc (Cancel) closes the prompt without logging.
    section.update(Action::Log, &mut ctx).unwrap();
    section.update(Action::Cancel, &mut ctx).unwrap();
    assert_eq!(section.mode(), Mode::Normal);
    assert_eq!(section.due().len(), 1);
    assert!(store.find_contact("cy").unwrap().log[0].note.is_none());

    // Nothing due: a kind line, and it does not take keys.
    let empty = DueSection::default();
    assert!(draw_section(&empty, 60, 4).contains("Nobody is due"));
    draw_section(&section, 10, 2);
}

#[test]
fn clicking_a_contact_row_selects_it() {
    use mend::domain::contacts::{ContactInput, Role};
    use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mut store = mend::store::Store::open_in_memory().unwrap();
    store
        .add_contact(&ContactInput::new("Alex Sponsor", Role::Sponsor))
        .unwrap();
    store
        .add_contact(&ContactInput::new("Robin Friend", Role::Friend))
        .unwrap();
    let mut a = app_with(store);
    a.handle_key(ch('4'));
    let screen = render(&mut a, 80, 24);
    let row = screen
        .lines()
        .position(|l| l.contains("Robin Friend"))
        .unwrap() as u16;
    a.handle_mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 10,
        row,
        modifiers: KeyModifiers::NONE,
    });
    let screen = render(&mut a, 80, 24);
    let line = screen.lines().find(|l| l.contains("Robin Friend")).unwrap();
    assert!(line.contains('›'), "{screen}");
}
