//! Documents read back from the store: invoices and customer orders, as `invoice show`,
//! `order show`, receipts and the screens need them.

use crate::store::db::{Conn, Row, params};
use serde::Serialize;

use super::{Result, Store, StoreError, optional};
use crate::domain::Money;
use crate::domain::aging::Eta;
use crate::domain::order::{
    DepositKind, DepositTotals, InvoiceKind, OrderStatus, QueuePlace, sort_queue,
};
use crate::domain::pricing::{PriceList, parse_breaks};
use crate::domain::sale::Payment;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvoiceLineDoc {
    pub sku: String,
    #[serde(skip)]
    pub description: String,
    pub ordered: i64,
    /// Delivered on this invoice.
    pub qty: i64,
    pub held_back: i64,
    pub backordered: i64,
    pub unit_price: Money,
    pub amount: Money,
    pub tax: Money,
    #[serde(skip)]
    pub deposit: Money,
    /// The tax contained in `deposit`.
    #[serde(skip)]
    pub deposit_tax: Money,
    /// On a sale that does not prepay its order: what the units not delivered will cost
    /// when they are, tax included.
    #[serde(skip)]
    pub owed_later: Money,
    /// On a refund: the units the cancel or void took off the order.
    #[serde(skip)]
    pub cancelled: i64,
    /// On a final invoice: what the line's tax was moved by so that its fills come to the
    /// deposit to the cent.
    #[serde(skip)]
    pub tax_adjusted: Money,
    /// When its backordered units are expected, on a sale whose order a purchase order
    /// already covers.
    #[serde(skip)]
    pub eta: Option<Eta>,
    /// The clerk's price changes on a sale line, for the receipt, from the sale's audit rows.
    #[serde(skip)]
    pub price_changes: Vec<PriceChangeDoc>,
}

/// A price change on a sale line as a receipt shows it: `10% off` or `price 25.00 (was
/// 31.47)`, why, and what it took off the line's whole quantity (not recorded before
/// receipts showed it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceChangeDoc {
    pub what: String,
    pub reason: String,
    pub saving: Option<Money>,
}

