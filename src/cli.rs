//! The command line: clap definitions and the non-interactive commands.
//!
//! Every command prints its result on stdout and fails with one line on
//! stderr and a non-zero exit status.

mod amends;
mod checkin;
mod clock;
mod contacts;
mod data;
mod days;
mod journal;
mod passphrase;
mod plan;
mod salvage;
mod share;
mod shell;
mod status;
mod sync;
mod urge;
mod worksheet;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

use crate::config::{self, Config};
use crate::domain::dates;
use crate::store::Store;

/// mend: a private, offline journal for recovery.
///
/// Run `mend` with no command to open the journal screen. Everything stays in
/// one local SQLite file; nothing is ever sent anywhere.
#[derive(Debug, Parser)]
#[command(name = "mend", version, about, long_about)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command takes.
#[derive(Debug, Clone, Args)]
pub struct Global {
    /// The database file [default: the mend data folder]
    #[arg(long, global = true, env = "MEND_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// The config file [default: the mend config folder]
    #[arg(long, global = true, env = "MEND_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Days sober on each clock, with the next milestone
    Days(days::DaysArgs),
    /// Export everything as versioned JSON or readable Markdown
    Export(data::ExportArgs),
    /// Import a mend JSON export or a jrnl JSON export; all or nothing
    Import(data::ImportArgs),
    /// A consistent copy of the database, checked for integrity
    Backup(data::BackupArgs),
    /// Journal entries: add, list, search, show, edit, delete
    #[command(subcommand)]
    Journal(journal::JournalCmd),
    /// Your support contacts and reach-outs
    Contacts(contacts::ContactsArgs),
    /// Who to call right now: your emergency contacts, then helplines
    Crisis(contacts::CrisisArgs),
    /// Your plan for hard moments: reasons, warning signs, triggers, what helps, after a slip
    Plan(plan::PlanArgs),
    /// Log urges (intensity, HALT, trigger, what you did) and see what helped
    #[command(subcommand)]
    Urge(urge::UrgeCmd),
    /// The trust-rebuilding amends list
    #[command(subcommand)]
    Amends(amends::AmendsCmd),
    /// Sobriety clocks: add, reset, list, remove
    #[command(subcommand)]
    Clock(clock::ClockCmd),
    /// Print the active config and where it is read from
    Config(shell::ConfigArgs),
    /// Print a shell completion script (bash, zsh, fish...)
    Completions(shell::CompletionsArgs),
    /// Print the man page
    Man,
    /// Encrypt the database, change or remove its passphrase
    #[command(subcommand)]
    Passphrase(passphrase::PassphraseCmd),
    /// Copy every readable row of a damaged journal into a new one
    Salvage(salvage::SalvageArgs),
    /// Morning intention, evening review and the weekly check-in
    #[command(subcommand)]
    Checkin(checkin::CheckinCmd),
    /// One line for a shell prompt or tmux: days, reach-outs, open check-ins
    Status(status::StatusArgs),
    /// Sync with your other devices through a folder another program syncs
    Sync(sync::SyncArgs),
    /// What is waiting today; --notify also shows it on the desktop
    Remind(status::RemindArgs),
    /// A report for a counsellor: one HTML file with charts, or Markdown
    Share(share::ShareArgs),
    /// Step-work worksheets: resentments, fears, harms, cost-benefit, ABC
    #[command(subcommand)]
    Worksheet(worksheet::WorksheetCmd),
}

/// What a command needs: the store, the config and today's date.
pub struct Env {
    pub store: Store,
    pub config: Config,
    pub today: NaiveDate,
}

impl Global {
    /// The database path: `--db`, else `MEND_DB`, else the default.
    pub fn db_path(&self) -> Result<PathBuf> {
        match &self.db {
            Some(p) => Ok(p.clone()),
            None => config::default_db_path(),
        }
    }

    /// Opens the database, with its passphrase when it has one.
    pub fn open_store(&self) -> Result<Store> {
        let path = self.db_path()?;
        let key = passphrase::for_open(&path)?;
        Ok(Store::open_with(&path, key.as_deref())?)
    }

    pub fn load_config(&self) -> Result<Config> {
        Config::load(self.config.as_deref())
    }

    /// Opens the store and config for a command.
    pub fn env(&self) -> Result<Env> {
        self.env_for(true)
    }

    /// Like [`Global::env`]; when `create` is false and there is no
    /// database yet, an empty one in memory stands in, so a dry run leaves
    /// no file behind.
    pub fn env_for(&self, create: bool) -> Result<Env> {
        let config = self.load_config()?;
        let store = if !create && !self.db_path()?.exists() {
            Store::open_in_memory()?
        } else {
            self.open_store()?
        };
        let today = current_day(&config);
        Ok(Env {
            store,
            config,
            today,
        })
    }
}

pub use crate::config::current_day;

/// Private by default: files this process creates are readable by the owner
/// only, and a panic prints no data.
pub fn harden_process() {
    // SAFETY: umask only changes this process's file-creation mask.
    unsafe {
        libc::umask(0o077);
    }
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let mut err = std::io::stderr();
        let _ = write!(err, "\x1b[?2004l");
        let _ = writeln!(
            err,
            "mend: internal error{place}; your saved entries are safe. Please report this."
        );
    }));
}

