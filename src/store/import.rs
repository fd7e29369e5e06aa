//! CSV import of products, customers and special prices: idempotent upserts, every bad row
//! reported with its line number, nothing written when any row is bad (unless told to skip).

use crate::store::db::{Conn, params};
use crate::store::policy::managers_only;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::Read;

use rust_decimal::Decimal;

use super::catalog::{NewCustomer, NewProduct, save_customer, upsert_product};
use super::purchasing::{Supplier, upsert_supplier};
use super::stock::{MovementKind, record_movement, stock_level};
use super::{Result, Store};
use crate::domain::Money;
use crate::domain::catalog::is_code;
use crate::domain::pricing::parse_breaks;
use crate::domain::purchasing::MAX_LEAD_TIME_DAYS;

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

struct ProductRow {
    line: u64,
    product: NewProduct,
    on_hand: i64,
    location: String,
    /// The supplier's part number and the cost, when the file has those columns.
    purchasing: Option<(String, Option<Money>)>,
}

struct Row<'a> {
    line: u64,
    record: &'a csv::StringRecord,
    /// How many columns the file has (the required ones, perhaps optional ones after them).
    columns: usize,
    errors: &'a mut Vec<RowError>,
}

impl Row<'_> {
    fn text(&self, i: usize) -> &str {
        self.record.get(i).map(str::trim).unwrap_or("")
    }

    fn fail(&mut self, field: &str, value: &str, reason: impl ToString) {
        self.errors.push(RowError {
            line: self.line,
            field: field.to_string(),
            value: value.to_string(),
            reason: reason.to_string(),
        });
    }

    fn required(&mut self, i: usize, field: &str) -> String {
        let v = self.text(i).to_string();
        if v.is_empty() {
            self.fail(field, "", "is required");
        }
        v
    }

    fn money(&mut self, i: usize, field: &str) -> Money {
        let v = self.text(i).to_string();
        match Money::parse(&v) {
            Ok(m) => m,
            Err(e) => {
                self.fail(field, &v, e);
                Money::ZERO
            }
        }
    }

    fn count(&mut self, i: usize, field: &str) -> i64 {
        let v = self.text(i).to_string();
        if v.is_empty() {
            return 0;
        }
        match v.parse::<i64>() {
            Ok(n) if (0..=1_000_000_000).contains(&n) => n,
            _ => {
                self.fail(field, &v, "must be a whole number from 0 to 1,000,000,000");
                0
            }
        }
    }
}

/// The most characters a field of an import may hold: a description, a name, an address
/// fits; a file that puts megabytes in a field (copied into every invoice line) does not.
pub const MAX_FIELD_CHARS: usize = 200;

/// Why a field's text is refused, if it is: longer than [`MAX_FIELD_CHARS`], or holding a
/// control character (NUL, a line break, a tab...) or an invisible one that reorders or
/// hides text on a screen or a receipt (bidirectional overrides, zero-width characters).
fn hostile_text(value: &str) -> Option<String> {
    let chars = value.chars().count();
    if chars > MAX_FIELD_CHARS {
        return Some(format!(
            "is {chars} characters long; at most {MAX_FIELD_CHARS}"
        ));
    }
    value
        .chars()
        .find(|c| c.is_control() || invisible(*c))
        .map(|c| {
            format!(
                "holds the character U+{:04X}, which is not shown as text",
                u32::from(c)
            )
        })
}

/// Characters that change how the text around them is shown without being seen.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// A refused value as an error shows it: its first 40 characters, the controls escaped.
fn shown(value: &str) -> String {
    let head: String = value
        .chars()
        .take(40)
        .flat_map(char::escape_debug)
        .collect();
    if value.chars().count() > 40 {
        format!("{head}…")
    } else {
        head
    }
}

