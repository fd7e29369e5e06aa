//! Many counters at once on one store (a file, or the PostgreSQL test server in the
//! `postgres` profile): 8 processes ring 100 sales each on three hot
//! products while receipts come in. Every sale either commits or is refused with a clear
//! message (a busy database is waited for, never an error), nothing is oversold, and
//! `check` is clean. And two counters racing for the last unit: exactly one wins.
#![cfg(unix)]

mod common;

use ringup::store::params;
use std::process::{Command, Output, Stdio};
use std::thread;

use common::cli::Sandbox;
use common::load_catalog;

const HOT: [&str; 3] = ["VALVE", "SCREW", "TAPE"];

fn shop() -> Sandbox {
    let shop = Sandbox::with_config(
        "[tax.rates]\nstandard = \"0\"\nreduced = \"0\"\nexempt = \"0\"\n\n\
         [backorders]\nauto_commit_on_receipt = false\n",
    )
    .with_db("shop.db");
    load_catalog(&mut shop.store());
    shop
}

fn ringup(shop: &Sandbox, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ringup"))
        .args(args)
        .arg("--db")
        .arg(shop.db().to_string_with_password())
        .env("RINGUP_DATA_DIR", shop.data())
        .env("RINGUP_CONFIG", shop.config())
        .env_remove("RINGUP_PIN")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn on_hand(shop: &Sandbox, sku: &str) -> i64 {
    shop.store()
        .conn()
        .query_row(
            "SELECT coalesce(sum(s.on_hand), 0) FROM stock s JOIN products p
             ON p.id = s.product_id WHERE p.sku = ?1 AND s.location = 'MAIN'",
            params![sku],
            |r| r.get(0),
        )
        .unwrap()
}

fn sold(shop: &Sandbox, sku: &str) -> i64 {
    shop.store()
        .conn()
        .query_row(
            "SELECT coalesce(sum(il.qty), 0) FROM invoice_lines il JOIN products p
             ON p.id = il.product_id WHERE p.sku = ?1",
            params![sku],
            |r| r.get(0),
        )
        .unwrap()
}

/// A refusal a clerk can act on: the stock is not there (any more).
fn is_clear_refusal(stderr: &str) -> bool {
    stderr.contains("cannot be delivered now") || stderr.contains("available now")
}

#[test]
fn eight_counters_ring_a_hundred_sales_each_on_three_hot_products() {
    let shop = shop();
    // 20 of each hot product to start with; receipts bring 10 more of each, 6 times.
    for sku in HOT {
        let have = on_hand(&shop, sku);
        let out = ringup(&shop, &["count", sku, "20"]);
        assert!(out.status.success(), "{have}: {out:?}");
    }
    let (committed, refused) = thread::scope(|scope| {
        let receipts = scope.spawn(|| {
            for round in 0..6 {
                thread::sleep(std::time::Duration::from_millis(150));
                for sku in HOT {
                    let out = ringup(&shop, &["receive", sku, "10", "--reference", "PO"]);
                    assert!(
                        out.status.success(),
                        "receipt {round} of {sku}: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            }
        });
        let counters: Vec<_> = (0..8)
            .map(|counter| {
                let shop = &shop;
                scope.spawn(move || {
                    let (mut committed, mut refused) = (0, 0);
                    for n in 0..100 {
                        let item = format!("{}:{}", HOT[(counter + n) % 3], 1 + n % 2);
                        let out = ringup(shop, &["sale", "--item", &item, "--tender", "card"]);
                        let stderr = String::from_utf8_lossy(&out.stderr);
                        match out.status.code() {
                            Some(0) => committed += 1,
                            Some(2) if is_clear_refusal(&stderr) => refused += 1,
                            other => {
                                panic!("counter {counter} sale {n} ({item}): {other:?} {stderr}")
                            }
                        }
                    }
                    (committed, refused)
                })
            })
            .collect();
        receipts.join().unwrap();
        counters
            .into_iter()
            .map(|c| c.join().unwrap())
            .fold((0, 0), |(a, b), (c, r)| (a + c, b + r))
    });
    assert_eq!(committed + refused, 800);
    assert!(
        committed > 0 && refused > 0,
        "{committed} sold, {refused} refused"
    );
    for sku in HOT {
        // 20 counted + 60 received: never more sold, never below zero.
        assert_eq!(on_hand(&shop, sku) + sold(&shop, sku), 80, "{sku}");
        assert!(on_hand(&shop, sku) >= 0, "{sku} oversold");
    }
    eprintln!("{committed} sales committed, {refused} refused for want of stock");
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
}

#[test]
fn two_counters_racing_for_the_last_unit_exactly_one_wins() {
    let shop = shop();
    for round in 0..10 {
        let out = ringup(&shop, &["count", "VALVE", "1"]);
        assert!(out.status.success(), "{out:?}");
        let outcomes: Vec<Output> = thread::scope(|scope| {
            let racers: Vec<_> = (0..2)
                .map(|_| {
                    scope.spawn(|| {
                        ringup(&shop, &["sale", "--item", "VALVE", "--tender", "cash:10"])
                    })
                })
                .collect();
            racers.into_iter().map(|r| r.join().unwrap()).collect()
        });
        let winners = outcomes.iter().filter(|o| o.status.success()).count();
        assert_eq!(winners, 1, "round {round}: {outcomes:?}");
        let loser = outcomes.iter().find(|o| !o.status.success()).unwrap();
        assert_eq!(loser.status.code(), Some(2), "{loser:?}");
        assert!(
            is_clear_refusal(&String::from_utf8_lossy(&loser.stderr)),
            "{loser:?}"
        );
        assert_eq!(on_hand(&shop, "VALVE"), 0);
    }
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
}
