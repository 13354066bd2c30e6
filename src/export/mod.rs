//! Export: mend JSON and Markdown documents, written from the store's
//! records (`crate::records`). It never touches SQLite; the store reads the
//! records. Reading files back is `crate::import`.
//!
//! The mend JSON document (version 1):
//! `{"format": "mend", "version": 1, "exported_at", "clocks", "journal",
//! "contacts", "amends", "plan", "urges"}` with the record shapes of
//! DESIGN.md §4 and §8.1, minus ids (`plan` is one object of five lists;
//! an export without it still imports).
//! It is written one record per line, in a deterministic order, so that an
//! export imported into an empty database exports to the same document but
//! for `exported_at`.

mod json;
mod markdown;

use std::io::{self, BufWriter, Write};
use std::path::Path;

use chrono::NaiveDate;

pub use self::json::{JsonWriter, SafeFormatter, escape_c1, write_json};
pub use self::markdown::{MarkdownWriter, plain};
pub use crate::fsutil::{atomic_write, parent_dir, sync_dir};
pub use crate::records::*;
use crate::store::portable::{
    PROGRESS_EVERY, Progress, count_entries, for_each_entry, load_amends, load_checkins,
    load_clocks, load_contacts, load_urges, load_worksheets, tell,
};
use crate::store::{Error, Result, Store};

/// The two export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Markdown,
}

/// What to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOptions {
    pub format: Format,
    /// The stamp written in `exported_at`.
    pub exported_at: String,
    /// The day the export is made (for "days so far" in Markdown).
    pub today: NaiveDate,
    /// Only journal entries on or after this day.
    pub since: Option<NaiveDate>,
    /// Only journal entries on or before this day.
    pub until: Option<NaiveDate>,
    /// Only the journal.
    pub journal_only: bool,
    /// The user's own worksheet kinds (their titles and labels head the
    /// Markdown tables); the shipped kinds are always known.
    pub worksheet_kinds: Vec<crate::domain::worksheet::KindDef>,
}

impl ExportOptions {
    pub fn new(format: Format, today: NaiveDate) -> ExportOptions {
        ExportOptions {
            format,
            exported_at: crate::store::now_stamp(),
            today,
            since: None,
            until: None,
            journal_only: false,
            worksheet_kinds: Vec::new(),
        }
    }
}

/// The sections of an export, in the order they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Clocks,
    Journal,
    Contacts,
    Amends,
    Checkins,
    /// The relapse-prevention plan: one object, not a list.
    Plan,
    Urges,
    Worksheets,
}

impl Section {
    fn key(self) -> &'static str {
        match self {
            Section::Clocks => "clocks",
            Section::Journal => "journal",
            Section::Contacts => "contacts",
            Section::Amends => "amends",
            Section::Checkins => "checkins",
            Section::Plan => "plan",
            Section::Urges => "urges",
            Section::Worksheets => "worksheets",
        }
    }
    fn title(self) -> &'static str {
        match self {
            Section::Clocks => "Sobriety clocks",
            Section::Journal => "Journal",
            Section::Contacts => "Support contacts",
            Section::Amends => "Amends",
            Section::Checkins => "Check-ins",
            Section::Plan => "My plan for hard moments",
            Section::Urges => "Urges",
            Section::Worksheets => "Step work",
        }
    }
}

/// Exports to a file, replacing it atomically (mode 0600). For the CLI and
/// the TUI's menu; `progress` is told `(done, total)` as records are written.
pub fn export_to_file(
    store: &crate::store::Store,
    opts: &ExportOptions,
    path: &Path,
    progress: Progress<'_>,
) -> anyhow::Result<ExportSummary> {
    crate::store::refuse_database_target(store, path)?;
    let mut summary = None;
    atomic_write(path, |w| {
        summary = Some(write(store, opts, w, progress)?);
        Ok(())
    })
    .map_err(|e| anyhow::anyhow!("export to {} failed: {e:#}", path.display()))?;
    Ok(summary.unwrap_or_default())
}

fn write_err(e: io::Error) -> Error {
    Error::Invalid(format!("cannot write the export: {e}"))
}

/// What an export contained.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportSummary {
    pub clocks: u64,
    pub entries: u64,
    pub contacts: u64,
    pub amends: u64,
    pub checkins: u64,
    pub plan_items: u64,
    pub urges: u64,
}

