//! Logging an urge from anywhere (`u`), and the two gentle offers around
//! it: a new start on a clock after an urge that ended in using (never
//! forced), and "Reach out now?" after a journal entry with a high craving.
//!
//! The urge popup is built for the moment: on its first row a digit sets
//! the intensity, `h` `a` `l` `t` toggle HALT, and `p` `r` `u` set the
//! outcome; Enter moves on to the trigger, then to what I did (the arrows
//! pick a step from the plan's coping list), then saves. So `u 7 l p` and
//! the save key log an urge in five keys; text is optional.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui_textarea::TextArea;

use crate::domain::urge::{Halt, HaltSet, Outcome};
use crate::tui::keys::{Action, Context, KeyMap};
use crate::tui::theme::Theme;
use crate::tui::widgets::{centered, clean, popup_block};

/// The field in focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// Intensity, HALT and outcome, by single keys.
    Quick,
    Trigger,
    Did,
}

/// What a key did to the urge popup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrgeKey {
    Stay,
    /// Closed without saving.
    Cancel,
    /// Save what is in the form.
    Save,
}

/// The urge popup's state.
pub struct UrgeForm {
    pub intensity: u8,
    pub halt: HaltSet,
    pub outcome: Option<Outcome>,
    trigger: TextArea<'static>,
    did: TextArea<'static>,
    pub focus: Focus,
    /// The plan's coping steps, to pick what I did from.
    coping: Vec<String>,
    pick: Option<usize>,
    /// Asking whether to throw away what was entered.
    pub discarding: bool,
    pub error: Option<String>,
    touched: bool,
}

fn text_input(hint: &str) -> TextArea<'static> {
    let mut t = TextArea::default();
    t.set_cursor_line_style(Style::default());
    t.set_placeholder_text(hint.to_string());
    t
}

impl UrgeForm {
    pub fn new(coping: Vec<String>) -> UrgeForm {
        UrgeForm {
            intensity: 5,
            halt: HaltSet::default(),
            outcome: None,
            trigger: text_input("what set it off (optional)"),
            did: text_input("what I did (optional)"),
            focus: Focus::Quick,
            coping,
            pick: None,
            discarding: false,
            error: None,
            touched: false,
        }
    }

    pub fn trigger(&self) -> Option<String> {
        Some(self.trigger.lines().join(" ").trim().to_string()).filter(|s| !s.is_empty())
    }

    pub fn did(&self) -> Option<String> {
        Some(self.did.lines().join(" ").trim().to_string()).filter(|s| !s.is_empty())
    }

    /// Whether anything was entered.
    pub fn changed(&self) -> bool {
        self.touched || self.trigger().is_some() || self.did().is_some()
    }

    fn next(&mut self) {
        self.focus = match self.focus {
            Focus::Quick => Focus::Trigger,
            Focus::Trigger => Focus::Did,
            Focus::Did => Focus::Quick,
        };
    }

    fn prev(&mut self) {
        self.focus = match self.focus {
            Focus::Quick => Focus::Did,
            Focus::Trigger => Focus::Quick,
            Focus::Did => Focus::Trigger,
        };
    }

    /// Pasted text goes into the focused text field.
    pub fn paste(&mut self, text: &str) {
        let one = text.replace(['\r', '\n'], " ");
        match self.focus {
            Focus::Quick => {}
            Focus::Trigger => {
                self.trigger.insert_str(one);
            }
            Focus::Did => {
                self.did.insert_str(one);
            }
        }
    }

