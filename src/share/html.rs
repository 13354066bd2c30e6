//! The HTML report: one self-contained file.
//!
//! No external resource of any kind: no script, no image, no font, no link,
//! no `url(`; system fonts only; a Content-Security-Policy of
//! `default-src 'none'` forbids any load even if the file is edited. Every
//! user text goes through [`escape`] (a journal body with `<script>` stays
//! text). The print styles give each section its own page; the page margins
//! leave a content box that fits both A4 and US Letter.

use std::fmt::Write;

use chrono::NaiveDate;

use super::chart::{self, LineChart, Series, Shape, Span};
use super::{
    DayPoint, Part, Report, daily_series, journal_summary, long_day, one_decimal, parts_in_words,
};
use crate::domain::amends::Amend;
use crate::domain::checkin::{self as ck, Checkin, Kind};
use crate::domain::clock::Clock;
use crate::domain::journal::Entry;
use crate::domain::plan::{Plan, Section};
use crate::domain::urge as ck_urge;

/// Escapes text for HTML element content and attribute values, and drops
/// control characters (escape sequences) except newlines and tabs.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = r#"
:root { --ink: #1a1a1a; --muted: #4a4a4a; --line: #c8c8c8; --accent: #1f4e8c;
  --mood: #1f5fa8; --craving: #a33b00; --ok: #1e6b34; --paper: #ffffff; --soft: #f3f5f8; }
* { box-sizing: border-box; }
html { background: var(--paper); color: var(--ink); }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 16px; line-height: 1.5; margin: 0 auto; max-width: 50rem; padding: 2rem 1.25rem 4rem; }
h1 { font-size: 2rem; margin: 0 0 .25rem; color: var(--accent); }
h2 { font-size: 1.5rem; margin: 0 0 .75rem; padding-bottom: .25rem; border-bottom: 2px solid var(--accent); color: var(--accent); }
h3 { font-size: 1.125rem; margin: 1.25rem 0 .25rem; }
p { margin: .25rem 0 .75rem; }
.muted, .note { color: var(--muted); }
.cover { margin-bottom: 2rem; }
.range { font-size: 1.25rem; margin: 0 0 1rem; }
.glance { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .75rem; }
.glance li { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: .5rem .75rem; }
.glance b { font-size: 1.25rem; display: block; }
section.part { margin-top: 2.5rem; }
figure { margin: 1rem 0 1.5rem; }
figcaption { font-weight: 600; margin-bottom: .25rem; }
.legend { font-weight: normal; color: var(--muted); }
svg.chart { width: 100%; height: auto; display: block; overflow: visible; }
svg .grid { stroke: #e2e2e2; stroke-width: 1; }
svg .axis { stroke: var(--muted); stroke-width: 1; }
svg .tick { fill: var(--muted); font-size: 11px; font-family: inherit; }
svg .line { fill: none; stroke-width: 2; }
svg .line.mood { stroke: var(--mood); }
svg .line.craving { stroke: var(--craving); }
svg .pt.mood { fill: var(--mood); }
svg .pt.craving { fill: var(--craving); }
svg .pt.solid { fill: var(--accent); }
svg .line.risk { stroke: var(--craving); }
svg .line.protection { stroke: var(--ok); }
svg .line.difficulty { stroke: var(--accent); }
svg .pt.risk { fill: var(--craving); }
svg .pt.protection { fill: var(--ok); }
svg .pt.difficulty { fill: var(--accent); }
svg .rest { fill: #ffffff; stroke: var(--accent); stroke-width: 1.5; stroke-dasharray: 3 2; }
svg .pt.streak { fill: #4a6d9c; }
svg .bar-label { fill: #ffffff; font-size: 12px; font-weight: 600; font-family: inherit; }
svg .pt.streak.now { fill: var(--accent); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .95rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid var(--line); }
th { border-bottom: 2px solid var(--muted); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.entry { border-top: 1px solid var(--line); padding-top: .5rem; margin-top: 1rem; }
.entry h3 { margin-top: 0; }
.facts { color: var(--muted); font-size: .95rem; }
.prompt { font-style: italic; color: var(--muted); }
.body { white-space: pre-wrap; overflow-wrap: anywhere; }
.tag { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .9em; }
footer { margin-top: 3rem; color: var(--muted); font-size: .9rem; border-top: 1px solid var(--line); padding-top: .5rem; }
@page { margin: 16mm 15mm; }
@media print {
  html, body { background: #ffffff; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section.part { margin-top: 0; break-before: page; page-break-before: always; }
  h2, h3, figcaption { break-after: avoid; page-break-after: avoid; }
  figure, tr, .glance li, .facts { break-inside: avoid; page-break-inside: avoid; }
  .entry h3 { break-after: avoid; }
  svg.chart { max-height: 80mm; }
  footer { break-before: avoid; }
}
"#;

/// The report as one HTML document.
pub fn render(report: &Report) -> String {
    let opts = &report.opts;
    let mut s = String::with_capacity(16 * 1024 + report.entries.len() * 600);
    let range = format!("{} – {}", long_day(opts.since), long_day(opts.until));
    let days = (opts.until - opts.since).num_days() + 1;
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Recovery record, {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        escape(&range)
    );
    let _ = write!(
        s,
        "<header class=\"cover\">\n<h1>My recovery record</h1>\n<p class=\"range\">{} <span class=\"muted\">({} {})</span></p>\n",
        escape(&range),
        days,
        if days == 1 { "day" } else { "days" }
    );
    let tag = opts
        .tag
        .as_deref()
        .map(|t| {
            format!(
                " Journal entries tagged <span class=\"tag\">#{}</span> only.",
                escape(t)
            )
        })
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "<p>Shared from mend on {}. It holds {} for these days, and nothing else from the journal.{tag}</p>",
        long_day(opts.today),
        parts_in_words(&opts.include)
    );
    glance(&mut s, report);
    s.push_str("</header>\n");
    for part in &opts.include {
        let _ = writeln!(
            s,
            "<section class=\"part\" id=\"{}\">\n<h2>{}</h2>",
            part.name(),
            part.title()
        );
        match part {
            Part::Clocks => clocks(&mut s, &report.clocks, opts.today),
            Part::Journal => journal(&mut s, report),
            Part::Amends => amends(&mut s, &report.amends),
            Part::Checkins => checkins(&mut s, report),
            Part::Urges => urges(&mut s, report),
            Part::Plan => plan(&mut s, &report.plan),
        }
        s.push_str("</section>\n");
    }
    let _ = write!(
        s,
        "<footer>Made with mend, a private journal for recovery. This file was written on the person's own computer and holds only what they chose to share.</footer>\n</body>\n</html>\n"
    );
    s
}

fn glance(s: &mut String, report: &Report) {
    let mut items: Vec<(String, String)> = Vec::new();
    for part in &report.opts.include {
        match part {
            Part::Clocks => {
                for c in &report.clocks {
                    items.push((
                        c.days(report.opts.today).to_string(),
                        format!("days sober · {}", c.label),
                    ));
                }
            }
            Part::Journal => {
                let sum = journal_summary(&report.entries);
                items.push((sum.entries.to_string(), "journal entries".into()));
                if let Some(m) = sum.mood_avg {
                    items.push((format!("{}/5", one_decimal(m)), "average mood".into()));
                }
                if let Some(c) = sum.craving_avg {
                    items.push((format!("{}/10", one_decimal(c)), "average craving".into()));
                }
            }
            Part::Amends => {
                let acts: usize = report.amends.iter().map(|a| a.log.len()).sum();
                items.push((
                    report.amends.len().to_string(),
                    "people on the amends list".into(),
                ));
                items.push((acts.to_string(), "acts of trust in these days".into()));
            }
            Part::Checkins => {
                items.push((report.checkins.len().to_string(), "check-ins".into()));
            }
            Part::Urges => {
                let st = ck_urge::stats(&report.urges);
                items.push((st.count.to_string(), "urges".into()));
                if st.count > 0 {
                    items.push((
                        format!("{} of {}", st.passed, st.count),
                        "urges passed without using".into(),
                    ));
                }
            }
            Part::Plan => {}
        }
    }
    if items.is_empty() {
        return;
    }
    s.push_str("<ul class=\"glance\">\n");
    for (big, what) in items {
        let _ = writeln!(s, "<li><b>{}</b>{}</li>", escape(&big), escape(&what));
    }
    s.push_str("</ul>\n");
}

fn day_label(day: NaiveDate) -> String {
    day.format("%-d %b").to_string()
}

/// x position (0 to 1) of `day` in `since..=until`.
fn x_of(day: NaiveDate, since: NaiveDate, until: NaiveDate) -> f64 {
    let span = (until - since).num_days();
    if span <= 0 {
        0.5
    } else {
        (day - since).num_days() as f64 / span as f64
    }
}

fn x_ticks(since: NaiveDate, until: NaiveDate) -> Vec<(f64, String)> {
    if since == until {
        return vec![(0.5, day_label(since))];
    }
    let span = (until - since).num_days();
    let mut ticks = vec![(0.0, day_label(since))];
    if span >= 6 {
        let mid = since + chrono::Duration::days(span / 2);
        ticks.push((x_of(mid, since, until), day_label(mid)));
    }
    ticks.push((1.0, day_label(until)));
    ticks
}

/// The mood chart and the craving chart for the journal's days.
pub fn mood_and_craving_charts(series: &[DayPoint], since: NaiveDate, until: NaiveDate) -> String {
    let mut s = String::new();
    let mood: Vec<(f64, f64, String)> = series
        .iter()
        .filter_map(|p| {
            p.mood.map(|m| {
                (
                    x_of(p.day, since, until),
                    m,
                    format!("{}: mood {}/5", long_day(p.day), one_decimal(m)),
                )
            })
        })
        .collect();
    let craving: Vec<(f64, f64, String)> = series
        .iter()
        .filter_map(|p| {
            p.craving.map(|c| {
                (
                    x_of(p.day, since, until),
                    c,
                    format!("{}: craving {}/10", long_day(p.day), one_decimal(c)),
                )
            })
        })
        .collect();
    let charts = [
        (
            "mood-chart",
            "Mood per day",
            "1 is very low, 5 is very good",
            mood,
            "mood",
            Shape::Circle,
            false,
            (1.0, 5.0),
            vec![(1.0, "1"), (3.0, "3"), (5.0, "5")],
        ),
        (
            "craving-chart",
            "Craving per day",
            "0 is none, 10 is the strongest",
            craving,
            "craving",
            Shape::Square,
            true,
            (0.0, 10.0),
            vec![(0.0, "0"), (5.0, "5"), (10.0, "10")],
        ),
    ];
    for (id, title, scale, points, class, shape, dashed, (lo, hi), ticks) in charts {
        if points.is_empty() {
            let _ = writeln!(
                s,
                "<p class=\"note\">{title}: no entry in these days noted it.</p>"
            );
            continue;
        }
        let n = points.len();
        let chart = LineChart {
            id,
            title: format!("{title} ({scale})"),
            desc: format!(
                "{n} {} from {} to {}; the daily average where a day has more than one entry.",
                if n == 1 { "day" } else { "days" },
                long_day(since),
                long_day(until)
            ),
            height: 200.0,
            y_min: lo,
            y_max: hi,
            y_ticks: ticks.into_iter().map(|(v, l)| (v, l.to_string())).collect(),
            x_ticks: x_ticks(since, until),
            series: vec![Series {
                class,
                name: title,
                shape,
                dashed,
                points,
            }],
        };
        let _ = writeln!(
            s,
            "<figure>\n<figcaption>{title} <span class=\"legend\">({scale}; {n} {})</span></figcaption>\n{}\n</figure>",
            if n == 1 { "day" } else { "days" },
            chart.svg()
        );
    }
    s
}

fn journal(s: &mut String, report: &Report) {
    let opts = &report.opts;
    let entries = &report.entries;
    if entries.is_empty() {
        s.push_str("<p class=\"note\">No journal entries in these days.</p>\n");
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
    let _ = writeln!(s, "<p>{}.</p>", escape(&facts.join(" · ")));
    s.push_str(&mood_and_craving_charts(
        &daily_series(entries),
        opts.since,
        opts.until,
    ));
    s.push_str("<h3>Entries</h3>\n");
    for e in entries {
        entry(s, e);
    }
}

fn entry(s: &mut String, e: &Entry) {
    s.push_str("<article class=\"entry\">\n");
    let _ = writeln!(s, "<h3>{}</h3>", e.day.format("%A %-d %B %Y"));
    let mut facts = Vec::new();
    if let Some(m) = e.mood {
        facts.push(format!("Mood {m}/5"));
    }
    if let Some(c) = e.craving {
        facts.push(format!("Craving {c}/10"));
    }
    let mut line = escape(&facts.join(" · "));
    if !e.tags.is_empty() {
        if !line.is_empty() {
            line.push_str(" · ");
        }
        let tags: Vec<String> = e
            .tags
            .iter()
            .map(|t| format!("<span class=\"tag\">#{}</span>", escape(t)))
            .collect();
        line.push_str(&tags.join(" "));
    }
    if !line.is_empty() {
        let _ = writeln!(s, "<p class=\"facts\">{line}</p>");
    }
    if let Some(p) = e.prompt.as_deref().filter(|p| !p.trim().is_empty()) {
        let _ = writeln!(s, "<p class=\"prompt\">{}</p>", escape(p.trim()));
    }
    let body = e.body.trim_end();
    if body.is_empty() {
        s.push_str("<p class=\"note\">(no text)</p>\n");
    } else {
        let _ = writeln!(s, "<div class=\"body\">{}</div>", escape(body));
    }
    s.push_str("</article>\n");
}

/// Weekly risk and protection (0–4), one point per week with answers, at
/// the week's Monday (or the first day of the report, if earlier).
pub fn risk_and_protection_chart(
    checkins: &[Checkin],
    since: NaiveDate,
    until: NaiveDate,
) -> Option<String> {
    let points = ck::trend(checkins);
    let at = |p: &ck::WeekPoint| ck::week_monday(p.week).max(since);
    let series = |class: &'static str,
                  name: &'static str,
                  shape: Shape,
                  dashed: bool,
                  get: fn(&ck::WeekPoint) -> Option<f64>| Series {
        class,
        name,
        shape,
        dashed,
        points: points
            .iter()
            .filter_map(|p| {
                get(p).map(|v| {
                    (
                        x_of(at(p), since, until),
                        v,
                        format!(
                            "Week of {}: {} {}/4",
                            long_day(ck::week_monday(p.week)),
                            name.to_lowercase(),
                            one_decimal(v)
                        ),
                    )
                })
            })
            .collect(),
    };
    let risk = series("risk", "Risk", Shape::Square, true, |p| p.risk);
    let protection = series("protection", "Protection", Shape::Circle, false, |p| {
        p.protection
    });
    if risk.points.is_empty() && protection.points.is_empty() {
        return None;
    }
    let chart = LineChart {
        id: "risk-chart",
        title: "Weekly risk and protection (0 to 4)".into(),
        desc: format!(
            "{} weeks with a weekly check-in; risk is the mean of the risk answers, protection of the protection answers.",
            points.len()
        ),
        height: 200.0,
        y_min: 0.0,
        y_max: 4.0,
        y_ticks: vec![(0.0, "0".into()), (2.0, "2".into()), (4.0, "4".into())],
        x_ticks: x_ticks(since, until),
        series: vec![protection, risk],
    };
    Some(format!(
        "<figure>\n<figcaption>Weekly risk and protection <span class=\"legend\">(0 to 4; ● solid line protection, ■ dashed line risk; trends, not a score)</span></figcaption>\n{}\n</figure>",
        chart.svg()
    ))
}

fn checkins(s: &mut String, report: &Report) {
    let list = &report.checkins;
    if list.is_empty() {
        s.push_str("<p class=\"note\">No check-ins in these days.</p>\n");
        return;
    }
    let count = |k: Kind| list.iter().filter(|c| c.kind == k).count();
    let _ = writeln!(
        s,
        "<p>{} morning, {} evening and {} weekly check-ins.</p>",
        count(Kind::Morning),
        count(Kind::Evening),
        count(Kind::Weekly)
    );
    let opts = &report.opts;
    if let Some(chart) = risk_and_protection_chart(list, opts.since, opts.until) {
        s.push_str(&chart);
    }
    let hard: Vec<(f64, f64, String)> = list
        .iter()
        .filter(|c| c.kind == Kind::Evening)
        .filter_map(|c| {
            c.difficulty.map(|d| {
                (
                    x_of(c.day, opts.since, opts.until),
                    f64::from(d),
                    format!("{}: {}", long_day(c.day), ck::difficulty_word(d)),
                )
            })
        })
        .collect();
    if !hard.is_empty() {
        let n = hard.len();
        let chart = LineChart {
            id: "difficulty-chart",
            title: "How hard was today (1 easy to 5 very hard)".into(),
            desc: format!("{n} evening check-ins."),
            height: 180.0,
            y_min: 1.0,
            y_max: 5.0,
            y_ticks: vec![(1.0, "1".into()), (3.0, "3".into()), (5.0, "5".into())],
            x_ticks: x_ticks(opts.since, opts.until),
            series: vec![Series {
                class: "difficulty",
                name: "Difficulty",
                shape: Shape::Circle,
                dashed: false,
                points: hard,
            }],
        };
        let _ = writeln!(
            s,
            "<figure>\n<figcaption>How hard was today <span class=\"legend\">(evening check-ins; 1 easy, 5 very hard)</span></figcaption>\n{}\n</figure>",
            chart.svg()
        );
    }
    s.push_str("<table>\n<thead><tr><th>Day</th><th>Check-in</th><th>What was noted</th></tr></thead>\n<tbody>\n");
    for c in list {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td class=\"body\">{}</td></tr>",
            long_day(c.day),
            c.kind.as_str(),
            escape(&checkin_words(c))
        );
    }
    s.push_str("</tbody>\n</table>\n");
}

/// What a check-in noted, in words (plain text; escape it to show it).
pub fn checkin_words(c: &Checkin) -> String {
    let mut parts = Vec::new();
    if let Some(i) = c.intention.as_deref().filter(|t| !t.trim().is_empty()) {
        parts.push(format!("Intention: {}", i.trim()));
    }
    if let Some(d) = c.difficulty {
        parts.push(format!("Today was {} ({d}/5)", ck::difficulty_word(d)));
    }
    if !c.gratitude.is_empty() {
        parts.push(format!("Grateful for: {}", c.gratitude.join("; ")));
    }
    if !c.answers.is_empty() {
        let point = ck::trend(std::slice::from_ref(c));
        if let Some(p) = point.first() {
            let mut words = Vec::new();
            if let Some(r) = p.risk {
                words.push(format!("risk {}/4", one_decimal(r)));
            }
            if let Some(pr) = p.protection {
                words.push(format!("protection {}/4", one_decimal(pr)));
            }
            if !words.is_empty() {
                parts.push(words.join(", "));
            }
        }
        let answers: Vec<String> = c.answers.iter().map(|(k, v)| format!("{k} {v}")).collect();
        parts.push(format!("Answers: {}", answers.join(", ")));
    }
    if let Some(n) = c.note.as_deref().filter(|t| !t.trim().is_empty()) {
        parts.push(n.trim().to_string());
    }
    parts.join(". ")
}

/// Urges per week as bars: solid for the ones that passed without using,
/// an outline for the rest.
pub fn urges_chart(report: &Report) -> String {
    let opts = &report.opts;
    let weeks = super::urges_per_week(&report.urges, opts.since, opts.until);
    let bars: Vec<chart::Bar> = weeks
        .iter()
        .map(|(w, n, passed)| chart::Bar {
            label: day_label(*w),
            value: *n as f64,
            solid: Some(*passed as f64),
            tip: format!(
                "Week of {}: {n} {}, {passed} passed without using",
                long_day(*w),
                if *n == 1 { "urge" } else { "urges" }
            ),
        })
        .collect();
    format!(
        "<figure>\n<figcaption>Urges per week <span class=\"legend\">(solid: passed without using; outline: the rest; {} weeks)</span></figcaption>\n{}\n</figure>",
        bars.len(),
        chart::bar_chart(
            "urges-chart",
            "Urges per week",
            "Each bar is one week from Monday; its solid part counts the urges that passed without using.",
            &bars
        )
    )
}

fn urges(s: &mut String, report: &Report) {
    let list = &report.urges;
    if list.is_empty() {
        s.push_str("<p class=\"note\">No urges logged in these days.</p>\n");
        return;
    }
    let st = ck_urge::stats(list);
    let _ = writeln!(
        s,
        "<p>{} {} logged; {} passed without using ({} by reaching out){}. Every urge logged is evidence of what works.</p>",
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
    s.push_str(&urges_chart(report));
    let halt: Vec<String> = ck_urge::Halt::ALL
        .iter()
        .map(|h| format!("{} {}", h.as_str(), st.halt.get(*h)))
        .collect();
    let _ = writeln!(s, "<p><b>HALT:</b> {}</p>", escape(&halt.join(" · ")));
    if !st.what_helped.is_empty() {
        s.push_str("<h3>What I did, and whether it passed</h3>\n<table>\n<thead><tr><th>What I did</th><th class=\"num\">Times</th><th class=\"num\">Passed</th></tr></thead>\n<tbody>\n");
        for h in &st.what_helped {
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                escape(&h.did),
                h.count,
                h.passed
            );
        }
        s.push_str("</tbody>\n</table>\n");
    }
    if !st.triggers.is_empty() {
        let t: Vec<String> = st
            .triggers
            .iter()
            .take(8)
            .map(|t| format!("{} ({})", t.trigger, t.count))
            .collect();
        let _ = writeln!(s, "<p><b>Triggers:</b> {}</p>", escape(&t.join(", ")));
    }
    s.push_str("<h3>Each urge</h3>\n<table>\n<thead><tr><th>When</th><th class=\"num\">Strength</th><th>HALT</th><th>Trigger</th><th>What I did</th><th>How it ended</th></tr></thead>\n<tbody>\n");
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
            "<tr><td>{}</td><td class=\"num\">{}/10</td><td>{}</td><td>{}</td><td class=\"body\">{}</td><td>{}</td></tr>",
            u.at.format("%-d %b %Y %H:%M"),
            u.intensity,
            u.halt.names().join(", "),
            escape(u.trigger.as_deref().unwrap_or("")),
            escape(&did),
            u.outcome.map(|o| o.label()).unwrap_or("")
        );
    }
    s.push_str("</tbody>\n</table>\n");
}

fn plan(s: &mut String, plan: &Plan) {
    if plan.is_empty() {
        s.push_str("<p class=\"note\">No plan written yet.</p>\n");
        return;
    }
    for section in Section::ALL {
        let lines = plan.section(section);
        if lines.is_empty() {
            continue;
        }
        let _ = writeln!(s, "<h3>{}</h3>\n<ol>", section.heading());
        for l in lines {
            let _ = writeln!(s, "<li>{}</li>", escape(l));
        }
        s.push_str("</ol>\n");
    }
}

fn clocks(s: &mut String, clocks: &[Clock], today: NaiveDate) {
    if clocks.is_empty() {
        s.push_str("<p class=\"note\">No sobriety clocks.</p>\n");
        return;
    }
    s.push_str("<p class=\"muted\">Every day before a new start still counts.</p>\n");
    for (i, c) in clocks.iter().enumerate() {
        let streaks = c.streaks(today);
        let _ = writeln!(s, "<h3>{}</h3>", escape(&c.label));
        let days = c.days(today);
        let mut facts = vec![format!(
            "{days} {} since {}",
            if days == 1 { "day" } else { "days" },
            long_day(c.current_since())
        )];
        if streaks.len() > 1 {
            facts.push(format!("longest streak {} days", c.longest_days(today)));
            facts.push(format!("{} sober days in all", c.total_days(today)));
        }
        let _ = writeln!(s, "<p>{}</p>", escape(&facts.join(" · ")));
        let first = c.since;
        let spans: Vec<Span> = streaks
            .iter()
            .map(|st| {
                let end = st.end.unwrap_or(today);
                Span {
                    from: x_of(st.start, first, today),
                    to: x_of(end, first, today),
                    label: format!(
                        "{} to {}: {} days",
                        long_day(st.start),
                        st.end.map_or("today".to_string(), long_day),
                        st.days
                    ),
                    short: format!("{} d", st.days),
                    current: st.end.is_none(),
                }
            })
            .collect();
        let _ = writeln!(
            s,
            "<figure>\n<figcaption>History <span class=\"legend\">(each bar a streak; the last is now)</span></figcaption>\n{}\n</figure>",
            chart::timeline(
                &format!("clock-{i}"),
                &format!("{}: {} streaks", c.label, streaks.len()),
                &spans,
                &long_day(first),
                &long_day(today)
            )
        );
        if streaks.len() > 1 {
            s.push_str("<table>\n<thead><tr><th>From</th><th>To</th><th class=\"num\">Days</th><th>Note</th></tr></thead>\n<tbody>\n");
            for st in &streaks {
                let _ = writeln!(
                    s,
                    "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                    long_day(st.start),
                    st.end.map_or("now".to_string(), long_day),
                    st.days,
                    escape(st.note.as_deref().unwrap_or(""))
                );
            }
            s.push_str("</tbody>\n</table>\n");
        }
    }
}

fn amends(s: &mut String, amends: &[Amend]) {
    if amends.is_empty() {
        s.push_str("<p class=\"note\">No one on the amends list.</p>\n");
        return;
    }
    s.push_str("<table>\n<thead><tr><th>Person</th><th>Kind</th><th>Status</th><th class=\"num\">Acts in these days</th></tr></thead>\n<tbody>\n");
    for a in amends {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            escape(&a.person),
            a.kind.name(),
            escape(a.status.label()),
            a.log.len()
        );
    }
    s.push_str("</tbody>\n</table>\n");
    for a in amends {
        let _ = writeln!(s, "<h3>{}</h3>", escape(&a.person));
        let _ = writeln!(
            s,
            "<p class=\"facts\">{} amends · {}</p>",
            a.kind.name(),
            escape(a.status.explain())
        );
        if !a.harm.trim().is_empty() {
            let _ = writeln!(
                s,
                "<p><b>What happened:</b> <span class=\"body\">{}</span></p>",
                escape(a.harm.trim())
            );
        }
        if !a.plan.trim().is_empty() {
            let _ = writeln!(
                s,
                "<p><b>Plan:</b> <span class=\"body\">{}</span></p>",
                escape(a.plan.trim())
            );
        }
        if a.log.is_empty() {
            continue;
        }
        s.push_str("<table>\n<thead><tr><th>Day</th><th>What I did</th><th class=\"num\">Trust</th></tr></thead>\n<tbody>\n");
        for act in &a.log {
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                long_day(act.day),
                escape(&act.note),
                act.trust.map(|t| format!("{t}/5")).unwrap_or_default()
            );
        }
        s.push_str("</tbody>\n</table>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share::ShareOptions;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn report(entries: Vec<Entry>) -> Report {
        let mut opts = ShareOptions::last_days(30, d("2026-03-30"));
        opts.include = vec![Part::Journal];
        Report {
            opts,
            entries,
            clocks: Vec::new(),
            amends: Vec::new(),
            checkins: Vec::new(),
            urges: Vec::new(),
            plan: Plan::default(),
        }
    }

    fn entry(day: &str, body: &str, mood: Option<u8>) -> Entry {
        Entry {
            id: 0,
            day: d(day),
            created_at: String::new(),
            updated_at: String::new(),
            body: body.into(),
            mood,
            craving: Some(3),
            prompt: None,
            tags: vec!["a\"b".into()],
        }
    }

    #[test]
    fn escape_covers_markup_quotes_and_control_characters() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\"\x1b[31m\n"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;[31m\n"
        );
    }

    #[test]
    fn user_text_stays_text_and_nothing_points_outside() {
        let html = render(&report(vec![entry(
            "2026-03-02",
            "<script>fetch('https://x')</script><img src=x>",
            Some(4),
        )]));
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
        let lower = html.to_lowercase();
        for bad in ["http://", "src=", "url(", "<link", "@import", "<iframe"] {
            // The body's own text is escaped, so its `https://` is the only one.
            let n = lower.matches(bad).count();
            let allowed = usize::from(bad == "src=");
            assert!(n <= allowed, "{bad} appears {n} times");
        }
        assert_eq!(lower.matches("https://").count(), 1);
    }

    #[test]
    fn one_point_per_day_with_a_value() {
        let html = render(&report(vec![
            entry("2026-03-02", "a", Some(4)),
            entry("2026-03-02", "b", Some(2)),
            entry("2026-03-05", "c", None),
            entry("2026-03-09", "d", Some(5)),
        ]));
        assert_eq!(html.matches(r#"class="pt mood""#).count(), 2);
        assert_eq!(html.matches(r#"class="pt craving""#).count(), 3);
        assert_eq!(html.matches("<article class=\"entry\">").count(), 4);
    }

    #[test]
    fn every_section_starts_a_printed_page() {
        let mut r = report(Vec::new());
        r.opts.include = vec![Part::Clocks, Part::Journal, Part::Amends];
        let html = render(&r);
        assert_eq!(html.matches("<section class=\"part\"").count(), 3);
        assert!(html.contains("break-before: page"));
        assert!(html.contains("@page"));
    }
}

#[cfg(test)]
mod checkin_tests {
    use super::*;
    use std::collections::BTreeMap;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn weekly(day: &str, risk: u8, protection: u8) -> Checkin {
        let mut answers = BTreeMap::new();
        answers.insert("sleep".to_string(), risk);
        answers.insert("mood".to_string(), risk);
        answers.insert("meetings".to_string(), protection);
        Checkin {
            id: 0,
            day: d(day),
            kind: Kind::Weekly,
            intention: None,
            difficulty: None,
            gratitude: Vec::new(),
            note: Some("<i>note</i>".into()),
            answers,
        }
    }

    #[test]
    fn one_risk_and_one_protection_point_per_week() {
        let list = vec![
            weekly("2026-03-02", 1, 3),
            weekly("2026-03-04", 2, 3), // the same week: the later day wins
            weekly("2026-03-09", 3, 2),
            weekly("2026-03-16", 4, 1),
        ];
        let svg = risk_and_protection_chart(&list, d("2026-03-01"), d("2026-03-20")).unwrap();
        assert_eq!(svg.matches(r#"class="pt risk""#).count(), 3);
        assert_eq!(svg.matches(r#"class="pt protection""#).count(), 3);
        assert!(risk_and_protection_chart(&[], d("2026-03-01"), d("2026-03-20")).is_none());
    }

    #[test]
    fn checkin_text_is_escaped_in_the_table() {
        let mut opts = crate::share::ShareOptions::last_days(30, d("2026-03-20"));
        opts.include = vec![Part::Checkins];
        let r = Report {
            opts,
            entries: Vec::new(),
            clocks: Vec::new(),
            amends: Vec::new(),
            checkins: vec![weekly("2026-03-09", 3, 2)],
            urges: Vec::new(),
            plan: Plan::default(),
        };
        let html = render(&r);
        assert!(html.contains("&lt;i&gt;note&lt;/i&gt;"));
        assert!(!html.contains("<i>note"));
        assert!(html.contains("id=\"risk-chart\""));
    }
}
