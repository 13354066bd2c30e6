//! [`Picker`]: choose one of a closed set in a popup list: a status, a tag.
//!
//! `up`/`down` (and the page keys) move, `open` (Enter) or `confirm`
//! chooses the highlighted item, `deny`
//! or `cancel` closes. Items may carry a letter that chooses at once; a
//! narrowing picker instead takes typing to narrow the list (its text is
//! shown at the top). The foot's keys come from the key map.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Hint, LineInput, ListCursor, hint_line, hints};
use crate::text::{fit, one_line, width};
use crate::tui::keys::{Action, Context, KeyMap};
use crate::tui::pane::Mode;
use crate::tui::theme::Theme;
use crate::tui::widgets::{centered, popup_block};

/// One choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item<T> {
    pub value: T,
    pub label: String,
    /// A short explanation shown dim after the label.
    pub note: String,
    /// A letter that picks this item at once.
    pub letter: Option<char>,
}

impl<T> Item<T> {
    pub fn new(value: T, label: impl Into<String>) -> Item<T> {
        Item {
            value,
            label: label.into(),
            note: String::new(),
            letter: None,
        }
    }

    #[must_use]
    pub fn note(mut self, note: impl Into<String>) -> Item<T> {
        self.note = note.into();
        self
    }

    #[must_use]
    pub fn letter(mut self, letter: char) -> Item<T> {
        self.letter = Some(letter);
        self
    }
}

/// What a key did to the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick<T> {
    Stay,
    Chosen(T),
    Closed,
}

/// A popup list to choose from.
#[derive(Debug, Clone)]
pub struct Picker<T> {
    pub title: String,
    items: Vec<Item<T>>,
    cursor: ListCursor,
    /// Typing that narrows the list (a narrowing picker only).
    narrow: Option<LineInput>,
    /// What to say when nothing matches or there is nothing to choose.
    empty: String,
}

impl<T: Clone> Picker<T> {
    pub fn new(title: impl Into<String>, items: Vec<Item<T>>) -> Picker<T> {
        Picker {
            title: title.into(),
            items,
            cursor: ListCursor::default(),
            narrow: None,
            empty: "Nothing to choose.".into(),
        }
    }

    /// Typing narrows the list to the items whose label holds the text.
    #[must_use]
    pub fn narrowing(mut self) -> Picker<T> {
        self.narrow = Some(LineInput::default().max_len(100));
        self
    }

    /// Starts on item `i`.
    #[must_use]
    pub fn at(mut self, i: usize) -> Picker<T> {
        self.cursor.select(i, self.items.len());
        self
    }

    /// What the picker says when it has nothing to show.
    #[must_use]
    pub fn when_empty(mut self, text: impl Into<String>) -> Picker<T> {
        self.empty = text.into();
        self
    }

    /// The items shown now (narrowed by the typing).
    fn shown(&self) -> Vec<&Item<T>> {
        let needle = self
            .narrow
            .as_ref()
            .map(|n| n.value().to_lowercase())
            .unwrap_or_default();
        self.items
            .iter()
            .filter(|i| needle.is_empty() || i.label.to_lowercase().contains(&needle))
            .collect()
    }

    /// The highlighted item.
    pub fn highlighted(&self) -> Option<&T> {
        self.shown().get(self.cursor.selected()).map(|i| &i.value)
    }

    /// Applies a popup-context action.
    pub fn update(&mut self, action: Action) -> Pick<T> {
        let len = self.shown().len();
        match action {
            Action::Open | Action::Confirm | Action::Save => match self.highlighted() {
                Some(v) => Pick::Chosen(v.clone()),
                None => Pick::Stay,
            },
            Action::Deny | Action::Cancel | Action::Back => Pick::Closed,
            action => {
                self.cursor.apply(action, len);
                Pick::Stay
            }
        }
    }

    /// How keys reach it: a narrowing picker takes typing (the editor
    /// context, so every letter is text), the others are popups.
    pub fn mode(&self) -> Mode {
        if self.narrow.is_some() {
            Mode::Text
        } else {
            Mode::Popup
        }
    }

    /// A key no binding claimed: a letter that picks, or narrowing text
    /// (where ↑/↓ move and Enter chooses, as in any text box).
    pub fn input(&mut self, key: KeyEvent) -> Pick<T> {
        if self.narrow.is_some() {
            let len = self.shown().len();
            match key.code {
                KeyCode::Up => self.cursor.apply(Action::Up, len),
                KeyCode::Down => self.cursor.apply(Action::Down, len),
                KeyCode::Enter => return self.update(Action::Open),
                _ => {
                    if let Some(narrow) = self.narrow.as_mut() {
                        narrow.input(key);
                    }
                    let len = self.shown().len();
                    self.cursor.select(0, len);
                    super::Handled::Yes
                }
            };
            return Pick::Stay;
        }
        if let KeyCode::Char(c) = key.code
            && !key.modifiers.contains(KeyModifiers::CONTROL)
            && let Some(item) = self
                .items
                .iter()
                .find(|i| i.letter.is_some_and(|l| l.eq_ignore_ascii_case(&c)))
        {
            return Pick::Chosen(item.value.clone());
        }
        Pick::Stay
    }

