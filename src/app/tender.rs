//! Taking payment: for the sale at the counter, or for the final invoice of an order.
//! Cash may be over what is due (change), card and on account not; the change is the
//! domain's [`settle`](crate::domain::tender::settle).
//!
//! The amount box takes an amount and nothing else: `c`, `k` and `a` choose how the next
//! tender is paid only while it is empty, and a tender is taken only by Enter or F10. A
//! scan is refused, cash far above the due asks first, and Esc never drops a tender
//! taken without asking.

use std::any::Any;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use tui_input::Input;

use super::AppError;
use super::confirm::{Confirm, Confirmed};
use super::draw::Ui;
use super::keymap::{Action, Screen};
use super::layer::{Approved, Ctx, Layer, Outcome, Transition, edit_number};
use crate::counter::view::AccountView;
use crate::domain::sale::{
    OVER_CREDIT_LIMIT, Payment, TenderError, TenderKind, parse_amount, tender_needs_confirm,
};
use crate::domain::{Money, tender};
use crate::store::StoreError;
use crate::store::sales::CommitError;
use crate::ui::widgets::{Field, popup, text_row};
use crate::ui::width_of;

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
    /// How the next tender is paid (`c`, `k`, `a` choose while the box is empty).
    pub kind: TenderKind,
    pub due: Money,
    pub tenders: Vec<(TenderKind, Money)>,
    pub payment: Payment,
    /// Backordered or held-back units become a customer order with this sale.
    pub creates_order: bool,
    pub purpose: TenderFor,
    /// A refused entry stays in the box, selected: the next key replaces it, and Enter
    /// alone refuses it again (never takes all that is due instead).
    pub selected: bool,
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
            kind: TenderKind::Cash,
            // Rounded so that nothing due shows as "0.00" like every other amount.
            due: totals.due.round(),
            tenders: Vec::new(),
            payment: ctx.counter.sale.payment,
            creates_order,
            purpose: TenderFor::Sale,
            selected: false,
        }
    }

    /// The tender for the final invoice of `order`.
    pub fn for_order(order: i64, due: Money, payment: Payment) -> Tender {
        Tender {
            input: Input::default(),
            kind: TenderKind::Cash,
            due,
            tenders: Vec::new(),
            payment,
            creates_order: false,
            purpose: TenderFor::Convert { order },
            selected: false,
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

    /// The tenders taken, as the clerk hands them back: `cash 1.00, card 5.00`.
    fn taken(&self) -> String {
        let taken: Vec<String> = self
            .tenders
            .iter()
            .map(|(k, m)| format!("{} {m}", k.as_str()))
            .collect();
        taken.join(", ")
    }

    /// Enter or F10: takes the typed amount (or all that is still due) the chosen way.
    fn take(&mut self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        let kind = self.kind;
        let remaining = self.remaining();
        if remaining.is_zero() {
            return self.finish(ctx);
        }
        let typed = self.input.value().trim().to_string();
        let amount = if typed.is_empty() {
            remaining
        } else {
            parse_amount(&typed)?
        };
        // An order's final invoice charges the order's customer: the store holds that
        // account to its limit as it writes (the policy asks a manager there).
        let checked = match self.purpose {
            TenderFor::Convert { .. } => {
                crate::domain::tender::check_tender(kind, amount, remaining).map_err(Into::into)
            }
            TenderFor::Sale => ctx
                .counter
                .check_tender(kind, amount, remaining, self.on_account()),
        };
        match checked {
            Err(AppError::Tender(TenderError::OverCreditLimit {
                offered,
                limit,
                balance,
            })) => {
                let on_account = self.on_account() + offered;
                return Ok(over_credit_limit(ctx, offered, on_account, limit, balance));
            }
            other => other?,
        }
        let limit = ctx.counter.config.counter.cash_over_due_confirm;
        if tender_needs_confirm(kind, amount, remaining, limit) {
            // Only cash is ever above what is due.
            let question = format!(
                "Cash {amount}, change {}: take it? y: yes · Enter: no",
                amount - remaining
            );
            return Ok(Transition::push(Confirm::new(
                "Large tender",
                question,
                Confirmed::LargeTender { kind, amount },
                "Not taken: correct the amount",
            )));
        }
        self.take_amount(ctx, kind, amount)
    }

    fn take_amount(
        &mut self,
        ctx: &mut Ctx,
        kind: TenderKind,
        amount: Money,
    ) -> Result<Transition, AppError> {
        self.tenders.push((kind, amount));
        self.input.reset();
        // Each tender is chosen afresh: the next one is cash unless a letter says otherwise.
        self.kind = TenderKind::Cash;
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

/// On account over the credit limit: a clerk asks a manager (name and PIN); a manager
/// signed in answers a question whose default is no. Either way the approval is audited
/// with the sale.
fn over_credit_limit(
    ctx: &mut Ctx,
    offered: Money,
    on_account: Money,
    limit: Money,
    balance: Money,
) -> Transition {
    let why = TenderError::OverCreditLimit {
        offered,
        limit,
        balance,
    };
    let op = crate::domain::policy::Operation::OnAccount {
        amount: offered,
        owed: balance,
        limit,
    };
    if ctx.counter.decide(&op) == crate::domain::policy::Decision::Allowed {
        ctx.error(why.to_string());
        return Transition::push(Confirm::new(
            "Over the credit limit",
            format!("{why}. Put it on account anyway? y: yes · Enter: no"),
            Confirmed::OverCreditLimit { amount: offered },
            "Not taken: within the credit limit, or another way to pay",
        ));
    }
    ctx.error(format!(
        "{why}: a manager may approve it (Esc: another way to pay)"
    ));
    Transition::push(super::approval::Approval::new(Approved::OverCreditLimit {
        amount: offered,
        on_account,
    }))
}

/// Commits the sale; the screen goes back to the sale, which is new if it was written.
fn finish_sale(ctx: &mut Ctx, tenders: &[(TenderKind, Money)]) -> Transition {
    ctx.sale_approver();
    let result = ctx.counter.commit(tenders);
    ctx.approved_by = None;
    let done = match result {
        Ok(done) => done,
        // What the sale comes to needs a manager (a recalled sale's price cut, more on
        // account than was approved): asked now, then written again with the tenders kept.
        Err(AppError::Commit(CommitError::Store(StoreError::NeedsApproval(asked)))) => {
            ctx.info(format!("{}: a manager's name and PIN", asked.why));
            return Transition::push(super::approval::Approval::new(Approved::Policy(asked)));
        }
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

impl Tender {
    /// A letter chooses how the next tender is paid, but only while the box is empty: a
    /// letter never acts on an amount typed.
    fn choose(&mut self, ctx: &mut Ctx, kind: TenderKind) {
        if !self.input.value().trim().is_empty() {
            ctx.error(format!(
                "Letters do nothing while an amount is typed: Enter takes {} as {}; \
                 clear the box to choose another way to pay",
                self.input.value().trim(),
                self.kind.as_str()
            ));
            return;
        }
        if kind == TenderKind::Account
            && self.purpose == TenderFor::Sale
            && ctx.counter.sale.customer.is_none()
        {
            ctx.error(crate::domain::sale::TenderError::AccountNeedsCustomer.to_string());
            return;
        }
        self.kind = kind;
        ctx.info(format!(
            "Paying by {}: type the amount, or Enter for all {} due",
            kind.as_str(),
            self.remaining()
        ));
    }

    /// A manager approved `amount` on account over the credit limit: the approval stays
    /// with the sale (the store audits it as it writes), and the amount is taken.
    fn approve_over_limit(&mut self, ctx: &mut Ctx, amount: Money) -> Result<Transition, AppError> {
        let approver = ctx.sale_approver();
        let owed = match &ctx.counter.sale.customer {
            Some(customer) => ctx.counter.store.account_balance(customer.id)? + self.on_account(),
            None => Money::ZERO,
        };
        let owed = (owed + amount).round();
        let transition = self.take_amount(ctx, TenderKind::Account, amount)?;
        if matches!(transition, Transition::Stay) {
            ctx.info(format!(
                "On account {amount} approved by {approver} (owed {owed} after); {} still due",
                self.remaining()
            ));
        }
        Ok(transition)
    }

    /// Esc: back to the sale at once if nothing was taken; else ask, as going back drops
    /// the tenders taken.
    fn back(&self, ctx: &mut Ctx) -> Transition {
        if self.tenders.is_empty() {
            ctx.info("Payment cancelled: the sale is still here");
            return Transition::pop();
        }
        let taken: Money = self.tenders.iter().map(|(_, m)| *m).sum();
        Transition::push(Confirm::new(
            "Leave the tender",
            format!("Hand back the {taken} taken? y: yes · Enter: keep paying"),
            Confirmed::DropTenders,
            "Tenders kept: finish paying, or press y after Esc to hand them back",
        ))
    }
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
                if let Err(refused) = edit_number(&mut self.input, &mut self.selected, e, true) {
                    ctx.info(format!(
                        "'{}' is not part of an amount: digits and one decimal point",
                        refused.0
                    ));
                }
                return Ok(Transition::Stay);
            }
            Action::Back => return Ok(self.back(ctx)),
            Action::Quit if !self.tenders.is_empty() => {
                return Ok(Transition::push(Confirm::quit_handing_back(&self.taken())));
            }
            // F10 opened this screen: on an empty box it never also takes the payment (F10
            // twice would finish the sale as exact cash). Enter does; F10 takes a typed amount.
            Action::Total if self.input.value().trim().is_empty() => {
                ctx.info(format!(
                    "Enter takes the {} due as {}; or type the amount handed over",
                    self.remaining(),
                    self.kind.as_str()
                ));
                return Ok(Transition::Stay);
            }
            Action::Confirm | Action::Total => {
                let taken = self.take(ctx);
                // Refused: the entry stays, selected, to be replaced or refused again.
                self.selected = taken.is_err() && !self.input.value().is_empty();
                return taken;
            }
            Action::Cash => TenderKind::Cash,
            Action::Card => TenderKind::Card,
            Action::Account => TenderKind::Account,
            other => return Ok(ctx.common(Screen::Tender, other)),
        };
        self.choose(ctx, kind);
        Ok(Transition::Stay)
    }

    fn resume(&mut self, ctx: &mut Ctx, outcome: Outcome) -> Result<Transition, AppError> {
        match outcome {
            Outcome::Confirmed(Confirmed::LargeTender { kind, amount }) => {
                self.take_amount(ctx, kind, amount)
            }
            // A manager approved what the policy asked of the final invoice: written again.
            Outcome::Approved(Approved::Policy(_)) => self.finish(ctx),
            Outcome::Confirmed(Confirmed::OverCreditLimit { amount })
            | Outcome::Approved(Approved::OverCreditLimit { amount, .. }) => {
                self.approve_over_limit(ctx, amount)
            }
            Outcome::Confirmed(Confirmed::DropTenders) => {
                // An approval over the credit limit was for the tenders handed back.
                ctx.counter
                    .approvals
                    .retain(|a| a.approves().action != OVER_CREDIT_LIMIT);
                ctx.info(format!(
                    "Tenders dropped: hand back {}; the sale is still here",
                    self.taken()
                ));
                Ok(Transition::pop())
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

// Drawing: the tender: what is due, what was taken, the amount field.

fn render(buf: &mut Buffer, area: Rect, tender: &Tender, ui: &Ui) -> Option<Position> {
    let (theme, currency) = (ui.theme, ui.app.context().currency.as_str());
    // A named customer's account, as read when they were picked: what is taken on account
    // here counts as owed.
    let account = match tender.purpose {
        TenderFor::Sale => ui
            .app
            .counter()
            .account()
            .map(|a| AccountView::new(a.owed + tender.on_account(), a.limit)),
        TenderFor::Convert { .. } => None,
    };
    let height = tender.tenders.len() as u16 + 10 + u16::from(account.is_some());
    let inner = popup(buf, area, 56, height, "Tender", theme);
    let mut row = 0;
    let due_label = if tender.creates_order {
        format!("Due now ({}, {currency})", tender.payment.label())
    } else {
        format!("Due now ({currency})")
    };
    let width = usize::from(inner.width);
    let line = |label: &str, value: String| {
        let pad = width.saturating_sub(width_of(label) + width_of(&value));
        format!("{label}{}{value}", " ".repeat(pad))
    };
    text_row(
        buf,
        inner,
        row,
        &line(&due_label, tender.due.to_string()),
        theme.total,
    );
    row += 1;
    for (kind, amount) in &tender.tenders {
        text_row(
            buf,
            inner,
            row,
            &line(&format!("  {}", kind.as_str()), amount.to_string()),
            Style::default(),
        );
        row += 1;
    }
    text_row(
        buf,
        inner,
        row,
        &line("Still due", tender.remaining().to_string()),
        theme.label,
    );
    if let Some(account) = account {
        row += 1;
        text_row(
            buf,
            inner,
            row,
            &format!("Account: {}", account.describe()),
            theme.placeholder,
        );
    }
    row += 2;
    let paying = match tender.kind {
        TenderKind::Cash => "cash",
        TenderKind::Card => "card",
        TenderKind::Account => "on account",
    };
    let label = format!("Amount by {paying} (blank = all due)");
    let cursor = Field::new(&label, &tender.input)
        .selected(tender.selected)
        .render(buf, inner, row, theme);
    row += 2;
    text_row(
        buf,
        inner,
        row,
        if tender.selected {
            "Refused: type to replace it · Backspace: clear"
        } else {
            "Enter: take · c/k/a: cash/card/account (box empty)"
        },
        theme.placeholder,
    );
    let back = if tender.tenders.is_empty() {
        "Esc: back to the sale (the sale stays)"
    } else {
        "Esc: asks before handing the tenders back"
    };
    text_row(buf, inner, row + 1, back, theme.placeholder);
    cursor
}
