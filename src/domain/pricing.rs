//! Prices of one order line: price breaks, customer prices, the line total T(Q), and what
//! each hand-over of a partly delivered line costs (SPEC section 4).
//!
//! Every figure here is exact decimal money; rounding to the minor unit happens only through
//! [`Money::round`].

#![deny(clippy::float_arithmetic)]

use std::cmp::Reverse;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::money::{Money, MoneyError};
// Tax lives in its own module; re-exported so the line charge and its tax come from one place.
pub use super::tax::line_tax;

pub mod adjust;

/// One price break of a product.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PriceBreak {
    /// `N+@P`: at a line quantity of `min_qty` or more, every unit costs `unit`.
    Tier { min_qty: u32, unit: Money },
    /// `NforP`: every complete set of `qty` units costs `price` in total.
    Set { qty: u32, price: Money },
}

impl PriceBreak {
    /// The quantity written before `for` or `+@`.
    pub fn qty(&self) -> u32 {
        match *self {
            PriceBreak::Tier { min_qty, .. } => min_qty,
            PriceBreak::Set { qty, .. } => qty,
        }
    }

    /// The price written after `for` or `+@`: a set's whole price, a tier's unit price.
    pub fn price(&self) -> Money {
        match *self {
            PriceBreak::Tier { unit, .. } => unit,
            PriceBreak::Set { price, .. } => price,
        }
    }

    /// Sets before tiers, each by quantity: the order breaks are kept and written in.
    fn canonical_key(&self) -> (u8, u32) {
        match *self {
            PriceBreak::Set { qty, .. } => (0, qty),
            PriceBreak::Tier { min_qty, .. } => (1, min_qty),
        }
    }
}

/// Why the text of a product's `breaks` column is not a list of price breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BreakError {
    #[error("break '{0}' has no price")]
    NoPrice(String),
    #[error("'{0}': the quantity must be a whole number of at least 1")]
    BadQuantity(String),
    #[error("'{0}': price must not be negative")]
    NegativePrice(String),
    #[error("'{token}': '{price}' is not a price")]
    NotAPrice { token: String, price: String },
    #[error("'{token}': price has more than {minor_units} decimal places")]
    TooPrecise { token: String, minor_units: u32 },
    #[error("'{0}' is not a price break; write e.g. 3for25.00 (a set) or 10+@7.50 (a tier)")]
    Unrecognised(String),
    #[error("duplicate quantity {qty} in '{text}'")]
    DuplicateQuantity { qty: u32, text: String },
}

/// Parses the `breaks` column: space-separated `NforP` sets and `N+@P` tiers; blank means none.
///
/// The result is in canonical order (sets, then tiers, each by quantity), so equal lists of
/// breaks compare equal however they were written. A set and a tier may share a quantity (they
/// mean different things); two sets or two tiers may not.
pub fn parse_breaks(text: &str) -> Result<Vec<PriceBreak>, BreakError> {
    let mut breaks = Vec::new();
    for token in text.split_whitespace() {
        breaks.push(parse_token(token)?);
    }
    breaks.sort_by_key(PriceBreak::canonical_key);
    if let Some(pair) = breaks
        .windows(2)
        .find(|pair| pair[0].canonical_key() == pair[1].canonical_key())
    {
        return Err(BreakError::DuplicateQuantity {
            qty: pair[0].qty(),
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
        });
    }
    Ok(breaks)
}

