//! [`DueSection`], the "Reach out" list on the Today pane: who is due for a
//! reach-out, one selected, and a one-key log with an optional note.

use anyhow::Result;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{Ctx, Effect, Mode, View};
use crate::domain::contacts::Contact;
use crate::store::Store;
use crate::text::{clean, fit, width};
use crate::tui::component::{Hint, LineInput, hints};
use crate::tui::keys::{Action, Context, KeyMap};

/// The "Reach out" section for the Today pane: the contacts due for a
/// reach-out (most overdue first), one selected, and a one-key log.
///
/// To drop it into a pane:
/// - keep a `DueSection` in the pane and call [`DueSection::load`] from
///   `Pane::load` (`section.load(ctx.store, ctx.today)`);
/// - call [`DueSection::draw`] from `Pane::draw` with the area reserved for
///   it ([`DueSection::height`] says how many rows it would like);
/// - in `Pane::update`, offer the action first:
///   `if section.update(action, ctx)? { return Ok(()); }` — it consumes
///   `Log` (opens the note prompt), `Up`/`Down` (move between due contacts;
///   route these only when the section has the focus) and, while the note
///   prompt is open, `Save`/`Cancel`;
/// - in `Pane::input` and `Pane::paste`, offer keys/text the same way
///   ([`DueSection::input`], [`DueSection::paste`]): Enter logs, typing
///   writes the optional note;
/// - let `Pane::mode` return [`DueSection::mode`] when it is not
///   `Mode::Normal` (Text while the note prompt is open), and add
///   [`DueSection::help`] to `Pane::help`.
///
/// Logging pushes an `Info` and `Effect::ReloadAll`, and reloads itself.
#[derive(Debug, Default)]
pub struct DueSection {
    due: Vec<Contact>,
    selected: usize,
    /// The optional note being typed, while the prompt is open.
    note: Option<LineInput>,
    /// Whether the pane's cursor is in this list (its selection shows).
    focused: bool,
}

impl DueSection {
    /// Reads who is due on `today`, keeping the selection on the same person
    /// when they are still due.
    pub fn load(&mut self, store: &Store, today: NaiveDate) -> Result<()> {
        let keep = self.due.get(self.selected).map(|c| c.id);
        self.due = store.due_contacts(today)?;
        self.selected = keep
            .and_then(|id| self.due.iter().position(|c| c.id == id))
            .unwrap_or(0);
        if self.due.is_empty() {
            self.note = None;
        }
        Ok(())
    }

    /// The due contacts, most overdue first.
    pub fn due(&self) -> &[Contact] {
        &self.due
    }

    /// The selected due contact.
    pub fn selected(&self) -> Option<&Contact> {
        self.due.get(self.selected)
    }

    /// The position of the selected due contact (0 = most overdue).
    pub fn selected_index(&self) -> usize {
        self.selected
    }

    /// Rows this section would like, borders included.
    pub fn height(&self) -> u16 {
        let body = self.due.len().max(1) + usize::from(self.note.is_some());
        body.min(12) as u16 + 2
    }

    /// Text while the note prompt is open.
    pub fn mode(&self) -> Mode {
        if self.note.is_some() {
            Mode::Text
        } else {
            Mode::Normal
        }
    }

    /// Whether the note prompt holds typing.
    pub fn unsaved(&self) -> bool {
        self.note.as_ref().is_some_and(|n| !n.is_empty())
    }

    /// Whether the pane's cursor is in this list: the selected person is
    /// highlighted (the `log` key logs them either way).
    pub fn set_focus(&mut self, focused: bool) {
        self.focused = focused;
    }

    /// The status-line hints while the note prompt is open.
    pub fn hints(&self, keys: &KeyMap) -> Option<Vec<Hint>> {
        self.note.as_ref().map(|_| {
            hints(
                keys,
                &[
                    (Context::Editor, Action::Save, "log"),
                    (Context::Editor, Action::Cancel, "cancel"),
                ],
            )
        })
    }

    /// The keys this section answers, for `Pane::help`.
    pub fn help() -> Vec<(Action, &'static str)> {
        vec![(Action::Log, "log a reach-out to the selected due contact")]
    }

