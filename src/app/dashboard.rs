//! F8, g: the manager's dashboard, charts of what waits (read again as other terminals
//! change the store).

use std::any::Any;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};

use super::AppError;
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Transition};
use crate::store::dashboard::Dashboard;
use crate::ui::Ui;

#[derive(Debug, Clone)]
pub struct DashboardView {
    pub figures: Dashboard,
}

impl DashboardView {
    pub fn open(ctx: &Ctx) -> Result<DashboardView, AppError> {
        Ok(DashboardView {
            figures: ctx.counter.store.dashboard()?,
        })
    }
}

impl Layer for DashboardView {
    fn keys(&self) -> Screen {
        Screen::Dashboard
    }

    fn name(&self) -> String {
        "dashboard".into()
    }

    fn is_overlay(&self) -> bool {
        false
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        Ok(match action {
            Action::Back | Action::Confirm => Transition::pop(),
            other => ctx.common(Screen::Dashboard, other),
        })
    }

    fn tick(&mut self, ctx: &mut Ctx) -> Result<Transition, AppError> {
        self.figures = ctx.counter.store.dashboard()?;
        Ok(Transition::Stay)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) -> Option<Position> {
        crate::ui::dashboard::render(frame.buffer_mut(), area, &self.figures, ui.theme);
        None
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
