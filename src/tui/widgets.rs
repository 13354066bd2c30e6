//! Small shared widgets: centred popups, a yes/no question, a form of
//! single-line fields, and text sanitising for display.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};
use ratatui_textarea::TextArea;
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;

/// Makes stored text safe to draw: control characters (escape sequences, bells,
/// OSC 52...) become visible `�`-free placeholders, tabs become spaces.
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' => ' ',
            c if c.is_control() && c != '\n' => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// A rectangle of at most `width` x `height`, centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

/// A bordered block with a title, as every popup uses.
pub fn popup_block<'a>(title: impl Into<Line<'a>>, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.accent)
        .title(title)
        .title_style(theme.title)
}

/// Draws a yes/no question in the middle of `area`.
pub fn draw_confirm(frame: &mut Frame, area: Rect, question: &str, theme: &Theme) {
    let width = (question.chars().count() as u16 + 6).clamp(30, 70);
    let rect = centered(area, width, 6);
    frame.render_widget(Clear, rect);
    let body = vec![
        Line::from(question.to_string()),
        Line::from(""),
        Line::from(vec![
            Span::styled("y", theme.key),
            Span::raw(" yes   "),
            Span::styled("n", theme.key),
            Span::raw(" no"),
        ]),
    ];
    frame.render_widget(
        Paragraph::new(body)
            .wrap(Wrap { trim: false })
            .block(popup_block(" Are you sure? ", theme)),
        rect,
    );
}

/// One labelled single-line field of a [`Form`].
pub struct Field {
    pub label: &'static str,
    pub hint: &'static str,
    pub input: TextArea<'static>,
}

/// A single-line input holding `value`, its cursor at the end.
fn field_input(value: &str, hint: &str) -> TextArea<'static> {
    let mut input = TextArea::new(vec![value.to_string()]);
    input.set_cursor_line_style(Style::default());
    input.set_placeholder_text(hint.to_string());
    input.move_cursor(ratatui_textarea::CursorMove::End);
    input
}

/// A form of single-line fields: `Tab`/`Shift-Tab` move between them, other
/// keys type into the focused one.
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
                input: field_input(value, hint),
            })
            .collect();
        let initial = fields.iter().map(|f| f.input.lines().join("")).collect();
        Form {
            title: title.into(),
            fields,
            focus: 0,
            error: None,
            initial,
        }
    }

    /// Replaces the text of field `i` (newlines become spaces), e.g. with
    /// what came back from `$EDITOR`.
    pub fn set_value(&mut self, i: usize, text: &str) {
        if let Some(field) = self.fields.get_mut(i) {
            let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
            field.input = field_input(&one_line, field.hint);
        }
    }

    /// The trimmed text of field `i`.
    pub fn value(&self, i: usize) -> String {
        self.fields[i].input.lines().join(" ").trim().to_string()
    }

    /// Whether any field differs from its initial value.
    pub fn changed(&self) -> bool {
        self.fields
            .iter()
            .zip(&self.initial)
            .any(|(f, init)| f.input.lines().join("") != *init)
    }

    pub fn next(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len();
    }

    pub fn prev(&mut self) {
        self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
    }

    /// Types a key into the focused field; Enter moves to the next field.
    pub fn input(&mut self, key: KeyEvent) {
        use ratatui::crossterm::event::KeyCode;
        match key.code {
            KeyCode::Enter | KeyCode::Down => self.next(),
            KeyCode::Up => self.prev(),
            _ => {
                self.fields[self.focus].input.input(key);
            }
        }
    }

    /// Pastes text into the focused field (newlines become spaces).
    pub fn paste(&mut self, text: &str) {
        let one_line = text.replace(['\r', '\n'], " ");
        self.fields[self.focus].input.insert_str(one_line);
    }

    /// The height the form needs at `width` (borders included): a field a
    /// row, a blank row, and the hints or the error, which may wrap.
    pub fn height(&self, width: u16) -> u16 {
        let foot = self
            .error
            .as_deref()
            .map_or(1, |e| wrapped_lines(e, width.saturating_sub(2)).min(4));
        self.fields.len() as u16 + 3 + foot
    }

    /// Draws the form as a centred popup.
    pub fn draw(&mut self, frame: &mut Frame, area: Rect, theme: &Theme, hints: &str) {
        let label_w = self.fields.iter().map(|f| f.label.len()).max().unwrap_or(0) as u16 + 2;
        let width = area.width.saturating_sub(4).min(76);
        let rect = centered(area, width, self.height(width));
        frame.render_widget(Clear, rect);
        let block = popup_block(format!(" {} ", self.title), theme);
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let mut rows: Vec<Constraint> = vec![Constraint::Length(1); self.fields.len()];
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
            if focused {
                field.input.set_cursor_style(theme.selected);
            } else {
                field.input.set_cursor_style(Style::default());
            }
            frame.render_widget(&field.input, r);
        }
        let foot = match &self.error {
            Some(e) => Line::styled(e.clone(), theme.error),
            None => Line::styled(hints.to_string(), theme.dim),
        };
        frame.render_widget(
            Paragraph::new(foot).wrap(Wrap { trim: true }),
            areas[self.fields.len() + 1],
        );
    }
}

/// How many rows `text` takes when word-wrapped to `width` columns.
fn wrapped_lines(text: &str, width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let mut lines = 1;
    let mut used = 0;
    for word in text.split_whitespace() {
        let w = word.width().max(1);
        let needed = if used == 0 { w } else { used + 1 + w };
        if needed <= width {
            used = needed;
            continue;
        }
        if used > 0 {
            lines += 1;
        }
        // A word longer than a row is broken across rows.
        lines += (w - 1) / width;
        used = (w - 1) % width + 1;
    }
    u16::try_from(lines).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    #[test]
    fn wrapped_lines_counts_word_wrapped_rows() {
        assert_eq!(wrapped_lines("", 10), 1);
        assert_eq!(wrapped_lines("one two", 7), 1);
        assert_eq!(wrapped_lines("one two", 6), 2);
        assert_eq!(wrapped_lines("abcdefghij", 4), 3);
        assert_eq!(wrapped_lines("ab abcdefghij", 4), 4);
    }

    #[test]
    fn clean_neutralises_escape_sequences() {
        let s = clean("a\x1b[2Jb\x07\tc\nd");
        assert!(!s.contains('\x1b'));
        assert!(!s.contains('\x07'));
        assert!(s.contains("\nd"));
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
}
