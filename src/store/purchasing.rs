//! Suppliers and purchase orders: suggestions that are the purchase report (which nets what
//! open purchase orders already bring), orders numbered without gaps, and receipts against them
//! that fill the waiting customer orders as a plain receipt does.
//!
//! A purchase order line records the customer order lines it was bought for in `po_covers`:
//! when the line is made, its units are given to the waiting lines in queue order, each
//! taking what open purchase orders do not cover yet.

use crate::store::policy::managers_only;
use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use super::audit::{Audit, audit};
use super::db::{Conn, Row, params};
use super::docs::numbers_json;
use super::orders::{ReceiptOutcome, receive_in, waiting_lines};
use super::reports::{PurchaseRow, ReportRow, Scope};
use super::sales::next_number;
use super::stock::MovementKind;
use super::{Result, Store, StoreError, check_text};
use crate::domain::Money;
use crate::domain::calendar::day_of;
use crate::domain::order::{OrderStatus, allocate};
use crate::domain::purchasing::{
    PoLineQty, PoStatus, check_expected, expected_date, status_from_lines, still_to_order,
    uncovered,
};
use crate::domain::text::MAX_TEXT_CHARS;

/// A supplier as imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Supplier {
    pub code: String,
    pub name: String,
    pub phone: String,
    pub email: String,
    pub lead_time_days: i64,
}

pub(crate) fn upsert_supplier(conn: &Conn, s: &Supplier) -> Result<()> {
    check_text("code", &s.code, 64)?;
    for (field, value) in [("name", &s.name), ("phone", &s.phone), ("email", &s.email)] {
        check_text(field, value, MAX_TEXT_CHARS)?;
    }
    conn.prepare_cached(
        "INSERT INTO suppliers (code, name, phone, email, lead_time_days)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(code) DO UPDATE SET
            name = excluded.name, phone = excluded.phone, email = excluded.email,
            lead_time_days = excluded.lead_time_days",
    )?
    .execute(params![s.code, s.name, s.phone, s.email, s.lead_time_days])?;
    Ok(())
}

/// One line of purchase suggestions: a line of the purchase report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub supplier: String,
    pub sku: String,
    pub description: String,
    pub supplier_sku: String,
    /// Units to buy before what is on order is counted.
    pub suggested: i64,
    /// Units still to come on open purchase orders.
    pub on_order: i64,
    /// Units to order now.
    pub qty: i64,
    pub cost: Option<Money>,
}

impl ReportRow for Suggestion {
    const COLUMNS: &'static [&'static str] = &[
        "supplier",
        "sku",
        "description",
        "supplier_sku",
        "suggested",
        "on_order",
        "qty",
        "cost",
    ];
}

/// A customer order line a purchase order line was bought for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cover {
    pub order: i64,
    pub line: i64,
    pub qty: i64,
    /// Where the order stands now.
    pub order_status: OrderStatus,
    /// The order line still waits for units: the order is open and the line has some
    /// backordered. Otherwise what the PO line has still to bring goes to stock (the order
    /// was voided or closed, or its backorder cancelled or filled from elsewhere).
    pub waits: bool,
}

/// One line of a purchase order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PoLine {
    pub line: i64,
    pub sku: String,
    pub description: String,
    pub supplier_sku: String,
    pub qty: i64,
    pub received: i64,
    /// Units received beyond `qty`.
    pub over_received: i64,
    /// Unit cost, when known.
    pub cost: Option<Money>,
    pub covers: Vec<Cover>,
}

impl PoLine {
    fn quantities(&self) -> PoLineQty {
        PoLineQty {
            qty: self.qty,
            received: self.received,
            over_received: self.over_received,
        }
    }

    pub fn outstanding(&self) -> i64 {
        self.quantities().outstanding()
    }

    /// The ordered units at their cost (none when the cost is not known).
    pub fn value(&self) -> Option<Money> {
        self.cost.map(|c| c.times(self.qty))
    }
}

