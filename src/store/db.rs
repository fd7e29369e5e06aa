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

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::error::Error as StdError;

use bytes::BytesMut;
use postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};
use rust_decimal::Decimal;

use super::{Result, StoreError};
use crate::clock::Clock;
use crate::domain::Money;

/// Which SQL a connection speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A value read from or bound to a query.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

/// Something that can be bound to a query parameter.
pub trait ToValue {
    fn to_value(&self) -> Value;

    /// The value itself when it already is one, bound without a copy (a generated
    /// catalog binds millions of texts).
    fn as_value(&self) -> Option<&Value> {
        None
    }
}

/// Something a column can be read as.
pub trait FromValue: Sized {
    fn from_value(value: Value) -> std::result::Result<Self, String>;
}

/// Parameters for [`Conn`]'s methods: `params![a, b]`, or `params![]` for none.
#[macro_export]
macro_rules! params {
    ($($x:expr),* $(,)?) => {
        &[$(&$x as &dyn $crate::store::db::ToValue),*] as &[&dyn $crate::store::db::ToValue]
    };
}
pub use params;

/// A row of values for [`insert_rows`]: `values![a, b, c]`.
#[macro_export]
macro_rules! values {
    ($($x:expr),* $(,)?) => {
        vec![$($crate::store::db::ToValue::to_value(&$x)),*]
    };
}
pub use values;

/// Inserts `rows` in one statement: `into` names the table and its columns, e.g.
/// `tenders (invoice_number, kind, amount)`. No rows, no statement.
pub fn insert_rows(conn: &Conn, into: &str, rows: &[Vec<Value>]) -> Result<()> {
    insert_rows_then(conn, into, rows, "")
}

/// As [`insert_rows`], with `then` after the rows (an `ON CONFLICT` clause).
pub fn insert_rows_then(conn: &Conn, into: &str, rows: &[Vec<Value>], then: &str) -> Result<()> {
    let Some(width) = rows.first().map(Vec::len) else {
        return Ok(());
    };
    let tuples: Vec<String> = (0..rows.len())
        .map(|r| {
            let marks: Vec<String> = (1..=width).map(|c| format!("?{}", r * width + c)).collect();
            format!("({})", marks.join(", "))
        })
        .collect();
    let values: Vec<&dyn ToValue> = rows.iter().flatten().map(|v| v as &dyn ToValue).collect();
    conn.execute(
        &format!("INSERT INTO {into} VALUES {} {then}", tuples.join(", ")),
        &values,
    )?;
    Ok(())
}

/// Parameters as a slice.
pub type Params<'a> = &'a [&'a dyn ToValue];

impl ToValue for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }

    fn as_value(&self) -> Option<&Value> {
        Some(self)
    }
}

impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }

    fn as_value(&self) -> Option<&Value> {
        (**self).as_value()
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }
}

macro_rules! int_to_value {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value {
                Value::Int(*self as i64)
            }
        }
    )*};
}
int_to_value!(i64, i32, u32, u16, u8, usize, u64);

impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::Int(i64::from(*self))
    }
}

impl ToValue for f64 {
    fn to_value(&self) -> Value {
        Value::Real(*self)
    }
}

impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_string())
    }
}

impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
}

impl ToValue for Decimal {
    fn to_value(&self) -> Value {
        Value::Text(self.to_string())
    }
}

impl ToValue for Money {
    fn to_value(&self) -> Value {
        Value::Text(self.amount().to_string())
    }
}

impl FromValue for Value {
    fn from_value(value: Value) -> std::result::Result<Self, String> {
        Ok(value)
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: Value) -> std::result::Result<Self, String> {
        match value {
            Value::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

macro_rules! int_from_value {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            fn from_value(value: Value) -> std::result::Result<Self, String> {
                match value {
                    Value::Int(i) => <$t>::try_from(i).map_err(|_| format!("{i} is out of range")),
                    v => Err(format!("{v:?} is not an integer")),
                }
            }
        }
    )*};
}
int_from_value!(i64, i32, u32, u16, u8, usize, u64);

