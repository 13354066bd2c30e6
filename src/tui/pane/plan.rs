//! The Plan pane: the relapse-prevention plan, section by section, each
//! line editable (DESIGN.md §8.1).
//!
//! The first time the pane opens on an empty plan, a short guided form
//! offers one field per section with a kind, concrete example; Esc skips
//! it, and the new key brings it back while the plan is empty.

use anyhow::Result;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::domain::plan::{Plan, Section, lines_of};
use crate::tui::app::empty_state;
use crate::tui::component::layer::LayerState;
use crate::tui::component::{Layer, Outcome};
use crate::tui::keys::{Action, Context};
use crate::tui::pane::{Ctx, Effect, Pane, View};
use crate::tui::widgets::{Form, clean, wrap_words};

/// The tab title.
pub const TITLE: &str = "Plan";

/// What an open form is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FormKind {
    /// The guided first-run form: one tall field per section.
    Guided,
    Add(Section),
    Edit(Section, usize),
}

/// One row of the list: a line of a section, or the place to add to an
/// empty section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    Item(Section, usize),
    Empty(Section),
}

#[derive(Default)]
pub struct PlanPane {
    plan: Plan,
    rows: Vec<Row>,
    selected: usize,
    /// A form or the remove question on top (section, line index).
    layer: Layer<FormKind, (Section, usize)>,
    /// The guided form was offered in this session.
    offered: bool,
    /// Where each row was drawn (screen row → list row), for clicks.
    hits: Vec<(u16, usize)>,
}

impl PlanPane {
    fn rebuild(&mut self) {
        self.rows.clear();
        for s in Section::ALL {
            let n = self.plan.section(s).len();
            if n == 0 {
                self.rows.push(Row::Empty(s));
            }
            for i in 0..n {
                self.rows.push(Row::Item(s, i));
            }
        }
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    fn section_at(&self) -> Section {
        match self.rows.get(self.selected) {
            Some(Row::Item(s, _) | Row::Empty(s)) => *s,
            None => Section::Reasons,
        }
    }

    fn guided_form() -> Form {
        let fields: Vec<(&'static str, &'static str, &str)> = Section::ALL
            .iter()
            .map(|s| (short(*s), s.example(), ""))
            .collect();
        let mut form = Form::new(
            "Your plan for hard moments — one line each, skip any",
            &fields,
        );
        for i in 0..Section::ALL.len() {
            form = form.tall(i, 2, "");
        }
        form
    }

    fn open(&mut self, kind: FormKind, form: Form) {
        self.layer.open(kind, form);
    }

    fn submit(&mut self, kind: FormKind, ctx: &mut Ctx) -> Result<()> {
        let Some(form) = self.layer.form() else {
            return Ok(());
        };
        let result = match kind {
            FormKind::Guided => {
                let mut plan = self.plan.clone();
                for (i, s) in Section::ALL.iter().enumerate() {
                    plan.section_mut(*s).extend(lines_of(&form.value(i)));
                }
                ctx.store
                    .set_plan(&plan)
                    .map(|()| "Your plan is saved. It shows on the crisis screen.")
            }
            FormKind::Add(s) => ctx.store.add_plan_item(s, &form.value(0)).map(|_| "Added"),
            FormKind::Edit(s, i) => ctx
                .store
                .edit_plan_item(s, i + 1, &form.value(0))
                .map(|()| "Saved"),
        };
        match result {
            Ok(msg) => {
                self.layer.close();
                self.reload(ctx)?;
                if let FormKind::Add(s) = kind {
                    let n = self.plan.section(s).len();
                    self.select(Row::Item(s, n.saturating_sub(1)));
                }
                ctx.info(msg);
                ctx.effect(Effect::ReloadAll);
            }
            Err(e) => self.layer.fail(e.to_string()),
        }
        Ok(())
    }

    fn select(&mut self, row: Row) {
        if let Some(i) = self.rows.iter().position(|r| *r == row) {
            self.selected = i;
        }
    }

    fn reload(&mut self, ctx: &mut Ctx) -> Result<()> {
        self.plan = ctx.store.plan()?;
        crate::store::plan::sync_locked_copy(ctx.store, ctx.config.crisis_when_locked);
        self.rebuild();
        Ok(())
    }
}

/// A section's label in the guided form.
fn short(s: Section) -> &'static str {
    match s {
        Section::Reasons => "Why",
        Section::WarningSigns => "Warning signs",
        Section::Triggers => "Triggers",
        Section::Coping => "What helps",
        Section::AfterASlip => "If I slip",
    }
}

impl Pane for PlanPane {
    fn layer(&self) -> Option<&dyn LayerState> {
        Some(&self.layer)
    }

    fn layer_mut(&mut self) -> Option<&mut dyn LayerState> {
        Some(&mut self.layer)
    }

