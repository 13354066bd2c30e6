//! The relationship check in the TUI: a small popup that notes how a
//! relationship feels on the five values (a digit each), the signs of
//! codependency noticed (a letter each) and a note, in under ten keys; and
//! the five small trends the contact's and a linked amend's detail show.
//!
//! These are the user's observations of a relationship, never a grade of a
//! person; the words say so.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::domain::dates::format_day;
use crate::domain::relationship::{Check, NewCheck, Sign, Value, direction, latest, trends};
use crate::tui::component::{Hint, LineInput, hint_line, hints};
use crate::tui::keys::{Action, Context, KeyMap};
use crate::tui::pane::View;
use crate::tui::theme::Theme;
use crate::tui::widgets::{centered, clean, popup_block};

/// How many checks a trend shows.
pub const TREND_LEN: usize = 12;

/// The letter that toggles a sign in the popup.
pub fn sign_letter(s: Sign) -> char {
    match s {
        Sign::Fixing => 'f',
        Sign::Controlling => 'c',
        Sign::Enabling => 'e',
        Sign::LosingMyself => 'l',
        Sign::NoBoundaries => 'b',
    }
}

/// One rating as a bar, 1 (lowest) to 5 (full).
fn bar(v: u8) -> char {
    ['▁', '▂', '▄', '▆', '█'][usize::from(v.clamp(1, 5) - 1)]
}

/// The rows of the popup: the five values, the signs, the note.
const SIGNS_ROW: usize = 5;
const NOTE_ROW: usize = 6;

/// What the popup asks of its pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckEvent {
    Stay,
    Close,
    Save(NewCheck),
}

/// The check popup for one contact.
#[derive(Debug)]
pub struct CheckPopup {
    pub contact_id: i64,
    name: String,
    values: [Option<u8>; 5],
    signs: Vec<Sign>,
    note: LineInput,
    focus: usize,
    error: Option<String>,
    discard_armed: bool,
}

impl CheckPopup {
    pub fn new(contact_id: i64, name: &str) -> CheckPopup {
        CheckPopup {
            contact_id,
            name: clean(name),
            values: [None; 5],
            signs: Vec::new(),
            note: LineInput::default().max_len(500),
            focus: 0,
            error: None,
            discard_armed: false,
        }
    }

    /// Whether anything was picked or typed.
    pub fn changed(&self) -> bool {
        self.values.iter().any(Option::is_some) || !self.signs.is_empty() || !self.note.is_empty()
    }

    fn save(&mut self, today: NaiveDate) -> CheckEvent {
        if let Some(i) = self.values.iter().position(Option::is_none) {
            self.focus = i;
            self.error = Some(format!(
                "Pick {} from 1 to 5 first",
                Value::ALL[i].label().to_lowercase()
            ));
            return CheckEvent::Stay;
        }
        let mut signs = self.signs.clone();
        signs.sort();
        CheckEvent::Save(NewCheck {
            day: today,
            values: self.values.map(|v| i64::from(v.unwrap_or(1))),
            signs,
            note: Some(self.note.value()),
        })
    }

    /// Shows why the check could not be saved.
    pub fn fail(&mut self, msg: impl Into<String>) {
        self.error = Some(msg.into());
    }

    /// An editor action: save, cancel (asks once when something was
    /// picked), next or previous row.
    pub fn update(&mut self, action: Action, today: NaiveDate, keys: &KeyMap) -> CheckEvent {
        match action {
            Action::Save => return self.save(today),
            Action::Cancel => {
                if self.changed() && !self.discard_armed {
                    self.discard_armed = true;
                    self.error = Some(format!(
                        "Not saved yet: {} again leaves without saving",
                        keys.label(Context::Editor, Action::Cancel)
                    ));
                } else {
                    return CheckEvent::Close;
                }
                return CheckEvent::Stay;
            }
            Action::NextField => self.focus = (self.focus + 1).min(NOTE_ROW),
            Action::PrevField => self.focus = self.focus.saturating_sub(1),
            _ => {}
        }
        self.discard_armed = false;
        CheckEvent::Stay
    }

