//! The relapse-prevention plan (DESIGN.md §8.1): five sections of short
//! lines, in the user's own order.
//!
//! Each item is one line. The crisis screen shows the `coping` steps and the
//! `reasons`; the guided first-run form offers one kind, concrete example per
//! section.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A section of the plan, in the order the plan is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    Reasons,
    WarningSigns,
    Triggers,
    Coping,
    AfterASlip,
}

impl Section {
    /// Every section, in display order.
    pub const ALL: [Section; 5] = [
        Section::Reasons,
        Section::WarningSigns,
        Section::Triggers,
        Section::Coping,
        Section::AfterASlip,
    ];

    /// The stored and JSON name (`reasons`, `warning_signs`, ...).
    pub const fn as_str(self) -> &'static str {
        match self {
            Section::Reasons => "reasons",
            Section::WarningSigns => "warning_signs",
            Section::Triggers => "triggers",
            Section::Coping => "coping",
            Section::AfterASlip => "after_a_slip",
        }
    }

    /// The heading shown above the section.
    pub const fn heading(self) -> &'static str {
        match self {
            Section::Reasons => "Why I stay sober",
            Section::WarningSigns => "My warning signs",
            Section::Triggers => "My triggers (people, places, things)",
            Section::Coping => "What helps, in order",
            Section::AfterASlip => "If I slip",
        }
    }

    /// A kind, concrete example line, offered while writing the plan.
    pub const fn example(self) -> &'static str {
        match self {
            Section::Reasons => "I want to remember my kids' evenings",
            Section::WarningSigns => "I skip meetings and stop answering calls",
            Section::Triggers => "Friday payday, walking past the corner bar",
            Section::Coping => "Leave the room, eat something, call my sponsor",
            Section::AfterASlip => "Tell my sponsor within a day; a slip is information",
        }
    }

    /// The valid names, for error messages.
    pub fn valid_list() -> String {
        Section::ALL
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Section {
    type Err = PlanError;

    /// Case-insensitive; `-` and spaces may stand for `_`
    /// (`warning-signs`, `after a slip`), and `helps` means `coping`.
    fn from_str(s: &str) -> Result<Section, PlanError> {
        let norm = super::name_key(s);
        let found = Section::ALL.iter().copied().find(|x| x.as_str() == norm);
        match (found, norm.as_str()) {
            (Some(x), _) => Ok(x),
            (None, "reason") => Ok(Section::Reasons),
            (None, "trigger") => Ok(Section::Triggers),
            (None, "warning_sign" | "warnings") => Ok(Section::WarningSigns),
            (None, "helps" | "what_helps") => Ok(Section::Coping),
            (None, "slip") => Ok(Section::AfterASlip),
            _ => Err(PlanError::UnknownSection(s.trim().to_string())),
        }
    }
}

/// Bad input for the plan.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("unknown plan section \"{0}\": use one of {list}", list = Section::valid_list())]
    UnknownSection(String),
    #[error("a plan line needs some text")]
    EmptyText,
    #[error("{section} has no line {n} (it has {len}); lines count from 1")]
    NoLine {
        section: Section,
        n: usize,
        len: usize,
    },
}

/// The whole plan: each section's lines in order. Serialises to the JSON
/// shape of DESIGN.md §8.1.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    #[serde(default)]
    pub reasons: Vec<String>,
    #[serde(default)]
    pub warning_signs: Vec<String>,
    #[serde(default)]
    pub triggers: Vec<String>,
    #[serde(default)]
    pub coping: Vec<String>,
    #[serde(default)]
    pub after_a_slip: Vec<String>,
}

impl Plan {
    /// A section's lines, in order.
    pub fn section(&self, s: Section) -> &[String] {
        match s {
            Section::Reasons => &self.reasons,
            Section::WarningSigns => &self.warning_signs,
            Section::Triggers => &self.triggers,
            Section::Coping => &self.coping,
            Section::AfterASlip => &self.after_a_slip,
        }
    }

    /// A section's lines, to change.
    pub fn section_mut(&mut self, s: Section) -> &mut Vec<String> {
        match s {
            Section::Reasons => &mut self.reasons,
            Section::WarningSigns => &mut self.warning_signs,
            Section::Triggers => &mut self.triggers,
            Section::Coping => &mut self.coping,
            Section::AfterASlip => &mut self.after_a_slip,
        }
    }