    /// A key in the popup.
    pub fn key(&mut self, key: KeyEvent, keys: &KeyMap) -> UrgeKey {
        self.error = None;
        if self.discarding {
            return match keys.lookup(Context::Popup, &key) {
                Some(Action::Confirm) => UrgeKey::Cancel,
                _ => {
                    self.discarding = false;
                    UrgeKey::Stay
                }
            };
        }
        match keys.lookup(Context::Editor, &key) {
            Some(Action::Save) => return UrgeKey::Save,
            Some(Action::Cancel) => {
                if self.focus != Focus::Quick {
                    self.focus = Focus::Quick;
                    return UrgeKey::Stay;
                }
                if self.changed() {
                    self.discarding = true;
                    return UrgeKey::Stay;
                }
                return UrgeKey::Cancel;
            }
            Some(Action::NextField) => {
                self.next();
                return UrgeKey::Stay;
            }
            Some(Action::PrevField) => {
                self.prev();
                return UrgeKey::Stay;
            }
            _ => {}
        }
        if key.code == KeyCode::Enter && key.modifiers.is_empty() {
            if self.focus == Focus::Did {
                return UrgeKey::Save;
            }
            self.next();
            return UrgeKey::Stay;
        }
        let plain = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match self.focus {
            Focus::Quick => {
                match key.code {
                    KeyCode::Char(c @ '0'..='9') if plain => {
                        self.intensity = c as u8 - b'0';
                    }
                    KeyCode::Right | KeyCode::Char('+') => {
                        self.intensity = (self.intensity + 1).min(10)
                    }
                    KeyCode::Left | KeyCode::Char('-') => {
                        self.intensity = self.intensity.saturating_sub(1)
                    }
                    KeyCode::Char(c) if plain => {
                        let c = c.to_ascii_lowercase();
                        let outcome = match c {
                            'p' => Some(Outcome::Passed),
                            'r' => Some(Outcome::ReachedOut),
                            'u' => Some(Outcome::Used),
                            _ => None,
                        };
                        if let Some(o) = outcome {
                            self.outcome = if self.outcome == Some(o) {
                                None
                            } else {
                                Some(o)
                            };
                        } else if let Ok(h) = c.to_string().parse::<Halt>() {
                            self.halt.toggle(h);
                        } else {
                            return UrgeKey::Stay;
                        }
                    }
                    KeyCode::Down => self.next(),
                    _ => return UrgeKey::Stay,
                }
                self.touched = true;
            }
            Focus::Trigger => {
                self.trigger.input(key);
            }
            Focus::Did => match key.code {
                KeyCode::Up | KeyCode::Down if !self.coping.is_empty() => {
                    let n = self.coping.len();
                    let i = match (self.pick, key.code) {
                        (None, KeyCode::Down) => 0,
                        (None, _) => n - 1,
                        (Some(i), KeyCode::Down) => (i + 1) % n,
                        (Some(i), _) => (i + n - 1) % n,
                    };
                    self.pick = Some(i);
                    let mut t = text_input("what I did (optional)");
                    t.insert_str(&self.coping[i]);
                    self.did = t;
                }
                _ => {
                    self.did.input(key);
                }
            },
        }
        UrgeKey::Stay
    }

