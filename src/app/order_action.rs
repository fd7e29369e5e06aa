//! The questions before a cancel or a void gives something back: how many backordered units
//! to cancel, then how the money goes back (cash, card, on account), then a yes/no that
//! defaults to No. Each step replaces the one before; the last hands the order screen a
//! [`Confirmed`] answer to carry out.

use std::any::Any;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use tui_input::Input;

use super::AppError;
use super::choice::{Choice, Pick, choice_layer};
use super::confirm::{Confirm, Confirmed};
use super::draw::Ui;
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Transition, edit_selected};
use super::number::NumberBox;
use crate::domain::Money;
use crate::domain::order::refund_method_allowed;
use crate::domain::sale::{CountLimits, parse_count_within};
use crate::domain::tender::TenderKind;
use crate::ui::Theme;

/// What is being given back, and on which order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Giving {
    /// `qty` backordered units of line `line_no` (`sku`) are cancelled.
    Cancel {
        order: i64,
        line_no: i64,
        sku: String,
        qty: i64,
    },
    /// The whole order is voided.
    Void { order: i64 },
}

impl Giving {
    fn order(&self) -> i64 {
        match self {
            Giving::Cancel { order, .. } | Giving::Void { order } => *order,
        }
    }

    /// The last question: yes carries it out, No (the default) keeps the order as it is.
    fn confirm(self, refund: Money, refund_by: Option<TenderKind>) -> Confirm {
        let back = match refund_by {
            Some(kind) => format!(", refund {refund} {}", way(kind)),
            None => String::new(),
        };
        match self {
            Giving::Cancel {
                order,
                line_no,
                sku,
                qty,
            } => Confirm::new(
                format!("Cancel backorder: order {order} line {line_no}"),
                format!("Cancel {qty} of {sku}{back}? y: yes · Enter: no"),
                Confirmed::CancelBackorder {
                    line_no,
                    qty,
                    refund_by,
                },
                "Backorder kept",
            ),
            Giving::Void { order } => Confirm::new(
                "Void order",
                format!("Void order {order}{back}? y: yes · Enter: no"),
                Confirmed::VoidOrder { refund_by },
                "Order kept",
            ),
        }
    }

    /// The next question once the refund is known: how it goes back, if anything does
    /// (the way the deposit was paid comes first).
    pub fn next(
        self,
        ctx: &Ctx,
        refund: Money,
        customer_account: &str,
    ) -> Result<Box<dyn Layer>, AppError> {
        if refund.is_zero() {
            return Ok(Box::new(self.confirm(refund, None)));
        }
        let paid_by = ctx.counter.store.deposit_tender(self.order())?;
        Ok(Box::new(RefundMethod::new(
            ctx,
            self,
            refund,
            customer_account,
            paid_by,
        )))
    }
}

/// "in cash", "to the card", "on account".
pub fn way(kind: TenderKind) -> &'static str {
    match kind {
        TenderKind::Cash => "in cash",
        TenderKind::Card => "to the card",
        TenderKind::Account => "on account",
    }
}

/// How many of a line's backordered units to cancel: all of them unless fewer are typed.
#[derive(Debug, Clone)]
pub struct CancelQty {
    pub title: String,
    pub input: Input,
    /// The figure filled in is selected: the first key typed replaces it.
    pub selected: bool,
    pub limits: CountLimits,
    pub giving: Giving,
    pub customer_account: String,
}

impl CancelQty {
    pub const LABEL: &str = "Units to cancel";

    pub fn new(
        order: i64,
        line_no: i64,
        sku: &str,
        backordered: i64,
        customer_account: &str,
    ) -> CancelQty {
        let max = u32::try_from(backordered).unwrap_or(0);
        CancelQty {
            title: format!("Cancel backorder: order {order} line {line_no} {sku}"),
            input: Input::new(backordered.to_string()),
            selected: true,
            limits: CountLimits { min: 1, max },
            giving: Giving::Cancel {
                order,
                line_no,
                sku: sku.to_string(),
                qty: backordered,
            },
            customer_account: customer_account.to_string(),
        }
    }

