//! The warnings before clearing or filling all backorders (Backorders Found).

use super::AppError;
use super::backorders_found::approve_or_ask;
use super::choice::{Choice, Pick, choice_layer};
use super::keymap::{Action, Screen};
use super::layer::{Approved, Ctx, Layer, Outcome, Transition};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warned {
    /// Only what is delivered today is sold.
    Clear,
    /// Every unit is sold as if in stock (a manager approves).
    FillAll,
}

#[derive(Debug, Clone)]
pub struct Warning {
    pub choice: Choice,
    pub about: Warned,
}

impl Warning {
    pub fn clear(ctx: &Ctx) -> Warning {
        Warning {
            choice: Choice::from_keymap(
                &ctx.keymap,
                Screen::ClearWarning,
                "Clear backorders",
                vec![
                    "Only what is delivered today is sold; the backordered units are dropped."
                        .into(),
                    "Warning: if the stock figure was wrong, this distorts stock counts.".into(),
                ],
                &[Action::ClearBackorders],
            )
            .letters_only(),
            about: Warned::Clear,
        }
    }

    pub fn fill_all(ctx: &Ctx) -> Warning {
        Warning {
            choice: Choice::from_keymap(
                &ctx.keymap,
                Screen::FillAllWarning,
                "Fill all backorders",
                vec![
                    "Sells every unit as if in stock (needs a manager).".into(),
                    "Warning: this is generally the wrong choice: it drives stock negative.".into(),
                ],
                &[Action::FillAllBackorders],
            )
            .letters_only(),
            about: Warned::FillAll,
        }
    }
}

fn fill_all(ctx: &mut Ctx, _: Approved) -> Transition {
    let approver = ctx.sale_approver();
    let filled = ctx.counter.fill_all(&approver);
    ctx.info(format!(
        "{filled} backordered unit(s) filled, approved by {approver}"
    ));
    Transition::ToSale(Outcome::Total)
}

impl Layer for Warning {
    fn keys(&self) -> Screen {
        match self.about {
            Warned::Clear => Screen::ClearWarning,
            Warned::FillAll => Screen::FillAllWarning,
        }
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        match self.choice.update(ctx, self.keys(), action) {
            Pick::Done(t) => Ok(t),
            Pick::Option(_) => Ok(match self.about {
                Warned::Clear => {
                    ctx.counter.clear_backorders();
                    ctx.info("Backorders cleared: only what is delivered is sold");
                    Transition::ToSale(Outcome::Total)
                }
                Warned::FillAll => approve_or_ask(ctx, Approved::FillAll, fill_all),
            }),
        }
    }

    fn resume(&mut self, ctx: &mut Ctx, outcome: Outcome) -> Result<Transition, AppError> {
        Ok(match outcome {
            Outcome::Approved(what) => fill_all(ctx, what),
            _ => Transition::Stay,
        })
    }

    choice_layer!();
}
