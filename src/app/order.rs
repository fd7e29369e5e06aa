//! One order in process, with its actions: release backorders, convert to invoice,
//! cancel the backorder of a line, set the due date, void.

use std::any::Any;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};

use super::AppError;
use super::confirm::{Confirm, Confirmed};
use super::form::Form;
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Outcome, Transition, moved};
use super::orders::with_places;
use super::tender::Tender;
use crate::domain::Money;
use crate::domain::sale::TenderKind;
use crate::domain::tender::{is_covered, settle};
use crate::store::orders::{OrderFilter, OrderInProcess, StatusFilter};
use crate::ui::Ui;

#[derive(Debug, Clone)]
pub struct Order {
    pub order: OrderInProcess,
    pub cursor: usize,
}

impl Order {
    pub fn new(order: OrderInProcess) -> Order {
        Order { order, cursor: 0 }
    }

    fn number(&self) -> i64 {
        self.order.doc.number
    }

    /// Reads the order again after a change.
    fn refresh(&mut self, ctx: &Ctx) -> Result<(), AppError> {
        let number = self.number();
        let filter = OrderFilter {
            status: StatusFilter::Any,
            text: number.to_string(),
            ..OrderFilter::default()
        };
        let rows = ctx.counter.store.orders(&filter)?;
        let found = with_places(rows)
            .into_iter()
            .find(|o| o.doc.number == number);
        if let Some(order) = found {
            self.order = order;
        }
        Ok(())
    }

    fn release(&self, ctx: &mut Ctx) -> Result<(), AppError> {
        let number = self.number();
        let user = ctx.counter.user.name.clone();
        let released = ctx.counter.store.release_backorders(number, &user)?;
        if released.is_empty() {
            ctx.info("Nothing released: no stock available here for its backorders");
        } else {
            let units: i64 = released.iter().map(|r| r.qty).sum();
            ctx.info(format!(
                "Released {units} unit(s) to order {number}: i converts them to an invoice"
            ));
        }
        Ok(())
    }

    /// `c`: asks first, as the units leave the order (and money may go back).
    fn ask_cancel_line(&self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        ctx.manager_only("Cancel backorder")?;
        let Some(line) = self.order.doc.lines.get(self.cursor) else {
            return Ok(Transition::Stay);
        };
        Ok(Transition::push(Confirm::new(
            "Cancel backorder",
            format!(
                "Cancel the backorder of {} on order {}? y: yes · Enter: no",
                line.sku,
                self.number()
            ),
            Confirmed::CancelBackorder {
                line_no: line.line_no,
            },
            "Backorder kept",
        )))
    }

    /// `v`: asks first; voiding cannot be undone.
    fn ask_void(&self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        ctx.manager_only("Void")?;
        Ok(Transition::push(Confirm::new(
            "Void order",
            format!("Void order {}? y: yes · Enter: no", self.number()),
            Confirmed::VoidOrder,
            "Order kept",
        )))
    }

    fn cancel_line(&self, ctx: &mut Ctx, line: i64) -> Result<(), AppError> {
        ctx.manager_only("Cancel backorder")?;
        let rules = ctx.counter.config.order_rules();
        let user = ctx.counter.user.name.clone();
        let done = ctx
            .counter
            .store
            .cancel_backorder(self.number(), line, None, &user, &rules)?;
        ctx.info(format!(
            "Cancelled {} backordered unit(s); refund {}{}",
            done.cancelled,
            done.refund,
            done.refund_invoice
                .map(|n| format!(" on refund {n}"))
                .unwrap_or_default()
        ));
        Ok(())
    }

    fn void(&self, ctx: &mut Ctx) -> Result<(), AppError> {
        ctx.manager_only("Void")?;
        let number = self.number();
        let rules = ctx.counter.config.order_rules();
        let user = ctx.counter.user.name.clone();
        let done = ctx.counter.store.void_order(number, &user, &rules)?;
        ctx.info(format!(
            "Order {number} void: {} unit(s) released to stock, refund {}",
            done.released, done.refund
        ));
        Ok(())
    }

