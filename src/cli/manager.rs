//! The manager's commands: orders, documents, reports, receipts and transfers.

use std::io::Write;
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};
use serde::Serialize;

use super::{BadInput, Context, Format};
use crate::domain::Money;
use crate::domain::tender::{TenderKind, settle};
use crate::store::Store;
use crate::store::orders::{
    Fillable, OrderFilter, OrderInProcess, OrderRules, OrderSort, ReceiptOutcome, Released,
    StatusFilter, WaitingLine,
};
use crate::store::reports::{DepositRow, ReportRow};
use crate::store::stock::{MovementKind, parse_quantity};

/// The user name written to the audit log by order actions when `--user` is not given.
const DEFAULT_USER: &str = "manager";

#[derive(Debug, Subcommand)]
pub enum ManagerCommand {
    /// Show one invoice.
    Invoice {
        #[command(subcommand)]
        command: ShowCommand,
    },
    /// Show one customer order, or act on it (release, convert, cancel, void, due).
    Order {
        #[command(subcommand)]
        command: OrderCommand,
    },
    /// List customer orders (orders in process).
    Orders {
        /// all: every open order; back: with backordered units; ready: with something to
        /// hand over now; closed, void, any.
        #[arg(long, value_enum, default_value = "all")]
        status: StatusArg,
        /// Part of a customer's name or account, an order number, or part of a SKU.
        #[arg(long, value_name = "TEXT")]
        find: Option<String>,
        #[arg(long, value_enum, default_value = "date")]
        sort: SortArg,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Print a report.
    Report {
        name: ReportName,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Move stock from one location to another (both in one transaction).
    Transfer {
        sku: String,
        qty: String,
        #[arg(long, value_name = "L")]
        from: String,
        /// Default: this store's location.
        #[arg(long, value_name = "L")]
        to: Option<String>,
        #[arg(long, value_name = "NAME", default_value = DEFAULT_USER)]
        user: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ShowCommand {
    Show {
        number: i64,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
}

#[derive(Debug, Subcommand)]
pub enum OrderCommand {
    /// Show the order.
    Show {
        number: i64,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Commit available stock to the order's backordered lines.
    Release {
        number: i64,
        #[arg(long, value_name = "NAME", default_value = DEFAULT_USER)]
        user: String,
    },
    /// Invoice the order's committed units; prints the final invoice number.
    Convert {
        number: i64,
        #[arg(long, value_name = "AMOUNT")]
        cash: Option<String>,
        #[arg(long, value_name = "AMOUNT")]
        card: Option<String>,
        #[arg(long, value_name = "AMOUNT")]
        account: Option<String>,
        #[arg(long, value_name = "NAME", default_value = DEFAULT_USER)]
        user: String,
    },
    /// Cancel the backordered units of a line; a prepaid deposit for them is refunded.
    Cancel {
        number: i64,
        line: i64,
        /// Cancel only this many of the line's backordered units.
        #[arg(long)]
        qty: Option<String>,
        #[arg(long, value_name = "NAME", default_value = DEFAULT_USER)]
        user: String,
    },
    /// Void the order: committed stock back to available, deposit refunded.
    Void {
        number: i64,
        #[arg(long, value_name = "NAME", default_value = DEFAULT_USER)]
        user: String,
    },
    /// Set the due date (YYYY-MM-DD), or clear it with `none`.
    Due {
        number: i64,
        date: String,
        #[arg(long, value_name = "NAME", default_value = DEFAULT_USER)]
        user: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    All,
    Back,
    Ready,
    Closed,
    Void,
    Any,
}

impl From<StatusArg> for StatusFilter {
    fn from(s: StatusArg) -> Self {
        match s {
            StatusArg::All => StatusFilter::All,
            StatusArg::Back => StatusFilter::Back,
            StatusArg::Ready => StatusFilter::Ready,
            StatusArg::Closed => StatusFilter::Closed,
            StatusArg::Void => StatusFilter::Void,
            StatusArg::Any => StatusFilter::Any,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    Date,
    Due,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportName {
    /// Orders with backordered lines.
    Backorders,
    /// Open demand by product.
    Backlog,
    /// Products below their minimum, with backordered demand added.
    Reorder,
    /// Outstanding deposits by order.
    Deposits,
    /// Suggested purchase quantities per supplier.
    Purchase,
}

pub fn run(command: ManagerCommand, ctx: &Context) -> anyhow::Result<ExitCode> {
    let mut store = ctx.open_existing()?;
    let mut out = std::io::stdout().lock();
    let rules = ctx.config.order_rules();
    let location = ctx.config.store.location.as_str();
    match command {
        ManagerCommand::Invoice {
            command: ShowCommand::Show { number, format },
        } => {
            let doc = store
                .invoice(number)?
                .ok_or_else(|| BadInput(format!("invoice {number}: no such invoice")))?;
            super::print_doc(&mut out, format, &doc, || {
                crate::receipt::invoice_text(&doc, 80, &ctx.config.store)
            })?;
        }
        ManagerCommand::Order { command } => {
            return order_command(&mut store, &mut out, command, &rules);
        }
        ManagerCommand::Orders {
            status,
            find,
            sort,
            format,
        } => {
            let filter = OrderFilter {
                status: status.into(),
                text: find.unwrap_or_default(),
                sort: match sort {
                    SortArg::Date => OrderSort::Date,
                    SortArg::Due => OrderSort::Due,
                },
            };
            let mut orders = store.orders(&filter)?;
            // An order that never held a deposit has none on record: 0.00, not 0.
            for order in &mut orders {
                order.doc.deposit = order.doc.deposit.round(ctx.config.store.minor_units);
            }
            print_orders(&mut out, format, &orders)?;
        }
        ManagerCommand::Report { name, format } => {
            write_report(
                &mut out,
                &store,
                name,
                format,
                location,
                ctx.config.store.minor_units,
            )?;
        }
        ManagerCommand::Transfer {
            sku,
            qty,
            from,
            to,
            user,
        } => {
            let qty = parse_quantity("QTY", &qty)?;
            let to = to.unwrap_or_else(|| location.to_string());
            store.transfer(&sku, qty, &from, &to)?;
            writeln!(out, "transferred {qty} of {sku} from {from} to {to}")?;
            let product = store.require_product(&sku)?;
            let filled = if ctx.config.backorders.auto_commit_on_receipt {
                store.fill_waiting(product.id, &to, qty, &user)?
            } else {
                Vec::new()
            };
            let level = store.stock_level(product.id, &to)?;
            let outcome = ReceiptOutcome {
                on_hand: level.on_hand,
                committed: level.committed,
                available: level.available(),
                filled,
                waiting: store.waiting_for(product.id, &to)?,
            };
            print_fills(&mut out, &product.sku, &to, &outcome)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `ringup receive`: records the receipt, then fills the waiting orders at once
/// (`auto_commit_on_receipt`) or lists them.
pub fn receive(
    ctx: &Context,
    sku: &str,
    qty: &str,
    location: Option<String>,
    reference: &str,
) -> anyhow::Result<ExitCode> {
    let qty = parse_quantity("QTY", qty)?;
    let location = location.unwrap_or_else(|| ctx.config.store.location.clone());
    let mut store = ctx.open_existing()?;
    let outcome = store.receive_and_fill(
        sku,
        qty,
        &location,
        MovementKind::Receipt,
        reference,
        DEFAULT_USER,
        ctx.config.backorders.auto_commit_on_receipt,
    )?;
    let mut out = std::io::stdout().lock();
    let sku = store.require_product(sku)?.sku;
    writeln!(
        out,
        "received {qty} of {sku} at {location}: on hand {}, available {}",
        outcome.on_hand, outcome.available
    )?;
    print_fills(&mut out, &sku, &location, &outcome)?;
    Ok(ExitCode::SUCCESS)
}

fn print_fills(
    out: &mut impl Write,
    sku: &str,
    location: &str,
    outcome: &ReceiptOutcome,
) -> anyhow::Result<()> {
    for Released {
        order,
        line_no,
        qty,
        ..
    } in &outcome.filled
    {
        writeln!(out, "committed {qty} to order {order} line {line_no}")?;
    }
    if outcome.waiting.is_empty() {
        return Ok(());
    }
    writeln!(out, "orders waiting for {sku} at {location}, oldest first:")?;
    let rows: Vec<Vec<String>> = outcome
        .waiting
        .iter()
        .map(
            |WaitingLine {
                 order,
                 line_no,
                 customer,
                 queued_at,
                 due,
                 backordered,
                 could_take,
             }| {
                vec![
                    order.to_string(),
                    line_no.to_string(),
                    customer.clone(),
                    queued_at.get(..10).unwrap_or(queued_at).to_string(),
                    due.clone().unwrap_or_default(),
                    backordered.to_string(),
                    could_take.to_string(),
                ]
            },
        )
        .collect();
    write!(
        out,
        "{}",
        table(
            &[
                "order",
                "line",
                "customer",
                "date",
                "due",
                "backordered",
                "could_take"
            ],
            &rows,
            None
        )
    )?;
    if outcome.waiting.iter().any(|w| w.could_take > 0) {
        writeln!(
            out,
            "commit stock to an order with `ringup order release N`"
        )?;
    }
    Ok(())
}

fn order_command(
    store: &mut Store,
    out: &mut impl Write,
    command: OrderCommand,
    rules: &OrderRules,
) -> anyhow::Result<ExitCode> {
    match command {
        OrderCommand::Show { number, format } => {
            let mut doc = store
                .order(number)?
                .ok_or_else(|| BadInput(format!("order {number}: no such order")))?;
            doc.deposit = doc.deposit.round(rules.minor_units);
            super::print_doc(out, format, &doc, || crate::receipt::order_text(&doc))?;
        }
        OrderCommand::Release { number, user } => {
            let released = store.release_backorders(number, &user)?;
            if released.is_empty() {
                writeln!(out, "order {number}: no stock available to release")?;
            }
            for r in released {
                writeln!(
                    out,
                    "committed {} of {} to order {number} line {}",
                    r.qty, r.sku, r.line_no
                )?;
            }
        }
        OrderCommand::Convert {
            number,
            cash,
            card,
            account,
            user,
        } => {
            let mut tenders = Vec::new();
            for (kind, text) in [
                (TenderKind::Cash, cash),
                (TenderKind::Card, card),
                (TenderKind::Account, account),
            ] {
                if let Some(text) = text {
                    let amount = Money::parse(&text, rules.minor_units)
                        .map_err(|e| BadInput(format!("--{}: {e}", kind.as_str())))?;
                    tenders.push((kind, amount));
                }
            }
            let preview = store.preview_convert(number, rules)?;
            if preview.due.is_positive() && tenders.is_empty() {
                return Err(BadInput(format!(
                    "order {number}: {} is due; pay it with --cash, --card or --account",
                    preview.due
                ))
                .into());
            }
            let change = settle(preview.due, &tenders)
                .map_err(|e| BadInput(format!("order {number}: {e}")))?
                .change;
            let invoice = store.convert_to_invoice(number, &user, &tenders, change, rules)?;
            writeln!(
                out,
                "final invoice {invoice} for order {number}: goods {}, tax {}, deposit applied {}, total {}",
                preview.goods, preview.tax, preview.deposit_applied, preview.due
            )?;
            if !change.is_zero() {
                writeln!(out, "change {change}")?;
            }
        }
        OrderCommand::Cancel {
            number,
            line,
            qty,
            user,
        } => {
            let qty = qty.map(|q| parse_quantity("--qty", &q)).transpose()?;
            let done = store.cancel_backorder(number, line, qty, &user, rules)?;
            writeln!(
                out,
                "order {number} line {line}: cancelled {} backordered unit(s)",
                done.cancelled
            )?;
            if let Some(refund) = done.refund_invoice {
                writeln!(out, "refunded {} on refund {refund}", done.refund)?;
            }
        }
        OrderCommand::Void { number, user } => {
            let done = store.void_order(number, &user, rules)?;
            writeln!(
                out,
                "order {number} void: {} unit(s) cancelled, {} committed unit(s) back to stock",
                done.cancelled, done.released
            )?;
            if let Some(refund) = done.refund_invoice {
                writeln!(out, "refunded {} on refund {refund}", done.refund)?;
            }
        }
        OrderCommand::Due { number, date, user } => {
            let due = match date.trim() {
                "none" | "-" | "" => None,
                d => Some(d),
            };
            store.set_due(number, due, &user)?;
            writeln!(out, "order {number}: due {}", due.unwrap_or("cleared"))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One line of the orders list in CSV and table form.
#[derive(Debug, Serialize)]
struct OrderListRow<'a> {
    order: i64,
    invoice: i64,
    customer: &'a str,
    name: &'a str,
    date: &'a str,
    due: Option<&'a str>,
    status: &'a str,
    payment: &'a str,
    deposit: Money,
    line: i64,
    sku: &'a str,
    ordered: i64,
    delivered: i64,
    committed: i64,
    backordered: i64,
    cancelled: i64,
    fillable: Fillable,
}

impl ReportRow for OrderListRow<'_> {
    const COLUMNS: &'static [&'static str] = &[
        "order",
        "invoice",
        "customer",
        "name",
        "date",
        "due",
        "status",
        "payment",
        "deposit",
        "line",
        "sku",
        "ordered",
        "delivered",
        "committed",
        "backordered",
        "cancelled",
        "fillable",
    ];
}

fn print_orders(
    out: &mut impl Write,
    format: Format,
    orders: &[OrderInProcess],
) -> anyhow::Result<()> {
    if format == Format::Json {
        writeln!(out, "{}", serde_json::to_string_pretty(orders)?)?;
        return Ok(());
    }
    let rows: Vec<OrderListRow<'_>> = orders
        .iter()
        .flat_map(|o| {
            let d = &o.doc;
            d.lines
                .iter()
                .zip(&o.fillable)
                .map(move |(l, f)| OrderListRow {
                    order: d.number,
                    invoice: d.invoice,
                    customer: &d.customer,
                    name: &d.customer_name,
                    date: d.ordered_at.get(..10).unwrap_or(&d.ordered_at),
                    due: d.due.as_deref(),
                    status: &d.status,
                    payment: &d.payment,
                    deposit: d.deposit,
                    line: l.line_no,
                    sku: &l.sku,
                    ordered: l.ordered,
                    delivered: l.delivered,
                    committed: l.committed,
                    backordered: l.backordered,
                    cancelled: l.cancelled,
                    fillable: *f,
                })
        })
        .collect();
    if format == Format::Csv {
        return write_csv(out, &rows);
    }
    // The table marks a fillable backorder as the screen does without colour, and leaves
    // the fillable column to the marker.
    let columns = &OrderListRow::COLUMNS[..OrderListRow::COLUMNS.len() - 1];
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut c = cells(r)?;
            c.pop();
            if let Some(b) = c.get_mut(14) {
                b.push_str(fillable_marker(r.fillable));
            }
            Ok(c)
        })
        .collect::<anyhow::Result<_>>()?;
    write!(out, "{}", table(columns, &cells, None))?;
    if rows.iter().any(|r| r.fillable != Fillable::None) {
        writeln!(
            out,
            "* stock here covers the backorder; @ stock only at another location"
        )?;
    }
    Ok(())
}

/// Prints report rows: JSON (an array), CSV with a header row, or an aligned table with an
/// optional total row.
fn print_rows<T: ReportRow>(
    out: &mut impl Write,
    format: Format,
    rows: &[T],
    total: Option<Vec<String>>,
) -> anyhow::Result<()> {
    match format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(rows)?)?,
        Format::Csv => write_csv(out, rows)?,
        Format::Table => {
            let cells: Vec<Vec<String>> = rows.iter().map(cells).collect::<anyhow::Result<_>>()?;
            write!(out, "{}", table(T::COLUMNS, &cells, total))?;
        }
    }
    Ok(())
}

fn write_csv<T: ReportRow>(out: &mut impl Write, rows: &[T]) -> anyhow::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    // Written by hand so an empty report still has its header row.
    w.write_record(T::COLUMNS)?;
    for row in rows {
        w.serialize(row)?;
    }
    out.write_all(&w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?)?;
    Ok(())
}

/// The cells of one row exactly as CSV writes them.
fn cells<T: Serialize>(row: &T) -> anyhow::Result<Vec<String>> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    w.serialize(row)?;
    let bytes = w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice());
    let mut record = csv::StringRecord::new();
    r.read_record(&mut record)?;
    Ok(record.iter().map(str::to_string).collect())
}

/// An aligned text table: numbers right-aligned, a rule under the heading, and an optional
/// total row under a second rule.
fn table(columns: &[&str], rows: &[Vec<String>], total: Option<Vec<String>>) -> String {
    let heading: Vec<String> = columns
        .iter()
        .map(|c| {
            let words = c.replace('_', " ");
            let mut chars = words.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect();
    let all = || rows.iter().chain(total.iter());
    let widths: Vec<usize> = (0..columns.len())
        .map(|i| {
            all()
                .filter_map(|r| r.get(i))
                .map(|c| c.chars().count())
                .chain([heading[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let numeric: Vec<bool> = (0..columns.len())
        .map(|i| {
            all()
                .filter_map(|r| r.get(i))
                .filter(|c| !c.is_empty() && c.as_str() != "TOTAL")
                .all(|c| {
                    c.trim_end_matches(['*', '@'])
                        .parse::<rust_decimal::Decimal>()
                        .is_ok()
                })
                && all().any(|r| r.get(i).is_some_and(|c| !c.is_empty() && c != "TOTAL"))
        })
        .collect();
    let line = |cells: &[String]| -> String {
        let mut s = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let w = widths.get(i).copied().unwrap_or(0);
                if numeric.get(i).copied().unwrap_or(false) {
                    format!("{c:>w$}")
                } else {
                    format!("{c:<w$}")
                }
            })
            .collect::<Vec<_>>()
            .join("  ");
        s.truncate(s.trim_end().len());
        s + "\n"
    };
    let rule = widths
        .iter()
        .map(|w| "-".repeat(*w))
        .collect::<Vec<_>>()
        .join("  ")
        + "\n";
    let mut out = line(&heading);
    out += &rule;
    if rows.is_empty() {
        out += "(none)\n";
    }
    for r in rows {
        out += &line(r);
    }
    if let Some(total) = &total {
        out += &rule;
        out += &line(total);
    }
    out
}

/// Writes one report in a format; the screen's report view uses the table form.
pub fn write_report(
    out: &mut impl Write,
    store: &crate::store::Store,
    name: ReportName,
    format: Format,
    location: &str,
    minor_units: u32,
) -> anyhow::Result<()> {
    match name {
        ReportName::Backorders => print_rows(out, format, &store.backorder_report()?, None),
        ReportName::Backlog => print_rows(out, format, &store.backlog_report(location)?, None),
        ReportName::Reorder => print_rows(out, format, &store.reorder_report(location)?, None),
        ReportName::Deposits => {
            let rows: Vec<DepositRow> = store.deposits_report()?;
            let total: Money = rows.iter().map(|r| r.deposit).sum();
            let total = total.round(minor_units).to_string();
            let total_row = vec!["TOTAL".into(), String::new(), String::new(), total];
            print_rows(out, format, &rows, Some(total_row))
        }
        ReportName::Purchase => print_rows(out, format, &store.purchase_report(location)?, None),
    }
}

/// A report as an aligned text table, by name (`backorders`, `backlog`, ...).
pub fn report_table(
    store: &crate::store::Store,
    name: &str,
    location: &str,
) -> anyhow::Result<String> {
    let name =
        <ReportName as clap::ValueEnum>::from_str(name, true).map_err(|e| anyhow::anyhow!(e))?;
    let mut out = Vec::new();
    write_report(&mut out, store, name, Format::Table, location, 2)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::reports::{BacklogRow, BackorderRow, PurchaseRow, ReorderRow};

    #[test]
    fn report_columns_match_the_serialised_fields() {
        fn header<T: ReportRow>(row: &T) -> Vec<String> {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.serialize(row).unwrap();
            let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
            text.lines()
                .next()
                .unwrap()
                .split(',')
                .map(String::from)
                .collect()
        }
        let m = Money::ZERO;
        assert_eq!(
            header(&BackorderRow {
                order: 1,
                customer: String::new(),
                date: String::new(),
                due: None,
                sku: String::new(),
                ordered: 0,
                shipped: 0,
                backordered: 0
            }),
            BackorderRow::COLUMNS
        );
        assert_eq!(
            header(&BacklogRow {
                sku: String::new(),
                description: String::new(),
                on_hand: 0,
                committed: 0,
                available: 0,
                backordered: 0,
                orders_waiting: 0
            }),
            BacklogRow::COLUMNS
        );
        assert_eq!(
            header(&ReorderRow {
                sku: String::new(),
                description: String::new(),
                on_hand: 0,
                available: 0,
                min_stock: 0,
                reorder_qty: 0,
                backordered: 0,
                suggested: 0
            }),
            ReorderRow::COLUMNS
        );
        assert_eq!(
            header(&DepositRow {
                order: 0,
                customer: String::new(),
                invoice: 0,
                deposit: m
            }),
            DepositRow::COLUMNS
        );
        assert_eq!(
            header(&PurchaseRow {
                supplier: String::new(),
                sku: String::new(),
                description: String::new(),
                backordered: 0,
                available: 0,
                min_stock: 0,
                qty: 0
            }),
            PurchaseRow::COLUMNS
        );
        assert_eq!(
            header(&OrderListRow {
                order: 0,
                invoice: 0,
                customer: "",
                name: "",
                date: "",
                due: None,
                status: "",
                payment: "",
                deposit: m,
                line: 0,
                sku: "",
                ordered: 0,
                delivered: 0,
                committed: 0,
                backordered: 0,
                cancelled: 0,
                fillable: Fillable::None
            }),
            OrderListRow::COLUMNS
        );
    }

    #[test]
    fn table_aligns_numbers_right_and_text_left() {
        let text = table(
            &["sku", "qty"],
            &[
                vec!["VALVE".into(), "2".into()],
                vec!["TAPE".into(), "10".into()],
            ],
            Some(vec!["TOTAL".into(), "12".into()]),
        );
        assert_eq!(
            text,
            "Sku    Qty\n-----  ---\nVALVE    2\nTAPE    10\n-----  ---\nTOTAL   12\n"
        );
    }
}

/// The text marker of a fillable backorder where colours are off.
fn fillable_marker(fillable: Fillable) -> &'static str {
    match fillable {
        Fillable::None => "",
        Fillable::Here => "*",
        Fillable::Elsewhere => "@",
    }
}
