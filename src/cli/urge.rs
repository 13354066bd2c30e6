//! `mend urge add|list|stats`: the urge log from the shell (DESIGN.md §8.1).

use std::io::IsTerminal;

use anyhow::Result;
use chrono::{DateTime, FixedOffset, Local, NaiveDate, SecondsFormat};
use clap::{Args, Subcommand};
use serde::Serialize;

use super::{Global, parse_day_arg, print};
use crate::domain::urge::{self, HaltSet, NewUrge, Outcome, Urge, UrgeStats};
use crate::text::clean;

#[derive(Debug, Subcommand)]
pub enum UrgeCmd {
    /// Log an urge; prints its id
    Add(AddArgs),
    /// Logged urges, newest first
    List(ListArgs),
    /// How often, HALT, the top triggers, and what helped
    Stats(ListArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// How strong, 0 to 10
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub intensity: i64,
    /// Any of hungry, angry, lonely, tired (comma separated, or h,a,l,t)
    #[arg(long, value_name = "LIST")]
    pub halt: Option<String>,
    /// What set it off
    #[arg(long, value_name = "TEXT")]
    pub trigger: Option<String>,
    /// What I did
    #[arg(long, value_name = "TEXT")]
    pub did: Option<String>,
    /// passed, reached_out or used
    #[arg(long, value_name = "OUTCOME")]
    pub outcome: Option<String>,
    /// When: RFC 3339, "YYYY-MM-DD HH:MM", HH:MM, or a day [default: now]
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only urges on or after this day (YYYY-MM-DD, yesterday, N days ago)
    #[arg(long, value_name = "DAY")]
    pub since: Option<String>,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

/// One urge as `mend urge list --json` prints it.
#[derive(Debug, Serialize)]
pub struct UrgeJson {
    pub id: i64,
    pub at: String,
    pub intensity: u8,
    pub halt: Vec<&'static str>,
    pub trigger: Option<String>,
    pub did: Option<String>,
    pub outcome: Option<&'static str>,
    pub note: Option<String>,
}

impl UrgeJson {
    pub fn new(u: &Urge) -> UrgeJson {
        UrgeJson {
            id: u.id,
            at: u.at.to_rfc3339_opts(SecondsFormat::Secs, false),
            intensity: u.intensity,
            halt: u.halt.names(),
            trigger: u.trigger.clone(),
            did: u.did.clone(),
            outcome: u.outcome.map(Outcome::as_str),
            note: u.note.clone(),
        }
    }
}

/// The words offered after an urge that ended in using: never a verdict.
pub const USED_OFFER: &str = "A slip is information, not the end. Your days before it still count. When you are ready for a new start: mend clock reset LABEL";

pub fn run(global: &Global, cmd: UrgeCmd) -> Result<()> {
    match cmd {
        UrgeCmd::Add(a) => add(global, a),
        UrgeCmd::List(a) => list(global, a),
        UrgeCmd::Stats(a) => stats(global, a),
    }
}

fn now() -> DateTime<FixedOffset> {
    Local::now().fixed_offset()
}

fn add(global: &Global, a: AddArgs) -> Result<()> {
    // Check everything before opening (and so creating) the database.
    let now = now();
    let at = match &a.at {
        Some(s) => urge::parse_when(s, now)?,
        None => now,
    };
    let input = NewUrge {
        at,
        intensity: a.intensity,
        halt: HaltSet::parse(a.halt.as_deref().unwrap_or(""))?,
        trigger: a.trigger,
        did: a.did,
        outcome: a.outcome.as_deref().map(str::parse).transpose()?,
        note: a.note,
    };
    input.validated()?;
    let mut env = global.env()?;
    let id = env.store.add_urge(&input)?;
    if input.outcome == Some(Outcome::Used) && std::io::stderr().is_terminal() {
        eprintln!("{USED_OFFER}");
    }
    print(&format!("{id}\n"))
}

fn since(a: &ListArgs, today: NaiveDate) -> Result<Option<NaiveDate>> {
    a.since
        .as_deref()
        .map(|s| parse_day_arg(s, today))
        .transpose()
}

fn list(global: &Global, a: ListArgs) -> Result<()> {
    let env = global.env()?;
    let urges = env.store.urges(since(&a, env.today)?)?;
    if a.json {
        let json: Vec<UrgeJson> = urges.iter().map(UrgeJson::new).collect();
        return print(&(serde_json::to_string_pretty(&json)? + "\n"));
    }
    if urges.is_empty() {
        return print(
            "no urges logged yet: `mend urge add --intensity 6 --halt lonely --did \"called Sam\" --outcome passed`\n",
        );
    }
    let mut out = String::new();
    for u in &urges {
        out.push_str(&line(u));
        out.push('\n');
    }
    print(&out)
}

/// One urge on one line: when, how strong, HALT, trigger → what I did, outcome.
pub fn line(u: &Urge) -> String {
    let mut parts = vec![
        format!("{:>3}", u.id),
        u.at.format("%Y-%m-%d %H:%M").to_string(),
        format!("{:>2}/10", u.intensity),
    ];
    if !u.halt.is_empty() {
        parts.push(u.halt.names().join(","));
    }
    match (&u.trigger, &u.did) {
        (Some(t), Some(d)) => parts.push(format!("{} → {}", clean(t), clean(d))),
        (Some(t), None) => parts.push(clean(t)),
        (None, Some(d)) => parts.push(format!("→ {}", clean(d))),
        (None, None) => {}
    }
    if let Some(o) = u.outcome {
        parts.push(format!("· {}", o.label()));
    }
    if let Some(n) = &u.note {
        parts.push(format!("· {}", clean(n).replace('\n', " ")));
    }
    parts.join("  ")
}

fn stats(global: &Global, a: ListArgs) -> Result<()> {
    let env = global.env()?;
    let s = env.store.urge_stats(since(&a, env.today)?)?;
    if a.json {
        return print(&(serde_json::to_string_pretty(&s)? + "\n"));
    }
    print(&stats_text(&s))
}

/// The stats as readable text.
pub fn stats_text(s: &UrgeStats) -> String {
    if s.count == 0 {
        return "no urges logged yet\n".to_string();
    }
    let mut out = format!(
        "{} urge{} logged; {} passed without using ({} after reaching out)\n",
        s.count,
        if s.count == 1 { "" } else { "s" },
        s.passed,
        s.reached_out
    );
    out.push_str(&format!(
        "HALT: hungry {} · angry {} · lonely {} · tired {}\n",
        s.halt.hungry, s.halt.angry, s.halt.lonely, s.halt.tired
    ));
    if !s.triggers.is_empty() {
        out.push_str("Top triggers:\n");
        for t in s.triggers.iter().take(5) {
            out.push_str(&format!("  {:>3}  {}\n", t.count, clean(&t.trigger)));
        }
    }
    if !s.what_helped.is_empty() {
        out.push_str("What helped (the urge passed / times done):\n");
        for h in &s.what_helped {
            out.push_str(&format!(
                "  {:>3}/{:<3} {}\n",
                h.passed,
                h.count,
                clean(&h.did)
            ));
        }
    }
    out
}
