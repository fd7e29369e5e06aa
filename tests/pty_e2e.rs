//! End to end: the real `ringup` binary in a pseudo-terminal, driven by the keys a clerk
//! would press, the screen read back through a terminal emulator (vt100). Then the
//! command line shows what the sale wrote.

mod common;

use common::cli::{Sandbox, s};
use common::pty::{CTRL_C, CTRL_Q, CTRL_U, ENTER, ESC, F8, F9, F10, Screen};
use common::receipt_text;

#[test]
fn ring_a_backordered_item_to_a_prepaid_order() {
    let sandbox = Sandbox::new();
    let mut screen = Screen::start(&sandbox, &["--demo", "--user", "morgan"], 80, 24);

    // Sign in, F2 for the walk-in customer, then 4 of a 3for25.00 valve with 2 on hand:
    // 2 delivered, 2 backordered.
    screen.ring_four_valves_for_walk_in();
    let sale = screen.contents();
    let line = sale
        .lines()
        .find(|l| l.contains("PLB-VALVE") && l.contains("35.00"))
        .unwrap_or_else(|| panic!("no sale line:\n{sale}"));
    let figures: Vec<&str> = line.split_whitespace().collect();
    assert!(
        figures.ends_with(&["4", "2", "2", "†10.00", "35.00"]),
        "ordered 4, delivered 2, backordered 2, the set price marked: {line}"
    );

    screen.order_backorders_paid_when_invoiced();
    // Tax at 8.25%: 18.34 + 1.51 now, 16.66 + 1.37 deposit.
    screen.wait_for("37.88");
    screen.press(ENTER, "Invoice 1 done");
    screen.quit();

    let db = sandbox.data().join("demo.db");
    let db = db.to_str().unwrap();

    let order = sandbox.json(&["order", "show", "1", "--format", "json", "--db", db]);
    assert_eq!(order["number"], 1);
    assert_eq!(order["invoice"], 1);
    assert_eq!(s(&order, "note"), "Prepaid Order From Invoice Number 1");
    assert_eq!(s(&order, "payment"), "when_invoiced");
    let lines = order["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 1, "{order}");
    assert_eq!(s(&lines[0], "sku"), "PLB-VALVE-075");
    assert_eq!(lines[0]["ordered"], 4);
    assert_eq!(lines[0]["delivered"], 2);
    assert_eq!(lines[0]["committed"], 0);
    assert_eq!(lines[0]["backordered"], 2);
    assert_eq!(s(&order, "deposit"), "18.03", "16.66 with its 1.37 tax");

    let invoice = sandbox.json(&["invoice", "show", "1", "--format", "json", "--db", db]);
    assert_eq!(s(&invoice, "customer"), "C1001");
    let lines = invoice["lines"].as_array().unwrap();
    assert_eq!(s(&lines[0], "sku"), "PLB-VALVE-075");
    assert_eq!(lines[0]["qty"], 2);
    assert_eq!(lines[0]["backordered"], 2);
    assert_eq!(s(&lines[0], "amount"), "18.34");
    assert_eq!(
        s(&invoice, "tax"),
        "1.51",
        "the tax on the 18.34 delivered now"
    );
    assert_eq!(
        s(&invoice, "deposit"),
        "18.03",
        "the 16.66 backordered with its 1.37 tax"
    );
    assert_eq!(s(&invoice, "deposit_applied"), "0.00");
    assert_eq!(s(&invoice, "total"), "37.88");
    let tenders = invoice["tenders"].as_array().unwrap();
    assert_eq!(tenders.len(), 1);
    assert_eq!(s(&tenders[0], "kind"), "cash");
    assert_eq!(s(&tenders[0], "amount"), "37.88");

    // The receipt: 2 delivered with (2 B/O) beneath, the deposit, the order.
    let receipt = receipt_text(&sandbox.data(), 1);
    let rows: Vec<&str> = receipt.lines().map(str::trim_end).collect();
    let at = rows
        .iter()
        .position(|r| r.trim_start().starts_with("2 ") && r.ends_with("18.34"))
        .unwrap_or_else(|| panic!("no delivered row:\n{receipt}"));
    assert!(rows[at].ends_with("18.34"), "{receipt}");
    assert_eq!(rows[at + 1], "(2 B/O)", "{receipt}");
    for (label, amount) in [
        ("Subtotal", "18.34"),
        ("Tax", "1.51"),
        // 35.00 of goods in all plus tax: the deposit for the goods, then its tax.
        ("Deposit", "16.66"),
        ("Tax on deposit", "1.37"),
        ("TOTAL", "37.88"),
        ("Cash", "37.88"),
    ] {
        assert!(
            rows.iter()
                .any(|r| r.starts_with(label) && r.ends_with(amount)),
            "{label} {amount}:\n{receipt}"
        );
    }
    assert!(rows.contains(&"Backorders: customer order 1"), "{receipt}");
    assert!(
        rows.contains(&"Prepaid Order From Invoice Number 1"),
        "{receipt}"
    );

    // The store is sound after the sale.
    sandbox.ok(&["check", "--db", db]);
}

#[test]
fn a_tiny_terminal_asks_to_be_enlarged_and_quits_cleanly() {
    let sandbox = Sandbox::new();
    let mut screen = Screen::start(&sandbox, &["--demo", "--user", "morgan"], 80, 24);
    screen.sign_in_as_morgan();

    screen.resize(40, 10);
    screen.wait_for("Please enlarge");
    screen.wait_for("(now 40×10)");
    screen.resize(80, 24);
    screen.wait_for("morgan (manager)");
    assert!(!screen.contents().contains("Please enlarge"));

    screen.quit();
}

/// Signs in as morgan and rings one PLB-VALVE-075 (10.00, 2 on hand) as a cash sale.
fn one_valve(sandbox: &Sandbox) -> Screen {
    let mut screen = Screen::start(sandbox, &["--demo", "--user", "morgan"], 80, 24);
    screen.sign_in_as_morgan();
    screen.press("PLB-VALVE-075", "PLB-VALVE-075");
    screen.press(ENTER, "1 on the line");
    screen
}

#[test]
fn a_scanned_barcode_in_the_tender_box_is_refused() {
    let sandbox = Sandbox::new();
    let mut screen = one_valve(&sandbox);
    screen.press(F10, "Tender");
    screen.press("039923000521", "039923000521");
    screen.press(ENTER, "looks like a scanned barcode");
    assert!(
        screen.contents().contains("Tender"),
        "{}",
        screen.contents()
    );
    assert!(!screen.contents().contains("done"), "{}", screen.contents());
    // Far more cash than is due asks, and Enter alone is no.
    screen.press("5000", "5000");
    screen.press(ENTER, "Large tender");
    screen.send(ENTER);
    screen.wait_gone("Large tender");
    screen.wait_for("Not taken");
    screen.send(CTRL_U);
    screen.press("20", "20");
    screen.press(ENTER, "Invoice 1 done: change 9.17");
    screen.quit();

    let db = sandbox.data().join("demo.db");
    let invoice = sandbox.json(&[
        "invoice",
        "show",
        "1",
        "--format",
        "json",
        "--db",
        db.to_str().unwrap(),
    ]);
    let tenders = invoice["tenders"].as_array().unwrap();
    assert_eq!(tenders.len(), 1, "{invoice}");
    assert_eq!(s(&tenders[0], "amount"), "20.00");
}

#[test]
fn a_prefilled_quantity_is_replaced_by_what_is_typed() {
    let sandbox = Sandbox::new();
    let mut screen = one_valve(&sandbox);
    screen.press(F9, "Quantity ordered: 1");
    screen.press("2", "Quantity ordered: 2");
    screen.press(ENTER, "Quantity ordered set to 2");
    let sale = screen.contents();
    let line = sale
        .lines()
        .find(|l| l.contains("PLB-VALVE-075") && l.contains("20.00"))
        .unwrap_or_else(|| panic!("no line of 2:\n{sale}"));
    let figures: Vec<&str> = line.split_whitespace().collect();
    assert!(
        figures.ends_with(&["2", "2", "10.00", "20.00"]),
        "2 ordered, not 12: {line}"
    );
    screen.send(CTRL_Q);
    screen.press("y", "");
    let status = screen.wait_exit();
    assert!(status.success(), "{status}");
}

#[test]
fn enter_after_quit_or_ctrl_c_keeps_the_sale() {
    let sandbox = Sandbox::new();
    let mut screen = one_valve(&sandbox);
    for quit in [CTRL_Q, CTRL_C] {
        screen.press(quit, "Quit and lose this sale?");
        screen.send(ENTER);
        screen.wait_gone("Quit and lose this sale?");
        screen.wait_for("Not quitting");
        assert!(screen.contents().contains("PLB-VALVE-075"));
    }
    screen.press(CTRL_Q, "Quit and lose this sale?");
    screen.send("y");
    let status = screen.wait_exit();
    assert!(status.success(), "{status}");
}

#[test]
fn long_work_shows_a_progress_bar_on_a_terminal() {
    let sandbox = Sandbox::new();
    let db = sandbox.data().join("big.db");
    let db = db.to_str().unwrap();
    sandbox.ok(&["init", "--db", db]);
    let mut screen = Screen::start(
        &sandbox,
        &["demo-data", "--products", "60000", "--db", db],
        100,
        10,
    );
    // A count out of the total, and an estimate of the time left.
    screen.wait_for("products [");
    screen.wait_for("/60,000 (");
    screen.wait_for("left)");
    screen.wait_for("generated 60000 products");
    assert!(screen.wait_exit().success());
}

/// A sale, one line of it returned by scanning the code its receipt prints, then the day
/// closed (Z) with the cash counted: the real binary in a terminal, figures read back from
/// the command line.
#[test]
fn ring_a_sale_return_a_line_by_scanning_the_receipt_and_close_the_day() {
    let sandbox = Sandbox::new();
    let mut screen = Screen::start(&sandbox, &["--demo", "--user", "morgan"], 80, 24);
    screen.sign_in_as_morgan();
    // A cash sale of two in-stock valves.
    screen.press("2*PLB-VALVE-075", "2*PLB-VALVE-075");
    screen.press(ENTER, "2 on the line");
    screen.press(F10, "Tender");
    screen.press(ENTER, "Invoice 1 done");
    let receipt = receipt_text(&sandbox.data(), 1);
    assert!(receipt.contains("Returns: INV-000001"), "{receipt}");

    // The scanner types the receipt's code at the item entry: the return opens on it.
    screen.press("INV-000001", "INV-000001");
    screen.press(ENTER, "Invoice 1: type the units coming back");
    screen.press("1", "Return");
    screen.press(F10, "y: yes");
    screen.press("y", "Return 2 done");

    // End of day: F8, d, z, the counted cash, then y.
    screen.press(F8, "Manager");
    screen.press("d", "Cash (net of change)");
    screen.press("z", "ounted");
    // 21.65 taken in cash less the 10.83 given back.
    screen.press("10.82", "10.82");
    screen.press(ENTER, "Close the day? y: yes");
    screen.press("y", "Day 1 closed, over/short 0.00");
    // Back from the Z report to the new day's X report, the menu, the sale.
    screen.press(ESC, "X report: the day so far");
    screen.press(ESC, "Dashboard");
    screen.send(ESC);
    screen.wait_gone("Dashboard");
    screen.quit();

    let db = sandbox.data().join("demo.db");
    let db = db.to_str().unwrap();
    let ret = sandbox.json(&["invoice", "show", "2", "--format", "json", "--db", db]);
    assert_eq!(s(&ret, "kind"), "return", "{ret}");
    let day = sandbox.json(&["day", "show", "1", "--format", "json", "--db", db]);
    assert_eq!(day["invoices"], 2, "{day}");
    let sales: rust_decimal::Decimal = s(&day, "sales").parse().unwrap();
    let returns: rust_decimal::Decimal = s(&day, "returns").parse().unwrap();
    assert!(
        returns > rust_decimal::Decimal::ZERO && returns < sales,
        "{day}"
    );
    let check = sandbox.ok(&["check", "--db", db]);
    assert!(check.ends_with("ok: every invariant holds\n"), "{check}");
}
