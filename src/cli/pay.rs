//! `ringup pay`: a payment on account, in cash or by card, against what a customer owes;
//! and `ringup payment show N`. A clerk may take one (as at the counter); the receipt is
//! printed through the receipt output.

use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};

use super::{BadInput, Context, auth};
use crate::domain::Money;
use crate::domain::payment::PaymentTender;
use crate::present::reports::Format;
use crate::store::StoreError;
use crate::store::payments::NewPayment;

#[derive(Debug, Clone, clap::Args)]
pub struct PayArgs {
    /// The customer's account.
    account: String,
    /// The amount paid: more than zero and at most what the customer owes.
    #[arg(allow_hyphen_values = true)]
    amount: String,
    /// How it is paid.
    #[arg(long, value_enum)]
    tender: TenderArg,
    /// `table` prints the payment number and the new balance; `json` the payment document.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TenderArg {
    Cash,
    Card,
}

impl From<TenderArg> for PaymentTender {
    fn from(t: TenderArg) -> PaymentTender {
        match t {
            TenderArg::Cash => PaymentTender::Cash,
            TenderArg::Card => PaymentTender::Card,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum PaymentCommand {
    /// Show a payment on account as its receipt prints it.
    Show {
        number: i64,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
}

pub fn run(args: PayArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    let amount = Money::parse(&args.amount)
        .map_err(|e| BadInput(format!("AMOUNT '{}': {e}", args.amount)))?;
    let mut store = ctx.open_existing()?;
    let user = auth::sign_in(&mut store, ctx.user.as_deref(), "take a payment on account")?;
    let doc = store
        .pay_on_account(&NewPayment {
            account: &args.account,
            amount,
            tender: args.tender.into(),
            location: &ctx.config.store.location,
            user: &user,
        })
        .map_err(|e| match e {
            StoreError::UnknownCustomer(account) => {
                BadInput(format!("ACCOUNT '{account}': no such customer account")).into()
            }
            StoreError::Payment(e) => BadInput(format!("AMOUNT '{}': {e}", args.amount)).into(),
            other => anyhow::Error::from(other),
        })?;
    let mut out = std::io::stdout().lock();
    super::print_doc(&mut out, args.format, (&doc, store.zone()), || {
        format!(
            "payment {}: {} {} on account {}, balance now {}\n",
            doc.number, doc.tender, doc.amount, doc.account, doc.balance_after
        )
    })?;
    // The payment is stored; only its receipt may fail (print it with `payment show`).
    match crate::counter::print::print_payment(&ctx.config, &doc) {
        Ok(path) => eprintln!("receipt printed: {}", path.display()),
        Err(e) => eprintln!("the receipt failed: {e}"),
    }
    Ok(ExitCode::SUCCESS)
}

pub fn show(command: PaymentCommand, ctx: &Context) -> anyhow::Result<ExitCode> {
    let PaymentCommand::Show { number, format } = command;
    let store = ctx.open_existing()?;
    let doc = store
        .payment(number)?
        .ok_or_else(|| BadInput(format!("payment {number}: no such payment on account")))?;
    let mut out = std::io::stdout().lock();
    super::print_doc(&mut out, format, (&doc, store.zone()), || {
        crate::present::receipt::payment_text(&doc, 80, &ctx.config.store)
    })?;
    Ok(ExitCode::SUCCESS)
}
