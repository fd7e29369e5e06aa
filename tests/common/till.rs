//! A counter driven through the app: keys in (as the terminal would send them), screen state
//! and database rows out.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ringup::app::choice::Choice;
use ringup::app::order::Order;
use ringup::app::orders::Orders;
use ringup::app::tender::Tender;
use ringup::app::text::TextView;
use ringup::app::{App, AppContext, Counter, Keymap, SaleLineView, Screen, StatusKind};
use ringup::config::Config;
use ringup::domain::{Role, User};
use ringup::store::Store;
use ringup::store::orders::{Fillable, StatusFilter};
use ringup::store::params;
use tempfile::TempDir;

pub const MANAGER_PIN: &str = "246810";
pub const CLERK_PIN: &str = "1357";

/// A counter over a store, with receipts going to a temporary data directory.
pub struct Till {
    pub app: App,
    pub dir: TempDir,
}

/// One row of the audit log.
#[derive(Debug)]
pub struct AuditRow {
    pub user: String,
    pub action: String,
    /// The product's SKU, if the row names one.
    pub sku: Option<String>,
    pub qty: Option<i64>,
    pub other_order: Option<i64>,
    pub detail: String,
}

/// Adds the two users every till knows: morgan (manager) and casey (clerk).
pub fn add_users(store: &mut Store) -> (User, User) {
    store.set_pin_policy(super::cheap_pins());
    let manager = store
        .add_user("morgan", Role::Manager, MANAGER_PIN)
        .unwrap();
    let clerk = store.add_user("casey", Role::Clerk, CLERK_PIN).unwrap();
    (manager, clerk)
}

pub fn context() -> AppContext {
    AppContext {
        store_name: "Test Store".into(),
        location: "MAIN".into(),
        user_name: String::new(),
        role: String::new(),
        currency: "CAD".into(),
    }
}

/// A till signed in as `who` ("morgan" or "casey"), with the config changed by `tweak`.
pub fn till_over(
    mut store: Store,
    who: &str,
    dir: TempDir,
    tweak: impl FnOnce(&mut Config),
) -> Till {
    let (manager, clerk) = add_users(&mut store);
    let user = if who == "casey" { clerk } else { manager };
    let mut config = super::config();
    config.data_dir = dir.path().to_path_buf();
    tweak(&mut config);
    let counter = Counter::new(store, config, user);
    let app = App::new(context(), Keymap::defaults(), counter, None);
    Till { app, dir }
}

/// A till signed in as `who` ("morgan", the manager, or "casey", a clerk).
pub fn till_as(who: &str) -> Till {
    till_over(super::store(), who, TempDir::new().unwrap(), |_| {})
}

/// A till signed in as morgan, the manager.
pub fn till() -> Till {
    till_as("morgan")
}

/// The app as `ringup` builds it, starting on the sign-in form (with the name `user` filled
/// in, if given).
pub fn till_at_sign_in(user: Option<&str>) -> Till {
    let dir = TempDir::new().unwrap();
    let mut store = super::store();
    add_users(&mut store);
    let mut config = super::config();
    config.data_dir = dir.path().to_path_buf();
    let ctx = ringup::cli::Context {
        db: ringup::store::Target::File(dir.path().join("unused.db")),
        db_given: false,
        config,
        user: None,
        approved_by: None,
        clock: super::clock(),
        demo: false,
    };
    let app = ringup::screen::build_app(&ctx, store, user).unwrap();
    Till { app, dir }
}

impl Till {
    pub fn key_with(&mut self, code: KeyCode, modifiers: KeyModifiers) {
        if let Some(action) = self.app.handle_key(KeyEvent::new(code, modifiers)) {
            self.app.update(action);
        }
    }

    pub fn key(&mut self, code: KeyCode) {
        self.key_with(code, KeyModifiers::NONE);
    }

    pub fn f(&mut self, n: u8) {
        self.key(KeyCode::F(n));
    }

    pub fn enter(&mut self) {
        self.key(KeyCode::Enter);
    }

    pub fn esc(&mut self) {
        self.key(KeyCode::Esc);
    }

