//! The manager's side through the app (SPEC sections 5 and 6): orders in process (F7), an
//! order's actions (release, convert, cancel backorder, due date, void) and the F8 menu
//! (receive, transfer, reports), driven by keys as the terminal sends them. Each flow starts
//! from an order rung at the counter and ends with the invariants of SPEC section 8.

mod common;

use common::till::{Till, till, till_as, till_over};
use common::{in_days, money};
use ratatui::crossterm::event::KeyCode;
use ringup::app::Screen;
use ringup::app::orders::Orders;
use ringup::app::reports::ReportView;
use ringup::store::orders::{Fillable, OrderSort, StatusFilter};

// ---- receive, fill, convert ---------------------------------------------------------

/// Dunmore Plumbing (C1) orders 4 VALVE with 2 on hand, paid when invoiced: 18.34 for the
/// two delivered and a 16.66 deposit for the two backordered (no tax in these tests).
fn prepaid_valve_order(t: &mut Till) {
    t.ring_order("Dunmore", "4*VALVE", "i");
    let invoice = t.store().invoice(1).unwrap().unwrap();
    assert_eq!(invoice.deposit, money("16.66"));
    assert_eq!(invoice.total, money("35.00"));
    assert_eq!(t.order_lines(1), [(4, 2, 0, 2, 0)]);
}

#[test]
fn prepaid_backorder_received_filled_and_converted() {
    let mut t = till();
    prepaid_valve_order(&mut t);

    // F7: the order is listed; Tab to `back` still lists it (2 backordered, no stock).
    t.f(7);
    assert_eq!(t.top_title(), "orders");
    assert_eq!(t.list_status(), StatusFilter::All);
    assert_eq!(t.listed(), [1]);
    t.tab();
    assert_eq!(t.list_status(), StatusFilter::Back);
    assert_eq!(t.status(), "Showing back orders");
    assert_eq!(t.listed(), [1]);
    t.tab();
    assert_eq!(t.list_status(), StatusFilter::Ready);
    assert!(t.listed().is_empty(), "nothing to hand over yet");
    t.esc();
    t.assert_on_sale_screen();

    // F8 r: receive 2 VALVE; the waiting order is offered, then filled.
    t.receive("VALVE", "2");
    assert_eq!(
        t.top_title(),
        "Received: fill waiting orders?",
        "{}",
        t.status()
    );
    let body = t.choice_body();
    assert_eq!(
        body[0], "MAIN VALVE: on hand 2, committed 0, available 2",
        "{body:?}"
    );
    let waiting = body
        .iter()
        .find(|l| l.trim_start().starts_with("order 1 "))
        .unwrap_or_else(|| panic!("order 1 is not offered: {body:?}"));
    assert!(waiting.contains("Dunmore Plumbing"), "{waiting}");
    let figures: Vec<&str> = waiting.split_whitespace().collect();
    assert!(
        figures.ends_with(&["2", "2"]),
        "backordered 2, could take 2: {waiting}"
    );
    assert_eq!(t.stock("VALVE"), (2, 0), "received, not committed yet");
    t.typed("f");
    assert_eq!(t.top_title(), "text: Filled");
    assert_eq!(t.text_lines(), ["Committed 2 of VALVE to order 1 line 1"]);
    assert_eq!(t.order_lines(1), [(4, 2, 2, 0, 0)]);
    assert_eq!(t.stock("VALVE"), (2, 2));
    t.esc();
    assert_eq!(t.top_title(), "manager menu");
    t.esc();
    t.assert_on_sale_screen();

    // F7 again: no longer backordered, ready to hand over.
    t.f(7);
    assert_eq!(t.listed(), [1]);
    t.tab();
    assert!(t.listed().is_empty(), "nothing backordered any more");
    t.tab();
    assert_eq!(t.list_status(), StatusFilter::Ready);
    assert_eq!(t.listed(), [1]);
    t.enter();
    assert_eq!(t.top_title(), "order 1");

    // i: the deposit covers it all, so no tender: the final invoice is written at once.
    t.typed("i");
    assert_eq!(t.top_title(), "order 1", "nothing due: no tender");
    assert!(
        t.status().starts_with("Final invoice 2 for order 1"),
        "{}",
        t.status()
    );
    assert_eq!(t.order_status(1), "closed");
    assert_eq!(t.order_lines(1), [(4, 4, 0, 0, 0)]);
    let last = t.store().invoice(2).unwrap().unwrap();
    assert_eq!(last.order_number, Some(1));
    assert_eq!(last.customer.as_deref(), Some("C1"));
    assert_eq!((last.lines[0].qty, last.lines[0].backordered), (2, 0));
    assert_eq!(last.goods, money("16.66"));
    assert_eq!(last.deposit_applied, money("16.66"));
    assert_eq!(last.total, money("0.00"));
    assert!(last.tenders.is_empty(), "{:?}", last.tenders);
    assert_eq!(t.stock("VALVE"), (0, 0), "handed over");
    assert!(t.store().deposits_report().unwrap().is_empty());

    // Back on the list: the closed order is gone.
    t.esc();
    assert_eq!(t.top_title(), "orders");
    assert!(t.listed().is_empty(), "{:?}", t.listed());
    t.assert_invariants();
}

