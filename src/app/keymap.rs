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
use strum::{EnumIter, EnumMessage, EnumProperty, IntoEnumIterator, IntoStaticStr};
use thiserror::Error;

use crate::domain::text::excerpt;

use defaults::{CHOICE_KEYS, DEFAULTS, DefaultKey};
pub use defaults::{EMPTY_SALE_FOOTER, SALE_FOOTER};
pub use key::{Key, KeyParseError, text_edit};

/// The kind of screen that has the keyboard. Bindings are looked up per screen, so the
/// same key may mean different things on the sale screen and in a dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, EnumIter, EnumMessage)]
pub enum Screen {
    #[strum(message = "sale")]
    Sale,
    #[strum(message = "orders in process")]
    Orders,
    #[strum(message = "order")]
    Order,
    #[strum(message = "manager menu")]
    Manager,
    /// F8 for a clerk: sign out / switch user; the manager's entries are refused.
    #[strum(message = "menu")]
    ClerkMenu,
    #[strum(message = "dialog")]
    Dialog,
    #[strum(message = "sign-in")]
    SignIn,
    #[strum(message = "help")]
    Help,
    /// Incremental search lists: customers, items.
    #[strum(message = "customer search")]
    Search,
    /// A form of text fields: a quantity, a new customer, a manager's approval.
    #[strum(message = "form")]
    Prompt,
    /// Taking payment.
    #[strum(message = "tender")]
    Tender,
    /// A dialog of lettered options (Backorders Found, override, payment, reports).
    #[strum(message = "choice")]
    Choice,
    /// Item search by words of the description.
    #[strum(message = "item search")]
    Items,
    /// The Backorders Found dialog (F10 with units left for an order).
    #[strum(message = "Backorders Found")]
    BackordersFound,
    /// When the customer pays for a customer order.
    #[strum(message = "payment")]
    Payment,
    /// Override the backorder of a line (F6).
    #[strum(message = "override backorder")]
    Override,
    /// The warning before clearing the backorders.
    #[strum(message = "clear backorders")]
    ClearWarning,
    /// The warning before filling all backorders.
    #[strum(message = "fill all backorders")]
    FillAllWarning,
    /// Which report to show (F8 menu).
    #[strum(message = "reports")]
    Reports,
    /// After a receipt: fill the orders waiting?
    #[strum(message = "fill waiting orders")]
    FillWaiting,
    /// One report on screen.
    #[strum(message = "report")]
    Report,
    /// Before a count is recorded: on hand now, and what the count changes.
    #[strum(message = "count stock")]
    Count,
    /// How a refund goes back (cancel backorder, void).
    #[strum(message = "refund method")]
    RefundMethod,
    /// Suggestions by supplier and the open purchase orders (F8 menu).
    #[strum(message = "purchase orders")]
    Purchasing,
    /// The X report of the day so far, and closing the day (F8 menu).
    #[strum(message = "end of day")]
    Day,
    /// How the customer of a ready order was told (order, n).
    #[strum(message = "customer notified")]
    NotifyVia,
    /// Charts of what waits: aging, deposits, top backordered, open POs (F8 menu).
    #[strum(message = "dashboard")]
    Dashboard,
    /// A customer pays against what they owe on account (Ctrl-A on the sale).
    #[strum(message = "payment on account")]
    AccountPayment,
    /// Parked sales and quotes, to recall one into the sale (Ctrl-R on the sale).
    #[strum(message = "parked sales")]
    Parked,
    /// Goods back against their invoice (Ctrl-T on the sale).
    #[strum(message = "return")]
    Return,
    /// Goods back without their invoice (Enter on the return's empty number box).
    #[strum(message = "return without an invoice")]
    ReturnItems,
}

impl Screen {
    /// Every screen, in the order of this enum.
    pub fn all() -> impl Iterator<Item = Screen> {
        Screen::iter()
    }

    /// The dialogs of lettered options: each has the keys of [`CHOICE_KEYS`] too.
    pub const CHOICES: [Screen; 11] = [
        Screen::Choice,
        Screen::BackordersFound,
        Screen::Payment,
        Screen::Override,
        Screen::ClearWarning,
        Screen::FillAllWarning,
        Screen::Reports,
        Screen::FillWaiting,
        Screen::Count,
        Screen::RefundMethod,
        Screen::NotifyVia,
    ];

