//! Export, import and backup through the library: round trips, refusals that
//! leave the database unchanged, jrnl, dry runs, backups while writing.

use std::os::unix::fs::PermissionsExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDate;
use mend::export::{self, ExportOptions, Format, Source};
use mend::store::Store;
use mend::store::portable;
use serde_json::{Value, json};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn today() -> NaiveDate {
    day("2026-03-15")
}

/// The full JSON export with a fixed `exported_at`.
fn export_json(store: &Store) -> String {
    let mut opts = ExportOptions::new(Format::Json, today());
    opts.exported_at = "fixed".to_string();
    let mut out = Vec::new();
    export::write(store, &opts, &mut out, None).unwrap();
    String::from_utf8(out).unwrap()
}

fn export_markdown(store: &Store, f: impl FnOnce(&mut ExportOptions)) -> String {
    let mut opts = ExportOptions::new(Format::Markdown, today());
    f(&mut opts);
    let mut out = Vec::new();
    export::write(store, &opts, &mut out, None).unwrap();
    String::from_utf8(out).unwrap()
}

fn import_value(store: &mut Store, doc: &Value) -> portable::ImportReport {
    let bytes = serde_json::to_vec(doc).unwrap();
    let plan = mend::import::parse_import(&bytes).unwrap();
    portable::import(store, &plan, false, None).unwrap()
}

/// Tries to import `bytes`; returns the one-line refusal.
fn refusal(store: &mut Store, bytes: &[u8]) -> String {
    match mend::import::parse_import(bytes) {
        Err(e) => e.to_string(),
        Ok(plan) => match portable::import(store, &plan, false, None) {
            Err(e) => format!("import refused: {e}; nothing was imported"),
            Ok(r) => panic!("import was accepted: {r:?}"),
        },
    }
}

fn big_body() -> String {
    let line = "Today I kept my word. 今日は約束を守った. 🙂 e\u{301}\n";
    let mut s = String::new();
    while s.len() < 1_000_000 {
        s.push_str(line);
    }
    s
}

/// A document with every kind of record; `long` is the third entry's body.
fn sample_with(long: String) -> Value {
    json!({
        "format": "mend", "version": 1, "exported_at": "2026-03-15T10:00:00+00:00",
        "clocks": [
            {"label": "Alcohol", "since": "2025-06-01", "cost_per_day": 12.5,
             "resets": [{"day": "2025-01-01", "note": null}, {"day": "2025-06-01", "note": "a new start 🌱"}]},
            {"label": "Gambling", "since": "2024-02-29", "cost_per_day": null, "resets": []}
        ],
        "journal": [
            {"day": "2026-03-01", "created_at": "2026-03-01T21:00:00+01:00", "updated_at": "2026-03-02T08:00:00+01:00",
             "body": "Called my sponsor 📞. 电话很好. Cafe\u{301} with Ana.", "mood": 4, "craving": 2,
             "prompt": "What helped today?", "tags": ["calls", "Sponsor", "日記"]},
            {"day": "2026-03-01", "created_at": "2026-03-01T21:00:00+01:00", "updated_at": "2026-03-01T21:00:00+01:00",
             "body": "", "mood": null, "craving": null, "prompt": null, "tags": []},
            {"day": "2026-02-14", "created_at": "2026-02-14T09:00:00+01:00", "updated_at": "2026-02-14T09:00:00+01:00",
             "body": long, "mood": 1, "craving": 10, "prompt": "", "tags": ["long"]}
        ],
        "contacts": [
            {"name": "Sam", "role": "sponsor", "phone": "+1 555 0100", "email": null, "notes": "mornings 🙏",
             "emergency": true, "cadence_days": 3, "log": [{"day": "2026-03-10", "note": "called"}, {"day": "2026-03-12", "note": null}]},
            {"name": "Zoë", "role": "family", "phone": null, "email": "zoe@example.org", "notes": null,
             "emergency": false, "cadence_days": null, "log": []}
        ],
        "amends": [
            {"person": "Zoë", "contact": "Zoë", "harm": "Missed her birthday", "kind": "direct", "plan": "Ask how to make it right",
             "status": "made", "made_on": "2026-03-05", "notes": null,
             "log": [{"day": "2026-03-05", "note": "Talked over coffee", "trust": 3}, {"day": "2026-03-12", "note": "Showed up on time", "trust": null}]},
            {"person": "Neighbour", "contact": null, "harm": "", "kind": "living", "plan": null,
             "status": "not_advisable", "made_on": null, "notes": null, "log": []}
        ]
    })
}

