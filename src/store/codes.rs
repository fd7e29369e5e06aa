//! The domain's enums as the database stores them: lower-case words, read back strictly (an
//! unknown word is an error, never a default).

use super::db::{FromValue, ToValue, Value};

use crate::domain::day::DayTender;
use crate::domain::order::{DepositKind, InvoiceKind, OrderStatus};
use crate::domain::payment::PaymentTender;
use crate::domain::sale::Payment;
use crate::domain::tender::TenderKind;

macro_rules! stored_as_word {
    ($($ty:ty => $parse:expr),* $(,)?) => {$(
        impl ToValue for $ty {
            fn to_value(&self) -> Value {
                Value::Text(self.as_str().to_string())
            }
        }

        impl FromValue for $ty {
            fn from_value(value: Value) -> Result<Self, String> {
                let text = String::from_value(value)?;
                let parse: fn(&str) -> Option<$ty> = $parse;
                parse(&text).ok_or_else(|| format!("'{text}' is not a known {}", stringify!($ty)))
            }
        }
    )*};
}

stored_as_word! {
    OrderStatus => OrderStatus::parse,
    DepositKind => DepositKind::parse,
    InvoiceKind => InvoiceKind::parse,
    Payment => Payment::parse,
    DayTender => DayTender::parse,
    PaymentTender => PaymentTender::parse,
    TenderKind => |text| match text {
        "cash" => Some(TenderKind::Cash),
        "card" => Some(TenderKind::Card),
        "account" => Some(TenderKind::Account),
        _ => None,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use crate::store::db::params;

    #[test]
    fn words_round_trip_and_unknown_words_are_errors() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        let back: OrderStatus = conn
            .query_row("SELECT ?1", params![OrderStatus::Void], |r| r.get(0))
            .unwrap();
        assert_eq!(back, OrderStatus::Void);
        let back: Payment = conn
            .query_row("SELECT ?1", params![Payment::WhenInvoiced], |r| r.get(0))
            .unwrap();
        assert_eq!(back, Payment::WhenInvoiced);
        let back: DepositKind = conn
            .query_row("SELECT ?1", params![DepositKind::Refunded], |r| r.get(0))
            .unwrap();
        assert_eq!(back, DepositKind::Refunded);
        let back: TenderKind = conn
            .query_row("SELECT ?1", params![TenderKind::Account], |r| r.get(0))
            .unwrap();
        assert_eq!(back, TenderKind::Account);
        let bad = conn.query_row("SELECT 'pending'", params![], |r| r.get::<OrderStatus>(0));
        assert!(bad.is_err());
    }
}
