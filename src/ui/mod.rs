//! Drawing only: every frame is rendered from [`App`] state and nothing here changes it.
//! One file per screen or dialog, named as its state in `crate::app`; each layer's
//! `draw` calls its own.

pub mod account_payment;
pub mod choice;
pub mod confirm;
pub mod customer_search;
pub mod dashboard;
pub mod day;
pub mod form;
pub mod help;
pub mod item_search;
pub mod manager_menu;
pub mod number;
pub mod order;
pub mod order_action;
pub mod orders;
pub mod parked;
pub mod price_change;
pub mod purchasing;
pub mod reports;
pub mod returns;
pub mod sale;
pub mod sign_in;
pub mod tender;
pub mod text;
pub mod theme;
pub mod widgets;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::app::{App, Keymap, Screen, StatusKind};
pub use theme::{StockMark, Theme};

/// The smallest terminal the counter screen is laid out for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// What every layer's drawing may read: the app (header, sale, keymap) and the theme.
pub struct Ui<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
    /// The layer being drawn has the keyboard.
    pub on_top: bool,
}

impl Ui<'_> {
    pub fn keymap(&self) -> &Keymap {
        self.app.keymap()
    }
}

/// Draws the whole frame: the last full screen of the stack and the overlays above it,
/// then the status line and the footer of the screen on top.
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    app.note_drawn_size(area.width, area.height);
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
        let ui = Ui {
            app,
            theme,
            on_top: index == top,
        };
        if let Some(position) = layer.draw(frame, main, &ui)
            && index == top
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
    let length = u16::try_from(width_of(&message)).unwrap_or(u16::MAX);
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
        let needed = separator + width_of(&label) + 1 + width_of(hint);
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

/// The columns `text` takes on a terminal: a wide character (CJK, most emoji) takes two.
pub(crate) fn width_of(text: &str) -> usize {
    text.width()
}

/// Cuts `text` to `width` columns, marking the cut with `…`.
pub(crate) fn fit(text: &str, width: usize) -> String {
    if width_of(text) <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut kept = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        used += w;
        kept.push(c);
    }
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
