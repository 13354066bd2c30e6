//! The plan, urges and the crisis screen in the TUI (DESIGN.md §8.1): the
//! crisis screen at 40x12 and 120x40, from the lock screen and from an
//! editor at a too-small size; an urge in five keys; the offers.

use crate::common;

use common::{app_with, ch, ctrl, key, render, today, type_str};
use mend::config::Config;
use mend::domain::contacts::{ContactInput, Role};
use mend::domain::plan::Section;
use mend::domain::urge::Outcome;
use mend::store::Store;
use mend::tui::App;
use ratatui::crossterm::event::KeyCode;

fn store() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    let mut sam = ContactInput::new("Sam", Role::Sponsor);
    sam.phone = Some("555-0100".into());
    sam.emergency = true;
    s.add_contact(&sam).unwrap();
    let mut fran = ContactInput::new("Fran", Role::Friend);
    fran.email = Some("fran@example.org".into());
    s.add_contact(&fran).unwrap();
    let mut kim = ContactInput::new("Kim", Role::Peer);
    kim.notes = Some("no number".into());
    s.add_contact(&kim).unwrap();
    s.log_contact(1, common::day("2026-03-12"), None, today())
        .unwrap();
    s.add_plan_item(Section::Coping, "Leave the room").unwrap();
    s.add_plan_item(Section::Coping, "Eat something").unwrap();
    s.add_plan_item(Section::Reasons, "My kids' evenings")
        .unwrap();
    s
}

fn at(screen: &str, needle: &str) -> usize {
    screen
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} missing:\n{screen}"))
}

#[test]
fn crisis_at_120x40_shows_people_then_what_helps_then_reasons_then_helplines() {
    let mut a = app_with(store());
    a.handle_key(ch('!'));
    let screen = render(&mut a, 120, 40);
    let sam = at(&screen, "555-0100");
    let fran = at(&screen, "fran@example.org");
    let helps = at(&screen, "1. Leave the room");
    let reasons = at(&screen, "My kids' evenings");
    let line = at(&screen, "988");
    assert!(
        sam < fran && fran < helps && helps < reasons && reasons < line,
        "{screen}"
    );
    assert!(
        !screen.contains("Kim"),
        "no phone or email: not listed\n{screen}"
    );
    assert!(screen.contains("reached 3 days ago"), "{screen}");
    assert!(screen.contains("not reached yet"), "{screen}");
    assert!(
        screen.contains("(US)"),
        "the country of each helpline\n{screen}"
    );
    assert!(!screen.contains("more below"), "{screen}");
}

#[test]
fn crisis_at_40x12_scrolls_to_every_helpline() {
    let mut a = app_with(store());
    a.handle_key(ch('!'));
    let first = render(&mut a, 40, 12);
    assert!(first.contains("555-0100"), "your people first:\n{first}");
    assert!(first.contains("more below"), "{first}");
    let mut seen = first.clone();
    for _ in 0..40 {
        a.handle_key(ch('j'));
        seen.push_str(&render(&mut a, 40, 12));
    }
    for needle in ["Leave the room", "My kids", "988", "1-800-662-4357", "911"] {
        assert!(seen.contains(needle), "{needle} never shown:\n{seen}");
    }
    let last = render(&mut a, 40, 12);
    assert!(last.contains("911"), "the end stays in view:\n{last}");
    // Back to the top, and the chosen person still logs a reach-out.
    a.handle_key(ch('g'));
    let top = render(&mut a, 40, 12);
    assert!(top.contains("Reach out now"), "{top}");
    a.handle_key(ch('l'));
    assert_eq!(a.store.find_contact("sam").unwrap().log.len(), 2);
}

