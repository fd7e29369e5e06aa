//! Keys are data: one table from (screen, key) to [`Action`], with a short footer hint
//! and a description for every binding. The footer and the F1 help are generated from
//! this table, so what they say is always what the keys do.
//!
//! Defaults live in code ([`Keymap::defaults`]); the config file's `[keys]` table can
//! move an action to another key ([`Keymap::with_overrides`]).

use std::collections::BTreeMap;
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use strum::{EnumIter, EnumMessage, IntoEnumIterator, IntoStaticStr};
use thiserror::Error;

/// The kind of screen that has the keyboard. Bindings are looked up per screen, so the
/// same key may mean different things on the sale screen and in a dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Screen {
    Sale,
    Orders,
    Order,
    Manager,
    Dialog,
    SignIn,
    Help,
    /// Incremental search lists: customers, items.
    Search,
    /// A form of text fields: a quantity, a new customer, a manager's approval.
    Prompt,
    /// Taking payment.
    Tender,
    /// A dialog of lettered options (Backorders Found, override, payment, reports).
    Choice,
    /// Item search by words of the description.
    Items,
    /// The Backorders Found dialog (F10 with units left for an order).
    BackordersFound,
    /// When the customer pays for a customer order.
    Payment,
    /// Override the backorder of a line (F6).
    Override,
    /// The warning before clearing the backorders.
    ClearWarning,
    /// The warning before filling all backorders.
    FillAllWarning,
    /// Which report to show (F8 menu).
    Reports,
    /// After a receipt: fill the orders waiting?
    FillWaiting,
}

impl Screen {
    pub const ALL: [Screen; 19] = [
        Screen::Sale,
        Screen::Orders,
        Screen::Order,
        Screen::Manager,
        Screen::Dialog,
        Screen::SignIn,
        Screen::Help,
        Screen::Search,
        Screen::Prompt,
        Screen::Tender,
        Screen::Choice,
        Screen::Items,
        Screen::BackordersFound,
        Screen::Payment,
        Screen::Override,
        Screen::ClearWarning,
        Screen::FillAllWarning,
        Screen::Reports,
        Screen::FillWaiting,
    ];

    /// The dialogs of lettered options: each has the keys of [`CHOICE_KEYS`] too.
    pub const CHOICES: [Screen; 8] = [
        Screen::Choice,
        Screen::BackordersFound,
        Screen::Payment,
        Screen::Override,
        Screen::ClearWarning,
        Screen::FillAllWarning,
        Screen::Reports,
        Screen::FillWaiting,
    ];

    /// The name used in help titles and error messages.
    pub fn title(self) -> &'static str {
        match self {
            Screen::Sale => "sale",
            Screen::Orders => "orders in process",
            Screen::Order => "order",
            Screen::Manager => "manager menu",
            Screen::Dialog => "dialog",
            Screen::SignIn => "sign-in",
            Screen::Help => "help",
            Screen::Search => "customer search",
            Screen::Prompt => "form",
            Screen::Tender => "tender",
            Screen::Choice => "choice",
            Screen::Items => "item search",
            Screen::BackordersFound => "Backorders Found",
            Screen::Payment => "payment",
            Screen::Override => "override backorder",
            Screen::ClearWarning => "clear backorders",
            Screen::FillAllWarning => "fill all backorders",
            Screen::Reports => "reports",
            Screen::FillWaiting => "fill waiting orders",
        }
    }

    /// Screens with a text field: unbound printable keys are typed into it.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Screen::Sale
                | Screen::Orders
                | Screen::SignIn
                | Screen::Search
                | Screen::Items
                | Screen::Prompt
                | Screen::Tender
        )
    }
}