#[test]
fn received_stock_turns_the_backorder_fillable_then_release_and_convert() {
    let mut t = till();
    prepaid_valve_order(&mut t);
    t.receive("VALVE", "2");
    assert_eq!(t.top_title(), "Received: fill waiting orders?");
    // Not now: the stock stays available, the order shows it can be filled here.
    t.esc();
    assert_eq!(t.top_title(), "manager menu");
    t.esc();
    assert_eq!(t.stock("VALVE"), (2, 0));

    t.open_first_order();
    assert_eq!(t.order_fillable(), [Fillable::Here]);
    t.typed("i");
    assert!(
        t.status()
            .starts_with("Nothing committed to invoice: r releases"),
        "{}",
        t.status()
    );
    t.typed("r");
    assert_eq!(
        t.status(),
        "Released 2 unit(s) to order 1: i converts them to an invoice"
    );
    assert_eq!(t.order_lines(1), [(4, 2, 2, 0, 0)]);
    assert_eq!(t.order_fillable(), [Fillable::None]);
    t.typed("r");
    assert_eq!(
        t.status(),
        "Nothing released: no stock available here for its backorders"
    );
    t.typed("i");
    assert_eq!(t.order_status(1), "closed");
    let last = t.store().invoice(2).unwrap().unwrap();
    assert_eq!(last.deposit_applied, money("16.66"));
    assert_eq!(last.total, money("0.00"));
    t.assert_invariants();
}

/// Receives `qty` VALVE, fills them into the waiting order, and opens that order.
fn receive_fill_and_open(t: &mut Till, qty: &str) {
    t.receive("VALVE", qty);
    t.typed("f");
    t.esc();
    t.esc();
    t.open_first_order();
}

#[test]
fn pay_when_received_order_is_charged_through_the_tender() {
    let mut t = till();
    t.ring_order("Dunmore", "4*VALVE", "r");
    assert_eq!(t.store().invoice(1).unwrap().unwrap().total, money("18.34"));
    receive_fill_and_open(&mut t, "2");
    t.typed("i");
    assert_eq!(t.top_title(), "tender", "{}", t.status());
    assert_eq!(t.status(), "Final invoice for order 1: 16.66 due");
    // Both backordered units at once: T(4) - T(2) = 35.00 - 18.34.
    assert_eq!(t.tender_remaining(), "16.66");
    t.typed("20");
    t.enter();

    assert_eq!(t.top_title(), "order 1", "back on the order");
    let status = t.status();
    assert!(
        status.starts_with("Final invoice 2 for order 1: change 3.34"),
        "{status}"
    );
    let last = t.store().invoice(2).unwrap().unwrap();
    assert_eq!(last.goods, money("16.66"));
    assert_eq!(last.deposit_applied, money("0.00"));
    assert_eq!(last.total, money("16.66"));
    assert_eq!(last.change, money("3.34"));
    assert_eq!(last.tenders.len(), 1);
    assert_eq!(last.tenders[0].kind, "cash");
    assert_eq!(last.tenders[0].amount, money("20.00"));
    assert_eq!(t.order_status(1), "closed");
    assert_eq!(t.stock("VALVE"), (0, 0));
    t.assert_invariants();
}

