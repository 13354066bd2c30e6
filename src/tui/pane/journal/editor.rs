//! The entry editor: a soft-wrapping body, fields for day, mood, craving and
//! tags, and today's prompt that can be kept or skipped.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use crate::domain::dates::{format_day, parse_day};
use crate::domain::journal::{
    Draft, Entry, EntryError, NewEntry, check_craving, check_mood, parse_optional, split_tags,
};
use crate::tui::theme::Theme;
use crate::tui::widgets::clean;

/// How long after a change the draft is written, at the latest.
pub const DRAFT_DELAY: Duration = Duration::from_secs(1);

const BODY: usize = 0;
const DAY: usize = 1;
const MOOD: usize = 2;
const CRAVING: usize = 3;
const TAGS: usize = 4;
const PROMPT: usize = 5;

/// An open editor.
pub struct Editor {
    /// The entry being edited, `None` for a new one.
    pub entry_id: Option<i64>,
    body: TextArea<'static>,
    /// Day, mood, craving, tags.
    fields: [TextArea<'static>; 4],
    /// The prompt on offer, if any.
    prompt: Option<String>,
    keep_prompt: bool,
    focus: usize,
    pub error: Option<String>,
    initial: String,
    last_written: String,
    /// When the draft should next be written.
    pub draft_due: Option<Instant>,
}

fn line_input(text: &str, hint: &str) -> TextArea<'static> {
    let mut t = TextArea::new(vec![text.to_string()]);
    t.set_cursor_line_style(Style::default());
    t.set_placeholder_text(hint);
    t.move_cursor(CursorMove::End);
    t
}

fn body_input(text: &str) -> TextArea<'static> {
    let lines: Vec<String> = if text.is_empty() {
        vec![String::new()]
    } else {
        text.split('\n').map(str::to_string).collect()
    };
    let mut t = TextArea::new(lines);
    t.set_wrap_mode(WrapMode::Word);
    t.set_cursor_line_style(Style::default());
    t.set_placeholder_text("Write freely. Markdown **bold**, *italic*, - lists and # headings.");
    t.move_cursor(CursorMove::Bottom);
    t.move_cursor(CursorMove::End);
    t
}

/// The value a key picks on the scale `lo..=hi` from `now` (`None` = not
/// set): ←/→ step (→ from unset starts at `lo`), Space steps up and wraps to
/// unset, a digit picks (a second digit extends it while it stays on the
/// scale: 1 then 0 is 10), Backspace or Delete clears.
fn pick_on_scale(now: Option<u8>, key: KeyEvent, lo: u8, hi: u8) -> Option<u8> {
    match key.code {
        KeyCode::Left => match now {
            None => Some(hi),
            Some(n) if n <= lo => None,
            Some(n) => Some(n - 1),
        },
        KeyCode::Right | KeyCode::Char(' ') => match now {
            None => Some(lo),
            Some(n) if n >= hi => None,
            Some(n) => Some(n + 1),
        },
        KeyCode::Backspace | KeyCode::Delete => None,
        KeyCode::Char(c) if c.is_ascii_digit() => {
            let d = c as u8 - b'0';
            let longer = now
                .and_then(|n| n.checked_mul(10))
                .and_then(|n| n.checked_add(d));
            match longer {
                Some(v) if (lo..=hi).contains(&v) && now != Some(0) => Some(v),
                _ if (lo..=hi).contains(&d) => Some(d),
                _ => now,
            }
        }
        _ => now,
    }
}