impl PriceChangeDoc {
    /// Reads the audit row a sale writes for a line's price change (see the domain's
    /// `SaleLine::adjustment_audit`): its detail `[sale discount: ]N x SKU: 10% off 31.47;
    /// charged 28.32 a unit; reason: R` (or `...: unit price 31.47 -> 25.00; ...`) and the
    /// amount it took off the line.
    pub fn of_audit(sku: &str, detail: &str, saving: Option<Money>) -> PriceChangeDoc {
        let (head, reason) = detail.rsplit_once("; reason: ").unwrap_or((detail, ""));
        let change = head
            .split_once(&format!("{sku}: "))
            .map_or(head, |(_, c)| c)
            .split("; ")
            .next()
            .unwrap_or_default();
        let what = match change.split_once(" -> ") {
            Some((was, now)) => {
                let was = was.trim_start_matches("unit price ");
                format!("price {now} (was {was})")
            }
            None => change
                .rsplit_once(' ')
                .map_or(change, |(p, _)| p)
                .to_string(),
        };
        let scope = if detail.starts_with("sale discount: ") {
            "sale "
        } else {
            ""
        };
        PriceChangeDoc {
            what: format!("{scope}{what}"),
            reason: reason.to_string(),
            saving,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TenderDoc {
    pub kind: String,
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvoiceDoc {
    pub number: i64,
    #[serde(skip)]
    pub kind: InvoiceKind,
    /// Account of the customer; None for a cash sale.
    pub customer: Option<String>,
    #[serde(skip)]
    pub customer_name: Option<String>,
    #[serde(skip)]
    pub order_number: Option<i64>,
    /// On a return: the invoice whose goods came back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub returns: Option<i64>,
    /// The document kind, `return` shown in JSON (other kinds keep the documented fields).
    #[serde(rename = "kind", skip_serializing_if = "Option::is_none")]
    pub kind_shown: Option<&'static str>,
    /// Its order still had units pending after this invoice: the order is open, or a later
    /// invoice of the order exists.
    #[serde(skip)]
    pub order_pending: bool,
    #[serde(skip)]
    pub location: String,
    #[serde(skip)]
    pub user: String,
    #[serde(skip)]
    pub at: String,
    pub lines: Vec<InvoiceLineDoc>,
    #[serde(skip)]
    pub goods: Money,
    pub deposit: Money,
    pub deposit_applied: Money,
    pub tax: Money,
    pub total: Money,
    /// Cash handed back: the tenders less the change come to the total.
    pub change: Money,
    #[serde(skip)]
    pub tax_included: bool,
    pub tenders: Vec<TenderDoc>,
    /// On a final invoice of a prepaid order: the deposit the order still held once it
    /// was written.
    #[serde(skip)]
    pub deposit_held: Option<Money>,
}

/// An order line as documents show it: the domain's order line.
pub type OrderLineDoc = crate::domain::order::OrderLine;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderDoc {
    pub number: i64,
    pub invoice: i64,
    pub customer: String,
    #[serde(skip)]
    pub customer_name: String,
    #[serde(skip)]
    pub customer_id: i64,
    /// The customer's phone and e-mail, for whoever tells them the order is ready.
    pub phone: String,
    pub email: String,
    #[serde(skip)]
    pub location: String,
    pub status: OrderStatus,
    #[serde(serialize_with = "payment_word")]
    pub payment: Payment,
    /// Deposit held now (taken − applied − refunded).
    pub deposit: Money,
    pub due: Option<String>,
    pub note: String,
    #[serde(skip)]
    pub ordered_at: String,
    /// Since when the customer, told the order was ready, waits for a call back: a count
    /// took back units they were told about.
    pub call_back: Option<String>,
    pub lines: Vec<OrderLineDoc>,
}

fn payment_word<S: serde::Serializer>(
    payment: &Payment,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(payment.as_str())
}

impl OrderDoc {
    pub fn backordered(&self) -> i64 {
        self.lines.iter().map(|l| l.backordered).sum()
    }

    pub fn committed(&self) -> i64 {
        self.lines.iter().map(|l| l.committed).sum()
    }

    /// What its backordered units are worth (see [`crate::domain::aging::backordered_value`]).
    pub fn backordered_value(&self) -> Money {
        self.lines.iter().map(|l| l.wait.backordered_value).sum()
    }

    /// The longest any of its backordered lines has waited, in days.
    pub fn days_waiting(&self) -> Option<i64> {
        self.lines.iter().filter_map(|l| l.wait.days_waiting).max()
    }
}

/// The lines of an order with their frozen prices; a stored figure that does not parse is
/// reported as corrupt rather than read as zero.
pub(crate) fn order_lines(conn: &Conn, order: i64) -> Result<Vec<OrderLineDoc>> {
    Ok(lines_of_orders(conn, &[order])?
        .into_iter()
        .map(|(_, line)| line)
        .collect())
}

/// The columns of an order line as [`order_line`] reads them (`ol` order_lines, `p` products).
pub(crate) const ORDER_LINE: &str = "ol.line_no, ol.product_id, p.sku, p.description, \
     ol.ordered, ol.delivered, ol.committed, ol.backordered, ol.cancelled, ol.regular_price, \
     ol.special_price, ol.level_pct, ol.breaks, ol.tax_rate, ol.charged, ol.prepaid, \
     ol.prepaid_applied, ol.prepaid_refunded, ol.queued_at";

/// An order line from the [`ORDER_LINE`] columns of a row, starting at column `at`.
pub(crate) fn order_line(r: &Row<'_>, at: usize) -> Result<OrderLineDoc> {
    let corrupt = |column: &'static str, value: &str| StoreError::Corrupt {
        column,
        value: value.to_string(),
    };
    let level: String = r.get(at + 11)?;
    let breaks: String = r.get(at + 12)?;
    let rate: String = r.get(at + 13)?;
    Ok(OrderLineDoc {
        line_no: r.get(at)?,
        product_id: r.get(at + 1)?,
        sku: r.get(at + 2)?,
        description: r.get(at + 3)?,
        ordered: r.get(at + 4)?,
        delivered: r.get(at + 5)?,
        committed: r.get(at + 6)?,
        backordered: r.get(at + 7)?,
        cancelled: r.get(at + 8)?,
        prices: PriceList {
            regular: r.get(at + 9)?,
            special: r.get(at + 10)?,
            level_pct: level
                .parse()
                .map_err(|_| corrupt("order_lines.level_pct", &level))?,
            // Breaks were written by format_breaks with the currency's places (at most 4).
            breaks: parse_breaks(&breaks).map_err(|_| corrupt("order_lines.breaks", &breaks))?,
        },
        tax_rate: rate
            .parse()
            .map_err(|_| corrupt("order_lines.tax_rate", &rate))?,
        charged: r.get(at + 14)?,
        prepaid: r.get(at + 15)?,
        prepaid_applied: r.get(at + 16)?,
        prepaid_refunded: r.get(at + 17)?,
        queued_at: r.get(at + 18)?,
        wait: Default::default(),
    })
}

/// The lines of several orders in one query: (order number, line), by order and line number.
pub(crate) fn lines_of_orders(conn: &Conn, orders: &[i64]) -> Result<Vec<(i64, OrderLineDoc)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT ol.order_number, {ORDER_LINE}
         FROM order_lines ol JOIN products p ON p.id = ol.product_id
         WHERE ol.order_number IN (SELECT value FROM json_each(?1))
         ORDER BY ol.order_number, ol.line_no"
    ))?;
    let rows = stmt.query_map(params![numbers_json(orders)], |r| {
        Ok((r.get::<i64>(0)?, order_line(r, 1)?))
    })?;
    rows.collect()
}

