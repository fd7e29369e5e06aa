//! The purchasing screen (F8 → o) driven by real keys: a supplier's suggestions become a
//! purchase order, the order is received and the waiting orders filled oldest first; and
//! its snapshots at 80×24 and 120×40.

mod common;

use common::screen::{app_over, press, render, snapshot_both};
use common::till::till_over;
use common::{config, ring};
use ratatui::crossterm::event::KeyCode;
use ringup::app::confirm::Confirm;
use ringup::app::{Keymap, Screen};
use ringup::domain::purchasing::PoStatus;
use ringup::domain::sale::Payment;
use ringup::store::Store;
use ringup::store::params;

/// The test catalog with its suppliers, and two orders waiting for TAPE: order 1 C2 3 TAPE,
/// order 2 C1 2 TAPE.
fn store() -> Store {
    let mut store = common::store();
    common::load_suppliers(&mut store);
    let c = config();
    ring(
        &mut store,
        &c,
        Some("C2"),
        &[("TAPE", 3, 0)],
        Payment::WhenReceived,
    );
    ring(
        &mut store,
        &c,
        Some("C1"),
        &[("TAPE", 2, 0)],
        Payment::WhenReceived,
    );
    store
}

/// (order, committed, backordered) of every order line.
fn order_lines(store: &Store) -> Vec<(i64, i64, i64)> {
    store
        .conn()
        .query_map(
            "SELECT order_number, committed, backordered FROM order_lines
             ORDER BY order_number, line_no",
            params![],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
}

/// The question on top.
fn question(till: &common::till::Till) -> String {
    let confirm: &Confirm = till
        .app
        .top()
        .unwrap_or_else(|| panic!("no question on top: {}", till.top_title()));
    confirm.question.clone()
}

/// How many purchase orders exist.
fn po_count(till: &common::till::Till) -> usize {
    till.store().purchase_orders(None).unwrap().len()
}

#[test]
fn suggestions_become_a_po_that_is_received_and_fills_the_oldest_order_first() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut till = till_over(store(), "morgan", dir, |c| {
        c.backorders.auto_commit_on_receipt = true;
    });
    till.f(8);
    till.key(KeyCode::Char('o'));
    assert_eq!(till.top_title(), "purchasing");
    // r on a supplier row receives nothing: it says what r is for.
    till.key(KeyCode::Char('r'));
    assert_eq!(
        till.status(),
        "r receives the purchase order under the cursor"
    );
    till.key(KeyCode::Char('n'));
    assert_eq!(
        question(&till),
        "Make a purchase order to Keystone: 2 lines, 35 units? y: yes · Enter: no"
    );
    till.key(KeyCode::Char('y'));
    assert!(
        till.status()
            .starts_with("Purchase order 1 for Keystone: 2 line(s), expected "),
        "{}",
        till.status()
    );
    let po = till.store().purchase_order(1).unwrap();
    assert_eq!(po.user, "morgan");
    assert!(
        till.store()
            .po_suggestions("MAIN", None)
            .unwrap()
            .is_empty()
    );
    // Enter shows the order as it prints.
    till.enter();
    assert_eq!(till.top_title(), "text: Purchase order 1");
    till.esc();
    till.key(KeyCode::Char('r'));
    assert_eq!(
        question(&till),
        "Receive purchase order 1 from Keystone: 2 lines, 35 units? y: yes · Enter: no"
    );
    till.key(KeyCode::Char('y'));
    assert_eq!(
        till.status(),
        "Purchase order 1: received 35 unit(s), 5 committed to waiting orders; received"
    );
    assert_eq!(till.top_title(), "purchasing");
    assert_eq!(
        till.store().purchase_order(1).unwrap().status,
        PoStatus::Received
    );
    assert_eq!(order_lines(till.store()), [(1, 3, 0), (2, 2, 0)]);
    assert!(till.store().check().unwrap().is_empty());
    till.esc();
    assert_eq!(till.top_title(), "manager menu");
}

#[test]
fn a_clerk_cannot_reach_the_purchasing_screen() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut till = till_over(store(), "casey", dir, |_| {});
    till.f(8);
    till.key(KeyCode::Char('o'));
    assert_ne!(till.top_title(), "purchasing");
    assert!(till.store().purchase_orders(None).unwrap().is_empty());
}

#[test]
fn purchasing_screen_snapshots() {
    let mut store = store();
    store
        .create_po(
            &ringup::store::purchasing::NewPo {
                supplier: "Northline",
                location: "MAIN",
                expected: Some(jiff::civil::date(2026, 12, 1)),
                from_suggestions: false,
                user: "manager",
            },
            jiff::civil::date(2026, 11, 22),
        )
        .unwrap();
    store.add_to_po(1, "SCREW", 50, None, "manager").unwrap();
    store
        .receive_po(1, &[("SCREW".into(), 20)], "manager", false)
        .unwrap();
    let mut app = app_over(store, Keymap::defaults());
    press(&mut app, KeyCode::F(8));
    press(&mut app, KeyCode::Char('o'));
    assert_eq!(app.screen(), Screen::Purchasing);
    press(&mut app, KeyCode::Down);
    let text = render(&app, 80, 24);
    assert!(text.contains("▶ PO 1"), "{text}");
    snapshot_both!("purchasing", &app);
}

