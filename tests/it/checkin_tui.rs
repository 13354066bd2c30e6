//! The rhythm on Today (morning, evening and weekly check-ins with one key
//! each, on this day, the risk line) and the weekly trend on Insights, on a
//! `TestBackend` at 80x24.

use crate::common;

use common::*;
use mend::config::Config;
use mend::domain::checkin::{Kind, NewCheckin};
use mend::domain::clock;
use mend::domain::contacts::{ContactInput, Role};
use mend::domain::journal::NewEntry;
use mend::store::Store;
use mend::tui::App;
use mend::tui::keys::{Action, Context, KeyMap};
use mend::tui::theme::Theme;
use ratatui::crossterm::event::KeyCode;

fn app_on(store: Store, today: chrono::NaiveDate) -> App {
    let mut a = App::new(store, Config::default(), today).unwrap();
    a.theme = Theme::dark();
    a
}

/// The key bound to `action` in lists, as an event.
fn list_key(action: Action) -> ratatui::crossterm::event::KeyEvent {
    let k = KeyMap::default().keys_for(Context::List, action)[0];
    ratatui::crossterm::event::KeyEvent::new(k.code, k.mods)
}

fn with_clock() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    s.add_clock("Alcohol", day("2026-01-01"), None, today())
        .unwrap();
    s
}

#[test]
fn today_shows_what_is_open_gently_with_the_keys_from_the_key_map() {
    let mut a = app_with(with_clock());
    let screen = render(&mut a, 80, 24);
    let keys = KeyMap::default();
    let m = keys.label(Context::List, Action::Morning);
    assert!(
        screen.contains(&format!("morning intention {m}")),
        "{screen}"
    );
    assert!(screen.contains("evening review"), "{screen}");
    assert!(screen.contains("this week's check-in"), "{screen}");
    for word in ["streak", "missed", "broke", "failed"] {
        assert!(
            !screen.to_lowercase().contains(word) || word == "streak",
            "{word}: {screen}"
        );
    }
    assert!(!screen.contains("check-in streak"), "{screen}");
}

#[test]
fn the_morning_check_in_is_one_key_a_line_and_enter() {
    let mut a = app_with(with_clock());
    a.handle_key(list_key(Action::Morning));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Just for today, I will"), "{screen}");
    type_str(&mut a, "call Sam and go to the meeting\n");
    let saved = a
        .store
        .checkin_for(Kind::Morning, today())
        .unwrap()
        .unwrap();
    assert_eq!(
        saved.intention.as_deref(),
        Some("call Sam and go to the meeting")
    );
    let screen = render(&mut a, 80, 24);
    assert!(!screen.contains("morning intention"), "done:\n{screen}");
    assert!(screen.contains("evening review"), "{screen}");
    // Again the same day: the form opens with what was saved, and edits it.
    a.handle_key(list_key(Action::Morning));
    let screen = render(&mut a, 80, 24);
    assert!(
        screen.contains("call Sam and go to the meeting"),
        "{screen}"
    );
    type_str(&mut a, " today\n");
    let all = a.store.checkins(None, Some(Kind::Morning)).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(
        all[0].intention.as_deref(),
        Some("call Sam and go to the meeting today")
    );
}

