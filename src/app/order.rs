//! One order in process, with its actions: release backorders, convert to invoice,
//! cancel the backorder of a line, set the due date, void.

use std::any::Any;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

use super::AppError;
use super::confirm::{Confirm, Confirmed};
use super::draw::Ui;
use super::form::Form;
use super::keymap::{Action, Screen};
use super::layer::{Approved, Ctx, Layer, Outcome, Transition, moved};
use super::notify::NotifyVia;
use super::order_action::{CancelQty, Giving, way};
use super::orders::{
    ORDER_BACKORDERED, ORDER_FIXED, backordered_spans, backordered_width, due_span, with_places,
};
use super::tender::Tender;
use crate::domain::Money;
use crate::domain::calendar::day_of;
use crate::domain::sale::TenderKind;
use crate::domain::tender::{is_covered, settle};
use crate::present::reports::notice_text;
use crate::store::orders::{Cancelled, Fillable, OrderFilter, OrderInProcess, StatusFilter};
use crate::ui::widgets::row;
use crate::ui::{StockMark, fit, padded};

#[derive(Debug, Clone)]
pub struct Order {
    pub order: OrderInProcess,
    pub cursor: usize,
    /// A cancel, void or queue jump answered yes, carried out again once a manager approves
    /// what the policy asked of it.
    pending: Option<Confirmed>,
}

