//! The Amends pane: the trust-rebuilding amends list.
//!
//! A table (person, kind, status, last act, trust trend) sorted by status then
//! latest activity, filtered by status with one key; a detail view with the
//! harm, the plan, the trust trend and the timeline of acts; a status picker
//! (which asks for the day when amends are made); small forms to add, edit
//! and log an act (`l`, the note, `Ctrl-S`).

use anyhow::Result;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Cell, Clear, Paragraph, Row, Sparkline, Table, TableState, Wrap,
};

use crate::domain::amends::{self as dom, Amend, AmendPatch, Kind, NewAmend, Status};
use crate::domain::dates::{format_day, parse_day};
use crate::tui::app::empty_state;
use crate::tui::keys::{Action, Context, KeyMap};
use crate::tui::pane::{Ctx, Effect, Mode, Pane, View};
use crate::tui::theme::Theme;
use crate::tui::widgets::{Form, centered, clean, draw_confirm, hanging, popup_block};

/// What an open form is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FormKind {
    New,
    Edit(i64),
    Log(i64),
    MadeOn(i64),
}

/// A question or picker over the pane.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Popup {
    /// Choose a status for amends `id`.
    Picker { id: i64, cursor: usize },
    /// Delete amends `id`?
    ConfirmDelete { id: i64, person: String },
    /// Throw away the changed form?
    ConfirmDiscard,
}

/// The Amends pane's state.
#[derive(Default)]
pub struct AmendsPane {
    /// Every amends, in table order.
    amends: Vec<Amend>,
    filter: Option<Status>,
    /// Index into the filtered rows.
    selected: usize,
    /// The amends whose detail is open.
    detail: Option<i64>,
    detail_scroll: u16,
    form: Option<(FormKind, Form)>,
    popup: Option<Popup>,
    /// The form field being edited in `$EDITOR`.
    external_field: Option<usize>,
    table: TableState,
    /// Where the table was last drawn (header row first), for mouse clicks.
    table_area: Rect,
}

const NEW_FIELDS: [(&str, &str); 6] = [
    ("Person", "who the amends is to"),
    ("Harm", "what happened"),
    ("Kind", "direct, indirect or living"),
    ("Plan", "how you mean to make it right (optional)"),
    ("Contact", "link a support contact by name (optional)"),
    ("Notes", "anything else (optional)"),
];

impl AmendsPane {
    /// The rows the table shows now.
    fn visible(&self) -> Vec<&Amend> {
        self.amends
            .iter()
            .filter(|a| self.filter.is_none_or(|s| a.status == s))
            .collect()
    }

    fn selected_amend(&self) -> Option<&Amend> {
        self.visible().get(self.selected).copied()
    }

    /// The amends the keys act on: the open detail, else the selected row.
    fn current(&self) -> Option<&Amend> {
        match self.detail {
            Some(id) => self.amends.iter().find(|a| a.id == id),
            None => self.selected_amend(),
        }
    }

    fn find(&self, id: i64) -> Option<&Amend> {
        self.amends.iter().find(|a| a.id == id)
    }

    /// Re-reads the list, keeping the selection on `keep` when given.
    fn reload(&mut self, ctx: &mut Ctx, keep: Option<i64>) -> Result<()> {
        let keep = keep.or_else(|| self.selected_amend().map(|a| a.id));
        self.amends = ctx.store.amends(None)?;
        if let Some(f) = self.filter
            && !self.amends.iter().any(|a| a.status == f)
        {
            self.filter = None;
        }
        if let Some(id) = self.detail
            && self.find(id).is_none()
        {
            self.detail = None;
        }
        let rows = self.visible();
        self.selected = keep
            .and_then(|id| rows.iter().position(|a| a.id == id))
            .unwrap_or(self.selected)
            .min(rows.len().saturating_sub(1));
        Ok(())
    }

