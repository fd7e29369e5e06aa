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

/// Two orders holding VALVE at MAIN, oldest first: Dunmore Plumbing (order 1, 4 ordered,
/// 2 delivered, 2 committed) and Pat Walker (order 2, 2 committed). On hand 4, all
/// promised.
fn valves_promised_to_two_orders() -> Till {
    let mut t = till();
    t.ring_order("Dunmore", "4*VALVE", "i");
    t.ring_order("Pat", "2*VALVE", "r");
    t.receive("VALVE", "4");
    assert_eq!(t.top_title(), "Received: fill waiting orders?");
    t.typed("f");
    t.esc();
    t.esc();
    assert_eq!(t.order_lines(1), [(4, 2, 2, 0, 0)]);
    assert_eq!(t.order_lines(2), [(2, 0, 2, 0, 0)]);
    assert_eq!(t.stock("VALVE"), (4, 4));
    t
}

/// F8 c, then the count form: SKU, location (MAIN filled in), counted quantity.
fn count(t: &mut Till, sku: &str, counted: &str) {
    t.f(8);
    t.typed("c");
    assert_eq!(t.top_title(), "form: Count stock");
    t.typed(sku);
    t.enter();
    t.enter();
    t.typed(counted);
    t.enter();
}

#[test]
fn a_count_below_the_promises_sends_the_newest_back_and_names_the_order() {
    let mut t = valves_promised_to_two_orders();
    let audited = t.audit().len();
    count(&mut t, "VALVE", "3");
    assert_eq!(t.top_title(), "Count stock", "{}", t.status());
    let body = t.choice_body();
    assert_eq!(
        body[1..],
        [
            "On hand now 4, committed to orders 4",
            "Counted 3: on hand becomes 3 (-1)",
            "1 promised unit(s) go back to backordered, newest orders first",
        ],
        "{body:?}"
    );
    // Nothing is written before the manager says so; Enter alone does not say so.
    t.enter();
    assert_eq!(t.top_title(), "Count stock");
    assert_eq!(t.stock("VALVE"), (4, 4));
    assert_eq!(t.audit().len(), audited);

    t.typed("s");
    assert_eq!(t.top_title(), "text: Counted");
    assert_eq!(
        t.text_lines(),
        [
            "Counted 3 of VALVE at MAIN (was 4): on hand 3, committed 3",
            "Order 2 line 1: 1 of VALVE back to backordered",
        ]
    );
    assert_eq!(
        t.status(),
        "Counted 3 of VALVE: back to backordered on order 2"
    );
    assert_eq!(t.stock("VALVE"), (3, 3));
    assert_eq!(
        t.order_lines(1),
        [(4, 2, 2, 0, 0)],
        "the oldest keeps its promise"
    );
    assert_eq!(t.order_lines(2), [(2, 0, 1, 1, 0)]);
    let rows = t.audit();
    let new: Vec<(&str, &str, Option<i64>)> = rows[audited..]
        .iter()
        .map(|r| (r.user.as_str(), r.action.as_str(), r.qty))
        .collect();
    assert_eq!(
        new,
        [
            ("morgan", "count", Some(-1)),
            ("morgan", "unpromise", Some(1))
        ]
    );
    t.assert_invariants();
}

#[test]
fn a_count_is_refused_with_the_field_and_value_and_esc_writes_nothing() {
    let mut t = valves_promised_to_two_orders();
    let audited = t.audit().len();
    // A minus sign is refused as it is typed; a count beyond any count, at Enter.
    count(&mut t, "VALVE", "-99999999999");
    assert_eq!(t.top_title(), "form: Count stock");
    assert!(t.status_is_error(), "{}", t.status());
    assert!(t.status().contains("Counted quantity"), "{}", t.status());
    assert!(t.status().contains("99999999999"), "{}", t.status());
    t.esc();
    t.esc();

    count(&mut t, "NOSUCH", "3");
    assert_eq!(t.top_title(), "form: Count stock");
    assert!(t.status().contains("NOSUCH"), "{}", t.status());
    t.esc();
    t.esc();

    // A count above on hand sends nothing back; Esc on the check leaves it unwritten.
    count(&mut t, "VALVE", "6");
    assert_eq!(t.choice_body()[2], "Counted 6: on hand becomes 6 (+2)");
    t.esc();
    assert_eq!(t.stock("VALVE"), (4, 4));
    assert_eq!(t.audit().len(), audited);
    t.assert_invariants();
}
