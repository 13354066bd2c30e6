//! The crisis screen: your own emergency contacts first, then helplines.
//! Reachable with `!` from every pane (and from editors), and it draws at any
//! size.

use anyhow::Result;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::theme::Theme;
use super::widgets::{clean, popup_block};
use crate::config::{Config, Helpline};
use crate::store::Store;

/// One of the user's own people, shown first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrisisContact {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub phone: String,
}

/// The state of the crisis screen.
#[derive(Debug, Clone)]
pub struct Crisis {
    pub contacts: Vec<CrisisContact>,
    pub helplines: Vec<Helpline>,
}

/// The line that opens the crisis screen.
pub const GROUNDING: &str = "Reach out now. A craving passes.";

impl Crisis {
    /// Reads the emergency contacts from the store.
    pub fn load(_store: &Store, config: &Config) -> Result<Crisis> {
        Ok(Crisis::helplines_only(config))
    }

    /// The screen without the user's contacts (when the store fails).
    pub fn helplines_only(config: &Config) -> Crisis {
        Crisis {
            contacts: Vec::new(),
            helplines: config.helplines.clone(),
        }
    }

    /// A key while the screen is open. Returns a message when something was
    /// logged.
    pub fn key(
        &mut self,
        _key: KeyEvent,
        _store: &mut Store,
        _today: NaiveDate,
    ) -> Result<Option<String>> {
        Ok(None)
    }

    /// The screen as lines of text (also what `mend crisis` prints).
    pub fn lines(&self, theme: &Theme) -> Vec<Line<'static>> {
        let big = theme.title.add_modifier(Modifier::BOLD);
        let mut lines = vec![Line::styled(GROUNDING, big), Line::from("")];
        if !self.contacts.is_empty() {
            lines.push(Line::styled("Your people", theme.title));
            for c in &self.contacts {
                lines.push(Line::from(vec![
                    Span::styled(format!("  {}  ", clean(&c.phone)), big),
                    Span::raw(format!("{} ({})", clean(&c.name), c.role)),
                ]));
            }
            lines.push(Line::from(""));
        }
        lines.push(Line::styled("Helplines", theme.title));
        for h in &self.helplines {
            let note = if h.note.is_empty() {
                String::new()
            } else {
                format!(" — {}", clean(&h.note))
            };
            lines.push(Line::from(vec![
                Span::styled(format!("  {}  ", clean(&h.number)), big),
                Span::raw(format!("{}{note}", clean(&h.name))),
            ]));
        }
        lines
    }

    /// Draws the screen over `area`, whatever its size.
    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        frame.render_widget(Clear, area);
        let block = popup_block(" Crisis — you are not alone ", theme)
            .title_bottom(Line::styled(" Esc closes ", theme.dim));
        frame.render_widget(
            Paragraph::new(self.lines(theme))
                .wrap(Wrap { trim: false })
                .block(block),
            area,
        );
    }
}
