//! `ringup sale`: a whole sale from the command line or a script (a phone order, a web
//! shop's order), rung through the counter's own code: the same [`Counter`] glue and the
//! domain's [`Sale`](crate::domain::sale::Sale) rules, the same commit and receipt. Every
//! argument is checked before anything is written; a refusal names the argument and value.

use std::io::Write;
use std::process::ExitCode;

use clap::ValueEnum;

use super::{BadInput, Context, auth};
use crate::counter::{Counter, Error as AppError};
use crate::domain::Money;
use crate::domain::policy::{Decision, Operation, approval_needed};
use crate::domain::pricing::adjust::OPEN_PRICE;
use crate::domain::pricing::adjust::{Adjustment, PriceChange, check_reason, parse_percent};
use crate::domain::sale::{
    CountLimits, Payment, SaleError, TenderError, parse_amount, parse_count_within,
    tender_needs_confirm,
};
use crate::domain::tender::{TenderKind, remaining};
use crate::present::reports::Format;
use crate::store::StoreError;
use crate::store::sales::CommitError;

#[derive(Debug, Clone, clap::Args)]
pub struct SaleArgs {
    /// The customer's account; without it, a cash sale.
    #[arg(long, value_name = "ACCT")]
    customer: Option<String>,
    /// A product by SKU or barcode, with a quantity after a colon (1 if none). Repeatable;
    /// the same product twice adds to its line.
    #[arg(long = "item", value_name = "SKU[:QTY]", required = true)]
    items: Vec<String>,
    /// Hold back units of an item for the customer to collect later. Repeatable.
    #[arg(long = "hold", value_name = "SKU:QTY")]
    holds: Vec<String>,
    /// How the backordered units are paid if the sale becomes a customer order (default:
    /// the config's `backorders.payment`).
    #[arg(long, value_enum)]
    payment: Option<PaymentArg>,
    /// What to do when some units cannot be delivered now (the counter's Backorders
    /// Found): make a customer order, clear them from the sale, or refuse the sale.
    #[arg(long, value_enum, default_value = "refuse")]
    on_backorder: OnBackorder,
    /// A line's price set by hand (`VALVE=8.50`) or a percent off it (`VALVE=10%`), as
    /// Ctrl-L at the counter; needs --reason. Repeatable. An open-price item (0.00 in the
    /// catalog) must be given its price this way.
    #[arg(long = "price", value_name = "SKU=PRICE|PCT%")]
    prices: Vec<String>,
    /// A percent off the whole sale, as Ctrl-G at the counter; needs --reason.
    #[arg(long, value_name = "PCT")]
    discount: Option<String>,
    /// Why the prices were changed (printed on the receipt and audited).
    #[arg(long)]
    reason: Option<String>,
    /// How it is paid: cash, card or account, with an amount after a colon; without an
    /// amount, the rest of what is due. Repeatable (a split tender).
    #[arg(long = "tender", value_name = "KIND[:AMOUNT]")]
    tenders: Vec<String>,
    /// Yes to the questions the counter asks: of cash far above what is due (more than
    /// `[counter] cash_over_due_confirm` over it), of a manager putting a sale on account
    /// over the customer's credit limit, and of a --price far above the catalog's (more than
    /// `[overrides] confirm_raise_above_pct`). Without it, each is refused.
    #[arg(long)]
    yes: bool,
    /// `table` prints the invoice (and order) number; `json` the invoice document.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum PaymentArg {
    WhenReceived,
    WhenInvoiced,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnBackorder {
    Order,
    Clear,
    Refuse,
}

/// Splits `SKU:QTY` (or `SKU` alone when the quantity may be left out) and checks the
/// quantity as the counter's quantity box does.
fn sku_and_qty<'a>(
    flag: &str,
    text: &'a str,
    qty_optional: bool,
) -> anyhow::Result<(&'a str, u32)> {
    let bad = |why: String| BadInput(format!("{flag} '{text}': {why}"));
    let (sku, qty) = match text.rsplit_once(':') {
        Some((sku, qty)) => (sku.trim(), Some(qty)),
        None if qty_optional => (text.trim(), None),
        None => return Err(bad("give SKU:QTY".into()).into()),
    };
    if sku.is_empty() {
        return Err(bad("no SKU before the colon".into()).into());
    }
    let qty = match qty {
        None => 1,
        Some(q) => parse_count_within(q, CountLimits::QUANTITY).map_err(|e| bad(e.to_string()))?,
    };
    Ok((sku, qty))
}

