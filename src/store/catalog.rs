//! Products, price breaks, customers and special prices.

use crate::store::db::{Conn, Dialect, Params, Row, params};
use rust_decimal::Decimal;

use super::audit::{Audit, audit};
use super::policy::{Approval, authorize};
use super::{Result, Store, StoreError, check_text, optional};
use crate::domain::policy::Operation;
use crate::domain::pricing::{PriceBreak, format_breaks, parse_breaks};
use crate::domain::text::MAX_TEXT_CHARS;
use crate::domain::{Customer, Money, Product, StockLevel};

/// A product as written by an import (no id yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProduct {
    pub sku: String,
    pub barcode: Option<String>,
    pub description: String,
    pub price: Money,
    pub breaks: Vec<PriceBreak>,
    pub tax_class: String,
    pub min_stock: i64,
    pub reorder_qty: i64,
    pub supplier: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCustomer {
    pub account: String,
    pub name: String,
    pub phone: String,
    pub email: String,
    pub credit_limit: Money,
    pub price_level_pct: Decimal,
}

/// One hit of item search, with stock here and elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemHit {
    pub product: Product,
    pub here: StockLevel,
    /// Available units at other locations, by code.
    pub elsewhere: Vec<(String, i64)>,
}

const PRODUCT_COLUMNS: &str =
    "id, sku, barcode, description, price, tax_class, min_stock, reorder_qty, supplier";
/// How many columns [`PRODUCT_COLUMNS`] names.
const PRODUCT_FIELDS: usize = 9;

fn product_from_row(row: &Row<'_>) -> Result<Product> {
    Ok(Product {
        id: row.get(0)?,
        sku: row.get(1)?,
        barcode: row.get(2)?,
        description: row.get(3)?,
        price: row.get(4)?,
        tax_class: row.get(5)?,
        min_stock: row.get(6)?,
        reorder_qty: row.get(7)?,
        supplier: row.get(8)?,
        breaks: Vec::new(),
    })
}

/// A price break as `price_breaks` holds it: a set (`qty` for `price`) or a tier (`price` a
/// unit from `qty`).
fn price_break(kind: &str, qty: u32, price: Money) -> PriceBreak {
    if kind == "set" {
        PriceBreak::Set { qty, price }
    } else {
        PriceBreak::Tier {
            min_qty: qty,
            unit: price,
        }
    }
}

pub(crate) fn load_breaks(conn: &Conn, product_id: i64) -> Result<Vec<PriceBreak>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, qty, price FROM price_breaks WHERE product_id = ?1 ORDER BY kind, qty",
    )?;
    let rows = stmt.query_map(params![product_id], |r| {
        Ok(price_break(&r.get::<String>(0)?, r.get(1)?, r.get(2)?))
    })?;
    rows.collect::<Result<_>>()
}

pub(crate) fn upsert_customer(conn: &Conn, c: &NewCustomer) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO customers (account, name, phone, email, credit_limit, price_level_pct)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(account) DO UPDATE SET
                name = excluded.name, phone = excluded.phone, email = excluded.email,
                credit_limit = excluded.credit_limit, price_level_pct = excluded.price_level_pct
             RETURNING id",
    )?
    .query_row(
        params![
            c.account,
            c.name,
            c.phone,
            c.email,
            c.credit_limit,
            c.price_level_pct.to_string()
        ],
        |r| r.get(0),
    )
}

/// The customer's free text, by the rule of all free text: an account of at most 32
/// characters, the rest of at most [`MAX_TEXT_CHARS`], none with a control or an invisible
/// character.
fn check_customer_text(c: &NewCustomer) -> Result<()> {
    check_text("account", &c.account, 32)?;
    check_text("name", &c.name, MAX_TEXT_CHARS)?;
    check_text("phone", &c.phone, MAX_TEXT_CHARS)?;
    check_text("email", &c.email, MAX_TEXT_CHARS)
}

