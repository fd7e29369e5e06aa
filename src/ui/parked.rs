//! Parked sales and quotes: one row each (when, what, who parked it, customer, lines,
//! total), newest first, and below the list the lines of the one under the cursor.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

use super::widgets::row;
use super::{Ui, fit};
use crate::app::parked::ParkedList;
use crate::domain::calendar::minute_of;
use crate::store::parked::ParkedSale;

/// Columns of a row other than the customer, with their spaces: cursor, when, kind, who,
/// lines, total.
const FIXED: usize = 2 + 17 + 9 + 9 + 6 + 11;
/// Columns of a line of the one under the cursor other than the description.
const LINE_FIXED: usize = 2 + 13 + 7 + 10 + 9 + 11;

fn kind(sale: &ParkedSale) -> String {
    match sale.number {
        Some(n) => format!("quote {n}"),
        None => "parked".into(),
    }
}

pub fn render(buf: &mut Buffer, area: Rect, screen: &ParkedList, ui: &Ui) {
    let theme = ui.theme;
    Clear.render(area, buf);
    let width = usize::from(area.width);
    let title = format!(
        " Parked sales and quotes: {}, newest first · Enter recalls one into the sale",
        screen.rows.len()
    );
    row(buf, area, 0, Line::styled(fit(&title, width), theme.header));
    let customer_width = width.saturating_sub(FIXED).clamp(10, 40);
    let heads = format!(
        "  {:<16} {:<8} {:<8} {:<customer_width$} {:>5} {:>10}",
        "Parked", "Kind", "By", "Customer", "Lines", "Total"
    );
    row(
        buf,
        area,
        1,
        Line::styled(fit(&heads, width), theme.column_heads),
    );
    if screen.rows.is_empty() {
        row(
            buf,
            area,
            2,
            Line::styled(
                "  Nothing is parked. Ctrl-K on a sale parks it, Ctrl-E keeps it as a quote.",
                theme.placeholder,
            ),
        );
        return;
    }
    let selected = screen.rows.get(screen.cursor);
    let detail_rows = selected.map_or(0, |s| s.lines.len() + 2);
    let room = usize::from(area.height.saturating_sub(2));
    // The list keeps at least a third of the room; the lines under the cursor take the rest.
    let list_height = room
        .saturating_sub(detail_rows)
        .max(room / 3)
        .min(screen.rows.len());
    let first = screen.cursor.saturating_sub(list_height.saturating_sub(1));
    for (i, sale) in screen.rows.iter().enumerate().skip(first).take(list_height) {
        let is_cursor = i == screen.cursor;
        let style = if is_cursor {
            theme.selected_row
        } else {
            Style::default()
        };
        let customer = match (&sale.account, &sale.customer) {
            (Some(account), Some(name)) => format!("{name} ({account})"),
            _ => "cash sale".into(),
        };
        let text = format!(
            "{}{:<16} {:<8} {:<8} {:<customer_width$} {:>5} {:>10}",
            if is_cursor { "▶ " } else { "  " },
            minute_of(&sale.at, ui.app.zone()),
            kind(sale),
            fit(&sale.user, 8),
            fit(&customer, customer_width),
            sale.lines.len(),
            sale.total
        );
        row(
            buf,
            area,
            2 + (i - first) as u16,
            Line::from(Span::styled(text, style)),
        );
    }
    let Some(sale) = selected else {
        return;
    };
    let mut y = 2 + list_height as u16 + 1;
    if y >= area.height {
        return;
    }
    let description_width = width.saturating_sub(LINE_FIXED).max(8);
    let heads = format!(
        "  {:<12} {:<description_width$} {:>6} {:>9} {:>8} {:>10}",
        "SKU", "Description", "Qty", "Held", "B/O set", "As parked"
    );
    row(
        buf,
        area,
        y,
        Line::styled(fit(&heads, width), theme.column_heads),
    );
    for line in &sale.lines {
        y += 1;
        if y >= area.height {
            break;
        }
        let text = format!(
            "  {:<12} {:<description_width$} {:>6} {:>9} {:>8} {:>10}",
            fit(&line.sku, 12),
            fit(&line.description, description_width),
            line.ordered,
            line.held_back,
            line.manual_backorder,
            line.amount
        );
        row(buf, area, y, Line::raw(text));
    }
}
