//! The manager's side of customer orders through the store: receipts filling waiting orders,
//! release, final invoices under both payment modes, cancel, void, due dates, fillability.
//! `check` must pass after every flow.

mod common;

use common::{CASH, config, in_days, money, ring, store};
use ringup::config::Config;
use ringup::domain::Money;
use ringup::domain::sale::{Payment, TenderKind};
use ringup::store::orders::{Fillable, OrderFilter, OrderRules, OrderSort, StatusFilter};
use ringup::store::params;
use ringup::store::stock::MovementKind;
use ringup::store::{Store, StoreError};

fn rules(c: &Config) -> OrderRules {
    c.order_rules()
}

fn assert_sound(store: &Store) {
    let findings = store.check().unwrap();
    assert!(findings.is_empty(), "{findings:#?}");
}

fn product_id(store: &Store, sku: &str) -> i64 {
    store.require_product(sku).unwrap().id
}

/// A supplier receipt at MAIN, without filling anything.
fn receive(store: &mut Store, sku: &str, qty: i64) {
    store
        .receive_and_fill(
            sku,
            qty,
            "MAIN",
            MovementKind::Receipt,
            "test",
            "boss",
            false,
        )
        .unwrap();
}

fn invoice_count(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM invoices", params![], |r| r.get(0))
        .unwrap()
}

/// A customer order for `account` of one line (SKU, quantity, held back), paid when
/// received; returns its number.
fn order_for(store: &mut Store, c: &Config, account: &str, line: (&str, u32, u32)) -> i64 {
    ring(store, c, Some(account), &[line], Payment::WhenReceived)
        .order
        .unwrap()
}

/// The seed example as a customer order: VALVE regular 10.00, 3for25.00, 2 on hand, the
/// customer orders 4.
fn seed_order(store: &mut Store, c: &Config, payment: Payment) -> i64 {
    let done = ring(store, c, Some("C1"), &[("VALVE", 4, 0)], payment);
    done.order.unwrap()
}

#[test]
fn prepaid_order_filled_in_two_receipts_and_converted_twice() {
    let mut store = store();
    let c = config();
    let r = rules(&c);
    let order = seed_order(&mut store, &c, Payment::WhenInvoiced);
    assert_eq!(store.order(order).unwrap().unwrap().deposit, money("16.66"));

    // First receipt: one unit, released to the order, invoiced from the deposit.
    receive(&mut store, "VALVE", 1);
    let released = store.release_backorders(order, "boss", false, &[]).unwrap();
    assert_eq!(released.len(), 1);
    assert_eq!(released[0].qty, 1);
    let preview = store.preview_convert(order, &r).unwrap();
    assert_eq!(preview.goods, money("6.66"));
    assert_eq!(preview.deposit_applied, money("6.66"));
    assert!(preview.due.is_zero());
    let first = store
        .convert_to_invoice(order, "boss", &[], Money::ZERO, &r, &[])
        .unwrap();
    let doc = store.invoice(first).unwrap().unwrap();
    assert_eq!(doc.kind.as_str(), "final");
    assert_eq!(doc.order_number, Some(order));
    assert_eq!(doc.lines[0].qty, 1);
    assert_eq!(doc.lines[0].backordered, 1);
    assert_eq!(doc.lines[0].amount, money("6.66"));
    assert_eq!(doc.deposit_applied, money("6.66"));
    assert!(doc.total.is_zero());
    assert!(doc.tenders.is_empty());
    let o = store.order(order).unwrap().unwrap();
    assert_eq!(o.status.as_str(), "open");
    assert_eq!(o.deposit, money("10.00"));
    assert_eq!(
        (
            o.lines[0].delivered,
            o.lines[0].committed,
            o.lines[0].backordered
        ),
        (3, 0, 1)
    );
    assert_sound(&store);

    // Second receipt: the rest, filled on receipt, and the order closes.
    let valve = product_id(&store, "VALVE");
    receive(&mut store, "VALVE", 1);
    let filled = store.fill_waiting(valve, "MAIN", 5, "boss").unwrap();
    assert_eq!(filled.len(), 1);
    let second = store
        .convert_to_invoice(order, "boss", &[], Money::ZERO, &r, &[])
        .unwrap();
    assert_eq!(second, first + 1, "invoice numbers follow on");
    let doc = store.invoice(second).unwrap().unwrap();
    assert_eq!(doc.lines[0].amount, money("10.00"));
    assert_eq!(doc.deposit_applied, money("10.00"));
    assert!(doc.total.is_zero());
    let o = store.order(order).unwrap().unwrap();
    assert_eq!(o.status.as_str(), "closed");
    assert!(o.deposit.is_zero());
    assert_eq!(o.lines[0].delivered, 4);
    // Nothing charged twice: 18.34 + 6.66 + 10.00 = T(4).
    assert_eq!(o.lines[0].charged, money("35.00"));
    assert_eq!(o.lines[0].prepaid_applied, money("16.66"));
    assert!(store.deposits_report().unwrap().is_empty());
    let level = store.stock_level(valve, "MAIN").unwrap();
    assert_eq!((level.on_hand, level.committed), (0, 0));
    assert_sound(&store);
}

#[test]
fn prepaid_order_with_tax_pays_nothing_more_at_the_last_fill() {
    let mut store = store();
    let mut c = config();
    c.tax
        .rates
        .insert("standard".into(), rust_decimal::Decimal::new(825, 2));
    let r = rules(&c);
    let order = seed_order(&mut store, &c, Payment::WhenInvoiced);
    // 16.66 + tax 1.37 prepaid.
    assert_eq!(store.order(order).unwrap().unwrap().deposit, money("18.03"));
    for _ in 0..2 {
        receive(&mut store, "VALVE", 1);
        store.release_backorders(order, "boss", false, &[]).unwrap();
        let preview = store.preview_convert(order, &r).unwrap();
        assert!(preview.due.is_zero(), "{preview:?}");
        store
            .convert_to_invoice(order, "boss", &[], Money::ZERO, &r, &[])
            .unwrap();
    }
    let o = store.order(order).unwrap().unwrap();
    assert_eq!(o.status.as_str(), "closed");
    assert!(o.deposit.is_zero());
    // The first fill's tax is 6.66 × 8.25% = 0.55; the last takes the cent the deposit's
    // tax rounded away: 18.03 − 7.21 − 10.00 = 0.82 rather than 0.83.
    let last = store.last_invoice_number().unwrap().unwrap();
    let doc = store.invoice(last).unwrap().unwrap();
    assert_eq!(doc.tax, money("0.82"));
    assert_eq!(doc.deposit_applied, money("10.82"));
    assert_sound(&store);
}

