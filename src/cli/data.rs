//! `mend export`, `mend import`, `mend backup`: the user's data, theirs to
//! take anywhere.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result, anyhow};
use clap::{Args, ValueEnum};

use super::Global;
use crate::export::{self, ExportOptions, Format};
use crate::store::portable;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Versioned JSON that `mend import` reads back
    Json,
    /// A readable document to print or share
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnlyArg {
    /// Only the journal
    Journal,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The format
    #[arg(long, value_enum, default_value = "json")]
    pub format: FormatArg,
    /// Write to this file (replaced atomically, mode 0600) instead of stdout
    #[arg(long, short, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Only journal entries on or after this day
    #[arg(long, value_name = "DAY")]
    pub since: Option<String>,
    /// Only journal entries on or before this day
    #[arg(long, value_name = "DAY")]
    pub until: Option<String>,
    /// Export only this part
    #[arg(long, value_enum, value_name = "PART")]
    pub only: Option<OnlyArg>,
    /// Same as --only journal
    #[arg(long)]
    pub journal_only: bool,
    /// Export an encrypted journal anyway: the export itself is plain text
    #[arg(long)]
    pub plaintext: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A mend JSON export, or jrnl's `jrnl --export json` output
    pub path: PathBuf,
    /// Show what would be added, and write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy [default: a dated copy in the backups folder
    /// beside the database, keeping the last 7 daily and 4 weekly]
    pub path: Option<PathBuf>,
    /// Replace PATH even when it is not a mend database
    #[arg(long)]
    pub force: bool,
}

pub fn export(global: &Global, args: ExportArgs) -> Result<()> {
    let env = global.env()?;
    if env.store.is_encrypted() {
        if !args.plaintext {
            return Err(anyhow!(
                "this journal is encrypted and an export is plain text; pass --plaintext to export it anyway (or use `mend backup`, which stays encrypted)"
            ));
        }
        eprintln!(
            "mend: warning: this export is NOT encrypted; keep it somewhere only you can read"
        );
    }
    let format = match args.format {
        FormatArg::Json => Format::Json,
        FormatArg::Markdown => Format::Markdown,
    };
    let mut opts = ExportOptions::new(format, env.today);
    opts.worksheet_kinds = env.config.worksheets.clone();
    opts.since = args
        .since
        .as_deref()
        .map(|s| super::parse_day_arg(s, env.today))
        .transpose()
        .context("--since")?;
    opts.until = args
        .until
        .as_deref()
        .map(|s| super::parse_day_arg(s, env.today))
        .transpose()
        .context("--until")?;
    if let (Some(a), Some(b)) = (opts.since, opts.until)
        && a > b
    {
        return Err(anyhow!("--since {a} is after --until {b}"));
    }
    opts.journal_only = args.journal_only || args.only == Some(OnlyArg::Journal);
    match &args.out {
        Some(path) => {
            let s = export::export_to_file(&env.store, &opts, path, None)?;
            let what = if opts.journal_only {
                count(s.entries, "journal entry", "journal entries")
            } else {
                format!(
                    "{}, {}, {}, {}, {}",
                    count(s.entries, "journal entry", "journal entries"),
                    count(s.clocks, "clock", "clocks"),
                    count(s.contacts, "contact", "contacts"),
                    count(s.amends, "amend", "amends"),
                    count(s.checkins, "check-in", "check-ins")
                )
            };
            eprintln!("exported {what} to {}", path.display());
            Ok(())
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            match export::write(&env.store, &opts, &mut out, None) {
                Ok(_) => Ok(()),
                // `mend export | head` is fine.
                Err(e) if e.to_string().contains("Broken pipe") => Ok(()),
                Err(e) => Err(e.into()),
            }
            .and_then(|()| match out.flush() {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.context("cannot write to stdout"),
            })
        }
    }
}

fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn import(global: &Global, args: ImportArgs) -> Result<()> {
    // Check the file before opening (or creating) the database.
    let plan = crate::import::read_import(&args.path)?;
    let mut env = global.env_for(!args.dry_run)?;
    let report = crate::import::apply_import(&mut env.store, &plan, args.dry_run, None)?;
    let from = report.source.describe();
    let skipped = report.skipped.total();
    let skipped_text = if skipped == 0 {
        String::new()
    } else {
        format!("; skipped {} already present", report.skipped.describe())
    };
    let line = if args.dry_run {
        format!(
            "dry run, nothing written: would add {} from this {from}{skipped_text}\n",
            report.added.describe()
        )
    } else {
        format!(
            "added {} from this {from}{skipped_text}\n",
            report.added.describe()
        )
    };
    super::print(&line)
}

pub fn backup(global: &Global, args: BackupArgs) -> Result<()> {
    let env = global.env()?;
    match args.path {
        Some(path) => {
            let dest = if path.is_dir() {
                path.join(portable::dated_name(env.today))
            } else {
                path
            };
            if !args.force
                && !crate::store::is_live_file(&env.store, &dest)
                && !crate::store::is_mend_file(&dest, env.store.passphrase())
            {
                return Err(anyhow!(
                    "{} exists and is not a mend database; pass --force to replace it",
                    dest.display()
                ));
            }
            let made = portable::backup_to(&env.store, &dest)?;
            super::print(&format!(
                "backed up to {} (integrity check ok)\n",
                made.display()
            ))
        }
        None => {
            let made = portable::dated_backup(&env.store, env.today)?;
            let mut text = format!(
                "backed up to {} (integrity check ok)\n",
                made.path.display()
            );
            if !made.pruned.is_empty() {
                text.push_str(&format!(
                    "removed {} older backup{} (keeping the last {} daily and {} weekly)\n",
                    made.pruned.len(),
                    if made.pruned.len() == 1 { "" } else { "s" },
                    portable::KEEP_DAILY,
                    portable::KEEP_WEEKLY
                ));
            }
            super::print(&text)
        }
    }
}
