//! `mend journal`: add, list, search, show, edit and delete entries.

use std::io::{BufRead, IsTerminal, Read, Write};

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use serde::Serialize;

use super::{Env, Global, parse_day_arg};
use crate::domain::journal::{
    self, Entry, EntryError, Filter, HL_END, HL_START, NewEntry, check_craving, check_mood,
};
use crate::text::clean;

#[derive(Debug, Subcommand)]
pub enum JournalCmd {
    /// Write an entry (TEXT, `-` or piped stdin, else $EDITOR); prints its id
    Add(AddArgs),
    /// Entries, newest first
    List(ListArgs),
    /// Full-text search, best matches first, with snippets
    Search(SearchArgs),
    /// One entry in full
    Show(ShowArgs),
    /// Change an entry: its text in $EDITOR, or fields with flags
    Edit(EditArgs),
    /// Delete an entry (asks first on a terminal; --yes otherwise)
    Delete(DeleteArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The entry's text; `-` reads stdin
    pub text: Option<String>,
    /// Mood, 1 (very low) to 5 (very good)
    #[arg(long, value_name = "1-5", allow_negative_numbers = true)]
    pub mood: Option<i64>,
    /// Craving, 0 (none) to 10 (overwhelming)
    #[arg(long, value_name = "0-10", allow_negative_numbers = true)]
    pub craving: Option<i64>,
    /// A tag (repeat for more)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// The day it is about: YYYY-MM-DD, today, yesterday, "N days ago"
    #[arg(long, value_name = "DAY")]
    pub day: Option<String>,
    /// Attach today's reflection prompt (printed on stderr)
    #[arg(long)]
    pub prompt: bool,
    /// Start from a template in the config (its text, tags and prompt);
    /// TEXT or stdin is added below its text
    #[arg(long, value_name = "NAME")]
    pub template: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// At most this many entries (1 or more)
    #[arg(long, default_value_t = 20, value_name = "N", value_parser = parse_limit)]
    pub limit: usize,
    /// Only entries on or after DAY
    #[arg(long, value_name = "DAY")]
    pub since: Option<String>,
    /// Only entries on or before DAY
    #[arg(long, value_name = "DAY")]
    pub until: Option<String>,
    /// Only entries with this tag
    #[arg(long)]
    pub tag: Option<String>,
    /// Entries written on this date in earlier years, and one month ago
    #[arg(long, conflicts_with_all = ["since", "until", "tag"])]
    pub on_this_day: bool,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find; a trailing * finds words that start with it
    pub query: String,
    /// At most this many matches (1 or more)
    #[arg(long, default_value_t = 20, value_name = "N", value_parser = parse_limit)]
    pub limit: usize,
    /// Print JSON (each entry adds "snippet")
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    pub id: i64,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    pub id: i64,
    /// New mood, 1–5 (without the editor)
    #[arg(long, value_name = "1-5", allow_negative_numbers = true)]
    pub mood: Option<i64>,
    /// New craving, 0–10 (without the editor)
    #[arg(long, value_name = "0-10", allow_negative_numbers = true)]
    pub craving: Option<i64>,
    /// Replace the tags (repeat for more; without the editor)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Move the entry to another day (without the editor)
    #[arg(long, value_name = "DAY")]
    pub day: Option<String>,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    pub id: i64,
    /// Do not ask
    #[arg(long)]
    pub yes: bool,
}

/// One entry as `--json` prints it (DESIGN.md §4).
#[derive(Debug, Serialize)]
struct JsonEntry<'a> {
    id: i64,
    day: String,
    created_at: &'a str,
    updated_at: &'a str,
    body: &'a str,
    mood: Option<u8>,
    craving: Option<u8>,
    prompt: Option<&'a str>,
    tags: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<String>,
}

impl<'a> JsonEntry<'a> {
    fn new(e: &'a Entry, snippet: Option<String>) -> Self {
        JsonEntry {
            id: e.id,
            day: crate::domain::format_day(e.day),
            created_at: &e.created_at,
            updated_at: &e.updated_at,
            body: &e.body,
            mood: e.mood,
            craving: e.craving,
            prompt: e.prompt.as_deref(),
            tags: &e.tags,
            snippet,
        }
    }
}

pub fn run(global: &Global, cmd: JournalCmd) -> Result<()> {
    match cmd {
        JournalCmd::Add(a) => add(global, a),
        JournalCmd::List(a) => list(global, a),
        JournalCmd::Search(a) => search(global, a),
        JournalCmd::Show(a) => show(global, a),
        JournalCmd::Edit(a) => edit(global, a),
        JournalCmd::Delete(a) => delete(global, a),
    }
}

/// `--limit`: a whole number of 1 or more (0 would list nothing and say
/// there is nothing).
fn parse_limit(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(0) => Err("give 1 or more".to_string()),
        Ok(n) => Ok(n),
        Err(_) => Err("expected a whole number of 1 or more".to_string()),
    }
}

