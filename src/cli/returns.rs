//! `ringup return INVOICE SKU:QTY...`: delivered goods handed back against their invoice,
//! refunded the original way or another (cash, card, on account). The policy decides on the
//! refund as it is written (above the limit, or cash back for money paid otherwise, a
//! manager approves with `--approved-by`). Prints the return number and the refund, and the
//! return slip.
//!
//! `ringup return none SKU:QTY... [--customer ACCT]`: goods handed back without their
//! invoice, refunded at today's price for the customer (or a cash sale), in cash unless
//! told otherwise; always a manager's or approved by one.

use std::process::ExitCode;

use clap::ValueEnum;

use super::{BadInput, Context, auth};
use crate::domain::tender::TenderKind;
use crate::present::reports::Format;
use crate::store::StoreError;
use crate::store::returns::{ReturnOf, ReturnRequest, unlinked_source};

#[derive(Debug, Clone, clap::Args)]
pub struct ReturnArgs {
    /// The number of the sale or final invoice that delivered the goods, or `none` for a
    /// return without an invoice (refunded at today's price; a manager approves the refund).
    invoice: String,
    /// What comes back: SKU:QTY, one per line of the invoice.
    #[arg(required = true)]
    items: Vec<String>,
    /// How the money goes back; the invoice's own tender when not given.
    #[arg(long, value_enum)]
    refund: Option<RefundArg>,
    /// The goods came back damaged: counted apart, not available for sale.
    #[arg(long)]
    damaged: bool,
    /// Whose goods come back, for a return without an invoice (their prices; on account
    /// needs it). Returns against an invoice take the invoice's customer.
    #[arg(long)]
    customer: Option<String>,
    /// `table` prints the return number and the refund; `json` the return document.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RefundArg {
    Cash,
    Card,
    Account,
}

impl From<RefundArg> for TenderKind {
    fn from(r: RefundArg) -> TenderKind {
        match r {
            RefundArg::Cash => TenderKind::Cash,
            RefundArg::Card => TenderKind::Card,
            RefundArg::Account => TenderKind::Account,
        }
    }
}

/// `SKU:QTY` with a whole quantity of at least 1.
fn parse_item(text: &str) -> Result<(String, u32), BadInput> {
    let bad = |why: &str| BadInput(format!("ITEM '{text}': {why}"));
    let (sku, qty) = text
        .rsplit_once(':')
        .ok_or_else(|| bad("write SKU:QTY, e.g. VALVE-12:1"))?;
    if sku.trim().is_empty() {
        return Err(bad("no SKU before ':'"));
    }
    let qty = qty
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|q| *q >= 1 && qty.trim().bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| bad("the quantity must be a whole number of at least 1"))?;
    Ok((sku.trim().to_string(), qty))
}

/// The invoice argument: a number, or None for `none`.
fn parse_invoice(text: &str) -> Result<Option<i64>, BadInput> {
    if text.trim().eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    text.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 1)
        .map(Some)
        .ok_or_else(|| {
            BadInput(format!(
                "INVOICE '{text}': not an invoice number (or none, for a return without one)"
            ))
        })
}

pub fn run(args: ReturnArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    let invoice = parse_invoice(&args.invoice)?;
    let items = args
        .items
        .iter()
        .map(|t| parse_item(t))
        .collect::<Result<Vec<_>, _>>()?;
    if invoice.is_some() && args.customer.is_some() {
        return Err(BadInput(format!(
            "--customer '{}': a return against an invoice is the invoice's customer's; give it only with none",
            args.customer.as_deref().unwrap_or_default()
        ))
        .into());
    }
    let mut store = ctx.open_existing()?;
    let user = auth::sign_in(&mut store, ctx.user.as_deref(), "take a return")?;
    let basis = ctx.config.backorders.price_break_basis;
    let bad = |e: StoreError| -> anyhow::Error {
        match e {
            StoreError::BadInput { .. } => BadInput(e.to_string()).into(),
            other => other.into(),
        }
    };
    let source = match invoice {
        Some(n) => store.return_source(n, basis).map_err(bad)?,
        None => {
            let customer = match &args.customer {
                Some(account) => Some(store.customer_by_account(account)?.ok_or_else(|| {
                    BadInput(format!("--customer '{account}': no such customer"))
                })?),
                None => None,
            };
            let mut rung = Vec::new();
            for (sku, qty) in &items {
                let line = store
                    .ring_line(
                        sku,
                        *qty,
                        customer.as_ref(),
                        &ctx.config.store.location,
                        &ctx.config.tax.rates,
                    )
                    .map_err(|e| match e {
                        StoreError::BadInput { .. } => {
                            BadInput(format!("ITEM '{sku}:{qty}': {e}")).into()
                        }
                        other => anyhow::Error::from(other),
                    })?;
                rung.push(line);
            }
            unlinked_source(customer.as_ref(), rung, ctx.config.tax.prices_include_tax)
        }
    };
    let picks = match invoice {
        Some(n) => {
            let mut picks = Vec::new();
            for (sku, qty) in &items {
                let line = source.line_for_sku(sku).ok_or_else(|| {
                    BadInput(format!(
                        "ITEM '{sku}:{qty}': invoice {n} delivered no {sku}"
                    ))
                })?;
                picks.push((line.line_no, *qty));
            }
            picks
        }
        None => source.all_lines(),
    };
    let refund_by = args
        .refund
        .map_or_else(|| source.original_tender(), TenderKind::from);
    // The policy decides on the refund as it is written (a return without an invoice, above
    // the limit, or back another way asks a manager: --approved-by).
    let done = auth::with_approvals(ctx, &mut store, &user, |store, approvals| {
        store.commit_return(&ReturnRequest {
            of: match invoice {
                Some(n) => ReturnOf::Invoice(n),
                None => ReturnOf::NoInvoice(&source),
            },
            picks: &picks,
            refund_by,
            damaged: args.damaged,
            location: &ctx.config.store.location,
            user: &user,
            approvals,
            basis,
        })
    })?;
    let doc = store
        .invoice(done.number)?
        .ok_or_else(|| anyhow::anyhow!("return {} was written but cannot be read", done.number))?;
    let mut out = std::io::stdout().lock();
    super::print_doc(&mut out, args.format, (&doc, store.zone()), || {
        format!(
            "return {}: {} back by {} for {}\n",
            done.number,
            done.refund,
            done.refund_by.as_str(),
            source.label()
        )
    })?;
    match crate::counter::print::print_invoice(&mut store, &ctx.config, done.number) {
        Ok(path) => eprintln!("return slip printed: {}", path.display()),
        Err(e) => eprintln!("the return slip failed: {e}"),
    }
    Ok(ExitCode::SUCCESS)
}
