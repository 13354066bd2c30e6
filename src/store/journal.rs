//! Store functions for the journal tables: `journal_entry`, `tag`,
//! `journal_tag`, `journal_fts` and `draft`.
//!
//! Lists are read in keyset pages on `(day DESC, id DESC)`, never with
//! `OFFSET`, so the first and the last page of a 100,000-entry journal cost
//! the same. Search goes through FTS5 with a query built by [`fts_query`],
//! which turns anything a person types into a safe FTS5 expression.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, Transaction, params, params_from_iter};

use super::{Error, Result, Store, now_stamp};
use crate::domain::dates::format_day;
use crate::domain::journal::{Draft, Entry, Filter, HL_END, HL_START, NewEntry, SearchHit};

/// The columns [`entry_from_row`] reads, in order.
const ENTRY_COLS: &str = "e.id, e.day, e.created_at, e.updated_at, e.body, e.mood, e.craving, e.prompt,
    (SELECT group_concat(t.name, ' ' ORDER BY t.name) FROM journal_tag jt JOIN tag t ON t.id = jt.tag_id
     WHERE jt.entry_id = e.id)";

/// How many of the newest matches a search ranks (see
/// [`Store::search_entries`]).
const SEARCH_CANDIDATES: i64 = 1000;

fn entry_from_row(r: &Row<'_>) -> rusqlite::Result<Entry> {
    let day: String = r.get(1)?;
    let tags: Option<String> = r.get(8)?;
    Ok(Entry {
        id: r.get(0)?,
        day: NaiveDate::parse_from_str(&day, "%Y-%m-%d").unwrap_or_default(),
        created_at: r.get(2)?,
        updated_at: r.get(3)?,
        body: r.get(4)?,
        mood: r.get(5)?,
        craving: r.get(6)?,
        prompt: r.get(7)?,
        tags: tags
            .map(|t| t.split(' ').map(str::to_string).collect())
            .unwrap_or_default(),
    })
}

/// Turns what a person typed into a safe FTS5 query: each word becomes a
/// quoted FTS5 string (so `AND`, `NEAR`, quotes and punctuation are plain
/// words), a word followed by `*` stays a prefix search, and the words must
/// all match. `None` when there is nothing to search for.
pub fn fts_query(input: &str) -> Option<String> {
    let mut terms: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut push = |word: &mut String, prefix: bool| {
        if !word.is_empty() {
            let quoted = format!("\"{}\"", word.replace('"', "\"\""));
            terms.push(if prefix { format!("{quoted}*") } else { quoted });
            word.clear();
        }
    };
    for c in input.chars() {
        if c.is_whitespace() || c.is_control() || (c.is_ascii_punctuation() && c != '\'') {
            push(&mut word, c == '*');
        } else if c == '\'' {
            // Apostrophes split words the same way the tokenizer does.
            push(&mut word, false);
        } else {
            word.push(c);
        }
    }
    push(&mut word, false);
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" "))
    }
}

/// Entries longer than this (in bytes) get [`plain_snippet`] instead of
/// FTS5's `snippet()`, whose work grows as the square of the number of
/// matches in the entry (a 10 MB entry took minutes).
const SNIPPET_MAX_BYTES: usize = 64 * 1024;

