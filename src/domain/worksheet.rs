//! Step-work worksheets (DESIGN.md §8.3): rows of a kind (resentment, fear,
//! harm, cost-benefit, ABC, or a kind the user defines), each a set of
//! fields → text, a harm row optionally linked to the amend it became.
//!
//! Kinds are TOML: the shipped ones in `assets/worksheets.toml`, the user's
//! own as `[[worksheet]]` tables in the config file. A bad kind is refused
//! with one line naming the line it is on. No I/O here.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::domain::amends::{NewAmend, Status};

/// The kinds mend ships, as TOML.
pub const SHIPPED: &str = include_str!("../../assets/worksheets.toml");

/// The kind whose rows become amends.
pub const HARM: &str = "harm";
/// The harm field that becomes the amend's person.
pub const HARM_PERSON: &str = "whom";
/// The harm field that becomes the amend's harm.
pub const HARM_WHAT: &str = "what_i_did";

/// One field of a worksheet kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDef {
    pub name: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub help: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tall: bool,
}

/// A worksheet kind: its name, title and fields in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindDef {
    pub kind: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub about: String,
    #[serde(rename = "field")]
    pub fields: Vec<FieldDef>,
}

impl KindDef {
    pub fn field(&self, name: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The field names, comma-separated, for messages.
    pub fn field_list(&self) -> String {
        self.fields
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Checks a row's fields against the kind: every name is one of its
    /// fields, none twice; empty values are dropped; at least one is left.
    /// Returns them in the kind's order, each trimmed at its ends.
    pub fn check_fields(&self, set: &[(String, String)]) -> Result<Fields, WorksheetError> {
        let mut seen: Vec<&str> = Vec::new();
        for (name, _) in set {
            let name = name.trim();
            if self.field(name).is_none() {
                return Err(WorksheetError::UnknownField {
                    kind: self.kind.clone(),
                    field: shown(name),
                    fields: self.field_list(),
                });
            }
            if seen.contains(&name) {
                return Err(WorksheetError::FieldTwice(name.to_string()));
            }
            seen.push(name);
        }
        let mut out = Vec::new();
        for f in &self.fields {
            if let Some((_, v)) = set.iter().find(|(n, _)| n.trim() == f.name) {
                let v = tidy(v);
                if !v.is_empty() {
                    out.push((f.name.clone(), v));
                }
            }
        }
        if out.is_empty() {
            return Err(WorksheetError::Empty);
        }
        Ok(Fields(out))
    }

    /// Puts `fields` in this kind's order (fields it does not know go last,
    /// in their own order).
    pub fn order(&self, fields: &mut Fields) {
        let rank = |n: &str| {
            self.fields
                .iter()
                .position(|f| f.name == n)
                .unwrap_or(usize::MAX)
        };
        fields.0.sort_by_key(|(n, _)| rank(n));
    }
}

/// Trims a field's text at both ends and writes line breaks as `\n`.
fn tidy(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_string()
}

/// A short, one-line, control-free copy of a name for a message.
fn shown(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .take(32)
        .collect();
    if s.chars().count() > 32 {
        out.push('…');
    }
    out
}

/// A row's fields, in the kind's order: field → text, never empty text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn iter(&self) -> impl Iterator<Item = &(String, String)> {
        self.0.iter()
    }
}

