//! Colours and styles. Information is never carried by colour alone: marks
//! and words go with it.

use ratatui::style::{Color, Modifier, Style};

use crate::config::ThemeName;

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
        }
    }
}
