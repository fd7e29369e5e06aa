//! A sale in progress and its backorder rules: how many units of each line are delivered
//! now, held back or backordered, what each part costs, and what the customer pays now.

use rust_decimal::Decimal;

use super::Money;
use super::pricing::adjust::{LineAdjustments, PriceChange, describe};
use super::pricing::{Basis, PriceList, line_charge};
use super::tax::line_tax;
pub use super::tender::{TenderError, TenderKind, check_tender};
pub use aggregate::{
    CLEAR_BACKORDERS, Holding, MAX_QTY, NegativeStock, OVER_CREDIT_LIMIT, Sale, parse_count,
};
pub use entry::{
    CountLimits, grouped, looks_like_scan, parse_amount, parse_count_within,
    quantity_needs_confirm, tender_needs_confirm,
};

mod aggregate;
mod entry;
pub mod plan;
#[cfg(test)]
mod plan_tests;
#[cfg(test)]
mod tests;

/// How the customer pays for units not delivered now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Payment {
    /// Pay now only for what is delivered now; the rest when it is invoiced later.
    #[default]
    WhenReceived,
    /// Pay for everything now; the undelivered part is a deposit.
    WhenInvoiced,
}

impl Payment {
    pub fn as_str(self) -> &'static str {
        match self {
            Payment::WhenReceived => "when_received",
            Payment::WhenInvoiced => "when_invoiced",
        }
    }

    pub fn parse(text: &str) -> Option<Payment> {
        match text {
            "when_received" => Some(Payment::WhenReceived),
            "when_invoiced" => Some(Payment::WhenInvoiced),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Payment::WhenReceived => "pay when received",
            Payment::WhenInvoiced => "pay when invoiced",
        }
    }
}

/// Units a manager let this line take beyond what is available here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Override {
    /// Deliver anyway, as if in stock (on hand may go below zero).
    Ignore { qty: u32 },
    /// Take committed units from another customer's pending order.
    Release { order: i64, line_no: i64, qty: u32 },
}

impl Override {
    pub fn qty(&self) -> u32 {
        match self {
            Override::Ignore { qty } | Override::Release { qty, .. } => *qty,
        }
    }
}

/// One line of a sale as the clerk rang it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleLine {
    pub product_id: i64,
    pub sku: String,
    pub description: String,
    pub tax_class: String,
    /// The catalog's prices for this customer, frozen when the line is rung (and again when
    /// the customer changes); [`SaleLine::charged_prices`] is what the line is charged by.
    pub prices: PriceList,
    /// The clerk's price override or percent off, and the whole sale's discount.
    pub adjust: LineAdjustments,
    /// Tax rate in percent for the product's tax class.
    pub tax_rate: Decimal,
    pub ordered: u32,
    /// Units kept back for the customer to pick up later (committed to the order).
    pub held_back: u32,
    /// Backordered units set by hand (F5); at least this many are backordered.
    pub manual_backorder: u32,
    pub overrides: Vec<Override>,
    /// Units available here when last looked at (on hand − committed, not below zero).
    pub available: i64,
    /// Units available at each other location that has any, when last looked at (by
    /// location code), for the availability line.
    pub elsewhere: Vec<(String, i64)>,
}

/// What a line comes to now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineOutcome {
    pub delivered: u32,
    pub held_back: u32,
    pub backordered: u32,
    /// Unit price for the line's quantity (after tiers, special price and level).
    pub unit_price: Money,
    /// T(ordered).
    pub total: Money,
    /// Charged now for the delivered units.
    pub delivered_charge: Money,
    /// Tax on the delivered charge.
    pub delivered_tax: Money,
    /// The value of the held-back and backordered units (T(Q) − delivered charge under
    /// split and order).
    pub pending_charge: Money,
    pub pending_tax: Money,
}

