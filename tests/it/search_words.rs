//! The search index's word list (`journal_term`), which answers a typed
//! prefix without FTS5 merging every posting: it must hold exactly the
//! index's words after every kind of write, and a prefix search through it
//! must give what FTS5's own prefix matching gives.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::NaiveDate;
use mend::domain::journal::{Filter, NewEntry};
use mend::export::{self, ExportOptions, Format};
use mend::store::Store;
use mend::store::portable;
use mend::store::seed::SeedOptions;
use rusqlite::Connection;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn entry(d: &str, body: &str) -> NewEntry {
    NewEntry {
        day: day(d),
        body: body.into(),
        mood: None,
        craving: None,
        prompt: None,
        tags: vec![],
    }
}

/// The kept list, and whether it is marked up to date.
fn kept(db: &Path) -> (BTreeSet<String>, bool) {
    let c = Connection::open(db).unwrap();
    let words = c
        .prepare("SELECT term FROM journal_term")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let settled = c
        .query_row(
            "SELECT writes = seen FROM journal_term_state WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    (words, settled)
}

/// Every word of the full-text index, as FTS5 itself lists them.
fn indexed(db: &Path) -> BTreeSet<String> {
    let c = Connection::open(db).unwrap();
    c.execute_batch("CREATE VIRTUAL TABLE temp.v USING fts5vocab (main, journal_fts, row);")
        .unwrap();
    c.prepare("SELECT term FROM temp.v")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn assert_in_step(db: &Path, when: &str) {
    let (words, settled) = kept(db);
    assert!(settled, "{when}: the list is marked behind");
    assert_eq!(words, indexed(db), "{when}");
}

fn ids(store: &Store, q: &str, filter: &Filter) -> Vec<i64> {
    store
        .search_entries(q, filter, 100)
        .unwrap()
        .iter()
        .map(|h| h.entry.id)
        .collect()
}

#[test]
fn the_word_list_follows_adds_edits_deletes_and_imports() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mend.db");
    let mut store = Store::open(&db).unwrap();
    assert_in_step(&db, "a new journal");
    assert!(kept(&db).0.is_empty());

    let a = store
        .add_entry(&entry(
            "2026-03-01",
            "Walked to the harbour with my sponsor.",
        ))
        .unwrap();
    let b = store
        .add_entry(&entry(
            "2026-03-02",
            "A quiet zanzibar evening, tea and rain.",
        ))
        .unwrap();
    assert_in_step(&db, "after adds");
    assert!(kept(&db).0.contains("zanzibar"));
    assert_eq!(ids(&store, "zanz*", &Filter::default()), vec![b]);

    // A word only the deleted entry held leaves the list with it.
    store.delete_entry(b).unwrap();
    assert_in_step(&db, "after a delete");
    assert!(!kept(&db).0.contains("zanzibar"));
    assert!(ids(&store, "zanz*", &Filter::default()).is_empty());

    // An edit: the old text's own words go, the new ones come.
    let mut edited = entry("2026-03-01", "Walked to the lighthouse with my sponsor.");
    edited.prompt = Some("What helped today?".into());
    store.update_entry(a, &edited).unwrap();
    assert_in_step(&db, "after an edit");
    let (words, _) = kept(&db);
    assert!(words.contains("lighthous") && !words.contains("harbour"));
    assert_eq!(ids(&store, "light*", &Filter::default()), vec![a]);
    assert!(ids(&store, "harb*", &Filter::default()).is_empty());

    // Imports: a dry run leaves the list alone, a real one (which indexes
    // in bulk) brings its words.
    let mut source = Store::open_in_memory().unwrap();
    source
        .add_entry(&entry("2026-02-01", "Kayaking at dawn, a new habit."))
        .unwrap();
    let mut out = Vec::new();
    let opts = ExportOptions::new(Format::Json, day("2026-03-15"));
    export::write(&source, &opts, &mut out, None).unwrap();
    let plan = mend::import::parse_import(&out).unwrap();
    portable::import(&mut store, &plan, true, None).unwrap();
    assert_in_step(&db, "after a dry run");
    assert!(!kept(&db).0.contains("kayak"));
    portable::import(&mut store, &plan, false, None).unwrap();
    assert_in_step(&db, "after an import");
    assert_eq!(ids(&store, "kaya*", &Filter::default()).len(), 1);

    // Settings and other tables leave it as it is (and cost no rebuild).
    store.set_setting("theme", "dark").unwrap();
    assert_in_step(&db, "after a setting");
}

#[test]
fn prefix_search_through_the_word_list_gives_what_fts5_gives() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mend.db");
    let mut store = Store::open(&db).unwrap();
    store
        .seed(&SeedOptions::new(1200, 3, day("2026-03-15")))
        .unwrap();
    // Words that share a prefix but not a stem, in various amounts.
    let walks = ["walk", "walked", "walker", "walkers", "walking", "walkway"];
    for i in 0..150usize {
        let mut body = String::from("Evening notes. ");
        for (k, w) in walks.iter().enumerate() {
            for _ in 0..(i + k) % 4 {
                body.push_str(w);
                body.push(' ');
            }
        }
        body.push_str("then rest.");
        let d = format!("2026-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
        store.add_entry(&entry(&d, &body)).unwrap();
    }
    assert_in_step(&db, "after the seed and the adds");
    let tagged = Filter {
        tag: Some("sponsor".into()),
        ..Filter::default()
    };
    let queries = ["spons*", "walk*", "walke*", "med*", "grat*", "cra*", "qqq*"];
    let with_list: Vec<Vec<i64>> = queries
        .iter()
        .flat_map(|q| [ids(&store, q, &Filter::default()), ids(&store, q, &tagged)])
        .collect();
    let snippets = store
        .search_entries("walk*", &Filter::default(), 100)
        .unwrap();
    // The same searches by FTS5's own prefix matching: mark the list behind.
    Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE journal_term_state SET writes = writes + 1 WHERE id = 1",
            [],
        )
        .unwrap();
    let native: Vec<Vec<i64>> = queries
        .iter()
        .flat_map(|q| [ids(&store, q, &Filter::default()), ids(&store, q, &tagged)])
        .collect();
    assert_eq!(with_list, native);
    assert!(with_list[2].len() == 100, "walk* fills the page");
    assert!(with_list.last().unwrap().is_empty());
    // Every snippet marks a match, whichever way it was found.
    for h in &snippets {
        assert!(h.snippet.contains('\u{E000}'), "{}", h.snippet);
    }
    let preview = store
        .highlight_entry(snippets[0].entry.id, "walk*")
        .unwrap();
    assert!(preview.unwrap().contains("\u{E000}walk"));

    // And the list is what answered: with it up to date again but one word
    // taken out, that word's entries are no longer found.
    let c = Connection::open(&db).unwrap();
    c.execute_batch(
        "UPDATE journal_term_state SET seen = writes WHERE id = 1;
         DELETE FROM journal_term WHERE term = 'walker';",
    )
    .unwrap();
    let only_walker = ids(&store, "walker*", &Filter::default());
    assert!(only_walker.is_empty(), "{only_walker:?}");
    assert_eq!(ids(&store, "walk*", &Filter::default()), with_list[2]);
}

#[test]
fn a_journal_written_by_another_program_is_searched_and_the_list_catches_up() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mend.db");
    let mut store = Store::open(&db).unwrap();
    store
        .add_entry(&entry("2026-03-01", "Morning pages."))
        .unwrap();
    // Another program (no scratch tables of ours) adds an entry.
    Connection::open(&db)
        .unwrap()
        .execute(
            "INSERT INTO journal_entry (day, body, created_at, updated_at)
             VALUES ('2026-03-02', 'A quokka smiled at me.', '2026-03-02T09:00:00+00:00',
                     '2026-03-02T09:00:00+00:00')",
            [],
        )
        .unwrap();
    assert!(!kept(&db).1, "the count of changes moved on");
    assert_eq!(ids(&store, "quok*", &Filter::default()).len(), 1);
    // The next write of ours rebuilds the list.
    store
        .add_entry(&entry("2026-03-03", "Evening pages."))
        .unwrap();
    assert_in_step(&db, "after the next write");
    assert!(kept(&db).0.contains("quokka"));
    assert_eq!(ids(&store, "quok*", &Filter::default()).len(), 1);
}
