//! `mend share`: a report for a counsellor, a sponsor or a therapy session.
//!
//! The report covers a range of days and only the parts the user chose
//! ([`Part`]); nothing else leaves the journal. It is written as one
//! self-contained HTML file ([`html`]: inline CSS with print styles, inline
//! SVG charts, no external resource of any kind) or as Markdown
//! ([`markdown`]).
//!
//! [`gather`] reads what is included through the store's own APIs into a
//! [`Report`]; the writers are pure functions of the report, so they are
//! tested without a database. A part whose data this build does not keep
//! yet renders as a short "not kept yet" note: adding one is a field on
//! [`Report`], a read in [`gather`], and a section in each writer.

pub mod chart;
pub mod html;
pub mod markdown;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use anyhow::{Result, anyhow, bail};
use chrono::{Datelike, NaiveDate};

use crate::domain::amends::Amend;
use crate::domain::checkin::Checkin;
use crate::domain::clock::Clock;
use crate::domain::journal::{Entry, Filter};
use crate::domain::plan::Plan;
use crate::domain::urge::Urge;
use crate::store::Store;

/// A part of the record the user may include.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    Journal,
    Urges,
    Checkins,
    Clocks,
    Amends,
    Plan,
}

impl Part {
    /// Every part, in the order the report shows them.
    pub const ALL: [Part; 6] = [
        Part::Journal,
        Part::Urges,
        Part::Checkins,
        Part::Clocks,
        Part::Amends,
        Part::Plan,
    ];

    /// The name on the command line (`--include journal,clocks`).
    pub const fn name(self) -> &'static str {
        match self {
            Part::Clocks => "clocks",
            Part::Journal => "journal",
            Part::Urges => "urges",
            Part::Checkins => "checkins",
            Part::Plan => "plan",
            Part::Amends => "amends",
        }
    }

    /// The section title in the report.
    pub const fn title(self) -> &'static str {
        match self {
            Part::Clocks => "Sobriety clocks",
            Part::Journal => "Journal",
            Part::Urges => "Urges",
            Part::Checkins => "Check-ins",
            Part::Plan => "My plan for hard moments",
            Part::Amends => "Amends",
        }
    }

    /// How the part reads in a sentence: "It holds the journal entries…".
    pub const fn phrase(self) -> &'static str {
        match self {
            Part::Clocks => "sobriety clocks",
            Part::Journal => "journal entries",
            Part::Urges => "urges",
            Part::Checkins => "check-ins",
            Part::Plan => "plan for hard moments",
            Part::Amends => "amends list",
        }
    }

    /// Whether this build of mend keeps this part.
    pub const fn kept(self) -> bool {
        true
    }

    /// The parts this build keeps: the default of `--include`.
    pub fn available() -> Vec<Part> {
        Part::ALL.into_iter().filter(|p| p.kept()).collect()
    }

    pub fn parse(name: &str) -> Option<Part> {
        let name = name.trim().to_ascii_lowercase();
        Part::ALL.into_iter().find(|p| p.name() == name)
    }

    /// Parses `journal,clocks` (commas or spaces); `all` means every part.
    pub fn parse_list(list: &str) -> Result<Vec<Part>> {
        let mut out = Vec::new();
        for word in list
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|w| !w.is_empty())
        {
            if word.eq_ignore_ascii_case("all") {
                out.extend(Part::available());
                continue;
            }
            match Part::parse(word) {
                Some(p) if !p.kept() => bail!(
                    "--include: this version of mend does not keep {} yet; choose from {}",
                    p.phrase(),
                    Part::available()
                        .into_iter()
                        .map(Part::name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Some(p) => out.push(p),
                None => bail!(
                    "--include: unknown part {:?}; choose from {}",
                    word,
                    Part::ALL.map(Part::name).join(", ")
                ),
            }
        }
        if out.is_empty() {
            bail!(
                "--include needs at least one part: {}",
                Part::ALL.map(Part::name).join(", ")
            );
        }
        out.sort();
        out.dedup();
        Ok(out)
    }
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The two report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareFormat {
    Html,
    Markdown,
}

impl ShareFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ShareFormat::Html => "html",
            ShareFormat::Markdown => "md",
        }
    }
}

/// What a report covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareOptions {
    pub since: NaiveDate,
    pub until: NaiveDate,
    /// Sorted, no duplicates.
    pub include: Vec<Part>,
    /// Only journal entries with this tag.
    pub tag: Option<String>,
    /// The day the report is made.
    pub today: NaiveDate,
}