/// Settings that change the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    pub allow_on_invoice: bool,
    pub basis: Basis,
    pub prices_include_tax: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SaleError {
    #[error("only {available} of {sku} available; backorders are off, so no more can be rung")]
    NotEnoughStock { sku: String, available: i64 },
    #[error(
        "hold back {requested} of {sku}: only {can} can be held back (in stock and on the line)"
    )]
    HoldBackTooMany {
        sku: String,
        requested: u32,
        can: u32,
    },
    #[error("backordered quantity {requested} of {sku}: the line has only {can} not held back")]
    BackorderTooMany {
        sku: String,
        requested: u32,
        can: u32,
    },
    #[error("holding back needs a named customer: pick one with F2 first")]
    HoldBackNeedsCustomer,
    #[error("quantity '{0}': must be a whole number from 1 to 1,000,000")]
    BadQuantity(String),
    #[error("quantity {0}: must be from 1 to 1,000,000")]
    QuantityOutOfRange(u32),
    #[error("'{0}': must be a whole number from 0 to 1,000,000")]
    BadCount(String),
    #[error("no line selected: ring an item first")]
    NoLine,
    #[error("this line has nothing backordered")]
    NothingBackordered,
    #[error("delivering beyond stock drives on hand below zero: a manager must confirm")]
    NegativeNeedsManager,
    #[error("'{0}' looks like a scanned barcode, not an amount: type the amount handed over")]
    ScanInAmount(String),
    #[error("Amount: {0}")]
    BadAmount(#[from] super::MoneyError),
    #[error("'{typed}': a whole number {limits}")]
    CountOutOfRange { typed: String, limits: String },
    #[error("units to move '{requested}': from 1 to {max}")]
    ReleaseOutOfRange { requested: u32, max: u32 },
}

impl SaleLine {
    /// The prices the line is charged by (and an order keeps): the catalog's, changed by
    /// the clerk's override or percent off and the sale's discount.
    pub fn charged_prices(&self) -> PriceList {
        self.adjust.apply(&self.prices)
    }

    /// Units delivered beyond the stock by an override (deliver anyway).
    pub fn ignored(&self) -> u32 {
        self.overrides
            .iter()
            .map(|o| match o {
                Override::Ignore { qty } => *qty,
                Override::Release { .. } => 0,
            })
            .sum()
    }

    /// How far, in percent, the line's price changes cut its price, as the policy weighs
    /// it; None when its price is the catalog's. An open-price item (0.00 in the catalog)
    /// is cut only when it is given away.
    pub fn price_cut(&self) -> Option<Decimal> {
        if self.adjust.line.is_none() && self.adjust.sale.is_none() {
            return None;
        }
        if self.prices.regular.is_zero() {
            let given_away = matches!(
                self.adjust.line,
                Some(super::pricing::adjust::Adjustment {
                    change: PriceChange::UnitPrice(p),
                    ..
                }) if p.is_zero()
            );
            return Some(if given_away {
                Decimal::ONE_HUNDRED
            } else {
                Decimal::ZERO
            });
        }
        Some(super::pricing::adjust::line_cut(
            &self.prices,
            &self.adjust,
            self.ordered,
        ))
    }

    /// The audit rows of the line's price changes: (action, detail, what it took off).
    /// Who approved them is the store's to say, as it asks the policy on what it writes.
    ///
    /// What a change took off is the line's value at the ordered quantity before it less
    /// after it: the line's own change from the catalog's prices, the sale's discount from
    /// the line's prices after its own change, so the two add up to list less charged.
    /// The price of an open-price item takes off nothing from a list it does not have: None.
    pub fn adjustment_audit(&self) -> Vec<(&'static str, String, Option<Money>)> {
        let was = self.prices.unit_price(self.ordered);
        let now = self.charged_prices().unit_price(self.ordered);
        let own = match &self.adjust.line {
            Some(a) => super::pricing::adjust::changed(&self.prices, a.change),
            None => self.prices.clone(),
        };
        let value = |list: &PriceList| list.total(self.ordered);
        let open_price = self.prices.regular.is_zero();
        let mut rows = Vec::new();
        for (adjustment, whole_sale) in [(&self.adjust.line, false), (&self.adjust.sale, true)] {
            let Some(a) = adjustment else { continue };
            let action = match a.change {
                PriceChange::UnitPrice(_) => "price_override",
                PriceChange::PercentOff(_) => "discount",
            };
            let scope = if whole_sale { "sale discount: " } else { "" };
            let saved = match whole_sale {
                true => Some(value(&own) - value(&self.charged_prices())),
                false if open_price => None,
                false => Some(value(&self.prices) - value(&own)),
            };
            rows.push((
                action,
                format!(
                    "{scope}{} x {}: {}; charged {} a unit; reason: {}",
                    self.ordered,
                    self.sku,
                    describe(a.change, was),
                    now.round(),
                    a.reason
                ),
                saved.map(Money::round),
            ));
        }
        rows
    }