impl FromValue for bool {
    fn from_value(value: Value) -> std::result::Result<Self, String> {
        i64::from_value(value).map(|i| i != 0)
    }
}

impl FromValue for f64 {
    fn from_value(value: Value) -> std::result::Result<Self, String> {
        match value {
            Value::Real(f) => Ok(f),
            Value::Int(i) => Ok(i as f64),
            v => Err(format!("{v:?} is not a number")),
        }
    }
}

impl FromValue for String {
    fn from_value(value: Value) -> std::result::Result<Self, String> {
        match value {
            Value::Text(s) => Ok(s),
            v => Err(format!("{v:?} is not text")),
        }
    }
}

impl FromValue for Decimal {
    fn from_value(value: Value) -> std::result::Result<Self, String> {
        match value {
            Value::Text(s) => s.parse().map_err(|_| format!("'{s}' is not a decimal")),
            Value::Int(i) => Ok(Decimal::from(i)),
            // Money is never stored as a real; refuse rather than round silently.
            v => Err(format!("{v:?} is not an exact decimal")),
        }
    }
}

impl FromValue for Money {
    fn from_value(value: Value) -> std::result::Result<Self, String> {
        Decimal::from_value(value).map(Money::new)
    }
}

/// One row of a result.
pub struct Row<'a>(RowRef<'a>);

enum RowRef<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Postgres(&'a postgres::Row),
    /// A row aggregated into a JSON array by the query (see [`json_rows`]).
    Json(&'a [serde_json::Value]),
}

/// Rows a query aggregated into one column (`[[a, b], [c, d]]`, as [`json_rows`] writes
/// them), each read with [`Row::get`] like a row of its own.
pub fn json_array_rows(text: &str) -> Result<Vec<Vec<serde_json::Value>>> {
    serde_json::from_str(text).map_err(|e| StoreError::Column {
        index: 0,
        reason: format!("rows aggregated as JSON: {e}"),
    })
}

/// The SQL of one column holding the rows `from` selects (`FROM … WHERE …`) as a JSON array
/// of arrays of `columns`, `[]` when there are none: many child rows in one statement.
pub fn json_rows(dialect: Dialect, columns: &str, from: &str) -> String {
    match dialect {
        Dialect::Sqlite => format!("(SELECT json_group_array(json_array({columns})) {from})"),
        Dialect::Postgres => {
            format!("coalesce((SELECT json_agg(json_build_array({columns}))::text {from}), '[]')")
        }
    }
}

impl<'a> Row<'a> {
    /// One row of [`json_array_rows`].
    pub fn json(values: &'a [serde_json::Value]) -> Row<'a> {
        Row(RowRef::Json(values))
    }

    /// Column `index` (from 0) as `T`.
    pub fn get<T: FromValue>(&self, index: usize) -> Result<T> {
        let value = match self.0 {
            RowRef::Sqlite(row) => from_sqlite(row.get_ref(index)?),
            RowRef::Postgres(row) => row.try_get::<_, PgValue>(index)?.0,
            RowRef::Json(row) => from_json(row.get(index)),
        };
        T::from_value(value).map_err(|reason| StoreError::Column { index, reason })
    }
}

fn from_json(value: Option<&serde_json::Value>) -> Value {
    use serde_json::Value as Json;
    match value {
        None | Some(Json::Null) => Value::Null,
        Some(Json::Number(n)) => n
            .as_i64()
            .map_or_else(|| Value::Real(n.as_f64().unwrap_or(f64::NAN)), Value::Int),
        Some(Json::String(s)) => Value::Text(s.clone()),
        Some(Json::Bool(b)) => Value::Int(i64::from(*b)),
        Some(other) => Value::Text(other.to_string()),
    }
}

fn from_sqlite(value: rusqlite::types::ValueRef<'_>) -> Value {
    use rusqlite::types::ValueRef;
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(f) => Value::Real(f),
        ValueRef::Text(t) | ValueRef::Blob(t) => Value::Text(String::from_utf8_lossy(t).into()),
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Int(i) => ValueRef::Integer(*i),
            Value::Real(f) => ValueRef::Real(*f),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
        }))
    }
}

