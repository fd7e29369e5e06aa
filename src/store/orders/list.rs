//! The orders-in-process list (F7, `ringup orders`, the reports that list orders) in two
//! statements however many orders it shows: the orders with their lines, deposits and
//! pickup facts, then the stock, incoming purchase orders and queues of the products they
//! wait for. The screen refreshes it every few seconds, so over a network its cost is two
//! round trips, not a few per order.

use std::collections::HashMap;

use jiff::civil::Date;

use super::super::docs::{ORDER_HEAD, ORDER_LINE, OrderDoc, numbers_json, order_head, order_line};
use super::super::waits::{
    IncomingAt, NOTICE_COLUMNS, Notice, READY_SINCE, Spot, Waiting, etas_of, notice, pickup,
    pickups, told_since_ready,
};
use super::{
    Available, OrderFilter, OrderInProcess, OrderSort, StatusFilter, in_process, matching,
};
use crate::domain::Money;
use crate::domain::aging::{Incoming, Wait, date_of, days_since};
use crate::domain::order::{DepositKind, DepositTotals, OrderStatus};
use crate::store::db::{Conn, Row, aggregated, aggregated_rows, params};
use crate::store::{Result, Store};

/// A page of the orders-in-process list and how many orders match the filter in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderPage {
    pub orders: Vec<OrderInProcess>,
    /// Orders the filter matches, whatever its limit ("the first 200 of 9,812"); "ready"
    /// counts the open orders it looked through.
    pub matching: usize,
}

/// An order as the first statement reads it: its head and document lines, what its
/// deposit is decided from, since when it has had units ready and the notices sent since.
struct Listed {
    doc: OrderDoc,
    deposits: Vec<(DepositKind, Money)>,
    ready_since: String,
    notices: Vec<(Notice, i64)>,
}

/// Every row of a JSON column of rows, read with `read`.
fn each<T>(text: &str, read: impl Fn(&Row<'_>) -> Result<T>) -> Result<Vec<T>> {
    aggregated_rows(text)?
        .iter()
        .map(|values| read(&Row::json(values)))
        .collect()
}

/// The orders the filter matches with everything about each but the stock: one statement.
fn listed(conn: &Conn, filter: &OrderFilter) -> Result<(Vec<Listed>, usize)> {
    let (matching, text, like) = matching(filter);
    let sort = match filter.sort {
        OrderSort::Date => "o.ordered_at, o.number",
        OrderSort::Due => "o.due IS NULL, o.due, o.ordered_at, o.number",
    };
    // "Ready" is decided from the lines, after reading: no limit in SQL then.
    let limit = match (filter.limit, filter.status) {
        (Some(n), status) if status != StatusFilter::Ready => format!("LIMIT {n}"),
        _ => String::new(),
    };
    let dialect = conn.dialect();
    let lines = aggregated(
        dialect,
        ORDER_LINE,
        "FROM order_lines ol JOIN products p ON p.id = ol.product_id
         WHERE ol.order_number = o.number",
    );
    let deposits = aggregated(
        dialect,
        "d.kind, d.amount",
        "FROM deposits d WHERE d.order_number = o.number",
    );
    let notices = aggregated(dialect, NOTICE_COLUMNS, &told_since_ready());
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ORDER_HEAD}, count(*) OVER (), {lines}, {deposits}, {READY_SINCE}, {notices}
         {matching} ORDER BY {sort} {limit}"
    ))?;
    let mut total = 0;
    let mut rows = stmt.query(params![text, like])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let mut doc = order_head(&r)?;
        total = r.get::<i64>(14)? as usize;
        doc.lines = each(&r.get::<String>(15)?, |l| order_line(l, 0))?;
        doc.lines.sort_by_key(|l| l.line_no);
        let deposits = each(&r.get::<String>(16)?, |d| Ok((d.get(0)?, d.get(1)?)))?;
        out.push(Listed {
            doc,
            deposits,
            ready_since: r.get(17)?,
            notices: each(&r.get::<String>(18)?, |n| notice(n, 0))?,
        });
    }
    Ok((out, total))
}

/// What the products of `products` have at each location and what is coming and waiting
/// for them: one statement.
struct Supply {
    available: Available,
    incoming: IncomingAt,
    waiting: HashMap<Spot, Vec<Waiting>>,
    /// On hand less committed, never below 0, by spot.
    free: HashMap<Spot, i64>,
}

