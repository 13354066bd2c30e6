//! The Today pane: the selected (at first the main) clock's day count in
//! large digits, its next milestone with a gauge, the other clocks, money
//! saved and the longest streak; below, the "Reach out" area.
//!
//! Everything is computed from the `today` the shell passes in (`View::today`
//! and `Ctx::today`), so the count rolls over when the shell moves the day.

use anyhow::Result;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Alignment, Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Gauge, Padding, Paragraph, Wrap};

use super::due::DueSection;
use super::rhythm::RhythmSection;
use crate::domain::clock::{self, Clock, days_word, format_money};
use crate::domain::dates::{format_day, parse_day};
use crate::tui::component::{Form, FormPopup, Hint, Layer, ListCursor, Outcome};
use crate::tui::keys::{Action, Context, KeyMap};
use crate::tui::pane::{Ctx, Mode, Pane, View};
use crate::tui::theme::Theme;
use crate::tui::widgets::clean;

/// What an open form is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FormKind {
    NewClock,
    EditClock(i64),
    /// After a reset is confirmed: an optional note and the new first day.
    NewStart(i64),
}

/// What a question is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ask {
    Reset(i64),
    Delete(i64),
}

/// The Today pane's state.
#[derive(Default)]
pub struct TodayPane {
    clocks: Vec<Clock>,
    cursor: ListCursor,
    /// The selected clock's streak timeline is open, scrolled this far.
    history: Option<u16>,
    layer: Layer<FormKind, Ask>,
    /// Who is due for a reach-out, below the clocks.
    due: DueSection,
    /// Whether Up/Down move in the due list rather than between clocks.
    focus_due: bool,
    /// Check-ins, on this day and the weekly risk line.
    rhythm: RhythmSection,
}

const NEW_LABEL: usize = 0;
const NEW_SINCE: usize = 1;
const NEW_COST: usize = 2;
const NOTE_TEXT: usize = 0;
const NOTE_DAY: usize = 1;

impl TodayPane {
    fn current(&self) -> Option<&Clock> {
        self.clocks.get(self.cursor.selected())
    }

    fn reload(&mut self, ctx: &mut Ctx, select_id: Option<i64>) -> Result<()> {
        let keep = select_id.or_else(|| self.current().map(|c| c.id));
        self.clocks = ctx.store.clocks()?;
        let i = keep
            .and_then(|id| self.clocks.iter().position(|c| c.id == id))
            .unwrap_or(0);
        self.cursor.select(i, self.clocks.len());
        Ok(())
    }

    fn new_form() -> FormPopup<FormKind> {
        let form = Form::new(
            "New clock",
            &[
                ("Label", "Alcohol, Gambling, Nicotine…", ""),
                (
                    "First sober day",
                    "YYYY-MM-DD, yesterday; empty = today",
                    "",
                ),
                ("Cost per day", "optional, e.g. 12.50", ""),
            ],
        );
        FormPopup::new(FormKind::NewClock, form)
            .without_external_editor()
            .discard_question("Discard this new clock?")
    }

    /// The form that corrects clock `c`, filled with what it holds now.
    fn edit_form(c: &Clock) -> FormPopup<FormKind> {
        let cost = c
            .cost_per_day_cents
            .map(clock::format_amount)
            .unwrap_or_default();
        let form = Form::new(
            format!("Edit clock · {}", clean(&c.label)),
            &[
                ("Label", "Alcohol, Gambling, Nicotine…", &c.label),
                (
                    "First sober day",
                    "YYYY-MM-DD, the very first one; resets stay",
                    &format_day(c.since),
                ),
                ("Cost per day", "optional, e.g. 12.50; empty = none", &cost),
            ],
        );
        FormPopup::new(FormKind::EditClock(c.id), form)
            .without_external_editor()
            .discard_question("Discard these changes?")
    }

