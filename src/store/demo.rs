//! Demo stores: the small realistic catalog from `assets/`, and large generated stores for
//! measuring speed.

use std::collections::BTreeMap;

use crate::store::db::{Conn, Dialect, ToValue, Value, params};
use rust_decimal::Decimal;

use super::catalog::{NewCustomer, NewProduct, upsert_customer};
use super::import::{ImportReport, ImportRules};
use super::sales::{CommitError, SaleToCommit};
use super::stock::MovementKind;
use super::{Result, Store, StoreError};
use crate::domain::pricing::PriceBreak;
use crate::domain::sale::{self, Payment, Rules, TenderKind};
use crate::domain::{Money, Role};

pub const DEMO_PRODUCTS: &str = include_str!("../../assets/products.csv");
pub const DEMO_CUSTOMERS: &str = include_str!("../../assets/customers.csv");
pub const DEMO_SPECIAL_PRICES: &str = include_str!("../../assets/special_prices.csv");
pub const DEMO_SUPPLIERS: &str = include_str!("../../assets/suppliers.csv");

/// Products generated in one transaction: a short hold of the write lock (some 60 ms), so
/// counters on the same store barely wait, yet few enough transactions that the item search
/// index is not merged over and over.
pub const GENERATE_BATCH: u64 = 4_000;

/// Rows in one generated INSERT: 8 columns of 1,000 products stay well under the 32,766
/// parameters SQLite takes (and PostgreSQL's 65,535).
const ROWS_PER_INSERT: usize = 1_000;

/// The demo users and their PINs (documented in the README).
pub const DEMO_USERS: &[(&str, Role, &str)] = &[
    ("morgan", Role::Manager, "246810"),
    ("casey", Role::Clerk, "1357"),
];

impl Store {
    /// Fills an empty store with the demo catalog, customers, special prices, suppliers and
    /// users.
    pub fn load_demo(&mut self, rules: &ImportRules) -> Result<()> {
        let strict = ImportRules {
            skip_bad: false,
            ..rules.clone()
        };
        for (what, report) in [
            (
                "products",
                self.import_products(DEMO_PRODUCTS.as_bytes(), &strict)?,
            ),
            (
                "customers",
                self.import_customers(DEMO_CUSTOMERS.as_bytes(), &strict)?,
            ),
            (
                "special prices",
                self.import_special_prices(DEMO_SPECIAL_PRICES.as_bytes(), &strict)?,
            ),
            (
                "suppliers",
                self.import_suppliers(DEMO_SUPPLIERS.as_bytes(), &strict)?,
            ),
        ] {
            demo_ok(what, &report)?;
        }
        for (name, role, pin) in DEMO_USERS {
            self.add_user(name, *role, pin)?;
        }
        Ok(())
    }