/// A snippet found without the index, in one pass: about a dozen words
/// around the first word that starts with one of the typed words (ignoring
/// case), each such word wrapped in `HL_START`/`HL_END`; the start of the
/// text when none is found. Stemmed matches (typed "walk", text "walked")
/// are found too, as they start with the typed word.
pub(crate) fn plain_snippet(body: &str, query: &str) -> String {
    const WORDS: usize = 12;
    let typed: Vec<String> = query
        .split(|c: char| c.is_whitespace() || (c.is_ascii_punctuation() && c != '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let hit = |w: &str| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        !w.is_empty() && typed.iter().any(|t| w.starts_with(t.as_str()))
    };
    // Words as (start, end) byte ranges, kept only near the first hit.
    let mut recent: std::collections::VecDeque<(usize, usize)> = Default::default();
    let mut first = None;
    let mut after = Vec::new();
    let mut start = None;
    let bytes_end = body.len();
    for (i, c) in body.char_indices().chain(std::iter::once((bytes_end, ' '))) {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                start = None;
                let word = (s, i);
                if first.is_none() {
                    if hit(&body[s..i]) {
                        first = Some(word);
                    } else {
                        recent.push_back(word);
                        if recent.len() > WORDS / 3 {
                            recent.pop_front();
                        }
                    }
                } else {
                    after.push(word);
                    if after.len() + recent.len() + 1 >= WORDS {
                        break;
                    }
                }
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    let words: Vec<(usize, usize)> = match first {
        Some(f) => recent.into_iter().chain([f]).chain(after).collect(),
        None => body
            .split_whitespace()
            .take(WORDS)
            .map(|w| {
                let s = w.as_ptr() as usize - body.as_ptr() as usize;
                (s, s + w.len())
            })
            .collect(),
    };
    let mut out = String::new();
    if words.first().is_some_and(|w| w.0 > 0) {
        out.push('…');
    }
    for (k, (s, e)) in words.iter().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        let w = &body[*s..*e];
        if hit(w) {
            out.push(HL_START);
            out.push_str(w);
            out.push(HL_END);
        } else {
            out.push_str(w);
        }
    }
    if words.last().is_some_and(|w| w.1 < body.trim_end().len()) {
        out.push('…');
    }
    out
}

/// `body` with every word that starts with one of the typed words (ignoring
/// case) wrapped in `HL_START`/`HL_END`, in one pass: the long-entry
/// counterpart of FTS5's `highlight()`. Like [`plain_snippet`], stemmed
/// forms are found as they start with the typed word.
pub(crate) fn plain_highlight(body: &str, query: &str) -> String {
    let typed: Vec<Vec<char>> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().flat_map(char::to_lowercase).collect())
        .collect();
    let hit = |word: &str| {
        typed.iter().any(|t| {
            let mut lower = word.chars().flat_map(char::to_lowercase);
            t.iter().all(|c| lower.next() == Some(*c))
        })
    };
    let mut out = String::with_capacity(body.len() + body.len() / 16);
    let mut word_start: Option<usize> = None;
    let flush = |out: &mut String, word: &str| {
        if hit(word) {
            out.push(HL_START);
            out.push_str(word);
            out.push(HL_END);
        } else {
            out.push_str(word);
        }
    };
    for (i, c) in body.char_indices() {
        if c.is_alphanumeric() {
            word_start.get_or_insert(i);
        } else {
            if let Some(s) = word_start.take() {
                flush(&mut out, &body[s..i]);
            }
            out.push(c);
        }
    }
    if let Some(s) = word_start {
        flush(&mut out, &body[s..]);
    }
    out
}

/// How many phrases an [`fts_query`] result holds (each is one quoted word,
/// maybe with a `*`).
fn fts_phrases(q: &str) -> usize {
    q.split(' ').filter(|t| t.starts_with('"')).count()
}

/// Appends the `WHERE` conditions of `filter` to `sql` and their values to
/// `args`.
fn filter_sql(filter: &Filter, sql: &mut String, args: &mut Vec<Value>) {
    if let Some(tag) = &filter.tag {
        sql.push_str(
            " AND EXISTS (SELECT 1 FROM journal_tag jt JOIN tag t ON t.id = jt.tag_id
               WHERE jt.entry_id = e.id AND t.name = ?)",
        );
        args.push(Value::Text(tag.clone()));
    }
    if let Some(d) = filter.since {
        sql.push_str(" AND e.day >= ?");
        args.push(Value::Text(format_day(d)));
    }
    if let Some(d) = filter.until {
        sql.push_str(" AND e.day <= ?");
        args.push(Value::Text(format_day(d)));
    }
}

