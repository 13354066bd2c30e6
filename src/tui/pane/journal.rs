//! The Journal pane: a list of entries (newest first) beside a preview, an
//! editor with drafts that survive a crash, and search as you type.
//!
//! The list holds a window of at most [`MAX_ROWS`] rows read in keyset pages
//! around the cursor, never the whole table.

mod editor;
pub mod markdown;

use std::time::{Duration, Instant};

use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use self::editor::Editor;
use crate::domain::dates::format_day;
use crate::domain::journal::{Draft, Entry, Filter, SearchInput, parse_search_input, prompt_for};
use crate::store::Store;
use crate::text::{clean, fit, one_line, width};
use crate::tui::component::{Hint, Item, Layer, LineInput, Outcome, Picker, empty_state, hints};
use crate::tui::keys::{Action, Context, KeyMap};
use crate::tui::pane::{Ctx, Effect, Mode, Pane, View};
use crate::tui::theme::Theme;

/// Rows read per page.
const PAGE: usize = 100;
/// The most rows the list holds at once.
const MAX_ROWS: usize = 300;
/// How close to the window's edge the cursor may come before another page is
/// read.
const MARGIN: usize = 20;
/// The most search matches shown (each costs a snippet, ~35 µs: 100 keep a
/// search as you type under 10 ms).
const SEARCH_LIMIT: usize = 100;
/// A search slower than this waits for a pause in typing next time.
const SLOW_SEARCH: Duration = Duration::from_millis(40);
/// The pause in typing that runs a waiting search.
const SEARCH_PAUSE: Duration = Duration::from_millis(150);
/// The Journal's tab index.
const TAB: usize = 1;
/// How long after a draft could not be written (the journal busy with an
/// import or a rekey, a full disk) it is tried again.
const DRAFT_RETRY: Duration = Duration::from_secs(1);

/// How a draft write may wait for the journal's write lock.
#[derive(Clone, Copy, PartialEq, Eq)]
enum DraftWrite {
    /// While typing: never wait; try again later when busy.
    Typing,
    /// Before leaving or handing the terminal over: wait, and write even
    /// when nothing changed since the last write (its row may be gone).
    Flush,
}

/// What a question or a picker on top of the pane is about.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ask {
    /// Delete this entry.
    Delete(i64),
    /// Throw away the editor's unsaved text.
    Discard,
    /// A kept draft (its row id): restore it, discard it, or keep it
    /// for later.
    Restore(i64, Box<Draft>),
    DropDraft(i64),
    Later,
    /// Filter by this tag.
    Tag(String),
}

/// The Journal pane's state.
#[derive(Default)]
pub struct JournalPane {
    /// The window of rows shown, newest first (or best match first).
    rows: Vec<Entry>,
    /// Snippets of search matches, parallel to `rows` while searching.
    snippets: Vec<String>,
    cursor: usize,
    offset: usize,
    at_newest: bool,
    at_oldest: bool,
    total: u64,
    /// The search box while typing in it.
    search_box: Option<LineInput>,
    /// What the search box holds (kept after it closes).
    search: SearchInput,
    search_raw: String,
    /// The selected entry's body with matches marked.
    highlight: Option<(i64, String)>,
    editor: Option<Editor>,
    /// A question or picker on top (the editor has no form of its own here).
    layer: Layer<(), Ask>,
    draft_checked: bool,
    /// The last draft write failed: the editor's text is only in memory.
    draft_failed: bool,
    list_height: usize,
    /// Where the list rows were last drawn, for mouse clicks.
    list_area: Rect,
    /// When a search typed into the box should run (set only when searches
    /// have been slow, so fast ones answer on every key).
    search_due: Option<Instant>,
    slow_search: bool,
    /// How far the preview is scrolled, and for which entry (another entry
    /// starts at the top).
    preview_scroll: (Option<i64>, u16),
    /// The preview's lines, laid out once per entry, marks and width: a
    /// long entry is not rendered and wrapped again on every frame.
    preview: Option<Preview>,
    /// The template offer "new" opens when the config has templates.
    templates: Option<super::templates::TemplatePicker>,
}

/// The selected entry's preview, laid out (see `JournalPane::preview`).
struct Preview {
    /// Entry id, its `updated_at`, the marked search, the text width.
    key: (i64, String, Option<String>, usize),
    lines: Vec<Line<'static>>,
    /// `starts[i]`: the wrapped rows before `lines[i]`; the last element is
    /// every row.
    starts: Vec<usize>,
}

/// A day as the list shows it: `Mar 15` this year, `2025-03-15` before.
fn list_day(day: NaiveDate, today: NaiveDate) -> String {
    if day.year() == today.year() {
        day.format("%b %e").to_string()
    } else {
        format_day(day)
    }
}

fn key_of(e: &Entry) -> (NaiveDate, i64) {
    (e.day, e.id)
}

impl JournalPane {
    fn filter(&self) -> &Filter {
        &self.search.filter
    }