/// Writes a customer (new, or changed by an import) by `user`, audited with what changed:
/// the figures of a new one, the old and new values of an edited one; a row that changes
/// nothing is neither written nor audited.
pub(crate) fn save_customer(
    conn: &Conn,
    c: &NewCustomer,
    user: &str,
    approved_by: Option<&str>,
) -> Result<i64> {
    check_customer_text(c)?;
    let old = optional(conn.query_row(
        &format!("SELECT {CUSTOMER_COLUMNS} FROM customers WHERE account = ?1"),
        params![c.account],
        customer_from_row,
    ))?;
    let (action, detail) = match &old {
        None => (
            "customer_created",
            format!(
                "customer {} {} created: credit limit {}, phone '{}', email '{}'",
                c.account,
                c.name,
                c.credit_limit.round(),
                c.phone,
                c.email
            ),
        ),
        Some(old) => {
            let changes = customer_changes(old, c);
            if changes.is_empty() {
                return Ok(old.id);
            }
            (
                "customer_edited",
                format!("customer {} edited: {}", c.account, changes.join("; ")),
            )
        }
    };
    let id = upsert_customer(conn, c)?;
    audit(
        conn,
        &Audit {
            user,
            action,
            reference: &c.account,
            detail,
            approved_by,
            ..Audit::default()
        },
    )?;
    Ok(id)
}

/// What an edit changes, each as `field 'old' -> 'new'`.
fn customer_changes(old: &Customer, new: &NewCustomer) -> Vec<String> {
    let pairs = [
        ("name", old.name.clone(), new.name.clone()),
        ("phone", old.phone.clone(), new.phone.clone()),
        ("email", old.email.clone(), new.email.clone()),
        (
            "credit limit",
            old.credit_limit.round().to_string(),
            new.credit_limit.round().to_string(),
        ),
        (
            "price level %",
            old.price_level_pct.normalize().to_string(),
            new.price_level_pct.normalize().to_string(),
        ),
    ];
    pairs
        .into_iter()
        .filter(|(_, was, now)| was != now)
        .map(|(field, was, now)| format!("{field} '{was}' -> '{now}'"))
        .collect()
}

fn customer_from_row(row: &Row<'_>) -> Result<Customer> {
    let pct: String = row.get(6)?;
    Ok(Customer {
        id: row.get(0)?,
        account: row.get(1)?,
        name: row.get(2)?,
        phone: row.get(3)?,
        email: row.get(4)?,
        credit_limit: row.get(5)?,
        price_level_pct: pct.parse().unwrap_or_default(),
    })
}

/// A customer with what they owe on account, as the customer search shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerAccount {
    pub customer: Customer,
    pub owed: Money,
}

const CUSTOMER_COLUMNS: &str = "id, account, name, phone, email, credit_limit, price_level_pct";

