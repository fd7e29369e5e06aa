//! The sale being rung up, as one value: its customer, its lines, how undelivered units are
//! paid, and the manager decisions to audit with it. Every rule the counter applies while
//! ringing (quantities, hold back, manual backorder, overrides, clearing and filling the
//! backorders, the credit limit, the change) is a method here; the app loads what a rule
//! needs from the store, asks, and writes the result.

use super::{LineOutcome, Override, Payment, Rules, SaleError, SaleLine, SaleTotals};
use crate::domain::pricing::adjust::{self, Adjustment, PriceChange};
use crate::domain::tender::{self, Settlement, TenderError, TenderKind};
use crate::domain::{Customer, Money};

/// The audit action of a sale put on account over the credit limit by a manager.
pub const OVER_CREDIT_LIMIT: &str = "over_credit_limit";

/// The audit action of backordered units dropped from a sale (no approval needed).
pub const CLEAR_BACKORDERS: &str = "clear_backorders";

/// The most units one line may hold.
pub const MAX_QTY: u32 = 1_000_000;

/// A pending order holding committed units of a product: (order, line_no, customer name,
/// committed units), as the store lists them, oldest first.
pub type Holding = (i64, i64, String, i64);

/// Whether delivering beyond stock may drive on hand below zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NegativeStock {
    /// The config's `allow_negative_inventory`.
    pub allowed: bool,
    /// A manager confirmed it for this decision.
    pub approved: bool,
}

/// A sale being rung up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sale {
    pub customer: Option<Customer>,
    pub lines: Vec<SaleLine>,
    /// How undelivered units are paid if the sale becomes a customer order.
    pub payment: Payment,
    /// Manager decisions to write to the audit log with the sale: (action, detail); the
    /// detail says `approved by NAME` too, for a reader of the log alone.
    pub audit: Vec<(String, String)>,
    /// The product each audit entry is about, if one line's: a decision on a line that is
    /// removed before the sale is written is dropped with it.
    pub(super) audit_products: Vec<Option<i64>>,
    /// The percent off the whole sale, put on every line (and on lines rung later).
    pub discount: Option<Adjustment>,
}

impl Sale {
    /// An empty cash sale paid the configured way.
    pub fn new(payment: Payment) -> Sale {
        Sale {
            payment,
            ..Sale::default()
        }
    }

    pub fn outcomes(&self, rules: &Rules) -> Vec<LineOutcome> {
        self.lines.iter().map(|l| l.outcome(rules)).collect()
    }

    pub fn totals(&self, rules: &Rules) -> SaleTotals {
        super::totals(
            &self.outcomes(rules),
            self.payment,
            rules.prices_include_tax,
        )
    }

    /// What the customer pays now and later under each payment choice, for Backorders
    /// Found to show before the clerk picks one.
    pub fn totals_by_payment(&self, rules: &Rules) -> [(Payment, SaleTotals); 2] {
        let outcomes = self.outcomes(rules);
        [Payment::WhenReceived, Payment::WhenInvoiced]
            .map(|p| (p, super::totals(&outcomes, p, rules.prices_include_tax)))
    }

    /// True when the sale leaves units for a customer order (Backorders Found).
    pub fn needs_order(&self, rules: &Rules) -> bool {
        super::needs_order(&self.outcomes(rules))
    }

    pub fn line(&self, index: usize) -> Result<&SaleLine, SaleError> {
        self.lines.get(index).ok_or(SaleError::NoLine)
    }

    /// Units of a line still backordered.
    pub fn backordered(&self, index: usize, rules: &Rules) -> u32 {
        self.lines
            .get(index)
            .map_or(0, |l| l.outcome(rules).backordered)
    }

    /// The line already holding this product, if any.
    pub fn line_of(&self, product_id: i64) -> Option<usize> {
        self.lines.iter().position(|l| l.product_id == product_id)
    }

    /// Adds a freshly rung line; the same product again adds its units to its line (at the
    /// prices that line was rung at). Returns the line's index.
    pub fn add(&mut self, rung: SaleLine, rules: &Rules) -> Result<usize, SaleError> {
        if let Some(index) = self.line_of(rung.product_id) {
            let qty = self.lines[index].ordered.saturating_add(rung.ordered);
            self.set_quantity(index, qty, rung.available, rules)?;
            return Ok(index);
        }
        check_range(rung.ordered)?;
        rung.check_quantity(rules)?;
        let mut rung = rung;
        rung.adjust.sale.clone_from(&self.discount);
        self.lines.push(rung);
        Ok(self.lines.len() - 1)
    }

