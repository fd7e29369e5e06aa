//! The SQLite store: opening with the right pragmas, migrations, and one module per table
//! family. Every write happens in a transaction; reads return domain types.

pub mod catalog;
pub mod check;
mod codes;
pub mod demo;
pub mod docs;
pub mod import;
pub mod orders;
pub mod reports;
pub mod sales;
pub mod stock;
pub mod users;

use std::path::Path;
use std::time::Duration;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};

use crate::domain::Money;

/// How hard SQLite works to keep a committed transaction on disk (`PRAGMA synchronous`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Synchronous {
    Off,
    Normal,
    Full,
    Extra,
}

impl Synchronous {
    pub fn pragma(self) -> &'static str {
        match self {
            Synchronous::Off => "OFF",
            Synchronous::Normal => "NORMAL",
            Synchronous::Full => "FULL",
            Synchronous::Extra => "EXTRA",
        }
    }
}

/// Forward-only migrations, numbered from 1; `PRAGMA user_version` is the last applied.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_receipts.sql"),
    include_str!("migrations/0003_order_refunds.sql"),
    include_str!("migrations/0004_deposit_tax.sql"),
    include_str!("migrations/0005_movement_user.sql"),
    include_str!("migrations/0006_audit_approver.sql"),
    include_str!("migrations/0007_disabled_users.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// How long a writer waits for another terminal's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How often a waiting writer looks again. SQLite's own busy timeout backs off to 100 ms
/// between looks and can miss the short gaps a batched import leaves between its
/// transactions; looking every 2 ms takes the lock in the first gap.
const BUSY_POLL: Duration = Duration::from_millis(2);

/// Waits [`BUSY_POLL`] and tries again, until [`BUSY_TIMEOUT`] has passed.
fn wait_for_lock(attempt: i32) -> bool {
    let tries = (BUSY_TIMEOUT.as_millis() / BUSY_POLL.as_millis()) as i32;
    if attempt >= tries {
        return false;
    }
    std::thread::sleep(BUSY_POLL);
    true
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error(
        "the database {path} was written by a newer ringup (schema version {found}, this ringup knows up to {known}); upgrade ringup to open it"
    )]
    TooNew {
        path: String,
        found: u32,
        known: u32,
    },
    #[error("cannot create the directory for {path}: {source}")]
    CreateDir {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "the database is busy: another terminal or job held it for more than {seconds} s; nothing was written, try again"
    )]
    Busy { seconds: u64 },
    #[error("cannot make {path} private to this user: {source}")]
    Private {
        path: String,
        source: std::io::Error,
    },
    #[error("unknown SKU or barcode '{0}'")]
    UnknownSku(String),
    #[error("unknown customer account '{0}'")]
    UnknownCustomer(String),
    #[error("{field} = '{value}': {reason}")]
    BadInput {
        field: &'static str,
        value: String,
        reason: String,
    },
    #[error("{path} is not a ringup database: {reason}; nothing was changed")]
    NotAStore { path: String, reason: String },
    #[error(
        "the database {path} has schema version {found} and this ringup writes {known}; open it with ringup once to bring it up to date, then check it"
    )]
    TooOld {
        path: String,
        found: u32,
        known: u32,
    },
    #[error("stored value in {column} is not valid: '{value}'")]
    Corrupt { column: &'static str, value: String },
}

impl From<crate::domain::stock::QuantityError> for StoreError {
    fn from(e: crate::domain::stock::QuantityError) -> Self {
        StoreError::bad_input(e.field, e.text, e.problem.reason())
    }
}

impl StoreError {
    pub fn bad_input(field: &'static str, value: impl ToString, reason: impl ToString) -> Self {
        StoreError::BadInput {
            field,
            value: value.to_string(),
            reason: reason.to_string(),
        }
    }

    /// True when another connection held the write lock past the busy timeout.
    pub fn is_busy(&self) -> bool {
        match self {
            StoreError::Busy { .. } => true,
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => matches!(
                e.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            ),
            _ => false,
        }
    }