    /// Writes happened: reload this pane and the others.
    fn changed(&mut self, ctx: &mut Ctx, keep: Option<i64>) -> Result<()> {
        self.reload(ctx, keep)?;
        ctx.effect(Effect::ReloadAll);
        Ok(())
    }

    fn move_by(&mut self, delta: isize) {
        if self.detail.is_some() {
            let s = self.detail_scroll as isize + delta;
            self.detail_scroll = s.max(0) as u16;
            return;
        }
        let n = self.visible().len();
        if n == 0 {
            return;
        }
        let s = (self.selected as isize + delta).clamp(0, n as isize - 1);
        self.selected = s as usize;
    }

    /// all → the next status that has amends → … → all.
    fn cycle_filter(&mut self) {
        let present: Vec<Status> = Status::ALL
            .into_iter()
            .filter(|s| self.amends.iter().any(|a| a.status == *s))
            .collect();
        self.filter = match self.filter {
            None => present.first().copied(),
            Some(f) => present.iter().copied().find(|s| s.rank() > f.rank()),
        };
        self.selected = 0;
    }

    fn open_new(&mut self) {
        let fields: Vec<(&'static str, &'static str, &str)> = NEW_FIELDS
            .iter()
            .map(|(l, h)| (*l, *h, if *l == "Kind" { "direct" } else { "" }))
            .collect();
        let form = Form::new("Add to your amends list", &fields)
            .tall(1, 2, "")
            .tall(3, 2, "")
            .tall(5, 2, "");
        self.form = Some((FormKind::New, form));
    }

    fn open_edit(&mut self, a: &Amend) {
        let values = [
            a.person.as_str(),
            a.harm.as_str(),
            a.kind.name(),
            a.plan.as_str(),
            a.contact.as_deref().unwrap_or(""),
            a.notes.as_str(),
        ];
        let fields: Vec<(&'static str, &'static str, &str)> = NEW_FIELDS
            .iter()
            .zip(values)
            .map(|((l, h), v)| (*l, *h, v))
            .collect();
        let form = Form::new("Edit amends", &fields)
            .tall(1, 2, &a.harm)
            .tall(3, 2, &a.plan)
            .tall(5, 2, &a.notes);
        self.form = Some((FormKind::Edit(a.id), form));
    }

    fn open_log(&mut self, a: &Amend) {
        let form = Form::new(
            format!("Log an act · {}", one_line(&a.person)),
            &[
                ("Act", "what you did (showed up on time…)", ""),
                ("Trust", "1–5, how much trust you sense (optional)", ""),
                ("Day", "today (or YYYY-MM-DD, yesterday, 3 days ago)", ""),
            ],
        );
        self.form = Some((FormKind::Log(a.id), form));
    }

    fn open_made_on(&mut self, a: &Amend) {
        let day = a.made_on.map(format_day).unwrap_or_default();
        let form = Form::new(
            format!("Amends made · {}", one_line(&a.person)),
            &[(
                "Made on",
                "today (or YYYY-MM-DD, yesterday, 3 days ago)",
                &day,
            )],
        );
        self.form = Some((FormKind::MadeOn(a.id), form));
    }

    /// Saves the open form; on a refusal the form stays open with the reason.
    fn save_form(&mut self, ctx: &mut Ctx) -> Result<()> {
        let Some((kind, form)) = self.form.as_mut() else {
            return Ok(());
        };
        let kind = *kind;
        let result = save(kind, form, ctx);
        match result {
            Ok((id, msg)) => {
                self.form = None;
                if kind == FormKind::New {
                    // Show the new person: clear a filter that would hide them.
                    self.filter = None;
                }
                self.changed(ctx, Some(id))?;
                ctx.info(msg);
            }
            Err(e) => {
                if let Some((_, form)) = self.form.as_mut() {
                    form.error = Some(e);
                }
            }
        }
        Ok(())
    }

