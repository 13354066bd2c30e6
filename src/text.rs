//! Text for the screen and the terminal, shared by the TUI and the CLI:
//! [`clean`] makes stored text safe to draw, [`one_line`] flattens it,
//! [`fit`] and [`pad`] cut it to a width with `…`, [`wrap_words`] wraps it.
//! Widths are terminal cells (wide characters count two).

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Makes stored text safe to draw: control characters (escape sequences,
/// bells, OSC 52...) become `\u{fffd}`, tabs become spaces; newlines stay.
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' => ' ',
            c if c.is_control() && c != '\n' => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// [`clean`] text on one line: line breaks become spaces.
pub fn one_line(text: &str) -> String {
    clean(&text.replace("\r\n", "\n")).replace('\n', " ")
}

/// Terminal cells `s` takes.
pub fn width(s: &str) -> usize {
    s.width()
}

/// `s` cut to at most `max` cells, ending in `…` when cut.
pub fn fit(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw + 1 > max {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push('…');
    out
}

/// `s` cut to `w` cells with `…` and padded with spaces to exactly `w`.
pub fn pad(s: &str, w: usize) -> String {
    let mut out = fit(s, w);
    let used = out.width();
    out.push_str(&" ".repeat(w.saturating_sub(used)));
    out
}

/// Word-wraps one paragraph to rows of at most `width` cells; a word
/// longer than a row is broken across rows. Always at least one row.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut rows = vec![String::new()];
    let mut used = 0;
    for word in text.split_whitespace() {
        let w = word.width();
        if used > 0 && used + 1 + w <= width {
            let row = rows.last_mut().expect("at least one row");
            row.push(' ');
            row.push_str(word);
            used += 1 + w;
            continue;
        }
        if used > 0 {
            rows.push(String::new());
            used = 0;
        }
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > width && used > 0 {
                rows.push(String::new());
                used = 0;
            }
            rows.last_mut().expect("at least one row").push(c);
            used += cw;
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_wide_text_with_an_ellipsis() {
        assert_eq!(fit("Alcohol", 10), "Alcohol");
        assert_eq!(fit("Alcohol", 5), "Alco…");
        assert_eq!(width(&fit("日本語のラベル", 6)), 5);
        assert_eq!(fit("abc", 0), "");
        assert_eq!(pad("Alcohol", 5), "Alco…");
        assert_eq!(pad("Al", 4), "Al  ");
    }

    #[test]
    fn clean_neutralises_escape_sequences() {
        let s = clean("a\x1b[2Jb\x07\tc\nd");
        assert!(!s.contains('\x1b'));
        assert!(!s.contains('\x07'));
        assert!(s.contains("\nd"));
        assert_eq!(one_line("a\r\nb\nc"), "a b c");
    }

    #[test]
    fn wrap_words_breaks_long_words() {
        assert_eq!(wrap_words("one two", 6), ["one", "two"]);
        assert_eq!(wrap_words("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap_words("", 4), [""]);
    }
}
