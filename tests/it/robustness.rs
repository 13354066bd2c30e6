//! The App never panics: at any terminal size, under any key sequence, with
//! hostile text pasted in.

use crate::common;

use common::*;
use mend::tui::App;
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

fn draw(app: &mut App, w: u16, h: u16) {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| app.draw(f)).unwrap();
}

#[test]
fn every_screen_draws_at_a_grid_of_sizes() {
    let sizes = [1u16, 2, 5, 10, 20, 40, 59, 60, 61, 80, 120, 200, 300];
    let heights = [1u16, 2, 3, 6, 10, 15, 16, 17, 24, 40, 60, 100];
    let mut a = app();
    for tab in ['1', '2', '3', '4'] {
        a.handle_key(ch(tab));
        for overlay in [None, Some('?'), Some('!')] {
            if let Some(k) = overlay {
                a.handle_key(ch(k));
            }
            for &w in &sizes {
                for &h in &heights {
                    draw(&mut a, w, h);
                }
            }
            if overlay.is_some() {
                a.handle_key(key(KeyCode::Esc));
            }
        }
    }
}

fn any_key() -> impl Strategy<Value = KeyEvent> {
    let codes = prop_oneof![
        any::<char>().prop_map(KeyCode::Char),
        prop::sample::select(vec![
            'q', 'n', 'e', 'd', 'l', 'r', 's', 'f', 'x', '/', '?', '!', 'j', 'k', 'g', 'G', 'y',
            '1', '2', '3', '4', ' ',
        ])
        .prop_map(KeyCode::Char),
        prop::sample::select(vec![
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Backspace,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::Delete,
        ]),
    ];
    let mods = prop::sample::select(vec![
        KeyModifiers::NONE,
        KeyModifiers::NONE,
        KeyModifiers::NONE,
        KeyModifiers::SHIFT,
        KeyModifiers::CONTROL,
        KeyModifiers::ALT,
    ]);
    (codes, mods).prop_map(|(c, m)| KeyEvent::new(c, m))
}

proptest! {
    // A fixed seed: every run tries the same cases, so a failure replays.
    #![proptest_config(ProptestConfig {
        cases: 64,
        rng_seed: RngSeed::Fixed(0x6D65_6E64_0000_0001),
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_key_sequences_never_panic(keys in prop::collection::vec(any_key(), 1..120)) {
        let mut a = app();
        for (i, k) in keys.into_iter().enumerate() {
            // Ctrl-C quits at once; keep going to exercise more states.
            if k.code == KeyCode::Char('c') && k.modifiers == KeyModifiers::CONTROL {
                continue;
            }
            a.handle_key(k);
            if i % 7 == 0 {
                draw(&mut a, 80, 24);
            }
            if a.should_quit() {
                break;
            }
        }
        draw(&mut a, 60, 16);
    }
}

#[test]
fn hostile_pastes_never_reach_the_terminal() {
    let mut a = app();
    let hostile = "\x1b[2J\x1b]52;c;ZXZpbA==\x07\x1b[31mred\u{202e}";
    for tab in ['1', '2', '3', '4'] {
        a.handle_key(ch(tab));
        a.handle_event(&Event::Paste(hostile.repeat(1000)));
        let screen = render(&mut a, 80, 24);
        assert!(!screen.contains('\x1b'), "escape reached the screen");
        assert!(!screen.contains('\x07'));
    }
}
