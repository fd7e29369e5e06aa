//! What only PostgreSQL has: moving a store into it with `migrate-store`, and its own
//! schema-version table. These tests need the server named by `RINGUP_TEST_POSTGRES`, so
//! they are ignored unless asked for: `bash .ci/with-postgres cargo nextest run --profile
//! postgres --run-ignored all` runs them, and every other store, flow, check, load and kill
//! test, against a throwaway server.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::cli::{Run, Sandbox};
use common::{load_catalog, ring_three_orders};
use ringup::domain::Role;
use ringup::domain::parked::ParkKind;
use ringup::store::{SCHEMA_VERSION, Store, StoreError, params};

fn server() -> String {
    common::postgres().expect("RINGUP_TEST_POSTGRES names the PostgreSQL test server")
}

/// A store on a SQLite file with orders, deposits, a cancel and a transfer in it, and a
/// manager to move it.
fn sqlite_shop() -> Sandbox {
    let shop =
        Sandbox::with_config("[tax.rates]\nstandard = \"8.25\"\nreduced = \"0\"\nexempt = \"0\"\n")
            .with_db_file("shop.db");
    let mut store = shop.store();
    load_catalog(&mut store);
    ring_three_orders(&mut store);
    store.add_user("morgan", Role::Manager, "246810").unwrap();
    store.add_user("casey", Role::Clerk, "1357").unwrap();
    let rules = common::config().order_rules();
    store
        .cancel_backorder(1, 1, Some(1), common::CASH, "morgan", &rules, &[])
        .unwrap();
    store.ensure_location("YARD").unwrap();
    store.transfer("CONC", 3, "YARD", "MAIN", "morgan").unwrap();
    common::park(&mut store, ParkKind::Quote, Some("C1"), &[("VALVE", 4, 0)]);
    common::park(&mut store, ParkKind::Parked, Some("C3"), &[("SCREW", 6, 2)]);
    shop
}

/// `ringup` in the shop as `user` with `pin`, against `db`.
fn run_as(shop: &Sandbox, db: &str, user: &str, pin: &str, args: &[&str]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ringup"))
        .args(args)
        .args(["--db", db, "--user", user])
        .env("RINGUP_DATA_DIR", shop.data())
        .env("RINGUP_CONFIG", shop.config())
        .env("RINGUP_PIN", pin)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"").unwrap();
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

#[test]
#[ignore = "needs a PostgreSQL server (RINGUP_TEST_POSTGRES)"]
fn postgres_migrate_store_copies_the_store_and_every_figure_and_list_is_the_same() {
    let shop = sqlite_shop();
    let file = shop.db_file().display().to_string();
    let url = common::fresh_postgres(&server());
    let moved = run_as(
        &shop,
        &file,
        "morgan",
        "246810",
        &["migrate-store", "--to", &url],
    );
    assert_eq!(moved.code, 0, "{}{}", moved.stdout, moved.stderr);
    assert!(
        moved.stdout.contains("check sqlite: every invariant holds")
            && moved
                .stdout
                .contains("check postgresql: every invariant holds")
            && moved.stdout.contains("the copy has the same figures")
            && !moved.stdout.contains("DIFFERS"),
        "{}",
        moved.stdout
    );

    let sqlite = Store::open(shop.db_file()).unwrap();
    let postgres = Store::open_postgres(&url).unwrap();
    assert_eq!(sqlite.figures().unwrap(), postgres.figures().unwrap());
    assert!(postgres.check().unwrap().is_empty());

    // F7's list, every order and every report read the same on both.
    let same = |args: &[&str]| {
        let a = run_as(&shop, &file, "morgan", "246810", args);
        let b = run_as(&shop, &url, "morgan", "246810", args);
        assert_eq!(a.code, 0, "{args:?}: {}", a.stderr);
        assert_eq!(a.stdout, b.stdout, "{args:?} differs");
    };
    same(&["orders", "--format", "json"]);
    same(&["orders", "--status", "any", "--format", "csv"]);
    for n in 1..=3 {
        same(&["order", "show", &n.to_string(), "--format", "json"]);
    }
    for report in ["backorders", "backlog", "reorder", "deposits", "purchase"] {
        same(&["report", report, "--format", "json"]);
        same(&["report", report, "--location", "all"]);
    }
    same(&["invoice", "show", "3", "--format", "json"]);
    same(&["parked", "--format", "json"]);
    same(&["quote", "show", "1"]);

    // The moved store goes on: a clerk rings a sale, a manager receives, ids and numbers
    // follow on from the copied rows.
    let sale = run_as(
        &shop,
        &url,
        "casey",
        "1357",
        &["sale", "--item", "SCREW:2", "--tender", "cash"],
    );
    assert_eq!(sale.code, 0, "{}", sale.stderr);
    // Invoices 1-3 are the sales, 4 the refund slip of the cancel.
    assert!(sale.stdout.starts_with("invoice 5"), "{}", sale.stdout);
    let received = run_as(&shop, &url, "morgan", "246810", &["receive", "TAPE", "5"]);
    assert_eq!(received.code, 0, "{}", received.stderr);
    // Parked sales and quotes follow on too: the next id and the next quote number.
    let mut moved = Store::open_postgres(&url).unwrap();
    let quote = common::park(&mut moved, ParkKind::Quote, None, &[("TAPE", 1, 0)]);
    assert_eq!((quote.id, quote.number), (3, Some(2)));
    let check = run_as(&shop, &url, "morgan", "246810", &["check"]);
    assert_eq!(
        check.stdout, "ok: every invariant holds\n",
        "{}",
        check.stderr
    );
}

