//! Export (JSON, Markdown) and import (mend JSON, jrnl JSON).
//!
//! This module holds the document types, the writers and the importers'
//! parsing and validation; it never touches SQLite (that is
//! `store::portable`). An import file is parsed and checked completely before
//! anything is written, and the first problem is reported with its place:
//! `journal entry 3, field "day": 2025-02-30 is not a real date`.
//!
//! The mend JSON document (version 1):
//! `{"format": "mend", "version": 1, "exported_at", "clocks", "journal",
//! "contacts", "amends", "plan", "urges"}` with the record shapes of
//! DESIGN.md §4 and §8.1, minus ids (`plan` is one object of five lists;
//! an export without it still imports).
//! It is written one record per line, in a deterministic order, so that an
//! export imported into an empty database exports to the same document but
//! for `exported_at`.

use std::io::{self, Write};
use std::path::Path;

use chrono::{DateTime, Datelike, Local, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::domain::clock::{EARLIEST_SINCE, MAX_COST_CENTS};
use crate::domain::dates::{self, DayError};

/// The `format` value of a mend export.
pub const FORMAT: &str = "mend";
/// The export version this mend writes.
pub const VERSION: u64 = 1;
/// The oldest export version this mend reads.
pub const OLDEST_VERSION: u64 = 1;

/// The roles a contact may have.
pub const ROLES: &[&str] = &crate::domain::contacts::Role::NAMES;
/// The kinds of amends.
pub const KINDS: &[&str] = &crate::domain::amends::Kind::NAMES;
/// The statuses of an amend.
pub const STATUSES: &[&str] = &crate::domain::amends::Status::NAMES;

// ---------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------

/// A reset of a sobriety clock: `day` is the day of the slip (the new
/// streak's first sober day is the day after).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResetRecord {
    pub day: String,
    pub note: Option<String>,
}

/// A sobriety clock with its resets, oldest first. `since` is the stored
/// first sober day ever (not the current streak's start), so that the
/// export round-trips; the current streak is derived from the resets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClockRecord {
    pub label: String,
    pub since: String,
    #[serde(rename = "cost_per_day", serialize_with = "cents_as_money")]
    pub cost_per_day_cents: Option<i64>,
    pub resets: Vec<ResetRecord>,
}

impl ClockRecord {
    /// The domain clock this record describes (`None` when a day in it is
    /// not a real date), for the figures of a human document.
    pub fn to_clock(&self) -> Option<crate::domain::clock::Clock> {
        let mut resets = Vec::with_capacity(self.resets.len());
        for r in &self.resets {
            resets.push(crate::domain::clock::Reset {
                day: day_of(&r.day)?,
                note: r.note.clone(),
            });
        }
        resets.sort_by_key(|r| r.day);
        Some(crate::domain::clock::Clock {
            id: 0,
            label: self.label.clone(),
            since: day_of(&self.since)?,
            cost_per_day_cents: self.cost_per_day_cents,
            resets,
        })
    }
}

fn cents_as_money<S: serde::Serializer>(cents: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
    match cents {
        Some(c) => s.serialize_f64(*c as f64 / 100.0),
        None => s.serialize_none(),
    }
}

/// A journal entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntryRecord {
    pub day: String,
    pub created_at: String,
    pub updated_at: String,
    pub body: String,
    pub mood: Option<i64>,
    pub craving: Option<i64>,
    pub prompt: Option<String>,
    pub tags: Vec<String>,
}

/// One dated note in a contact's log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContactLogRecord {
    pub day: String,
    pub note: Option<String>,
}

/// A support contact with its log, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContactRecord {
    pub name: String,
    pub role: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub notes: Option<String>,
    pub emergency: bool,
    pub cadence_days: Option<i64>,
    pub log: Vec<ContactLogRecord>,
    /// Relationship checks, oldest first (left out when there are none, so
    /// older documents read the same).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<CheckRecord>,
}

/// A check of the relationship with a contact on the five values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckRecord {
    pub day: String,
    pub respect: i64,
    pub safety: i64,
    pub affection: i64,
    pub boundaries: i64,
    pub honesty: i64,
    pub signs: Vec<String>,
    pub note: Option<String>,
}

/// The amend a worksheet row became, named by its person and harm (as
/// imports find amends).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AmendRef {
    pub person: String,
    pub harm: String,
}

/// A step-work worksheet row: its kind, its fields (in the kind's order)
/// and the amend it became.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorksheetRecord {
    pub kind: String,
    pub fields: crate::domain::worksheet::Fields,
    pub amend: Option<AmendRef>,
}

/// One act that rebuilds trust, in an amend's timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AmendLogRecord {
    pub day: String,
    pub note: String,
    pub trust: Option<i64>,
}

/// An amend with its timeline, oldest first. `contact` is a contact's name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AmendRecord {
    pub person: String,
    pub contact: Option<String>,
    pub harm: String,
    pub kind: String,
    pub plan: Option<String>,
    pub status: String,
    pub made_on: Option<String>,
    pub notes: Option<String>,
    pub log: Vec<AmendLogRecord>,
}

/// A check-in (DESIGN.md §8.2): the shape of `mend checkin list --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckinRecord {
    pub day: String,
    pub kind: String,
    pub intention: Option<String>,
    pub difficulty: Option<i64>,
    pub gratitude: Vec<String>,
    pub answers: std::collections::BTreeMap<String, i64>,
    pub note: Option<String>,
}

impl CheckinRecord {
    /// A stored check-in in the export and `--json` shape.
    pub fn from_checkin(c: &crate::domain::checkin::Checkin) -> CheckinRecord {
        CheckinRecord {
            day: dates::format_day(c.day),
            kind: c.kind.as_str().to_string(),
            intention: c.intention.clone(),
            difficulty: c.difficulty.map(i64::from),
            gratitude: c.gratitude.clone(),
            answers: c
                .answers
                .iter()
                .map(|(k, v)| (k.clone(), i64::from(*v)))
                .collect(),
            note: c.note.clone(),
        }
    }
}

/// A logged urge (DESIGN.md §8.1), as `mend urge list --json` shows it
/// minus the id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UrgeRecord {
    pub at: String,
    pub intensity: i64,
    pub halt: Vec<String>,
    pub trigger: Option<String>,
    pub did: Option<String>,
    pub outcome: Option<String>,
    pub note: Option<String>,
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

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

/// Streams a mend JSON document, one record per line.
pub struct JsonWriter<W: Write> {
    out: W,
    first_in_section: bool,
    sections: usize,
    /// Whether a list section is open (an object section closes at once).
    open: bool,
}

/// A JSON formatter that never writes a raw C1 control (U+0080–U+009F) or
/// DEL: they are escaped as `\u009b` (serde_json already escapes C0 controls
/// such as ESC). A NUL, which mend refuses on import, is written as U+FFFD so
/// that an export of an older journal that held one still imports.
#[derive(Debug, Clone, Copy, Default)]
pub struct SafeFormatter;

/// Whether `c` is written escaped by [`SafeFormatter`] (and [`escape_c1`]).
fn needs_escape(c: char) -> bool {
    ('\u{7f}'..='\u{9f}').contains(&c)
}

impl serde_json::ser::Formatter for SafeFormatter {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some(i) = rest.find(needs_escape) {
            writer.write_all(&rest.as_bytes()[..i])?;
            let c = rest[i..].chars().next().expect("a char at i");
            write!(writer, "\\u{:04x}", c as u32)?;
            rest = &rest[i + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    fn write_char_escape<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        escape: serde_json::ser::CharEscape,
    ) -> io::Result<()> {
        use serde_json::ser::CharEscape;
        let s: &[u8] = match escape {
            CharEscape::Quote => b"\\\"",
            CharEscape::ReverseSolidus => b"\\\\",
            CharEscape::Solidus => b"\\/",
            CharEscape::Backspace => b"\\b",
            CharEscape::FormFeed => b"\\f",
            CharEscape::LineFeed => b"\\n",
            CharEscape::CarriageReturn => b"\\r",
            CharEscape::Tab => b"\\t",
            CharEscape::AsciiControl(0) => b"\\ufffd",
            CharEscape::AsciiControl(b) => return write!(writer, "\\u{:04x}", b),
        };
        writer.write_all(s)
    }
}

/// Writes `value` as compact JSON through [`SafeFormatter`].
pub fn write_json<W: Write, T: Serialize + ?Sized>(out: W, value: &T) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(out, SafeFormatter);
    value.serialize(&mut ser).map_err(io::Error::other)
}

