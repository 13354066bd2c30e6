//! The Insights tab on a seeded in-memory store, drawn with TestBackend.

use crate::common;

use chrono::{NaiveDate, TimeDelta};
use common::{app, app_with, ch, day, render, today};
use mend::domain::amends::{Kind, NewAmend, Status};
use mend::domain::contacts::{ContactInput, Role};
use mend::domain::journal::NewEntry;
use mend::store::Store;

fn entry(store: &mut Store, d: NaiveDate, mood: u8, craving: u8, tags: &[&str]) {
    store
        .add_entry(&NewEntry {
            day: d,
            body: "a day".into(),
            mood: Some(mood),
            craving: Some(craving),
            prompt: None,
            tags: tags.iter().map(|t| t.to_string()).collect(),
        })
        .unwrap();
}

fn seeded() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let t = today();
    for i in 0..60 {
        let d = t - TimeDelta::days(i);
        let craving = if i % 10 == 0 { 9 } else { (i % 5) as u8 };
        let tags: &[&str] = if craving >= 7 {
            &["payday", "alone"]
        } else {
            &["gratitude"]
        };
        entry(&mut store, d, 3 + (i % 3) as u8, craving, tags);
    }
    // An old entry outside every window.
    entry(&mut store, day("2024-01-01"), 1, 10, &["ancient"]);
    let sam = store
        .add_contact(&ContactInput::new("Sam", Role::Sponsor))
        .unwrap();
    for i in [0, 1, 8, 15, 40] {
        store
            .log_contact(sam, t - TimeDelta::days(i), Some("called"), t)
            .unwrap();
    }
    let id = store
        .add_amend(&NewAmend {
            person: "Dana".into(),
            harm: "missed her birthday".into(),
            kind: Kind::Direct,
            plan: String::new(),
            notes: String::new(),
            contact: None,
        })
        .unwrap();
    store
        .set_amend_status(id, Status::Made, Some(day("2026-02-10")), t)
        .unwrap();
    store
        .log_amend_act(id, day("2026-03-01"), "kept my word", Some(3), t)
        .unwrap();
    store
}

#[test]
fn fifth_tab_shows_every_section_at_100x30() {
    let mut app = app_with(seeded());
    app.handle_key(ch('5'));
    assert_eq!(app.tab(), 4);
    let screen = render(&mut app, 100, 30);
    assert!(screen.contains("5 Insights"), "{screen}");
    assert!(screen.contains("60 days journaled"), "{screen}");
    assert!(screen.contains("Tags, craving 7+"), "{screen}");
    assert!(screen.contains("payday"), "{screen}");
    assert!(!screen.contains("ancient"), "{screen}");
    assert!(!screen.contains("gratitude"), "{screen}");
    assert!(screen.contains("Mood & craving"), "{screen}");
    assert!(screen.contains("Reach-outs / week"), "{screen}");
    assert!(screen.contains("2 this week · 5 in 12 wk"), "{screen}");
    assert!(screen.contains("Amends made / month"), "{screen}");
    assert!(screen.contains("1 made · 1 act logged, 12 mo"), "{screen}");
    assert!(screen.contains("Feb"), "{screen}");
    // The legend names every mark in words.
    assert!(screen.contains("· no entry"), "{screen}");
    assert!(screen.contains("█ 8-10"), "{screen}");
}

#[test]
fn heatmap_marks_the_high_craving_day_with_a_full_block() {
    let mut store = Store::open_in_memory().unwrap();
    // Sunday 2026-03-15 is today: the last column, bottom row.
    entry(&mut store, today(), 3, 9, &[]);
    entry(&mut store, today() - TimeDelta::days(1), 3, 1, &[]);
    let mut app = app_with(store);
    app.handle_key(ch('5'));
    let screen = render(&mut app, 100, 30);
    let sun = screen.lines().find(|l| l.contains("│Sun")).unwrap();
    assert!(sun.contains("██"), "{sun}");
    let sat = screen.lines().nth(8).unwrap();
    assert!(sat.contains("░░"), "{screen}");
}

#[test]
fn fits_80x24_and_60x16() {
    let mut app = app_with(seeded());
    app.handle_key(ch('5'));
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("60 days journaled"), "{screen}");
    assert!(screen.contains("payday"), "{screen}");
    assert!(screen.contains("Mood & craving"), "{screen}");
    assert!(screen.contains("Reach-outs / week"), "{screen}");
    assert!(screen.contains("Amends made"), "{screen}");
    let small = render(&mut app, 60, 16);
    assert!(small.contains("60 days"), "{small}");
    assert!(small.contains("Fri"), "{small}");
    assert!(small.contains("█8+"), "{small}");
    assert!(!small.contains("Terminal too small"), "{small}");
}

#[test]
fn empty_store_gets_a_kind_word() {
    let mut app = app();
    app.handle_key(ch('5'));
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains("Nothing to chart yet, and that is fine."),
        "{screen}"
    );
    assert!(
        screen.contains("Press 2 to write today's entry."),
        "{screen}"
    );
}

#[test]
fn aggregates_group_in_sql() {
    let store = seeded();
    let t = today();
    let days = store.insight_days(t - TimeDelta::days(9), t).unwrap();
    assert_eq!(days.len(), 10);
    assert_eq!(days.last().unwrap().1, Some(9));
    let tags = store
        .insight_high_craving_tags(t - TimeDelta::days(365), t, 7, 5)
        .unwrap();
    assert_eq!(
        tags,
        vec![("alone".to_string(), 6), ("payday".to_string(), 6)]
    );
    let weeks = store
        .insight_reach_outs_per_week(t - TimeDelta::days(20), t)
        .unwrap();
    // 2026-03-15 is a Sunday: its week starts Monday 2026-03-09.
    assert_eq!(
        weeks,
        vec![
            (day("2026-02-23"), 1),
            (day("2026-03-02"), 1),
            (day("2026-03-09"), 2)
        ]
    );
    let months = store
        .insight_amends_per_month(day("2025-04-01"), t)
        .unwrap();
    assert_eq!(
        months,
        vec![("2026-02".to_string(), 1, 0), ("2026-03".to_string(), 0, 1)]
    );
}

#[test]
fn clicking_an_amends_row_selects_it() {
    use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mut store = Store::open_in_memory().unwrap();
    for person in ["Ana", "Ben", "Cy"] {
        store
            .add_amend(&NewAmend {
                person: person.into(),
                harm: "harm".into(),
                kind: Kind::Direct,
                plan: String::new(),
                notes: String::new(),
                contact: None,
            })
            .unwrap();
    }
    let mut app = app_with(store);
    app.handle_key(ch('3'));
    let screen = render(&mut app, 80, 24);
    let row = screen.lines().position(|l| l.contains("Cy")).unwrap() as u16;
    app.handle_mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 10,
        row,
        modifiers: KeyModifiers::NONE,
    });
    let screen = render(&mut app, 80, 24);
    assert!(screen.lines().any(|l| l.contains("› Cy")), "{screen}");
}
