//! How the backordered lines of a set of orders wait: days, value, and the expected date
//! that open purchase orders give them, in a few queries whatever the number of orders.
//! The rules are in [`crate::domain::aging`]; this module loads what they need.

use std::collections::HashMap;

use jiff::civil::Date;
use serde::Serialize;

use super::audit::{Audit, audit};
use super::db::{Conn, params};
use super::docs::{OrderDoc, numbers_json};
use super::orders::open_head;
use super::{Result, Store, StoreError};
use crate::domain::aging::{Eta, Incoming, Wait, etas};
use crate::domain::order::{OrderRules, OrderStatus, QueuePlace, allocate, sort_queue};

/// A product at a location.
type Spot = (i64, String);

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
struct Waiting {
    order: i64,
    line_no: i64,
    queued_at: String,
    due: Option<String>,
    backordered: i64,
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
    let mut incoming: HashMap<Spot, Vec<Incoming>> = HashMap::new();
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
    for (spot, mut lines) in waiting {
        sort_queue(&mut lines, Waiting::place);
        let wants: Vec<i64> = lines.iter().map(|l| l.backordered).collect();
        let now = allocate(available.get(&spot).copied().unwrap_or(0), &wants);
        let still: Vec<i64> = wants.iter().zip(now).map(|(w, n)| w - n).collect();
        for (line, eta) in lines.iter().zip(etas(&incoming[&spot], &still)) {
            if let Some(eta) = eta {
                found.insert((line.order, line.line_no), eta);
            }
        }
    }
    Ok(found)
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

/// Since when each order of `orders` (number, order date) has had units committed for
/// pickup, and its latest notice since then. Units become ready when a release commits
/// them (receipts, transfers and releases all audit one) after the order's last final
/// invoice; units held back at the sale are ready from the order date.
pub(crate) fn pickups(
    conn: &Conn,
    orders: &[(i64, &str)],
) -> Result<HashMap<i64, (String, Option<Notice>)>> {
    let mut out = HashMap::new();
    if orders.is_empty() {
        return Ok(out);
    }
    let numbers: Vec<i64> = orders.iter().map(|(n, _)| *n).collect();
    let numbers = numbers_json(&numbers);
    let mut handed: HashMap<i64, String> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT order_number, at FROM invoices
         WHERE kind = 'final' AND order_number IN (SELECT value FROM json_each(?1))",
    )?;
    for row in stmt.query_map(params![numbers], |r| {
        Ok((r.get::<i64>(0)?, r.get::<String>(1)?))
    })? {
        let (order, at) = row?;
        let last = handed.entry(order).or_default();
        if at > *last {
            *last = at;
        }
    }
    let mut since: HashMap<i64, String> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT other_order, at FROM audit_log
         WHERE action = 'release' AND other_order IN (SELECT value FROM json_each(?1))",
    )?;
    for row in stmt.query_map(params![numbers.clone()], |r| {
        Ok((r.get::<i64>(0)?, r.get::<String>(1)?))
    })? {
        let (order, at) = row?;
        if handed.get(&order).is_some_and(|last| at <= *last) {
            continue;
        }
        let first = since.entry(order).or_insert_with(|| at.clone());
        if at < *first {
            *first = at;
        }
    }
    for (order, ordered_at) in orders {
        let ready = since
            .remove(order)
            .or_else(|| handed.get(order).cloned())
            .unwrap_or_else(|| ordered_at.to_string());
        out.insert(*order, (ready, None));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT order_number, at, user_name, via FROM order_notices
         WHERE order_number IN (SELECT value FROM json_each(?1)) ORDER BY at, id",
    )?;
    for row in stmt.query_map(params![numbers], |r| {
        Ok((
            r.get::<i64>(0)?,
            Notice {
                at: r.get(1)?,
                by: r.get(2)?,
                via: r.get(3)?,
            },
        ))
    })? {
        let (order, notice) = row?;
        if let Some((ready, last)) = out.get_mut(&order)
            && notice.at >= *ready
        {
            *last = Some(notice);
        }
    }
    Ok(out)
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
        let committed: i64 = tx.query_row(
            "SELECT count(*) FROM order_lines WHERE order_number = ?1 AND committed > 0",
            params![order],
            |r| r.get(0),
        )?;
        if committed <= 0 {
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
        audit(
            &tx,
            &Audit {
                user,
                action: "notify",
                other_order: Some(order),
                reference: &format!("order {order}"),
                detail: format!("told the order is ready by {}", notice.via),
                ..Audit::default()
            },
        )?;
        tx.commit()?;
        Ok(notice)
    }
}
