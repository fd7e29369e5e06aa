//! What the sale screen shows, read from the counter's sale after every key: figures as
//! the screen prints them, so drawing never formats money.

use crate::domain::Money;

/// The sale in progress, as the screen shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaleView {
    /// `None` is a cash sale.
    pub customer: Option<String>,
    pub lines: Vec<SaleLineView>,
    pub totals: TotalsView,
    /// (invoice, change) of the sale just finished, until the next one starts.
    pub change_due: Option<(i64, String)>,
}

impl SaleView {
    /// The Bill To shown in the header.
    pub fn bill_to(&self) -> &str {
        self.customer.as_deref().unwrap_or("Cash sale")
    }

    /// A sale with lines must not be lost by a stray key.
    pub fn in_progress(&self) -> bool {
        !self.lines.is_empty()
    }
}

/// A named customer's account: what they owe, their credit limit, and what is left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountView {
    pub owed: Money,
    pub limit: Money,
    pub left: Money,
}

impl AccountView {
    pub fn new(owed: Money, limit: Money) -> AccountView {
        let left = if owed >= limit {
            Money::ZERO
        } else {
            limit - owed
        };
        AccountView {
            owed: owed.round(),
            limit: limit.round(),
            left: left.round(),
        }
    }

    /// "owes 20.00 · limit 50.00 · 30.00 left"
    pub fn describe(&self) -> String {
        format!(
            "owes {} · limit {} · {} left",
            self.owed, self.limit, self.left
        )
    }
}

/// One line of the sale.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaleLineView {
    pub sku: String,
    pub description: String,
    pub ordered: i64,
    pub delivered: i64,
    pub held_back: i64,
    pub backordered: i64,
    pub unit_price: String,
    pub extension: String,
    /// The special prices that apply at this quantity (`3 for 25.00`), if any.
    pub price_note: Option<String>,
    /// `=` beside a unit price set by hand, `%` beside one with a percent off; empty
    /// otherwise.
    pub price_mark: &'static str,
    /// Stock here and at other locations, shown for the line under the cursor.
    pub availability: Option<String>,
}

/// The totals box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotalsView {
    pub subtotal: String,
    pub tax: String,
    pub total: String,
    /// Prepaid now for undelivered units (pay when invoiced), tax included.
    pub deposit: Option<String>,
    /// Value of the held-back and backordered units, tax included.
    pub pending: Option<String>,
}

impl Default for TotalsView {
    fn default() -> Self {
        TotalsView {
            subtotal: "0.00".to_string(),
            tax: "0.00".to_string(),
            total: "0.00".to_string(),
            deposit: None,
            pending: None,
        }
    }
}
