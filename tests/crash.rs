//! Killed at any instant, the store keeps every promise: sales, receipts, releases, final
//! invoices and imports run as real `ringup` processes against one store (a file, or the
//! PostgreSQL test server in the `postgres` profile) and are killed with SIGKILL at random
//! moments; after each kill `ringup check` (SQLite's integrity check first, then every
//! invariant) must pass. 30 kills in the normal run;
//! `RINGUP_CRASH_KILLS=1000` for a long one, `RINGUP_CRASH_SEED=N` to replay a run.
#![cfg(unix)]

mod common;

use ringup::store::params;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::cli::Sandbox;
use common::load_catalog;

/// A small random number generator (xorshift): enough to pick moments and operations,
/// and replayable from its seed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Products to import again and again, their stock changing each time (every row writes).
fn products_file(shop: &Sandbox, round: u64) -> std::path::PathBuf {
    let mut csv = String::from(
        "sku,barcode,description,price,breaks,on_hand,location,min_stock,reorder_qty,supplier,tax_class\n",
    );
    for n in 0..3_000 {
        csv += &format!(
            "BULK-{n},,Bulk part {n},2.50,,{},YARD,0,0,Keystone,standard\n",
            (n + round) % 50
        );
    }
    let path = shop.data().join(format!("bulk-{}.csv", round % 2));
    std::fs::write(&path, csv).unwrap();
    path
}

fn spawn(shop: &Sandbox, args: &[String]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_ringup"))
        .args(args)
        .arg("--db")
        .arg(shop.db().to_string_with_password())
        .env("RINGUP_DATA_DIR", shop.data())
        .env("RINGUP_CONFIG", shop.config())
        .env_remove("RINGUP_PIN")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn args(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}

#[test]
fn killed_at_random_instants_the_store_always_checks_clean() {
    let kills = env_number("RINGUP_CRASH_KILLS", 30);
    let seed = env_number("RINGUP_CRASH_SEED", {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap();
        now.as_nanos() as u64 | 1
    });
    eprintln!("RINGUP_CRASH_SEED={seed}");
    let mut rng = Rng(seed);
    let shop = Sandbox::with_config(
        "[tax.rates]\nstandard = \"0\"\nreduced = \"0\"\nexempt = \"0\"\n\n\
         [backorders]\nauto_commit_on_receipt = true\n",
    )
    .with_db("shop.db");
    load_catalog(&mut shop.store());
    let mut finished = 0;
    for kill in 0..kills {
        let round = kill;
        let order = (1 + rng.below(4)).to_string();
        let (what, words, longest_ms) = match rng.below(5) {
            0 => (
                "sale",
                args(&[
                    "sale",
                    "--customer",
                    "C1",
                    "--item",
                    "VALVE:3",
                    "--item",
                    "SCREW:2",
                    "--on-backorder",
                    "order",
                    "--payment",
                    if round % 2 == 0 {
                        "when_invoiced"
                    } else {
                        "when_received"
                    },
                    "--tender",
                    "card",
                ]),
                50,
            ),
            1 => ("receive", args(&["receive", "VALVE", "2"]), 40),
            2 => ("release", args(&["order", "release", &order]), 30),
            3 => (
                "convert",
                args(&["order", "convert", &order, "--cash", "1000.00"]),
                40,
            ),
            _ => {
                let file = products_file(&shop, round);
                let file = file.to_str().unwrap().to_string();
                ("import", args(&["import", "products", &file]), 400)
            }
        };
        let mut child = spawn(&shop, &words);
        std::thread::sleep(Duration::from_millis(rng.below(longest_ms)));
        let ended_first = child.try_wait().unwrap().is_some();
        let _ = child.kill();
        child.wait().unwrap();
        if ended_first {
            finished += 1;
        }
        let check = shop.run(&["check"]);
        assert_eq!(
            check.code, 0,
            "after killing `{what}` (kill {kill}, RINGUP_CRASH_SEED={seed}): {}{}",
            check.stdout, check.stderr
        );
    }
    // The kills landed mostly mid-work, not after the work was done.
    assert!(
        finished < kills,
        "every process had finished before its kill: the moments are too late"
    );
    // The store still works after all that.
    let sale = shop.run(&["sale", "--item", "SCREW", "--tender", "cash:5"]);
    assert!(
        sale.code == 0 || sale.stderr.contains("cannot be delivered now"),
        "{}",
        sale.stderr
    );
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
    let store = shop.store();
    let count = |sql: &str| -> i64 {
        store
            .conn()
            .query_row(sql, params![], |r| r.get(0))
            .unwrap()
    };
    eprintln!(
        "{kills} kills, {finished} after the work was done: {} invoices ({} final), {} orders, {} movements, {} bulk products",
        count("SELECT count(*) FROM invoices"),
        count("SELECT count(*) FROM invoices WHERE kind = 'final'"),
        count("SELECT count(*) FROM orders"),
        count("SELECT count(*) FROM stock_movements"),
        count("SELECT count(*) FROM products WHERE sku LIKE 'BULK-%'"),
    );
}
