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
    /// The country the number serves ("US", "UK"...), shown beside it.
    #[serde(default)]
    pub country: String,
}

/// A journal template: `[[templates]]` in the config. `n` in the Journal
/// offers them; `mend journal add --template NAME` starts from one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub name: String,
    /// The text a new entry starts with.
    pub body: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// A reflection prompt shown above the text and kept with the entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
}

impl Config {
    /// The template named `name` (case-insensitive), or an error naming
    /// the ones there are.
    pub fn template(&self, name: &str) -> Result<&Template> {
        self.templates
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| {
                let names: Vec<&str> = self.templates.iter().map(|t| t.name.as_str()).collect();
                if names.is_empty() {
                    anyhow!("no template named \"{}\": the config has none", name.trim())
                } else {
                    anyhow!(
                        "no template named \"{}\": use one of {}",
                        name.trim(),
                        names.join(", ")
                    )
                }
            })
    }
}

pub use crate::keys::{KeySpec, KeysConfig};

/// The colour theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    Dark,
    Light,
    Plain,
    /// White on black; every text pair at WCAG 4.5:1 or more.
    #[serde(rename = "high-contrast")]
    HighContrast,
}

/// Today's date for the user, honouring the hour their day starts (the
/// one place that reads the clock for "today").
pub fn current_day(config: &Config) -> chrono::NaiveDate {
    crate::domain::dates::day_of(chrono::Local::now().naive_local(), config.day_start_hour)
}

/// The active configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub currency: String,
    pub day_start_hour: u32,
    pub theme: ThemeName,
    /// Draw with plain ASCII only (no box lines, big digits or Braille).
    #[serde(default)]
    pub ascii: bool,
    pub mouse: bool,
    pub idle_lock_minutes: u32,
    /// Whether the crisis screen on the lock screen shows the plan's coping
    /// steps and reasons (your people always stay locked).
    pub crisis_when_locked: bool,
    pub helplines: Vec<Helpline>,
    pub keys: KeysConfig,
    #[serde(default)]
    pub templates: Vec<Template>,
    /// The user's own worksheet kinds (`[[worksheet]]`), after the shipped
    /// ones.
    #[serde(default, rename = "worksheet", skip_serializing_if = "Vec::is_empty")]
    pub worksheets: Vec<crate::domain::worksheet::KindDef>,
}

impl Default for Config {
    fn default() -> Self {
        toml::from_str(DEFAULT_CONFIG).expect("the shipped default config parses")
    }
}

impl Config {
    /// Parses a config file's text; missing options keep their defaults.
    /// Errors are one line naming the key and its line.
    pub fn parse(text: &str) -> Result<Config> {
        let mut value: toml::Table = toml::from_str(DEFAULT_CONFIG).expect("default parses");
        let user: toml::Table = toml::from_str(text).map_err(|e| anyhow!(one_line(&e, text)))?;
        // Validate the user's file on its own first, so errors point at its lines.
        let _: PartialConfig = toml::from_str(text).map_err(|e| anyhow!(one_line(&e, text)))?;
        merge(&mut value, user);
        // Worksheet kinds are read on their own below, with their lines.
        value.remove("worksheet");
        let mut config: Config = toml::Value::Table(value)
            .try_into()
            .map_err(|e: toml::de::Error| anyhow!(one_line(&e, text)))?;
        if config.day_start_hour > 23 {
            return Err(anyhow!(
                "day_start_hour must be between 0 and 23{}",
                line_of(text, "day_start_hour")
            ));
        }
        if config.helplines.is_empty() {
            return Err(anyhow!(
                "helplines must list at least one helpline{}",
                line_of(text, "helplines")
            ));
        }
        for (i, t) in config.templates.iter().enumerate() {
            if t.name.trim().is_empty() {
                return Err(anyhow!(
                    "template {} needs a name{}",
                    i + 1,
                    line_of(text, "[[templates]]")
                ));
            }
            if config.templates[..i]
                .iter()
                .any(|o| o.name.trim().eq_ignore_ascii_case(t.name.trim()))
            {
                return Err(anyhow!(
                    "two templates are named \"{}\"{}",
                    t.name.trim(),
                    line_of(text, "[[templates]]")
                ));
            }
            crate::domain::journal::normalize_tags(&t.tags)
                .map_err(|e| anyhow!("template \"{}\": {e}", t.name.trim()))?;
        }
        crate::keys::KeyMap::from_config(&config.keys)
            .map_err(|e| anyhow!("{e}{}", line_of(text, &e.name)))?;
        let shipped = crate::domain::worksheet::Kinds::shipped_names();
        let shipped: Vec<&str> = shipped.iter().map(String::as_str).collect();
        config.worksheets =
            crate::domain::worksheet::parse_kinds(text, &shipped).map_err(|e| anyhow!(e))?;
        Ok(config)
    }

