//! [`FormPopup`]: a [`Form`] with what it is for (`kind`), the editor keys
//! and the discard rule.
//!
//! `save`, or Enter on the last field, submits (the pane reads the form, then closes it or shows an
//! error with [`FormPopup::fail`]); `cancel` closes an unchanged form at
//! once and asks "Discard what you typed?" of a changed one. That question
//! defaults to "no": Enter keeps the typing, only `confirm` (y) discards.
//! `next-field`/`prev-field` move between fields, `external-editor` opens
//! the focused text field in `$EDITOR`. The foot hints come from the key map.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

use super::{Confirm, Form, Hint, hint_line, hints};
use crate::tui::keys::{Action, Context, KeyMap};
use crate::tui::pane::Mode;
use crate::tui::theme::Theme;

/// What a form popup asks of its pane after an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormEvent {
    /// Nothing for the pane to do.
    Stay,
    /// `save`: read the form and store it.
    Submit,
    /// The form is closed (cancelled unchanged, or discard confirmed).
    Close,
    /// Open this text in `$EDITOR`; give the result to
    /// [`FormPopup::external_edit_done`].
    ExternalEditor(String),
}

/// A form being filled in, for `kind`.
pub struct FormPopup<K> {
    pub kind: K,
    pub form: Form,
    discard: Option<Confirm<()>>,
    question: String,
    external: bool,
}

impl<K> FormPopup<K> {
    /// A popup for `form`; `$EDITOR` is offered for its text fields.
    pub fn new(kind: K, form: Form) -> FormPopup<K> {
        FormPopup {
            kind,
            form,
            discard: None,
            question: "Discard what you typed?".into(),
            external: true,
        }
    }

    /// A popup that does not offer `$EDITOR`.
    #[must_use]
    pub fn without_external_editor(mut self) -> FormPopup<K> {
        self.external = false;
        self
    }

    /// The question asked before changed typing is thrown away.
    #[must_use]
    pub fn discard_question(mut self, question: impl Into<String>) -> FormPopup<K> {
        self.question = question.into();
        self
    }

    /// Whether the discard question is showing.
    pub fn asking(&self) -> bool {
        self.discard.is_some()
    }

    /// Shows why the form cannot be saved (one line) in its foot.
    pub fn fail(&mut self, msg: impl Into<String>) {
        let msg: String = msg.into();
        self.form.error = Some(crate::tui::widgets::clean(&msg).replace('\n', " "));
    }

    fn external_here(&self) -> bool {
        self.external && !self.form.fields[self.form.focus].picker()
    }

    /// Applies an action from the editor context (or the popup context
    /// while the discard question shows).
    pub fn update(&mut self, action: Action) -> FormEvent {
        if let Some(q) = &self.discard {
            match q.decide(action) {
                Some(true) => return FormEvent::Close,
                Some(false) => self.discard = None,
                None => {}
            }
            return FormEvent::Stay;
        }
        match action {
            Action::Save => return FormEvent::Submit,
            Action::Cancel if self.form.changed() => {
                self.discard = Some(Confirm::new(self.question.clone(), ()));
            }
            Action::Cancel => return FormEvent::Close,
            Action::NextField => self.form.next(),
            Action::PrevField => self.form.prev(),
            Action::ExternalEditor if self.external_here() => {
                return FormEvent::ExternalEditor(self.form.value(self.form.focus));
            }
            _ => {}
        }
        FormEvent::Stay
    }

    /// A key no binding claimed: typing (ignored while asking). Enter on
    /// the last field submits, as `save` does.
    pub fn input(&mut self, key: KeyEvent) -> FormEvent {
        if self.discard.is_some() {
            return FormEvent::Stay;
        }
        let last = self.form.focus + 1 == self.form.fields.len();
        if last && key.code == KeyCode::Enter && key.modifiers == KeyModifiers::NONE {
            return FormEvent::Submit;
        }
        self.form.error = None;
        self.form.input(key);
        FormEvent::Stay
    }

    /// Pasted text goes into the focused field.
    pub fn paste(&mut self, text: &str) {
        if self.discard.is_none() {
            self.form.paste(text);
        }
    }

    /// The text back from `$EDITOR` replaces the focused field's.
    pub fn external_edit_done(&mut self, text: Option<String>) {
        if let Some(text) = text {
            let focus = self.form.focus;
            self.form.set_value(focus, &text);
        }
    }

    /// Text while filling in; Popup while the discard question shows.
    pub fn mode(&self) -> Mode {
        if self.discard.is_some() {
            Mode::Popup
        } else {
            Mode::Text
        }
    }

