//! The search index's words, kept in `journal_term`, so that a typed prefix
//! is answered without FTS5 merging every posting of every word it covers.
//!
//! FTS5 answers `"spons"*` by copying the postings of all words that begin
//! with it into one list before it returns the first row: at a million
//! entries that is 400,000 postings and 20 ms, twice per search (ranking,
//! then snippets). The same query written as the words themselves,
//! `("sponsor" OR "sponsored")`, is read lazily, newest first, and stops
//! after the thousand candidates a search ranks: 0.2 ms. This module keeps
//! the list of words that makes that rewrite possible, and makes it.
//!
//! Keeping the list exact, without tokenizing anything ourselves: each
//! connection has scratch FTS5 tables in its `temp` schema with the index's
//! own tokenizer; TEMP triggers copy the text each insert, edit or delete
//! of an entry adds or removes into them, and [`settle`] (run at the end of
//! every write transaction) reads their words with `fts5vocab`: new words
//! are added, removed words that no entry holds any more are dropped (a
//! deleted entry's words do not stay behind). A rollback takes the scratch
//! rows with it. `journal_term_state` counts text changes with ordinary
//! triggers; when the scratch tables have not seen all of them (another
//! program wrote, a bulk import paused the copying, the first write after
//! the migration), the list is rebuilt from the whole index instead. Until
//! the count and the list agree, searches use FTS5's own prefix matching.
//!
//! The porter stemmer also stems the typed prefix (`spons` → `spon`), so a
//! prefix is run through the same tokenizer first. A word of the index is
//! only used in a rewrite when the tokenizer turns it into itself (`exact`):
//! a quoted word is stemmed again, and stemming is not always idempotent.

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;

/// The tokenizer of `journal_fts` (migration V1): the scratch tables must
/// split and stem text exactly as the index does.
const TOKENIZE: &str = "porter unicode61 remove_diacritics 2";

/// A prefix covering more words than this is left to FTS5.
pub(crate) const MAX_WORDS: usize = 128;

/// Creates this connection's scratch tables and TEMP triggers (after the
/// migrations, so `journal_entry` exists). Best effort: without them the
/// list is rebuilt on the next write, and searches fall back meanwhile.
pub(crate) fn attach(conn: &Connection) -> bool {
    let sql = format!(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.term_probe USING fts5 (word, tokenize = '{TOKENIZE}');
         CREATE VIRTUAL TABLE IF NOT EXISTS temp.term_probe_i USING fts5vocab (temp, term_probe, instance);
         CREATE VIRTUAL TABLE IF NOT EXISTS temp.term_all USING fts5vocab (main, journal_fts, row);
         CREATE VIRTUAL TABLE IF NOT EXISTS temp.term_new USING fts5 (body, prompt, tokenize = '{TOKENIZE}');
         CREATE VIRTUAL TABLE IF NOT EXISTS temp.term_new_v USING fts5vocab (temp, term_new, row);
         CREATE VIRTUAL TABLE IF NOT EXISTS temp.term_old USING fts5 (body, prompt, tokenize = '{TOKENIZE}');
         CREATE VIRTUAL TABLE IF NOT EXISTS temp.term_old_v USING fts5vocab (temp, term_old, row);
         CREATE TABLE IF NOT EXISTS temp.term_log (
             id INTEGER PRIMARY KEY CHECK (id = 1),
             logged INTEGER NOT NULL,
             paused INTEGER NOT NULL
         );
         INSERT OR IGNORE INTO temp.term_log (id, logged, paused) VALUES (1, 0, 0);
         CREATE TEMP TRIGGER IF NOT EXISTS term_log_ai AFTER INSERT ON main.journal_entry
         WHEN (SELECT paused FROM temp.term_log) = 0 BEGIN
             INSERT INTO temp.term_new (body, prompt) VALUES (new.body, new.prompt);
             UPDATE temp.term_log SET logged = logged + 1;
         END;
         CREATE TEMP TRIGGER IF NOT EXISTS term_log_au AFTER UPDATE OF body, prompt ON main.journal_entry
         WHEN (SELECT paused FROM temp.term_log) = 0 BEGIN
             INSERT INTO temp.term_new (body, prompt) VALUES (new.body, new.prompt);
             INSERT INTO temp.term_old (body, prompt) VALUES (old.body, old.prompt);
             UPDATE temp.term_log SET logged = logged + 1;
         END;
         CREATE TEMP TRIGGER IF NOT EXISTS term_log_ad AFTER DELETE ON main.journal_entry
         WHEN (SELECT paused FROM temp.term_log) = 0 BEGIN
             INSERT INTO temp.term_old (body, prompt) VALUES (old.body, old.prompt);
             UPDATE temp.term_log SET logged = logged + 1;
         END;"
    );
    conn.execute_batch(&sql).is_ok()
}

