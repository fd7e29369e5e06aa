//! A dialog of lettered options (Backorders Found, payment, override, the warnings,
//! reports): the body, then each option with its key.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::Theme;
use super::widgets::{popup, text_row};
use crate::app::choice::Choice;

pub fn render(buf: &mut Buffer, area: Rect, dialog: &Choice, theme: &Theme) {
    let height = (dialog.body.len() + dialog.options.len() + 5) as u16;
    let inner = popup(buf, area, 76, height, &dialog.title, theme);
    for (i, line) in dialog.body.iter().enumerate() {
        text_row(buf, inner, i as u16, line, Style::default());
    }
    let top = dialog.body.len() as u16 + 1;
    for (i, (letter, label)) in dialog.options.iter().enumerate() {
        let selected = i == dialog.cursor;
        let style = if selected {
            theme.selected_row
        } else {
            Style::default()
        };
        let mark = if selected { "▶" } else { " " };
        text_row(
            buf,
            inner,
            top + i as u16,
            &format!("{mark} [{letter}] {label}"),
            style,
        );
    }
    text_row(
        buf,
        inner,
        top + dialog.options.len() as u16 + 1,
        "Letter or arrows + Enter to choose · Esc: back",
        theme.placeholder,
    );
}