    /// Sets the quantity ordered of a line, given the units available here now. What is
    /// held back or backordered by hand shrinks to fit.
    pub fn set_quantity(
        &mut self,
        index: usize,
        qty: u32,
        available: i64,
        rules: &Rules,
    ) -> Result<(), SaleError> {
        check_range(qty)?;
        let mut line = self.line(index)?.clone();
        line.available = available;
        line.ordered = qty;
        line.held_back = line.held_back.min(qty);
        line.manual_backorder = line.manual_backorder.min(qty - line.held_back);
        line.check_quantity(rules)?;
        self.lines[index] = line;
        Ok(())
    }

    /// Removes a line, and the manager decisions taken on it: nothing is audited for a
    /// line that was never sold.
    pub fn remove(&mut self, index: usize) -> Option<SaleLine> {
        if index >= self.lines.len() {
            return None;
        }
        let line = self.lines.remove(index);
        let mut kept = Vec::with_capacity(self.audit.len());
        let mut products = Vec::with_capacity(self.audit.len());
        for (i, entry) in self.audit.drain(..).enumerate() {
            let product = self.audit_products.get(i).copied().flatten();
            if product != Some(line.product_id) {
                kept.push(entry);
                products.push(product);
            }
        }
        self.audit = kept;
        self.audit_products = products;
        Some(line)
    }

    /// Records a manager decision for the audit log, about one product's line or the sale.
    fn record(&mut self, action: &str, detail: String, product: Option<i64>) {
        // Entries pushed straight onto `audit` have no product: keep the two in step.
        self.audit_products.resize(self.audit.len(), None);
        self.audit.push((action.to_string(), detail));
        self.audit_products.push(product);
    }

    /// Holds back `n` units of an in-stock line for the customer to pick up later.
    pub fn hold_back(&mut self, index: usize, n: u32) -> Result<(), SaleError> {
        if self.customer.is_none() {
            return Err(SaleError::HoldBackNeedsCustomer);
        }
        let line = self.line(index)?;
        let can = line
            .ordered
            .min(u32::try_from(line.stock_for_line()).unwrap_or(u32::MAX));
        if n > can {
            return Err(SaleError::HoldBackTooMany {
                sku: line.sku.clone(),
                requested: n,
                can,
            });
        }
        let line = &mut self.lines[index];
        line.held_back = n;
        line.manual_backorder = line.manual_backorder.min(line.ordered - n);
        Ok(())
    }

    /// Sets the backordered quantity of a line by hand (e.g. the shelf stock is damaged).
    pub fn set_backordered(&mut self, index: usize, n: u32) -> Result<(), SaleError> {
        let line = self.line(index)?;
        let can = line.ordered - line.held_back;
        if n > can {
            return Err(SaleError::BackorderTooMany {
                sku: line.sku.clone(),
                requested: n,
                can,
            });
        }
        self.lines[index].manual_backorder = n;
        Ok(())
    }

    /// Bill To: `repriced` are the same lines rung again for the new customer (special
    /// prices, level discount); what the clerk decided on each line carries over. A cash sale
    /// holds nothing back.
    pub fn set_customer(&mut self, customer: Option<Customer>, repriced: Vec<SaleLine>) {
        let lines = repriced
            .into_iter()
            .zip(&self.lines)
            .map(|(mut line, old)| {
                line.held_back = if customer.is_some() { old.held_back } else { 0 };
                line.manual_backorder = old.manual_backorder;
                line.overrides.clone_from(&old.overrides);
                line.adjust.clone_from(&old.adjust);
                line
            })
            .collect();
        self.lines = lines;
        self.customer = customer;
    }

    /// Line `index` as it would be with its own price changed this way.
    fn line_changed(&self, index: usize, change: PriceChange) -> Result<SaleLine, SaleError> {
        let mut line = self.line(index)?.clone();
        line.adjust.line = Some(Adjustment {
            change,
            reason: String::new(),
            approved_by: None,
        });
        Ok(line)
    }

    /// The cut changing line `index` this way makes, in percent: how far its unit price
    /// would fall below the catalog's (the sale's discount counted in). An open-price item
    /// had no price to cut: a price of nothing is all of it, any other none. The policy
    /// decides whether a manager approves it.
    pub fn line_change_cut(
        &self,
        index: usize,
        change: PriceChange,
    ) -> Result<rust_decimal::Decimal, SaleError> {
        Ok(self
            .line_changed(index, change)?
            .price_cut()
            .unwrap_or_default())
    }

