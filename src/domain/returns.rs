//! Returns of delivered goods: what a customer gets back for units handed back.
//!
//! The rule: every delivered unit of an invoice line carries the amount it was charged, and
//! returned units refund the **lowest** amounts first. Under `split` the units a hand-over
//! delivered carry their unit amounts of T(ordered) (the highest went first); under `order`
//! the even T(ordered)/ordered amounts; under `shipped` the unit amounts of that hand-over's
//! own T(k). Where the line's prices are not known, the charge is shared evenly. What all
//! returns of a line refund never exceeds what the line was charged, and returning every
//! unit refunds exactly that. Tax goes back in proportion to the goods.

#![deny(clippy::float_arithmetic)]

pub mod plan;
#[cfg(test)]
mod plan_tests;
pub use plan::{
    Pick, PickError, ReturnLinePlan, ReturnPlan, ReturnSource, ReturnableLine, refund_total,
    unlinked_source,
};

use rust_decimal::Decimal;

use super::Money;
use super::pricing::{Basis, PriceList};
use super::tax::line_tax;
use super::tender::TenderKind;

/// What one invoice line handed over and charged, and how it was priced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveredLine {
    /// The line's frozen prices, when an order line kept them.
    pub prices: Option<PriceList>,
    pub basis: Basis,
    /// Units the customer ordered on the line (its T(ordered)).
    pub ordered: u32,
    /// Units of the line handed over before this invoice.
    pub delivered_before: u32,
    /// Units this invoice handed over.
    pub delivered: u32,
    /// What this invoice charged for them (before tax).
    pub charged: Money,
    /// The tax charged on them.
    pub tax: Money,
}

/// What goes back for units returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Refund {
    pub goods: Money,
    pub tax: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReturnError {
    #[error("only {left} of {delivered} delivered can still be returned, not {asked}")]
    MoreThanDelivered {
        asked: u32,
        left: u32,
        delivered: u32,
    },
    #[error("the quantity to return must be at least 1")]
    Nothing,
}

/// An even share of `amount` over `n` units, the leftover minor units one each on the first.
fn even_amounts(amount: Money, n: u32) -> Vec<Money> {
    if n == 0 {
        return Vec::new();
    }
    let minor = amount.round().to_minor();
    let q = i64::from(n);
    let (base, extra) = (minor.div_euclid(q), minor.rem_euclid(q));
    (0..q)
        .map(|i| Money::from_minor(if i < extra { base + 1 } else { base }))
        .collect()
}

impl DeliveredLine {
    /// A line handed back without its invoice: `qty` units charged what today's sale of
    /// them would charge (T(qty) of `prices`), with today's tax. Returning them all gives
    /// back exactly that.
    pub fn without_invoice(
        prices: PriceList,
        qty: u32,
        tax_rate: Decimal,
        prices_include_tax: bool,
    ) -> DeliveredLine {
        let charged = prices.total(qty).round();
        DeliveredLine {
            prices: Some(prices),
            basis: Basis::Shipped,
            ordered: qty,
            delivered_before: 0,
            delivered: qty,
            charged,
            tax: line_tax(charged, tax_rate, prices_include_tax),
        }
    }

    /// The amount each delivered unit carries, lowest first.
    pub fn unit_amounts(&self) -> Vec<Money> {
        let from = self.delivered_before as usize;
        let to = from + self.delivered as usize;
        let nominal = match (&self.prices, self.basis) {
            (Some(p), Basis::Split) if to <= self.ordered as usize => {
                p.unit_amounts(self.ordered)[from..to].to_vec()
            }
            (Some(p), Basis::Order) if to <= self.ordered as usize => {
                p.order_amounts(self.ordered)[from..to].to_vec()
            }
            (Some(p), Basis::Shipped) => p.unit_amounts(self.delivered),
            _ => even_amounts(self.charged, self.delivered),
        };
        let mut amounts: Vec<Money> = nominal.into_iter().map(Money::round).collect();
        amounts.sort();
        amounts
    }

    /// F(m): what returning `m` units in all refunds in goods: the `m` lowest amounts, never
    /// more than was charged, and all of it once every unit is back.
    fn goods_back(&self, amounts: &[Money], m: u32) -> Money {
        if m >= self.delivered {
            return self.charged.round();
        }
        let lowest: Money = amounts.iter().take(m as usize).copied().sum();
        lowest.min(self.charged).max(Money::ZERO).round()
    }

    /// The tax that goes with `goods` of the goods back, in proportion; all of it with all.
    fn tax_back(&self, goods: Money, m: u32) -> Money {
        if m >= self.delivered {
            return self.tax.round();
        }
        if self.charged.is_zero() || !self.charged.is_positive() {
            return Money::ZERO.round();
        }
        let share = goods
            .amount()
            .checked_mul(self.tax.amount())
            .and_then(|x| x.checked_div(self.charged.amount()))
            .map_or(Money::ZERO, Money::new);
        share.round().min(self.tax.round())
    }