    fn title(&self) -> &'static str {
        TITLE
    }

    fn load(&mut self, ctx: &mut Ctx) -> Result<()> {
        self.plan = ctx.store.plan()?;
        self.rebuild();
        // The first time the plan is seen empty, the guided form waits in
        // the pane (Esc skips it).
        if self.plan.is_empty() && !self.offered && self.layer.browsing() {
            self.offered = true;
            self.open(FormKind::Guided, Self::guided_form());
        }
        Ok(())
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Result<()> {
        match self.layer.update(action, ctx) {
            Outcome::Browse => {}
            Outcome::Handled | Outcome::Cancelled(_) => return Ok(()),
            Outcome::Submit(kind) => return self.submit(kind, ctx),
            Outcome::Confirmed((s, i)) => {
                ctx.store.remove_plan_item(s, i + 1)?;
                self.reload(ctx)?;
                ctx.info("Removed from your plan");
                ctx.effect(Effect::ReloadAll);
                return Ok(());
            }
        }
        let last = self.rows.len().saturating_sub(1);
        match action {
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::PageDown => self.selected = (self.selected + 10).min(last),
            Action::PageUp => self.selected = self.selected.saturating_sub(10),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = last,
            Action::New if self.plan.is_empty() => {
                self.open(FormKind::Guided, Self::guided_form());
            }
            Action::New => {
                let s = self.section_at();
                let form = Form::new(
                    format!("Add to {}", s.heading()),
                    &[("Line", s.example(), "")],
                );
                self.open(FormKind::Add(s), form);
            }
            Action::Edit | Action::Open => match self.rows.get(self.selected) {
                Some(Row::Item(s, i)) => {
                    let text = self.plan.section(*s)[*i].clone();
                    let form = Form::new(s.heading(), &[("Line", s.example(), &text)]);
                    self.open(FormKind::Edit(*s, *i), form);
                }
                Some(Row::Empty(s)) => {
                    let form = Form::new(
                        format!("Add to {}", s.heading()),
                        &[("Line", s.example(), "")],
                    );
                    self.open(FormKind::Add(*s), form);
                }
                None => {}
            },
            Action::Delete => {
                if let Some(Row::Item(s, i)) = self.rows.get(self.selected) {
                    let text = clean(&self.plan.section(*s)[*i]);
                    self.layer
                        .ask(format!("Remove \"{text}\" from your plan?"), (*s, *i));
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn input(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Result<()> {
        if let Outcome::Submit(kind) = self.layer.input(key) {
            self.submit(kind, ctx)?;
        }
        Ok(())
    }

    fn click(&mut self, _x: u16, y: u16, _ctx: &mut Ctx) -> Result<()> {
        if self.layer.browsing()
            && let Some((_, i)) = self.hits.iter().find(|(row, _)| *row == y)
        {
            self.selected = *i;
        }
        Ok(())
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        if self.plan.is_empty() {
            let new = view.keys.label(Context::List, Action::New);
            empty_state(
                frame,
                area,
                "Plan",
                vec![
                    Line::from("A plan for hard moments, in your own words."),
                    Line::from(""),
                    Line::from("Why you stay sober, warning signs, triggers,"),
                    Line::from("what helps in order, what to do after a slip."),
                    Line::from("It shows on the crisis screen."),
                    Line::from(""),
                    Line::from(format!("Press {new} to write it, a line at a time.")),
                ],
                theme,
            );
        } else {
            let block = Block::default()
                .borders(Borders::ALL)
                .border_style(theme.dim)
                .title(Span::styled(" My plan for hard moments ", theme.title));
            let inner = block.inner(area);
            frame.render_widget(block, area);
            let width = usize::from(inner.width.saturating_sub(4)).max(8);
            // Lay out every row, then scroll so the selected one shows.
            let mut lines: Vec<(Line<'static>, Option<usize>)> = Vec::new();
            let mut current = None;
            for (ri, row) in self.rows.iter().enumerate() {
                let (s, item) = match row {
                    Row::Item(s, i) => (*s, Some(*i)),
                    Row::Empty(s) => (*s, None),
                };
                if current != Some(s) {
                    if current.is_some() {
                        lines.push((Line::from(""), None));
                    }
                    lines.push((Line::styled(s.heading(), theme.title), None));
                    current = Some(s);
                }
                let chosen = ri == self.selected;
                let marker = if chosen { "› " } else { "  " };
                let (text, style) = match item {
                    Some(i) => (
                        format!("{}. {}", i + 1, clean(&self.plan.section(s)[i])),
                        if chosen {
                            theme.selected
                        } else {
                            Default::default()
                        },
                    ),
                    None => (
                        format!("(nothing yet — e.g. \"{}\")", s.example()),
                        if chosen { theme.selected } else { theme.dim },
                    ),
                };
                for (k, part) in wrap_words(&text, width).into_iter().enumerate() {
                    let lead = if k == 0 { marker } else { "    " };
                    lines.push((
                        Line::from(vec![Span::raw(lead), Span::styled(part, style)]),
                        (k == 0).then_some(ri),
                    ));
                }
            }
            let height = usize::from(inner.height);
            let sel_line = lines
                .iter()
                .position(|(_, r)| *r == Some(self.selected))
                .unwrap_or(0);
            let top = sel_line.saturating_sub(height.saturating_sub(2).max(1) / 2 + height / 4);
            let top = if sel_line < height.saturating_sub(1) {
                0
            } else {
                top.min(lines.len().saturating_sub(height))
            };
            self.hits.clear();
            let shown: Vec<Line> = lines
                .into_iter()
                .skip(top)
                .take(height)
                .enumerate()
                .map(|(y, (l, r))| {
                    if let Some(r) = r {
                        self.hits.push((inner.y + y as u16, r));
                    }
                    l
                })
                .collect();
            frame.render_widget(Paragraph::new(shown), inner);
        }
        self.layer.draw(frame, area, theme, view.keys);
    }

    fn help(&self) -> Vec<(Action, &'static str)> {
        vec![
            (Action::New, "add a line"),
            (Action::Edit, "edit"),
            (Action::Delete, "remove"),
            (Action::Down, "next"),
            (Action::Up, "previous"),
        ]
    }
}