/// Receives one VALVE, fills it into the waiting order, and converts it from the order
/// screen; returns the final invoice's number.
fn receive_one_and_convert(t: &mut Till) -> i64 {
    receive_fill_and_open(t, "1");
    let before = t.invoice_count();
    t.typed("i");
    if t.top_title() == "tender" {
        t.enter();
    }
    assert_eq!(t.invoice_count(), before + 1, "{}", t.status());
    t.esc();
    t.esc();
    before + 1
}

#[test]
fn pay_when_received_filled_one_at_a_time_by_the_partial_fill_rule() {
    let mut t = till();
    t.ring_order("Dunmore", "4*VALVE", "r");
    // The third unit completes the 3-for-25.00 set: 25.00 - 18.34, then 35.00 - 25.00.
    let first = receive_one_and_convert(&mut t);
    let invoice = t.store().invoice(first).unwrap().unwrap();
    assert_eq!(invoice.total, money("6.66"));
    assert_eq!(invoice.tenders[0].amount, money("6.66"));
    assert_eq!(t.order_lines(1), [(4, 3, 0, 1, 0)]);
    assert_eq!(t.order_status(1), "open");
    let second = receive_one_and_convert(&mut t);
    let invoice = t.store().invoice(second).unwrap().unwrap();
    assert_eq!(invoice.total, money("10.00"));
    assert_eq!(t.order_lines(1), [(4, 4, 0, 0, 0)]);
    assert_eq!(t.order_status(1), "closed");
    t.assert_invariants();
}

#[test]
fn prepaid_order_filled_in_two_receipts_applies_the_deposit_across_both() {
    let mut t = till();
    prepaid_valve_order(&mut t);
    let first = receive_one_and_convert(&mut t);
    let invoice = t.store().invoice(first).unwrap().unwrap();
    assert_eq!(invoice.goods, money("6.66"));
    assert_eq!(invoice.deposit_applied, money("6.66"));
    assert_eq!(invoice.total, money("0.00"));
    assert_eq!(t.store().order(1).unwrap().unwrap().deposit, money("10.00"));
    let second = receive_one_and_convert(&mut t);
    let invoice = t.store().invoice(second).unwrap().unwrap();
    assert_eq!(invoice.goods, money("10.00"));
    assert_eq!(invoice.deposit_applied, money("10.00"));
    assert_eq!(invoice.total, money("0.00"));
    assert!(invoice.tenders.is_empty(), "nothing charged twice");
    assert_eq!(t.order_status(1), "closed");
    assert!(t.store().deposits_report().unwrap().is_empty());
    t.assert_invariants();
}

#[test]
fn esc_on_the_convert_tender_writes_nothing() {
    let mut t = till();
    t.ring_order("Dunmore", "4*VALVE", "r");
    receive_fill_and_open(&mut t, "2");
    t.typed("i");
    assert_eq!(t.top_title(), "tender");
    t.esc();
    assert_eq!(t.top_title(), "order 1");
    assert_eq!(t.invoice_count(), 1);
    assert_eq!(t.order_lines(1), [(4, 2, 2, 0, 0)]);
    assert_eq!(t.order_status(1), "open");
    t.assert_invariants();
}

#[test]
fn receipts_offer_and_fill_the_oldest_order_first() {
    let mut t = till();
    t.ring_order("Dunmore", "4*VALVE", "r");
    // VALVE is gone now: Harbor's 2 are all backordered.
    t.ring_order("Harbor", "2*VALVE", "r");
    assert_eq!(t.order_lines(2), [(2, 0, 0, 2, 0)]);

    t.receive("VALVE", "3");
    let body = t.choice_body();
    let rows: Vec<Vec<&str>> = body
        .iter()
        .filter(|l| l.trim_start().starts_with("order "))
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows.len(), 2, "{body:?}");
    assert_eq!(rows[0][1], "1", "the older order first: {body:?}");
    assert!(rows[0].ends_with(&["2", "2"]), "{body:?}");
    assert_eq!(rows[1][1], "2", "{body:?}");
    assert!(
        rows[1].ends_with(&["2", "1"]),
        "one unit left for it: {body:?}"
    );
    t.typed("f");
    assert_eq!(
        t.text_lines(),
        [
            "Committed 2 of VALVE to order 1 line 1",
            "Committed 1 of VALVE to order 2 line 1"
        ]
    );
    assert_eq!(t.order_lines(1), [(4, 2, 2, 0, 0)]);
    assert_eq!(t.order_lines(2), [(2, 0, 1, 1, 0)]);
    assert_eq!(t.stock("VALVE"), (3, 3));
    t.assert_invariants();
}