fn parse_token(token: &str) -> Result<PriceBreak, BreakError> {
    // `FOR` is accepted too; ASCII lowercasing keeps byte offsets, so the original token can
    // be sliced and a bad price is quoted as written.
    let lower = token.to_ascii_lowercase();
    let (at, sep_len, is_set) = if let Some(at) = lower.find("+@") {
        (at, 2, false)
    } else if let Some(at) = lower.find("for") {
        (at, 3, true)
    } else {
        return Err(BreakError::Unrecognised(token.to_string()));
    };
    let qty_text = &token[..at];
    let price_text = &token[at + sep_len..];
    let qty = parse_qty(qty_text).ok_or_else(|| BreakError::BadQuantity(token.to_string()))?;
    if price_text.is_empty() {
        return Err(BreakError::NoPrice(token.to_string()));
    }
    let price = Money::parse(price_text).map_err(|e| match e {
        MoneyError::Negative(_) => BreakError::NegativePrice(token.to_string()),
        MoneyError::TooPrecise { .. } => BreakError::TooPrecise {
            token: token.to_string(),
            minor_units: Money::scale(),
        },
        MoneyError::NotANumber(_) => BreakError::NotAPrice {
            token: token.to_string(),
            price: price_text.to_string(),
        },
    })?;
    Ok(if is_set {
        PriceBreak::Set { qty, price }
    } else {
        PriceBreak::Tier {
            min_qty: qty,
            unit: price,
        }
    })
}

/// Digits only: `u32::from_str` would also take a leading `+`.
fn parse_qty(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<u32>().ok().filter(|&q| q >= 1)
}

