//! Committing sales through the store: the seed example, invariants after each.

mod common;

use common::{config, money, ring, store};
use ringup::domain::sale::Payment;
use ringup::store::Store;
use ringup::store::sales::Committed;

/// A fresh store with one line (SKU, quantity, held back) rung for C1.
fn sold_to_c1(line: (&str, u32, u32), payment: Payment) -> (Store, Committed) {
    let mut store = store();
    let done = ring(&mut store, &config(), Some("C1"), &[line], payment);
    (store, done)
}

#[test]
fn seed_example_prepaid_order() {
    let (store, done) = sold_to_c1(("VALVE", 4, 0), Payment::WhenInvoiced);
    let invoice = store.invoice(done.invoice).unwrap().unwrap();
    assert_eq!(invoice.lines[0].qty, 2);
    assert_eq!(invoice.lines[0].backordered, 2);
    assert_eq!(invoice.lines[0].amount, money("18.34"));
    assert_eq!(invoice.deposit, money("16.66"));
    assert_eq!(invoice.total, money("35.00"));
    let order = store.order(done.order.unwrap()).unwrap().unwrap();
    assert_eq!(
        order.note,
        format!("Prepaid Order From Invoice Number {}", done.invoice)
    );
    assert_eq!(order.lines[0].backordered, 2);
    assert_eq!(order.lines[0].delivered, 2);
    assert_eq!(order.deposit, money("16.66"));
    assert!(
        store.check().unwrap().is_empty(),
        "{:?}",
        store.check().unwrap()
    );
}

#[test]
fn seed_example_pay_when_received() {
    let (store, done) = sold_to_c1(("VALVE", 4, 0), Payment::WhenReceived);
    let invoice = store.invoice(done.invoice).unwrap().unwrap();
    assert_eq!(invoice.total, money("18.34"));
    assert_eq!(invoice.deposit, money("0"));
    let order = store.order(done.order.unwrap()).unwrap().unwrap();
    assert_eq!(order.note, "");
    assert_eq!(order.lines[0].charged, money("18.34"));
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn held_back_units_are_committed_to_the_order() {
    let (store, done) = sold_to_c1(("SCREW", 10, 4), Payment::WhenReceived);
    let order = store.order(done.order.unwrap()).unwrap().unwrap();
    assert_eq!((order.lines[0].delivered, order.lines[0].committed), (6, 4));
    let screw = store.require_product("SCREW").unwrap();
    let level = store.stock_level(screw.id, "MAIN").unwrap();
    assert_eq!((level.on_hand, level.committed), (94, 4));
    assert_eq!(
        store.invoice(done.invoice).unwrap().unwrap().total,
        money("30.00")
    );
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn cash_sale_needs_no_order_and_invoice_numbers_follow_on() {
    let mut store = store();
    let config = config();
    let mut cash_sale = |qty| {
        ring(
            &mut store,
            &config,
            None,
            &[("SCREW", qty, 0)],
            Payment::WhenReceived,
        )
    };
    let a = cash_sale(2);
    let b = cash_sale(1);
    assert_eq!((a.invoice, b.invoice), (1, 2));
    assert_eq!(a.order, None);
    assert!(store.check().unwrap().is_empty());
}
