//! Committing a sale: invoice, lines, tenders, stock movements, the customer order with its
//! deposit, and the audit rows, all in one `BEGIN IMMEDIATE` transaction.

use std::collections::BTreeMap;

use crate::store::db::{Conn, Value, insert_rows, params, values};
use rust_decimal::Decimal;

pub(crate) use super::audit::{Audit, audit};
use super::stock::{MovementKind, adjust_committed, commit_units, record_movements, stock_levels};
use super::{Result, Store, StoreError};
use crate::domain::policy::{Limits, Operation};
use crate::domain::pricing::format_breaks;
use crate::domain::sale::plan::{Approver, AuditOrder, OrderPlan, PlanError, SaleFacts, SalePlan};
use crate::domain::sale::{
    CLEAR_BACKORDERS, LineOutcome, Payment, SaleLine, SaleTotals, TenderKind,
};
use crate::domain::{Customer, Money, StockLevel};
use crate::store::policy::{
    Approval, OverLimit, audit_over_limit, authorize, authorize_on_account,
};

/// Everything the counter decided about a sale, ready to be written.
#[derive(Debug, Clone)]
pub struct SaleToCommit<'a> {
    pub location: &'a str,
    pub user: &'a str,
    pub customer: Option<&'a Customer>,
    pub lines: &'a [SaleLine],
    pub outcomes: &'a [LineOutcome],
    pub payment: Payment,
    pub totals: &'a SaleTotals,
    pub tenders: &'a [(TenderKind, Money)],
    pub change: Money,
    pub prices_include_tax: bool,
    /// Extra audit rows the counter asks for (e.g. "fill all backorders" approved by a
    /// manager): (action, detail).
    pub audit: &'a [(String, String)],
    /// The approvals managers gave for the sale's decisions; the policy is asked again here
    /// on what is written, and the managers it names are audited.
    pub approvals: &'a [Approval],
}

impl SaleToCommit<'_> {
    /// What the plan of the sale is made from.
    pub fn facts(&self) -> SaleFacts<'_> {
        SaleFacts {
            named: self.customer.is_some(),
            lines: self.lines,
            outcomes: self.outcomes,
            payment: self.payment,
            totals: self.totals,
            tenders: self.tenders,
            change: self.change,
            prices_include_tax: self.prices_include_tax,
            audit: self.audit,
        }
    }
}

/// The managers the policy asks for a sale's decisions, asked inside its write on the
/// figures written: a missing approval refuses the whole sale.
struct Approvers {
    /// Of the overrides of the shelf and the queue (deliver anyway, release, fill all).
    overrides: Option<String>,
    /// Of each line's price cut.
    cuts: Vec<Option<String>>,
    /// On account over the customer's limit.
    over_limit: Option<OverLimit>,
}

impl Approvers {
    fn ask(conn: &Conn, limits: &Limits, sale: &SaleToCommit<'_>) -> Result<Approvers> {
        let ask = |op: &Operation| authorize(conn, limits, sale.user, op, sale.approvals);
        // Clearing backorders from the sale is the clerk's own; every other decision the
        // counter recorded overrides the shelf or the queue.
        let overridden = sale.lines.iter().any(|l| !l.overrides.is_empty())
            || sale
                .audit
                .iter()
                .any(|(action, _)| action != CLEAR_BACKORDERS);
        let overrides = match overridden {
            true => ask(&Operation::Override)?,
            false => None,
        };
        let cuts = sale
            .lines
            .iter()
            .map(|line| match line.price_cut() {
                Some(cut_pct) => ask(&Operation::PriceCut { cut_pct }),
                None => Ok(None),
            })
            .collect::<Result<Vec<_>>>()?;
        let over_limit = match sale.customer {
            Some(customer) => authorize_on_account(
                conn,
                limits,
                sale.user,
                customer.id,
                sale.tenders,
                sale.approvals,
            )?,
            None => None,
        };
        Ok(Approvers {
            overrides,
            cuts,
            over_limit,
        })
    }
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Committed {
    pub invoice: i64,
    pub order: Option<i64>,
}

/// Why a sale could not be written; the sale stays on screen.
#[derive(Debug, thiserror::Error)]
pub enum CommitError {
    #[error(
        "{sku}: only {available} available now (another terminal took some); the sale was not written, check the line and total again"
    )]
    StockChanged { sku: String, available: i64 },
    #[error("order {order} no longer holds {qty} committed units of {sku} to release")]
    ReleaseGone { order: i64, sku: String, qty: u32 },
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for CommitError {
    fn from(e: rusqlite::Error) -> Self {
        CommitError::Store(StoreError::Sqlite(e))
    }
}

