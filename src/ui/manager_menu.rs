//! The F8 menu: a manager's entries, or a clerk's sign-out.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use super::Ui;
use super::widgets::{popup, row};
use crate::app::manager_menu::label;
use crate::app::{Action, Screen};

pub fn render(buf: &mut Buffer, area: Rect, entries: &[Action], cursor: usize, ui: &Ui) {
    let theme = ui.theme;
    let height = u16::try_from(entries.len())
        .unwrap_or(u16::MAX)
        .saturating_add(3);
    let title = if entries.len() > 1 { "Manager" } else { "Menu" };
    let inner = popup(buf, area, 44, height, title, theme);
    for (i, &action) in entries.iter().enumerate() {
        let key = ui
            .keymap()
            .key_for(Screen::Manager, action)
            .map(|k| k.label())
            .unwrap_or_default();
        let entry = format!("[{key}] {}", label(action));
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
