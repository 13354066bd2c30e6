//! The Contacts pane (the support system, grouped by role, with a detail view
//! and the reach-out log) and [`DueSection`], the "Reach out" list for the
//! Today pane.

use anyhow::Result;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::domain::contacts::{Contact, ContactInput, Role};
use crate::domain::{format_day, parse_day};
use crate::store::{self, Store};
use crate::tui::app::empty_state;
use crate::tui::keys::{Action, Context};
use crate::tui::pane::{Ctx, Effect, Mode, Pane, View};
use crate::tui::widgets::{Form, clean, draw_confirm};

/// Cuts `s` to `w` columns (with `…`) and pads it to exactly `w`.
fn fit(s: &str, w: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    if s.width() <= w {
        out.push_str(s);
        used = s.width();
    } else if w > 0 {
        for c in s.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > w - 1 {
                break;
            }
            out.push(c);
            used += cw;
        }
        out.push('…');
        used += 1;
    }
    out.push_str(&" ".repeat(w.saturating_sub(used)));
    out
}

/// "due" or "last: 3d ago" for a contact, or nothing to say.
fn reach_state(c: &Contact, today: NaiveDate) -> Option<String> {
    if c.is_due(today) {
        Some(match c.last_contact {
            None => "due".to_string(),
            Some(_) => format!("due · last: {}", c.last_label(today)),
        })
    } else {
        c.last_contact
            .map(|_| format!("last: {}", c.last_label(today)))
    }
}

/// The editor key hints for a form, read from the key map.
fn form_hints(view: &View) -> String {
    let k = view.keys;
    format!(
        "{} save · {} cancel · {} next field",
        k.label(Context::Editor, Action::Save),
        k.label(Context::Editor, Action::Cancel),
        k.label(Context::Editor, Action::NextField)
    )
}

/// What an open form is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FormKind {
    Add,
    Edit(i64),
    Log(i64),
}

/// The delete question.
struct Confirm {
    id: i64,
    question: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Screen {
    #[default]
    List,
    Detail,
}

/// The Contacts pane's state.
#[derive(Default)]
pub struct ContactsPane {
    contacts: Vec<Contact>,
    selected: usize,
    screen: Screen,
    detail_scroll: u16,
    form: Option<(FormKind, Form)>,
    /// Esc was pressed once on a changed form: the next Esc discards it.
    discard_armed: bool,
    confirm: Option<Confirm>,
    /// Select this contact after the next load (a new contact).
    select_id: Option<i64>,
    /// Where each contact's row was last drawn (screen row, index), for
    /// mouse clicks.
    row_hits: Vec<(u16, usize)>,
}

const ADD_FIELDS: usize = 7;
const ROLE_HINT: &str = "sponsor, mentor, counselor, family, friend, peer…";

impl ContactsPane {
    fn current(&self) -> Option<&Contact> {
        self.contacts.get(self.selected)
    }

    fn contact_form(title: String, c: Option<&Contact>) -> Form {
        let name = c.map(|c| c.name.clone()).unwrap_or_default();
        let role = c.map(|c| c.role.as_str().to_string()).unwrap_or_default();
        let phone = c.and_then(|c| c.phone.clone()).unwrap_or_default();
        let email = c.and_then(|c| c.email.clone()).unwrap_or_default();
        let cadence = c
            .and_then(|c| c.cadence_days)
            .map(|n| n.to_string())
            .unwrap_or_default();
        let emergency = match c {
            Some(c) if c.emergency => "y",
            Some(_) => "n",
            None => "",
        };
        let notes = c.and_then(|c| c.notes.clone()).unwrap_or_default();
        Form::new(
            title,
            &[
                ("Name", "who they are to you", &name),
                ("Role", ROLE_HINT, &role),
                ("Phone", "optional", &phone),
                ("Email", "optional", &email),
                ("Reach out every", "days, optional (e.g. 7)", &cadence),
                (
                    "Emergency",
                    "y/n: y shows them on the crisis screen",
                    emergency,
                ),
                ("Notes", "optional", &notes),
            ],
        )
        .tall(6, 2, &notes)
    }

