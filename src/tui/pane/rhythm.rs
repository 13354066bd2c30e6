//! The daily and weekly rhythm on Today (DESIGN.md §8.2): a few gentle
//! lines saying what is open today, "on this day" and, when risk rose two
//! weeks running, one line with a coping step and a person to call; and
//! the check-ins themselves:
//!
//! - morning: one line, "just for today, I will…";
//! - evening: first how hard the day was (one key, 1 easy … 5 very hard),
//!   then the tenth-step questions and up to three gratitudes, all optional;
//! - weekly: twelve short questions, one key (0–4) each.
//!
//! Doing one again edits it: the forms open with what was saved. There is
//! no streak to break; a day without a check-in is just a day.
//!
//! The section lives inside the Today pane like the due-contacts list: the
//! pane forwards `load`, `update`, `input`, `paste`, `mode` and `draw`.

use std::collections::BTreeMap;

use anyhow::Result;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::domain::checkin::{
    self, Checkin, DIFFICULTY, Domain, EVENING_QUESTIONS, ITEMS, Kind, NewCheckin, Open, WeekPoint,
    how_long_ago,
};
use crate::domain::journal::Entry;
use crate::store::Store;
use crate::tui::component::Confirm;
use crate::tui::keys::{Action, Context, KeyMap};
use crate::tui::pane::{Ctx, Effect, Mode, View};
use crate::tui::theme::Theme;
use crate::tui::widgets::{Form, centered, clean, popup_block, wrap_words};

/// Field indexes of the evening form.
const EVE_GRATITUDE: usize = 3;

/// What the section is doing.
#[derive(Default)]
enum State {
    #[default]
    Browse,
    Morning(Form),
    /// How hard was today? One key, 1 to 5.
    Difficulty,
    Evening(Form, u8),
    Weekly(Quiz),
    /// Esc on a changed form or quiz: leave without saving?
    Discard(Box<State>),
    OnThisDay {
        entries: Vec<Entry>,
        scroll: u16,
    },
}

/// The weekly check-in in progress.
struct Quiz {
    at: usize,
    answers: BTreeMap<String, u8>,
    initial: BTreeMap<String, u8>,
}

impl Quiz {
    fn changed(&self) -> bool {
        self.answers != self.initial
    }
}

/// The rhythm lines on Today and the check-ins behind them.
#[derive(Default)]
pub struct RhythmSection {
    open: Open,
    morning: Option<Checkin>,
    evening: Option<Checkin>,
    weekly: Option<Checkin>,
    /// Days with entries "on this day", newest first.
    on_this_day: Vec<NaiveDate>,
    risk: Option<String>,
    /// Whether the "on this day" line is selected (Enter opens it).
    focus: bool,
    state: State,
}

impl RhythmSection {
    /// Reads today's check-ins, "on this day" and the risk line: a few
    /// small indexed reads.
    pub fn load(&mut self, store: &Store, today: NaiveDate) -> Result<()> {
        self.open = store.open_checkins(today)?;
        self.morning = store.checkin_for(Kind::Morning, today)?;
        self.evening = store.checkin_for(Kind::Evening, today)?;
        self.weekly = store.checkin_for(Kind::Weekly, today)?;
        self.on_this_day = store.on_this_day_days(today)?;
        self.risk = store.risk_note(today)?;
        Ok(())
    }

    /// Whether there is an "on this day" line to select.
    pub fn has_on_this_day(&self) -> bool {
        !self.on_this_day.is_empty()
    }

    /// Whether the "on this day" line is selected.
    pub fn focused(&self) -> bool {
        self.focus && self.has_on_this_day()
    }

    /// Selects (or leaves) the "on this day" line.
    pub fn set_focus(&mut self, on: bool) {
        self.focus = on && self.has_on_this_day();
    }

    /// The lines drawn on Today.
    pub fn height(&self) -> u16 {
        1 + u16::from(!self.on_this_day.is_empty()) + u16::from(self.risk.is_some())
    }

    pub fn mode(&self) -> Mode {
        match self.state {
            State::Browse => Mode::Normal,
            State::Morning(_) | State::Evening(..) => Mode::Text,
            State::Difficulty | State::Weekly(_) | State::Discard(_) | State::OnThisDay { .. } => {
                Mode::Popup
            }
        }
    }

