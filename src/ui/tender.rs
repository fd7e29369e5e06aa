//! The tender: what is due, what was taken, the amount field.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;

use super::widgets::{popup, selectable_field, text_row};
use super::{Ui, width_of};
use crate::app::tender::Tender;
use crate::domain::sale::TenderKind;

pub fn render(buf: &mut Buffer, area: Rect, tender: &Tender, ui: &Ui) -> Option<Position> {
    let (theme, currency) = (ui.theme, ui.app.context().currency.as_str());
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
        let pad = width.saturating_sub(width_of(label) + width_of(&value));
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
    let paying = match tender.kind {
        TenderKind::Cash => "cash",
        TenderKind::Card => "card",
        TenderKind::Account => "on account",
    };
    let label = format!("Amount by {paying} (blank = all due)");
    let cursor = selectable_field(
        buf,
        inner,
        row,
        &label,
        &tender.input,
        tender.selected,
        theme,
    );
    row += 2;
    text_row(
        buf,
        inner,
        row,
        if tender.selected {
            "Refused: type to replace it · Backspace: clear"
        } else {
            "Enter: take · c/k/a: cash/card/account (box empty)"
        },
        theme.placeholder,
    );
    let back = if tender.tenders.is_empty() {
        "Esc: back to the sale (the sale stays)"
    } else {
        "Esc: asks before handing the tenders back"
    };
    text_row(buf, inner, row + 1, back, theme.placeholder);
    cursor
}
