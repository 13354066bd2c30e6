//! `cargo bench`: mend at 1,000 and 100,000 journal entries, and at a
//! million with `MEND_BENCH_SIZES=1000,100000,1000000`.
//!
//! The databases are generated once by `mend::store::seed` (the same
//! generator as `cargo run --release --example seed`): the 1,000-entry one in
//! a temp folder each run, bigger ones cached under
//! `target/bench-db/seed-<seed>-<n>.db` (delete one to regenerate; the
//! million takes a good while). Set `MEND_BENCH_SIZES=1000` to skip the big
//! ones. `fts_huge_entry_10mb` searches one 10 MB entry full of the word.
//!
//! Benchmarks: opening the store (migrations already done), the journal's
//! first page, App start to first full frame, a keypress through
//! `App::handle_key` + `App::draw` on a 200x60 `TestBackend`, `G` (jump to
//! the oldest entry) + draw, FTS search for a common and a rare word, saving
//! an entry, and exporting the whole database as JSON and importing that
//! export into an empty database.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use mend::config::Config;
use mend::domain::journal::{Filter, NewEntry};
use mend::export::{self, ExportOptions, Format};
use mend::store::Store;
use mend::store::seed::{COMMON_WORD, RARE_WORD, SeedOptions};
use mend::tui::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const SEED: u64 = 1;
const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 15).expect("date")
}

