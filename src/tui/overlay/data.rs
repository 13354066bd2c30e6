//! "Your data": export and back up from the app, with progress. The work runs
//! on a background thread over its own connection to the database, so the
//! screen stays responsive and shows a progress bar; the app also makes one
//! dated backup a day this way.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;

use anyhow::Result;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Gauge, Paragraph, Wrap};

use super::share::{ShareDialog, ShareOutcome, ShareRequest};
use crate::domain::format_day;
use crate::export::{ExportOptions, Format};
use crate::store::{Store, portable};
use crate::tui::keys::{Action, Context, KeyMap};
use crate::tui::theme::Theme;
use crate::tui::widgets::{Form, centered, popup_block};

/// What a background job does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobKind {
    Export {
        format: Format,
        path: PathBuf,
    },
    Backup,
    /// A report for a counsellor (`mend share`).
    Share(ShareRequest),
    /// Once a day: `quick_check`, then the automatic backup. Quiet unless
    /// something is wrong.
    Daily,
}

/// The daily check found the database file damaged.
#[derive(Debug, thiserror::Error)]
#[error("the database file is damaged ({0}); nothing will be written. Restore a backup")]
pub struct Damaged(pub String);

/// A job running on its own thread.
pub struct Job {
    pub kind: JobKind,
    done: Arc<AtomicU64>,
    total: Arc<AtomicU64>,
    finished: Arc<AtomicBool>,
    handle: Option<JoinHandle<Result<String>>>,
}

impl Job {
    /// Starts `kind` on a new connection to the database at `path`.
    pub fn start(kind: JobKind, path: PathBuf, key: Option<String>, today: NaiveDate) -> Job {
        Job::start_with(kind, path, key, today, Vec::new())
    }

    /// [`Job::start`], with the user's own worksheet kinds (their titles
    /// and labels head the Markdown export's tables).
    pub fn start_with(
        kind: JobKind,
        path: PathBuf,
        key: Option<String>,
        today: NaiveDate,
        worksheet_kinds: Vec<crate::domain::worksheet::KindDef>,
    ) -> Job {
        let done = Arc::new(AtomicU64::new(0));
        let total = Arc::new(AtomicU64::new(0));
        let finished = Arc::new(AtomicBool::new(false));
        let (d, t, f, k) = (done.clone(), total.clone(), finished.clone(), kind.clone());
        let handle = std::thread::Builder::new()
            .name("mend-data".into())
            .spawn(move || {
                let result = run_job(&k, &path, key.as_deref(), today, &worksheet_kinds, &d, &t);
                f.store(true, Ordering::SeqCst);
                result
            })
            .ok();
        if handle.is_none() {
            finished.store(true, Ordering::SeqCst);
        }
        Job {
            kind,
            done,
            total,
            finished,
            handle,
        }
    }

    /// Progress as (done, total); total is 0 until known.
    pub fn progress(&self) -> (u64, u64) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    pub fn is_finished(&self) -> bool {
        self.finished.load(Ordering::SeqCst)
    }

    /// The job's message once it has finished.
    pub fn join(mut self) -> Result<String> {
        match self.handle.take() {
            Some(h) => h
                .join()
                .unwrap_or_else(|_| Err(anyhow::anyhow!("the job stopped unexpectedly"))),
            None => Err(anyhow::anyhow!("could not start the job")),
        }
    }

    /// Whether the user is waiting on this job (it has a progress window).
    pub fn foreground(&self) -> bool {
        self.kind != JobKind::Daily
    }
}

fn run_job(
    kind: &JobKind,
    path: &std::path::Path,
    key: Option<&str>,
    today: NaiveDate,
    worksheet_kinds: &[crate::domain::worksheet::KindDef],
    done: &AtomicU64,
    total: &AtomicU64,
) -> Result<String> {
    let mut store = Store::open_with(path, key)?;
    match kind {
        JobKind::Export { format, path } => {
            let mut opts = ExportOptions::new(*format, today);
            opts.worksheet_kinds = worksheet_kinds.to_vec();
            let mut tell = |d: u64, t: u64| {
                done.store(d, Ordering::Relaxed);
                total.store(t, Ordering::Relaxed);
            };
            let s = crate::export::export_to_file(&store, &opts, path, Some(&mut tell))?;
            Ok(format!(
                "Exported {} entries, {} amends, {} contacts to {}",
                s.entries,
                s.amends,
                s.contacts,
                path.display()
            ))
        }
        JobKind::Share(r) => {
            let counts = crate::share::write_to_file(&store, &r.opts, r.format, &r.path)?;
            Ok(format!(
                "Shared {} in {}",
                counts.describe(),
                r.path.display()
            ))
        }
        JobKind::Backup => {
            let b = portable::dated_backup(&store, today)?;
            Ok(format!("Backed up to {}", b.path.display()))
        }
        JobKind::Daily => {
            const CHECKED: &str = "last_quick_check";
            let day = format_day(today);
            // A damaged file may fail this very read: then check it.
            let checked = store.setting(CHECKED).ok().flatten();
            if checked.as_deref() != Some(day.as_str()) {
                if let Some(problem) = store.quick_check()? {
                    return Err(Damaged(problem).into());
                }
                store.set_setting(CHECKED, &day)?;
            }
            // Quiet when it works: the status line keeps its key hints.
            portable::auto_backup_if_due(&mut store, today)?;
            Ok(String::new())
        }
    }
}