/// `cash`, `card:20.00`, `account:5`.
fn tender(text: &str) -> anyhow::Result<(TenderKind, Option<Money>)> {
    let bad = |why: String| BadInput(format!("--tender '{text}': {why}"));
    let (kind, amount) = match text.split_once(':') {
        Some((kind, amount)) => (kind, Some(amount)),
        None => (text, None),
    };
    let kind = match kind.trim() {
        "cash" => TenderKind::Cash,
        "card" => TenderKind::Card,
        "account" => TenderKind::Account,
        other => return Err(bad(format!("'{other}' is not cash, card or account")).into()),
    };
    let amount = amount
        .map(|a| parse_amount(a).map_err(|e| bad(e.to_string())))
        .transpose()?;
    Ok((kind, amount))
}

pub fn run(args: SaleArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    let mut store = ctx.open_existing()?;
    let name = auth::sign_in(&mut store, ctx.user.as_deref(), "ring a sale")?;
    let user = store.user_or_manager(&name)?;
    let mut counter = Counter::new(store, ctx.config.clone(), user);
    if let Some(payment) = args.payment {
        counter.sale.payment = match payment {
            PaymentArg::WhenReceived => Payment::WhenReceived,
            PaymentArg::WhenInvoiced => Payment::WhenInvoiced,
        };
    }
    if let Some(account) = &args.customer {
        let customer = counter
            .store
            .customer_by_account(account)?
            .ok_or_else(|| BadInput(format!("--customer '{account}': no such customer")))?;
        counter.set_customer(Some(customer))?;
    }
    for item in &args.items {
        let (sku, qty) = sku_and_qty("--item", item, true)?;
        counter
            .add_item(sku, qty)
            .map_err(|e| refused("--item", item, e))?;
    }
    change_prices(&mut counter, &args, ctx)?;
    for hold in &args.holds {
        let (sku, qty) = sku_and_qty("--hold", hold, false)?;
        let index = counter
            .sale
            .lines
            .iter()
            .position(|l| l.sku.eq_ignore_ascii_case(sku))
            .ok_or_else(|| {
                BadInput(format!(
                    "--hold '{hold}': {sku} is not one of the --item lines"
                ))
            })?;
        counter
            .sale
            .hold_back(index, qty)
            .map_err(|e| refused("--hold", hold, e.into()))?;
    }
    // Units held back make a customer order by themselves; the choice is about units that
    // cannot be delivered now.
    let short = counter
        .sale
        .outcomes(&counter.rules())
        .iter()
        .any(|o| o.backordered > 0);
    if short {
        match args.on_backorder {
            OnBackorder::Refuse => {
                return Err(BadInput(format!(
                    "--on-backorder refuse: {}; give --on-backorder order (a customer order) or clear (sell what is here), nothing was written",
                    backorders(&counter)
                ))
                .into());
            }
            OnBackorder::Clear => {
                counter.clear_backorders();
                if counter.sale.lines.is_empty() {
                    return Err(BadInput(format!(
                        "--on-backorder clear: {}, and nothing would be left to sell; nothing was written",
                        backorders(&counter)
                    ))
                    .into());
                }
            }
            OnBackorder::Order if counter.sale.customer.is_none() => {
                return Err(BadInput(format!(
                    "--on-backorder order: {}, and a customer order needs --customer; nothing was written",
                    backorders(&counter)
                ))
                .into());
            }
            OnBackorder::Order => {}
        }
    }
    let tenders = tenders(&counter, &args.tenders, args.yes)?;
    let me = counter.user.name.clone();
    let done = loop {
        match counter.commit(&tenders) {
            Ok(done) => break done,
            // What the sale comes to needs a manager (on account over the limit): approved
            // with --approved-by, then written again.
            Err(AppError::Commit(CommitError::Store(StoreError::NeedsApproval(asked))))
                if !counter.approvals.iter().any(|a| a.approves() == &asked) =>
            {
                let approval = auth::approve(ctx, &mut counter.store, &me, &asked)?;
                counter.approvals.push(approval);
            }
            // A failing database is the machine's fault (exit 1); the rest is a refusal.
            Err(AppError::Store(e) | AppError::Commit(CommitError::Store(e)))
                if !e.is_bad_input() =>
            {
                return Err(e.into());
            }
            Err(refused) => {
                return Err(BadInput(format!("the sale was refused: {refused}")).into());
            }
        }
    };
    let invoice = done.committed.invoice;
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            let doc = counter.store.invoice(invoice)?.ok_or_else(|| {
                anyhow::anyhow!("invoice {invoice} was written but cannot be read")
            })?;
            writeln!(out, "{}", crate::present::json(&doc, counter.store.zone())?)?;
        }
        Format::Table | Format::Csv => {
            write!(out, "invoice {invoice}")?;
            if let Some(order) = done.committed.order {
                write!(out, ", customer order {order}")?;
            }
            if !done.change.is_zero() {
                write!(out, ", change {}", done.change)?;
            }
            writeln!(out)?;
        }
    }
    if let Err(e) = done.receipt {
        eprintln!("ringup: the sale is written, but {e}");
    }
    Ok(ExitCode::SUCCESS)
}