    pub fn tab(&mut self) {
        self.key(KeyCode::Tab);
    }

    pub fn ctrl(&mut self, c: char) {
        self.key_with(KeyCode::Char(c), KeyModifiers::CONTROL);
    }

    /// Types text as a keyboard would: capitals come with Shift.
    pub fn typed(&mut self, text: &str) {
        for c in text.chars() {
            let modifiers = if c.is_ascii_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            self.key_with(KeyCode::Char(c), modifiers);
        }
    }

    /// Types at the item entry and presses Enter: `4*VALVE` rings 4.
    pub fn ring(&mut self, typed: &str) {
        self.typed(typed);
        self.enter();
    }

    /// Replaces what a prompt's field holds (Ctrl-U clears it) and presses Enter.
    pub fn answer(&mut self, text: &str) {
        self.ctrl('u');
        self.typed(text);
        self.enter();
    }

    /// F2, search, Enter on the first match.
    pub fn bill_to(&mut self, search: &str) {
        self.f(2);
        self.typed(search);
        self.enter();
    }

    /// A manager's name and PIN on the approval form.
    pub fn approve(&mut self, name: &str, pin: &str) {
        assert_eq!(self.top_title(), "approval", "{:?}", self.status());
        self.typed(name);
        self.enter();
        self.typed(pin);
        self.enter();
    }

    /// Rings `typed` for the customer found by `search`, totals, creates the customer order
    /// paid `payment` (`r` when received, `i` when invoiced) and pays all that is due in cash.
    pub fn ring_order(&mut self, search: &str, typed: &str, payment: &str) {
        self.bill_to(search);
        self.ring(typed);
        self.f(10);
        assert_eq!(self.top_title(), "Backorders Found", "{}", self.status());
        self.typed("c");
        self.typed(payment);
        assert_eq!(self.top_title(), "tender");
        self.enter();
        self.assert_on_sale_screen();
    }

    /// F8 r, then the receive form: SKU, quantity, location (MAIN is filled in) and
    /// reference (filled in); Enter moves from field to field and saves on the last.
    pub fn receive(&mut self, sku: &str, qty: &str) {
        self.f(8);
        assert_eq!(self.app.screen(), Screen::Manager, "{}", self.status());
        self.typed("r");
        assert_eq!(self.top_title(), "form: Receive stock");
        self.typed(sku);
        self.enter();
        self.typed(qty);
        self.enter();
        self.enter();
        self.enter();
    }

    /// F7, then Enter on the first order listed.
    pub fn open_first_order(&mut self) {
        self.f(7);
        assert_eq!(self.app.screen(), Screen::Orders);
        self.enter();
        assert_eq!(self.app.screen(), Screen::Order, "{}", self.status());
    }

    pub fn store(&self) -> &Store {
        &self.counter().store
    }

    pub fn counter(&self) -> &Counter {
        self.app.counter()
    }

    pub fn counter_mut(&mut self) -> &mut Counter {
        self.app.counter_mut()
    }

    pub fn lines(&self) -> Vec<SaleLineView> {
        self.app.sale().lines.clone()
    }

    pub fn status(&self) -> String {
        self.app
            .status()
            .map(|s| s.text.clone())
            .unwrap_or_default()
    }

    pub fn status_is_error(&self) -> bool {
        self.app
            .status()
            .is_some_and(|s| s.kind == StatusKind::Error)
    }

    /// A short name for the layer on top: "sale", "tender", "approval", "orders", a
    /// choice's title, "form: " and a form's title, and so on.
    pub fn top_title(&self) -> String {
        self.app.layers().last().expect("a layer").name()
    }

    /// What the tender dialog says is still due.
    pub fn tender_remaining(&self) -> String {
        let tender: &Tender = self
            .app
            .top()
            .unwrap_or_else(|| panic!("not on the tender: {}", self.top_title()));
        tender.remaining().to_string()
    }

    /// The choice dialog on top.
    pub fn choice(&self) -> &Choice {
        self.app
            .layers()
            .last()
            .and_then(|l| l.choice())
            .unwrap_or_else(|| panic!("not on a choice: {}", self.top_title()))
    }

