//! A payment on account at the counter (Ctrl-A on an empty sale): pick the customer, see
//! what they owe, type the amount, choose cash or card, confirm, and the receipt prints.
//!
//! The amount box follows the tender's trust rules: digits and one decimal point only, a
//! letter never acts while an amount is typed (`c` and `k` choose the tender only while
//! the box is empty), a scan is refused and cleared, and nothing is written until `y`
//! answers the question (Enter alone is no).

use std::any::Any;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use tui_input::Input;

use super::AppError;
use super::confirm::{Confirm, Confirmed};
use super::customer_search::{CustomerFor, CustomerSearch};
use super::draw::Ui;
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Outcome, Transition, edit_number};
use crate::domain::payment::{PaymentTender, check_payment};
use crate::domain::sale::{SaleError, parse_amount};
use crate::domain::{Customer, Money};
use crate::store::StoreError;
use crate::store::payments::NewPayment;
use crate::ui::widgets::{Field, popup, text_row};
use crate::ui::width_of;

/// The payment box of one customer.
#[derive(Debug, Clone)]
pub struct AccountPayment {
    pub customer: Customer,
    /// What the customer owes now (read again before the payment is written).
    pub balance: Money,
    pub input: Input,
    pub tender: PaymentTender,
}

/// Ctrl-A on the sale screen: refused while a sale is on screen (its tender takes money
/// for it); otherwise the customer search, for a payment.
pub fn start(ctx: &mut Ctx) -> Result<Transition, AppError> {
    if !ctx.counter.sale.lines.is_empty() {
        ctx.info("A payment on account is for an empty sale: finish or clear this one first");
        return Ok(Transition::Stay);
    }
    ctx.info("Payment on account: pick the customer who pays");
    Ok(Transition::push(CustomerSearch::open(
        ctx,
        CustomerFor::PayOnAccount,
    )))
}

impl AccountPayment {
    pub fn open(ctx: &mut Ctx, customer: Customer) -> Result<AccountPayment, AppError> {
        let balance = ctx.counter.store.account_balance(customer.id)?;
        if balance.is_positive() {
            ctx.info(format!(
                "{} owes {balance}: type the amount, or Enter for all of it",
                customer.name
            ));
        } else {
            ctx.info(format!("{} owes nothing on account", customer.name));
        }
        Ok(AccountPayment {
            customer,
            balance,
            input: Input::default(),
            tender: PaymentTender::Cash,
        })
    }

    /// The balance as the store has it now: another terminal may have charged or taken a
    /// payment since the box opened.
    fn reread(&mut self, ctx: &mut Ctx) -> Result<(), AppError> {
        self.balance = ctx.counter.store.account_balance(self.customer.id)?;
        Ok(())
    }

    /// Enter or F10: the amount typed (blank: all that is owed), then the question.
    fn ask(&mut self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        self.reread(ctx)?;
        let typed = self.input.value().trim().to_string();
        let amount = if typed.is_empty() {
            self.balance
        } else {
            match parse_amount(&typed) {
                Ok(amount) => amount,
                Err(e) => {
                    if matches!(e, SaleError::ScanInAmount(_)) {
                        self.input.reset();
                    }
                    return Err(e.into());
                }
            }
        };
        let after = check_payment(amount, self.balance).map_err(StoreError::from)?;
        let tender = self.tender;
        Ok(Transition::push(Confirm::new(
            "Payment on account",
            format!(
                "{} {amount} from {} ({}): owed {} → {after}. Take it? y: yes · Enter: no",
                tender.as_str(),
                self.customer.name,
                self.customer.account,
                self.balance
            ),
            Confirmed::PayOnAccount { tender, amount },
            "Not taken: correct the amount, or Esc",
        )))
    }