#[test]
fn a_receipt_with_no_order_waiting_just_says_so() {
    let mut t = till();
    t.receive("SCREW", "10");
    assert_eq!(t.top_title(), "text: Received");
    assert_eq!(
        t.text_lines(),
        [
            "MAIN SCREW: on hand 110, committed 0, available 110",
            "No order is waiting for this product."
        ]
    );
    assert_eq!(t.stock("SCREW"), (110, 0));
    t.assert_invariants();
}

#[test]
fn a_bad_receive_form_says_which_field_and_writes_nothing() {
    let mut t = till();
    t.receive("VALVE", "0");
    assert!(t.status_is_error());
    assert!(t.status().starts_with("Quantity '0'"), "{}", t.status());
    assert_eq!(t.top_title(), "form: Receive stock", "the form stays");
    // Esc asks before throwing away what was typed; Esc again leaves.
    t.esc();
    assert_eq!(t.top_title(), "form: Receive stock");
    t.esc();
    t.typed("r");
    t.typed("NOPE");
    t.enter();
    t.typed("2");
    t.enter();
    t.enter();
    t.enter();
    assert!(t.status_is_error());
    assert!(t.status().contains("NOPE"), "{}", t.status());
    assert_eq!(t.stock("VALVE"), (2, 0));
    t.assert_invariants();
}

// ---- cancel, void, due date ----------------------------------------------------------

#[test]
fn cancel_backorder_refunds_the_deposit() {
    let mut t = till();
    prepaid_valve_order(&mut t);
    t.open_first_order();
    // Cancelling asks how many (all 2), how the money goes back, then yes; Enter alone
    // is no.
    t.typed("c");
    t.enter();
    assert_eq!(t.top_title(), "Refund");
    t.typed("c");
    assert_eq!(t.top_title(), "confirm");
    t.enter();
    assert_eq!(t.status(), "Backorder kept");
    assert_eq!(t.order_lines(1), [(4, 2, 0, 2, 0)]);
    t.typed("c");
    t.enter();
    t.typed("c");
    t.typed("y");
    assert!(
        t.status().starts_with(
            "Cancelled 2 backordered unit(s); refund 15.00 in cash on refund 2; slip: "
        ),
        "{}",
        t.status()
    );
    assert_eq!(t.order_lines(1), [(4, 2, 0, 0, 2)]);
    assert_eq!(t.order_status(1), "closed", "nothing left on it");
    let refund = t.store().invoice(2).unwrap().unwrap();
    assert_eq!(refund.order_number, Some(1));
    assert_eq!(refund.total, -money("15.00"));
    assert_eq!(refund.tenders.len(), 1);
    assert_eq!(refund.tenders[0].kind, "cash");
    assert_eq!(refund.tenders[0].amount, -money("15.00"));
    // The sale's line is as it was; the 1.66 the 2 delivered lack of 20.00 is charged on
    // the refund.
    assert_eq!(
        t.store().invoice(1).unwrap().unwrap().lines[0].amount,
        money("18.34")
    );
    assert_eq!(refund.lines[0].amount, money("1.66"));
    assert!(t.store().deposits_report().unwrap().is_empty());
    // Again: nothing left to cancel.
    t.typed("c");
    assert!(t.status_is_error(), "{}", t.status());
    assert_eq!(t.top_title(), "order 1");
    assert_eq!(t.invoice_count(), 2);
    t.assert_invariants();
}

