//! The store's own time: a sale rung in the evening in Los Angeles (already tomorrow in UTC)
//! is dated, printed and counted on the store's day; every row bears the clock's instant,
//! never the database's; a day stays one day across midnight and a clock change.

mod common;

use common::till::till_over;
use common::{config, receipt_text, ring, store};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use ringup::clock::Clock;
use ringup::domain::calendar::day_of;
use ringup::domain::sale::Payment;
use ringup::store::orders::OrderFilter;
use ringup::store::params;

fn la() -> TimeZone {
    TimeZone::get("America/Los_Angeles").unwrap()
}

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

#[test]
fn an_evening_sale_in_los_angeles_is_on_the_stores_day() {
    let clock = Clock::fixed(at("2026-12-08T01:30:00Z"), la());
    let mut store = store();
    store.set_clock(clock.clone());
    let mut t = till_over(store, "morgan", tempfile::TempDir::new().unwrap(), |c| {
        c.store.time_zone = la();
    });
    // 4 VALVE with 2 on the shelf: 2 delivered, 2 on order for Dunmore, paid when received.
    t.ring_order("Dunmore", "4*VALVE", "r");

    let receipt = receipt_text(t.dir.path(), 1);
    assert!(receipt.contains("2026-12-07 17:30"), "{receipt}");
    assert!(!receipt.contains("2026-12-08"), "{receipt}");

    let order = t.store().order(1).unwrap().unwrap();
    assert_eq!(
        order.ordered_at, "2026-12-08T01:30:00.000Z",
        "stored in UTC"
    );
    assert_eq!(day_of(&order.ordered_at, t.store().zone()), "2026-12-07");
    assert_eq!(t.store().today(), jiff::civil::date(2026, 12, 7));
    let slip = ringup::present::receipt::order_text(&order, t.store().zone());
    assert!(
        slip.starts_with("Order 1  from invoice 1  2026-12-07\n"),
        "{slip}"
    );

    // The backorder report dates it on the store's day.
    let rows = t.store().backorder_report().unwrap();
    assert_eq!(rows[0].date, "2026-12-07");
    assert_eq!(rows[0].days_waiting, 0);

    // It has waited a day only when the store's day turns: not at 07:59 UTC (23:59 there),
    // but at 08:00 UTC.
    clock.set(at("2026-12-08T07:59:59Z"));
    let waited = |t: &common::till::Till| {
        let orders = t.store().orders(&OrderFilter::default()).unwrap();
        orders[0].doc.lines[0].wait.days_waiting
    };
    assert_eq!(waited(&t), Some(0));
    clock.set(at("2026-12-08T08:00:00Z"));
    assert_eq!(waited(&t), Some(1));

    // The day closed that night counts it; its JSON gives the close in the store's time,
    // with the offset.
    clock.set(at("2026-12-08T06:15:00Z"));
    let z = t
        .app
        .counter_mut()
        .store
        .close_day("MAIN", money("118.34"), money("100.00"), "morgan")
        .unwrap();
    assert_eq!(z.figures.invoices, 1);
    assert_eq!(z.over_short.unwrap().to_string(), "0.00");
    let mut json = Vec::new();
    ringup::present::day::write(
        &mut json,
        ringup::present::reports::Format::Json,
        &z,
        t.store().zone(),
    )
    .unwrap();
    let json = String::from_utf8(json).unwrap();
    assert!(
        json.contains("\"closed_at\": \"2026-12-07T22:15:00.000-08:00\""),
        "{json}"
    );
}

fn money(text: &str) -> ringup::domain::Money {
    common::money(text)
}

/// Every time column of every table the counter and the manager write.
const TIME_COLUMNS: &[(&str, &str)] = &[
    ("stock_movements", "at"),
    ("invoices", "at"),
    ("orders", "ordered_at"),
    ("order_lines", "queued_at"),
    ("deposits", "at"),
    ("audit_log", "at"),
    ("order_notices", "at"),
    ("days", "closed_at"),
    ("no_sales", "at"),
    ("account_payments", "at"),
    ("parked_sales", "at"),
    ("purchase_orders", "ordered_at"),
];

