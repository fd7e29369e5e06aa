//! The reports of the manager menu, shown as text.

use super::AppError;
use super::choice::{Choice, Pick, choice_layer};
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Transition};
use super::text::TextView;
use crate::store::Store;

const OPTIONS: [Action; 5] = [
    Action::ReportBackorders,
    Action::ReportBacklog,
    Action::ReportReorder,
    Action::ReportDeposits,
    Action::ReportPurchase,
];

#[derive(Debug, Clone)]
pub struct Reports {
    pub choice: Choice,
}

impl Reports {
    pub fn open(ctx: &Ctx) -> Reports {
        Reports {
            choice: Choice::from_keymap(
                &ctx.keymap,
                Screen::Reports,
                "Reports",
                vec!["Which report?".into()],
                &OPTIONS,
            ),
        }
    }
}

// report table: the one call of the shared report formatting.
fn report_table(store: &Store, name: &str, location: &str) -> Result<String, AppError> {
    crate::cli::manager::report_table(store, name, location)
        .map_err(|e| AppError::Report(e.to_string()))
}

impl Layer for Reports {
    fn keys(&self) -> Screen {
        Screen::Reports
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        let name = match self.choice.update(ctx, self.keys(), action) {
            Pick::Done(t) => return Ok(t),
            Pick::Option(i) => match self.choice.action(i) {
                Some(Action::ReportBackorders) => "backorders",
                Some(Action::ReportBacklog) => "backlog",
                Some(Action::ReportReorder) => "reorder",
                Some(Action::ReportDeposits) => "deposits",
                Some(Action::ReportPurchase) => "purchase",
                _ => return Ok(Transition::Stay),
            },
        };
        let text = report_table(&ctx.counter.store, name, ctx.counter.location())?;
        let lines = text.lines().map(str::to_string).collect();
        Ok(Transition::replace(TextView::new(
            format!("Report: {name}"),
            lines,
        )))
    }

    choice_layer!();
}