#[test]
#[ignore = "needs a PostgreSQL server (RINGUP_TEST_POSTGRES)"]
fn postgres_migrate_store_refuses_a_database_that_is_not_empty_and_writes_nothing() {
    let shop = sqlite_shop();
    let file = shop.db_file().display().to_string();
    let url = common::fresh_postgres(&server());
    let first = run_as(
        &shop,
        &file,
        "morgan",
        "246810",
        &["migrate-store", "--to", &url],
    );
    assert_eq!(first.code, 0, "{}", first.stderr);
    let before = Store::open_postgres(&url).unwrap().figures().unwrap();
    let again = run_as(
        &shop,
        &file,
        "morgan",
        "246810",
        &["migrate-store", "--to", &url],
    );
    assert_eq!(again.code, 2, "{}", again.stdout);
    assert!(
        again.stderr.contains("is not empty") && again.stderr.contains("locations"),
        "{}",
        again.stderr
    );
    assert_eq!(
        Store::open_postgres(&url).unwrap().figures().unwrap(),
        before
    );

    // A clerk cannot move the store, and a file is not a server.
    let other = common::fresh_postgres(&server());
    let clerk = run_as(
        &shop,
        &file,
        "casey",
        "1357",
        &["migrate-store", "--to", &other],
    );
    assert_eq!(clerk.code, 2, "{}", clerk.stdout);
    let to_file = run_as(
        &shop,
        &file,
        "morgan",
        "246810",
        &["migrate-store", "--to", "/tmp/other.db"],
    );
    assert_eq!(to_file.code, 2);
    assert!(
        to_file.stderr.contains("--to '/tmp/other.db'"),
        "{}",
        to_file.stderr
    );
}

#[test]
#[ignore = "needs a PostgreSQL server (RINGUP_TEST_POSTGRES)"]
fn postgres_a_database_from_a_newer_ringup_is_refused() {
    let url = common::fresh_postgres(&server());
    let store = Store::open_postgres(&url).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    store
        .conn()
        .execute(
            "INSERT INTO ringup_migrations (version) VALUES (?1)",
            params![SCHEMA_VERSION + 5],
        )
        .unwrap();
    drop(store);
    match Store::open_postgres(&url) {
        Err(e @ StoreError::TooNew { .. }) => {
            assert!(e.to_string().contains("upgrade ringup"), "{e}")
        }
        other => panic!("expected TooNew, got {:?}", other.err()),
    }
}

/// Tables with their columns, and index names, of a store's schema.
fn schema(
    store: &Store,
) -> (
    std::collections::BTreeSet<String>,
    std::collections::BTreeSet<String>,
) {
    let sqlite = store.conn().sqlite_conn().is_some();
    let (columns_sql, indexes_sql) = if sqlite {
        (
            "SELECT m.name || '.' || c.name FROM sqlite_master m, pragma_table_info(m.name) c
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
            "SELECT name FROM sqlite_master
             WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex_%'",
        )
    } else {
        (
            "SELECT table_name || '.' || column_name FROM information_schema.columns
             WHERE table_schema = current_schema()",
            "SELECT indexname FROM pg_indexes
             WHERE schemaname = current_schema()
               AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key'",
        )
    };
    let read = |sql: &str| {
        store
            .conn()
            .query_map(sql, params![], |r| r.get::<String>(0))
            .unwrap()
            .into_iter()
            .collect()
    };
    (read(columns_sql), read(indexes_sql))
}

#[test]
#[ignore = "needs a PostgreSQL server (RINGUP_TEST_POSTGRES)"]
fn postgres_the_two_backends_have_the_same_tables_columns_and_indexes() {
    let sqlite = Store::open_in_memory().unwrap();
    let pg = Store::open_postgres(&common::fresh_postgres(&server())).unwrap();
    let (sqlite_columns, sqlite_indexes) = schema(&sqlite);
    let (pg_columns, pg_indexes) = schema(&pg);
    // Word search is each backend's own: SQLite's FTS5 table (and its shadow tables), a
    // `tsvector` column on PostgreSQL; SQLite keeps its version in `user_version`,
    // PostgreSQL in a table; a user's name is unique whatever its case by the column's
    // `UNIQUE COLLATE NOCASE` on SQLite, by an index on `lower(name)` on PostgreSQL.
    let own = |name: &String| {
        name.starts_with("products_fts")
            || name.starts_with("products.search")
            || name == "products_search"
            || name.starts_with("ringup_migrations")
            || name == "users_name"
    };
    let only = |a: &std::collections::BTreeSet<String>, b: &std::collections::BTreeSet<String>| {
        a.difference(b)
            .filter(|n| !own(n))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(
        (
            only(&sqlite_columns, &pg_columns),
            only(&pg_columns, &sqlite_columns)
        ),
        (vec![], vec![])
    );
    assert_eq!(
        (
            only(&sqlite_indexes, &pg_indexes),
            only(&pg_indexes, &sqlite_indexes)
        ),
        (vec![], vec![])
    );
}
