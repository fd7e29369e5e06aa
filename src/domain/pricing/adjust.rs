//! Price overrides and discounts on a sale line (the clerk's, not the catalog's).
//!
//! The rule, so a price is never cut twice:
//! - a **unit price** set by hand fixes the line: its price list becomes that one price with
//!   no special price, no level and no breaks, so the charge is qty × the price on every
//!   basis;
//! - a **percent off** a line scales every price of its list (regular, special, each tier
//!   and each set) by the same factor: the breaks keep working on the discounted prices
//!   and the customer's level still applies, as it would on the catalog price;
//! - a **percent off the whole sale** scales every line's list the same way, after the
//!   line's own change (a fixed price too).
//!
//! A clerk needs a manager's approval when the unit price of a line falls by more than the
//! configured percent (`[overrides] approval_above_pct`) below what the catalog prices
//! give it, and always for a line given away (100% off, or a price of zero).

#![deny(clippy::float_arithmetic)]

use rust_decimal::Decimal;

use super::{PriceBreak, PriceList};
use crate::domain::Money;

/// What the clerk changed about a line's price.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceChange {
    /// Every unit at this price (an override, or the price of an open-price item).
    UnitPrice(Money),
    /// This percent off every price of the line's list.
    PercentOff(Decimal),
}

impl PriceChange {
    /// How a change is stored: `price 8.50` or `percent 15`.
    pub fn to_text(self) -> String {
        match self {
            PriceChange::UnitPrice(price) => format!("price {}", price.round()),
            PriceChange::PercentOff(pct) => format!("percent {}", pct.normalize()),
        }
    }

    /// A change as stored; None when the text is not one.
    pub fn from_text(text: &str) -> Option<PriceChange> {
        let (kind, value) = text.split_once(' ')?;
        match kind {
            "price" => Money::parse(value).ok().map(PriceChange::UnitPrice),
            "percent" => value.parse().ok().map(PriceChange::PercentOff),
            _ => None,
        }
    }
}

/// The reason kept for the price of an open-price item.
pub const OPEN_PRICE: &str = "open price";

/// A price change with why it was made and who approved it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjustment {
    pub change: PriceChange,
    pub reason: String,
    /// The manager who approved it, when it needed one (a manager signed in approves
    /// their own).
    pub approved_by: Option<String>,
}

/// What a line's price is changed by: its own change and the whole sale's discount.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineAdjustments {
    pub line: Option<Adjustment>,
    /// The whole sale's percent off, copied onto every line.
    pub sale: Option<Adjustment>,
}

impl LineAdjustments {
    pub fn is_empty(&self) -> bool {
        self.line.is_none() && self.sale.is_none()
    }

    /// The price list the line is charged by: the catalog's, changed by the line's own
    /// change and then by the sale's percent off.
    pub fn apply(&self, catalog: &PriceList) -> PriceList {
        let mut list = match self.line.as_ref().map(|a| a.change) {
            Some(change) => changed(catalog, change),
            None => catalog.clone(),
        };
        if let Some(PriceChange::PercentOff(pct)) = self.sale.as_ref().map(|a| a.change) {
            list = percent_off(&list, pct);
        }
        list
    }
}

/// Why a typed price change is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdjustError {
    #[error("percent '{0}': a number above 0 and at most 100, e.g. 10 or 12.5")]
    BadPercent(String),
    #[error("a reason is needed (a few words: price match, damaged box...)")]
    NoReason,
    #[error("a price is needed for an open-price item")]
    NoPrice,
    #[error("the reason {0}")]
    BadReason(crate::domain::text::TextError),
}

/// A price list changed by one change.
pub fn changed(list: &PriceList, change: PriceChange) -> PriceList {
    match change {
        PriceChange::UnitPrice(price) => PriceList::new(price.round(), Vec::new()),
        PriceChange::PercentOff(pct) => percent_off(list, pct),
    }
}

/// Every price of the list, less `pct` percent, rounded to the minor unit and never below
/// zero. The level discount is kept: it applies to the discounted unit price.
pub fn percent_off(list: &PriceList, pct: Decimal) -> PriceList {
    let pct = pct.clamp(Decimal::ZERO, Decimal::ONE_HUNDRED);
    let off = |price: Money| (price - price.percent(pct)).max(Money::ZERO).round();
    PriceList {
        regular: off(list.regular),
        special: list.special.map(off),
        level_pct: list.level_pct,
        breaks: list
            .breaks
            .iter()
            .map(|b| match *b {
                PriceBreak::Tier { min_qty, unit } => PriceBreak::Tier {
                    min_qty,
                    unit: off(unit),
                },
                PriceBreak::Set { qty, price } => PriceBreak::Set {
                    qty,
                    price: off(price),
                },
            })
            .collect(),
    }
}

