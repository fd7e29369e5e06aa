//! Changing a price at the counter: a line's unit price or percent off, a percent off the
//! whole sale, or the price of an open-price item (one the catalog prices at 0.00).
//!
//! The amount box follows the trust rules: only digits, one decimal point and `%` go in,
//! a letter is refused and named, a scan is refused, and the figure filled in is replaced
//! by the first key typed. A reason is asked for every override and discount. Beyond the
//! configured limit a clerk asks a manager by name and PIN; a manager signed in approves
//! their own, and either way the approver is audited with the sale.

use std::any::Any;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use tui_input::Input;

use super::AppError;
use super::approval::Approval;
use super::confirm::{Confirm, Confirmed};
use super::draw::Ui;
use super::keymap::{Action, Screen, TextEdit};
use super::layer::{Approved, Ctx, Layer, Outcome, Transition, edit, edit_selected};
use crate::domain::policy::{Decision, Operation, approval_needed};
use crate::domain::pricing::adjust::{
    AdjustError, Adjustment, PriceChange, check_reason, parse_percent,
};
use crate::domain::sale::{SaleError, looks_like_scan, parse_amount};
use crate::store::StoreError;
use crate::ui::Theme;
use crate::ui::widgets::{Field, popup, text_row};

pub use crate::domain::pricing::adjust::OPEN_PRICE;

/// What the dialog changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceFor {
    /// A line's unit price (`8.50`) or percent off (`15%`).
    Line { line: usize },
    /// A percent off every line of the sale.
    Sale,
    /// The price of an open-price item just rung; Esc takes the line off again.
    OpenPrice { line: usize },
}

#[derive(Debug, Clone)]
pub struct PriceDialog {
    pub title: String,
    pub purpose: PriceFor,
    pub amount: Input,
    /// The figure filled in is selected: the first key typed replaces it.
    pub selected: bool,
    pub reason: Input,
    /// 0: the amount, 1: the reason.
    pub field: usize,
    /// A change waiting for a manager's approval, or for a yes to a price far above the
    /// catalog's.
    pending: Option<(PriceChange, String)>,
    /// What the box held when it opened: Enter on it unchanged changes nothing.
    prefilled: String,
}

impl PriceDialog {
    pub fn open(ctx: &mut Ctx, purpose: PriceFor) -> Transition {
        let (title, value) = match purpose {
            PriceFor::Line { line } | PriceFor::OpenPrice { line } => {
                let Some(l) = ctx.counter.sale.lines.get(line) else {
                    return Transition::Stay;
                };
                let title = if matches!(purpose, PriceFor::OpenPrice { .. }) {
                    format!("Open price: {} {}", l.sku, l.description)
                } else {
                    format!("Price: {} {}", l.sku, l.description)
                };
                let value = match purpose {
                    PriceFor::OpenPrice { .. } => String::new(),
                    _ => l.charged_prices().unit_price(l.ordered).round().to_string(),
                };
                (title, value)
            }
            PriceFor::Sale => {
                let value = match ctx.counter.sale.discount.as_ref().map(|d| d.change) {
                    Some(PriceChange::PercentOff(p)) => format!("{}%", p.normalize()),
                    _ => String::new(),
                };
                ("Discount on the whole sale".to_string(), value)
            }
        };
        let reason = match purpose {
            PriceFor::Line { line } => ctx.counter.sale.lines[line]
                .adjust
                .line
                .as_ref()
                .map(|a| a.reason.clone()),
            PriceFor::Sale => ctx.counter.sale.discount.as_ref().map(|a| a.reason.clone()),
            PriceFor::OpenPrice { .. } => None,
        };
        Transition::push(PriceDialog {
            title,
            purpose,
            selected: !value.is_empty(),
            prefilled: value.clone(),
            amount: Input::new(value),
            reason: Input::new(reason.unwrap_or_default()),
            field: 0,
            pending: None,
        })
    }