impl Serialize for Fields {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// Reads a map of field → text keeping the order it is written in.
impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Fields, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Fields;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object of field names to text")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Fields, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, String>()? {
                    out.push((k, v));
                }
                Ok(Fields(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// One worksheet row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub id: i64,
    pub kind: String,
    pub fields: Fields,
    /// The amend this row became (harm rows).
    pub amend_id: Option<i64>,
    /// That amend's status, read with the row.
    pub amend_status: Option<Status>,
}

impl Row {
    /// The first field's text on one line, to name the row in a list.
    pub fn summary(&self) -> String {
        self.fields
            .iter()
            .next()
            .map(|(_, v)| v.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    }

    /// The amend a harm row becomes: person from `whom`, harm from
    /// `what_i_did`. Refuses other kinds, a row already linked, and a row
    /// with nobody in `whom`.
    pub fn to_amend(&self) -> Result<NewAmend, WorksheetError> {
        if self.kind != HARM {
            return Err(WorksheetError::NotHarm(shown(&self.kind)));
        }
        if let Some(a) = self.amend_id {
            return Err(WorksheetError::AlreadyLinked {
                row: self.id,
                amend: a,
            });
        }
        let person = self.fields.get(HARM_PERSON).unwrap_or("").trim();
        if person.is_empty() {
            return Err(WorksheetError::NoPerson);
        }
        Ok(NewAmend {
            person: person.to_string(),
            harm: self.fields.get(HARM_WHAT).unwrap_or("").to_string(),
            ..NewAmend::default()
        })
    }
}

/// Bad worksheet input. One line; never repeats the user's text (only kind
/// and field names, which come from the kinds file).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorksheetError {
    #[error("unknown worksheet kind \"{kind}\": use one of {kinds}")]
    UnknownKind { kind: String, kinds: String },
    #[error("a {kind} row has no field \"{field}\": use {fields}")]
    UnknownField {
        kind: String,
        field: String,
        fields: String,
    },
    #[error("the field \"{0}\" is given twice")]
    FieldTwice(String),
    #[error("write FIELD=TEXT (e.g. --set who=\"my boss\")")]
    BadSet,
    #[error("the row is empty: fill in at least one field")]
    Empty,
    #[error("only a harm row becomes an amend (this one is a {0} row)")]
    NotHarm(String),
    #[error("row {row} is already on the amends list (amend {amend})")]
    AlreadyLinked { row: i64, amend: i64 },
    #[error("this harm row names nobody yet: fill in whom first")]
    NoPerson,
}

/// Reads `FIELD=TEXT`.
pub fn parse_set(arg: &str) -> Result<(String, String), WorksheetError> {
    let (k, v) = arg.split_once('=').ok_or(WorksheetError::BadSet)?;
    if k.trim().is_empty() {
        return Err(WorksheetError::BadSet);
    }
    Ok((k.trim().to_string(), v.to_string()))
}

/// A kinds file or config that could not be read: one line, with its line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{msg}{}", match .line { Some(l) => format!(" (line {l})"), None => String::new() })]
pub struct KindsError {
    pub msg: String,
    pub line: Option<usize>,
}

#[derive(Deserialize)]
struct RawFile {
    #[serde(default)]
    worksheet: Vec<RawKind>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKind {
    kind: Spanned<String>,
    title: Option<String>,
    #[serde(default)]
    about: String,
    #[serde(default)]
    field: Vec<RawField>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    name: Spanned<String>,
    label: Option<String>,
    #[serde(default)]
    help: String,
    #[serde(default)]
    tall: bool,
}

fn line_at(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

fn good_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && s.len() <= 40
}

/// "my_part" → "My part".
fn label_of(name: &str) -> String {
    let words = name.replace('_', " ");
    let mut c = words.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Reads the `[[worksheet]]` kinds in a TOML text (the shipped file or a
/// config file; other keys are left alone). `taken` are kind names already
/// defined elsewhere (the shipped ones, for a config).
pub fn parse_kinds(text: &str, taken: &[&str]) -> Result<Vec<KindDef>, KindsError> {
    let raw: RawFile = toml::from_str(text).map_err(|e| KindsError {
        msg: format!("worksheet kinds: {}", e.message().trim().replace('\n', " ")),
        line: e.span().map(|s| line_at(text, s.start)),
    })?;
    let mut out: Vec<KindDef> = Vec::new();
    for k in raw.worksheet {
        let line = Some(line_at(text, k.kind.span().start));
        let err = |msg: String| KindsError { msg, line };
        let name = k.kind.get_ref().trim().to_string();
        if !good_name(&name) {
            return Err(err(format!(
                "worksheet kind \"{}\": a kind's name uses lowercase letters, digits and _, starting with a letter",
                shown(&name)
            )));
        }
        if taken.contains(&name.as_str()) || out.iter().any(|o| o.kind == name) {
            return Err(err(format!(
                "worksheet kind \"{name}\" is defined twice: give it another name"
            )));
        }
        if k.field.is_empty() {
            return Err(err(format!(
                "worksheet kind \"{name}\" has no fields: add [[worksheet.field]] tables with a name each"
            )));
        }
        let mut fields: Vec<FieldDef> = Vec::new();
        for f in k.field {
            let line = Some(line_at(text, f.name.span().start));
            let fname = f.name.get_ref().trim().to_string();
            if !good_name(&fname) {
                return Err(KindsError {
                    msg: format!(
                        "worksheet kind \"{name}\", field \"{}\": a field's name uses lowercase letters, digits and _, starting with a letter",
                        shown(&fname)
                    ),
                    line,
                });
            }
            if fields.iter().any(|o| o.name == fname) {
                return Err(KindsError {
                    msg: format!("worksheet kind \"{name}\" has the field \"{fname}\" twice"),
                    line,
                });
            }
            fields.push(FieldDef {
                label: f
                    .label
                    .map(|l| l.trim().to_string())
                    .filter(|l| !l.is_empty())
                    .unwrap_or_else(|| label_of(&fname)),
                name: fname,
                help: f.help.trim().to_string(),
                tall: f.tall,
            });
        }
        out.push(KindDef {
            title: k
                .title
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| label_of(&name)),
            kind: name,
            about: k.about.trim().to_string(),
            fields,
        });
    }
    Ok(out)
}

/// Every kind in effect: the shipped ones, then the user's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kinds {
    list: Vec<KindDef>,
}

impl Kinds {
    /// The kinds mend ships.
    pub fn shipped() -> Kinds {
        Kinds {
            list: parse_kinds(SHIPPED, &[]).expect("the shipped worksheet kinds parse"),
        }
    }

    /// The shipped kinds followed by `user` (already checked by
    /// [`parse_kinds`]).
    pub fn with(user: &[KindDef]) -> Kinds {
        let mut k = Kinds::shipped();
        for u in user {
            if k.get(&u.kind).is_none() {
                k.list.push(u.clone());
            }
        }
        k
    }

    /// The names of the shipped kinds.
    pub fn shipped_names() -> Vec<String> {
        Kinds::shipped().list.into_iter().map(|k| k.kind).collect()
    }

    /// Adds a kind for rows whose kind is defined nowhere now (imported, or
    /// removed from the config), with the fields those rows have, so they
    /// still show and can be edited.
    pub fn include_rows(&mut self, rows: &[Row]) {
        for r in rows {
            if self.get(&r.kind).is_some() {
                continue;
            }
            let mut fields: Vec<FieldDef> = Vec::new();
            for other in rows.iter().filter(|o| o.kind == r.kind) {
                for (name, _) in other.fields.iter() {
                    if !fields.iter().any(|f| &f.name == name) {
                        fields.push(FieldDef {
                            name: name.clone(),
                            label: label_of(name),
                            help: String::new(),
                            tall: true,
                        });
                    }
                }
            }
            self.list.push(KindDef {
                kind: r.kind.clone(),
                title: label_of(&r.kind),
                about: "A worksheet your config does not define (kept as written)".into(),
                fields,
            });
        }
    }

    pub fn all(&self) -> &[KindDef] {
        &self.list
    }

    pub fn get(&self, kind: &str) -> Option<&KindDef> {
        self.list.iter().find(|k| k.kind == kind)
    }

    /// The kind named `kind`, or an error listing the kinds.
    pub fn find(&self, kind: &str) -> Result<&KindDef, WorksheetError> {
        let k = super::name_key(kind);
        self.get(&k).ok_or_else(|| WorksheetError::UnknownKind {
            kind: shown(kind.trim()),
            kinds: self.names().join(", "),
        })
    }

    pub fn names(&self) -> Vec<&str> {
        self.list.iter().map(|k| k.kind.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn shipped_kinds_have_the_design_fields_in_order() {
        let k = Kinds::shipped();
        let fields = |name: &str| -> Vec<String> {
            k.get(name)
                .unwrap()
                .fields
                .iter()
                .map(|f| f.name.clone())
                .collect()
        };
        assert_eq!(
            k.names(),
            ["resentment", "fear", "harm", "cost_benefit", "abc"]
        );
        assert_eq!(fields("resentment"), ["who", "cause", "affects", "my_part"]);
        assert_eq!(fields("fear"), ["fear", "why", "my_part"]);
        assert_eq!(
            fields("harm"),
            [
                "whom",
                "what_i_did",
                "who_was_hurt",
                "what_i_should_have_done"
            ]
        );
        assert_eq!(
            fields("cost_benefit"),
            [
                "benefits_of_using",
                "costs_of_using",
                "benefits_of_not_using",
                "costs_of_not_using"
            ]
        );
        assert_eq!(
            fields("abc"),
            ["event", "belief", "consequence", "dispute", "effect"]
        );
        assert!(
            k.all()
                .iter()
                .all(|k| k.fields.iter().all(|f| !f.help.is_empty()))
        );
    }

    #[test]
    fn a_user_kind_parses_with_defaults() {
        let text = "currency = \"€\"\n[[worksheet]]\nkind = \"gratitude\"\n[[worksheet.field]]\nname = \"for_what\"\n";
        let kinds = parse_kinds(text, &["harm"]).unwrap();
        assert_eq!(kinds.len(), 1);
        assert_eq!(kinds[0].title, "Gratitude");
        assert_eq!(kinds[0].fields[0].label, "For what");
        let all = Kinds::with(&kinds);
        assert_eq!(all.names().last(), Some(&"gratitude"));
    }

    #[test]
    fn bad_kinds_are_refused_naming_the_line() {
        let cases = [
            ("[[worksheet]]\nkind = \"Bad Name\"\n", "lowercase", 2),
            (
                "[[worksheet]]\n\nkind = \"harm\"\n[[worksheet.field]]\nname = \"x\"\n",
                "defined twice",
                3,
            ),
            ("[[worksheet]]\nkind = \"empty\"\n", "no fields", 2),
            (
                "[[worksheet]]\nkind = \"k\"\n[[worksheet.field]]\nname = \"a\"\n[[worksheet.field]]\nname = \"a\"\n",
                "twice",
                6,
            ),
            ("[[worksheet]]\nkind = \"k\"\ncolour = 1\n", "colour", 3),
            (
                "[[worksheet]]\nkind = \"k\"\n[[worksheet.field]]\nlabel = \"no name\"\n",
                "name",
                3,
            ),
            ("[[worksheet]]\nkind = 3\n", "string", 2),
        ];
        for (text, needle, line) in cases {
            let e = parse_kinds(text, &["harm"]).unwrap_err();
            let s = e.to_string();
            assert!(s.contains(needle), "{s}");
            assert_eq!(e.line, Some(line), "{s}");
            assert!(s.ends_with(&format!("(line {line})")), "{s}");
            assert!(!s.contains('\n'), "{s}");
        }
    }

    #[test]
    fn fields_are_checked_ordered_and_trimmed() {
        let k = Kinds::shipped();
        let harm = k.get("harm").unwrap();
        let f = harm
            .check_fields(&set(&[
                ("what_i_did", " lied\r\nagain "),
                ("whom", "Sam"),
                ("who_was_hurt", "  "),
            ]))
            .unwrap();
        assert_eq!(f.0, set(&[("whom", "Sam"), ("what_i_did", "lied\nagain")]));
        let e = harm.check_fields(&set(&[("who", "x")])).unwrap_err();
        assert!(e.to_string().contains("whom, what_i_did"), "{e}");
        assert_eq!(
            harm.check_fields(&set(&[("whom", "a"), ("whom", "b")])),
            Err(WorksheetError::FieldTwice("whom".into()))
        );
        assert_eq!(
            harm.check_fields(&set(&[("whom", " ")])),
            Err(WorksheetError::Empty)
        );
        assert!(matches!(k.find("cost-benefit"), Ok(d) if d.kind == "cost_benefit"));
        assert!(
            k.find("diary")
                .unwrap_err()
                .to_string()
                .contains("resentment, fear")
        );
    }

    #[test]
    fn parse_set_splits_at_the_first_equals() {
        assert_eq!(parse_set("who=a=b").unwrap(), ("who".into(), "a=b".into()));
        assert_eq!(parse_set("who="), Ok(("who".into(), String::new())));
        assert_eq!(parse_set("who"), Err(WorksheetError::BadSet));
        assert_eq!(parse_set("=x"), Err(WorksheetError::BadSet));
    }

    #[test]
    fn a_harm_row_becomes_an_amend_once() {
        let mut row = Row {
            id: 4,
            kind: "harm".into(),
            fields: Fields(set(&[
                ("whom", "Sam"),
                ("what_i_did", "missed the wedding"),
            ])),
            amend_id: None,
            amend_status: None,
        };
        let a = row.to_amend().unwrap();
        assert_eq!(
            (a.person.as_str(), a.harm.as_str()),
            ("Sam", "missed the wedding")
        );
        row.amend_id = Some(9);
        assert_eq!(
            row.to_amend(),
            Err(WorksheetError::AlreadyLinked { row: 4, amend: 9 })
        );
        row.amend_id = None;
        row.fields = Fields(set(&[("what_i_did", "x")]));
        assert_eq!(row.to_amend(), Err(WorksheetError::NoPerson));
        row.kind = "fear".into();
        assert!(matches!(row.to_amend(), Err(WorksheetError::NotHarm(_))));
    }

    #[test]
    fn rows_of_an_unknown_kind_get_a_kind_from_their_fields() {
        let row = |id, f: &[(&str, &str)]| Row {
            id,
            kind: "gratitude".into(),
            fields: Fields(set(f)),
            amend_id: None,
            amend_status: None,
        };
        let mut k = Kinds::shipped();
        k.include_rows(&[
            row(1, &[("what", "tea")]),
            row(2, &[("what", "x"), ("why", "y")]),
        ]);
        let g = k.get("gratitude").unwrap();
        assert_eq!(g.title, "Gratitude");
        assert_eq!(g.field_list(), "what, why");
        assert_eq!(k.all().len(), 6);
    }
}