/// The columns of an order's head, as [`order_head`] reads them (`o` orders, `c` customers).
pub(crate) const ORDER_HEAD: &str = "o.number, o.invoice_number, c.account, c.name, c.id, \
     o.location, o.status, o.payment, o.due, o.note, o.ordered_at, c.phone, c.email, \
     o.call_back_since";

/// An order's head from a row of [`ORDER_HEAD`] columns; its lines and deposit are read apart.
pub(crate) fn order_head(r: &Row<'_>) -> Result<OrderDoc> {
    Ok(OrderDoc {
        number: r.get(0)?,
        invoice: r.get(1)?,
        customer: r.get(2)?,
        customer_name: r.get(3)?,
        customer_id: r.get(4)?,
        phone: r.get(11)?,
        email: r.get(12)?,
        location: r.get(5)?,
        status: r.get(6)?,
        payment: r.get(7)?,
        due: r.get(8)?,
        note: r.get(9)?,
        ordered_at: r.get(10)?,
        call_back: r.get(13)?,
        deposit: Money::ZERO,
        lines: Vec::new(),
    })
}

/// A list of numbers as a JSON array, for `json_each` (one query for many orders).
pub(crate) fn numbers_json(numbers: &[i64]) -> String {
    let inner: Vec<String> = numbers.iter().map(i64::to_string).collect();
    format!("[{}]", inner.join(","))
}

impl Store {
    pub fn invoice(&self, number: i64) -> Result<Option<InvoiceDoc>> {
        let head = optional(self.conn.query_row(
            "SELECT i.number, i.kind, c.account, c.name, i.order_number, i.location, i.user_name,
                    i.at, i.goods, i.deposit, i.deposit_applied, i.tax, i.total, i.change_given,
                    i.tax_included,
                    EXISTS (SELECT 1 FROM orders o
                            WHERE o.number = i.order_number AND o.status = 'open')
                    OR EXISTS (SELECT 1 FROM invoices later
                               WHERE later.order_number = i.order_number
                                 AND later.number > i.number),
                    (SELECT min(rl.from_invoice) FROM return_lines rl
                     WHERE rl.invoice_number = i.number)
             FROM invoices i LEFT JOIN customers c ON c.id = i.customer_id WHERE i.number = ?1",
            params![number],
            |r| {
                Ok(InvoiceDoc {
                    number: r.get(0)?,
                    kind: r.get(1)?,
                    customer: r.get(2)?,
                    customer_name: r.get(3)?,
                    order_number: r.get(4)?,
                    returns: r.get(16)?,
                    kind_shown: None,
                    order_pending: r.get(15)?,
                    location: r.get(5)?,
                    user: r.get(6)?,
                    at: r.get(7)?,
                    goods: r.get(8)?,
                    deposit: r.get(9)?,
                    deposit_applied: r.get(10)?,
                    tax: r.get(11)?,
                    total: r.get(12)?,
                    change: r.get(13)?,
                    tax_included: r.get(14)?,
                    lines: Vec::new(),
                    tenders: Vec::new(),
                    deposit_held: None,
                })
            },
        ))?;
        let Some(mut doc) = head else {
            return Ok(None);
        };
        if doc.kind == InvoiceKind::Return {
            doc.kind_shown = Some("return");
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT sku, description, ordered, qty, held_back, backordered, unit_price, amount, tax,
                    deposit, deposit_tax, owed_later, cancelled, tax_adjusted
             FROM invoice_lines WHERE invoice_number = ?1 ORDER BY line_no",
        )?;
        doc.lines = stmt
            .query_map(params![number], |r| {
                Ok(InvoiceLineDoc {
                    sku: r.get(0)?,
                    description: r.get(1)?,
                    ordered: r.get(2)?,
                    qty: r.get(3)?,
                    held_back: r.get(4)?,
                    backordered: r.get(5)?,
                    unit_price: r.get(6)?,
                    amount: r.get(7)?,
                    tax: r.get(8)?,
                    deposit: r.get(9)?,
                    deposit_tax: r.get(10)?,
                    owed_later: r.get(11)?,
                    cancelled: r.get(12)?,
                    tax_adjusted: r.get(13)?,
                    eta: None,
                    price_changes: Vec::new(),
                })
            })?
            .collect::<Result<_>>()?;
        if doc.kind == InvoiceKind::Sale {
            self.add_price_changes(&mut doc)?;
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, amount FROM tenders WHERE invoice_number = ?1 ORDER BY id",
        )?;
        doc.tenders = stmt
            .query_map(params![number], |r| {
                Ok(TenderDoc {
                    kind: r.get(0)?,
                    amount: r.get(1)?,
                })
            })?
            .collect::<Result<_>>()?;
        self.add_etas(&mut doc)?;
        if let Some(order) = doc.order_number.filter(|_| doc.kind == InvoiceKind::Final) {
            let deposits = self.deposits_until(order, doc.number)?;
            doc.deposit_held = (!deposits.taken.is_zero()).then(|| deposits.held().round());
        }
        Ok(Some(doc))
    }

