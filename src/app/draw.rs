//! Draws the whole frame from the [`App`]: the last full screen of the stack and the
//! overlays above it, then the status line and the footer of the screen on top. Each layer
//! draws itself; nothing drawn changes the app.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};

use super::{Action, App, Binding, Keymap, Screen};
use crate::ui::{self, Header, MIN_HEIGHT, MIN_WIDTH, Theme};

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

    /// The header: who is selling where, and the Bill To of the sale.
    pub fn render_header(&self, buf: &mut Buffer, area: Rect) {
        let context = self.app.context();
        Header {
            store_name: &context.store_name,
            location: &context.location,
            user_name: &context.user_name,
            role: &context.role,
            bill_to: self.app.sale().bill_to(),
        }
        .render(buf, area, self.theme);
    }
}

/// Draws the whole frame: the last full screen of the stack and the overlays above it,
/// then the status line and the footer of the screen on top.
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    app.note_drawn_size(area.width, area.height);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        ui::render_too_small(frame.buffer_mut(), area);
        return;
    }
    // A long message takes the rows it needs (up to three), never cut at the edge.
    let status_rows = app
        .status()
        .map_or(1, |m| ui::status_rows(&m.text, area.width).clamp(1, 3));
    let [main, status, footer] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(status_rows),
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
    if let Some(message) = app.status() {
        ui::render_status(
            frame.buffer_mut(),
            status,
            message.kind,
            &message.text,
            theme,
        );
    }
    let moment = layers.last().and_then(|l| l.footer(app));
    let hints = footer_hints_for(app.keymap(), app.screen(), moment, footer.width);
    ui::render_footer(frame.buffer_mut(), footer, hints, theme);
}

/// The footer hints for `screen` that fit in `width` columns, as (key label, hint), in
/// keymap order: the first bindings are the ones that matter most. When some are left
/// out, the help key ends the footer: `F1 more`.
pub fn footer_hints(keymap: &Keymap, screen: Screen, width: u16) -> Vec<(String, &'static str)> {
    footer_hints_for(keymap, screen, None, width)
}

/// The footer hints of `screen` at a moment: `moment` lists the actions that matter now,
/// most important first (None: every hinted binding, in keymap order).
pub fn footer_hints_for(
    keymap: &Keymap,
    screen: Screen,
    moment: Option<&[Action]>,
    width: u16,
) -> Vec<(String, &'static str)> {
    let hint = |binding: &Binding| binding.hint.map(|hint| (binding.key.label(), hint));
    let hints: Vec<(String, &'static str)> = match moment {
        Some(actions) => actions
            .iter()
            .filter_map(|&action| keymap.binding(screen, action).and_then(hint))
            .collect(),
        None => keymap.bindings_for(screen).filter_map(hint).collect(),
    };
    let more = keymap.key_for(screen, Action::Help).map(|key| key.label());
    ui::fit_hints(hints, more, width)
}
