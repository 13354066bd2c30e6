//! App state and the `update` / `draw` split: keys become [`Action`]s,
//! `update` changes state and calls the store, `draw` renders state.

use std::time::Instant;

use anyhow::Result;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Tabs, Wrap};

use super::component::Confirm;
use super::keys::{Action, Context, KeyMap};
use super::overlay::crisis::{Crisis, CrisisOutcome};
use super::overlay::data::{Damaged, DataMenu, Job, JobKind, MenuOutcome, draw_progress};
use super::overlay::lock::{LockKey, LockScreen};
use super::overlay::urge::{ReachOutOffer, UrgeForm, UrgeKey, UsedOffer};
use super::pane::amends::AmendsPane;
use super::pane::contacts::ContactsPane;
use super::pane::insights::InsightsPane;
use super::pane::journal::JournalPane;
use super::pane::plan::PlanPane;
use super::pane::steps::StepsPane;
use super::pane::today::TodayPane;
use super::pane::{Ctx, Effect, Mode, Pane, View};
use super::theme::Theme;
use super::widgets::{centered, popup_block};
use crate::config::Config;
use crate::store::Store;

/// The smallest terminal the layout is drawn in.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// Something drawn over the panes.
enum Overlay {
    Help {
        scroll: u16,
    },
    Data(DataMenu),
    Crisis(Crisis),
    /// Quit with unsaved typing? `lost`: it is not even in a draft.
    ConfirmQuit {
        lost: bool,
    },
    /// Logging an urge; the crisis screen it was opened from, if any, comes
    /// back after.
    Urge(Box<UrgeForm>, Option<Box<Crisis>>),
    /// A kind offer of a new start after an urge that ended in using.
    UsedOffer(UsedOffer),
    /// "Reach out now?" after a journal entry with a high craving.
    ReachOut(ReachOutOffer),
}

