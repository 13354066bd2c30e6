//! The journal tables through the store: add, list, filter, search, edit,
//! delete, keyset pages, drafts and Unicode.

use chrono::NaiveDate;
use mend::domain::journal::{Draft, Filter, NewEntry};
use mend::store::{Error, Store};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn entry(d: &str, body: &str) -> NewEntry {
    NewEntry {
        day: day(d),
        body: body.into(),
        ..Default::default()
    }
}

fn ids(entries: &[mend::domain::journal::Entry]) -> Vec<i64> {
    entries.iter().map(|e| e.id).collect()
}

#[test]
fn add_get_edit_delete() {
    let mut s = Store::open_in_memory().unwrap();
    let id = s
        .add_entry(&NewEntry {
            mood: Some(3),
            craving: Some(7),
            prompt: Some("What helped?".into()),
            tags: vec!["#Sleep".into(), "family".into(), "sleep".into()],
            ..entry("2026-03-14", "Called my sponsor.\n")
        })
        .unwrap();
    let e = s.entry(id).unwrap();
    assert_eq!(e.body, "Called my sponsor.");
    assert_eq!(e.day, day("2026-03-14"));
    assert_eq!((e.mood, e.craving), (Some(3), Some(7)));
    assert_eq!(e.prompt.as_deref(), Some("What helped?"));
    assert_eq!(e.tags, vec!["family", "sleep"]);

    s.update_entry(
        id,
        &NewEntry {
            tags: vec!["work".into()],
            ..entry("2026-03-13", "Went to a meeting.")
        },
    )
    .unwrap();
    let e2 = s.entry(id).unwrap();
    assert_eq!(e2.body, "Went to a meeting.");
    assert_eq!(e2.tags, vec!["work"]);
    assert_eq!(e2.mood, None);
    assert_eq!(e2.created_at, e.created_at);
    // The search index follows edits.
    assert!(
        s.search_entries("sponsor", &Filter::default(), 10)
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        s.search_entries("meeting", &Filter::default(), 10)
            .unwrap()
            .len(),
        1
    );

    s.delete_entry(id).unwrap();
    assert!(matches!(s.entry(id), Err(Error::NotFound(_))));
    assert!(matches!(s.delete_entry(id), Err(Error::NotFound(_))));
    assert!(
        s.search_entries("meeting", &Filter::default(), 10)
            .unwrap()
            .is_empty()
    );
    assert_eq!(s.count_entries(&Filter::default()).unwrap(), 0);
}

#[test]
fn refusals_write_nothing_and_do_not_echo_the_text() {
    let mut s = Store::open_in_memory().unwrap();
    let secret = "my private words";
    for bad in [
        NewEntry {
            mood: Some(9),
            ..entry("2026-03-14", secret)
        },
        NewEntry {
            craving: Some(11),
            ..entry("2026-03-14", secret)
        },
        NewEntry {
            tags: vec!["two words".into()],
            ..entry("2026-03-14", secret)
        },
        entry("2026-03-14", " \n\t"),
    ] {
        let err = s.add_entry(&bad).unwrap_err();
        assert!(matches!(err, Error::Invalid(_)), "{err}");
        assert!(!err.to_string().contains("private"), "{err}");
        assert!(!err.to_string().contains('\n'));
    }
    assert_eq!(s.count_entries(&Filter::default()).unwrap(), 0);
    assert!(matches!(
        s.update_entry(99, &entry("2026-03-14", "x")),
        Err(Error::NotFound(_))
    ));
    // A failed update leaves the entry as it was.
    let id = s.add_entry(&entry("2026-03-14", "kept")).unwrap();
    assert!(
        s.update_entry(
            id,
            &NewEntry {
                mood: Some(0),
                ..entry("2026-03-14", "changed")
            }
        )
        .is_err()
    );
    assert_eq!(s.entry(id).unwrap().body, "kept");
}

