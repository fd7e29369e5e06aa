//! How the backordered lines of a set of orders wait: days, value, and the expected date
//! that open purchase orders give them, in a few queries whatever the number of orders.
//! The rules are in [`crate::domain::aging`]; this module loads what they need.

use std::collections::HashMap;

use jiff::civil::Date;
use serde::Serialize;

use super::audit::{Audit, audit};
use super::db::{Conn, Row, aggregated, aggregated_rows, params};
use super::docs::{OrderDoc, numbers_json};
use super::orders::open_head;
use super::{Result, Store, StoreError};
use crate::domain::aging::{Eta, Incoming, Wait, etas};
use crate::domain::order::{OrderRules, OrderStatus, QueuePlace, allocate, sort_queue};

/// A product at a location.
pub(crate) type Spot = (i64, String);

/// Fills in the wait of every line of `docs`.
pub(crate) fn fill_waits(
    conn: &Conn,
    docs: &mut [OrderDoc],
    rules: &OrderRules,
    today: Date,
) -> Result<()> {
    let products: Vec<i64> = docs
        .iter()
        .filter(|d| d.status == OrderStatus::Open)
        .flat_map(|d| d.lines.iter().filter(|l| l.backordered > 0))
        .map(|l| l.product_id)
        .collect();
    let etas = line_etas(conn, &products)?;
    for doc in docs.iter_mut() {
        for line in &mut doc.lines {
            let eta = etas.get(&(doc.number, line.line_no)).cloned();
            line.wait = Wait::of(line, rules, today, conn.clock().zone(), eta);
        }
    }
    Ok(())
}

/// A line waiting for a product, as the queue orders it.
pub(crate) struct Waiting {
    pub order: i64,
    pub line_no: i64,
    pub queued_at: String,
    pub due: Option<String>,
    pub backordered: i64,
}

impl Waiting {
    fn place(&self) -> QueuePlace<'_> {
        QueuePlace {
            queued_at: &self.queued_at,
            due: self.due.as_deref(),
            order: self.order,
            line_no: self.line_no,
        }
    }
}

/// The expected date of every line waiting for one of `products` that open purchase orders
/// cover, by (order, line): the stock available now goes to the oldest lines first, then the
/// units still to come, earliest purchase order first, as receipts will fill them.
pub(crate) fn line_etas(conn: &Conn, products: &[i64]) -> Result<HashMap<(i64, i64), Eta>> {
    let mut found = HashMap::new();
    if products.is_empty() {
        return Ok(found);
    }
    let mut products = products.to_vec();
    products.sort_unstable();
    products.dedup();
    let products = numbers_json(&products);
    let mut incoming = IncomingAt::new();
    let mut stmt = conn.prepare_cached(
        "SELECT pl.product_id, po.location, po.expected, po.number, pl.qty - pl.received
         FROM po_lines pl JOIN purchase_orders po ON po.number = pl.po_number
         WHERE po.status = 'open' AND pl.qty > pl.received
           AND pl.product_id IN (SELECT value FROM json_each(?1))",
    )?;
    let rows = stmt.query_map(params![products], |r| {
        Ok((
            (r.get::<i64>(0)?, r.get::<String>(1)?),
            Incoming {
                expected: r.get(2)?,
                po: r.get(3)?,
                units: r.get(4)?,
            },
        ))
    })?;
    for row in rows {
        let (spot, units) = row?;
        incoming.entry(spot).or_default().push(units);
    }
    if incoming.is_empty() {
        return Ok(found);
    }
    let mut waiting: HashMap<Spot, Vec<Waiting>> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT ol.product_id, o.location, o.number, ol.line_no, ol.queued_at, o.due,
                ol.backordered
         FROM order_lines ol JOIN orders o ON o.number = ol.order_number
         WHERE ol.backordered > 0 AND o.status = 'open'
           AND ol.product_id IN (SELECT value FROM json_each(?1))",
    )?;
    let rows = stmt.query_map(params![products], |r| {
        Ok((
            (r.get::<i64>(0)?, r.get::<String>(1)?),
            Waiting {
                order: r.get(2)?,
                line_no: r.get(3)?,
                queued_at: r.get(4)?,
                due: r.get(5)?,
                backordered: r.get(6)?,
            },
        ))
    })?;
    for row in rows {
        let (spot, line) = row?;
        if incoming.contains_key(&spot) {
            waiting.entry(spot).or_default().push(line);
        }
    }
    let mut available: HashMap<Spot, i64> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT product_id, location, on_hand - committed FROM stock
         WHERE product_id IN (SELECT value FROM json_each(?1))",
    )?;
    let rows = stmt.query_map(params![products], |r| {
        Ok(((r.get::<i64>(0)?, r.get::<String>(1)?), r.get::<i64>(2)?))
    })?;
    for row in rows {
        let (spot, units) = row?;
        available.insert(spot, units.max(0));
    }
    found.extend(etas_of(&incoming, waiting, &available));
    Ok(found)
}

/// The units to come of a product at a location, by purchase order.
pub(crate) type IncomingAt = HashMap<Spot, Vec<Incoming>>;

/// The expected date of each waiting line that the units to come cover, by (order, line):
/// the units available now (by spot, never below 0) go to the oldest lines first, then the
/// units to come, earliest purchase order first.
pub(crate) fn etas_of(
    incoming: &IncomingAt,
    waiting: HashMap<Spot, Vec<Waiting>>,
    available: &HashMap<Spot, i64>,
) -> HashMap<(i64, i64), Eta> {
    let mut found = HashMap::new();
    for (spot, mut lines) in waiting {
        let Some(coming) = incoming.get(&spot) else {
            continue;
        };
        sort_queue(&mut lines, Waiting::place);
        let wants: Vec<i64> = lines.iter().map(|l| l.backordered).collect();
        let now = allocate(available.get(&spot).copied().unwrap_or(0), &wants);
        let still: Vec<i64> = wants.iter().zip(now).map(|(w, n)| w - n).collect();
        for (line, eta) in lines.iter().zip(etas(coming, &still)) {
            if let Some(eta) = eta {
                found.insert((line.order, line.line_no), eta);
            }
        }
    }
    found
}

