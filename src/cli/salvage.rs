//! `mend salvage OUT`: when the journal file is damaged, copy every row that
//! can still be read into a new journal, and say how much came across.

use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::Args;

use super::Global;
use crate::store::salvage;

#[derive(Debug, Args)]
pub struct SalvageArgs {
    /// The new journal to write (must not exist; same passphrase)
    pub out: PathBuf,
}

pub fn run(global: &Global, args: SalvageArgs) -> Result<()> {
    let db = global.db_path()?;
    if !db.is_file() {
        bail!(
            "{} does not exist: there is nothing to salvage",
            db.display()
        );
    }
    let key = super::passphrase::for_open(&db)?;
    let report = salvage::salvage(&db, key.as_deref(), &args.out)?;
    let mut text = format!(
        "salvaged {} rows into {} ({} journal entries)",
        report.copied(),
        args.out.display(),
        report.copied_from("journal_entry")
    );
    match report.unreadable() {
        0 => text.push_str("; every part could be read"),
        1 => text.push_str("; 1 damaged part could not be read"),
        n => text.push_str(&format!("; {n} damaged parts could not be read")),
    }
    if report.repaired_texts > 0 {
        text.push_str(&format!(
            "; {} texts had damaged characters, shown as \u{FFFD}",
            report.repaired_texts
        ));
    }
    text.push_str(&format!(
        ".\nLook it over with `mend --db {} journal list`; when it is right, put it in place of the damaged file.\n",
        args.out.display()
    ));
    super::print(&text)
}
