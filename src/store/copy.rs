//! Moving a store from one database to another (a SQLite file into PostgreSQL, with
//! `ringup migrate-store`), and the figures that show the copy is the same store.

use std::collections::BTreeMap;

use super::db::{Dialect, ToValue, Value, params};
use super::{Result, Store, StoreError};
use crate::domain::Money;

/// Every table of the store, in an order that fills what a row refers to before the row.
const TABLES: &[&str] = &[
    "locations",
    "products",
    "price_breaks",
    "stock",
    "stock_movements",
    "customers",
    "special_prices",
    "users",
    "invoices",
    "invoice_lines",
    "tenders",
    "orders",
    "order_lines",
    "deposits",
    "audit_log",
    "receipts",
    "suppliers",
    "purchase_orders",
    "po_lines",
    "po_covers",
    "order_notices",
    "no_sales",
    "days",
    "account_payments",
    "parked_sales",
    "parked_lines",
    "return_lines",
    "shortfalls",
];

/// Tables kept by triggers from the others: the copy of their rows finds them already
/// written by the rows copied before.
const KEPT: &[&str] = &["shortfalls"];

/// What an insert into `table` does when the row is there: kept tables have it already.
fn on_conflict(table: &str) -> &'static str {
    match KEPT.contains(&table) {
        true => " ON CONFLICT DO NOTHING",
        false => "",
    }
}

/// Tables whose `id` the database assigns (an identity column in PostgreSQL).
const NUMBERED: &[&str] = &[
    "products",
    "stock_movements",
    "customers",
    "users",
    "tenders",
    "deposits",
    "audit_log",
    "suppliers",
    "order_notices",
    "no_sales",
    "parked_sales",
];

/// Money columns summed by [`Store::figures`]: table, column.
const MONEY: &[(&str, &str)] = &[
    ("invoices", "goods"),
    ("invoices", "tax"),
    ("invoices", "deposit"),
    ("invoices", "deposit_applied"),
    ("invoices", "total"),
    ("invoices", "change_given"),
    ("tenders", "amount"),
    ("deposits", "amount"),
    ("order_lines", "charged"),
    ("order_lines", "prepaid"),
    ("order_lines", "prepaid_applied"),
    ("order_lines", "prepaid_refunded"),
    ("days", "counted_cash"),
    ("days", "over_short"),
    ("account_payments", "amount"),
];

/// Quantities summed by [`Store::figures`]: table, column.
const UNITS: &[(&str, &str)] = &[
    ("stock", "on_hand"),
    ("stock", "committed"),
    ("stock_movements", "qty"),
    ("order_lines", "ordered"),
    ("order_lines", "delivered"),
    ("order_lines", "committed"),
    ("order_lines", "backordered"),
    ("order_lines", "cancelled"),
    ("invoice_lines", "qty"),
    ("return_lines", "qty"),
    ("stock", "damaged"),
    ("po_lines", "qty"),
    ("po_lines", "received"),
];

impl Store {
    /// The figures two copies of a store must share: the rows of every table, the units in
    /// stock, the ledger and the orders, and the money of invoices, tenders and deposits.
    /// Money is summed exactly here, not by the database.
    pub fn figures(&self) -> Result<BTreeMap<String, String>> {
        let mut out = BTreeMap::new();
        for table in TABLES {
            let rows: i64 =
                self.conn
                    .query_row(&format!("SELECT count(*) FROM {table}"), params![], |r| {
                        r.get(0)
                    })?;
            out.insert(format!("{table}.rows"), rows.to_string());
        }
        for (table, column) in UNITS {
            let sum: i64 = self.conn.query_row(
                &format!("SELECT coalesce(sum({column}), 0) FROM {table}"),
                params![],
                |r| r.get(0),
            )?;
            out.insert(format!("{table}.{column}"), sum.to_string());
        }
        for (table, column) in MONEY {
            let mut sum = Money::ZERO;
            self.conn
                .for_each(&format!("SELECT {column} FROM {table}"), params![], |r| {
                    sum += r.get::<Money>(0)?;
                    Ok(())
                })?;
            out.insert(format!("{table}.{column}"), sum.to_string());
        }
        Ok(out)
    }

    /// Copies every row of `from` into this store, which must be empty, in one
    /// transaction: all of it or nothing. Returns the rows copied.
    /// `named` names this store in a refusal. The progress watcher sees the rows go in.
    pub fn copy_from(&mut self, from: &Store, named: &str) -> Result<u64> {
        self.refuse_unless_empty(named)?;
        let mut total = 0u64;
        for table in TABLES {
            let rows: i64 =
                from.conn
                    .query_row(&format!("SELECT count(*) FROM {table}"), params![], |r| {
                        r.get(0)
                    })?;
            total += rows.max(0) as u64;
        }
        let copied = self.tracked("rows", total, |store| store.copy_rows(from))?;
        self.settle()?;
        Ok(copied)
    }

