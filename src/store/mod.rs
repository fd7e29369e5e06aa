//! The SQLite store: opening with the right pragmas, migrations, and one module per table
//! family. Every write happens in a transaction; reads return domain types.

pub(crate) mod audit;
pub mod catalog;
pub mod check;
mod codes;
pub mod copy;
pub mod dashboard;
pub mod days;
pub mod db;
pub mod demo;
pub mod docs;
mod error;
pub mod file;
pub mod import;
mod migrate;
pub mod orders;
pub mod parked;
pub mod payments;
pub mod policy;
pub mod purchasing;
pub mod reports;
pub mod returns;
pub mod sales;
pub mod stock;
mod target;
pub mod users;
mod waits;

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

pub use db::{Conn, Dialect, Tx, params, time_text};
pub(crate) use error::optional;
pub use error::{Result, StoreError, check_text};
pub use migrate::SCHEMA_VERSION;
use migrate::schema_version;
pub use target::{Target, without_password};

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
    conn: Conn,
    /// How new PINs are checked and hashed.
    pins: users::PinPolicy,
    /// Where long jobs report how far they have got.
    progress: Box<dyn Progress>,
    /// How orders are priced when the store values backordered goods.
    order_rules: crate::domain::order::OrderRules,
    /// The settings the policy reads.
    limits: crate::domain::policy::Limits,
    /// The date ages are counted to; None takes the clock's local date.
    today: Option<jiff::civil::Date>,
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

    /// Opens a file or a PostgreSQL database (creating the schema if it is empty), then
    /// applies pending migrations. `synchronous` is SQLite's; PostgreSQL keeps its own.
    pub fn open_target(target: &Target, synchronous: Synchronous) -> Result<Store> {
        match target {
            Target::File(path) => Self::open_with(path, synchronous),
            Target::Postgres(url) => Self::open_postgres(url),
        }
    }

    /// Whether a store is there already: a file with something in it, or a PostgreSQL
    /// database with ringup's schema.
    pub fn exists(target: &Target) -> Result<bool> {
        match target {
            Target::File(path) => Ok(file::look(path) == Ok(file::Found::File)),
            Target::Postgres(url) => Ok(schema_version(&Conn::postgres(url)?)? > 0),
        }
    }

    /// Opens a store that is there already, and brings its schema up to date; never makes
    /// one. Nothing at the path, an empty file, another program's database, a directory or
    /// a FIFO is refused in plain words, and nothing is written.
    pub fn open_existing(target: &Target, synchronous: Synchronous) -> Result<Store> {
        let named = target.to_string();
        match target {
            Target::File(path) => match file::look(path) {
                Ok(file::Found::Missing) => Err(StoreError::NoStore { path: named }),
                Ok(file::Found::Empty) => Err(StoreError::NotAStore {
                    path: named,
                    reason: "the file is empty (0 bytes); `ringup init` makes a store".into(),
                }),
                Err(reason) => Err(StoreError::NotAStore {
                    path: named,
                    reason,
                }),
                Ok(file::Found::File) => Self::open_file(path, synchronous, SCHEMA_VERSION, true),
            },
            Target::Postgres(url) => match Self::exists(target)? {
                true => Self::open_postgres(url),
                false => Err(StoreError::NoStore { path: named }),
            },
        }
    }

    /// Connects to a PostgreSQL database and brings its schema up to date.
    pub fn open_postgres(url: &str) -> Result<Store> {
        let mut store = Store::with(Conn::postgres(url)?);
        store.migrate(&without_password(url), SCHEMA_VERSION)?;
        Ok(store)
    }

    fn with(conn: Conn) -> Store {
        Store {
            conn,
            pins: users::PinPolicy::default(),
            progress: Box::new(Silent),
            order_rules: Default::default(),
            limits: Default::default(),
            today: None,
        }
    }

    /// Opens and migrates only up to `target` (tests of older databases use this).
    pub fn open_to_version(path: &Path, synchronous: Synchronous, target: u32) -> Result<Store> {
        Self::open_file(path, synchronous, target, false)
    }

    /// Opens a database file, creating it unless `existing` (then a file that holds no
    /// store is refused). A directory, a FIFO or a read-only file is refused before SQLite
    /// opens it, and nothing about the file is changed.
    fn open_file(
        path: &Path,
        synchronous: Synchronous,
        target: u32,
        existing: bool,
    ) -> Result<Store> {
        let named = path.display().to_string();
        match file::look(path) {
            Err(reason) => {
                return Err(StoreError::NotAStore {
                    path: named,
                    reason,
                });
            }
            Ok(file::Found::Missing) => {}
            Ok(file::Found::Empty | file::Found::File) => {
                if let Some(why) = file::read_only(path) {
                    return Err(StoreError::ReadOnly { path: named, why });
                }
            }
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                path: path.display().to_string(),
                source,
            })?;
        }
        let mut conn = Connection::open(path)?;
        conn.busy_handler(Some(wait_for_lock))?;
        if existing {
            // Asked before anything is written: switching to WAL rewrites the header.
            let version = conn.query_row("PRAGMA user_version", [], |r| r.get::<_, u32>(0));
            let reason = match version {
                Ok(0) => "it has none of ringup's tables",
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if e.code == rusqlite::ErrorCode::NotADatabase =>
                {
                    "it is not an SQLite database"
                }
                Err(e) => return Err(e.into()),
                Ok(_) => "",
            };
            if !reason.is_empty() {
                return Err(StoreError::NotAStore {
                    path: named,
                    reason: reason.into(),
                });
            }
        }
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "synchronous", synchronous.pragma())?;
        crate::private::make_database_private(path).map_err(|source| StoreError::Private {
            path: path.display().to_string(),
            source,
        })?;
        let mut store = Store::with(Conn::sqlite(conn));
        store.migrate(&path.display().to_string(), target)?;
        Ok(store)
    }

    /// Opens an existing store to check it: never creates, migrates or writes (a SQLite
    /// file is opened read-only). A missing, empty or foreign database, or one of another
    /// schema version, is an error.
    pub fn open_to_check(target: &Target) -> Result<Store> {
        let named = target.to_string();
        let not_a_store = |reason: String| StoreError::NotAStore {
            path: named.clone(),
            reason,
        };
        let store = match target {
            Target::File(path) => {
                match file::look(path) {
                    Ok(file::Found::File) => {}
                    Ok(file::Found::Missing) => {
                        return Err(not_a_store("there is no such file".into()));
                    }
                    Ok(file::Found::Empty) => {
                        return Err(not_a_store("the file is empty (0 bytes)".into()));
                    }
                    Err(reason) => return Err(not_a_store(reason)),
                }
                Store::with(Conn::sqlite(open_to_read(path)?))
            }
            Target::Postgres(url) => Store::with(Conn::postgres(url)?),
        };
        let version = store
            .schema_version()
            .map_err(|e| not_a_store(e.to_string()))?;
        let tables = store
            .count_ringup_tables()
            .map_err(|e| not_a_store(e.to_string()))?;
        if version == 0 || tables != 6 {
            return Err(not_a_store("it has none of ringup's tables".into()));
        }
        let known = SCHEMA_VERSION;
        let path = named.clone();
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
            std::cmp::Ordering::Equal => Ok(store),
        }
    }

    /// How many of ringup's six main tables the database has.
    fn count_ringup_tables(&self) -> Result<i64> {
        let sql = match self.conn.dialect() {
            Dialect::Sqlite => {
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN
                     ('products', 'stock', 'stock_movements', 'invoices', 'orders', 'order_lines')"
            }
            Dialect::Postgres => {
                "SELECT count(*) FROM information_schema.tables
                 WHERE table_schema = current_schema() AND table_name IN
                     ('products', 'stock', 'stock_movements', 'invoices', 'orders', 'order_lines')"
            }
        };
        self.conn.query_row(sql, params![], |r| r.get(0))
    }

    /// The backend's own check of its storage: SQLite's `PRAGMA integrity_check` lists the
    /// problems it finds, or nothing when the file is sound. A file so damaged that SQLite
    /// cannot even list its problems is one problem. With [`check::Depth::Quick`], SQLite's
    /// faster `quick_check` (no index contents). PostgreSQL checks its own pages as it
    /// reads them; there is nothing more to ask it here.
    pub fn integrity_problems(&self, depth: check::Depth) -> Result<Vec<String>> {
        if self.conn.dialect() == Dialect::Postgres {
            return Ok(Vec::new());
        }
        let pragma = match depth {
            check::Depth::Quick => "PRAGMA quick_check",
            check::Depth::Full => "PRAGMA integrity_check",
        };
        let listed = self
            .conn
            .query_map(pragma, params![], |r| r.get::<String>(0));
        match listed {
            Ok(rows) => Ok(rows.into_iter().filter(|r| r != "ok").collect()),
            Err(e) if e.is_damaged() => Ok(vec![e.to_string()]),
            Err(e) => Err(e),
        }
    }

    /// How orders are priced (the configuration's), for the value of backordered goods.
    pub fn set_order_rules(&mut self, rules: crate::domain::order::OrderRules) {
        self.order_rules = rules;
    }

    /// Counts ages (days waiting, days ready) to `today` instead of the clock's date: a
    /// report for a given day, and tests with known dates.
    pub fn set_today(&mut self, today: jiff::civil::Date) {
        self.today = Some(today);
    }

    /// The date ages are counted to: the store's local date, unless set.
    pub fn today(&self) -> jiff::civil::Date {
        self.today.unwrap_or_else(|| self.clock().today())
    }

    /// The clock this store stamps what it writes with, and reads "today" from.
    pub fn clock(&self) -> &crate::clock::Clock {
        self.conn.clock()
    }

    /// Hands the store its clock (the command's or the screen's; a fixed one in tests).
    pub fn set_clock(&mut self, clock: crate::clock::Clock) {
        self.conn.set_clock(clock);
    }

    /// The store's time zone, in which people read its times and dates.
    pub fn zone(&self) -> &jiff::tz::TimeZone {
        self.clock().zone()
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
        let mut store = Store::with(Conn::sqlite(conn));
        store.migrate(":memory:", SCHEMA_VERSION)?;
        Ok(store)
    }

    pub fn dialect(&self) -> Dialect {
        self.conn.dialect()
    }

    pub fn schema_version(&self) -> Result<u32> {
        schema_version(&self.conn)
    }

    /// Makes sure a location code exists (the configured one, or one named by an import).
    pub fn ensure_location(&self, code: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO locations(code, name) VALUES (?1, ?1) ON CONFLICT DO NOTHING",
            params![code],
        )?;
        Ok(())
    }

    pub fn locations(&self) -> Result<Vec<String>> {
        self.conn
            .query_map("SELECT code FROM locations ORDER BY code", params![], |r| {
                r.get(0)
            })
    }

    /// The raw connection, for modules of this store and for tests that tamper on purpose.
    pub fn conn(&self) -> &Conn {
        &self.conn
    }

    pub fn conn_mut(&mut self) -> &mut Conn {
        &mut self.conn
    }

    /// Starts a write transaction that takes the write lock at once, so two terminals never
    /// both decide on the same stock.
    /// A writer that waits past the busy timeout gets [`StoreError::Busy`], and the wait is
    /// logged at WARN with the code that was waiting.
    #[track_caller]
    pub fn write(&mut self) -> Result<Tx<'_>> {
        let waiting = std::panic::Location::caller();
        self.conn.begin(true).map_err(|e| {
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

/// Opens a database file only to read it. A file this user cannot write beside (on
/// read-only media, or another user's in a directory they own) cannot have the `-shm` file
/// SQLite reads a WAL database with; it is opened immutable instead, unless its `-wal` file
/// holds changes the database file does not have yet, which an immutable open would miss.
fn open_to_read(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)?;
    conn.busy_handler(Some(wait_for_lock))?;
    let readable = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    });
    let cannot_share = |e: &rusqlite::Error| {
        matches!(e, rusqlite::Error::SqliteFailure(f, _)
            if matches!(f.code, rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen))
    };
    match readable {
        Err(e) if cannot_share(&e) => {
            if let Some(wal) = file::pending_wal(path) {
                return Err(StoreError::NotAStore {
                    path: path.display().to_string(),
                    reason: format!(
                        "it cannot be read here: this user cannot write beside it, and {} holds changes not yet in the file (check it as its owner, or a copy taken with that file)",
                        wal.display()
                    ),
                });
            }
            drop(conn);
            let conn = Connection::open_with_flags(
                file::immutable_uri(path),
                flags | OpenFlags::SQLITE_OPEN_URI,
            )?;
            Ok(conn)
        }
        _ => Ok(conn),
    }
}
