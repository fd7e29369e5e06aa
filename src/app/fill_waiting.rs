//! After stock comes in (a receipt or a transfer): fill the orders waiting for the
//! product, oldest first?

use super::AppError;
use super::choice::{Choice, Pick, choice_layer};
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Transition};
use super::text::TextView;
use crate::store::orders::ReceiptOutcome;
use crate::ui::padded;

#[derive(Debug, Clone)]
pub struct FillWaiting {
    pub choice: Choice,
    /// Each product that came in (SKU) and its units: at most these are committed.
    pub items: Vec<(String, i64)>,
    pub location: String,
}

impl FillWaiting {
    /// `body`: what came in and the orders waiting for it; `title`: how it came
    /// ("Received", "Transferred", "Purchase order 3").
    pub fn open(
        ctx: &Ctx,
        title: &str,
        body: Vec<String>,
        items: Vec<(String, i64)>,
        location: &str,
    ) -> FillWaiting {
        FillWaiting {
            choice: Choice::from_keymap(
                &ctx.keymap,
                Screen::FillWaiting,
                &format!("{title}: fill waiting orders?"),
                body,
                &[Action::FillWaiting],
            ),
            items,
            location: location.to_string(),
        }
    }

    /// Commits the received stock to the orders waiting for it, oldest first.
    fn fill(&self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        let user = ctx.counter.user.name.clone();
        let store = &mut ctx.counter.store;
        let mut lines = Vec::new();
        for (sku, qty) in &self.items {
            let product = store.require_product(sku)?;
            let filled = store.fill_waiting(product.id, &self.location, *qty, &user)?;
            lines.extend(filled.iter().map(|f| {
                format!(
                    "Committed {} of {} to order {} line {}",
                    f.qty, f.sku, f.order, f.line_no
                )
            }));
        }
        Ok(Transition::replace(TextView::new("Filled", lines)))
    }
}

/// Whether any order waiting for what came in could take some of it now.
pub fn could_fill(outcome: &ReceiptOutcome) -> bool {
    outcome.waiting.iter().any(|w| w.could_take > 0)
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
    let lines = stock_in_lines(sku, location, outcome);
    if could_fill(outcome) {
        Transition::replace(FillWaiting::open(
            ctx,
            title,
            lines,
            vec![(sku.to_string(), qty)],
            location,
        ))
    } else {
        Transition::replace(TextView::new(title, lines))
    }
}

/// What one product's stock in did: the stock at `location` now, what was filled at once,
/// and the orders still waiting, oldest first.
pub fn stock_in_lines(sku: &str, location: &str, outcome: &ReceiptOutcome) -> Vec<String> {
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
                "  order {:<6} {} {:>5} {:>5}",
                w.order,
                padded(&w.customer, 28),
                w.backordered,
                w.could_take
            ));
        }
    }
    lines
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
