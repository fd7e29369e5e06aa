//! After a receipt: fill the orders waiting for the product, oldest first?

use super::AppError;
use super::choice::{Choice, Pick, choice_layer};
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Transition};
use super::text::TextView;

#[derive(Debug, Clone)]
pub struct FillWaiting {
    pub choice: Choice,
    pub sku: String,
    pub location: String,
    pub qty: i64,
}

impl FillWaiting {
    /// `body`: what was received and the orders waiting for it.
    pub fn open(ctx: &Ctx, body: Vec<String>, sku: &str, location: &str, qty: i64) -> FillWaiting {
        FillWaiting {
            choice: Choice::from_keymap(
                &ctx.keymap,
                Screen::FillWaiting,
                "Received: fill waiting orders?",
                body,
                &[Action::FillWaiting],
            ),
            sku: sku.to_string(),
            location: location.to_string(),
            qty,
        }
    }

    /// Commits the received stock to the orders waiting for it, oldest first.
    fn fill(&self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        let user = ctx.counter.user.name.clone();
        let store = &mut ctx.counter.store;
        let product = store.require_product(&self.sku)?;
        let filled = store.fill_waiting(product.id, &self.location, self.qty, &user)?;
        let lines = filled
            .iter()
            .map(|f| {
                format!(
                    "Committed {} of {} to order {} line {}",
                    f.qty, f.sku, f.order, f.line_no
                )
            })
            .collect();
        Ok(Transition::replace(TextView::new("Filled", lines)))
    }
}

impl Layer for FillWaiting {
    fn keys(&self) -> Screen {
        Screen::FillWaiting
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        match self.choice.update(ctx, self.keys(), action) {
            Pick::Done(t) => Ok(t),
            Pick::Option(_) => self.fill(ctx),
        }
    }

    choice_layer!();
}
