//! The HTML report in a real browser: headless Chromium opens it, makes no
//! network request, renders the charts with one mark per point, and takes
//! the screenshot README shows (assets/screenshots/share.png).
//!
//! Skipped, with a message, where Chromium is not installed; `.ci/run`
//! installs it where it can.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use mend::share::{self, Part, ShareFormat, ShareOptions};
use mend::store::Store;
use mend::store::seed::SeedOptions;

/// The first Chromium on PATH (or in `MEND_CHROMIUM`).
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("MEND_CHROMIUM").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in [
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Runs Chromium headless on `file` with `extra` flags; its stdout. A guard
/// against a hung browser, not a timing assert.
fn run_chromium(bin: &Path, profile: &Path, file: &Path, extra: &[String]) -> String {
    let mut cmd = Command::new(bin);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(extra)
    .arg(format!("file://{}", file.display()))
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::null());
    let mut child = cmd.spawn().expect("start chromium");
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut s).ok();
        s
    });
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium failed: {status}");
            break;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium did not finish");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.join().unwrap()
}

/// The URLs a page asked for, from Chromium's net log: every request job
/// whose initiator is an origin (the browser's own background requests,
/// such as its updater, say "not an origin").
fn page_requests(netlog: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(netlog).expect("chromium wrote a net log");
    // A log cut short at exit lacks its closing brackets.
    let log: serde_json::Value = serde_json::from_str(&text)
        .or_else(|_| serde_json::from_str(&format!("{}]}}", text.trim_end().trim_end_matches(','))))
        .expect("the net log is JSON");
    let start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
        .as_i64()
        .expect("the net log names its event types");
    log["events"]
        .as_array()
        .expect("the net log has events")
        .iter()
        .filter(|e| e["type"].as_i64() == Some(start_job))
        .filter_map(|e| {
            let url = e["params"]["url"].as_str()?;
            let initiator = e["params"]["initiator"].as_str().unwrap_or("");
            (initiator != "not an origin").then(|| url.to_string())
        })
        .collect()
}

/// Flags that keep the browser's own traffic down and keep anything that
/// still tries from leaving the machine (every host name fails to resolve;
/// a request is still logged).
fn quiet() -> Vec<String> {
    vec![
        "--disable-extensions".into(),
        "--disable-features=NetworkTimeServiceQuerying".into(),
        "--host-resolver-rules=MAP * ~NOTFOUND".into(),
    ]
}

