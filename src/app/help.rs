//! The F1 help overlay: every binding of the screen beneath it.

use std::any::Any;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use super::draw::Ui;
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Transition};
use super::{AppError, Keymap};
use crate::ui::{Theme, centered, width_of};

/// Lines moved by PgUp/PgDn in the help.
const PAGE: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Help {
    /// The screen whose keys are listed.
    pub screen: Screen,
    /// First entry shown; the drawing clamps it to what fits.
    pub scroll: usize,
}

impl Help {
    pub fn new(screen: Screen) -> Help {
        Help { screen, scroll: 0 }
    }
}

impl Layer for Help {
    fn keys(&self) -> Screen {
        Screen::Help
    }

    fn name(&self) -> String {
        "help".into()
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        let last = help_entries(&ctx.keymap, self.screen)
            .len()
            .saturating_sub(1);
        self.scroll = match action {
            Action::Help | Action::Back => return Ok(Transition::pop()),
            Action::Up => self.scroll.saturating_sub(1),
            Action::Down => self.scroll.saturating_add(1),
            Action::PageUp => self.scroll.saturating_sub(PAGE),
            Action::PageDown => self.scroll.saturating_add(PAGE),
            other => return Ok(ctx.common(Screen::Help, other)),
        }
        .min(last);
        Ok(Transition::Stay)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) -> Option<Position> {
        render(frame.buffer_mut(), area, ui.keymap(), self, ui.theme);
        None
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

// Drawing: the F1 help: every binding of a screen, straight from the keymap.

/// Space between the key column and the descriptions.
const GAP: usize = 2;

/// What the sale screen's item entry reads besides a SKU or barcode: (typed, what it does).
const SALE_ENTRIES: [(&str, &str); 3] = [
    (
        "4*SKU",
        "ring 4 at once: a quantity and * before the SKU or scan",
    ),
    (
        "INV-000123",
        "a receipt's code, scanned on an empty sale: return from it",
    ),
    (
        "ORD-000045",
        "an order's code, scanned on an empty sale: its pickup",
    ),
];

/// The help's rows for `screen`: (key label, description), one per binding, in keymap
/// order; the sale screen's then say what its item entry reads.
pub fn help_entries(keymap: &Keymap, screen: Screen) -> Vec<(String, &'static str)> {
    let typed = match screen {
        Screen::Sale => &SALE_ENTRIES[..],
        _ => &[],
    };
    keymap
        .bindings_for(screen)
        .map(|b| (b.key.label(), b.description))
        .chain(typed.iter().map(|(t, d)| (t.to_string(), *d)))
        .collect()
}

/// The keys that close the help, as the help's own bindings say.
fn closers(keymap: &Keymap) -> String {
    let keys: Vec<String> = keymap
        .bindings_for(Screen::Help)
        .filter(|b| matches!(b.action, Action::Help | Action::Back))
        .map(|b| b.key.label())
        .collect();
    keys.join(" or ")
}

fn render(buf: &mut Buffer, area: Rect, keymap: &Keymap, help: &Help, theme: &Theme) {
    let entries = help_entries(keymap, help.screen);
    let key_width = entries.iter().map(|(k, _)| width_of(k)).max().unwrap_or(0);
    let text_width = entries.iter().map(|(_, d)| width_of(d)).max().unwrap_or(0);
    let mut footnote = format!(" {} closes ", closers(keymap));
    if help.screen.takes_text() {
        footnote.push_str("· other keys type into the entry ");
    }
    let content_width = (1 + key_width + GAP + text_width + 1).max(width_of(&footnote) + 2);
    let width = u16::try_from(content_width + 2).unwrap_or(u16::MAX);
    let height = u16::try_from(entries.len() + 2).unwrap_or(u16::MAX);
    let popup = centered(area, width, height);
    Clear.render(popup, buf);

    let visible = usize::from(popup.height.saturating_sub(2));
    let first = help.scroll.min(entries.len().saturating_sub(visible));
    let mut block = Block::bordered()
        .title(Line::styled(
            format!(" Help: {} screen ", help.screen.title()),
            theme.popup_title,
        ))
        .title_bottom(footnote)
        .style(theme.popup);
    if visible < entries.len() {
        let last = (first + visible).min(entries.len());
        block = block.title(
            Line::from(format!(" {}-{} of {} ", first + 1, last, entries.len())).right_aligned(),
        );
    }
    let inner = block.inner(popup);
    block.render(popup, buf);

    for (row, (key, description)) in inner.rows().zip(entries.iter().skip(first)) {
        Line::from(vec![
            Span::raw(" "),
            Span::styled(format!("{key:<key_width$}"), theme.help_key),
            Span::raw(" ".repeat(GAP)),
            Span::raw(*description),
        ])
        .render(row, buf);
    }
}
