//! Store functions for the relapse-prevention plan (`plan_item`).
//!
//! Positions count from 0 within a section and stay dense: removing a line
//! moves the ones after it up.

use rusqlite::Transaction;

use super::{Error, Result, Store, now_stamp};
use crate::domain::plan::{Plan, PlanError, Section, check_index, normalize_line};

impl From<PlanError> for Error {
    fn from(e: PlanError) -> Self {
        Error::Invalid(e.to_string())
    }
}

fn section_len(tx: &Transaction<'_>, section: Section) -> Result<usize> {
    let n: i64 = tx.query_row(
        "SELECT count(*) FROM plan_item WHERE section = ?1",
        [section.as_str()],
        |r| r.get(0),
    )?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// Replaces a section's lines inside `tx`.
fn replace_section(tx: &Transaction<'_>, section: Section, lines: &[String]) -> Result<()> {
    tx.execute(
        "DELETE FROM plan_item WHERE section = ?1",
        [section.as_str()],
    )?;
    let now = now_stamp();
    let mut stmt = tx.prepare_cached(
        "INSERT INTO plan_item (section, position, text, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4)",
    )?;
    for (i, line) in lines.iter().enumerate() {
        stmt.execute((section.as_str(), i as i64, line, &now))?;
    }
    Ok(())
}

impl Store {
    /// The whole plan, each section in order.
    pub fn plan(&self) -> Result<Plan> {
        let mut plan = Plan::default();
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT section, text FROM plan_item ORDER BY section, position, id")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (section, text) = row?;
            if let Ok(s) = section.parse::<Section>() {
                plan.section_mut(s).push(text);
            }
        }
        Ok(plan)
    }

    /// Adds a line at the end of a section; returns its number (from 1).
    pub fn add_plan_item(&mut self, section: Section, text: &str) -> Result<usize> {
        let text = normalize_line(text)?;
        self.write(|tx| {
            let len = section_len(tx, section)?;
            let now = now_stamp();
            tx.execute(
                "INSERT INTO plan_item (section, position, text, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?4)",
                (section.as_str(), len as i64, &text, &now),
            )?;
            Ok(len + 1)
        })
    }

    /// Changes line `n` (from 1) of a section.
    pub fn edit_plan_item(&mut self, section: Section, n: usize, text: &str) -> Result<()> {
        let text = normalize_line(text)?;
        self.write_erasing(|tx| {
            let i = check_index(section, n, section_len(tx, section)?)?;
            tx.execute(
                "UPDATE plan_item SET text = ?1, updated_at = ?2
                 WHERE section = ?3 AND position = ?4",
                (&text, now_stamp(), section.as_str(), i as i64),
            )?;
            Ok(())
        })
    }

    /// Removes line `n` (from 1) of a section; returns its text.
    pub fn remove_plan_item(&mut self, section: Section, n: usize) -> Result<String> {
        self.write_erasing(|tx| {
            let i = check_index(section, n, section_len(tx, section)?)? as i64;
            let text: String = tx.query_row(
                "SELECT text FROM plan_item WHERE section = ?1 AND position = ?2",
                (section.as_str(), i),
                |r| r.get(0),
            )?;
            tx.execute(
                "DELETE FROM plan_item WHERE section = ?1 AND position = ?2",
                (section.as_str(), i),
            )?;
            tx.execute(
                "UPDATE plan_item SET position = position - 1
                 WHERE section = ?1 AND position > ?2",
                (section.as_str(), i),
            )?;
            Ok(text)
        })
    }

    /// Replaces one section's lines (the plan editor saves a section at
    /// once). Empty lines are dropped.
    pub fn set_plan_section(&mut self, section: Section, lines: &[String]) -> Result<()> {
        let lines: Vec<String> = lines
            .iter()
            .filter_map(|l| normalize_line(l).ok())
            .collect();
        self.write_erasing(|tx| replace_section(tx, section, &lines))
    }

    /// Replaces the whole plan in one transaction (the guided first-run form).
    pub fn set_plan(&mut self, plan: &Plan) -> Result<()> {
        let plan = plan.normalized();
        self.write_erasing(|tx| {
            for s in Section::ALL {
                replace_section(tx, s, plan.section(s))?;
            }
            Ok(())
        })
    }
}

