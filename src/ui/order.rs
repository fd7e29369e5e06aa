//! One order in process: its head and its lines, backordered quantities marked as on
//! the list.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

use super::orders::{ORDER_FIXED, backordered_spans, due_span};
use super::widgets::row;
use super::{StockMark, Ui, fit};
use crate::app::order::Order;
use crate::domain::calendar::day_of;
use crate::present::reports::notice_text;
use crate::store::orders::Fillable;

pub fn render(buf: &mut Buffer, area: Rect, screen: &Order, ui: &Ui) {
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
    let description_width = usize::from(area.width)
        .saturating_sub(ORDER_FIXED)
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
        "  {:<16} {:<description_width$} {:>7} {:>5} {:>6} {:>6} {:>7} {:>4} {:<5}",
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
            Line::raw(fit(&line_wait(line), usize::from(area.width))),
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

/// The selected line's wait in full: value, days, and the PO that brings it.
fn line_wait(line: &crate::domain::order::OrderLine) -> String {
    if line.backordered <= 0 {
        return format!(" {}: nothing backordered", line.sku);
    }
    let w = &line.wait;
    let expected = match (&w.eta, w.po) {
        (Some(eta), Some(po)) => format!("ETA {eta} on PO {po}"),
        _ => "no PO covers it yet".to_string(),
    };
    format!(
        " {}: {} B/O worth {}, waited {}d, {expected}",
        line.sku,
        line.backordered,
        w.backordered_value,
        w.days_waiting.unwrap_or(0)
    )
}

fn or_none(text: &str) -> &str {
    if text.is_empty() { "none" } else { text }
}
