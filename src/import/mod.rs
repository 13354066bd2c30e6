//! Import: mend JSON exports and jrnl's JSON export, parsed and checked
//! completely into an [`ImportPlan`] before the store writes any of it. The
//! first problem is reported with its place:
//! `journal entry 3, field "day": 2025-02-30 is not a real date`.

mod jrnl;

use std::path::Path;

use chrono::{DateTime, Local};
use serde_json::{Map, Value};

use crate::domain::clock::{EARLIEST_SINCE, MAX_COST_CENTS};
use crate::domain::dates::{self, DayError};
use crate::records::*;
pub use crate::records::{ImportPlan, Refusal, Source};
use crate::store::portable::{ImportReport, Progress};

/// Reads, checks and imports a file: all of it, or nothing. The error is one
/// line: `import refused: <place>: <problem>; nothing was imported`.
pub fn import_file(
    store: &mut crate::store::Store,
    path: &Path,
    dry_run: bool,
    progress: Progress<'_>,
) -> anyhow::Result<ImportReport> {
    let plan = read_import(path)?;
    apply_import(store, &plan, dry_run, progress)
}

/// The largest file `mend import` reads (2 GiB): far above any journal.
pub const MAX_IMPORT_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Reads and checks the export file at `path`, touching no database: a file
/// that cannot be read or is refused never creates or opens one.
pub fn read_import(path: &Path) -> anyhow::Result<ImportPlan> {
    if path.is_dir() {
        anyhow::bail!("{} is a folder, not an export file", path.display());
    }
    // By size, before reading a byte: a device or a huge file would
    // otherwise fill the memory.
    let meta = std::fs::metadata(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    if !meta.is_file() {
        anyhow::bail!(
            "{} is not a regular file, not an export file",
            path.display()
        );
    }
    if meta.len() > MAX_IMPORT_BYTES {
        anyhow::bail!(
            "{} is too big to import ({} MiB; at most {} MiB)",
            path.display(),
            meta.len() / (1024 * 1024),
            MAX_IMPORT_BYTES / (1024 * 1024)
        );
    }
    let bytes =
        std::fs::read(path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    let plan = parse_import(&bytes)?;
    // A day of slack: the file may come from a machine whose day is ahead.
    let latest = Local::now().date_naive() + chrono::Duration::days(1);
    plan.check_days(latest)?;
    Ok(plan)
}

/// Writes a checked import plan: all of it, or nothing.
pub fn apply_import(
    store: &mut crate::store::Store,
    plan: &ImportPlan,
    dry_run: bool,
    progress: Progress<'_>,
) -> anyhow::Result<ImportReport> {
    crate::store::portable::import(store, plan, dry_run, progress).map_err(|e| match e {
        crate::store::Error::Invalid(msg) => anyhow::Error::new(Refusal(msg)),
        other => anyhow::anyhow!("import failed, nothing was imported: {other}"),
    })
}

/// Parses and checks an import file completely. Nothing is written.
pub fn parse_import(bytes: &[u8]) -> Result<ImportPlan, Refusal> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(refuse("the file is empty"));
    }
    if bytes.contains(&0) {
        return Err(refuse(
            "the file is binary, not a JSON export (it contains NUL bytes)",
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        refuse(format!(
            "the file is not UTF-8 text (bad byte at offset {}); it may be binary",
            e.valid_up_to()
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = serde_json::from_str(text).map_err(|e| {
        use serde_json::error::Category;
        match e.classify() {
            Category::Eof => refuse(format!(
                "the file ends too early, at line {} column {} (is it truncated?)",
                e.line(),
                e.column()
            )),
            _ => {
                let msg = e.to_string();
                let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
                refuse(format!(
                    "the file is not valid JSON: {msg} at line {} column {}",
                    e.line(),
                    e.column()
                ))
            }
        }
    })?;
    let Value::Object(top) = value else {
        return Err(refuse(format!(
            "the file is {}, not a mend or jrnl export (expected a JSON object)",
            type_name(&value)
        )));
    };
    let plan = if let Some(format) = top.get("format") {
        if format.as_str() != Some(FORMAT) {
            return Err(refuse(match format.as_str() {
                Some(f) => format!("unknown export format \"{}\"", short(f)),
                None => format!(
                    "field \"format\": expected a string, found {}",
                    type_name(format)
                ),
            }));
        }
        let version = match top.get("version") {
            None | Some(Value::Null) => return Err(refuse("field \"version\" is missing")),
            Some(v) => match v.as_u64() {
                Some(n) => n,
                None => return Err(refuse(format!("unknown export version {v}"))),
            },
        };
        if !(OLDEST_VERSION..=VERSION).contains(&version) {
            return Err(refuse(format!(
                "unknown export version {version} (this mend reads versions {OLDEST_VERSION} to {VERSION}; a newer mend wrote it)"
            )));
        }
        let mut plan = parse_mend(&top, version)?;
        if !plan.worksheets.is_empty() {
            keep_field_order(text, &mut plan.worksheets);
        }
        plan
    } else if top.contains_key("entries") && top.contains_key("tags") {
        jrnl::parse_jrnl(&top)?
    } else {
        return Err(refuse(
            "this is not a mend export (no \"format\": \"mend\") nor a jrnl JSON export (no \"entries\" and \"tags\")",
        ));
    };
    if plan.is_empty() {
        return Err(refuse("the file has nothing to import"));
    }
    Ok(plan)
}

/// One line of text for a refusal: control characters dropped, newlines and
/// tabs as spaces.
fn one_line(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect();
    kept.replace(['\n', '\t'], " ").trim().to_string()
}

fn short(s: &str) -> String {
    let mut out: String = one_line(s).chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// One JSON object being read, with its place for error messages.
struct Obj<'a> {
    map: &'a Map<String, Value>,
    place: String,
}

impl<'a> Obj<'a> {
    fn new(value: &'a Value, place: String) -> Result<Obj<'a>, Refusal> {
        match value {
            Value::Object(map) => Ok(Obj { map, place }),
            other => Err(refuse(format!(
                "{place}: expected an object, found {}",
                type_name(other)
            ))),
        }
    }

    fn err(&self, field: &str, msg: impl std::fmt::Display) -> Refusal {
        refuse(format!("{}, field \"{field}\": {msg}", self.place))
    }

    /// The field's value, `None` when missing or null.
    fn get(&self, field: &str) -> Option<&'a Value> {
        self.map.get(field).filter(|v| !v.is_null())
    }

    fn str_opt(&self, field: &str) -> Result<Option<String>, Refusal> {
        match self.get(field) {
            None => Ok(None),
            Some(Value::String(s)) => {
                if s.contains('\0') {
                    Err(self.err(field, "contains a NUL character"))
                } else {
                    Ok(Some(s.clone()))
                }
            }
            Some(other) => {
                Err(self.err(field, format!("expected text, found {}", type_name(other))))
            }
        }
    }

    /// The record's sync id, when the document has one: a UUID in its
    /// 8-4-4-4-12 hexadecimal form (kept lower-case).
    fn id_opt(&self) -> Result<Option<String>, Refusal> {
        let Some(id) = self.str_opt("id")? else {
            return Ok(None);
        };
        let shape = id.len() == 36
            && id.char_indices().all(|(i, c)| {
                if matches!(i, 8 | 13 | 18 | 23) {
                    c == '-'
                } else {
                    c.is_ascii_hexdigit()
                }
            });
        if shape {
            Ok(Some(id.to_ascii_lowercase()))
        } else {
            Err(self.err(
                "id",
                "is not a record id (a UUID like 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b)",
            ))
        }
    }

    fn str_req(&self, field: &str) -> Result<String, Refusal> {
        self.str_opt(field)?
            .ok_or_else(|| self.err(field, "is missing"))
    }

    fn name_req(&self, field: &str) -> Result<String, Refusal> {
        let s = self.str_req(field)?;
        if s.trim().is_empty() {
            return Err(self.err(field, "is empty"));
        }
        Ok(s)
    }

    fn int_opt(&self, field: &str, lo: i64, hi: i64) -> Result<Option<i64>, Refusal> {
        let expected = || format!("expected a whole number from {lo} to {hi}");
        match self.get(field) {
            None => Ok(None),
            Some(Value::Number(n)) => match n.as_i64() {
                Some(i) if (lo..=hi).contains(&i) => Ok(Some(i)),
                _ => Err(self.err(field, format!("{n} is out of range ({})", expected()))),
            },
            Some(other) => {
                Err(self.err(field, format!("{}, found {}", expected(), type_name(other))))
            }
        }
    }

    fn bool_opt(&self, field: &str) -> Result<bool, Refusal> {
        match self.get(field) {
            None => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(other) => Err(self.err(
                field,
                format!("expected true or false, found {}", type_name(other)),
            )),
        }
    }

    fn day_opt(&self, field: &str) -> Result<Option<String>, Refusal> {
        match self.str_opt(field)? {
            None => Ok(None),
            Some(s) => match dates::parse_iso_day(&s) {
                Ok(d) => Ok(Some(dates::format_day(d))),
                Err(DayError::Impossible(_)) => {
                    Err(self.err(field, format!("{} is not a real date", short(&s))))
                }
                Err(DayError::Unreadable(_)) => Err(self.err(
                    field,
                    format!("\"{}\" is not a day in YYYY-MM-DD form", short(&s)),
                )),
            },
        }
    }

    fn day_req(&self, field: &str) -> Result<String, Refusal> {
        self.day_opt(field)?
            .ok_or_else(|| self.err(field, "is missing"))
    }

    fn stamp_opt(&self, field: &str) -> Result<Option<String>, Refusal> {
        match self.str_opt(field)? {
            None => Ok(None),
            Some(s) => match DateTime::parse_from_rfc3339(&s) {
                Ok(_) => Ok(Some(s)),
                Err(_) => Err(self.err(
                    field,
                    format!(
                        "\"{}\" is not a time like 2026-03-15T09:30:00+01:00",
                        short(&s)
                    ),
                )),
            },
        }
    }

    fn one_of(
        &self,
        field: &str,
        allowed: &[&str],
        default: Option<&str>,
    ) -> Result<String, Refusal> {
        match self.str_opt(field)? {
            None => match default {
                Some(d) => Ok(d.to_string()),
                None => Err(self.err(field, "is missing")),
            },
            Some(s) if allowed.contains(&s.as_str()) => Ok(s),
            Some(s) => Err(self.err(
                field,
                format!(
                    "unknown {field} \"{}\" (use one of: {})",
                    short(&s),
                    allowed.join(", ")
                ),
            )),
        }
    }

    fn list(&self, field: &str) -> Result<&'a [Value], Refusal> {
        match self.get(field) {
            None => Ok(&[]),
            Some(Value::Array(items)) => Ok(items),
            Some(other) => Err(self.err(
                field,
                format!("expected a list, found {}", type_name(other)),
            )),
        }
    }

    /// jrnl's tags: a tag is a word after the tag mark, so a tag holding
    /// spaces (`"@work life"`) is the tags its words make (`work`, `life`),
    /// each without its `@`.
    fn jrnl_tags(&self, field: &str) -> Result<Vec<String>, Refusal> {
        let mut words = Vec::new();
        for (i, t) in self.list(field)?.iter().enumerate() {
            let Value::String(s) = t else {
                return Err(self.err(
                    field,
                    format!("tag {}: expected text, found {}", i + 1, type_name(t)),
                ));
            };
            if s.contains('\0') {
                return Err(self.err(field, format!("tag {} contains a NUL character", i + 1)));
            }
            words.extend(
                s.split_whitespace()
                    .map(|w| w.trim_start_matches('@'))
                    .filter(|w| !w.is_empty())
                    .map(|w| Value::String(w.to_string())),
            );
        }
        let split = Obj {
            map: &Map::from_iter([(field.to_string(), Value::Array(words))]),
            place: self.place.clone(),
        }
        .tags(field, false)?;
        Ok(split)
    }

    fn tags(&self, field: &str, strip_at: bool) -> Result<Vec<String>, Refusal> {
        let mut tags: Vec<String> = Vec::new();
        for (i, t) in self.list(field)?.iter().enumerate() {
            let Value::String(s) = t else {
                return Err(self.err(
                    field,
                    format!("tag {}: expected text, found {}", i + 1, type_name(t)),
                ));
            };
            let s = if strip_at {
                s.trim_start_matches('@')
            } else {
                s.as_str()
            };
            let s = s.trim();
            if s.is_empty() || s.chars().any(char::is_control) {
                return Err(self.err(field, format!("tag {} is empty or not one line", i + 1)));
            }
            // Tag names are unique ignoring ASCII case, as in the database.
            if !tags.iter().any(|t| t.eq_ignore_ascii_case(s)) {
                tags.push(s.to_string());
            }
        }
        Ok(tags)
    }
}

fn top_list<'a>(top: &'a Map<String, Value>, field: &str) -> Result<&'a [Value], Refusal> {
    match top.get(field) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(other) => Err(refuse(format!(
            "field \"{field}\": expected a list, found {}",
            type_name(other)
        ))),
    }
}

fn parse_mend(top: &Map<String, Value>, version: u64) -> Result<ImportPlan, Refusal> {
    let mut plan = ImportPlan {
        source: Source::Mend(version),
        clocks: Vec::new(),
        journal: Vec::new(),
        contacts: Vec::new(),
        amends: Vec::new(),
        checkins: parse_checkins(top)?,
        plan: Default::default(),
        urges: Vec::new(),
        worksheets: Vec::new(),
    };
    for (i, v) in top_list(top, "clocks")?.iter().enumerate() {
        let o = Obj::new(v, format!("clock {}", i + 1))?;
        let cost = match o.get("cost_per_day") {
            None => None,
            Some(Value::Number(n)) => match n.as_f64() {
                Some(x) if x.is_finite() && (0.0..=MAX_COST_CENTS as f64 / 100.0).contains(&x) => {
                    Some((x * 100.0).round() as i64)
                }
                _ => {
                    return Err(o.err(
                        "cost_per_day",
                        format!(
                            "{n} is not an amount of money from 0 to {}",
                            MAX_COST_CENTS / 100
                        ),
                    ));
                }
            },
            Some(other) => {
                return Err(o.err(
                    "cost_per_day",
                    format!("expected a number like 12.5, found {}", type_name(other)),
                ));
            }
        };
        let mut resets = Vec::new();
        for (j, r) in o.list("resets")?.iter().enumerate() {
            let r = Obj::new(r, format!("clock {}, reset {}", i + 1, j + 1))?;
            resets.push(ResetRecord {
                id: r.id_opt()?,
                day: r.day_req("day")?,
                note: r.str_opt("note")?,
            });
        }
        let since = o.day_req("since")?;
        if day_of(&since).is_some_and(|d| d < EARLIEST_SINCE) {
            return Err(o.err(
                "since",
                format!("{since} is before {EARLIEST_SINCE}; check the year"),
            ));
        }
        plan.clocks.push(ClockRecord {
            id: o.id_opt()?,
            label: o.name_req("label")?,
            since,
            cost_per_day_cents: cost,
            resets,
        });
    }
    for (i, v) in top_list(top, "journal")?.iter().enumerate() {
        let o = Obj::new(v, format!("journal entry {}", i + 1))?;
        let day = o.day_req("day")?;
        let created_at = o
            .stamp_opt("created_at")?
            .unwrap_or_else(|| format!("{day}T00:00:00+00:00"));
        let updated_at = o
            .stamp_opt("updated_at")?
            .unwrap_or_else(|| created_at.clone());
        plan.journal.push(EntryRecord {
            id: o.id_opt()?,
            body: o.str_req("body")?,
            mood: o.int_opt("mood", 1, 5)?,
            craving: o.int_opt("craving", 0, 10)?,
            prompt: o.str_opt("prompt")?,
            tags: o.tags("tags", false)?,
            day,
            created_at,
            updated_at,
        });
    }
    for (i, v) in top_list(top, "contacts")?.iter().enumerate() {
        let o = Obj::new(v, format!("contact {}", i + 1))?;
        let mut log = Vec::new();
        for (j, l) in o.list("log")?.iter().enumerate() {
            let l = Obj::new(l, format!("contact {}, log {}", i + 1, j + 1))?;
            log.push(ContactLogRecord {
                id: l.id_opt()?,
                day: l.day_req("day")?,
                note: l.str_opt("note")?,
            });
        }
        plan.contacts.push(ContactRecord {
            id: o.id_opt()?,
            name: o.name_req("name")?,
            role: o.one_of("role", ROLES, None)?,
            phone: o.str_opt("phone")?,
            email: o.str_opt("email")?,
            notes: o.str_opt("notes")?,
            emergency: o.bool_opt("emergency")?,
            cadence_days: o.int_opt("cadence_days", 1, 36_500)?,
            log,
            checks: parse_checks(&o, i)?,
        });
    }
    for (i, v) in top_list(top, "amends")?.iter().enumerate() {
        let o = Obj::new(v, format!("amend {}", i + 1))?;
        let mut log = Vec::new();
        for (j, l) in o.list("log")?.iter().enumerate() {
            let l = Obj::new(l, format!("amend {}, log {}", i + 1, j + 1))?;
            log.push(AmendLogRecord {
                id: l.id_opt()?,
                day: l.day_req("day")?,
                note: l.str_req("note")?,
                trust: l.int_opt("trust", 1, 5)?,
            });
        }
        let contact = o.str_opt("contact")?;
        if let Some(c) = &contact
            && c.trim().is_empty()
        {
            return Err(o.err("contact", "is empty (use null for no contact)"));
        }
        plan.amends.push(AmendRecord {
            id: o.id_opt()?,
            person: o.name_req("person")?,
            contact,
            harm: o.str_opt("harm")?.unwrap_or_default(),
            kind: o.one_of("kind", KINDS, Some("direct"))?,
            plan: o.str_opt("plan")?,
            status: o.one_of("status", STATUSES, Some("listed"))?,
            made_on: o.day_opt("made_on")?,
            notes: o.str_opt("notes")?,
            log,
        });
    }
    parse_plan_and_urges(top, &mut plan)?;
    for (i, v) in top_list(top, "worksheets")?.iter().enumerate() {
        plan.worksheets.push(parse_worksheet(v, i)?);
    }
    Ok(plan)
}
/// A contact's relationship checks (none in older exports).
fn parse_checks(o: &Obj<'_>, i: usize) -> Result<Vec<CheckRecord>, Refusal> {
    use crate::domain::relationship::Sign;
    let mut out = Vec::new();
    for (j, c) in o.list("checks")?.iter().enumerate() {
        let c = Obj::new(c, format!("contact {}, check {}", i + 1, j + 1))?;
        let value = |field: &str| -> Result<i64, Refusal> {
            c.int_opt(field, 1, 5)?
                .ok_or_else(|| c.err(field, "is missing"))
        };
        let names: Vec<&str> = Sign::ALL.iter().map(|s| s.name()).collect();
        let mut signs: Vec<String> = Vec::new();
        for (k, s) in c.list("signs")?.iter().enumerate() {
            match s.as_str() {
                Some(name) if names.contains(&name) => {
                    if !signs.iter().any(|x| x == name) {
                        signs.push(name.to_string());
                    }
                }
                _ => {
                    return Err(c.err(
                        "signs",
                        format!("sign {}: use one of {}", k + 1, names.join(", ")),
                    ));
                }
            }
        }
        signs.sort_by_key(|n| names.iter().position(|x| x == n));
        out.push(CheckRecord {
            id: c.id_opt()?,
            day: c.day_req("day")?,
            respect: value("respect")?,
            safety: value("safety")?,
            affection: value("affection")?,
            boundaries: value("boundaries")?,
            honesty: value("honesty")?,
            signs,
            note: c.str_opt("note")?,
        });
    }
    Ok(out)
}

/// One worksheet row. Its kind need not be one this mend's config defines:
/// rows of a kind defined elsewhere are kept as they are.
fn parse_worksheet(v: &Value, i: usize) -> Result<WorksheetRecord, Refusal> {
    let o = Obj::new(v, format!("worksheet row {}", i + 1))?;
    let kind = o.name_req("kind")?;
    let good = kind
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && kind.len() <= 40;
    if !good {
        return Err(o.err("kind", "a kind's name uses lowercase letters, digits and _"));
    }
    let mut fields = Vec::new();
    match o.get("fields") {
        Some(Value::Object(map)) => {
            for (name, text) in map {
                match text {
                    Value::String(t) if t.contains('\0') => {
                        return Err(o.err(
                            "fields",
                            format!("\"{}\" contains a NUL character", short(name)),
                        ));
                    }
                    Value::String(t) if !t.trim().is_empty() => {
                        fields.push((name.clone(), t.clone()));
                    }
                    Value::String(_) | Value::Null => {}
                    other => {
                        return Err(o.err(
                            "fields",
                            format!(
                                "\"{}\": expected text, found {}",
                                short(name),
                                type_name(other)
                            ),
                        ));
                    }
                }
            }
        }
        None => {}
        Some(other) => {
            return Err(o.err(
                "fields",
                format!(
                    "expected an object of field names to text, found {}",
                    type_name(other)
                ),
            ));
        }
    }
    if fields.is_empty() {
        return Err(o.err("fields", "the row has no text"));
    }
    let amend = match o.get("amend") {
        None => None,
        Some(a) => {
            let a = Obj::new(a, format!("worksheet row {}, amend", i + 1))?;
            Some(AmendRef {
                person: a.name_req("person")?,
                harm: a.str_opt("harm")?.unwrap_or_default(),
            })
        }
    };
    Ok(WorksheetRecord {
        id: o.id_opt()?,
        kind,
        fields: crate::domain::worksheet::Fields(fields),
        amend,
    })
}

/// The key order of each worksheet row's `fields` as written in the file.
/// (A parsed JSON object forgets it; a row's fields keep their kind's
/// order through an export and an import.)
fn keep_field_order(text: &str, rows: &mut [WorksheetRecord]) {
    use serde::Deserialize;
    use serde::de::{IgnoredAny, MapAccess, Visitor};

    struct Keys(Vec<String>);
    impl<'de> Deserialize<'de> for Keys {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Keys, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Keys;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Keys, A::Error> {
                    let mut keys = Vec::new();
                    while let Some((k, _)) = m.next_entry::<String, IgnoredAny>()? {
                        keys.push(k);
                    }
                    Ok(Keys(keys))
                }
            }
            d.deserialize_map(V)
        }
    }
    #[derive(Deserialize)]
    struct Row {
        fields: Option<Keys>,
    }
    #[derive(Deserialize)]
    struct Doc {
        worksheets: Vec<Row>,
    }
    let Ok(doc) = serde_json::from_str::<Doc>(text) else {
        return;
    };
    for (row, order) in rows.iter_mut().zip(doc.worksheets) {
        if let Some(Keys(keys)) = order.fields {
            row.fields
                .0
                .sort_by_key(|(k, _)| keys.iter().position(|x| x == k));
        }
    }
}

