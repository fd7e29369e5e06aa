//! Final invoices, cancelled backorders with their refunds, voids and due dates.

use crate::store::db::{Conn, params};
use crate::store::policy::managers_only;

use super::{Cancelled, ConvertPreview, Head, Line, OrderRules, find_line, open_head};
use crate::domain::Money;
use crate::domain::calendar;
use crate::domain::order::{self, CancelMoney, DepositKind, cancel_refund, plan_final_invoice};
use crate::domain::policy::{Limits, Operation};
use crate::domain::tender::{TenderKind, settle};
use crate::store::docs::order_lines as load_lines;
use crate::store::policy::{Approval, audit_over_limit, authorize, authorize_on_account};
use crate::store::sales::{Audit, audit, next_number};
use crate::store::stock::{MovementKind, adjust_committed, record_movement};
use crate::store::{Result, Store, StoreError};
use jiff::civil::Date;

/// Closes an open order once the domain says it is done; true when it closed now.
fn close_if_done(conn: &Conn, order: i64) -> Result<bool> {
    if !order::is_done(&load_lines(conn, order)?) {
        return Ok(false);
    }
    let changed = conn.execute(
        "UPDATE orders SET status = 'closed' WHERE number = ?1 AND status = 'open'",
        params![order],
    )?;
    Ok(changed == 1)
}

fn plan_convert(head: &Head, lines: &[Line], rules: &OrderRules) -> ConvertPreview {
    plan_final_invoice(head.number, head.payment, lines, rules)
}

/// How the money of a cancel or a void goes back: the way chosen, refused when none was
/// chosen or the way is not open to the order's customer (see the domain's notes).
fn refund_way(
    conn: &Conn,
    head: &Head,
    total: Money,
    refund_by: Option<TenderKind>,
) -> Result<TenderKind> {
    let Some(kind) = refund_by else {
        return Err(StoreError::bad_input(
            "refund",
            "(none)",
            format!(
                "{total} goes back to the customer of order {}: say how (cash, card or account)",
                head.number
            ),
        ));
    };
    let account: String = conn.query_row(
        "SELECT account FROM customers WHERE id = ?1",
        params![head.customer_id],
        |r| r.get(0),
    )?;
    if !order::refund_method_allowed(kind, &account) {
        return Err(StoreError::bad_input(
            "refund",
            kind.as_str(),
            format!(
                "the customer of order {} has no account; refund in cash or to a card",
                head.number
            ),
        ));
    }
    Ok(kind)
}

/// Writes a refund document for deposits given back: a Deposit line per order line (negative),
/// a tender of the negative total the way it goes back (`refund_by`: cash, card, or on
/// account, which lowers what the customer owes), and the `refunded` deposit row.
/// The way the order's deposit was paid: the largest tender of the invoice that took it.
pub(crate) fn deposit_paid_by(conn: &Conn, order: i64) -> Result<TenderKind> {
    let invoice: i64 = conn.query_row(
        "SELECT invoice_number FROM orders WHERE number = ?1",
        params![order],
        |r| r.get(0),
    )?;
    let tenders = crate::store::returns::tenders_of(conn, invoice)?;
    Ok(crate::domain::returns::original_tender(&tenders))
}

/// The refund document of a cancel or a void, and the manager who approved it when the
/// policy asked for one (money back another way than the deposit came).
struct Refunding<'a> {
    user: &'a str,
    refund_by: Option<TenderKind>,
    limits: &'a Limits,
    approvals: &'a [Approval],
}