#[test]
fn cancel_works_on_the_line_under_the_cursor() {
    let mut t = till();
    // Two backordered lines: VALVE (2 short) and TAPE (none on hand).
    t.bill_to("Dunmore");
    t.ring("4*VALVE");
    t.ring("3*TAPE");
    t.f(10);
    t.typed("c");
    t.typed("i");
    t.enter();
    assert_eq!(t.order_lines(1), [(4, 2, 0, 2, 0), (3, 0, 0, 3, 0)]);

    t.open_first_order();
    t.key(KeyCode::Down);
    t.typed("c");
    t.enter();
    t.typed("k");
    t.typed("y");
    assert!(
        t.status()
            .starts_with("Cancelled 3 backordered unit(s); refund 3.00 to the card on refund 2"),
        "{}",
        t.status()
    );
    assert_eq!(t.order_lines(1), [(4, 2, 0, 2, 0), (3, 0, 0, 0, 3)]);
    assert_eq!(
        t.order_status(1),
        "open",
        "the VALVE backorder is still there"
    );
    let deposits = t.store().deposits_report().unwrap();
    assert_eq!(deposits.len(), 1);
    assert_eq!(deposits[0].deposit, money("16.66"));
    t.assert_invariants();
}

#[test]
fn void_returns_held_back_stock_to_available_and_refunds() {
    let mut t = till();
    t.bill_to("Dunmore");
    t.ring("10*SCREW");
    t.f(4);
    t.ctrl('u');
    t.typed("4");
    t.enter();
    t.f(10);
    t.typed("c");
    t.typed("i");
    assert_eq!(t.tender_remaining(), "50.00");
    t.enter();
    assert_eq!(t.order_lines(1), [(10, 6, 4, 0, 0)]);
    assert_eq!(t.stock("SCREW"), (94, 4), "held back: on hand, committed");
    let deposit = t.store().order(1).unwrap().unwrap().deposit;
    assert_eq!(deposit, money("20.00"));

    t.open_first_order();
    t.typed("v");
    assert_eq!(t.top_title(), "Refund");
    t.typed("c");
    assert_eq!(t.top_title(), "confirm");
    t.enter();
    assert_eq!(t.order_status(1), "open", "Enter alone voids nothing");
    t.typed("v");
    t.typed("c");
    t.typed("y");
    assert!(
        t.status().starts_with(
            "Order 1 void: 4 unit(s) released to stock; refund 20.00 in cash on refund 2"
        ),
        "{}",
        t.status()
    );
    assert_eq!(t.order_status(1), "void");
    assert_eq!(t.order_lines(1), [(10, 6, 0, 0, 4)]);
    assert_eq!(t.stock("SCREW"), (94, 0), "all 94 available again");
    let refund = t.store().invoice(2).unwrap().unwrap();
    assert_eq!(refund.total, -money("20.00"));
    assert_eq!(refund.tenders[0].kind, "cash");
    assert!(t.store().deposits_report().unwrap().is_empty());
    assert!(
        t.audit_actions()
            .contains(&("morgan".to_string(), "void_order".to_string()))
    );

    // A void order leaves the list.
    t.esc();
    assert!(t.listed().is_empty());
    t.assert_invariants();
}

#[test]
fn a_due_date_out_of_range_is_refused_on_screen() {
    let mut t = till();
    prepaid_valve_order(&mut t);
    t.open_first_order();
    for bad in [in_days(-1), in_days(800), "9999-12-31".to_string()] {
        t.typed("d");
        t.ctrl('u');
        t.typed(&bad);
        t.enter();
        assert!(t.status_is_error(), "{bad}");
        assert!(
            t.status().starts_with(&format!(
                "due date = '{bad}': must be between {}",
                in_days(0)
            )),
            "{}",
            t.status()
        );
        assert_eq!(t.top_title(), "form: Due date of order 1", "the form stays");
        assert_eq!(t.store().order(1).unwrap().unwrap().due, None);
        t.esc();
    }
}

#[test]
fn due_date_is_set_from_the_order_screen() {
    let mut t = till();
    prepaid_valve_order(&mut t);
    t.open_first_order();
    t.typed("d");
    assert_eq!(t.top_title(), "form: Due date of order 1");

    // A date that is not on the calendar is refused; the form stays.
    t.typed("2026-02-30");
    t.enter();
    assert!(t.status_is_error());
    assert!(t.status().contains("2026-02-30"), "{}", t.status());
    assert_eq!(t.top_title(), "form: Due date of order 1");
    assert_eq!(t.store().order(1).unwrap().unwrap().due, None);

    t.ctrl('u');
    let due = in_days(9);
    t.typed(&due);
    t.enter();
    assert_eq!(t.top_title(), "order 1");
    assert_eq!(t.status(), format!("Order 1 due {due}"));
    assert_eq!(
        t.store().order(1).unwrap().unwrap().due.as_deref(),
        Some(due.as_str())
    );
    assert_eq!(t.order().order.doc.due.as_deref(), Some(due.as_str()));
    // Back on the list, it shows there too.
    t.esc();
    let list: &Orders = t.app.top().expect("the orders list");
    assert_eq!(list.rows[0].doc.due.as_deref(), Some(due.as_str()));
    t.enter();

    // Blank clears it.
    t.typed("d");
    t.ctrl('u');
    t.enter();
    assert_eq!(t.status(), "Order 1 due (none)");
    assert_eq!(t.store().order(1).unwrap().unwrap().due, None);
    t.assert_invariants();
}

