//! F8, the manager menu: receive stock, transfer, reports, users, count, purchase orders,
//! end of day.

use std::any::Any;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};

use super::AppError;
use super::dashboard::DashboardView;
use super::day::DayScreen;
use super::form::Form;
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Transition, moved};
use super::purchasing::Purchasing;
use super::reports::Reports;
use super::text::TextView;
use crate::ui::Ui;

/// The menu's entries, in the order shown.
pub const ENTRIES: [Action; 8] = [
    Action::Receive,
    Action::Transfer,
    Action::Reports,
    Action::Users,
    Action::Count,
    Action::Purchasing,
    Action::EndOfDay,
    Action::Dashboard,
];

#[derive(Debug, Clone, Default)]
pub struct ManagerMenu {
    /// The entry under the cursor.
    pub cursor: usize,
}

fn users(ctx: &Ctx) -> TextView {
    let mut lines = match ctx.counter.store.users() {
        Ok(users) if users.is_empty() => vec!["No users yet.".to_string()],
        Ok(users) => users
            .iter()
            .map(|u| format!("{:<24} {}", u.name, u.role.as_str()))
            .collect(),
        Err(e) => vec![e.to_string()],
    };
    lines.push(String::new());
    lines.push("Add or reset a user: ringup user add NAME --role clerk|manager".into());
    TextView::new("Users", lines)
}

impl Layer for ManagerMenu {
    fn keys(&self) -> Screen {
        Screen::Manager
    }

    fn name(&self) -> String {
        "manager menu".into()
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        let chosen = match action {
            Action::Up | Action::Down => {
                self.cursor = moved(self.cursor, action, ENTRIES.len());
                return Ok(Transition::Stay);
            }
            Action::Confirm => ENTRIES[self.cursor.min(ENTRIES.len() - 1)],
            Action::Back => return Ok(Transition::pop()),
            other => other,
        };
        let location = ctx.context.location.clone();
        Ok(match chosen {
            Action::Receive => Transition::push(Form::receive(location)),
            Action::Transfer => Transition::push(Form::transfer(location)),
            Action::Reports => Transition::push(Reports::open(ctx)),
            Action::Users => Transition::push(users(ctx)),
            Action::Count => Transition::push(Form::count(location)),
            Action::Purchasing => Transition::push(Purchasing::open(ctx)?),
            Action::EndOfDay => Transition::push(DayScreen::open(ctx)?),
            Action::Dashboard => Transition::push(DashboardView::open(ctx)?),
            other => ctx.common(Screen::Manager, other),
        })
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) -> Option<Position> {
        crate::ui::manager_menu::render(frame.buffer_mut(), area, self.cursor, ui.theme);
        None
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
