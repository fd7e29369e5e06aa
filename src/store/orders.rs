//! The manager's side of customer orders (SPEC section 5): the orders-in-process list with
//! what each backorder could be filled from, filling waiting orders when stock comes in,
//! releasing backorders, final invoices, cancelling backorders with their deposit refunded,
//! voiding, due dates. Every write is one `IMMEDIATE` transaction that re-reads what it
//! decides on, so two terminals never commit the same units twice.
//!
//! The rules (queue order, fillable, ready, final invoice, refunds) are in
//! [`crate::domain::order`]; this module loads what they need and writes what they decide.

use std::str::FromStr;

use rusqlite::{Connection, params};
use serde::Serialize;

use super::docs::{OrderDoc, order_lines as load_lines};
use super::sales::{Audit, audit, next_number};
use super::stock::{MovementKind, adjust_committed, record_movement, stock_level};
use super::{Result, Store, StoreError, optional};
use crate::domain::Money;
use crate::domain::calendar;
use crate::domain::order::{
    self, DepositKind, OrderLine as Line, OrderStatus, QueuePlace, allocate, cancel_refund,
    plan_final_invoice, sort_queue,
};
pub use crate::domain::order::{
    Fillable, FinalInvoice as ConvertPreview, FinalLine as ConvertLine, OrderRules,
};
use crate::domain::sale::Payment;
use crate::domain::tender::{TenderKind, settle};

/// Which orders the orders-in-process list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    /// Every pending (open) order: the screen's "all".
    #[default]
    All,
    /// Open orders with backordered units.
    Back,
    /// Open orders with something to hand over now (see the module notes).
    Ready,
    Closed,
    Void,
    /// Every order whatever its status.
    Any,
}

impl StatusFilter {
    pub fn as_str(self) -> &'static str {
        match self {
            StatusFilter::All => "all",
            StatusFilter::Back => "back",
            StatusFilter::Ready => "ready",
            StatusFilter::Closed => "closed",
            StatusFilter::Void => "void",
            StatusFilter::Any => "any",
        }
    }
}

impl FromStr for StatusFilter {
    type Err = StoreError;

    fn from_str(text: &str) -> Result<Self> {
        Ok(match text.trim().to_ascii_lowercase().as_str() {
            "all" | "open" => StatusFilter::All,
            "back" => StatusFilter::Back,
            "ready" => StatusFilter::Ready,
            "closed" => StatusFilter::Closed,
            "void" => StatusFilter::Void,
            "any" => StatusFilter::Any,
            _ => {
                return Err(StoreError::bad_input(
                    "status",
                    text,
                    "use all, back, ready, closed, void or any",
                ));
            }
        })
    }
}

/// How the orders list is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OrderSort {
    /// Oldest order first.
    #[default]
    Date,
    /// Earliest due date first (orders without one last), then oldest.
    Due,
}

/// What the orders-in-process list shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrderFilter {
    pub status: StatusFilter,
    /// Matches part of the customer's name or account, the order number, or part of a SKU on
    /// the order; blank matches every order.
    pub text: String,
    pub sort: OrderSort,
}

/// One order of the orders-in-process list. Serialises exactly as the order document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct OrderInProcess {
    pub doc: OrderDoc,
    /// Per line of `doc.lines`, in the same order.
    #[serde(skip)]
    pub fillable: Vec<Fillable>,
}

impl WaitingLine {
    fn place(&self) -> QueuePlace<'_> {
        QueuePlace {
            queued_at: &self.queued_at,
            due: self.due.as_deref(),
            order: self.order,
            line_no: self.line_no,
        }
    }
}

impl OrderInProcess {
    /// True when there is something to hand over now (the `ready` filter).
    pub fn is_ready(&self) -> bool {
        order::is_ready(self.doc.committed(), &self.fillable)
    }
}

/// A line of an open order waiting for stock of a product, in queue order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WaitingLine {
    pub order: i64,
    pub line_no: i64,
    /// The customer's name.
    pub customer: String,
    /// When the line took its place in the queue (the order date).
    pub queued_at: String,
    pub due: Option<String>,
    pub backordered: i64,
    /// How many of its backordered units the available stock covers, oldest line first.
    pub could_take: i64,
}

