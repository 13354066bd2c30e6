//! [`Layer`]: the one mode stack of a pane. Browsing, a form on top, or a
//! question on top; it answers `mode()`, `unsaved()`, `paste()`,
//! `input()`, `hints(&KeyMap)` and `draw()` once for every pane.
//!
//! In `Pane::update`:
//! ```ignore
//! match self.layer.update(action, ctx) {
//!     Outcome::Browse => self.browse(action, ctx)?,   // the pane's own keys
//!     Outcome::Handled => {}
//!     Outcome::Submit(kind) => self.save(kind, ctx)?, // then layer.close() or layer.fail(msg)
//!     Outcome::Confirmed(target) => self.delete(target, ctx)?,
//!     Outcome::Cancelled(_) => {}
//! }
//! ```
//! and in `Pane::input` the same with `self.layer.input(key)` (Enter on a
//! form's last field submits):
//! ```ignore
//! if let Outcome::Submit(kind) = self.layer.input(key) {
//!     self.save(kind, ctx)?;
//! }
//! ```
//! Esc on a changed form asks before discarding, and Enter never confirms
//! a destructive question: see [`super::FormPopup`] and [`super::Confirm`].

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::{Confirm, Form, FormEvent, FormPopup, Handled, Hint, Pick, Picker};
use crate::tui::keys::{Action, KeyMap};
use crate::tui::pane::{Ctx, Effect, Mode};
use crate::tui::theme::Theme;

/// What is on top of a pane.
#[derive(Default)]
pub enum Layer<K, C> {
    /// Nothing: the pane's own keys apply.
    #[default]
    Browse,
    /// A form being filled in.
    Form(FormPopup<K>),
    /// A question about a `C` (what to delete, say).
    Confirm(Confirm<C>),
    /// A list to choose a `C` from.
    Pick(Picker<C>),
}

/// What the pane does after [`Layer::update`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome<K, C> {
    /// Nothing is on top: the action is the pane's.
    Browse,
    /// The layer used the action.
    Handled,
    /// The form for `K` was submitted: read it with [`Layer::form`], then
    /// [`Layer::close`] or [`Layer::fail`].
    Submit(K),
    /// The question about `C` was answered yes, or `C` was picked (the
    /// layer is closed).
    Confirmed(C),
    /// The form for `K` was closed without saving (nothing changed).
    Cancelled(K),
}

/// What a pane's default `mode`, `unsaved`, `hints`, `paste` and
/// `external_edit_done` need of its [`Layer`], whatever its kinds: a pane
/// that hands its layer out through `Pane::layer`/`Pane::layer_mut` writes
/// none of those five.
pub trait LayerState {
    fn mode(&self) -> Mode;
    fn unsaved(&self) -> bool;
    fn hints(&self, keys: &KeyMap) -> Option<Vec<Hint>>;
    fn paste(&mut self, text: &str);
    fn external_edit_done(&mut self, text: Option<String>);
}

impl<K: Clone, C: Clone> LayerState for Layer<K, C> {
    fn mode(&self) -> Mode {
        Layer::mode(self)
    }
    fn unsaved(&self) -> bool {
        Layer::unsaved(self)
    }
    fn hints(&self, keys: &KeyMap) -> Option<Vec<Hint>> {
        Layer::hints(self, keys)
    }
    fn paste(&mut self, text: &str) {
        Layer::paste(self, text);
    }
    fn external_edit_done(&mut self, text: Option<String>) {
        Layer::external_edit_done(self, text);
    }
}

impl<K: Clone, C: Clone> Layer<K, C> {
    /// Opens a form for `kind`.
    pub fn open(&mut self, kind: K, form: Form) {
        *self = Layer::Form(FormPopup::new(kind, form));
    }

    /// Opens a prepared form popup (to set its discard question, say).
    pub fn open_popup(&mut self, popup: FormPopup<K>) {
        *self = Layer::Form(popup);
    }

    /// Asks `question` about `payload`; the default answer is no.
    pub fn ask(&mut self, question: impl Into<String>, payload: C) {
        *self = Layer::Confirm(Confirm::new(question, payload));
    }

    /// Shows a list to choose from.
    pub fn pick(&mut self, picker: Picker<C>) {
        *self = Layer::Pick(picker);
    }

