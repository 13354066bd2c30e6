//! The one `Action` vocabulary and the key map. The event loop, the status
//! line hints and the `?` help overlay all read [`KeyMap`], so the keys shown
//! can never drift from the keys that work.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Everything a key can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    // Global
    Quit,
    Help,
    Crisis,
    NextTab,
    PrevTab,
    GoTab(usize),
    // Lists
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    New,
    Edit,
    Delete,
    Search,
    Log,
    Reset,
    SetStatus,
    Filter,
    Data,
    Back,
    // Editors and forms
    Save,
    Cancel,
    ExternalEditor,
    NextField,
    PrevField,
    // Popups
    Confirm,
    Deny,
}

impl Action {
    /// The stable name used in the config file and the help overlay.
    pub fn name(self) -> String {
        match self {
            Action::Quit => "quit".into(),
            Action::Help => "help".into(),
            Action::Crisis => "crisis".into(),
            Action::NextTab => "next-tab".into(),
            Action::PrevTab => "prev-tab".into(),
            Action::GoTab(n) => format!("tab-{}", n + 1),
            Action::Up => "up".into(),
            Action::Down => "down".into(),
            Action::PageUp => "page-up".into(),
            Action::PageDown => "page-down".into(),
            Action::Top => "top".into(),
            Action::Bottom => "bottom".into(),
            Action::Open => "open".into(),
            Action::New => "new".into(),
            Action::Edit => "edit".into(),
            Action::Delete => "delete".into(),
            Action::Search => "search".into(),
            Action::Log => "log".into(),
            Action::Reset => "reset".into(),
            Action::SetStatus => "set-status".into(),
            Action::Filter => "filter".into(),
            Action::Data => "data".into(),
            Action::Back => "back".into(),
            Action::Save => "save".into(),
            Action::Cancel => "cancel".into(),
            Action::ExternalEditor => "external-editor".into(),
            Action::NextField => "next-field".into(),
            Action::PrevField => "prev-field".into(),
            Action::Confirm => "confirm".into(),
            Action::Deny => "deny".into(),
        }
    }
}

/// Where a key is pressed: keys mean different things in a list, an editor
/// and a popup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// Everywhere outside editors and popups.
    Global,
    /// A pane's list or view.
    List,
    /// Typing into an editor or a form: unbound keys are text.
    Editor,
    /// A question or a picker on top of a pane.
    Popup,
}

/// One key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub const fn new(code: KeyCode, mods: KeyModifiers) -> Key {
        Key { code, mods }
    }

    pub const fn plain(c: char) -> Key {
        Key::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    pub const fn ctrl(c: char) -> Key {
        Key::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    pub const fn code(code: KeyCode) -> Key {
        Key::new(code, KeyModifiers::NONE)
    }

    /// Normalises a terminal event: Shift is part of the character for
    /// printable keys, so `?` matches whether or not Shift was reported.
    pub fn from_event(ev: &KeyEvent) -> Key {
        let mut mods =
            ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        if let KeyCode::Char(_) = ev.code {
            mods.remove(KeyModifiers::SHIFT);
        }
        let code = match ev.code {
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Key { code, mods }
    }

    /// How the key is written in hints, help and the config file.
    pub fn label(&self) -> String {
        let mut s = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            s.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            s.push_str("Alt-");
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            s.push_str("Shift-");
        }
        match self.code {
            KeyCode::Char(' ') => s.push_str("Space"),
            KeyCode::Char(c) if self.mods.contains(KeyModifiers::CONTROL) => {
                s.push(c.to_ascii_uppercase())
            }
            KeyCode::Char(c) => s.push(c),
            KeyCode::Enter => s.push_str("Enter"),
            KeyCode::Esc => s.push_str("Esc"),
            KeyCode::Tab => s.push_str("Tab"),
            KeyCode::BackTab => s.push_str("Shift-Tab"),
            KeyCode::Up => s.push('↑'),
            KeyCode::Down => s.push('↓'),
            KeyCode::Left => s.push('←'),
            KeyCode::Right => s.push('→'),
            KeyCode::PageUp => s.push_str("PgUp"),
            KeyCode::PageDown => s.push_str("PgDn"),
            KeyCode::Home => s.push_str("Home"),
            KeyCode::End => s.push_str("End"),
            KeyCode::Backspace => s.push_str("Backspace"),
            KeyCode::Delete => s.push_str("Del"),
            KeyCode::F(n) => s.push_str(&format!("F{n}")),
            _ => s.push('?'),
        }
        s
    }
}

/// A key bound to an action in a context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    pub context: Context,
    pub key: Key,
    pub action: Action,
}

/// All bindings in effect, in the order help lists them.
#[derive(Debug, Clone)]
pub struct KeyMap {
    bindings: Vec<Binding>,
}

