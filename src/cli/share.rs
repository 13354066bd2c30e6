//! `mend share`: a report for a counsellor, as one HTML file or Markdown.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context, Result, anyhow, bail};
use clap::{Args, ValueEnum};

use super::Global;
use crate::domain::journal::normalize_tag;
use crate::share::{self, Part, ShareFormat, ShareOptions};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShareFormatArg {
    /// One self-contained web page with charts, to open or print
    Html,
    /// Plain Markdown, with tables instead of charts
    Markdown,
}

#[derive(Debug, Args)]
pub struct ShareArgs {
    /// The first day the report covers (`2026-03-01`, `30 days ago`)
    #[arg(long, value_name = "DAY")]
    pub since: String,
    /// The last day it covers [default: today]
    #[arg(long, value_name = "DAY")]
    pub until: Option<String>,
    /// What to include, from: clocks, journal, urges, checkins, plan,
    /// amends (comma-separated) [default: all that this mend keeps]
    #[arg(long, value_name = "LIST")]
    pub include: Option<String>,
    /// Only journal entries with this tag
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    /// The format
    #[arg(long, value_enum, default_value = "html")]
    pub format: ShareFormatArg,
    /// The file to write (replaced atomically, mode 0600); `-` for stdout
    /// [default: mend-share-DAY.html in the current folder]
    #[arg(long, short, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Write it even though the journal is encrypted (the report is plain
    /// text); for scripts
    #[arg(long, short = 'y')]
    pub yes: bool,
}

pub fn run(global: &Global, args: ShareArgs) -> Result<()> {
    let env = global.env()?;
    let today = env.today;
    let since = super::parse_day_arg(&args.since, today).context("--since")?;
    let until = args
        .until
        .as_deref()
        .map(|s| super::parse_day_arg(s, today))
        .transpose()
        .context("--until")?
        .unwrap_or(today);
    let include = match &args.include {
        Some(list) => Part::parse_list(list)?,
        None => Part::available(),
    };
    let tag = match &args.tag {
        Some(t) => Some(
            normalize_tag(t)
                .map_err(|e| anyhow!("--tag: {e}"))?
                .ok_or_else(|| anyhow!("--tag needs a tag"))?,
        ),
        None => None,
    };
    let opts = ShareOptions {
        since,
        until,
        include,
        tag,
        today,
    };
    opts.check()?;
    let format = match args.format {
        ShareFormatArg::Html => ShareFormat::Html,
        ShareFormatArg::Markdown => ShareFormat::Markdown,
    };
    if env.store.is_encrypted() {
        confirm_plaintext(args.yes)?;
    }
    let to_stdout = args.out.as_deref().is_some_and(|p| p.as_os_str() == "-");
    if to_stdout {
        let report = share::gather(&env.store, &opts)?;
        return super::print(&share::render(&report, format));
    }
    let path = args
        .out
        .unwrap_or_else(|| PathBuf::from(share::default_file_name(format, today)));
    if path.is_dir() {
        bail!("{} is a folder; give a file name", path.display());
    }
    let counts = share::write_to_file(&env.store, &opts, format, &path)?;
    eprintln!("shared {} in {}", counts.describe(), path.display());
    Ok(())
}

/// An encrypted journal asks before writing plain text: `--yes` says yes; a
/// person at a terminal is asked; anything else is refused.
fn confirm_plaintext(yes: bool) -> Result<()> {
    if yes {
        eprintln!(
            "mend: warning: this report is NOT encrypted; keep it somewhere only you and your counsellor can read"
        );
        return Ok(());
    }
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        bail!(
            "this journal is encrypted and the report is plain text; pass --yes to write it anyway"
        );
    }
    let mut err = std::io::stderr();
    let _ = write!(
        err,
        "Your journal is encrypted, but this report will be plain text that anyone with the file can read.\nWrite it? [y/N] "
    );
    let _ = err.flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .context("cannot read the answer")?;
    if matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
        Ok(())
    } else {
        bail!("nothing was written")
    }
}
