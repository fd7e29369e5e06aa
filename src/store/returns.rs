//! Returns of delivered goods: the lines of a sale or final invoice that can still come
//! back, and the return document that takes them back, in one transaction.

use crate::store::db::{Conn, Value, insert_rows, params, values};

use super::catalog::load_breaks;
use super::policy::{Approval, authorize};
use super::sales::{Audit, audit, next_number};
use super::stock::{MovementKind, record_movement};
use super::{Result, Store, StoreError, optional};
use crate::domain::Money;
use crate::domain::order::InvoiceKind;
use crate::domain::pricing::{Basis, PriceList, parse_breaks};
use crate::domain::returns::{DeliveredLine, ReturnPlan};
pub use crate::domain::returns::{
    Pick, PickError, ReturnSource, ReturnableLine, refund_total, unlinked_source,
};
use crate::domain::tender::TenderKind;

impl From<PickError> for StoreError {
    fn from(e: PickError) -> Self {
        StoreError::bad_input(e.field, e.value, e.reason)
    }
}

/// What a return takes back from.
#[derive(Debug, Clone, Copy)]
pub enum ReturnOf<'a> {
    /// The lines of this sale or final invoice, read again inside the write.
    Invoice(i64),
    /// Goods with no invoice (see [`unlinked_source`]); needs a manager's approval.
    NoInvoice(&'a ReturnSource),
}

/// A return to write.
#[derive(Debug, Clone)]
pub struct ReturnRequest<'a> {
    pub of: ReturnOf<'a>,
    /// (invoice line number, units)
    pub picks: &'a [(i64, u32)],
    pub refund_by: TenderKind,
    /// The units came back damaged: kept apart, not available for sale.
    pub damaged: bool,
    pub location: &'a str,
    pub user: &'a str,
    /// The managers' approvals the policy asks for (none when it asks for none).
    pub approvals: &'a [Approval],
    pub basis: Basis,
}

/// The return written: its number and what went back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnDone {
    pub number: i64,
    pub refund: Money,
    pub refund_by: TenderKind,
}

/// The frozen prices of a sale's line from its order line, when the sale made an order.
fn frozen_prices(
    conn: &Conn,
    invoice: i64,
    product_id: i64,
    ordered: i64,
) -> Result<Option<PriceList>> {
    let row = optional(conn.query_row(
        "SELECT ol.regular_price, ol.special_price, ol.level_pct, ol.breaks
         FROM orders o JOIN order_lines ol ON ol.order_number = o.number
         WHERE o.invoice_number = ?1 AND ol.product_id = ?2 AND ol.ordered = ?3
         ORDER BY ol.line_no LIMIT 1",
        params![invoice, product_id, ordered],
        |r| {
            Ok((
                r.get::<Money>(0)?,
                r.get::<Option<Money>>(1)?,
                r.get::<String>(2)?,
                r.get::<String>(3)?,
            ))
        },
    ))?;
    Ok(row.and_then(|(regular, special, level, breaks)| {
        Some(PriceList {
            regular,
            special,
            level_pct: level.parse().ok()?,
            breaks: parse_breaks(&breaks).ok()?,
        })
    }))
}

/// The product's prices today for the customer (or a cash sale).
fn current_prices(
    conn: &Conn,
    product_id: i64,
    customer_id: Option<i64>,
) -> Result<Option<PriceList>> {
    let Some(regular) = optional(conn.query_row(
        "SELECT price FROM products WHERE id = ?1",
        params![product_id],
        |r| r.get::<Money>(0),
    ))?
    else {
        return Ok(None);
    };
    let mut prices = PriceList::new(regular, load_breaks(conn, product_id)?);
    if let Some(customer) = customer_id {
        let level: String = conn.query_row(
            "SELECT price_level_pct FROM customers WHERE id = ?1",
            params![customer],
            |r| r.get(0),
        )?;
        let Ok(level) = level.parse() else {
            return Ok(None);
        };
        prices.level_pct = level;
        prices.special = optional(conn.query_row(
            "SELECT price FROM special_prices WHERE customer_id = ?1 AND product_id = ?2",
            params![customer, product_id],
            |r| r.get::<Money>(0),
        ))?;
    }
    Ok(Some(prices))
}

