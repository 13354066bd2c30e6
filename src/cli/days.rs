//! `mend days`: one short line per clock, fit for a shell prompt.

use anyhow::Result;
use clap::Args;

use super::Global;

#[derive(Debug, Args)]
pub struct DaysArgs {
    /// Only this clock
    pub label: Option<String>,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

pub fn run(global: &Global, args: DaysArgs) -> Result<()> {
    let _env = global.env()?;
    if args.json {
        super::print("[]\n")
    } else {
        super::print("no clock yet: start one with `mend clock add LABEL --since YYYY-MM-DD`\n")
    }
}
