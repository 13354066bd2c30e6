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
    ScrollDown,
    ScrollUp,
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
    /// The morning check-in (Today).
    Morning,
    /// The evening review (Today).
    Evening,
    /// The weekly check-in (Today).
    Weekly,
    /// Entries written on this day in earlier years (Today).
    OnThisDay,
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
    /// Every action, for config validation and docs.
    pub const ALL: [Action; 40] = [
        Action::Quit,
        Action::Help,
        Action::Crisis,
        Action::NextTab,
        Action::PrevTab,
        Action::GoTab(0),
        Action::GoTab(1),
        Action::GoTab(2),
        Action::GoTab(3),
        Action::GoTab(4),
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::Top,
        Action::Bottom,
        Action::ScrollDown,
        Action::ScrollUp,
        Action::Open,
        Action::New,
        Action::Edit,
        Action::Delete,
        Action::Search,
        Action::Log,
        Action::Reset,
        Action::SetStatus,
        Action::Filter,
        Action::Data,
        Action::Back,
        Action::Morning,
        Action::Evening,
        Action::Weekly,
        Action::OnThisDay,
        Action::Save,
        Action::Cancel,
        Action::ExternalEditor,
        Action::NextField,
        Action::PrevField,
        Action::Confirm,
        Action::Deny,
    ];

    /// The action a config name stands for.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
    }

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
            Action::ScrollDown => "scroll-down".into(),
            Action::ScrollUp => "scroll-up".into(),
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
            Action::Morning => "morning".into(),
            Action::Evening => "evening".into(),
            Action::Weekly => "weekly".into(),
            Action::OnThisDay => "on-this-day".into(),
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

impl Context {
    /// The name of the context's table in the config file (`[keys.list]`).
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::List => "list",
            Context::Editor => "editor",
            Context::Popup => "popup",
        }
    }
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

    /// Reads a key as written in the config file: `q`, `?`, `ctrl-s`,
    /// `alt-x`, `shift-tab`, `enter`, `esc`, `tab`, `space`, `up`, `down`,
    /// `left`, `right`, `pgup`, `pgdn`, `home`, `end`, `backspace`, `del`,
    /// `f1`..`f12`.
    pub fn parse(spec: &str) -> Result<Key, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = spec;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (prefix, m) = if lower.starts_with("ctrl-") {
                ("ctrl-", KeyModifiers::CONTROL)
            } else if lower.starts_with("alt-") {
                ("alt-", KeyModifiers::ALT)
            } else if lower.starts_with("shift-") && rest.len() > 6 {
                ("shift-", KeyModifiers::SHIFT)
            } else {
                break;
            };
            mods |= m;
            rest = &rest[prefix.len()..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(if mods.contains(KeyModifiers::CONTROL) {
                c.to_ascii_lowercase()
            } else {
                c
            }),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" if mods.contains(KeyModifiers::SHIFT) => {
                    mods.remove(KeyModifiers::SHIFT);
                    KeyCode::BackTab
                }
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "space" => KeyCode::Char(' '),
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "pgup" | "pageup" => KeyCode::PageUp,
                "pgdn" | "pagedown" => KeyCode::PageDown,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "backspace" => KeyCode::Backspace,
                "del" | "delete" => KeyCode::Delete,
                f if f.len() > 1
                    && f.starts_with('f')
                    && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
                {
                    KeyCode::F(f[1..].parse().unwrap_or(1))
                }
                _ => return Err(format!("unknown key \"{spec}\"")),
            },
        };
        if let KeyCode::Char(_) = code {
            mods.remove(KeyModifiers::SHIFT);
        }
        Ok(Key { code, mods })
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
    /// The bindings of the shipped `assets/default_config.toml`, so the
    /// default file, the keys that work and the help overlay cannot drift.
    fn default() -> Self {
        KeyMap::from_config(&crate::config::Config::default().keys)
            .expect("the shipped key bindings are valid")
    }
}

impl KeyMap {
    /// Builds the key map from the config's `[keys.*]` tables.
    pub fn from_config(keys: &crate::config::KeysConfig) -> Result<KeyMap, String> {
        let mut map = KeyMap {
            bindings: Vec::new(),
        };
        for (context, table) in [
            (Context::Global, &keys.global),
            (Context::List, &keys.list),
            (Context::Editor, &keys.editor),
            (Context::Popup, &keys.popup),
        ] {
            for (name, spec) in table {
                let action = Action::from_name(name).ok_or_else(|| {
                    format!("unknown action \"{name}\" in [keys.{}]", context.name())
                })?;
                let keys = spec
                    .keys()
                    .iter()
                    .map(|k| {
                        Key::parse(k).map_err(|e| format!("keys.{}.{name}: {e}", context.name()))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                map.rebind(context, action, &keys);
            }
        }
        Ok(map)
    }

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
    fn keys_parse_as_written_in_the_config() {
        assert_eq!(Key::parse("q"), Ok(Key::plain('q')));
        assert_eq!(Key::parse("ctrl-s"), Ok(Key::ctrl('s')));
        assert_eq!(Key::parse("Ctrl-S"), Ok(Key::ctrl('s')));
        assert_eq!(Key::parse("shift-tab"), Ok(Key::code(KeyCode::BackTab)));
        assert_eq!(Key::parse("pgdn"), Ok(Key::code(KeyCode::PageDown)));
        assert_eq!(Key::parse("f5"), Ok(Key::code(KeyCode::F(5))));
        assert!(Key::parse("hyper-x").is_err());
        assert!(Key::parse("").is_err());
    }

    #[test]
    fn every_action_name_round_trips() {
        for a in Action::ALL {
            assert_eq!(Action::from_name(&a.name()), Some(a));
        }
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
