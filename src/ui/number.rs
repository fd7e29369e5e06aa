//! A one-number prompt over the sale.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::Theme;
use super::widgets::{field, popup, text_row};
use crate::app::number::NumberPrompt;

pub fn render(
    buf: &mut Buffer,
    area: Rect,
    prompt: &NumberPrompt,
    theme: &Theme,
) -> Option<Position> {
    let inner = popup(buf, area, 64, 5, &prompt.title, theme);
    let cursor = field(buf, inner, 1, &prompt.label, &prompt.input, false, theme);
    text_row(buf, inner, 2, "Enter: set · Esc: cancel", theme.placeholder);
    cursor
}
