//! How values cross to and from SQLite (rusqlite).

use std::borrow::Cow;

use super::{Params, Value};

pub(super) fn from_sqlite(value: rusqlite::types::ValueRef<'_>) -> Value {
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

pub(super) fn sqlite_params<'p>(
    params: Params<'p>,
) -> rusqlite::ParamsFromIter<impl Iterator<Item = Cow<'p, Value>> + 'p> {
    rusqlite::params_from_iter(params.iter().map(|p| match p.as_value() {
        Some(v) => Cow::Borrowed(v),
        None => Cow::Owned(p.to_value()),
    }))
}