/// A purchase order as `po show` gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PurchaseOrder {
    pub number: i64,
    /// The supplier's code.
    pub supplier: String,
    pub supplier_name: String,
    pub status: PoStatus,
    pub ordered_at: String,
    /// `YYYY-MM-DD`.
    pub expected: String,
    /// Where the goods are received.
    pub location: String,
    pub user: String,
    pub note: String,
    pub lines: Vec<PoLine>,
}

impl PurchaseOrder {
    /// The ordered units of the lines whose cost is known, at that cost.
    pub fn value(&self) -> Money {
        self.lines.iter().filter_map(PoLine::value).sum()
    }
}

/// One purchase order in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PoSummary {
    pub number: i64,
    pub supplier: String,
    pub status: PoStatus,
    /// The order date, `YYYY-MM-DD`.
    pub ordered: String,
    pub expected: String,
    pub lines: i64,
    pub qty: i64,
    pub received: i64,
    pub value: Money,
}

impl ReportRow for PoSummary {
    const COLUMNS: &'static [&'static str] = &[
        "number", "supplier", "status", "ordered", "expected", "lines", "qty", "received", "value",
    ];
}

/// What a new purchase order is made of.
#[derive(Debug, Clone)]
pub struct NewPo<'a> {
    /// The supplier's code.
    pub supplier: &'a str,
    pub location: &'a str,
    /// The expected date asked for; else the order date plus the supplier's lead time.
    pub expected: Option<Date>,
    /// Take the suggestions for this supplier as the lines.
    pub from_suggestions: bool,
    pub user: &'a str,
}

/// What one product's receipt against a purchase order did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoReceipt {
    pub sku: String,
    pub qty: i64,
    /// Of which beyond what the line ordered.
    pub over: i64,
    pub outcome: ReceiptOutcome,
}

/// The reference of a purchase order's movements and audit rows.
pub fn po_reference(number: i64) -> String {
    format!("po {number}")
}

const PO_LINE_COLUMNS: &str = "pl.line_no, p.sku, p.description, p.supplier_sku, pl.qty, pl.received, pl.over_received, pl.cost";

fn read_po_line(r: &Row<'_>) -> Result<PoLine> {
    Ok(PoLine {
        line: r.get(0)?,
        sku: r.get(1)?,
        description: r.get(2)?,
        supplier_sku: r.get(3)?,
        qty: r.get(4)?,
        received: r.get(5)?,
        over_received: r.get(6)?,
        cost: r.get(7)?,
        covers: Vec::new(),
    })
}

fn read_status(text: String) -> Result<PoStatus> {
    PoStatus::parse(&text).ok_or(StoreError::Corrupt {
        column: "purchase_orders.status",
        value: text,
    })
}

/// The head of a purchase order: supplier code, status, location.
fn po_head(conn: &Conn, number: i64) -> Result<(String, PoStatus, String)> {
    conn.query_opt(
        "SELECT s.code, po.status, po.location FROM purchase_orders po
         JOIN suppliers s ON s.id = po.supplier_id WHERE po.number = ?1",
        params![number],
        |r| Ok((r.get(0)?, read_status(r.get(1)?)?, r.get(2)?)),
    )?
    .ok_or_else(|| StoreError::bad_input("N", number, "no such purchase order"))
}

/// The head of an open purchase order; any other is refused for `what`.
fn open_po(conn: &Conn, number: i64, what: &str) -> Result<(String, String)> {
    let (supplier, status, location) = po_head(conn, number)?;
    if status != PoStatus::Open {
        return Err(StoreError::bad_input(
            "N",
            number,
            format!(
                "purchase order {number} is {}: cannot {what}",
                status.as_str()
            ),
        ));
    }
    Ok((supplier, location))
}