    fn save_clock(&mut self, editing: Option<i64>, ctx: &mut Ctx) -> Result<()> {
        let Some(form) = self.layer.form() else {
            return Ok(());
        };
        let label = form.value(NEW_LABEL);
        let since_text = form.value(NEW_SINCE);
        let cost_text = form.value(NEW_COST);
        // On an error, the focus goes to the field to fix.
        let since = if since_text.is_empty() && editing.is_some() {
            Err("type the first sober day, such as 2025-12-05".to_string())
        } else if since_text.is_empty() {
            Ok(ctx.today)
        } else {
            parse_day(&since_text, ctx.today).map_err(|e| e.to_string())
        }
        .and_then(|since| {
            match editing.and_then(|id| self.clocks.iter().find(|c| c.id == id)) {
                Some(c) => c.validate_new_since(since, ctx.today),
                None => clock::validate_since(since, ctx.today),
            }
            .map(|()| since)
            .map_err(|e| e.to_string())
        })
        .map_err(|e| (NEW_SINCE, e));
        let cost = if cost_text.is_empty() {
            Ok(None)
        } else {
            clock::parse_cents(&cost_text)
                .map(Some)
                .map_err(|e| (NEW_COST, e.to_string()))
        };
        let result = match (since, cost) {
            (Err(e), _) | (_, Err(e)) => Err(e),
            (Ok(since), Ok(cost)) => match editing {
                None => ctx.store.add_clock(&label, since, cost, ctx.today),
                Some(id) => ctx.store.edit_clock(id, &label, since, cost, ctx.today),
            }
            .map_err(|e| (NEW_LABEL, e.to_string())),
        };
        match result {
            Ok(c) => {
                let days = c.days(ctx.today);
                ctx.info(match editing {
                    Some(_) => format!("Updated {}: {}.", clean(&c.label), days_word(days)),
                    None if days == 0 => {
                        format!("Started {}. Day one begins now.", clean(&c.label))
                    }
                    None => format!("Started {}: {}.", clean(&c.label), days_word(days)),
                });
                self.layer.close();
                self.reload(ctx, Some(c.id))?;
            }
            Err((field, e)) => {
                self.layer.fail(e);
                if let Some(form) = self.layer.form_mut() {
                    form.focus = field;
                }
            }
        }
        Ok(())
    }

    fn note_form(&self, id: i64, today: NaiveDate) -> FormPopup<FormKind> {
        let label = self.current().map(|c| clean(&c.label)).unwrap_or_default();
        let form = Form::new(
            format!("A new start · {label}"),
            &[
                ("Note", "optional: what happened, what helped", ""),
                (
                    "Day of the slip",
                    "YYYY-MM-DD, today, yesterday; the count starts the day after",
                    &format_day(today),
                ),
            ],
        )
        .tall(NOTE_TEXT, 2, "");
        FormPopup::new(FormKind::NewStart(id), form).discard_question("Discard this note?")
    }

    fn save_reset(&mut self, id: i64, ctx: &mut Ctx) -> Result<()> {
        let (Some(c), Some(form)) = (
            self.clocks.iter().find(|c| c.id == id).cloned(),
            self.layer.form(),
        ) else {
            self.layer.close();
            return Ok(());
        };
        let note = form.value(NOTE_TEXT);
        let day_text = form.value(NOTE_DAY);
        let day = if day_text.is_empty() {
            Ok(ctx.today)
        } else {
            parse_day(&day_text, ctx.today).map_err(|e| e.to_string())
        };
        let result = day.and_then(|day| {
            ctx.store
                .reset_clock(c.id, day, Some(&note), ctx.today)
                .map_err(|e| e.to_string())
        });
        match result {
            Ok(after) => {
                let f = after.figures(ctx.today);
                let closed = f
                    .streaks
                    .len()
                    .checked_sub(2)
                    .map_or(0, |i| f.streaks[i].days);
                ctx.info(Clock::reset_words(closed));
                self.layer.close();
                self.reload(ctx, Some(c.id))?;
            }
            Err(e) => {
                self.layer.fail(e);
                if let Some(form) = self.layer.form_mut() {
                    form.focus = NOTE_DAY;
                }
            }
        }
        Ok(())
    }

    fn submit(&mut self, kind: FormKind, ctx: &mut Ctx) -> Result<()> {
        match kind {
            FormKind::NewClock => self.save_clock(None, ctx),
            FormKind::EditClock(id) => self.save_clock(Some(id), ctx),
            FormKind::NewStart(id) => self.save_reset(id, ctx),
        }
    }