    /// A key: a digit picks the focused value and moves on, a letter
    /// toggles a sign, the note takes text; Enter moves on (and saves from
    /// the note), arrows move and adjust.
    pub fn input(&mut self, key: KeyEvent, today: NaiveDate) -> CheckEvent {
        self.discard_armed = false;
        if key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return CheckEvent::Stay;
        }
        match key.code {
            KeyCode::Up => self.focus = self.focus.saturating_sub(1),
            KeyCode::Down | KeyCode::Tab => self.focus = (self.focus + 1).min(NOTE_ROW),
            KeyCode::BackTab => self.focus = self.focus.saturating_sub(1),
            KeyCode::Enter if self.focus == NOTE_ROW => return self.save(today),
            KeyCode::Enter => self.focus += 1,
            _ if self.focus == NOTE_ROW => {
                self.note.input(key);
            }
            KeyCode::Char(c @ '1'..='5') if self.focus < SIGNS_ROW => {
                self.values[self.focus] = Some(c as u8 - b'0');
                self.error = None;
                self.focus += 1;
            }
            KeyCode::Left | KeyCode::Right if self.focus < SIGNS_ROW => {
                let v = self.values[self.focus].unwrap_or(3);
                let v = if key.code == KeyCode::Left {
                    v.saturating_sub(1).max(1)
                } else {
                    (v + 1).min(5)
                };
                self.values[self.focus] = Some(v);
            }
            KeyCode::Char(c) => {
                if let Some(s) = Sign::ALL
                    .into_iter()
                    .find(|s| sign_letter(*s) == c.to_ascii_lowercase())
                {
                    if let Some(i) = self.signs.iter().position(|x| *x == s) {
                        self.signs.remove(i);
                    } else {
                        self.signs.push(s);
                    }
                    if self.focus < SIGNS_ROW && self.values.iter().all(Option::is_some) {
                        self.focus = SIGNS_ROW;
                    }
                }
            }
            _ => {}
        }
        CheckEvent::Stay
    }

    /// Pasted text goes into the note.
    pub fn paste(&mut self, text: &str) {
        self.focus = NOTE_ROW;
        self.note.paste(text);
    }

    /// The status-line hints.
    pub fn hints(&self, keys: &KeyMap) -> Vec<Hint> {
        hints(
            keys,
            &[
                (Context::Editor, Action::Save, "save"),
                (Context::Editor, Action::Cancel, "cancel"),
                (Context::Editor, Action::NextField, "next"),
            ],
        )
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme, keys: &KeyMap) {
        let width = area.width.saturating_sub(4).min(64);
        let height = area.height.min(16);
        let rect = centered(area, width, height);
        frame.render_widget(Clear, rect);
        let block = popup_block(format!(" How are things with {}? ", self.name), theme);
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let mut lines: Vec<Line> = vec![Line::styled(
            "How it feels to you, 1 (not at all) to 5 (fully).",
            theme.dim,
        )];
        for (i, v) in Value::ALL.iter().enumerate() {
            let mark = if self.focus == i { "▸ " } else { "  " };
            let mut spans = vec![
                Span::styled(mark, theme.accent),
                Span::styled(format!("{:<11}", v.label()), theme.title),
            ];
            for n in 1..=5u8 {
                let picked = self.values[i] == Some(n);
                let style = if picked { theme.highlight } else { theme.dim };
                let text = if picked {
                    format!("[{n}]")
                } else {
                    format!(" {n} ")
                };
                spans.push(Span::styled(text, style));
            }
            if self.focus == i {
                spans.push(Span::styled(format!("  {}", v.question()), theme.dim));
            }
            lines.push(Line::from(spans));
        }
        let mark = if self.focus == SIGNS_ROW {
            "▸ "
        } else {
            "  "
        };
        lines.push(Line::from(vec![
            Span::styled(mark, theme.accent),
            Span::styled("Noticed in me", theme.title),
        ]));
        for group in [&Sign::ALL[..3], &Sign::ALL[3..]] {
            let mut spans = vec![Span::raw("  ")];
            for s in group.iter().copied() {
                let on = self.signs.contains(&s);
                let letter = sign_letter(s);
                let style = if on {
                    theme.highlight
                } else {
                    theme.dim.remove_modifier(Modifier::REVERSED)
                };
                spans.push(Span::styled(
                    format!(
                        "[{}] {}",
                        if on { 'x' } else { letter },
                        s.name().replace('_', " ")
                    ),
                    style,
                ));
                spans.push(Span::raw("  "));
            }
            lines.push(Line::from(spans));
        }
        let mark = if self.focus == NOTE_ROW { "▸ " } else { "  " };
        let mut note = vec![
            Span::styled(mark, theme.accent),
            Span::styled("Note: ", theme.title),
        ];
        let w = usize::from(inner.width.saturating_sub(10));
        if self.focus == NOTE_ROW {
            note.extend(self.note.spans(w, theme.accent, theme.selected));
        } else if self.note.is_empty() {
            note.push(Span::styled("optional", theme.dim));
        } else {
            note.push(Span::raw(self.note.value()));
        }
        lines.push(Line::from(note));
        lines.push(Line::from(""));
        let signs_help = Sign::ALL
            .iter()
            .map(|s| sign_letter(*s).to_string())
            .collect::<Vec<_>>()
            .join(" ");
        lines.push(Line::styled(
            format!("1-5 picks a value · {signs_help} mark a sign"),
            theme.dim,
        ));
        lines.push(Line::styled(hint_line(&self.hints(keys)), theme.dim));
        if let Some(e) = &self.error {
            lines.push(Line::styled(e.clone(), theme.warn));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    }
}

