//! The high-contrast theme and the ASCII mode in every pane at 80x24 (and
//! the overlays): no box drawing, block, Braille or symbol character left in
//! ASCII mode; every drawn cell at WCAG 4.5:1 in high contrast.

use crate::common;

use common::{app_with, ch, today};
use mend::config::Config;
use mend::store::Store;
use mend::store::seed::SeedOptions;
use mend::tui::App;
use mend::tui::theme::{Theme, ascii_for, contrast};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;

fn seeded_app(theme: Theme) -> App {
    let mut store = Store::open_in_memory().unwrap();
    let mut seed = SeedOptions::new(200, 3, today());
    seed.contacts = 6;
    seed.amends = 6;
    store.seed(&seed).unwrap();
    let mut app = app_with(store);
    app.theme = theme;
    app
}

fn draw(app: &mut App, w: u16, h: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| app.draw(f)).unwrap();
    terminal.backend().buffer().clone()
}

/// Each pane, then the help, the data menu and the crisis screen.
fn screens(app: &mut App, w: u16, h: u16) -> Vec<(String, Buffer)> {
    let mut out = Vec::new();
    for tab in '1'..='9' {
        app.handle_key(ch(tab));
        out.push((format!("tab {tab}"), draw(app, w, h)));
        // The detail of the first row, where the pane has one.
        app.handle_key(common::key(KeyCode::Enter));
        out.push((format!("tab {tab} detail"), draw(app, w, h)));
        app.handle_key(common::key(KeyCode::Esc));
    }
    app.handle_key(ch('1'));
    for (name, key) in [("help", '?'), ("data", 'x'), ("crisis", '!')] {
        app.handle_key(ch(key));
        out.push((name.to_string(), draw(app, w, h)));
        app.handle_key(common::key(KeyCode::Esc));
    }
    out
}

fn text(buf: &Buffer) -> String {
    let mut s = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            s.push_str(buf[(x, y)].symbol());
        }
        s.push('\n');
    }
    s
}

#[test]
fn ascii_mode_draws_every_screen_in_plain_characters() {
    let theme = Theme {
        ascii: true,
        ..Theme::dark()
    };
    let mut app = seeded_app(theme);
    for (w, h) in [(80, 24), (120, 40)] {
        for (name, buf) in screens(&mut app, w, h) {
            let t = text(&buf);
            for c in t.chars() {
                assert!(
                    ascii_for(c).is_none() && !('\u{2500}'..='\u{28FF}').contains(&c),
                    "{name} at {w}x{h} draws {c:?}:\n{t}"
                );
            }
        }
    }
    // Today shows the day count as a plain number, not in block digits.
    app.handle_key(ch('1'));
    let t = text(&draw(&mut app, 80, 24));
    assert!(t.contains("days"), "{t}");
    assert!(t.contains("+--"), "borders are drawn with + and -:\n{t}");
}

#[test]
fn the_config_and_a_dumb_terminal_pick_ascii() {
    let config = Config::parse("ascii = true\ntheme = \"high-contrast\"\n").unwrap();
    assert!(config.ascii);
    let t = Theme::from_config(&config);
    assert!(t.ascii);
    assert_eq!(t.base, Theme::high_contrast().base);
    assert!(
        !Theme::from_config(&Config::default()).ascii
            || std::env::var("TERM").as_deref() == Ok("dumb")
    );
}

#[test]
fn high_contrast_keeps_every_drawn_cell_at_4_5_to_1() {
    let mut app = seeded_app(Theme::high_contrast());
    for (name, buf) in screens(&mut app, 80, 24) {
        for y in 0..buf.area.height {
            for x in 0..buf.area.width {
                let cell = &buf[(x, y)];
                if cell.symbol().trim().is_empty() {
                    continue;
                }
                let (fg, bg) = (cell.fg, cell.bg);
                // Reversed or not, the pair is the same two colours.
                let ratio = contrast(fg, bg).unwrap_or_else(|| {
                    panic!("{name}: ({x},{y}) has {fg:?} on {bg:?}, not exact colours")
                });
                assert!(
                    ratio >= 4.5,
                    "{name}: {:?} at ({x},{y}) is {ratio:.2}:1 ({fg:?} on {bg:?})",
                    cell.symbol()
                );
            }
        }
    }
}