    /// The label of the amount box.
    pub fn amount_label(&self) -> &'static str {
        match self.purpose {
            PriceFor::Line { .. } => "Unit price, or percent off with %",
            PriceFor::Sale => "Percent off",
            PriceFor::OpenPrice { .. } => "Unit price",
        }
    }

    pub fn asks_reason(&self) -> bool {
        !matches!(self.purpose, PriceFor::OpenPrice { .. })
    }

    fn change(&self) -> Result<PriceChange, AppError> {
        let typed = self.amount.value().trim();
        if looks_like_scan(typed.trim_end_matches('%')) {
            return Err(SaleError::ScanInAmount(typed.to_string()).into());
        }
        if typed.is_empty() {
            return Err(match self.purpose {
                PriceFor::OpenPrice { .. } => AdjustError::NoPrice.into(),
                _ => AppError::Required {
                    field: self.amount_label(),
                },
            });
        }
        Ok(match self.purpose {
            PriceFor::Sale => PriceChange::PercentOff(parse_percent(typed)?),
            PriceFor::Line { .. } if typed.ends_with('%') => {
                PriceChange::PercentOff(parse_percent(typed)?)
            }
            PriceFor::Line { .. } | PriceFor::OpenPrice { .. } => {
                PriceChange::UnitPrice(parse_amount(typed)?)
            }
        })
    }

    fn confirm(&mut self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        if self.amount.value().trim().is_empty()
            && !matches!(self.purpose, PriceFor::OpenPrice { .. })
        {
            return Ok(self.take_off(ctx));
        }
        // Enter on the price the line already has keeps it as it is (its breaks too).
        if self.field == 0
            && !self.prefilled.is_empty()
            && self.amount.value().trim() == self.prefilled
        {
            ctx.info(format!("Price not changed: {}", self.prefilled));
            return Ok(Transition::pop());
        }
        let change = self.change()?;
        if self.field == 0 && self.asks_reason() {
            self.field = 1;
            return Ok(Transition::Stay);
        }
        let reason = if self.asks_reason() {
            check_reason(self.reason.value())?
        } else {
            OPEN_PRICE.to_string()
        };
        let sale = &ctx.counter.sale;
        if let PriceFor::Line { line } = self.purpose {
            let raise = sale.line_change_raise(line, change)?;
            let limit = ctx.counter.config.overrides.confirm_raise_above_pct;
            if raise > limit {
                let l = &sale.lines[line];
                let catalog = l.prices.unit_price(l.ordered).round();
                self.pending = Some((change, reason));
                // Not taken: the price is back under the cursor, selected, to correct.
                self.field = 0;
                self.selected = true;
                return Ok(Transition::push(Confirm::new(
                    "Price far above the catalog's",
                    format!(
                        "{} is {raise}% above the catalog's {catalog} for {}: take it? y: yes · Enter: no",
                        self.amount.value().trim(),
                        l.sku
                    ),
                    Confirmed::HighPrice,
                    "Price not taken: correct it, or Esc",
                )));
            }
        }
        let cut_pct = match self.purpose {
            PriceFor::Line { line } | PriceFor::OpenPrice { line } => {
                sale.line_change_cut(line, change)?
            }
            PriceFor::Sale => match change {
                PriceChange::PercentOff(pct) => sale.discount_cut(pct),
                PriceChange::UnitPrice(_) => rust_decimal::Decimal::ZERO,
            },
        };
        let op = Operation::PriceCut { cut_pct };
        let needs =
            approval_needed(&op, ctx.counter.store.limits()).map_err(StoreError::Refused)?;
        let Some(asked) = needs else {
            return self.apply(ctx, change, reason, None);
        };
        if ctx.counter.decide(&op) == Decision::Allowed {
            let me = ctx.counter.user.name.clone();
            return self.apply(ctx, change, reason, Some(me));
        }
        self.pending = Some((change, reason));
        ctx.info(asked.why);
        Ok(Transition::push(Approval::new(Approved::PriceChange)))
    }

    fn apply(
        &self,
        ctx: &mut Ctx,
        change: PriceChange,
        reason: String,
        approved_by: Option<String>,
    ) -> Result<Transition, AppError> {
        let adjustment = Adjustment {
            change,
            reason,
            approved_by,
        };
        let sale = &mut ctx.counter.sale;
        let (line, text) = match self.purpose {
            PriceFor::Line { line } | PriceFor::OpenPrice { line } => {
                sale.set_line_adjustment(line, Some(adjustment))?;
                let l = &sale.lines[line];
                let unit = l.charged_prices().unit_price(l.ordered).round();
                let text = match change {
                    PriceChange::UnitPrice(_) => format!("{} at {unit} a unit", l.sku),
                    PriceChange::PercentOff(p) => {
                        format!("{} at {}% off: {unit} a unit", l.sku, p.normalize())
                    }
                };
                (line, text)
            }
            PriceFor::Sale => {
                sale.set_discount(Some(adjustment));
                let pct = match change {
                    PriceChange::PercentOff(p) => p.normalize().to_string(),
                    PriceChange::UnitPrice(_) => String::new(),
                };
                (0, format!("{pct}% off the whole sale"))
            }
        };
        let due = ctx.counter.totals().due.round();
        ctx.info(format!("{text}; {due} due"));
        Ok(Transition::ToSale(Outcome::Line(line)))
    }

    /// Enter on an empty box: the line (or the sale) is back at the catalog's prices.
    /// Nothing was written yet, so nothing is audited.
    fn take_off(&self, ctx: &mut Ctx) -> Transition {
        let sale = &mut ctx.counter.sale;
        let line = match self.purpose {
            PriceFor::Line { line } | PriceFor::OpenPrice { line } => {
                if sale.set_line_adjustment(line, None).is_err() {
                    return Transition::pop();
                }
                line
            }
            PriceFor::Sale => {
                sale.set_discount(None);
                0
            }
        };
        let due = ctx.counter.totals().due.round();
        ctx.info(format!("Price change taken off; {due} due"));
        Transition::ToSale(Outcome::Line(line))
    }

    /// Esc: nothing changes; an open-price item goes, as it has no price.
    fn cancel(&self, ctx: &mut Ctx) -> Transition {
        if let PriceFor::OpenPrice { line } = self.purpose {
            if let Some(l) = ctx.counter.sale.remove(line) {
                ctx.info(format!("{} not rung: it needs a price", l.sku));
            }
            let last = ctx.counter.sale.lines.len().saturating_sub(1);
            return Transition::ToSale(Outcome::Line(line.min(last)));
        }
        ctx.info("Price not changed");
        Transition::pop()
    }

    fn type_amount(&mut self, ctx: &mut Ctx, e: TextEdit) {
        if let TextEdit::Insert(c) = e {
            let percent_ok = !matches!(self.purpose, PriceFor::OpenPrice { .. });
            let has_point = !self.selected && self.amount.value().contains('.');
            let ok = c.is_ascii_digit() || (c == '.' && !has_point) || (c == '%' && percent_ok);
            if !ok {
                ctx.error(format!(
                    "'{c}' does not go in {}: digits, a decimal point{}",
                    self.amount_label(),
                    if percent_ok { " and %" } else { "" }
                ));
                return;
            }
        }
        edit_selected(&mut self.amount, &mut self.selected, e);
    }
}

