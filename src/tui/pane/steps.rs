//! The Steps pane: step-work worksheets (resentments, fears, harms done,
//! cost-benefit, ABC, and the user's own kinds), one kind at a time. A row
//! is written in a form built from its kind's fields (tall fields wrap); a
//! harm row goes on the amends list with one key and then shows where that
//! amend stands.

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

use anyhow::Result;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::domain::worksheet::{HARM, KindDef, Kinds, Row};
use crate::store;
use crate::tui::component::layer::LayerState;
use crate::tui::component::{Form, Layer, ListCursor, Outcome, empty_state};
use crate::tui::keys::{Action, Context};
use crate::tui::pane::{Ctx, Effect, Pane, View};
use crate::tui::widgets::{clean, wrap_words};

/// Rows a tall field takes in the form.
const TALL_ROWS: u16 = 3;

/// A `'static` copy of a label or hint for a [`Form`] (whose labels are
/// `'static`). Each distinct text is kept once for the life of the process,
/// so a form opened many times takes no more memory.
fn interned(text: &str) -> &'static str {
    static SEEN: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut seen = SEEN
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(s) = seen.get(text) {
        return s;
    }
    let s: &'static str = Box::leak(text.to_string().into_boxed_str());
    seen.insert(s);
    s
}

/// What a form is for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum FormKind {
    New(String),
    Edit(i64),
}

/// The Steps pane's state.
#[derive(Default)]
pub struct StepsPane {
    kinds: Option<Kinds>,
    /// The kind shown (index in `kinds`).
    kind: usize,
    rows: Vec<Row>,
    cursor: ListCursor,
    layer: Layer<FormKind, i64>,
    /// Select this row after the next load.
    select_id: Option<i64>,
}

/// A row's fields as `(name, text)`, for the form.
fn form_for(kind: &KindDef, title: String, row: Option<&Row>) -> Form {
    let value = |name: &str| {
        row.and_then(|r| r.fields.get(name))
            .unwrap_or("")
            .to_string()
    };
    let fields: Vec<(&'static str, &'static str, String)> = kind
        .fields
        .iter()
        .map(|f| (interned(&f.label), interned(&f.help), value(&f.name)))
        .collect();
    let spec: Vec<(&'static str, &'static str, &str)> = fields
        .iter()
        .map(|(l, h, v)| (*l, *h, v.as_str()))
        .collect();
    let mut form = Form::new(title, &spec);
    for (i, f) in kind.fields.iter().enumerate() {
        if f.tall {
            form = form.tall(i, TALL_ROWS, &fields[i].2);
        }
    }
    form
}

impl StepsPane {
    fn kinds(&self) -> &[KindDef] {
        self.kinds.as_ref().map(Kinds::all).unwrap_or(&[])
    }

    fn current_kind(&self) -> Option<&KindDef> {
        self.kinds().get(self.kind)
    }

    /// The rows of the kind shown, oldest first.
    fn shown(&self) -> Vec<&Row> {
        match self.current_kind() {
            Some(k) => self.rows.iter().filter(|r| r.kind == k.kind).collect(),
            None => Vec::new(),
        }
    }

    fn selected(&self) -> Option<&Row> {
        self.shown().get(self.cursor.selected()).copied()
    }

    fn count(&self, kind: &str) -> usize {
        self.rows.iter().filter(|r| r.kind == kind).count()
    }

