//! End to end on the manager's side: the real `ringup` binary in a pseudo-terminal on the
//! demo database, read back through a terminal emulator (vt100). A prepaid backorder is
//! rung at the counter, the stock is received and filled into the waiting order, the order
//! is converted to its final invoice; then the command line shows the deposit applied, the
//! deposits report without the order, and `ringup check` passing.

mod common;

use common::cli::{Sandbox, s};
use common::pty::{ENTER, ESC, F7, F8, Screen, TAB};
use serde_json::Value;

/// Signs in as morgan (manager) and rings a prepaid backorder for the walk-in customer:
/// 4 PLB-VALVE-075 with 2 on hand, paid when invoiced (invoice 1, customer order 1).
fn ring_prepaid_backorder(screen: &mut Screen) {
    screen.ring_four_valves_for_walk_in();
    screen.order_backorders_paid_when_invoiced();
    screen.press(ENTER, "Invoice 1 done");
}

/// F8 r, and the receive form: SKU Enter, quantity Enter, location (MAIN) Enter, reference
/// Enter; the fill question comes up with the waiting order.
fn receive_two_valves(screen: &mut Screen) {
    screen.press(F8, "[r] Receive stock");
    screen.press("r", "Receive stock");
    screen.wait_for("supplier delivery");
    screen.press("PLB-VALVE-075", "PLB-VALVE-075");
    screen.send(ENTER);
    screen.press("2", ": 2");
    screen.send(ENTER);
    screen.send(ENTER);
    screen.press(ENTER, "Received: fill waiting orders?");
    screen.wait_for("MAIN PLB-VALVE-075: on hand 2, committed 0, available 2");
    screen.wait_for("Walk-in Cash Customer");
}

/// Quits and returns the database path.
fn quit(mut screen: Screen, sandbox: &Sandbox) -> String {
    screen.quit();
    sandbox.data().join("demo.db").to_str().unwrap().to_string()
}

