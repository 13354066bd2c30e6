//! `mend contacts ...` (support contacts and reach-outs) and `mend crisis`.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::{Result, bail};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::{Global, parse_day_arg, print};
use crate::domain::contacts::{Contact, ContactInput, Role};
use crate::domain::format_day;
use crate::text::clean;
use crate::tui::overlay::crisis::Crisis;

#[derive(Debug, Args)]
pub struct ContactsArgs {
    #[command(subcommand)]
    pub command: ContactsCommand,
}

#[derive(Debug, Subcommand)]
pub enum ContactsCommand {
    /// Add someone to your support system; prints the new id
    Add(AddArgs),
    /// Log a reach-out (a call, a meeting, a message)
    Log(LogArgs),
    /// List your contacts, grouped by role
    List(ListArgs),
    /// Show one contact with their reach-out log
    Show(WhoArgs),
    /// Change a contact's details
    Edit(EditArgs),
    /// Delete a contact and their log (amends that link to them are kept)
    Delete(DeleteArgs),
    /// Check how the relationship is doing on five values (1-5 each)
    Check(CheckArgs),
}

/// `mend contacts check`: your observation of a relationship, not a grade
/// of the person.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// A name (or part of one) or an id
    #[arg(value_name = "NAME-OR-ID")]
    pub who: String,
    /// Do we treat each other with respect? (1-5)
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub respect: i64,
    /// Do I feel safe with them, and they with me? (1-5)
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub safety: i64,
    /// Is there warmth both ways? (1-5)
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub affection: i64,
    /// Are boundaries kept, mine and theirs? (1-5)
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub boundaries: i64,
    /// Are we honest with each other? (1-5)
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub honesty: i64,
    /// A sign noticed in myself: fixing, controlling, enabling, losing_myself, no_boundaries (repeat for more)
    #[arg(long = "sign", value_name = "SIGN")]
    pub signs: Vec<String>,
    /// A note
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// The day (YYYY-MM-DD, today, yesterday, N days ago) [default: today]
    #[arg(long, value_name = "DAY")]
    pub day: Option<String>,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Their name
    pub name: String,
    /// sponsor, mentor, counselor, family, friend, peer, helpline or other
    #[arg(long, value_name = "ROLE")]
    pub role: String,
    #[arg(long, value_name = "PHONE")]
    pub phone: Option<String>,
    #[arg(long, value_name = "EMAIL")]
    pub email: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub notes: Option<String>,
    /// Show them first on the crisis screen
    #[arg(long)]
    pub emergency: bool,
    /// Remind you to reach out every DAYS days
    #[arg(long, value_name = "DAYS", allow_negative_numbers = true)]
    pub cadence: Option<i64>,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// A name (or part of one) or an id
    #[arg(value_name = "NAME-OR-ID")]
    pub who: String,
    /// What happened ("called after work")
    pub note: Option<String>,
    /// The day (YYYY-MM-DD, today, yesterday, N days ago) [default: today]
    #[arg(long, value_name = "DAY")]
    pub day: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only the contacts due for a reach-out, most overdue first
    #[arg(long)]
    pub due: bool,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct WhoArgs {
    /// A name (or part of one) or an id
    #[arg(value_name = "NAME-OR-ID")]
    pub who: String,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// A name (or part of one) or an id
    #[arg(value_name = "NAME-OR-ID")]
    pub who: String,
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
    /// The phone number ("" clears it)
    #[arg(long, value_name = "PHONE")]
    pub phone: Option<String>,
    /// The email ("" clears it)
    #[arg(long, value_name = "EMAIL")]
    pub email: Option<String>,
    /// Notes ("" clears them)
    #[arg(long, value_name = "TEXT")]
    pub notes: Option<String>,
    /// Show them on the crisis screen
    #[arg(long, value_name = "true|false", action = clap::ArgAction::Set)]
    pub emergency: Option<bool>,
    /// Reach-out cadence in days; 0 clears it
    #[arg(long, value_name = "DAYS", allow_negative_numbers = true)]
    pub cadence: Option<i64>,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// A name (or part of one) or an id
    #[arg(value_name = "NAME-OR-ID")]
    pub who: String,
    /// Do not ask (needed when stdin is not a terminal)
    #[arg(long, short)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct CrisisArgs {}

/// A contact as `mend contacts list --json` prints it (DESIGN.md §4).
#[derive(Debug, Serialize)]
pub struct ContactJson {
    pub id: i64,
    pub name: String,
    pub role: &'static str,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub notes: Option<String>,
    pub emergency: bool,
    pub cadence_days: Option<u32>,
    pub last_contact: Option<String>,
    pub due: bool,
    pub log: Vec<LogJson>,
    /// Relationship checks, oldest first (DESIGN.md §8.3).
    pub checks: Vec<super::worksheet::CheckJson>,
}

#[derive(Debug, Serialize)]
pub struct LogJson {
    pub day: String,
    pub note: Option<String>,
}

impl ContactJson {
    pub fn new(c: &Contact, today: NaiveDate) -> ContactJson {
        ContactJson {
            id: c.id,
            name: c.name.clone(),
            role: c.role.as_str(),
            phone: c.phone.clone(),
            email: c.email.clone(),
            notes: c.notes.clone(),
            emergency: c.emergency,
            cadence_days: c.cadence_days,
            last_contact: c.last_contact.map(format_day),
            due: c.is_due(today),
            log: c
                .log
                .iter()
                .map(|l| LogJson {
                    day: format_day(l.day),
                    note: l.note.clone(),
                })
                .collect(),
            checks: Vec::new(),
        }
    }

    /// The same with the contact's relationship checks.
    pub fn with_checks(mut self, checks: &[crate::domain::relationship::Check]) -> ContactJson {
        self.checks = checks
            .iter()
            .map(super::worksheet::CheckJson::new)
            .collect();
        self
    }
}

pub fn run(global: &Global, args: ContactsArgs) -> Result<()> {
    match args.command {
        ContactsCommand::Add(a) => add(global, a),
        ContactsCommand::Log(a) => log(global, a),
        ContactsCommand::List(a) => list(global, a),
        ContactsCommand::Show(a) => show(global, a),
        ContactsCommand::Edit(a) => edit(global, a),
        ContactsCommand::Delete(a) => delete(global, a),
        ContactsCommand::Check(a) => check(global, a),
    }
}

/// `mend crisis`: the crisis screen as text. On a locked journal (encrypted,
/// no passphrase given) it says your people are locked, and shows the plan
/// only when the config allows it; the helplines always show.
pub fn crisis(global: &Global, _args: CrisisArgs) -> Result<()> {
    // Help must show even when the config or the database cannot be read.
    let config = global.load_config().unwrap_or_else(|e| {
        eprintln!("mend: {e:#}");
        crate::config::Config::default()
    });
    let today = super::current_day(&config);
    let path = global.db_path()?;
    let key = if crate::store::crypt::is_encrypted(&path) {
        super::passphrase::from_env().unwrap_or_else(|e| {
            eprintln!("mend: {e:#}");
            None
        })
    } else {
        None
    };
    let screen = if crate::store::crypt::is_encrypted(&path) && key.is_none() {
        let plan = config
            .crisis_when_locked
            .then(|| crate::store::plan::read_locked_copy(&path))
            .flatten();
        Crisis::locked(&config, today, plan)
    } else {
        match crate::store::Store::open_with(&path, key.as_deref()) {
            Ok(store) => Crisis::load(&store, &config, today).unwrap_or_else(|e| {
                eprintln!("mend: {e:#}");
                Crisis::helplines_only(&config, today)
            }),
            Err(e) => {
                eprintln!("mend: {e:#}");
                Crisis::helplines_only(&config, today)
            }
        }
    };
    let ansi = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    print(&screen.text(ansi))
}

fn add(global: &Global, a: AddArgs) -> Result<()> {
    let role: Role = a.role.parse()?;
    let input = ContactInput {
        name: a.name,
        role,
        phone: a.phone,
        email: a.email,
        notes: a.notes,
        emergency: a.emergency,
        cadence_days: a.cadence,
    };
    // Check before opening (and so creating) the database.
    input.normalized()?;
    let mut env = global.env()?;
    let id = env.store.add_contact(&input)?;
    print(&format!("{id}\n"))
}

fn log(global: &Global, a: LogArgs) -> Result<()> {
    let mut env = global.env()?;
    let day = match &a.day {
        Some(d) => parse_day_arg(d, env.today)?,
        None => env.today,
    };
    let c = env.store.find_contact(&a.who)?;
    env.store
        .log_contact(c.id, day, a.note.as_deref(), env.today)?;
    let c = env.store.contact(c.id)?;
    let next = match c.cadence_days {
        Some(n) => format!("; next reach-out in {n} days"),
        None => String::new(),
    };
    let next = if c.is_due(env.today) { "" } else { &next };
    print(&format!(
        "logged a reach-out to {} on {}{next}\n",
        clean(&c.name),
        format_day(day)
    ))
}

fn list(global: &Global, a: ListArgs) -> Result<()> {
    let env = global.env()?;
    let contacts = if a.due {
        env.store.due_contacts(env.today)?
    } else {
        env.store.contacts()?
    };
    if a.json {
        let mut checks = env.store.all_checks()?;
        let json: Vec<ContactJson> = contacts
            .iter()
            .map(|c| {
                ContactJson::new(c, env.today)
                    .with_checks(&checks.remove(&c.id).unwrap_or_default())
            })
            .collect();
        return print(&(serde_json::to_string_pretty(&json)? + "\n"));
    }
    if contacts.is_empty() {
        let msg = if a.due {
            "nobody is due for a reach-out today\n"
        } else {
            "no contacts yet: add one with `mend contacts add NAME --role sponsor --phone ...`\n"
        };
        return print(msg);
    }
    let mut out = String::new();
    let mut role = None;
    for c in &contacts {
        if !a.due && role != Some(c.role) {
            if role.is_some() {
                out.push('\n');
            }
            out.push_str(&format!("{}\n", c.role.heading()));
            role = Some(c.role);
        }
        out.push_str(&format!("  {}\n", summary(c, env.today, a.due)));
    }
    print(&out)
}

/// One line about a contact: id, name, phone, marks and reach-out state.
fn summary(c: &Contact, today: NaiveDate, with_role: bool) -> String {
    let mut parts = vec![format!("{:>3}  {}", c.id, clean(&c.name))];
    if with_role {
        parts.push(format!("({})", c.role));
    }
    if let Some(p) = &c.phone {
        parts.push(clean(p));
    }
    if c.emergency {
        parts.push("★ emergency".into());
    }
    if c.is_due(today) {
        parts.push("· due".into());
    }
    if c.last_contact.is_some() {
        parts.push(format!("· last: {}", c.last_label(today)));
    }
    parts.join("  ")
}

fn show(global: &Global, a: WhoArgs) -> Result<()> {
    let env = global.env()?;
    let c = env.store.find_contact(&a.who)?;
    if a.json {
        let json = ContactJson::new(&c, env.today).with_checks(&env.store.checks(c.id)?);
        return print(&(serde_json::to_string_pretty(&json)? + "\n"));
    }
    let mut out = detail(&c, env.today);
    out.push_str(&checks_text(&env.store.checks(c.id)?));
    print(&out)
}

/// A contact's relationship checks as text: each value's ratings oldest
/// first, and the newest check's signs and note.
fn checks_text(checks: &[crate::domain::relationship::Check]) -> String {
    use crate::domain::relationship::{Value, direction, latest, trends};
    if checks.is_empty() {
        return "no relationship checks yet (mend contacts check NAME --respect N ...)\n".into();
    }
    let mut out = format!("relationship checks ({}), oldest first:\n", checks.len());
    let t = trends(checks, 12);
    for (i, v) in Value::ALL.iter().enumerate() {
        let values: Vec<String> = t[i].iter().map(u8::to_string).collect();
        let word = direction(&t[i])
            .map(|d| format!("  ({})", d.word()))
            .unwrap_or_default();
        out.push_str(&format!("  {:<11}{}{word}\n", v.name(), values.join(" ")));
    }
    if let Some(last) = latest(checks) {
        let signs: Vec<&str> = last.signs.iter().map(|s| s.label()).collect();
        let signs = if signs.is_empty() {
            "none noticed".to_string()
        } else {
            signs.join(", ")
        };
        out.push_str(&format!("  signs on {}: {signs}\n", format_day(last.day)));
        if let Some(n) = &last.note {
            out.push_str(&format!("  note: {}\n", clean(n)));
        }
    }
    out
}

/// The full text of one contact, as `show` prints it.
fn detail(c: &Contact, today: NaiveDate) -> String {
    let mut out = format!("{} ({}), id {}\n", clean(&c.name), c.role, c.id);
    let mut field = |label: &str, v: &Option<String>| {
        if let Some(v) = v {
            out.push_str(&format!("  {label:<10}{}\n", clean(v)));
        }
    };
    field("phone", &c.phone);
    field("email", &c.email);
    if c.emergency {
        out.push_str("  ★ emergency contact (shown on the crisis screen)\n");
    }
    if let Some(n) = c.cadence_days {
        let state = if c.is_due(today) {
            "due now"
        } else {
            "not due yet"
        };
        out.push_str(&format!("  reach out every {n} days · {state}\n"));
    }
    out.push_str(&format!("  last:     {}\n", c.last_label(today)));
    if let Some(n) = &c.notes {
        out.push_str(&format!("  notes:    {}\n", clean(n)));
    }
    if c.log.is_empty() {
        out.push_str("no reach-outs logged yet\n");
    } else {
        out.push_str("reach-outs:\n");
        for l in &c.log {
            let note = l.note.as_deref().map(clean).unwrap_or_default();
            out.push_str(&format!("  {}  {note}\n", format_day(l.day)));
        }
    }
    out
}

fn edit(global: &Global, a: EditArgs) -> Result<()> {
    let mut env = global.env()?;
    let c = env.store.find_contact(&a.who)?;
    let mut input = c.input();
    let nothing = a.name.is_none()
        && a.role.is_none()
        && a.phone.is_none()
        && a.email.is_none()
        && a.notes.is_none()
        && a.emergency.is_none()
        && a.cadence.is_none();
    if nothing {
        bail!(
            "nothing to change: give --name, --role, --phone, --email, --notes, --emergency or --cadence"
        );
    }
    if let Some(n) = a.name {
        input.name = n;
    }
    if let Some(r) = a.role {
        input.role = r.parse()?;
    }
    if let Some(p) = a.phone {
        input.phone = Some(p);
    }
    if let Some(e) = a.email {
        input.email = Some(e);
    }
    if let Some(n) = a.notes {
        input.notes = Some(n);
    }
    if let Some(e) = a.emergency {
        input.emergency = e;
    }
    match a.cadence {
        Some(0) => input.cadence_days = None,
        Some(n) => input.cadence_days = Some(n),
        None => {}
    }
    env.store.update_contact(c.id, &input)?;
    print(&format!(
        "updated {} (id {})\n",
        clean(input.name.trim()),
        c.id
    ))
}

fn delete(global: &Global, a: DeleteArgs) -> Result<()> {
    let mut env = global.env()?;
    let c = env.store.find_contact(&a.who)?;
    let amends = env.store.contact_amend_count(c.id)?;
    if !a.yes {
        if !std::io::stdin().is_terminal() {
            bail!("deleting needs --yes when not asked on a terminal");
        }
        let kept = match amends {
            0 => String::new(),
            1 => " (the amend linked to them is kept)".into(),
            n => format!(" (the {n} amends linked to them are kept)"),
        };
        let logs = match c.log.len() {
            0 => String::new(),
            1 => " and their 1 logged reach-out".to_string(),
            n => format!(" and their {n} logged reach-outs"),
        };
        eprint!("Delete {}{logs}{kept}? [y/N] ", clean(&c.name));
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim().to_lowercase().as_str(), "y" | "yes") {
            return print("kept; nothing deleted\n");
        }
    }
    env.store.delete_contact(c.id)?;
    print(&format!("deleted {} (id {})\n", clean(&c.name), c.id))
}

fn check(global: &Global, a: CheckArgs) -> Result<()> {
    use crate::domain::relationship::{NewCheck, Sign};
    let signs = a
        .signs
        .iter()
        .map(|s| s.parse::<Sign>())
        .collect::<Result<Vec<_>, _>>()?;
    let mut env = global.env()?;
    let day = match &a.day {
        Some(d) => parse_day_arg(d, env.today)?,
        None => env.today,
    };
    let new = NewCheck {
        day,
        values: [a.respect, a.safety, a.affection, a.boundaries, a.honesty],
        signs,
        note: a.note,
    };
    new.checked(env.today)?;
    let c = env.store.find_contact(&a.who)?;
    env.store.add_check(c.id, &new, env.today)?;
    let n = env.store.checks(c.id)?.len();
    let many = if n == 1 {
        "the first check".to_string()
    } else {
        format!("{n} checks so far")
    };
    print(&format!(
        "noted how things are with {} on {} ({many})\n",
        clean(&c.name),
        format_day(day)
    ))
}
