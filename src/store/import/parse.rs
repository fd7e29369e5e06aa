//! What each kind of import file's row must hold, turned into the rows to write: every bad
//! field reported with its line, a row with any bad field left out.

use std::collections::{HashMap, HashSet};
use std::io::Read;

use rust_decimal::Decimal;

use super::read::{MOST_MONEY_TOLD, each_row, is_sku, most_money, whole_number};
use super::{
    CUSTOMER_HEADER, ImportRules, PRODUCT_HEADER, PRODUCT_PURCHASING_COLUMNS, RowError,
    SPECIAL_PRICE_HEADER, SUPPLIER_HEADER,
};
use crate::domain::Money;
use crate::domain::catalog::is_code;
use crate::domain::money::plain_decimal;
use crate::domain::pricing::parse_breaks;
use crate::domain::purchasing::MAX_LEAD_TIME_DAYS;
use crate::store::catalog::{NewCustomer, NewProduct};
use crate::store::purchasing::Supplier;

pub(super) struct ProductRow {
    pub(super) line: u64,
    pub(super) product: NewProduct,
    pub(super) on_hand: i64,
    pub(super) location: String,
    /// The supplier's part number and the cost, when the file has those columns.
    pub(super) purchasing: Option<(String, Option<Money>)>,
}

/// A special price row: line, account, SKU, price.
pub(super) type SpecialRow = (u64, String, String, Money);

pub(super) fn parse_products<R: Read>(
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
            if breaks.iter().any(|b| b.price() > most_money()) {
                row.fail("breaks", &breaks_text, format!("a price {MOST_MONEY_TOLD}"));
            }
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
            if supplier.chars().count() > 64 {
                row.fail(
                    "supplier",
                    &supplier,
                    "a supplier's code: at most 64 characters",
                );
            }
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

pub(super) fn parse_customers<R: Read>(
    input: R,
    errors: &mut Vec<RowError>,
) -> Vec<(u64, NewCustomer)> {
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
            match plain_decimal(&pct_text) {
                Some(p) if p < Decimal::ONE_HUNDRED => p,
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

pub(super) fn parse_suppliers<R: Read>(input: R, errors: &mut Vec<RowError>) -> Vec<Supplier> {
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
        let lead_time_days = match whole_number(&lead_text) {
            _ if lead_text.is_empty() => 0,
            Some(n) if n <= MAX_LEAD_TIME_DAYS => n,
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

pub(super) fn parse_special_prices<R: Read>(
    input: R,
    errors: &mut Vec<RowError>,
) -> Vec<SpecialRow> {
    let mut rows = Vec::new();
    each_row(input, SPECIAL_PRICE_HEADER, &[], errors, |row| {
        let before = row.errors.len();
        let account = row.required(0, "account");
        let sku = row.required(1, "sku");
        let price = row.money(2, "price");
        if row.errors.len() == before {
            rows.push((row.line, account, sku, price));
        }
    });
    rows
}
