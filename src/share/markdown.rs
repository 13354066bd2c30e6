//! The Markdown report: the same sections as the HTML one, with tables where
//! the HTML has charts. User text is escaped so that a Markdown viewer shows
//! it as written (no raw HTML, links or emphasis from it), and control
//! characters are dropped so printing it to a terminal is safe.

use std::fmt::Write;

use chrono::NaiveDate;

use super::{Part, Report, daily_series, journal_summary, long_day, one_decimal, parts_in_words};
use crate::domain::amends::Amend;
use crate::domain::clock::Clock;
use crate::domain::journal::Entry;

/// Escapes Markdown's inline syntax and raw HTML with backslashes, and drops
/// control characters except newlines and tabs.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '#' | '|' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One line of escaped text (newlines become spaces).
fn one_line(text: &str) -> String {
    escape(text.trim()).replace(['\n', '\t', '\r'], " ")
}

pub fn render(report: &Report) -> String {
    let opts = &report.opts;
    let mut s = String::new();
    let days = (opts.until - opts.since).num_days() + 1;
    let _ = writeln!(s, "# My recovery record\n");
    let _ = writeln!(
        s,
        "**{} – {}** ({days} {})\n",
        long_day(opts.since),
        long_day(opts.until),
        if days == 1 { "day" } else { "days" }
    );
    let tag = opts
        .tag
        .as_deref()
        .map(|t| format!(" Journal entries tagged #{} only.", one_line(t)))
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "Shared from mend on {}. It holds {} for these days, and nothing else from the journal.{tag}",
        long_day(opts.today),
        parts_in_words(&opts.include)
    );
    for part in &opts.include {
        let _ = writeln!(s, "\n## {}\n", part.title());
        match part {
            Part::Clocks => clocks(&mut s, &report.clocks, opts.today),
            Part::Journal => journal(&mut s, report),
            Part::Amends => amends(&mut s, &report.amends),
            Part::Checkins => checkins(&mut s, report),
            Part::Urges => urges(&mut s, report),
            Part::Plan => plan(&mut s, &report.plan),
        }
    }
    s
}

fn checkins(s: &mut String, report: &Report) {
    use crate::domain::checkin::{self as ck, Kind};
    let list = &report.checkins;
    if list.is_empty() {
        s.push_str("_No check-ins in these days._\n");
        return;
    }
    let count = |k: Kind| list.iter().filter(|c| c.kind == k).count();
    let _ = writeln!(
        s,
        "{} morning, {} evening and {} weekly check-ins.",
        count(Kind::Morning),
        count(Kind::Evening),
        count(Kind::Weekly)
    );
    let points = ck::trend(list);
    if !points.is_empty() {
        s.push_str("\n### Weekly risk and protection\n\nEach from 0 to 4: trends, not a score.\n\n| Week of | Risk | Protection |\n| --- | ---: | ---: |\n");
        for p in &points {
            let _ = writeln!(
                s,
                "| {} | {} | {} |",
                long_day(ck::week_monday(p.week)),
                p.risk.map(one_decimal).unwrap_or_default(),
                p.protection.map(one_decimal).unwrap_or_default()
            );
        }
    }
    s.push_str("\n| Day | Check-in | What was noted |\n| --- | --- | --- |\n");
    for c in list {
        let _ = writeln!(
            s,
            "| {} | {} | {} |",
            long_day(c.day),
            c.kind.as_str(),
            one_line(&super::html::checkin_words(c))
        );
    }
}