    pub fn unsaved(&self) -> bool {
        match &self.state {
            State::Morning(f) | State::Evening(f, _) => f.changed(),
            State::Weekly(q) => q.changed(),
            State::Discard(_) => true,
            _ => false,
        }
    }

    /// The status-line hints while a popup of this section is open.
    pub fn hints(&self, k: &KeyMap) -> Option<Vec<crate::tui::component::Hint>> {
        let p = |a: Action| k.label(Context::Popup, a);
        let updown = format!("{}/{}", p(Action::Up), p(Action::Down));
        Some(match &self.state {
            State::Difficulty => vec![
                ("1–5".into(), "how hard"),
                (popup_open(k), "keep"),
                (p(Action::Deny), "cancel"),
            ],
            State::Weekly(_) => vec![
                ("0–4".into(), "answer"),
                (updown, "move"),
                (popup_open(k), "save"),
                (p(Action::Deny), "cancel"),
            ],
            State::OnThisDay { .. } => vec![(updown, "scroll"), (p(Action::Deny), "close")],
            State::Discard(_) => leave_question().hints(k),
            _ => return None,
        })
    }

    /// The keys this section answers on Today.
    pub fn help() -> Vec<(Action, &'static str)> {
        vec![
            (Action::Morning, "morning intention"),
            (Action::Evening, "evening review"),
            (Action::Weekly, "weekly check-in"),
            (Action::OnThisDay, "read what you wrote on this day"),
        ]
    }

    fn morning_form(&self) -> Form {
        let intention = self
            .morning
            .as_ref()
            .and_then(|c| c.intention.clone())
            .unwrap_or_default();
        let mut f = Form::new(
            "Good morning",
            &[(
                "Just for today, I will",
                "one small intention; Enter saves",
                &intention,
            )],
        );
        f.focus = 0;
        f
    }

    fn evening_form(&self) -> Form {
        let (answers, rest) = split_note(self.evening.as_ref().and_then(|c| c.note.as_deref()));
        let g = |i: usize| {
            self.evening
                .as_ref()
                .and_then(|c| c.gratitude.get(i).cloned())
                .unwrap_or_default()
        };
        let first = match (answers[0].as_str(), rest.as_str()) {
            (a, "") => a.to_string(),
            ("", r) => r.to_string(),
            (a, r) => format!("{a}\n{r}"),
        };
        Form::new(
            "Evening review",
            &[
                (EVENING_QUESTIONS[0], "optional; noticing, not judging", ""),
                (EVENING_QUESTIONS[1], "optional", &answers[1]),
                (EVENING_QUESTIONS[2], "optional", &answers[2]),
                ("Grateful for", "optional", &g(0)),
                ("Grateful for", "optional", &g(1)),
                ("Grateful for", "optional; Enter saves", &g(2)),
            ],
        )
        .tall(0, 2, &first)
    }

    fn quiz(&self) -> Quiz {
        let answers = self
            .weekly
            .as_ref()
            .map(|c| c.answers.clone())
            .unwrap_or_default();
        let at = ITEMS
            .iter()
            .position(|i| !answers.contains_key(i.key))
            .unwrap_or(0);
        Quiz {
            at,
            initial: answers.clone(),
            answers,
        }
    }

