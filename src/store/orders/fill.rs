//! Filling waiting orders: receipts, fills oldest first, release backorders.

use crate::store::db::{Conn, params};
use crate::store::policy::managers_only;

use super::{
    CallBack, CountOutcome, Head, Line, ReceiptOutcome, Released, open_head, waiting_lines,
};
use crate::domain::order::{allocate, passed_over, unpromise_newest};
use crate::domain::policy::Operation;
use crate::store::docs::{holding_lines, order_lines as load_lines};
use crate::store::policy::{Approval, authorize};
use crate::store::sales::{Audit, audit};
use crate::store::stock::{MovementKind, adjust_committed, record_movement, stock_level};
use crate::store::waits::pickups;
use crate::store::{Result, Store, StoreError};

/// Moves `qty` backordered units of an order line to committed, promises them in stock, and
/// audits the release.
#[allow(clippy::too_many_arguments)]
fn commit_units(
    conn: &Conn,
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
            approved_by: None,
            ..Audit::default()
        },
    )?;
    Ok(Released {
        order,
        line_no,
        sku: sku.to_string(),
        qty,
        call_back: None,
    })
}

/// Commits available stock of a product at `location` to the waiting lines in queue order,
/// at most `max_qty` units and never more than available.
pub(super) fn fill_waiting_in(
    conn: &Conn,
    product_id: i64,
    location: &str,
    max_qty: i64,
    user: &str,
    reference: &str,
) -> Result<Vec<Released>> {
    let sku: String = conn.query_row(
        "SELECT sku FROM products WHERE id = ?1",
        params![product_id],
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

/// After on hand fell (a count, a correction), the newest promises beyond what is on hand go
/// back to backordered, keeping their place in the queue; each is audited.
pub(super) fn keep_promises(
    conn: &Conn,
    product_id: i64,
    sku: &str,
    location: &str,
    user: &str,
    reference: &str,
) -> Result<Vec<Released>> {
    let holding = holding_lines(conn, product_id, location)?;
    let on_hand = stock_level(conn, product_id, location)?.on_hand;
    let committed: Vec<i64> = holding.iter().map(|h| h.3).collect();
    let mut back = Vec::new();
    for ((order, line_no, ..), qty) in holding.iter().zip(unpromise_newest(on_hand, &committed)) {
        if qty == 0 {
            continue;
        }
        conn.prepare_cached(
            "UPDATE order_lines SET committed = committed - ?3, backordered = backordered + ?3
             WHERE order_number = ?1 AND line_no = ?2",
        )?
        .execute(params![order, line_no, qty])?;
        adjust_committed(conn, product_id, location, -qty)?;
        audit(
            conn,
            &Audit {
                user,
                action: "unpromise",
                product_id: Some(product_id),
                qty: Some(qty),
                other_order: Some(*order),
                reference,
                detail: format!(
                    "{qty} of {sku} on order {order} line {line_no} back to backordered: only {on_hand} on hand at {location}"
                ),
                approved_by: None,
                ..Audit::default()
            },
        )?;
        back.push(Released {
            order: *order,
            line_no: *line_no,
            sku: sku.to_string(),
            qty,
            call_back: call_back(conn, *order, user, reference)?,
        });
    }
    Ok(back)
}

/// When units were taken back from an order whose customer was told it is ready: marks it
/// to be called back (kept until the call is recorded) and says whom to call. The record
/// of the first call stays.
fn call_back(conn: &Conn, order: i64, user: &str, reference: &str) -> Result<Option<CallBack>> {
    let (customer, phone, email): (String, String, String) = conn.query_row(
        "SELECT c.name, c.phone, c.email
         FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.number = ?1",
        params![order],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let told = pickups(conn, &[order])?
        .remove(&order)
        .and_then(|(_, notice)| notice);
    let Some(told) = told else {
        return Ok(None);
    };
    conn.execute(
        "UPDATE orders SET call_back_since = ?2 WHERE number = ?1 AND call_back_since IS NULL",
        params![order, conn.now_text()],
    )?;
    audit(
        conn,
        &Audit {
            user,
            action: "call_back",
            other_order: Some(order),
            reference,
            detail: format!(
                "{customer} was told order {order} is ready ({} by {} at {}); units were taken back: call back",
                told.via, told.by, told.at
            ),
            ..Audit::default()
        },
    )?;
    Ok(Some(CallBack {
        customer,
        phone,
        email,
        told,
    }))
}

/// Records a receipt (or a correction) inside the caller's transaction and, when `fill` is
/// set, commits the received units to the waiting orders oldest first.
#[allow(clippy::too_many_arguments)]
pub(crate) fn receive_in(
    conn: &Conn,
    product_id: i64,
    sku: &str,
    qty: i64,
    location: &str,
    kind: MovementKind,
    reference: &str,
    user: &str,
    fill: bool,
) -> Result<ReceiptOutcome> {
    let on_hand = stock_level(conn, product_id, location)?.on_hand;
    if qty < 0 && on_hand + qty < 0 {
        return Err(StoreError::bad_input(
            "qty",
            qty,
            format!(
                "only {on_hand} of {sku} on hand at {location}; a correction cannot leave fewer than none (count what is on the shelf instead)"
            ),
        ));
    }
    record_movement(conn, product_id, location, qty, kind, reference, user)?;
    audit(
        conn,
        &Audit {
            user,
            action: kind.as_str(),
            product_id: Some(product_id),
            qty: Some(qty),
            reference,
            detail: format!("{} {qty} of {sku} at {location}", kind.as_str()),
            ..Audit::default()
        },
    )?;
    let filled = if fill && qty > 0 {
        fill_waiting_in(conn, product_id, location, qty, user, reference)?
    } else {
        Vec::new()
    };
    let unpromised = if qty < 0 {
        keep_promises(conn, product_id, sku, location, user, reference)?
    } else {
        Vec::new()
    };
    let waiting = waiting_lines(conn, product_id, location)?;
    let level = stock_level(conn, product_id, location)?;
    Ok(ReceiptOutcome {
        on_hand: level.on_hand,
        committed: level.committed,
        available: level.available(),
        filled,
        unpromised,
        waiting,
    })
}

impl Store {
    /// A stock count: on hand at `location` becomes `counted`, through a count movement.
    /// Promises the count no longer covers go back to backordered, newest first (see
    /// [`crate::domain::order::unpromise_newest`]); the outcome names them.
    pub fn count(
        &mut self,
        sku: &str,
        counted: i64,
        location: &str,
        user: &str,
    ) -> Result<CountOutcome> {
        crate::domain::stock::check_count("QTY", counted)?;
        let product = self.require_product(sku)?;
        self.require_location(location)?;
        let tx = self.write()?;
        managers_only(&tx, user, "count stock")?;
        let before = stock_level(&tx, product.id, location)?.on_hand;
        let reference = format!("count {location}");
        if counted != before {
            record_movement(
                &tx,
                product.id,
                location,
                counted - before,
                MovementKind::Count,
                &reference,
                user,
            )?;
        }
        audit(
            &tx,
            &Audit {
                user,
                action: "count",
                product_id: Some(product.id),
                qty: Some(counted - before),
                reference: &reference,
                detail: format!(
                    "counted {counted} of {} at {location} (on hand was {before})",
                    product.sku
                ),
                ..Audit::default()
            },
        )?;
        let unpromised = keep_promises(&tx, product.id, &product.sku, location, user, &reference)?;
        let level = stock_level(&tx, product.id, location)?;
        tx.commit()?;
        Ok(CountOutcome {
            before,
            on_hand: level.on_hand,
            committed: level.committed,
            unpromised,
        })
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
        crate::store::check_text("reference", reference, 64)?;
        let product = self.require_product(sku)?;
        self.require_location(location)?;
        let tx = self.write()?;
        managers_only(&tx, user, "receive stock")?;
        let outcome = receive_in(
            &tx,
            product.id,
            &product.sku,
            qty,
            location,
            kind,
            reference,
            user,
            fill,
        )?;
        tx.commit()?;
        Ok(outcome)
    }

    /// The older orders releasing to `order` would pass over, oldest first (see
    /// [`crate::domain::order::passed_over`]); empty when the release jumps no queue.
    pub fn queue_jump(&self, order: i64) -> Result<Vec<i64>> {
        let head = open_head(&self.conn, order)?;
        Ok(plan_release(&self.conn, &head)?.passed_over)
    }

    /// Release backorders: commits the stock available at the order's location to its
    /// backordered lines, line by line, never more than available. Releasing nothing (no
    /// stock) is not an error: the list comes back empty. A release that passes over older
    /// waiting orders (params![`Store::queue_jump`]) is refused unless `jump_queue`, and is then
    /// audited as a queue jump.
    pub fn release_backorders(
        &mut self,
        order: i64,
        user: &str,
        jump_queue: bool,
        approvals: &[Approval],
    ) -> Result<Vec<Released>> {
        let limits = self.limits;
        let tx = self.write()?;
        let head = open_head(&tx, order)?;
        let plan = plan_release(&tx, &head)?;
        let passed = plan
            .passed_over
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>();
        let passed = passed.join(", ");
        if !plan.passed_over.is_empty() && !jump_queue {
            return Err(StoreError::bad_input(
                "order",
                order,
                format!(
                    "older orders wait for the same stock ({passed}): releasing to order {order} jumps the queue"
                ),
            ));
        }
        let jumps_queue = !plan.passed_over.is_empty();
        let approved_by = authorize(
            &tx,
            &limits,
            user,
            &Operation::Release { jumps_queue },
            approvals,
        )?;
        let reference = format!("order {order}");
        let mut released = Vec::new();
        for (line, qty) in &plan.lines {
            released.push(commit_units(
                &tx,
                order,
                line.line_no,
                line.product_id,
                &line.sku,
                &head.location,
                *qty,
                user,
                &reference,
            )?);
        }
        if !plan.passed_over.is_empty() {
            audit(
                &tx,
                &Audit {
                    user,
                    action: "queue_jump",
                    other_order: Some(order),
                    reference: &reference,
                    detail: format!("released to order {order} ahead of older orders {passed}"),
                    approved_by: approved_by.as_deref(),
                    ..Audit::default()
                },
            )?;
        }
        tx.commit()?;
        Ok(released)
    }
}

/// What a release to an order would do: units per backordered line, and the older orders
/// it passes over.
struct ReleasePlan {
    lines: Vec<(Line, i64)>,
    passed_over: Vec<i64>,
}

fn plan_release(conn: &Conn, head: &Head) -> Result<ReleasePlan> {
    let lines = load_lines(conn, head.number)?;
    let mut products: Vec<i64> = Vec::new();
    for line in &lines {
        if !products.contains(&line.product_id) {
            products.push(line.product_id);
        }
    }
    let mut plan = ReleasePlan {
        lines: Vec::new(),
        passed_over: Vec::new(),
    };
    for product_id in products {
        let mine: Vec<&Line> = lines
            .iter()
            .filter(|l| l.product_id == product_id && l.backordered > 0)
            .collect();
        let available = stock_level(conn, product_id, &head.location)?.available();
        let wants: Vec<i64> = mine.iter().map(|l| l.backordered).collect();
        let mut releasing = 0;
        for (line, qty) in mine.iter().zip(allocate(available, &wants)) {
            if qty > 0 {
                plan.lines.push(((*line).clone(), qty));
                releasing += qty;
            }
        }
        let waiting = waiting_lines(conn, product_id, &head.location)?;
        let places: Vec<_> = waiting.iter().map(|w| (w.place(), w.backordered)).collect();
        for older in passed_over(&places, head.number, releasing, available) {
            if !plan.passed_over.contains(&older) {
                plan.passed_over.push(older);
            }
        }
    }
    Ok(plan)
}

impl Store {
    pub(crate) fn require_location(&self, location: &str) -> Result<()> {
        if self.locations()?.iter().any(|l| l == location) {
            Ok(())
        } else {
            Err(StoreError::bad_input(
                "location",
                location,
                "no such location (known locations are created by import or config)",
            ))
        }
    }
}
