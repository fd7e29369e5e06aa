//! Users and their PINs (argon2 hashes; the PIN itself is never stored).

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use rusqlite::params;

use super::sales::{Audit, audit};
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
    /// Adds a user; a name already taken is refused (change a PIN or a role with
    /// [`Store::set_pin`] and [`Store::set_role`]).
    /// Not audited: for seeding a new store (the demo users).
    pub fn add_user(&mut self, name: &str, role: Role, pin: &str) -> Result<User> {
        self.insert_user(name, role, pin, None)
    }

    /// Adds a user, audited as done by `by`.
    pub fn add_user_by(&mut self, name: &str, role: Role, pin: &str, by: &str) -> Result<User> {
        self.insert_user(name, role, pin, Some(by))
    }

    fn insert_user(&mut self, name: &str, role: Role, pin: &str, by: Option<&str>) -> Result<User> {
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
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM users WHERE name = ?1)",
            [name],
            |r| r.get(0),
        )?;
        if taken {
            return Err(StoreError::bad_input(
                "name",
                name,
                "is already a user; change a PIN with `ringup user pin NAME`, a role with `ringup user role NAME ROLE`",
            ));
        }
        let id: i64 = tx.query_row(
            "INSERT INTO users (name, role, pin_hash) VALUES (?1, ?2, ?3) RETURNING id",
            params![name, role.as_str(), hash],
            |r| r.get(0),
        )?;
        if let Some(by) = by {
            audit(
                &tx,
                &Audit {
                    user: by,
                    action: "user_add",
                    reference: name,
                    detail: format!("added {name} as {}", role.as_str()),
                    ..Audit::default()
                },
            )?;
        }
        tx.commit()?;
        Ok(User {
            id,
            name: name.to_string(),
            role,
        })
    }

    /// Sets a user's PIN, audited as done by `by`; a lock-out is lifted.
    pub fn set_pin(&mut self, name: &str, pin: &str, by: &str) -> Result<()> {
        check_pin(pin)?;
        let hash = hash_pin(pin)?;
        let tx = self.write()?;
        let changed = tx.execute(
            "UPDATE users SET pin_hash = ?2, failed_attempts = 0, locked_until = NULL
             WHERE name = ?1",
            params![name.trim(), hash],
        )?;
        if changed != 1 {
            return Err(StoreError::bad_input("name", name, "no such user"));
        }
        audit(
            &tx,
            &Audit {
                user: by,
                action: "user_pin",
                reference: name,
                detail: format!("changed the PIN of {name}"),
                ..Audit::default()
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Sets a user's role, audited as done by `by`; the last manager stays a manager.
    pub fn set_role(&mut self, name: &str, role: Role, by: &str) -> Result<()> {
        let tx = self.write()?;
        let current: Option<String> = optional(tx.query_row(
            "SELECT role FROM users WHERE name = ?1",
            [name.trim()],
            |r| r.get(0),
        ))?;
        let Some(current) = current else {
            return Err(StoreError::bad_input("name", name, "no such user"));
        };
        let managers: i64 = tx.query_row(
            "SELECT count(*) FROM users WHERE role = 'manager'",
            [],
            |r| r.get(0),
        )?;
        if current == "manager" && role != Role::Manager && managers <= 1 {
            return Err(StoreError::bad_input(
                "role",
                role.as_str(),
                format!("{name} is the last manager; make another manager first"),
            ));
        }
        tx.execute(
            "UPDATE users SET role = ?2 WHERE name = ?1",
            params![name.trim(), role.as_str()],
        )?;
        audit(
            &tx,
            &Audit {
                user: by,
                action: "user_role",
                reference: name,
                detail: format!("{name}: {current} -> {}", role.as_str()),
                ..Audit::default()
            },
        )?;
        tx.commit()?;
        Ok(())
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
            self.audit_failed_sign_in(name, "no such user")?;
            return Ok(SignIn::UnknownUser);
        };
        if locked {
            self.audit_failed_sign_in(&name, "locked out")?;
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
            failed_sign_in(&tx, &name, "wrong PIN; locked out")?;
            tx.execute(
                "UPDATE users SET failed_attempts = 0,
                    locked_until = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?2) WHERE id = ?1",
                params![id, format!("+{LOCKOUT_SECONDS} seconds")],
            )?;
            SignIn::LockedOut
        } else {
            failed_sign_in(&tx, &name, "wrong PIN")?;
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

    /// Checks a user's PIN for a manager's approval typed at a counter: it neither counts
    /// a wrong PIN against the user's sign-in nor lifts a lock-out (the counter that asked
    /// keeps its own count). None when there is no such user or the PIN is wrong.
    pub fn verify_pin(&self, name: &str, pin: &str) -> Result<Option<User>> {
        let row = optional(self.conn.query_row(
            "SELECT id, name, role, pin_hash FROM users WHERE name = ?1",
            [name.trim()],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            },
        ))?;
        Ok(row
            .filter(|(.., hash)| pin_matches(pin, hash))
            .map(|(id, name, role, _)| User {
                id,
                name,
                role: Role::parse(&role).unwrap_or(Role::Clerk),
            }))
    }

    /// Audits an approval refused at a counter: `manager` was asked for by `asked_by`.
    pub fn audit_failed_approval(
        &mut self,
        manager: &str,
        asked_by: &str,
        why: &str,
    ) -> Result<()> {
        let tx = self.write()?;
        audit(
            &tx,
            &Audit {
                user: asked_by,
                action: "approval_failed",
                reference: manager,
                detail: format!("approval by {manager} asked by {asked_by}: {why}"),
                ..Audit::default()
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    fn audit_failed_sign_in(&mut self, name: &str, why: &str) -> Result<()> {
        let tx = self.write()?;
        failed_sign_in(&tx, name, why)?;
        tx.commit()?;
        Ok(())
    }
}

fn failed_sign_in(conn: &rusqlite::Connection, name: &str, why: &str) -> Result<()> {
    audit(
        conn,
        &Audit {
            user: name,
            action: "sign_in_failed",
            reference: name,
            detail: why.to_string(),
            ..Audit::default()
        },
    )
}
