//! The manager's commands: orders, documents, reports, receipts and transfers.

use std::io::Write;
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};

use super::{BadInput, Context};
use crate::domain::Money;
use crate::domain::calendar::day_of;
use crate::domain::tender::{TenderKind, settle};
use crate::present::reports::{Format, ReportName, notice_text, print_orders, table, write_report};
use crate::store::Store;
use crate::store::orders::{
    OrderFilter, OrderSort, ReceiptOutcome, Released, StatusFilter, WaitingLine,
};
use crate::store::reports::Scope;
use crate::store::stock::{MovementKind, parse_quantity};

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
        /// hand over now; not-told: units ready for pickup, the customer not told since;
        /// callback: told, then units taken back; closed, void, any.
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
        /// The stock of one location (default: this store's) or of `all` of them
        /// (backlog, reorder, purchase; the others cover every location and refuse one).
        #[arg(long, value_name = "L|all")]
        location: Option<String>,
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
    /// Commit available stock to the order's backordered lines. Refused while older orders
    /// wait for the same stock, unless --jump-queue (audited as a queue jump).
    Release {
        number: i64,
        /// Release although older orders wait for the same stock.
        #[arg(long)]
        jump_queue: bool,
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
    },
    /// Cancel the backordered units of a line; a prepaid deposit for them is refunded and a
    /// refund slip printed.
    Cancel {
        number: i64,
        line: i64,
        /// Cancel only this many of the line's backordered units.
        #[arg(long)]
        qty: Option<String>,
        /// How the deposit goes back; required when money goes back.
        #[arg(long, value_enum)]
        refund: Option<RefundArg>,
    },
    /// Void the order: committed stock back to available, deposit refunded (refund slip
    /// printed).
    Void {
        number: i64,
        /// How the deposit goes back; required when money goes back.
        #[arg(long, value_enum)]
        refund: Option<RefundArg>,
    },
    /// Set the due date (YYYY-MM-DD), or clear it with `none`.
    Due { number: i64, date: String },
    /// Record that the customer was told the order is ready to pick up (a clerk may).
    Notified {
        number: i64,
        /// How they were told.
        #[arg(long, value_enum)]
        via: NoticeArg,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NoticeArg {
    Phone,
    Email,
    Sms,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    All,
    Back,
    Ready,
    /// Open orders with units ready for pickup whose customer has not been told yet.
    NotTold,
    /// Open orders whose customer, told they were ready, waits for a call back.
    Callback,
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
            StatusArg::NotTold => StatusFilter::NotTold,
            StatusArg::Callback => StatusFilter::CallBack,
            StatusArg::Closed => StatusFilter::Closed,
            StatusArg::Void => StatusFilter::Void,
            StatusArg::Any => StatusFilter::Any,
        }
    }
}

/// How money goes back on a cancel or a void.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RefundArg {
    Cash,
    Card,
    /// Credited on the customer's account (lowers what they owe).
    Account,
}

