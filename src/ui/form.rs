//! A form of a few text fields over the screen beneath.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use super::widgets::{popup, row};
use super::{Theme, width_of};
use crate::app::form::Form;

pub fn render(buf: &mut Buffer, area: Rect, form: &Form, theme: &Theme) -> Option<Position> {
    let label_width = form.labels.iter().map(|l| width_of(l)).max().unwrap_or(0);
    let inner = popup(
        buf,
        area,
        72,
        form.fields.len() as u16 + 5,
        &form.title,
        theme,
    );
    let mut cursor = None;
    for (i, (label, input)) in form.labels.iter().zip(&form.fields).enumerate() {
        let y = i as u16 + 1;
        let prefix = format!("{label:<label_width$}: ");
        row(
            buf,
            inner,
            y,
            Line::from(vec![
                Span::styled(prefix.clone(), theme.label),
                if i == form.field && form.selected {
                    Span::styled(input.value().to_string(), Modifier::REVERSED)
                } else {
                    Span::raw(input.value().to_string())
                },
            ]),
        );
        if i == form.field {
            let x = inner.x + width_of(&prefix) as u16 + input.visual_cursor() as u16;
            cursor = Some(Position::new(
                x.min(inner.right().saturating_sub(1)),
                inner.y + y,
            ));
        }
    }
    row(
        buf,
        inner,
        form.fields.len() as u16 + 2,
        Line::styled(
            "Enter: next field, then save · Esc: cancel",
            theme.placeholder,
        ),
    );
    cursor
}