#[test]
fn pay_when_received_backorder_filled_at_once_costs_16_66() {
    let mut store = store();
    let c = config();
    let r = rules(&c);
    let order = seed_order(&mut store, &c, Payment::WhenReceived);
    let outcome = store
        .receive_and_fill(
            "VALVE",
            2,
            "MAIN",
            MovementKind::Receipt,
            "PO-1",
            "boss",
            true,
        )
        .unwrap();
    assert_eq!(outcome.filled.len(), 1);
    assert_eq!(outcome.filled[0].qty, 2);
    assert!(outcome.waiting.is_empty());
    let preview = store.preview_convert(order, &r).unwrap();
    assert_eq!(preview.due, money("16.66"));
    assert!(preview.deposit_applied.is_zero());

    // Not covered: refused as bad input, nothing written.
    let before = invoice_count(&store);
    let err = store
        .convert_to_invoice(
            order,
            "boss",
            &[(TenderKind::Cash, money("10.00"))],
            Money::ZERO,
            &r,
            &[],
        )
        .unwrap_err();
    assert!(err.is_bad_input(), "{err}");
    assert!(err.to_string().contains("16.66"), "{err}");
    assert_eq!(invoice_count(&store), before);

    let invoice = store
        .convert_to_invoice(
            order,
            "boss",
            &[(TenderKind::Cash, money("20.00"))],
            money("3.34"),
            &r,
            &[],
        )
        .unwrap();
    let doc = store.invoice(invoice).unwrap().unwrap();
    assert_eq!(doc.total, money("16.66"));
    assert_eq!(doc.change, money("3.34"));
    assert_eq!(doc.tenders[0].amount, money("20.00"));
    let o = store.order(order).unwrap().unwrap();
    assert_eq!(o.status.as_str(), "closed");
    assert_eq!(o.lines[0].charged, money("35.00"));
    assert_sound(&store);
}

#[test]
fn pay_when_received_backorder_filled_one_at_a_time_costs_6_66_then_10_00() {
    let mut store = store();
    let c = config();
    let r = rules(&c);
    let order = seed_order(&mut store, &c, Payment::WhenReceived);
    let mut charges = Vec::new();
    for _ in 0..2 {
        receive(&mut store, "VALVE", 1);
        store.release_backorders(order, "boss", false, &[]).unwrap();
        let due = store.preview_convert(order, &r).unwrap().due;
        charges.push(due.to_string());
        store
            .convert_to_invoice(
                order,
                "boss",
                &[(TenderKind::Card, due)],
                Money::ZERO,
                &r,
                &[],
            )
            .unwrap();
        assert_sound(&store);
    }
    assert_eq!(charges, ["6.66", "10.00"]);
    assert_eq!(
        store.order(order).unwrap().unwrap().status.as_str(),
        "closed"
    );
}

#[test]
fn convert_needs_committed_units_and_an_open_order() {
    let mut store = store();
    let c = config();
    let r = rules(&c);
    let order = seed_order(&mut store, &c, Payment::WhenReceived);
    let err = store
        .convert_to_invoice(order, "boss", &[], Money::ZERO, &r, &[])
        .unwrap_err();
    assert!(err.is_bad_input());
    assert!(
        err.to_string().contains("release backorders first"),
        "{err}"
    );
    let err = store
        .release_backorders(999, "boss", false, &[])
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::BadInput { field: "order", value, .. } if value == "999"),
        "{err}"
    );
    // Releasing with no stock is no error and changes nothing.
    assert!(
        store
            .release_backorders(order, "boss", false, &[])
            .unwrap()
            .is_empty()
    );
    store.void_order(order, CASH, "boss", &r, &[]).unwrap();
    let err = store
        .release_backorders(order, "boss", false, &[])
        .unwrap_err();
    assert!(err.to_string().contains("is void"), "{err}");
    assert_sound(&store);
}

#[test]
fn release_never_commits_more_than_available() {
    let mut store = store();
    let c = config();
    let order = seed_order(&mut store, &c, Payment::WhenReceived);
    let valve = product_id(&store, "VALVE");
    receive(&mut store, "VALVE", 1);
    let released = store.release_backorders(order, "boss", false, &[]).unwrap();
    assert_eq!(released[0].qty, 1);
    let o = store.order(order).unwrap().unwrap();
    assert_eq!((o.lines[0].committed, o.lines[0].backordered), (1, 1));
    let level = store.stock_level(valve, "MAIN").unwrap();
    assert_eq!(
        (level.on_hand, level.committed, level.available()),
        (1, 1, 0)
    );
    let audits: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'release' AND other_order = ?1",
            params![order],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audits, 1);
    assert_sound(&store);
}