fn urges(s: &mut String, report: &Report) {
    use crate::domain::urge::{self, Halt};
    let list = &report.urges;
    if list.is_empty() {
        s.push_str("_No urges logged in these days._\n");
        return;
    }
    let st = urge::stats(list);
    let _ = writeln!(
        s,
        "{} {} logged; {} passed without using ({} by reaching out){}.",
        st.count,
        if st.count == 1 { "urge" } else { "urges" },
        st.passed,
        st.reached_out,
        if st.used > 0 {
            format!("; {} ended in using, a slip to learn from", st.used)
        } else {
            String::new()
        }
    );
    let halt: Vec<String> = Halt::ALL
        .iter()
        .map(|h| format!("{} {}", h.as_str(), st.halt.get(*h)))
        .collect();
    let _ = writeln!(s, "\nHALT: {}", halt.join(" · "));
    s.push_str("\n### Urges per week\n\n| Week of | Urges | Passed without using |\n| --- | ---: | ---: |\n");
    for (w, n, passed) in super::urges_per_week(list, report.opts.since, report.opts.until) {
        let _ = writeln!(s, "| {} | {n} | {passed} |", long_day(w));
    }
    if !st.what_helped.is_empty() {
        s.push_str("\n### What I did, and whether it passed\n\n| What I did | Times | Passed |\n| --- | ---: | ---: |\n");
        for h in &st.what_helped {
            let _ = writeln!(s, "| {} | {} | {} |", one_line(&h.did), h.count, h.passed);
        }
    }
    if !st.triggers.is_empty() {
        let t: Vec<String> = st
            .triggers
            .iter()
            .take(8)
            .map(|t| format!("{} ({})", one_line(&t.trigger), t.count))
            .collect();
        let _ = writeln!(s, "\nTriggers: {}", t.join(", "));
    }
    s.push_str("\n### Each urge\n\n| When | Strength | HALT | Trigger | What I did | How it ended |\n| --- | ---: | --- | --- | --- | --- |\n");
    for u in list {
        let mut did = u.did.clone().unwrap_or_default();
        if let Some(n) = u.note.as_deref().filter(|n| !n.trim().is_empty()) {
            if !did.is_empty() {
                did.push_str(". ");
            }
            did.push_str(n.trim());
        }
        let _ = writeln!(
            s,
            "| {} | {}/10 | {} | {} | {} | {} |",
            u.at.format("%-d %b %Y %H:%M"),
            u.intensity,
            u.halt.names().join(", "),
            one_line(u.trigger.as_deref().unwrap_or("")),
            one_line(&did),
            u.outcome.map(|o| o.label()).unwrap_or("")
        );
    }
}

fn plan(s: &mut String, plan: &crate::domain::plan::Plan) {
    use crate::domain::plan::Section;
    if plan.is_empty() {
        s.push_str("_No plan written yet._\n");
        return;
    }
    for section in Section::ALL {
        let lines = plan.section(section);
        if lines.is_empty() {
            continue;
        }
        let _ = writeln!(s, "\n### {}\n", section.heading());
        for (i, l) in lines.iter().enumerate() {
            let _ = writeln!(s, "{}. {}", i + 1, one_line(l));
        }
    }
}

fn clocks(s: &mut String, clocks: &[Clock], today: NaiveDate) {
    if clocks.is_empty() {
        s.push_str("_No sobriety clocks._\n");
        return;
    }
    s.push_str("Every day before a new start still counts.\n");
    for c in clocks {
        let streaks = c.streaks(today);
        let days = c.days(today);
        let _ = writeln!(s, "\n### {}\n", one_line(&c.label));
        let _ = writeln!(
            s,
            "- {days} {} since {}",
            if days == 1 { "day" } else { "days" },
            long_day(c.current_since())
        );
        if streaks.len() > 1 {
            let _ = writeln!(s, "- Longest streak: {} days", c.longest_days(today));
            let _ = writeln!(s, "- Sober days in all: {}", c.total_days(today));
            s.push_str("\n| From | To | Days | Note |\n| --- | --- | ---: | --- |\n");
            for st in &streaks {
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {} |",
                    long_day(st.start),
                    st.end.map_or("now".to_string(), long_day),
                    st.days,
                    one_line(st.note.as_deref().unwrap_or(""))
                );
            }
        }
    }
}

