//! The purchasing screen: suppliers with suggestions, then the open purchase orders.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::Theme;
use super::widgets::{popup, text_row};
use crate::app::purchasing::{Purchasing, PurchasingRow};

/// A row's text: the figures first and the supplier last, so that on a narrow screen the
/// name gives way, never a figure.
fn row_text(row: &PurchasingRow) -> String {
    match row {
        PurchasingRow::Supplier {
            code,
            products,
            units,
        } => format!("{units:>7} unit(s) of {products:>3} product(s)  {code}"),
        PurchasingRow::Po(po) => format!(
            "PO {:<5} {:>11} received {:>3} line(s)  expected {}  {}",
            po.number,
            format!("{}/{}", po.received, po.qty),
            po.lines,
            po.expected,
            po.supplier
        ),
    }
}

pub fn render(buf: &mut Buffer, area: Rect, view: &Purchasing, theme: &Theme) {
    let title = format!("Purchase orders · {}", view.location);
    let inner = popup(buf, area, area.width, area.height, &title, theme);
    let mut lines: Vec<(String, Style, Option<usize>)> = Vec::new();
    let suppliers = view
        .rows
        .iter()
        .filter(|r| matches!(r, PurchasingRow::Supplier { .. }))
        .count();
    lines.push((
        "To order (n: make a PO of a supplier's suggestions)".into(),
        theme.column_heads,
        None,
    ));
    if suppliers == 0 {
        lines.push(("  (nothing suggested)".into(), theme.placeholder, None));
    }
    for (i, row) in view.rows.iter().enumerate() {
        if i == suppliers {
            lines.push((String::new(), Style::default(), None));
            lines.push((
                "Open purchase orders (r: receive all still to come)".into(),
                theme.column_heads,
                None,
            ));
        }
        lines.push((row_text(row), Style::default(), Some(i)));
    }
    if suppliers == view.rows.len() {
        lines.push((String::new(), Style::default(), None));
        lines.push((
            "Open purchase orders (r: receive all still to come)".into(),
            theme.column_heads,
            None,
        ));
        lines.push(("  (none)".into(), theme.placeholder, None));
    }
    let body = usize::from(inner.height);
    let cursor_line = lines
        .iter()
        .position(|l| l.2 == Some(view.cursor))
        .unwrap_or(0);
    let skip = (cursor_line + 1).saturating_sub(body);
    for (n, (text, style, index)) in lines.iter().skip(skip).take(body).enumerate() {
        let selected = *index == Some(view.cursor);
        let (marker, style) = match selected {
            true => ("▶ ", theme.selected_row),
            false => ("  ", *style),
        };
        let text = match index {
            Some(_) => format!("{marker}{text}"),
            None => text.clone(),
        };
        text_row(buf, inner, n as u16, &text, style);
    }
}
