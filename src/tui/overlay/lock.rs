//! The lock screen: shown at start when the database is encrypted and no
//! passphrase came from the environment, and after the configured idle time.
//! It hides everything behind it.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::tui::theme::Theme;
use crate::tui::widgets::{centered, popup_block};

/// What a key did on the lock screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LockKey {
    /// Still typing.
    Typing,
    /// Enter: try this passphrase (empty when none is needed).
    Submit(String),
    /// Ctrl-C / Esc at start: leave.
    Leave,
}

/// The lock screen's state. The typed passphrase is never drawn, only dots.
#[derive(Debug, Default)]
pub struct LockScreen {
    input: String,
    pub error: Option<String>,
    pub needs_passphrase: bool,
}

impl LockScreen {
    pub fn new(needs_passphrase: bool) -> LockScreen {
        LockScreen {
            needs_passphrase,
            ..LockScreen::default()
        }
    }

    /// Handles a key press.
    pub fn key(&mut self, key: KeyEvent) -> LockKey {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('c') if ctrl => LockKey::Leave,
            KeyCode::Esc => LockKey::Leave,
            KeyCode::Enter => LockKey::Submit(std::mem::take(&mut self.input)),
            KeyCode::Backspace => {
                self.input.pop();
                LockKey::Typing
            }
            KeyCode::Char('u') if ctrl => {
                self.input.clear();
                LockKey::Typing
            }
            KeyCode::Char(c) if !ctrl && self.needs_passphrase => {
                self.input.push(c);
                LockKey::Typing
            }
            _ if !self.needs_passphrase => LockKey::Submit(String::new()),
            _ => LockKey::Typing,
        }
    }

    /// Pasted text goes into the passphrase.
    pub fn paste(&mut self, text: &str) {
        if self.needs_passphrase {
            self.input.push_str(text.trim_end_matches(['\r', '\n']));
        }
    }

    /// Draws the lock screen over the whole `area`.
    /// `crisis` is the label of the key that opens the crisis screen here.
    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme, crisis: &str) {
        frame.render_widget(Clear, area);
        let mut lines = vec![Line::styled("mend is locked", theme.title), Line::from("")];
        if self.needs_passphrase {
            let dots = "•".repeat(self.input.chars().count().min(40));
            lines.push(Line::from(format!("Passphrase: {dots}▏")));
            lines.push(Line::from(""));
            lines.push(Line::styled("Enter unlocks · Esc leaves", theme.dim));
        } else {
            lines.push(Line::styled("Press any key to unlock.", theme.dim));
        }
        if !crisis.is_empty() {
            lines.push(Line::styled(
                format!("{crisis} crisis screen (no passphrase needed)"),
                theme.dim,
            ));
        }
        if let Some(e) = &self.error {
            lines.push(Line::from(""));
            lines.push(Line::styled(format!("✗ {e}"), theme.error));
        }
        let rect = centered(area, 50, lines.len() as u16 + 2);
        frame.render_widget(
            Paragraph::new(lines)
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: true })
                .block(popup_block(" Locked ", theme)),
            rect,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn typing_then_enter_submits_the_passphrase() {
        let mut l = LockScreen::new(true);
        for c in "s3cret".chars() {
            assert_eq!(l.key(k(c)), LockKey::Typing);
        }
        l.key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
        assert_eq!(
            l.key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
            LockKey::Submit("s3cre".into())
        );
    }

    #[test]
    fn without_a_passphrase_any_key_unlocks() {
        let mut l = LockScreen::new(false);
        assert_eq!(l.key(k('x')), LockKey::Submit(String::new()));
    }
}
