//! The one `Action` vocabulary and the key map, shared by the config file
//! (which checks it) and the TUI (which routes keys by it). The event loop,
//! the status line hints and the help overlay all read [`KeyMap`], so the
//! keys shown can never drift from the keys that work.
//!
//! Every action's config name and one-line description come from one table
//! (the `actions!` list below); the help overlay shows the descriptions.

use std::collections::BTreeMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::{Deserialize, Serialize};

/// One key or a list of keys for an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum KeySpec {
    One(String),
    Many(Vec<String>),
}

impl KeySpec {
    pub fn keys(&self) -> Vec<String> {
        match self {
            KeySpec::One(k) => vec![k.clone()],
            KeySpec::Many(ks) => ks.clone(),
        }
    }
}

/// `[keys.*]`: action name → keys, per context.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeysConfig {
    #[serde(default)]
    pub global: BTreeMap<String, KeySpec>,
    #[serde(default)]
    pub list: BTreeMap<String, KeySpec>,
    #[serde(default)]
    pub editor: BTreeMap<String, KeySpec>,
    #[serde(default)]
    pub popup: BTreeMap<String, KeySpec>,
}

/// The panes `tab-N` can name.
pub const TABS: usize = 9;

macro_rules! actions {
    ($($(#[$doc:meta])* $variant:ident = $name:literal, $what:literal;)*) => {
        /// Everything a key can ask for.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action {
            $($(#[$doc])* $variant,)*
            /// Go to pane N (0-based); named `tab-1`...
            GoTab(usize),
        }

        impl Action {
            /// The actions with a fixed name, in help order.
            const NAMED: &[Action] = &[$(Action::$variant,)*];

            /// The stable name used in the config file and the help overlay.
            pub fn name(self) -> String {
                match self {
                    $(Action::$variant => $name.to_string(),)*
                    Action::GoTab(n) => format!("tab-{}", n + 1),
                }
            }

            /// What it does, in one line, for the help overlay.
            pub fn description(self) -> String {
                match self {
                    $(Action::$variant => $what.to_string(),)*
                    Action::GoTab(n) => format!("go to pane {}", n + 1),
                }
            }
        }
    };
}

actions! {
    Quit = "quit", "quit mend (asks when typing would be lost)";
    Help = "help", "this help: every key in effect";
    Crisis = "crisis", "the crisis screen: who to call now";
    Urge = "urge", "log an urge: intensity, HALT, trigger, what you did";
    NextTab = "next-tab", "next pane";
    PrevTab = "prev-tab", "previous pane";
    Up = "up", "previous row, or scroll up";
    Down = "down", "next row, or scroll down";
    PageUp = "page-up", "a page up";
    PageDown = "page-down", "a page down";
    Top = "top", "first row";
    Bottom = "bottom", "last row";
    ScrollDown = "scroll-down", "scroll the open text down";
    ScrollUp = "scroll-up", "scroll the open text up";
    Open = "open", "open the selected row; in a question, its default answer";
    New = "new", "add something new";
    Edit = "edit", "edit the selected row";
    Delete = "delete", "delete the selected row (asks first)";
    Search = "search", "search";
    Log = "log", "log an act or a reach-out";
    Reset = "reset", "reset a clock: a new start";
    SetStatus = "set-status", "choose a status";
    Filter = "filter", "filter the list";
    Data = "data", "export or back up your data";
    Back = "back", "back, or clear the search";
    /// Check a relationship on the five values (Contacts).
    Check = "check", "check how a relationship feels, on five values";
    /// Put a harm row on the amends list (Steps).
    ToAmend = "to-amend", "put a harm on the amends list";
    Morning = "morning", "the morning intention (Today)";
    Evening = "evening", "the evening review (Today)";
    Weekly = "weekly", "this week's check-in (Today)";
    OnThisDay = "on-this-day", "read what you wrote on this day (Today)";
    Save = "save", "save what you typed";
    Cancel = "cancel", "cancel (asks when you typed something)";
    ExternalEditor = "external-editor", "edit the text in $EDITOR";
    NextField = "next-field", "next field";
    PrevField = "prev-field", "previous field";
    Confirm = "confirm", "yes";
    Deny = "deny", "no / close";
}

impl Action {
    /// Every action, for config validation and docs.
    pub fn all() -> Vec<Action> {
        let mut all = Action::NAMED.to_vec();
        all.extend((0..TABS).map(Action::GoTab));
        all
    }

    /// The action a config name stands for.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::all().into_iter().find(|a| a.name() == name)
    }
}

/// Why the `[keys.*]` tables cannot be used: one line, and the config name
/// it is about (for the line number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyError {
    /// The action or key name the error is about, as written in the file.
    pub name: String,
    pub message: String,
}

impl std::fmt::Display for KeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for KeyError {}

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

/// The crisis key may not be written for another action of its context too.
fn check_crisis_alone(keys: &KeysConfig) -> Result<(), KeyError> {
    for (context, table) in [
        ("global", &keys.global),
        ("editor", &keys.editor),
        ("popup", &keys.popup),
    ] {
        let parsed = |spec: &KeySpec| -> Vec<Key> {
            spec.keys()
                .iter()
                .filter_map(|k| Key::parse(k).ok())
                .collect()
        };
        let Some(crisis) = table.get("crisis").map(parsed) else {
            continue;
        };
        for (name, spec) in table.iter().filter(|(n, _)| *n != "crisis") {
            if let Some(key) = parsed(spec).into_iter().find(|k| crisis.contains(k)) {
                return Err(KeyError {
                    name: "crisis".into(),
                    message: format!(
                        "keys.{context}: \"{}\" is bound to both crisis and {name}; the crisis screen needs a key of its own",
                        key.label()
                    ),
                });
            }
        }
    }
    Ok(())
}

impl Default for KeyMap {
    /// The bindings of the shipped `assets/default_config.toml`, so the
    /// default file, the keys that work and the help overlay cannot drift.
    fn default() -> Self {
        #[derive(Deserialize)]
        struct Shipped {
            keys: KeysConfig,
        }
        let shipped: Shipped = toml::from_str(include_str!("../assets/default_config.toml"))
            .expect("the shipped config parses");
        KeyMap::from_config(&shipped.keys).expect("the shipped key bindings are valid")
    }
}

impl KeyMap {
    /// Builds the key map from the config's `[keys.*]` tables. The crisis
    /// key cannot be unbound, nor take the only key of another action in
    /// its context: it must stay one key away.
    pub fn from_config(keys: &KeysConfig) -> Result<KeyMap, KeyError> {
        let mut map = KeyMap {
            bindings: Vec::new(),
        };
        check_crisis_alone(keys)?;
        for (context, table) in [
            (Context::Global, &keys.global),
            (Context::List, &keys.list),
            (Context::Editor, &keys.editor),
            (Context::Popup, &keys.popup),
        ] {
            for (name, spec) in table {
                let action = Action::from_name(name).ok_or_else(|| KeyError {
                    name: name.clone(),
                    message: format!("unknown action \"{name}\" in [keys.{}]", context.name()),
                })?;
                let keys = spec
                    .keys()
                    .iter()
                    .map(|k| {
                        Key::parse(k).map_err(|e| KeyError {
                            name: name.clone(),
                            message: format!("keys.{}.{name}: {e}", context.name()),
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                map.rebind(context, action, &keys);
            }
        }
        for context in [Context::Global, Context::Editor, Context::Popup] {
            if map.keys_for(context, Action::Crisis).is_empty() {
                return Err(KeyError {
                    name: "crisis".into(),
                    message: format!(
                        "keys.{}: the crisis screen needs a key here (it was unbound or its key given to another action)",
                        context.name()
                    ),
                });
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
        for a in Action::all() {
            assert_eq!(Action::from_name(&a.name()), Some(a));
        }
    }

    fn with(context: &str, action: &str, key: &str) -> Result<KeyMap, KeyError> {
        let mut keys: KeysConfig = toml::from_str::<toml::Table>(include_str!(
            "../assets/default_config.toml"
        ))
        .unwrap()["keys"]
            .clone()
            .try_into()
            .unwrap();
        let table = match context {
            "global" => &mut keys.global,
            "editor" => &mut keys.editor,
            _ => &mut keys.popup,
        };
        table.insert(action.into(), KeySpec::One(key.into()));
        KeyMap::from_config(&keys)
    }

    #[test]
    fn the_crisis_key_stays_one_key_away() {
        let e = with("global", "quit", "!").unwrap_err();
        assert_eq!(e.name, "crisis");
        assert!(e.message.contains("both crisis and quit"), "{e}");
        let e = with("global", "crisis", "q").unwrap_err();
        assert!(e.message.contains("both crisis and quit"), "{e}");
        let e = with("popup", "crisis", "n").unwrap_err();
        assert!(e.message.contains("both crisis and deny"), "{e}");
        let mut keys = KeysConfig::default();
        keys.editor.insert("crisis".into(), KeySpec::Many(vec![]));
        assert!(KeyMap::from_config(&keys).is_err());
        // A key of its own is fine, and so is taking one of two keys.
        assert!(with("global", "crisis", "f9").is_ok());
        let e = with("global", "nonsense", "x").unwrap_err();
        assert_eq!(e.name, "nonsense");
    }

    #[test]
    fn every_action_has_a_name_and_a_description() {
        for a in Action::all() {
            assert!(!a.name().is_empty());
            assert!(!a.description().is_empty(), "{a:?}");
        }
        assert_eq!(Action::GoTab(2).name(), "tab-3");
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
