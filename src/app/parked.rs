//! Ctrl-R on an empty sale: the parked sales and quotes of every terminal, newest first.
//! Enter recalls the one under the cursor into the sale; a parked sale leaves the list,
//! a quote stays for another time.

use std::any::Any;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};

use super::AppError;
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Outcome, Transition, moved};
use crate::domain::parked::price_changes_text;
use crate::store::parked::ParkedSale;
use crate::ui::Ui;

#[derive(Debug, Clone)]
pub struct ParkedList {
    pub rows: Vec<ParkedSale>,
    pub cursor: usize,
}

impl ParkedList {
    pub fn open(ctx: &Ctx) -> Result<ParkedList, AppError> {
        Ok(ParkedList {
            rows: ctx.counter.store.parked_sales()?,
            cursor: 0,
        })
    }

    /// Lists them afresh (another terminal may have parked or recalled one), the cursor
    /// staying on the same one while it is listed.
    fn refresh(&mut self, ctx: &Ctx) -> Result<(), AppError> {
        let selected = self.rows.get(self.cursor).map(|s| s.id);
        self.rows = ctx.counter.store.parked_sales()?;
        self.cursor = selected
            .and_then(|id| self.rows.iter().position(|s| s.id == id))
            .unwrap_or(self.cursor)
            .min(self.rows.len().saturating_sub(1));
        Ok(())
    }

    fn recall(&mut self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        let Some(chosen) = self.rows.get(self.cursor) else {
            ctx.info("Nothing is parked");
            return Ok(Transition::Stay);
        };
        let id = chosen.id;
        let (parked, changes) = match ctx.counter.recall(id) {
            Ok(recalled) => recalled,
            Err(e) => {
                // Gone already (another terminal) or not ringable now: show the list as it is.
                self.refresh(ctx)?;
                return Err(e);
            }
        };
        let prices = price_changes_text(&changes)
            .unwrap_or_else(|| "prices as in the catalog today, none changed".into());
        let kept = match parked.number {
            Some(_) => "; the quote stays listed",
            None => "",
        };
        ctx.info(format!(
            "Recalled {} of {} ({} line(s)): {prices}{kept}",
            parked.label(),
            parked.user,
            parked.lines.len()
        ));
        Ok(Transition::Pop(Outcome::Line(0)))
    }
}

impl Layer for ParkedList {
    fn keys(&self) -> Screen {
        Screen::Parked
    }

    fn name(&self) -> String {
        "parked".into()
    }

    fn is_overlay(&self) -> bool {
        false
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        Ok(match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                self.cursor = moved(self.cursor, action, self.rows.len());
                Transition::Stay
            }
            Action::Confirm | Action::Total => return self.recall(ctx),
            Action::Back => Transition::pop(),
            other => ctx.common(Screen::Parked, other),
        })
    }

    /// Other terminals park and recall too: list them afresh.
    fn tick(&mut self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        self.refresh(ctx)?;
        Ok(Transition::Stay)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) -> Option<Position> {
        crate::ui::parked::render(frame.buffer_mut(), area, self, ui);
        None
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
