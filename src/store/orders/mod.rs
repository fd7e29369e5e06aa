//! The manager's side of customer orders (SPEC section 5): the orders-in-process list with
//! what each backorder could be filled from, filling waiting orders when stock comes in,
//! releasing backorders, final invoices, cancelling backorders with their deposit refunded,
//! voiding, due dates. Every write is one `IMMEDIATE` transaction that re-reads what it
//! decides on, so two terminals never commit the same units twice.
//!
//! The rules (queue order, fillable, ready, final invoice, refunds) are in
//! [`crate::domain::order`]; this module loads what they need and writes what they decide.

mod fill;
pub(crate) use fill::receive_in;
mod invoice;
mod list;
pub use list::OrderPage;

use std::str::FromStr;

use crate::store::db::{Conn, ToValue, params};
use jiff::civil::Date;
use serde::Serialize;

use std::collections::HashMap;

use super::docs::{OrderDoc, numbers_json};
use super::stock::stock_level;
use super::waits::told_since_ready;
pub use super::waits::{NOTICE_WAYS, Notice};
use super::{Result, Store, StoreError, optional};
use crate::domain::Money;
use crate::domain::calendar::parse_date;
use crate::domain::order::{
    self, OrderLine as Line, OrderStatus, QueuePlace, allocate, sort_queue,
};
pub use crate::domain::order::{
    Fillable, FinalInvoice as ConvertPreview, FinalLine as ConvertLine, OrderRules,
};
use crate::domain::sale::Payment;

pub use invoice::parse_due_date;

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
    /// Open orders with units committed for pickup whose customer has not been told since
    /// they became ready: whom to tell.
    NotTold,
    /// Open orders whose customer was told they were ready and then lost units they had
    /// ready (a count took them back): call the customer back.
    CallBack,
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
            StatusFilter::NotTold => "not told",
            StatusFilter::CallBack => "call back",
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
            "not told" | "not-told" | "nottold" => StatusFilter::NotTold,
            "callback" | "call back" | "call-back" => StatusFilter::CallBack,
            "closed" => StatusFilter::Closed,
            "void" => StatusFilter::Void,
            "any" => StatusFilter::Any,
            _ => {
                return Err(StoreError::bad_input(
                    "status",
                    text,
                    "use all, back, ready, not-told, callback, closed, void or any",
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

impl OrderSort {
    /// The sort as the screen names it ("by order date"); `ringup orders --sort date|due`.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderSort::Date => "order date",
            OrderSort::Due => "due date",
        }
    }
}

/// The most orders the list holds at once: the oldest first, the rest a few typed letters
/// away. Ten thousand open orders are not scrolled through, and reading them all on every
/// key would make typing slow.
pub const LIST_LIMIT: usize = 200;

/// What the orders-in-process list shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrderFilter {
    pub status: StatusFilter,
    /// Matches part of the customer's name or account, the order number, or part of a SKU on
    /// the order; blank matches every order.
    pub text: String,
    pub sort: OrderSort,
    /// At most this many orders, the first in the sort (a screen shows a page, not ten
    /// thousand); `None` lists every match.
    pub limit: Option<usize>,
}

/// One order of the orders-in-process list. Serialises as the order document with
/// `overdue` added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderInProcess {
    #[serde(flatten)]
    pub doc: OrderDoc,
    /// Per line of `doc.lines`, in the same order.
    #[serde(skip)]
    pub fillable: Vec<Fillable>,
    /// Per line of `doc.lines`: how many of its backordered units the stock available at
    /// the order's location covers now.
    #[serde(skip)]
    pub covered_here: Vec<i64>,
    /// The due date has passed with units still pending.
    pub overdue: bool,
    /// Days since units were committed for pickup; None with nothing committed.
    pub days_ready: Option<i64>,
    /// The customer was told the order is ready (since its units became ready).
    pub notified: Option<Notice>,
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

    /// The kinds of fillable backorder on its lines, here first.
    pub fn fillable_kinds(&self) -> Vec<Fillable> {
        order::fillable_kinds(&self.fillable)
    }

    /// (covered, backordered) when the stock here covers some of the order's backordered
    /// units but not all (1 of 3 here).
    pub fn partly_here(&self) -> Option<(i64, i64)> {
        let backordered = self.doc.lines.iter().map(|l| l.backordered);
        order::partly_here(self.covered_here.iter().copied().zip(backordered))
    }

    /// How many of the backordered units of its line `index` (of `doc.lines`) the stock
    /// here covers, when that is some but not all of them.
    pub fn line_partly_here(&self, index: usize) -> Option<i64> {
        let line = self.doc.lines.get(index)?;
        let covered = *self.covered_here.get(index)?;
        order::partly_here([(covered, line.backordered)]).map(|(covered, _)| covered)
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

/// Units moved from backordered to committed on an order line (or back, when a count no
/// longer covers a promise).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Released {
    pub order: i64,
    pub line_no: i64,
    pub sku: String,
    pub qty: i64,
    /// Units taken back from an order whose customer was told it was ready: whom to call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_back: Option<CallBack>,
}

