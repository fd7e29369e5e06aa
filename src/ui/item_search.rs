//! The item search list: SKU, description, price and stock here and elsewhere.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::widgets::{field, list, popup, text_row};
use super::{Theme, fit};
use crate::app::item_search::ItemSearch;

pub fn render(
    buf: &mut Buffer,
    area: Rect,
    search: &ItemSearch,
    theme: &Theme,
) -> Option<Position> {
    let title = format!("Item search ({} per pick)", search.qty);
    let inner = popup(
        buf,
        area,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
        &title,
        theme,
    );
    let cursor = field(buf, inner, 0, "Words", &search.input, false, theme);
    let desc_width = usize::from(inner.width).saturating_sub(60).max(12);
    text_row(
        buf,
        inner,
        1,
        &format!(
            "  {:<16} {:<desc_width$} {:>9} {:>6} {:>6}  elsewhere",
            "SKU", "Description", "Price", "OnHand", "Avail"
        ),
        theme.column_heads,
    );
    let rows: Vec<String> = search
        .hits
        .iter()
        .map(|hit| {
            let elsewhere: Vec<String> = hit
                .elsewhere
                .iter()
                .map(|(l, n)| format!("{l} {n}"))
                .collect();
            format!(
                "{:<16} {:<desc_width$} {:>9} {:>6} {:>6}  {}",
                fit(&hit.product.sku, 16),
                fit(&hit.product.description, desc_width),
                hit.product.price,
                hit.here.on_hand,
                hit.here.available(),
                if elsewhere.is_empty() {
                    "-".to_string()
                } else {
                    elsewhere.join(" ")
                }
            )
        })
        .collect();
    if rows.is_empty() {
        text_row(
            buf,
            inner,
            2,
            "Type words of the description (prefixes work: 'ball val 3/4')",
            theme.placeholder,
        );
    }
    list(buf, inner, 2, &rows, search.cursor, theme);
    cursor
}
