//! The F1 help overlay: every binding of the screen beneath it.

use std::any::Any;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};

use super::AppError;
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Transition};
use crate::ui::Ui;

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
        let last = ctx
            .keymap
            .bindings_for(self.screen)
            .count()
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
        crate::ui::help::render(frame.buffer_mut(), area, ui.keymap(), self, ui.theme);
        None
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
