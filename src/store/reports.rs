//! The manager's reports (SPEC section 5). Each returns rows whose fields are the report's
//! columns in snake_case, in table order, so the screen, CSV and JSON show the same thing.
//!
//! Every report is driven by open order lines (few) or by one scan of the products table, so
//! it stays quick on a million products.
//!
//! The reorder quantity (`reorder` and `purchase`), where the spec leaves room:
//! - below minimum means *available* (on hand less committed) under `min_stock`, because
//!   committed units are already promised to customers;
//! - restocking: when below minimum, max(reorder_qty, min_stock − available), else 0;
//! - backordered demand is added on top, less any available stock above the minimum (that
//!   stock can fill those backorders now):
//!   `suggested = restock + max(0, backordered − max(0, available − min_stock))`.
//!
//! Products with nothing suggested are left out.
//!
//! Each stock report looks at one location, or at the whole store as one stock
//! (params![`Scope`]). At one location, on hand elsewhere is shown beside on hand here, and a
//! need is met first by a transfer of what the other locations can spare (see
//! [`crate::domain::replenish`]), then by a purchase of the rest. The purchase report buys
//! only what open purchase orders in the scope do not already bring
//! ([`crate::domain::purchasing::still_to_order`]); `po suggest` is that report.

use std::collections::BTreeMap;

use crate::store::db::{Row, params};
use serde::Serialize;

use super::docs::numbers_json;
use super::orders::{OrderFilter, OrderSort, StatusFilter};
use super::{Result, Store, StoreError};
use crate::domain::Money;
use crate::domain::aging::{Aged, age_buckets};
use crate::domain::calendar::day_of;
use crate::domain::purchasing::still_to_order;
use crate::store::purchasing::on_order;

/// A report row: its column names, in the order the fields serialise.
pub trait ReportRow: Serialize {
    const COLUMNS: &'static [&'static str];
}

/// Backorder report: one row per backordered order line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackorderRow {
    pub order: i64,
    /// The customer's name.
    pub customer: String,
    /// The order date, `YYYY-MM-DD`.
    pub date: String,
    pub due: Option<String>,
    pub sku: String,
    pub description: String,
    pub ordered: i64,
    /// Delivered so far.
    pub shipped: i64,
    pub backordered: i64,
    /// What the backordered units are worth, by the line's frozen prices.
    pub value: Money,
    pub days_waiting: i64,
    /// Expected date of the purchase order that completes the line.
    pub eta: Option<String>,
    pub po: Option<i64>,
}

impl ReportRow for BackorderRow {
    const COLUMNS: &'static [&'static str] = &[
        "order",
        "customer",
        "date",
        "due",
        "sku",
        "description",
        "ordered",
        "shipped",
        "backordered",
        "value",
        "days_waiting",
        "eta",
        "po",
    ];
}

/// Backorder aging: backordered lines of open orders by days waited.
pub type AgingRow = crate::domain::aging::BucketTotal;

impl ReportRow for AgingRow {
    const COLUMNS: &'static [&'static str] = &["bucket", "lines", "units", "value", "deposits"];
}

/// Order backlog by product: open demand that no stock covers yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BacklogRow {
    pub sku: String,
    pub description: String,
    pub on_hand: i64,
    /// On hand at the other locations.
    pub on_hand_elsewhere: i64,
    pub committed: i64,
    pub available: i64,
    pub backordered: i64,
    /// Open orders with backordered units of the product.
    pub orders_waiting: i64,
}

impl ReportRow for BacklogRow {
    const COLUMNS: &'static [&'static str] = &[
        "sku",
        "description",
        "on_hand",
        "on_hand_elsewhere",
        "committed",
        "available",
        "backordered",
        "orders_waiting",
    ];
}

