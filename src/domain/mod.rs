#![deny(clippy::float_arithmetic)]
//! The pure heart of ringup: money, prices, stock and backorder rules.
//! Nothing here touches the database, the terminal, files or the clock.

pub mod money;
pub mod pricing;
pub mod purchasing;
pub mod tax;

pub use money::{Money, MoneyError};
pub mod aging;
pub mod calendar;
pub mod catalog;
pub mod day;
pub mod doc_code;

pub use catalog::{Customer, PinRules, Product, Role, StockLevel, User};
pub mod order;
pub mod parked;
pub mod payment;
pub mod policy;
pub mod replenish;
pub mod returns;
pub mod sale;
pub mod stock;
pub mod tender;
pub mod text;