/// Units moved from backordered to committed on an order line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Released {
    pub order: i64,
    pub line_no: i64,
    pub sku: String,
    pub qty: i64,
}

/// What a receipt did: the stock after it, the fills made at once, and who still waits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptOutcome {
    pub on_hand: i64,
    pub committed: i64,
    pub available: i64,
    pub filled: Vec<Released>,
    /// Lines still waiting for the product after the fills, oldest first.
    pub waiting: Vec<WaitingLine>,
}

/// What a cancel or a void gave back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cancelled {
    /// Units that became cancelled.
    pub cancelled: i64,
    /// Committed units returned to available stock (void only).
    pub released: i64,
    pub refund: Money,
    /// The refund document, when anything was refunded.
    pub refund_invoice: Option<i64>,
}

/// The order's header as the writes need it.
struct Head {
    number: i64,
    customer_id: i64,
    location: String,
    status: OrderStatus,
    payment: Payment,
}

fn load_head(conn: &Connection, number: i64) -> Result<Head> {
    let row = optional(conn.query_row(
        "SELECT number, customer_id, location, status, payment FROM orders WHERE number = ?1",
        [number],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, OrderStatus>(3)?,
                r.get::<_, Payment>(4)?,
            ))
        },
    ))?;
    let Some((number, customer_id, location, status, payment)) = row else {
        return Err(StoreError::bad_input("order", number, "no such order"));
    };
    Ok(Head {
        number,
        customer_id,
        location,
        status,
        payment,
    })
}

/// The order's header, refusing an order that is closed or void.
fn open_head(conn: &Connection, number: i64) -> Result<Head> {
    let head = load_head(conn, number)?;
    if head.status != OrderStatus::Open {
        return Err(StoreError::bad_input(
            "order",
            number,
            format!("is {}; only open orders can change", head.status),
        ));
    }
    Ok(head)
}

fn find_line(lines: &[Line], order: i64, line_no: i64) -> Result<&Line> {
    lines.iter().find(|l| l.line_no == line_no).ok_or_else(|| {
        StoreError::bad_input("line", line_no, format!("no such line on order {order}"))
    })
}

/// Where a backordered quantity could come from now.
fn fillable(
    conn: &Connection,
    product_id: i64,
    location: &str,
    backordered: i64,
) -> Result<Fillable> {
    if backordered <= 0 {
        return Ok(Fillable::None);
    }
    let here = stock_level(conn, product_id, location)?.available();
    let elsewhere: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM stock WHERE product_id = ?1 AND location <> ?2
                                                  AND on_hand - committed > 0)",
        )?
        .query_row(params![product_id, location], |r| r.get(0))?;
    Ok(order::fillable(backordered, here, elsewhere))
}

/// Lines of open orders at `location` waiting for the product, in queue order, with what the
/// available stock there could give each.
fn waiting_lines(conn: &Connection, product_id: i64, location: &str) -> Result<Vec<WaitingLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.number, ol.line_no, c.name, ol.queued_at, o.due, ol.backordered
         FROM order_lines ol JOIN orders o ON o.number = ol.order_number
         JOIN customers c ON c.id = o.customer_id
         WHERE ol.product_id = ?1 AND ol.backordered > 0 AND o.status = 'open'
           AND o.location = ?2",
    )?;
    let rows = stmt.query_map(params![product_id, location], |r| {
        Ok(WaitingLine {
            order: r.get(0)?,
            line_no: r.get(1)?,
            customer: r.get(2)?,
            queued_at: r.get(3)?,
            due: r.get(4)?,
            backordered: r.get(5)?,
            could_take: 0,
        })
    })?;
    let mut lines: Vec<WaitingLine> = rows.collect::<rusqlite::Result<_>>()?;
    sort_queue(&mut lines, WaitingLine::place);
    let available = stock_level(conn, product_id, location)?.available();
    let wants: Vec<i64> = lines.iter().map(|l| l.backordered).collect();
    for (line, take) in lines.iter_mut().zip(allocate(available, &wants)) {
        line.could_take = take;
    }
    Ok(lines)
}