impl Store {
    /// How many products and invoices the store holds (is it in use?).
    pub fn size(&self) -> Result<(i64, i64)> {
        self.conn.query_row(
            "SELECT (SELECT count(*) FROM products), (SELECT count(*) FROM invoices)",
            params![],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    /// Finds a product by exact SKU or barcode (what a scanner or the clerk typed).
    /// The product with this SKU or barcode (a SKU typed in lower case too), with its
    /// price breaks, in one round trip.
    pub fn product_by_code(&self, code: &str) -> Result<Option<Product>> {
        self.product_where(
            &format!(
                "SELECT {PRODUCT_COLUMNS} FROM products WHERE sku = ?1 OR barcode = ?1
                 UNION ALL
                 SELECT {PRODUCT_COLUMNS} FROM products WHERE sku = upper(?1)
                 LIMIT 1"
            ),
            params![code.trim()],
        )
    }

    pub fn product_by_id(&self, id: i64) -> Result<Option<Product>> {
        self.product_where(
            &format!("SELECT {PRODUCT_COLUMNS} FROM products WHERE id = ?1"),
            params![id],
        )
    }

    /// The one product `found` selects, joined with its price breaks: a row per break (or
    /// one row with none).
    fn product_where(&self, found: &str, params: Params<'_>) -> Result<Option<Product>> {
        let mut product: Option<Product> = None;
        self.conn.for_each(
            &format!(
                "WITH p AS ({found})
                 SELECT p.*, b.kind, b.qty, b.price FROM p
                 LEFT JOIN price_breaks b ON b.product_id = p.id
                 ORDER BY b.kind, b.qty"
            ),
            params,
            |row| {
                let p = match &mut product {
                    Some(p) => p,
                    None => product.insert(product_from_row(row)?),
                };
                let kind: Option<String> = row.get(PRODUCT_FIELDS)?;
                if let Some(kind) = kind {
                    p.breaks.push(price_break(
                        &kind,
                        row.get(PRODUCT_FIELDS + 1)?,
                        row.get(PRODUCT_FIELDS + 2)?,
                    ));
                }
                Ok(())
            },
        )?;
        Ok(product)
    }

    /// Like [`Store::product_by_code`], but an unknown code is an error naming it.
    pub fn require_product(&self, code: &str) -> Result<Product> {
        self.product_by_code(code)?
            .ok_or_else(|| StoreError::UnknownSku(code.trim().to_string()))
    }

    /// Item search by words of the description (or SKU), each word a prefix; at most `limit`
    /// hits in catalog order (PostgreSQL: table order). Fast at a million products through the full-text index of
    /// each backend: FTS5 in SQLite, a `tsvector` with a GIN index in PostgreSQL.
    pub fn search_products(&self, words: &str, limit: usize) -> Result<Vec<Product>> {
        let columns = PRODUCT_COLUMNS
            .split(", ")
            .map(|c| format!("p.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let (sql, query) = match self.conn.dialect() {
            Dialect::Sqlite => (
                format!(
                    "SELECT {columns} FROM products_fts f JOIN products p ON p.id = f.rowid
                     WHERE products_fts MATCH ?1 LIMIT ?2"
                ),
                fts_query(words),
            ),
            Dialect::Postgres => (
                format!(
                    // No ORDER BY: sorting every match costs five times the search at
                    // a million products; the bitmap scan returns them in table order.
                    "SELECT {columns} FROM products p
                     WHERE p.search @@ to_tsquery('simple', ?1) LIMIT ?2"
                ),
                tsquery(words),
            ),
        };
        let Some(query) = query else {
            return Ok(Vec::new());
        };
        let mut products =
            self.conn
                .query_map(&sql, params![query, limit as i64], product_from_row)?;
        for p in &mut products {
            p.breaks = load_breaks(&self.conn, p.id)?;
        }
        Ok(products)
    }

    /// Item search with stock at `location` and availability elsewhere.
    pub fn search_items(&self, words: &str, location: &str, limit: usize) -> Result<Vec<ItemHit>> {
        self.search_products(words, limit)?
            .into_iter()
            .map(|product| {
                let here = self.stock_level(product.id, location)?;
                let elsewhere = self.available_elsewhere(product.id, location)?;
                Ok(ItemHit {
                    product,
                    here,
                    elsewhere,
                })
            })
            .collect()
    }

    pub fn product_count(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT count(*) FROM products", params![], |r| r.get(0))
    }

    pub fn customer_by_account(&self, account: &str) -> Result<Option<Customer>> {
        optional(self.conn.query_row(
            &format!("SELECT {CUSTOMER_COLUMNS} FROM customers WHERE account = ?1"),
            params![account.trim()],
            customer_from_row,
        ))
    }

    pub fn customer_by_id(&self, id: i64) -> Result<Option<Customer>> {
        optional(self.conn.query_row(
            &format!("SELECT {CUSTOMER_COLUMNS} FROM customers WHERE id = ?1"),
            params![id],
            customer_from_row,
        ))
    }

    pub fn require_customer(&self, account: &str) -> Result<Customer> {
        self.customer_by_account(account)?
            .ok_or_else(|| StoreError::UnknownCustomer(account.trim().to_string()))
    }

    /// Incremental customer search by account, name or phone (prefix of any word of the
    /// name, or anywhere in the phone). Typed digits also match inside the phone and the
    /// account ignoring punctuation and prefixes: `5550163` finds 555-0163, `1009` finds
    /// C1009.
    pub fn search_customers(&self, text: &str, limit: usize) -> Result<Vec<Customer>> {
        let text = text.trim();
        let digits = search_digits(text);
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CUSTOMER_COLUMNS} FROM customers
             WHERE ?1 = '' OR account LIKE ?2 ESCAPE '\\' OR name LIKE ?2 ESCAPE '\\'
                OR name LIKE ?3 ESCAPE '\\' OR phone LIKE ?3 ESCAPE '\\'
                OR (?5 <> '' AND (account LIKE '%' || ?5 || '%'
                    OR replace(replace(replace(replace(replace(replace(replace(
                        phone, '-', ''), ' ', ''), '(', ''), ')', ''), '.', ''), '+', ''), '/', '')
                       LIKE '%' || ?5 || '%'))
             ORDER BY lower(name), name LIMIT ?4"
        ))?;
        let escaped = text
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let rows = stmt.query_map(
            params![
                text,
                format!("{escaped}%"),
                format!("%{escaped}%"),
                limit as i64,
                digits
            ],
            customer_from_row,
        )?;
        rows.collect::<Result<_>>()
    }