/// Reorder report: products below their minimum or with backordered demand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReorderRow {
    pub sku: String,
    pub description: String,
    pub on_hand: i64,
    /// On hand at the other locations.
    pub on_hand_elsewhere: i64,
    pub available: i64,
    /// What the other locations can spare (on hand less committed less their minimum).
    pub elsewhere: i64,
    pub min_stock: i64,
    pub reorder_qty: i64,
    pub backordered: i64,
    /// Where the transfer comes from (see [`Plan::transfer_from`]).
    pub transfer_from: String,
    /// Units to move here from the other locations.
    pub transfer: i64,
    /// Units to buy once the transfer is made.
    pub purchase: i64,
}

impl ReportRow for ReorderRow {
    const COLUMNS: &'static [&'static str] = &[
        "sku",
        "description",
        "on_hand",
        "on_hand_elsewhere",
        "available",
        "elsewhere",
        "min_stock",
        "reorder_qty",
        "backordered",
        "transfer_from",
        "transfer",
        "purchase",
    ];
}

/// Outstanding deposits: what each order still holds (taken − applied − refunded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DepositRow {
    pub order: i64,
    /// The customer's name.
    pub customer: String,
    /// The invoice the deposit was taken on.
    pub invoice: i64,
    pub deposit: Money,
}

impl ReportRow for DepositRow {
    const COLUMNS: &'static [&'static str] = &["order", "customer", "invoice", "deposit"];
}

/// Suggested purchase orders: what stock at other locations cannot cover, per supplier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PurchaseRow {
    pub supplier: String,
    pub sku: String,
    pub description: String,
    pub backordered: i64,
    pub on_hand: i64,
    /// On hand at the other locations.
    pub on_hand_elsewhere: i64,
    pub available: i64,
    pub min_stock: i64,
    /// Where the transfer that comes before the purchase comes from.
    pub transfer_from: String,
    /// Units moved from the other locations instead of bought.
    pub transfer: i64,
    /// Units still to come on open purchase orders, which are not bought again.
    pub on_order: i64,
    /// Units to buy.
    pub qty: i64,
    /// Units to buy before what is on order is counted (not a column: `po suggest` shows
    /// it as `suggested`).
    #[serde(skip)]
    pub needed: i64,
}

impl ReportRow for PurchaseRow {
    const COLUMNS: &'static [&'static str] = &[
        "supplier",
        "sku",
        "description",
        "backordered",
        "on_hand",
        "on_hand_elsewhere",
        "available",
        "min_stock",
        "transfer_from",
        "transfer",
        "on_order",
        "qty",
    ];
}

pub use crate::domain::order::suggested_qty;
use crate::domain::replenish::{Plan, plan, spare};

/// Which stock a report looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// One location; the others are "elsewhere".
    At(String),
    /// The whole store as one stock: nothing is elsewhere.
    All,
}

impl Scope {
    /// The location code, or `None` for the whole store (an SQL NULL: every location).
    fn code(&self) -> Option<&str> {
        match self {
            Scope::At(code) => Some(code),
            Scope::All => None,
        }
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scope::At(code) => f.write_str(code),
            Scope::All => f.write_str("all locations"),
        }
    }
}

/// On hand and committed of a product in the scope (`?1`: a location, NULL for all), and
/// on hand outside it, for a query over `products p LEFT JOIN stock s ON s.product_id =
/// p.id` grouped by product: one join, not three lookups per product.
const STOCK_IN_SCOPE: &str = "
    coalesce(sum(CASE WHEN CAST(?1 AS TEXT) IS NULL OR s.location = ?1
                      THEN s.on_hand END), 0) AS on_hand,
    coalesce(sum(CASE WHEN CAST(?1 AS TEXT) IS NULL OR s.location = ?1
                      THEN s.committed END), 0) AS committed,
    coalesce(sum(CASE WHEN CAST(?1 AS TEXT) IS NOT NULL AND s.location <> ?1
                      THEN s.on_hand END), 0) AS on_hand_elsewhere";

