//! CSV import of products, customers, suppliers and special prices: idempotent upserts,
//! every bad row reported with its line number, nothing written when any row is bad (unless
//! told to skip).

mod batches;
mod parse;
mod products;
mod read;

use std::collections::HashSet;
use std::fmt;
use std::io::Read;

use super::catalog::save_customer;
use super::purchasing::upsert_supplier;
use super::{Result, Store};
use crate::store::db::{Conn, params};
pub use batches::IMPORT_HOLD;
use batches::one_by_one;
use parse::{SpecialRow, parse_customers, parse_products, parse_special_prices, parse_suppliers};
pub use read::MAX_FIELD_CHARS;

pub const PRODUCT_HEADER: &[&str] = &[
    "sku",
    "barcode",
    "description",
    "price",
    "breaks",
    "on_hand",
    "location",
    "min_stock",
    "reorder_qty",
    "supplier",
    "tax_class",
];
pub const CUSTOMER_HEADER: &[&str] = &[
    "account",
    "name",
    "phone",
    "email",
    "credit_limit",
    "price_level_pct",
];
pub const SPECIAL_PRICE_HEADER: &[&str] = &["account", "sku", "price"];
/// Columns a product file may add after [`PRODUCT_HEADER`]; files without them still import
/// and leave the products' figures for them as they were.
pub const PRODUCT_PURCHASING_COLUMNS: &[&str] = &["supplier_sku", "cost"];
pub const SUPPLIER_HEADER: &[&str] = &["code", "name", "phone", "email", "lead_time_days"];

/// One bad row: where, which field, what it held and why it is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub field: String,
    pub value: String,
    pub reason: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}: {} = '{}': {}",
            self.line, self.field, self.value, self.reason
        )
    }
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Rows written (inserted or updated).
    pub written: usize,
    /// Bad rows; when non-empty and not skipping, nothing was written.
    pub bad_rows: Vec<RowError>,
    /// True when the rows were committed.
    pub committed: bool,
    /// The longest any one batch held the write lock.
    pub longest_lock: std::time::Duration,
}

/// Import settings taken from the config.
#[derive(Debug, Clone)]
pub struct ImportRules {
    pub default_location: String,
    pub tax_classes: Vec<String>,
    pub skip_bad: bool,
    /// Who imports: a manager's work, refused to anyone else as the rows are written (a
    /// store without users, being set up, runs as a manager).
    pub user: String,
}

impl Store {
    /// Imports products: upsert by SKU, breaks replaced, on hand at the row's location set
    /// to the file's figure through a ledger movement (so re-importing changes nothing).
    /// Written a batch at a time, each step one statement for the whole batch.
    pub fn import_products<R: Read>(
        &mut self,
        input: R,
        rules: &ImportRules,
    ) -> Result<ImportReport> {
        let mut bad_rows = Vec::new();
        let rows = parse_products(input, rules, &mut bad_rows);
        // The locations already written by this import: one insert each, not one a row.
        let mut located: HashSet<String> = HashSet::new();
        self.write_rows(
            "products",
            rows,
            bad_rows,
            rules,
            products::barcodes_taken,
            |tx, batch| products::write_products(tx, batch, &mut located),
        )
    }

    /// Imports customers: upsert by account.
    pub fn import_customers<R: Read>(
        &mut self,
        input: R,
        rules: &ImportRules,
    ) -> Result<ImportReport> {
        let mut bad_rows = Vec::new();
        let rows = parse_customers(input, &mut bad_rows);
        let user = rules.user.clone();
        self.write_rows(
            "customers",
            rows,
            bad_rows,
            rules,
            |_, _| Ok(Vec::new()),
            one_by_one(|tx, (_, customer)| {
                save_customer(tx, customer, &user, None)?;
                Ok(Ok(()))
            }),
        )
    }

    /// Imports suppliers: upsert by code.
    pub fn import_suppliers<R: Read>(
        &mut self,
        input: R,
        rules: &ImportRules,
    ) -> Result<ImportReport> {
        let mut bad_rows = Vec::new();
        let rows = parse_suppliers(input, &mut bad_rows);
        self.write_rows(
            "suppliers",
            rows,
            bad_rows,
            rules,
            |_, _| Ok(Vec::new()),
            one_by_one(|tx, supplier| {
                upsert_supplier(tx, supplier)?;
                Ok(Ok(()))
            }),
        )
    }

    /// Imports customer special prices (`account,sku,price`): upsert by account and SKU.
    pub fn import_special_prices<R: Read>(
        &mut self,
        input: R,
        rules: &ImportRules,
    ) -> Result<ImportReport> {
        let mut bad_rows = Vec::new();
        let rows = parse_special_prices(input, &mut bad_rows);
        let ids = |conn: &Conn,
                   (line, account, sku, _): &SpecialRow|
         -> Result<std::result::Result<(i64, i64), RowError>> {
            let found: Option<(i64, Option<i64>)> = super::optional(conn.query_row(
                "SELECT c.id, (SELECT id FROM products WHERE sku = ?2) FROM customers c
                 WHERE c.account = ?1",
                params![account, sku],
                |r| Ok((r.get(0)?, r.get(1)?)),
            ))?;
            let (field, value, reason) = match found {
                Some((customer, Some(product))) => return Ok(Ok((customer, product))),
                Some((_, None)) => ("sku", sku, "no such product"),
                None => ("account", account, "no such customer"),
            };
            Ok(Err(RowError {
                line: *line,
                field: field.into(),
                value: value.clone(),
                reason: reason.into(),
            }))
        };
        let check =
            |conn: &Conn, row: &SpecialRow| -> Result<_> { Ok(ids(conn, row)?.map(|_| ())) };
        let write = |tx: &Conn, row: &SpecialRow| -> Result<_> {
            let (customer, product) = match ids(tx, row)? {
                Ok(found) => found,
                Err(e) => return Ok(Err(e)),
            };
            tx.execute(
                "INSERT INTO special_prices (customer_id, product_id, price) VALUES (?1, ?2, ?3)
                 ON CONFLICT(customer_id, product_id) DO UPDATE SET price = excluded.price",
                params![customer, product, row.3],
            )?;
            Ok(Ok(()))
        };
        self.write_rows(
            "special prices",
            rows,
            bad_rows,
            rules,
            one_by_one(check),
            one_by_one(write),
        )
    }
}
