//! The crisis screen: your own emergency contacts first, then helplines.
//! Reachable with `!` from every pane (and from editors), and it draws at any
//! size.
//!
//! The same lines are printed by `mend crisis` ([`Crisis::text`]), so the
//! screen and the command never differ.

use anyhow::Result;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::config::{Config, Helpline};
use crate::keys::{Action, Context, KeyMap};
use crate::store::Store;
use crate::tui::theme::Theme;
use crate::tui::widgets::{clean, popup_block};

/// One of the user's own people, shown first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrisisContact {
    pub id: i64,
    pub name: String,
    pub role: String,
    /// Empty when no phone number is saved.
    pub phone: String,
    /// Empty when no email is saved.
    pub email: String,
}

/// The state of the crisis screen.
#[derive(Debug, Clone)]
pub struct Crisis {
    pub contacts: Vec<CrisisContact>,
    pub helplines: Vec<Helpline>,
    /// The emergency contact a reach-out is logged for.
    pub selected: usize,
    /// What was last logged from this screen, shown on it (the status line
    /// is hidden under the screen).
    pub logged: Option<String>,
}

/// The line that opens the crisis screen.
pub const GROUNDING: &str = "Reach out now. A craving passes.";

/// The note logged when you reach out from this screen.
pub const LOG_NOTE: &str = "reached out from the crisis screen";

/// The note shown when no contact is marked as an emergency contact.
pub const NO_CONTACTS: &str = "No emergency contacts yet. Mark your people as emergency contacts (Contacts pane, e) and they show here first.";

impl Crisis {
    /// Reads the emergency contacts from the store (sponsor, mentor,
    /// counselor... first).
    pub fn load(store: &Store, config: &Config) -> Result<Crisis> {
        let contacts = store
            .emergency_contacts()?
            .into_iter()
            .map(|c| CrisisContact {
                id: c.id,
                name: c.name,
                role: c.role.as_str().to_string(),
                phone: c.phone.unwrap_or_default(),
                email: c.email.unwrap_or_default(),
            })
            .collect();
        Ok(Crisis {
            contacts,
            helplines: config.helplines.clone(),
            selected: 0,
            logged: None,
        })
    }

    /// The screen without the user's contacts (when the store fails).
    pub fn helplines_only(config: &Config) -> Crisis {
        Crisis {
            contacts: Vec::new(),
            helplines: config.helplines.clone(),
            selected: 0,
            logged: None,
        }
    }

    /// A key while the screen is open, read through the key map: `up`
    /// and `down` (list or popup keys) or a pane number (`tab-N`) choose an
    /// emergency contact, `log` logs that you reached out to them. Returns
    /// a message when something was logged. (`deny` and `quit` close the
    /// screen in the app before this is called.)
    pub fn key(
        &mut self,
        key: KeyEvent,
        keys: &KeyMap,
        store: &mut Store,
        today: NaiveDate,
    ) -> Result<Option<String>> {
        if self.contacts.is_empty() {
            return Ok(None);
        }
        let last = self.contacts.len() - 1;
        let action = keys
            .lookup(Context::Popup, &key)
            .or_else(|| keys.lookup(Context::List, &key))
            .or_else(|| keys.lookup(Context::Global, &key));
        match action {
            Some(Action::Up) => self.selected = self.selected.saturating_sub(1),
            Some(Action::Down) => self.selected = (self.selected + 1).min(last),
            Some(Action::GoTab(i)) if i <= last => self.selected = i,
            Some(Action::Log) => {
                let c = &self.contacts[self.selected.min(last)];
                store.log_contact(c.id, today, Some(LOG_NOTE), today)?;
                let msg = format!(
                    "Logged: you reached out to {}. That took courage.",
                    clean(&c.name)
                );
                self.logged = Some(msg.clone());
                return Ok(Some(msg));
            }
            _ => {}
        }
        Ok(None)
    }

