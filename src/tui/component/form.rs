//! [`Form`]: labelled fields in a centred popup. A field is a single line,
//! a tall one that wraps its text and keeps its paragraphs, or a picker for
//! a closed set (kind, status, role, yes/no, a 1-5 scale), which is chosen,
//! never typed.
//!
//! Build with [`Form::new`], then [`Form::tall`] and [`Form::choice`];
//! read with [`Form::value`]. Most panes use it through
//! [`super::FormPopup`], which adds the save/cancel keys and the discard
//! rule. Inside a field the usual text keys edit; Enter and ↑/↓ move between
//! fields; on a picker ←/→ or Space change the choice and a letter jumps to
//! the choice starting with it.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui_textarea::TextArea;

use crate::tui::theme::Theme;
pub use crate::tui::widgets::wrap_words;
use crate::tui::widgets::{centered, clean, popup_block};

/// One labelled field of a [`Form`]: a single line, or a taller field that
/// wraps its text and keeps its paragraphs.
pub struct Field {
    pub label: &'static str,
    pub hint: &'static str,
    pub input: TextArea<'static>,
    /// Rows it takes on screen (1 = a single-line field).
    pub rows: u16,
    /// The closed set a picker chooses from (empty: a text field).
    pub choices: Vec<String>,
    /// The chosen index in `choices`.
    pub choice: usize,
    /// Letters typed on a picker, for type-ahead.
    typed: String,
}

impl Field {
    fn tall(&self) -> bool {
        self.rows > 1 && !self.picker()
    }

    /// Whether this field picks from a closed set.
    pub fn picker(&self) -> bool {
        !self.choices.is_empty()
    }

    /// Its text: lines joined with newlines in a tall field, spaces in a
    /// single-line one.
    fn text(&self) -> String {
        if self.picker() {
            return self.choices[self.choice].clone();
        }
        self.input
            .lines()
            .join(if self.tall() { "\n" } else { " " })
    }
}

/// An input holding `value`, its cursor at the end. A tall input keeps the
/// value's lines and soft-wraps them; a single-line one joins them.
fn field_input(value: &str, hint: &str, tall: bool) -> TextArea<'static> {
    let lines: Vec<String> = if tall {
        value.lines().map(str::to_string).collect()
    } else {
        vec![value.lines().collect::<Vec<_>>().join(" ")]
    };
    let mut input = TextArea::new(if lines.is_empty() {
        vec![String::new()]
    } else {
        lines
    });
    input.set_cursor_line_style(Style::default());
    input.set_placeholder_text(hint.to_string());
    if tall {
        input.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
        input.move_cursor(ratatui_textarea::CursorMove::Bottom);
    }
    input.move_cursor(ratatui_textarea::CursorMove::End);
    input
}

/// A form of labelled fields: `Tab`/`Shift-Tab`, `Enter` and the arrows move
/// between them, other keys type into the focused one. Tall fields wrap and
/// take `Alt-Enter` (or `Ctrl-J`) for a new line.
pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub error: Option<String>,
    initial: Vec<String>,
}

impl Form {
    /// A form whose fields are `(label, hint, initial value)`.
    pub fn new(title: impl Into<String>, fields: &[(&'static str, &'static str, &str)]) -> Form {
        let fields: Vec<Field> = fields
            .iter()
            .map(|(label, hint, value)| Field {
                label,
                hint,
                input: field_input(value, hint, false),
                rows: 1,
                choices: Vec::new(),
                choice: 0,
                typed: String::new(),
            })
            .collect();
        let initial = fields.iter().map(Field::text).collect();
        Form {
            title: title.into(),
            fields,
            focus: 0,
            error: None,
            initial,
        }
    }

    /// Makes field `i` a tall one of `rows` rows, for longer text.
    #[must_use]
    pub fn tall(mut self, i: usize, rows: u16, value: &str) -> Form {
        if let Some(field) = self.fields.get_mut(i) {
            field.rows = rows.max(2);
            field.input = field_input(value, field.hint, true);
            self.initial[i] = field.text();
        }
        self
    }

