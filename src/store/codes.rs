//! The domain's enums as the database stores them: lower-case words, read back strictly (an
//! unknown word is an error, never a default).

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::domain::order::{DepositKind, InvoiceKind, OrderStatus};
use crate::domain::sale::Payment;
use crate::domain::tender::TenderKind;

macro_rules! stored_as_word {
    ($($ty:ty => $parse:expr),* $(,)?) => {$(
        impl ToSql for $ty {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }

        impl FromSql for $ty {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let text = value.as_str()?;
                let parse: fn(&str) -> Option<$ty> = $parse;
                parse(text).ok_or_else(|| {
                    FromSqlError::Other(format!("'{text}' is not a known {}", stringify!($ty)).into())
                })
            }
        }
    )*};
}

stored_as_word! {
    OrderStatus => OrderStatus::parse,
    DepositKind => DepositKind::parse,
    InvoiceKind => InvoiceKind::parse,
    Payment => Payment::parse,
    TenderKind => |text| match text {
        "cash" => Some(TenderKind::Cash),
        "card" => Some(TenderKind::Card),
        "account" => Some(TenderKind::Account),
        _ => None,
    },
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::*;

    #[test]
    fn words_round_trip_and_unknown_words_are_errors() {
        let conn = Connection::open_in_memory().unwrap();
        let back: OrderStatus = conn
            .query_row("SELECT ?1", [OrderStatus::Void], |r| r.get(0))
            .unwrap();
        assert_eq!(back, OrderStatus::Void);
        let back: Payment = conn
            .query_row("SELECT ?1", [Payment::WhenInvoiced], |r| r.get(0))
            .unwrap();
        assert_eq!(back, Payment::WhenInvoiced);
        let back: DepositKind = conn
            .query_row("SELECT ?1", [DepositKind::Refunded], |r| r.get(0))
            .unwrap();
        assert_eq!(back, DepositKind::Refunded);
        let back: TenderKind = conn
            .query_row("SELECT ?1", [TenderKind::Account], |r| r.get(0))
            .unwrap();
        assert_eq!(back, TenderKind::Account);
        let bad = conn.query_row("SELECT 'pending'", [], |r| r.get::<_, OrderStatus>(0));
        assert!(bad.is_err());
    }
}