/// A customer told their order was ready who must be called back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallBack {
    pub customer: String,
    pub phone: String,
    pub email: String,
    /// The notice that told them.
    pub told: Notice,
}

/// What a receipt did: the stock after it, the fills made at once, and who still waits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptOutcome {
    pub on_hand: i64,
    pub committed: i64,
    pub available: i64,
    pub filled: Vec<Released>,
    /// Promises a negative correction no longer covered, back to backordered, in queue order.
    pub unpromised: Vec<Released>,
    /// Lines still waiting for the product after the fills, oldest first.
    pub waiting: Vec<WaitingLine>,
}

/// What a stock count did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountOutcome {
    /// On hand before the count.
    pub before: i64,
    pub on_hand: i64,
    pub committed: i64,
    /// Promises the count no longer covered, back to backordered, in queue order.
    pub unpromised: Vec<Released>,
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
pub(crate) struct Head {
    number: i64,
    customer_id: i64,
    location: String,
    status: OrderStatus,
    payment: Payment,
}

fn load_head(conn: &Conn, number: i64) -> Result<Head> {
    let row = optional(conn.query_row(
        "SELECT number, customer_id, location, status, payment FROM orders WHERE number = ?1",
        params![number],
        |r| {
            Ok((
                r.get::<i64>(0)?,
                r.get::<i64>(1)?,
                r.get::<String>(2)?,
                r.get::<OrderStatus>(3)?,
                r.get::<Payment>(4)?,
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
pub(crate) fn open_head(conn: &Conn, number: i64) -> Result<Head> {
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

/// The FROM and WHERE of the orders a filter matches, with its two parameters: the text,
/// and the text as a LIKE pattern. A SKU is matched on the lines' kept copy (an index of
/// order and SKU), not by looking up the product of every line of every open order.
fn matching(filter: &OrderFilter) -> (String, String, String) {
    let not_told: String;
    let status = match filter.status {
        StatusFilter::All | StatusFilter::Ready => "o.status = 'open'",
        StatusFilter::Back => {
            "o.status = 'open' AND EXISTS (SELECT 1 FROM order_lines b
                 WHERE b.order_number = o.number AND b.backordered > 0)"
        }
        // Units committed, and no notice since they became ready: decided here, so that
        // the page is cut in SQL.
        StatusFilter::NotTold => {
            not_told = format!(
                "o.status = 'open' AND EXISTS (SELECT 1 FROM order_lines k
                     WHERE k.order_number = o.number AND k.committed > 0)
                 AND NOT EXISTS (SELECT 1 {})",
                told_since_ready()
            );
            &not_told
        }
        StatusFilter::CallBack => "o.status = 'open' AND o.call_back_since IS NOT NULL",
        StatusFilter::Closed => "o.status = 'closed'",
        StatusFilter::Void => "o.status = 'void'",
        StatusFilter::Any => "1 = 1",
    };
    let text = filter.text.trim();
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    let sql = format!(
        "FROM orders o JOIN customers c ON c.id = o.customer_id
         WHERE {status} AND (?1 = '' OR CAST(o.number AS TEXT) = ?1
             OR c.name LIKE ?2 ESCAPE '\\' OR c.account LIKE ?2 ESCAPE '\\'
             OR EXISTS (SELECT 1 FROM order_lines t
                        WHERE t.order_number = o.number AND t.sku LIKE ?2 ESCAPE '\\'))"
    );
    (sql, text.to_string(), format!("%{escaped}%"))
}

/// An order as the list shows it: where each line could be filled from (open orders only),
/// and whether it is overdue.
fn in_process(doc: OrderDoc, today: Date, available: &Available) -> OrderInProcess {
    let open = doc.status == OrderStatus::Open;
    let (fillable, covered_here) = doc
        .lines
        .iter()
        .map(|l| match open {
            true => fillable_from(available, l.product_id, &doc.location, l.backordered),
            false => (Fillable::None, 0),
        })
        .unzip();
    let due = doc.due.as_deref().and_then(|d| parse_date(d).ok());
    let pending = doc.committed() + doc.backordered();
    let overdue = open && order::is_overdue(due, today, pending);
    OrderInProcess {
        doc,
        fillable,
        covered_here,
        overdue,
        days_ready: None,
        notified: None,
    }
}

/// Units available (on hand less committed, never below 0) at each location, by product.
type Available = HashMap<i64, Vec<(String, i64)>>;

/// What is available of the products `products` selects (SQL taking `?1`), at every
/// location, in one query.
fn available(conn: &Conn, products: &str, param: impl ToValue) -> Result<Available> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT s.product_id, s.location,
                CASE WHEN s.on_hand > s.committed THEN s.on_hand - s.committed ELSE 0 END
         FROM stock s
         WHERE s.product_id IN ({products})"
    ))?;
    let mut available = Available::new();
    let rows = stmt.query_map(params![param], |r| {
        Ok((r.get::<i64>(0)?, r.get::<String>(1)?, r.get::<i64>(2)?))
    })?;
    for row in rows {
        let (product, location, units) = row?;
        available
            .entry(product)
            .or_default()
            .push((location, units));
    }
    Ok(available)
}

/// What is available of every product some of these orders have backordered.
fn available_for_orders(conn: &Conn, orders: &[i64]) -> Result<Available> {
    available(
        conn,
        "SELECT ol.product_id FROM order_lines ol WHERE ol.backordered > 0
           AND ol.order_number IN (SELECT value FROM json_each(?1))",
        numbers_json(orders),
    )
}

/// Where `backordered` units of a product could come from (stock here, or only
/// elsewhere), and how many of them the stock here covers.
fn fillable_from(
    available: &Available,
    product_id: i64,
    location: &str,
    backordered: i64,
) -> (Fillable, i64) {
    if backordered <= 0 {
        return (Fillable::None, 0);
    }
    let stock = available.get(&product_id).map_or(&[][..], Vec::as_slice);
    let here = stock
        .iter()
        .find(|(l, _)| l == location)
        .map_or(0, |(_, units)| *units);
    let elsewhere = stock.iter().any(|(l, units)| l != location && *units > 0);
    (
        order::fillable(backordered, here, elsewhere),
        order::covered_here(backordered, here),
    )
}

/// Lines of open orders at `location` waiting for the product, in queue order, with what the
/// available stock there could give each.
pub(crate) fn waiting_lines(
    conn: &Conn,
    product_id: i64,
    location: &str,
) -> Result<Vec<WaitingLine>> {
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
    let mut lines: Vec<WaitingLine> = rows.collect::<Result<_>>()?;
    sort_queue(&mut lines, WaitingLine::place);
    let available = stock_level(conn, product_id, location)?.available();
    let wants: Vec<i64> = lines.iter().map(|l| l.backordered).collect();
    for (line, take) in lines.iter_mut().zip(allocate(available, &wants)) {
        line.could_take = take;
    }
    Ok(lines)
}

impl Store {
    /// Where the backordered units of one order line could be filled from now.
    pub fn fillable(&self, product_id: i64, location: &str, backordered: i64) -> Result<Fillable> {
        let available = available(&self.conn, "?1", product_id)?;
        Ok(fillable_from(&available, product_id, location, backordered).0)
    }

    /// Open orders at `location` waiting for a product (backordered units), oldest first, with
    /// how many units each could take from the stock available there now.
    pub fn waiting_for(&self, product_id: i64, location: &str) -> Result<Vec<WaitingLine>> {
        waiting_lines(&self.conn, product_id, location)
    }
}
