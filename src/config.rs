//! Paths (through `directories`) and the config file.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use directories::ProjectDirs;
use serde::{Deserialize, Serialize};

/// The default config file, shipped with every option and its comment.
pub const DEFAULT_CONFIG: &str = include_str!("../assets/default_config.toml");

/// A helpline shown on the crisis screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Helpline {
    pub name: String,
    pub number: String,
    #[serde(default)]
    pub note: String,
}

/// The active configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub currency: String,
    pub day_start_hour: u32,
    pub helplines: Vec<Helpline>,
}

impl Default for Config {
    fn default() -> Self {
        toml::from_str(DEFAULT_CONFIG).expect("the shipped default config parses")
    }
}

impl Config {
    /// Parses a config file's text; missing options keep their defaults.
    pub fn parse(text: &str) -> Result<Config> {
        let mut value: toml::Table = toml::from_str(DEFAULT_CONFIG).expect("default parses");
        let user: toml::Table = toml::from_str(text).map_err(|e| anyhow!(one_line(&e)))?;
        for (k, v) in user {
            value.insert(k, v);
        }
        let config: Config = toml::Value::Table(value)
            .try_into()
            .map_err(|e: toml::de::Error| anyhow!(one_line(&e)))?;
        if config.day_start_hour > 23 {
            return Err(anyhow!("day_start_hour must be between 0 and 23"));
        }
        Ok(config)
    }

    /// Loads `path`, or the default config file when it exists, or defaults.
    pub fn load(path: Option<&Path>) -> Result<Config> {
        let (path, required) = match path {
            Some(p) => (Some(p.to_path_buf()), true),
            None => (default_config_path(), false),
        };
        let Some(path) = path else {
            return Ok(Config::default());
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                Config::parse(&text).with_context(|| format!("invalid config {}", path.display()))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
                Ok(Config::default())
            }
            Err(e) => Err(anyhow!("cannot read config {}: {e}", path.display())),
        }
    }
}

fn one_line(e: &toml::de::Error) -> String {
    let msg = e.message().trim().to_string();
    match e.span() {
        Some(span) => format!("{msg} (at byte {})", span.start),
        None => msg,
    }
}

fn project_dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "mend")
}

/// The database used when neither `--db` nor `MEND_DB` is given.
pub fn default_db_path() -> Result<PathBuf> {
    project_dirs()
        .map(|d| d.data_dir().join("mend.db"))
        .ok_or_else(|| anyhow!("cannot find a home folder for the database; pass --db PATH"))
}

/// Where the config file is looked for.
pub fn default_config_path() -> Option<PathBuf> {
    project_dirs().map(|d| d.config_dir().join("config.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_config_has_the_us_helplines_and_dollar() {
        let c = Config::default();
        assert_eq!(c.currency, "$");
        assert!(c.helplines.iter().any(|h| h.number == "988"));
        assert!(c.helplines.iter().any(|h| h.number == "1-800-662-4357"));
    }

    #[test]
    fn user_values_override_defaults() {
        let c = Config::parse("currency = \"€\"\n").unwrap();
        assert_eq!(c.currency, "€");
        assert_eq!(c.helplines, Config::default().helplines);
    }

    #[test]
    fn unknown_key_is_an_error_naming_it() {
        let e = Config::parse("colour = 1\n").unwrap_err().to_string();
        assert!(e.contains("colour"), "{e}");
    }
}