/// Moves `qty` backordered units of an order line to committed, promises them in stock, and
/// audits the release.
#[allow(clippy::too_many_arguments)]
fn commit_units(
    conn: &Connection,
    order: i64,
    line_no: i64,
    product_id: i64,
    sku: &str,
    location: &str,
    qty: i64,
    user: &str,
    reference: &str,
) -> Result<Released> {
    let changed = conn
        .prepare_cached(
            "UPDATE order_lines SET backordered = backordered - ?3, committed = committed + ?3
             WHERE order_number = ?1 AND line_no = ?2 AND backordered >= ?3",
        )?
        .execute(params![order, line_no, qty])?;
    if changed != 1 {
        return Err(StoreError::bad_input(
            "line",
            line_no,
            format!("order {order} no longer has {qty} backordered units on this line"),
        ));
    }
    adjust_committed(conn, product_id, location, qty)?;
    audit(
        conn,
        &Audit {
            user,
            action: "release",
            product_id: Some(product_id),
            qty: Some(qty),
            other_order: Some(order),
            reference,
            detail: format!("committed {qty} of {sku} to order {order} line {line_no}"),
        },
    )?;
    Ok(Released {
        order,
        line_no,
        sku: sku.to_string(),
        qty,
    })
}

/// Commits available stock of a product at `location` to the waiting lines in queue order,
/// at most `max_qty` units and never more than available.
fn fill_waiting_in(
    conn: &Connection,
    product_id: i64,
    location: &str,
    max_qty: i64,
    user: &str,
    reference: &str,
) -> Result<Vec<Released>> {
    let sku: String = conn.query_row(
        "SELECT sku FROM products WHERE id = ?1",
        [product_id],
        |r| r.get(0),
    )?;
    let waiting = waiting_lines(conn, product_id, location)?;
    let available = stock_level(conn, product_id, location)?.available();
    let wants: Vec<i64> = waiting.iter().map(|l| l.backordered).collect();
    let mut filled = Vec::new();
    for (line, qty) in waiting.iter().zip(allocate(max_qty.min(available), &wants)) {
        if qty > 0 {
            filled.push(commit_units(
                conn,
                line.order,
                line.line_no,
                product_id,
                &sku,
                location,
                qty,
                user,
                reference,
            )?);
        }
    }
    Ok(filled)
}

/// Closes an open order once the domain says it is done; true when it closed now.
fn close_if_done(conn: &Connection, order: i64) -> Result<bool> {
    if !order::is_done(&load_lines(conn, order)?) {
        return Ok(false);
    }
    let changed = conn.execute(
        "UPDATE orders SET status = 'closed' WHERE number = ?1 AND status = 'open'",
        [order],
    )?;
    Ok(changed == 1)
}

fn plan_convert(head: &Head, lines: &[Line], rules: &OrderRules) -> ConvertPreview {
    plan_final_invoice(head.number, head.payment, lines, rules)
}

/// Writes a refund document for deposits given back: a Deposit line per order line (negative),
/// a refund tender of the negative total, and the `refunded` deposit row.
fn write_refund(
    conn: &Connection,
    head: &Head,
    user: &str,
    refunds: &[(&Line, Money)],
    rules: &OrderRules,
) -> Result<Option<i64>> {
    let total: Money = refunds.iter().map(|(_, m)| *m).sum();
    if total.is_zero() {
        return Ok(None);
    }
    let invoice = next_number(conn, "invoices")?;
    let zero = Money::ZERO.round(rules.minor_units);
    conn.execute(
        "INSERT INTO invoices (number, kind, customer_id, order_number, location, user_name,
                               goods, tax, deposit, deposit_applied, total, change_given,
                               tax_included)
         VALUES (?1, 'refund', ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?6, ?7, ?6, ?8)",
        params![
            invoice,
            head.customer_id,
            head.number,
            head.location,
            user,
            zero,
            -total,
            rules.prices_include_tax
        ],
    )?;
    for (line, refund) in refunds.iter().filter(|(_, m)| !m.is_zero()) {
        conn.execute(
            "INSERT INTO invoice_lines (invoice_number, line_no, product_id, sku, description,
                ordered, qty, held_back, backordered, unit_price, amount, tax, deposit)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 0, 0, ?7, ?8, ?8, ?9)",
            params![
                invoice,
                line.line_no,
                line.product_id,
                line.sku,
                line.description,
                line.ordered,
                line.unit_price(rules),
                zero,
                -*refund
            ],
        )?;
        conn.execute(
            "UPDATE order_lines SET prepaid_refunded = ?3 WHERE order_number = ?1 AND line_no = ?2",
            params![head.number, line.line_no, line.prepaid_refunded + *refund],
        )?;
    }
    conn.execute(
        "INSERT INTO tenders (invoice_number, kind, amount) VALUES (?1, 'refund', ?2)",
        params![invoice, -total],
    )?;
    conn.execute(
        "INSERT INTO deposits (order_number, invoice_number, kind, amount)
         VALUES (?1, ?2, ?3, ?4)",
        params![head.number, invoice, DepositKind::Refunded.as_str(), total],
    )?;
    Ok(Some(invoice))
}

