//! One order in process: its head and its lines, backordered quantities marked as on
//! the list.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

use super::orders::{ORDER_FIXED, backordered_spans, due_span};
use super::widgets::row;
use super::{StockMark, Theme, fit};
use crate::app::order::Order;
use crate::domain::calendar::day_of;
use crate::store::orders::Fillable;

pub fn render(buf: &mut Buffer, area: Rect, screen: &Order, theme: &Theme) {
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
    let ordered = format!(" Ordered {}  Due ", &day_of(&d.ordered_at));
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
        let mut spans = vec![Span::styled(text, style)];
        spans.extend(backordered_spans(l.backordered, &[fillable], 7, theme));
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
}
