//! Orders in process: the filter, the status filter, the list. A backordered quantity
//! that stock here can fill is green (`*`), one only another location can fill is blue
//! (`@`); the markers stay under NO_COLOR.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

use super::widgets::row;
use super::{StockMark, Theme, fit, width_of};
use crate::app::orders::Orders;
use crate::domain::calendar::day_of;
use crate::store::orders::{Fillable, OrderInProcess};

/// Columns of the orders list other than the customer's name, with their spaces.
const ORDERS_FIXED: usize = 2 + 7 + 1 + 11 + 11 + 9 + 10 + 7 + 6;
/// Columns of an order's lines other than the description, with their spaces.
pub(crate) const ORDER_FIXED: usize = 2 + 17 + 1 + 8 + 6 + 7 + 7 + 7;

pub(crate) fn mark_of(fillable: Fillable) -> Option<StockMark> {
    match fillable {
        Fillable::Here => Some(StockMark::FillableHere),
        Fillable::Elsewhere => Some(StockMark::OtherLocation),
        Fillable::None => None,
    }
}

/// A backordered quantity with its colour and marker.
pub(crate) fn backordered_span(
    qty: i64,
    fillable: Fillable,
    width: usize,
    theme: &Theme,
) -> Span<'static> {
    match mark_of(fillable).filter(|_| qty > 0) {
        Some(mark) => Span::styled(
            format!("{:>width$}", format!("{qty}{}", theme.marker(mark))),
            theme.mark_style(mark),
        ),
        None => Span::raw(format!("{qty:>width$}")),
    }
}

pub(crate) fn order_fillable(order: &OrderInProcess) -> Fillable {
    if order.fillable.contains(&Fillable::Here) {
        Fillable::Here
    } else if order.fillable.contains(&Fillable::Elsewhere) {
        Fillable::Elsewhere
    } else {
        Fillable::None
    }
}

pub fn render(buf: &mut Buffer, area: Rect, screen: &Orders, theme: &Theme) -> Option<Position> {
    Clear.render(area, buf);
    let label = format!(" Orders in process [{}]  Filter: ", screen.status.as_str());
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
    let customer_width = usize::from(area.width)
        .saturating_sub(ORDERS_FIXED)
        .clamp(12, 32);
    let heads = format!(
        "  {:>6} {:<customer_width$} {:<10} {:<10} {:<8} {:>9} {:>6} {:>6}",
        "Order", "Customer", "Date", "Due", "Pay when", "Deposit", "Commit", "B'Ordr"
    );
    row(
        buf,
        area,
        1,
        Line::styled(fit(&heads, usize::from(area.width)), theme.column_heads),
    );
    let height = usize::from(area.height.saturating_sub(3));
    let first = screen.cursor.saturating_sub(height.saturating_sub(1));
    if screen.rows.is_empty() {
        row(
            buf,
            area,
            2,
            Line::styled(
                "  No order matches. Tab cycles all / back / ready.",
                theme.placeholder,
            ),
        );
    }
    for (i, order) in screen.rows.iter().enumerate().skip(first).take(height) {
        let d = &order.doc;
        let selected = i == screen.cursor;
        let text = format!(
            "{}{:>6} {:<customer_width$} {:<10} {:<10} {:<8} {:>9} {:>6} ",
            if selected { "▶ " } else { "  " },
            d.number,
            fit(&d.customer_name, customer_width),
            &day_of(&d.ordered_at),
            d.due.as_deref().unwrap_or("-"),
            d.payment
                .as_str()
                .strip_prefix("when_")
                .unwrap_or(d.payment.as_str()),
            d.deposit,
            d.committed(),
        );
        let style = if selected {
            theme.selected_row
        } else {
            Style::default()
        };
        let line = Line::from(vec![
            Span::styled(text, style),
            backordered_span(d.backordered(), order_fillable(order), 6, theme),
        ]);
        row(buf, area, 2 + (i - first) as u16, line);
    }
    let x = area.x + width_of(&label) as u16 + screen.filter.visual_cursor() as u16;
    Some(Position::new(x.min(area.right().saturating_sub(1)), area.y))
}
