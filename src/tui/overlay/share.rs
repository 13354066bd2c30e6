//! "Share a report" from the data menu: a form (days, parts, tag, format,
//! file), then a preview of what the report will hold (counts) before
//! anything is written. The counts come from the store through the app
//! ([`ShareOutcome::Preview`] → [`ShareDialog::show_preview`]), since
//! drawing never touches the store; the file is written by a background job.

use std::path::PathBuf;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::domain::dates::{self, format_day};
use crate::domain::journal::normalize_tag;
use crate::share::{Counts, Part, ShareFormat, ShareOptions, long_day};
use crate::tui::component::Form;
use crate::tui::keys::{Action, Context, KeyMap};
use crate::tui::theme::Theme;
use crate::tui::widgets::{centered, popup_block};

const FROM: usize = 0;
const TO: usize = 1;
const INCLUDE: usize = 2;
const TAG: usize = 3;
const FORMAT: usize = 4;
const FILE: usize = 5;

/// A report the user has confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareRequest {
    pub opts: ShareOptions,
    pub format: ShareFormat,
    pub path: PathBuf,
}

/// What a key in the dialog asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareOutcome {
    Stay,
    /// Back to the data menu.
    Back,
    /// Count what this report would hold, then call `show_preview`.
    Preview(ShareOptions),
    /// Write it.
    Write(ShareRequest),
}

enum Step {
    Form,
    Preview {
        request: ShareRequest,
        counts: Result<Counts, String>,
    },
}

/// The share form and its preview.
pub struct ShareDialog {
    form: Form,
    step: Step,
    pending: Option<ShareRequest>,
    encrypted: bool,
    today: NaiveDate,
}

fn default_path(format: ShareFormat, today: NaiveDate) -> String {
    let name = crate::share::default_file_name(format, today);
    match directories::UserDirs::new() {
        Some(_) => format!("~/{name}"),
        None => name,
    }
}

impl ShareDialog {
    pub fn new(encrypted: bool, today: NaiveDate) -> ShareDialog {
        let since = ShareOptions::last_days(30, today).since;
        let parts = Part::available()
            .into_iter()
            .map(Part::name)
            .collect::<Vec<_>>()
            .join(", ");
        let form = Form::new(
            "Share a report",
            &[
                (
                    "From",
                    "first day: YYYY-MM-DD, 30 days ago",
                    &format_day(since),
                ),
                ("To", "last day (today when empty)", &format_day(today)),
                ("Include", "e.g. journal, clocks", &parts),
                ("Tag", "only journal entries with this tag (optional)", ""),
                ("Format", "html or markdown", "html"),
                (
                    "File",
                    "a path; ~ is your home folder",
                    &default_path(ShareFormat::Html, today),
                ),
            ],
        );
        ShareDialog {
            form,
            step: Step::Form,
            pending: None,
            encrypted,
            today,
        }
    }

    /// Whether the dialog is typing into a field.
    pub fn typing(&self) -> bool {
        matches!(self.step, Step::Form)
    }

    pub fn paste(&mut self, text: &str) {
        if matches!(self.step, Step::Form) {
            self.form.paste(text);
        }
    }

    /// Reads the form; the first problem is shown in it.
    fn read(&mut self) -> Option<ShareRequest> {
        let today = self.today;
        let result = (|| -> Result<ShareRequest, String> {
            let day = |i: usize, what: &str, empty: NaiveDate| {
                let text = self.form.value(i);
                if text.trim().is_empty() {
                    return Ok(empty);
                }
                dates::parse_day(text.trim(), today).map_err(|e| format!("{what}: {e}"))
            };
            let since = day(FROM, "From", today)?;
            let until = day(TO, "To", today)?;
            let include = Part::parse_list(&self.form.value(INCLUDE))
                .map_err(|e| e.to_string().replace("--include", "Include"))?;
            let tag = normalize_tag(&self.form.value(TAG)).map_err(|e| format!("Tag: {e}"))?;
            let format = match self.form.value(FORMAT).trim().to_ascii_lowercase().as_str() {
                "html" | "" => ShareFormat::Html,
                "markdown" | "md" => ShareFormat::Markdown,
                _ => return Err("Format: html or markdown".into()),
            };
            let mut file = self.form.value(FILE).trim().to_string();
            if file.is_empty() {
                return Err("Give a file to write the report to.".into());
            }
            // The suggested name follows the format.
            for f in [ShareFormat::Html, ShareFormat::Markdown] {
                if f != format && file == default_path(f, today) {
                    file = default_path(format, today);
                }
            }
            let opts = ShareOptions {
                since,
                until,
                include,
                tag,
                today,
            };
            opts.check().map_err(|e| {
                e.to_string()
                    .replace("--since", "From")
                    .replace("--until", "To")
            })?;
            let path = super::data::expand_home(&file);
            if path.is_dir() {
                return Err(format!("{} is a folder; give a file name.", path.display()));
            }
            Ok(ShareRequest { opts, format, path })
        })();
        match result {
            Ok(r) => Some(r),
            Err(e) => {
                self.form.error = Some(e);
                None
            }
        }
    }