/// The `checkins` list of a mend export (optional: older exports have none).
fn parse_checkins(top: &Map<String, Value>) -> Result<Vec<CheckinRecord>, Refusal> {
    use crate::domain::checkin::{self, Kind, MAX_GRATITUDE};
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
    let mut out = Vec::new();
    for (i, v) in top_list(top, "checkins")?.iter().enumerate() {
        let o = Obj::new(v, format!("check-in {}", i + 1))?;
        let mut gratitude = Vec::new();
        for (j, g) in o.list("gratitude")?.iter().enumerate() {
            match g {
                Value::String(s) if !s.contains('\0') => gratitude.push(s.clone()),
                other => {
                    return Err(o.err(
                        "gratitude",
                        format!("item {}: expected text, found {}", j + 1, type_name(other)),
                    ));
                }
            }
        }
        if gratitude.len() > MAX_GRATITUDE {
            return Err(o.err("gratitude", "an evening keeps up to three gratitudes"));
        }
        let mut answers = std::collections::BTreeMap::new();
        match o.get("answers") {
            None => {}
            Some(Value::Object(map)) => {
                for (k, v) in map {
                    let n = v.as_i64().filter(|n| (0..=4).contains(n)).ok_or_else(|| {
                        o.err(
                            "answers",
                            format!("\"{}\" must be a whole number 0 to 4", short(k)),
                        )
                    })?;
                    let item = checkin::find_item(k).ok_or_else(|| {
                        o.err("answers", format!("unknown item \"{}\"", short(k)))
                    })?;
                    answers.insert(item.key.to_string(), n);
                }
            }
            Some(other) => {
                return Err(o.err(
                    "answers",
                    format!("expected an object, found {}", type_name(other)),
                ));
            }
        }
        let kind = o.one_of("kind", &kinds, None)?;
        if kind == "weekly" && answers.is_empty() {
            return Err(o.err("answers", "a weekly check-in needs at least one answer"));
        }
        out.push(CheckinRecord {
            id: o.id_opt()?,
            day: o.day_req("day")?,
            kind,
            intention: o.str_opt("intention")?,
            difficulty: o.int_opt("difficulty", 1, 5)?,
            gratitude,
            answers,
            note: o.str_opt("note")?,
        });
    }
    Ok(out)
}