    /// The price overrides and discounts of a sale's lines, from the audit rows written
    /// with it.
    fn add_price_changes(&self, doc: &mut InvoiceDoc) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.sku, a.detail, a.amount FROM audit_log a JOIN products p ON p.id = a.product_id
             WHERE a.reference = ?1 AND a.action IN ('price_override', 'discount')
             ORDER BY a.id",
        )?;
        let rows = stmt
            .query_map(params![format!("invoice {}", doc.number)], |r| {
                Ok((
                    r.get::<String>(0)?,
                    r.get::<String>(1)?,
                    r.get::<Option<Money>>(2)?,
                ))
            })?
            .collect::<Result<Vec<_>>>()?;
        for (sku, detail, saving) in rows {
            if let Some(line) = doc.lines.iter_mut().find(|l| l.sku == sku) {
                line.price_changes
                    .push(PriceChangeDoc::of_audit(&sku, &detail, saving));
            }
        }
        Ok(())
    }

    /// The expected dates of a sale's backordered lines from its order: the order has a
    /// line for each invoice line with units pending, in the same order.
    fn add_etas(&self, doc: &mut InvoiceDoc) -> Result<()> {
        let Some(number) = doc.order_number.filter(|_| doc.kind == InvoiceKind::Sale) else {
            return Ok(());
        };
        if doc.lines.iter().all(|l| l.backordered == 0) {
            return Ok(());
        }
        let Some(order) = self.order(number)? else {
            return Ok(());
        };
        let pending = doc
            .lines
            .iter_mut()
            .filter(|l| l.backordered + l.held_back > 0);
        for (line, of_order) in pending.zip(order.lines) {
            if line.backordered > 0
                && let (Some(expected), Some(po)) = (of_order.wait.eta, of_order.wait.po)
            {
                line.eta = Some(Eta { expected, po });
            }
        }
        Ok(())
    }

    /// The receipt text kept from an invoice's first printing at this width, if any.
    pub fn kept_receipt(&self, invoice: i64, width: u16) -> Result<Option<String>> {
        optional(self.conn.query_row(
            "SELECT text FROM receipts WHERE invoice_number = ?1 AND width = ?2",
            params![invoice, width],
            |r| r.get(0),
        ))
    }

    /// Keeps the receipt text of an invoice so that a reprint is exactly the same.
    pub fn keep_receipt(&mut self, invoice: i64, width: u16, text: &str) -> Result<()> {
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO receipts (invoice_number, width, text) VALUES (?1, ?2, ?3)
             ON CONFLICT(invoice_number) DO UPDATE SET width = excluded.width, text = excluded.text",
            params![invoice, width, text],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// What a customer owes on account: every on-account tender charged to them.
    pub fn account_balance(&self, customer_id: i64) -> Result<Money> {
        balance_of(&self.conn, customer_id)
    }

    pub fn last_invoice_number(&self) -> Result<Option<i64>> {
        self.conn
            .query_row("SELECT max(number) FROM invoices", params![], |r| r.get(0))
    }

    pub fn order(&self, number: i64) -> Result<Option<OrderDoc>> {
        let head = optional(self.conn.query_row(
            &format!(
                "SELECT {ORDER_HEAD} FROM orders o JOIN customers c ON c.id = o.customer_id
                 WHERE o.number = ?1"
            ),
            params![number],
            order_head,
        ))?;
        let Some(mut doc) = head else {
            return Ok(None);
        };
        doc.deposit = self.deposit_held(number)?;
        doc.lines = order_lines(&self.conn, number)?;
        let mut docs = [doc];
        super::waits::fill_waits(&self.conn, &mut docs, &self.order_rules, self.today())?;
        let [doc] = docs;
        Ok(Some(doc))
    }

    /// Deposit held for an order: taken − applied − refunded.
    pub fn deposit_held(&self, order: i64) -> Result<Money> {
        Ok(self.deposits_until(order, i64::MAX)?.held())
    }

    /// An order's deposit ledger once `invoice` was written: its deposit rows up to it.
    fn deposits_until(&self, order: i64, invoice: i64) -> Result<DepositTotals> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, amount FROM deposits WHERE order_number = ?1 AND invoice_number <= ?2",
        )?;
        let rows = stmt.query_map(params![order, invoice], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let entries = rows.collect::<Result<Vec<(DepositKind, Money)>>>()?;
        Ok(DepositTotals::of(entries))
    }

    /// Open orders at `location` holding committed units of a product, in queue order:
    /// the candidates an override may release units from. (order, line_no, customer,
    /// committed)
    pub fn orders_holding(
        &self,
        product_id: i64,
        location: &str,
    ) -> Result<Vec<(i64, i64, String, i64)>> {
        holding_lines(&self.conn, product_id, location)
    }
}

