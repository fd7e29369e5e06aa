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

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use rusqlite::params;
use serde::Serialize;

use super::{Result, Store};
use crate::domain::Money;

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
    pub ordered: i64,
    /// Delivered so far.
    pub shipped: i64,
    pub backordered: i64,
}

impl ReportRow for BackorderRow {
    const COLUMNS: &'static [&'static str] = &[
        "order",
        "customer",
        "date",
        "due",
        "sku",
        "ordered",
        "shipped",
        "backordered",
    ];
}

/// Order backlog by product: open demand that no stock covers yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BacklogRow {
    pub sku: String,
    pub description: String,
    pub on_hand: i64,
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
    pub available: i64,
    /// Available at the other locations.
    pub elsewhere: i64,
    pub min_stock: i64,
    pub reorder_qty: i64,
    pub backordered: i64,
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
        "available",
        "elsewhere",
        "min_stock",
        "reorder_qty",
        "backordered",
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
    pub available: i64,
    pub min_stock: i64,
    pub qty: i64,
}

impl ReportRow for PurchaseRow {
    const COLUMNS: &'static [&'static str] = &[
        "supplier",
        "sku",
        "description",
        "backordered",
        "available",
        "min_stock",
        "qty",
    ];
}

pub use crate::domain::order::suggested_qty;
use crate::domain::order::{Restock, restock};

/// A product's stock and reorder figures at one location.
struct Need {
    sku: String,
    description: String,
    supplier: String,
    on_hand: i64,
    available: i64,
    min_stock: i64,
    reorder_qty: i64,
    backordered: i64,
    /// Available at the other locations.
    elsewhere: i64,
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

    fn restock(&self) -> Restock {
        restock(self.suggested(), self.elsewhere)
    }
}