impl ShareOptions {
    /// The last `days` days up to `today`, every part.
    pub fn last_days(days: i64, today: NaiveDate) -> ShareOptions {
        ShareOptions {
            since: today - chrono::Duration::days(days.max(1) - 1),
            until: today,
            include: Part::available(),
            tag: None,
            today,
        }
    }

    pub fn includes(&self, part: Part) -> bool {
        self.include.contains(&part)
    }

    /// Checks the range: since not after until.
    pub fn check(&self) -> Result<()> {
        if self.since > self.until {
            return Err(anyhow!(
                "--since {} is after --until {}",
                self.since,
                self.until
            ));
        }
        if self.include.is_empty() {
            bail!("nothing is included");
        }
        Ok(())
    }

    /// Whether `day` lies in the range.
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.since <= day && day <= self.until
    }
}

/// Everything a report shows: only the included parts are filled.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub opts: ShareOptions,
    /// Journal entries in the range (and with the tag), oldest first.
    pub entries: Vec<Entry>,
    pub clocks: Vec<Clock>,
    /// Every amend; each one's log holds only the acts in the range.
    pub amends: Vec<Amend>,
    /// Check-ins in the range, oldest first.
    pub checkins: Vec<Checkin>,
    /// Urges in the range, oldest first.
    pub urges: Vec<Urge>,
    /// The whole plan for hard moments (it has no dates).
    pub plan: Plan,
}

/// How many records of each included part a report would hold: the preview
/// shown before writing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// (part, number of records, what they are) for every included part.
    pub parts: Vec<(Part, u64, &'static str)>,
}