    fn confirmed(&mut self, ask: Ask, ctx: &mut Ctx) -> Result<()> {
        match ask {
            Ask::Reset(id) => {
                let form = self.note_form(id, ctx.today);
                self.layer.open_popup(form);
            }
            Ask::Delete(id) => {
                let label = self.current().map(|c| clean(&c.label)).unwrap_or_default();
                ctx.store.remove_clock(id)?;
                ctx.info(format!("Removed the clock {label}."));
                self.history = None;
                self.reload(ctx, None)?;
            }
        }
        Ok(())
    }

    fn ask_reset(&mut self, today: NaiveDate) {
        if let Some(c) = self.current() {
            let question = format!(
                "Start {} again? Your {} stay in the history.",
                clean(&c.label),
                days_word(c.days(today))
            );
            let id = c.id;
            self.layer.ask(question, Ask::Reset(id));
        }
    }

    fn history(&mut self, scroll: u16, action: Action, ctx: &mut Ctx) {
        self.history = match action {
            Action::Back | Action::Open => None,
            Action::Down | Action::ScrollDown => Some(scroll.saturating_add(1)),
            Action::PageDown => Some(scroll.saturating_add(5)),
            Action::Up | Action::ScrollUp => Some(scroll.saturating_sub(1)),
            Action::PageUp => Some(scroll.saturating_sub(5)),
            Action::Top => Some(0),
            Action::Edit | Action::Reset => {
                self.browse(action, ctx);
                Some(scroll)
            }
            _ => Some(scroll),
        }
    }

    /// Browsing with the rhythm lines on the cursor's path: the clocks,
    /// then the "on this day" line, then the due contacts. The check-in
    /// keys go to the rhythm section.
    fn browse_with_rhythm(&mut self, action: Action, ctx: &mut Ctx) -> Result<()> {
        let n = self.clocks.len();
        let has_due = !self.due.due().is_empty();
        let at_due_top = self.focus_due && self.due.selected_index() == 0;
        match action {
            Action::Down
                if !self.focus_due
                    && !self.rhythm.focused()
                    && self.rhythm.has_on_this_day()
                    && self.cursor.selected() + 1 >= n =>
            {
                self.rhythm.set_focus(true)
            }
            Action::Down if self.rhythm.focused() && has_due => {
                self.rhythm.set_focus(false);
                self.focus_due = true;
            }
            Action::Down if self.rhythm.focused() => {}
            Action::Up if self.rhythm.focused() => self.rhythm.set_focus(false),
            Action::Up if at_due_top && self.rhythm.has_on_this_day() => {
                self.focus_due = false;
                self.rhythm.set_focus(true);
            }
            _ if !self.rhythm.update(action, ctx)? => {
                if action != Action::Log {
                    self.rhythm.set_focus(false);
                }
                self.browse(action, ctx)
            }
            _ => {}
        }
        Ok(())
    }

    fn browse(&mut self, action: Action, ctx: &mut Ctx) {
        let n = self.clocks.len();
        let has_due = !self.due.due().is_empty();
        match action {
            // One cursor runs down the clocks, then into the due list.
            Action::Log => {
                self.focus_due = has_due;
                let _ = self.due.update(Action::Log, ctx);
            }
            Action::Up if self.focus_due => {
                if self.due.selected_index() == 0 {
                    self.focus_due = n == 0;
                } else {
                    let _ = self.due.update(Action::Up, ctx);
                }
            }
            Action::Down if self.focus_due => {
                let _ = self.due.update(Action::Down, ctx);
            }
            Action::Down if has_due && self.cursor.selected() + 1 >= n => self.focus_due = true,
            Action::New => self.layer.open_popup(Self::new_form()),
            Action::Edit => {
                if let Some(c) = self.current() {
                    self.layer.open_popup(Self::edit_form(c));
                }
            }
            Action::Reset => self.ask_reset(ctx.today),
            Action::Delete => {
                if let Some(c) = self.current() {
                    let question = format!(
                        "Delete the clock {} and all its history? This cannot be undone.",
                        clean(&c.label)
                    );
                    let id = c.id;
                    self.layer.ask(question, Ask::Delete(id));
                }
            }
            Action::Open if n > 0 => self.history = Some(0),
            action => {
                self.cursor.apply(action, n);
            }
        }
    }
}