type BoxError = Box<dyn StdError + Sync + Send>;

/// A value as PostgreSQL sends it, whatever the column's type.
struct PgValue(Value);

impl<'a> FromSql<'a> for PgValue {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> std::result::Result<Self, BoxError> {
        Ok(PgValue(match *ty {
            Type::INT8 => Value::Int(i64::from_sql(ty, raw)?),
            Type::INT4 => Value::Int(i32::from_sql(ty, raw)?.into()),
            Type::INT2 => Value::Int(i16::from_sql(ty, raw)?.into()),
            Type::OID => Value::Int(u32::from_sql(ty, raw)?.into()),
            Type::BOOL => Value::Int(bool::from_sql(ty, raw)?.into()),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::FLOAT4 => Value::Real(f32::from_sql(ty, raw)?.into()),
            Type::NUMERIC => {
                // Sums of integer columns come back as NUMERIC.
                let d = Decimal::from_sql(ty, raw)?;
                match i64::try_from(d) {
                    Ok(i) if d.fract().is_zero() => Value::Int(i),
                    _ => Value::Text(d.normalize().to_string()),
                }
            }
            _ => Value::Text(String::from_utf8(raw.to_vec())?),
        }))
    }

    fn from_sql_null(_: &Type) -> std::result::Result<Self, BoxError> {
        Ok(PgValue(Value::Null))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

impl ToSql for Value {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, BoxError> {
        let text = match self {
            Value::Null => return Ok(IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT8 => return i.to_sql(ty, out),
                Type::INT4 => return i32::try_from(*i)?.to_sql(ty, out),
                Type::INT2 => return i16::try_from(*i)?.to_sql(ty, out),
                Type::BOOL => return (*i != 0).to_sql(ty, out),
                Type::FLOAT8 => return (*i as f64).to_sql(ty, out),
                Type::NUMERIC => return Decimal::from(*i).to_sql(ty, out),
                _ => i.to_string(),
            },
            Value::Real(f) => match *ty {
                Type::FLOAT8 => return f.to_sql(ty, out),
                Type::FLOAT4 => return (*f as f32).to_sql(ty, out),
                _ => f.to_string(),
            },
            Value::Text(s) => match *ty {
                Type::INT8 => return s.trim().parse::<i64>()?.to_sql(ty, out),
                Type::INT4 => return s.trim().parse::<i32>()?.to_sql(ty, out),
                Type::INT2 => return s.trim().parse::<i16>()?.to_sql(ty, out),
                Type::FLOAT8 => return s.trim().parse::<f64>()?.to_sql(ty, out),
                Type::NUMERIC => return s.trim().parse::<Decimal>()?.to_sql(ty, out),
                _ => s.clone(),
            },
        };
        text.as_str().to_sql(&Type::TEXT, out)
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// The key of PostgreSQL's advisory lock that every write transaction takes first: writers
/// take turns, as SQLite's `BEGIN IMMEDIATE` makes them, so a decision on stock or the next
/// document number is never made on a stale read. ("RNGP" in ASCII.)
const WRITE_LOCK: i64 = 0x524E_4750;

/// How long a PostgreSQL writer waits for the write lock before giving up (as SQLite's busy
/// timeout).
const PG_LOCK_TIMEOUT: &str = "5s";

struct Pg {
    client: postgres::Client,
    statements: HashMap<String, postgres::Statement>,
}

impl Pg {
    fn statement(&mut self, sql: &str) -> Result<postgres::Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let prepared = self.client.prepare(&postgres_text(sql))?;
        self.statements.insert(sql.to_string(), prepared.clone());
        Ok(prepared)
    }

    fn query(&mut self, sql: &str, params: Params<'_>) -> Result<Vec<postgres::Row>> {
        let statement = self.statement(sql)?;
        let values: Vec<Value> = params.iter().map(|p| p.to_value()).collect();
        let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v as _).collect();
        Ok(self.client.query(&statement, &refs)?)
    }

    fn execute(&mut self, sql: &str, params: Params<'_>) -> Result<usize> {
        let statement = self.statement(sql)?;
        let values: Vec<Value> = params.iter().map(|p| p.to_value()).collect();
        let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v as _).collect();
        Ok(self.client.execute(&statement, &refs)? as usize)
    }
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
        let mut client = postgres::Client::connect(url, postgres::NoTls)?;
        client.batch_execute(&format!(
            "SET lock_timeout = '{PG_LOCK_TIMEOUT}'; SET client_min_messages = warning"
        ))?;
        Ok(Conn::on(Backend::Postgres(Box::new(RefCell::new(Pg {
            client,
            statements: HashMap::new(),
        })))))
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

/// A prepared statement, in the shape of rusqlite's.
pub struct Stmt<'c> {
    on: StmtOn<'c>,
    /// The connection's count of statements sent.
    statements: &'c Cell<u64>,
}

enum StmtOn<'c> {
    Sqlite(rusqlite::CachedStatement<'c>),
    Postgres { pg: &'c RefCell<Pg>, sql: String },
}

fn sqlite_params<'p>(
    params: Params<'p>,
) -> rusqlite::ParamsFromIter<impl Iterator<Item = Cow<'p, Value>> + 'p> {
    rusqlite::params_from_iter(params.iter().map(|p| match p.as_value() {
        Some(v) => Cow::Borrowed(v),
        None => Cow::Owned(p.to_value()),
    }))
}

impl Stmt<'_> {
    fn sent(&self) {
        self.statements.set(self.statements.get() + 1);
    }