#[test]
fn every_row_bears_the_clocks_instant_never_the_databases() {
    // A clock a year and more from any real day: a row stamped by the database's own
    // `now` would show it.
    let clock = Clock::fixed(at("2031-02-03T04:05:06.789Z"), la());
    let mut store = common::empty_store();
    store.set_clock(clock.clone());
    common::load_catalog(&mut store);
    common::load_suppliers(&mut store);
    let c = config();
    common::ring_three_orders(&mut store);
    store
        .receive(
            "VALVE",
            2,
            "MAIN",
            ringup::store::stock::MovementKind::Receipt,
            "delivery",
            "morgan",
        )
        .unwrap();
    store.notify_order(3, "phone", "morgan").unwrap();
    // Order 3's four SCREW held back are handed over on its final invoice, paid in cash.
    let rules = c.order_rules();
    let due = store.preview_convert(3, &rules).unwrap().due;
    store
        .convert_to_invoice(
            3,
            "morgan",
            &[(ringup::domain::sale::TenderKind::Cash, due)],
            money("0.00"),
            &rules,
            &[],
        )
        .unwrap();

    store
        .no_sale("MAIN", "morgan", "change for the float")
        .unwrap();
    common::park(
        &mut store,
        ringup::domain::parked::ParkKind::Quote,
        Some("C1"),
        &[("SCREW", 2, 0)],
    );
    common::ring_on_account(
        &mut store,
        &c,
        "C2",
        &[("SCREW", 1, 0)],
        Payment::WhenReceived,
    );
    store
        .pay_on_account(&ringup::store::payments::NewPayment {
            account: "C2",
            amount: money("5.00"),
            tender: ringup::domain::payment::PaymentTender::Cash,
            location: "MAIN",
            user: "morgan",
        })
        .unwrap();
    store
        .create_po(
            &ringup::store::purchasing::NewPo {
                supplier: "Keystone",
                location: "MAIN",
                expected: None,
                from_suggestions: false,
                user: "morgan",
            },
            store.today(),
        )
        .unwrap();
    store
        .close_day("MAIN", money("100.00"), money("0.00"), "morgan")
        .unwrap();

    for (table, column) in TIME_COLUMNS {
        let stamps: Vec<String> = store
            .conn()
            .query_map(
                &format!("SELECT DISTINCT {column} FROM {table}"),
                params![],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            stamps,
            ["2031-02-03T04:05:06.789Z"],
            "{table}.{column} holds a time that is not the clock's"
        );
    }
}

#[test]
fn a_day_open_across_midnight_and_a_clock_change_is_one_day_until_z() {
    // 2026-11-01 in Los Angeles: 01:00 to 01:59 comes twice (-07:00, then -08:00).
    let clock = Clock::fixed(at("2026-11-01T06:30:00Z"), la()); // Oct 31, 23:30 PDT
    let mut store = store();
    store.set_clock(clock.clone());
    let c = config();
    let sell = |store: &mut ringup::store::Store| {
        ring(store, &c, None, &[("SCREW", 1, 0)], Payment::WhenReceived);
    };
    sell(&mut store);
    for later in [
        "2026-11-01T07:30:00Z", // 00:30 PDT, after midnight
        "2026-11-01T08:30:00Z", // 01:30 PDT, the first time
        "2026-11-01T09:30:00Z", // 01:30 PST, the second time
        "2026-11-01T11:00:00Z", // 03:00 PST
    ] {
        clock.set(at(later));
        sell(&mut store);
    }
    let times: Vec<String> = (1..=5)
        .map(|n| {
            let doc = store.invoice(n).unwrap().unwrap();
            ringup::domain::calendar::iso_in_zone(&doc.at, store.zone()).unwrap()
        })
        .collect();
    assert_eq!(
        times,
        [
            "2026-10-31T23:30:00.000-07:00",
            "2026-11-01T00:30:00.000-07:00",
            "2026-11-01T01:30:00.000-07:00",
            "2026-11-01T01:30:00.000-08:00",
            "2026-11-01T03:00:00.000-08:00",
        ]
    );
    // No hour lost or doubled: the day so far holds all five sales, and the Z closes them.
    let x = store.day_report("MAIN", money("0.00")).unwrap();
    assert_eq!(x.figures.invoices, 5);
    assert_eq!(x.figures.cash_in.to_string(), "25.00");
    let z = store
        .close_day("MAIN", money("25.00"), money("0.00"), "morgan")
        .unwrap();
    assert_eq!(
        (z.figures.first_invoice, z.figures.last_invoice),
        (Some(1), Some(5))
    );
    assert_eq!(z.over_short.unwrap().to_string(), "0.00");
    // The next day starts empty, at the instant the Z was taken.
    let next = store.day_report("MAIN", money("0.00")).unwrap();
    assert_eq!(next.figures.invoices, 0);
    assert_eq!(next.opened_at.as_deref(), Some("2026-11-01T11:00:00.000Z"));
    let slip = ringup::present::day::table(&z, store.zone());
    assert!(slip.contains("2026-11-01 03:00"), "{slip}");
}