/// Units of each product still to come on open purchase orders at `location` (every
/// location if none), by SKU.
pub(crate) fn on_order(conn: &Conn, location: Option<&str>) -> Result<BTreeMap<String, i64>> {
    let mut out = BTreeMap::new();
    conn.for_each(
        "SELECT p.sku, pl.qty, pl.received FROM po_lines pl
         JOIN purchase_orders po ON po.number = pl.po_number
         JOIN products p ON p.id = pl.product_id
         WHERE po.status = 'open' AND (CAST(?1 AS TEXT) IS NULL OR po.location = ?1)",
        params![location],
        |r| {
            let line = PoLineQty {
                qty: r.get(1)?,
                received: r.get(2)?,
                over_received: 0,
            };
            *out.entry(r.get::<String>(0)?).or_insert(0) += line.outstanding();
            Ok(())
        },
    )?;
    Ok(out)
}

/// Gives `qty` units of a new purchase order line to the customer order lines waiting for
/// the product, in queue order, each taking what open purchase orders do not cover yet.
fn cover_waiting(
    conn: &Conn,
    po: (i64, i64),
    product_id: i64,
    location: &str,
    qty: i64,
) -> Result<()> {
    let waiting = waiting_lines(conn, product_id, location)?;
    let mut covered: BTreeMap<(i64, i64), i64> = BTreeMap::new();
    conn.for_each(
        "SELECT c.order_number, c.order_line, sum(c.qty) FROM po_covers c
         JOIN purchase_orders po ON po.number = c.po_number
         JOIN po_lines pl ON pl.po_number = c.po_number AND pl.line_no = c.po_line
         WHERE po.status = 'open' AND pl.product_id = ?1
         GROUP BY c.order_number, c.order_line",
        params![product_id],
        |r| {
            covered.insert((r.get(0)?, r.get(1)?), r.get(2)?);
            Ok(())
        },
    )?;
    let wants: Vec<i64> = waiting
        .iter()
        .map(|w| {
            let taken = covered.get(&(w.order, w.line_no)).copied().unwrap_or(0);
            uncovered(w.backordered, taken)
        })
        .collect();
    let mut insert = conn.prepare_cached(
        "INSERT INTO po_covers (po_number, po_line, order_number, order_line, qty)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (po_number, po_line, order_number, order_line)
         DO UPDATE SET qty = po_covers.qty + excluded.qty",
    )?;
    for (w, take) in waiting.iter().zip(allocate(qty, &wants)) {
        if take > 0 {
            insert.execute(params![po.0, po.1, w.order, w.line_no, take])?;
        }
    }
    Ok(())
}

/// Adds `qty` of a product to a purchase order: to its line for the product if it has one,
/// else as a new line. The cost is the one given, else the product's.
fn add_line(
    conn: &Conn,
    number: i64,
    location: &str,
    product_id: i64,
    qty: i64,
    cost: Option<Money>,
) -> Result<i64> {
    let existing: Option<i64> = conn.query_opt(
        "SELECT line_no FROM po_lines WHERE po_number = ?1 AND product_id = ?2",
        params![number, product_id],
        |r| r.get(0),
    )?;
    let line_no = match existing {
        Some(line_no) => {
            conn.execute(
                "UPDATE po_lines SET qty = qty + ?3, cost = coalesce(?4, cost)
                 WHERE po_number = ?1 AND line_no = ?2",
                params![number, line_no, qty, cost],
            )?;
            line_no
        }
        None => {
            let line_no: i64 = conn.query_row(
                "SELECT coalesce(max(line_no), 0) + 1 FROM po_lines WHERE po_number = ?1",
                params![number],
                |r| r.get(0),
            )?;
            conn.execute(
                "INSERT INTO po_lines (po_number, line_no, product_id, qty, cost)
                 VALUES (?1, ?2, ?3, ?4, coalesce(?5, (SELECT cost FROM products WHERE id = ?3)))",
                params![number, line_no, product_id, qty, cost],
            )?;
            line_no
        }
    };
    cover_waiting(conn, (number, line_no), product_id, location, qty)?;
    Ok(line_no)
}

