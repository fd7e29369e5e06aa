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

/// A store of large figures: GENSET at 12345.67 backordered on four orders that have
/// waited 0, 20, 60 and 150 days (330 units, 4074071.10), two of them prepaid (deposits
/// 1975307.20), and a PO of 400 GENSET.
fn large_store() -> Store {
    let mut store = common::store();
    common::load_suppliers(&mut store);
    let genset = "sku,barcode,description,price,breaks,on_hand,location,min_stock,reorder_qty,supplier,tax_class
GENSET,0009,Standby generator 22kW,12345.67,,0,MAIN,0,0,Keystone,standard
";
    let report = store
        .import_products(genset.as_bytes(), &common::import_rules())
        .unwrap();
    assert!(report.committed);
    let c = config();
    for (qty, payment, queued) in [
        (100, Payment::WhenInvoiced, "2026-12-02"),
        (80, Payment::WhenReceived, "2026-11-13"),
        (60, Payment::WhenInvoiced, "2026-10-04"),
        (90, Payment::WhenReceived, "2026-07-06"),
    ] {
        let order = ring(&mut store, &c, Some("C1"), &[("GENSET", qty, 0)], payment)
            .order
            .unwrap();
        store
            .conn()
            .execute(
                "UPDATE order_lines SET queued_at = ?1 WHERE order_number = ?2",
                ringup::store::params![format!("{queued}T10:00:00.000Z"), order],
            )
            .unwrap();
    }
    let po = store
        .create_po(
            &NewPo {
                supplier: "Keystone",
                location: "MAIN",
                expected: Some(jiff::civil::date(2026, 12, 10)),
                from_suggestions: false,
                user: "manager",
            },
            jiff::civil::date(2026, 12, 3),
        )
        .unwrap();
    store.add_to_po(po, "GENSET", 400, None, "manager").unwrap();
    store
}

#[test]
fn large_figures_are_shown_whole_with_the_bucket_labels_at_80x24() {
    let mut app = app_over(large_store(), Keymap::defaults());
    press(&mut app, KeyCode::F(8));
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(app.screen(), Screen::Dashboard);
    for (width, height) in common::screen::SIZES {
        let text = render(&app, width, height);
        for figure in [
            "330",
            "4074071.10",
            "1975307.20",
            "1234567.00",
            "987653.60",
            "740740.20",
            "1111110.30",
            "400",
        ] {
            assert!(
                text.contains(figure),
                "{figure} at {width}x{height}:\n{text}"
            );
        }
        // Each bucket's label begins its bar in both charts.
        for label in ["0-7", "8-30", "31-90", "90+"] {
            let charts = text.matches(&format!("│{label} ")).count();
            assert_eq!(charts, 2, "{label} at {width}x{height}:\n{text}");
        }
        assert!(
            !text.contains('…'),
            "nothing cut at {width}x{height}:\n{text}"
        );
    }
    snapshot_both!("dashboard_large", &app);
}

#[test]
fn an_empty_dashboard_says_so_in_each_chart() {
    let mut app = app_over(common::store(), Keymap::defaults());
    press(&mut app, KeyCode::F(8));
    press(&mut app, KeyCode::Char('g'));
    let text = render(&app, 80, 24);
    assert!(
        text.starts_with(
            " Dashboard  0 unit(s) backordered on 0 line(s), value 0.00; deposits held 0.00"
        ),
        "{text}"
    );
    for said in [
        "│ Nothing backordered.",
        "│ No deposits held on backorders.",
        "│ No open purchase orders.",
    ] {
        assert!(text.contains(said), "{said}:\n{text}");
    }
    assert_eq!(text.matches("│ Nothing backordered.").count(), 2, "{text}");
}
