//! The manager's dashboard (F8 → g) and the wait shown on the orders screens: charts of
//! backorder aging, deposits, top backordered products and open POs by week, at 80×24 and
//! 120×40 in monochrome (as under NO_COLOR); ETAs and the pickup mark on an order.

mod common;

use common::screen::{app_over, press, render, snapshot_both};
use common::{config, ring};
use ratatui::crossterm::event::KeyCode;
use ringup::app::{Keymap, Screen};
use ringup::domain::sale::Payment;
use ringup::store::Store;
use ringup::store::purchasing::NewPo;

/// Order 1: C2 3 TAPE waiting; order 2: C1 4 VALVE prepaid (2 delivered, 2 waiting);
/// order 3: C1 10 SCREW, 4 held back (ready). PO 1 (Keystone, expected 2026-12-01) brings
/// 5 TAPE and covers order 1.
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
        &[("VALVE", 4, 0)],
        Payment::WhenInvoiced,
    );
    ring(
        &mut store,
        &c,
        Some("C1"),
        &[("SCREW", 10, 4)],
        Payment::WhenReceived,
    );
    let po = store
        .create_po(
            &NewPo {
                supplier: "Keystone",
                location: "MAIN",
                expected: Some(jiff::civil::date(2026, 12, 1)),
                from_suggestions: false,
                user: "manager",
            },
            jiff::civil::date(2026, 11, 22),
        )
        .unwrap();
    store.add_to_po(po, "TAPE", 5, None, "manager").unwrap();
    store
}

#[test]
fn the_dashboard_charts_what_waits() {
    let mut app = app_over(store(), Keymap::defaults());
    press(&mut app, KeyCode::F(8));
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(app.screen(), Screen::Dashboard);
    let text = render(&app, 80, 24);
    // 3 TAPE (3.00) and 2 VALVE (16.66) wait, all of it under a week; the VALVE deposit.
    assert!(
        text.contains("5 unit(s) backordered on 2 line(s), value 19.66"),
        "{text}"
    );
    assert!(text.contains("deposits held 16.66"), "{text}");
    assert!(text.contains("19.66"), "{text}");
    assert!(text.contains("TAPE"), "{text}");
    assert!(text.contains("W49 Keystone"), "{text}");
    snapshot_both!("dashboard", &app);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen(), Screen::Manager);
}

#[test]
fn orders_show_their_wait_and_an_order_shows_its_eta_and_is_marked_notified() {
    let mut app = app_over(store(), Keymap::defaults());
    press(&mut app, KeyCode::F(7));
    let text = render(&app, 80, 24);
    let tape = text.lines().find(|l| l.contains("Pat Walker")).unwrap();
    assert!(tape.ends_with("3   0d      3.00"), "{text}");
    snapshot_both!("orders_waiting", &app);
    press(&mut app, KeyCode::Enter);
    let text = render(&app, 80, 24);
    assert!(text.contains("12-01"), "{text}");
    assert!(
        text.contains("TAPE: 3 B/O worth 3.00, waited 0d, ETA 2026-12-01 on PO 1"),
        "{text}"
    );
    snapshot_both!("order_eta", &app);
    // Nothing is ready on order 1: n says so.
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.screen(), Screen::Order);
    press(&mut app, KeyCode::Esc);
    // Order 3 has 4 SCREW held back for pickup: n asks how the customer was told.
    for _ in 0..2 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    let text = render(&app, 80, 24);
    assert!(text.contains("Ready 0 day(s), phone 555-0101"), "{text}");
    assert!(text.contains("not notified yet (n)"), "{text}");
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.screen(), Screen::NotifyVia);
    press(&mut app, KeyCode::Char('p'));
    assert_eq!(app.screen(), Screen::Order);
    let text = render(&app, 80, 24);
    assert!(text.contains("notified "), "{text}");
    assert!(text.contains(" phone manager"), "{text}");
}
