//! The F1 help: every binding of a screen, straight from the keymap.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use super::{Theme, centered, width_of};
use crate::app::help::Help;
use crate::app::{Action, Keymap, Screen};

/// Space between the key column and the descriptions.
const GAP: usize = 2;

/// The help's rows for `screen`: (key label, description), one per binding, in keymap
/// order.
pub fn help_entries(keymap: &Keymap, screen: Screen) -> Vec<(String, &'static str)> {
    keymap
        .bindings_for(screen)
        .map(|b| (b.key.label(), b.description))
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

pub fn render(buf: &mut Buffer, area: Rect, keymap: &Keymap, help: &Help, theme: &Theme) {
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
