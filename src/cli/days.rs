//! `mend days`: one short line per clock, fit for a shell prompt.

use anyhow::Result;
use clap::Args;
use serde_json::Value;

use super::Global;
use super::clock::{NO_CLOCK_HINT, days_json, days_line};

#[derive(Debug, Args)]
pub struct DaysArgs {
    /// Only this clock
    pub label: Option<String>,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

pub fn run(global: &Global, args: DaysArgs) -> Result<()> {
    let env = global.env()?;
    let clocks = match &args.label {
        Some(label) => vec![env.store.clock_by_label(label)?],
        None => env.store.clocks()?,
    };
    if args.json {
        let all: Vec<Value> = clocks.iter().map(|c| days_json(c, env.today)).collect();
        return super::print(&format!("{}\n", serde_json::to_string(&all)?));
    }
    if clocks.is_empty() {
        return super::print(NO_CLOCK_HINT);
    }
    let mut out = String::new();
    for c in &clocks {
        out.push_str(&days_line(c, env.today));
        out.push('\n');
    }
    super::print(&out)
}