    /// Every worksheet kind in effect: the shipped ones, then the user's.
    pub fn worksheet_kinds(&self) -> crate::domain::worksheet::Kinds {
        crate::domain::worksheet::Kinds::with(&self.worksheets)
    }

    /// The active configuration as TOML, for `mend config`.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
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

/// The user's file as written, with every field optional, to locate errors.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct PartialConfig {
    currency: Option<String>,
    day_start_hour: Option<u32>,
    theme: Option<ThemeName>,
    ascii: Option<bool>,
    mouse: Option<bool>,
    idle_lock_minutes: Option<u32>,
    crisis_when_locked: Option<bool>,
    helplines: Option<Vec<Helpline>>,
    keys: Option<KeysConfig>,
    templates: Option<Vec<Template>>,
    worksheet: Option<toml::Value>,
}

/// Merges `user` into `base`: tables merge key by key, other values replace.
fn merge(base: &mut toml::Table, user: toml::Table) {
    for (k, v) in user {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(u)) => merge(b, u),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

fn one_line(e: &toml::de::Error, text: &str) -> String {
    let msg = e.message().trim().replace('\n', " ");
    match e.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("{msg} (line {line})")
        }
        None => msg,
    }
}

/// " (line N)" for the first line that mentions `key`, or "".
fn line_of(text: &str, key: &str) -> String {
    text.lines()
        .position(|l| l.contains(key))
        .map(|i| format!(" (line {})", i + 1))
        .unwrap_or_default()
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
    fn unknown_key_is_an_error_naming_it_and_its_line() {
        let e = Config::parse("currency = \"£\"\ncolour = 1\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("colour"), "{e}");
        assert!(e.contains("line 2"), "{e}");
        assert!(!e.contains('\n'), "{e}");
    }

    #[test]
    fn a_wrong_type_names_the_line() {
        let e = Config::parse("\n\nday_start_hour = \"late\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 3"), "{e}");
    }

    #[test]
    fn an_unknown_action_or_key_is_an_error() {
        let e = Config::parse("[keys.list]\nfly = \"z\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("fly") && e.contains("line 2"), "{e}");
        let e = Config::parse("[keys.list]\nnew = \"hyper-z\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("hyper-z"), "{e}");
    }

    #[test]
    fn key_tables_merge_with_the_defaults() {
        let c = Config::parse("[keys.list]\nnew = \"a\"\n").unwrap();
        assert!(matches!(c.keys.list.get("new"), Some(KeySpec::One(k)) if k == "a"));
        assert!(c.keys.list.contains_key("delete"));
        assert!(c.keys.global.contains_key("quit"));
    }

    #[test]
    fn two_kind_templates_ship_and_a_user_list_replaces_them() {
        let c = Config::default();
        assert_eq!(c.templates.len(), 2);
        assert!(c.template("GRATITUDE").is_ok());
        let c = Config::parse(
            "[[templates]]\nname = \"step ten\"\nbody = \"Today I...\"\ntags = [\"steps\"]\n",
        )
        .unwrap();
        assert_eq!(c.templates.len(), 1);
        assert_eq!(c.template("step ten").unwrap().tags, vec!["steps"]);
        let e = c.template("nope").unwrap_err().to_string();
        assert!(e.contains("step ten"), "{e}");
        let e = Config::parse("[[templates]]\nname = \" \"\nbody = \"x\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("needs a name") && e.contains("line 1"), "{e}");
        let e = Config::parse(
            "[[templates]]\nname = \"a\"\nbody = \"x\"\n[[templates]]\nname = \"A\"\nbody = \"y\"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("two templates"), "{e}");
        assert!(Config::parse("[[templates]]\nname = \"a\"\n").is_err());
    }

    #[test]
    fn worksheet_kinds_come_from_the_config_and_a_bad_one_names_its_line() {
        let text = "currency = \"£\"\n[[worksheet]]\nkind = \"gratitude\"\n[[worksheet.field]]\nname = \"for_what\"\n";
        let c = Config::parse(text).unwrap();
        let kinds = c.worksheet_kinds();
        assert!(kinds.get("gratitude").is_some() && kinds.get("harm").is_some());
        let again = Config::parse(&c.to_toml()).unwrap();
        assert_eq!(again, c);
        let e =
            Config::parse("[[worksheet]]\nkind = \"fear\"\n[[worksheet.field]]\nname = \"x\"\n")
                .unwrap_err()
                .to_string();
        assert!(
            e.contains("\"fear\" is defined twice") && e.contains("line 2"),
            "{e}"
        );
    }

    #[test]
    fn the_default_file_round_trips() {
        let c = Config::parse(DEFAULT_CONFIG).unwrap();
        assert_eq!(c, Config::default());
        let again = Config::parse(&c.to_toml()).unwrap();
        assert_eq!(again, c);
    }
}