pub(crate) fn next_number(conn: &Conn, table: &str) -> Result<i64> {
    conn.query_row(
        &format!("SELECT coalesce(max(number), 0) + 1 FROM {table}"),
        params![],
        |r| r.get(0),
    )
}

/// A product's stock as the counter shows it, and a customer's special price for it.
struct ItemStock {
    /// Available here (on hand − committed, not below zero).
    here: i64,
    /// Available at each other location that has any, by code.
    elsewhere: Vec<(String, i64)>,
    special: Option<Money>,
}

/// [`ItemStock`] in one round trip: the product's stock at every location, and the
/// customer's special price as a row of its own.
fn item_stock(
    conn: &Conn,
    product_id: i64,
    customer_id: Option<i64>,
    location: &str,
) -> Result<ItemStock> {
    let mut stock = ItemStock {
        here: 0,
        elsewhere: Vec::new(),
        special: None,
    };
    conn.for_each(
        "SELECT location, on_hand, committed, NULL FROM stock WHERE product_id = ?1
         UNION ALL
         SELECT NULL, 0, 0, price FROM special_prices WHERE customer_id = ?2 AND product_id = ?1
         ORDER BY 1",
        params![product_id, customer_id],
        |row| {
            let level = StockLevel {
                on_hand: row.get(1)?,
                committed: row.get(2)?,
            };
            match row.get::<Option<String>>(0)? {
                Some(at) if at == location => stock.here = level.available(),
                Some(at) if level.available() > 0 => stock.elsewhere.push((at, level.available())),
                Some(_) => {}
                None => stock.special = row.get(3)?,
            }
            Ok(())
        },
    )?;
    Ok(stock)
}

impl Store {
    /// Builds a sale line for `qty` of the product with this SKU or barcode, priced for the
    /// customer (special price, level discount) with the stock available at `location`.
    pub fn ring_line(
        &self,
        code: &str,
        qty: u32,
        customer: Option<&Customer>,
        location: &str,
        tax_rates: &BTreeMap<String, Decimal>,
    ) -> Result<SaleLine> {
        // Two round trips: the product with its breaks, then its stock everywhere with the
        // customer's special price.
        let product = self.require_product(code)?;
        let stock = item_stock(&self.conn, product.id, customer.map(|c| c.id), location)?;
        let special = stock.special;
        let tax_rate = tax_rates.get(&product.tax_class).copied().ok_or_else(|| {
            StoreError::bad_input(
                "tax_class",
                &product.tax_class,
                "has no rate in the config's [tax.rates]",
            )
        })?;
        Ok(SaleLine {
            product_id: product.id,
            sku: product.sku.clone(),
            description: product.description.clone(),
            tax_class: product.tax_class.clone(),
            prices: product.price_list(customer, special),
            tax_rate,
            ordered: qty,
            held_back: 0,
            manual_backorder: 0,
            overrides: Vec::new(),
            adjust: Default::default(),
            available: stock.here,
            elsewhere: stock.elsewhere,
        })
    }

    /// Re-reads the stock available here for a line (after another terminal's sale).
    pub fn refresh_available(&self, line: &mut SaleLine, location: &str) -> Result<()> {
        let stock = item_stock(&self.conn, line.product_id, None, location)?;
        line.available = stock.here;
        line.elsewhere = stock.elsewhere;
        Ok(())
    }