    /// Whether closing now would lose typing.
    pub fn unsaved(&self) -> bool {
        self.form.changed()
    }

    /// The keys that work here, from the key map.
    pub fn hints(&self, keys: &KeyMap) -> Vec<Hint> {
        if let Some(q) = &self.discard {
            return q.hints(keys);
        }
        let mut items = vec![
            (Context::Editor, Action::Save, "save"),
            (Context::Editor, Action::Cancel, "cancel"),
        ];
        if self.form.fields.len() > 1 {
            items.push((Context::Editor, Action::NextField, "next field"));
        }
        if self.external_here() {
            items.push((Context::Editor, Action::ExternalEditor, "$EDITOR"));
        }
        hints(keys, &items)
    }

    /// Draws the form (and the discard question over it) in `area`.
    pub fn draw(&mut self, frame: &mut Frame, area: Rect, theme: &Theme, keys: &KeyMap) {
        let foot = hint_line(&hints(
            keys,
            &[
                (Context::Editor, Action::Save, "save"),
                (Context::Editor, Action::Cancel, "cancel"),
                (Context::Editor, Action::NextField, "next field"),
            ],
        ));
        self.form.draw(frame, area, theme, &foot);
        if let Some(q) = &self.discard {
            q.draw(frame, area, theme, keys);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn popup() -> FormPopup<u8> {
        FormPopup::new(1, Form::new("t", &[("Name", "", ""), ("Role", "", "")]))
    }

    fn typed(p: &mut FormPopup<u8>, s: &str) {
        for c in s.chars() {
            p.input(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
    }

    #[test]
    fn cancel_closes_an_unchanged_form_at_once() {
        let mut p = popup();
        assert_eq!(p.update(Action::Cancel), FormEvent::Close);
    }

    #[test]
    fn cancel_on_changed_text_asks_and_enter_keeps_the_typing() {
        let mut p = popup();
        typed(&mut p, "Sam");
        assert!(p.unsaved());
        assert_eq!(p.update(Action::Cancel), FormEvent::Stay);
        assert!(p.asking());
        assert_eq!(p.mode(), Mode::Popup);
        // Typing while asked goes nowhere.
        typed(&mut p, "x");
        // Enter (open) is the default answer: no.
        assert_eq!(p.update(Action::Open), FormEvent::Stay);
        assert!(!p.asking());
        assert_eq!(p.form.value(0), "Sam");
        assert_eq!(p.update(Action::Cancel), FormEvent::Stay);
        assert_eq!(p.update(Action::Deny), FormEvent::Stay);
        assert_eq!(p.form.value(0), "Sam");
        assert_eq!(p.update(Action::Cancel), FormEvent::Stay);
        assert_eq!(p.update(Action::Confirm), FormEvent::Close);
    }

    #[test]
    fn save_submits_and_fields_move() {
        let mut p = popup();
        p.update(Action::NextField);
        assert_eq!(p.form.focus, 1);
        p.update(Action::PrevField);
        assert_eq!(p.form.focus, 0);
        typed(&mut p, "Al");
        assert_eq!(
            p.update(Action::ExternalEditor),
            FormEvent::ExternalEditor("Al".into())
        );
        p.external_edit_done(Some("Alex\n".into()));
        assert_eq!(p.form.value(0), "Alex");
        assert_eq!(p.update(Action::Save), FormEvent::Submit);
        p.fail("Name: already\nused");
        assert_eq!(p.form.error.as_deref(), Some("Name: already used"));
    }

    #[test]
    fn enter_moves_on_and_submits_on_the_last_field() {
        let mut p = popup();
        let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(p.input(enter), FormEvent::Stay);
        assert_eq!(p.form.focus, 1);
        assert_eq!(p.input(enter), FormEvent::Submit);
    }

    #[test]
    fn hints_name_only_keys_that_work_here() {
        let keys = KeyMap::default();
        let p = popup().without_external_editor();
        let h = p.hints(&keys);
        assert!(h.iter().any(|(k, w)| k == "Ctrl-S" && *w == "save"));
        assert!(!h.iter().any(|(_, w)| *w == "$EDITOR"));
        let p = popup();
        assert!(p.hints(&keys).iter().any(|(_, w)| *w == "$EDITOR"));
        let mut p = popup();
        typed(&mut p, "x");
        p.update(Action::Cancel);
        let h = p.hints(&keys);
        assert!(h.iter().any(|(_, w)| *w == "yes"));
        assert!(!h.iter().any(|(_, w)| *w == "save"));
    }
}
