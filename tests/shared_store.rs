//! Several terminals share one store: what another terminal (another `Store` handle on the
//! same file) changes shows on F7 and on an open order after an idle tick, and on every
//! return to F7, without moving the cursor off its order or losing the filter or a dialog.

mod common;

use common::till::{Till, till_over};
use common::{config, in_days, load_catalog, ring};
use ringup::app::Screen;
use ringup::app::orders::Orders;
use ringup::domain::sale::Payment;
use ringup::store::Store;
use ringup::store::orders::Fillable;
use ringup::store::stock::MovementKind;
use tempfile::TempDir;

/// A till over a store file with two orders waiting for TAPE (order 1 for C1, order 2 for
/// C2), and a second handle on the same file: the other terminal.
fn two_terminals() -> (Till, Store) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("shop.db");
    let mut store = Store::open(&path).unwrap();
    store.set_clock(common::clock());
    load_catalog(&mut store);
    let c = config();
    for account in ["C1", "C2"] {
        ring(
            &mut store,
            &c,
            Some(account),
            &[("TAPE", 2, 0)],
            Payment::WhenReceived,
        );
    }
    let till = till_over(store, "morgan", dir, |_| {});
    let mut other = Store::open(&till.dir.path().join("shop.db")).unwrap();
    other.set_clock(common::clock());
    (till, other)
}

fn list(t: &Till) -> &Orders {
    t.app.find().expect("the orders list")
}

/// The due date and the fillable marks of `order` as the list shows them.
fn listed(t: &Till, order: i64) -> (Option<String>, Vec<Fillable>) {
    let row = list(t)
        .rows
        .iter()
        .find(|o| o.doc.number == order)
        .unwrap_or_else(|| panic!("order {order} is not listed"));
    (row.doc.due.clone(), row.fillable.clone())
}

fn receive_tape(store: &mut Store, qty: i64) {
    store
        .receive(
            "TAPE",
            qty,
            "MAIN",
            MovementKind::Receipt,
            "delivery",
            "morgan",
        )
        .unwrap();
}

#[test]
fn f7_shows_another_terminals_due_date_and_receipt_after_a_tick() {
    let (mut t, mut other) = two_terminals();
    t.f(7);
    t.key(ratatui::crossterm::event::KeyCode::Down);
    assert_eq!(list(&t).cursor, 1);
    let due = in_days(7);
    other.set_due(2, Some(&due), "morgan", &[]).unwrap();
    receive_tape(&mut other, 2);
    assert_eq!(listed(&t, 2), (None, vec![Fillable::None]), "not yet read");

    t.app.tick();
    assert_eq!(listed(&t, 2), (Some(due), vec![Fillable::Here]));
    assert_eq!(listed(&t, 1).1, [Fillable::Here]);
    // The due date sorts nothing here (the list is by date): the cursor stays on order 2.
    assert_eq!(list(&t).rows[list(&t).cursor].doc.number, 2);
}

#[test]
fn a_tick_keeps_the_cursor_on_its_order_and_the_filter_typed() {
    let (mut t, mut other) = two_terminals();
    t.f(7);
    t.typed("TAPE");
    t.key(ratatui::crossterm::event::KeyCode::Down);
    assert_eq!(list(&t).rows[list(&t).cursor].doc.number, 2);
    // Another terminal cancels order 1's backorder: it leaves the list, order 2 moves up.
    other
        .cancel_backorder(
            1,
            1,
            None,
            common::CASH,
            "morgan",
            &config().order_rules(),
            &[],
        )
        .unwrap();
    t.app.tick();
    assert_eq!(list(&t).filter.value(), "TAPE");
    let numbers: Vec<i64> = list(&t).rows.iter().map(|o| o.doc.number).collect();
    assert_eq!(numbers, [2]);
    assert_eq!(list(&t).cursor, 0, "still on order 2");
}

#[test]
fn returning_to_f7_reads_the_store_again() {
    let (mut t, mut other) = two_terminals();
    // From the order screen.
    t.open_first_order();
    other.set_due(1, Some(&in_days(3)), "morgan", &[]).unwrap();
    t.esc();
    assert_eq!(t.app.screen(), Screen::Orders);
    assert_eq!(listed(&t, 1).0, Some(in_days(3)));
    // From a layer that hands nothing back (the help).
    t.f(1);
    assert_ne!(t.app.screen(), Screen::Orders);
    receive_tape(&mut other, 4);
    t.esc();
    assert_eq!(t.app.screen(), Screen::Orders);
    assert_eq!(listed(&t, 2).1, [Fillable::Here]);
}

#[test]
fn the_open_order_reads_the_store_again_on_a_tick() {
    let (mut t, mut other) = two_terminals();
    t.open_first_order();
    assert_eq!(t.order_fillable(), [Fillable::None]);
    receive_tape(&mut other, 2);
    other.set_due(1, Some(&in_days(1)), "morgan", &[]).unwrap();
    t.app.tick();
    assert_eq!(t.order_fillable(), [Fillable::Here]);
    assert_eq!(
        t.order().order.doc.due.as_deref(),
        Some(in_days(1).as_str())
    );
}

#[test]
fn a_tick_leaves_a_dialog_and_what_is_typed_in_it_alone() {
    let (mut t, mut other) = two_terminals();
    t.open_first_order();
    t.typed("d");
    assert_eq!(t.top_title(), "form: Due date of order 1");
    t.ctrl('u');
    t.typed("20");
    receive_tape(&mut other, 2);
    t.app.tick();
    assert_eq!(t.top_title(), "form: Due date of order 1");
    // The form keeps what was typed: finishing the date sets it.
    let due = in_days(2);
    t.typed(&due[2..]);
    t.enter();
    assert_eq!(t.status(), format!("Order 1 due {due}"));
}

#[test]
fn f7_holds_the_first_orders_and_says_how_many_match_in_all() {
    let mut store = common::store();
    let c = common::config();
    let orders = ringup::app::orders::LIST_LIMIT + 5;
    for _ in 0..orders {
        common::ring(
            &mut store,
            &c,
            Some("C2"),
            &[("TAPE", 1, 0)],
            ringup::domain::sale::Payment::WhenReceived,
        );
    }
    let mut t = common::till::till_over(store, "morgan", tempfile::TempDir::new().unwrap(), |_| {});
    t.f(7);
    assert_eq!(list(&t).rows.len(), ringup::app::orders::LIST_LIMIT);
    assert_eq!(list(&t).matching, orders);
    let screen = common::screen::render(&t.app, 80, 24);
    assert!(
        screen.contains(&format!(
            "Orders in process [all] first {} of {orders}",
            ringup::app::orders::LIST_LIMIT
        )),
        "{screen}"
    );
    // Typing narrows the list to what fits: the count goes.
    t.typed("205");
    assert_eq!(list(&t).matching, 1);
    let screen = common::screen::render(&t.app, 80, 24);
    assert!(!screen.contains(" of "), "{screen}");
}
