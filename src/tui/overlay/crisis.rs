//! The crisis screen (DESIGN.md §8.1): in this order, your people (everyone
//! with a phone or an email, emergency contacts first, with the time since
//! you last reached them), what helps (the plan's coping steps), your
//! reasons, then the helplines with the country they serve.
//!
//! Reachable with one key from everywhere: every pane, every editor (its
//! own key, so the text keeps its characters), the "terminal too small"
//! screen and the lock screen. On the lock screen your people stay hidden;
//! the coping steps and reasons show only when the config allows it
//! (`crisis_when_locked`); the helplines always show. It scrolls at any
//! size: lines are wrapped here, so the scroll is exact.
//!
//! The same lines are printed by `mend crisis` ([`Crisis::text`]), so the
//! screen and the command never differ.

use std::cell::Cell;

use anyhow::Result;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthChar;

use crate::config::{Config, Helpline};
use crate::domain::contacts::Contact;
use crate::keys::{Action, Context, KeyMap};
use crate::store::Store;
use crate::tui::theme::Theme;
use crate::tui::widgets::{clean, popup_block};

/// One of the user's own people, shown first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrisisContact {
    pub id: i64,
    pub name: String,
    pub role: String,
    /// Empty when no phone number is saved.
    pub phone: String,
    /// Empty when no email is saved.
    pub email: String,
    pub emergency: bool,
    /// The day of the last logged reach-out.
    pub last: Option<NaiveDate>,
}

/// What a key on the crisis screen asks of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CrisisOutcome {
    /// Nothing beyond the screen itself.
    Stay,
    /// A reach-out was logged (the message says to whom).
    Logged(String),
    /// Log the urge now (the urge form opens over the screen).
    Urge,
}

/// The state of the crisis screen.
#[derive(Debug, Clone)]
pub struct Crisis {
    pub contacts: Vec<CrisisContact>,
    /// The people are behind the lock (the journal is locked).
    pub people_locked: bool,
    /// The plan's coping steps, in order.
    pub coping: Vec<String>,
    /// The plan's reasons.
    pub reasons: Vec<String>,
    /// The plan is behind the lock (and the config keeps it there).
    pub plan_locked: bool,
    pub helplines: Vec<Helpline>,
    pub today: NaiveDate,
    /// The person a reach-out is logged for.
    pub selected: usize,
    /// What was last logged from this screen, shown on it (the status line
    /// is hidden under the screen).
    pub logged: Option<String>,
    /// The first row shown.
    scroll: Cell<usize>,
    /// Keep the chosen person in view at the next draw.
    follow: Cell<bool>,
    /// Rows in view and rows in all, as last drawn.
    view_rows: Cell<usize>,
    total_rows: Cell<usize>,
    last_width: Cell<usize>,
}

/// The line that opens the crisis screen.
pub const GROUNDING: &str = "Reach out now. A craving passes.";

/// The note logged when you reach out from this screen.
pub const LOG_NOTE: &str = "reached out from the crisis screen";

/// Shown when nobody has a phone number or an email yet.
pub const NO_CONTACTS: &str = "No one with a phone or email yet: add your people in Contacts.";

/// Shown when the journal is locked and your people with it.
pub const PEOPLE_LOCKED: &str = "Locked with your passphrase. The helplines below need none.";

/// Shown when the plan is written but hidden behind the lock.
pub const PLAN_LOCKED: &str = "Locked too (crisis_when_locked = true in the config shows it).";

/// Shown when the plan has no coping steps yet.
pub const NO_COPING: &str = "Leave, eat, call, walk. Write your own steps in the Plan.";

impl Crisis {
    fn new(config: &Config, today: NaiveDate) -> Crisis {
        Crisis {
            contacts: Vec::new(),
            people_locked: false,
            coping: Vec::new(),
            reasons: Vec::new(),
            plan_locked: false,
            helplines: config.helplines.clone(),
            today,
            selected: 0,
            logged: None,
            scroll: Cell::new(0),
            follow: Cell::new(false),
            view_rows: Cell::new(0),
            total_rows: Cell::new(0),
            last_width: Cell::new(0),
        }
    }