fn supply(conn: &Conn, products: &[i64]) -> Result<Supply> {
    let mut supply = Supply {
        available: Available::new(),
        incoming: IncomingAt::new(),
        waiting: HashMap::new(),
        free: HashMap::new(),
    };
    if products.is_empty() {
        return Ok(supply);
    }
    let dialect = conn.dialect();
    let stock = aggregated(
        dialect,
        "s.location, s.on_hand - s.committed",
        "FROM stock s WHERE s.product_id = l.value",
    );
    let open_po = "FROM po_lines pl JOIN purchase_orders po ON po.number = pl.po_number
         WHERE pl.product_id = l.value AND po.status = 'open' AND pl.qty > pl.received";
    let incoming = aggregated(
        dialect,
        "po.location, po.expected, po.number, pl.qty - pl.received",
        open_po,
    );
    // The queue matters only for the dates that purchase orders give.
    let waiting = aggregated(
        dialect,
        "o.location, o.number, ol.line_no, ol.queued_at, o.due, ol.backordered",
        &format!(
            "FROM order_lines ol JOIN orders o ON o.number = ol.order_number
             WHERE ol.product_id = l.value AND ol.backordered > 0 AND o.status = 'open'
               AND EXISTS (SELECT 1 {open_po})"
        ),
    );
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT l.value, {stock}, {incoming}, {waiting}
         FROM (SELECT value FROM json_each(?1)) l"
    ))?;
    let mut rows = stmt.query(params![numbers_json(products)])?;
    while let Some(r) = rows.next()? {
        let product: i64 = r.get(0)?;
        for (location, units) in each(&r.get::<String>(1)?, |s| {
            Ok((s.get::<String>(0)?, s.get::<i64>(1)?))
        })? {
            let free = units.max(0);
            supply
                .available
                .entry(product)
                .or_default()
                .push((location.clone(), free));
            supply.free.insert((product, location), free);
        }
        for (location, units) in each(&r.get::<String>(2)?, |i| {
            let units = Incoming {
                expected: i.get(1)?,
                po: i.get(2)?,
                units: i.get(3)?,
            };
            Ok((i.get::<String>(0)?, units))
        })? {
            supply
                .incoming
                .entry((product, location))
                .or_default()
                .push(units);
        }
        for (location, line) in each(&r.get::<String>(3)?, |w| {
            let line = Waiting {
                order: w.get(1)?,
                line_no: w.get(2)?,
                queued_at: w.get(3)?,
                due: w.get(4)?,
                backordered: w.get(5)?,
            };
            Ok((w.get::<String>(0)?, line))
        })? {
            supply
                .waiting
                .entry((product, location))
                .or_default()
                .push(line);
        }
    }
    Ok(supply)
}

impl Store {
    /// The orders-in-process list: orders matching the filter, each with where its
    /// backordered quantities could be filled from.
    pub fn orders(&self, filter: &OrderFilter) -> Result<Vec<OrderInProcess>> {
        Ok(self.order_page(filter)?.orders)
    }

    /// A page of the orders-in-process list and how many orders match in all: two
    /// statements whatever the number of orders.
    pub fn order_page(&self, filter: &OrderFilter) -> Result<OrderPage> {
        let (listed, matching) = listed(&self.conn, filter)?;
        let mut products: Vec<i64> = listed
            .iter()
            .filter(|o| o.doc.status == OrderStatus::Open)
            .flat_map(|o| o.doc.lines.iter().filter(|l| l.backordered > 0))
            .map(|l| l.product_id)
            .collect();
        products.sort_unstable();
        products.dedup();
        let supply = supply(&self.conn, &products)?;
        let etas = etas_of(&supply.incoming, supply.waiting, &supply.free);
        let today = self.today();
        let zone = self.conn.clock().zone();
        let mut orders = Vec::with_capacity(listed.len());
        for Listed {
            mut doc,
            deposits,
            ready_since,
            notices,
        } in listed
        {
            for line in &mut doc.lines {
                let eta = etas.get(&(doc.number, line.line_no)).cloned();
                line.wait = Wait::of(line, &self.order_rules, today, zone, eta);
            }
            doc.deposit = DepositTotals::of(deposits).held();
            let mut order = in_process(doc, today, &supply.available);
            if filter.status == StatusFilter::Ready && !order.is_ready() {
                continue;
            }
            if order.doc.status == OrderStatus::Open && order.doc.committed() > 0 {
                set_pickup(&mut order, pickup(ready_since, notices), today, zone);
            }
            orders.push(order);
        }
        orders.truncate(filter.limit.unwrap_or(usize::MAX));
        Ok(OrderPage { orders, matching })
    }

    /// One order as the orders-in-process list shows it, whatever its status.
    pub fn order_in_process(&self, number: i64) -> Result<Option<OrderInProcess>> {
        let Some(doc) = self.order(number)? else {
            return Ok(None);
        };
        let available = super::available_for_orders(&self.conn, &[number])?;
        let today = self.today();
        let mut order = in_process(doc, today, &available);
        if order.doc.status == OrderStatus::Open
            && order.doc.committed() > 0
            && let Some(found) = pickups(&self.conn, &[number])?.remove(&number)
        {
            set_pickup(&mut order, found, today, self.conn.clock().zone());
        }
        Ok(Some(order))
    }
}

/// Days ready and the latest notice of an open order with committed units.
fn set_pickup(
    order: &mut OrderInProcess,
    (since, notice): (String, Option<Notice>),
    today: Date,
    zone: &jiff::tz::TimeZone,
) {
    order.days_ready = Some(date_of(&since, zone).map_or(0, |d| days_since(d, today)));
    order.notified = notice;
}