#[test]
fn the_evening_review_picks_the_difficulty_then_asks_the_tenth_step_questions() {
    let mut a = app_with(with_clock());
    a.handle_key(list_key(Action::Evening));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("How hard was today?"), "{screen}");
    assert!(
        screen.contains("1  easy") && screen.contains("5  very hard"),
        "{screen}"
    );
    a.handle_key(ch('4'));
    let screen = render(&mut a, 80, 24);
    assert!(
        screen.contains("resentful, dishonest or afraid"),
        "{screen}"
    );
    assert!(screen.contains("apology"), "{screen}");
    assert!(screen.contains("went well"), "{screen}");
    type_str(&mut a, "short with my brother");
    a.handle_key(key(KeyCode::Tab));
    type_str(&mut a, "yes, to him\n");
    type_str(&mut a, "walked instead of drinking\n");
    type_str(&mut a, "tea\nmy sister\n");
    // The last gratitude left empty; Enter on it saves.
    a.handle_key(key(KeyCode::Enter));
    let c = a
        .store
        .checkin_for(Kind::Evening, today())
        .unwrap()
        .expect("saved");
    assert_eq!(c.difficulty, Some(4));
    assert_eq!(c.gratitude, vec!["tea", "my sister"]);
    let note = c.note.unwrap();
    assert!(note.contains("short with my brother"), "{note}");
    assert!(note.contains("yes, to him"), "{note}");
    // Opening it again keeps what was written.
    a.handle_key(list_key(Action::Evening));
    a.handle_key(key(KeyCode::Enter)); // keep the difficulty
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("short with my brother"), "{screen}");
    assert!(screen.contains("my sister"), "{screen}");
    a.handle_key(key(KeyCode::Esc));
    assert_eq!(a.store.checkins(None, None).unwrap().len(), 1);
}

#[test]
fn esc_on_a_changed_check_in_asks_before_dropping_it() {
    let mut a = app_with(with_clock());
    a.handle_key(list_key(Action::Morning));
    type_str(&mut a, "be kind");
    a.handle_key(key(KeyCode::Esc));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Leave without saving?"), "{screen}");
    a.handle_key(ch('n'));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("be kind"), "back in the form:\n{screen}");
    a.handle_key(key(KeyCode::Esc));
    a.handle_key(ch('y'));
    assert!(a.store.checkins(None, None).unwrap().is_empty());
}

#[test]
fn the_weekly_check_in_is_one_key_per_item() {
    let mut a = app_with(with_clock());
    a.handle_key(list_key(Action::Weekly));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("This week's check-in"), "{screen}");
    assert!(screen.contains("1 of 12"), "{screen}");
    let status = screen.lines().last().unwrap();
    assert!(
        status.contains("0–4 answer") && status.contains("save"),
        "{status}"
    );
    for c in "210332".chars() {
        a.handle_key(ch(c));
    }
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("7 of 12"), "{screen}");
    // Out of range keys do nothing.
    a.handle_key(ch('7'));
    assert!(render(&mut a, 80, 24).contains("7 of 12"));
    for c in "343420".chars() {
        a.handle_key(ch(c));
    }
    let c = a
        .store
        .checkin_for(Kind::Weekly, today())
        .unwrap()
        .expect("saved after the last item");
    assert_eq!(c.answers.len(), 12);
    assert_eq!(c.answers["body"], 2);
    assert_eq!(c.answers["used"], 0);
    let screen = render(&mut a, 80, 24);
    assert!(!screen.contains("this week's check-in"), "{screen}");
    let lower = screen.to_lowercase();
    for word in ["score", "diagnos", "severe", "disorder"] {
        assert!(!lower.contains(word), "{word}: {screen}");
    }
}

fn weekly(risk: u8, protection: u8) -> NewCheckin {
    let mut c = NewCheckin::default();
    for i in mend::domain::checkin::ITEMS.iter() {
        let v = match i.domain {
            mend::domain::checkin::Domain::Risk => risk,
            mend::domain::checkin::Domain::Protection => protection,
            mend::domain::checkin::Domain::Use => 0,
        };
        c.answers.insert(i.key.to_string(), v);
    }
    c
}