pub(crate) fn load_source(conn: &Conn, invoice: i64, basis: Basis) -> Result<ReturnSource> {
    let head = optional(conn.query_row(
        "SELECT i.kind, i.customer_id, c.account, i.tax_included
         FROM invoices i LEFT JOIN customers c ON c.id = i.customer_id WHERE i.number = ?1",
        params![invoice],
        |r| {
            Ok((
                r.get::<String>(0)?,
                r.get::<Option<i64>>(1)?,
                r.get::<Option<String>>(2)?,
                r.get::<bool>(3)?,
            ))
        },
    ))?;
    let Some((kind, customer_id, account, tax_included)) = head else {
        return Err(StoreError::bad_input("invoice", invoice, "no such invoice"));
    };
    let kind = InvoiceKind::parse(&kind);
    if !matches!(kind, Some(InvoiceKind::Sale | InvoiceKind::Final)) {
        return Err(StoreError::bad_input(
            "invoice",
            invoice,
            "only a sale or a final invoice delivered goods that can come back",
        ));
    }
    let mut rows = Vec::new();
    conn.for_each(
        "SELECT il.line_no, il.product_id, il.sku, il.description, il.ordered, il.qty,
                il.unit_price, il.amount, il.tax,
                (SELECT coalesce(sum(rl.qty), 0) FROM return_lines rl
                 WHERE rl.from_invoice = il.invoice_number AND rl.from_line = il.line_no)
         FROM invoice_lines il WHERE il.invoice_number = ?1 AND il.qty > 0
         ORDER BY il.line_no",
        params![invoice],
        |r| {
            rows.push((
                r.get::<i64>(0)?,
                r.get::<i64>(1)?,
                r.get::<String>(2)?,
                r.get::<String>(3)?,
                r.get::<i64>(4)?,
                r.get::<i64>(5)?,
                r.get::<Money>(6)?,
                r.get::<Money>(7)?,
                r.get::<Money>(8)?,
                r.get::<i64>(9)?,
            ));
            Ok(())
        },
    )?;
    let mut lines = Vec::new();
    for (line_no, product_id, sku, description, ordered, qty, unit_price, amount, tax, returned) in
        rows
    {
        // A final invoice's units share its charge evenly: what they carried of the
        // line's amounts is not kept apart.
        let prices = if kind == Some(InvoiceKind::Sale) {
            match frozen_prices(conn, invoice, product_id, ordered)? {
                Some(prices) => Some(prices),
                // A sale that made no order kept no prices: today's, if they still come to
                // what was charged.
                None if qty == ordered => current_prices(conn, product_id, customer_id)?
                    .filter(|p| p.total(u32::try_from(qty).unwrap_or(0)) == amount),
                None => None,
            }
        } else {
            None
        };
        let count = |n: i64| u32::try_from(n.max(0)).unwrap_or(u32::MAX);
        lines.push(ReturnableLine {
            line_no,
            product_id,
            sku,
            description,
            unit_price,
            delivered: count(qty),
            returned: count(returned),
            charge: DeliveredLine {
                prices,
                basis,
                ordered: count(ordered.max(qty)),
                delivered_before: 0,
                delivered: count(qty),
                charged: amount,
                tax,
            },
        });
    }
    let tenders = tenders_of(conn, invoice)?;
    Ok(ReturnSource {
        invoice: Some(invoice),
        customer_id,
        account,
        tax_included,
        lines,
        tenders,
    })
}

/// How invoice `invoice` was paid: its tenders, in the order taken.
pub(crate) fn tenders_of(conn: &Conn, invoice: i64) -> Result<Vec<(TenderKind, Money)>> {
    let mut tenders = Vec::new();
    conn.for_each(
        "SELECT kind, amount FROM tenders WHERE invoice_number = ?1 ORDER BY id",
        params![invoice],
        |r| {
            if let Some(kind) = TenderKind::parse(&r.get::<String>(0)?) {
                tenders.push((kind, r.get::<Money>(1)?));
            }
            Ok(())
        },
    )?;
    Ok(tenders)
}

