//! Shared TUI components: the mechanics every pane needs, written once.
//!
//! A pane is its state, its `draw` and its store calls; everything else
//! comes from here:
//!
//! - [`ListCursor`]: selection, scroll offset, paging and the row under a
//!   mouse click for any list.
//! - [`Confirm`]: a yes/no question carrying what it is about. Its default
//!   answer is "no": Enter (the popup's `open` key) never confirms a
//!   destructive action.
//! - [`LineInput`]: one line of text with a cursor (search boxes, notes,
//!   the passphrase).
//! - [`Form`] and [`FormPopup`]: labelled fields (single-line, tall and
//!   wrapping, or a picker for a closed set) in a popup, with the discard
//!   rule: Esc on changed text asks before anything is thrown away.
//! - [`Picker`]: choose one of a closed set from a popup list (a letter
//!   per item, or typing to narrow).
//! - [`empty_state`]: the kind "nothing here yet" frame.
//! - [`Layer`]: the one mode stack (browse, a form, a question) with
//!   `mode()`, `paste()`, `input()`, `update()` and `hints(&KeyMap)`, so
//!   Esc and Enter behave alike in every pane.
//!
//! The smallest pane shows how they fit: keep a `ListCursor` and a
//! `Layer<FormKind, Target>`; in `Pane::update` hand the action to
//! [`Layer::update`] first and act on its [`Outcome`] (browse keys, a
//! submitted form, a confirmed question); in `Pane::draw` draw the list,
//! then `layer.draw(..)`; `mode`, `paste`, `input`, `unsaved` and `hints`
//! forward to the layer.

pub mod confirm;
pub mod empty;
pub mod form;
pub mod form_popup;
pub mod layer;
pub mod line_input;
pub mod list_cursor;
pub mod picker;

pub use confirm::Confirm;
pub use empty::empty_state;
pub use form::{Field, Form};
pub use form_popup::{FormEvent, FormPopup};
pub use layer::{Layer, Outcome};
pub use line_input::LineInput;
pub use list_cursor::ListCursor;
pub use picker::{Item, Pick, Picker};

/// Whether a component used an action or key; `No` lets the caller route
/// it on (to the pane's own browse keys, say).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handled {
    Yes,
    No,
}

impl Handled {
    pub fn yes(self) -> bool {
        self == Handled::Yes
    }
}

/// A key hint: the key's label from the key map and what it does.
pub type Hint = (String, &'static str);

/// Resolves `(context, action, what)` triples against the key map,
/// dropping actions bound to no key, so a hint never names a dead key.
pub fn hints(
    keys: &crate::tui::keys::KeyMap,
    items: &[(
        crate::tui::keys::Context,
        crate::tui::keys::Action,
        &'static str,
    )],
) -> Vec<Hint> {
    items
        .iter()
        .map(|(c, a, what)| (keys.label(*c, *a), *what))
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

/// Hints joined for a foot line: `Ctrl-S save · Esc cancel`.
pub fn hint_line(hints: &[Hint]) -> String {
    hints
        .iter()
        .map(|(k, what)| format!("{k} {what}"))
        .collect::<Vec<_>>()
        .join(" · ")
}