    /// Draws the popup in `area`.
    pub fn draw(&mut self, frame: &mut Frame, area: Rect, theme: &Theme, keys: &KeyMap) {
        let width = area.width.saturating_sub(2).min(64);
        let height = area.height.min(10);
        let rect = centered(area, width, height);
        frame.render_widget(Clear, rect);
        let save = keys.label(Context::Editor, Action::Save);
        let cancel = keys.label(Context::Editor, Action::Cancel);
        let foot = if self.discarding {
            format!(
                "Throw this urge away? {} yes · {} no",
                keys.label(Context::Popup, Action::Confirm),
                keys.label(Context::Popup, Action::Deny)
            )
        } else {
            match &self.error {
                Some(e) => e.clone(),
                None => format!("Enter next · {save} save · {cancel} back"),
            }
        };
        let block = popup_block(" An urge — it will pass ", theme)
            .title_bottom(Line::styled(format!(" {foot} "), theme.dim));
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let mark = |on: bool| if on { "›" } else { " " };
        let quick = self.focus == Focus::Quick;
        let bar: String = (0..10)
            .map(|i| if i < self.intensity { '█' } else { '·' })
            .collect();
        let mut lines = vec![Line::from(vec![
            Span::styled(mark(quick), theme.title),
            Span::styled("Intensity ", if quick { theme.title } else { theme.dim }),
            Span::styled(format!("{:>2}/10 ", self.intensity), theme.key),
            Span::raw(bar),
            Span::styled("  0-9 ←→", theme.dim),
        ])];
        let mut halt = vec![Span::raw(" HALT      ")];
        for h in Halt::ALL {
            let on = self.halt.contains(h);
            let style = if on { theme.selected } else { theme.dim };
            halt.push(Span::styled(if on { "●" } else { "○" }, style));
            halt.push(Span::styled(h.as_str()[..1].to_string(), theme.key));
            halt.push(Span::styled(h.as_str()[1..].to_string(), style));
            halt.push(Span::raw(" "));
        }
        lines.push(Line::from(halt));
        let mut out = vec![Span::raw(" Outcome   ")];
        for (o, k) in [
            (Outcome::Passed, "p"),
            (Outcome::ReachedOut, "r"),
            (Outcome::Used, "u"),
        ] {
            let on = self.outcome == Some(o);
            let style = if on { theme.selected } else { theme.dim };
            out.push(Span::styled(if on { "●" } else { "○" }, style));
            out.push(Span::styled(k, theme.key));
            out.push(Span::styled(format!(" {}  ", o.label()), style));
        }
        lines.push(Line::from(out));
        if !self.halt.is_empty() {
            let answers: Vec<String> = self
                .halt
                .iter()
                .map(|h| format!("{} → {}", h.as_str(), h.answer()))
                .collect();
            lines.push(Line::styled(
                format!("  {}", answers.join(" · ")),
                theme.dim,
            ));
        } else {
            lines.push(Line::from(""));
        }
        let text_rows = lines.len() as u16;
        frame.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: false }),
            Rect {
                height: text_rows.min(inner.height),
                ..inner
            },
        );
        let mut y = inner.y + text_rows;
        for (focus, label, input) in [
            (Focus::Trigger, "Trigger  ", &mut self.trigger),
            (Focus::Did, "I did    ", &mut self.did),
        ] {
            if y >= inner.y + inner.height {
                break;
            }
            let on = self.focus == focus;
            let row = Rect {
                x: inner.x,
                y,
                width: inner.width,
                height: 1,
            };
            let lw = 10.min(row.width);
            frame.render_widget(
                Paragraph::new(format!("{}{label}", mark(on))).style(if on {
                    theme.title
                } else {
                    theme.dim
                }),
                Rect { width: lw, ..row },
            );
            let field = Rect {
                x: row.x + lw,
                width: row.width - lw,
                ..row
            };
            if on {
                input.set_cursor_style(theme.selected);
                input.set_placeholder_style(theme.dim);
                frame.render_widget(&*input, field);
            } else {
                let t = input.lines().join(" ");
                let shown = if t.is_empty() {
                    Line::styled(input.placeholder_text().to_string(), theme.dim)
                } else {
                    Line::from(clean(&t))
                };
                frame.render_widget(Paragraph::new(shown), field);
            }
            y += 1;
        }
        if self.focus == Focus::Did && !self.coping.is_empty() && y < inner.y + inner.height {
            frame.render_widget(
                Paragraph::new(Line::styled(
                    "  ↑↓ pick from your plan's coping steps",
                    theme.dim,
                )),
                Rect {
                    x: inner.x,
                    y,
                    width: inner.width,
                    height: 1,
                },
            );
        }
    }
}

/// After an urge that ended in using: a kind offer of a new start on a
/// clock. Nothing happens unless the user says yes.
pub struct UsedOffer {
    /// (clock id, label)
    pub clocks: Vec<(i64, String)>,
    pub chosen: usize,
}

/// The words of the offer: a slip is information, not the end.
pub const USED_WORDS: &str = "A slip is information, not the end. The days before it still count, and they stay in your history.";

impl UsedOffer {
    /// A key: the arrows choose a clock; yes starts a new count on it;
    /// anything else closes. Returns `Some(id)` to reset, `None` to stay
    /// or close (`done` says which).
    pub fn key(&mut self, key: KeyEvent, keys: &KeyMap) -> (Option<i64>, bool) {
        match (keys.lookup(Context::Popup, &key), key.code) {
            (Some(Action::Confirm), _) => (self.clocks.get(self.chosen).map(|c| c.0), true),
            (_, KeyCode::Left | KeyCode::Up) => {
                self.chosen = self.chosen.saturating_sub(1);
                (None, false)
            }
            (_, KeyCode::Right | KeyCode::Down | KeyCode::Tab) => {
                self.chosen = (self.chosen + 1).min(self.clocks.len().saturating_sub(1));
                (None, false)
            }
            _ => (None, true),
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme, keys: &KeyMap) {
        let rect = centered(
            area,
            area.width.saturating_sub(2).min(60),
            9.min(area.height),
        );
        frame.render_widget(Clear, rect);
        let mut clocks = vec![Span::raw("Clock: ")];
        for (i, (_, label)) in self.clocks.iter().enumerate() {
            let style = if i == self.chosen {
                theme.selected
            } else {
                theme.dim
            };
            clocks.push(Span::styled(format!(" {} ", clean(label)), style));
        }
        let lines = vec![
            Line::from(USED_WORDS),
            Line::from(""),
            Line::from("Would you like a new start on a clock today? Only if you want to."),
            Line::from(clocks),
        ];
        let foot = format!(
            " ←→ choose · {} new start today · {} not now ",
            keys.label(Context::Popup, Action::Confirm),
            keys.label(Context::Popup, Action::Deny)
        );
        frame.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: true }).block(
                popup_block(" Thank you for being honest ", theme)
                    .title_bottom(Line::styled(foot, theme.dim)),
            ),
            rect,
        );
    }
}

