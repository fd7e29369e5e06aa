//! After stock comes in (a receipt or a transfer): fill the orders waiting for the
//! product, oldest first?

use super::AppError;
use super::choice::{Choice, Pick, choice_layer};
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Transition};
use super::text::TextView;
use crate::store::orders::ReceiptOutcome;

#[derive(Debug, Clone)]
pub struct FillWaiting {
    pub choice: Choice,
    pub sku: String,
    pub location: String,
    pub qty: i64,
}

impl FillWaiting {
    /// `body`: what came in and the orders waiting for it; `title`: how it came
    /// ("Received", "Transferred").
    pub fn open(
        ctx: &Ctx,
        title: &str,
        body: Vec<String>,
        sku: &str,
        location: &str,
        qty: i64,
    ) -> FillWaiting {
        FillWaiting {
            choice: Choice::from_keymap(
                &ctx.keymap,
                Screen::FillWaiting,
                &format!("{title}: fill waiting orders?"),
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

/// After `qty` of `sku` came in at `location`: the stock there now, what was filled at
/// once, the orders still waiting, and the offer to fill them when any could take some.
pub fn after_stock_in(
    ctx: &Ctx,
    title: &str,
    sku: &str,
    location: &str,
    qty: i64,
    outcome: &ReceiptOutcome,
) -> Transition {
    let mut lines = vec![format!(
        "{location} {sku}: on hand {}, committed {}, available {}",
        outcome.on_hand, outcome.committed, outcome.available
    )];
    for f in &outcome.filled {
        lines.push(format!(
            "Committed {} to order {} line {}",
            f.qty, f.order, f.line_no
        ));
    }
    if outcome.waiting.is_empty() {
        lines.push("No order is waiting for this product.".into());
    } else {
        lines.push("Orders waiting, oldest first: order, customer, backordered, could take".into());
        for w in &outcome.waiting {
            lines.push(format!(
                "  order {:<6} {:<28} {:>5} {:>5}",
                w.order, w.customer, w.backordered, w.could_take
            ));
        }
    }
    if outcome.waiting.iter().any(|w| w.could_take > 0) {
        Transition::replace(FillWaiting::open(ctx, title, lines, sku, location, qty))
    } else {
        Transition::replace(TextView::new(title, lines))
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
