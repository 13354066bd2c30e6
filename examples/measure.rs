//! Times the jobs issue 21 is about on a seeded database, in-process:
//!
//! ```text
//! cargo run --release --example measure -- target/bench-db/seed-1-1000000.db [RUNS]
//! ```
//!
//! Prints the median and the fastest of RUNS (default 15) runs of: the entry
//! count, a common-word search, a typed prefix search (`spons*`), and App
//! start to first frame (200x60 `TestBackend`). Criterion (`cargo bench`)
//! gives the careful numbers; this is the quick look on a busy machine.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use mend::config::Config;
use mend::domain::journal::Filter;
use mend::store::Store;
use mend::store::seed::COMMON_WORD;
use mend::tui::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn time(runs: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    let mut all: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    all.sort();
    (all[all.len() / 2], all[0])
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = std::path::PathBuf::from(args.next().expect("a database path"));
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(15);
    let today = NaiveDate::from_ymd_opt(2026, 3, 15).expect("date");
    let store = Store::open(&path).expect("open");
    let filter = Filter::default();
    let show = |name: &str, (median, best): (Duration, Duration)| {
        println!("{name:<28} median {median:>10.2?}  best {best:>10.2?}");
    };
    show(
        "count (kept)",
        time(runs, || {
            store.count_entries(&filter).expect("count");
        }),
    );
    for q in [COMMON_WORD, "spons*", "sponsor meeting"] {
        show(
            &format!("search {q:?}"),
            time(runs, || {
                store.search_entries(q, &filter, 100).expect("search");
            }),
        );
    }
    drop(store);
    show(
        "start to first frame",
        time(runs, || {
            let store = Store::open(&path).expect("open");
            let mut app = App::new(store, Config::default(), today).expect("app");
            let mut t = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
            t.draw(|f| app.draw(f)).expect("draw");
        }),
    );
}
