//! After "create customer order": when the customer pays for the units not delivered.

use super::AppError;
use super::choice::{Choice, Pick, choice_layer};
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Outcome, Transition};
use crate::domain::sale::Payment as Mode;

const OPTIONS: [Action; 2] = [Action::PayWhenReceived, Action::PayWhenInvoiced];

#[derive(Debug, Clone)]
pub struct Payment {
    pub choice: Choice,
}

impl Payment {
    /// With the configured payment preselected.
    pub fn open(ctx: &Ctx) -> Payment {
        let mut choice = Choice::from_keymap(
            &ctx.keymap,
            Screen::Payment,
            "Create customer order: payment",
            vec!["When does the customer pay for the units not delivered today?".into()],
            &OPTIONS,
        );
        choice.cursor = usize::from(ctx.counter.config.backorders.payment == Mode::WhenInvoiced);
        Payment { choice }
    }
}

impl Layer for Payment {
    fn keys(&self) -> Screen {
        Screen::Payment
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        let mode = match self.choice.update(ctx, self.keys(), action) {
            Pick::Done(t) => return Ok(t),
            Pick::Option(i) => match self.choice.action(i) {
                Some(Action::PayWhenInvoiced) => Mode::WhenInvoiced,
                Some(Action::PayWhenReceived) => Mode::WhenReceived,
                _ => return Ok(Transition::Stay),
            },
        };
        ctx.counter.sale.payment = mode;
        Ok(Transition::ToSale(Outcome::Tender {
            creates_order: true,
        }))
    }

    choice_layer!();
}