/// The sample with a short third entry (fast in debug builds).
fn sample() -> Value {
    sample_with("A short, plain entry.".to_string())
}

fn populated() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    import_value(&mut store, &sample());
    store
}

#[test]
fn export_import_export_round_trips() {
    let mut store = Store::open_in_memory().unwrap();
    import_value(&mut store, &sample_with(big_body()));
    let first = export_json(&store);
    let mut again = Store::open_in_memory().unwrap();
    let plan = mend::import::parse_import(first.as_bytes()).unwrap();
    assert_eq!(plan.source, Source::Mend(1));
    let report = portable::import(&mut again, &plan, false, None).unwrap();
    assert_eq!(report.added.entries, 3);
    assert_eq!(report.skipped.total(), 0);
    assert_eq!(export_json(&again), first);

    // The document has the contract's shape and keeps every character.
    let doc: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(doc["format"], "mend");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["clocks"][0]["label"], "Alcohol");
    assert_eq!(doc["clocks"][0]["cost_per_day"], 12.5);
    assert_eq!(doc["clocks"][0]["resets"][1]["note"], "a new start 🌱");
    assert_eq!(doc["journal"][0]["day"], "2026-02-14");
    assert_eq!(doc["journal"][0]["body"].as_str().unwrap(), big_body());
    assert_eq!(doc["journal"][1]["body"], "");
    assert_eq!(
        doc["journal"][2]["body"],
        "Called my sponsor 📞. 电话很好. Cafe\u{301} with Ana."
    );
    assert_eq!(
        doc["journal"][2]["tags"],
        json!(["calls", "Sponsor", "日記"])
    );
    assert_eq!(doc["journal"][2]["mood"], 4);
    assert!(doc["journal"][1]["mood"].is_null());
    assert_eq!(doc["contacts"][0]["name"], "Sam");
    assert_eq!(doc["contacts"][1]["name"], "Zoë");
    assert_eq!(doc["amends"][1]["contact"], "Zoë");
    assert_eq!(doc["amends"][1]["log"][0]["trust"], 3);
    assert_eq!(doc["amends"][0]["status"], "not_advisable");
    // Every record carries its sync id (a UUID), which the second database
    // kept (the two exports are equal).
    for section in ["clocks", "journal", "contacts", "amends"] {
        for r in doc[section].as_array().unwrap() {
            let id = r["id"].as_str().expect("the record has an id");
            assert_eq!((id.len(), &id[14..15]), (36, "7"), "{id}");
        }
    }
}

#[test]
fn importing_twice_adds_nothing_the_second_time() {
    let mut store = populated();
    let before = export_json(&store);
    let report = import_value(&mut store, &sample());
    assert_eq!(report.added.total(), 0, "{report:?}");
    assert_eq!(report.skipped.entries, 3);
    assert_eq!(report.skipped.clocks, 2);
    assert_eq!(report.skipped.contacts, 2);
    assert_eq!(report.skipped.amends, 2);
    assert_eq!(export_json(&store), before);
}

#[test]
fn new_log_notes_merge_into_records_already_present() {
    let mut store = populated();
    let mut doc = sample();
    doc["contacts"][0]["log"]
        .as_array_mut()
        .unwrap()
        .push(json!({"day": "2026-03-14", "note": "met for coffee"}));
    let report = import_value(&mut store, &doc);
    assert_eq!(report.added.contact_logs, 1);
    assert_eq!(report.added.total(), 1);
    let out: Value = serde_json::from_str(&export_json(&store)).unwrap();
    assert_eq!(out["contacts"][0]["log"].as_array().unwrap().len(), 3);
}

#[test]
fn dry_run_writes_nothing_and_counts_like_the_real_thing() {
    let mut store = Store::open_in_memory().unwrap();
    let before = export_json(&store);
    let plan = mend::import::parse_import(&serde_json::to_vec(&sample()).unwrap()).unwrap();
    let dry = portable::import(&mut store, &plan, true, None).unwrap();
    assert!(dry.dry_run);
    assert_eq!(export_json(&store), before);
    let real = portable::import(&mut store, &plan, false, None).unwrap();
    assert_eq!(dry.added, real.added);
    assert_ne!(export_json(&store), before);
}