#[test]
fn crisis_from_the_lock_screen_shows_helplines_not_people() {
    let mut a = app_with(store());
    a.set_passphrase(Some("pw!".into()));
    a.lock_now();
    let screen = render(&mut a, 80, 24);
    assert!(
        screen.contains("Ctrl-G crisis"),
        "the lock screen names its key:\n{screen}"
    );
    // `!` is part of a passphrase here; the editor's crisis key opens it.
    a.handle_key(ctrl('g'));
    assert!(a.crisis_open());
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("988"), "{screen}");
    assert!(screen.contains("Locked with your passphrase"), "{screen}");
    assert!(
        !screen.contains("555-0100") && !screen.contains("Sam"),
        "{screen}"
    );
    assert!(
        !screen.contains("Leave the room"),
        "the plan stays locked:\n{screen}"
    );
    a.handle_key(ch('l'));
    assert_eq!(
        a.store.find_contact("sam").unwrap().log.len(),
        1,
        "nothing logged"
    );
    a.handle_key(key(KeyCode::Esc));
    assert!(!a.crisis_open() && a.locked());
    type_str(&mut a, "pw!");
    a.handle_key(key(KeyCode::Enter));
    assert!(!a.locked());
}

#[test]
fn the_lock_screen_shows_the_plan_when_the_config_allows_it() {
    let config = Config::parse("crisis_when_locked = true\n").unwrap();
    let mut a = App::new(store(), config, today()).unwrap();
    a.lock_now();
    a.handle_key(ch('!'));
    assert!(a.crisis_open(), "no passphrase asked: ! works");
    let screen = render(&mut a, 80, 30);
    assert!(screen.contains("1. Leave the room"), "{screen}");
    assert!(!screen.contains("555-0100"), "{screen}");
}

#[test]
fn in_a_too_small_editor_keys_never_reach_the_hidden_text() {
    let mut a = app_with(store());
    a.handle_key(ch('2'));
    a.handle_key(ch('n'));
    type_str(&mut a, "Hard day but");
    let small = render(&mut a, 40, 12);
    assert!(small.contains("too small"), "{small}");
    assert!(small.contains("is kept"), "{small}");
    // `q`, `!` and letters typed now go nowhere near the editor.
    type_str(&mut a, "q?xyz");
    assert!(!a.should_quit());
    a.handle_key(ch('!'));
    assert!(a.crisis_open());
    let crisis = render(&mut a, 40, 12);
    assert!(crisis.contains("555-0100"), "{crisis}");
    a.handle_key(key(KeyCode::Esc));
    assert!(!a.crisis_open());
    // The editor's own crisis key works at this size too; an urge form
    // that could not show does not open over it.
    a.handle_key(ctrl('g'));
    assert!(a.crisis_open());
    a.handle_key(ch('u'));
    assert!(a.crisis_open() && !a.urge_open());
    a.handle_key(key(KeyCode::Esc));
    // Larger again: the text is exactly as it was, and typing goes on.
    render(&mut a, 80, 24);
    type_str(&mut a, " I called");
    a.handle_key(ctrl('s'));
    let e = &a.store.list_page(&Default::default(), None, 1).unwrap()[0];
    assert_eq!(e.body, "Hard day but I called");
}

#[test]
fn mid_sentence_the_crisis_key_and_back_loses_no_character() {
    let mut a = app_with(store());
    a.handle_key(ch('2'));
    a.handle_key(ch('n'));
    type_str(&mut a, "I want to! q");
    a.handle_key(ctrl('g'));
    assert!(a.crisis_open());
    render(&mut a, 80, 24);
    a.handle_key(key(KeyCode::Esc));
    type_str(&mut a, "uit");
    a.handle_key(ctrl('s'));
    let e = &a.store.list_page(&Default::default(), None, 1).unwrap()[0];
    assert_eq!(e.body, "I want to! quit");
}

#[test]
fn an_urge_takes_five_keys_from_any_pane() {
    for pane in ['1', '3', '4', '5', '7'] {
        let mut a = app_with(store());
        a.handle_key(ch(pane));
        if a.unsaved() || a.urge_open() {
            panic!("pane {pane} starts busy");
        }
        // The Plan pane holds its guided form only on an empty plan.
        for k in [ch('u'), ch('7'), ch('l'), ch('p'), ctrl('s')] {
            a.handle_key(k);
        }
        assert!(!a.urge_open(), "pane {pane}");
        let urges = a.store.urges(None).unwrap();
        assert_eq!(urges.len(), 1, "pane {pane}");
        assert_eq!(urges[0].intensity, 7);
        assert_eq!(urges[0].halt.names(), vec!["lonely"]);
        assert_eq!(urges[0].outcome, Some(Outcome::Passed));
    }
}

