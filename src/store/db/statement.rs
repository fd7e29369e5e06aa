//! Prepared statements, the rows they return, and reading a row's columns.

use std::cell::{Cell, RefCell};

use super::postgres::{Pg, PgValue};
use super::sqlite::{from_sqlite, sqlite_params};
use super::{FromValue, Params, Value};
use crate::store::{Result, StoreError};

/// One row of a result.
pub struct Row<'a>(pub(super) RowRef<'a>);

pub(super) enum RowRef<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Postgres(&'a postgres::Row),
    /// A row a query aggregated into a JSON array (see [`super::aggregated`]).
    Json(&'a [serde_json::Value]),
}

impl<'a> Row<'a> {
    /// One row of [`super::aggregated_rows`].
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

/// A prepared statement, in the shape of rusqlite's.
pub struct Stmt<'c> {
    pub(super) on: StmtOn<'c>,
    /// The connection's count of statements sent.
    pub(super) statements: &'c Cell<u64>,
}

pub(super) enum StmtOn<'c> {
    Sqlite(rusqlite::CachedStatement<'c>),
    Postgres { pg: &'c RefCell<Pg>, sql: String },
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