impl Pane for TodayPane {
    fn title(&self) -> &'static str {
        "Today"
    }

    fn load(&mut self, ctx: &mut Ctx) -> Result<()> {
        self.rhythm.load(ctx.store, ctx.today)?;
        self.due.load(ctx.store, ctx.today)?;
        if self.due.due().is_empty() {
            self.focus_due = false;
        }
        self.reload(ctx, None)
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Result<()> {
        if self.due.mode() != Mode::Normal {
            self.due.update(action, ctx)?;
            return Ok(());
        }
        if self.rhythm.mode() != Mode::Normal {
            self.rhythm.update(action, ctx)?;
            return Ok(());
        }
        match self.layer.update(action, ctx) {
            Outcome::Browse => match self.history {
                Some(scroll) => self.history(scroll, action, ctx),
                None => self.browse_with_rhythm(action, ctx)?,
            },
            Outcome::Handled => {}
            Outcome::Submit(kind) => self.submit(kind, ctx)?,
            Outcome::Confirmed(ask) => self.confirmed(ask, ctx)?,
            Outcome::Cancelled(FormKind::NewStart(_)) => ctx.info("Nothing changed."),
            Outcome::Cancelled(_) => {}
        }
        Ok(())
    }

    fn input(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Result<()> {
        if self.due.input(key, ctx)? || self.rhythm.input(key, ctx)? {
            return Ok(());
        }
        if let Outcome::Submit(kind) = self.layer.input(key) {
            self.submit(kind, ctx)?;
        }
        Ok(())
    }

    fn paste(&mut self, text: &str, _ctx: &mut Ctx) -> Result<()> {
        if !self.due.paste(text) && !self.rhythm.paste(text) {
            self.layer.paste(text);
        }
        Ok(())
    }

    fn external_edit_done(&mut self, text: Option<String>, _ctx: &mut Ctx) -> Result<()> {
        self.layer.external_edit_done(text);
        Ok(())
    }

    fn external_editor(&self) -> bool {
        true
    }

    fn mode(&self) -> Mode {
        match (self.due.mode(), self.rhythm.mode()) {
            (Mode::Normal, Mode::Normal) => self.layer.mode(),
            (Mode::Normal, rhythm) => rhythm,
            (due, _) => due,
        }
    }

    fn unsaved(&self) -> bool {
        self.due.unsaved() || self.rhythm.unsaved() || self.layer.unsaved()
    }

    fn hints(&self, keys: &KeyMap) -> Option<Vec<Hint>> {
        match self.due.hints(keys) {
            Some(h) => Some(h),
            None if self.rhythm.mode() != Mode::Normal => self.rhythm.hints(keys),
            None => self.layer.hints(keys),
        }
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        let (clocks_area, reach_area) = today_layout(area, self.due.height());
        let [clocks_area, rhythm_area] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(self.rhythm.height()),
        ])
        .areas(clocks_area);
        self.rhythm.draw_lines(frame, rhythm_area, view);
        let theme = view.theme;
        match (self.history, self.current()) {
            (_, None) => draw_invitation(frame, clocks_area, view),
            (Some(scroll), Some(c)) => {
                draw_history(frame, clocks_area, c, scroll, view.today, theme)
            }
            (None, Some(_)) => self.draw_clocks(frame, clocks_area, view),
        }
        self.due.set_focus(self.focus_due || self.clocks.is_empty());
        self.due.draw(frame, reach_area, view);
        self.layer.draw(frame, area, theme, view.keys);
        self.rhythm.draw_popup(frame, area, view);
    }

    fn help(&self) -> Vec<(Action, &'static str)> {
        if self.history.is_some() {
            return vec![
                (Action::Back, "back from history"),
                (Action::Down, "scroll"),
                (Action::Up, "scroll up"),
                (Action::Reset, "reset"),
                (Action::Edit, "edit clock"),
            ];
        }
        if self.clocks.is_empty() {
            // Only the keys that do something with no clock yet.
            let mut keys = vec![(Action::New, "new clock")];
            if !self.due.due().is_empty() {
                keys.push((Action::Log, "log a reach-out to the selected due contact"));
            }
            return keys;
        }
        vec![
            (Action::New, "new clock"),
            (Action::Reset, "reset"),
            (Action::Edit, "edit clock"),
            (Action::Delete, "delete"),
            (Action::Down, "next"),
            (Action::Up, "previous"),
            (Action::Open, "history"),
            (Action::Log, "log a reach-out to the selected due contact"),
        ]
        .into_iter()
        .chain(RhythmSection::help())
        .collect()
    }
}