    /// True when SQLite found the file itself damaged (a corrupt page, not a database).
    pub fn is_damaged(&self) -> bool {
        matches!(
            self,
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _))
                if matches!(e.code, rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
        )
    }

    /// True when the error is the caller's input rather than the database's state.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            StoreError::UnknownSku(_)
                | StoreError::UnknownCustomer(_)
                | StoreError::BadInput { .. }
        )
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Told how far a long job has got (an import, generated data), so a person can watch it:
/// the command line draws it as a progress bar. The store only counts.
pub trait Progress {
    /// A job of `total` steps begins.
    fn start(&mut self, what: &str, total: u64);
    /// `steps` more are done.
    fn advance(&mut self, steps: u64);
    /// The job is over (done or given up).
    fn finish(&mut self);
}

/// Counts nothing: the default, for tests and scripts.
struct Silent;

impl Progress for Silent {
    fn start(&mut self, _what: &str, _total: u64) {}
    fn advance(&mut self, _steps: u64) {}
    fn finish(&mut self) {}
}

/// An open ringup database.
pub struct Store {
    conn: Connection,
    /// How new PINs are checked and hashed.
    pins: users::PinPolicy,
    /// Where long jobs report how far they have got.
    progress: Box<dyn Progress>,
}

impl Store {
    /// Opens (creating if needed) the database with WAL, foreign keys, a busy timeout and
    /// `synchronous = FULL`, then applies pending migrations.
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_with(path, Synchronous::Full)
    }

    pub fn open_with(path: &Path, synchronous: Synchronous) -> Result<Store> {
        Self::open_to_version(path, synchronous, SCHEMA_VERSION)
    }

    /// Opens and migrates only up to `target` (tests of older databases use this).
    pub fn open_to_version(path: &Path, synchronous: Synchronous, target: u32) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                path: path.display().to_string(),
                source,
            })?;
        }
        let mut conn = Connection::open(path)?;
        conn.busy_handler(Some(wait_for_lock))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "synchronous", synchronous.pragma())?;
        crate::private::make_database_private(path).map_err(|source| StoreError::Private {
            path: path.display().to_string(),
            source,
        })?;
        let mut store = Store {
            conn,
            pins: users::PinPolicy::default(),
            progress: Box::new(Silent),
        };
        store.migrate(path, target)?;
        Ok(store)
    }

    /// Opens an existing database read-only to check it: never creates, migrates or writes.
    /// A missing, empty or foreign file, or one of another schema version, is an error.
    pub fn open_to_check(path: &Path) -> Result<Store> {
        let not_a_store = |reason: String| StoreError::NotAStore {
            path: path.display().to_string(),
            reason,
        };
        let meta =
            std::fs::metadata(path).map_err(|e| not_a_store(format!("cannot read it ({e})")))?;
        if meta.len() == 0 {
            return Err(not_a_store("the file is empty (0 bytes)".into()));
        }
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_handler(Some(wait_for_lock))?;
        let version: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| not_a_store(e.to_string()))?;
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN
                     ('products', 'stock', 'stock_movements', 'invoices', 'orders', 'order_lines')",
                [],
                |r| r.get(0),
            )
            .map_err(|e| not_a_store(e.to_string()))?;
        if version == 0 || tables != 6 {
            return Err(not_a_store("it has none of ringup's tables".into()));
        }
        let known = SCHEMA_VERSION;
        let path = path.display().to_string();
        match version.cmp(&known) {
            std::cmp::Ordering::Greater => Err(StoreError::TooNew {
                path,
                found: version,
                known,
            }),
            std::cmp::Ordering::Less => Err(StoreError::TooOld {
                path,
                found: version,
                known,
            }),
            std::cmp::Ordering::Equal => Ok(Store {
                conn,
                pins: users::PinPolicy::default(),
                progress: Box::new(Silent),
            }),
        }
    }

    /// SQLite's own check of the file (`PRAGMA integrity_check`): the problems it lists, or
    /// nothing when the file is sound.
    /// A file so damaged that SQLite cannot even list its problems is one problem.
    /// With [`check::Depth::Quick`], SQLite's faster `quick_check` (no index contents).
    pub fn integrity_problems(&self, depth: check::Depth) -> Result<Vec<String>> {
        let pragma = match depth {
            check::Depth::Quick => "PRAGMA quick_check",
            check::Depth::Full => "PRAGMA integrity_check",
        };
        let listed = self
            .conn
            .prepare(pragma)
            .and_then(|mut stmt| {
                stmt.query_map([], |r| r.get::<_, String>(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .map_err(StoreError::from);
        match listed {
            Ok(rows) => Ok(rows.into_iter().filter(|r| r != "ok").collect()),
            Err(e) if e.is_damaged() => Ok(vec![e.to_string()]),
            Err(e) => Err(e),
        }
    }

    /// Where long jobs (imports, generated data) report how far they have got.
    pub fn report_progress(&mut self, progress: Box<dyn Progress>) {
        self.progress = progress;
    }

    /// Runs a long job of `total` steps in view of the progress watcher: the job advances
    /// it as it goes, and the watcher is told the end however the job ends.
    pub(crate) fn tracked<T>(
        &mut self,
        what: &str,
        total: u64,
        job: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<T> {
        self.progress.start(what, total);
        let done = job(self);
        self.progress.finish();
        done
    }

    /// An in-memory store with the full schema (tests).
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = Store {
            conn,
            pins: users::PinPolicy::default(),
            progress: Box::new(Silent),
        };
        store.migrate(Path::new(":memory:"), SCHEMA_VERSION)?;
        Ok(store)
    }

    pub fn schema_version(&self) -> Result<u32> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    fn migrate(&mut self, path: &Path, target: u32) -> Result<()> {
        let found = self.schema_version()?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: path.display().to_string(),
                found,
                known: SCHEMA_VERSION,
            });
        }
        if found >= target {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the write lock.
        let now: u32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        for (i, sql) in MIGRATIONS
            .iter()
            .enumerate()
            .take(target as usize)
            .skip(now as usize)
        {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as u32)?;
        }
        tx.commit()?;
        tracing::info!(from = found, to = target, "migrated database");
        Ok(())
    }

    /// Makes sure a location code exists (the configured one, or one named by an import).
    pub fn ensure_location(&self, code: &str) -> Result<()> {
        self.conn.execute(
            "INSERT OR IGNORE INTO locations(code, name) VALUES (?1, ?1)",
            [code],
        )?;
        Ok(())
    }

    pub fn locations(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT code FROM locations ORDER BY code")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The raw connection, for modules of this store and for tests that tamper on purpose.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Starts a write transaction that takes the write lock at once, so two terminals never
    /// both decide on the same stock.
    /// A writer that waits past the busy timeout gets [`StoreError::Busy`], and the wait is
    /// logged at WARN with the code that was waiting.
    #[track_caller]
    pub fn write(&mut self) -> Result<rusqlite::Transaction<'_>> {
        let waiting = std::panic::Location::caller();
        self.conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| {
                let e = StoreError::from(e);
                if e.is_busy() {
                    tracing::warn!(
                        waiting = %waiting,
                        timeout_s = BUSY_TIMEOUT.as_secs(),
                        "write lock not granted: another process held the database"
                    );
                    return StoreError::Busy {
                        seconds: BUSY_TIMEOUT.as_secs(),
                    };
                }
                e
            })
    }
}

/// Reads an optional single value.
pub(crate) fn optional<T>(r: rusqlite::Result<T>) -> Result<Option<T>> {
    Ok(r.optional()?)
}

impl ToSql for Money {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.amount().to_string()))
    }
}

impl FromSql for Money {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        match value {
            ValueRef::Text(bytes) => {
                let text =
                    std::str::from_utf8(bytes).map_err(|e| FromSqlError::Other(Box::new(e)))?;
                text.parse::<rust_decimal::Decimal>()
                    .map(Money::new)
                    .map_err(|e| FromSqlError::Other(Box::new(e)))
            }
            ValueRef::Integer(i) => Ok(Money::new(rust_decimal::Decimal::from(i))),
            // Money is never stored as REAL; refuse rather than round silently.
            _ => Err(FromSqlError::InvalidType),
        }
    }
}