#[test]
fn bad_files_are_refused_with_their_place_and_change_nothing() {
    let mut store = populated();
    let before = export_json(&store);
    let entry = |extra: Value| {
        let mut e =
            json!({"day": "2026-01-01", "created_at": "2026-01-01T10:00:00+00:00", "body": "x"});
        for (k, v) in extra.as_object().unwrap() {
            e[k] = v.clone();
        }
        e
    };
    let with_journal = |bad: Value| {
        let doc = json!({"format": "mend", "version": 1, "journal": [entry(json!({})), entry(json!({"body": "y"})), bad]});
        serde_json::to_vec(&doc).unwrap()
    };
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            with_journal(entry(json!({"day": "2025-02-30"}))),
            "import refused: journal entry 3, field \"day\": 2025-02-30 is not a real date; nothing was imported",
        ),
        (with_journal(entry(json!({"mood": 6}))), "journal entry 3, field \"mood\": 6 is out of range"),
        (with_journal(entry(json!({"craving": -1}))), "journal entry 3, field \"craving\""),
        (with_journal(entry(json!({"mood": "good"}))), "found a string"),
        (with_journal(entry(json!({"body": 42}))), "journal entry 3, field \"body\": expected text, found a number"),
        (with_journal(entry(json!({"tags": "calls"}))), "field \"tags\": expected a list"),
        (with_journal(entry(json!({"created_at": "yesterday"}))), "field \"created_at\""),
        (with_journal(json!(["not", "an", "object"])), "journal entry 3: expected an object"),
        (
            serde_json::to_vec(&json!({"format": "mend", "version": 1, "contacts": [{"name": "A", "role": "boss"}]})).unwrap(),
            "contact 1, field \"role\": unknown role \"boss\"",
        ),
        (
            serde_json::to_vec(&json!({"format": "mend", "version": 1, "amends": [{"person": "A", "kind": "grand"}]})).unwrap(),
            "amend 1, field \"kind\"",
        ),
        (
            serde_json::to_vec(&json!({"format": "mend", "version": 1, "amends": [{"person": "A", "status": "done"}]})).unwrap(),
            "amend 1, field \"status\"",
        ),
        (
            serde_json::to_vec(&json!({"format": "mend", "version": 1, "clocks": [{"label": "A", "since": "2025-01-01", "resets": [{"day": "2025-13-01"}]}]})).unwrap(),
            "clock 1, reset 1, field \"day\": 2025-13-01 is not a real date",
        ),
        (
            serde_json::to_vec(&json!({"format": "mend", "version": 1, "clocks": [{"label": "  ", "since": "2025-01-01"}]})).unwrap(),
            "clock 1, field \"label\": is empty",
        ),
        (br#"{"format":"mend","version":7,"journal":[]}"#.to_vec(), "unknown export version 7"),
        (br#"{"format":"mend","version":1}"#.to_vec(), "the file has nothing to import"),
        (br#"{"format":"mend","version":1,"clocks":[],"journal":[]}"#.to_vec(), "nothing to import"),
        (br#"{"tags":{},"entries":[]}"#.to_vec(), "nothing to import"),
        (b"".to_vec(), "the file is empty"),
        (br#"{"format":"mend","version":1,"journal":[{"day":"2026-01-01","bo"#.to_vec(), "ends too early"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec(), "binary"),
        (b"\xff\xfe{}".to_vec(), "not UTF-8"),
        (b"{\"format\": \"mend\", \"version\": 1,, }".to_vec(), "not valid JSON"),
        (br#"{"hello":"world"}"#.to_vec(), "not a mend export"),
        (
            br#"{"tags":{},"entries":[{"title":"a","body":"","date":"2024-01-01","time":"25:00","tags":[],"starred":false}]}"#.to_vec(),
            "jrnl entry 1, field \"time\"",
        ),
        // A problem only the database can see: still nothing is written,
        // though the journal entries before it were valid.
        (
            serde_json::to_vec(&json!({"format": "mend", "version": 1,
                "journal": [entry(json!({"body": "new"}))],
                "amends": [{"person": "A", "contact": "Nobody"}]})).unwrap(),
            "amend 1, field \"contact\": no contact of that name",
        ),
    ];
    for (bytes, expected) in cases {
        let msg = refusal(&mut store, &bytes);
        assert!(msg.contains(expected), "expected {expected:?} in {msg:?}");
        assert!(msg.starts_with("import refused: "), "{msg}");
        assert!(msg.ends_with("; nothing was imported"), "{msg}");
        assert_eq!(msg.lines().count(), 1, "{msg}");
        assert_eq!(export_json(&store), before, "database changed after: {msg}");
    }
}

#[test]
fn jrnl_export_imports_with_titles_times_and_tags() {
    let bytes = std::fs::read("tests/fixtures/jrnl.json").unwrap();
    let plan = mend::import::parse_import(&bytes).unwrap();
    assert_eq!(plan.source, Source::Jrnl);
    let mut store = Store::open_in_memory().unwrap();
    let report = portable::import(&mut store, &plan, false, None).unwrap();
    assert_eq!(report.added.entries, 3);
    let doc: Value = serde_json::from_str(&export_json(&store)).unwrap();
    let journal = doc["journal"].as_array().unwrap();
    assert_eq!(
        journal[0]["body"],
        "Went to my first meeting tonight.\n\nI sat at the back. Nobody made me talk. @meetings\nI'll go again on Thursday."
    );
    assert_eq!(journal[0]["tags"], json!(["meetings", "starred"]));
    assert!(
        journal[0]["created_at"]
            .as_str()
            .unwrap()
            .starts_with("2024-01-08T21:40:00")
    );
    assert_eq!(journal[1]["body"], "Hard day at @work.");
    assert_eq!(journal[1]["tags"], json!(["work"]));
    assert!(
        journal[2]["body"]
            .as_str()
            .unwrap()
            .contains("Café with Sam tomorrow ☕ — 日記")
    );

    let again = portable::import(&mut store, &plan, false, None).unwrap();
    assert_eq!(again.added.total(), 0);
    assert_eq!(again.skipped.entries, 3);
}

#[test]
fn markdown_reads_like_a_document() {
    let store = populated();
    let md = export_markdown(&store, |_| {});
    for needle in [
        "# My recovery record",
        "# Sobriety clocks",
        "## Alcohol",
        // Resets record the day of the slip; the figures are the domain's.
        "- Current streak: since 2025-06-02 (286 days so far)",
        "- First sober day: 2025-06-01",
        "- Longest streak: 286 days",
        "- 2025-01-02 – 2025-05-31: 150 days, then a slip on 2025-06-01 — a new start 🌱",
        "# Journal",
        "## February 2026",
        "## March 2026",
        "### 2026-03-01 (Sunday)",
        "Mood 4/5 · Craving 2/10 · Tags: #calls #Sponsor #日記",
        "> Called my sponsor 📞.",
        "# Support contacts",
        "## Sam — sponsor (emergency contact)",
        "- 2026-03-10: called",
        "# Amends",
        "## Zoë",
        "- 2026-03-05: Talked over coffee (trust 3/5)",
        "not advisable",
    ] {
        assert!(md.contains(needle), "missing {needle:?}");
    }
    assert!(md.find("## February 2026") < md.find("## March 2026"));

    let only = export_markdown(&store, |o| {
        o.journal_only = true;
        o.since = Some(day("2026-03-01"));
        o.until = Some(day("2026-03-31"));
    });
    assert!(only.contains("## March 2026"));
    assert!(!only.contains("## February 2026"));
    assert!(!only.contains("# Amends"));
    assert!(!only.contains("# Sobriety clocks"));
}

#[test]
fn markdown_drops_escape_sequences() {
    let mut store = Store::open_in_memory().unwrap();
    import_value(
        &mut store,
        &json!({"format": "mend", "version": 1, "journal": [
            {"day": "2026-03-01", "body": "hi \u{1b}[2J there\u{7}", "tags": []}]}),
    );
    let md = export_markdown(&store, |_| {});
    assert!(!md.contains('\u{1b}') && !md.contains('\u{7}'));
    assert!(md.contains("> hi [2J there"));
}

#[test]
fn progress_reaches_the_total() {
    let store = populated();
    let mut seen = Vec::new();
    let mut cb = |done: u64, total: u64| seen.push((done, total));
    let opts = ExportOptions::new(Format::Json, today());
    export::write(&store, &opts, &mut std::io::sink(), Some(&mut cb)).unwrap();
    assert_eq!(seen.first(), Some(&(0, 9)));
    assert_eq!(seen.last(), Some(&(9, 9)));
}

#[test]
fn atomic_write_replaces_whole_files_with_mode_0600() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.json");
    std::fs::write(&path, "old").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let failed = export::atomic_write(&path, |w| {
        use std::io::Write;
        w.write_all(b"half")?;
        anyhow::bail!("stopped")
    });
    assert!(failed.is_err());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
    export::atomic_write(&path, |w| {
        use std::io::Write;
        w.write_all(b"new")?;
        Ok(())
    })
    .unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 1, "no temp files left behind");
}

#[test]
fn backup_while_another_connection_writes_is_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mend.db");
    let store = Store::open(&db).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        let db = db.clone();
        std::thread::spawn(move || {
            let mut store = Store::open(&db).unwrap();
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) || n < 20 {
                let doc = json!({"format": "mend", "version": 1, "journal": [
                    {"day": "2026-03-01", "created_at": format!("2026-03-01T10:{:02}:{:02}+00:00", (n / 60) % 60, n % 60),
                     "body": format!("entry {n} ✍️"), "tags": ["t"]}]});
                let plan = mend::import::parse_import(&serde_json::to_vec(&doc).unwrap()).unwrap();
                portable::import(&mut store, &plan, false, None).unwrap();
                n += 1;
            }
            n
        })
    };
    let mut copies = Vec::new();
    for i in 0..5 {
        let dest = dir.path().join(format!("copy-{i}.db"));
        portable::backup_to(&store, &dest).unwrap();
        copies.push(dest);
    }
    stop.store(true, Ordering::Relaxed);
    let written = writer.join().unwrap();
    assert!(written >= 20);
    for copy in copies {
        let mode = std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let conn = rusqlite::Connection::open(&copy).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
        let entries: i64 = conn
            .query_row("SELECT count(*) FROM journal_entry", [], |r| r.get(0))
            .unwrap();
        let tags: i64 = conn
            .query_row("SELECT count(*) FROM journal_tag", [], |r| r.get(0))
            .unwrap();
        assert_eq!(entries, tags, "each copy is one consistent moment");
        drop(conn);
        // A copy opens as a mend database.
        Store::open(&copy).unwrap();
    }
}

