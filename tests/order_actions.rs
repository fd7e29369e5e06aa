//! Order actions a manager can trust: cancel asks the quantity, cancel and void ask how the
//! money goes back (cash, card, on account) and print a refund slip, a release that passes
//! over older orders asks first and is audited as a queue jump, and wrong PINs in the
//! approval dialog lock that approval on this terminal only.

mod common;

use common::cli::Sandbox;
use common::screen::render;
use common::till::{MANAGER_PIN, Till, till, till_as};
use common::{config, load_catalog, money, receipt_text, ring, ring_three_orders, store};
use ratatui::crossterm::event::KeyCode;
use ringup::domain::sale::Payment;
use ringup::domain::tender::TenderKind;
use ringup::store::Store;
use ringup::store::params;
use ringup::store::stock::MovementKind;
use ringup::store::users::SignIn;

fn audit_count(store: &Store, action: &str) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = ?1",
            params![action],
            |r| r.get(0),
        )
        .unwrap()
}

fn invoices(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM invoices", params![], |r| r.get(0))
        .unwrap()
}

fn assert_checks(store: &Store) {
    let findings = store
        .check_with(
            config().order_rules().basis,
            ringup::store::check::Depth::Full,
        )
        .unwrap();
    assert!(findings.is_empty(), "{findings:?}");
}

// ---- store ----------------------------------------------------------------------------

/// Order 1 of the shared three: C1 prepaid 4 VALVE, 2 backordered, deposit 16.66.
fn three_orders() -> Store {
    let mut store = store();
    ring_three_orders(&mut store);
    store
}