/// Opens the CSV and checks its header: exactly `header`, or `header` followed by the
/// `optional` columns. Returns the reader and how many columns the file has.
fn reader<R: Read>(
    input: R,
    header: &[&str],
    optional: &[&str],
) -> std::result::Result<(csv::Reader<R>, usize), RowError> {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let found: Vec<String> = rdr
        .headers()
        .map_err(|e| header_error(&e.to_string()))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let full: Vec<&str> = header.iter().chain(optional).copied().collect();
    if found != header && (optional.is_empty() || found != full) {
        let expected = match optional.is_empty() {
            true => format!("'{}'", header.join(",")),
            false => format!(
                "'{}' (optionally followed by '{}')",
                header.join(","),
                optional.join(",")
            ),
        };
        return Err(header_error(&format!(
            "expected columns {expected}, found '{}'",
            found.join(",")
        )));
    }
    let columns = found.len();
    Ok((rdr, columns))
}

fn header_error(reason: &str) -> RowError {
    RowError {
        line: 1,
        field: "header".into(),
        value: String::new(),
        reason: reason.into(),
    }
}

/// Reads every record, giving each to `parse` with its line number; CSV errors become
/// row errors too.
fn each_row<R: Read>(
    input: R,
    header: &[&str],
    optional: &[&str],
    errors: &mut Vec<RowError>,
    mut parse: impl FnMut(&mut Row<'_>),
) {
    let (mut rdr, columns) = match reader(input, header, optional) {
        Ok(r) => r,
        Err(e) => {
            errors.push(e);
            return;
        }
    };
    let mut record = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line());
                if record.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                if record.len() != columns {
                    errors.push(RowError {
                        line,
                        field: "row".into(),
                        value: record.iter().collect::<Vec<_>>().join(","),
                        reason: format!("has {} fields, expected {columns}", record.len()),
                    });
                    continue;
                }
                let names = header.iter().chain(optional);
                let hostile: Vec<RowError> = record
                    .iter()
                    .zip(names)
                    .filter_map(|(value, name)| {
                        hostile_text(value).map(|reason| RowError {
                            line,
                            field: (*name).to_string(),
                            value: shown(value),
                            reason,
                        })
                    })
                    .collect();
                if !hostile.is_empty() {
                    errors.extend(hostile);
                    continue;
                }
                parse(&mut Row {
                    line,
                    record: &record,
                    columns,
                    errors,
                });
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(RowError {
                    line,
                    field: "row".into(),
                    value: String::new(),
                    reason: e.to_string(),
                });
                if !matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                    break;
                }
            }
        }
    }
}

fn is_sku(text: &str) -> bool {
    (1..=32).contains(&text.len())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
}

fn parse_products<R: Read>(
    input: R,
    rules: &ImportRules,
    errors: &mut Vec<RowError>,
) -> Vec<ProductRow> {
    let mut rows = Vec::new();
    let mut seen_sku: HashMap<String, u64> = HashMap::new();
    let mut seen_barcode: HashMap<String, u64> = HashMap::new();
    each_row(
        input,
        PRODUCT_HEADER,
        PRODUCT_PURCHASING_COLUMNS,
        errors,
        |row| {
            let before = row.errors.len();
            let sku = row.required(0, "sku");
            if !sku.is_empty() && !is_sku(&sku) {
                row.fail(
                    "sku",
                    &sku,
                    "use 1 to 32 letters, digits, '-', '_', '.' or '/'",
                );
            } else if let Some(first) = seen_sku.insert(sku.clone(), row.line) {
                row.fail(
                    "sku",
                    &sku,
                    format!("appears again (first on line {first})"),
                );
            }
            let barcode = row.text(1).to_string();
            if !barcode.is_empty() {
                if barcode.len() > 32 || !barcode.chars().all(|c| c.is_ascii_alphanumeric()) {
                    row.fail(
                        "barcode",
                        &barcode,
                        "use digits or letters only, at most 32",
                    );
                } else if let Some(first) = seen_barcode.insert(barcode.clone(), row.line) {
                    row.fail(
                        "barcode",
                        &barcode,
                        format!("appears again (first on line {first})"),
                    );
                }
            }
            let description = row.required(2, "description");
            let price = row.money(3, "price");
            let breaks_text = row.text(4).to_string();
            let breaks = parse_breaks(&breaks_text).unwrap_or_else(|e| {
                row.fail("breaks", &breaks_text, e);
                Vec::new()
            });
            let on_hand = row.count(5, "on_hand");
            let mut location = row.text(6).to_string();
            if location.is_empty() {
                location.clone_from(&rules.default_location);
            } else if !is_code(&location) {
                row.fail(
                    "location",
                    &location,
                    "use 1 to 12 letters, digits, '-' or '_'",
                );
            }
            let min_stock = row.count(7, "min_stock");
            let reorder_qty = row.count(8, "reorder_qty");
            let supplier = row.text(9).to_string();
            let mut tax_class = row.text(10).to_string();
            if tax_class.is_empty() {
                tax_class = "standard".into();
            }
            if !rules.tax_classes.contains(&tax_class) {
                row.fail(
                    "tax_class",
                    &tax_class,
                    format!(
                        "not a configured tax class ({})",
                        rules.tax_classes.join(", ")
                    ),
                );
            }
            let purchasing = (row.columns > PRODUCT_HEADER.len()).then(|| {
                let supplier_sku = row.text(11).to_string();
                if supplier_sku.chars().count() > 64 {
                    row.fail("supplier_sku", &supplier_sku, "at most 64 characters");
                }
                let cost = (!row.text(12).is_empty()).then(|| row.money(12, "cost"));
                (supplier_sku, cost)
            });
            if row.errors.len() == before {
                rows.push(ProductRow {
                    line: row.line,
                    product: NewProduct {
                        sku,
                        barcode: (!barcode.is_empty()).then_some(barcode),
                        description,
                        price,
                        breaks,
                        tax_class,
                        min_stock,
                        reorder_qty,
                        supplier,
                    },
                    on_hand,
                    location,
                    purchasing,
                });
            }
        },
    );
    rows
}