#[test]
fn backup_refuses_the_live_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mend.db");
    let store = Store::open(&db).unwrap();
    let err = portable::backup_to(&store, &db).unwrap_err().to_string();
    assert!(err.contains("is the live database"), "{err}");
    let err = portable::backup_to(&store, dir.path())
        .unwrap_err()
        .to_string();
    assert!(err.contains("is a folder"), "{err}");
    Store::open(&db).unwrap();
}

#[test]
fn dated_backups_live_in_a_private_folder_and_auto_backup_runs_once_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data").join("mend.db");
    let mut store = Store::open(&db).unwrap();
    let made = portable::auto_backup_if_due(&mut store, today())
        .unwrap()
        .unwrap();
    assert_eq!(made, dir.path().join("data/backups/mend-2026-03-15.db"));
    let mode = std::fs::metadata(made.parent().unwrap())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o700);
    assert_eq!(
        portable::auto_backup_if_due(&mut store, today()).unwrap(),
        None
    );
    store.set_setting("something", "changed").unwrap();
    store
        .add_entry(&mend::domain::journal::NewEntry {
            day: today(),
            body: "A change, so the next day has something to back up.".into(),
            mood: None,
            craving: None,
            prompt: None,
            tags: vec![],
        })
        .unwrap();
    let next = portable::auto_backup_if_due(&mut store, day("2026-03-16")).unwrap();
    assert!(next.unwrap().ends_with("mend-2026-03-16.db"));

    // Old copies are pruned; files that are not dated copies are left alone.
    let backups = dir.path().join("data/backups");
    for d in 1..=28 {
        std::fs::write(backups.join(format!("mend-2026-02-{d:02}.db")), "old").unwrap();
    }
    std::fs::write(backups.join("keep-me.txt"), "mine").unwrap();
    let result = portable::dated_backup(&store, day("2026-03-17")).unwrap();
    assert!(!result.pruned.is_empty());
    let mut names: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert!(names.contains(&"keep-me.txt".to_string()));
    assert_eq!(names.len(), 7 + 4 + 1, "{names:?}");
}