    fn searching(&self) -> bool {
        !self.search.text.trim().is_empty()
    }

    fn selected(&self) -> Option<&Entry> {
        self.rows.get(self.cursor)
    }

    /// The query sent to FTS5: the last word is a prefix unless a space
    /// follows it, so results appear while a word is half typed. Only from
    /// three letters on: a one- or two-letter prefix (`to*`) makes FTS5 merge
    /// the lists of hundreds of words, ~50 ms in a 100,000-entry journal.
    fn query(&self) -> String {
        let t = &self.search.text;
        if t.chars().last().is_some_and(char::is_alphanumeric)
            && t.split_whitespace()
                .last()
                .is_some_and(|w| w.chars().count() >= 3)
        {
            format!("{t}*")
        } else {
            t.clone()
        }
    }

    /// Reloads what the list shows, keeping `keep` selected when it is there.
    fn reload(&mut self, store: &Store, keep: Option<(NaiveDate, i64)>) -> Result<()> {
        self.snippets.clear();
        if self.searching() {
            let hits = store.search_entries(&self.query(), self.filter(), SEARCH_LIMIT)?;
            self.total = hits.len() as u64;
            self.snippets = hits.iter().map(|h| h.snippet.clone()).collect();
            self.rows = hits.into_iter().map(|h| h.entry).collect();
            self.cursor = keep
                .and_then(|(_, id)| self.rows.iter().position(|e| e.id == id))
                .unwrap_or(0);
            self.offset = 0;
            self.at_newest = true;
            self.at_oldest = true;
        } else {
            self.total = store.count_entries(self.filter())?;
            match keep {
                Some((day, id)) => {
                    let filter = self.filter().clone();
                    let newer = store.list_page_before(&filter, Some((day, id)), PAGE)?;
                    // (day, id + 1) includes the kept entry itself.
                    let older =
                        store.list_page(&filter, Some((day, id.saturating_add(1))), PAGE)?;
                    self.at_newest = newer.len() < PAGE;
                    self.at_oldest = older.len() < PAGE;
                    self.cursor = newer
                        .len()
                        .min((newer.len() + older.len()).saturating_sub(1));
                    self.offset = self.cursor.saturating_sub(self.list_height / 2);
                    self.rows = newer;
                    self.rows.extend(older);
                }
                None => self.load_first(store)?,
            }
        }
        self.refresh_highlight(store)
    }

    fn load_first(&mut self, store: &Store) -> Result<()> {
        self.rows = store.list_page(self.filter(), None, 2 * PAGE)?;
        self.at_newest = true;
        self.at_oldest = self.rows.len() < 2 * PAGE;
        self.cursor = 0;
        self.offset = 0;
        Ok(())
    }

    fn load_last(&mut self, store: &Store) -> Result<()> {
        self.rows = store.list_page_before(self.filter(), None, 2 * PAGE)?;
        self.at_oldest = true;
        self.at_newest = self.rows.len() < 2 * PAGE;
        self.cursor = self.rows.len().saturating_sub(1);
        self.offset = self
            .cursor
            .saturating_sub(self.list_height.saturating_sub(1));
        Ok(())
    }

    /// Reads another page when the cursor nears the window's edge, and drops
    /// rows far from it.
    fn fill_window(&mut self, store: &Store) -> Result<()> {
        if self.searching() {
            return Ok(());
        }
        if !self.at_oldest && self.cursor + MARGIN >= self.rows.len() {
            let after = self.rows.last().map(key_of);
            let more = store.list_page(self.filter(), after, PAGE)?;
            self.at_oldest = more.len() < PAGE;
            self.rows.extend(more);
            if self.rows.len() > MAX_ROWS {
                let drop = self.rows.len() - MAX_ROWS;
                self.rows.drain(..drop);
                self.cursor -= drop.min(self.cursor);
                self.offset -= drop.min(self.offset);
                self.at_newest = false;
            }
        }
        if !self.at_newest && self.cursor < MARGIN {
            let before = self.rows.first().map(key_of);
            let more = store.list_page_before(self.filter(), before, PAGE)?;
            self.at_newest = more.len() < PAGE;
            let n = more.len();
            self.rows.splice(0..0, more);
            self.cursor += n;
            self.offset += n;
            if self.rows.len() > MAX_ROWS {
                self.rows.truncate(MAX_ROWS);
                self.at_oldest = false;
            }
        }
        Ok(())
    }

    fn refresh_highlight(&mut self, store: &Store) -> Result<()> {
        self.highlight = None;
        if self.searching()
            && let Some(e) = self.selected()
        {
            let id = e.id;
            if let Some(h) = store.highlight_entry(id, &self.query())? {
                self.highlight = Some((id, h));
            }
        }
        Ok(())
    }

