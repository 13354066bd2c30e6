//! The Markdown writer: a document meant to be read or printed.

use std::io::{self, Write};

use chrono::{DateTime, Datelike, NaiveDate};

use super::{ExportOptions, Section};
use crate::domain::dates;
use crate::records::*;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_safe_for_a_terminal() {
        assert_eq!(plain("a\x1b[2Jb\nc"), "a[2Jb\nc");
    }
}