    /// Reads the add/edit form, or says what is wrong with it.
    fn read_contact_form(form: &Form) -> Result<ContactInput, String> {
        debug_assert_eq!(form.fields.len(), ADD_FIELDS);
        let role_text = form.value(1);
        if role_text.is_empty() {
            return Err(format!("Role: choose one of {}", Role::valid_list()));
        }
        let role: Role = role_text.parse().map_err(|e| format!("{e}"))?;
        let cadence = match form.value(4) {
            s if s.is_empty() => None,
            s => Some(
                s.parse::<i64>()
                    .map_err(|_| "Reach out every: a number of days, or leave it empty")?,
            ),
        };
        let emergency = match form.value(5).to_lowercase().as_str() {
            "y" | "yes" | "true" => true,
            "" | "n" | "no" | "false" => false,
            _ => return Err("Emergency: type y or n".into()),
        };
        let opt = |i: usize| Some(form.value(i)).filter(|s| !s.is_empty());
        let input = ContactInput {
            name: form.value(0),
            role,
            phone: opt(2),
            email: opt(3),
            notes: opt(6),
            emergency,
            cadence_days: cadence,
        };
        input.normalized().map_err(|e| e.to_string())
    }

    fn open_form(&mut self, kind: FormKind, form: Form) {
        self.form = Some((kind, form));
        self.discard_armed = false;
    }

    fn submit(&mut self, ctx: &mut Ctx) -> Result<()> {
        let Some((kind, form)) = self.form.as_mut() else {
            return Ok(());
        };
        let kind = *kind;
        let result: Result<String, String> = match kind {
            FormKind::Add | FormKind::Edit(_) => match Self::read_contact_form(form) {
                Err(e) => Err(e),
                Ok(input) => {
                    let done = match kind {
                        FormKind::Edit(id) => ctx.store.update_contact(id, &input).map(|()| id),
                        _ => ctx.store.add_contact(&input),
                    };
                    match done {
                        Ok(id) => {
                            self.select_id = Some(id);
                            Ok(if kind == FormKind::Add {
                                format!("Added {}", clean(&input.name))
                            } else {
                                format!("Saved {}", clean(&input.name))
                            })
                        }
                        Err(e) => Err(user_error(e)?),
                    }
                }
            },
            FormKind::Log(id) => match parse_day(&form.value(1), ctx.today) {
                Err(e) => Err(format!("Day: {e}")),
                Ok(day) => {
                    let note = form.value(0);
                    let note = Some(note.as_str()).filter(|s| !s.is_empty());
                    match ctx.store.log_contact(id, day, note, ctx.today) {
                        Ok(_) => {
                            let name = self
                                .contacts
                                .iter()
                                .find(|c| c.id == id)
                                .map(|c| clean(&c.name))
                                .unwrap_or_default();
                            Ok(format!(
                                "Logged a reach-out to {name} on {}",
                                format_day(day)
                            ))
                        }
                        Err(e) => Err(user_error(e)?),
                    }
                }
            },
        };
        match result {
            Ok(msg) => {
                self.form = None;
                ctx.info(msg);
                ctx.effect(Effect::ReloadAll);
            }
            Err(msg) => {
                if let Some((_, form)) = self.form.as_mut() {
                    form.error = Some(clean(&msg).replace('\n', " "));
                }
            }
        }
        Ok(())
    }

    fn move_to(&mut self, i: usize) {
        if !self.contacts.is_empty() {
            self.selected = i.min(self.contacts.len() - 1);
            self.detail_scroll = 0;
        }
    }

