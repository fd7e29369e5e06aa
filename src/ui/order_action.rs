//! How many backordered units to cancel, over the order screen.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::Theme;
use super::number::NumberBox;
use crate::app::order_action::CancelQty;

pub fn render(buf: &mut Buffer, area: Rect, prompt: &CancelQty, theme: &Theme) -> Option<Position> {
    let number = NumberBox {
        title: &prompt.title,
        label: CancelQty::LABEL,
        input: &prompt.input,
        selected: prompt.selected,
        limits: prompt.limits,
        keys: "Enter: next · Esc: keep the backorder",
    };
    number.render(buf, area, theme)
}
