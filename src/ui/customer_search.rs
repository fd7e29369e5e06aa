//! The customer search (Bill To) list.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::widgets::{field, list, popup, text_row};
use super::{Theme, fit, width_of};
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
    // The name gives way; the account, phone and credit limit are never cut.
    let width = usize::from(inner.width).saturating_sub(2);
    let rows: Vec<String> = search
        .results
        .iter()
        .map(|c| {
            let fixed = format!("{:<10} ", c.account);
            let tail = format!(" {:<14} limit {}", c.phone, c.credit_limit);
            let room = width.saturating_sub(width_of(&fixed) + width_of(&tail));
            let name = fit(&c.name, room);
            let pad = room.saturating_sub(width_of(&name));
            format!("{fixed}{name}{}{tail}", " ".repeat(pad))
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
