//! On an order with units ready: how the customer was told (phone, e-mail, text), recorded
//! with who told them and when.

use super::AppError;
use super::choice::{Choice, Pick, choice_layer};
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Outcome, Transition};

#[derive(Debug, Clone)]
pub struct NotifyVia {
    pub choice: Choice,
    pub order: i64,
}

impl NotifyVia {
    pub fn new(ctx: &Ctx, order: i64, phone: &str, email: &str) -> NotifyVia {
        let or_none = |s: &str| {
            if s.is_empty() {
                "none".to_string()
            } else {
                s.to_string()
            }
        };
        let body = vec![
            format!("Order {order} is ready. How was the customer told?"),
            format!("Phone {}  E-mail {}", or_none(phone), or_none(email)),
        ];
        NotifyVia {
            choice: Choice::from_keymap(
                &ctx.keymap,
                Screen::NotifyVia,
                "Customer notified",
                body,
                &[Action::NotifyPhone, Action::NotifyEmail, Action::NotifySms],
            ),
            order,
        }
    }

    fn picked(&self, ctx: &mut Ctx, index: usize) -> Result<Transition, AppError> {
        let via = match self.choice.action(index) {
            Some(Action::NotifyPhone) => "phone",
            Some(Action::NotifyEmail) => "email",
            Some(Action::NotifySms) => "sms",
            _ => return Ok(Transition::Stay),
        };
        let user = ctx.counter.user.name.clone();
        let notice = ctx.counter.store.notify_order(self.order, via, &user)?;
        ctx.info(format!(
            "Order {}: customer told by {} ({})",
            self.order, notice.via, notice.by
        ));
        Ok(Transition::Pop(Outcome::Refresh))
    }
}

impl Layer for NotifyVia {
    fn keys(&self) -> Screen {
        Screen::NotifyVia
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        match self.choice.update(ctx, self.keys(), action) {
            Pick::Option(index) => self.picked(ctx, index),
            Pick::Done(t) => Ok(t),
        }
    }

    choice_layer!();
}
