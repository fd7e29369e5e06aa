//! The real `ringup` binary run as a command line in a temporary directory: a config file
//! and a data directory of its own, so nothing of the user's is touched.

use std::path::{Path, PathBuf};
use std::process::Command;

use ringup::clock::Clock;
use ringup::store::{Store, Synchronous, Target};
use serde_json::Value;
use tempfile::TempDir;

/// A temporary directory holding `config.toml` and a `data` directory, and optionally a
/// database that every command run here is pointed at with `--db`.
pub struct Sandbox {
    pub dir: TempDir,
    db: Option<Target>,
}

/// What one command line did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// The day `days` after today (before, when negative) as the binary dates its documents:
/// the machine's clock in the machine's zone (moved, when the suite runs under a faked
/// clock, for both alike).
pub fn in_days(days: i64) -> String {
    super::days_after(Clock::default().today(), days)
}

/// The config section that makes PIN hashes as cheap as a config file may make them (the
/// floor, `PinCost::FLOOR`), so tests that run the binary sign in quickly.
pub const CHEAP_PINS: &str = "[security]\npin_memory_kib = 19456\npin_iterations = 2\n";

impl Sandbox {
    /// An empty config file and an empty data directory.
    pub fn new() -> Sandbox {
        Sandbox::with_config("")
    }

    /// `config` as the text of the config file, and an empty data directory. PINs are
    /// hashed at the lowest cost a config may set ([`CHEAP_PINS`]) unless `config` sets its
    /// own.
    pub fn with_config(config: &str) -> Sandbox {
        let dir = TempDir::new().unwrap();
        let config = match config.contains("[security]") {
            true => config.to_string(),
            false => format!("{config}\n{CHEAP_PINS}"),
        };
        std::fs::write(dir.path().join("config.toml"), config).unwrap();
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        Sandbox { dir, db: None }
    }

    /// From now on every command gets `--db` with the database `name` in the data
    /// directory, or a schema of its own on the PostgreSQL test server when there is one.
    pub fn with_db(mut self, name: &str) -> Sandbox {
        self.db = Some(match super::postgres() {
            Some(admin) => Target::Postgres(super::fresh_postgres(&admin)),
            None => Target::File(self.data().join(name)),
        });
        self
    }

    /// As [`Sandbox::with_db`], always a SQLite file (tests of the file itself).
    pub fn with_db_file(mut self, name: &str) -> Sandbox {
        self.db = Some(Target::File(self.data().join(name)));
        self
    }

    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn config(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    /// The database given with `with_db`.
    pub fn db(&self) -> &Target {
        self.db.as_ref().expect("a sandbox with a database")
    }

    /// The SQLite file given with `with_db_file`.
    pub fn db_file(&self) -> &Path {
        self.db().file().expect("a sandbox with a database file")
    }

    /// The sandbox's store, opened directly (creating it if needed).
    pub fn store(&self) -> Store {
        let mut store = Store::open_target(self.db(), Synchronous::Full).unwrap();
        store.set_pin_policy(super::cheap_pins());
        store
    }

    /// Runs `ringup` with `args` (and `--db`, if the sandbox has one), without colour.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, |_| {})
    }

    /// Runs ringup as `user`, the PIN in `RINGUP_PIN`, as a script would.
    pub fn run_as(&self, user: &str, pin: &str, args: &[&str]) -> Run {
        self.run_with(args, |cmd| {
            cmd.args(["--user", user]).env("RINGUP_PIN", pin);
        })
    }

    /// Runs ringup with `args` and the environment variables `env` (PINs, as a script
    /// gives them).
    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        self.run_with(args, |cmd| {
            cmd.envs(env.iter().copied());
        })
    }

    /// Runs ringup with `args`, the environment variables `env` and `stdin` fed in (a PIN
    /// for `user add` or `user pin`).
    pub fn run_input(&self, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Run {
        use std::io::Write;
        let mut cmd = self.command(args, |cmd| {
            cmd.envs(env.iter().copied())
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
        });
        let mut child = cmd.spawn().unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    fn run_with(&self, args: &[&str], more: impl FnOnce(&mut Command)) -> Run {
        let out = self.command(args, more).output().unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    /// The command line of `ringup args` in this sandbox, before it runs.
    fn command(&self, args: &[&str], more: impl FnOnce(&mut Command)) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_ringup"));
        cmd.args(args);
        if let Some(db) = &self.db {
            cmd.arg("--db").arg(db.to_string_with_password());
        }
        cmd.env("RINGUP_DATA_DIR", self.data())
            .env("RINGUP_CONFIG", self.config())
            .env("NO_COLOR", "1")
            .env_remove("RUST_LOG")
            .env_remove("RINGUP_PIN")
            .env_remove("RINGUP_APPROVER_PIN");
        more(&mut cmd);
        cmd
    }

    /// Runs a command that must succeed; returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let run = self.run(args);
        assert_eq!(run.code, 0, "ringup {args:?}: {}", run.stderr);
        run.stdout
    }

    /// Runs a command that must succeed and print JSON.
    pub fn json(&self, args: &[&str]) -> Value {
        let text = self.ok(args);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}\n{text}"))
    }
}

/// The string at `key` of a JSON object; fails if it is missing or not a string.
pub fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is not a string in {v}"))
}
