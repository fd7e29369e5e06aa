//! Rows written as a set: one statement for many rows, however many.

use super::{Conn, Dialect, ToValue, Value};
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

/// How a column of a [`json_table`] is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Int,
    Text,
}

/// Rows bound as one parameter, for [`json_table`]: a JSON array of arrays. Money goes as
/// text, so it stays exact.
pub fn json_rows(rows: &[Vec<Value>]) -> String {
    let rows: Vec<serde_json::Value> = rows
        .iter()
        .map(|row| row.iter().map(json_value).collect())
        .collect();
    serde_json::Value::Array(rows).to_string()
}

fn json_value(value: &Value) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Int(i) => (*i).into(),
        Value::Real(f) => (*f).into(),
        Value::Text(s) => s.as_str().into(),
    }
}

/// The rows of the parameter `?param` (made by [`json_rows`]) as a table to select from, named
/// `alias`: its `columns` in order, and `ord`, each row's place from 0 or 1. One statement
/// text for any number of rows, so PostgreSQL prepares it once, where a multi-row `VALUES`
/// would be a new text (and a new prepared statement) for each count of rows. PostgreSQL
/// reads it as `jsonb`, parsed once, not once a column as `json` would be.
pub fn json_table(
    dialect: Dialect,
    param: usize,
    alias: &str,
    columns: &[(&str, Column)],
) -> String {
    let picked: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, (name, column))| match column {
            Column::Text => format!("value ->> {i} AS {name}"),
            Column::Int => format!("CAST(value ->> {i} AS BIGINT) AS {name}"),
        })
        .collect();
    let picked = picked.join(", ");
    match dialect {
        Dialect::Sqlite => {
            format!("(SELECT {picked}, key AS ord FROM json_each(?{param})) AS {alias}")
        }
        Dialect::Postgres => format!(
            "(SELECT {picked}, ord FROM jsonb_array_elements(CAST(CAST(?{param} AS text) AS jsonb))
                  WITH ORDINALITY AS j(value, ord)) AS {alias}"
        ),
    }
}

/// The SQL of one column holding the rows `from` selects (`FROM … WHERE …`) as a JSON array
/// of arrays of `columns`, `[]` when there are none: a row's children in the same
/// statement as the row (read back with [`aggregated_rows`] and [`super::Row::json`]).
pub fn aggregated(dialect: Dialect, columns: &str, from: &str) -> String {
    match dialect {
        Dialect::Sqlite => format!("(SELECT json_group_array(json_array({columns})) {from})"),
        Dialect::Postgres => {
            format!("coalesce((SELECT json_agg(json_build_array({columns}))::text {from}), '[]')")
        }
    }
}

/// The rows of a column written by [`aggregated`].
pub fn aggregated_rows(text: &str) -> crate::store::Result<Vec<Vec<serde_json::Value>>> {
    serde_json::from_str(text).map_err(|e| crate::store::StoreError::Column {
        index: 0,
        reason: format!("rows aggregated as JSON: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::db::params;

    #[test]
    fn rows_bound_as_json_read_back_as_a_table() {
        let conn = Conn::sqlite(rusqlite::Connection::open_in_memory().unwrap());
        let rows = vec![
            vec![Value::Int(7), Value::Text("1.50".into())],
            vec![Value::Int(-2), Value::Null],
        ];
        let table = json_table(
            Dialect::Sqlite,
            1,
            "r",
            &[("n", Column::Int), ("price", Column::Text)],
        );
        let read = conn
            .query_map(
                &format!("SELECT n, price, typeof(price) FROM {table} ORDER BY ord"),
                params![json_rows(&rows)],
                |r| {
                    Ok((
                        r.get::<i64>(0)?,
                        r.get::<Option<String>>(1)?,
                        r.get::<String>(2)?,
                    ))
                },
            )
            .unwrap();
        assert_eq!(
            read,
            [
                (7, Some("1.50".to_string()), "text".to_string()),
                (-2, None, "null".to_string())
            ]
        );
    }
}