    fn copy_rows(&mut self, from: &Store) -> Result<u64> {
        let dialect = self.conn.dialect();
        let progress = &mut self.progress;
        let tx = self.conn.begin(true)?;
        // The default location a new store has comes with the copy.
        tx.execute("DELETE FROM locations", params![])?;
        let mut copied = 0u64;
        for table in TABLES {
            let columns = from.columns(table)?;
            let list = columns.join(", ");
            let slots: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
            let mut insert = tx.prepare_cached(&format!(
                "INSERT INTO {table} ({list}) VALUES ({}){}",
                slots.join(", "),
                on_conflict(table)
            ))?;
            from.conn
                .for_each(&format!("SELECT {list} FROM {table}"), params![], |row| {
                    let values = (0..columns.len())
                        .map(|i| row.get::<Value>(i))
                        .collect::<Result<Vec<_>>>()?;
                    let refs: Vec<&dyn ToValue> =
                        values.iter().map(|v| v as &dyn ToValue).collect();
                    insert.execute(&refs)?;
                    copied += 1;
                    if copied.is_multiple_of(1_000) {
                        progress.advance(1_000);
                    }
                    Ok(())
                })?;
        }
        progress.advance(copied % 1_000);
        if dialect == Dialect::Postgres {
            sync_identities(&tx)?;
        }
        tx.commit()?;
        Ok(copied)
    }

    /// PostgreSQL: copies every row of the store in schema `schema` of the same database
    /// (the bench's copy of a live store) with one `INSERT … SELECT` per table, in one
    /// transaction. Returns the rows copied.
    pub fn copy_from_schema(&mut self, schema: &str) -> Result<u64> {
        self.refuse_unless_empty(schema)?;
        let tx = self.conn.begin(true)?;
        tx.execute("DELETE FROM locations", params![])?;
        let mut copied = 0;
        for table in TABLES {
            let list = columns_of(&tx, table)?.join(", ");
            copied += tx.execute(
                &format!(
                    "INSERT INTO {table} ({list}) SELECT {list} FROM \"{schema}\".{table} WHERE true{}",
                    on_conflict(table)
                ),
                params![],
            )? as u64;
        }
        sync_identities(&tx)?;
        tx.commit()?;
        self.settle()?;
        Ok(copied)
    }

    /// PostgreSQL, after a copy: the planner's statistics of every table, and the item
    /// search index's pending entries merged, so the first queries are planned and served
    /// as on a store that grew day by day.
    fn settle(&self) -> Result<()> {
        if self.conn.dialect() == Dialect::Postgres {
            for table in TABLES {
                self.conn.execute_batch(&format!("ANALYZE {table}"))?;
            }
            self.conn.query_row(
                "SELECT gin_clean_pending_list('products_search'::regclass)",
                params![],
                |_| Ok(()),
            )?;
        }
        Ok(())
    }

    /// After rows were written with their ids given (a copy, generated data), PostgreSQL's
    /// identity columns go on from the highest id; SQLite needs nothing.
    pub(crate) fn sync_ids(&self) -> Result<()> {
        if self.conn.dialect() == Dialect::Postgres {
            sync_identities(&self.conn)?;
        }
        Ok(())
    }

    /// The columns of `table` as stored (never generated ones), in table order.
    fn columns(&self, table: &str) -> Result<Vec<String>> {
        columns_of(&self.conn, table)
    }

    /// A copy goes only into a store with no rows: a new database, or one whose only
    /// row is the default location every new store has.
    fn refuse_unless_empty(&self, named: &str) -> Result<()> {
        for table in TABLES {
            let sql = match *table {
                "locations" => "SELECT count(*) FROM locations WHERE code <> 'MAIN'".to_string(),
                _ => format!("SELECT count(*) FROM {table}"),
            };
            let rows: i64 = self.conn.query_row(&sql, params![], |r| r.get(0))?;
            if rows > 0 {
                return Err(StoreError::bad_input(
                    "--to",
                    named,
                    format!(
                        "is not empty (its table {table} has {rows} rows); a store is moved only into an empty database"
                    ),
                ));
            }
        }
        Ok(())
    }
}

fn columns_of(conn: &super::Conn, table: &str) -> Result<Vec<String>> {
    let sql = match conn.dialect() {
        Dialect::Sqlite => "SELECT name FROM pragma_table_info(?1) ORDER BY cid",
        Dialect::Postgres => {
            "SELECT column_name FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = ?1
               AND is_generated = 'NEVER'
             ORDER BY ordinal_position"
        }
    };
    let columns: Vec<String> = conn.query_map(sql, params![table], |r| r.get(0))?;
    if columns.is_empty() {
        return Err(StoreError::Corrupt {
            column: "table",
            value: table.to_string(),
        });
    }
    Ok(columns)
}

fn sync_identities(conn: &super::Conn) -> Result<()> {
    for table in NUMBERED {
        conn.query_row(
            &format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'),
                               coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
            ),
            params![],
            |_| Ok(()),
        )?;
    }
    Ok(())
}
