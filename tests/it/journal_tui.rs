//! The Journal pane driven by keys, drawn into a test backend.

use crate::common;

use std::time::{Duration, Instant};

use common::*;
use mend::domain::journal::{Filter, NewEntry};
use mend::store::Store;
use mend::tui::App;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// Lets waiting work run (a search deferred while typing fast, the draft).
fn settle(a: &mut App) {
    a.tick(Instant::now() + Duration::from_secs(1));
}

fn journal_app(store: Store) -> App {
    let mut a = app_with(store);
    a.handle_key(ch('2'));
    assert_eq!(a.tab(), 1);
    a
}

fn seeded() -> App {
    let mut s = Store::open_in_memory().unwrap();
    for (d, body, tags) in [
        (
            "2026-03-10",
            "Held a boundary with my brother.",
            vec!["family"],
        ),
        (
            "2026-03-12",
            "Tired and hungry; called Ana instead.",
            vec!["halt"],
        ),
        (
            "2026-03-14",
            "# Gratitude\n- the **sun**\n- *coffee*",
            vec![],
        ),
    ] {
        s.add_entry(&NewEntry {
            day: day(d),
            body: body.into(),
            mood: Some(3),
            craving: Some(6),
            tags: tags.into_iter().map(String::from).collect(),
            ..Default::default()
        })
        .unwrap();
    }
    journal_app(s)
}

#[test]
fn empty_journal_is_kind_and_shows_a_prompt() {
    let mut a = journal_app(Store::open_in_memory().unwrap());
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Your journal is empty"), "{screen}");
    assert!(screen.contains("Today's prompt"), "{screen}");
}

#[test]
fn type_an_entry_save_it_and_find_it_in_the_list() {
    let mut a = journal_app(Store::open_in_memory().unwrap());
    a.handle_key(ch('n'));
    // New offers the templates first; Enter takes the blank page.
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Blank page"), "{screen}");
    a.handle_key(key(KeyCode::Enter));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("New entry"), "{screen}");
    assert!(screen.contains("Prompt"), "{screen}");
    // q, digits and ? are text here.
    type_str(&mut a, "Quiet day? 1 call, q to self");
    assert!(!a.should_quit());
    assert_eq!(a.tab(), 1);
    assert!(a.unsaved());
    // Fields: day, mood, craving, tags.
    a.handle_key(key(KeyCode::Tab));
    a.handle_key(key(KeyCode::Tab));
    type_str(&mut a, "4");
    a.handle_key(key(KeyCode::Tab));
    type_str(&mut a, "2");
    a.handle_key(key(KeyCode::Tab));
    type_str(&mut a, "#Calm, sponsor");
    a.handle_key(ctrl('s'));
    assert_eq!(a.status().map(|s| s.text.as_str()), Some("Saved"));
    assert!(!a.unsaved());
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Quiet day? 1 call"), "{screen}");
    assert!(screen.contains("☺4"), "{screen}");
    // (The test backend pads the wide ⚡ with a space.)
    assert!(
        screen.contains("⚡ 2") || screen.contains("⚡2"),
        "{screen}"
    );
    assert!(screen.contains("#calm"), "{screen}");
    let e = &a.store.list_page(&Filter::default(), None, 10).unwrap()[0];
    assert_eq!(e.body, "Quiet day? 1 call, q to self");
    assert_eq!(e.day, today());
    assert_eq!((e.mood, e.craving), (Some(4), Some(2)));
    assert_eq!(e.tags, vec!["calm", "sponsor"]);
    assert!(e.prompt.is_some(), "the prompt is kept by default");
    // Saving clears the draft.
    assert_eq!(a.store.load_draft().unwrap(), None);
}