#[test]
fn lists_are_newest_first_with_filters() {
    let mut s = Store::open_in_memory().unwrap();
    let a = s
        .add_entry(&NewEntry {
            tags: vec!["family".into()],
            ..entry("2026-03-01", "a")
        })
        .unwrap();
    let b = s.add_entry(&entry("2026-03-10", "b")).unwrap();
    let c = s
        .add_entry(&NewEntry {
            tags: vec!["Family".into()],
            ..entry("2026-03-05", "c")
        })
        .unwrap();
    let d = s.add_entry(&entry("2026-03-10", "d")).unwrap();
    let all = s.list_page(&Filter::default(), None, 10).unwrap();
    assert_eq!(ids(&all), vec![d, b, c, a]);
    let fam = Filter {
        tag: Some("family".into()),
        ..Default::default()
    };
    assert_eq!(ids(&s.list_page(&fam, None, 10).unwrap()), vec![c, a]);
    assert_eq!(s.count_entries(&fam).unwrap(), 2);
    let range = Filter {
        since: Some(day("2026-03-05")),
        until: Some(day("2026-03-09")),
        ..Default::default()
    };
    assert_eq!(ids(&s.list_page(&range, None, 10).unwrap()), vec![c]);
}

#[test]
fn keyset_pages_walk_forward_and_back_without_gaps() {
    let mut s = Store::open_in_memory().unwrap();
    let start = day("2025-01-01");
    for i in 0..250 {
        // Several entries share a day, so the id breaks ties.
        let d = start + chrono::Duration::days(i / 3);
        s.add_entry(&NewEntry {
            day: d,
            body: format!("entry {i}"),
            ..Default::default()
        })
        .unwrap();
    }
    let f = Filter::default();
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = s.list_page(&f, after, 40).unwrap();
        if page.is_empty() {
            break;
        }
        after = page.last().map(|e| (e.day, e.id));
        seen.extend(page);
    }
    assert_eq!(seen.len(), 250);
    for w in seen.windows(2) {
        assert!((w[0].day, w[0].id) > (w[1].day, w[1].id));
    }
    // The oldest page, straight away.
    let last = s.list_page_before(&f, None, 40).unwrap();
    assert_eq!(ids(&last), ids(&seen[210..]));
    // And back up from it.
    let first_of_last = (last[0].day, last[0].id);
    let before = s.list_page_before(&f, Some(first_of_last), 40).unwrap();
    assert_eq!(ids(&before), ids(&seen[170..210]));
}

#[test]
fn search_is_ranked_stemmed_and_hostile_input_never_errors() {
    let mut s = Store::open_in_memory().unwrap();
    let a = s
        .add_entry(&entry(
            "2026-03-01",
            "I kept my boundaries with Sam today. Boundaries, boundaries.",
        ))
        .unwrap();
    let b = s
        .add_entry(&entry("2026-03-02", "A long day. One boundary held."))
        .unwrap();
    s.add_entry(&entry("2026-03-03", "Trusting the process; rebuilt trust."))
        .unwrap();
    let f = Filter::default();
    let hits = s.search_entries("boundary", &f, 10).unwrap();
    assert_eq!(
        hits.iter().map(|h| h.entry.id).collect::<Vec<_>>(),
        vec![a, b]
    );
    assert!(
        hits[0].snippet.contains('\u{E000}'),
        "{:?}",
        hits[0].snippet
    );
    assert_eq!(s.search_entries("trust*", &f, 10).unwrap().len(), 1);
    let hl = s.highlight_entry(b, "boundary").unwrap().unwrap();
    assert!(hl.contains("\u{E000}boundary\u{E001}"), "{hl}");
    assert_eq!(s.highlight_entry(b, "trust").unwrap(), None);

    for hostile in [
        "\"",
        "\"unbalanced",
        "AND",
        "OR OR",
        "NOT",
        "NEAR(",
        "a NEAR b",
        "trust AND",
        "*",
        "**",
        "trust**",
        "^col",
        "body:trust",
        "(",
        ")",
        "-",
        "a - b",
        "'; DROP TABLE journal_entry; --",
        "{body prompt}: x",
        "\u{0}",
        "🙂",
        "",
        "   ",
    ] {
        let r = s.search_entries(hostile, &f, 10);
        assert!(r.is_ok(), "{hostile:?}: {r:?}");
        assert!(s.highlight_entry(a, hostile).is_ok(), "{hostile:?}");
    }
    assert_eq!(s.count_entries(&f).unwrap(), 3);
}