/// Splits the Today pane into the clocks area (top) and the "Reach out"
/// area (the bottom rows), where the due-contacts list goes.
pub fn today_layout(area: Rect, wanted: u16) -> (Rect, Rect) {
    let reach = wanted.clamp(3, if area.height >= 20 { 6 } else { 4 });
    let [clocks, reach_out] =
        Layout::vertical([Constraint::Min(6), Constraint::Length(reach)]).areas(area);
    (clocks, reach_out)
}

fn draw_invitation(frame: &mut Frame, area: Rect, view: &View) {
    let key = view.keys.label(Context::List, Action::New);
    let theme = view.theme;
    let lines = vec![
        Line::styled("No clock yet.", theme.title),
        Line::from("A clock counts your sober days, one day at a time."),
        Line::from(""),
        Line::from(vec![
            Span::raw("When you are ready, press "),
            Span::styled(key, theme.key),
            Span::raw(" to start your first clock."),
        ]),
    ];
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim)
        .title(Span::styled(" Today ", theme.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = (lines.len() as u16 + 1).min(inner.height);
    let [_, mid, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(rows),
        Constraint::Fill(1),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .alignment(Alignment::Center),
        mid,
    );
}

/// What one row of the main clock shows.
#[derive(Clone, Copy, PartialEq)]
enum Row {
    Header,
    Blank,
    Digits,
    Next,
    NextDay,
    Gauge,
    Celebrate,
}

impl TodayPane {
    fn draw_clocks(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let today = view.today;
        let c = &self.clocks[self.cursor.selected()];
        let roomy = area.width >= 70 && area.height >= 14;
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.dim)
            .padding(if roomy {
                Padding::new(2, 2, 1, 0)
            } else {
                Padding::horizontal(1)
            })
            .title(Span::styled(" Today ", theme.title));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let side_w = if inner.width >= 70 { 30 } else { 24 };
        let [main, _, side] = Layout::horizontal([
            Constraint::Min(20),
            Constraint::Length(1),
            Constraint::Length(side_w),
        ])
        .areas(inner);
        // Both columns sit top-aligned in one band, centred vertically.
        let main_h = row_height(&main_rows(c, today, main.height));
        let side_h = self.side_height(today);
        let band_h = main_h.max(side_h).min(inner.height);
        let band = |r: Rect| {
            let [b] = Layout::vertical([Constraint::Length(band_h)])
                .flex(Flex::Center)
                .areas(r);
            b
        };
        draw_main_clock(frame, band(main), c, today, theme);
        self.draw_side(frame, band(side), view);
    }

    /// The rows the side column wants: heading, clocks, blank, stats.
    fn side_height(&self, today: NaiveDate) -> u16 {
        let c = &self.clocks[self.cursor.selected()];
        let stats =
            2 + usize::from(!c.resets.is_empty()) + usize::from(c.saved_cents(today).is_some());
        (1 + self.clocks.len() + stats) as u16
    }

    /// The compact list of clocks, then the selected clock's longest streak
    /// and money saved.
    fn draw_side(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let today = view.today;
        let c = &self.clocks[self.cursor.selected()];
        let w = area.width as usize;
        let mut stats: Vec<Line> = vec![Line::from("")];
        let stat = |name: &str, value: String| {
            let pad = w.saturating_sub(name.chars().count() + value.chars().count());
            Line::from(vec![
                Span::styled(name.to_string(), theme.dim),
                Span::raw(" ".repeat(pad)),
                Span::raw(value),
            ])
        };
        stats.push(stat("Longest streak", days_word(c.longest_days(today))));
        if !c.resets.is_empty() {
            stats.push(stat("All sober days", days_word(c.total_days(today))));
        }
        if let Some(saved) = c.saved_cents(today) {
            stats.push(stat(
                "Money saved",
                format_money(saved, &clean(&view.config.currency)),
            ));
        }
        let list_h = (area.height as usize)
            .saturating_sub(stats.len() + 1)
            .max(1)
            .min(self.clocks.len());
        let first = (self.cursor.selected() + 1).saturating_sub(list_h);
        let mut lines = vec![Line::styled(
            if self.clocks.len() > 1 {
                "Clocks"
            } else {
                "Clock"
            },
            theme.dim,
        )];
        for (i, other) in self.clocks.iter().enumerate().skip(first).take(list_h) {
            let sel = i == self.cursor.selected();
            let days = days_word(other.days(today));
            let mark = if sel { "› " } else { "  " };
            let room = w.saturating_sub(days.chars().count() + 3);
            let label = fit(&clean(&other.label), room);
            let pad = w.saturating_sub(2 + width(&label) + days.chars().count());
            let style = if sel { theme.title } else { Style::default() };
            lines.push(Line::from(vec![
                Span::styled(mark, theme.accent),
                Span::styled(label, style),
                Span::raw(" ".repeat(pad)),
                Span::styled(days, style),
            ]));
        }
        lines.extend(stats);
        frame.render_widget(Paragraph::new(lines), area);
    }
}

