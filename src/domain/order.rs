//! Customer orders: the pending remainder of an invoice, and the rules that fill, invoice
//! and cancel it.

use super::pricing::Basis;

/// The settings that price a fill: how partly delivered lines are charged, tax, currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderRules {
    pub basis: Basis,
    pub prices_include_tax: bool,
    pub minor_units: u32,
}