#[test]
fn search_respects_filters() {
    let mut s = Store::open_in_memory().unwrap();
    s.add_entry(&NewEntry {
        tags: vec!["work".into()],
        ..entry("2026-03-01", "honest with my boss")
    })
    .unwrap();
    let b = s
        .add_entry(&entry("2026-03-05", "honest with myself"))
        .unwrap();
    let f = Filter {
        since: Some(day("2026-03-02")),
        ..Default::default()
    };
    let hits = s.search_entries("honest", &f, 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].entry.id, b);
    let f = Filter {
        tag: Some("work".into()),
        ..Default::default()
    };
    assert_eq!(s.search_entries("honest", &f, 10).unwrap().len(), 1);
}

#[test]
fn unicode_round_trips() {
    let mut s = Store::open_in_memory().unwrap();
    let bodies = [
        "Grateful 🙏🏽 for my sister 👩‍👧 today ❤️",
        "今日は散歩した。感謝。",
        "e\u{301}te\u{301} — cafe\u{301} with Zoë",
        "RTL: שלום and Ελληνικά",
        "tab\tand \u{1b}[31m escape",
    ];
    for b in bodies {
        let id = s
            .add_entry(&NewEntry {
                tags: vec!["感謝".into()],
                ..entry("2026-03-01", b)
            })
            .unwrap();
        let e = s.entry(id).unwrap();
        assert_eq!(e.body, b);
        assert_eq!(e.tags, vec!["感謝"]);
    }
    // Diacritics fold: "cafe" finds "café" (combining accent).
    assert_eq!(
        s.search_entries("cafe", &Filter::default(), 10)
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        s.search_entries("zoe", &Filter::default(), 10)
            .unwrap()
            .len(),
        1
    );
    let tagged = Filter {
        tag: Some("感謝".into()),
        ..Default::default()
    };
    assert_eq!(s.count_entries(&tagged).unwrap(), 5);
}

#[test]
fn drafts_upsert_load_and_clear() {
    let mut s = Store::open_in_memory().unwrap();
    assert_eq!(s.load_draft().unwrap(), None);
    let d = Draft {
        body: "half a thought 🙂".into(),
        mood: Some(2),
        tags: "sleep, work".into(),
        day: Some("2026-03-15".into()),
        ..Default::default()
    };
    s.save_draft(&d).unwrap();
    s.save_draft(&Draft {
        body: "a whole thought".into(),
        ..d.clone()
    })
    .unwrap();
    let back = s.load_draft().unwrap().unwrap();
    assert_eq!(back.body, "a whole thought");
    assert_eq!(back.mood, Some(2));
    assert_eq!(back.tags, "sleep, work");
    s.clear_draft().unwrap();
    assert_eq!(s.load_draft().unwrap(), None);
    // A draft editing an entry goes when the entry is deleted.
    let id = s.add_entry(&entry("2026-03-01", "x")).unwrap();
    s.save_draft(&Draft {
        entry_id: Some(id),
        body: "y".into(),
        ..Default::default()
    })
    .unwrap();
    s.delete_entry(id).unwrap();
    assert_eq!(s.load_draft().unwrap(), None);
}

#[test]
fn tag_counts_lists_tags_in_use_most_used_first() {
    let mut s = Store::open_in_memory().unwrap();
    assert!(s.tag_counts().unwrap().is_empty());
    let tagged = |tags: &[&str]| NewEntry {
        tags: tags.iter().map(|t| t.to_string()).collect(),
        ..entry("2026-03-14", "x")
    };
    s.add_entry(&tagged(&["work", "family"])).unwrap();
    s.add_entry(&tagged(&["family"])).unwrap();
    let gone = s.add_entry(&tagged(&["meeting"])).unwrap();
    s.delete_entry(gone).unwrap();
    assert_eq!(
        s.tag_counts().unwrap(),
        [("family".to_string(), 2), ("work".to_string(), 1)]
    );
}
