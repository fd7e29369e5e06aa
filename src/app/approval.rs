//! A manager's name and PIN, asked inside a dialog for a decision a clerk may not take
//! alone. The approval goes back to the dialog beneath, which carries it out.

use std::any::Any;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};

use super::AppError;
use super::keymap::{Action, Screen};
use super::layer::{Approved, Ctx, Layer, Outcome, Transition};
use super::sign_in::{Credentials, Step};
use crate::domain::Role;
use crate::ui::Ui;

#[derive(Debug, Clone)]
pub struct Approval {
    pub form: Credentials,
    pub what: Approved,
}

impl Approval {
    pub fn new(what: Approved) -> Approval {
        Approval {
            form: Credentials {
                message: Some("A manager's name and PIN, please".into()),
                ..Credentials::default()
            },
            what,
        }
    }
}

impl Layer for Approval {
    fn keys(&self) -> Screen {
        Screen::SignIn
    }

    fn name(&self) -> String {
        "approval".into()
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        match action {
            Action::Back => Ok(Transition::pop()),
            Action::Help | Action::Quit | Action::Unbound(_) => {
                Ok(ctx.common(Screen::SignIn, action))
            }
            _ => match self.form.update(ctx, action)? {
                Step::Typing => Ok(Transition::Stay),
                Step::SignedIn(user) if user.role != Role::Manager => {
                    let refused = AppError::NotAManager(user.name);
                    self.form.refused(&refused);
                    Err(refused)
                }
                Step::SignedIn(user) => {
                    ctx.approved_by = Some(user.name);
                    Ok(Transition::Pop(Outcome::Approved(self.what.clone())))
                }
            },
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) -> Option<Position> {
        let title = format!("Manager approval: {}", self.what.title());
        crate::ui::sign_in::render(frame.buffer_mut(), area, ui, &self.form, &title, false)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