/// The file beside an encrypted journal that keeps the plan's coping steps
/// and reasons readable on the lock screen, when the config allows it
/// (`crisis_when_locked`): `<journal>.crisis`, mode 0600.
pub fn locked_copy_path(db: &std::path::Path) -> std::path::PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".crisis");
    std::path::PathBuf::from(name)
}

/// Keeps the lock-screen copy of the plan in step with the config: written
/// (atomically, 0600) when `allowed` and the journal is encrypted, removed
/// otherwise. Best effort: the crisis screen never depends on it.
pub fn sync_locked_copy(store: &Store, allowed: bool) {
    let Some(db) = store.path() else {
        return;
    };
    let path = locked_copy_path(db);
    if !(allowed && store.is_encrypted()) {
        if path.exists() {
            let _ = std::fs::remove_file(&path);
        }
        return;
    }
    let Ok(plan) = store.plan() else {
        return;
    };
    let copy = Plan {
        coping: plan.coping,
        reasons: plan.reasons,
        ..Plan::default()
    };
    let Ok(text) = serde_json::to_string(&copy) else {
        return;
    };
    let _ = crate::fsutil::atomic_write(&path, |w| {
        use std::io::Write;
        w.write_all(text.as_bytes())?;
        Ok(())
    });
}

/// The lock-screen copy of the plan: (coping steps, reasons), when there is
/// one.
pub fn read_locked_copy(db: &std::path::Path) -> Option<(Vec<String>, Vec<String>)> {
    let text = std::fs::read_to_string(locked_copy_path(db)).ok()?;
    let plan: Plan = serde_json::from_str(&text).ok()?;
    let plan = plan.normalized();
    Some((plan.coping, plan.reasons))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_edit_remove_keep_order_and_numbers() {
        let mut s = Store::open_in_memory().unwrap();
        assert!(s.plan().unwrap().is_empty());
        assert_eq!(s.add_plan_item(Section::Coping, "leave").unwrap(), 1);
        assert_eq!(s.add_plan_item(Section::Coping, " eat ").unwrap(), 2);
        assert_eq!(s.add_plan_item(Section::Coping, "call").unwrap(), 3);
        s.add_plan_item(Section::Reasons, "my kids").unwrap();
        s.edit_plan_item(Section::Coping, 2, "eat something")
            .unwrap();
        assert_eq!(s.remove_plan_item(Section::Coping, 1).unwrap(), "leave");
        let p = s.plan().unwrap();
        assert_eq!(p.coping, vec!["eat something", "call"]);
        assert_eq!(p.reasons, vec!["my kids"]);
        assert_eq!(s.add_plan_item(Section::Coping, "walk").unwrap(), 3);
        assert_eq!(s.plan().unwrap().coping[2], "walk");
    }

    #[test]
    fn bad_input_changes_nothing() {
        let mut s = Store::open_in_memory().unwrap();
        s.add_plan_item(Section::Triggers, "payday").unwrap();
        let before = s.plan().unwrap();
        assert!(s.add_plan_item(Section::Triggers, "  ").is_err());
        let e = s.edit_plan_item(Section::Triggers, 2, "x").unwrap_err();
        assert!(e.to_string().contains("no line 2"), "{e}");
        assert!(s.remove_plan_item(Section::Triggers, 0).is_err());
        assert!(s.remove_plan_item(Section::Coping, 1).is_err());
        assert_eq!(s.plan().unwrap(), before);
    }

    #[test]
    fn whole_sections_and_plans_are_replaced_at_once() {
        let mut s = Store::open_in_memory().unwrap();
        s.add_plan_item(Section::Coping, "old").unwrap();
        s.set_plan_section(Section::Coping, &["a".into(), " ".into(), "b".into()])
            .unwrap();
        assert_eq!(s.plan().unwrap().coping, vec!["a", "b"]);
        let p = Plan {
            after_a_slip: vec!["tell someone".into()],
            ..Plan::default()
        };
        s.set_plan(&p).unwrap();
        assert_eq!(s.plan().unwrap(), p);
    }
}