#[test]
fn the_prompt_can_be_skipped_and_bad_fields_keep_the_editor_open() {
    let mut a = journal_app(Store::open_in_memory().unwrap());
    a.handle_key(ch('n'));
    type_str(&mut a, "words");
    for _ in 0..5 {
        a.handle_key(key(KeyCode::Tab));
    }
    a.handle_key(ch(' ')); // skip the prompt
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("[skip]"), "{screen}");
    a.handle_key(key(KeyCode::BackTab));
    a.handle_key(key(KeyCode::BackTab));
    a.handle_key(key(KeyCode::BackTab));
    // Mood is picked on its 1-5 scale: a 9 picks nothing.
    type_str(&mut a, "9");
    assert!(render(&mut a, 80, 24).contains("Mood 1-5: -"));
    // A bad day keeps the editor open.
    a.handle_key(key(KeyCode::BackTab));
    type_str(&mut a, "9");
    a.handle_key(ctrl('s'));
    assert!(a.status().unwrap().error);
    assert!(
        a.status().unwrap().text.to_lowercase().contains("day"),
        "{:?}",
        a.status()
    );
    assert_eq!(a.store.count_entries(&Filter::default()).unwrap(), 0);
    assert_eq!(a.tab(), 1);
    a.handle_key(key(KeyCode::Backspace));
    a.handle_key(ctrl('s'));
    let e = &a.store.list_page(&Filter::default(), None, 10).unwrap()[0];
    assert_eq!(e.prompt, None);
}

#[test]
fn esc_asks_before_discarding_changes() {
    let mut a = journal_app(Store::open_in_memory().unwrap());
    a.handle_key(ch('n'));
    // Unchanged: Esc just closes.
    a.handle_key(key(KeyCode::Esc));
    assert!(!a.unsaved());
    a.handle_key(ch('n'));
    type_str(&mut a, "something");
    a.handle_key(key(KeyCode::Esc));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Discard"), "{screen}");
    a.handle_key(ch('n')); // no: back to the editor
    assert!(a.unsaved());
    type_str(&mut a, " more");
    a.handle_key(key(KeyCode::Esc));
    a.handle_key(ch('y'));
    assert!(!a.unsaved());
    assert_eq!(a.store.count_entries(&Filter::default()).unwrap(), 0);
    assert_eq!(a.store.load_draft().unwrap(), None);
}

#[test]
fn paste_inserts_everything_at_once() {
    let mut a = journal_app(Store::open_in_memory().unwrap());
    a.handle_key(ch('n'));
    a.handle_event(&Event::Paste("line one\nline two 🙂 q?".into()));
    a.handle_key(ctrl('s'));
    let e = &a.store.list_page(&Filter::default(), None, 10).unwrap()[0];
    assert_eq!(e.body, "line one\nline two 🙂 q?");
}

#[test]
fn edit_and_delete_the_selected_entry() {
    let mut a = seeded();
    let screen = render(&mut a, 80, 24);
    // Newest first; Markdown in the preview.
    assert!(screen.contains("Gratitude"), "{screen}");
    assert!(screen.contains("• the sun"), "{screen}");
    a.handle_key(ch('j'));
    a.handle_key(ch('e'));
    a.handle_key(key(KeyCode::End));
    type_str(&mut a, " Proud of it.");
    a.handle_key(ctrl('s'));
    let e = a.store.entry(2).unwrap();
    assert_eq!(e.body, "Tired and hungry; called Ana instead. Proud of it.");
    assert_eq!(e.tags, vec!["halt"]);
    // Still selected after saving.
    a.handle_key(ch('d'));
    let screen = render(&mut a, 80, 24);
    assert!(
        screen.contains("Delete the entry from 2026-03-12"),
        "{screen}"
    );
    a.handle_key(ch('n'));
    assert_eq!(a.store.count_entries(&Filter::default()).unwrap(), 3);
    a.handle_key(ch('d'));
    a.handle_key(ch('y'));
    assert_eq!(a.store.count_entries(&Filter::default()).unwrap(), 2);
    assert!(a.store.entry(2).is_err());
}

#[test]
fn search_filters_as_you_type_and_esc_clears() {
    let mut a = seeded();
    a.handle_key(ch('/'));
    type_str(&mut a, "boundar");
    settle(&mut a);
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("1 match"), "{screen}");
    assert!(screen.contains("brother"), "{screen}");
    assert!(!screen.contains("hungry"), "{screen}");
    // Stemming: the full word finds "boundary".
    type_str(&mut a, "ies");
    settle(&mut a);
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("1 match"), "{screen}");
    // Enter keeps the results and leaves the box; Esc clears.
    a.handle_key(key(KeyCode::Enter));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("1 match"), "{screen}");
    a.handle_key(key(KeyCode::Esc));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("3 entries"), "{screen}");
    // Hostile input never breaks.
    a.handle_key(ch('/'));
    type_str(&mut a, "\"AND (NEAR* ^x");
    settle(&mut a);
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("0 matches"), "{screen}");
    assert!(!a.status().is_some_and(|s| s.error), "{:?}", a.status());
    a.handle_key(key(KeyCode::Esc));
}