    /// Writes the payment and prints its receipt; back to the sale.
    fn take(
        &mut self,
        ctx: &mut Ctx,
        tender: PaymentTender,
        amount: Money,
    ) -> Result<Transition, AppError> {
        let user = ctx.counter.user.name.clone();
        let location = ctx.context.location.clone();
        let doc = ctx.counter.store.pay_on_account(&NewPayment {
            account: &self.customer.account,
            amount,
            tender,
            location: &location,
            user: &user,
        })?;
        let text = format!(
            "Payment {} done: {} {} from {}, balance now {}",
            doc.number, doc.tender, doc.amount, doc.account, doc.balance_after
        );
        match crate::counter::print::print_payment(&ctx.counter.config, &doc) {
            Ok(path) => ctx.info(format!("{text}; receipt: {}", path.display())),
            Err(e) => ctx.error(format!(
                "{text}, but the receipt failed: {e} (ringup payment show {})",
                doc.number
            )),
        }
        Ok(Transition::ToSale(Outcome::Nothing))
    }

    /// `c` or `k`: how the payment is handed over, only while the box is empty.
    fn choose(&mut self, ctx: &mut Ctx, tender: PaymentTender) {
        if !self.input.value().trim().is_empty() {
            ctx.error(format!(
                "Letters do nothing while an amount is typed: Enter takes {} by {}; \
                 clear the box to choose another way to pay",
                self.input.value().trim(),
                self.tender.as_str()
            ));
            return;
        }
        self.tender = tender;
        ctx.info(format!(
            "Paying by {}: type the amount, or Enter for all {} owed",
            tender.as_str(),
            self.balance
        ));
    }
}

impl Layer for AccountPayment {
    fn keys(&self) -> Screen {
        Screen::AccountPayment
    }

    fn name(&self) -> String {
        "payment on account".into()
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        match action {
            Action::Edit(e) => {
                if let Err(refused) = edit_number(&mut self.input, &mut false, e, true) {
                    ctx.info(format!(
                        "'{}' is not part of an amount: digits and one decimal point",
                        refused.0
                    ));
                }
            }
            Action::Confirm | Action::Total => return self.ask(ctx),
            Action::Cash => self.choose(ctx, PaymentTender::Cash),
            Action::Card => self.choose(ctx, PaymentTender::Card),
            Action::Back => {
                ctx.info("No payment taken");
                return Ok(Transition::pop());
            }
            other => return Ok(ctx.common(Screen::AccountPayment, other)),
        }
        Ok(Transition::Stay)
    }

    fn resume(&mut self, ctx: &mut Ctx, outcome: Outcome) -> Result<Transition, AppError> {
        match outcome {
            Outcome::Confirmed(Confirmed::PayOnAccount { tender, amount }) => {
                self.take(ctx, tender, amount)
            }
            _ => Ok(Transition::Stay),
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) -> Option<Position> {
        render(frame.buffer_mut(), area, self, ui)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

// Drawing: a payment on account: the customer, what they owe and their credit limit, the
// amount.

fn render(buf: &mut Buffer, area: Rect, pay: &AccountPayment, ui: &Ui) -> Option<Position> {
    let (theme, currency) = (ui.theme, ui.app.context().currency.as_str());
    let inner = popup(buf, area, 60, 10, "Payment on account", theme);
    let width = usize::from(inner.width);
    // The name gives way; a figure is never cut.
    let line = |label: &str, value: String| {
        let room = width.saturating_sub(width_of(&value) + 1);
        let label: String = crate::present::receipt::fit(label, room).to_string();
        let pad = width.saturating_sub(width_of(&label) + width_of(&value));
        format!("{label}{}{value}", " ".repeat(pad))
    };
    let c = &pay.customer;
    text_row(
        buf,
        inner,
        0,
        &line(&format!("{} {}", c.account, c.name), String::new()),
        theme.label,
    );
    text_row(
        buf,
        inner,
        1,
        &line(&format!("Owed ({currency})"), pay.balance.to_string()),
        theme.total,
    );
    text_row(
        buf,
        inner,
        2,
        &line("Credit limit", c.credit_limit.to_string()),
        theme.placeholder,
    );
    let label = format!("Amount by {} (blank = all owed)", pay.tender.as_str());
    let cursor = Field::new(&label, &pay.input).render(buf, inner, 4, theme);
    text_row(
        buf,
        inner,
        6,
        "Enter/F10: take (asks first) · c/k: cash/card (box empty)",
        theme.placeholder,
    );
    text_row(buf, inner, 7, "Esc: back, nothing taken", theme.placeholder);
    cursor
}