fn set_tags(tx: &Transaction<'_>, entry_id: i64, tags: &[String], now: &str) -> Result<()> {
    tx.execute("DELETE FROM journal_tag WHERE entry_id = ?1", [entry_id])?;
    for tag in tags {
        tx.execute(
            "INSERT INTO tag (name, created_at, updated_at) VALUES (?1, ?2, ?2)
             ON CONFLICT (name) DO NOTHING",
            (tag, now),
        )?;
        let tag_id: i64 =
            tx.query_row("SELECT id FROM tag WHERE name = ?1", [tag], |r| r.get(0))?;
        tx.execute(
            "INSERT OR IGNORE INTO journal_tag (entry_id, tag_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?3)",
            (entry_id, tag_id, now),
        )?;
    }
    Ok(())
}

fn invalid(e: impl std::fmt::Display) -> Error {
    Error::Invalid(e.to_string())
}

fn not_found(id: i64) -> Error {
    Error::NotFound(format!("no journal entry with id {id}"))
}

impl Store {
    /// Adds an entry and its tags in one transaction; returns the new id.
    pub fn add_entry(&mut self, entry: &NewEntry) -> Result<i64> {
        let e = entry.clone().validated().map_err(invalid)?;
        self.write(|tx| {
            let now = now_stamp();
            tx.execute(
                "INSERT INTO journal_entry (day, body, mood, craving, prompt, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![format_day(e.day), e.body, e.mood, e.craving, e.prompt, now],
            )?;
            let id = tx.last_insert_rowid();
            set_tags(tx, id, &e.tags, &now)?;
            Ok(id)
        })
    }

    /// Replaces an entry's day, body, mood, craving, prompt and tags in one
    /// transaction. `created_at` is kept.
    pub fn update_entry(&mut self, id: i64, entry: &NewEntry) -> Result<()> {
        let e = entry.clone().validated().map_err(invalid)?;
        self.write_erasing(|tx| {
            let now = now_stamp();
            let n = tx.execute(
                "UPDATE journal_entry SET day = ?2, body = ?3, mood = ?4, craving = ?5, prompt = ?6,
                 updated_at = ?7 WHERE id = ?1",
                params![id, format_day(e.day), e.body, e.mood, e.craving, e.prompt, now],
            )?;
            if n == 0 {
                return Err(not_found(id));
            }
            set_tags(tx, id, &e.tags, &now)
        })
    }

    /// Deletes an entry; its tag links (and a draft editing it) go with it.
    pub fn delete_entry(&mut self, id: i64) -> Result<()> {
        self.write_erasing(|tx| {
            let n = tx.execute("DELETE FROM journal_entry WHERE id = ?1", [id])?;
            if n == 0 {
                return Err(not_found(id));
            }
            Ok(())
        })
    }

    /// One entry, or `NotFound`.
    pub fn entry(&self, id: i64) -> Result<Entry> {
        self.conn()
            .query_row(
                &format!("SELECT {ENTRY_COLS} FROM journal_entry e WHERE e.id = ?1"),
                [id],
                entry_from_row,
            )
            .optional()?
            .ok_or_else(|| not_found(id))
    }

    /// Up to `limit` entries, newest first, that come after `after` (a
    /// `(day, id)` already shown) in newest-first order; `None` starts at the
    /// newest.
    pub fn list_page(
        &self,
        filter: &Filter,
        after: Option<(NaiveDate, i64)>,
        limit: usize,
    ) -> Result<Vec<Entry>> {
        let mut sql = format!("SELECT {ENTRY_COLS} FROM journal_entry e WHERE 1");
        let mut args = Vec::new();
        if let Some((day, id)) = after {
            sql.push_str(" AND (e.day, e.id) < (?, ?)");
            args.push(Value::Text(format_day(day)));
            args.push(Value::Integer(id));
        }
        filter_sql(filter, &mut sql, &mut args);
        sql.push_str(" ORDER BY e.day DESC, e.id DESC LIMIT ?");
        args.push(Value::Integer(limit as i64));
        self.query_entries(&sql, args)
    }