    fn draw_list(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.dim)
            .title(Span::styled(
                format!(" Contacts · {} ", self.contacts.len()),
                theme.title,
            ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let width = usize::from(inner.width);
        let phone_w = self
            .contacts
            .iter()
            .map(|c| c.phone.as_deref().map_or(0, |p| clean(p).width()))
            .max()
            .unwrap_or(0)
            .min(16);
        let name_max = self
            .contacts
            .iter()
            .map(|c| clean(&c.name).width())
            .max()
            .unwrap_or(0);
        // Marker (3) + name + 2 + phone + 2, leaving room for the marks.
        let name_w = name_max
            .min(24)
            .min(width.saturating_sub(phone_w + 7 + 14).max(10));
        let any_emergency = self.contacts.iter().any(|c| c.emergency);
        let mut lines: Vec<Line> = Vec::new();
        let mut selected_row = 0;
        let mut role = None;
        let mut rows = Vec::with_capacity(self.contacts.len());
        for (i, c) in self.contacts.iter().enumerate() {
            if role != Some(c.role) {
                lines.push(Line::styled(c.role.heading(), theme.title));
                role = Some(c.role);
            }
            rows.push((lines.len(), i));
            let chosen = i == self.selected;
            if chosen {
                selected_row = lines.len();
            }
            let marker = if chosen { " › " } else { "   " };
            let name_style = if chosen {
                theme.selected
            } else {
                Style::default()
            };
            let phone = c.phone.as_deref().map(clean).unwrap_or_default();
            let mut spans = vec![
                Span::styled(marker, theme.accent),
                Span::styled(fit(&clean(&c.name), name_w), name_style),
                Span::raw("  "),
                Span::raw(fit(&phone, phone_w)),
                Span::raw("  "),
            ];
            if c.emergency {
                spans.push(Span::styled("★ emergency  ", theme.warn));
            } else if any_emergency {
                spans.push(Span::raw(" ".repeat("★ emergency  ".width())));
            }
            if let Some(state) = reach_state(c, view.today) {
                let style = if c.is_due(view.today) {
                    theme.warn
                } else {
                    theme.dim
                };
                spans.push(Span::styled(state, style));
            }
            lines.push(Line::from(spans));
        }
        let height = usize::from(inner.height);
        let offset = if height > 0 && selected_row >= height {
            selected_row + 1 - height
        } else {
            0
        };
        self.row_hits = rows
            .into_iter()
            .filter(|(line, _)| (offset..offset + height).contains(line))
            .map(|(line, i)| (inner.y + (line - offset) as u16, i))
            .collect();
        frame.render_widget(
            Paragraph::new(lines).scroll((offset.min(u16::MAX as usize) as u16, 0)),
            inner,
        );
    }

    fn detail_lines(c: &Contact, view: &View) -> Vec<Line<'static>> {
        let theme = view.theme;
        let today = view.today;
        let label = |s: &'static str| Span::styled(format!("{s:<9}"), theme.dim);
        let mut lines = vec![];
        let mut head = vec![Span::styled(c.role.as_str().to_string(), theme.title)];
        if c.emergency {
            head.push(Span::styled(
                "  ★ emergency (on the crisis screen)",
                theme.warn,
            ));
        }
        lines.push(Line::from(head));
        if let Some(p) = &c.phone {
            lines.push(Line::from(vec![label("Phone"), Span::raw(clean(p))]));
        }
        if let Some(e) = &c.email {
            lines.push(Line::from(vec![label("Email"), Span::raw(clean(e))]));
        }
        let last = match c.last_contact {
            Some(d) => format!("{} ({})", c.last_label(today), format_day(d)),
            None => "no reach-out logged yet".to_string(),
        };
        lines.push(Line::from(vec![label("Last"), Span::raw(last)]));
        if let Some(n) = c.cadence_days {
            let (state, style) = if c.is_due(today) {
                ("due now", theme.warn)
            } else {
                ("not due yet", theme.dim)
            };
            lines.push(Line::from(vec![
                label("Cadence"),
                Span::raw(format!("every {n} days · ")),
                Span::styled(state, style),
            ]));
        }
        if let Some(n) = &c.notes {
            lines.push(Line::from(""));
            lines.push(Line::styled("Notes", theme.title));
            for l in clean(n).lines() {
                lines.push(Line::from(l.to_string()));
            }
        }
        lines.push(Line::from(""));
        lines.push(Line::styled(
            format!("Reach-outs · {}", c.log.len()),
            theme.title,
        ));
        if c.log.is_empty() {
            lines.push(Line::styled(
                format!(
                    "None yet. {} logs a call, a message or a meeting.",
                    view.keys.label(Context::List, Action::Log)
                ),
                theme.dim,
            ));
        }
        for l in &c.log {
            lines.push(Line::from(vec![
                Span::styled(format!("{}  ", format_day(l.day)), theme.dim),
                Span::raw(l.note.as_deref().map(clean).unwrap_or_default()),
            ]));
        }
        lines
    }

    fn draw_detail(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        let Some(c) = self.contacts.get(self.selected) else {
            return;
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(view.theme.dim)
            .title(Span::styled(
                format!(" {} ", clean(&c.name)),
                view.theme.title,
            ))
            .title_bottom(Line::styled(
                format!(" {} back ", view.keys.label(Context::List, Action::Back)),
                view.theme.dim,
            ));
        let lines = Self::detail_lines(c, view);
        let last = u16::try_from(lines.len().saturating_sub(1)).unwrap_or(u16::MAX);
        self.detail_scroll = self.detail_scroll.min(last);
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((self.detail_scroll, 0))
                .block(block),
            area,
        );
    }
}

/// Turns a store refusal into a message for the form; other errors go up.
fn user_error(e: store::Error) -> Result<String> {
    match e {
        store::Error::Invalid(m) | store::Error::NotFound(m) => Ok(m),
        other => Err(other.into()),
    }
}

impl Pane for ContactsPane {
    fn external_editor(&self) -> bool {
        true
    }

