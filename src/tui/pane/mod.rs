//! The contract between the app shell and each pane, and the panes.
//!
//! A pane is its state, its `draw` and its store calls; the mechanics
//! (list cursor, forms, questions, the mode stack) come from
//! [`super::component`].

pub mod amends;
pub mod contacts;
pub mod due;
pub mod insights;
pub mod journal;
pub mod plan;
pub mod relationship;
pub mod rhythm;
pub mod steps;
pub mod templates;
pub mod today;
pub mod urge_insights;

use std::time::Instant;

use anyhow::Result;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use crate::config::Config;
use crate::store::Store;
use crate::tui::component::layer::LayerState;
use crate::tui::keys::{Action, KeyMap};
use crate::tui::theme::Theme;

/// How a pane wants keys routed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Browsing: global keys, then list keys.
    Normal,
    /// Typing into an editor or form: editor keys, the rest is text.
    Text,
    /// A question or picker on top of the pane: popup keys, the rest to the
    /// pane's `input`.
    Popup,
}

/// Something a pane asks the shell to do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// A short message on the status line.
    Info(String),
    /// An error on the status line; the app goes on.
    Error(String),
    /// Open the crisis screen.
    Crisis,
    /// Suspend the terminal and edit this text in `$EDITOR`; the result comes
    /// back through [`Pane::external_edit_done`].
    ExternalEditor(String),
    /// Show another pane (0 Today, 1 Journal, 2 Amends, 3 Contacts).
    SwitchTab(usize),
    /// Data other panes show has changed: reload them all.
    ReloadAll,
    /// A journal entry was saved with a craving of 7 or more: offer to
    /// reach out.
    HighCraving,
}

/// What a pane may use while it updates.
pub struct Ctx<'a> {
    pub store: &'a mut Store,
    pub today: NaiveDate,
    pub config: &'a Config,
    pub keys: &'a KeyMap,
    pub effects: &'a mut Vec<Effect>,
}

impl Ctx<'_> {
    pub fn info(&mut self, msg: impl Into<String>) {
        self.effects.push(Effect::Info(msg.into()));
    }

    pub fn error(&mut self, msg: impl Into<String>) {
        self.effects.push(Effect::Error(msg.into()));
    }

    pub fn effect(&mut self, effect: Effect) {
        self.effects.push(effect);
    }
}

/// What a pane may read while it draws. Drawing never touches the store.
pub struct View<'a> {
    pub today: NaiveDate,
    pub config: &'a Config,
    pub keys: &'a KeyMap,
    pub theme: &'a Theme,
}

/// One tab of the app.
pub trait Pane {
    /// The tab title.
    fn title(&self) -> &'static str;

    /// (Re)reads what the pane shows from the store.
    fn load(&mut self, ctx: &mut Ctx) -> Result<()>;

    /// Applies an action the key map produced for this pane.
    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Result<()>;

    /// A key no binding claimed: text for an editor, a choice in a picker.
    fn input(&mut self, _key: KeyEvent, _ctx: &mut Ctx) -> Result<()> {
        Ok(())
    }

    /// The pane's [`crate::tui::component::Layer`], if it is built on one:
    /// the defaults of `paste`, `mode`, `unsaved`, `hints` and
    /// `external_edit_done` then go to it.
    fn layer(&self) -> Option<&dyn LayerState> {
        None
    }

    /// [`Pane::layer`], to change it.
    fn layer_mut(&mut self) -> Option<&mut dyn LayerState> {
        None
    }

    /// Bracketed paste, delivered as one event.
    fn paste(&mut self, text: &str, _ctx: &mut Ctx) -> Result<()> {
        if let Some(layer) = self.layer_mut() {
            layer.paste(text);
        }
        Ok(())
    }

    /// How keys are routed right now.
    fn mode(&self) -> Mode {
        self.layer().map_or(Mode::Normal, |l| l.mode())
    }

    /// Whether this pane's editors open their text in `$EDITOR` (so the
    /// status line offers it only where it works).
    fn external_editor(&self) -> bool {
        false
    }

    /// Whether quitting now would lose typing.
    fn unsaved(&self) -> bool {
        self.layer().is_some_and(|l| l.unsaved())
    }

    /// Whether quitting now would lose typing for good: typing that is
    /// neither saved nor kept in a draft (a pane without drafts: any
    /// unsaved typing).
    fn at_risk(&self) -> bool {
        self.unsaved()
    }

    /// Draws the pane into `area`.
    fn draw(&mut self, frame: &mut Frame, area: Rect, view: &View);

    /// The list keys this pane answers, with what they do here; the help
    /// overlay and the status line show them with their bound keys.
    fn help(&self) -> Vec<(Action, &'static str)>;

    /// The status-line hints while something is on top of the pane (a
    /// form, a question, a search box), built from the key map; `None`
    /// shows the usual ones for [`Pane::mode`]. Panes built on
    /// [`crate::tui::component::Layer`] get the layer's by default.
    fn hints(&self, keys: &KeyMap) -> Option<Vec<crate::tui::component::Hint>> {
        self.layer().and_then(|l| l.hints(keys))
    }

    /// When the pane next wants [`Pane::tick`] (e.g. to save a draft).
    fn deadline(&self) -> Option<Instant> {
        None
    }

    /// Time-driven work, such as writing the draft.
    fn tick(&mut self, _ctx: &mut Ctx) -> Result<()> {
        Ok(())
    }

    /// Save anything in flight (the draft) before the process exits.
    fn flush(&mut self, _ctx: &mut Ctx) -> Result<()> {
        Ok(())
    }

    /// A left click at terminal cell (`x`, `y`), inside the area last drawn.
    /// Panes that remember where their rows were drawn select the row.
    fn click(&mut self, _x: u16, _y: u16, _ctx: &mut Ctx) -> Result<()> {
        Ok(())
    }

    /// The text back from `$EDITOR` (`None` when the editor failed).
    fn external_edit_done(&mut self, text: Option<String>, _ctx: &mut Ctx) -> Result<()> {
        if let Some(layer) = self.layer_mut() {
            layer.external_edit_done(text);
        }
        Ok(())
    }
}