    /// Generates a large store: `products` products (with stock at `location`, some breaks),
    /// `customers` customers. Written in short transactions of [`GENERATE_BATCH`] products,
    /// so counters working on the same store wait a moment at most; a million products take
    /// seconds, not minutes.
    pub fn generate(&mut self, products: u64, customers: u64, location: &str) -> Result<()> {
        self.ensure_location(location)?;
        self.ensure_demo_suppliers()?;
        let start_id: i64 = self.conn.query_row(
            "SELECT coalesce(max(id), 0) FROM products",
            params![],
            |r| r.get(0),
        )?;
        let start_customer: i64 =
            self.conn
                .query_row("SELECT count(*) FROM customers", params![], |r| r.get(0))?;
        // SQLite, while a million rows go in:
        // - a page cache of 16 MB keeps the pages being filled in memory (a larger one is
        //   slower: each commit walks the whole cache);
        // - pages written again and again (the word index's) are copied back from the
        //   write-ahead log every 10,000 pages rather than every 1,000;
        // - generated rows need not reach the disk at every batch's commit (with WAL,
        //   NORMAL syncs at checkpoints only);
        // - foreign keys are off, as the generated rows only refer to each other: the stock
        //   can then go in before its products (see `generate_products`), and turning them
        //   off once costs less than deferring them in every batch (each such pragma makes
        //   SQLite compile every statement again).
        // The store's own settings are restored afterwards.
        let synchronous: Option<i64> = match self.conn.sqlite_conn() {
            Some(lite) => {
                lite.pragma_update(None, "cache_size", -16_384)?;
                lite.pragma_update(None, "wal_autocheckpoint", 10_000)?;
                let was = lite.query_row("PRAGMA synchronous", [], |r| r.get(0))?;
                lite.pragma_update(None, "synchronous", "NORMAL")?;
                lite.pragma_update(None, "foreign_keys", "OFF")?;
                Some(was)
            }
            None => None,
        };
        let mut rng = Lcg(0x5eed);
        let done = self.tracked("products", products, |store| {
            let mut written = 0;
            while written < products {
                let batch = GENERATE_BATCH.min(products - written);
                let first = start_id + written as i64 + 1;
                store.generate_products(first, batch, location, &mut rng)?;
                written += batch;
                store.progress.advance(batch);
            }
            Ok(())
        });
        if let (Some(lite), Some(synchronous)) = (self.conn.sqlite_conn(), synchronous) {
            lite.pragma_update(None, "cache_size", -2_000)?;
            lite.pragma_update(None, "wal_autocheckpoint", 1_000)?;
            lite.pragma_update(None, "synchronous", synchronous)?;
            lite.pragma_update(None, "foreign_keys", "ON")?;
        }
        done?;
        self.sync_ids()?;
        let tx = self.write()?;
        for n in 0..customers {
            let k = start_customer + n as i64 + 1;
            upsert_customer(&tx, &generated_customer(k, &mut rng))?;
        }
        tx.commit()?;
        Ok(())
    }

    /// One transaction of `count` generated products, ids from `first`, written a table at
    /// a time with one statement of many rows each: the item search index then takes the
    /// batch's words in one go, not one flush of its pending words per row (SQLite's FTS
    /// writes them out at every statement that may need undoing on its own).
    fn generate_products(
        &mut self,
        first: i64,
        count: u64,
        location: &str,
        rng: &mut Lcg,
    ) -> Result<()> {
        let mut products: Vec<Value> = Vec::with_capacity(count as usize * 8);
        let mut breaks: Vec<Value> = Vec::new();
        let mut stock: Vec<Value> = Vec::new();
        for id in first..first + count as i64 {
            let p = generated_product(id, rng);
            products.extend([
                Value::Int(id),
                Value::Text(p.sku),
                p.barcode.map_or(Value::Null, Value::Text),
                Value::Text(p.description),
                p.price.to_value(),
                Value::Int(p.min_stock),
                Value::Int(p.reorder_qty),
                Value::Text(p.supplier),
            ]);
            for b in &p.breaks {
                let (kind, qty, price) = match *b {
                    PriceBreak::Tier { min_qty, unit } => ("tier", min_qty, unit),
                    PriceBreak::Set { qty, price } => ("set", qty, price),
                };
                breaks.extend([
                    Value::Int(id),
                    Value::Text(kind.into()),
                    qty.to_value(),
                    price.to_value(),
                ]);
            }
            let on_hand = (rng.next() % 60) as i64;
            if on_hand > 0 {
                stock.extend([Value::Int(id), Value::Int(on_hand)]);
            }
        }
        // The opening stock: its ledger rows and the stock rows they add up to (new
        // products have none yet), as `record_movement` writes them.
        let mut opening: Vec<Value> = Vec::with_capacity(stock.len() / 2 * 3);
        for pair in stock.chunks(2) {
            opening.extend([
                pair[0].clone(),
                Value::Text(location.into()),
                pair[1].clone(),
            ]);
        }
        let write_stock = |tx: &Conn| -> Result<()> {
            let kind = MovementKind::Opening.as_str();
            let at = tx.now_text();
            insert_rows(
                tx,
                "INSERT INTO stock_movements (product_id, location, qty, kind, reference, user_name,
                                              at)
                 VALUES",
                &format!("(?, ?, ?, '{kind}', 'demo-data', 'demo-data', '{at}')"),
                3,
                &opening,
            )?;
            insert_rows(
                tx,
                "INSERT INTO stock (product_id, location, on_hand) VALUES",
                "(?, ?, ?)",
                3,
                &opening,
            )
        };
        let tx = self.write()?;
        // On SQLite, with its foreign keys off while generating, the stock goes in before
        // its products: a new product then finds its stock and is kept among the shortfalls
        // only if it is short, not added and taken out again. PostgreSQL checks each key at
        // once: the products first.
        let stock_first = tx.dialect() == Dialect::Sqlite;
        if stock_first {
            write_stock(&tx)?;
        }
        insert_rows(
            &tx,
            "INSERT INTO products (id, sku, barcode, description, price, tax_class, min_stock,
                                   reorder_qty, supplier) VALUES",
            "(?, ?, ?, ?, ?, 'standard', ?, ?, ?)",
            8,
            &products,
        )?;
        insert_rows(
            &tx,
            "INSERT INTO price_breaks (product_id, kind, qty, price) VALUES",
            "(?, ?, ?, ?)",
            4,
            &breaks,
        )?;
        if !stock_first {
            write_stock(&tx)?;
        }
        tx.commit()?;
        Ok(())
    }
}

