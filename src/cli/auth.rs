//! Authority on the command line: what a clerk may not do on the screen, no command may do
//! either. A command that writes names its user with `--user NAME`; the PIN comes from
//! `RINGUP_PIN` or, on a terminal, a prompt that does not echo (never a command-line
//! argument). A store with no users yet runs as `manager`, as the screen does, so a new
//! store can be set up.

use std::io::IsTerminal;

use super::{BadInput, Context};
use crate::domain::policy::{Approve, Decision, Operation};
use crate::store::policy::Approval;
use crate::store::users::SignIn;
use crate::store::{Store, StoreError};

/// The environment variable a script puts the PIN in.
pub const PIN_ENV: &str = "RINGUP_PIN";

/// The environment variable a script puts the approving manager's PIN in.
pub const APPROVER_PIN_ENV: &str = "RINGUP_APPROVER_PIN";

/// Runs a write by `user`. When the policy asks a manager to approve what the write comes
/// to, the manager named by `--approved-by` approves it (their PIN checked by the store) and
/// the write runs again with the approval; without `--approved-by` the command stops with
/// the policy's reason and nothing is written.
pub fn with_approvals<T>(
    ctx: &Context,
    store: &mut Store,
    user: &str,
    mut write: impl FnMut(&mut Store, &[Approval]) -> Result<T, StoreError>,
) -> anyhow::Result<T> {
    let mut approvals: Vec<Approval> = Vec::new();
    loop {
        match write(store, &approvals) {
            Err(StoreError::NeedsApproval(asked)) => {
                if approvals.iter().any(|a| a.approves() == &asked) {
                    return Err(anyhow::anyhow!("{}: the approval was not taken", asked.why));
                }
                approvals.push(approve(ctx, store, user, &asked)?);
            }
            Err(e) if e.is_bad_input() => return Err(BadInput(e.to_string()).into()),
            other => return Ok(other?),
        }
    }
}

/// The name a store without users runs as.
pub const NO_USERS_NAME: &str = "manager";

/// Signs in the user a command runs as (the PIN from `RINGUP_PIN` or a prompt) to do
/// `what`; returns the name to audit. A store without users runs as `manager`.
pub fn sign_in(store: &mut Store, user: Option<&str>, what: &str) -> anyhow::Result<String> {
    if store.user_count()? == 0 {
        return Ok(user.unwrap_or(NO_USERS_NAME).to_string());
    }
    let Some(name) = user else {
        return Err(BadInput(format!(
            "{what} needs a user: give --user NAME (the PIN comes from {PIN_ENV} or a prompt)"
        ))
        .into());
    };
    let pin = read_auth_pin(name)?;
    match store.sign_in_command(name, &pin)? {
        SignIn::Ok(signed) => Ok(signed.name),
        SignIn::WrongPin { .. } => {
            Err(BadInput(format!("--user {name}: wrong PIN; nothing was written")).into())
        }
        SignIn::LockedOut => Err(BadInput(format!(
            "--user {name}: locked out after wrong PINs; try again in a minute"
        ))
        .into()),
        SignIn::Disabled => Err(BadInput(format!(
            "--user {name}: disabled by a manager; nothing was written"
        ))
        .into()),
        SignIn::UnknownUser => {
            Err(BadInput(format!("--user {name}: no such user; nothing was written")).into())
        }
    }
}

/// Signs in the user, then asks the policy whether they may do `what`, a manager's work;
/// returns the name to audit.
pub fn manager_work(store: &mut Store, user: Option<&str>, what: &str) -> anyhow::Result<String> {
    let name = sign_in(store, user, what)?;
    match store.decide(&name, &Operation::Managing(what.to_string()))? {
        Decision::Allowed => Ok(name),
        Decision::NeedsApproval(asked) => {
            Err(BadInput(format!("--user {name}: {}", asked.why)).into())
        }
        Decision::Refused(why) => Err(BadInput(format!("--user {name}: {why}")).into()),
    }
}

/// The manager named by `--approved-by` approves `asked` (their PIN from
/// `RINGUP_APPROVER_PIN` or a prompt, checked by the store); without `--approved-by`, the
/// policy's reason, and nothing is written.
pub fn approve(
    ctx: &Context,
    store: &mut Store,
    user: &str,
    asked: &Approve,
) -> anyhow::Result<Approval> {
    let Some(manager) = ctx.approved_by.as_deref() else {
        return Err(BadInput(format!(
            "{}; nothing was written: a manager approves with --approved-by NAME \
             (the PIN in {APPROVER_PIN_ENV})",
            asked.why
        ))
        .into());
    };
    let pin = read_pin(APPROVER_PIN_ENV, manager, "--approved-by")?;
    store
        .approve(manager, &pin, user, asked)?
        .map_err(|refused| {
            BadInput(format!(
                "--approved-by {manager}: {refused}; nothing was written"
            ))
            .into()
        })
}

/// The signing-in user's PIN: `RINGUP_PIN`, else a prompt on the terminal.
fn read_auth_pin(name: &str) -> anyhow::Result<String> {
    read_pin(PIN_ENV, name, "--user")
}

/// A PIN from the environment variable `env`, else a prompt on the terminal that does not
/// echo.
fn read_pin(env: &str, name: &str, option: &str) -> anyhow::Result<String> {
    if let Ok(pin) = std::env::var(env) {
        return Ok(pin);
    }
    if std::io::stdin().is_terminal() {
        return Ok(rpassword::prompt_password(format!("PIN for {name}: "))?);
    }
    Err(BadInput(format!(
        "{option} {name}: no PIN; set {env} or run on a terminal to be asked"
    ))
    .into())
}