/// Something the user asked for. Keys become actions through the [`Keymap`]; only
/// actions reach the screens. The config file names an action in snake_case
/// (`item_search`); its title is what messages call it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, IntoStaticStr, EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum Action {
    #[strum(message = "help")]
    Help,
    #[strum(message = "customer")]
    Customer,
    #[strum(message = "item search")]
    ItemSearch,
    #[strum(message = "hold back")]
    HoldBack,
    #[strum(message = "set backordered qty")]
    SetBackordered,
    #[strum(message = "override backorder")]
    Override,
    #[strum(message = "orders in process")]
    OrdersInProcess,
    #[strum(message = "manager menu")]
    ManagerMenu,
    #[strum(message = "total")]
    Total,
    #[strum(message = "confirm")]
    Confirm,
    #[strum(message = "up")]
    Up,
    #[strum(message = "down")]
    Down,
    #[strum(message = "page up")]
    PageUp,
    #[strum(message = "page down")]
    PageDown,
    #[strum(message = "remove line")]
    DeleteLine,
    #[strum(message = "back")]
    Back,
    #[strum(message = "quit")]
    Quit,
    #[strum(message = "edit quantity")]
    EditQuantity,
    #[strum(message = "reprint last receipt")]
    Reprint,
    #[strum(message = "new customer")]
    NewCustomer,
    #[strum(message = "next field")]
    NextField,
    #[strum(message = "cash")]
    Cash,
    #[strum(message = "card")]
    Card,
    #[strum(message = "on account")]
    Account,
    #[strum(message = "release backorders")]
    Release,
    #[strum(message = "convert to invoice")]
    Invoice,
    #[strum(serialize = "cancel_backorder", message = "cancel backorder")]
    CancelLine,
    #[strum(message = "set due date")]
    DueDate,
    #[strum(message = "void order")]
    Void,
    #[strum(message = "receive stock")]
    Receive,
    #[strum(message = "transfer")]
    Transfer,
    #[strum(message = "reports")]
    Reports,
    #[strum(message = "users")]
    Users,
    #[strum(message = "create customer order")]
    CreateOrder,
    #[strum(message = "change Bill To")]
    ChangeBillTo,
    #[strum(message = "clear backorders")]
    ClearBackorders,
    #[strum(message = "fill all backorders")]
    FillAllBackorders,
    #[strum(message = "back to the sale")]
    BackToSale,
    #[strum(message = "pay when received")]
    PayWhenReceived,
    #[strum(message = "pay when invoiced")]
    PayWhenInvoiced,
    #[strum(message = "override: deliver anyway")]
    OverrideIgnore,
    #[strum(message = "override: release from another order")]
    OverrideRelease,
    #[strum(message = "backorders report")]
    ReportBackorders,
    #[strum(message = "backlog report")]
    ReportBacklog,
    #[strum(message = "reorder report")]
    ReportReorder,
    #[strum(message = "deposits report")]
    ReportDeposits,
    #[strum(message = "purchase report")]
    ReportPurchase,
    #[strum(message = "fill waiting orders")]
    FillWaiting,
    /// A key typed into the current text field (not rebindable).
    #[strum(message = "typing")]
    Edit(TextEdit),
    /// A key with no meaning on this screen: answered with a hint, not ignored.
    #[strum(message = "nothing")]
    Unbound(Key),
}

/// An edit of the current text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TextEdit {
    Insert(char),
    DeleteBack,
    DeleteForward,
    Left,
    Right,
    Home,
    End,
    #[default]
    Clear,
}

impl Action {
    /// Every action a key can be bound to, in the order of SPEC section 6.
    pub fn bindable() -> impl Iterator<Item = Action> {
        Action::iter().filter(|a| !matches!(a, Action::Edit(_) | Action::Unbound(_)))
    }

    /// The snake_case name used in the config file's `[keys]` table.
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// The action named `name` in the config file, if it can be bound.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::bindable().find(|a| a.name() == name)
    }

    /// What the action is, in the counter's words (for status messages).
    pub fn title(self) -> &'static str {
        self.get_message().unwrap_or_else(|| self.name())
    }

    /// The key SPEC section 6 gives the action. An override moves exactly the bindings
    /// on this key; extra keys for the same action (`y` in a yes/no dialog, Ctrl-C) stay.
    pub fn default_key(self) -> Option<Key> {
        let key = match self {
            Action::Help => Key::plain(KeyCode::F(1)),
            Action::Customer => Key::plain(KeyCode::F(2)),
            Action::ItemSearch => Key::plain(KeyCode::F(3)),
            Action::HoldBack => Key::plain(KeyCode::F(4)),
            Action::SetBackordered => Key::plain(KeyCode::F(5)),
            Action::Override => Key::plain(KeyCode::F(6)),
            Action::OrdersInProcess => Key::plain(KeyCode::F(7)),
            Action::ManagerMenu => Key::plain(KeyCode::F(8)),
            Action::Total => Key::plain(KeyCode::F(10)),
            Action::Confirm => Key::plain(KeyCode::Enter),
            Action::Up => Key::plain(KeyCode::Up),
            Action::Down => Key::plain(KeyCode::Down),
            Action::PageUp => Key::plain(KeyCode::PageUp),
            Action::PageDown => Key::plain(KeyCode::PageDown),
            Action::DeleteLine => Key::plain(KeyCode::Delete),
            Action::Back => Key::plain(KeyCode::Esc),
            Action::Quit => Key::ctrl('q'),
            Action::EditQuantity => Key::plain(KeyCode::F(9)),
            Action::Reprint => Key::ctrl('p'),
            Action::NewCustomer => Key::ctrl('n'),
            Action::NextField => Key::plain(KeyCode::Tab),
            Action::Cash => Key::plain(KeyCode::Char('c')),
            Action::Card => Key::plain(KeyCode::Char('k')),
            Action::Account => Key::plain(KeyCode::Char('a')),
            Action::Release => Key::plain(KeyCode::Char('r')),
            Action::Invoice => Key::plain(KeyCode::Char('i')),
            Action::CancelLine => Key::plain(KeyCode::Char('c')),
            Action::DueDate => Key::plain(KeyCode::Char('d')),
            Action::Void => Key::plain(KeyCode::Char('v')),
            Action::Receive => Key::plain(KeyCode::Char('r')),
            Action::Transfer => Key::plain(KeyCode::Char('t')),
            Action::Reports => Key::plain(KeyCode::Char('p')),
            Action::Users => Key::plain(KeyCode::Char('u')),
            Action::CreateOrder => Key::plain(KeyCode::Char('c')),
            Action::ChangeBillTo => Key::plain(KeyCode::Char('b')),
            Action::ClearBackorders => Key::plain(KeyCode::Char('l')),
            Action::FillAllBackorders => Key::plain(KeyCode::Char('f')),
            Action::BackToSale => Key::plain(KeyCode::Char('s')),
            Action::PayWhenReceived => Key::plain(KeyCode::Char('r')),
            Action::PayWhenInvoiced => Key::plain(KeyCode::Char('i')),
            Action::OverrideIgnore => Key::plain(KeyCode::Char('i')),
            Action::OverrideRelease => Key::plain(KeyCode::Char('r')),
            Action::ReportBackorders => Key::plain(KeyCode::Char('b')),
            Action::ReportBacklog => Key::plain(KeyCode::Char('l')),
            Action::ReportReorder => Key::plain(KeyCode::Char('o')),
            Action::ReportDeposits => Key::plain(KeyCode::Char('d')),
            Action::ReportPurchase => Key::plain(KeyCode::Char('p')),
            Action::FillWaiting => Key::plain(KeyCode::Char('f')),
            Action::Edit(_) | Action::Unbound(_) => return None,
        };
        Some(key)
    }
}

