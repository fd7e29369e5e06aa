//! Shared set-up for integration tests: a store with a small known catalog, and a way to
//! ring a whole sale through the same domain and store code the counter uses. Beside it:
//! `till` drives the app by keys, `screen` draws it to text, `cli` runs the binary in a
//! temporary directory, and `pty` runs it in a pseudo-terminal.
#![allow(dead_code)]

pub mod cli;
pub mod pty;
pub mod screen;
pub mod till;

use std::path::Path;

use jiff::tz::TimeZone;
use ringup::clock::Clock;
use ringup::config::Config;
use ringup::domain::Customer;
use ringup::domain::Money;
use ringup::domain::sale::{self, Payment, Rules, SaleLine, TenderKind};
use ringup::store::Store;
use ringup::store::import::ImportRules;
use ringup::store::policy::Approval;
use ringup::store::sales::{CommitError, Committed, SaleToCommit};

/// A refund paid back in cash (the store ignores it where nothing goes back).
pub const CASH: Option<TenderKind> = Some(TenderKind::Cash);

pub const PRODUCTS: &str = "\
sku,barcode,description,price,breaks,on_hand,location,min_stock,reorder_qty,supplier,tax_class
VALVE,0001,Ball valve 3/4in brass,10.00,3for25.00,2,MAIN,4,10,Keystone,standard
SCREW,0002,Wood screw #8 box,5.00,,100,MAIN,20,50,Northline,standard
TAPE,0003,PTFE tape 1/2in,1.00,,0,MAIN,5,20,Keystone,standard
CONC,0004,Concrete mix 80lb,6.00,,30,YARD,0,0,Prairie,exempt
";

pub const CUSTOMERS: &str = "\
account,name,phone,email,credit_limit,price_level_pct
C1,Dunmore Plumbing,555-0101,ap@dunmore.test,1000.00,0
C2,Pat Walker,555-0102,,50.00,0
C3,Harbor Builders,555-0103,,5000.00,5
";

/// PINs hashed at argon2's lowest cost, so tests sign in quickly (only the config file is
/// held to the floor; the store takes any cost it is handed). The binary remakes such a
/// hash at [`cli::CHEAP_PINS`]'s cost when its user first signs in there.
pub fn cheap_pins() -> ringup::store::users::PinPolicy {
    ringup::store::users::PinPolicy {
        cost: ringup::store::users::PinCost {
            memory_kib: 8,
            iterations: 1,
        },
        ..Default::default()
    }
}

/// The instant every store and counter of a test in this process stands at (unless a test
/// moves it): whatever day the suite runs, what it shows and compares is the same.
pub const NOW: &str = "2026-12-03T17:00:00Z";

/// The store's zone in tests: UTC, so a stored instant reads as it is written. Tests of
/// local time set their own zone.
pub fn zone() -> TimeZone {
    TimeZone::UTC
}

/// A clock fixed at [`NOW`] in [`zone`].
pub fn clock() -> Clock {
    Clock::fixed(NOW.parse().unwrap(), zone())
}

/// A config with no tax, so money figures in tests are the pricing figures.
pub fn config() -> Config {
    let mut c = Config::defaults(std::env::temp_dir());
    for rate in c.tax.rates.values_mut() {
        *rate = rust_decimal::Decimal::ZERO;
    }
    c.store.time_zone = zone();
    c
}

pub fn rules(c: &Config) -> Rules {
    c.sale_rules()
}

pub fn store() -> Store {
    let mut store = empty_store();
    load_catalog(&mut store);
    store
}

/// The PostgreSQL server the store, flow and check tests also run against: the URL in
/// `RINGUP_TEST_POSTGRES` (its user may create schemas), or none (SQLite only).
pub fn postgres() -> Option<String> {
    std::env::var("RINGUP_TEST_POSTGRES")
        .ok()
        .filter(|url| !url.is_empty())
}

/// A new empty schema on the test server, and the URL of a connection that works in it:
/// every test has a store of its own.
pub fn fresh_postgres(admin: &str) -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let name = format!(
        "t{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    ringup::store::db::create_schema(admin, &name).unwrap()
}

