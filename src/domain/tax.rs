//! Tax on the charged amount of a line (SPEC section 4: tax is computed per line).

#![deny(clippy::float_arithmetic)]

use rust_decimal::Decimal;

use super::money::Money;

/// The tax on `charged`, the amount charged for a line, at `rate_pct` percent, rounded half
/// away from zero to the minor unit.
///
/// When prices include tax, this is the tax contained in the amount:
/// amount − amount / (1 + rate), worked out as amount × rate / (100 + rate) so that an exact
/// half is not lost to a non-terminating division. A rate of zero or less is no tax.
pub fn line_tax(charged: Money, rate_pct: Decimal, prices_include_tax: bool) -> Money {
    if rate_pct <= Decimal::ZERO {
        return Money::ZERO.round();
    }
    let tax = if prices_include_tax {
        charged
            .amount()
            .checked_mul(rate_pct)
            .and_then(|scaled| scaled.checked_div(Decimal::ONE_HUNDRED + rate_pct))
            .map_or(Money::ZERO, Money::new)
    } else {
        charged.percent(rate_pct)
    };
    tax.round()
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn m(s: &str) -> Money {
        Money::new(Decimal::from_str(s).unwrap())
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn tax_added_to_the_price() {
        // 18.34 × 8.25% = 1.51305
        assert_eq!(line_tax(m("18.34"), d("8.25"), false).to_string(), "1.51");
        assert_eq!(line_tax(m("35.00"), d("13"), false).to_string(), "4.55");
    }

    #[test]
    fn tax_contained_in_the_price() {
        assert_eq!(line_tax(m("11.50"), d("15"), true).to_string(), "1.50");
        // 10.00 × 13 / 113 = 1.1504...
        assert_eq!(line_tax(m("10.00"), d("13"), true).to_string(), "1.15");
    }

    #[test]
    fn halves_round_away_from_zero() {
        // 0.10 × 5% = 0.005
        assert_eq!(line_tax(m("0.10"), d("5"), false).to_string(), "0.01");
        assert_eq!(line_tax(m("-0.10"), d("5"), false).to_string(), "-0.01");
        // 0.21 at 100% included: 0.21 × 100 / 200 = 0.105
        assert_eq!(line_tax(m("0.21"), d("100"), true).to_string(), "0.11");
        assert_eq!(line_tax(m("-0.21"), d("100"), true).to_string(), "-0.11");
        // 1.00 × 12.5% = 0.125
        assert_eq!(line_tax(m("1.00"), d("12.5"), false).to_string(), "0.13");
        assert_eq!(line_tax(m("0.125"), d("0"), false).to_string(), "0.00");
    }

    #[test]
    fn no_rate_no_tax() {
        assert_eq!(
            line_tax(m("10.00"), Decimal::ZERO, true).to_string(),
            "0.00"
        );
        assert_eq!(line_tax(m("10.00"), d("-5"), false).to_string(), "0.00");
    }

    #[test]
    fn other_minor_units() {
        Money::with_scale(0, || {
            assert_eq!(line_tax(m("1005"), d("10"), false).to_string(), "101");
        });
        Money::with_scale(3, || {
            assert_eq!(line_tax(m("1.000"), d("0.05"), false).to_string(), "0.001");
        });
    }
}