impl Counts {
    /// `12 journal entries, 2 clocks, 3 amends (4 acts)`.
    pub fn describe(&self) -> String {
        self.parts
            .iter()
            .map(|(_, n, what)| format!("{n} {what}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn plural(n: u64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

/// Page size when reading journal entries.
const PAGE: usize = 1000;

fn journal_filter(opts: &ShareOptions) -> Filter {
    Filter {
        tag: opts.tag.clone(),
        since: Some(opts.since),
        until: Some(opts.until),
    }
}

/// Reads the included parts from the store.
pub fn gather(store: &Store, opts: &ShareOptions) -> Result<Report> {
    opts.check()?;
    let mut report = Report {
        opts: opts.clone(),
        entries: Vec::new(),
        clocks: Vec::new(),
        amends: Vec::new(),
        checkins: Vec::new(),
        urges: Vec::new(),
        plan: Plan::default(),
    };
    for part in &opts.include {
        match part {
            Part::Journal => {
                let filter = journal_filter(opts);
                let mut after = None;
                loop {
                    let page = store.list_page(&filter, after, PAGE)?;
                    let full = page.len() == PAGE;
                    after = page.last().map(|e| (e.day, e.id));
                    report.entries.extend(page);
                    if !full {
                        break;
                    }
                }
                report.entries.reverse();
            }
            Part::Clocks => report.clocks = store.clocks()?,
            Part::Amends => {
                report.amends = store.amends(None)?;
                for a in &mut report.amends {
                    a.log.retain(|act| opts.covers(act.day));
                }
            }
            Part::Checkins => report.checkins = checkins_in(store, opts)?,
            Part::Urges => report.urges = urges_in(store, opts)?,
            Part::Plan => report.plan = store.plan()?,
        }
    }
    Ok(report)
}

fn checkins_in(store: &Store, opts: &ShareOptions) -> Result<Vec<Checkin>> {
    let mut all = store.checkins(Some(opts.since), None)?;
    all.retain(|c| c.day <= opts.until);
    all.reverse();
    Ok(all)
}

fn urges_in(store: &Store, opts: &ShareOptions) -> Result<Vec<Urge>> {
    let mut all = store.urges(Some(opts.since))?;
    all.retain(|u| u.day() <= opts.until);
    all.reverse();
    Ok(all)
}

/// Urges per week over the report's weeks, oldest first: (the week's
/// Monday, urges, urges that passed without using).
pub fn urges_per_week(
    urges: &[Urge],
    since: NaiveDate,
    until: NaiveDate,
) -> Vec<(NaiveDate, u64, u64)> {
    let mut weeks: BTreeMap<NaiveDate, (u64, u64)> = BTreeMap::new();
    let mut w = week_start(since);
    while w <= until {
        weeks.insert(w, (0, 0));
        w += chrono::Duration::days(7);
    }
    for u in urges {
        if let Some(slot) = weeks.get_mut(&week_start(u.day())) {
            slot.0 += 1;
            if u.outcome.is_some_and(|o| o.passed()) {
                slot.1 += 1;
            }
        }
    }
    weeks.into_iter().map(|(w, (n, p))| (w, n, p)).collect()
}

/// How many records each included part holds, without reading them all.
pub fn counts(store: &Store, opts: &ShareOptions) -> Result<Counts> {
    let mut out = Counts::default();
    for part in &opts.include {
        let (n, what) = match part {
            Part::Journal => {
                let n = store.count_entries(&journal_filter(opts))?;
                (n, plural(n, "journal entry", "journal entries"))
            }
            Part::Clocks => {
                let n = store.clocks()?.len() as u64;
                (n, plural(n, "clock", "clocks"))
            }
            Part::Amends => {
                let amends = store.amends(None)?;
                let n = amends.len() as u64;
                (n, plural(n, "amend", "amends"))
            }
            Part::Checkins => {
                let n = checkins_in(store, opts)?.len() as u64;
                (n, plural(n, "check-in", "check-ins"))
            }
            Part::Urges => {
                let n = urges_in(store, opts)?.len() as u64;
                (n, plural(n, "urge", "urges"))
            }
            Part::Plan => {
                let n = store.plan()?.len() as u64;
                (n, plural(n, "line of the plan", "lines of the plan"))
            }
        };
        out.parts.push((*part, n, what));
    }
    Ok(out)
}

/// Renders a report in `format`.
pub fn render(report: &Report, format: ShareFormat) -> String {
    match format {
        ShareFormat::Html => html::render(report),
        ShareFormat::Markdown => markdown::render(report),
    }
}

/// Gathers, renders and writes a report to `path`, atomically and with mode
/// 0600. Returns what it held.
pub fn write_to_file(
    store: &Store,
    opts: &ShareOptions,
    format: ShareFormat,
    path: &Path,
) -> Result<Counts> {
    let counts = counts(store, opts)?;
    let report = gather(store, opts)?;
    let text = render(&report, format);
    crate::fsutil::atomic_write(path, |w| {
        use std::io::Write;
        w.write_all(text.as_bytes())
            .map_err(|e| anyhow!("cannot write {}: {e}", path.display()))
    })
    .map_err(|e| anyhow!("share to {} failed: {e:#}", path.display()))?;
    Ok(counts)
}

/// Where a report goes by default: `mend-share-DAY.html` in `dir`.
pub fn default_file_name(format: ShareFormat, today: NaiveDate) -> String {
    format!(
        "mend-share-{}.{}",
        crate::domain::format_day(today),
        format.extension()
    )
}

// ---------------------------------------------------------------------------
// Series the charts and tables show (pure)
// ---------------------------------------------------------------------------

/// One day's averages over the entries that noted a value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DayPoint {
    pub day: NaiveDate,
    pub mood: Option<f64>,
    pub craving: Option<f64>,
}

/// Mood and craving per day, oldest first: one point per day with at least
/// one entry, each value the average of the entries that noted it.
pub fn daily_series(entries: &[Entry]) -> Vec<DayPoint> {
    #[derive(Default)]
    struct Acc {
        mood: (f64, u32),
        craving: (f64, u32),
    }
    let mut days: BTreeMap<NaiveDate, Acc> = BTreeMap::new();
    for e in entries {
        let acc = days.entry(e.day).or_default();
        if let Some(m) = e.mood {
            acc.mood.0 += f64::from(m);
            acc.mood.1 += 1;
        }
        if let Some(c) = e.craving {
            acc.craving.0 += f64::from(c);
            acc.craving.1 += 1;
        }
    }
    let avg = |(sum, n): (f64, u32)| (n > 0).then(|| sum / f64::from(n));
    days.into_iter()
        .map(|(day, acc)| DayPoint {
            day,
            mood: avg(acc.mood),
            craving: avg(acc.craving),
        })
        .collect()
}

/// A short summary of the journal in the range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JournalSummary {
    pub entries: usize,
    pub days_written: usize,
    pub mood_avg: Option<f64>,
    pub craving_avg: Option<f64>,
}

pub fn journal_summary(entries: &[Entry]) -> JournalSummary {
    let series = daily_series(entries);
    let avg =
        |vals: Vec<f64>| (!vals.is_empty()).then(|| vals.iter().sum::<f64>() / vals.len() as f64);
    JournalSummary {
        entries: entries.len(),
        days_written: series.len(),
        mood_avg: avg(entries
            .iter()
            .filter_map(|e| e.mood.map(f64::from))
            .collect()),
        craving_avg: avg(entries
            .iter()
            .filter_map(|e| e.craving.map(f64::from))
            .collect()),
    }
}

/// The Monday of `day`'s ISO week.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - chrono::Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// `3 Mar 2026`.
pub fn long_day(day: NaiveDate) -> String {
    day.format("%-d %b %Y").to_string()
}

/// A number with at most one decimal: `3`, `3.5`.
pub fn one_decimal(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// The parts a report includes, in words: `clocks, journal and amends`.
pub fn parts_in_words(parts: &[Part]) -> String {
    let names: Vec<&str> = parts.iter().map(|p| p.phrase()).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => format!("the {one}"),
        [rest @ .., last] => format!("the {} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn entry(day: &str, mood: Option<u8>, craving: Option<u8>) -> Entry {
        Entry {
            id: 0,
            day: d(day),
            created_at: String::new(),
            updated_at: String::new(),
            body: String::new(),
            mood,
            craving,
            prompt: None,
            tags: Vec::new(),
        }
    }

    #[test]
    fn parts_parse_from_a_list_in_report_order() {
        let parts = Part::parse_list("amends, journal,clocks journal").unwrap();
        assert_eq!(parts, vec![Part::Journal, Part::Clocks, Part::Amends]);
        assert_eq!(Part::parse_list("all").unwrap(), Part::available());
        let e = Part::parse_list("journal,diary").unwrap_err().to_string();
        assert!(e.contains("diary") && e.contains("urges"), "{e}");
        assert!(Part::parse_list(" , ").is_err());
    }

    #[test]
    fn daily_series_averages_each_day_and_skips_missing_values() {
        let entries = vec![
            entry("2026-03-01", Some(2), Some(6)),
            entry("2026-03-01", Some(4), None),
            entry("2026-03-03", None, Some(1)),
        ];
        let s = daily_series(&entries);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].day, d("2026-03-01"));
        assert_eq!(s[0].mood, Some(3.0));
        assert_eq!(s[0].craving, Some(6.0));
        assert_eq!(s[1].mood, None);
        assert_eq!(s[1].craving, Some(1.0));
        let sum = journal_summary(&entries);
        assert_eq!(sum.entries, 3);
        assert_eq!(sum.days_written, 2);
        assert_eq!(sum.mood_avg, Some(3.0));
        assert_eq!(sum.craving_avg, Some(3.5));
    }

    #[test]
    fn urges_fall_in_their_weeks_and_passed_ones_are_counted() {
        use crate::domain::urge::{HaltSet, Outcome};
        let urge = |day: &str, outcome: Option<Outcome>| Urge {
            id: 0,
            at: chrono::DateTime::parse_from_rfc3339(&format!("{day}T21:00:00+01:00")).unwrap(),
            intensity: 5,
            halt: HaltSet::default(),
            trigger: None,
            did: None,
            outcome,
            note: None,
        };
        let urges = vec![
            urge("2026-03-03", Some(Outcome::Passed)),
            urge("2026-03-04", Some(Outcome::Used)),
            urge("2026-03-05", Some(Outcome::ReachedOut)),
            urge("2026-03-16", None),
            urge("2026-04-30", Some(Outcome::Passed)),
        ];
        let weeks = urges_per_week(&urges, d("2026-03-04"), d("2026-03-20"));
        assert_eq!(
            weeks,
            vec![
                (d("2026-03-02"), 3, 2),
                (d("2026-03-09"), 0, 0),
                (d("2026-03-16"), 1, 0),
            ]
        );
    }

    #[test]
    fn last_days_counts_today_as_one_of_them() {
        let o = ShareOptions::last_days(30, d("2026-03-30"));
        assert_eq!(o.since, d("2026-03-01"));
        assert!(o.covers(d("2026-03-30")) && !o.covers(d("2026-02-28")));
        let mut bad = o.clone();
        bad.since = d("2026-04-01");
        assert!(bad.check().unwrap_err().to_string().contains("after"));
    }

    #[test]
    fn words_for_numbers_and_parts() {
        assert_eq!(one_decimal(3.0), "3");
        assert_eq!(one_decimal(3.46), "3.5");
        assert_eq!(week_start(d("2026-03-08")), d("2026-03-02"));
        assert_eq!(
            parts_in_words(&[Part::Journal, Part::Clocks, Part::Amends]),
            "the journal entries, sobriety clocks and amends list"
        );
        assert_eq!(long_day(d("2026-03-03")), "3 Mar 2026");
    }
}