#[test]
fn cancelling_a_prepaid_backorder_refunds_its_deposit() {
    let mut store = store();
    let c = config();
    let r = rules(&c);
    let order = seed_order(&mut store, &c, Payment::WhenInvoiced);
    let done = store
        .cancel_backorder(order, 1, None, CASH, "boss", &r, &[])
        .unwrap();
    assert_eq!(done.cancelled, 2);
    // Nothing more will come: the 2 delivered cost 20.00 alone, 1.66 more than the 18.34
    // charged, which the deposit pays; the other 15.00 of it goes back.
    assert_eq!(done.refund, money("15.00"));
    let refund = store
        .invoice(done.refund_invoice.unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(refund.kind.as_str(), "refund");
    assert_eq!(refund.order_number, Some(order));
    assert_eq!(
        (
            refund.goods,
            refund.deposit,
            refund.deposit_applied,
            refund.total
        ),
        (
            money("1.66"),
            -money("15.00"),
            money("1.66"),
            -money("15.00")
        )
    );
    assert_eq!(store.deposit_held(order).unwrap(), money("0.00"));
    assert_eq!(refund.tenders.len(), 1);
    assert_eq!(refund.tenders[0].kind, "cash");
    assert_eq!(refund.tenders[0].amount, -money("15.00"));
    let o = store.order(order).unwrap().unwrap();
    assert_eq!(o.status.as_str(), "closed");
    assert!(o.deposit.is_zero());
    assert_eq!((o.lines[0].cancelled, o.lines[0].backordered), (2, 0));
    // What was delivered is charged what 2 cost alone.
    assert_eq!(o.lines[0].charged, money("20.00"));
    assert!(store.deposits_report().unwrap().is_empty());
    assert_sound(&store);
}

#[test]
fn cancelling_part_of_a_prepaid_backorder_keeps_what_the_rest_will_cost() {
    let mut store = store();
    let c = config();
    let r = rules(&c);
    let order = seed_order(&mut store, &c, Payment::WhenInvoiced);
    // One of the two backordered units is cancelled: the remaining one will cost
    // C(3) − 18.34 = 6.66, so 16.66 − 6.66 = 10.00 goes back.
    let done = store
        .cancel_backorder(order, 1, Some(1), CASH, "boss", &r, &[])
        .unwrap();
    assert_eq!(done.refund, money("10.00"));
    assert_eq!(store.order(order).unwrap().unwrap().deposit, money("6.66"));
    assert_sound(&store);
    receive(&mut store, "VALVE", 1);
    store.release_backorders(order, "boss", false, &[]).unwrap();
    let preview = store.preview_convert(order, &r).unwrap();
    assert_eq!(preview.goods, money("6.66"));
    assert!(preview.due.is_zero());
    store
        .convert_to_invoice(order, "boss", &[], Money::ZERO, &r, &[])
        .unwrap();
    let o = store.order(order).unwrap().unwrap();
    assert_eq!(o.status.as_str(), "closed");
    // Three valves for T(3) = 25.00, as if bought alone.
    assert_eq!(o.lines[0].charged, money("25.00"));
    assert_sound(&store);

    let err = store
        .cancel_backorder(order, 1, None, CASH, "boss", &r, &[])
        .unwrap_err();
    assert!(err.is_bad_input());
}

#[test]
fn cancel_names_a_bad_line_or_quantity() {
    let mut store = store();
    let c = config();
    let r = rules(&c);
    let order = seed_order(&mut store, &c, Payment::WhenReceived);
    let err = store
        .cancel_backorder(order, 7, None, CASH, "boss", &r, &[])
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::BadInput { field: "line", value, .. } if value == "7"),
        "{err}"
    );
    let err = store
        .cancel_backorder(order, 1, Some(3), CASH, "boss", &r, &[])
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::BadInput { field: "qty", value, .. } if value == "3"),
        "{err}"
    );
    // Under pay when received nothing was prepaid: no refund document.
    let done = store
        .cancel_backorder(order, 1, None, CASH, "boss", &r, &[])
        .unwrap();
    assert!(done.refund.is_zero());
    assert_eq!(done.refund_invoice, None);
    assert_sound(&store);
}