fn mood_arg(n: Option<i64>) -> Result<Option<u8>> {
    Ok(n.map(check_mood).transpose()?)
}

fn craving_arg(n: Option<i64>) -> Result<Option<u8>> {
    Ok(n.map(check_craving).transpose()?)
}

fn tags_arg(tags: &[String]) -> Result<Vec<String>> {
    Ok(journal::normalize_tags(tags)?)
}

fn read_stdin() -> Result<String> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .context("cannot read the entry from stdin (is it UTF-8 text?)")?;
    Ok(text)
}

fn add(global: &Global, a: AddArgs) -> Result<()> {
    // Check everything that does not need the text first, so bad flags never
    // open an editor or swallow stdin for nothing.
    let mood = mood_arg(a.mood)?;
    let craving = craving_arg(a.craving)?;
    let mut tags = tags_arg(&a.tags)?;
    let mut env = global.env()?;
    let template = a
        .template
        .as_deref()
        .map(|name| env.config.template(name))
        .transpose()?
        .cloned();
    let day = match &a.day {
        Some(d) => parse_day_arg(d, env.today)?,
        None => env.today,
    };
    journal::check_day(day, env.today)?;
    let mut prompt = a.prompt.then(|| journal::prompt_for(env.today).to_string());
    if let Some(t) = &template {
        for tag in tags_arg(&t.tags)? {
            if !tags.iter().any(|x| x.eq_ignore_ascii_case(&tag)) {
                tags.push(tag);
            }
        }
        if prompt.is_none() {
            prompt = t.prompt.clone();
        }
    }
    if let Some(p) = &prompt {
        eprintln!("{p}");
    }
    let start = template.as_ref().map(|t| t.body.as_str()).unwrap_or("");
    let typed = match a.text.as_deref() {
        Some("-") => Some(read_stdin()?),
        Some(t) => Some(t.to_string()),
        None if !std::io::stdin().is_terminal() => Some(read_stdin()?),
        None => None,
    };
    let body = match typed {
        Some(t) if start.is_empty() => t,
        Some(t) => format!("{}\n{t}", start.trim_end()),
        None => {
            let text = crate::external::edit_text(start)?;
            if !start.is_empty() && text.trim() == start.trim() {
                bail!("the template was left as it was, so nothing was saved");
            }
            text
        }
    };
    let entry = NewEntry {
        day,
        body,
        mood,
        craving,
        prompt,
        tags,
    };
    let id = env.store.add_entry(&entry)?;
    super::print(&format!("{id}\n"))
}

fn filter_args(env: &Env, a: &ListArgs) -> Result<Filter> {
    let tag = match &a.tag {
        Some(t) => journal::normalize_tag(t)?,
        None => None,
    };
    let since = a
        .since
        .as_deref()
        .map(|d| parse_day_arg(d, env.today))
        .transpose()?;
    let until = a
        .until
        .as_deref()
        .map(|d| parse_day_arg(d, env.today))
        .transpose()?;
    if let (Some(s), Some(u)) = (since, until)
        && s > u
    {
        bail!("--since is after --until: no day can match");
    }
    Ok(Filter { tag, since, until })
}

