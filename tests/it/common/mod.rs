//! Helpers shared by the tests.
#![allow(dead_code)]

pub mod cli;

use chrono::NaiveDate;
use mend::config::Config;
use mend::store::Store;
use mend::tui::App;
use mend::tui::keys::{Action, Context};
use mend::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A fixed "today" for tests.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 15).unwrap()
}

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// An app over a fresh in-memory store.
pub fn app() -> App {
    app_with(Store::open_in_memory().unwrap())
}

pub fn app_with(store: Store) -> App {
    let mut a = App::new(store, Config::default(), today()).unwrap();
    // The default theme whatever the environment: NO_COLOR set where the
    // tests run would otherwise switch the app to the plain theme.
    a.theme = Theme::dark();
    a
}

/// Draws the app at `w`x`h` and returns the screen as text, one line per row.
pub fn render(app: &mut App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| app.draw(f)).unwrap();
    let buf = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        for x in 0..buf.area.width {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

pub fn ch(c: char) -> KeyEvent {
    key(KeyCode::Char(c))
}

pub fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// Presses each character of `s` as a key.
pub fn type_str(app: &mut App, s: &str) {
    for c in s.chars() {
        let k = if c == '\n' {
            key(KeyCode::Enter)
        } else {
            ch(c)
        };
        app.handle_key(k);
    }
}

/// Presses the key bound to `action` where the app is now (the global
/// keys first while browsing), so a rebinding cannot break a test.
pub fn press(app: &mut App, action: Action) {
    let context = app.key_context();
    // While browsing, global keys come first; overlays also read the list
    // and global keys (the crisis screen's `log`, the data menu's numbers).
    let contexts = match context {
        Context::List => vec![Context::Global, Context::List],
        Context::Popup => vec![Context::Popup, Context::List, Context::Global],
        other => vec![other],
    };
    let key = contexts
        .iter()
        .find_map(|c| app.keys.keys_for(*c, action).into_iter().next())
        .unwrap_or_else(|| panic!("{action:?} has no key in {context:?}"));
    app.handle_key(KeyEvent::new(key.code, key.mods));
}

/// Presses `action` `n` times.
pub fn press_n(app: &mut App, action: Action, n: usize) {
    for _ in 0..n {
        press(app, action);
    }
}