    /// The screen as lines. `selected` marks the chosen contact (the TUI);
    /// `None` draws no marker (`mend crisis`).
    /// With `width`, a helpline whose note does not fit on its line gets
    /// the note on a line of its own.
    pub fn screen_lines(
        &self,
        theme: &Theme,
        selected: Option<usize>,
        width: Option<usize>,
    ) -> Vec<Line<'static>> {
        let big = theme.title.add_modifier(Modifier::BOLD);
        let number = theme.key.add_modifier(Modifier::BOLD);
        let mut lines = vec![Line::styled(GROUNDING, big)];
        match &self.logged {
            Some(msg) if selected.is_some() => {
                lines.push(Line::styled(format!("✓ {msg}"), theme.ok))
            }
            _ => lines.push(Line::from("")),
        }
        lines.push(Line::styled("Your people", theme.title));
        if self.contacts.is_empty() {
            lines.push(Line::styled(format!("  {NO_CONTACTS}"), theme.dim));
        }
        let phone_w = self
            .contacts
            .iter()
            .map(|c| clean(&c.phone).chars().count())
            .max()
            .unwrap_or(0);
        for (i, c) in self.contacts.iter().enumerate() {
            let chosen = selected == Some(i);
            let marker = if chosen { "›" } else { " " };
            let how = if !c.phone.is_empty() {
                format!("{:<phone_w$}", clean(&c.phone))
            } else if !c.email.is_empty() {
                clean(&c.email)
            } else {
                "no number saved".to_string()
            };
            let name_style = if chosen {
                theme.selected
            } else {
                Default::default()
            };
            let key = if i < 9 {
                format!("{}", i + 1)
            } else {
                " ".into()
            };
            lines.push(Line::from(vec![
                Span::raw(marker),
                Span::styled(key, theme.key),
                Span::raw("  "),
                Span::styled(how, number),
                Span::raw("  "),
                Span::styled(format!("{} ({})", clean(&c.name), c.role), name_style),
            ]));
        }
        lines.push(Line::from(""));
        lines.push(Line::styled("Helplines", theme.title));
        let num_w = self
            .helplines
            .iter()
            .map(|h| clean(&h.number).chars().count())
            .max()
            .unwrap_or(0);
        for h in &self.helplines {
            let note = if h.note.is_empty() {
                String::new()
            } else {
                format!(" — {}", clean(&h.note))
            };
            let name = clean(&h.name);
            let head = vec![
                Span::raw("   "),
                Span::styled(format!("{:<num_w$}", clean(&h.number)), number),
                Span::raw("  "),
            ];
            let full = 3 + num_w + 2 + (name.clone() + &note).chars().count();
            match width {
                Some(w) if full > w && !h.note.is_empty() => {
                    let mut first = head;
                    first.push(Span::raw(name));
                    lines.push(Line::from(first));
                    lines.push(Line::styled(
                        format!("{}{}", " ".repeat(5 + num_w), clean(&h.note)),
                        theme.dim,
                    ));
                }
                _ => {
                    let mut one = head;
                    one.push(Span::raw(format!("{name}{note}")));
                    lines.push(Line::from(one));
                }
            }
        }
        lines
    }

    /// The screen as plain text, as `mend crisis` prints it. With `ansi`,
    /// bold text (the numbers) is marked with escape codes.
    pub fn text(&self, ansi: bool) -> String {
        let mut out = String::new();
        for line in self.screen_lines(&Theme::plain(), None, None) {
            for span in &line.spans {
                let bold = ansi && span.style.add_modifier.contains(Modifier::BOLD);
                if bold {
                    out.push_str("\x1b[1m");
                }
                out.push_str(&span.content);
                if bold {
                    out.push_str("\x1b[0m");
                }
            }
            let trimmed = out.trim_end_matches(' ').len();
            out.truncate(trimmed);
            out.push('\n');
        }
        out
    }

    /// Draws the screen over `area`, whatever its size. When it does not fit,
    /// blank lines go first; the user's own people always come first.
    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme, keys: &KeyMap) {
        frame.render_widget(Clear, area);
        let mut items = vec![];
        if !self.contacts.is_empty() {
            items.push((Context::List, Action::Down, "next"));
            items.push((Context::List, Action::Log, "log a reach-out"));
        }
        items.push((Context::Popup, Action::Deny, "close"));
        let hint = format!(
            " {} ",
            crate::tui::component::hint_line(&crate::tui::component::hints(keys, &items))
        );
        let block = popup_block(" Crisis — you are not alone ", theme)
            .title_bottom(Line::styled(hint, theme.dim));
        let inner = block.inner(area);
        let mut lines =
            self.screen_lines(theme, Some(self.selected), Some(usize::from(inner.width)));
        let w = usize::from(inner.width.max(1));
        let rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(w)).sum();
        if rows > usize::from(inner.height) {
            lines.retain(|l| !l.spans.is_empty() && l.width() > 0);
        }
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(block),
            area,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_has_no_escape_codes_unless_asked() {
        let c = Crisis::helplines_only(&Config::default());
        let plain = c.text(false);
        assert!(!plain.contains('\x1b'));
        assert!(plain.starts_with(GROUNDING));
        assert!(plain.contains("988"));
        assert!(c.text(true).contains("\x1b[1m988"));
    }
}
