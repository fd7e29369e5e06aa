//! A payment on account: the customer, what they owe and their credit limit, the amount.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::widgets::{field, popup, text_row};
use super::{Ui, width_of};
use crate::app::account_payment::AccountPayment;

pub fn render(buf: &mut Buffer, area: Rect, pay: &AccountPayment, ui: &Ui) -> Option<Position> {
    let (theme, currency) = (ui.theme, ui.app.context().currency.as_str());
    let inner = popup(buf, area, 60, 10, "Payment on account", theme);
    let width = usize::from(inner.width);
    // The name gives way; a figure is never cut.
    let line = |label: &str, value: String| {
        let room = width.saturating_sub(width_of(&value) + 1);
        let label: String = crate::present::receipt::fit(label, room).to_string();
        let pad = width.saturating_sub(width_of(&label) + width_of(&value));
        format!("{label}{}{value}", " ".repeat(pad))
    };
    let c = &pay.customer;
    text_row(
        buf,
        inner,
        0,
        &line(&format!("{} {}", c.account, c.name), String::new()),
        theme.label,
    );
    text_row(
        buf,
        inner,
        1,
        &line(&format!("Owed ({currency})"), pay.balance.to_string()),
        theme.total,
    );
    text_row(
        buf,
        inner,
        2,
        &line("Credit limit", c.credit_limit.to_string()),
        theme.placeholder,
    );
    let label = format!("Amount by {} (blank = all owed)", pay.tender.as_str());
    let cursor = field(buf, inner, 4, &label, &pay.input, false, theme);
    text_row(
        buf,
        inner,
        6,
        "Enter/F10: take (asks first) · c/k: cash/card (box empty)",
        theme.placeholder,
    );
    text_row(buf, inner, 7, "Esc: back, nothing taken", theme.placeholder);
    cursor
}
