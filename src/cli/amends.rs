//! `mend amends`: the trust-rebuilding amends list from the shell.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::{Result, bail};
use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::{Global, parse_day_arg};
use crate::domain::amends::{self as dom, Amend, AmendPatch, Kind, NewAmend, Status};
use crate::domain::dates::format_day;
use crate::text::clean;

#[derive(Debug, Subcommand)]
pub enum AmendsCmd {
    /// Add a person to the amends list (prints the new id)
    Add(AddArgs),
    /// Change where an amends stands
    SetStatus(SetStatusArgs),
    /// Log a dated act that rebuilt trust
    Log(LogArgs),
    /// List the amends, by status then latest activity
    List(ListArgs),
    /// Show one amends with its timeline
    Show(IdArg),
    /// Change an amends' fields
    Edit(EditArgs),
    /// Delete an amends and its log
    Delete(DeleteArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Who the amends is to
    pub person: String,
    /// What happened
    #[arg(long, value_name = "TEXT")]
    pub harm: String,
    /// direct, indirect or living [default: direct]
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    /// The planned amends
    #[arg(long, value_name = "TEXT")]
    pub plan: Option<String>,
    /// Link a support contact by name (or id)
    #[arg(long, value_name = "NAME")]
    pub contact: Option<String>,
    /// Anything else to remember
    #[arg(long, value_name = "TEXT")]
    pub notes: Option<String>,
}

#[derive(Debug, Args)]
pub struct SetStatusArgs {
    pub id: i64,
    /// listed, willing, planned, made, ongoing, deferred or not_advisable
    pub status: String,
    /// The day amends were made (for `made`; default today)
    #[arg(long, value_name = "DAY")]
    pub on: Option<String>,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    pub id: i64,
    /// What you did ("showed up for her birthday, on time")
    pub note: String,
    /// How much trust you sense, 1 to 5
    #[arg(long, value_name = "1-5", allow_negative_numbers = true)]
    pub trust: Option<i64>,
    /// When it happened [default: today]
    #[arg(long, value_name = "DAY")]
    pub day: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only amends with this status
    #[arg(long, value_name = "STATUS")]
    pub status: Option<String>,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct IdArg {
    pub id: i64,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    pub id: i64,
    #[arg(long, value_name = "NAME")]
    pub person: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub harm: Option<String>,
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub plan: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub notes: Option<String>,
    /// Link this support contact (name or id)
    #[arg(long, value_name = "NAME", conflicts_with = "no_contact")]
    pub contact: Option<String>,
    /// Unlink the support contact
    #[arg(long)]
    pub no_contact: bool,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    pub id: i64,
    /// Do not ask
    #[arg(long)]
    pub yes: bool,
}

pub fn run(global: &Global, cmd: AmendsCmd) -> Result<()> {
    match cmd {
        AmendsCmd::Add(a) => add(global, a),
        AmendsCmd::SetStatus(a) => set_status(global, a),
        AmendsCmd::Log(a) => log(global, a),
        AmendsCmd::List(a) => list(global, a),
        AmendsCmd::Show(a) => show(global, a.id),
        AmendsCmd::Edit(a) => edit(global, a),
        AmendsCmd::Delete(a) => delete(global, a),
    }
}

fn add(global: &Global, a: AddArgs) -> Result<()> {
    // Check everything before opening the store, so bad input writes nothing.
    let person = dom::check_person(&a.person)?;
    let kind = a.kind.as_deref().map(str::parse).transpose()?;
    let new = NewAmend {
        person,
        harm: a.harm,
        kind: kind.unwrap_or(Kind::Direct),
        plan: a.plan.unwrap_or_default(),
        notes: a.notes.unwrap_or_default(),
        contact: a.contact,
    };
    let mut env = global.env()?;
    let id = env.store.add_amend(&new)?;
    super::print(&format!("{id}\n"))
}

fn set_status(global: &Global, a: SetStatusArgs) -> Result<()> {
    let status: Status = a.status.parse()?;
    let mut env = global.env()?;
    let on =
        a.on.as_deref()
            .map(|d| parse_day_arg(d, env.today))
            .transpose()?;
    if on.is_some() && !matches!(status, Status::Made | Status::Ongoing) {
        bail!("--on is the day amends were made: use it with made or ongoing");
    }
    let amend = env.store.set_amend_status(a.id, status, on, env.today)?;
    let made = match amend.made_on {
        Some(d) if matches!(status, Status::Made | Status::Ongoing) => {
            format!(" (made on {})", format_day(d))
        }
        _ => String::new(),
    };
    super::print(&format!(
        "{}: {}{made} — {}\n",
        amend.id,
        status.label(),
        status.explain()
    ))
}

fn log(global: &Global, a: LogArgs) -> Result<()> {
    if let Some(t) = a.trust {
        dom::check_trust(t)?;
    }
    let mut env = global.env()?;
    let day = match a.day.as_deref() {
        Some(d) => parse_day_arg(d, env.today)?,
        None => env.today,
    };
    env.store
        .log_amend_act(a.id, day, &a.note, a.trust, env.today)?;
    super::print(&format!("logged for {} on {}\n", a.id, format_day(day)))
}

fn list(global: &Global, a: ListArgs) -> Result<()> {
    let status = a.status.as_deref().map(str::parse::<Status>).transpose()?;
    let env = global.env()?;
    let amends = env.store.amends(status)?;
    if a.json {
        let mut text = serde_json::to_string_pretty(&amends)?;
        text.push('\n');
        return super::print(&text);
    }
    if amends.is_empty() {
        let msg = match status {
            Some(s) => format!("no amends are {} right now\n", s.label()),
            None => {
                "your amends list is empty: add someone with `mend amends add PERSON --harm TEXT`\n"
                    .to_string()
            }
        };
        return super::print(&msg);
    }
    super::print(&table(&amends, env.today))
}

/// The plain-text table `mend amends list` prints.
fn table(amends: &[Amend], today: NaiveDate) -> String {
    let person_w = amends
        .iter()
        .map(|a| clean(&a.person).chars().count())
        .max()
        .unwrap_or(6)
        .clamp(6, 24);
    let mut out = format!(
        "{:>4}  {:<person_w$}  {:<8}  {:<13}  {:<9}  trust\n",
        "id", "person", "kind", "status", "last act"
    );
    for a in amends {
        let person: String = clean(&a.person).replace('\n', " ");
        let person: String = person.chars().take(person_w).collect();
        let trend = dom::sparkline(&a.trust_trend());
        out.push_str(
            format!(
                "{:>4}  {:<person_w$}  {:<8}  {:<13}  {:<9}  {}\n",
                a.id,
                person,
                a.kind.name(),
                a.status.label(),
                dom::ago(a.days_since_last_act(today)),
                if trend.is_empty() { "—" } else { &trend },
            )
            .as_str(),
        );
    }
    out.push_str(&dom::summary_line(amends));
    out.push('\n');
    out
}

fn show(global: &Global, id: i64) -> Result<()> {
    let env = global.env()?;
    let a = env.store.amend(id)?;
    super::print(&detail(&a, env.today))
}

/// The readable detail `mend amends show` prints.
fn detail(a: &Amend, today: NaiveDate) -> String {
    let one = |s: &str| clean(s).replace('\n', " ");
    let or_dash = |s: &str| {
        if s.trim().is_empty() {
            "—".to_string()
        } else {
            one(s)
        }
    };
    let mut out = format!("#{} {}\n", a.id, one(&a.person));
    out.push_str(&format!(
        "  kind      {} — {}\n",
        a.kind.name(),
        a.kind.explain()
    ));
    out.push_str(&format!(
        "  status    {} — {}\n",
        a.status.label(),
        a.status.explain()
    ));
    if let Some(d) = a.made_on {
        out.push_str(&format!("  made on   {}\n", format_day(d)));
    }
    if let Some(c) = &a.contact {
        out.push_str(&format!("  contact   {}\n", one(c)));
    }
    out.push_str(&format!("  harm      {}\n", or_dash(&a.harm)));
    out.push_str(&format!("  plan      {}\n", or_dash(&a.plan)));
    if !a.notes.trim().is_empty() {
        out.push_str(&format!("  notes     {}\n", one(&a.notes)));
    }
    let last = match a.days_since_last_act(today) {
        None => "no acts logged yet".to_string(),
        Some(0) => "today".to_string(),
        Some(1) => "yesterday (1 day)".to_string(),
        Some(n) => format!("{n} days ago"),
    };
    out.push_str(&format!("  last act  {last}\n"));
    let trend = a.trust_trend();
    if let (Some(first), Some(last)) = (trend.first(), trend.last()) {
        out.push_str(&format!(
            "  trust     {}  ({first} → {last} of 5)\n",
            dom::sparkline(&trend)
        ));
    }
    if !a.log.is_empty() {
        out.push_str("\ntimeline, newest first\n");
        for act in a.log.iter().rev() {
            let mark = act
                .trust
                .map(|t| format!("{} {t}/5", dom::trust_marks(t)))
                .unwrap_or_else(|| " ".repeat(9));
            out.push_str(&format!(
                "  {}  {mark}  {}\n",
                format_day(act.day),
                one(&act.note)
            ));
        }
    }
    out
}

fn edit(global: &Global, a: EditArgs) -> Result<()> {
    let patch = AmendPatch {
        person: a.person.as_deref().map(dom::check_person).transpose()?,
        harm: a.harm,
        kind: a.kind.as_deref().map(str::parse).transpose()?,
        plan: a.plan,
        notes: a.notes,
        contact: if a.no_contact {
            Some(None)
        } else {
            a.contact.map(Some)
        },
    };
    if patch.is_empty() {
        bail!(
            "nothing to change: give --person, --harm, --kind, --plan, --notes, --contact or --no-contact"
        );
    }
    let mut env = global.env()?;
    env.store.update_amend(a.id, &patch)?;
    super::print(&format!("updated {}\n", a.id))
}

fn delete(global: &Global, a: DeleteArgs) -> Result<()> {
    let mut env = global.env()?;
    let amend = env.store.amend(a.id)?;
    if !a.yes {
        if !std::io::stdin().is_terminal() {
            bail!("deleting needs --yes when no one is at a terminal to confirm");
        }
        let mut err = std::io::stderr();
        write!(
            err,
            "Delete the amends for {} and its {} logged act(s)? [y/N] ",
            clean(&amend.person).replace('\n', " "),
            amend.log.len()
        )?;
        err.flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
            return super::print("kept; nothing was deleted\n");
        }
    }
    env.store.delete_amend(a.id)?;
    super::print(&format!("deleted {}\n", a.id))
}
