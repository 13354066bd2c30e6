//! The Amends pane: the trust-rebuilding amends list.
//!
//! A table (person, kind, status, last act, trust trend) sorted by status then
//! latest activity, filtered by status with one key; a detail view with the
//! harm, the plan, the trust trend and the timeline of acts; a status picker
//! (which asks for the day when amends are made); small forms to add, edit
//! and log an act (`l`, the note, `Ctrl-S`).

use anyhow::Result;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Sparkline, Table, TableState, Wrap};

use crate::domain::amends::{self as dom, Amend, AmendPatch, Kind, NewAmend, Status};
use crate::domain::dates::{format_day, parse_day};
use crate::text::one_line;
use crate::tui::component::layer::LayerState;
use crate::tui::component::{Form, Item, Layer, ListCursor, Outcome, Picker, empty_state};
use crate::tui::keys::{Action, Context, KeyMap};
use crate::tui::pane::{Ctx, Effect, Pane, View};
use crate::tui::widgets::hanging;

/// What an open form is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FormKind {
    New,
    Edit(i64),
    Log(i64),
    MadeOn(i64),
}

/// What a question or the status picker is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Delete(i64),
    Status(i64, Status),
}

/// The Amends pane's state.
#[derive(Default)]
pub struct AmendsPane {
    /// Every amends, in table order.
    amends: Vec<Amend>,
    filter: Option<Status>,
    /// The selection among the filtered rows.
    cursor: ListCursor,
    /// The amends whose detail is open.
    detail: Option<i64>,
    detail_scroll: u16,
    layer: Layer<FormKind, Target>,
    /// Relationship checks by contact id, for a linked contact's trends.
    checks: std::collections::HashMap<i64, Vec<crate::domain::relationship::Check>>,
    /// The worksheet row each amend came from (amend id → row id).
    from_rows: std::collections::HashMap<i64, i64>,
}

const NEW_FIELDS: [(&str, &str); 6] = [
    ("Person", "who the amends is to"),
    ("Harm", "what happened"),
    ("Kind", "direct, indirect or living"),
    ("Plan", "how you mean to make it right (optional)"),
    ("Contact", "link a support contact by name (optional)"),
    ("Notes", "anything else (optional)"),
];

/// Trust is picked: not given, or 1 to 5.
const TRUST_CHOICES: [&str; 6] = ["", "1", "2", "3", "4", "5"];

impl AmendsPane {
    /// The rows the table shows now.
    fn visible(&self) -> Vec<&Amend> {
        self.amends
            .iter()
            .filter(|a| self.filter.is_none_or(|s| a.status == s))
            .collect()
    }

    fn selected_amend(&self) -> Option<&Amend> {
        self.visible().get(self.cursor.selected()).copied()
    }