#[test]
fn risk_rising_two_weeks_running_across_week_53_shows_one_line_with_the_first_emergency_contact() {
    let today = day("2027-01-06");
    let mut s = Store::open_in_memory().unwrap();
    let mut sam = ContactInput::new("Sam", Role::Sponsor);
    sam.phone = Some("555 0100".into());
    sam.emergency = true;
    s.add_contact(&sam).unwrap();
    s.save_checkin(Kind::Weekly, day("2026-12-22"), &weekly(1, 3), today)
        .unwrap();
    s.save_checkin(Kind::Weekly, day("2026-12-30"), &weekly(2, 3), today)
        .unwrap();
    let mut a = app_on(s, today);
    let screen = render(&mut a, 80, 24);
    assert!(!screen.contains("getting harder"), "{screen}");
    // The third week, answered from Today.
    a.handle_key(list_key(Action::Weekly));
    for c in "333333333330".chars() {
        a.handle_key(ch(c));
    }
    let screen = render(&mut a, 80, 24);
    let lines: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("getting harder"))
        .collect();
    assert_eq!(lines.len(), 1, "{screen}");
    assert!(
        lines[0].contains("Sam") && lines[0].contains("555 0100"),
        "{screen}"
    );

    // Insights draws the three weeks, across the year end.
    a.handle_key(ch('5'));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Weekly check-in"), "{screen}");
    assert!(screen.contains("2026-W52 … 2027-W01"), "{screen}");
}

#[test]
fn insights_waits_for_three_weeks_before_drawing_the_trend() {
    let mut s = Store::open_in_memory().unwrap();
    s.save_checkin(Kind::Weekly, day("2026-03-10"), &weekly(1, 3), today())
        .unwrap();
    let mut a = app_with(s);
    a.handle_key(ch('5'));
    let screen = render(&mut a, 80, 24);
    assert!(
        screen.contains("The trend shows after 3 weekly") && screen.contains("(1 so far)"),
        "{screen}"
    );
}

