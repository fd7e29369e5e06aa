//! Users and their PINs (argon2 hashes; the PIN itself is never stored).

use crate::store::db::{Conn, params};
use crate::store::policy::managers_only;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

use super::audit::{Audit, audit};
use super::{Result, Store, StoreError, optional};
use crate::domain::{PinRules, Role, User};

/// Wrong PINs in a row before a user is locked out.
pub const MAX_FAILED_PINS: i64 = 3;
/// How long a lock-out lasts, in seconds.
pub const LOCKOUT_SECONDS: i64 = 60;

/// The result of a sign-in attempt.
/// Whether wrong PINs count towards the user's lock-out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tries {
    /// A sign-in at a counter: three wrong in a row lock the user out for a minute.
    Counted,
    /// A command's `--user`: a wrong PIN refuses that command only.
    ThisCommand,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignIn {
    Ok(User),
    WrongPin {
        attempts_left: i64,
    },
    LockedOut,
    UnknownUser,
    /// A user a manager disabled (`ringup user disable`).
    Disabled,
}

/// What one PIN try costs (argon2id): memory in KiB and passes over it. The defaults make
/// one try take about a quarter of a second on a counter PC, so a stolen database does not
/// give up a PIN in minutes. Hashes keep the cost they were made with; a user's hash is
/// remade at the current cost when they next sign in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinCost {
    pub memory_kib: u32,
    pub iterations: u32,
}

impl Default for PinCost {
    fn default() -> PinCost {
        PinCost {
            memory_kib: 64 * 1024,
            iterations: 7,
        }
    }
}

impl PinCost {
    /// The least a configured cost may be: argon2id with 19 MiB and 2 passes, the minimum
    /// OWASP's password storage guidance gives. Below it a stolen database gives up a
    /// manager's PIN in seconds. Only a config file is held to it; a test may hand
    /// [`Store::set_pin_policy`] a cheaper cost.
    pub const FLOOR: PinCost = PinCost {
        memory_kib: 19 * 1024,
        iterations: 2,
    };

    fn argon2(self) -> Result<Argon2<'static>> {
        let params = Params::new(self.memory_kib, self.iterations, 1, None)
            .map_err(|e| StoreError::bad_input("PIN cost", self.memory_kib, e))?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }

    /// The cost a stored hash was made with; None when it cannot be read.
    fn of_hash(hash: &str) -> Option<PinCost> {
        let parsed = PasswordHash::new(hash).ok()?;
        let params = Params::try_from(&parsed).ok()?;
        Some(PinCost {
            memory_kib: params.m_cost(),
            iterations: params.t_cost(),
        })
    }

    /// This cost, raised where `stored` costs more: a hash is only ever remade upward, so
    /// a terminal configured cheaper cannot weaken the hashes other terminals made.
    fn at_least(self, stored: Option<PinCost>) -> PinCost {
        match stored {
            Some(stored) => PinCost {
                memory_kib: self.memory_kib.max(stored.memory_kib),
                iterations: self.iterations.max(stored.iterations),
            },
            None => self,
        }
    }

    /// A hash that no PIN matches, made at this cost: an unknown user's PIN is checked
    /// against it, so that a wrong name takes as long as a wrong PIN and names cannot be
    /// told apart by the time an answer takes.
    fn dummy_hash(self) -> String {
        format!(
            "$argon2id$v=19$m={},t={},p=1$cmluZ3VwLW5vLXVzZXIhIQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            self.memory_kib, self.iterations
        )
    }
}

thread_local! {
    /// How many PIN hashes this thread has computed (hashing or checking one).
    static PIN_HASHES: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// How many PIN hashes (each as costly as one guess) the calling thread has computed: a
/// test sees that an unknown user costs the same work as a wrong PIN.
pub fn pin_hashes_computed() -> u64 {
    PIN_HASHES.with(std::cell::Cell::get)
}

fn count_pin_hash() {
    PIN_HASHES.with(|n| n.set(n.get() + 1));
}

/// How PINs are checked when set and how hard they are to guess: the store's, from the
/// config's `[security]` section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PinPolicy {
    pub rules: PinRules,
    pub cost: PinCost,
}

fn hash_pin(pin: &str, cost: PinCost) -> Result<String> {
    count_pin_hash();
    cost.argon2()?
        .hash_password(pin.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| StoreError::bad_input("PIN", "(hidden)", e))
}