/// The canonical text of a list of breaks (canonical order, prices with the currency's
/// places); `parse_breaks` reads it back to the same list.
pub fn format_breaks(breaks: &[PriceBreak]) -> String {
    let mut sorted = breaks.to_vec();
    sorted.sort_by_key(PriceBreak::canonical_key);
    sorted
        .iter()
        .map(|b| match *b {
            PriceBreak::Tier { min_qty, unit } => {
                format!("{min_qty}+@{}", unit.round())
            }
            PriceBreak::Set { qty, price } => format!("{qty}for{}", price.round()),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Everything that fixes the price of one line. An order line keeps exactly this, so a later
/// change to the product's or the customer's prices does not touch it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PriceList {
    pub regular: Money,
    /// The customer's special price for this product, if any.
    pub special: Option<Money>,
    /// The customer's price level discount in percent (0 for a cash sale).
    pub level_pct: Decimal,
    pub breaks: Vec<PriceBreak>,
}

/// How units of a line of `qty` are priced: which sets are taken, and the rest at `unit`.
struct Plan {
    unit: Money,
    /// (set size, set price rounded to the minor unit, number of such sets)
    sets: Vec<(u32, Money, u32)>,
    leftover: u32,
}

impl PriceList {
    /// A cash-sale price list: the regular price and the product's breaks.
    pub fn new(regular: Money, breaks: Vec<PriceBreak>) -> Self {
        PriceList {
            regular,
            special: None,
            level_pct: Decimal::ZERO,
            breaks,
        }
    }

    /// The unit price for a line of `qty`: the lowest of the regular price, the special price
    /// and the best tier reached by `qty`, less the level discount, rounded to the minor unit.
    pub fn unit_price(&self, qty: u32) -> Money {
        let mut best = self.regular;
        if let Some(special) = self.special {
            best = best.min(special);
        }
        for b in &self.breaks {
            if let PriceBreak::Tier { min_qty, unit } = *b
                && qty >= min_qty
            {
                best = best.min(unit);
            }
        }
        // A level over 100% must not turn a price into a refund.
        (best - best.percent(self.level_pct))
            .max(Money::ZERO)
            .round()
    }

    fn plan(&self, qty: u32) -> Plan {
        let unit = self.unit_price(qty);
        let mut sets: Vec<(u32, Money)> = self
            .breaks
            .iter()
            .filter_map(|b| match *b {
                // A set is taken only where it beats the unit price per unit: P/N < u, kept
                // exact as P < u·N.
                PriceBreak::Set { qty: size, price } if size >= 1 => {
                    let price = price.round();
                    (price < unit.times(i64::from(size))).then_some((size, price))
                }
                _ => None,
            })
            .collect();
        // Larger sets first; the sort is stable, so equal sizes keep their order.
        sets.sort_by_key(|&(size, _)| Reverse(size));
        let mut left = qty;
        let mut taken = Vec::new();
        for (size, price) in sets {
            let count = left / size;
            if count > 0 {
                taken.push((size, price, count));
                left -= count * size;
            }
        }
        Plan {
            unit,
            sets: taken,
            leftover: left,
        }
    }

    /// T(qty): the price of `qty` units on one line.
    pub fn total(&self, qty: u32) -> Money {
        let plan = self.plan(qty);
        let sets: Money = plan
            .sets
            .iter()
            .map(|&(_, price, count)| price.times(i64::from(count)))
            .sum();
        (sets + plan.unit.times(i64::from(plan.leftover))).round()
    }

    /// The amounts of T(qty) as runs of (amount, how many units), highest amount first.
    /// A set's price is split into amounts in minor units that add up to it exactly, the
    /// leftover minor unit(s) one each on its first units.
    fn amount_runs(&self, qty: u32) -> Vec<(Money, u32)> {
        let plan = self.plan(qty);
        let mut runs = Vec::new();
        for (size, price, count) in plan.sets {
            let minor = price.to_minor();
            let size_i = i64::from(size);
            let base = minor.div_euclid(size_i);
            // Less than `size`, so it fits back in a u32.
            let extra = u32::try_from(minor.rem_euclid(size_i)).unwrap_or(0);
            runs.push((Money::from_minor(base + 1), extra * count));
            runs.push((Money::from_minor(base), (size - extra) * count));
        }
        runs.push((plan.unit, plan.leftover));
        runs.retain(|&(_, n)| n > 0);
        runs.sort_by_key(|&(amount, _)| Reverse(amount));
        runs
    }

    /// The `qty` unit amounts of T(qty), highest first; they add up to T(qty) exactly.
    pub fn unit_amounts(&self, qty: u32) -> Vec<Money> {
        self.amount_runs(qty)
            .into_iter()
            .flat_map(|(amount, n)| std::iter::repeat_n(amount.round(), n as usize))
            .collect()
    }

    /// S(k): the sum of the `k` highest unit amounts of T(ordered).
    pub fn highest_amounts_sum(&self, ordered: u32, k: u32) -> Money {
        let mut left = k.min(ordered);
        let mut sum = Money::ZERO;
        for (amount, n) in self.amount_runs(ordered) {
            let take = n.min(left);
            sum += amount.times(i64::from(take));
            left -= take;
            if left == 0 {
                break;
            }
        }
        sum.round()
    }

    /// C(k) under `split`: what a customer has been charged once `k` of `ordered` units are
    /// delivered, min(S(k), T(k)); T(ordered) once all are.
    pub fn split_charged_for(&self, ordered: u32, k: u32) -> Money {
        if k >= ordered {
            return self.total(ordered);
        }
        self.highest_amounts_sum(ordered, k).min(self.total(k))
    }

    /// Under `order`: every unit of a line of `qty` at T(qty)/qty, the leftover minor units
    /// one each on the first units, so the amounts add up to T(qty) exactly.
    pub fn order_amounts(&self, qty: u32) -> Vec<Money> {
        let (high, low, n_high) = self.order_split(qty);
        let mut amounts = vec![high; n_high as usize];
        amounts.resize(qty as usize, low);
        amounts
    }

    /// (higher amount, lower amount, how many units carry the higher) under `order`.
    fn order_split(&self, qty: u32) -> (Money, Money, u32) {
        if qty == 0 {
            let zero = Money::ZERO.round();
            return (zero, zero, 0);
        }
        let minor = self.total(qty).to_minor();
        let q = i64::from(qty);
        let base = minor.div_euclid(q);
        let extra = u32::try_from(minor.rem_euclid(q)).unwrap_or(0);
        (Money::from_minor(base + 1), Money::from_minor(base), extra)
    }

    /// Under `order`: the sum of the amounts of units `from..to` (0-based, delivery order).
    fn order_amounts_sum(&self, ordered: u32, from: u32, to: u32) -> Money {
        let (high, low, n_high) = self.order_split(ordered);
        let to = to.min(ordered);
        let from = from.min(to);
        let highs = n_high.min(to).saturating_sub(from);
        let lows = (to - from) - highs;
        (high.times(i64::from(highs)) + low.times(i64::from(lows))).round()
    }
}

/// How a partly delivered line is charged (`price_break_basis`, SPEC section 4).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// Units delivered first carry the highest unit amounts of T(Q), capped at T(k).
    #[default]
    Split,
    /// Every unit at T(Q)/Q.
    Order,
    /// Each delivery priced on its own quantity.
    Shipped,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Split => "split",
            Basis::Order => "order",
            Basis::Shipped => "shipped",
        }
    }
}

