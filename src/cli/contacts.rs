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
        }
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
    }
}

/// `mend crisis`: the crisis screen as text.
pub fn crisis(global: &Global, _args: CrisisArgs) -> Result<()> {
    // Help must show even when the config or the database cannot be read.
    let config = global.load_config().unwrap_or_else(|e| {
        eprintln!("mend: {e:#}");
        crate::config::Config::default()
    });
    let screen = match crate::store::Store::open(&global.db_path()?) {
        Ok(store) => Crisis::load(&store, &config).unwrap_or_else(|e| {
            eprintln!("mend: {e:#}");
            Crisis::helplines_only(&config)
        }),
        Err(e) => {
            eprintln!("mend: {e:#}");
            Crisis::helplines_only(&config)
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
        let json: Vec<ContactJson> = contacts
            .iter()
            .map(|c| ContactJson::new(c, env.today))
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
        let json = ContactJson::new(&c, env.today);
        return print(&(serde_json::to_string_pretty(&json)? + "\n"));
    }
    print(&detail(&c, env.today))
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
