//! The manager's reports on a small store with known figures.

mod common;

use common::{CASH, config, in_days, money, ring_three_orders};
use ringup::store::Store;
use ringup::store::reports::{
    BacklogRow, BackorderRow, DepositRow, PurchaseRow, ReorderRow, Scope, suggested_qty,
};

fn at_main() -> Scope {
    Scope::At("MAIN".into())
}

/// Order 1: C1 prepaid 4 VALVE (2 delivered, 2 backordered, deposit 16.66).
/// Order 2: C2 3 TAPE backordered, due in 30 days.
/// Order 3: C3 10 SCREW, 4 held back (committed).
fn known_store() -> Store {
    let mut store = common::store();
    ring_three_orders(&mut store);
    store
}

#[test]
fn backorder_report_lists_backordered_lines_by_due_date() {
    let store = known_store();
    let rows = store.backorder_report().unwrap();
    let today = rows[0].date.clone();
    assert_eq!(today.len(), 10);
    assert_eq!(
        rows,
        [
            BackorderRow {
                order: 2,
                customer: "Pat Walker".into(),
                date: today.clone(),
                due: Some(in_days(30)),
                sku: "TAPE".into(),
                description: "PTFE tape 1/2in".into(),
                ordered: 3,
                shipped: 0,
                backordered: 3,
                value: money("3.00"),
                days_waiting: 0,
                eta: None,
                po: None,
            },
            BackorderRow {
                order: 1,
                customer: "Dunmore Plumbing".into(),
                date: today,
                due: None,
                sku: "VALVE".into(),
                description: "Ball valve 3/4in brass".into(),
                ordered: 4,
                shipped: 2,
                backordered: 2,
                // T(4) = 35.00 less the 18.34 the first two delivered carried (split).
                value: money("16.66"),
                days_waiting: 0,
                eta: None,
                po: None,
            },
        ]
    );
}

#[test]
fn backlog_report_shows_demand_against_stock() {
    let store = known_store();
    assert_eq!(
        store.backlog_report(&at_main()).unwrap(),
        [
            BacklogRow {
                sku: "TAPE".into(),
                description: "PTFE tape 1/2in".into(),
                on_hand: 0,
                on_hand_elsewhere: 0,
                committed: 0,
                available: 0,
                backordered: 3,
                orders_waiting: 1,
            },
            BacklogRow {
                sku: "VALVE".into(),
                description: "Ball valve 3/4in brass".into(),
                on_hand: 0,
                on_hand_elsewhere: 0,
                committed: 0,
                available: 0,
                backordered: 2,
                orders_waiting: 1,
            },
        ]
    );
}

#[test]
fn reorder_report_adds_backordered_demand() {
    let mut store = known_store();
    // TAPE: min 5, lot 20, 3 backordered: max(20, 5) + 3. VALVE: min 4, lot 10: 10 + 2.
    // SCREW has 90 available, above its minimum of 20.
    assert_eq!(
        store.reorder_report(&at_main()).unwrap(),
        [
            ReorderRow {
                sku: "TAPE".into(),
                description: "PTFE tape 1/2in".into(),
                on_hand: 0,
                on_hand_elsewhere: 0,
                available: 0,
                elsewhere: 0,
                min_stock: 5,
                reorder_qty: 20,
                backordered: 3,
                transfer_from: String::new(),
                transfer: 0,
                purchase: 23,
            },
            ReorderRow {
                sku: "VALVE".into(),
                description: "Ball valve 3/4in brass".into(),
                on_hand: 0,
                on_hand_elsewhere: 0,
                available: 0,
                elsewhere: 0,
                min_stock: 4,
                reorder_qty: 10,
                backordered: 2,
                transfer_from: String::new(),
                transfer: 0,
                purchase: 12,
            },
        ]
    );
    // 9 VALVE arrive: the 5 above the minimum of 4 cover the 2 backordered; nothing to buy.
    store
        .receive_and_fill(
            "VALVE",
            9,
            "MAIN",
            ringup::store::stock::MovementKind::Receipt,
            "t",
            "boss",
            false,
        )
        .unwrap();
    let rows = store.reorder_report(&at_main()).unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].sku, "TAPE");
}

