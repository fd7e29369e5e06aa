//! The manager's commands: orders, documents, reports, transfers.

use std::process::ExitCode;

use clap::Subcommand;

use super::Context;

#[derive(Debug, Subcommand)]
pub enum ManagerCommand {
    /// Show one invoice.
    Invoice {
        #[command(subcommand)]
        command: ShowCommand,
    },
    /// Show one customer order.
    Order {
        #[command(subcommand)]
        command: ShowCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum ShowCommand {
    Show {
        number: i64,
        #[arg(long, value_enum, default_value = "table")]
        format: super::Format,
    },
}

pub fn run(command: ManagerCommand, ctx: &Context) -> anyhow::Result<ExitCode> {
    let store = ctx.open_existing()?;
    let mut out = std::io::stdout().lock();
    match command {
        ManagerCommand::Invoice {
            command: ShowCommand::Show { number, format },
        } => {
            let doc = store
                .invoice(number)?
                .ok_or_else(|| super::BadInput(format!("invoice {number}: no such invoice")))?;
            super::print_doc(&mut out, format, &doc, || {
                crate::receipt::invoice_text(&doc, 80, &ctx.config.store)
            })?;
        }
        ManagerCommand::Order {
            command: ShowCommand::Show { number, format },
        } => {
            let doc = store
                .order(number)?
                .ok_or_else(|| super::BadInput(format!("order {number}: no such order")))?;
            super::print_doc(&mut out, format, &doc, || crate::receipt::order_text(&doc))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
