//! F7: orders in process. Typing filters the list, Tab cycles the status filter (all,
//! back, ready, not told, call back), Ctrl-S sorts by order date or due date, Enter opens
//! the order.

use std::any::Any;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};
use tui_input::Input;

use super::AppError;
use super::draw::Ui;
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Outcome, Transition, edit, moved};
use super::order::Order;
use crate::domain::calendar::day_of;
use crate::present::reports::OVERDUE_MARKER;
use crate::store::orders::{
    Fillable, OrderFilter, OrderInProcess, OrderPage, OrderSort, StatusFilter,
};
use crate::ui::widgets::row;
use crate::ui::{StockMark, Theme, fit, padded, width_of};

#[derive(Debug, Clone)]
pub struct Orders {
    pub filter: Input,
    pub status: StatusFilter,
    /// The sort `ringup orders --sort` names the same way.
    pub sort: OrderSort,
    pub rows: Vec<OrderInProcess>,
    pub cursor: usize,
    /// How many orders match the filter; `rows` holds the first [`LIST_LIMIT`] of them.
    pub matching: usize,
}

pub use crate::store::orders::LIST_LIMIT;

/// The filters of the Tab cycle, in its order.
pub const STATUS_CYCLE: [StatusFilter; 5] = [
    StatusFilter::All,
    StatusFilter::Back,
    StatusFilter::Ready,
    StatusFilter::NotTold,
    StatusFilter::CallBack,
];

/// The next filter of the Tab cycle: all, back, ready, not told, call back.
pub fn next_status(status: StatusFilter) -> StatusFilter {
    let at = STATUS_CYCLE.iter().position(|s| *s == status);
    at.and_then(|i| STATUS_CYCLE.get(i + 1))
        .copied()
        .unwrap_or(StatusFilter::All)
}

