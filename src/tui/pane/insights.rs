//! The Insights pane: patterns over time, drawn with ratatui's own widgets.
//!
//! - a calendar heatmap of the last 26 weeks: one cell per day, marked by the
//!   day's highest craving with distinct characters (never colour alone);
//! - mood and craving over the last 90 days (daily averages) as a `Chart`;
//! - the tags most often on high-craving entries (craving 7+) as a `BarChart`;
//! - reach-outs per week (12 weeks) as a `Sparkline`;
//! - amends made per month (12 months) as a `BarChart`;
//! - and, on its second view (the open key switches), the urges: per week,
//!   HALT, the top triggers and what helped ([`super::urge_insights`]).
//!
//! Everything is read in [`Pane::load`] through the aggregate queries of
//! `store::insights` (a few hundred rows at most); drawing only lays out what
//! was loaded, dropping the sections that do not fit.

use anyhow::Result;
use chrono::{Datelike, Months, NaiveDate, TimeDelta};
use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Axis, Bar, BarChart, BarGroup, Block, Borders, Chart, Dataset, GraphType, Paragraph, Sparkline,
};

use crate::tui::app::empty_state;
use crate::tui::keys::{Action, Context};
use crate::tui::pane::{Ctx, Pane, View};
use crate::tui::theme::Theme;

/// Weeks in the heatmap (about six months).
pub const HEAT_WEEKS: usize = 26;
/// Days in the mood and craving chart.
pub const CHART_DAYS: i64 = 90;
/// Weeks of reach-outs.
pub const REACH_WEEKS: usize = 12;
/// Months of amends.
pub const AMEND_MONTHS: usize = 12;
/// A craving at least this high makes a "high-craving" entry.
pub const HIGH_CRAVING: u8 = 7;

/// One day of the heatmap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    /// After today: drawn blank.
    Future,
    /// No entry that day.
    Empty,
    /// An entry; the level of the day's highest craving (0 low … 3 high).
    Level(u8),
}

/// The marks of the heatmap, lowest craving first, and what they mean.
const MARKS: [(&str, &str, &str); 4] = [
    ("░", "0-2", "0-2"),
    ("▒", "3-5", "3-5"),
    ("▓", "6-7", "6-7"),
    ("█", "8-10", "8+"),
];
const EMPTY_MARK: &str = "·";

fn level(craving: Option<u8>) -> u8 {
    match craving {
        None | Some(0..=2) => 0,
        Some(3..=5) => 1,
        Some(6..=7) => 2,
        Some(_) => 3,
    }
}

/// Everything the pane shows, read in `load`.
#[derive(Debug, Default)]
struct Data {
    /// Columns of 7 days (Monday first), oldest week first.
    heat: Vec<[Cell; 7]>,
    /// The Monday of the first heatmap column.
    heat_start: Option<NaiveDate>,
    days_journaled: usize,
    high_days: usize,
    /// The first day of the chart.
    chart_start: NaiveDate,
    /// (days before today, value) for the chart, oldest first.
    mood: Vec<(f64, f64)>,
    craving: Vec<(f64, f64)>,
    tags: Vec<(String, u64)>,
    /// Reach-outs per week, oldest first, the current week last.
    weeks: Vec<u64>,
    /// (month label, amends made, acts of trust), oldest first.
    months: Vec<(String, u64, u64)>,
    /// Risk and protection per ISO week of weekly check-ins, oldest first.
    weekly: Vec<crate::domain::checkin::WeekPoint>,
}

impl Data {
    fn is_empty(&self) -> bool {
        self.days_journaled == 0
            && self.weekly.is_empty()
            && self.weeks.iter().all(|&n| n == 0)
            && self.months.iter().all(|m| m.1 == 0 && m.2 == 0)
    }
}

/// The Insights pane's state.
#[derive(Debug, Default)]
pub struct InsightsPane {
    data: Data,
    urges: super::urge_insights::UrgeInsights,
    /// Showing the urge view.
    show_urges: bool,
}

fn monday_of(day: NaiveDate) -> NaiveDate {
    day - TimeDelta::days(i64::from(day.weekday().num_days_from_monday()))
}

fn first_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

