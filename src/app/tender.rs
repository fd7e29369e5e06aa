//! Taking payment: for the sale at the counter, or for the final invoice of an order.
//! Cash may be over what is due (change), card and on account not; the change is the
//! domain's [`settle`](crate::domain::tender::settle).

use std::any::Any;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use tui_input::Input;

use super::AppError;
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Outcome, Transition, edit_number};
use crate::domain::Money;
use crate::domain::sale::{Payment, TenderKind};
use crate::domain::tender;
use crate::ui::Ui;

/// What a tender pays for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TenderFor {
    #[default]
    Sale,
    /// The final invoice of a customer order.
    Convert { order: i64 },
}

#[derive(Debug, Clone)]
pub struct Tender {
    pub input: Input,
    pub due: Money,
    pub tenders: Vec<(TenderKind, Money)>,
    pub payment: Payment,
    /// Backordered or held-back units become a customer order with this sale.
    pub creates_order: bool,
    pub purpose: TenderFor,
}

impl Tender {
    /// The tender for the sale on screen.
    pub fn for_sale(ctx: &mut Ctx, creates_order: bool) -> Tender {
        let totals = ctx.counter.totals();
        if totals.due.is_zero() {
            ctx.info("Nothing is due now: Enter finishes the sale");
        }
        Tender {
            input: Input::default(),
            // Rounded so that nothing due shows as "0.00" like every other amount.
            due: totals.due.round(),
            tenders: Vec::new(),
            payment: ctx.counter.sale.payment,
            creates_order,
            purpose: TenderFor::Sale,
        }
    }

    /// The tender for the final invoice of `order`.
    pub fn for_order(order: i64, due: Money, payment: Payment) -> Tender {
        Tender {
            input: Input::default(),
            due,
            tenders: Vec::new(),
            payment,
            creates_order: false,
            purpose: TenderFor::Convert { order },
        }
    }

    pub fn remaining(&self) -> Money {
        // With the places of the amount due: nothing left shows as "0.00", not "0".
        tender::remaining(self.due, &self.tenders).round()
    }

    pub fn on_account(&self) -> Money {
        self.tenders
            .iter()
            .filter(|(k, _)| *k == TenderKind::Account)
            .map(|(_, m)| *m)
            .sum()
    }

    fn take(&mut self, ctx: &mut Ctx, kind: TenderKind) -> Result<Transition, AppError> {
        let remaining = self.remaining();
        if remaining.is_zero() {
            return self.finish(ctx);
        }
        let typed = self.input.value().trim().to_string();
        let amount = if typed.is_empty() {
            remaining
        } else {
            Money::parse(&typed)?
        };
        ctx.counter
            .check_tender(kind, amount, remaining, self.on_account())?;
        self.tenders.push((kind, amount));
        self.input.reset();
        if self.remaining().is_zero() {
            return self.finish(ctx);
        }
        ctx.info(format!(
            "{} {amount} taken; {} still due",
            kind.as_str(),
            self.remaining()
        ));
        Ok(Transition::Stay)
    }

    fn finish(&self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        match self.purpose {
            TenderFor::Convert { order } => {
                let text = super::order::convert(ctx, order, &self.tenders)?;
                ctx.info(text);
                Ok(Transition::Pop(Outcome::Refresh))
            }
            TenderFor::Sale => Ok(finish_sale(ctx, &self.tenders)),
        }
    }
}

/// Commits the sale; the screen goes back to the sale, which is new if it was written.
fn finish_sale(ctx: &mut Ctx, tenders: &[(TenderKind, Money)]) -> Transition {
    let result = ctx.counter.commit(tenders);
    ctx.approved_by = None;
    let done = match result {
        Ok(done) => done,
        Err(e) => {
            ctx.error(e.to_string());
            return Transition::ToSale(Outcome::Nothing);
        }
    };
    let mut text = format!("Invoice {} done", done.committed.invoice);
    if !done.change.is_zero() {
        text += &format!(": change {}", done.change);
    }
    if let Some(order) = done.committed.order {
        text += &format!("; customer order {order} holds the backorders");
    }
    match done.receipt {
        Ok(path) => {
            text += &format!("; receipt: {}", path.display());
            ctx.info(text);
        }
        Err(e) => ctx.error(format!(
            "{text}, but the receipt failed: {e} (Ctrl-P reprints)"
        )),
    }
    Transition::ToSale(Outcome::Line(0))
}

impl Layer for Tender {
    fn keys(&self) -> Screen {
        Screen::Tender
    }

    fn name(&self) -> String {
        "tender".into()
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        let kind = match action {
            Action::Edit(e) => {
                edit_number(&mut self.input, e, true);
                return Ok(Transition::Stay);
            }
            Action::Back => {
                ctx.info("Payment cancelled: the sale is still here");
                return Ok(Transition::pop());
            }
            Action::Cash | Action::Confirm | Action::Total => TenderKind::Cash,
            Action::Card => TenderKind::Card,
            Action::Account => TenderKind::Account,
            other => return Ok(ctx.common(Screen::Tender, other)),
        };
        self.take(ctx, kind)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) -> Option<Position> {
        crate::ui::tender::render(frame.buffer_mut(), area, self, ui)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
