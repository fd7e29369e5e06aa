//! Read-only text: a report, the users, what a receipt filled.

use std::any::Any;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;

use super::AppError;
use super::draw::Ui;
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Transition, moved};
use crate::ui::widgets::{popup, row};
use crate::ui::{Theme, fit};

#[derive(Debug, Clone)]
pub struct TextView {
    pub title: String,
    pub lines: Vec<String>,
    pub scroll: usize,
}

impl TextView {
    pub fn new(title: impl Into<String>, lines: Vec<String>) -> TextView {
        TextView {
            title: title.into(),
            lines,
            scroll: 0,
        }
    }
}

impl Layer for TextView {
    fn keys(&self) -> Screen {
        Screen::Help
    }

    fn name(&self) -> String {
        format!("text: {}", self.title)
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        Ok(match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                self.scroll = moved(self.scroll, action, self.lines.len());
                Transition::Stay
            }
            Action::Back | Action::Confirm => Transition::pop(),
            other => ctx.common(Screen::Help, other),
        })
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) -> Option<Position> {
        render(frame.buffer_mut(), area, self, ui.theme);
        None
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn render(buf: &mut Buffer, area: Rect, view: &TextView, theme: &Theme) {
    let inner = popup(
        buf,
        area,
        area.width.saturating_sub(2),
        area.height,
        &view.title,
        theme,
    );
    let height = usize::from(inner.height.saturating_sub(1));
    for (i, line) in view.lines.iter().skip(view.scroll).take(height).enumerate() {
        row(
            buf,
            inner,
            i as u16,
            Line::raw(fit(line, usize::from(inner.width))),
        );
    }
    row(
        buf,
        inner,
        inner.height.saturating_sub(1),
        Line::styled("Up/Down scroll · Esc or Enter: close", theme.placeholder),
    );
}