fn parse_customers<R: Read>(input: R, errors: &mut Vec<RowError>) -> Vec<(u64, NewCustomer)> {
    let mut rows = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    each_row(input, CUSTOMER_HEADER, &[], errors, |row| {
        let before = row.errors.len();
        let account = row.required(0, "account");
        if !account.is_empty() && !is_sku(&account) {
            row.fail(
                "account",
                &account,
                "use 1 to 32 letters, digits, '-', '_', '.' or '/'",
            );
        } else if !seen.insert(account.clone()) {
            row.fail("account", &account, "appears twice in the file");
        }
        let name = row.required(1, "name");
        let phone = row.text(2).to_string();
        let email = row.text(3).to_string();
        if !email.is_empty() && !email.contains('@') {
            row.fail("email", &email, "is not an email address");
        }
        let credit_limit = if row.text(4).is_empty() {
            Money::ZERO
        } else {
            row.money(4, "credit_limit")
        };
        let pct_text = row.text(5).to_string();
        let price_level_pct = if pct_text.is_empty() {
            Decimal::ZERO
        } else {
            match pct_text.parse::<Decimal>() {
                Ok(p) if p >= Decimal::ZERO && p < Decimal::ONE_HUNDRED => p,
                _ => {
                    row.fail(
                        "price_level_pct",
                        &pct_text,
                        "must be a percent from 0 to below 100",
                    );
                    Decimal::ZERO
                }
            }
        };
        if row.errors.len() == before {
            rows.push((
                row.line,
                NewCustomer {
                    account,
                    name,
                    phone,
                    email,
                    credit_limit,
                    price_level_pct,
                },
            ));
        }
    });
    rows
}