    /// The marker beside an adjusted unit price: `=` for a price set by hand, `%` for a
    /// percent off.
    pub fn price_marker(&self) -> &'static str {
        match (&self.adjust.line, &self.adjust.sale) {
            (Some(a), _) if matches!(a.change, PriceChange::UnitPrice(_)) => "=",
            (None, None) => "",
            _ => "%",
        }
    }

    /// Units this line may take from stock: available here plus what overrides added.
    pub fn stock_for_line(&self) -> i64 {
        self.available.max(0)
            + self
                .overrides
                .iter()
                .map(|o| i64::from(o.qty()))
                .sum::<i64>()
    }

    /// Splits the line into delivered, held back and backordered, and prices each part.
    pub fn outcome(&self, rules: &Rules) -> LineOutcome {
        let stock = u32::try_from(self.stock_for_line()).unwrap_or(u32::MAX);
        let held_back = self.held_back.min(self.ordered).min(stock);
        let deliverable = (self.ordered - held_back).saturating_sub(self.manual_backorder);
        let delivered = deliverable.min(stock - held_back);
        let backordered = self.ordered - held_back - delivered;
        let prices = self.charged_prices();
        let charge = line_charge(&prices, rules.basis, self.ordered, delivered);
        let pending_charge = charge.backordered;
        let tax = |amount| line_tax(amount, self.tax_rate, rules.prices_include_tax);
        LineOutcome {
            delivered,
            held_back,
            backordered,
            unit_price: prices.unit_price(self.ordered),
            total: charge.total,
            delivered_charge: charge.delivered,
            delivered_tax: tax(charge.delivered),
            pending_charge,
            pending_tax: tax(pending_charge),
        }
    }

    /// Checks a quantity change against the backorder setting.
    pub fn check_quantity(&self, rules: &Rules) -> Result<(), SaleError> {
        if !rules.allow_on_invoice && i64::from(self.ordered) > self.stock_for_line() {
            return Err(SaleError::NotEnoughStock {
                sku: self.sku.clone(),
                available: self.stock_for_line(),
            });
        }
        Ok(())
    }
}

impl SaleLine {
    /// What a line leaves available here once this sale is written: what is available now,
    /// less the units delivered or held back from stock here (units released from another
    /// order were already counted there). Below zero when a manager let it go beyond stock.
    pub fn available_after(&self, outcome: &LineOutcome) -> i64 {
        let released: i64 = self
            .overrides
            .iter()
            .map(|o| match o {
                Override::Release { qty, .. } => i64::from(*qty),
                Override::Ignore { .. } => 0,
            })
            .sum();
        let from_here = i64::from(outcome.delivered + outcome.held_back) - released;
        self.available.max(0) - from_here
    }