/// Rows in statements of up to [`ROWS_PER_INSERT`] rows each: `head` ("INSERT … VALUES"),
/// then `row` (with a bare `?` for each of its `width` values) once per row.
fn insert_rows(conn: &Conn, head: &str, row: &str, width: usize, values: &[Value]) -> Result<()> {
    for chunk in values.chunks(width * ROWS_PER_INSERT) {
        let rows = std::iter::repeat_n(row, chunk.len() / width);
        let sql = format!("{head} {}", rows.collect::<Vec<_>>().join(", "));
        let params: Vec<&dyn ToValue> = chunk.iter().map(|v| v as &dyn ToValue).collect();
        conn.prepare_cached(&sql)?.execute(&params)?;
    }
    Ok(())
}

impl Store {
    /// The demo's suppliers, which generated products name, with their lead times: added
    /// where missing (a supplier already there is left as it is), so purchase orders and
    /// expected dates can be tried on a generated store.
    fn ensure_demo_suppliers(&self) -> Result<()> {
        let mut rows = Vec::new();
        for record in csv::Reader::from_reader(DEMO_SUPPLIERS.as_bytes()).records() {
            let r = record.map_err(|e| StoreError::bad_input("suppliers", "demo", e))?;
            let lead: i64 = r[4].parse().unwrap_or(0);
            rows.push(crate::store::db::values![&r[0], &r[1], &r[2], &r[3], lead]);
        }
        crate::store::db::insert_rows_then(
            &self.conn,
            "suppliers (code, name, phone, email, lead_time_days)",
            &rows,
            "ON CONFLICT (code) DO NOTHING",
        )
    }

    /// Generates `count` customer orders through the counter's own sale path: each sells one
    /// product to a customer, one or more units beyond what is available, so the rest is
    /// backordered (alternately paid when received and when invoiced).
    pub fn generate_orders(
        &mut self,
        count: u64,
        rules: &Rules,
        tax_rates: &BTreeMap<String, Decimal>,
        location: &str,
    ) -> Result<u64> {
        if count == 0 {
            return Ok(0);
        }
        let products = self.product_count()?;
        let customers: i64 =
            self.conn
                .query_row("SELECT count(*) FROM customers", params![], |r| r.get(0))?;
        if products == 0 || customers == 0 {
            return Err(StoreError::bad_input(
                "--orders",
                count,
                "orders need products and customers: generate or import them first",
            ));
        }
        self.tracked("orders", count, |store| {
            store.generate_each_order(count, rules, tax_rates, location, products, customers)
        })?;
        Ok(count)
    }

