//! Backorders Found (SPEC section 3, step 6): what to do with units not delivered today.

use super::AppError;
use super::approval::Approval;
use super::choice::{Choice, Pick, choice_layer};
use super::customer_search::{CustomerFor, CustomerSearch};
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Outcome, Transition};
use super::payment::Payment;
use super::warning::Warning;

const OPTIONS: [Action; 5] = [
    Action::CreateOrder,
    Action::ChangeBillTo,
    Action::ClearBackorders,
    Action::FillAllBackorders,
    Action::BackToSale,
];

#[derive(Debug, Clone)]
pub struct BackordersFound {
    pub choice: Choice,
}

impl BackordersFound {
    /// Lists the lines not delivered in full, with the Bill To.
    pub fn open(ctx: &Ctx) -> BackordersFound {
        let view = ctx.counter.view();
        let mut body = vec!["These lines are not delivered in full today:".to_string()];
        for l in &view.lines {
            if l.backordered > 0 || l.held_back > 0 {
                // The figures before the description, so a narrow dialog cuts only words.
                body.push(format!(
                    "  {}: ordered {}, delivered {}, held {}, backordered {} · {}",
                    l.sku, l.ordered, l.delivered, l.held_back, l.backordered, l.description
                ));
                // Where else the units are: what decides between a backorder and a transfer.
                if let Some(stock) = &l.availability {
                    body.push(format!("    stock: {stock}"));
                }
            }
        }
        body.push(format!("Bill To: {}", view.bill_to()));
        let rules = ctx.counter.rules();
        for (payment, totals) in ctx.counter.sale.totals_by_payment(&rules) {
            let later = totals.pending - totals.deposit;
            let deposit = if totals.deposit.is_zero() {
                String::new()
            } else {
                format!(" (deposit {})", totals.deposit.round())
            };
            let mut label = payment.label().to_string();
            if let Some(first) = label.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            body.push(format!(
                "  {label}: now {}{deposit} · later {}",
                totals.due.round(),
                later.round()
            ));
        }
        BackordersFound {
            choice: Choice::from_keymap(
                &ctx.keymap,
                Screen::BackordersFound,
                "Backorders Found",
                body,
                &OPTIONS,
            ),
        }
    }

    fn chosen(&self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        Ok(match action {
            Action::CreateOrder => {
                if ctx.counter.sale.customer.is_none() {
                    return Err(AppError::CashSaleCannotOrder);
                }
                Transition::push(Payment::open(ctx))
            }
            Action::ChangeBillTo => {
                Transition::push(CustomerSearch::open(ctx, CustomerFor::BackordersFound))
            }
            Action::ClearBackorders => Transition::push(Warning::clear(ctx)),
            Action::FillAllBackorders => Transition::push(Warning::fill_all(ctx)),
            Action::BackToSale => {
                ctx.info("Back to the sale: nothing was written");
                Transition::ToSale(Outcome::Nothing)
            }
            _ => Transition::Stay,
        })
    }
}

impl Layer for BackordersFound {
    fn keys(&self) -> Screen {
        Screen::BackordersFound
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        match self.choice.update(ctx, self.keys(), action) {
            Pick::Option(i) => match self.choice.action(i) {
                Some(action) => self.chosen(ctx, action),
                None => Ok(Transition::Stay),
            },
            Pick::Done(t) => Ok(t),
        }
    }

    fn resume(&mut self, ctx: &mut Ctx, outcome: Outcome) -> Result<Transition, AppError> {
        Ok(match outcome {
            // The lines and prices may have changed with the Bill To: list them afresh.
            Outcome::BillTo => Transition::replace(BackordersFound::open(ctx)),
            _ => Transition::Stay,
        })
    }

    choice_layer!();
}

/// A clerk asks a manager; a manager signed in decides at once (the policy says which).
pub(crate) fn approve_or_ask(
    ctx: &mut Ctx,
    what: super::layer::Approved,
    carry_out: impl FnOnce(&mut Ctx, super::layer::Approved) -> Transition,
) -> Transition {
    let op = crate::domain::policy::Operation::Override;
    if ctx.counter.decide(&op) == crate::domain::policy::Decision::Allowed {
        carry_out(ctx, what)
    } else {
        Transition::push(Approval::new(what))
    }
}