#[test]
fn cancel_takes_only_the_quantity_asked_and_refunds_the_way_chosen() {
    let mut store = three_orders();
    let rules = config().order_rules();
    let c1 = store.require_customer("C1").unwrap().id;
    assert_eq!(store.account_balance(c1).unwrap(), money("0.00"));

    let preview = store.preview_cancel(1, 1, Some(1), &rules).unwrap();
    let done = store
        .cancel_backorder(
            1,
            1,
            Some(1),
            Some(TenderKind::Account),
            "boss",
            &rules,
            &[],
        )
        .unwrap();
    assert_eq!(done.cancelled, 1);
    assert_eq!(done.refund, preview);
    assert!(done.refund.is_positive());
    let line = &store.order(1).unwrap().unwrap().lines[0];
    assert_eq!((line.backordered, line.cancelled), (1, 1));
    let refund = store
        .invoice(done.refund_invoice.unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(refund.tenders.len(), 1);
    assert_eq!(refund.tenders[0].kind, "account");
    assert_eq!(refund.tenders[0].amount, -done.refund);
    // On account: what C1 owes goes down by the refund.
    assert_eq!(store.account_balance(c1).unwrap(), -done.refund);

    // The rest by card: the balance stays where it was.
    let rest = store
        .void_order(1, Some(TenderKind::Card), "boss", &rules, &[])
        .unwrap();
    // 10.00 for the first unit cancelled (the one left would complete the set); at the
    // void the 2 delivered cost 20.00 alone, 1.66 more than charged: 5.00 of 6.66 back.
    assert_eq!((done.refund, rest.refund), (money("10.00"), money("5.00")));
    let refund = store
        .invoice(rest.refund_invoice.unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(
        (refund.goods, refund.deposit_applied),
        (money("1.66"), money("1.66"))
    );
    assert_eq!(refund.tenders[0].kind, "card");
    assert_eq!(store.account_balance(c1).unwrap(), -done.refund);
    assert_checks(&store);
}

#[test]
fn money_going_back_needs_a_way_and_nothing_is_written_without_one() {
    let mut store = three_orders();
    let rules = config().order_rules();
    let before = invoices(&store);
    let err = store
        .cancel_backorder(1, 1, None, None, "boss", &rules, &[])
        .unwrap_err();
    assert!(err.to_string().contains("refund"), "{err}");
    assert!(err.to_string().contains("15.00"), "{err}");
    let err = store.void_order(1, None, "boss", &rules, &[]).unwrap_err();
    assert!(err.to_string().contains("15.00"), "{err}");
    assert_eq!(invoices(&store), before);
    assert_eq!(store.order(1).unwrap().unwrap().lines[0].backordered, 2);
    assert_eq!(audit_count(&store, "cancel_backorder"), 0);

    // Nothing going back (order 3 paid nothing in advance): no way needed.
    let done = store.void_order(3, None, "boss", &rules, &[]).unwrap();
    assert!(done.refund_invoice.is_none());
    assert_checks(&store);
}

/// Order 2 (C2, 3 TAPE) waits first; then order 4 (C1, 2 TAPE); 2 TAPE come in.
fn two_waiting_for_tape() -> Store {
    let mut store = three_orders();
    ring(
        &mut store,
        &config(),
        Some("C1"),
        &[("TAPE", 2, 0)],
        Payment::WhenReceived,
    );
    store
        .receive_and_fill(
            "TAPE",
            2,
            "MAIN",
            MovementKind::Receipt,
            "po 7",
            "boss",
            false,
        )
        .unwrap();
    store
}

#[test]
fn a_release_passing_over_an_older_order_is_refused_unless_asked_and_then_audited() {
    let mut store = two_waiting_for_tape();
    assert_eq!(store.queue_jump(4).unwrap(), vec![2]);
    let err = store.release_backorders(4, "boss", false, &[]).unwrap_err();
    assert!(err.to_string().contains('2'), "{err}");
    assert_eq!(store.order(4).unwrap().unwrap().lines[0].committed, 0);
    assert_eq!(audit_count(&store, "queue_jump"), 0);

    let released = store.release_backorders(4, "boss", true, &[]).unwrap();
    assert_eq!(released[0].qty, 2);
    let detail: String = store
        .conn()
        .query_row(
            "SELECT detail FROM audit_log WHERE action = 'queue_jump' AND other_order = 4",
            params![],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        detail.contains("order 4") && detail.contains('2'),
        "{detail}"
    );
    assert_checks(&store);
}

#[test]
fn the_oldest_order_or_enough_stock_releases_without_asking() {
    let mut store = two_waiting_for_tape();
    assert!(store.queue_jump(2).unwrap().is_empty());
    // 3 more come in: 5 cover both orders, so order 4 passes over no one.
    store
        .receive_and_fill(
            "TAPE",
            3,
            "MAIN",
            MovementKind::Receipt,
            "po 8",
            "boss",
            false,
        )
        .unwrap();
    assert!(store.queue_jump(4).unwrap().is_empty());
    store.release_backorders(4, "boss", false, &[]).unwrap();
    assert_eq!(audit_count(&store, "queue_jump"), 0);
}

// ---- screen ---------------------------------------------------------------------------

/// Dunmore Plumbing (C1) orders 4 VALVE with 2 on hand, paid when invoiced: a 16.66 deposit
/// for the two backordered.
fn prepaid_valve_order(t: &mut Till) {
    t.ring_order("Dunmore", "4*VALVE", "i");
    assert_eq!(t.order_lines(1), [(4, 2, 0, 2, 0)]);
}

#[test]
fn cancel_asks_the_quantity_and_cancels_only_that_many_on_account() {
    let mut t = till();
    prepaid_valve_order(&mut t);
    t.open_first_order();
    t.typed("c");
    assert!(t.top_title().starts_with("number: Cancel backorder"));
    // A scan-length number and 0 are refused, naming the field and what was typed.
    for typed in ["12345678", "0", "3"] {
        t.answer(typed);
        assert!(t.status_is_error(), "{typed}");
        assert!(
            t.status().contains("Units to cancel") && t.status().contains(typed),
            "{}",
            t.status()
        );
        assert!(t.top_title().starts_with("number: "));
    }
    let rules = config().order_rules();
    let back = t.store().preview_cancel(1, 1, Some(1), &rules).unwrap();
    assert!(back.is_positive() && back < money("16.66"), "{back}");
    t.answer("1");
    assert_eq!(t.top_title(), "Refund");
    t.typed("a");
    assert_eq!(t.top_title(), "confirm");
    t.typed("y");
    assert!(
        t.status().starts_with(&format!(
            "Cancelled 1 backordered unit(s); refund {back} on account on refund 2"
        )),
        "{}",
        t.status()
    );
    assert_eq!(t.order_lines(1), [(4, 2, 0, 1, 1)]);
    let refund = t.store().invoice(2).unwrap().unwrap();
    assert_eq!(refund.tenders[0].kind, "account");
    let c1 = t.store().require_customer("C1").unwrap().id;
    assert_eq!(t.store().account_balance(c1).unwrap(), -back);

    // The refund slip is printed with its number and amount.
    let slip = receipt_text(t.dir.path(), 2);
    assert!(slip.contains("Refund 2"), "{slip}");
    assert!(
        slip.lines()
            .any(|l| l.starts_with("Credited on account") && l.ends_with(&back.to_string())),
        "{slip}"
    );
    t.assert_invariants();
}

#[test]
fn esc_or_enter_on_the_way_back_keeps_the_order() {
    let mut t = till();
    prepaid_valve_order(&mut t);
    t.open_first_order();
    t.typed("v");
    assert_eq!(t.top_title(), "Refund");
    t.esc();
    assert_eq!(t.top_title(), "order 1");
    assert_eq!(t.status(), "Nothing given back: the order is kept");
    t.typed("v");
    t.typed("k");
    t.enter();
    assert_eq!(t.status(), "Order kept");
    assert_eq!(t.order_status(1), "open");
    assert_eq!(t.invoice_count(), 1);
}

#[test]
fn the_quantity_and_refund_dialogs_fit_80_by_24() {
    let mut t = till();
    prepaid_valve_order(&mut t);
    t.open_first_order();
    t.typed("c");
    let text = render(&t.app, 80, 24);
    assert!(
        text.contains("Cancel backorder: order 1 line 1 VALVE"),
        "{text}"
    );
    assert!(text.contains("Units to cancel"), "{text}");
    assert!(text.contains("A whole number from 1 to 2"), "{text}");
    t.enter();
    let text = render(&t.app, 80, 24);
    assert!(
        text.contains("15.00 goes back to the customer of order 1, paid in cash. How?"),
        "{text}"
    );
    for option in ["[c] Cash", "[k] Card", "[a] On account"] {
        assert!(text.contains(option), "{option}:\n{text}");
    }
    t.typed("k");
    let text = render(&t.app, 80, 24);
    assert!(text.contains("Cancel backorder: order 1 line 1"), "{text}");
    assert!(
        text.contains("Cancel 2 of VALVE, refund 15.00 to the card? y: yes · Enter: no"),
        "{text}"
    );
}

#[test]
fn a_queue_jump_on_screen_asks_first_and_no_keeps_the_queue() {
    let mut t = till();
    t.ring_order("Walker", "3*TAPE", "r");
    t.ring_order("Dunmore", "2*TAPE", "r");
    t.counter_mut()
        .store
        .receive_and_fill(
            "TAPE",
            2,
            "MAIN",
            MovementKind::Receipt,
            "po 7",
            "morgan",
            false,
        )
        .unwrap();
    t.f(7);
    t.key(KeyCode::Down);
    t.enter();
    assert_eq!(t.top_title(), "order 2");
    t.typed("r");
    assert_eq!(t.top_title(), "confirm");
    let text = render(&t.app, 80, 24);
    assert!(
        text.contains("Ahead of older order(s) 1? y: yes · Enter: no"),
        "{text}"
    );
    t.enter();
    assert_eq!(t.status(), "Nothing released: the queue is kept");
    assert_eq!(t.order_lines(2)[0].2, 0, "nothing committed");
    assert!(!t.audit_actions().iter().any(|(_, a)| a == "queue_jump"));

    t.typed("r");
    t.typed("y");
    assert_eq!(t.order_lines(2)[0].2, 2);
    assert!(
        t.audit_actions()
            .contains(&("morgan".to_string(), "queue_jump".to_string()))
    );
    t.assert_invariants();
}

#[test]
fn three_wrong_approval_pins_lock_the_approval_here_not_the_manager() {
    let mut t = till_as("casey");
    t.ring("4*VALVE");
    t.f(10);
    t.typed("f");
    t.typed("f");
    for _ in 0..3 {
        t.approve("morgan", "1111");
        assert_eq!(t.top_title(), "approval");
        // Back to the name, cleared, for the next try.
        t.key(KeyCode::Up);
        t.ctrl('u');
    }
    // Three refusals lock approvals here; even the right PIN waits for the lock.
    t.approve("morgan", MANAGER_PIN);
    assert!(
        t.status()
            .starts_with("Approvals are locked on this terminal")
            && t.status().contains("s (the manager can still sign in)"),
        "{}",
        t.status()
    );
    assert_eq!(t.top_title(), "approval");
    assert_eq!(t.count("SELECT count(*) FROM audit_log WHERE action = 'approval_failed' AND user_name = 'casey' AND reference = 'morgan'"), 4);
    assert_eq!(
        t.count("SELECT count(*) FROM audit_log WHERE action = 'sign_in_failed'"),
        0
    );
    // The manager's own sign-in was never counted.
    let signed = t
        .counter_mut()
        .store
        .sign_in("morgan", MANAGER_PIN)
        .unwrap();
    assert!(matches!(signed, SignIn::Ok(_)), "{signed:?}");
}

// ---- command line ---------------------------------------------------------------------

/// The three shared orders in a store on disk, plus order 4 (C1, 2 TAPE) behind order 2
/// for TAPE, and 2 TAPE received.
fn shop() -> Sandbox {
    let shop =
        Sandbox::with_config("[tax.rates]\nstandard = \"0\"\nreduced = \"0\"\nexempt = \"0\"\n")
            .with_db("shop.db");
    let mut store = shop.store();
    load_catalog(&mut store);
    ring_three_orders(&mut store);
    ring(
        &mut store,
        &config(),
        Some("C1"),
        &[("TAPE", 2, 0)],
        Payment::WhenReceived,
    );
    store
        .receive_and_fill(
            "TAPE",
            2,
            "MAIN",
            MovementKind::Receipt,
            "po 7",
            "boss",
            false,
        )
        .unwrap();
    shop
}

#[test]
fn cli_refund_missing_exits_2_and_writes_nothing() {
    let shop = shop();
    let store = shop.store();
    let before = invoices(&store);
    let rules = config().order_rules();
    let void_back = store.preview_void(1, &rules).unwrap();
    let cancel_back = store.preview_cancel(1, 1, Some(1), &rules).unwrap();
    drop(store);
    for (args, back) in [
        (&["order", "void", "1"][..], void_back),
        (
            &["order", "cancel", "1", "1", "--qty", "1"][..],
            cancel_back,
        ),
    ] {
        let run = shop.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("--refund"), "{}", run.stderr);
        assert!(
            run.stderr.contains(&format!(": {back} goes back")),
            "{}",
            run.stderr
        );
    }
    let store = shop.store();
    assert_eq!(invoices(&store), before);
    assert_eq!(store.order(1).unwrap().unwrap().lines[0].backordered, 2);

    let out = shop.ok(&[
        "order", "cancel", "1", "1", "--qty", "1", "--refund", "account",
    ]);
    assert!(out.contains("cancelled 1 backordered unit(s)"), "{out}");
    let slip_path = out
        .lines()
        .find_map(|l| l.strip_prefix("refund slip: "))
        .unwrap_or_else(|| panic!("{out}"));
    let slip = std::fs::read_to_string(slip_path).unwrap();
    let number = before + 1;
    assert!(slip.contains(&format!("Refund {number}")), "{slip}");
    assert!(
        out.contains(&format!("refunded {cancel_back} on refund {number}")),
        "{out}"
    );
    // Reprinted like any invoice document, as a refund.
    let shown = shop.ok(&["invoice", "show", &number.to_string()]);
    assert!(
        shown
            .lines()
            .nth(1)
            .unwrap()
            .starts_with(&format!("Refund {number}")),
        "{shown}"
    );
    assert!(shown.contains("Credited on account"), "{shown}");
    let doc = shop.json(&["invoice", "show", &number.to_string(), "--format", "json"]);
    assert_eq!(doc["tenders"][0]["kind"], "account");
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
}

#[test]
fn cli_queue_jump_needs_jump_queue_and_is_audited() {
    let shop = shop();
    let run = shop.run(&["order", "release", "4"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("older orders 2") && run.stderr.contains("--jump-queue"),
        "{}",
        run.stderr
    );
    let store = shop.store();
    assert_eq!(store.order(4).unwrap().unwrap().lines[0].committed, 0);
    assert_eq!(audit_count(&store, "queue_jump"), 0);
    drop(store);

    let out = shop.ok(&["order", "release", "4", "--jump-queue"]);
    assert!(out.contains("committed 2 of TAPE to order 4"), "{out}");
    let store = shop.store();
    assert_eq!(audit_count(&store, "queue_jump"), 1);
    // The oldest order needs no flag.
    drop(store);
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
}
