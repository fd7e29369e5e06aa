//! PostgreSQL's side: how values cross (whatever the column's type), the client with its
//! prepared statements, the write lock every writer takes, and schemas of their own for
//! benchmarks and tests.

use std::collections::HashMap;
use std::error::Error as StdError;

use bytes::BytesMut;
use postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};
use rust_decimal::Decimal;

use super::{Params, Value, postgres_text};
use crate::store::Result;

type BoxError = Box<dyn StdError + Sync + Send>;

/// A value as PostgreSQL sends it, whatever the column's type.
pub(super) struct PgValue(pub(super) Value);

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
pub(super) const WRITE_LOCK: i64 = 0x524E_4750;

/// How long a PostgreSQL writer waits for the write lock before giving up (as SQLite's busy
/// timeout).
const PG_LOCK_TIMEOUT: &str = "5s";

pub(super) struct Pg {
    pub(super) client: postgres::Client,
    statements: HashMap<String, postgres::Statement>,
}

impl Pg {
    pub(super) fn connect(url: &str) -> Result<Pg> {
        let mut client = postgres::Client::connect(url, postgres::NoTls)?;
        client.batch_execute(&format!(
            "SET lock_timeout = '{PG_LOCK_TIMEOUT}'; SET client_min_messages = warning"
        ))?;
        Ok(Pg {
            client,
            statements: HashMap::new(),
        })
    }

    pub(super) fn statement(&mut self, sql: &str) -> Result<postgres::Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let prepared = self.client.prepare(&postgres_text(sql))?;
        self.statements.insert(sql.to_string(), prepared.clone());
        Ok(prepared)
    }

    pub(super) fn query(&mut self, sql: &str, params: Params<'_>) -> Result<Vec<postgres::Row>> {
        let statement = self.statement(sql)?;
        let values: Vec<Value> = params.iter().map(|p| p.to_value()).collect();
        let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v as _).collect();
        Ok(self.client.query(&statement, &refs)?)
    }

    pub(super) fn execute(&mut self, sql: &str, params: Params<'_>) -> Result<usize> {
        let statement = self.statement(sql)?;
        let values: Vec<Value> = params.iter().map(|p| p.to_value()).collect();
        let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v as _).collect();
        Ok(self.client.execute(&statement, &refs)? as usize)
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
