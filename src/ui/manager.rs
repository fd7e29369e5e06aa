//! The manager's screens: orders in process, one order, the F8 menu, forms and text views.
//! A backordered quantity that stock here can fill is green (`*`), one only another location
//! can fill is blue (`@`); the markers stay under NO_COLOR.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

use super::dialogs::popup;
use super::{StockMark, Theme, fit};
use crate::app::manager::{Form, OrderScreen, OrdersScreen, TextView};
use crate::store::orders::{Fillable, OrderInProcess};

/// Columns of the orders list other than the customer's name, with their spaces.
const ORDERS_FIXED: usize = 2 + 7 + 1 + 11 + 11 + 9 + 10 + 7 + 6;
/// Columns of an order's lines other than the description, with their spaces.
const ORDER_FIXED: usize = 2 + 17 + 1 + 8 + 6 + 7 + 7 + 7;

fn row(buf: &mut Buffer, area: Rect, y: u16, line: Line<'_>) {
    if y < area.height {
        line.render(Rect::new(area.x, area.y + y, area.width, 1), buf);
    }
}

fn mark_of(fillable: Fillable) -> Option<StockMark> {
    match fillable {
        Fillable::Here => Some(StockMark::FillableHere),
        Fillable::Elsewhere => Some(StockMark::OtherLocation),
        Fillable::None => None,
    }
}

/// A backordered quantity with its colour and marker.
fn backordered_span(qty: i64, fillable: Fillable, width: usize, theme: &Theme) -> Span<'static> {
    match mark_of(fillable).filter(|_| qty > 0) {
        Some(mark) => Span::styled(
            format!("{:>width$}", format!("{qty}{}", theme.marker(mark))),
            theme.mark_style(mark),
        ),
        None => Span::raw(format!("{qty:>width$}")),
    }
}

fn order_fillable(order: &OrderInProcess) -> Fillable {
    if order.fillable.contains(&Fillable::Here) {
        Fillable::Here
    } else if order.fillable.contains(&Fillable::Elsewhere) {
        Fillable::Elsewhere
    } else {
        Fillable::None
    }
}

pub fn orders(
    buf: &mut Buffer,
    area: Rect,
    screen: &OrdersScreen,
    theme: &Theme,
) -> Option<Position> {
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
            d.ordered_at.get(..10).unwrap_or(&d.ordered_at),
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
    let x = area.x + label.chars().count() as u16 + screen.filter.visual_cursor() as u16;
    Some(Position::new(x.min(area.right().saturating_sub(1)), area.y))
}

pub fn order(buf: &mut Buffer, area: Rect, screen: &OrderScreen, theme: &Theme) {
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
    let info = format!(
        " Ordered {}  Due {}  Deposit held {}  {}",
        d.ordered_at.get(..10).unwrap_or(&d.ordered_at),
        d.due.as_deref().unwrap_or("-"),
        d.deposit,
        d.note
    );
    row(buf, area, 1, Line::raw(fit(&info, usize::from(area.width))));
    let description_width = usize::from(area.width)
        .saturating_sub(ORDER_FIXED)
        .clamp(12, 40);
    let heads = format!(
        "  {:<16} {:<description_width$} {:>7} {:>5} {:>6} {:>6} {:>7}",
        "SKU", "Description", "Ordered", "Deliv", "Commit", "Cancel", "B'Ordr"
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
            "{}{:<16} {:<description_width$} {:>7} {:>5} {:>6} {:>6} ",
            if selected { "▶ " } else { "  " },
            fit(&l.sku, 16),
            fit(&l.description, description_width),
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
        let fillable = screen
            .order
            .fillable
            .get(i)
            .copied()
            .unwrap_or(Fillable::None);
        row(
            buf,
            area,
            4 + i as u16,
            Line::from(vec![
                Span::styled(text, style),
                backordered_span(l.backordered, fillable, 7, theme),
            ]),
        );
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
}

pub fn menu(buf: &mut Buffer, area: Rect, cursor: usize, theme: &Theme) {
    let inner = popup(buf, area, 44, 8, "Manager", theme);
    let entries = [
        "[r] Receive stock",
        "[t] Transfer stock",
        "[p] Reports",
        "[u] Users",
    ];
    for (i, entry) in entries.iter().enumerate() {
        let selected = i == cursor;
        let style = if selected {
            theme.selected_row
        } else {
            Style::default()
        };
        row(
            buf,
            inner,
            i as u16 + 1,
            Line::styled(
                format!("{} {entry}", if selected { "▶" } else { " " }),
                style,
            ),
        );
    }
}

pub fn form(buf: &mut Buffer, area: Rect, form: &Form, theme: &Theme) -> Option<Position> {
    let label_width = form
        .labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    let inner = popup(
        buf,
        area,
        72,
        form.fields.len() as u16 + 5,
        &form.title,
        theme,
    );
    let mut cursor = None;
    for (i, (label, input)) in form.labels.iter().zip(&form.fields).enumerate() {
        let y = i as u16 + 1;
        let prefix = format!("{label:<label_width$}: ");
        row(
            buf,
            inner,
            y,
            Line::from(vec![
                Span::styled(prefix.clone(), theme.label),
                Span::raw(input.value().to_string()),
            ]),
        );
        if i == form.field {
            let x = inner.x + prefix.chars().count() as u16 + input.visual_cursor() as u16;
            cursor = Some(Position::new(
                x.min(inner.right().saturating_sub(1)),
                inner.y + y,
            ));
        }
    }
    row(
        buf,
        inner,
        form.fields.len() as u16 + 2,
        Line::styled(
            "Enter: next field, then save · Esc: cancel",
            theme.placeholder,
        ),
    );
    cursor
}

pub fn text(buf: &mut Buffer, area: Rect, view: &TextView, theme: &Theme) {
    let inner = popup(
        buf,
        area,
        area.width.saturating_sub(2),
        area.height,
        &view.title,
        theme,
    );
    let height = usize::from(inner.height.saturating_sub(1));
    for (i, line) in view.lines.iter().skip(view.scroll).take(height).enumerate() {
        row(
            buf,
            inner,
            i as u16,
            Line::raw(fit(line, usize::from(inner.width))),
        );
    }
    row(
        buf,
        inner,
        inner.height.saturating_sub(1),
        Line::styled("Up/Down scroll · Esc or Enter: close", theme.placeholder),
    );
}
