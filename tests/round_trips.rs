//! The counter's round trips: statements sent to the store for a key, counted exactly by
//! the store's connection.

mod common;

use common::till::{Till, till_over};
use ratatui::crossterm::event::KeyCode;
use ringup::domain::sale::{Payment, TenderKind};
use ringup::store::Store;

/// Statements the store sent while `act` ran.
fn sent(t: &mut Till, act: impl FnOnce(&mut Till)) -> u64 {
    let before = t.store().conn().statements();
    act(t);
    t.store().conn().statements() - before
}

/// A till as morgan on a store of 20 more products, with a sale of 9 lines on screen.
fn nine_lines() -> Till {
    nine_lines_on(common::store())
}

/// [`nine_lines`] on `store`, which has the test catalog.
fn nine_lines_on(mut store: Store) -> Till {
    let mut csv = String::from(
        "sku,barcode,description,price,breaks,on_hand,location,min_stock,reorder_qty,supplier,tax_class\n",
    );
    for n in 1..=20 {
        csv += &format!("P{n:02},90{n:02},Part {n},{n}.00,,50,MAIN,0,0,,standard\n");
    }
    store
        .import_products(csv.as_bytes(), &common::import_rules())
        .unwrap();
    let mut t = till_over(store, "morgan", tempfile::TempDir::new().unwrap(), |_| {});
    for n in 1..=9 {
        t.ring(&format!("P{n:02}"));
    }
    t
}

#[test]
fn ringing_an_item_is_two_round_trips_whatever_the_sales_size() {
    let mut t = nine_lines();
    assert_eq!(sent(&mut t, |t| t.ring("P10")), 2, "the 10th line");
    for n in 11..=20 {
        t.ring(&format!("P{n:02}"));
    }
    assert_eq!(sent(&mut t, |t| t.ring("VALVE")), 2, "the 21st line");
    // The same product again adds to its line: its stock is read again.
    assert_eq!(sent(&mut t, |t| t.ring("P01")), 2);
    assert_eq!(t.lines().len(), 21);
}

#[test]
fn a_key_that_changes_no_data_sends_nothing() {
    let mut t = nine_lines();
    let mut keys: Vec<(&str, u64)> = Vec::new();
    for (name, key) in [
        ("Up", KeyCode::Up),
        ("Down", KeyCode::Down),
        ("Home", KeyCode::Home),
        ("End", KeyCode::End),
        ("F1", KeyCode::F(1)),
        ("Esc", KeyCode::Esc),
        ("F9", KeyCode::F(9)),
        ("Esc", KeyCode::Esc),
        ("F10", KeyCode::F(10)),
        ("Esc", KeyCode::Esc),
        ("F5", KeyCode::F(5)),
        ("Esc", KeyCode::Esc),
        ("F8", KeyCode::F(8)),
        ("Esc", KeyCode::Esc),
    ] {
        keys.push((name, sent(&mut t, |t| t.key(key))));
    }
    keys.push(("Ctrl-L", sent(&mut t, |t| t.ctrl('l'))));
    keys.push(("Esc", sent(&mut t, |t| t.esc())));
    keys.push(("a letter", sent(&mut t, |t| t.typed("p"))));
    keys.push(("Backspace", sent(&mut t, |t| t.key(KeyCode::Backspace))));
    keys.push(("a tick", sent(&mut t, |t| t.app.tick())));
    assert!(keys.iter().all(|(_, n)| *n == 0), "{keys:?}");
    // The screen still shows the stock elsewhere it read when the line was rung.
    assert!(
        t.lines()[0]
            .availability
            .as_deref()
            .is_some_and(|a| a.contains("MAIN 49 after sale (50 now)")),
        "{:?}",
        t.lines()[0]
    );
}

/// Statements to commit a cash sale of one unit each of the first `n` parts.
fn commit_of(n: u32) -> u64 {
    let mut t = nine_lines();
    t.app.counter_mut().new_sale();
    for p in 1..=n {
        t.ring(&format!("P{p:02}"));
    }
    let lines = t.app.counter().sale.lines.clone();
    let store = &mut t.app.counter_mut().store;
    let before = store.conn().statements();
    common::commit_paid(
        store,
        &common::config(),
        &common::Paid {
            user: "morgan",
            customer: None,
            lines: &lines,
            payment: Payment::WhenReceived,
            kind: TenderKind::Cash,
            approvals: &[],
        },
    )
    .unwrap();
    let sent = store.conn().statements() - before;
    assert!(store.check().unwrap().is_empty());
    sent
}