/// A key hint on the status line: the key's label and what it does.
pub type Hint = (String, &'static str);

/// A message on the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// The whole TUI state.
pub struct App {
    pub store: Store,
    pub config: Config,
    pub keys: KeyMap,
    pub theme: Theme,
    today: NaiveDate,
    tab: usize,
    panes: Vec<Box<dyn Pane>>,
    overlay: Option<Overlay>,
    status: Option<Status>,
    quit: bool,
    pending_editor: Option<String>,
    /// Where each tab title was last drawn (x range), for mouse clicks.
    tab_hits: Vec<(u16, u16)>,
    /// The tab bar's row and the panes' body, as last drawn.
    tab_row: u16,
    body: Rect,
    /// The lock screen, while locked.
    lock: Option<LockScreen>,
    /// The passphrase that unlocks an idle lock (None: any key unlocks).
    passphrase: Option<String>,
    last_input: Instant,
    /// An export or backup running in the background.
    job: Option<Job>,
    /// A sync running in the background (DESIGN.md §8.5): its one line.
    sync_job: Option<std::thread::JoinHandle<Option<String>>>,
    /// `PRAGMA data_version` when last looked at: another process wrote
    /// when it changes.
    data_version: Option<i64>,
    /// Panes to reload for another process's write, once they are back to
    /// browsing (an open editor or form is never disturbed).
    stale: Vec<bool>,
    /// What was open when the screen locked, back after unlocking.
    under_lock: Option<Overlay>,
    /// What was open when the crisis screen opened over it, back after.
    after_crisis: Option<Overlay>,
    /// The terminal was smaller than the layout at the last draw: keys must
    /// not reach the hidden panes.
    too_small: bool,
}

impl App {
    /// Builds the app and loads every pane. `today` is injected so tests can
    /// pin it.
    pub fn new(store: Store, config: Config, today: NaiveDate) -> Result<App> {
        let mut app = App {
            store,
            keys: KeyMap::from_config(&config.keys).unwrap_or_default(),
            theme: Theme::from_config(&config),
            config,
            today,
            tab: 0,
            panes: vec![
                Box::new(TodayPane::default()),
                Box::new(JournalPane::default()),
                Box::new(AmendsPane::default()),
                Box::new(ContactsPane::default()),
                Box::new(InsightsPane::default()),
                Box::new(StepsPane::default()),
                Box::new(PlanPane::default()),
            ],
            overlay: None,
            status: None,
            quit: false,
            pending_editor: None,
            tab_hits: Vec::new(),
            tab_row: 0,
            body: Rect::default(),
            lock: None,
            passphrase: None,
            last_input: Instant::now(),
            job: None,
            sync_job: None,
            data_version: None,
            stale: Vec::new(),
            under_lock: None,
            after_crisis: None,
            too_small: false,
        };
        app.stale = vec![false; app.panes.len()];
        // This window's own draft slot: two windows never write over each
        // other's draft. Without one (no lock file possible) drafts use
        // slot 1 as before.
        let _ = app.store.claim_window();
        app.data_version = app.store.data_version().ok();
        app.reload_all();
        if app.store.read_only().is_none() {
            crate::store::plan::sync_locked_copy(&app.store, app.config.crisis_when_locked);
        }
        if let Some(why) = app.store.read_only() {
            let msg = format!("Read-only: {why}");
            app.set_status(msg, true);
        }
        Ok(app)
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// Moves the app to a new day (midnight roll-over) and reloads.
    pub fn set_today(&mut self, today: NaiveDate) {
        if today != self.today {
            self.today = today;
            self.reload_all();
        }
    }

    pub fn tab(&self) -> usize {
        self.tab
    }

    pub fn tab_titles(&self) -> Vec<&'static str> {
        self.panes.iter().map(|p| p.title()).collect()
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn status(&self) -> Option<&Status> {
        self.status.as_ref()
    }

    pub fn help_open(&self) -> bool {
        matches!(self.overlay, Some(Overlay::Help { .. }))
    }

    pub fn crisis_open(&self) -> bool {
        matches!(self.overlay, Some(Overlay::Crisis(_)))
    }

    /// The key-map context the next key press is read in (Global actions
    /// are looked up first while it is `List`).
    pub fn key_context(&self) -> Context {
        if self.overlay.is_some() {
            return Context::Popup;
        }
        match self.panes[self.tab].mode() {
            Mode::Normal => Context::List,
            Mode::Text => Context::Editor,
            Mode::Popup => Context::Popup,
        }
    }

    /// Whether the urge popup is open.
    pub fn urge_open(&self) -> bool {
        matches!(self.overlay, Some(Overlay::Urge(..)))
    }

    /// Whether a new start is being offered after an urge.
    pub fn used_offer_open(&self) -> bool {
        matches!(self.overlay, Some(Overlay::UsedOffer(_)))
    }

    /// Whether "Reach out now?" is showing.
    pub fn reach_out_open(&self) -> bool {
        matches!(self.overlay, Some(Overlay::ReachOut(_)))
    }

    /// Whether any pane holds typing that is not saved.
    pub fn unsaved(&self) -> bool {
        self.panes.iter().any(|p| p.unsaved())
    }

    /// Text waiting to be edited in `$EDITOR` (taken by the event loop).
    pub fn take_pending_editor(&mut self) -> Option<String> {
        self.pending_editor.take()
    }

    /// The passphrase the idle lock asks for (None: any key unlocks).
    pub fn set_passphrase(&mut self, passphrase: Option<String>) {
        self.passphrase = passphrase;
    }

    pub fn locked(&self) -> bool {
        self.lock.is_some()
    }

    /// Locks the screen now (drafts are saved first).
    pub fn lock_now(&mut self) {
        self.flush();
        // An open crisis screen shows your people: it closes. Anything else
        // (a half-written urge) waits under the lock.
        let open = self.overlay.take();
        if !matches!(open, Some(Overlay::Crisis(_))) {
            self.under_lock = open;
        }
        self.lock = Some(LockScreen::new(self.passphrase.is_some()));
    }

    fn idle_deadline(&self) -> Option<Instant> {
        let minutes = self.config.idle_lock_minutes;
        (minutes > 0 && self.lock.is_none())
            .then(|| self.last_input + std::time::Duration::from_secs(u64::from(minutes) * 60))
    }

    /// The earliest time the app wants a tick (a pane's draft, the idle
    /// lock, a background job's progress).
    pub fn deadline(&self) -> Option<Instant> {
        let job = self
            .job
            .as_ref()
            .map(|_| Instant::now() + std::time::Duration::from_millis(100));
        self.panes
            .iter()
            .filter_map(|p| p.deadline())
            .chain(self.idle_deadline())
            .chain(job)
            .min()
    }

    /// Starts an export or backup in the background.
    pub fn start_job(&mut self, kind: JobKind) {
        if self.job.is_some() {
            self.set_status("Still working on the last export or backup.".into(), true);
            return;
        }
        let Some(path) = self.store.path().map(|p| p.to_path_buf()) else {
            self.set_status(
                "This journal is in memory: nothing to back up.".into(),
                true,
            );
            return;
        };
        let key = self.store.passphrase().map(str::to_string);
        let kinds = self.config.worksheets.clone();
        self.job = Some(Job::start_with(kind, path, key, self.today, kinds));
    }

    /// The once-a-day work, in the background so the first frame is not
    /// kept waiting: `quick_check` (it reads the whole file), then, when the
    /// file is sound, the day's automatic backup.
    pub fn start_daily_work(&mut self) {
        if self.store.read_only().is_none() && self.store.path().is_some() {
            self.start_job(JobKind::Daily);
        }
    }

    /// Shows the result of a background sync when it finishes.
    pub fn watch_sync(&mut self, job: std::thread::JoinHandle<Option<String>>) {
        self.sync_job = Some(job);
    }

    /// Lets a background sync finish (before the closing one starts).
    pub fn wait_for_sync(&mut self) {
        if let Some(job) = self.sync_job.take() {
            let _ = job.join();
        }
    }

    /// Lets a running export or backup finish (before exit), so it leaves
    /// no temp file behind. The daily check and backup is stopped instead:
    /// quitting never waits for it, and the next start takes it up again.
    pub fn wait_for_job(&mut self) {
        if let Some(job) = self.job.take() {
            if job.foreground() {
                let _ = job.join();
            } else {
                job.stop(std::time::Duration::from_millis(50));
            }
        }
    }

    /// Whether a background job is running.
    pub fn job_running(&self) -> bool {
        self.job.is_some()
    }

    fn finish_job(&mut self) {
        if !self.job.as_ref().is_some_and(Job::is_finished) {
            return;
        }
        let Some(job) = self.job.take() else {
            return;
        };
        let daily = !job.foreground();
        match job.join() {
            Ok(msg) if msg.is_empty() => {}
            Ok(msg) => self.set_status(msg, false),
            Err(e) if daily && e.downcast_ref::<Damaged>().is_some() => {
                // A damaged file is never written again from this window.
                let why = format!("{e:#}");
                self.store.set_read_only(why.clone());
                self.set_status(format!("Read-only: {why}"), true);
            }
            Err(e) if daily => self.set_status(format!("Daily backup failed: {e:#}"), true),
            Err(e) => self.set_status(format!("{e:#}"), true),
        }
    }

    fn with_pane<T>(
        &mut self,
        index: usize,
        f: impl FnOnce(&mut dyn Pane, &mut Ctx) -> Result<T>,
    ) -> Option<T> {
        let mut effects = Vec::new();
        let result = {
            let mut ctx = Ctx {
                store: &mut self.store,
                today: self.today,
                config: &self.config,
                keys: &self.keys,
                effects: &mut effects,
            };
            f(self.panes[index].as_mut(), &mut ctx)
        };
        let value = match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.set_status(format!("{e:#}"), true);
                None
            }
        };
        self.apply(effects);
        value
    }

    fn apply(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::Info(text) => self.set_status(text, false),
                Effect::Error(text) => self.set_status(text, true),
                Effect::Crisis => self.open_crisis(),
                Effect::ExternalEditor(text) => self.pending_editor = Some(text),
                Effect::SwitchTab(n) => self.switch_tab(n),
                Effect::ReloadAll => self.reload_all(),
                Effect::HighCraving => self.offer_reach_out(),
            }
        }
    }

    fn set_status(&mut self, text: String, error: bool) {
        self.status = Some(Status { text, error });
    }

    /// Reloads every pane from the store.
    pub fn reload_all(&mut self) {
        for i in 0..self.panes.len() {
            self.with_pane(i, |p, ctx| p.load(ctx));
        }
    }

    fn switch_tab(&mut self, n: usize) {
        if n < self.panes.len() && n != self.tab {
            self.tab = n;
            let tab = self.tab;
            self.with_pane(tab, |p, ctx| p.load(ctx));
        }
    }

    fn open_crisis(&mut self) {
        // What is open (a question, a half-written urge) comes back after.
        if let Some(open) = self.overlay.take()
            && !matches!(open, Overlay::Crisis(_))
        {
            self.after_crisis = Some(open);
        }
        if self.lock.is_some() {
            // Locked: your people stay hidden; the plan only if allowed.
            let plan = self
                .config
                .crisis_when_locked
                .then(|| self.store.plan().ok())
                .flatten()
                .map(|p| (p.coping, p.reasons));
            self.overlay = Some(Overlay::Crisis(Crisis::locked(
                &self.config,
                self.today,
                plan,
            )));
            return;
        }
        match Crisis::load(&self.store, &self.config, self.today) {
            Ok(c) => self.overlay = Some(Overlay::Crisis(c)),
            Err(e) => {
                // Even if the store fails, the helplines must show.
                self.overlay = Some(Overlay::Crisis(Crisis::helplines_only(
                    &self.config,
                    self.today,
                )));
                self.set_status(format!("{e:#}"), true);
            }
        }
    }

    /// Opens the urge popup (over the crisis screen when it is open).
    fn open_urge(&mut self, from: Option<Box<Crisis>>) {
        let coping = self.store.plan().map(|p| p.coping).unwrap_or_default();
        self.overlay = Some(Overlay::Urge(Box::new(UrgeForm::new(coping)), from));
    }

    /// Saves the urge in the popup; after an urge that ended in using,
    /// offers (never forces) a new start on a clock.
    fn save_urge(&mut self, form: &UrgeForm) -> bool {
        let input = crate::domain::urge::NewUrge {
            at: chrono::Local::now().fixed_offset(),
            intensity: i64::from(form.intensity),
            halt: form.halt,
            trigger: form.trigger(),
            did: form.did(),
            outcome: form.outcome,
            note: None,
        };
        match self.store.add_urge(&input) {
            Ok(_) => {
                let msg = match form.outcome {
                    Some(crate::domain::urge::Outcome::Used) => {
                        "Urge logged. Thank you for being honest."
                    }
                    Some(_) => "Urge logged. It passed: well done.",
                    None => "Urge logged. It will pass; riding it out counts.",
                };
                self.set_status(msg.into(), false);
                self.reload_all();
                true
            }
            Err(e) => {
                self.set_status(format!("{e:#}"), true);
                false
            }
        }
    }

    fn offer_new_start(&mut self) {
        let clocks: Vec<(i64, String)> = self
            .store
            .clocks()
            .map(|cs| cs.into_iter().map(|c| (c.id, c.label)).collect())
            .unwrap_or_default();
        if !clocks.is_empty() {
            self.overlay = Some(Overlay::UsedOffer(UsedOffer { clocks, chosen: 0 }));
        }
    }

    /// "Reach out now?": the plan's first coping step and the people due or
    /// marked for emergencies.
    fn offer_reach_out(&mut self) {
        let first_step = self
            .store
            .plan()
            .ok()
            .and_then(|p| p.coping.into_iter().next());
        let people = self
            .store
            .contacts()
            .unwrap_or_default()
            .into_iter()
            .filter(|c| c.emergency || c.is_due(self.today))
            .map(|c| {
                let how = c.phone.clone().or(c.email.clone()).unwrap_or_default();
                let why = if c.emergency { "emergency" } else { "due" };
                if how.is_empty() {
                    format!("{} ({why})", c.name)
                } else {
                    format!("{} · {how} ({why})", c.name)
                }
            })
            .collect();
        self.overlay = Some(Overlay::ReachOut(ReachOutOffer { first_step, people }));
    }

    fn lock_event(&mut self, event: &Event) {
        if let Some(overlay) = self.overlay.take() {
            // The crisis screen over the lock: Esc (or the quit key) back.
            if let Event::Key(key) = event
                && key.kind != KeyEventKind::Release
            {
                self.overlay_key(overlay, *key);
            } else {
                self.overlay = Some(overlay);
            }
            return;
        }
        if let Event::Key(key) = event
            && key.kind != KeyEventKind::Release
            && self.lock_crisis_key(key)
        {
            self.open_crisis();
            return;
        }
        let Some(lock) = self.lock.as_mut() else {
            return;
        };
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => match lock.key(*key) {
                LockKey::Typing => {}
                LockKey::Leave => {
                    if key.modifiers.contains(KeyModifiers::CONTROL) {
                        self.quit = true;
                    }
                }
                LockKey::Submit(typed) => {
                    let ok = match &self.passphrase {
                        None => true,
                        Some(p) => constant_time_eq(p.as_bytes(), typed.as_bytes()),
                    };
                    if ok {
                        self.lock = None;
                        self.overlay = self.under_lock.take();
                    } else {
                        lock.error = Some("Wrong passphrase".into());
                    }
                }
            },
            Event::Paste(text) => lock.paste(text),
            _ => {}
        }
    }

    /// Whether `key` opens the crisis screen on the lock screen: the
    /// editor's crisis key always (the passphrase is typed text), and the
    /// global one when no passphrase is asked for.
    fn lock_crisis_key(&self, key: &KeyEvent) -> bool {
        let needs = self.lock.as_ref().is_some_and(|l| l.needs_passphrase);
        self.keys.lookup(Context::Editor, key) == Some(Action::Crisis)
            || (!needs && self.keys.lookup(Context::Global, key) == Some(Action::Crisis))
    }

    /// Handles one terminal event.
    pub fn handle_event(&mut self, event: &Event) {
        if matches!(event, Event::Key(_) | Event::Paste(_) | Event::Mouse(_)) {
            self.last_input = Instant::now();
        }
        if self.lock.is_some() {
            self.lock_event(event);
            return;
        }
        match event {
            Event::Key(key) => self.handle_key(*key),
            Event::Paste(_) if self.too_small => {}
            // Refused at the door for every field: see journal::NUL_REFUSED.
            Event::Paste(text) if text.contains('\0') => {
                self.set_status(
                    "Nothing was pasted: the text holds a NUL character (\\0).".into(),
                    true,
                );
            }
            Event::Paste(text) if matches!(self.overlay, Some(Overlay::Urge(..))) => {
                if let Some(Overlay::Urge(form, _)) = self.overlay.as_mut() {
                    form.paste(text);
                }
            }
            Event::Paste(text) if matches!(self.overlay, Some(Overlay::Data(_))) => {
                if let Some(Overlay::Data(menu)) = self.overlay.as_mut() {
                    menu.paste(text);
                }
            }
            Event::Paste(text)
                if self.overlay.is_none() && self.panes[self.tab].mode() != Mode::Normal =>
            {
                let tab = self.tab;
                self.with_pane(tab, |p, ctx| p.paste(text, ctx));
            }
            Event::Mouse(mouse) => self.handle_mouse(*mouse),
            _ => {}
        }
    }

    /// Mouse: click a tab or a row, scroll with the wheel. Ignored while an
    /// overlay is open or the pane is typing.
    pub fn handle_mouse(&mut self, mouse: MouseEvent) {
        if let Some(Overlay::Crisis(c)) = self.overlay.as_mut() {
            match mouse.kind {
                MouseEventKind::ScrollDown => c.wheel(true),
                MouseEventKind::ScrollUp => c.wheel(false),
                _ => {}
            }
            return;
        }
        if self.too_small || self.overlay.is_some() || self.panes[self.tab].mode() != Mode::Normal {
            return;
        }
        let tab = self.tab;
        match mouse.kind {
            MouseEventKind::ScrollDown => {
                self.with_pane(tab, |p, ctx| p.update(Action::Down, ctx));
            }
            MouseEventKind::ScrollUp => {
                self.with_pane(tab, |p, ctx| p.update(Action::Up, ctx));
            }
            MouseEventKind::Down(MouseButton::Left) => {
                if mouse.row == self.tab_row {
                    if let Some(i) = self
                        .tab_hits
                        .iter()
                        .position(|(a, b)| (*a..*b).contains(&mouse.column))
                    {
                        self.switch_tab(i);
                    }
                } else if self.body.contains((mouse.column, mouse.row).into()) {
                    self.status = None;
                    self.with_pane(tab, |p, ctx| p.click(mouse.column, mouse.row, ctx));
                }
            }
            _ => {}
        }
    }

    /// Handles one key press.
    pub fn handle_key(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        if self.lock.is_some() {
            self.lock_event(&Event::Key(key));
            return;
        }
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            // Ctrl-C leaves at once and the draft is kept for next time;
            // typing no draft could keep (a full disk, an entry deleted
            // elsewhere) is never thrown away without asking.
            self.flush();
            if self.panes.iter().any(|p| p.at_risk()) {
                self.overlay = Some(Overlay::ConfirmQuit { lost: true });
            } else {
                self.quit = true;
            }
            return;
        }
        self.status = None;
        let crisis_open = matches!(self.overlay, Some(Overlay::Crisis(_)));
        if (crisis_open || !self.too_small)
            && let Some(overlay) = self.overlay.take()
        {
            self.overlay_key(overlay, key);
            return;
        }
        let tab = self.tab;
        let mode = self.panes[tab].mode();
        if self.too_small {
            // The panes are hidden: no key may type into them. Only the
            // crisis keys (the editor's and the global one) and quit work.
            let crisis = self.keys.lookup(Context::Global, &key) == Some(Action::Crisis)
                || self.keys.lookup(Context::Editor, &key) == Some(Action::Crisis);
            if crisis {
                self.open_crisis();
            } else if self.keys.lookup(Context::Global, &key) == Some(Action::Quit)
                && !self.unsaved()
            {
                // (With unsaved typing, quitting would ask a question this
                // size cannot show: the key waits for a larger window.)
                self.update(Action::Quit);
            }
            return;
        }
        let context = match mode {
            Mode::Normal => Context::List,
            Mode::Text => Context::Editor,
            Mode::Popup => Context::Popup,
        };
        if mode == Mode::Normal
            && let Some(action) = self.keys.lookup(Context::Global, &key)
        {
            self.update(action);
            return;
        }
        if mode == Mode::Normal && self.keys.lookup(Context::List, &key) == Some(Action::Data) {
            self.overlay = Some(Overlay::Data(DataMenu::new(
                self.store.is_encrypted(),
                self.today,
            )));
            return;
        }
        match self.keys.lookup(context, &key) {
            Some(Action::Crisis) => self.open_crisis(),
            Some(action) => {
                self.with_pane(tab, |p, ctx| p.update(action, ctx));
            }
            None => {
                self.with_pane(tab, |p, ctx| p.input(key, ctx));
            }
        }
    }

    /// Applies an app-level action.
    pub fn update(&mut self, action: Action) {
        let count = self.panes.len();
        match action {
            Action::Quit => {
                if self.unsaved() {
                    self.flush();
                    let lost = self.panes.iter().any(|p| p.at_risk());
                    self.overlay = Some(Overlay::ConfirmQuit { lost });
                } else {
                    self.flush();
                    self.quit = true;
                }
            }
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::Crisis => self.open_crisis(),
            Action::Urge => self.open_urge(None),
            Action::NextTab => self.switch_tab((self.tab + 1) % count),
            Action::PrevTab => self.switch_tab((self.tab + count - 1) % count),
            Action::GoTab(n) => self.switch_tab(n),
            other => {
                let tab = self.tab;
                self.with_pane(tab, |p, ctx| p.update(other, ctx));
            }
        }
    }

    fn overlay_key(&mut self, overlay: Overlay, key: KeyEvent) {
        let popup = self.keys.lookup(Context::Popup, &key);
        let global = self.keys.lookup(Context::Global, &key);
        match overlay {
            Overlay::Help { scroll } => match (popup, global) {
                (Some(Action::Down), _) => {
                    self.overlay = Some(Overlay::Help { scroll: scroll + 1 })
                }
                (Some(Action::Up), _) => {
                    self.overlay = Some(Overlay::Help {
                        scroll: scroll.saturating_sub(1),
                    })
                }
                (_, Some(Action::Crisis)) => self.open_crisis(),
                _ => {} // any other key closes help
            },
            Overlay::Crisis(mut crisis) => {
                if matches!(popup, Some(Action::Deny)) || matches!(global, Some(Action::Quit)) {
                    self.overlay = self.after_crisis.take();
                    return;
                }
                match crisis.key(key, &self.keys, Some(&mut self.store), self.today) {
                    Ok(CrisisOutcome::Logged(msg)) => {
                        self.set_status(msg, false);
                        self.overlay = Some(Overlay::Crisis(crisis));
                        self.reload_all();
                    }
                    // The urge form needs room to show: at a too-small size
                    // the crisis screen stays.
                    Ok(CrisisOutcome::Urge) if self.too_small => {
                        self.overlay = Some(Overlay::Crisis(crisis))
                    }
                    Ok(CrisisOutcome::Urge) => self.open_urge(Some(Box::new(crisis))),
                    Ok(CrisisOutcome::Stay) => self.overlay = Some(Overlay::Crisis(crisis)),
                    Err(e) => {
                        self.set_status(format!("{e:#}"), true);
                        self.overlay = Some(Overlay::Crisis(crisis));
                    }
                }
            }
            Overlay::Urge(mut form, back) => {
                if self.keys.lookup(Context::Editor, &key) == Some(Action::Crisis) {
                    // The crisis screen opens; the half-written urge comes
                    // back when it closes.
                    self.after_crisis = Some(Overlay::Urge(form, back));
                    self.open_crisis();
                    return;
                }
                match form.key(key, &self.keys) {
                    UrgeKey::Stay => self.overlay = Some(Overlay::Urge(form, back)),
                    UrgeKey::Cancel => self.overlay = back.map(|c| Overlay::Crisis(*c)),
                    UrgeKey::Save => {
                        if self.save_urge(&form) {
                            self.overlay = back.map(|c| Overlay::Crisis(*c));
                            if form.outcome == Some(crate::domain::urge::Outcome::Used) {
                                self.offer_new_start();
                            }
                        } else {
                            self.overlay = Some(Overlay::Urge(form, back));
                        }
                    }
                }
            }
            Overlay::UsedOffer(mut offer) => match offer.key(key, &self.keys) {
                (Some(id), _) => {
                    match self.store.reset_clock(
                        id,
                        self.today,
                        Some("a new start after an urge"),
                        self.today,
                    ) {
                        Ok(c) => self.set_status(
                            format!("A new start on {}. Today is day 0; the days before stay in your history.", c.label),
                            false,
                        ),
                        Err(e) => self.set_status(format!("{e:#}"), true),
                    }
                    self.reload_all();
                }
                (None, false) => self.overlay = Some(Overlay::UsedOffer(offer)),
                (None, true) => {
                    self.set_status("Not now. Be gentle with yourself today.".into(), false)
                }
            },
            Overlay::ReachOut(_) => {
                // One key dismisses; the crisis key opens the crisis screen.
                if global == Some(Action::Crisis) {
                    self.open_crisis();
                }
            }
            Overlay::Data(mut menu) => match menu.key(key, &self.keys) {
                MenuOutcome::Stay => self.overlay = Some(Overlay::Data(menu)),
                MenuOutcome::Close => {}
                MenuOutcome::Start(kind) => self.start_job(kind),
                MenuOutcome::SharePreview(opts) => {
                    let counts =
                        crate::share::counts(&self.store, &opts).map_err(|e| format!("{e:#}"));
                    menu.show_share_preview(counts);
                    self.overlay = Some(Overlay::Data(menu));
                }
            },
            Overlay::ConfirmQuit { .. } => {
                if popup == Some(Action::Confirm) {
                    self.flush();
                    self.quit = true;
                }
            }
        }
    }

    /// Runs time-driven work whose deadline has passed, and shows what
    /// another process wrote meanwhile.
    pub fn tick(&mut self, now: Instant) {
        self.finish_job();
        if self.sync_job.as_ref().is_some_and(|j| j.is_finished())
            && let Some(Ok(Some(line))) = self.sync_job.take().map(|j| j.join())
        {
            self.set_status(line, false);
        }
        self.refresh_if_changed();
        if self.idle_deadline().is_some_and(|d| d <= now) {
            self.lock_now();
        }
        for i in 0..self.panes.len() {
            if self.panes[i].deadline().is_some_and(|d| d <= now) {
                self.with_pane(i, |p, ctx| p.tick(ctx));
            }
        }
    }

    /// Reloads the panes when another process (a CLI command, another
    /// window) changed the database since the last look: one cheap
    /// `PRAGMA data_version`. Panes keep their selection; a pane with an
    /// editor, form or question open is reloaded once it is closed.
    pub fn refresh_if_changed(&mut self) {
        if self.lock.is_some() {
            return;
        }
        let version = self.store.data_version().ok();
        if version.is_some() && version != self.data_version {
            self.data_version = version;
            self.stale.iter_mut().for_each(|s| *s = true);
        }
        for i in 0..self.panes.len() {
            if self.stale[i] && self.panes[i].mode() == Mode::Normal {
                self.stale[i] = false;
                self.with_pane(i, |p, ctx| p.load(ctx));
            }
        }
    }

    /// Saves what is in flight (drafts) before exit.
    pub fn flush(&mut self) {
        for i in 0..self.panes.len() {
            self.with_pane(i, |p, ctx| p.flush(ctx));
        }
    }

    /// Hands the text back from `$EDITOR` to the current pane.
    pub fn external_edit_done(&mut self, text: Option<String>) {
        let tab = self.tab;
        self.with_pane(tab, |p, ctx| p.external_edit_done(text, ctx));
    }

    /// Shows an error from outside `update` (e.g. `$EDITOR` failed to start).
    pub fn show_error(&mut self, text: impl Into<String>) {
        self.set_status(text.into(), true);
    }

    /// Renders the whole screen, then applies the theme's base colours and
    /// ASCII mode to it.
    pub fn draw(&mut self, frame: &mut Frame) {
        self.draw_screen(frame);
        self.theme.finish(frame.buffer_mut());
    }

    fn draw_screen(&mut self, frame: &mut Frame) {
        let area = frame.area();
        if let Some(lock) = &self.lock {
            let crisis = self.keys.label(
                if lock.needs_passphrase {
                    Context::Editor
                } else {
                    Context::Global
                },
                Action::Crisis,
            );
            lock.draw(frame, area, &self.theme, &crisis);
            if let Some(Overlay::Crisis(c)) = &self.overlay {
                c.draw(frame, area, &self.theme, &self.keys);
            }
            return;
        }
        self.too_small = area.width < MIN_WIDTH || area.height < MIN_HEIGHT;
        if self.too_small {
            self.draw_too_small(frame, area);
            return;
        }
        let [tabs_area, body, status_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(area);
        self.draw_tabs(frame, tabs_area);
        self.body = body;
        let view = View {
            today: self.today,
            config: &self.config,
            keys: &self.keys,
            theme: &self.theme,
        };
        self.panes[self.tab].draw(frame, body, &view);
        self.draw_status(frame, status_area);
        if let Some(Overlay::Data(menu)) = &mut self.overlay {
            menu.draw(frame, body, &self.theme, &self.keys);
        }
        match &self.overlay {
            Some(Overlay::Data(_)) => {}
            Some(Overlay::Help { scroll }) => self.draw_help(frame, body, *scroll),
            Some(Overlay::Crisis(c)) => c.draw(frame, area, &self.theme, &self.keys),
            Some(Overlay::Urge(..)) | Some(Overlay::UsedOffer(_)) | Some(Overlay::ReachOut(_)) => {}
            Some(Overlay::ConfirmQuit { lost }) => {
                let question = if *lost {
                    "Your typing could not be saved or kept as a draft. Quit and lose it?"
                } else {
                    "You have unsaved typing. Quit anyway? (a draft is kept)"
                };
                Confirm::new(question, ()).draw(frame, body, &self.theme, &self.keys)
            }
            None => {}
        }
        match &mut self.overlay {
            Some(Overlay::Urge(form, _)) => form.draw(frame, body, &self.theme, &self.keys),
            Some(Overlay::UsedOffer(o)) => o.draw(frame, body, &self.theme, &self.keys),
            Some(Overlay::ReachOut(o)) => o.draw(frame, body, &self.theme, &self.keys),
            _ => {}
        }
        if let Some(job) = self.job.as_ref().filter(|j| j.foreground()) {
            draw_progress(frame, body, job, &self.theme);
        }
    }

    fn draw_too_small(&self, frame: &mut Frame, area: Rect) {
        if let Some(Overlay::Crisis(c)) = &self.overlay {
            // Help stays reachable even in a tiny window.
            c.draw(frame, area, &self.theme, &self.keys);
            return;
        }
        let quit = self.keys.label(Context::Global, Action::Quit);
        let crisis = self.keys.label(Context::Global, Action::Crisis);
        let mut text = vec![
            Line::from("Terminal too small"),
            Line::from(format!(
                "{}x{}, need {MIN_WIDTH}x{MIN_HEIGHT}",
                area.width, area.height
            )),
        ];
        if self.unsaved() {
            text.push(Line::from(format!(
                "Enlarge the window to go on; your typing is kept. {crisis} crisis."
            )));
        } else {
            text.push(Line::from(format!(
                "Enlarge the window. {quit} quits, {crisis} crisis."
            )));
        }
        frame.render_widget(
            Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .alignment(ratatui::layout::Alignment::Center),
            area,
        );
    }

    fn draw_tabs(&mut self, frame: &mut Frame, area: Rect) {
        // Every tab shows, however many panes there are: the digits go
        // first, then the padding, when the full titles do not fit.
        let fits = |numbered: bool, pad: u16| {
            let w: u16 = self
                .panes
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let digit = if numbered {
                        (i + 1).to_string().len() + 1
                    } else {
                        0
                    };
                    (digit + unicode_width::UnicodeWidthStr::width(p.title())) as u16 + 2 * pad + 1
                })
                .sum();
            w <= area.width + 1
        };
        let (numbered, pad) = if fits(true, 1) {
            (true, 1)
        } else if fits(false, 1) {
            (false, 1)
        } else {
            (false, 0)
        };
        let titles: Vec<Line> = self
            .panes
            .iter()
            .enumerate()
            .map(|(i, p)| {
                if numbered {
                    Line::from(format!("{} {}", i + 1, p.title()))
                } else {
                    Line::from(p.title())
                }
            })
            .collect();
        // Tabs draws the title with its padding, then a one-cell divider.
        self.tab_row = area.y;
        self.tab_hits.clear();
        let mut x = area.x;
        for t in &titles {
            let w = t.width() as u16 + 2 * pad;
            self.tab_hits.push((x, x + w));
            x += w + 1;
        }
        // The date only where it fits beside every tab.
        let date_w = if x - area.x + 12 <= area.width { 12 } else { 0 };
        let [left, right] =
            Layout::horizontal([Constraint::Min(1), Constraint::Length(date_w)]).areas(area);
        frame.render_widget(
            Tabs::new(titles)
                .padding(" ".repeat(usize::from(pad)), " ".repeat(usize::from(pad)))
                .select(self.tab)
                .style(self.theme.dim)
                .highlight_style(self.theme.title.add_modifier(Modifier::REVERSED))
                .divider("│"),
            left,
        );
        frame.render_widget(
            Paragraph::new(Line::styled(
                self.today.format("%a %b %-d").to_string(),
                self.theme.dim,
            ))
            .alignment(ratatui::layout::Alignment::Right),
            right,
        );
    }

    /// The key hints for what is focused now, from the key map: the pane's
    /// own (shown while they fit) and the ones that must always show
    /// (help, crisis, quit), drawn at the right.
    pub fn hints(&self) -> (Vec<Hint>, Vec<Hint>) {
        let pane = &self.panes[self.tab];
        let k = &self.keys;
        let mut left = Vec::new();
        let mut right = Vec::new();
        // An overlay names its own keys in its frame; the pane's keys under
        // it do nothing now, so the status line keeps only the way to help.
        if let Some(overlay) = &self.overlay {
            let context = match overlay {
                Overlay::Crisis(_) => None,
                Overlay::Urge(..) => Some(Context::Editor),
                Overlay::Help { .. } | Overlay::ReachOut(_) => Some(Context::Global),
                Overlay::Data(_) | Overlay::ConfirmQuit { .. } | Overlay::UsedOffer(_) => {
                    Some(Context::Popup)
                }
            };
            if let Some(context) = context {
                right.push((k.label(context, Action::Crisis), "crisis"));
            }
            right.retain(|(key, _): &Hint| !key.is_empty());
            return (left, right);
        }
        let own = pane.hints(k);
        match pane.mode() {
            _ if own.is_some() => {
                left = own.unwrap_or_default();
                let context = match pane.mode() {
                    Mode::Normal => Context::Global,
                    Mode::Text => Context::Editor,
                    Mode::Popup => Context::Popup,
                };
                right.push((k.label(context, Action::Crisis), "crisis"));
                if context == Context::Global {
                    right.push((k.label(Context::Global, Action::Help), "help"));
                    right.push((k.label(Context::Global, Action::Quit), "quit"));
                }
            }
            Mode::Normal => {
                for (action, what) in pane.help() {
                    left.push((k.label(Context::List, action), what));
                }
                right.push((k.label(Context::Global, Action::Urge), "urge"));
                right.push((k.label(Context::Global, Action::Crisis), "crisis"));
                right.push((k.label(Context::Global, Action::Help), "help"));
                right.push((k.label(Context::Global, Action::Quit), "quit"));
            }
            Mode::Text => {
                left.push((k.label(Context::Editor, Action::Save), "save"));
                left.push((k.label(Context::Editor, Action::Cancel), "cancel"));
                left.push((k.label(Context::Editor, Action::NextField), "next field"));
                if pane.external_editor() {
                    left.push((k.label(Context::Editor, Action::ExternalEditor), "$EDITOR"));
                }
                right.push((k.label(Context::Editor, Action::Crisis), "crisis"));
            }
            Mode::Popup => {
                left.push((k.label(Context::Popup, Action::Confirm), "yes"));
                left.push((k.label(Context::Popup, Action::Deny), "no"));
                right.push((k.label(Context::Popup, Action::Crisis), "crisis"));
            }
        }
        left.retain(|(key, _)| !key.is_empty());
        right.retain(|(key, _)| !key.is_empty());
        (left, right)
    }

    fn draw_status(&self, frame: &mut Frame, area: Rect) {
        let line = match &self.status {
            Some(s) if s.error => Line::styled(format!("✗ {}", s.text), self.theme.error),
            Some(s) => Line::styled(format!("✓ {}", s.text), self.theme.ok),
            None => {
                let (left, right) = self.hints();
                let spans_of = |items: &[Hint]| -> Vec<Span<'static>> {
                    let mut spans = Vec::new();
                    for (key, what) in items {
                        spans.push(Span::styled(key.clone(), self.theme.key));
                        spans.push(Span::styled(format!(" {what}  "), self.theme.dim));
                    }
                    spans
                };
                let right_spans = spans_of(&right);
                let right_w: usize = right_spans.iter().map(Span::width).sum();
                let room = (area.width as usize).saturating_sub(right_w);
                let mut spans = Vec::new();
                let mut used = 0;
                let mut seen = std::collections::HashSet::new();
                for (key, what) in &left {
                    // One hint per description: `j/↓ next` once, not twice.
                    if !seen.insert(*what) {
                        continue;
                    }
                    let w = key.chars().count() + what.chars().count() + 3;
                    if used + w > room {
                        break;
                    }
                    used += w;
                    spans.extend(spans_of(&[(key.clone(), what)]));
                }
                spans.push(Span::raw(" ".repeat(room - used)));
                spans.extend(right_spans);
                Line::from(spans)
            }
        };
        frame.render_widget(Paragraph::new(line), area);
    }

    /// The help overlay's lines: every key of the current pane and the global,
    /// editor and popup keys, all read from the key map.
    pub fn help_lines(&self) -> Vec<Line<'static>> {
        let k = &self.keys;
        let pane = &self.panes[self.tab];
        let mut lines = Vec::new();
        let section =
            |title: String, rows: Vec<(String, String)>, lines: &mut Vec<Line<'static>>| {
                lines.push(Line::styled(title, self.theme.title));
                for (key, what) in rows.into_iter().filter(|(key, _)| !key.is_empty()) {
                    lines.push(Line::from(vec![
                        Span::styled(format!("  {key:<14}"), self.theme.key),
                        Span::raw(what),
                    ]));
                }
                lines.push(Line::from(""));
            };
        // Each row: the keys bound in that context and the action's own
        // one-line description (the pane's rows say what they do there).
        let rows = |context: Context, actions: &[Action]| -> Vec<(String, String)> {
            actions
                .iter()
                .map(|a| (k.label(context, *a), a.description()))
                .collect()
        };
        let mut global = rows(Context::Global, &[Action::NextTab, Action::PrevTab]);
        global.push((
            (0..self.panes.len())
                .map(|n| k.label(Context::Global, Action::GoTab(n)))
                .collect::<Vec<_>>()
                .join(" "),
            self.panes
                .iter()
                .map(|p| p.title())
                .collect::<Vec<_>>()
                .join(", "),
        ));
        global.extend(rows(
            Context::Global,
            &[Action::Help, Action::Crisis, Action::Urge],
        ));
        global.extend(rows(Context::List, &[Action::Data]));
        global.extend(rows(Context::Global, &[Action::Quit]));
        section("Everywhere".into(), global, &mut lines);
        let pane_rows = pane
            .help()
            .into_iter()
            .map(|(a, what)| (k.label(Context::List, a), what.to_string()))
            .collect();
        section(format!("{} pane", pane.title()), pane_rows, &mut lines);
        let editor = rows(
            Context::Editor,
            &[
                Action::Save,
                Action::Cancel,
                Action::NextField,
                Action::PrevField,
                Action::ExternalEditor,
                Action::Crisis,
            ],
        );
        section("In editors and forms".into(), editor, &mut lines);
        let popup = rows(
            Context::Popup,
            &[
                Action::Confirm,
                Action::Open,
                Action::Deny,
                Action::Down,
                Action::Up,
            ],
        );
        section("In questions and lists".into(), popup, &mut lines);
        lines.push(Line::styled(
            "Ctrl-C quits at once (a draft is kept; it asks when none can be).",
            self.theme.dim,
        ));
        lines
    }

    fn draw_help(&self, frame: &mut Frame, area: Rect, scroll: u16) {
        let lines = self.help_lines();
        let rect = centered(area, 64, area.height.saturating_sub(2).max(8));
        frame.render_widget(Clear, rect);
        frame.render_widget(
            Paragraph::new(lines).scroll((scroll, 0)).block(
                popup_block(" Keys ", &self.theme).title_bottom(Line::styled(
                    format!(
                        " {}/{} scroll · any other key closes ",
                        self.keys.label(Context::Popup, Action::Down),
                        self.keys.label(Context::Popup, Action::Up)
                    ),
                    self.theme.dim,
                )),
            ),
            rect,
        );
    }
}

/// Compares secrets without stopping at the first difference.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A frame that says "nothing here yet", kindly.
pub use super::component::empty_state;
