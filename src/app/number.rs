//! A one-number prompt on a sale line: quantity, hold back, backordered, or units to
//! release from another order.

use std::any::Any;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use tui_input::Input;

use super::AppError;
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Outcome, Transition, edit_number};
use crate::domain::sale::parse_count;
use crate::ui::Ui;

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
        let (title, label, value) = match &purpose {
            NumberFor::Quantity { .. } => ("Quantity", "Quantity ordered", line.ordered),
            NumberFor::HoldBack { .. } => {
                ("Hold back", "Units to hold back for pickup", line.held_back)
            }
            NumberFor::Backordered { .. } => ("Backorder", "Units to backorder", line.backordered),
            NumberFor::Release { max, .. } => {
                ("Release", "Units to move to this sale", i64::from(*max))
            }
        };
        Some(NumberPrompt {
            title: format!("{title}: {} {}", line.sku, line.description),
            label: label.to_string(),
            input: Input::new(value.to_string()),
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

    fn set(&self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        let n = parse_count(self.input.value()).map_err(|source| AppError::BadCount {
            label: self.label.clone(),
            source,
        })?;
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
                let approver = ctx.approver();
                ctx.counter
                    .sale
                    .override_release(line, (order, line_no), n, max, &approver)?;
            }
        }
        ctx.info(format!("{} set to {n}", self.label));
        Ok(Transition::ToSale(Outcome::Nothing))
    }
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
            Action::Edit(e) => {
                edit_number(&mut self.input, e, false);
                Ok(Transition::Stay)
            }
            Action::Confirm | Action::Total => self.set(ctx),
            Action::Back => Ok(Transition::pop()),
            other => Ok(ctx.common(Screen::Prompt, other)),
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) -> Option<Position> {
        crate::ui::number::render(frame.buffer_mut(), area, self, ui.theme)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
