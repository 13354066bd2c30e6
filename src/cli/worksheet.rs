//! `mend worksheet ...`: step-work worksheets from the shell (DESIGN.md
//! §8.3), and `mend contacts check` lives in `contacts.rs` with its JSON
//! here.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use serde::Serialize;

use super::{Global, print};
use crate::domain::dates::format_day;
use crate::domain::relationship::Check;
use crate::domain::worksheet::{Fields, KindDef, Kinds, Row, parse_set};
use crate::text::clean;

#[derive(Debug, Subcommand)]
pub enum WorksheetCmd {
    /// The worksheet kinds and their fields
    Kinds(JsonArg),
    /// Write a worksheet row (prints the new id)
    Add(AddArgs),
    /// The rows, oldest first (of one kind, or all)
    List(ListArgs),
    /// Show one row in full
    Show(ShowArgs),
    /// Change fields of a row (the others stay)
    Edit(EditArgs),
    /// Delete a row (an amend it became stays on the list)
    Delete(DeleteArgs),
    /// Put a harm row on the amends list (prints the amend's id)
    ToAmend(IdArg),
}

#[derive(Debug, Args)]
pub struct JsonArg {
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// resentment, fear, harm, cost_benefit, abc, or one of your own
    pub kind: String,
    /// A field and its text, e.g. --set who="my boss" (repeat for more)
    #[arg(long = "set", value_name = "FIELD=TEXT", required = true)]
    pub set: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only rows of this kind
    pub kind: Option<String>,
    /// Print JSON
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
    /// A field and its new text ("" empties it); repeat for more
    #[arg(long = "set", value_name = "FIELD=TEXT", required = true)]
    pub set: Vec<String>,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    pub id: i64,
    /// Do not ask (needed when stdin is not a terminal)
    #[arg(long, short)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct IdArg {
    pub id: i64,
}

/// A row as `mend worksheet list --json` prints it.
#[derive(Debug, Serialize)]
pub struct RowJson<'a> {
    pub id: i64,
    pub kind: &'a str,
    pub fields: &'a Fields,
    pub amend_id: Option<i64>,
    pub amend_status: Option<&'static str>,
}

impl<'a> RowJson<'a> {
    pub fn new(r: &'a Row) -> RowJson<'a> {
        RowJson {
            id: r.id,
            kind: &r.kind,
            fields: &r.fields,
            amend_id: r.amend_id,
            amend_status: r.amend_status.map(|s| s.name()),
        }
    }
}

/// A kind as `mend worksheet kinds --json` prints it.
#[derive(Debug, Serialize)]
pub struct KindJson<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    pub about: &'a str,
    pub fields: Vec<FieldJson<'a>>,
}

#[derive(Debug, Serialize)]
pub struct FieldJson<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub help: &'a str,
    pub tall: bool,
}

