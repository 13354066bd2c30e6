//! Small shared drawing helpers: centred popups and their blocks, and
//! hanging indents. Text helpers live in [`crate::text`]; questions, forms
//! and lists in [`super::component`].

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders};

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

/// `line` cut to `width` cells; a cut line ends in `…` (styles kept).
pub fn fit_line(line: Line<'static>, width: usize) -> Line<'static> {
    if line.width() <= width {
        return line;
    }
    let mut out: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    let room = width.saturating_sub(1);
    let mut last_style = line.style;
    for span in line.spans {
        let w = span.width();
        last_style = span.style;
        if used + w <= room {
            used += w;
            out.push(span);
            continue;
        }
        let cut = crate::text::fit(&span.content, room - used + 1);
        let cut = cut.trim_end_matches('…').to_string();
        out.push(Span::styled(format!("{cut}…"), span.style));
        return Line::from(out).style(line.style);
    }
    out.push(Span::styled("…", last_style));
    Line::from(out).style(line.style)
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
    fn fit_line_cuts_with_an_ellipsis_and_keeps_styles() {
        let l = Line::from(vec![Span::raw("Mar 15 "), Span::raw("a long first line")]);
        assert_eq!(fit_line(l.clone(), 12).to_string(), "Mar 15 a lo…");
        assert_eq!(fit_line(l.clone(), 12).width(), 12);
        assert_eq!(fit_line(l, 40).to_string(), "Mar 15 a long first line");
    }

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