/// Parses a percent typed at the counter: above 0, at most 100, a `%` allowed at the end.
pub fn parse_percent(typed: &str) -> Result<Decimal, AdjustError> {
    let text = typed.trim().trim_end_matches('%').trim();
    let bad = || AdjustError::BadPercent(typed.trim().to_string());
    if text.is_empty() || !text.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(bad());
    }
    let pct: Decimal = text.parse().map_err(|_| bad())?;
    if pct <= Decimal::ZERO || pct > Decimal::ONE_HUNDRED || pct.normalize().scale() > 2 {
        return Err(bad());
    }
    Ok(pct.normalize())
}

/// A reason as kept: trimmed, at most 60 characters, never empty, without a control or an
/// invisible character (the rule of all free text).
pub fn check_reason(typed: &str) -> Result<String, AdjustError> {
    let reason: String = typed.trim().chars().take(60).collect();
    crate::domain::text::check_text(&reason, 60).map_err(AdjustError::BadReason)?;
    if reason.is_empty() {
        Err(AdjustError::NoReason)
    } else {
        Ok(reason)
    }
}

/// How far, in percent, the unit price fell from `was` to `now` (0 when it did not fall;
/// 100 when a priced item is given away). An item that had no price (open price) falls by
/// nothing.
pub fn cut_pct(was: Money, now: Money) -> Decimal {
    if !was.is_positive() || now >= was {
        return Decimal::ZERO;
    }
    ((was - now).amount() * Decimal::ONE_HUNDRED / was.amount()).round_dp(2)
}

/// How far, in percent, the unit price rose from `was` to `now` (0 when it did not rise, or
/// the item had no price to rise from).
pub fn raise_pct(was: Money, now: Money) -> Decimal {
    if !was.is_positive() || now <= was {
        return Decimal::ZERO;
    }
    ((now - was).amount() * Decimal::ONE_HUNDRED / was.amount()).round_dp(2)
}

/// True when a cut of `cut` percent needs a manager: above the limit, or the whole price.
pub fn needs_approval(cut: Decimal, limit_pct: Decimal) -> bool {
    cut > limit_pct || cut >= Decimal::ONE_HUNDRED
}

/// The cut a line's adjustments make at `qty`: the unit price by the catalog against the
/// unit price charged.
pub fn line_cut(catalog: &PriceList, adjustments: &LineAdjustments, qty: u32) -> Decimal {
    let qty = qty.max(1);
    let was = catalog.total(qty);
    let now = adjustments.apply(catalog).total(qty);
    cut_pct(was, now)
}