    /// The body of the choice dialog on top.
    pub fn choice_body(&self) -> Vec<String> {
        self.choice().body.clone()
    }

    /// The lines of the text view on top.
    pub fn text_lines(&self) -> Vec<String> {
        let view: &TextView = self
            .app
            .top()
            .unwrap_or_else(|| panic!("not on a text view: {}", self.top_title()));
        view.lines.clone()
    }

    /// The orders listed on the orders-in-process screen (on top, or beneath the order).
    pub fn listed(&self) -> Vec<i64> {
        let screen: &Orders = self.app.find().expect("orders in process is open");
        screen.rows.iter().map(|o| o.doc.number).collect()
    }

    pub fn list_status(&self) -> StatusFilter {
        let screen: &Orders = self
            .app
            .top()
            .unwrap_or_else(|| panic!("not on orders in process: {}", self.top_title()));
        screen.status
    }

    /// The order on top.
    pub fn order(&self) -> &Order {
        self.app
            .top()
            .unwrap_or_else(|| panic!("not on an order: {}", self.top_title()))
    }

    /// Where each line of the order on top could be filled from.
    pub fn order_fillable(&self) -> Vec<Fillable> {
        self.order().order.fillable.clone()
    }

    /// (ordered, delivered, committed, backordered, cancelled) of each line of an order.
    pub fn order_lines(&self, number: i64) -> Vec<(i64, i64, i64, i64, i64)> {
        let order = self.store().order(number).unwrap().unwrap();
        order
            .lines
            .iter()
            .map(|l| {
                (
                    l.ordered,
                    l.delivered,
                    l.committed,
                    l.backordered,
                    l.cancelled,
                )
            })
            .collect()
    }

    pub fn order_status(&self, number: i64) -> String {
        self.store()
            .order(number)
            .unwrap()
            .unwrap()
            .status
            .to_string()
    }

    pub fn invoice_count(&self) -> i64 {
        self.count("SELECT count(*) FROM invoices")
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.store()
            .conn()
            .query_row(sql, params![], |r| r.get(0))
            .unwrap()
    }

    /// (on hand, committed) of a product at a location.
    pub fn stock_at(&self, sku: &str, location: &str) -> (i64, i64) {
        let product = self.store().require_product(sku).unwrap();
        let level = self.store().stock_level(product.id, location).unwrap();
        (level.on_hand, level.committed)
    }

    /// (on hand, committed) of a product at MAIN.
    pub fn stock(&self, sku: &str) -> (i64, i64) {
        self.stock_at(sku, "MAIN")
    }

    /// The receipt printed for `invoice`.
    pub fn receipt(&self, invoice: i64) -> String {
        super::receipt_text(self.dir.path(), invoice)
    }

    /// The audit log, oldest first.
    pub fn audit(&self) -> Vec<AuditRow> {
        let mut stmt = self
            .store()
            .conn()
            .prepare(
                "SELECT a.user_name, a.action, p.sku, a.qty, a.other_order, a.detail
                 FROM audit_log a LEFT JOIN products p ON p.id = a.product_id ORDER BY a.id",
            )
            .unwrap();
        stmt.query_map(params![], |r| {
            Ok(AuditRow {
                user: r.get(0)?,
                action: r.get(1)?,
                sku: r.get(2)?,
                qty: r.get(3)?,
                other_order: r.get(4)?,
                detail: r.get(5)?,
            })
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    }

    /// (user, action) of each row of the audit log, oldest first.
    pub fn audit_actions(&self) -> Vec<(String, String)> {
        self.audit()
            .into_iter()
            .map(|a| (a.user, a.action))
            .collect()
    }

    pub fn assert_invariants(&self) {
        let findings = self.store().check().unwrap();
        assert!(findings.is_empty(), "invariants broken: {findings:#?}");
    }

    pub fn assert_on_sale_screen(&self) {
        assert_eq!(self.app.layers().len(), 1, "on top: {}", self.top_title());
        assert_eq!(self.app.screen(), Screen::Sale);
    }
}
