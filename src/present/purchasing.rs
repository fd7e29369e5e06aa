//! Purchase orders and suggestions as the command line (and a screen) show them: a table,
//! CSV with a header row, or JSON.

use std::io::Write;

use serde::Serialize;

use super::reports::{Format, ReportError, cells, print_rows, table, write_csv};
use crate::domain::Money;
use crate::domain::calendar::day_of;
use crate::domain::order::OrderStatus;
use crate::store::purchasing::{PoSummary, PurchaseOrder, Suggestion};
use crate::store::reports::ReportRow;
use jiff::tz::TimeZone;

/// Purchase suggestions, by supplier then SKU.
pub fn print_suggestions(
    out: &mut impl Write,
    format: Format,
    rows: &[Suggestion],
) -> Result<(), ReportError> {
    print_rows(out, format, rows, None)
}

/// The list of purchase orders, newest first.
pub fn print_po_list(
    out: &mut impl Write,
    format: Format,
    rows: &[PoSummary],
) -> Result<(), ReportError> {
    let total: Money = rows.iter().map(|r| r.value).sum();
    let total = (format == Format::Table && !rows.is_empty()).then(|| {
        let mut row = vec![String::new(); PoSummary::COLUMNS.len()];
        row[0] = "TOTAL".into();
        row[PoSummary::COLUMNS.len() - 1] = total.round().to_string();
        row
    });
    print_rows(out, format, rows, total)
}

/// What a purchase order's lines come to at their cost; "cost unknown" when no line's cost is
/// known, and the known part marked when only some are.
fn po_total(po: &PurchaseOrder) -> String {
    let known = po.lines.iter().filter(|l| l.cost.is_some()).count();
    match known {
        0 => "cost unknown".into(),
        n if n < po.lines.len() => format!("{} + unknown", po.value().round()),
        _ => po.value().round().to_string(),
    }
}

/// One line of a purchase order in CSV and table form.
#[derive(Debug, Serialize)]
struct PoLineRow<'a> {
    po: i64,
    line: i64,
    sku: &'a str,
    description: &'a str,
    supplier_sku: &'a str,
    qty: i64,
    received: i64,
    outstanding: i64,
    cost: Option<Money>,
    value: Option<Money>,
}

impl ReportRow for PoLineRow<'_> {
    const COLUMNS: &'static [&'static str] = &[
        "po",
        "line",
        "sku",
        "description",
        "supplier_sku",
        "qty",
        "received",
        "outstanding",
        "cost",
        "value",
    ];
}

/// A purchase order: JSON as stored, CSV one row per line, or the text to print and send
/// (a heading, the lines, their value, and the customer orders each line covers).
pub fn print_po(
    out: &mut impl Write,
    format: Format,
    po: &PurchaseOrder,
    zone: &TimeZone,
) -> Result<(), ReportError> {
    if format == Format::Json {
        writeln!(out, "{}", super::json(po, zone)?)?;
        return Ok(());
    }
    let rows: Vec<PoLineRow<'_>> = po
        .lines
        .iter()
        .map(|l| PoLineRow {
            po: po.number,
            line: l.line,
            sku: &l.sku,
            description: &l.description,
            supplier_sku: &l.supplier_sku,
            qty: l.qty,
            received: l.received,
            outstanding: l.outstanding(),
            cost: l.cost,
            value: l.value(),
        })
        .collect();
    if format == Format::Csv {
        return write_csv(out, &rows);
    }
    writeln!(
        out,
        "Purchase order {}  {}\nSupplier {} ({})\nOrdered {}  expected {}  deliver to {}\n",
        po.number,
        po.status.as_str(),
        po.supplier,
        po.supplier_name,
        day_of(&po.ordered_at, zone),
        po.expected,
        po.location,
    )?;
    // The PO number is in the heading; the table starts at the line number.
    let columns = &PoLineRow::COLUMNS[1..];
    let body: Vec<Vec<String>> = cells(&rows)?
        .into_iter()
        .map(|r| r.into_iter().skip(1).collect())
        .collect();
    let mut total = vec![String::new(); columns.len()];
    total[0] = "TOTAL".into();
    total[columns.len() - 1] = po_total(po);
    write!(out, "{}", table(columns, &body, Some(total)))?;
    for l in &po.lines {
        for c in &l.covers {
            let (line, qty, order, of) = (l.line, c.qty, c.order, c.line);
            // Once the line is received its covers are history; before, a cover whose order
            // line no longer waits says where the units will go.
            match (c.waits || l.outstanding() == 0, c.order_status) {
                (true, _) => writeln!(out, "line {line} covers {qty} for order {order} line {of}")?,
                (false, OrderStatus::Open) => writeln!(
                    out,
                    "line {line}: {qty} were for order {order} line {of}, which no longer waits: to stock"
                )?,
                (false, status) => writeln!(
                    out,
                    "line {line}: {qty} were for order {order} line {of}, now {status}: to stock"
                )?,
            }
        }
    }
    for l in po.lines.iter().filter(|l| l.over_received > 0) {
        writeln!(
            out,
            "line {}: {} received beyond the {} ordered (over-receipt)",
            l.line, l.over_received, l.qty
        )?;
    }
    Ok(())
}