    /// Back to browsing.
    pub fn close(&mut self) {
        *self = Layer::Browse;
    }

    pub fn browsing(&self) -> bool {
        matches!(self, Layer::Browse)
    }

    /// The open form's kind.
    pub fn kind(&self) -> Option<&K> {
        match self {
            Layer::Form(p) => Some(&p.kind),
            _ => None,
        }
    }

    /// The open form.
    pub fn form(&self) -> Option<&Form> {
        match self {
            Layer::Form(p) => Some(&p.form),
            _ => None,
        }
    }

    pub fn form_mut(&mut self) -> Option<&mut Form> {
        match self {
            Layer::Form(p) => Some(&mut p.form),
            _ => None,
        }
    }

    /// Shows why the open form cannot be saved.
    pub fn fail(&mut self, msg: impl Into<String>) {
        if let Layer::Form(p) = self {
            p.fail(msg);
        }
    }

    /// Routes an action: to the form, to the question, or back to the
    /// pane ([`Outcome::Browse`]).
    pub fn update(&mut self, action: Action, ctx: &mut Ctx) -> Outcome<K, C> {
        match self {
            Layer::Browse => Outcome::Browse,
            Layer::Form(p) => match p.update(action) {
                FormEvent::Stay => Outcome::Handled,
                FormEvent::Submit => Outcome::Submit(p.kind.clone()),
                FormEvent::Close => {
                    let kind = p.kind.clone();
                    self.close();
                    Outcome::Cancelled(kind)
                }
                FormEvent::ExternalEditor(text) => {
                    ctx.effect(Effect::ExternalEditor(text));
                    Outcome::Handled
                }
            },
            Layer::Confirm(q) => match q.decide(action) {
                Some(true) => match std::mem::take(self) {
                    Layer::Confirm(q) => Outcome::Confirmed(q.payload),
                    _ => Outcome::Handled,
                },
                Some(false) => {
                    self.close();
                    Outcome::Handled
                }
                None => Outcome::Handled,
            },
            Layer::Pick(p) => {
                let pick = p.update(action);
                self.picked(pick)
            }
        }
    }

    fn picked(&mut self, pick: Pick<C>) -> Outcome<K, C> {
        match pick {
            Pick::Stay => Outcome::Handled,
            Pick::Chosen(v) => {
                self.close();
                Outcome::Confirmed(v)
            }
            Pick::Closed => {
                self.close();
                Outcome::Handled
            }
        }
    }

    /// A key no binding claimed: typing into the form; Enter on its last
    /// field submits. [`Outcome::Browse`] while browsing.
    pub fn input(&mut self, key: KeyEvent) -> Outcome<K, C> {
        match self {
            Layer::Browse => Outcome::Browse,
            Layer::Form(p) => match p.input(key) {
                FormEvent::Submit => Outcome::Submit(p.kind.clone()),
                _ => Outcome::Handled,
            },
            Layer::Confirm(_) => Outcome::Handled,
            Layer::Pick(p) => {
                let pick = p.input(key);
                self.picked(pick)
            }
        }
    }

    /// Pasted text: into the form. `No` while browsing.
    pub fn paste(&mut self, text: &str) -> Handled {
        match self {
            Layer::Form(p) => {
                p.paste(text);
                Handled::Yes
            }
            Layer::Confirm(_) => Handled::Yes,
            Layer::Pick(p) => {
                p.paste(text);
                Handled::Yes
            }
            Layer::Browse => Handled::No,
        }
    }

    /// The text back from `$EDITOR`.
    pub fn external_edit_done(&mut self, text: Option<String>) {
        if let Layer::Form(p) = self {
            p.external_edit_done(text);
        }
    }

    /// How keys are routed: Normal while browsing.
    pub fn mode(&self) -> Mode {
        match self {
            Layer::Browse => Mode::Normal,
            Layer::Form(p) => p.mode(),
            Layer::Confirm(_) => Mode::Popup,
            Layer::Pick(p) => p.mode(),
        }
    }

    /// Whether closing now would lose typing.
    pub fn unsaved(&self) -> bool {
        matches!(self, Layer::Form(p) if p.unsaved())
    }

