//! A customer told their order is ready, whose units a count then takes back, is called
//! back: the order is marked, the count names whom to call, F7 and `ringup orders` list
//! them, and the call clears the mark.

mod common;

use ringup::store::orders::{OrderFilter, StatusFilter};

fn call_backs(store: &ringup::store::Store) -> Vec<i64> {
    store
        .orders(&OrderFilter {
            status: StatusFilter::CallBack,
            ..OrderFilter::default()
        })
        .unwrap()
        .into_iter()
        .map(|o| o.doc.number)
        .collect()
}

#[test]
fn a_count_that_takes_back_units_a_customer_was_told_about_asks_for_a_call_back() {
    let mut store = common::store();
    // Order 3: 4 SCREW held back for C3 at the sale; order 2 (TAPE) was never told.
    common::ring_three_orders(&mut store);
    let told = store.notify_order(3, "phone", "morgan").unwrap();
    let outcome = store.count("SCREW", 0, "MAIN", "morgan").unwrap();
    let back = &outcome.unpromised;
    assert_eq!(back.len(), 1, "{back:?}");
    assert_eq!((back[0].order, back[0].qty), (3, 4));
    let call = back[0].call_back.as_ref().expect("the customer was told");
    assert_eq!(call.told, told);
    assert!(!call.customer.is_empty());
    assert_eq!(call_backs(&store), [3]);
    let order = store.order(3).unwrap().unwrap();
    assert!(order.call_back.is_some(), "{order:?}");
    // The record of the first call stays, with the audit of the call back asked for.
    let asked: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'call_back' AND other_order = 3",
            ringup::store::db::params![],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(asked, 1);
    // Nothing is ready now, but the call back is a call: recording it clears the mark.
    store.notify_order(3, "phone", "morgan").unwrap();
    assert!(call_backs(&store).is_empty());
    assert!(store.order(3).unwrap().unwrap().call_back.is_none());
}

#[test]
fn a_count_on_an_order_nobody_was_told_about_asks_for_no_call() {
    let mut store = common::store();
    common::ring_three_orders(&mut store);
    let outcome = store.count("SCREW", 0, "MAIN", "morgan").unwrap();
    assert_eq!(outcome.unpromised.len(), 1);
    assert!(outcome.unpromised[0].call_back.is_none());
    assert!(call_backs(&store).is_empty());
    // And with nothing ready and no call back owed, there is nothing to tell.
    assert!(store.notify_order(3, "phone", "morgan").is_err());
}

#[test]
fn the_count_command_names_whom_to_call_and_orders_lists_them() {
    let shop = common::cli::Sandbox::new().with_db("shop.db");
    let mut store = shop.store();
    common::load_catalog(&mut store);
    common::ring_three_orders(&mut store);
    store.notify_order(3, "phone", "morgan").unwrap();
    drop(store);
    let out = shop.ok(&["count", "SCREW", "0", "--user", "morgan"]);
    assert!(out.contains("call back "), "{out}");
    assert!(out.contains("told order 3 is ready by phone"), "{out}");
    let listed = shop.json(&["orders", "--status", "callback", "--format", "json"]);
    let numbers: Vec<i64> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["number"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [3]);
}