impl Store {
    /// Orders with backordered lines, by due date (none last), then order date.
    pub fn backorder_report(&self) -> Result<Vec<BackorderRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT o.number, c.name, substr(o.ordered_at, 1, 10), o.due, p.sku, ol.ordered,
                    ol.delivered, ol.backordered
             FROM orders o JOIN order_lines ol ON ol.order_number = o.number
             JOIN customers c ON c.id = o.customer_id JOIN products p ON p.id = ol.product_id
             WHERE o.status = 'open' AND ol.backordered > 0
             ORDER BY o.due IS NULL, o.due, o.ordered_at, o.number, ol.line_no",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(BackorderRow {
                order: r.get(0)?,
                customer: r.get(1)?,
                date: r.get(2)?,
                due: r.get(3)?,
                sku: r.get(4)?,
                ordered: r.get(5)?,
                shipped: r.get(6)?,
                backordered: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Backordered demand of open orders at `location`, per product, with its stock there.
    pub fn backlog_report(&self, location: &str) -> Result<Vec<BacklogRow>> {
        let mut stmt = self.conn.prepare(
            "WITH demand AS (
                 SELECT ol.product_id, sum(ol.backordered) AS backordered,
                        count(DISTINCT o.number) AS orders
                 FROM orders o JOIN order_lines ol ON ol.order_number = o.number
                 WHERE o.status = 'open' AND o.location = ?1 AND ol.backordered > 0
                 GROUP BY ol.product_id)
             SELECT p.sku, p.description, coalesce(s.on_hand, 0), coalesce(s.committed, 0),
                    d.backordered, d.orders
             FROM demand d JOIN products p ON p.id = d.product_id
             LEFT JOIN stock s ON s.product_id = d.product_id AND s.location = ?1
             ORDER BY p.sku",
        )?;
        let rows = stmt.query_map([location], |r| {
            let on_hand: i64 = r.get(2)?;
            let committed: i64 = r.get(3)?;
            Ok(BacklogRow {
                sku: r.get(0)?,
                description: r.get(1)?,
                on_hand,
                committed,
                available: (on_hand - committed).max(0),
                backordered: r.get(4)?,
                orders_waiting: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Products at `location` below their minimum or with backordered demand, by SKU.
    pub fn reorder_report(&self, location: &str) -> Result<Vec<ReorderRow>> {
        Ok(self
            .needs(location)?
            .into_iter()
            .map(|n| {
                let Restock { transfer, purchase } = n.restock();
                ReorderRow {
                    sku: n.sku,
                    description: n.description,
                    on_hand: n.on_hand,
                    available: n.available,
                    elsewhere: n.elsewhere,
                    min_stock: n.min_stock,
                    reorder_qty: n.reorder_qty,
                    backordered: n.backordered,
                    transfer,
                    purchase,
                }
            })
            .collect())
    }

    /// The reorder quantities grouped by supplier (by supplier, then SKU).
    pub fn purchase_report(&self, location: &str) -> Result<Vec<PurchaseRow>> {
        let mut rows: Vec<PurchaseRow> = self
            .needs(location)?
            .into_iter()
            .filter(|n| n.restock().purchase > 0)
            .map(|n| PurchaseRow {
                qty: n.restock().purchase,
                supplier: n.supplier,
                sku: n.sku,
                description: n.description,
                backordered: n.backordered,
                available: n.available,
                min_stock: n.min_stock,
            })
            .collect();
        rows.sort_by(|a, b| (&a.supplier, &a.sku).cmp(&(&b.supplier, &b.sku)));
        Ok(rows)
    }

    /// Every product at `location` with something to reorder, by SKU.
    fn needs(&self, location: &str) -> Result<Vec<Need>> {
        let mut backordered: BTreeMap<i64, i64> = BTreeMap::new();
        {
            let mut stmt = self.conn.prepare(
                "SELECT ol.product_id, sum(ol.backordered)
                 FROM orders o JOIN order_lines ol ON ol.order_number = o.number
                 WHERE o.status = 'open' AND o.location = ?1 AND ol.backordered > 0
                 GROUP BY ol.product_id",
            )?;
            let rows = stmt.query_map([location], |r| Ok((r.get(0)?, r.get(1)?)))?;
            for row in rows {
                let (id, qty) = row?;
                backordered.insert(id, qty);
            }
        }
        const COLUMNS: &str = "p.id, p.sku, p.description, p.supplier, coalesce(s.on_hand, 0),
                               coalesce(s.committed, 0), p.min_stock, p.reorder_qty";
        let read = |r: &rusqlite::Row<'_>| -> rusqlite::Result<(i64, Need)> {
            let on_hand: i64 = r.get(4)?;
            let committed: i64 = r.get(5)?;
            Ok((
                r.get(0)?,
                Need {
                    sku: r.get(1)?,
                    description: r.get(2)?,
                    supplier: r.get(3)?,
                    on_hand,
                    available: (on_hand - committed).max(0),
                    min_stock: r.get(6)?,
                    reorder_qty: r.get(7)?,
                    backordered: 0,
                    elsewhere: 0,
                },
            ))
        };
        let mut needs: BTreeMap<i64, Need> = BTreeMap::new();
        // One scan of the catalog for products below their minimum here.
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM products p
             LEFT JOIN stock s ON s.product_id = p.id AND s.location = ?1
             WHERE p.min_stock > 0
               AND coalesce(s.on_hand, 0) - coalesce(s.committed, 0) < p.min_stock"
        ))?;
        for row in stmt.query_map([location], read)? {
            let (id, need) = row?;
            needs.insert(id, need);
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM products p
             LEFT JOIN stock s ON s.product_id = p.id AND s.location = ?2
             WHERE p.id = ?1"
        ))?;
        for (&id, &qty) in &backordered {
            let need = match needs.entry(id) {
                Entry::Occupied(e) => e.into_mut(),
                Entry::Vacant(e) => e.insert(stmt.query_row(params![id, location], read)?.1),
            };
            need.backordered = qty;
        }
        let mut elsewhere = self.conn.prepare_cached(
            "SELECT coalesce(sum(max(on_hand - committed, 0)), 0) FROM stock
             WHERE product_id = ?1 AND location <> ?2",
        )?;
        for (&id, need) in &mut needs {
            need.elsewhere = elsewhere.query_row(params![id, location], |r| r.get(0))?;
        }
        let mut out: Vec<Need> = needs.into_values().filter(|n| n.suggested() > 0).collect();
        out.sort_by(|a, b| a.sku.cmp(&b.sku));
        Ok(out)
    }

    /// Outstanding deposits by order (from the deposits ledger), orders holding none left out.
    pub fn deposits_report(&self) -> Result<Vec<DepositRow>> {
        let held = self.outstanding_deposits_by_order()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.name, o.invoice_number FROM orders o JOIN customers c ON c.id = o.customer_id
             WHERE o.number = ?1",
        )?;
        let mut rows = Vec::new();
        for (order, deposit) in held.into_iter().filter(|(_, m)| !m.is_zero()) {
            let (customer, invoice) = stmt.query_row([order], |r| Ok((r.get(0)?, r.get(1)?)))?;
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