/// Checks a due date typed as `YYYY-MM-DD` (a real calendar date) and returns it.
pub fn parse_due_date(text: &str) -> Result<String> {
    calendar::parse_date(text)
        .map(|d| d.to_string())
        .map_err(|e| {
            let reason = match e {
                calendar::DateError::Format(_) => "must be a date written YYYY-MM-DD",
                calendar::DateError::NotOnCalendar(_) => "is not a date on the calendar",
            };
            StoreError::bad_input("due", text, reason)
        })
}

impl Store {
    /// The orders-in-process list: orders matching the filter, each with where its
    /// backordered quantities could be filled from.
    pub fn orders(&self, filter: &OrderFilter) -> Result<Vec<OrderInProcess>> {
        let status = match filter.status {
            StatusFilter::All | StatusFilter::Ready => "o.status = 'open'",
            StatusFilter::Back => {
                "o.status = 'open' AND EXISTS (SELECT 1 FROM order_lines b
                     WHERE b.order_number = o.number AND b.backordered > 0)"
            }
            StatusFilter::Closed => "o.status = 'closed'",
            StatusFilter::Void => "o.status = 'void'",
            StatusFilter::Any => "1",
        };
        let sort = match filter.sort {
            OrderSort::Date => "o.ordered_at, o.number",
            OrderSort::Due => "o.due IS NULL, o.due, o.ordered_at, o.number",
        };
        let text = filter.text.trim();
        let escaped = text
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let mut stmt = self.conn.prepare(&format!(
            "SELECT o.number FROM orders o JOIN customers c ON c.id = o.customer_id
             WHERE {status} AND (?1 = '' OR CAST(o.number AS TEXT) = ?1
                 OR c.name LIKE ?2 ESCAPE '\\' OR c.account LIKE ?2 ESCAPE '\\'
                 OR EXISTS (SELECT 1 FROM order_lines t JOIN products p ON p.id = t.product_id
                            WHERE t.order_number = o.number AND p.sku LIKE ?2 ESCAPE '\\'))
             ORDER BY {sort}"
        ))?;
        let numbers: Vec<i64> = stmt
            .query_map(params![text, format!("%{escaped}%")], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::with_capacity(numbers.len());
        for number in numbers {
            let Some(doc) = self.order(number)? else {
                continue;
            };
            let fillable = if doc.status == OrderStatus::Open {
                doc.lines
                    .iter()
                    .map(|l| fillable(&self.conn, l.product_id, &doc.location, l.backordered))
                    .collect::<Result<Vec<_>>>()?
            } else {
                vec![Fillable::None; doc.lines.len()]
            };
            let order = OrderInProcess { doc, fillable };
            if filter.status != StatusFilter::Ready || order.is_ready() {
                out.push(order);
            }
        }
        Ok(out)
    }

    /// Where the backordered units of one order line could be filled from now.
    pub fn fillable(&self, product_id: i64, location: &str, backordered: i64) -> Result<Fillable> {
        fillable(&self.conn, product_id, location, backordered)
    }

    /// Open orders at `location` waiting for a product (backordered units), oldest first, with
    /// how many units each could take from the stock available there now.
    pub fn waiting_for(&self, product_id: i64, location: &str) -> Result<Vec<WaitingLine>> {
        waiting_lines(&self.conn, product_id, location)
    }

    /// Commits available stock of a product at `location` to the orders waiting for it,
    /// oldest first: at most `max_qty` units, never more than available.
    pub fn fill_waiting(
        &mut self,
        product_id: i64,
        location: &str,
        max_qty: i64,
        user: &str,
    ) -> Result<Vec<Released>> {
        let tx = self.write()?;
        let filled = fill_waiting_in(&tx, product_id, location, max_qty, user, "fill waiting")?;
        tx.commit()?;
        Ok(filled)
    }

