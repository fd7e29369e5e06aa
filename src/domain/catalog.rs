//! What the store sells and to whom: products, customers, users.

use rust_decimal::Decimal;

use super::Money;
use super::pricing::{PriceBreak, PriceList};

/// A product row with its price breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub id: i64,
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
pub struct Customer {
    pub id: i64,
    pub account: String,
    pub name: String,
    pub phone: String,
    pub email: String,
    pub credit_limit: Money,
    /// Discount in percent off the unit price.
    pub price_level_pct: Decimal,
}

impl Product {
    /// The prices of this product for a customer (or a cash sale), ready to freeze on a line.
    pub fn price_list(&self, customer: Option<&Customer>, special: Option<Money>) -> PriceList {
        PriceList {
            regular: self.price,
            special,
            level_pct: customer.map_or(Decimal::ZERO, |c| c.price_level_pct),
            breaks: self.breaks.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Clerk,
    Manager,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Manager => "manager",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "clerk" => Some(Role::Clerk),
            "manager" => Some(Role::Manager),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
}

/// Stock of one product at one location.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StockLevel {
    pub on_hand: i64,
    pub committed: i64,
}

impl StockLevel {
    /// Units free to sell here: on hand less what is promised to orders, never below zero.
    pub fn available(self) -> i64 {
        (self.on_hand - self.committed).max(0)
    }
}

/// A location code: short, no spaces, safe to print in a column.
pub fn is_code(text: &str) -> bool {
    (1..=12).contains(&text.len())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}