/// Sets a purchase order's status from its lines.
fn settle_status(conn: &Conn, number: i64) -> Result<PoStatus> {
    let lines = conn.query_map(
        "SELECT qty, received, over_received FROM po_lines WHERE po_number = ?1",
        params![number],
        |r| {
            Ok(PoLineQty {
                qty: r.get(0)?,
                received: r.get(1)?,
                over_received: r.get(2)?,
            })
        },
    )?;
    let status = status_from_lines(PoStatus::Open, &lines);
    conn.execute(
        "UPDATE purchase_orders SET status = ?2 WHERE number = ?1",
        params![number, status.as_str()],
    )?;
    Ok(status)
}

impl Store {
    /// A supplier by code; an unknown code is bad input.
    pub fn supplier(&self, code: &str) -> Result<(i64, Supplier)> {
        self.conn
            .query_opt(
                "SELECT id, code, name, phone, email, lead_time_days FROM suppliers
                 WHERE code = ?1",
                params![code.trim()],
                |r| {
                    Ok((
                        r.get(0)?,
                        Supplier {
                            code: r.get(1)?,
                            name: r.get(2)?,
                            phone: r.get(3)?,
                            email: r.get(4)?,
                            lead_time_days: r.get(5)?,
                        },
                    ))
                },
            )?
            .ok_or_else(|| {
                StoreError::bad_input(
                    "supplier",
                    code.trim(),
                    "no such supplier (import suppliers first)",
                )
            })
    }

    /// The purchase suggestions for `location`: the purchase report there (what to buy
    /// once transfers are made, less what open purchase orders still bring), for one
    /// supplier or all, with each product's supplier SKU and cost read in one query.
    pub fn po_suggestions(
        &self,
        location: &str,
        supplier: Option<&str>,
    ) -> Result<Vec<Suggestion>> {
        let rows = self.purchases_at(location, supplier)?;
        let mut bought: BTreeMap<i64, (String, Option<Money>)> = BTreeMap::new();
        if !rows.is_empty() {
            let ids: Vec<i64> = rows.iter().map(|(id, _)| *id).collect();
            // PostgreSQL reads the list in this exact form (see `db::postgres_text`).
            self.conn.for_each(
                "SELECT id, supplier_sku, cost FROM products
                 WHERE id IN (SELECT value FROM json_each(?1))",
                params![numbers_json(&ids)],
                |r| {
                    bought.insert(r.get(0)?, (r.get(1)?, r.get(2)?));
                    Ok(())
                },
            )?;
        }
        Ok(rows
            .into_iter()
            .map(|(id, row)| {
                let (supplier_sku, cost) = bought.remove(&id).unwrap_or_default();
                Suggestion {
                    supplier: row.supplier,
                    sku: row.sku,
                    description: row.description,
                    supplier_sku,
                    suggested: row.needed,
                    on_order: row.on_order,
                    qty: row.qty,
                    cost,
                }
            })
            .collect())
    }

    /// The purchase report's rows at `location`, for one supplier or all, each with its
    /// product's id.
    fn purchases_at(
        &self,
        location: &str,
        supplier: Option<&str>,
    ) -> Result<Vec<(i64, PurchaseRow)>> {
        Ok(self
            .purchases(&Scope::At(location.to_string()))?
            .into_iter()
            .filter(|(_, row)| supplier.is_none_or(|s| s == row.supplier))
            .collect())
    }

