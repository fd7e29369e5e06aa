//! One connection over the two backends: SQLite (a file, the default) and PostgreSQL (a
//! server, for counters on several machines and chains of stores).
//!
//! Queries are written once, in the SQL both accept, with SQLite's `?N` placeholders.
//! [`postgres_text`] turns such a text into PostgreSQL's in one place: `?N` becomes `$N`,
//! `LIKE` becomes `ILIKE` (SQLite's LIKE ignores ASCII case), and a list passed as a JSON
//! array (`SELECT value FROM json_each(?N)`) is read with `json_array_elements_text`.
//! Where the dialects differ more than that, the caller asks [`Conn::dialect`] and keeps one
//! text per backend.
//!
//! Values cross as [`Value`]: integers, reals and text, as SQLite stores them; money is text
//! holding an exact decimal in both backends.

mod postgres;
mod rewrite;
mod sets;
mod sqlite;
mod statement;
mod value;

use std::cell::{Cell, RefCell};

use super::{Result, StoreError};
use crate::clock::Clock;

use self::postgres::{Pg, WRITE_LOCK};
pub use self::postgres::{create_schema, drop_schema, url_with_schema};
pub use rewrite::postgres_text;
pub use sets::{
    Column, aggregated, aggregated_rows, insert_rows, insert_rows_then, json_rows, json_table,
    values,
};
use sqlite::sqlite_params;
pub use statement::{Row, Rows, Stmt};
use statement::{RowRef, StmtOn};
pub use value::{FromValue, Params, ToValue, Value, params};

/// Which SQL a connection speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// An open connection to either backend, with the clock whose instant every row it writes
/// is stamped with (never the database's own `now`).
pub struct Conn {
    backend: Backend,
    clock: Clock,
    /// The instant of the open write transaction: every row it writes bears the same time.
    tx_at: Cell<Option<jiff::Timestamp>>,
    /// Statements sent to the database so far (each a round trip on PostgreSQL): the
    /// budget a screen's key or a sale's commit is held to, counted exactly.
    statements: Cell<u64>,
}

enum Backend {
    Sqlite(rusqlite::Connection),
    Postgres(Box<RefCell<Pg>>),
}

impl Conn {
    pub fn sqlite(conn: rusqlite::Connection) -> Conn {
        conn.set_prepared_statement_cache_capacity(64);
        Conn::on(Backend::Sqlite(conn))
    }

    /// Connects to a PostgreSQL server (`postgres://user@host/db`).
    pub fn postgres(url: &str) -> Result<Conn> {
        Ok(Conn::on(Backend::Postgres(Box::new(RefCell::new(
            Pg::connect(url)?,
        )))))
    }

    fn on(backend: Backend) -> Conn {
        Conn {
            backend,
            clock: Clock::default(),
            tx_at: Cell::new(None),
            statements: Cell::new(0),
        }
    }

    /// How many statements this connection has sent the database (a batch counts as one).
    pub fn statements(&self) -> u64 {
        self.statements.get()
    }

    fn sent(&self) {
        self.statements.set(self.statements.get() + 1);
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    /// The time a row written now bears, as the store writes times: UTC, ISO 8601 with
    /// milliseconds, so that text order is time order. Inside a write transaction, the
    /// instant it began.
    pub fn now_text(&self) -> String {
        time_text(self.tx_at.get().unwrap_or_else(|| self.clock.now()))
    }

    pub fn dialect(&self) -> Dialect {
        match self.backend {
            Backend::Sqlite(_) => Dialect::Sqlite,
            Backend::Postgres(_) => Dialect::Postgres,
        }
    }

    /// The SQLite connection, for what only SQLite has (pragmas, its own checks, backups).
    pub fn sqlite_conn(&self) -> Option<&rusqlite::Connection> {
        match &self.backend {
            Backend::Sqlite(c) => Some(c),
            Backend::Postgres(_) => None,
        }
    }

    pub fn execute(&self, sql: &str, params: Params<'_>) -> Result<usize> {
        self.sent();
        match &self.backend {
            Backend::Sqlite(c) => Ok(c.prepare_cached(sql)?.execute(sqlite_params(params))?),
            Backend::Postgres(pg) => pg.borrow_mut().execute(sql, params),
        }
    }

    /// Runs several statements without parameters (migrations, transaction control).
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        self.sent();
        match &self.backend {
            Backend::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Backend::Postgres(pg) => Ok(pg.borrow_mut().client.batch_execute(sql)?),
        }
    }

