//! The F8 manager menu.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use super::Theme;
use super::widgets::{popup, row};

pub fn render(buf: &mut Buffer, area: Rect, cursor: usize, theme: &Theme) {
    let inner = popup(buf, area, 44, 11, "Manager", theme);
    let entries = [
        "[r] Receive stock",
        "[t] Transfer stock",
        "[p] Reports",
        "[u] Users",
        "[c] Count stock",
        "[o] Purchase orders",
        "[d] End of day",
        "[g] Dashboard",
    ];
    for (i, entry) in entries.iter().enumerate() {
        let selected = i == cursor;
        let style = if selected {
            theme.selected_row
        } else {
            Style::default()
        };
        row(
            buf,
            inner,
            i as u16 + 1,
            Line::styled(
                format!("{} {entry}", if selected { "▶" } else { " " }),
                style,
            ),
        );
    }
}
