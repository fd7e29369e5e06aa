//! `ringup day`: the X report of the day so far, closing the day (the Z report), and a
//! closed day's report again.

use std::process::ExitCode;

use clap::Subcommand;

use super::{BadInput, Context};
use crate::domain::Money;
use crate::present::reports::Format;

#[derive(Debug, Subcommand)]
pub enum DayCommand {
    /// The X report: this location's figures since its last close. Reads only.
    Report {
        /// The location (default: this terminal's).
        #[arg(long, value_name = "L")]
        location: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Close the day (the Z report): the figures since the last close with the cash
    /// counted in the drawer, numbered, stored and printed; needs a manager.
    Close {
        /// The cash counted in the drawer, float included.
        #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
        counted_cash: String,
        /// The location (default: this terminal's).
        #[arg(long, value_name = "L")]
        location: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// A closed day's Z report, as stored.
    Show {
        number: i64,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
}

pub fn run(command: DayCommand, ctx: &Context) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let here =
        |location: Option<String>| location.unwrap_or_else(|| ctx.config.store.location.clone());
    match command {
        DayCommand::Report { location, format } => {
            let store = ctx.open_existing()?;
            let location = here(location);
            if !store.locations()?.contains(&location) {
                return Err(BadInput(format!("--location '{location}': no such location")).into());
            }
            let report = store.day_report(&location, ctx.config.opening_float())?;
            crate::present::day::write(&mut out, format, &report, store.zone())?;
        }
        DayCommand::Close {
            counted_cash,
            location,
            format,
        } => {
            let counted = Money::parse(&counted_cash)
                .map_err(|e| BadInput(format!("--counted-cash: {e}")))?;
            let (mut store, user) = ctx.open_as_manager("close the day")?;
            let report =
                store.close_day(&here(location), counted, ctx.config.opening_float(), &user)?;
            crate::present::day::write(&mut out, format, &report, store.zone())?;
            // The day is closed and stored; only its slip may fail (print it with `day show`).
            match crate::counter::print::print_day(&ctx.config, &report) {
                Ok(path) => eprintln!("Z report printed: {}", path.display()),
                Err(e) => eprintln!("the Z report's slip failed: {e}"),
            }
        }
        DayCommand::Show { number, format } => {
            let store = ctx.open_existing()?;
            let report = store
                .day(number)?
                .ok_or_else(|| BadInput(format!("day {number}: no such closed day")))?;
            crate::present::day::write(&mut out, format, &report, store.zone())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