    pub fn execute(&mut self, params: Params<'_>) -> Result<usize> {
        self.sent();
        match &mut self.on {
            StmtOn::Sqlite(s) => Ok(s.execute(sqlite_params(params))?),
            StmtOn::Postgres { pg, sql } => pg.borrow_mut().execute(sql, params),
        }
    }

    /// The rows, to step through with [`Rows::next`].
    pub fn query(&mut self, params: Params<'_>) -> Result<Rows<'_>> {
        self.sent();
        Ok(Rows(match &mut self.on {
            StmtOn::Sqlite(s) => RowsOn::Sqlite(s.query(sqlite_params(params))?),
            StmtOn::Postgres { pg, sql } => RowsOn::Postgres {
                rows: pg.borrow_mut().query(sql, params)?,
                next: 0,
            },
        }))
    }

    /// Every row read by `read`, as an iterator of results (rusqlite's shape).
    pub fn query_map<T>(
        &mut self,
        params: Params<'_>,
        mut read: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<std::vec::IntoIter<Result<T>>> {
        let mut rows = self.query(params)?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(read(&row));
        }
        Ok(out.into_iter())
    }

    /// The first row; [`StoreError::NoRows`] when there is none.
    pub fn query_row<T>(
        &mut self,
        params: Params<'_>,
        read: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut rows = self.query(params)?;
        match rows.next()? {
            Some(row) => read(&row),
            None => Err(StoreError::NoRows),
        }
    }

    pub fn exists(&mut self, params: Params<'_>) -> Result<bool> {
        Ok(self.query(params)?.next()?.is_some())
    }
}

/// Rows of a [`Stmt::query`].
pub struct Rows<'s>(RowsOn<'s>);

enum RowsOn<'s> {
    Sqlite(rusqlite::Rows<'s>),
    Postgres {
        rows: Vec<postgres::Row>,
        next: usize,
    },
}

impl Rows<'_> {
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<Option<Row<'_>>> {
        match &mut self.0 {
            RowsOn::Sqlite(rows) => Ok(rows.next()?.map(|r| Row(RowRef::Sqlite(r)))),
            RowsOn::Postgres { rows, next } => {
                let row = rows.get(*next);
                *next += 1;
                Ok(row.map(|r| Row(RowRef::Postgres(r))))
            }
        }
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

