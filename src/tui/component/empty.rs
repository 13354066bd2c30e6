//! [`empty_state`]: the frame a pane shows when it has nothing yet, with a
//! kind word and the key that starts (read from the key map by the caller).
//! Text that does not fit the frame is cut at the last row with `…`.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::tui::theme::Theme;
use crate::tui::widgets::{centered, wrap_words};

/// The rows `lines` take, centred and word-wrapped to `width` columns, at
/// most `height` of them; a cut ends its last row with `…`.
pub fn fit_rows(lines: &[Line<'static>], width: u16, height: u16) -> Vec<Line<'static>> {
    let width = usize::from(width.max(1));
    let mut rows: Vec<Line<'static>> = Vec::new();
    for line in lines {
        let text = line.to_string();
        if text.chars().count() <= width
            && unicode_width::UnicodeWidthStr::width(text.as_str()) <= width
        {
            rows.push(line.clone());
            continue;
        }
        let style = line.spans.first().map(|s| s.style).unwrap_or_default();
        for row in wrap_words(&text, width) {
            rows.push(Line::from(Span::styled(row, style)));
        }
    }
    let height = usize::from(height);
    if rows.len() > height && height > 0 {
        rows.truncate(height);
        let last = rows.pop().expect("height > 0");
        let style = last.spans.first().map(|s| s.style).unwrap_or_default();
        let mut text = last.to_string();
        while unicode_width::UnicodeWidthStr::width(text.as_str()) + 1 > width {
            text.pop();
        }
        rows.push(Line::from(Span::styled(
            format!("{}…", text.trim_end()),
            style,
        )));
    }
    rows
}

/// A frame titled `title` saying "nothing here yet", kindly, in `area`.
pub fn empty_state(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    lines: Vec<Line<'static>>,
    theme: &Theme,
) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim)
        .title(Span::styled(format!(" {title} "), theme.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width.saturating_sub(4);
    let rows = fit_rows(&lines, width, inner.height);
    let rect = centered(inner, width, rows.len() as u16);
    frame.render_widget(Paragraph::new(rows).alignment(Alignment::Center), rect);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(rows: &[Line]) -> Vec<String> {
        rows.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn wraps_and_cuts_with_an_ellipsis() {
        let lines = vec![
            Line::from("No entries yet."),
            Line::from(""),
            Line::from("Press n to write the first one, about anything at all."),
        ];
        let rows = fit_rows(&lines, 20, 10);
        assert_eq!(
            text(&rows),
            [
                "No entries yet.",
                "",
                "Press n to write the",
                "first one, about",
                "anything at all."
            ]
        );
        let rows = fit_rows(&lines, 20, 4);
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[3].to_string(), "first one, about…");
        let rows = fit_rows(&[Line::from("abcdefghijklmnopqrstuvwxyz")], 10, 1);
        assert_eq!(rows[0].to_string(), "abcdefghi…");
    }
}
