//! Users and their PINs (argon2 hashes; the PIN itself is never stored).

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use rusqlite::params;

use super::{Result, Store, StoreError, optional};
use crate::domain::{Role, User};

/// Wrong PINs in a row before a user is locked out.
pub const MAX_FAILED_PINS: i64 = 3;
/// How long a lock-out lasts, in seconds.
pub const LOCKOUT_SECONDS: i64 = 60;

/// The result of a sign-in attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignIn {
    Ok(User),
    WrongPin { attempts_left: i64 },
    LockedOut,
    UnknownUser,
}

/// Checks a PIN typed by a person: 4 to 12 digits.
pub fn check_pin(pin: &str) -> Result<()> {
    if (4..=12).contains(&pin.len()) && pin.chars().all(|c| c.is_ascii_digit()) {
        Ok(())
    } else {
        Err(StoreError::bad_input(
            "PIN",
            "(hidden)",
            "must be 4 to 12 digits",
        ))
    }
}

pub fn hash_pin(pin: &str) -> Result<String> {
    Argon2::default()
        .hash_password(pin.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| StoreError::bad_input("PIN", "(hidden)", e))
}

fn pin_matches(pin: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(pin.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

impl Store {
    /// Adds a user (or replaces the PIN and role of one with the same name).
    pub fn add_user(&mut self, name: &str, role: Role, pin: &str) -> Result<User> {
        let name = name.trim();
        if name.is_empty() || name.len() > 32 || name.chars().any(char::is_control) {
            return Err(StoreError::bad_input(
                "name",
                name,
                "must be 1 to 32 printable characters",
            ));
        }
        check_pin(pin)?;
        let hash = hash_pin(pin)?;
        let tx = self.write()?;
        let id: i64 = tx.query_row(
            "INSERT INTO users (name, role, pin_hash) VALUES (?1, ?2, ?3)
             ON CONFLICT(name) DO UPDATE SET role = excluded.role, pin_hash = excluded.pin_hash,
                failed_attempts = 0, locked_until = NULL
             RETURNING id",
            params![name, role.as_str(), hash],
            |r| r.get(0),
        )?;
        tx.commit()?;
        Ok(User {
            id,
            name: name.to_string(),
            role,
        })
    }

    pub fn user_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM users", [], |r| r.get(0))?)
    }

    pub fn users(&self) -> Result<Vec<User>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, name, role FROM users ORDER BY name")?;
        let rows = stmt.query_map([], |r| {
            let role: String = r.get(2)?;
            Ok(User {
                id: r.get(0)?,
                name: r.get(1)?,
                role: Role::parse(&role).unwrap_or(Role::Clerk),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Checks a user's PIN; three wrong PINs in a row lock the user out for a minute.
    pub fn sign_in(&mut self, name: &str, pin: &str) -> Result<SignIn> {
        let row = optional(self.conn.query_row(
            "SELECT id, name, role, pin_hash, failed_attempts,
                    coalesce(locked_until > strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 0)
             FROM users WHERE name = ?1",
            [name.trim()],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, bool>(5)?,
                ))
            },
        ))?;
        let Some((id, name, role, hash, failed, locked)) = row else {
            return Ok(SignIn::UnknownUser);
        };
        if locked {
            return Ok(SignIn::LockedOut);
        }
        let tx = self.write()?;
        let outcome = if pin_matches(pin, &hash) {
            tx.execute(
                "UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?1",
                [id],
            )?;
            SignIn::Ok(User {
                id,
                name,
                role: Role::parse(&role).unwrap_or(Role::Clerk),
            })
        } else if failed + 1 >= MAX_FAILED_PINS {
            tx.execute(
                "UPDATE users SET failed_attempts = 0,
                    locked_until = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?2) WHERE id = ?1",
                params![id, format!("+{LOCKOUT_SECONDS} seconds")],
            )?;
            SignIn::LockedOut
        } else {
            tx.execute(
                "UPDATE users SET failed_attempts = failed_attempts + 1 WHERE id = ?1",
                [id],
            )?;
            SignIn::WrongPin {
                attempts_left: MAX_FAILED_PINS - failed - 1,
            }
        };
        tx.commit()?;
        Ok(outcome)
    }
}