#[test]
fn filter_by_tag_and_date_range() {
    let mut a = seeded();
    a.handle_key(ch('f'));
    type_str(&mut a, "family");
    a.handle_key(key(KeyCode::Enter));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("1 entry"), "{screen}");
    assert!(screen.contains("#family"), "{screen}");
    a.handle_key(key(KeyCode::Esc));
    a.handle_key(ch('/'));
    type_str(&mut a, "since:2026-03-11 until:2d");
    settle(&mut a);
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("1 entry"), "{screen}");
    assert!(screen.contains("hungry"), "{screen}");
}

#[test]
fn help_lists_the_journal_keys() {
    let mut a = seeded();
    a.handle_key(ch('?'));
    let screen = render(&mut a, 80, 40);
    assert!(screen.contains("new entry"), "{screen}");
    assert!(screen.contains("filter by tag"), "{screen}");
}

#[test]
fn draws_at_60x16_in_every_mode() {
    let mut a = seeded();
    render(&mut a, 60, 16);
    a.handle_key(ch('/'));
    type_str(&mut a, "sun");
    settle(&mut a);
    render(&mut a, 60, 16);
    a.handle_key(key(KeyCode::Esc));
    a.handle_key(ch('n'));
    type_str(&mut a, "日本語のテキスト e\u{301} 👩‍👧 ");
    let screen = render(&mut a, 60, 16);
    assert!(screen.contains("Mood"), "{screen}");
    assert!(screen.contains("Tags"), "{screen}");
}

#[test]
fn the_list_holds_a_window_and_g_jumps_to_the_oldest() {
    let mut s = Store::open_in_memory().unwrap();
    for i in 0..1000 {
        s.add_entry(&NewEntry {
            day: day("2020-01-01") + chrono::Duration::days(i),
            body: format!("entry number {i}"),
            ..Default::default()
        })
        .unwrap();
    }
    let mut a = journal_app(s);
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("1000 entries"), "{screen}");
    assert!(screen.contains("entry number 999"), "{screen}");
    a.handle_key(KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("entry number 0"), "{screen}");
    // Walk up through several pages one key at a time.
    for _ in 0..450 {
        a.handle_key(ch('k'));
    }
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("entry number 450"), "{screen}");
    a.handle_key(ch('g'));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("entry number 999"), "{screen}");
    for _ in 0..30 {
        a.handle_key(key(KeyCode::PageDown));
    }
    let screen = render(&mut a, 80, 24);
    assert!(!screen.contains("entry number 999"), "{screen}");
}

#[test]
fn matches_are_highlighted_in_the_preview() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let mut a = seeded();
    a.handle_key(ch('/'));
    type_str(&mut a, "boundary");
    settle(&mut a);
    let hl = a.theme.highlight;
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| a.draw(f)).unwrap();
    let buf = terminal.backend().buffer().clone();
    let mut marked = String::new();
    for y in 0..24 {
        for x in 40..80 {
            let cell = &buf[(x, y)];
            if cell.modifier.contains(hl.add_modifier) && hl.bg.is_none_or(|bg| cell.bg == bg) {
                marked.push_str(cell.symbol());
            }
        }
    }
    assert_eq!(marked, "boundary");
}

#[test]
fn shift_j_scrolls_a_long_entry_in_the_preview_and_k_back() {
    use mend::domain::journal::NewEntry;
    let mut store = mend::store::Store::open_in_memory().unwrap();
    let body: String = (1..=80).map(|i| format!("line number {i}\n")).collect();
    store
        .add_entry(&NewEntry {
            day: today(),
            body,
            mood: None,
            craving: None,
            prompt: None,
            tags: Vec::new(),
        })
        .unwrap();
    let mut a = app_with(store);
    a.handle_key(ch('2'));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("││line number 1 "), "{screen}");
    assert!(!screen.contains("││line number 40"), "{screen}");
    for _ in 0..12 {
        a.handle_key(ch('J'));
    }
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("││line number 40"), "{screen}");
    assert!(!screen.contains("││line number 1 "), "{screen}");
    for _ in 0..12 {
        a.handle_key(ch('K'));
    }
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("││line number 1 "), "{screen}");
}