    /// Up to `limit` entries that come before `before` in newest-first order
    /// (that is, newer ones), returned newest first. `None` gives the oldest
    /// page: the end of the list, without scanning the rows in between.
    pub fn list_page_before(
        &self,
        filter: &Filter,
        before: Option<(NaiveDate, i64)>,
        limit: usize,
    ) -> Result<Vec<Entry>> {
        let mut sql = format!("SELECT {ENTRY_COLS} FROM journal_entry e WHERE 1");
        let mut args = Vec::new();
        if let Some((day, id)) = before {
            sql.push_str(" AND (e.day, e.id) > (?, ?)");
            args.push(Value::Text(format_day(day)));
            args.push(Value::Integer(id));
        }
        filter_sql(filter, &mut sql, &mut args);
        sql.push_str(" ORDER BY e.day ASC, e.id ASC LIMIT ?");
        args.push(Value::Integer(limit as i64));
        let mut rows = self.query_entries(&sql, args)?;
        rows.reverse();
        Ok(rows)
    }

    /// Every entry on one of `days`, newest first (one index seek a day).
    pub fn entries_on_days(&self, days: &[NaiveDate]) -> Result<Vec<Entry>> {
        if days.is_empty() {
            return Ok(Vec::new());
        }
        let marks = vec!["?"; days.len()].join(", ");
        let sql = format!(
            "SELECT {ENTRY_COLS} FROM journal_entry e WHERE e.day IN ({marks})
             ORDER BY e.day DESC, e.id DESC"
        );
        self.query_entries(
            &sql,
            days.iter().map(|d| Value::Text(format_day(*d))).collect(),
        )
    }

    /// Every tag in use with how many entries carry it, most used first
    /// (then by name), for the Journal's tag picker.
    pub fn tag_counts(&self) -> Result<Vec<(String, u64)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT t.name, count(*) AS n FROM tag t \
             JOIN journal_tag jt ON jt.tag_id = t.id \
             GROUP BY t.id ORDER BY n DESC, t.name COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// How many entries match `filter`.
    /// Without a filter this reads the count the triggers keep (one row),
    /// not the entries.
    pub fn count_entries(&self, filter: &Filter) -> Result<u64> {
        if filter.is_empty() {
            let n: i64 =
                self.conn()
                    .query_row("SELECT n FROM journal_count WHERE id = 1", [], |r| r.get(0))?;
            return Ok(n.max(0) as u64);
        }
        let mut sql = String::from("SELECT count(*) FROM journal_entry e WHERE 1");
        let mut args = Vec::new();
        filter_sql(filter, &mut sql, &mut args);
        let n: i64 = self
            .conn()
            .query_row(&sql, params_from_iter(args), |r| r.get(0))?;
        Ok(n as u64)
    }

