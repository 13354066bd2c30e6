//! The Contacts pane: the support system, grouped by role, with a detail
//! view and the reach-out log.

use anyhow::Result;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

pub use super::due::DueSection;
use super::{Ctx, Effect, Mode, Pane, View};
use crate::domain::contacts::{Contact, ContactInput, Role};
use crate::domain::{format_day, parse_day};
use crate::store;
use crate::text::{clean, pad};
use crate::tui::component::{Form, Hint, Layer, ListCursor, Outcome, empty_state};
use crate::tui::keys::{Action, Context, KeyMap};

/// "due" or "last: 3d ago" for a contact, or nothing to say.
fn reach_state(c: &Contact, today: chrono::NaiveDate) -> Option<String> {
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

/// What an open form is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FormKind {
    Add,
    Edit(i64),
    Log(i64),
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
    cursor: ListCursor,
    screen: Screen,
    detail_scroll: u16,
    /// A form or the delete question (about a contact id) on top.
    layer: Layer<FormKind, i64>,
    /// Select this contact after the next load (a new contact).
    select_id: Option<i64>,
    /// Where each contact's row was last drawn (screen row, index), for
    /// mouse clicks: the role headings make rows differ from items.
    row_hits: Vec<(u16, usize)>,
    /// Relationship checks by contact id, and the check being written.
    checks: std::collections::HashMap<i64, Vec<crate::domain::relationship::Check>>,
    check: Option<super::relationship::CheckPopup>,
}

impl ContactsPane {
    fn current(&self) -> Option<&Contact> {
        self.contacts.get(self.cursor.selected())
    }

    fn contact_form(title: String, c: Option<&Contact>) -> Form {
        let text = |f: fn(&Contact) -> Option<String>| c.and_then(f).unwrap_or_default();
        let name = text(|c| Some(c.name.clone()));
        let role = text(|c| Some(c.role.as_str().to_string()));
        let cadence = text(|c| c.cadence_days.map(|n| n.to_string()));
        let notes = text(|c| c.notes.clone());
        // A new contact's role starts unchosen, so nobody becomes a
        // sponsor by accident.
        let mut roles = vec![""];
        if c.is_some() {
            roles.clear();
        }
        roles.extend(Role::NAMES);
        Form::new(
            title,
            &[
                ("Name", "who they are to you", &name),
                ("Role", "choose one", ""),
                ("Phone", "optional", &text(|c| c.phone.clone())),
                ("Email", "optional", &text(|c| c.email.clone())),
                ("Reach out every", "days, optional (e.g. 7)", &cadence),
                ("Emergency", "", ""),
                ("Notes", "optional", &notes),
            ],
        )
        .choice(1, &roles, &role)
        .choice(
            5,
            &["no", "yes (on the crisis screen)"],
            if c.is_some_and(|c| c.emergency) {
                "yes (on the crisis screen)"
            } else {
                "no"
            },
        )
        .tall(6, 2, &notes)
    }

    /// Reads the add/edit form, or says what is wrong with it.
    fn read_contact_form(form: &Form) -> Result<ContactInput, String> {
        let role: Role = match form.value(1) {
            r if r.is_empty() => return Err(format!("Role: choose one of {}", Role::valid_list())),
            r => r.parse().map_err(|e| format!("{e}"))?,
        };
        let cadence = match form.value(4) {
            s if s.is_empty() => None,
            s => Some(
                s.parse::<i64>()
                    .map_err(|_| "Reach out every: a number of days, or leave it empty")?,
            ),
        };
        let opt = |i: usize| Some(form.value(i)).filter(|s| !s.is_empty());
        let input = ContactInput {
            name: form.value(0),
            role,
            phone: opt(2),
            email: opt(3),
            notes: opt(6),
            emergency: form.value(5).starts_with("yes"),
            cadence_days: cadence,
        };
        input.normalized().map_err(|e| e.to_string())
    }

    fn name_of(&self, id: i64) -> String {
        let c = self.contacts.iter().find(|c| c.id == id);
        c.map(|c| clean(&c.name)).unwrap_or_default()
    }

