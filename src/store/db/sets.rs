//! Rows written as a set: one statement for many rows, however many.

use super::{Conn, ToValue, Value};
use crate::store::Result;

/// A row of values for [`insert_rows`]: `values![a, b, c]`.
#[macro_export]
macro_rules! values {
    ($($x:expr),* $(,)?) => {
        vec![$($crate::store::db::ToValue::to_value(&$x)),*]
    };
}
pub use values;

/// Inserts `rows` in one statement: `into` names the table and its columns, e.g.
/// `tenders (invoice_number, kind, amount)`. No rows, no statement.
pub fn insert_rows(conn: &Conn, into: &str, rows: &[Vec<Value>]) -> Result<()> {
    insert_rows_then(conn, into, rows, "")
}

/// As [`insert_rows`], with `then` after the rows (an `ON CONFLICT` clause).
pub fn insert_rows_then(conn: &Conn, into: &str, rows: &[Vec<Value>], then: &str) -> Result<()> {
    let Some(width) = rows.first().map(Vec::len) else {
        return Ok(());
    };
    let tuples: Vec<String> = (0..rows.len())
        .map(|r| {
            let marks: Vec<String> = (1..=width).map(|c| format!("?{}", r * width + c)).collect();
            format!("({})", marks.join(", "))
        })
        .collect();
    let values: Vec<&dyn ToValue> = rows.iter().flatten().map(|v| v as &dyn ToValue).collect();
    conn.execute(
        &format!("INSERT INTO {into} VALUES {} {then}", tuples.join(", ")),
        &values,
    )?;
    Ok(())
}