#[test]
fn the_network_check_sees_a_page_that_reaches_out() {
    let Some(bin) = chromium() else {
        println!(
            "skipped: Chromium is not installed (apt-get install chromium), so the browser test did not run"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.html");
    std::fs::write(
        &file,
        "<!DOCTYPE html><p>x</p><img src=\"http://example.invalid/x.png\">",
    )
    .unwrap();
    let netlog = dir.path().join("netlog.json");
    let mut flags = quiet();
    flags.push("--dump-dom".into());
    flags.push(format!("--log-net-log={}", netlog.display()));
    run_chromium(&bin, &dir.path().join("profile"), &file, &flags);
    let seen = page_requests(&netlog);
    assert!(
        seen.iter()
            .any(|u| u.starts_with("http://example.invalid/")),
        "{seen:?}"
    );
}

/// A few urges and weekly check-ins over the last month, and a plan.
fn add_urges_checkins_and_plan(store: &mut Store, today: NaiveDate) {
    use mend::domain::checkin::{Kind, NewCheckin};
    use mend::domain::plan::Section;
    use mend::domain::urge::{HaltSet, NewUrge, Outcome};
    for i in 0..12i64 {
        let day = today - chrono::Duration::days(i * 2 + 1);
        let at = day
            .and_hms_opt(21, 0, 0)
            .unwrap()
            .and_local_timezone(chrono::FixedOffset::east_opt(0).unwrap())
            .unwrap();
        store
            .add_urge(&NewUrge {
                at,
                intensity: 3 + i % 6,
                halt: HaltSet::parse(if i % 2 == 0 { "lonely" } else { "tired,hungry" }).unwrap(),
                trigger: Some(
                    if i % 3 == 0 {
                        "payday"
                    } else {
                        "evening alone"
                    }
                    .into(),
                ),
                did: Some(
                    if i % 2 == 0 {
                        "called Sam"
                    } else {
                        "went for a walk"
                    }
                    .into(),
                ),
                outcome: Some(if i == 5 {
                    Outcome::Used
                } else {
                    Outcome::Passed
                }),
                note: None,
            })
            .unwrap();
    }
    for w in 0..4i64 {
        let day = today - chrono::Duration::days(w * 7);
        let mut c = NewCheckin::default();
        c.answers.insert("sleep".into(), (1 + w % 3) as u8);
        c.answers.insert("mood".into(), (2 + w % 2) as u8);
        c.answers.insert("meetings".into(), (3 - w % 2) as u8);
        store.save_checkin(Kind::Weekly, day, &c, today).unwrap();
    }
    store.add_plan_item(Section::Coping, "Call Sam").unwrap();
    store
        .add_plan_item(Section::Reasons, "My kids' evenings")
        .unwrap();
}

#[test]
fn the_report_renders_in_chromium_with_no_network_request() {
    let Some(bin) = chromium() else {
        println!(
            "skipped: Chromium is not installed (apt-get install chromium), so the browser test did not run"
        );
        return;
    };
    // A fixed journal and a fixed day, so the screenshot is the same each run.
    let today = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let mut seed = SeedOptions::new(90, 7, today);
    seed.contacts = 4;
    seed.amends = 5;
    store.seed(&seed).unwrap();
    add_urges_checkins_and_plan(&mut store, today);
    let opts = ShareOptions {
        include: Part::available(),
        ..ShareOptions::last_days(30, today)
    };
    let report = share::gather(&store, &opts).unwrap();
    let series = share::daily_series(&report.entries);
    let moods = series.iter().filter(|p| p.mood.is_some()).count();
    let cravings = series.iter().filter(|p| p.craving.is_some()).count();
    assert!(moods > 10 && cravings > 10, "the sample has data to draw");
    let weeks = share::urges_per_week(&report.urges, opts.since, opts.until).len();
    let risk_weeks = mend::domain::checkin::trend(&report.checkins).len();
    assert!(weeks >= 4 && risk_weeks >= 3);
    let html = share::render(&report, ShareFormat::Html);

    // Nothing in the file can reach out.
    let lower = html.to_lowercase();
    for bad in [
        "http:", "https:", "src=", "url(", "<link", "@import", "<script",
    ] {
        assert!(!lower.contains(bad), "the report contains {bad}");
    }

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.html");
    std::fs::write(&file, &html).unwrap();
    let netlog = dir.path().join("netlog.json");
    let mut flags = quiet();
    flags.push("--dump-dom".into());
    flags.push(format!("--log-net-log={}", netlog.display()));
    let dom = run_chromium(&bin, &dir.path().join("profile-dom"), &file, &flags);

    // The charts are in the rendered DOM with one mark per point.
    assert!(dom.contains("<svg"), "no SVG in the DOM");
    assert!(dom.contains("id=\"mood-chart\"") && dom.contains("id=\"craving-chart\""));
    assert_eq!(dom.matches("class=\"pt mood\"").count(), moods);
    assert_eq!(dom.matches("class=\"pt craving\"").count(), cravings);
    assert_eq!(dom.matches("class=\"pt solid\"").count(), weeks);
    assert_eq!(dom.matches("class=\"pt risk\"").count(), risk_weeks);
    assert_eq!(dom.matches("class=\"pt protection\"").count(), risk_weeks);
    assert_eq!(
        dom.matches("class=\"pt streak").count(),
        report
            .clocks
            .iter()
            .map(|c| c.streaks(today).len())
            .sum::<usize>()
    );

    // The page asked for nothing beyond its own file.
    let outside: Vec<String> = page_requests(&netlog)
        .into_iter()
        .filter(|u| !u.starts_with("file:"))
        .collect();
    assert!(outside.is_empty(), "the page made requests: {outside:?}");

    // The screenshot README shows.
    let shot_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/screenshots");
    let shot = dir.path().join("share.png");
    run_chromium(
        &bin,
        &dir.path().join("profile-shot"),
        &file,
        &[
            quiet(),
            vec![
                format!("--screenshot={}", shot.display()),
                "--window-size=1000,1500".into(),
            ],
        ]
        .concat(),
    );
    let png = std::fs::read(&shot).expect("chromium wrote the screenshot");
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    // The checkout is left as it was unless asked: the picture depends on the
    // installed Chromium and fonts, so a test run must not rewrite it.
    if std::env::var_os("MEND_UPDATE_SCREENSHOTS").is_some() {
        let dest = shot_dir.join("share.png");
        if std::fs::read(&dest).ok().as_deref() != Some(png.as_slice()) {
            std::fs::write(&dest, &png).unwrap();
        }
    }
}