/// One line for a list: `#12  2026-03-15 14:02  ☺3 ⚡7  first line  #tag`.
fn line(e: &Entry) -> String {
    let mut s = format!(
        "#{:<4} {} {}",
        e.id,
        crate::domain::format_day(e.day),
        e.time()
    );
    if let Some(m) = e.mood {
        s.push_str(&format!("  mood {m}/5"));
    }
    if let Some(c) = e.craving {
        s.push_str(&format!("  craving {c}/10"));
    }
    s.push_str("  ");
    s.push_str(&clean(&truncate(e.first_line(), 60)));
    for t in &e.tags {
        s.push_str(&format!(" #{}", clean(t)));
    }
    s
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

fn list(global: &Global, a: ListArgs) -> Result<()> {
    let env = global.env()?;
    if a.on_this_day {
        let days = env.store.on_this_day_days(env.today)?;
        let mut entries = env.store.entries_on_days(&days)?;
        entries.truncate(a.limit);
        if a.json {
            let rows: Vec<JsonEntry> = entries.iter().map(|e| JsonEntry::new(e, None)).collect();
            return super::print(&(serde_json::to_string_pretty(&rows)? + "\n"));
        }
        if entries.is_empty() {
            return super::print("nothing written on this day in earlier years, or a month ago\n");
        }
        let mut out = String::new();
        for e in &entries {
            out.push_str(&format!(
                "{}  {}\n",
                line(e),
                crate::domain::checkin::how_long_ago(e.day, env.today)
            ));
        }
        return super::print(&out);
    }
    let filter = filter_args(&env, &a)?;
    let entries = env.store.list_page(&filter, None, a.limit)?;
    if a.json {
        let rows: Vec<JsonEntry> = entries.iter().map(|e| JsonEntry::new(e, None)).collect();
        return super::print(&(serde_json::to_string_pretty(&rows)? + "\n"));
    }
    if entries.is_empty() {
        let msg = if filter.is_empty() {
            "no entries yet: write one with `mend journal add \"...\"`\n"
        } else {
            "no entries match\n"
        };
        return super::print(msg);
    }
    let mut out = String::new();
    for e in &entries {
        out.push_str(&line(e));
        out.push('\n');
    }
    super::print(&out)
}

fn search(global: &Global, a: SearchArgs) -> Result<()> {
    let env = global.env()?;
    let hits = env
        .store
        .search_entries(&a.query, &Filter::default(), a.limit)?;
    let plain = |s: &str| s.replace(HL_START, "[").replace(HL_END, "]");
    if a.json {
        let rows: Vec<JsonEntry> = hits
            .iter()
            .map(|h| JsonEntry::new(&h.entry, Some(plain(&h.snippet))))
            .collect();
        return super::print(&(serde_json::to_string_pretty(&rows)? + "\n"));
    }
    if hits.is_empty() {
        return super::print("no entries match\n");
    }
    let mut out = String::new();
    for h in &hits {
        out.push_str(&line(&h.entry));
        out.push('\n');
        let snippet = clean(&plain(&h.snippet)).replace('\n', " ");
        out.push_str(&format!("      {snippet}\n"));
    }
    super::print(&out)
}

fn show(global: &Global, a: ShowArgs) -> Result<()> {
    let env = global.env()?;
    let e = env.store.entry(a.id)?;
    if a.json {
        return super::print(&(serde_json::to_string_pretty(&JsonEntry::new(&e, None))? + "\n"));
    }
    let mut out = format!("#{}  {} {}\n", e.id, e.day.format("%A %-d %B %Y"), e.time());
    if let Some(m) = e.mood {
        out.push_str(&format!("mood {m}/5\n"));
    }
    if let Some(c) = e.craving {
        out.push_str(&format!("craving {c}/10\n"));
    }
    if !e.tags.is_empty() {
        let tags: Vec<String> = e.tags.iter().map(|t| format!("#{}", clean(t))).collect();
        out.push_str(&format!("tags {}\n", tags.join(" ")));
    }
    if let Some(p) = &e.prompt {
        out.push_str(&format!("prompt: {}\n", clean(p)));
    }
    out.push('\n');
    out.push_str(&clean(&e.body));
    out.push('\n');
    super::print(&out)
}

fn edit(global: &Global, a: EditArgs) -> Result<()> {
    let mood = mood_arg(a.mood)?;
    let craving = craving_arg(a.craving)?;
    let tags = tags_arg(&a.tags)?;
    let mut env = global.env()?;
    let e = env.store.entry(a.id)?;
    let day = a
        .day
        .as_deref()
        .map(|d| parse_day_arg(d, env.today))
        .transpose()?;
    if let Some(d) = day {
        journal::check_day(d, env.today)?;
    }
    let fields = a.mood.is_some() || a.craving.is_some() || !a.tags.is_empty() || a.day.is_some();
    let mut next = NewEntry {
        day: day.unwrap_or(e.day),
        body: e.body.clone(),
        mood: if a.mood.is_some() { mood } else { e.mood },
        craving: if a.craving.is_some() {
            craving
        } else {
            e.craving
        },
        prompt: e.prompt.clone(),
        tags: if a.tags.is_empty() {
            e.tags.clone()
        } else {
            tags
        },
    };
    if !fields {
        let text = crate::external::edit_text(&e.body)?;
        if text.trim().is_empty() {
            return Err(EntryError::EmptyBody).context("nothing was changed");
        }
        if text.trim_end() == e.body.trim_end() {
            return super::print("nothing changed\n");
        }
        next.body = text;
    }
    env.store.update_entry(a.id, &next)?;
    super::print(&format!("updated entry {}\n", a.id))
}

fn delete(global: &Global, a: DeleteArgs) -> Result<()> {
    let mut env = global.env()?;
    let e = env.store.entry(a.id)?;
    if !a.yes {
        if !std::io::stdin().is_terminal() {
            bail!("deleting needs --yes when there is no terminal to ask; nothing was deleted");
        }
        let mut err = std::io::stderr();
        write!(
            err,
            "Delete entry {} from {}? This cannot be undone. [y/N] ",
            e.id,
            crate::domain::format_day(e.day)
        )?;
        err.flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim().to_lowercase().as_str(), "y" | "yes") {
            return super::print("kept; nothing was deleted\n");
        }
    }
    env.store.delete_entry(a.id)?;
    super::print(&format!("deleted entry {}\n", a.id))
}