    fn move_by(&mut self, delta: isize, store: &Store) -> Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let max = self.rows.len() - 1;
        self.cursor = self.cursor.saturating_add_signed(delta).min(max);
        self.fill_window(store)?;
        self.refresh_highlight(store)
    }

    fn page(&self) -> isize {
        self.list_height.max(2) as isize - 1
    }

    /// Offers a kept draft back; returns whether it did.
    fn offer_draft(&mut self, store: &Store) -> Result<bool> {
        let Some((id, d)) = store.offered_draft()? else {
            return Ok(false);
        };
        let what = match d.entry_id {
            Some(_) => "changes to a saved entry",
            None => "a new entry",
        };
        let first = one_line(crate::domain::journal::first_line(&d.body));
        let items = vec![
            Item::new(Ask::Restore(id, Box::new(d)), "Restore it")
                .note(first)
                .letter('r'),
            Item::new(Ask::DropDraft(id), "Discard it")
                .note("it was never saved")
                .letter('d'),
            Item::new(Ask::Later, "Later")
                .note("keep it for next time")
                .letter('l'),
        ];
        let title = format!("Your draft was kept: {what} not saved");
        self.layer.pick(Picker::new(title, items));
        Ok(true)
    }

    /// The tag picker: every tag with its count; typing narrows.
    fn pick_tag(&mut self, store: &Store) -> Result<()> {
        let items = store
            .tag_counts()?
            .into_iter()
            .map(|(t, n)| {
                let note = format!("{n} entr{}", if n == 1 { "y" } else { "ies" });
                Item::new(Ask::Tag(t.clone()), format!("#{t}")).note(note)
            })
            .collect();
        let picker = Picker::new("Filter by tag", items)
            .narrowing()
            .when_empty("No tags yet: add some in an entry's Tags field.");
        self.layer.pick(picker);
        Ok(())
    }

    /// What a question or picker answered.
    fn answered(&mut self, ask: Ask, ctx: &mut Ctx) -> Result<()> {
        match ask {
            Ask::Delete(id) => {
                let keep = self
                    .rows
                    .get(self.cursor + 1)
                    .or_else(|| self.cursor.checked_sub(1).and_then(|i| self.rows.get(i)))
                    .map(key_of);
                ctx.store.delete_entry(id)?;
                self.reload(ctx.store, keep)?;
                ctx.info("Entry deleted");
                ctx.effect(Effect::ReloadAll);
            }
            Ask::Discard => {
                self.close_editor(ctx.store)?;
                ctx.info("Discarded; nothing was saved");
            }
            Ask::Restore(id, d) => {
                // A left-over draft becomes this window's own.
                ctx.store.adopt_draft(id)?;
                let original = match d.entry_id {
                    Some(id) => ctx.store.entry(id).ok(),
                    None => None,
                };
                let ed =
                    Editor::from_draft(&d, original.as_ref(), ctx.today, prompt_for(ctx.today));
                self.open_editor(ed);
                ctx.info("Draft restored");
            }
            Ask::DropDraft(id) => {
                ctx.store.discard_draft(id)?;
                ctx.info("Draft discarded");
            }
            Ask::Later => ctx.info("The draft is kept for later"),
            Ask::Tag(tag) => {
                let mut text: String = self
                    .search_raw
                    .split_whitespace()
                    .filter(|w| !w.to_lowercase().starts_with("tag:"))
                    .collect::<Vec<_>>()
                    .join(" ");
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(&format!("tag:{tag}"));
                self.search_raw = text;
                self.search = parse_search_input(&self.search_raw, ctx.today);
                self.run_search(ctx.store)?;
            }
        }
        Ok(())
    }

    fn open_editor(&mut self, editor: Editor) {
        self.search_box = None;
        self.editor = Some(editor);
    }

    fn close_editor(&mut self, store: &mut Store) -> Result<()> {
        self.editor = None;
        self.draft_failed = false;
        store.clear_draft()?;
        Ok(())
    }

    /// Writes the editor's text to this window's draft row (or clears the
    /// row when the text is back to what was opened). When it cannot, the
    /// text stays in memory, [`Pane::at_risk`] says so, and the write is
    /// tried again after [`DRAFT_RETRY`]. While typing, a journal busy with
    /// another process's write is not waited for (and not reported: the
    /// retry catches up once it is free).
    fn write_draft(&mut self, store: &mut Store, how: DraftWrite) -> Result<()> {
        let Some(ed) = &mut self.editor else {
            return Ok(());
        };
        let due =
            ed.draft_stale() || self.draft_failed || (how == DraftWrite::Flush && ed.changed());
        if !due {
            return Ok(());
        }
        let draft = ed.changed().then(|| ed.to_draft());
        let write = |s: &mut Store| match &draft {
            Some(d) => s.save_draft(d),
            None => s.clear_draft(),
        };
        let result = match how {
            DraftWrite::Typing => store.without_waiting(write),
            DraftWrite::Flush => write(store),
        };
        match result {
            Ok(()) => {
                ed.draft_written();
                self.draft_failed = false;
                Ok(())
            }
            Err(e) => {
                self.draft_failed = true;
                ed.draft_due = Some(Instant::now() + DRAFT_RETRY);
                match e {
                    crate::store::Error::Busy if how == DraftWrite::Typing => Ok(()),
                    e => Err(e.into()),
                }
            }
        }
    }

    fn save(&mut self, ctx: &mut Ctx) -> Result<()> {
        let Some(ed) = &mut self.editor else {
            return Ok(());
        };
        let entry = match ed.to_new_entry(ctx.today) {
            Ok(e) => e,
            Err(msg) => {
                ed.error = Some(msg.clone());
                ctx.error(msg);
                return Ok(());
            }
        };
        let result = match ed.entry_id {
            Some(id) => ctx.store.update_entry(id, &entry).map(|()| id),
            None => ctx.store.add_entry(&entry),
        };
        match result {
            Ok(id) => {
                self.close_editor(ctx.store)?;
                self.reload(ctx.store, Some((entry.day, id)))?;
                ctx.info("Saved");
                ctx.effect(Effect::ReloadAll);
                if entry.craving.is_some_and(|c| c >= 7) {
                    ctx.effect(Effect::HighCraving);
                }
            }
            Err(crate::store::Error::NotFound(_))
                if ed.entry_id.is_some_and(|id| ctx.store.entry(id).is_err()) =>
            {
                // Deleted in another window: keep the text, as a new entry.
                ed.entry_id = None;
                let msg = "This entry was deleted elsewhere. Save again to keep your text as a new entry.";
                ed.error = Some(msg.into());
                ctx.error(msg);
            }
            Err(e) => {
                let msg = e.to_string();
                ed.error = Some(msg.clone());
                ctx.error(msg);
            }
        }
        Ok(())
    }

    fn search_changed(&mut self, ctx: &mut Ctx) -> Result<()> {
        let raw = self
            .search_box
            .as_ref()
            .map(LineInput::value)
            .unwrap_or_default();
        if raw == self.search_raw {
            return Ok(());
        }
        self.search_raw = raw;
        self.search = parse_search_input(&self.search_raw, ctx.today);
        if self.slow_search {
            // A big journal: wait for a pause in typing instead of queueing
            // a search per key.
            self.search_due = Some(Instant::now() + SEARCH_PAUSE);
            Ok(())
        } else {
            self.run_search(ctx.store)
        }
    }

    /// Runs the search box's query now, noting whether it was slow.
    fn run_search(&mut self, store: &Store) -> Result<()> {
        self.search_due = None;
        let started = Instant::now();
        let result = self.reload(store, None);
        self.slow_search = started.elapsed() > SLOW_SEARCH;
        result
    }

    fn open_search_box(&mut self, prefill: &str) {
        let mut text = self.search_raw.clone();
        if !prefill.is_empty() {
            if !text.is_empty() && !text.ends_with(' ') {
                text.push(' ');
            }
            text.push_str(prefill);
        }
        self.search_box = Some(LineInput::new(&text).max_len(500));
    }

    fn draw_templates(&self, frame: &mut Frame, area: Rect, view: &View) {
        if let Some(p) = &self.templates {
            p.draw(frame, area, &view.config.templates, view.keys, view.theme);
        }
    }

    /// Acts on the template offer's answer.
    fn template_picked(
        &mut self,
        picker: super::templates::TemplatePicker,
        picked: super::templates::Picked,
        ctx: &mut Ctx,
    ) -> Result<()> {
        use super::templates::Picked;
        let prompt = prompt_for(ctx.today);
        match picked {
            Picked::Stay => self.templates = Some(picker),
            Picked::Cancel => {}
            Picked::Blank => self.open_editor(Editor::new_entry(ctx.today, prompt)),
            Picked::BlankWith(key) => {
                let mut ed = Editor::new_entry(ctx.today, prompt);
                ed.input(key, Instant::now());
                self.open_editor(ed);
            }
            Picked::Template(i) => match ctx.config.templates.get(i) {
                Some(t) => self.open_editor(Editor::from_template(ctx.today, t, prompt)),
                None => self.open_editor(Editor::new_entry(ctx.today, prompt)),
            },
        }
        Ok(())
    }

    fn clear_search(&mut self, ctx: &mut Ctx) -> Result<()> {
        self.search_box = None;
        self.search_due = None;
        let keep = self.selected().map(key_of);
        self.search = SearchInput::default();
        self.search_raw.clear();
        self.reload(ctx.store, keep)
    }

    fn draw_list(&mut self, frame: &mut Frame, area: Rect, theme: &Theme, today: NaiveDate) {
        let title = if self.searching() {
            format!(
                " {}{} match{} ",
                self.total,
                if self.total >= SEARCH_LIMIT as u64 {
                    "+"
                } else {
                    ""
                },
                if self.total == 1 { "" } else { "es" }
            )
        } else {
            let mut t = format!(
                " {} entr{} ",
                self.total,
                if self.total == 1 { "y" } else { "ies" }
            );
            if !self.filter().is_empty() {
                t.push_str(&format!("· {} ", self.filter().describe()));
            }
            t
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.dim)
            .title(Span::styled(title, theme.title));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let height = inner.height as usize;
        self.list_height = height;
        self.list_area = inner;
        if self.rows.is_empty() {
            let msg = if self.searching() || !self.filter().is_empty() {
                "Nothing matches. Esc clears the search."
            } else {
                "No entries yet."
            };
            frame.render_widget(
                Paragraph::new(msg)
                    .style(theme.dim)
                    .wrap(Wrap { trim: true }),
                inner,
            );
            return;
        }
        if self.cursor < self.offset {
            self.offset = self.cursor;
        }
        if height > 0 && self.cursor >= self.offset + height {
            self.offset = self.cursor + 1 - height;
        }
        let mut lines = Vec::new();
        for (i, e) in self.rows.iter().enumerate().skip(self.offset).take(height) {
            let sel = i == self.cursor;
            let base = if sel {
                theme.selected
            } else {
                Style::default()
            };
            let mut spans = vec![
                Span::styled(if sel { "›" } else { " " }, base),
                Span::styled(
                    format!("{} {} ", list_day(e.day, today), e.time()),
                    base.patch(theme.dim),
                ),
            ];
            if let Some(m) = e.mood {
                spans.push(Span::styled(format!("☺{m} "), base));
            }
            if let Some(c) = e.craving {
                spans.push(Span::styled(format!("⚡{c} "), base));
            }
            match self.snippets.get(i) {
                Some(s) => {
                    let one_line = s.replace('\n', " ");
                    let mut hl = false;
                    let inl = markdown::inline(&clean(&one_line), base, theme, &mut hl);
                    spans.extend(inl);
                }
                None => spans.push(Span::styled(clean(e.first_line()), base)),
            }
            for t in &e.tags {
                spans.push(Span::styled(
                    format!(" #{}", clean(t)),
                    base.patch(theme.accent),
                ));
            }
            // A cut row ends in `…`; the selected row's highlight spans its
            // width.
            let width = usize::from(inner.width);
            let mut line = crate::tui::widgets::fit_line(Line::from(spans), width);
            let fill = width.saturating_sub(line.width());
            line.spans.push(Span::styled(" ".repeat(fill), base));
            lines.push(line);
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn draw_preview(&mut self, frame: &mut Frame, area: Rect, theme: &Theme, keys: &KeyMap) {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.dim)
            .title(Span::styled(" Entry ", theme.title));
        let Some(e) = self.rows.get(self.cursor) else {
            frame.render_widget(block, area);
            return;
        };
        // Rows the word-wrapped text takes: scrolling stops when the end
        // of the entry is in view, and the foot says how much is left.
        let width = usize::from(area.width.saturating_sub(2)).max(1);
        let height = usize::from(area.height.saturating_sub(2));
        let marked = match &self.highlight {
            Some((id, _)) if *id == e.id => Some(self.search.text.clone()),
            _ => None,
        };
        let key = (e.id, e.updated_at.clone(), marked, width);
        if self.preview.as_ref().is_none_or(|p| p.key != key) {
            let lines = preview_lines(e, self.highlight.as_ref(), theme);
            let mut starts = Vec::with_capacity(lines.len() + 1);
            let mut rows = 0;
            // Counted by the widget's own wrapping (each line wraps on its
            // own), so the rows drawn are the rows counted.
            let cols = u16::try_from(width).unwrap_or(u16::MAX);
            for l in &lines {
                starts.push(rows);
                rows += Paragraph::new(l.clone())
                    .wrap(Wrap { trim: false })
                    .line_count(cols)
                    .max(1);
            }
            starts.push(rows);
            self.preview = Some(Preview { key, lines, starts });
        }
        let Some(preview) = &self.preview else {
            return;
        };
        let rows = preview.starts.last().copied().unwrap_or(0);
        let last = rows.saturating_sub(height).min(u16::MAX as usize) as u16;
        let scroll = match self.preview_scroll {
            (Some(id), s) if id == e.id => s.min(last),
            _ => 0,
        };
        let id = e.id;
        self.preview_scroll = (Some(id), scroll);
        let left = usize::from(last - scroll);
        let foot = if left > 0 {
            format!(
                " {left} more line{} · {} scrolls ",
                if left == 1 { "" } else { "s" },
                keys.label(Context::List, Action::ScrollDown)
            )
        } else if scroll > 0 {
            " end of the entry ".to_string()
        } else {
            String::new()
        };
        let block = if foot.is_empty() {
            block
        } else {
            block.title_bottom(Span::styled(foot, theme.dim))
        };
        // Only the lines in view go to the widget, which wraps what it is
        // given: from the one that holds row `scroll` to the last one that
        // starts above the bottom.
        let top = usize::from(scroll);
        let first = preview
            .starts
            .partition_point(|&s| s <= top)
            .saturating_sub(1);
        let end = preview.starts.partition_point(|&s| s < top + height.max(1));
        let end = end.clamp(first, preview.lines.len());
        let shown = preview.lines[first..end].to_vec();
        let within = (top - preview.starts[first]).min(u16::MAX as usize) as u16;
        frame.render_widget(
            Paragraph::new(shown)
                .wrap(Wrap { trim: false })
                .scroll((within, 0))
                .block(block),
            area,
        );
    }
}

