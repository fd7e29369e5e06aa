//! F6 on a backordered line (SPEC section 3, step 5): deliver anyway, or release units
//! from another customer's order. Either needs a manager.

use super::AppError;
use super::backorders_found::approve_or_ask;
use super::choice::{Choice, Pick, choice_layer};
use super::keymap::{Action, Screen};
use super::layer::{Approved, Ctx, Layer, Outcome, Transition};
use super::release_from::ReleaseFrom;

const OPTIONS: [Action; 2] = [Action::OverrideIgnore, Action::OverrideRelease];

#[derive(Debug, Clone)]
pub struct OverrideBackorder {
    pub choice: Choice,
    pub line: usize,
}

impl OverrideBackorder {
    pub fn open(ctx: &Ctx, line: usize) -> OverrideBackorder {
        let view = ctx.counter.view();
        let body = view
            .lines
            .get(line)
            .map(|l| format!("{} {}: {} backordered", l.sku, l.description, l.backordered))
            .into_iter()
            .collect();
        OverrideBackorder {
            choice: Choice::from_keymap(
                &ctx.keymap,
                Screen::Override,
                "Override backorder",
                body,
                &OPTIONS,
            ),
            line,
        }
    }
}

/// Carries out an approved override; the dialogs that asked for it close.
fn carry_out(ctx: &mut Ctx, what: Approved) -> Transition {
    let approver = ctx.sale_approver();
    match what {
        Approved::OverrideIgnore { line } => {
            match ctx.counter.override_ignore(line, &approver) {
                Ok(qty) => ctx.info(format!(
                    "Override: {qty} delivered anyway, approved by {approver}"
                )),
                Err(e) => ctx.error(e.to_string()),
            }
            Transition::ToSale(Outcome::Nothing)
        }
        Approved::OverrideRelease { line } => match ctx.counter.release_candidates(line) {
            Ok(candidates) => Transition::replace(ReleaseFrom::new(line, candidates)),
            Err(e) => {
                ctx.error(e.to_string());
                Transition::pop()
            }
        },
        Approved::FillAll
        | Approved::OverCreditLimit { .. }
        | Approved::PriceChange
        | Approved::Policy(_) => Transition::Stay,
    }
}

impl Layer for OverrideBackorder {
    fn keys(&self) -> Screen {
        Screen::Override
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        let line = self.line;
        let chosen = match self.choice.update(ctx, self.keys(), action) {
            Pick::Done(t) => return Ok(t),
            Pick::Option(i) => self.choice.action(i),
        };
        Ok(match chosen {
            Some(Action::OverrideIgnore) => {
                approve_or_ask(ctx, Approved::OverrideIgnore { line }, carry_out)
            }
            Some(Action::OverrideRelease) => {
                if ctx.counter.release_candidates(line)?.is_empty() {
                    return Err(AppError::NothingToRelease);
                }
                approve_or_ask(ctx, Approved::OverrideRelease { line }, carry_out)
            }
            _ => Transition::Stay,
        })
    }

    fn resume(&mut self, ctx: &mut Ctx, outcome: Outcome) -> Result<Transition, AppError> {
        Ok(match outcome {
            Outcome::Approved(what) => carry_out(ctx, what),
            _ => Transition::Stay,
        })
    }

    choice_layer!();
}