    /// Handles a key.
    pub fn key(&mut self, key: KeyEvent, keys: &KeyMap) -> ShareOutcome {
        if let Step::Preview { request, counts } = &self.step {
            return match keys.lookup(Context::Popup, &key) {
                Some(Action::Confirm) if counts.is_ok() => ShareOutcome::Write(request.clone()),
                Some(Action::Deny) | Some(Action::Back) | Some(Action::Cancel) => {
                    self.step = Step::Form;
                    ShareOutcome::Stay
                }
                _ if key.code == KeyCode::Esc => {
                    self.step = Step::Form;
                    ShareOutcome::Stay
                }
                _ => ShareOutcome::Stay,
            };
        }
        let action = keys.lookup(Context::Editor, &key);
        let last = self.form.focus + 1 == self.form.fields.len();
        match (action, key.code) {
            (Some(Action::Cancel), _) => ShareOutcome::Back,
            (Some(Action::Save), _) | (None, KeyCode::Enter) if action.is_some() || last => {
                match self.read() {
                    Some(request) => {
                        let opts = request.opts.clone();
                        self.pending = Some(request);
                        ShareOutcome::Preview(opts)
                    }
                    None => ShareOutcome::Stay,
                }
            }
            (Some(Action::NextField), _) => {
                self.form.next();
                ShareOutcome::Stay
            }
            (Some(Action::PrevField), _) => {
                self.form.prev();
                ShareOutcome::Stay
            }
            _ => {
                self.form.error = None;
                self.form.input(key);
                ShareOutcome::Stay
            }
        }
    }

    /// Shows what the report will hold (the app counted it in the store).
    pub fn show_preview(&mut self, counts: Result<Counts, String>) {
        if let Some(request) = self.pending.take() {
            self.step = Step::Preview { request, counts };
        }
    }

    pub fn draw(&mut self, frame: &mut Frame, area: Rect, theme: &Theme, keys: &KeyMap) {
        let (request, counts) = match &self.step {
            Step::Form => {
                let hint = format!(
                    "{} preview · {} next · {} back",
                    keys.label(Context::Editor, Action::Save),
                    keys.label(Context::Editor, Action::NextField),
                    keys.label(Context::Editor, Action::Cancel)
                );
                self.form.draw(frame, area, theme, &hint);
                return;
            }
            Step::Preview { request, counts } => (request, counts),
        };
        let opts = &request.opts;
        let mut lines = vec![
            Line::styled(
                format!(
                    "A report of {} to {} will hold:",
                    long_day(opts.since),
                    long_day(opts.until)
                ),
                theme.title,
            ),
            Line::from(""),
        ];
        match counts {
            Ok(c) => {
                for (part, n, what) in &c.parts {
                    let extra = match (part, &opts.tag) {
                        (Part::Journal, Some(t)) => format!(" tagged #{t}"),
                        _ => String::new(),
                    };
                    lines.push(Line::from(format!("  · {n} {what}{extra}")));
                }
                lines.push(Line::from(""));
                lines.push(Line::styled(
                    "Nothing else leaves the journal; your contacts never do.",
                    theme.dim,
                ));
            }
            Err(e) => lines.push(Line::styled(format!("Cannot count: {e}"), theme.error)),
        }
        if self.encrypted {
            lines.push(Line::styled(
                "Your journal is encrypted, but this report is plain text: anyone with the file can read it.",
                theme.warn,
            ));
        }
        lines.push(Line::from(format!(
            "To {} (only you can read it).",
            request.path.display()
        )));
        lines.push(Line::from(""));
        lines.push(Line::styled(
            format!(
                "{} write · {} back",
                keys.label(Context::Popup, Action::Confirm),
                keys.label(Context::Popup, Action::Deny)
            ),
            theme.dim,
        ));
        let width = area.width.saturating_sub(4).min(76);
        let text_w = usize::from(width.saturating_sub(2)).max(1);
        let rows: usize = lines
            .iter()
            .map(|l| l.width().max(1).div_ceil(text_w))
            .sum();
        let rect = centered(area, width, (rows as u16).saturating_add(2));
        frame.render_widget(Clear, rect);
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(popup_block(" Share a report ", theme)),
            rect,
        );
    }
}