    /// Reads your people and the plan from the store.
    pub fn load(store: &Store, config: &Config, today: NaiveDate) -> Result<Crisis> {
        let mut c = Crisis::new(config, today);
        c.contacts = people(store.contacts()?);
        let plan = store.plan()?;
        c.coping = plan.coping;
        c.reasons = plan.reasons;
        Ok(c)
    }

    /// The screen without the user's data (when the store fails).
    pub fn helplines_only(config: &Config, today: NaiveDate) -> Crisis {
        Crisis::new(config, today)
    }

    /// The screen over a locked journal: your people hidden; the plan
    /// (`coping`, `reasons`) shown only when given, that is when the
    /// config allows it.
    pub fn locked(
        config: &Config,
        today: NaiveDate,
        plan: Option<(Vec<String>, Vec<String>)>,
    ) -> Crisis {
        let mut c = Crisis::new(config, today);
        c.people_locked = true;
        match plan {
            Some((coping, reasons)) => {
                c.coping = coping;
                c.reasons = reasons;
            }
            None => c.plan_locked = true,
        }
        c
    }

    /// The chosen person, if any can be chosen.
    pub fn chosen(&self) -> Option<&CrisisContact> {
        if self.people_locked {
            return None;
        }
        self.contacts
            .get(self.selected.min(self.contacts.len().saturating_sub(1)))
    }

    /// A key while the screen is open: the list keys move (choose a person,
    /// then scroll past the last one), page and jump; a pane number
    /// (`tab-N`) chooses a person; the log key logs a reach-out to them; the urge key asks for
    /// the urge form. (Closing is the app's: Esc, the quit key.)
    pub fn key(
        &mut self,
        key: KeyEvent,
        keys: &KeyMap,
        store: Option<&mut Store>,
        today: NaiveDate,
    ) -> Result<CrisisOutcome> {
        let global = keys.lookup(Context::Global, &key);
        if global == Some(Action::Urge) {
            return Ok(if self.people_locked {
                CrisisOutcome::Stay
            } else {
                CrisisOutcome::Urge
            });
        }
        // A pane number chooses that person.
        if let Some(Action::GoTab(i)) = global {
            if !self.people_locked && i < self.contacts.len() {
                self.selected = i;
                self.follow.set(true);
            }
            return Ok(CrisisOutcome::Stay);
        }
        let Some(action) = keys
            .lookup(Context::List, &key)
            .or_else(|| keys.lookup(Context::Popup, &key))
        else {
            return Ok(CrisisOutcome::Stay);
        };
        let people = if self.people_locked {
            0
        } else {
            self.contacts.len()
        };
        let page = self.view_rows.get().saturating_sub(1).max(1);
        match action {
            Action::Down if self.selected + 1 < people => {
                self.selected += 1;
                self.follow.set(true);
            }
            Action::Up if self.selected > 0 && self.person_visible(self.selected - 1) => {
                self.selected -= 1;
                self.follow.set(true);
            }
            Action::Down | Action::ScrollDown => self.scroll_by(1),
            Action::Up | Action::ScrollUp => self.scroll_by(-1),
            Action::PageDown => self.scroll_by(page as isize),
            Action::PageUp => self.scroll_by(-(page as isize)),
            Action::Top => {
                self.scroll.set(0);
                self.selected = 0;
            }
            Action::Bottom => self.scroll_by(isize::MAX / 2),
            Action::Log => {
                let (Some(c), Some(store)) = (self.chosen().cloned(), store) else {
                    return Ok(CrisisOutcome::Stay);
                };
                store.log_contact(c.id, today, Some(LOG_NOTE), today)?;
                let msg = format!(
                    "Logged: you reached out to {}. That took courage.",
                    clean(&c.name)
                );
                if let Some(p) = self.contacts.iter_mut().find(|p| p.id == c.id) {
                    p.last = Some(today);
                }
                self.logged = Some(msg.clone());
                return Ok(CrisisOutcome::Logged(msg));
            }
            _ => {}
        }
        Ok(CrisisOutcome::Stay)
    }

