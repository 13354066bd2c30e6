//! Shell integration: `mend config`, `mend completions`, `mend man`.

use anyhow::{Context, Result};
use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, Global};
use crate::config;

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Print the shipped default config (every option, with comments)
    #[arg(long)]
    pub default: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell
    pub shell: Shell,
}

/// `mend config`: the active configuration and where it comes from.
pub fn config(global: &Global, args: ConfigArgs) -> Result<()> {
    if args.default {
        return super::print(config::DEFAULT_CONFIG);
    }
    let config = global.load_config()?;
    let path = global.config.clone().or_else(config::default_config_path);
    let origin = match &path {
        Some(p) if p.exists() => format!("# config file: {}\n", p.display()),
        Some(p) => format!(
            "# config file: {} (not present: defaults in use)\n",
            p.display()
        ),
        None => "# no config folder found: defaults in use\n".to_string(),
    };
    let db = global
        .db_path()
        .map(|p| format!("# database: {}\n", p.display()))
        .unwrap_or_default();
    super::print(&format!("{origin}{db}\n{}", config.to_toml()))
}

/// `mend completions SHELL`: a completion script on stdout.
pub fn completions(args: CompletionsArgs) -> Result<()> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "mend", &mut out);
    super::print(&String::from_utf8_lossy(&out))
}

/// `mend man`: the man page (roff) on stdout.
pub fn man() -> Result<()> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .context("cannot render the man page")?;
    super::print(&String::from_utf8_lossy(&out))
}
