//! Journal entries: the types, the rules for a valid entry, tags, today's
//! reflection prompt, and the search box's `tag:` / `since:` / `until:` words.
//!
//! No I/O here; "today" is always passed in.

use chrono::NaiveDate;
use serde::Serialize;

use super::dates::{self, DayError};

/// The reflection prompts, one per line, compiled in.
pub const PROMPTS_TEXT: &str = include_str!("../../assets/prompts.txt");

/// Every reflection prompt, in file order (blank lines and `#` comments skipped).
pub fn prompts() -> Vec<&'static str> {
    PROMPTS_TEXT
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// The prompt for `day`: the same all day, a different one the next day.
pub fn prompt_for(day: NaiveDate) -> &'static str {
    let all = prompts();
    if all.is_empty() {
        return "What is on your mind today?";
    }
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch");
    let n = (day - epoch).num_days().rem_euclid(all.len() as i64) as usize;
    all[n]
}

/// A saved journal entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub id: i64,
    /// The day the entry is about.
    pub day: NaiveDate,
    /// When it was written (RFC 3339).
    pub created_at: String,
    pub updated_at: String,
    pub body: String,
    /// 1 (very low) to 5 (very good).
    pub mood: Option<u8>,
    /// 0 (none) to 10 (overwhelming).
    pub craving: Option<u8>,
    /// The reflection prompt the entry answered.
    pub prompt: Option<String>,
    pub tags: Vec<String>,
}

impl Entry {
    /// The first non-blank line of the body, for lists.
    pub fn first_line(&self) -> &str {
        first_line(&self.body)
    }

    /// `HH:MM` of `created_at`, or an empty string when it cannot be read.
    pub fn time(&self) -> String {
        chrono::DateTime::parse_from_rfc3339(&self.created_at)
            .map(|t| t.format("%H:%M").to_string())
            .unwrap_or_default()
    }
}

/// The first non-blank line of `body`.
pub fn first_line(body: &str) -> &str {
    body.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
}

/// A search hit: the entry and a short snippet around the match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub entry: Entry,
    /// The best-matching fragment, matches wrapped in [`HL_START`]/[`HL_END`].
    pub snippet: String,
}

/// Marks the start of a search match inside highlighted text (private use).
pub const HL_START: char = '\u{E000}';
/// Marks the end of a search match inside highlighted text (private use).
pub const HL_END: char = '\u{E001}';

/// What a new or edited entry will hold, before validation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewEntry {
    pub day: NaiveDate,
    pub body: String,
    pub mood: Option<u8>,
    pub craving: Option<u8>,
    pub prompt: Option<String>,
    pub tags: Vec<String>,
}

/// Why an entry cannot be saved. Messages never quote the entry's text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryError {
    #[error("the entry is empty: write a few words first")]
    EmptyBody,
    #[error("mood must be between 1 and 5")]
    Mood,
    #[error("craving must be between 0 and 10")]
    Craving,
    #[error("a tag must be one word of letters, digits, - or _ (no spaces)")]
    Tag,
    #[error("the day {0} is in the future (today is {1}); write about today or an earlier day")]
    FutureDay(NaiveDate, NaiveDate),
    #[error("{NUL_REFUSED}")]
    Nul,
}

/// What mend says of text holding a NUL character, wherever it comes from.
pub const NUL_REFUSED: &str =
    "the text holds a NUL character (\\0), which mend cannot keep; remove it and try again";

/// Refuses text holding a NUL character: it could be stored, but no export
/// holding it could be imported again.
pub fn check_no_nul(text: &str) -> Result<(), EntryError> {
    if text.contains('\0') {
        Err(EntryError::Nul)
    } else {
        Ok(())
    }
}

/// An entry is about today or an earlier day, never a future one.
pub fn check_day(day: NaiveDate, today: NaiveDate) -> Result<(), EntryError> {
    if day > today {
        Err(EntryError::FutureDay(day, today))
    } else {
        Ok(())
    }
}

impl NewEntry {
    /// Checks the ranges, trims the body's trailing whitespace, normalises
    /// and dedupes the tags and drops an empty prompt.
    pub fn validated(mut self) -> Result<NewEntry, EntryError> {
        check_no_nul(&self.body)?;
        if let Some(p) = &self.prompt {
            check_no_nul(p)?;
        }
        for t in &self.tags {
            check_no_nul(t)?;
        }
        if self.body.trim().is_empty() {
            return Err(EntryError::EmptyBody);
        }
        let trimmed = self.body.trim_end().len();
        self.body.truncate(trimmed);
        // Leading blank lines carry nothing.
        while self.body.starts_with('\n') || self.body.starts_with("\r\n") {
            let cut = if self.body.starts_with('\n') { 1 } else { 2 };
            self.body.drain(..cut);
        }
        if let Some(m) = self.mood {
            check_mood(i64::from(m))?;
        }
        if let Some(c) = self.craving {
            check_craving(i64::from(c))?;
        }
        self.tags = normalize_tags(&self.tags)?;
        self.prompt = self
            .prompt
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty());
        Ok(self)
    }
}