/// The audit words of a change: `unit price 10.00 -> 8.50` or `15% off`.
pub fn describe(change: PriceChange, was: Money) -> String {
    match change {
        PriceChange::UnitPrice(price) => {
            format!("unit price {} -> {}", was.round(), price.round())
        }
        PriceChange::PercentOff(pct) => format!("{}% off {}", pct.normalize(), was.round()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::pricing::{Basis, charge_now, parse_breaks};

    fn m(text: &str) -> Money {
        Money::parse(text).unwrap()
    }

    fn pct(n: i64) -> Decimal {
        Decimal::new(n, 0)
    }

    fn adj(change: PriceChange) -> Adjustment {
        Adjustment {
            change,
            reason: "price match".into(),
            approved_by: None,
        }
    }

    fn valve() -> PriceList {
        let mut list = PriceList::new(m("10.00"), parse_breaks("3for25.00 10+@7.50").unwrap());
        list.level_pct = pct(5);
        list
    }

    #[test]
    fn a_unit_price_drops_breaks_and_level() {
        let line = LineAdjustments {
            line: Some(adj(PriceChange::UnitPrice(m("9.00")))),
            sale: None,
        };
        let list = line.apply(&valve());
        assert_eq!(list, PriceList::new(m("9.00"), Vec::new()));
        assert_eq!(list.total(3), m("27.00"), "no 3-for set on top");
        assert_eq!(list.total(12), m("108.00"), "no tier on top");
    }

    #[test]
    fn a_percent_off_scales_every_price_and_keeps_the_breaks() {
        let list = percent_off(&valve(), pct(10));
        assert_eq!(list.regular, m("9.00"));
        assert_eq!(
            list.breaks,
            parse_breaks("3for22.50 10+@6.75").unwrap(),
            "breaks discounted once"
        );
        assert_eq!(list.level_pct, pct(5));
    }

    #[test]
    fn the_sale_discount_goes_on_after_the_lines_own() {
        let line = LineAdjustments {
            line: Some(adj(PriceChange::UnitPrice(m("8.00")))),
            sale: Some(adj(PriceChange::PercentOff(pct(10)))),
        };
        assert_eq!(line.apply(&valve()).regular, m("7.20"));
    }

    #[test]
    fn percents_are_checked() {
        assert_eq!(parse_percent("10"), Ok(pct(10)));
        assert_eq!(parse_percent("12.5%"), Ok(Decimal::new(125, 1)));
        assert_eq!(parse_percent("100"), Ok(pct(100)));
        for bad in ["0", "101", "-5", "abc", "", "1.234", "5e2"] {
            assert!(parse_percent(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn reasons_are_needed() {
        assert_eq!(check_reason("  "), Err(AdjustError::NoReason));
        assert_eq!(check_reason(" dented ").unwrap(), "dented");
        assert_eq!(check_reason(&"x".repeat(80)).unwrap().len(), 60);
        for hidden in ["price\tmatch", "dent\u{202E}ed", "nul\0"] {
            let refused = check_reason(hidden).unwrap_err().to_string();
            assert!(refused.starts_with("the reason holds"), "{refused}");
        }
    }

    #[test]
    fn approval_beyond_the_limit_and_always_for_everything_off() {
        let limit = pct(10);
        assert!(!needs_approval(cut_pct(m("10.00"), m("9.00")), limit));
        assert!(needs_approval(cut_pct(m("10.00"), m("8.99")), limit));
        assert!(needs_approval(cut_pct(m("10.00"), m("0.00")), pct(100)));
        assert!(!needs_approval(cut_pct(m("0.00"), m("25.00")), limit));
        assert!(!needs_approval(cut_pct(m("10.00"), m("12.00")), limit));
        let hundred = LineAdjustments {
            line: Some(adj(PriceChange::PercentOff(pct(100)))),
            sale: None,
        };
        assert!(needs_approval(line_cut(&valve(), &hundred, 4), pct(100)));
    }

    #[test]
    fn an_overridden_line_is_charged_qty_times_the_price_on_every_basis() {
        let list = changed(&valve(), PriceChange::UnitPrice(m("8.50")));
        for basis in [Basis::Split, Basis::Order, Basis::Shipped] {
            let now = charge_now(&list, basis, 5, 0, 2, Money::ZERO);
            let later = charge_now(&list, basis, 5, 2, 3, now);
            assert_eq!(now, m("17.00"), "{basis}");
            assert_eq!(later, m("25.50"), "{basis}");
        }
    }

    mod props {
        use proptest::prelude::*;

        use super::*;

        fn basis() -> impl Strategy<Value = Basis> {
            prop_oneof![Just(Basis::Split), Just(Basis::Order), Just(Basis::Shipped)]
        }

        proptest! {
            #[test]
            fn an_overridden_line_charges_qty_times_the_override(
                regular in 0i64..100_000,
                set_price in 1i64..100_000,
                set_qty in 1u32..6,
                level in 0i64..50,
                price in 0i64..100_000,
                qty in 1u32..40,
                first in 0u32..40,
                basis in basis(),
            ) {
                let mut list = PriceList::new(
                    Money::from_minor(regular),
                    vec![PriceBreak::Set { qty: set_qty, price: Money::from_minor(set_price) }],
                );
                list.level_pct = Decimal::new(level, 0);
                let over = Money::from_minor(price);
                let list = changed(&list, PriceChange::UnitPrice(over));
                let first = first.min(qty);
                let now = charge_now(&list, basis, qty, 0, first, Money::ZERO);
                let later = charge_now(&list, basis, qty, first, qty - first, now);
                prop_assert_eq!(now, over.times(i64::from(first)).round());
                prop_assert_eq!(now + later, over.times(i64::from(qty)).round());
            }

            #[test]
            fn a_percent_off_never_makes_a_line_negative(
                regular in 0i64..100_000,
                tier in 0i64..100_000,
                pct in 1i64..=10_000,
                sale_pct in 0i64..=10_000,
                qty in 1u32..40,
            ) {
                let list = PriceList::new(
                    Money::from_minor(regular),
                    vec![PriceBreak::Tier { min_qty: 5, unit: Money::from_minor(tier) }],
                );
                let line = LineAdjustments {
                    line: Some(adj(PriceChange::PercentOff(Decimal::new(pct, 2)))),
                    sale: Some(adj(PriceChange::PercentOff(Decimal::new(sale_pct, 2)))),
                };
                let charged = line.apply(&list);
                prop_assert!(!charged.total(qty).is_negative());
                prop_assert!(charged.total(qty) <= list.total(qty));
                if pct == 10_000 && list.total(qty).is_positive() {
                    prop_assert!(needs_approval(line_cut(&list, &line, qty), Decimal::ONE_HUNDRED));
                }
            }
        }
    }
}