    fn generate_each_order(
        &mut self,
        count: u64,
        rules: &Rules,
        tax_rates: &BTreeMap<String, Decimal>,
        location: &str,
        products: i64,
        customers: i64,
    ) -> Result<()> {
        let mut rng = Lcg(0x0dd5);
        for n in 0..count {
            self.progress.advance(1);
            let customer_id = 1 + (rng.next() as i64 % customers);
            let Some(customer) = self.customer_by_id(customer_id)? else {
                continue;
            };
            let product_id = 1 + (rng.next() as i64 % products);
            let Some(product) = self.product_by_id(product_id)? else {
                continue;
            };
            let available = self.stock_level(product.id, location)?.available();
            // Beyond what is available (all of it, however much), so the order has backorders.
            let qty = u32::try_from(available.max(0))
                .unwrap_or(0)
                .saturating_add(1 + (n % 3) as u32);
            let line = self.ring_line(&product.sku, qty, Some(&customer), location, tax_rates)?;
            let outcomes = [line.outcome(rules)];
            let payment = if n % 2 == 0 {
                Payment::WhenReceived
            } else {
                Payment::WhenInvoiced
            };
            let totals = sale::totals(&outcomes, payment, rules.prices_include_tax);
            let tenders = [(TenderKind::Card, totals.due)];
            let lines = [line];
            self.commit_sale(&SaleToCommit {
                location,
                user: "demo-data",
                customer: Some(&customer),
                lines: &lines,
                outcomes: &outcomes,
                payment,
                totals: &totals,
                tenders: if totals.due.is_zero() { &[] } else { &tenders },
                change: Money::ZERO,
                prices_include_tax: rules.prices_include_tax,
                audit: &[],
                approvals: &[],
            })
            .map_err(|e| match e {
                CommitError::Store(e) => e,
                other => StoreError::bad_input("--orders", n, other),
            })?;
            self.date_back(days_ago(n, count))?;
        }
        Ok(())
    }

    /// Dates the last sale and the order it made `days` days back, so generated orders wait
    /// for different times (aging, due dates and expected dates can be tried at scale).
    fn date_back(&self, days: i64) -> Result<()> {
        let at = self
            .conn
            .clock()
            .now()
            .checked_sub(jiff::SignedDuration::from_hours(24 * days))
            .map(crate::store::db::time_text)
            .map_err(|e| StoreError::bad_input("--orders", days, e))?;
        self.conn.execute(
            "UPDATE invoices SET at = ?1 WHERE number = (SELECT max(number) FROM invoices)",
            params![at],
        )?;
        self.conn.execute(
            "UPDATE order_lines SET queued_at = ?1
             WHERE order_number = (SELECT max(number) FROM orders)",
            params![at],
        )?;
        self.conn.execute(
            "UPDATE orders SET ordered_at = ?1 WHERE number = (SELECT max(number) FROM orders)",
            params![at],
        )?;
        Ok(())
    }
}

/// How many days back the `n`th of `count` generated orders is dated: the first 120 days
/// back, the last today, evenly between.
fn days_ago(n: u64, count: u64) -> i64 {
    let last = count.saturating_sub(1).max(1);
    (120 * (last - n.min(last)) / last) as i64
}

fn demo_ok(what: &str, report: &ImportReport) -> Result<()> {
    match report.bad_rows.first() {
        None => Ok(()),
        Some(e) => Err(StoreError::bad_input(
            "assets",
            what,
            format!("the demo {what} file has a bad row: {e}"),
        )),
    }
}