#[test]
fn voiding_an_order_with_held_back_units_returns_them_to_available() {
    let mut store = store();
    let c = config();
    let r = rules(&c);
    let screw = product_id(&store, "SCREW");
    let done = ring(
        &mut store,
        &c,
        Some("C1"),
        &[("SCREW", 10, 4), ("TAPE", 2, 0)],
        Payment::WhenInvoiced,
    );
    let order = done.order.unwrap();
    let level = store.stock_level(screw, "MAIN").unwrap();
    assert_eq!(
        (level.on_hand, level.committed, level.available()),
        (94, 4, 90)
    );
    // 4 screws at 5.00 and 2 tapes at 1.00 prepaid.
    assert_eq!(store.order(order).unwrap().unwrap().deposit, money("22.00"));

    let voided = store.void_order(order, CASH, "boss", &r, &[]).unwrap();
    assert_eq!((voided.released, voided.cancelled), (4, 6));
    assert_eq!(voided.refund, money("22.00"));
    let level = store.stock_level(screw, "MAIN").unwrap();
    assert_eq!(
        (level.on_hand, level.committed, level.available()),
        (94, 0, 94)
    );
    let o = store.order(order).unwrap().unwrap();
    assert_eq!(o.status.as_str(), "void");
    assert!(o.deposit.is_zero());
    assert!(
        o.lines
            .iter()
            .all(|l| l.committed == 0 && l.backordered == 0)
    );
    let refund = store
        .invoice(voided.refund_invoice.unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(refund.total, -money("22.00"));
    assert_eq!(refund.lines.len(), 2);
    let audit: String = store
        .conn()
        .query_row(
            "SELECT detail FROM audit_log WHERE action = 'void_order'",
            params![],
            |r| r.get(0),
        )
        .unwrap();
    assert!(audit.contains("refunded 22.00"), "{audit}");
    assert_sound(&store);
}

#[test]
fn receipts_fill_the_oldest_order_first() {
    let mut store = store();
    let c = config();
    let tape = product_id(&store, "TAPE");
    let first = order_for(&mut store, &c, "C1", ("TAPE", 3, 0));
    let second = order_for(&mut store, &c, "C2", ("TAPE", 2, 0));
    receive(&mut store, "TAPE", 4);
    let waiting = store.waiting_for(tape, "MAIN").unwrap();
    let view: Vec<(i64, i64, i64)> = waiting
        .iter()
        .map(|w| (w.order, w.backordered, w.could_take))
        .collect();
    assert_eq!(view, [(first, 3, 3), (second, 2, 1)]);
    assert_eq!(waiting[0].customer, "Dunmore Plumbing");

    let filled = store.fill_waiting(tape, "MAIN", 100, "boss").unwrap();
    let view: Vec<(i64, i64)> = filled.iter().map(|f| (f.order, f.qty)).collect();
    assert_eq!(view, [(first, 3), (second, 1)]);
    let level = store.stock_level(tape, "MAIN").unwrap();
    assert_eq!((level.on_hand, level.committed), (4, 4));
    assert_sound(&store);
}

#[test]
fn a_fill_is_capped_by_the_quantity_asked_for() {
    let mut store = store();
    let c = config();
    let tape = product_id(&store, "TAPE");
    let order = order_for(&mut store, &c, "C1", ("TAPE", 3, 0));
    receive(&mut store, "TAPE", 5);
    let filled = store.fill_waiting(tape, "MAIN", 2, "boss").unwrap();
    assert_eq!(filled[0].qty, 2);
    let o = store.order(order).unwrap().unwrap();
    assert_eq!((o.lines[0].committed, o.lines[0].backordered), (2, 1));
    assert_sound(&store);
}

#[test]
fn the_due_date_breaks_a_tie_in_the_queue() {
    let mut store = store();
    let c = config();
    let tape = product_id(&store, "TAPE");
    let first = order_for(&mut store, &c, "C1", ("TAPE", 1, 0));
    let second = order_for(&mut store, &c, "C2", ("TAPE", 1, 0));
    store
        .conn()
        .execute(
            "UPDATE order_lines SET queued_at = '2025-01-01T09:00:00.000Z'",
            params![],
        )
        .unwrap();
    store
        .set_due(second, Some(&in_days(10)), "boss", &[])
        .unwrap();
    store
        .set_due(first, Some(&in_days(40)), "boss", &[])
        .unwrap();
    receive(&mut store, "TAPE", 1);
    let filled = store.fill_waiting(tape, "MAIN", 1, "boss").unwrap();
    assert_eq!(filled[0].order, second);
    assert_sound(&store);
}

#[test]
fn backorders_are_marked_fillable_here_or_elsewhere() {
    let mut store = store();
    let c = config();
    // TAPE: none anywhere. CONC: 30 at YARD only. VALVE: 2 more arrive here.
    let tape = order_for(&mut store, &c, "C1", ("TAPE", 2, 0));
    let conc = order_for(&mut store, &c, "C2", ("CONC", 5, 0));
    let valve = order_for(&mut store, &c, "C3", ("VALVE", 4, 0));
    receive(&mut store, "VALVE", 2);

    let all = store.orders(&OrderFilter::default()).unwrap();
    let marks: Vec<(i64, Vec<Fillable>)> = all
        .iter()
        .map(|o| (o.doc.number, o.fillable.clone()))
        .collect();
    assert_eq!(
        marks,
        [
            (tape, vec![Fillable::None]),
            (conc, vec![Fillable::Elsewhere]),
            (valve, vec![Fillable::Here]),
        ]
    );
    assert_eq!(
        store
            .fillable(product_id(&store, "CONC"), "MAIN", 5)
            .unwrap(),
        Fillable::Elsewhere
    );

    let ready = store
        .orders(&OrderFilter {
            status: StatusFilter::Ready,
            ..OrderFilter::default()
        })
        .unwrap();
    assert_eq!(
        ready.iter().map(|o| o.doc.number).collect::<Vec<_>>(),
        [valve]
    );

    // The VALVE order has 2 backordered; one more unit here is not enough for all of it.
    let held = ring(
        &mut store,
        &c,
        Some("C1"),
        &[("VALVE", 1, 0)],
        Payment::WhenReceived,
    );
    assert_eq!(held.order, None);
    let all = store.orders(&OrderFilter::default()).unwrap();
    assert_eq!(all[2].fillable, [Fillable::None]);
    assert_sound(&store);
}

#[test]
fn orders_filter_by_status_and_text_and_sort_by_due() {
    let mut store = store();
    let c = config();
    let r = rules(&c);
    let a = order_for(&mut store, &c, "C1", ("TAPE", 2, 0));
    let b = order_for(&mut store, &c, "C2", ("SCREW", 5, 2));
    let v = order_for(&mut store, &c, "C3", ("VALVE", 3, 0));
    store.void_order(v, CASH, "boss", &r, &[]).unwrap();
    let numbers = |store: &Store, status: StatusFilter, text: &str, sort: OrderSort| -> Vec<i64> {
        store
            .orders(&OrderFilter {
                status,
                text: text.into(),
                sort,
                limit: None,
            })
            .unwrap()
            .iter()
            .map(|o| o.doc.number)
            .collect()
    };
    let b_number = b.to_string();
    for (status, text, listed) in [
        (StatusFilter::All, "", vec![a, b]),
        (StatusFilter::Back, "", vec![a]),
        (StatusFilter::Ready, "", vec![b]),
        (StatusFilter::Void, "", vec![v]),
        (StatusFilter::Any, "", vec![a, b, v]),
        (StatusFilter::All, "walker", vec![b]),
        (StatusFilter::All, "c1", vec![a]),
        (StatusFilter::All, "tap", vec![a]),
        (StatusFilter::All, b_number.as_str(), vec![b]),
        (StatusFilter::All, "50%", vec![]),
    ] {
        assert_eq!(
            numbers(&store, status, text, OrderSort::Date),
            listed,
            "{status:?} {text:?}"
        );
    }

    let due = in_days(70);
    store.set_due(b, Some(&due), "boss", &[]).unwrap();
    assert_eq!(
        numbers(&store, StatusFilter::All, "", OrderSort::Due),
        [b, a]
    );
    assert_eq!(
        store.order(b).unwrap().unwrap().due.as_deref(),
        Some(due.as_str())
    );
    store.set_due(b, None, "boss", &[]).unwrap();
    assert_eq!(store.order(b).unwrap().unwrap().due, None);
    assert_eq!("back".parse::<StatusFilter>().unwrap(), StatusFilter::Back);
    assert!("later".parse::<StatusFilter>().unwrap_err().is_bad_input());
    assert_sound(&store);
}

#[test]
fn a_bad_due_date_is_bad_input_naming_the_value() {
    let mut store = store();
    let c = config();
    let order = seed_order(&mut store, &c, Payment::WhenReceived);
    for bad in [
        "2025-02-30",
        "2025-13-01",
        "tomorrow",
        "2025-1-01",
        "2023-02-29",
    ] {
        let err = store.set_due(order, Some(bad), "boss", &[]).unwrap_err();
        assert!(
            matches!(&err, StoreError::BadInput { field: "due date", value, .. } if value == bad),
            "{bad}: {err}"
        );
    }
    // A leap day is on the calendar (for an order taken early in 2024).
    store
        .conn()
        .execute(
            "UPDATE orders SET ordered_at = '2024-01-10T09:00:00.000Z' WHERE number = ?1",
            params![order],
        )
        .unwrap();
    store
        .set_due(order, Some("2024-02-29"), "boss", &[])
        .unwrap();
    assert_eq!(
        store.order(order).unwrap().unwrap().due.as_deref(),
        Some("2024-02-29")
    );
}

#[test]
fn a_due_date_falls_between_the_order_date_and_two_years_on() {
    let mut store = store();
    let c = config();
    let order = seed_order(&mut store, &c, Payment::WhenReceived);
    let (today, two_years) = (in_days(0), day_after_two_years(&in_days(0)));
    for bad in [in_days(-1), day_after(&two_years), "9999-12-31".to_string()] {
        let err = store.set_due(order, Some(&bad), "boss", &[]).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "due date = '{bad}': must be between {today} and {two_years} \
                 (the order's date and two years after it)"
            )
        );
        assert_eq!(store.order(order).unwrap().unwrap().due, None, "{bad}");
    }
    for good in [&today, &two_years] {
        store.set_due(order, Some(good), "boss", &[]).unwrap();
        assert_eq!(
            store.order(order).unwrap().unwrap().due.as_deref(),
            Some(good.as_str())
        );
    }
}

