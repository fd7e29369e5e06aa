//! Which pending order to release units from (an approved override): numbered 1 to 9,
//! oldest first.

use ratatui::crossterm::event::KeyCode;

use super::AppError;
use super::choice::{Choice, Pick, choice_layer};
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Transition};
use super::number::{NumberFor, NumberPrompt};
use crate::domain::sale::Holding;

#[derive(Debug, Clone)]
pub struct ReleaseFrom {
    pub choice: Choice,
    pub line: usize,
    pub candidates: Vec<Holding>,
}

impl ReleaseFrom {
    pub fn new(line: usize, candidates: Vec<Holding>) -> ReleaseFrom {
        let options = candidates
            .iter()
            .take(9)
            .zip(1..)
            .map(|((order, _, name, committed), n)| {
                (
                    n.to_string(),
                    format!("Order {order}  {name}  {committed} committed"),
                )
            })
            .collect();
        ReleaseFrom {
            choice: Choice::listed(
                "Release from another order",
                vec!["Pending orders holding this product, oldest first:".into()],
                options,
            ),
            line,
            candidates,
        }
    }

    fn picked(&self, ctx: &mut Ctx, index: usize) -> Transition {
        let Some((order, line_no, _, committed)) = self.candidates.get(index) else {
            return Transition::Stay;
        };
        let max = ctx
            .counter
            .sale
            .release_max(self.line, *committed, &ctx.counter.rules());
        let purpose = NumberFor::Release {
            line: self.line,
            order: *order,
            line_no: *line_no,
            max,
        };
        match NumberPrompt::new(ctx, purpose) {
            Some(prompt) => Transition::replace(prompt),
            None => Transition::Stay,
        }
    }
}

impl Layer for ReleaseFrom {
    fn keys(&self) -> Screen {
        Screen::Choice
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        // The orders are numbered, not lettered: a digit picks one.
        if let Action::Unbound(key) = action
            && let KeyCode::Char(c) = key.code
            && let Some(index) = c.to_digit(10).and_then(|d| (d as usize).checked_sub(1))
        {
            return Ok(self.picked(ctx, index));
        }
        Ok(match self.choice.update(ctx, self.keys(), action) {
            Pick::Option(index) => self.picked(ctx, index),
            Pick::Done(t) => t,
        })
    }

    choice_layer!();
}
