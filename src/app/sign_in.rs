//! The sign-in form: user name, then PIN. Its fields are shared with the manager's
//! approval inside a dialog ([`super::approval`]).

use std::any::Any;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use tui_input::Input;

use super::AppError;
use super::draw::Ui;
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Transition, edit, edit_number};
use crate::domain::User;
use crate::domain::catalog::MAX_PIN_DIGITS;
use crate::store::users::SignIn as Answer;
use crate::ui::widgets::{Field, Shown, popup, text_row};

/// A name and a PIN.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    pub name: Input,
    pub pin: Input,
    /// 0: the name has the cursor, 1: the PIN.
    pub field: usize,
    pub message: Option<String>,
    /// Something other than a digit was typed into the PIN box since it was last empty:
    /// a scan, not a PIN.
    pub scanned: bool,
}

/// What the form asks the caller to do after a key.
pub(crate) enum Step {
    /// Still typing.
    Typing,
    /// Both fields are in: this user signed in with this PIN.
    SignedIn(User),
}

impl Credentials {
    /// Whether anything is typed in either field.
    pub(crate) fn has_typed(&self) -> bool {
        !self.name.value().is_empty() || !self.pin.value().is_empty()
    }

    /// Both fields emptied, the name first again.
    pub(crate) fn clear(&mut self) {
        self.name.reset();
        self.pin.reset();
        self.scanned = false;
        self.field = 0;
    }

    /// Enter on the PIN, before anything is checked: what was typed into the PIN box is no
    /// PIN (a scan: letters, or more digits than a PIN has), or the name box holds no name
    /// (empty, or digits alone: a PIN typed there, reached by an arrow). Either is cleared
    /// and refused without asking the store, so it never counts as a wrong PIN and no PIN
    /// is written to the audit as a name. Returns whether it was refused.
    pub(crate) fn refuse_unchecked(&mut self, ctx: &mut Ctx) -> bool {
        let name = self.name.value().trim();
        if name.is_empty() || name.chars().all(|c| c.is_ascii_digit()) {
            self.pin.reset();
            self.scanned = false;
            if let Err(why) = self.name_entered(ctx) {
                self.message = Some(why.to_string());
                ctx.error(why.to_string());
            }
            return true;
        }
        let scanned = std::mem::take(&mut self.scanned) || self.pin.value().len() > MAX_PIN_DIGITS;
        if scanned {
            self.pin.reset();
            let why = format!(
                "That was no PIN (a scan?): a PIN is up to {MAX_PIN_DIGITS} digits; \
                 nothing was counted, type the PIN"
            );
            self.message = Some(why.clone());
            ctx.error(why);
        }
        scanned
    }

    /// The name as messages may show it: digits hidden, as a PIN typed into the name box
    /// must not be echoed.
    pub(crate) fn shown_name(&self) -> String {
        Shown::DigitsHidden.apply(self.name.value().trim())
    }

    /// Enter on the name: digits alone are a PIN typed into the wrong box; they are
    /// cleared without being checked.
    fn name_entered(&mut self, ctx: &mut Ctx) -> Result<(), AppError> {
        let name = self.name.value().trim();
        if name.is_empty() {
            self.field = 0;
            return Err(AppError::NoUserName);
        }
        if name.chars().all(|c| c.is_ascii_digit()) {
            self.name.reset();
            self.field = 0;
            let why = "Digits in the user name box (a PIN?) were cleared: type the name, \
                       Enter, then the PIN";
            self.message = Some(why.to_string());
            ctx.error(why);
            return Ok(());
        }
        self.field = 1;
        Ok(())
    }