/// `url` working in the schema `schema` (its `search_path`), in place of any other
/// `options` it had.
pub fn url_with_schema(url: &str, schema: &str) -> String {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut params: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("options="))
        .collect();
    let options = format!("options=-csearch_path%3D{schema}");
    params.push(&options);
    format!("{base}?{}", params.join("&"))
}

/// A new empty schema `name` in the database of `url` (dropped first if it was there),
/// for benchmarks and tests; the URL that works in it.
pub fn create_schema(url: &str, name: &str) -> Result<String> {
    let mut client = postgres::Client::connect(url, postgres::NoTls)?;
    client.batch_execute(&format!(
        "SET client_min_messages = warning;
         DROP SCHEMA IF EXISTS \"{name}\" CASCADE; CREATE SCHEMA \"{name}\""
    ))?;
    Ok(url_with_schema(url, name))
}

/// Drops a schema made by [`create_schema`], with everything in it.
pub fn drop_schema(url: &str, name: &str) -> Result<()> {
    let mut client = postgres::Client::connect(url, postgres::NoTls)?;
    client.batch_execute(&format!(
        "SET client_min_messages = warning; DROP SCHEMA IF EXISTS \"{name}\" CASCADE"
    ))?;
    Ok(())
}

/// A query text as PostgreSQL reads it (see the module's notes). Quoted text is kept as is.
pub fn postgres_text(sql: &str) -> String {
    const JSON_LIST: &str = "SELECT value FROM json_each(";
    let mut out = String::with_capacity(sql.len() + 16);
    let mut rest = sql;
    let mut next_bare = 0;
    while let Some(c) = rest.chars().next() {
        if c == '\'' || c == '"' {
            let end = rest[1..].find(c).map_or(rest.len(), |i| i + 2);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        } else if c == '?' {
            let digits = rest[1..]
                .find(|ch: char| !ch.is_ascii_digit())
                .unwrap_or(rest.len() - 1);
            out.push('$');
            if digits == 0 {
                next_bare += 1;
                out.push_str(&next_bare.to_string());
            } else {
                out.push_str(&rest[1..=digits]);
            }
            rest = &rest[1 + digits..];
        } else if let Some(after) = rest.strip_prefix(JSON_LIST) {
            let close = after.find(')').unwrap_or(after.len());
            let list = postgres_text(&after[..close]);
            out.push_str(&format!(
                "SELECT value::bigint FROM json_array_elements_text(({list})::json) AS t(value)"
            ));
            rest = after.get(close + 1..).unwrap_or("");
        } else if rest.starts_with("LIKE") && out.ends_with(char::is_whitespace) {
            out.push_str("ILIKE");
            rest = &rest[4..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_numbered_dollars_outside_quotes() {
        assert_eq!(
            postgres_text("SELECT a FROM t WHERE b = ?1 AND c = '?2' AND d = ?12"),
            "SELECT a FROM t WHERE b = $1 AND c = '?2' AND d = $12"
        );
        assert_eq!(postgres_text("VALUES (?, ?)"), "VALUES ($1, $2)");
    }

    #[test]
    fn like_ignores_case_and_json_lists_are_read_as_numbers() {
        assert_eq!(
            postgres_text("WHERE name LIKE ?2 ESCAPE '\\' AND kind = 'LIKE '"),
            "WHERE name ILIKE $2 ESCAPE '\\' AND kind = 'LIKE '"
        );
        assert_eq!(
            postgres_text("WHERE id IN (SELECT value FROM json_each(?3))"),
            "WHERE id IN (SELECT value::bigint FROM json_array_elements_text(($3)::json) AS t(value))"
        );
    }

    #[test]
    fn a_url_works_in_another_schema() {
        assert_eq!(
            url_with_schema("postgres://u:p@h:5432/shop?sslmode=disable", "b"),
            "postgres://u:p@h:5432/shop?sslmode=disable&options=-csearch_path%3Db"
        );
        assert_eq!(
            url_with_schema("postgres://u@h/shop?options=-csearch_path%3Da", "b"),
            "postgres://u@h/shop?options=-csearch_path%3Db"
        );
    }

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