/// An empty store: in memory, or a fresh schema on the PostgreSQL test server, on the
/// test [`clock`].
pub fn empty_store() -> Store {
    let mut store = match postgres() {
        Some(admin) => Store::open_postgres(&fresh_postgres(&admin)).unwrap(),
        None => Store::open_in_memory().unwrap(),
    };
    store.set_clock(clock());
    store
}

/// The test suppliers: the catalog's products name Keystone and Northline.
pub const SUPPLIERS: &str = "\
code,name,phone,email,lead_time_days
Keystone,Keystone Supply,555-0201,orders@keystone.test,7
Northline,Northline Fasteners,555-0202,,3
";

/// Import rules of the test store: MAIN, the three tax classes, every row or none.
pub fn import_rules() -> ImportRules {
    ImportRules {
        default_location: "MAIN".into(),
        tax_classes: vec!["standard".into(), "reduced".into(), "exempt".into()],
        skip_bad: false,
        user: "morgan".into(),
    }
}

/// Loads [`SUPPLIERS`] into a store.
pub fn load_suppliers(store: &mut Store) {
    let report = store
        .import_suppliers(SUPPLIERS.as_bytes(), &import_rules())
        .unwrap();
    assert!(report.committed);
}

/// Loads the test products and customers into a store (in memory or on disk).
pub fn load_catalog(store: &mut Store) {
    let rules = import_rules();
    assert!(
        store
            .import_products(PRODUCTS.as_bytes(), &rules)
            .unwrap()
            .committed
    );
    assert!(
        store
            .import_customers(CUSTOMERS.as_bytes(), &rules)
            .unwrap()
            .committed
    );
    // The import audits each customer it creates; the tests read the audit of what they
    // do themselves, from a log that starts empty.
    store
        .conn()
        .execute("DELETE FROM audit_log", ringup::store::params![])
        .unwrap();
}

/// The day `days` after the test clock's today (before, when negative) as `YYYY-MM-DD`.
pub fn in_days(days: i64) -> String {
    days_after(clock().today(), days)
}

pub fn days_after(day: jiff::civil::Date, days: i64) -> String {
    day.checked_add(jiff::Span::new().days(days))
        .unwrap()
        .to_string()
}

pub fn money(text: &str) -> Money {
    Money::parse(text).unwrap()
}

/// Rings `lines` (SKU, quantity, held back) for a customer and pays the whole amount due in
/// cash; a line with units short becomes a customer order paid as `payment`.
pub fn ring(
    store: &mut Store,
    config: &Config,
    account: Option<&str>,
    lines: &[(&str, u32, u32)],
    payment: Payment,
) -> Committed {
    ring_paid(store, config, account, lines, payment, TenderKind::Cash)
}

/// Rings `lines` for a customer on account: the whole amount due charged to it.
pub fn ring_on_account(
    store: &mut Store,
    config: &Config,
    account: &str,
    lines: &[(&str, u32, u32)],
    payment: Payment,
) -> Committed {
    ring_paid(
        store,
        config,
        Some(account),
        lines,
        payment,
        TenderKind::Account,
    )
}

pub fn ring_paid(
    store: &mut Store,
    config: &Config,
    account: Option<&str>,
    lines: &[(&str, u32, u32)],
    payment: Payment,
    kind: TenderKind,
) -> Committed {
    let customer = account.map(|a| store.require_customer(a).unwrap());
    let sale_lines: Vec<SaleLine> = lines
        .iter()
        .map(|(sku, qty, held)| {
            let mut l = store
                .ring_line(sku, *qty, customer.as_ref(), "MAIN", &config.tax.rates)
                .unwrap();
            l.held_back = *held;
            l
        })
        .collect();
    commit_paid(
        store,
        config,
        &Paid {
            user: "tester",
            customer: customer.as_ref(),
            lines: &sale_lines,
            payment,
            kind,
            approvals: &[],
        },
    )
    .unwrap()
}