/// What a customer owes on account: the tenders charged to the account less the payments
/// made against it.
pub(crate) fn balance_of(conn: &Conn, customer_id: i64) -> Result<Money> {
    let charged: Vec<Money> = conn.query_map(
        "SELECT t.amount FROM tenders t JOIN invoices i ON i.number = t.invoice_number
         WHERE i.customer_id = ?1 AND t.kind = 'account'",
        params![customer_id],
        |r| r.get(0),
    )?;
    let paid: Vec<Money> = conn.query_map(
        "SELECT amount FROM account_payments WHERE customer_id = ?1",
        params![customer_id],
        |r| r.get(0),
    )?;
    Ok(crate::domain::payment::balance(charged, paid))
}

/// Lines of open orders at `location` holding committed units of a product, in queue
/// order: (order, line_no, customer, committed).
pub(crate) fn holding_lines(
    conn: &Conn,
    product_id: i64,
    location: &str,
) -> Result<Vec<(i64, i64, String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.number, ol.line_no, c.name, ol.committed, ol.queued_at, o.due
         FROM order_lines ol JOIN orders o ON o.number = ol.order_number
         JOIN customers c ON c.id = o.customer_id
         WHERE ol.product_id = ?1 AND o.location = ?2 AND o.status = 'open' AND ol.committed > 0",
    )?;
    let rows = stmt.query_map(params![product_id, location], |r| {
        Ok((
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?),
            r.get::<String>(4)?,
            r.get::<Option<String>>(5)?,
        ))
    })?;
    let mut holding: Vec<_> = rows.collect::<Result<_>>()?;
    sort_queue(&mut holding, |(line, queued_at, due)| QueuePlace {
        queued_at,
        due: due.as_deref(),
        order: line.0,
        line_no: line.1,
    });
    Ok(holding.into_iter().map(|(line, ..)| line).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_price_change_reads_back_from_its_audit_detail() {
        let saving = Money::parse("1.00").ok();
        let change = |detail| PriceChangeDoc::of_audit("SCREW", detail, saving);
        assert_eq!(
            change(
                "2 x SCREW: unit price 5.00 -> 4.50; charged 4.50 a unit; reason: price match; ok"
            ),
            PriceChangeDoc {
                what: "price 4.50 (was 5.00)".into(),
                reason: "price match; ok".into(),
                saving,
            }
        );
        assert_eq!(
            change(
                "sale discount: 3 x SCREW: 12.5% off 5.00; charged 4.38 a unit; reason: loyalty"
            ),
            PriceChangeDoc {
                what: "sale 12.5% off".into(),
                reason: "loyalty".into(),
                saving,
            }
        );
    }
}