impl<'a> KindJson<'a> {
    pub fn new(k: &'a KindDef) -> KindJson<'a> {
        KindJson {
            kind: &k.kind,
            title: &k.title,
            about: &k.about,
            fields: k
                .fields
                .iter()
                .map(|f| FieldJson {
                    name: &f.name,
                    label: &f.label,
                    help: &f.help,
                    tall: f.tall,
                })
                .collect(),
        }
    }
}

/// A relationship check as `mend contacts list --json` prints it.
#[derive(Debug, Serialize)]
pub struct CheckJson {
    pub day: String,
    pub respect: u8,
    pub safety: u8,
    pub affection: u8,
    pub boundaries: u8,
    pub honesty: u8,
    pub signs: Vec<&'static str>,
    pub note: Option<String>,
}

impl CheckJson {
    pub fn new(c: &Check) -> CheckJson {
        let [respect, safety, affection, boundaries, honesty] = c.values;
        CheckJson {
            day: format_day(c.day),
            respect,
            safety,
            affection,
            boundaries,
            honesty,
            signs: c.signs.iter().map(|s| s.name()).collect(),
            note: c.note.clone(),
        }
    }
}

pub fn run(global: &Global, cmd: WorksheetCmd) -> Result<()> {
    match cmd {
        WorksheetCmd::Kinds(a) => kinds(global, a),
        WorksheetCmd::Add(a) => add(global, a),
        WorksheetCmd::List(a) => list(global, a),
        WorksheetCmd::Show(a) => show(global, a),
        WorksheetCmd::Edit(a) => edit(global, a),
        WorksheetCmd::Delete(a) => delete(global, a),
        WorksheetCmd::ToAmend(a) => to_amend(global, a),
    }
}

fn kinds(global: &Global, a: JsonArg) -> Result<()> {
    let kinds = global.load_config()?.worksheet_kinds();
    if a.json {
        let json: Vec<KindJson> = kinds.all().iter().map(KindJson::new).collect();
        return print(&(serde_json::to_string_pretty(&json)? + "\n"));
    }
    let mut out = String::new();
    for k in kinds.all() {
        out.push_str(&format!("{} ({})\n", k.kind, k.title));
        if !k.about.is_empty() {
            out.push_str(&format!("  {}\n", k.about));
        }
        for f in &k.fields {
            out.push_str(&format!("    {:<26}{}\n", f.name, f.label));
        }
    }
    print(&out)
}

fn sets(args: &[String]) -> Result<Vec<(String, String)>> {
    Ok(args
        .iter()
        .map(|s| parse_set(s))
        .collect::<Result<_, _>>()?)
}

fn add(global: &Global, a: AddArgs) -> Result<()> {
    let config = global.load_config()?;
    let kinds = config.worksheet_kinds();
    let kind = kinds.find(&a.kind)?;
    let set = sets(&a.set)?;
    // Check before opening (and so creating) the database.
    kind.check_fields(&set)?;
    let mut env = global.env()?;
    let id = env.store.add_worksheet_row(kind, &set)?;
    print(&format!("{id}\n"))
}

fn list(global: &Global, a: ListArgs) -> Result<()> {
    let env = global.env()?;
    let kinds = env.config.worksheet_kinds();
    let kind = match &a.kind {
        Some(k) => Some(kinds.find(k)?.kind.clone()),
        None => None,
    };
    let mut rows = env.store.worksheet_rows(kind.as_deref())?;
    for r in &mut rows {
        if let Some(k) = kinds.get(&r.kind) {
            k.order(&mut r.fields);
        }
    }
    if a.json {
        let json: Vec<RowJson> = rows.iter().map(RowJson::new).collect();
        return print(&(serde_json::to_string_pretty(&json)? + "\n"));
    }
    if rows.is_empty() {
        return print(
            "no worksheet rows yet: write one with `mend worksheet add resentment --set who=...`\n",
        );
    }
    let mut out = String::new();
    let mut order: Vec<&str> = kinds.names();
    for r in &rows {
        if !order.contains(&r.kind.as_str()) {
            order.push(&r.kind);
        }
    }
    for name in order {
        let of_kind: Vec<&Row> = rows.iter().filter(|r| r.kind == name).collect();
        if of_kind.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        let title = kinds.get(name).map(|k| k.title.as_str()).unwrap_or(name);
        out.push_str(&format!("{title}\n"));
        for r in of_kind {
            out.push_str(&text(r, kinds.get(name)));
        }
    }
    print(&out)
}

/// One row as text: its id, the amend it became, and each field.
fn text(r: &Row, kind: Option<&KindDef>) -> String {
    let mut out = format!("  {:>3}", r.id);
    if let (Some(a), Some(s)) = (r.amend_id, r.amend_status) {
        out.push_str(&format!("  → amend {a} ({})", s.label()));
    }
    out.push('\n');
    for (name, value) in r.fields.iter() {
        let label = kind
            .and_then(|k| k.field(name))
            .map(|f| f.label.as_str())
            .unwrap_or(name);
        let mut lines = value.lines();
        out.push_str(&format!(
            "       {label}: {}\n",
            clean(lines.next().unwrap_or(""))
        ));
        for l in lines {
            out.push_str(&format!("         {}\n", clean(l)));
        }
    }
    out
}

fn show(global: &Global, a: ShowArgs) -> Result<()> {
    let env = global.env()?;
    let kinds = env.config.worksheet_kinds();
    let mut r = env.store.worksheet_row(a.id)?;
    if let Some(k) = kinds.get(&r.kind) {
        k.order(&mut r.fields);
    }
    if a.json {
        return print(&(serde_json::to_string_pretty(&RowJson::new(&r))? + "\n"));
    }
    let title = kinds
        .get(&r.kind)
        .map(|k| k.title.as_str())
        .unwrap_or(&r.kind);
    print(&format!("{title}\n{}", text(&r, kinds.get(&r.kind))))
}

fn edit(global: &Global, a: EditArgs) -> Result<()> {
    let mut env = global.env()?;
    let kinds: Kinds = env.config.worksheet_kinds();
    let row = env.store.worksheet_row(a.id)?;
    let Some(kind) = kinds.get(&row.kind) else {
        bail!(
            "row {} is a {} row, a kind your config no longer defines; add it back to edit the row",
            row.id,
            row.kind
        );
    };
    let changes = sets(&a.set)?;
    // Unknown fields stay in the list, so the store's check refuses them.
    let mut merged: Vec<(String, String)> = row.fields.0.clone();
    for (k, v) in changes {
        match merged.iter_mut().find(|(n, _)| *n == k.trim()) {
            Some(slot) => slot.1 = v,
            None => merged.push((k.trim().to_string(), v)),
        }
    }
    env.store.update_worksheet_row(row.id, kind, &merged)?;
    print(&format!("updated row {}\n", row.id))
}

fn delete(global: &Global, a: DeleteArgs) -> Result<()> {
    let mut env = global.env()?;
    let row = env.store.worksheet_row(a.id)?;
    if !a.yes {
        if !std::io::stdin().is_terminal() {
            bail!("deleting needs --yes when not asked on a terminal");
        }
        let kept = if row.amend_id.is_some() {
            " (the amend it became stays on the list)"
        } else {
            ""
        };
        eprint!("Delete {} row {}{kept}? [y/N] ", row.kind, row.id);
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim().to_lowercase().as_str(), "y" | "yes") {
            return print("kept; nothing deleted\n");
        }
    }
    env.store.delete_worksheet_row(row.id)?;
    print(&format!("deleted row {}\n", row.id))
}

fn to_amend(global: &Global, a: IdArg) -> Result<()> {
    let mut env = global.env()?;
    let id = env.store.worksheet_to_amend(a.id)?;
    print(&format!("{id}\n"))
}
