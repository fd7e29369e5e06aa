//! The counter's dialogs, drawn over the screen beneath: sign-in and manager approval,
//! customer and item search, the new-customer form, number prompts, lettered choices and
//! the tender. Each returns where the text cursor belongs, if it has a field.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};
use tui_input::Input;

use super::{Theme, centered, fit};
use crate::app::{Choice, Credentials, CustomerSearch, ItemSearch, NumberPrompt, Tender};

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

fn text_row(buf: &mut Buffer, inner: Rect, row: u16, text: &str, style: Style) {
    if row >= inner.height {
        return;
    }
    let area = Rect::new(inner.x, inner.y + row, inner.width, 1);
    Line::from(Span::styled(fit(text, usize::from(inner.width)), style)).render(area, buf);
}

/// A labelled text field; returns the cursor position in it.
fn field(
    buf: &mut Buffer,
    inner: Rect,
    row: u16,
    label: &str,
    input: &Input,
    masked: bool,
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
    let label_width = label.chars().count() as u16 + 2;
    let room = usize::from(inner.width.saturating_sub(label_width + 1));
    let scroll = input.visual_scroll(room);
    let shown: String = value.chars().skip(scroll).take(room).collect();
    let line = Line::from(vec![
        Span::styled(format!("{label}: "), theme.label),
        Span::raw(shown),
    ]);
    line.render(Rect::new(inner.x, inner.y + row, inner.width, 1), buf);
    let x = inner.x + label_width + (input.visual_cursor().saturating_sub(scroll)) as u16;
    Some(Position::new(
        x.min(inner.right().saturating_sub(1)),
        inner.y + row,
    ))
}

/// A list of rows with the one under the cursor marked, scrolled to keep it in view.
fn list(buf: &mut Buffer, inner: Rect, top: u16, rows: &[String], cursor: usize, theme: &Theme) {
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

pub fn credentials(
    buf: &mut Buffer,
    area: Rect,
    form: &Credentials,
    title: &str,
    theme: &Theme,
) -> Option<Position> {
    let inner = popup(buf, area, 52, 8, title, theme);
    if let Some(message) = &form.message {
        text_row(buf, inner, 0, message, theme.label);
    }
    let name = field(buf, inner, 2, "User name", &form.name, false, theme);
    let pin = field(buf, inner, 3, "PIN      ", &form.pin, true, theme);
    text_row(
        buf,
        inner,
        5,
        "Enter: next / sign in · Esc: clear",
        theme.placeholder,
    );
    if form.field == 0 { name } else { pin }
}

pub fn customer_search(
    buf: &mut Buffer,
    area: Rect,
    search: &CustomerSearch,
    theme: &Theme,
) -> Option<Position> {
    let inner = popup(
        buf,
        area,
        area.width.saturating_sub(8),
        area.height.saturating_sub(4),
        "Customer (Bill To)",
        theme,
    );
    let cursor = field(
        buf,
        inner,
        0,
        "Name, phone or account",
        &search.input,
        false,
        theme,
    );
    let rows: Vec<String> = search
        .results
        .iter()
        .map(|c| {
            format!(
                "{:<10} {:<34} {:<14} limit {}",
                c.account, c.name, c.phone, c.credit_limit
            )
        })
        .collect();
    if rows.is_empty() {
        text_row(
            buf,
            inner,
            2,
            "No customer matches. Ctrl-N creates a new one.",
            theme.placeholder,
        );
    }
    list(buf, inner, 2, &rows, search.cursor, theme);
    cursor
}

pub fn item_search(
    buf: &mut Buffer,
    area: Rect,
    search: &ItemSearch,
    theme: &Theme,
) -> Option<Position> {
    let title = format!("Item search ({} per pick)", search.qty);
    let inner = popup(
        buf,
        area,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
        &title,
        theme,
    );
    let cursor = field(buf, inner, 0, "Words", &search.input, false, theme);
    let desc_width = usize::from(inner.width).saturating_sub(60).max(12);
    text_row(
        buf,
        inner,
        1,
        &format!(
            "  {:<16} {:<desc_width$} {:>9} {:>6} {:>6}  elsewhere",
            "SKU", "Description", "Price", "OnHand", "Avail"
        ),
        theme.column_heads,
    );
    let rows: Vec<String> = search
        .hits
        .iter()
        .map(|hit| {
            let elsewhere: Vec<String> = hit
                .elsewhere
                .iter()
                .map(|(l, n)| format!("{l} {n}"))
                .collect();
            format!(
                "{:<16} {:<desc_width$} {:>9} {:>6} {:>6}  {}",
                fit(&hit.product.sku, 16),
                fit(&hit.product.description, desc_width),
                hit.product.price,
                hit.here.on_hand,
                hit.here.available(),
                if elsewhere.is_empty() {
                    "-".to_string()
                } else {
                    elsewhere.join(" ")
                }
            )
        })
        .collect();
    if rows.is_empty() {
        text_row(
            buf,
            inner,
            2,
            "Type words of the description (prefixes work: 'ball val 3/4')",
            theme.placeholder,
        );
    }
    list(buf, inner, 2, &rows, search.cursor, theme);
    cursor
}

pub fn number(
    buf: &mut Buffer,
    area: Rect,
    prompt: &NumberPrompt,
    theme: &Theme,
) -> Option<Position> {
    let inner = popup(buf, area, 64, 5, &prompt.title, theme);
    let cursor = field(buf, inner, 1, &prompt.label, &prompt.input, false, theme);
    text_row(buf, inner, 2, "Enter: set · Esc: cancel", theme.placeholder);
    cursor
}

pub fn choice(buf: &mut Buffer, area: Rect, dialog: &Choice, theme: &Theme) {
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

pub fn tender(
    buf: &mut Buffer,
    area: Rect,
    tender: &Tender,
    currency: &str,
    theme: &Theme,
) -> Option<Position> {
    let height = tender.tenders.len() as u16 + 10;
    let inner = popup(buf, area, 56, height, "Tender", theme);
    let mut row = 0;
    let due_label = if tender.creates_order {
        format!("Due now ({}, {currency})", tender.payment.label())
    } else {
        format!("Due now ({currency})")
    };
    let width = usize::from(inner.width);
    let line = |label: &str, value: String| {
        let pad = width.saturating_sub(label.chars().count() + value.chars().count());
        format!("{label}{}{value}", " ".repeat(pad))
    };
    text_row(
        buf,
        inner,
        row,
        &line(&due_label, tender.due.to_string()),
        theme.total,
    );
    row += 1;
    for (kind, amount) in &tender.tenders {
        text_row(
            buf,
            inner,
            row,
            &line(&format!("  {}", kind.as_str()), amount.to_string()),
            Style::default(),
        );
        row += 1;
    }
    text_row(
        buf,
        inner,
        row,
        &line("Still due", tender.remaining().to_string()),
        theme.label,
    );
    row += 2;
    let cursor = field(
        buf,
        inner,
        row,
        "Amount (blank = all due)",
        &tender.input,
        false,
        theme,
    );
    row += 2;
    text_row(
        buf,
        inner,
        row,
        "Enter or c: cash · k: card · a: on account",
        theme.placeholder,
    );
    text_row(
        buf,
        inner,
        row + 1,
        "Esc: back to the sale (the sale stays)",
        theme.placeholder,
    );
    cursor
}