    fn save(&mut self, kind: FormKind, ctx: &mut Ctx) -> Result<()> {
        let Some(form) = self.layer.form() else {
            return Ok(());
        };
        let def = match &kind {
            FormKind::New(k) => self.kinds.as_ref().and_then(|ks| ks.get(k)),
            FormKind::Edit(id) => self
                .rows
                .iter()
                .find(|r| r.id == *id)
                .and_then(|r| self.kinds.as_ref().and_then(|ks| ks.get(&r.kind))),
        };
        let Some(def) = def.cloned() else {
            self.layer.close();
            return Ok(());
        };
        let set: Vec<(String, String)> = def
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| (f.name.clone(), form.value(i)))
            .collect();
        let result = match &kind {
            FormKind::New(_) => ctx.store.add_worksheet_row(&def, &set),
            FormKind::Edit(id) => ctx
                .store
                .update_worksheet_row(*id, &def, &set)
                .map(|()| *id),
        };
        match result {
            Ok(id) => {
                self.layer.close();
                self.select_id = Some(id);
                let what = match kind {
                    FormKind::New(_) => "Written",
                    FormKind::Edit(_) => "Saved",
                };
                ctx.info(format!("{what}: {}", def.title));
                self.load(ctx)?;
            }
            Err(e) => self.layer.fail(user_error(e)?),
        }
        Ok(())
    }

    fn put_on_amends_list(&mut self, ctx: &mut Ctx) -> Result<()> {
        let Some(row) = self.selected() else {
            return Ok(());
        };
        if row.kind != HARM {
            ctx.info("Only a row of harms done goes on the amends list");
            return Ok(());
        }
        let id = row.id;
        match ctx.store.worksheet_to_amend(id) {
            Ok(amend) => {
                let person = ctx.store.amend(amend).map(|a| clean(&a.person))?;
                ctx.info(format!(
                    "{person} is on the amends list now (listed); the Amends pane has it"
                ));
                self.select_id = Some(id);
                ctx.effect(Effect::ReloadAll);
            }
            Err(e) => ctx.error(user_error(e)?),
        }
        Ok(())
    }

    fn browse(&mut self, action: Action, ctx: &mut Ctx) -> Result<()> {
        let len = self.shown().len();
        if self.cursor.apply(action, len).yes() {
            return Ok(());
        }
        match action {
            Action::Filter => {
                let n = self.kinds().len().max(1);
                self.kind = (self.kind + 1) % n;
                self.cursor = ListCursor::default();
            }
            Action::New => {
                if let Some(k) = self.current_kind() {
                    let form = form_for(k, format!("New: {}", k.title), None);
                    let kind = FormKind::New(k.kind.clone());
                    self.layer.open(kind, form);
                }
            }
            Action::Edit | Action::Open => {
                if let (Some(row), Some(k)) = (self.selected(), self.current_kind()) {
                    let form = form_for(k, format!("Edit: {}", k.title), Some(row));
                    let kind = FormKind::Edit(row.id);
                    self.layer.open(kind, form);
                }
            }
            Action::Delete => {
                if let Some(row) = self.selected() {
                    let kept = if row.amend_id.is_some() {
                        " The amend it became stays on the list."
                    } else {
                        ""
                    };
                    let q = format!("Delete this row?{kept}");
                    let id = row.id;
                    self.layer.ask(q, id);
                }
            }
            Action::ToAmend => self.put_on_amends_list(ctx)?,
            _ => {}
        }
        Ok(())
    }

    fn draw_kinds(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let mut spans = Vec::new();
        for (i, k) in self.kinds().iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled(" · ", theme.dim));
            }
            let n = self.count(&k.kind);
            let text = if n > 0 {
                format!("{} {n}", k.title)
            } else {
                k.title.clone()
            };
            let style = if i == self.kind {
                theme.highlight
            } else {
                theme.dim
            };
            spans.push(Span::styled(text, style));
        }
        let mut lines = vec![Line::from(spans)];
        if let Some(k) = self.current_kind() {
            let width = usize::from(area.width);
            lines.push(Line::styled(fit(&clean(&k.about), width), theme.dim));
        }
        frame.render_widget(Paragraph::new(lines), area);
    }

    fn draw_list(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let Some(kind) = self.current_kind().cloned() else {
            return;
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.dim)
            .title(Span::styled(format!(" {} ", kind.title), theme.title));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let shown: Vec<Row> = self.shown().into_iter().cloned().collect();
        let offset = self.cursor.place(inner.y, inner.height, shown.len());
        let width = usize::from(inner.width);
        let second = kind.fields.get(1).map(|f| f.name.clone());
        let mut lines = Vec::new();
        for (i, r) in shown
            .iter()
            .enumerate()
            .skip(offset)
            .take(usize::from(inner.height))
        {
            let mut text = format!("{:>2}  {}", i + 1, r.summary());
            if let Some(s) = &second
                && let Some(v) = r.fields.get(s)
            {
                text.push_str(" — ");
                text.push_str(&v.split_whitespace().collect::<Vec<_>>().join(" "));
            }
            let status = match r.amend_status {
                Some(s) => format!("  amends: {}", s.label()),
                None => String::new(),
            };
            let room = width.saturating_sub(status.width() + 1);
            let text = fit(&clean(&text), room);
            let style = if i == self.cursor.selected() {
                theme.selected
            } else {
                ratatui::style::Style::default()
            };
            let pad = width.saturating_sub(text.width() + status.width());
            lines.push(Line::from(vec![
                Span::styled(format!("{text}{}", " ".repeat(pad)), style),
                Span::styled(status, theme.ok),
            ]));
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn draw_detail(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let Some(row) = self.selected() else {
            return;
        };
        let kind = self.current_kind();
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.dim)
            .title(Span::styled(" This row ", theme.title));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let width = usize::from(inner.width.max(10));
        let mut lines: Vec<Line> = Vec::new();
        let names: Vec<(String, String)> = match kind {
            Some(k) => k
                .fields
                .iter()
                .map(|f| (f.name.clone(), f.label.clone()))
                .collect(),
            None => row
                .fields
                .iter()
                .map(|(n, _)| (n.clone(), n.clone()))
                .collect(),
        };
        for (name, label) in names {
            let text = row.fields.get(&name).unwrap_or("");
            lines.push(Line::styled(clean(&label), theme.title));
            if text.is_empty() {
                lines.push(Line::styled("  —", theme.dim));
            }
            for para in text.lines() {
                for l in wrap_words(&clean(para), width.saturating_sub(2)) {
                    lines.push(Line::from(format!("  {l}")));
                }
            }
        }
        if row.kind == HARM {
            lines.push(Line::from(""));
            match row.amend_status {
                Some(s) => lines.push(Line::from(vec![
                    Span::styled("On the amends list: ", theme.title),
                    Span::styled(s.label(), theme.ok),
                    Span::styled(format!(" ({})", s.explain()), theme.dim),
                ])),
                None => {
                    let key = view.keys.label(Context::List, Action::ToAmend);
                    if !key.is_empty() {
                        lines.push(Line::styled(
                            format!(
                                "{key} puts this person on the amends list, when you are willing."
                            ),
                            theme.dim,
                        ));
                    }
                }
            }
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    }
}

/// Cuts `s` to `w` columns, with `…`.
fn fit(s: &str, w: usize) -> String {
    if s.width() <= w {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cw + 1 > w {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push('…');
    out
}

/// A store refusal becomes a message; other errors go up.
fn user_error(e: store::Error) -> Result<String> {
    match e {
        store::Error::Invalid(m) | store::Error::NotFound(m) => Ok(m),
        other => Err(other.into()),
    }
}

impl Pane for StepsPane {
    fn layer(&self) -> Option<&dyn LayerState> {
        Some(&self.layer)
    }

    fn layer_mut(&mut self) -> Option<&mut dyn LayerState> {
        Some(&mut self.layer)
    }

    fn title(&self) -> &'static str {
        "Steps"
    }

    fn external_editor(&self) -> bool {
        true
    }

    fn load(&mut self, ctx: &mut Ctx) -> Result<()> {
        let keep = self
            .select_id
            .take()
            .or_else(|| self.selected().map(|r| r.id));
        self.rows = ctx.store.worksheet_rows(None)?;
        let mut kinds = ctx.config.worksheet_kinds();
        kinds.include_rows(&self.rows);
        self.kinds = Some(kinds);
        if let Some(kinds) = &self.kinds {
            for r in &mut self.rows {
                if let Some(k) = kinds.get(&r.kind) {
                    k.order(&mut r.fields);
                }
            }
        }
        self.kind = self.kind.min(self.kinds().len().saturating_sub(1));
        if let Some(id) = keep
            && let Some(row) = self.rows.iter().find(|r| r.id == id)
        {
            if let Some(k) = self.kinds().iter().position(|k| k.kind == row.kind) {
                self.kind = k;
            }
            if let Some(i) = self.shown().iter().position(|r| r.id == id) {
                let len = self.shown().len();
                self.cursor.select(i, len);
            }
        }
        let len = self.shown().len();
        self.cursor.clamp(len);
        Ok(())
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Result<()> {
        match self.layer.update(action, ctx) {
            Outcome::Browse => self.browse(action, ctx)?,
            Outcome::Handled | Outcome::Cancelled(_) => {}
            Outcome::Submit(kind) => self.save(kind, ctx)?,
            Outcome::Confirmed(id) => {
                match ctx.store.delete_worksheet_row(id) {
                    Ok(()) => ctx.info("Deleted the row"),
                    Err(e) => ctx.error(user_error(e)?),
                }
                self.load(ctx)?;
            }
        }
        Ok(())
    }

    fn input(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Result<()> {
        if let Outcome::Submit(kind) = self.layer.input(key) {
            self.save(kind, ctx)?;
        }
        Ok(())
    }

    fn click(&mut self, _x: u16, y: u16, _ctx: &mut Ctx) -> Result<()> {
        if self.layer.browsing() {
            let len = self.shown().len();
            self.cursor.click(y, len);
        }
        Ok(())
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        let [top, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(3)]).areas(area);
        self.draw_kinds(frame, top, view);
        let shown = self.shown().len();
        if shown == 0 {
            let title = self
                .current_kind()
                .map(|k| k.title.clone())
                .unwrap_or_else(|| "Steps".into());
            let new = view.keys.label(Context::List, Action::New);
            let next = view.keys.label(Context::List, Action::Filter);
            let mut lines = vec![Line::from("Nothing written here yet.")];
            lines.push(Line::from(""));
            if !new.is_empty() {
                lines.push(Line::from(format!(
                    "Press {new} to write one: a few honest words are enough."
                )));
            }
            if !next.is_empty() {
                lines.push(Line::from(format!("{next} shows the next worksheet.")));
            }
            empty_state(frame, body, &title, lines, view.theme);
        } else {
            let list_rows = u16::try_from(shown).unwrap_or(u16::MAX).saturating_add(2);
            let list_h = list_rows.min(body.height / 2).max(3);
            let [list, detail] =
                Layout::vertical([Constraint::Length(list_h), Constraint::Min(3)]).areas(body);
            self.draw_list(frame, list, view);
            self.draw_detail(frame, detail, view);
        }
        self.layer.draw(frame, area, view.theme, view.keys);
    }

    fn help(&self) -> Vec<(Action, &'static str)> {
        vec![
            (Action::New, "write"),
            (Action::Filter, "next sheet"),
            (Action::ToAmend, "harm to amends"),
            (Action::Edit, "edit"),
            (Action::Open, "edit"),
            (Action::Delete, "delete"),
            (Action::Down, "next"),
            (Action::Up, "previous"),
            (Action::Top, "first"),
            (Action::Bottom, "last"),
        ]
    }
}
