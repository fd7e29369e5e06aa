//! The default keys of SPEC section 6, as a table.

use super::{Action, Screen};

/// Where a default binding's key comes from.
#[derive(Clone, Copy)]
pub(super) enum DefaultKey {
    /// The action's key in SPEC section 6 ([`Action::default_key`]); overrides move it.
    Spec,
    /// An extra key that stays when the action is moved.
    Char(char),
    Ctrl(char),
    /// An extra key by name (`F5`), for a screen where the action's own key is typed.
    Named(&'static str),
}

use Action as A;
use DefaultKey::{Char, Ctrl, Named, Spec};
use Screen as S;

/// The default table: (screen, key, action, footer hint, help description). Each
/// screen's rows are in footer order, most important first.
#[rustfmt::skip]
pub(super) const DEFAULTS: &[(Screen, DefaultKey, Action, Option<&str>, &str)] = &[
    (S::Sale, Spec, A::Help, Some("Help"), "help: every key on this screen"),
    // Footer order is everyday use first, so that total, quantity and removing a line
    // show at 80 columns; orders and the manager menu follow where there is room.
    (S::Sale, Spec, A::Customer, Some("Bill To"), "customer (Bill To): pick or create one"),
    (S::Sale, Spec, A::ItemSearch, Some("Find"), "item search by description"),
    (S::Sale, Spec, A::HoldBack, Some("Hold"), "hold back units of the current line for pickup"),
    (S::Sale, Spec, A::SetBackordered, Some("B/O"), "set the backordered qty of the current line"),
    (S::Sale, Spec, A::Override, Some("Ovrd"), "override the backorder of the current line"),
    (S::Sale, Spec, A::Total, Some("Total"), "total: Backorders Found if needed, then tender"),
    (S::Sale, Spec, A::EditQuantity, Some("Qty"), "change the quantity of the current line"),
    (S::Sale, Spec, A::DeleteLine, Some("Remove"), "remove the current line (asks first)"),
    (S::Sale, Spec, A::OrdersInProcess, Some("Orders"), "orders in process"),
    (S::Sale, Spec, A::ManagerMenu, Some("Mgr"), "menu: sign out, switch user; manager tasks"),
    (S::Sale, Spec, A::Reprint, Some("Reprint"), "reprint the last receipt"),
    (S::Sale, Spec, A::Park, Some("Park"), "park the sale for any terminal to recall"),
    (S::Sale, Spec, A::Recall, Some("Recall"), "recall a parked sale or quote (today's prices)"),
    (S::Sale, Spec, A::Quote, Some("Quote"), "print as a numbered quote, kept to recall"),
    (S::Sale, Spec, A::VoidSale, Some("Void"), "void the sale (asks first; audited)"),
    (S::Sale, Spec, A::NoSale, Some("No sale"), "no sale: open the drawer (recorded, counted)"),
    (S::Sale, Spec, A::PayOnAccount, Some("On acct"), "payment on account: cash or card"),
    (S::Sale, Spec, A::ReturnGoods, Some("Return"), "return: goods back against their invoice"),
    (S::Sale, Spec, A::LinePrice, Some("Price"), "line price (8.50) or percent off (15%), with a reason"),
    (S::Sale, Spec, A::SaleDiscount, Some("Disc"), "percent off the whole sale, with a reason"),
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
    (S::Orders, Spec, A::NextField, Some("Status"), "cycle the status filter: all, back, ready, not told, call back"),
    (S::Orders, Spec, A::Sort, Some("Sort"), "sort by order date or by due date (none last)"),
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
    (S::Order, Spec, A::Notify, Some("Notified"), "the customer was told the order is ready (phone, e-mail, text)"),
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
    (S::Manager, Spec, A::Count, Some("Count"), "count stock: set on hand to what was counted"),
    (S::Manager, Spec, A::Purchasing, None, "purchase orders: suggestions by supplier, open orders"),
    (S::Manager, Spec, A::EndOfDay, None, "end of day: the X report so far, close the day (Z)"),
    (S::Manager, Spec, A::Dashboard, None, "dashboard: backorder aging, deposits, top backordered, open POs"),
    (S::Manager, Spec, A::SignOut, None, "sign out / switch user (finish, park or void the sale first)"),
    (S::Manager, Spec, A::Confirm, Some("Choose"), "choose the entry under the cursor"),
    (S::Manager, Spec, A::Back, Some("Back"), "back to the sale"),
    (S::Manager, Spec, A::Quit, Some("Quit"), "quit (asks first if a sale is in progress)"),
    (S::Manager, Spec, A::Up, None, "move up the menu"),
    (S::Manager, Spec, A::Down, None, "move down the menu"),
    (S::Manager, Ctrl('c'), A::Quit, None, "quit, like Ctrl-Q"),

    (S::ClerkMenu, Spec, A::Help, Some("Help"), "help: every key on this screen"),
    (S::ClerkMenu, Spec, A::SignOut, Some("Sign out"), "sign out / switch user (finish, park or void the sale first)"),
    (S::ClerkMenu, Spec, A::Confirm, Some("Choose"), "choose the entry under the cursor"),
    (S::ClerkMenu, Spec, A::Back, Some("Back"), "back to the sale"),
    (S::ClerkMenu, Spec, A::Quit, Some("Quit"), "quit (asks first if a sale is in progress)"),
    (S::ClerkMenu, Spec, A::Receive, None, "receive stock: a manager's"),
    (S::ClerkMenu, Spec, A::Transfer, None, "transfer stock: a manager's"),
    (S::ClerkMenu, Spec, A::Reports, None, "reports: a manager's"),
    (S::ClerkMenu, Spec, A::Users, None, "users: a manager's"),
    (S::ClerkMenu, Spec, A::Count, None, "count stock: a manager's"),
    (S::ClerkMenu, Spec, A::Purchasing, None, "purchase orders: a manager's"),
    (S::ClerkMenu, Spec, A::EndOfDay, None, "end of day: a manager's"),
    (S::ClerkMenu, Spec, A::Dashboard, None, "dashboard: a manager's"),
    (S::ClerkMenu, Ctrl('c'), A::Quit, None, "quit, like Ctrl-Q"),

    // A yes/no question loses or voids something: only y says yes, Enter says no.
    (S::Dialog, Spec, A::Yes, Some("Yes"), "yes: do it"),
    (S::Dialog, Char('n'), A::Back, Some("No"), "no"),
    (S::Dialog, Spec, A::Back, Some("No"), "no, back to where you were"),
    (S::Dialog, Spec, A::Confirm, Some("No"), "no: Enter alone never says yes"),
    (S::Dialog, Spec, A::Help, Some("Help"), "help: every key on this screen"),
    // F10 moves with total; here it is a no like Enter.
    (S::Dialog, Spec, A::Total, None, "no, like Enter"),
    (S::Dialog, Spec, A::Quit, None, "asks for y or n"),
    (S::Dialog, Ctrl('c'), A::Quit, None, "asks for y or n, like Ctrl-Q"),

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

    (S::Tender, Spec, A::Confirm, Some("Take"), "take the typed amount (or all that is due) the chosen way"),
    (S::Tender, Spec, A::Cash, Some("Cash"), "choose cash (only while the amount box is empty)"),
    (S::Tender, Spec, A::Card, Some("Card"), "choose card (only while the amount box is empty)"),
    (S::Tender, Spec, A::Account, Some("Account"), "choose on account (only while the amount box is empty)"),
    (S::Tender, Spec, A::Back, Some("Back"), "back to the sale (asks first if tenders were taken)"),
    (S::Tender, Spec, A::Help, Some("Help"), "help: every key on this screen"),
    (S::Tender, Spec, A::Total, None, "take the typed amount (or all that is due), like Enter"),
    (S::Tender, Spec, A::Quit, None, "quit (asks first if a sale is in progress)"),
    (S::Tender, Ctrl('c'), A::Quit, None, "quit, like Ctrl-Q"),

    (S::AccountPayment, Spec, A::Confirm, Some("Take"), "take the typed amount (or all that is owed); asks first"),
    (S::AccountPayment, Spec, A::Cash, Some("Cash"), "choose cash (only while the amount box is empty)"),
    (S::AccountPayment, Spec, A::Card, Some("Card"), "choose card (only while the amount box is empty)"),
    (S::AccountPayment, Spec, A::Back, Some("Back"), "back to the sale, nothing taken"),
    (S::AccountPayment, Spec, A::Help, Some("Help"), "help: every key on this screen"),
    (S::AccountPayment, Spec, A::Total, None, "take the typed amount, like Enter"),
    (S::AccountPayment, Spec, A::Quit, None, "quit (asks first if a sale is in progress)"),
    (S::AccountPayment, Ctrl('c'), A::Quit, None, "quit, like Ctrl-Q"),

    (S::Return, Spec, A::Confirm, Some("Find/Return"), "find the invoice; then return the units typed (asks first)"),
    (S::Return, Spec, A::Cash, Some("Cash"), "refund in cash (only while the box under the cursor is empty)"),
    (S::Return, Spec, A::Card, Some("Card"), "refund to a card (only while the box under the cursor is empty)"),
    (S::Return, Spec, A::Account, Some("Account"), "refund on account (only while the box under the cursor is empty)"),
    (S::Return, Spec, A::Damaged, Some("Damaged"), "the goods came back damaged, or back to stock (box empty)"),
    (S::Return, Spec, A::Back, Some("Back"), "back to the sale, nothing returned"),
    (S::Return, Spec, A::Help, Some("Help"), "help: every key on this screen"),
    (S::Return, Spec, A::Total, None, "like Enter"),
    (S::Return, Spec, A::Up, None, "previous line"),
    (S::Return, Spec, A::Down, None, "next line"),
    (S::Return, Spec, A::PageUp, None, "a page of lines up"),
    (S::Return, Spec, A::PageDown, None, "a page of lines down"),
    (S::Return, Spec, A::Quit, None, "quit (asks first if a sale is in progress)"),
    (S::Return, Ctrl('c'), A::Quit, None, "quit, like Ctrl-Q"),

    (S::ReturnItems, Spec, A::Confirm, Some("Add"), "add the item typed (3* first for three); on the empty box, return"),
    (S::ReturnItems, Spec, A::Total, Some("Return"), "return every line (asks first)"),
    (S::ReturnItems, Spec, A::NextField, Some("Refund by"), "refund by cash, card or on account, in turn"),
    (S::ReturnItems, Named("F5"), A::Damaged, Some("Damaged"), "the goods came back damaged, or back to stock"),
    (S::ReturnItems, Spec, A::DeleteLine, Some("Remove"), "take the line under the cursor off the return"),
    (S::ReturnItems, Spec, A::Back, Some("Back"), "back to the sale, nothing returned"),
    (S::ReturnItems, Spec, A::Help, Some("Help"), "help: every key on this screen"),
    (S::ReturnItems, Spec, A::Up, None, "previous line"),
    (S::ReturnItems, Spec, A::Down, None, "next line"),
    (S::ReturnItems, Spec, A::PageUp, None, "a page of lines up"),
    (S::ReturnItems, Spec, A::PageDown, None, "a page of lines down"),
    (S::ReturnItems, Spec, A::Quit, None, "quit (asks first if a sale is in progress)"),
    (S::ReturnItems, Ctrl('c'), A::Quit, None, "quit, like Ctrl-Q"),

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
    (S::Reports, Spec, A::ReportAging, None, "Aging: backorders by days waited, with their value"),

    (S::FillWaiting, Spec, A::FillWaiting, None, "Fill the waiting orders, oldest first"),

    (S::Count, Spec, A::SetCount, None, "Set on hand to the count"),

    (S::Report, Spec, A::Back, Some("Close"), "close the report"),
    (S::Report, Spec, A::ScrollRight, Some("More columns"), "show the columns to the right"),
    (S::Report, Spec, A::ScrollLeft, Some("Back columns"), "show the columns to the left"),
    (S::Report, Spec, A::SwitchLocation, Some("Location"), "this location or all locations"),
    (S::Report, Spec, A::Help, Some("Help"), "help: every key on this screen"),
    (S::Report, Spec, A::Quit, Some("Quit"), "quit (asks first if a sale is in progress)"),
    (S::Report, Spec, A::Confirm, None, "close the report"),
    (S::Report, Spec, A::Up, None, "scroll up"),
    (S::Report, Spec, A::Down, None, "scroll down"),
    (S::Report, Spec, A::PageUp, None, "a page up"),
    (S::Report, Spec, A::PageDown, None, "a page down"),
    (S::Report, Ctrl('c'), A::Quit, None, "quit, like Ctrl-Q"),
    (S::Purchasing, Spec, A::CreatePo, Some("New PO"), "make a purchase order of the suggestions of the supplier under the cursor"),
    (S::Purchasing, Spec, A::ReceivePo, Some("Receive all"), "receive everything still to come on the purchase order under the cursor"),
    (S::Purchasing, Spec, A::Confirm, Some("Show"), "show the supplier's suggestions or the purchase order"),
    (S::Purchasing, Spec, A::Back, Some("Back"), "back to the manager menu"),
    (S::Purchasing, Spec, A::Help, Some("Help"), "help: every key on this screen"),
    (S::Purchasing, Spec, A::Quit, Some("Quit"), "quit (asks first if a sale is in progress)"),
    (S::Purchasing, Spec, A::Up, None, "previous row"),
    (S::Purchasing, Spec, A::Down, None, "next row"),
    (S::Purchasing, Spec, A::PageUp, None, "a page up"),
    (S::Purchasing, Spec, A::PageDown, None, "a page down"),
    (S::Purchasing, Ctrl('c'), A::Quit, None, "quit, like Ctrl-Q"),
    (S::Day, Spec, A::CloseDay, Some("Close day"), "close the day: count the drawer, then the Z report"),
    (S::Day, Spec, A::Back, Some("Back"), "back to the manager menu"),
    (S::Day, Spec, A::Help, Some("Help"), "help: every key on this screen"),
    (S::Day, Spec, A::Quit, Some("Quit"), "quit (asks first if a sale is in progress)"),
    (S::Day, Spec, A::Up, None, "scroll up"),
    (S::Day, Spec, A::Down, None, "scroll down"),
    (S::Day, Spec, A::PageUp, None, "a page up"),
    (S::Day, Spec, A::PageDown, None, "a page down"),
    (S::Day, Ctrl('c'), A::Quit, None, "quit, like Ctrl-Q"),
    (S::NotifyVia, Spec, A::NotifyPhone, None, "Phone: called them"),
    (S::NotifyVia, Spec, A::NotifyEmail, None, "E-mail: sent them an e-mail"),
    (S::NotifyVia, Spec, A::NotifySms, None, "Text: sent them a text message"),
    (S::RefundMethod, Spec, A::Cash, None, "Cash: paid back from the till"),
    (S::RefundMethod, Spec, A::Card, None, "Card: credited to the customer's card"),
    (S::RefundMethod, Spec, A::Account, None, "On account: lowers what the customer owes"),

    (S::Parked, Spec, A::Confirm, Some("Recall"), "recall the sale or quote under the cursor into the sale"),
    (S::Parked, Spec, A::Back, Some("Back"), "back to the sale, recalling nothing"),
    (S::Parked, Spec, A::Help, Some("Help"), "help: every key on this screen"),
    (S::Parked, Spec, A::Quit, Some("Quit"), "quit (asks first if a sale is in progress)"),
    (S::Parked, Spec, A::Up, None, "move up the list"),
    (S::Parked, Spec, A::Down, None, "move down the list"),
    (S::Parked, Spec, A::PageUp, None, "a page up"),
    (S::Parked, Spec, A::PageDown, None, "a page down"),
    (S::Parked, Spec, A::Total, None, "recall, like Enter"),
    (S::Parked, Ctrl('c'), A::Quit, None, "quit, like Ctrl-Q"),

    (S::Dashboard, Spec, A::Back, Some("Back"), "back to the manager menu"),
    (S::Dashboard, Spec, A::Help, Some("Help"), "help: every key on this screen"),
    (S::Dashboard, Spec, A::Quit, Some("Quit"), "quit (asks first if a sale is in progress)"),
    (S::Dashboard, Spec, A::Confirm, None, "back to the manager menu"),
    (S::Dashboard, Ctrl('c'), A::Quit, None, "quit, like Ctrl-Q"),
    (S::Help, Spec, A::Help, Some("Close"), "close the help"),
    (S::Help, Spec, A::Back, Some("Close"), "close the help"),
    (S::Help, Spec, A::Quit, Some("Quit"), "quit (asks first if a sale is in progress)"),
    (S::Help, Spec, A::Up, None, "scroll up"),
    (S::Help, Spec, A::Down, None, "scroll down"),
    (S::Help, Spec, A::PageUp, None, "a page up"),
    (S::Help, Spec, A::PageDown, None, "a page down"),
    (S::Help, Ctrl('c'), A::Quit, None, "quit, like Ctrl-Q"),
];

/// The sale screen's footer with no item rung yet: what starts the next piece of work
/// (the keys that need lines are left out; F1 lists every key).
#[rustfmt::skip]
pub const EMPTY_SALE_FOOTER: &[Action] = &[
    A::Recall, A::ReturnGoods, A::PayOnAccount, A::NoSale, A::Customer, A::ItemSearch,
    A::OrdersInProcess, A::ManagerMenu, A::Reprint, A::Help, A::Quit,
];

/// The sale screen's footer with a sale on screen: finishing it and changing its lines
/// first (recall, return, on account and no-sale are refused while a sale is on screen).
#[rustfmt::skip]
pub const SALE_FOOTER: &[Action] = &[
    A::Total, A::EditQuantity, A::DeleteLine, A::Park, A::VoidSale, A::Customer,
    A::ItemSearch, A::HoldBack, A::SetBackordered, A::Override, A::LinePrice,
    A::SaleDiscount, A::Quote, A::OrdersInProcess, A::ManagerMenu, A::Back, A::Help, A::Quit,
];

/// The keys every dialog of lettered options has, after its letters ([`Screen::CHOICES`]).
#[rustfmt::skip]
pub(super) const CHOICE_KEYS: &[(DefaultKey, Action, Option<&str>, &str)] = &[
    (Spec, A::Confirm, Some("Choose"), "choose the option under the cursor (or press its letter)"),
    (Spec, A::Back, Some("Back"), "back, choosing nothing"),
    (Spec, A::Help, Some("Help"), "help: every key on this screen"),
    (Spec, A::Total, None, "choose the option under the cursor"),
    (Spec, A::Up, None, "previous option"),
    (Spec, A::Down, None, "next option"),
    (Spec, A::Quit, None, "quit (asks first if a sale is in progress)"),
    (Ctrl('c'), A::Quit, None, "quit, like Ctrl-Q"),
];