    fn choose_status(&mut self, id: i64, status: Status, ctx: &mut Ctx) -> Result<()> {
        self.popup = None;
        let Some(a) = self.find(id).cloned() else {
            return Ok(());
        };
        if status == Status::Made {
            self.open_made_on(&a);
            return Ok(());
        }
        match ctx.store.set_amend_status(id, status, None, ctx.today) {
            Ok(_) => {
                self.changed(ctx, Some(id))?;
                ctx.info(format!("Now {} — {}", status.label(), status.explain()));
            }
            Err(e) => ctx.error(e.to_string()),
        }
        Ok(())
    }

    fn popup_action(&mut self, action: Action, ctx: &mut Ctx) -> Result<()> {
        let Some(popup) = self.popup.clone() else {
            return Ok(());
        };
        match (popup, action) {
            (Popup::Picker { id, cursor }, Action::Down) => {
                self.popup = Some(Popup::Picker {
                    id,
                    cursor: (cursor + 1) % Status::ALL.len(),
                });
            }
            (Popup::Picker { id, cursor }, Action::Up) => {
                self.popup = Some(Popup::Picker {
                    id,
                    cursor: (cursor + Status::ALL.len() - 1) % Status::ALL.len(),
                });
            }
            (Popup::Picker { id, cursor }, Action::Confirm | Action::Open) => {
                self.choose_status(id, Status::ALL[cursor], ctx)?;
            }
            (Popup::ConfirmDelete { id, .. }, Action::Confirm) => {
                self.popup = None;
                match ctx.store.delete_amend(id) {
                    Ok(()) => {
                        self.detail = None;
                        self.changed(ctx, None)?;
                        ctx.info("Removed from your amends list");
                    }
                    Err(e) => ctx.error(e.to_string()),
                }
            }
            (Popup::ConfirmDiscard, Action::Confirm) => {
                self.popup = None;
                self.form = None;
            }
            (_, Action::Deny) => self.popup = None,
            _ => {}
        }
        Ok(())
    }

