//! [`Confirm`]: a yes/no question that carries what it is about (the id to
//! delete, the form to discard).
//!
//! Its default answer is "no": the popup's `open` key (Enter) gives the
//! default, so Enter never confirms a destructive action. Only the
//! `confirm` key (y) says yes; `deny`, `cancel` and `back` say no. A
//! harmless question may default to yes ([`Confirm::default_yes`]).
//! The keys it names are read from the key map.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::tui::keys::{Action, Context, KeyMap};
use crate::tui::theme::Theme;
use crate::tui::widgets::{centered, popup_block};

/// A question about `payload`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm<T> {
    pub payload: T,
    pub question: String,
    default_yes: bool,
}

impl<T> Confirm<T> {
    /// A question whose default (Enter) is "no".
    pub fn new(question: impl Into<String>, payload: T) -> Confirm<T> {
        Confirm {
            payload,
            question: question.into(),
            default_yes: false,
        }
    }

    /// Makes Enter answer "yes": only for questions that lose nothing.
    #[must_use]
    pub fn default_yes(mut self) -> Confirm<T> {
        self.default_yes = true;
        self
    }

    /// The answer `action` gives: `Some(true)` yes, `Some(false)` no,
    /// `None` when it is not an answer (the question stays).
    pub fn decide(&self, action: Action) -> Option<bool> {
        match action {
            Action::Confirm => Some(true),
            Action::Deny | Action::Cancel | Action::Back => Some(false),
            Action::Open => Some(self.default_yes),
            _ => None,
        }
    }

    /// The key hints for the question, from the key map.
    pub fn hints(&self, keys: &KeyMap) -> Vec<super::Hint> {
        let enter = if self.default_yes {
            "yes (default)"
        } else {
            "no (default)"
        };
        super::hints(
            keys,
            &[
                (Context::Popup, Action::Confirm, "yes"),
                (Context::Popup, Action::Deny, "no"),
                (Context::Popup, Action::Open, enter),
            ],
        )
    }

    /// Draws the question in the middle of `area`.
    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme, keys: &KeyMap) {
        let mut answers = Vec::new();
        for (key, what) in self.hints(keys) {
            if !answers.is_empty() {
                answers.push(Span::raw("   "));
            }
            answers.push(Span::styled(key, theme.key));
            answers.push(Span::raw(format!(" {what}")));
        }
        let answers = Line::from(answers);
        let widest = self.question.width().max(answers.width()) as u16;
        let width = (widest + 4).clamp(30, 70).min(area.width);
        let inner = usize::from(width.saturating_sub(2)).max(1);
        let rows = super::form::wrap_words(&self.question, inner).len()
            + (answers.width().div_ceil(inner)).max(1)
            + 1;
        let rect = centered(area, width, rows as u16 + 2);
        frame.render_widget(Clear, rect);
        let body = vec![Line::from(self.question.clone()), Line::from(""), answers];
        frame.render_widget(
            Paragraph::new(body)
                .wrap(Wrap { trim: false })
                .block(popup_block(" Are you sure? ", theme)),
            rect,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    #[test]
    fn enter_says_no_unless_the_question_is_harmless() {
        let c = Confirm::new("Delete it?", 7);
        assert_eq!(c.decide(Action::Open), Some(false));
        assert_eq!(c.decide(Action::Confirm), Some(true));
        assert_eq!(c.decide(Action::Deny), Some(false));
        assert_eq!(c.decide(Action::Cancel), Some(false));
        assert_eq!(c.decide(Action::Down), None);
        assert_eq!(c.payload, 7);
        let c = Confirm::new("Use the draft?", ()).default_yes();
        assert_eq!(c.decide(Action::Open), Some(true));
    }

    #[test]
    fn the_answers_shown_come_from_the_key_map() {
        let mut keys = KeyMap::default();
        keys.rebind(
            Context::Popup,
            Action::Confirm,
            &[crate::tui::keys::Key::plain('o')],
        );
        let c = Confirm::new("Delete the entry?", ());
        let mut t = Terminal::new(TestBackend::new(60, 10)).unwrap();
        t.draw(|f| c.draw(f, f.area(), &Theme::dark(), &keys))
            .unwrap();
        let screen: String = t
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect();
        assert!(screen.contains("Delete the entry?"), "{screen}");
        assert!(screen.contains("o yes"), "{screen}");
        assert!(!screen.contains("y yes"), "{screen}");
        assert!(screen.contains("Esc no"), "{screen}");
    }
}