    fn query_entries(&self, sql: &str, args: Vec<Value>) -> Result<Vec<Entry>> {
        let mut stmt = self.conn().prepare_cached(sql)?;
        let rows = stmt.query_map(params_from_iter(args), entry_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Full-text search: the best `limit` matches of `query` (any text; see
    /// [`fts_query`]) within `filter`, best first, each with a snippet whose
    /// matches are wrapped in `HL_START`/`HL_END`. When more than
    /// [`SEARCH_CANDIDATES`] entries match, the newest of them are ranked.
    pub fn search_entries(
        &self,
        query: &str,
        filter: &Filter,
        limit: usize,
    ) -> Result<Vec<SearchHit>> {
        let Some(q) = fts_query(query) else {
            return Ok(Vec::new());
        };
        // A typed prefix becomes the words it covers (see `terms.rs`).
        let Some((q, merged)) = super::terms::expand(self.conn(), &q)? else {
            return Ok(Vec::new());
        };
        // 1. Rank on the index alone: ids and scores of the best `limit`.
        // One phrase: the same order as bm25() without its count of every
        // matching row (see `rank.rs`).
        let rank = if merged {
            "mend_rank(journal_fts, 1)"
        } else if fts_phrases(&q) == 1 {
            "mend_rank(journal_fts)"
        } else {
            "bm25(journal_fts)"
        };
        let mut inner = format!("SELECT f.rowid AS rid, {rank} AS score FROM journal_fts f");
        let mut args = vec![Value::Text(q.clone())];
        if filter.is_empty() {
            inner.push_str(" WHERE journal_fts MATCH ?");
        } else {
            inner.push_str(" JOIN journal_entry e ON e.id = f.rowid WHERE journal_fts MATCH ?");
            filter_sql(filter, &mut inner, &mut args);
        }
        // Rank the newest SEARCH_CANDIDATES matches, not all of them: bm25()
        // reads each candidate's positions, which for a word in most of a
        // 100,000-entry journal takes ~80 ms; walking the index newest first
        // stops early and keeps any search under 10 ms. A word in fewer
        // entries than that (most searches) is ranked over every match.
        inner.push_str(" ORDER BY f.rowid DESC LIMIT ?");
        args.push(Value::Integer(SEARCH_CANDIDATES));
        let sql = format!("SELECT rid, score FROM ({inner}) ORDER BY score, rid DESC LIMIT ?");
        args.push(Value::Integer(limit as i64));
        let ranked: Vec<i64> = {
            let mut stmt = self.conn().prepare_cached(&sql)?;
            let rows = stmt.query_map(params_from_iter(args), |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let (Some(&lo), Some(&hi)) = (ranked.iter().min(), ranked.iter().max()) else {
            return Ok(Vec::new());
        };
        // 2. Columns and snippets for the kept rows, in ONE pass over the
        // matches between the lowest and highest kept id. (Joining the FTS
        // table per kept row re-evaluates MATCH per row, which for a prefix
        // query re-merges every matching word's list: 300 x 1.4 ms.) The `+`
        // and CROSS JOIN keep the FTS scan as the outer loop.
        let ids = format!(
            "[{}]",
            ranked
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",")
        );
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {ENTRY_COLS},
               CASE WHEN length(CAST(e.body AS BLOB)) <= {SNIPPET_MAX_BYTES}
                 THEN snippet(journal_fts, -1, ?1, ?2, '…', 12) END
             FROM journal_fts CROSS JOIN journal_entry e ON e.id = journal_fts.rowid
             WHERE journal_fts MATCH ?3 AND journal_fts.rowid >= ?4 AND journal_fts.rowid <= ?5
               AND +journal_fts.rowid IN (SELECT value FROM json_each(?6))"
        ))?;
        let rows = stmt.query_map(
            params![HL_START.to_string(), HL_END.to_string(), q, lo, hi, ids],
            |r| {
                Ok(SearchHit {
                    entry: entry_from_row(r)?,
                    snippet: r.get::<_, Option<String>>(9)?.unwrap_or_default(),
                })
            },
        )?;
        let mut hits = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        for h in &mut hits {
            if h.snippet.is_empty() && h.entry.body.len() > SNIPPET_MAX_BYTES {
                h.snippet = plain_snippet(&h.entry.body, query);
            }
        }
        let order: std::collections::HashMap<i64, usize> =
            ranked.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        hits.sort_by_key(|h| order.get(&h.entry.id).copied().unwrap_or(usize::MAX));
        Ok(hits)
    }

    /// The body of entry `id` with the matches of `query` wrapped in
    /// `HL_START`/`HL_END`; `None` when the entry does not match.
    pub fn highlight_entry(&self, id: i64, query: &str) -> Result<Option<String>> {
        let Some(q) = fts_query(query) else {
            return Ok(None);
        };
        let Some((q, _)) = super::terms::expand(self.conn(), &q)? else {
            return Ok(None);
        };
        // A long entry is marked in one pass here: FTS5's highlight() does
        // work that grows as the square of the matches (a minute for 10 MB).
        let found = self
            .conn()
            .query_row(
                &format!(
                    "SELECT CASE WHEN length(CAST(e.body AS BLOB)) <= {SNIPPET_MAX_BYTES}
                       THEN highlight(journal_fts, 0, ?1, ?2) END,
                     CASE WHEN length(CAST(e.body AS BLOB)) > {SNIPPET_MAX_BYTES} THEN e.body END
                     FROM journal_fts CROSS JOIN journal_entry e ON e.id = journal_fts.rowid
                     WHERE journal_fts MATCH ?3 AND journal_fts.rowid = ?4"
                ),
                params![HL_START.to_string(), HL_END.to_string(), q, id],
                |r| {
                    Ok((
                        r.get::<_, Option<String>>(0)?,
                        r.get::<_, Option<String>>(1)?,
                    ))
                },
            )
            .optional()?;
        Ok(match found {
            Some((_, Some(body))) => Some(plain_highlight(&body, query)),
            Some((marked, None)) => marked,
            None => None,
        })
    }

    /// Writes the editor's unsaved text into this window's own draft row
    /// (see [`Store::draft_slot`]). Typing saves it through
    /// [`Store::without_waiting`], so a busy journal never stalls a key.
    pub fn save_draft(&mut self, draft: &Draft) -> Result<()> {
        let slot = self.draft_slot();
        self.write_unmarked(|tx| put_draft(tx, slot, draft))
    }

    /// The draft to offer back, if any: this window's own, else the newest
    /// one no open window is writing (left by a crash or a closed terminal).
    pub fn load_draft(&self) -> Result<Option<Draft>> {
        Ok(self.offered_draft()?.map(|(_, d)| d))
    }

    /// Like [`Store::load_draft`], with the draft's row id (for
    /// [`Store::adopt_draft`] and [`Store::discard_draft`]).
    pub fn offered_draft(&self) -> Result<Option<(i64, Draft)>> {
        let own = self.draft_slot();
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, entry_id, day, body, mood, craving, tags, prompt FROM draft
             ORDER BY id = ?1 DESC, updated_at DESC, id DESC",
        )?;
        let rows = stmt.query_map([own], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Draft {
                    entry_id: r.get(1)?,
                    day: r.get(2)?,
                    body: r.get(3)?,
                    mood: r
                        .get::<_, Option<i64>>(4)?
                        .and_then(|n| u8::try_from(n).ok()),
                    craving: r
                        .get::<_, Option<i64>>(5)?
                        .and_then(|n| u8::try_from(n).ok()),
                    tags: r.get(6)?,
                    prompt: r.get(7)?,
                },
            ))
        })?;
        for row in rows {
            let (id, draft) = row?;
            if !self.slot_in_use_elsewhere(id) {
                return Ok(Some((id, draft)));
            }
        }
        Ok(None)
    }

    /// Makes draft row `id` (a left-over one being restored) this window's
    /// own, so the editor goes on writing it and no copy is left behind.
    /// Nothing happens when this window already has a draft of its own.
    pub fn adopt_draft(&mut self, id: i64) -> Result<()> {
        let own = self.draft_slot();
        if id == own {
            return Ok(());
        }
        self.write(|tx| {
            tx.execute(
                "UPDATE draft SET id = ?2 WHERE id = ?1
                 AND NOT EXISTS (SELECT 1 FROM draft WHERE id = ?2)",
                [id, own],
            )?;
            Ok(())
        })
    }

    /// Removes this window's draft (after saving or discarding it), and
    /// wipes its text from the `-wal` file as edits and deletes are.
    pub fn clear_draft(&mut self) -> Result<()> {
        let slot = self.draft_slot();
        self.discard_draft(slot)
    }

    /// Removes draft row `id` (one offered back and discarded), wiping its
    /// text from the `-wal` file too.
    pub fn discard_draft(&mut self, id: i64) -> Result<()> {
        // Closing an editor that never wrote a draft writes nothing, so it
        // never waits for another process's write lock.
        let there: bool = self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM draft WHERE id = ?1)",
            [id],
            |r| r.get(0),
        )?;
        if !there {
            return Ok(());
        }
        self.write_erasing(|tx| {
            tx.execute("DELETE FROM draft WHERE id = ?1", [id])?;
            Ok(())
        })
    }
}

