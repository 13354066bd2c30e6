//! Colours and styles. Information is never carried by colour alone: marks
//! and words go with it.

use ratatui::style::{Color, Modifier, Style};

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

    /// The theme for this process: plain when `NO_COLOR` is set.
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::plain(),
            _ => Theme::dark(),
        }
    }
}