/// Escapes raw C1 controls and DEL in text as `\u009b`: inside a JSON
/// document they can only be in strings, where the escape means the same
/// character; in plain text it is a harmless visible word. Returns the text
/// unchanged (not copied) when there is nothing to escape.
pub fn escape_c1(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(needs_escape) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if needs_escape(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

impl<W: Write> JsonWriter<W> {
    pub fn begin(mut out: W, exported_at: &str) -> io::Result<JsonWriter<W>> {
        write!(
            out,
            "{{\"format\":\"{FORMAT}\",\"version\":{VERSION},\"exported_at\":"
        )?;
        write_json(&mut out, exported_at)?;
        Ok(JsonWriter {
            out,
            first_in_section: true,
            sections: 0,
            open: false,
        })
    }

    pub fn section(&mut self, section: Section) -> io::Result<()> {
        if self.open {
            self.close_section()?;
        }
        self.sections += 1;
        self.open = true;
        self.first_in_section = true;
        write!(self.out, ",\n\"{}\":[", section.key())
    }

    /// A section that is one object (the plan), written whole.
    pub fn object<T: Serialize>(&mut self, section: Section, value: &T) -> io::Result<()> {
        if self.open {
            self.close_section()?;
        }
        self.sections += 1;
        write!(self.out, ",\n\"{}\":", section.key())?;
        serde_json::to_writer(&mut self.out, value)?;
        Ok(())
    }

    fn close_section(&mut self) -> io::Result<()> {
        self.open = false;
        if self.first_in_section {
            self.out.write_all(b"]")
        } else {
            self.out.write_all(b"\n]")
        }
    }

    pub fn record<T: Serialize>(&mut self, record: &T) -> io::Result<()> {
        if self.first_in_section {
            self.out.write_all(b"\n")?;
        } else {
            self.out.write_all(b",\n")?;
        }
        self.first_in_section = false;
        write_json(&mut self.out, record)?;
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<W> {
        if self.open {
            self.close_section()?;
        }
        self.out.write_all(b"}\n")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Streams a Markdown document meant to be read or printed.
pub struct MarkdownWriter<W: Write> {
    out: W,
    today: NaiveDate,
    month: Option<(i32, u32)>,
    empty_section: bool,
    kinds: crate::domain::worksheet::Kinds,
}

/// Text for a human document: control characters (escape sequences) are
/// dropped, so printing the export to a terminal is safe.
pub fn plain(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

/// One line of text (newlines become spaces).
fn one_line(text: &str) -> String {
    plain(text).replace(['\n', '\t'], " ").trim().to_string()
}

/// Text for one Markdown table cell: no control characters, `|` escaped,
/// line breaks as `<br>`.
fn cell(text: &str) -> String {
    plain(text)
        .trim()
        .replace('|', "\\|")
        .replace("\r\n", "\n")
        .replace(['\n', '\r'], "<br>")
        .replace('\t', " ")
}

fn month_name(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES[(month.clamp(1, 12) - 1) as usize]
}

fn plural(n: i64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

fn day_of(s: &str) -> Option<NaiveDate> {
    dates::parse_iso_day(s).ok()
}

impl<W: Write> MarkdownWriter<W> {
    pub fn begin(mut out: W, opts: &ExportOptions) -> io::Result<MarkdownWriter<W>> {
        writeln!(out, "# My recovery record")?;
        writeln!(out)?;
        write!(
            out,
            "Exported from mend on {}",
            dates::format_day(opts.today)
        )?;
        match (opts.since, opts.until) {
            (Some(a), Some(b)) => write!(
                out,
                "; journal from {} to {}",
                dates::format_day(a),
                dates::format_day(b)
            )?,
            (Some(a), None) => write!(out, "; journal from {}", dates::format_day(a))?,
            (None, Some(b)) => write!(out, "; journal up to {}", dates::format_day(b))?,
            (None, None) => {}
        }
        writeln!(out, ".")?;
        Ok(MarkdownWriter {
            out,
            today: opts.today,
            month: None,
            empty_section: false,
            kinds: crate::domain::worksheet::Kinds::with(&opts.worksheet_kinds),
        })
    }

    pub fn section(&mut self, section: Section) -> io::Result<()> {
        self.end_section()?;
        writeln!(self.out)?;
        writeln!(self.out, "# {}", section.title())?;
        self.empty_section = true;
        self.month = None;
        Ok(())
    }

    fn end_section(&mut self) -> io::Result<()> {
        if self.empty_section {
            writeln!(self.out)?;
            writeln!(self.out, "_Nothing here yet._")?;
            self.empty_section = false;
        }
        Ok(())
    }

    pub fn clock(&mut self, c: &ClockRecord) -> io::Result<()> {
        self.empty_section = false;
        writeln!(self.out)?;
        writeln!(self.out, "## {}", one_line(&c.label))?;
        writeln!(self.out)?;
        let Some(clock) = c.to_clock() else {
            // Only a record that was never checked gets here.
            writeln!(self.out, "- First sober day: {}", one_line(&c.since))?;
            return Ok(());
        };
        // Every figure comes from the domain, as on the Today screen.
        let f = clock.figures(self.today);
        writeln!(
            self.out,
            "- Current streak: since {} ({} so far)",
            dates::format_day(f.since),
            plural(f.days, "day", "days")
        )?;
        if let Some(cents) = c.cost_per_day_cents {
            writeln!(
                self.out,
                "- Cost per day: {}.{:02}",
                cents / 100,
                cents % 100
            )?;
        }
        if !c.resets.is_empty() {
            writeln!(
                self.out,
                "- First sober day: {}",
                dates::format_day(f.first_day)
            )?;
            writeln!(
                self.out,
                "- Longest streak: {}",
                plural(f.longest_days, "day", "days")
            )?;
            writeln!(
                self.out,
                "- All sober days: {}",
                plural(f.total_days, "day", "days")
            )?;
            writeln!(self.out)?;
            writeln!(
                self.out,
                "Streak history (every day before a new start still counts):"
            )?;
            writeln!(self.out)?;
            for s in &f.streaks {
                let note = s
                    .note
                    .as_deref()
                    .map(one_line)
                    .filter(|n| !n.is_empty())
                    .map(|n| format!(" — {n}"))
                    .unwrap_or_default();
                let slip = s
                    .end
                    .map(|d| format!(", then a slip on {}", dates::format_day(d)))
                    .unwrap_or_default();
                writeln!(
                    self.out,
                    "- {}: {}{slip}{note}",
                    s.span(),
                    plural(s.days, "day", "days")
                )?;
            }
        }
        Ok(())
    }

    pub fn entry(&mut self, e: &EntryRecord) -> io::Result<()> {
        self.empty_section = false;
        let day = day_of(&e.day);
        let month = day.map(|d| (d.year(), d.month()));
        if month != self.month {
            self.month = month;
            writeln!(self.out)?;
            match day {
                Some(d) => writeln!(self.out, "## {} {}", month_name(d.month()), d.year())?,
                None => writeln!(self.out, "## Undated")?,
            }
        }
        writeln!(self.out)?;
        let weekday = day
            .map(|d| d.format(" (%A)").to_string())
            .unwrap_or_default();
        writeln!(self.out, "### {}{weekday}", e.day)?;
        writeln!(self.out)?;
        let mut facts = Vec::new();
        if let Some(m) = e.mood {
            facts.push(format!("Mood {m}/5"));
        }
        if let Some(c) = e.craving {
            facts.push(format!("Craving {c}/10"));
        }
        if !e.tags.is_empty() {
            let tags: Vec<String> = e.tags.iter().map(|t| format!("#{}", one_line(t))).collect();
            facts.push(format!("Tags: {}", tags.join(" ")));
        }
        if !facts.is_empty() {
            writeln!(self.out, "{}", facts.join(" · "))?;
            writeln!(self.out)?;
        }
        if let Some(p) = e.prompt.as_deref().map(one_line).filter(|p| !p.is_empty()) {
            writeln!(self.out, "_{p}_")?;
            writeln!(self.out)?;
        }
        let body = plain(&e.body);
        let body = body.trim_end();
        if body.is_empty() {
            writeln!(self.out, "> (no text)")?;
        } else {
            for line in body.lines() {
                if line.is_empty() {
                    writeln!(self.out, ">")?;
                } else {
                    writeln!(self.out, "> {line}")?;
                }
            }
        }
        Ok(())
    }

    pub fn contact(&mut self, c: &ContactRecord) -> io::Result<()> {
        self.empty_section = false;
        writeln!(self.out)?;
        let mark = if c.emergency {
            " (emergency contact)"
        } else {
            ""
        };
        writeln!(self.out, "## {} — {}{mark}", one_line(&c.name), c.role)?;
        writeln!(self.out)?;
        for (label, value) in [("Phone", &c.phone), ("Email", &c.email)] {
            if let Some(v) = value.as_deref().map(one_line).filter(|v| !v.is_empty()) {
                writeln!(self.out, "- {label}: {v}")?;
            }
        }
        if let Some(n) = c.cadence_days {
            writeln!(self.out, "- Reach out every {}", plural(n, "day", "days"))?;
        }
        if let Some(n) = c.notes.as_deref().map(one_line).filter(|v| !v.is_empty()) {
            writeln!(self.out, "- Notes: {n}")?;
        }
        if !c.log.is_empty() {
            writeln!(self.out)?;
            writeln!(self.out, "Log:")?;
            writeln!(self.out)?;
            for l in &c.log {
                let note = l.note.as_deref().map(one_line).unwrap_or_default();
                if note.is_empty() {
                    writeln!(self.out, "- {}", l.day)?;
                } else {
                    writeln!(self.out, "- {}: {note}", l.day)?;
                }
            }
        }
        self.checks(&c.checks)
    }

    /// A contact's relationship checks as a table, oldest first.
    fn checks(&mut self, checks: &[CheckRecord]) -> io::Result<()> {
        if checks.is_empty() {
            return Ok(());
        }
        writeln!(self.out)?;
        writeln!(
            self.out,
            "How the relationship has felt (my observations, 1 to 5):"
        )?;
        writeln!(self.out)?;
        writeln!(
            self.out,
            "| Day | Respect | Safety | Affection | Boundaries | Honesty | Signs I noticed | Note |"
        )?;
        writeln!(self.out, "|---|---|---|---|---|---|---|---|")?;
        for c in checks {
            let signs: Vec<String> = c.signs.iter().map(|s| s.replace('_', " ")).collect();
            writeln!(
                self.out,
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                c.day,
                c.respect,
                c.safety,
                c.affection,
                c.boundaries,
                c.honesty,
                signs.join(", "),
                cell(c.note.as_deref().unwrap_or(""))
            )?;
        }
        Ok(())
    }

    /// Every worksheet row, one table per kind (in the kinds' order), a
    /// column per field, for a sponsor to read or print.
    pub fn worksheets(&mut self, rows: &[WorksheetRecord]) -> io::Result<()> {
        let mut order: Vec<String> = self.kinds.names().iter().map(|k| k.to_string()).collect();
        for r in rows {
            if !order.contains(&r.kind) {
                order.push(r.kind.clone());
            }
        }
        for kind in order {
            let of_kind: Vec<&WorksheetRecord> = rows.iter().filter(|r| r.kind == kind).collect();
            if of_kind.is_empty() {
                continue;
            }
            self.empty_section = false;
            let def = self.kinds.get(&kind).cloned();
            // Columns: the kind's fields, then any field a row has that the
            // kind does not (a kind changed since).
            let mut columns: Vec<(String, String)> = def
                .as_ref()
                .map(|d| {
                    d.fields
                        .iter()
                        .map(|f| (f.name.clone(), f.label.clone()))
                        .collect()
                })
                .unwrap_or_default();
            for r in &of_kind {
                for (name, _) in r.fields.iter() {
                    if !columns.iter().any(|(n, _)| n == name) {
                        columns.push((name.clone(), name.replace('_', " ")));
                    }
                }
            }
            let linked = of_kind.iter().any(|r| r.amend.is_some());
            writeln!(self.out)?;
            match &def {
                Some(d) => writeln!(self.out, "## {}", one_line(&d.title))?,
                None => writeln!(self.out, "## {}", kind.replace('_', " "))?,
            }
            if let Some(about) = def
                .as_ref()
                .map(|d| one_line(&d.about))
                .filter(|a| !a.is_empty())
            {
                writeln!(self.out)?;
                writeln!(self.out, "_{about}_")?;
            }
            writeln!(self.out)?;
            let mut head = String::from("| # |");
            let mut rule = String::from("|---|");
            for (_, label) in &columns {
                head.push_str(&format!(" {} |", cell(label)));
                rule.push_str("---|");
            }
            if linked {
                head.push_str(" On the amends list |");
                rule.push_str("---|");
            }
            writeln!(self.out, "{head}")?;
            writeln!(self.out, "{rule}")?;
            for (i, r) in of_kind.iter().enumerate() {
                let mut line = format!("| {} |", i + 1);
                for (name, _) in &columns {
                    line.push_str(&format!(" {} |", cell(r.fields.get(name).unwrap_or(""))));
                }
                if linked {
                    line.push_str(if r.amend.is_some() { " yes |" } else { "  |" });
                }
                writeln!(self.out, "{line}")?;
            }
        }
        Ok(())
    }

    pub fn amend(&mut self, a: &AmendRecord) -> io::Result<()> {
        self.empty_section = false;
        writeln!(self.out)?;
        writeln!(self.out, "## {}", one_line(&a.person))?;
        writeln!(self.out)?;
        let status = match a.status.as_str() {
            "not_advisable" => "not advisable (would injure them or others)".to_string(),
            "deferred" => "deferred (respecting their boundaries, for now)".to_string(),
            s => s.to_string(),
        };
        writeln!(self.out, "- Kind: {} amends", a.kind)?;
        match &a.made_on {
            Some(d) => writeln!(self.out, "- Status: {status} (made on {d})")?,
            None => writeln!(self.out, "- Status: {status}")?,
        }
        if let Some(c) = a.contact.as_deref().map(one_line) {
            writeln!(self.out, "- Contact: {c}")?;
        }
        let harm = one_line(&a.harm);
        if !harm.is_empty() {
            writeln!(self.out, "- Harm: {harm}")?;
        }
        for (label, value) in [("Plan", &a.plan), ("Notes", &a.notes)] {
            if let Some(v) = value.as_deref().map(one_line).filter(|v| !v.is_empty()) {
                writeln!(self.out, "- {label}: {v}")?;
            }
        }
        if !a.log.is_empty() {
            writeln!(self.out)?;
            writeln!(self.out, "Timeline:")?;
            writeln!(self.out)?;
            for l in &a.log {
                let trust = l
                    .trust
                    .map(|t| format!(" (trust {t}/5)"))
                    .unwrap_or_default();
                writeln!(self.out, "- {}: {}{trust}", l.day, one_line(&l.note))?;
            }
        }
        Ok(())
    }

    /// One check-in, as a short list item.
    pub fn checkin(&mut self, c: &CheckinRecord) -> io::Result<()> {
        if self.empty_section {
            writeln!(self.out)?;
        }
        self.empty_section = false;
        let mut parts: Vec<String> = Vec::new();
        if let Some(i) = c.intention.as_deref().map(one_line) {
            parts.push(format!("intention: {i}"));
        }
        if let Some(d) = c.difficulty {
            let word = crate::domain::checkin::difficulty_word(d.clamp(1, 5) as u8);
            parts.push(format!("the day was {word} ({d}/5)"));
        }
        if !c.gratitude.is_empty() {
            let g: Vec<String> = c.gratitude.iter().map(|g| one_line(g)).collect();
            parts.push(format!("grateful for: {}", g.join("; ")));
        }
        if !c.answers.is_empty() {
            let a: Vec<String> = c.answers.iter().map(|(k, v)| format!("{k} {v}")).collect();
            parts.push(format!("answers (0–4): {}", a.join(", ")));
        }
        if let Some(n) = c.note.as_deref().map(one_line).filter(|n| !n.is_empty()) {
            parts.push(format!("note: {n}"));
        }
        let when = if c.kind == "weekly" {
            day_of(&c.day)
                .map(|d| crate::domain::checkin::week_label(chrono::Datelike::iso_week(&d)))
                .map(|w| format!("{} (week {w})", c.day))
                .unwrap_or_else(|| c.day.clone())
        } else {
            c.day.clone()
        };
        if parts.is_empty() {
            writeln!(self.out, "- {when}, {}", c.kind)
        } else {
            writeln!(self.out, "- {when}, {}: {}", c.kind, parts.join(" · "))
        }
    }

    /// The plan, section by section, numbered as `mend plan edit` counts.
    pub fn plan(&mut self, plan: &crate::domain::plan::Plan) -> io::Result<()> {
        use crate::domain::plan::Section as S;
        for s in S::ALL {
            let lines = plan.section(s);
            if lines.is_empty() {
                continue;
            }
            self.empty_section = false;
            writeln!(self.out)?;
            writeln!(self.out, "## {}", s.heading())?;
            writeln!(self.out)?;
            for (i, l) in lines.iter().enumerate() {
                writeln!(self.out, "{}. {}", i + 1, one_line(l))?;
            }
        }
        Ok(())
    }

    /// One urge as a list item: when, how strong, HALT, trigger, what I
    /// did, how it ended.
    pub fn urge(&mut self, u: &UrgeRecord) -> io::Result<()> {
        if self.empty_section {
            writeln!(self.out)?;
        }
        self.empty_section = false;
        let when = DateTime::parse_from_rfc3339(&u.at)
            .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_else(|_| one_line(&u.at));
        let mut parts = vec![format!("- {when}: intensity {}/10", u.intensity)];
        if !u.halt.is_empty() {
            parts.push(format!("HALT: {}", u.halt.join(", ")));
        }
        if let Some(t) = &u.trigger {
            parts.push(format!("trigger: {}", one_line(t)));
        }
        if let Some(d) = &u.did {
            parts.push(format!("did: {}", one_line(d)));
        }
        if let Some(o) = &u.outcome {
            parts.push(o.replace('_', " "));
        }
        if let Some(n) = &u.note {
            parts.push(format!("note: {}", one_line(n)));
        }
        writeln!(self.out, "{}", parts.join("; "))
    }

    pub fn finish(mut self) -> io::Result<W> {
        self.end_section()?;
        self.out.flush()?;
        Ok(self.out)
    }
}

pub use crate::fsutil::{atomic_write, parent_dir, sync_dir};

/// Exports to a file, replacing it atomically (mode 0600). For the CLI and
/// the TUI's menu; `progress` is told `(done, total)` as records are written.
pub fn export_to_file(
    store: &crate::store::Store,
    opts: &ExportOptions,
    path: &Path,
    progress: crate::store::portable::Progress<'_>,
) -> anyhow::Result<crate::store::portable::ExportSummary> {
    crate::store::refuse_database_target(store, path)?;
    let mut summary = None;
    atomic_write(path, |w| {
        summary = Some(crate::store::portable::export(store, opts, w, progress)?);
        Ok(())
    })
    .map_err(|e| anyhow::anyhow!("export to {} failed: {e:#}", path.display()))?;
    Ok(summary.unwrap_or_default())
}

/// Reads, checks and imports a file: all of it, or nothing. The error is one
/// line: `import refused: <place>: <problem>; nothing was imported`.
pub fn import_file(
    store: &mut crate::store::Store,
    path: &Path,
    dry_run: bool,
    progress: crate::store::portable::Progress<'_>,
) -> anyhow::Result<crate::store::portable::ImportReport> {
    let plan = read_import(path)?;
    apply_import(store, &plan, dry_run, progress)
}

/// The largest file `mend import` reads (2 GiB): far above any journal.
pub const MAX_IMPORT_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Reads and checks the export file at `path`, touching no database: a file
/// that cannot be read or is refused never creates or opens one.
pub fn read_import(path: &Path) -> anyhow::Result<ImportPlan> {
    if path.is_dir() {
        anyhow::bail!("{} is a folder, not an export file", path.display());
    }
    // By size, before reading a byte: a device or a huge file would
    // otherwise fill the memory.
    let meta = std::fs::metadata(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    if !meta.is_file() {
        anyhow::bail!(
            "{} is not a regular file, not an export file",
            path.display()
        );
    }
    if meta.len() > MAX_IMPORT_BYTES {
        anyhow::bail!(
            "{} is too big to import ({} MiB; at most {} MiB)",
            path.display(),
            meta.len() / (1024 * 1024),
            MAX_IMPORT_BYTES / (1024 * 1024)
        );
    }
    let bytes =
        std::fs::read(path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    let plan = parse_import(&bytes)?;
    // A day of slack: the file may come from a machine whose day is ahead.
    let latest = Local::now().date_naive() + chrono::Duration::days(1);
    plan.check_days(latest)?;
    Ok(plan)
}

/// Writes a checked import plan: all of it, or nothing.
pub fn apply_import(
    store: &mut crate::store::Store,
    plan: &ImportPlan,
    dry_run: bool,
    progress: crate::store::portable::Progress<'_>,
) -> anyhow::Result<crate::store::portable::ImportReport> {
    crate::store::portable::import(store, plan, dry_run, progress).map_err(|e| match e {
        crate::store::Error::Invalid(msg) => anyhow::Error::new(Refusal(msg)),
        other => anyhow::anyhow!("import failed, nothing was imported: {other}"),
    })
}

// ---------------------------------------------------------------------------
// Import: parsing and validation
// ---------------------------------------------------------------------------

/// Where the records of an import came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A mend export of this version.
    Mend(u64),
    /// jrnl's `jrnl --export json`.
    Jrnl,
}

impl Source {
    pub fn describe(self) -> String {
        match self {
            Source::Mend(v) => format!("mend export (version {v})"),
            Source::Jrnl => "jrnl export".to_string(),
        }
    }
}

/// Everything in an import file, checked and ready to write.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPlan {
    pub source: Source,
    pub clocks: Vec<ClockRecord>,
    pub journal: Vec<EntryRecord>,
    pub contacts: Vec<ContactRecord>,
    pub amends: Vec<AmendRecord>,
    /// Optional in the file: older exports have none.
    pub checkins: Vec<CheckinRecord>,
    /// The relapse-prevention plan (absent in older exports).
    pub plan: crate::domain::plan::Plan,
    pub urges: Vec<UrgeRecord>,
    /// Optional in the file: older exports have none.
    pub worksheets: Vec<WorksheetRecord>,
}

impl ImportPlan {
    /// Refuses a journal entry dated after `latest`: an entry is about today
    /// or an earlier day. The place is given as in the file.
    pub fn check_days(&self, latest: NaiveDate) -> Result<(), Refusal> {
        let (what, field) = match self.source {
            Source::Jrnl => ("jrnl entry", "date"),
            Source::Mend(_) => ("journal entry", "day"),
        };
        for (i, e) in self.journal.iter().enumerate() {
            if day_of(&e.day).is_some_and(|d| d > latest) {
                return Err(refuse(format!(
                    "{what} {}, field \"{field}\": {} is in the future",
                    i + 1,
                    e.day
                )));
            }
        }
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.checkins.is_empty()
            && self.clocks.is_empty()
            && self.journal.is_empty()
            && self.contacts.is_empty()
            && self.amends.is_empty()
            && self.plan.is_empty()
            && self.urges.is_empty()
            && self.worksheets.is_empty()
    }
}

/// Why an import file was refused: the first problem, with its place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("import refused: {0}; nothing was imported")]
pub struct Refusal(pub String);

fn refuse(msg: impl Into<String>) -> Refusal {
    Refusal(msg.into())
}

/// Parses and checks an import file completely. Nothing is written.
pub fn parse_import(bytes: &[u8]) -> Result<ImportPlan, Refusal> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(refuse("the file is empty"));
    }
    if bytes.contains(&0) {
        return Err(refuse(
            "the file is binary, not a JSON export (it contains NUL bytes)",
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        refuse(format!(
            "the file is not UTF-8 text (bad byte at offset {}); it may be binary",
            e.valid_up_to()
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = serde_json::from_str(text).map_err(|e| {
        use serde_json::error::Category;
        match e.classify() {
            Category::Eof => refuse(format!(
                "the file ends too early, at line {} column {} (is it truncated?)",
                e.line(),
                e.column()
            )),
            _ => {
                let msg = e.to_string();
                let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
                refuse(format!(
                    "the file is not valid JSON: {msg} at line {} column {}",
                    e.line(),
                    e.column()
                ))
            }
        }
    })?;
    let Value::Object(top) = value else {
        return Err(refuse(format!(
            "the file is {}, not a mend or jrnl export (expected a JSON object)",
            type_name(&value)
        )));
    };
    let plan = if let Some(format) = top.get("format") {
        if format.as_str() != Some(FORMAT) {
            return Err(refuse(match format.as_str() {
                Some(f) => format!("unknown export format \"{}\"", short(f)),
                None => format!(
                    "field \"format\": expected a string, found {}",
                    type_name(format)
                ),
            }));
        }
        let version = match top.get("version") {
            None | Some(Value::Null) => return Err(refuse("field \"version\" is missing")),
            Some(v) => match v.as_u64() {
                Some(n) => n,
                None => return Err(refuse(format!("unknown export version {v}"))),
            },
        };
        if !(OLDEST_VERSION..=VERSION).contains(&version) {
            return Err(refuse(format!(
                "unknown export version {version} (this mend reads versions {OLDEST_VERSION} to {VERSION}; a newer mend wrote it)"
            )));
        }
        let mut plan = parse_mend(&top, version)?;
        if !plan.worksheets.is_empty() {
            keep_field_order(text, &mut plan.worksheets);
        }
        plan
    } else if top.contains_key("entries") && top.contains_key("tags") {
        parse_jrnl(&top)?
    } else {
        return Err(refuse(
            "this is not a mend export (no \"format\": \"mend\") nor a jrnl JSON export (no \"entries\" and \"tags\")",
        ));
    };
    if plan.is_empty() {
        return Err(refuse("the file has nothing to import"));
    }
    Ok(plan)
}

fn short(s: &str) -> String {
    let mut out: String = one_line(s).chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// One JSON object being read, with its place for error messages.
struct Obj<'a> {
    map: &'a Map<String, Value>,
    place: String,
}

impl<'a> Obj<'a> {
    fn new(value: &'a Value, place: String) -> Result<Obj<'a>, Refusal> {
        match value {
            Value::Object(map) => Ok(Obj { map, place }),
            other => Err(refuse(format!(
                "{place}: expected an object, found {}",
                type_name(other)
            ))),
        }
    }

    fn err(&self, field: &str, msg: impl std::fmt::Display) -> Refusal {
        refuse(format!("{}, field \"{field}\": {msg}", self.place))
    }

    /// The field's value, `None` when missing or null.
    fn get(&self, field: &str) -> Option<&'a Value> {
        self.map.get(field).filter(|v| !v.is_null())
    }

    fn str_opt(&self, field: &str) -> Result<Option<String>, Refusal> {
        match self.get(field) {
            None => Ok(None),
            Some(Value::String(s)) => {
                if s.contains('\0') {
                    Err(self.err(field, "contains a NUL character"))
                } else {
                    Ok(Some(s.clone()))
                }
            }
            Some(other) => {
                Err(self.err(field, format!("expected text, found {}", type_name(other))))
            }
        }
    }

    fn str_req(&self, field: &str) -> Result<String, Refusal> {
        self.str_opt(field)?
            .ok_or_else(|| self.err(field, "is missing"))
    }

    fn name_req(&self, field: &str) -> Result<String, Refusal> {
        let s = self.str_req(field)?;
        if s.trim().is_empty() {
            return Err(self.err(field, "is empty"));
        }
        Ok(s)
    }

    fn int_opt(&self, field: &str, lo: i64, hi: i64) -> Result<Option<i64>, Refusal> {
        let expected = || format!("expected a whole number from {lo} to {hi}");
        match self.get(field) {
            None => Ok(None),
            Some(Value::Number(n)) => match n.as_i64() {
                Some(i) if (lo..=hi).contains(&i) => Ok(Some(i)),
                _ => Err(self.err(field, format!("{n} is out of range ({})", expected()))),
            },
            Some(other) => {
                Err(self.err(field, format!("{}, found {}", expected(), type_name(other))))
            }
        }
    }

    fn bool_opt(&self, field: &str) -> Result<bool, Refusal> {
        match self.get(field) {
            None => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(other) => Err(self.err(
                field,
                format!("expected true or false, found {}", type_name(other)),
            )),
        }
    }

    fn day_opt(&self, field: &str) -> Result<Option<String>, Refusal> {
        match self.str_opt(field)? {
            None => Ok(None),
            Some(s) => match dates::parse_iso_day(&s) {
                Ok(d) => Ok(Some(dates::format_day(d))),
                Err(DayError::Impossible(_)) => {
                    Err(self.err(field, format!("{} is not a real date", short(&s))))
                }
                Err(DayError::Unreadable(_)) => Err(self.err(
                    field,
                    format!("\"{}\" is not a day in YYYY-MM-DD form", short(&s)),
                )),
            },
        }
    }

    fn day_req(&self, field: &str) -> Result<String, Refusal> {
        self.day_opt(field)?
            .ok_or_else(|| self.err(field, "is missing"))
    }

    fn stamp_opt(&self, field: &str) -> Result<Option<String>, Refusal> {
        match self.str_opt(field)? {
            None => Ok(None),
            Some(s) => match DateTime::parse_from_rfc3339(&s) {
                Ok(_) => Ok(Some(s)),
                Err(_) => Err(self.err(
                    field,
                    format!(
                        "\"{}\" is not a time like 2026-03-15T09:30:00+01:00",
                        short(&s)
                    ),
                )),
            },
        }
    }

    fn one_of(
        &self,
        field: &str,
        allowed: &[&str],
        default: Option<&str>,
    ) -> Result<String, Refusal> {
        match self.str_opt(field)? {
            None => match default {
                Some(d) => Ok(d.to_string()),
                None => Err(self.err(field, "is missing")),
            },
            Some(s) if allowed.contains(&s.as_str()) => Ok(s),
            Some(s) => Err(self.err(
                field,
                format!(
                    "unknown {field} \"{}\" (use one of: {})",
                    short(&s),
                    allowed.join(", ")
                ),
            )),
        }
    }

    fn list(&self, field: &str) -> Result<&'a [Value], Refusal> {
        match self.get(field) {
            None => Ok(&[]),
            Some(Value::Array(items)) => Ok(items),
            Some(other) => Err(self.err(
                field,
                format!("expected a list, found {}", type_name(other)),
            )),
        }
    }

    /// jrnl's tags: a tag is a word after the tag mark, so a tag holding
    /// spaces (`"@work life"`) is the tags its words make (`work`, `life`),
    /// each without its `@`.
    fn jrnl_tags(&self, field: &str) -> Result<Vec<String>, Refusal> {
        let mut words = Vec::new();
        for (i, t) in self.list(field)?.iter().enumerate() {
            let Value::String(s) = t else {
                return Err(self.err(
                    field,
                    format!("tag {}: expected text, found {}", i + 1, type_name(t)),
                ));
            };
            if s.contains('\0') {
                return Err(self.err(field, format!("tag {} contains a NUL character", i + 1)));
            }
            words.extend(
                s.split_whitespace()
                    .map(|w| w.trim_start_matches('@'))
                    .filter(|w| !w.is_empty())
                    .map(|w| Value::String(w.to_string())),
            );
        }
        let split = Obj {
            map: &Map::from_iter([(field.to_string(), Value::Array(words))]),
            place: self.place.clone(),
        }
        .tags(field, false)?;
        Ok(split)
    }

    fn tags(&self, field: &str, strip_at: bool) -> Result<Vec<String>, Refusal> {
        let mut tags: Vec<String> = Vec::new();
        for (i, t) in self.list(field)?.iter().enumerate() {
            let Value::String(s) = t else {
                return Err(self.err(
                    field,
                    format!("tag {}: expected text, found {}", i + 1, type_name(t)),
                ));
            };
            let s = if strip_at {
                s.trim_start_matches('@')
            } else {
                s.as_str()
            };
            let s = s.trim();
            if s.is_empty() || s.chars().any(char::is_control) {
                return Err(self.err(field, format!("tag {} is empty or not one line", i + 1)));
            }
            // Tag names are unique ignoring ASCII case, as in the database.
            if !tags.iter().any(|t| t.eq_ignore_ascii_case(s)) {
                tags.push(s.to_string());
            }
        }
        Ok(tags)
    }
}

fn top_list<'a>(top: &'a Map<String, Value>, field: &str) -> Result<&'a [Value], Refusal> {
    match top.get(field) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(other) => Err(refuse(format!(
            "field \"{field}\": expected a list, found {}",
            type_name(other)
        ))),
    }
}

fn parse_mend(top: &Map<String, Value>, version: u64) -> Result<ImportPlan, Refusal> {
    let mut plan = ImportPlan {
        source: Source::Mend(version),
        clocks: Vec::new(),
        journal: Vec::new(),
        contacts: Vec::new(),
        amends: Vec::new(),
        checkins: parse_checkins(top)?,
        plan: Default::default(),
        urges: Vec::new(),
        worksheets: Vec::new(),
    };
    for (i, v) in top_list(top, "clocks")?.iter().enumerate() {
        let o = Obj::new(v, format!("clock {}", i + 1))?;
        let cost = match o.get("cost_per_day") {
            None => None,
            Some(Value::Number(n)) => match n.as_f64() {
                Some(x) if x.is_finite() && (0.0..=MAX_COST_CENTS as f64 / 100.0).contains(&x) => {
                    Some((x * 100.0).round() as i64)
                }
                _ => {
                    return Err(o.err(
                        "cost_per_day",
                        format!(
                            "{n} is not an amount of money from 0 to {}",
                            MAX_COST_CENTS / 100
                        ),
                    ));
                }
            },
            Some(other) => {
                return Err(o.err(
                    "cost_per_day",
                    format!("expected a number like 12.5, found {}", type_name(other)),
                ));
            }
        };
        let mut resets = Vec::new();
        for (j, r) in o.list("resets")?.iter().enumerate() {
            let r = Obj::new(r, format!("clock {}, reset {}", i + 1, j + 1))?;
            resets.push(ResetRecord {
                day: r.day_req("day")?,
                note: r.str_opt("note")?,
            });
        }
        let since = o.day_req("since")?;
        if day_of(&since).is_some_and(|d| d < EARLIEST_SINCE) {
            return Err(o.err(
                "since",
                format!("{since} is before {EARLIEST_SINCE}; check the year"),
            ));
        }
        plan.clocks.push(ClockRecord {
            label: o.name_req("label")?,
            since,
            cost_per_day_cents: cost,
            resets,
        });
    }
    for (i, v) in top_list(top, "journal")?.iter().enumerate() {
        let o = Obj::new(v, format!("journal entry {}", i + 1))?;
        let day = o.day_req("day")?;
        let created_at = o
            .stamp_opt("created_at")?
            .unwrap_or_else(|| format!("{day}T00:00:00+00:00"));
        let updated_at = o
            .stamp_opt("updated_at")?
            .unwrap_or_else(|| created_at.clone());
        plan.journal.push(EntryRecord {
            body: o.str_req("body")?,
            mood: o.int_opt("mood", 1, 5)?,
            craving: o.int_opt("craving", 0, 10)?,
            prompt: o.str_opt("prompt")?,
            tags: o.tags("tags", false)?,
            day,
            created_at,
            updated_at,
        });
    }
    for (i, v) in top_list(top, "contacts")?.iter().enumerate() {
        let o = Obj::new(v, format!("contact {}", i + 1))?;
        let mut log = Vec::new();
        for (j, l) in o.list("log")?.iter().enumerate() {
            let l = Obj::new(l, format!("contact {}, log {}", i + 1, j + 1))?;
            log.push(ContactLogRecord {
                day: l.day_req("day")?,
                note: l.str_opt("note")?,
            });
        }
        plan.contacts.push(ContactRecord {
            name: o.name_req("name")?,
            role: o.one_of("role", ROLES, None)?,
            phone: o.str_opt("phone")?,
            email: o.str_opt("email")?,
            notes: o.str_opt("notes")?,
            emergency: o.bool_opt("emergency")?,
            cadence_days: o.int_opt("cadence_days", 1, 36_500)?,
            log,
            checks: parse_checks(&o, i)?,
        });
    }
    for (i, v) in top_list(top, "amends")?.iter().enumerate() {
        let o = Obj::new(v, format!("amend {}", i + 1))?;
        let mut log = Vec::new();
        for (j, l) in o.list("log")?.iter().enumerate() {
            let l = Obj::new(l, format!("amend {}, log {}", i + 1, j + 1))?;
            log.push(AmendLogRecord {
                day: l.day_req("day")?,
                note: l.str_req("note")?,
                trust: l.int_opt("trust", 1, 5)?,
            });
        }
        let contact = o.str_opt("contact")?;
        if let Some(c) = &contact
            && c.trim().is_empty()
        {
            return Err(o.err("contact", "is empty (use null for no contact)"));
        }
        plan.amends.push(AmendRecord {
            person: o.name_req("person")?,
            contact,
            harm: o.str_opt("harm")?.unwrap_or_default(),
            kind: o.one_of("kind", KINDS, Some("direct"))?,
            plan: o.str_opt("plan")?,
            status: o.one_of("status", STATUSES, Some("listed"))?,
            made_on: o.day_opt("made_on")?,
            notes: o.str_opt("notes")?,
            log,
        });
    }
    parse_plan_and_urges(top, &mut plan)?;
    for (i, v) in top_list(top, "worksheets")?.iter().enumerate() {
        plan.worksheets.push(parse_worksheet(v, i)?);
    }
    Ok(plan)
}
/// A contact's relationship checks (none in older exports).
fn parse_checks(o: &Obj<'_>, i: usize) -> Result<Vec<CheckRecord>, Refusal> {
    use crate::domain::relationship::Sign;
    let mut out = Vec::new();
    for (j, c) in o.list("checks")?.iter().enumerate() {
        let c = Obj::new(c, format!("contact {}, check {}", i + 1, j + 1))?;
        let value = |field: &str| -> Result<i64, Refusal> {
            c.int_opt(field, 1, 5)?
                .ok_or_else(|| c.err(field, "is missing"))
        };
        let names: Vec<&str> = Sign::ALL.iter().map(|s| s.name()).collect();
        let mut signs: Vec<String> = Vec::new();
        for (k, s) in c.list("signs")?.iter().enumerate() {
            match s.as_str() {
                Some(name) if names.contains(&name) => {
                    if !signs.iter().any(|x| x == name) {
                        signs.push(name.to_string());
                    }
                }
                _ => {
                    return Err(c.err(
                        "signs",
                        format!("sign {}: use one of {}", k + 1, names.join(", ")),
                    ));
                }
            }
        }
        signs.sort_by_key(|n| names.iter().position(|x| x == n));
        out.push(CheckRecord {
            day: c.day_req("day")?,
            respect: value("respect")?,
            safety: value("safety")?,
            affection: value("affection")?,
            boundaries: value("boundaries")?,
            honesty: value("honesty")?,
            signs,
            note: c.str_opt("note")?,
        });
    }
    Ok(out)
}

/// One worksheet row. Its kind need not be one this mend's config defines:
/// rows of a kind defined elsewhere are kept as they are.
fn parse_worksheet(v: &Value, i: usize) -> Result<WorksheetRecord, Refusal> {
    let o = Obj::new(v, format!("worksheet row {}", i + 1))?;
    let kind = o.name_req("kind")?;
    let good = kind
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && kind.len() <= 40;
    if !good {
        return Err(o.err("kind", "a kind's name uses lowercase letters, digits and _"));
    }
    let mut fields = Vec::new();
    match o.get("fields") {
        Some(Value::Object(map)) => {
            for (name, text) in map {
                match text {
                    Value::String(t) if t.contains('\0') => {
                        return Err(o.err(
                            "fields",
                            format!("\"{}\" contains a NUL character", short(name)),
                        ));
                    }
                    Value::String(t) if !t.trim().is_empty() => {
                        fields.push((name.clone(), t.clone()));
                    }
                    Value::String(_) | Value::Null => {}
                    other => {
                        return Err(o.err(
                            "fields",
                            format!(
                                "\"{}\": expected text, found {}",
                                short(name),
                                type_name(other)
                            ),
                        ));
                    }
                }
            }
        }
        None => {}
        Some(other) => {
            return Err(o.err(
                "fields",
                format!(
                    "expected an object of field names to text, found {}",
                    type_name(other)
                ),
            ));
        }
    }
    if fields.is_empty() {
        return Err(o.err("fields", "the row has no text"));
    }
    let amend = match o.get("amend") {
        None => None,
        Some(a) => {
            let a = Obj::new(a, format!("worksheet row {}, amend", i + 1))?;
            Some(AmendRef {
                person: a.name_req("person")?,
                harm: a.str_opt("harm")?.unwrap_or_default(),
            })
        }
    };
    Ok(WorksheetRecord {
        kind,
        fields: crate::domain::worksheet::Fields(fields),
        amend,
    })
}

/// The key order of each worksheet row's `fields` as written in the file.
/// (A parsed JSON object forgets it; a row's fields keep their kind's
/// order through an export and an import.)
fn keep_field_order(text: &str, rows: &mut [WorksheetRecord]) {
    use serde::Deserialize;
    use serde::de::{IgnoredAny, MapAccess, Visitor};

    struct Keys(Vec<String>);
    impl<'de> Deserialize<'de> for Keys {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Keys, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Keys;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Keys, A::Error> {
                    let mut keys = Vec::new();
                    while let Some((k, _)) = m.next_entry::<String, IgnoredAny>()? {
                        keys.push(k);
                    }
                    Ok(Keys(keys))
                }
            }
            d.deserialize_map(V)
        }
    }
    #[derive(Deserialize)]
    struct Row {
        fields: Option<Keys>,
    }
    #[derive(Deserialize)]
    struct Doc {
        worksheets: Vec<Row>,
    }
    let Ok(doc) = serde_json::from_str::<Doc>(text) else {
        return;
    };
    for (row, order) in rows.iter_mut().zip(doc.worksheets) {
        if let Some(Keys(keys)) = order.fields {
            row.fields
                .0
                .sort_by_key(|(k, _)| keys.iter().position(|x| x == k));
        }
    }
}

/// The `checkins` list of a mend export (optional: older exports have none).
fn parse_checkins(top: &Map<String, Value>) -> Result<Vec<CheckinRecord>, Refusal> {
    use crate::domain::checkin::{self, Kind, MAX_GRATITUDE};
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
    let mut out = Vec::new();
    for (i, v) in top_list(top, "checkins")?.iter().enumerate() {
        let o = Obj::new(v, format!("check-in {}", i + 1))?;
        let mut gratitude = Vec::new();
        for (j, g) in o.list("gratitude")?.iter().enumerate() {
            match g {
                Value::String(s) if !s.contains('\0') => gratitude.push(s.clone()),
                other => {
                    return Err(o.err(
                        "gratitude",
                        format!("item {}: expected text, found {}", j + 1, type_name(other)),
                    ));
                }
            }
        }
        if gratitude.len() > MAX_GRATITUDE {
            return Err(o.err("gratitude", "an evening keeps up to three gratitudes"));
        }
        let mut answers = std::collections::BTreeMap::new();
        match o.get("answers") {
            None => {}
            Some(Value::Object(map)) => {
                for (k, v) in map {
                    let n = v.as_i64().filter(|n| (0..=4).contains(n)).ok_or_else(|| {
                        o.err(
                            "answers",
                            format!("\"{}\" must be a whole number 0 to 4", short(k)),
                        )
                    })?;
                    let item = checkin::find_item(k).ok_or_else(|| {
                        o.err("answers", format!("unknown item \"{}\"", short(k)))
                    })?;
                    answers.insert(item.key.to_string(), n);
                }
            }
            Some(other) => {
                return Err(o.err(
                    "answers",
                    format!("expected an object, found {}", type_name(other)),
                ));
            }
        }
        let kind = o.one_of("kind", &kinds, None)?;
        if kind == "weekly" && answers.is_empty() {
            return Err(o.err("answers", "a weekly check-in needs at least one answer"));
        }
        out.push(CheckinRecord {
            day: o.day_req("day")?,
            kind,
            intention: o.str_opt("intention")?,
            difficulty: o.int_opt("difficulty", 1, 5)?,
            gratitude,
            answers,
            note: o.str_opt("note")?,
        });
    }
    Ok(out)
}

/// The plan object and the urges list (§8.1); both optional, so an export
/// from before them still imports.
fn parse_plan_and_urges(top: &Map<String, Value>, plan: &mut ImportPlan) -> Result<(), Refusal> {
    use crate::domain::plan::Section as S;
    match top.get("plan") {
        None | Some(Value::Null) => {}
        Some(v) => {
            let o = Obj::new(v, "plan".to_string())?;
            for s in S::ALL {
                for (j, line) in o.list(s.as_str())?.iter().enumerate() {
                    let Value::String(text) = line else {
                        return Err(o.err(
                            s.as_str(),
                            format!("line {}: expected text, found {}", j + 1, type_name(line)),
                        ));
                    };
                    match crate::domain::plan::normalize_line(text) {
                        Ok(t) => plan.plan.section_mut(s).push(t),
                        Err(e) => return Err(o.err(s.as_str(), format!("line {}: {e}", j + 1))),
                    }
                }
            }
        }
    }
    for (i, v) in top_list(top, "urges")?.iter().enumerate() {
        let o = Obj::new(v, format!("urge {}", i + 1))?;
        let at = o
            .stamp_opt("at")?
            .ok_or_else(|| o.err("at", "is missing"))?;
        let intensity = o
            .int_opt("intensity", 0, 10)?
            .ok_or_else(|| o.err("intensity", "is missing"))?;
        let mut halt = Vec::new();
        for (j, h) in o.list("halt")?.iter().enumerate() {
            let name = h.as_str().unwrap_or_default();
            match name.parse::<crate::domain::urge::Halt>() {
                Ok(h) if h.as_str() == name => halt.push(name.to_string()),
                _ => {
                    return Err(o.err(
                        "halt",
                        format!("item {}: use hungry, angry, lonely or tired", j + 1),
                    ));
                }
            }
        }
        let outcomes: Vec<&str> = crate::domain::urge::Outcome::ALL
            .iter()
            .map(|o| o.as_str())
            .collect();
        let outcome = match o.get("outcome") {
            None => None,
            Some(_) => Some(o.one_of("outcome", &outcomes, None)?),
        };
        plan.urges.push(UrgeRecord {
            at,
            intensity,
            halt,
            trigger: o.str_opt("trigger")?,
            did: o.str_opt("did")?,
            outcome,
            note: o.str_opt("note")?,
        });
    }
    Ok(())
}

/// The stamp of a jrnl entry's local date and time.
fn jrnl_stamp(day: NaiveDate, time: NaiveTime) -> String {
    let naive = NaiveDateTime::new(day, time);
    let stamp = match Local.from_local_datetime(&naive).earliest() {
        Some(t) => t.fixed_offset(),
        None => chrono::Utc.from_utc_datetime(&naive).fixed_offset(),
    };
    stamp.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

fn parse_jrnl(top: &Map<String, Value>) -> Result<ImportPlan, Refusal> {
    match top.get("tags") {
        Some(Value::Object(_)) | Some(Value::Array(_)) | Some(Value::Null) | None => {}
        Some(other) => {
            return Err(refuse(format!(
                "field \"tags\": expected an object, found {}",
                type_name(other)
            )));
        }
    }
    let mut journal = Vec::new();
    for (i, v) in top_list(top, "entries")?.iter().enumerate() {
        let o = Obj::new(v, format!("jrnl entry {}", i + 1))?;
        let day = o.day_req("date")?;
        let time = o.str_req("time")?;
        let t = NaiveTime::parse_from_str(&time, "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(&time, "%H:%M:%S"))
            .map_err(|_| {
                o.err(
                    "time",
                    format!("\"{}\" is not a time like 09:30", short(&time)),
                )
            })?;
        let d = dates::parse_iso_day(&day).map_err(|e| o.err("date", e))?;
        let title = o.str_opt("title")?.unwrap_or_default();
        let rest = o.str_opt("body")?.unwrap_or_default();
        let (title, rest) = (title.trim(), rest.trim());
        if title.is_empty() && rest.is_empty() {
            return Err(o.err("body", "the entry is empty (no title and no body)"));
        }
        let body = if rest.is_empty() {
            title.to_string()
        } else if title.is_empty() {
            rest.to_string()
        } else {
            format!("{title}\n\n{rest}")
        };
        let mut tags = o.jrnl_tags("tags")?;
        if o.bool_opt("starred")? && !tags.iter().any(|t| t.eq_ignore_ascii_case("starred")) {
            tags.push("starred".to_string());
        }
        let created_at = jrnl_stamp(d, t);
        journal.push(EntryRecord {
            day,
            updated_at: created_at.clone(),
            created_at,
            body,
            mood: None,
            craving: None,
            prompt: None,
            tags,
        });
    }
    Ok(ImportPlan {
        source: Source::Jrnl,
        clocks: Vec::new(),
        journal,
        contacts: Vec::new(),
        amends: Vec::new(),
        checkins: Vec::new(),
        plan: Default::default(),
        urges: Vec::new(),
        worksheets: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> String {
        parse_import(text.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn places_are_precise() {
        let doc = r#"{"format":"mend","version":1,"journal":[
            {"day":"2025-01-01","body":"a"},{"day":"2025-01-02","body":"b"},
            {"day":"2025-02-30","body":"c"}]}"#;
        assert_eq!(
            refused(doc),
            "import refused: journal entry 3, field \"day\": 2025-02-30 is not a real date; nothing was imported"
        );
        let doc =
            r#"{"format":"mend","version":1,"journal":[{"day":"2025-01-01","body":"a","mood":9}]}"#;
        assert!(refused(doc).contains("journal entry 1, field \"mood\": 9 is out of range"));
        let doc = r#"{"format":"mend","version":1,"amends":[{"person":"A","log":[{"day":"2025-01-01","note":"x","trust":"high"}]}]}"#;
        assert!(
            refused(doc).contains("amend 1, log 1, field \"trust\""),
            "{}",
            refused(doc)
        );
    }

    #[test]
    fn versions_and_shapes() {
        assert!(refused(r#"{"format":"mend","version":2}"#).contains("unknown export version 2"));
        assert!(refused(r#"{"format":"mend","version":1}"#).contains("nothing to import"));
        assert!(refused("[1,2]").contains("a list"));
        assert!(refused(r#"{"format":"mend","version":1,"journal":[{"#).contains("ends too early"));
        assert!(
            parse_import(b"\x00\x01\x02")
                .unwrap_err()
                .0
                .contains("binary")
        );
        assert!(refused("  ").contains("empty"));
    }

    #[test]
    fn jrnl_title_and_body_join() {
        let doc = r#"{"tags":{"@work":1},"entries":[{"title":"Hello.","body":"More text.","date":"2024-05-01","time":"09:15","starred":true,"tags":["@work"]},
            {"title":"Only a title.","body":"","date":"2024-05-02","time":"21:00","starred":false,"tags":[]}]}"#;
        let plan = parse_import(doc.as_bytes()).unwrap();
        assert_eq!(plan.source, Source::Jrnl);
        assert_eq!(plan.journal[0].body, "Hello.\n\nMore text.");
        assert_eq!(plan.journal[0].tags, vec!["work", "starred"]);
        assert_eq!(plan.journal[1].body, "Only a title.");
        assert!(
            plan.journal[0]
                .created_at
                .starts_with("2024-05-01T09:15:00")
        );
    }

    #[test]
    fn json_never_carries_raw_c1_controls_and_nul_becomes_a_replacement() {
        let mut out = Vec::new();
        write_json(&mut out, "a\u{9b}b\u{85}\u{7f}\u{1b}\0é\"").unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, r#""a\u009bb\u0085\u007f\u001b\ufffdé\"""#);
        let back: String = serde_json::from_str(&text).unwrap();
        assert_eq!(back, "a\u{9b}b\u{85}\u{7f}\u{1b}\u{fffd}é\"");
        assert_eq!(escape_c1("plain ✓"), "plain ✓");
        assert_eq!(escape_c1("x\u{9b}y"), "x\\u009by");
    }

    #[test]
    fn jrnl_tags_with_spaces_split_into_words_and_empty_entries_are_refused() {
        let doc = r#"{"tags":{},"entries":[{"title":"t","body":"","date":"2024-05-01","time":"09:15","tags":["@work life","@a  @b"]}]}"#;
        let plan = parse_import(doc.as_bytes()).unwrap();
        assert_eq!(plan.journal[0].tags, vec!["work", "life", "a", "b"]);
        let doc = r#"{"tags":{},"entries":[{"title":" ","body":"","date":"2024-05-01","time":"09:15","tags":[]}]}"#;
        assert!(refused(doc).contains("jrnl entry 1, field \"body\": the entry is empty"));
    }

    #[test]
    fn future_entries_are_found_by_their_place() {
        let doc = r#"{"format":"mend","version":1,"journal":[{"day":"2026-03-15","body":"a"},{"day":"2026-03-17","body":"b"}]}"#;
        let plan = parse_import(doc.as_bytes()).unwrap();
        let day = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(plan.check_days(day("2026-03-17")).is_ok());
        assert_eq!(
            plan.check_days(day("2026-03-16")).unwrap_err().to_string(),
            "import refused: journal entry 2, field \"day\": 2026-03-17 is in the future; nothing was imported"
        );
    }

    #[test]
    fn markdown_is_safe_for_a_terminal() {
        assert_eq!(plain("a\x1b[2Jb\nc"), "a[2Jb\nc");
    }
}