    fn form_action(&mut self, action: Action, ctx: &mut Ctx) -> Result<()> {
        match action {
            Action::Save => self.save_form(ctx)?,
            Action::Cancel => {
                if self.form.as_ref().is_some_and(|(_, f)| f.changed()) {
                    self.popup = Some(Popup::ConfirmDiscard);
                } else {
                    self.form = None;
                }
            }
            Action::NextField => {
                if let Some((_, f)) = self.form.as_mut() {
                    f.next();
                }
            }
            Action::PrevField => {
                if let Some((_, f)) = self.form.as_mut() {
                    f.prev();
                }
            }
            Action::ExternalEditor => {
                if let Some((_, f)) = self.form.as_ref() {
                    self.external_field = Some(f.focus);
                    ctx.effect(Effect::ExternalEditor(f.value(f.focus)));
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn list_action(&mut self, action: Action) -> Result<()> {
        let page = 10;
        match action {
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-page),
            Action::PageDown => self.move_by(page),
            Action::Top => {
                self.selected = 0;
                self.detail_scroll = 0;
            }
            Action::Bottom => {
                if self.detail.is_some() {
                    self.detail_scroll = self.current().map_or(0, |a| a.log.len() as u16);
                } else {
                    self.selected = self.visible().len().saturating_sub(1);
                }
            }
            Action::Open => {
                if self.detail.is_none()
                    && let Some(a) = self.selected_amend()
                {
                    self.detail = Some(a.id);
                    self.detail_scroll = 0;
                }
            }
            Action::Back => {
                if self.detail.is_some() {
                    self.detail = None;
                } else if self.filter.is_some() {
                    self.filter = None;
                    self.selected = 0;
                }
            }
            Action::Filter if self.detail.is_none() => self.cycle_filter(),
            Action::New => self.open_new(),
            Action::Edit => {
                if let Some(a) = self.current().cloned() {
                    self.open_edit(&a);
                }
            }
            Action::Log => {
                if let Some(a) = self.current().cloned() {
                    self.open_log(&a);
                }
            }
            Action::SetStatus => {
                if let Some(a) = self.current() {
                    self.popup = Some(Popup::Picker {
                        id: a.id,
                        cursor: a.status.rank(),
                    });
                }
            }
            Action::Delete => {
                if let Some(a) = self.current() {
                    self.popup = Some(Popup::ConfirmDelete {
                        id: a.id,
                        person: a.person.clone(),
                    });
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn draw_table(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let filter = self.filter.map_or("all", Status::label);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.dim)
            .title(Span::styled(format!(" Amends · {filter} "), theme.title));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [table_area, explain_area, summary_area] = Layout::vertical([
            Constraint::Min(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        let rows_data = self.visible();
        let explain = rows_data.get(self.selected).map(|a| {
            Line::from(vec![
                Span::styled(format!(" {}", a.status.label()), theme.title),
                Span::styled(format!(" — {}", a.status.explain()), theme.dim),
            ])
        });
        if rows_data.is_empty() {
            let f = self.filter.map_or("listed", Status::label);
            let msg = format!(
                " No amends are {f} right now. {} shows all.",
                key_label(view.keys, Action::Back)
            );
            frame.render_widget(Paragraph::new(Line::styled(msg, theme.dim)), table_area);
        } else {
            let rows: Vec<Row> = rows_data
                .iter()
                .map(|a| {
                    let trend = a.trust_trend();
                    let tail = &trend[trend.len().saturating_sub(10)..];
                    let spark = dom::sparkline(tail);
                    Row::new(vec![
                        Cell::from(one_line(&a.person)),
                        Cell::from(a.kind.name()),
                        Cell::from(a.status.label()),
                        Cell::from(dom::ago(a.days_since_last_act(view.today))),
                        Cell::from(if spark.is_empty() {
                            "—".into()
                        } else {
                            spark
                        }),
                    ])
                })
                .collect();
            let table = Table::new(
                rows,
                [
                    Constraint::Min(8),
                    Constraint::Length(8),
                    Constraint::Length(13),
                    Constraint::Length(9),
                    Constraint::Length(10),
                ],
            )
            .header(
                Row::new(vec!["Person", "Kind", "Status", "Last act", "Trust"]).style(theme.title),
            )
            .row_highlight_style(theme.selected)
            .highlight_symbol("› ");
            self.table.select(Some(self.selected));
            self.table_area = table_area;
            frame.render_stateful_widget(table, table_area, &mut self.table);
        }
        if let Some(line) = explain {
            frame.render_widget(Paragraph::new(line), explain_area);
        }
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!(" {}", dom::summary_line(&self.amends)),
                theme.accent,
            )),
            summary_area,
        );
    }

    fn draw_detail(&self, a: &Amend, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.dim)
            .title(Span::styled(
                format!(" Amends · {} ", one_line(&a.person)),
                theme.title,
            ))
            .title_bottom(Line::styled(
                format!(" {} back ", key_label(view.keys, Action::Back)),
                theme.dim,
            ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let label = |s: &'static str| Span::styled(format!("{s:<9}"), theme.dim);
        let width = inner.width.max(1) as usize;
        let text_or_dash = |s: &str| if s.trim().is_empty() { "—" } else { s }.to_string();
        let mut head = vec![
            Line::from(vec![
                label("Status"),
                Span::styled(a.status.label(), theme.title),
                Span::raw(format!(" — {}", a.status.explain())),
            ]),
            Line::from(vec![
                label("Kind"),
                Span::raw(format!("{} — {}", a.kind.name(), a.kind.explain())),
            ]),
        ];
        head.extend(hanging(label("Harm"), &text_or_dash(&a.harm), width));
        head.extend(hanging(label("Plan"), &text_or_dash(&a.plan), width));
        if let Some(d) = a.made_on {
            head.push(Line::from(vec![label("Made on"), Span::raw(format_day(d))]));
        }
        if let Some(c) = &a.contact {
            head.push(Line::from(vec![label("Contact"), Span::raw(one_line(c))]));
        }
        if !a.notes.trim().is_empty() {
            head.extend(hanging(label("Notes"), &a.notes, width));
        }
        let last = match a.days_since_last_act(view.today) {
            None => "no acts logged yet; small, steady acts rebuild trust".to_string(),
            Some(0) => "today".to_string(),
            Some(1) => "yesterday".to_string(),
            Some(n) => format!("{n} days ago"),
        };
        head.extend(hanging(label("Last act"), &last, width));
        let trend = a.trust_trend();
        // Status and Kind may wrap on a narrow terminal; the rest is wrapped.
        let head_h: u16 = head
            .iter()
            .map(|l| l.width().max(1).div_ceil(width) as u16)
            .sum::<u16>()
            .min(inner.height.saturating_sub(3));
        let spark_h: u16 = if trend.is_empty() {
            0
        } else if inner.height >= 18 {
            4
        } else if inner.height >= 14 {
            3
        } else {
            2
        };
        let [head_area, spark_area, log_area] = Layout::vertical([
            Constraint::Length(head_h),
            Constraint::Length(spark_h),
            Constraint::Min(1),
        ])
        .areas(inner);
        frame.render_widget(Paragraph::new(head).wrap(Wrap { trim: false }), head_area);
        if !trend.is_empty() {
            let [cap, bars] =
                Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(spark_area);
            let first = trend[0];
            let now = trend[trend.len() - 1];
            frame.render_widget(
                Paragraph::new(Line::from(vec![
                    Span::styled("Trust    ", theme.dim),
                    Span::raw(format!(
                        "{first} → {now} of 5 over {} rating{}",
                        trend.len(),
                        if trend.len() == 1 { "" } else { "s" }
                    )),
                ])),
                cap,
            );
            let shown = &trend[trend.len().saturating_sub(bars.width as usize)..];
            frame.render_widget(
                Sparkline::default()
                    .data(shown.iter().map(|t| u64::from(*t)))
                    .max(5)
                    .style(theme.accent),
                bars,
            );
        }
        let mut log: Vec<Line> = vec![Line::styled(
            if a.log.is_empty() {
                format!(
                    "Timeline — {} logs an act",
                    key_label(view.keys, Action::Log)
                )
            } else {
                "Timeline, newest first".to_string()
            },
            theme.title,
        )];
        for act in a.log.iter().rev() {
            let mark = act
                .trust
                .map_or_else(|| "     ".to_string(), dom::trust_marks);
            log.push(Line::from(vec![
                Span::styled(format!("{}  ", format_day(act.day)), theme.dim),
                Span::styled(format!("{mark}  "), theme.accent),
                Span::raw(one_line(&act.note)),
            ]));
        }
        let max_scroll = (log.len() as u16).saturating_sub(log_area.height);
        frame.render_widget(
            Paragraph::new(log).scroll((self.detail_scroll.min(max_scroll), 0)),
            log_area,
        );
    }

    fn draw_picker(&self, id: i64, cursor: usize, frame: &mut Frame, area: Rect, theme: &Theme) {
        let person = self
            .find(id)
            .map(|a| one_line(&a.person))
            .unwrap_or_default();
        let rect = centered(area, area.width.saturating_sub(2).min(72), 11);
        frame.render_widget(Clear, rect);
        let mut lines: Vec<Line> = Status::ALL
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let mark = if i == cursor { "›" } else { " " };
                let style = if i == cursor {
                    theme.selected
                } else {
                    ratatui::style::Style::default()
                };
                Line::from(vec![
                    Span::styled(format!("{mark}{} ", s.letter()), theme.key),
                    Span::styled(
                        format!("{:<13}", s.label()),
                        style.add_modifier(Modifier::BOLD),
                    ),
                    Span::styled(format!(" {}", s.explain()), theme.dim),
                ])
            })
            .collect();
        lines.push(Line::from(""));
        lines.push(Line::styled(
            "a letter, or ↑↓ and Enter · Esc closes",
            theme.dim,
        ));
        frame.render_widget(
            Paragraph::new(lines).block(popup_block(format!(" Status · {person} "), theme)),
            rect,
        );
    }
}

/// Checks and writes one form; returns the amends id and a kind message, or
/// the one-line reason it was refused.
fn save(kind: FormKind, form: &Form, ctx: &mut Ctx) -> Result<(i64, String), String> {
    let today = ctx.today;
    let err = |e: &dyn std::fmt::Display| e.to_string();
    match kind {
        FormKind::New | FormKind::Edit(_) => {
            let person = dom::check_person(&form.value(0)).map_err(|e| err(&e))?;
            let kind_text = form.value(2);
            let k: Kind = if kind_text.is_empty() {
                Kind::Direct
            } else {
                kind_text.parse().map_err(|e| err(&e))?
            };
            if let FormKind::Edit(id) = kind {
                let patch = AmendPatch {
                    person: Some(person),
                    harm: Some(form.value(1)),
                    kind: Some(k),
                    plan: Some(form.value(3)),
                    contact: Some(Some(form.value(4)).filter(|c| !c.is_empty())),
                    notes: Some(form.value(5)),
                };
                ctx.store.update_amend(id, &patch).map_err(|e| err(&e))?;
                Ok((id, "Saved".into()))
            } else {
                let new = NewAmend {
                    person,
                    harm: form.value(1),
                    kind: k,
                    plan: form.value(3),
                    contact: Some(form.value(4)).filter(|c| !c.is_empty()),
                    notes: form.value(5),
                };
                let id = ctx.store.add_amend(&new).map_err(|e| err(&e))?;
                Ok((id, "Added to your amends list".into()))
            }
        }
        FormKind::Log(id) => {
            let trust = dom::parse_trust(&form.value(1)).map_err(|e| err(&e))?;
            let day_text = form.value(2);
            let day = if day_text.is_empty() {
                today
            } else {
                parse_day(&day_text, today).map_err(|e| err(&e))?
            };
            ctx.store
                .log_amend_act(id, day, &form.value(0), trust.map(i64::from), today)
                .map_err(|e| err(&e))?;
            Ok((id, "Act logged. Small, steady acts rebuild trust".into()))
        }
        FormKind::MadeOn(id) => {
            let day_text = form.value(0);
            let day = if day_text.is_empty() {
                today
            } else {
                parse_day(&day_text, today).map_err(|e| err(&e))?
            };
            ctx.store
                .set_amend_status(id, Status::Made, Some(day), today)
                .map_err(|e| err(&e))?;
            Ok((
                id,
                format!("Amends made on {}. That took courage", format_day(day)),
            ))
        }
    }
}

/// Stored text made safe and flat for one line.
fn one_line(s: &str) -> String {
    clean(s).replace('\n', " ")
}

fn key_label(keys: &KeyMap, action: Action) -> String {
    keys.label(Context::List, action)
}

impl Pane for AmendsPane {
    fn external_editor(&self) -> bool {
        true
    }

    fn title(&self) -> &'static str {
        "Amends"
    }

    fn load(&mut self, ctx: &mut Ctx) -> Result<()> {
        self.reload(ctx, None)
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Result<()> {
        if self.popup.is_some() {
            return self.popup_action(action, ctx);
        }
        if self.form.is_some() {
            return self.form_action(action, ctx);
        }
        self.list_action(action)
    }

    fn input(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Result<()> {
        if let Some(Popup::Picker { id, .. }) = self.popup {
            if let KeyCode::Char(c) = key.code
                && let Some(s) = Status::from_letter(c)
            {
                self.choose_status(id, s, ctx)?;
            }
            return Ok(());
        }
        if self.popup.is_some() {
            return Ok(());
        }
        if let Some((kind, form)) = self.form.as_mut() {
            // The one-field day question saves on Enter.
            if key.code == KeyCode::Enter && matches!(kind, FormKind::MadeOn(_)) {
                return self.save_form(ctx);
            }
            form.error = None;
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

    fn mode(&self) -> Mode {
        if self.popup.is_some() {
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

    fn external_edit_done(&mut self, text: Option<String>, _ctx: &mut Ctx) -> Result<()> {
        let field = self.external_field.take();
        if let (Some(text), Some(i), Some((_, form))) = (text, field, self.form.as_mut()) {
            form.set_value(i, &text);
        }
        Ok(())
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        if self.amends.is_empty() {
            let new = key_label(view.keys, Action::New);
            empty_state(
                frame,
                area,
                "Amends",
                vec![
                    Line::from("Your amends list is empty."),
                    Line::from(""),
                    Line::from("It holds the people you have harmed, what you mean to make"),
                    Line::from("right, and the small acts that rebuild trust over time."),
                    Line::from("Go at your own pace: some amends wait, and some are best"),
                    Line::from("not made. Both are honourable choices."),
                    Line::from(""),
                    Line::from(vec![
                        Span::styled(new, theme.key),
                        Span::raw(" adds a person"),
                    ]),
                ],
                theme,
            );
        } else if let Some(a) = self.detail.and_then(|id| self.find(id)) {
            self.draw_detail(a, frame, area, view);
        } else {
            self.draw_table(frame, area, view);
        }
        if let Some((kind, form)) = self.form.as_mut() {
            let k = view.keys;
            let save = k.label(Context::Editor, Action::Save);
            let cancel = k.label(Context::Editor, Action::Cancel);
            let hints = match kind {
                FormKind::MadeOn(_) => format!("Enter or {save} saves · {cancel} cancels"),
                _ => format!(
                    "{save} saves · {cancel} cancels · {} next field",
                    k.label(Context::Editor, Action::NextField)
                ),
            };
            form.draw(frame, area, theme, &hints);
        }
        match &self.popup {
            Some(Popup::Picker { id, cursor }) => {
                self.draw_picker(*id, *cursor, frame, area, theme)
            }
            Some(Popup::ConfirmDelete { person, .. }) => draw_confirm(
                frame,
                area,
                &format!(
                    "Delete the amends for {} and its logged acts?",
                    one_line(person)
                ),
                theme,
            ),
            Some(Popup::ConfirmDiscard) => {
                draw_confirm(frame, area, "Discard what you typed in this form?", theme)
            }
            None => {}
        }
    }

    /// A click on a table row selects it.
    fn click(&mut self, x: u16, y: u16, _ctx: &mut Ctx) -> Result<()> {
        let area = self.table_area;
        if self.detail.is_some()
            || self.form.is_some()
            || self.popup.is_some()
            || !area.contains((x, y).into())
            || y <= area.y
        {
            return Ok(());
        }
        let i = self.table.offset() + usize::from(y - area.y - 1);
        if i < self.visible().len() {
            self.selected = i;
        }
        Ok(())
    }

    fn help(&self) -> Vec<(Action, &'static str)> {
        vec![
            (Action::New, "new"),
            (Action::Log, "log an act"),
            (Action::SetStatus, "status"),
            (Action::Open, "open"),
            (Action::Filter, "filter"),
            (Action::Edit, "edit"),
            (Action::Delete, "delete (asks first)"),
            (Action::Back, "back / show all"),
            (Action::Down, "down (scroll in detail)"),
            (Action::Up, "up"),
            (Action::PageDown, "page down"),
            (Action::PageUp, "page up"),
            (Action::Top, "first"),
            (Action::Bottom, "last"),
        ]
    }
}
