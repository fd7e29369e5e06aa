//! Values as they cross between Rust and either backend: integers, reals and text, as
//! SQLite stores them; money is text holding an exact decimal in both backends.

use rust_decimal::Decimal;

use crate::domain::Money;

/// A value read from or bound to a query.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

/// Something that can be bound to a query parameter.
pub trait ToValue {
    fn to_value(&self) -> Value;

    /// The value itself when it already is one, bound without a copy (a generated
    /// catalog binds millions of texts).
    fn as_value(&self) -> Option<&Value> {
        None
    }
}

/// Something a column can be read as.
pub trait FromValue: Sized {
    fn from_value(value: Value) -> std::result::Result<Self, String>;
}

/// Parameters for [`Conn`]'s methods: `params![a, b]`, or `params![]` for none.
#[macro_export]
macro_rules! params {
    ($($x:expr),* $(,)?) => {
        &[$(&$x as &dyn $crate::store::db::ToValue),*] as &[&dyn $crate::store::db::ToValue]
    };
}
pub use params;

/// Parameters as a slice.
pub type Params<'a> = &'a [&'a dyn ToValue];

impl ToValue for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }

    fn as_value(&self) -> Option<&Value> {
        Some(self)
    }
}

impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }

    fn as_value(&self) -> Option<&Value> {
        (**self).as_value()
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }
}

macro_rules! int_to_value {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value {
                Value::Int(*self as i64)
            }
        }
    )*};
}
int_to_value!(i64, i32, u32, u16, u8, usize, u64);

impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::Int(i64::from(*self))
    }
}

impl ToValue for f64 {
    fn to_value(&self) -> Value {
        Value::Real(*self)
    }
}

impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_string())
    }
}

impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
}

impl ToValue for Decimal {
    fn to_value(&self) -> Value {
        Value::Text(self.to_string())
    }
}

impl ToValue for Money {
    fn to_value(&self) -> Value {
        Value::Text(self.amount().to_string())
    }
}

impl FromValue for Value {
    fn from_value(value: Value) -> std::result::Result<Self, String> {
        Ok(value)
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: Value) -> std::result::Result<Self, String> {
        match value {
            Value::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

macro_rules! int_from_value {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            fn from_value(value: Value) -> std::result::Result<Self, String> {
                match value {
                    Value::Int(i) => <$t>::try_from(i).map_err(|_| format!("{i} is out of range")),
                    v => Err(format!("{v:?} is not an integer")),
                }
            }
        }
    )*};
}
int_from_value!(i64, i32, u32, u16, u8, usize, u64);

impl FromValue for bool {
    fn from_value(value: Value) -> std::result::Result<Self, String> {
        i64::from_value(value).map(|i| i != 0)
    }
}

impl FromValue for f64 {
    fn from_value(value: Value) -> std::result::Result<Self, String> {
        match value {
            Value::Real(f) => Ok(f),
            Value::Int(i) => Ok(i as f64),
            v => Err(format!("{v:?} is not a number")),
        }
    }
}

impl FromValue for String {
    fn from_value(value: Value) -> std::result::Result<Self, String> {
        match value {
            Value::Text(s) => Ok(s),
            v => Err(format!("{v:?} is not text")),
        }
    }
}

impl FromValue for Decimal {
    fn from_value(value: Value) -> std::result::Result<Self, String> {
        match value {
            Value::Text(s) => s.parse().map_err(|_| format!("'{s}' is not a decimal")),
            Value::Int(i) => Ok(Decimal::from(i)),
            // Money is never stored as a real; refuse rather than round silently.
            v => Err(format!("{v:?} is not an exact decimal")),
        }
    }
}

impl FromValue for Money {
    fn from_value(value: Value) -> std::result::Result<Self, String> {
        Decimal::from_value(value).map(Money::new)
    }
}
