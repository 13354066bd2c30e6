//! Small shared widgets: centred popups, a yes/no question, a form of
//! single-line fields, and text sanitising for display.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};

pub use super::component::form::{Field, Form};
use super::theme::Theme;

pub use crate::text::{clean, fit, one_line, pad, wrap_words};

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

/// `label` then `text`, wrapped to `width` columns with the rows after the
/// first indented under the text; each line of `text` starts a new row.
pub fn hanging<'a>(label: Span<'a>, text: &str, width: usize) -> Vec<Line<'a>> {
    let indent = label.width();
    let room = width.saturating_sub(indent).max(1);
    let mut out = Vec::new();
    let mut label = Some(label);
    for paragraph in text.lines() {
        for row in wrap_words(&clean(paragraph), room) {
            let first = label
                .take()
                .unwrap_or_else(|| Span::raw(" ".repeat(indent)));
            out.push(Line::from(vec![first, Span::raw(row)]));
        }
    }
    if let Some(label) = label {
        out.push(Line::from(label));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hanging_indents_wrapped_rows_and_keeps_lines() {
        let lines = hanging(Span::raw("Plan  "), "pay it back\ntell her the truth", 17);
        let rows: Vec<String> = lines.iter().map(ToString::to_string).collect();
        assert_eq!(
            rows,
            ["Plan  pay it back", "      tell her", "      the truth"]
        );
    }
}