/// Two years after a `YYYY-MM-DD` day, as the calendar counts them.
fn day_after_two_years(day: &str) -> String {
    let d: jiff::civil::Date = day.parse().unwrap();
    d.checked_add(jiff::Span::new().years(2))
        .unwrap()
        .to_string()
}

fn day_after(day: &str) -> String {
    let d: jiff::civil::Date = day.parse().unwrap();
    d.tomorrow().unwrap().to_string()
}

#[test]
fn an_order_past_its_due_date_with_units_pending_is_overdue() {
    let mut store = store();
    let c = config();
    let late = order_for(&mut store, &c, "C1", ("TAPE", 2, 0));
    let on_time = order_for(&mut store, &c, "C2", ("TAPE", 1, 0));
    store
        .conn()
        .execute(
            "UPDATE orders SET ordered_at = ?1",
            params![format!("{}T09:00:00.000Z", in_days(-30))],
        )
        .unwrap();
    store
        .set_due(late, Some(&in_days(-1)), "boss", &[])
        .unwrap();
    store
        .set_due(on_time, Some(&in_days(0)), "boss", &[])
        .unwrap();
    let overdue = |store: &Store| -> Vec<(i64, bool)> {
        let all = store.orders(&OrderFilter::default()).unwrap();
        all.iter().map(|o| (o.doc.number, o.overdue)).collect()
    };
    assert_eq!(overdue(&store), [(late, true), (on_time, false)]);
    let one = store.order_in_process(late).unwrap().unwrap();
    assert!(one.overdue);
    let json = serde_json::to_value(&one).unwrap();
    assert_eq!(json["overdue"], true);
    assert_eq!(json["number"], late);

    // Nothing pending any more (the backorder cancelled): no longer overdue.
    store
        .cancel_backorder(late, 1, None, CASH, "boss", &rules(&c), &[])
        .unwrap();
    let closed = store.order_in_process(late).unwrap().unwrap();
    assert!(!closed.overdue, "{:?}", closed.doc.status);
}

#[test]
fn an_order_with_lines_of_both_kinds_shows_both() {
    let mut store = store();
    let c = config();
    // VALVE: 2 arrive here for the 2 backordered; CONC: only YARD has it.
    let order = ring(
        &mut store,
        &c,
        Some("C1"),
        &[("VALVE", 4, 0), ("CONC", 3, 0)],
        Payment::WhenReceived,
    )
    .order
    .unwrap();
    receive(&mut store, "VALVE", 2);
    let o = store.order_in_process(order).unwrap().unwrap();
    assert_eq!(o.fillable, [Fillable::Here, Fillable::Elsewhere]);
    assert_eq!(o.fillable_kinds(), [Fillable::Here, Fillable::Elsewhere]);
}