    /// Records a receipt (supplier delivery, or with a negative `qty` a count correction)
    /// and, when `fill` is set (`auto_commit_on_receipt`), commits the received units to the
    /// waiting orders oldest first, all in one transaction.
    #[allow(clippy::too_many_arguments)]
    pub fn receive_and_fill(
        &mut self,
        sku: &str,
        qty: i64,
        location: &str,
        kind: MovementKind,
        reference: &str,
        user: &str,
        fill: bool,
    ) -> Result<ReceiptOutcome> {
        let product = self.require_product(sku)?;
        if !self.locations()?.iter().any(|l| l == location) {
            return Err(StoreError::bad_input(
                "location",
                location,
                "no such location (known locations are created by import or config)",
            ));
        }
        let tx = self.write()?;
        record_movement(&tx, product.id, location, qty, kind, reference)?;
        let filled = if fill && qty > 0 {
            fill_waiting_in(&tx, product.id, location, qty, user, reference)?
        } else {
            Vec::new()
        };
        let waiting = waiting_lines(&tx, product.id, location)?;
        let level = stock_level(&tx, product.id, location)?;
        tx.commit()?;
        Ok(ReceiptOutcome {
            on_hand: level.on_hand,
            committed: level.committed,
            available: level.available(),
            filled,
            waiting,
        })
    }

    /// Release backorders: commits the stock available at the order's location to its
    /// backordered lines, line by line, never more than available. Releasing nothing (no
    /// stock) is not an error: the list comes back empty.
    pub fn release_backorders(&mut self, order: i64, user: &str) -> Result<Vec<Released>> {
        let tx = self.write()?;
        let head = open_head(&tx, order)?;
        let reference = format!("order {order}");
        let lines = load_lines(&tx, order)?;
        let mut products: Vec<i64> = lines.iter().map(|l| l.product_id).collect();
        products.dedup();
        let mut released = Vec::new();
        for product_id in products {
            let waiting: Vec<&Line> = lines
                .iter()
                .filter(|l| l.product_id == product_id && l.backordered > 0)
                .collect();
            let available = stock_level(&tx, product_id, &head.location)?.available();
            let wants: Vec<i64> = waiting.iter().map(|l| l.backordered).collect();
            for (line, qty) in waiting.iter().zip(allocate(available, &wants)) {
                if qty > 0 {
                    released.push(commit_units(
                        &tx,
                        order,
                        line.line_no,
                        product_id,
                        &line.sku,
                        &head.location,
                        qty,
                        user,
                        &reference,
                    )?);
                }
            }
        }
        tx.commit()?;
        Ok(released)
    }

    /// What converting the order's committed units to a final invoice comes to; show it,
    /// take the tenders for `due`, then call [`Store::convert_to_invoice`].
    pub fn preview_convert(&self, order: i64, rules: &OrderRules) -> Result<ConvertPreview> {
        let head = open_head(&self.conn, order)?;
        let lines = load_lines(&self.conn, order)?;
        Ok(plan_convert(&head, &lines, rules))
    }

