//! Read-only text: a report, the users, what a receipt filled.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::widgets::{popup, row};
use super::{Theme, fit};
use crate::app::text::TextView;

pub fn render(buf: &mut Buffer, area: Rect, view: &TextView, theme: &Theme) {
    let inner = popup(
        buf,
        area,
        area.width.saturating_sub(2),
        area.height,
        &view.title,
        theme,
    );
    let height = usize::from(inner.height.saturating_sub(1));
    for (i, line) in view.lines.iter().skip(view.scroll).take(height).enumerate() {
        row(
            buf,
            inner,
            i as u16,
            Line::raw(fit(line, usize::from(inner.width))),
        );
    }
    row(
        buf,
        inner,
        inner.height.saturating_sub(1),
        Line::styled("Up/Down scroll · Esc or Enter: close", theme.placeholder),
    );
}
