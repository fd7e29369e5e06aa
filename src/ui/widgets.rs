//! Pieces every dialog draws with: a bordered popup, a row of text, a labelled field,
//! a list with a cursor.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};
use tui_input::Input;

use super::{Theme, centered, fit, width_of};

/// Clears a box in the middle of `area`, draws its border and title, returns the inside.
pub(crate) fn popup(
    buf: &mut Buffer,
    area: Rect,
    width: u16,
    height: u16,
    title: &str,
    theme: &Theme,
) -> Rect {
    let rect = centered(area, width, height);
    Clear.render(rect, buf);
    let block = Block::bordered()
        .title(Line::styled(format!(" {title} "), theme.popup_title))
        .style(theme.popup);
    let inner = block.inner(rect);
    block.render(rect, buf);
    inner
}

pub(crate) fn text_row(buf: &mut Buffer, inner: Rect, row: u16, text: &str, style: Style) {
    if row >= inner.height {
        return;
    }
    let area = Rect::new(inner.x, inner.y + row, inner.width, 1);
    Line::from(Span::styled(fit(text, usize::from(inner.width)), style)).render(area, buf);
}

/// A labelled text field; returns the cursor position in it.
pub(crate) fn field(
    buf: &mut Buffer,
    inner: Rect,
    row: u16,
    label: &str,
    input: &Input,
    masked: bool,
    theme: &Theme,
) -> Option<Position> {
    field_with(buf, inner, row, label, input, masked, false, theme)
}

/// A labelled field whose value may be selected (filled in for the user, replaced by the
/// first key typed): a selected value is drawn reversed, which needs no colour.
pub(crate) fn selectable_field(
    buf: &mut Buffer,
    inner: Rect,
    row: u16,
    label: &str,
    input: &Input,
    selected: bool,
    theme: &Theme,
) -> Option<Position> {
    field_with(buf, inner, row, label, input, false, selected, theme)
}

#[allow(clippy::too_many_arguments)]
fn field_with(
    buf: &mut Buffer,
    inner: Rect,
    row: u16,
    label: &str,
    input: &Input,
    masked: bool,
    selected: bool,
    theme: &Theme,
) -> Option<Position> {
    if row >= inner.height {
        return None;
    }
    let value: String = if masked {
        "•".repeat(input.value().chars().count())
    } else {
        input.value().to_string()
    };
    let label_width = u16::try_from(width_of(label))
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let room = usize::from(inner.width.saturating_sub(label_width + 1));
    let scroll = input.visual_scroll(room);
    let shown: String = value.chars().skip(scroll).take(room).collect();
    let value_style = if selected {
        Style::default().add_modifier(Modifier::REVERSED)
    } else {
        Style::default()
    };
    let line = Line::from(vec![
        Span::styled(format!("{label}: "), theme.label),
        Span::styled(shown, value_style),
    ]);
    line.render(Rect::new(inner.x, inner.y + row, inner.width, 1), buf);
    let x = inner.x + label_width + (input.visual_cursor().saturating_sub(scroll)) as u16;
    Some(Position::new(
        x.min(inner.right().saturating_sub(1)),
        inner.y + row,
    ))
}

/// A list of rows with the one under the cursor marked, scrolled to keep it in view.
pub(crate) fn list(
    buf: &mut Buffer,
    inner: Rect,
    top: u16,
    rows: &[String],
    cursor: usize,
    theme: &Theme,
) {
    let height = usize::from(inner.height.saturating_sub(top));
    if height == 0 {
        return;
    }
    let first = cursor.saturating_sub(height - 1);
    for (i, row) in rows.iter().enumerate().skip(first).take(height) {
        let selected = i == cursor;
        let text = format!("{}{row}", if selected { "▶ " } else { "  " });
        let style = if selected {
            theme.selected_row
        } else {
            Style::default()
        };
        text_row(buf, inner, top + (i - first) as u16, &text, style);
    }
}

/// One line of text at row `y` of `area`, if it fits.
pub(crate) fn row(buf: &mut Buffer, area: Rect, y: u16, line: Line<'_>) {
    if y < area.height {
        line.render(Rect::new(area.x, area.y + y, area.width, 1), buf);
    }
}