/// A product's figures as read, with the units committed in the scope.
struct Found {
    id: i64,
    committed: i64,
    need: Need,
}

impl Found {
    /// A product as a row gives it, id, SKU, description, supplier, minimum and reorder
    /// quantity first, with its units backordered; no stock yet.
    fn read(r: &Row<'_>, backordered: &BTreeMap<i64, i64>) -> Result<Found> {
        let id = r.get(0)?;
        Ok(Found {
            id,
            committed: 0,
            need: Need {
                sku: r.get(1)?,
                description: r.get(2)?,
                supplier: r.get(3)?,
                min_stock: r.get(4)?,
                reorder_qty: r.get(5)?,
                backordered: backordered.get(&id).copied().unwrap_or(0),
                ..Need::default()
            },
        })
    }

    /// One stock row of the product: in the scope (`here`), or at `location` outside it.
    fn add_stock(&mut self, here: bool, on_hand: i64, committed: i64, location: &str) {
        if here {
            self.need.on_hand += on_hand;
            self.committed += committed;
        } else {
            self.need.on_hand_elsewhere += on_hand;
            let spare = spare(on_hand, committed, self.need.min_stock);
            self.need.spares.push((location.to_string(), spare));
        }
    }

    fn into_need(self) -> Need {
        let mut need = self.need;
        need.id = self.id;
        need.available = (need.on_hand - self.committed).max(0);
        need.spares.sort_by(|a, b| a.0.cmp(&b.0));
        need
    }
}

/// `items` sorted by `order` through their places, each item moved once: report rows are
/// large, and a report may have a hundred thousand.
fn in_order<T>(items: Vec<T>, order: impl Fn(&T, &T) -> std::cmp::Ordering) -> Vec<T> {
    let mut places: Vec<usize> = (0..items.len()).collect();
    places.sort_unstable_by(|&a, &b| order(&items[a], &items[b]));
    take_in_order(items, places)
}