    /// Mouse wheel: scroll the screen.
    pub fn wheel(&mut self, down: bool) {
        self.scroll_by(if down { 3 } else { -3 });
    }

    fn scroll_by(&mut self, by: isize) {
        self.follow.set(false);
        let max = self.total_rows.get().saturating_sub(self.view_rows.get());
        let now = self.scroll.get() as isize;
        self.scroll
            .set(now.saturating_add(by).clamp(0, max as isize) as usize);
    }

    /// Whether person `i`'s row is on screen now (or nothing was drawn yet).
    fn person_visible(&self, i: usize) -> bool {
        let Some(row) = self.person_row(i, self.last_width.get()) else {
            return true;
        };
        let top = self.scroll.get();
        self.view_rows.get() == 0 || (row >= top && row < top + self.view_rows.get())
    }

    /// The screen as lines: each a line and the indent its wrapped rows
    /// take. `selected` marks the chosen person (the TUI); `None` draws no
    /// marker (`mend crisis`).
    pub fn screen_lines(
        &self,
        theme: &Theme,
        selected: Option<usize>,
    ) -> Vec<(Line<'static>, usize)> {
        self.tagged_lines(theme, selected)
            .into_iter()
            .map(|(l, i, _)| (l, i))
            .collect()
    }

    /// [`Crisis::screen_lines`], each with the person it shows, if any.
    fn tagged_lines(
        &self,
        theme: &Theme,
        selected: Option<usize>,
    ) -> Vec<(Line<'static>, usize, Option<usize>)> {
        let big = theme.title.add_modifier(Modifier::BOLD);
        let number = theme.key.add_modifier(Modifier::BOLD);
        let mut lines: Vec<(Line<'static>, usize, Option<usize>)> =
            vec![(Line::styled(GROUNDING, big), 0, None)];
        match &self.logged {
            Some(msg) if selected.is_some() => {
                lines.push((Line::styled(format!("✓ {msg}"), theme.ok), 2, None))
            }
            _ => lines.push((Line::from(""), 0, None)),
        }
        lines.push((Line::styled("Your people", theme.title), 0, None));
        if self.people_locked {
            lines.push((
                Line::styled(format!("  {PEOPLE_LOCKED}"), theme.dim),
                2,
                None,
            ));
        } else if self.contacts.is_empty() {
            lines.push((Line::styled(format!("  {NO_CONTACTS}"), theme.dim), 2, None));
        }
        let shown: &[CrisisContact] = if self.people_locked {
            &[]
        } else {
            &self.contacts
        };
        let how_w = shown
            .iter()
            .map(|c| how(c).chars().count())
            .max()
            .unwrap_or(0)
            .min(24);
        for (i, c) in shown.iter().enumerate() {
            let chosen = selected == Some(i);
            let marker = if chosen { "›" } else { " " };
            let name_style = if chosen {
                theme.selected
            } else {
                Style::default()
            };
            let key = if i < 9 {
                format!("{}", i + 1)
            } else {
                " ".into()
            };
            let star = if c.emergency { " ★" } else { "" };
            let mut spans = vec![
                Span::raw(marker),
                Span::styled(key, theme.key),
                Span::raw("  "),
                Span::styled(format!("{:<how_w$}", how(c)), number),
                Span::raw("  "),
                Span::styled(format!("{} ({}){star}", clean(&c.name), c.role), name_style),
            ];
            spans.push(Span::styled(
                format!(" · {}", reached(c.last, self.today)),
                theme.dim,
            ));
            lines.push((Line::from(spans), 4, Some(i)));
            if !c.phone.is_empty() && !c.email.is_empty() {
                lines.push((
                    Line::styled(format!("    {}", clean(&c.email)), theme.dim),
                    4,
                    None,
                ));
            }
        }
        lines.push((Line::from(""), 0, None));
        lines.push((Line::styled("What helps", theme.title), 0, None));
        if self.plan_locked {
            lines.push((Line::styled(format!("  {PLAN_LOCKED}"), theme.dim), 2, None));
        } else if self.coping.is_empty() {
            lines.push((Line::styled(format!("  {NO_COPING}"), theme.dim), 2, None));
        }
        for (i, step) in self.coping.iter().enumerate() {
            lines.push((Line::from(format!("  {}. {}", i + 1, clean(step))), 5, None));
        }
        if !self.reasons.is_empty() {
            lines.push((Line::from(""), 0, None));
            lines.push((Line::styled("Your reasons", theme.title), 0, None));
            for r in &self.reasons {
                lines.push((Line::from(format!("  • {}", clean(r))), 4, None));
            }
        }
        lines.push((Line::from(""), 0, None));
        lines.push((Line::styled("Helplines", theme.title), 0, None));
        let num_w = self
            .helplines
            .iter()
            .map(|h| clean(&h.number).chars().count())
            .max()
            .unwrap_or(0)
            .min(16);
        for h in &self.helplines {
            let country = if h.country.trim().is_empty() {
                String::new()
            } else {
                format!(" ({})", clean(h.country.trim()))
            };
            let note = if h.note.is_empty() {
                String::new()
            } else {
                format!(" — {}", clean(&h.note))
            };
            lines.push((
                Line::from(vec![
                    Span::raw("   "),
                    Span::styled(format!("{:<num_w$}", clean(&h.number)), number),
                    Span::raw("  "),
                    Span::raw(format!("{}{country}{note}", clean(&h.name))),
                ]),
                5 + num_w.min(8),
                None,
            ));
        }
        lines
    }

    /// The screen as plain text, as `mend crisis` prints it. With `ansi`,
    /// bold text (the numbers) is marked with escape codes.
    pub fn text(&self, ansi: bool) -> String {
        let mut out = String::new();
        for (line, _) in self.screen_lines(&Theme::plain(), None) {
            for span in &line.spans {
                let bold = ansi && span.style.add_modifier.contains(Modifier::BOLD);
                if bold {
                    out.push_str("\x1b[1m");
                }
                out.push_str(&span.content);
                if bold {
                    out.push_str("\x1b[0m");
                }
            }
            let trimmed = out.trim_end_matches(' ').len();
            out.truncate(trimmed);
            out.push('\n');
        }
        out
    }

    /// The rows of the screen at `width`, wrapped by word.
    fn rows(&self, theme: &Theme, width: usize) -> Vec<Line<'static>> {
        self.screen_lines(theme, Some(self.selected))
            .into_iter()
            .flat_map(|(line, indent)| wrap(line, width, indent))
            .collect()
    }

