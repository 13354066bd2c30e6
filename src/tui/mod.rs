//! The terminal front end: set-up and restore, the event loop, and the panes.
//!
//! Flow: terminal event → key map → [`keys::Action`] → [`App::update`] →
//! [`App::draw`]. The loop waits for input, a pane's own deadline (the draft
//! save), the midnight roll-over, or at most [`REFRESH`], when it looks
//! whether another process changed the journal ([`App::refresh_if_changed`]).

pub mod app;
pub mod component;
pub use crate::{external, keys};
pub mod overlay;
pub mod pane;
pub mod theme;
pub mod widgets;

use std::io::stdout;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use chrono::{Local, TimeDelta};
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind,
};
use ratatui::crossterm::execute;

use self::overlay::lock::{LockKey, LockScreen};
pub use app::App;

use crate::config::{Config, current_day};
use crate::store::{Store, crypt};

/// Opens the TUI on the database at `path` until the user quits or a signal
/// arrives. `passphrase` came from the environment; when the file is
/// encrypted and none came, the lock screen asks for it.
pub fn run(path: &Path, passphrase: Option<String>, config: Config) -> Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    watch_signals(stop.clone())?;
    // `$EDITOR` temp files a killed mend left behind hold plaintext.
    external::clean_stale_temp_files();
    let ask = passphrase.is_none() && crypt::is_encrypted(path);
    let opened = if ask {
        None
    } else {
        Some(Store::open_with(path, passphrase.as_deref())?)
    };
    let mouse = config.mouse;
    let mut terminal = enter(mouse)?;
    let (store, passphrase) = match opened {
        Some(store) => (store, passphrase),
        None => match unlock(&mut terminal, path, &config, &stop)? {
            Some(pair) => pair,
            None => {
                leave();
                return Ok(());
            }
        },
    };
    let today = current_day(&config);
    let mut app = App::new(store, config, today)?;
    app.set_passphrase(passphrase);
    app.start_daily_work();
    // Sync on start and on quit when a sync folder is set (DESIGN.md §8.5).
    let syncing = app.store.sync_self().is_ok_and(|s| s.folder.is_some());
    let sync_key = app.store.passphrase().map(str::to_string);
    if syncing {
        let (sync_path, key) = (path.to_path_buf(), sync_key.clone());
        app.watch_sync(std::thread::spawn(move || {
            crate::sync::sync_db(&sync_path, key.as_deref())
        }));
    }
    let result = event_loop(&mut terminal, &mut app, &stop, mouse);
    app.flush();
    app.wait_for_job();
    app.wait_for_sync();
    leave();
    // And once more on the way out, the screen already restored.
    if syncing && let Some(line) = crate::sync::sync_db(path, sync_key.as_deref()) {
        eprintln!("mend: {line}");
    }
    result
}

/// The start-up lock screen: asks for the passphrase until the database
/// opens, or the user leaves (`None`). A wrong passphrase changes nothing.
fn unlock(
    terminal: &mut DefaultTerminal,
    path: &Path,
    config: &Config,
    stop: &AtomicBool,
) -> Result<Option<(Store, Option<String>)>> {
    let theme = theme::Theme::from_config(config);
    let keys = keys::KeyMap::from_config(&config.keys).unwrap_or_default();
    let crisis_label = keys.label(keys::Context::Editor, keys::Action::Crisis);
    let mut screen = LockScreen::new(true);
    // The crisis screen over the lock: helplines always, the plan's coping
    // steps only when the config allows it (from the copy beside the file).
    let mut crisis: Option<overlay::crisis::Crisis> = None;
    loop {
        terminal.draw(|f| {
            screen.draw(f, f.area(), &theme, &crisis_label);
            if let Some(c) = &crisis {
                c.draw(f, f.area(), &theme, &keys);
            }
            theme.finish(f.buffer_mut());
        })?;
        if stop.load(Ordering::SeqCst) {
            return Ok(None);
        }
        let typed = match event::read()? {
            Event::Key(key) if key.kind != KeyEventKind::Release && crisis.is_some() => {
                let close = keys.lookup(keys::Context::Popup, &key) == Some(keys::Action::Deny)
                    || keys.lookup(keys::Context::Global, &key) == Some(keys::Action::Quit);
                if close {
                    crisis = None;
                } else if let Some(c) = crisis.as_mut() {
                    let _ = c.key(key, &keys, None, current_day(config));
                }
                continue;
            }
            Event::Key(key)
                if key.kind != KeyEventKind::Release
                    && keys.lookup(keys::Context::Editor, &key) == Some(keys::Action::Crisis) =>
            {
                let plan = config
                    .crisis_when_locked
                    .then(|| crate::store::plan::read_locked_copy(path))
                    .flatten();
                crisis = Some(overlay::crisis::Crisis::locked(
                    config,
                    current_day(config),
                    plan,
                ));
                continue;
            }
            Event::Key(key) if key.kind != KeyEventKind::Release => match screen.key(key) {
                LockKey::Typing => continue,
                LockKey::Leave => return Ok(None),
                LockKey::Submit(p) => p,
            },
            Event::Paste(text) => {
                screen.paste(&text);
                continue;
            }
            _ => continue,
        };
        match Store::open_with(path, Some(&typed)) {
            Ok(store) => return Ok(Some((store, Some(typed)))),
            Err(crate::store::Error::WrongPassphrase(_)) => {
                screen.error = Some("Wrong passphrase. Try again.".into());
            }
            Err(e) => screen.error = Some(e.to_string()),
        }
    }
}