/// Where an export goes by default: the home folder, dated.
pub fn default_export_path(format: Format, today: NaiveDate) -> PathBuf {
    let ext = match format {
        Format::Json => "json",
        Format::Markdown => "md",
    };
    let dir = directories::UserDirs::new()
        .map(|u| u.home_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("."));
    dir.join(format!("mend-export-{}.{ext}", format_day(today)))
}

const ITEMS: [&str; 4] = [
    "Export everything as JSON (for another app or a new machine)",
    "Export a readable Markdown file (to print or share with a counsellor)",
    "Back up now (a dated copy in the data folder)",
    "Share a report with a counsellor (a web page with charts, or Markdown)",
];

/// What a key in the menu asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MenuOutcome {
    Stay,
    Close,
    Start(JobKind),
    /// The share dialog wants to know what a report would hold: count it
    /// and call [`DataMenu::show_share_preview`].
    SharePreview(crate::share::ShareOptions),
}

/// The "Your data" menu.
pub struct DataMenu {
    selected: usize,
    /// The path form, after choosing an export.
    form: Option<(Format, Form)>,
    /// The share dialog, after choosing "Share".
    share: Option<Box<ShareDialog>>,
    encrypted: bool,
    today: NaiveDate,
}

impl DataMenu {
    pub fn new(encrypted: bool, today: NaiveDate) -> DataMenu {
        DataMenu {
            selected: 0,
            form: None,
            share: None,
            encrypted,
            today,
        }
    }

    /// Whether the menu is typing into its path field.
    pub fn typing(&self) -> bool {
        self.form.is_some() || self.share.as_ref().is_some_and(|s| s.typing())
    }

    pub fn paste(&mut self, text: &str) {
        if let Some((_, form)) = self.form.as_mut() {
            form.paste(text);
        }
        if let Some(share) = self.share.as_mut() {
            share.paste(text);
        }
    }

    /// Shows the share dialog's preview: what the report would hold.
    pub fn show_share_preview(&mut self, counts: Result<crate::share::Counts, String>) {
        if let Some(share) = self.share.as_mut() {
            share.show_preview(counts);
        }
    }

    /// Handles a key.
    pub fn key(&mut self, key: KeyEvent, keys: &KeyMap) -> MenuOutcome {
        if let Some(share) = self.share.as_mut() {
            return match share.key(key, keys) {
                ShareOutcome::Stay => MenuOutcome::Stay,
                ShareOutcome::Back => {
                    self.share = None;
                    MenuOutcome::Stay
                }
                ShareOutcome::Preview(opts) => MenuOutcome::SharePreview(opts),
                ShareOutcome::Write(request) => MenuOutcome::Start(JobKind::Share(request)),
            };
        }
        if let Some((format, form)) = self.form.as_mut() {
            let action = keys.lookup(Context::Editor, &key);
            return match (action, key.code) {
                (Some(Action::Cancel), _) => {
                    self.form = None;
                    MenuOutcome::Stay
                }
                (Some(Action::Save), _) | (None, KeyCode::Enter) => {
                    let path = form.value(0);
                    if path.is_empty() {
                        form.error = Some("Give a file to export to.".into());
                        return MenuOutcome::Stay;
                    }
                    let path = expand_home(&path);
                    MenuOutcome::Start(JobKind::Export {
                        format: *format,
                        path,
                    })
                }
                _ => {
                    form.error = None;
                    form.input(key);
                    MenuOutcome::Stay
                }
            };
        }
        match keys
            .lookup(Context::Popup, &key)
            .or(keys.lookup(Context::List, &key))
        {
            Some(Action::Down) => self.selected = (self.selected + 1) % ITEMS.len(),
            Some(Action::Up) => self.selected = (self.selected + ITEMS.len() - 1) % ITEMS.len(),
            Some(Action::Deny) | Some(Action::Back) => return MenuOutcome::Close,
            Some(Action::Confirm) | Some(Action::Open) => return self.choose(),
            // The pane keys (1-4) pick the numbered item; quit closes.
            _ => match keys.lookup(Context::Global, &key) {
                Some(Action::GoTab(n)) if n < ITEMS.len() => {
                    self.selected = n;
                    return self.choose();
                }
                Some(Action::Quit) => return MenuOutcome::Close,
                _ => {}
            },
        }
        MenuOutcome::Stay
    }

