//! A settled sale as the rows to write: the invoice's figures, its lines with what each
//! prepaid, the stock it takes and holds back, the units freed from other orders, the
//! customer order with its lines and deposit, and the audit rows with the approval each
//! needs. Every number is decided here; the store numbers the documents, asks the policy
//! for the approvals and writes the plan as it is.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{
    CLEAR_BACKORDERS, LineOutcome, Override, Payment, SaleLine, SaleTotals, TenderKind, gross,
    needs_order,
};
use crate::domain::Money;
use crate::domain::pricing::PriceList;
use crate::domain::tender::settle;

/// What the counter decided about a sale, as the plan reads it.
#[derive(Debug, Clone, Copy)]
pub struct SaleFacts<'a> {
    /// The sale names a customer.
    pub named: bool,
    pub lines: &'a [SaleLine],
    pub outcomes: &'a [LineOutcome],
    pub payment: Payment,
    pub totals: &'a SaleTotals,
    pub tenders: &'a [(TenderKind, Money)],
    pub change: Money,
    pub prices_include_tax: bool,
    /// Extra audit rows the counter asks for: (action, detail).
    pub audit: &'a [(String, String)],
}

/// Why a sale cannot be written as it stands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("tenders come to {paid}, but {due} is due")]
    Unpaid { paid: Money, due: Money },
    #[error("a customer order needs a named customer")]
    OrderNeedsCustomer,
}

/// The invoice's own figures, with the currency's places (documents show "0.00", not "0").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceFigures {
    pub goods: Money,
    pub tax: Money,
    pub deposit: Money,
    pub total: Money,
    pub change: Money,
}

/// One line of the invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceLine {
    pub line_no: i64,
    pub product_id: i64,
    pub sku: String,
    pub description: String,
    pub ordered: u32,
    pub delivered: u32,
    pub held_back: u32,
    pub backordered: u32,
    pub unit_price: Money,
    pub amount: Money,
    pub tax: Money,
    /// Prepaid for the units not delivered, tax included, and its tax.
    pub deposit: Money,
    pub deposit_tax: Money,
    /// What the units not delivered will cost when they are, tax included, on a sale that
    /// does not prepay them (zero when it does).
    pub owed_later: Money,
}

/// Committed units of another order's line given to this sale (the line goes back to
/// backordered and keeps its place in the queue).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    pub order: i64,
    pub line_no: i64,
    pub qty: u32,
    pub sku: String,
}

/// The customer order a sale opens for what it did not deliver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderPlan {
    pub payment: Payment,
    pub lines: Vec<OrderLinePlan>,
    /// The deposit taken, when any.
    pub deposit: Option<Money>,
}

/// A line of the new order: a sale line with units held back or backordered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLinePlan {
    pub line_no: i64,
    pub product_id: i64,
    pub ordered: u32,
    pub delivered: u32,
    pub committed: u32,
    pub backordered: u32,
    /// The prices the customer was quoted, overrides included: later invoices keep them.
    pub prices: PriceList,
    pub tax_rate: Decimal,
    /// Charged for the delivered units.
    pub charged: Money,
    /// Prepaid for this line, tax included.
    pub prepaid: Money,
}

/// Which approval an audit row names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approver {
    /// The clerk's own decision.
    None,
    /// The manager who approved the overrides of the shelf and the queue.
    Overrides,
    /// The manager who approved the price cut of the sale line of this index.
    Cut(usize),
}

/// Which order an audit row names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditOrder {
    None,
    /// The order this sale opens, if it opens one.
    This,
    Other(i64),
}

/// One audit row of the sale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub action: String,
    pub product_id: Option<i64>,
    pub qty: Option<i64>,
    pub order: AuditOrder,
    pub detail: String,
    pub approver: Approver,
    /// The money the row is about: what a price change took off the line's list value.
    pub amount: Option<Money>,
}

