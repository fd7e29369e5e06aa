//! A yes/no question drawn over the screen beneath.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use super::{Theme, centered, width_of};
use crate::app::confirm::Confirm;

pub fn render(buf: &mut Buffer, area: Rect, dialog: &Confirm, theme: &Theme) {
    let question_width = u16::try_from(width_of(&dialog.question)).unwrap_or(u16::MAX);
    let popup = centered(area, question_width.saturating_add(8).max(30), 5);
    Clear.render(popup, buf);
    let block = Block::bordered()
        .title(Line::styled(
            format!(" {} ", dialog.title),
            theme.popup_title,
        ))
        .style(theme.popup);
    let inner = block.inner(popup);
    block.render(popup, buf);
    Paragraph::new(dialog.question.as_str())
        .centered()
        .wrap(Wrap { trim: true })
        .render(inner.centered_vertically(Constraint::Length(1)), buf);
}