#[test]
fn a_sales_commit_is_eight_statements_for_three_lines_and_for_twenty() {
    assert_eq!(commit_of(3), 8);
    assert_eq!(commit_of(20), 8);
}

/// A store whose orders use everything F7 shows: backorders with and without purchase
/// orders to come, a deposit, units held for pickup and a notice sent.
fn orders_of_every_kind() -> Store {
    use ringup::store::purchasing::NewPo;
    let mut store = common::store();
    common::load_suppliers(&mut store);
    common::ring_three_orders(&mut store);
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
    store.notify_order(3, "phone", "morgan").unwrap();
    store
}

#[test]
fn the_orders_list_is_two_statements_however_many_orders_it_shows() {
    use ringup::store::orders::OrderFilter;
    let store = orders_of_every_kind();
    let before = store.conn().statements();
    let page = store.order_page(&OrderFilter::default()).unwrap();
    assert_eq!(store.conn().statements() - before, 2);
    assert_eq!(page.orders.len(), 3);
    assert_eq!(page.matching, 3);
    // What the list shows came in those two: the date the purchase order gives the tape,
    // the screws held for pickup and their notice.
    let tape = &page.orders[1].doc.lines[0];
    assert!(tape.wait.eta.is_some(), "{tape:?}");
    assert!(page.orders[2].notified.is_some(), "{:?}", page.orders[2]);
}

#[test]
fn f7s_refresh_is_two_round_trips() {
    let mut t = till_over(
        orders_of_every_kind(),
        "morgan",
        tempfile::TempDir::new().unwrap(),
        |_| {},
    );
    t.f(7);
    assert_eq!(sent(&mut t, |t| t.app.tick()), 2);
    assert_eq!(sent(&mut t, |t| t.key(KeyCode::Down)), 0);
}

#[test]
#[ignore = "needs a PostgreSQL server (RINGUP_TEST_POSTGRES)"]
fn postgres_over_a_20_ms_link_the_10th_item_is_two_round_trips_and_an_arrow_none() {
    use ringup::latency::SlowLink;
    use std::time::{Duration, Instant};
    let admin = common::postgres().expect("RINGUP_TEST_POSTGRES names the server");
    let url = common::fresh_postgres(&admin);
    let mut store = Store::open_postgres(&url).unwrap();
    common::load_catalog(&mut store);
    drop(store);
    let link = SlowLink::postgres(&url, Duration::from_millis(20)).unwrap();
    let mut store = Store::open_postgres(link.url()).unwrap();
    store.set_clock(common::clock());
    let mut t = nine_lines_on(store);
    let start = Instant::now();
    assert_eq!(sent(&mut t, |t| t.ring("P10")), 2);
    let ring = start.elapsed();
    // Two round trips through the link: never faster than its floor.
    assert!(ring >= 2 * link.delay(), "{ring:?}");
    assert_eq!(t.lines().len(), 10);
    assert!(common::screen::render(&t.app, 80, 24).contains("Part 10"));
    assert_eq!(sent(&mut t, |t| t.key(KeyCode::Up)), 0);
    eprintln!("over a 20 ms link: the 10th item in {ring:?}");
}

/// The test store with `n` more products P01.. from Keystone, none on hand, below their
/// minimum: `n` + 2 purchase suggestions (TAPE and VALVE are short too).
fn short_of(n: u32) -> Store {
    let mut store = common::store();
    common::load_suppliers(&mut store);
    let mut csv = String::from(
        "sku,barcode,description,price,breaks,on_hand,location,min_stock,reorder_qty,supplier,tax_class\n",
    );
    for k in 1..=n {
        csv += &format!("P{k:02},91{k:02},Part {k},{k}.00,,0,MAIN,5,10,Keystone,standard\n");
    }
    store
        .import_products(csv.as_bytes(), &common::import_rules())
        .unwrap();
    store
}

#[test]
fn purchase_suggestions_are_as_many_statements_for_five_lines_as_for_forty() {
    let sent = |n: u32| {
        let store = short_of(n);
        let before = store.conn().statements();
        let rows = store.po_suggestions("MAIN", None).unwrap();
        assert_eq!(rows.len(), n as usize + 2);
        store.conn().statements() - before
    };
    assert_eq!(sent(3), sent(38));
}