/// The preview's lines: the entry's day and time, marks, tags and prompt,
/// then its text (with the search's matches marked, when `highlight` is
/// this entry's).
fn preview_lines(
    e: &Entry,
    highlight: Option<&(i64, String)>,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(
        format!("{} · {}", e.day.format("%A %-d %B %Y"), e.time()),
        theme.title,
    )];
    let mut marks = Vec::new();
    if let Some(m) = e.mood {
        marks.push(format!("Mood ☺ {m}/5"));
    }
    if let Some(c) = e.craving {
        marks.push(format!("Craving ⚡ {c}/10"));
    }
    if !marks.is_empty() {
        lines.push(Line::from(marks.join(" · ")));
    }
    if !e.tags.is_empty() {
        let tags: Vec<String> = e.tags.iter().map(|t| format!("#{}", clean(t))).collect();
        lines.push(Line::styled(tags.join(" "), theme.accent));
    }
    if let Some(p) = &e.prompt {
        lines.push(Line::from(vec![
            Span::styled("Prompt: ", theme.dim),
            Span::styled(
                clean(p),
                theme.dim.add_modifier(ratatui::style::Modifier::ITALIC),
            ),
        ]));
    }
    lines.push(Line::from(""));
    let body = match highlight {
        Some((id, h)) if *id == e.id => h.as_str(),
        _ => e.body.as_str(),
    };
    lines.extend(markdown::render(body, theme));
    lines
}