/// A key with its modifiers, normalised so that a key read from the terminal and the
/// same key written in the config file compare equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Default for Key {
    /// No key at all (only so that [`Action`] can list its variants).
    fn default() -> Self {
        Key::plain(KeyCode::Null)
    }
}

impl Key {
    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> Key {
        // Only these three are written on keycaps and in config files; terminals that
        // report Super/Hyper/Meta would otherwise make a binding unreachable.
        let mut modifiers =
            modifiers & (KeyModifiers::SHIFT | KeyModifiers::CONTROL | KeyModifiers::ALT);
        let mut code = code;
        match code {
            KeyCode::Char(c) => {
                // The shifted character already says Shift ('Q'); with Ctrl or Alt the
                // letter's case is noise (Ctrl-Q and Ctrl-Shift-q are the same chord).
                if modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) {
                    code = KeyCode::Char(c.to_ascii_lowercase());
                }
                modifiers.remove(KeyModifiers::SHIFT);
            }
            KeyCode::BackTab => modifiers.remove(KeyModifiers::SHIFT),
            KeyCode::Tab if modifiers.contains(KeyModifiers::SHIFT) => {
                code = KeyCode::BackTab;
                modifiers.remove(KeyModifiers::SHIFT);
            }
            _ => {}
        }
        Key { code, modifiers }
    }

    pub fn plain(code: KeyCode) -> Key {
        Key::new(code, KeyModifiers::NONE)
    }

    pub fn ctrl(c: char) -> Key {
        Key::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    pub fn from_event(event: &KeyEvent) -> Key {
        Key::new(event.code, event.modifiers)
    }

    /// A printable character with no Ctrl or Alt: on screens with a text field it is
    /// typed, not a command.
    pub fn is_plain_char(&self) -> bool {
        matches!(self.code, KeyCode::Char(_))
            && !self
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    }

    /// Parses `F1`..`F12`, `Ctrl-X`, `Alt-X`, `Shift-F2`, `Enter`, `Esc`, `Del`, `Up`,
    /// `PgDn`, a single character, ... Names are case-insensitive; `-` or `+` joins.
    pub fn parse(text: &str) -> Result<Key, KeyParseError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(KeyParseError::Empty);
        }
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = trimmed;
        while let Some((modifier, after)) = split_modifier(rest) {
            if after.is_empty() {
                return Err(KeyParseError::MissingKey(trimmed.to_string()));
            }
            modifiers |= modifier;
            rest = after;
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => {
                if modifiers.contains(KeyModifiers::SHIFT) {
                    // "Shift-a" is the character the shifted key types.
                    modifiers.remove(KeyModifiers::SHIFT);
                    KeyCode::Char(c.to_ascii_uppercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            _ => named_key(rest)?,
        };
        Ok(Key::new(code, modifiers))
    }

    /// The label shown in the footer and help: `F10`, `Ctrl-Q`, `Enter`, `PgDn`.
    pub fn label(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) if self.modifiers.is_empty() => write!(f, "{c}"),
            KeyCode::Char(c) => write!(f, "{}", c.to_ascii_uppercase()),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Up => f.write_str("Up"),
            KeyCode::Down => f.write_str("Down"),
            KeyCode::Left => f.write_str("Left"),
            KeyCode::Right => f.write_str("Right"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            other => write!(f, "{other:?}"),
        }
    }
}

