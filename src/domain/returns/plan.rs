//! What a return takes back and gives back: the lines of an invoice (or of goods handed
//! back without one) that can still come back, the refund of each pick, and the plan of
//! the return document with every figure and row it writes. The store reads the source,
//! asks the policy about [`ReturnPlan::operation`], numbers the document and writes the plan.

use super::{DeliveredLine, Refund, original_tender};
use crate::domain::policy::Operation;
use crate::domain::sale::{SaleLine, gross};
use crate::domain::tender::TenderKind;
use crate::domain::{Customer, Money};

/// A refused pick: the field, the value given and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} '{value}': {reason}")]
pub struct PickError {
    pub field: &'static str,
    pub value: String,
    pub reason: String,
}

impl PickError {
    fn new(field: &'static str, value: impl ToString, reason: impl ToString) -> PickError {
        PickError {
            field,
            value: value.to_string(),
            reason: reason.to_string(),
        }
    }
}

/// A line picked to come back: the line, the units and what they refund.
pub type Pick<'a> = (&'a ReturnableLine, u32, Refund);

/// One line of an invoice as a return sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnableLine {
    pub line_no: i64,
    pub product_id: i64,
    pub sku: String,
    pub description: String,
    pub unit_price: Money,
    /// Units this invoice handed over, and how many of them are back already.
    pub delivered: u32,
    pub returned: u32,
    /// What the invoice charged for the line and how (the refund rule's input).
    pub charge: DeliveredLine,
}

impl ReturnableLine {
    pub fn left(&self) -> u32 {
        self.delivered.saturating_sub(self.returned)
    }
}

/// An invoice that delivered goods, with what can still come back; or, for a return
/// without an invoice, the goods handed back, each charged today's price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnSource {
    /// None for a return without an invoice.
    pub invoice: Option<i64>,
    pub customer_id: Option<i64>,
    /// The customer's account; None for a cash sale.
    pub account: Option<String>,
    pub tax_included: bool,
    pub lines: Vec<ReturnableLine>,
    /// How the invoice was paid.
    pub tenders: Vec<(TenderKind, Money)>,
}

impl ReturnSource {
    /// The way the money goes back unless the clerk says otherwise.
    pub fn original_tender(&self) -> TenderKind {
        original_tender(&self.tenders)
    }

    /// The refund for each pick (line number, units), refused when a line does not exist
    /// or has fewer units left; the same line may not be picked twice.
    pub fn refunds(&self, picks: &[(i64, u32)]) -> Result<Vec<Pick<'_>>, PickError> {
        let mut out = Vec::new();
        for (i, &(line_no, qty)) in picks.iter().enumerate() {
            let line = self
                .lines
                .iter()
                .find(|l| l.line_no == line_no)
                .ok_or_else(|| {
                    PickError::new(
                        "line",
                        line_no,
                        format!("{} has no such line", self.label()),
                    )
                })?;
            if picks[..i].iter().any(|&(other, _)| other == line_no) {
                return Err(PickError::new(
                    "line",
                    &line.sku,
                    "picked twice; give the quantity once",
                ));
            }
            let refund = line
                .charge
                .refund(line.returned, qty)
                .map_err(|e| PickError::new("qty", format!("{}:{qty}", line.sku), e))?;
            out.push((line, qty, refund));
        }
        if out.is_empty() {
            return Err(PickError::new(
                "lines",
                "(none)",
                "pick at least one line to return",
            ));
        }
        Ok(out)
    }

    /// The line a SKU names: the first of that SKU with units left, else the first of it.
    pub fn line_for_sku(&self, sku: &str) -> Option<&ReturnableLine> {
        let of_sku = || {
            self.lines
                .iter()
                .filter(|l| l.sku.eq_ignore_ascii_case(sku))
        };
        of_sku().find(|l| l.left() > 0).or_else(|| of_sku().next())
    }

    /// `invoice 12`, or `no invoice`, for messages.
    pub fn label(&self) -> String {
        match self.invoice {
            Some(n) => format!("invoice {n}"),
            None => "no invoice".into(),
        }
    }

    /// Every line in full: what a return without an invoice takes back.
    pub fn all_lines(&self) -> Vec<(i64, u32)> {
        self.lines.iter().map(|l| (l.line_no, l.left())).collect()
    }
}