/// A small deterministic generator: the same store every run, no extra crate.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const KINDS: &[&str] = &[
    "wood screw",
    "machine bolt",
    "hex nut",
    "flat washer",
    "lag screw",
    "drywall anchor",
    "ball valve",
    "elbow",
    "tee",
    "coupling",
    "pipe nipple",
    "gate valve",
    "breaker",
    "receptacle",
    "toggle switch",
    "junction box",
    "wire nut",
    "cable",
    "drill bit",
    "saw blade",
    "hammer",
    "chisel",
    "tape measure",
    "paint brush",
    "roller cover",
    "primer",
    "enamel",
    "caulk",
    "masking tape",
    "sandpaper",
];
const MATERIALS: &[&str] = &[
    "zinc",
    "stainless",
    "brass",
    "galvanized",
    "copper",
    "PVC",
    "steel",
    "nylon",
    "cobalt",
    "carbide",
    "latex",
    "acrylic",
    "fiberglass",
];
const SIZES: &[&str] = &[
    "1/4in", "3/8in", "1/2in", "3/4in", "1in", "1-1/4in", "#8", "#10", "M6", "M8", "12AWG",
    "14AWG", "15A", "20A", "2in", "3in", "9in", "1qt", "1gal",
];
const SUPPLIERS: &[&str] = &[
    "Northline Fasteners",
    "Keystone Plumbing Supply",
    "Volta Electric Dist.",
    "Ironwood Tool Co.",
    "Coastal Paint & Sundries",
];
const FIRST: &[&str] = &[
    "Alder", "Birch", "Cedar", "Dunmore", "Eastgate", "Foxhill", "Granite", "Harbor", "Ironside",
    "Juniper", "Kestrel", "Lakeview",
];
const TRADES: &[&str] = &[
    "Plumbing",
    "Electric",
    "Builders",
    "Contracting",
    "Property Services",
    "Renovations",
    "Mechanical",
    "Roofing",
];

fn generated_product(id: i64, rng: &mut Lcg) -> NewProduct {
    let kind = rng.pick(KINDS);
    let material = rng.pick(MATERIALS);
    let size = rng.pick(SIZES);
    let cents = 25 + (rng.next() % 9_975) as i64;
    let price = Money::from_minor(cents);
    let breaks = match id % 10 {
        0 => vec![PriceBreak::Set {
            qty: 3,
            price: Money::from_minor(cents * 25 / 10),
        }],
        5 => vec![PriceBreak::Tier {
            min_qty: 10,
            unit: Money::from_minor((cents * 9 / 10).max(1)),
        }],
        _ => Vec::new(),
    };
    NewProduct {
        sku: format!("GEN-{id:07}"),
        barcode: Some(ean13(200_000_000_000 + id as u64)),
        description: format!("{kind} {material} {size} item {id}"),
        price,
        breaks,
        tax_class: "standard".into(),
        min_stock: (rng.next() % 12) as i64,
        reorder_qty: 12,
        supplier: rng.pick(SUPPLIERS).to_string(),
    }
}

fn generated_customer(k: i64, rng: &mut Lcg) -> NewCustomer {
    let name = format!("{} {} {k}", rng.pick(FIRST), rng.pick(TRADES));
    NewCustomer {
        account: format!("G{k:07}"),
        email: format!("accounts{k}@example.com"),
        name,
        phone: format!("555-{:04}", k % 10_000),
        credit_limit: Money::from_minor(((rng.next() % 50) as i64 + 1) * 10_000),
        price_level_pct: rust_decimal::Decimal::from(rng.next() % 3 * 5),
    }
}

/// A 13-digit EAN with its check digit, from a 12-digit body.
pub fn ean13(body: u64) -> String {
    let digits = format!("{:012}", body % 1_000_000_000_000);
    let sum: u32 = digits
        .bytes()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    format!("{digits}{}", (10 - sum % 10) % 10)
}

#[cfg(test)]
mod tests {
    use super::days_ago;
    #[test]
    fn generated_orders_are_dated_over_the_last_120_days() {
        assert_eq!(days_ago(0, 5), 120);
        assert_eq!(days_ago(2, 5), 60);
        assert_eq!(days_ago(4, 5), 0);
        assert_eq!(days_ago(0, 1), 120);
    }

    #[test]
    fn ean13_check_digit() {
        // A well-known EAN: 4006381333931.
        assert_eq!(super::ean13(400638133393), "4006381333931");
    }
}