fn split_modifier(text: &str) -> Option<(KeyModifiers, &str)> {
    const PREFIXES: [(&str, KeyModifiers); 4] = [
        ("ctrl", KeyModifiers::CONTROL),
        ("control", KeyModifiers::CONTROL),
        ("alt", KeyModifiers::ALT),
        ("shift", KeyModifiers::SHIFT),
    ];
    PREFIXES.into_iter().find_map(|(name, modifier)| {
        let head = text.get(..name.len())?;
        if !head.eq_ignore_ascii_case(name) {
            return None;
        }
        let after = text.get(name.len()..)?;
        let after = after
            .strip_prefix('-')
            .or_else(|| after.strip_prefix('+'))?;
        Some((modifier, after))
    })
}

fn named_key(name: &str) -> Result<KeyCode, KeyParseError> {
    let lower = name.to_ascii_lowercase();
    if let Some(number) = lower.strip_prefix('f')
        && let Ok(n) = number.parse::<u8>()
    {
        return if (1..=12).contains(&n) {
            Ok(KeyCode::F(n))
        } else {
            Err(KeyParseError::NoSuchFunctionKey(name.to_string()))
        };
    }
    let code = match lower.as_str() {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "del" | "delete" => KeyCode::Delete,
        "ins" | "insert" => KeyCode::Insert,
        "backspace" | "bksp" => KeyCode::Backspace,
        "tab" => KeyCode::Tab,
        "space" => KeyCode::Char(' '),
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pgup" | "pageup" | "page_up" => KeyCode::PageUp,
        "pgdn" | "pgdown" | "pagedown" | "page_down" => KeyCode::PageDown,
        _ => return Err(KeyParseError::UnknownKey(name.to_string())),
    };
    Ok(code)
}

/// Why a key text could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeyParseError {
    #[error("no key given")]
    Empty,
    #[error("`{0}` has a modifier but no key after it")]
    MissingKey(String),
    #[error("there is no function key `{0}` (use F1 to F12)")]
    NoSuchFunctionKey(String),
    #[error(
        "unknown key `{0}` (use F1..F12, Enter, Esc, Del, Ins, Backspace, Tab, Space, Up, Down, \
         Left, Right, Home, End, PgUp, PgDn or one character, optionally after Ctrl-, Alt- or Shift-)"
    )]
    UnknownKey(String),
}

/// Why the `[keys]` table of the config file was refused. Every message names the
/// entry as written, so the user can find it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeymapError {
    #[error("[keys] {action} = \"{key}\": unknown action `{action}` (known: {known})")]
    UnknownAction {
        action: String,
        key: String,
        known: String,
    },
    #[error("[keys] {action} = \"{key}\": {source}")]
    BadKey {
        action: String,
        key: String,
        source: KeyParseError,
    },
    #[error(
        "[keys] {action} = \"{key}\": a plain character is typed into the item entry; \
         use a function key or add Ctrl- or Alt-"
    )]
    PlainCharacter { action: String, key: String },
    #[error("[keys] {action} = \"{key}\": {label} already does {other} on the {screen} screen")]
    Conflict {
        action: String,
        key: String,
        label: String,
        other: String,
        screen: String,
    },
}

/// One entry of the keymap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub screen: Screen,
    pub key: Key,
    pub action: Action,
    /// Short word for the footer; `None` keeps the binding out of the footer (Enter and
    /// the arrows are obvious, and the footer has no room at 80 columns).
    pub hint: Option<&'static str>,
    /// What the key does on this screen, for the F1 help.
    pub description: &'static str,
}

/// The table from (screen, key) to action. Bindings keep their order: it is the order
/// of the footer (most important first) and of the help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::defaults()
    }
}

impl Keymap {
    /// The keys of SPEC section 6.
    pub fn defaults() -> Keymap {
        let choice_rows = Screen::CHOICES.into_iter().flat_map(|screen| {
            CHOICE_KEYS
                .iter()
                .map(move |&(key, action, hint, description)| {
                    (screen, key, action, hint, description)
                })
        });
        let bindings = DEFAULTS
            .iter()
            .copied()
            .chain(choice_rows)
            .filter_map(|(screen, key, action, hint, description)| {
                let key = match key {
                    DefaultKey::Spec => action.default_key()?,
                    DefaultKey::Char(c) => Key::plain(KeyCode::Char(c)),
                    DefaultKey::Ctrl(c) => Key::ctrl(c),
                };
                Some(Binding {
                    screen,
                    key,
                    action,
                    hint,
                    description,
                })
            })
            .collect();
        Keymap { bindings }
    }