impl Layer for PriceDialog {
    fn keys(&self) -> Screen {
        Screen::Prompt
    }

    fn name(&self) -> String {
        format!("price: {}", self.title)
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        match action {
            Action::Edit(e) if self.field == 0 => {
                self.type_amount(ctx, e);
                Ok(Transition::Stay)
            }
            Action::Edit(e) => {
                edit(&mut self.reason, e);
                Ok(Transition::Stay)
            }
            Action::NextField | Action::Down | Action::Up if self.asks_reason() => {
                self.field = 1 - self.field;
                Ok(Transition::Stay)
            }
            Action::Confirm | Action::Total => self.confirm(ctx),
            Action::Back => Ok(self.cancel(ctx)),
            other => Ok(ctx.common(Screen::Prompt, other)),
        }
    }

    fn resume(&mut self, ctx: &mut Ctx, outcome: Outcome) -> Result<Transition, AppError> {
        match (outcome, self.pending.take()) {
            (Outcome::Approved(Approved::PriceChange), Some((change, reason))) => {
                let approver = ctx.sale_approver();
                self.apply(ctx, change, reason, Some(approver))
            }
            // A price above the catalog's is no cut: nothing for a manager to approve.
            (Outcome::Confirmed(Confirmed::HighPrice), Some((change, reason))) => {
                self.apply(ctx, change, reason, None)
            }
            _ => Ok(Transition::Stay),
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) -> Option<Position> {
        render(frame.buffer_mut(), area, self, ui.theme)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

// Drawing: the price override and discount dialog over the sale.

fn render(buf: &mut Buffer, area: Rect, dialog: &PriceDialog, theme: &Theme) -> Option<Position> {
    let inner = popup(buf, area, 64, 7, &dialog.title, theme);
    let amount = Field::new(dialog.amount_label(), &dialog.amount)
        .selected(dialog.selected)
        .focused(dialog.field == 0)
        .render(buf, inner, 0, theme);
    let reason = if dialog.asks_reason() {
        Field::new("Reason", &dialog.reason)
            .focused(dialog.field == 1)
            .render(buf, inner, 1, theme)
    } else {
        text_row(
            buf,
            inner,
            1,
            "Esc takes the item off the sale",
            theme.placeholder,
        );
        None
    };
    let hint = if dialog.selected {
        "Type to replace · empty: take it off · Esc: cancel"
    } else {
        "Enter: next, then set · Tab: next field · Esc: cancel"
    };
    text_row(buf, inner, 3, hint, theme.placeholder);
    if dialog.field == 0 { amount } else { reason }
}
