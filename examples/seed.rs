//! Writes a realistic, deterministic journal for trying mend at scale:
//!
//! ```text
//! cargo run --release --example seed -- --db /tmp/big.db --entries 100000 [--seed 1] [--today 2026-03-15]
//! ```
//!
//! Entries (50–2,000 characters of words, moods, cravings, tags; one to three
//! a day going back from `--today`, by default the local date), 200 contacts
//! with logs, 300 amends with logs and 3 clocks, in one transaction. The same
//! `--seed`, `--entries` and `--today` always give the same journal.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use mend::domain::dates::parse_iso_day;
use mend::store::Store;
use mend::store::seed::SeedOptions;

fn usage() -> ExitCode {
    eprintln!(
        "usage: seed --db PATH --entries N [--seed S] [--today YYYY-MM-DD] [--contacts N] [--amends N]"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut db: Option<PathBuf> = None;
    let mut opts = SeedOptions::new(1000, 1, chrono::Local::now().date_naive());
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let Some(value) = args.next() else {
            return usage();
        };
        let ok = match flag.as_str() {
            "--db" => {
                db = Some(PathBuf::from(value));
                true
            }
            "--entries" => value.parse().map(|n| opts.entries = n).is_ok(),
            "--seed" => value.parse().map(|n| opts.seed = n).is_ok(),
            "--contacts" => value.parse().map(|n| opts.contacts = n).is_ok(),
            "--amends" => value.parse().map(|n| opts.amends = n).is_ok(),
            "--today" => parse_iso_day(&value).map(|d| opts.today = d).is_ok(),
            _ => false,
        };
        if !ok {
            return usage();
        }
    }
    let Some(db) = db else {
        return usage();
    };
    let started = Instant::now();
    let result = Store::open(&db).and_then(|mut store| store.seed(&opts));
    match result {
        Ok(stats) => {
            eprintln!(
                "seeded {}: {} entries (oldest {}), {} contacts ({} logs), {} amends ({} logs), {} clocks in {:.2?}",
                db.display(),
                stats.entries,
                stats.oldest.map(|d| d.to_string()).unwrap_or_default(),
                opts.contacts,
                stats.contact_logs,
                opts.amends,
                stats.amend_logs,
                opts.clocks,
                started.elapsed()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("seed: {e}");
            ExitCode::FAILURE
        }
    }
}