    /// The amends the keys act on: the open detail, else the selected row.
    fn current(&self) -> Option<&Amend> {
        match self.detail {
            Some(id) => self.find(id),
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
        self.checks = ctx.store.all_checks()?;
        self.from_rows = ctx
            .store
            .worksheet_rows(None)?
            .into_iter()
            .filter_map(|r| r.amend_id.map(|a| (a, r.id)))
            .collect();
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
        let len = rows.len();
        if let Some(i) = keep.and_then(|id| rows.iter().position(|a| a.id == id)) {
            self.cursor.select(i, len);
        }
        self.cursor.clamp(len);
        Ok(())
    }

    /// Writes happened: reload this pane and the others.
    fn changed(&mut self, ctx: &mut Ctx, keep: Option<i64>) -> Result<()> {
        self.reload(ctx, keep)?;
        ctx.effect(Effect::ReloadAll);
        Ok(())
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
        self.cursor.select(0, 0);
    }

    fn amend_form(title: &str, a: Option<&Amend>) -> Form {
        let values = [
            a.map_or("", |a| a.person.as_str()),
            a.map_or("", |a| a.harm.as_str()),
            "",
            a.map_or("", |a| a.plan.as_str()),
            a.and_then(|a| a.contact.as_deref()).unwrap_or(""),
            a.map_or("", |a| a.notes.as_str()),
        ];
        let fields: Vec<(&'static str, &'static str, &str)> = NEW_FIELDS
            .iter()
            .zip(values)
            .map(|((l, h), v)| (*l, *h, v))
            .collect();
        Form::new(title, &fields)
            .tall(1, 2, values[1])
            .choice(2, &Kind::NAMES, a.map_or("direct", |a| a.kind.name()))
            .tall(3, 2, values[3])
            .tall(5, 2, values[5])
    }

    fn open_log(&mut self, a: &Amend) {
        let form = Form::new(
            format!("Log an act · {}", one_line(&a.person)),
            &[
                ("Act", "what you did (showed up on time…)", ""),
                ("Trust", "not rated: how much trust you sense, 1–5", ""),
                ("Day", "today (or YYYY-MM-DD, yesterday, 3 days ago)", ""),
            ],
        )
        .choice(1, &TRUST_CHOICES, "");
        self.layer.open(FormKind::Log(a.id), form);
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
        self.layer.open(FormKind::MadeOn(a.id), form);
    }

    fn open_status_picker(&mut self) {
        let Some(a) = self.current() else {
            return;
        };
        let items = Status::ALL
            .iter()
            .map(|s| {
                Item::new(Target::Status(a.id, *s), s.label())
                    .note(s.explain())
                    .letter(s.letter())
            })
            .collect();
        let title = format!("Status · {}", one_line(&a.person));
        self.layer
            .pick(Picker::new(title, items).at(a.status.rank()));
    }

    /// Saves the open form; on a refusal the form stays open with the reason.
    fn save_form(&mut self, kind: FormKind, ctx: &mut Ctx) -> Result<()> {
        let Some(form) = self.layer.form() else {
            return Ok(());
        };
        match save(kind, form, ctx) {
            Ok((id, msg)) => {
                self.layer.close();
                if kind == FormKind::New {
                    // Show the new person: clear a filter that would hide them.
                    self.filter = None;
                }
                self.changed(ctx, Some(id))?;
                ctx.info(msg);
            }
            Err(e) => self.layer.fail(e),
        }
        Ok(())
    }

    fn chosen(&mut self, target: Target, ctx: &mut Ctx) -> Result<()> {
        match target {
            Target::Delete(id) => match ctx.store.delete_amend(id) {
                Ok(()) => {
                    self.detail = None;
                    self.changed(ctx, None)?;
                    ctx.info("Removed from your amends list");
                }
                Err(e) => ctx.error(e.to_string()),
            },
            Target::Status(id, Status::Made) => {
                if let Some(a) = self.find(id).cloned() {
                    self.open_made_on(&a);
                }
            }
            Target::Status(id, status) => {
                match ctx.store.set_amend_status(id, status, None, ctx.today) {
                    Ok(_) => {
                        self.changed(ctx, Some(id))?;
                        ctx.info(format!("Now {} — {}", status.label(), status.explain()));
                    }
                    Err(e) => ctx.error(e.to_string()),
                }
            }
        }
        Ok(())
    }

    fn browse(&mut self, action: Action) {
        let len = self.visible().len();
        match action {
            Action::Up | Action::ScrollUp if self.detail.is_some() => {
                self.detail_scroll = self.detail_scroll.saturating_sub(1)
            }
            Action::Down | Action::ScrollDown if self.detail.is_some() => {
                self.detail_scroll = self.detail_scroll.saturating_add(1)
            }
            Action::PageUp if self.detail.is_some() => {
                self.detail_scroll = self.detail_scroll.saturating_sub(10)
            }
            Action::PageDown if self.detail.is_some() => {
                self.detail_scroll = self.detail_scroll.saturating_add(10)
            }
            Action::Top if self.detail.is_some() => self.detail_scroll = 0,
            Action::Bottom if self.detail.is_some() => {
                self.detail_scroll = self.current().map_or(0, |a| a.log.len() as u16);
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
                    self.cursor.select(0, 0);
                }
            }
            Action::Filter if self.detail.is_none() => self.cycle_filter(),
            Action::New => {
                let form = Self::amend_form("Add to your amends list", None);
                self.layer.open(FormKind::New, form);
            }
            Action::Edit => {
                if let Some(a) = self.current() {
                    let form = Self::amend_form("Edit amends", Some(a));
                    self.layer.open(FormKind::Edit(a.id), form);
                }
            }
            Action::Log => {
                if let Some(a) = self.current().cloned() {
                    self.open_log(&a);
                }
            }
            Action::SetStatus => self.open_status_picker(),
            Action::Delete => {
                if let Some(a) = self.current() {
                    let q = format!(
                        "Delete the amends for {} and its logged acts?",
                        one_line(&a.person)
                    );
                    let id = a.id;
                    self.layer.ask(q, Target::Delete(id));
                }
            }
            action => {
                self.cursor.apply(action, len);
            }
        }
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
        let rows_data: Vec<Amend> = self.visible().into_iter().cloned().collect();
        let explain = rows_data.get(self.cursor.selected()).map(|a| {
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
            // The header takes the first row.
            let body = table_area.height.saturating_sub(1);
            let offset = self.cursor.place(table_area.y + 1, body, rows_data.len());
            let mut state = TableState::default()
                .with_offset(offset)
                .with_selected(Some(self.cursor.selected()));
            frame.render_stateful_widget(table, table_area, &mut state);
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
        if self.from_rows.contains_key(&a.id) {
            head.push(Line::from(vec![
                label("From"),
                Span::raw("your harms done (Steps)"),
            ]));
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
        if let Some(checks) = a.contact_id.and_then(|c| self.checks.get(&c)) {
            log.push(Line::from(""));
            log.extend(super::relationship::trend_lines(checks, view, false));
        }
        let max_scroll = (log.len() as u16).saturating_sub(log_area.height);
        frame.render_widget(
            Paragraph::new(log).scroll((self.detail_scroll.min(max_scroll), 0)),
            log_area,
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

fn key_label(keys: &KeyMap, action: Action) -> String {
    keys.label(Context::List, action)
}

impl Pane for AmendsPane {
    fn layer(&self) -> Option<&dyn LayerState> {
        Some(&self.layer)
    }

    fn layer_mut(&mut self) -> Option<&mut dyn LayerState> {
        Some(&mut self.layer)
    }

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
        match self.layer.update(action, ctx) {
            Outcome::Browse => self.browse(action),
            Outcome::Handled | Outcome::Cancelled(_) => {}
            Outcome::Submit(kind) => self.save_form(kind, ctx)?,
            Outcome::Confirmed(target) => self.chosen(target, ctx)?,
        }
        Ok(())
    }

    fn input(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Result<()> {
        match self.layer.input(key) {
            Outcome::Submit(kind) => self.save_form(kind, ctx),
            Outcome::Confirmed(target) => self.chosen(target, ctx),
            _ => Ok(()),
        }
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
        self.layer.draw(frame, area, theme, view.keys);
    }

    /// A click on a table row selects it.
    fn click(&mut self, _x: u16, y: u16, _ctx: &mut Ctx) -> Result<()> {
        if self.detail.is_none() && self.layer.browsing() {
            let len = self.visible().len();
            self.cursor.click(y, len);
        }
        Ok(())
    }

    fn help(&self) -> Vec<(Action, &'static str)> {
        if self.amends.is_empty() {
            return vec![(Action::New, "new")];
        }
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