/// Two suppliers with suggestions: Keystone (TAPE and VALVE) and Northline (SCREW, made
/// short here), so the cursor has a next supplier to land on.
fn two_suppliers() -> Store {
    let mut store = store();
    store
        .receive_and_fill(
            "SCREW",
            -95,
            "MAIN",
            ringup::store::stock::MovementKind::Count,
            "count",
            "manager",
            false,
        )
        .unwrap();
    store
}

#[test]
fn a_double_n_makes_one_purchase_order_and_n_then_no_makes_none() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut till = till_over(two_suppliers(), "morgan", dir, |_| {});
    till.f(8);
    till.key(KeyCode::Char('o'));
    assert_eq!(till.top_title(), "purchasing");
    // n asks; the second n is the answer No.
    till.key(KeyCode::Char('n'));
    assert!(
        question(&till).starts_with("Make a purchase order to Keystone: 2 lines, 35 units?"),
        "{}",
        question(&till)
    );
    till.key(KeyCode::Char('n'));
    assert_eq!(till.top_title(), "purchasing");
    assert_eq!(till.status(), "No purchase order made");
    assert_eq!(po_count(&till), 0);
    // Enter and Esc are No too.
    till.key(KeyCode::Char('n'));
    till.enter();
    till.key(KeyCode::Char('n'));
    till.esc();
    assert_eq!(till.top_title(), "purchasing");
    assert_eq!(po_count(&till), 0);
    // y makes it; the cursor then rests on the next supplier, and a second n only asks.
    till.key(KeyCode::Char('n'));
    till.key(KeyCode::Char('y'));
    assert_eq!(po_count(&till), 1);
    till.key(KeyCode::Char('n'));
    assert!(
        question(&till).starts_with("Make a purchase order to Northline: 1 line, "),
        "{}",
        question(&till)
    );
    till.key(KeyCode::Char('n'));
    assert_eq!(po_count(&till), 1);
    // r on the order asks too, and No receives nothing.
    till.key(KeyCode::Down);
    till.key(KeyCode::Char('r'));
    assert_eq!(
        question(&till),
        "Receive purchase order 1 from Keystone: 2 lines, 35 units? y: yes · Enter: no"
    );
    till.enter();
    assert_eq!(till.status(), "Nothing received");
    assert_eq!(
        till.store().purchase_order(1).unwrap().status,
        PoStatus::Open
    );
    assert_eq!(order_lines(till.store()), [(1, 0, 3), (2, 0, 2)]);
}

#[test]
fn receiving_a_po_offers_the_waiting_orders_as_a_receipt_does() {
    // auto_commit_on_receipt off (the default): the receipt offers the fill.
    let dir = tempfile::TempDir::new().unwrap();
    let mut till = till_over(store(), "morgan", dir, |_| {});
    till.f(8);
    till.key(KeyCode::Char('o'));
    till.key(KeyCode::Char('n'));
    till.key(KeyCode::Char('y'));
    till.key(KeyCode::Char('r'));
    till.key(KeyCode::Char('y'));
    assert_eq!(
        till.status(),
        "Purchase order 1: received 35 unit(s), 0 committed to waiting orders; received"
    );
    assert_eq!(
        till.top_title(),
        "Purchase order 1: fill waiting orders?",
        "the waiting orders are offered"
    );
    let body = till.choice_body().join("\n");
    assert!(
        body.contains("MAIN TAPE: on hand 25, committed 0, available 25"),
        "{body}"
    );
    assert!(body.contains("order 1 "), "{body}");
    assert_eq!(order_lines(till.store()), [(1, 0, 3), (2, 0, 2)]);
    till.key(KeyCode::Char('f'));
    assert_eq!(till.top_title(), "text: Filled");
    assert_eq!(
        till.text_lines(),
        [
            "Committed 3 of TAPE to order 1 line 1",
            "Committed 2 of TAPE to order 2 line 1"
        ]
    );
    assert_eq!(order_lines(till.store()), [(1, 3, 0), (2, 2, 0)]);
    assert!(till.store().check().unwrap().is_empty());
    till.esc();
    assert_eq!(till.top_title(), "purchasing");
}

#[test]
fn the_receive_question_shows_whole_even_when_it_wraps() {
    // A supplier with a long code: the question is wider than 80 columns.
    let mut store = store();
    let long = "Keystone Plumbing Supply of the Prairies";
    let csv = format!("code,name,phone,email,lead_time_days\n{long},{long},,,7\n");
    assert!(
        store
            .import_suppliers(csv.as_bytes(), &common::import_rules())
            .unwrap()
            .committed
    );
    store
        .create_po(
            &ringup::store::purchasing::NewPo {
                supplier: long,
                location: "MAIN",
                expected: Some(jiff::civil::date(2026, 12, 1)),
                from_suggestions: false,
                user: "manager",
            },
            jiff::civil::date(2026, 11, 22),
        )
        .unwrap();
    store.add_to_po(1, "SCREW", 1232, None, "manager").unwrap();
    let mut app = app_over(store, Keymap::defaults());
    press(&mut app, KeyCode::F(8));
    press(&mut app, KeyCode::Char('o'));
    // The cursor starts on Keystone's suggestions; the PO is the last row.
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('r'));
    let text = render(&app, 80, 24);
    let flat = text.replace('│', " ");
    let flat = flat.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(&format!(
            "Receive purchase order 1 from {long}: 1 line, 1,232 units? y: yes · Enter: no"
        )),
        "{text}"
    );
    insta::assert_snapshot!("purchasing_receive_question_80x24", text);
}