/// A cash sale of `lines` rung on a store opened at an older schema version, as that
/// version wrote it: today's commit names the invoice line columns added since, so they are
/// there only while it writes.
pub fn ring_on_old_store(store: &mut Store, lines: &[(&str, u32, u32)]) {
    let added = "ALTER TABLE invoice_lines ADD COLUMN owed_later TEXT NOT NULL DEFAULT '0'";
    store.conn().execute_batch(added).unwrap();
    ring(store, &config(), None, lines, Payment::WhenReceived);
    let dropped = "ALTER TABLE invoice_lines DROP COLUMN owed_later";
    store.conn().execute_batch(dropped).unwrap();
}

/// A sale at MAIN, paid whole one way, as [`commit_paid`] writes it.
pub struct Paid<'a> {
    pub user: &'a str,
    pub customer: Option<&'a Customer>,
    pub lines: &'a [SaleLine],
    pub payment: Payment,
    pub kind: TenderKind,
    pub approvals: &'a [Approval],
}

/// Writes `sale` through the store's commit: its outcomes and totals by the config's rules,
/// all that is due paid by `sale.kind` (no tender when nothing is due).
pub fn commit_paid(
    store: &mut Store,
    config: &Config,
    sale: &Paid<'_>,
) -> Result<Committed, CommitError> {
    let r = rules(config);
    let outcomes: Vec<_> = sale.lines.iter().map(|l| l.outcome(&r)).collect();
    let totals = sale::totals(&outcomes, sale.payment, r.prices_include_tax);
    let tenders = [(sale.kind, totals.due)];
    store.commit_sale(&SaleToCommit {
        location: "MAIN",
        user: sale.user,
        customer: sale.customer,
        lines: sale.lines,
        outcomes: &outcomes,
        payment: sale.payment,
        totals: &totals,
        tenders: if totals.due.is_zero() { &[] } else { &tenders },
        change: Money::ZERO,
        prices_include_tax: r.prices_include_tax,
        audit: &[],
        approvals: sale.approvals,
    })
}

/// The three orders the report and command-line tests share:
/// order 1: C1 prepaid 4 VALVE (2 delivered, 2 backordered, deposit 16.66);
/// order 2: C2 3 TAPE backordered, due in 30 days ([`in_days`]);
/// order 3: C3 10 SCREW, 4 held back (committed).
pub fn ring_three_orders(store: &mut Store) {
    let c = config();
    for (account, line, payment) in [
        ("C1", ("VALVE", 4, 0), Payment::WhenInvoiced),
        ("C2", ("TAPE", 3, 0), Payment::WhenReceived),
        ("C3", ("SCREW", 10, 4), Payment::WhenReceived),
    ] {
        ring(store, &c, Some(account), &[line], payment);
    }
    let due = days_after(store.today(), 30);
    store.set_due(2, Some(&due), "boss", &[]).unwrap();
}

/// The text of the receipt printed for `invoice` under the data directory `data`.
pub fn receipt_text(data: &Path, invoice: i64) -> String {
    let path = data
        .join("receipts")
        .join(format!("invoice-{invoice:06}.txt"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Puts `lines` (SKU, quantity, held back) aside for a customer, as the counter parks a
/// sale or keeps a quote, priced as rung now.
pub fn park(
    store: &mut Store,
    kind: ringup::domain::parked::ParkKind,
    account: Option<&str>,
    lines: &[(&str, u32, u32)],
) -> ringup::store::parked::ParkedSale {
    use ringup::domain::parked::ParkedLine;
    let c = config();
    let r = rules(&c);
    let customer = account.map(|a| store.require_customer(a).unwrap());
    let parked: Vec<ParkedLine> = lines
        .iter()
        .map(|(sku, qty, held)| {
            let mut l = store
                .ring_line(sku, *qty, customer.as_ref(), "MAIN", &c.tax.rates)
                .unwrap();
            l.held_back = *held;
            ParkedLine::of(&l, &l.outcome(&r))
        })
        .collect();
    let total = parked.iter().map(|l| l.amount).sum();
    store
        .park_sale(&ringup::store::parked::ToPark {
            kind,
            location: "MAIN",
            user: "tester",
            customer: customer.as_ref(),
            payment: Payment::WhenReceived,
            lines: &parked,
            total,
            quote: None,
            discount: None,
        })
        .unwrap()
}