/// Stops copying entries' text into the scratch tables, for a bulk write
/// (an import, a seed): the write's end rebuilds the list from the index
/// in one pass instead. The write's transaction undoes it either way.
pub(crate) fn pause(conn: &Connection) -> Result<()> {
    if attached(conn) {
        conn.execute("UPDATE temp.term_log SET paused = 1", [])?;
    }
    Ok(())
}

fn attached(conn: &Connection) -> bool {
    conn.query_row(
        "SELECT 1 FROM temp.sqlite_master WHERE name = 'term_log'",
        [],
        |_| Ok(()),
    )
    .optional()
    .ok()
    .flatten()
    .is_some()
}

/// `(writes, seen)` of `journal_term_state`; `None` before the migration.
fn state(conn: &Connection) -> Option<(i64, i64)> {
    conn.query_row(
        "SELECT writes, seen FROM journal_term_state WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .ok()
}

/// Brings `journal_term` up to date with the changes of the current
/// transaction (see the module's comment). Cheap when nothing changed the
/// journal's text: one row read.
pub(crate) fn settle(conn: &Connection) -> Result<()> {
    let Some((writes, seen)) = state(conn) else {
        return Ok(());
    };
    if writes == seen {
        return Ok(());
    }
    let log: Option<(i64, i64)> = if attached(conn) {
        conn.query_row("SELECT logged, paused FROM temp.term_log", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?
    } else {
        None
    };
    match log {
        Some((logged, 0)) if seen + logged == writes => add_and_prune(conn)?,
        _ => rebuild(conn)?,
    }
    if log.is_some() {
        conn.execute_batch(
            "DELETE FROM temp.term_new; DELETE FROM temp.term_old;
             UPDATE temp.term_log SET logged = 0, paused = 0;",
        )?;
    }
    conn.execute(
        "UPDATE journal_term_state SET seen = writes WHERE id = 1",
        [],
    )?;
    Ok(())
}

/// The words the scratch tables saw: new ones added, removed ones dropped
/// when no entry holds them any more.
fn add_and_prune(conn: &Connection) -> Result<()> {
    let fresh: Vec<String> = {
        let mut stmt = conn.prepare_cached(
            "SELECT term FROM temp.term_new_v
             WHERE term NOT IN (SELECT term FROM journal_term)",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    insert(conn, &fresh)?;
    let gone: Vec<(String, bool)> = {
        let mut stmt = conn.prepare_cached(
            "SELECT v.term, t.exact FROM temp.term_old_v v JOIN journal_term t ON t.term = v.term",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? == 1)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (term, exact) in gone {
        // An exact word is looked up lazily in the index; another one
        // through fts5vocab, which reads its postings.
        let held = if exact {
            conn.prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM journal_fts WHERE journal_fts MATCH ?1)",
            )?
            .query_row([quoted(&term)], |r| r.get::<_, bool>(0))?
        } else {
            conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM temp.term_all WHERE term = ?1)")?
                .query_row([&term], |r| r.get::<_, bool>(0))?
        };
        if !held {
            conn.prepare_cached("DELETE FROM journal_term WHERE term = ?1")?
                .execute([&term])?;
        }
    }
    Ok(())
}

/// The whole list again, from every word of the index.
fn rebuild(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM journal_term", [])?;
    let all: Vec<String> = {
        let mut stmt = conn.prepare("SELECT term FROM temp.term_all")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    insert(conn, &all)
}

/// Adds `words` (words of the index) with whether the tokenizer keeps
/// each one as it is.
fn insert(conn: &Connection, words: &[String]) -> Result<()> {
    let mut put =
        conn.prepare_cached("INSERT OR REPLACE INTO journal_term (term, exact) VALUES (?1, ?2)")?;
    for chunk in words.chunks(4096) {
        let tokens = tokenize(conn, chunk)?;
        for (word, toks) in chunk.iter().zip(tokens) {
            let exact = toks.len() == 1 && toks[0] == *word;
            put.execute(params![word, exact as i64])?;
        }
    }
    Ok(())
}

/// The tokens the index's tokenizer makes of each of `texts`, in order.
fn tokenize(conn: &Connection, texts: &[String]) -> Result<Vec<Vec<String>>> {
    conn.execute("DELETE FROM temp.term_probe", [])?;
    {
        let mut put =
            conn.prepare_cached("INSERT INTO temp.term_probe (rowid, word) VALUES (?1, ?2)")?;
        for (i, t) in texts.iter().enumerate() {
            put.execute(params![i as i64 + 1, t])?;
        }
    }
    let mut out = vec![Vec::new(); texts.len()];
    {
        let mut stmt = conn.prepare_cached(
            "SELECT doc, offset, term FROM temp.term_probe_i ORDER BY doc, offset",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let doc: i64 = r.get(0)?;
            if let Some(slot) = usize::try_from(doc - 1).ok().and_then(|i| out.get_mut(i)) {
                slot.push(r.get(2)?);
            }
        }
    }
    conn.execute("DELETE FROM temp.term_probe", [])?;
    Ok(out)
}

/// `word` as an FTS5 string.
fn quoted(word: &str) -> String {
    format!("\"{}\"", word.replace('"', "\"\""))
}

/// The query to run for `query` (an [`super::journal::fts_query`] result):
/// a single typed prefix becomes the words of the index it covers, as
/// `("w1" OR "w2" ...)`, with `true` (rank them as one phrase). Anything
/// else, or a prefix the list cannot answer exactly (the list is behind the
/// journal, too many words, a word the stemmer changes), is returned as it
/// is with `false`. `None`: the prefix covers no word, so nothing matches.
pub(crate) fn expand(conn: &Connection, query: &str) -> Result<Option<(String, bool)>> {
    let same = || Ok(Some((query.to_string(), false)));
    let Some(word) = single_prefix(query) else {
        return same();
    };
    match state(conn) {
        Some((writes, seen)) if writes == seen => {}
        _ => return same(),
    }
    if !attached(conn) {
        return same();
    }
    // Tokenizing writes the connection's own temp scratch table, never the
    // file; where even that is refused, FTS5 answers the prefix itself.
    let Ok(mut tokens) = tokenize(conn, &[word]) else {
        return same();
    };
    let Some(stem) = tokens
        .pop()
        .filter(|t| t.len() == 1)
        .and_then(|mut t| t.pop())
    else {
        return same();
    };
    let mut stmt = conn.prepare_cached(
        "SELECT term, exact FROM journal_term
         WHERE term >= ?1 AND term < ?1 || char(1114111) ORDER BY term LIMIT ?2",
    )?;
    let words: Vec<(String, bool)> = stmt
        .query_map(params![stem, MAX_WORDS as i64 + 1], |r| {
            Ok((r.get(0)?, r.get::<_, i64>(1)? == 1))
        })?
        .collect::<rusqlite::Result<_>>()?;
    if words.len() > MAX_WORDS || words.iter().any(|(_, exact)| !exact) {
        return same();
    }
    if words.is_empty() {
        return Ok(None);
    }
    let or = words
        .iter()
        .map(|(w, _)| quoted(w))
        .collect::<Vec<_>>()
        .join(" OR ");
    Ok(Some((format!("({or})"), true)))
}

/// The word of a query that is one quoted prefix (`"spons"*`), unquoted.
fn single_prefix(query: &str) -> Option<String> {
    let inner = query.strip_prefix('"')?.strip_suffix("\"*")?;
    // One FTS5 string: every quote inside it is doubled.
    if inner.replace("\"\"", "").contains('"') {
        return None;
    }
    Some(inner.replace("\"\"", "\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_prefixes_are_found_and_others_are_not() {
        assert_eq!(single_prefix("\"spons\"*").as_deref(), Some("spons"));
        assert_eq!(single_prefix("\"a\"\"b\"*").as_deref(), Some("a\"b"));
        assert_eq!(single_prefix("\"spons\""), None);
        assert_eq!(single_prefix("\"a\" \"spons\"*"), None);
        assert_eq!(single_prefix("\"a\"* \"b\"*"), None);
    }
}
