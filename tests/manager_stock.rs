//! The manager's stock screens driven by keys: a transfer into a location where orders
//! wait offers to fill them, as a receipt does; and the F8 count screen, which shows on
//! hand before the count is set and names the orders whose promises went back.

mod common;

use common::till::{Till, till};

/// Dunmore Plumbing (C1) orders 2 CONC at MAIN, paid when received: none at MAIN, all 30
/// are at YARD, so both are backordered.
fn conc_waiting_at_main() -> Till {
    let mut t = till();
    t.ring_order("Dunmore", "2*CONC", "r");
    assert_eq!(t.order_lines(1), [(2, 0, 0, 2, 0)]);
    t
}

/// F8 t, then the transfer form: SKU, quantity, from, to (MAIN is filled in).
fn transfer(t: &mut Till, sku: &str, qty: &str, from: &str) {
    t.f(8);
    t.typed("t");
    assert_eq!(t.top_title(), "form: Transfer stock");
    t.typed(sku);
    t.enter();
    t.typed(qty);
    t.enter();
    t.typed(from);
    t.enter();
    t.enter();
}

#[test]
fn a_transfer_offers_to_fill_the_waiting_orders_and_fills_them() {
    let mut t = conc_waiting_at_main();
    transfer(&mut t, "CONC", "3", "YARD");
    assert_eq!(t.status(), "Moved 3 of CONC from YARD to MAIN");
    assert_eq!(t.top_title(), "Transferred: fill waiting orders?");
    let body = t.choice_body();
    assert_eq!(
        body[0], "MAIN CONC: on hand 3, committed 0, available 3",
        "{body:?}"
    );
    let waiting = body
        .iter()
        .find(|l| l.trim_start().starts_with("order 1 "))
        .unwrap_or_else(|| panic!("order 1 is not offered: {body:?}"));
    assert!(waiting.contains("Dunmore Plumbing"), "{waiting}");
    assert_eq!(t.order_lines(1), [(2, 0, 0, 2, 0)], "nothing filled yet");

    t.typed("f");
    assert_eq!(t.top_title(), "text: Filled");
    assert_eq!(t.text_lines(), ["Committed 2 of CONC to order 1 line 1"]);
    assert_eq!(t.order_lines(1), [(2, 0, 2, 0, 0)]);
    assert_eq!(t.stock_at("CONC", "MAIN"), (3, 2));
    assert_eq!(t.stock_at("CONC", "YARD"), (27, 0));
    t.assert_invariants();
}

#[test]
fn a_transfer_with_no_order_waiting_just_says_what_is_there() {
    let mut t = till();
    transfer(&mut t, "CONC", "3", "YARD");
    assert_eq!(t.top_title(), "text: Transferred");
    assert_eq!(
        t.text_lines(),
        [
            "MAIN CONC: on hand 3, committed 0, available 3",
            "No order is waiting for this product."
        ]
    );
    t.assert_invariants();
}