    /// Whether nothing has been written in any section.
    pub fn is_empty(&self) -> bool {
        Section::ALL.iter().all(|s| self.section(*s).is_empty())
    }

    /// The number of lines in all sections.
    pub fn len(&self) -> usize {
        Section::ALL.iter().map(|s| self.section(*s).len()).sum()
    }

    /// The first coping step, if one is written.
    pub fn first_coping(&self) -> Option<&str> {
        self.coping.first().map(String::as_str)
    }

    /// Every line checked and normalised (for import): empty lines dropped,
    /// others trimmed and made one line.
    pub fn normalized(&self) -> Plan {
        let mut out = Plan::default();
        for s in Section::ALL {
            *out.section_mut(s) = self
                .section(s)
                .iter()
                .filter_map(|t| normalize_line(t).ok())
                .collect();
        }
        out
    }
}

/// A plan line as stored: trimmed, on one line (line breaks and tabs become
/// spaces), not empty.
pub fn normalize_line(text: &str) -> Result<String, PlanError> {
    let one: String = text
        .split(['\n', '\r', '\t'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let one: String = one.chars().filter(|c| !c.is_control()).collect();
    if one.trim().is_empty() {
        Err(PlanError::EmptyText)
    } else {
        Ok(one.trim().to_string())
    }
}

/// The lines of a multi-line text (a tall form field): one plan line per
/// non-empty line, in order.
pub fn lines_of(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| normalize_line(l).ok())
        .collect()
}

/// Checks that line `n` (counting from 1) exists in a section of `len`
/// lines, and returns its index.
pub fn check_index(section: Section, n: usize, len: usize) -> Result<usize, PlanError> {
    if n == 0 || n > len {
        Err(PlanError::NoLine { section, n, len })
    } else {
        Ok(n - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_names_parse_loosely_and_print_as_stored() {
        assert_eq!(
            "warning-signs".parse::<Section>().unwrap(),
            Section::WarningSigns
        );
        assert_eq!(
            "After a slip".parse::<Section>().unwrap(),
            Section::AfterASlip
        );
        assert_eq!("COPING".parse::<Section>().unwrap(), Section::Coping);
        let e = "hopes".parse::<Section>().unwrap_err().to_string();
        assert!(e.contains("hopes") && e.contains("after_a_slip"), "{e}");
        for s in Section::ALL {
            assert_eq!(s.as_str().parse::<Section>().unwrap(), s);
        }
    }

    #[test]
    fn lines_are_trimmed_single_and_never_empty() {
        assert_eq!(
            normalize_line("  call\n my sponsor \t now ").unwrap(),
            "call my sponsor now"
        );
        assert_eq!(normalize_line(" \n\t "), Err(PlanError::EmptyText));
        assert_eq!(
            lines_of("eat\n\n  walk \r\ncall"),
            vec!["eat", "walk", "call"]
        );
    }

    #[test]
    fn line_numbers_count_from_one() {
        assert_eq!(check_index(Section::Coping, 1, 2), Ok(0));
        assert_eq!(check_index(Section::Coping, 2, 2), Ok(1));
        let e = check_index(Section::Coping, 3, 2).unwrap_err().to_string();
        assert_eq!(e, "coping has no line 3 (it has 2); lines count from 1");
        assert!(check_index(Section::Coping, 0, 2).is_err());
    }

    #[test]
    fn json_shape_is_five_arrays_in_order() {
        let mut p = Plan::default();
        p.coping.push("walk".into());
        let v = serde_json::to_value(&p).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        assert_eq!(keys.len(), 5);
        for s in Section::ALL {
            assert!(v.get(s.as_str()).unwrap().is_array());
        }
        assert_eq!(v["coping"][0], "walk");
        assert_eq!(p.first_coping(), Some("walk"));
        let back: Plan = serde_json::from_str(r#"{"reasons":["kids"]}"#).unwrap();
        assert_eq!(back.reasons, vec!["kids"]);
        assert!(back.coping.is_empty());
    }

    #[test]
    fn every_section_has_a_kind_example() {
        for s in Section::ALL {
            assert!(!s.example().is_empty());
            assert!(!s.heading().is_empty());
        }
    }
}
