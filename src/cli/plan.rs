//! `mend plan`: the relapse-prevention plan from the shell (DESIGN.md §8.1).

use anyhow::Result;
use clap::{Args, Subcommand};

use super::{Global, print};
use crate::domain::plan::{Plan, Section};
use crate::text::clean;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct PlanArgs {
    /// Print the plan as JSON
    #[arg(long)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Option<PlanCmd>,
}

#[derive(Debug, Subcommand)]
pub enum PlanCmd {
    /// Add a line at the end of a section
    Add(AddArgs),
    /// Change line N of a section (N counts from 1)
    Edit(EditArgs),
    /// Remove line N of a section (N counts from 1)
    Remove(RemoveArgs),
}

const SECTIONS_HELP: &str = "reasons, warning_signs, triggers, coping or after_a_slip";

#[derive(Debug, Args)]
pub struct AddArgs {
    /// reasons, warning_signs, triggers, coping or after_a_slip
    pub section: String,
    /// The line, such as "call my sponsor"
    pub text: String,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// reasons, warning_signs, triggers, coping or after_a_slip
    pub section: String,
    /// The line's number, from 1
    pub n: usize,
    /// The new text
    pub text: String,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// reasons, warning_signs, triggers, coping or after_a_slip
    pub section: String,
    /// The line's number, from 1
    pub n: usize,
}

pub fn run(global: &Global, args: PlanArgs) -> Result<()> {
    match args.command {
        None => show(global, args.json),
        Some(PlanCmd::Add(a)) => {
            // Check before opening (and so creating) the database.
            let section: Section = a.section.parse()?;
            crate::domain::plan::normalize_line(&a.text)?;
            let mut env = global.env()?;
            let n = env.store.add_plan_item(section, &a.text)?;
            crate::store::plan::sync_locked_copy(&env.store, env.config.crisis_when_locked);
            print(&format!("added line {n} to {section}\n"))
        }
        Some(PlanCmd::Edit(a)) => {
            let section: Section = a.section.parse()?;
            crate::domain::plan::normalize_line(&a.text)?;
            let mut env = global.env()?;
            env.store.edit_plan_item(section, a.n, &a.text)?;
            crate::store::plan::sync_locked_copy(&env.store, env.config.crisis_when_locked);
            print(&format!("changed line {} of {section}\n", a.n))
        }
        Some(PlanCmd::Remove(a)) => {
            let section: Section = a.section.parse()?;
            let mut env = global.env()?;
            env.store.remove_plan_item(section, a.n)?;
            crate::store::plan::sync_locked_copy(&env.store, env.config.crisis_when_locked);
            print(&format!("removed line {} of {section}\n", a.n))
        }
    }
}

fn show(global: &Global, json: bool) -> Result<()> {
    let env = global.env()?;
    let plan = env.store.plan()?;
    if json {
        return print(&(serde_json::to_string_pretty(&plan)? + "\n"));
    }
    print(&text(&plan))
}

/// The plan as readable text, numbered as `plan edit` counts.
pub fn text(plan: &Plan) -> String {
    if plan.is_empty() {
        return format!(
            "No plan yet. A plan for hard moments is yours to write, a line at a time:\n  \
             mend plan add coping \"{}\"\nSections: {SECTIONS_HELP}.\n",
            Section::Coping.example()
        );
    }
    let mut out = String::new();
    for s in Section::ALL {
        out.push_str(&format!("{} ({s})\n", s.heading()));
        let lines = plan.section(s);
        if lines.is_empty() {
            out.push_str("  (nothing yet)\n");
        }
        for (i, l) in lines.iter().enumerate() {
            out.push_str(&format!("  {}. {}\n", i + 1, clean(l)));
        }
        out.push('\n');
    }
    out.pop();
    out
}
