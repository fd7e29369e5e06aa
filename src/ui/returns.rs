//! A return: the invoice number box, then the invoice's lines with what can come back, the
//! units typed, the refund so far and how it goes back.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::widgets::{field, popup, text_row};
use super::{Ui, width_of};
use crate::app::return_items::ReturnItems;
use crate::app::returns::ReturnGoods;
use crate::store::returns::ReturnableLine;

/// A line's SKU and description, then its figures at the right edge: the description gives
/// way, the figures are never cut.
fn item_row(line: &ReturnableLine, figures: &str, width: usize) -> String {
    let room = width.saturating_sub(width_of(figures));
    let name = crate::present::receipt::fit(&format!("{} {}", line.sku, line.description), room)
        .to_string();
    let pad = room.saturating_sub(width_of(&name));
    format!("{name}{}{figures}", " ".repeat(pad))
}

/// The refund so far and how it goes back, over the screen's two key lines, at the foot.
struct Refund<'a> {
    total: &'a str,
    by: &'a str,
    damaged: bool,
}

impl Refund<'_> {
    fn render(&self, buf: &mut Buffer, inner: Rect, keys: [&str; 2], ui: &Ui) {
        let currency = ui.app.context().currency.as_str();
        let goods = if self.damaged {
            " · damaged"
        } else {
            " · to stock"
        };
        let foot = inner.height.saturating_sub(3);
        let refund = format!("Refund ({currency}) {} by {}{goods}", self.total, self.by);
        text_row(buf, inner, foot, &refund, ui.theme.total);
        for (row, text) in (foot + 1..).zip(keys) {
            text_row(buf, inner, row, text, ui.theme.placeholder);
        }
    }
}

pub fn render(buf: &mut Buffer, area: Rect, ret: &ReturnGoods, ui: &Ui) -> Option<Position> {
    let theme = ui.theme;
    let Some(source) = &ret.source else {
        let inner = popup(buf, area, 60, 8, "Return goods", theme);
        let cursor = field(buf, inner, 1, "Invoice number", &ret.number, false, theme);
        text_row(buf, inner, 3, "Enter: find the invoice", theme.placeholder);
        text_row(
            buf,
            inner,
            4,
            "Enter on the empty box: no invoice (a manager's)",
            theme.placeholder,
        );
        text_row(
            buf,
            inner,
            5,
            "Esc: back, nothing returned",
            theme.placeholder,
        );
        return cursor;
    };
    let height = (source.lines.len() as u16 + 8).min(area.height);
    let inner = popup(
        buf,
        area,
        70,
        height,
        &format!("Return goods from {}", source.label()),
        theme,
    );
    let width = usize::from(inner.width);
    text_row(
        buf,
        inner,
        0,
        &format!("{:<w$} left  back", "Item", w = width.saturating_sub(11)),
        theme.column_heads,
    );
    let mut cursor = None;
    let rows = usize::from(inner.height.saturating_sub(4));
    let first = ret.cursor.saturating_sub(rows.saturating_sub(1));
    for (shown, (i, line)) in source
        .lines
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .enumerate()
    {
        let row = 1 + shown as u16;
        let typed = ret.qty.get(i).map_or("", |q| q.value());
        // The description gives way; the quantities are never cut.
        let figures = format!(" {:>4}  {:>4}", line.left(), typed);
        let style = if i == ret.cursor {
            theme.selected_row
        } else {
            theme.label
        };
        text_row(buf, inner, row, &item_row(line, &figures, width), style);
        if i == ret.cursor {
            let x =
                inner.x + u16::try_from(width.saturating_sub(4 - typed.len().min(4))).unwrap_or(0);
            cursor = Some(Position::new(
                x.min(inner.x + inner.width.saturating_sub(1)),
                inner.y + row,
            ));
        }
    }
    let total = ret
        .total_now()
        .map_or_else(|| "?".to_string(), |t| t.to_string());
    let refund = Refund {
        total: &total,
        by: ret.refund_by.as_str(),
        damaged: ret.damaged,
    };
    refund.render(
        buf,
        inner,
        [
            "F10: return (asks first) · c/k/a: cash/card/account · d: damaged",
            "Esc: back, nothing returned",
        ],
        ui,
    );
    cursor
}

/// A return without an invoice: the item box, the goods rung with what each refunds, the
/// refund and how it goes back.
pub fn render_items(buf: &mut Buffer, area: Rect, ret: &ReturnItems, ui: &Ui) -> Option<Position> {
    let theme = ui.theme;
    let lines = &ret.source.lines;
    let height = (lines.len().max(1) as u16 + 9).min(area.height);
    let title = "Return without an invoice (a manager approves the refund)";
    let inner = popup(buf, area, 70, height, title, theme);
    let cursor = field(buf, inner, 0, "Item", &ret.code, false, theme);
    let width = usize::from(inner.width);
    text_row(
        buf,
        inner,
        2,
        &format!("{:<w$} qty   refund", "Item", w = width.saturating_sub(15)),
        theme.column_heads,
    );
    let rows = usize::from(inner.height.saturating_sub(6)).max(1);
    let first = ret.cursor.saturating_sub(rows.saturating_sub(1));
    if lines.is_empty() {
        text_row(
            buf,
            inner,
            3,
            "Scan or type what comes back, then Enter",
            theme.placeholder,
        );
    }
    for (shown, (i, line)) in lines.iter().enumerate().skip(first).take(rows).enumerate() {
        let figures = format!(" {:>4} {:>8}", line.delivered, line.charge.charged);
        let style = if i == ret.cursor {
            theme.selected_row
        } else {
            theme.label
        };
        let text = item_row(line, &figures, width);
        text_row(buf, inner, 3 + shown as u16, &text, style);
    }
    let refund = Refund {
        total: &ret.total_now().to_string(),
        by: ret.refund_by.as_str(),
        damaged: ret.damaged,
    };
    refund.render(
        buf,
        inner,
        [
            "F10: return (asks first) · Tab: refund by · F5: damaged",
            "Ctrl-D: remove a line · Esc: back, nothing returned",
        ],
        ui,
    );
    cursor
}