/// The final invoice applies the whole deposit of invoice 1, the deposits report no longer
/// lists the order, and every invariant holds.
fn assert_converted(sandbox: &Sandbox, db: &str) {
    let first = sandbox.json(&["invoice", "show", "1", "--format", "json", "--db", db]);
    assert_eq!(s(&first, "deposit"), "18.03", "{first}");

    let last = sandbox.json(&["invoice", "show", "2", "--format", "json", "--db", db]);
    assert_eq!(s(&last, "customer"), "C1001");
    assert_eq!(
        s(&last, "deposit_applied"),
        s(&first, "deposit"),
        "the deposit taken on invoice 1 is applied: {last}"
    );
    assert_eq!(s(&last, "total"), "0.00", "{last}");
    assert_eq!(s(&last, "deposit"), "0.00", "{last}");
    assert_eq!(s(&last, "tax"), "1.37", "the tax the deposit held: {last}");
    let lines = last["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 1, "{last}");
    assert_eq!(s(&lines[0], "sku"), "PLB-VALVE-075");
    assert_eq!(lines[0]["qty"], 2);
    assert_eq!(lines[0]["backordered"], 0);
    assert_eq!(s(&lines[0], "amount"), "16.66");
    assert_eq!(last["tenders"].as_array().map(Vec::len), Some(0), "{last}");

    let order = sandbox.json(&["order", "show", "1", "--format", "json", "--db", db]);
    assert_eq!(s(&order, "status"), "closed", "{order}");
    assert_eq!(s(&order, "deposit"), "0.00", "{order}");
    let line = &order["lines"][0];
    assert_eq!(
        (
            &line["ordered"],
            &line["delivered"],
            &line["committed"],
            &line["backordered"]
        ),
        (
            &Value::from(4),
            &Value::from(4),
            &Value::from(0),
            &Value::from(0)
        ),
        "{order}"
    );

    let deposits = sandbox.json(&["report", "deposits", "--format", "json", "--db", db]);
    let rows = deposits.as_array().unwrap();
    assert!(
        !rows.iter().any(|r| r["order"] == 1),
        "order 1 still holds a deposit: {deposits}"
    );

    let run = sandbox.run(&["check", "--db", db]);
    assert_eq!(run.code, 0, "ringup check: {}{}", run.stdout, run.stderr);
}

#[test]
fn receive_fill_and_convert_a_prepaid_backorder() {
    let sandbox = Sandbox::new();
    let mut screen = Screen::start(&sandbox, &["--demo", "--user", "morgan"], 80, 24);
    ring_prepaid_backorder(&mut screen);

    // Orders in process, `back`: the order waits for 2 units.
    screen.press(F7, "Orders in process [all]");
    screen.press(TAB, "Orders in process [back]");
    screen.wait_for("Walk-in Cash Cu");
    screen.press(ESC, "F2 Bill To");

    receive_two_valves(&mut screen);
    screen.press("f", "Committed 2 of PLB-VALVE-075 to order 1 line 1");
    screen.press(ESC, "[r] Receive stock");
    screen.send(ESC);
    screen.wait_for("F2 Bill To");

    screen.press(F7, "Orders in process [all]");
    screen.wait_for("Walk-in Cash Cu");
    screen.press(ENTER, "Order 1  Walk-in Cash Customer (C1001)");
    screen.wait_for("Deposit held 18.03");
    screen.press("i", "Final invoice 2 for order 1");

    let db = quit(screen, &sandbox);
    assert_converted(&sandbox, &db);
}

#[test]
fn received_stock_turns_the_backorder_green_then_release_and_convert() {
    let sandbox = Sandbox::new();
    let mut screen = Screen::start(&sandbox, &["--demo", "--user", "morgan"], 80, 24);
    ring_prepaid_backorder(&mut screen);

    // Before the receipt: 2 backordered, no stock anywhere, so no marker.
    screen.press(F7, "Orders in process [all]");
    screen.wait_for("Walk-in Cash Cu");
    assert_eq!(screen.find_marker("Walk-in Cash Cu", '*'), None);
    screen.press(ESC, "F2 Bill To");

    // Received but not filled: the stock is available here, the quantity turns green.
    receive_two_valves(&mut screen);
    screen.send(ESC);
    screen.wait_gone("Received: fill waiting orders?");
    screen.press(ESC, "F2 Bill To");
    screen.press(F7, "Orders in process [all]");
    screen.wait_for("Walk-in Cash Cu");
    let (row, col) = screen
        .find_marker("Walk-in Cash Cu", '*')
        .unwrap_or_else(|| panic!("no fillable marker:\n{}", screen.contents()));
    assert_eq!(
        screen.colour_at(row, col),
        vt100::Color::Idx(2),
        "green:\n{}",
        screen.contents()
    );
    assert_eq!(screen.colour_at(row, col - 1), vt100::Color::Idx(2));

    // Release, then convert.
    screen.press(ENTER, "Order 1  Walk-in Cash Customer (C1001)");
    screen.press("r", "Released 2 unit(s) to order 1");
    screen.press("i", "Final invoice 2 for order 1");

    let db = quit(screen, &sandbox);
    assert_converted(&sandbox, &db);
}

#[test]
fn orders_in_process_show_another_terminals_change_while_idle() {
    let sandbox = Sandbox::new();
    let mut screen = Screen::start(&sandbox, &["--demo", "--user", "morgan"], 80, 24);
    ring_prepaid_backorder(&mut screen);
    screen.press(F7, "Orders in process [all]");
    screen.wait_for("Walk-in Cash Cu");

    // Another process sets the due date; F7 is left alone and shows it within seconds.
    let due = common::cli::in_days(12);
    let mut other = ringup::store::Store::open(&sandbox.data().join("demo.db")).unwrap();
    other.set_due(1, Some(&due), "morgan", &[]).unwrap();
    drop(other);
    screen.wait_for(&due);
    assert!(
        screen.contents().contains("Orders in process [all]"),
        "{}",
        screen.contents()
    );
    quit(screen, &sandbox);
}
