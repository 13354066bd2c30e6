//! Colours and styles. Information is never carried by colour alone: marks
//! and words go with it.
//!
//! Two accessibility modes live here, each applied in one place after a
//! frame is drawn ([`Theme::finish`]), so no pane needs to know of them:
//! - `high-contrast`: white on black with colours that keep every text pair
//!   at WCAG 4.5:1 or more (checked by a unit test over the theme's colours);
//!   cells a pane leaves uncoloured get the theme's base colours.
//! - `ascii` (config `ascii = true`, or `TERM=dumb`): every box-drawing,
//!   block, Braille and symbol character becomes a plain ASCII one of the
//!   same width ([`ascii_for`]): borders become `+-|`, the Braille lines of
//!   charts become `-` and their dots `*`; Today's big digits are drawn as
//!   a plain number.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};

use crate::config::{Config, ThemeName};

/// The styles every pane draws with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub accent: Style,
    pub title: Style,
    pub dim: Style,
    pub selected: Style,
    pub ok: Style,
    pub warn: Style,
    pub error: Style,
    pub highlight: Style,
    pub key: Style,
    /// The screen's own colours, for cells a pane leaves uncoloured
    /// (`Style::new()`: the terminal's).
    pub base: Style,
    /// Plain ASCII only: no box drawing, big digits or Braille.
    pub ascii: bool,
    /// Any drawn pair below WCAG 4.5:1 (say a pane's coloured text on a
    /// selected row) gets black or white text instead, whichever reads best.
    pub min_contrast: bool,
}

impl Theme {
    /// The default dark theme; reads well in 16-colour terminals.
    pub fn dark() -> Theme {
        Theme {
            accent: Style::new().fg(Color::Cyan),
            title: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::DarkGray),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            ok: Style::new().fg(Color::Green),
            warn: Style::new().fg(Color::Yellow),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            highlight: Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            key: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            base: Style::new(),
            ascii: false,
            min_contrast: false,
        }
    }

    /// No colours at all (for `NO_COLOR`): emphasis by modifiers only.
    pub fn plain() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            accent: Style::new(),
            title: bold,
            dim: Style::new(),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            ok: Style::new(),
            warn: bold,
            error: bold,
            highlight: Style::new().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED),
            key: bold,
            base: Style::new(),
            ascii: false,
            min_contrast: false,
        }
    }

    /// The light theme: dark text colours for light backgrounds.
    pub fn light() -> Theme {
        Theme {
            accent: Style::new().fg(Color::Blue),
            title: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::Gray),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            ok: Style::new().fg(Color::Green),
            warn: Style::new().fg(Color::Magenta),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            highlight: Style::new()
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            key: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            base: Style::new(),
            ascii: false,
            min_contrast: false,
        }
    }

    /// High contrast: white on black, bright colours chosen so that every
    /// text pair reaches WCAG 4.5:1 (exact RGB, so the terminal's palette
    /// cannot lower it).
    pub fn high_contrast() -> Theme {
        const WHITE: Color = Color::Rgb(255, 255, 255);
        const BLACK: Color = Color::Rgb(0, 0, 0);
        const YELLOW: Color = Color::Rgb(255, 255, 0);
        const CYAN: Color = Color::Rgb(0, 255, 255);
        const GREEN: Color = Color::Rgb(0, 255, 0);
        const RED: Color = Color::Rgb(255, 96, 96);
        const GREY: Color = Color::Rgb(200, 200, 200);
        let bold = Modifier::BOLD;
        Theme {
            accent: Style::new().fg(CYAN),
            title: Style::new().fg(YELLOW).add_modifier(bold),
            dim: Style::new().fg(GREY),
            selected: Style::new().fg(BLACK).bg(YELLOW).add_modifier(bold),
            ok: Style::new().fg(GREEN),
            warn: Style::new().fg(YELLOW).add_modifier(bold),
            error: Style::new().fg(RED).add_modifier(bold),
            highlight: Style::new().fg(BLACK).bg(CYAN).add_modifier(bold),
            key: Style::new().fg(YELLOW).add_modifier(bold),
            base: Style::new().fg(WHITE).bg(BLACK),
            ascii: false,
            min_contrast: true,
        }
    }

    /// The theme for a config: its colours, plus ASCII when the config asks
    /// or the terminal is `TERM=dumb`.
    pub fn from_config(config: &Config) -> Theme {
        let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
        Theme {
            ascii: config.ascii || dumb,
            ..Theme::for_config(config.theme)
        }
    }

    /// Applies the base colours and the ASCII mode to a drawn frame.
    pub fn finish(&self, buf: &mut Buffer) {
        let base_fg = self.base.fg.filter(|c| *c != Color::Reset);
        let base_bg = self.base.bg.filter(|c| *c != Color::Reset);
        if base_fg.is_none() && base_bg.is_none() && !self.ascii && !self.min_contrast {
            return;
        }
        for cell in buf.content.iter_mut() {
            if let Some(fg) = base_fg
                && cell.fg == Color::Reset
            {
                cell.fg = fg;
            }
            if let Some(bg) = base_bg
                && cell.bg == Color::Reset
            {
                cell.bg = bg;
            }
            if self.min_contrast && contrast(cell.fg, cell.bg).is_some_and(|r| r < MIN_CONTRAST) {
                let black = Color::Rgb(0, 0, 0);
                let white = Color::Rgb(255, 255, 255);
                let on_black = contrast(black, cell.bg).unwrap_or(0.0);
                let on_white = contrast(white, cell.bg).unwrap_or(0.0);
                cell.fg = if on_black >= on_white { black } else { white };
            }
            if self.ascii {
                let mut chars = cell.symbol().chars();
                if let (Some(c), None) = (chars.next(), chars.next())
                    && let Some(a) = ascii_for(c)
                {
                    cell.set_char(a);
                }
            }
        }
    }

    /// Whether `NO_COLOR` asks for no colour (<https://no-color.org>).
    pub fn no_color() -> bool {
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
    }

    /// The configured theme; `NO_COLOR` always wins.
    pub fn for_config(name: ThemeName) -> Theme {
        if Theme::no_color() {
            return Theme::plain();
        }
        match name {
            ThemeName::Dark => Theme::dark(),
            ThemeName::Light => Theme::light(),
            ThemeName::Plain => Theme::plain(),
            ThemeName::HighContrast => Theme::high_contrast(),
        }
    }
}