// ---- who may do what -----------------------------------------------------------------

#[test]
fn a_clerk_is_refused_cancel_void_and_the_manager_menu() {
    let mut t = till_as("casey");
    prepaid_valve_order(&mut t);

    // F8 opens the menu with sign-out only; a manager's entry is refused.
    t.f(8);
    assert_eq!(t.top_title(), "manager menu");
    t.typed("r");
    assert!(t.status_is_error());
    assert_eq!(
        t.status(),
        "Receive stock is for managers: sign in as a manager"
    );
    t.esc();
    t.assert_on_sale_screen();

    // Orders in process is open to clerks; cancel and void are not.
    t.open_first_order();
    t.typed("c");
    assert!(t.status_is_error());
    assert_eq!(
        t.status(),
        "Cancel backorder is for managers: sign in as a manager"
    );
    t.typed("v");
    assert!(t.status_is_error());
    assert_eq!(t.status(), "Void is for managers: sign in as a manager");
    assert_eq!(t.top_title(), "order 1");
    assert_eq!(t.order_status(1), "open");
    assert_eq!(t.order_lines(1), [(4, 2, 0, 2, 0)]);
    assert_eq!(t.invoice_count(), 1, "no refund written");
    t.assert_invariants();
}

// ---- the list, transfers, reports ---------------------------------------------------

#[test]
fn typing_filters_orders_by_customer_and_sku() {
    let mut t = till();
    prepaid_valve_order(&mut t);
    // Harbor Builders: 2 CONC, none at MAIN (all 30 are at YARD).
    t.ring_order("Harbor", "2*CONC", "r");

    t.f(7);
    assert_eq!(t.listed(), [1, 2]);
    t.typed("Harbor");
    assert_eq!(t.listed(), [2]);
    t.ctrl('u');
    assert_eq!(t.listed(), [1, 2]);
    t.typed("dunmore");
    assert_eq!(t.listed(), [1], "any case");
    t.ctrl('u');
    t.typed("CONC");
    assert_eq!(t.listed(), [2], "by SKU");
    t.ctrl('u');
    t.typed("nobody");
    assert!(t.listed().is_empty());
    // Enter on an empty list says so and stays.
    t.enter();
    assert_eq!(t.status(), "No order matches the filter");
    assert_eq!(t.top_title(), "orders");
    t.ctrl('u');
    t.typed("Harb");
    t.enter();
    assert_eq!(t.top_title(), "order 2");
    t.assert_invariants();
}

/// The sort and the status filter of the orders list on top.
fn list_of(t: &Till) -> &Orders {
    t.app.top().expect("orders in process on top")
}

