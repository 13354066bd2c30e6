//! Share from the app: `x`, Share, the form, a preview with counts, then
//! the file.

use crate::common;

use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use common::*;
use mend::domain::journal::NewEntry;
use mend::store::Store;
use ratatui::crossterm::event::KeyCode;

fn wait_for_job(a: &mut mend::tui::App) {
    let start = Instant::now();
    while a.job_running() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "job never finished"
        );
        std::thread::sleep(Duration::from_millis(20));
        a.tick(Instant::now());
    }
}

fn store(dir: &std::path::Path) -> Store {
    let mut s = Store::open(&dir.join("m.db")).unwrap();
    for (d, body, tag) in [
        ("2026-03-01", "IN-RANGE-A", "work"),
        ("2026-03-10", "IN-RANGE-B", "sleep"),
        ("2026-01-10", "TOO-OLD", "work"),
    ] {
        s.add_entry(&NewEntry {
            day: day(d),
            body: body.into(),
            mood: Some(3),
            craving: Some(4),
            prompt: None,
            tags: vec![tag.into()],
        })
        .unwrap();
    }
    s.add_clock("Alcohol", day("2026-01-01"), None, today())
        .unwrap();
    s
}

/// Replaces the focused field's text.
fn replace_field(a: &mut mend::tui::App, text: &str) {
    for _ in 0..120 {
        a.handle_key(key(KeyCode::Backspace));
    }
    type_str(a, text);
}

#[test]
fn share_previews_counts_then_writes_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app_with(store(dir.path()));
    a.handle_key(ch('x'));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Share a report"), "{screen}");
    a.handle_key(ch('4'));
    let screen = render(&mut a, 80, 24);
    assert!(
        screen.contains("Include") && screen.contains("Format"),
        "{screen}"
    );
    // The last 30 days are suggested: from 14 February.
    assert!(screen.contains("2026-02-14"), "{screen}");

    // Down to the tag, then the file.
    for _ in 0..3 {
        a.handle_key(key(KeyCode::Enter));
    }
    type_str(&mut a, "work");
    a.handle_key(key(KeyCode::Enter));
    a.handle_key(key(KeyCode::Enter));
    let out = dir.path().join("report.html");
    replace_field(&mut a, out.to_str().unwrap());
    a.handle_key(key(KeyCode::Enter));

    // The preview: counts, and nothing written yet.
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("1 journal entry tagged #work"), "{screen}");
    assert!(
        screen.contains("1 sobriety clock") || screen.contains("1 clock"),
        "{screen}"
    );
    assert!(screen.contains("contacts never"), "{screen}");
    assert!(!out.exists());

    // Back to the form and forward again keeps the values.
    a.handle_key(key(KeyCode::Esc));
    assert!(render(&mut a, 80, 24).contains("Format"));
    a.handle_key(ctrl('s'));
    assert!(render(&mut a, 80, 24).contains("will hold"));

    a.handle_key(ch('y'));
    wait_for_job(&mut a);
    let status = a.status().expect("a message").clone();
    assert!(!status.error, "{}", status.text);
    assert!(status.text.contains("Shared"), "{}", status.text);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("IN-RANGE-A"));
    assert!(!html.contains("IN-RANGE-B"), "not tagged work");
    assert!(!html.contains("TOO-OLD"));
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn a_bad_field_is_named_in_the_form_and_nothing_is_previewed() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app_with(store(dir.path()));
    a.handle_key(ch('x'));
    a.handle_key(ch('4'));
    replace_field(&mut a, "2026-02-30");
    a.handle_key(ctrl('s'));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("From"), "{screen}");
    assert!(!screen.contains("will hold"), "{screen}");
    // A part this mend does not know.
    replace_field(&mut a, "2026-03-01");
    a.handle_key(key(KeyCode::Enter));
    a.handle_key(key(KeyCode::Enter));
    replace_field(&mut a, "journal, diary");
    a.handle_key(ctrl('s'));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("diary"), "{screen}");
    assert!(!screen.contains("will hold"), "{screen}");
    // Esc leaves the form for the menu.
    a.handle_key(key(KeyCode::Esc));
    assert!(render(&mut a, 80, 24).contains("Your data"));
}
