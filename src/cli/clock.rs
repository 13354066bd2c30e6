//! `mend clock add|reset|list|remove`: sobriety clocks from the shell.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::{Result, bail};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde_json::{Value, json};

use super::{Global, parse_day_arg, print};
use crate::domain::clock::{self, Clock, Figures, days_word, format_money};
use crate::domain::dates::format_day;
use crate::text::clean;

#[derive(Debug, Subcommand)]
pub enum ClockCmd {
    /// Start a clock: LABEL (Alcohol, Gambling...) counted from its first sober day
    Add(AddArgs),
    /// A new start: the streak before it stays in the history
    Reset(ResetArgs),
    /// Correct a clock: its label, first sober day or cost per day
    Edit(EditArgs),
    /// Every clock with its streak history
    List(ListArgs),
    /// Remove a clock and its history (asks first; --yes for scripts)
    Remove(RemoveArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// A name for the clock, such as Alcohol
    pub label: String,
    /// The first sober day: YYYY-MM-DD, today, yesterday or "N days ago"
    #[arg(long, value_name = "DAY")]
    pub since: String,
    /// What the habit cost per day, such as 12.50 (for money saved)
    #[arg(long, value_name = "AMOUNT")]
    pub cost_per_day: Option<String>,
}

#[derive(Debug, Args)]
pub struct ResetArgs {
    /// The clock's label
    pub label: String,
    /// The day of the slip [default: today]; the new count starts the next day
    #[arg(long, value_name = "DAY")]
    pub slip_day: Option<String>,
    /// Deprecated: the new first sober day (the day after the slip)
    #[arg(long, value_name = "DAY", hide = true, conflicts_with = "slip_day")]
    pub on: Option<String>,
    /// A note kept with the history, such as what helped or what was hard
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The clock's label now
    pub label: String,
    /// A new label
    #[arg(long = "label", value_name = "NEW")]
    pub new_label: Option<String>,
    /// The corrected first sober day (not after its first reset)
    #[arg(long, value_name = "DAY")]
    pub since: Option<String>,
    /// A new cost per day, such as 12.50
    #[arg(long, value_name = "AMOUNT", conflicts_with = "no_cost")]
    pub cost_per_day: Option<String>,
    /// Stop counting money for this clock
    #[arg(long)]
    pub no_cost: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// The clock's label
    pub label: String,
    /// Do not ask (needed when not at a terminal)
    #[arg(long)]
    pub yes: bool,
}

pub fn run(global: &Global, cmd: ClockCmd) -> Result<()> {
    match cmd {
        ClockCmd::Add(a) => add(global, a),
        ClockCmd::Reset(a) => reset(global, a),
        ClockCmd::Edit(a) => edit(global, a),
        ClockCmd::List(a) => list(global, a),
        ClockCmd::Remove(a) => remove(global, a),
    }
}

/// "6 months in 82 days", "24 hours tomorrow".
pub(super) fn next_words(f: &Figures, today: NaiveDate) -> Option<String> {
    let next = f.progress.next.as_ref()?;
    let left = f.progress.days_left(today)?;
    Some(if left == 1 {
        format!("{} tomorrow", next.name)
    } else {
        format!("{} in {}", next.name, days_word(left))
    })
}

/// The one-line summary `mend days` prints.
pub(super) fn days_line(c: &Clock, today: NaiveDate) -> String {
    let f = c.figures(today);
    let mut line = format!("{}: {}", clean(&c.label), days_word(f.days));
    if let Some(m) = &f.milestone_today {
        line.push_str(&format!(" · {} today!", m.name));
    }
    if let Some(next) = next_words(&f, today) {
        line.push_str(&format!(" · {next}"));
    }
    line
}

/// The `mend days --json` record (DESIGN.md §4), plus a few extra fields.
/// `since` is the first sober day of the current streak and `first_day` the
/// clock's first sober day ever, here and in `clock list --json`.
pub(super) fn days_json(c: &Clock, today: NaiveDate) -> Value {
    figures_json(c, &c.figures(today), today)
}

fn figures_json(c: &Clock, f: &Figures, today: NaiveDate) -> Value {
    let next = f.progress.next.as_ref().map(|m| {
        json!({
            "name": m.name,
            "on": format_day(m.on),
            "days_left": (m.on - today).num_days(),
        })
    });
    json!({
        "label": c.label,
        "since": format_day(f.since),
        "days": f.days,
        "longest_days": f.longest_days,
        "next_milestone": next,
        "first_day": format_day(f.first_day),
        "total_days": f.total_days,
        "milestone_today": f.milestone_today.as_ref().map(|m| m.name.clone()),
    })
}

fn list_json(c: &Clock, today: NaiveDate) -> Value {
    let f = c.figures(today);
    let mut v = figures_json(c, &f, today);
    let streaks: Vec<Value> = f
        .streaks
        .iter()
        .map(|s| {
            json!({
                "start": format_day(s.start),
                "slip_day": s.end.map(format_day),
                "days": s.days,
                "note": s.note,
            })
        })
        .collect();
    let resets: Vec<Value> = c
        .resets
        .iter()
        .map(|r| json!({"slip_day": format_day(r.day), "note": r.note}))
        .collect();
    let obj = v.as_object_mut().expect("an object");
    obj.insert("cost_per_day_cents".into(), json!(c.cost_per_day_cents));
    obj.insert("saved_cents".into(), json!(f.saved_cents));
    obj.insert("resets".into(), Value::Array(resets));
    obj.insert("streaks".into(), Value::Array(streaks));
    v
}

fn add(global: &Global, args: AddArgs) -> Result<()> {
    let mut env = global.env()?;
    let since = parse_day_arg(&args.since, env.today)?;
    let cost = match &args.cost_per_day {
        Some(text) => Some(clock::parse_cents(text)?),
        None => None,
    };
    let c = env.store.add_clock(&args.label, since, cost, env.today)?;
    let f = c.figures(env.today);
    let mut out = format!(
        "Started {}: {} since {}.",
        clean(&c.label),
        days_word(f.days),
        format_day(f.since)
    );
    if let Some(next) = next_words(&f, env.today) {
        out.push_str(&format!(" Next: {next}."));
    }
    out.push('\n');
    print(&out)
}

fn reset(global: &Global, args: ResetArgs) -> Result<()> {
    let mut env = global.env()?;
    let slip_day = match (&args.slip_day, &args.on) {
        (Some(text), _) => parse_day_arg(text, env.today)?,
        (None, Some(text)) => clock::slip_day_for_start(parse_day_arg(text, env.today)?),
        (None, None) => env.today,
    };
    let before = env.store.clock_by_label(&args.label)?;
    let c = env
        .store
        .reset_clock(before.id, slip_day, args.note.as_deref(), env.today)?;
    let f = c.figures(env.today);
    let closed = f
        .streaks
        .len()
        .checked_sub(2)
        .map_or(0, |i| f.streaks[i].days);
    let when = if f.since > env.today {
        "tomorrow".to_string()
    } else {
        format!("{} ({})", format_day(f.since), days_word(f.days))
    };
    print(&format!(
        "{}\n{} counts again from {when}, the day after the slip on {}.\n",
        Clock::reset_words(closed),
        clean(&c.label),
        format_day(slip_day),
    ))
}

fn edit(global: &Global, args: EditArgs) -> Result<()> {
    if args.new_label.is_none()
        && args.since.is_none()
        && args.cost_per_day.is_none()
        && !args.no_cost
    {
        bail!("nothing to change: give --label, --since, --cost-per-day or --no-cost");
    }
    let mut env = global.env()?;
    let before = env.store.clock_by_label(&args.label)?;
    let since = match &args.since {
        Some(text) => parse_day_arg(text, env.today)?,
        None => before.since,
    };
    let cost = match (&args.cost_per_day, args.no_cost) {
        (Some(text), _) => Some(clock::parse_cents(text)?),
        (None, true) => None,
        (None, false) => before.cost_per_day_cents,
    };
    let label = args.new_label.as_deref().unwrap_or(&before.label);
    let c = env
        .store
        .edit_clock(before.id, label, since, cost, env.today)?;
    let f = c.figures(env.today);
    print(&format!(
        "Updated {}: {} since {}.\n",
        clean(&c.label),
        days_word(f.days),
        format_day(f.since),
    ))
}

fn list(global: &Global, args: ListArgs) -> Result<()> {
    let env = global.env()?;
    let clocks = env.store.clocks()?;
    let today = env.today;
    if args.json {
        let all: Vec<Value> = clocks.iter().map(|c| list_json(c, today)).collect();
        return print(&format!("{}\n", serde_json::to_string_pretty(&all)?));
    }
    if clocks.is_empty() {
        return print(NO_CLOCK_HINT);
    }
    let mut out = String::new();
    for c in &clocks {
        let f = c.figures(today);
        out.push_str(&format!(
            "{} · {} since {} · longest {}",
            clean(&c.label),
            days_word(f.days),
            format_day(f.since),
            days_word(f.longest_days),
        ));
        if let Some(saved) = f.saved_cents {
            out.push_str(&format!(
                " · {} saved",
                format_money(saved, &env.config.currency)
            ));
        }
        out.push('\n');
        for s in &f.streaks {
            let span = s.span();
            out.push_str(&format!("  {span:<25} {:>10}", days_word(s.days)));
            if let Some(note) = &s.note {
                out.push_str(&format!("  {}", clean(note).replace('\n', " ")));
            }
            out.push('\n');
        }
    }
    print(&out)
}

fn remove(global: &Global, args: RemoveArgs) -> Result<()> {
    let mut env = global.env()?;
    let c = env.store.clock_by_label(&args.label)?;
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            bail!("removing a clock needs --yes when not run at a terminal");
        }
        let mut err = std::io::stderr().lock();
        write!(
            err,
            "Remove the clock {} and its history ({} {})? This cannot be undone. [y/N] ",
            clean(&c.label),
            c.resets.len() + 1,
            if c.resets.is_empty() {
                "streak"
            } else {
                "streaks"
            },
        )?;
        err.flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
            return print("Kept it; nothing was removed.\n");
        }
    }
    env.store.remove_clock(c.id)?;
    print(&format!("Removed {}.\n", clean(&c.label)))
}

/// What `mend days` and `mend clock list` say when there is no clock.
pub(super) const NO_CLOCK_HINT: &str =
    "No clock yet. Start one when you are ready: mend clock add Alcohol --since YYYY-MM-DD\n";
