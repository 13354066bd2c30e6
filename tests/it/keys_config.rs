//! A key rebinding in the config changes both the behaviour and the help.

use crate::common;

use common::*;
use mend::config::Config;
use mend::store::Store;
use mend::tui::App;

#[test]
fn rebinding_help_and_quit_changes_keys_and_help() {
    let config = Config::parse("[keys.global]\nhelp = \"h\"\nquit = \"ctrl-q\"\n").unwrap();
    let mut a = App::new(Store::open_in_memory().unwrap(), config, today()).unwrap();
    a.handle_key(ch('?'));
    assert!(!a.help_open(), "? no longer opens help");
    a.handle_key(ch('h'));
    assert!(a.help_open());
    let screen = render(&mut a, 80, 40);
    assert!(screen.contains("h             this help"), "{screen}");
    assert!(screen.contains("Ctrl-Q        quit"), "{screen}");
    a.handle_key(ch('x'));
    a.handle_key(ch('q'));
    assert!(!a.should_quit(), "q no longer quits");
    a.handle_key(ctrl('q'));
    assert!(a.should_quit());
}

#[test]
fn the_status_line_follows_rebound_keys() {
    let config = Config::parse("[keys.global]\nhelp = \"f1\"\n").unwrap();
    let mut a = App::new(Store::open_in_memory().unwrap(), config, today()).unwrap();
    let screen = render(&mut a, 80, 24);
    let last = screen.lines().last().unwrap();
    assert!(last.contains("F1 help"), "{last}");
}

#[test]
fn the_plain_theme_draws_no_colour() {
    use mend::tui::theme::Theme;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::style::Color;
    let mut a = app();
    a.theme = Theme::plain();
    for k in ['?', '!'] {
        a.handle_key(ch(k));
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        t.draw(|f| a.draw(f)).unwrap();
        for cell in t.backend().buffer().content() {
            assert_eq!(cell.fg, Color::Reset);
            assert_eq!(cell.bg, Color::Reset);
        }
        a.handle_key(key(ratatui::crossterm::event::KeyCode::Esc));
    }
}

#[test]
fn the_crisis_key_cannot_be_taken_or_unbound() {
    for text in [
        "[keys.global]\nquit = \"!\"\n",
        "[keys.global]\n\ncrisis = \"q\"\n",
        "[keys.editor]\ncrisis = []\n",
    ] {
        let e = Config::parse(text).unwrap_err().to_string();
        assert!(e.contains("crisis"), "{text}: {e}");
        assert_eq!(e.lines().count(), 1, "one line: {e}");
    }
    let e = Config::parse("[keys.global]\n\ncrisis = \"q\"\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("line 3"), "{e}");
    assert!(Config::parse("[keys.global]\ncrisis = \"f9\"\n").is_ok());
}