    /// The keys both forms share: typing, moving between fields, Enter.
    pub(crate) fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Step, AppError> {
        match action {
            Action::Edit(e) => {
                if self.field == 0 {
                    edit(&mut self.name, e);
                } else if edit_number(&mut self.pin, &mut false, e, false).is_err() {
                    // A PIN is digits: anything else is not typed, and makes what Enter
                    // sends a scan rather than a PIN.
                    self.scanned = true;
                }
            }
            Action::Up | Action::Down => self.field = 1 - self.field.min(1),
            Action::Confirm | Action::Total if self.field == 0 => self.name_entered(ctx)?,
            Action::Confirm | Action::Total if self.refuse_unchecked(ctx) => {}
            Action::Confirm | Action::Total => return self.check(ctx).map(Step::SignedIn),
            _ => {}
        }
        Ok(Step::Typing)
    }

    fn check(&mut self, ctx: &mut Ctx) -> Result<User, AppError> {
        let answer = ctx
            .counter
            .store
            .sign_in(self.name.value().trim(), self.pin.value());
        self.pin.reset();
        let name = self.shown_name();
        let refused = match answer {
            Ok(Answer::Ok(user)) => return Ok(user),
            Ok(Answer::UnknownUser) => AppError::UnknownUser(name),
            Ok(Answer::LockedOut) => AppError::LockedOut(name),
            Ok(Answer::Disabled) => AppError::Disabled(name),
            Ok(Answer::WrongPin { attempts_left }) => AppError::WrongPin {
                name,
                attempts_left,
            },
            Err(e) => AppError::Store(e),
        };
        self.refused(&refused);
        Err(refused)
    }

    /// Shows a refusal in the form too, with the cursor back on the PIN.
    pub(crate) fn refused(&mut self, why: &AppError) {
        self.message = Some(why.to_string());
        self.field = 1;
    }
}

/// The sign-in screen, shown when users exist.
#[derive(Debug, Clone, Default)]
pub struct SignIn {
    pub form: Credentials,
}

impl SignIn {
    /// With `name` filled in (the cursor then starts on the PIN).
    pub fn new(name: String) -> SignIn {
        let field = usize::from(!name.is_empty());
        SignIn {
            form: Credentials {
                name: Input::new(name),
                field,
                ..Credentials::default()
            },
        }
    }
}

impl Layer for SignIn {
    fn keys(&self) -> Screen {
        Screen::SignIn
    }

    fn name(&self) -> String {
        "sign-in".into()
    }

    fn is_overlay(&self) -> bool {
        false
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        match action {
            Action::Back => {
                self.form = Credentials::default();
                Ok(Transition::Stay)
            }
            Action::Help => Ok(ctx.common(Screen::SignIn, action)),
            Action::Quit => Ok(Transition::Quit),
            Action::Unbound(key) => Ok(ctx.unbound(Screen::SignIn, key)),
            _ => match self.form.update(ctx, action)? {
                Step::Typing => Ok(Transition::Stay),
                Step::SignedIn(user) => {
                    ctx.counter.user = user;
                    ctx.info(format!("Signed in as {}", ctx.counter.user.name));
                    Ok(Transition::ToSale(super::Outcome::Nothing))
                }
            },
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) -> Option<Position> {
        render(frame.buffer_mut(), area, ui, &self.form, "Sign in", true)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

// Drawing: the sign-in form, and a manager's approval inside a dialog: a name and a PIN.

pub(super) fn render(
    buf: &mut Buffer,
    area: Rect,
    ui: &Ui,
    form: &Credentials,
    title: &str,
    header: bool,
) -> Option<Position> {
    let theme = ui.theme;
    if header {
        ui.render_header(buf, Rect::new(area.x, area.y, area.width, 1));
    }
    let inner = popup(buf, area, 52, 8, title, theme);
    if let Some(message) = &form.message {
        text_row(buf, inner, 0, message, theme.label);
    }
    let name = Field::new("User name", &form.name)
        .shown(Shown::DigitsHidden)
        .focused(form.field == 0)
        .render(buf, inner, 2, theme);
    let pin = Field::new("PIN      ", &form.pin)
        .shown(Shown::Hidden)
        .focused(form.field == 1)
        .render(buf, inner, 3, theme);
    text_row(
        buf,
        inner,
        5,
        "Enter: next / sign in · Esc: clear",
        theme.placeholder,
    );
    if form.field == 0 { name } else { pin }
}
