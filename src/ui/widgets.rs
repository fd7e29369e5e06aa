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

/// How a field shows what is typed in it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Shown {
    #[default]
    Plain,
    /// Every character as `•` (a PIN).
    Hidden,
    /// Digits as `•`: a user name, where a PIN typed in the wrong box must not show.
    DigitsHidden,
}

impl Shown {
    pub(crate) fn apply(self, text: &str) -> String {
        match self {
            Shown::Plain => text.to_string(),
            Shown::Hidden => "•".repeat(text.chars().count()),
            Shown::DigitsHidden => text
                .chars()
                .map(|c| if c.is_ascii_digit() { '•' } else { c })
                .collect(),
        }
    }
}

/// Marks the field that has the keyboard, beside its label (needs no colour).
pub(crate) const FOCUS_MARK: &str = "▸ ";
/// Stands in for the mark beside the other fields, so that labels line up.
pub(crate) const NO_FOCUS_MARK: &str = "  ";

/// A labelled text field: the field with the keyboard is marked; a value filled in for
/// the user (replaced by the first key typed) is drawn reversed.
pub(crate) struct Field<'a> {
    pub label: &'a str,
    pub input: &'a Input,
    pub shown: Shown,
    pub selected: bool,
    pub focused: bool,
}

impl<'a> Field<'a> {
    /// A field with the keyboard, its value shown as typed.
    pub(crate) fn new(label: &'a str, input: &'a Input) -> Field<'a> {
        Field {
            label,
            input,
            shown: Shown::Plain,
            selected: false,
            focused: true,
        }
    }

    pub(crate) fn shown(self, shown: Shown) -> Field<'a> {
        Field { shown, ..self }
    }

    pub(crate) fn selected(self, selected: bool) -> Field<'a> {
        Field { selected, ..self }
    }

    pub(crate) fn focused(self, focused: bool) -> Field<'a> {
        Field { focused, ..self }
    }

    /// Draws the field at `row` of `inner`; returns where the cursor belongs in it.
    pub(crate) fn render(
        &self,
        buf: &mut Buffer,
        inner: Rect,
        row: u16,
        theme: &Theme,
    ) -> Option<Position> {
        if row >= inner.height {
            return None;
        }
        let input = self.input;
        let value = self.shown.apply(input.value());
        let (mark, label_style) = if self.focused {
            (FOCUS_MARK, theme.label.add_modifier(Modifier::BOLD))
        } else {
            (NO_FOCUS_MARK, theme.label)
        };
        let prefix = format!("{mark}{}: ", self.label);
        let label_width = u16::try_from(width_of(&prefix)).unwrap_or(u16::MAX);
        let room = usize::from(inner.width.saturating_sub(label_width + 1));
        let scroll = input.visual_scroll(room);
        let shown: String = value.chars().skip(scroll).take(room).collect();
        let value_style = if self.selected {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        let line = Line::from(vec![
            Span::styled(prefix, label_style),
            Span::styled(shown, value_style),
        ]);
        line.render(Rect::new(inner.x, inner.y + row, inner.width, 1), buf);
        let offset = u16::try_from(input.visual_cursor().saturating_sub(scroll)).unwrap_or(0);
        let x = inner.x + label_width + offset;
        Some(Position::new(
            x.min(inner.right().saturating_sub(1)),
            inner.y + row,
        ))
    }
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