    /// Writes a finished sale, or nothing at all: the domain's plan of it
    /// ([`SalePlan::of`]), numbered, approved and written as it is.
    pub fn commit_sale(
        &mut self,
        sale: &SaleToCommit<'_>,
    ) -> std::result::Result<Committed, CommitError> {
        let plan = SalePlan::of(&sale.facts())?;
        let limits = self.limits;
        let tx = self.write()?;
        let approvers = Approvers::ask(&tx, &limits, sale)?;
        let invoice = write_invoice(&tx, sale, &plan)?;
        let reference = format!("invoice {invoice}");
        // Stock first: a line may only take what is really free now, so two terminals can
        // never both sell the last unit. Units taken from another order are freed first.
        for r in &plan.releases {
            release_to_sale(&tx, r.order, r.line_no, r.qty, &r.sku, sale.location)?;
        }
        let products: Vec<i64> = plan.needed.keys().copied().collect();
        let free = stock_levels(&tx, &products, sale.location)?;
        for line in sale.lines {
            let available = free.get(&line.product_id).map_or(0, |l| l.available());
            if plan.needed[&line.product_id] > available {
                return Err(CommitError::StockChanged {
                    sku: line.sku.clone(),
                    available,
                });
            }
        }
        record_movements(
            &tx,
            &plan.delivered,
            sale.location,
            MovementKind::Sale,
            &reference,
            sale.user,
        )?;
        commit_units(&tx, &plan.held, sale.location)?;
        let lines: Vec<Vec<Value>> = plan
            .lines
            .iter()
            .map(|l| {
                values![
                    invoice,
                    l.line_no,
                    l.product_id,
                    l.sku,
                    l.description,
                    l.ordered,
                    l.delivered,
                    l.held_back,
                    l.backordered,
                    l.unit_price,
                    l.amount,
                    l.tax,
                    l.deposit,
                    l.deposit_tax,
                    l.owed_later
                ]
            })
            .collect();
        insert_rows(
            &tx,
            "invoice_lines (invoice_number, line_no, product_id, sku, description, ordered, qty,
                held_back, backordered, unit_price, amount, tax, deposit, deposit_tax, owed_later)",
            &lines,
        )?;
        let tenders: Vec<Vec<Value>> = plan
            .tenders
            .iter()
            .map(|(kind, amount)| values![invoice, kind.as_str(), amount])
            .collect();
        insert_rows(&tx, "tenders (invoice_number, kind, amount)", &tenders)?;
        let order = match (&plan.order, sale.customer) {
            (Some(planned), Some(customer)) => {
                Some(write_order(&tx, sale, customer, invoice, planned)?)
            }
            _ => None,
        };
        for row in &plan.audit {
            let approved_by = match row.approver {
                Approver::None => None,
                Approver::Overrides => approvers.overrides.as_deref(),
                Approver::Cut(line) => approvers.cuts[line].as_deref(),
            };
            audit(
                &tx,
                &Audit {
                    user: sale.user,
                    action: &row.action,
                    product_id: row.product_id,
                    qty: row.qty,
                    other_order: match row.order {
                        AuditOrder::None => None,
                        AuditOrder::This => order,
                        AuditOrder::Other(number) => Some(number),
                    },
                    reference: &reference,
                    detail: row.detail.clone(),
                    approved_by,
                    amount: row.amount,
                    ..Audit::default()
                },
            )?;
        }
        if let Some(over) = &approvers.over_limit {
            audit_over_limit(&tx, sale.user, order, &reference, over)?;
        }
        tx.commit()?;
        tracing::info!(invoice, ?order, "sale committed");
        Ok(Committed { invoice, order })
    }
}