    /// How far above the catalog's unit price changing line `index` this way sets it, in
    /// percent (0 when it does not rise).
    pub fn line_change_raise(
        &self,
        index: usize,
        change: PriceChange,
    ) -> Result<rust_decimal::Decimal, SaleError> {
        let line = self.line_changed(index, change)?;
        let was = line.prices.unit_price(line.ordered);
        let now = line.charged_prices().unit_price(line.ordered);
        Ok(adjust::raise_pct(was, now))
    }

    /// The cut taking `pct` percent off the whole sale makes: the deepest on any line, and
    /// never less than `pct` itself.
    pub fn discount_cut(&self, pct: rust_decimal::Decimal) -> rust_decimal::Decimal {
        let sale = Some(Adjustment {
            change: PriceChange::PercentOff(pct),
            reason: String::new(),
            approved_by: None,
        });
        self.lines
            .iter()
            .map(|line| {
                let mut adjust = line.adjust.clone();
                adjust.sale.clone_from(&sale);
                adjust::line_cut(&line.prices, &adjust, line.ordered)
            })
            .fold(pct, rust_decimal::Decimal::max)
    }

    /// Sets (or, with `None`, takes off) the clerk's price change on line `index`.
    pub fn set_line_adjustment(
        &mut self,
        index: usize,
        adjustment: Option<Adjustment>,
    ) -> Result<(), SaleError> {
        self.line(index)?;
        self.lines[index].adjust.line = adjustment;
        Ok(())
    }

    /// Sets (or takes off) the percent off the whole sale, on every line.
    pub fn set_discount(&mut self, discount: Option<Adjustment>) {
        for line in &mut self.lines {
            line.adjust.sale.clone_from(&discount);
        }
        self.discount = discount;
    }

    /// Override: deliver the backordered units anyway. On hand may go below zero only when
    /// the config allows it or a manager confirmed it.
    pub fn override_ignore(
        &mut self,
        index: usize,
        approver: &str,
        negative: NegativeStock,
        rules: &Rules,
    ) -> Result<u32, SaleError> {
        self.line(index)?;
        let qty = self.backordered(index, rules);
        if qty == 0 {
            return Err(SaleError::NothingBackordered);
        }
        // Units backordered by hand that stock covers are delivered from stock; only the
        // rest go beyond it.
        let mut from_stock = self.lines[index].clone();
        from_stock.manual_backorder = 0;
        let beyond = from_stock.outcome(rules).backordered;
        if beyond > 0 && !negative.allowed && !negative.approved {
            return Err(SaleError::NegativeNeedsManager);
        }
        let line = &mut self.lines[index];
        line.manual_backorder = 0;
        let in_stock = line.available.max(0);
        let mut what = Vec::new();
        if qty > beyond {
            what.push(format!("{} backordered by hand, from stock", qty - beyond));
        }
        if beyond > 0 {
            line.overrides.push(Override::Ignore { qty: beyond });
            what.push(format!("{beyond} beyond the {in_stock} in stock"));
        }
        let detail = format!(
            "approved by {approver}: deliver {qty} of {} anyway ({})",
            line.sku,
            what.join("; ")
        );
        let product = line.product_id;
        self.record("override_approved", detail, Some(product));
        Ok(qty)
    }

    /// The pending orders a line may still release units from: those listed, less the
    /// ones this line already took from.
    pub fn releasable(
        &self,
        index: usize,
        holding: Vec<Holding>,
    ) -> Result<Vec<Holding>, SaleError> {
        let line = self.line(index)?;
        let taken: Vec<(i64, i64)> = line
            .overrides
            .iter()
            .filter_map(|o| match o {
                Override::Release { order, line_no, .. } => Some((*order, *line_no)),
                Override::Ignore { .. } => None,
            })
            .collect();
        Ok(holding
            .into_iter()
            .filter(|(o, l, _, _)| !taken.contains(&(*o, *l)))
            .collect())
    }

    /// The most units a line may take from an order holding `committed` units.
    pub fn release_max(&self, index: usize, committed: i64, rules: &Rules) -> u32 {
        let backordered = i64::from(self.backordered(index, rules));
        u32::try_from(committed.min(backordered)).unwrap_or(0)
    }