#[test]
fn clicking_a_journal_row_selects_that_entry() {
    use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mut a = journal_app(seeded().store);
    let screen = render(&mut a, 100, 30);
    let row = screen
        .lines()
        .position(|l| l.contains("Held a boundary"))
        .unwrap_or_else(|| panic!("{screen}")) as u16;
    a.handle_mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 5,
        row,
        modifiers: KeyModifiers::NONE,
    });
    let screen = render(&mut a, 100, 30);
    let line = screen.lines().nth(usize::from(row)).unwrap();
    assert!(line.contains('›'), "{screen}");
    // A click below the last row changes nothing.
    a.handle_mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 5,
        row: 27,
        modifiers: KeyModifiers::NONE,
    });
    let after = render(&mut a, 100, 30);
    assert!(after.lines().nth(usize::from(row)).unwrap().contains('›'));
}

#[test]
fn the_preview_says_how_much_is_left_and_stops_at_the_end() {
    let mut s = mend::store::Store::open_in_memory().unwrap();
    let body: String = (1..=60).map(|i| format!("line {i}\n\n")).collect();
    s.add_entry(&mend::domain::journal::NewEntry {
        day: today(),
        body,
        ..Default::default()
    })
    .unwrap();
    let mut a = app_with(s);
    press(&mut a, mend::tui::keys::Action::GoTab(1));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("more lines"), "{screen}");
    for _ in 0..100 {
        press(&mut a, mend::tui::keys::Action::ScrollDown);
    }
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("end of the entry"), "{screen}");
    assert!(screen.contains("line 60"), "the last line shows:\n{screen}");
    // One step back up shows the end moving out of view at once.
    press(&mut a, mend::tui::keys::Action::ScrollUp);
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("more lines"), "{screen}");
}

#[test]
fn scrolling_the_preview_moves_its_text_up_three_rows_at_a_time() {
    // A long paragraph that wraps to many rows, between short lines: the
    // preview lays the entry out once and draws only the rows in view, so
    // each step (three rows) must show the next rows, inside a paragraph too.
    let mut s = mend::store::Store::open_in_memory().unwrap();
    let long: String = (1..=80).map(|i| format!("word{i} ")).collect();
    let body = format!("first\n\n{long}\n\nafter\n\n{long}\n\nlast");
    s.add_entry(&mend::domain::journal::NewEntry {
        day: today(),
        body,
        ..Default::default()
    })
    .unwrap();
    let mut a = app_with(s);
    press(&mut a, mend::tui::keys::Action::GoTab(1));
    // The preview's inner rows: right of the list, inside its border.
    let preview = |a: &mut mend::tui::App| -> Vec<String> {
        let screen = render(a, 80, 24);
        let lines: Vec<&str> = screen.lines().collect();
        let top = lines.iter().position(|l| l.contains(" Entry ")).unwrap();
        let chars: Vec<char> = lines[top].chars().collect();
        let title = (0..chars.len())
            .find(|&i| chars[i..].iter().collect::<String>().starts_with(" Entry "))
            .unwrap();
        let col = chars[..title]
            .iter()
            .rposition(|&c| c == '┌' || c == '╭')
            .unwrap();
        lines[top + 1..lines.len() - 3]
            .iter()
            .map(|l| l.chars().skip(col + 1).collect::<String>())
            .collect()
    };
    let mut before = preview(&mut a);
    let mut seen_word40 = false;
    let mut steps = 0;
    loop {
        press(&mut a, mend::tui::keys::Action::ScrollDown);
        if render(&mut a, 80, 24).contains("end of the entry") {
            break;
        }
        let after = preview(&mut a);
        seen_word40 |= after.iter().any(|l| l.contains("word40 "));
        let n = after.len();
        assert_eq!(after[..n - 3], before[3..], "step {steps}");
        before = after;
        steps += 1;
        assert!(steps < 30, "the end never came");
    }
    assert!(steps >= 5, "{steps}");
    assert!(seen_word40);
}