fn parse_suppliers<R: Read>(input: R, errors: &mut Vec<RowError>) -> Vec<Supplier> {
    let mut rows = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    each_row(input, SUPPLIER_HEADER, &[], errors, |row| {
        let before = row.errors.len();
        // The code is what products' free-text supplier column says, so it may be a name.
        let code = row.required(0, "code");
        if code.chars().count() > 64 || code.chars().any(char::is_control) {
            row.fail(
                "code",
                &code,
                "use at most 64 characters, no control characters",
            );
        } else if !code.is_empty() && !seen.insert(code.clone()) {
            row.fail("code", &code, "appears twice in the file");
        }
        let name = row.required(1, "name");
        let phone = row.text(2).to_string();
        let email = row.text(3).to_string();
        if !email.is_empty() && !email.contains('@') {
            row.fail("email", &email, "is not an email address");
        }
        let lead_text = row.text(4).to_string();
        let lead_time_days = match lead_text.parse::<i64>() {
            _ if lead_text.is_empty() => 0,
            Ok(n) if (0..=MAX_LEAD_TIME_DAYS).contains(&n) => n,
            _ => {
                row.fail(
                    "lead_time_days",
                    &lead_text,
                    format!("must be a whole number of days from 0 to {MAX_LEAD_TIME_DAYS}"),
                );
                0
            }
        };
        if row.errors.len() == before {
            rows.push(Supplier {
                code,
                name,
                phone,
                email,
                lead_time_days,
            });
        }
    });
    rows
}

/// How long one batch of an import may hold the write lock: a counter that wants to write
/// meanwhile waits about this long at most.
pub const IMPORT_HOLD: std::time::Duration = std::time::Duration::from_millis(40);

/// The pause between two batches, in which a waiting counter takes the write lock (a
/// waiting writer looks again every 2 ms).
const IMPORT_PAUSE: std::time::Duration = std::time::Duration::from_millis(3);

/// A special price row: line, account, SKU, price.
type SpecialRow = (u64, String, String, Money);

impl Store {
    /// Imports products: upsert by SKU, breaks replaced, on hand at the row's location set
    /// to the file's figure through a ledger movement (so re-importing changes nothing).
    pub fn import_products<R: Read>(
        &mut self,
        input: R,
        rules: &ImportRules,
    ) -> Result<ImportReport> {
        let mut bad_rows = Vec::new();
        let rows = parse_products(input, rules, &mut bad_rows);
        let barcode_taken =
            |conn: &Conn, row: &ProductRow| -> Result<std::result::Result<(), RowError>> {
                let Some(barcode) = &row.product.barcode else {
                    return Ok(Ok(()));
                };
                let other: Option<String> = super::optional(conn.query_row(
                    "SELECT sku FROM products WHERE barcode = ?1 AND sku <> ?2",
                    params![barcode, &row.product.sku],
                    |r| r.get(0),
                ))?;
                Ok(match other {
                    Some(other) => Err(RowError {
                        line: row.line,
                        field: "barcode".into(),
                        value: barcode.clone(),
                        reason: format!("already belongs to product {other}"),
                    }),
                    None => Ok(()),
                })
            };
        // The locations already written by this import: one insert each, not one a row.
        let mut located: std::collections::HashSet<String> = std::collections::HashSet::new();
        self.write_rows(
            "products",
            rows,
            bad_rows,
            rules,
            barcode_taken,
            |tx, row| {
                // Checked again inside the batch: another terminal may have taken it since.
                // Before anything of the row is written: a refused row writes nothing.
                if let Err(e) = barcode_taken(tx, row)? {
                    return Ok(Err(e));
                }
                if !located.contains(&row.location) {
                    tx.execute(
                        "INSERT INTO locations(code, name) VALUES (?1, ?1) ON CONFLICT DO NOTHING",
                        params![&row.location],
                    )?;
                    located.insert(row.location.clone());
                }
                let id = upsert_product(tx, &row.product)?;
                if let Some((supplier_sku, cost)) = &row.purchasing {
                    tx.prepare_cached(
                        "UPDATE products SET supplier_sku = ?2, cost = ?3 WHERE id = ?1",
                    )?
                    .execute(params![id, supplier_sku, cost])?;
                }
                let current = stock_level(tx, id, &row.location)?.on_hand;
                if current != row.on_hand {
                    let kind = if current == 0 {
                        MovementKind::Opening
                    } else {
                        MovementKind::Count
                    };
                    record_movement(
                        tx,
                        id,
                        &row.location,
                        row.on_hand - current,
                        kind,
                        "import",
                        "import",
                    )?;
                }
                Ok(Ok(()))
            },
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
            |_, _| Ok(Ok(())),
            |tx, (_, customer)| {
                save_customer(tx, customer, &user, None)?;
                Ok(Ok(()))
            },
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
            |_, _| Ok(Ok(())),
            |tx, supplier| {
                upsert_supplier(tx, supplier)?;
                Ok(Ok(()))
            },
        )
    }

