//! Passphrases: where they come from, and `mend passphrase set|change|remove`.
//!
//! In the manner of restic and borg, a script gives the passphrase through
//! `MEND_PASSPHRASE_COMMAND` (a command that prints it), `MEND_PASSPHRASE_FILE`
//! (a file holding it) or `MEND_PASSPHRASE`; a person types it at the
//! terminal.

use std::io::{BufRead, IsTerminal};
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, anyhow, bail};
use clap::{Args, Subcommand, ValueEnum};

use super::Global;
use crate::store::crypt;

#[derive(Debug, Subcommand)]
pub enum PassphraseCmd {
    /// Encrypt the database with a new passphrase (asked twice; read from stdin when it is not a terminal)
    Set(CopiesArgs),
    /// Change the passphrase of an encrypted database
    Change(CopiesArgs),
    /// Remove encryption: the file is stored in plain text afterwards
    Remove(RemoveArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OldCopiesArg {
    /// Re-encrypt them with the new passphrase
    Reencrypt,
    /// Delete them
    Remove,
}

#[derive(Debug, Args)]
pub struct CopiesArgs {
    /// What to do with the copies mend made before (dated backups, the copy
    /// kept before an upgrade)
    #[arg(long, value_enum, default_value = "reencrypt", value_name = "WHAT")]
    pub old_copies: OldCopiesArg,
}

impl CopiesArgs {
    fn policy(&self) -> crypt::OldCopies {
        match self.old_copies {
            OldCopiesArg::Reencrypt => crypt::OldCopies::Reencrypt,
            OldCopiesArg::Remove => crypt::OldCopies::Remove,
        }
    }
}

/// One line or two on what happened to the old copies.
fn describe_copies(r: &crypt::CopiesReport) -> String {
    let n = |v: usize| {
        if v == 1 {
            "1 older copy".to_string()
        } else {
            format!("{v} older copies")
        }
    };
    let mut text = String::new();
    if !r.reencrypted.is_empty() {
        text.push_str(&format!(
            "Re-encrypted {} with the new passphrase (backups and the copy kept before an upgrade).\n",
            n(r.reencrypted.len())
        ));
    }
    if !r.removed.is_empty() {
        text.push_str(&format!("Removed {}.\n", n(r.removed.len())));
    }
    for (path, why) in &r.left {
        text.push_str(&format!("Left {} as it was: {why}.\n", path.display()));
    }
    if text.is_empty() {
        text.push_str("There were no older copies to re-encrypt.\n");
    }
    text
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// Do not ask for confirmation
    #[arg(long)]
    pub yes: bool,
}

fn trim_newline(mut s: String) -> String {
    while s.ends_with('\n') || s.ends_with('\r') {
        s.pop();
    }
    s
}

/// The passphrase a script gave through the environment, if any.
pub fn from_env() -> Result<Option<String>> {
    if let Some(cmd) = std::env::var_os("MEND_PASSPHRASE_COMMAND").filter(|c| !c.is_empty()) {
        let out = Command::new("sh")
            .arg("-c")
            .arg(&cmd)
            .stderr(std::process::Stdio::inherit())
            .output()
            .context("cannot run MEND_PASSPHRASE_COMMAND")?;
        if !out.status.success() {
            bail!("MEND_PASSPHRASE_COMMAND failed ({})", out.status);
        }
        let pass =
            trim_newline(String::from_utf8(out.stdout).map_err(|_| {
                anyhow!("MEND_PASSPHRASE_COMMAND printed something that is not text")
            })?);
        return Ok(Some(pass));
    }
    if let Some(file) = std::env::var_os("MEND_PASSPHRASE_FILE").filter(|c| !c.is_empty()) {
        let text = std::fs::read_to_string(&file).with_context(|| {
            format!(
                "cannot read MEND_PASSPHRASE_FILE {}",
                Path::new(&file).display()
            )
        })?;
        return Ok(Some(trim_newline(text)));
    }
    Ok(std::env::var("MEND_PASSPHRASE")
        .ok()
        .filter(|p| !p.is_empty()))
}

fn ask(prompt: &str) -> Result<String> {
    rpassword::prompt_password(prompt).context("cannot read the passphrase from the terminal")
}

/// The passphrase to open `db` with: from the environment, else asked on the
/// terminal when the file is encrypted, else none.
pub fn for_open(db: &Path) -> Result<Option<String>> {
    if let Some(p) = from_env()? {
        return Ok(Some(p));
    }
    match crypt::kind(db) {
        crypt::FileKind::Encrypted => {}
        crypt::FileKind::Other if db.is_dir() => {
            bail!("{} is a folder, not a mend database", db.display())
        }
        crypt::FileKind::Other => {
            return Err(crate::store::Error::NotSqlite(db.to_path_buf()).into());
        }
        _ => return Ok(None),
    }
    if !std::io::stdin().is_terminal() {
        bail!(
            "{} is encrypted (or is not a mend database): give its passphrase through MEND_PASSPHRASE, MEND_PASSPHRASE_FILE or MEND_PASSPHRASE_COMMAND",
            db.display()
        );
    }
    Ok(Some(ask(&format!("Passphrase for {}: ", db.display()))?))
}

/// A new passphrase: asked twice on a terminal, else one line of stdin.
fn new_passphrase() -> Result<String> {
    let pass = if std::io::stdin().is_terminal() {
        let a = ask("New passphrase: ")?;
        let b = ask("Repeat it: ")?;
        if a != b {
            bail!("the passphrases differ; nothing was changed");
        }
        a
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("cannot read the new passphrase from stdin")?;
        trim_newline(line)
    };
    if pass.is_empty() {
        bail!("the passphrase must not be empty; nothing was changed");
    }
    Ok(pass)
}

pub fn run(global: &Global, cmd: PassphraseCmd) -> Result<()> {
    let db = global.db_path()?;
    if !db.exists() {
        bail!("{} does not exist yet", db.display());
    }
    let _lock = crate::store::lock::try_lock(&db)
        .context("cannot take the database lock")?
        .ok_or_else(|| anyhow!("the journal is open in a mend window: close it first"))?;
    let encrypted = crypt::is_encrypted(&db);
    match cmd {
        PassphraseCmd::Set(copies) => {
            if encrypted {
                bail!(
                    "{} is already encrypted: use `mend passphrase change`",
                    db.display()
                );
            }
            let new = new_passphrase()?;
            let report = crypt::rekey(&db, None, Some(&new), copies.policy())?;
            super::print(&format!(
                "{} is now encrypted. Keep the passphrase safe: without it the journal cannot be read by anyone, you included.\n{}",
                db.display(),
                describe_copies(&report)
            ))
        }
        PassphraseCmd::Change(copies) => {
            if !encrypted {
                bail!(
                    "{} is not encrypted: use `mend passphrase set`",
                    db.display()
                );
            }
            let old = for_open(&db)?;
            let new = new_passphrase()?;
            let report = crypt::rekey(&db, old.as_deref(), Some(&new), copies.policy())?;
            super::print(&format!(
                "Passphrase changed.\n{}",
                describe_copies(&report)
            ))
        }
        PassphraseCmd::Remove(args) => {
            if !encrypted {
                bail!("{} is not encrypted", db.display());
            }
            let old = for_open(&db)?;
            if !args.yes {
                if !std::io::stdin().is_terminal() {
                    bail!("removing encryption needs --yes when not run from a terminal");
                }
                eprint!("Store {} in plain text from now on? [y/N] ", db.display());
                let mut answer = String::new();
                std::io::stdin().lock().read_line(&mut answer)?;
                if !answer.trim().eq_ignore_ascii_case("y") {
                    bail!("nothing was changed");
                }
            }
            let report = crypt::rekey(&db, old.as_deref(), None, crypt::OldCopies::Reencrypt)?;
            let mut text = format!("{} is no longer encrypted.\n", db.display());
            match report.reencrypted.len() {
                0 => {}
                1 => text.push_str("Its 1 older copy is no longer encrypted either.\n"),
                n => text.push_str(&format!(
                    "Its {n} older copies are no longer encrypted either.\n"
                )),
            }
            for (path, why) in &report.left {
                text.push_str(&format!("Left {} as it was: {why}.\n", path.display()));
            }
            super::print(&text)
        }
    }
}