impl From<RefundArg> for TenderKind {
    fn from(r: RefundArg) -> Self {
        match r {
            RefundArg::Cash => TenderKind::Cash,
            RefundArg::Card => TenderKind::Card,
            RefundArg::Account => TenderKind::Account,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    Date,
    Due,
}

pub fn run(command: ManagerCommand, ctx: &Context) -> anyhow::Result<ExitCode> {
    let mut store = ctx.open_existing()?;
    let mut out = std::io::stdout().lock();
    let location = ctx.config.store.location.as_str();
    match command {
        ManagerCommand::Invoice {
            command: ShowCommand::Show { number, format },
        } => {
            let doc = store
                .invoice(number)?
                .ok_or_else(|| BadInput(format!("invoice {number}: no such invoice")))?;
            super::print_doc(&mut out, format, (&doc, store.zone()), || {
                crate::present::receipt::invoice_text(&doc, 80, &ctx.config.store)
            })?;
        }
        ManagerCommand::Order { command } => {
            return order_command(&mut store, &mut out, command, ctx);
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
                limit: None,
            };
            let mut orders = store.orders(&filter)?;
            // An order that never held a deposit has none on record: 0.00, not 0.
            for order in &mut orders {
                order.doc.deposit = order.doc.deposit.round();
            }
            let mut buffered = std::io::BufWriter::new(&mut out);
            print_orders(&mut buffered, format, &orders, store.zone())?;
            buffered.flush()?;
        }
        ManagerCommand::Report {
            name,
            format,
            location: asked,
        } => {
            // `all` is what such a report covers anyway; one location it would not use.
            let one_location = asked.as_deref().filter(|l| *l != "all");
            if let Some(asked) = one_location.filter(|_| !name.by_location()) {
                return Err(BadInput(format!(
                    "--location '{asked}': the {name} report covers the orders of every \
                     location; leave --location out"
                ))
                .into());
            }
            let scope = report_scope(&store, asked.as_deref().unwrap_or(location))?;
            // Buffered: the terminal's stdout writes every line as it comes.
            let mut buffered = std::io::BufWriter::new(&mut out);
            write_report(&mut buffered, &store, name, format, &scope)?;
            buffered.flush()?;
        }
        ManagerCommand::Transfer { sku, qty, from, to } => {
            let user =
                super::auth::manager_work(&mut store, ctx.user.as_deref(), "transfer stock")?;
            let qty = parse_quantity("QTY", &qty)?;
            let to = to.unwrap_or_else(|| location.to_string());
            store.transfer(&sku, qty, &from, &to, &user)?;
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
                unpromised: Vec::new(),
                waiting: store.waiting_for(product.id, &to)?,
            };
            print_fills(&mut out, &product.sku, &to, &outcome, store.zone())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `--location` of a report: a known location, or `all`.
fn report_scope(store: &Store, text: &str) -> anyhow::Result<Scope> {
    if text == "all" {
        return Ok(Scope::All);
    }
    let known = store.locations()?;
    if known.iter().any(|l| l == text) {
        Ok(Scope::At(text.to_string()))
    } else {
        Err(BadInput(format!(
            "--location '{text}': no such location (known: {}, or all)",
            known.join(", ")
        ))
        .into())
    }
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
    let (mut store, user) = ctx.open_as_manager("receive stock")?;
    let outcome = store.receive_and_fill(
        sku,
        qty,
        &location,
        MovementKind::Receipt,
        reference,
        &user,
        ctx.config.backorders.auto_commit_on_receipt,
    )?;
    let mut out = std::io::stdout().lock();
    let sku = store.require_product(sku)?.sku;
    writeln!(
        out,
        "received {qty} of {sku} at {location}: on hand {}, available {}",
        outcome.on_hand, outcome.available
    )?;
    print_fills(&mut out, &sku, &location, &outcome, store.zone())?;
    Ok(ExitCode::SUCCESS)
}

pub(super) fn print_fills(
    out: &mut impl Write,
    sku: &str,
    location: &str,
    outcome: &ReceiptOutcome,
    zone: &jiff::tz::TimeZone,
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
                    day_of(queued_at, zone),
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

/// Refuses a cancel or a void that gives money back without saying how; nothing is written.
fn refund_way(
    refund: Money,
    refund_by: Option<RefundArg>,
    what: &str,
) -> anyhow::Result<Option<TenderKind>> {
    if refund.is_zero() || refund_by.is_some() {
        return Ok(refund_by.map(TenderKind::from));
    }
    Err(BadInput(format!(
        "{what}: {refund} goes back to the customer; say how with --refund cash|card|account"
    ))
    .into())
}

/// Prints the refund slip of a cancel or a void and says where it went.
fn print_refund(
    out: &mut impl Write,
    store: &mut Store,
    ctx: &Context,
    refund: Money,
    refund_invoice: Option<i64>,
) -> anyhow::Result<()> {
    let Some(invoice) = refund_invoice else {
        return Ok(());
    };
    writeln!(out, "refunded {refund} on refund {invoice}")?;
    match crate::counter::print::print_invoice(store, &ctx.config, invoice) {
        Ok(path) => writeln!(out, "refund slip: {}", path.display())?,
        // The refund is written; only its slip failed (reprint it with `invoice show`).
        Err(e) => writeln!(out, "the refund slip failed: {e}")?,
    }
    Ok(())
}

fn or_dash(text: &str) -> &str {
    if text.is_empty() { "-" } else { text }
}

fn order_command(
    store: &mut Store,
    out: &mut impl Write,
    command: OrderCommand,
    ctx: &Context,
) -> anyhow::Result<ExitCode> {
    let rules = &ctx.config.order_rules();
    let user = ctx.user.as_deref();
    let allowed = |store: &mut Store, what: &str| super::auth::manager_work(store, user, what);
    match command {
        OrderCommand::Show { number, format } => {
            let mut order = store
                .order_in_process(number)?
                .ok_or_else(|| BadInput(format!("order {number}: no such order")))?;
            order.doc.deposit = order.doc.deposit.round();
            super::print_doc(out, format, (&order, store.zone()), || {
                let mut text = crate::present::receipt::order_text(&order.doc, store.zone());
                if order.overdue {
                    text += "OVERDUE: the due date has passed with units still pending\n";
                }
                if let Some(days) = order.days_ready {
                    let told = match &order.notified {
                        Some(notice) => format!("notified {}", notice_text(notice, store.zone())),
                        None => "not notified yet".to_string(),
                    };
                    text += &format!(
                        "Ready for pickup {days} days ({told}); phone {} email {}\n",
                        or_dash(&order.doc.phone),
                        or_dash(&order.doc.email)
                    );
                }
                text
            })?;
        }
        OrderCommand::Release { number, jump_queue } => {
            let user = super::auth::sign_in(store, user, "release backorders")?;
            let passed_over = store.queue_jump(number)?;
            if !passed_over.is_empty() && !jump_queue {
                let orders: Vec<String> = passed_over.iter().map(i64::to_string).collect();
                return Err(BadInput(format!(
                    "order {number}: older orders {} wait for the same stock; releasing to order {number} jumps the queue (add --jump-queue to do it anyway)",
                    orders.join(", ")
                ))
                .into());
            }
            let released = super::auth::with_approvals(ctx, store, &user, |store, approvals| {
                store.release_backorders(number, &user, jump_queue, approvals)
            })?;
            if !passed_over.is_empty() {
                let orders: Vec<String> = passed_over.iter().map(i64::to_string).collect();
                writeln!(out, "queue jumped: ahead of orders {}", orders.join(", "))?;
            }
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
        } => {
            let user = super::auth::sign_in(store, user, "invoice an order")?;
            let mut tenders = Vec::new();
            for (kind, text) in [
                (TenderKind::Cash, cash),
                (TenderKind::Card, card),
                (TenderKind::Account, account),
            ] {
                if let Some(text) = text {
                    let amount = Money::parse(&text)
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
            let invoice = super::auth::with_approvals(ctx, store, &user, |store, approvals| {
                store.convert_to_invoice(number, &user, &tenders, change, rules, approvals)
            })?;
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
            refund,
        } => {
            let user = allowed(store, "cancel a backorder")?;
            let qty = qty.map(|q| parse_quantity("--qty", &q)).transpose()?;
            let back = store.preview_cancel(number, line, qty, rules)?;
            let refund_by = refund_way(back, refund, &format!("order {number} line {line}"))?;
            let done = super::auth::with_approvals(ctx, store, &user, |store, approvals| {
                store.cancel_backorder(number, line, qty, refund_by, &user, rules, approvals)
            })?;
            writeln!(
                out,
                "order {number} line {line}: cancelled {} backordered unit(s)",
                done.cancelled
            )?;
            print_refund(out, store, ctx, done.refund, done.refund_invoice)?;
        }
        OrderCommand::Void { number, refund } => {
            let user = allowed(store, "void an order")?;
            let back = store.preview_void(number, rules)?;
            let refund_by = refund_way(back, refund, &format!("order {number}"))?;
            let done = super::auth::with_approvals(ctx, store, &user, |store, approvals| {
                store.void_order(number, refund_by, &user, rules, approvals)
            })?;
            writeln!(
                out,
                "order {number} void: {} unit(s) cancelled, {} committed unit(s) back to stock",
                done.cancelled, done.released
            )?;
            print_refund(out, store, ctx, done.refund, done.refund_invoice)?;
        }
        OrderCommand::Due { number, date } => {
            let user = super::auth::sign_in(store, user, "set a due date")?;
            let due = match date.trim() {
                "none" | "-" | "" => None,
                d => Some(d),
            };
            super::auth::with_approvals(ctx, store, &user, |store, approvals| {
                store.set_due(number, due, &user, approvals)
            })?;
            writeln!(out, "order {number}: due {}", due.unwrap_or("cleared"))?;
        }
        OrderCommand::Notified { number, via } => {
            let user = super::auth::sign_in(store, user, "mark an order notified")?;
            let via = match via {
                NoticeArg::Phone => "phone",
                NoticeArg::Email => "email",
                NoticeArg::Sms => "sms",
            };
            let notice = store.notify_order(number, via, &user)?;
            writeln!(
                out,
                "order {number}: customer told by {} ({}, {})",
                notice.via,
                notice.by,
                crate::domain::calendar::minute_of(&notice.at, store.zone())
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