#[test]
fn a_transfer_from_the_yard_can_fill_a_waiting_order() {
    let mut store = store();
    let c = config();
    let r = rules(&c);
    let conc = product_id(&store, "CONC");
    let order = order_for(&mut store, &c, "C2", ("CONC", 5, 0));
    store.ensure_location("YARD").unwrap();
    store.transfer("CONC", 5, "YARD", "MAIN", "boss").unwrap();
    assert_eq!(store.stock_level(conc, "YARD").unwrap().on_hand, 25);
    assert_eq!(store.stock_level(conc, "MAIN").unwrap().on_hand, 5);
    let all = store.orders(&OrderFilter::default()).unwrap();
    assert_eq!(all[0].fillable, [Fillable::Here]);
    store.release_backorders(order, "boss", false, &[]).unwrap();
    let due = store.preview_convert(order, &r).unwrap().due;
    assert_eq!(due, money("30.00"));
    store
        .convert_to_invoice(
            order,
            "boss",
            &[(TenderKind::Account, due)],
            Money::ZERO,
            &r,
            &[],
        )
        .unwrap();
    assert_eq!(store.stock_level(conc, "MAIN").unwrap().on_hand, 0);
    let kinds: Vec<String> = {
        let mut stmt = store
            .conn()
            .prepare("SELECT kind FROM stock_movements WHERE product_id = ?1 ORDER BY id")
            .unwrap();
        stmt.query_map(params![conc], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(kinds, ["opening", "transfer_out", "transfer_in", "fill"]);
    // More than the yard has is refused.
    let err = store
        .transfer("CONC", 26, "YARD", "MAIN", "boss")
        .unwrap_err();
    assert!(err.is_bad_input());
    assert_sound(&store);
}

#[test]
fn prepaid_order_with_tax_included_prices_applies_the_deposit_exactly() {
    let mut store = store();
    let mut c = config();
    c.tax.prices_include_tax = true;
    c.tax
        .rates
        .insert("standard".into(), rust_decimal::Decimal::new(13, 0));
    let r = rules(&c);
    let order = seed_order(&mut store, &c, Payment::WhenInvoiced);
    assert_eq!(store.order(order).unwrap().unwrap().deposit, money("16.66"));
    let mut applied = Vec::new();
    for _ in 0..2 {
        receive(&mut store, "VALVE", 1);
        store.release_backorders(order, "boss", false, &[]).unwrap();
        let preview = store.preview_convert(order, &r).unwrap();
        assert!(preview.due.is_zero(), "{preview:?}");
        applied.push(preview.deposit_applied.to_string());
        store
            .convert_to_invoice(order, "boss", &[], Money::ZERO, &r, &[])
            .unwrap();
    }
    assert_eq!(applied, ["6.66", "10.00"]);
    // 10.00 × 13 / 113 = 1.15 contained in the last fill.
    let last = store.last_invoice_number().unwrap().unwrap();
    assert_eq!(store.invoice(last).unwrap().unwrap().tax, money("1.15"));
    assert_sound(&store);
}

/// The convert audit row of a final invoice.
fn convert_audit(store: &Store, invoice: i64) -> String {
    store
        .conn()
        .query_row(
            "SELECT detail FROM audit_log WHERE action = 'convert' AND reference = ?1",
            params![format!("invoice {invoice}")],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn only_the_final_invoice_that_delivers_the_last_unit_closes_the_order() {
    let mut store = store();
    let c = config();
    let r = rules(&c);
    let order = seed_order(&mut store, &c, Payment::WhenReceived);
    receive(&mut store, "VALVE", 1);
    store.release_backorders(order, "boss", false, &[]).unwrap();
    let first = store
        .convert_to_invoice(
            order,
            "boss",
            &[(TenderKind::Card, money("6.66"))],
            Money::ZERO,
            &r,
            &[],
        )
        .unwrap();
    assert_eq!(
        store.order(order).unwrap().unwrap().status.to_string(),
        "open"
    );
    assert!(!convert_audit(&store, first).contains("order closed"));
    receive(&mut store, "VALVE", 1);
    store.release_backorders(order, "boss", false, &[]).unwrap();
    let last = store
        .convert_to_invoice(
            order,
            "boss",
            &[(TenderKind::Card, money("10.00"))],
            Money::ZERO,
            &r,
            &[],
        )
        .unwrap();
    assert_eq!(
        store.order(order).unwrap().unwrap().status.to_string(),
        "closed"
    );
    assert!(
        convert_audit(&store, last).ends_with("; order closed"),
        "{}",
        convert_audit(&store, last)
    );
    // Only the invoice that left units pending names the order in its footer.
    let receipt = |store: &mut Store, invoice: i64| {
        ringup::present::receipt::invoice_receipt(store, invoice, 42, &c.store).unwrap()
    };
    let footer = format!("Backorders: customer order {order}");
    let text = receipt(&mut store, first);
    assert!(text.contains(&footer), "{text}");
    let text = receipt(&mut store, last);
    assert!(!text.contains("customer order"), "{text}");
    assert_sound(&store);
}

#[test]
fn the_override_list_follows_the_same_queue_as_the_fills() {
    let mut store = store();
    let c = config();
    receive(&mut store, "VALVE", 8);
    // Two orders holding valves back; the later one has a due date, the earlier none.
    let a = order_for(&mut store, &c, "C1", ("VALVE", 2, 2));
    let b = order_for(&mut store, &c, "C1", ("VALVE", 2, 2));
    store
        .conn()
        .execute(
            "UPDATE order_lines SET queued_at = '2026-01-01 09:00:00'",
            params![],
        )
        .unwrap();
    store.set_due(b, Some(&in_days(70)), "boss", &[]).unwrap();
    let id = product_id(&store, "VALVE");
    let holding: Vec<i64> = store
        .orders_holding(id, "MAIN")
        .unwrap()
        .iter()
        .map(|h| h.0)
        .collect();
    assert_eq!(holding, [b, a], "the due date breaks the tie, as for fills");
}

#[test]
fn receipts_and_transfers_name_their_user_in_the_ledger_and_the_audit() {
    let mut store = store();
    store
        .receive_and_fill(
            "TAPE",
            4,
            "MAIN",
            MovementKind::Receipt,
            "PO 7",
            "morgan",
            false,
        )
        .unwrap();
    store.ensure_location("YARD").unwrap();
    store.transfer("CONC", 2, "YARD", "MAIN", "casey").unwrap();
    let movers: Vec<(String, String, String)> = store
        .conn()
        .prepare(
            "SELECT kind, reference, user_name FROM stock_movements
             WHERE kind IN ('receipt', 'transfer_in', 'transfer_out') ORDER BY id",
        )
        .unwrap()
        .query_map(params![], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let movers: Vec<(&str, &str, &str)> = movers
        .iter()
        .map(|(k, r, u)| (k.as_str(), r.as_str(), u.as_str()))
        .collect();
    assert_eq!(
        movers,
        [
            ("receipt", "PO 7", "morgan"),
            ("transfer_out", "YARD->MAIN", "casey"),
            ("transfer_in", "YARD->MAIN", "casey")
        ]
    );
    let audited: Vec<(String, String, String)> = store
        .conn()
        .prepare("SELECT action, user_name, detail FROM audit_log ORDER BY id")
        .unwrap()
        .query_map(params![], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        audited,
        [
            (
                "receipt".to_string(),
                "morgan".to_string(),
                "receipt 4 of TAPE at MAIN".to_string()
            ),
            (
                "transfer".to_string(),
                "casey".to_string(),
                "moved 2 of CONC from YARD to MAIN".to_string()
            )
        ]
    );
    assert_sound(&store);
}

/// Three orders each waiting for one TAPE (none on hand), oldest first.
fn three_waiting_for_tape(store: &mut Store, c: &Config) -> [i64; 3] {
    [
        order_for(store, c, "C1", ("TAPE", 1, 0)),
        order_for(store, c, "C2", ("TAPE", 1, 0)),
        order_for(store, c, "C3", ("TAPE", 1, 0)),
    ]
}

fn committed_on(store: &Store, order: i64) -> i64 {
    store.order(order).unwrap().unwrap().committed()
}

#[test]
fn a_negative_correction_never_leaves_more_promised_than_on_hand() {
    let mut store = store();
    let c = config();
    let orders = three_waiting_for_tape(&mut store, &c);
    let filled = store
        .receive_and_fill("TAPE", 3, "MAIN", MovementKind::Receipt, "t", "boss", true)
        .unwrap();
    assert_eq!(filled.filled.len(), 3);
    let outcome = store
        .receive_and_fill(
            "TAPE",
            -2,
            "MAIN",
            MovementKind::Count,
            "shelf count",
            "boss",
            false,
        )
        .unwrap();
    assert_eq!((outcome.on_hand, outcome.committed), (1, 1));
    let back: Vec<i64> = outcome.unpromised.iter().map(|u| u.order).collect();
    assert_eq!(back, [orders[1], orders[2]], "the newest promises give way");
    assert_eq!(
        committed_on(&store, orders[0]),
        1,
        "the oldest keeps its unit"
    );
    assert_eq!(committed_on(&store, orders[1]), 0);
    assert_sound(&store);
}

#[test]
fn a_count_sets_on_hand_and_the_newest_promises_go_back_keeping_their_place() {
    let mut store = store();
    let c = config();
    let orders = three_waiting_for_tape(&mut store, &c);
    store
        .receive_and_fill("TAPE", 3, "MAIN", MovementKind::Receipt, "t", "boss", true)
        .unwrap();
    let outcome = store.count("TAPE", 2, "MAIN", "morgan").unwrap();
    assert_eq!(
        (outcome.before, outcome.on_hand, outcome.committed),
        (3, 2, 2)
    );
    assert_eq!(outcome.unpromised.len(), 1);
    assert_eq!(
        (outcome.unpromised[0].order, outcome.unpromised[0].qty),
        (orders[2], 1)
    );
    assert_sound(&store);
    // The next unit in goes back to the order that gave it up: its place was kept.
    let refill = store
        .receive_and_fill("TAPE", 1, "MAIN", MovementKind::Receipt, "t", "boss", true)
        .unwrap();
    assert_eq!(refill.filled[0].order, orders[2]);
    // Counting more than on hand changes no promise; a bad count is refused naming it.
    assert!(
        store
            .count("TAPE", 10, "MAIN", "morgan")
            .unwrap()
            .unpromised
            .is_empty()
    );
    let err = store.count("TAPE", -1, "MAIN", "morgan").unwrap_err();
    assert!(
        matches!(err, StoreError::BadInput { field: "QTY", .. }),
        "{err}"
    );
    let err = store.count("TAPE", 1, "ATTIC", "morgan").unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::BadInput {
                field: "location",
                ..
            }
        ),
        "{err}"
    );
    let audited: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action IN ('count', 'unpromise') AND user_name = 'morgan'",
            params![],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 3, "two counts and one promise taken back");
    assert_sound(&store);
}

#[test]
fn a_correction_below_none_on_hand_is_refused_and_writes_nothing() {
    let mut store = store();
    // TAPE: none on hand.
    let err = store
        .receive_and_fill(
            "TAPE",
            -2,
            "MAIN",
            MovementKind::Count,
            "shelf",
            "boss",
            false,
        )
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::BadInput { field: "qty", value, .. } if value == "-2"),
        "{err}"
    );
    assert!(err.to_string().contains("only 0 of TAPE on hand"), "{err}");
    let id = product_id(&store, "TAPE");
    assert_eq!(store.stock_level(id, "MAIN").unwrap().on_hand, 0);
    assert_sound(&store);
}