#[test]
fn pruning_keeps_seven_daily_and_four_weekly() {
    let days: Vec<NaiveDate> = (0..30)
        .map(|i| day("2026-03-15") - chrono::Duration::days(i))
        .collect();
    let delete = portable::prune_plan(&days);
    let kept: Vec<NaiveDate> = days
        .iter()
        .copied()
        .filter(|d| !delete.contains(d))
        .collect();
    let mut kept = kept;
    kept.sort();
    let expect: Vec<NaiveDate> = [
        "2026-02-15",
        "2026-02-22",
        "2026-03-01",
        "2026-03-08", // newest of each older ISO week
        "2026-03-09",
        "2026-03-10",
        "2026-03-11",
        "2026-03-12",
        "2026-03-13",
        "2026-03-14",
        "2026-03-15",
    ]
    .iter()
    .map(|s| day(s))
    .collect();
    assert_eq!(kept, expect);
    assert_eq!(delete.len(), 30 - 11);
}

#[test]
fn pruning_small_and_sparse_sets() {
    assert!(portable::prune_plan(&[]).is_empty());
    let few: Vec<NaiveDate> = (1..=7).map(|d| day(&format!("2026-03-{d:02}"))).collect();
    assert!(portable::prune_plan(&few).is_empty());
    // Two old copies in the same ISO week: only the newer one is kept.
    let mut days = few.clone();
    days.push(day("2026-02-17")); // Tuesday, week 8
    days.push(day("2026-02-19")); // Thursday, week 8
    assert_eq!(portable::prune_plan(&days), vec![day("2026-02-17")]);
    // An old copy in the same week as a kept daily is not kept as a weekly.
    let days = vec![
        day("2026-03-02"),
        day("2026-03-03"),
        day("2026-03-04"),
        day("2026-03-05"),
        day("2026-03-06"),
        day("2026-03-07"),
        day("2026-03-08"),
        day("2026-03-01"), // Sunday, week 9, before the dailies of week 10
        day("2026-02-28"), // Saturday, week 9
    ];
    assert_eq!(portable::prune_plan(&days), vec![day("2026-02-28")]);
}