    /// Imports customer special prices (`account,sku,price`): upsert by account and SKU.
    pub fn import_special_prices<R: Read>(
        &mut self,
        input: R,
        rules: &ImportRules,
    ) -> Result<ImportReport> {
        let mut bad_rows = Vec::new();
        let mut rows = Vec::new();
        each_row(input, SPECIAL_PRICE_HEADER, &[], &mut bad_rows, |row| {
            let before = row.errors.len();
            let account = row.required(0, "account");
            let sku = row.required(1, "sku");
            let price = row.money(2, "price");
            if row.errors.len() == before {
                rows.push((row.line, account, sku, price));
            }
        });
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
        self.write_rows("special prices", rows, bad_rows, rules, check, |tx, row| {
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
        })
    }

    /// Writes parsed rows. Every row is first checked against the database without holding
    /// the write lock; a file with a bad row writes nothing unless `skip_bad`. Then the rows
    /// are written in batches that hold the lock for [`IMPORT_HOLD`] at most, so a counter
    /// never waits long behind an import. `write` looks at a row again before writing any of
    /// it, so a row refused at that moment is reported and nothing of it is written (without
    /// a savepoint a row, which cost as much as the row's own writes); an error of the
    /// database rolls the whole batch back. Imports are idempotent: an interrupted one is
    /// completed by running it again.
    fn write_rows<T>(
        &mut self,
        what: &str,
        rows: Vec<T>,
        mut bad_rows: Vec<RowError>,
        rules: &ImportRules,
        mut check: impl FnMut(&Conn, &T) -> Result<std::result::Result<(), RowError>>,
        write: impl FnMut(&Conn, &T) -> Result<std::result::Result<(), RowError>>,
    ) -> Result<ImportReport> {
        managers_only(&self.conn, &rules.user, "import")?;
        let mut good = Vec::with_capacity(rows.len());
        for row in rows {
            match check(&self.conn, &row)? {
                Ok(()) => good.push(row),
                Err(e) => bad_rows.push(e),
            }
        }
        bad_rows.sort_by_key(|e| e.line);
        if !bad_rows.is_empty() && !rules.skip_bad {
            return Ok(ImportReport {
                written: 0,
                bad_rows,
                committed: false,
                longest_lock: std::time::Duration::ZERO,
            });
        }
        let mut written = 0;
        let longest_lock = self.tracked(what, good.len() as u64, |store| {
            store.write_batches(&good, &mut bad_rows, &mut written, write)
        })?;
        bad_rows.sort_by_key(|e| e.line);
        Ok(ImportReport {
            written,
            bad_rows,
            committed: true,
            longest_lock,
        })
    }

    /// Writes the checked rows in short transactions, a pause between them so counters
    /// get the lock. Returns the longest time a batch held the lock.
    fn write_batches<T>(
        &mut self,
        good: &[T],
        bad_rows: &mut Vec<RowError>,
        written: &mut usize,
        mut write: impl FnMut(&Conn, &T) -> Result<std::result::Result<(), RowError>>,
    ) -> Result<std::time::Duration> {
        let mut longest = std::time::Duration::ZERO;
        let mut rest = good;
        while !rest.is_empty() {
            if rest.len() < good.len() {
                std::thread::sleep(IMPORT_PAUSE);
            }
            let tx = self.write()?;
            let started = std::time::Instant::now();
            let mut taken = 0;
            for row in rest {
                taken += 1;
                match write(&tx, row)? {
                    Ok(()) => *written += 1,
                    Err(e) => bad_rows.push(e),
                }
                if started.elapsed() >= IMPORT_HOLD {
                    break;
                }
            }
            tx.commit()?;
            let held = started.elapsed();
            longest = longest.max(held);
            tracing::debug!(
                rows = taken,
                held_ms = held.as_millis() as u64,
                "import batch written"
            );
            self.progress.advance(taken as u64);
            rest = &rest[taken..];
        }
        Ok(longest)
    }
}