/// Writes `draft` into draft row `slot`. A draft of an entry that is gone
/// (deleted in another window) is refused: its row would vanish with it.
fn put_draft(tx: &Transaction<'_>, slot: i64, draft: &Draft) -> Result<()> {
    if let Some(id) = draft.entry_id {
        let there: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM journal_entry WHERE id = ?1)",
            [id],
            |r| r.get(0),
        )?;
        if !there {
            return Err(Error::NotFound(
                "the entry you are editing was deleted elsewhere, so no draft of it can be kept"
                    .into(),
            ));
        }
    }
    let now = now_stamp();
    tx.execute(
        "INSERT INTO draft (id, entry_id, day, body, mood, craving, tags, prompt, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)
         ON CONFLICT (id) DO UPDATE SET entry_id = excluded.entry_id, day = excluded.day,
           body = excluded.body, mood = excluded.mood, craving = excluded.craving,
           tags = excluded.tags, prompt = excluded.prompt, updated_at = excluded.updated_at",
        params![
            slot,
            draft.entry_id,
            draft.day,
            draft.body,
            draft.mood,
            draft.craving,
            draft.tags,
            draft.prompt,
            now
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_snippets_center_the_first_match_and_mark_every_one() {
        let body = "one two three four five six Seven Sponsors said eight nine sponsor ten eleven twelve thirteen";
        assert_eq!(
            plain_snippet(body, "sponsor"),
            "…four five six Seven \u{E000}Sponsors\u{E001} said eight nine \u{E000}sponsor\u{E001} ten eleven twelve…"
        );
        assert_eq!(plain_snippet("a b c", "zzz"), "a b c");
        assert_eq!(plain_snippet("", "zzz"), "");
        assert_eq!(
            plain_snippet("x sponsor", "spons*"),
            "x \u{E000}sponsor\u{E001}"
        );
    }

    #[test]
    fn plain_highlights_mark_every_word_starting_with_a_typed_one() {
        let hl = |s: &str| s.replace(HL_START, "[").replace(HL_END, "]");
        assert_eq!(
            hl(&plain_highlight(
                "My Sponsor, sponsors; unsponsored.\nSpons",
                "spons*"
            )),
            "My [Sponsor], [sponsors]; unsponsored.\n[Spons]"
        );
        assert_eq!(
            hl(&plain_highlight("calm walk, Calmer talk", "calm talk")),
            "[calm] walk, [Calmer] [talk]"
        );
        assert_eq!(plain_highlight("nothing here", "zzz"), "nothing here");
        assert_eq!(plain_highlight("", "zzz"), "");
    }

    #[test]
    fn fts_query_quotes_every_word() {
        assert_eq!(fts_query("trust"), Some("\"trust\"".into()));
        assert_eq!(fts_query("trust*"), Some("\"trust\"*".into()));
        assert_eq!(fts_query("a AND \"b"), Some("\"a\" \"AND\" \"b\"".into()));
        assert_eq!(fts_query("  ***  ()\"\" "), None);
        assert_eq!(fts_query("don't"), Some("\"don\" \"t\"".into()));
    }
}
