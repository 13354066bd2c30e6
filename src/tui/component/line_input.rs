//! [`LineInput`]: one line of text with a cursor, for search boxes, short
//! notes and the passphrase.
//!
//! Feed it the keys no binding claimed ([`LineInput::input`]) and pasted
//! text ([`LineInput::paste`], newlines become spaces). It edits with the
//! usual text keys (characters, Backspace, Delete, ←/→, Home/End); draw it
//! with [`LineInput::spans`], which scrolls to keep the cursor in view and
//! marks cut-off text with `…`. A masked input shows only dots.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Style;
use ratatui::text::Span;
use unicode_width::UnicodeWidthChar;

use super::Handled;

/// A single line of text being typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    chars: Vec<char>,
    cursor: usize,
    max: Option<usize>,
    masked: bool,
}

impl LineInput {
    /// An input holding `text`, its cursor at the end.
    pub fn new(text: &str) -> LineInput {
        let mut input = LineInput::default();
        input.set(text);
        input
    }

    /// An input that shows dots, never the text.
    pub fn masked() -> LineInput {
        LineInput {
            masked: true,
            ..LineInput::default()
        }
    }

    /// Accepts at most `max` characters.
    #[must_use]
    pub fn max_len(mut self, max: usize) -> LineInput {
        self.max = Some(max);
        self
    }

    /// The text typed.
    pub fn value(&self) -> String {
        self.chars.iter().collect()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// Replaces the text (on one line); the cursor goes to the end.
    pub fn set(&mut self, text: &str) {
        self.chars.clear();
        self.cursor = 0;
        self.insert(text);
    }

    pub fn clear(&mut self) {
        self.set("");
    }

    /// Takes the text out, leaving the input empty.
    pub fn take(&mut self) -> String {
        let v = self.value();
        self.clear();
        v
    }

    fn insert(&mut self, text: &str) {
        for c in text.chars() {
            let c = match c {
                '\r' | '\n' | '\t' => ' ',
                c if c.is_control() => continue,
                c => c,
            };
            if self.max.is_some_and(|m| self.chars.len() >= m) {
                break;
            }
            self.chars.insert(self.cursor, c);
            self.cursor += 1;
        }
    }

    /// Pastes `text` at the cursor, its line breaks as spaces.
    pub fn paste(&mut self, text: &str) {
        let text = text.trim_end_matches(['\r', '\n']);
        self.insert(text);
    }

    /// Edits with a key; `No` for keys that are not text editing (Enter,
    /// Esc, Ctrl- and Alt- keys), which the caller routes on.
    pub fn input(&mut self, key: KeyEvent) -> Handled {
        if key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return Handled::No;
        }
        match key.code {
            KeyCode::Char(c) => self.insert(c.encode_utf8(&mut [0; 4])),
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                self.chars.remove(self.cursor);
            }
            KeyCode::Delete if self.cursor < self.chars.len() => {
                self.chars.remove(self.cursor);
            }
            KeyCode::Backspace | KeyCode::Delete => {}
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(self.chars.len()),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.chars.len(),
            _ => return Handled::No,
        }
        Handled::Yes
    }

    /// The text as spans `width` columns wide at most, scrolled so the
    /// cursor (a reversed cell) shows; cut-off ends show `…`.
    pub fn spans(&self, width: usize, style: Style, cursor: Style) -> Vec<Span<'static>> {
        let shown: Vec<char> = if self.masked {
            vec!['•'; self.chars.len()]
        } else {
            self.chars
                .iter()
                .map(|c| if c.is_control() { '\u{fffd}' } else { *c })
                .collect()
        };
        let w = |c: &char| c.width().unwrap_or(0);
        let width = width.max(2);
        // Start far enough right that the cursor cell fits.
        let mut start = 0;
        let cols = |from: usize, to: usize| shown[from..to].iter().map(w).sum::<usize>();
        while start < self.cursor && cols(start, self.cursor) + 1 + usize::from(start > 0) > width {
            start += 1;
        }
        let mut before = String::new();
        if start > 0 {
            before.push('…');
        }
        before.extend(&shown[start..self.cursor]);
        let mut used = cols(start, self.cursor) + usize::from(start > 0);
        let under = shown.get(self.cursor).copied().unwrap_or(' ');
        used += w(&under).max(1);
        let mut after = String::new();
        let mut i = self.cursor + 1;
        while i < shown.len() {
            let cw = w(&shown[i]);
            let last = i + 1 == shown.len();
            if used + cw + usize::from(!last) > width {
                after.push('…');
                break;
            }
            after.push(shown[i]);
            used += cw;
            i += 1;
        }
        vec![
            Span::styled(before, style),
            Span::styled(under.to_string(), cursor),
            Span::styled(after, style),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn typed(s: &str) -> LineInput {
        let mut i = LineInput::default();
        for c in s.chars() {
            i.input(k(KeyCode::Char(c)));
        }
        i
    }

    fn text(spans: &[Span]) -> String {
        spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn edits_at_the_cursor() {
        let mut i = typed("helo");
        i.input(k(KeyCode::Left));
        i.input(k(KeyCode::Char('l')));
        assert_eq!(i.value(), "hello");
        i.input(k(KeyCode::Home));
        i.input(k(KeyCode::Delete));
        i.input(k(KeyCode::End));
        i.input(k(KeyCode::Backspace));
        assert_eq!(i.value(), "ell");
        assert_eq!(i.input(k(KeyCode::Enter)), Handled::No);
        let ctrl = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(i.input(ctrl), Handled::No);
        assert_eq!(i.value(), "ell");
    }

    #[test]
    fn paste_keeps_one_line_and_the_limit() {
        let mut i = LineInput::default().max_len(8);
        i.paste("one\ntwo\r\nthree\n");
        assert_eq!(i.value(), "one two ");
        assert_eq!(i.take(), "one two ");
        assert!(i.is_empty());
    }

    #[test]
    fn long_text_scrolls_to_the_cursor_with_an_ellipsis() {
        let i = typed("abcdefghijklmnop");
        let s = text(&i.spans(8, Style::default(), Style::default()));
        assert_eq!(s, "…klmnop ");
        let mut i = i;
        i.input(k(KeyCode::Home));
        let s = text(&i.spans(8, Style::default(), Style::default()));
        assert_eq!(s, "abcdefg…");
        let mut m = LineInput::masked();
        m.paste("secret");
        let s = text(&m.spans(20, Style::default(), Style::default()));
        assert!(!s.contains("secret"));
        assert_eq!(s.trim_end(), "••••••");
    }
}
