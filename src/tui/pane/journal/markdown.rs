//! A small, line-based Markdown renderer for the preview: `#` headings,
//! `- ` / `* ` lists, `> ` quotes, `**bold**` and `*italic*`, plus search
//! matches marked with `HL_START` / `HL_END`. Everything else is plain text.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::domain::journal::{HL_END, HL_START};
use crate::tui::theme::Theme;
use crate::tui::widgets::clean;

/// Renders `text` (already highlighted or not) as styled lines.
pub fn render(text: &str, theme: &Theme) -> Vec<Line<'static>> {
    let text = clean(text);
    let mut out = Vec::new();
    let mut hl = false;
    for raw in text.split('\n') {
        let trimmed = raw.trim_start();
        let indent = &raw[..raw.len() - trimmed.len()];
        let hashes = trimmed.chars().take_while(|c| *c == '#').count();
        if (1..=6).contains(&hashes) && trimmed[hashes..].starts_with(' ') {
            let style = theme.title.add_modifier(Modifier::BOLD);
            let mut spans = inline(trimmed[hashes..].trim_start(), style, theme, &mut hl);
            if hashes == 1 {
                for s in &mut spans {
                    s.style = s.style.add_modifier(Modifier::UNDERLINED);
                }
            }
            out.push(Line::from(spans));
        } else if let Some(rest) = ["- ", "* ", "+ "]
            .iter()
            .find_map(|m| trimmed.strip_prefix(m))
        {
            let mut spans = vec![Span::raw(format!("{indent}• "))];
            spans.extend(inline(rest, Style::default(), theme, &mut hl));
            out.push(Line::from(spans));
        } else if let Some(rest) = trimmed.strip_prefix('>') {
            let mut spans = vec![Span::styled(format!("{indent}│ "), theme.dim)];
            spans.extend(inline(
                rest.trim_start(),
                Style::default().add_modifier(Modifier::ITALIC),
                theme,
                &mut hl,
            ));
            out.push(Line::from(spans));
        } else {
            out.push(Line::from(inline(raw, Style::default(), theme, &mut hl)));
        }
    }
    out
}

/// Inline emphasis and search marks within one line.
pub fn inline(s: &str, base: Style, theme: &Theme, hl: &mut bool) -> Vec<Span<'static>> {
    let chars: Vec<char> = s.chars().collect();
    let mut spans = Vec::new();
    let mut buf = String::new();
    let (mut bold, mut italic) = (false, false);
    let style = |bold: bool, italic: bool, hl: bool| {
        let mut st = base;
        if bold {
            st = st.add_modifier(Modifier::BOLD);
        }
        if italic {
            st = st.add_modifier(Modifier::ITALIC);
        }
        if hl {
            st = st.patch(theme.highlight);
        }
        st
    };
    let rest_has = |from: usize, pat: &[char]| {
        chars[from.min(chars.len())..]
            .windows(pat.len())
            .any(|w| w == pat)
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let flush = |buf: &mut String, spans: &mut Vec<Span<'static>>, st: Style| {
            if !buf.is_empty() {
                spans.push(Span::styled(std::mem::take(buf), st));
            }
        };
        if c == HL_START || c == HL_END {
            flush(&mut buf, &mut spans, style(bold, italic, *hl));
            *hl = c == HL_START;
            i += 1;
            continue;
        }
        if c == '*' && chars.get(i + 1) == Some(&'*') {
            if bold || rest_has(i + 2, &['*', '*']) {
                flush(&mut buf, &mut spans, style(bold, italic, *hl));
                bold = !bold;
                i += 2;
                continue;
            }
        } else if c == '*' {
            let next_is_word = chars.get(i + 1).is_some_and(|n| !n.is_whitespace());
            if italic || (next_is_word && rest_has(i + 1, &['*'])) {
                flush(&mut buf, &mut spans, style(bold, italic, *hl));
                italic = !italic;
                i += 1;
                continue;
            }
        }
        buf.push(c);
        i += 1;
    }
    if !buf.is_empty() {
        spans.push(Span::styled(buf, style(bold, italic, *hl)));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn headings_lists_and_emphasis() {
        let t = Theme::plain();
        let lines = render("# Today\n- one **two** *three*\nplain 2 * 3\n> quote", &t);
        assert_eq!(
            text(&lines),
            vec!["Today", "• one two three", "plain 2 * 3", "│ quote"]
        );
        let bold = &lines[1].spans[2];
        assert_eq!(bold.content, "two");
        assert!(bold.style.add_modifier.contains(Modifier::BOLD));
        let it = &lines[1].spans[4];
        assert!(it.style.add_modifier.contains(Modifier::ITALIC));
    }

    #[test]
    fn search_marks_become_highlight() {
        let t = Theme::plain();
        let lines = render("a \u{E000}word\u{E001} b\x1b[2J", &t);
        assert_eq!(text(&lines), vec!["a word b\u{fffd}[2J"]);
        assert_eq!(lines[0].spans[1].style, Style::default().patch(t.highlight));
    }
}
