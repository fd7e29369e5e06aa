//! What the counter accepts in a money or number box, before any figure reaches the sale:
//! a scanned barcode is not an amount, cash far above what is due and quantities far
//! beyond the usual are asked about, and every count is checked against the limits of
//! what it sets, so the message can name them.

use rust_decimal::Decimal;

use super::{MAX_QTY, SaleError};
use crate::domain::Money;
use crate::domain::tender::TenderKind;

/// The fewest digits a barcode has (EAN-8); an amount with no decimal point is never
/// this long at a counter.
pub const SCAN_DIGITS: usize = 8;

/// True when `typed` looks like a scanned barcode rather than an amount: 8 or more digits
/// and no decimal point.
pub fn looks_like_scan(typed: &str) -> bool {
    let typed = typed.trim();
    typed.len() >= SCAN_DIGITS && typed.chars().all(|c| c.is_ascii_digit())
}

/// Parses an amount typed in a money box; a scan is refused.
pub fn parse_amount(typed: &str) -> Result<Money, SaleError> {
    let typed = typed.trim();
    if looks_like_scan(typed) {
        return Err(SaleError::ScanInAmount(typed.to_string()));
    }
    Ok(Money::parse(typed)?)
}

/// True when a tender is so far above what remains due that the clerk must confirm it:
/// cash more than `limit` over the remainder.
pub fn tender_needs_confirm(
    kind: TenderKind,
    amount: Money,
    remaining: Money,
    limit: Decimal,
) -> bool {
    kind == TenderKind::Cash && (amount - remaining).amount() > limit
}

/// True when a line quantity is above the configured `threshold` and must be confirmed.
pub fn quantity_needs_confirm(qty: u32, threshold: u32) -> bool {
    qty > threshold
}

/// The range a number box accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountLimits {
    pub min: u32,
    pub max: u32,
}

impl CountLimits {
    /// A quantity ordered: 1 to [`MAX_QTY`].
    pub const QUANTITY: CountLimits = CountLimits {
        min: 1,
        max: MAX_QTY,
    };

    /// 0 up to `max`.
    pub fn up_to(max: u32) -> CountLimits {
        CountLimits { min: 0, max }
    }

    /// "from 1 to 1,000,000", for messages.
    pub fn describe(self) -> String {
        format!("from {} to {}", grouped(self.min), grouped(self.max))
    }
}

/// Parses a count typed in a number box against its limits. A minus sign is refused,
/// never dropped: `-3` is not 3.
pub fn parse_count_within(typed: &str, limits: CountLimits) -> Result<u32, SaleError> {
    let typed = typed.trim();
    let refuse = || SaleError::CountOutOfRange {
        typed: typed.to_string(),
        limits: limits.describe(),
    };
    if typed.is_empty() || !typed.chars().all(|c| c.is_ascii_digit()) {
        return Err(refuse());
    }
    match typed.parse::<u32>() {
        Ok(n) if (limits.min..=limits.max).contains(&n) => Ok(n),
        _ => Err(refuse()),
    }
}

/// A whole number with thousands separators: 1000000 → "1,000,000".
pub fn grouped(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str) -> Money {
        Money::parse(text).unwrap()
    }

    #[test]
    fn a_barcode_is_not_an_amount() {
        assert!(looks_like_scan("039923000521"));
        assert!(looks_like_scan("12345678"));
        assert!(!looks_like_scan("1234567"), "seven digits may be an amount");
        assert!(
            !looks_like_scan("12345678.00"),
            "a decimal point says amount"
        );
        assert_eq!(
            parse_amount("039923000521"),
            Err(SaleError::ScanInAmount("039923000521".into()))
        );
        assert_eq!(parse_amount("100"), Ok(m("100.00")));
        assert_eq!(parse_amount("12345678.00"), Ok(m("12345678.00")));
        assert_eq!(
            parse_amount("1.234").unwrap_err().to_string(),
            "Amount: '1.234' has more than 2 decimal places"
        );
    }

    #[test]
    fn cash_far_above_the_due_asks() {
        let limit = Decimal::new(100_000, 2);
        let due = m("10.00");
        assert!(!tender_needs_confirm(
            TenderKind::Cash,
            m("1010.00"),
            due,
            limit
        ));
        assert!(tender_needs_confirm(
            TenderKind::Cash,
            m("1010.01"),
            due,
            limit
        ));
        assert!(!tender_needs_confirm(
            TenderKind::Card,
            m("5000.00"),
            due,
            limit
        ));
    }

    #[test]
    fn large_quantities_ask() {
        assert!(!quantity_needs_confirm(999, 999));
        assert!(quantity_needs_confirm(1000, 999));
    }

    #[test]
    fn counts_name_the_limits_they_enforce() {
        assert_eq!(parse_count_within("25", CountLimits::QUANTITY), Ok(25));
        let err = parse_count_within("0", CountLimits::QUANTITY).unwrap_err();
        assert_eq!(err.to_string(), "'0': a whole number from 1 to 1,000,000");
        let err = parse_count_within("-3", CountLimits::up_to(3)).unwrap_err();
        assert_eq!(err.to_string(), "'-3': a whole number from 0 to 3");
        assert!(parse_count_within("abc", CountLimits::up_to(3)).is_err());
        assert_eq!(parse_count_within("0", CountLimits::up_to(3)), Ok(0));
        assert!(parse_count_within("4", CountLimits::up_to(3)).is_err());
    }

    #[test]
    fn grouping() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(1_000_000), "1,000,000");
    }
}