    /// The defaults with the config file's `[keys]` table applied: `total = "F12"` moves
    /// total from F10 to F12 on every screen that has it.
    pub fn with_overrides(overrides: &BTreeMap<String, String>) -> Result<Keymap, KeymapError> {
        let mut keymap = Keymap::defaults();
        let mut moved: Vec<(Action, Key, &str)> = Vec::new();
        for (name, text) in overrides {
            let Some(action) = Action::from_name(name) else {
                return Err(KeymapError::UnknownAction {
                    action: name.clone(),
                    key: text.clone(),
                    known: Action::bindable()
                        .map(Action::name)
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            };
            let key = Key::parse(text).map_err(|source| KeymapError::BadKey {
                action: name.clone(),
                key: text.clone(),
                source,
            })?;
            if key.is_plain_char() {
                return Err(KeymapError::PlainCharacter {
                    action: name.clone(),
                    key: text.clone(),
                });
            }
            moved.push((action, key, text));
        }
        // Move every override first, then look for clashes, so that two actions can
        // swap keys.
        for &(action, key, _) in &moved {
            let Some(default) = action.default_key() else {
                continue;
            };
            for binding in &mut keymap.bindings {
                if binding.action == action && binding.key == default {
                    binding.key = key;
                }
            }
        }
        keymap.drop_repeats();
        for &(action, key, text) in &moved {
            for binding in keymap.bindings.iter().filter(|b| b.action == action) {
                let clash = keymap
                    .bindings
                    .iter()
                    .find(|b| b.screen == binding.screen && b.key == key && b.action != action);
                if let Some(other) = clash {
                    return Err(KeymapError::Conflict {
                        action: action.name().to_string(),
                        key: text.to_string(),
                        label: key.label(),
                        other: other.action.name().to_string(),
                        screen: other.screen.title().to_string(),
                    });
                }
            }
        }
        Ok(keymap)
    }

    /// What `key` does on `screen`, if anything.
    pub fn action(&self, screen: Screen, key: Key) -> Option<Action> {
        self.bindings
            .iter()
            .find(|b| b.screen == screen && b.key == key)
            .map(|b| b.action)
    }

    /// Every binding, in footer/help order.
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The bindings of one screen, in footer/help order.
    pub fn bindings_for(&self, screen: Screen) -> impl Iterator<Item = &Binding> {
        self.bindings.iter().filter(move |b| b.screen == screen)
    }

    /// The first binding of `action` on `screen`.
    pub fn binding(&self, screen: Screen, action: Action) -> Option<&Binding> {
        self.bindings
            .iter()
            .find(|b| b.screen == screen && b.action == action)
    }

    /// The first key for `action` on `screen`: what messages tell the user to press.
    pub fn key_for(&self, screen: Screen, action: Action) -> Option<Key> {
        self.bindings
            .iter()
            .find(|b| b.screen == screen && b.action == action)
            .map(|b| b.key)
    }

    /// Moving quit to Ctrl-C, say, leaves two identical bindings; keep the first.
    fn drop_repeats(&mut self) {
        let mut kept: Vec<Binding> = Vec::with_capacity(self.bindings.len());
        for binding in self.bindings.drain(..) {
            let repeat = kept.iter().any(|k| {
                k.screen == binding.screen && k.key == binding.key && k.action == binding.action
            });
            if !repeat {
                kept.push(binding);
            }
        }
        self.bindings = kept;
    }
}

/// Where a default binding's key comes from.
#[derive(Clone, Copy)]
enum DefaultKey {
    /// The action's key in SPEC section 6 ([`Action::default_key`]); overrides move it.
    Spec,
    /// An extra key that stays when the action is moved.
    Char(char),
    Ctrl(char),
}

use Action as A;
use DefaultKey::{Char, Ctrl, Spec};
use Screen as S;

/// The default table: (screen, key, action, footer hint, help description). Each
/// screen's rows are in footer order, most important first.
#[rustfmt::skip]
const DEFAULTS: &[(Screen, DefaultKey, Action, Option<&str>, &str)] = &[
    (S::Sale, Spec, A::Help, Some("Help"), "help: every key on this screen"),
    (S::Sale, Spec, A::Customer, Some("Customer"), "customer (Bill To): pick or create one"),
    (S::Sale, Spec, A::ItemSearch, Some("Find"), "item search by description"),
    (S::Sale, Spec, A::HoldBack, Some("Hold"), "hold back units of the current line for pickup"),
    (S::Sale, Spec, A::SetBackordered, Some("B/O"), "set the backordered qty of the current line"),
    (S::Sale, Spec, A::Override, Some("Ovrd"), "override the backorder of the current line"),
    (S::Sale, Spec, A::OrdersInProcess, Some("Orders"), "orders in process"),
    (S::Sale, Spec, A::ManagerMenu, Some("Mgr"), "manager menu: receive stock, reports, users"),
    (S::Sale, Spec, A::Total, Some("Total"), "total: Backorders Found if needed, then tender"),
    (S::Sale, Spec, A::EditQuantity, Some("Qty"), "change the quantity of the current line"),
    (S::Sale, Spec, A::Reprint, Some("Reprint"), "reprint the last receipt"),
    (S::Sale, Spec, A::DeleteLine, Some("Remove"), "remove the current line"),
    (S::Sale, Spec, A::Back, Some("Clear"), "clear the item entry"),
    (S::Sale, Spec, A::Quit, Some("Quit"), "quit (asks first if a sale is in progress)"),
    (S::Sale, Spec, A::Confirm, None, "add the typed SKU or barcode"),
    (S::Sale, Spec, A::Up, None, "previous line"),
    (S::Sale, Spec, A::Down, None, "next line"),
    (S::Sale, Spec, A::PageUp, None, "a page of lines up"),
    (S::Sale, Spec, A::PageDown, None, "a page of lines down"),
    // Ctrl-C is what people press to leave a terminal program; it asks like Ctrl-Q.
    (S::Sale, Ctrl('c'), A::Quit, None, "quit, like Ctrl-Q"),

    (S::Orders, Spec, A::Help, Some("Help"), "help: every key on this screen"),
    (S::Orders, Spec, A::Confirm, Some("Open"), "open the order under the cursor"),
    (S::Orders, Spec, A::NextField, Some("Status"), "cycle the status filter: all, back, ready"),
    (S::Orders, Spec, A::Back, Some("Back"), "back to the sale"),
    (S::Orders, Spec, A::Quit, Some("Quit"), "quit (asks first if a sale is in progress)"),
    (S::Orders, Spec, A::Up, None, "move up the list"),
    (S::Orders, Spec, A::Down, None, "move down the list"),
    (S::Orders, Spec, A::PageUp, None, "a page up"),
    (S::Orders, Spec, A::PageDown, None, "a page down"),
    (S::Orders, Ctrl('c'), A::Quit, None, "quit, like Ctrl-Q"),

    (S::Order, Spec, A::Help, Some("Help"), "help: every key on this screen"),
    (S::Order, Spec, A::Release, Some("Release"), "release backorders: commit available stock"),
    (S::Order, Spec, A::Invoice, Some("Invoice"), "convert the committed units to an invoice"),
    (S::Order, Spec, A::CancelLine, Some("Cancel B/O"), "cancel the backorder of the current line"),
    (S::Order, Spec, A::DueDate, Some("Due"), "set the due date"),
    (S::Order, Spec, A::Void, Some("Void"), "void the whole order"),
    (S::Order, Spec, A::Back, Some("Back"), "back to the orders in process"),
    (S::Order, Spec, A::Quit, Some("Quit"), "quit (asks first if a sale is in progress)"),
    (S::Order, Spec, A::Confirm, None, "confirm"),
    (S::Order, Spec, A::Up, None, "previous line"),
    (S::Order, Spec, A::Down, None, "next line"),
    (S::Order, Spec, A::PageUp, None, "a page up"),
    (S::Order, Spec, A::PageDown, None, "a page down"),
    (S::Order, Ctrl('c'), A::Quit, None, "quit, like Ctrl-Q"),

    (S::Manager, Spec, A::Help, Some("Help"), "help: every key on this screen"),
    (S::Manager, Spec, A::Receive, Some("Receive"), "receive stock"),
    (S::Manager, Spec, A::Transfer, Some("Transfer"), "transfer stock between locations"),
    (S::Manager, Spec, A::Reports, Some("Reports"), "reports"),
    (S::Manager, Spec, A::Users, Some("Users"), "users"),
    (S::Manager, Spec, A::Confirm, Some("Choose"), "choose the entry under the cursor"),
    (S::Manager, Spec, A::Back, Some("Back"), "back to the sale"),
    (S::Manager, Spec, A::Quit, Some("Quit"), "quit (asks first if a sale is in progress)"),
    (S::Manager, Spec, A::Up, None, "move up the menu"),
    (S::Manager, Spec, A::Down, None, "move down the menu"),
    (S::Manager, Ctrl('c'), A::Quit, None, "quit, like Ctrl-Q"),

    (S::Dialog, Char('y'), A::Confirm, Some("Yes"), "yes"),
    (S::Dialog, Char('n'), A::Back, Some("No"), "no"),
    (S::Dialog, Spec, A::Confirm, Some("OK"), "confirm the choice"),
    (S::Dialog, Spec, A::Back, Some("Cancel"), "cancel, back to where you were"),
    (S::Dialog, Spec, A::Help, Some("Help"), "help: every key on this screen"),
    // F10 finishes everywhere: in a dialog total's key confirms, and moves with total.
    (S::Dialog, Spec, A::Total, None, "confirm the choice"),
    (S::Dialog, Spec, A::Up, None, "previous option"),
    (S::Dialog, Spec, A::Down, None, "next option"),
    (S::Dialog, Spec, A::Quit, None, "quit (asks first if a sale is in progress)"),
    (S::Dialog, Ctrl('c'), A::Quit, None, "quit, like Ctrl-Q"),

    (S::SignIn, Spec, A::Help, Some("Help"), "help: every key on this screen"),
    (S::SignIn, Spec, A::Confirm, Some("Next"), "next field, then sign in"),
    (S::SignIn, Spec, A::Back, Some("Clear"), "clear and start again"),
    (S::SignIn, Spec, A::Quit, Some("Quit"), "quit"),
    (S::SignIn, Spec, A::Total, None, "sign in"),
    (S::SignIn, Spec, A::Up, None, "previous field"),
    (S::SignIn, Spec, A::Down, None, "next field"),
    (S::SignIn, Ctrl('c'), A::Quit, None, "quit, like Ctrl-Q"),

    (S::Search, Spec, A::Confirm, Some("Choose"), "bill to the customer under the cursor"),
    (S::Search, Spec, A::NewCustomer, Some("New"), "create a new customer"),
    (S::Search, Spec, A::Customer, Some("Cash sale"), "back to a cash sale, no customer"),
    (S::Search, Spec, A::Back, Some("Cancel"), "cancel, back to where you were"),
    (S::Search, Spec, A::Help, Some("Help"), "help: every key on this screen"),
    (S::Search, Spec, A::Up, None, "move up the list"),
    (S::Search, Spec, A::Down, None, "move down the list"),
    (S::Search, Spec, A::PageUp, None, "a page up"),
    (S::Search, Spec, A::PageDown, None, "a page down"),
    (S::Search, Spec, A::Quit, None, "quit (asks first if a sale is in progress)"),
    (S::Search, Ctrl('c'), A::Quit, None, "quit, like Ctrl-Q"),

    (S::Items, Spec, A::Confirm, Some("Add"), "add the item under the cursor to the sale"),
    (S::Items, Spec, A::Back, Some("Cancel"), "cancel, back to the sale"),
    (S::Items, Spec, A::Help, Some("Help"), "help: every key on this screen"),
    (S::Items, Spec, A::Up, None, "move up the list"),
    (S::Items, Spec, A::Down, None, "move down the list"),
    (S::Items, Spec, A::PageUp, None, "a page up"),
    (S::Items, Spec, A::PageDown, None, "a page down"),
    (S::Items, Spec, A::Quit, None, "quit (asks first if a sale is in progress)"),
    (S::Items, Ctrl('c'), A::Quit, None, "quit, like Ctrl-Q"),

    (S::Prompt, Spec, A::Confirm, Some("OK"), "next field, then confirm"),
    (S::Prompt, Spec, A::NextField, Some("Next"), "next field"),
    (S::Prompt, Spec, A::Back, Some("Cancel"), "cancel, back to where you were"),
    (S::Prompt, Spec, A::Help, Some("Help"), "help: every key on this screen"),
    (S::Prompt, Spec, A::Total, None, "confirm"),
    (S::Prompt, Spec, A::Up, None, "previous field"),
    (S::Prompt, Spec, A::Down, None, "next field"),
    (S::Prompt, Spec, A::Quit, None, "quit (asks first if a sale is in progress)"),
    (S::Prompt, Ctrl('c'), A::Quit, None, "quit, like Ctrl-Q"),

    (S::Tender, Spec, A::Cash, Some("Cash"), "pay the typed amount (or all that is due) in cash"),
    (S::Tender, Spec, A::Card, Some("Card"), "pay the typed amount (or all that is due) by card"),
    (S::Tender, Spec, A::Account, Some("Account"), "charge the typed amount (or all) to the customer's account"),
    (S::Tender, Spec, A::Confirm, Some("Cash"), "pay the typed amount (or all that is due) in cash"),
    (S::Tender, Spec, A::Back, Some("Back"), "back to the sale (tenders are dropped, the sale stays)"),
    (S::Tender, Spec, A::Help, Some("Help"), "help: every key on this screen"),
    (S::Tender, Spec, A::Quit, None, "quit (asks first if a sale is in progress)"),
    (S::Tender, Ctrl('c'), A::Quit, None, "quit, like Ctrl-Q"),

    (S::BackordersFound, Spec, A::CreateOrder, None, "Create customer order"),
    (S::BackordersFound, Spec, A::ChangeBillTo, None, "Change Bill To"),
    (S::BackordersFound, Spec, A::ClearBackorders, None, "Clear backorders"),
    (S::BackordersFound, Spec, A::FillAllBackorders, None, "Fill all backorders"),
    (S::BackordersFound, Spec, A::BackToSale, None, "Back to the sale"),

    (S::Payment, Spec, A::PayWhenReceived, None, "Pay when received: pay now for what is delivered now"),
    (S::Payment, Spec, A::PayWhenInvoiced, None, "Pay when invoiced: pay for everything now (deposit)"),

    (S::Override, Spec, A::OverrideIgnore, None, "Ignore: deliver anyway, as if in stock"),
    (S::Override, Spec, A::OverrideRelease, None, "Release units from another customer's order"),

    (S::ClearWarning, Spec, A::ClearBackorders, None, "Clear the backorders"),

    (S::FillAllWarning, Spec, A::FillAllBackorders, None, "Fill all backorders anyway"),

    (S::Reports, Spec, A::ReportBackorders, None, "Backorders: orders with backordered lines"),
    (S::Reports, Spec, A::ReportBacklog, None, "Backlog: open demand by product"),
    (S::Reports, Spec, A::ReportReorder, None, "Reorder: below minimum stock"),
    (S::Reports, Spec, A::ReportDeposits, None, "Deposits: outstanding by order"),
    (S::Reports, Spec, A::ReportPurchase, None, "Purchase: suggested quantities by supplier"),

    (S::FillWaiting, Spec, A::FillWaiting, None, "Fill the waiting orders, oldest first"),

    (S::Help, Spec, A::Help, Some("Close"), "close the help"),
    (S::Help, Spec, A::Back, Some("Close"), "close the help"),
    (S::Help, Spec, A::Quit, Some("Quit"), "quit (asks first if a sale is in progress)"),
    (S::Help, Spec, A::Up, None, "scroll up"),
    (S::Help, Spec, A::Down, None, "scroll down"),
    (S::Help, Spec, A::PageUp, None, "a page up"),
    (S::Help, Spec, A::PageDown, None, "a page down"),
    (S::Help, Ctrl('c'), A::Quit, None, "quit, like Ctrl-Q"),
];

/// The keys every dialog of lettered options has, after its letters ([`Screen::CHOICES`]).
#[rustfmt::skip]
const CHOICE_KEYS: &[(DefaultKey, Action, Option<&str>, &str)] = &[
    (Spec, A::Confirm, Some("Choose"), "choose the option under the cursor (or press its letter)"),
    (Spec, A::Back, Some("Back"), "back, choosing nothing"),
    (Spec, A::Help, Some("Help"), "help: every key on this screen"),
    (Spec, A::Total, None, "choose the option under the cursor"),
    (Spec, A::Up, None, "previous option"),
    (Spec, A::Down, None, "next option"),
    (Spec, A::Quit, None, "quit (asks first if a sale is in progress)"),
    (Ctrl('c'), A::Quit, None, "quit, like Ctrl-Q"),
];

/// The edit a key makes in a text field, for keys the keymap does not bind.
pub fn text_edit(key: Key) -> Option<TextEdit> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char(c) if key.is_plain_char() && !c.is_control() => Some(TextEdit::Insert(c)),
        KeyCode::Char('u') if ctrl => Some(TextEdit::Clear),
        _ if !key.modifiers.is_empty() => None,
        KeyCode::Backspace => Some(TextEdit::DeleteBack),
        KeyCode::Delete => Some(TextEdit::DeleteForward),
        KeyCode::Left => Some(TextEdit::Left),
        KeyCode::Right => Some(TextEdit::Right),
        KeyCode::Home => Some(TextEdit::Home),
        KeyCode::End => Some(TextEdit::End),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_have_no_clashes() {
        let keymap = Keymap::defaults();
        for (i, a) in keymap.bindings().iter().enumerate() {
            for b in &keymap.bindings()[i + 1..] {
                assert!(
                    !(a.screen == b.screen && a.key == b.key),
                    "{} bound twice on {:?}",
                    a.key,
                    a.screen
                );
            }
        }
    }

    #[test]
    fn every_action_has_a_default_key_and_a_name() {
        for action in Action::bindable() {
            assert!(action.default_key().is_some());
            assert_eq!(Action::from_name(action.name()), Some(action));
        }
    }
}