    fn title(&self) -> &'static str {
        "Contacts"
    }

    fn load(&mut self, ctx: &mut Ctx) -> Result<()> {
        let keep = self
            .select_id
            .take()
            .or_else(|| self.current().map(|c| c.id));
        self.contacts = ctx.store.contacts()?;
        if let Some(id) = keep
            && let Some(i) = self.contacts.iter().position(|c| c.id == id)
        {
            self.selected = i;
        }
        self.selected = self.selected.min(self.contacts.len().saturating_sub(1));
        if self.contacts.is_empty() {
            self.screen = Screen::List;
        }
        Ok(())
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Result<()> {
        if let Some(confirm) = &self.confirm {
            match action {
                Action::Confirm => {
                    let id = confirm.id;
                    self.confirm = None;
                    let name = self
                        .contacts
                        .iter()
                        .find(|c| c.id == id)
                        .map(|c| clean(&c.name))
                        .unwrap_or_default();
                    ctx.store.delete_contact(id)?;
                    self.screen = Screen::List;
                    ctx.info(format!("Deleted {name}"));
                    ctx.effect(Effect::ReloadAll);
                }
                Action::Deny => self.confirm = None,
                _ => {}
            }
            return Ok(());
        }
        if let Some((_, form)) = self.form.as_mut() {
            match action {
                Action::Save => self.submit(ctx)?,
                Action::Cancel => {
                    if form.changed() && !self.discard_armed {
                        self.discard_armed = true;
                        form.error = Some(format!(
                            "Unsaved changes: {} again discards them",
                            ctx.keys.label(Context::Editor, Action::Cancel)
                        ));
                    } else {
                        self.form = None;
                    }
                }
                Action::NextField => form.next(),
                Action::PrevField => form.prev(),
                Action::ExternalEditor => {
                    let text = form.value(form.focus);
                    ctx.effect(Effect::ExternalEditor(text));
                }
                _ => {}
            }
            return Ok(());
        }
        let page = 10;
        match (action, self.screen) {
            (Action::New, _) => {
                self.open_form(
                    FormKind::Add,
                    Self::contact_form("New contact".into(), None),
                );
            }
            (Action::Back, _) => self.screen = Screen::List,
            _ if self.contacts.is_empty() => {}
            (Action::Up, Screen::Detail) => {
                self.detail_scroll = self.detail_scroll.saturating_sub(1)
            }
            (Action::Down, Screen::Detail) => self.detail_scroll += 1,
            (Action::PageUp, Screen::Detail) => {
                self.detail_scroll = self.detail_scroll.saturating_sub(page)
            }
            (Action::PageDown, Screen::Detail) => self.detail_scroll += page,
            (Action::Top, Screen::Detail) => self.detail_scroll = 0,
            (Action::Up, _) => self.move_to(self.selected.saturating_sub(1)),
            (Action::Down, _) => self.move_to(self.selected + 1),
            (Action::PageUp, _) => self.move_to(self.selected.saturating_sub(page.into())),
            (Action::PageDown, _) => self.move_to(self.selected + usize::from(page)),
            (Action::Top, _) => self.move_to(0),
            (Action::Bottom, _) => self.move_to(usize::MAX),
            (Action::Open, _) => {
                self.screen = Screen::Detail;
                self.detail_scroll = 0;
            }
            (Action::Edit, _) => {
                if let Some(c) = self.current() {
                    let form = Self::contact_form(format!("Edit {}", clean(&c.name)), Some(c));
                    let id = c.id;
                    self.open_form(FormKind::Edit(id), form);
                }
            }
            (Action::Log, _) => {
                if let Some(c) = self.current() {
                    let form = Form::new(
                        format!("Reach-out with {}", clean(&c.name)),
                        &[
                            ("Note", "optional: called after work", ""),
                            ("Day", "today, yesterday, YYYY-MM-DD", "today"),
                        ],
                    );
                    let id = c.id;
                    self.open_form(FormKind::Log(id), form);
                }
            }
            (Action::Delete, _) => {
                if let Some(c) = self.current() {
                    let amends = ctx.store.contact_amend_count(c.id)?;
                    let kept = match amends {
                        0 => String::new(),
                        1 => " The amend linked to them is kept.".to_string(),
                        n => format!(" The {n} amends linked to them are kept."),
                    };
                    let logs = match c.log.len() {
                        0 => String::new(),
                        1 => " and their 1 logged reach-out".to_string(),
                        n => format!(" and their {n} logged reach-outs"),
                    };
                    self.confirm = Some(Confirm {
                        id: c.id,
                        question: format!("Delete {}{logs}?{kept}", clean(&c.name)),
                    });
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn input(&mut self, key: KeyEvent, _ctx: &mut Ctx) -> Result<()> {
        if let Some((_, form)) = self.form.as_mut() {
            self.discard_armed = false;
            form.input(key);
        }
        Ok(())
    }

    fn paste(&mut self, text: &str, _ctx: &mut Ctx) -> Result<()> {
        if let Some((_, form)) = self.form.as_mut() {
            form.paste(text);
        }
        Ok(())
    }

    /// `$EDITOR` edited the focused field: its text (on one line) replaces
    /// the field's.
    fn external_edit_done(&mut self, text: Option<String>, _ctx: &mut Ctx) -> Result<()> {
        if let (Some(text), Some((_, form))) = (text, self.form.as_mut()) {
            let focus = form.focus;
            form.set_value(focus, &text);
        }
        Ok(())
    }

    fn click(&mut self, _x: u16, y: u16, _ctx: &mut Ctx) -> Result<()> {
        if self.screen != Screen::List || self.form.is_some() || self.confirm.is_some() {
            return Ok(());
        }
        if let Some((_, i)) = self.row_hits.iter().find(|(row, _)| *row == y) {
            self.selected = *i;
        }
        Ok(())
    }

    fn mode(&self) -> Mode {
        if self.confirm.is_some() {
            Mode::Popup
        } else if self.form.is_some() {
            Mode::Text
        } else {
            Mode::Normal
        }
    }

    fn unsaved(&self) -> bool {
        self.form.as_ref().is_some_and(|(_, f)| f.changed())
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        if self.contacts.is_empty() {
            let new = view.keys.label(Context::List, Action::New);
            empty_state(
                frame,
                area,
                "Contacts",
                vec![
                    Line::from("No support contacts yet."),
                    Line::from(""),
                    Line::from(format!(
                        "Press {new} to add someone you can call: a sponsor, a counselor, family, a friend, your group."
                    )),
                ],
                view.theme,
            );
        } else {
            match self.screen {
                Screen::List => self.draw_list(frame, area, view),
                Screen::Detail => self.draw_detail(frame, area, view),
            }
        }
        if let Some((_, form)) = self.form.as_mut() {
            form.draw(frame, area, view.theme, &form_hints(view));
        }
        if let Some(c) = &self.confirm {
            draw_confirm(frame, area, &c.question, view.theme);
        }
    }

    fn help(&self) -> Vec<(Action, &'static str)> {
        vec![
            (Action::New, "add"),
            (Action::Log, "log"),
            (Action::Open, "open"),
            (Action::Edit, "edit"),
            (Action::Delete, "delete"),
            (Action::Down, "next / scroll"),
            (Action::Up, "previous / scroll"),
            (Action::PageDown, "page down"),
            (Action::PageUp, "page up"),
            (Action::Top, "first"),
            (Action::Bottom, "last"),
            (Action::Back, "back to the list"),
        ]
    }
}

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
    note: Option<String>,
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
            Action::Log => self.note = Some(String::new()),
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
        if key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return Ok(true);
        }
        match key.code {
            KeyCode::Enter => self.log(ctx)?,
            KeyCode::Backspace => {
                note.pop();
            }
            KeyCode::Char(c) if note.chars().count() < 500 => note.push(c),
            _ => {}
        }
        Ok(true)
    }

    /// Pasted text goes into the note (one line).
    pub fn paste(&mut self, text: &str) -> bool {
        match self.note.as_mut() {
            Some(note) => {
                note.push_str(&text.replace(['\r', '\n'], " "));
                true
            }
            None => false,
        }
    }

    fn log(&mut self, ctx: &mut Ctx) -> Result<()> {
        let note = self.note.take().unwrap_or_default();
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
            let when = match c.days_since(view.today) {
                None => "not contacted yet".to_string(),
                Some(d) => format!("{d} days since last contact"),
            };
            let mut spans = vec![
                Span::styled(if chosen { "› " } else { "  " }, theme.accent),
                Span::styled(
                    clean(&c.name),
                    if chosen {
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
            let prompt = Line::from(vec![
                Span::styled(format!("Note for {who} (optional): "), theme.title),
                Span::raw(clean(note)),
                Span::styled("█", theme.accent),
                Span::styled(
                    format!(
                        "  Enter logs · {} cancels",
                        view.keys.label(Context::Editor, Action::Cancel)
                    ),
                    theme.dim,
                ),
            ]);
            frame.render_widget(Paragraph::new(prompt), prompt_area);
        }
    }
}
