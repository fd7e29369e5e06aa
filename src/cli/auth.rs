//! Authority on the command line: what a clerk may not do on the screen, no command may do
//! either. A command that writes names its user with `--user NAME`; the PIN comes from
//! `RINGUP_PIN` or, on a terminal, a prompt that does not echo (never a command-line
//! argument). A store with no users yet runs as `manager`, as the screen does, so a new
//! store can be set up.

use std::io::IsTerminal;

use super::BadInput;
use crate::domain::Role;
use crate::store::Store;
use crate::store::users::SignIn;

/// The environment variable a script puts the PIN in.
pub const PIN_ENV: &str = "RINGUP_PIN";

/// The name a store without users runs as.
pub const NO_USERS_NAME: &str = "manager";

/// Checks that `user` may do `what`, which needs `role`; returns the name to audit.
pub fn authorize(
    store: &mut Store,
    user: Option<&str>,
    role: Role,
    what: &str,
) -> anyhow::Result<String> {
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
    match store.sign_in(name, &pin)? {
        SignIn::Ok(signed) => {
            if role == Role::Manager && signed.role != Role::Manager {
                return Err(BadInput(format!(
                    "--user {}: a {} may not {what}; a manager must",
                    signed.name,
                    signed.role.as_str()
                ))
                .into());
            }
            Ok(signed.name)
        }
        SignIn::WrongPin { attempts_left } => Err(BadInput(format!(
            "--user {name}: wrong PIN ({attempts_left} tries left before a lock-out); nothing was written"
        ))
        .into()),
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

/// The signing-in user's PIN: `RINGUP_PIN`, else a prompt on the terminal.
fn read_auth_pin(name: &str) -> anyhow::Result<String> {
    if let Ok(pin) = std::env::var(PIN_ENV) {
        return Ok(pin);
    }
    if std::io::stdin().is_terminal() {
        return Ok(rpassword::prompt_password(format!("PIN for {name}: "))?);
    }
    Err(BadInput(format!(
        "--user {name}: no PIN; set {PIN_ENV} or run on a terminal to be asked"
    ))
    .into())
}