fn row_height(rows: &[Row]) -> u16 {
    rows.iter()
        .map(|r| if *r == Row::Digits { 3 } else { 1 })
        .sum()
}

/// The rows of the main clock that fit in `max` rows.
fn main_rows(c: &Clock, today: NaiveDate, max: u16) -> Vec<Row> {
    let mut rows = vec![
        Row::Header,
        Row::Blank,
        Row::Digits,
        Row::Blank,
        Row::Next,
        Row::NextDay,
        Row::Gauge,
    ];
    if c.milestone_today(today).is_some() {
        rows.push(Row::Blank);
        rows.push(Row::Celebrate);
    }
    while row_height(&rows) > max {
        match rows.iter().rposition(|r| *r == Row::Blank) {
            Some(i) => {
                rows.remove(i);
            }
            None => break,
        }
    }
    if row_height(&rows) > max {
        rows.retain(|r| *r != Row::NextDay);
    }
    rows
}

fn draw_main_clock(frame: &mut Frame, area: Rect, c: &Clock, today: NaiveDate, theme: &Theme) {
    let days = c.days(today);
    let progress = c.progress(today);
    let celebrate = c.milestone_today(today);
    let rows = main_rows(c, today, area.height);
    let constraints: Vec<Constraint> = rows
        .iter()
        .map(|r| Constraint::Length(if *r == Row::Digits { 3 } else { 1 }))
        .chain([Constraint::Fill(1)])
        .collect();
    let areas = Layout::vertical(constraints).split(area);
    for (row, rect) in rows.iter().zip(areas.iter()) {
        let rect = *rect;
        match row {
            Row::Blank => {}
            Row::Header => frame.render_widget(
                Paragraph::new(Line::from(vec![
                    Span::styled(clean(&c.label), theme.title),
                    Span::styled(
                        format!(" · since {}", format_day(c.current_since())),
                        theme.dim,
                    ),
                ])),
                rect,
            ),
            Row::Digits => draw_big_number(frame, rect, days, theme),
            Row::Next => {
                let text = match &progress.next {
                    Some(m) => Line::from(vec![
                        Span::styled("Next: ", theme.dim),
                        Span::styled(m.name.clone(), theme.title),
                    ]),
                    None => Line::from("Every day counts."),
                };
                frame.render_widget(Paragraph::new(text), rect);
            }
            Row::NextDay => {
                if let Some(m) = &progress.next {
                    let left = (m.on - today).num_days();
                    let when = if left == 1 {
                        "tomorrow".to_string()
                    } else {
                        format!("in {}", days_word(left))
                    };
                    let long = format!("on {} · {when}", m.on.format("%a %b %-d, %Y"));
                    let text = if long.chars().count() <= rect.width as usize {
                        long
                    } else {
                        format!("on {} · {when}", format_day(m.on))
                    };
                    frame.render_widget(Paragraph::new(Line::styled(text, theme.dim)), rect);
                }
            }
            Row::Gauge => {
                let ratio = progress.ratio(c.current_since(), today);
                let left = progress.days_left(today).unwrap_or(0);
                let label = format!("{:.0}% · {} to go", ratio * 100.0, days_word(left));
                frame.render_widget(
                    Gauge::default()
                        .ratio(ratio)
                        .label(label)
                        .use_unicode(true)
                        .gauge_style(theme.ok),
                    rect,
                );
            }
            Row::Celebrate => {
                if let Some(m) = &celebrate {
                    frame.render_widget(
                        Paragraph::new(Line::styled(
                            format!("✦ {} today. Well done.", m.name),
                            theme.ok,
                        ))
                        .wrap(Wrap { trim: true }),
                        rect,
                    );
                }
            }
        }
    }
}

