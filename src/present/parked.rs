//! The list of parked sales and quotes as `ringup parked` writes it: a table or CSV of one
//! row each (newest first), or JSON with every line.

use std::io::Write;

use serde::Serialize;

use super::reports::{Format, ReportError, table};
use crate::domain::calendar::minute_of;
use crate::store::parked::ParkedSale;
use jiff::tz::TimeZone;

/// The columns of the table and the CSV.
pub const COLUMNS: &[&str] = &[
    "kind",
    "number",
    "parked_at",
    "user",
    "customer",
    "name",
    "lines",
    "total",
];

#[derive(Serialize)]
struct Row<'a> {
    kind: &'a str,
    number: Option<i64>,
    parked_at: String,
    user: &'a str,
    customer: &'a str,
    name: &'a str,
    lines: usize,
    total: String,
}

fn row<'a>(sale: &'a ParkedSale, zone: &TimeZone) -> Row<'a> {
    Row {
        kind: sale.kind,
        number: sale.number,
        parked_at: minute_of(&sale.at, zone),
        user: &sale.user,
        customer: sale.account.as_deref().unwrap_or(""),
        name: sale.customer.as_deref().unwrap_or("cash sale"),
        lines: sale.lines.len(),
        total: sale.total.round().to_string(),
    }
}

pub fn print_parked(
    out: &mut impl Write,
    format: Format,
    sales: &[ParkedSale],
    zone: &TimeZone,
) -> Result<(), ReportError> {
    match format {
        Format::Json => writeln!(out, "{}", super::json(sales, zone)?)?,
        Format::Csv => {
            let mut w = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(Vec::new());
            w.write_record(COLUMNS)?;
            for sale in sales {
                w.serialize(row(sale, zone))?;
            }
            out.write_all(
                &w.into_inner()
                    .map_err(|e| ReportError::Io(e.into_error()))?,
            )?;
        }
        Format::Table => {
            let rows: Vec<Vec<String>> = sales
                .iter()
                .map(|s| {
                    let r = row(s, zone);
                    vec![
                        r.kind.to_string(),
                        r.number.map(|n| n.to_string()).unwrap_or_default(),
                        r.parked_at,
                        r.user.to_string(),
                        r.customer.to_string(),
                        r.name.to_string(),
                        r.lines.to_string(),
                        r.total,
                    ]
                })
                .collect();
            write!(out, "{}", table(COLUMNS, &rows, None))?;
        }
    }
    Ok(())
}
