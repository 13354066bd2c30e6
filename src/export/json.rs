//! The mend JSON writer: one record per line, never a raw C1 control.

use std::io::{self, Write};

use serde::Serialize;

use super::Section;
use crate::records::{FORMAT, VERSION};

/// Streams a mend JSON document, one record per line.
pub struct JsonWriter<W: Write> {
    out: W,
    first_in_section: bool,
    sections: usize,
    /// Whether a list section is open (an object section closes at once).
    open: bool,
}

/// A JSON formatter that never writes a raw C1 control (U+0080–U+009F) or
/// DEL: they are escaped as `\u009b` (serde_json already escapes C0 controls
/// such as ESC). A NUL, which mend refuses on import, is written as U+FFFD so
/// that an export of an older journal that held one still imports.
#[derive(Debug, Clone, Copy, Default)]
pub struct SafeFormatter;

/// Whether `c` is written escaped by [`SafeFormatter`] (and [`escape_c1`]).
fn needs_escape(c: char) -> bool {
    ('\u{7f}'..='\u{9f}').contains(&c)
}

impl serde_json::ser::Formatter for SafeFormatter {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some(i) = rest.find(needs_escape) {
            writer.write_all(&rest.as_bytes()[..i])?;
            let c = rest[i..].chars().next().expect("a char at i");
            write!(writer, "\\u{:04x}", c as u32)?;
            rest = &rest[i + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    fn write_char_escape<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        escape: serde_json::ser::CharEscape,
    ) -> io::Result<()> {
        use serde_json::ser::CharEscape;
        let s: &[u8] = match escape {
            CharEscape::Quote => b"\\\"",
            CharEscape::ReverseSolidus => b"\\\\",
            CharEscape::Solidus => b"\\/",
            CharEscape::Backspace => b"\\b",
            CharEscape::FormFeed => b"\\f",
            CharEscape::LineFeed => b"\\n",
            CharEscape::CarriageReturn => b"\\r",
            CharEscape::Tab => b"\\t",
            CharEscape::AsciiControl(0) => b"\\ufffd",
            CharEscape::AsciiControl(b) => return write!(writer, "\\u{:04x}", b),
        };
        writer.write_all(s)
    }
}

/// Writes `value` as compact JSON through [`SafeFormatter`].
pub fn write_json<W: Write, T: Serialize + ?Sized>(out: W, value: &T) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(out, SafeFormatter);
    value.serialize(&mut ser).map_err(io::Error::other)
}

/// Escapes raw C1 controls and DEL in text as `\u009b`: inside a JSON
/// document they can only be in strings, where the escape means the same
/// character; in plain text it is a harmless visible word. Returns the text
/// unchanged (not copied) when there is nothing to escape.
pub fn escape_c1(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(needs_escape) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if needs_escape(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

impl<W: Write> JsonWriter<W> {
    pub fn begin(mut out: W, exported_at: &str) -> io::Result<JsonWriter<W>> {
        write!(
            out,
            "{{\"format\":\"{FORMAT}\",\"version\":{VERSION},\"exported_at\":"
        )?;
        write_json(&mut out, exported_at)?;
        Ok(JsonWriter {
            out,
            first_in_section: true,
            sections: 0,
            open: false,
        })
    }

    pub fn section(&mut self, section: Section) -> io::Result<()> {
        if self.open {
            self.close_section()?;
        }
        self.sections += 1;
        self.open = true;
        self.first_in_section = true;
        write!(self.out, ",\n\"{}\":[", section.key())
    }

    /// A section that is one object (the plan), written whole.
    pub fn object<T: Serialize>(&mut self, section: Section, value: &T) -> io::Result<()> {
        if self.open {
            self.close_section()?;
        }
        self.sections += 1;
        write!(self.out, ",\n\"{}\":", section.key())?;
        serde_json::to_writer(&mut self.out, value)?;
        Ok(())
    }

    fn close_section(&mut self) -> io::Result<()> {
        self.open = false;
        if self.first_in_section {
            self.out.write_all(b"]")
        } else {
            self.out.write_all(b"\n]")
        }
    }

    pub fn record<T: Serialize>(&mut self, record: &T) -> io::Result<()> {
        if self.first_in_section {
            self.out.write_all(b"\n")?;
        } else {
            self.out.write_all(b",\n")?;
        }
        self.first_in_section = false;
        write_json(&mut self.out, record)?;
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<W> {
        if self.open {
            self.close_section()?;
        }
        self.out.write_all(b"}\n")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_never_carries_raw_c1_controls_and_nul_becomes_a_replacement() {
        let mut out = Vec::new();
        write_json(&mut out, "a\u{9b}b\u{85}\u{7f}\u{1b}\0é\"").unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, r#""a\u009bb\u0085\u007f\u001b\ufffdé\"""#);
        let back: String = serde_json::from_str(&text).unwrap();
        assert_eq!(back, "a\u{9b}b\u{85}\u{7f}\u{1b}\u{fffd}é\"");
        assert_eq!(escape_c1("plain ✓"), "plain ✓");
        assert_eq!(escape_c1("x\u{9b}y"), "x\\u009by");
    }
}