#[test]
fn imported_entries_are_searchable_and_later_entries_still_indexed() {
    use mend::domain::journal::{Filter, NewEntry};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("in.json");
    std::fs::write(
        &file,
        r#"{"format":"mend","version":1,"exported_at":"2026-03-15T10:00:00+00:00","clocks":[],
            "journal":[{"day":"2026-03-01","created_at":"2026-03-01T09:00:00+00:00","body":"the lighthouse keeps its boundaries","tags":[]}],
            "contacts":[],"amends":[]}"#,
    )
    .unwrap();
    let mut store = mend::store::Store::open(&dir.path().join("m.db")).unwrap();
    mend::import::import_file(&mut store, &file, false, None).unwrap();
    let hits = store
        .search_entries("boundary", &Filter::default(), 10)
        .unwrap();
    assert_eq!(hits.len(), 1, "imported text is in the index (stemmed)");
    let e = NewEntry {
        day: chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        body: "a new lighthouse after the import".into(),
        mood: None,
        craving: None,
        prompt: None,
        tags: Vec::new(),
    };
    store.add_entry(&e).unwrap();
    let hits = store
        .search_entries("lighthouse", &Filter::default(), 10)
        .unwrap();
    assert_eq!(hits.len(), 2, "the insert trigger is back after the import");
    drop(store);
    // The bulk pass's larger FTS5 hash is not left behind in the file.
    let conn = rusqlite::Connection::open(dir.path().join("m.db")).unwrap();
    let hash: i64 = conn
        .query_row(
            "SELECT v FROM journal_fts_config WHERE k = 'hashsize'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(hash, 1024 * 1024);
}
