//! `ringup parked`: the parked sales and quotes of every terminal, newest first; and
//! `ringup quote show N`: a quote as it prints.

use std::process::ExitCode;

use clap::Subcommand;

use super::{BadInput, Context};
use crate::present::reports::Format;

#[derive(Debug, Subcommand)]
pub enum QuoteCommand {
    /// Show a quote as it prints (`json`: the quote with its lines).
    Show {
        number: i64,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
}

pub fn list(format: Format, ctx: &Context) -> anyhow::Result<ExitCode> {
    let store = ctx.open_existing()?;
    let sales = store.parked_sales()?;
    let mut out = std::io::stdout().lock();
    crate::present::parked::print_parked(&mut out, format, &sales, store.zone())?;
    Ok(ExitCode::SUCCESS)
}

pub fn quote(command: QuoteCommand, ctx: &Context) -> anyhow::Result<ExitCode> {
    let QuoteCommand::Show { number, format } = command;
    let store = ctx.open_existing()?;
    let quote = store
        .quote(number)?
        .ok_or_else(|| BadInput(format!("quote {number}: no such quote")))?;
    let mut out = std::io::stdout().lock();
    super::print_doc(&mut out, format, (&quote, store.zone()), || {
        crate::present::receipt::quote_text(&quote, 80, &ctx.config.store)
    })?;
    Ok(ExitCode::SUCCESS)
}