/// `--price` and `--discount`, checked as the counter's price box checks them. A cut the
/// policy gives to a manager is the user's own when they are one, else approved with
/// `--approved-by`, as a clerk at the counter asks one.
fn change_prices(counter: &mut Counter, args: &SaleArgs, ctx: &Context) -> anyhow::Result<()> {
    let me = counter.user.name.clone();
    let reason = |flag: &str, text: &str, open_price: bool| -> anyhow::Result<String> {
        match args.reason.as_deref() {
            None if open_price => Ok(OPEN_PRICE.to_string()),
            typed => check_reason(typed.unwrap_or_default())
                .map_err(|e| BadInput(format!("{flag} '{text}': --reason: {e}")).into()),
        }
    };
    // The policy on the cut: none needed, the user's own (a manager), or --approved-by.
    let approval = |counter: &mut Counter,
                    flag: &str,
                    text: &str,
                    cut_pct: rust_decimal::Decimal|
     -> anyhow::Result<Option<String>> {
        let op = Operation::PriceCut { cut_pct };
        let refused = |why: String| BadInput(format!("{flag} '{text}': {why}"));
        let Some(asked) = approval_needed(&op, counter.store.limits()).map_err(refused)? else {
            return Ok(None);
        };
        if counter.decide(&op) == Decision::Allowed {
            return Ok(Some(me.clone()));
        }
        let approval = auth::approve(ctx, &mut counter.store, &me, &asked)
            .map_err(|e| refused(e.to_string()))?;
        let manager = approval.manager().to_string();
        counter.approvals.push(approval);
        Ok(Some(manager))
    };
    for given in &args.prices {
        let bad = |why: String| BadInput(format!("--price '{given}': {why}"));
        let (sku, typed) = given
            .split_once('=')
            .ok_or_else(|| bad("write SKU=PRICE or SKU=PCT%, e.g. VALVE=8.50".into()))?;
        let index = counter
            .sale
            .lines
            .iter()
            .position(|l| l.sku.eq_ignore_ascii_case(sku.trim()))
            .ok_or_else(|| bad(format!("{} is not one of the --item lines", sku.trim())))?;
        let typed = typed.trim();
        let change = if typed.ends_with('%') {
            PriceChange::PercentOff(parse_percent(typed).map_err(|e| bad(e.to_string()))?)
        } else {
            PriceChange::UnitPrice(parse_amount(typed).map_err(|e| bad(e.to_string()))?)
        };
        let open_price = counter.sale.lines[index].prices.regular.is_zero();
        let reason = reason("--price", given, open_price)?;
        let raise = counter
            .sale
            .line_change_raise(index, change)
            .map_err(|e| bad(e.to_string()))?;
        if raise > counter.config.overrides.confirm_raise_above_pct && !args.yes {
            return Err(bad(format!(
                "{raise}% above the catalog's price; add --yes to take it"
            ))
            .into());
        }
        let cut = counter
            .sale
            .line_change_cut(index, change)
            .map_err(|e| bad(e.to_string()))?;
        let approved_by = approval(counter, "--price", given, cut)?;
        counter
            .sale
            .set_line_adjustment(
                index,
                Some(Adjustment {
                    change,
                    reason,
                    approved_by,
                }),
            )
            .map_err(|e| bad(e.to_string()))?;
    }
    if let Some(typed) = &args.discount {
        let pct =
            parse_percent(typed).map_err(|e| BadInput(format!("--discount '{typed}': {e}")))?;
        let reason = reason("--discount", typed, false)?;
        let cut = counter.sale.discount_cut(pct);
        let approved_by = approval(counter, "--discount", typed, cut)?;
        counter.sale.set_discount(Some(Adjustment {
            change: PriceChange::PercentOff(pct),
            reason,
            approved_by,
        }));
    }
    if args.reason.is_some() && args.prices.is_empty() && args.discount.is_none() {
        return Err(BadInput(format!(
            "--reason '{}': no --price or --discount to give it to",
            args.reason.as_deref().unwrap_or_default()
        ))
        .into());
    }
    // An open-price item is never sold at the 0.00 the catalog holds for it.
    if let Some(line) = counter
        .sale
        .lines
        .iter()
        .find(|l| l.prices.regular.is_zero() && l.adjust.line.is_none())
    {
        return Err(BadInput(format!(
            "--item '{}': an open-price item (0.00 in the catalog): give --price {}=PRICE",
            line.sku, line.sku
        ))
        .into());
    }
    Ok(())
}