/// The five trends, the last signs and note, as detail lines; a kind line
/// saying how to start when there are no checks.
pub fn trend_lines(checks: &[Check], view: &View, with_start_hint: bool) -> Vec<Line<'static>> {
    let theme = view.theme;
    let mut lines = vec![Line::styled(
        match checks.len() {
            0 => "How the relationship feels".to_string(),
            1 => "How the relationship feels · 1 check".to_string(),
            n => format!("How the relationship feels · {n} checks"),
        },
        theme.title,
    )];
    if checks.is_empty() {
        if with_start_hint {
            let key = view.keys.label(Context::List, Action::Check);
            if !key.is_empty() {
                lines.push(Line::styled(
                    format!(
                        "No checks yet. {key} notes respect, safety, affection, boundaries and honesty, as you see them."
                    ),
                    theme.dim,
                ));
            }
        }
        return lines;
    }
    let t = trends(checks, TREND_LEN);
    for (i, v) in Value::ALL.iter().enumerate() {
        let spark: String = t[i].iter().map(|x| bar(*x)).collect();
        let now = t[i].last().copied().unwrap_or(0);
        let word = direction(&t[i]).map(|d| d.word()).unwrap_or("");
        lines.push(Line::from(vec![
            Span::styled(format!("{:<11}", v.label()), theme.dim),
            Span::styled(format!("{spark:<width$}", width = TREND_LEN), theme.accent),
            Span::raw(format!(" {now}/5  ")),
            Span::styled(word, theme.dim),
        ]));
    }
    if let Some(last) = latest(checks) {
        let signs = if last.signs.is_empty() {
            "none noticed".to_string()
        } else {
            last.signs
                .iter()
                .map(|s| s.label())
                .collect::<Vec<_>>()
                .join(", ")
        };
        lines.push(Line::from(vec![
            Span::styled(format!("Signs on {}: ", format_day(last.day)), theme.dim),
            Span::raw(signs),
        ]));
        if let Some(n) = &last.note {
            lines.push(Line::from(vec![
                Span::styled("Note: ", theme.dim),
                Span::raw(clean(n)),
            ]));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn five_digits_and_a_sign_make_a_check() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
        let keys = KeyMap::default();
        let mut p = CheckPopup::new(1, "Sam");
        for c in "43251".chars() {
            assert_eq!(p.input(key(c), today), CheckEvent::Stay);
        }
        p.input(key('f'), today);
        p.input(key('b'), today);
        p.input(key('f'), today);
        match p.update(Action::Save, today, &keys) {
            CheckEvent::Save(c) => {
                assert_eq!(c.values, [4, 3, 2, 5, 1]);
                assert_eq!(c.signs, [Sign::NoBoundaries]);
                assert_eq!(c.day, today);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn saving_early_points_at_the_missing_value_and_esc_asks_once() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
        let keys = KeyMap::default();
        let mut p = CheckPopup::new(1, "Sam");
        p.input(key('4'), today);
        assert_eq!(p.update(Action::Save, today, &keys), CheckEvent::Stay);
        assert_eq!(p.focus, 1);
        assert!(p.error.as_deref().unwrap().contains("safety"));
        assert_eq!(p.update(Action::Cancel, today, &keys), CheckEvent::Stay);
        assert_eq!(p.update(Action::Cancel, today, &keys), CheckEvent::Close);
    }
}