    /// Applies an action; returns whether the section used it.
    pub fn update(&mut self, action: Action, ctx: &mut Ctx) -> Result<bool> {
        if self.note.is_some() {
            match action {
                Action::Save => self.log(ctx)?,
                Action::Cancel => self.note = None,
                _ => {}
            }
            return Ok(true);
        }
        if self.due.is_empty() {
            return Ok(false);
        }
        match action {
            Action::Log => self.note = Some(LineInput::default().max_len(500)),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(self.due.len() - 1),
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// A key no binding claimed: typing the note; Enter logs. Returns
    /// whether the section used it.
    pub fn input(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Result<bool> {
        let Some(note) = self.note.as_mut() else {
            return Ok(false);
        };
        if key.code == KeyCode::Enter && key.modifiers == KeyModifiers::NONE {
            self.log(ctx)?;
        } else {
            note.input(key);
        }
        Ok(true)
    }

    /// Pasted text goes into the note (one line).
    pub fn paste(&mut self, text: &str) -> bool {
        match self.note.as_mut() {
            Some(note) => {
                note.paste(text);
                true
            }
            None => false,
        }
    }

    fn log(&mut self, ctx: &mut Ctx) -> Result<()> {
        let note = self.note.take().map(|n| n.value()).unwrap_or_default();
        let Some(c) = self.due.get(self.selected) else {
            return Ok(());
        };
        let text = Some(note.trim()).filter(|s| !s.is_empty());
        ctx.store.log_contact(c.id, ctx.today, text, ctx.today)?;
        ctx.info(format!("Logged a reach-out to {}", clean(&c.name)));
        ctx.effect(Effect::ReloadAll);
        self.load(ctx.store, ctx.today)
    }

    /// Draws the section (and the note prompt at its foot) in `area`.
    pub fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let log_key = view.keys.label(Context::List, Action::Log);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.dim)
            .title(Span::styled(" Reach out ", theme.title));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if inner.height == 0 {
            return;
        }
        let [list_area, prompt_area] = Layout::vertical([
            Constraint::Min(0),
            Constraint::Length(u16::from(self.note.is_some())),
        ])
        .areas(inner);
        let mut lines: Vec<Line> = Vec::new();
        if self.due.is_empty() {
            lines.push(Line::styled(
                "Nobody is due for a reach-out. You can still call anyone.",
                theme.dim,
            ));
        }
        for (i, c) in self.due.iter().enumerate() {
            let chosen = i == self.selected;
            let marked = chosen && (self.focused || self.note.is_some());
            let when = match c.days_since(view.today) {
                None => "not contacted yet".to_string(),
                Some(d) => format!("{d} days since last contact"),
            };
            let mut spans = vec![
                Span::styled(if chosen { "› " } else { "  " }, theme.accent),
                Span::styled(
                    clean(&c.name),
                    if marked {
                        theme.selected
                    } else {
                        Style::default()
                    },
                ),
                Span::styled(format!(" ({})", c.role), theme.dim),
            ];
            if let Some(p) = &c.phone {
                spans.push(Span::raw(format!("  {}", clean(p))));
            }
            spans.push(Span::styled(format!("  · {when}"), theme.warn));
            if chosen && self.note.is_none() {
                spans.push(Span::styled(format!("  {log_key} log"), theme.key));
            }
            lines.push(Line::from(spans));
        }
        let height = usize::from(list_area.height);
        let offset = if height > 0 && self.selected >= height {
            self.selected + 1 - height
        } else {
            0
        };
        frame.render_widget(
            Paragraph::new(lines).scroll((offset.min(u16::MAX as usize) as u16, 0)),
            list_area,
        );
        if let Some(note) = &self.note {
            let who = self.selected().map(|c| clean(&c.name)).unwrap_or_default();
            let label = format!("Note for {who} (optional): ");
            let foot = crate::tui::component::hint_line(&self.hints(view.keys).unwrap_or_default());
            let room = usize::from(prompt_area.width);
            // The note keeps at least half the row; the label and the keys
            // give way first.
            let label = fit(&label, room / 3);
            let foot = if room.saturating_sub(width(&label)) > width(&foot) + 24 {
                format!("  {foot}")
            } else {
                String::new()
            };
            let typing = room.saturating_sub(width(&label) + width(&foot));
            let mut spans = vec![Span::styled(label, theme.title)];
            spans.extend(note.spans(typing, Style::default(), theme.selected));
            spans.push(Span::styled(foot, theme.dim));
            frame.render_widget(Paragraph::new(Line::from(spans)), prompt_area);
        }
    }
}