/// The last time a customer was told their order is ready.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    pub at: String,
    pub by: String,
    pub via: String,
}

/// How a customer was told.
pub const NOTICE_WAYS: [&str; 3] = ["phone", "email", "sms"];

/// Since when the open order `o` has had units ready for pickup, as SQL over the order's
/// row `o`: units become ready when a release commits them (receipts, transfers and
/// releases all audit one) after the order's last final invoice; units held back at the
/// sale are ready from the order date. The orders list, its `not told` filter and one
/// order's pickup all read it from here.
pub(crate) const READY_SINCE: &str = "COALESCE(
    (SELECT min(r.at) FROM audit_log r
     WHERE r.other_order = o.number AND r.action = 'release'
       AND r.at > COALESCE((SELECT max(f.at) FROM invoices f
                            WHERE f.order_number = o.number AND f.kind = 'final'), '')),
    (SELECT max(f.at) FROM invoices f WHERE f.order_number = o.number AND f.kind = 'final'),
    o.ordered_at)";

/// The FROM and WHERE of the notices that told the customer of order `o` its units are
/// ready: those sent since they became ready ([`READY_SINCE`]).
pub(crate) fn told_since_ready() -> String {
    format!("FROM order_notices n WHERE n.order_number = o.number AND n.at >= {READY_SINCE}")
}

/// The columns of a notice as [`notice`] reads them, over the notices `n`.
pub(crate) const NOTICE_COLUMNS: &str = "n.at, n.user_name, n.via, n.id";

/// Since when an order has had units ready, and the latest of the notices sent since then
/// (the notice's id orders notices of the same time).
pub(crate) fn pickup(since: String, notices: Vec<(Notice, i64)>) -> (String, Option<Notice>) {
    let latest = notices
        .into_iter()
        .max_by(|(a, a_id), (b, b_id)| (&a.at, a_id).cmp(&(&b.at, b_id)))
        .map(|(notice, _)| notice);
    (since, latest)
}

/// Since when each order of `orders` has had units ready for pickup, and its latest notice
/// since then ([`READY_SINCE`]): one statement.
pub(crate) fn pickups(
    conn: &Conn,
    orders: &[i64],
) -> Result<HashMap<i64, (String, Option<Notice>)>> {
    if orders.is_empty() {
        return Ok(HashMap::new());
    }
    let notices = aggregated(conn.dialect(), NOTICE_COLUMNS, &told_since_ready());
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT o.number, {READY_SINCE}, {notices} FROM orders o
         WHERE o.number IN (SELECT value FROM json_each(?1))"
    ))?;
    let mut found = HashMap::new();
    let mut rows = stmt.query(params![numbers_json(orders)])?;
    while let Some(r) = rows.next()? {
        let notices = aggregated_rows(&r.get::<String>(2)?)?
            .iter()
            .map(|values| notice(&Row::json(values), 0))
            .collect::<Result<Vec<_>>>()?;
        found.insert(r.get::<i64>(0)?, pickup(r.get(1)?, notices));
    }
    Ok(found)
}

/// A notice and its id from the columns `at, user_name, via, id` starting at `at`.
pub(crate) fn notice(r: &Row<'_>, at: usize) -> Result<(Notice, i64)> {
    Ok((
        Notice {
            at: r.get(at)?,
            by: r.get(at + 1)?,
            via: r.get(at + 2)?,
        },
        r.get(at + 3)?,
    ))
}

impl Store {
    /// Records that the customer of an open order with units ready was told so, and how
    /// (`phone`, `email` or `sms`); audited.
    pub fn notify_order(&mut self, order: i64, via: &str, user: &str) -> Result<Notice> {
        let via = via.trim().to_ascii_lowercase();
        if !NOTICE_WAYS.contains(&via.as_str()) {
            return Err(StoreError::bad_input("via", via, "use phone, email or sms"));
        }
        let tx = self.write()?;
        open_head(&tx, order)?;
        let (committed, call_back): (i64, Option<String>) = tx.query_row(
            "SELECT (SELECT count(*) FROM order_lines WHERE order_number = ?1 AND committed > 0),
                    call_back_since
             FROM orders WHERE number = ?1",
            params![order],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        // The call back of a customer told too soon is a call too, ready or not.
        if committed <= 0 && call_back.is_none() {
            return Err(StoreError::bad_input(
                "order",
                order,
                "has nothing ready to pick up (no committed units)",
            ));
        }
        let notice = Notice {
            at: tx.now_text(),
            by: user.to_string(),
            via,
        };
        tx.execute(
            "INSERT INTO order_notices (order_number, at, user_name, via) VALUES (?1, ?2, ?3, ?4)",
            params![order, notice.at, notice.by, notice.via],
        )?;
        let detail = match call_back {
            Some(_) => {
                tx.execute(
                    "UPDATE orders SET call_back_since = NULL WHERE number = ?1",
                    params![order],
                )?;
                format!(
                    "called back by {}: units told ready were taken back",
                    notice.via
                )
            }
            None => format!("told the order is ready by {}", notice.via),
        };
        audit(
            &tx,
            &Audit {
                user,
                action: "notify",
                other_order: Some(order),
                reference: &format!("order {order}"),
                detail,
                ..Audit::default()
            },
        )?;
        tx.commit()?;
        Ok(notice)
    }
}