impl fmt::Display for Basis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a price break basis; use split, order or shipped")]
pub struct BasisError(pub String);

impl FromStr for Basis {
    type Err = BasisError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "split" => Ok(Basis::Split),
            "order" => Ok(Basis::Order),
            "shipped" => Ok(Basis::Shipped),
            _ => Err(BasisError(text.to_string())),
        }
    }
}

/// The charge for handing over `delivering_now` units of a line of `ordered` units, when
/// `delivered_before` units were handed over earlier and `charged_before` was charged for them.
/// The sale (first hand-over, `delivered_before == 0`) and the filling of backorders both call
/// this, so a line is charged the same way wherever it is delivered.
///
/// Under `split` and `order` the hand-over that completes the line charges
/// T(ordered) − `charged_before`, so the charges of a line add up to T(ordered) exactly; that
/// is negative only if `charged_before` was not charged under this same basis. Units beyond
/// `ordered` are not charged.
pub fn charge_now(
    prices: &PriceList,
    basis: Basis,
    ordered: u32,
    delivered_before: u32,
    delivering_now: u32,
    charged_before: Money,
) -> Money {
    if delivering_now == 0 {
        return Money::ZERO.round();
    }
    let delivered = delivered_before.saturating_add(delivering_now).min(ordered);
    let charge = match basis {
        Basis::Shipped => prices.total(delivering_now),
        Basis::Split | Basis::Order if delivered >= ordered => {
            prices.total(ordered) - charged_before
        }
        // C(k) may fall as k grows (a set or tier completes), and a customer is never paid
        // back for taking more.
        Basis::Split => {
            (prices.split_charged_for(ordered, delivered) - charged_before).max(Money::ZERO)
        }
        Basis::Order => prices.order_amounts_sum(ordered, delivered_before, delivered),
    };
    charge.round()
}

/// The prices of a line as the counter and the price check show them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineCharge {
    /// T(ordered).
    pub total: Money,
    /// The per-unit amounts, highest first: those of T(ordered), or under `order` the even
    /// T(ordered)/ordered split. They add up to `total`.
    pub unit_amounts: Vec<Money>,
    /// Charged for the units delivered now.
    pub delivered: Money,
    /// What the backordered units will cost: T(ordered) − `delivered` under `split` and
    /// `order`, T(backordered) under `shipped` (priced as its own delivery).
    pub backordered: Money,
}

/// The charges of a line of `ordered` units of which `delivered` are handed over now.
pub fn line_charge(prices: &PriceList, basis: Basis, ordered: u32, delivered: u32) -> LineCharge {
    let delivered = delivered.min(ordered);
    let total = prices.total(ordered);
    let delivered_charge = charge_now(prices, basis, ordered, 0, delivered, Money::ZERO);
    let backordered = match basis {
        Basis::Shipped => prices.total(ordered - delivered),
        Basis::Split | Basis::Order => (total - delivered_charge).round(),
    };
    let unit_amounts = match basis {
        Basis::Order => prices.order_amounts(ordered),
        Basis::Split | Basis::Shipped => prices.unit_amounts(ordered),
    };
    LineCharge {
        total,
        unit_amounts,
        delivered: delivered_charge,
        backordered,
    }
}

#[cfg(test)]
mod tests;