impl Pane for InsightsPane {
    fn title(&self) -> &'static str {
        "Insights"
    }

    fn load(&mut self, ctx: &mut Ctx) -> Result<()> {
        let today = ctx.today;
        let store = &*ctx.store;
        let mut data = Data::default();

        // Heatmap and chart share one grouped read of the journal.
        let heat_start = monday_of(today) - TimeDelta::weeks(HEAT_WEEKS as i64 - 1);
        let chart_start = today - TimeDelta::days(CHART_DAYS - 1);
        let from = heat_start.min(chart_start);
        let days = store.insight_days(from, today)?;
        let mut by_day = std::collections::HashMap::new();
        for &(day, max, mood, craving) in &days {
            if day >= heat_start {
                by_day.insert(day, max);
                data.days_journaled += 1;
                if max.is_some_and(|m| m >= HIGH_CRAVING) {
                    data.high_days += 1;
                }
            }
            if day >= chart_start {
                let x = -((today - day).num_days() as f64);
                if let Some(m) = mood {
                    data.mood.push((x, m));
                }
                if let Some(c) = craving {
                    data.craving.push((x, c));
                }
            }
        }
        data.heat = (0..HEAT_WEEKS)
            .map(|w| {
                let monday = heat_start + TimeDelta::weeks(w as i64);
                std::array::from_fn(|d| {
                    let day = monday + TimeDelta::days(d as i64);
                    if day > today {
                        Cell::Future
                    } else {
                        match by_day.get(&day) {
                            Some(max) => Cell::Level(level(*max)),
                            None => Cell::Empty,
                        }
                    }
                })
            })
            .collect();
        data.heat_start = Some(heat_start);
        data.chart_start = chart_start;

        data.tags = store.insight_high_craving_tags(heat_start, today, HIGH_CRAVING, 8)?;

        let this_week = monday_of(today);
        let first_week = this_week - TimeDelta::weeks(REACH_WEEKS as i64 - 1);
        let mut weeks = vec![0u64; REACH_WEEKS];
        for (monday, n) in store.insight_reach_outs_per_week(first_week, today)? {
            let i = (monday - first_week).num_weeks();
            if let Some(slot) = usize::try_from(i).ok().and_then(|i| weeks.get_mut(i)) {
                *slot = n;
            }
        }
        data.weeks = weeks;

        let this_month = first_of_month(today);
        let first_month = this_month
            .checked_sub_months(Months::new(AMEND_MONTHS as u32 - 1))
            .unwrap_or(this_month);
        let counts = store.insight_amends_per_month(first_month, today)?;
        data.months = (0..AMEND_MONTHS as u32)
            .map(|i| {
                let m = first_month
                    .checked_add_months(Months::new(i))
                    .unwrap_or(first_month);
                let key = m.format("%Y-%m").to_string();
                let (made, acts) = counts
                    .iter()
                    .find(|(k, _, _)| *k == key)
                    .map(|(_, made, acts)| (*made, *acts))
                    .unwrap_or((0, 0));
                (m.format("%b").to_string(), made, acts)
            })
            .collect();

        data.weekly = store.week_points()?;

        self.data = data;
        self.urges = super::urge_insights::UrgeInsights::load(store, today)?;
        Ok(())
    }

    fn update(&mut self, action: Action, _ctx: &mut Ctx) -> Result<()> {
        if action == Action::Open {
            self.show_urges = !self.show_urges;
        }
        Ok(())
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        if self.show_urges {
            self.urges.draw(frame, area, theme, view.keys);
            return;
        }
        if self.data.is_empty() {
            let write = view.keys.label(Context::Global, Action::GoTab(1));
            empty_state(
                frame,
                area,
                "Insights",
                vec![
                    Line::styled("Nothing to chart yet, and that is fine.", theme.title),
                    Line::from(""),
                    Line::from("As you write entries, reach out and make amends,"),
                    Line::from("the patterns of your days gather here."),
                    Line::from(""),
                    Line::from(vec![
                        Span::raw("Press "),
                        Span::styled(write, theme.key),
                        Span::raw(" to write today's entry."),
                    ]),
                ],
                theme,
            );
            return;
        }

        // Top: heatmap (+ tags beside it); bottom: chart (+ reach-outs and
        // amends beside it). Sections that do not fit are left out.
        const TOP_H: u16 = 11;
        let wide_cells = area.width >= heat_width(2) + 22;
        let cell_w = if wide_cells { 2 } else { 1 };
        let heat_w = heat_width(cell_w).min(area.width);
        let (top, bottom) = if area.height >= TOP_H + 8 {
            let [t, b] =
                Layout::vertical([Constraint::Length(TOP_H), Constraint::Fill(1)]).areas(area);
            (t, Some(b))
        } else {
            (area, None)
        };
        if top.width >= heat_w + 20 {
            let [h, t] =
                Layout::horizontal([Constraint::Length(heat_w), Constraint::Fill(1)]).areas(top);
            self.draw_heatmap(frame, h, cell_w, theme);
            self.draw_tags(frame, t, theme);
        } else {
            self.draw_heatmap(frame, top, cell_w, theme);
        }
        let Some(bottom) = bottom else {
            return;
        };
        if bottom.width >= 76 {
            let [c, side] =
                Layout::horizontal([Constraint::Fill(1), Constraint::Length(32)]).areas(bottom);
            self.draw_chart(frame, c, theme);
            let weekly_h = if self.data.weekly.is_empty() { 0 } else { 5 };
            let [r, w, a] = Layout::vertical([
                Constraint::Length(5),
                Constraint::Length(weekly_h),
                Constraint::Fill(1),
            ])
            .areas(side);
            self.draw_reach_outs(frame, r, theme);
            if weekly_h > 0 {
                super::rhythm::draw_weekly_trend(frame, w, &self.data.weekly, theme);
            }
            if a.height >= 5 {
                self.draw_amends(frame, a, theme);
            }
        } else if !self.data.weekly.is_empty() && bottom.height >= 12 {
            let [c, w] =
                Layout::vertical([Constraint::Fill(1), Constraint::Length(5)]).areas(bottom);
            self.draw_chart(frame, c, theme);
            super::rhythm::draw_weekly_trend(frame, w, &self.data.weekly, theme);
        } else {
            self.draw_chart(frame, bottom, theme);
        }
    }

    fn help(&self) -> Vec<(Action, &'static str)> {
        vec![(
            Action::Open,
            if self.show_urges {
                "journal view"
            } else {
                "urges: HALT, triggers, what helped"
            },
        )]
    }
}