    /// Convert to invoice: a final invoice for the order's committed units. They are handed
    /// over (delivered, out of stock), charged by the partial-fill rule, and the deposit is
    /// applied (see the module notes). `tenders` less `change` must equal the preview's
    /// `due`, re-priced inside the transaction; when `due` is negative the money going back
    /// is recorded as a refund tender and `tenders` must be empty. The order closes when
    /// nothing is left committed or backordered. Returns the final invoice number.
    pub fn convert_to_invoice(
        &mut self,
        order: i64,
        user: &str,
        tenders: &[(TenderKind, Money)],
        change: Money,
        rules: &OrderRules,
    ) -> Result<i64> {
        let tx = self.write()?;
        let head = open_head(&tx, order)?;
        let lines = load_lines(&tx, order)?;
        let plan = plan_convert(&head, &lines, rules);
        if plan.lines.is_empty() {
            return Err(StoreError::bad_input(
                "order",
                order,
                "has no committed units to invoice; release backorders first",
            ));
        }
        let settlement = settle(plan.due, tenders).map_err(|e| {
            StoreError::bad_input("tenders", e.to_string(), format!("order {order}"))
        })?;
        if settlement.change != change {
            return Err(StoreError::bad_input(
                "change",
                change,
                format!("the change on these tenders is {}", settlement.change),
            ));
        }
        let invoice = next_number(&tx, "invoices")?;
        let reference = format!("invoice {invoice}");
        tx.execute(
            "INSERT INTO invoices (number, kind, customer_id, order_number, location, user_name,
                                   goods, tax, deposit, deposit_applied, total, change_given,
                                   tax_included)
             VALUES (?1, 'final', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                invoice,
                head.customer_id,
                order,
                head.location,
                user,
                plan.goods,
                plan.tax,
                Money::ZERO.round(rules.minor_units),
                plan.deposit_applied,
                plan.due,
                change,
                rules.prices_include_tax
            ],
        )?;
        for (i, fill) in plan.lines.iter().enumerate() {
            let Some(line) = lines.iter().find(|l| l.line_no == fill.line_no) else {
                continue;
            };
            tx.execute(
                "INSERT INTO invoice_lines (invoice_number, line_no, product_id, sku, description,
                    ordered, qty, held_back, backordered, unit_price, amount, tax, deposit)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?9, ?10, ?11, ?12)",
                params![
                    invoice,
                    i as i64 + 1,
                    fill.product_id,
                    fill.sku,
                    fill.description,
                    fill.ordered,
                    fill.qty,
                    fill.backordered,
                    fill.unit_price,
                    fill.charge,
                    fill.tax,
                    Money::ZERO.round(rules.minor_units)
                ],
            )?;
            let changed = tx.execute(
                "UPDATE order_lines SET delivered = delivered + ?3, committed = committed - ?3,
                        charged = ?4, prepaid_applied = ?5
                 WHERE order_number = ?1 AND line_no = ?2 AND committed = ?3",
                params![
                    order,
                    fill.line_no,
                    fill.qty,
                    line.charged + fill.charge,
                    line.prepaid_applied + fill.deposit_applied
                ],
            )?;
            if changed != 1 {
                return Err(StoreError::bad_input(
                    "order",
                    order,
                    "changed while converting; try again",
                ));
            }
            record_movement(
                &tx,
                fill.product_id,
                &head.location,
                -fill.qty,
                MovementKind::Fill,
                &reference,
            )?;
            adjust_committed(&tx, fill.product_id, &head.location, -fill.qty)?;
        }
        for (kind, amount) in tenders {
            tx.execute(
                "INSERT INTO tenders (invoice_number, kind, amount) VALUES (?1, ?2, ?3)",
                params![invoice, kind.as_str(), amount],
            )?;
        }
        if !settlement.refund.is_zero() {
            tx.execute(
                "INSERT INTO tenders (invoice_number, kind, amount) VALUES (?1, 'refund', ?2)",
                params![invoice, -settlement.refund],
            )?;
        }
        if !plan.deposit_applied.is_zero() {
            tx.execute(
                "INSERT INTO deposits (order_number, invoice_number, kind, amount)
                 VALUES (?1, ?2, ?3, ?4)",
                params![
                    order,
                    invoice,
                    DepositKind::Applied.as_str(),
                    plan.deposit_applied
                ],
            )?;
        }
        let closed = close_if_done(&tx, order)?;
        audit(
            &tx,
            &Audit {
                user,
                action: "convert",
                other_order: Some(order),
                reference: &reference,
                detail: format!(
                    "final invoice {invoice}: goods {}, tax {}, deposit applied {}, due {}{}",
                    plan.goods,
                    plan.tax,
                    plan.deposit_applied,
                    plan.due,
                    if closed { "; order closed" } else { "" }
                ),
                ..Audit::default()
            },
        )?;
        tx.commit()?;
        tracing::info!(order, invoice, "order converted to invoice");
        Ok(invoice)
    }

    /// Cancel backorder: `qty` (all when None) backordered units of a line become cancelled,
    /// and the deposit they no longer need is refunded on a refund document (see the module
    /// notes). What was delivered keeps its price. The order closes when nothing is left.
    pub fn cancel_backorder(
        &mut self,
        order: i64,
        line_no: i64,
        qty: Option<i64>,
        user: &str,
        rules: &OrderRules,
    ) -> Result<Cancelled> {
        let tx = self.write()?;
        let head = open_head(&tx, order)?;
        let lines = load_lines(&tx, order)?;
        let line = find_line(&lines, order, line_no)?;
        if line.backordered == 0 {
            return Err(StoreError::bad_input(
                "line",
                line_no,
                format!("order {order} line {line_no} has no backordered units to cancel"),
            ));
        }
        let cancelling = qty.unwrap_or(line.backordered);
        if cancelling < 1 || cancelling > line.backordered {
            return Err(StoreError::bad_input(
                "qty",
                cancelling,
                format!("line {line_no} has {} backordered", line.backordered),
            ));
        }
        let refund = cancel_refund(line, cancelling, rules);
        tx.execute(
            "UPDATE order_lines SET backordered = backordered - ?3, cancelled = cancelled + ?3
             WHERE order_number = ?1 AND line_no = ?2",
            params![order, line_no, cancelling],
        )?;
        let refund_invoice = write_refund(&tx, &head, user, &[(line, refund)], rules)?;
        close_if_done(&tx, order)?;
        audit(
            &tx,
            &Audit {
                user,
                action: "cancel_backorder",
                product_id: Some(line.product_id),
                qty: Some(cancelling),
                other_order: Some(order),
                reference: &format!("order {order}"),
                detail: format!(
                    "cancelled {cancelling} of {} on line {line_no}; refunded {refund}{}",
                    line.sku,
                    refund_invoice
                        .map(|n| format!(" on refund {n}"))
                        .unwrap_or_default()
                ),
            },
        )?;
        tx.commit()?;
        Ok(Cancelled {
            cancelled: cancelling,
            released: 0,
            refund,
            refund_invoice,
        })
    }

    /// Void: releases the order's committed stock back to available, cancels every unit
    /// still pending and refunds the whole deposit it holds; the order becomes `void`.
    pub fn void_order(&mut self, order: i64, user: &str, rules: &OrderRules) -> Result<Cancelled> {
        let tx = self.write()?;
        let head = open_head(&tx, order)?;
        let lines = load_lines(&tx, order)?;
        let mut released = 0;
        let mut cancelled = 0;
        for line in &lines {
            if line.committed > 0 {
                adjust_committed(&tx, line.product_id, &head.location, -line.committed)?;
            }
            released += line.committed;
            cancelled += line.pending();
        }
        tx.execute(
            "UPDATE order_lines SET cancelled = cancelled + committed + backordered,
                    committed = 0, backordered = 0
             WHERE order_number = ?1",
            [order],
        )?;
        let refunds: Vec<(&Line, Money)> = lines.iter().zip(order::void_refunds(&lines)).collect();
        let refund: Money = refunds.iter().map(|(_, m)| *m).sum();
        let refund_invoice = write_refund(&tx, &head, user, &refunds, rules)?;
        tx.execute(
            "UPDATE orders SET status = 'void' WHERE number = ?1",
            [order],
        )?;
        audit(
            &tx,
            &Audit {
                user,
                action: "void_order",
                qty: Some(cancelled),
                other_order: Some(order),
                reference: &format!("order {order}"),
                detail: format!(
                    "voided: {released} committed units back to stock, {cancelled} units cancelled, refunded {refund}{}",
                    refund_invoice
                        .map(|n| format!(" on refund {n}"))
                        .unwrap_or_default()
                ),
                ..Audit::default()
            },
        )?;
        tx.commit()?;
        Ok(Cancelled {
            cancelled,
            released,
            refund,
            refund_invoice,
        })
    }

    /// Sets (or with None clears) the due date of an open order; the date is `YYYY-MM-DD`.
    pub fn set_due(&mut self, order: i64, due: Option<&str>, user: &str) -> Result<()> {
        let due = due.map(parse_due_date).transpose()?;
        let tx = self.write()?;
        open_head(&tx, order)?;
        tx.execute(
            "UPDATE orders SET due = ?2 WHERE number = ?1",
            params![order, due],
        )?;
        audit(
            &tx,
            &Audit {
                user,
                action: "set_due",
                other_order: Some(order),
                reference: &format!("order {order}"),
                detail: format!("due {}", due.as_deref().unwrap_or("cleared")),
                ..Audit::default()
            },
        )?;
        tx.commit()?;
        Ok(())
    }
}