impl Store {
    /// The lines of invoice `invoice` that can come back; refused unless it is a sale or a
    /// final invoice.
    pub fn return_source(&self, invoice: i64, basis: Basis) -> Result<ReturnSource> {
        load_source(&self.conn, invoice, basis)
    }

    /// Writes a return: the next invoice number (kind `return`) with a negative line per
    /// pick, the link to the line it returns, the refund tender (negative), the units back
    /// on hand (or counted damaged), and an audit row per line. All or nothing.
    pub fn commit_return(&mut self, req: &ReturnRequest<'_>) -> Result<ReturnDone> {
        let limits = self.limits;
        let tx = self.write()?;
        let source = match req.of {
            // Read again inside the write lock: two returns of one line cannot both take it.
            ReturnOf::Invoice(invoice) => load_source(&tx, invoice, req.basis)?,
            ReturnOf::NoInvoice(source) => source.clone(),
        };
        let plan = ReturnPlan::of(&source, req.picks, req.refund_by, req.damaged)?;
        // The policy, on the refund as it is written.
        let approved_by = authorize(&tx, &limits, req.user, &plan.operation, req.approvals)?;
        let number = next_number(&tx, "invoices")?;
        let reference = format!("invoice {number}");
        let zero = Money::ZERO.round();
        let now = tx.now_text();
        tx.execute(
            "INSERT INTO invoices (number, kind, customer_id, location, user_name, goods, tax,
                                   deposit, deposit_applied, total, change_given, tax_included,
                                   at)
             VALUES (?1, 'return', ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?7, ?9, ?10)",
            params![
                number,
                source.customer_id,
                req.location,
                req.user,
                -plan.goods,
                -plan.tax,
                zero,
                -plan.total,
                source.tax_included,
                now
            ],
        )?;
        let invoice_lines: Vec<Vec<Value>> = plan
            .lines
            .iter()
            .map(|l| {
                values![
                    number,
                    l.line_no,
                    l.product_id,
                    l.sku,
                    l.description,
                    0,
                    -l.units,
                    0,
                    0,
                    l.unit_price,
                    -l.refund.goods,
                    -l.refund.tax,
                    zero
                ]
            })
            .collect();
        insert_rows(
            &tx,
            "invoice_lines (invoice_number, line_no, product_id, sku, description, ordered, qty,
                held_back, backordered, unit_price, amount, tax, deposit)",
            &invoice_lines,
        )?;
        let return_lines: Vec<Vec<Value>> = plan
            .lines
            .iter()
            .map(|l| {
                values![
                    number,
                    l.line_no,
                    source.invoice,
                    l.from_line,
                    l.units,
                    i64::from(req.damaged)
                ]
            })
            .collect();
        insert_rows(
            &tx,
            "return_lines (invoice_number, line_no, from_invoice, from_line, qty, damaged)",
            &return_lines,
        )?;
        for line in &plan.lines {
            if req.damaged {
                tx.execute(
                    "INSERT INTO stock (product_id, location, damaged) VALUES (?1, ?2, ?3)
                     ON CONFLICT(product_id, location)
                     DO UPDATE SET damaged = stock.damaged + excluded.damaged",
                    params![line.product_id, req.location, line.units],
                )?;
            } else {
                record_movement(
                    &tx,
                    line.product_id,
                    req.location,
                    line.units,
                    MovementKind::Return,
                    &reference,
                    req.user,
                )?;
            }
            audit(
                &tx,
                &Audit {
                    user: req.user,
                    action: "return",
                    product_id: Some(line.product_id),
                    qty: Some(line.units),
                    reference: &reference,
                    detail: line.detail.clone(),
                    approved_by: approved_by.as_deref(),
                    ..Audit::default()
                },
            )?;
        }
        tx.execute(
            "INSERT INTO tenders (invoice_number, kind, amount) VALUES (?1, ?2, ?3)",
            params![number, req.refund_by.as_str(), -plan.total],
        )?;
        tx.commit()?;
        Ok(ReturnDone {
            number,
            refund: plan.total,
            refund_by: req.refund_by,
        })
    }
}
