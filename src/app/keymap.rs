//! Keys are data: one table from (screen, key) to [`Action`], with a short footer hint
//! and a description for every binding. The footer and the F1 help are generated from
//! this table, so what they say is always what the keys do.
//!
//! Defaults live in code ([`Keymap::defaults`]); the config file's `[keys]` table can
//! move an action to another key ([`Keymap::with_overrides`]).

mod defaults;
mod key;

use std::collections::BTreeMap;

use ratatui::crossterm::event::KeyCode;
use strum::{EnumIter, EnumMessage, IntoEnumIterator, IntoStaticStr};
use thiserror::Error;

use defaults::{CHOICE_KEYS, DEFAULTS, DefaultKey};
pub use key::{Key, KeyParseError, text_edit};

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
