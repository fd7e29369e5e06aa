//! `ringup bench` prints every figure of its run (the figures themselves are the machine's,
//! so only their presence and sense are tested), and never writes to the store it measures.

mod common;

use common::cli::Sandbox;
use common::{load_catalog, ring_three_orders};
use serde_json::Value;

fn number(doc: &Value, path: &[&str]) -> f64 {
    let mut v = doc;
    for key in path {
        v = &v[*key];
    }
    v.as_f64()
        .unwrap_or_else(|| panic!("{path:?} is not a number in {doc:#}"))
}

#[test]
fn a_generated_store_is_measured_and_every_figure_is_printed() {
    let shop = Sandbox::new();
    let doc = shop.json(&[
        "bench",
        "--products",
        "3000",
        "--orders",
        "20",
        "--format",
        "json",
    ]);
    assert_eq!(doc["products"], 3000);
    assert_eq!(doc["orders_open"], 20);
    assert_eq!(doc["synchronous"], "full");
    for measure in [
        "sku_lookup",
        "barcode_lookup",
        "word_search",
        "f7_open",
        "f7_filter",
        "orders",
        "report_backorders",
        "report_backlog",
        "report_reorder",
        "report_deposits",
        "report_purchase",
        "frame",
        "startup",
    ] {
        let p50 = number(&doc, &[measure, "p50_ms"]);
        let p99 = number(&doc, &[measure, "p99_ms"]);
        assert!(p50 > 0.0 && p99 >= p50, "{measure}: {p50} {p99}");
    }
    let commit = number(&doc, &["commit", "p50_ms"]);
    let floor = number(&doc, &["commit", "floor_p50_ms"]);
    let ratio = number(&doc, &["commit", "ratio"]);
    assert!(commit > 0.0 && floor > 0.0);
    assert!(
        (ratio - commit / floor).abs() < 0.01,
        "{ratio} {commit} {floor}"
    );
    // The round-trip budget: a key that changes no data reads nothing; ringing an item is
    // two statements, a commit eight whatever its size, F7's refresh two. (Counts are exact.)
    assert_eq!(doc["round_trips"]["key"], 0);
    assert_eq!(doc["round_trips"]["ring"], 2);
    assert_eq!(doc["round_trips"]["commit_3"], 8);
    assert_eq!(doc["round_trips"]["commit_20"], 8);
    assert_eq!(doc["round_trips"]["f7_refresh"], 2);
    assert!(number(&doc, &["import", "rows_per_s"]) > 0.0);
    assert!(number(&doc, &["import", "longest_lock_ms"]) > 0.0);
    assert!(number(&doc, &["rss_mb"]) > 0.0);
    // The table says the same run in words.
    let text = shop.ok(&["bench", "--products", "2000", "--orders", "5"]);
    assert!(
        text.starts_with("2000 products, 5 open orders, synchronous = full\n"),
        "{text}"
    );
    assert!(
        text.contains("commit: ") && text.contains("ratio"),
        "{text}"
    );
    assert!(
        text.contains("round trips: ring 2, key 0, commit_3 "),
        "{text}"
    );
}

#[test]
fn a_store_named_with_db_is_measured_on_a_copy() {
    let shop = Sandbox::new().with_db_file("shop.db");
    shop.ok(&["init"]);
    shop.ok(&[
        "demo-data",
        "--products",
        "500",
        "--customers",
        "5",
        "--orders",
        "4",
    ]);
    let before = std::fs::read(shop.db_file()).unwrap();
    let doc = shop.json(&["bench", "--format", "json"]);
    assert_eq!(doc["products"], 500, "the shop's own catalog");
    assert_eq!(doc["orders_open"], 4);
    assert_eq!(
        std::fs::read(shop.db_file()).unwrap(),
        before,
        "the store is untouched"
    );
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
}

#[test]
fn a_store_too_small_to_ring_a_sale_is_told_so() {
    let shop = Sandbox::new().with_db("shop.db");
    {
        let mut store = shop.store();
        load_catalog(&mut store);
        ring_three_orders(&mut store);
    }
    let run = shop.run(&["bench"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the bench needs at least 3 products in stock at MAIN"),
        "{}",
        run.stderr
    );
}