    /// The customers [`Store::search_customers`] finds, each with what they owe on
    /// account: two statements, however many are found, so the search shows the account
    /// and the tender needs no read of its own.
    pub fn search_customer_accounts(
        &self,
        text: &str,
        limit: usize,
    ) -> Result<Vec<CustomerAccount>> {
        let found = self.search_customers(text, limit)?;
        if found.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = found.iter().map(|c| c.id).collect();
        // Every charge on account and every payment against it, for these customers only.
        let mut stmt = self.conn.prepare_cached(
            "SELECT i.customer_id, t.amount, 1 FROM tenders t
               JOIN invoices i ON i.number = t.invoice_number
              WHERE t.kind = 'account'
                AND i.customer_id IN (SELECT value FROM json_each(?1))
             UNION ALL
             SELECT customer_id, amount, 0 FROM account_payments
              WHERE customer_id IN (SELECT value FROM json_each(?1))",
        )?;
        let moves = stmt.query_map(params![super::docs::numbers_json(&ids)], |r| {
            Ok((r.get::<i64>(0)?, r.get::<Money>(1)?, r.get::<i64>(2)? == 1))
        })?;
        let moves: Vec<(i64, Money, bool)> = moves.collect::<Result<_>>()?;
        Ok(found
            .into_iter()
            .map(|customer| {
                let of_this = moves.iter().filter(|(id, _, _)| *id == customer.id);
                let charged = of_this.clone().filter(|m| m.2).map(|m| m.1);
                let paid = of_this.filter(|m| !m.2).map(|m| m.1);
                let owed = crate::domain::payment::balance(charged, paid);
                CustomerAccount { customer, owed }
            })
            .collect())
    }

    /// The account number a new customer gets unless the clerk types another: one more
    /// than the highest number among the accounts, with its prefix and width (`C1009` →
    /// `C1010`); `1` in a store with none.
    pub fn next_account_number(&self) -> Result<String> {
        let mut stmt = self.conn.prepare_cached("SELECT account FROM customers")?;
        let accounts = stmt
            .query_map(params![], |r| r.get::<String>(0))?
            .collect::<Result<Vec<_>>>()?;
        Ok(next_account(accounts.iter().map(String::as_str)))
    }