impl Pane for JournalPane {
    fn external_editor(&self) -> bool {
        true
    }

    fn title(&self) -> &'static str {
        "Journal"
    }

    fn load(&mut self, ctx: &mut Ctx) -> Result<()> {
        let keep = self.selected().map(key_of);
        if self.search_raw.is_empty() {
            self.search = SearchInput::default();
        } else {
            self.search = parse_search_input(&self.search_raw, ctx.today);
        }
        self.reload(ctx.store, keep)?;
        if !self.draft_checked && self.editor.is_none() && self.layer.browsing() {
            self.draft_checked = true;
            if self.offer_draft(ctx.store)? {
                ctx.effect(Effect::SwitchTab(TAB));
            }
        }
        Ok(())
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Result<()> {
        if let Some(mut picker) = self.templates.take() {
            let picked = picker.update(action, ctx.config.templates.len());
            return self.template_picked(picker, picked, ctx);
        }
        match self.layer.update(action, ctx) {
            Outcome::Browse => {}
            Outcome::Confirmed(ask) => return self.answered(ask, ctx),
            _ => return Ok(()),
        }
        if let Some(ed) = &mut self.editor {
            match action {
                Action::Save => self.save(ctx)?,
                Action::Cancel => {
                    if ed.changed() {
                        let q = "Discard what you wrote? It has not been saved.";
                        self.layer.ask(q, Ask::Discard);
                    } else {
                        self.close_editor(ctx.store)?;
                    }
                }
                Action::NextField => ed.next_field(),
                Action::PrevField => ed.prev_field(),
                Action::ExternalEditor => {
                    let text = ed.body_text();
                    // Keep the draft safe while the terminal is handed over.
                    self.write_draft(ctx.store, DraftWrite::Flush)?;
                    ctx.effect(Effect::ExternalEditor(text));
                }
                _ => {}
            }
            return Ok(());
        }
        if self.search_box.is_some() {
            match action {
                Action::Cancel => self.clear_search(ctx)?,
                Action::Save | Action::NextField | Action::PrevField => {
                    self.search_box = None;
                    self.run_search(ctx.store)?;
                }
                _ => {}
            }
            return Ok(());
        }
        match action {
            Action::ScrollDown | Action::ScrollUp => {
                let id = self.selected().map(|e| e.id);
                let (for_id, scroll) = self.preview_scroll;
                let scroll = if for_id == id { scroll } else { 0 };
                self.preview_scroll = (
                    id,
                    if action == Action::ScrollDown {
                        scroll.saturating_add(3)
                    } else {
                        scroll.saturating_sub(3)
                    },
                );
            }
            Action::Up => self.move_by(-1, ctx.store)?,
            Action::Down => self.move_by(1, ctx.store)?,
            Action::PageUp => self.move_by(-self.page(), ctx.store)?,
            Action::PageDown => self.move_by(self.page(), ctx.store)?,
            Action::Top => {
                if self.searching() {
                    self.move_by(-(self.cursor as isize), ctx.store)?;
                } else {
                    self.load_first(ctx.store)?;
                    self.refresh_highlight(ctx.store)?;
                }
            }
            Action::Bottom => {
                if self.searching() {
                    self.move_by(self.rows.len() as isize, ctx.store)?;
                } else {
                    self.load_last(ctx.store)?;
                    self.refresh_highlight(ctx.store)?;
                }
            }
            Action::New if !self.offer_draft(ctx.store)? => {
                if ctx.config.templates.is_empty() {
                    self.open_editor(Editor::new_entry(ctx.today, prompt_for(ctx.today)));
                } else {
                    self.templates = Some(Default::default());
                }
            }
            Action::Edit | Action::Open => {
                if self.offer_draft(ctx.store)? {
                    return Ok(());
                }
                if let Some(e) = self.selected() {
                    // Read it fresh: the list may be older than the row.
                    let e = ctx.store.entry(e.id)?;
                    self.open_editor(Editor::for_entry(&e));
                }
            }
            Action::Delete => {
                if let Some(e) = self.selected() {
                    let q = format!(
                        "Delete the entry from {}? This cannot be undone.",
                        format_day(e.day)
                    );
                    let id = e.id;
                    self.layer.ask(q, Ask::Delete(id));
                }
            }
            Action::Search => self.open_search_box(""),
            Action::Filter => self.pick_tag(ctx.store)?,
            Action::Back if !self.search_raw.is_empty() => {
                self.clear_search(ctx)?;
                ctx.info("Search cleared");
            }
            _ => {}
        }
        Ok(())
    }

    fn input(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Result<()> {
        if let Some(mut picker) = self.templates.take() {
            let picked = picker.input(key, ctx.config.templates.len());
            return self.template_picked(picker, picked, ctx);
        }
        match self.layer.input(key) {
            Outcome::Browse => {}
            Outcome::Confirmed(ask) => return self.answered(ask, ctx),
            _ => return Ok(()),
        }
        if let Some(ed) = &mut self.editor {
            ed.input(key, Instant::now());
            return Ok(());
        }
        if let Some(b) = &mut self.search_box {
            match key.code {
                KeyCode::Enter => {
                    self.search_box = None;
                    self.run_search(ctx.store)?;
                }
                KeyCode::Up => self.move_by(-1, ctx.store)?,
                KeyCode::Down => self.move_by(1, ctx.store)?,
                _ => {
                    b.input(key);
                    self.search_changed(ctx)?;
                }
            }
        }
        Ok(())
    }

    fn paste(&mut self, text: &str, ctx: &mut Ctx) -> Result<()> {
        if self.templates.take().is_some() {
            // Pasting into the offer starts a blank page with the text.
            self.open_editor(Editor::new_entry(ctx.today, prompt_for(ctx.today)));
        }
        if self.layer.paste(text).yes() {
            return Ok(());
        }
        if let Some(ed) = &mut self.editor {
            ed.paste(text, Instant::now());
        } else if let Some(b) = &mut self.search_box {
            b.paste(text);
            self.search_changed(ctx)?;
        }
        Ok(())
    }

    fn hints(&self, keys: &KeyMap) -> Option<Vec<Hint>> {
        if !self.layer.browsing() {
            return self.layer.hints(keys);
        }
        if self.editor.is_some() {
            return Some(hints(
                keys,
                &[
                    (Context::Editor, Action::Save, "save"),
                    (Context::Editor, Action::Cancel, "cancel"),
                    (Context::Editor, Action::NextField, "next field"),
                    (Context::Editor, Action::ExternalEditor, "$EDITOR"),
                ],
            ));
        }
        self.search_box.as_ref().map(|_| {
            hints(
                keys,
                &[
                    (Context::Editor, Action::Save, "done"),
                    (Context::Editor, Action::Cancel, "clear the search"),
                ],
            )
        })
    }

    fn mode(&self) -> Mode {
        if !self.layer.browsing() {
            self.layer.mode()
        } else if self.editor.is_some() || self.search_box.is_some() || self.templates.is_some() {
            Mode::Text
        } else {
            Mode::Normal
        }
    }

    fn unsaved(&self) -> bool {
        self.editor.as_ref().is_some_and(Editor::changed)
    }

    fn at_risk(&self) -> bool {
        self.editor
            .as_ref()
            .is_some_and(|ed| ed.changed() && (ed.draft_stale() || self.draft_failed))
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        if let Some(ed) = &mut self.editor {
            ed.draw(frame, area, theme);
            self.layer.draw(frame, area, theme, view.keys);
            return;
        }
        let nothing_yet = self.total == 0
            && !self.searching()
            && self.filter().is_empty()
            && self.search_box.is_none();
        if nothing_yet {
            empty_state(
                frame,
                area,
                "Journal",
                vec![
                    Line::from(format!(
                        "Your journal is empty. Press {} to write your first entry.",
                        view.keys.label(Context::List, Action::New)
                    )),
                    Line::from(""),
                    Line::styled("Today's prompt:", theme.dim),
                    Line::styled(prompt_for(view.today).to_string(), theme.accent),
                ],
                theme,
            );
            self.layer.draw(frame, area, theme, view.keys);
            self.draw_templates(frame, area, view);
            return;
        }
        let show_box = self.search_box.is_some() || !self.search_raw.is_empty();
        let [search_area, main] = Layout::vertical([
            Constraint::Length(if show_box { 1 } else { 0 }),
            Constraint::Min(1),
        ])
        .areas(area);
        if show_box {
            let [label, input, problem] = Layout::horizontal([
                Constraint::Length(9),
                Constraint::Min(10),
                Constraint::Length(if self.search.problem.is_some() { 28 } else { 0 }),
            ])
            .areas(search_area);
            frame.render_widget(
                Paragraph::new(Span::styled(" Search: ", theme.title)),
                label,
            );
            match &self.search_box {
                Some(b) if b.is_empty() => frame.render_widget(
                    Paragraph::new(Line::from(vec![
                        Span::styled(" ", theme.selected),
                        Span::styled(
                            fit(
                                "words to find · tag:x · since:DAY · until:DAY",
                                usize::from(input.width).saturating_sub(1),
                            ),
                            theme.dim,
                        ),
                    ])),
                    input,
                ),
                Some(b) => frame.render_widget(
                    Paragraph::new(Line::from(b.spans(
                        usize::from(input.width),
                        Style::default(),
                        theme.selected,
                    ))),
                    input,
                ),
                None => {
                    let clear = format!(
                        "  ({} clears)",
                        view.keys.label(Context::List, Action::Back)
                    );
                    let room = usize::from(input.width).saturating_sub(width(&clear));
                    frame.render_widget(
                        Paragraph::new(Line::from(vec![
                            Span::raw(fit(&one_line(&self.search_raw), room)),
                            Span::styled(clear, theme.dim),
                        ])),
                        input,
                    )
                }
            }
            if let Some(p) = &self.search.problem {
                frame.render_widget(
                    Paragraph::new(Span::styled(format!("✗ {p}"), theme.error)),
                    problem,
                );
            }
        }
        let [list_area, preview_area] =
            Layout::horizontal([Constraint::Percentage(48), Constraint::Percentage(52)])
                .areas(main);
        self.draw_list(frame, list_area, theme, view.today);
        self.draw_preview(frame, preview_area, theme, view.keys);
        self.layer.draw(frame, area, theme, view.keys);
        self.draw_templates(frame, area, view);
    }

    /// A click on a row of the list selects that entry.
    fn click(&mut self, x: u16, y: u16, ctx: &mut Ctx) -> Result<()> {
        let area = self.list_area;
        if self.editor.is_some()
            || !self.layer.browsing()
            || self.search_box.is_some()
            || !area.contains((x, y).into())
        {
            return Ok(());
        }
        let row = self.offset + usize::from(y - area.y);
        if row < self.rows.len() {
            let delta = row as isize - self.cursor as isize;
            self.move_by(delta, ctx.store)?;
        }
        Ok(())
    }

    fn help(&self) -> Vec<(Action, &'static str)> {
        if self.total == 0 && !self.searching() && self.filter().is_empty() {
            return vec![(Action::New, "new entry")];
        }
        vec![
            (Action::New, "new entry"),
            (Action::Edit, "edit"),
            (Action::Search, "search"),
            (Action::Filter, "filter by tag (a list of your tags)"),
            (Action::Delete, "delete (asks first)"),
            (Action::Open, "edit the selected entry"),
            (Action::Down, "next entry"),
            (Action::Up, "previous entry"),
            (Action::PageDown, "page down"),
            (Action::PageUp, "page up"),
            (Action::Top, "newest"),
            (Action::Bottom, "oldest"),
            (Action::ScrollDown, "scroll the entry down"),
            (Action::ScrollUp, "scroll the entry up"),
            (Action::Back, "clear the search and filters"),
            (Action::Search, "in the box: tag:x since:DAY until:DAY"),
            (Action::Search, "DAY: 2026-03-01, today, yesterday, 7d"),
        ]
    }

    fn deadline(&self) -> Option<Instant> {
        let draft = self.editor.as_ref().and_then(|e| e.draft_due);
        match (draft, self.search_due) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn tick(&mut self, ctx: &mut Ctx) -> Result<()> {
        // Doing either early is harmless, so do whatever is waiting.
        if self.search_due.is_some() {
            self.run_search(ctx.store)?;
        }
        self.write_draft(ctx.store, DraftWrite::Typing)
    }

    fn flush(&mut self, ctx: &mut Ctx) -> Result<()> {
        self.write_draft(ctx.store, DraftWrite::Flush)
    }

    fn external_edit_done(&mut self, text: Option<String>, ctx: &mut Ctx) -> Result<()> {
        if let (Some(ed), Some(text)) = (&mut self.editor, text) {
            ed.set_body(&text, Instant::now());
            self.write_draft(ctx.store, DraftWrite::Flush)?;
        }
        Ok(())
    }
}