    /// Override: move `qty` committed units from another customer's order to this sale.
    pub fn override_release(
        &mut self,
        index: usize,
        from: (i64, i64),
        qty: u32,
        max: u32,
        approver: &str,
    ) -> Result<(), SaleError> {
        self.line(index)?;
        if qty == 0 || qty > max {
            return Err(SaleError::ReleaseOutOfRange {
                requested: qty,
                max,
            });
        }
        let (order, line_no) = from;
        let line = &mut self.lines[index];
        line.overrides.push(Override::Release {
            order,
            line_no,
            qty,
        });
        line.manual_backorder = line.manual_backorder.saturating_sub(qty);
        let detail = format!(
            "approved by {approver}: move {qty} of {} from order {order}",
            line.sku
        );
        let product = line.product_id;
        self.record("override_approved", detail, Some(product));
        Ok(())
    }

    /// Backorders Found → Clear backorders: only what is delivered (and held back) is sold.
    pub fn clear_backorders(&mut self, rules: &Rules) {
        let outcomes = self.outcomes(rules);
        let mut kept = Vec::new();
        for (mut line, outcome) in self.lines.drain(..).zip(outcomes) {
            let qty = outcome.delivered + outcome.held_back;
            if qty == 0 {
                continue;
            }
            line.ordered = qty;
            line.manual_backorder = 0;
            kept.push(line);
        }
        self.lines = kept;
        self.record(
            CLEAR_BACKORDERS,
            "backordered units dropped from the sale".into(),
            None,
        );
    }

    /// Backorders Found → Fill all backorders (manager approved): deliver everything.
    /// Returns the units filled.
    pub fn fill_all(&mut self, approver: &str, rules: &Rules) -> u32 {
        let (mut filled, mut beyond) = (0, 0);
        for index in 0..self.lines.len() {
            let qty = self.backordered(index, rules);
            if qty == 0 {
                continue;
            }
            // Units backordered by hand that stock covers come from stock.
            let line = &mut self.lines[index];
            line.manual_backorder = 0;
            let over = line.outcome(rules).backordered;
            if over > 0 {
                line.overrides.push(Override::Ignore { qty: over });
            }
            filled += qty;
            beyond += over;
        }
        let from_stock = filled - beyond;
        let detail = if from_stock == 0 {
            format!("approved by {approver}: deliver {filled} backordered unit(s) beyond stock")
        } else {
            format!(
                "approved by {approver}: deliver {filled} backordered unit(s): \
                 {beyond} beyond stock, {from_stock} backordered by hand from stock"
            )
        };
        self.record("fill_all_backorders", detail, None);
        filled
    }

    /// Checks one tender against what remains due. On account needs a named customer and
    /// stays within the credit limit: `balance` is what the customer owes already, plus
    /// `on_account_so_far` on this sale.
    pub fn check_tender(
        &self,
        kind: TenderKind,
        amount: Money,
        remaining: Money,
        balance: Money,
        on_account_so_far: Money,
    ) -> Result<(), TenderError> {
        tender::check_tender(kind, amount, remaining)?;
        if kind == TenderKind::Account {
            let customer = self
                .customer
                .as_ref()
                .ok_or(TenderError::AccountNeedsCustomer)?;
            let balance = balance + on_account_so_far;
            if balance + amount > customer.credit_limit {
                return Err(TenderError::OverCreditLimit {
                    offered: amount,
                    limit: customer.credit_limit,
                    // With the currency's places: nothing owed reads "0.00".
                    balance: balance.round(),
                });
            }
        }
        Ok(())
    }

    /// What the tenders come to against what is due: the change, from cash only.
    pub fn settle(
        &self,
        tenders: &[(TenderKind, Money)],
        rules: &Rules,
    ) -> Result<Settlement, TenderError> {
        tender::settle(self.totals(rules).due, tenders)
    }
}

fn check_range(qty: u32) -> Result<(), SaleError> {
    if (1..=MAX_QTY).contains(&qty) {
        Ok(())
    } else {
        Err(SaleError::QuantityOutOfRange(qty))
    }
}

/// Parses a count typed into a prompt: a whole number from 0 to [`MAX_QTY`].
pub fn parse_count(text: &str) -> Result<u32, SaleError> {
    match text.trim().parse::<u32>() {
        Ok(n) if n <= MAX_QTY => Ok(n),
        _ => Err(SaleError::BadCount(text.trim().to_string())),
    }
}