    /// Makes field `i` a picker over `choices`, starting at the one equal
    /// (ignoring case) to `current`, else the first. An optional value
    /// lists `""` among its choices (shown as the field's hint).
    #[must_use]
    pub fn choice(mut self, i: usize, choices: &[&str], current: &str) -> Form {
        if let Some(field) = self.fields.get_mut(i)
            && !choices.is_empty()
        {
            field.choices = choices.iter().map(|s| s.to_string()).collect();
            field.choice = choices
                .iter()
                .position(|c| c.eq_ignore_ascii_case(current.trim()))
                .unwrap_or(0);
            field.rows = 1;
            self.initial[i] = field.text();
        }
        self
    }

    /// Replaces the text of field `i`, e.g. with what came back from
    /// `$EDITOR` (a single-line field joins its lines).
    pub fn set_value(&mut self, i: usize, text: &str) {
        if let Some(field) = self.fields.get_mut(i) {
            let text = text.trim_end();
            if field.picker() {
                if let Some(n) = field
                    .choices
                    .iter()
                    .position(|c| c.eq_ignore_ascii_case(text.trim()))
                {
                    field.choice = n;
                }
                return;
            }
            field.input = field_input(text, field.hint, field.tall());
        }
    }

    /// The trimmed text of field `i`.
    pub fn value(&self, i: usize) -> String {
        self.fields[i].text().trim().to_string()
    }

    /// Whether any field differs from its initial value.
    pub fn changed(&self) -> bool {
        self.fields
            .iter()
            .zip(&self.initial)
            .any(|(f, init)| f.text() != *init)
    }

    pub fn next(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len();
    }

    pub fn prev(&mut self) {
        self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
    }