/// The sale's invoice, numbered as it is written (under the write lock, so numbers have no
/// gaps); a refusal after it rolls it back with everything else.
fn write_invoice(conn: &Conn, sale: &SaleToCommit<'_>, plan: &SalePlan) -> Result<i64> {
    let figures = &plan.invoice;
    conn.query_row(
        "INSERT INTO invoices (number, kind, customer_id, location, user_name, goods, tax,
                               deposit, deposit_applied, total, change_given, tax_included, at)
         SELECT coalesce(max(number), 0) + 1, 'sale', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,
                ?10, ?11 FROM invoices
         RETURNING number",
        params![
            sale.customer.map(|c| c.id),
            sale.location,
            sale.user,
            figures.goods,
            figures.tax,
            figures.deposit,
            Money::ZERO.round(),
            figures.total,
            figures.change,
            sale.prices_include_tax,
            conn.now_text()
        ],
        |r| r.get(0),
    )
}

/// The customer order a sale opens, its lines and its deposit; its number.
fn write_order(
    conn: &Conn,
    sale: &SaleToCommit<'_>,
    customer: &Customer,
    invoice: i64,
    plan: &OrderPlan,
) -> Result<i64> {
    let number = next_number(conn, "orders")?;
    let note = match plan.payment {
        Payment::WhenInvoiced => format!("Prepaid Order From Invoice Number {invoice}"),
        Payment::WhenReceived => String::new(),
    };
    let now = conn.now_text();
    conn.execute(
        "INSERT INTO orders (number, invoice_number, customer_id, location, payment, note,
                             ordered_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            number,
            invoice,
            customer.id,
            sale.location,
            plan.payment.as_str(),
            note,
            now
        ],
    )?;
    conn.execute(
        "UPDATE invoices SET order_number = ?1 WHERE number = ?2",
        params![number, invoice],
    )?;
    let lines: Vec<Vec<Value>> = plan
        .lines
        .iter()
        .map(|l| {
            values![
                number,
                l.line_no,
                l.product_id,
                l.ordered,
                l.delivered,
                l.committed,
                l.backordered,
                l.prices.regular,
                l.prices.special,
                l.prices.level_pct.to_string(),
                format_breaks(&l.prices.breaks),
                l.tax_rate.to_string(),
                l.charged,
                l.prepaid,
                now
            ]
        })
        .collect();
    insert_rows(
        conn,
        "order_lines (order_number, line_no, product_id, ordered, delivered, committed,
            backordered, regular_price, special_price, level_pct, breaks, tax_rate, charged,
            prepaid, queued_at)",
        &lines,
    )?;
    if let Some(deposit) = plan.deposit {
        conn.execute(
            "INSERT INTO deposits (order_number, invoice_number, kind, amount, at)
             VALUES (?1, ?2, 'taken', ?3, ?4)",
            params![number, invoice, deposit, now],
        )?;
    }
    Ok(number)
}

/// Moves committed units of another order's line back to backordered (the line keeps its
/// place in the queue) and frees them in stock for this sale.
fn release_to_sale(
    conn: &Conn,
    order: i64,
    line_no: i64,
    qty: u32,
    sku: &str,
    location: &str,
) -> std::result::Result<(), CommitError> {
    let changed = conn.execute(
        "UPDATE order_lines SET committed = committed - ?3, backordered = backordered + ?3
         WHERE order_number = ?1 AND line_no = ?2 AND committed >= ?3
           AND (SELECT status FROM orders WHERE number = ?1) = 'open'",
        params![order, line_no, qty],
    )?;
    if changed != 1 {
        return Err(CommitError::ReleaseGone {
            order,
            sku: sku.to_string(),
            qty,
        });
    }
    let product_id: i64 = conn.query_row(
        "SELECT product_id FROM order_lines WHERE order_number = ?1 AND line_no = ?2",
        params![order, line_no],
        |r| r.get(0),
    )?;
    adjust_committed(conn, product_id, location, -i64::from(qty))?;
    Ok(())
}