    /// Stores the submitted form: `Ok(message)`, or what to fix.
    fn store_form(&mut self, kind: FormKind, ctx: &mut Ctx) -> Result<Result<String, String>> {
        let Some(form) = self.layer.form() else {
            return Ok(Err(String::new()));
        };
        Ok(match kind {
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
                            let verb = if kind == FormKind::Add {
                                "Added"
                            } else {
                                "Saved"
                            };
                            Ok(format!("{verb} {}", clean(&input.name)))
                        }
                        Err(e) => Err(user_error(e)?),
                    }
                }
            },
            FormKind::Log(id) => match parse_day(&form.value(1), ctx.today) {
                Err(e) => Err(format!("Day: {e}")),
                Ok(day) => {
                    let note = Some(form.value(0)).filter(|s| !s.is_empty());
                    match ctx.store.log_contact(id, day, note.as_deref(), ctx.today) {
                        Ok(_) => Ok(format!(
                            "Logged a reach-out to {} on {}",
                            self.name_of(id),
                            format_day(day)
                        )),
                        Err(e) => Err(user_error(e)?),
                    }
                }
            },
        })
    }

    fn submit(&mut self, kind: FormKind, ctx: &mut Ctx) -> Result<()> {
        match self.store_form(kind, ctx)? {
            Ok(msg) => {
                self.layer.close();
                ctx.info(msg);
                ctx.effect(Effect::ReloadAll);
            }
            Err(msg) => self.layer.fail(msg),
        }
        Ok(())
    }

    fn delete(&mut self, id: i64, ctx: &mut Ctx) -> Result<()> {
        let name = self.name_of(id);
        ctx.store.delete_contact(id)?;
        self.screen = Screen::List;
        ctx.info(format!("Deleted {name}"));
        ctx.effect(Effect::ReloadAll);
        Ok(())
    }

    fn ask_delete(&mut self, ctx: &mut Ctx) -> Result<()> {
        let Some(c) = self.current() else {
            return Ok(());
        };
        let kept = match ctx.store.contact_amend_count(c.id)? {
            0 => String::new(),
            1 => " The amend linked to them is kept.".to_string(),
            n => format!(" The {n} amends linked to them are kept."),
        };
        let logs = match c.log.len() {
            0 => String::new(),
            1 => " and their 1 logged reach-out".to_string(),
            n => format!(" and their {n} logged reach-outs"),
        };
        let question = format!("Delete {}{logs}?{kept}", clean(&c.name));
        let id = c.id;
        self.layer.ask(question, id);
        Ok(())
    }

    fn browse(&mut self, action: Action, ctx: &mut Ctx) -> Result<()> {
        let len = self.contacts.len();
        match (action, self.screen) {
            (Action::New, _) => {
                self.layer.open(
                    FormKind::Add,
                    Self::contact_form("New contact".into(), None),
                );
            }
            (Action::Back, _) => self.screen = Screen::List,
            _ if self.contacts.is_empty() => {}
            (Action::Up | Action::ScrollUp, Screen::Detail) => {
                self.detail_scroll = self.detail_scroll.saturating_sub(1)
            }
            (Action::Down | Action::ScrollDown, Screen::Detail) => self.detail_scroll += 1,
            (Action::PageUp, Screen::Detail) => {
                self.detail_scroll = self.detail_scroll.saturating_sub(10)
            }
            (Action::PageDown, Screen::Detail) => self.detail_scroll += 10,
            (Action::Top, Screen::Detail) => self.detail_scroll = 0,
            (Action::Open, _) => {
                self.screen = Screen::Detail;
                self.detail_scroll = 0;
            }
            (Action::Edit, _) => {
                if let Some(c) = self.current() {
                    let form = Self::contact_form(format!("Edit {}", clean(&c.name)), Some(c));
                    self.layer.open(FormKind::Edit(c.id), form);
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
                    self.layer.open(FormKind::Log(c.id), form);
                }
            }
            (Action::Check, _) => {
                if let Some(c) = self.current() {
                    self.check = Some(super::relationship::CheckPopup::new(c.id, &c.name));
                }
            }
            (Action::Delete, _) => self.ask_delete(ctx)?,
            (action, Screen::List) => {
                self.cursor.apply(action, len);
            }
            _ => {}
        }
        Ok(())
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
            let chosen = i == self.cursor.selected();
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
                Span::styled(pad(&clean(&c.name), name_w), name_style),
                Span::raw("  "),
                Span::raw(pad(&phone, phone_w)),
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
        self.cursor.set_page(inner.height);
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

    fn detail_lines(
        c: &Contact,
        checks: &[crate::domain::relationship::Check],
        view: &View,
    ) -> Vec<Line<'static>> {
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
        lines.push(Line::from(""));
        lines.extend(super::relationship::trend_lines(checks, view, true));
        lines
    }

    fn draw_detail(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        let Some(c) = self.current() else {
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
        let checks = self.checks.get(&c.id).map(Vec::as_slice).unwrap_or(&[]);
        let lines = Self::detail_lines(c, checks, view);
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

impl ContactsPane {
    /// Acts on what the check popup asked: save the check, close, or stay.
    fn check_event(&mut self, event: super::relationship::CheckEvent, ctx: &mut Ctx) -> Result<()> {
        use super::relationship::CheckEvent;
        match event {
            CheckEvent::Stay => {}
            CheckEvent::Close => self.check = None,
            CheckEvent::Save(new) => {
                let Some(p) = self.check.as_mut() else {
                    return Ok(());
                };
                match ctx.store.add_check(p.contact_id, &new, ctx.today) {
                    Ok(_) => {
                        self.check = None;
                        ctx.info("Noted. Your checks show as trends in the contact's detail");
                        ctx.effect(Effect::ReloadAll);
                    }
                    Err(e) => {
                        let msg = user_error(e)?;
                        p.fail(msg);
                    }
                }
            }
        }
        Ok(())
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
    fn title(&self) -> &'static str {
        "Contacts"
    }

    fn load(&mut self, ctx: &mut Ctx) -> Result<()> {
        let keep = self
            .select_id
            .take()
            .or_else(|| self.current().map(|c| c.id));
        self.contacts = ctx.store.contacts()?;
        self.checks = ctx.store.all_checks()?;
        if let Some(i) = keep.and_then(|id| self.contacts.iter().position(|c| c.id == id)) {
            self.cursor.select(i, self.contacts.len());
        }
        self.cursor.clamp(self.contacts.len());
        if self.contacts.is_empty() {
            self.screen = Screen::List;
        }
        Ok(())
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Result<()> {
        if let Some(p) = self.check.as_mut() {
            let event = p.update(action, ctx.today, ctx.keys);
            return self.check_event(event, ctx);
        }
        match self.layer.update(action, ctx) {
            Outcome::Browse => self.browse(action, ctx),
            Outcome::Handled | Outcome::Cancelled(_) => Ok(()),
            Outcome::Submit(kind) => self.submit(kind, ctx),
            Outcome::Confirmed(id) => self.delete(id, ctx),
        }
    }

    fn input(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Result<()> {
        if let Some(p) = self.check.as_mut() {
            let event = p.input(key, ctx.today);
            return self.check_event(event, ctx);
        }
        match self.layer.input(key) {
            Outcome::Submit(kind) => self.submit(kind, ctx),
            _ => Ok(()),
        }
    }

    fn paste(&mut self, text: &str, _ctx: &mut Ctx) -> Result<()> {
        if let Some(p) = self.check.as_mut() {
            p.paste(text);
            return Ok(());
        }
        self.layer.paste(text);
        Ok(())
    }

    fn external_edit_done(&mut self, text: Option<String>, _ctx: &mut Ctx) -> Result<()> {
        self.layer.external_edit_done(text);
        Ok(())
    }

    fn click(&mut self, _x: u16, y: u16, _ctx: &mut Ctx) -> Result<()> {
        if self.screen == Screen::List
            && self.layer.browsing()
            && self.check.is_none()
            && let Some((_, i)) = self.row_hits.iter().find(|(row, _)| *row == y)
        {
            self.cursor.select(*i, self.contacts.len());
        }
        Ok(())
    }

    fn mode(&self) -> Mode {
        if self.check.is_some() {
            return Mode::Text;
        }
        self.layer.mode()
    }

    fn unsaved(&self) -> bool {
        self.layer.unsaved() || self.check.as_ref().is_some_and(|p| p.changed())
    }

    fn hints(&self, keys: &KeyMap) -> Option<Vec<Hint>> {
        if let Some(p) = &self.check {
            return Some(p.hints(keys));
        }
        self.layer.hints(keys)
    }

    fn external_editor(&self) -> bool {
        true
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
        self.layer.draw(frame, area, view.theme, view.keys);
        if let Some(p) = &self.check {
            p.draw(frame, area, view.theme, view.keys);
        }
    }

    fn help(&self) -> Vec<(Action, &'static str)> {
        if self.contacts.is_empty() {
            return vec![(Action::New, "add")];
        }
        vec![
            (Action::New, "add"),
            (Action::Log, "log"),
            (Action::Check, "check the relationship"),
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
