//! A one-number prompt over the sale.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use tui_input::Input;

use super::Theme;
use super::widgets::{popup, selectable_field, text_row};
use crate::app::number::NumberPrompt;
use crate::domain::sale::CountLimits;

pub fn render(
    buf: &mut Buffer,
    area: Rect,
    prompt: &NumberPrompt,
    theme: &Theme,
) -> Option<Position> {
    let number = NumberBox {
        title: &prompt.title,
        label: &prompt.label,
        input: &prompt.input,
        selected: prompt.selected,
        limits: prompt.limits,
        keys: "Enter: set · Esc: cancel",
    };
    number.render(buf, area, theme)
}

/// A box for one whole number within limits: its label, the limits, and the keys.
pub struct NumberBox<'a> {
    pub title: &'a str,
    pub label: &'a str,
    pub input: &'a Input,
    /// The figure filled in is selected: the first key typed replaces it.
    pub selected: bool,
    pub limits: CountLimits,
    /// What Enter and Esc do.
    pub keys: &'a str,
}

impl NumberBox<'_> {
    pub fn render(&self, buf: &mut Buffer, area: Rect, theme: &Theme) -> Option<Position> {
        let inner = popup(buf, area, 64, 6, self.title, theme);
        let cursor = selectable_field(buf, inner, 1, self.label, self.input, self.selected, theme);
        let limits = format!("A whole number {}", self.limits.describe());
        text_row(buf, inner, 2, &limits, theme.placeholder);
        let hint = if self.selected {
            format!("Type to replace · {}", self.keys)
        } else {
            self.keys.to_string()
        };
        text_row(buf, inner, 3, &hint, theme.placeholder);
        cursor
    }
}