/// The next sort of the sort key: order date, due date.
pub fn next_sort(sort: OrderSort) -> OrderSort {
    match sort {
        OrderSort::Date => OrderSort::Due,
        OrderSort::Due => OrderSort::Date,
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
            sort: OrderSort::Date,
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
            sort: self.sort,
            limit: Some(LIST_LIMIT),
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
            // The cursor stays on its order, wherever the new sort puts it.
            Action::Sort => {
                self.sort = next_sort(self.sort);
                self.refresh(ctx)?;
                ctx.info(match self.sort {
                    OrderSort::Date => "Sorted by order date, oldest first".to_string(),
                    OrderSort::Due => "Sorted by due date, soonest first; none last".to_string(),
                });
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
        render(frame.buffer_mut(), area, self, ui)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

// Drawing: orders in process: the filter, the status filter, the list. A backordered
// quantity that stock here can fill is green (`*`), one only another location can fill is
// blue (`@`); an order whose lines are of both kinds shows both (`*@`). One the stock here
// covers only part of shows how much of it (`1/3`, yellow). An overdue order's due date is
// marked (`!`) and coloured. The markers stay under NO_COLOR, and a line under the list
// says what those on the page mean.

/// Columns of the orders list always shown, other than the customer's name, with their
/// spaces: order, due, deposit, committed, backordered, days waited, backordered value.
const ORDERS_FIXED: usize = 2 + 7 + 1 + 12 + 9 + 7 + BACKORDERED_COLUMN + 5 + 10;
/// The backordered column, wider when a figure with its markers needs it.
const BACKORDERED_COLUMN: usize = 6;
/// When to pay, shown where the screen leaves the customer's name room beside it.
const PAY_COLUMN: usize = 9;
/// The order date, shown on wider screens still.
const DATE_COLUMN: usize = 11;
/// The narrowest customer column that gives way to the optional columns.
const CUSTOMER_ROOM: usize = 20;
/// Columns of an order's lines other than the description, with their spaces.
pub(crate) const ORDER_FIXED: usize = 2 + 17 + 1 + 8 + 6 + 7 + 7 + ORDER_BACKORDERED + 5 + 6;
/// The backordered column of an order's lines, wider when a figure with its markers needs it.
pub(crate) const ORDER_BACKORDERED: usize = 7;

pub(crate) fn mark_of(fillable: Fillable) -> Option<StockMark> {
    match fillable {
        Fillable::Here => Some(StockMark::FillableHere),
        Fillable::Elsewhere => Some(StockMark::OtherLocation),
        Fillable::None => None,
    }
}

/// A backordered quantity as its column shows it, without markers: `1/3` when the stock
/// here covers 1 of the 3 (`covered`), else the quantity.
fn backordered_text(qty: i64, covered: Option<i64>) -> String {
    match covered {
        Some(covered) if qty > 0 => format!("{covered}/{qty}"),
        _ => qty.to_string(),
    }
}

fn marks_of(qty: i64, kinds: &[Fillable]) -> Vec<StockMark> {
    match qty > 0 {
        true => kinds.iter().filter_map(|k| mark_of(*k)).collect(),
        false => Vec::new(),
    }
}

/// The columns a backordered quantity takes with its markers.
pub(crate) fn backordered_width(
    qty: i64,
    covered: Option<i64>,
    kinds: &[Fillable],
    theme: &Theme,
) -> usize {
    let markers: usize = marks_of(qty, kinds)
        .iter()
        .map(|m| theme.marker(*m).len())
        .sum();
    backordered_text(qty, covered).len() + markers
}

/// A backordered quantity right-aligned in `width`: `1/3` in its own colour when the stock
/// here covers only `covered` of it, else in the colour of the first kind of fill; then a
/// marker in its own colour for each kind.
pub(crate) fn backordered_spans(
    qty: i64,
    covered: Option<i64>,
    kinds: &[Fillable],
    width: usize,
    theme: &Theme,
) -> Vec<Span<'static>> {
    let marks = marks_of(qty, kinds);
    let text = backordered_text(qty, covered);
    let style = match (covered.filter(|_| qty > 0), marks.first()) {
        (Some(_), _) => theme.partly_here,
        (None, Some(first)) => theme.mark_style(*first),
        (None, None) => return vec![Span::raw(format!("{text:>width$}"))],
    };
    let pad = width.saturating_sub(backordered_width(qty, covered, kinds, theme));
    let mut spans = vec![Span::raw(" ".repeat(pad)), Span::styled(text, style)];
    spans.extend(
        marks
            .iter()
            .map(|m| Span::styled(theme.marker(*m), theme.mark_style(*m))),
    );
    spans
}

/// What the markers on the page mean, those that are there, in one line.
fn legend(rows: &[&OrderInProcess], theme: &Theme) -> Option<String> {
    let kinds: Vec<Fillable> = rows
        .iter()
        .filter(|o| o.doc.backordered() > 0)
        .flat_map(|o| o.fillable_kinds())
        .collect();
    let mut parts = Vec::new();
    if rows.iter().any(|o| o.partly_here().is_some()) {
        parts.push("1/3: 1 of 3 B/O here".to_string());
    }
    if kinds.contains(&Fillable::Here) {
        let mark = theme.marker(StockMark::FillableHere);
        parts.push(format!("{mark} all of a line here"));
    }
    if kinds.contains(&Fillable::Elsewhere) {
        let mark = theme.marker(StockMark::OtherLocation);
        parts.push(format!("{mark} at another location"));
    }
    if rows.iter().any(|o| o.overdue) {
        parts.push(format!("{OVERDUE_MARKER} overdue"));
    }
    match parts.is_empty() {
        true => None,
        false => Some(format!(" {}", parts.join("  "))),
    }
}

/// A due date (or `-`) left-aligned in `width`, marked and coloured when overdue.
pub(crate) fn due_span(
    due: Option<&str>,
    overdue: bool,
    width: usize,
    theme: &Theme,
) -> Span<'static> {
    let due = due.unwrap_or("-");
    if overdue {
        Span::styled(
            format!("{:<width$}", format!("{due}{OVERDUE_MARKER}")),
            theme.status_error,
        )
    } else {
        Span::raw(format!("{due:<width$}"))
    }
}

fn render(buf: &mut Buffer, area: Rect, screen: &Orders, ui: &Ui) -> Option<Position> {
    let theme = ui.theme;
    Clear.render(area, buf);
    let shown = match screen.matching > screen.rows.len() {
        true => format!(" first {} of {}", screen.rows.len(), screen.matching),
        false => String::new(),
    };
    let label = format!(
        " Orders in process [{}]{shown}  by {}  Filter: ",
        screen.status.as_str(),
        screen.sort.as_str()
    );
    let filter = screen.filter.value();
    row(
        buf,
        area,
        0,
        Line::from(vec![
            Span::styled(label.clone(), theme.header),
            Span::raw(filter.to_string()),
        ]),
    );
    // The customer column takes what the others leave, so the backordered column (with
    // its colour and marker) stays on screen at 80 columns.
    let width = usize::from(area.width);
    let with_pay = width >= ORDERS_FIXED + PAY_COLUMN + CUSTOMER_ROOM;
    let with_date = width >= ORDERS_FIXED + PAY_COLUMN + DATE_COLUMN + CUSTOMER_ROOM;
    let optional = match (with_pay, with_date) {
        (true, true) => PAY_COLUMN + DATE_COLUMN,
        (true, false) => PAY_COLUMN,
        _ => 0,
    };
    let height = usize::from(area.height.saturating_sub(3));
    let first = screen.cursor.saturating_sub(height.saturating_sub(1));
    let page: Vec<&OrderInProcess> = screen.rows.iter().skip(first).take(height).collect();
    // A figure is never cut: the backordered column widens for the page's widest, and the
    // customer's name gives way.
    let backordered_column = page
        .iter()
        .map(|o| {
            let covered = o.partly_here().map(|(covered, _)| covered);
            backordered_width(o.doc.backordered(), covered, &o.fillable_kinds(), theme)
        })
        .fold(BACKORDERED_COLUMN, usize::max);
    let wider = backordered_column - BACKORDERED_COLUMN;
    let customer_width = width
        .saturating_sub(ORDERS_FIXED + optional + wider)
        .clamp(12, 32);
    let date_head = if with_date { "Date       " } else { "" };
    let pay_head = if with_pay { " Pay when" } else { "" };
    let heads = format!(
        "  {:>6} {:<customer_width$} {date_head}{:<11}{pay_head} {:>8} {:>6} {:>backordered_column$} {:>4} {:>9}",
        "Order", "Customer", "Due", "Deposit", "Commit", "B'Ordr", "Wait", "B/O value"
    );
    row(
        buf,
        area,
        1,
        Line::styled(fit(&heads, usize::from(area.width)), theme.column_heads),
    );
    if screen.rows.is_empty() {
        let cycle: Vec<&str> = STATUS_CYCLE.iter().map(|s| s.as_str()).collect();
        row(
            buf,
            area,
            2,
            Line::styled(
                format!("  No order matches. Tab cycles {}.", cycle.join(" / ")),
                theme.placeholder,
            ),
        );
    }
    for (i, order) in screen.rows.iter().enumerate().skip(first).take(height) {
        let d = &order.doc;
        let selected = i == screen.cursor;
        let style = if selected {
            theme.selected_row
        } else {
            Style::default()
        };
        let date = match with_date {
            true => format!("{:<10} ", day_of(&d.ordered_at, ui.app.zone())),
            false => String::new(),
        };
        let head = format!(
            "{}{:>6} {} {date}",
            if selected { "▶ " } else { "  " },
            d.number,
            padded(&fit(&d.customer_name, customer_width), customer_width),
        );
        let pay = match with_pay {
            true => format!(
                " {:<8}",
                d.payment
                    .as_str()
                    .strip_prefix("when_")
                    .unwrap_or(d.payment.as_str())
            ),
            false => String::new(),
        };
        let tail = format!("{pay} {:>8} {:>6} ", d.deposit, d.committed());
        let mut due = due_span(d.due.as_deref(), order.overdue, 11, theme);
        if !order.overdue {
            due = due.style(style);
        }
        let mut spans = vec![Span::styled(head, style), due, Span::styled(tail, style)];
        spans.extend(backordered_spans(
            d.backordered(),
            order.partly_here().map(|(covered, _)| covered),
            &order.fillable_kinds(),
            backordered_column,
            theme,
        ));
        let (wait, value) = match d.backordered() {
            0 => (String::new(), String::new()),
            _ => (
                d.days_waiting()
                    .map(|n| format!("{n}d"))
                    .unwrap_or_default(),
                d.backordered_value().to_string(),
            ),
        };
        spans.push(Span::styled(format!(" {wait:>4} {value:>9}"), style));
        row(buf, area, 2 + (i - first) as u16, Line::from(spans));
    }
    // The last row, under the list.
    if let Some(legend) = legend(&page, theme).filter(|_| area.height > 3) {
        row(
            buf,
            area,
            area.height.saturating_sub(1),
            Line::styled(fit(&legend, width), theme.placeholder),
        );
    }
    let x = area.x + width_of(&label) as u16 + screen.filter.visual_cursor() as u16;
    Some(Position::new(x.min(area.right().saturating_sub(1)), area.y))
}
