//! F8, the menu: receive stock, transfer, reports, users, count, purchase orders, end of
//! day, dashboard for a manager; sign out / switch user for everyone.

use std::any::Any;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;

use super::AppError;
use super::dashboard::DashboardView;
use super::day::DayScreen;
use super::draw::Ui;
use super::form::Form;
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Transition, moved};
use super::purchasing::Purchasing;
use super::reports::Reports;
use super::sign_in::SignIn;
use super::text::TextView;
use crate::ui::padded;
use crate::ui::widgets::{popup, row};

/// A manager's entries, in the order shown.
pub const ENTRIES: [Action; 9] = [
    Action::Receive,
    Action::Transfer,
    Action::Reports,
    Action::Users,
    Action::Count,
    Action::Purchasing,
    Action::EndOfDay,
    Action::Dashboard,
    Action::SignOut,
];

/// A clerk's entries: only signing out.
pub const CLERK_ENTRIES: [Action; 1] = [Action::SignOut];

/// What an entry is called in the menu (and in a clerk's refusal).
pub fn label(entry: Action) -> &'static str {
    match entry {
        Action::Receive => "Receive stock",
        Action::Transfer => "Transfer stock",
        Action::Reports => "Reports",
        Action::Users => "Users",
        Action::Count => "Count stock",
        Action::Purchasing => "Purchase orders",
        Action::EndOfDay => "End of day",
        Action::Dashboard => "Dashboard",
        Action::SignOut => "Sign out / switch user",
        _ => "This entry",
    }
}

#[derive(Debug, Clone)]
pub struct ManagerMenu {
    /// The entry under the cursor.
    pub cursor: usize,
    /// A manager sees every entry; a clerk only signing out.
    pub manager: bool,
}

impl Default for ManagerMenu {
    fn default() -> ManagerMenu {
        ManagerMenu {
            cursor: 0,
            manager: true,
        }
    }
}

impl ManagerMenu {
    /// The menu as the user signed in may use it.
    pub fn open(ctx: &Ctx) -> ManagerMenu {
        ManagerMenu {
            cursor: 0,
            manager: ctx.counter.may("use the manager's menu"),
        }
    }

    /// The entries shown, in order.
    pub fn entries(&self) -> &'static [Action] {
        if self.manager {
            &ENTRIES
        } else {
            &CLERK_ENTRIES
        }
    }
}

/// Signs the user out, back to the sign-in form, unless that would lose the sale on screen.
fn sign_out(ctx: &mut Ctx) -> Result<Transition, AppError> {
    if !ctx.counter.sale.lines.is_empty() {
        return Err(AppError::SignOutWithSale);
    }
    let name = ctx.counter.user.name.clone();
    ctx.counter.store.audit_sign_out(&name)?;
    // Nothing of the last user's stays on screen or approves the next user's sale: not
    // the Bill To, a discount or an approval of the empty sale either.
    ctx.counter.new_sale();
    ctx.approved_by = None;
    ctx.counter.change_due = None;
    ctx.info(format!("{} signed out", ctx.counter.user.name));
    Ok(Transition::replace(SignIn::new(String::new())))
}

fn users(ctx: &Ctx) -> TextView {
    let mut lines = match ctx.counter.store.users() {
        Ok(users) if users.is_empty() => vec!["No users yet.".to_string()],
        Ok(users) => users
            .iter()
            .map(|u| format!("{} {}", padded(&u.name, 24), u.role.as_str()))
            .collect(),
        Err(e) => vec![e.to_string()],
    };
    lines.push(String::new());
    lines.push("Add or reset a user: ringup user add NAME --role clerk|manager".into());
    TextView::new("Users", lines)
}

impl Layer for ManagerMenu {
    fn keys(&self) -> Screen {
        if self.manager {
            Screen::Manager
        } else {
            Screen::ClerkMenu
        }
    }

    fn name(&self) -> String {
        "manager menu".into()
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        let entries = self.entries();
        let chosen = match action {
            Action::Up | Action::Down => {
                self.cursor = moved(self.cursor, action, entries.len());
                return Ok(Transition::Stay);
            }
            Action::Confirm => entries[self.cursor.min(entries.len() - 1)],
            Action::Back => return Ok(Transition::pop()),
            other => other,
        };
        if ENTRIES.contains(&chosen) && !entries.contains(&chosen) {
            return Err(AppError::ManagersOnly(label(chosen)));
        }
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
            Action::SignOut => sign_out(ctx)?,
            other => ctx.common(self.keys(), other),
        })
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) -> Option<Position> {
        render(frame.buffer_mut(), area, self.entries(), self.cursor, ui);
        None
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

// Drawing: the F8 menu: a manager's entries, or a clerk's sign-out.

fn render(buf: &mut Buffer, area: Rect, entries: &[Action], cursor: usize, ui: &Ui) {
    let theme = ui.theme;
    let height = u16::try_from(entries.len())
        .unwrap_or(u16::MAX)
        .saturating_add(3);
    let title = if entries.len() > 1 { "Manager" } else { "Menu" };
    let inner = popup(buf, area, 44, height, title, theme);
    for (i, &action) in entries.iter().enumerate() {
        let key = ui
            .keymap()
            .key_for(Screen::Manager, action)
            .map(|k| k.label())
            .unwrap_or_default();
        let entry = format!("[{key}] {}", label(action));
        let selected = i == cursor;
        let style = if selected {
            theme.selected_row
        } else {
            Style::default()
        };
        row(
            buf,
            inner,
            i as u16 + 1,
            Line::styled(
                format!("{} {entry}", if selected { "▶" } else { " " }),
                style,
            ),
        );
    }
}