#[test]
fn the_list_reads_every_order_as_the_order_screen_does() {
    // Orders of several customers, lines of several products, deposits, a cancel, a void,
    // and stock at another location: the list, read in a few queries for all orders at
    // once, says of each order exactly what reading that order alone says.
    let mut store = store();
    let c = config();
    let r = rules(&c);
    ring(
        &mut store,
        &c,
        Some("C1"),
        &[("VALVE", 5, 0), ("TAPE", 2, 0)],
        Payment::WhenInvoiced,
    );
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
        Some("C3"),
        &[("SCREW", 10, 4), ("CONC", 2, 0)],
        Payment::WhenInvoiced,
    );
    ring(
        &mut store,
        &c,
        Some("C2"),
        &[("VALVE", 1, 0)],
        Payment::WhenReceived,
    );
    store
        .cancel_backorder(1, 2, Some(1), CASH, "boss", &r, &[])
        .unwrap();
    store.void_order(4, CASH, "boss", &r, &[]).unwrap();
    store.set_due(2, Some(&in_days(3)), "boss", &[]).unwrap();
    let listed = store
        .orders(&OrderFilter {
            status: StatusFilter::Any,
            ..OrderFilter::default()
        })
        .unwrap();
    assert_eq!(
        listed.iter().map(|o| o.doc.number).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );
    for order in &listed {
        let alone = store.order_in_process(order.doc.number).unwrap().unwrap();
        assert_eq!(order, &alone, "order {}", order.doc.number);
    }
    // CONC is stocked only at YARD: its line says so, the others do not.
    let third = &listed[2];
    assert_eq!(third.doc.lines.len(), 2);
    assert_eq!(third.fillable, [Fillable::None, Fillable::Elsewhere]);
    assert!(!listed[0].doc.deposit.is_zero());
    assert_sound(&store);
}

