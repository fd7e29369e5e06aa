//! Migrations: both backends' numbered files, applied forward in one transaction, and the
//! schema version a store has.

use super::{Conn, Dialect, Result, Store, StoreError, params};

/// Both backends' migrations from one list of names: each step's SQLite file
/// (`migrations/NAME.sql`) and PostgreSQL file (`migrations/postgres/NAME.sql`), applied in
/// the list's order, which is the names' numbers (a test holds it). Forward-only, numbered
/// from 1: SQLite keeps the last applied in `PRAGMA user_version`, PostgreSQL in the table
/// `ringup_migrations`.
macro_rules! migrations {
    ($($name:literal),* $(,)?) => {
        const MIGRATION_NAMES: &[&str] = &[$($name),*];
        const MIGRATIONS: &[&str] = &[$(include_str!(concat!("migrations/", $name, ".sql"))),*];
        const PG_MIGRATIONS: &[&str] =
            &[$(include_str!(concat!("migrations/postgres/", $name, ".sql"))),*];
    };
}

migrations![
    "0001_initial",
    "0002_receipts",
    "0003_order_refunds",
    "0004_deposit_tax",
    "0005_movement_user",
    "0006_audit_approver",
    "0007_disabled_users",
    "0008_purchasing",
    "0009_order_notices",
    "0010_days",
    "0011_account_payments",
    "0012_parked_sales",
    "0013_returns",
    "0014_unlinked_returns",
    "0015_kept_figures",
    "0016_shortfall_figures",
    "0017_invoices_by_order",
    "0018_call_back",
    "0019_day_counts",
    "0020_document_figures",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

impl Store {
    pub(super) fn migrate(&mut self, path: &str, target: u32) -> Result<()> {
        let found = self.schema_version()?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: path.to_string(),
                found,
                known: SCHEMA_VERSION,
            });
        }
        if found >= target {
            return Ok(());
        }
        let dialect = self.conn.dialect();
        let tx = self.conn.begin(true)?;
        if dialect == Dialect::Postgres {
            tx.execute_batch(
                "CREATE TABLE IF NOT EXISTS ringup_migrations (
                     version    BIGINT PRIMARY KEY,
                     applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
            )?;
        }
        // Another process may have migrated while we waited for the write lock.
        let now = schema_version(&tx)?;
        let files = match dialect {
            Dialect::Sqlite => MIGRATIONS,
            Dialect::Postgres => PG_MIGRATIONS,
        };
        for (i, sql) in files
            .iter()
            .enumerate()
            .take(target as usize)
            .skip(now as usize)
        {
            // A migration that does not fit the tables found: a store of another lineage
            // (or hand-edited) that says a version it is not. The transaction is let go.
            tx.execute_batch(sql).map_err(|e| StoreError::Migration {
                path: path.to_string(),
                found: now,
                known: target,
                reason: e.to_string(),
            })?;
            let version = (i + 1) as u32;
            tracing::info!(migration = MIGRATION_NAMES[i], "applied");
            match dialect {
                Dialect::Sqlite => tx.execute_batch(&format!("PRAGMA user_version = {version}"))?,
                Dialect::Postgres => {
                    tx.execute(
                        "INSERT INTO ringup_migrations (version) VALUES (?1)",
                        params![version],
                    )?;
                }
            }
        }
        tx.commit()?;
        tracing::info!(from = found, to = target, "migrated database");
        Ok(())
    }
}

/// The last migration applied.
pub(super) fn schema_version(conn: &Conn) -> Result<u32> {
    match conn.dialect() {
        Dialect::Sqlite => conn.query_row("PRAGMA user_version", params![], |r| r.get(0)),
        Dialect::Postgres => {
            let tracked: bool = conn.query_row(
                "SELECT to_regclass('ringup_migrations') IS NOT NULL",
                params![],
                |r| r.get(0),
            )?;
            if !tracked {
                return Ok(0);
            }
            conn.query_row(
                "SELECT coalesce(max(version), 0) FROM ringup_migrations",
                params![],
                |r| r.get(0),
            )
        }
    }
}

#[cfg(test)]
mod migration_order {
    #[test]
    fn each_migration_is_numbered_by_its_place_in_the_list() {
        for (i, name) in super::MIGRATION_NAMES.iter().enumerate() {
            assert!(
                name.starts_with(&format!("{:04}_", i + 1)),
                "{name} is applied as step {}",
                i + 1
            );
        }
        assert_eq!(super::MIGRATION_NAMES.len() as u32, super::SCHEMA_VERSION);
    }
}