/// A refusal in the command line's words: the screen's key hints become the argument.
fn refused(flag: &str, text: &str, e: AppError) -> BadInput {
    let why = match e {
        AppError::Sale(SaleError::HoldBackNeedsCustomer) => {
            "holding back needs a named customer: give --customer".to_string()
        }
        AppError::Tender(TenderError::AccountNeedsCustomer) => {
            "on account needs a named customer: give --customer".to_string()
        }
        other => other.to_string(),
    };
    BadInput(format!("{flag} '{text}': {why}"))
}

/// "3 of VALVE, 1 of TAPE backordered" for messages.
fn backorders(counter: &Counter) -> String {
    let rules = counter.rules();
    let short: Vec<String> = counter
        .sale
        .lines
        .iter()
        .zip(counter.sale.outcomes(&rules))
        .filter(|(_, o)| o.backordered > 0)
        .map(|(l, o)| format!("{} of {}", o.backordered, l.sku))
        .collect();
    format!("{} cannot be delivered now", short.join(", "))
}

/// The tenders, each checked as the tender screen checks it; an amount left out is the
/// rest of what is due.
fn tenders(
    counter: &Counter,
    given: &[String],
    yes: bool,
) -> anyhow::Result<Vec<(TenderKind, Money)>> {
    let due = counter.totals().due;
    if given.is_empty() && !due.is_zero() {
        return Err(BadInput(format!(
            "--tender: {due} is due; give --tender cash|card|account[:AMOUNT]"
        ))
        .into());
    }
    let mut taken: Vec<(TenderKind, Money)> = Vec::new();
    let mut on_account = Money::ZERO;
    for text in given {
        let (kind, amount) = tender(text)?;
        let left = remaining(due, &taken);
        if left.is_zero() {
            return Err(BadInput(format!(
                "--tender '{text}': the tenders before it pay all {due} due"
            ))
            .into());
        }
        let amount = amount.unwrap_or(left);
        match counter.check_tender(kind, amount, left, on_account) {
            // Over the credit limit is the policy's to decide as the sale is written; a
            // manager's own answers the question the screen asks them with --yes.
            Err(AppError::Tender(
                e @ TenderError::OverCreditLimit {
                    offered,
                    limit,
                    balance,
                },
            )) => {
                let op = Operation::OnAccount {
                    amount: offered,
                    owed: balance,
                    limit,
                };
                if !yes && counter.decide(&op) == Decision::Allowed {
                    return Err(BadInput(format!(
                        "--tender '{text}': {e}; add --yes to put it on account anyway"
                    ))
                    .into());
                }
            }
            Ok(()) => {}
            Err(e) => return Err(refused("--tender", text, e).into()),
        }
        let over = counter.config.counter.cash_over_due_confirm;
        if !yes && tender_needs_confirm(kind, amount, left, over) {
            return Err(BadInput(format!(
                "--tender '{text}': cash {amount} is {} over the {left} due (change to give); \
                 add --yes to take it",
                amount - left
            ))
            .into());
        }
        if kind == TenderKind::Account {
            on_account += amount;
        }
        taken.push((kind, amount));
    }
    Ok(taken)
}
