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

use jiff::tz::TimeZone;
use serde_json::Value;

/// `value` as pretty JSON, every stored instant in it (`2026-12-08T01:30:00.000Z`) written in
/// the store's zone with its offset (`2026-12-07T17:30:00.000-08:00`): the same instant, as
/// the store's people read it.
pub fn json<T: serde::Serialize + ?Sized>(
    value: &T,
    zone: &TimeZone,
) -> serde_json::Result<String> {
    let mut value = serde_json::to_value(value)?;
    in_zone(&mut value, zone);
    serde_json::to_string_pretty(&value)
}

fn in_zone(value: &mut Value, zone: &TimeZone) {
    match value {
        Value::String(text) => {
            if let Some(local) = crate::domain::calendar::iso_in_zone(text, zone) {
                *text = local;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| in_zone(v, zone)),
        Value::Object(fields) => fields.values_mut().for_each(|v| in_zone(v, zone)),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// How to reach a customer: phone and e-mail as they are known, or "no phone or e-mail".
pub fn contact(phone: &str, email: &str) -> String {
    let known: Vec<&str> = [phone.trim(), email.trim()]
        .into_iter()
        .filter(|c| !c.is_empty())
        .collect();
    match known.is_empty() {
        true => "no phone or e-mail".into(),
        false => known.join(", "),
    }
}