fn enter(mouse: bool) -> Result<DefaultTerminal> {
    let terminal = ratatui::try_init().context("cannot set up the terminal")?;
    execute!(stdout(), EnableBracketedPaste)?;
    if mouse {
        execute!(stdout(), EnableMouseCapture)?;
    }
    Ok(terminal)
}

fn leave() {
    let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
}

/// SIGTERM, SIGHUP, SIGINT and SIGQUIT set `stop`, then wake the event loop by raising
/// SIGWINCH, which crossterm turns into a resize event; the loop saves the
/// draft, restores the terminal and exits.
///
/// When the terminal itself has gone (SIGHUP after a closed window),
/// crossterm's reader spins on the dead descriptor (a read of 0 bytes) and
/// never returns; on SIGHUP standard input is therefore replaced by a pipe
/// holding one harmless "focus gained" report, so the loop wakes, saves the
/// draft and exits. A watchdog still ends the process if the loop has not
/// exited within two seconds.
fn watch_signals(stop: Arc<AtomicBool>) -> Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGWINCH};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])
        .context("cannot watch signals")?;
    std::thread::Builder::new()
        .name("mend-signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                stop.store(true, Ordering::SeqCst);
                if signal == SIGHUP {
                    wake_reader_on_dead_terminal();
                }
                let _ = signal_hook::low_level::raise(SIGWINCH);
                std::thread::sleep(Duration::from_secs(2));
                // Still here: the loop is stuck or `$EDITOR` is open.
                external::remove_active_temp_file();
                let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
                ratatui::restore();
                std::process::exit(128 + signal);
            }
        })
        .context("cannot watch signals")?;
    Ok(())
}

/// Puts a pipe holding `ESC [ I` (a focus report the app ignores) where the
/// dead terminal was on standard input, so a reader stuck on it gets one
/// event and returns.
fn wake_reader_on_dead_terminal() {
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: plain descriptor calls on descriptors this function owns; fd 0
    // is replaced only after the terminal behind it has hung up.
    unsafe {
        if libc::pipe(fds.as_mut_ptr()) != 0 {
            return;
        }
        let wake = b"\x1b[I";
        libc::write(fds[1], wake.as_ptr().cast(), wake.len());
        libc::dup2(fds[0], libc::STDIN_FILENO);
        libc::close(fds[0]);
    }
}

/// How often an idle window looks for another process's writes.
pub const REFRESH: Duration = Duration::from_secs(1);

/// How long until the day changes (capped, so a suspended laptop catches up
/// within a minute of waking).
fn until_rollover(config: &Config) -> Duration {
    let now = Local::now().naive_local();
    let start = now.date().and_hms_opt(config.day_start_hour.min(23), 0, 0);
    let next = match start {
        Some(s) if s > now => s,
        Some(s) => s + TimeDelta::days(1),
        None => now + TimeDelta::hours(1),
    };
    let wait = (next - now).to_std().unwrap_or(Duration::ZERO);
    wait.min(Duration::from_secs(60)) + Duration::from_millis(5)
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    stop: &AtomicBool,
    mouse: bool,
) -> Result<()> {
    loop {
        terminal.draw(|frame| app.draw(frame))?;
        if app.should_quit() || stop.load(Ordering::SeqCst) {
            return Ok(());
        }
        if let Some(text) = app.take_pending_editor() {
            leave();
            let edited = external::edit_text(&text);
            *terminal = enter(mouse)?;
            terminal.clear()?;
            match edited {
                Ok(text) => app.external_edit_done(Some(text)),
                Err(e) => {
                    app.external_edit_done(None);
                    app.show_error(format!("{e:#}"));
                }
            }
            continue;
        }
        let now = Instant::now();
        let rollover = now + until_rollover(&app.config);
        let deadline = app
            .deadline()
            .map_or(rollover, |d| d.min(rollover))
            .min(now + REFRESH);
        if event::poll(deadline.saturating_duration_since(now))? {
            let ev = event::read()?;
            app.handle_event(&ev);
        }
        app.tick(Instant::now());
        let today = current_day(&app.config);
        app.set_today(today);
        if stop.load(Ordering::SeqCst) {
            return Ok(());
        }
    }
}