    /// The warnings before something is lost: chosen by letter only, never by Enter.
    pub fn is_warning(self) -> bool {
        matches!(
            self,
            Screen::ClearWarning | Screen::FillAllWarning | Screen::Count
        )
    }

    /// The name used in help titles and error messages.
    pub fn title(self) -> &'static str {
        self.get_message().unwrap_or("screen")
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
                | Screen::AccountPayment
                | Screen::Return
                | Screen::ReturnItems
        )
    }
}

/// Something the user asked for. Keys become actions through the [`Keymap`]; only
/// actions reach the screens. The config file names an action in snake_case
/// (`item_search`); its title is what messages call it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, IntoStaticStr, EnumMessage, EnumProperty,
)]
#[strum(serialize_all = "snake_case")]
pub enum Action {
    #[strum(message = "help", props(key = "F1"))]
    Help,
    #[strum(message = "customer", props(key = "F2"))]
    Customer,
    #[strum(message = "item search", props(key = "F3"))]
    ItemSearch,
    #[strum(message = "hold back", props(key = "F4"))]
    HoldBack,
    #[strum(message = "set backordered qty", props(key = "F5"))]
    SetBackordered,
    #[strum(message = "override backorder", props(key = "F6"))]
    Override,
    #[strum(message = "orders in process", props(key = "F7"))]
    OrdersInProcess,
    #[strum(message = "manager menu", props(key = "F8"))]
    ManagerMenu,
    #[strum(message = "total", props(key = "F10"))]
    Total,
    #[strum(message = "confirm", props(key = "Enter"))]
    Confirm,
    #[strum(message = "up", props(key = "Up"))]
    Up,
    #[strum(message = "down", props(key = "Down"))]
    Down,
    #[strum(message = "page up", props(key = "PgUp"))]
    PageUp,
    #[strum(message = "page down", props(key = "PgDn"))]
    PageDown,
    #[strum(message = "first row", props(key = "Home"))]
    First,
    #[strum(message = "last row", props(key = "End"))]
    Last,
    #[strum(message = "remove line", props(key = "Ctrl-D"))]
    DeleteLine,
    #[strum(message = "back", props(key = "Esc"))]
    Back,
    #[strum(message = "quit", props(key = "Ctrl-Q"))]
    Quit,
    #[strum(message = "edit quantity", props(key = "F9"))]
    EditQuantity,
    #[strum(message = "reprint last receipt", props(key = "Ctrl-P"))]
    Reprint,
    #[strum(message = "new customer", props(key = "Ctrl-N"))]
    NewCustomer,
    #[strum(message = "next field", props(key = "Tab"))]
    NextField,
    #[strum(message = "sort", props(key = "Ctrl-S"))]
    Sort,
    #[strum(message = "yes", props(key = "y"))]
    Yes,
    #[strum(message = "cash", props(key = "c"))]
    Cash,
    #[strum(message = "card", props(key = "k"))]
    Card,
    #[strum(message = "on account", props(key = "a"))]
    Account,
    #[strum(message = "release backorders", props(key = "r"))]
    Release,
    #[strum(message = "customer notified", props(key = "n"))]
    Notify,
    #[strum(message = "by phone", props(key = "p"))]
    NotifyPhone,
    #[strum(message = "by e-mail", props(key = "e"))]
    NotifyEmail,
    #[strum(message = "by text message", props(key = "s"))]
    NotifySms,
    #[strum(message = "dashboard", props(key = "g"))]
    Dashboard,
    #[strum(message = "sign out / switch user", props(key = "s"))]
    SignOut,
    #[strum(message = "convert to invoice", props(key = "i"))]
    Invoice,
    #[strum(
        serialize = "cancel_backorder",
        message = "cancel backorder",
        props(key = "c")
    )]
    CancelLine,
    #[strum(message = "set due date", props(key = "d"))]
    DueDate,
    #[strum(message = "void order", props(key = "v"))]
    Void,
    #[strum(message = "receive stock", props(key = "r"))]
    Receive,
    #[strum(message = "transfer", props(key = "t"))]
    Transfer,
    #[strum(message = "reports", props(key = "p"))]
    Reports,
    #[strum(message = "users", props(key = "u"))]
    Users,
    #[strum(message = "purchase orders", props(key = "o"))]
    Purchasing,
    #[strum(message = "new purchase order from the suggestions", props(key = "n"))]
    CreatePo,
    #[strum(message = "receive a purchase order", props(key = "r"))]
    ReceivePo,
    #[strum(message = "create customer order", props(key = "c"))]
    CreateOrder,
    #[strum(message = "change Bill To", props(key = "b"))]
    ChangeBillTo,
    #[strum(message = "clear backorders", props(key = "l"))]
    ClearBackorders,
    #[strum(message = "fill all backorders", props(key = "f"))]
    FillAllBackorders,
    #[strum(message = "back to the sale", props(key = "s"))]
    BackToSale,
    #[strum(message = "pay when received", props(key = "r"))]
    PayWhenReceived,
    #[strum(message = "pay when invoiced", props(key = "i"))]
    PayWhenInvoiced,
    #[strum(message = "override: deliver anyway", props(key = "i"))]
    OverrideIgnore,
    #[strum(message = "override: release from another order", props(key = "r"))]
    OverrideRelease,
    #[strum(message = "backorders report", props(key = "b"))]
    ReportBackorders,
    #[strum(message = "backlog report", props(key = "l"))]
    ReportBacklog,
    #[strum(message = "reorder report", props(key = "o"))]
    ReportReorder,
    #[strum(message = "deposits report", props(key = "d"))]
    ReportDeposits,
    #[strum(message = "purchase report", props(key = "p"))]
    ReportPurchase,
    #[strum(message = "aging report", props(key = "a"))]
    ReportAging,
    #[strum(message = "fill waiting orders", props(key = "f"))]
    FillWaiting,
    #[strum(message = "count stock", props(key = "c"))]
    Count,
    #[strum(message = "set on hand to the count", props(key = "s"))]
    SetCount,
    #[strum(message = "columns to the left", props(key = "Left"))]
    ScrollLeft,
    #[strum(message = "columns to the right", props(key = "Right"))]
    ScrollRight,
    #[strum(message = "this location or all", props(key = "l"))]
    SwitchLocation,
    #[strum(message = "no sale (open the drawer)", props(key = "Ctrl-O"))]
    NoSale,
    #[strum(message = "payment on account", props(key = "Ctrl-A"))]
    PayOnAccount,
    #[strum(message = "park the sale", props(key = "Ctrl-K"))]
    Park,
    #[strum(message = "recall a parked sale or quote", props(key = "Ctrl-R"))]
    Recall,
    #[strum(message = "print as a quote", props(key = "Ctrl-E"))]
    Quote,
    #[strum(message = "void the sale", props(key = "Ctrl-X"))]
    VoidSale,
    #[strum(message = "return goods", props(key = "Ctrl-T"))]
    ReturnGoods,
    #[strum(message = "line price or percent off", props(key = "Ctrl-L"))]
    LinePrice,
    #[strum(message = "discount on the whole sale", props(key = "Ctrl-G"))]
    SaleDiscount,
    #[strum(message = "damaged or back to stock", props(key = "d"))]
    Damaged,
    #[strum(message = "end of day", props(key = "d"))]
    EndOfDay,
    #[strum(message = "close the day", props(key = "z"))]
    CloseDay,
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
        Key::parse(self.get_str("key")?).ok()
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
                // A warning's option loses something: only its letter chooses it.
                .filter(move |&&(_, action, _, _)| {
                    !(screen.is_warning() && matches!(action, Action::Confirm | Action::Total))
                })
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
                    DefaultKey::Named(name) => Key::parse(name).ok()?,
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
            // Quoted in messages as they are seen: cut short, hidden characters escaped.
            let (name, text) = (excerpt(name), text.as_str());
            let Some(action) = Action::from_name(&name) else {
                return Err(KeymapError::UnknownAction {
                    action: name.clone(),
                    key: excerpt(text),
                    known: Action::bindable()
                        .map(Action::name)
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            };
            let key = Key::parse(text).map_err(|source| KeymapError::BadKey {
                action: name.clone(),
                key: excerpt(text),
                source,
            })?;
            if key.is_plain_char() {
                return Err(KeymapError::PlainCharacter {
                    action: name.clone(),
                    key: text.to_string(),
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