    /// `i`: the final invoice at once when nothing is due (or money goes back), else the
    /// tender for what is due.
    fn start_convert(&mut self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        let number = self.number();
        let rules = ctx.counter.config.order_rules();
        let preview = ctx.counter.store.preview_convert(number, &rules)?;
        if preview.lines.is_empty() {
            ctx.info("Nothing committed to invoice: r releases available stock first");
            return Ok(Transition::Stay);
        }
        // Nothing due, or a deposit larger than the charge (a refund): no tender to take.
        if is_covered(preview.due, &[]) {
            let text = convert(ctx, number, &[])?;
            ctx.info(text);
            self.refresh(ctx)?;
            return Ok(Transition::Stay);
        }
        ctx.info(format!(
            "Final invoice for order {number}: {} due",
            preview.due
        ));
        Ok(Transition::push(Tender::for_order(
            number,
            preview.due,
            preview.payment,
        )))
    }
}

/// Writes the final invoice of an order and prints it; returns what to tell the user.
pub fn convert(
    ctx: &mut Ctx,
    number: i64,
    tenders: &[(TenderKind, Money)],
) -> Result<String, AppError> {
    let rules = ctx.counter.config.order_rules();
    let user = ctx.counter.user.name.clone();
    let counter = &mut ctx.counter;
    let due = counter.store.preview_convert(number, &rules)?.due;
    let settlement = settle(due, tenders)?;
    let invoice =
        counter
            .store
            .convert_to_invoice(number, &user, tenders, settlement.change, &rules)?;
    counter.last_invoice = Some(invoice);
    let mut text = format!("Final invoice {invoice} for order {number}");
    if !settlement.change.is_zero() {
        text += &format!(": change {}", settlement.change);
    }
    if !settlement.refund.is_zero() {
        text += &format!(": refund {}", settlement.refund);
    }
    match counter.print_receipt(invoice) {
        Ok(path) => text += &format!("; receipt: {}", path.display()),
        Err(e) => text += &format!("; the receipt failed: {e}"),
    }
    Ok(text)
}

impl Layer for Order {
    fn keys(&self) -> Screen {
        Screen::Order
    }

    fn name(&self) -> String {
        format!("order {}", self.number())
    }

    fn is_overlay(&self) -> bool {
        false
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        let done = match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                self.cursor = moved(self.cursor, action, self.order.doc.lines.len());
                return Ok(Transition::Stay);
            }
            Action::Release => self.release(ctx),
            Action::Invoice => return self.start_convert(ctx),
            Action::CancelLine => return self.ask_cancel_line(ctx),
            Action::Void => return self.ask_void(ctx),
            Action::DueDate => {
                let due = self.order.doc.due.clone().unwrap_or_default();
                return Ok(Transition::push(Form::due_date(self.number(), due)));
            }
            Action::Back => return Ok(Transition::Pop(Outcome::Refresh)),
            other => return Ok(ctx.common(Screen::Order, other)),
        };
        // The order is read again whether the action worked or not.
        let refreshed = self.refresh(ctx);
        done?;
        refreshed.map(|()| Transition::Stay)
    }

    fn resume(&mut self, ctx: &mut Ctx, outcome: Outcome) -> Result<Transition, AppError> {
        let done = match outcome {
            Outcome::Confirmed(Confirmed::VoidOrder) => self.void(ctx),
            Outcome::Confirmed(Confirmed::CancelBackorder { line_no }) => {
                self.cancel_line(ctx, line_no)
            }
            _ => {
                self.cursor = 0;
                Ok(())
            }
        };
        // The order is read again whether the action worked or not.
        let refreshed = self.refresh(ctx);
        done?;
        refreshed.map(|()| Transition::Stay)
    }

    /// Other terminals share the store: read the order again.
    fn tick(&mut self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        self.refresh(ctx)?;
        Ok(Transition::Stay)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) -> Option<Position> {
        crate::ui::order::render(frame.buffer_mut(), area, self, ui.theme);
        None
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