fn journal(s: &mut String, report: &Report) {
    let opts = &report.opts;
    let entries = &report.entries;
    if entries.is_empty() {
        s.push_str("_No journal entries in these days._\n");
        return;
    }
    let sum = journal_summary(entries);
    let mut facts = vec![format!(
        "{} {} on {} of {} days",
        sum.entries,
        if sum.entries == 1 { "entry" } else { "entries" },
        sum.days_written,
        (opts.until - opts.since).num_days() + 1
    )];
    if let Some(m) = sum.mood_avg {
        facts.push(format!("average mood {}/5", one_decimal(m)));
    }
    if let Some(c) = sum.craving_avg {
        facts.push(format!("average craving {}/10", one_decimal(c)));
    }
    let _ = writeln!(s, "{}.\n", facts.join(" · "));
    let series = daily_series(entries);
    if series
        .iter()
        .any(|p| p.mood.is_some() || p.craving.is_some())
    {
        s.push_str("### Mood and craving per day\n\n");
        s.push_str("Mood 1 (very low) to 5 (very good); craving 0 (none) to 10 (strongest); a day's average where it has more than one entry.\n\n");
        s.push_str("| Day | Mood | Craving |\n| --- | ---: | ---: |\n");
        for p in &series {
            if p.mood.is_none() && p.craving.is_none() {
                continue;
            }
            let _ = writeln!(
                s,
                "| {} | {} | {} |",
                long_day(p.day),
                p.mood.map(one_decimal).unwrap_or_default(),
                p.craving.map(one_decimal).unwrap_or_default()
            );
        }
    }
    s.push_str("\n### Entries\n");
    for e in entries {
        entry(s, e);
    }
}

fn entry(s: &mut String, e: &Entry) {
    let _ = writeln!(s, "\n#### {}\n", e.day.format("%A %-d %B %Y"));
    let mut facts = Vec::new();
    if let Some(m) = e.mood {
        facts.push(format!("Mood {m}/5"));
    }
    if let Some(c) = e.craving {
        facts.push(format!("Craving {c}/10"));
    }
    if !e.tags.is_empty() {
        let tags: Vec<String> = e
            .tags
            .iter()
            .map(|t| format!("\\#{}", one_line(t)))
            .collect();
        facts.push(tags.join(" "));
    }
    if !facts.is_empty() {
        let _ = writeln!(s, "{}\n", facts.join(" · "));
    }
    if let Some(p) = e.prompt.as_deref().filter(|p| !p.trim().is_empty()) {
        let _ = writeln!(s, "_{}_\n", one_line(p));
    }
    let body = escape(e.body.trim_end());
    if body.trim().is_empty() {
        s.push_str("> (no text)\n");
        return;
    }
    for line in body.lines() {
        if line.trim().is_empty() {
            s.push_str(">\n");
        } else {
            let _ = writeln!(s, "> {line}");
        }
    }
}

fn amends(s: &mut String, amends: &[Amend]) {
    if amends.is_empty() {
        s.push_str("_No one on the amends list._\n");
        return;
    }
    s.push_str("| Person | Kind | Status | Acts in these days |\n| --- | --- | --- | ---: |\n");
    for a in amends {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |",
            one_line(&a.person),
            a.kind.name(),
            a.status.label(),
            a.log.len()
        );
    }
    for a in amends {
        let _ = writeln!(s, "\n### {}\n", one_line(&a.person));
        let _ = writeln!(s, "- {} amends; {}", a.kind.name(), a.status.explain());
        if !a.harm.trim().is_empty() {
            let _ = writeln!(s, "- What happened: {}", one_line(&a.harm));
        }
        if !a.plan.trim().is_empty() {
            let _ = writeln!(s, "- Plan: {}", one_line(&a.plan));
        }
        for act in &a.log {
            let trust = act
                .trust
                .map(|t| format!(" (trust {t}/5)"))
                .unwrap_or_default();
            let _ = writeln!(s, "- {}: {}{trust}", long_day(act.day), one_line(&act.note));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_user_text_is_escaped() {
        assert_eq!(
            escape("<script>*x*</script> [a](b) #1\x1b"),
            "\\<script\\>\\*x\\*\\</script\\> \\[a\\](b) \\#1"
        );
    }
}