    fn choose(&mut self) -> MenuOutcome {
        let format = match self.selected {
            0 => Format::Json,
            1 => Format::Markdown,
            2 => return MenuOutcome::Start(JobKind::Backup),
            _ => {
                self.share = Some(Box::new(ShareDialog::new(self.encrypted, self.today)));
                return MenuOutcome::Stay;
            }
        };
        let path = default_export_path(format, self.today);
        let form = Form::new(
            "Export to",
            &[(
                "File",
                "a path; ~ is your home folder",
                &path.display().to_string(),
            )],
        );
        self.form = Some((format, form));
        MenuOutcome::Stay
    }

    /// Draws the menu in `area`.
    pub fn draw(&mut self, frame: &mut Frame, area: Rect, theme: &Theme, keys: &KeyMap) {
        if let Some(share) = self.share.as_mut() {
            share.draw(frame, area, theme, keys);
            return;
        }
        if let Some((_, form)) = self.form.as_mut() {
            let hint = format!(
                "{} export · {} back",
                keys.label(Context::Editor, Action::Save),
                keys.label(Context::Editor, Action::Cancel)
            );
            form.draw(frame, area, theme, &hint);
            return;
        }
        let mut lines = Vec::new();
        for (i, item) in ITEMS.iter().enumerate() {
            let mark = if i == self.selected { "›" } else { " " };
            let style = if i == self.selected {
                theme.selected
            } else {
                ratatui::style::Style::default()
            };
            let key = keys.label(Context::Global, Action::GoTab(i));
            lines.push(Line::styled(format!("{mark} {key} {item}"), style));
        }
        lines.push(Line::from(""));
        if self.encrypted {
            lines.push(Line::styled(
                "Your journal is encrypted; exports are plain text, backups stay encrypted.",
                theme.warn,
            ));
        }
        let foot = crate::tui::component::hint_line(&crate::tui::component::hints(
            keys,
            &[
                (Context::Popup, Action::Down, "down"),
                (Context::Popup, Action::Up, "up"),
                (Context::Popup, Action::Open, "go"),
                (Context::Popup, Action::Deny, "close"),
            ],
        ));
        lines.push(Line::styled(foot, theme.dim));
        let rect = centered(area, 78, lines.len() as u16 + 2);
        frame.render_widget(Clear, rect);
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(popup_block(" Your data ", theme)),
            rect,
        );
    }
}

/// Draws a job's progress window.
pub fn draw_progress(frame: &mut Frame, area: Rect, job: &Job, theme: &Theme) {
    let (done, total) = job.progress();
    let what = match &job.kind {
        JobKind::Export { .. } => "Exporting",
        JobKind::Share(_) => "Writing the report",
        JobKind::Backup | JobKind::Daily => "Backing up",
    };
    let rect = centered(area, 60, 5);
    frame.render_widget(Clear, rect);
    let block = popup_block(format!(" {what}… "), theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [text, bar] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(inner);
    let label = if total > 0 {
        format!("{done} of {total} records")
    } else {
        "working…".to_string()
    };
    frame.render_widget(Paragraph::new(label), text);
    let ratio = if total > 0 {
        (done as f64 / total as f64).clamp(0.0, 1.0)
    } else {
        0.0
    };
    frame.render_widget(Gauge::default().ratio(ratio).gauge_style(theme.accent), bar);
}

pub(crate) fn expand_home(path: &str) -> PathBuf {
    match path.strip_prefix("~/") {
        Some(rest) => directories::UserDirs::new()
            .map(|u| u.home_dir().join(rest))
            .unwrap_or_else(|| PathBuf::from(path)),
        None => PathBuf::from(path),
    }
}