/// The streak timeline of one clock, newest first, with the reset notes.
fn draw_history(
    frame: &mut Frame,
    area: Rect,
    c: &Clock,
    scroll: u16,
    today: NaiveDate,
    theme: &Theme,
) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim)
        .title(Span::styled(
            format!(" {} · history ", clean(&c.label)),
            theme.title,
        ))
        .title_bottom(Line::styled(" Esc back ", theme.dim))
        .padding(Padding::horizontal(1));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let longest = c.longest_days(today);
    let streaks = c.streaks(today);
    let mut lines = vec![Line::from(vec![
        Span::styled("Longest ", theme.dim),
        Span::raw(days_word(longest)),
        Span::styled(" · all sober days ", theme.dim),
        Span::raw(days_word(c.total_days(today))),
        Span::styled(" · new starts ", theme.dim),
        Span::raw(c.resets.len().to_string()),
    ])];
    lines.push(Line::from(""));
    for s in streaks.iter().rev() {
        let span = s.span();
        let (mark, mark_style) = if s.end.is_none() {
            ("● now ", theme.ok)
        } else {
            ("○     ", theme.dim)
        };
        let mut spans = vec![
            Span::styled(mark, mark_style),
            Span::raw(format!("{span:<25}")),
            Span::raw(format!("{:>10}", days_word(s.days))),
        ];
        if s.days == longest && longest > 0 && streaks.len() > 1 {
            spans.push(Span::styled("  ★ longest", theme.title));
        }
        lines.push(Line::from(spans));
        if let Some(note) = &s.note {
            lines.push(Line::styled(
                format!("      “{}”", clean(note).replace('\n', " ")),
                theme.dim,
            ));
        }
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        inner,
    );
}

/// A 3-row block-digit font, each glyph 3 cells wide.
const GLYPHS: [[&str; 3]; 10] = [
    ["█▀█", "█ █", "▀▀▀"],
    ["▀█ ", " █ ", "▀▀▀"],
    ["▀▀█", "█▀▀", "▀▀▀"],
    ["▀▀█", " ▀█", "▀▀▀"],
    ["█ █", "▀▀█", "  ▀"],
    ["█▀▀", "▀▀█", "▀▀▀"],
    ["█▀▀", "█▀█", "▀▀▀"],
    ["▀▀█", "  █", "  ▀"],
    ["█▀█", "█▀█", "▀▀▀"],
    ["█▀█", "▀▀█", "▀▀▀"],
];

/// The three text rows of `n` in block digits.
pub fn big_digits(n: i64) -> [String; 3] {
    let mut rows: [String; 3] = Default::default();
    for (i, ch) in n.to_string().chars().enumerate() {
        let Some(d) = ch.to_digit(10) else { continue };
        for (r, row) in rows.iter_mut().enumerate() {
            if i > 0 {
                row.push(' ');
            }
            row.push_str(GLYPHS[d as usize][r]);
        }
    }
    rows
}

/// The day count in block digits with "days" beside it (plain digits when
/// there is no room).
fn draw_big_number(frame: &mut Frame, area: Rect, days: i64, theme: &Theme) {
    let rows = big_digits(days);
    let word = if days == 1 { " day" } else { " days" };
    let w = rows[0].chars().count() + word.len();
    if theme.ascii || w > area.width as usize {
        frame.render_widget(
            Paragraph::new(Line::styled(days_word(days), theme.title)),
            area,
        );
        return;
    }
    let lines: Vec<Line> = rows
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let tail = if i == 2 { word } else { "" };
            Line::from(vec![
                Span::styled(row, theme.title),
                Span::styled(tail, theme.dim),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

use crate::text::{fit, width};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_digits_are_three_rows_of_three_wide_glyphs() {
        let rows = big_digits(109);
        for row in &rows {
            assert_eq!(row.chars().count(), 11);
        }
        assert_eq!(rows[0], "▀█  █▀█ █▀█");
        assert_eq!(big_digits(0)[2], "▀▀▀");
    }
}