    /// Pasted text narrows a narrowing picker.
    pub fn paste(&mut self, text: &str) {
        if let Some(narrow) = self.narrow.as_mut() {
            narrow.paste(text);
            self.cursor.select(0, self.shown().len());
        }
    }

    /// The keys that work here.
    pub fn hints(&self, keys: &KeyMap) -> Vec<Hint> {
        if self.narrow.is_some() {
            return hints(
                keys,
                &[
                    (Context::Editor, Action::Save, "choose"),
                    (Context::Editor, Action::Cancel, "close"),
                ],
            );
        }
        hints(
            keys,
            &[
                (Context::Popup, Action::Down, "down"),
                (Context::Popup, Action::Up, "up"),
                (Context::Popup, Action::Open, "choose"),
                (Context::Popup, Action::Deny, "close"),
            ],
        )
    }

    /// Draws the list centred in `area`.
    pub fn draw(&mut self, frame: &mut Frame, area: Rect, theme: &Theme, keys: &KeyMap) {
        let popup_w = area.width.saturating_sub(2).min(72);
        let items = self.items.len().max(1) as u16;
        let search = u16::from(self.narrow.is_some());
        let height = (items + search + 4).min(area.height);
        let rect = centered(area, popup_w, height);
        frame.render_widget(Clear, rect);
        let block = popup_block(format!(" {} ", one_line(&self.title)), theme);
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let [search_area, list_area, _, foot_area] = Layout::vertical([
            Constraint::Length(search),
            Constraint::Min(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        let room = usize::from(inner.width);
        if let Some(narrow) = &self.narrow {
            let mut spans = vec![Span::styled("Narrow: ", theme.dim)];
            spans.extend(narrow.spans(room.saturating_sub(8), Style::default(), theme.selected));
            frame.render_widget(Paragraph::new(Line::from(spans)), search_area);
        }
        let shown_len = self.shown().len();
        let offset = self.cursor.place(list_area.y, list_area.height, shown_len);
        let selected = self.cursor.selected();
        let label_w = self
            .items
            .iter()
            .map(|i| width(&i.label))
            .max()
            .unwrap_or(0)
            .min(room / 2);
        let shown = self.shown();
        let mut lines: Vec<Line> = Vec::new();
        if shown.is_empty() {
            lines.push(Line::styled(fit(&self.empty, room), theme.dim));
        }
        for (i, item) in shown
            .iter()
            .enumerate()
            .skip(offset)
            .take(usize::from(list_area.height))
        {
            let chosen = i == selected;
            let mark = if chosen { "›" } else { " " };
            let letter = item.letter.map(|l| format!("{l} ")).unwrap_or_default();
            let label = crate::text::pad(&one_line(&item.label), label_w);
            let used = 1 + width(&letter) + label_w;
            let note = if item.note.is_empty() {
                String::new()
            } else {
                fit(
                    &format!(" {}", one_line(&item.note)),
                    room.saturating_sub(used),
                )
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{mark}{letter}"), theme.key),
                Span::styled(
                    label,
                    if chosen {
                        theme.selected
                    } else {
                        Style::default()
                    },
                ),
                Span::styled(note, theme.dim),
            ]));
        }
        frame.render_widget(Paragraph::new(lines), list_area);
        let mut foot = hint_line(&self.hints(keys));
        if self.narrow.is_some() {
            foot.push_str(" · ↑/↓ Enter · type to narrow");
        } else if self.items.iter().any(|i| i.letter.is_some()) {
            foot.push_str(" · or a letter");
        }
        frame.render_widget(
            Paragraph::new(Line::styled(fit(&foot, room), theme.dim)),
            foot_area,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    fn statuses() -> Picker<u8> {
        Picker::new(
            "Status",
            vec![
                Item::new(1, "listed").letter('l'),
                Item::new(2, "willing").letter('w'),
                Item::new(3, "made").letter('m'),
            ],
        )
    }

    #[test]
    fn moves_chooses_with_enter_or_a_letter_and_closes() {
        let mut p = statuses().at(1);
        assert_eq!(p.highlighted(), Some(&2));
        p.update(Action::Down);
        assert_eq!(p.update(Action::Open), Pick::Chosen(3));
        assert_eq!(p.input(k('w')), Pick::Chosen(2));
        assert_eq!(p.input(k('z')), Pick::Stay);
        assert_eq!(p.update(Action::Deny), Pick::Closed);
        assert_eq!(
            p.update(Action::Confirm),
            Pick::Chosen(3),
            "y takes the highlighted"
        );
    }

    #[test]
    fn a_narrowing_picker_filters_by_typing() {
        let mut p = Picker::new(
            "Tags",
            vec![
                Item::new("work", "work").note("12"),
                Item::new("family", "family").note("3"),
                Item::new("meeting", "meeting").note("5"),
            ],
        )
        .narrowing();
        assert_eq!(p.mode(), Mode::Text, "every letter is text, even y and n");
        p.input(k('m'));
        assert_eq!(p.shown().len(), 2, "family and meeting hold an m");
        p.input(k('e'));
        assert_eq!(p.highlighted(), Some(&"meeting"));
        assert_eq!(p.update(Action::Save), Pick::Chosen("meeting"));
        let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(p.input(enter), Pick::Chosen("meeting"));
        p.input(k('x'));
        assert_eq!(p.update(Action::Open), Pick::Stay, "nothing matches");
    }
}
