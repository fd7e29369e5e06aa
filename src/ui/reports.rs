//! One report on screen: whole values in the columns that fit, a hint when more columns
//! are out of view.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::widgets::{popup, text_row};
use super::{Theme, width_of};
use crate::app::reports::{GAP, ReportView};
use crate::present::reports::heading;

pub fn render(buf: &mut Buffer, area: Rect, view: &ReportView, theme: &Theme) {
    let inner = popup(buf, area, area.width, area.height, &view.title(), theme);
    let width = usize::from(inner.width);
    view.drawn_width.set(width);
    let in_view = view.in_view(width);
    let numeric = view.cells.numeric();
    let line = |cells: &[String]| -> String {
        in_view
            .columns
            .iter()
            .map(|&i| {
                let cell = cells.get(i).map_or("", String::as_str);
                let pad = " ".repeat(view.widths[i].saturating_sub(width_of(cell)));
                if numeric[i] {
                    format!("{pad}{cell}")
                } else {
                    format!("{cell}{pad}")
                }
            })
            .collect::<Vec<_>>()
            .join(&" ".repeat(GAP))
    };
    let headings: Vec<String> = view.cells.columns.iter().map(|c| heading(c)).collect();
    text_row(buf, inner, 0, &line(&headings), theme.column_heads);
    let rule: Vec<String> = view.widths.iter().map(|w| "-".repeat(*w)).collect();
    text_row(buf, inner, 1, &line(&rule), theme.placeholder);
    let body = inner.height.saturating_sub(3);
    let mut rows: Vec<String> = view.cells.rows.iter().map(|r| line(r)).collect();
    if rows.is_empty() {
        rows.push("(none)".into());
    }
    if let Some(total) = &view.cells.total {
        rows.push(line(&rule));
        rows.push(line(total));
    }
    for (i, text) in rows
        .iter()
        .skip(view.scroll)
        .take(usize::from(body))
        .enumerate()
    {
        text_row(
            buf,
            inner,
            2 + i as u16,
            text,
            ratatui::style::Style::default(),
        );
    }
    text_row(
        buf,
        inner,
        inner.height.saturating_sub(1),
        &hint(in_view.left, in_view.right, rows.len(), view.scroll, body),
        theme.placeholder,
    );
}

/// Says what is out of view: columns to either side, rows below.
fn hint(left: usize, right: usize, rows: usize, scroll: usize, body: u16) -> String {
    let mut parts = Vec::new();
    if left > 0 {
        parts.push(format!("◀ {left} more column(s): Left"));
    }
    if right > 0 {
        parts.push(format!("{right} more column(s): Right ▶"));
    }
    if rows > scroll + usize::from(body) {
        parts.push(format!(
            "{} more row(s): Down",
            rows - scroll - usize::from(body)
        ));
    }
    if parts.is_empty() {
        "All columns in view".into()
    } else {
        parts.join(" · ")
    }
}