#[test]
fn an_urge_with_text_and_a_step_picked_from_the_plan() {
    let mut a = app_with(store());
    a.handle_key(ch('u'));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Intensity"), "{screen}");
    type_str(&mut a, "8ht");
    a.handle_key(key(KeyCode::Enter));
    type_str(&mut a, "payday");
    a.handle_key(key(KeyCode::Enter));
    a.handle_key(key(KeyCode::Down));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Leave the room"), "{screen}");
    a.handle_key(key(KeyCode::Enter));
    let u = &a.store.urges(None).unwrap()[0];
    assert_eq!(u.trigger.as_deref(), Some("payday"));
    assert_eq!(u.did.as_deref(), Some("Leave the room"));
    assert_eq!(u.halt.names(), vec!["hungry", "tired"]);
    assert_eq!(u.outcome, None);
}

#[test]
fn used_offers_a_kind_new_start_and_never_forces_it() {
    let mut s = store();
    s.add_clock("Alcohol", common::day("2026-01-01"), None, today())
        .unwrap();
    let mut a = app_with(s);
    for k in [ch('u'), ch('9'), ch('u'), ctrl('s')] {
        a.handle_key(k);
    }
    assert!(a.used_offer_open());
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("not the end"), "{screen}");
    assert!(screen.contains("Alcohol"), "{screen}");
    for word in ["fail", "relapse", "broke"] {
        assert!(!screen.to_lowercase().contains(word), "{word}:\n{screen}");
    }
    a.handle_key(ch('n'));
    assert!(!a.used_offer_open());
    assert!(
        a.store.clocks().unwrap()[0].resets.is_empty(),
        "nothing forced"
    );
    // Again, and this time yes.
    for k in [ch('u'), ch('9'), ch('u'), ctrl('s'), ch('y')] {
        a.handle_key(k);
    }
    let clock = &a.store.clocks().unwrap()[0];
    assert_eq!(clock.resets.len(), 1);
    assert_eq!(clock.resets[0].day, today());
}

#[test]
fn u_on_the_crisis_screen_logs_the_urge_and_comes_back() {
    let mut a = app_with(store());
    a.handle_key(ch('!'));
    a.handle_key(ch('u'));
    assert!(a.urge_open());
    for k in [ch('6'), ch('r'), ctrl('s')] {
        a.handle_key(k);
    }
    assert!(a.crisis_open(), "back on the crisis screen");
    assert_eq!(
        a.store.urges(None).unwrap()[0].outcome,
        Some(Outcome::ReachedOut)
    );
}

#[test]
fn a_craving_of_seven_offers_to_reach_out_and_one_key_dismisses() {
    let mut a = app_with(store());
    a.handle_key(ch('2'));
    a.handle_key(ch('n'));
    type_str(&mut a, "Rough evening");
    // Fields: day, mood, craving.
    a.handle_key(key(KeyCode::Tab));
    a.handle_key(key(KeyCode::Tab));
    a.handle_key(key(KeyCode::Tab));
    type_str(&mut a, "8");
    a.handle_key(ctrl('s'));
    assert!(a.reach_out_open());
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Reach out now?"), "{screen}");
    assert!(
        screen.contains("Leave the room"),
        "the first coping step\n{screen}"
    );
    assert!(screen.contains("Sam"), "the emergency contact\n{screen}");
    a.handle_key(ch('x'));
    assert!(!a.reach_out_open());
    assert!(!a.crisis_open());
}