    /// Calls `each` on every row, in order.
    pub fn for_each(
        &self,
        sql: &str,
        params: Params<'_>,
        mut each: impl FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<()> {
        self.sent();
        match &self.backend {
            Backend::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let mut rows = stmt.query(sqlite_params(params))?;
                while let Some(row) = rows.next()? {
                    each(&Row(RowRef::Sqlite(row)))?;
                }
                Ok(())
            }
            Backend::Postgres(pg) => {
                // Read all first: `each` may query this connection again.
                let rows = pg.borrow_mut().query(sql, params)?;
                rows.iter()
                    .try_for_each(|row| each(&Row(RowRef::Postgres(row))))
            }
        }
    }

    /// Every row, read by `read`.
    pub fn query_map<T>(
        &self,
        sql: &str,
        params: Params<'_>,
        mut read: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.for_each(sql, params, |row| {
            out.push(read(row)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// The first row, if there is one.
    pub fn query_opt<T>(
        &self,
        sql: &str,
        params: Params<'_>,
        read: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<Option<T>> {
        self.sent();
        match &self.backend {
            Backend::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let mut rows = stmt.query(sqlite_params(params))?;
                match rows.next()? {
                    Some(row) => read(&Row(RowRef::Sqlite(row))).map(Some),
                    None => Ok(None),
                }
            }
            Backend::Postgres(pg) => {
                let rows = pg.borrow_mut().query(sql, params)?;
                rows.first()
                    .map(|row| read(&Row(RowRef::Postgres(row))))
                    .transpose()
            }
        }
    }

    /// The first row; [`StoreError::NoRows`] when there is none.
    pub fn query_row<T>(
        &self,
        sql: &str,
        params: Params<'_>,
        read: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        self.query_opt(sql, params, read)?.ok_or(StoreError::NoRows)
    }

    /// A statement to run once or many times (cached on both backends).
    pub fn prepare_cached<'c>(&'c self, sql: &str) -> Result<Stmt<'c>> {
        let on = match &self.backend {
            Backend::Sqlite(c) => StmtOn::Sqlite(c.prepare_cached(sql)?),
            Backend::Postgres(pg) => StmtOn::Postgres {
                pg,
                sql: sql.to_string(),
            },
        };
        Ok(Stmt {
            on,
            statements: &self.statements,
        })
    }

    /// As [`Conn::prepare_cached`] (statements are cheap to keep).
    pub fn prepare<'c>(&'c self, sql: &str) -> Result<Stmt<'c>> {
        self.prepare_cached(sql)
    }

    /// Starts a transaction. `immediate` takes the write lock at once (SQLite's
    /// `BEGIN IMMEDIATE`; on PostgreSQL the store's advisory lock), so two terminals never
    /// both decide on the same stock or the same next number.
    pub fn begin(&mut self, immediate: bool) -> Result<Tx<'_>> {
        match (&self.backend, immediate) {
            (Backend::Sqlite(_), true) => self.execute_batch("BEGIN IMMEDIATE")?,
            (Backend::Sqlite(_), false) => self.execute_batch("BEGIN")?,
            (Backend::Postgres(_), false) => self.execute_batch("BEGIN")?,
            (Backend::Postgres(_), true) => {
                // The transaction and its lock in one round trip.
                let locked = self.execute_batch(&format!(
                    "BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK})"
                ));
                if let Err(e) = locked {
                    let _ = self.execute_batch("ROLLBACK");
                    return Err(e);
                }
            }
        }
        self.tx_at.set(Some(self.clock.now()));
        Ok(Tx {
            conn: self,
            open: true,
        })
    }
}

/// An open transaction: [`Tx::commit`] keeps its writes, dropping it undoes them.
pub struct Tx<'a> {
    conn: &'a mut Conn,
    open: bool,
}

