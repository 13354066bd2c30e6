//! `mend checkin`: the morning intention, the evening review and the weekly
//! check-in (DESIGN.md §8.2).
//!
//! Doing one again the same day (the same ISO week for the weekly one)
//! edits it: the fields given replace the earlier ones, the others stay.

use std::collections::BTreeMap;

use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use serde_json::json;

use super::{Global, parse_day_arg};
use crate::domain::checkin::{
    self, Checkin, Domain, ITEMS, Kind, NewCheckin, check_difficulty, difficulty_word,
    parse_answer, week_label,
};
use crate::export::CheckinRecord;
use crate::text::clean;

#[derive(Debug, Subcommand)]
pub enum CheckinCmd {
    /// This morning's intention ("just for today...")
    Morning(MorningArgs),
    /// The evening review: how hard the day was, gratitudes, a note
    Evening(EveningArgs),
    /// This week's check-in: each item answered 0 to 4 (see --items)
    Weekly(WeeklyArgs),
    /// Check-ins, newest first
    List(ListArgs),
}

#[derive(Debug, Args)]
pub struct MorningArgs {
    /// Your intention for today
    pub intention: Option<String>,
    /// A note
    #[arg(long)]
    pub note: Option<String>,
    /// The day it is for [default: today]
    #[arg(long, value_name = "DAY")]
    pub day: Option<String>,
}

#[derive(Debug, Args)]
pub struct EveningArgs {
    /// How hard the day was: 1 easy, 2 fairly easy, 3 so-so, 4 hard, 5 very hard
    #[arg(long, value_name = "1-5", allow_negative_numbers = true)]
    pub difficulty: i64,
    /// Something you are grateful for (up to three)
    #[arg(long = "gratitude", value_name = "TEXT")]
    pub gratitude: Vec<String>,
    /// A note: where you were resentful, dishonest or afraid; an apology
    /// owed; what went well
    #[arg(long)]
    pub note: Option<String>,
    /// The day it is for [default: today]
    #[arg(long, value_name = "DAY")]
    pub day: Option<String>,
}

#[derive(Debug, Args)]
pub struct WeeklyArgs {
    /// An answer, ITEM=N with N from 0 to 4 (repeat for more)
    #[arg(
        long = "answer",
        value_name = "ITEM=N",
        required_unless_present = "items"
    )]
    pub answers: Vec<String>,
    /// List the items and what 0 and 4 mean, and change nothing
    #[arg(long)]
    pub items: bool,
    /// With --items: print JSON
    #[arg(long, requires = "items")]
    pub json: bool,
    /// A note
    #[arg(long)]
    pub note: Option<String>,
    /// A day in the week it is for [default: today]
    #[arg(long, value_name = "DAY")]
    pub day: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only check-ins on or after DAY
    #[arg(long, value_name = "DAY")]
    pub since: Option<String>,
    /// Only this kind: morning, evening or weekly
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

pub fn run(global: &Global, cmd: CheckinCmd) -> Result<()> {
    match cmd {
        CheckinCmd::Morning(a) => morning(global, a),
        CheckinCmd::Evening(a) => evening(global, a),
        CheckinCmd::Weekly(a) => weekly(global, a),
        CheckinCmd::List(a) => list(global, a),
    }
}

/// Saves `input` over the check-in of its period (keeping what it leaves
/// out) and says so.
fn save(
    global: &Global,
    kind: Kind,
    day: Option<&str>,
    edit: impl FnOnce(&mut NewCheckin),
) -> Result<()> {
    let mut env = global.env()?;
    let day = match day {
        Some(d) => parse_day_arg(d, env.today)?,
        None => env.today,
    };
    let mut input = env
        .store
        .checkin_for(kind, day)?
        .map(|c| NewCheckin {
            intention: c.intention,
            difficulty: c.difficulty,
            gratitude: c.gratitude,
            note: c.note,
            answers: c.answers,
        })
        .unwrap_or_default();
    edit(&mut input);
    let (_, edited) = env.store.save_checkin(kind, day, &input, env.today)?;
    let what = match kind {
        Kind::Morning => "morning check-in",
        Kind::Evening => "evening review",
        Kind::Weekly => "weekly check-in",
    };
    let when = match kind {
        Kind::Weekly => format!("week {}", week_label(chrono::Datelike::iso_week(&day))),
        _ if day == env.today => "today".to_string(),
        _ => crate::domain::format_day(day),
    };
    let verb = if edited { "Updated" } else { "Saved" };
    super::print(&format!("{verb} your {what} for {when}.\n"))
}

