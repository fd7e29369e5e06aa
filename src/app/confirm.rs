//! A yes/no question stacked over a screen: quitting with a sale on screen.

use std::any::Any;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};

use super::AppError;
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Transition};
use crate::ui::Ui;

/// What happens when the user answers yes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmed {
    /// Quit although a sale is on screen.
    QuitLosingSale,
}

/// A yes/no question; No is the default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub title: String,
    pub question: String,
    pub on_yes: Confirmed,
}

impl Confirm {
    pub fn quit_losing_sale() -> Confirm {
        Confirm {
            title: "Quit".to_string(),
            question: "Quit and lose this sale? y/n".to_string(),
            on_yes: Confirmed::QuitLosingSale,
        }
    }
}

impl Layer for Confirm {
    fn keys(&self) -> Screen {
        Screen::Dialog
    }

    fn name(&self) -> String {
        "confirm".into()
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        Ok(match (action, self.on_yes) {
            (Action::Confirm | Action::Total, Confirmed::QuitLosingSale) => Transition::Quit,
            (Action::Back, Confirmed::QuitLosingSale) => {
                ctx.info("Not quitting: the sale is still here");
                Transition::pop()
            }
            // Pressing quit again on the quit question is a yes.
            (Action::Quit, Confirmed::QuitLosingSale) => Transition::Quit,
            (other, _) => ctx.common(Screen::Dialog, other),
        })
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) -> Option<Position> {
        crate::ui::confirm::render(frame.buffer_mut(), area, self, ui.theme);
        None
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