/// The plan object and the urges list (§8.1); both optional, so an export
/// from before them still imports.
fn parse_plan_and_urges(top: &Map<String, Value>, plan: &mut ImportPlan) -> Result<(), Refusal> {
    use crate::domain::plan::Section as S;
    match top.get("plan") {
        None | Some(Value::Null) => {}
        Some(v) => {
            let o = Obj::new(v, "plan".to_string())?;
            for s in S::ALL {
                for (j, line) in o.list(s.as_str())?.iter().enumerate() {
                    let Value::String(text) = line else {
                        return Err(o.err(
                            s.as_str(),
                            format!("line {}: expected text, found {}", j + 1, type_name(line)),
                        ));
                    };
                    match crate::domain::plan::normalize_line(text) {
                        Ok(t) => plan.plan.section_mut(s).push(t),
                        Err(e) => return Err(o.err(s.as_str(), format!("line {}: {e}", j + 1))),
                    }
                }
            }
        }
    }
    for (i, v) in top_list(top, "urges")?.iter().enumerate() {
        let o = Obj::new(v, format!("urge {}", i + 1))?;
        let at = o
            .stamp_opt("at")?
            .ok_or_else(|| o.err("at", "is missing"))?;
        let intensity = o
            .int_opt("intensity", 0, 10)?
            .ok_or_else(|| o.err("intensity", "is missing"))?;
        let mut halt = Vec::new();
        for (j, h) in o.list("halt")?.iter().enumerate() {
            let name = h.as_str().unwrap_or_default();
            match name.parse::<crate::domain::urge::Halt>() {
                Ok(h) if h.as_str() == name => halt.push(name.to_string()),
                _ => {
                    return Err(o.err(
                        "halt",
                        format!("item {}: use hungry, angry, lonely or tired", j + 1),
                    ));
                }
            }
        }
        let outcomes: Vec<&str> = crate::domain::urge::Outcome::ALL
            .iter()
            .map(|o| o.as_str())
            .collect();
        let outcome = match o.get("outcome") {
            None => None,
            Some(_) => Some(o.one_of("outcome", &outcomes, None)?),
        };
        plan.urges.push(UrgeRecord {
            id: o.id_opt()?,
            at,
            intensity,
            halt,
            trigger: o.str_opt("trigger")?,
            did: o.str_opt("did")?,
            outcome,
            note: o.str_opt("note")?,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> String {
        parse_import(text.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn places_are_precise() {
        let doc = r#"{"format":"mend","version":1,"journal":[
            {"day":"2025-01-01","body":"a"},{"day":"2025-01-02","body":"b"},
            {"day":"2025-02-30","body":"c"}]}"#;
        assert_eq!(
            refused(doc),
            "import refused: journal entry 3, field \"day\": 2025-02-30 is not a real date; nothing was imported"
        );
        let doc =
            r#"{"format":"mend","version":1,"journal":[{"day":"2025-01-01","body":"a","mood":9}]}"#;
        assert!(refused(doc).contains("journal entry 1, field \"mood\": 9 is out of range"));
        let doc = r#"{"format":"mend","version":1,"amends":[{"person":"A","log":[{"day":"2025-01-01","note":"x","trust":"high"}]}]}"#;
        assert!(
            refused(doc).contains("amend 1, log 1, field \"trust\""),
            "{}",
            refused(doc)
        );
    }

    #[test]
    fn versions_and_shapes() {
        assert!(refused(r#"{"format":"mend","version":2}"#).contains("unknown export version 2"));
        assert!(refused(r#"{"format":"mend","version":1}"#).contains("nothing to import"));
        assert!(refused("[1,2]").contains("a list"));
        assert!(refused(r#"{"format":"mend","version":1,"journal":[{"#).contains("ends too early"));
        assert!(
            parse_import(b"\x00\x01\x02")
                .unwrap_err()
                .0
                .contains("binary")
        );
        assert!(refused("  ").contains("empty"));
    }

    #[test]
    fn jrnl_title_and_body_join() {
        let doc = r#"{"tags":{"@work":1},"entries":[{"title":"Hello.","body":"More text.","date":"2024-05-01","time":"09:15","starred":true,"tags":["@work"]},
            {"title":"Only a title.","body":"","date":"2024-05-02","time":"21:00","starred":false,"tags":[]}]}"#;
        let plan = parse_import(doc.as_bytes()).unwrap();
        assert_eq!(plan.source, Source::Jrnl);
        assert_eq!(plan.journal[0].body, "Hello.\n\nMore text.");
        assert_eq!(plan.journal[0].tags, vec!["work", "starred"]);
        assert_eq!(plan.journal[1].body, "Only a title.");
        assert!(
            plan.journal[0]
                .created_at
                .starts_with("2024-05-01T09:15:00")
        );
    }

    #[test]
    fn jrnl_tags_with_spaces_split_into_words_and_empty_entries_are_refused() {
        let doc = r#"{"tags":{},"entries":[{"title":"t","body":"","date":"2024-05-01","time":"09:15","tags":["@work life","@a  @b"]}]}"#;
        let plan = parse_import(doc.as_bytes()).unwrap();
        assert_eq!(plan.journal[0].tags, vec!["work", "life", "a", "b"]);
        let doc = r#"{"tags":{},"entries":[{"title":" ","body":"","date":"2024-05-01","time":"09:15","tags":[]}]}"#;
        assert!(refused(doc).contains("jrnl entry 1, field \"body\": the entry is empty"));
    }

    #[test]
    fn future_entries_are_found_by_their_place() {
        let doc = r#"{"format":"mend","version":1,"journal":[{"day":"2026-03-15","body":"a"},{"day":"2026-03-17","body":"b"}]}"#;
        let plan = parse_import(doc.as_bytes()).unwrap();
        let day = |s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(plan.check_days(day("2026-03-17")).is_ok());
        assert_eq!(
            plan.check_days(day("2026-03-16")).unwrap_err().to_string(),
            "import refused: journal entry 2, field \"day\": 2026-03-17 is in the future; nothing was imported"
        );
    }
}
