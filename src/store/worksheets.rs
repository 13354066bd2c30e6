//! Store functions for step-work worksheets (`worksheet_row`): rows of a
//! kind with their fields as one JSON object, and the link from a harm row
//! to the amend it became.
//!
//! The store does not know the kinds (they live in TOML and the config): the
//! caller checks a row against its [`KindDef`] through these functions,
//! which take it as an argument.

use rusqlite::{Connection, OptionalExtension, Row as SqlRow};

use super::{Error, Result, Store, now_stamp};
use crate::domain::amends::Status;
use crate::domain::worksheet::{Fields, KindDef, Row, WorksheetError};

impl From<WorksheetError> for Error {
    fn from(e: WorksheetError) -> Self {
        Error::Invalid(e.to_string())
    }
}

const SELECT: &str = "SELECT w.id, w.kind, w.fields, w.amend_id, a.status
     FROM worksheet_row w LEFT JOIN amend a ON a.id = w.amend_id";

fn bad_stored(what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("a stored worksheet {what} is damaged").into(),
    )
}

fn row_from(r: &SqlRow<'_>) -> rusqlite::Result<Row> {
    let fields: String = r.get(2)?;
    let status: Option<String> = r.get(4)?;
    Ok(Row {
        id: r.get(0)?,
        kind: r.get(1)?,
        fields: serde_json::from_str(&fields).map_err(|_| bad_stored("row"))?,
        amend_id: r.get(3)?,
        amend_status: status
            .map(|s| s.parse::<Status>().map_err(|_| bad_stored("amend status")))
            .transpose()?,
    })
}

fn not_found(id: i64) -> Error {
    Error::NotFound(format!(
        "no worksheet row with id {id} (see `mend worksheet list`)"
    ))
}

fn get(conn: &Connection, id: i64) -> Result<Row> {
    conn.query_row(&format!("{SELECT} WHERE w.id = ?1"), [id], row_from)
        .optional()?
        .ok_or_else(|| not_found(id))
}

fn fields_json(f: &Fields) -> Result<String> {
    serde_json::to_string(f).map_err(|e| Error::Invalid(format!("cannot store the row: {e}")))
}

impl Store {
    /// Adds a row of `kind` with the fields `set` (checked against the
    /// kind); returns its id.
    pub fn add_worksheet_row(&mut self, kind: &KindDef, set: &[(String, String)]) -> Result<i64> {
        let fields = fields_json(&kind.check_fields(set)?)?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO worksheet_row (kind, fields, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?3)",
                (&kind.kind, &fields, now_stamp()),
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// One row, with its amend's status when it is linked.
    pub fn worksheet_row(&self, id: i64) -> Result<Row> {
        get(self.conn(), id)
    }

    /// Every row (or those of `kind`), oldest first.
    pub fn worksheet_rows(&self, kind: Option<&str>) -> Result<Vec<Row>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "{SELECT} WHERE ?1 IS NULL OR w.kind = ?1 ORDER BY w.id"
        ))?;
        let rows = stmt
            .query_map([kind], row_from)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Replaces a row's fields (checked against its kind, which must be the
    /// row's own).
    pub fn update_worksheet_row(
        &mut self,
        id: i64,
        kind: &KindDef,
        set: &[(String, String)],
    ) -> Result<()> {
        let fields = fields_json(&kind.check_fields(set)?)?;
        self.write_erasing(|tx| {
            let row = get(tx, id)?;
            if row.kind != kind.kind {
                return Err(Error::Invalid(format!(
                    "row {id} is a {} row, not a {} row",
                    row.kind, kind.kind
                )));
            }
            tx.execute(
                "UPDATE worksheet_row SET fields = ?2, updated_at = ?3 WHERE id = ?1",
                (id, &fields, now_stamp()),
            )?;
            Ok(())
        })
    }

    /// Deletes a row. An amend it became stays on the amends list.
    pub fn delete_worksheet_row(&mut self, id: i64) -> Result<()> {
        self.write_erasing(|tx| {
            if tx.execute("DELETE FROM worksheet_row WHERE id = ?1", [id])? == 0 {
                return Err(not_found(id));
            }
            Ok(())
        })
    }

    /// Puts a harm row on the amends list, in one transaction: a new amend
    /// (person from `whom`, harm from `what_i_did`, status listed; linked to
    /// the support contact of exactly that name when there is one), and the
    /// row linked to it. Returns the amend's id.
    pub fn worksheet_to_amend(&mut self, id: i64) -> Result<i64> {
        self.write(|tx| {
            let row = get(tx, id)?;
            let new = row.to_amend()?;
            let person = crate::domain::amends::check_person(&new.person)?;
            let mut stmt = tx.prepare_cached(
                "SELECT id FROM contact WHERE trim(name) = ?1 COLLATE NOCASE ORDER BY id LIMIT 2",
            )?;
            let contacts: Vec<i64> = stmt
                .query_map([&person], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let contact = match contacts.as_slice() {
                [one] => Some(*one),
                _ => None,
            };
            let now = now_stamp();
            tx.execute(
                "INSERT INTO amend (person, contact_id, harm, kind, status, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, 'listed', ?5, ?5)",
                (&person, contact, new.harm.trim(), new.kind.name(), &now),
            )?;
            let amend = tx.last_insert_rowid();
            tx.execute(
                "UPDATE worksheet_row SET amend_id = ?2, updated_at = ?3 WHERE id = ?1",
                (id, amend, &now),
            )?;
            Ok(amend)
        })
    }

    /// The worksheet row an amend came from, if any.
    pub fn worksheet_row_of_amend(&self, amend_id: i64) -> Result<Option<Row>> {
        Ok(self
            .conn()
            .query_row(
                &format!("{SELECT} WHERE w.amend_id = ?1"),
                [amend_id],
                row_from,
            )
            .optional()?)
    }
}