#[test]
fn on_this_day_shows_one_line_and_opens_the_entries() {
    let mut s = with_clock();
    for (d, body) in [
        ("2025-03-15", "A year ago I was scared of today."),
        ("2026-02-15", "A month ago: first meeting."),
        ("2026-03-14", "Yesterday."),
    ] {
        s.add_entry(&NewEntry {
            day: day(d),
            body: body.into(),
            ..NewEntry::default()
        })
        .unwrap();
    }
    let mut a = app_with(s);
    let screen = render(&mut a, 80, 24);
    let o = KeyMap::default().label(Context::List, Action::OnThisDay);
    let line = screen
        .lines()
        .find(|l| l.contains("On this day"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(line.contains("a month ago") && line.contains(&o), "{line}");
    a.handle_key(list_key(Action::OnThisDay));
    let screen = render(&mut a, 80, 24);
    assert!(
        screen.contains("A year ago I was scared of today."),
        "{screen}"
    );
    assert!(screen.contains("A month ago: first meeting."), "{screen}");
    assert!(!screen.contains("Yesterday."), "{screen}");
    a.handle_key(key(KeyCode::Esc));
    let screen = render(&mut a, 80, 24);
    assert!(!screen.contains("scared of today"), "{screen}");
    // The line can also be selected: down from the clock, then Enter.
    a.handle_key(key(KeyCode::Down));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("› On this day"), "{screen}");
    a.handle_key(key(KeyCode::Enter));
    let screen = render(&mut a, 80, 24);
    assert!(
        screen.contains("A year ago I was scared of today."),
        "{screen}"
    );
    a.handle_key(key(KeyCode::Esc));
    a.handle_key(key(KeyCode::Up));
    a.handle_key(key(KeyCode::Enter));
    let screen = render(&mut a, 80, 24);
    assert!(
        !screen.contains("scared of today"),
        "the clock's history:\n{screen}"
    );
}

#[test]
fn the_rhythm_fits_small_terminals_without_losing_the_clock() {
    let mut s = with_clock();
    s.add_entry(&NewEntry {
        day: day("2025-03-15"),
        body: "x".into(),
        ..NewEntry::default()
    })
    .unwrap();
    let mut a = app_with(s);
    for (w, h) in [(80, 24), (60, 20), (100, 30)] {
        let screen = render(&mut a, w, h);
        let days = clock::days_word(73);
        assert!(
            screen.contains("73") || screen.contains(&days),
            "{w}x{h}:\n{screen}"
        );
        assert!(screen.contains("Open today"), "{w}x{h}:\n{screen}");
    }
    a.handle_key(list_key(Action::Weekly));
    let screen = render(&mut a, 60, 20);
    assert!(screen.contains("1 of 12"), "{screen}");
}

#[test]
fn new_in_the_journal_offers_the_templates_and_typing_starts_a_blank_page() {
    let mut a = app();
    a.handle_key(ch('2'));
    a.handle_key(ch('n'));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Blank page"), "{screen}");
    assert!(screen.contains("gratitude"), "{screen}");
    assert!(screen.contains("after a craving"), "{screen}");
    a.handle_key(ch('1'));
    let screen = render(&mut a, 80, 24);
    assert!(
        screen.contains("Three things I'm grateful for today:"),
        "{screen}"
    );
    assert!(
        screen.contains("gratitude"),
        "the template's tag:\n{screen}"
    );
    // Unchanged, Esc closes without asking; nothing is saved.
    a.handle_key(key(KeyCode::Esc));
    assert!(!a.unsaved());
    // Typing at the offer starts a blank page with that key.
    a.handle_key(ch('n'));
    type_str(&mut a, "Hello");
    a.handle_key(ctrl('s'));
    let e = a
        .store
        .list_page(&Default::default(), None, 5)
        .unwrap()
        .remove(0);
    assert_eq!(e.body, "Hello");
}

#[test]
fn several_days_in_one_window_across_the_year_end() {
    // A new user, one window left open from Monday 2026-12-21 to Tuesday
    // 2027-01-05: a morning and an evening most days, a weekly check-in
    // each week (risk rising), nothing that breaks on a missed day.
    let mut s = Store::open_in_memory().unwrap();
    s.add_clock("Alcohol", day("2026-12-01"), None, day("2026-12-21"))
        .unwrap();
    let mut sam = ContactInput::new("Sam", Role::Sponsor);
    sam.phone = Some("555 0100".into());
    sam.emergency = true;
    s.add_contact(&sam).unwrap();
    let mut a = app_on(s, day("2026-12-21"));
    let mut d = day("2026-12-21");
    let mut week = 0u8;
    while d <= day("2027-01-05") {
        a.set_today(d);
        let screen = render(&mut a, 80, 24);
        assert!(screen.contains("morning intention"), "{d}:\n{screen}");
        // Skip the 24th entirely: the next day starts fresh, no reproach.
        if d != day("2026-12-24") {
            a.handle_key(list_key(Action::Morning));
            type_str(&mut a, &format!("just for {d}\n"));
            a.handle_key(list_key(Action::Evening));
            a.handle_key(ch('2'));
            a.handle_key(ctrl('s'));
        }
        if chrono::Datelike::weekday(&d) == chrono::Weekday::Mon {
            a.handle_key(list_key(Action::Weekly));
            let risk = char::from(b'1' + week);
            for i in 0..12 {
                a.handle_key(ch(if i < 6 { risk } else { '3' }));
            }
            week += 1;
        }
        let screen = render(&mut a, 80, 24);
        assert!(!screen.to_lowercase().contains("missed"), "{screen}");
        d = d.succ_opt().unwrap();
    }
    let mornings = a.store.checkins(None, Some(Kind::Morning)).unwrap();
    assert_eq!(mornings.len(), 15, "16 days, one skipped");
    assert_eq!(
        a.store.checkins(None, Some(Kind::Evening)).unwrap().len(),
        15
    );
    // Mondays 12-21 (W52), 12-28 (W53), 01-04 (2027-W01).
    let weeks = a.store.week_points().unwrap();
    assert_eq!(weeks.len(), 3);
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("getting harder"), "{screen}");
    assert!(screen.contains("Sam"), "{screen}");
}
