//! F8, end of day: the X report, and the box for the cash counted.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;

use super::widgets::{field, popup, row, text_row};
use super::{Theme, fit};
use crate::app::day::{CountedCash, DayScreen};

pub fn render(buf: &mut Buffer, area: Rect, day: &DayScreen, theme: &Theme) {
    let inner = popup(
        buf,
        area,
        area.width.saturating_sub(2).min(60),
        area.height,
        "End of day",
        theme,
    );
    let height = usize::from(inner.height.saturating_sub(1));
    for (i, line) in day.lines.iter().skip(day.scroll).take(height).enumerate() {
        row(
            buf,
            inner,
            i as u16,
            Line::raw(fit(line, usize::from(inner.width))),
        );
    }
    text_row(
        buf,
        inner,
        inner.height.saturating_sub(1),
        "z: close the day (count the drawer) · Up/Down scroll · Esc: back",
        theme.placeholder,
    );
}

pub fn render_count(
    buf: &mut Buffer,
    area: Rect,
    count: &CountedCash,
    theme: &Theme,
) -> Option<Position> {
    let inner = popup(buf, area, 64, 6, "Close the day", theme);
    let cursor = field(buf, inner, 1, "Cash counted", &count.input, false, theme);
    text_row(
        buf,
        inner,
        2,
        "Count the drawer, float included: what it should hold is shown after",
        theme.placeholder,
    );
    text_row(
        buf,
        inner,
        3,
        "Enter: close (asks first) · Esc: cancel",
        theme.placeholder,
    );
    cursor
}
