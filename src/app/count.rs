//! F8 count: after the count form (SKU, location, counted quantity), on hand now and what
//! the count will change; `s` sets on hand to the count through the same store method as
//! `ringup count`, and the manager is told which orders' promises went back to backordered.

use super::AppError;
use super::choice::{Choice, Pick, choice_layer};
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Transition};
use super::text::TextView;
use crate::domain::order::unpromise_newest;
use crate::domain::stock::parse_count;
use crate::store::StoreError;

#[derive(Debug, Clone)]
pub struct CountCheck {
    pub choice: Choice,
    pub sku: String,
    pub location: String,
    pub counted: i64,
}

/// Checks the count form's values (`SKU`, `Location`, `Counted quantity`) and shows on
/// hand now before anything is written.
pub fn check(ctx: &mut Ctx, values: &[String]) -> Result<Transition, AppError> {
    let [code, location, counted] = values else {
        return Ok(Transition::Stay);
    };
    if code.is_empty() {
        return Err(AppError::Required {
            field: "SKU or barcode",
        });
    }
    let counted = parse_count("Counted quantity", counted).map_err(StoreError::from)?;
    let store = &ctx.counter.store;
    let product = store.require_product(code)?;
    if !store.locations()?.contains(location) {
        return Err(StoreError::bad_input("Location", location, "no such location").into());
    }
    let level = store.stock_level(product.id, location)?;
    let mut body = vec![
        format!("{} {} at {location}", product.sku, product.description),
        format!(
            "On hand now {}, committed to orders {}",
            level.on_hand, level.committed
        ),
        format!(
            "Counted {counted}: on hand becomes {counted} ({:+})",
            counted - level.on_hand
        ),
    ];
    // The store's rule, on the promises as one: how many units it sends back.
    let back: i64 = unpromise_newest(counted, &[level.committed]).iter().sum();
    if back > 0 {
        body.push(format!(
            "{back} promised unit(s) go back to backordered, newest orders first"
        ));
    }
    Ok(Transition::replace(CountCheck {
        choice: Choice::from_keymap(
            &ctx.keymap,
            Screen::Count,
            "Count stock",
            body,
            &[Action::SetCount],
        ),
        sku: product.sku,
        location: location.clone(),
        counted,
    }))
}

impl CountCheck {
    fn set(&self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        let user = ctx.counter.user.name.clone();
        let outcome = ctx
            .counter
            .store
            .count(&self.sku, self.counted, &self.location, &user)?;
        let mut lines = vec![format!(
            "Counted {} of {} at {} (was {}): on hand {}, committed {}",
            self.counted,
            self.sku,
            self.location,
            outcome.before,
            outcome.on_hand,
            outcome.committed
        )];
        for u in &outcome.unpromised {
            lines.push(format!(
                "Order {} line {}: {} of {} back to backordered",
                u.order, u.line_no, u.qty, u.sku
            ));
            if let Some(call) = &u.call_back {
                lines.push(format!(
                    "  Call back {} ({}): told it was ready by {} on {}",
                    call.customer,
                    crate::present::contact(&call.phone, &call.email),
                    call.told.via,
                    call.told.at
                ));
            }
        }
        if outcome.unpromised.is_empty() {
            ctx.info(format!("Counted {} of {}", self.counted, self.sku));
            lines.push("No order's promise changed.".into());
        } else {
            let orders: Vec<String> = outcome
                .unpromised
                .iter()
                .map(|u| u.order.to_string())
                .collect();
            ctx.info(format!(
                "Counted {} of {}: back to backordered on order {}",
                self.counted,
                self.sku,
                orders.join(", ")
            ));
        }
        Ok(Transition::replace(TextView::new("Counted", lines)))
    }
}

impl Layer for CountCheck {
    fn keys(&self) -> Screen {
        Screen::Count
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        match self.choice.update(ctx, self.keys(), action) {
            Pick::Done(t) => Ok(t),
            Pick::Option(_) => self.set(ctx),
        }
    }

    choice_layer!();
}
