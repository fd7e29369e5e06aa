//! The price override and discount dialog over the sale.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::Theme;
use super::widgets::{field, popup, selectable_field, text_row};
use crate::app::price_change::PriceDialog;

pub fn render(
    buf: &mut Buffer,
    area: Rect,
    dialog: &PriceDialog,
    theme: &Theme,
) -> Option<Position> {
    let inner = popup(buf, area, 64, 7, &dialog.title, theme);
    let amount = selectable_field(
        buf,
        inner,
        0,
        dialog.amount_label(),
        &dialog.amount,
        dialog.selected,
        theme,
    );
    let reason = if dialog.asks_reason() {
        field(buf, inner, 1, "Reason", &dialog.reason, false, theme)
    } else {
        text_row(
            buf,
            inner,
            1,
            "Esc takes the item off the sale",
            theme.placeholder,
        );
        None
    };
    let hint = if dialog.selected {
        "Type to replace · empty: take it off · Esc: cancel"
    } else {
        "Enter: next, then set · Tab: next field · Esc: cancel"
    };
    text_row(buf, inner, 3, hint, theme.placeholder);
    if dialog.field == 0 { amount } else { reason }
}