fn write_refund(
    conn: &Conn,
    head: &Head,
    by: &Refunding<'_>,
    refunds: &[(&Line, i64, CancelMoney)],
    rules: &OrderRules,
) -> Result<(Option<i64>, Option<String>)> {
    let total: Money = refunds.iter().map(|(_, _, m)| m.refund).sum();
    let applied: Money = refunds.iter().map(|(_, _, m)| m.applied(rules)).sum();
    if total.is_zero() && applied.is_zero() {
        return Ok((None, None));
    }
    let user = by.user;
    let (way, approved_by) = match total.is_zero() {
        true => (None, None),
        false => {
            let way = refund_way(conn, head, total, by.refund_by)?;
            let op = Operation::Refund {
                amount: total,
                refund_by: way,
                paid_by: deposit_paid_by(conn, head.number)?,
            };
            (
                Some(way),
                authorize(conn, by.limits, user, &op, by.approvals)?,
            )
        }
    };
    let invoice = next_number(conn, "invoices")?;
    let goods: Money = refunds.iter().map(|(_, _, m)| m.charge).sum();
    let tax: Money = refunds.iter().map(|(_, _, m)| m.charge_tax).sum();
    conn.execute(
        "INSERT INTO invoices (number, kind, customer_id, order_number, location, user_name,
                               goods, tax, deposit, deposit_applied, total, change_given,
                               tax_included, at)
         VALUES (?1, 'refund', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?8, ?10, ?11, ?12)",
        params![
            invoice,
            head.customer_id,
            head.number,
            head.location,
            user,
            goods.round(),
            tax.round(),
            -total,
            applied.round(),
            Money::ZERO.round(),
            rules.prices_include_tax,
            conn.now_text()
        ],
    )?;
    let moving = refunds
        .iter()
        .filter(|(_, _, m)| !m.refund.is_zero() || !m.charge.is_zero());
    for (line, cancelled, money) in moving {
        conn.execute(
            "INSERT INTO invoice_lines (invoice_number, line_no, product_id, sku, description,
                ordered, qty, held_back, backordered, unit_price, amount, tax, deposit, cancelled)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 0, 0, ?7, ?8, ?9, ?10, ?11)",
            params![
                invoice,
                line.line_no,
                line.product_id,
                line.sku,
                line.description,
                line.ordered,
                line.unit_price(),
                money.charge,
                money.charge_tax,
                -money.refund,
                cancelled
            ],
        )?;
        conn.execute(
            "UPDATE order_lines SET prepaid_refunded = ?3, prepaid_applied = ?4, charged = ?5
             WHERE order_number = ?1 AND line_no = ?2",
            params![
                head.number,
                line.line_no,
                line.prepaid_refunded + money.refund,
                line.prepaid_applied + money.applied(rules),
                line.charged + money.charge
            ],
        )?;
    }
    if let Some(way) = way {
        conn.execute(
            "INSERT INTO tenders (invoice_number, kind, amount) VALUES (?1, ?2, ?3)",
            params![invoice, way.as_str(), -total],
        )?;
    }
    for (kind, amount) in [
        (DepositKind::Refunded, total),
        (DepositKind::Applied, applied.round()),
    ] {
        if !amount.is_zero() {
            conn.execute(
                "INSERT INTO deposits (order_number, invoice_number, kind, amount, at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![head.number, invoice, kind.as_str(), amount, conn.now_text()],
            )?;
        }
    }
    Ok((Some(invoice), approved_by))
}

/// The line and how many of its backordered units a cancel takes: `qty`, or all when None.
fn cancelling(lines: &[Line], order: i64, line_no: i64, qty: Option<i64>) -> Result<(&Line, i64)> {
    let line = find_line(lines, order, line_no)?;
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
    Ok((line, cancelling))
}

/// " on refund 12 by cash", for audit details.
fn refunded_on(refund_invoice: Option<i64>, refund_by: Option<TenderKind>) -> String {
    match (refund_invoice, refund_by) {
        (Some(n), Some(kind)) => format!(" on refund {n} by {}", kind.as_str()),
        _ => String::new(),
    }
}

/// Checks a due date typed as `YYYY-MM-DD` (a real calendar date) and returns it.
pub fn parse_due_date(text: &str) -> Result<String> {
    due_day(text).map(|d| d.to_string())
}

