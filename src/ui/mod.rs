//! Drawing only: every frame is rendered from [`App`] state and nothing here changes it.
//!
//! The frame is the stack of layers (the last full screen and the overlays above it),
//! then the status line and the footer for the screen on top.

pub mod dialog;
pub mod dialogs;
pub mod help;
pub mod manager;
pub mod sale;
pub mod theme;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::app::{App, Keymap, Layer, Screen, StatusKind};
pub use theme::{StockMark, Theme};

/// The smallest terminal the counter screen is laid out for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Draws the whole frame.
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        render_too_small(frame.buffer_mut(), area);
        return;
    }
    let [main, status, footer] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);

    let layers = app.layers();
    let base = layers.iter().rposition(|l| !l.is_overlay()).unwrap_or(0);
    let top = layers.len().saturating_sub(1);
    for (index, layer) in layers.iter().enumerate().skip(base) {
        let buf = frame.buffer_mut();
        let cursor = match layer {
            Layer::Sale => {
                sale::render(frame, main, app, theme, index == top);
                None
            }
            Layer::Help(help) => {
                help::render(buf, main, app.keymap(), help, theme);
                None
            }
            Layer::Confirm(dialog) => {
                dialog::render(buf, main, dialog, theme);
                None
            }
            Layer::SignIn(form) => {
                sale::render_header(buf, Rect::new(main.x, main.y, main.width, 1), app, theme);
                dialogs::credentials(buf, main, form, "Sign in", theme)
            }
            Layer::Approval(form, what) => dialogs::credentials(
                buf,
                main,
                form,
                &format!("Manager approval: {}", what.title()),
                theme,
            ),
            Layer::CustomerSearch(search) => dialogs::customer_search(buf, main, search, theme),
            Layer::ItemSearch(search) => dialogs::item_search(buf, main, search, theme),
            Layer::Number(prompt) => dialogs::number(buf, main, prompt, theme),
            Layer::Choice(dialog) => {
                dialogs::choice(buf, main, dialog, theme);
                None
            }
            Layer::Tender(tender) => {
                dialogs::tender(buf, main, tender, &app.context().currency, theme)
            }
            Layer::Orders(screen) => manager::orders(buf, main, screen, theme),
            Layer::Order(screen) => {
                manager::order(buf, main, screen, theme);
                None
            }
            Layer::Manager(cursor) => {
                manager::menu(buf, main, *cursor, theme);
                None
            }
            Layer::Form(form) => manager::form(buf, main, form, theme),
            Layer::Text(view) => {
                manager::text(buf, main, view, theme);
                None
            }
        };
        if index == top
            && let Some(position) = cursor
        {
            frame.set_cursor_position(position);
        }
    }
    render_status(frame.buffer_mut(), status, app, theme);
    render_footer(
        frame.buffer_mut(),
        footer,
        app.keymap(),
        app.screen(),
        theme,
    );
}

/// The message shown instead of the screen when the terminal is too small.
pub fn too_small_message(width: u16, height: u16) -> String {
    format!(
        "Please enlarge the terminal to at least {MIN_WIDTH}×{MIN_HEIGHT} (now {width}×{height})"
    )
}

fn render_too_small(buf: &mut Buffer, area: Rect) {
    if area.is_empty() {
        return;
    }
    let message = too_small_message(area.width, area.height);
    let length = u16::try_from(message.chars().count()).unwrap_or(u16::MAX);
    let rows = length.div_ceil(area.width).min(area.height);
    let centered = area.centered_vertically(Constraint::Length(rows));
    Paragraph::new(message)
        .centered()
        .wrap(Wrap { trim: true })
        .render(centered, buf);
}

fn render_status(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let Some(status) = app.status() else {
        return;
    };
    let style = match status.kind {
        StatusKind::Info => theme.status_info,
        StatusKind::Error => theme.status_error,
    };
    Line::from(Span::styled(status.text.as_str(), style)).render(area, buf);
}

/// The footer hints for `screen` that fit in `width` columns, as (key label, hint), in
/// keymap order: the first bindings are the ones that matter most.
pub fn footer_hints(keymap: &Keymap, screen: Screen, width: u16) -> Vec<(String, &'static str)> {
    let mut hints = Vec::new();
    let mut used = 0usize;
    for binding in keymap.bindings_for(screen) {
        let Some(hint) = binding.hint else {
            continue;
        };
        let label = binding.key.label();
        let separator = usize::from(!hints.is_empty());
        let needed = separator + label.chars().count() + 1 + hint.chars().count();
        if used + needed > usize::from(width) {
            break;
        }
        used += needed;
        hints.push((label, hint));
    }
    hints
}

fn render_footer(buf: &mut Buffer, area: Rect, keymap: &Keymap, screen: Screen, theme: &Theme) {
    let mut spans = Vec::new();
    for (label, hint) in footer_hints(keymap, screen, area.width) {
        if !spans.is_empty() {
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled(label, theme.footer_key));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(hint, theme.footer_hint));
    }
    Line::from(spans).render(area, buf);
}

/// Cuts `text` to `width` characters, marking the cut with `…`.
pub(crate) fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let kept: String = text.chars().take(width - 1).collect();
    // "hammer,…" reads better than "hammer, …".
    let mut cut = kept.trim_end().to_string();
    cut.push('…');
    cut
}

/// A rectangle of at most `width`×`height` in the middle of `area`.
pub(crate) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    area.centered(
        Constraint::Length(width.min(area.width)),
        Constraint::Length(height.min(area.height)),
    )
}
