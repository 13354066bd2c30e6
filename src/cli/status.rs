//! `mend status` (one line for a shell prompt or a tmux status bar) and
//! `mend remind` (what is waiting today, optionally as a desktop
//! notification). Both read a few small tables and never the journal, so
//! they cost about what `mend days` costs.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use super::{Env, Global};
use crate::domain::checkin::{Kind, Open};
use crate::domain::clock::days_word;

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Print JSON: {"clock": {"label", "days"}, "due_contacts", "checkins"}
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RemindArgs {
    /// Also show it as a desktop notification (with notify-send, when it
    /// is installed); names stay out of the notification
    #[arg(long)]
    pub notify: bool,
}

/// What `status` and `remind` read.
struct Waiting {
    clock: Option<(String, i64)>,
    due: Vec<String>,
    open: Open,
}

fn waiting(env: &Env) -> Result<Waiting> {
    let clock = env
        .store
        .main_clock()?
        .map(|c| (c.label.clone(), c.days(env.today)));
    let due = env
        .store
        .due_contacts_brief(env.today)?
        .into_iter()
        .map(|c| c.name)
        .collect();
    let open = env.store.open_checkins(env.today)?;
    Ok(Waiting { clock, due, open })
}

fn state(open: bool) -> &'static str {
    if open { "open" } else { "done" }
}

pub fn status(global: &Global, args: StatusArgs) -> Result<()> {
    let env = global.env()?;
    let w = waiting(&env)?;
    if args.json {
        #[derive(serde::Serialize)]
        struct Clock<'a> {
            label: &'a str,
            days: i64,
        }
        #[derive(serde::Serialize)]
        struct Checkins {
            morning: &'static str,
            evening: &'static str,
            weekly: &'static str,
        }
        /// DESIGN.md §8.2, in its order.
        #[derive(serde::Serialize)]
        struct Status<'a> {
            clock: Option<Clock<'a>>,
            due_contacts: usize,
            checkins: Checkins,
        }
        let doc = Status {
            clock: w
                .clock
                .as_ref()
                .map(|(label, days)| Clock { label, days: *days }),
            due_contacts: w.due.len(),
            checkins: Checkins {
                morning: state(w.open.morning),
                evening: state(w.open.evening),
                weekly: state(w.open.weekly),
            },
        };
        return super::print(&format!("{}\n", serde_json::to_string(&doc)?));
    }
    let mut parts: Vec<String> = Vec::new();
    if let Some((label, days)) = &w.clock {
        parts.push(format!(
            "{}: {}",
            crate::text::clean(label),
            days_word(*days)
        ));
    }
    if !w.due.is_empty() {
        parts.push(format!("{} to reach out to", w.due.len()));
    }
    let open: Vec<&str> = w.open.kinds().iter().map(|k| k.as_str()).collect();
    if !open.is_empty() {
        parts.push(format!("open: {}", open.join(", ")));
    }
    if parts.is_empty() {
        parts.push("all done for today".into());
    }
    super::print(&format!("{}\n", parts.join(" · ")))
}

/// The lines `remind` prints, and the short text of the notification.
fn reminder(w: &Waiting, risk: Option<String>) -> (Vec<String>, Option<String>) {
    let mut lines = Vec::new();
    let mut short = Vec::new();
    for k in w.open.kinds() {
        let (line, word) = match k {
            Kind::Morning => (
                "Your morning intention: just for today…",
                "a morning intention",
            ),
            Kind::Evening => (
                "Your evening review: how the day went, and what you are grateful for",
                "an evening review",
            ),
            Kind::Weekly => (
                "This week's check-in (twelve short questions)",
                "this week's check-in",
            ),
        };
        lines.push(line.to_string());
        short.push(word.to_string());
    }
    if !w.due.is_empty() {
        let names: Vec<String> = w.due.iter().map(|n| crate::text::clean(n)).collect();
        lines.push(format!("Reach out to {}", names.join(", ")));
        short.push(if w.due.len() == 1 {
            "someone to reach out to".to_string()
        } else {
            format!("{} people to reach out to", w.due.len())
        });
    }
    if let Some(r) = risk {
        lines.push(r);
    }
    let summary = match short.len() {
        0 => None,
        1 => Some(format!("Waiting today: {}.", short[0])),
        n => Some(format!(
            "Waiting today: {} and {}.",
            short[..n - 1].join(", "),
            short[n - 1]
        )),
    };
    (lines, summary)
}

pub fn remind(global: &Global, args: RemindArgs) -> Result<()> {
    let env = global.env()?;
    let w = waiting(&env)?;
    let risk = env.store.risk_note(env.today)?;
    let (lines, summary) = reminder(&w, risk);
    if lines.is_empty() {
        return super::print("Nothing is waiting today. Go gently.\n");
    }
    let mut out = String::from("Waiting today:\n");
    for l in &lines {
        out.push_str(&format!("- {l}\n"));
    }
    super::print(&out)?;
    if args.notify
        && let Some(text) = summary
    {
        match find_in_path("notify-send") {
            Some(bin) => {
                // Best effort: a notification that cannot be shown is no error.
                let _ = std::process::Command::new(bin)
                    .args(["--app-name=mend", "mend", &text])
                    .stdin(std::process::Stdio::null())
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .status();
            }
            None => eprintln!("mend: notify-send is not installed, so no notification was shown"),
        }
    }
    Ok(())
}

/// The first executable file called `name` on `PATH`.
fn find_in_path(name: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| {
            p.metadata()
                .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
                .unwrap_or(false)
        })
}