    /// Types a key into the focused field; Enter moves to the next field.
    /// In a tall field, Up and Down move between its rows first, and
    /// Alt-Enter or Ctrl-J starts a new line.
    pub fn input(&mut self, key: KeyEvent) {
        use ratatui::crossterm::event::{KeyCode, KeyModifiers};
        let field = &mut self.fields[self.focus];
        if field.picker() {
            let n = field.choices.len();
            let typed = std::mem::take(&mut field.typed);
            match key.code {
                KeyCode::Enter | KeyCode::Down => self.next(),
                KeyCode::Up => self.prev(),
                KeyCode::Left => field.choice = (field.choice + n - 1) % n,
                KeyCode::Right | KeyCode::Char(' ') => field.choice = (field.choice + 1) % n,
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    field.typed = typed;
                    // Type-ahead: the typed letters pick the first choice
                    // they begin; a letter that fits none starts afresh from
                    // the next choice after the current one.
                    field.typed.extend(c.to_lowercase());
                    let begins =
                        |k: &usize, p: &str| field.choices[*k].to_lowercase().starts_with(p);
                    if let Some(k) = (0..n).find(|k| begins(k, &field.typed)) {
                        field.choice = k;
                    } else {
                        field.typed = c.to_lowercase().collect();
                        match (1..=n)
                            .map(|k| (field.choice + k) % n)
                            .find(|k| begins(k, &field.typed))
                        {
                            Some(k) => field.choice = k,
                            None => field.typed.clear(),
                        }
                    }
                    return;
                }
                _ => {}
            }
            return;
        }
        let tall = field.tall();
        let newline = (key.code == KeyCode::Enter && key.modifiers.contains(KeyModifiers::ALT))
            || (key.code == KeyCode::Char('j') && key.modifiers.contains(KeyModifiers::CONTROL));
        // Up and Down move by screen rows inside a tall field, and leave it
        // at its first or last row.
        let moved = |field: &mut Field, m: ratatui_textarea::CursorMove| {
            let before = field.input.cursor();
            field.input.move_cursor(m);
            field.input.cursor() != before
        };
        match key.code {
            _ if tall && newline => field.input.insert_newline(),
            _ if newline => {}
            KeyCode::Up if tall && moved(field, ratatui_textarea::CursorMove::Up) => {}
            KeyCode::Down if tall && moved(field, ratatui_textarea::CursorMove::Down) => {}
            KeyCode::Enter | KeyCode::Down => self.next(),
            KeyCode::Up => self.prev(),
            _ => {
                field.input.input(key);
            }
        }
    }

    /// Pastes text into the focused field (newlines become spaces in a
    /// single-line field).
    pub fn paste(&mut self, text: &str) {
        let field = &mut self.fields[self.focus];
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        if field.picker() {
            let first = text.trim().to_string();
            self.set_value(self.focus, &first);
        } else if field.tall() {
            field.input.insert_str(text);
        } else {
            field.input.insert_str(text.replace('\n', " "));
        }
    }

    /// Draws the form as a centred popup. When the area is too short for
    /// the tall fields, every field gets one row.
    pub fn draw(&mut self, frame: &mut Frame, area: Rect, theme: &Theme, hints: &str) {
        let label_w = self.fields.iter().map(|f| f.label.len()).max().unwrap_or(0) as u16 + 2;
        let width = area.width.saturating_sub(4).min(76);
        let foot = match &self.error {
            Some(e) => e.clone(),
            None if self.fields[self.focus].tall() => format!("{hints} · Alt-Enter new line"),
            None if self.fields[self.focus].picker() => format!("{hints} · ←/→ choose"),
            None => hints.to_string(),
        };
        // Borders, a blank row, and the foot, which may wrap; then the
        // fields' rows, or one row each when that does not fit.
        let chrome = 3 + wrapped_lines(&foot, width.saturating_sub(2)).min(4);
        let full = chrome + self.fields.iter().map(|f| f.rows).sum::<u16>();
        let squeeze = full > area.height;
        let height = if squeeze {
            chrome + self.fields.len() as u16
        } else {
            full
        };
        let rect = centered(area, width, height);
        frame.render_widget(Clear, rect);
        let block = popup_block(format!(" {} ", self.title), theme);
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let mut rows: Vec<Constraint> = self
            .fields
            .iter()
            .map(|f| Constraint::Length(if squeeze { 1 } else { f.rows }))
            .collect();
        rows.push(Constraint::Length(1));
        rows.push(Constraint::Min(1));
        let areas = Layout::vertical(rows).split(inner);
        for (i, field) in self.fields.iter_mut().enumerate() {
            let [l, r] = Layout::horizontal([Constraint::Length(label_w), Constraint::Min(1)])
                .areas(areas[i]);
            let focused = i == self.focus;
            let label_style = if focused { theme.title } else { theme.dim };
            let marker = if focused { "›" } else { " " };
            frame.render_widget(
                Paragraph::new(format!("{marker}{}", field.label)).style(label_style),
                l,
            );
            if field.picker() {
                let value = &field.choices[field.choice];
                let shown = if value.is_empty() {
                    Span::styled(field.hint, theme.dim)
                } else {
                    Span::raw(clean(value))
                };
                let line = if focused {
                    Line::from(vec![
                        Span::styled("‹ ", theme.accent),
                        shown.patch_style(theme.selected),
                        Span::styled(" ›", theme.accent),
                        Span::styled(
                            format!("  {} of {}", field.choice + 1, field.choices.len()),
                            theme.dim,
                        ),
                    ])
                } else {
                    Line::from(shown)
                };
                frame.render_widget(Paragraph::new(line), r);
            } else if focused {
                field.input.set_cursor_style(theme.selected);
                field.input.set_placeholder_style(theme.dim);
                frame.render_widget(&field.input, r);
            } else {
                // Unfocused, a field shows its text from the start (or its
                // hint), not wherever its cursor last scrolled to.
                let text = field.text();
                let shown = if text.is_empty() {
                    Paragraph::new(Line::styled(field.hint, theme.dim))
                } else {
                    Paragraph::new(clean(&text))
                };
                let shown = if field.tall() && !squeeze {
                    shown.wrap(Wrap { trim: false })
                } else {
                    shown
                };
                frame.render_widget(shown, r);
            }
        }
        let foot = Line::styled(
            foot,
            if self.error.is_some() {
                theme.error
            } else {
                theme.dim
            },
        );
        frame.render_widget(
            Paragraph::new(foot).wrap(Wrap { trim: true }),
            areas[self.fields.len() + 1],
        );
    }
}