    /// Creates a customer at the counter (account must be new), by `user`: a credit limit
    /// above 0 is the policy's to allow (a manager's, or approved by one); audited with its
    /// figures.
    pub fn create_customer(
        &mut self,
        c: &NewCustomer,
        user: &str,
        approvals: &[Approval],
    ) -> Result<Customer> {
        if self.customer_by_account(&c.account)?.is_some() {
            return Err(StoreError::bad_input(
                "account",
                &c.account,
                "an account with this number exists already",
            ));
        }
        let limits = self.limits;
        let tx = self.write()?;
        let op = Operation::CreditLimit {
            old: Money::ZERO,
            new: c.credit_limit,
        };
        let approved_by = authorize(&tx, &limits, user, &op, approvals)?;
        let id = save_customer(&tx, c, user, approved_by.as_deref())?;
        tx.commit()?;
        self.customer_by_id(id)?
            .ok_or_else(|| StoreError::UnknownCustomer(c.account.clone()))
    }

    pub fn special_price(&self, customer_id: i64, product_id: i64) -> Result<Option<Money>> {
        optional(self.conn.query_row(
            "SELECT price FROM special_prices WHERE customer_id = ?1 AND product_id = ?2",
            params![customer_id, product_id],
            |r| r.get(0),
        ))
    }

    /// The canonical text of a product's breaks, as a CSV would hold it.
    pub fn breaks_text(&self, product: &Product) -> String {
        format_breaks(&product.breaks)
    }
}

/// Builds an FTS5 query: every word a quoted prefix, all words required.
pub(crate) fn fts_query(words: &str) -> Option<String> {
    let terms: Vec<String> = words
        .split_whitespace()
        .map(|w| w.replace('"', ""))
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// The words as a PostgreSQL text-search query: every word a prefix, all of them needed.
pub(crate) fn tsquery(words: &str) -> Option<String> {
    let terms: Vec<String> = words
        .split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| !"&|!():*'\\<>".contains(*c))
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .map(|w| format!("'{w}':*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" & "))
}

/// Parses breaks text for import; kept here so import and tests share one path.
pub fn parse_breaks_field(text: &str) -> std::result::Result<Vec<PriceBreak>, String> {
    parse_breaks(text).map_err(|e| e.to_string())
}

/// The digits of a search typed as a number (a phone or an account, with any punctuation),
/// or nothing when it holds letters (a name).
fn search_digits(text: &str) -> String {
    if text.chars().any(char::is_alphabetic) {
        return String::new();
    }
    text.chars().filter(char::is_ascii_digit).collect()
}

/// One more than the highest account number, keeping its prefix and width.
fn next_account<'a>(accounts: impl Iterator<Item = &'a str>) -> String {
    let mut best: Option<(u64, &str, usize)> = None;
    for account in accounts {
        let prefix_len = account.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let (prefix, number) = account.split_at(prefix_len);
        let Ok(n) = number.parse::<u64>() else {
            continue;
        };
        if best.is_none_or(|(b, _, _)| n > b) {
            best = Some((n, prefix, number.len()));
        }
    }
    match best {
        Some((n, prefix, width)) => format!("{prefix}{:0width$}", n + 1),
        None => "1".to_string(),
    }
}

#[cfg(test)]
mod counter_tests {
    use super::*;

    #[test]
    fn the_next_account_keeps_prefix_and_width() {
        assert_eq!(next_account(["C1001", "C1009", "X7"].into_iter()), "C1010");
        assert_eq!(next_account(["A0099"].into_iter()), "A0100");
        assert_eq!(next_account(["WALKIN"].into_iter()), "1");
        assert_eq!(next_account(std::iter::empty()), "1");
    }

    #[test]
    fn search_digits_ignore_punctuation_but_not_names() {
        assert_eq!(search_digits("555-0163"), "5550163");
        assert_eq!(search_digits("(555) 0163"), "5550163");
        assert_eq!(search_digits("C1009"), "");
        assert_eq!(search_digits("1009"), "1009");
    }
}