    /// The first row of person `i` at `width`.
    fn person_row(&self, i: usize, width: usize) -> Option<usize> {
        if width == 0 || self.people_locked || i >= self.contacts.len() {
            return None;
        }
        let mut row = 0;
        for (line, indent, person) in self.tagged_lines(&Theme::plain(), Some(self.selected)) {
            if person == Some(i) {
                return Some(row);
            }
            row += wrap(line, width, indent).len();
        }
        None
    }

    /// Draws the screen over `area`, whatever its size; it scrolls.
    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme, keys: &KeyMap) {
        frame.render_widget(Clear, area);
        let hint = self.hint(keys, area.width.saturating_sub(4) as usize);
        let block = popup_block(" Crisis — you are not alone ", theme)
            .title_bottom(Line::styled(hint, theme.dim));
        let inner = block.inner(area);
        let width = usize::from(inner.width);
        self.last_width.set(width);
        let rows = self.rows(theme, width.max(1));
        let height = usize::from(inner.height);
        self.view_rows.set(height);
        self.total_rows.set(rows.len());
        let max = rows.len().saturating_sub(height);
        if self.follow.get()
            && let Some(r) = self.person_row(self.selected, width)
        {
            let top = self.scroll.get();
            if r < top {
                self.scroll.set(r);
            } else if height > 0 && r >= top + height {
                self.scroll.set(r + 1 - height);
            }
            self.follow.set(false);
        }
        self.scroll.set(self.scroll.get().min(max));
        let top = self.scroll.get();
        let mut shown: Vec<Line<'static>> = rows.into_iter().skip(top).take(height).collect();
        // Say there is more, on the last row, when there is.
        if top < max && height > 1 {
            shown.pop();
            shown.push(Line::styled("  ↓ more below", theme.dim));
        }
        frame.render_widget(Paragraph::new(shown).block(block), area);
    }

    /// The keys the screen answers, from the key map, as fits in `room`;
    /// the key that closes it always shows.
    fn hint(&self, keys: &KeyMap, room: usize) -> String {
        let mut items: Vec<(String, &str)> = Vec::new();
        let can_choose = !self.people_locked && !self.contacts.is_empty();
        let updown = format!(
            "{} {}",
            keys.label(Context::List, Action::Up),
            keys.label(Context::List, Action::Down)
        );
        if can_choose {
            items.push((keys.label(Context::List, Action::Log), "log a reach-out"));
        }
        if !self.people_locked {
            items.push((keys.label(Context::Global, Action::Urge), "log the urge"));
        }
        items.push((updown, if can_choose { "choose" } else { "scroll" }));
        let close = format!("{} close", keys.label(Context::Popup, Action::Deny));
        let mut parts: Vec<String> = Vec::new();
        let mut used = close.chars().count() + 2;
        for (k, what) in items.into_iter().filter(|(k, _)| !k.is_empty()) {
            let part = format!("{k} {what}");
            if used + part.chars().count() + 3 > room {
                continue;
            }
            used += part.chars().count() + 3;
            parts.push(part);
        }
        parts.push(close);
        format!(" {} ", parts.join(" · "))
    }
}