/// Everything a sale writes ([`SalePlan::of`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SalePlan {
    pub invoice: InvoiceFigures,
    pub lines: Vec<InvoiceLine>,
    pub tenders: Vec<(TenderKind, Money)>,
    /// Freed from other orders before the stock is taken.
    pub releases: Vec<Release>,
    /// Units each product must have available (delivered and held back, less what an
    /// override delivers beyond the shelf), by product.
    pub needed: BTreeMap<i64, i64>,
    /// Stock movements of the delivered units (negative), by product.
    pub delivered: Vec<(i64, i64)>,
    /// Units held back for the customer, committed in stock, by product.
    pub held: Vec<(i64, i64)>,
    pub order: Option<OrderPlan>,
    pub audit: Vec<AuditRow>,
}

impl SalePlan {
    /// The plan of a settled sale: refused when the tenders do not pay exactly what is
    /// due (change only from cash), or when it leaves units to order with no customer.
    pub fn of(sale: &SaleFacts<'_>) -> Result<SalePlan, PlanError> {
        let settled = settle(sale.totals.due, sale.tenders);
        if !settled.is_ok_and(|s| s.change == sale.change && s.refund.is_zero()) {
            return Err(PlanError::Unpaid {
                paid: sale.tenders.iter().map(|(_, m)| *m).sum::<Money>() - sale.change,
                due: sale.totals.due,
            });
        }
        let ordering = needs_order(sale.outcomes);
        if ordering && !sale.named {
            return Err(PlanError::OrderNeedsCustomer);
        }
        let prepaying = ordering && sale.payment == Payment::WhenInvoiced;
        let paired = || sale.lines.iter().zip(sale.outcomes);
        let lines = paired()
            .enumerate()
            .map(|(i, (line, outcome))| invoice_line(i, line, outcome, prepaying, sale))
            .collect();
        let mut needed: BTreeMap<i64, i64> = BTreeMap::new();
        for (line, outcome) in paired() {
            *needed.entry(line.product_id).or_default() +=
                i64::from(outcome.delivered + outcome.held_back) - i64::from(line.ignored());
        }
        let by_product = |units: fn(&LineOutcome) -> i64| {
            paired()
                .map(|(l, o)| (l.product_id, units(o)))
                .filter(|(_, n)| *n != 0)
                .collect::<Vec<_>>()
        };
        Ok(SalePlan {
            invoice: InvoiceFigures {
                goods: sale.totals.goods.round(),
                tax: sale.totals.tax.round(),
                deposit: sale.totals.deposit.round(),
                total: sale.totals.due.round(),
                change: sale.change.round(),
            },
            lines,
            tenders: sale.tenders.to_vec(),
            releases: releases(sale.lines),
            needed,
            delivered: by_product(|o| -i64::from(o.delivered)),
            held: by_product(|o| i64::from(o.held_back)),
            order: ordering.then(|| order(sale, prepaying)),
            audit: audit_rows(sale),
        })
    }
}

/// What a line prepaid (tax included) and its tax, when the sale prepays its order.
fn prepaid(outcome: &LineOutcome, prepaying: bool, prices_include_tax: bool) -> (Money, Money) {
    match prepaying {
        true => (
            gross(
                outcome.pending_charge,
                outcome.pending_tax,
                prices_include_tax,
            )
            .round(),
            outcome.pending_tax.round(),
        ),
        false => (Money::ZERO.round(), Money::ZERO.round()),
    }
}

fn invoice_line(
    index: usize,
    line: &SaleLine,
    outcome: &LineOutcome,
    prepaying: bool,
    sale: &SaleFacts<'_>,
) -> InvoiceLine {
    let (deposit, deposit_tax) = prepaid(outcome, prepaying, sale.prices_include_tax);
    let (owed_later, _) = prepaid(outcome, !prepaying, sale.prices_include_tax);
    InvoiceLine {
        line_no: index as i64 + 1,
        product_id: line.product_id,
        sku: line.sku.clone(),
        description: line.description.clone(),
        ordered: line.ordered,
        delivered: outcome.delivered,
        held_back: outcome.held_back,
        backordered: outcome.backordered,
        unit_price: outcome.unit_price,
        amount: outcome.delivered_charge.round(),
        tax: outcome.delivered_tax.round(),
        deposit,
        deposit_tax,
        owed_later,
    }
}