/// WCAG AA for normal text.
pub const MIN_CONTRAST: f64 = 4.5;

/// WCAG relative luminance of an exact (RGB) colour; `None` for a palette
/// colour, whose RGB is up to the terminal.
pub fn luminance(c: Color) -> Option<f64> {
    let Color::Rgb(r, g, b) = c else {
        return None;
    };
    let lin = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    Some(0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b))
}

/// The WCAG contrast ratio of two exact colours (1 to 21).
pub fn contrast(a: Color, b: Color) -> Option<f64> {
    let (la, lb) = (luminance(a)?, luminance(b)?);
    Some((la.max(lb) + 0.05) / (la.min(lb) + 0.05))
}

/// The plain ASCII character drawn for `c` in ASCII mode, when `c` is one
/// mend draws (box drawing, blocks, Braille, marks and arrows). User text
/// in other scripts is left alone.
pub fn ascii_for(c: char) -> Option<char> {
    Some(match c {
        c if c.is_ascii() => return None,
        // Box drawing.
        '─' | '━' | '═' | '┄' | '┅' | '┈' | '┉' | '╌' | '╍' | '╴' | '╶' | '╸' | '╺' | '╼' | '╾' => {
            '-'
        }
        '│' | '┃' | '║' | '┆' | '┇' | '┊' | '┋' | '╎' | '╏' | '╵' | '╷' | '╹' | '╻' | '╽' | '╿' => {
            '|'
        }
        '╱' => '/',
        '╲' => '\\',
        '╳' => 'X',
        '\u{2500}'..='\u{257F}' => '+',
        // Blocks: bars, shades, big digits, gauges.
        '▁' | '▂' => '_',
        '▃' | '▄' => '-',
        '▅' | '▆' => '=',
        '▇' | '█' | '▉' | '▊' | '▋' | '▌' | '▍' | '▎' => '#',
        '▏' | '▕' => '|',
        '▀' | '▔' => '"',
        '░' => ':',
        '▒' => '+',
        '▓' => '*',
        '\u{2580}'..='\u{259F}' => '#',
        // Braille charts: a line becomes dashes, an empty cell a space.
        '\u{2800}' => ' ',
        '\u{2801}'..='\u{28FF}' => '-',
        // Marks and punctuation mend writes.
        '·' => '.',
        '•' | '●' | '★' | '✦' | '✓' => '*',
        '○' | '☆' => 'o',
        '✗' => 'x',
        '›' | '→' | '»' => '>',
        '‹' | '←' | '«' => '<',
        '↑' => '^',
        '↓' => 'v',
        '…' => '.',
        '—' | '–' | '−' => '-',
        '“' | '”' => '"',
        '‘' | '’' => '\'',
        '☺' => 'M',
        '⚡' => 'C',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::widgets::{Block, BorderType, Borders, Widget};

    fn contrast(a: Color, b: Color) -> f64 {
        super::contrast(a, b).expect("the high-contrast theme uses exact colours")
    }

    #[test]
    fn every_high_contrast_text_pair_reaches_4_5_to_1() {
        let t = Theme::high_contrast();
        let base_fg = t.base.fg.unwrap();
        let base_bg = t.base.bg.unwrap();
        assert!(contrast(base_fg, base_bg) >= 4.5);
        let styles = [
            ("accent", t.accent),
            ("title", t.title),
            ("dim", t.dim),
            ("selected", t.selected),
            ("ok", t.ok),
            ("warn", t.warn),
            ("error", t.error),
            ("highlight", t.highlight),
            ("key", t.key),
        ];
        for (name, style) in styles {
            let fg = style.fg.unwrap_or(base_fg);
            let bg = style.bg.unwrap_or(base_bg);
            let ratio = contrast(fg, bg);
            assert!(ratio >= 4.5, "{name}: {ratio:.2}:1");
            // Any style drawn over a selected or highlighted row keeps its
            // own colours only where they still contrast; the row styles
            // set both colours, so they are checked above as pairs.
        }
        // Text in any style on the plain screen.
        for (name, style) in styles.iter().filter(|(_, s)| s.bg.is_none()) {
            let fg = style.fg.unwrap_or(base_fg);
            assert!(contrast(fg, base_bg) >= 4.5, "{name} on the screen");
        }
        // The contrast function itself: black on white is 21:1.
        assert!((contrast(Color::Rgb(0, 0, 0), Color::Rgb(255, 255, 255)) - 21.0).abs() < 0.01);
        assert!(contrast(Color::Rgb(119, 119, 119), Color::Rgb(255, 255, 255)) < 4.5);
    }

    #[test]
    fn finish_fills_uncoloured_cells_with_the_base_colours() {
        let t = Theme::high_contrast();
        let mut buf = Buffer::empty(Rect::new(0, 0, 4, 1));
        buf[(1, 0)].set_fg(Color::Rgb(0, 255, 0));
        // A gauge's label: no text colour, on a bright fill.
        buf[(2, 0)].set_bg(Color::Rgb(0, 255, 0));
        // A pane's coloured text on a selected row.
        buf[(3, 0)]
            .set_fg(Color::Rgb(0, 255, 0))
            .set_bg(Color::Rgb(255, 255, 0));
        t.finish(&mut buf);
        assert_eq!(buf[(0, 0)].bg, Color::Rgb(0, 0, 0));
        assert_eq!(buf[(0, 0)].fg, Color::Rgb(255, 255, 255));
        assert_eq!(buf[(1, 0)].fg, Color::Rgb(0, 255, 0));
        assert_eq!(buf[(2, 0)].fg, Color::Rgb(0, 0, 0));
        assert_eq!(buf[(3, 0)].fg, Color::Rgb(0, 0, 0));
    }

    #[test]
    fn ascii_mode_leaves_no_box_drawing_block_or_braille() {
        let t = Theme {
            ascii: true,
            ..Theme::dark()
        };
        let mut buf = Buffer::empty(Rect::new(0, 0, 12, 3));
        Block::default()
            .borders(Borders::ALL)
            .border_type(BorderType::Rounded)
            .title("› a·b…")
            .render(buf.area, &mut buf);
        buf[(1, 1)].set_char('⣿');
        buf[(2, 1)].set_char('█');
        buf[(3, 1)].set_char('日');
        t.finish(&mut buf);
        let text: String = buf.content.iter().map(|c| c.symbol()).collect();
        assert!(text.starts_with("+> a.b."), "{text}");
        let row: Vec<&str> = (0..4).map(|x| buf[(x, 1)].symbol()).collect();
        assert_eq!(row, ["|", "-", "#", "日"]);
        for c in text.chars() {
            assert!(
                c.is_ascii() || c == '日',
                "{c:?} left in ASCII mode: {text}"
            );
        }
    }
}
