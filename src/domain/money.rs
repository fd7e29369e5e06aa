//! Money as an exact decimal. Rounding to the currency's minor unit happens in one place:
//! [`Money::round`], half away from zero.

use std::cell::Cell;
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

thread_local! {
    /// The store currency's minor units (2 for cents): set once when ringup starts, on the
    /// thread that does the money work (ringup does all of it on one thread).
    static SCALE: Cell<u32> = const { Cell::new(2) };
}

/// The most minor units a currency may have here.
pub const MAX_SCALE: u32 = 4;

/// Digits with at most one decimal point, and at least one digit: `25`, `25.50`, `.5`.
fn is_plain_decimal(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit())
        && text.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && text.bytes().filter(|&b| b == b'.').count() <= 1
}

/// A non-negative decimal as people write one in a file or a setting (a percent, an
/// amount): digits with at most one decimal point, surrounding blanks ignored. A sign, an
/// exponent (`1e9`) or digit separators (`1_000`), which the decimal parser would take,
/// are refused.
pub fn plain_decimal(text: &str) -> Option<Decimal> {
    let text = text.trim();
    is_plain_decimal(text)
        .then(|| Decimal::from_str(text).ok())
        .flatten()
}

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// Sets the currency's minor units for the whole process, once, from the config, before
    /// any amount is rounded or parsed (2 until then).
    pub fn set_scale(minor_units: u32) {
        SCALE.with(|s| s.set(minor_units.min(MAX_SCALE)));
    }

    /// The currency's minor units: 2 for cents.
    pub fn scale() -> u32 {
        SCALE.with(Cell::get)
    }

    /// Runs `f` with another currency scale, then puts the scale back (tests of currencies
    /// without cents or with three places).
    pub fn with_scale<T>(minor_units: u32, f: impl FnOnce() -> T) -> T {
        let before = Money::scale();
        Money::set_scale(minor_units);
        let out = f();
        Money::set_scale(before);
        out
    }

    pub const fn new(amount: Decimal) -> Self {
        Money(amount)
    }

    /// `units` of the smallest coin: `from_minor(1834)` is 18.34 in cents.
    pub fn from_minor(units: i64) -> Self {
        Money(Decimal::new(units, Money::scale()))
    }

    /// The amount in the smallest coin, rounded first.
    pub fn to_minor(self) -> i64 {
        let scale = Money::scale();
        let scaled = self.round().0 * Decimal::from(10i64.pow(scale));
        scaled.to_i64().unwrap_or(i64::MAX)
    }

    pub fn amount(self) -> Decimal {
        self.0
    }

    /// Rounded half away from zero to the currency's minor unit, with exactly its places:
    /// the one place money is rounded.
    pub fn round(self) -> Self {
        let places = Money::scale();
        let mut d = self
            .0
            .round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
        d.rescale(places);
        Money(d)
    }

    /// The smallest coin: 0.01 for two minor units.
    pub fn minor_unit() -> Self {
        Money(Decimal::new(1, Money::scale()))
    }

    /// Parses a non-negative amount with at most the currency's places (user and CSV input):
    /// a plain decimal, digits with at most one decimal point. A sign, an exponent (`1e9`)
    /// or digit separators (`1_000`), which the decimal parser would take, are refused.
    pub fn parse(text: &str) -> Result<Self, MoneyError> {
        let minor_units = Money::scale();
        let trimmed = text.trim();
        if trimmed.strip_prefix('-').is_some_and(is_plain_decimal) {
            return Err(MoneyError::Negative(text.to_string()));
        }
        if !is_plain_decimal(trimmed) {
            return Err(MoneyError::NotANumber(text.to_string()));
        }
        let d = Decimal::from_str(trimmed).map_err(|_| MoneyError::NotANumber(text.to_string()))?;
        if d.normalize().scale() > minor_units {
            return Err(MoneyError::TooPrecise {
                value: text.to_string(),
                minor_units,
            });
        }
        Ok(Money(d).round())
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
        assert_eq!(m("9.4905").round().to_string(), "9.49");
        assert_eq!(m("0.125").round().to_string(), "0.13");
        assert_eq!(m("-0.125").round().to_string(), "-0.13");
        assert_eq!(m("18.3").round().to_string(), "18.30");
    }

    #[test]
    fn an_amount_is_a_plain_decimal() {
        for text in [
            "1e9", "1E2", "1_000", "+60", "0x10", "1,000", "1.2.3", ".", "", " ", "--5",
        ] {
            assert_eq!(
                Money::parse(text),
                Err(MoneyError::NotANumber(text.to_string())),
                "{text:?}"
            );
        }
        assert_eq!(
            Money::parse("-0"),
            Err(MoneyError::Negative("-0".to_string()))
        );
        for (text, amount) in [
            ("60", "60"),
            ("60.5", "60.5"),
            (" 60.50 ", "60.5"),
            (".5", "0.5"),
        ] {
            assert_eq!(Money::parse(text).unwrap(), m(amount), "{text:?}");
        }
    }

    #[test]
    fn parses_user_amounts() {
        assert_eq!(Money::parse(" 25.00").unwrap(), m("25"));
        assert!(matches!(
            Money::parse("abc"),
            Err(MoneyError::NotANumber(_))
        ));
        assert!(matches!(
            Money::parse("1.005"),
            Err(MoneyError::TooPrecise { .. })
        ));
        assert!(matches!(Money::parse("-1"), Err(MoneyError::Negative(_))));
        assert_eq!(Money::parse("1.50").unwrap().to_string(), "1.50");
    }

    #[test]
    fn other_scales_round_and_parse_to_their_places() {
        Money::with_scale(0, || {
            assert_eq!(m("7.5").round().to_string(), "8");
            assert!(matches!(
                Money::parse("7.5"),
                Err(MoneyError::TooPrecise { .. })
            ));
            assert_eq!(Money::from_minor(18).to_string(), "18");
        });
        Money::with_scale(3, || {
            assert_eq!(m("1.0005").round().to_string(), "1.001");
            assert_eq!(Money::minor_unit().to_string(), "0.001");
        });
        assert_eq!(Money::scale(), 2, "the scale is put back");
    }

    #[test]
    fn minor_units_round_trip() {
        assert_eq!(Money::from_minor(1834).to_string(), "18.34");
        assert_eq!(m("18.34").to_minor(), 1834);
        assert_eq!(m("-0.05").to_minor(), -5);
    }
}