fn due_day(text: &str) -> Result<Date> {
    calendar::parse_date(text).map_err(|e| {
        let reason = match e {
            calendar::DateError::Format(_) => "must be a date written YYYY-MM-DD",
            calendar::DateError::NotOnCalendar(_) => "is not a date on the calendar",
        };
        StoreError::bad_input("due date", text, reason)
    })
}

/// A due date typed for an order: on the calendar, between the order's date and two years
/// after it.
fn due_for(conn: &Conn, order: i64, text: &str) -> Result<String> {
    let day = due_day(text)?;
    let ordered_at: String = conn.query_row(
        "SELECT ordered_at FROM orders WHERE number = ?1",
        params![order],
        |r| r.get(0),
    )?;
    let ordered_on = calendar::parse_date(&calendar::day_of(&ordered_at, conn.clock().zone()))
        .map_err(|_| StoreError::Corrupt {
            column: "orders.ordered_at",
            value: ordered_at.clone(),
        })?;
    calendar::check_due(day, ordered_on)
        .map(|d| d.to_string())
        .map_err(|e| StoreError::bad_input("due date", text, e))
}

impl Store {
    /// The way the order's deposit was paid: a refund goes back that way unless a manager
    /// approves another.
    pub fn deposit_tender(&self, order: i64) -> Result<TenderKind> {
        deposit_paid_by(&self.conn, order)
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
        approvals: &[Approval],
    ) -> Result<i64> {
        let limits = self.limits;
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
        // What goes on account goes on the order's customer's account, against their limit.
        let over_limit =
            authorize_on_account(&tx, &limits, user, head.customer_id, tenders, approvals)?;
        let invoice = next_number(&tx, "invoices")?;
        let reference = format!("invoice {invoice}");
        tx.execute(
            "INSERT INTO invoices (number, kind, customer_id, order_number, location, user_name,
                                   goods, tax, deposit, deposit_applied, total, change_given,
                                   tax_included, at)
             VALUES (?1, 'final', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                invoice,
                head.customer_id,
                order,
                head.location,
                user,
                plan.goods,
                plan.tax,
                Money::ZERO.round(),
                plan.deposit_applied,
                plan.due,
                change,
                rules.prices_include_tax,
                tx.now_text()
            ],
        )?;
        for (i, fill) in plan.lines.iter().enumerate() {
            let Some(line) = lines.iter().find(|l| l.line_no == fill.line_no) else {
                continue;
            };
            tx.execute(
                "INSERT INTO invoice_lines (invoice_number, line_no, product_id, sku, description,
                    ordered, qty, held_back, backordered, unit_price, amount, tax, deposit,
                    tax_adjusted)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?9, ?10, ?11, ?12, ?13)",
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
                    Money::ZERO.round(),
                    fill.tax_adjusted
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
                user,
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
                "INSERT INTO deposits (order_number, invoice_number, kind, amount, at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    order,
                    invoice,
                    DepositKind::Applied.as_str(),
                    plan.deposit_applied,
                    tx.now_text()
                ],
            )?;
        }
        let closed = close_if_done(&tx, order)?;
        if let Some(over) = &over_limit {
            audit_over_limit(&tx, user, Some(order), &reference, over)?;
        }
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

    /// What cancelling `qty` (all when None) backordered units of a line gives back, before
    /// asking how it goes back; see [`Store::cancel_backorder`].
    pub fn preview_cancel(
        &self,
        order: i64,
        line_no: i64,
        qty: Option<i64>,
        rules: &OrderRules,
    ) -> Result<Money> {
        open_head(&self.conn, order)?;
        let lines = load_lines(&self.conn, order)?;
        let (line, cancelling) = cancelling(&lines, order, line_no, qty)?;
        Ok(cancel_refund(line, cancelling, rules).refund)
    }

    /// What voiding the order gives back, before asking how; see [`Store::void_order`].
    pub fn preview_void(&self, order: i64, rules: &OrderRules) -> Result<Money> {
        open_head(&self.conn, order)?;
        let lines = load_lines(&self.conn, order)?;
        let refunds = order::void_refunds(&lines, rules);
        Ok(refunds.iter().map(|m| m.refund).sum())
    }

    /// Cancel backorder: `qty` (all when None) backordered units of a line become cancelled,
    /// and the deposit they no longer need is refunded on a refund document (see the module
    /// notes), `refund_by` the way the customer chose (required when money goes back). What
    /// was delivered keeps its price. The order closes when nothing is left.
    #[allow(clippy::too_many_arguments)]
    pub fn cancel_backorder(
        &mut self,
        order: i64,
        line_no: i64,
        qty: Option<i64>,
        refund_by: Option<TenderKind>,
        user: &str,
        rules: &OrderRules,
        approvals: &[Approval],
    ) -> Result<Cancelled> {
        let limits = self.limits;
        let tx = self.write()?;
        managers_only(&tx, user, "cancel a backorder")?;
        let head = open_head(&tx, order)?;
        let lines = load_lines(&tx, order)?;
        let (line, cancelling) = cancelling(&lines, order, line_no, qty)?;
        let money = cancel_refund(line, cancelling, rules);
        let refund = money.refund;
        tx.execute(
            "UPDATE order_lines SET backordered = backordered - ?3, cancelled = cancelled + ?3
             WHERE order_number = ?1 AND line_no = ?2",
            params![order, line_no, cancelling],
        )?;
        let by = Refunding {
            user,
            refund_by,
            limits: &limits,
            approvals,
        };
        let (refund_invoice, approved_by) =
            write_refund(&tx, &head, &by, &[(line, cancelling, money)], rules)?;
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
                    refunded_on(refund_invoice, refund_by)
                ),
                approved_by: approved_by.as_deref(),
                ..Audit::default()
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
    /// still pending and gives back what the deposit holds beyond what the units delivered
    /// lack of their price alone (see the module notes), `refund_by` the way the customer
    /// chose (required when money goes back); the order becomes `void`.
    pub fn void_order(
        &mut self,
        order: i64,
        refund_by: Option<TenderKind>,
        user: &str,
        rules: &OrderRules,
        approvals: &[Approval],
    ) -> Result<Cancelled> {
        let limits = self.limits;
        let tx = self.write()?;
        managers_only(&tx, user, "void an order")?;
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
            params![order],
        )?;
        let refunds: Vec<(&Line, i64, CancelMoney)> = lines
            .iter()
            .zip(order::void_refunds(&lines, rules))
            .map(|(line, money)| (line, line.pending(), money))
            .collect();
        let refund: Money = refunds.iter().map(|(_, _, m)| m.refund).sum();
        let by = Refunding {
            user,
            refund_by,
            limits: &limits,
            approvals,
        };
        let (refund_invoice, approved_by) = write_refund(&tx, &head, &by, &refunds, rules)?;
        tx.execute(
            "UPDATE orders SET status = 'void' WHERE number = ?1",
            params![order],
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
                    refunded_on(refund_invoice, refund_by)
                ),
                approved_by: approved_by.as_deref(),
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

    /// Sets (or with None clears) the due date of an open order; the date is `YYYY-MM-DD`,
    /// between the order's date and two years after it.
    pub fn set_due(
        &mut self,
        order: i64,
        due: Option<&str>,
        user: &str,
        approvals: &[Approval],
    ) -> Result<()> {
        // The shape is checked before waiting for the write lock.
        due.map(parse_due_date).transpose()?;
        let limits = self.limits;
        let tx = self.write()?;
        open_head(&tx, order)?;
        let approved_by = authorize(&tx, &limits, user, &Operation::DueDate, approvals)?;
        let due = due.map(|text| due_for(&tx, order, text)).transpose()?;
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
                approved_by: approved_by.as_deref(),
                ..Audit::default()
            },
        )?;
        tx.commit()?;
        Ok(())
    }
}
