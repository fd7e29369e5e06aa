//! A one-number prompt on a sale line: quantity, hold back, backordered, or units to
//! release from another order. The box opens with the line's figure selected, so the
//! first digit typed replaces it; it names the limits it enforces, and says what the
//! line came to, not only what was typed.

use std::any::Any;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use tui_input::Input;

use super::AppError;
use super::confirm::{Confirm, Confirmed};
use super::draw::Ui;
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Outcome, Transition, edit_number};
use super::view::SaleLineView;
use crate::domain::sale::{CountLimits, grouped, parse_count_within, quantity_needs_confirm};
use crate::ui::Theme;
use crate::ui::widgets::{Field, popup, text_row};

/// What a one-number prompt sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberFor {
    Quantity {
        line: usize,
    },
    HoldBack {
        line: usize,
    },
    Backordered {
        line: usize,
    },
    Release {
        line: usize,
        order: i64,
        line_no: i64,
        max: u32,
    },
}

#[derive(Debug, Clone)]
pub struct NumberPrompt {
    pub title: String,
    pub label: String,
    pub input: Input,
    /// The figure filled in is selected: the first key typed replaces it.
    pub selected: bool,
    pub limits: CountLimits,
    pub purpose: NumberFor,
}

impl NumberPrompt {
    /// The prompt for a line, prefilled with its current figure; none if there is no
    /// such line.
    pub fn new(ctx: &Ctx, purpose: NumberFor) -> Option<NumberPrompt> {
        let index = match &purpose {
            NumberFor::Quantity { line }
            | NumberFor::HoldBack { line }
            | NumberFor::Backordered { line }
            | NumberFor::Release { line, .. } => *line,
        };
        let line = ctx.counter.view().lines.into_iter().nth(index)?;
        let ordered = u32::try_from(line.ordered).unwrap_or(0);
        let held_back = u32::try_from(line.held_back).unwrap_or(0);
        let (title, label, value, limits) = match &purpose {
            NumberFor::Quantity { .. } => (
                "Quantity",
                "Quantity ordered",
                line.ordered,
                CountLimits::QUANTITY,
            ),
            NumberFor::HoldBack { .. } => (
                "Hold back",
                "Units to hold back for pickup",
                line.held_back,
                CountLimits::up_to(ordered),
            ),
            NumberFor::Backordered { .. } => (
                "Backorder",
                "Units to backorder",
                line.backordered,
                CountLimits::up_to(ordered.saturating_sub(held_back)),
            ),
            NumberFor::Release { max, .. } => (
                "Release",
                "Units to move to this sale",
                i64::from(*max),
                CountLimits { min: 1, max: *max },
            ),
        };
        Some(NumberPrompt {
            title: format!("{title}: {} {}", line.sku, line.description),
            label: label.to_string(),
            input: Input::new(value.to_string()),
            selected: true,
            limits,
            purpose,
        })
    }

    /// Pushes the prompt, if the line is there.
    pub fn open(ctx: &Ctx, purpose: NumberFor) -> Transition {
        match NumberPrompt::new(ctx, purpose) {
            Some(prompt) => Transition::push(prompt),
            None => Transition::Stay,
        }
    }

    fn line(&self) -> usize {
        match self.purpose {
            NumberFor::Quantity { line }
            | NumberFor::HoldBack { line }
            | NumberFor::Backordered { line }
            | NumberFor::Release { line, .. } => line,
        }
    }

    fn set(&self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        let n = parse_count_within(self.input.value(), self.limits).map_err(|source| {
            AppError::BadCount {
                label: self.label.clone(),
                source,
            }
        })?;
        if let NumberFor::Quantity { line } = self.purpose
            && quantity_needs_confirm(n, ctx.counter.config.counter.large_quantity)
        {
            return Ok(Transition::push(large_quantity(ctx, line, n)));
        }
        self.apply(ctx, n)
    }

    fn apply(&self, ctx: &mut Ctx, n: u32) -> Result<Transition, AppError> {
        let counter = &mut ctx.counter;
        match self.purpose {
            NumberFor::Quantity { line } => counter.set_quantity(line, n)?,
            NumberFor::HoldBack { line } => counter.sale.hold_back(line, n)?,
            NumberFor::Backordered { line } => counter.sale.set_backordered(line, n)?,
            NumberFor::Release {
                line,
                order,
                line_no,
                max,
            } => {
                let approver = ctx.sale_approver();
                ctx.counter
                    .sale
                    .override_release(line, (order, line_no), n, max, &approver)?;
            }
        }
        let now = ctx.counter.view().lines.into_iter().nth(self.line());
        let text = match (&self.purpose, now) {
            (NumberFor::Backordered { .. }, Some(l)) if l.backordered != i64::from(n) => format!(
                "{n} backordered by hand; {} backordered in all, as only {} available here",
                l.backordered,
                l.delivered + l.held_back
            ),
            (_, Some(l)) => format!("{} set to {n}: {}", self.label, line_figures(&l)),
            (_, None) => format!("{} set to {n}", self.label),
        };
        ctx.info(text);
        Ok(Transition::ToSale(Outcome::Nothing))
    }
}