/// Goods handed back without their invoice: each line priced as today's sale of that
/// quantity to the customer (or a cash sale), tax at today's rate. Lines of the same
/// product are one line.
pub fn unlinked_source(
    customer: Option<&Customer>,
    rung: Vec<SaleLine>,
    tax_included: bool,
) -> ReturnSource {
    let mut merged: Vec<SaleLine> = Vec::new();
    for line in rung {
        match merged.iter_mut().find(|m| m.product_id == line.product_id) {
            Some(m) => m.ordered = m.ordered.saturating_add(line.ordered),
            None => merged.push(line),
        }
    }
    let lines = merged
        .into_iter()
        .enumerate()
        .map(|(i, l)| ReturnableLine {
            line_no: i as i64 + 1,
            product_id: l.product_id,
            unit_price: l.prices.unit_price(l.ordered).round(),
            delivered: l.ordered,
            returned: 0,
            charge: DeliveredLine::without_invoice(l.prices, l.ordered, l.tax_rate, tax_included),
            sku: l.sku,
            description: l.description,
        })
        .collect();
    ReturnSource {
        invoice: None,
        customer_id: customer.map(|c| c.id),
        account: customer.map(|c| c.account.clone()),
        tax_included,
        lines,
        tenders: Vec::new(),
    }
}

/// What the refund of some picks comes to, tax included where it is added to prices.
pub fn refund_total(refunds: &[Pick<'_>], tax_included: bool) -> Money {
    refunds
        .iter()
        .map(|(_, _, r)| gross(r.goods, r.tax, tax_included))
        .sum::<Money>()
        .round()
}

/// One line of the return document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnLinePlan {
    pub line_no: i64,
    pub product_id: i64,
    pub sku: String,
    pub description: String,
    /// Units coming back (positive; the document's line holds them negative).
    pub units: i64,
    pub unit_price: Money,
    pub refund: Refund,
    /// The line of the invoice it returns; None without an invoice.
    pub from_line: Option<i64>,
    /// The audit row's words.
    pub detail: String,
}

/// Everything a return writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnPlan {
    /// What the policy is asked about the refund.
    pub operation: Operation,
    /// Goods and tax given back (positive), with the currency's places.
    pub goods: Money,
    pub tax: Money,
    /// The refund, tax included where it is added to prices.
    pub total: Money,
    pub lines: Vec<ReturnLinePlan>,
}

impl ReturnPlan {
    /// The plan of returning `picks` (invoice line, units) of `source`, refunded by
    /// `refund_by`; units that came back `damaged` are kept apart. Refused when a pick is
    /// not on the source or has too few units left, or the refund goes to an account the
    /// sale did not have.
    pub fn of(
        source: &ReturnSource,
        picks: &[(i64, u32)],
        refund_by: TenderKind,
        damaged: bool,
    ) -> Result<ReturnPlan, PickError> {
        let refunds = source.refunds(picks)?;
        if refund_by == TenderKind::Account
            && source
                .account
                .as_deref()
                .is_none_or(|a| a.trim().is_empty())
        {
            return Err(PickError::new(
                "refund",
                "account",
                format!(
                    "{} was a cash sale; refund in cash or to a card",
                    source.label()
                ),
            ));
        }
        let total = refund_total(&refunds, source.tax_included);
        let condition = if damaged { "damaged" } else { "to stock" };
        let lines = refunds
            .iter()
            .enumerate()
            .map(|(i, (line, qty, refund))| {
                let from = match source.invoice {
                    Some(invoice) => format!("invoice {invoice} line {}", line.line_no),
                    None => "no invoice, at today's price".into(),
                };
                let back = gross(refund.goods, refund.tax, source.tax_included).round();
                ReturnLinePlan {
                    line_no: i as i64 + 1,
                    product_id: line.product_id,
                    sku: line.sku.clone(),
                    description: line.description.clone(),
                    units: i64::from(*qty),
                    unit_price: line.unit_price,
                    refund: *refund,
                    from_line: source.invoice.map(|_| line.line_no),
                    detail: format!(
                        "returned {qty} of {} from {from} ({condition}), {back} back by {}",
                        line.sku,
                        refund_by.as_str()
                    ),
                }
            })
            .collect();
        Ok(ReturnPlan {
            operation: Operation::Return {
                linked: source.invoice.is_some(),
                refund: total,
                refund_by,
                paid_by: source.original_tender(),
            },
            goods: refunds
                .iter()
                .map(|(_, _, r)| r.goods)
                .sum::<Money>()
                .round(),
            tax: refunds.iter().map(|(_, _, r)| r.tax).sum::<Money>().round(),
            total,
            lines,
        })
    }
}