#[test]
fn tab_reaches_not_told_and_ctrl_s_sorts_by_due_date() {
    // Order 1: 2 VALVE backordered; order 2: 3 TAPE backordered, due in 30 days; order 3:
    // 4 SCREW held back for pickup, the customer not told yet.
    let mut store = common::store();
    common::ring_three_orders(&mut store);
    let mut t = till_over(store, "morgan", tempfile::TempDir::new().unwrap(), |_| {});
    t.f(7);
    assert_eq!(list_of(&t).sort, OrderSort::Date);
    assert_eq!(t.listed(), [1, 2, 3]);
    let screen = common::screen::render(&t.app, 80, 24);
    assert!(screen.contains("[all]  by order date"), "{screen}");
    assert!(screen.contains("Ctrl-S Sort"), "the footer: {screen}");

    // Ctrl-S: by due date, the one with a due date first, the others after in date order.
    t.ctrl('s');
    assert_eq!(list_of(&t).sort, OrderSort::Due);
    assert_eq!(t.listed(), [2, 1, 3]);
    assert_eq!(t.status(), "Sorted by due date, soonest first; none last");
    let screen = common::screen::render(&t.app, 80, 24);
    assert!(screen.contains("[all]  by due date"), "{screen}");
    // A letter is typed into the filter, never a sort.
    t.typed("s");
    assert_eq!(list_of(&t).filter.value(), "s");
    assert_eq!(list_of(&t).sort, OrderSort::Due);
    t.ctrl('u');

    // Tab: back, ready, not told (what is ready and nobody told), call back, all.
    for (status, listed) in [
        (StatusFilter::Back, vec![2, 1]),
        (StatusFilter::Ready, vec![3]),
        (StatusFilter::NotTold, vec![3]),
    ] {
        t.tab();
        assert_eq!(t.list_status(), status);
        assert_eq!(t.listed(), listed, "{status:?}");
    }
    assert_eq!(t.status(), "Showing not told orders");
    let screen = common::screen::render(&t.app, 80, 24);
    assert!(screen.contains("[not told]  by due date"), "{screen}");

    // Telling the customer takes the order off the list.
    t.enter();
    assert_eq!(t.top_title(), "order 3");
    t.typed("n");
    t.typed("p");
    assert!(
        t.status().contains("customer told by phone"),
        "{}",
        t.status()
    );
    t.esc();
    assert_eq!(t.list_status(), StatusFilter::NotTold);
    assert!(t.listed().is_empty());
    let screen = common::screen::render(&t.app, 80, 24);
    assert!(
        screen.contains("Tab cycles all / back / ready / not told / call back."),
        "{screen}"
    );
    t.tab();
    assert_eq!(t.list_status(), StatusFilter::CallBack);
    t.tab();
    assert_eq!(t.list_status(), StatusFilter::All);
    assert_eq!(t.listed(), [2, 1, 3], "the sort stays");
    t.ctrl('s');
    assert_eq!(t.listed(), [1, 2, 3]);
    assert_eq!(t.status(), "Sorted by order date, oldest first");
    t.assert_invariants();
}

#[test]
fn transfer_from_yard_turns_the_backorder_fillable_here() {
    let mut t = till();
    t.ring_order("Dunmore", "2*CONC", "r");
    assert_eq!(t.order_lines(1), [(2, 0, 0, 2, 0)]);

    t.open_first_order();
    assert_eq!(
        t.order_fillable(),
        [Fillable::Elsewhere],
        "only YARD has it"
    );
    t.esc();
    t.esc();

    // F8 t: SKU, quantity, from, to (MAIN is filled in).
    t.f(8);
    t.typed("t");
    assert_eq!(t.top_title(), "form: Transfer stock");
    t.typed("CONC");
    t.enter();
    t.typed("2");
    t.enter();
    t.typed("YARD");
    t.enter();
    t.enter();
    assert_eq!(t.status(), "Moved 2 of CONC from YARD to MAIN");
    assert_eq!(t.top_title(), "Transferred: fill waiting orders?");
    assert_eq!(t.stock_at("CONC", "YARD"), (28, 0));
    assert_eq!(t.stock_at("CONC", "MAIN"), (2, 0));
    // Not now: the stock stays available here and the order is released by hand.
    t.esc();
    assert_eq!(t.top_title(), "manager menu");
    t.esc();

    t.open_first_order();
    assert_eq!(t.order_fillable(), [Fillable::Here]);
    t.typed("r");
    t.typed("i");
    assert_eq!(t.tender_remaining(), "12.00");
    t.enter();
    assert_eq!(t.order_status(1), "closed");
    assert_eq!(t.stock_at("CONC", "MAIN"), (0, 0));
    t.assert_invariants();
}

/// The rows of the report on screen (the total row last), their cells in table order.
fn report_rows(t: &Till) -> Vec<String> {
    let view: &ReportView = t.app.top().expect("a report is on screen");
    let cells = &view.cells;
    cells
        .rows
        .iter()
        .chain(cells.total.iter())
        .map(|r| r.join("  "))
        .collect()
}