fn morning(global: &Global, a: MorningArgs) -> Result<()> {
    save(global, Kind::Morning, a.day.as_deref(), |c| {
        if a.intention.is_some() {
            c.intention = a.intention;
        }
        if a.note.is_some() {
            c.note = a.note;
        }
    })
}

fn evening(global: &Global, a: EveningArgs) -> Result<()> {
    let difficulty = check_difficulty(a.difficulty)?;
    if a.gratitude.len() > checkin::MAX_GRATITUDE {
        bail!("an evening keeps up to three gratitudes");
    }
    save(global, Kind::Evening, a.day.as_deref(), |c| {
        c.difficulty = Some(difficulty);
        if !a.gratitude.is_empty() {
            c.gratitude = a.gratitude;
        }
        if a.note.is_some() {
            c.note = a.note;
        }
    })
}

fn weekly(global: &Global, a: WeeklyArgs) -> Result<()> {
    if a.items {
        return print_items(a.json);
    }
    // Check every answer before opening anything.
    let mut answers = BTreeMap::new();
    for s in &a.answers {
        let (k, v) = parse_answer(s)?;
        answers.insert(k, v);
    }
    save(global, Kind::Weekly, a.day.as_deref(), |c| {
        c.answers.extend(answers);
        if a.note.is_some() {
            c.note = a.note;
        }
    })
}

fn side(d: Domain) -> &'static str {
    match d {
        Domain::Risk => "risk",
        Domain::Protection => "protection",
        Domain::Use => "use",
    }
}

fn print_items(as_json: bool) -> Result<()> {
    if as_json {
        let items: Vec<_> = ITEMS
            .iter()
            .map(|i| {
                json!({"item": i.key, "side": side(i.domain), "question": i.question,
                       "low": i.low, "high": i.high})
            })
            .collect();
        return super::print(&(serde_json::to_string_pretty(&items)? + "\n"));
    }
    let mut out = String::from(
        "Answer each for the past seven days, 0 to 4: mend checkin weekly --answer ITEM=N...\n",
    );
    for d in [Domain::Risk, Domain::Protection, Domain::Use] {
        out.push_str(match d {
            Domain::Risk => "\nWhat makes a week harder:\n",
            Domain::Protection => "\nWhat holds you up:\n",
            Domain::Use => "\nUse:\n",
        });
        for i in ITEMS.iter().filter(|i| i.domain == d) {
            out.push_str(&format!(
                "  {:<11} {} (0 {}, 4 {})\n",
                i.key, i.question, i.low, i.high
            ));
        }
    }
    super::print(&out)
}

/// One line for a list.
fn line(c: &Checkin) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(i) = &c.intention {
        parts.push(clean(i));
    }
    if let Some(d) = c.difficulty {
        parts.push(format!("{} ({d}/5)", difficulty_word(d)));
    }
    if !c.gratitude.is_empty() {
        let g: Vec<String> = c.gratitude.iter().map(|g| clean(g)).collect();
        parts.push(format!("grateful for {}", g.join("; ")));
    }
    if !c.answers.is_empty() {
        let a: Vec<String> = ITEMS
            .iter()
            .filter_map(|i| c.answers.get(i.key).map(|v| format!("{} {v}", i.key)))
            .collect();
        parts.push(a.join(", "));
    }
    if let Some(n) = &c.note {
        parts.push(clean(&n.replace(['\n', '\r'], " ")));
    }
    let kind = match c.kind {
        Kind::Weekly => format!("weekly {}", week_label(chrono::Datelike::iso_week(&c.day))),
        k => k.as_str().to_string(),
    };
    format!(
        "{}  {:<16} {}",
        crate::domain::format_day(c.day),
        kind,
        parts.join(" · ")
    )
    .trim_end()
    .to_string()
}

fn list(global: &Global, a: ListArgs) -> Result<()> {
    let kind = a.kind.as_deref().map(str::parse::<Kind>).transpose()?;
    let env = global.env()?;
    let since = a
        .since
        .as_deref()
        .map(|d| parse_day_arg(d, env.today))
        .transpose()?;
    let all = env.store.checkins(since, kind)?;
    if a.json {
        let rows: Vec<CheckinRecord> = all.iter().map(CheckinRecord::from_checkin).collect();
        return super::print(&(serde_json::to_string_pretty(&rows)? + "\n"));
    }
    if all.is_empty() {
        return super::print(
            "no check-ins yet: start with `mend checkin morning \"just for today...\"`\n",
        );
    }
    let mut out = String::new();
    for c in &all {
        out.push_str(&line(c));
        out.push('\n');
    }
    super::print(&out)
}