fn num(n: Option<u8>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

impl Editor {
    #[allow(clippy::too_many_arguments)]
    fn build(
        entry_id: Option<i64>,
        body: &str,
        day: &str,
        mood: Option<u8>,
        craving: Option<u8>,
        tags: &str,
        prompt: Option<String>,
        keep_prompt: bool,
    ) -> Editor {
        let mut e = Editor {
            entry_id,
            body: body_input(body),
            fields: [
                line_input(day, "today"),
                line_input(&num(mood), "-"),
                line_input(&num(craving), "-"),
                line_input(tags, "#sleep family"),
            ],
            prompt,
            keep_prompt,
            focus: BODY,
            error: None,
            initial: String::new(),
            last_written: String::new(),
            draft_due: None,
        };
        e.initial = e.snapshot();
        e.last_written = e.initial.clone();
        e
    }

    /// A new entry for `today`, offering `prompt`.
    pub fn new_entry(today: NaiveDate, prompt: &str) -> Editor {
        Editor::build(
            None,
            "",
            &format_day(today),
            None,
            None,
            "",
            Some(prompt.to_string()),
            true,
        )
    }

    /// A new entry for `today` that starts from a config template: its
    /// text, its tags and its prompt (today's prompt when it has none).
    pub fn from_template(today: NaiveDate, t: &crate::config::Template, prompt: &str) -> Editor {
        Editor::build(
            None,
            &t.body,
            &format_day(today),
            None,
            None,
            &t.tags.join(" "),
            Some(t.prompt.clone().unwrap_or_else(|| prompt.to_string())),
            true,
        )
    }

    /// Editing a saved entry.
    pub fn for_entry(e: &Entry) -> Editor {
        Editor::build(
            Some(e.id),
            &e.body,
            &format_day(e.day),
            e.mood,
            e.craving,
            &e.tags.join(" "),
            e.prompt.clone(),
            e.prompt.is_some(),
        )
    }

    /// Back from a draft. `original` is the entry it edits (if it still
    /// exists) so "changed" compares with what is saved; `prompt` is today's.
    pub fn from_draft(d: &Draft, original: Option<&Entry>, today: NaiveDate, prompt: &str) -> Self {
        let mut e = match original {
            Some(o) => Editor::for_entry(o),
            None => Editor::new_entry(today, prompt),
        };
        if original.is_none() {
            // A new entry: the initial state is empty, so the restored text
            // counts as unsaved.
            e.entry_id = None;
        }
        e.body = body_input(&d.body);
        e.fields[0] = line_input(d.day.as_deref().unwrap_or(""), "today");
        e.fields[1] = line_input(&num(d.mood), "-");
        e.fields[2] = line_input(&num(d.craving), "-");
        e.fields[3] = line_input(&d.tags, "#sleep family");
        match &d.prompt {
            Some(p) => {
                e.prompt = Some(p.clone());
                e.keep_prompt = true;
            }
            None => e.keep_prompt = false,
        }
        e.last_written = e.snapshot();
        e
    }

    fn snapshot(&self) -> String {
        let mut s = self.body.lines().join("\n");
        for f in &self.fields {
            s.push('\u{1f}');
            s.push_str(&f.lines().join(""));
        }
        s.push('\u{1f}');
        if self.keep_prompt {
            s.push_str(self.prompt.as_deref().unwrap_or(""));
        }
        s
    }

    /// Whether anything differs from what was opened.
    pub fn changed(&self) -> bool {
        self.snapshot() != self.initial
    }

    /// Whether the draft table is behind the editor.
    pub fn draft_stale(&self) -> bool {
        self.snapshot() != self.last_written
    }

    /// Marks the current state as written to the draft table.
    pub fn draft_written(&mut self) {
        self.last_written = self.snapshot();
        self.draft_due = None;
    }

    /// Starts the draft timer after a change (not pushed back by further
    /// typing, so a long burst is still saved every second).
    fn touched(&mut self, now: Instant) {
        if self.draft_stale() {
            if self.draft_due.is_none() {
                self.draft_due = Some(now + DRAFT_DELAY);
            }
        } else {
            self.draft_due = None;
        }
    }

    pub fn body_text(&self) -> String {
        self.body.lines().join("\n")
    }

    fn field(&self, i: usize) -> String {
        self.fields[i].lines().join(" ").trim().to_string()
    }

    fn kept_prompt(&self) -> Option<String> {
        if self.keep_prompt {
            self.prompt.clone()
        } else {
            None
        }
    }

    /// The editor as a draft row.
    pub fn to_draft(&self) -> Draft {
        Draft {
            entry_id: self.entry_id,
            day: Some(self.field(0)).filter(|d| !d.is_empty()),
            body: self.body_text(),
            mood: parse_optional(&self.field(1), check_mood, EntryError::Mood)
                .ok()
                .flatten(),
            craving: parse_optional(&self.field(2), check_craving, EntryError::Craving)
                .ok()
                .flatten(),
            tags: self.field(3),
            prompt: self.kept_prompt(),
        }
    }

    /// The entry to save, or a one-line reason it cannot be saved.
    pub fn to_new_entry(&self, today: NaiveDate) -> Result<NewEntry, String> {
        let day_text = self.field(0);
        let day = if day_text.is_empty() {
            today
        } else {
            parse_day(&day_text, today).map_err(|e| format!("Day: {e}"))?
        };
        crate::domain::journal::check_day(day, today).map_err(|e| format!("Day: {e}"))?;
        let mood = parse_optional(&self.field(1), check_mood, EntryError::Mood)
            .map_err(|e| e.to_string())?;
        let craving = parse_optional(&self.field(2), check_craving, EntryError::Craving)
            .map_err(|e| e.to_string())?;
        let entry = NewEntry {
            day,
            body: self.body_text(),
            mood,
            craving,
            prompt: self.kept_prompt(),
            tags: split_tags(&self.field(3)),
        };
        entry.validated().map_err(|e| e.to_string())
    }

    fn field_count(&self) -> usize {
        if self.prompt.is_some() { 6 } else { 5 }
    }

    pub fn next_field(&mut self) {
        self.focus = (self.focus + 1) % self.field_count();
    }

    pub fn prev_field(&mut self) {
        let n = self.field_count();
        self.focus = (self.focus + n - 1) % n;
    }

    /// A key for the focused part.
    pub fn input(&mut self, key: KeyEvent, now: Instant) {
        self.error = None;
        match self.focus {
            BODY => {
                self.body.input(key);
            }
            PROMPT => {
                if matches!(
                    key.code,
                    KeyCode::Char(' ' | 'x' | 'k' | 's')
                        | KeyCode::Enter
                        | KeyCode::Left
                        | KeyCode::Right
                ) {
                    self.keep_prompt = !self.keep_prompt;
                }
            }
            i => match key.code {
                KeyCode::Enter | KeyCode::Down => self.next_field(),
                KeyCode::Up => self.prev_field(),
                _ if i - 1 == 1 || i - 1 == 2 => {
                    // Mood (1-5) and craving (0-10) are picked from their
                    // scale, never typed: ←/→ or Space step, a digit picks,
                    // Backspace clears.
                    let (lo, hi) = if i - 1 == 1 { (1, 5) } else { (0, 10) };
                    let now: Option<u8> = self.field(i - 1).trim().parse().ok();
                    let next = pick_on_scale(now, key, lo, hi);
                    if next != now {
                        self.fields[i - 1] = line_input(&num(next), "-");
                    }
                }
                _ => {
                    self.fields[i - 1].input(key);
                }
            },
        }
        self.touched(now);
    }

    /// Pasted text, inserted at once.
    pub fn paste(&mut self, text: &str, now: Instant) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        match self.focus {
            BODY => {
                self.body.insert_str(text);
            }
            PROMPT => {}
            i => {
                self.fields[i - 1].insert_str(text.replace('\n', " "));
            }
        }
        self.touched(now);
    }

    /// The body comes back from `$EDITOR`.
    pub fn set_body(&mut self, text: &str, now: Instant) {
        let text = text.replace("\r\n", "\n");
        let text = text.strip_suffix('\n').unwrap_or(&text);
        self.body = body_input(text);
        self.focus = BODY;
        self.touched(now);
    }

    pub fn draw(&mut self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let title = match self.entry_id {
            Some(_) => " Edit entry ",
            None => " New entry ",
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.accent)
            .title(Span::styled(title, theme.title));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let prompt_rows = if self.prompt.is_some() { 2 } else { 0 };
        let [prompt_area, body_area, row1, row2, foot] = Layout::vertical([
            Constraint::Length(prompt_rows),
            Constraint::Min(3),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(inner);

        if let Some(p) = &self.prompt {
            let line = if self.keep_prompt {
                Line::from(vec![
                    Span::styled("Prompt: ", theme.title),
                    Span::styled(clean(p), theme.accent),
                ])
            } else {
                Line::from(vec![
                    Span::styled("Prompt skipped: ", theme.dim),
                    Span::styled(clean(p), theme.dim),
                ])
            };
            frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }), prompt_area);
        }

        let focused = |i: usize| self.focus == i;
        let label = |text: &str, i: usize| {
            let marker = if focused(i) { "›" } else { " " };
            Span::styled(
                format!("{marker}{text}"),
                if focused(i) { theme.title } else { theme.dim },
            )
        };

        let body_block = Block::default()
            .borders(Borders::ALL)
            .border_style(if focused(BODY) {
                theme.accent
            } else {
                theme.dim
            })
            .title(label("Entry ", BODY));
        self.body.set_block(body_block);
        self.body.set_cursor_style(if focused(BODY) {
            theme.selected
        } else {
            Style::default()
        });
        frame.render_widget(&self.body, body_area);

        let [l_day, f_day, l_mood, f_mood, l_crave, f_crave, _] = Layout::horizontal([
            Constraint::Length(6),
            Constraint::Length(12),
            Constraint::Length(12),
            Constraint::Length(3),
            Constraint::Length(16),
            Constraint::Length(3),
            Constraint::Min(0),
        ])
        .areas(row1);
        let [l_tags, f_tags, prompt_toggle] = Layout::horizontal([
            Constraint::Length(7),
            Constraint::Min(8),
            Constraint::Length(if self.prompt.is_some() { 22 } else { 0 }),
        ])
        .areas(row2);
        frame.render_widget(Paragraph::new(label("Day: ", DAY)), l_day);
        frame.render_widget(Paragraph::new(label("  Mood 1-5: ", MOOD)), l_mood);
        frame.render_widget(Paragraph::new(label("  Craving 0-10: ", CRAVING)), l_crave);
        frame.render_widget(Paragraph::new(label("Tags: ", TAGS)), l_tags);
        for (i, rect) in [(0, f_day), (1, f_mood), (2, f_crave), (3, f_tags)] {
            let f = &mut self.fields[i];
            f.set_style(theme.accent);
            f.set_placeholder_style(theme.dim);
            f.set_cursor_style(if self.focus == i + 1 {
                theme.selected
            } else {
                Style::default()
            });
            frame.render_widget(&*f, rect);
        }
        if self.prompt.is_some() {
            let (keep, skip) = if self.keep_prompt {
                ("[keep]", " skip ")
            } else {
                (" keep ", "[skip]")
            };
            frame.render_widget(
                Paragraph::new(Line::from(vec![
                    label(" Prompt ", PROMPT),
                    Span::styled(
                        keep,
                        if self.keep_prompt {
                            theme.title
                        } else {
                            theme.dim
                        },
                    ),
                    Span::styled(
                        skip,
                        if self.keep_prompt {
                            theme.dim
                        } else {
                            theme.title
                        },
                    ),
                ])),
                prompt_toggle,
            );
        }

        let foot_line = match &self.error {
            Some(e) => Line::styled(format!("✗ {e}"), theme.error),
            None => {
                let hint = match self.focus {
                    BODY => "Tab: fields below".to_string(),
                    DAY => "YYYY-MM-DD, today, yesterday or N days ago".to_string(),
                    MOOD => "1 very low … 5 very good; blank to leave out".into(),
                    CRAVING => "0 none … 10 overwhelming; blank to leave out".into(),
                    TAGS => "words separated by spaces or commas".into(),
                    _ => "Space: keep or skip today's prompt".into(),
                };
                Line::styled(hint, theme.dim)
            }
        };
        frame.render_widget(Paragraph::new(foot_line), foot);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mood_and_craving_are_picked_on_their_scale() {
        let k = |c| KeyEvent::new(c, ratatui::crossterm::event::KeyModifiers::NONE);
        let d = |c| k(KeyCode::Char(c));
        assert_eq!(pick_on_scale(None, d('3'), 1, 5), Some(3));
        assert_eq!(
            pick_on_scale(Some(3), d('9'), 1, 5),
            Some(3),
            "off the scale"
        );
        assert_eq!(pick_on_scale(Some(1), d('0'), 0, 10), Some(10));
        assert_eq!(pick_on_scale(Some(10), d('7'), 0, 10), Some(7));
        assert_eq!(pick_on_scale(None, k(KeyCode::Right), 1, 5), Some(1));
        assert_eq!(pick_on_scale(Some(5), k(KeyCode::Right), 1, 5), None);
        assert_eq!(pick_on_scale(None, k(KeyCode::Left), 0, 10), Some(10));
        assert_eq!(pick_on_scale(Some(4), k(KeyCode::Backspace), 1, 5), None);
        assert_eq!(pick_on_scale(Some(4), d('x'), 1, 5), Some(4));
    }
}