/// Everyone with a phone or an email, and every emergency contact (even
/// one with no number yet): emergency contacts first, then the rest, each
/// group in the store's order (by role, then name).
pub fn people(contacts: Vec<Contact>) -> Vec<CrisisContact> {
    let mut out: Vec<CrisisContact> = contacts
        .into_iter()
        .filter(|c| c.emergency || has(&c.phone) || has(&c.email))
        .map(|c| CrisisContact {
            id: c.id,
            name: c.name,
            role: c.role.as_str().to_string(),
            phone: c.phone.filter(|p| !p.trim().is_empty()).unwrap_or_default(),
            email: c.email.filter(|e| !e.trim().is_empty()).unwrap_or_default(),
            emergency: c.emergency,
            last: c.last_contact,
        })
        .collect();
    out.sort_by_key(|c| !c.emergency);
    out
}

fn has(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|s| !s.trim().is_empty())
}

/// How to reach someone: the phone, else the email.
fn how(c: &CrisisContact) -> String {
    if !c.phone.is_empty() {
        clean(&c.phone)
    } else if !c.email.is_empty() {
        clean(&c.email)
    } else {
        "no number saved".to_string()
    }
}

/// The time since you last reached someone, in few words.
pub fn reached(last: Option<NaiveDate>, today: NaiveDate) -> String {
    match last.map(|d| (today - d).num_days()) {
        None => "not reached yet".into(),
        Some(d) if d <= 0 => "reached today".into(),
        Some(1) => "reached yesterday".into(),
        Some(d) => format!("reached {d} days ago"),
    }
}