/// How many rows `text` takes when word-wrapped to `width` columns.
fn wrapped_lines(text: &str, width: u16) -> u16 {
    u16::try_from(wrap_words(text, usize::from(width)).len()).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    fn k(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn single_line_values_keep_their_spaces_and_tall_ones_their_lines() {
        let f = Form::new("t", &[("Path", "", "/tmp/my  folder/x.json")]).tall(0, 2, "one\r\ntwo");
        assert_eq!(f.value(0), "one\ntwo");
        let f = Form::new("t", &[("Path", "", "/tmp/my  folder/x.json")]);
        assert_eq!(f.value(0), "/tmp/my  folder/x.json");
        assert!(!f.changed());
    }

    #[test]
    fn form_types_into_the_focused_field_and_tracks_changes() {
        let mut f = Form::new("t", &[("Name", "", ""), ("Phone", "", "1")]);
        assert!(!f.changed());
        f.input(KeyEvent::new(KeyCode::Char('A'), KeyModifiers::SHIFT));
        f.next();
        f.input(KeyEvent::new(KeyCode::Char('2'), KeyModifiers::NONE));
        assert_eq!(f.value(0), "A");
        assert_eq!(f.value(1), "12");
        assert!(f.changed());
    }

    #[test]
    fn wrapped_lines_counts_word_wrapped_rows() {
        assert_eq!(wrapped_lines("", 10), 1);
        assert_eq!(wrapped_lines("one two", 7), 1);
        assert_eq!(wrapped_lines("one two", 6), 2);
        assert_eq!(wrapped_lines("abcdefghij", 4), 3);
        assert_eq!(wrapped_lines("ab abcdefghij", 4), 4);
    }

    #[test]
    fn a_picker_is_chosen_not_typed() {
        let roles = ["sponsor", "mentor", "family", "friend"];
        let mut f =
            Form::new("t", &[("Role", "", ""), ("Note", "", "")]).choice(0, &roles, "Family");
        assert_eq!(f.value(0), "family");
        assert!(!f.changed());
        f.input(k(KeyCode::Right));
        assert_eq!(f.value(0), "friend");
        f.input(k(KeyCode::Right));
        assert_eq!(f.value(0), "sponsor", "wraps round");
        f.input(k(KeyCode::Left));
        assert_eq!(f.value(0), "friend");
        f.input(k(KeyCode::Char('m')));
        assert_eq!(f.value(0), "mentor", "a letter jumps to its choice");
        f.input(k(KeyCode::Char('z')));
        assert_eq!(f.value(0), "mentor", "no such choice: unchanged");
        for c in "fam".chars() {
            f.input(k(KeyCode::Char(c)));
        }
        assert_eq!(f.value(0), "family", "letters typed together pick");
        for c in "fr".chars() {
            f.input(k(KeyCode::Char(c)));
        }
        assert_eq!(f.value(0), "friend");
        assert!(f.changed());
        f.paste("sponsor");
        assert_eq!(f.value(0), "sponsor");
        f.set_value(0, "nonsense");
        assert_eq!(f.value(0), "sponsor");
        f.input(k(KeyCode::Enter));
        assert_eq!(f.focus, 1);
    }

    #[test]
    fn an_optional_picker_lists_an_empty_choice() {
        let f = Form::new("t", &[("Mood", "not set", "")]).choice(0, &["", "1", "2"], "");
        assert_eq!(f.value(0), "");
        let f = Form::new("t", &[("Mood", "not set", "")]).choice(0, &["", "1", "2"], "2");
        assert_eq!(f.value(0), "2");
    }
}
