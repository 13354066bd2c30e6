//! jrnl's `jrnl --export json`, read into an import plan.

use chrono::{Local, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use serde_json::{Map, Value};

use super::*;

/// The stamp of a jrnl entry's local date and time.
fn jrnl_stamp(day: NaiveDate, time: NaiveTime) -> String {
    let naive = NaiveDateTime::new(day, time);
    let stamp = match Local.from_local_datetime(&naive).earliest() {
        Some(t) => t.fixed_offset(),
        None => chrono::Utc.from_utc_datetime(&naive).fixed_offset(),
    };
    stamp.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

pub(super) fn parse_jrnl(top: &Map<String, Value>) -> Result<ImportPlan, Refusal> {
    match top.get("tags") {
        Some(Value::Object(_)) | Some(Value::Array(_)) | Some(Value::Null) | None => {}
        Some(other) => {
            return Err(refuse(format!(
                "field \"tags\": expected an object, found {}",
                type_name(other)
            )));
        }
    }
    let mut journal = Vec::new();
    for (i, v) in top_list(top, "entries")?.iter().enumerate() {
        let o = Obj::new(v, format!("jrnl entry {}", i + 1))?;
        let day = o.day_req("date")?;
        let time = o.str_req("time")?;
        let t = NaiveTime::parse_from_str(&time, "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(&time, "%H:%M:%S"))
            .map_err(|_| {
                o.err(
                    "time",
                    format!("\"{}\" is not a time like 09:30", short(&time)),
                )
            })?;
        let d = dates::parse_iso_day(&day).map_err(|e| o.err("date", e))?;
        let title = o.str_opt("title")?.unwrap_or_default();
        let rest = o.str_opt("body")?.unwrap_or_default();
        let (title, rest) = (title.trim(), rest.trim());
        if title.is_empty() && rest.is_empty() {
            return Err(o.err("body", "the entry is empty (no title and no body)"));
        }
        let body = if rest.is_empty() {
            title.to_string()
        } else if title.is_empty() {
            rest.to_string()
        } else {
            format!("{title}\n\n{rest}")
        };
        let mut tags = o.jrnl_tags("tags")?;
        if o.bool_opt("starred")? && !tags.iter().any(|t| t.eq_ignore_ascii_case("starred")) {
            tags.push("starred".to_string());
        }
        let created_at = jrnl_stamp(d, t);
        journal.push(EntryRecord {
            id: None,
            day,
            updated_at: created_at.clone(),
            created_at,
            body,
            mood: None,
            craving: None,
            prompt: None,
            tags,
        });
    }
    Ok(ImportPlan {
        source: Source::Jrnl,
        clocks: Vec::new(),
        journal,
        contacts: Vec::new(),
        amends: Vec::new(),
        checkins: Vec::new(),
        plan: Default::default(),
        urges: Vec::new(),
        worksheets: Vec::new(),
    })
}