    /// The special prices that apply to this line at its quantity, in the counter's words
    /// (`3 for 25.00`, `10+ @ 4.50`, `special 9.00`, `5% off`); `None` at the regular
    /// price.
    pub fn price_note(&self) -> Option<String> {
        if let Some(note) = self.adjustment_note() {
            return Some(note);
        }
        let prices = &self.prices;
        let qty = self.ordered;
        let mut notes = Vec::new();
        if let Some(special) = prices.special.filter(|s| *s < prices.regular) {
            notes.push(format!("special {}", special.round()));
        }
        let mut unit = prices.regular;
        if let Some(special) = prices.special {
            unit = unit.min(special);
        }
        for b in &prices.breaks {
            if let super::pricing::PriceBreak::Tier {
                min_qty,
                unit: tier,
            } = *b
                && qty >= min_qty
                && tier < unit
            {
                notes.push(format!("{min_qty}+ @ {}", tier.round()));
            }
        }
        // A set applies where the line holds one and it beats the unit price (as priced).
        let unit_now = prices.unit_price(qty);
        for b in &prices.breaks {
            if let super::pricing::PriceBreak::Set { qty: size, price } = *b
                && size >= 1
                && qty >= size
                && price.round() < unit_now.times(i64::from(size))
            {
                notes.push(format!("{size} for {}", price.round()));
            }
        }
        if prices.level_pct > Decimal::ZERO {
            notes.push(format!("{}% off", prices.level_pct.normalize()));
        }
        (!notes.is_empty()).then(|| notes.join(", "))
    }
}

impl SaleLine {
    /// The clerk's price change in the counter's words: `= 8.50 price match` or
    /// `10% off (sale) damaged box`.
    fn adjustment_note(&self) -> Option<String> {
        let mut notes = Vec::new();
        if let Some(a) = &self.adjust.line {
            notes.push(match a.change {
                PriceChange::UnitPrice(p) => format!("= {} {}", p.round(), a.reason),
                PriceChange::PercentOff(p) => format!("{}% off {}", p.normalize(), a.reason),
            });
        }
        if let Some(a) = &self.adjust.sale
            && let PriceChange::PercentOff(p) = a.change
        {
            notes.push(format!("{}% off sale {}", p.normalize(), a.reason));
        }
        (!notes.is_empty()).then(|| notes.join(", "))
    }
}

/// The whole sale's figures.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SaleTotals {
    /// Charged now for delivered goods (before tax when prices exclude it).
    pub goods: Money,
    pub tax: Money,
    /// Prepaid for undelivered units, tax included (pay when invoiced only).
    pub deposit: Money,
    /// What the customer pays now.
    pub due: Money,
    /// Value of held-back and backordered units, tax included, not paid now.
    pub pending: Money,
}

/// Adds up the lines for a payment mode.
pub fn totals(outcomes: &[LineOutcome], payment: Payment, prices_include_tax: bool) -> SaleTotals {
    let goods: Money = outcomes.iter().map(|o| o.delivered_charge).sum();
    let tax: Money = outcomes.iter().map(|o| o.delivered_tax).sum();
    let pending: Money = outcomes
        .iter()
        .map(|o| gross(o.pending_charge, o.pending_tax, prices_include_tax))
        .sum();
    let deposit = match payment {
        Payment::WhenInvoiced => pending,
        Payment::WhenReceived => Money::ZERO,
    };
    SaleTotals {
        goods,
        tax,
        deposit,
        due: gross(goods, tax, prices_include_tax) + deposit,
        pending,
    }
}

/// An amount with its tax: added on when prices exclude tax, already inside otherwise.
pub fn gross(amount: Money, tax: Money, prices_include_tax: bool) -> Money {
    if prices_include_tax {
        amount
    } else {
        amount + tax
    }
}

/// True when any line leaves units for a customer order.
pub fn needs_order(outcomes: &[LineOutcome]) -> bool {
    outcomes
        .iter()
        .any(|o| o.backordered > 0 || o.held_back > 0)
}

/// Parses a quantity typed at the counter.
pub fn parse_qty(text: &str) -> Result<u32, SaleError> {
    match text.trim().parse::<u32>() {
        Ok(q) if (1..=1_000_000).contains(&q) => Ok(q),
        _ => Err(SaleError::BadQuantity(text.trim().to_string())),
    }
}