/// Checks a mood value (1–5).
pub fn check_mood(n: i64) -> Result<u8, EntryError> {
    if (1..=5).contains(&n) {
        Ok(n as u8)
    } else {
        Err(EntryError::Mood)
    }
}

/// Checks a craving value (0–10).
pub fn check_craving(n: i64) -> Result<u8, EntryError> {
    if (0..=10).contains(&n) {
        Ok(n as u8)
    } else {
        Err(EntryError::Craving)
    }
}

/// Reads an optional number field as typed in a form: blank is `None`.
pub fn parse_optional(
    text: &str,
    check: fn(i64) -> Result<u8, EntryError>,
    err: EntryError,
) -> Result<Option<u8>, EntryError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let n: i64 = t.parse().map_err(|_| err)?;
    check(n).map(Some)
}

/// One tag as stored: trimmed, lower case, a leading `#` or `@` removed.
/// `None` for a blank tag; an error for one with spaces or odd characters.
pub fn normalize_tag(raw: &str) -> Result<Option<String>, EntryError> {
    let t = raw.trim();
    let t = t.strip_prefix(['#', '@']).unwrap_or(t).trim_start();
    if t.is_empty() {
        return Ok(None);
    }
    let ok = t.chars().count() <= 64
        && t.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | '.' | '+'));
    if !ok {
        return Err(EntryError::Tag);
    }
    Ok(Some(t.to_lowercase()))
}

/// Normalises a list of tags, dropping blanks and duplicates, keeping order.
pub fn normalize_tags<S: AsRef<str>>(raw: &[S]) -> Result<Vec<String>, EntryError> {
    let mut out: Vec<String> = Vec::new();
    for r in raw {
        if let Some(t) = normalize_tag(r.as_ref())?
            && !out.contains(&t)
        {
            out.push(t);
        }
    }
    Ok(out)
}

/// Splits a tags field as typed ("#work, family sleep") into tags.
pub fn split_tags(field: &str) -> Vec<String> {
    field
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Which entries a list shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    pub tag: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.tag.is_none() && self.since.is_none() && self.until.is_none()
    }

    /// A short description for a title bar: `#sleep · since 2026-03-01`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(t) = &self.tag {
            parts.push(format!("#{t}"));
        }
        if let Some(d) = self.since {
            parts.push(format!("since {}", dates::format_day(d)));
        }
        if let Some(d) = self.until {
            parts.push(format!("until {}", dates::format_day(d)));
        }
        parts.join(" · ")
    }
}

/// The search box's text read as words to find plus `tag:x`, `since:DAY` and
/// `until:DAY` filters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchInput {
    pub text: String,
    pub filter: Filter,
    /// A word that could not be read (shown under the box), if any.
    pub problem: Option<String>,
}

/// Reads the search box. DAY is `YYYY-MM-DD`, `today`, `yesterday` or `Nd`
/// (N days ago).
pub fn parse_search_input(input: &str, today: NaiveDate) -> SearchInput {
    let mut out = SearchInput::default();
    let mut words = Vec::new();
    for word in input.split_whitespace() {
        let lower = word.to_lowercase();
        if let Some(t) = lower.strip_prefix("tag:") {
            match normalize_tag(t) {
                Ok(t) => out.filter.tag = t,
                Err(e) => out.problem = Some(e.to_string()),
            }
        } else if let Some(d) = lower.strip_prefix("since:") {
            match search_day(d, today) {
                Ok(d) => out.filter.since = d,
                Err(e) => out.problem = Some(e.to_string()),
            }
        } else if let Some(d) = lower.strip_prefix("until:") {
            match search_day(d, today) {
                Ok(d) => out.filter.until = d,
                Err(e) => out.problem = Some(e.to_string()),
            }
        } else {
            words.push(word);
        }
    }
    out.text = words.join(" ");
    if input.ends_with(char::is_whitespace) && !out.text.is_empty() {
        out.text.push(' ');
    }
    out
}

fn search_day(s: &str, today: NaiveDate) -> Result<Option<NaiveDate>, DayError> {
    if s.is_empty() {
        return Ok(None);
    }
    if let Some(n) = s.strip_suffix('d')
        && !n.is_empty()
        && n.bytes().all(|b| b.is_ascii_digit())
    {
        return dates::parse_day(&format!("{n} days ago"), today).map(Some);
    }
    dates::parse_day(s, today).map(Some)
}