#[test]
fn reports_open_from_the_manager_menu() {
    let mut t = till();
    prepaid_valve_order(&mut t);

    t.f(8);
    t.typed("p");
    assert_eq!(t.top_title(), "Reports");
    t.typed("b");
    assert_eq!(t.top_title(), "report: backorders");
    let lines = report_rows(&t);
    let row = lines
        .iter()
        .find(|l| l.contains("Dunmore Plumbing"))
        .unwrap_or_else(|| panic!("no row for the order: {lines:?}"));
    assert!(row.contains("VALVE"), "{row}");
    let view: &ReportView = t.app.top().unwrap();
    let cell = |name: &str| {
        let at = view.cells.columns.iter().position(|c| *c == name).unwrap();
        let row = view
            .cells
            .rows
            .iter()
            .find(|r| r.contains(&"VALVE".to_string()));
        row.unwrap()[at].clone()
    };
    let figures = ["ordered", "shipped", "backordered", "value", "days_waiting"].map(cell);
    assert_eq!(figures, ["4", "2", "2", "16.66", "0"], "{row}");
    // Esc on a report comes back to the reports, for the next one.
    t.esc();
    assert_eq!(t.top_title(), "Reports");

    t.typed("d");
    assert_eq!(t.top_title(), "report: deposits");
    let lines = report_rows(&t);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Dunmore Plumbing") && l.trim_end().ends_with("16.66")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("TOTAL") && l.trim_end().ends_with("16.66")),
        "{lines:?}"
    );
    t.esc();

    // Arrows and Enter choose too: the third report is reorder.
    t.key(KeyCode::Down);
    t.key(KeyCode::Down);
    t.enter();
    assert_eq!(t.top_title(), "report: reorder");
    let lines = report_rows(&t);
    assert!(
        lines.iter().any(|l| l.starts_with("TAPE")),
        "TAPE is below its minimum: {lines:?}"
    );
    t.esc();
    assert_eq!(t.top_title(), "Reports");
    t.esc();
    assert_eq!(t.top_title(), "manager menu");

    t.typed("u");
    assert_eq!(t.top_title(), "text: Users");
    let lines = t.text_lines();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("morgan") && l.ends_with("manager")),
        "{lines:?}"
    );
    t.assert_invariants();
}

#[test]
fn f1_on_the_manager_screens_shows_their_keys() {
    let mut t = till();
    prepaid_valve_order(&mut t);
    t.open_first_order();
    t.f(1);
    assert_eq!(t.app.screen(), Screen::Help);
    t.esc();
    assert_eq!(t.top_title(), "order 1");
    t.esc();
    t.esc();
    t.f(8);
    t.f(1);
    assert_eq!(t.app.screen(), Screen::Help);
    t.esc();
    assert_eq!(t.top_title(), "manager menu");
}

#[test]
fn a_final_invoice_with_a_deposit_over_its_charge_refunds_the_difference() {
    // Taken under `shipped`: 2 VALVE delivered at T(2) = 20.00 and a 20.00 deposit for the
    // two backordered. Converted under `split`, the line completes at T(4) − 20.00 = 15.00,
    // so 5.00 of the deposit goes back to the customer.
    let mut t = common::till::till_over(
        common::store(),
        "morgan",
        tempfile::TempDir::new().unwrap(),
        |c| c.backorders.price_break_basis = ringup::domain::pricing::Basis::Shipped,
    );
    t.ring_order("Dunmore", "4*VALVE", "i");
    assert_eq!(
        t.store().invoice(1).unwrap().unwrap().deposit,
        money("20.00")
    );
    t.counter_mut().config.backorders.price_break_basis = ringup::domain::pricing::Basis::Split;
    receive_fill_and_open(&mut t, "2");
    t.typed("i");
    assert_eq!(t.top_title(), "order 1", "nothing due: no tender");
    assert!(!t.status_is_error(), "{}", t.status());
    assert!(
        t.status().starts_with("Final invoice 2 for order 1"),
        "{}",
        t.status()
    );
    assert!(!t.status().contains("change"), "{}", t.status());
    let last = t.store().invoice(2).unwrap().unwrap();
    assert_eq!(last.goods, money("15.00"));
    assert_eq!(last.deposit_applied, money("20.00"));
    assert_eq!(last.change, money("0.00"));
    assert_eq!(t.order_status(1), "closed");
    t.assert_invariants();
}