#[test]
fn suggested_quantity_rule() {
    // Below minimum: a lot, or more when the gap is bigger; plus the backorders.
    assert_eq!(suggested_qty(0, 4, 10, 2), 12);
    assert_eq!(suggested_qty(1, 30, 10, 0), 29);
    // At or above minimum: only backorders the spare stock cannot fill.
    assert_eq!(suggested_qty(6, 4, 10, 5), 3);
    assert_eq!(suggested_qty(9, 4, 10, 5), 0);
    assert_eq!(suggested_qty(4, 4, 10, 0), 0);
}

#[test]
fn deposits_report_lists_what_each_order_holds() {
    let mut store = known_store();
    assert_eq!(
        store.deposits_report().unwrap(),
        [DepositRow {
            order: 1,
            customer: "Dunmore Plumbing".into(),
            invoice: 1,
            deposit: money("16.66"),
        }]
    );
    let c = config();
    store
        .cancel_backorder(1, 1, None, CASH, "boss", &c.order_rules(), &[])
        .unwrap();
    assert!(store.deposits_report().unwrap().is_empty());
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn purchase_report_groups_by_supplier() {
    let store = known_store();
    let rows = store.purchase_report(&at_main()).unwrap();
    let view: Vec<(&str, &str, i64)> = rows
        .iter()
        .map(|r| (r.supplier.as_str(), r.sku.as_str(), r.qty))
        .collect();
    assert_eq!(view, [("Keystone", "TAPE", 23), ("Keystone", "VALVE", 12)]);
    assert_eq!(
        rows[1],
        PurchaseRow {
            supplier: "Keystone".into(),
            sku: "VALVE".into(),
            description: "Ball valve 3/4in brass".into(),
            backordered: 2,
            on_hand: 0,
            on_hand_elsewhere: 0,
            available: 0,
            min_stock: 4,
            transfer_from: String::new(),
            transfer: 0,
            on_order: 0,
            qty: 12,
            needed: 12,
        }
    );
}

#[test]
fn reports_are_empty_on_an_empty_store() {
    let store = common::empty_store();
    assert!(store.backorder_report().unwrap().is_empty());
    assert!(store.backlog_report(&at_main()).unwrap().is_empty());
    assert!(store.reorder_report(&at_main()).unwrap().is_empty());
    assert!(store.deposits_report().unwrap().is_empty());
    assert!(store.purchase_report(&at_main()).unwrap().is_empty());
}

/// A supplier receipt of TAPE at the yard, filling nothing.
fn receive_at_yard(store: &mut Store, qty: i64) {
    store
        .receive_and_fill(
            "TAPE",
            qty,
            "YARD",
            ringup::store::stock::MovementKind::Receipt,
            "t",
            "boss",
            false,
        )
        .unwrap();
}

#[test]
fn stock_at_another_location_is_suggested_as_a_transfer_before_a_purchase() {
    let mut store = known_store();
    store.ensure_location("YARD").unwrap();
    // 15 TAPE at the yard, which keeps its own minimum of 5: TAPE at MAIN needs 23, so
    // 10 move and 13 are bought.
    receive_at_yard(&mut store, 15);
    let tape = store
        .reorder_report(&at_main())
        .unwrap()
        .into_iter()
        .find(|r| r.sku == "TAPE")
        .unwrap();
    assert_eq!(
        (
            tape.on_hand_elsewhere,
            tape.elsewhere,
            tape.transfer,
            tape.purchase
        ),
        (15, 10, 10, 13)
    );
    assert_eq!(tape.transfer_from, "YARD");
    let buy: Vec<(String, i64)> = store
        .purchase_report(&at_main())
        .unwrap()
        .into_iter()
        .map(|r| (r.sku, r.qty))
        .collect();
    assert_eq!(buy, [("TAPE".to_string(), 13), ("VALVE".to_string(), 12)]);
    // 30 at the yard (25 to spare) cover it all: nothing to buy, so no purchase line.
    receive_at_yard(&mut store, 15);
    let buy: Vec<String> = store
        .purchase_report(&at_main())
        .unwrap()
        .into_iter()
        .map(|r| r.sku)
        .collect();
    assert_eq!(buy, ["VALVE"]);
}

#[test]
fn the_whole_store_counts_each_products_stock_once_at_every_location() {
    let mut store = known_store();
    let figures = |store: &Store, scope: &Scope| -> Vec<(String, i64, i64, i64, i64)> {
        store
            .reorder_report(scope)
            .unwrap()
            .into_iter()
            .map(|r| {
                (
                    r.sku,
                    r.on_hand,
                    r.available,
                    r.on_hand_elsewhere,
                    r.purchase,
                )
            })
            .collect()
    };
    let all = |store: &Store| figures(store, &Scope::All);
    // One location: the whole store is MAIN.
    let main = figures(&store, &at_main());
    assert_eq!(all(&store), main);
    // A new yard holds nothing, so everything with a minimum is short there too. TAPE
    // and VALVE are listed once each; SCREW's 90 at MAIN keep the store above its
    // minimum of 20, so it is not listed though it is short at the yard.
    store.ensure_location("YARD").unwrap();
    assert_eq!(all(&store), main);
    // 6 TAPE at the yard count towards the store's stock: 6 on hand, one above the
    // minimum of 5, which covers one of the 3 backordered; the other 2 are bought.
    receive_at_yard(&mut store, 6);
    let tape = all(&store).into_iter().find(|r| r.0 == "TAPE");
    assert_eq!(tape, Some(("TAPE".into(), 6, 6, 0, 2)));
    assert_eq!(suggested_qty(6, 5, 20, 3), 2);
}

#[test]
fn units_held_for_orders_are_not_available_to_the_reorder() {
    let store = known_store();
    // SCREW: 94 on hand, 4 of them held for order 3. A minimum of 100 makes it short.
    store
        .conn()
        .execute_batch("UPDATE products SET min_stock = 100 WHERE sku = 'SCREW'")
        .unwrap();
    let screw = |store: &Store, scope: &Scope| {
        let row = store
            .reorder_report(scope)
            .unwrap()
            .into_iter()
            .find(|r| r.sku == "SCREW")
            .unwrap();
        (row.on_hand, row.available, row.purchase)
    };
    let expected = (94, 90, suggested_qty(90, 100, 50, 0));
    assert_eq!(screw(&store, &at_main()), expected);
    assert_eq!(screw(&store, &Scope::All), expected);
    // With a second location the stock is read row by row: the same figures.
    store.ensure_location("YARD").unwrap();
    assert_eq!(screw(&store, &at_main()), expected);
    assert_eq!(screw(&store, &Scope::All), expected);
    let buy = store
        .purchase_report(&Scope::All)
        .unwrap()
        .into_iter()
        .find(|r| r.sku == "SCREW")
        .unwrap();
    assert_eq!((buy.on_hand, buy.available, buy.qty), expected);
}

#[test]
fn a_backordered_product_without_a_minimum_is_listed_for_its_backorders() {
    let store = known_store();
    // VALVE without a minimum is never short, but its 2 backordered units are bought.
    store
        .conn()
        .execute_batch("UPDATE products SET min_stock = 0 WHERE sku = 'VALVE'")
        .unwrap();
    let valve = store
        .reorder_report(&at_main())
        .unwrap()
        .into_iter()
        .find(|r| r.sku == "VALVE");
    assert_eq!(
        valve,
        Some(ReorderRow {
            sku: "VALVE".into(),
            description: "Ball valve 3/4in brass".into(),
            on_hand: 0,
            on_hand_elsewhere: 0,
            available: 0,
            elsewhere: 0,
            min_stock: 0,
            reorder_qty: 10,
            backordered: 2,
            transfer_from: String::new(),
            transfer: 0,
            purchase: 2,
        })
    );
    let buy = store
        .purchase_report(&at_main())
        .unwrap()
        .into_iter()
        .find(|r| r.sku == "VALVE")
        .map(|r| (r.supplier, r.description, r.qty));
    assert_eq!(
        buy,
        Some(("Keystone".into(), "Ball valve 3/4in brass".into(), 2))
    );
}
