//! `ringup po`: purchase orders from the suggestions, sent, received in parts, cancelled.

use std::io::Write;
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};
use serde::Serialize;

use super::{BadInput, Context};
use crate::domain::Money;
use crate::domain::calendar::parse_date;
use crate::domain::purchasing::PoStatus;
use crate::present::purchasing::{print_po, print_po_list, print_suggestions};
use crate::present::reports::Format;
use crate::store::Store;
use crate::store::orders::Released;
use crate::store::purchasing::{NewPo, PurchaseOrder};
use crate::store::stock::parse_quantity;

#[derive(Debug, Subcommand)]
pub enum PoCommand {
    /// What to buy: the purchase report, which counts what open purchase orders still
    /// bring, with the supplier's part numbers and costs.
    Suggest {
        /// Only this supplier's products (a supplier code).
        #[arg(long, value_name = "S")]
        supplier: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Start a purchase order to a supplier; needs a manager.
    Create {
        /// The supplier's code.
        #[arg(long, value_name = "S")]
        supplier: String,
        /// Take this supplier's suggestions as the lines.
        #[arg(long)]
        from_suggestions: bool,
        /// When the goods are due (default: today plus the supplier's lead time).
        #[arg(long, value_name = "YYYY-MM-DD")]
        expected: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Add QTY of a product to an open purchase order; needs a manager.
    Add {
        number: i64,
        sku: String,
        qty: String,
        /// The unit cost on this order (default: the product's cost).
        #[arg(long, value_name = "AMOUNT")]
        cost: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Show a purchase order: the text to print or send, its lines as CSV, or JSON.
    Show {
        number: i64,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// List purchase orders, newest first.
    List {
        #[arg(long, value_enum, default_value = "all")]
        status: PoStatusArg,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Cancel an open purchase order: what it did not bring returns to the suggestions;
    /// needs a manager.
    Cancel {
        number: i64,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Receive goods against an open purchase order: SKU QTY pairs, or none for everything
    /// still to come; the waiting orders are filled as with `ringup receive`. Needs a
    /// manager.
    Receive {
        number: i64,
        /// SKU QTY pairs.
        #[arg(value_name = "SKU QTY")]
        items: Vec<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PoStatusArg {
    All,
    Open,
    Received,
    Cancelled,
}

impl PoStatusArg {
    fn status(self) -> Option<PoStatus> {
        match self {
            PoStatusArg::All => None,
            PoStatusArg::Open => Some(PoStatus::Open),
            PoStatusArg::Received => Some(PoStatus::Received),
            PoStatusArg::Cancelled => Some(PoStatus::Cancelled),
        }
    }
}

/// What `po receive --format json` prints: the order after the receipt, and per product
/// what came and which waiting orders it filled.
#[derive(Debug, Serialize)]
struct ReceiveJson<'a> {
    po: &'a PurchaseOrder,
    received: Vec<ReceivedJson<'a>>,
}

#[derive(Debug, Serialize)]
struct ReceivedJson<'a> {
    sku: &'a str,
    qty: i64,
    over: i64,
    filled: &'a [Released],
}

/// Reads `SKU QTY` pairs.
fn pairs(items: &[String]) -> anyhow::Result<Vec<(String, i64)>> {
    if !items.len().is_multiple_of(2) {
        return Err(BadInput(format!(
            "SKU QTY: '{}' has no quantity; give SKU QTY pairs, or none to receive everything still to come",
            items.last().map_or("", String::as_str)
        ))
        .into());
    }
    items
        .chunks(2)
        .map(|p| Ok((p[0].clone(), parse_quantity("QTY", &p[1])?)))
        .collect()
}

/// Prints a purchase order after a change: a line saying what happened, then the order.
fn print_changed(
    out: &mut impl Write,
    format: Format,
    store: &Store,
    number: i64,
    said: &str,
) -> anyhow::Result<()> {
    let po = store.purchase_order(number)?;
    if format == Format::Table {
        writeln!(out, "{said}")?;
    }
    print_po(out, format, &po, store.zone())?;
    Ok(())
}

pub fn run(command: PoCommand, ctx: &Context) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let location = ctx.config.store.location.as_str();
    match command {
        PoCommand::Suggest { supplier, format } => {
            let store = ctx.open_existing()?;
            if let Some(code) = &supplier {
                store.supplier(code)?;
            }
            let rows = store.po_suggestions(location, supplier.as_deref())?;
            print_suggestions(&mut out, format, &rows)?;
        }
        PoCommand::Create {
            supplier,
            from_suggestions,
            expected,
            format,
        } => {
            let expected = expected
                .map(|e| parse_date(&e).map_err(|err| BadInput(format!("--expected {err}"))))
                .transpose()?;
            let (mut store, user) = ctx.open_as_manager("create a purchase order")?;
            let number = store.create_po(
                &NewPo {
                    supplier: &supplier,
                    location,
                    expected,
                    from_suggestions,
                    user: &user,
                },
                store.today(),
            )?;
            let po = store.purchase_order(number)?;
            let said = format!(
                "purchase order {number} created for {}, expected {}",
                po.supplier, po.expected
            );
            print_changed(&mut out, format, &store, number, &said)?;
        }
        PoCommand::Add {
            number,
            sku,
            qty,
            cost,
            format,
        } => {
            let qty = parse_quantity("QTY", &qty)?;
            let cost = cost
                .map(|c| Money::parse(&c).map_err(|e| BadInput(format!("--cost {e}"))))
                .transpose()?;
            let (mut store, user) = ctx.open_as_manager("add to a purchase order")?;
            let line = store.add_to_po(number, &sku, qty, cost, &user)?;
            let said = format!(
                "added {qty} of {} to purchase order {number} (line {}: {} ordered)",
                line.sku, line.line, line.qty
            );
            print_changed(&mut out, format, &store, number, &said)?;
        }
        PoCommand::Show { number, format } => {
            let store = ctx.open_existing()?;
            print_po(
                &mut out,
                format,
                &store.purchase_order(number)?,
                store.zone(),
            )?;
        }
        PoCommand::List { status, format } => {
            let store = ctx.open_existing()?;
            print_po_list(&mut out, format, &store.purchase_orders(status.status())?)?;
        }
        PoCommand::Cancel { number, format } => {
            let (mut store, user) = ctx.open_as_manager("cancel a purchase order")?;
            store.cancel_po(number, &user)?;
            let said = format!(
                "purchase order {number} cancelled: what it did not bring is back in the suggestions"
            );
            print_changed(&mut out, format, &store, number, &said)?;
        }
        PoCommand::Receive {
            number,
            items,
            format,
        } => {
            let items = pairs(&items)?;
            let (mut store, user) = ctx.open_as_manager("receive against a purchase order")?;
            let fill = ctx.config.backorders.auto_commit_on_receipt;
            let (status, receipts) = store.receive_po(number, &items, &user, fill)?;
            let po = store.purchase_order(number)?;
            match format {
                Format::Json => {
                    let doc = ReceiveJson {
                        po: &po,
                        received: receipts
                            .iter()
                            .map(|r| ReceivedJson {
                                sku: &r.sku,
                                qty: r.qty,
                                over: r.over,
                                filled: &r.outcome.filled,
                            })
                            .collect(),
                    };
                    writeln!(out, "{}", crate::present::json(&doc, store.zone())?)?;
                }
                Format::Csv => print_po(&mut out, format, &po, store.zone())?,
                Format::Table => {
                    for r in &receipts {
                        let over = match r.over {
                            0 => String::new(),
                            n => format!(" ({n} beyond the order, recorded as an over-receipt)"),
                        };
                        writeln!(
                            out,
                            "received {} of {} on purchase order {number} at {}{over}: on hand {}, available {}",
                            r.qty, r.sku, po.location, r.outcome.on_hand, r.outcome.available
                        )?;
                        super::manager::print_fills(
                            &mut out,
                            &r.sku,
                            &po.location,
                            &r.outcome,
                            store.zone(),
                        )?;
                    }
                    writeln!(out, "purchase order {number} is {}", status.as_str())?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