/// "25 ordered · 22 delivered · 0 held back · 3 backordered".
pub fn line_figures(line: &SaleLineView) -> String {
    format!(
        "{} ordered · {} delivered · {} held back · {} backordered",
        line.ordered, line.delivered, line.held_back, line.backordered
    )
}

/// The question before `qty` of `code`, far beyond the usual, is rung (`verb`: "Ring" at the
/// sale, "Take back" on a return), with what the line then comes to when that is more.
pub fn ring_large(verb: &str, code: String, qty: u32, line_total: u32) -> Confirm {
    let total = if line_total == qty {
        String::new()
    } else {
        format!(" (the line comes to {})", grouped(line_total))
    };
    Confirm::new(
        "Large quantity",
        format!(
            "{verb} {} of {code}{total}? y: yes · Enter: no",
            grouped(qty)
        ),
        Confirmed::RingLarge { code, qty },
        "Not rung: the entry is still there to correct",
    )
}

/// The question before a quantity far beyond the usual goes on a line.
pub fn large_quantity(ctx: &Ctx, line: usize, qty: u32) -> Confirm {
    let sku = ctx
        .counter
        .sale
        .lines
        .get(line)
        .map(|l| l.sku.clone())
        .unwrap_or_default();
    Confirm::new(
        "Large quantity",
        format!("Set {sku} to {} units? y: yes · Enter: no", grouped(qty)),
        Confirmed::SetLargeQuantity { line, qty },
        "Quantity not changed",
    )
}

impl Layer for NumberPrompt {
    fn keys(&self) -> Screen {
        Screen::Prompt
    }

    fn name(&self) -> String {
        format!("number: {}", self.title)
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        match action {
            // What is typed stays as typed: Enter refuses anything but a count within
            // the limits, naming them, rather than quietly dropping a minus sign.
            // Whole counts only: anything else is refused as it is typed, and named.
            Action::Edit(e) => {
                if let Err(refused) = edit_number(&mut self.input, &mut self.selected, e, false) {
                    ctx.info(format!(
                        "'{}' is not part of a count: digits only",
                        refused.0
                    ));
                }
                Ok(Transition::Stay)
            }
            Action::Confirm | Action::Total => self.set(ctx),
            Action::Back => Ok(Transition::pop()),
            other => Ok(ctx.common(Screen::Prompt, other)),
        }
    }

    fn resume(&mut self, ctx: &mut Ctx, outcome: Outcome) -> Result<Transition, AppError> {
        match outcome {
            Outcome::Confirmed(Confirmed::SetLargeQuantity { qty, .. }) => self.apply(ctx, qty),
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

// Drawing: a one-number prompt over the sale.

fn render(buf: &mut Buffer, area: Rect, prompt: &NumberPrompt, theme: &Theme) -> Option<Position> {
    let number = NumberBox {
        title: &prompt.title,
        label: &prompt.label,
        input: &prompt.input,
        selected: prompt.selected,
        limits: prompt.limits,
        keys: "Enter: set · Esc: cancel",
    };
    number.render(buf, area, theme)
}

/// A box for one whole number within limits: its label, the limits, and the keys.
pub struct NumberBox<'a> {
    pub title: &'a str,
    pub label: &'a str,
    pub input: &'a Input,
    /// The figure filled in is selected: the first key typed replaces it.
    pub selected: bool,
    pub limits: CountLimits,
    /// What Enter and Esc do.
    pub keys: &'a str,
}

impl NumberBox<'_> {
    pub fn render(&self, buf: &mut Buffer, area: Rect, theme: &Theme) -> Option<Position> {
        let inner = popup(buf, area, 64, 6, self.title, theme);
        let cursor = Field::new(self.label, self.input)
            .selected(self.selected)
            .render(buf, inner, 1, theme);
        let limits = format!("A whole number {}", self.limits.describe());
        text_row(buf, inner, 2, &limits, theme.placeholder);
        let hint = if self.selected {
            format!("Type to replace · {}", self.keys)
        } else {
            self.keys.to_string()
        };
        text_row(buf, inner, 3, &hint, theme.placeholder);
        cursor
    }
}
