//! The customer search (Bill To) list.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::Theme;
use super::widgets::{field, list, popup, text_row};
use crate::app::customer_search::CustomerSearch;

pub fn render(
    buf: &mut Buffer,
    area: Rect,
    search: &CustomerSearch,
    theme: &Theme,
) -> Option<Position> {
    let inner = popup(
        buf,
        area,
        area.width.saturating_sub(8),
        area.height.saturating_sub(4),
        "Customer (Bill To)",
        theme,
    );
    let cursor = field(
        buf,
        inner,
        0,
        "Name, phone or account",
        &search.input,
        false,
        theme,
    );
    let rows: Vec<String> = search
        .results
        .iter()
        .map(|c| {
            format!(
                "{:<10} {:<34} {:<14} limit {}",
                c.account, c.name, c.phone, c.credit_limit
            )
        })
        .collect();
    if rows.is_empty() {
        text_row(
            buf,
            inner,
            2,
            "No customer matches. Ctrl-N creates a new one.",
            theme.placeholder,
        );
    }
    list(buf, inner, 2, &rows, search.cursor, theme);
    cursor
}
