//! The sign-in form, and a manager's approval inside a dialog: a name and a PIN.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::Ui;
use super::widgets::{field, popup, text_row};
use crate::app::sign_in::Credentials;

pub fn render(
    buf: &mut Buffer,
    area: Rect,
    ui: &Ui,
    form: &Credentials,
    title: &str,
    header: bool,
) -> Option<Position> {
    let theme = ui.theme;
    if header {
        super::sale::render_header(buf, Rect::new(area.x, area.y, area.width, 1), ui.app, theme);
    }
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