#[test]
fn the_guided_form_writes_a_first_plan_and_esc_skips_it() {
    let mut a = app_with(Store::open_in_memory().unwrap());
    a.handle_key(ch('7'));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Your plan for hard moments"), "{screen}");
    assert!(
        screen.contains(Section::Coping.example()),
        "each section shows a kind example\n{screen}"
    );
    type_str(&mut a, "My kids");
    a.handle_key(key(KeyCode::Tab));
    a.handle_key(key(KeyCode::Tab));
    a.handle_key(key(KeyCode::Tab));
    type_str(&mut a, "Leave");
    a.handle_key(ctrl('j'));
    type_str(&mut a, "Call Sam");
    a.handle_key(ctrl('s'));
    let p = a.store.plan().unwrap();
    assert_eq!(p.reasons, vec!["My kids"]);
    assert_eq!(p.coping, vec!["Leave", "Call Sam"]);
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("2. Call Sam"), "{screen}");
    // Edit a line and add one.
    a.handle_key(ch('n'));
    type_str(&mut a, "Tell Sam");
    a.handle_key(ctrl('s'));
    assert_eq!(a.store.plan().unwrap().reasons, vec!["My kids", "Tell Sam"]);

    let mut b = app_with(Store::open_in_memory().unwrap());
    b.handle_key(ch('7'));
    b.handle_key(key(KeyCode::Esc));
    let screen = render(&mut b, 80, 24);
    assert!(screen.contains("Press n to write it"), "{screen}");
    assert!(b.store.plan().unwrap().is_empty());
}

#[test]
fn insights_show_urges_per_week_halt_triggers_and_what_helped() {
    use chrono::Local;
    use mend::domain::urge::{HaltSet, NewUrge};
    let mut s = store();
    let now = Local::now().fixed_offset();
    for (halt, trigger, did, outcome) in [
        ("lt", "payday", "walk", Some(Outcome::Passed)),
        ("l", "payday", "walk", Some(Outcome::Used)),
        ("h", "bar", "walk", Some(Outcome::ReachedOut)),
        ("t", "payday", "call Sam", Some(Outcome::Passed)),
    ] {
        s.add_urge(&NewUrge {
            at: now,
            intensity: 6,
            halt: HaltSet::parse(halt).unwrap(),
            trigger: Some(trigger.into()),
            did: Some(did.into()),
            outcome,
            note: None,
        })
        .unwrap();
    }
    let mut a = app_with(s);
    a.handle_key(ch('5'));
    let screen = render(&mut a, 80, 24);
    assert!(
        screen.contains("Enter urges"),
        "the key to the urge view:\n{screen}"
    );
    a.handle_key(key(KeyCode::Enter));
    let screen = render(&mut a, 80, 24);
    assert!(
        screen.contains("4 urges · 3 passed without using"),
        "{screen}"
    );
    assert!(screen.contains("2 of 3  walk"), "{screen}");
    assert!(screen.contains("1 of 1  call Sam"), "{screen}");
    assert!(screen.contains("lonely   2"), "{screen}");
    assert!(screen.contains("tired    2"), "{screen}");
    let payday = at(&screen, "3  payday");
    let bar = at(&screen, "1  bar");
    assert!(payday < bar, "{screen}");
    render(&mut a, 120, 40);
    render(&mut a, 60, 16);
    a.handle_key(key(KeyCode::Enter));
    assert!(!render(&mut a, 80, 24).contains("What helped"));
}

#[test]
fn plan_lines_are_edited_and_removed_after_a_question_that_defaults_to_no() {
    let mut a = app_with(store());
    a.handle_key(ch('7'));
    // Rows: reason 1, the empty warning signs and triggers, coping 1 and 2.
    for _ in 0..3 {
        a.handle_key(ch('j'));
    }
    a.handle_key(ch('e'));
    type_str(&mut a, " now");
    a.handle_key(ctrl('s'));
    assert_eq!(a.store.plan().unwrap().coping[0], "Leave the room now");
    a.handle_key(ch('d'));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Remove \"Leave the room now\""), "{screen}");
    a.handle_key(key(KeyCode::Enter));
    assert_eq!(a.store.plan().unwrap().coping.len(), 2, "Enter keeps it");
    a.handle_key(ch('d'));
    a.handle_key(ch('y'));
    assert_eq!(a.store.plan().unwrap().coping, vec!["Eat something"]);
}