/// Parses the arguments; help and version print and exit 0, usage errors
/// print one line and exit 2.
pub fn parse() -> Result<Cli, ExitCode> {
    match Cli::try_parse() {
        Ok(cli) => Ok(cli),
        Err(e) => {
            use clap::error::ErrorKind;
            match e.kind() {
                ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    let _ = e.print();
                    Err(ExitCode::SUCCESS)
                }
                _ => {
                    eprintln!("mend: {}", usage_error_line(&e.render().to_string()));
                    Err(ExitCode::from(2))
                }
            }
        }
    }
}

/// clap's whole usage error on one line in mend's style: what is wrong
/// (the missing argument, the allowed values, the "did you mean" tip) and the
/// usage line, without clap's "error:" and "For more information" lines.
pub fn usage_error_line(rendered: &str) -> String {
    let mut out = String::new();
    let mut usage = None;
    // After "...were not provided:", the next lines are the list.
    let mut listing = false;
    for line in rendered.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.starts_with("For more information") {
            break;
        }
        if let Some(u) = line.strip_prefix("Usage:") {
            usage = Some(u.trim().to_string());
            break;
        }
        let line = line.strip_prefix("error:").unwrap_or(line).trim();
        let sep = if out.is_empty() {
            ""
        } else if listing && !line.starts_with("tip:") {
            if out.ends_with(':') { " " } else { ", " }
        } else if line.starts_with('[') {
            " "
        } else {
            "; "
        };
        if line.starts_with("tip:") {
            listing = false;
        }
        out.push_str(sep);
        out.push_str(line);
        if line.ends_with(':') {
            listing = true;
        }
    }
    if out.is_empty() {
        out.push_str("invalid arguments");
    }
    match usage {
        Some(u) => out.push_str(&format!("; usage: {u}")),
        None => out.push_str(" (see mend --help)"),
    }
    one_line(&out)
}

/// Text fit for one line on a terminal: line breaks and tabs become spaces,
/// other control characters (ESC, C1 controls such as U+009B) are dropped.
pub fn one_line(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// Turns a command's result into the exit status, printing one line on error.
pub fn exit(result: Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mend: {}", one_line(&chain(&e)));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes, joined by ": ". A cause that the message
/// before it already ends with is not repeated ("it is a folder: it is a
/// folder").
fn chain(e: &anyhow::Error) -> String {
    let mut msg = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if msg.ends_with(&text) {
            continue;
        }
        if !msg.is_empty() {
            msg.push_str(": ");
        }
        msg.push_str(&text);
    }
    msg
}

/// `mend` with no command: the TUI.
pub fn open_tui(cli: &Cli) -> Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!("the mend screen needs a terminal; see `mend --help` for commands");
    }
    let config = cli.global.load_config()?;
    let path = cli.global.db_path()?;
    crate::tui::run(&path, passphrase::from_env()?, config)
}

/// Runs one command.
pub fn run(global: &Global, command: Command) -> Result<()> {
    let salvaging = matches!(command, Command::Salvage(_));
    let result = run_command(global, command);
    // A damaged file found by any command takes no more writes.
    if let Err(e) = &result
        && !salvaging
        && let Some(crate::store::Error::Damaged(why)) = e.downcast_ref()
        && let Ok(db) = global.db_path()
        && db.is_file()
    {
        crate::store::mark_damaged(&db, why);
    }
    result
}

fn run_command(global: &Global, command: Command) -> Result<()> {
    match command {
        Command::Days(args) => days::run(global, args),
        Command::Export(args) => data::export(global, args),
        Command::Import(args) => data::import(global, args),
        Command::Backup(args) => data::backup(global, args),
        Command::Journal(cmd) => journal::run(global, cmd),
        Command::Contacts(args) => contacts::run(global, args),
        Command::Crisis(args) => contacts::crisis(global, args),
        Command::Plan(args) => plan::run(global, args),
        Command::Urge(cmd) => urge::run(global, cmd),
        Command::Amends(cmd) => amends::run(global, cmd),
        Command::Clock(cmd) => clock::run(global, cmd),
        Command::Config(args) => shell::config(global, args),
        Command::Completions(args) => shell::completions(args),
        Command::Man => shell::man(),
        Command::Passphrase(cmd) => passphrase::run(global, cmd),
        Command::Salvage(args) => salvage::run(global, args),
        Command::Checkin(cmd) => checkin::run(global, cmd),
        Command::Status(args) => status::status(global, args),
        Command::Sync(args) => sync::run(global, args),
        Command::Remind(args) => status::remind(global, args),
        Command::Share(args) => share::run(global, args),
        Command::Worksheet(cmd) => worksheet::run(global, cmd),
    }
}

/// Writes `text` to stdout, ignoring a closed pipe (`mend ... | head`).
/// Raw C1 controls and DEL never reach the terminal: they are written as
/// `\u009b`, which is the same character inside a `--json` document.
pub fn print(text: &str) -> Result<()> {
    let text = crate::export::escape_c1(text);
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to stdout"),
    }
}

/// Reads a day argument (`YYYY-MM-DD`, `today`, `yesterday`, `N days ago`).
pub fn parse_day_arg(s: &str, today: NaiveDate) -> Result<NaiveDate> {
    Ok(dates::parse_day(s, today)?)
}