/// After a journal entry with a craving of 7 or more: "Reach out now?",
/// with the plan's first coping step and the people due or marked for
/// emergencies. One key dismisses; the crisis key opens the crisis screen.
pub struct ReachOutOffer {
    pub first_step: Option<String>,
    /// "Sam · 555-0100 (emergency)".
    pub people: Vec<String>,
}

impl ReachOutOffer {
    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme, keys: &KeyMap) {
        let mut lines = vec![Line::from(
            "That was a strong craving. Cravings rise and fall like a wave.",
        )];
        lines.push(Line::from(""));
        match &self.first_step {
            Some(s) => lines.push(Line::from(vec![
                Span::styled("First, what helps: ", theme.title),
                Span::raw(clean(s)),
            ])),
            None => lines.push(Line::styled(
                "Write what helps you in the Plan pane, so it is here next time.",
                theme.dim,
            )),
        }
        if !self.people.is_empty() {
            lines.push(Line::styled("Your people:", theme.title));
            for p in self.people.iter().take(4) {
                lines.push(Line::from(format!("  {}", clean(p))));
            }
        }
        let height = (lines.len() as u16 + 3).min(area.height);
        let rect = centered(area, area.width.saturating_sub(2).min(64), height);
        frame.render_widget(Clear, rect);
        let foot = format!(
            " {} crisis screen · any other key closes ",
            keys.label(Context::Global, Action::Crisis)
        );
        frame.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: true }).block(
                popup_block(" Reach out now? ", theme).title_bottom(Line::styled(foot, theme.dim)),
            ),
            rect,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn quick_keys_set_intensity_halt_and_outcome() {
        let keys = KeyMap::default();
        let mut f = UrgeForm::new(vec!["walk".into(), "call Sam".into()]);
        assert!(!f.changed());
        for c in ['7', 'l', 't', 'p'] {
            assert_eq!(f.key(k(c), &keys), UrgeKey::Stay);
        }
        assert_eq!(f.intensity, 7);
        assert_eq!(f.halt.names(), vec!["lonely", "tired"]);
        assert_eq!(f.outcome, Some(Outcome::Passed));
        f.key(k('p'), &keys);
        assert_eq!(f.outcome, None, "the same key again clears it");
        // Enter to the trigger, type, Enter to what I did, pick, Enter saves.
        f.key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE), &keys);
        for c in "payday".chars() {
            f.key(k(c), &keys);
        }
        f.key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE), &keys);
        f.key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE), &keys);
        f.key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE), &keys);
        assert_eq!(f.did().as_deref(), Some("call Sam"));
        assert_eq!(f.trigger().as_deref(), Some("payday"));
        assert_eq!(
            f.key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE), &keys),
            UrgeKey::Save
        );
    }

    #[test]
    fn esc_asks_before_throwing_away_and_no_keeps_it() {
        let keys = KeyMap::default();
        let mut f = UrgeForm::new(Vec::new());
        let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(
            f.key(esc, &keys),
            UrgeKey::Cancel,
            "nothing entered: closes"
        );
        let mut f = UrgeForm::new(Vec::new());
        f.key(k('8'), &keys);
        assert_eq!(f.key(esc, &keys), UrgeKey::Stay);
        assert!(f.discarding);
        assert_eq!(f.key(k('n'), &keys), UrgeKey::Stay);
        assert_eq!(f.intensity, 8);
        f.key(esc, &keys);
        assert_eq!(f.key(k('y'), &keys), UrgeKey::Cancel);
    }
}