/// Checks a PIN against its hash, at the cost the hash was made with.
fn pin_matches(pin: &str, hash: &str) -> bool {
    count_pin_hash();
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(pin.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

impl Store {
    /// Sets how PINs are checked and hashed from now on (the config's `[security]`).
    pub fn set_pin_policy(&mut self, policy: PinPolicy) {
        self.pins = policy;
    }

    /// Checks a new PIN for a user of `role` and hashes it at the store's cost, or at the
    /// cost of the hash it replaces (`old`) where that costs more.
    fn new_pin_hash(&self, pin: &str, role: Role, old: Option<&str>) -> Result<String> {
        self.pins
            .rules
            .check(pin, role)
            .map_err(|allowed| StoreError::bad_input("PIN", "(hidden)", allowed))?;
        hash_pin(pin, self.pins.cost.at_least(old.and_then(PinCost::of_hash)))
    }

    /// The stored hash of a user's PIN.
    fn pin_hash_of(&self, name: &str) -> Result<Option<String>> {
        optional(self.conn.query_row(
            "SELECT pin_hash FROM users WHERE lower(name) = lower(?1)",
            params![name.trim()],
            |r| r.get(0),
        ))
    }
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
        if name.is_empty() {
            return Err(StoreError::bad_input(
                "name",
                name,
                "must be 1 to 32 printable characters",
            ));
        }
        super::check_text("name", name, 32)?;
        // Said before the PIN is judged, and checked again under the lock.
        refuse_taken(&self.conn, name)?;
        let hash = self.new_pin_hash(pin, role, None)?;
        let tx = self.write()?;
        if let Some(by) = by {
            managers_only(&tx, by, "add a user")?;
        }
        refuse_taken(&tx, name)?;
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
        let role = self.role_of(name)?;
        let old = self.pin_hash_of(name)?;
        let hash = self.new_pin_hash(pin, role, old.as_deref())?;
        let tx = self.write()?;
        managers_only(&tx, by, "change a PIN")?;
        let changed = tx.execute(
            "UPDATE users SET pin_hash = ?2, failed_attempts = 0, locked_until = NULL
             WHERE lower(name) = lower(?1)",
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
    /// A clerk made a manager needs a new PIN of a manager's length (`new_pin`): the old one
    /// may be too short, and its length cannot be read back from its hash.
    pub fn set_role(
        &mut self,
        name: &str,
        role: Role,
        new_pin: Option<&str>,
        by: &str,
    ) -> Result<()> {
        let promoted = self.role_of(name)? == Role::Clerk && role == Role::Manager;
        let hash = match (promoted, new_pin) {
            (false, _) => None,
            (true, Some(pin)) => {
                let old = self.pin_hash_of(name)?;
                Some(self.new_pin_hash(pin, role, old.as_deref())?)
            }
            (true, None) => {
                return Err(StoreError::bad_input(
                    "PIN",
                    "(none)",
                    format!(
                        "{name} becomes a manager and needs a new PIN of at least {} digits",
                        self.pins.rules.min_manager
                    ),
                ));
            }
        };
        let tx = self.write()?;
        managers_only(&tx, by, "change a role")?;
        let current: Option<String> = optional(tx.query_row(
            "SELECT role FROM users WHERE lower(name) = lower(?1)",
            params![name.trim()],
            |r| r.get(0),
        ))?;
        let Some(current) = current else {
            return Err(StoreError::bad_input("name", name, "no such user"));
        };
        if current == "manager" && role != Role::Manager && active_managers(&tx)? <= 1 {
            return Err(StoreError::bad_input(
                "role",
                role.as_str(),
                format!("{name} is the last manager; make another manager first"),
            ));
        }
        tx.execute(
            "UPDATE users SET role = ?2, pin_hash = coalesce(?3, pin_hash) WHERE lower(name) = lower(?1)",
            params![name.trim(), role.as_str(), hash],
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

    /// Disables a user (`disabled`) or enables them again, audited as done by `by`. A
    /// disabled user keeps their name on every document but cannot sign in or approve.
    /// The last manager who can sign in cannot be disabled, nor can `by` disable themself.
    pub fn set_disabled(&mut self, name: &str, disabled: bool, by: &str) -> Result<()> {
        let name = name.trim();
        let role = self.role_of(name)?;
        if disabled && name == by {
            return Err(StoreError::bad_input(
                "name",
                name,
                "you cannot disable yourself; another manager can",
            ));
        }
        let tx = self.write()?;
        managers_only(&tx, by, "disable or enable a user")?;
        if disabled && role == Role::Manager && active_managers(&tx)? <= 1 {
            return Err(StoreError::bad_input(
                "name",
                name,
                "is the last manager who can sign in; make another manager first",
            ));
        }
        tx.execute(
            "UPDATE users SET disabled = ?2 WHERE lower(name) = lower(?1)",
            params![name, disabled],
        )?;
        let (action, detail) = match disabled {
            true => ("user_disable", format!("disabled {name}")),
            false => ("user_enable", format!("enabled {name}")),
        };
        audit(
            &tx,
            &Audit {
                user: by,
                action,
                reference: name,
                detail,
                ..Audit::default()
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The names of disabled users.
    pub fn disabled_users(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT name FROM users WHERE disabled <> 0 ORDER BY name")?;
        let rows = stmt.query_map(params![], |r| r.get(0))?;
        rows.collect::<Result<_>>()
    }

    fn role_of(&self, name: &str) -> Result<Role> {
        let role: Option<String> = optional(self.conn.query_row(
            "SELECT role FROM users WHERE lower(name) = lower(?1)",
            params![name.trim()],
            |r| r.get(0),
        ))?;
        role.and_then(|r| Role::parse(&r))
            .ok_or_else(|| StoreError::bad_input("name", name, "no such user"))
    }

    /// The user `name` as the store knows them; a store without users runs as a manager.
    pub fn user_or_manager(&self, name: &str) -> Result<User> {
        let found = self.users()?.into_iter().find(|u| u.name == name);
        Ok(found.unwrap_or(User {
            id: 0,
            name: name.to_string(),
            role: Role::Manager,
        }))
    }

    /// Whether giving `name` the role `role` makes a clerk a manager (who then needs a
    /// manager's PIN).
    pub fn promotes(&self, name: &str, role: Role) -> Result<bool> {
        Ok(role == Role::Manager
            && self
                .users()?
                .iter()
                .any(|u| u.name == name.trim() && u.role == Role::Clerk))
    }

    pub fn user_count(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT count(*) FROM users", params![], |r| r.get(0))
    }

    pub fn users(&self) -> Result<Vec<User>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, name, role FROM users ORDER BY name")?;
        let rows = stmt.query_map(params![], |r| {
            let role: String = r.get(2)?;
            Ok(User {
                id: r.get(0)?,
                name: r.get(1)?,
                role: Role::parse(&role).unwrap_or(Role::Clerk),
            })
        })?;
        rows.collect::<Result<_>>()
    }

    /// Checks a user's PIN; three wrong PINs in a row lock the user out for a minute.
    pub fn sign_in(&mut self, name: &str, pin: &str) -> Result<SignIn> {
        self.check_sign_in(name, pin, Tries::Counted)
    }

    /// Checks the PIN of the user a command runs as: a wrong PIN is audited and refuses
    /// that command only; it neither counts towards nor honours the lock-out of the user's
    /// sign-in at the counters (lock-outs stay where the tries were made).
    pub fn sign_in_command(&mut self, name: &str, pin: &str) -> Result<SignIn> {
        self.check_sign_in(name, pin, Tries::ThisCommand)
    }

    fn check_sign_in(&mut self, name: &str, pin: &str, tries: Tries) -> Result<SignIn> {
        let row = optional(self.conn.query_row(
            "SELECT id, name, role, pin_hash, disabled,
                    CASE WHEN locked_until > ?2 THEN 1 ELSE 0 END
             FROM users WHERE lower(name) = lower(?1)",
            params![name.trim(), self.conn.now_text()],
            |r| {
                Ok((
                    r.get::<i64>(0)?,
                    r.get::<String>(1)?,
                    r.get::<String>(2)?,
                    r.get::<String>(3)?,
                    r.get::<bool>(4)?,
                    r.get::<bool>(5)?,
                ))
            },
        ))?;
        // Every answer costs one hash, so that the time it takes does not tell an unknown
        // or disabled user from a wrong PIN.
        let Some((id, name, role, hash, disabled, locked)) = row else {
            pin_matches(pin, &self.pins.cost.dummy_hash());
            self.audit_failed_sign_in(name, "no such user")?;
            return Ok(SignIn::UnknownUser);
        };
        // The slow part, the hash, is done before the write lock is taken.
        let matched = pin_matches(pin, &hash);
        if disabled {
            self.audit_failed_sign_in(&name, "disabled")?;
            return Ok(SignIn::Disabled);
        }
        if locked && tries == Tries::Counted {
            self.audit_failed_sign_in(&name, "locked out")?;
            return Ok(SignIn::LockedOut);
        }
        // A hash made at a cheaper cost than today's is remade at today's; never cheaper.
        let stored = PinCost::of_hash(&hash);
        let wanted = self.pins.cost.at_least(stored);
        let remade = match matched && stored != Some(wanted) {
            true => Some(hash_pin(pin, wanted)?),
            false => None,
        };
        let tx = self.write()?;
        // Read again under the lock: another terminal may have counted a wrong PIN since.
        let failed: i64 = tx.query_row(
            "SELECT failed_attempts FROM users WHERE id = ?1",
            params![id],
            |r| r.get(0),
        )?;
        let outcome = if matched {
            // A command's sign-in leaves the counters' count and lock as they are.
            match tries {
                Tries::Counted => tx.execute(
                    "UPDATE users SET failed_attempts = 0, locked_until = NULL,
                        pin_hash = coalesce(?2, pin_hash) WHERE id = ?1",
                    params![id, remade],
                )?,
                Tries::ThisCommand => tx.execute(
                    "UPDATE users SET pin_hash = coalesce(?2, pin_hash) WHERE id = ?1",
                    params![id, remade],
                )?,
            };
            SignIn::Ok(User {
                id,
                name,
                role: Role::parse(&role).unwrap_or(Role::Clerk),
            })
        } else if tries == Tries::ThisCommand {
            failed_sign_in(&tx, &name, "wrong PIN on a command")?;
            SignIn::WrongPin { attempts_left: 0 }
        } else if failed + 1 >= MAX_FAILED_PINS {
            failed_sign_in(&tx, &name, "wrong PIN; locked out")?;
            tx.execute(
                "UPDATE users SET failed_attempts = 0,
                    locked_until = ?2 WHERE id = ?1",
                params![
                    id,
                    super::time_text(
                        tx.clock().now() + jiff::SignedDuration::from_secs(LOCKOUT_SECONDS)
                    )
                ],
            )?;
            SignIn::LockedOut
        } else {
            failed_sign_in(&tx, &name, "wrong PIN")?;
            tx.execute(
                "UPDATE users SET failed_attempts = failed_attempts + 1 WHERE id = ?1",
                params![id],
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
    /// keeps its own count). None when there is no such user, the user is disabled or the
    /// PIN is wrong.
    pub fn verify_pin(&self, name: &str, pin: &str) -> Result<Option<User>> {
        let row = optional(self.conn.query_row(
            "SELECT id, name, role, pin_hash FROM users WHERE lower(name) = lower(?1) AND disabled = 0",
            params![name.trim()],
            |r| {
                Ok((
                    r.get::<i64>(0)?,
                    r.get::<String>(1)?,
                    r.get::<String>(2)?,
                    r.get::<String>(3)?,
                ))
            },
        ))?;
        // An unknown or disabled name costs a hash too, as a wrong PIN does.
        let hash = match &row {
            Some((.., hash)) => hash.clone(),
            None => self.pins.cost.dummy_hash(),
        };
        let matched = pin_matches(pin, &hash);
        Ok(row.filter(|_| matched).map(|(id, name, role, _)| User {
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

    /// Audits a user signing out of a terminal (switching user).
    pub fn audit_sign_out(&mut self, name: &str) -> Result<()> {
        let tx = self.write()?;
        audit(
            &tx,
            &Audit {
                user: name,
                action: "sign_out",
                detail: format!("{name} signed out"),
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

/// Managers who can still sign in.
fn active_managers(conn: &Conn) -> Result<i64> {
    conn.query_row(
        "SELECT count(*) FROM users WHERE role = 'manager' AND disabled = 0",
        params![],
        |r| r.get(0),
    )
}

/// A name already taken is refused: adding a user never resets a PIN or a role.
fn refuse_taken(conn: &Conn, name: &str) -> Result<()> {
    let taken: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM users WHERE lower(name) = lower(?1))",
        params![name],
        |r| r.get(0),
    )?;
    match taken {
        false => Ok(()),
        true => Err(StoreError::bad_input(
            "name",
            name,
            "is already a user; change a PIN with `ringup user pin NAME`, a role with `ringup user role NAME ROLE`",
        )),
    }
}

fn failed_sign_in(conn: &Conn, name: &str, why: &str) -> Result<()> {
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

/// The user a store with no users at all runs as, so a new store can start at once.
pub fn implicit_manager() -> User {
    User {
        id: 0,
        name: "manager".into(),
        role: Role::Manager,
    }
}
