//! The urge view of the Insights pane: urges per week, HALT counts, the top
//! triggers, and what helped — for each thing done, how often the urge
//! passed. The user's own evidence of what works.

use anyhow::Result;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Sparkline};

use crate::domain::urge::{self, Halt, UrgeStats};
use crate::store::Store;
use crate::tui::app::empty_state;
use crate::tui::keys::{Action, Context, KeyMap};
use crate::tui::theme::Theme;
use crate::tui::widgets::clean;

/// Weeks of urges in the sparkline.
pub const URGE_WEEKS: usize = 12;

/// What the urge view shows, read in `load`.
#[derive(Debug, Default, Clone)]
pub struct UrgeInsights {
    /// (Monday, urges that week), oldest first, this week last.
    pub weeks: Vec<(NaiveDate, u64)>,
    /// Over every urge logged.
    pub stats: UrgeStats,
}

fn block(title: &str, theme: &Theme) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim)
        .title(Span::styled(format!(" {title} "), theme.title))
}

impl UrgeInsights {
    pub fn load(store: &Store, today: NaiveDate) -> Result<UrgeInsights> {
        let urges = store.urges(None)?;
        Ok(UrgeInsights {
            weeks: urge::per_week(&urges, today, URGE_WEEKS),
            stats: urge::stats(&urges),
        })
    }

    /// Draws the view over `area`.
    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme, keys: &KeyMap) {
        let s = &self.stats;
        let back = keys.label(Context::List, Action::Open);
        if s.count == 0 {
            let log = keys.label(Context::Global, Action::Urge);
            empty_state(
                frame,
                area,
                "Urges",
                vec![
                    Line::styled("No urges logged yet.", theme.title),
                    Line::from(""),
                    Line::from(format!("When one comes, press {log}: how strong, HALT,")),
                    Line::from("what set it off, what you did, how it ended."),
                    Line::from("Here you will see what helps you most."),
                    Line::from(""),
                    Line::styled(format!("{back} back to the journal view"), theme.dim),
                ],
                theme,
            );
            return;
        }
        let [head, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(
                    format!(
                        " {} urge{} · {} passed without using",
                        s.count,
                        if s.count == 1 { "" } else { "s" },
                        s.passed
                    ),
                    theme.title,
                ),
                Span::styled(format!("   {back} journal view"), theme.dim),
            ])),
            head,
        );
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(45), Constraint::Fill(1)]).areas(body);
        let [weeks, halt] =
            Layout::vertical([Constraint::Length(6), Constraint::Fill(1)]).areas(left);
        self.draw_weeks(frame, weeks, theme);
        self.draw_halt(frame, halt, theme);
        let [helped, triggers] =
            Layout::vertical([Constraint::Fill(3), Constraint::Fill(2)]).areas(right);
        self.draw_helped(frame, helped, theme);
        self.draw_triggers(frame, triggers, theme);
    }

    fn draw_weeks(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let b = block("Urges / week", theme);
        let inner = b.inner(area);
        frame.render_widget(b, area);
        let total: u64 = self.weeks.iter().map(|w| w.1).sum();
        let now = self.weeks.last().map(|w| w.1).unwrap_or(0);
        let [text, spark] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
        frame.render_widget(
            Paragraph::new(format!("{now} this week · {total} in {URGE_WEEKS} wk")),
            text,
        );
        let values: Vec<u64> = self.weeks.iter().map(|w| w.1).collect();
        let width = usize::from(spark.width);
        let values = values[values.len().saturating_sub(width)..].to_vec();
        frame.render_widget(
            Sparkline::default()
                .data(&values)
                .style(theme.accent)
                .max(values.iter().copied().max().unwrap_or(0).max(1)),
            spark,
        );
    }

    fn draw_halt(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let b = block("HALT", theme);
        let inner = b.inner(area);
        frame.render_widget(b, area);
        let max = Halt::ALL
            .iter()
            .map(|h| self.stats.halt.get(*h))
            .max()
            .unwrap_or(0)
            .max(1);
        let bar_w = usize::from(inner.width).saturating_sub(12).max(1);
        let lines: Vec<Line> = Halt::ALL
            .iter()
            .map(|h| {
                let n = self.stats.halt.get(*h);
                let len = (n as usize * bar_w).div_ceil(max as usize).min(bar_w);
                Line::from(vec![
                    Span::raw(format!("{:<7}{:>3} ", h.as_str(), n)),
                    Span::styled("█".repeat(len), theme.accent),
                ])
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn draw_helped(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let b = block("What helped: the urge passed", theme);
        let inner = b.inner(area);
        frame.render_widget(b, area);
        if self.stats.what_helped.is_empty() {
            frame.render_widget(
                Paragraph::new("Note what you did when an urge comes; it shows here.")
                    .style(theme.dim),
                inner,
            );
            return;
        }
        let lines: Vec<Line> = self
            .stats
            .what_helped
            .iter()
            .take(usize::from(inner.height))
            .map(|h| {
                Line::from(vec![
                    Span::styled(format!("{:>3} of {:<3}", h.passed, h.count), theme.key),
                    Span::raw(clean(&h.did)),
                ])
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn draw_triggers(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let b = block("Top triggers", theme);
        let inner = b.inner(area);
        frame.render_widget(b, area);
        let lines: Vec<Line> = self
            .stats
            .triggers
            .iter()
            .take(usize::from(inner.height).min(5))
            .map(|t| {
                Line::from(vec![
                    Span::styled(format!("{:>3}  ", t.count), theme.key),
                    Span::raw(clean(&t.trigger)),
                ])
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }
}