#[test]
fn a_limited_list_is_the_first_orders_in_its_sort_and_the_count_is_all_of_them() {
    let mut store = store();
    let c = config();
    for account in ["C1", "C2", "C3", "C1", "C2"] {
        ring(
            &mut store,
            &c,
            Some(account),
            &[("TAPE", 1, 0)],
            Payment::WhenReceived,
        );
    }
    let filter = |text: &str, limit| OrderFilter {
        status: StatusFilter::All,
        text: text.into(),
        limit,
        ..OrderFilter::default()
    };
    let numbers = |f: &OrderFilter| -> Vec<i64> {
        store
            .orders(f)
            .unwrap()
            .iter()
            .map(|o| o.doc.number)
            .collect()
    };
    assert_eq!(numbers(&filter("", Some(3))), [1, 2, 3]);
    assert_eq!(numbers(&filter("", None)), [1, 2, 3, 4, 5]);
    assert_eq!(store.order_page(&filter("", Some(3))).unwrap().matching, 5);
    // The filter narrows both: C1's orders are 1 and 4.
    assert_eq!(numbers(&filter("C1", Some(1))), [1]);
    assert_eq!(
        store.order_page(&filter("C1", Some(1))).unwrap().matching,
        2
    );
    assert_eq!(
        store.order_page(&filter("nobody", None)).unwrap().matching,
        0
    );
}

/// The numbers of the orders a filter lists, in its sort, at most `limit` of them, and how
/// many it matches in all.
fn page_of(
    store: &Store,
    status: StatusFilter,
    sort: OrderSort,
    limit: Option<usize>,
) -> (Vec<i64>, usize) {
    let page = store
        .order_page(&OrderFilter {
            status,
            sort,
            limit,
            ..OrderFilter::default()
        })
        .unwrap();
    let numbers = page.orders.iter().map(|o| o.doc.number).collect();
    (numbers, page.matching)
}

#[test]
fn not_told_lists_orders_with_units_ready_until_the_customer_is_told_of_them() {
    let mut store = store();
    // Order 1: 2 VALVE backordered; order 2: 3 TAPE backordered; order 3: 4 SCREW held back.
    common::ring_three_orders(&mut store);
    let not_told = |store: &Store| page_of(store, StatusFilter::NotTold, OrderSort::Date, None).0;
    assert_eq!(not_told(&store), [3]);
    // VALVE comes in and fills order 1: ready, and nobody told yet.
    receive(&mut store, "VALVE", 2);
    assert_eq!(
        not_told(&store),
        [3],
        "fillable is not ready to pick up yet"
    );
    let valve = product_id(&store, "VALVE");
    store.fill_waiting(valve, "MAIN", 2, "boss").unwrap();
    assert_eq!(not_told(&store), [1, 3]);
    // The page is cut in SQL, and the count is of every match.
    assert_eq!(
        page_of(&store, StatusFilter::NotTold, OrderSort::Date, Some(1)),
        (vec![1], 2)
    );
    store.notify_order(3, "phone", "boss").unwrap();
    assert_eq!(not_told(&store), [1]);
    let listed = store
        .orders(&OrderFilter {
            status: StatusFilter::NotTold,
            ..OrderFilter::default()
        })
        .unwrap();
    assert_eq!(listed[0].notified, None);
    assert!(listed[0].days_ready.is_some(), "{:?}", listed[0]);
    // Told or not, both are ready.
    assert_eq!(
        page_of(&store, StatusFilter::Ready, OrderSort::Date, None).0,
        [1, 3]
    );
    store.notify_order(1, "sms", "boss").unwrap();
    assert!(not_told(&store).is_empty());
    // A notice sent before the units became ready was about something else.
    store
        .conn()
        .execute(
            "UPDATE order_notices SET at = '2020-01-01T09:00:00.000Z' WHERE order_number = 1",
            params![],
        )
        .unwrap();
    assert_eq!(not_told(&store), [1]);
    assert_eq!(
        "not-told".parse::<StatusFilter>().unwrap(),
        StatusFilter::NotTold
    );
    assert_eq!(StatusFilter::NotTold.as_str(), "not told");
    assert_sound(&store);
}

#[test]
fn sorting_by_due_date_puts_the_soonest_first_and_orders_without_one_last() {
    let mut store = store();
    let c = config();
    // Four orders in date order: the first and third have no due date.
    let numbers: Vec<i64> = ["C1", "C2", "C3", "C1"]
        .into_iter()
        .map(|account| order_for(&mut store, &c, account, ("TAPE", 1, 0)))
        .collect();
    let [first, second, third, fourth] = numbers[..] else {
        unreachable!()
    };
    store
        .set_due(second, Some(&in_days(40)), "boss", &[])
        .unwrap();
    store
        .set_due(fourth, Some(&in_days(5)), "boss", &[])
        .unwrap();
    let by = |sort, limit| page_of(&store, StatusFilter::All, sort, limit);
    assert_eq!(by(OrderSort::Date, None).0, [first, second, third, fourth]);
    assert_eq!(by(OrderSort::Due, None).0, [fourth, second, first, third]);
    // The page is cut after the sort: the first two by due date, of the four.
    assert_eq!(by(OrderSort::Due, Some(2)), (vec![fourth, second], 4));
    // A status filter sorts the same way.
    assert_eq!(
        page_of(&store, StatusFilter::Back, OrderSort::Due, Some(3)),
        (vec![fourth, second, first], 4)
    );
    assert_eq!(OrderSort::Due.as_str(), "due date");
}