impl Default for KeyMap {
    fn default() -> Self {
        use Action::*;
        use Context::*;
        let mut b = Vec::new();
        let mut bind = |context, key, action| {
            b.push(Binding {
                context,
                key,
                action,
            })
        };
        bind(Global, Key::plain('q'), Quit);
        bind(Global, Key::plain('?'), Help);
        bind(Global, Key::plain('!'), Crisis);
        bind(Global, Key::code(KeyCode::Tab), NextTab);
        bind(Global, Key::code(KeyCode::BackTab), PrevTab);
        for n in 0..4 {
            let c = char::from_digit(n as u32 + 1, 10).expect("digit");
            bind(Global, Key::plain(c), GoTab(n));
        }
        bind(List, Key::plain('j'), Down);
        bind(List, Key::code(KeyCode::Down), Down);
        bind(List, Key::plain('k'), Up);
        bind(List, Key::code(KeyCode::Up), Up);
        bind(List, Key::code(KeyCode::PageDown), PageDown);
        bind(List, Key::code(KeyCode::PageUp), PageUp);
        bind(List, Key::plain('g'), Top);
        bind(List, Key::code(KeyCode::Home), Top);
        bind(List, Key::plain('G'), Bottom);
        bind(List, Key::code(KeyCode::End), Bottom);
        bind(List, Key::code(KeyCode::Enter), Open);
        bind(List, Key::plain('n'), New);
        bind(List, Key::plain('e'), Edit);
        bind(List, Key::plain('d'), Delete);
        bind(List, Key::plain('/'), Search);
        bind(List, Key::plain('l'), Log);
        bind(List, Key::plain('r'), Reset);
        bind(List, Key::plain('s'), SetStatus);
        bind(List, Key::plain('f'), Filter);
        bind(List, Key::plain('x'), Data);
        bind(List, Key::code(KeyCode::Esc), Back);
        bind(Editor, Key::ctrl('s'), Save);
        bind(Editor, Key::code(KeyCode::Esc), Cancel);
        bind(Editor, Key::ctrl('e'), ExternalEditor);
        bind(Editor, Key::ctrl('g'), Crisis);
        bind(Editor, Key::code(KeyCode::Tab), NextField);
        bind(Editor, Key::code(KeyCode::BackTab), PrevField);
        bind(Popup, Key::plain('y'), Confirm);
        bind(Popup, Key::code(KeyCode::Enter), Confirm);
        bind(Popup, Key::plain('n'), Deny);
        bind(Popup, Key::code(KeyCode::Esc), Deny);
        bind(Popup, Key::code(KeyCode::Down), Down);
        bind(Popup, Key::code(KeyCode::Up), Up);
        bind(Popup, Key::plain('!'), Crisis);
        KeyMap { bindings: b }
    }
}

impl KeyMap {
    /// The action `ev` asks for in `context`, if any.
    pub fn lookup(&self, context: Context, ev: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(ev);
        self.bindings
            .iter()
            .find(|b| b.context == context && b.key == key)
            .map(|b| b.action)
    }

    /// Every key bound to `action` in `context`, in order.
    pub fn keys_for(&self, context: Context, action: Action) -> Vec<Key> {
        self.bindings
            .iter()
            .filter(|b| b.context == context && b.action == action)
            .map(|b| b.key)
            .collect()
    }

    /// The keys for `action` in `context` as shown to people: `j/↓`.
    pub fn label(&self, context: Context, action: Action) -> String {
        self.keys_for(context, action)
            .iter()
            .map(Key::label)
            .collect::<Vec<_>>()
            .join("/")
    }

    /// All bindings, in help order.
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// Binds `key` to `action` in `context`, replacing what `key` did there
    /// and every earlier key of `action` in that context.
    pub fn rebind(&mut self, context: Context, action: Action, keys: &[Key]) {
        self.bindings
            .retain(|b| !(b.context == context && (b.action == action || keys.contains(&b.key))));
        for key in keys {
            self.bindings.push(Binding {
                context,
                key: *key,
                action,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn shifted_characters_match_plain_bindings() {
        let km = KeyMap::default();
        let q = ev(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(km.lookup(Context::Global, &q), Some(Action::Help));
        let g = ev(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(km.lookup(Context::List, &g), Some(Action::Bottom));
    }

    #[test]
    fn ctrl_keys_are_found_in_editor_context_only() {
        let km = KeyMap::default();
        let s = ev(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(km.lookup(Context::Editor, &s), Some(Action::Save));
        assert_eq!(km.lookup(Context::List, &s), None);
        assert_eq!(km.label(Context::Editor, Action::Save), "Ctrl-S");
    }

    #[test]
    fn rebinding_moves_the_key() {
        let mut km = KeyMap::default();
        km.rebind(Context::List, Action::New, &[Key::plain('a')]);
        let a = ev(KeyCode::Char('a'), KeyModifiers::NONE);
        let n = ev(KeyCode::Char('n'), KeyModifiers::NONE);
        assert_eq!(km.lookup(Context::List, &a), Some(Action::New));
        assert_eq!(km.lookup(Context::List, &n), None);
        assert_eq!(km.label(Context::List, Action::New), "a");
    }
}
