//! F7: orders in process. Typing filters the list, Tab cycles the status filter (all,
//! back, ready), Enter opens the order.

use std::any::Any;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use tui_input::Input;

use super::AppError;
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Outcome, Transition, edit, moved};
use super::order::Order;
use crate::store::orders::{OrderFilter, OrderInProcess, OrderPage, StatusFilter};
use crate::ui::Ui;

#[derive(Debug, Clone)]
pub struct Orders {
    pub filter: Input,
    pub status: StatusFilter,
    pub rows: Vec<OrderInProcess>,
    pub cursor: usize,
    /// How many orders match the filter; `rows` holds the first [`LIST_LIMIT`] of them.
    pub matching: usize,
}

pub use crate::store::orders::LIST_LIMIT;

/// The next filter of the Tab cycle: all, back, ready.
pub fn next_status(status: StatusFilter) -> StatusFilter {
    match status {
        StatusFilter::All => StatusFilter::Back,
        StatusFilter::Back => StatusFilter::Ready,
        _ => StatusFilter::All,
    }
}

/// Money with the currency's places: an order that never held a deposit shows 0.00, not 0.
pub(crate) fn with_places(mut rows: Vec<OrderInProcess>) -> Vec<OrderInProcess> {
    for row in &mut rows {
        row.doc.deposit = row.doc.deposit.round();
    }
    rows
}

impl Orders {
    pub fn open(ctx: &mut Ctx) -> Result<Orders, AppError> {
        let mut orders = Orders {
            filter: Input::default(),
            status: StatusFilter::All,
            rows: Vec::new(),
            cursor: 0,
            matching: 0,
        };
        orders.refresh(ctx)?;
        Ok(orders)
    }

    /// Lists the orders afresh, the cursor staying on the same order (by number) while it
    /// is still listed.
    fn refresh(&mut self, ctx: &Ctx) -> Result<(), AppError> {
        let filter = OrderFilter {
            status: self.status,
            text: self.filter.value().to_string(),
            limit: Some(LIST_LIMIT),
            ..OrderFilter::default()
        };
        let selected = self.rows.get(self.cursor).map(|o| o.doc.number);
        let OrderPage {
            orders: rows,
            matching,
        } = ctx.counter.store.order_page(&filter)?;
        // A full page may not be all: say how many match, so the manager types to narrow.
        self.matching = match rows.len() < LIST_LIMIT {
            true => rows.len(),
            false => matching,
        };
        self.rows = with_places(rows);
        self.cursor = selected
            .and_then(|n| self.rows.iter().position(|o| o.doc.number == n))
            .unwrap_or(self.cursor)
            .min(self.rows.len().saturating_sub(1));
        Ok(())
    }

    /// Lists the orders of a new filter from the top.
    fn refilter(&mut self, ctx: &Ctx) -> Result<(), AppError> {
        self.rows.clear();
        self.cursor = 0;
        self.refresh(ctx)
    }
}

impl Layer for Orders {
    fn keys(&self) -> Screen {
        Screen::Orders
    }

    fn name(&self) -> String {
        "orders".into()
    }

    fn is_overlay(&self) -> bool {
        false
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        match action {
            Action::Edit(e) => {
                edit(&mut self.filter, e);
                self.refilter(ctx)?;
            }
            Action::NextField => {
                self.status = next_status(self.status);
                self.refilter(ctx)?;
                ctx.info(format!("Showing {} orders", self.status.as_str()));
            }
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                self.cursor = moved(self.cursor, action, self.rows.len());
            }
            Action::Confirm => match self.rows.get(self.cursor) {
                Some(order) => return Ok(Transition::push(Order::new(order.clone()))),
                None => ctx.info("No order matches the filter"),
            },
            Action::Back => return Ok(Transition::pop()),
            other => return Ok(ctx.common(Screen::Orders, other)),
        }
        Ok(Transition::Stay)
    }

    fn resume(&mut self, ctx: &mut Ctx, _: Outcome) -> Result<Transition, AppError> {
        // An order opened from the list may have changed: list them afresh.
        self.refresh(ctx)?;
        Ok(Transition::Stay)
    }

    /// Other terminals share the store: list the orders afresh.
    fn tick(&mut self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        self.refresh(ctx)?;
        Ok(Transition::Stay)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) -> Option<Position> {
        crate::ui::orders::render(frame.buffer_mut(), area, self, ui)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
