//! A one-number prompt over the sale.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::Theme;
use super::widgets::{popup, selectable_field, text_row};
use crate::app::number::NumberPrompt;

pub fn render(
    buf: &mut Buffer,
    area: Rect,
    prompt: &NumberPrompt,
    theme: &Theme,
) -> Option<Position> {
    let inner = popup(buf, area, 64, 6, &prompt.title, theme);
    let cursor = selectable_field(
        buf,
        inner,
        1,
        &prompt.label,
        &prompt.input,
        prompt.selected,
        theme,
    );
    let limits = format!("A whole number {}", prompt.limits.describe());
    text_row(buf, inner, 2, &limits, theme.placeholder);
    let hint = if prompt.selected {
        "Type to replace · Enter: set · Esc: cancel"
    } else {
        "Enter: set · Esc: cancel"
    };
    text_row(buf, inner, 3, hint, theme.placeholder);
    cursor
}
