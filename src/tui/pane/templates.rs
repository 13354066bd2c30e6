//! The template picker the Journal's "new" key opens when the config has
//! `[[templates]]`: a blank page first, then each template by name with
//! the start of its text. The Journal pane holds one while it is open.
//!
//! It is only an offer: a digit or Enter picks, and any other typing
//! starts a blank entry with that key, so "new, then write" works as it
//! always did.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::config::Template;
use crate::tui::keys::{Action, Context, KeyMap};
use crate::tui::theme::Theme;
use crate::tui::widgets::{centered, clean, popup_block};

/// What the picker was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picked {
    /// Still choosing.
    Stay,
    /// Closed without a choice.
    Cancel,
    /// A blank entry, with this key typed into it.
    BlankWith(KeyEvent),
    /// A blank entry.
    Blank,
    /// The template at this index of the config's list.
    Template(usize),
}

/// The open picker.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TemplatePicker {
    /// 0 is the blank page; `i + 1` is template `i`.
    selected: usize,
}

impl TemplatePicker {
    fn choice(&self) -> Picked {
        match self.selected {
            0 => Picked::Blank,
            n => Picked::Template(n - 1),
        }
    }

    /// An editor action (the picker is typed into like an editor).
    pub fn update(&mut self, action: Action, _count: usize) -> Picked {
        match action {
            Action::Save => self.choice(),
            Action::Cancel | Action::Deny | Action::Back => Picked::Cancel,
            _ => Picked::Stay,
        }
    }

    /// A typed key: arrows move, a digit or Enter picks, anything else
    /// starts a blank entry with that key.
    pub fn input(&mut self, key: KeyEvent, count: usize) -> Picked {
        match key.code {
            KeyCode::Up => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down => self.selected = (self.selected + 1).min(count),
            KeyCode::Enter => return self.choice(),
            KeyCode::Char(c) => match c.to_digit(10).map(|d| d as usize) {
                Some(d) if d <= count => {
                    self.selected = d;
                    return self.choice();
                }
                _ => return Picked::BlankWith(key),
            },
            _ => {}
        }
        Picked::Stay
    }

    pub fn draw(
        &self,
        frame: &mut Frame,
        area: Rect,
        templates: &[Template],
        keys: &KeyMap,
        theme: &Theme,
    ) {
        let width = area.width.saturating_sub(4).min(64);
        let height = (templates.len() as u16 + 5).min(area.height.saturating_sub(2));
        let rect = centered(area, width, height);
        frame.render_widget(Clear, rect);
        let block = popup_block(" New entry ", theme);
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let w = inner.width as usize;
        let mut lines = Vec::new();
        let row = |i: usize, name: String, first: String| {
            let style = if i == self.selected {
                theme.selected
            } else {
                ratatui::style::Style::default()
            };
            let mut text = format!(" {i}  {name}");
            if !first.is_empty() {
                text.push_str(&format!("  · {first}"));
            }
            let text: String = text.chars().take(w).collect();
            Line::styled(text, style)
        };
        lines.push(row(0, "Blank page".into(), String::new()));
        for (i, t) in templates.iter().enumerate() {
            let first = t
                .body
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .unwrap_or("");
            lines.push(row(i + 1, clean(&t.name), clean(first)));
        }
        lines.push(Line::from(""));
        lines.push(Line::from(vec![Span::styled(
            format!(
                "digit or Enter pick · ↑/↓ move · typing starts a blank page · {} cancel",
                keys.label(Context::Editor, Action::Cancel)
            ),
            theme.dim,
        )]));
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(code: KeyCode) -> KeyEvent {
        KeyEvent::from(code)
    }

    #[test]
    fn arrows_move_digits_and_enter_pick_and_typing_starts_a_blank_page() {
        let mut p = TemplatePicker::default();
        assert_eq!(p.input(k(KeyCode::Up), 2), Picked::Stay);
        assert_eq!(p.input(k(KeyCode::Enter), 2), Picked::Blank);
        for _ in 0..3 {
            p.input(k(KeyCode::Down), 2);
        }
        assert_eq!(p.input(k(KeyCode::Enter), 2), Picked::Template(1));
        let mut p = TemplatePicker::default();
        assert_eq!(p.input(k(KeyCode::Char('1')), 2), Picked::Template(0));
        assert_eq!(
            p.input(k(KeyCode::Char('3')), 2),
            Picked::BlankWith(k(KeyCode::Char('3')))
        );
        assert_eq!(
            p.input(k(KeyCode::Char('T')), 2),
            Picked::BlankWith(k(KeyCode::Char('T')))
        );
        assert_eq!(p.update(Action::Cancel, 2), Picked::Cancel);
    }
}