/// `items` in the order of their `places`.
fn take_in_order<T>(items: Vec<T>, places: Vec<usize>) -> Vec<T> {
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    places.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// The products in id order, one each: a product short at several locations is read once
/// for each, before any of its stock is added.
fn by_product(mut found: Vec<Found>) -> Vec<Found> {
    if !found.is_sorted_by_key(|f| f.id) {
        found.sort_by_key(|f| f.id);
    }
    found.dedup_by_key(|f| f.id);
    found
}

/// A product's stock and reorder figures in a scope.
#[derive(Default)]
struct Need {
    /// The product's id.
    id: i64,
    sku: String,
    description: String,
    supplier: String,
    on_hand: i64,
    on_hand_elsewhere: i64,
    available: i64,
    min_stock: i64,
    reorder_qty: i64,
    backordered: i64,
    /// What each other location can spare.
    spares: Vec<(String, i64)>,
}

impl Need {
    fn suggested(&self) -> i64 {
        suggested_qty(
            self.available,
            self.min_stock,
            self.reorder_qty,
            self.backordered,
        )
    }

    fn plan(&self) -> Plan {
        plan(self.suggested(), &self.spares)
    }

    fn elsewhere(&self) -> i64 {
        self.spares.iter().map(|(_, s)| s).sum()
    }
}

impl Store {
    /// Backordered lines of open orders, by due date (none last), then order date, with
    /// their value, days waited and expected date.
    pub fn backorder_report(&self) -> Result<Vec<BackorderRow>> {
        let orders = self.orders(&OrderFilter {
            status: StatusFilter::Back,
            sort: OrderSort::Due,
            ..OrderFilter::default()
        })?;
        let mut rows = Vec::new();
        for order in orders {
            let d = order.doc;
            for l in d.lines.into_iter().filter(|l| l.backordered > 0) {
                rows.push(BackorderRow {
                    order: d.number,
                    customer: d.customer_name.clone(),
                    date: day_of(&d.ordered_at, self.zone()),
                    due: d.due.clone(),
                    sku: l.sku,
                    description: l.description,
                    ordered: l.ordered,
                    shipped: l.delivered,
                    backordered: l.backordered,
                    value: l.wait.backordered_value,
                    days_waiting: l.wait.days_waiting.unwrap_or(0),
                    eta: l.wait.eta,
                    po: l.wait.po,
                });
            }
        }
        Ok(rows)
    }

    /// Backordered lines of open orders in the four age buckets, with their units, value and
    /// the deposits they hold.
    pub fn aging_report(&self) -> Result<Vec<AgingRow>> {
        let orders = self.orders(&OrderFilter {
            status: StatusFilter::Back,
            ..OrderFilter::default()
        })?;
        let lines = orders
            .iter()
            .flat_map(|o| o.doc.lines.iter())
            .filter(|l| l.backordered > 0)
            .map(|l| Aged {
                days: l.wait.days_waiting.unwrap_or(0),
                units: l.backordered,
                value: l.wait.backordered_value,
                deposit: l.held(),
            });
        Ok(age_buckets(lines))
    }

    /// Backordered demand of open orders in `scope`, per product, with its stock there.
    pub fn backlog_report(&self, scope: &Scope) -> Result<Vec<BacklogRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "WITH demand AS (
                 SELECT ol.product_id, sum(ol.backordered) AS backordered,
                        count(DISTINCT o.number) AS orders
                 FROM orders o JOIN order_lines ol ON ol.order_number = o.number
                 WHERE o.status = 'open' AND (CAST(?1 AS TEXT) IS NULL OR o.location = ?1)
                   AND ol.backordered > 0
                 GROUP BY ol.product_id)
             SELECT p.sku, p.description, {STOCK_IN_SCOPE}, d.backordered, d.orders
             FROM demand d JOIN products p ON p.id = d.product_id
             LEFT JOIN stock s ON s.product_id = p.id
             GROUP BY p.id, p.sku, p.description, d.backordered, d.orders
             ORDER BY p.sku"
        ))?;
        let rows = stmt.query_map(params![scope.code()], |r| {
            let on_hand: i64 = r.get(2)?;
            let committed: i64 = r.get(3)?;
            Ok(BacklogRow {
                sku: r.get(0)?,
                description: r.get(1)?,
                on_hand,
                on_hand_elsewhere: r.get(4)?,
                committed,
                available: (on_hand - committed).max(0),
                backordered: r.get(5)?,
                orders_waiting: r.get(6)?,
            })
        })?;
        rows.collect::<Result<_>>()
    }

    /// Products in `scope` below their minimum or with backordered demand, by SKU.
    pub fn reorder_report(&self, scope: &Scope) -> Result<Vec<ReorderRow>> {
        let rows = self.needs(scope)?.into_iter().map(|n| {
            let plan = n.plan();
            ReorderRow {
                elsewhere: n.elsewhere(),
                sku: n.sku,
                description: n.description,
                on_hand: n.on_hand,
                on_hand_elsewhere: n.on_hand_elsewhere,
                available: n.available,
                min_stock: n.min_stock,
                reorder_qty: n.reorder_qty,
                backordered: n.backordered,
                transfer_from: plan.transfer_from(),
                transfer: plan.transfer,
                purchase: plan.purchase,
            }
        });
        // SKUs are unique.
        Ok(in_order(rows.collect(), |a, b| a.sku.cmp(&b.sku)))
    }

    /// What must be bought once the transfers are made and what open purchase orders
    /// still bring is counted ([`still_to_order`]), by supplier, then SKU. `po suggest` is
    /// this report, so the two never disagree.
    pub fn purchase_report(&self, scope: &Scope) -> Result<Vec<PurchaseRow>> {
        Ok(self
            .purchases(scope)?
            .into_iter()
            .map(|(_, row)| row)
            .collect())
    }

    /// The purchase report's rows, each with its product's id.
    pub(crate) fn purchases(&self, scope: &Scope) -> Result<Vec<(i64, PurchaseRow)>> {
        let coming = on_order(&self.conn, scope.code())?;
        let rows: Vec<(i64, PurchaseRow)> = self
            .needs(scope)?
            .into_iter()
            .filter_map(|n| {
                let plan = n.plan();
                let on_order = coming.get(&n.sku).copied().unwrap_or(0);
                let qty = still_to_order(plan.purchase, on_order);
                let id = n.id;
                (qty > 0)
                    .then(|| PurchaseRow {
                        qty,
                        on_order,
                        needed: plan.purchase,
                        transfer_from: plan.transfer_from(),
                        transfer: plan.transfer,
                        supplier: n.supplier,
                        sku: n.sku,
                        description: n.description,
                        backordered: n.backordered,
                        on_hand: n.on_hand,
                        on_hand_elsewhere: n.on_hand_elsewhere,
                        available: n.available,
                        min_stock: n.min_stock,
                    })
                    .map(|row| (id, row))
            })
            .collect();
        // By supplier, then SKU (unique): a store has few suppliers, so each row's is
        // compared as its place among them.
        let mut suppliers: Vec<&str> = rows.iter().map(|(_, r)| r.supplier.as_str()).collect();
        suppliers.sort_unstable();
        suppliers.dedup();
        let rank = |r: &PurchaseRow| suppliers.binary_search(&r.supplier.as_str()).unwrap_or(0);
        let mut keyed: Vec<(usize, &str, usize)> = rows
            .iter()
            .enumerate()
            .map(|(i, (_, r))| (rank(r), r.sku.as_str(), i))
            .collect();
        keyed.sort_unstable();
        let places: Vec<usize> = keyed.into_iter().map(|k| k.2).collect();
        Ok(take_in_order(rows, places))
    }

    /// Every product in `scope` with something to reorder, in id order.
    fn needs(&self, scope: &Scope) -> Result<Vec<Need>> {
        let code = scope.code();
        let backordered = self.backordered_by_product(code)?;
        // The products short come from the kept shortfalls, which carry their figures:
        // one pass over a few rows, not a look at every product of the catalog. Across
        // the store a product is short only if it is short at some location (each
        // location holding its minimum adds up to at least the minimum), so the shortfalls
        // anywhere are the candidates, and the figures decide. In a store of one location
        // a shortfall's stock is all the product's stock; with more, their stock rows are
        // read for them.
        let locations: i64 =
            self.conn
                .query_row("SELECT count(*) FROM locations", params![], |r| r.get(0))?;
        let one_location = locations <= 1;
        let at = match code {
            Some(_) => "location = ?1",
            None => "CAST(?1 AS TEXT) IS NULL",
        };
        let count: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM shortfalls WHERE {at}"),
            params![code],
            |r| r.get(0),
        )?;
        // Read into a list made once: a hundred thousand products may be short.
        let mut found: Vec<Found> = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
        self.conn.for_each(
            &format!(
                "SELECT product_id, sku, description, supplier, min_stock, reorder_qty,
                        on_hand, committed
                 FROM shortfalls WHERE {at}"
            ),
            params![code],
            |r| {
                let mut f = Found::read(r, &backordered)?;
                if one_location {
                    f.add_stock(true, r.get(6)?, r.get(7)?, "");
                }
                found.push(f);
                Ok(())
            },
        )?;
        let mut found = by_product(found);
        if !one_location {
            self.add_stock_rows(code, &mut found)?;
        }
        // Then the backordered products not short, with their stock rows.
        let rest: Vec<i64> = backordered
            .keys()
            .copied()
            .filter(|id| found.binary_search_by_key(id, |f| f.id).is_err())
            .collect();
        if !rest.is_empty() {
            // PostgreSQL reads the list in this exact form (see `db::postgres_text`).
            let mut more = self.conn.query_map(
                "SELECT id, sku, description, supplier, min_stock, reorder_qty
                 FROM products WHERE id IN (SELECT value FROM json_each(?1))
                 ORDER BY id",
                params![numbers_json(&rest)],
                |r| Found::read(r, &backordered),
            )?;
            self.add_stock_rows(code, &mut more)?;
            found.extend(more);
        }
        Ok(by_product(found)
            .into_iter()
            .map(Found::into_need)
            .filter(|n| n.suggested() > 0)
            .collect())
    }

    /// Every stock row of the products `found` (in id order), in `code` (every location if
    /// none) or elsewhere, added to them.
    fn add_stock_rows(&self, code: Option<&str>, found: &mut [Found]) -> Result<()> {
        if found.is_empty() {
            return Ok(());
        }
        let ids: Vec<i64> = found.iter().map(|f| f.id).collect();
        // PostgreSQL reads the list in this exact form (see `db::postgres_text`).
        self.conn.for_each(
            "SELECT s.product_id,
                    CASE WHEN CAST(?1 AS TEXT) IS NULL OR s.location = ?1 THEN 1 ELSE 0 END,
                    s.on_hand, s.committed, s.location
             FROM stock s WHERE s.product_id IN (SELECT value FROM json_each(?2))",
            params![code, numbers_json(&ids)],
            |r| {
                let id: i64 = r.get(0)?;
                if let Ok(at) = found.binary_search_by_key(&id, |f| f.id) {
                    let location: String = r.get(4)?;
                    found[at].add_stock(r.get::<i64>(1)? == 1, r.get(2)?, r.get(3)?, &location);
                }
                Ok(())
            },
        )
    }

    /// Units backordered on open orders in `code` (every location if none), by product.
    fn backordered_by_product(&self, code: Option<&str>) -> Result<BTreeMap<i64, i64>> {
        let mut backordered = BTreeMap::new();
        self.conn.for_each(
            "SELECT ol.product_id, sum(ol.backordered)
             FROM orders o JOIN order_lines ol ON ol.order_number = o.number
             WHERE o.status = 'open' AND (CAST(?1 AS TEXT) IS NULL OR o.location = ?1)
               AND ol.backordered > 0
             GROUP BY ol.product_id",
            params![code],
            |r| {
                backordered.insert(r.get(0)?, r.get(1)?);
                Ok(())
            },
        )?;
        Ok(backordered)
    }

    /// Outstanding deposits by order (from the deposits ledger), orders holding none left out.
    pub fn deposits_report(&self) -> Result<Vec<DepositRow>> {
        let held: Vec<(i64, Money)> = self
            .outstanding_deposits_by_order()?
            .into_iter()
            .filter(|(_, m)| !m.is_zero())
            .collect();
        // Each order's customer and invoice, all in one query (a round trip each would
        // cost a server a second at ten thousand orders). PostgreSQL reads the list in this
        // exact form (see `db::postgres_text`).
        let numbers: Vec<i64> = held.iter().map(|(order, _)| *order).collect();
        let mut of_order: BTreeMap<i64, (String, i64)> = BTreeMap::new();
        self.conn.for_each(
            "SELECT o.number, c.name, o.invoice_number
             FROM orders o JOIN customers c ON c.id = o.customer_id
             WHERE o.number IN (SELECT value FROM json_each(?1))",
            params![numbers_json(&numbers)],
            |r| {
                of_order.insert(r.get(0)?, (r.get(1)?, r.get(2)?));
                Ok(())
            },
        )?;
        let mut rows = Vec::with_capacity(held.len());
        for (order, deposit) in held {
            // Deposits are only ever taken on an order with a customer.
            let (customer, invoice) = of_order.remove(&order).ok_or(StoreError::NoRows)?;
            rows.push(DepositRow {
                order,
                customer,
                invoice,
                deposit,
            });
        }
        Ok(rows)
    }
}
