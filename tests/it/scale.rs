//! What keeps mend fast at a million entries, checked for being right: the
//! entry count kept by triggers, and search ranking.

use chrono::NaiveDate;
use mend::domain::journal::{Filter, NewEntry};
use mend::export::{self, ExportOptions, Format};
use mend::store::Store;
use mend::store::portable;

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

/// The count without a filter (the kept one) and with a filter that holds
/// every entry (counted row by row).
fn counts(store: &Store) -> (u64, u64) {
    let all = Filter {
        since: Some(day("1900-01-01")),
        ..Filter::default()
    };
    (
        store.count_entries(&Filter::default()).unwrap(),
        store.count_entries(&all).unwrap(),
    )
}

#[test]
fn the_kept_entry_count_follows_adds_deletes_and_imports() {
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(counts(&store), (0, 0));
    let a = store.add_entry(&entry("2026-03-01", "One.")).unwrap();
    store.add_entry(&entry("2026-03-02", "Two.")).unwrap();
    store.add_entry(&entry("2026-03-03", "Three.")).unwrap();
    assert_eq!(counts(&store), (3, 3));
    store.delete_entry(a).unwrap();
    assert_eq!(counts(&store), (2, 2));
    // A refused add leaves it alone.
    assert!(store.add_entry(&entry("2026-03-04", "  ")).is_err());
    assert_eq!(counts(&store), (2, 2));

    let opts = ExportOptions::new(Format::Json, day("2026-03-15"));
    let mut out = Vec::new();
    export::write(&store, &opts, &mut out, None).unwrap();
    let plan = mend::import::parse_import(&out).unwrap();
    let mut other = Store::open_in_memory().unwrap();
    other
        .add_entry(&entry("2026-01-01", "Already here."))
        .unwrap();
    portable::import(&mut other, &plan, true, None).unwrap();
    assert_eq!(counts(&other), (1, 1), "a dry run changes nothing");
    portable::import(&mut other, &plan, false, None).unwrap();
    assert_eq!(counts(&other), (3, 3));
}

/// The ids of the best 100 matches by FTS5's own `bm25()`, over every match.
fn bm25_order(db: &std::path::Path, q: &str) -> Vec<i64> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut stmt = c
        .prepare(
            "SELECT rowid FROM journal_fts WHERE journal_fts MATCH ?1
             ORDER BY bm25(journal_fts), rowid DESC LIMIT 100",
        )
        .unwrap();
    stmt.query_map([q], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn one_word_and_prefix_search_rank_as_bm25_does() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mend.db");
    let mut store = Store::open(&db).unwrap();
    // Entries of many lengths with the word 0 to 5 times, and other words.
    let filler = ["calm", "walk", "tea", "rain", "meeting", "step", "hope"];
    let mut x: u64 = 7;
    for i in 0..400 {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let times = (x >> 33) % 6;
        let len = 3 + (x >> 40) % 60;
        let mut words: Vec<&str> = (0..len)
            .map(|k| filler[((x >> (k % 50)) as usize + k as usize) % filler.len()])
            .collect();
        for t in 0..times {
            let at = ((x >> (t * 7)) as usize) % words.len();
            words.insert(at, if t % 2 == 0 { "sponsor" } else { "sponsored" });
        }
        let d = format!("2026-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
        store.add_entry(&entry(&d, &words.join(" "))).unwrap();
    }
    for (typed, q) in [
        ("sponsor", "\"sponsor\""),
        ("spons*", "\"spons\"*"),
        ("calm", "\"calm\""),
    ] {
        let ours: Vec<i64> = store
            .search_entries(typed, &Filter::default(), 100)
            .unwrap()
            .iter()
            .map(|h| h.entry.id)
            .collect();
        let theirs = bm25_order(&db, q);
        assert!(ours.len() > 50, "{typed}: {}", ours.len());
        assert_eq!(ours, theirs, "{typed}");
    }
}

#[test]
fn a_huge_entry_full_of_the_word_searches_with_a_short_snippet() {
    // 2 MB, the searched word in every sentence: with FTS5's snippet() this
    // took minutes (its work grows as the square of the matches).
    let mut store = Store::open_in_memory().unwrap();
    let mut body = String::from("Opening line of a long day. ");
    while body.len() < 2_000_000 {
        body.push_str("Called my sponsor about the craving and felt calmer. ");
    }
    let id = store.add_entry(&entry("2026-03-10", &body)).unwrap();
    store
        .add_entry(&entry("2026-03-11", "My sponsor said to rest."))
        .unwrap();
    let hits = store
        .search_entries("sponsor", &Filter::default(), 100)
        .unwrap();
    assert_eq!(hits.len(), 2);
    let big = hits.iter().find(|h| h.entry.id == id).expect("found");
    assert!(big.snippet.len() < 400, "{}", big.snippet.len());
    assert!(
        big.snippet.contains("\u{E000}sponsor\u{E001}"),
        "{}",
        big.snippet
    );
    let small = hits.iter().find(|h| h.entry.id != id).unwrap();
    assert!(small.snippet.contains("\u{E000}sponsor\u{E001}"));
    // A typed prefix finds it as well.
    let hits = store
        .search_entries("spons*", &Filter::default(), 100)
        .unwrap();
    assert_eq!(hits.len(), 2);
    // Its preview marks every match, in one pass too (FTS5's highlight()
    // grows as the square of the matches as well).
    let marked = store
        .highlight_entry(id, "spons*")
        .unwrap()
        .expect("marked");
    let stored = store.entry(id).unwrap().body;
    assert_eq!(
        marked.matches("\u{E000}sponsor\u{E001}").count(),
        stored.matches("sponsor").count()
    );
    assert!(marked.replace(['\u{E000}', '\u{E001}'], "") == stored);
    assert_eq!(store.highlight_entry(id, "zebra").unwrap(), None);
}