    /// Handles an action. Returns whether it was for this section.
    pub fn update(&mut self, action: Action, ctx: &mut Ctx) -> Result<bool> {
        let state = std::mem::take(&mut self.state);
        match state {
            State::Browse => match action {
                Action::Open if self.focused() => self.open_on_this_day(ctx)?,
                Action::Morning => self.state = State::Morning(self.morning_form()),
                Action::Evening => self.state = State::Difficulty,
                Action::Weekly => self.state = State::Weekly(self.quiz()),
                Action::OnThisDay => self.open_on_this_day(ctx)?,
                _ => return Ok(false),
            },
            State::Morning(mut form) => match action {
                Action::Save => self.save_morning(form, ctx)?,
                Action::Cancel if form.changed() => {
                    self.state = State::Discard(Box::new(State::Morning(form)))
                }
                Action::Cancel => {}
                Action::NextField | Action::PrevField => {
                    form.next();
                    self.state = State::Morning(form);
                }
                _ => self.state = State::Morning(form),
            },
            State::Difficulty => match action {
                Action::Deny | Action::Back | Action::Cancel => {}
                Action::Confirm | Action::Open => {
                    // Enter keeps the difficulty saved earlier, if any.
                    match self.evening.as_ref().and_then(|c| c.difficulty) {
                        Some(d) => self.state = State::Evening(self.evening_form(), d),
                        None => self.state = State::Difficulty,
                    }
                }
                _ => self.state = State::Difficulty,
            },
            State::Evening(mut form, d) => match action {
                Action::Save => self.save_evening(form, d, ctx)?,
                Action::Cancel if form.changed() => {
                    self.state = State::Discard(Box::new(State::Evening(form, d)))
                }
                Action::Cancel => {}
                Action::NextField => {
                    form.next();
                    self.state = State::Evening(form, d);
                }
                Action::PrevField => {
                    form.prev();
                    self.state = State::Evening(form, d);
                }
                _ => self.state = State::Evening(form, d),
            },
            State::Weekly(mut quiz) => match action {
                Action::Down => {
                    quiz.at = (quiz.at + 1).min(ITEMS.len() - 1);
                    self.state = State::Weekly(quiz);
                }
                Action::Up => {
                    quiz.at = quiz.at.saturating_sub(1);
                    self.state = State::Weekly(quiz);
                }
                Action::Confirm | Action::Open if !quiz.answers.is_empty() => {
                    self.save_weekly(quiz, ctx)?
                }
                Action::Deny | Action::Back | Action::Cancel if quiz.changed() => {
                    self.state = State::Discard(Box::new(State::Weekly(quiz)))
                }
                Action::Deny | Action::Back | Action::Cancel => {}
                _ => self.state = State::Weekly(quiz),
            },
            State::Discard(back) => match leave_question().decide(action) {
                Some(true) => ctx.info("Nothing was saved."),
                Some(false) => self.state = *back,
                None => self.state = State::Discard(back),
            },
            State::OnThisDay { entries, scroll } => match action {
                Action::Down | Action::ScrollDown | Action::PageDown => {
                    let step = if action == Action::PageDown { 10 } else { 1 };
                    self.state = State::OnThisDay {
                        entries,
                        scroll: scroll.saturating_add(step),
                    }
                }
                Action::Up | Action::ScrollUp | Action::PageUp => {
                    let step = if action == Action::PageUp { 10 } else { 1 };
                    self.state = State::OnThisDay {
                        entries,
                        scroll: scroll.saturating_sub(step),
                    }
                }
                Action::Deny | Action::Back | Action::Confirm | Action::Open => {}
                _ => self.state = State::OnThisDay { entries, scroll },
            },
        }
        Ok(true)
    }