fn sizes() -> Vec<usize> {
    std::env::var("MEND_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 100_000])
}

/// A seeded database with `n` entries: cached under target/ when big.
fn database(n: usize, tmp: &Path) -> PathBuf {
    let dir = if n >= 10_000 {
        let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-db");
        std::fs::create_dir_all(&d).expect("bench-db folder");
        d
    } else {
        tmp.to_path_buf()
    };
    let path = dir.join(format!("seed-{SEED}-{n}.db"));
    if !path.exists() {
        let partial = dir.join(format!("seed-{SEED}-{n}.db.partial"));
        let _ = std::fs::remove_file(&partial);
        let started = Instant::now();
        let mut store = Store::open(&partial).expect("open");
        store
            .seed(&SeedOptions::new(n, SEED, today()))
            .expect("seed");
        // Fold the WAL back so the cached file stands alone.
        drop(store);
        std::fs::rename(&partial, &path).expect("rename");
        eprintln!("seeded {n} entries in {:.2?}", started.elapsed());
    }
    path
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn app(path: &Path) -> App {
    App::new(Store::open(path).expect("open"), Config::default(), today()).expect("app")
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("terminal")
}

fn benches(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("temp dir");
    {
        // One 10 MB entry with the word in every sentence: search and its
        // snippet must not grow as the square of the entry.
        let mut store = Store::open_in_memory().expect("memory");
        let mut body = String::with_capacity(10_500_000);
        while body.len() < 10_000_000 {
            body.push_str("Called my sponsor about the craving and felt calmer. ");
        }
        let entry = NewEntry {
            day: today(),
            body,
            mood: None,
            craving: None,
            prompt: None,
            tags: vec![],
        };
        store.add_entry(&entry).expect("save");
        let filter = Filter::default();
        let mut g = c.benchmark_group("journal");
        g.sample_size(10);
        g.bench_function("fts_huge_entry_10mb", |b| {
            b.iter(|| black_box(store.search_entries("sponsor", &filter, 100).expect("fts")))
        });
        g.finish();
    }
    for n in sizes() {
        let path = database(n, tmp.path());
        let id = |name: &str| BenchmarkId::new(name, n);
        let mut g = c.benchmark_group("journal");
        g.sample_size(50);
        g.measurement_time(Duration::from_secs(4));

        g.bench_function(id("open_store"), |b| {
            b.iter(|| black_box(Store::open(&path).expect("open")))
        });

        let store = Store::open(&path).expect("open");
        let filter = Filter::default();
        g.bench_function(id("first_page_200"), |b| {
            b.iter(|| black_box(store.list_page(&filter, None, 200).expect("page")))
        });
        g.bench_function(id("fts_common"), |b| {
            b.iter(|| {
                black_box(
                    store
                        .search_entries(COMMON_WORD, &filter, 100)
                        .expect("fts"),
                )
            })
        });
        g.bench_function(id("fts_rare"), |b| {
            b.iter(|| black_box(store.search_entries(RARE_WORD, &filter, 100).expect("fts")))
        });
        g.bench_function(id("fts_prefix_as_typed"), |b| {
            b.iter(|| black_box(store.search_entries("spons*", &filter, 100).expect("fts")))
        });
        drop(store);

        // Start to first full frame: open, App::new (every pane loads), draw.
        g.bench_function(id("start_to_first_frame"), |b| {
            b.iter(|| {
                let mut app = app(&path);
                let mut t = terminal();
                t.draw(|f| app.draw(f)).expect("draw");
                black_box(app)
            })
        });

        let mut app = app(&path);
        let mut t = terminal();
        app.handle_key(key('2'));
        t.draw(|f| app.draw(f)).expect("draw");
        // j walks down 400 rows (paging in keyset windows on the way), then
        // k walks back up: the mix a reader's keypresses make.
        let mut step = 0usize;
        g.bench_function(id("keypress_j_k_redraw"), |b| {
            b.iter(|| {
                let c = if (step / 400).is_multiple_of(2) {
                    'j'
                } else {
                    'k'
                };
                step += 1;
                app.handle_key(key(c));
                t.draw(|f| app.draw(f)).expect("draw");
            })
        });
        g.bench_function(id("jump_oldest_G_redraw"), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    app.handle_key(key('g'));
                    t.draw(|f| app.draw(f)).expect("draw");
                    let started = Instant::now();
                    app.handle_key(key('G'));
                    t.draw(|f| app.draw(f)).expect("draw");
                    total += started.elapsed();
                }
                total
            })
        });
        // Search as you type: `/`, then "sponsor" one key at a time, each
        // key searching and redrawing (the time is for all 7 keys).
        g.bench_function(id("search_typed_7_keys_redraw"), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    app.handle_key(key('/'));
                    let started = Instant::now();
                    for c in "sponsor".chars() {
                        app.handle_key(key(c));
                        t.draw(|f| app.draw(f)).expect("draw");
                    }
                    total += started.elapsed();
                    app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
                }
                total
            })
        });
        drop(app);

        // Saving writes: do it on a copy so the cached database stays as
        // seeded. Each save is one fsynced transaction, as in real use.
        let copy = tmp.path().join(format!("save-{n}.db"));
        let _ = std::fs::remove_file(&copy);
        Store::open(&path)
            .expect("open")
            .copy_to(&copy)
            .expect("copy");
        let mut store = Store::open(&copy).expect("open copy");
        let entry = NewEntry {
            day: today(),
            body: "Called my sponsor after the meeting today. Grateful, tired, steady.".into(),
            mood: Some(4),
            craving: Some(2),
            prompt: None,
            tags: vec!["sponsor".into(), "meeting".into()],
        };
        g.bench_function(id("save_entry"), |b| {
            b.iter(|| black_box(store.add_entry(&entry).expect("save")))
        });
        drop(store);
        let _ = std::fs::remove_file(&copy);
        g.finish();

        // Export and import of everything: slow at 100k, so few samples.
        let mut g = c.benchmark_group("portable");
        g.sample_size(10);
        g.measurement_time(Duration::from_secs(if n >= 10_000 { 40 } else { 4 }));
        let store = Store::open(&path).expect("open");
        let opts = ExportOptions::new(Format::Json, today());
        let export = tmp.path().join(format!("export-{n}.json"));
        g.bench_function(id("export_json"), |b| {
            b.iter(|| {
                black_box(export::export_to_file(&store, &opts, &export, None).expect("export"))
            })
        });
        drop(store);
        let mut round = 0u64;
        g.bench_function(id("import_json"), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    round += 1;
                    let db = tmp.path().join(format!("import-{n}-{round}.db"));
                    let mut fresh = Store::open(&db).expect("open empty");
                    let started = Instant::now();
                    black_box(
                        mend::import::import_file(&mut fresh, &export, false, None)
                            .expect("import"),
                    );
                    total += started.elapsed();
                    drop(fresh);
                    for ext in ["", "-wal", "-shm"] {
                        let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
                    }
                }
                total
            })
        });
        let _ = std::fs::remove_file(&export);
        g.finish();
    }
}

criterion_group!(journal, benches);
criterion_main!(journal);