    /// The status-line hints while something is on top (`None` while
    /// browsing: the pane's own list keys show).
    pub fn hints(&self, keys: &KeyMap) -> Option<Vec<Hint>> {
        match self {
            Layer::Browse => None,
            Layer::Form(p) => Some(p.hints(keys)),
            Layer::Confirm(q) => Some(q.hints(keys)),
            Layer::Pick(p) => Some(p.hints(keys)),
        }
    }

    /// Draws what is on top, over the pane.
    pub fn draw(&mut self, frame: &mut Frame, area: Rect, theme: &Theme, keys: &KeyMap) {
        match self {
            Layer::Browse => {}
            Layer::Form(p) => p.draw(frame, area, theme, keys),
            Layer::Confirm(q) => q.draw(frame, area, theme, keys),
            Layer::Pick(p) => p.draw(frame, area, theme, keys),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::store::Store;
    use chrono::NaiveDate;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Kind {
        Add,
    }

    fn with_ctx<T>(f: impl FnOnce(&mut Ctx) -> T) -> (T, Vec<Effect>) {
        let mut store = Store::open_in_memory().unwrap();
        let config = Config::default();
        let keys = KeyMap::default();
        let mut effects = Vec::new();
        let mut ctx = Ctx {
            store: &mut store,
            today: NaiveDate::from_ymd_opt(2026, 3, 15).unwrap(),
            config: &config,
            keys: &keys,
            effects: &mut effects,
        };
        let out = f(&mut ctx);
        (out, effects)
    }

    #[test]
    fn browse_hands_actions_back_to_the_pane() {
        let mut l: Layer<Kind, i64> = Layer::default();
        let (out, _) = with_ctx(|ctx| l.update(Action::Down, ctx));
        assert_eq!(out, Outcome::Browse);
        assert_eq!(l.mode(), Mode::Normal);
        assert!(l.hints(&KeyMap::default()).is_none());
        let k = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
        assert_eq!(l.input(k), Outcome::Browse);
    }

    #[test]
    fn a_question_defaults_to_no_and_yes_hands_back_its_payload() {
        let mut l: Layer<Kind, i64> = Layer::default();
        l.ask("Delete Sam?", 42);
        assert_eq!(l.mode(), Mode::Popup);
        let (out, _) = with_ctx(|ctx| l.update(Action::Open, ctx));
        assert_eq!(out, Outcome::Handled);
        assert!(l.browsing(), "Enter said no");
        l.ask("Delete Sam?", 42);
        let (out, _) = with_ctx(|ctx| l.update(Action::Down, ctx));
        assert_eq!(out, Outcome::Handled);
        assert!(!l.browsing());
        let (out, _) = with_ctx(|ctx| l.update(Action::Confirm, ctx));
        assert_eq!(out, Outcome::Confirmed(42));
        assert!(l.browsing());
    }

    #[test]
    fn a_form_submits_types_and_asks_before_discarding() {
        let mut l: Layer<Kind, i64> = Layer::default();
        l.open(Kind::Add, Form::new("New", &[("Name", "", "")]));
        assert_eq!(l.mode(), Mode::Text);
        l.input(KeyEvent::new(KeyCode::Char('S'), KeyModifiers::NONE));
        assert!(l.paste("am").yes());
        assert!(l.unsaved());
        let (out, _) = with_ctx(|ctx| l.update(Action::Save, ctx));
        assert_eq!(out, Outcome::Submit(Kind::Add));
        assert_eq!(l.form().unwrap().value(0), "Sam");
        l.fail("Name: in use");
        assert_eq!(l.form().unwrap().error.as_deref(), Some("Name: in use"));
        let (_, effects) = with_ctx(|ctx| l.update(Action::ExternalEditor, ctx));
        assert_eq!(effects, vec![Effect::ExternalEditor("Sam".into())]);
        with_ctx(|ctx| l.update(Action::Cancel, ctx));
        assert_eq!(l.mode(), Mode::Popup, "asks before discarding");
        let (out, _) = with_ctx(|ctx| l.update(Action::Confirm, ctx));
        assert_eq!(out, Outcome::Cancelled(Kind::Add));
        assert!(l.browsing());
        assert!(!l.unsaved());
    }
}