    fn set(&self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        let qty = parse_count_within(self.input.value(), self.limits).map_err(|source| {
            AppError::BadCount {
                label: Self::LABEL.to_string(),
                source,
            }
        })?;
        let Giving::Cancel {
            order,
            line_no,
            ref sku,
            ..
        } = self.giving
        else {
            return Ok(Transition::pop());
        };
        let qty = i64::from(qty);
        let rules = ctx.counter.config.order_rules();
        let refund = ctx
            .counter
            .store
            .preview_cancel(order, line_no, Some(qty), &rules)?;
        let giving = Giving::Cancel {
            order,
            line_no,
            sku: sku.clone(),
            qty,
        };
        Ok(Transition::Replace(giving.next(
            ctx,
            refund,
            &self.customer_account,
        )?))
    }
}

impl Layer for CancelQty {
    fn keys(&self) -> Screen {
        Screen::Prompt
    }

    fn name(&self) -> String {
        format!("number: {}", self.title)
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        match action {
            Action::Edit(e) => {
                edit_selected(&mut self.input, &mut self.selected, e);
                Ok(Transition::Stay)
            }
            Action::Confirm | Action::Total => self.set(ctx),
            Action::Back => {
                ctx.info("Backorder kept");
                Ok(Transition::pop())
            }
            other => Ok(ctx.common(Screen::Prompt, other)),
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) -> Option<Position> {
        render(frame.buffer_mut(), area, self, ui.theme)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// How the money goes back: cash, card or on account.
#[derive(Debug, Clone)]
pub struct RefundMethod {
    pub choice: Choice,
    pub giving: Giving,
    pub refund: Money,
    pub customer_account: String,
}

impl RefundMethod {
    pub fn new(
        ctx: &Ctx,
        giving: Giving,
        refund: Money,
        customer_account: &str,
        paid_by: TenderKind,
    ) -> RefundMethod {
        let body = vec![format!(
            "{refund} goes back to the customer of order {}, paid {}. How?",
            giving.order(),
            way(paid_by).replace("to the ", "by ")
        )];
        let ways = [Action::Cash, Action::Card, Action::Account];
        let mut choice =
            Choice::from_keymap(&ctx.keymap, Screen::RefundMethod, "Refund", body, &ways);
        // Back the way it came unless the clerk picks another.
        choice.cursor = match paid_by {
            TenderKind::Cash => 0,
            TenderKind::Card => 1,
            TenderKind::Account => 2,
        };
        RefundMethod {
            choice,
            giving,
            refund,
            customer_account: customer_account.to_string(),
        }
    }

    fn picked(&self, ctx: &mut Ctx, index: usize) -> Transition {
        let kind = match self.choice.action(index) {
            Some(Action::Cash) => TenderKind::Cash,
            Some(Action::Card) => TenderKind::Card,
            Some(Action::Account) => TenderKind::Account,
            _ => return Transition::Stay,
        };
        if !refund_method_allowed(kind, &self.customer_account) {
            ctx.error("On account: this customer has no account; refund in cash or to a card");
            return Transition::Stay;
        }
        Transition::replace(self.giving.clone().confirm(self.refund, Some(kind)))
    }
}

impl Layer for RefundMethod {
    fn keys(&self) -> Screen {
        Screen::RefundMethod
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        if action == Action::Back {
            ctx.info("Nothing given back: the order is kept");
        }
        Ok(match self.choice.update(ctx, self.keys(), action) {
            Pick::Option(index) => self.picked(ctx, index),
            Pick::Done(t) => t,
        })
    }

    choice_layer!();
}

// Drawing: how many backordered units to cancel, over the order screen.

fn render(buf: &mut Buffer, area: Rect, prompt: &CancelQty, theme: &Theme) -> Option<Position> {
    let number = NumberBox {
        title: &prompt.title,
        label: CancelQty::LABEL,
        input: &prompt.input,
        selected: prompt.selected,
        limits: prompt.limits,
        keys: "Enter: next · Esc: keep the backorder",
    };
    number.render(buf, area, theme)
}
