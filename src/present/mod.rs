//! What the command line and the screen both show: report tables, CSV and JSON, receipts
//! and order slips, with the configured currency places. Reads documents from the store;
//! never writes anything but the receipt text it keeps for reprints.

pub(crate) mod cells;
pub mod day;
pub mod escpos;
pub mod parked;
pub mod purchasing;
pub mod receipt;
pub mod reports;