fn releases(lines: &[SaleLine]) -> Vec<Release> {
    lines
        .iter()
        .flat_map(|line| {
            line.overrides.iter().filter_map(|o| match o {
                Override::Release {
                    order,
                    line_no,
                    qty,
                } => Some(Release {
                    order: *order,
                    line_no: *line_no,
                    qty: *qty,
                    sku: line.sku.clone(),
                }),
                Override::Ignore { .. } => None,
            })
        })
        .collect()
}

/// The order of the lines with units held back or backordered, numbered from 1.
fn order(sale: &SaleFacts<'_>, prepaying: bool) -> OrderPlan {
    let lines = sale
        .lines
        .iter()
        .zip(sale.outcomes)
        .filter(|(_, o)| o.backordered > 0 || o.held_back > 0)
        .enumerate()
        .map(|(i, (line, outcome))| OrderLinePlan {
            line_no: i as i64 + 1,
            product_id: line.product_id,
            ordered: line.ordered,
            delivered: outcome.delivered,
            committed: outcome.held_back,
            backordered: outcome.backordered,
            prices: line.charged_prices(),
            tax_rate: line.tax_rate,
            charged: outcome.delivered_charge.round(),
            prepaid: prepaid(outcome, prepaying, sale.prices_include_tax).0,
        })
        .collect();
    OrderPlan {
        payment: sale.payment,
        lines,
        deposit: (!sale.totals.deposit.is_zero()).then(|| sale.totals.deposit.round()),
    }
}

/// The sale's audit rows: units moved from other orders, units delivered beyond the shelf,
/// what the counter asked for, and each line's price changes.
fn audit_rows(sale: &SaleFacts<'_>) -> Vec<AuditRow> {
    let mut rows = Vec::new();
    for line in sale.lines {
        for release in releases(std::slice::from_ref(line)) {
            let (order, qty) = (release.order, release.qty);
            rows.push(AuditRow {
                action: "override_release".into(),
                product_id: Some(line.product_id),
                qty: Some(i64::from(qty)),
                order: AuditOrder::Other(order),
                detail: format!(
                    "moved {qty} of {} from order {order} to this sale",
                    line.sku
                ),
                approver: Approver::Overrides,
                amount: None,
            });
        }
    }
    for line in sale.lines.iter().filter(|l| l.ignored() > 0) {
        let ignored = line.ignored();
        rows.push(AuditRow {
            action: "override_ignore".into(),
            product_id: Some(line.product_id),
            qty: Some(i64::from(ignored)),
            order: AuditOrder::None,
            detail: format!("delivered {ignored} of {} beyond available stock", line.sku),
            approver: Approver::Overrides,
            amount: None,
        });
    }
    for (action, detail) in sale.audit {
        rows.push(AuditRow {
            action: action.clone(),
            product_id: None,
            qty: None,
            order: AuditOrder::This,
            detail: detail.clone(),
            approver: match action.as_str() {
                CLEAR_BACKORDERS => Approver::None,
                _ => Approver::Overrides,
            },
            amount: None,
        });
    }
    for (index, line) in sale.lines.iter().enumerate() {
        for (action, detail, saved) in line.adjustment_audit() {
            rows.push(AuditRow {
                action: action.into(),
                product_id: Some(line.product_id),
                qty: Some(i64::from(line.ordered)),
                order: AuditOrder::This,
                detail,
                approver: Approver::Cut(index),
                amount: saved,
            });
        }
    }
    rows
}
