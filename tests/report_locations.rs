//! Stock reports that know every location, through the real binary: stock at the yard is
//! suggested as a transfer before anything is bought, `--location L|all` chooses the stock
//! looked at, and an unknown location is bad input.

mod common;

use std::path::Path;

use common::cli::Sandbox;
use common::{load_catalog, ring_three_orders};
use ringup::store::stock::MovementKind;
use serde_json::Value;

/// The demo catalog in a database of its own (MAIN is the configured location).
fn demo_store() -> Sandbox {
    let shop = Sandbox::new().with_db("store.db");
    shop.ok(&["init"]);
    let products = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/products.csv");
    shop.ok(&["import", "products", products.to_str().unwrap()]);
    shop
}

/// The test catalog with its three orders at MAIN (2 VALVE and 3 TAPE backordered,
/// 4 SCREW held back), and `tape_at_yard` TAPE received at YARD.
fn shop(tape_at_yard: i64) -> Sandbox {
    let shop =
        Sandbox::with_config("[tax.rates]\nstandard = \"0\"\nreduced = \"0\"\nexempt = \"0\"\n")
            .with_db("shop.db");
    let mut store = shop.store();
    load_catalog(&mut store);
    ring_three_orders(&mut store);
    store
        .receive_and_fill(
            "TAPE",
            tape_at_yard,
            "YARD",
            MovementKind::Receipt,
            "t",
            "boss",
            false,
        )
        .unwrap();
    shop
}

fn row<'a>(rows: &'a Value, sku: &str) -> Option<&'a Value> {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r["sku"].as_str() == Some(sku))
}

#[test]
fn the_yard_lumber_is_a_transfer_not_a_purchase() {
    let shop = demo_store();
    let rows = shop.json(&["report", "reorder", "--format", "json"]);
    let lumber = row(&rows, "YRD-LUM-2X4-8").expect("lumber below its minimum at MAIN");
    // None at MAIN, minimum 20, lot 60: 60 needed. The yard keeps its own 20 of 123.
    assert_eq!(lumber["on_hand"], 0);
    assert_eq!(lumber["on_hand_elsewhere"], 123);
    assert_eq!(lumber["elsewhere"], 103);
    assert_eq!(lumber["transfer_from"], "YARD");
    assert_eq!(lumber["transfer"], 60);
    assert_eq!(lumber["purchase"], 0);
    let buy = shop.json(&["report", "purchase", "--format", "json"]);
    assert!(row(&buy, "YRD-LUM-2X4-8").is_none(), "{buy:#}");
    // The whole store has 123, above the minimum: nothing to move or buy.
    let all = shop.json(&["report", "reorder", "--location", "all", "--format", "json"]);
    assert!(row(&all, "YRD-LUM-2X4-8").is_none(), "{all:#}");
}

#[test]
fn purchase_is_net_of_what_the_yard_can_spare() {
    let shop = shop(15);
    // TAPE at MAIN needs max(20, 5) + 3 = 23; the yard keeps its minimum of 5 of its 15.
    let csv = shop.ok(&["report", "purchase", "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "supplier,sku,description,backordered,on_hand,on_hand_elsewhere,available,min_stock,\
         transfer_from,transfer,on_order,qty"
    );
    assert_eq!(
        lines.next().unwrap(),
        "Keystone,TAPE,PTFE tape 1/2in,3,0,15,0,5,YARD,10,0,13"
    );
    let table = shop.ok(&["report", "reorder"]);
    let heading = table.lines().next().unwrap();
    for column in ["On hand elsewhere", "Transfer from", "Transfer", "Purchase"] {
        assert!(heading.contains(column), "{table}");
    }
    let tape = table.lines().find(|l| l.starts_with("TAPE ")).unwrap();
    assert!(tape.contains(" YARD "), "{table}");
    assert!(tape.ends_with("  10        13"), "{table}");
}

#[test]
fn location_all_and_location_yard() {
    let shop = shop(15);
    // The whole store: 15 TAPE against a minimum of 5 cover the 3 backordered, so only
    // VALVE (none anywhere) is to be bought, and nothing is elsewhere.
    let all = shop.json(&["report", "reorder", "--location", "all", "--format", "json"]);
    let skus: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["sku"].as_str().unwrap())
        .collect();
    assert_eq!(skus, ["VALVE"], "{all:#}");
    assert_eq!(all[0]["on_hand_elsewhere"], 0);
    assert_eq!(all[0]["purchase"], 12);
    let backlog = shop.json(&["report", "backlog", "--location", "all", "--format", "json"]);
    let tape = row(&backlog, "TAPE").unwrap();
    assert_eq!(
        (&tape["on_hand"], &tape["available"]),
        (&15.into(), &15.into())
    );
    // At the yard: TAPE is above its minimum there; the orders wait at MAIN, so the yard's
    // backlog is empty; MAIN's 15 TAPE show as elsewhere in MAIN's backlog.
    let yard = shop.json(&[
        "report",
        "reorder",
        "--location",
        "YARD",
        "--format",
        "json",
    ]);
    assert!(row(&yard, "TAPE").is_none(), "{yard:#}");
    let valve = row(&yard, "VALVE").unwrap();
    assert_eq!(
        (&valve["backordered"], &valve["purchase"]),
        (&0.into(), &10.into())
    );
    let yard_backlog = shop.json(&[
        "report",
        "backlog",
        "--location",
        "YARD",
        "--format",
        "json",
    ]);
    assert_eq!(yard_backlog, serde_json::json!([]));
    let main_backlog = shop.json(&["report", "backlog", "--format", "json"]);
    let tape = row(&main_backlog, "TAPE").unwrap();
    assert_eq!(
        (&tape["on_hand"], &tape["on_hand_elsewhere"]),
        (&0.into(), &15.into())
    );
}

#[test]
fn an_unknown_location_is_bad_input() {
    let shop = shop(1);
    let run = shop.run(&["report", "reorder", "--location", "ATTIC"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--location"), "{}", run.stderr);
    assert!(run.stderr.contains("ATTIC"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn reports_of_orders_refuse_a_location_they_would_not_use() {
    let shop = shop(1);
    for name in ["backorders", "deposits", "aging"] {
        let run = shop.run(&["report", name, "--location", "YARD"]);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert_eq!(
            run.stderr,
            format!(
                "ringup: --location 'YARD': the {name} report covers the orders of every \
                 location; leave --location out\n"
            )
        );
        assert!(run.stdout.is_empty(), "{}", run.stdout);
        assert_eq!(
            shop.ok(&["report", name, "--location", "all"]),
            shop.ok(&["report", name])
        );
    }
}