    /// Creates a purchase order (the next number), with the supplier's suggestions as its
    /// lines when asked; returns its number.
    pub fn create_po(&mut self, new: &NewPo<'_>, today: Date) -> Result<i64> {
        let (supplier_id, supplier) = self.supplier(new.supplier)?;
        self.require_location(new.location)?;
        if let Some(asked) = new.expected {
            check_expected(asked, today)
                .map_err(|e| StoreError::bad_input("--expected", asked, e))?;
        }
        let expected = expected_date(today, supplier.lead_time_days, new.expected);
        let suggested = match new.from_suggestions {
            true => self.purchases_at(new.location, Some(&supplier.code))?,
            false => Vec::new(),
        };
        let tx = self.write()?;
        managers_only(&tx, new.user, "create a purchase order")?;
        // Counted again under the write lock: another terminal may have ordered since.
        let coming = on_order(&tx, Some(new.location))?;
        let mut lines = Vec::new();
        for (id, s) in &suggested {
            let qty = still_to_order(s.needed, coming.get(&s.sku).copied().unwrap_or(0));
            if qty > 0 {
                lines.push((*id, qty));
            }
        }
        if new.from_suggestions && lines.is_empty() {
            return Err(StoreError::bad_input(
                "--supplier",
                &supplier.code,
                format!(
                    "nothing to order from this supplier at {}: no suggestion is left once open purchase orders are counted",
                    new.location
                ),
            ));
        }
        let number = next_number(&tx, "purchase_orders")?;
        tx.execute(
            "INSERT INTO purchase_orders (number, supplier_id, location, status, ordered_at,
                                          expected, user_name)
             VALUES (?1, ?2, ?3, 'open', ?4, ?5, ?6)",
            params![
                number,
                supplier_id,
                new.location,
                tx.now_text(),
                expected.to_string(),
                new.user
            ],
        )?;
        for (product_id, qty) in &lines {
            add_line(&tx, number, new.location, *product_id, *qty, None)?;
        }
        let reference = po_reference(number);
        audit(
            &tx,
            &Audit {
                user: new.user,
                action: "po_create",
                reference: &reference,
                detail: format!(
                    "purchase order {number} to {} with {} line(s), expected {expected}",
                    supplier.code,
                    lines.len()
                ),
                ..Audit::default()
            },
        )?;
        tx.commit()?;
        Ok(number)
    }

    /// Adds `qty` of a product to an open purchase order.
    pub fn add_to_po(
        &mut self,
        number: i64,
        sku: &str,
        qty: i64,
        cost: Option<Money>,
        user: &str,
    ) -> Result<PoLine> {
        crate::domain::stock::parse_quantity("QTY", &qty.to_string())?;
        let product = self.require_product(sku)?;
        let tx = self.write()?;
        managers_only(&tx, user, "add to a purchase order")?;
        let (_, location) = open_po(&tx, number, "add lines")?;
        let line_no = add_line(&tx, number, &location, product.id, qty, cost)?;
        let reference = po_reference(number);
        audit(
            &tx,
            &Audit {
                user,
                action: "po_add",
                product_id: Some(product.id),
                qty: Some(qty),
                reference: &reference,
                detail: format!("added {qty} of {} to purchase order {number}", product.sku),
                ..Audit::default()
            },
        )?;
        tx.commit()?;
        let po = self.purchase_order(number)?;
        po.lines
            .into_iter()
            .find(|l| l.line == line_no)
            .ok_or(StoreError::NoRows)
    }

    /// A purchase order with its lines and what each covers.
    pub fn purchase_order(&self, number: i64) -> Result<PurchaseOrder> {
        po_head(&self.conn, number)?;
        let mut po = self.conn.query_row(
            "SELECT po.number, s.code, s.name, po.status, po.ordered_at, po.expected,
                    po.location, po.user_name, po.note
             FROM purchase_orders po JOIN suppliers s ON s.id = po.supplier_id
             WHERE po.number = ?1",
            params![number],
            |r| {
                Ok(PurchaseOrder {
                    number: r.get(0)?,
                    supplier: r.get(1)?,
                    supplier_name: r.get(2)?,
                    status: read_status(r.get(3)?)?,
                    ordered_at: r.get(4)?,
                    expected: r.get(5)?,
                    location: r.get(6)?,
                    user: r.get(7)?,
                    note: r.get(8)?,
                    lines: Vec::new(),
                })
            },
        )?;
        po.lines = self.conn.query_map(
            &format!(
                "SELECT {PO_LINE_COLUMNS} FROM po_lines pl JOIN products p ON p.id = pl.product_id
                 WHERE pl.po_number = ?1 ORDER BY pl.line_no"
            ),
            params![number],
            read_po_line,
        )?;
        let covers = self.conn.query_map(
            "SELECT c.po_line, c.order_number, c.order_line, c.qty, o.status, ol.backordered
             FROM po_covers c JOIN orders o ON o.number = c.order_number
             JOIN order_lines ol ON ol.order_number = c.order_number AND ol.line_no = c.order_line
             WHERE c.po_number = ?1
             ORDER BY c.po_line, c.order_number, c.order_line",
            params![number],
            |r| {
                let status: String = r.get(4)?;
                let order_status = OrderStatus::parse(&status).ok_or(StoreError::Corrupt {
                    column: "orders.status",
                    value: status,
                })?;
                Ok((
                    r.get::<i64>(0)?,
                    Cover {
                        order: r.get(1)?,
                        line: r.get(2)?,
                        qty: r.get(3)?,
                        order_status,
                        waits: order_status == OrderStatus::Open && r.get::<i64>(5)? > 0,
                    },
                ))
            },
        )?;
        for (line_no, cover) in covers {
            if let Some(line) = po.lines.iter_mut().find(|l| l.line == line_no) {
                line.covers.push(cover);
            }
        }
        Ok(po)
    }

    /// Purchase orders, newest first, of one status or all: two queries however many
    /// orders there are (their value is summed here, exactly, not by the database).
    pub fn purchase_orders(&self, status: Option<PoStatus>) -> Result<Vec<PoSummary>> {
        let status = status.map(PoStatus::as_str);
        let mut value: BTreeMap<i64, Money> = BTreeMap::new();
        self.conn.for_each(
            "SELECT pl.po_number, pl.qty, pl.cost FROM po_lines pl
             JOIN purchase_orders po ON po.number = pl.po_number
             WHERE (CAST(?1 AS TEXT) IS NULL OR po.status = ?1) AND pl.cost IS NOT NULL",
            params![status],
            |r| {
                let cost: Money = r.get(2)?;
                *value.entry(r.get(0)?).or_insert(Money::ZERO) += cost.times(r.get(1)?);
                Ok(())
            },
        )?;
        self.conn.query_map(
            "SELECT po.number, s.code, po.status, po.ordered_at, po.expected,
                    count(pl.line_no), coalesce(sum(pl.qty), 0), coalesce(sum(pl.received), 0)
             FROM purchase_orders po JOIN suppliers s ON s.id = po.supplier_id
             LEFT JOIN po_lines pl ON pl.po_number = po.number
             WHERE CAST(?1 AS TEXT) IS NULL OR po.status = ?1
             GROUP BY po.number, s.code, po.status, po.ordered_at, po.expected
             ORDER BY po.number DESC",
            params![status],
            |r| {
                let number: i64 = r.get(0)?;
                Ok(PoSummary {
                    number,
                    supplier: r.get(1)?,
                    status: read_status(r.get(2)?)?,
                    ordered: day_of(&r.get::<String>(3)?, self.zone()),
                    expected: r.get(4)?,
                    lines: r.get(5)?,
                    qty: r.get(6)?,
                    received: r.get(7)?,
                    value: value.get(&number).copied().unwrap_or(Money::ZERO),
                })
            },
        )
    }

    /// Cancels an open purchase order: nothing more is expected, and what it did not bring
    /// returns to the suggestions. Units already received stay received.
    pub fn cancel_po(&mut self, number: i64, user: &str) -> Result<()> {
        let tx = self.write()?;
        managers_only(&tx, user, "cancel a purchase order")?;
        open_po(&tx, number, "cancel it")?;
        tx.execute(
            "UPDATE purchase_orders SET status = 'cancelled' WHERE number = ?1",
            params![number],
        )?;
        let reference = po_reference(number);
        audit(
            &tx,
            &Audit {
                user,
                action: "po_cancel",
                reference: &reference,
                detail: format!("cancelled purchase order {number}"),
                ..Audit::default()
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Receives goods against an open purchase order: each (SKU, units) pair, or with none
    /// everything still to come. Each product's units are a receipt movement referenced
    /// `po N`, then fill the waiting orders as a plain receipt does (`fill`); units beyond
    /// the ordered quantity are recorded as an over-receipt. All in one transaction.
    pub fn receive_po(
        &mut self,
        number: i64,
        items: &[(String, i64)],
        user: &str,
        fill: bool,
    ) -> Result<(PoStatus, Vec<PoReceipt>)> {
        let mut wanted: Vec<(i64, i64)> = Vec::new();
        for (sku, qty) in items {
            crate::domain::stock::parse_quantity("QTY", &qty.to_string())?;
            let id = self.require_product(sku)?.id;
            match wanted.iter_mut().find(|(p, _)| *p == id) {
                Some((_, q)) => *q += qty,
                None => wanted.push((id, *qty)),
            }
        }
        let tx = self.write()?;
        managers_only(&tx, user, "receive against a purchase order")?;
        let (_, location) = open_po(&tx, number, "receive against it")?;
        let lines: Vec<(i64, i64, String, PoLineQty)> = tx.query_map(
            "SELECT pl.line_no, pl.product_id, p.sku, pl.qty, pl.received, pl.over_received
             FROM po_lines pl JOIN products p ON p.id = pl.product_id
             WHERE pl.po_number = ?1 ORDER BY pl.line_no",
            params![number],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    PoLineQty {
                        qty: r.get(3)?,
                        received: r.get(4)?,
                        over_received: r.get(5)?,
                    },
                ))
            },
        )?;
        if wanted.is_empty() {
            wanted = lines
                .iter()
                .filter(|l| l.3.outstanding() > 0)
                .map(|l| (l.1, l.3.outstanding()))
                .collect();
        }
        let reference = po_reference(number);
        let mut receipts = Vec::new();
        for (product_id, qty) in wanted {
            let Some((line_no, _, sku, before)) = lines.iter().find(|l| l.1 == product_id) else {
                let sku: String = tx.query_row(
                    "SELECT sku FROM products WHERE id = ?1",
                    params![product_id],
                    |r| r.get(0),
                )?;
                return Err(StoreError::bad_input(
                    "SKU",
                    sku,
                    format!("not on purchase order {number}; nothing was received"),
                ));
            };
            let after = before.receive(qty);
            tx.execute(
                "UPDATE po_lines SET received = ?3, over_received = ?4
                 WHERE po_number = ?1 AND line_no = ?2",
                params![number, line_no, after.received, after.over_received],
            )?;
            let over = after.over_received - before.over_received;
            if over > 0 {
                audit(
                    &tx,
                    &Audit {
                        user,
                        action: "po_over_receipt",
                        product_id: Some(product_id),
                        qty: Some(over),
                        reference: &reference,
                        detail: format!(
                            "{over} of {sku} received beyond the {} ordered on purchase order {number}",
                            before.qty
                        ),
                        ..Audit::default()
                    },
                )?;
            }
            let outcome = receive_in(
                &tx,
                product_id,
                sku,
                qty,
                &location,
                MovementKind::Receipt,
                &reference,
                user,
                fill,
            )?;
            receipts.push(PoReceipt {
                sku: sku.clone(),
                qty,
                over,
                outcome,
            });
        }
        if receipts.is_empty() {
            return Err(StoreError::bad_input(
                "N",
                number,
                "nothing is still to come on this purchase order; name SKU QTY pairs to record an over-receipt",
            ));
        }
        let status = settle_status(&tx, number)?;
        tx.commit()?;
        Ok((status, receipts))
    }
}