/// Writes an export of the whole database (or of the journal, or of a range
/// of it) to `out`.
pub fn write(
    store: &Store,
    opts: &ExportOptions,
    out: &mut dyn Write,
    mut progress: Progress<'_>,
) -> Result<ExportSummary> {
    let (clocks, contacts, amends) = if opts.journal_only {
        (Vec::new(), Vec::new(), Vec::new())
    } else {
        (
            load_clocks(store)?,
            load_contacts(store)?,
            load_amends(store)?,
        )
    };
    let checkins = if opts.journal_only {
        Vec::new()
    } else {
        load_checkins(store)?
    };
    let (plan, urges) = if opts.journal_only {
        (crate::domain::plan::Plan::default(), Vec::new())
    } else {
        (store.plan()?, load_urges(store)?)
    };
    let worksheets = if opts.journal_only {
        Vec::new()
    } else {
        load_worksheets(store)?
    };
    let entries = count_entries(store, opts.since, opts.until)?;
    let total = entries
        + (clocks.len() + contacts.len() + amends.len() + checkins.len() + plan.len() + urges.len())
            as u64;
    let mut summary = ExportSummary {
        clocks: clocks.len() as u64,
        entries: 0,
        contacts: contacts.len() as u64,
        amends: amends.len() as u64,
        checkins: checkins.len() as u64,
        plan_items: plan.len() as u64,
        urges: urges.len() as u64,
    };
    let mut done = 0u64;
    tell(&mut progress, 0, total);
    let out = BufWriter::with_capacity(1 << 16, out);
    match opts.format {
        Format::Json => {
            let mut w = JsonWriter::begin(out, &opts.exported_at).map_err(write_err)?;
            if !opts.journal_only {
                w.section(Section::Clocks).map_err(write_err)?;
                for c in &clocks {
                    w.record(c).map_err(write_err)?;
                }
            }
            done += summary.clocks;
            w.section(Section::Journal).map_err(write_err)?;
            for_each_entry(store, opts.since, opts.until, |e| {
                w.record(&e).map_err(write_err)?;
                summary.entries += 1;
                done += 1;
                if done.is_multiple_of(PROGRESS_EVERY) {
                    tell(&mut progress, done, total);
                }
                Ok(())
            })?;
            if !opts.journal_only {
                w.section(Section::Contacts).map_err(write_err)?;
                for c in &contacts {
                    w.record(c).map_err(write_err)?;
                }
                w.section(Section::Amends).map_err(write_err)?;
                for a in &amends {
                    w.record(a).map_err(write_err)?;
                }
                w.section(Section::Checkins).map_err(write_err)?;
                for c in &checkins {
                    w.record(c).map_err(write_err)?;
                }
                w.object(Section::Plan, &plan).map_err(write_err)?;
                w.section(Section::Urges).map_err(write_err)?;
                for u in &urges {
                    w.record(u).map_err(write_err)?;
                }
                w.section(Section::Worksheets).map_err(write_err)?;
                for r in &worksheets {
                    w.record(r).map_err(write_err)?;
                }
            }
            w.finish().map_err(write_err)?;
        }
        Format::Markdown => {
            let mut w = MarkdownWriter::begin(out, opts).map_err(write_err)?;
            if !opts.journal_only {
                w.section(Section::Clocks).map_err(write_err)?;
                for c in &clocks {
                    w.clock(c).map_err(write_err)?;
                }
            }
            done += summary.clocks;
            w.section(Section::Journal).map_err(write_err)?;
            for_each_entry(store, opts.since, opts.until, |e| {
                w.entry(&e).map_err(write_err)?;
                summary.entries += 1;
                done += 1;
                if done.is_multiple_of(PROGRESS_EVERY) {
                    tell(&mut progress, done, total);
                }
                Ok(())
            })?;
            if !opts.journal_only {
                w.section(Section::Contacts).map_err(write_err)?;
                for c in &contacts {
                    w.contact(c).map_err(write_err)?;
                }
                w.section(Section::Amends).map_err(write_err)?;
                for a in &amends {
                    w.amend(a).map_err(write_err)?;
                }
                w.section(Section::Checkins).map_err(write_err)?;
                for c in &checkins {
                    w.checkin(c).map_err(write_err)?;
                }
                w.section(Section::Plan).map_err(write_err)?;
                w.plan(&plan).map_err(write_err)?;
                w.section(Section::Urges).map_err(write_err)?;
                for u in &urges {
                    w.urge(u).map_err(write_err)?;
                }
                w.section(Section::Worksheets).map_err(write_err)?;
                w.worksheets(&worksheets).map_err(write_err)?;
            }
            w.finish().map_err(write_err)?;
        }
    }
    tell(&mut progress, total, total);
    Ok(summary)
}