    /// A key no binding claimed. Returns whether it was for this section.
    pub fn input(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Result<bool> {
        let digit = match key.code {
            KeyCode::Char(c) => c.to_digit(10).map(|d| d as u8),
            _ => None,
        };
        match &mut self.state {
            State::Browse => return Ok(false),
            State::Morning(_) if key.code == KeyCode::Enter => {
                self.update(Action::Save, ctx)?;
            }
            State::Evening(form, _)
                if key.code == KeyCode::Enter && form.focus + 1 == form.fields.len() =>
            {
                self.update(Action::Save, ctx)?;
            }
            State::Morning(form) | State::Evening(form, _) => {
                form.error = None;
                form.input(key);
            }
            State::Difficulty => {
                if let Some(d @ 1..=5) = digit {
                    self.state = State::Evening(self.evening_form(), d);
                }
            }
            State::Weekly(quiz) => match (digit, key.code) {
                (Some(n @ 0..=4), _) => {
                    quiz.answers.insert(ITEMS[quiz.at].key.to_string(), n);
                    if quiz.at + 1 < ITEMS.len() {
                        quiz.at += 1;
                    } else if let State::Weekly(quiz) = std::mem::take(&mut self.state) {
                        self.save_weekly(quiz, ctx)?;
                    }
                }
                (_, KeyCode::Char('j')) => quiz.at = (quiz.at + 1).min(ITEMS.len() - 1),
                (_, KeyCode::Char('k')) => quiz.at = quiz.at.saturating_sub(1),
                _ => {}
            },
            State::OnThisDay { scroll, .. } => match key.code {
                KeyCode::Char('j') => *scroll = scroll.saturating_add(1),
                KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
                KeyCode::Char('q') => self.state = State::Browse,
                _ => {}
            },
            State::Discard(_) => {}
        }
        Ok(true)
    }

    pub fn paste(&mut self, text: &str) -> bool {
        match &mut self.state {
            State::Morning(form) | State::Evening(form, _) => {
                form.paste(text);
                true
            }
            State::Browse => false,
            _ => true,
        }
    }

    fn open_on_this_day(&mut self, ctx: &mut Ctx) -> Result<()> {
        let entries = ctx.store.entries_on_days(&self.on_this_day)?;
        if entries.is_empty() {
            ctx.info("Nothing written on this day in earlier years, or a month ago, yet.");
        } else {
            self.state = State::OnThisDay { entries, scroll: 0 };
        }
        Ok(())
    }

    fn saved(&mut self, ctx: &mut Ctx, msg: &str) -> Result<()> {
        ctx.info(msg);
        ctx.effect(Effect::ReloadAll);
        self.load(ctx.store, ctx.today)
    }

    fn save_morning(&mut self, form: Form, ctx: &mut Ctx) -> Result<()> {
        let mut c = self.as_input(self.morning.as_ref());
        c.intention = Some(form.value(0));
        match ctx
            .store
            .save_checkin(Kind::Morning, ctx.today, &c, ctx.today)
        {
            Ok(_) => self.saved(ctx, "Your intention for today is saved. One day at a time."),
            Err(e) => {
                let mut form = form;
                form.error = Some(e.to_string());
                self.state = State::Morning(form);
                Ok(())
            }
        }
    }

    fn save_evening(&mut self, form: Form, difficulty: u8, ctx: &mut Ctx) -> Result<()> {
        let answers: Vec<String> = (0..3).map(|i| form.value(i)).collect();
        let c = NewCheckin {
            difficulty: Some(difficulty),
            gratitude: (EVE_GRATITUDE..EVE_GRATITUDE + 3)
                .map(|i| form.value(i))
                .filter(|g| !g.is_empty())
                .collect(),
            note: Some(join_note(&answers)),
            ..NewCheckin::default()
        };
        match ctx
            .store
            .save_checkin(Kind::Evening, ctx.today, &c, ctx.today)
        {
            Ok(_) => self.saved(ctx, "Your evening review is saved. Rest well."),
            Err(e) => {
                let mut form = form;
                form.error = Some(e.to_string());
                self.state = State::Evening(form, difficulty);
                Ok(())
            }
        }
    }

    fn save_weekly(&mut self, quiz: Quiz, ctx: &mut Ctx) -> Result<()> {
        let mut c = self.as_input(self.weekly.as_ref());
        c.answers = quiz.answers;
        match ctx
            .store
            .save_checkin(Kind::Weekly, ctx.today, &c, ctx.today)
        {
            Ok(_) => self.saved(
                ctx,
                "This week's check-in is saved. Insights shows how the weeks go.",
            ),
            Err(e) => {
                ctx.error(e.to_string());
                Ok(())
            }
        }
    }

    fn as_input(&self, c: Option<&Checkin>) -> NewCheckin {
        c.map(|c| NewCheckin {
            intention: c.intention.clone(),
            difficulty: c.difficulty,
            gratitude: c.gratitude.clone(),
            note: c.note.clone(),
            answers: c.answers.clone(),
        })
        .unwrap_or_default()
    }

    /// The rhythm lines on Today, in `area` (its height is [`Self::height`]).
    pub fn draw_lines(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let k = view.keys;
        let key = |a: Action| Span::styled(k.label(Context::List, a), theme.key);
        let mut lines = Vec::new();
        let open = self.open.kinds();
        let mut first: Vec<Span> = Vec::new();
        if open.is_empty() {
            first.push(Span::styled(
                "Today's check-ins are done. Go gently.",
                theme.ok,
            ));
        } else {
            first.push(Span::styled("Open today: ", theme.dim));
            for (i, kind) in open.iter().enumerate() {
                if i > 0 {
                    first.push(Span::styled(" · ", theme.dim));
                }
                let (word, action) = match kind {
                    Kind::Morning => ("morning intention ", Action::Morning),
                    Kind::Evening => ("evening review ", Action::Evening),
                    Kind::Weekly => ("this week's check-in ", Action::Weekly),
                };
                first.push(Span::raw(word));
                first.push(key(action));
            }
        }
        lines.push(Line::from(first));
        if !self.on_this_day.is_empty() {
            let mut when: Vec<String> = Vec::new();
            for d in &self.on_this_day {
                let w = how_long_ago(*d, view.today);
                if !when.contains(&w) {
                    when.push(w);
                }
            }
            let text = match when.len() {
                1 => when[0].clone(),
                2 => format!("{} and {}", when[0], when[1]),
                _ => format!("{}, {} and earlier", when[0], when[1]),
            };
            let mut line = Line::from(vec![
                Span::styled("On this day: ", theme.dim),
                Span::raw(format!("you wrote {text} · ")),
                key(Action::OnThisDay),
                Span::raw(" read"),
            ]);
            if self.focused() {
                line = Line::from(vec![
                    Span::styled(
                        format!("› On this day: you wrote {text} · "),
                        theme.selected,
                    ),
                    key(Action::Open),
                    Span::styled(" read", theme.selected),
                ]);
            }
            lines.push(line);
        }
        if let Some(r) = &self.risk {
            lines.push(Line::styled(clean(r), theme.warn));
        }
        let inset = Rect {
            x: area.x.saturating_add(1),
            width: area.width.saturating_sub(1),
            ..area
        };
        frame.render_widget(Paragraph::new(lines), inset);
    }

    /// Draws an open check-in or reader over `area` (the whole pane).
    pub fn draw_popup(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let k = view.keys;
        match &mut self.state {
            State::Browse => {}
            State::Morning(form) => {
                let hints = format!(
                    "Enter or {} save · {} cancel",
                    k.label(Context::Editor, Action::Save),
                    k.label(Context::Editor, Action::Cancel)
                );
                form.draw(frame, area, theme, &hints);
            }
            State::Evening(form, d) => {
                let hints = format!(
                    "today: {} · {} save · {} cancel",
                    DIFFICULTY[usize::from(*d) - 1],
                    k.label(Context::Editor, Action::Save),
                    k.label(Context::Editor, Action::Cancel)
                );
                form.draw(frame, area, theme, &hints);
            }
            State::Difficulty => draw_difficulty(
                frame,
                area,
                self.evening.as_ref().and_then(|c| c.difficulty),
                k,
                theme,
            ),
            State::Weekly(quiz) => draw_quiz(frame, area, quiz, k, theme),
            State::Discard(_) => leave_question().draw(frame, area, theme, k),
            State::OnThisDay { entries, scroll } => {
                draw_on_this_day(frame, area, entries, scroll, view)
            }
        }
    }
}

/// Esc on a changed check-in: its default (Enter) is to stay.
fn leave_question() -> Confirm<()> {
    Confirm::new("Leave without saving?", ())
}

/// The evening's three answers as one note: each non-empty answer after
/// its question, so the note reads well anywhere it is shown.
fn join_note(answers: &[String]) -> String {
    EVENING_QUESTIONS
        .iter()
        .zip(answers)
        .filter(|(_, a)| !a.trim().is_empty())
        .map(|(q, a)| format!("{q} {}", a.trim()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Splits a note written by [`join_note`] back into the three answers;
/// text under no question (a note from the command line) comes back as
/// the rest.
fn split_note(note: Option<&str>) -> ([String; 3], String) {
    let mut answers: [String; 3] = Default::default();
    let mut rest = String::new();
    let mut current: Option<usize> = None;
    for line in note.unwrap_or("").lines() {
        if let Some((i, q)) = EVENING_QUESTIONS
            .iter()
            .take(3)
            .enumerate()
            .find(|(_, q)| line.starts_with(**q))
        {
            current = Some(i);
            answers[i] = line[q.len()..].trim().to_string();
            continue;
        }
        let target = match current {
            Some(i) => &mut answers[i],
            None => &mut rest,
        };
        if !target.is_empty() {
            target.push('\n');
        }
        target.push_str(line);
    }
    (answers, rest)
}

/// The popup key that takes the default answer (Enter).
fn popup_open(k: &KeyMap) -> String {
    let open = k.label(Context::Popup, Action::Open);
    if open.is_empty() {
        k.label(Context::Popup, Action::Confirm)
    } else {
        open
    }
}

fn draw_difficulty(frame: &mut Frame, area: Rect, before: Option<u8>, k: &KeyMap, theme: &Theme) {
    let rect = centered(area, 46, 11);
    frame.render_widget(Clear, rect);
    let block = popup_block(" Evening review ", theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut lines = vec![
        Line::styled("How hard was today?", theme.title),
        Line::from(""),
    ];
    for (i, word) in DIFFICULTY.iter().enumerate() {
        let n = i as u8 + 1;
        let mark = if before == Some(n) { "  (before)" } else { "" };
        lines.push(Line::from(vec![
            Span::styled(format!("  {n}  "), theme.key),
            Span::raw(format!("{word}{mark}")),
        ]));
    }
    lines.push(Line::from(""));
    let keep = if before.is_some() {
        format!("{} keep · ", popup_open(k))
    } else {
        String::new()
    };
    lines.push(Line::styled(
        format!(
            "1–5 pick · {keep}{} cancel",
            k.label(Context::Popup, Action::Deny)
        ),
        theme.dim,
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_quiz(frame: &mut Frame, area: Rect, quiz: &Quiz, k: &KeyMap, theme: &Theme) {
    let width = area.width.saturating_sub(4).min(72);
    let height = area.height.saturating_sub(2).min(ITEMS.len() as u16 + 8);
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    let block = popup_block(" This week's check-in ", theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let item = &ITEMS[quiz.at];
    let w = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    lines.push(Line::styled(
        format!("The past seven days · {} of {}", quiz.at + 1, ITEMS.len()),
        theme.dim,
    ));
    for l in wrap_words(item.question, w) {
        lines.push(Line::styled(l, theme.title));
    }
    lines.push(Line::from(vec![
        Span::styled("0", theme.key),
        Span::raw(format!(" {} … ", item.low)),
        Span::styled("4", theme.key),
        Span::raw(format!(" {}", item.high)),
    ]));
    let list_rows = (inner.height as usize).saturating_sub(lines.len() + 2);
    let start = quiz
        .at
        .saturating_sub(list_rows.saturating_sub(1))
        .min(ITEMS.len().saturating_sub(list_rows));
    lines.push(Line::from(""));
    for (i, it) in ITEMS.iter().enumerate().skip(start).take(list_rows) {
        let answer = quiz
            .answers
            .get(it.key)
            .map_or("·".to_string(), |v| v.to_string());
        let side = match it.domain {
            Domain::Risk => "harder",
            Domain::Protection => "holds up",
            Domain::Use => "use",
        };
        let style = if i == quiz.at {
            theme.selected
        } else {
            ratatui::style::Style::default()
        };
        lines.push(Line::styled(
            format!(" {answer}  {:<11} {side}", it.key),
            style,
        ));
    }
    let foot = format!(
        "0–4 answer · {}/{} move · {} save · {} cancel",
        k.label(Context::Popup, Action::Up),
        k.label(Context::Popup, Action::Down),
        popup_open(k),
        k.label(Context::Popup, Action::Deny)
    );
    let body_h = inner.height.saturating_sub(1);
    frame.render_widget(
        Paragraph::new(lines),
        Rect {
            height: body_h,
            ..inner
        },
    );
    frame.render_widget(
        Paragraph::new(Line::styled(foot, theme.dim)),
        Rect {
            y: inner.y + body_h,
            height: 1,
            ..inner
        },
    );
}

fn draw_on_this_day(
    frame: &mut Frame,
    area: Rect,
    entries: &[Entry],
    scroll: &mut u16,
    view: &View,
) {
    let theme = view.theme;
    let rect = centered(
        area,
        area.width.saturating_sub(4).min(80),
        area.height.saturating_sub(2),
    );
    frame.render_widget(Clear, rect);
    let block = popup_block(" On this day ", theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut lines: Vec<Line> = Vec::new();
    for e in entries {
        if !lines.is_empty() {
            lines.push(Line::from(""));
        }
        lines.push(Line::from(vec![
            Span::styled(crate::domain::format_day(e.day), theme.title),
            Span::styled(format!("  {}", how_long_ago(e.day, view.today)), theme.dim),
        ]));
        for l in e.body.lines() {
            lines.push(Line::from(clean(l)));
        }
    }
    let body_h = inner.height.saturating_sub(1);
    // Keep the scroll within the text (wrapped lines counted roughly).
    let total: u16 = lines
        .iter()
        .map(|l| (l.width() as u16 / inner.width.max(1)) + 1)
        .sum();
    *scroll = (*scroll).min(total.saturating_sub(body_h));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((*scroll, 0)),
        Rect {
            height: body_h,
            ..inner
        },
    );
    let k = view.keys;
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!(
                "{}/{} scroll · {} close",
                k.label(Context::Popup, Action::Up),
                k.label(Context::Popup, Action::Down),
                k.label(Context::Popup, Action::Deny)
            ),
            theme.dim,
        )),
        Rect {
            y: inner.y + body_h,
            height: 1,
            ..inner
        },
    );
}

/// Risk and protection over the weeks, for Insights: one mark per ISO
/// week (0–4 as ▁…█), the latest on the right. No score, no label.
pub fn draw_weekly_trend(frame: &mut Frame, area: Rect, points: &[WeekPoint], theme: &Theme) {
    let block = ratatui::widgets::Block::default()
        .borders(ratatui::widgets::Borders::ALL)
        .border_style(theme.dim)
        .title(Span::styled(" Weekly check-in ", theme.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let answered = points.len();
    if answered < checkin::TREND_MIN_WEEKS {
        let text = format!(
            "The trend shows after {} weekly check-ins ({answered} so far).",
            checkin::TREND_MIN_WEEKS
        );
        frame.render_widget(
            Paragraph::new(text)
                .style(theme.dim)
                .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    let label_w = 11usize;
    let fit = (inner.width as usize).saturating_sub(label_w).max(1);
    let shown = &points[points.len().saturating_sub(fit)..];
    let row = |f: fn(&WeekPoint) -> Option<f64>| -> String {
        shown
            .iter()
            .map(|p| match f(p) {
                None => ' ',
                Some(v) => {
                    const MARKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
                    MARKS[((v / 4.0) * 7.0).round().clamp(0.0, 7.0) as usize]
                }
            })
            .collect()
    };
    let first = shown.first().map(|p| checkin::week_label(p.week));
    let last = shown.last().map(|p| checkin::week_label(p.week));
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{:<label_w$}", "harder"), theme.dim),
            Span::styled(row(|p| p.risk), theme.warn),
        ]),
        Line::from(vec![
            Span::styled(format!("{:<label_w$}", "holds up"), theme.dim),
            Span::styled(row(|p| p.protection), theme.ok),
        ]),
    ];
    if let (Some(a), Some(b)) = (first, last) {
        lines.push(Line::styled(
            format!("{:<label_w$}{a} … {b}", format!("{} wk", shown.len())),
            theme.dim,
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_evening_note_splits_back_into_its_answers() {
        let note = join_note(&[
            "at work".into(),
            String::new(),
            "called Sam\nand walked".into(),
        ]);
        let (answers, rest) = split_note(Some(&note));
        assert_eq!(answers[0], "at work");
        assert_eq!(answers[1], "");
        assert_eq!(answers[2], "called Sam\nand walked");
        assert_eq!(rest, "");
        let (answers, rest) = split_note(Some("from the command line"));
        assert_eq!(answers, <[String; 3]>::default());
        assert_eq!(rest, "from the command line");
    }
}