/// The heatmap block's width for cells `cell_w` wide.
fn heat_width(cell_w: u16) -> u16 {
    2 + 4 + HEAT_WEEKS as u16 * cell_w
}

fn section(title: String, theme: &Theme) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim)
        .title(Span::styled(title, theme.title))
}

fn mark_style(level: u8, theme: &Theme) -> Style {
    match level {
        0 => theme.ok,
        1 => theme.accent,
        2 => theme.warn,
        _ => theme.error,
    }
}

impl InsightsPane {
    fn draw_heatmap(&self, frame: &mut Frame, area: Rect, cell_w: u16, theme: &Theme) {
        let d = &self.data;
        let title = if cell_w == 2 {
            format!(
                " {} journaled · 6 months ",
                crate::domain::clock::days_word(d.days_journaled as i64)
            )
        } else {
            format!(" {} days · 6 months ", d.days_journaled)
        };
        let block = section(title, theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let cols = ((inner.width.saturating_sub(4)) / cell_w) as usize;
        let shown = &d.heat[d.heat.len().saturating_sub(cols)..];
        let first = d.heat.len() - shown.len();
        let pad = |s: &str| format!("{s:<w$}", w = cell_w as usize);

        let mut lines = Vec::new();
        // Month names above the week where a month starts.
        let mut months = String::from("    ");
        let mut used = 4usize;
        if let Some(start) = d.heat_start {
            let mut prev = None;
            for i in 0..shown.len() {
                let monday = start + TimeDelta::weeks((first + i) as i64);
                let x = 4 + i * cell_w as usize;
                let sunday = monday + TimeDelta::days(6);
                let month = sunday.month();
                if prev != Some(month) && x >= used {
                    let name = sunday.format("%b").to_string();
                    months.push_str(&" ".repeat(x - used));
                    months.push_str(&name);
                    used = x + name.len() + 1;
                    months.push(' ');
                }
                prev = Some(month);
            }
        }
        lines.push(Line::styled(months, theme.dim));
        let names = ["Mon", "", "Wed", "", "Fri", "", "Sun"];
        for (row, name) in names.iter().enumerate() {
            let mut spans = vec![Span::styled(format!("{name:<4}"), theme.dim)];
            for week in shown {
                spans.push(match week[row] {
                    Cell::Future => Span::raw(pad("")),
                    Cell::Empty => Span::styled(pad(EMPTY_MARK), theme.dim),
                    Cell::Level(l) => {
                        let m = MARKS[l as usize].0;
                        Span::styled(m.repeat(cell_w as usize), mark_style(l, theme))
                    }
                });
            }
            lines.push(Line::from(spans));
        }
        // The legend: every mark with its words.
        let long = inner.width >= 40;
        let mut legend = vec![Span::styled(
            if long {
                format!("{EMPTY_MARK} no entry  ")
            } else {
                format!("{EMPTY_MARK}none ")
            },
            theme.dim,
        )];
        for (l, (mark, words, short)) in MARKS.iter().enumerate() {
            legend.push(Span::styled(*mark, mark_style(l as u8, theme)));
            legend.push(Span::raw(if long {
                format!(" {words}  ")
            } else {
                format!("{short} ")
            }));
        }
        if long && inner.width >= 52 {
            legend.push(Span::styled("craving", theme.dim));
        }
        lines.push(Line::from(legend));
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn draw_tags(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let d = &self.data;
        let block = section(format!(" Tags, craving {HIGH_CRAVING}+ "), theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if d.tags.is_empty() {
            let text = if d.high_days == 0 {
                "No high-craving days in 6 months."
            } else {
                "No tags on high-craving days yet. Tags show what comes with hard days."
            };
            frame.render_widget(
                Paragraph::new(text)
                    .style(theme.dim)
                    .wrap(ratatui::widgets::Wrap { trim: true }),
                inner,
            );
            return;
        }
        let label_w = (inner.width / 2).clamp(4, 12) as usize;
        let bars: Vec<Bar> = d
            .tags
            .iter()
            .take(inner.height as usize)
            .map(|(tag, n)| {
                let name = crate::text::fit(&crate::text::one_line(tag), label_w);
                Bar::default()
                    .value(*n)
                    .label(Line::from(name))
                    .text_value(n.to_string())
            })
            .collect();
        frame.render_widget(
            BarChart::default()
                .direction(Direction::Horizontal)
                .bar_width(1)
                .bar_gap(0)
                .bar_style(theme.warn)
                .value_style(theme.title)
                .data(BarGroup::default().bars(&bars)),
            inner,
        );
    }

    fn draw_chart(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let d = &self.data;
        let wide = area.width >= 60;
        // The legend goes in the title, where it covers no data.
        let title = if wide {
            format!(" Mood & craving · {CHART_DAYS} days · ─ mood 1-5  • craving 0-10 ")
        } else {
            " Mood & craving · ─ mood  • craving ".to_string()
        };
        if d.mood.is_empty() && d.craving.is_empty() {
            let block = section(title, theme);
            let inner = block.inner(area);
            frame.render_widget(block, area);
            frame.render_widget(
                Paragraph::new("No mood or craving noted in the last 90 days.").style(theme.dim),
                inner,
            );
            return;
        }
        let datasets = vec![
            Dataset::default()
                .name("mood 1-5 ─")
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(theme.ok)
                .data(&d.mood),
            Dataset::default()
                .name("craving 0-10 •")
                .marker(Marker::Dot)
                .graph_type(GraphType::Scatter)
                .style(theme.warn)
                .data(&d.craving),
        ];
        let x_labels = vec![
            Line::from(d.chart_start.format("%b %-d").to_string()),
            Line::from("today"),
        ];
        let chart = Chart::new(datasets)
            .block(section(title, theme))
            .x_axis(
                Axis::default()
                    .bounds([-(CHART_DAYS as f64 - 1.0), 0.0])
                    .labels(x_labels)
                    .style(theme.dim),
            )
            .y_axis(
                Axis::default()
                    .bounds([0.0, 10.0])
                    .labels(vec![Line::from("0"), Line::from("5"), Line::from("10")])
                    .style(theme.dim),
            )
            .legend_position(None);
        frame.render_widget(chart, area);
    }

    fn draw_reach_outs(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let d = &self.data;
        let block = section(" Reach-outs / week ".into(), theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let total: u64 = d.weeks.iter().sum();
        let now = d.weeks.last().copied().unwrap_or(0);
        let [text, spark] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
        frame.render_widget(
            Paragraph::new(format!("{now} this week · {total} in {REACH_WEEKS} wk")),
            text,
        );
        let width = spark.width as usize;
        let values: Vec<u64> = d.weeks[d.weeks.len().saturating_sub(width)..].to_vec();
        frame.render_widget(
            Sparkline::default()
                .data(&values)
                .style(theme.accent)
                .max(values.iter().copied().max().unwrap_or(0).max(1)),
            spark,
        );
    }

    fn draw_amends(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let d = &self.data;
        let made: u64 = d.months.iter().map(|m| m.1).sum();
        let acts: u64 = d.months.iter().map(|m| m.2).sum();
        let block = section(" Amends made / month ".into(), theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [text, bars_area] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
        frame.render_widget(
            Paragraph::new(format!(
                "{made} made · {acts} act{} logged, 12 mo",
                if acts == 1 { "" } else { "s" }
            )),
            text,
        );
        if made == 0 {
            frame.render_widget(
                Paragraph::new("Each amend counts when its time comes.").style(theme.dim),
                bars_area,
            );
            return;
        }
        let fit = ((bars_area.width + 1) / 4) as usize;
        let shown = &d.months[d.months.len().saturating_sub(fit)..];
        let bars: Vec<Bar> = shown
            .iter()
            .map(|(label, made, _)| {
                Bar::default()
                    .value(*made)
                    .label(Line::from(crate::text::fit(label, 3)))
                    .text_value(made.to_string())
            })
            .collect();
        frame.render_widget(
            BarChart::default()
                .bar_width(3)
                .bar_gap(1)
                .bar_style(theme.ok)
                .value_style(theme.selected)
                .data(BarGroup::default().bars(&bars)),
            bars_area,
        );
    }
}