/// What the editor holds while it is not saved: written while typing so a
/// crash loses at most a second.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Draft {
    /// The entry being edited, or `None` for a new one.
    pub entry_id: Option<i64>,
    /// The day field as typed.
    pub day: Option<String>,
    pub body: String,
    pub mood: Option<u8>,
    pub craving: Option<u8>,
    /// The tags field as typed.
    pub tags: String,
    pub prompt: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn there_are_enough_prompts_and_the_day_picks_one() {
        let all = prompts();
        assert!(all.len() >= 60, "{}", all.len());
        let a = prompt_for(d("2026-03-15"));
        assert_eq!(a, prompt_for(d("2026-03-15")));
        assert_ne!(a, prompt_for(d("2026-03-16")));
        // Wraps around without panicking, even before the epoch.
        let _ = prompt_for(d("1900-01-01"));
    }

    #[test]
    fn prompts_never_shame() {
        for p in prompts() {
            let l = p.to_lowercase();
            for bad in ["failure", "weak", "should have", "shame on", "pathetic"] {
                assert!(!l.contains(bad), "{p}");
            }
        }
    }

    #[test]
    fn validation_refuses_empty_bodies_and_out_of_range_numbers() {
        let base = NewEntry {
            day: d("2026-03-15"),
            body: "  \n\t ".into(),
            ..Default::default()
        };
        assert_eq!(base.clone().validated(), Err(EntryError::EmptyBody));
        let ok = NewEntry {
            body: "\n\nhello  \n\n".into(),
            ..base.clone()
        };
        assert_eq!(ok.clone().validated().unwrap().body, "hello");
        let bad = NewEntry {
            mood: Some(6),
            ..ok.clone()
        };
        assert_eq!(bad.validated(), Err(EntryError::Mood));
        let bad = NewEntry {
            mood: Some(0),
            ..ok.clone()
        };
        assert_eq!(bad.validated(), Err(EntryError::Mood));
        let bad = NewEntry {
            craving: Some(11),
            ..ok.clone()
        };
        assert_eq!(bad.validated(), Err(EntryError::Craving));
        let good = NewEntry {
            craving: Some(0),
            mood: Some(5),
            ..ok
        };
        assert!(good.validated().is_ok());
    }

    #[test]
    fn nul_text_and_future_days_are_refused() {
        let ok = NewEntry {
            day: d("2026-03-15"),
            body: "fine".into(),
            ..Default::default()
        };
        for bad in [
            NewEntry {
                body: "a\0b".into(),
                ..ok.clone()
            },
            NewEntry {
                prompt: Some("p\0".into()),
                ..ok.clone()
            },
            NewEntry {
                tags: vec!["t\0".into()],
                ..ok.clone()
            },
        ] {
            assert_eq!(bad.validated(), Err(EntryError::Nul));
        }
        assert!(EntryError::Nul.to_string().contains("NUL character (\\0)"));
        let today = d("2026-03-15");
        assert!(check_day(today, today).is_ok());
        assert!(check_day(d("1990-01-01"), today).is_ok());
        assert_eq!(
            check_day(d("2026-03-16"), today),
            Err(EntryError::FutureDay(d("2026-03-16"), today))
        );
    }

    #[test]
    fn tags_are_normalised_and_deduped() {
        let tags = normalize_tags(&[" #Sleep", "@Family", "sleep", "", "#", "work"]).unwrap();
        assert_eq!(tags, vec!["sleep", "family", "work"]);
        assert_eq!(normalize_tags(&["two words"]), Err(EntryError::Tag));
        assert_eq!(normalize_tags(&["semi;colon"]), Err(EntryError::Tag));
        assert_eq!(normalize_tags(&["Ünïcode"]).unwrap(), vec!["ünïcode"]);
        assert_eq!(split_tags("#a, b  c,,"), vec!["#a", "b", "c"]);
    }

    #[test]
    fn number_fields_read_blank_as_none() {
        assert_eq!(parse_optional(" ", check_mood, EntryError::Mood), Ok(None));
        assert_eq!(
            parse_optional("4", check_mood, EntryError::Mood),
            Ok(Some(4))
        );
        assert_eq!(
            parse_optional("x", check_mood, EntryError::Mood),
            Err(EntryError::Mood)
        );
        assert_eq!(
            parse_optional("11", check_craving, EntryError::Craving),
            Err(EntryError::Craving)
        );
    }

    #[test]
    fn search_box_reads_filters_and_words() {
        let today = d("2026-03-15");
        let s = parse_search_input("trust tag:#Family since:7d until:yesterday boundary", today);
        assert_eq!(s.text, "trust boundary");
        assert_eq!(s.filter.tag.as_deref(), Some("family"));
        assert_eq!(s.filter.since, Some(d("2026-03-08")));
        assert_eq!(s.filter.until, Some(d("2026-03-14")));
        assert_eq!(s.problem, None);
        let s = parse_search_input("since:2026-02-30 x", today);
        assert!(s.problem.is_some());
        assert_eq!(s.text, "x");
        let s = parse_search_input("tag:", today);
        assert_eq!(s.filter.tag, None);
        assert_eq!(s.text, "");
    }

    #[test]
    fn first_line_skips_blank_lines() {
        assert_eq!(first_line("\n  \n  hi there\nmore"), "hi there");
        assert_eq!(first_line(""), "");
    }
}