/// Wraps a styled line to `width` columns by word (a word longer than the
/// width is cut), continuing rows at `indent` columns.
pub fn wrap(line: Line<'static>, width: usize, indent: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    let indent = if indent * 2 >= width { 0 } else { indent };
    let cells: Vec<(char, Style)> = line
        .spans
        .iter()
        .flat_map(|s| {
            let style = line.style.patch(s.style);
            s.content.chars().map(move |c| (c, style))
        })
        .collect();
    let w = |c: char| c.width().unwrap_or(0);
    let total: usize = cells.iter().map(|(c, _)| w(*c)).sum();
    if total <= width {
        return vec![line];
    }
    let mut rows = Vec::new();
    let mut start = 0;
    let mut first = true;
    while start < cells.len() {
        let room = if first { width } else { width - indent };
        let mut used = 0;
        let mut end = start;
        let mut last_space = None;
        while end < cells.len() && used + w(cells[end].0) <= room {
            if cells[end].0 == ' ' && end > start {
                last_space = Some(end);
            }
            used += w(cells[end].0);
            end += 1;
        }
        if end < cells.len()
            && let Some(sp) = last_space
            && cells[end].0 != ' '
        {
            end = sp;
        }
        if end == start {
            end = start + 1;
        }
        let mut spans: Vec<Span<'static>> = Vec::new();
        if !first {
            spans.push(Span::raw(" ".repeat(indent)));
        }
        let fixed = spans.len();
        for &(c, style) in &cells[start..end] {
            let n = spans.len();
            match spans.last_mut() {
                Some(s) if n > fixed && s.style == style => s.content.to_mut().push(c),
                _ => spans.push(Span::styled(c.to_string(), style)),
            }
        }
        rows.push(Line::from(spans));
        start = end;
        while start < cells.len() && cells[start].0 == ' ' {
            start += 1;
        }
        first = false;
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn text_has_no_escape_codes_unless_asked() {
        let c = Crisis::helplines_only(&Config::default(), day("2026-03-15"));
        let plain = c.text(false);
        assert!(!plain.contains('\x1b'));
        assert!(plain.starts_with(GROUNDING));
        assert!(plain.contains("988"));
        assert!(plain.contains("(US)"), "{plain}");
        assert!(c.text(true).contains("\x1b[1m988"));
    }

    #[test]
    fn reached_says_how_long_ago_in_words() {
        let t = day("2026-03-15");
        assert_eq!(reached(None, t), "not reached yet");
        assert_eq!(reached(Some(t), t), "reached today");
        assert_eq!(reached(Some(day("2026-03-14")), t), "reached yesterday");
        assert_eq!(reached(Some(day("2026-03-10")), t), "reached 5 days ago");
    }

    #[test]
    fn wrap_breaks_at_words_and_indents() {
        let rows = wrap(Line::from("  1. call my sponsor right now"), 14, 5);
        let text: Vec<String> = rows.iter().map(|l| l.to_string()).collect();
        assert_eq!(text, vec!["  1. call my", "     sponsor", "     right now"]);
        let long = wrap(Line::from("abcdefghij"), 4, 0);
        assert_eq!(long.len(), 3);
        assert_eq!(wrap(Line::from("short"), 10, 2).len(), 1);
    }

    #[test]
    fn locked_hides_people_and_plan_unless_allowed() {
        let c = Crisis::locked(&Config::default(), day("2026-03-15"), None);
        let t = c.text(false);
        assert!(t.contains("Locked with your passphrase"), "{t}");
        assert!(t.contains("Locked too"), "{t}");
        assert!(t.contains("988"));
        let c = Crisis::locked(
            &Config::default(),
            day("2026-03-15"),
            Some((vec!["walk".into()], vec!["my kids".into()])),
        );
        let t = c.text(false);
        assert!(t.contains("1. walk") && t.contains("my kids"), "{t}");
    }
}
