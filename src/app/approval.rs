//! A manager's name and PIN, asked inside a dialog for a decision a clerk may not take
//! alone. The approval goes back to the dialog beneath, which carries it out.
//!
//! A refused approval counts against this terminal, not against the manager's sign-in: a
//! clerk guessing at the counter locks approvals here for a minute, never the manager out
//! of every terminal. Every refusal is audited.

use std::any::Any;
use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::layout::{Position, Rect};

use super::AppError;
use super::draw::Ui;
use super::keymap::{Action, Screen};
use super::layer::{Approved, Ctx, Layer, Outcome, Transition};
use super::sign_in::{Credentials, Step};
use crate::store::users::{LOCKOUT_SECONDS, MAX_FAILED_PINS};

/// Refused approvals on this terminal: three in a row lock approvals here for a minute.
#[derive(Debug, Clone, Default)]
pub struct ApprovalLock {
    refused: i64,
    locked_until: Option<Instant>,
}

impl ApprovalLock {
    /// Whole seconds the lock still lasts at `now`, if approvals are locked.
    pub fn seconds_left(&self, now: Instant) -> Option<u64> {
        let left = self
            .locked_until?
            .checked_duration_since(now)
            .filter(|left| !left.is_zero())?;
        Some(left.as_secs() + u64::from(left.subsec_nanos() > 0))
    }

    /// Counts a refusal at `now`; the tries left before the lock (0: locked now).
    pub fn refused(&mut self, now: Instant) -> i64 {
        self.refused += 1;
        let left = MAX_FAILED_PINS - self.refused;
        if left <= 0 {
            self.refused = 0;
            self.locked_until = Some(now + Duration::from_secs(LOCKOUT_SECONDS.unsigned_abs()));
        }
        left.max(0)
    }

    /// An approval went through: the count starts again.
    pub fn approved(&mut self) {
        *self = ApprovalLock::default();
    }
}

#[derive(Debug, Clone)]
pub struct Approval {
    pub form: Credentials,
    pub what: Approved,
}

impl Approval {
    pub fn new(what: Approved) -> Approval {
        let message = match &what {
            Approved::Policy(asked) => format!("{}: a manager's name and PIN", asked.why),
            _ => "A manager's name and PIN, please".into(),
        };
        Approval {
            form: Credentials {
                message: Some(message),
                ..Credentials::default()
            },
            what,
        }
    }

    /// Checks the name and PIN typed without touching the manager's sign-in; a refusal is
    /// audited and counted against this terminal.
    fn check(&mut self, ctx: &mut Ctx) -> Result<String, AppError> {
        let now = Instant::now();
        let name = self.form.name.value().trim().to_string();
        let pin = self.form.pin.value().to_string();
        self.form.pin.reset();
        let asked_by = ctx.counter.user.name.clone();
        if let Some(seconds) = ctx.approval_lock.seconds_left(now) {
            ctx.counter.store.audit_failed_approval(
                &name,
                &asked_by,
                "approvals locked on this terminal",
            )?;
            let locked = AppError::ApprovalLocked { seconds };
            self.form.refused(&locked);
            return Err(locked);
        }
        // The store checks the PIN and that it is a manager's, and makes the approval (a
        // refusal is audited there).
        let asked = self.what.asks();
        let why = match ctx.counter.store.approve(&name, &pin, &asked_by, &asked)? {
            Ok(approval) => {
                ctx.approval_lock.approved();
                let user = approval.manager().to_string();
                ctx.approvals.push(approval);
                return Ok(user);
            }
            // The name as typed may be a PIN typed into the wrong box: never echoed.
            Err(refused) if name.is_empty() => refused.to_string(),
            Err(refused) => refused.to_string().replace(&name, &self.form.shown_name()),
        };
        let refused = match ctx.approval_lock.refused(now) {
            0 => AppError::ApprovalLocked {
                seconds: LOCKOUT_SECONDS.unsigned_abs(),
            },
            tries_left => AppError::ApprovalRefused { why, tries_left },
        };
        self.form.refused(&refused);
        Err(refused)
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
            // Esc clears what was typed and keeps the box open (a manager typing on does not
            // land a name or a PIN in the screen beneath); Esc on an empty box leaves it.
            Action::Back if self.form.has_typed() => {
                self.form.clear();
                ctx.info("Cleared: a manager's name and PIN, or Esc again to go back");
                Ok(Transition::Stay)
            }
            Action::Back => Ok(Transition::pop()),
            Action::Help | Action::Quit | Action::Unbound(_) => {
                Ok(ctx.common(Screen::SignIn, action))
            }
            // Enter on the PIN: checked here, never as a sign-in.
            Action::Confirm | Action::Total
                if self.form.field == 1 && self.form.refuse_unchecked(ctx) =>
            {
                Ok(Transition::Stay)
            }
            Action::Confirm | Action::Total if self.form.field == 1 => {
                let user = self.check(ctx)?;
                ctx.approved_by = Some(user);
                Ok(Transition::Pop(Outcome::Approved(self.what.clone())))
            }
            _ => match self.form.update(ctx, action)? {
                Step::Typing => Ok(Transition::Stay),
                // Enter on the PIN is taken above; the form signs no one in here.
                Step::SignedIn(_) => Ok(Transition::Stay),
            },
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) -> Option<Position> {
        let title = format!("Manager approval: {}", self.what.title());
        super::sign_in::render(frame.buffer_mut(), area, ui, &self.form, &title, false)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_refusals_lock_approvals_for_a_minute() {
        let start = Instant::now();
        let mut lock = ApprovalLock::default();
        assert_eq!(lock.refused(start), 2);
        assert_eq!(lock.refused(start), 1);
        assert_eq!(lock.seconds_left(start), None);
        assert_eq!(lock.refused(start), 0);
        assert_eq!(lock.seconds_left(start), Some(60));
        assert_eq!(
            lock.seconds_left(start + Duration::from_millis(59_500)),
            Some(1)
        );
        assert_eq!(lock.seconds_left(start + Duration::from_secs(60)), None);
    }

    #[test]
    fn an_approval_starts_the_count_again() {
        let now = Instant::now();
        let mut lock = ApprovalLock::default();
        lock.refused(now);
        lock.refused(now);
        lock.approved();
        assert_eq!(lock.refused(now), 2);
    }
}