impl Tx<'_> {
    /// Keeps the writes. A commit that fails leaves nothing: the drop rolls back.
    pub fn commit(mut self) -> Result<()> {
        self.conn.execute_batch("COMMIT")?;
        self.open = false;
        Ok(())
    }

    /// A savepoint inside the transaction: dropping it undoes what was written since.
    pub fn savepoint(&mut self) -> Result<Savepoint<'_>> {
        self.conn.execute_batch("SAVEPOINT ringup_row")?;
        Ok(Savepoint {
            conn: self.conn,
            open: true,
        })
    }
}

impl std::ops::Deref for Tx<'_> {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        self.conn
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if self.open {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        self.conn.tx_at.set(None);
    }
}

/// An instant as the store writes it: UTC, ISO 8601 with milliseconds.
pub fn time_text(at: jiff::Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// See [`Tx::savepoint`].
pub struct Savepoint<'a> {
    conn: &'a Conn,
    open: bool,
}

impl Savepoint<'_> {
    pub fn commit(mut self) -> Result<()> {
        self.conn.execute_batch("RELEASE ringup_row")?;
        self.open = false;
        Ok(())
    }
}

impl std::ops::Deref for Savepoint<'_> {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        self.conn
    }
}

impl Drop for Savepoint<'_> {
    fn drop(&mut self) {
        if self.open {
            let _ = self
                .conn
                .execute_batch("ROLLBACK TO ringup_row; RELEASE ringup_row");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Money;

    fn scratch() -> Conn {
        let conn = Conn::sqlite(rusqlite::Connection::open_in_memory().unwrap());
        conn.execute_batch("CREATE TABLE t (n INTEGER)").unwrap();
        conn
    }

    fn count(conn: &Conn) -> i64 {
        conn.query_row("SELECT count(*) FROM t", params![], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_transaction_keeps_its_writes_only_when_committed() {
        let mut conn = scratch();
        {
            let tx = conn.begin(true).unwrap();
            tx.execute("INSERT INTO t (n) VALUES (?1)", params![1])
                .unwrap();
        }
        assert_eq!(count(&conn), 0, "dropped: rolled back");
        let tx = conn.begin(true).unwrap();
        tx.execute("INSERT INTO t (n) VALUES (?1)", params![2])
            .unwrap();
        tx.commit().unwrap();
        assert_eq!(count(&conn), 1);
    }

    #[test]
    fn a_dropped_savepoint_undoes_only_its_own_writes() {
        let mut conn = scratch();
        let mut tx = conn.begin(true).unwrap();
        tx.execute("INSERT INTO t (n) VALUES (1)", params![])
            .unwrap();
        {
            let sp = tx.savepoint().unwrap();
            sp.execute("INSERT INTO t (n) VALUES (2)", params![])
                .unwrap();
        }
        let sp = tx.savepoint().unwrap();
        sp.execute("INSERT INTO t (n) VALUES (3)", params![])
            .unwrap();
        sp.commit().unwrap();
        tx.commit().unwrap();
        let kept = conn
            .query_map("SELECT n FROM t ORDER BY n", params![], |r| r.get::<i64>(0))
            .unwrap();
        assert_eq!(kept, [1, 3]);
        assert!(matches!(
            conn.query_row("SELECT n FROM t WHERE n = 2", params![], |r| r
                .get::<i64>(0)),
            Err(StoreError::NoRows)
        ));
        assert_eq!(
            conn.query_opt("SELECT n FROM t WHERE n = 2", params![], |r| r
                .get::<i64>(0))
                .unwrap(),
            None
        );
    }

    #[test]
    fn values_read_back_as_the_types_asked_for() {
        assert_eq!(i64::from_value(Value::Int(7)), Ok(7));
        assert!(u32::from_value(Value::Int(-1)).is_err());
        assert_eq!(
            Money::from_value(Value::Text("12.50".into())).map(|m| m.to_string()),
            Ok("12.50".to_string())
        );
        assert!(Money::from_value(Value::Real(1.5)).is_err());
        assert_eq!(Option::<String>::from_value(Value::Null), Ok(None));
    }
}