impl Order {
    pub fn new(order: OrderInProcess) -> Order {
        Order {
            order,
            cursor: 0,
            pending: None,
        }
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

    /// `r`: releases at once, unless older orders wait for the same stock: then asks first.
    fn ask_release(&self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        let number = self.number();
        let passed_over = ctx.counter.store.queue_jump(number)?;
        if passed_over.is_empty() {
            self.release(ctx, false)?;
            return Ok(Transition::Stay);
        }
        // The question stays on one line at 80 columns: a long list is cut with a count.
        let mut orders: Vec<String> = passed_over.iter().take(6).map(i64::to_string).collect();
        if passed_over.len() > orders.len() {
            orders.push(format!("{} more", passed_over.len() - orders.len()));
        }
        Ok(Transition::push(Confirm::new(
            format!("Queue jump: release to order {number}"),
            format!(
                "Ahead of older order(s) {}? y: yes · Enter: no",
                orders.join(", ")
            ),
            Confirmed::JumpQueue,
            "Nothing released: the queue is kept",
        )))
    }

    fn release(&self, ctx: &mut Ctx, jump_queue: bool) -> Result<(), AppError> {
        let number = self.number();
        let user = ctx.counter.user.name.clone();
        let released =
            ctx.counter
                .store
                .release_backorders(number, &user, jump_queue, &ctx.approvals)?;
        ctx.approvals.clear();
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

    /// `c`: how many units, how the money goes back, then yes/no (default No).
    fn ask_cancel_line(&self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        ctx.manager_only("Cancel backorder")?;
        let Some(line) = self.order.doc.lines.get(self.cursor) else {
            return Ok(Transition::Stay);
        };
        if line.backordered == 0 {
            ctx.error(format!(
                "Line {} ({}) has no backordered units to cancel",
                line.line_no, line.sku
            ));
            return Ok(Transition::Stay);
        }
        Ok(Transition::push(CancelQty::new(
            self.number(),
            line.line_no,
            &line.sku,
            line.backordered,
            &self.order.doc.customer,
        )))
    }

    /// `n`: how the customer was told, for an order with units ready.
    fn ask_notified(&self, ctx: &mut Ctx) -> Transition {
        let d = &self.order.doc;
        if d.committed() == 0 {
            ctx.error(format!(
                "Order {}: nothing is ready to pick up yet (no committed units)",
                d.number
            ));
            return Transition::Stay;
        }
        Transition::push(NotifyVia::new(ctx, d.number, &d.phone, &d.email))
    }

    /// `v`: how the money goes back, then yes/no (default No); voiding cannot be undone.
    fn ask_void(&self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        ctx.manager_only("Void")?;
        let order = self.number();
        let rules = ctx.counter.config.order_rules();
        let refund = ctx.counter.store.preview_void(order, &rules)?;
        let next = Giving::Void { order }.next(ctx, refund, &self.order.doc.customer)?;
        Ok(Transition::Push(next))
    }

    fn cancel_line(
        &self,
        ctx: &mut Ctx,
        line: i64,
        qty: i64,
        refund_by: Option<TenderKind>,
    ) -> Result<(), AppError> {
        ctx.manager_only("Cancel backorder")?;
        let rules = ctx.counter.config.order_rules();
        let user = ctx.counter.user.name.clone();
        let done = ctx.counter.store.cancel_backorder(
            self.number(),
            line,
            Some(qty),
            refund_by,
            &user,
            &rules,
            &ctx.approvals,
        )?;
        ctx.approvals.clear();
        let text = format!("Cancelled {} backordered unit(s)", done.cancelled);
        let text = refunded(ctx, text, &done, refund_by);
        ctx.info(text);
        Ok(())
    }

    fn void(&self, ctx: &mut Ctx, refund_by: Option<TenderKind>) -> Result<(), AppError> {
        ctx.manager_only("Void")?;
        let number = self.number();
        let rules = ctx.counter.config.order_rules();
        let user = ctx.counter.user.name.clone();
        let done =
            ctx.counter
                .store
                .void_order(number, refund_by, &user, &rules, &ctx.approvals)?;
        ctx.approvals.clear();
        let text = format!(
            "Order {number} void: {} unit(s) released to stock",
            done.released
        );
        let text = refunded(ctx, text, &done, refund_by);
        ctx.info(text);
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

/// Adds the refund of a cancel or a void to what the user is told, and prints its slip.
fn refunded(
    ctx: &mut Ctx,
    mut text: String,
    done: &Cancelled,
    refund_by: Option<TenderKind>,
) -> String {
    let (Some(invoice), Some(kind)) = (done.refund_invoice, refund_by) else {
        return text;
    };
    text += &format!("; refund {} {} on refund {invoice}", done.refund, way(kind));
    match ctx.counter.print_receipt(invoice) {
        Ok(path) => text += &format!("; slip: {}", path.display()),
        Err(e) => text += &format!("; the refund slip failed: {e}"),
    }
    text
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
    let invoice = counter.store.convert_to_invoice(
        number,
        &user,
        tenders,
        settlement.change,
        &rules,
        &ctx.approvals,
    )?;
    ctx.approvals.clear();
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
            Action::Release => self.ask_release(ctx),
            Action::Invoice => return self.start_convert(ctx),
            Action::CancelLine => return self.ask_cancel_line(ctx),
            Action::Void => return self.ask_void(ctx),
            Action::Notify => return Ok(self.ask_notified(ctx)),
            Action::DueDate => {
                let due = self.order.doc.due.clone().unwrap_or_default();
                return Ok(Transition::push(Form::due_date(self.number(), due)));
            }
            Action::Back => return Ok(Transition::Pop(Outcome::Refresh)),
            other => return Ok(ctx.common(Screen::Order, other)),
        };
        // The order is read again whether the action worked or not.
        let refreshed = self.refresh(ctx);
        let next = done?;
        refreshed.map(|()| next)
    }

    fn resume(&mut self, ctx: &mut Ctx, outcome: Outcome) -> Result<Transition, AppError> {
        let outcome = match (outcome, self.pending.take()) {
            // A manager approved what the policy asked of the last yes: carried out again.
            (Outcome::Approved(Approved::Policy(_)), Some(pending)) => Outcome::Confirmed(pending),
            (outcome, _) => outcome,
        };
        if let Outcome::Confirmed(
            pending @ (Confirmed::VoidOrder { .. }
            | Confirmed::CancelBackorder { .. }
            | Confirmed::JumpQueue),
        ) = &outcome
        {
            self.pending = Some(pending.clone());
        }
        let done = match outcome {
            Outcome::Confirmed(Confirmed::VoidOrder { refund_by }) => self.void(ctx, refund_by),
            Outcome::Confirmed(Confirmed::CancelBackorder {
                line_no,
                qty,
                refund_by,
            }) => self.cancel_line(ctx, line_no, qty, refund_by),
            Outcome::Confirmed(Confirmed::JumpQueue) => self.release(ctx, true),
            _ => {
                self.cursor = 0;
                Ok(())
            }
        };
        if done.is_ok() {
            self.pending = None;
        }
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
        render(frame.buffer_mut(), area, self, ui);
        None
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

// Drawing: one order in process: its head and its lines, backordered quantities marked as
// on the list.

fn render(buf: &mut Buffer, area: Rect, screen: &Order, ui: &Ui) {
    let theme = ui.theme;
    Clear.render(area, buf);
    let d = &screen.order.doc;
    let title = format!(
        " Order {}  {} ({})  from invoice {}  {}  {}",
        d.number,
        d.customer_name,
        d.customer,
        d.invoice,
        d.status,
        d.payment.as_str()
    );
    row(
        buf,
        area,
        0,
        Line::styled(fit(&title, usize::from(area.width)), theme.header),
    );
    let ordered = format!(" Ordered {}  Due ", &day_of(&d.ordered_at, ui.app.zone()));
    let due = d.due.as_deref().unwrap_or("-");
    let due = due_span(Some(due), screen.order.overdue, 0, theme);
    let overdue = if screen.order.overdue { " OVERDUE" } else { "" };
    let rest = format!("{overdue}  Deposit held {}  {}", d.deposit, d.note);
    let width = usize::from(area.width);
    let room = width.saturating_sub(ordered.len() + due.width());
    row(
        buf,
        area,
        1,
        Line::from(vec![Span::raw(ordered), due, Span::raw(fit(&rest, room))]),
    );
    // A figure is never cut: the backordered column widens for the widest, and the
    // description gives way.
    let covered = |i: usize| screen.order.line_partly_here(i);
    let fillable = |i: usize| {
        let fill = screen.order.fillable.get(i).copied();
        fill.unwrap_or(Fillable::None)
    };
    let backordered_column = d
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| backordered_width(l.backordered, covered(i), &[fillable(i)], theme))
        .fold(ORDER_BACKORDERED, usize::max);
    let description_width = usize::from(area.width)
        .saturating_sub(ORDER_FIXED + backordered_column - ORDER_BACKORDERED)
        .clamp(12, 40);
    row(
        buf,
        area,
        2,
        Line::styled(
            fit(
                &waiting_and_ready(screen, ui.app.zone()),
                usize::from(area.width),
            ),
            theme.placeholder,
        ),
    );
    let heads = format!(
        "  {:<16} {:<description_width$} {:>7} {:>5} {:>6} {:>6} {:>backordered_column$} {:>4} {:<5}",
        "SKU", "Description", "Ordered", "Deliv", "Commit", "Cancel", "B'Ordr", "Wait", "ETA"
    );
    row(
        buf,
        area,
        3,
        Line::styled(fit(&heads, usize::from(area.width)), theme.column_heads),
    );
    for (i, l) in d.lines.iter().enumerate() {
        let selected = i == screen.cursor;
        let text = format!(
            "{}{} {} {:>7} {:>5} {:>6} {:>6} ",
            if selected { "▶ " } else { "  " },
            padded(&fit(&l.sku, 16), 16),
            padded(&fit(&l.description, description_width), description_width),
            l.ordered,
            l.delivered,
            l.committed,
            l.cancelled
        );
        let style = if selected {
            theme.selected_row
        } else {
            Style::default()
        };
        let mut spans = vec![Span::styled(text, style)];
        spans.extend(backordered_spans(
            l.backordered,
            covered(i),
            &[fillable(i)],
            backordered_column,
            theme,
        ));
        let wait = l
            .wait
            .days_waiting
            .map(|d| format!("{d}d"))
            .unwrap_or_default();
        // The month and day: the full date and the PO are on the line under the table.
        let eta = l.wait.eta.as_deref().and_then(|e| e.get(5..)).unwrap_or("");
        spans.push(Span::raw(format!(" {wait:>4} {eta:<5}")));
        row(buf, area, 4 + i as u16, Line::from(spans));
    }
    let legend = format!(
        " {} stock here can fill the backorder   {} only another location has stock",
        theme.marker(StockMark::FillableHere),
        theme.marker(StockMark::OtherLocation)
    );
    row(
        buf,
        area,
        5 + d.lines.len() as u16,
        Line::styled(legend, theme.placeholder),
    );
    if let Some(line) = d.lines.get(screen.cursor) {
        row(
            buf,
            area,
            6 + d.lines.len() as u16,
            Line::raw(fit(
                &line_wait(line, covered(screen.cursor)),
                usize::from(area.width),
            )),
        );
    }
}

/// What waits on the order and what is ready, for the line under its head.
fn waiting_and_ready(screen: &Order, zone: &jiff::tz::TimeZone) -> String {
    let o = &screen.order;
    let d = &o.doc;
    let mut parts = Vec::new();
    if let Some(days) = o.days_ready {
        parts.push(format!("Ready {days} day(s), phone {}", or_none(&d.phone)));
        parts.push(match &o.notified {
            Some(notice) => format!("notified {}", notice_text(notice, zone)),
            None => "not notified yet (n)".to_string(),
        });
    }
    if d.backordered() > 0 {
        parts.push(format!("B/O value {}", d.backordered_value()));
        if let Some(days) = d.days_waiting() {
            parts.push(format!("waiting {days} day(s)"));
        }
    }
    match parts.is_empty() {
        true => String::new(),
        false => format!(" {}", parts.join(" · ")),
    }
}

/// The selected line's wait in full: value, what the stock here covers of it when that is
/// part of it, days, and the PO that brings it.
fn line_wait(line: &crate::domain::order::OrderLine, covered: Option<i64>) -> String {
    if line.backordered <= 0 {
        return format!(" {}: nothing backordered", line.sku);
    }
    let w = &line.wait;
    let expected = match (&w.eta, w.po) {
        (Some(eta), Some(po)) => format!("ETA {eta} on PO {po}"),
        _ => "no PO covers it yet".to_string(),
    };
    let here = match covered {
        Some(covered) => format!(", {covered} of them in stock here"),
        None => String::new(),
    };
    format!(
        " {}: {} B/O worth {}{here}, waited {}d, {expected}",
        line.sku,
        line.backordered,
        w.backordered_value,
        w.days_waiting.unwrap_or(0)
    )
}

fn or_none(text: &str) -> &str {
    if text.is_empty() { "none" } else { text }
}