    /// The refund for returning `returning` more units when `returned_before` are already back.
    pub fn refund(&self, returned_before: u32, returning: u32) -> Result<Refund, ReturnError> {
        if returning == 0 {
            return Err(ReturnError::Nothing);
        }
        let left = self.delivered.saturating_sub(returned_before);
        if returning > left {
            return Err(ReturnError::MoreThanDelivered {
                asked: returning,
                left,
                delivered: self.delivered,
            });
        }
        let amounts = self.unit_amounts();
        let before = self.goods_back(&amounts, returned_before);
        let after = self.goods_back(&amounts, returned_before + returning);
        let tax_before = self.tax_back(before, returned_before);
        let tax_after = self.tax_back(after, returned_before + returning);
        Ok(Refund {
            goods: (after - before).max(Money::ZERO).round(),
            tax: (tax_after - tax_before).max(Money::ZERO).round(),
        })
    }
}

/// The way the money goes back unless the clerk says otherwise: the way the invoice was
/// paid (its largest tender), cash when it was paid no way that can take money back.
pub fn original_tender(tenders: &[(TenderKind, Money)]) -> TenderKind {
    tenders
        .iter()
        .filter(|(_, amount)| amount.is_positive())
        .max_by_key(|(_, amount)| *amount)
        .map_or(TenderKind::Cash, |(kind, _)| *kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::pricing::parse_breaks;

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    fn valves() -> PriceList {
        PriceList::new(m("10.00"), parse_breaks("3for25.00").unwrap())
    }

    fn seed(basis: Basis, charged: &str) -> DeliveredLine {
        DeliveredLine {
            prices: Some(valves()),
            basis,
            ordered: 4,
            delivered_before: 0,
            delivered: 2,
            charged: m(charged),
            tax: Money::ZERO.round(),
        }
    }

    #[test]
    fn split_seed_example_refunds_the_lower_amount_first() {
        // T(4) = 35.00 as [10.00, 8.34, 8.33, 8.33]; 2 delivered carry 10.00 and 8.34.
        let line = seed(Basis::Split, "18.34");
        assert_eq!(line.unit_amounts(), vec![m("8.34"), m("10.00")]);
        assert_eq!(line.refund(0, 1).unwrap().goods, m("8.34"));
        assert_eq!(line.refund(1, 1).unwrap().goods, m("10.00"));
        assert_eq!(line.refund(0, 2).unwrap().goods, m("18.34"));
        assert!(line.refund(1, 2).is_err());
    }

    #[test]
    fn order_and_shipped_seed() {
        assert_eq!(
            seed(Basis::Order, "17.50").refund(0, 1).unwrap().goods,
            m("8.75")
        );
        assert_eq!(
            seed(Basis::Shipped, "20.00").refund(0, 1).unwrap().goods,
            m("10.00")
        );
    }

    #[test]
    fn tax_goes_back_in_proportion_and_in_full_at_the_end() {
        let mut line = seed(Basis::Split, "18.34");
        line.tax = m("1.51");
        let first = line.refund(0, 1).unwrap();
        let second = line.refund(1, 1).unwrap();
        assert_eq!(first.tax + second.tax, m("1.51"));
        assert_eq!(first.tax, m("0.69"));
    }

    #[test]
    fn the_original_tender() {
        let paid = [
            (TenderKind::Cash, m("5.00")),
            (TenderKind::Card, m("30.00")),
        ];
        assert_eq!(original_tender(&paid), TenderKind::Card);
        assert_eq!(original_tender(&[]), TenderKind::Cash);
    }

    #[test]
    fn without_an_invoice_the_goods_refund_todays_price_for_them_with_tax() {
        // 3 valves today: 3for25.00; tax 8.25% added to prices.
        let line = DeliveredLine::without_invoice(valves(), 3, Decimal::new(825, 2), false);
        assert_eq!((line.charged, line.tax), (m("25.00"), m("2.06")));
        assert_eq!(
            (line.ordered, line.delivered, line.delivered_before),
            (3, 3, 0)
        );
        let all = line.refund(0, 3).unwrap();
        assert_eq!((all.goods, all.tax), (m("25.00"), m("2.06")));
        // Tax inside the price: 25.00 holds 1.91 of it.
        let inside = DeliveredLine::without_invoice(valves(), 3, Decimal::new(825, 2), true);
        assert_eq!(inside.tax, m("1.91"));
        // Two alone are 20.00.
        let two = DeliveredLine::without_invoice(valves(), 2, Decimal::ZERO, false);
        assert_eq!(two.refund(0, 2).unwrap().goods, m("20.00"));
    }

    #[test]
    fn unknown_prices_share_the_charge_evenly() {
        let line = DeliveredLine {
            prices: None,
            basis: Basis::Split,
            ordered: 3,
            delivered_before: 0,
            delivered: 3,
            charged: m("25.00"),
            tax: Money::ZERO.round(),
        };
        assert_eq!(line.refund(0, 1).unwrap().goods, m("8.33"));
        assert_eq!(line.refund(1, 2).unwrap().goods, m("16.67"));
    }
}
