//! Money as an exact decimal. Rounding to the currency's minor unit happens in one place:
//! [`Money::round`], half away from zero.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};
use std::str::FromStr;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

/// An amount of money in the store currency. Never a float.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(Decimal);

/// Why a text is not an amount of money.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("'{0}' is not an amount of money")]
    NotANumber(String),
    #[error("'{value}' has more than {minor_units} decimal places")]
    TooPrecise { value: String, minor_units: u32 },
    #[error("'{0}' is negative")]
    Negative(String),
}

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    pub const fn new(amount: Decimal) -> Self {
        Money(amount)
    }

    /// `units` of the smallest coin: `from_minor(1834, 2)` is 18.34.
    pub fn from_minor(units: i64, minor_units: u32) -> Self {
        Money(Decimal::new(units, minor_units))
    }

    /// The amount in the smallest coin; the amount must already be rounded.
    pub fn to_minor(self, minor_units: u32) -> i64 {
        let scaled = self.round(minor_units).0 * Decimal::from(10i64.pow(minor_units));
        scaled.to_i64().unwrap_or(i64::MAX)
    }

    pub fn amount(self) -> Decimal {
        self.0
    }

    /// Rounded half away from zero to `minor_units` places, with exactly that many places.
    pub fn round(self, minor_units: u32) -> Self {
        let mut d = self
            .0
            .round_dp_with_strategy(minor_units, RoundingStrategy::MidpointAwayFromZero);
        d.rescale(minor_units);
        Money(d)
    }

    /// The smallest coin: 0.01 for two minor units.
    pub fn minor_unit(minor_units: u32) -> Self {
        Money(Decimal::new(1, minor_units))
    }

    /// Parses a non-negative amount with at most `minor_units` places (user and CSV input).
    pub fn parse(text: &str, minor_units: u32) -> Result<Self, MoneyError> {
        let trimmed = text.trim();
        let d = Decimal::from_str(trimmed).map_err(|_| MoneyError::NotANumber(text.to_string()))?;
        if d.is_sign_negative() && !d.is_zero() {
            return Err(MoneyError::Negative(text.to_string()));
        }
        if d.normalize().scale() > minor_units {
            return Err(MoneyError::TooPrecise {
                value: text.to_string(),
                minor_units,
            });
        }
        Ok(Money(d).round(minor_units))
    }

    pub fn times(self, qty: i64) -> Self {
        Money(self.0 * Decimal::from(qty))
    }

    /// Percent of this amount, not rounded.
    pub fn percent(self, pct: Decimal) -> Self {
        Money(self.0 * pct / Decimal::ONE_HUNDRED)
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// Above zero.
    pub fn is_positive(self) -> bool {
        self.0.is_sign_positive() && !self.0.is_zero()
    }

    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    pub fn max(self, other: Self) -> Self {
        if self >= other { self } else { other }
    }

    pub fn min(self, other: Self) -> Self {
        if self <= other { self } else { other }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// JSON carries money as a decimal string with the currency's places, e.g. `"18.34"`.
impl serde::Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 += rhs.0;
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl SubAssign for Money {
    fn sub_assign(&mut self, rhs: Money) {
        self.0 -= rhs.0;
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.copied().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        Money(Decimal::from_str(s).unwrap())
    }

    #[test]
    fn rounds_half_away_from_zero_with_fixed_places() {
        assert_eq!(m("9.4905").round(2).to_string(), "9.49");
        assert_eq!(m("0.125").round(2).to_string(), "0.13");
        assert_eq!(m("-0.125").round(2).to_string(), "-0.13");
        assert_eq!(m("18.3").round(2).to_string(), "18.30");
        assert_eq!(m("7").round(0).to_string(), "7");
    }

    #[test]
    fn parses_user_amounts() {
        assert_eq!(Money::parse(" 25.00", 2).unwrap(), m("25"));
        assert!(matches!(
            Money::parse("abc", 2),
            Err(MoneyError::NotANumber(_))
        ));
        assert!(matches!(
            Money::parse("1.005", 2),
            Err(MoneyError::TooPrecise { .. })
        ));
        assert!(matches!(
            Money::parse("-1", 2),
            Err(MoneyError::Negative(_))
        ));
        assert_eq!(Money::parse("1.50", 2).unwrap().to_string(), "1.50");
    }

    #[test]
    fn minor_units_round_trip() {
        assert_eq!(Money::from_minor(1834, 2).to_string(), "18.34");
        assert_eq!(m("18.34").to_minor(2), 1834);
        assert_eq!(m("-0.05").to_minor(2), -5);
    }
}
