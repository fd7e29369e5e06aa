//! The reports of the manager menu, shown as text.

use super::AppError;
use super::choice::{Choice, Pick, choice_layer};
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Transition};
use super::text::TextView;
use crate::present::reports::ReportName;
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

/// The shared report formatting of `crate::present`, with the configured currency places.
fn report_table(store: &Store, name: ReportName, location: &str) -> Result<String, AppError> {
    crate::present::reports::report_table(store, name, location)
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
                Some(Action::ReportBackorders) => ReportName::Backorders,
                Some(Action::ReportBacklog) => ReportName::Backlog,
                Some(Action::ReportReorder) => ReportName::Reorder,
                Some(Action::ReportDeposits) => ReportName::Deposits,
                Some(Action::ReportPurchase) => ReportName::Purchase,
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
